//! A live table stepped from outside: players who decide as the simulation would have play
//! the very process a batch run plays; what a seat observes holds nothing of another seat's
//! valuations; bad moves are refused; forks play the past again.

mod common;

use negsim::experiment::library::Library;
use negsim::metrics::process::evaluate;
use negsim::model::label::Lang;
use negsim::model::prepared::PreparedCase;
use negsim::model::traits::TraitName;
use negsim::protocol::observe::Event;
use negsim::protocol::setup::TableSetup;
use negsim::protocol::statement::Statement;
use negsim::protocol::table::{Moves, Observation, Stage, Table, TableError};
use negsim::protocol::{Arena, ProcessOutcome};
use negsim::teaching::table::{load_case, load_culture, seat};
use std::collections::BTreeSet;
use std::sync::Arc;

fn setup(case: &str, culture: &str, seed: u64) -> (Arc<PreparedCase>, TableSetup) {
    let library = Library::default();
    let case = load_case(&library, case, Lang::En).unwrap();
    let culture = load_culture(&library, culture, Lang::En).unwrap();
    let setup = seat(&case, &culture, seed, 30).unwrap();
    (case, setup)
}

/// What seat `s` decided in round `round` of a simulated process, as moves.
fn decided(events: &[Event], s: usize, round: u32) -> (Moves, Moves) {
    let of_round = events.iter().filter(|e| e.round() == round);
    let mut disclose = None;
    let mut package = None;
    let mut accept = Vec::new();
    let mut walk_out = false;
    for e in of_round {
        match e {
            Event::Disclosed {
                seat, issue, bluff, ..
            } if *seat == s => {
                disclose = Some(Statement {
                    issue: *issue,
                    bluff: *bluff,
                })
            }
            Event::Proposed {
                seat, package: p, ..
            } if *seat == s => package = Some(p.clone()),
            Event::Responded {
                seat,
                slot,
                accepted: true,
                ..
            } if *seat == s => accept.push(*slot),
            Event::WalkedOut { seat, .. } if *seat == s => walk_out = true,
            _ => {}
        }
    }
    (
        Moves::Propose {
            disclose,
            package,
            walk_out: false,
        },
        Moves::Respond { accept, walk_out },
    )
}

/// Plays `setup` with `players` deciding as the simulated process `reference` did.
fn replayed_by_players(
    setup: &TableSetup,
    players: &[usize],
    reference: &[Event],
) -> ProcessOutcome {
    let mut table = Table::start(setup.clone(), players).unwrap();
    loop {
        match table.stage() {
            Stage::Ended => break,
            Stage::Proposing { round } => {
                for &s in players {
                    table.submit(s, decided(reference, s, round).0).unwrap();
                }
            }
            Stage::Responding { round } => {
                assert_eq!(table.waiting_for(), players);
                for &s in players {
                    table.submit(s, decided(reference, s, round).1).unwrap();
                }
            }
        }
        table.advance().unwrap();
    }
    table.finish()
}

/// Whether a played seat found a hidden option, or proposed one in the round it was found.
fn depends_on_discovery(events: &[Event], players: &[usize]) -> bool {
    let found: Vec<(u32, usize, usize, usize)> = events
        .iter()
        .filter_map(|e| match e {
            Event::Discovered {
                round,
                seat,
                issue,
                option,
            } => Some((*round, *seat, *issue, *option)),
            _ => None,
        })
        .collect();
    found.iter().any(|f| players.contains(&f.1))
        || events.iter().any(|e| match e {
            Event::Proposed {
                round,
                seat,
                package,
                ..
            } if players.contains(seat) => found
                .iter()
                .any(|&(r, _, i, o)| r == *round && package[i] as usize == o),
            _ => false,
        })
}

fn assert_same_process(case: &PreparedCase, a: &ProcessOutcome, b: &ProcessOutcome, what: &str) {
    assert_eq!(a.transcript, b.transcript, "{what}");
    assert_eq!(a.round_log, b.round_log, "{what}");
    assert_eq!(format!("{:?}", a.seats), format!("{:?}", b.seats), "{what}");
    assert_eq!(evaluate(case, a), evaluate(case, b), "{what}");
}

