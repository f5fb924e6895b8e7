//! The debrief after a person played a seat: their result against their BATNA, the verdict
//! for the whole table, the best packages that were within reach (and whether theirs was the
//! Nash point), the offers they turned down that beat their BATNA, what the fixed-pie trap
//! cost them, and how the simulated stakeholders came to see them (their trust in the person,
//! and why it fell).

use crate::metrics::process::dominated_choices;
use crate::model::prepared::Package;
use crate::protocol::observe::Event;

use crate::teaching::catalogue::Msg;
use crate::teaching::narrator::{Direction, Narrator};
use crate::teaching::table::Played;
use crate::teaching::verdict::verdict;

/// How many of the best packages to show.
const BEST_SHOWN: usize = 3;
/// Trust at or above this: the other trusts the person; below `LOW`: distrusts.
const HIGH: f64 = 0.6;
/// See [`HIGH`].
const LOW: f64 = 0.4;

/// A package the person turned down although it gave them more than their BATNA.
#[derive(Clone, Debug, PartialEq)]
pub struct TurnedDown {
    /// The round it was on the table.
    pub round: u32,
    /// Whose: a seat, or `n` for the facilitator's text.
    pub slot: usize,
    /// The package.
    pub package: Package,
    /// What it gave the person.
    pub utility: f64,
}

/// What the session knows of the person's play, beyond the table's record.
#[derive(Clone, Copy, Debug)]
pub struct PlayerRecord<'a> {
    /// The seat they played.
    pub seat: usize,
    /// Their last proposal, if any.
    pub last_proposal: Option<&'a [u8]>,
    /// The options on the table at their last move: what they could choose from.
    pub available: &'a [bool],
    /// The packages they turned down that beat their BATNA, in order.
    pub turned_down: &'a [TurnedDown],
    /// Whether they left the table before the process ended (`quit`, or the end of their
    /// input): they did not hold out, they walked away.
    pub left: bool,
}

/// The debrief as lines.
pub fn debrief(narrator: &Narrator, played: &Played, player: &PlayerRecord) -> Vec<String> {
    let me = player.seat;
    let last_proposal = player.last_proposal;
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
    let mut told = verdict(narrator, &played.outcome, &played.metrics);
    // A table still open when the person left stopped because they did: said so, not as "the
    // game stopped after 0 rounds". The verdict's headline follows its header and rule.
    if player.left
        && played.outcome.status == crate::protocol::components::Status::Open
        && let Some(headline) = told.get_mut(2)
    {
        let round = (played.outcome.rounds + 1).to_string();
        *headline = speak.say(Msg::DebriefLeftTable, &[("round", &round)]);
    }
    lines.extend(told);
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
        // The Nash point as the verdict names it (the outcome space's own).
        let nash = space.nash.map(|p| space.package(p).to_vec());
        for (p, _) in points.into_iter().take(BEST_SHOWN) {
            lines.push(format!("  - {}", narrator.package(space.package(p))));
            lines.push(format!("    {}", narrator.scores(space.utilities(p))));
        }
        let agreed = played.outcome.agreement.as_deref();
        match (&nash, agreed) {
            (Some(nash), Some(a)) if a == &nash[..] => {
                lines.push(speak.say(Msg::DebriefNashAgreed, &[]));
            }
            (Some(nash), None) if last_proposal == Some(&nash[..]) => {
                lines.push(speak.say(Msg::DebriefNashProposal, &[]));
            }
            _ => {}
        }
    }
    lines.extend(turned_down_lines(narrator, player, mine));
    let agreed = played.outcome.agreement.as_deref();
    if let Some(package) = agreed.or(last_proposal) {
        // Only options the person could choose at their last move: a hidden option found
        // later (or never) by somebody else was not theirs to create.
        let available: Vec<bool> = played
            .outcome
            .available
            .iter()
            .zip(player.available)
            .map(|(&end, &theirs)| end && theirs)
            .collect();
        let dominated = dominated_choices(case, package, &available);
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
            (true, true) => lines.extend([String::new(), speak.say(Msg::DebriefFixedPieNone, &[])]),
            (true, false) => {
                lines.extend([String::new(), speak.say(Msg::DebriefFixedPieCost, &args)])
            }
            (false, false) => lines.extend([
                String::new(),
                speak.say(Msg::DebriefFixedPieProposal, &args),
            ]),
            (false, true) => {}
        }
    }
    if lines.last().is_some_and(|l| !l.is_empty()) {
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
        if trust < start {
            lines.extend(trust_why(narrator, played, me, t));
        }
    }
    lines
}

