//! The runner: processes in parallel on rayon threads, rows streamed to disk in process order.
//!
//! Work goes in blocks of consecutive process ids. Each block is simulated in parallel (every
//! thread keeps its own [`Arena`]), collected in order and appended to the CSV files; then the
//! files are synced and a journal records how far the run got. Memory is bounded by one block,
//! the output is byte-identical for any thread count, and a killed run resumes from the last
//! journal entry with `--resume`.

use crate::error::{Error, Result};
use crate::experiment::plan::{Plan, ProcessRef};
use crate::experiment::progress::Progress;
use crate::experiment::replay::{record_transcripts, recorded_ids};
use crate::metrics::process::{ProcessMetrics, evaluate};
use crate::model::prepared::PreparedCase;
use crate::output::atomic::{AtomicFile, partial_path, write_file};
use crate::output::csv_row::Row;
use crate::output::lock::FolderLock;
use crate::output::manifest::{Identity, Journal, Manifest, OUTPUT_FILES, ShardInfo};
use crate::output::paths::check_kind;
use crate::output::records;
use crate::output::transcripts;
use crate::protocol::setup::{Observe, SeatSetup};
use crate::protocol::{Arena, ProcessOutcome};
use rayon::prelude::*;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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

/// Set by Ctrl-C, SIGTERM or SIGHUP; the runner stops after the current block.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

thread_local! {
    static ARENA: RefCell<Option<Arena>> = const { RefCell::new(None) };
}

/// Everything one process produced.
#[derive(Clone, Debug)]
pub struct ProcessResult {
    /// Where it sits in the plan.
    pub process: ProcessRef,
    /// Its case.
    pub case: Arc<PreparedCase>,
    /// Who sat at the table.
    pub seats: Vec<SeatSetup>,
    /// How it ended.
    pub outcome: ProcessOutcome,
    /// Its metrics.
    pub metrics: ProcessMetrics,
    /// Whether a facilitator sat at the table.
    pub facilitated: bool,
}

/// Runs one table on this thread's arena: its outcome and metrics.
pub fn run_table(setup: &crate::protocol::setup::TableSetup) -> (ProcessOutcome, ProcessMetrics) {
    let outcome = ARENA.with(|cell| {
        let mut arena = cell.borrow_mut();
        arena.get_or_insert_with(Arena::new).run(setup)
    });
    let metrics = evaluate(&setup.case, &outcome);
    (outcome, metrics)
}

