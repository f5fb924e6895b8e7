//! The strategy plug-in point: a strategy registered by name plays where an experiment file
//! names it, through the same bookkeeping, files and statistics as the built-in tactics.

mod common;

use common::*;
use negsim::experiment::plan::Plan;
use negsim::experiment::runner::{self, RunOptions};
use negsim::model::culture::DecisionRule;
use negsim::model::label::Lang;
use negsim::model::traits::Traits;
use negsim::protocol::Arena;
use negsim::protocol::components::Status;
use negsim::protocol::observe::Event;
use negsim::protocol::protocol_kind::ProtocolKind;
use negsim::protocol::setup::{Observe, Tactic};
use negsim::protocol::statement::Statement;
use negsim::protocol::strategy::{self, Observation, Strategy};
use negsim::rng::{Stream, unit};
use std::sync::{Arc, Mutex};

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

/// `processes.csv` and `stakeholders.csv` of `plan` run on one thread and on two.
fn files_on_one_thread_and_two(plan: &Plan) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    [1, 2]
        .into_iter()
        .map(|threads| {
            let out = dir.path().join(format!("t{threads}"));
            let options = RunOptions {
                out: out.clone(),
                threads: Some(threads),
                quiet: true,
                force: false,
                resume: false,
                shard: None,
            };
            drop(runner::run(plan, &options).unwrap());
            let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
            (read("processes.csv"), read("stakeholders.csv"))
        })
        .collect()
}

