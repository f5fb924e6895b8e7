//! Where a row of a run's CSV files sits in the experiment: its condition, and its sweep point
//! read from the sweep columns. In a grid there is one column per axis and the point is the
//! combination (first axis outermost); one axis at a time, a `varied` column names the axis and
//! the point is that axis's value (the other axis columns hold the base values in effect).

use crate::charts::data::Axis;
use crate::charts::data::table::Table;
use crate::error::Result;
use crate::experiment::plan::sweep_column;
use crate::record::process::SweepMode;
use std::collections::HashMap;

/// Name of the column that names the varied axis in one-at-a-time sweeps.
pub const VARIED: &str = "varied";

/// One sweep axis, indexed.
struct Indexed {
    key: String,
    labels: HashMap<String, usize>,
    numbers: Vec<Option<f64>>,
    /// Grid: points between two values of this axis. One at a time: the first point of it.
    step: usize,
}

/// Maps condition names and sweep labels to indices.
pub struct Grid {
    conditions: HashMap<String, usize>,
    axes: Vec<Indexed>,
    one_at_a_time: bool,
}

impl Grid {
    /// The index of a run with these conditions and sweep axes.
    pub fn new(conditions: &[String], axes: &[Axis], mode: SweepMode) -> Grid {
        let one_at_a_time = mode == SweepMode::OneAtATime && !axes.is_empty();
        let mut steps = vec![1; axes.len()];
        if one_at_a_time {
            steps[0] = 0;
            for a in 1..axes.len() {
                steps[a] = steps[a - 1] + axes[a - 1].labels.len();
            }
        } else {
            for a in (0..axes.len().saturating_sub(1)).rev() {
                steps[a] = steps[a + 1] * axes[a + 1].labels.len();
            }
        }
        Grid {
            conditions: conditions
                .iter()
                .enumerate()
                .map(|(i, c)| (c.clone(), i))
                .collect(),
            axes: axes
                .iter()
                .zip(steps)
                .map(|(a, step)| Indexed {
                    key: a.key.clone(),
                    labels: a
                        .labels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| (l.clone(), i))
                        .collect(),
                    numbers: a.labels.iter().map(|l| l.parse::<f64>().ok()).collect(),
                    step,
                })
                .collect(),
            one_at_a_time,
        }
    }

    /// The condition named in column `col` of a row.
    pub fn condition(&self, t: &Table, rec: &csv::StringRecord, col: usize) -> Result<usize> {
        let name = t.field(rec, col)?;
        self.conditions.get(name).copied().ok_or_else(|| {
            t.error(
                rec,
                format!("condition `{name}` is not one of the run's conditions in manifest.json"),
            )
        })
    }

    /// The sweep columns of a file: one per axis, after the `varied` column one axis at a
    /// time.
    pub fn columns(&self, t: &Table) -> Result<Vec<usize>> {
        let mut cols = Vec::with_capacity(self.axes.len() + 1);
        if self.one_at_a_time {
            cols.push(t.column(VARIED)?);
        }
        for a in &self.axes {
            cols.push(t.column(&sweep_column(&a.key))?);
        }
        Ok(cols)
    }

    /// The index of `label` among the values of axis `a`: the same text, or else the same
    /// number (`1` and `1.0` are one value).
    fn value(&self, a: usize, t: &Table, rec: &csv::StringRecord, label: &str) -> Result<usize> {
        let axis = &self.axes[a];
        if let Some(&i) = axis.labels.get(label) {
            return Ok(i);
        }
        let number = label.parse::<f64>().ok();
        number
            .and_then(|x| axis.numbers.iter().position(|n| *n == Some(x)))
            .ok_or_else(|| {
                t.error(
                    rec,
                    format!(
                        "`{label}` is not a value of the sweep over `{}` in manifest.json",
                        axis.key
                    ),
                )
            })
    }

    /// The sweep point of a row, from the columns [`Grid::columns`] found.
    pub fn point(&self, t: &Table, rec: &csv::StringRecord, cols: &[usize]) -> Result<usize> {
        if self.one_at_a_time {
            let key = t.field(rec, cols[0])?;
            let a = self.axes.iter().position(|a| a.key == key).ok_or_else(|| {
                t.error(
                    rec,
                    format!("`{VARIED}` names `{key}`, which is not a sweep axis in manifest.json"),
                )
            })?;
            let label = t.field(rec, cols[1 + a])?;
            return Ok(self.axes[a].step + self.value(a, t, rec, label)?);
        }
        let mut point = 0;
        for (a, &col) in cols.iter().enumerate() {
            let label = t.field(rec, col)?;
            point += self.value(a, t, rec, label)? * self.axes[a].step;
        }
        Ok(point)
    }
}
