//! Provenance: `manifest.json` next to every output (what was run, with which config, seed,
//! version and threads, when), and the journal `progress.json` of an unfinished run.

use crate::error::{Error, Result};
use crate::experiment::file::value_label;
use crate::experiment::plan::Plan;
use crate::output::atomic::write_file;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

/// Files a run writes; `--force` removes exactly these (and their `.partial` twins).
pub const OUTPUT_FILES: &[&str] = &[
    "processes.csv",
    "stakeholders.csv",
    "rounds.csv",
    "cycles.csv",
    "organisations.csv",
    "summary.csv",
    "comparison.csv",
    "transcripts.jsonl",
    "manifest.json",
    "report.html",
    "sensitivity.csv",
    "sensitivity-outputs.csv",
    "sensitivity-points.csv",
];

/// negsim's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The git commit negsim was built from, when built from a checkout.
pub fn git_commit() -> Option<&'static str> {
    option_env!("NEGSIM_GIT_COMMIT").filter(|c| !c.is_empty())
}

/// What sets an experiment's results apart (what [`Identity::hash`] hashes), kept in words so
/// that a refusal to mix the results of two experiments can say what differs.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Identity {
    /// Experiment name.
    pub experiment: String,
    /// Seed.
    pub seed: u64,
    /// Experiment file text.
    pub config_text: String,
    /// Case and culture files used, by name, with their text.
    pub sources: BTreeMap<String, String>,
}

impl Identity {
    /// The identity of a planned run.
    pub fn of_plan(plan: &Plan) -> Identity {
        Identity {
            experiment: plan.file.name.clone(),
            seed: plan.seed,
            config_text: plan.file.source.text.clone(),
            sources: plan
                .sources
                .iter()
                .map(|(name, src)| (name.clone(), src.text.clone()))
                .collect(),
        }
    }

    /// The identity of the run a manifest describes.
    pub fn of_manifest(m: &Manifest) -> Identity {
        Identity {
            experiment: m.experiment.clone(),
            seed: m.seed,
            config_text: m.config_text.clone(),
            sources: m
                .sources
                .iter()
                .map(|(name, src)| (name.clone(), src.text.clone()))
                .collect(),
        }
    }

    /// A hash of everything that decides the results: the experiment file, the seed, and the
    /// case and culture files it uses (the experiment's name is a label, not hashed).
    pub fn hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"negsim-config-v1\0");
        h.update(self.config_text.as_bytes());
        h.update(b"\0seed\0");
        h.update(self.seed.to_le_bytes());
        for (name, text) in &self.sources {
            h.update(b"\0");
            h.update(name.as_bytes());
            h.update(b"\0");
            h.update(text.as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// What differs between `there` (e.g. results on disk) and `self`, in words; `labels`
    /// name the two (e.g. "the folder" and "this run"). Empty if nothing does.
    pub fn differences(&self, there: &Identity, labels: (&str, &str)) -> Vec<String> {
        let (there_is, here_is) = labels;
        let mut found = Vec::new();
        if self.experiment != there.experiment {
            found.push(format!(
                "experiment `{}` in {there_is}, `{}` in {here_is}",
                there.experiment, self.experiment
            ));
        }
        if self.seed != there.seed {
            found.push(format!(
                "seed {} in {there_is}, {} in {here_is}",
                there.seed, self.seed
            ));
        }
        if let Some(line) = first_different_line(&there.config_text, &self.config_text) {
            found.push(format!("the experiment files differ from line {line} on"));
        }
        for (name, text) in &self.sources {
            match there.sources.get(name) {
                None => found.push(format!("{name} is used in {here_is} only")),
                Some(t) if t != text => {
                    let line = first_different_line(t, text).unwrap_or(1);
                    found.push(format!("{name} differs from line {line} on"));
                }
                Some(_) => {}
            }
        }
        for name in there.sources.keys() {
            if !self.sources.contains_key(name) {
                found.push(format!("{name} is used in {there_is} only"));
            }
        }
        found
    }
}

/// The first line (1-based) where two texts differ, if they do.
fn first_different_line(a: &str, b: &str) -> Option<usize> {
    if a == b {
        return None;
    }
    let (mut la, mut lb) = (a.lines(), b.lines());
    let mut line = 1;
    loop {
        match (la.next(), lb.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            // Equal lines throughout: the texts differ in line endings or a last newline.
            (None, None) => return Some((line - 1).max(1)),
            _ => return Some(line),
        }
    }
}

/// RFC 3339 UTC time.
pub fn timestamp(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

/// A condition as run.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ConditionInfo {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// The resolved scenario at the first sweep point, as TOML.
    pub scenario: String,
}

/// A sweep axis as run.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SweepInfo {
    /// Dotted key.
    pub key: String,
    /// Values, as labels.
    pub values: Vec<String>,
}

