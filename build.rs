// Records the git commit negsim is built from (for manifest.json), when there is one, with
// `-dirty` after it when what is compiled has uncommitted changes.
//
// It reruns only when this checkout's commit or what is compiled can have changed: when HEAD
// moves to another branch, the branch HEAD names gets a new commit (a loose ref, or
// packed-refs after a `git gc`), or a source changes (which rebuilds negsim anyway). Watching
// all of `.git/refs` would rebuild negsim for a commit on any branch.
use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    Command::new("git")
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
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
    let mut status = vec!["status", "--porcelain", "--untracked-files=no", "--"];
    status.extend(compiled);
    if !commit.is_empty() && git(&status).is_some() {
        commit.push_str("-dirty");
    }
    println!("cargo:rustc-env=NEGSIM_GIT_COMMIT={commit}");
}
