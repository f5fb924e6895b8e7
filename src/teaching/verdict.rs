//! The closing verdict of a process: who won what against their BATNA, the joint value and
//! what was left on the table compared with the best package (Pareto frontier, Nash point),
//! the value for the world, win-win-win or not, the fixed-pie trap and the options nobody found.

use crate::metrics::process::{ProcessMetrics, dominated_choices};
use crate::protocol::ProcessOutcome;
use crate::protocol::components::Status;
use crate::teaching::catalogue::Msg;
use crate::teaching::narrator::Narrator;

/// Smallest gap (utility) worth telling a class about.
const GAP_EPSILON: f64 = 0.005;

/// The verdict, as lines (with a heading).
pub fn verdict(
    narrator: &Narrator,
    outcome: &ProcessOutcome,
    metrics: &ProcessMetrics,
) -> Vec<String> {
    let speak = narrator.speaker();
    let case = narrator.case();
    let n = case.n;
    let header = speak.say(Msg::VerdictHeader, &[]);
    let mut lines = vec![header.clone(), "-".repeat(header.chars().count())];
    let round = outcome.rounds.to_string();
    match (&outcome.agreement, outcome.status) {
        (Some(p), _) => lines.push(speak.sentence(
            Msg::VerdictAgreement,
            &[("round", &round), ("package", &narrator.package(p))],
        )),
        (None, Status::WalkOut) => {
            let who: Vec<&str> = (0..n)
                .filter(|&s| outcome.seats[s].walked_out)
                .map(|s| narrator.name(s))
                .collect();
            lines.push(speak.sentence(
                Msg::VerdictWalkout,
                &[("who", &speak.list(&who)), ("round", &round)],
            ));
        }
        (None, Status::Deadline) => lines.push(speak.sentence(
            Msg::VerdictDeadline,
            &[("rounds", &speak.rounds(outcome.rounds))],
        )),
        (None, _) => lines.push(speak.sentence(
            Msg::VerdictStopped,
            &[("rounds", &speak.rounds(outcome.rounds))],
        )),
    }
    // The joint value is the sum of the scores as shown, so that a class can add it up.
    let mut shown = Vec::with_capacity(n);
    for s in 0..n {
        let u = metrics.utilities[s];
        let batna = case.batna[s];
        let who = narrator.name(s);
        let line = if outcome.agreement.is_none() {
            shown.push(speak.points_sum(&[u]));
            let score = narrator.points(u);
            speak.sentence(Msg::VerdictAtBatna, &[("who", who), ("score", &score)])
        } else {
            shown.push(speak.shown_points(u, batna));
            // The gain is told so that it adds up with the two numbers shown.
            let (score, batna_points) = speak.points_pair(u, batna);
            let score = speak.say(Msg::Points, &[("points", &score)]);
            let msg = if u >= batna {
                Msg::VerdictAbove
            } else {
                Msg::VerdictBelow
            };
            speak.sentence(
                msg,
                &[
                    ("who", who),
                    ("score", &score),
                    ("gain", &speak.points_gap(u, batna)),
                    ("batna", &batna_points),
                ],
            )
        };
        lines.push(format!("  - {line}"));
    }
    let joint: f64 = shown.iter().sum();
    if case.has_outcome_space() {
        let space = crate::metrics::outcome_space::OutcomeSpace::of(case);
        let best = speak.points_sum(space.utilities(space.best_joint));
        // Under half a point is nothing a class can see in whole scores.
        let left_something = best - joint >= 0.5;
        if left_something {
            lines.push(speak.sentence(
                Msg::VerdictJoint,
                &[
                    ("joint", &speak.points_total(joint)),
                    ("best", &speak.points_total(best)),
                ],
            ));
            let left = speak.points_total(best - joint);
            lines.push(speak.sentence(Msg::VerdictLeft, &[("left", &left)]));
        } else {
            lines.push(speak.sentence(
                Msg::VerdictJointBest,
                &[("joint", &speak.points_total(joint))],
            ));
        }
        match metrics.pareto_distance {
            Some(gap) if gap >= GAP_EPSILON => lines.extend(better_for_everyone(
                narrator,
                &metrics.utilities,
                &shown,
                gap,
            )),
            // Points left on a frontier agreement are not a missed gain for all: a class
            // hears "left on the table" and "nothing better for everyone" as a contradiction.
            Some(_) if outcome.agreement.is_some() && left_something => {
                lines.push(speak.sentence(Msg::VerdictOnFrontierLeft, &[]))
            }
            Some(_) if outcome.agreement.is_some() => {
                lines.push(speak.sentence(Msg::VerdictOnFrontier, &[]))
            }
            _ => {}
        }
    }
    // "85, the case asks for at least 85" must not end in "too little for the world".
    let (world, threshold) = speak.points_pair(metrics.world_value, case.case.world_threshold);
    lines.push(speak.sentence(
        Msg::VerdictWorld,
        &[("world", &world), ("threshold", &threshold)],
    ));
    if metrics.win_win_win {
        lines.push(speak.sentence(Msg::VerdictWinWinWin, &[]));
    } else {
        let mut reasons = Vec::new();
        if outcome.agreement.is_none() {
            reasons.push(speak.say(Msg::ReasonNoDeal, &[]));
        } else {
            let below: Vec<&str> = (0..n)
                .filter(|&s| metrics.utilities[s] <= case.batna[s])
                .map(|s| narrator.name(s))
                .collect();
            if !below.is_empty() {
                reasons.push(speak.say(Msg::ReasonBelowBatna, &[("list", &speak.list(&below))]));
            }
        }
        if metrics.world_value < case.case.world_threshold {
            reasons.push(speak.say(Msg::ReasonWorld, &[]));
        }
        lines.push(speak.sentence(
            Msg::VerdictNotWinWinWin,
            &[("reasons", &reasons.join("; "))],
        ));
    }
    if let Some(p) = &outcome.agreement {
        for (i, better) in dominated_choices(case, p, &outcome.available) {
            lines.push(speak.sentence(
                Msg::VerdictFixedPie,
                &[
                    ("issue", narrator.issue(i)),
                    ("better", narrator.option(i, better)),
                    ("chosen", narrator.option(i, p[i] as usize)),
                ],
            ));
        }
    }
    if case.has_outcome_space() {
        let space = crate::metrics::outcome_space::OutcomeSpace::of(case);
        let point = space.nash.unwrap_or(space.best_joint);
        let best = space.package(point);
        if outcome.agreement.as_deref() != Some(best) {
            lines.push(speak.sentence(Msg::VerdictBest, &[("package", &narrator.package(best))]));
            let gives = narrator.scores(space.utilities(point));
            lines.push(speak.sentence(Msg::VerdictBestGives, &[("list", &gives)]));
        }
    }
    let (found, missed) = hidden_options(narrator, outcome);
    if !found.is_empty() {
        lines.push(speak.sentence(Msg::VerdictHiddenFound, &[("list", &speak.list(&found))]));
    }
    if !missed.is_empty() {
        lines.push(speak.sentence(Msg::VerdictHiddenMissed, &[("list", &speak.list(&missed))]));
    }
    lines
}

