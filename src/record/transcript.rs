//! Recorded transcripts: the events of a few processes of a run, kept in `transcripts.jsonl`
//! next to the CSV files, so that views of single processes (the negotiation-dance chart)
//! read what happened instead of simulating it again.
//!
//! One JSON object per line, one line per process in id order. Each names the run it belongs
//! to (`config_hash`, as in `manifest.json`) and the process (`process_id`, `condition`,
//! `replication`, `case`), how it ended, and its events as
//! [`crate::protocol::observe::Event`]s tagged by `event`. Numbers are written in their
//! shortest exact form, so the same run writes the same bytes on every machine.

use crate::error::{Error, Result};
use crate::protocol::components::Status;
use crate::protocol::observe::Event;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The file's name in a run's folder.
pub const FILE: &str = "transcripts.jsonl";

/// How many processes a run records: the first replication of each condition at the first
/// sweep point, up to this many conditions.
pub const MAX_RECORDED: usize = 6;

/// Largest table, in stakeholders, whose transcript a run records by itself. A transcript grows
/// with the square of the table (every seat's verdict on every package, every round): at 1,000
/// stakeholders five rounds are 700 MB of JSON and 400 MB of events held until the run ends,
/// for a dance chart of 1,000 lines nobody can read. `negsim plot --process ID` still draws
/// any process's dance, recording its transcript when asked.
pub const MAX_RECORDED_SEATS: usize = 16;

/// The transcript of one process.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProcessTranscript {
    /// The run's config hash (`manifest.json`'s `config_hash`).
    pub config_hash: String,
    /// The process id (as in `processes.csv`).
    pub process_id: u64,
    /// The condition's name.
    pub condition: String,
    /// The replication.
    pub replication: u64,
    /// The case's name.
    pub case: String,
    /// How it ended (`agreement`, `deadline`, `walk_out`).
    pub outcome: Status,
    /// Rounds used.
    pub rounds: u32,
    /// Everything that happened, in order.
    pub events: Vec<Event>,
}

/// Writes the lines of a transcripts file to `out`, one transcript at a time (a transcript of a
/// large table runs to hundreds of megabytes of JSON, so the lines are never held whole).
pub fn write_jsonl(
    out: &mut impl std::io::Write,
    transcripts: &[ProcessTranscript],
) -> std::io::Result<()> {
    for t in transcripts {
        // A transcript holds only numbers, strings and finite floats: it serialises unless
        // writing fails.
        serde_json::to_writer(&mut *out, t).map_err(std::io::Error::other)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Reads `transcripts.jsonl` in `dir`; an empty list when the run recorded none (a run of an
/// older negsim, an organisation experiment). A line that does not read, or belongs to
/// another run than `config_hash`, is an error naming the file and line.
pub fn read(dir: &Path, config_hash: &str) -> Result<Vec<ProcessTranscript>> {
    let path = dir.join(FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&path, &e)),
    };
    let mut transcripts = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let at = |e: Error| e.in_file(&path).at_line(Some(i + 1));
        let t: ProcessTranscript = serde_json::from_str(line).map_err(|e| {
            at(Error::input(format!("not a recorded transcript: {e}")))
                .with_hint("run the experiment again, or delete the file to plot without it")
        })?;
        if t.config_hash != config_hash {
            return Err(at(Error::input(format!(
                "this transcript belongs to another run (config hash {}, the folder's is {config_hash})",
                t.config_hash
            )))
            .with_hint("run the experiment again, or delete the file to plot without it"));
        }
        transcripts.push(t);
    }
    Ok(transcripts)
}
