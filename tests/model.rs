//! Hand-checked values on a tiny case: utilities, Pareto frontier, Nash point, world value,
//! win-win-win, lose-lose, decision rules, deadline and BATNA behaviour.

mod common;

use common::*;
use negsim::metrics::outcome_space::OutcomeSpace;
use negsim::metrics::process::{efficiency, evaluate, lose_lose_issues};
use negsim::model::culture::DecisionRule;
use negsim::model::prepared::PreparedCase;
use negsim::model::traits::Traits;
use negsim::protocol::Arena;
use negsim::protocol::components::Status;
use negsim::protocol::response::Tally;
use std::sync::Arc;

const EPS: f64 = 1e-12;

#[test]
fn utilities_and_world_value_are_weighted_sums() {
    let c = tiny();
    let cases = [
        ([0u8, 0], 1.0, 0.0, 0.4),
        ([0, 1], 0.75, 0.75, 0.55),
        ([1, 0], 0.25, 0.25, 0.7),
        ([1, 1], 0.0, 1.0, 0.85),
    ];
    for (p, u1, u2, w) in cases {
        assert!((c.utility(0, &p) - u1).abs() < EPS, "{p:?}");
        assert!((c.utility(1, &p) - u2).abs() < EPS, "{p:?}");
        assert!((c.world_value(&p) - w).abs() < EPS, "{p:?}");
    }
    assert_eq!(c.ideal, vec![vec![0, 0], vec![1, 1]]);
}

#[test]
fn pareto_frontier_and_nash_point_are_exact() {
    let c = tiny();
    let s = OutcomeSpace::of(&c);
    assert!(s.exact);
    assert_eq!(s.len(), 3, "(0.25, 0.25) is dominated");
    let points: Vec<Vec<f64>> = (0..s.len()).map(|p| s.utilities(p).to_vec()).collect();
    assert_eq!(
        points,
        vec![vec![1.0, 0.0], vec![0.75, 0.75], vec![0.0, 1.0]]
    );
    // Only (0.75, 0.75) beats both BATNAs (0.3, 0.2): it is the Nash point.
    let nash = s.nash.expect("a Nash point exists");
    assert_eq!(s.package(nash), &[0, 1]);
    assert_eq!(s.package(s.best_joint), &[0, 1]);
    // From the BATNA point (0.3, 0.2) both could gain 0.45 at once.
    assert!((s.pareto_distance(&[0.3, 0.2]) - 0.45).abs() < EPS);
    assert!(s.pareto_distance(&[0.75, 0.75]).abs() < EPS);
    assert!(s.pareto_distance(&[0.25, 0.25]) > 0.49);
    assert!(s.nash_distance(&[0.75, 0.75]).unwrap().abs() < EPS);
    assert!((s.nash_distance(&[0.75, 0.35]).unwrap() - 0.4).abs() < 1e-9);
}

#[test]
fn above_the_bound_two_stakeholders_get_the_exact_frontier_by_merging() {
    let exact = tiny();
    let approx = PreparedCase::new(exact.case.clone(), 1);
    let space = OutcomeSpace::of(&approx);
    assert!(space.exact, "two stakeholders: merged issue by issue");
    assert_eq!(
        space.nash.map(|p| space.package(p).to_vec()),
        Some(vec![0, 1])
    );
}

#[test]
fn a_collaborative_pair_finds_the_logrolling_package_and_it_is_win_win_win() {
    let c = tiny();
    let mut arena = Arena::new();
    let setup = table(
        c.clone(),
        Traits::uniform(0.8),
        rules(20, DecisionRule::Unanimity),
        1,
    );
    let outcome = arena.run(&setup);
    assert_eq!(outcome.status, Status::Agreed);
    assert_eq!(outcome.agreement.as_deref(), Some(&[0u8, 1][..]));
    let m = evaluate(&c, &outcome);
    assert!(m.agreed && m.win_win_win);
    assert!((m.joint_utility - 1.5).abs() < EPS);
    assert!((m.nash_product - 0.45 * 0.55).abs() < EPS);
    assert!((m.world_value - 0.55).abs() < EPS);
    assert_eq!(m.lose_lose_issues, 0);
    assert!(m.pareto_distance.unwrap().abs() < EPS);
    assert!(
        (m.efficiency - 1.0).abs() < EPS,
        "the logrolling package is the best joint one"
    );
}

