//! Crash consistency: a run killed at any instant leaves a folder that one command finishes,
//! byte-identical to a run that was never interrupted.
//!
//! negsim passes named fault points wherever it commits something to disk (a block of rows
//! simulated or written, a file flushed or renamed into place, the journal replaced, the
//! results of a replaced run removed, the journal removed, a chart drawn; see
//! `negsim::output::fault`). These tests list the points an uninterrupted run passes, then
//! kill a run (SIGKILL, as `kill -9` or a power cut would) at the first and last pass of every
//! point, at random passes in every phase (simulation, CSV, statistics, manifest, charts) and
//! at random instants of wall-clock time, and finish each with `--resume` or `negsim plot`:
//! the folder must then hold exactly what the uninterrupted run wrote. This for a plain
//! experiment, a sharded one merged, and an organisation run.
//!
//! The fault hook is compiled into debug builds only, which `cargo test` makes.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A small plain experiment: 120 processes in blocks of 16, with rounds.csv.
const PLAIN: &str = r#"
# Crash test: does a collaborative culture agree more often?
[experiment]
name = "crash-plain"
seed = 99
replications = 30
[base]
case = "job-offer"
deadline = 20
[[condition]]
name = "collaborative"
culture = "collaborative"
[[condition]]
name = "positional"
culture = "positional"
[sweep]
"traits.openness.mean" = [0.3, 0.7]
[output]
rounds = true
"#;

/// A small organisation experiment: 2 conditions x 2 replications of 20 people over 3 cycles.
const ORGANISATION: &str = r#"
# Crash test: does training help a small positional organisation?
[experiment]
name = "crash-organisation"
seed = 3
replications = 2
[base]
culture = "positional"
deadline = 10
[base.case_generator]
issues = 3
options = 3
[base.organisation]
population = 20
cycles = 3
group_size = { min = 3, max = 4 }
case_pool = 2
[[condition]]
name = "none"
[[condition]]
name = "training"
organisation.training = { share = 0.5, dose = 0.4 }
"#;

/// Processes per block: small, so that a run passes many checkpoints.
const BLOCK: &str = "16";

/// A scratch folder with the experiment file.
struct Bench {
    dir: tempfile::TempDir,
}

