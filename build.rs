// Records the git commit negsim is built from (for manifest.json), when there is one.
//
// It reruns only when this checkout's commit can have changed: when HEAD moves to another
// branch, or the branch HEAD names gets a new commit (a loose ref, or packed-refs after a
// `git gc`). Watching all of `.git/refs` would rebuild negsim for a commit on any branch.
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
    let commit = git(&["rev-parse", "HEAD"]).unwrap_or_default();
    println!("cargo:rustc-env=NEGSIM_GIT_COMMIT={commit}");
}
