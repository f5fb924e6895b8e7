//! Simulating one process: its table run on this thread's [`Arena`] (one per rayon thread,
//! reused from process to process, so that a run allocates no world per process), and its
//! record.

use crate::experiment::plan::Plan;
use crate::metrics::process::{ProcessMetrics, evaluate};
use crate::protocol::setup::{Observe, TableSetup};
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
        arena.get_or_insert_with(Arena::new).run(setup)
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
