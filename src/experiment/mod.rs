//! Experiments: config files, plans (conditions x sweep x replications), the parallel runner, sensitivity analysis.

pub mod file;
pub mod finding;
pub mod generated;
pub mod library;
pub mod merge;
pub mod plan;
pub mod progress;
pub mod provenance;
pub mod replay;
pub mod runner;
pub mod scenario;
pub mod sensitivity;
pub mod simulation;
pub mod stats;
