//! Lever 2, culture: a norm that peers at the table reinforce. After each process everyone
//! moves a share `strength` of the distance towards the most collaborative person at their
//! table (or, for a positional norm, the most positional one).

use crate::model::organisation::NormDirection;
use crate::model::traits::Traits;
use crate::organisation::components::*;
use bevy_ecs::prelude::*;

/// Applies the culture norm at every table of this cycle.
pub fn reinforce(
    setup: Res<OrgSetup>,
    clock: Res<Clock>,
    members: Res<Members>,
    outcomes: Res<Outcomes>,
    seating: Res<Seating>,
    mut ledger: ResMut<Ledger>,
    mut people: Query<(Entity, &mut Mindset)>,
) {
    let norm = &setup.config.culture_norm;
    if norm.strength == 0.0 || !norm.timing.active(clock.cycle) {
        return;
    }
    // Each table's model (the seat everyone else moves towards) and its traits in the process.
    let models: Vec<(usize, [f64; 8])> = outcomes
        .0
        .iter()
        .map(|table| {
            let used = &table.result.seats;
            let score = |s: usize| collaborativeness(&used[s].traits);
            let model = (0..used.len())
                .max_by(|&a, &b| {
                    let order = score(a).total_cmp(&score(b));
                    let order = if norm.direction == NormDirection::Positional {
                        order.reverse()
                    } else {
                        order
                    };
                    order.then(b.cmp(&a))
                })
                .unwrap_or(0);
            (model, used[model].traits.to_array())
        })
        .collect();
    for (person, mut mind) in &mut people {
        let Some((t, s)) = seating.seat(person) else {
            continue;
        };
        let (model, target) = models[t];
        if s == model {
            continue;
        }
        let mut a = mind.0.to_array();
        for (x, y) in a.iter_mut().zip(target) {
            *x += norm.strength * (y - *x);
        }
        mind.0 = Traits::from_array(a);
    }
    ledger.culture_norm += norm.cost_per_person * members.0.len() as f64;
}
