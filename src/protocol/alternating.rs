//! The stacked alternating-offers protocol with classic tactics, mirroring NegMAS's SAO
//! mechanism and its time-based negotiators so that runs can be cross-checked on the same case.
//!
//! Rounds s = 0..deadline-1; negotiators see relative time t = (s + 1) / (deadline + 1). In each
//! round every party acts once, in seat order: with no offer on the table it proposes;
//! otherwise it accepts (agreement when all n parties have accepted the current offer, the
//! proposer counting as one) or rejects and counter-offers, which resets the count.

use crate::model::prepared::PreparedCase;
use crate::protocol::components::*;
use crate::protocol::concession::aspiration_at;
use crate::protocol::inverter::Inverter;
use crate::protocol::observe::{Event, RoundLog, RoundRecord, Transcript};
use crate::protocol::search::Search;
use crate::protocol::setup::Tactic;
use bevy_ecs::prelude::*;
use std::sync::Arc;

/// NegMAS's margin below the aspiration curve.
const THRESHOLD_MARGIN: f64 = 1e-4;
/// NegMAS's tolerance for offering the outcome just below the threshold.
const NEAR_BELOW: f64 = 1e-6;

/// A negotiator's offer-making state under alternating offers.
#[derive(Component, Clone, Debug)]
pub struct OfferMaker {
    /// Utility inverter of this stakeholder (shared per case).
    pub inverters: Arc<Vec<Inverter>>,
    /// Largest utility.
    pub best: f64,
    /// max(smallest utility, BATNA).
    pub worst: f64,
    /// Tit-for-tat: current target utility.
    pub target: f64,
    /// Tit-for-tat: utility of the last offer received.
    pub last_received: Option<f64>,
}

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

impl OfferMaker {
    /// Threshold of a time-based tactic with exponent e at relative time t.
    pub fn threshold(&self, e: f64, t: f64) -> f64 {
        let aspiration = 1.0 - libm::pow(t, 1.0 / e);
        // A reservation value above the best package leaves nothing to aim for but the best.
        if self.worst >= self.best {
            return self.best;
        }
        (self.worst + (self.best - self.worst) * aspiration - THRESHOLD_MARGIN)
            .clamp(self.worst, self.best)
    }

    /// NegMAS's offer rule: the package with the smallest utility at or above `target`
    /// (or the one just below it when that is within 1e-6 and strictly closer); the best
    /// package if none reaches the target.
    pub fn offer(&self, s: usize, target: f64, package: &mut [u8], scratch: &mut [u8]) {
        let inverter = &self.inverters[s];
        match inverter.at_least(target, package) {
            Some(above) => {
                if let Some(below) = inverter.below(target, scratch)
                    && below >= self.worst
                    && target - below <= NEAR_BELOW
                    && target - below < above - target
                {
                    package.copy_from_slice(scratch);
                }
            }
            None => package.copy_from_slice(&inverter.best()),
        }
    }
}

/// Builds the offer maker of seat `s`.
pub fn offer_maker(case: &PreparedCase, inverters: Arc<Vec<Inverter>>, s: usize) -> OfferMaker {
    let best = inverters[s].max_utility;
    let worst = inverters[s].min_utility.max(case.batna[s]);
    OfferMaker {
        inverters,
        best,
        worst,
        target: best,
        last_received: None,
    }
}

/// One round of alternating offers.
pub fn alternate(
    case: Res<CaseRes>,
    rules: Res<RulesRes>,
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
    )>,
) {
    let case = &case.0;
    let n = case.n;
    let round = table.round + 1;
    let t = (table.round + 1) as f64 / (rules.0.deadline + 1) as f64;
    let mut scratch = [0u8; 64];
    for s in 0..n {
        let Ok((
            conduct,
            traits,
            mut maker,
            mut aspiration,
            mut beliefs,
            mut position,
            mut departure,
        )) = agents.get_mut(seat_list.0[s])
        else {
            continue;
        };
        let target = match conduct.0 {
            Tactic::TitForTat => {
                if on_table.present {
                    let u = case.utility(s, &on_table.package);
                    if let Some(last) = maker.last_received
                        && u > last
                    {
                        maker.target = (maker.target - (u - last)).max(maker.worst);
                    }
                    maker.last_received = Some(u);
                }
                maker.target
            }
            Tactic::Mindset => {
                aspiration.clock = t;
                aspiration.value = aspiration_at(&aspiration).max(case.batna[s]);
                aspiration.value
            }
            tactic => maker.threshold(tactic.exponent().unwrap_or(1.0), t),
        };
        if on_table.present {
            let u = case.utility(s, &on_table.package);
            // Never below the BATNA, whatever the tactic says.
            let accepted = u >= target && u >= case.batna[s];
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
                    let package = on_table.package.clone();
                    transcript.push(|| Event::Agreed {
                        round,
                        slot: proposer,
                        package,
                    });
                    break;
                }
                continue;
            }
        }
        // Propose (first move) or counter-offer.
        let pkg = &mut position.current;
        match conduct.0 {
            Tactic::Mindset => mindset_offer(case, s, traits, &mut beliefs, target, pkg),
            _ => maker.offer(s, target, pkg, &mut scratch[..case.k]),
        }
        // A proposer counts as accepting its own offer, so one whose every package is worse
        // than its BATNA has nothing to offer: it leaves the table instead.
        if case.utility(s, pkg) < case.batna[s] {
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
        let package = pkg.clone();
        transcript.push(|| Event::Proposed {
            round,
            seat: s,
            package,
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
    if table.status == Status::Open && table.round >= rules.0.deadline {
        table.status = Status::Deadline;
        let round = table.round;
        transcript.push(|| Event::DeadlinePassed { round });
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
    };
    let slack = case.utility(s, package) - aspiration;
    search.concede(package, slack);
}
