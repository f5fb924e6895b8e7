//! Turnover: a share of the population leaves each cycle and is replaced by newcomers drawn
//! from the hiring culture. Ids are never reused; the population size stays constant.

use crate::organisation::components::*;
use crate::rng::{Purpose, index};
use bevy_ecs::prelude::*;

/// What a person is made of when hired.
pub type PersonBundle = (
    Person,
    Mindset,
    TrainingGain,
    Acquaintances,
    Reputation,
    Practice,
    Mentee,
);

/// A person with traits drawn from a culture's distributions (stream keyed by id): the
/// founding culture's for the founders, the hiring culture's for newcomers.
pub fn person(setup: &OrgSetup, id: u64, cycle: u32, founding: bool) -> PersonBundle {
    let dist = if founding {
        &setup.culture
    } else {
        &setup.hiring
    };
    let traits = dist.draw(&mut setup.streams.stream(Purpose::Hiring, id));
    (
        Person { id, hired: cycle },
        Mindset(traits),
        TrainingGain::default(),
        Acquaintances::default(),
        Reputation(traits.trust_propensity),
        Practice::default(),
        Mentee::default(),
    )
}

/// Spawns the founding population, ids `0..population`, in one batch: the world sizes its
/// storage for exactly that many people once, where spawning them one by one doubles it past
/// the population (131,072 rows for 100,000 people, 9 MB of empty rows).
pub fn found(world: &mut World, setup: &OrgSetup) -> Vec<Entity> {
    // Called on a new world (`Organisation::new`), where a batch takes the same entities in the
    // same order as spawning one by one; on a world with despawned entities it would reuse
    // their slots in another order.
    let population = setup.config.population as u64;
    world
        .spawn_batch((0..population).map(|id| person(setup, id, 0, true)))
        .collect()
}

/// Replaces `round(turnover * population)` randomly chosen people (not in the first cycle).
pub fn turnover(world: &mut World) {
    let setup = world.resource::<OrgSetup>().clone();
    let clock = *world.resource::<Clock>();
    if clock.cycle <= 1 || setup.config.turnover == 0.0 {
        return;
    }
    let mut members = world.resource::<Members>().0.clone();
    let leavers = (setup.config.turnover * members.len() as f64).round() as usize;
    let mut rng = setup
        .streams
        .stream(Purpose::Organisation, u64::from(clock.cycle) * 8 + 1);
    // Partial Fisher-Yates: the first `leavers` slots of a shuffled order leave.
    let mut order: Vec<usize> = (0..members.len()).collect();
    for i in 0..leavers.min(order.len()) {
        let j = i + index(&mut rng, order.len() - i);
        order.swap(i, j);
    }
    let mut slots: Vec<usize> = order[..leavers.min(order.len())].to_vec();
    slots.sort_unstable();
    let mut next_id = clock.next_id;
    for slot in slots {
        world.despawn(members[slot]);
        members[slot] = world
            .spawn(person(&setup, next_id, clock.cycle, false))
            .id();
        next_id += 1;
    }
    world.resource_mut::<Clock>().next_id = next_id;
    world.resource_mut::<Members>().0 = members;
    world.resource_mut::<Ledger>().newcomers = leavers as u32;
}
