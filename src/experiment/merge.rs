//! Merging shards: `negsim run --shard K/N` writes a contiguous slice of the process ids;
//! `negsim merge` checks that the shards belong together and concatenates them into exactly
//! the files a single-machine run writes.

use crate::error::{Error, Result};
use crate::experiment::plan::Plan;
use crate::experiment::replay::plan_from_manifest;
use crate::experiment::runner::prepare_directory;
use crate::output::atomic::{AtomicFile, write_file};
use crate::output::manifest::{Journal, Manifest};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// CSV files a shard may hold, in the order they are merged.
const SHARD_FILES: &[&str] = &[
    "processes.csv",
    "stakeholders.csv",
    "rounds.csv",
    "cycles.csv",
    "organisations.csv",
];

/// Merges shard directories into `out`; returns the plan of the merged experiment.
pub fn merge(shards: &[PathBuf], out: &Path, force: bool) -> Result<Plan> {
    if shards.is_empty() {
        return Err(Error::input("no shard directories given")
            .with_hint("negsim merge out/shard-1 out/shard-2 ... --out out/all"));
    }
    let mut manifests = Vec::new();
    for dir in shards {
        if dir.join(Journal::FILE).exists() {
            return Err(Error::input(format!(
                "the shard in {} is incomplete (its run was interrupted)",
                dir.display()
            ))
            .with_hint("finish it with `negsim run ... --shard K/N --resume --out <dir>`"));
        }
        let m = Manifest::read(dir)?;
        let Some(shard) = m.shard else {
            return Err(Error::input(format!(
                "{} holds a whole run, not a shard",
                dir.display()
            )));
        };
        manifests.push((dir.clone(), m, shard));
    }
    let (first_dir, first, first_shard) = manifests[0].clone();
    for (dir, m, shard) in &manifests[1..] {
        if m.config_hash != first.config_hash {
            return Err(Error::input(format!(
                "{} and {} are shards of different experiments (or different seeds, cases or cultures)",
                first_dir.display(),
                dir.display()
            )));
        }
        if m.negsim_version != first.negsim_version || m.git_commit != first.git_commit {
            return Err(Error::input(format!(
                "{} was written by negsim {} ({}) and {} by negsim {} ({}); shards must come from the same build",
                first_dir.display(),
                first.negsim_version,
                first.git_commit.as_deref().unwrap_or("unknown commit"),
                dir.display(),
                m.negsim_version,
                m.git_commit.as_deref().unwrap_or("unknown commit"),
            )));
        }
        if shard.count != first_shard.count {
            return Err(Error::input(format!(
                "{} is one of {} shards but {} is one of {}",
                first_dir.display(),
                first_shard.count,
                dir.display(),
                shard.count
            )));
        }
    }
    manifests.sort_by_key(|(_, _, s)| s.index);
    let count = first_shard.count;
    for k in 1..=count {
        match manifests.iter().filter(|(_, _, s)| s.index == k).count() {
            0 => {
                return Err(Error::input(format!("shard {k}/{count} is missing"))
                    .with_hint("give every shard directory"));
            }
            1 => {}
            _ => return Err(Error::input(format!("shard {k}/{count} is given twice"))),
        }
    }
    // Contiguous ranges, in order, covering everything.
    let mut expected = 0;
    for (dir, m, _) in &manifests {
        if m.process_range[0] != expected {
            return Err(Error::input(format!(
                "{} does not continue where the previous shard ended",
                dir.display()
            )));
        }
        expected = m.process_range[1];
    }
    if expected != first.processes {
        return Err(Error::input("the shards do not cover every process"));
    }
    let plan = plan_from_manifest(&manifests[0].1)?;
    prepare_directory(out, &first.config_hash, force)?;
    for name in SHARD_FILES {
        let present: Vec<bool> = manifests
            .iter()
            .map(|(d, _, _)| d.join(name).exists())
            .collect();
        if present.iter().all(|p| !p) {
            continue;
        }
        if let Some(i) = present.iter().position(|p| !p) {
            return Err(Error::input(format!(
                "{} has no {name}",
                manifests[i].0.display()
            )));
        }
        concatenate(
            &manifests
                .iter()
                .map(|(d, _, _)| d.join(name))
                .collect::<Vec<_>>(),
            &out.join(name),
        )?;
    }
    let mut merged = first.clone();
    merged.shard = None;
    merged.process_range = [0, first.processes];
    merged.started = manifests
        .iter()
        .map(|(_, m, _)| m.started.clone())
        .min()
        .unwrap_or_default();
    merged.finished = manifests
        .iter()
        .map(|(_, m, _)| m.finished.clone())
        .max()
        .unwrap_or_default();
    merged.threads = manifests
        .iter()
        .map(|(_, m, _)| m.threads)
        .max()
        .unwrap_or(1);
    write_file(&out.join("manifest.json"), merged.to_json().as_bytes())?;
    Ok(plan)
}

/// Writes the first file whole and the others without their header line.
fn concatenate(parts: &[PathBuf], out: &Path) -> Result<()> {
    let mut target = AtomicFile::create(out)?;
    let mut header: Option<String> = None;
    for part in parts {
        let file = std::fs::File::open(part).map_err(|e| Error::io(part, &e))?;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut first = String::new();
        reader
            .read_line(&mut first)
            .map_err(|e| Error::io(part, &e))?;
        match &header {
            None => {
                target
                    .write_all(first.as_bytes())
                    .map_err(|e| Error::io(out, &e))?;
                header = Some(first);
            }
            Some(h) if *h != first => {
                return Err(Error::input("its header differs from the first shard's")
                    .in_file(part)
                    .at_line(Some(1)));
            }
            Some(_) => {}
        }
        std::io::copy(&mut reader, &mut target).map_err(|e| Error::io(part, &e))?;
    }
    target.commit()
}