/// The offers the person turned down that beat their BATNA: how many, the best of them, and
/// whether holding out paid off (`mine`: what they ended with), or what leaving the table
/// cost.
fn turned_down_lines(narrator: &Narrator, player: &PlayerRecord, mine: f64) -> Vec<String> {
    let speak = narrator.speaker();
    let case = narrator.case();
    let Some(best) = player
        .turned_down
        .iter()
        .max_by(|a, b| a.utility.total_cmp(&b.utility).then(b.round.cmp(&a.round)))
    else {
        return Vec::new();
    };
    let batna = case.batna[player.seat];
    let (score, batna_text) = speak.points_pair(best.utility, batna);
    let count = player.turned_down.len();
    let msg = if count == 1 {
        Msg::DebriefTurnedDownOne
    } else {
        Msg::DebriefTurnedDownMany
    };
    let mut text = speak.say(
        msg,
        &[
            ("count", &count.to_string()),
            ("batna", &batna_text),
            ("whose", &narrator.whose(best.slot)),
            ("round", &best.round.to_string()),
            ("score", &score),
            ("package", &narrator.package(&best.package)),
        ],
    );
    // Ending where the best package turned down would have put them reads as neither cost nor
    // gain; compared as shown, so that "worth 80" is never followed by "ended with 80.0".
    let follow = if speak.points(mine) == speak.points(best.utility) {
        speak.say(Msg::DebriefTurnedDownEven, &[("final", &score)])
    } else {
        let (final_text, best_text) = speak.points_pair(mine, best.utility);
        if mine < best.utility {
            let msg = if player.left {
                Msg::DebriefTurnedDownLeft
            } else {
                Msg::DebriefTurnedDownCost
            };
            speak.say(
                msg,
                &[
                    ("final", &final_text),
                    ("gap", &speak.points_gap(best.utility, mine)),
                    ("best", &best_text),
                ],
            )
        } else {
            speak.say(Msg::DebriefTurnedDownPaid, &[("final", &final_text)])
        }
    };
    text.push(' ');
    text.push_str(&follow);
    vec![String::new(), text]
}

/// Why `other`'s trust in the person fell, from the packages put on the table: the model
/// lowers trust when the person's package gets worse for one, and when one gives ground and
/// the person does not move towards one.
fn trust_why(narrator: &Narrator, played: &Played, me: usize, other: usize) -> Vec<String> {
    let speak = narrator.speaker();
    let case = narrator.case();
    let mut last: Vec<Option<Package>> = vec![None; case.n];
    let (mut worse, mut unanswered) = (0u32, 0u32);
    for (_, events) in crate::teaching::narrator::split_rounds(&played.outcome.transcript) {
        let mut now = last.clone();
        for e in events {
            if let Event::Proposed { seat, package, .. } = e {
                now[*seat] = Some(package.clone());
            }
        }
        // What seat s's package was worth to `other` before and after the round.
        let worth = |s: usize| match (&last[s], &now[s]) {
            (Some(old), Some(new)) => Some((case.utility(other, old), case.utility(other, new))),
            _ => None,
        };
        match (worth(me), worth(other)) {
            (Some((before, after)), _) if Direction::fell(before, after) => worse += 1,
            (Some(mine), Some(own))
                if Direction::fell(own.0, own.1) && !Direction::rose(mine.0, mine.1) =>
            {
                unanswered += 1
            }
            _ => {}
        }
        last = now;
    }
    let who = narrator.name(other);
    let mut reasons = Vec::new();
    if worse > 0 {
        reasons.push(speak.say(
            Msg::DebriefTrustWorse,
            &[("who", who), ("rounds", &speak.rounds(worse))],
        ));
    }
    if unanswered > 0 {
        reasons.push(speak.say(
            Msg::DebriefTrustUnanswered,
            &[("who", who), ("rounds", &speak.rounds(unanswered))],
        ));
    }
    if reasons.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "    {}",
        speak.say(
            Msg::DebriefTrustWhy,
            &[("who", who), ("reasons", &speak.list(&reasons))],
        )
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::library::Library;
    use crate::model::label::Lang;
    use crate::teaching::table::load_case;

    #[test]
    fn ending_where_the_best_package_turned_down_would_have_is_neither_cost_nor_gain() {
        let case = load_case(&Library::default(), "job-offer", Lang::En).unwrap();
        // Sam's own ideal (100 to Sam) turned down in round 4; Sam ends with 99.8, which is
        // shown as 100 too: not "paid off", and not "100" beside "99.8".
        let package = case.ideal[0].clone();
        let turned_down = [TurnedDown {
            round: 4,
            slot: 1,
            utility: case.utility(0, &package),
            package,
        }];
        let player = PlayerRecord {
            seat: 0,
            last_proposal: None,
            available: &case.visible,
            turned_down: &turned_down,
            left: false,
        };
        for (lang, worth, ended) in [
            (
                Lang::En,
                "in round 4, worth 100 to you",
                "You ended with 100 too: no better and no worse than that package.",
            ),
            (
                Lang::Nl,
                "in ronde 4, 100 waard voor jou",
                "Je eindigde ook met 100: niet beter en niet slechter dan dat pakket.",
            ),
        ] {
            let narrator = Narrator::new(&case, lang);
            let text = turned_down_lines(&narrator, &player, 0.998).join("\n");
            assert!(text.contains(worth) && text.ends_with(ended), "{text}");
        }
    }
}
