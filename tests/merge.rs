//! `negsim merge` refuses what it cannot merge safely (an output folder that is or holds a
//! shard, a cut-short or altered shard file) before it touches anything, and leaves nothing
//! half-written behind.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// 2 conditions x 2 sweep points x 10 replications = 40 processes, 20 per shard.
const EXPERIMENT: &str = r#"
[experiment]
name = "merge-checks"
seed = 7
replications = 10
[base]
case = "job-offer"
deadline = 15
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

/// A temporary folder with the experiment and its two shards in `runs/s1` and `runs/s2`.
struct Shards {
    dir: tempfile::TempDir,
}

impl Shards {
    fn new() -> Shards {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("exp.toml"), EXPERIMENT).unwrap();
        let shards = Shards { dir };
        for k in 1..=2 {
            let o = Command::new(negsim())
                .current_dir(root())
                .arg("run")
                .arg(shards.path("exp.toml"))
                .args([
                    "--quiet",
                    "--no-plots",
                    "--shard",
                    &format!("{k}/2"),
                    "--out",
                ])
                .arg(shards.path(&format!("runs/s{k}")))
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        shards
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `negsim merge <shards> --out <out> --no-plots <extra>`.
    fn merge(&self, shards: &[&str], out: &Path, extra: &[&str]) -> Output {
        Command::new(negsim())
            .current_dir(self.dir.path())
            .arg("merge")
            .args(shards.iter().map(|s| self.path(s)))
            .arg("--out")
            .arg(out)
            .arg("--no-plots")
            .args(extra)
            .output()
            .unwrap()
    }

    /// Copies shard `from` to `to`, so that a test can damage the copy.
    fn copy(&self, from: &str, to: &str) {
        std::fs::create_dir_all(self.path(to)).unwrap();
        for entry in std::fs::read_dir(self.path(from)).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), self.path(to).join(entry.file_name())).unwrap();
            }
        }
    }
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts exit code 2 and that the message mentions every one of `words`.
fn refused(o: &Output, words: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for w in words {
        assert!(err.contains(w), "`{w}` missing from: {err}");
    }
}

/// No file under `dir` is a temporary `.partial` file.
fn no_partials(dir: &Path) {
    if dir.exists() {
        for path in snapshot(dir).keys() {
            assert!(
                !path.to_string_lossy().ends_with(".partial"),
                "left behind: {}",
                path.display()
            );
        }
    }
}

