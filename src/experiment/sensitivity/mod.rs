//! Global sensitivity analysis of an experiment's outputs (`negsim sensitivity`).

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
