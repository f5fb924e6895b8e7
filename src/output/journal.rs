//! The journal `progress.json` of an unfinished run, and the steps that finish a run.
//!
//! negsim holds its output folder to what SQLite promises about its files: whatever happens
//! (a kill, a power cut, a full disk), the folder is either a finished run, verified by the
//! checksums in its manifest, or an unfinished one that a single command continues
//! (`negsim run ... --resume`, or `negsim plot` for the statistics and charts after the
//! manifest), and finished results are never removed before their replacement is complete.
//!
//! A run creates its files as `<name>.partial` and writes the journal at once: the next
//! process to run and, per file, the length and SHA-256 of what is complete. After every block
//! of rows the files are synced and the journal replaced. Resuming checks every file against
//! the journal before it continues it. When every row is written, [`finish_run`] removes the
//! results of the run being replaced, renames the files into place, writes the manifest with
//! their checksums and only then removes the journal: killed at any step, the journal is still
//! there and `--resume` takes the steps that are left.

use crate::error::{Error, Result};
use crate::output::atomic::{AtomicFile, FileMark, mark_of, partial_path, write_file};
use crate::output::fault;
use crate::output::manifest::{
    CHARTS_DIR, Identity, Manifest, OUTPUT_FILES, ShardInfo, VERSION, git_commit,
    strategy_difference, timestamp,
};
use crate::output::open::sync_dir;
use crate::source::file::{ReadError, read_limited};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

/// The largest manifest or journal negsim reads: 256 MiB (they hold the text of the
/// experiment's config files, each at most 16 MiB).
pub const MAX_RECORD_BYTES: u64 = 256 << 20;

/// Whether anything (a file, a folder, a link) is at `path`.
pub fn present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Reads a manifest or journal as text: a regular file of at most [`MAX_RECORD_BYTES`].
pub fn read_record(path: &Path) -> Result<String> {
    let refused = |why: String| {
        Error::input(format!("cannot read it: {why}"))
            .in_file(path)
            .with_hint("negsim writes this file itself: move the thing in its place away")
    };
    let bytes = read_limited(path, MAX_RECORD_BYTES).map_err(|e| match e {
        ReadError::Io(e) => Error::io(path, &e),
        ReadError::TooLarge(size) => refused(format!(
            "it is {size} bytes long, and negsim reads a manifest or journal of at most {} MiB",
            MAX_RECORD_BYTES >> 20
        )),
        other => refused(other.to_string()),
    })?;
    String::from_utf8(bytes)
        .map_err(|_| Error::input("the file is not UTF-8 text: it is damaged").in_file(path))
}

/// `progress.json`: how far an unfinished run got.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Journal {
    /// Config hash of the run.
    pub config_hash: String,
    /// Shard, if any.
    pub shard: Option<ShardInfo>,
    /// Next process id to run.
    pub next: u64,
    /// What is complete of each output file: its length and SHA-256 (a resumed run checks
    /// both before it continues the file).
    #[serde(default)]
    pub files: Vec<FileMark>,
    /// Start time of the run.
    pub started: String,
    /// negsim version that wrote the rows so far (empty in journals from before it was kept).
    #[serde(default)]
    pub negsim_version: String,
    /// Git commit of that build, if known.
    #[serde(default)]
    pub git_commit: Option<String>,
    /// The registered strategies' fingerprints by name: their code is part of the build.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub strategies: BTreeMap<String, String>,
    /// What the run is, so that resuming another experiment can say what differs (absent from
    /// journals written before it was kept).
    #[serde(default)]
    pub identity: Option<Identity>,
    /// For the journal of a merge, the shard folders being merged (a merge that stops is
    /// done again, not resumed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merge_of: Vec<String>,
}

impl Journal {
    /// File name.
    pub const FILE: &'static str = "progress.json";

    /// A journal entry.
    pub fn new(
        hash: &str,
        identity: &Identity,
        shard: Option<(u64, u64)>,
        next: u64,
        files: Vec<FileMark>,
        started: SystemTime,
    ) -> Journal {
        Journal {
            config_hash: hash.to_string(),
            shard: ShardInfo::of(shard),
            next,
            files,
            started: timestamp(started),
            negsim_version: VERSION.to_string(),
            git_commit: git_commit().map(String::from),
            strategies: crate::protocol::strategy::fingerprints(),
            identity: Some(identity.clone()),
            merge_of: Vec::new(),
        }
    }

