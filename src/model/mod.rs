//! The model's nouns: cases (issues, options, interests, world value), traits, cultures, and
//! the organisation a population of stakeholders works in (its levers and their timing); and
//! what a prepared case implies, computed once per case: its outcome space (Pareto frontier,
//! Nash point) and each stakeholder's utility inverter (the packages nearest a target utility).

pub mod case;
pub mod culture;
pub mod generator;
pub mod inverter;
pub mod label;
pub mod organisation;
pub mod outcome_space;
pub mod prepared;
pub mod traits;
