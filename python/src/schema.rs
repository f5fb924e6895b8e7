//! The type of every column of the CSV files a run writes, so that Python reads each file
//! with the same dtypes whatever its rows hold (a column of utilities that happen to be whole
//! numbers stays a float column; a column left empty in every row keeps its type).
//!
//! The result columns are listed here by name, next to the writers in `negsim::output` and
//! `negsim::organisation::records` that define them; the package's tests run every kind of
//! experiment and fail on a column this table does not know. Sweep columns take the type of
//! the values the experiment sweeps.

use negsim::experiment::plan::Plan;
use negsim::model::traits::TraitName;
use negsim::record::process::SweepMode;

/// A column's type, as the Python side names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dtype {
    /// Whole numbers (ids, counts, rounds).
    Int,
    /// Numbers (utilities, rates, traits); an empty field is missing.
    Float,
    /// `true` / `false`.
    Bool,
    /// Text (names, keys, packages); an empty field is missing.
    Str,
}

impl Dtype {
    /// The name the Python package maps to a polars dtype.
    pub fn name(self) -> &'static str {
        match self {
            Dtype::Int => "int",
            Dtype::Float => "float",
            Dtype::Bool => "bool",
            Dtype::Str => "str",
        }
    }

    /// Whether a written field reads as this type (an empty field reads as missing).
    fn reads(self, field: &str) -> bool {
        field.is_empty()
            || match self {
                Dtype::Int => field.parse::<i64>().is_ok(),
                Dtype::Float => field.parse::<f64>().is_ok(),
                Dtype::Bool => field == "true" || field == "false",
                Dtype::Str => true,
            }
    }

    /// The narrowest type at least as wide as `self` that reads `field`.
    fn widen_for(self, field: &str) -> Dtype {
        if self.reads(field) {
            self
        } else if self == Dtype::Int && Dtype::Float.reads(field) {
            Dtype::Float
        } else {
            Dtype::Str
        }
    }
}

const INT: &[&str] = &[
    // identifiers
    "process_id",
    "organisation",
    "replication",
    "seat",
    "stakeholder_id",
    "round",
    "cycle",
    "table",
    // counts
    "stakeholders",
    "rounds",
    "walkouts",
    "lose_lose_issues",
    "below_batna",
    "hidden_options_found",
    "disclosed_issues",
    "accepted_packages",
    "processes",
    "facilitated",
    "newcomers",
    "trained",
    "mentoring_pairs",
    "population",
    "cycles",
    "cycles_to_collaborative",
    "n",
    "n_pairs",
];

const BOOL: &[&str] = &[
    "facilitator",
    "agreed",
    "pareto_exact",
    "win_win_win",
    "beat_batna",
    "walked_out",
];

const STR: &[&str] = &[
    "condition",
    "varied",
    "case",
    "culture",
    "protocol",
    "decision_rule",
    "outcome",
    "agreement",
    "stakeholder",
    "tactic",
    "disclosed_issue",
    "proposal",
    "metric",
    "kind",
    "condition_a",
    "condition_b",
];

const FLOAT: &[&str] = &[
    // processes.csv
    "joint_utility",
    "mean_utility",
    "min_utility",
    "richest_share",
    "nash_product",
    "pareto_distance",
    "nash_distance",
    "world_value",
    "efficiency",
    "belief_accuracy",
    "early_belief_accuracy",
    "trust_mean",
    "stress_mean",
    // stakeholders.csv and rounds.csv
    "batna",
    "utility",
    "surplus",
    "aspiration",
    "stress",
    "proposal_utility",
    "best_offer_utility",
    // summary.csv and comparison.csv
    "mean",
    "sd",
    "se",
    "ci_low",
    "ci_high",
    "median",
    "mean_a",
    "mean_b",
    "difference",
    "cohens_d",
    "cohens_dz",
    // cycles.csv and organisations.csv
    "agreement_rate",
    "win_win_win_rate",
    "mean_joint_utility",
    "mean_world_value",
    "mean_rounds",
    "collaborativeness",
    "training_cost",
    "culture_norm_cost",
    "facilitation_cost",
    "mentoring_cost",
    "evaluation_cost",
    "total_cost",
    "start_win_win_win_rate",
    "final_win_win_win_rate",
    "win_win_win_gain",
    "mean_win_win_win_rate",
    "final_agreement_rate",
    "final_mean_utility",
    "start_collaborativeness",
    "final_collaborativeness",
    "gain_per_cost",
];

