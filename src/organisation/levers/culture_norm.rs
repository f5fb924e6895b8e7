//! Lever 2, culture: a norm that peers at the table reinforce. After each process everyone
//! moves a share `strength` of the distance towards the most collaborative person at their
//! table (or, for a positional norm, the most positional one).

use crate::model::traits::Traits;
use crate::organisation::components::*;
use crate::organisation::config::NormDirection;
use bevy_ecs::prelude::*;

/// Applies the culture norm at every table of this cycle.
pub fn reinforce(
    setup: Res<OrgSetup>,
    clock: Res<Clock>,
    members: Res<Members>,
    outcomes: Res<Outcomes>,
    mut ledger: ResMut<Ledger>,
    mut people: Query<&mut Mindset>,
) {
    let norm = &setup.config.culture_norm;
    if norm.strength == 0.0 || !norm.timing.active(clock.cycle) {
        return;
    }
    for table in &outcomes.0 {
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
        let target = used[model].traits.to_array();
        for (s, &e) in table.seats.iter().enumerate() {
            if s == model {
                continue;
            }
            if let Ok(mut mind) = people.get_mut(e) {
                let mut a = mind.0.to_array();
                for (x, y) in a.iter_mut().zip(target) {
                    *x += norm.strength * (y - *x);
                }
                mind.0 = Traits::from_array(a);
            }
        }
    }
    ledger.culture_norm += norm.cost_per_person * members.0.len() as f64;
}
