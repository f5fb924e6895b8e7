//! Experiments: config files, plans (conditions x sweep x replications), the parallel runner, sensitivity analysis.

pub mod file;
pub mod library;
pub mod merge;
pub mod plan;
pub mod progress;
pub mod replay;
pub mod runner;
pub mod scenario;
pub mod sensitivity;
pub mod stats;
