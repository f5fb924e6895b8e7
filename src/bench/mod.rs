//! Benchmarks that print figures (speed is measured here, never asserted in tests).
//!
//! - [`negmas`]: replay NegMAS's own results and time negsim on the same negotiations
//! - [`peer`]: NegMAS and negsim side by side on the same domains, in one run
//! - [`engine`]: processes per second for the quickstart and a classic-tactics workload
//! - [`scaling`]: time per process against stakeholders, issues and options, and peak memory

pub mod engine;
pub mod negmas;
pub mod peer;
pub mod scaling;
