//! The runner: processes in parallel on rayon threads, rows streamed to disk in process order.
//!
//! Work goes in blocks of consecutive process ids. Each block is simulated in parallel (every
//! thread keeps its own arena, see [`super::simulation`]), collected in order and appended to
//! the CSV files; then the files are synced and a journal records how far the run got. Memory
//! is bounded by one block, the output is byte-identical for any thread count, and a killed run
//! resumes from the last journal entry with `--resume`.

use crate::error::{Error, Result};
use crate::experiment::plan::Plan;
use crate::experiment::progress::Progress;
use crate::experiment::provenance;
use crate::experiment::replay::{record_transcripts, recorded_ids, take_transcript};
use crate::experiment::simulation::{Halt, simulate_unless_halted};
use crate::output::atomic::{AtomicFile, FileMark, partial_path};
use crate::output::csv_row::Row;
use crate::output::journal::Journal;
use crate::output::journal::{self, is_finished, verify_finished};
use crate::output::lock::FolderLock;
use crate::output::manifest::{CHARTS_DIR, Identity, Manifest, OUTPUT_FILES, ShardInfo};
use crate::output::paths::check_kind;
use crate::output::records;
use crate::output::transcripts;
use crate::protocol::setup::Observe;
use crate::record::process::ProcessRecord;
use crate::record::transcript::ProcessTranscript;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

/// Processes per block: bounds memory and sets how often progress is saved. The environment
/// variable `NEGSIM_BLOCK_SIZE` overrides it (tests use small blocks to interrupt runs).
pub const BLOCK: u64 = 2048;

fn block_size() -> u64 {
    std::env::var("NEGSIM_BLOCK_SIZE")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&b| b > 0)
        .unwrap_or(BLOCK)
}

/// Set by Ctrl-C, SIGTERM or SIGHUP; the runner starts no new process, writes those done
/// before the first it did not start, and stops.
pub use crate::stop::INTERRUPTED;

/// How to run.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Output directory.
    pub out: PathBuf,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// No progress output.
    pub quiet: bool,
    /// Overwrite a directory holding another experiment's output.
    pub force: bool,
    /// Continue an interrupted run.
    pub resume: bool,
    /// Run only shard K of N (1-based K).
    pub shard: Option<(u64, u64)>,
}

/// The slice of process ids of shard `k` of `n` (1-based): contiguous, so that merging is
/// concatenation.
pub fn shard_range(total: u64, shard: Option<(u64, u64)>) -> std::ops::Range<u64> {
    match shard {
        None => 0..total,
        Some((k, n)) => {
            let start = (total as u128 * (k - 1) as u128 / n as u128) as u64;
            let end = (total as u128 * k as u128 / n as u128) as u64;
            start..end
        }
    }
}

/// The output files of a run. Rows of a block are formatted into memory and appended to the
/// files in one write; a checkpoint then syncs them.
struct Outputs {
    dir: PathBuf,
    processes: AtomicFile,
    stakeholders: AtomicFile,
    rounds: Option<AtomicFile>,
    row: Row,
}

/// CSV bytes of one block, one buffer per file.
struct Buffers {
    processes: csv::Writer<Vec<u8>>,
    stakeholders: csv::Writer<Vec<u8>>,
    rounds: csv::Writer<Vec<u8>>,
}

impl Buffers {
    fn new() -> Buffers {
        let w = || {
            csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(Vec::with_capacity(1 << 16))
        };
        Buffers {
            processes: w(),
            stakeholders: w(),
            rounds: w(),
        }
    }
}

/// A CSV header line.
pub fn header_bytes(header: &[String]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(header);
    w.into_inner().unwrap_or_default()
}

/// Appends the bytes of an in-memory CSV writer to a file.
pub fn append(file: &mut AtomicFile, path: &Path, w: csv::Writer<Vec<u8>>) -> Result<()> {
    use std::io::Write;
    let bytes = w.into_inner().map_err(|e| Error::io(path, e.error()))?;
    file.write_all(&bytes).map_err(|e| Error::io(path, &e))
}