#[test]
fn a_random_strategy_gives_the_same_files_on_one_thread_and_two() {
    strategy::register("test_coin", |_| Box::new(Coin)).unwrap();
    let files = files_on_one_thread_and_two(&plan_from(&against("test_coin", "tit_for_tat", 40)));
    assert!(
        files[0].1.contains(",test_coin,"),
        "the tactic column names it"
    );
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
    assert!(text.contains("unknown value `test_namd`"), "{text}");
    assert!(text.contains("`test_named`"), "{text}");
    assert_eq!(unknown.hint.as_deref(), Some("did you mean `test_named`?"));
    // A classic tactic at a mindset table has nothing to decide with; a registered strategy
    // does (it is asked for every decision of negsim's round).
    let mindset = |text: String| {
        text.replace(
            "protocol = \"alternating_offers\"",
            "protocol = \"mindset\"",
        )
    };
    let refused = refusal(mindset(against("test_named", "boulware", 1)));
    assert!(
        refused
            .to_string()
            .contains("tactic `boulware` is a classic tactic; it needs protocol"),
        "{refused}"
    );
    assert_eq!(refused.key.as_deref(), Some("stakeholders.manager.tactic"));
    let plan = plan_from(&mindset(against("test_named", "mindset", 1)));
    assert_eq!(plan.process_count(), 1);
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

/// The tiny case (see `common::TINY_CASE`) at a mindset table of two: seat 0 played by the
/// strategy registered as `name`, seat 1 by negsim's model; the transcript recorded.
fn mindset_tiny(name: &str, deadline: u32, seed: u64) -> negsim::protocol::ProcessOutcome {
    let mut setup = table(
        tiny(),
        Traits::uniform(0.5),
        rules(deadline, DecisionRule::Unanimity),
        seed,
    );
    assert_eq!(setup.rules.protocol, ProtocolKind::Mindset);
    setup.seats[0].tactic = Tactic::named(name).expect("registered");
    setup.observe = Observe {
        rounds: true,
        transcript: true,
    };
    Arena::new().run(&setup)
}

#[test]
fn at_a_mindset_table_a_yielding_strategy_accepts_the_others_opening_package() {
    strategy::register("test_mindset_yielding", |_| Box::new(Yielding)).unwrap();
    let outcome = mindset_tiny("test_mindset_yielding", 10, 1);
    // Round 1: seat 0 proposes its best package (a0, b0); seat 1, at its ideal aspiration,
    // proposes its own best (a1, b1) and rejects (a0, b0), worth 0 to it; seat 0 accepts
    // (a1, b1); both accept seat 1's package: agreed unanimously in round 1.
    assert_eq!(outcome.status, Status::Agreed);
    assert_eq!(outcome.rounds, 1);
    assert_eq!(outcome.agreed_slot, Some(1));
    assert_eq!(outcome.agreement.as_deref(), Some(&[1u8, 1][..]));
    let proposed: Vec<(usize, Vec<u8>)> = outcome
        .transcript
        .iter()
        .filter_map(|e| match e {
            Event::Proposed { seat, package, .. } => Some((*seat, package.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(proposed, vec![(0, vec![0, 0]), (1, vec![1, 1])]);
    // Its recorded aspiration is what its proposal is worth to it.
    assert_eq!(outcome.seats[0].aspiration, 1.0);
}

#[test]
fn at_a_mindset_table_a_strategy_that_walks_out_ends_the_process_after_round_one() {
    strategy::register("test_mindset_leaving", |_| Box::new(Leaving)).unwrap();
    let outcome = mindset_tiny("test_mindset_leaving", 10, 2);
    assert_eq!(outcome.status, Status::WalkOut);
    assert_eq!(outcome.rounds, 1);
    assert_eq!(outcome.walkouts, 1);
    assert!(outcome.seats[0].walked_out && !outcome.seats[1].walked_out);
    assert!(
        outcome
            .transcript
            .iter()
            .any(|e| matches!(e, Event::WalkedOut { round: 1, seat: 0 }))
    );
}

/// What a [`Recorder`] saw at one decision.
#[derive(Clone, Debug, PartialEq)]
struct Seen {
    decision: &'static str,
    round: u32,
    protocol: ProtocolKind,
    /// Slots of the packages on the table.
    packages: Vec<usize>,
    /// Seats with a statement this round.
    speakers: Vec<usize>,
    /// The package's slot, when responding.
    proposer: Option<usize>,
    disclosed: Vec<bool>,
}

/// Discloses issue 0 truthfully once, proposes its best package, accepts nothing, and
/// records what it saw at every decision.
struct Recorder(Arc<Mutex<Vec<Seen>>>);

impl Recorder {
    fn see(&self, decision: &'static str, o: &Observation<'_>) {
        let packages: Vec<usize> = o.packages().map(|p| p.slot).collect();
        for p in o.packages() {
            assert_eq!(p.utility, o.utility(p.package));
        }
        if let (Some(offer), Some(u)) = (o.offer, o.offer_utility) {
            assert_eq!(u, o.utility(offer));
        }
        let interests: f64 = o.interests().iter().sum();
        assert!(interests > 0.0);
        self.0.lock().unwrap().push(Seen {
            decision,
            round: o.round,
            protocol: o.protocol,
            packages,
            speakers: (0..o.statements.len())
                .filter(|&t| o.statements[t].is_some())
                .collect(),
            proposer: o.proposer,
            disclosed: o.disclosed.to_vec(),
        });
    }
}

impl Strategy for Recorder {
    fn disclose(&mut self, o: &Observation<'_>, _: &mut Stream) -> Option<Statement> {
        self.see("disclose", o);
        (!o.disclosed[0]).then_some(Statement {
            issue: 0,
            bluff: false,
        })
    }
    fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        self.see("propose", o);
        o.package_near(o.best_utility, package);
    }
    fn respond(&mut self, o: &Observation<'_>, _: &mut Stream) -> bool {
        self.see("respond", o);
        false
    }
    fn walk_out(&mut self, o: &Observation<'_>, _: &mut Stream) -> bool {
        self.see("walk_out", o);
        false
    }
}

#[test]
fn at_a_mindset_table_a_strategy_is_asked_every_decision_in_the_round_s_order() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    strategy::register("test_recorder", move |_| Box::new(Recorder(log.clone()))).unwrap();
    let outcome = mindset_tiny("test_recorder", 2, 3);
    assert_eq!(outcome.status, Status::Deadline, "{:?}", outcome.transcript);
    let seen = seen.lock().unwrap().clone();
    let decisions: Vec<(&str, u32)> = seen.iter().map(|s| (s.decision, s.round)).collect();
    assert_eq!(
        decisions,
        [
            ("disclose", 1),
            ("propose", 1),
            ("respond", 1),
            ("walk_out", 1),
            ("disclose", 2),
            ("propose", 2),
            ("respond", 2),
            ("walk_out", 2),
        ]
    );
    assert!(seen.iter().all(|s| s.protocol == ProtocolKind::Mindset));
    // Round 1: nothing on the table before the proposals; its own statement is heard at
    // the proposal; it is asked about seat 1's package only (its own it accepts).
    assert_eq!(seen[0].packages, Vec::<usize>::new());
    assert_eq!(seen[0].disclosed, [false, false]);
    assert_eq!(seen[1].packages, Vec::<usize>::new());
    assert!(seen[1].speakers.contains(&0));
    assert_eq!(seen[2].packages, [0, 1]);
    assert_eq!(seen[2].proposer, Some(1));
    assert_eq!(seen[3].proposer, None);
    // Round 2: last round's packages are on the table when it speaks and proposes; it has
    // disclosed issue 0, so it says nothing more.
    assert_eq!(seen[4].packages, [0, 1]);
    assert_eq!(seen[4].disclosed, [true, false]);
    assert!(!seen[5].speakers.contains(&0));
    let disclosures: Vec<(u32, usize, usize, bool)> = outcome
        .transcript
        .iter()
        .filter_map(|e| match *e {
            Event::Disclosed {
                round,
                seat,
                issue,
                bluff,
            } => Some((round, seat, issue, bluff)),
            _ => None,
        })
        .filter(|d| d.1 == 0)
        .collect();
    assert_eq!(disclosures, [(1, 0, 0, false)]);
    assert_eq!(outcome.seats[0].disclosed, 1);
}

/// Tells the table the truth about one more issue every round; never accepts.
struct Talkative;

impl Strategy for Talkative {
    fn disclose(&mut self, o: &Observation<'_>, _: &mut Stream) -> Option<Statement> {
        let issue = o.disclosed.iter().position(|d| !d)?;
        Some(Statement {
            issue,
            bluff: false,
        })
    }
    fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        o.package_near(o.best_utility, package);
    }
    fn respond(&mut self, _: &Observation<'_>, _: &mut Stream) -> bool {
        false
    }
}

/// Never discloses (the default); otherwise as [`Talkative`].
struct Silent;

impl Strategy for Silent {
    fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        o.package_near(o.best_utility, package);
    }
    fn respond(&mut self, _: &Observation<'_>, _: &mut Stream) -> bool {
        false
    }
}

#[test]
fn what_a_strategy_discloses_is_taken_in_by_the_others() {
    strategy::register("test_talkative", |_| Box::new(Talkative)).unwrap();
    strategy::register("test_silent", |_| Box::new(Silent)).unwrap();
    // The job offer has compatible issues, where the fixed-pie prior is wrong: the manager's
    // beliefs about the candidate after a process are more accurate when the candidate told
    // the truth about one more issue each round than when it said nothing.
    let text = std::fs::read_to_string(root().join("configs/cases/job-offer.toml")).unwrap();
    let case = Arc::new(negsim::model::prepared::PreparedCase::new(
        case_from(&text),
        1_000_000,
    ));
    let accuracy = |name: &str| -> f64 {
        (0..20)
            .map(|seed| {
                let mut setup = table(
                    case.clone(),
                    Traits::uniform(0.5),
                    rules(6, DecisionRule::Unanimity),
                    seed,
                );
                setup.seats[0].tactic = Tactic::named(name).unwrap();
                Arena::new().run(&setup).seats[1].belief_accuracy
            })
            .sum::<f64>()
            / 20.0
    };
    let (talkative, silent) = (accuracy("test_talkative"), accuracy("test_silent"));
    assert!(
        talkative > silent,
        "talkative {talkative} vs silent {silent}"
    );
}

/// A mindset experiment on a case of four stakeholders, one of whom plays `mine`.
fn mindset_party(mine: &str, replications: u32) -> String {
    format!(
        r#"
[experiment]
seed = 11
replications = {replications}
[base]
case = "park-redesign"
deadline = 12
[[condition]]
name = "collaborative"
culture = "collaborative"
stakeholders = {{ council = {{ tactic = "{mine}" }} }}
[[condition]]
name = "positional"
culture = "positional"
stakeholders = {{ council = {{ tactic = "{mine}" }} }}
"#
    )
}

#[test]
fn a_random_strategy_at_a_four_party_mindset_table_gives_the_same_files_on_any_thread_count() {
    strategy::register("test_mindset_coin", |_| Box::new(Coin)).unwrap();
    let files = files_on_one_thread_and_two(&plan_from(&mindset_party("test_mindset_coin", 15)));
    assert_eq!(
        files[0].1.matches(",test_mindset_coin,").count(),
        30,
        "one council seat per process"
    );
    assert_eq!(files[0], files[1]);
    let (_, results) = run_text(&mindset_party("test_mindset_coin", 15));
    let outcomes: std::collections::BTreeSet<u32> =
        results.iter().map(|r| r.metrics.rounds).collect();
    assert!(outcomes.len() > 1, "rounds {outcomes:?}");
}

/// A culture file naming `tactic`, written into `dir`.
fn culture_with(dir: &std::path::Path, tactic: &str) -> std::path::PathBuf {
    let positional = std::fs::read_to_string(root().join("configs/cultures/positional.toml"))
        .unwrap()
        .replace("name = \"positional\"", "name = \"scripted\"");
    let path = dir.join("scripted.toml");
    std::fs::write(&path, format!("tactic = \"{tactic}\"\n{positional}")).unwrap();
    path
}

#[test]
fn a_culture_names_a_strategy_as_every_stakeholder_s_tactic_unless_one_is_pinned() {
    strategy::register("test_culture_yielding", |_| Box::new(Yielding)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let culture = culture_with(dir.path(), "test_culture_yielding");
    let text = format!(
        r#"
[experiment]
seed = 2
replications = 3
[base]
case = "job-offer"
culture = "{}"
[[condition]]
name = "all"
[[condition]]
name = "pinned"
stakeholders = {{ manager = {{ tactic = "mindset" }} }}
[[condition]]
name = "overridden"
tactic = "mindset"
"#,
        culture.display()
    );
    let (_, results) = run_text(&text);
    for r in &results {
        let tactics: Vec<String> = r.seats.iter().map(|s| s.tactic.key()).collect();
        let expected = match r.cell.condition.as_str() {
            "all" => ["test_culture_yielding", "test_culture_yielding"],
            "pinned" => ["test_culture_yielding", "mindset"],
            _ => ["mindset", "mindset"],
        };
        assert_eq!(tactics, expected, "{}", r.cell.condition);
    }
    // Two yielding seats accept each other's opening package: agreed in round 1.
    let all: Vec<_> = results
        .iter()
        .filter(|r| r.cell.condition == "all")
        .collect();
    assert!(
        all.iter()
            .all(|r| r.metrics.outcome == Status::Agreed && r.metrics.rounds == 1)
    );
}

#[test]
fn a_culture_s_classic_tactic_at_a_mindset_table_is_refused_in_the_culture_file() {
    let dir = tempfile::tempdir().unwrap();
    let culture = culture_with(dir.path(), "boulware");
    let text = format!(
        r#"
[experiment]
seed = 2
replications = 1
[base]
case = "job-offer"
culture = "{}"
"#,
        culture.display()
    );
    let e = refusal(text);
    assert_eq!(e.key.as_deref(), Some("tactic"), "{e}");
    assert_eq!(e.file.as_deref(), Some(culture.as_path()), "{e}");
    assert_eq!(e.line, Some(1), "{e}");
    assert!(
        e.to_string().contains("`boulware` is a classic tactic"),
        "{e}"
    );
    assert!(
        e.hint
            .as_deref()
            .is_some_and(|h| h.contains("alternating_offers")),
        "{e:?}"
    );
}

/// Never accepts; proposes its best package.
struct Refusing;

impl Strategy for Refusing {
    fn respond(&mut self, _: &Observation<'_>, _: &mut Stream) -> bool {
        false
    }
    fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        o.package_near(o.best_utility, package);
    }
}

/// A set-up from the bundled library at a mindset table, `mine` playing stakeholder `key`,
/// the transcript recorded.
fn library_table(
    case: &str,
    culture: &str,
    key: &str,
    mine: &str,
    seed: u64,
    facilitator: bool,
) -> negsim::protocol::setup::TableSetup {
    use negsim::experiment::library::Library;
    use negsim::teaching::table::{load_case, load_culture, seat};
    let library = Library::default();
    let case = load_case(&library, case, Lang::En).unwrap();
    let culture = load_culture(&library, culture, Lang::En).unwrap();
    let mut setup = seat(&case, &culture, seed, 12).unwrap();
    let s = case
        .case
        .stakeholders
        .iter()
        .position(|st| st.key == key)
        .expect("the case has the stakeholder");
    setup.seats[s].tactic = Tactic::named(mine).expect("registered");
    setup.rules.facilitator = facilitator;
    setup
}

/// Plays a table to its end without players.
fn play_to_end(table: &mut negsim::protocol::table::Table) {
    use negsim::protocol::table::Stage;
    while table.stage() != Stage::Ended {
        table.advance().unwrap();
    }
}

#[test]
fn a_table_with_a_strategy_seat_and_no_person_at_it_plays_the_batch_process() {
    use negsim::protocol::table::Table;
    strategy::register("test_table_coin", |_| Box::new(Coin)).unwrap();
    let setups = [
        library_table(
            "job-offer",
            "positional",
            "candidate",
            "test_table_coin",
            3,
            false,
        ),
        library_table(
            "park-redesign",
            "collaborative",
            "council",
            "test_table_coin",
            7,
            true,
        ),
        library_table(
            "park-redesign",
            "positional",
            "council",
            "test_table_coin",
            8,
            false,
        ),
    ];
    for setup in setups {
        let batch = Arena::new().run(&setup);
        assert!(
            batch
                .transcript
                .iter()
                .any(|e| matches!(e, Event::Proposed { seat, .. } if setup.seats[*seat].tactic.key() == "test_table_coin")),
            "the strategy proposes in the batch run"
        );
        let other = (0..setup.seats.len())
            .find(|&s| setup.seats[s].tactic == Tactic::Mindset)
            .unwrap();
        let mine = (0..setup.seats.len())
            .find(|&s| setup.seats[s].tactic != Tactic::Mindset)
            .unwrap();
        // A table nobody plays; a table whose player is released before round 1; a table
        // whose player took the strategy's own seat and handed it back before round 1.
        let mut simulated = Table::simulated(setup.clone());
        let mut released = Table::start(setup.clone(), &[other]).unwrap();
        released.release(other).unwrap();
        let mut handed_back = Table::start(setup.clone(), &[mine]).unwrap();
        handed_back.release(mine).unwrap();
        for mut table in [simulated, released, handed_back] {
            play_to_end(&mut table);
            assert_eq!(table.events(), &batch.transcript[..]);
            let outcome = table.finish();
            assert_eq!(
                (outcome.status, outcome.rounds, &outcome.agreement),
                (batch.status, batch.rounds, &batch.agreement)
            );
            let aspirations = |o: &negsim::protocol::ProcessOutcome| {
                o.seats.iter().map(|s| s.aspiration).collect::<Vec<_>>()
            };
            assert_eq!(aspirations(&outcome), aspirations(&batch));
        }
        simulated = Table::simulated(setup.clone());
        // A fork replays the strategy's decisions too.
        play_to_end(&mut simulated);
        let mut fork = simulated.fork_at(2.min(batch.rounds)).unwrap();
        play_to_end(&mut fork);
        assert_eq!(fork.events(), &batch.transcript[..]);
    }
}

#[test]
fn a_person_and_a_strategy_at_one_table_see_each_other_s_packages_and_the_strategy_s_answers_count()
{
    use negsim::protocol::table::{Moves, Stage, Table};
    strategy::register("test_table_yielding", |_| Box::new(Yielding)).unwrap();
    strategy::register("test_table_refusing", |_| Box::new(Refusing)).unwrap();
    // The tiny case: seat 0 played by a person, seat 1 by the strategy.
    let setup = |name: &str| {
        let mut setup = table(
            tiny(),
            Traits::uniform(0.5),
            rules(10, DecisionRule::Unanimity),
            4,
        );
        setup.seats[1].tactic = Tactic::named(name).unwrap();
        setup.observe = Observe {
            rounds: true,
            transcript: true,
        };
        setup
    };
    let round_one = |name: &str| {
        let mut table = Table::start(setup(name), &[0]).unwrap();
        table.submit(0, Moves::propose(vec![0, 0])).unwrap();
        table.advance().unwrap();
        // The strategy's package is on the table for the person: its best, (a1, b1).
        let seen = table.observe(0);
        let theirs = seen
            .packages
            .iter()
            .find(|p| p.slot == 1)
            .expect("seat 1 proposed");
        assert_eq!(theirs.package, vec![1, 1]);
        // The person accepts only their own package.
        table.submit(0, Moves::accept(vec![0])).unwrap();
        let stage = table.advance().unwrap();
        (table, stage)
    };
    // A strategy that accepts everything accepts the person's package: agreed in round 1.
    let (yielding, stage) = round_one("test_table_yielding");
    assert_eq!(stage, Stage::Ended);
    assert!(yielding.events().iter().any(|e| matches!(
        e,
        Event::Proposed { round: 1, seat: 1, package, .. } if package == &[1, 1]
    )));
    assert!(yielding.events().iter().any(|e| matches!(
        e,
        Event::Responded {
            round: 1,
            seat: 1,
            slot: 0,
            accepted: true,
            ..
        }
    )));
    let outcome = yielding.finish();
    assert_eq!(outcome.status, Status::Agreed);
    assert_eq!(outcome.agreed_slot, Some(0));
    assert_eq!(outcome.agreement.as_deref(), Some(&[0u8, 0][..]));
    // One that refuses everything blocks it: the table goes on to round 2.
    let (refusing, stage) = round_one("test_table_refusing");
    assert_eq!(stage, Stage::Proposing { round: 2 });
    assert!(refusing.events().iter().any(|e| matches!(
        e,
        Event::Responded {
            round: 1,
            seat: 1,
            slot: 0,
            accepted: false,
            ..
        }
    )));
    // A person who takes the strategy's own seat plays it: the strategy is not asked.
    let mut taken = Table::start(setup("test_table_yielding"), &[1]).unwrap();
    taken.submit(1, Moves::propose(vec![0, 1])).unwrap();
    taken.advance().unwrap();
    assert_eq!(
        taken
            .observe(0)
            .packages
            .iter()
            .find(|p| p.slot == 1)
            .map(|p| p.package.clone()),
        Some(vec![0, 1])
    );
    taken.submit(1, Moves::accept(vec![1])).unwrap();
    taken.advance().unwrap();
    assert!(taken.events().iter().any(|e| matches!(
        e,
        Event::Responded {
            round: 1,
            seat: 1,
            slot: 0,
            accepted: false,
            ..
        }
    )));
    // Handed back, the seat is the strategy's again: it proposes its best and accepts.
    assert_eq!(taken.stage(), Stage::Proposing { round: 2 });
    taken.release(1).unwrap();
    taken.advance().unwrap();
    assert!(taken.events().iter().any(|e| matches!(
        e,
        Event::Proposed { round: 2, seat: 1, package, .. } if package == &[1, 1]
    )));
    assert!(taken.events().iter().any(|e| matches!(
        e,
        Event::Responded {
            round: 2,
            seat: 1,
            slot: 0,
            accepted: true,
            ..
        }
    )));
}

#[test]
fn a_binary_of_one_s_own_runs_negsim_s_commands_with_its_registered_strategies() {
    strategy::register("test_cli_yielding", |_| Box::new(Yielding)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("mine.toml");
    std::fs::write(&config, against("test_cli_yielding", "boulware", 2)).unwrap();
    let out = dir.path().join("out");
    fn args<'a>(command: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec!["my-negsim"];
        args.extend_from_slice(command);
        args
    }
    let config = config.to_str().unwrap();
    assert_eq!(negsim::cli::main_from(args(&["check", config])), 0);
    let run = [
        "run",
        config,
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--no-plots",
    ];
    assert_eq!(negsim::cli::main_from(args(&run)), 0);
    // Its tactic column names it; the yielding candidate takes Boulware's opening in round 2.
    let stakeholders = std::fs::read_to_string(out.join("stakeholders.csv")).unwrap();
    assert!(stakeholders.contains("test_cli_yielding"), "{stakeholders}");
    let processes = std::fs::read_to_string(out.join("processes.csv")).unwrap();
    assert!(
        processes
            .lines()
            .skip(1)
            .all(|l| l.contains(",agreement,true,2,")),
        "{processes}"
    );
    // A name nobody registered is refused as bad input.
    std::fs::write(
        dir.path().join("other.toml"),
        against("test_cli_nobody", "boulware", 2),
    )
    .unwrap();
    let other = dir.path().join("other.toml");
    assert_eq!(
        negsim::cli::main_from(args(&["check", other.to_str().unwrap()])),
        2
    );
    // Help is not an error; an unknown command is bad input.
    assert_eq!(negsim::cli::main_from(args(&["--version"])), 0);
    assert_eq!(negsim::cli::main_from(args(&["dance"])), 2);
    // The commands its messages suggest name it, not `negsim`, which does not know its
    // strategies (a run of them resumed or merged by `negsim` would be refused).
    assert_eq!(negsim::program::name(), "my-negsim");
    let e = negsim::experiment::merge::merge(&[], &out, false).unwrap_err();
    let hint = e.hint.unwrap();
    assert!(hint.starts_with("my-negsim merge "), "{hint}");
    // A strategy that panics at a demonstration's table (no runner there to catch it) ends
    // the command with exit code 1, not a silent 101.
    strategy::register("test_cli_panicking", |_| Box::new(Panicking)).unwrap();
    let culture = std::fs::read_to_string(root().join("configs/cultures/positional.toml"))
        .unwrap()
        .replacen("name = ", "tactic = \"test_cli_panicking\"\nname = ", 1);
    let culture_file = dir.path().join("panicking.toml");
    std::fs::write(&culture_file, culture).unwrap();
    let demo = [
        "demo",
        "job-offer",
        "--culture",
        culture_file.to_str().unwrap(),
    ];
    assert_eq!(negsim::cli::main_from(args(&demo)), 1);
}

/// Panics at its first proposal.
struct Panicking;

impl Strategy for Panicking {
    fn respond(&mut self, _: &Observation<'_>, _: &mut Stream) -> bool {
        false
    }
    fn propose(&mut self, _: &Observation<'_>, _: &mut Stream, _: &mut [u8]) {
        panic!("no proposal today");
    }
}

#[test]
fn a_person_at_play_meets_a_strategy_the_culture_names_and_its_answer_counts() {
    use negsim::experiment::library::Library;
    use negsim::model::label::Lang;
    use negsim::teaching::play::{PlaySpec, play};
    strategy::register("test_play_yielding", |_| Box::new(Yielding)).unwrap();
    strategy::register("test_play_refusing", |_| Box::new(Refusing)).unwrap();
    let session = |tactic: &str| {
        let dir = tempfile::tempdir().unwrap();
        let culture = culture_with(dir.path(), tactic);
        let spec = PlaySpec {
            case: "job-offer".into(),
            seat: "candidate".into(),
            culture: culture.to_str().unwrap().into(),
            seed: 3,
            deadline: 3,
            lang: Lang::En,
            echo: true,
            width: None,
        };
        // The candidate asks for €61,000 and objects to the manager's package, round after
        // round.
        let script = "propose salary=61k\nobject\n".repeat(3);
        let mut out = Vec::new();
        let library = Library::near(&root().join("negsim"));
        let played = play(&library, &spec, &mut script.as_bytes(), &mut out).unwrap();
        (played, String::from_utf8(out).unwrap())
    };
    // The culture's strategy plays the manager (the candidate's own seat is the person's):
    // one that accepts anything takes the candidate's package in round 1.
    let (yielding, text) = session("test_play_yielding");
    assert_eq!(yielding.outcome.status, Status::Agreed, "{text}");
    assert_eq!(yielding.outcome.rounds, 1);
    assert_eq!(yielding.outcome.agreed_slot, Some(0));
    // One that accepts nothing holds the table to its deadline.
    let (refusing, text) = session("test_play_refusing");
    assert_eq!(refusing.outcome.status, Status::Deadline, "{text}");
    assert_eq!(refusing.outcome.rounds, 3);
}

#[test]
fn a_sweep_sets_a_stakeholder_s_tactic_or_everyone_s_without_a_pin_in_the_base() {
    let text = |axis: &str| {
        format!(
            r#"
[experiment]
seed = 5
replications = 2
[base]
case = "job-offer"
protocol = "alternating_offers"
deadline = 10
[[condition]]
name = "c"
[sweep]
{axis} = ["boulware", "conceder"]
"#
        )
    };
    // One stakeholder's tactic: the candidate's varies, the manager keeps the culture's.
    let (_, results) = run_text(&text("\"stakeholders.candidate.tactic\""));
    let tactics: Vec<(String, String)> = results
        .iter()
        .map(|r| (r.seats[0].tactic.key(), r.seats[1].tactic.key()))
        .collect();
    assert_eq!(tactics[0].0, "boulware");
    assert_eq!(tactics[3].0, "conceder");
    assert_eq!(tactics[0].1, tactics[3].1);
    // Everyone's tactic.
    let (_, results) = run_text(&text("tactic"));
    assert!(
        results[..2]
            .iter()
            .all(|r| r.seats.iter().all(|s| s.tactic.key() == "boulware"))
    );
    assert!(
        results[2..]
            .iter()
            .all(|r| r.seats.iter().all(|s| s.tactic.key() == "conceder"))
    );
    // A stakeholder the case does not have is named with the case's.
    let src = negsim::source::Source::from_text(
        root().join("experiments/test.toml"),
        text("\"stakeholders.nobody.tactic\""),
    );
    let file = negsim::experiment::file::ExperimentFile::parse(src).unwrap();
    let err = Plan::build(file, None).unwrap_err();
    assert!(err.message.contains("has no stakeholder `nobody`"), "{err}");
    // It is blamed on the sweep's axis, which made the stakeholder's table, not on the base.
    assert_eq!(err.key.as_deref(), Some("sweep.stakeholders.nobody.tactic"));
    assert_eq!(err.line, Some(12), "{err}");
    assert!(err.hint.unwrap().contains("candidate, manager"));
}

/// Proposes its best package in the first round and panics at its proposal in the second.
struct PanickingInRoundTwo;

impl Strategy for PanickingInRoundTwo {
    fn respond(&mut self, _: &Observation<'_>, _: &mut Stream) -> bool {
        false
    }
    fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        assert!(o.round < 2, "lost its way in round {}", o.round);
        o.package_near(o.best_utility, package);
    }
}

