// Records the git commit negsim is built from (for manifest.json), when there is one, with
// `-dirty-<fingerprint>` after it when what is compiled has uncommitted changes: the
// fingerprint is git's hash of those changes, so two builds with different changes never read
// as the same build (merge and --resume compare builds by this text).
//
// It reruns only when this checkout's commit or what is compiled can have changed: when HEAD
// moves to another branch, the branch HEAD names gets a new commit (a loose ref, or
// packed-refs after a `git gc`), or a source changes (which rebuilds negsim anyway). Watching
// all of `.git/refs` would rebuild negsim for a commit on any branch.
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn git(args: &[&str]) -> Option<String> {
    git_with_input(args, None)
}

/// Runs git with `input` on its standard input, if any; its trimmed output when it succeeds
/// and says something.
fn git_with_input(args: &[&str], input: Option<&[u8]>) -> Option<String> {
    let mut child = Command::new("git")
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        stdin.write_all(input).ok()?;
    }
    let output = child.wait_with_output().ok()?;
    output
        .status
        .success()
        .then_some(output.stdout)
        .and_then(|o| String::from_utf8(o).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// A fingerprint of the uncommitted changes to `paths`: git's hash of their diff against HEAD
/// (binary, so every byte counts) followed by the names and blob hashes of untracked files
/// among them, cut to 12 hex digits. Builds of the same changes get the same fingerprint.
fn changes_fingerprint(paths: &[&str]) -> Option<String> {
    let mut diff_args = vec![
        "diff",
        "HEAD",
        "--binary",
        "--no-color",
        "--no-ext-diff",
        "--",
    ];
    diff_args.extend(paths);
    let mut changes = git(&diff_args).unwrap_or_default();
    let mut untracked_args = vec!["ls-files", "--others", "--exclude-standard", "-z", "--"];
    untracked_args.extend(paths);
    for file in git(&untracked_args)
        .unwrap_or_default()
        .split('\0')
        .filter(|f| !f.is_empty())
    {
        let blob = git(&["hash-object", "--", file])?;
        changes.push_str(&format!("\nuntracked {file} {blob}"));
    }
    let hash = git_with_input(&["hash-object", "--stdin"], Some(changes.as_bytes()))?;
    Some(hash.chars().take(12).collect())
}

fn watch(path: &str) {
    // Cargo reruns a script every build for a watched path that does not exist.
    if Path::new(path).exists() {
        println!("cargo:rerun-if-changed={path}");
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if let Some(head) = git(&["rev-parse", "--git-path", "HEAD"]) {
        watch(&head);
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(loose) = git(&["rev-parse", "--git-path", &branch])
    {
        watch(&loose);
    }
    if let Some(packed) = git(&["rev-parse", "--git-path", "packed-refs"]) {
        watch(&packed);
    }
    // A build from a checkout with uncommitted changes to what is compiled is not that
    // commit's build: it says so, so that results are not credited to code that made none of
    // them. Watching those paths reruns this script when they change.
    let compiled = ["src", "build.rs", "Cargo.toml", "Cargo.lock"];
    for path in compiled {
        watch(path);
    }
    let mut commit = git(&["rev-parse", "HEAD"]).unwrap_or_default();
    let mut status = vec!["status", "--porcelain", "--untracked-files=normal", "--"];
    status.extend(compiled);
    if !commit.is_empty() && git(&status).is_some() {
        commit.push_str("-dirty");
        if let Some(fingerprint) = changes_fingerprint(&compiled) {
            commit.push('-');
            commit.push_str(&fingerprint);
        }
    }
    println!("cargo:rustc-env=NEGSIM_GIT_COMMIT={commit}");
}
