//! What each cycle reports (`cycles.csv`).

use crate::model::traits::Traits;
use crate::organisation::components::*;

/// One cycle of one organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleRecord {
    /// Cycle, from 1.
    pub cycle: u32,
    /// Population mean of each (effective) trait, in trait order.
    pub trait_means: [f64; 8],
    /// Population standard deviation of each trait.
    pub trait_sds: [f64; 8],
    /// Mean collaborativeness index.
    pub collaborativeness: f64,
    /// Processes this cycle.
    pub processes: u32,
    /// Processes with a facilitator.
    pub facilitated: u32,
    /// Share of processes that reached agreement.
    pub agreement_rate: f64,
    /// Share that were win-win-win.
    pub win_win_win_rate: f64,
    /// Mean joint utility per process.
    pub mean_joint_utility: f64,
    /// Mean utility per stakeholder.
    pub mean_utility: f64,
    /// Mean world value per process.
    pub mean_world_value: f64,
    /// Mean rounds per process.
    pub mean_rounds: f64,
    /// Lever costs and counts.
    pub ledger: Ledger,
}

/// Summarises a cycle from the population's traits and the finished tables.
pub fn record(
    cycle: u32,
    population: &[Traits],
    outcomes: &[TableOutcome],
    ledger: Ledger,
) -> CycleRecord {
    let n = population.len().max(1) as f64;
    // Summed, then divided once: a population whose traits all sit at a bound has exactly
    // that mean (a sum of x / n drifted to 1.0000000000000004).
    let mut means = [0.0; 8];
    for t in population {
        for (m, x) in means.iter_mut().zip(t.to_array()) {
            *m += x;
        }
    }
    means.iter_mut().for_each(|m| *m /= n);
    let mut sds = [0.0; 8];
    for t in population {
        for ((s, x), m) in sds.iter_mut().zip(t.to_array()).zip(means) {
            *s += (x - m) * (x - m);
        }
    }
    let denom = (population.len().max(2) - 1) as f64;
    sds.iter_mut().for_each(|s| *s = (*s / denom).sqrt());
    let collaborativeness = population.iter().map(collaborativeness).sum::<f64>() / n;
    let p = outcomes.len().max(1) as f64;
    let metric = |f: &dyn Fn(&TableOutcome) -> f64| outcomes.iter().map(f).sum::<f64>() / p;
    let seats: usize = outcomes.iter().map(|t| t.seats.len()).sum();
    CycleRecord {
        cycle,
        trait_means: means,
        trait_sds: sds,
        collaborativeness,
        processes: outcomes.len() as u32,
        facilitated: outcomes.iter().filter(|t| t.result.facilitated).count() as u32,
        agreement_rate: metric(&|t| f64::from(u8::from(t.result.metrics.agreed))),
        win_win_win_rate: metric(&|t| f64::from(u8::from(t.result.metrics.win_win_win))),
        mean_joint_utility: metric(&|t| t.result.metrics.joint_utility),
        mean_utility: outcomes
            .iter()
            .map(|t| t.result.metrics.joint_utility)
            .sum::<f64>()
            / seats.max(1) as f64,
        mean_world_value: metric(&|t| t.result.metrics.world_value),
        mean_rounds: metric(&|t| f64::from(t.result.metrics.rounds)),
        ledger,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_population_at_a_bound_has_exactly_that_mean() {
        for people in [3, 7, 10, 1000] {
            let population = vec![Traits::uniform(1.0); people];
            let r = record(1, &population, &[], Ledger::default());
            assert_eq!(r.trait_means, [1.0; 8], "{people} people");
            assert_eq!(r.trait_sds, [0.0; 8]);
        }
    }
}
