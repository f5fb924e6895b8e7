//! Errors meant for people: which file, which line, which key, what was expected, and a hint.
//!
//! Every failure caused by user input (a config, a command-line argument, an output directory)
//! is an [`Error`] with [`ErrorKind::Input`] and exits with code 2; failures of the machine
//! (disk full, permission denied) and failed verifications exit with code 1; a run stopped by a
//! signal exits with 128 + the signal's number. Nothing in negsim panics on user input.

use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of failure this is; it decides the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input from the user: exit code 2.
    Input,
    /// The environment failed (I/O): exit code 1.
    Io,
    /// The run was stopped by a signal (Ctrl-C, SIGTERM, SIGHUP): exit code 128 + the
    /// signal's number (130, 143, 129; see [`crate::stop`]).
    Interrupted,
    /// What the user asked to verify does not hold (a validation check failed): exit code 1.
    Failed,
}

/// A user-facing error.
#[derive(Clone, Debug)]
pub struct Error {
    /// Exit-code class.
    pub kind: ErrorKind,
    /// File the problem is in, if any.
    pub file: Option<PathBuf>,
    /// 1-based line in `file`, where known.
    pub line: Option<usize>,
    /// Dotted config key, where known (e.g. `stakeholders.works-council.openness`).
    pub key: Option<String>,
    /// What is wrong, and what was expected.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// What is wrong in a config file, in parts, for those who tell it in another language
    /// (boxed: errors travel in every `Result`, and most have none).
    pub fault: Option<Box<crate::fault::Fault>>,
}

