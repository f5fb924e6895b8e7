//! The strategy plug-in point: a strategy registered by name plays where an experiment file
//! names it, through the same bookkeeping, files and statistics as the built-in tactics.

mod common;

use common::*;
use negsim::experiment::runner::{self, RunOptions};
use negsim::protocol::components::Status;
use negsim::protocol::strategy::{self, Observation, Strategy};
use negsim::rng::{Stream, unit};

/// Accepts whatever is on the table; proposes its best package.
struct Yielding;

impl Strategy for Yielding {
    fn respond(&mut self, _: &Observation<'_>, _: &mut Stream) -> bool {
        true
    }
    fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        o.package_near(o.best_utility, package);
    }
}

/// Leaves the table at its first turn.
struct Leaving;

impl Strategy for Leaving {
    fn respond(&mut self, _: &Observation<'_>, _: &mut Stream) -> bool {
        false
    }
    fn propose(&mut self, _: &Observation<'_>, _: &mut Stream, _: &mut [u8]) {}
    fn walk_out(&mut self, _: &Observation<'_>, _: &mut Stream) -> bool {
        true
    }
}

/// Accepts with probability one half; proposes a package at a random target. Only its seat's
/// stream makes it differ from one process to the next.
struct Coin;

impl Strategy for Coin {
    fn respond(&mut self, o: &Observation<'_>, rng: &mut Stream) -> bool {
        unit(rng) < 0.5 && o.offer_utility.is_some_and(|u| u >= o.batna)
    }
    fn propose(&mut self, o: &Observation<'_>, rng: &mut Stream, package: &mut [u8]) {
        let target = o.batna + (o.best_utility - o.batna) * unit(rng);
        o.package_near(target, package);
    }
}

/// Proposes option 200 on every issue: beyond every issue's options.
struct Careless;

impl Strategy for Careless {
    fn respond(&mut self, _: &Observation<'_>, _: &mut Stream) -> bool {
        false
    }
    fn propose(&mut self, _: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        package.fill(200);
    }
}

fn against(mine: &str, other: &str, replications: u32) -> String {
    format!(
        r#"
[experiment]
seed = 5
replications = {replications}
[base]
case = "job-offer"
protocol = "alternating_offers"
deadline = 10
[[condition]]
name = "c"
stakeholders = {{ candidate = {{ tactic = "{mine}" }}, manager = {{ tactic = "{other}" }} }}
"#
    )
}

#[test]
fn a_yielding_strategy_accepts_the_boulware_opening_in_round_two() {
    strategy::register("test_yielding", |_| Box::new(Yielding)).unwrap();
    let (plan, results) = run_text(&against("test_yielding", "boulware", 3));
    assert_eq!(plan.process_count(), 3);
    for r in &results {
        // Round 1: the candidate proposes its best package, the manager (Boulware, aspiration
        // near 1) rejects it and counter-offers its own best; round 2: the candidate accepts.
        assert_eq!(r.metrics.outcome, Status::Agreed);
        assert_eq!(r.metrics.rounds, 2);
        assert_eq!(r.outcome.agreed_slot, Some(1));
        let manager_best = r.case.ideal_utility[1];
        assert_eq!(r.metrics.utilities[1], manager_best);
        assert_eq!(r.seats[0].tactic.key(), "test_yielding");
    }
}

#[test]
fn a_strategy_that_walks_out_ends_the_process_at_once() {
    strategy::register("test_leaving", |_| Box::new(Leaving)).unwrap();
    let (_, results) = run_text(&against("test_leaving", "conceder", 2));
    for r in &results {
        assert_eq!(r.metrics.outcome, Status::WalkOut);
        assert_eq!(r.metrics.rounds, 1);
        assert_eq!(r.metrics.walkouts, 1);
        assert!(r.outcome.seats[0].walked_out && !r.outcome.seats[1].walked_out);
    }
}

#[test]
fn a_package_beyond_the_options_becomes_the_best_option_on_each_issue() {
    strategy::register("test_careless", |_| Box::new(Careless)).unwrap();
    let (_, results) = run_text(&against("test_careless", "boulware", 1));
    let r = &results[0];
    // Nobody agrees (Careless never accepts, Boulware never takes the candidate's best), and
    // nothing panics.
    assert_eq!(r.metrics.outcome, Status::Deadline);
    assert_eq!(r.metrics.rounds, 10);
}

#[test]
fn a_random_strategy_gives_the_same_files_on_one_thread_and_two() {
    strategy::register("test_coin", |_| Box::new(Coin)).unwrap();
    let plan = plan_from(&against("test_coin", "tit_for_tat", 40));
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for threads in [1, 2] {
        let out = dir.path().join(format!("t{threads}"));
        let options = RunOptions {
            out: out.clone(),
            threads: Some(threads),
            quiet: true,
            force: false,
            resume: false,
            shard: None,
        };
        drop(runner::run(&plan, &options).unwrap());
        let processes = std::fs::read_to_string(out.join("processes.csv")).unwrap();
        let stakeholders = std::fs::read_to_string(out.join("stakeholders.csv")).unwrap();
        assert!(
            stakeholders.contains(",test_coin,"),
            "the tactic column names it"
        );
        files.push((processes, stakeholders));
    }
    assert_eq!(files[0], files[1]);
    // The stream makes a difference: the 40 processes do not all end alike.
    let (_, results) = run_text(&against("test_coin", "tit_for_tat", 40));
    let rounds: std::collections::BTreeSet<u32> =
        results.iter().map(|r| r.metrics.rounds).collect();
    assert!(rounds.len() > 1, "rounds {rounds:?}");
}

#[test]
fn names_are_checked_where_they_are_registered_and_where_they_are_used() {
    let taken = strategy::register("boulware", |_| Box::new(Yielding)).unwrap_err();
    assert!(taken.to_string().contains("built-in tactic"), "{taken}");
    let odd = strategy::register("My Strategy", |_| Box::new(Yielding)).unwrap_err();
    assert!(odd.to_string().contains("lowercase"), "{odd}");

    strategy::register("test_named", |_| Box::new(Yielding)).unwrap();
    // Unknown: the message lists the registered strategies with the built-in tactics.
    let unknown = refusal(against("test_namd", "boulware", 1));
    let text = unknown.to_string();
    assert!(text.contains("unknown variant `test_namd`"), "{text}");
    assert!(text.contains("`test_named`"), "{text}");
    assert_eq!(unknown.hint.as_deref(), Some("did you mean `test_named`?"));
    // At a mindset table a registered strategy has nothing to decide with.
    let mindset = against("test_named", "boulware", 1).replace(
        "protocol = \"alternating_offers\"",
        "protocol = \"mindset\"",
    );
    let refused = refusal(mindset);
    assert!(
        refused
            .to_string()
            .contains("is a registered strategy; it needs protocol"),
        "{refused}"
    );
}

/// The error an experiment given as text is refused with.
fn refusal(text: String) -> negsim::error::Error {
    let source = negsim::source::Source::from_text(root().join("experiments/test.toml"), text);
    match negsim::experiment::file::ExperimentFile::parse(source)
        .and_then(|f| negsim::experiment::plan::Plan::build(f, None))
    {
        Ok(_) => panic!("the experiment was accepted"),
        Err(e) => e,
    }
}
