//! The transcript reader on a small transcript checked by hand: the leading proposal of every
//! round (acceptances, the shortfall of the refusers, the facilitator's text first among
//! equals, the package that led keeping its place on a near tie, the agreed package) and the
//! turning points; and the reader on simulated processes.

mod common;

use negsim::model::label::Lang;
use negsim::model::prepared::PreparedCase;
use negsim::protocol::Arena;
use negsim::protocol::observe::Event;
use negsim::protocol::reader::{Offer, Reader, RoundReading, TurningPoint, read};
use negsim::teaching::table::{load_case, load_culture, seat};
use std::sync::Arc;

/// Three stakeholders, two issues. Issue a has a compromise option a2 that is worse for
/// everyone than a0 (a lose-lose option). Utilities (s0, s1, s2) and world value:
///
/// | package | s0  | s1   | s2   | world |
/// |---------|-----|------|------|-------|
/// | (0,0)   | 1   | 0.4  | 0.05 | 0.3   |
/// | (0,1)   | 0.5 | 0.15 | 0.8  | 0.4   |
/// | (1,0)   | 0.5 | 1    | 0.25 | 0.6   |
/// | (1,1)   | 0   | 0.75 | 1    | 0.7   |
/// | (2,0)   | 0.6 | 0.25 | 0    | 0.2   |
const THREE: &str = r#"
name = "three"
world_threshold = 0.5
world_value_no_agreement = 0.1

[[issues]]
key = "a"
options = [
  { key = "a0", world_value = 0.2 },
  { key = "a1", world_value = 0.8 },
  { key = "a2", world_value = 0.0 },
]

[[issues]]
key = "b"
options = [{ key = "b0", world_value = 0.4 }, { key = "b1", world_value = 0.6 }]

[[stakeholders]]
key = "s0"
batna = 0.3
weights = { a = 1, b = 1 }
values = { a = [1.0, 0.0, 0.2], b = [1.0, 0.0] }

[[stakeholders]]
key = "s1"
batna = 0.4
weights = { a = 3, b = 1 }
values = { a = [0.2, 1.0, 0.0], b = [1.0, 0.0] }

[[stakeholders]]
key = "s2"
batna = 0.2
weights = { a = 1, b = 3 }
values = { a = [0.2, 1.0, 0.0], b = [0.0, 1.0] }
"#;

fn three() -> PreparedCase {
    PreparedCase::new(common::case_from(THREE), 1_000_000)
}

fn started(round: u32) -> Event {
    Event::RoundStarted { round }
}

fn proposed(round: u32, seat: usize, package: [u8; 2]) -> Event {
    Event::Proposed {
        round,
        seat,
        package: package.to_vec(),
        aspiration: 1.0,
    }
}

fn text(round: u32, package: [u8; 2]) -> Event {
    Event::FacilitatorText {
        round,
        package: package.to_vec(),
    }
}

/// Seat `seat` judges slot `slot`'s package: (accepted, utility, aspiration).
fn judged(
    round: u32,
    seat: usize,
    slot: usize,
    (accepted, utility, aspiration): (bool, f64, f64),
) -> Event {
    Event::Responded {
        round,
        seat,
        slot,
        accepted,
        utility,
        aspiration,
    }
}

/// Every seat's judgement of every slot: `table[slot][seat]`.
fn judgements(round: u32, table: &[[(bool, f64, f64); 3]]) -> Vec<Event> {
    let mut events = Vec::new();
    for seat in 0..3 {
        for (slot, row) in table.iter().enumerate() {
            events.push(judged(round, seat, slot, row[seat]));
        }
    }
    events
}

const YES: bool = true;
const NO: bool = false;

