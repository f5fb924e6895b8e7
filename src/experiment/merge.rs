//! Merging shards: `negsim run --shard K/N` writes a contiguous slice of the process ids;
//! `negsim merge` checks that the shards belong together and concatenates them into exactly
//! the files a single-machine run writes.
//!
//! Every check (manifests, the files against their checksums, the output folder, the headers
//! and row counts of every file) runs before anything is created or removed, so a refused merge
//! leaves every folder as it was; and if writing fails half-way, what was written is removed
//! again. A merge keeps a journal while it writes: one that was killed is recognised and done
//! again by the same command.

use crate::error::{Error, Result};
use crate::experiment::plan::{CaseSpec, Plan};
use crate::experiment::replay::plan_from_manifest;
use crate::experiment::runner::{header_bytes, prepare_directory};
use crate::output::atomic::{AtomicFile, partial_path};
use crate::output::journal::Journal;
use crate::output::journal::{finish_run, verify_finished};
use crate::output::lock::FolderLock;
use crate::output::manifest::{Identity, Manifest, ShardInfo, strategy_difference};
use crate::output::paths::resolved;
use crate::output::records;
use crate::record::transcript;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// CSV files a shard may hold, in the order they are merged.
const SHARD_FILES: &[&str] = &[
    "processes.csv",
    "stakeholders.csv",
    "rounds.csv",
    "cycles.csv",
    "organisations.csv",
];

/// A shard directory and what its manifest says about it.
type ShardEntry = (PathBuf, Manifest, ShardInfo);

/// How many data rows one process (or organisation run) adds to a file.
#[derive(Clone, Copy)]
enum Rows {
    /// Not fixed by the plan (it depends on how the negotiations went).
    Unknown,
    /// One row.
    One,
    /// One row per stakeholder at the table.
    Seats,
    /// One row per organisation cycle.
    Cycles,
}

/// One output file of the experiment: its name, header and rows per process.
struct Expected {
    name: &'static str,
    header: Vec<u8>,
    rows: Rows,
}

/// Merges shard directories into `out`; returns the plan of the merged experiment and the
/// lock on `out`, to keep while statistics and charts are written there. The shard folders
/// are locked too while they are read, so that no run rewrites one in the middle.
pub fn merge(shards: &[PathBuf], out: &Path, force: bool) -> Result<(Plan, FolderLock)> {
    if shards.is_empty() {
        return Err(
            Error::input("no shard directories given").with_hint(format!(
                "{program} merge out/shard-1 out/shard-2 ... --out out/all",
                program = crate::program::name()
            )),
        );
    }
    check_out_apart(shards, out)?;
    // Held until the merge returns. Each folder once: a shard named twice is reported by the
    // checks below, not as busy.
    let mut reading = Vec::new();
    let mut locked = Vec::new();
    for dir in shards {
        let place = resolved(dir);
        if !locked.contains(&place) {
            reading.extend(FolderLock::acquire_to_read(dir)?);
            locked.push(place);
        }
    }
    let manifests = read_manifests(shards)?;
    let plan = plan_from_manifest(&manifests[0].1)?;
    let files = expected_files(&plan);
    for shard in &manifests {
        for file in &files {
            check_shard_file(&plan, shard, file)?;
        }
        // What the checks above cannot see (a changed value) the checksums do.
        let (dir, m, s) = shard;
        verify_finished(dir, m, &rerun_hint(dir, m, s))?;
    }
    // Only now, with every input checked, may the output folder be touched. Remember the
    // outermost folder this merge creates, to take it away again if writing fails.
    let created = out
        .ancestors()
        .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
        .last()
        .map(Path::to_path_buf);
    let first = &manifests[0].1;
    let identity = Identity::of_manifest(first);
    let lock = prepare_directory(out, &first.config_hash, &identity, None, force, true)?;
    let mut journal = Journal::new(
        &first.config_hash,
        &identity,
        None,
        0,
        Vec::new(),
        std::time::SystemTime::now(),
    );
    journal.merge_of = shards.iter().map(|s| s.display().to_string()).collect();
    let written = journal.write(out).and_then(|()| {
        let mut written = concatenate_all(&manifests, &files, out)?;
        written.extend(merge_transcripts(shards, &first.config_hash, out)?);
        Ok(written)
    });
    let written = match written {
        Ok(written) => written,
        Err(e) => {
            drop(lock);
            remove_written(out, created.as_deref());
            return Err(e);
        }
    };
    // From here on a failure leaves the journal: the same merge command does it again.
    finish_run(out, written, merged_manifest(&manifests))?;
    Ok((plan, lock))
}

