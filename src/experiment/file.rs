//! The experiment file (`experiments/*.toml`): the question, a base scenario, named conditions
//! to compare, a sweep crossed as a full grid, replications and a seed.
//!
//! ```toml
//! # Does a collaborative culture reach better outcomes than a positional one?
//! [experiment]
//! name = "quickstart"
//! seed = 2026
//! replications = 200
//!
//! [base]
//! case = "office-reorganisation"
//! deadline = 30
//!
//! [[condition]]
//! name = "collaborative"
//! culture = "collaborative"
//!
//! [[condition]]
//! name = "positional"
//! culture = "positional"
//!
//! [sweep]
//! deadline = [10, 20, 40]
//! "traits.openness.mean" = { start = 0.0, stop = 1.0, step = 0.25 }
//! ```

use crate::error::{Error, Result, nearest};
use crate::experiment::finding::Finding;
use crate::fault::ConfigKind;
use crate::record::process::SweepMode;
use crate::source::Source;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Most points a single sweep axis may have.
pub const MAX_AXIS_POINTS: usize = 100_000;

/// Most cells (a condition at a sweep point) an experiment may have: every cell is resolved
/// and kept in memory before the run starts.
pub const MAX_CELLS: u64 = 1_000_000;

/// Most processes an experiment may have (cells x replications): ten billion, about ten days
/// on two cores and some terabytes of CSV, far beyond what statistics need. A typing slip
/// such as `replications = 1000000000000000` is refused before the run starts instead of
/// running without end.
pub const MAX_PROCESSES: u64 = 10_000_000_000;

/// Refuses an experiment too large to plan (more than [`MAX_CELLS`] cells) or to number (more
/// than 2^64 processes), before anything is resolved.
fn check_size(
    source: &Source,
    meta: &ExperimentMeta,
    sweep: &[SweepAxis],
    conditions: usize,
) -> Result<()> {
    let mut lengths = sweep.iter().map(|a| a.values.len() as u64);
    let points = match meta.sweep_mode {
        SweepMode::Grid => lengths.try_fold(1u64, u64::checked_mul),
        SweepMode::OneAtATime => Some(lengths.sum::<u64>().max(1)),
    };
    let cells = points.and_then(|p| p.checked_mul(conditions as u64));
    let Some(cells) = cells.filter(|&c| c <= MAX_CELLS) else {
        let points = points.map_or("more than 2^64".into(), |p| p.to_string());
        let plural = if conditions == 1 { "" } else { "s" };
        return Err(source
            .error_at(
                "sweep",
                format!(
                    "{points} sweep points x {conditions} condition{plural} are more than {MAX_CELLS} cells"
                ),
            )
            .with_hint(
                "sweep fewer values (a grid multiplies its axes), or split the sweep over several experiments",
            ));
    };
    let processes = cells.checked_mul(meta.replications);
    if processes.is_none_or(|p| p > MAX_PROCESSES) {
        let count = processes.map_or("more than 2^64".to_string(), |p| p.to_string());
        return Err(source
            .error_at(
                "experiment.replications",
                format!(
                    "{cells} cell{} x {} replications are {count} processes; at most {MAX_PROCESSES} are allowed",
                    if cells == 1 { "" } else { "s" },
                    meta.replications
                ),
            )
            .with_hint(
                "use fewer replications (a few hundred to a few thousand per cell give tight intervals), or fewer sweep points",
            ));
    }
    Ok(())
}

impl ExperimentFile {
    /// The experiment with `replications` per cell instead of the file's (`negsim run
    /// --replications`), checked as the file's own number is.
    pub fn with_replications(mut self, replications: u64) -> Result<ExperimentFile> {
        if replications == 0 {
            return Err(Error::input("replications must be at least 1, found 0")
                .at_key("--replications")
                .with_hint("use 1 for a single run, or e.g. 100 for stable averages"));
        }
        self.meta.replications = replications;
        check_size(&self.source, &self.meta, &self.sweep, self.conditions.len()).map_err(|e| {
            Error {
                file: None,
                line: None,
                ..e.at_key("--replications")
            }
        })?;
        Ok(self)
    }
}

