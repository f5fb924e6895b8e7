//! Benchmarks that print figures (speed is measured here, never asserted in tests).
//!
//! - [`negmas`]: replay NegMAS's own results and time negsim on the same negotiations
//! - [`peer`]: NegMAS and negsim side by side on the same domains, in one run
//! - [`engine`]: processes per second for the quickstart, a classic-tactics workload and W2
//!   (large participation processes)
//! - [`curves`]: processes per second against stakeholders and issues (a new case per
//!   replication), and the time of the exact metrics against the number of packages
//! - [`scaling`]: time per process against stakeholders, issues and options, and peak memory

pub mod curves;
pub mod engine;
pub mod negmas;
pub mod peer;
pub mod scaling;
