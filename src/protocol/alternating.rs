//! The stacked alternating-offers protocol with classic tactics, mirroring NegMAS's SAO
//! mechanism and its time-based negotiators so that runs can be cross-checked on the same case
//! (`negsim bench negmas` replays NegMAS's own results and requires the same agreements and
//! round counts).
//!
//! - Rounds s = 0..deadline-1; negotiators see relative time t = (s + 1) / (deadline + 1). In
//!   each round every party acts once, in seat order: with no offer on the table it proposes;
//!   otherwise it accepts (agreement when all n parties have accepted the current offer, the
//!   proposer counting as one) or rejects and counter-offers, which resets the count to one.
//!   The round counter advances after every round, the one that reaches agreement included.
//! - A time-based tactic with exponent e has aspiration a(t) = 1 - t^(1/e) and accepts
//!   utilities in [clamp(worst + (best - worst) a(t) - 1e-4), best], where worst is
//!   max(smallest utility, BATNA) and the clamp is to [worst, best].
//! - It offers the package with the smallest utility at or above that threshold; but if the
//!   package just below the threshold is within 1e-6 of it and strictly closer, that one
//!   (even below the BATNA, as in NegMAS); and its best package if nothing reaches the
//!   threshold.
//! - Utilities are summed left to right over the issues, as NegMAS does, and compared exactly.
//!   Powers come from the portable `libm` crate, so results are the same on every machine; a
//!   platform `pow` may differ from it in the last bit, which changes a decision only if a
//!   package's utility lies within about 1e-16 of a threshold.

use crate::model::prepared::PreparedCase;
use crate::protocol::components::*;
use crate::protocol::concession::aspiration_at;
use crate::protocol::observe::{Event, RoundLog, RoundRecord, Transcript};
use crate::protocol::offer_maker::OfferMaker;
use crate::protocol::protocol_kind::ProtocolKind;
use crate::protocol::search::{Search, cost_sensitivity};
use crate::protocol::setup::Tactic;
use crate::protocol::strategy::{Observation, Plugged, Table};
use bevy_ecs::prelude::*;
use std::sync::Arc;

/// The offer on the table.
#[derive(Resource, Clone, Debug, Default)]
pub struct OfferOnTable {
    /// The package.
    pub package: Vec<u8>,
    /// True once someone has proposed.
    pub present: bool,
    /// Who proposed it.
    pub proposer: usize,
    /// How many have accepted it, the proposer included.
    pub acceptances: usize,
}