impl Outputs {
    fn create(dir: &Path, plan: &Plan, rounds: bool) -> Result<Outputs> {
        use std::io::Write;
        let open = |name: &str, header: Vec<String>| -> Result<AtomicFile> {
            let path = dir.join(name);
            let mut f = AtomicFile::create(&path)?;
            f.write_all(&header_bytes(&header))
                .map_err(|e| Error::io(&path, &e))?;
            Ok(f)
        };
        Ok(Outputs {
            dir: dir.to_path_buf(),
            processes: open(
                "processes.csv",
                records::process_header(&plan.sweep_columns()),
            )?,
            stakeholders: open(
                "stakeholders.csv",
                records::stakeholder_header(&plan.sweep_columns()),
            )?,
            rounds: if rounds {
                Some(open(
                    "rounds.csv",
                    records::round_header(&plan.sweep_columns()),
                )?)
            } else {
                None
            },
            row: Row::new(),
        })
    }

    fn resume(dir: &Path, journal: &Journal, rounds: bool, hint: &str) -> Result<Outputs> {
        let resume =
            |name: &str| AtomicFile::resume(&dir.join(name), journal.mark(name, hint)?, hint);
        Ok(Outputs {
            dir: dir.to_path_buf(),
            processes: resume("processes.csv")?,
            stakeholders: resume("stakeholders.csv")?,
            rounds: if rounds {
                Some(resume("rounds.csv")?)
            } else {
                None
            },
            row: Row::new(),
        })
    }

    fn write_block(&mut self, results: &[ProcessRecord]) -> Result<()> {
        let mut b = Buffers::new();
        let row = &mut self.row;
        let rounds = self.rounds.is_some();
        // Writing to memory cannot fail, so the results of write_byte_record are ignored.
        for r in results {
            records::process_row(row, r);
            let _ = b.processes.write_byte_record(row.record());
            records::stakeholder_rows(row, r, |row| {
                let _ = b.stakeholders.write_byte_record(row.record());
            });
            if rounds {
                records::round_rows(row, r, |row| {
                    let _ = b.rounds.write_byte_record(row.record());
                });
            }
        }
        append(
            &mut self.processes,
            &self.dir.join("processes.csv"),
            b.processes,
        )?;
        append(
            &mut self.stakeholders,
            &self.dir.join("stakeholders.csv"),
            b.stakeholders,
        )?;
        if let Some(f) = &mut self.rounds {
            append(f, &self.dir.join("rounds.csv"), b.rounds)?;
        }
        Ok(())
    }

    fn checkpoint(&mut self) -> Result<Vec<FileMark>> {
        let mut marks = vec![
            self.processes.checkpoint()?,
            self.stakeholders.checkpoint()?,
        ];
        if let Some(f) = &mut self.rounds {
            marks.push(f.checkpoint()?);
        }
        Ok(marks)
    }

    fn into_files(self) -> Vec<AtomicFile> {
        let mut files = vec![self.processes, self.stakeholders];
        files.extend(self.rounds);
        files
    }
}

/// What a finished run reports.
#[derive(Debug)]
pub struct RunReport {
    /// Output directory.
    pub out: PathBuf,
    /// Processes run in this invocation.
    pub processes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Threads used.
    pub threads: usize,
    /// The output folder's lock: keep the report while statistics, charts or anything else
    /// still write into the folder.
    pub lock: FolderLock,
    /// The run was finished already (`--resume` of a finished run, its files verified).
    pub already_complete: bool,
}

/// What every kind of run shares: the thread pool, the slice of ids, the config hash, the
/// start time, and the journal that makes it resumable.
pub struct RunContext<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// The options.
    pub opts: &'a RunOptions,
    /// Worker threads.
    pub pool: rayon::ThreadPool,
    /// Their number.
    pub threads: usize,
    /// Config hash (provenance, resume and merge checks).
    pub hash: String,
    /// What the run is, in words (kept in the journal so that resuming another experiment
    /// can say what differs).
    pub identity: Identity,
    /// Ids of this run (all, or the shard's slice).
    pub range: std::ops::Range<u64>,
    /// When the run started (the first time, if resumed).
    pub started: std::time::SystemTime,
    /// The journal of the run being resumed.
    pub journal: Option<Journal>,
    /// `--resume` found the run finished (and its files as the manifest recorded them).
    pub complete: bool,
    clock: std::time::Instant,
    /// Keeps other runs out of the output folder until this one is done (handed on to the
    /// [`RunReport`]).
    lock: FolderLock,
}