/// The transcripts each shard recorded (of the processes in its slice), together in process
/// order, as a partial file the merge commits with the others. A shard that recorded none
/// (written by an older negsim) leaves its processes out; `negsim plot` records them when it
/// draws them.
fn merge_transcripts(shards: &[PathBuf], hash: &str, out: &Path) -> Result<Option<AtomicFile>> {
    let mut transcripts = Vec::new();
    for dir in shards {
        transcripts.extend(transcript::read(dir, hash)?);
    }
    transcripts.sort_by_key(|t| t.process_id);
    transcripts.dedup_by_key(|t| t.process_id);
    crate::output::transcripts::create(out, &transcripts)
}

/// The hint for a shard whose files are not as its run wrote them: run it again.
fn rerun_hint(dir: &Path, m: &Manifest, shard: &ShardInfo) -> String {
    if let Some(from) = &m.config_written_from {
        return format!(
            "run shard {}/{} again with seed {} into {}, from the same config (it was written from {from}; its text is config_text in manifest.json)",
            shard.index,
            shard.count,
            m.seed,
            dir.display()
        );
    }
    format!(
        "run that shard again: `{program} run {} --seed {} --shard {}/{} --out {} --force`",
        m.config_file,
        m.seed,
        shard.index,
        shard.count,
        dir.display(),
        program = crate::program::name(),
    )
}

/// Refuses an output folder that is one of the shard folders, lies inside one, or holds one:
/// preparing it would delete the shard's results before they are read.
fn check_out_apart(shards: &[PathBuf], out: &Path) -> Result<()> {
    let target = resolved(out);
    for dir in shards {
        let shard = resolved(dir);
        let problem = if target == shard {
            format!(
                "--out {} is the shard folder {}",
                out.display(),
                dir.display()
            )
        } else if target.starts_with(&shard) {
            format!(
                "--out {} lies inside the shard folder {}",
                out.display(),
                dir.display()
            )
        } else if shard.starts_with(&target) {
            format!(
                "the shard folder {} lies inside --out {}",
                dir.display(),
                out.display()
            )
        } else {
            continue;
        };
        return Err(Error::input(format!(
            "{problem}; merging there would overwrite the shards' results"
        ))
        .with_hint(format!(
            "write the merged results to a folder of their own, next to the shards: --out {}",
            dir.parent()
                .unwrap_or(Path::new(""))
                .join("merged")
                .display()
        )));
    }
    Ok(())
}