    /// What the journal recorded of the file `name`; `hint` says how to start over if it
    /// recorded nothing.
    pub fn mark(&self, name: &str, hint: &str) -> Result<&FileMark> {
        self.files.iter().find(|f| f.name == name).ok_or_else(|| {
            Error::input(format!(
                "the journal of the unfinished run records nothing of {name}, so it cannot be continued"
            ))
            .in_file(name)
            .with_hint(hint.to_string())
        })
    }

    /// Whether this is the journal of a merge.
    pub fn is_merge(&self) -> bool {
        !self.merge_of.is_empty()
    }

    /// Writes the journal atomically (and durably: the folder is synced too).
    pub fn write(&self, dir: &Path) -> Result<()> {
        write_file(
            &dir.join(Journal::FILE),
            serde_json::to_string(self).unwrap_or_default().as_bytes(),
        )
    }

    /// True if `dir` holds partial files but neither a journal nor a manifest: a run stopped
    /// before its first checkpoint, which cannot be resumed.
    pub fn stopped_before_checkpoint(dir: &Path) -> bool {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return false;
        };
        !present(&dir.join(Journal::FILE))
            && !present(&dir.join("manifest.json"))
            && entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".partial"))
    }

    /// Reads the journal of an unfinished run.
    pub fn read(dir: &Path) -> Result<Journal> {
        let path = dir.join(Journal::FILE);
        let text = read_record(&path).map_err(|e| {
            if present(&path) {
                e
            } else if present(&dir.join("manifest.json")) {
                Error::input(format!(
                    "the run in {} is already complete; nothing to resume",
                    dir.display()
                ))
                .with_hint(format!(
                    "`{program} plot {}` writes its statistics and charts again if they are missing",
                    dir.display(),
                    program = crate::program::name(),
                ))
            } else if Journal::stopped_before_checkpoint(dir) {
                Error::input(format!(
                    "the run in {} stopped before its first checkpoint: nothing was saved to resume",
                    dir.display()
                ))
                .with_hint("start it again with --force, which replaces its partial files")
            } else {
                Error::input(format!(
                    "there is no unfinished run to resume in {}",
                    dir.display()
                ))
                .with_hint("start the run without --resume")
            }
        })?;
        serde_json::from_str(&text).map_err(|e| {
            Error::input(format!("progress.json is damaged: {e}"))
                .in_file(&path)
                .with_hint("start the run over with --force")
        })
    }

    /// Checks that the run being resumed (`identity`, `hash`) is the same experiment and shard.
    pub fn check(
        &self,
        hash: &str,
        identity: &Identity,
        shard: Option<(u64, u64)>,
        dir: &Path,
    ) -> Result<()> {
        if self.is_merge() {
            return Err(Error::input(format!(
                "{} holds a merge that has not finished, not a run",
                dir.display()
            ))
            .with_hint(format!(
                "run the merge again: {program} merge {} --out {}",
                self.merge_of.join(" "),
                dir.display(),
                program = crate::program::name(),
            )));
        }
        if self.config_hash != hash {
            let differences = self
                .identity
                .as_ref()
                .map(|held| identity.differences(held, ("the unfinished run", "this one")))
                .unwrap_or_default();
            let what = if differences.is_empty() {
                "a different experiment, case, culture or seed".to_string()
            } else {
                format!("a different experiment: {}", differences.join("; "))
            };
            return Err(Error::input(format!(
                "the unfinished run in {} was started with {what}",
                dir.display()
            ))
            .with_hint("resume with the same files and --seed, or start over with --force"));
        }
        // Rows of two builds in one file would be a mix of two models (or of two ways of
        // writing them), which nothing downstream could tell apart.
        let this = (VERSION, git_commit());
        if (self.negsim_version.as_str(), self.git_commit.as_deref()) != this {
            let build = |v: &str, c: Option<&str>| {
                format!(
                    "negsim {} ({})",
                    if v.is_empty() {
                        "of an earlier version"
                    } else {
                        v
                    },
                    c.unwrap_or("unknown commit")
                )
            };
            return Err(Error::input(format!(
                "the unfinished run in {} was started by {}, and this is {}",
                dir.display(),
                build(&self.negsim_version, self.git_commit.as_deref()),
                build(this.0, this.1)
            ))
            .with_hint("finish it with the build that started it, or start over with --force"));
        }
        if let Some(difference) =
            strategy_difference(&self.strategies, &crate::protocol::strategy::fingerprints())
        {
            return Err(Error::input(format!(
                "the unfinished run in {} was started with other strategies: {difference}",
                dir.display()
            ))
            .with_hint(
                "finish it with the strategies' code that started it, or start over with --force",
            ));
        }
        if self.shard != ShardInfo::of(shard) {
            return Err(Error::input(format!(
                "the unfinished run in {} is a different shard",
                dir.display()
            ))
            .with_hint("resume with the same --shard"));
        }
        Ok(())
    }

    /// The recorded start time.
    pub fn started_time(&self) -> SystemTime {
        humantime::parse_rfc3339(&self.started).unwrap_or_else(|_| SystemTime::now())
    }
}

