//! The session journal: everything a class did, written to disk (atomically: a new file is
//! renamed over the old one, so a crash leaves the last complete journal) after every change,
//! so that `negsim studio --resume FILE` brings every table back where it was.

use crate::error::{Error, Result};
use crate::model::label::Lang;
use crate::output::atomic::write_file;
use crate::studio::session::ClassRecord;
use crate::teaching::catalogue::{Msg, Speaker};
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
        Journal::read_in(path, Lang::En)
    }

    /// Reads a journal written by [`Journal::write`]; what stops it is told in `lang` (the
    /// reader's words of a file that is not one stay as they are).
    pub fn read_in(path: &Path, lang: Lang) -> Result<Journal> {
        let speak = Speaker::new(lang);
        let shown = path.display().to_string();
        let hint = || {
            let program = crate::program::name();
            speak.say(Msg::StudioJournalHint, &[("program", program)])
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            // The system's words for the common case are told in the class's language.
            match e.kind() {
                std::io::ErrorKind::NotFound if lang != Lang::En => {
                    Error::input(speak.say(Msg::StudioNoJournal, &[("path", &shown)]))
                        .at_key("--resume")
                        .with_hint(hint())
                }
                _ => Error::io(path, &e),
            }
        })?;
        let journal: Journal = serde_json::from_str(&text).map_err(|e| {
            // What is wrong, by the reader's kind of error: a file cut short and text that is
            // no JSON are told in the class's language; a value that does not fit keeps the
            // reader's words (they name the field), without the place it adds, which is told
            // once after.
            use serde_json::error::Category;
            let said = e.to_string();
            let said = said
                .rsplit_once(" at line ")
                .map_or(said.as_str(), |(s, _)| s);
            let why = match e.classify() {
                Category::Eof => speak.say(Msg::StudioJournalCut, &[]),
                Category::Syntax => speak.say(Msg::StudioJournalNotJson, &[]),
                Category::Data | Category::Io => {
                    speak.say(Msg::StudioJournalValue, &[("said", said)])
                }
            };
            Error::input(speak.say(
                Msg::StudioNotAJournal,
                &[
                    ("path", &shown),
                    ("why", &why),
                    ("line", &e.line().to_string()),
                    ("column", &e.column().to_string()),
                ],
            ))
            .at_key("--resume")
            .with_hint(hint())
        })?;
        if journal.format != FORMAT {
            return Err(Error::input(speak.say(
                Msg::StudioJournalFormat,
                &[
                    ("path", &shown),
                    ("found", &journal.format.to_string()),
                    ("format", &FORMAT.to_string()),
                ],
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
