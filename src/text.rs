//! Wording shared by the command line, the charts and the report.

/// A count with its noun in the right number: `1 cycle`, `50 cycles`.
pub fn counted(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(counted(1u32, "cycle", "cycles"), "1 cycle");
        assert_eq!(counted(0u32, "cycle", "cycles"), "0 cycles");
        assert_eq!(counted(7u64, "process", "processes"), "7 processes");
    }
}
