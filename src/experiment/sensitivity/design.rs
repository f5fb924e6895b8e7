//! The design of a sensitivity analysis as a [`Plan`]: every point of the Morris or Saltelli
//! design is a point of the plan, where each condition's scenario has the parameters set to
//! the point's values. The runner then runs it like any plan (in parallel, streamed,
//! resumable, shardable), and `processes.csv` carries one column per parameter.
//!
//! Process ids run point (outermost), replication, condition (innermost), as in every plan:
//! replication `r` of every point and condition shares its random streams (common random
//! numbers), so that the difference between two points is the parameters' doing and not a
//! new draw of people.

use super::morris;
use super::saltelli;
use super::spec::{Method, SensitivitySpec};
use crate::error::nearest;
use crate::error::{Error, Result};
use crate::experiment::file::{ExperimentFile, MAX_CELLS, SweepAxis, value_label};
use crate::experiment::library::Library;
use crate::experiment::plan::toml_tree::{leaves, set_path};
use crate::experiment::plan::{CaseSpec, Cell, Plan};
use crate::experiment::provenance::file_from_manifest;
use crate::experiment::scenario::Scenario;
use crate::output::manifest::Manifest;
use crate::record::process::CellColumns;
use std::sync::Arc;

/// Scenario keys that are numbers but not a model's input: varying them measures nothing.
const NOT_PARAMETERS: &[(&str, &str)] = &[(
    "parameters.exact_outcome_bound",
    "it bounds how the outcome space is computed, not how people negotiate",
)];

/// A sensitivity analysis, planned.
#[derive(Clone, Debug)]
pub struct SensitivityPlan {
    /// The `[sensitivity]` section.
    pub spec: SensitivitySpec,
    /// The design's points in the unit cube, where the estimators measure effects.
    pub unit: Vec<Vec<f64>>,
    /// The values set at each point, parameter by parameter (whole-numbered keys rounded).
    pub values: Vec<Vec<f64>>,
    /// Whether each parameter's key takes whole numbers (such as `deadline`).
    pub whole: Vec<bool>,
    /// The plan the runner runs: one point per design point.
    pub plan: Plan,
    /// The experiment without the design: each condition once, at its base values.
    pub base: Plan,
}

impl SensitivityPlan {
    /// Plans the analysis an experiment file's `[sensitivity]` section describes; every
    /// error (in the section, or a range that makes a scenario invalid) comes before anything
    /// runs.
    pub fn build(
        file: ExperimentFile,
        seed: Option<u64>,
        library: Option<Library>,
    ) -> Result<SensitivityPlan> {
        let Some(spec) = SensitivitySpec::of(&file)? else {
            return Err(Error::input("the file has no [sensitivity] section")
                .in_file(&file.source.path)
                .with_hint(format!(
                    "add a [sensitivity] section with a method, parameters and outputs (see experiments/sensitivity/culture-effect.toml), or run the file with `{program} run`",
                    program = crate::program::name()
                )));
        };
        if !file.sweep.is_empty() {
            return Err(file
                .source
                .error_at("sweep", "a sensitivity analysis chooses its own points; it cannot also have a [sweep]")
                .with_hint("give the swept keys ranges under [sensitivity.parameters] instead, or run the sweep as an experiment of its own"));
        }
        let base = Plan::build_with(file, seed, library)?;
        if base.is_organisation() {
            return Err(base
                .file
                .source
                .error_at(
                    "base.organisation",
                    "a sensitivity analysis varies the scenario of single processes; organisation runs are not supported",
                )
                .with_hint(format!(
                    "remove [base.organisation], or study an organisation's levers with `{program} run` and a sweep",
                    program = crate::program::name()
                )));
        }
        let whole = check_parameters(&spec, &base)?;
        let k = spec.parameters.len();
        let unit = match spec.method {
            Method::Morris {
                trajectories,
                levels,
            } => morris::trajectories(k, trajectories, levels, base.seed),
            // Refused in the spec beyond the sequence's dimensions.
            Method::Sobol { samples } => saltelli::sample(k, samples).unwrap_or_default(),
        };
        check_size(&spec, &base, unit.len())?;
        let values: Vec<Vec<f64>> = unit
            .iter()
            .map(|u| {
                u.iter()
                    .zip(&spec.parameters)
                    .zip(&whole)
                    .map(|((u, p), &whole)| scale(*u, p.low, p.high, whole))
                    .collect()
            })
            .collect();
        let plan = expand(base.clone(), &spec, &values, &whole)?;
        Ok(SensitivityPlan {
            spec,
            unit,
            values,
            whole,
            plan,
            base,
        })
    }

