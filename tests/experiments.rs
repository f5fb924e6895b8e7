//! Batch experiments: output is byte-identical whatever the thread count, the sharding, or an
//! interruption (SIGKILL or Ctrl-C) followed by `--resume`.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const FILES: &[&str] = &[
    "processes.csv",
    "stakeholders.csv",
    "rounds.csv",
    "summary.csv",
    "comparison.csv",
];

const SMALL: &str = r#"
# A small experiment for invariance tests.
[experiment]
name = "small"
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

struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new(config: &str) -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("exp.toml"), config).unwrap();
        Workspace { dir }
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn negsim(&self, args: &[&str]) -> Command {
        let mut c = Command::new(negsim());
        c.current_dir(root())
            .arg("run")
            .arg(self.path("exp.toml"))
            .arg("--quiet")
            .args(args);
        c
    }
    fn run(&self, out: &str, args: &[&str]) -> Output {
        let out_dir = self.path(out);
        let o = self
            .negsim(args)
            .arg("--out")
            .arg(&out_dir)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "run failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        o
    }
}

fn same_files(a: &Path, b: &Path) {
    for f in FILES {
        let (x, y) = (std::fs::read(a.join(f)), std::fs::read(b.join(f)));
        let (x, y) = (
            x.unwrap_or_else(|e| panic!("{f}: {e}")),
            y.unwrap_or_else(|e| panic!("{f}: {e}")),
        );
        assert!(
            x == y,
            "{f} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let w = Workspace::new(SMALL);
    w.run("one", &["--threads", "1"]);
    w.run("two", &["--threads", "2"]);
    same_files(&w.path("one"), &w.path("two"));
    let summary = std::fs::read_to_string(w.path("one/summary.csv")).unwrap();
    assert!(summary.starts_with(
        "condition,traits.openness.mean,metric,kind,n,mean,sd,se,ci_low,ci_high,median\n"
    ));
    let manifest = std::fs::read_to_string(w.path("two/manifest.json")).unwrap();
    assert!(manifest.contains("\"threads\": 2") && manifest.contains("\"config_hash\""));
    // The command that wrote the files, word by word.
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let command: Vec<&str> = manifest["command"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(command[1..].starts_with(&["run"]), "{command:?}");
    assert!(
        command.windows(2).any(|w| w == ["--threads", "2"]),
        "{command:?}"
    );
}

#[test]
fn three_merged_shards_equal_one_run() {
    let w = Workspace::new(SMALL);
    w.run("all", &[]);
    for k in 1..=3 {
        w.run(&format!("shard{k}"), &["--shard", &format!("{k}/3")]);
    }
    let merged = w.path("merged");
    let o = Command::new(negsim())
        .args(["merge"])
        .args([w.path("shard2"), w.path("shard3"), w.path("shard1")])
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    same_files(&w.path("all"), &merged);
    // An incomplete set and a mismatched set are refused, and nothing is written.
    let o = Command::new(negsim())
        .args(["merge"])
        .args([w.path("shard1"), w.path("shard2")])
        .arg("--out")
        .arg(w.path("bad"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("shard 3/3 is missing"));
    assert!(!w.path("bad").exists());
    let other = Workspace::new(&SMALL.replace("seed = 99", "seed = 98"));
    other.run("shard3", &["--shard", "3/3"]);
    let o = Command::new(negsim())
        .args(["merge"])
        .args([w.path("shard1"), w.path("shard2"), other.path("shard3")])
        .arg("--out")
        .arg(w.path("bad"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("different experiments"), "{stderr}");
    // It says what differs.
    assert!(
        stderr.contains("seed 99 in") && stderr.contains(", 98 in"),
        "{stderr}"
    );
    assert!(!w.path("bad").exists());
}

/// Starts a run with tiny blocks, waits until some blocks are saved, then signals it.
fn interrupt(w: &Workspace, out: &str, signal: &str) -> std::process::ExitStatus {
    let mut child = w
        .negsim(&["--threads", "1"])
        .arg("--out")
        .arg(w.path(out))
        .env("NEGSIM_BLOCK_SIZE", "8")
        .spawn()
        .unwrap();
    let journal = w.path(out).join("progress.json");
    let start = Instant::now();
    while !journal.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the run never saved progress"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run finished before it could be interrupted"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    child.wait().unwrap()
}

const LARGER: &str = r#"
[experiment]
name = "larger"
seed = 5
replications = 400
[base]
case = "office-reorganisation"
[[condition]]
name = "collaborative"
culture = "collaborative"
[[condition]]
name = "mixed"
culture = "mixed"
"#;

#[test]
fn a_killed_run_resumes_to_identical_output() {
    let w = Workspace::new(LARGER);
    w.run("reference", &[]);
    let status = interrupt(&w, "killed", "-KILL");
    assert!(!status.success());
    // Nothing looks complete that is not.
    assert!(!w.path("killed/processes.csv").exists());
    assert!(!w.path("killed/manifest.json").exists());
    assert!(w.path("killed/processes.csv.partial").exists());
    // Resuming another experiment into it is refused.
    let other = Workspace::new(&LARGER.replace("seed = 5", "seed = 6"));
    let o = other
        .negsim(&["--resume", "--out"])
        .arg(w.path("killed"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("different experiment"), "{stderr}");
    assert!(
        stderr.contains("seed 5 in the unfinished run, 6 in this one"),
        "{stderr}"
    );
    // A plain re-run is refused too (an unfinished run is there).
    let o = w.negsim(&["--out"]).arg(w.path("killed")).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--resume"));
    w.run("killed", &["--resume"]);
    for f in [
        "processes.csv",
        "stakeholders.csv",
        "summary.csv",
        "comparison.csv",
    ] {
        assert_eq!(
            std::fs::read(w.path("reference").join(f)).unwrap(),
            std::fs::read(w.path("killed").join(f)).unwrap(),
            "{f}"
        );
    }
    assert!(!w.path("killed/progress.json").exists());
}

#[test]
fn ctrl_c_stops_cleanly_and_resumes() {
    let w = Workspace::new(LARGER);
    let status = interrupt(&w, "stopped", "-INT");
    assert_eq!(status.code(), Some(130), "interrupted runs exit with 130");
    assert!(w.path("stopped/progress.json").exists());
    w.run("stopped", &["--resume"]);
    w.run("reference", &[]);
    assert_eq!(
        std::fs::read(w.path("reference/processes.csv")).unwrap(),
        std::fs::read(w.path("stopped/processes.csv")).unwrap()
    );
}

#[test]
fn output_directory_of_another_experiment_is_protected() {
    let w = Workspace::new(SMALL);
    w.run("out", &[]);
    let other = Workspace::new(&SMALL.replace("replications = 30", "replications = 31"));
    let o = other
        .negsim(&["--out"])
        .arg(w.path("out"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    let before = std::fs::read(w.path("out/processes.csv")).unwrap();
    assert_eq!(
        before,
        std::fs::read(w.path("out/processes.csv")).unwrap(),
        "nothing overwritten"
    );
    other.run("out", &["--force"]);
    // The same experiment's finished results are kept too: running it again into its folder
    // takes --force, and --resume checks them and finds nothing to do.
    w.run("again", &[]);
    let finished = std::fs::read(w.path("again/processes.csv")).unwrap();
    let o = w.negsim(&["--out"]).arg(w.path("again")).output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("holds the finished results of this experiment already"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--force") && stderr.contains("--resume"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(w.path("again/processes.csv")).unwrap(),
        finished
    );
    let o = w.run("again", &["--resume"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("results in"));
    w.run("again", &["--force"]);
    assert_eq!(
        std::fs::read(w.path("again/processes.csv")).unwrap(),
        finished
    );
}

#[test]
fn bad_sweeps_and_shards_are_refused() {
    let cases = [
        (
            "[sweep]\n\"traits.opennes.mean\" = [0.1]\n",
            "nearest valid keys: traits.openness.mean",
        ),
        ("[sweep]\ndeadline = []\n", "empty list"),
        (
            "[sweep]\ndeadline = { start = 10, stop = 20, step = 0 }\n",
            "other than 0",
        ),
        (
            "[sweep]\ndeadline = { start = 1, stop = inf, step = 1 }\n",
            "finite start and stop",
        ),
        (
            "[sweep]\n\"parameters.stress_rate\" = { start = 0.0, stop = 1.0, step = 1e-300 }\n",
            "the range has 1.0e300 points; at most 100000",
        ),
        (
            "[sweep]\ndeadline = [10, 20, 10]\n",
            "the value 10 appears more than once",
        ),
        (
            "[sweep]\nparameters.stress_rate = [0.1, 0.2]\n",
            "write \"parameters.stress_rate\" = [...]",
        ),
        (
            "[sweep]\ndeadline = { start = 10, stop = 20, step = -5 }\n",
            "never gets there",
        ),
        (
            "[sweep]\ndeadline = { start = 10, stop = 20 }\n",
            "needs `step`",
        ),
    ];
    for (sweep, expect) in cases {
        let w = Workspace::new(&format!(
            "[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\n{sweep}"
        ));
        let o = w.negsim(&["--out"]).arg(w.path("out")).output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{sweep}: {stderr}");
        assert!(
            stderr.contains(expect) && stderr.contains("exp.toml"),
            "{sweep}: {stderr}"
        );
        assert!(!w.path("out").exists());
    }
    let w = Workspace::new(SMALL);
    for shard in ["0/3", "4/3", "1/0", "x"] {
        let o = w
            .negsim(&["--shard", shard, "--out"])
            .arg(w.path("out"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{shard}");
        assert!(!w.path("out").exists());
    }
    let w =
        Workspace::new("[experiment]\nseed = 1\nreplications = 0\n[base]\ncase = \"job-offer\"\n");
    let o = w.negsim(&["--out"]).arg(w.path("out")).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("replications must be at least 1"));
}

#[test]
fn ranges_cross_as_a_full_grid() {
    let plan = plan_from(
        "[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\n[[condition]]\nname = \"a\"\n[[condition]]\nname = \"b\"\n[sweep]\ndeadline = { start = 10, stop = 30, step = 10 }\n\"traits.openness.mean\" = { start = 0.0, stop = 0.3, step = 0.1 }\n",
    );
    assert_eq!(plan.points(), 3 * 4);
    assert_eq!(plan.process_count(), 24);
    assert_eq!(plan.point_labels(0), vec!["10", "0"]);
    assert_eq!(plan.point_labels(5), vec!["20", "0.1"]);
    assert_eq!(plan.point_labels(11), vec!["30", "0.3"]);
    let p = plan.locate(23);
    assert_eq!((p.point, p.replication, p.condition), (11, 0, 1));
    assert_eq!(plan.cell(&p).scenario.deadline, 30);
    assert_eq!(plan.cell(&p).scenario.traits.openness.mean, 0.3);
}

#[test]
fn conditions_share_random_streams() {
    // Common random numbers: replication r draws the same people in every condition when the
    // conditions differ only in a norm.
    let plan = plan_from(
        "[experiment]\nseed = 4\nreplications = 3\n[base]\ncase = \"job-offer\"\nculture = \"mixed\"\n[[condition]]\nname = \"a\"\n[[condition]]\nname = \"b\"\nnorms.facilitator = true\n",
    );
    for r in 0..3u64 {
        let a = plan.table_setup(&plan.locate(r * 2), Default::default());
        let b = plan.table_setup(&plan.locate(r * 2 + 1), Default::default());
        assert_eq!(a.seats, b.seats);
        assert!(!a.rules.facilitator && b.rules.facilitator);
    }
}

#[test]
fn a_run_stopped_before_its_first_checkpoint_starts_over() {
    // What a run killed in its first block leaves: partial files, no journal, no manifest.
    // Nothing there can be continued or lost, so a plain run and a --resume (what a
    // resubmitted cluster task runs) both start from the beginning.
    let w = Workspace::new("[experiment]\nseed = 1\n[base]\ncase = \"job-offer\"\n");
    w.run("whole", &[]);
    let whole = w.path("whole");
    for (name, args) in [("plain", vec![]), ("resumed", vec!["--resume"])] {
        let out = w.path(name);
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("processes.csv.partial"), "condition,rep").unwrap();
        let o = w.negsim(&args).arg("--out").arg(&out).output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!out.join("processes.csv.partial").exists());
        assert_eq!(
            std::fs::read(out.join("processes.csv")).unwrap(),
            std::fs::read(whole.join("processes.csv")).unwrap()
        );
        if name == "resumed" {
            assert!(stderr.contains("starting from the beginning"), "{stderr}");
        }
    }
}

#[test]
fn a_folder_holding_another_shard_or_the_whole_run_is_not_overwritten() {
    let w = Workspace::new(SMALL);
    let out = w.path("shard-1");
    w.run("shard-1", &["--shard", "1/3"]);
    let before = std::fs::read(out.join("processes.csv")).unwrap();
    for (args, expect) in [
        (
            vec!["--shard", "2/3"],
            "holds shard 1/3 of this experiment, and this run is shard 2/3",
        ),
        (
            vec![],
            "holds shard 1/3 of this experiment, and this run is the whole run",
        ),
    ] {
        let o = w.negsim(&args).arg("--out").arg(&out).output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expect), "{args:?}: {stderr}");
        assert!(stderr.contains("--force"), "{args:?}: {stderr}");
    }
    assert_eq!(std::fs::read(out.join("processes.csv")).unwrap(), before);
    // The same shard again may rewrite its own folder when told to, as a whole run may, and
    // resuming it (what a requeued cluster task does) finds it finished.
    w.run("shard-1", &["--shard", "1/3", "--force"]);
    w.run("shard-1", &["--shard", "1/3", "--resume"]);
    assert_eq!(std::fs::read(out.join("processes.csv")).unwrap(), before);
}

#[test]
fn a_folder_another_run_is_writing_into_is_left_alone() {
    let w = Workspace::new(SMALL);
    w.run("out", &["--threads", "1"]);
    let out = w.path("out");
    let before = std::fs::read(out.join("processes.csv")).unwrap();
    // Stands in for a run still writing there: it holds the folder's lock.
    let running = negsim::output::lock::FolderLock::acquire(&out).unwrap();
    for args in [vec![], vec!["--force"], vec!["--resume"]] {
        let o = w.negsim(&args).arg("--out").arg(&out).output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("another negsim run"), "{args:?}: {stderr}");
        assert!(stderr.contains("--out"), "{args:?}: {stderr}");
    }
    assert_eq!(std::fs::read(out.join("processes.csv")).unwrap(), before);
    assert!(out.join("manifest.json").exists());
    drop(running);
    // Once it is done, the folder is free; the lock file is not counted as a stranger's file.
    w.run("out", &["--force"]);
    assert_eq!(std::fs::read(out.join("processes.csv")).unwrap(), before);
}

#[test]
fn a_refused_folder_gets_no_lock_file() {
    let w = Workspace::new(SMALL);
    let foreign = w.path("documents");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("letter.txt"), "mine").unwrap();
    let o = w.negsim(&["--out"]).arg(&foreign).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let names: Vec<_> = std::fs::read_dir(&foreign)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["letter.txt"]);
}

#[test]
fn a_finished_run_keeps_its_folder_until_its_report_is_let_go() {
    // Statistics and charts are written after the processes: the lock lives in the report
    // that the command keeps until then.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let plan =
        plan_from("[experiment]\nseed = 3\nreplications = 4\n[base]\ncase = \"job-offer\"\n");
    let opts = negsim::experiment::runner::RunOptions {
        out: out.clone(),
        threads: Some(1),
        quiet: true,
        force: false,
        resume: false,
        shard: None,
    };
    let report = negsim::experiment::runner::run(&plan, &opts).unwrap();
    assert!(out.join("manifest.json").exists());
    let second = negsim::experiment::runner::run(&plan, &opts).unwrap_err();
    assert!(
        second.to_string().contains("another negsim run"),
        "{second}"
    );
    drop(report);
    let again = negsim::experiment::runner::RunOptions {
        force: true,
        ..opts
    };
    negsim::experiment::runner::run(&plan, &again).expect("free once the report is let go");
}

#[cfg(unix)]
#[test]
fn a_termination_signal_stops_a_run_as_ctrl_c_does() {
    // SIGTERM is what SLURM and Kubernetes send at a time limit: the run stops after its
    // block with a resumable folder and says how to continue, instead of dying mid-write.
    let w = Workspace::new(
        "[experiment]\nseed = 1\nreplications = 1000000\n[base]\ncase = \"job-offer\"\n",
    );
    let out = w.path("out");
    let mut child = w
        .negsim(&["--threads", "1"])
        .arg("--out")
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Signalled once it is writing (its first checkpoint), which a million processes outlast.
    while !out.join("progress.json").exists() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before its first checkpoint"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(143), "128 + SIGTERM: {stderr}");
    assert!(stderr.contains("interrupted after"), "{stderr}");
    assert!(stderr.contains("--resume"), "{stderr}");
    assert!(out.join("progress.json").exists());
}

#[test]
fn plot_restores_the_statistics_a_killed_run_did_not_write() {
    // A run killed after its manifest but before its statistics is complete but cannot be
    // resumed; `negsim plot` computes the statistics again from processes.csv.
    let w = Workspace::new(SMALL);
    w.run("out", &[]);
    let out = w.path("out");
    let summary = std::fs::read(out.join("summary.csv")).unwrap();
    let comparison = std::fs::read(out.join("comparison.csv")).unwrap();
    std::fs::remove_file(out.join("summary.csv")).unwrap();
    std::fs::remove_file(out.join("comparison.csv")).unwrap();
    let o = Command::new(negsim())
        .args(["plot", out.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("had no statistics"), "{stderr}");
    assert_eq!(std::fs::read(out.join("summary.csv")).unwrap(), summary);
    assert_eq!(
        std::fs::read(out.join("comparison.csv")).unwrap(),
        comparison
    );
    assert!(out.join("report.html").exists());
}

/// Each stakeholder's record agrees with its process: the utilities add up to the joint
/// utility, without agreement everyone keeps their BATNA, and only an agreement can beat it.
#[test]
fn stakeholder_records_add_up_to_their_process() {
    let (_, results) = run_text(
        r#"
[experiment]
seed = 5
replications = 20
[base]
case = "office-reorganisation"
[[condition]]
name = "collaborative"
culture = "collaborative"
[[condition]]
name = "positional"
culture = "positional"
"#,
    );
    let (mut agreed, mut beat) = (0, 0);
    for r in &results {
        let people: Vec<_> = r.stakeholders().collect();
        assert_eq!(people.len(), r.case.n);
        let joint: f64 = people.iter().map(|s| s.utility).sum();
        assert!((joint - r.metrics.joint_utility).abs() < 1e-9);
        for (seat, s) in people.iter().enumerate() {
            assert_eq!(s.seat, seat);
            assert_eq!(s.key, r.case.case.stakeholders[seat].key);
            if !r.metrics.agreed {
                assert_eq!(s.utility, s.batna, "no agreement: the BATNA");
                assert!(!s.beat_batna());
            }
            assert_eq!(s.beat_batna(), s.agreed && s.surplus() > 0.0);
            assert!((0.0..=1.0).contains(&s.trust_mean()));
            beat += usize::from(s.beat_batna());
        }
        agreed += usize::from(r.metrics.agreed);
    }
    // Both kinds of process occur, so neither branch above is vacuous.
    assert!(agreed > 0 && agreed < results.len(), "{agreed} agreements");
    assert!(beat > 0);
}

#[test]
fn a_run_records_the_transcripts_of_tables_up_to_sixteen_stakeholders() {
    // Two conditions, a generated case per replication: ids 0 and 1 are recorded when their
    // tables are small enough, none when they seat more than 16 (their transcripts grow with
    // the square of the table).
    let text = |stakeholders: usize| {
        format!(
            r#"
[experiment]
name = "recorded"
seed = 5
replications = 2
compare = [["a", "b"]]

[base]
culture = "mixed"
deadline = 3

[base.case_generator]
stakeholders = {stakeholders}
issues = 3
options = 3

[[condition]]
name = "a"

[[condition]]
name = "b"
norms.facilitator = true
"#
        )
    };
    let recorded = |n| negsim::experiment::replay::recorded_ids(&plan_from(&text(n)));
    assert_eq!(recorded(3), vec![0, 1]);
    assert_eq!(recorded(16), vec![0, 1]);
    assert_eq!(recorded(17), Vec::<u64>::new());
}