/// Five rounds, told in the comments with what the reader must make of them.
fn transcript() -> Vec<Event> {
    let mut e = Vec::new();
    // Round 1: everyone opens at their ideal; each package only its proposer accepts.
    // Shortfalls: (0,0) 0.6 + 0.95 = 1.55; (1,0) 0.5 + 0.75 = 1.25; (1,1) 1 + 0.25 = 1.25.
    // The tie goes to the lower seat: s1's (1,0) leads.
    e.push(started(1));
    e.push(Event::Disclosed {
        round: 1,
        seat: 1,
        issue: 0,
        bluff: false,
    });
    e.extend([
        proposed(1, 0, [0, 0]),
        proposed(1, 1, [1, 0]),
        proposed(1, 2, [1, 1]),
    ]);
    e.extend(judgements(
        1,
        &[
            [(YES, 1.0, 1.0), (NO, 0.4, 1.0), (NO, 0.05, 1.0)],
            [(NO, 0.5, 1.0), (YES, 1.0, 1.0), (NO, 0.25, 1.0)],
            [(NO, 0.0, 1.0), (NO, 0.75, 1.0), (YES, 1.0, 1.0)],
        ],
    ));
    e.push(Event::StressRose {
        round: 1,
        seat: 2,
        level: 0.5,
    });
    // Round 2: s0 moves a0 -> a2, worse for everyone on issue a (the fixed-pie trap) and a
    // concession of 0.4 for s0; s2 concedes 0.2 to (0,1). No package has a backer; (1,0) falls
    // 0.3 + 0.55 = 0.85 short, (0,1) 0.3 + 0.65 = 0.95, (2,0) 1.55.
    e.push(started(2));
    e.extend([
        proposed(2, 0, [2, 0]),
        proposed(2, 1, [1, 0]),
        proposed(2, 2, [0, 1]),
    ]);
    e.extend(judgements(
        2,
        &[
            [(NO, 0.6, 0.8), (NO, 0.25, 0.8), (NO, 0.0, 0.8)],
            [(NO, 0.5, 0.8), (YES, 1.0, 0.8), (NO, 0.25, 0.8)],
            [(NO, 0.5, 0.8), (NO, 0.15, 0.8), (YES, 0.8, 0.8)],
        ],
    ));
    e.push(Event::TrustTurned {
        round: 2,
        from: 0,
        to: 2,
        before: 0.45,
        after: 0.55,
    });
    // Round 3: s0 moves (2,0) -> (0,0), better for all three: a trade good for both. s2 goes
    // back to (1,1). Aspirations 0.6, 0.8, 0.81: (1,1) falls 0.6 + 0.05 = 0.65 short, (1,0)
    // 0.1 + 0.56 = 0.66; neither has a backer. (1,1) is a hair closer, within the tolerance
    // of 0.02: the leader of round 2, s1's (1,0), keeps its place.
    e.push(started(3));
    e.extend([
        proposed(3, 0, [0, 0]),
        proposed(3, 1, [1, 0]),
        proposed(3, 2, [1, 1]),
    ]);
    e.extend(judgements(
        3,
        &[
            [(YES, 1.0, 0.6), (NO, 0.4, 0.8), (NO, 0.05, 0.81)],
            [(NO, 0.5, 0.6), (YES, 1.0, 0.8), (NO, 0.25, 0.81)],
            [(NO, 0.0, 0.6), (NO, 0.75, 0.8), (YES, 1.0, 0.81)],
        ],
    ));
    // Round 4: the facilitator puts (1,1) on the table. With s1 at 0.7, s1 and s2 accept it:
    // two backers for the text, one (s1) for s2's own (1,1). The text leads.
    e.push(started(4));
    e.extend([
        proposed(4, 0, [0, 0]),
        proposed(4, 1, [1, 0]),
        proposed(4, 2, [1, 1]),
    ]);
    e.push(text(4, [1, 1]));
    let round4 = [
        [(YES, 1.0, 0.6), (NO, 0.4, 0.7), (NO, 0.05, 0.81)],
        [(NO, 0.5, 0.6), (YES, 1.0, 0.7), (NO, 0.25, 0.81)],
        [(NO, 0.0, 0.6), (YES, 0.75, 0.7), (YES, 1.0, 0.81)],
        [(NO, 0.0, 0.6), (YES, 0.75, 0.7), (YES, 1.0, 0.81)],
    ];
    for seat in 0..3 {
        for (slot, row) in round4.iter().enumerate() {
            e.push(judged(4, seat, slot, row[seat]));
        }
    }
    e.push(Event::TrustTurned {
        round: 4,
        from: 1,
        to: 0,
        before: 0.55,
        after: 0.45,
    });
    // Round 5: s2 concedes 0.75 to (1,0), the facilitator revises its text to (1,0), and the
    // table agrees on the text.
    e.push(started(5));
    e.extend([
        proposed(5, 0, [0, 0]),
        proposed(5, 1, [1, 0]),
        proposed(5, 2, [1, 0]),
    ]);
    e.push(text(5, [1, 0]));
    let round5 = [
        [(YES, 1.0, 0.5), (NO, 0.4, 0.7), (NO, 0.05, 0.25)],
        [(YES, 0.5, 0.5), (YES, 1.0, 0.7), (YES, 0.25, 0.25)],
        [(YES, 0.5, 0.5), (YES, 1.0, 0.7), (YES, 0.25, 0.25)],
        [(YES, 0.5, 0.5), (YES, 1.0, 0.7), (YES, 0.25, 0.25)],
    ];
    for seat in 0..3 {
        for (slot, row) in round5.iter().enumerate() {
            e.push(judged(5, seat, slot, row[seat]));
        }
    }
    e.push(Event::Agreed {
        round: 5,
        slot: 3,
        package: vec![1, 0],
    });
    e
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

fn assert_scores(reading: &RoundReading, scores: [f64; 3], world: f64) {
    let leading = reading.leading.as_ref().unwrap();
    for (s, (&got, want)) in leading.scores.iter().zip(scores).enumerate() {
        assert!(
            close(got, want),
            "round {}: s{s} scores {got}, not {want}",
            reading.round
        );
    }
    assert!(close(leading.world_value, world), "round {}", reading.round);
    assert_eq!(leading.batna, [0.3, 0.4, 0.2]);
    assert_eq!(leading.world_threshold, 0.5);
}

#[test]
fn the_leading_proposal_of_every_round_as_checked_by_hand() {
    let case = three();
    let rounds = read(&case, &transcript());
    assert_eq!(rounds.len(), 5);
    let leading = |r: usize| rounds[r - 1].leading.as_ref().unwrap();
    // Round 1: s1's (1,0), accepted by s1 alone (no backer), 1.25 short.
    assert_eq!(
        (leading(1).slot, &leading(1).package[..]),
        (1, &[1u8, 0][..])
    );
    assert_eq!(leading(1).accepted_by().collect::<Vec<_>>(), [1]);
    assert_eq!(leading(1).backers().count(), 0);
    assert!(close(leading(1).shortfall, 1.25));
    assert_scores(&rounds[0], [0.5, 1.0, 0.25], 0.6);
    assert!((0..3).all(|s| leading(1).clears_batna(s)));
    assert!(leading(1).good_for_world());
    // Round 2: the same slot and package, judged again.
    assert_eq!((leading(2).slot, leading(2).judged_in), (1, 2));
    assert!(close(leading(2).shortfall, 0.85));
    // Round 3: kept on a near tie (0.66 against 0.65).
    assert_eq!(leading(3).slot, 1);
    assert!(close(leading(3).shortfall, 0.66));
    // Round 4: the facilitator's text, first among equals, backed by s1 and s2.
    assert_eq!(
        (leading(4).slot, &leading(4).package[..]),
        (3, &[1u8, 1][..])
    );
    assert_eq!(leading(4).accepted_by().collect::<Vec<_>>(), [1, 2]);
    assert_eq!(leading(4).backers().collect::<Vec<_>>(), [1, 2]);
    assert!(close(leading(4).shortfall, 0.6));
    assert_scores(&rounds[3], [0.0, 0.75, 1.0], 0.7);
    assert!(!leading(4).clears_batna(0) && leading(4).clears_batna(1));
    // Round 5: the agreed text.
    assert!(leading(5).agreed);
    assert_eq!(
        (leading(5).slot, &leading(5).package[..]),
        (3, &[1u8, 0][..])
    );
    assert_eq!(leading(5).accepted_by().collect::<Vec<_>>(), [0, 1, 2]);
    assert_scores(&rounds[4], [0.5, 1.0, 0.25], 0.6);
    assert!((0..3).all(|s| leading(5).clears_batna(s)));
}

#[test]
fn without_the_tolerance_the_closer_package_would_lead() {
    // Round 3 again, but with s2 holding out for 0.84 instead of 0.81: (1,0) is now
    // 0.1 + 0.59 = 0.69 short, 0.04 further than (1,1): s2's (1,1) leads.
    let case = three();
    let events: Vec<Event> = transcript()
        .into_iter()
        .filter(|e| e.round() <= 3)
        .map(|e| match e {
            Event::Responded {
                round: 3,
                seat: 2,
                slot,
                accepted,
                utility,
                ..
            } => Event::Responded {
                round: 3,
                seat: 2,
                slot,
                accepted,
                utility,
                aspiration: 0.84,
            },
            e => e,
        })
        .collect();
    let rounds = read(&case, &events);
    let leading = rounds[2].leading.as_ref().unwrap();
    assert_eq!((leading.slot, &leading.package[..]), (2, &[1u8, 1][..]));
    assert!(close(leading.shortfall, 0.65));
}

#[test]
fn the_turning_points_of_every_round_as_checked_by_hand() {
    let case = three();
    let rounds = read(&case, &transcript());
    let points = |r: usize| rounds[r - 1].turning_points.clone();
    assert_eq!(
        points(1),
        [
            TurningPoint::Disclosed {
                seat: 1,
                issue: 0,
                bluff: false
            },
            TurningPoint::Stress {
                seat: 2,
                level: 0.5
            },
        ]
    );
    // s0's (0,0) -> (2,0): 0.4 given up, issue a worse for everyone; s2's concession.
    let round2 = points(2);
    assert_eq!(round2.len(), 4, "{round2:?}");
    assert!(matches!(round2[0], TurningPoint::Concession { seat: 0, cost } if close(cost, 0.4)));
    assert_eq!(
        round2[1],
        TurningPoint::FixedPieTrap {
            seat: 0,
            issues: vec![0]
        }
    );
    assert!(matches!(round2[2], TurningPoint::Concession { seat: 2, cost } if close(cost, 0.2)));
    assert_eq!(round2[3], TurningPoint::TrustGained { from: 0, to: 2 });
    // s0's (2,0) -> (0,0) is better for all: a good trade, no concession; s2 asking for more
    // again is no turning point.
    assert_eq!(points(3), [TurningPoint::GoodTrade { seat: 0 }]);
    assert_eq!(
        points(4),
        [
            TurningPoint::FacilitatorText { revised: false },
            TurningPoint::TrustBroken { from: 1, to: 0 },
        ]
    );
    let round5 = points(5);
    assert_eq!(round5.len(), 3, "{round5:?}");
    assert!(matches!(round5[0], TurningPoint::Concession { seat: 2, cost } if close(cost, 0.75)));
    assert_eq!(round5[1], TurningPoint::FacilitatorText { revised: true });
    assert_eq!(round5[2], TurningPoint::Agreement { slot: 3 });
    // Every round's proposals, in the order they were put on the table.
    assert_eq!(
        rounds[3].proposals,
        [
            Offer {
                slot: 0,
                package: vec![0, 0]
            },
            Offer {
                slot: 1,
                package: vec![1, 0]
            },
            Offer {
                slot: 2,
                package: vec![1, 1]
            },
            Offer {
                slot: 3,
                package: vec![1, 1]
            },
        ]
    );
}

#[test]
fn read_as_it_comes_the_transcript_reads_the_same() {
    // One event at a time, asking for the round so far after each, as a live table is read.
    let case = three();
    let events = transcript();
    let whole = read(&case, &events);
    let mut reader = Reader::new(&case);
    let mut rounds = Vec::new();
    for event in &events {
        rounds.extend(reader.feed(std::slice::from_ref(event)));
        let so_far = reader.current().unwrap();
        assert_eq!(so_far.round, event.round());
    }
    rounds.extend(reader.finish());
    assert_eq!(rounds, whole);
    // Halves of rounds, as `negsim play` tells them: the same readings.
    let mut reader = Reader::new(&case);
    let mut rounds = Vec::new();
    for r in 1..=5 {
        let round: Vec<Event> = events.iter().filter(|e| e.round() == r).cloned().collect();
        let half = round
            .iter()
            .position(|e| matches!(e, Event::Responded { .. }))
            .unwrap();
        rounds.extend(reader.feed(&round[..half]));
        assert!(
            reader
                .current()
                .unwrap()
                .leading
                .is_none_or(|l| l.judged_in < r)
        );
        rounds.extend(reader.feed(&round[half..]));
        assert_eq!(reader.current().unwrap(), whole[r as usize - 1]);
    }
    rounds.extend(reader.finish());
    assert_eq!(rounds, whole);
}

#[test]
fn on_simulated_processes_the_leading_proposal_is_a_judged_package_and_ends_as_the_agreement() {
    let library = negsim::experiment::library::Library::default();
    for case_name in ["job-offer", "office-reorganisation", "park-redesign"] {
        let case: Arc<PreparedCase> = load_case(&library, case_name, Lang::En).unwrap();
        for culture in ["collaborative", "positional", "positional-facilitated"] {
            let culture = load_culture(&library, culture, Lang::En).unwrap();
            for seed in 0..4 {
                let setup = seat(&case, &culture, seed, 30).unwrap();
                let outcome = Arena::new().run(&setup);
                let rounds = read(&case, &outcome.transcript);
                assert_eq!(rounds.len() as u32, outcome.rounds);
                for reading in &rounds {
                    let leading = reading.leading.as_ref().unwrap();
                    // Under the mindset protocol every round's packages are judged.
                    assert_eq!(leading.judged_in, reading.round);
                    assert_eq!(leading.judgements.len(), case.n);
                    let on_table = reading
                        .proposals
                        .iter()
                        .any(|o| o.slot == leading.slot && o.package == leading.package);
                    assert!(on_table, "{case_name} round {}", reading.round);
                    for (s, &score) in leading.scores.iter().enumerate() {
                        assert_eq!(score, case.utility(s, &leading.package));
                    }
                }
                let last = rounds.last().unwrap().leading.as_ref().unwrap();
                assert_eq!(last.agreed, outcome.agreement.is_some());
                if let Some(agreement) = &outcome.agreement {
                    assert_eq!(&last.package, agreement);
                    assert_eq!(Some(last.slot), outcome.agreed_slot);
                }
            }
        }
    }
}
