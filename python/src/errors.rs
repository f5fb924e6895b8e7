//! negsim's errors as Python exceptions (`negsim.errors`): bad input is a `ConfigError`, a
//! failure to read or write files an `OutputError`, each carrying the file, line, key and
//! hint as attributes; an interrupted run is a `KeyboardInterrupt`.

use crate::config::ConfigProblem;
use negsim::error::{Error, ErrorKind};
use pyo3::exceptions::{PyKeyboardInterrupt, PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::Path;

/// Command-line options named in negsim's keys, messages and hints: the Python parameter each
/// one is as a key, and as words in a message ("add --force" is "add force=True").
const PARAMETERS: &[(&str, &str, &str)] = &[
    ("--threads", "threads", "threads"),
    ("--out", "out", "out=..."),
    ("--seed", "seed", "seed"),
    ("--force", "force", "force=True"),
    ("--resume", "resume", "resume=True"),
    ("--culture", "culture", "culture"),
    ("--compare", "culture", "culture"),
    ("--lang", "lang", "lang"),
    ("--deadline", "deadline", "deadline"),
    ("--replay", "replay", "replay"),
    ("--fork-at", "fork_at", "fork_at"),
    ("--set", "set", "set"),
    ("--gif", "gif", "gif"),
];

/// A message or hint in the words of the Python API: each option outside backticks becomes
/// its parameter. What is quoted in backticks (a whole `negsim plot DIR` command) reads as a
/// command and stays as it is.
fn pythonic(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quoted = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            quoted = !quoted;
        }
        if !quoted && rest.starts_with("--") {
            let name_end = rest[2..]
                .find(|c: char| !(c.is_ascii_lowercase() || c == '-'))
                .map_or(rest.len(), |i| i + 2);
            if let Some((_, _, words)) = PARAMETERS.iter().find(|(f, ..)| *f == &rest[..name_end]) {
                out.push_str(words);
                rest = &rest[name_end..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The exception for a negsim error. `own_path` is the path of a config given as a dict:
/// errors in it carry the key, but no file and line.
pub fn to_py(py: Python<'_>, error: Error, own_path: Option<&Path>) -> PyErr {
    match build(py, error, own_path) {
        Ok(err) => err,
        Err(err) => err,
    }
}

fn build(py: Python<'_>, error: Error, own_path: Option<&Path>) -> PyResult<PyErr> {
    let class = match error.kind {
        ErrorKind::Input => "ConfigError",
        ErrorKind::Io => "OutputError",
        ErrorKind::Failed => "NegsimError",
        ErrorKind::Interrupted => {
            return Ok(PyKeyboardInterrupt::new_err(error.message));
        }
    };
    let hint = error.hint_or_general().map(|h| pythonic(&h));
    let in_own_config = own_path.is_some() && error.file.as_deref() == own_path;
    let (file, line) = if in_own_config {
        (None, None)
    } else {
        (
            error.file.as_ref().map(|f| f.display().to_string()),
            error.line,
        )
    };
    let key = error.key.map(|k| {
        PARAMETERS
            .iter()
            .find(|(flag, ..)| *flag == k)
            .map_or(k, |(_, parameter, _)| parameter.to_string())
    });
    let kwargs = PyDict::new(py);
    kwargs.set_item("file", file)?;
    kwargs.set_item("line", line)?;
    kwargs.set_item("key", key)?;
    kwargs.set_item("hint", hint)?;
    let exception = py
        .import("negsim.errors")?
        .getattr(class)?
        .call((pythonic(&error.message),), Some(&kwargs))?;
    Ok(PyErr::from_value(exception))
}

/// The exception for a value that is not a config.
pub fn config_problem(py: Python<'_>, problem: ConfigProblem) -> PyErr {
    match problem {
        ConfigProblem::Type { message } => PyTypeError::new_err(message),
        ConfigProblem::Negsim { error, from_dict } => {
            // A problem found while writing the dict out carries only its key.
            let own = from_dict.then(|| error.file.clone()).flatten();
            to_py(py, error, own.as_deref())
        }
    }
}

/// The exception for a panic in negsim (a bug: negsim does not panic on any input).
pub fn panicked(payload: Box<dyn std::any::Any + Send>) -> PyErr {
    // A strategy's failure that no runner caught (at a demonstration's table): the
    // strategy's, not negsim's.
    if let Some(failure) = negsim::protocol::strategy::failure_of(payload.as_ref()) {
        return PyRuntimeError::new_err(format!("negsim stopped: {failure}"));
    }
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into());
    PyRuntimeError::new_err(format!(
        "negsim stopped on an internal error (please report it): {what}"
    ))
}