impl<'a> RunContext<'a> {
    /// Starts the threads and either checks the run to resume or prepares the directory.
    pub fn open(plan: &'a Plan, opts: &'a RunOptions) -> Result<RunContext<'a>> {
        let threads = opts
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| Error::input(format!("cannot start {threads} threads: {e}")))?;
        let identity = provenance::identity(plan);
        let hash = identity.hash();
        // The lock is taken before the journal is read or the folder cleared, so that a run
        // still writing there is neither resumed from a stale journal nor has its files deleted.
        // Where no run was saved (a run killed before its journal, or no run at all), there is
        // nothing to continue: resuming is starting (what a requeued cluster task asks for).
        let finished = opts.resume && is_finished(&opts.out);
        let resume = opts.resume && !finished && journal::present(&opts.out.join(Journal::FILE));
        if opts.resume && !finished && !resume {
            eprintln!(
                "{program}: {} holds no run to resume{}; starting from the beginning",
                opts.out.display(),
                if Journal::stopped_before_checkpoint(&opts.out) {
                    " (the run stopped before its first checkpoint)"
                } else {
                    ""
                },
                program = crate::program::name(),
            );
        }
        let (lock, journal, started) = if finished {
            let manifest = std::cell::RefCell::new(None);
            let lock = FolderLock::acquire_checked(&opts.out, || {
                let m = Manifest::read(&opts.out)?;
                check_same_run(&opts.out, &m, &hash, &identity, opts.shard)?;
                *manifest.borrow_mut() = Some(m);
                Ok(())
            })?;
            let manifest = manifest.into_inner().expect("read under the lock");
            verify_finished(
                &opts.out,
                &manifest,
                "to run the experiment again, use --force instead of --resume",
            )?;
            let started = humantime::parse_rfc3339(&manifest.started)
                .unwrap_or_else(|_| std::time::SystemTime::now());
            (lock, None, started)
        } else if resume {
            let lock =
                FolderLock::acquire_checked(&opts.out, || Journal::read(&opts.out).map(drop))?;
            let journal = Journal::read(&opts.out)?;
            journal.check(&hash, &identity, opts.shard, &opts.out)?;
            let started = journal.started_time();
            (lock, Some(journal), started)
        } else {
            let lock =
                prepare_directory(&opts.out, &hash, &identity, opts.shard, opts.force, false)?;
            (lock, None, std::time::SystemTime::now())
        };
        Ok(RunContext {
            plan,
            opts,
            pool,
            threads,
            hash,
            identity,
            range: shard_range(plan.process_count(), opts.shard),
            started,
            journal,
            complete: finished,
            clock: std::time::Instant::now(),
            lock,
        })
    }

    /// The report of a run found finished already (nothing was run).
    pub fn already_complete(self) -> RunReport {
        RunReport {
            out: self.opts.out.clone(),
            processes: 0,
            seconds: self.clock.elapsed().as_secs_f64(),
            threads: self.threads,
            lock: self.lock,
            already_complete: true,
        }
    }

    /// An error met while running, with a hint that says how to continue once its cause is
    /// fixed (what is written up to the last checkpoint stays valid).
    pub fn resumable(&self, e: Error) -> Error {
        if e.kind != crate::error::ErrorKind::Io || e.hint.is_some() {
            return e;
        }
        let hint = format!(
            "what was written up to the last checkpoint is kept; once the cause is fixed (a full disk: free some space), continue with: {}",
            self.again("--resume")
        );
        e.with_hint(hint)
    }

    /// The first id still to run.
    pub fn first(&self) -> u64 {
        self.journal.as_ref().map_or(self.range.start, |j| j.next)
    }

    /// Records that every id before `next` is complete, with the mark (length and checksum)
    /// of what is complete of each file.
    pub fn save(&self, next: u64, files: Vec<FileMark>) -> Result<()> {
        Journal::new(
            &self.hash,
            &self.identity,
            self.opts.shard,
            next,
            files,
            self.started,
        )
        .write(&self.opts.out)
    }

    /// The hint for a file that a resumed run cannot continue.
    pub fn restart_hint(&self) -> String {
        format!(
            "start the run over, replacing its unfinished files: {}",
            self.again("--force")
        )
    }

    /// The command that continues this run (`--resume`) or starts it again (`--force`), with
    /// the shard and a seed given on the command line, without which either is refused.
    pub fn again(&self, how: &str) -> String {
        let mut command = format!(
            "{program} run {} {how} --out {}",
            self.plan.file.source.path.display(),
            self.opts.out.display(),
            program = crate::program::name(),
        );
        if let Some((k, n)) = self.opts.shard {
            command.push_str(&format!(" --shard {k}/{n}"));
        }
        if self.plan.seed != self.plan.file.meta.seed {
            command.push_str(&format!(" --seed {}", self.plan.seed));
        }
        command
    }

    /// After Ctrl-C: stops with a message saying how to continue.
    pub fn stop_if_interrupted(
        &self,
        next: u64,
        unit: &str,
        progress: &mut Progress,
    ) -> Result<()> {
        if !INTERRUPTED.load(Ordering::SeqCst) || next >= self.range.end {
            return Ok(());
        }
        progress.finish();
        Err(Error::interrupted(format!(
            "interrupted after {} of {} {unit}; what is written is complete and valid. Continue with: {}",
            next - self.range.start,
            self.range.end - self.range.start,
            self.again("--resume")
        )))
    }

    /// Moves the complete `files` into place, writes the manifest and drops the journal (see
    /// [`journal::finish_run`]): the run is complete.
    pub fn finish(self, first: u64, files: Vec<AtomicFile>) -> Result<RunReport> {
        let dir = &self.opts.out;
        let manifest = provenance::manifest(
            self.plan,
            &self.hash,
            self.threads,
            self.opts.shard,
            self.range.clone(),
            self.started,
            std::time::SystemTime::now(),
        );
        journal::finish_run(dir, files, manifest).map_err(|e| self.resumable(e))?;
        Ok(RunReport {
            out: dir.clone(),
            processes: self.range.end - first,
            seconds: self.clock.elapsed().as_secs_f64(),
            threads: self.threads,
            lock: self.lock,
            already_complete: false,
        })
    }
}

