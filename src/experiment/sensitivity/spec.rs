//! The `[sensitivity]` section of an experiment file: which scenario keys vary over which
//! ranges, by which method, and which outputs are analysed.
//!
//! ```toml
//! [sensitivity]
//! method = "sobol"        # or "morris"
//! samples = 256           # sobol: rows of the Saltelli design (a power of 2)
//! # trajectories = 20     # morris: trajectories
//! # levels = 4            # morris: grid levels (even)
//! bootstrap = 1000        # resamples for the 95% intervals
//!
//! [sensitivity.parameters]
//! "parameters.stress_rate" = [0.05, 0.2]
//! deadline = [10, 60]
//! # a key for one condition only, under a name of its own:
//! "positional openness" = { key = "traits.openness.mean", range = [0.1, 0.4], condition = "positional" }
//!
//! [[sensitivity.output]]
//! metric = "joint_utility"
//! contrast = ["collaborative", "positional"]   # or: condition = "positional"
//! ```
//!
//! This module checks the section's shape against the file alone (names, numbers, ranges,
//! conditions); whether a key names a number of the scenario, and whether every value of its
//! range makes a valid scenario, is checked with the scenario in
//! [`super::design::SensitivityPlan::build`].

use crate::error::nearest;
use crate::error::{Error, Result};
use crate::experiment::file::ExperimentFile;
use crate::record::columns::PROCESS_METRICS;
use crate::source::Source;
use indexmap::IndexMap;
use serde::Deserialize;

/// Most parameters of a Sobol' analysis: the design draws `2k` dimensions of a Sobol'
/// sequence, which has direction numbers for 64.
pub const MAX_SOBOL_PARAMETERS: usize = super::sequence::MAX_DIMENSIONS / 2;

/// Most parameters of a Morris screening.
pub const MAX_MORRIS_PARAMETERS: usize = 1000;

/// Most rows of a Sobol' design, trajectories of a Morris design and bootstrap resamples.
pub const MAX_SAMPLES: u64 = 1 << 20;

/// Default number of bootstrap resamples (SALib's default too).
pub const DEFAULT_BOOTSTRAP: usize = 1000;

/// Default Morris grid levels (SALib's default too).
pub const DEFAULT_LEVELS: u32 = 4;

/// How the parameter space is sampled and the indices estimated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Morris elementary effects: `trajectories * (k + 1)` points.
    Morris {
        /// Trajectories (r).
        trajectories: usize,
        /// Grid levels (p), even.
        levels: u32,
    },
    /// Sobol' indices from a Saltelli design: `samples * (k + 2)` points.
    Sobol {
        /// Rows of the matrices A and B (N), a power of 2.
        samples: usize,
    },
}

impl Method {
    /// The name written in the file and the outputs.
    pub fn key(self) -> &'static str {
        match self {
            Method::Morris { .. } => "morris",
            Method::Sobol { .. } => "sobol",
        }
    }

    /// Points of the design for `k` parameters.
    pub fn points(self, k: usize) -> u64 {
        match self {
            Method::Morris { trajectories, .. } => trajectories as u64 * (k as u64 + 1),
            Method::Sobol { samples } => samples as u64 * (k as u64 + 2),
        }
    }
}

/// One parameter: a scenario key and its range.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    /// Its name in the outputs: the key, or the name it was given.
    pub name: String,
    /// The dotted scenario key it sets.
    pub key: String,
    /// Lowest value.
    pub low: f64,
    /// Highest value.
    pub high: f64,
    /// The condition it applies to (index), or every condition.
    pub condition: Option<usize>,
    /// Where it is written: `sensitivity.parameters.NAME`, for the line of errors.
    pub at: String,
    /// The name as the file writes it, for errors ([`shown_key`]).
    pub written: String,
}

/// What an output is measured on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Measure {
    /// The metric's mean in one condition.
    Condition(usize),
    /// The mean difference between two conditions (first minus second), replication by
    /// replication (they share their random streams).
    Contrast(usize, usize),
}

/// One output: a metric of `processes.csv`, in a condition or as a contrast.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// Its name in the outputs.
    pub name: String,
    /// The metric (a column of `processes.csv`).
    pub metric: String,
    /// Where it is measured.
    pub measure: Measure,
}

/// A parsed `[sensitivity]` section.
#[derive(Clone, Debug, PartialEq)]
pub struct SensitivitySpec {
    /// The method.
    pub method: Method,
    /// The parameters, in file order.
    pub parameters: Vec<Parameter>,
    /// The outputs, in file order.
    pub outputs: Vec<Output>,
    /// Bootstrap resamples for the intervals.
    pub bootstrap: usize,
}

