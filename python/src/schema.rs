//! The type of every column of the CSV files a run writes, so that Python reads each file
//! with the same dtypes whatever its rows hold (a column of utilities that happen to be whole
//! numbers stays a float column; a column left empty in every row keeps its type).
//!
//! Result columns take the type the record registry (`negsim::record::columns`) declares for
//! them, the one list the writers write from; the package's tests run every kind of experiment
//! and fail on a column the registry does not know. Sweep columns take the type of the values
//! the experiment sweeps.

use negsim::experiment::plan::Plan;
use negsim::record::columns::{Kind, kind_of};
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

impl From<Kind> for Dtype {
    fn from(kind: Kind) -> Dtype {
        match kind {
            Kind::Integer => Dtype::Int,
            Kind::Number => Dtype::Float,
            Kind::Boolean => Dtype::Bool,
            Kind::Text => Dtype::Str,
        }
    }
}

/// The type of a result column (not a sweep column), as the record registry declares it
/// (trait columns under their generated names included); `None` for a name it does not know.
pub fn result_column(name: &str) -> Option<Dtype> {
    kind_of(name).map(Dtype::from)
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
/// result columns from the registry, and `None` for a column this table does not know.
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