/// Runs a plan (or one shard of it) into `opts.out`.
pub fn run(plan: &Plan, opts: &RunOptions) -> Result<RunReport> {
    let run = RunContext::open(plan, opts)?;
    if run.complete {
        return Ok(run.already_complete());
    }
    let dir = &opts.out;
    let rounds = plan.file.output.rounds;
    let mut outputs = match &run.journal {
        Some(journal) => Outputs::resume(dir, journal, rounds, &run.restart_hint())?,
        None => {
            // The journal is written at once, so that the run is resumable from its start.
            let mut outputs = Outputs::create(dir, plan, rounds)?;
            let marks = outputs.checkpoint()?;
            run.save(run.first(), marks)?;
            outputs
        }
    };
    let observe = Observe {
        rounds,
        transcript: false,
    };
    // The processes single-process views show keep their transcripts from this one simulation
    // (a strategy of the user's, an LLM's say, is never asked twice for the same process).
    let recorded = recorded_ids(plan);
    let mut transcripts_kept: Vec<ProcessTranscript> = Vec::new();
    let block = block_size();
    let first = run.first();
    let mut next = first;
    let range = run.range.clone();
    let mut progress = Progress::new(range.end - range.start, next - range.start, opts.quiet);
    // A pipeline of two stages: while the pool simulates one block, a writer thread formats,
    // appends and checkpoints the block before it, so the workers never wait for the disk.
    // With one thread the two stages take turns, so that `--threads 1` uses one core.
    // The block ending at `.0` is simulated but not yet written.
    let mut pending: Option<(u64, Vec<ProcessRecord>)> = None;
    // A strategy's failure: what is simulated before it is written, then the run stops.
    let mut failure: Option<Halt> = None;
    while (next < range.end && failure.is_none()) || pending.is_some() {
        let end = if failure.is_some() {
            next
        } else {
            (next + block).min(range.end)
        };
        let to_write = pending.take();
        let simulate_block = || {
            (next < end).then(|| {
                run.pool.install(|| {
                    (next..end)
                        .into_par_iter()
                        .map(|id| {
                            let transcript = recorded.contains(&id);
                            simulate_unless_halted(
                                plan,
                                id,
                                Observe {
                                    transcript,
                                    ..observe
                                },
                            )
                        })
                        .collect::<Vec<_>>()
                })
            })
        };
        let (simulated, written) = if run.threads > 1 {
            std::thread::scope(|scope| {
                let writer = to_write.map(|(done, results)| {
                    let (outputs, run) = (&mut outputs, &run);
                    scope.spawn(move || write_block(outputs, run, done, results))
                });
                let simulated = simulate_block();
                let written =
                    writer.map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
                (simulated, written)
            })
        } else {
            let written =
                to_write.map(|(done, results)| write_block(&mut outputs, &run, done, results));
            (simulate_block(), written)
        };
        if let Some(done) = written.transpose().map_err(|e| run.resumable(e))? {
            progress.advance(done - range.start);
            // A block simulated but not written is dropped; a resume simulates it again.
            run.stop_if_interrupted(done, "processes", &mut progress)?;
        }
        if let Some(simulated) = simulated {
            // The processes before the first that was halted are written; those after it are
            // simulated again by a resume.
            let (mut results, halted) = complete_prefix(simulated);
            for r in results
                .iter_mut()
                .filter(|r| recorded.contains(&r.process.id))
            {
                transcripts_kept.push(take_transcript(plan, &run.hash, r));
            }
            crate::output::fault::step("block-simulated", dir)?;
            let done = next + results.len() as u64;
            pending = Some((done, results));
            next = done;
            if let Some(Halt::Failed(..)) = halted {
                failure = halted;
            }
        }
    }
    if let Some(Halt::Failed(id, failed)) = failure {
        progress.finish();
        let written = match next - range.start {
            0 => "no process is written".to_string(),
            1 => "the 1 process before the first it touched is written".to_string(),
            n => format!("the {n} processes before the first it touched are written"),
        };
        return Err(Error::failed(format!("{failed} (process {id}); {written}"))
            .with_hint(
                "once the strategy is fixed, run again with --force; if its code is unchanged and the failure was passing (a network error, say), continue with --resume",
            ));
    }
    progress.finish();
    let mut files = outputs.into_files();
    // The transcripts of the processes single-process views show, committed with the other
    // files. Those simulated before a resume are simulated again for them.
    let missing: Vec<u64> = recorded
        .into_iter()
        .filter(|id| range.contains(id))
        .filter(|&id| !transcripts_kept.iter().any(|t| t.process_id == id))
        .collect();
    transcripts_kept.extend(record_transcripts(plan, &run.hash, missing)?);
    transcripts_kept.sort_by_key(|t| t.process_id);
    files.extend(transcripts::create(dir, &transcripts_kept)?);
    run.finish(first, files)
}

