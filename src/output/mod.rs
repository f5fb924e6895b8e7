//! Output: records as tidy CSV (one header row, snake_case columns in docs/model.md's vocabulary,
//! numbers in their shortest exact form), the manifest and the journal, atomic files created
//! without following links, and the fault points the crash tests kill runs at.

pub mod atomic;
pub mod csv_row;
pub mod fault;
pub mod journal;
pub mod lock;
pub mod manifest;
pub mod open;
pub mod paths;
pub mod records;
pub mod transcripts;
