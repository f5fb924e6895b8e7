//! Global sensitivity analysis of an experiment's outputs (`negsim sensitivity`).

pub mod bootstrap;
pub mod joe_kuo;
pub mod morris;
pub mod saltelli;
pub mod sequence;
#[cfg(test)]
mod testfn;
