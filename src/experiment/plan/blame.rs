//! Errors put where the experiment file set the key at fault: the sweep, the condition or the
//! base, with the sweep point named when it took part.

use super::toml_tree::{has_path, set_path};
use crate::error::Error;
use crate::experiment::file::{ExperimentFile, value_label};

/// Keys whose settings can contradict each other: an error on the first may be caused by the
/// second.
const CONFLICTING_KEYS: &[(&str, &str)] = &[
    ("agenda_order", "agenda"),
    ("norms.facilitator", "protocol"),
];

/// An error about two keys that contradict each other is put on the one a condition or a sweep
/// point varies, when the other comes from the base: that variation is what broke a base that
/// was fine on its own (e.g. a condition with `agenda = "package"` under a base with an
/// `agenda_order`).
pub(super) fn blame_the_variation(
    err: &mut Error,
    file: &ExperimentFile,
    condition: usize,
    point: &[(String, toml::Value)],
) {
    let Some(key) = err.key.clone() else { return };
    let varied = |k: &str| {
        point.iter().any(|(p, _)| p == k) || has_path(&file.conditions[condition].overrides, k)
    };
    for &(first, second) in CONFLICTING_KEYS {
        if key == first && !varied(first) && varied(second) {
            err.key = Some(second.to_string());
            err.message = format!("{} (`{first}` is set in [base])", err.message);
        }
    }
}

pub(super) fn key_set_in_experiment(
    file: &ExperimentFile,
    condition: usize,
    point: &[(String, toml::Value)],
    key: &str,
) -> bool {
    point
        .iter()
        .any(|(k, _)| key == k || key.starts_with(&format!("{k}.")))
        || has_path(&file.conditions[condition].overrides, key)
        || has_path(&file.base, key)
}

/// Puts a scenario error at the place in the experiment file that set the key: the sweep, the
/// condition or the base. A key the file did not write itself, such as a default filled into
/// a partial table (`group_size.max` next to a condition's `group_size.min`), is put where
/// its table was written; array indices (`traits[0]`) point at the array.
pub fn locate_scenario_error(
    mut err: Error,
    file: &ExperimentFile,
    condition: usize,
    point: &[(String, toml::Value)],
) -> Error {
    let key = err.key.clone().unwrap_or_default();
    let src = &file.source;
    let overrides = &file.conditions[condition].overrides;
    // The key as a table path, then its enclosing tables below the top level.
    let path: String = key
        .split('[')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once(']').map_or("", |p| p.1)
            }
        })
        .collect();
    let mut paths = vec![path.as_str()];
    while let Some((parent, _)) = paths[paths.len() - 1].rsplit_once('.')
        && parent.contains('.')
    {
        paths.push(parent);
    }
    let within = |a: &str, b: &str| a == b || a.starts_with(&format!("{b}."));
    let mut place = None;
    for (depth, p) in paths.into_iter().enumerate() {
        // The key itself was set by a sweep axis on it or on a table holding it; an enclosing
        // table also by an axis on another of its fields (a sibling of the key). A whole table
        // in error (`case_generator`) is never blamed on an axis on one of its fields.
        let swept = |k: &str| within(p, k) || (depth > 0 && within(k, p));
        if let Some((k, v)) = point.iter().find(|(k, _)| swept(k)) {
            place = Some(Setter::Sweep(k, v));
        } else if has_path(overrides, p) {
            place = Some(Setter::Condition(p));
        } else if has_path(&file.base, p) {
            place = Some(Setter::Base(p));
        }
        if place.is_some() {
            break;
        }
    }
    // A table that neither the condition nor the base writes was made by a sweep axis on
    // one of its fields (`stakeholders.<key>.openness` for a stakeholder the case lacks).
    let place = place.or_else(|| {
        point
            .iter()
            .find(|(k, _)| !path.is_empty() && within(k, &path))
            .map(|(k, v)| Setter::Sweep(k, v))
    });
    let place = place.unwrap_or(
        if file.conditions[condition].name != "base" && key.is_empty() {
            Setter::Condition("")
        } else {
            Setter::Base(&path)
        },
    );
    let (line, shown) = match place {
        Setter::Sweep(k, v) => {
            if let Some(told) = fractional_sweep(&err, file, k) {
                err.message = told.message;
                err.hint = told.hint;
            } else {
                err.message = format!("{} (sweep value {})", err.message, value_label(v));
            }
            (
                src.line_of(&format!("sweep.{k}"))
                    .or_else(|| src.line_of("sweep")),
                format!("sweep.{k}"),
            )
        }
        Setter::Condition(p) => {
            let name = &file.conditions[condition].name;
            err.message = format!("{} (in condition `{name}`)", err.message);
            (
                src.line_of(&format!("condition.{condition}.{p}"))
                    .or_else(|| src.line_of(&format!("condition.{condition}"))),
                key.clone(),
            )
        }
        Setter::Base(p) => (
            src.line_of(&format!("base.{p}"))
                .or_else(|| src.line_of("base")),
            format!("base.{key}"),
        ),
    };
    err.file = Some(src.path.clone());
    err.line = line;
    let shown = shown.trim_end_matches('.').to_string();
    err.key = (!shown.is_empty()).then_some(shown);
    err
}

