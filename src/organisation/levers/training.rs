//! Lever 1, training: a share of the population is trained per session; each trained trait
//! gains `dose * (1 - current)` (diminishing returns: the better one already is, and the more
//! one has been trained, the less a session adds). The gain decays by `decay` in every cycle
//! without practice (taking part in an agreement).

use crate::organisation::components::*;
use crate::rng::{Purpose, index};
use bevy_ecs::prelude::*;

/// Trains a random share of the population when a session is due.
pub fn train(
    setup: Res<OrgSetup>,
    clock: Res<Clock>,
    members: Res<Members>,
    mut ledger: ResMut<Ledger>,
    mut people: Query<(&Mindset, &mut TrainingGain)>,
) {
    let t = &setup.config.training;
    if t.share == 0.0 || t.dose == 0.0 || !t.timing.active(clock.cycle) {
        return;
    }
    let count = (t.share * members.0.len() as f64).round() as usize;
    let mut rng = setup
        .streams
        .stream(Purpose::Organisation, u64::from(clock.cycle) * 8 + 2);
    let mut order: Vec<usize> = (0..members.0.len()).collect();
    for i in 0..count.min(order.len()) {
        let j = i + index(&mut rng, order.len() - i);
        order.swap(i, j);
    }
    let mut chosen: Vec<usize> = order[..count.min(order.len())].to_vec();
    chosen.sort_unstable();
    for slot in chosen {
        let Ok((mind, mut gain)) = people.get_mut(members.0[slot]) else {
            continue;
        };
        let base = mind.0.to_array();
        for name in &t.traits {
            let i = name.index();
            let current = (base[i] + gain.0[i]).clamp(0.0, 1.0);
            gain.0[i] += t.dose * (1.0 - current);
        }
        ledger.training += t.cost_per_person;
        ledger.trained += 1;
    }
}

/// Training gains fade for people who did not practise this cycle.
pub fn fade(setup: Res<OrgSetup>, mut people: Query<(&mut TrainingGain, &Practice)>) {
    let decay = setup.config.training.decay;
    for (mut gain, practice) in &mut people {
        if !practice.agreed {
            gain.0.iter_mut().for_each(|g| *g *= 1.0 - decay);
        }
    }
}