    /// The analysis a finished run's manifest records, planned from the texts it kept.
    pub fn of_manifest(manifest: &Manifest) -> Result<SensitivityPlan> {
        let (file, library) = file_from_manifest(manifest)?;
        SensitivityPlan::build(file, Some(manifest.seed), Some(library))
    }

    /// The design in words: `sobol design: 4 parameters, 1,536 points x 2 conditions x 10
    /// replications = 30,720 processes`.
    pub fn size(&self) -> String {
        use crate::text::counted;
        format!(
            "{} design: {}, {} x {} x {} = {}",
            self.spec.method.key(),
            counted(self.spec.parameters.len() as u64, "parameter", "parameters"),
            counted(self.values.len() as u64, "point", "points"),
            counted(self.plan.conditions() as u64, "condition", "conditions"),
            counted(self.plan.replications, "replication", "replications"),
            counted(self.plan.process_count(), "process", "processes"),
        )
    }
}

/// A value of the range `[low, high]` at `u` in `[0, 1]`, rounded for whole-numbered keys.
pub fn scale(u: f64, low: f64, high: f64, whole: bool) -> f64 {
    let v = low + u * (high - low);
    if whole { v.round() } else { v }
}

fn toml_value(v: f64, whole: bool) -> toml::Value {
    if whole {
        toml::Value::Integer(v as i64)
    } else {
        toml::Value::Float(v)
    }
}

/// The scenario with `sets` applied, read and checked like any scenario.
pub fn apply(scenario: &Scenario, sets: &[(&str, toml::Value)]) -> Result<Scenario> {
    let mut tree = match toml::Value::try_from(scenario) {
        Ok(toml::Value::Table(t)) => t,
        Ok(_) => toml::Table::new(),
        Err(e) => return Err(Error::input(e.to_string())),
    };
    for (key, value) in sets {
        set_path(&mut tree, key, value.clone());
    }
    let scenario: Scenario = toml::Value::Table(tree)
        .try_into()
        .map_err(|e: toml::de::Error| crate::source::humane(e.message()))?;
    scenario.validate()?;
    Ok(scenario)
}

/// The numeric leaves of a scenario: the keys a parameter may vary, with whether they are
/// whole numbers.
fn numeric_keys(scenario: &Scenario) -> Vec<(String, bool)> {
    let Ok(toml::Value::Table(tree)) = toml::Value::try_from(scenario) else {
        return Vec::new();
    };
    leaves(&tree, "")
        .into_iter()
        .filter_map(|(k, v)| match v {
            toml::Value::Integer(_) => Some((k, true)),
            toml::Value::Float(_) => Some((k, false)),
            _ => None,
        })
        .collect()
}

/// The conditions a parameter applies to.
fn applies(condition: Option<usize>, conditions: usize) -> Vec<usize> {
    match condition {
        Some(c) => vec![c],
        None => (0..conditions).collect(),
    }
}

/// Checks every parameter's key against the scenarios it applies to, and both ends of its
/// range; returns whether each key takes whole numbers.
fn check_parameters(spec: &SensitivitySpec, base: &Plan) -> Result<Vec<bool>> {
    let source = &base.file.source;
    let mut whole = Vec::new();
    for p in &spec.parameters {
        let err = |message: String| {
            let mut e = source.error_at(&p.at, message);
            e.line = e.line.or_else(|| source.line_of("sensitivity.parameters"));
            e.key = Some(p.written.clone());
            e
        };
        if let Some((_, why)) = NOT_PARAMETERS.iter().find(|(k, _)| *k == p.key) {
            return Err(err(format!("`{}` cannot be varied: {why}", p.key))
                .with_hint("vary a model parameter, a trait, a norm or the deadline"));
        }
        let mut is_whole = None;
        for c in applies(p.condition, base.conditions()) {
            let scenario = &base.cells[c].scenario;
            let keys = numeric_keys(scenario);
            let Some(&(_, w)) = keys.iter().find(|(k, _)| *k == p.key) else {
                let names: Vec<String> = keys.iter().map(|(k, _)| k.clone()).collect();
                let condition = &base.file.conditions[c].name;
                let mut e = err(format!(
                    "`{}` is not a number of the scenario of condition `{condition}`",
                    p.key
                ));
                e.hint = Some(match nearest(&p.key, &names) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!(
                        "numbers a parameter may vary include deadline, traits.openness.mean, norms.disclosure and parameters.stress_rate; all of them: {}",
                        names.join(", ")
                    ),
                });
                return Err(e);
            };
            is_whole = Some(w);
            for (end, u) in [("low", 0.0), ("high", 1.0)] {
                let v = scale(u, p.low, p.high, w);
                if let Err(e) = apply(scenario, &[(&p.key, toml_value(v, w))]) {
                    let condition = &base.file.conditions[c].name;
                    return Err(err(format!(
                        "at the {end} end of its range ({v}), the scenario of condition `{condition}` is invalid: {}",
                        e.message
                    ))
                    .with_hint(e.hint.unwrap_or_else(|| "narrow the range".into())));
                }
            }
        }
        let w = is_whole.unwrap_or(false);
        if w && p.low.round() == p.high.round() {
            return Err(err(format!(
                "`{}` takes whole numbers, and its range [{}, {}] holds only one",
                p.key, p.low, p.high
            )));
        }
        whole.push(w);
    }
    Ok(whole)
}