/// The section as serde reads it; the parameters are read by hand, so that each form gets an
/// error of its own.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    method: Option<MethodName>,
    samples: Option<u64>,
    trajectories: Option<u64>,
    levels: Option<u32>,
    bootstrap: Option<u64>,
    #[serde(default)]
    parameters: IndexMap<String, toml::Value>,
    #[serde(default, alias = "outputs")]
    output: Vec<RawOutput>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum MethodName {
    Morris,
    Sobol,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    metric: String,
    name: Option<String>,
    condition: Option<String>,
    contrast: Option<[String; 2]>,
}

/// The file read for its `[sensitivity]` section alone (every other key is read elsewhere), so
/// that serde's errors carry the section's lines.
#[derive(Deserialize)]
struct SectionOnly {
    sensitivity: RawSection,
}

/// Metrics an output may name: the numeric and boolean columns of `processes.csv` that the
/// statistics summarise.
pub fn metrics() -> Vec<String> {
    PROCESS_METRICS
        .numeric
        .iter()
        .chain(PROCESS_METRICS.rates)
        .map(|m| m.name.to_string())
        .collect()
}

impl SensitivitySpec {
    /// Reads the `[sensitivity]` section of an experiment file; `None` if it has none.
    pub fn of(file: &ExperimentFile) -> Result<Option<SensitivitySpec>> {
        if file.sensitivity.is_none() {
            return Ok(None);
        }
        let raw: SectionOnly = file.source.parse()?;
        let names: Vec<String> = file.conditions.iter().map(|c| c.name.clone()).collect();
        parse(&file.source, raw.sensitivity, &names).map(Some)
    }
}

fn parse(source: &Source, raw: RawSection, conditions: &[String]) -> Result<SensitivitySpec> {
    let at = |key: &str| source.error_at(&format!("sensitivity.{key}"), String::new());
    let err = |key: &str, message: String| {
        let mut e = at(key);
        e.message = message;
        if e.line.is_none() {
            e.line = source.line_of("sensitivity");
        }
        e
    };
    let Some(method) = raw.method else {
        return Err(err("method", "the [sensitivity] section names no method".into())
            .with_hint("add method = \"morris\" (screening, few runs) or method = \"sobol\" (variance shares, more runs)"));
    };
    let count = |key: &str, value: Option<u64>, min: u64| -> Result<Option<usize>> {
        match value {
            None => Ok(None),
            Some(v) if v < min || v > MAX_SAMPLES => Err(err(
                key,
                format!("`{key}` must be between {min} and {MAX_SAMPLES}, found {v}"),
            )),
            Some(v) => Ok(Some(v as usize)),
        }
    };
    let method = match method {
        MethodName::Morris => {
            if raw.samples.is_some() {
                return Err(err(
                    "samples",
                    "`samples` sets the size of a Sobol' design; a Morris screening has trajectories".into(),
                )
                .with_hint("write trajectories = 20 (the number of trajectories, r), or method = \"sobol\""));
            }
            let Some(trajectories) = count("trajectories", raw.trajectories, 2)? else {
                return Err(
                    err("method", "a Morris screening needs `trajectories`".into()).with_hint(
                        "add trajectories = 20 under [sensitivity]: 10 to 50 are typical",
                    ),
                );
            };
            let levels = raw.levels.unwrap_or(DEFAULT_LEVELS);
            if levels < 2 || levels % 2 == 1 || levels > 1000 {
                return Err(err(
                    "levels",
                    format!("`levels` must be an even number from 2 to 1000, found {levels}"),
                )
                .with_hint("4 levels are usual (Morris 1991; SALib's default); an even number makes every level as likely"));
            }
            Method::Morris {
                trajectories,
                levels,
            }
        }
        MethodName::Sobol => {
            for key in ["trajectories", "levels"] {
                let given = match key {
                    "trajectories" => raw.trajectories.is_some(),
                    _ => raw.levels.is_some(),
                };
                if given {
                    return Err(err(
                        key,
                        format!("`{key}` belongs to a Morris screening; a Sobol' design has samples"),
                    )
                    .with_hint("write samples = 256 (rows of the design, a power of 2), or method = \"morris\""));
                }
            }
            let Some(samples) = count("samples", raw.samples, 2)? else {
                return Err(err("method", "a Sobol' analysis needs `samples`".into())
                    .with_hint("add samples = 256 under [sensitivity]: the rows N of the design, a power of 2; it runs N (k + 2) points"));
            };
            if !samples.is_power_of_two() {
                let below = 1usize << (usize::BITS - 1 - samples.leading_zeros());
                return Err(err(
                    "samples",
                    format!("`samples` must be a power of 2, found {samples}"),
                )
                .with_hint(format!(
                    "a Sobol' sequence is balanced at powers of 2: use {below} or {}",
                    below * 2
                )));
            }
            Method::Sobol { samples }
        }
    };
    let bootstrap = count("bootstrap", raw.bootstrap, 10)?.unwrap_or(DEFAULT_BOOTSTRAP);
    let parameters = parameters(source, raw.parameters, conditions, &err)?;
    let most = match method {
        Method::Morris { .. } => MAX_MORRIS_PARAMETERS,
        Method::Sobol { .. } => MAX_SOBOL_PARAMETERS,
    };
    if parameters.is_empty() {
        return Err(err("parameters", "the [sensitivity] section varies no parameter".into())
            .with_hint("add [sensitivity.parameters] with scenario keys and ranges, e.g. \"parameters.stress_rate\" = [0.05, 0.2]"));
    }
    if parameters.len() > most {
        return Err(err(
            "parameters",
            format!(
                "a {} analysis takes at most {most} parameters, found {}",
                method.key(),
                parameters.len()
            ),
        )
        .with_hint("screen many parameters with method = \"morris\" first, then study the important ones with sobol"));
    }
    let outputs = outputs(raw.output, conditions, &err)?;
    Ok(SensitivitySpec {
        method,
        parameters,
        outputs,
        bootstrap,
    })
}

