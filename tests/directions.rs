//! Directions of effects on fixed seeds, with enough replications to be stable.

mod common;

use common::*;

#[test]
fn on_the_job_offer_collaborative_beats_positional() {
    let (_, results) = run_text(
        r#"
[experiment]
seed = 11
replications = 150
[base]
case = "job-offer"
[[condition]]
name = "collaborative"
culture = "collaborative"
[[condition]]
name = "positional"
culture = "positional"
"#,
    );
    let joint = |c| mean_of(&results, c, |r| r.metrics.joint_utility);
    let www = |c| mean_of(&results, c, |r| f64::from(u8::from(r.metrics.win_win_win)));
    let lose_lose = |c| mean_of(&results, c, |r| f64::from(r.metrics.lose_lose_issues));
    let agreed = |c| mean_of(&results, c, |r| f64::from(u8::from(r.metrics.agreed)));
    assert!(
        joint(0) > joint(1) + 0.1,
        "joint utility {} vs {}",
        joint(0),
        joint(1)
    );
    assert!(
        www(0) > www(1) + 0.2,
        "win-win-win rate {} vs {}",
        www(0),
        www(1)
    );
    assert!(
        lose_lose(0) < lose_lose(1),
        "lose-lose issues {} vs {}",
        lose_lose(0),
        lose_lose(1)
    );
    assert!(
        agreed(0) > agreed(1),
        "agreement rate {} vs {}",
        agreed(0),
        agreed(1)
    );
    // Collaborative stakeholders end up knowing each other's interests better.
    let accuracy = |c| mean_of(&results, c, |r| r.metrics.belief_accuracy);
    assert!(accuracy(0) > accuracy(1));
}

#[test]
fn boulware_gets_more_than_conceder() {
    let (_, results) = run_text(
        r#"
[experiment]
seed = 3
replications = 100
[base]
protocol = "alternating_offers"
deadline = 100
case_generator = { kind = "random_linear", issues = 4, options = 6, batna = 0.0 }
[[condition]]
name = "boulware-first"
stakeholders = { s1 = { tactic = "boulware" }, s2 = { tactic = "conceder" } }
[[condition]]
name = "conceder-first"
stakeholders = { s1 = { tactic = "conceder" }, s2 = { tactic = "boulware" } }
"#,
    );
    // Seat of the Boulware negotiator: s1 in condition 0, s2 in condition 1.
    let boulware = (mean_of(&results, 0, |r| r.metrics.utilities[0])
        + mean_of(&results, 1, |r| r.metrics.utilities[1]))
        / 2.0;
    let conceder = (mean_of(&results, 0, |r| r.metrics.utilities[1])
        + mean_of(&results, 1, |r| r.metrics.utilities[0]))
        / 2.0;
    assert!(
        boulware > conceder + 0.1,
        "Boulware {boulware} vs Conceder {conceder}"
    );
}

#[test]
fn a_facilitator_helps_a_positional_table() {
    let (_, results) = run_text(
        r#"
[experiment]
seed = 21
replications = 150
[base]
case = "job-offer"
culture = "positional"
[[condition]]
name = "alone"
[[condition]]
name = "facilitated"
norms.facilitator = true
"#,
    );
    let agreed = |c| mean_of(&results, c, |r| f64::from(u8::from(r.metrics.agreed)));
    let joint = |c| mean_of(&results, c, |r| r.metrics.joint_utility);
    assert!(
        agreed(1) > agreed(0),
        "agreement {} vs {}",
        agreed(1),
        agreed(0)
    );
    assert!(
        joint(1) > joint(0),
        "joint utility {} vs {}",
        joint(1),
        joint(0)
    );
}

#[test]
fn yielding_is_quicker_than_problem_solving() {
    let (_, results) = run_text(
        r#"
[experiment]
seed = 5
replications = 100
[base]
case = "job-offer"
culture = "mixed"
[[condition]]
name = "problem-solving"
traits = { assertiveness = { mean = 0.8, spread = 0.05 }, empathy = { mean = 0.8, spread = 0.05 } }
[[condition]]
name = "yielding"
traits = { assertiveness = { mean = 0.2, spread = 0.05 }, empathy = { mean = 0.8, spread = 0.05 } }
[[condition]]
name = "contending"
traits = { assertiveness = { mean = 0.8, spread = 0.05 }, empathy = { mean = 0.2, spread = 0.05 }, world_orientation = { mean = 0.2, spread = 0.05 } }
"#,
    );
    let rounds = |c| mean_of(&results, c, |r| f64::from(r.metrics.rounds));
    let joint = |c| mean_of(&results, c, |r| r.metrics.joint_utility);
    assert!(
        rounds(1) < rounds(0) - 5.0,
        "rounds {} vs {}",
        rounds(1),
        rounds(0)
    );
    assert!(
        joint(0) > joint(2),
        "problem solving {} beats contending {}",
        joint(0),
        joint(2)
    );
}

