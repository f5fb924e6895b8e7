//! The metrics found by search over issues are the numbers enumeration gives, bit for bit, on
//! every case small enough to enumerate: generated cases of both families, and cases with
//! valuations from a coarse grid, where ties between packages are common.

use negsim::metrics::outcome_space::OutcomeSpace;
use negsim::metrics::search::{largest_common_gain, nash_point};
use negsim::model::case::{Case, Issue, IssueOption, StakeholderInterests};
use negsim::model::generator::{CaseGenerator, GeneratorKind};
use negsim::model::label::Label;
use negsim::model::prepared::PreparedCase;
use negsim::rng::{Purpose, StreamKey, index, unit};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

/// A fixed seed, so that the suite gives the same verdict on every run (see
/// `tests/properties.rs` for how to search further).
fn config(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    if config.rng_seed == RngSeed::Random {
        config.rng_seed = RngSeed::Fixed(20_261_206);
    }
    config
}

/// Utility vectors to measure: every package's own utilities (agreements), the BATNAs (no
/// agreement) and points scattered around them.
fn probes(case: &PreparedCase, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = StreamKey::new(seed, 3).stream(Purpose::Case, 3);
    let mut out = vec![case.batna.clone()];
    let mut package = vec![0u8; case.k];
    for _ in 0..24 {
        for (i, o) in package.iter_mut().enumerate() {
            *o = index(&mut rng, case.options[i]) as u8;
        }
        let u: Vec<f64> = (0..case.n).map(|s| case.utility(s, &package)).collect();
        let shifted: Vec<f64> = u.iter().map(|x| x - 0.2 * unit(&mut rng)).collect();
        out.push(u);
        out.push(shifted);
    }
    out
}

/// Checks every metric of a case against enumeration.
fn agree_with_enumeration(case: &PreparedCase, seed: u64) -> Result<(), TestCaseError> {
    let space = OutcomeSpace::compute(case, u64::MAX);
    prop_assert!(space.exact);
    for u in probes(case, seed) {
        let found = largest_common_gain(case, &u, 0.0);
        prop_assert!(found.exact);
        prop_assert_eq!(
            found.value.to_bits(),
            space.pareto_distance(&u).to_bits(),
            "Pareto distance of {:?}: search {} against enumeration {}",
            u,
            found.value,
            space.pareto_distance(&u)
        );
        prop_assert_eq!(found.bound.to_bits(), found.value.to_bits());
    }
    let nash = nash_point(case);
    prop_assert!(nash.exact);
    match (space.nash, &nash.point) {
        (None, None) => {}
        (Some(p), Some(point)) => {
            prop_assert_eq!(space.package(p), &point.package[..]);
            let bits = |u: &[f64]| u.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(space.utilities(p)), bits(&point.utilities));
        }
        (e, s) => prop_assert!(false, "enumeration {e:?}, search {s:?}"),
    }
    Ok(())
}

fn generated() -> impl Strategy<Value = PreparedCase> {
    (
        (2usize..7, 1usize..7, 2usize..6, 0usize..3, any::<bool>()),
        (any::<u64>(), 0.0f64..0.6),
    )
        .prop_filter_map(
            "small enough to enumerate",
            |((n, k, v, hidden, random), (seed, batna))| {
                if (v as f64 + hidden as f64).powi(k as i32) > 20_000.0 {
                    return None;
                }
                let generator = CaseGenerator {
                    kind: if random {
                        GeneratorKind::RandomLinear
                    } else {
                        GeneratorKind::Structured
                    },
                    stakeholders: n,
                    issues: k,
                    options: v,
                    hidden_options: hidden.min(k),
                    batna,
                    ..CaseGenerator::default()
                };
                generator.validate().ok()?;
                let case =
                    generator.generate(&mut StreamKey::new(seed, 0).stream(Purpose::Case, 0));
                Some(PreparedCase::new(case, 1_000_000))
            },
        )
}