/// A sweep of a key that counts whole units whose values have a decimal point: a range with a
/// fractional start, stop or step (`{ start = 10, stop = 20, step = 2.5 }`), whose values are
/// all written with a decimal point, so that serde's complaint about the first (`10.0`) names a
/// value the user never wrote. Told as what is wrong with the sweep instead.
fn fractional_sweep(err: &Error, file: &ExperimentFile, key: &str) -> Option<Error> {
    if !(err.message.starts_with("invalid type: floating point")
        && err.message.contains("expected a whole number"))
    {
        return None;
    }
    let axis = file.sweep.iter().find(|a| a.key == key)?;
    let values: Vec<f64> = axis
        .values
        .iter()
        .filter_map(toml::Value::as_float)
        .collect();
    let fractional: Vec<String> = values
        .iter()
        .filter(|v| v.fract() != 0.0)
        .map(|v| v.to_string())
        .collect();
    let leaf = crate::error::key_leaf(Some(key));
    let whole: Vec<String> =
        values
            .iter()
            .map(|v| v.round().to_string())
            .fold(Vec::new(), |mut kept, v| {
                if !kept.contains(&v) {
                    kept.push(v);
                }
                kept
            });
    let message = if fractional.is_empty() {
        format!("{leaf} counts whole units, and its sweep is written with decimal points")
    } else {
        format!(
            "{leaf} counts whole units, and its sweep has values that are not whole: {}",
            fractional.join(", ")
        )
    };
    Some(Error::input(message).with_hint(format!(
        "give the range a whole start, stop and step, or list the values: {leaf} = [{}]",
        whole.join(", ")
    )))
}

/// The part of an experiment file that set a scenario key, with the path found there.
enum Setter<'a> {
    /// A sweep axis and its value at the point.
    Sweep(&'a str, &'a toml::Value),
    /// The condition's overrides.
    Condition(&'a str),
    /// `[base]`.
    Base(&'a str),
}

/// The error for a name from a fixed list written as something other than text at `path`
/// (`agenda = 3`, which serde reports only as "invalid type: unit variant"): deserialising
/// again with empty text in its place makes serde list the names.
pub(super) fn name_choices<T: serde::de::DeserializeOwned>(
    resolved: &toml::Value,
    path: &str,
    message: &str,
) -> Option<Error> {
    if !message.contains("unit variant") || path.is_empty() {
        return None;
    }
    let found = path
        .split('.')
        .try_fold(resolved, |v, part| v.get(part))?
        .to_string();
    let mut copy = resolved.clone();
    set_path(
        copy.as_table_mut()?,
        path,
        toml::Value::String(String::new()),
    );
    let again = <T as serde::Deserialize>::deserialize(copy).err()?;
    crate::source::choices_error(again.message(), &found, Some(path))
}
