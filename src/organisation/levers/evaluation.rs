//! Lever 5, evaluate and learn: after each process every participant asks what paid off for
//! itself and its table (payoff = half its own surplus over BATNA plus half the table's mean
//! surplus). If its payoff beats the organisation's mean payoff this cycle, it moves towards
//! its table's traits (what it did worked); otherwise towards the traits of last cycle's
//! win-win-win tables (what worked elsewhere). It moves `learning_rate` of the distance.

use crate::model::traits::Traits;
use crate::organisation::components::*;
use bevy_ecs::prelude::*;

fn payoffs(table: &TableOutcome) -> Vec<f64> {
    let m = &table.result.metrics;
    let batna = &table.result.case.batna;
    let surplus: Vec<f64> = m
        .utilities
        .iter()
        .zip(batna)
        .map(|(u, b)| if m.agreed { u - b } else { 0.0 })
        .collect();
    let mean = surplus.iter().sum::<f64>() / surplus.len() as f64;
    surplus.iter().map(|s| 0.5 * s + 0.5 * mean).collect()
}

fn mean_traits<'a>(traits: impl Iterator<Item = &'a Traits>) -> Option<Traits> {
    let mut sum = [0.0; 8];
    let mut n = 0.0;
    for t in traits {
        for (s, x) in sum.iter_mut().zip(t.to_array()) {
            *s += x;
        }
        n += 1.0;
    }
    (n > 0.0).then(|| Traits::from_array(sum.map(|s| s / n)))
}

/// Participants learn from this cycle's processes; then the reference of what paid off is
/// updated for the next cycle.
pub fn evaluate_and_learn(
    setup: Res<OrgSetup>,
    clock: Res<Clock>,
    outcomes: Res<Outcomes>,
    mut reference: ResMut<LearningReference>,
    mut ledger: ResMut<Ledger>,
    mut people: Query<&mut Mindset>,
) {
    let e = &setup.config.evaluation;
    if e.learning_rate > 0.0 && e.timing.active(clock.cycle) {
        let all: Vec<Vec<f64>> = outcomes.0.iter().map(payoffs).collect();
        let count: usize = all.iter().map(Vec::len).sum();
        let mean = all.iter().flatten().sum::<f64>() / count.max(1) as f64;
        for (table, pay) in outcomes.0.iter().zip(&all) {
            let used = &table.result.seats;
            let at_table = mean_traits(used.iter().map(|s| &s.traits));
            for (s, &person) in table.seats.iter().enumerate() {
                let target = if pay[s] > mean {
                    at_table
                } else {
                    reference.successful.or(at_table)
                };
                let Some(target) = target else { continue };
                if let Ok(mut mind) = people.get_mut(person) {
                    let mut a = mind.0.to_array();
                    for (x, y) in a.iter_mut().zip(target.to_array()) {
                        *x += e.learning_rate * (y - *x);
                    }
                    mind.0 = Traits::from_array(a);
                }
            }
        }
        ledger.evaluation += e.cost_per_participant * count as f64;
    }
    let winners = outcomes
        .0
        .iter()
        .filter(|t| t.result.metrics.win_win_win)
        .flat_map(|t| t.result.seats.iter().map(|s| &s.traits));
    if let Some(t) = mean_traits(winners) {
        reference.successful = Some(t);
    }
}
