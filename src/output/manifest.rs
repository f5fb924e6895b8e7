//! Provenance: `manifest.json` next to every output (what was run, with which config, seed,
//! version and threads, when, and the length and SHA-256 of every file it wrote). The journal
//! `progress.json` of an unfinished run is in [`crate::output::journal`].

use crate::output::atomic::FileMark;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::time::SystemTime;

/// The folder of a run's charts: `negsim plot` draws them there, and a run that replaces
/// another removes it with the files below, since charts of earlier results would mislead.
pub const CHARTS_DIR: &str = "charts";

/// Files a run writes; a run that replaces another removes exactly these (and their
/// `.partial` twins), and the charts folder, once its own results are complete.
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

/// The git commit negsim was built from, when built from a checkout; `-dirty-` and a
/// fingerprint of the changes follow it when the compiled sources had uncommitted changes, so
/// builds with different changes never compare equal.
pub fn git_commit() -> Option<&'static str> {
    option_env!("NEGSIM_GIT_COMMIT").filter(|c| !c.is_empty())
}

/// What differs between two builds' registered strategies (fingerprints by name, as
/// [`crate::protocol::strategy::fingerprints`] gives them), in words; `None` when they are
/// the same. Rows simulated by two versions of a strategy's code must not be mixed, as rows
/// of two builds of negsim must not.
pub fn strategy_difference(
    these: &BTreeMap<String, String>,
    those: &BTreeMap<String, String>,
) -> Option<String> {
    let short = |f: &str| f.chars().take(24).collect::<String>();
    let names: std::collections::BTreeSet<&String> = these.keys().chain(those.keys()).collect();
    let said: Vec<String> = names
        .into_iter()
        .filter_map(|name| match (these.get(name), those.get(name)) {
            (Some(a), Some(b)) if a != b => Some(format!(
                "strategy `{name}` has other code ({} against {})",
                short(a),
                short(b)
            )),
            (Some(_), None) | (None, Some(_)) => {
                Some(format!("strategy `{name}` is registered in one only"))
            }
            _ => None,
        })
        .collect();
    (!said.is_empty()).then(|| said.join("; "))
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
    /// The registered strategies' fingerprints by name ([`strategy_difference`]): their code
    /// is part of the build (absent when none is registered).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub strategies: BTreeMap<String, String>,
    /// Experiment name.
    pub experiment: String,
    /// The question it answers.
    pub question: String,
    /// Experiment file path as given (for a config written from something else, where the
    /// paths in it were read from: no file there holds it).
    pub config_file: String,
    /// What the config was written from when it was not read from a file (such as "a Python
    /// dict"); its text is `config_text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub config_written_from: Option<String>,
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
    pub sweep_mode: crate::record::process::SweepMode,
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
    /// The data files, each with its length and SHA-256 when the run finished (empty in
    /// manifests from before they were kept). Statistics, charts and the report are not
    /// listed: they are computed from these and can be written again.
    #[serde(default)]
    pub files: Vec<FileMark>,
}

impl Manifest {
    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
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

#[cfg(test)]
mod strategy_difference_tests {
    use super::*;

    fn of(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(n, f)| (n.to_string(), f.to_string()))
            .collect()
    }

    #[test]
    fn the_same_strategies_are_no_difference_and_others_are_named() {
        let none = of(&[]);
        let mine = of(&[("mine", "python:aaaa")]);
        assert_eq!(strategy_difference(&none, &none), None);
        assert_eq!(strategy_difference(&mine, &mine), None);
        assert_eq!(
            strategy_difference(&mine, &of(&[("mine", "python:bbbb")])).as_deref(),
            Some("strategy `mine` has other code (python:aaaa against python:bbbb)")
        );
        assert_eq!(
            strategy_difference(&none, &mine).as_deref(),
            Some("strategy `mine` is registered in one only")
        );
        let two = of(&[("mine", "python:aaaa"), ("yours", "executable:cc")]);
        assert_eq!(
            strategy_difference(&two, &mine).as_deref(),
            Some("strategy `yours` is registered in one only")
        );
    }
}
