//! Names and keys people give in config files (conditions, cases, cultures, stakeholders,
//! issues, options) end up as text in the CSV files, which spreadsheets open. A cell that
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read by Excel, LibreOffice
//! and Google Sheets as a formula (OWASP: CSV injection), so `=HYPERLINK(...)` as a
//! condition name would run when the results are opened. Such names are refused where they
//! are written, rather than changed behind the user's back in the output.

use crate::error::{Error, Result};
use crate::fault::{Fault, NameProblem, Named};

/// The characters a spreadsheet reads as the start of a formula.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Refuses an empty name, or one a spreadsheet would run as a formula; `what` names it
/// ("a condition name", "stakeholder key").
pub fn check_name(name: &str, what: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::input(format!("{what} must not be empty"))
            .with_hint("give a short name such as \"collaborative\""));
    }
    if let Some(first) = name.chars().next().filter(|c| FORMULA_STARTS.contains(c)) {
        let shown = match first {
            '\t' => "a tab".to_string(),
            '\r' => "a carriage return".to_string(),
            c => format!("`{c}`"),
        };
        return Err(Error::input(format!(
            "{what} `{}` starts with {shown}, which a spreadsheet opening the CSV files would run as a formula",
            name.escape_debug()
        ))
        .with_hint("start the name with a letter or a digit"));
    }
    Ok(())
}

/// The fault, in parts, of a name [`check_name`] refuses: empty, or starting as a formula.
pub fn refused(named: Named, name: &str) -> Fault {
    let problem = match name.chars().next() {
        Some(first) if !name.trim().is_empty() => NameProblem::Formula(first),
        _ => NameProblem::Empty,
    };
    Fault::BadName {
        named,
        name: name.to_string(),
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_and_empty_names_are_refused() {
        for bad in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let e = check_name(bad, "a condition name").unwrap_err();
            assert!(e.message.contains("as a formula"), "{bad}: {e}");
        }
        for bad in ["", "  "] {
            assert!(check_name(bad, "a culture name").is_err());
        }
        for good in ["collaborative", "2x2", "works-council", "a=b", "x-1"] {
            assert!(check_name(good, "a name").is_ok(), "{good}");
        }
    }
}