fn parameters(
    source: &Source,
    raw: IndexMap<String, toml::Value>,
    conditions: &[String],
    err: &dyn Fn(&str, String) -> Error,
) -> Result<Vec<Parameter>> {
    let mut out: Vec<Parameter> = Vec::new();
    for (name, value) in raw {
        let at = format!("parameters.{name}");
        let fail = |message: String| {
            let mut e = err(&at, message);
            e.key = Some(shown_key(&name));
            if e.line.is_none() {
                e.line = source.line_of("sensitivity.parameters");
            }
            e
        };
        let (range, key, condition) = match value {
            toml::Value::Array(range) => (toml::Value::Array(range), name.clone(), None),
            toml::Value::Table(mut t) => {
                let known = ["range", "key", "condition"].map(String::from);
                if !t.keys().any(|k| known.contains(k)) {
                    // `parameters.stress_rate = [...]` under [sensitivity.parameters] is TOML for
                    // a table `parameters` holding `stress_rate`.
                    let inner = t.keys().next().cloned().unwrap_or_default();
                    return Err(fail(format!(
                        "`{name}` holds `{inner}` instead of a range: a dotted key under [sensitivity.parameters] must be quoted"
                    ))
                    .with_hint(format!("write \"{name}.{inner}\" = [low, high]")));
                }
                if let Some(unknown) = t.keys().find(|k| !known.contains(k)) {
                    let mut e = fail(format!("unknown parameter field `{unknown}`"));
                    e.hint = Some(match nearest(unknown, &known) {
                        Some(n) => format!("did you mean `{n}`? A parameter is {{ range = [low, high], key = \"...\", condition = \"...\" }}"),
                        None => "a parameter is [low, high], or { range = [low, high], key = \"scenario.key\", condition = \"name\" }".into(),
                    });
                    return Err(e);
                }
                let key = match t.remove("key") {
                    None => name.clone(),
                    Some(toml::Value::String(k)) if !k.trim().is_empty() => k,
                    Some(_) => return Err(fail("`key` must be a scenario key in quotes, e.g. key = \"traits.openness.mean\"".into())),
                };
                let condition = match t.remove("condition") {
                    None => None,
                    Some(toml::Value::String(c)) => match conditions.iter().position(|n| *n == c) {
                        Some(i) => Some(i),
                        None => {
                            let mut e = fail(format!("unknown condition `{c}`"));
                            e.hint = Some(format!("the conditions are: {}", conditions.join(", ")));
                            return Err(e);
                        }
                    },
                    Some(_) => {
                        return Err(fail(
                            "`condition` must be a condition's name in quotes".into(),
                        ));
                    }
                };
                let Some(range) = t.remove("range") else {
                    return Err(
                        fail(format!("`{name}` has no range")).with_hint("add range = [low, high]")
                    );
                };
                (range, key, condition)
            }
            _ => {
                return Err(fail(format!(
                    "`{name}` must be a range [low, high] or a table {{ range = [low, high], key = \"...\", condition = \"...\" }}"
                )));
            }
        };
        let number = |v: &toml::Value| match v {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) => Some(*f),
            _ => None,
        };
        let bounds: Option<Vec<f64>> = range
            .as_array()
            .and_then(|a| a.iter().map(number).collect::<Option<Vec<f64>>>());
        let (low, high) = match bounds.as_deref() {
            Some(&[low, high]) => (low, high),
            _ => {
                return Err(fail(format!(
                    "the range of `{name}` must be two numbers [low, high], found {range}"
                ))
                .with_hint("e.g. [0.05, 0.2]; a sensitivity analysis varies numbers only"));
            }
        };
        if !(low.is_finite() && high.is_finite()) || low >= high {
            return Err(fail(format!(
                "the range of `{name}` must go from a lower to a higher finite number, found [{low}, {high}]"
            )));
        }
        let shown = match condition {
            Some(c) if name == key => format!("{key}[{}]", conditions[c]),
            _ => name.clone(),
        };
        if taken_columns().contains(&shown) {
            return Err(fail(format!(
                "`{shown}` is a column of processes.csv already; a parameter needs a name of its own"
            ))
            .with_hint(format!("write e.g. \"{shown} (varied)\" = {{ key = \"{key}\", range = [{low}, {high}] }}")));
        }
        if out.iter().any(|p| {
            p.key == key
                && (p.condition.is_none() || condition.is_none() || p.condition == condition)
        }) {
            return Err(fail(format!(
                "`{key}` is varied twice{}",
                match condition {
                    Some(c) => format!(" in condition `{}`", conditions[c]),
                    None => String::new(),
                }
            ))
            .with_hint("vary each key once per condition"));
        }
        out.push(Parameter {
            name: shown,
            key,
            low,
            high,
            condition,
            at: format!("sensitivity.{at}"),
            written: shown_key(&name),
        });
    }
    Ok(out)
}

