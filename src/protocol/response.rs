//! Step 3, response and decision: every stakeholder judges every package on the table, and the
//! decision rule says whether one is agreed.

use crate::model::culture::DecisionRule;
use crate::model::prepared::PreparedCase;
use crate::protocol::components::*;
use crate::protocol::concession::time_pressure;
use crate::protocol::input::Players;
use crate::protocol::observe::{Event, Transcript};
use crate::protocol::proposal::best_available;
use bevy_ecs::prelude::*;

/// Utility of a package for seat `s` as judged this round: the plain utility under a package
/// agenda (`open_issue` is `None`); under a sequential agenda, settled issues (`locked`, at
/// their `agreement`) and the open issue count as they are and issues still to come count at
/// the stakeholder's best `available` option (what it can still hope to get there), so that
/// giving ground now can be made up later, as in a package.
#[inline]
pub fn judged_utility(
    case: &PreparedCase,
    locked: &[bool],
    agreement: &[u8],
    available: &[bool],
    open_issue: Option<usize>,
    s: usize,
    package: &[u8],
) -> f64 {
    let Some(cur) = open_issue else {
        return case.utility(s, package);
    };
    let own = case.values_of(s);
    let mut u = 0.0;
    for i in 0..case.k {
        if locked[i] {
            u += own[case.flat(i, agreement[i] as usize)];
        } else if i == cur {
            u += own[case.flat(i, package[i] as usize)];
        } else {
            u += own[case.flat(i, best_available(case, s, i, available) as usize)];
        }
    }
    u
}

/// The value a stakeholder puts on an impasse under time pressure `pressure` (see
/// [`time_pressure`]): `batna * (1 - impasse_aversion * pressure)`. An impasse is valued below
/// the alternative it leads to, the more so the closer it is: people give up real value to reach
/// an agreement rather than face an impasse (impasse aversion; Tuncel, Mislin, Kesebir & Pinkley
/// 2016), and settle for terms worse than their alternative (the agreement bias; Cohen,
/// Leonardelli & Thompson 2014).
#[inline]
pub fn impasse_value(batna: f64, impasse_aversion: f64, pressure: f64) -> f64 {
    batna * (1.0 - impasse_aversion * pressure)
}

/// What a lone holdout holds out for: its aspiration moved `weight` of the way towards what an
/// impasse is worth to it (see [`holdout_weight`]).
#[inline]
pub fn holdout_threshold(aspiration: f64, impasse: f64, weight: f64) -> f64 {
    aspiration - weight * (aspiration - impasse)
}