/// A case or culture file used.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SourceInfo {
    /// Where it was read from.
    pub path: String,
    /// Its text.
    pub text: String,
}

/// Which shard of a run.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ShardInfo {
    /// 1-based index.
    pub index: u64,
    /// Number of shards.
    pub count: u64,
}

impl ShardInfo {
    /// The shard of `--shard K/N` as (K, N), as manifests and journals record it.
    pub fn of(shard: Option<(u64, u64)>) -> Option<ShardInfo> {
        shard.map(|(index, count)| ShardInfo { index, count })
    }
}

/// `manifest.json`.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    /// negsim version.
    pub negsim_version: String,
    /// Git commit of the build, if known.
    pub git_commit: Option<String>,
    /// Experiment name.
    pub experiment: String,
    /// The question it answers.
    pub question: String,
    /// Experiment file path as given.
    pub config_file: String,
    /// Hash of config, sources and seed.
    pub config_hash: String,
    /// Experiment file text.
    pub config_text: String,
    /// Seed.
    pub seed: u64,
    /// Replications.
    pub replications: u64,
    /// Conditions.
    pub conditions: Vec<ConditionInfo>,
    /// Sweep axes.
    pub sweep: Vec<SweepInfo>,
    /// How the axes combine (`grid`: full cross product, first axis outermost;
    /// `one_at_a_time`: each axis alone).
    pub sweep_mode: crate::experiment::file::SweepMode,
    /// Sweep points.
    pub grid_points: usize,
    /// Processes in the whole experiment.
    pub processes: u64,
    /// Process ids in these files (half-open range).
    pub process_range: [u64; 2],
    /// Shard, if this is one.
    pub shard: Option<ShardInfo>,
    /// Threads used.
    pub threads: usize,
    /// Start time (UTC).
    pub started: String,
    /// End time (UTC).
    pub finished: String,
    /// Case and culture files used.
    pub sources: BTreeMap<String, SourceInfo>,
    /// The command that wrote these files, word by word (for merged shards: the merge).
    #[serde(default)]
    pub command: Vec<String>,
}

