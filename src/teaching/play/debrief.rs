//! The debrief after a person played a seat: their result against their BATNA, the verdict
//! for the whole table, the best packages that were within reach, what the fixed-pie trap cost
//! them, and how the simulated stakeholders came to see them (their trust in the person).

use crate::metrics::process::dominated_choices;
use crate::teaching::catalogue::Msg;
use crate::teaching::narrator::Narrator;
use crate::teaching::table::Played;
use crate::teaching::verdict::verdict;

/// How many of the best packages to show.
const BEST_SHOWN: usize = 3;
/// Trust at or above this: the other trusts the person; below `LOW`: distrusts.
const HIGH: f64 = 0.6;
/// See [`HIGH`].
const LOW: f64 = 0.4;

/// The debrief as lines.
pub fn debrief(
    narrator: &Narrator,
    played: &Played,
    me: usize,
    last_proposal: Option<&[u8]>,
) -> Vec<String> {
    let speak = narrator.speaker();
    let case = narrator.case();
    let header = speak.say(Msg::DebriefHeader, &[]);
    let mut lines = vec![
        String::new(),
        header.clone(),
        "=".repeat(header.chars().count()),
    ];
    let mine = played.metrics.utilities[me];
    let (score, batna) = speak.points_pair(mine, case.batna[me]);
    lines.push(speak.say(
        Msg::DebriefYou,
        &[
            ("who", case.case.stakeholders[me].label.get(speak.lang)),
            ("score", &speak.say(Msg::Points, &[("points", &score)])),
            ("batna", &batna),
        ],
    ));
    lines.push(String::new());
    lines.extend(verdict(narrator, &played.outcome, &played.metrics));
    if case.has_outcome_space() {
        let space = crate::metrics::outcome_space::OutcomeSpace::of(case);
        lines.push(String::new());
        lines.push(speak.say(Msg::DebriefBestForAll, &[]));
        let mut points: Vec<(usize, f64)> = (0..space.len())
            .filter_map(|p| {
                let u = space.utilities(p);
                let surplus: Vec<f64> = u.iter().zip(&case.batna).map(|(u, b)| u - b).collect();
                surplus
                    .iter()
                    .all(|&x| x > 0.0)
                    .then(|| (p, surplus.iter().map(|x| libm::log(*x)).sum::<f64>()))
            })
            .collect();
        points.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (p, _) in points.into_iter().take(BEST_SHOWN) {
            lines.push(format!("  - {}", narrator.package(space.package(p))));
            lines.push(format!("    {}", narrator.scores(space.utilities(p))));
        }
    }
    lines.push(String::new());
    let agreed = played.outcome.agreement.as_deref();
    if let Some(package) = agreed.or(last_proposal) {
        let dominated = dominated_choices(case, package, &played.outcome.available);
        let own = case.values_of(me);
        let cost: f64 = dominated
            .iter()
            .map(|&(i, better)| own[case.flat(i, better)] - own[case.flat(i, package[i] as usize)])
            .sum();
        let issues: Vec<&str> = dominated.iter().map(|&(i, _)| narrator.issue(i)).collect();
        let args = [
            ("points", speak.points(cost)),
            ("issues", speak.list(&issues)),
        ];
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        match (agreed.is_some(), dominated.is_empty()) {
            (true, true) => lines.push(speak.say(Msg::DebriefFixedPieNone, &[])),
            (true, false) => lines.push(speak.say(Msg::DebriefFixedPieCost, &args)),
            (false, false) => lines.push(speak.say(Msg::DebriefFixedPieProposal, &args)),
            (false, true) => {}
        }
        lines.push(String::new());
    }
    lines.push(speak.say(Msg::DebriefTrustHeader, &[]));
    for t in (0..case.n).filter(|&t| t != me) {
        let trust = played.outcome.seats[t].trust[me];
        let start = played.setup.seats[t].traits.trust_propensity;
        let judgement = speak.say(
            if trust >= HIGH {
                Msg::DebriefTrustHigh
            } else if trust < LOW {
                Msg::DebriefTrustLow
            } else {
                Msg::DebriefTrustMiddle
            },
            &[],
        );
        lines.push(format!(
            "  - {}",
            crate::teaching::catalogue::capitalise(&speak.say(
                Msg::DebriefTrustLine,
                &[
                    ("who", narrator.name(t)),
                    ("trust", &speak.points(trust)),
                    ("judgement", &judgement),
                    ("start", &speak.points(start)),
                ],
            ))
        ));
    }
    lines
}