/// "Another package would have given every party at least N more", with that package and
/// its scores when they show the gain (a class checks the claim against them; in whole
/// points a gain under one may not show).
fn better_for_everyone(
    narrator: &Narrator,
    utilities: &[f64],
    shown: &[f64],
    gap: f64,
) -> Vec<String> {
    let (case, speak) = (narrator.case(), narrator.speaker());
    let space = crate::metrics::outcome_space::OutcomeSpace::of(case);
    let named = space.best_improvement(utilities).and_then(|(p, _)| {
        let scores = space.utilities(p);
        let least = scores
            .iter()
            .zip(shown)
            .map(|(&q, &s)| speak.points_sum(&[q]) - s)
            .fold(f64::INFINITY, f64::min);
        (least >= 1.0).then_some((p, least))
    });
    let Some((p, least)) = named else {
        return vec![speak.sentence(Msg::VerdictGap, &[("gap", &speak.points(gap))])];
    };
    let gives = narrator.scores(space.utilities(p));
    vec![
        speak.sentence(Msg::VerdictGap, &[("gap", &speak.points_total(least))]),
        speak.sentence(
            Msg::VerdictGapPackage,
            &[("package", &narrator.package(space.package(p)))],
        ),
        speak.sentence(Msg::VerdictBestGives, &[("list", &gives)]),
    ]
}

/// Hidden options found and missed, as `issue: option` labels.
pub fn hidden_options(narrator: &Narrator, outcome: &ProcessOutcome) -> (Vec<String>, Vec<String>) {
    let case = narrator.case();
    let mut found = Vec::new();
    let mut missed = Vec::new();
    for i in 0..case.k {
        for o in 0..case.options[i] {
            let f = case.flat(i, o);
            if !case.hidden[f] {
                continue;
            }
            let label = format!("{} ({})", narrator.option(i, o), narrator.issue_heading(i));
            if outcome.available.get(f).copied().unwrap_or(false) {
                found.push(label);
            } else {
                missed.push(label);
            }
        }
    }
    (found, missed)
}