/// Refuses a design too large to plan or to number.
fn check_size(spec: &SensitivitySpec, base: &Plan, points: usize) -> Result<()> {
    let cells = points as u64 * base.conditions() as u64;
    let source = &base.file.source;
    let key = match spec.method {
        Method::Morris { .. } => "sensitivity.trajectories",
        Method::Sobol { .. } => "sensitivity.samples",
    };
    if cells > MAX_CELLS {
        return Err(source
            .error_at(
                key,
                format!(
                    "the design has {points} points x {} conditions, more than {MAX_CELLS} cells",
                    base.conditions()
                ),
            )
            .with_hint("use fewer samples or trajectories, or fewer parameters"));
    }
    if cells.checked_mul(base.replications).is_none() {
        return Err(source
            .error_at(
                "experiment.replications",
                "the design has more processes than can be numbered (2^64)",
            )
            .with_hint("use fewer replications"));
    }
    Ok(())
}

/// The plan with one point per design point: each condition's scenario with the parameters
/// that apply to it set to the point's values.
fn expand(
    mut base: Plan,
    spec: &SensitivitySpec,
    values: &[Vec<f64>],
    whole: &[bool],
) -> Result<Plan> {
    let conditions = base.conditions();
    let mut cells = Vec::with_capacity(values.len() * conditions);
    for (point, row) in values.iter().enumerate() {
        for c in 0..conditions {
            let model = &base.cells[c];
            let sets: Vec<(&str, toml::Value)> = spec
                .parameters
                .iter()
                .zip(row)
                .zip(whole)
                .filter(|((p, _), _)| p.condition.is_none_or(|pc| pc == c))
                .map(|((p, v), w)| (p.key.as_str(), toml_value(*v, *w)))
                .collect();
            let scenario = apply(&model.scenario, &sets).map_err(|e| {
                let at = point_label(spec, row);
                base.file
                    .source
                    .error_at("sensitivity.parameters", format!("at the design point {at}, the scenario of condition `{}` is invalid: {}", base.file.conditions[c].name, e.message))
                    .with_hint("narrow the ranges so that every combination is a valid scenario")
            })?;
            let case = match (&model.case, &scenario.case_generator) {
                (CaseSpec::Generated { .. }, Some(g))
                    if sets.iter().any(|(k, _)| k.starts_with("case_generator.")) =>
                {
                    CaseSpec::Generated {
                        generator: g.clone(),
                        key: format!(
                            "{}|{}",
                            toml::to_string(g).unwrap_or_default(),
                            scenario.parameters.exact_outcome_bound
                        ),
                    }
                }
                (case, _) => case.clone(),
            };
            let params = if scenario.parameters == *model.params {
                model.params.clone()
            } else {
                Arc::new(scenario.parameters.clone())
            };
            let labels = row
                .iter()
                .zip(whole)
                .map(|(v, w)| value_label(&toml_value(*v, *w)))
                .collect();
            cells.push(Cell {
                condition: c,
                point,
                columns: Arc::new(CellColumns {
                    condition: model.columns.condition.clone(),
                    labels,
                    culture: scenario.culture.clone(),
                    protocol: scenario.protocol,
                    decision_rule: scenario.norms.decision_rule,
                }),
                scenario,
                case,
                params,
                hiring: None,
                coaches: None,
            });
        }
    }
    // The parameters stand where a sweep's axes would: `processes.csv` gets a column for each
    // (named as the parameter), and the manifest lists each one's value at every point.
    base.file.sweep = spec
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| SweepAxis {
            key: p.name.clone(),
            values: values
                .iter()
                .map(|row| toml_value(row[i], whole[i]))
                .collect(),
        })
        .collect();
    base.cells = cells;
    Ok(base)
}

fn point_label(spec: &SensitivitySpec, row: &[f64]) -> String {
    spec.parameters
        .iter()
        .zip(row)
        .map(|(p, v)| format!("{} = {v}", p.name))
        .collect::<Vec<_>>()
        .join(", ")
}