/// Whether `dir` holds a finished run: a manifest and no journal.
pub fn is_finished(dir: &Path) -> bool {
    present(&dir.join("manifest.json")) && !present(&dir.join(Journal::FILE))
}

/// Finishes a run whose rows are all written and checkpointed (the journal says so): removes
/// the results of a run it replaces, renames `files` into place, writes `manifest` with their
/// checksums, and removes the journal. Every step can be taken again, so a run killed
/// anywhere in here is finished by `--resume`.
pub fn finish_run(dir: &Path, files: Vec<AtomicFile>, mut manifest: Manifest) -> Result<()> {
    let names: Vec<String> = files.iter().map(|f| f.mark().name).collect();
    remove_replaced(dir, &names)?;
    fault::step("replaced-removed", dir)?;
    let mut marks = Vec::with_capacity(files.len());
    for f in files {
        marks.push(f.commit()?);
    }
    manifest.files = marks;
    write_file(&dir.join("manifest.json"), manifest.to_json().as_bytes())?;
    remove_journal(dir)?;
    fault::step("journal-removed", dir)
}

/// Removes the journal (and a partial one a kill left), durably: from now on the folder holds
/// a finished run, or none.
pub fn remove_journal(dir: &Path) -> Result<()> {
    let journal = dir.join(Journal::FILE);
    for path in [partial_path(&journal), journal] {
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::io(&path, &e));
            }
            _ => {}
        }
    }
    sync_dir(dir).map_err(|e| Error::io(dir, &e))
}

/// Removes what an earlier run left in `dir` that the run being finished does not write
/// itself (`keep`): its data files, manifest, statistics, report and charts. Called only once
/// the new run's rows are complete, so that a finished run is never lost to an unfinished one.
pub fn remove_replaced(dir: &Path, keep: &[String]) -> Result<()> {
    let remove = |path: &Path| match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, &e)),
        _ => Ok(()),
    };
    for name in OUTPUT_FILES {
        if keep.iter().any(|k| k == name) {
            continue;
        }
        let path = dir.join(name);
        remove(&path)?;
        remove(&partial_path(&path))?;
    }
    let charts = dir.join(CHARTS_DIR);
    // A link is removed itself; what it points to is left alone.
    match std::fs::symlink_metadata(&charts) {
        Ok(m) if m.is_dir() => {
            std::fs::remove_dir_all(&charts).map_err(|e| Error::io(&charts, &e))?
        }
        Ok(_) => remove(&charts)?,
        Err(_) => {}
    }
    sync_dir(dir).map_err(|e| Error::io(dir, &e))
}

/// Checks that the data files of a finished run are what its manifest recorded (length and
/// SHA-256); `hint` says what to do if one is not. Manifests from before checksums were kept
/// pass unchecked.
pub fn verify_finished(dir: &Path, manifest: &Manifest, hint: &str) -> Result<()> {
    for mark in &manifest.files {
        let path = dir.join(&mark.name);
        if !present(&path) {
            return Err(Error::input(format!(
                "{} is missing from the finished run in {}",
                mark.name,
                dir.display()
            ))
            .with_hint(hint.to_string()));
        }
        let found = mark_of(&path)?;
        if found.bytes != mark.bytes || found.sha256 != mark.sha256 {
            return Err(Error::input(format!(
                "the file is not the one the run wrote: {} bytes with SHA-256 {}, where manifest.json records {} bytes with SHA-256 {}",
                found.bytes,
                &found.sha256[..12],
                mark.bytes,
                mark.sha256.get(..12).unwrap_or(&mark.sha256)
            ))
            .in_file(&path)
            .with_hint(hint.to_string()));
        }
    }
    Ok(())
}

