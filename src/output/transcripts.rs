//! `transcripts.jsonl` (see [`crate::record::transcript`]), started as a partial file that a run
//! or merge commits with its other files: whole, or not at all.

use crate::error::{Error, Result};
use crate::output::atomic::AtomicFile;
use crate::record::transcript::{FILE, ProcessTranscript, write_jsonl};
use std::path::Path;

/// Starts `transcripts.jsonl` in `dir` as a partial file holding the transcripts, for a run to
/// commit with its other files (so that it is checksummed in the manifest and replaces an
/// earlier run's only when the run is complete); `None` when there are none.
pub fn create(dir: &Path, transcripts: &[ProcessTranscript]) -> Result<Option<AtomicFile>> {
    if transcripts.is_empty() {
        return Ok(None);
    }
    let path = dir.join(FILE);
    let mut file = AtomicFile::create(&path)?;
    write_jsonl(&mut file, transcripts).map_err(|e| Error::io(&path, &e))?;
    Ok(Some(file))
}