/// Reads every shard's manifest and checks that the shards belong together and cover every
/// process exactly once; returns them in shard order.
fn read_manifests(shards: &[PathBuf]) -> Result<Vec<ShardEntry>> {
    let mut manifests = Vec::new();
    for dir in shards {
        if dir.join(Journal::FILE).exists() {
            // The journal says whether the interrupted run was a shard at all.
            let shard = Journal::read(dir).map(|j| j.shard);
            return Err(match shard {
                Ok(None) => Error::input(format!(
                    "{} holds an interrupted whole run, not a shard",
                    dir.display()
                ))
                .with_hint(format!(
                    "a whole run needs no merge: finish it with `{program} run <experiment> --resume --out {}`",
                    dir.display(),
                    program = crate::program::name(),
                )),
                shard => Error::input(format!(
                    "the shard in {} is incomplete (its run was interrupted)",
                    dir.display()
                ))
                .with_hint(format!(
                    "finish it with `{program} run <experiment> --shard {} --resume --out {}`",
                    shard
                        .ok()
                        .flatten()
                        .map_or("K/N".to_string(), |s| format!("{}/{}", s.index, s.count)),
                    dir.display(),
                    program = crate::program::name(),
                )),
            });
        }
        let m = Manifest::read(dir)?;
        let Some(shard) = m.shard else {
            return Err(Error::input(format!(
                "{} holds a whole run, not a shard",
                dir.display()
            ))
            .with_hint(format!(
                "merge combines the folders of `{program} run --shard K/N`; a whole run needs no merge",
                program = crate::program::name()
            )));
        };
        manifests.push((dir.clone(), m, shard));
    }
    let (first_dir, first, first_shard) = manifests[0].clone();
    for (dir, m, shard) in &manifests[1..] {
        if m.config_hash != first.config_hash {
            let (a, b) = (first_dir.display().to_string(), dir.display().to_string());
            let differences =
                Identity::of_manifest(m).differences(&Identity::of_manifest(&first), (&a, &b));
            return Err(Error::input(format!(
                "{a} and {b} are shards of different experiments{}",
                if differences.is_empty() {
                    String::new()
                } else {
                    format!(": {}", differences.join("; "))
                }
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
        if let Some(difference) = strategy_difference(&first.strategies, &m.strategies) {
            return Err(Error::input(format!(
                "{} and {} were run with other strategies: {difference}; shards must come from the same build",
                first_dir.display(),
                dir.display(),
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
        if m.process_range[0] != expected || m.process_range[1] < m.process_range[0] {
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
    Ok(manifests)
}

/// The files a run of `plan` writes (as the runners do), with their headers and row counts.
fn expected_files(plan: &Plan) -> Vec<Expected> {
    let file = |name, cols: Vec<String>, rows| Expected {
        name,
        header: header_bytes(&cols),
        rows,
    };
    let output = &plan.file.output;
    let mut files = Vec::new();
    if plan.is_organisation() {
        if output.processes {
            files.push(file(
                "processes.csv",
                records::organisation_process_header(&plan.sweep_columns()),
                Rows::Unknown,
            ));
        }
        if output.stakeholders {
            files.push(file(
                "stakeholders.csv",
                records::organisation_stakeholder_header(&plan.sweep_columns()),
                Rows::Unknown,
            ));
        }
        files.push(file(
            "cycles.csv",
            records::cycle_header(&plan.sweep_columns()),
            Rows::Cycles,
        ));
        files.push(file(
            "organisations.csv",
            records::organisation_header(&plan.sweep_columns()),
            Rows::One,
        ));
    } else {
        files.push(file(
            "processes.csv",
            records::process_header(&plan.sweep_columns()),
            Rows::One,
        ));
        files.push(file(
            "stakeholders.csv",
            records::stakeholder_header(&plan.sweep_columns()),
            Rows::Seats,
        ));
        if output.rounds {
            files.push(file(
                "rounds.csv",
                records::round_header(&plan.sweep_columns()),
                Rows::Unknown,
            ));
        }
    }
    // Merge in the usual order.
    files.sort_by_key(|f| SHARD_FILES.iter().position(|n| *n == f.name));
    files
}

/// The rows process `id` adds to a file (0 where the plan does not fix them).
fn rows_of(plan: &Plan, rows: Rows, id: u64) -> u64 {
    let cell = || plan.cell(&plan.locate(id));
    match rows {
        Rows::Unknown => 0,
        Rows::One => 1,
        // A table seats every stakeholder of its case.
        Rows::Seats => match &cell().case {
            CaseSpec::Fixed(case) => case.n as u64,
            CaseSpec::Generated { generator, .. } => generator.stakeholders as u64,
        },
        Rows::Cycles => cell()
            .scenario
            .organisation
            .as_ref()
            .map_or(0, |o| u64::from(o.cycles)),
    }
}

/// Checks one file of a shard: present, the experiment's header, a final newline, and (where
/// the plan fixes it) as many rows as the shard's process range calls for.
fn check_shard_file(plan: &Plan, (dir, m, shard): &ShardEntry, file: &Expected) -> Result<()> {
    let path = dir.join(file.name);
    let rerun = rerun_hint(dir, m, shard);
    let mut f = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(
                Error::input(format!("{} has no {}", dir.display(), file.name)).with_hint(rerun),
            );
        }
        Err(e) => return Err(Error::io(&path, &e)),
    };
    let len = f.metadata().map_err(|e| Error::io(&path, &e))?.len();
    let mut last = [0u8];
    if len > 0 {
        f.seek(SeekFrom::Start(len - 1))
            .and_then(|_| f.read_exact(&mut last))
            .and_then(|_| f.seek(SeekFrom::Start(0)))
            .map_err(|e| Error::io(&path, &e))?;
    }
    if last[0] != b'\n' {
        return Err(Error::input(if len == 0 {
            "the file is empty".to_string()
        } else {
            "the file ends in the middle of a row: it was cut short".to_string()
        })
        .in_file(&path)
        .with_hint(rerun));
    }
    let mut reader = BufReader::with_capacity(1 << 16, f);
    let mut header = Vec::new();
    reader
        .read_until(b'\n', &mut header)
        .map_err(|e| Error::io(&path, &e))?;
    if header != file.header {
        return Err(Error::input(header_difference(&header, &file.header))
            .in_file(&path)
            .at_line(Some(1))
            .with_hint(rerun));
    }
    if let Rows::Unknown = file.rows {
        return Ok(());
    }
    let expected: u64 = (m.process_range[0]..m.process_range[1])
        .map(|id| rows_of(plan, file.rows, id))
        .sum();
    // Count records, not newlines: a quoted field may hold a line break.
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(reader);
    let mut record = csv::ByteRecord::new();
    let mut found = 0u64;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(true) => found += 1,
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize + 1);
                return Err(Error::input(format!("the file is damaged: {e}"))
                    .in_file(&path)
                    .at_line(line)
                    .with_hint(rerun));
            }
        }
    }
    if found != expected {
        return Err(Error::input(format!(
            "expected {expected} rows for the {} {} of shard {}/{}, found {found}: the file was cut short or changed",
            m.process_range[1] - m.process_range[0],
            if plan.is_organisation() {
                "organisation runs"
            } else {
                "processes"
            },
            shard.index,
            shard.count
        ))
        .in_file(&path)
        .with_hint(rerun));
    }
    Ok(())
}

/// Says where a shard file's header departs from the one negsim writes.
fn header_difference(found: &[u8], expected: &[u8]) -> String {
    let found = String::from_utf8_lossy(found);
    let expected = String::from_utf8_lossy(expected);
    let found: Vec<&str> = found.trim_end().split(',').collect();
    let expected: Vec<&str> = expected.trim_end().split(',').collect();
    let column = |c: Option<&&str>| c.map_or("nothing".to_string(), |c| format!("`{c}`"));
    match (0..found.len().max(expected.len())).find(|&i| found.get(i) != expected.get(i)) {
        Some(i) => format!(
            "its header is not the one negsim writes for this experiment: column {} is {} where {} belongs",
            i + 1,
            column(found.get(i)),
            column(expected.get(i))
        ),
        None => "its header is not the one negsim writes for this experiment".to_string(),
    }
}

/// Writes the merged files into the prepared folder `out`, as partial files.
fn concatenate_all(
    manifests: &[ShardEntry],
    files: &[Expected],
    out: &Path,
) -> Result<Vec<AtomicFile>> {
    let mut written = Vec::with_capacity(files.len());
    for file in files {
        let parts: Vec<PathBuf> = manifests
            .iter()
            .map(|(d, _, _)| d.join(file.name))
            .collect();
        let mut target = concatenate(&parts, &out.join(file.name))?;
        target.checkpoint()?;
        written.push(target);
    }
    Ok(written)
}

/// The manifest of the merged run: the first shard's, covering every process, with the
/// earliest start and latest end of the shards.
fn merged_manifest(manifests: &[ShardEntry]) -> Manifest {
    let first = &manifests[0].1;
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
    merged.command = std::env::args().collect();
    merged.threads = manifests
        .iter()
        .map(|(_, m, _)| m.threads)
        .max()
        .unwrap_or(1);
    merged
}

/// Removes what a merge that failed while writing left: the folder it created (`created`),
/// otherwise its partial files and journal (what was there before, a finished run it was to
/// replace included, stays as it was).
fn remove_written(out: &Path, created: Option<&Path>) {
    if let Some(dir) = created {
        let _ = std::fs::remove_dir_all(dir);
        return;
    }
    for name in SHARD_FILES {
        let _ = std::fs::remove_file(partial_path(&out.join(name)));
    }
    let _ = std::fs::remove_file(out.join(Journal::FILE));
}

/// Writes the first file whole and the others without their header line (the headers were
/// checked before), into the partial file of `out`.
fn concatenate(parts: &[PathBuf], out: &Path) -> Result<AtomicFile> {
    let mut target = AtomicFile::create(out)?;
    for (i, part) in parts.iter().enumerate() {
        let file = std::fs::File::open(part).map_err(|e| Error::io(part, &e))?;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut header = Vec::new();
        reader
            .read_until(b'\n', &mut header)
            .map_err(|e| Error::io(part, &e))?;
        if i == 0 {
            target.write_all(&header).map_err(|e| Error::io(out, &e))?;
        }
        std::io::copy(&mut reader, &mut target).map_err(|e| Error::io(part, &e))?;
    }
    Ok(target)
}