/// The processes of a simulated block up to the first that was halted, and why that one was:
/// a strategy's failure if any process failed (the one with the lowest id whose strategy
/// failed itself, rather than after another's failure), else a stop.
fn complete_prefix<R>(simulated: Vec<std::result::Result<R, Halt>>) -> (Vec<R>, Option<Halt>) {
    let failures = || {
        simulated.iter().filter_map(|r| match r {
            Err(halt @ Halt::Failed(_, failure)) => Some((halt, failure.after_another)),
            _ => None,
        })
    };
    let failed = failures()
        .find(|&(_, after_another)| !after_another)
        .or_else(|| failures().next())
        .map(|(halt, _)| halt.clone());
    let mut results = Vec::with_capacity(simulated.len());
    let mut halted = None;
    for r in simulated {
        match r {
            Ok(record) => results.push(record),
            Err(halt) => {
                halted = Some(halt);
                break;
            }
        }
    }
    (results, failed.or(halted))
}

/// Writes a simulated block (the processes before `done`), makes it durable and records the
/// progress in the journal; returns `done`.
fn write_block(
    outputs: &mut Outputs,
    run: &RunContext,
    done: u64,
    results: Vec<ProcessRecord>,
) -> Result<u64> {
    outputs.write_block(&results)?;
    drop(results);
    crate::output::fault::step("block-written", &run.opts.out)?;
    let marks = outputs.checkpoint()?;
    run.save(done, marks)?;
    release_freed_memory();
    Ok(done)
}