/// The `[experiment]` table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentMeta {
    /// Name (defaults to the file name); also the default output folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The question the experiment answers (defaults to the file's leading comment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Experiment seed.
    #[serde(default = "one")]
    pub seed: u64,
    /// Replications per condition and sweep point.
    #[serde(default = "one")]
    pub replications: u64,
    /// Pairs of conditions to compare (default: every pair).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compare: Vec<[String; 2]>,
    /// How sweep axes combine: the full grid, or one axis at a time.
    #[serde(default)]
    pub sweep_mode: SweepMode,
}

impl Default for ExperimentMeta {
    fn default() -> Self {
        ExperimentMeta {
            name: None,
            question: None,
            seed: 1,
            replications: 1,
            compare: Vec::new(),
            sweep_mode: SweepMode::Grid,
        }
    }
}

fn one() -> u64 {
    1
}

/// The `[output]` table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputSpec {
    /// Also write `rounds.csv` (one row per stakeholder per round).
    #[serde(default)]
    pub rounds: bool,
    /// Write `processes.csv` (organisation experiments may switch it off for size).
    #[serde(default = "yes")]
    pub processes: bool,
    /// Write `stakeholders.csv` (organisation experiments may switch it off for size).
    #[serde(default = "yes")]
    pub stakeholders: bool,
}

impl Default for OutputSpec {
    fn default() -> Self {
        OutputSpec {
            rounds: false,
            processes: true,
            stakeholders: true,
        }
    }
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    experiment: ExperimentMeta,
    #[serde(default)]
    base: toml::Table,
    #[serde(default, alias = "conditions")]
    condition: Vec<toml::Table>,
    #[serde(default)]
    sweep: IndexMap<String, toml::Value>,
    #[serde(default)]
    output: OutputSpec,
    #[serde(default)]
    finding: Option<Finding>,
    #[serde(default)]
    sensitivity: Option<toml::Table>,
}

/// A named condition: overrides of the base scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// Name, unique in the file.
    pub name: String,
    /// Optional description.
    pub description: String,
    /// Scenario keys this condition sets.
    pub overrides: toml::Table,
}

/// One sweep axis: a dotted scenario key and its values.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepAxis {
    /// Dotted key into the scenario.
    pub key: String,
    /// The values, in order.
    pub values: Vec<toml::Value>,
}

/// A parsed experiment file.
#[derive(Clone, Debug)]
pub struct ExperimentFile {
    /// The file.
    pub source: Source,
    /// `[experiment]`.
    pub meta: ExperimentMeta,
    /// The experiment's name.
    pub name: String,
    /// The question it answers.
    pub question: String,
    /// `[base]`.
    pub base: toml::Table,
    /// Conditions (one implicit `base` condition if none are given).
    pub conditions: Vec<Condition>,
    /// Sweep axes in file order (the first is the outermost).
    pub sweep: Vec<SweepAxis>,
    /// `[output]`.
    pub output: OutputSpec,
    /// `[finding]`: the published finding a validation experiment tests.
    pub finding: Option<Finding>,
    /// `[sensitivity]` as written: `negsim sensitivity` reads it
    /// (`experiment::sensitivity::spec`); `negsim run` refuses a file that has one.
    pub sensitivity: Option<toml::Table>,
}

impl ExperimentFile {
    /// Reads and checks the shape of an experiment file.
    pub fn read(path: &Path) -> Result<ExperimentFile> {
        ExperimentFile::parse(Source::read(path)?)
    }

