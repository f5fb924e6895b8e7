//! Lever 4, mentoring and coaching: every newcomer is paired with a mentor and moves a share
//! `rate` of the distance towards the mentor's traits each cycle. The mentor comes from the
//! lever's pool: any experienced colleague (who passes on the organisation's habits, positional
//! ones included), the most collaborative experienced colleagues, trained ones, or an external
//! coach drawn from a culture of the experiment's choosing.

use crate::model::organisation::{MentorPool, Mentoring};
use crate::model::traits::Traits;
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
    let coaches = match (m.pool, &setup.coaches) {
        (MentorPool::External, Some(coaches)) => Some(coaches),
        (MentorPool::External, None) => return,
        _ => None,
    };
    let pool = match coaches {
        Some(_) => Vec::new(),
        None => mentors(world, &members, m, clock.cycle),
    };
    if coaches.is_none() && pool.is_empty() {
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
        let mentee = world.get::<Mentee>(e).copied().unwrap_or_default();
        let (target, paired) = match coaches {
            Some(coaches) => {
                let coach = mentee.coach.unwrap_or_else(|| coaches.draw(&mut rng));
                (
                    coach,
                    Mentee {
                        mentor: None,
                        coach: Some(coach),
                    },
                )
            }
            None => {
                let current = mentee
                    .mentor
                    .filter(|&mentor| world.get_entity(mentor).is_ok());
                let mentor = current.unwrap_or_else(|| pool[index(&mut rng, pool.len())]);
                let Some(traits) = traits_at_the_table(world, mentor) else {
                    continue;
                };
                (
                    traits,
                    Mentee {
                        mentor: Some(mentor),
                        coach: None,
                    },
                )
            }
        };
        if let Some(mut mentee) = world.get_mut::<Mentee>(e) {
            *mentee = paired;
        }
        if let Some(mut mind) = world.get_mut::<Mindset>(e) {
            mind.0 = towards(mind.0, target, m.rate);
        }
        pairs += 1;
    }
    let mut ledger = world.resource_mut::<Ledger>();
    ledger.mentoring_pairs = pairs;
    ledger.mentoring += f64::from(pairs) * m.cost_per_pair;
}

/// `from` moved a share `rate` of the way to `to`, trait by trait.
pub fn towards(from: Traits, to: Traits, rate: f64) -> Traits {
    let mut a = from.to_array();
    for (x, y) in a.iter_mut().zip(to.to_array()) {
        *x += rate * (y - *x);
    }
    Traits::from_array(a)
}

/// The traits a person negotiates with, training included: what a mentor shows a newcomer.
fn traits_at_the_table(world: &World, e: Entity) -> Option<Traits> {
    let gain = world.get::<TrainingGain>(e).copied().unwrap_or_default();
    world.get::<Mindset>(e).map(|m| m.effective(&gain))
}

/// The colleagues who mentor this cycle, in slot order: those with `mentor_experience` cycles
/// (all of them, the trained ones, or the `pool_share` most collaborative).
pub fn mentors(world: &World, members: &[Entity], m: &Mentoring, cycle: u32) -> Vec<Entity> {
    let experienced = members.iter().copied().filter(|&e| {
        world
            .get::<Person>(e)
            .is_some_and(|p| cycle.saturating_sub(p.hired) >= m.mentor_experience)
    });
    match m.pool {
        MentorPool::Experienced => experienced.collect(),
        MentorPool::Trained => experienced
            .filter(|&e| {
                world
                    .get::<TrainingGain>(e)
                    .is_some_and(|g| g.0.iter().any(|&x| x > 0.0))
            })
            .collect(),
        MentorPool::Collaborative => {
            let mut ranked: Vec<(f64, usize, Entity)> = experienced
                .enumerate()
                .filter_map(|(i, e)| {
                    traits_at_the_table(world, e).map(|t| (collaborativeness(&t), i, e))
                })
                .collect();
            // Most collaborative first; ties in slot order.
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let keep = ((m.pool_share * ranked.len() as f64).ceil() as usize).max(1);
            ranked.truncate(keep);
            ranked.sort_by_key(|r| r.1);
            ranked.into_iter().map(|r| r.2).collect()
        }
        MentorPool::External => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newcomer_moves_a_share_of_the_way_to_the_mentor() {
        let from = Traits::from_array([0.2; 8]);
        let to = Traits::from_array([0.8; 8]);
        let moved = towards(from, to, 0.25).to_array();
        for x in moved {
            assert!((x - 0.35).abs() < 1e-15, "{x}");
        }
    }

    /// A world of four people hired at cycle 0 with collaborativeness 0.2, 0.9, 0.5, 0.7, the
    /// third trained, and a newcomer hired at cycle 9.
    fn staff() -> (World, Vec<Entity>) {
        let mut world = World::new();
        let mut members = Vec::new();
        for (id, (level, trained)) in [
            (0.2, false),
            (0.9, false),
            (0.5, true),
            (0.7, false),
            (0.4, false),
        ]
        .into_iter()
        .enumerate()
        {
            let mut gain = TrainingGain::default();
            if trained {
                gain.0[0] = 0.1;
            }
            members.push(
                world
                    .spawn((
                        Person {
                            id: id as u64,
                            hired: if id == 4 { 9 } else { 0 },
                        },
                        Mindset(Traits::from_array([level; 8])),
                        gain,
                    ))
                    .id(),
            );
        }
        (world, members)
    }

    #[test]
    fn each_pool_holds_the_mentors_it_names() {
        let (world, members) = staff();
        let at = |pool: MentorPool, share: f64| {
            let m = Mentoring {
                pool,
                pool_share: share,
                ..Mentoring::default()
            };
            let chosen = mentors(&world, &members, &m, 10);
            chosen
                .iter()
                .map(|&e| members.iter().position(|&x| x == e).unwrap())
                .collect::<Vec<_>>()
        };
        // The newcomer (one cycle in) is nobody's mentor.
        assert_eq!(at(MentorPool::Experienced, 0.25), vec![0, 1, 2, 3]);
        assert_eq!(at(MentorPool::Trained, 0.25), vec![2]);
        // A quarter of four: the most collaborative one; a half: the two most, in slot order.
        assert_eq!(at(MentorPool::Collaborative, 0.25), vec![1]);
        assert_eq!(at(MentorPool::Collaborative, 0.5), vec![1, 3]);
        assert_eq!(at(MentorPool::External, 0.25), Vec::<usize>::new());
    }
}
