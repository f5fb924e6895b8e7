//! Statistics of a finished run, computed by streaming over `processes.csv` (so they are the
//! same for a single run, a resumed run and merged shards, and memory does not grow with the
//! number of processes).
//!
//! - `summary.csv`: per condition x sweep point x metric: n, mean, sd, standard error,
//!   95% t-interval, median; for boolean metrics the rate with a 95% Wilson interval.
//! - `comparison.csv`: per compared pair of conditions x sweep point x metric: the difference
//!   of means with a paired 95% t-interval (replication r of every condition shares its random
//!   streams, so processes pair up), Cohen's d (pooled SD) and Cohen's d_z (paired).
//!
//! Quantiles of the t and normal distributions are rounded to 10 significant digits before use,
//! so that the statistics are bit-identical on every platform.
//!
//! - [`estimators`]: moments, intervals, effect sizes and the exact median
//! - `summary`: the statistics computed from a result file
//! - `files`: `summary.csv` and `comparison.csv`
//! - `console`: the tables printed at the end of a run

mod console;
pub mod estimators;
mod files;
mod summary;

pub use console::{render, render_organisations};
pub use files::write;
pub use summary::{ComparisonRow, Scale, Statistics, SummaryRow, compute, compute_set};

use crate::error::Result;
use crate::record::columns::{ORGANISATION_METRICS, PROCESS_METRICS};
use std::path::Path;

/// Computes and writes the statistics of a finished run (or merged shards) in `dir`.
pub fn summarise(dir: &Path, plan: &crate::experiment::plan::Plan) -> Result<Statistics> {
    let pairs: Vec<(String, String)> = plan
        .file
        .comparisons()
        .into_iter()
        .map(|(a, b)| {
            (
                plan.file.conditions[a].name.clone(),
                plan.file.conditions[b].name.clone(),
            )
        })
        .collect();
    let set = if plan.is_organisation() {
        ORGANISATION_METRICS
    } else {
        PROCESS_METRICS
    };
    let statistics = compute_set(&dir.join(set.file), &pairs, &set)?;
    write(dir, &statistics)?;
    Ok(statistics)
}