    /// Parses an experiment from a source.
    pub fn parse(source: Source) -> Result<ExperimentFile> {
        ConfigKind::Experiment.expect(&source)?;
        // The file as plain TOML, for the checks that need to see what was written rather
        // than what it was read into (a syntax error is reported by the parse below).
        let written = source.table().ok();
        check_written(&source, written.as_ref())?;
        let raw: RawFile = source.parse()?;
        let name = experiment_name(&source, &raw.experiment)?;
        if raw.experiment.replications == 0 {
            return Err(source
                .error_at(
                    "experiment.replications",
                    "replications must be at least 1, found 0",
                )
                .with_hint("use 1 for a single run, or e.g. 100 for stable averages"));
        }
        let question = raw
            .experiment
            .question
            .clone()
            .unwrap_or_else(|| leading_comment(&source.text));
        let conditions = read_conditions(&source, raw.condition)?;
        let names: Vec<String> = conditions.iter().map(|c| c.name.clone()).collect();
        check_compare(&source, written.as_ref(), &raw.experiment.compare, &names)?;
        if let Some(f) = &raw.finding {
            f.validate(&source, &names)?;
        }
        let mut sweep = Vec::new();
        for (key, value) in raw.sweep {
            let values = axis_values(&source, &key, value)?;
            sweep.push(SweepAxis { key, values });
        }
        check_size(&source, &raw.experiment, &sweep, conditions.len())?;
        Ok(ExperimentFile {
            meta: raw.experiment,
            name,
            question,
            base: raw.base,
            conditions,
            sweep,
            output: raw.output,
            finding: raw.finding,
            sensitivity: raw.sensitivity,
            source,
        })
    }

    /// Number of sweep points (1 without a sweep).
    pub fn points(&self) -> usize {
        match self.meta.sweep_mode {
            SweepMode::Grid => self.sweep.iter().map(|a| a.values.len()).product(),
            SweepMode::OneAtATime => self
                .sweep
                .iter()
                .map(|a| a.values.len())
                .sum::<usize>()
                .max(1),
        }
    }

    /// The sweep axis varied at point `p` in one-at-a-time mode.
    pub fn varied_axis(&self, mut p: usize) -> Option<usize> {
        if self.meta.sweep_mode != SweepMode::OneAtATime {
            return None;
        }
        for (a, axis) in self.sweep.iter().enumerate() {
            if p < axis.values.len() {
                return Some(a);
            }
            p -= axis.values.len();
        }
        None
    }

    /// The values set at sweep point `p`: every axis in a grid (first axis outermost), the
    /// varied axis alone in one-at-a-time mode.
    pub fn point(&self, mut p: usize) -> Vec<(&str, &toml::Value)> {
        if self.meta.sweep_mode == SweepMode::OneAtATime {
            for axis in &self.sweep {
                if p < axis.values.len() {
                    return vec![(axis.key.as_str(), &axis.values[p])];
                }
                p -= axis.values.len();
            }
            return Vec::new();
        }
        let mut out = Vec::with_capacity(self.sweep.len());
        let mut sizes: Vec<usize> = self.sweep.iter().map(|a| a.values.len()).collect();
        sizes.reverse();
        let mut idx = Vec::with_capacity(sizes.len());
        for s in sizes {
            idx.push(p % s);
            p /= s;
        }
        idx.reverse();
        for (axis, i) in self.sweep.iter().zip(idx) {
            out.push((axis.key.as_str(), &axis.values[i]));
        }
        out
    }

    /// Pairs of conditions to compare, as indices.
    pub fn comparisons(&self) -> Vec<(usize, usize)> {
        let index = |n: &str| {
            self.conditions
                .iter()
                .position(|c| c.name == n)
                .unwrap_or(0)
        };
        if self.meta.compare.is_empty() {
            let c = self.conditions.len();
            (0..c)
                .flat_map(|a| (a + 1..c).map(move |b| (a, b)))
                .collect()
        } else {
            self.meta
                .compare
                .iter()
                .map(|[a, b]| (index(a), index(b)))
                .collect()
        }
    }
}

/// The comment block at the top of the file, without `#` marks: the experiment's question.
pub fn leading_comment(text: &str) -> String {
    let mut lines = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix('#') {
            lines.push(
                rest.strip_prefix(' ')
                    .unwrap_or(rest)
                    .trim_end()
                    .to_string(),
            );
        } else if t.is_empty() && lines.is_empty() {
            continue;
        } else {
            break;
        }
    }
    lines.join("\n").trim().to_string()
}

