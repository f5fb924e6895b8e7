//! Lever 4, mentoring: every newcomer is paired with an experienced person and moves a share
//! `rate` of the distance towards the mentor's traits each cycle.

use crate::organisation::components::*;
use crate::rng::{Purpose, index};
use bevy_ecs::prelude::*;

/// Pairs newcomers with mentors and passes traits on.
pub fn mentor(world: &mut World) {
    let setup = world.resource::<OrgSetup>().clone();
    let clock = *world.resource::<Clock>();
    let m = &setup.config.mentoring;
    if m.rate == 0.0 || !m.timing.active(clock.cycle) {
        return;
    }
    let members = world.resource::<Members>().0.clone();
    let hired = |w: &World, e: Entity| w.get::<Person>(e).map_or(0, |p| p.hired);
    let experienced: Vec<Entity> = members
        .iter()
        .copied()
        .filter(|&e| clock.cycle.saturating_sub(hired(world, e)) >= m.mentor_experience)
        .collect();
    if experienced.is_empty() {
        return;
    }
    let mut rng = setup
        .streams
        .stream(Purpose::Organisation, u64::from(clock.cycle) * 8 + 3);
    let mut pairs = 0u32;
    for &e in &members {
        let tenure = clock.cycle.saturating_sub(hired(world, e));
        if tenure >= m.newcomer_cycles || hired(world, e) == 0 {
            continue;
        }
        let current = world
            .get::<Mentee>(e)
            .and_then(|x| x.mentor)
            .filter(|&mentor| world.get_entity(mentor).is_ok());
        let mentor = current.unwrap_or_else(|| experienced[index(&mut rng, experienced.len())]);
        let Some(target) = world.get::<Mindset>(mentor).map(|x| x.0) else {
            continue;
        };
        if let Some(mut mentee) = world.get_mut::<Mentee>(e) {
            mentee.mentor = Some(mentor);
        }
        if let Some(mut mind) = world.get_mut::<Mindset>(e) {
            let mut a = mind.0.to_array();
            for (x, y) in a.iter_mut().zip(target.to_array()) {
                *x += m.rate * (y - *x);
            }
            mind.0 = crate::model::traits::Traits::from_array(a);
        }
        pairs += 1;
    }
    let mut ledger = world.resource_mut::<Ledger>();
    ledger.mentoring_pairs = pairs;
    ledger.mentoring += f64::from(pairs) * m.cost_per_pair;
}