/// Hands memory freed by a written block back to the operating system. Blocks are allocated
/// on the worker threads and freed on the writer thread; glibc keeps such memory in its
/// per-thread arenas, where it fragments as the mix of cases changes, so resident memory of a
/// long run would creep up by a few megabytes instead of staying flat.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Makes sure the output directory may be written, locks it for this run (or merge, when
/// `merging`) and clears what an unfinished run left there (its journal and partial files).
/// The results of a finished run stay until this run's are complete (see
/// [`journal::finish_run`]). Refuses a folder holding finished results (unless forced), an
/// unfinished run (resume it or force) or a run still writing.
pub fn prepare_directory(
    dir: &Path,
    hash: &str,
    identity: &Identity,
    shard: Option<(u64, u64)>,
    force: bool,
    merging: bool,
) -> Result<FolderLock> {
    let lock = FolderLock::acquire_checked(dir, || {
        check_directory(dir, hash, identity, shard, force, merging)
    })?;
    for name in OUTPUT_FILES {
        let p = partial_path(&dir.join(name));
        match std::fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(&p, &e)),
            _ => {}
        }
    }
    journal::remove_journal(dir)?;
    Ok(lock)
}

/// Whether `entries` of `dir` are nothing but the partial files of a run that stopped before
/// its first checkpoint (killed at once, or by a time limit): nothing there to keep.
fn only_partial_files(dir: &Path, entries: &[PathBuf]) -> bool {
    Journal::stopped_before_checkpoint(dir)
        && entries
            .iter()
            .all(|p| p.to_string_lossy().ends_with(".partial"))
}

/// Refuses, even with `--force`, a folder where one of the run's files is a folder (or the
/// charts' folder a file): `--force` removes only what negsim wrote, so the run would
/// simulate everything and then fail to write its results.
fn check_output_kinds(dir: &Path) -> Result<()> {
    let hint = "move or rename it, or choose another folder with --out";
    for name in OUTPUT_FILES {
        check_kind(&dir.join(name), false, "the run writes its", hint)?;
    }
    check_kind(&dir.join(CHARTS_DIR), true, "the run writes its", hint)
}

/// Refuses a finished run in `dir` (its `manifest`) that is not this one: another shard, the
/// whole run where this is a shard, or another experiment (saying what differs).
fn check_same_run(
    dir: &Path,
    manifest: &Manifest,
    hash: &str,
    identity: &Identity,
    shard: Option<(u64, u64)>,
) -> Result<()> {
    let held = manifest.shard;
    if manifest.config_hash == hash && held == ShardInfo::of(shard) {
        return Ok(());
    }
    if manifest.config_hash == hash {
        let what = |s: Option<ShardInfo>| match s {
            Some(s) => format!("shard {}/{}", s.index, s.count),
            None => "the whole run".to_string(),
        };
        return Err(Error::input(format!(
            "{} holds {} of this experiment, and this run is {}",
            dir.display(),
            what(held),
            what(ShardInfo::of(shard))
        ))
        .with_hint("give each shard a folder of its own with --out, or overwrite with --force"));
    }
    let differences =
        identity.differences(&Identity::of_manifest(manifest), ("the folder", "this run"));
    let what = if differences.is_empty() {
        String::new()
    } else {
        format!(": {}", differences.join("; "))
    };
    Err(Error::input(format!(
        "{} holds the results of a different experiment{what}",
        dir.display()
    ))
    .with_hint("choose another folder with --out, or overwrite with --force"))
}

