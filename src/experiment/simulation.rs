//! Simulating one process: its table run on this thread's [`Arena`] (one per rayon thread,
//! reused from process to process, so that a run allocates no world per process), and its
//! record.

use crate::experiment::plan::Plan;
use crate::metrics::process::{ProcessMetrics, evaluate};
use crate::protocol::setup::{Observe, TableSetup};
use crate::protocol::strategy::{StrategyFailure, caught};
use crate::protocol::{Arena, ProcessOutcome};
use crate::record::process::ProcessRecord;
use std::cell::RefCell;

thread_local! {
    static ARENA: RefCell<Option<Arena>> = const { RefCell::new(None) };
}

/// Runs one table on this thread's arena: its outcome and metrics.
pub fn run_table(setup: &TableSetup) -> (ProcessOutcome, ProcessMetrics) {
    let outcome = ARENA.with(|cell| {
        let mut arena = cell.borrow_mut();
        let arena = &mut *arena;
        let played = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            arena.get_or_insert_with(Arena::new).run(setup)
        }));
        played.unwrap_or_else(|payload| {
            // A strategy's failure unwound out of the middle of a round: the arena's world
            // and schedule are left mid-way, so the next process gets a new one.
            *arena = None;
            std::panic::resume_unwind(payload)
        })
    });
    let metrics = evaluate(&setup.case, &outcome);
    (outcome, metrics)
}

/// Runs one process of a plan on this thread's arena.
pub fn simulate(plan: &Plan, id: u64, observe: Observe) -> ProcessRecord {
    let process = plan.locate(id);
    let setup = plan.table_setup(&process, observe);
    let (outcome, metrics) = run_table(&setup);
    ProcessRecord {
        process,
        cell: plan.cell(&process).columns.clone(),
        facilitated: setup.rules.facilitator,
        case: setup.case,
        seats: setup.seats,
        outcome,
        metrics,
    }
}

/// Why a process was not simulated to its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Halt {
    /// A stop was requested (Ctrl-C, SIGTERM, SIGHUP) before it started.
    Stopped,
    /// A strategy failed in it (its process id, and the failure).
    Failed(u64, StrategyFailure),
}

/// [`simulate`], unless a stop was requested before the process started (so that a run
/// whose processes take long, as with a language model in a seat, stops within one process
/// instead of one block); a strategy's failure ends the process as [`Halt::Failed`]. Any
/// other panic is negsim's own bug and unwinds on.
pub fn simulate_unless_halted(
    plan: &Plan,
    id: u64,
    observe: Observe,
) -> Result<ProcessRecord, Halt> {
    if crate::stop::requested() {
        return Err(Halt::Stopped);
    }
    caught(|| simulate(plan, id, observe)).map_err(|failure| Halt::Failed(id, failure))
}