#[test]
fn issue_by_issue_collaborative_people_still_agree_but_leave_value_on_the_table() {
    // Under a sequential agenda the issues still to come count at their best, so giving ground
    // on the salary now can be made up later; without trades across issues, the agreements
    // are worth less than packages negotiated as a whole.
    let (_, results) = run_text(
        r#"
[experiment]
seed = 5
replications = 100
[base]
case = "job-offer"
culture = "collaborative"
deadline = 30
[[condition]]
name = "package"
agenda = "package"
[[condition]]
name = "sequential"
agenda = "sequential"
"#,
    );
    let agreed = |c| mean_of(&results, c, |r| f64::from(u8::from(r.metrics.agreed)));
    let joint = |c| mean_of(&results, c, |r| r.metrics.joint_utility);
    assert!(agreed(1) > 0.9, "sequential agreement rate {}", agreed(1));
    assert!(
        joint(1) < joint(0),
        "joint utility sequential {} vs package {}",
        joint(1),
        joint(0)
    );
}

#[test]
fn two_tit_for_tat_negotiators_do_not_wait_for_each_other_forever() {
    // Tit-for-tat is nice: its first answer concedes the smallest step, so two of them start an
    // exchange (before, neither moved and every pair reached the deadline).
    let (_, results) = run_text(
        r#"
[experiment]
seed = 8
replications = 300
[base]
protocol = "alternating_offers"
deadline = 100
case_generator = { kind = "random_linear", issues = 4, options = 6 }
[[condition]]
name = "tit-for-tat-pair"
stakeholders = { s1 = { tactic = "tit_for_tat" }, s2 = { tactic = "tit_for_tat" } }
"#,
    );
    let agreed = mean_of(&results, 0, |r| f64::from(u8::from(r.metrics.agreed)));
    assert!(agreed > 0.05, "agreement rate {agreed}");
}

/// Share of processes of a condition where `f` holds.
fn share(
    results: &[negsim::record::process::ProcessRecord],
    condition: usize,
    f: impl Fn(&negsim::record::process::ProcessRecord) -> bool,
) -> f64 {
    mean_of(results, condition, |r| f64::from(u8::from(f(r))))
}

#[test]
fn positional_participation_processes_agree_later_and_worse_than_collaborative_ones() {
    // Five parties under unanimity: the positional culture mostly reaches agreement (impasse
    // aversion, a lone holdout giving way), but later, with less joint utility and less for
    // the world around the table.
    let (_, results) = run_text(
        r#"
[experiment]
seed = 5
replications = 120
[base]
case = "office-reorganisation"
[[condition]]
name = "collaborative"
culture = "collaborative"
[[condition]]
name = "positional"
culture = "positional"
"#,
    );
    let agreed = |c| share(&results, c, |r| r.metrics.agreed);
    let rounds = |c| mean_of(&results, c, |r| f64::from(r.metrics.rounds));
    let joint = |c| mean_of(&results, c, |r| r.metrics.joint_utility);
    let world = |c| mean_of(&results, c, |r| r.metrics.world_value);
    let walkouts = |c| share(&results, c, |r| r.metrics.walkouts > 0);
    assert!(agreed(1) > 0.5, "positional agreement {}", agreed(1));
    assert!(
        rounds(1) > rounds(0) + 5.0,
        "rounds {} vs {}",
        rounds(1),
        rounds(0)
    );
    assert!(
        joint(1) < joint(0) - 0.1,
        "joint {} vs {}",
        joint(1),
        joint(0)
    );
    assert!(
        world(1) < world(0),
        "world value {} vs {}",
        world(1),
        world(0)
    );
    assert!(walkouts(1) < 0.05, "walk-outs {}", walkouts(1));
}

