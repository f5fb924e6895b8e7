//! What every process reports: outcome space (Pareto frontier, Nash point) and per-process
//! metrics.

pub mod outcome_space;
pub mod process;