/// Result with a negsim [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An input error with a message.
    pub fn input(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Input,
            file: None,
            line: None,
            key: None,
            message: message.into(),
            hint: None,
            fault: None,
        }
    }

    /// An I/O error on a path.
    pub fn io(path: &Path, err: &std::io::Error) -> Error {
        Error {
            kind: ErrorKind::Io,
            file: Some(path.to_path_buf()),
            line: None,
            key: None,
            message: err.to_string(),
            hint: None,
            fault: Some(Box::new(crate::fault::Fault::system(err))),
        }
    }

    /// The run was interrupted by the user.
    pub fn interrupted(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Interrupted,
            ..Error::input(message)
        }
    }

    /// A verification the user asked for failed.
    pub fn failed(message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Failed,
            ..Error::input(message)
        }
    }

    /// Sets the file.
    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Error {
        self.file = Some(file.into());
        self
    }

    /// Sets the file unless one is set already.
    pub fn or_file(mut self, file: &Path) -> Error {
        if self.file.is_none() {
            self.file = Some(file.to_path_buf());
        }
        self
    }

    /// Sets the line.
    pub fn at_line(mut self, line: Option<usize>) -> Error {
        if line.is_some() {
            self.line = line;
        }
        self
    }

    /// Sets the key.
    pub fn at_key(mut self, key: impl Into<String>) -> Error {
        self.key = Some(key.into());
        self
    }

    /// Prefixes the key with a parent path (`parent.key`).
    pub fn under(mut self, parent: &str) -> Error {
        self.key = Some(match self.key.take() {
            Some(k) if !parent.is_empty() => format!("{parent}.{k}"),
            Some(k) => k,
            None => parent.to_string(),
        });
        self
    }

    /// Sets the hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    /// Sets what is wrong, in parts.
    pub fn with_fault(mut self, fault: crate::fault::Fault) -> Error {
        self.fault = Some(Box::new(fault));
        self
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::Input => 2,
            ErrorKind::Io | ErrorKind::Failed => 1,
            ErrorKind::Interrupted => crate::stop::exit_code(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error")?;
        if let Some(file) = &self.file {
            write!(f, " in {}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ", line {line}")?;
            }
        }
        if let Some(key) = &self.key {
            write!(f, ", key `{key}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = self.hint_or_general() {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl Error {
    /// The error's hint, or else a general one read from the shape of its message (see
    /// [`general_hint`]).
    pub fn hint_or_general(&self) -> Option<String> {
        self.hint
            .clone()
            .or_else(|| general_hint(&self.message, self.key.as_deref()))
    }
}

/// The last part of a dotted key that names a key (not an array index), for examples such as
/// `deadline = 20`; "key" when there is none.
pub fn key_leaf(key: Option<&str>) -> &str {
    key.and_then(|k| k.rsplit('.').find(|p| p.parse::<usize>().is_err()))
        .unwrap_or("key")
}

/// A hint for an error that brought none, from the shape of its message: the slips people make
/// most in TOML files (a number in quotes, text without them, a percentage where a fraction
/// belongs) and the parser's own syntax errors. `key` is the dotted key, if known; examples
/// use its last part.
pub fn general_hint(message: &str, key: Option<&str>) -> Option<String> {
    let leaf = key_leaf(key);
    let expected = message.rsplit_once(", expected ").map(|(_, e)| e);
    let expects_number =
        expected.is_some_and(|e| e.starts_with("a whole number") || e == "a number");
    // The value a type error quotes: `5` or "five".
    let quoted = |prefix: &str| -> Option<&str> {
        let rest = message.strip_prefix(prefix)?;
        let close = if rest.starts_with('"') { '"' } else { '`' };
        let rest = rest.strip_prefix(close)?;
        rest.split_once(close).map(|(v, _)| v)
    };
    if let Some(value) = quoted("invalid type: string ") {
        let value = value.trim();
        if expects_number {
            return Some(if value.parse::<f64>().is_ok() {
                format!("write the number without quotes: {leaf} = {value}")
            } else {
                format!("write the number in digits, without quotes, for example: {leaf} = 10")
            });
        }
        if expected == Some("true or false") {
            return Some(format!(
                "write true or false without quotes: {leaf} = false"
            ));
        }
    }
    if message.starts_with("the number ") && message.contains(" is too large") {
        return Some(match leaf {
            "seed" => format!("a seed is a whole number from 0 to {}", i64::MAX),
            "replications" => "use fewer replications: an experiment has at most 10000000000 processes (cells x replications)".into(),
            _ => format!("write a smaller whole number for {leaf}"),
        });
    }
    if let Some(value) = quoted("invalid type: floating point ")
        && expected.is_some_and(|e| e.starts_with("a whole number"))
        && let Ok(v) = value.parse::<f64>()
    {
        if !v.is_finite() || v < 0.0 {
            return Some(format!(
                "{leaf} counts whole units: write a whole number, for example {leaf} = 10"
            ));
        }
        if v.fract() == 0.0 {
            return Some(format!(
                "{leaf} counts whole units: write {leaf} = {v}, without a decimal point"
            ));
        }
        return Some(format!(
            "{leaf} counts whole units: write {leaf} = {} or {leaf} = {}",
            v.floor().max(0.0),
            v.ceil().max(1.0)
        ));
    }
    if message.starts_with("invalid value: integer `-") && expects_number {
        return Some(format!(
            "{leaf} cannot be negative: write a whole number without a minus sign"
        ));
    }
    if message.starts_with("invalid type: ") && expected == Some("a string") {
        let value = ["integer ", "floating point ", "boolean "]
            .iter()
            .find_map(|t| quoted(&format!("invalid type: {t}")))
            .unwrap_or("...");
        return Some(format!("text goes in double quotes: {leaf} = \"{value}\""));
    }
    if expected == Some("a table of keys and values") {
        return Some(format!(
            "{leaf} holds keys of its own: write a [{}] header with key = value lines under it, or {leaf} = {{ key = value, ... }}",
            key.unwrap_or(leaf)
        ));
    }
    if let Some((_, found)) = message.split_once("must be between 0 and 1, found ")
        && let Ok(v) = found.trim().parse::<f64>()
    {
        // 40 reads as a percentage; 2 or 4 more likely as a point on a scale of 1 to 5.
        return Some(if (10.0..=100.0).contains(&v) {
            let fraction = (v / 100.0 * 1e6).round() / 1e6;
            format!("fractions run from 0 to 1: {v}% is written {fraction}")
        } else {
            "0 means none and 1 the most; 0.5 lies in the middle".into()
        });
    }
    // The TOML parser's syntax errors.
    if let Some(slip) = crate::fault::Slip::of(message) {
        return Some(slip.hint().to_string());
    }
    // A number expected and something else found (true, a list, a table).
    (message.starts_with("invalid type: ") && expects_number)
        .then(|| format!("write a number, for example: {leaf} = 10"))
}

impl std::error::Error for Error {}

/// The nearest of `candidates` to `word` by edit distance, if reasonably close: the "did you
/// mean" of an error's hint. Close is at most two edits (a third of a long candidate), and
/// fewer than the shorter of the two has characters: "OR" is two edits from "it", but that
/// is another word, not a slip.
///
/// A word that is the start of exactly one candidate, up to a `_` or `-` (`alternating` for
/// `alternating_offers`, `works` for `works-council`), is that candidate too: a name cut short
/// is a slip as common as a typo.
pub fn nearest<'a>(word: &str, candidates: &'a [String]) -> Option<&'a str> {
    let length = word.chars().count();
    let close = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3) && *d < length.min(c.chars().count()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str());
    close.or_else(|| {
        let mut started = candidates.iter().filter(|c| {
            length >= 3
                && c.strip_prefix(word)
                    .is_some_and(|rest| rest.starts_with(['_', '-']))
        });
        match (started.next(), started.next()) {
            (Some(only), None) => Some(only.as_str()),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(message: &str, key: &str) -> Option<String> {
        general_hint(message, Some(key))
    }

    #[test]
    fn type_slips_get_the_line_that_fixes_them() {
        let number = "expected a whole number of 0 or more";
        assert_eq!(
            hint(
                &format!("invalid type: string \"12\", {number}"),
                "experiment.seed"
            )
            .unwrap(),
            "write the number without quotes: seed = 12"
        );
        assert!(
            hint(
                &format!("invalid type: string \"ten\", {number}"),
                "experiment.seed"
            )
            .unwrap()
            .contains("in digits")
        );
        assert_eq!(
            hint(
                &format!("invalid type: floating point `0.4`, {number}"),
                "base.deadline"
            )
            .unwrap(),
            "deadline counts whole units: write deadline = 0 or deadline = 1"
        );
        assert_eq!(
            hint(
                "invalid type: boolean `true`, expected a string",
                "experiment.name"
            )
            .unwrap(),
            "text goes in double quotes: name = \"true\""
        );
        assert!(
            hint(
                &format!("invalid value: integer `-3`, {number}"),
                "experiment.seed"
            )
            .unwrap()
            .contains("cannot be negative")
        );
    }

    #[test]
    fn range_slips_read_percentages_as_fractions() {
        assert_eq!(
            hint("turnover must be between 0 and 1, found 33.3", "turnover").unwrap(),
            "fractions run from 0 to 1: 33.3% is written 0.333"
        );
        assert!(
            hint(
                "a trait mean must be between 0 and 1, found 1.7",
                "openness.mean"
            )
            .unwrap()
            .starts_with("0 means none")
        );
    }

    #[test]
    fn a_name_cut_short_is_its_one_longer_name() {
        let names: Vec<String> = ["mindset", "alternating_offers", "works-council", "work"]
            .map(String::from)
            .to_vec();
        assert_eq!(nearest("alternating", &names), Some("alternating_offers"));
        assert_eq!(nearest("mindste", &names), Some("mindset"));
        // `work` is a name of its own, and the start of another at once.
        assert_eq!(nearest("works", &names), Some("work"));
        let two: Vec<String> = ["works-council", "works-floor"].map(String::from).to_vec();
        assert_eq!(nearest("works", &two), None);
        assert_eq!(nearest("wo", &names), None);
    }

    #[test]
    fn an_explicit_hint_wins_and_unknown_shapes_get_none() {
        let e = Error::input("turnover must be between 0 and 1, found 15").with_hint("mine");
        assert_eq!(e.hint_or_general().as_deref(), Some("mine"));
        assert_eq!(general_hint("something else went wrong", None), None);
    }
}
