//! Records: what a process leaves behind, in the form every reader of results shares. The
//! CSV writers, the statistics, the charts, the validation checks and the report read
//! records; none of them reaches into the runner that produced them.
//!
//! - [`transcript`]: the recorded transcript of a process (`transcripts.jsonl`)

pub mod transcript;
