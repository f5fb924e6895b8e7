//! What Python passes as a config: a path to a TOML file, or a dict shaped like one.
//!
//! A dict is written out as TOML text and read like a file named `experiment.toml` in the
//! working directory, so that cases and cultures are found as they are for a file there; the
//! manifest keeps the text and says it was written from a dict (no such file holds it). Its errors carry the key; a file and line would point into
//! text the user never saw, so they are left out.

use negsim::error::Error;
use negsim::source::Source;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use std::path::{Path, PathBuf};

/// A config as Python gave it.
pub struct Config {
    /// The source, read from the file or written from the dict.
    pub source: Source,
    /// Whether it came from a dict (its errors then carry no file and line).
    pub from_dict: bool,
}

impl Config {
    /// Reads a path (`str` or `os.PathLike`) or writes a mapping out as TOML.
    pub fn from_py(value: &Bound<'_, PyAny>) -> Result<Config, ConfigProblem> {
        if let Ok(mapping) = value.cast::<PyDict>() {
            let table = table(mapping, "")?;
            let text = toml::to_string(&table).map_err(|e| ConfigProblem::Negsim {
                error: Error::input(format!("the dict cannot be written as TOML: {e}"))
                    .with_hint("use text for names, numbers, true/false, lists and dicts"),
                from_dict: true,
            })?;
            let path = std::env::current_dir()
                .unwrap_or_default()
                .join("experiment.toml");
            return Ok(Config {
                source: Source::written(path, text, "a Python dict"),
                from_dict: true,
            });
        }
        let path: PathBuf = value.extract().map_err(|_| ConfigProblem::Type {
            message: format!(
                "expected a path to a TOML file (str or os.PathLike) or a dict, got {}",
                type_name(value)
            ),
        })?;
        let source = Source::read(&path).map_err(|error| ConfigProblem::Negsim {
            error,
            from_dict: false,
        })?;
        Ok(Config {
            source,
            from_dict: false,
        })
    }

    /// The path errors in the config itself carry (cleared for a dict).
    pub fn own_path(&self) -> Option<&Path> {
        self.from_dict.then_some(self.source.path.as_path())
    }
}

/// Why a Python value is not a config.
pub enum ConfigProblem {
    /// Not a path or a dict at all: a `TypeError`.
    Type {
        /// What was expected and found.
        message: String,
    },
    /// A negsim error (a file not found, a value with no TOML form).
    Negsim {
        /// The error.
        error: Error,
        /// Whether the config was a dict.
        from_dict: bool,
    },
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an unknown type".into())
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// A dict as a TOML table. A dotted key nests, as it does in a TOML file
/// (`"norms.facilitator": True` is `norms = {facilitator = true}`), except directly under
/// `sweep`, whose keys are dotted paths into the scenario.
fn table(dict: &Bound<'_, PyDict>, at: &str) -> Result<toml::Table, ConfigProblem> {
    let mut table = toml::Table::new();
    for (key, value) in dict.iter() {
        let Ok(key) = key.extract::<String>() else {
            return Err(problem(
                at,
                format!("keys must be text, found {}", type_name(&key)),
                "write every key as a string, e.g. {\"deadline\": 30}",
            ));
        };
        let parts: Vec<&str> = if at == "sweep" {
            vec![key.as_str()]
        } else {
            key.split('.').collect()
        };
        let full = join(at, &key);
        let value = to_toml(&value, &full)?;
        insert(&mut table, &parts, value, at)?;
    }
    Ok(table)
}

fn insert(
    table: &mut toml::Table,
    parts: &[&str],
    value: toml::Value,
    at: &str,
) -> Result<(), ConfigProblem> {
    let (first, rest) = parts.split_first().expect("a key has at least one part");
    let here = join(at, first);
    if rest.is_empty() {
        return match (table.get_mut(*first), value) {
            (None, value) => {
                table.insert(first.to_string(), value);
                Ok(())
            }
            // `{"norms": {...}, "norms.facilitator": True}`: the two tables combine.
            (Some(toml::Value::Table(old)), toml::Value::Table(new)) => {
                for (k, v) in new {
                    insert(old, &[k.as_str()], v, &here)?;
                }
                Ok(())
            }
            (Some(_), _) => Err(problem(
                &here,
                "this key is given twice".into(),
                "give each key once (a dotted key such as \"norms.facilitator\" sets a key inside \"norms\")",
            )),
        };
    }
    let entry = table
        .entry(first.to_string())
        .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    match entry {
        toml::Value::Table(inner) => insert(inner, rest, value, &here),
        _ => Err(problem(
            &here,
            "this key holds a value, so it cannot hold keys too".into(),
            "give each key once (a dotted key such as \"norms.facilitator\" sets a key inside \"norms\")",
        )),
    }
}

fn to_toml(value: &Bound<'_, PyAny>, at: &str) -> Result<toml::Value, ConfigProblem> {
    if value.is_instance_of::<PyBool>() {
        return Ok(toml::Value::Boolean(value.extract().unwrap_or(false)));
    }
    if value.is_instance_of::<PyString>() {
        return Ok(toml::Value::String(value.extract().unwrap_or_default()));
    }
    if value.is_instance_of::<PyInt>() {
        return value
            .extract::<i64>()
            .map(toml::Value::Integer)
            .map_err(|_| {
                problem(
                    at,
                    format!("{value} is too large for a whole number in an experiment"),
                    "whole numbers go up to 9,223,372,036,854,775,807",
                )
            });
    }
    if value.is_instance_of::<PyFloat>() {
        return Ok(toml::Value::Float(value.extract().unwrap_or(f64::NAN)));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        return table(dict, at).map(toml::Value::Table);
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut array = Vec::new();
        for (i, item) in value.try_iter().into_iter().flatten().enumerate() {
            let item = item.map_err(|e| problem(at, e.to_string(), "use a list"))?;
            array.push(to_toml(&item, &join(at, &i.to_string()))?);
        }
        return Ok(toml::Value::Array(array));
    }
    if value.is_none() {
        return Err(problem(
            at,
            "None has no value in an experiment".into(),
            "leave the key out to use its default",
        ));
    }
    // Numbers of other libraries (numpy's int64 and float64 among them).
    if value.hasattr("__index__").unwrap_or(false)
        && let Ok(i) = value.extract::<i64>()
    {
        return Ok(toml::Value::Integer(i));
    }
    if value.hasattr("__float__").unwrap_or(false)
        && let Ok(x) = value
            .call_method0("__float__")
            .and_then(|f| f.extract::<f64>())
    {
        return Ok(toml::Value::Float(x));
    }
    Err(problem(
        at,
        format!(
            "a value of type {} cannot be written in an experiment",
            type_name(value)
        ),
        "use text, a number, True/False, a list or a dict",
    ))
}

fn problem(at: &str, message: String, hint: &str) -> ConfigProblem {
    let mut error = Error::input(message).with_hint(hint);
    if !at.is_empty() {
        error = error.at_key(at);
    }
    ConfigProblem::Negsim {
        error,
        from_dict: true,
    }
}