/// One round of alternating offers.
pub fn alternate(
    setting: Res<Setting>,
    seat_list: Res<Seats>,
    mut table: ResMut<TableState>,
    mut on_table: ResMut<OfferOnTable>,
    mut transcript: ResMut<Transcript>,
    mut log: ResMut<RoundLog>,
    mut agents: Query<(
        &Conduct,
        &MindsetTraits,
        &mut OfferMaker,
        &mut Aspiration,
        &mut Beliefs,
        &mut Position,
        &mut Departure,
        // A seat played by a registered strategy (none at NegMAS's and the built-ins' tables).
        Option<(&mut Plugged, &mut SeatStream, &Trust)>,
    )>,
) {
    let (case, rules) = (&*setting.case, &setting.rules);
    let n = case.n;
    let round = table.round + 1;
    let t = (table.round + 1) as f64 / (rules.deadline + 1) as f64;
    let turn = Turn {
        round,
        deadline: rules.deadline,
        time: t,
    };
    for s in 0..n {
        let Ok((
            conduct,
            traits,
            mut maker,
            mut aspiration,
            mut beliefs,
            mut position,
            mut departure,
            plugged,
        )) = agents.get_mut(seat_list.0[s])
        else {
            continue;
        };
        let mut plugged = plugged.filter(|(plug, _, _)| plug.plays());
        // A registered strategy decides from what it observes; the bookkeeping below (events,
        // acceptances, agreement) is the same as for every other seat.
        if let Some((plug, stream, trust)) = plugged.as_mut() {
            let observation = observe(&setting.case, s, turn, &on_table, &maker, trust, &beliefs);
            if plug.walk_out(&observation, &mut stream.0) {
                departure.walked_out = true;
                table.status = Status::WalkOut;
                table.walkouts = 1;
                transcript.push(|| Event::WalkedOut { round, seat: s });
                break;
            }
        }
        // What it accepts: utilities in [target, ceiling].
        let mut ceiling = f64::INFINITY;
        let target = match conduct.0 {
            Tactic::TitForTat => {
                if on_table.present {
                    let u = case.utility(s, &on_table.package);
                    match maker.last_received {
                        // Nice: the first answer concedes the smallest step there is (to the
                        // next utility level below its best), as NegMAS's tit-for-tat and
                        // Axelrod's, so that two of them do not wait for each other forever.
                        None => {
                            let below = maker.inverters[s].around(maker.best, maker.worst).below;
                            if let Some(next) = below {
                                maker.target = next.utility.max(maker.worst);
                            }
                        }
                        Some(last) if u > last => {
                            maker.target = (maker.target - (u - last)).max(maker.worst);
                        }
                        Some(_) => {}
                    }
                    maker.last_received = Some(u);
                }
                // Never below the BATNA, not even when every package is (then its best is).
                maker.target.max(maker.worst)
            }
            Tactic::Custom(_) => plugged.as_ref().map_or(maker.best, |p| p.0.holds_out_for),
            Tactic::Mindset => {
                aspiration.clock = t;
                aspiration.value = aspiration_at(&aspiration).max(case.batna[s]);
                aspiration.value
            }
            tactic => {
                let aspiration = OfferMaker::aspiration(tactic.exponent().unwrap_or(1.0), t);
                let (lower, upper) = maker.range(aspiration);
                ceiling = upper;
                lower
            }
        };
        if on_table.present {
            let u = case.utility(s, &on_table.package);
            // The acceptance range starts at or above the BATNA (NegMAS's clamp), so nobody
            // accepts less than their BATNA.
            let accepted = match plugged.as_mut() {
                Some((plug, stream, trust)) => {
                    let observation =
                        observe(&setting.case, s, turn, &on_table, &maker, trust, &beliefs);
                    plug.respond(&observation, &mut stream.0)
                }
                None => u >= target && u <= ceiling,
            };
            let proposer = on_table.proposer;
            transcript.push(|| Event::Responded {
                round,
                seat: s,
                slot: proposer,
                accepted,
                utility: u,
                aspiration: target,
            });
            if accepted {
                on_table.acceptances += 1;
                if on_table.acceptances >= n {
                    table.agreement.copy_from_slice(&on_table.package);
                    table.agreed_slot = Some(on_table.proposer);
                    table.status = Status::Agreed;
                    transcript.push(|| Event::Agreed {
                        round,
                        slot: proposer,
                        package: on_table.package.clone(),
                    });
                    break;
                }
                continue;
            }
        }
        // Propose (first move) or counter-offer.
        let pkg = &mut position.current;
        let mut target = target;
        match (conduct.0, plugged.as_mut()) {
            (Tactic::Mindset, _) => mindset_offer(case, s, traits, &mut beliefs, target, pkg),
            (Tactic::Custom(_), Some((plug, stream, trust))) => {
                let observation =
                    observe(&setting.case, s, turn, &on_table, &maker, trust, &beliefs);
                plug.propose(&observation, &mut stream.0, pkg);
                plug.holds_out_for = case.utility(s, pkg);
                target = plug.holds_out_for;
                aspiration.value = target;
            }
            _ => maker.offer(s, target, pkg),
        }
        // A proposer counts as accepting its own offer, so one whose every package is worse
        // than its BATNA has nothing to offer: it leaves the table instead. (NegMAS's rule of
        // offering the package just below the threshold may still offer up to 1e-6 below it.)
        let best = match conduct.0 {
            Tactic::Mindset => case.ideal_utility[s],
            _ => maker.best,
        };
        if best < case.batna[s] && !rules.mirror_negmas {
            departure.walked_out = true;
            table.status = Status::WalkOut;
            table.walkouts = 1;
            transcript.push(|| Event::WalkedOut { round, seat: s });
            break;
        }
        on_table.package.copy_from_slice(pkg);
        on_table.present = true;
        on_table.proposer = s;
        on_table.acceptances = 1;
        // Cloned inside the closure: nothing is allocated per round unless recording.
        transcript.push(|| Event::Proposed {
            round,
            seat: s,
            package: pkg.clone(),
            aspiration: target,
        });
        if log.enabled {
            let proposal_utility = case.utility(s, pkg);
            log.records.push(RoundRecord {
                round,
                seat: s,
                aspiration: target,
                stress: 0.0,
                trust_mean: 0.0,
                disclosed_issue: None,
                proposal: pkg.clone(),
                proposal_utility,
                best_offer_utility: proposal_utility,
                accepted: 0,
            });
        }
    }
    table.round += 1;
    if table.status == Status::Open && table.round >= rules.deadline {
        table.status = Status::Deadline;
        let round = table.round;
        transcript.push(|| Event::DeadlinePassed { round });
    }
}

/// When a turn is taken: the round, the deadline and the relative time.
#[derive(Clone, Copy)]
struct Turn {
    round: u32,
    deadline: u32,
    time: f64,
}

/// What seat `s` observes at its turn, for a registered strategy.
fn observe<'a>(
    case: &'a Arc<PreparedCase>,
    s: usize,
    turn: Turn,
    on_table: &'a OfferOnTable,
    maker: &'a OfferMaker,
    trust: &'a Trust,
    beliefs: &'a Beliefs,
) -> Observation<'a> {
    let present = on_table.present;
    Observation {
        protocol: ProtocolKind::AlternatingOffers,
        seat: s,
        round: turn.round,
        deadline: turn.deadline,
        time: turn.time,
        batna: case.batna[s],
        best_utility: maker.best,
        offer: present.then_some(&on_table.package[..]),
        offer_utility: present.then(|| case.utility(s, &on_table.package)),
        proposer: present.then_some(on_table.proposer),
        acceptances: on_table.acceptances,
        trust: &trust.0,
        beliefs: beliefs.view(),
        statements: &[],
        disclosed: &[],
        case,
        decision_rule: None,
        table: Table::One(present.then_some((on_table.proposer, &on_table.package[..]))),
        maker,
    }
}

