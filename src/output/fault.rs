//! Fault injection for the crash-consistency tests: named points where negsim commits
//! something to disk (a block of rows written, files synced, the journal replaced, a file
//! renamed into place, the manifest written, a chart drawn). A test makes a run die at the
//! n-th time it passes a point, as `kill -9` or a power cut would, or fail there as a full
//! disk would, and then checks that one command finishes the run byte-identical to one that
//! was never interrupted.
//!
//! The hook is compiled into debug builds only (those `cargo test` makes); in a release build
//! [`point`] is empty. It is driven by two environment variables:
//!
//! - `NEGSIM_FAULT=NAME@N` kills the process (SIGKILL) the N-th time it passes point `NAME`
//!   (`*` for any point); `NAME@N:error` returns a "no space left on device" error there
//!   instead, and `NAME@N:term` sends the process a SIGTERM there (as a cluster scheduler
//!   would at that instant) and goes on. A point's name is its kind and the file it concerns, e.g.
//!   `file-renamed:processes.csv`.
//! - `NEGSIM_FAULT_TRACE=FILE` appends the name of every point passed to `FILE`, one a line,
//!   so that a test can list the points a run passes.

use crate::error::Result;
use std::path::Path;

/// Passes the fault point of kind `kind` at the file `path` (the point's name is
/// `kind:file name`).
#[cfg(debug_assertions)]
pub fn point(kind: &str, path: &Path) -> Result<()> {
    let name = match path.file_name() {
        Some(file) => format!("{kind}:{}", file.to_string_lossy()),
        None => kind.to_string(),
    };
    hook::pass(&name).map_err(|e| crate::error::Error::io(path, &e))
}

/// Passes the fault point `name` of a step that concerns a whole folder (`dir`, named in an
/// injected error), such as a block of rows written.
pub fn step(name: &str, dir: &Path) -> Result<()> {
    #[cfg(debug_assertions)]
    return hook::pass(name).map_err(|e| crate::error::Error::io(dir, &e));
    #[cfg(not(debug_assertions))]
    {
        let _ = (name, dir);
        Ok(())
    }
}

/// Passes a fault point (nothing happens in a release build).
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn point(_kind: &str, _path: &Path) -> Result<()> {
    Ok(())
}

#[cfg(debug_assertions)]
mod hook {
    use std::collections::HashMap;
    use std::io::Write;
    use std::sync::{Mutex, OnceLock};

    /// What `NEGSIM_FAULT` asks for.
    struct Plan {
        name: String,
        at: u64,
        action: Action,
    }

    #[derive(Clone, Copy, PartialEq)]
    enum Action {
        Kill,
        Error,
        Term,
    }

    fn plan() -> Option<&'static Plan> {
        static PLAN: OnceLock<Option<Plan>> = OnceLock::new();
        PLAN.get_or_init(|| {
            let spec = std::env::var("NEGSIM_FAULT").ok()?;
            let (spec, action) = if let Some(s) = spec.strip_suffix(":error") {
                (s.to_string(), Action::Error)
            } else if let Some(s) = spec.strip_suffix(":term") {
                (s.to_string(), Action::Term)
            } else {
                (spec, Action::Kill)
            };
            let (name, at) = spec.rsplit_once('@')?;
            Some(Plan {
                name: name.to_string(),
                at: at.parse().ok()?,
                action,
            })
        })
        .as_ref()
    }

    /// Hits per point, and in all (for `*`).
    fn counts() -> &'static Mutex<(HashMap<String, u64>, u64)> {
        static COUNTS: OnceLock<Mutex<(HashMap<String, u64>, u64)>> = OnceLock::new();
        COUNTS.get_or_init(|| Mutex::new((HashMap::new(), 0)))
    }

    pub fn pass(name: &str) -> std::io::Result<()> {
        if let Ok(trace) = std::env::var("NEGSIM_FAULT_TRACE")
            && let Ok(mut f) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(trace)
        {
            let _ = writeln!(f, "{name}");
        }
        let Some(plan) = plan() else {
            return Ok(());
        };
        let hit = {
            let mut counts = counts().lock().unwrap_or_else(|p| p.into_inner());
            counts.1 += 1;
            let all = counts.1;
            let mine = counts.0.entry(name.to_string()).or_insert(0);
            *mine += 1;
            if plan.name == "*" { all } else { *mine }
        };
        if (plan.name == "*" || plan.name == name) && hit == plan.at {
            match plan.action {
                Action::Error => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::StorageFull,
                        format!("No space left on device (injected at {name})"),
                    ));
                }
                Action::Term => terminate(),
                Action::Kill => die(),
            }
        }
        Ok(())
    }

    /// Sends this process a SIGTERM, which its handler turns into a stop request.
    fn terminate() {
        #[cfg(unix)]
        // SAFETY: sending a signal to this process.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGTERM);
        }
    }

    /// Ends the process at once, with no destructor, buffer flush or exit handler run.
    fn die() -> ! {
        #[cfg(unix)]
        // SAFETY: sending SIGKILL to this process; nothing after it runs.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
        std::process::abort()
    }
}