/// Whether `dir` may be written by a run (or a merge, when `merging`) of the experiment with
/// `hash` (see [`prepare_directory`]); reads the folder and changes nothing.
fn check_directory(
    dir: &Path,
    hash: &str,
    identity: &Identity,
    shard: Option<(u64, u64)>,
    force: bool,
    merging: bool,
) -> Result<()> {
    if !journal::present(dir) {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(Error::input(format!(
            "{} exists and is not a directory",
            dir.display()
        )));
    }
    check_output_kinds(dir)?;
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, &e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != ".gitkeep") && !FolderLock::is_lock_file(p))
        .collect();
    if entries.is_empty() || force {
        return Ok(());
    }
    if journal::present(&dir.join(Journal::FILE)) {
        let held = Journal::read(dir).ok();
        return match held {
            // A merge that stopped is done again: its inputs are all still there.
            Some(j) if merging && j.is_merge() && j.config_hash == hash => Ok(()),
            Some(j) if j.is_merge() => Err(Error::input(format!(
                "{} holds a merge that has not finished",
                dir.display()
            ))
            .with_hint(format!(
                "finish it by running the merge again ({program} merge {} --out {}), or overwrite it with --force",
                j.merge_of.join(" "),
                dir.display(),
                program = crate::program::name(),
            ))),
            _ => Err(Error::input(format!("{} holds an unfinished run", dir.display()))
                .with_hint("continue it with --resume, or start over with --force")),
        };
    }
    match Manifest::read(dir).ok() {
        Some(m) => {
            check_same_run(dir, &m, hash, identity, shard)?;
            // The same results again: keep them unless told otherwise.
            Err(Error::input(format!(
                "{} holds the finished results of this {} already (finished {})",
                dir.display(),
                if merging { "merge" } else { "experiment" },
                m.finished
            ))
            .with_hint(if merging {
                format!(
                    "`{program} plot {}` writes any statistics or charts it lacks (a merge stopped while writing them); to merge again, add --force (the merged results are replaced only once the new merge is complete)",
                    dir.display(),
                    program = crate::program::name(),
                )
            } else {
                format!(
                    "`{program} plot {}` draws its charts again, and --resume checks its files and writes any statistics or charts that are missing; to run it again, add --force (the results are replaced only once the new run is complete)",
                    dir.display(),
                    program = crate::program::name(),
                )
            }))
        }
        // A run stopped before its first checkpoint saved nothing: it starts over.
        None if only_partial_files(dir, &entries) => Ok(()),
        None => Err(Error::input(format!(
            "{} is not empty and holds no negsim results",
            dir.display()
        ))
        .with_hint("choose another folder with --out, or use --force to write into it anyway")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::strategy::StrategyFailure;

    fn failed(id: u64, after_another: bool) -> Halt {
        Halt::Failed(
            id,
            StrategyFailure {
                strategy: "mine".into(),
                message: if after_another { "not asked" } else { "raised" }.into(),
                after_another,
            },
        )
    }

    #[test]
    fn a_block_is_written_up_to_its_first_halted_process_and_its_own_failure_is_told() {
        let block = |halts: Vec<(usize, Halt)>| {
            let mut simulated: Vec<std::result::Result<u64, Halt>> = (0..6).map(Ok).collect();
            for (i, halt) in halts {
                simulated[i] = Err(halt);
            }
            complete_prefix(simulated)
        };
        assert_eq!(block(vec![]), ((0..6).collect(), None));
        assert_eq!(
            block(vec![(4, Halt::Stopped)]),
            (vec![0, 1, 2, 3], Some(Halt::Stopped))
        );
        // A process abandoned after another's failure ends the prefix, but the failure told
        // is the one that caused it, even at a higher id.
        assert_eq!(
            block(vec![
                (2, failed(2, true)),
                (3, Halt::Stopped),
                (5, failed(5, false))
            ]),
            (vec![0, 1], Some(failed(5, false)))
        );
        // A stop before a failure: the failure is told.
        assert_eq!(
            block(vec![(1, Halt::Stopped), (3, failed(3, false))]),
            (vec![0], Some(failed(3, false)))
        );
        // Only failures after another's: the first is told.
        assert_eq!(
            block(vec![(4, failed(4, true)), (5, failed(5, true))]),
            (vec![0, 1, 2, 3], Some(failed(4, true)))
        );
    }
}