/// How errors show the key of the parameter called `name`: quoted where it holds dots or
/// spaces, as the file has to write it.
pub fn shown_key(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        format!("sensitivity.parameters.{name}")
    } else {
        format!("sensitivity.parameters.\"{name}\"")
    }
}

/// Columns of `processes.csv` that are not a parameter's: a parameter's column would clash.
fn taken_columns() -> Vec<String> {
    ["process_id", "condition", "replication"]
        .iter()
        .map(|c| c.to_string())
        .chain(crate::output::records::process_columns())
        .collect()
}

fn outputs(
    raw: Vec<RawOutput>,
    conditions: &[String],
    err: &dyn Fn(&str, String) -> Error,
) -> Result<Vec<Output>> {
    if raw.is_empty() {
        return Err(err("output", "the [sensitivity] section names no output".into())
            .with_hint("add [[sensitivity.output]] with a metric and a condition or a contrast, e.g. metric = \"joint_utility\" and contrast = [\"collaborative\", \"positional\"]"));
    }
    let known = metrics();
    let mut out: Vec<Output> = Vec::new();
    for (i, o) in raw.into_iter().enumerate() {
        let at = format!("output.{i}");
        let fail = |field: &str, message: String| err(&format!("{at}.{field}"), message);
        if !known.contains(&o.metric) {
            let mut e = fail(
                "metric",
                format!("`{}` is not a metric of processes.csv", o.metric),
            );
            e.hint = Some(match nearest(&o.metric, &known) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("the metrics are: {}", known.join(", ")),
            });
            return Err(e);
        }
        let find = |field: &str, name: &str| -> Result<usize> {
            conditions.iter().position(|c| c == name).ok_or_else(|| {
                let mut e = fail(field, format!("unknown condition `{name}`"));
                e.hint = Some(format!("the conditions are: {}", conditions.join(", ")));
                e
            })
        };
        let measure = match (&o.condition, &o.contrast) {
            (Some(_), Some(_)) => {
                return Err(fail(
                    "contrast",
                    "an output is measured in one condition or as a contrast, not both".into(),
                )
                .with_hint("remove `condition` or `contrast`"));
            }
            (Some(c), None) => Measure::Condition(find("condition", c)?),
            (None, Some([a, b])) => {
                let (x, y) = (find("contrast", a)?, find("contrast", b)?);
                if x == y {
                    return Err(fail("contrast", format!("`{a}` is contrasted with itself"))
                        .with_hint("a contrast takes two different conditions, e.g. [\"collaborative\", \"positional\"]"));
                }
                Measure::Contrast(x, y)
            }
            (None, None) if conditions.len() == 1 => Measure::Condition(0),
            (None, None) => {
                return Err(
                    err(&at, "this output names no condition and no contrast".into()).with_hint(
                        format!(
                            "add condition = \"{}\" or contrast = [\"{}\", \"{}\"]",
                            conditions[0], conditions[0], conditions[1]
                        ),
                    ),
                );
            }
        };
        let name = o.name.unwrap_or_else(|| match &measure {
            Measure::Condition(c) => format!("{}[{}]", o.metric, conditions[*c]),
            Measure::Contrast(a, b) => {
                format!("{}[{}-{}]", o.metric, conditions[*a], conditions[*b])
            }
        });
        if out.iter().any(|x| x.name == name) {
            return Err(
                fail("name", format!("the output `{name}` is named twice")).with_hint(
                    "give every output its own metric, condition or contrast, or its own `name`",
                ),
            );
        }
        out.push(Output {
            name,
            metric: o.metric,
            measure,
        });
    }
    Ok(out)
}