/// Valuations and weights on a grid of quarters: many packages share utilities, and symmetric
/// stakeholders make Nash products tie.
fn coarse() -> impl Strategy<Value = PreparedCase> {
    (2usize..5, 1usize..5, 2usize..5, any::<u64>(), 0usize..3).prop_map(
        |(n, k, v, seed, batna_step)| {
            let mut rng = StreamKey::new(seed, 1).stream(Purpose::Case, 1);
            let quarter = |rng: &mut _| index(rng, 5) as f64 / 4.0;
            let issues = (0..k)
                .map(|i| Issue {
                    key: format!("i{i}"),
                    label: Label::default(),
                    world_weight: 1.0,
                    comparative: None,
                    options: (0..v)
                        .map(|o| IssueOption {
                            key: format!("o{o}"),
                            label: Label::default(),
                            world_value: 0.5,
                            hidden: false,
                        })
                        .collect(),
                })
                .collect();
            // Stakeholder 1 mirrors stakeholder 0 (options reversed) half the time.
            let mirror = index(&mut rng, 2) == 0;
            let mut stakeholders: Vec<StakeholderInterests> = Vec::new();
            for s in 0..n {
                let (weights, values) = if s == 1 && mirror {
                    let first = &stakeholders[0];
                    let values = first
                        .values
                        .iter()
                        .map(|(key, v)| (key.clone(), v.iter().rev().copied().collect()))
                        .collect();
                    (first.weights.clone(), values)
                } else {
                    (
                        (0..k)
                            .map(|i| (format!("i{i}"), 1.0 + index(&mut rng, 3) as f64))
                            .collect(),
                        (0..k)
                            .map(|i| (format!("i{i}"), (0..v).map(|_| quarter(&mut rng)).collect()))
                            .collect(),
                    )
                };
                stakeholders.push(StakeholderInterests {
                    key: format!("s{s}"),
                    label: Label::default(),
                    batna: batna_step as f64 * 0.2,
                    weights,
                    values,
                    discount_factor: None,
                });
            }
            let case = Case {
                name: "coarse".into(),
                title: Label::default(),
                story: Label::default(),
                world_threshold: 0.5,
                world_value_no_agreement: 0.0,
                issues,
                stakeholders,
            };
            case.validate().expect("a valid coarse case");
            PreparedCase::new(case, 1_000_000)
        },
    )
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn search_matches_enumeration_on_generated_cases(case in generated(), seed in any::<u64>()) {
        agree_with_enumeration(&case, seed)?;
    }

    #[test]
    fn search_matches_enumeration_where_packages_tie(case in coarse(), seed in any::<u64>()) {
        agree_with_enumeration(&case, seed)?;
    }
}

#[test]
fn two_stakeholders_frontier_merged_issue_by_issue_is_the_enumerated_one() {
    for seed in 0..40 {
        let generator = CaseGenerator {
            stakeholders: 2,
            issues: 1 + (seed as usize % 6),
            options: 2 + (seed as usize % 4),
            hidden_options: seed as usize % 2,
            ..CaseGenerator::default()
        };
        let case = PreparedCase::new(
            generator.generate(&mut StreamKey::new(seed, 0).stream(Purpose::Case, 0)),
            1_000_000,
        );
        let enumerated = OutcomeSpace::compute(&case, u64::MAX);
        let merged = OutcomeSpace::compute(&case, 0);
        assert!(merged.exact);
        assert_eq!(merged.len(), enumerated.len(), "seed {seed}");
        for p in 0..merged.len() {
            assert_eq!(merged.utilities(p), enumerated.utilities(p), "seed {seed}");
        }
        assert_eq!(
            merged.nash.map(|p| merged.utilities(p).to_vec()),
            enumerated.nash.map(|p| enumerated.utilities(p).to_vec())
        );
    }
}

#[test]
fn a_large_case_is_searched_exactly() {
    // 12 stakeholders, 20 issues of 6 options: 3.7e15 packages.
    let generator = CaseGenerator {
        stakeholders: 12,
        issues: 20,
        options: 6,
        ..CaseGenerator::default()
    };
    let case = PreparedCase::new(
        generator.generate(&mut StreamKey::new(5, 0).stream(Purpose::Case, 0)),
        1_000_000,
    );
    let nash = nash_point(&case);
    assert!(nash.exact);
    let point = nash.point.expect("a package beats every BATNA");
    // The Nash point is Pareto optimal: nobody can gain without someone losing.
    let at_nash = largest_common_gain(&case, &point.utilities, 0.0);
    assert!(at_nash.exact);
    assert_eq!(at_nash.value, 0.0);
    // From the BATNAs everyone can gain at once, by at least what the Nash point gives the
    // one who gains least.
    let from_batna = largest_common_gain(&case, &case.batna, 0.0);
    assert!(from_batna.exact);
    let least = point
        .utilities
        .iter()
        .zip(&case.batna)
        .map(|(u, b)| u - b)
        .fold(f64::INFINITY, f64::min);
    assert!(from_batna.value >= least);
}