#[test]
fn a_strategy_failing_at_a_studio_table_stops_that_table_and_the_trainer_is_told_why() {
    use negsim::experiment::library::Library;
    use negsim::studio::debrief::board;
    use negsim::studio::engine::{Moves, Phase, simulated_outcomes};
    use negsim::studio::refused::Refused;
    use negsim::studio::session::{Class, ClassConfig};
    use negsim::studio::view::seat_view;
    strategy::register("test_studio_panicking", |_| Box::new(PanickingInRoundTwo)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let culture = culture_with(dir.path(), "test_studio_panicking");
    let library = Library::default();
    let config = ClassConfig {
        case: "job-offer".into(),
        culture: culture.to_str().unwrap().into(),
        seats: vec!["candidate".into()],
        deadline: 6,
        minutes_per_round: None,
        seed: 1,
    };
    let mut class = Class::open(&library, config, "ABCD".into(), Lang::En).unwrap();
    let (person, _) = class.join("Ada", Lang::Nl, "secret".into()).unwrap();
    class.start().unwrap();
    let table = class.people[person].table;
    let live = |class: &Class| {
        class.tables[table]
            .live
            .as_ref()
            .unwrap()
            .snapshot()
            .clone()
    };
    // Round 1: the manager's strategy proposes; the candidate proposes nothing and accepts
    // nothing. Round 2: the strategy fails at its proposal, after the candidate's move.
    class.act(person, 1, Moves::default()).unwrap();
    assert_eq!(live(&class).phase, Phase::Respond(1));
    class
        .respond(person, 1, negsim::studio::engine::Responses::default())
        .unwrap();
    assert_eq!(live(&class).phase, Phase::Move(2));
    class.act(person, 2, Moves::default()).unwrap();
    let stopped = live(&class);
    assert_eq!(stopped.phase, Phase::Ended);
    assert!(stopped.played.is_none(), "nothing is played to an outcome");
    let failure = stopped.stopped.expect("the table says why it stopped");
    assert_eq!(failure.strategy, "test_studio_panicking");
    assert!(
        failure
            .message
            .starts_with("panicked at tests/strategy.rs:")
            && failure.message.ends_with(": lost its way in round 2"),
        "{}",
        failure.message
    );
    // What happened until then is kept: the manager's proposal of round 1 is in the log.
    let events = class.tables[table].live.as_ref().unwrap().events().to_vec();
    assert!(
        events.iter().any(|e| matches!(
            e,
            Event::Proposed {
                round: 1,
                seat: 1,
                ..
            }
        )),
        "{events:?}"
    );
    // Nothing more is played at it.
    assert!(matches!(
        class.act(person, 2, Moves::default()),
        Err(Refused::Over)
    ));
    // The trainer's board and the person's screen say so.
    let view = board(Some(&class), "", &|_| true, Lang::En);
    let card = &view.tables[table];
    assert_eq!(card.phase, "stopped");
    assert_eq!(card.agreed, None);
    let said = card.stopped.as_deref().unwrap();
    assert!(
        said.starts_with("strategy `test_studio_panicking` failed: panicked at tests/strategy.rs:"),
        "{said}"
    );
    let seat = seat_view(&class, person, Lang::Nl, std::time::Instant::now());
    assert_eq!(seat.phase, "stopped");
    assert!(seat.result.is_none());
    // A resumed studio replays the journal to the same stop, with the same log.
    let resumed = Class::restore(&library, class.journal(), Lang::En).unwrap();
    let again = resumed.tables[table].live.as_ref().unwrap();
    assert_eq!(again.snapshot().stopped.as_ref(), Some(&failure));
    assert_eq!(again.events(), &events[..]);
    // The class's cloud of simulated processes is refused with the strategy's failure, not a
    // panic.
    let case = negsim::studio::engine::case(&library, "job-offer", Lang::En).unwrap();
    let culture =
        negsim::studio::engine::culture(&library, culture.to_str().unwrap(), Lang::En).unwrap();
    let e = simulated_outcomes(&case, &culture, 6, 3).unwrap_err();
    assert!(
        e.to_string()
            .contains("strategy `test_studio_panicking` failed: panicked at tests/strategy.rs:"),
        "{e}"
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("the failure is in the strategy's code: mend it and start again")
    );
}