/// What the response step reads at each seat.
pub(crate) type Responder = (&'static Seat, &'static MindsetTraits, &'static Aspiration);

/// Step 3, response, as a system of its own, for tables that run the steps one by one
/// (see `response_step`; other tables run it in [`crate::protocol::round`]).
pub fn response(
    setting: Res<Setting>,
    mut facilitator: Option<ResMut<Facilitator>>,
    players: Option<Res<Players>>,
    mut table: ResMut<TableState>,
    mut transcript: ResMut<Transcript>,
    seats: Query<Responder>,
) {
    response_step(
        &setting,
        facilitator.as_deref_mut(),
        players.as_deref(),
        &mut table,
        &mut transcript,
        &seats,
    );
}

/// Step 3, response: every stakeholder judges every package on the table (`respond`), then
/// the decision rule says whether one is agreed (`decide`).
pub(crate) fn response_step(
    setting: &Setting,
    facilitator: Option<&mut Facilitator>,
    players: Option<&Players>,
    table: &mut TableState,
    transcript: &mut Transcript,
    seats: &Query<Responder>,
) {
    respond(setting, players, table, transcript, seats);
    decide(setting, facilitator, table, transcript);
}

/// How far a lone holdout, facing a unanimous `majority` of others, gives way towards what an
/// impasse is worth to it, under time pressure `pressure` ([`time_pressure`]):
///
/// `curve(majority) * (holdout_pressure + (1 - holdout_pressure) * pressure)`
///
/// It alone would cause the impasse, for everyone: the group's pressure moves it by
/// `holdout_pressure`, and as the deadline nears the impasse it would cause weighs more, until
/// in the last round it accepts anything worth more to it than an impasse. The pressure grows
/// with the size of the majority as in Asch's (1956) conformity studies: one opponent barely
/// moved a lone participant, two some, three or more the most, and more did not add; `curve`
/// is 0 facing one other (at a table of two nobody stands alone against a group), 1/2 facing
/// two, 1 from three on.
#[inline]
pub fn holdout_weight(holdout_pressure: f64, majority: usize, pressure: f64) -> f64 {
    let curve = ((majority as f64 - 1.0) / 2.0).clamp(0.0, 1.0);
    curve * (holdout_pressure + (1.0 - holdout_pressure) * pressure)
}

/// A judge's answer to a package worth `u` to it with world value `world`, holding out for
/// `threshold`: whether it accepts, and whether it objects (consent rule).
#[inline]
fn answer(
    judge: &Judge,
    threshold: f64,
    u: f64,
    world: f64,
    world_threshold: f64,
    consent_margin: f64,
) -> (bool, bool) {
    let valued = u + judge.world_weight * (world - world_threshold);
    (
        u >= judge.impasse && valued >= threshold,
        u < judge.impasse || u < judge.impasse + consent_margin * (threshold - judge.impasse),
    )
}

/// Each stakeholder accepts a package worth at least its [`acceptance_threshold`], world value
/// counted by its world orientation (`U + world_acceptance * w * (W - threshold)`), and never
/// one worth less to it than an impasse ([`impasse_value`], the BATNA until the deadline
/// nears). Under consent it objects to a package below
/// `impasse + consent_margin * (acceptance threshold - impasse)`. A seat played from outside
/// accepts what its [`crate::protocol::input::SeatInput`] accepts and objects to everything
/// else.
///
/// A lone holdout, the only one who does not accept (or the only one who objects to) a package
/// everybody else accepts, would be the one to cause the impasse, and feels the group's
/// pressure: it judges that package again holding out for less, its threshold moved
/// [`majority_pressure`] of the way towards what an impasse is worth to it.
fn respond(
    setting: &Setting,
    players: Option<&Players>,
    table: &mut TableState,
    transcript: &mut Transcript,
    seats: &Query<Responder>,
) {
    let (case, params) = (&*setting.case, &*setting.params);
    let open_issue = table.current_issue(&setting.rules);
    let world_threshold = case.case.world_threshold;
    let round = table.round + 1;
    let pressure = time_pressure(round, setting.rules.deadline);
    let n = table.n;
    // A package's world value is the same for every judge: computed once per offer.
    for slot in 0..=n {
        table.offer_world[slot] = if table.offer_present[slot] {
            case.world_value(table.offer(slot))
        } else {
            0.0
        };
    }
    // The table's fields one by one, so that a judge's row of cells is written while the
    // packages are read.
    let TableState {
        k,
        offers,
        offer_present,
        offer_world,
        offer_utility,
        accepts,
        objects,
        best_offer,
        locked,
        agreement,
        available,
        judges,
        ..
    } = table;
    for (seat, traits, aspiration) in seats.iter() {
        let s = seat.0;
        let input = players.and_then(|p| p.input(s));
        let played = input.is_some();
        let judge = Judge {
            threshold: aspiration.value,
            impasse: impasse_value(case.batna[s], params.impasse_aversion, pressure),
            world_weight: params.world_acceptance * traits.0.world_orientation,
            person: played,
        };
        judges[s] = judge;
        let row = s * (n + 1)..(s + 1) * (n + 1);
        let cells = offer_utility[row.clone()]
            .iter_mut()
            .zip(&mut accepts[row.clone()])
            .zip(&mut objects[row]);
        let slots = offer_present
            .iter()
            .zip(offer_world.iter())
            .zip(offers.chunks_exact(*k));
        let mut best = f64::NEG_INFINITY;
        for (slot, (((&present, &world), package), ((utility, accepts), objects))) in
            slots.zip(cells).enumerate()
        {
            if !present {
                *accepts = false;
                *objects = false;
                continue;
            }
            let u = judged_utility(case, locked, agreement, available, open_issue, s, package);
            let (accepted, objected) = if played {
                let yes = input.is_some_and(|i| i.accepts.get(slot).copied().unwrap_or(false));
                (yes, !yes)
            } else {
                answer(
                    &judge,
                    judge.threshold,
                    u,
                    world,
                    world_threshold,
                    params.consent_margin,
                )
            };
            *utility = u;
            *accepts = accepted;
            *objects = objected;
            if slot != s {
                best = best.max(u);
            }
        }
        best_offer[s] = best;
    }
    let weight = holdout_weight(params.holdout_pressure, n - 1, pressure);
    give_way(table, weight, world_threshold, params.consent_margin);
    let told = transcript.enabled;
    for s in (0..n).filter(|_| told) {
        let aspiration = table.judges[s].threshold;
        for slot in (0..=n).filter(|&slot| table.offer_present[slot]) {
            let c = table.cell(s, slot);
            let (accepted, utility) = (table.accepts[c], table.offer_utility[c]);
            transcript.push(|| Event::Responded {
                round,
                seat: s,
                slot,
                accepted,
                utility,
                aspiration,
            });
        }
    }
}

/// A lone holdout gives way: for every package on the table that all but one stakeholder
/// accept (or that only one objects to, under consent), that one judges it again holding out
/// for its [`holdout_threshold`] with `weight` ([`holdout_weight`]). A person's seat keeps its
/// answer.
pub fn give_way(table: &mut TableState, weight: f64, world_threshold: f64, consent_margin: f64) {
    if weight <= 0.0 {
        return;
    }
    let n = table.n;
    for slot in (0..=n).filter(|&slot| table.offer_present[slot]) {
        let cell = |s: usize| s * (n + 1) + slot;
        let lone = |flags: &[bool], dissent: bool| {
            let mut out = (0..n).filter(|&s| flags[cell(s)] == dissent);
            match (out.next(), out.next()) {
                (Some(h), None) if !table.judges[h].person => Some(h),
                _ => None,
            }
        };
        let holdout = lone(&table.accepts, false);
        let objector = lone(&table.objects, true);
        for h in holdout
            .into_iter()
            .chain(objector.filter(|&o| Some(o) != holdout))
        {
            let judge = &table.judges[h];
            let threshold = holdout_threshold(judge.threshold, judge.impasse, weight);
            let (accepted, objected) = answer(
                judge,
                threshold,
                table.offer_utility[cell(h)],
                table.offer_world[slot],
                world_threshold,
                consent_margin,
            );
            if Some(h) == holdout {
                table.accepts[cell(h)] = accepted;
            }
            if Some(h) == objector {
                table.objects[cell(h)] = objected;
            }
        }
    }
}

/// How the table responded to one package: the tally a decision rule is applied to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tally {
    /// Stakeholders at the table.
    pub stakeholders: usize,
    /// How many accept it.
    pub accepted: usize,
    /// Nobody who does not accept it is below their BATNA (those who accept may be, out of
    /// impasse aversion).
    pub dissenters_at_least_batna: bool,
    /// How many object (consent rule).
    pub objections: usize,
}

