//! Organisations over time: a population that meets in many processes over cycles, with
//! persistent relationships, turnover and the five levers (training, culture, facilitator,
//! mentoring, evaluate-and-learn). See docs/model.md, section 7.11.

pub mod components;
pub mod cycle_record;
pub mod engine;
pub mod levers;
pub mod records;
pub mod relationships;
pub mod runner;
pub mod tables;
pub mod turnover;