#[test]
fn players_who_decide_as_the_simulation_would_have_play_the_same_process() {
    let mut compared = 0;
    for (case_name, culture) in [
        ("job-offer", "collaborative"),
        ("job-offer", "positional"),
        ("office-reorganisation", "mixed"),
        ("office-reorganisation", "positional-facilitated"),
        ("park-redesign", "positional"),
    ] {
        for seed in 1..=6 {
            let (case, mut setup) = setup(case_name, culture, seed);
            setup.observe.rounds = true;
            let simulated = Arena::new().run(&setup);
            let n = case.n;
            for players in [vec![0], vec![n - 1], vec![0, 1]] {
                // The model finds no hidden option on a player's behalf, and a player proposes
                // before the round's discoveries: a process in which a played seat's
                // creativity found an option, or a played seat proposed an option found in the
                // same round, cannot be played the same way.
                if depends_on_discovery(&simulated.transcript, &players) {
                    continue;
                }
                let played = replayed_by_players(&setup, &players, &simulated.transcript);
                let what = format!("{case_name} {culture} seed {seed} players {players:?}");
                assert_same_process(&case, &simulated, &played, &what);
                compared += 1;
            }
        }
    }
    assert!(compared >= 50, "only {compared} processes compared");
}

#[test]
fn a_table_without_players_steps_through_the_batch_process_round_by_round() {
    for protocol_case in ["job-offer", "sprint-planning"] {
        let (case, setup) = setup(protocol_case, "mixed", 9);
        let batch = Arena::new().run(&setup);
        let mut table = Table::simulated(setup);
        let mut rounds = 0;
        while let Stage::Proposing { round } = table.stage() {
            rounds += 1;
            assert_eq!(round, rounds);
            assert_eq!(table.advance().unwrap(), table.stage());
        }
        assert_eq!(rounds, batch.rounds);
        assert_same_process(&case, &batch, &table.finish(), protocol_case);
    }
}

