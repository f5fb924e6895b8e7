//! Running negsim without holding the GIL, while still answering Ctrl-C.
//!
//! The work runs on a thread of its own; the calling thread, detached from the interpreter,
//! waits for it and every tenth of a second briefly attaches to let Python handle signals.
//! A `KeyboardInterrupt` raised there asks the runner to stop once the processes under way are
//! done (the flag `negsim run` sets on Ctrl-C), and is raised once the work has stopped.

use negsim::experiment::runner::INTERRUPTED;
use pyo3::prelude::*;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

/// How often the waiting thread lets Python handle signals.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// Runs `work` with the GIL released; its result, or the exception a signal raised (a
/// `KeyboardInterrupt` on Ctrl-C), or a `RuntimeError` if it panicked.
pub fn run<T: Send>(py: Python<'_>, work: impl FnOnce() -> T + Send) -> PyResult<T> {
    let (result, signal) = py.detach(|| {
        INTERRUPTED.store(false, Ordering::SeqCst);
        std::thread::scope(|scope| {
            let (done, finished) = channel();
            let worker = scope.spawn(move || {
                // The receiver waits until the work is done: sending cannot fail.
                let _ = done.send(work());
            });
            let mut signal: Option<PyErr> = None;
            let result = loop {
                match finished.recv_timeout(SIGNAL_CHECK) {
                    Ok(value) => break Ok(value),
                    Err(RecvTimeoutError::Timeout) => {
                        if signal.is_none()
                            && let Err(e) = Python::attach(|py| py.check_signals())
                        {
                            INTERRUPTED.store(true, Ordering::SeqCst);
                            signal = Some(e);
                        }
                    }
                    Err(RecvTimeoutError::Disconnected) => {
                        break Err(match worker.join() {
                            Err(payload) => crate::errors::panicked(payload),
                            Ok(()) => crate::errors::panicked(Box::new("the worker stopped")),
                        });
                    }
                }
            };
            (result, signal)
        })
    });
    INTERRUPTED.store(false, Ordering::SeqCst);
    match signal {
        Some(e) => Err(e),
        None => result,
    }
}
