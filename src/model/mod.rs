//! The model's nouns: cases (issues, options, interests, world value), traits, cultures.

pub mod case;
pub mod culture;
pub mod generator;
pub mod label;
pub mod name;
pub mod prepared;
pub mod traits;
