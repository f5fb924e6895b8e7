//! What every process reports: its metrics, measured against the case's outcome space
//! ([`crate::model::outcome_space`]).

pub mod process;
