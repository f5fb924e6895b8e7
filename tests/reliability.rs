//! What negsim promises about its output folder, defect by defect: a resumed run checks what
//! it continues, finished results are never destroyed by a run that has not finished, no
//! write follows a link planted in the folder, a killed merge is done again, a full disk
//! leaves nothing half-written and says how to continue, and a stop request during the
//! statistics or charts leaves a folder that one command finishes.
//!
//! Faults are injected with the hook of `negsim::output::fault` (debug builds only).

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SMALL: &str = r#"
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
"#;

/// Data files and statistics a finished run of [`SMALL`] holds.
const RESULTS: &[&str] = &[
    "processes.csv",
    "stakeholders.csv",
    "summary.csv",
    "comparison.csv",
];

struct Bench {
    dir: tempfile::TempDir,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("exp.toml"), SMALL).unwrap();
        Bench { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `negsim run exp.toml --out <out> -q <extra>`, with a fault when given.
    fn run(&self, out: &str, extra: &[&str], fault: Option<&str>) -> Output {
        let mut c = Command::new(negsim());
        c.current_dir(root())
            .arg("run")
            .arg(self.path("exp.toml"))
            .arg("--out")
            .arg(self.path(out))
            .arg("-q")
            .args(extra)
            .env("NEGSIM_BLOCK_SIZE", "8")
            .env_remove("NEGSIM_FAULT");
        if let Some(f) = fault {
            c.env("NEGSIM_FAULT", f);
        }
        c.output().unwrap()
    }

    fn ok(&self, out: &str, extra: &[&str]) -> Output {
        let o = self.run(out, extra, None);
        assert!(o.status.success(), "{}", stderr(&o));
        o
    }

    fn read(&self, file: &str) -> Vec<u8> {
        std::fs::read(self.path(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn killed(o: &Output) -> bool {
    use std::os::unix::process::ExitStatusExt;
    o.status.signal() == Some(libc::SIGKILL)
}

/// Asserts that the results of `a` and `b` are the same, byte for byte.
fn same_results(bench: &Bench, a: &str, b: &str) {
    for f in RESULTS {
        assert!(
            bench.read(&format!("{a}/{f}")) == bench.read(&format!("{b}/{f}")),
            "{f} differs between {a} and {b}"
        );
    }
}

#[test]
fn resume_refuses_a_partial_file_cut_short_or_changed() {
    // Defect: resume trusted the journal's byte counts; a partial file cut short was padded
    // with zero bytes and committed as a finished run.
    let bench = Bench::new();
    bench.ok("reference", &["--no-plots"]);
    let o = bench.run("killed", &["--no-plots"], Some("block-written@4"));
    assert!(killed(&o), "{}", stderr(&o));
    let partial = bench.path("killed/processes.csv.partial");
    let journal: serde_json::Value =
        serde_json::from_slice(&bench.read("killed/progress.json")).unwrap();
    let recorded = journal["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "processes.csv")
        .unwrap()["bytes"]
        .as_u64()
        .unwrap();
    let original = std::fs::read(&partial).unwrap();
    assert!(original.len() as u64 >= recorded);
    let refused = |what: &str, expect: &str| {
        let o = bench.run("killed", &["--no-plots", "--resume"], None);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{what}: {err}");
        assert!(err.contains(expect), "{what}: {err}");
        assert!(err.contains("--force"), "{what}: {err}");
        assert!(!bench.path("killed/manifest.json").exists(), "{what}");
        assert!(!bench.path("killed/processes.csv").exists(), "{what}");
    };
    // Cut short: what the journal says is complete is not there.
    std::fs::write(&partial, &original[..recorded as usize / 2]).unwrap();
    refused("cut short", "shorter than the unfinished run left it");
    // As long as recorded, but changed (zero bytes in place of rows).
    let mut changed = original.clone();
    changed[recorded as usize / 2..recorded as usize].fill(0);
    std::fs::write(&partial, &changed).unwrap();
    refused("changed", "was changed after the run stopped");
    // Gone altogether.
    std::fs::remove_file(&partial).unwrap();
    refused("missing", "the file is missing");
    // Restored, it resumes to what an uninterrupted run writes (rows after the last
    // checkpoint are cut off and written again).
    std::fs::write(&partial, &original).unwrap();
    bench.ok("killed", &["--no-plots", "--resume"]);
    same_results(&bench, "reference", "killed");
    // A finished run resumed is checked against its manifest's checksums.
    let mut processes = bench.read("killed/processes.csv");
    let last = processes.len() - 2;
    processes[last] = if processes[last] == b'1' { b'2' } else { b'1' };
    std::fs::write(bench.path("killed/processes.csv"), &processes).unwrap();
    let o = bench.run("killed", &["--no-plots", "--resume"], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not the one the run wrote"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_finished_run_is_kept_until_its_replacement_is_complete() {
    // Defect: running an experiment again into its finished folder deleted the results
    // (charts, report, statistics) before the new run had produced anything.
    let bench = Bench::new();
    bench.ok("out", &[]);
    let before: Vec<(String, Vec<u8>)> = RESULTS
        .iter()
        .chain(&["manifest.json", "report.html", "charts/conditions.svg"])
        .map(|f| (f.to_string(), bench.read(&format!("out/{f}"))))
        .collect();
    let unchanged = |after: &str| {
        for (f, bytes) in &before {
            assert!(
                bench.read(&format!("out/{f}")) == *bytes,
                "{f} changed after {after}"
            );
        }
    };
    // Without --force, the run says the results are there and changes nothing.
    let o = bench.run("out", &[], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("holds the finished results of this experiment"),
        "{}",
        stderr(&o)
    );
    unchanged("a refused run");
    // With --force, a run killed before it is complete leaves them as they were.
    for fault in [
        "block-simulated@1",
        "block-written@3",
        "file-flushed:processes.csv.partial@2",
    ] {
        let o = bench.run("out", &["--force"], Some(fault));
        assert!(killed(&o), "{fault}: {}", stderr(&o));
        unchanged(fault);
        // The folder now holds an unfinished run: `plot` says so rather than drawing the
        // old results as if they were the new ones.
        let o = Command::new(negsim())
            .args(["plot", bench.path("out").to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("has not finished"), "{}", stderr(&o));
    }
    // Resumed, the replacement is complete and replaces them.
    bench.ok("out", &["--resume"]);
    for f in RESULTS {
        let (_, old) = before.iter().find(|(n, _)| n == f).unwrap();
        assert!(bench.read(&format!("out/{f}")) == *old, "{f}");
    }
    assert!(!bench.path("out/progress.json").exists());
}

#[cfg(unix)]
#[test]
fn no_write_follows_a_link_planted_in_the_output_folder() {
    // Defect: `ln -s ../victim out/progress.json.partial` made a run overwrite `victim`.
    let bench = Bench::new();
    let out = bench.path("out");
    std::fs::create_dir_all(&out).unwrap();
    let victim = bench.path("victim");
    std::fs::write(&victim, "precious").unwrap();
    let victims = bench.path("victims");
    std::fs::create_dir_all(&victims).unwrap();
    for name in [
        "progress.json.partial",
        "processes.csv.partial",
        "stakeholders.csv.partial",
        "manifest.json.partial",
        "summary.csv.partial",
        "comparison.csv.partial",
        "report.html.partial",
    ] {
        std::os::unix::fs::symlink(&victim, out.join(name)).unwrap();
    }
    std::os::unix::fs::symlink(&victims, out.join(".charts.partial")).unwrap();
    bench.ok("out", &["--force"]);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(std::fs::read_dir(&victims).unwrap().count(), 0);
    assert!(out.join("report.html").is_file());
    // A link in place of the lock file is refused, not followed.
    let lock = bench.path("locked");
    std::fs::create_dir_all(&lock).unwrap();
    std::os::unix::fs::symlink(&victim, lock.join(".negsim-lock")).unwrap();
    let o = bench.run("locked", &[], None);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

/// A run or merge that met a full disk while writing its statistics: a failure of the machine
/// (exit 1) whose hint says to free space and let `negsim plot` write the rest.
fn says_to_free_space_and_plot(o: &Output) {
    assert_eq!(o.status.code(), Some(1), "{}", stderr(o));
    assert!(
        stderr(o).contains("free some space") && stderr(o).contains("negsim plot"),
        "{}",
        stderr(o)
    );
}

/// `negsim plot` on a folder whose results are complete: it writes what they lack.
fn plot(dir: &Path) {
    let o = Command::new(negsim())
        .args(["plot", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_killed_merge_is_done_again_by_the_same_command() {
    // Defect: a merge killed after renaming a file blocked the next one ("not empty and
    // holds no negsim results").
    let bench = Bench::new();
    bench.ok("s1", &["--shard", "1/2"]);
    bench.ok("s2", &["--shard", "2/2"]);
    bench.ok("whole", &["--no-plots"]);
    let merge_into = |out: &str, fault: Option<&str>| {
        let mut c = Command::new(negsim());
        c.current_dir(root())
            .arg("merge")
            .arg(bench.path("s1"))
            .arg(bench.path("s2"))
            .arg("--out")
            .arg(bench.path(out))
            .arg("--no-plots")
            .env_remove("NEGSIM_FAULT");
        if let Some(f) = fault {
            c.env("NEGSIM_FAULT", f);
        }
        c.output().unwrap()
    };
    let merge = |fault: Option<&str>| merge_into("merged", fault);
    let o = merge(Some("file-renamed:processes.csv@1"));
    assert!(killed(&o), "{}", stderr(&o));
    assert!(bench.path("merged/processes.csv").exists());
    // A run cannot resume it, and says what can.
    let o = bench.run("merged", &["--resume"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("holds a merge that has not finished")
            && stderr(&o).contains("negsim merge"),
        "{}",
        stderr(&o)
    );
    let o = merge(None);
    assert!(o.status.success(), "{}", stderr(&o));
    same_results(&bench, "whole", "merged");
    // A finished merge is not merged again without --force.
    let o = merge(None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    // Killed while writing its statistics, after its manifest: the same command says that
    // `negsim plot` writes them, and it does.
    for statistics in ["summary.csv", "comparison.csv"] {
        std::fs::remove_file(bench.path("merged").join(statistics)).unwrap();
    }
    let o = merge(None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("negsim plot"), "{}", stderr(&o));
    plot(&bench.path("merged"));
    same_results(&bench, "whole", "merged");
    // A full disk while a merge writes its statistics: exit 1, and the hint says how to
    // finish once there is space.
    let o = merge_into(
        "merged-full",
        Some("file-flushed:comparison.csv.partial@1:error"),
    );
    says_to_free_space_and_plot(&o);
    plot(&bench.path("merged-full"));
    same_results(&bench, "whole", "merged-full");
}

#[test]
fn a_full_disk_leaves_nothing_half_written_and_says_how_to_continue() {
    let bench = Bench::new();
    bench.ok("reference", &["--no-plots"]);
    // While writing rows: exit 1, a hint to resume, and the resumed run is complete.
    let o = bench.run("rows", &["--no-plots"], Some("block-written@3:error"));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("free some space") && stderr(&o).contains("--resume"),
        "{}",
        stderr(&o)
    );
    bench.ok("rows", &["--no-plots", "--resume"]);
    same_results(&bench, "reference", "rows");
    // While writing the manifest (after the data files are in place): the same.
    let o = bench.run(
        "manifest",
        &["--no-plots"],
        Some("file-flushed:manifest.json.partial@1:error"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("--resume"), "{}", stderr(&o));
    bench.ok("manifest", &["--no-plots", "--resume"]);
    same_results(&bench, "reference", "manifest");
    // While writing the statistics: no partial file is left behind, and `plot` writes them.
    let o = bench.run(
        "statistics",
        &["--no-plots"],
        Some("file-flushed:comparison.csv.partial@1:error"),
    );
    says_to_free_space_and_plot(&o);
    assert!(!bench.path("statistics/comparison.csv.partial").exists());
    plot(&bench.path("statistics"));
    same_results(&bench, "reference", "statistics");
}

#[cfg(unix)]
#[test]
fn a_stop_request_during_statistics_or_charts_stops_there_and_resumes() {
    // Defect: SIGTERM during the statistics and charts was ignored; the run went on to the
    // end and exited 0. Now it finishes the file under way and stops, exit code 143.
    let bench = Bench::new();
    bench.ok("reference", &[]);
    for (out, fault, expect) in [
        (
            "before-statistics",
            "journal-removed@1:term",
            "before writing its statistics",
        ),
        ("charts", "chart-drawn@2:term", "while drawing the charts"),
    ] {
        let o = bench.run(out, &[], Some(fault));
        assert_eq!(o.status.code(), Some(143), "{fault}: {}", stderr(&o));
        assert!(stderr(&o).contains(expect), "{fault}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("negsim plot"),
            "{fault}: {}",
            stderr(&o)
        );
        assert!(!bench.path(out).join("report.html").exists());
        assert!(bench.path(out).join("manifest.json").exists());
        bench.ok(out, &["--resume"]);
        same_results(&bench, "reference", out);
        assert!(bench.path(out).join("report.html").exists());
        assert!(
            bench.read("reference/charts/conditions.png")
                == bench.read(&format!("{out}/charts/conditions.png"))
        );
    }
}

/// Runs `negsim check <file>` with a guard against hanging: a test fails, it does not wait
/// forever, if reading blocks.
fn check_within(file: &Path, seconds: u64) -> Output {
    let mut child = Command::new(negsim())
        .current_dir(root())
        .args(["check", file.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() > seconds {
            let _ = child.kill();
            panic!("negsim check {} hangs", file.display());
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[cfg(unix)]
#[test]
fn a_config_that_is_no_regular_file_or_too_large_is_refused_at_once() {
    // Defects: a FIFO as the experiment file blocked forever; `check /dev/zero` allocated
    // gigabytes; a case path that is a folder, a FIFO or /dev/zero said "not found".
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("exp.toml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    for (path, expect) in [
        (fifo.clone(), "named pipe"),
        (PathBuf::from("/dev/zero"), "device"),
        (dir.path().to_path_buf(), "folder"),
    ] {
        let o = check_within(&path, 60);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).contains(expect),
            "{}: {}",
            path.display(),
            stderr(&o)
        );
    }
    let big = dir.path().join("big.toml");
    let mut text = String::from("[experiment]\nseed = 1\n");
    while text.len() <= 16 << 20 {
        text.push_str("# a comment line to make the file larger than negsim reads\n");
    }
    std::fs::write(&big, text).unwrap();
    let o = check_within(&big, 60);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("16 MiB"), "{}", stderr(&o));
    // A case named by the experiment that is no file: said for what it is.
    for (case, expect) in [
        (dir.path().display().to_string(), "a folder"),
        (fifo.display().to_string(), "a named pipe"),
        ("/dev/zero".to_string(), "a device"),
    ] {
        let exp = dir.path().join("case.toml");
        std::fs::write(
            &exp,
            format!("[experiment]\nseed = 1\n[base]\ncase = \"{case}\"\n"),
        )
        .unwrap();
        let o = check_within(&exp, 60);
        assert_eq!(o.status.code(), Some(2), "{case}");
        assert!(stderr(&o).contains(expect), "{case}: {}", stderr(&o));
        assert!(!stderr(&o).contains("not found"), "{case}: {}", stderr(&o));
    }
}
