//! Output: records as tidy CSV (one header row, snake_case columns in MODEL.md's vocabulary,
//! numbers in their shortest exact form), the manifest, and atomic file handling.

pub mod atomic;
pub mod csv_row;
pub mod lock;
pub mod manifest;
pub mod paths;
pub mod records;
pub mod transcripts;
