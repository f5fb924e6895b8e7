//! Engine speed: processes per second, one thread, for real experiment plans. Each process is
//! what `negsim run` does for it (table set-up, the rounds, metrics), without writing CSV.

use crate::error::Result;
use crate::experiment::file::ExperimentFile;
use crate::experiment::plan::Plan;
use crate::experiment::simulation::simulate;
use crate::protocol::setup::Observe;
use crate::source::Source;
use std::path::Path;
use std::time::{Duration, Instant};

/// Classic tactics on a generated case: Boulware (first seat, offers first) against Conceder,
/// 5 issues x 10 options (100,000 packages), 100 rounds. `{case_seed}` is replaced by a
/// `seed = N` line (one case for every replication, prepared once) or removed (a new case per
/// replication, each prepared, Pareto frontier included).
pub const BOULWARE_VS_CONCEDER: &str = r#"
[experiment]
name = "bench-boulware-vs-conceder"
seed = 1
replications = 200

[base]
protocol = "alternating_offers"
deadline = 100

[base.case_generator]
kind = "random_linear"
stakeholders = 2
issues = 5
options = 10
{case_seed}

[base.stakeholders.s1]
tactic = "boulware"

[base.stakeholders.s2]
tactic = "conceder"
"#;

/// W2, large participation processes (`experiments/bench/participation-w2.toml`): 7
/// stakeholders, 8 issues x 5 options, a mixed culture with a facilitator, deadline 200, a new
/// case per replication.
pub const PARTICIPATION_W2: &str = include_str!("../../experiments/bench/participation-w2.toml");

/// Figures of one workload.
#[derive(Clone, Debug)]
pub struct EngineFigures {
    /// What was run.
    pub label: String,
    /// Processes in one pass over the plan.
    pub processes: u64,
    /// Rounds in one pass.
    pub rounds: u64,
    /// Agreements in one pass.
    pub agreements: u64,
    /// Time of one pass, on one thread.
    pub elapsed: Duration,
    /// Time to build the plan (cases read and prepared once, outcome spaces included).
    pub plan_time: Duration,
}

impl EngineFigures {
    /// Processes per second.
    pub fn processes_per_second(&self) -> f64 {
        self.processes as f64 / self.elapsed.as_secs_f64().max(1e-12)
    }

    /// Rounds per second.
    pub fn rounds_per_second(&self) -> f64 {
        self.rounds as f64 / self.elapsed.as_secs_f64().max(1e-12)
    }
}

/// The Boulware-vs-Conceder plan, with one fixed case or a new case per replication.
pub fn boulware_vs_conceder(fixed_case: bool) -> Result<Plan> {
    let text =
        BOULWARE_VS_CONCEDER.replace("{case_seed}", if fixed_case { "seed = 7" } else { "" });
    let file = ExperimentFile::parse(Source::from_text("bench-boulware-vs-conceder.toml", text))?;
    Plan::build(file, None)
}

/// W2, with one fixed case (`seed = 7`) or a new case per replication (as committed); the
/// first `replications` replications only, if given.
pub fn participation_w2(fixed_case: bool, replications: Option<u64>) -> Result<Plan> {
    let mut text = PARTICIPATION_W2.to_string();
    if fixed_case {
        text = text.replace(
            "[base.case_generator]\n",
            "[base.case_generator]\nseed = 7\n",
        );
    }
    if let Some(r) = replications {
        text = text.replace("replications = 2000", &format!("replications = {r}"));
    }
    let file = ExperimentFile::parse(Source::from_text("participation-w2.toml", text))?;
    Plan::build(file, None)
}

/// Reads and plans an experiment file.
pub fn plan_of(path: &Path) -> Result<Plan> {
    Plan::build(ExperimentFile::read(path)?, None)
}

/// Runs every process of a plan on this thread, repeating passes for at least `min_time`.
/// The first pass is not timed: it fills per-thread caches (schedules, generated cases), as a
/// long run's first processes would.
pub fn measure(label: &str, plan: &Plan, plan_time: Duration, min_time: Duration) -> EngineFigures {
    let count = plan.process_count();
    let mut rounds = 0;
    let mut agreements = 0;
    for id in 0..count {
        let r = simulate(plan, id, Observe::default());
        rounds += r.outcome.rounds as u64;
        agreements += r.outcome.agreement.is_some() as u64;
    }
    let mut passes = 0u32;
    let mut elapsed = Duration::ZERO;
    while passes == 0 || elapsed < min_time {
        let clock = Instant::now();
        for id in 0..count {
            std::hint::black_box(simulate(plan, id, Observe::default()));
        }
        elapsed += clock.elapsed();
        passes += 1;
    }
    EngineFigures {
        label: label.to_string(),
        processes: count,
        rounds,
        agreements,
        elapsed: elapsed / passes,
        plan_time,
    }
}

/// Times a plan builder and measures the plan.
pub fn run(
    label: &str,
    build: impl FnOnce() -> Result<Plan>,
    min_time: Duration,
) -> Result<EngineFigures> {
    let clock = Instant::now();
    let plan = build()?;
    let plan_time = clock.elapsed();
    Ok(measure(label, &plan, plan_time, min_time))
}