#[test]
fn efficiency_is_the_share_of_the_attainable_joint_surplus() {
    let c = tiny();
    // Best per issue: a0 (0.75 + 0) and b1 (0 + 0.75): 1.5. BATNAs 0.3 + 0.2 = 0.5.
    assert!((c.max_joint_utility - 1.5).abs() < EPS);
    // (0, 0) gives (1, 0): joint 1, half of the attainable surplus of 1.
    assert!((efficiency(1.0, 0.5, c.max_joint_utility) - 0.5).abs() < EPS);
    // The BATNAs (an impasse): nothing created.
    assert!(efficiency(0.5, 0.5, c.max_joint_utility).abs() < EPS);
    // No package beats the BATNAs jointly: nothing could be created, nothing was lost.
    assert_eq!(efficiency(0.9, 1.0, 0.9), 1.0);
}

#[test]
fn win_win_win_needs_the_world_threshold() {
    let mut case = case_from(TINY_CASE);
    case.world_threshold = 0.6; // the logrolling package has world value 0.55
    let c = Arc::new(PreparedCase::new(case, 1_000_000));
    let outcome = Arena::new().run(&table(
        c.clone(),
        Traits::uniform(0.8),
        rules(20, DecisionRule::Unanimity),
        1,
    ));
    let m = evaluate(&c, &outcome);
    assert!(m.agreed);
    assert!(
        !m.win_win_win,
        "agreement above BATNA but below the world threshold"
    );
}

#[test]
fn below_batna_counts_who_an_agreement_leaves_below_their_alternative() {
    let c = tiny();
    let mut outcome = Arena::new().run(&table(
        c.clone(),
        Traits::uniform(0.8),
        rules(20, DecisionRule::Unanimity),
        1,
    ));
    // (0, 0) gives (1, 0): s2 (BATNA 0.2) is below its BATNA.
    outcome.agreement = Some(vec![0, 0]);
    assert_eq!(evaluate(&c, &outcome).below_batna, 1);
    // (0, 1) gives (0.75, 0.75): nobody.
    outcome.agreement = Some(vec![0, 1]);
    assert_eq!(evaluate(&c, &outcome).below_batna, 0);
    // No agreement: everyone gets exactly their BATNA.
    outcome.agreement = None;
    assert_eq!(evaluate(&c, &outcome).below_batna, 0);
}

#[test]
fn without_a_zone_of_agreement_the_deadline_gives_everyone_their_batna() {
    let mut case = case_from(TINY_CASE);
    case.stakeholders[0].batna = 0.9;
    case.stakeholders[1].batna = 0.9;
    let c = Arc::new(PreparedCase::new(case, 1_000_000));
    let mut traits = Traits::uniform(0.5);
    traits.composure = 1.0; // no stress, so no walk-out: the deadline decides
    let outcome = Arena::new().run(&table(
        c.clone(),
        traits,
        rules(12, DecisionRule::Unanimity),
        3,
    ));
    assert_eq!(outcome.status, Status::Deadline);
    assert_eq!(outcome.rounds, 12);
    let m = evaluate(&c, &outcome);
    assert!(!m.agreed && !m.win_win_win);
    assert_eq!(m.utilities, vec![0.9, 0.9]);
    assert_eq!(m.nash_product, 0.0);
    assert!(
        (m.world_value - 0.1).abs() < EPS,
        "world value without agreement"
    );
}

#[test]
fn decision_rules_count_as_documented() {
    use DecisionRule::*;
    let v = |accepted, dissenters_at_least_batna, objections| Tally {
        stakeholders: 5,
        accepted,
        dissenters_at_least_batna,
        objections,
    };
    assert!(v(5, true, 0).passes(Unanimity));
    assert!(!v(4, true, 0).passes(Unanimity));
    assert!(v(3, true, 2).passes(Majority));
    assert!(
        !v(3, false, 0).passes(Majority),
        "majority never pushes a dissenter below BATNA"
    );
    assert!(!v(2, true, 0).passes(Majority));
    assert!(
        v(0, true, 0).passes(Consent),
        "consent: no objection is enough"
    );
    assert!(!v(5, true, 1).passes(Consent));
    let even = Tally {
        stakeholders: 4,
        accepted: 2,
        dissenters_at_least_batna: true,
        objections: 0,
    };
    assert!(!even.passes(Majority), "half is not a majority");
}