/// A mindset stakeholder under alternating offers: no dialogue, so its beliefs stay at the
/// fixed-pie prior; it searches from its ideal as it would at a mindset table.
fn mindset_offer(
    case: &PreparedCase,
    s: usize,
    traits: &MindsetTraits,
    beliefs: &mut Beliefs,
    aspiration: f64,
    package: &mut [u8],
) {
    crate::protocol::proposal::objective(
        case,
        traits.0.empathy,
        traits.0.world_orientation,
        beliefs,
    );
    package.copy_from_slice(&case.ideal[s]);
    let search = Search {
        case,
        own: case.values_of(s),
        objective: &beliefs.scratch,
        available: &case.visible,
        movable: &case.all_issues,
        cost_log2: case.cost_log2_of(s),
        cost_sensitivity: cost_sensitivity(traits.0.empathy, traits.0.assertiveness),
    };
    let slack = case.utility(s, package) - aspiration;
    search.concede(package, slack, None);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::negmas::{PartyDomain, case_of};

    /// One issue, four options; seat 0 values them as given, seat 1 the reverse.
    fn maker(values: [f64; 4], batna: f64) -> OfferMaker {
        let mut reverse = values;
        reverse.reverse();
        let domain = [values, reverse].map(|t| PartyDomain {
            weights: vec![1.0],
            tables: vec![t.to_vec()],
        });
        let case = PreparedCase::with_weights_as_written(case_of(&domain, 1, 4, batna).unwrap(), 0);
        crate::protocol::offer_maker::offer_maker(
            &case,
            crate::protocol::inverter::inverters(&case),
            0,
        )
    }

    fn offer(m: &OfferMaker, target: f64) -> u8 {
        let mut package = [9u8];
        m.offer(0, target, &mut package);
        package[0]
    }

    #[test]
    fn offers_the_smallest_utility_at_or_above_the_threshold() {
        let m = maker([0.1, 0.3, 0.6, 1.0], 0.0);
        assert_eq!(offer(&m, 0.25), 1);
        assert_eq!(offer(&m, 0.3), 1);
        assert_eq!(offer(&m, 0.31), 2);
        assert_eq!(offer(&m, 1.0), 3);
    }

    #[test]
    fn offers_the_package_just_below_when_within_1e_6_and_closer() {
        let m = maker([0.1, 0.4999995, 0.5000004, 1.0], 0.0);
        // Below is 3e-7 away, above 6e-7: below wins.
        assert_eq!(offer(&m, 0.4999998), 1);
        // Below is 5e-7 away, above 4e-7: above wins.
        assert_eq!(offer(&m, 0.5), 2);
        // Below is 1e-7 away and above far: below.
        assert_eq!(offer(&m, 0.5000005), 2);
        // Below is more than 1e-6 away: above, however far.
        assert_eq!(offer(&m, 0.5000016), 3);
    }

    #[test]
    fn the_package_just_below_may_be_below_the_batna_as_in_negmas() {
        let m = maker([0.1, 0.4999995, 0.5000004, 1.0], 0.4999997);
        assert_eq!(m.worst, 0.4999997);
        // The threshold sits on the BATNA; the package 2e-7 below it is closer than the one
        // 7e-7 above, so NegMAS offers it although it is worse than no agreement.
        assert_eq!(offer(&m, m.worst), 1);
    }

    #[test]
    fn offers_the_best_package_when_nothing_reaches_the_threshold() {
        let m = maker([0.1, 0.3, 0.6, 0.9], 0.0);
        assert_eq!(offer(&m, 0.95), 3);
    }

    #[test]
    fn acceptance_range_follows_negmas_and_stays_empty_above_the_best() {
        let m = maker([0.2, 0.4, 0.6, 1.0], 0.0);
        assert_eq!((m.best, m.worst), (1.0, 0.2));
        let (lower, upper) = m.range(0.5);
        assert_eq!(lower, (0.8 * 0.5 + 0.2) - 1e-4);
        assert_eq!(upper, 1.0);
        // At aspiration 1 the margin keeps the range below the best utility.
        assert_eq!(m.range(1.0).0, 1.0 - 1e-4);
        // At aspiration 0 the range is clamped to the worst acceptable utility.
        assert_eq!(m.range(0.0).0, 0.2);
        // A BATNA above the best utility: an empty range at the BATNA, and no panic.
        let m = maker([0.2, 0.4, 0.6, 0.7], 0.8);
        assert_eq!(m.range(0.5), (0.8, 0.8));
    }

    #[test]
    fn time_based_aspiration_uses_the_reciprocal_exponent() {
        // Boulware (e = 0.25) concedes as t^4, Conceder (e = 4) as t^0.25.
        assert_eq!(OfferMaker::aspiration(0.25, 0.5), 1.0 - 0.0625);
        assert_eq!(OfferMaker::aspiration(1.0, 0.5), 0.5);
        assert!((OfferMaker::aspiration(4.0, 0.0625) - 0.5).abs() < 1e-15);
    }
}
