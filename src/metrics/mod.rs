//! What every process reports: per-process metrics, exact by search over issues at any size,
//! and the whole outcome space (Pareto frontier, Nash point) for the views that draw it.

pub mod outcome_space;
pub mod process;
pub mod search;
