//! Requests to stop: Ctrl-C (SIGINT), SIGTERM (what SLURM and Kubernetes send at a time
//! limit or on preemption) and SIGHUP (a closed terminal). A signal only raises a flag; the
//! command stops at its next commit point, where the output folder is resumable, and exits
//! with 128 + the signal's number (130, 143, 129), as a shell reports a process the signal
//! ended. A second Ctrl-C ends the process at once, as its default action would (the folder
//! is resumable then too, since every write is one that `--resume` can continue); a second
//! SIGTERM or SIGHUP does not, since a scheduler may send one to the job's shell (which passes
//! it on) and one to negsim itself.

use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};

/// Set by a stop request; long-running work checks it at its commit points.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The signal that asked to stop (0: none, or one without a number, such as Ctrl-C where
/// there are no Unix signals).
static SIGNAL: AtomicI32 = AtomicI32::new(0);

/// SIGINT's number, the exit code's base when the signal is not known.
const SIGINT: i32 = 2;

/// Whether a stop was requested.
pub fn requested() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Records a stop request for `signal` (also what tests call to stand in for a signal).
pub fn request(signal: i32) {
    SIGNAL.store(signal, Ordering::SeqCst);
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// The exit code of a command that stopped on request: 128 + the signal's number (130 after
/// Ctrl-C, 143 after SIGTERM, 129 after SIGHUP).
pub fn exit_code() -> i32 {
    code_for(SIGNAL.load(Ordering::SeqCst))
}

fn code_for(signal: i32) -> i32 {
    128 + if signal == 0 { SIGINT } else { signal }
}

/// Installs the handlers for SIGINT, SIGTERM and SIGHUP (once; later calls do nothing).
pub fn install() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(install_handlers);
}

#[cfg(unix)]
fn install_handlers() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        let handler = move || {
            if INTERRUPTED.swap(true, Ordering::SeqCst) && signal == SIGINT {
                // Ctrl-C twice: do what it does by default (end the process).
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            }
            SIGNAL.store(signal, Ordering::SeqCst);
        };
        // SAFETY: the handler only touches atomics and, on a second signal, restores the
        // default action and raises the signal again, all async-signal-safe operations.
        let _ = unsafe { signal_hook::low_level::register(signal, handler) };
    }
}

#[cfg(not(unix))]
fn install_handlers() {
    let _ = ctrlc::set_handler(|| request(0));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exit_code_names_the_signal() {
        assert_eq!(code_for(0), 130);
        assert_eq!(code_for(2), 130);
        assert_eq!(code_for(15), 143);
        assert_eq!(code_for(1), 129);
    }
}