fn axis_values(source: &Source, key: &str, value: toml::Value) -> Result<Vec<toml::Value>> {
    let at = format!("sweep.{key}");
    let at = if source.line_of(&at).is_some() {
        at
    } else {
        format!("sweep.\"{key}\"")
    };
    let err = |m: String| {
        let mut e = source.error_at(&format!("sweep.{key}"), m);
        if e.line.is_none() {
            e.line = source.line_of(&at);
        }
        e.key = Some(format!("sweep.{key}"));
        e
    };
    let values = match value {
        toml::Value::Array(values) => {
            if values.is_empty() {
                return Err(err("an empty list: a sweep needs at least one value".into()));
            }
            values
        }
        toml::Value::Table(t) => {
            // `parameters.stress_rate = [...]` under [sweep] is TOML for a table `parameters`
            // holding `stress_rate`: a dotted scenario key must be quoted to be one key.
            let range_keys = ["start", "stop", "step"];
            if let Some(inner) = t.keys().find(|k| !range_keys.contains(&k.as_str()))
                && !t.keys().any(|k| range_keys.contains(&k.as_str()))
            {
                return Err(err(format!(
                    "`{key}` holds `{inner}` instead of a list or a range: a dotted key under [sweep] must be quoted"
                ))
                .with_hint(format!(
                    "write \"{key}.{inner}\" = [...] to sweep `{key}.{inner}`"
                )));
            }
            for k in t.keys() {
                if !range_keys.contains(&k.as_str()) {
                    let known = ["start".to_string(), "stop".to_string(), "step".to_string()];
                    let mut e = err(format!("unknown range key `{k}`"));
                    e.hint = Some(match nearest(k, &known) {
                        Some(n) => {
                            format!("did you mean `{n}`? A range is {{ start, stop, step }}")
                        }
                        None => "a range is { start = 0.0, stop = 1.0, step = 0.25 }".into(),
                    });
                    return Err(e);
                }
            }
            let get = |k: &str| -> Result<(f64, bool)> {
                match t.get(k) {
                    Some(toml::Value::Integer(i)) => Ok((*i as f64, true)),
                    Some(toml::Value::Float(f)) => Ok((*f, false)),
                    Some(_) => Err(err(format!("range `{k}` must be a number"))),
                    None => Err(err(format!("a range needs `{k}`: {{ start, stop, step }}"))),
                }
            };
            let (start, si) = get("start")?;
            let (stop, ti) = get("stop")?;
            let (step, pi) = get("step")?;
            if !(start.is_finite() && stop.is_finite()) {
                return Err(err(format!(
                    "a range needs a finite start and stop, found {start} to {stop}"
                )));
            }
            if step == 0.0 || !step.is_finite() {
                return Err(err(format!(
                    "the range step must be a finite number other than 0, found {step}"
                )));
            }
            let span = (stop - start) / step;
            if span < -1e-9 {
                return Err(err(format!(
                    "the step {step} goes away from stop {stop}: from {start} it never gets there"
                ))
                .with_hint("use a negative step to count down, or swap start and stop"));
            }
            // Counted in floating point first: a tiny step makes more points than any integer.
            let points = (span + 1e-9).floor() + 1.0;
            if points.is_nan() || points > MAX_AXIS_POINTS as f64 {
                let points = if points < 1e15 {
                    format!("{points:.0}")
                } else {
                    format!("{points:.1e}")
                };
                return Err(err(format!(
                    "the range has {points} points; at most {MAX_AXIS_POINTS} are allowed"
                ))
                .with_hint("use a larger step, or a shorter range"));
            }
            let count = points as usize;
            let integers = si && ti && pi;
            (0..count)
                .map(|i| {
                    let v = start + i as f64 * step;
                    if integers {
                        toml::Value::Integer(v.round() as i64)
                    } else {
                        toml::Value::Float((v * 1e12).round() / 1e12)
                    }
                })
                .collect()
        }
        _ => {
            return Err(err(
                "a sweep value is a list [a, b, c] or a range { start, stop, step }".into(),
            ));
        }
    };
    // A text value is a case, culture or other name, and a column's value in the CSV files.
    for text in values.iter().filter_map(toml::Value::as_str) {
        crate::model::name::check_name(text, "a sweep value").map_err(|e| {
            let mut located = err(e.message);
            located.hint = e.hint;
            located
        })?;
    }
    // A list parsed by now has at most MAX_AXIS_POINTS values (the source's shape check).
    if values.len() > MAX_AXIS_POINTS {
        return Err(err(format!(
            "the list has {} values; at most {MAX_AXIS_POINTS} are allowed",
            values.len()
        )));
    }
    // A value twice would run the same processes twice and count them as independent data.
    let mut seen = std::collections::HashSet::with_capacity(values.len());
    for v in &values {
        if let Some(key) = equality_key(v)
            && !seen.insert(key)
        {
            return Err(err(format!(
                "the value {} appears more than once in the sweep",
                value_label(v)
            ))
            .with_hint("list each value once (a range's step must be at least 1e-12)"));
        }
    }
    Ok(values)
}

