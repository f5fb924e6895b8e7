//! Properties over random cases, traits and rules: utilities and world value in [0, 1],
//! agreements never below what an impasse is worth (the BATNA, less near the deadline),
//! agreed packages legal, same seed same result.

mod common;

use negsim::metrics::outcome_space::OutcomeSpace;
use negsim::metrics::process::evaluate;
use negsim::model::culture::DecisionRule;
use negsim::model::generator::{CaseGenerator, GeneratorKind};
use negsim::model::prepared::PreparedCase;
use negsim::model::traits::Traits;
use negsim::protocol::Arena;
use negsim::protocol::concession::time_pressure;
use negsim::protocol::parameters::Parameters;
use negsim::protocol::protocol_kind::ProtocolKind;
use negsim::protocol::response::impasse_value;
use negsim::protocol::setup::{Agenda, Observe, Rules, SeatSetup, TableSetup, Tactic};
use negsim::rng::{Purpose, StreamKey};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use std::sync::Arc;

/// `cases` random cases drawn from a fixed seed, so that the suite gives the same verdict on
/// every run and CI cannot fail by chance. To search further, set `PROPTEST_RNG_SEED` (another
/// seed) and `PROPTEST_CASES` (more cases); a failure found that way is written to
/// `properties.proptest-regressions` and replayed first from then on.
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    if config.rng_seed == RngSeed::Random {
        config.rng_seed = RngSeed::Fixed(20_261_201);
    }
    config
}

fn setup_strategy() -> impl Strategy<Value = TableSetup> {
    (
        (2usize..6, 1usize..6, 2usize..6, 0usize..3, any::<bool>()),
        (
            any::<u64>(),
            prop::array::uniform8(0.0f64..=1.0),
            0usize..3,
            1u32..30,
        ),
        (any::<bool>(), any::<bool>(), 0.0f64..=1.0, 0usize..4),
    )
        .prop_map(
            |(
                (n, k, v, hidden, random),
                (seed, traits, rule, deadline),
                (facilitator, sequential, disclosure, tactic),
            )| {
                let generator = CaseGenerator {
                    kind: if random {
                        GeneratorKind::RandomLinear
                    } else {
                        GeneratorKind::Structured
                    },
                    stakeholders: n,
                    issues: k,
                    options: v,
                    hidden_options: hidden,
                    ..CaseGenerator::default()
                };
                let case =
                    generator.generate(&mut StreamKey::new(seed, 0).stream(Purpose::Case, 0));
                let case = Arc::new(PreparedCase::new(case, 100_000));
                let alternating = tactic > 0 && !sequential && !facilitator;
                let tactic = match tactic {
                    1 => Tactic::Boulware,
                    2 => Tactic::Conceder,
                    3 => Tactic::TitForTat,
                    _ => Tactic::Mindset,
                };
                TableSetup {
                    seats: (0..n)
                        .map(|s| SeatSetup {
                            traits: Traits::from_array(traits.map(|t| (t + s as f64 * 0.1) % 1.0)),
                            tactic: if alternating { tactic } else { Tactic::Mindset },
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
                        disclosure,
                        facilitator,
                        mirror_negmas: false,
                    },
                    params: Arc::new(Parameters::default()),
                    streams: StreamKey::new(seed, 1),
                    initial_trust: None,
                    observe: Observe {
                        rounds: true,
                        transcript: true,
                    },
                    case,
                }
            },
        )
}

proptest! {
    #![proptest_config(config(200))]

    #[test]
    fn processes_respect_the_model_invariants(setup in setup_strategy()) {
        let case = setup.case.clone();
        let mut arena = Arena::new();
        let outcome = arena.run(&setup);
        let m = evaluate(&case, &outcome);
        let space = OutcomeSpace::of(&case);
        for p in 0..space.len() {
            for &u in space.utilities(p) {
                prop_assert!((-1e-12..=1.0 + 1e-12).contains(&u));
            }
            let w = case.world_value(space.package(p));
            prop_assert!((-1e-12..=1.0 + 1e-12).contains(&w));
        }
        prop_assert!((0.0..=1.0 + 1e-12).contains(&m.world_value));
        prop_assert!(m.rounds <= setup.rules.deadline);
        // Efficiency: in [0, 1]; 0 without agreement (unless no package beats the BATNAs
        // jointly: then 1); an agreement is never worth more than the best joint package.
        prop_assert!((-1e-6..=1.0 + 1e-9).contains(&m.efficiency), "efficiency {}", m.efficiency);
        if outcome.agreement.is_some() {
            prop_assert!(m.joint_utility <= case.max_joint_utility + 1e-9);
        } else {
            prop_assert!(m.efficiency.abs() < 1e-9 || case.max_joint_utility <= case.batna.iter().sum::<f64>());
        }
        for accuracy in [m.belief_accuracy, m.early_belief_accuracy] {
            prop_assert!((0.0..=1.0 + 1e-12).contains(&accuracy), "belief accuracy {}", accuracy);
        }
        if let Some(p) = &outcome.agreement {
            prop_assert_eq!(p.len(), case.k);
            for (i, &o) in p.iter().enumerate() {
                prop_assert!((o as usize) < case.options[i], "option exists");
                prop_assert!(outcome.available[case.flat(i, o as usize)], "option was on the table");
            }
            // Under alternating offers a proposer may, as in NegMAS, offer the package just
            // below its threshold (within 1e-6); everywhere else not even that. Out of impasse
            // aversion a stakeholder may accept less than its BATNA as the deadline nears, but
            // never less than what an impasse was worth to it in the round of the agreement.
            let tolerance = if setup.rules.protocol == ProtocolKind::AlternatingOffers { 1e-6 } else { 1e-12 };
            let pressure = time_pressure(m.rounds, setup.rules.deadline);
            for s in 0..case.n {
                let floor = impasse_value(case.batna[s], setup.params.impasse_aversion, pressure);
                prop_assert!(
                    m.utilities[s] >= floor - tolerance,
                    "agreement in round {} of {} below what an impasse is worth to {}: {} < {} (BATNA {})",
                    m.rounds, setup.rules.deadline, s, m.utilities[s], floor, case.batna[s]
                );
                prop_assert!((0.0..=1.0 + 1e-12).contains(&m.utilities[s]));
            }
        } else {
            prop_assert_eq!(&m.utilities, &case.batna);
        }
        // Same setup, same result, even on a reused arena and with recording off.
        let again = arena.run(&TableSetup { observe: Observe::default(), ..setup.clone() });
        prop_assert_eq!(evaluate(&case, &again), m);
        prop_assert_eq!(again.agreement, outcome.agreement);
    }
}

proptest! {
    #![proptest_config(config(60))]

    /// An arena keeps seats and buffers from one process to the next: every process of a
    /// sequence run on one arena is exactly the process run on a fresh arena (metrics,
    /// transcript, round log, every seat's end state), whatever ran before it.
    #[test]
    fn a_reused_arena_runs_every_process_as_a_fresh_one_does(
        setups in prop::collection::vec(setup_strategy(), 2..8)
    ) {
        let mut reused = Arena::new();
        for setup in &setups {
            let a = reused.run(setup);
            let b = Arena::new().run(setup);
            prop_assert_eq!(evaluate(&setup.case, &a), evaluate(&setup.case, &b));
            prop_assert_eq!(
                format!("{:?}{:?}{:?}", a.transcript, a.round_log, a.seats),
                format!("{:?}{:?}{:?}", b.transcript, b.round_log, b.seats)
            );
        }
    }
}
