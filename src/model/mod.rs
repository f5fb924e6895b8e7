//! The model's nouns: cases (issues, options, interests, world value), traits, cultures, and
//! the organisation a population of stakeholders works in (its levers and their timing).

pub mod case;
pub mod culture;
pub mod generator;
pub mod label;
pub mod name;
pub mod organisation;
pub mod prepared;
pub mod traits;