#[test]
fn lose_lose_counts_issues_settled_below_an_option_everyone_prefers() {
    let text = TINY_CASE.to_string()
        + r#"
"#;
    let mut case = case_from(&text);
    case.issues.push(negsim::model::case::Issue {
        key: "c".into(),
        label: Default::default(),
        world_weight: 1.0,
        comparative: None,
        options: vec![
            negsim::model::case::IssueOption {
                key: "c0".into(),
                label: Default::default(),
                world_value: 0.5,
                hidden: false,
            },
            negsim::model::case::IssueOption {
                key: "c1".into(),
                label: Default::default(),
                world_value: 0.5,
                hidden: false,
            },
        ],
    });
    case.stakeholders[0].weights.insert("c".into(), 1.0);
    case.stakeholders[0]
        .values
        .insert("c".into(), vec![0.0, 1.0]);
    case.stakeholders[1].weights.insert("c".into(), 1.0);
    case.stakeholders[1]
        .values
        .insert("c".into(), vec![0.2, 1.0]);
    case.validate().unwrap();
    let c = PreparedCase::new(case, 1000);
    let all = vec![true; c.total];
    assert_eq!(
        lose_lose_issues(&c, &[0, 1, 0], &all),
        1,
        "c0 is worse than c1 for both"
    );
    assert_eq!(lose_lose_issues(&c, &[0, 1, 1], &all), 0);
    assert_eq!(
        lose_lose_issues(&c, &[1, 0, 1], &all),
        0,
        "opposed issues are never lose-lose"
    );
}

#[test]
fn early_belief_accuracy_is_taken_after_round_early_round_or_at_the_end() {
    let c = Arc::new(PreparedCase::new(
        negsim::experiment::library::load_case(
            &negsim::source::Source::read(&root().join("configs/cases/job-offer.toml")).unwrap(),
            "job-offer",
        )
        .unwrap(),
        1_000_000,
    ));
    let run = |early_round: u32| {
        let mut setup = table(
            c.clone(),
            Traits::uniform(0.8),
            rules(30, DecisionRule::Unanimity),
            7,
        );
        setup.params = Arc::new(negsim::protocol::parameters::Parameters {
            early_round,
            ..Default::default()
        });
        let outcome = Arena::new().run(&setup);
        (evaluate(&c, &outcome), outcome.rounds)
    };
    // After the process ended: the end value.
    let (late, rounds) = run(1000);
    assert!(rounds < 1000);
    assert_eq!(late.early_belief_accuracy, late.belief_accuracy);
    // After round 1 only the first disclosures are heard; the process itself is the same.
    let (early, _) = run(1);
    assert_eq!(early.belief_accuracy, late.belief_accuracy);
    assert_eq!(early.agreed, late.agreed);
    assert_ne!(early.early_belief_accuracy, early.belief_accuracy);
}

#[test]
fn tit_for_tat_answers_a_first_offer_with_the_smallest_concession() {
    // s1 (tit-for-tat) opens with (0,0), worth 1 to it; s2 (Boulware) answers with its best,
    // (1,1); s1's first answer concedes one level, to (0,1), worth 0.75 to it, not less.
    let c = tiny();
    let mut setup = table(
        c.clone(),
        Traits::uniform(0.5),
        negsim::protocol::setup::Rules {
            protocol: negsim::protocol::protocol_kind::ProtocolKind::AlternatingOffers,
            ..rules(10, DecisionRule::Unanimity)
        },
        1,
    );
    setup.seats[0].tactic = negsim::protocol::setup::Tactic::TitForTat;
    setup.seats[1].tactic = negsim::protocol::setup::Tactic::Boulware;
    setup.observe.transcript = true;
    let outcome = Arena::new().run(&setup);
    let proposals: Vec<(usize, Vec<u8>)> = outcome
        .transcript
        .iter()
        .filter_map(|e| match e {
            negsim::protocol::observe::Event::Proposed { seat, package, .. } => {
                Some((*seat, package.clone()))
            }
            _ => None,
        })
        .take(3)
        .collect();
    assert_eq!(
        proposals,
        vec![(0, vec![0, 0]), (1, vec![1, 1]), (0, vec![0, 1])]
    );
}