#[test]
fn impasse_aversion_turns_impasses_into_agreements_some_below_a_batna() {
    let (_, results) = run_text(
        r#"
[experiment]
seed = 9
replications = 150
[base]
culture = "positional"
case_generator = { stakeholders = 4, issues = 5, options = 5, batna = 0.4 }
[[condition]]
name = "averse"
[[condition]]
name = "indifferent"
parameters.impasse_aversion = 0.0
"#,
    );
    let agreed = |c| share(&results, c, |r| r.metrics.agreed);
    let below = |c| share(&results, c, |r| r.metrics.below_batna > 0);
    assert!(
        agreed(0) > agreed(1),
        "agreement {} vs {}",
        agreed(0),
        agreed(1)
    );
    assert!(below(0) > 0.0, "some agreements below a BATNA");
    assert_eq!(below(1), 0.0, "none without impasse aversion");
    // Below a BATNA only under deadline pressure: in the last rounds.
    for r in results.iter().filter(|r| r.metrics.below_batna > 0) {
        assert!(r.metrics.rounds >= 28, "round {}", r.metrics.rounds);
    }
}

#[test]
fn a_lone_holdout_gives_way_to_the_group() {
    let (_, results) = run_text(
        r#"
[experiment]
seed = 13
replications = 120
[base]
case = "office-reorganisation"
culture = "positional"
[[condition]]
name = "pressure"
[[condition]]
name = "no-pressure"
parameters.holdout_pressure = 0.0
"#,
    );
    // Without the group's pressure a lone holdout still gives way as the deadline nears (the
    // impasse it would cause weighs more); the group's pressure makes it give way earlier.
    let agreed = |c| share(&results, c, |r| r.metrics.agreed);
    let rounds = |c| mean_of(&results, c, |r| f64::from(r.metrics.rounds));
    assert!(
        agreed(0) > agreed(1),
        "agreement {} vs {}",
        agreed(0),
        agreed(1)
    );
    assert!(
        rounds(0) < rounds(1),
        "rounds {} vs {}",
        rounds(0),
        rounds(1)
    );
}

#[test]
fn communication_load_slows_learning_at_a_large_table() {
    let (_, results) = run_text(
        r#"
[experiment]
seed = 17
replications = 40
[base]
culture = "collaborative"
parameters.early_round = 6
case_generator = { stakeholders = 10, issues = 5, options = 4 }
[[condition]]
name = "load"
[[condition]]
name = "no-load"
parameters.communication_load = 0.0
"#,
    );
    let early = |c| mean_of(&results, c, |r| r.metrics.early_belief_accuracy);
    assert!(
        early(0) < early(1),
        "belief accuracy after round 6: {} vs {}",
        early(0),
        early(1)
    );
}

#[test]
fn a_short_belief_memory_slows_learning_at_a_large_table() {
    // Twelve stakeholders: with the default memory (150) everyone keeps individual beliefs
    // about all eleven others; with a memory of 3 each remembers only the last three heard
    // and believes the rest to be like the others in general.
    let (_, results) = run_text(
        r#"
[experiment]
seed = 29
replications = 40
[base]
culture = "collaborative"
parameters.early_round = 6
case_generator = { stakeholders = 12, issues = 5, options = 4 }
[[condition]]
name = "memory-150"
[[condition]]
name = "memory-3"
parameters.belief_memory = 3
"#,
    );
    let early = |c| mean_of(&results, c, |r| r.metrics.early_belief_accuracy);
    let end = |c| mean_of(&results, c, |r| r.metrics.belief_accuracy);
    assert!(
        early(1) < early(0),
        "belief accuracy after round 6: {} vs {}",
        early(1),
        early(0)
    );
    assert!(
        end(1) < end(0),
        "belief accuracy at the end: {} vs {}",
        end(1),
        end(0)
    );
}

#[test]
fn majority_coalitions_leave_the_minority_with_less() {
    let (_, results) = run_text(
        r#"
[experiment]
seed = 23
replications = 150
[base]
culture = "mixed"
case_generator = { stakeholders = 3, issues = 6, options = 5, distributive = 0, compatible = 0, integrative = 1 }
[[condition]]
name = "unanimity"
norms.decision_rule = "unanimity"
[[condition]]
name = "majority"
norms.decision_rule = "majority"
"#,
    );
    let least = |c| mean_of(&results, c, |r| r.metrics.min_utility);
    let richest = |c| mean_of(&results, c, |r| r.metrics.richest_share());
    assert!(
        least(1) < least(0) - 0.03,
        "min utility {} vs {}",
        least(1),
        least(0)
    );
    assert!(richest(1) > richest(0), "{} vs {}", richest(1), richest(0));
}
