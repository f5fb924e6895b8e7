//! The SLURM kit in experiments/cluster/, run here as SLURM would run it: the array task's
//! environment, a stand-in for `scontrol` that records what it is asked, and the signal SLURM
//! sends before a time limit or on preemption (SIGTERM to the batch shell, `--signal=B:TERM`).
//! A shard stopped that way requeues itself and, started again, resumes to exactly what an
//! uninterrupted shard writes.

#![cfg(unix)]

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const EXPERIMENT: &str = r#"
[experiment]
name = "cluster"
seed = 11
replications = 2000
[base]
case = "job-offer"
deadline = 20
"#;

struct Cluster {
    dir: tempfile::TempDir,
}

impl Cluster {
    fn new() -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("cluster.toml"), EXPERIMENT).unwrap();
        // `scontrol` records its arguments; `negsim` is not on the PATH.
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let scontrol = bin.join("scontrol");
        std::fs::write(
            &scontrol,
            format!(
                "#!/bin/sh\necho \"$@\" >> '{}'\n",
                dir.path().join("scontrol.log").display()
            ),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&scontrol, std::fs::Permissions::from_mode(0o755)).unwrap();
        Cluster { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The array task `k` of 2 as SLURM starts it (from the submission folder), with `NEGSIM`
    /// naming the program.
    fn task(&self, k: u32, negsim_var: bool) -> Command {
        let mut c = Command::new("bash");
        c.arg(root().join("experiments/cluster/slurm-array.sh"))
            .arg("cluster.toml")
            .arg("2")
            .current_dir(self.dir.path())
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", self.path("bin").display()),
            )
            .env("SLURM_SUBMIT_DIR", self.dir.path())
            .env("SLURM_ARRAY_TASK_ID", k.to_string())
            .env("SLURM_ARRAY_JOB_ID", "4242")
            .env("SLURM_JOB_ID", "4243")
            .env("SLURM_CPUS_PER_TASK", "1")
            .env("NEGSIM_BLOCK_SIZE", "32")
            .env_remove("NEGSIM_FAULT");
        if negsim_var {
            c.env("NEGSIM", negsim());
        } else {
            c.env_remove("NEGSIM");
        }
        c
    }

    fn scontrol_log(&self) -> String {
        std::fs::read_to_string(self.path("scontrol.log")).unwrap_or_default()
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Next process id the journal of `out` records, if there is a journal.
fn journal_next(out: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(out.join("progress.json")).ok()?;
    let journal: serde_json::Value = serde_json::from_str(&text).ok()?;
    journal["next"].as_u64()
}

/// Array task 1 started, and sent SIGTERM once its shard (in `shard`) has written a block or
/// two: to the batch shell only, as `--signal=B:TERM` sends it. What the task left behind.
fn stopped_by_slurm(cluster: &Cluster, shard: &Path) -> Output {
    let mut task = cluster
        .task(1, true)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while journal_next(shard).is_none_or(|next| next < 64) {
        assert!(
            task.try_wait().unwrap().is_none(),
            "the shard ended before it could be stopped"
        );
        assert!(start.elapsed() < Duration::from_secs(120), "no progress");
        std::thread::sleep(Duration::from_millis(5));
    }
    unsafe { libc::kill(task.id() as libc::pid_t, libc::SIGTERM) };
    task.wait_with_output().unwrap()
}

#[test]
fn a_shard_stopped_by_slurms_signal_requeues_itself_and_resumes_identical() {
    let cluster = Cluster::new();
    // The reference: shard 1 of 2, never interrupted.
    let o = cluster.task(1, true).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let shard = cluster.path("output/cluster/shard-1");
    let reference = std::fs::read(shard.join("processes.csv")).unwrap();
    assert!(
        cluster.scontrol_log().is_empty(),
        "a shard that finished is not requeued"
    );
    // Started again (a task resubmitted by hand), the finished shard is checked and kept.
    let o = cluster.task(1, true).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(shard.join("processes.csv")).unwrap(),
        reference
    );
    std::fs::rename(&shard, cluster.path("reference")).unwrap();

    // The same shard, sent SIGTERM once it has written a block or two.
    let o = stopped_by_slurm(&cluster, &shard);
    let err = stderr(&o);
    assert!(o.status.success(), "requeued, the task ends well: {err}");
    assert!(
        err.contains("stopped by SIGTERM (negsim exit code 143)"),
        "{err}"
    );
    assert!(err.contains("task 4242_1 requeued"), "{err}");
    assert_eq!(cluster.scontrol_log().trim(), "requeue 4242_1");
    let next = journal_next(&shard).expect("the stopped shard has a journal");
    assert!(next < 1000, "stopped before its end ({next} of 1000)");

    // Requeued, the task starts again and resumes the shard.
    let o = cluster.task(1, true).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(shard.join("processes.csv")).unwrap(),
        reference
    );
    assert!(!shard.join("progress.json").exists());
    assert_eq!(cluster.scontrol_log().lines().count(), 1);
}

