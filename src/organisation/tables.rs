//! Forming tables: every cycle the population is shuffled and seated at tables whose sizes are
//! drawn from the group-size distribution; a share of tables gets a facilitator (lever 3).
//!
//! When a drawn size no longer fits, the last table takes everyone left if they are at least
//! `group_size.min` (with a fixed case, exactly its number of stakeholders); fewer sit out
//! that cycle. Facilitators are drawn from a stream of their own, so that an organisation with
//! the facilitation lever seats the same people at the same tables as one without it (common
//! random numbers across conditions).

use crate::organisation::components::*;
use crate::rng::{Purpose, chance, index};
use bevy_ecs::prelude::*;

/// Seats people at this cycle's tables.
pub fn form_tables(
    setup: Res<OrgSetup>,
    clock: Res<Clock>,
    members: Res<Members>,
    mut tables: ResMut<Tables>,
    mut ledger: ResMut<Ledger>,
) {
    let cfg = &setup.config;
    let mut rng = setup
        .streams
        .stream(Purpose::Organisation, u64::from(clock.cycle) * 8);
    let mut facilitator_rng = setup
        .streams
        .stream(Purpose::Organisation, u64::from(clock.cycle) * 8 + 4);
    let mut order: Vec<Entity> = members.0.clone();
    for i in (1..order.len()).rev() {
        let j = index(&mut rng, i + 1);
        order.swap(i, j);
    }
    tables.0.clear();
    let (min, max) = (cfg.group_size.min, cfg.group_size.max);
    let facilitation = cfg.facilitation.timing.active(clock.cycle) && cfg.facilitation.share > 0.0;
    let mut next = 0;
    while tables.0.len() < cfg.tables_per_cycle() {
        let left = order.len() - next;
        let drawn = min + index(&mut rng, max - min + 1);
        let size = match &setup.cases {
            CasePool::Fixed(c) if c.n <= left => c.n,
            // The last table takes everyone left when the drawn size no longer fits.
            CasePool::Generated(_) if left >= min => drawn.min(left),
            _ => break,
        };
        let case = match &setup.cases {
            CasePool::Fixed(c) => c.clone(),
            CasePool::Generated(pool) => {
                let options = &pool[size - min];
                options[index(&mut rng, options.len())].clone()
            }
        };
        let facilitator = facilitation && chance(&mut facilitator_rng, cfg.facilitation.share);
        if facilitator {
            ledger.facilitation += cfg.facilitation.cost_per_process;
        }
        tables.0.push(TablePlan {
            seats: order[next..next + size].to_vec(),
            case,
            facilitator,
        });
        next += size;
    }
}

/// Indexes who sat where in this cycle's finished tables, for the systems after the processes.
pub fn index_seats(outcomes: Res<Outcomes>, mut seating: ResMut<Seating>) {
    *seating = Seating::of(outcomes.0.iter().map(|t| t.seats.as_slice()));
}