impl Tally {
    /// Whether the package is agreed under a decision rule.
    pub fn passes(&self, rule: DecisionRule) -> bool {
        match rule {
            DecisionRule::Unanimity => self.accepted == self.stakeholders,
            DecisionRule::Majority => {
                2 * self.accepted > self.stakeholders && self.dissenters_at_least_batna
            }
            DecisionRule::Consent => self.objections == 0,
        }
    }
}

/// Applies the decision rule. Unanimity: everyone accepts. Majority: more than half accept and
/// nobody who does not accept is below their BATNA. Consent: nobody objects. Among passing packages the one with
/// the most acceptances wins; ties go to the facilitator's text, then to the lowest seat.
fn decide(
    setting: &Setting,
    facilitator: Option<&mut Facilitator>,
    table: &mut TableState,
    transcript: &mut Transcript,
) {
    let (case, rules) = (&*setting.case, &setting.rules);
    let n = table.n;
    let k = table.k;
    let mut chosen: Option<(usize, usize)> = None; // slot, acceptances
    for slot in std::iter::once(n).chain(0..n) {
        if !table.offer_present[slot] {
            continue;
        }
        let accepted = (0..n)
            .filter(|&s| table.accepts[table.cell(s, slot)])
            .count();
        let tally = Tally {
            stakeholders: n,
            accepted,
            dissenters_at_least_batna: (0..n).all(|s| {
                let cell = table.cell(s, slot);
                table.accepts[cell] || table.offer_utility[cell] >= case.batna[s]
            }),
            objections: (0..n)
                .filter(|&s| table.objects[table.cell(s, slot)])
                .count(),
        };
        let passes = tally.passes(rules.decision_rule);
        if passes && chosen.is_none_or(|c| accepted > c.1) {
            chosen = Some((slot, accepted));
        }
    }
    if let Some(f) = facilitator
        && table.offer_present[n]
    {
        for s in 0..n {
            if !table.accepts[table.cell(s, n)] {
                f.objections[s] += 1;
            }
        }
    }
    let Some((slot, _)) = chosen else { return };
    let round = table.round + 1;
    match table.current_issue(rules) {
        None => {
            let package = table.offer(slot).to_vec();
            table.agreement.copy_from_slice(&package);
            table.agreed_slot = Some(slot);
            table.status = Status::Agreed;
            transcript.push(|| Event::Agreed {
                round,
                slot,
                package,
            });
        }
        Some(i) => {
            let option = table.offers[slot * k + i];
            table.agreement[i] = option;
            table.locked[i] = true;
            table.agenda_step += 1;
            table.settled = true;
            transcript.push(|| Event::IssueSettled {
                round,
                issue: i,
                option: option as usize,
            });
            if table.agenda_step == rules.agenda_order.len() {
                table.agreed_slot = Some(slot);
                table.status = Status::Agreed;
                let package = table.agreement.clone();
                transcript.push(|| Event::Agreed {
                    round,
                    slot,
                    package,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_impasse_is_worth_less_than_the_batna_as_it_nears() {
        // BATNA 0.4, aversion 0.25: the BATNA far from the deadline, 0.35 two rounds before
        // the end (pressure 1/2), 0.3 in the last round.
        assert_eq!(impasse_value(0.4, 0.25, 0.0), 0.4);
        assert!((impasse_value(0.4, 0.25, 0.5) - 0.35).abs() < 1e-15);
        assert!((impasse_value(0.4, 0.25, 1.0) - 0.3).abs() < 1e-15);
        assert_eq!(impasse_value(0.4, 0.0, 1.0), 0.4, "no aversion");
    }

    #[test]
    fn a_holdout_gives_way_by_the_size_of_the_majority_and_the_deadline() {
        let third = 1.0 / 3.0;
        // Facing one other (a table of two): no group to give way to, even in the last round.
        assert_eq!(holdout_weight(third, 1, 1.0), 0.0);
        // Facing two: half the group's pressure; three or more: all of it.
        assert!((holdout_weight(third, 2, 0.0) - third / 2.0).abs() < 1e-15);
        assert!((holdout_weight(third, 3, 0.0) - third).abs() < 1e-15);
        assert_eq!(
            holdout_weight(third, 3, 0.0),
            holdout_weight(third, 11, 0.0)
        );
        // Two rounds before the end the impasse weighs half: 1/3 + 2/3 * 1/2 = 2/3.
        assert!((holdout_weight(third, 4, 0.5) - 2.0 / 3.0).abs() < 1e-15);
        // In the last round a lone holdout facing three accepts anything above an impasse.
        assert!((holdout_weight(third, 4, 1.0) - 1.0).abs() < 1e-15);
        // Aspiration 0.6, impasse 0.3, weight 1/3: it holds out for 0.5.
        assert!((holdout_threshold(0.6, 0.3, third) - 0.5).abs() < 1e-15);
    }

    /// A table of four with one package (slot 0) that seats 0..3 value at `utilities`, each
    /// seat holding out for 0.6 with an impasse at 0.3.
    fn table_of_four(utilities: [f64; 4], accepts: [bool; 4]) -> TableState {
        let mut t = TableState::default();
        t.reset(4, 1, &[true]);
        t.offer_present[0] = true;
        for s in 0..4 {
            let c = t.cell(s, 0);
            t.offer_utility[c] = utilities[s];
            t.accepts[c] = accepts[s];
            t.objects[c] = !accepts[s];
            t.judges[s] = Judge {
                threshold: 0.6,
                impasse: 0.3,
                world_weight: 0.0,
                person: false,
            };
        }
        t
    }

    #[test]
    fn only_a_lone_holdout_gives_way() {
        // Seat 3 alone does not accept a package worth 0.52 to it: with weight 1/3 it holds out
        // for 0.5 and accepts (and no longer objects).
        let mut t = table_of_four([0.7, 0.7, 0.7, 0.52], [true, true, true, false]);
        give_way(&mut t, 1.0 / 3.0, 0.5, 0.5);
        assert!(t.accepts[t.cell(3, 0)] && !t.objects[t.cell(3, 0)]);
        // Worth 0.45 to it: still below 0.5.
        let mut t = table_of_four([0.7, 0.7, 0.7, 0.45], [true, true, true, false]);
        give_way(&mut t, 1.0 / 3.0, 0.5, 0.5);
        assert!(!t.accepts[t.cell(3, 0)]);
        // Two holdouts back each other up: neither gives way.
        let mut t = table_of_four([0.7, 0.7, 0.52, 0.52], [true, true, false, false]);
        give_way(&mut t, 1.0 / 3.0, 0.5, 0.5);
        assert!(!t.accepts[t.cell(2, 0)] && !t.accepts[t.cell(3, 0)]);
        // A person keeps the answer the person gave.
        let mut t = table_of_four([0.7, 0.7, 0.7, 0.52], [true, true, true, false]);
        t.judges[3].person = true;
        give_way(&mut t, 1.0 / 3.0, 0.5, 0.5);
        assert!(!t.accepts[t.cell(3, 0)]);
        // In the last round (weight 1) anything above the impasse, but nothing below it.
        let mut t = table_of_four([0.7, 0.7, 0.7, 0.31], [true, true, true, false]);
        give_way(&mut t, 1.0, 0.5, 0.5);
        assert!(t.accepts[t.cell(3, 0)]);
        let mut t = table_of_four([0.7, 0.7, 0.7, 0.29], [true, true, true, false]);
        give_way(&mut t, 1.0, 0.5, 0.5);
        assert!(!t.accepts[t.cell(3, 0)]);
    }
}