#[test]
fn merging_into_or_around_a_shard_folder_is_refused_and_keeps_the_shards() {
    let w = Shards::new();
    let before = snapshot(&w.path("runs"));
    assert!(before.contains_key(&w.path("runs/s1/processes.csv")));
    let attempts: [(PathBuf, &[&str], &str); 6] = [
        (w.path("runs/s1"), &[], "is the shard folder"),
        (w.path("runs/s1"), &["--force"], "is the shard folder"),
        // Another spelling of the same folder.
        (
            w.path("runs/s2/../s1/."),
            &["--force"],
            "is the shard folder",
        ),
        (
            PathBuf::from("runs/s2"),
            &["--force"],
            "is the shard folder",
        ),
        (
            w.path("runs/s1/merged"),
            &[],
            "lies inside the shard folder",
        ),
        (w.path("runs"), &["--force"], "lies inside --out"),
    ];
    for (out, extra, what) in attempts {
        let o = w.merge(&["runs/s1", "runs/s2"], &out, extra);
        refused(&o, &[what, "runs/s", "--out"]);
        assert_eq!(
            snapshot(&w.path("runs")),
            before,
            "merging into {} changed the shards",
            out.display()
        );
    }
    // A folder next to the shards is fine.
    let o = w.merge(&["runs/s1", "runs/s2"], &w.path("merged"), &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(snapshot(&w.path("runs")), before);
}

#[test]
fn a_cut_short_shard_is_refused() {
    let w = Shards::new();
    let good = w.path("good");
    let o = w.merge(&["runs/s1", "runs/s2"], &good, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let merged = snapshot(&good);

    // Cut in the middle of a row.
    w.copy("runs/s2", "cut");
    let path = w.path("cut/processes.csv");
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let o = w.merge(&["runs/s1", "cut"], &w.path("m1"), &[]);
    refused(&o, &["processes.csv", "middle of a row", "--shard 2/2"]);
    assert!(!w.path("m1").exists());

    // Cut at a row boundary: three whole rows missing.
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let kept = lines[..lines.len() - 3].join("\n") + "\n";
    std::fs::write(&path, kept).unwrap();
    let o = w.merge(&["runs/s1", "cut"], &w.path("m2"), &[]);
    refused(
        &o,
        &[
            "processes.csv",
            "expected 20 rows",
            "found 17",
            "--shard 2/2",
        ],
    );
    assert!(!w.path("m2").exists());

    // Missing stakeholder rows are found too (job-offer seats 2 stakeholders a table).
    w.copy("runs/s1", "short");
    let path = w.path("short/stakeholders.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&path, lines[..lines.len() - 1].join("\n") + "\n").unwrap();
    let o = w.merge(&["short", "runs/s2"], &w.path("m3"), &[]);
    refused(&o, &["stakeholders.csv", "expected 40 rows", "found 39"]);

    // A refused merge into an earlier merge's folder leaves that folder as it was.
    let o = w.merge(&["short", "runs/s2"], &good, &["--force"]);
    refused(&o, &["stakeholders.csv"]);
    assert_eq!(snapshot(&good), merged);
}

#[test]
fn a_failed_merge_leaves_nothing_half_written() {
    let w = Shards::new();
    w.copy("runs/s2", "s2e");
    let path = w.path("s2e/processes.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("condition", "kondition", 1)).unwrap();
    let o = w.merge(&["runs/s1", "s2e"], &w.path("m"), &[]);
    refused(&o, &["processes.csv", "header"]);
    assert!(!w.path("m").exists(), "the output folder was left behind");
    no_partials(w.path("").as_path());

    // An existing empty output folder stays, empty.
    std::fs::create_dir(w.path("empty")).unwrap();
    let o = w.merge(&["runs/s1", "s2e"], &w.path("empty"), &[]);
    refused(&o, &["processes.csv"]);
    assert!(snapshot(&w.path("empty")).is_empty());

    // A shard that lost a file.
    w.copy("runs/s1", "s1r");
    std::fs::remove_file(w.path("s1r/rounds.csv")).unwrap();
    let o = w.merge(&["s1r", "runs/s2"], &w.path("m"), &[]);
    refused(&o, &["has no rounds.csv"]);
    assert!(!w.path("m").exists());
    no_partials(w.path("").as_path());
}

#[test]
fn merging_into_a_folder_a_run_is_writing_into_is_refused() {
    let w = Shards::new();
    let out = w.path("merged");
    std::fs::create_dir_all(&out).unwrap();
    // Stands in for a run still writing into the folder.
    let running = negsim::output::lock::FolderLock::acquire(&out).unwrap();
    let before = snapshot(&out);
    refused(
        &w.merge(&["runs/s1", "runs/s2"], &out, &["--force"]),
        &["another negsim run", "--out"],
    );
    assert_eq!(snapshot(&out), before);
    drop(running);
    let o = w.merge(&["runs/s1", "runs/s2"], &out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("manifest.json").exists());
}

#[test]
fn a_shard_named_twice_is_reported_as_such_not_as_busy() {
    let w = Shards::new();
    let o = w.merge(&["runs/s1", "runs/s1"], &w.path("merged"), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("writing into"), "{err}");
    assert!(!w.path("merged").exists());
}

#[test]
fn a_whole_run_is_named_for_what_it_is() {
    let w = Shards::new();
    let o = Command::new(negsim())
        .current_dir(root())
        .arg("run")
        .arg(w.path("exp.toml"))
        .args(["--quiet", "--no-plots", "--out"])
        .arg(w.path("runs/whole"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let o = w.merge(&["runs/whole", "runs/s2"], &w.path("m1"), &[]);
    refused(&o, &["holds a whole run, not a shard", "needs no merge"]);
    // Interrupted, it is still a whole run, to be resumed rather than merged.
    std::fs::write(
        w.path("runs/whole/progress.json"),
        r#"{"config_hash": "x", "shard": null, "next": 0, "bytes": [], "started": ""}"#,
    )
    .unwrap();
    let o = w.merge(&["runs/whole", "runs/s2"], &w.path("m2"), &[]);
    refused(&o, &["holds an interrupted whole run", "--resume --out"]);
    // An interrupted shard is told how to finish, with its own K/N.
    w.copy("runs/s2", "cut");
    let journal = r#"{"config_hash": "x", "shard": {"index": 2, "count": 2}, "next": 0, "bytes": [], "started": ""}"#;
    std::fs::write(w.path("cut/progress.json"), journal).unwrap();
    let o = w.merge(&["runs/s1", "cut"], &w.path("m3"), &[]);
    refused(
        &o,
        &["the shard in", "is incomplete", "--shard 2/2 --resume"],
    );
    assert!(!w.path("m1").exists() && !w.path("m2").exists() && !w.path("m3").exists());
}