#[test]
fn a_task_that_cannot_requeue_itself_says_how_to_resubmit_it_into_the_same_folder() {
    let cluster = Cluster::new();
    // A cluster that does not let a task requeue itself.
    std::fs::write(cluster.path("bin/scontrol"), "#!/bin/sh\nexit 1\n").unwrap();
    let o = stopped_by_slurm(&cluster, &cluster.path("output/cluster/shard-1"));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(143), "{err}");
    // The hint keeps the program and the output folder of the other tasks.
    let hint = format!(
        "resubmit it: sbatch --array=1 --export=ALL,NEGSIM={} experiments/cluster/slurm-array.sh cluster.toml 2 output/cluster",
        negsim().display()
    );
    assert!(err.contains(&hint), "{err}");
}

#[test]
fn the_script_finds_negsim_without_the_path_and_says_when_it_cannot() {
    let cluster = Cluster::new();
    // Not on the PATH and no NEGSIM: target/release/negsim in the submission folder.
    let o = cluster.task(2, false).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("negsim not found: set NEGSIM"),
        "{}",
        stderr(&o)
    );
    let release = cluster.path("target/release");
    std::fs::create_dir_all(&release).unwrap();
    std::os::unix::fs::symlink(negsim(), release.join("negsim")).unwrap();
    let o = cluster.task(2, false).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        cluster
            .path("output/cluster/shard-2/manifest.json")
            .exists()
    );
    // A wrong index is refused before anything runs.
    let o = cluster.task(3, true).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a shard of 2"), "{}", stderr(&o));
}

#[test]
fn submitting_queues_a_limited_array_that_requeues_and_a_merge_after_it() {
    let script =
        std::fs::read_to_string(root().join("experiments/cluster/slurm-array.sh")).unwrap();
    for line in ["#SBATCH --requeue", "#SBATCH --signal=B:TERM@"] {
        assert!(script.contains(line), "slurm-array.sh lacks {line}");
    }
    // `sbatch` records what it is asked and answers with a job id, as `--parsable` does.
    let cluster = Cluster::new();
    let sbatch = cluster.path("bin/sbatch");
    std::fs::write(
        &sbatch,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> '{}'\necho 77\n",
            cluster.path("sbatch.log").display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&sbatch, std::fs::Permissions::from_mode(0o755)).unwrap();
    let submit = |args: &[&str]| {
        Command::new("bash")
            .arg(root().join("experiments/cluster/slurm-submit.sh"))
            .args(args)
            .current_dir(cluster.dir.path())
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", cluster.path("bin").display()),
            )
            .env("NEGSIM", negsim())
            .output()
            .unwrap()
    };
    let o = submit(&["cluster.toml", "16", "4"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let log = std::fs::read_to_string(cluster.path("sbatch.log")).unwrap();
    let args: Vec<&str> = log.lines().collect();
    assert!(args.contains(&"--array=1-16%4"), "{log}");
    assert!(args.contains(&"--dependency=afterok:77"), "{log}");
    assert!(
        args.iter()
            .any(|a| a.contains("merge 'output/cluster'/shard-* --out 'output/cluster/merged'")),
        "{log}"
    );
    assert!(
        args.iter().any(|a| a.starts_with("--export=ALL,NEGSIM=")),
        "the tasks are told where negsim is: {log}"
    );
    // A typing slip in the experiment is found before anything is queued.
    std::fs::write(cluster.path("bad.toml"), "[experiment]\nseed = \"x\"\n").unwrap();
    std::fs::remove_file(cluster.path("sbatch.log")).unwrap();
    let o = submit(&["bad.toml", "16"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!cluster.path("sbatch.log").exists(), "nothing was queued");
    // So are more shards than the run has processes.
    let o = submit(&["cluster.toml", "2001"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("splits the run into 2001 shards, but it has only 2000 processes"),
        "{}",
        stderr(&o)
    );
    assert!(!cluster.path("sbatch.log").exists(), "nothing was queued");
}
