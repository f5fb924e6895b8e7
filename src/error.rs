//! Errors meant for people: which file, which line, which key, what was expected, and a hint.
//!
//! Every failure caused by user input (a config, a command-line argument, an output directory)
//! is an [`Error`] with [`ErrorKind::Input`] and exits with code 2; failures of the machine
//! (disk full, permission denied) and failed verifications exit with code 1. Nothing in negsim
//! panics on user input.

use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of failure this is; it decides the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad input from the user: exit code 2.
    Input,
    /// The environment failed (I/O): exit code 1.
    Io,
    /// The run was interrupted (Ctrl-C): exit code 130.
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

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self.kind {
            ErrorKind::Input => 2,
            ErrorKind::Io | ErrorKind::Failed => 1,
            ErrorKind::Interrupted => 130,
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
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Shorthand for an input error result.
pub fn bail<T>(message: impl Into<String>) -> Result<T> {
    Err(Error::input(message))
}
