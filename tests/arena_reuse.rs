//! An arena keeps seats and buffers from one process to the next: a process run on a reused
//! arena must be exactly the process run on a fresh one (outcome, metrics, transcript, round
//! log, every seat's end state), whatever ran before it.

use negsim::metrics::process::evaluate;
use negsim::model::culture::DecisionRule;
use negsim::model::generator::{CaseGenerator, GeneratorKind};
use negsim::model::prepared::PreparedCase;
use negsim::model::traits::Traits;
use negsim::protocol::Arena;
use negsim::protocol::parameters::Parameters;
use negsim::protocol::setup::{
    Agenda, Observe, ProtocolKind, Rules, SeatSetup, TableSetup, Tactic,
};
use negsim::rng::{Purpose, StreamKey, unit};
use std::sync::Arc;

/// A varied table: 2 to 6 stakeholders, 1 to 4 issues, hidden options, both protocols, a
/// facilitator, a sequential agenda, every decision rule, classic tactics, initial trust.
fn table(i: u64) -> TableSetup {
    let mut r = StreamKey::new(i, 7).stream(Purpose::Case, 1);
    let mut pick = |m: usize| ((unit(&mut r) * m as f64) as usize).min(m - 1);
    let n = 2 + pick(5);
    let k = 1 + pick(4);
    let options = 2 + pick(4);
    let hidden_options = pick(3);
    let random = pick(2) == 0;
    let facilitator = pick(3) == 0;
    let sequential = pick(4) == 0;
    let tactic = pick(6);
    let rule = pick(3);
    let deadline = 1 + pick(40) as u32;
    let with_trust = pick(2) == 0;
    let levels: Vec<f64> = (0..8).map(|_| pick(1000) as f64 / 1000.0).collect();
    let generator = CaseGenerator {
        kind: if random {
            GeneratorKind::RandomLinear
        } else {
            GeneratorKind::Structured
        },
        stakeholders: n,
        issues: k,
        options,
        hidden_options,
        ..CaseGenerator::default()
    };
    let case = generator.generate(&mut StreamKey::new(i, 0).stream(Purpose::Case, 0));
    let case = Arc::new(PreparedCase::new(case, 100_000));
    let alternating = (1..=3).contains(&tactic) && !sequential && !facilitator;
    let classic = match tactic {
        1 => Tactic::Boulware,
        2 => Tactic::Conceder,
        _ => Tactic::TitForTat,
    };
    TableSetup {
        human_seat: None,
        seats: (0..n)
            .map(|s| SeatSetup {
                traits: Traits::from_array(std::array::from_fn(|j| {
                    (levels[j] + s as f64 * 0.13) % 1.0
                })),
                tactic: if alternating {
                    classic
                } else if s == 0 && tactic == 4 {
                    Tactic::Boulware
                } else {
                    Tactic::Mindset
                },
            })
            .collect(),
        rules: Rules {
            protocol: if alternating {
                ProtocolKind::AlternatingOffers
            } else {
                ProtocolKind::Mindset
            },
            deadline,
            agenda: if sequential {
                Agenda::Sequential
            } else {
                Agenda::Package
            },
            agenda_order: (0..k).rev().collect(),
            decision_rule: [
                DecisionRule::Unanimity,
                DecisionRule::Majority,
                DecisionRule::Consent,
            ][rule],
            disclosure: levels[0],
            facilitator,
            mirror_negmas: false,
        },
        params: Arc::new(Parameters::default()),
        streams: StreamKey::new(i, 1),
        initial_trust: with_trust.then(|| (0..n * n).map(|c| (c % 7) as f64 / 7.0).collect()),
        observe: Observe {
            rounds: true,
            transcript: true,
        },
        case,
    }
}

#[test]
fn a_reused_arena_runs_every_process_as_a_fresh_one_does() {
    let mut reused = Arena::new();
    for i in 0..600u64 {
        let setup = table(i);
        let a = reused.run(&setup);
        let b = Arena::new().run(&setup);
        assert_eq!(
            format!("{:?}", evaluate(&setup.case, &a)),
            format!("{:?}", evaluate(&setup.case, &b)),
            "metrics of table {i} (n = {})",
            setup.case.n
        );
        assert_eq!(
            format!("{:?}{:?}{:?}", a.transcript, a.round_log, a.seats),
            format!("{:?}{:?}{:?}", b.transcript, b.round_log, b.seats),
            "transcript, rounds or seats of table {i} (n = {})",
            setup.case.n
        );
    }
}
