//! The belief memory at whole processes: where the bound starts, and a thread's seats reused
//! between tables on either side of it.

mod common;

use common::*;
use negsim::protocol::setup::Observe;

/// Everything a process produced that a belief can change, as text (floats in full).
fn fingerprint(r: &negsim::record::process::ProcessRecord) -> String {
    format!("{:?} {:?}", r.outcome, r.metrics)
}

#[test]
fn a_memory_of_all_the_others_is_no_bound_and_one_less_is() {
    // Twelve stakeholders: a memory of 11 holds every other seat, as the default of 150
    // does, so the processes are the same to the bit; a memory of 10 forgets.
    let (_, results) = run_text(
        r#"
[experiment]
seed = 31
replications = 6
[base]
culture = "mixed"
norms.decision_rule = "majority"
case_generator = { stakeholders = 12, issues = 4, options = 4 }
[[condition]]
name = "memory-150"
[[condition]]
name = "memory-11"
parameters.belief_memory = 11
[[condition]]
name = "memory-10"
parameters.belief_memory = 10
"#,
    );
    let of = |c: usize| -> Vec<String> {
        results
            .iter()
            .filter(|r| r.process.condition == c)
            .map(fingerprint)
            .collect()
    };
    assert_eq!(of(0), of(1));
    let differ = of(0).iter().zip(of(2)).filter(|(a, b)| **a != *b).count();
    assert!(
        differ > 0,
        "a memory of 10 at a table of 12 changed nothing"
    );
}

/// Two sizes of table, one beyond a memory of 5 and one within it.
fn two_sizes(belief_memory: usize) -> negsim::experiment::plan::Plan {
    plan_from(&format!(
        r#"
[experiment]
seed = 37
replications = 2
[base]
culture = "collaborative"
deadline = 4
parameters.belief_memory = {belief_memory}
[[condition]]
name = "large"
case_generator = {{ stakeholders = 70, issues = 3, options = 3 }}
[[condition]]
name = "small"
case_generator = {{ stakeholders = 6, issues = 3, options = 3 }}
"#
    ))
}

/// Process `id` of `plan`: its condition and its fingerprint.
fn simulate(plan: &negsim::experiment::plan::Plan, id: u64) -> (usize, String) {
    let r = negsim::experiment::simulation::simulate(plan, id, Observe::default());
    (r.process.condition, fingerprint(&r))
}

#[test]
fn a_threads_seats_reused_across_the_bound_believe_as_fresh_ones() {
    // A table of 70 beyond a memory of 5 (whose outcome takes the seats' trust rather than
    // copying it) and a table of 6 within it, run one after the other on one thread in both
    // orders, end exactly as each does on a thread of its own.
    let plan = two_sizes(5);
    let ids: Vec<u64> = (0..plan.process_count()).collect();
    let fresh: Vec<(usize, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = ids
            .iter()
            .map(|&id| {
                let plan = &plan;
                scope.spawn(move || simulate(plan, id))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let (forwards, backwards) = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let forwards: Vec<_> = ids.iter().map(|&id| simulate(&plan, id)).collect();
                let mut backwards: Vec<_> =
                    ids.iter().rev().map(|&id| simulate(&plan, id)).collect();
                backwards.reverse();
                (forwards, backwards)
            })
            .join()
            .unwrap()
    });
    assert_eq!(forwards, fresh);
    assert_eq!(backwards, fresh);
    // The memory bounds the large table only: with a memory of 150 the large table's
    // processes end otherwise and the small table's the same.
    let unbounded = two_sizes(150);
    for (id, (condition, bounded)) in fresh.iter().enumerate() {
        let (_, free) = simulate(&unbounded, id as u64);
        if *condition == 0 {
            assert_ne!(*bounded, free, "process {id} at the large table");
        } else {
            assert_eq!(*bounded, free, "process {id} at the small table");
        }
    }
}
