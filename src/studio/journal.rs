//! The session journal: everything a class did, written to disk (atomically: a new file is
//! renamed over the old one, so a crash leaves the last complete journal) after every change,
//! so that `negsim studio --resume FILE` brings every table back where it was.

use crate::error::{Error, Result};
use crate::output::atomic::write_file;
use crate::studio::session::ClassRecord;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The journal format written by this version.
pub const FORMAT: u32 = 3;

/// What the journal holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Journal {
    /// Format version.
    pub format: u32,
    /// The negsim version that wrote it (a replay is exact within one version).
    pub negsim: String,
    /// The key in the trainer's address.
    pub trainer_key: String,
    /// The class session, once opened.
    pub class: Option<ClassRecord>,
}

impl Journal {
    /// A journal for a new studio.
    pub fn new(trainer_key: String) -> Journal {
        Journal {
            format: FORMAT,
            negsim: env!("CARGO_PKG_VERSION").to_string(),
            trainer_key,
            class: None,
        }
    }

    /// The journal as written to disk.
    pub fn text(&self) -> Result<Vec<u8>> {
        // One line: it is rewritten after every move of a class, so it is kept small.
        let mut text = serde_json::to_vec(self)
            .map_err(|e| Error::input(format!("the journal could not be written: {e}")))?;
        text.push(b'\n');
        Ok(text)
    }

    /// Writes the journal to `path`, replacing the last one whole.
    pub fn write(&self, path: &Path) -> Result<()> {
        write_file(path, &self.text()?)
    }

    /// Reads a journal written by [`Journal::write`].
    pub fn read(path: &Path) -> Result<Journal> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
        let journal: Journal = serde_json::from_str(&text).map_err(|e| {
            Error::input(format!(
                "{} is not a studio journal: {e} (line {}, column {})",
                path.display(),
                e.line(),
                e.column()
            ))
            .at_key("--resume")
            .with_hint(format!(
                "pass the journal file `{program} studio` printed when it started",
                program = crate::program::name()
            ))
        })?;
        if journal.format != FORMAT {
            return Err(Error::input(format!(
                "{} is a studio journal of format {}; this negsim reads format {FORMAT}",
                path.display(),
                journal.format
            ))
            .at_key("--resume"));
        }
        Ok(journal)
    }
}

/// Where a new journal goes when none is given: `output/studio/session-<UTC time>.json`.
pub fn default_path() -> PathBuf {
    let stamp = humantime::format_rfc3339_seconds(std::time::SystemTime::now())
        .to_string()
        .replace(':', "-");
    PathBuf::from("output")
        .join("studio")
        .join(format!("session-{stamp}.json"))
}
