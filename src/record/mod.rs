//! Records: what a process leaves behind, in the form every reader of results shares. The
//! CSV writers, the statistics, the charts, the validation checks and the report read
//! records; none of them reaches into the runner that produced them.
//!
//! - [`process`]: the record of one process, its id in the plan, and the columns its cell's
//!   rows share
//! - [`columns`]: the registry of result columns and metrics
//! - [`transcript`]: the recorded transcript of a process (`transcripts.jsonl`)

pub mod columns;
pub mod process;
pub mod transcript;