impl Manifest {
    /// The manifest of a run.
    pub fn new(
        plan: &Plan,
        hash: &str,
        threads: usize,
        shard: Option<(u64, u64)>,
        range: std::ops::Range<u64>,
        started: SystemTime,
        finished: SystemTime,
    ) -> Manifest {
        let conditions = plan
            .file
            .conditions
            .iter()
            .enumerate()
            .map(|(c, cond)| ConditionInfo {
                name: cond.name.clone(),
                description: cond.description.clone(),
                scenario: toml::to_string(&plan.cells[c].scenario).unwrap_or_default(),
            })
            .collect();
        Manifest {
            negsim_version: VERSION.to_string(),
            git_commit: git_commit().map(String::from),
            experiment: plan.file.name.clone(),
            question: plan.file.question.clone(),
            config_file: plan.file.source.path.display().to_string(),
            config_hash: hash.to_string(),
            config_text: plan.file.source.text.clone(),
            seed: plan.seed,
            replications: plan.replications,
            conditions,
            sweep: plan
                .file
                .sweep
                .iter()
                .map(|a| SweepInfo {
                    key: a.key.clone(),
                    values: a.values.iter().map(value_label).collect(),
                })
                .collect(),
            sweep_mode: plan.file.meta.sweep_mode,
            grid_points: plan.points(),
            processes: plan.process_count(),
            process_range: [range.start, range.end],
            shard: ShardInfo::of(shard),
            threads,
            started: timestamp(started),
            finished: timestamp(finished),
            sources: plan
                .sources
                .iter()
                .map(|(k, s)| {
                    (
                        k.clone(),
                        SourceInfo {
                            path: s.path.display().to_string(),
                            text: s.text.clone(),
                        },
                    )
                })
                .collect(),
            command: std::env::args().collect(),
        }
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads `manifest.json` from an output directory.
    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join("manifest.json");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound && dir.join("progress.json").is_file() {
                // The journal is there, the manifest is not: a run that stopped before its end.
                Error::input(format!(
                    "{} holds a run that has not finished: it has no manifest.json yet",
                    dir.display()
                ))
                .with_hint(format!(
                    "finish it with the command that started it and --resume, e.g. negsim run EXPERIMENT.toml --out {} --resume",
                    dir.display()
                ))
            } else if e.kind() == std::io::ErrorKind::NotFound {
                Error::input(format!(
                    "{} is not a negsim output directory: it has no manifest.json",
                    dir.display()
                ))
                .with_hint(
                    "point at the folder `negsim run` wrote (by default output/<experiment>)",
                )
            } else {
                Error::io(&path, &e)
            }
        })?;
        serde_json::from_str(&text).map_err(|e| {
            Error::input(format!("manifest.json is damaged: {e}"))
                .in_file(&path)
                .at_line(Some(e.line()))
        })
    }

    /// The config hash of the manifest in a directory, if there is a readable one.
    pub fn read_hash(dir: &Path) -> Option<String> {
        Manifest::read(dir).ok().map(|m| m.config_hash)
    }
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
    /// Bytes of each output file that are complete (in the writer's file order).
    pub bytes: Vec<u64>,
    /// Start time of the run.
    pub started: String,
    /// negsim version that wrote the rows so far (empty in journals from before it was kept).
    #[serde(default)]
    pub negsim_version: String,
    /// Git commit of that build, if known.
    #[serde(default)]
    pub git_commit: Option<String>,
    /// What the run is, so that resuming another experiment can say what differs (absent from
    /// journals written before it was kept).
    #[serde(default)]
    pub identity: Option<Identity>,
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
        bytes: Vec<u64>,
        started: SystemTime,
    ) -> Journal {
        Journal {
            config_hash: hash.to_string(),
            shard: ShardInfo::of(shard),
            next,
            bytes,
            started: timestamp(started),
            negsim_version: VERSION.to_string(),
            git_commit: git_commit().map(String::from),
            identity: Some(identity.clone()),
        }
    }

    /// Writes the journal atomically.
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
        !dir.join(Journal::FILE).exists()
            && !dir.join("manifest.json").exists()
            && entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".partial"))
    }

    /// Reads the journal of an unfinished run.
    pub fn read(dir: &Path) -> Result<Journal> {
        let path = dir.join(Journal::FILE);
        let text = std::fs::read_to_string(&path).map_err(|_| {
            if dir.join("manifest.json").exists() {
                Error::input(format!(
                    "the run in {} is already complete; nothing to resume",
                    dir.display()
                ))
                .with_hint(format!(
                    "`negsim plot {}` writes its statistics and charts again if they are missing",
                    dir.display()
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
        serde_json::from_str(&text)
            .map_err(|e| Error::input(format!("progress.json is damaged: {e}")).in_file(&path))
    }

    /// Checks that the run being resumed (`identity`, `hash`) is the same experiment and shard.
    pub fn check(
        &self,
        hash: &str,
        identity: &Identity,
        shard: Option<(u64, u64)>,
        dir: &Path,
    ) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_started_by_another_build_is_not_resumed() {
        let dir = Path::new("out");
        let identity = Identity {
            experiment: "x".into(),
            seed: 1,
            config_text: "seed = 1\n".into(),
            sources: BTreeMap::new(),
        };
        let journal = Journal::new("hash", &identity, None, 3, vec![10], SystemTime::UNIX_EPOCH);
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
        // A journal written before the version was kept.
        let text = r#"{"config_hash":"hash","shard":null,"next":3,"bytes":[10],"started":"1970-01-01T00:00:00Z"}"#;
        let unversioned: Journal = serde_json::from_str(text).unwrap();
        let err = unversioned.check("hash", &identity, None, dir).unwrap_err();
        assert!(err.message.contains("of an earlier version"), "{err}");
    }
}

#[cfg(test)]
mod identity_tests {
    use super::*;

    fn identity(seed: u64, text: &str, sources: &[(&str, &str)]) -> Identity {
        Identity {
            experiment: "x".into(),
            seed,
            config_text: text.into(),
            sources: sources
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
        }
    }

    #[test]
    fn differences_name_the_seed_the_first_changed_line_and_the_files() {
        let there = identity(
            1,
            "a\nb\nc\n",
            &[("cases/a", "x\ny\n"), ("cultures/m", "m")],
        );
        let here = identity(2, "a\nb\nC\n", &[("cases/a", "x\nY\n"), ("cases/b", "z")]);
        assert_eq!(
            here.differences(&there, ("the folder", "this run")),
            [
                "seed 1 in the folder, 2 in this run",
                "the experiment files differ from line 3 on",
                "cases/a differs from line 2 on",
                "cases/b is used in this run only",
                "cultures/m is used in the folder only",
            ]
        );
        assert!(here.differences(&here, ("a", "b")).is_empty());
    }

    #[test]
    fn a_text_that_only_grows_differs_where_it_grows() {
        assert_eq!(first_different_line("a\nb\n", "a\nb\nc\n"), Some(3));
        assert_eq!(first_different_line("a\n", "a\n"), None);
        assert_eq!(first_different_line("a\nb", "a\nb\n"), Some(2));
    }
}