/// Every number in a JSON value.
fn numbers(value: &serde_json::Value, out: &mut Vec<f64>) {
    match value {
        serde_json::Value::Number(n) => out.push(n.as_f64().unwrap()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| numbers(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| numbers(v, out)),
        _ => {}
    }
}

/// The numbers seat `s` may know: its own role sheet, the world's values, what its packages
/// are worth to it and to the world, trust, and counts (rounds, seats, options, issues).
fn allowed(case: &PreparedCase, seen: &Observation) -> BTreeSet<u64> {
    let s = seen.seat;
    let k = case.k;
    let mut ok: Vec<f64> = Vec::new();
    ok.extend_from_slice(case.values_of(s));
    ok.extend_from_slice(&case.weights[s * k..(s + 1) * k]);
    ok.extend_from_slice(&case.world);
    ok.extend([case.batna[s], case.case.world_threshold]);
    for p in &seen.packages {
        ok.extend([case.utility(s, &p.package), case.world_value(&p.package)]);
    }
    ok.extend(&seen.trust);
    ok.extend(&seen.trusted_by);
    ok.extend((0..=1000).map(f64::from));
    ok.into_iter().map(f64::to_bits).collect()
}

#[test]
fn a_seat_observes_nothing_of_another_seats_valuations() {
    let (case, setup) = setup("office-reorganisation", "mixed", 3);
    let n = case.n;
    let mut table = Table::start(setup.clone(), &[1]).unwrap();
    let mut checked = 0;
    while table.stage() != Stage::Ended {
        for s in 0..n {
            let seen = table.observe(s);
            // Its own role sheet, exactly.
            assert_eq!(seen.scores, case.values_of(s));
            assert_eq!(seen.priorities, case.weights[s * case.k..(s + 1) * case.k]);
            assert_eq!(seen.batna, case.batna[s]);
            // Nothing else: every number in what it sees is one it may know.
            let json = serde_json::to_value(&seen).unwrap();
            let mut found = Vec::new();
            numbers(&json, &mut found);
            let ok = allowed(&case, &seen);
            for x in found {
                assert!(
                    ok.contains(&x.to_bits()),
                    "seat {s} sees {x}, which is not its to see"
                );
            }
            checked += 1;
        }
        let moves = match table.stage() {
            Stage::Proposing { .. } => Moves::propose(table.observe(1).ideal.clone()),
            _ => Moves::accept(Vec::new()),
        };
        table.submit(1, moves).unwrap();
        table.advance().unwrap();
    }
    assert!(checked > 10 * n);
    // Before anything is said, what a seat sees does not depend on the others' valuations at
    // all: give everyone else other values and priorities, and seat 0 sees the same.
    let mut other = case.case.clone();
    for st in other.stakeholders.iter_mut().skip(1) {
        for values in st.values.values_mut() {
            values.iter_mut().for_each(|v| *v = 1.0 - *v);
        }
        for w in st.weights.values_mut() {
            *w += 1.0;
        }
    }
    let other = Arc::new(PreparedCase::new(other, 0));
    let mut other_setup = setup.clone();
    other_setup.case = other;
    let seen = Table::start(setup, &[0]).unwrap().observe(0);
    let seen_other = Table::start(other_setup, &[0]).unwrap().observe(0);
    assert_eq!(seen, seen_other);
}

#[test]
fn moves_that_do_not_fit_the_table_are_refused_and_nothing_happens() {
    let (case, setup) = setup("office-reorganisation", "positional", 2);
    let mut table = Table::start(setup, &[0, 2]).unwrap();
    let ideal = table.observe(0).ideal.clone();
    assert_eq!(
        table.submit(1, Moves::propose(ideal.clone())),
        Err(TableError::NotPlayed(1))
    );
    assert_eq!(
        table.submit(9, Moves::propose(ideal.clone())),
        Err(TableError::NoSuchSeat { seat: 9, seats: 5 })
    );
    assert_eq!(
        table.submit(0, Moves::accept(vec![1])),
        Err(TableError::WrongStage {
            stage: Stage::Proposing { round: 1 }
        })
    );
    assert!(matches!(
        table.submit(0, Moves::propose(vec![0; case.k - 1])),
        Err(TableError::PackageLength { .. })
    ));
    let mut hidden = ideal.clone();
    let (issue, option) = (0..case.k)
        .flat_map(|i| (0..case.options[i]).map(move |o| (i, o)))
        .find(|&(i, o)| case.hidden[case.flat(i, o)])
        .expect("the office reorganisation has hidden options");
    hidden[issue] = option as u8;
    assert_eq!(
        table.submit(0, Moves::propose(hidden)),
        Err(TableError::HiddenOption { issue, option })
    );
    let mut bad = ideal.clone();
    bad[0] = 200;
    assert!(matches!(
        table.submit(0, Moves::propose(bad)),
        Err(TableError::NoSuchOption {
            issue: 0,
            option: 200
        })
    ));
    // Nobody has acted yet: the table waits for both players.
    assert_eq!(table.advance(), Err(TableError::Waiting(vec![0, 2])));
    table.submit(0, Moves::propose(ideal.clone())).unwrap();
    assert_eq!(table.advance(), Err(TableError::Waiting(vec![2])));
    table
        .submit(2, Moves::propose(table.observe(2).ideal.clone()))
        .unwrap();
    assert_eq!(table.advance(), Ok(Stage::Responding { round: 1 }));
    // A slot with no package this round cannot be accepted.
    assert_eq!(
        table.submit(0, Moves::accept(vec![case.n])),
        Err(TableError::NotOnTable(case.n))
    );
    assert!(table.events().iter().all(|e| e.round() == 1));
    // Seats cannot be played under alternating offers.
    let (_, mut alternating) = self::setup("job-offer", "positional", 1);
    alternating.rules.protocol = negsim::protocol::protocol_kind::ProtocolKind::AlternatingOffers;
    assert!(matches!(
        Table::start(alternating, &[0]),
        Err(TableError::Unsupported(_))
    ));
}

#[test]
fn a_player_who_walks_out_ends_the_process_that_round() {
    let (_, setup) = setup("job-offer", "collaborative", 4);
    let mut table = Table::start(setup, &[1]).unwrap();
    table
        .submit(
            1,
            Moves::Propose {
                disclose: None,
                package: None,
                walk_out: true,
            },
        )
        .unwrap();
    table.advance().unwrap();
    // Who said they leave is not asked again.
    assert!(table.waiting_for().is_empty());
    assert_eq!(table.advance(), Ok(Stage::Ended));
    let outcome = table.finish();
    assert_eq!(
        outcome.status,
        negsim::protocol::components::Status::WalkOut
    );
    assert_eq!(outcome.rounds, 1);
    assert!(outcome.seats[1].walked_out);
    assert!(
        outcome
            .transcript
            .contains(&Event::WalkedOut { round: 1, seat: 1 })
    );
}

#[test]
fn a_fork_plays_the_past_again_and_a_trait_changed_there_changes_only_the_future() {
    let (case, setup) = setup("park-redesign", "positional", 27);
    let players = [2];
    // The player keeps its ideal on the table and accepts what beats its BATNA.
    let play = |table: &mut Table, until: Option<u32>| {
        while let Some(round) = table.stage().round() {
            if until.is_some_and(|u| round >= u) && matches!(table.stage(), Stage::Proposing { .. })
            {
                return;
            }
            let seen = table.observe(2);
            let moves = match table.stage() {
                Stage::Proposing { .. } => Moves::propose(seen.ideal.clone()),
                _ => Moves::accept(
                    seen.packages
                        .iter()
                        .filter(|p| p.utility >= seen.batna)
                        .map(|p| p.slot)
                        .collect(),
                ),
            };
            table.submit(2, moves).unwrap();
            table.advance().unwrap();
        }
    };
    let mut table = Table::start(setup.clone(), &players).unwrap();
    play(&mut table, Some(5));
    assert_eq!(table.stage(), Stage::Proposing { round: 5 });
    let mut fork = table.fork_at(3).unwrap();
    assert_eq!(fork.stage(), Stage::Proposing { round: 3 });
    let before = |events: &[Event], r: u32| -> Vec<Event> {
        events.iter().filter(|e| e.round() < r).cloned().collect()
    };
    assert_eq!(fork.events(), &before(table.events(), 3)[..]);
    // Played on with the same moves, the fork is the original.
    let mut same = table.fork_at(5).unwrap();
    assert_eq!(same.events(), table.events());
    play(&mut same, None);
    play(&mut table, None);
    let original = table.finish();
    assert_same_process(&case, &original, &same.finish(), "fork at 5");
    // The council more open from round 3: identical before, its own way after.
    fork.change_trait(0, TraitName::Openness, 0.95).unwrap();
    play(&mut fork, None);
    let forked = fork.finish();
    assert_eq!(
        before(&forked.transcript, 3),
        before(&original.transcript, 3)
    );
    assert_ne!(forked.transcript, original.transcript);
    assert!(matches!(
        Table::start(setup, &players).unwrap().fork_at(2),
        Err(TableError::NoSuchRound {
            round: 2,
            current: 1
        })
    ));
}

#[test]
fn a_table_is_a_plain_value_a_server_can_hold_and_move_between_threads() {
    fn send<T: Send + 'static>() {}
    send::<Table>();
    let (_, setup) = setup("job-offer", "mixed", 5);
    let mut table = Table::start(setup, &[0]).unwrap();
    let handle = std::thread::spawn(move || {
        table
            .submit(0, Moves::propose(table.observe(0).ideal.clone()))
            .unwrap();
        table.advance().unwrap();
        table
    });
    let table = handle.join().unwrap();
    assert_eq!(table.stage(), Stage::Responding { round: 1 });
}

/// Plays `setup` with `players` deciding as the simulated process `reference` did, and releases
/// `released` to the model at `at` (before it acts there).
fn released_midway(
    setup: &TableSetup,
    players: &[usize],
    reference: &[Event],
    released: usize,
    at: Stage,
) -> Table {
    let mut table = Table::start(setup.clone(), players).unwrap();
    loop {
        if table.stage() == at {
            table.release(released).unwrap();
        }
        let playing = table.players();
        match table.stage() {
            Stage::Ended => break,
            Stage::Proposing { round } => {
                for &s in &playing {
                    table.submit(s, decided(reference, s, round).0).unwrap();
                }
            }
            Stage::Responding { round } => {
                for &s in &playing {
                    table.submit(s, decided(reference, s, round).1).unwrap();
                }
            }
        }
        table.advance().unwrap();
    }
    table
}

#[test]
fn a_released_seat_is_the_simulated_stakeholder_again_from_the_next_stage() {
    let mut compared = 0;
    for (case_name, culture) in [
        ("job-offer", "positional"),
        ("office-reorganisation", "mixed"),
        ("park-redesign", "collaborative"),
    ] {
        for seed in 1..=6 {
            let (case, mut setup) = setup(case_name, culture, seed);
            setup.observe.rounds = true;
            let simulated = Arena::new().run(&setup);
            let players = [0, 1];
            if depends_on_discovery(&simulated.transcript, &players) || simulated.rounds < 3 {
                continue;
            }
            // Released before it acts in round 2's proposals, or in round 2's responses (after
            // it proposed what the simulation proposed): the rest is the simulated process.
            for at in [
                Stage::Proposing { round: 1 },
                Stage::Proposing { round: 2 },
                Stage::Responding { round: 2 },
            ] {
                let table = released_midway(&setup, &players, &simulated.transcript, 1, at);
                assert_eq!(table.players(), vec![0]);
                let what = format!("{case_name} {culture} seed {seed} released at {at:?}");
                assert_same_process(&case, &simulated, &table.finish(), &what);
                compared += 1;
            }
        }
    }
    assert!(compared >= 15, "only {compared} processes compared");
}

#[test]
fn a_release_is_refused_for_a_seat_nobody_plays_and_dropped_moves_do_not_count() {
    let (_, setup) = setup("job-offer", "mixed", 4);
    let mut table = Table::start(setup.clone(), &[0, 1]).unwrap();
    assert_eq!(
        table.release(2),
        Err(TableError::NoSuchSeat { seat: 2, seats: 2 })
    );
    // A walk-out submitted before the release is dropped: the model decides for the seat.
    table
        .submit(
            1,
            Moves::Propose {
                disclose: None,
                package: None,
                walk_out: true,
            },
        )
        .unwrap();
    table.release(1).unwrap();
    assert_eq!(table.release(1), Err(TableError::NotPlayed(1)));
    assert_eq!(table.waiting_for(), vec![0]);
    assert_eq!(
        table.submit(1, Moves::propose(vec![0; 4])),
        Err(TableError::NotPlayed(1))
    );
    table
        .submit(0, Moves::propose(table.observe(0).ideal.clone()))
        .unwrap();
    table.advance().unwrap();
    assert_eq!(table.waiting_for(), vec![0]);
    assert!(
        table
            .events()
            .iter()
            .any(|e| matches!(e, Event::Proposed { seat: 1, .. })),
        "the model puts the released seat's package on the table"
    );
    table.submit(0, Moves::accept(vec![0])).unwrap();
    table.advance().unwrap();
    assert!(
        !table
            .events()
            .iter()
            .any(|e| matches!(e, Event::WalkedOut { seat: 1, .. })),
        "the dropped walk-out does not count"
    );
}

#[test]
fn a_fork_plays_a_release_again_at_the_stage_it_was_made() {
    let (case, setup) = setup("office-reorganisation", "positional", 6);
    let players = [0, 2];
    // Each player keeps its ideal on the table and accepts what beats its BATNA.
    let play = |table: &mut Table, release_at: Option<Stage>| {
        while table.stage() != Stage::Ended {
            if Some(table.stage()) == release_at {
                table.release(2).unwrap();
            }
            for s in table.players() {
                let seen = table.observe(s);
                let moves = match table.stage() {
                    Stage::Proposing { .. } => Moves::propose(seen.ideal.clone()),
                    _ => Moves::accept(
                        seen.packages
                            .iter()
                            .filter(|p| p.utility >= seen.batna)
                            .map(|p| p.slot)
                            .collect(),
                    ),
                };
                table.submit(s, moves).unwrap();
            }
            table.advance().unwrap();
        }
    };
    let mut table = Table::start(setup.clone(), &players).unwrap();
    let released_at = Stage::Responding { round: 3 };
    play(&mut table, Some(released_at));
    assert_eq!(table.players(), vec![0]);
    let rounds = table.rounds_done();
    assert!(rounds > 4, "the table ended in round {rounds}");
    // Forked before the release, the seat is played again; after it, the model plays it.
    let before = table.fork_at(3).unwrap();
    assert_eq!(before.players(), vec![0, 2]);
    assert_eq!(before.waiting_for(), vec![0, 2]);
    let mut after = table.fork_at(4).unwrap();
    assert_eq!(after.players(), vec![0]);
    let upto = |events: &[Event], r: u32| -> Vec<Event> {
        events.iter().filter(|e| e.round() < r).cloned().collect()
    };
    assert_eq!(after.events(), &upto(table.events(), 4)[..]);
    // Played on with the same moves, the fork after the release is the original.
    play(&mut after, None);
    let mut again = before;
    play(&mut again, Some(released_at));
    let original = table.finish();
    assert_same_process(&case, &original, &after.finish(), "fork at 4");
    assert_same_process(&case, &original, &again.finish(), "fork at 3");
}
