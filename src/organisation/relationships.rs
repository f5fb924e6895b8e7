//! Relationships persist: trust between people who have met carries from one process to the
//! next (stored sparsely, per person, the most recent `relationship_memory` acquaintances), and
//! reputation spreads through the tables one sits at.

use crate::organisation::components::*;
use bevy_ecs::prelude::*;
use rayon::prelude::*;

/// Weight of the latest process in a person's reputation.
const REPUTATION_UPDATE: f64 = 0.2;

/// People updated in parallel at a time when absorbing outcomes.
const ABSORB_BATCH: usize = 8192;

/// Initial trust at a table, `[s * n + t]`: remembered trust where the two have met, otherwise
/// a blend of one's trust propensity and the other's reputation. `ids` are the people's ids in
/// seat order.
pub fn initial_trust(
    world: &World,
    seats: &[Entity],
    ids: &[u64],
    traits: &[crate::model::traits::Traits],
    reputation_weight: f64,
) -> Vec<f64> {
    let n = seats.len();
    // Each person's reputation, looked up once rather than once per pair.
    let reputations: Vec<f64> = seats
        .iter()
        .map(|&e| world.get::<Reputation>(e).map_or(0.5, |r| r.0))
        .collect();
    let mut trust = vec![0.0; n * n];
    for s in 0..n {
        let known = world.get::<Acquaintances>(seats[s]);
        for t in 0..n {
            if s == t {
                trust[s * n + t] = traits[s].trust_propensity;
                continue;
            }
            trust[s * n + t] = match known.and_then(|k| k.trust(ids[t])) {
                Some(v) => v,
                None => {
                    (1.0 - reputation_weight) * traits[s].trust_propensity
                        + reputation_weight * reputations[t]
                }
            };
        }
    }
    trust
}

/// Takes in this cycle's finished tables: trust remembered, reputations updated, practice noted.
/// Each person's update depends on their own table alone, so people are updated in parallel:
/// at 100,000 people the work is mostly waiting for memory (every person's acquaintances).
pub fn absorb_outcomes(
    setup: Res<OrgSetup>,
    outcomes: Res<Outcomes>,
    seating: Res<Seating>,
    mut people: Query<(Entity, &mut Acquaintances, &mut Reputation, &mut Practice)>,
) {
    let memory = setup.config.relationship_memory;
    let absorb = |((t, s), known, rep, practice): &mut (
        (usize, usize),
        Mut<Acquaintances>,
        Mut<Reputation>,
        Mut<Practice>,
    )| {
        let (t, s) = (*t, *s);
        let table = &outcomes.0[t];
        let n = table.seats.len();
        let end = &table.result.outcome.seats;
        for other in (0..n).filter(|&o| o != s) {
            known.remember(table.ids[other], end[s].trust[other], memory);
        }
        practice.processes += 1;
        practice.agreed |= table.result.metrics.agreed;
        // How the others at the table trusted s at the end.
        let seen: f64 = (0..n)
            .filter(|&o| o != s)
            .map(|o| end[o].trust[s])
            .sum::<f64>()
            / (n - 1) as f64;
        rep.0 += REPUTATION_UPDATE * (seen - rep.0);
    };
    // In batches, so that the list of people being updated stays small at any population.
    let mut seated = people
        .iter_mut()
        .filter_map(|(person, known, rep, practice)| {
            seating
                .seat(person)
                .map(|seat| (seat, known, rep, practice))
        });
    let mut batch = Vec::with_capacity(ABSORB_BATCH);
    loop {
        batch.extend(seated.by_ref().take(ABSORB_BATCH));
        if batch.is_empty() {
            break;
        }
        batch.par_iter_mut().for_each(absorb);
        batch.clear();
    }
}
