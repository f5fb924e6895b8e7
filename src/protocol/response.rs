//! Step 3, response and decision: every stakeholder judges every package on the table, and the
//! decision rule says whether one is agreed.

use crate::model::culture::DecisionRule;
use crate::model::prepared::PreparedCase;
use crate::protocol::components::*;
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

/// What the response step reads at each seat.
type Responder = (&'static Seat, &'static MindsetTraits, &'static Aspiration);

/// Step 3, response, as one system: every stakeholder judges every package on the table
/// (`respond`), then the decision rule says whether one is agreed (`decide`).
pub fn response(
    setting: Res<Setting>,
    mut facilitator: Option<ResMut<Facilitator>>,
    players: Option<Res<Players>>,
    mut table: ResMut<TableState>,
    mut transcript: ResMut<Transcript>,
    seats: Query<Responder>,
) {
    respond(
        &setting,
        players.as_deref(),
        &mut table,
        &mut transcript,
        &seats,
    );
    decide(
        &setting,
        facilitator.as_deref_mut(),
        &mut table,
        &mut transcript,
    );
}

/// Each stakeholder accepts a package worth at least its aspiration, world value counted by
/// its world orientation (`U + world_acceptance * w * (W - threshold)`), and never one below
/// its BATNA. Under consent it objects to a package below
/// `batna + consent_margin * (aspiration - batna)`. A seat played from outside accepts what
/// its [`crate::protocol::input::SeatInput`] accepts and objects to everything else.
fn respond(
    setting: &Setting,
    players: Option<&Players>,
    table: &mut TableState,
    transcript: &mut Transcript,
    seats: &Query<Responder>,
) {
    let (case, params) = (&*setting.case, &*setting.params);
    let open_issue = table.current_issue(&setting.rules);
    let threshold = case.case.world_threshold;
    let round = table.round + 1;
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
        ..
    } = table;
    for (seat, traits, aspiration) in seats.iter() {
        let s = seat.0;
        let input = players.and_then(|p| p.input(s));
        let played = input.is_some();
        let a = aspiration.value;
        let batna = case.batna[s];
        let world_weight = params.world_acceptance * traits.0.world_orientation;
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
            let valued = u + world_weight * (world - threshold);
            let (accepted, objected) = if played {
                let yes = input.is_some_and(|i| i.accepts.get(slot).copied().unwrap_or(false));
                (yes, !yes)
            } else {
                (
                    u >= batna && valued >= a,
                    u < batna || u < batna + params.consent_margin * (a - batna),
                )
            };
            *utility = u;
            *accepts = accepted;
            *objects = objected;
            if slot != s {
                best = best.max(u);
            }
            transcript.push(|| Event::Responded {
                round,
                seat: s,
                slot,
                accepted,
                utility: u,
                aspiration: a,
            });
        }
        best_offer[s] = best;
    }
}

/// How the table responded to one package.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// Stakeholders at the table.
    pub stakeholders: usize,
    /// How many accept it.
    pub accepted: usize,
    /// Nobody is below their BATNA.
    pub all_at_least_batna: bool,
    /// How many object (consent rule).
    pub objections: usize,
}

impl Verdict {
    /// Whether the package is agreed under a decision rule.
    pub fn passes(&self, rule: DecisionRule) -> bool {
        match rule {
            DecisionRule::Unanimity => self.accepted == self.stakeholders,
            DecisionRule::Majority => {
                2 * self.accepted > self.stakeholders && self.all_at_least_batna
            }
            DecisionRule::Consent => self.objections == 0,
        }
    }
}

/// Applies the decision rule. Unanimity: everyone accepts. Majority: more than half accept and
/// nobody is below their BATNA. Consent: nobody objects. Among passing packages the one with
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
        let verdict = Verdict {
            stakeholders: n,
            accepted,
            all_at_least_batna: (0..n)
                .all(|s| table.offer_utility[table.cell(s, slot)] >= case.batna[s]),
            objections: (0..n)
                .filter(|&s| table.objects[table.cell(s, slot)])
                .count(),
        };
        let passes = verdict.passes(rules.decision_rule);
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