/// Runs one process of a plan on this thread's arena.
pub fn simulate(plan: &Plan, id: u64, observe: Observe) -> ProcessResult {
    let process = plan.locate(id);
    let setup = plan.table_setup(&process, observe);
    let (outcome, metrics) = run_table(&setup);
    ProcessResult {
        process,
        facilitated: setup.rules.facilitator,
        case: setup.case,
        seats: setup.seats,
        outcome,
        metrics,
    }
}

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
            processes: open("processes.csv", records::process_header(plan))?,
            stakeholders: open("stakeholders.csv", records::stakeholder_header(plan))?,
            rounds: if rounds {
                Some(open("rounds.csv", records::round_header(plan))?)
            } else {
                None
            },
            row: Row::new(),
        })
    }

    fn resume(dir: &Path, journal: &Journal, rounds: bool) -> Result<Outputs> {
        Ok(Outputs {
            dir: dir.to_path_buf(),
            processes: AtomicFile::resume(&dir.join("processes.csv"), journal.bytes[0])?,
            stakeholders: AtomicFile::resume(&dir.join("stakeholders.csv"), journal.bytes[1])?,
            rounds: if rounds {
                Some(AtomicFile::resume(
                    &dir.join("rounds.csv"),
                    journal.bytes[2],
                )?)
            } else {
                None
            },
            row: Row::new(),
        })
    }

    fn write_block(&mut self, plan: &Plan, results: &[ProcessResult]) -> Result<()> {
        let mut b = Buffers::new();
        let row = &mut self.row;
        let rounds = self.rounds.is_some();
        // Writing to memory cannot fail, so the results of write_byte_record are ignored.
        for r in results {
            records::process_row(row, plan, r);
            let _ = b.processes.write_byte_record(row.record());
            records::stakeholder_rows(row, plan, r, |row| {
                let _ = b.stakeholders.write_byte_record(row.record());
            });
            if rounds {
                records::round_rows(row, plan, r, |row| {
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

    fn checkpoint(&mut self) -> Result<[u64; 3]> {
        let a = self.processes.checkpoint()?;
        let b = self.stakeholders.checkpoint()?;
        let c = match &mut self.rounds {
            Some(f) => f.checkpoint()?,
            None => 0,
        };
        Ok([a, b, c])
    }

    fn commit(self) -> Result<()> {
        self.processes.commit()?;
        self.stakeholders.commit()?;
        if let Some(f) = self.rounds {
            f.commit()?;
        }
        Ok(())
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
        let identity = Identity::of_plan(plan);
        let hash = identity.hash();
        // The lock is taken before the journal is read or the folder cleared, so that a run
        // still writing there is neither resumed from a stale journal nor has its files deleted.
        // A run killed before its first checkpoint left nothing to continue: resuming it is
        // starting it again (what a resubmitted cluster task asks for).
        let resume = opts.resume && !Journal::stopped_before_checkpoint(&opts.out);
        if opts.resume && !resume {
            eprintln!(
                "negsim: {} holds no checkpoint to resume from (the run stopped before its first); starting from the beginning",
                opts.out.display()
            );
        }
        let (lock, journal, started) = if resume {
            let lock =
                FolderLock::acquire_checked(&opts.out, || Journal::read(&opts.out).map(drop))?;
            let journal = Journal::read(&opts.out)?;
            journal.check(&hash, &identity, opts.shard, &opts.out)?;
            let started = journal.started_time();
            (lock, Some(journal), started)
        } else {
            let lock = prepare_directory(&opts.out, &hash, &identity, opts.shard, opts.force)?;
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
            clock: std::time::Instant::now(),
            lock,
        })
    }

    /// The first id still to run.
    pub fn first(&self) -> u64 {
        self.journal.as_ref().map_or(self.range.start, |j| j.next)
    }

    /// Records that every id before `next` is complete, with the complete length of each file.
    pub fn save(&self, next: u64, bytes: Vec<u64>) -> Result<()> {
        Journal::new(
            &self.hash,
            &self.identity,
            self.opts.shard,
            next,
            bytes,
            self.started,
        )
        .write(&self.opts.out)
    }

    /// The command that continues this run (`--resume`) or starts it again (`--force`), with
    /// the shard and a seed given on the command line, without which either is refused.
    pub fn again(&self, how: &str) -> String {
        let mut command = format!(
            "negsim run {} {how} --out {}",
            self.plan.file.source.path.display(),
            self.opts.out.display()
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

    /// Writes the manifest and drops the journal: the run is complete.
    pub fn finish(self, first: u64) -> Result<RunReport> {
        let dir = &self.opts.out;
        let manifest = Manifest::new(
            self.plan,
            &self.hash,
            self.threads,
            self.opts.shard,
            self.range.clone(),
            self.started,
            std::time::SystemTime::now(),
        );
        write_file(&dir.join("manifest.json"), manifest.to_json().as_bytes())?;
        let _ = std::fs::remove_file(dir.join(Journal::FILE));
        Ok(RunReport {
            out: dir.clone(),
            processes: self.range.end - first,
            seconds: self.clock.elapsed().as_secs_f64(),
            threads: self.threads,
            lock: self.lock,
        })
    }
}

/// Runs a plan (or one shard of it) into `opts.out`.
pub fn run(plan: &Plan, opts: &RunOptions) -> Result<RunReport> {
    let run = RunContext::open(plan, opts)?;
    let dir = &opts.out;
    let rounds = plan.file.output.rounds;
    let mut outputs = match &run.journal {
        Some(journal) => Outputs::resume(dir, journal, rounds)?,
        None => Outputs::create(dir, plan, rounds)?,
    };
    let observe = Observe {
        rounds,
        transcript: false,
    };
    let block = block_size();
    let first = run.first();
    let mut next = first;
    let range = run.range.clone();
    let mut progress = Progress::new(range.end - range.start, next - range.start, opts.quiet);
    // A pipeline of two stages: while the pool simulates one block, a writer thread formats,
    // appends and checkpoints the block before it, so the workers never wait for the disk.
    // With one thread the two stages take turns, so that `--threads 1` uses one core.
    // The block ending at `.0` is simulated but not yet written.
    let mut pending: Option<(u64, Vec<ProcessResult>)> = None;
    while next < range.end || pending.is_some() {
        let end = (next + block).min(range.end);
        let to_write = pending.take();
        let simulate_block = || {
            (next < end).then(|| {
                run.pool.install(|| {
                    (next..end)
                        .into_par_iter()
                        .map(|id| simulate(plan, id, observe))
                        .collect::<Vec<ProcessResult>>()
                })
            })
        };
        let (simulated, written) = if run.threads > 1 {
            std::thread::scope(|scope| {
                let writer = to_write.map(|(done, results)| {
                    let (outputs, run) = (&mut outputs, &run);
                    scope.spawn(move || write_block(outputs, run, plan, done, results))
                });
                let simulated = simulate_block();
                let written =
                    writer.map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
                (simulated, written)
            })
        } else {
            let written = to_write
                .map(|(done, results)| write_block(&mut outputs, &run, plan, done, results));
            (simulate_block(), written)
        };
        if let Some(done) = written.transpose()? {
            progress.advance(done - range.start);
            // A block simulated but not written is dropped; a resume simulates it again.
            run.stop_if_interrupted(done, "processes", &mut progress)?;
        }
        if let Some(results) = simulated {
            pending = Some((end, results));
            next = end;
        }
    }
    progress.finish();
    outputs.commit()?;
    // The transcripts of the processes single-process views show, recorded once the rows are
    // complete (a resumed run records them too).
    let recorded = recorded_ids(plan).filter(|id| range.contains(id));
    transcripts::write(dir, &record_transcripts(plan, &run.hash, recorded))?;
    run.finish(first)
}

/// Writes a simulated block (the processes before `done`), makes it durable and records the
/// progress in the journal; returns `done`.
fn write_block(
    outputs: &mut Outputs,
    run: &RunContext,
    plan: &Plan,
    done: u64,
    results: Vec<ProcessResult>,
) -> Result<u64> {
    outputs.write_block(plan, &results)?;
    drop(results);
    let bytes = outputs.checkpoint()?;
    run.save(done, bytes.to_vec())?;
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

/// Makes sure the output directory may be written, locks it for this run and clears the
/// results of an earlier run from it. Refuses a folder holding a different experiment's
/// results (unless forced), an unfinished run (resume it or force) or a run still writing.
pub fn prepare_directory(
    dir: &Path,
    hash: &str,
    identity: &Identity,
    shard: Option<(u64, u64)>,
    force: bool,
) -> Result<FolderLock> {
    let lock =
        FolderLock::acquire_checked(dir, || check_directory(dir, hash, identity, shard, force))?;
    for name in OUTPUT_FILES {
        let p = dir.join(name);
        let _ = std::fs::remove_file(&p);
        let _ = std::fs::remove_file(partial_path(&p));
    }
    let _ = std::fs::remove_file(dir.join(Journal::FILE));
    let _ = std::fs::remove_dir_all(dir.join("charts"));
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
    check_kind(
        &dir.join(crate::charts::CHARTS_DIR),
        true,
        "the run writes its",
        hint,
    )
}

/// Whether `dir` may be written by a run of the experiment with `hash` (see
/// [`prepare_directory`]); reads the folder and changes nothing.
fn check_directory(
    dir: &Path,
    hash: &str,
    identity: &Identity,
    shard: Option<(u64, u64)>,
    force: bool,
) -> Result<()> {
    if dir.exists() {
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
            .filter(|p| {
                p.file_name().is_some_and(|n| n != ".gitkeep") && !FolderLock::is_lock_file(p)
            })
            .collect();
        if !entries.is_empty() && !force {
            if dir.join(Journal::FILE).exists() {
                return Err(
                    Error::input(format!("{} holds an unfinished run", dir.display()))
                        .with_hint("continue it with --resume, or start over with --force"),
                );
            }
            let found = Manifest::read(dir).ok();
            match found.as_ref().map(|m| (m.config_hash.as_str(), m.shard)) {
                Some((h, held)) if h == hash && held == ShardInfo::of(shard) => {}
                Some((h, held)) if h == hash => {
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
                    .with_hint(
                        "give each shard a folder of its own with --out, or overwrite with --force",
                    ));
                }
                Some(_) => {
                    let held = found.as_ref().map(Identity::of_manifest);
                    let differences = held
                        .map(|held| identity.differences(&held, ("the folder", "this run")))
                        .unwrap_or_default();
                    let what = if differences.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", differences.join("; "))
                    };
                    return Err(Error::input(format!(
                        "{} holds the results of a different experiment{what}",
                        dir.display()
                    ))
                    .with_hint("choose another folder with --out, or overwrite with --force"));
                }
                // A run stopped before its first checkpoint saved nothing: it starts over.
                None if only_partial_files(dir, &entries) => {}
                None => {
                    return Err(Error::input(format!(
                        "{} is not empty and holds no negsim results",
                        dir.display()
                    ))
                    .with_hint(
                        "choose another folder with --out, or use --force to write into it anyway",
                    ));
                }
            }
        }
    }
    Ok(())
}