/// The type of a result column (not a sweep column), if this table knows it.
pub fn result_column(name: &str) -> Option<Dtype> {
    let is = |list: &[&str]| list.contains(&name);
    if is(INT) {
        return Some(Dtype::Int);
    }
    if is(BOOL) {
        return Some(Dtype::Bool);
    }
    if is(STR) {
        return Some(Dtype::Str);
    }
    if is(FLOAT) {
        return Some(Dtype::Float);
    }
    // A trait (stakeholders.csv), its mean and spread over a population (cycles.csv) and its
    // final mean (organisations.csv).
    let traited = TraitName::ALL.iter().any(|t| {
        let key = t.key();
        name == key
            || name.strip_suffix("_mean") == Some(key)
            || name.strip_suffix("_sd") == Some(key)
            || name
                .strip_prefix("final_")
                .and_then(|n| n.strip_suffix("_mean"))
                == Some(key)
    });
    traited.then_some(Dtype::Float)
}

/// The type of each sweep column of a plan, by column name, in column order: the type of the
/// values the experiment sweeps (whole numbers, numbers, true/false or text), widened where a
/// value written in the files does not read as it.
pub fn sweep_columns(plan: &Plan) -> Vec<(String, Dtype)> {
    let columns = plan.sweep_columns();
    let one_at_a_time =
        plan.file.meta.sweep_mode == SweepMode::OneAtATime && !plan.file.sweep.is_empty();
    let offset = usize::from(one_at_a_time);
    let mut types = Vec::with_capacity(columns.len());
    if one_at_a_time {
        types.push(Dtype::Str);
    }
    for (a, axis) in plan.file.sweep.iter().enumerate() {
        let mut dtype = declared(&axis.values);
        for cell in &plan.cells {
            if let Some(label) = cell.columns.labels.get(a + offset) {
                dtype = dtype.widen_for(label);
            }
        }
        types.push(dtype);
    }
    columns.into_iter().zip(types).collect()
}

/// The type of a list of TOML values: the narrowest that holds all of them.
fn declared(values: &[toml::Value]) -> Dtype {
    use toml::Value::*;
    if values.iter().all(|v| matches!(v, Boolean(_))) {
        Dtype::Bool
    } else if values.iter().all(|v| matches!(v, Integer(_))) {
        Dtype::Int
    } else if values.iter().all(|v| matches!(v, Integer(_) | Float(_))) {
        Dtype::Float
    } else {
        Dtype::Str
    }
}

/// The types of a file's columns, from its header: sweep columns as the plan sweeps them,
/// result columns from the table above, and `None` for a column this table does not know.
pub fn of_header(header: &[String], sweep: &[(String, Dtype)]) -> Vec<(String, Option<Dtype>)> {
    header
        .iter()
        .map(|name| {
            let dtype = sweep
                .iter()
                .find(|(column, _)| column == name)
                .map(|(_, d)| *d)
                .or_else(|| result_column(name));
            (name.clone(), dtype)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_widen_to_the_narrowest_type_that_reads_them() {
        assert_eq!(Dtype::Int.widen_for("12"), Dtype::Int);
        assert_eq!(Dtype::Int.widen_for("0.5"), Dtype::Float);
        assert_eq!(Dtype::Int.widen_for("job-offer"), Dtype::Str);
        assert_eq!(Dtype::Float.widen_for("1"), Dtype::Float);
        assert_eq!(Dtype::Bool.widen_for("1"), Dtype::Str);
        assert_eq!(Dtype::Int.widen_for(""), Dtype::Int);
        use toml::Value::*;
        assert_eq!(declared(&[Integer(1), Float(0.5)]), Dtype::Float);
        assert_eq!(declared(&[Integer(1), Integer(2)]), Dtype::Int);
        assert_eq!(declared(&[Boolean(true)]), Dtype::Bool);
        assert_eq!(declared(&[String("a".into()), Integer(2)]), Dtype::Str);
    }

    #[test]
    fn traits_are_numbers_in_every_file() {
        for name in [
            "openness",
            "empathy_mean",
            "composure_sd",
            "final_trust_propensity_mean",
        ] {
            assert_eq!(result_column(name), Some(Dtype::Float), "{name}");
        }
        assert_eq!(result_column("openness_median"), None);
    }
}