/// Refuses what only the written TOML shows: a file that sets nothing, and conditions given
/// both as `[[condition]]` and `[[conditions]]` (which serde reports without a place).
fn check_written(source: &Source, written: Option<&toml::Table>) -> Result<()> {
    if written.is_some_and(toml::Table::is_empty) {
        return Err(Error::input(
            "the file sets nothing: an experiment needs at least a [base] table with a case",
        )
        .in_file(&source.path)
        .with_hint("start from a bundled example: copy experiments/quickstart.toml and edit it"));
    }
    if let Some(table) = written
        && table.contains_key("condition")
        && table.contains_key("conditions")
    {
        return Err(source
            .error_at(
                "conditions",
                "conditions are given both as [[condition]] and as [[conditions]]",
            )
            .with_hint("write every condition as [[condition]]"));
    }
    Ok(())
}

/// The experiment's name: written in the file, or the file's own name.
fn experiment_name(source: &Source, meta: &ExperimentMeta) -> Result<String> {
    let name = meta.name.clone().unwrap_or_else(|| {
        source
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("experiment")
            .to_string()
    });
    // A name taken from the file's own name already names a file on this system, so it
    // names a folder here too; only a name written in the file is held to every system.
    if meta.name.is_some()
        && let Some(problem) = folder_name_problem(&name)
    {
        return Err(source
            .error_at(
                "experiment.name",
                format!("`{name}` is not usable as a folder name: it {problem}"),
            )
            .with_hint(
                "the name is the default output folder: use letters, digits, `-` and `_`, e.g. \"culture-comparison\"",
            ));
    }
    Ok(name)
}

/// The `[[condition]]` tables as conditions (a single `base` condition when there are none):
/// each named once, with its description and its overrides of the base scenario.
fn read_conditions(source: &Source, tables: Vec<toml::Table>) -> Result<Vec<Condition>> {
    let mut conditions = Vec::new();
    for (c, mut table) in tables.into_iter().enumerate() {
        let at = |k: &str| format!("condition.{c}.{k}");
        let name = match table.remove("name") {
            Some(toml::Value::String(s)) if !s.trim().is_empty() => {
                crate::model::name::check_name(&s, "a condition name")
                    .map_err(|e| relocate(e, source, &at("name")))?;
                s
            }
            Some(_) => {
                return Err(
                    source.error_at(&at("name"), "a condition name must be a non-empty string")
                );
            }
            None => {
                return Err(source
                    .error_at(
                        &format!("condition.{c}"),
                        format!("condition {} has no `name`", c + 1),
                    )
                    .with_hint("give every [[condition]] a name, e.g. name = \"collaborative\""));
            }
        };
        if conditions.iter().any(|x: &Condition| x.name == name) {
            return Err(source.error_at(
                &at("name"),
                format!("condition name `{name}` is used twice"),
            ));
        }
        let description = match table.remove("description") {
            Some(toml::Value::String(s)) => s,
            Some(_) => {
                return Err(source.error_at(&at("description"), "a description must be a string"));
            }
            None => String::new(),
        };
        conditions.push(Condition {
            name,
            description,
            overrides: table,
        });
    }
    if conditions.is_empty() {
        conditions.push(Condition {
            name: "base".into(),
            description: String::new(),
            overrides: toml::Table::new(),
        });
    }
    Ok(conditions)
}