/// Reading a finished run's manifest belongs with the journal: a folder with a journal holds
/// an unfinished run, whatever manifest an earlier run left.
impl Manifest {
    /// Reads `manifest.json` from an output directory that holds a finished run. A folder
    /// with a journal holds a run (or merge) that has not finished, even where an earlier
    /// run's manifest is still there (it is replaced when the new run is complete).
    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join("manifest.json");
        if present(&dir.join(Journal::FILE)) {
            return Err(unfinished(dir));
        }
        if !present(&path) {
            return Err(Error::input(format!(
                "{} is not a negsim output directory: it has no manifest.json",
                dir.display()
            ))
            .with_hint(format!(
                "point at the folder `{program} run` wrote (by default output/<experiment>)",
                program = crate::program::name()
            )));
        }
        let text = read_record(&path)?;
        serde_json::from_str(&text).map_err(|e| {
            Error::input(format!("manifest.json is damaged: {e}"))
                .in_file(&path)
                .at_line(Some(e.line()))
        })
    }
}

/// The error for a folder whose run (or merge) has not finished: what continues it.
fn unfinished(dir: &Path) -> Error {
    let journal = Journal::read(dir).ok();
    match journal.filter(Journal::is_merge) {
        Some(j) => Error::input(format!(
            "{} holds a merge that has not finished",
            dir.display()
        ))
        .with_hint(format!(
            "run it again: {program} merge {} --out {}",
            j.merge_of.join(" "),
            dir.display(),
            program = crate::program::name(),
        )),
        None => Error::input(format!(
            "{} holds a run that has not finished: it has no manifest.json yet",
            dir.display()
        ))
        .with_hint(format!(
            "finish it with the command that started it and --resume, e.g. {program} run EXPERIMENT.toml --out {} --resume",
            dir.display(),
            program = crate::program::name(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn a_record_beyond_the_limit_is_refused_with_the_limit_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        // A sparse file: one byte over the limit, without writing 256 MiB.
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_RECORD_BYTES + 1).unwrap();
        let err = read_record(&path).unwrap_err();
        assert!(
            err.message.contains(
                "268435457 bytes long, and negsim reads a manifest or journal of at most 256 MiB"
            ),
            "{}",
            err.message
        );
        assert!(err.hint.is_some());
    }

    #[test]
    fn a_run_started_by_another_build_is_not_resumed() {
        let dir = Path::new("out");
        let identity = Identity {
            experiment: "x".into(),
            seed: 1,
            config_text: "seed = 1\n".into(),
            sources: BTreeMap::new(),
        };
        let journal = Journal::new(
            "hash",
            &identity,
            None,
            3,
            Vec::new(),
            SystemTime::UNIX_EPOCH,
        );
        assert!(journal.check("hash", &identity, None, dir).is_ok());
        // Another experiment is refused, and told what differs.
        let other = Identity {
            seed: 2,
            config_text: "seed = 2\n".into(),
            ..identity.clone()
        };
        let err = journal.check("other", &other, None, dir).unwrap_err();
        assert!(
            err.message
                .contains("seed 1 in the unfinished run, 2 in this one"),
            "{err}"
        );
        let older = Journal {
            negsim_version: "0.0.9".into(),
            ..journal.clone()
        };
        let err = older.check("hash", &identity, None, dir).unwrap_err();
        assert!(err.message.contains("started by negsim 0.0.9"), "{err}");
        assert!(err.hint.unwrap().contains("--force"));
        // A journal of a run with other strategy code (or other strategies) is refused, and
        // told which strategy differs.
        let other_code = Journal {
            strategies: BTreeMap::from([("mine".to_string(), "python:0123".to_string())]),
            ..journal.clone()
        };
        let err = other_code.check("hash", &identity, None, dir).unwrap_err();
        assert!(
            err.message.contains("other strategies")
                && err
                    .message
                    .contains("strategy `mine` is registered in one only"),
            "{err}"
        );
        assert!(err.hint.unwrap().contains("--force"));
        // A journal written before the version was kept.
        let text = r#"{"config_hash":"hash","shard":null,"next":3,"bytes":[10],"started":"1970-01-01T00:00:00Z"}"#;
        let unversioned: Journal = serde_json::from_str(text).unwrap();
        let err = unversioned.check("hash", &identity, None, dir).unwrap_err();
        assert!(err.message.contains("of an earlier version"), "{err}");
    }
}
