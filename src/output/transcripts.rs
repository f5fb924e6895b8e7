//! Writing `transcripts.jsonl` (see [`crate::record::transcript`]) whole, or not at all.

use crate::error::Result;
use crate::output::atomic::write_file;
use crate::record::transcript::{FILE, ProcessTranscript, to_jsonl};
use std::path::Path;

/// Writes the transcripts into `dir`; nothing when there are none.
pub fn write(dir: &Path, transcripts: &[ProcessTranscript]) -> Result<()> {
    if transcripts.is_empty() {
        return Ok(());
    }
    write_file(&dir.join(FILE), &to_jsonl(transcripts))
}