/// Checks `[experiment] compare`: pairs of two different, known conditions, each pair once
/// (in either order); an empty list is refused, as it reads as "compare nothing" but would
/// mean the default, every pair.
fn check_compare(
    source: &Source,
    written: Option<&toml::Table>,
    compare: &[[String; 2]],
    names: &[String],
) -> Result<()> {
    if compare.is_empty()
        && written
            .and_then(|t| t.get("experiment"))
            .and_then(|e| e.get("compare"))
            .is_some_and(|c| c.as_array().is_some_and(|a| a.is_empty()))
    {
        return Err(source
            .error_at("experiment.compare", "`compare` lists no pairs")
            .with_hint(
                "leave `compare` out to compare every pair of conditions, or list pairs, e.g. compare = [[\"a\", \"b\"]]",
            ));
    }
    for (p, pair) in compare.iter().enumerate() {
        for n in pair {
            if !names.contains(n) {
                let mut e = source.error_at(
                    &format!("experiment.compare.{p}"),
                    format!("unknown condition `{n}`"),
                );
                e.hint = Some(format!("the conditions are: {}", names.join(", ")));
                return Err(e);
            }
        }
        if pair[0] == pair[1] {
            return Err(source
                .error_at(
                    &format!("experiment.compare.{p}"),
                    format!("`{}` is compared with itself", pair[0]),
                )
                .with_hint("a comparison takes two different conditions, e.g. [\"a\", \"b\"]"));
        }
        if let Some(q) = compare[..p]
            .iter()
            .position(|other| *other == *pair || (other[0] == pair[1] && other[1] == pair[0]))
        {
            return Err(source
                .error_at(
                    &format!("experiment.compare.{p}"),
                    format!(
                        "`{}` and `{}` are compared already in experiment.compare.{q}",
                        pair[0], pair[1]
                    ),
                )
                .with_hint("list each pair once"));
        }
    }
    Ok(())
}

/// A key that two sweep values share exactly when they are equal (as `==` compares TOML
/// values: 0.0 equals -0.0, NaN equals nothing), so that duplicates are found in one pass.
fn equality_key(v: &toml::Value) -> Option<(u8, String)> {
    Some(match v {
        toml::Value::Integer(i) => (0, i.to_string()),
        toml::Value::Float(f) if f.is_nan() => return None,
        toml::Value::Float(f) => (1, (if *f == 0.0 { 0.0 } else { *f }).to_bits().to_string()),
        toml::Value::String(s) => (2, s.clone()),
        toml::Value::Boolean(b) => (3, b.to_string()),
        other => (4, other.to_string()),
    })
}

/// An error of a check that knows no place, put at `key` of `source`.
fn relocate(e: Error, source: &Source, key: &str) -> Error {
    let mut located = source.error_at(key, e.message);
    located.hint = e.hint;
    located
}

/// Renders a TOML value compactly for labels and CSV cells.
pub fn value_label(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// The longest experiment name, in bytes: it names the output folder, and file systems allow
/// 255 bytes per name (Windows paths as a whole 260 characters by default).
pub const MAX_NAME_BYTES: usize = 128;

/// Whether Windows reserves `name` for a device, whatever follows a dot (`nul.txt` too).
fn is_reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit()
            && upper.as_bytes()[3] != b'0')
}

/// Why `name` cannot name an output folder on every common system, if it cannot.
pub fn folder_name_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("is empty")
    } else if name.contains(['/', '\\']) {
        Some("holds a path separator")
    } else if name.starts_with('.') {
        Some("starts with a dot")
    } else if name.starts_with(char::is_whitespace) || name.ends_with([' ', '.']) {
        Some("starts with a space or ends with a space or dot")
    } else if name.contains(['<', '>', ':', '"', '|', '?', '*']) || name.contains(char::is_control)
    {
        Some(
            "holds a character that Windows does not allow in folder names (< > : \" | ? * or a control character)",
        )
    } else if name.len() > MAX_NAME_BYTES {
        Some("is longer than 128 bytes")
    } else if is_reserved_on_windows(name) {
        Some("is a device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)")
    } else {
        None
    }
}
