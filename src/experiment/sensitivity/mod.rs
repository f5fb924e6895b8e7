//! Global sensitivity analysis of an experiment's outputs (`negsim sensitivity`).
//!
//! An experiment file's `[sensitivity]` section ([`spec`]) names parameters (numeric scenario
//! keys) with ranges, a method and outputs. [`design`] turns it into a [`crate::experiment::plan::Plan`]
//! whose points are the points of a Morris design ([`morris`]) or a Saltelli design
//! ([`saltelli`], on the Sobol' sequence of [`sequence`] with Joe and Kuo's direction numbers
//! in [`joe_kuo`]); the ordinary runner runs it; [`analysis`] reads `processes.csv` and
//! estimates the indices with bootstrap intervals ([`bootstrap`]). docs/sensitivity.md
//! describes the methods and their conventions (SALib's).

pub mod analysis;
pub mod bootstrap;
pub mod design;
pub mod joe_kuo;
pub mod morris;
pub mod saltelli;
pub mod sequence;
pub mod spec;
#[cfg(test)]
mod testfn;