impl Bench {
    fn new(config: &str) -> Bench {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("exp.toml"), config).unwrap();
        Bench { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `negsim <args>` run from the repository, with `env` set.
    fn negsim(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = Command::new(negsim());
        c.current_dir(root())
            .args(args)
            .env("NEGSIM_BLOCK_SIZE", BLOCK)
            .env_remove("NEGSIM_FAULT")
            .env_remove("NEGSIM_FAULT_TRACE");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    /// `negsim run exp.toml --out <out> -q <extra>`.
    fn run_args(&self, out: &str, extra: &[&str]) -> Vec<String> {
        let mut args = vec![
            "run".to_string(),
            self.path("exp.toml").display().to_string(),
            "--out".into(),
            self.path(out).display().to_string(),
            "-q".into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    }

    fn ok(&self, args: &[String], env: &[(&str, &str)]) -> Output {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = self.negsim(&args, env);
        assert!(
            o.status.success(),
            "negsim {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&o.stderr)
        );
        o
    }

    /// The fault points `args` passes, in order.
    fn trace(&self, args: &[String]) -> Vec<String> {
        let trace = self.path("trace.txt");
        let _ = std::fs::remove_file(&trace);
        self.ok(args, &[("NEGSIM_FAULT_TRACE", trace.to_str().unwrap())]);
        let points: Vec<String> = std::fs::read_to_string(&trace)
            .expect("the run passed no fault point: the hook is compiled into debug builds only (run `cargo test` without --release)")
            .lines()
            .map(String::from)
            .collect();
        std::fs::remove_file(&trace).unwrap();
        points
    }

    /// Runs `args` to be killed at `fault` (`NAME@N`), and checks that it was.
    fn killed(&self, args: &[String], fault: &str) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = self.negsim(&args, &[("NEGSIM_FAULT", fault)]);
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(
            o.status.signal(),
            Some(libc::SIGKILL),
            "negsim {} was not killed at {fault} (the fault hook is compiled into debug builds only): {}",
            args.join(" "),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

/// Every file under `dir` (but the lock file), by path relative to `dir`; the manifest and
/// the report without what differs between two runs of the same experiment (start and end
/// time, the command line).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.strip_prefix(dir).unwrap().to_path_buf();
            if name == Path::new(".negsim-lock") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let bytes = match name.to_str() {
                Some("manifest.json") => {
                    let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                    let m = m.as_object_mut().unwrap();
                    for key in ["started", "finished", "command"] {
                        m.remove(key);
                    }
                    serde_json::to_vec_pretty(m).unwrap()
                }
                Some("report.html") => String::from_utf8(bytes)
                    .unwrap()
                    .lines()
                    .filter(|l| {
                        !["<dt>started</dt>", "<dt>finished</dt>", "<dt>command</dt>"]
                            .iter()
                            .any(|t| l.contains(t))
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
                    .into_bytes(),
                _ => bytes,
            };
            files.insert(name, bytes);
        }
    }
    files
}

/// Asserts that `got` holds what `want` does, file by file.
fn same_folder(want: &Path, got: &Path, after: &str) {
    let (a, b) = (snapshot(want), snapshot(got));
    let names = |s: &BTreeMap<PathBuf, Vec<u8>>| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "files after {after}");
    for (name, bytes) in &a {
        assert!(
            b[name] == *bytes,
            "{} differs after {after}",
            name.display()
        );
    }
}

/// A small random number generator for choosing kill points (xorshift; the seed is printed,
/// and `NEGSIM_CRASH_SEED` replays it).
struct Dice(u64);

impl Dice {
    fn new() -> Dice {
        let seed = std::env::var("NEGSIM_CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("crash test seed: NEGSIM_CRASH_SEED={seed}");
        Dice(seed)
    }
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The phase a fault point belongs to.
fn phase(point: &str) -> &'static str {
    let file = point.split_once(':').map_or("", |(_, f)| f);
    if point.ends_with("-simulated") {
        "simulation"
    } else if file.starts_with("summary.csv") || file.starts_with("comparison.csv") {
        "statistics"
    } else if point.starts_with("chart") || file.starts_with("report.html") {
        "charts"
    } else if point.starts_with("file-renamed:") && !file.starts_with("progress.json")
        || file.starts_with("manifest.json")
        || point == "replaced-removed"
        || point == "journal-removed"
    {
        "manifest"
    } else {
        "csv"
    }
}

/// The phases of a run with statistics and charts; a shard has neither, a merge no
/// simulation.
const ALL_PHASES: &[&str] = &["simulation", "csv", "statistics", "manifest", "charts"];
const SHARD_PHASES: &[&str] = &["simulation", "csv", "manifest"];
const MERGE_PHASES: &[&str] = &["csv", "statistics", "manifest", "charts"];

/// Kill points for a run that passes `trace`: the first and last pass of every point, and
/// `random` random passes in each of `phases` (as `*@N`, the N-th point passed).
fn kill_points(
    trace: &[String],
    phases_passed: &[&str],
    random: usize,
    dice: &mut Dice,
) -> Vec<String> {
    let mut points = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for p in trace {
        *seen.entry(p).or_default() += 1;
    }
    for (p, n) in &seen {
        points.push(format!("{p}@1"));
        if *n > 1 {
            points.push(format!("{p}@{n}"));
        }
    }
    let mut phases: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in trace.iter().enumerate() {
        phases.entry(phase(p)).or_default().push(i + 1);
    }
    for &phase in phases_passed {
        let hits = phases.get(phase).map(Vec::as_slice).unwrap_or(&[]);
        assert!(
            !hits.is_empty(),
            "the run passes no fault point of the {phase} phase"
        );
        for _ in 0..random {
            points.push(format!("*@{}", hits[dice.below(hits.len())]));
        }
    }
    points
}

/// What finishes a killed run: `--resume`, or for a whole run killed after its manifest,
/// either that or `negsim plot` (alternately; a shard has no charts).
fn finish(bench: &Bench, run: &[String], out: &str, k: usize) {
    let dir = bench.path(out);
    let finished = dir.join("manifest.json").exists() && !dir.join("progress.json").exists();
    let shard = run.iter().any(|a| a == "--shard");
    if finished && !shard && k % 2 == 1 {
        let plot = vec!["plot".to_string(), dir.display().to_string()];
        bench.ok(&plot, &[]);
    } else {
        let mut resume = run.to_vec();
        resume.push("--resume".into());
        bench.ok(&resume, &[]);
    }
}

/// Kills the run `extra` describes at every kill point and finishes it, comparing each time
/// with the uninterrupted `reference`.
fn crash_everywhere(bench: &Bench, reference: &str, extra: &[&str], random: usize) {
    let run = bench.run_args("killed", extra);
    let _ = std::fs::remove_dir_all(bench.path("traced"));
    let trace = bench.trace(&bench.run_args("traced", extra));
    let phases = if extra.contains(&"--shard") {
        SHARD_PHASES
    } else {
        ALL_PHASES
    };
    let mut dice = Dice::new();
    let points = kill_points(&trace, phases, random, &mut dice);
    eprintln!(
        "{} kills of `{}` at {} fault points passed",
        points.len(),
        run.join(" "),
        trace.len()
    );
    for (k, fault) in points.iter().enumerate() {
        let _ = std::fs::remove_dir_all(bench.path("killed"));
        bench.killed(&run, fault);
        finish(bench, &run, "killed", k);
        same_folder(&bench.path(reference), &bench.path("killed"), fault);
    }
}

/// Kills runs at random instants of wall-clock time (some land after the run's end), and
/// finishes each.
fn kill_at_random_instants(bench: &Bench, reference: &str, extra: &[&str], times: usize) {
    let run = bench.run_args("timed", extra);
    let args: Vec<&str> = run.iter().map(String::as_str).collect();
    let mut dice = Dice::new();
    for k in 0..times {
        let _ = std::fs::remove_dir_all(bench.path("timed"));
        let mut child = Command::new(negsim())
            .current_dir(root())
            .args(&args)
            .env("NEGSIM_BLOCK_SIZE", BLOCK)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(dice.below(1500) as u64));
        let _ = child.kill();
        child.wait().unwrap();
        if bench.path("timed").exists() {
            finish(bench, &run, "timed", k);
        } else {
            bench.ok(&run, &[]);
        }
        same_folder(
            &bench.path(reference),
            &bench.path("timed"),
            "a kill at a random instant",
        );
    }
}

#[test]
fn a_plain_experiment_killed_anywhere_finishes_identical() {
    let bench = Bench::new(PLAIN);
    bench.ok(&bench.run_args("reference", &[]), &[]);
    crash_everywhere(&bench, "reference", &[], 2);
    kill_at_random_instants(&bench, "reference", &[], 3);
}

#[test]
fn an_organisation_run_killed_anywhere_finishes_identical() {
    let bench = Bench::new(ORGANISATION);
    bench.ok(&bench.run_args("reference", &[]), &[]);
    crash_everywhere(&bench, "reference", &[], 2);
}

#[test]
fn a_sharded_experiment_killed_anywhere_merges_identical() {
    let bench = Bench::new(PLAIN);
    // Each shard, killed anywhere, finishes as an uninterrupted shard.
    for shard in ["1/2", "2/2"] {
        let name = format!("shard-{}", &shard[..1]);
        bench.ok(&bench.run_args(&name, &["--shard", shard]), &[]);
        crash_everywhere(&bench, &name, &["--shard", shard], 1);
    }
    // The merge, killed anywhere, is finished by the same command (or `negsim plot` once its
    // manifest is there), and equals one machine's run.
    bench.ok(&bench.run_args("whole", &[]), &[]);
    let merge = |out: &str| -> Vec<String> {
        vec![
            "merge".into(),
            bench.path("shard-1").display().to_string(),
            bench.path("shard-2").display().to_string(),
            "--out".into(),
            bench.path(out).display().to_string(),
        ]
    };
    bench.ok(&merge("merged"), &[]);
    let (whole, merged) = (
        snapshot(&bench.path("whole")),
        snapshot(&bench.path("merged")),
    );
    for name in [
        "processes.csv",
        "stakeholders.csv",
        "rounds.csv",
        "summary.csv",
        "comparison.csv",
    ] {
        assert!(whole[Path::new(name)] == merged[Path::new(name)], "{name}");
    }
    let trace = bench.trace(&merge("traced-merge"));
    let mut dice = Dice::new();
    let points = kill_points(&trace, MERGE_PHASES, 1, &mut dice);
    eprintln!(
        "{} kills of the merge at {} fault points passed",
        points.len(),
        trace.len()
    );
    for fault in points {
        let _ = std::fs::remove_dir_all(bench.path("killed-merge"));
        bench.killed(&merge("killed-merge"), &fault);
        let dir = bench.path("killed-merge");
        let finished = dir.join("manifest.json").exists() && !dir.join("progress.json").exists();
        if finished {
            // A finished merge is not merged again without --force: `negsim plot` writes its
            // statistics and charts.
            bench.ok(&["plot".into(), dir.display().to_string()], &[]);
        } else {
            bench.ok(&merge("killed-merge"), &[]);
        }
        same_folder(&bench.path("merged"), &dir, &fault);
    }
}
