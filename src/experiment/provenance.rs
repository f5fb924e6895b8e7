//! The provenance of a planned run: its identity (what sets its results apart) and its
//! manifest, taken from the plan; and back from a manifest, the experiment file and the case
//! and culture texts it was run with. The records of provenance live in
//! [`crate::output::manifest`]; this file fills them in.

use crate::error::Result;
use crate::experiment::file::{ExperimentFile, value_label};
use crate::experiment::library::{Kind, Library};
use crate::experiment::plan::Plan;
use crate::output::manifest::{
    ConditionInfo, Identity, Manifest, ShardInfo, SourceInfo, SweepInfo, VERSION, git_commit,
    timestamp,
};
use crate::source::Source;
use std::time::SystemTime;

/// The identity of a planned run.
pub fn identity(plan: &Plan) -> Identity {
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

/// The manifest of a run of `plan` (processes `range` of it, on `threads` threads).
pub fn manifest(
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
        strategies: crate::protocol::strategy::fingerprints(),
        experiment: plan.file.name.clone(),
        question: plan.file.question.clone(),
        config_file: plan.file.source.path.display().to_string(),
        config_written_from: plan.file.source.written_from.clone(),
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
        files: Vec::new(),
    }
}

/// The experiment file a manifest recorded, and a library of the case and culture files it
/// used, as their texts were then.
pub fn file_from_manifest(manifest: &Manifest) -> Result<(ExperimentFile, Library)> {
    let mut library = Library::default();
    for (name, info) in &manifest.sources {
        let (kind, short) = match name.split_once('/') {
            Some(("cases", n)) => (Kind::Case, n),
            Some(("cultures", n)) => (Kind::Culture, n),
            _ => continue,
        };
        library.insert_text(
            kind,
            short,
            Source::from_text(info.path.clone(), info.text.clone()),
        );
    }
    let file = ExperimentFile::parse(Source::from_text(
        manifest.config_file.clone(),
        manifest.config_text.clone(),
    ))?;
    Ok((file, library))
}
