//! A strategy of your own at negsim's table: register it by name, name it in an experiment
//! file, and get the same CSV files, statistics and charts as for the built-in tactics.
//!
//! ```sh
//! cargo run --release --example custom_strategy
//! cargo run --release --example custom_strategy -- --cost   # speed of the plug-in point
//! ```
//!
//! The strategy here, "jittery linear", concedes linearly in its own utility from its best
//! package towards its BATNA, with a little noise drawn from its seat's random stream (so the
//! run is reproducible to the bit), and walks out when the deadline is near and the offer on
//! the table is still worse than its BATNA. It meets time-based tactics in the job-offer case.

use negsim::experiment::file::ExperimentFile;
use negsim::experiment::plan::Plan;
use negsim::experiment::runner::{self, RunOptions};
use negsim::experiment::stats;
use negsim::protocol::strategy::{self, Observation, Strategy};
use negsim::rng::{Stream, unit};
use std::path::PathBuf;

/// Concedes linearly with noise; walks out late against an offer below its BATNA.
struct JitteryLinear {
    /// How far (in utility) its target may wander either way.
    noise: f64,
}

impl JitteryLinear {
    /// The utility it holds out for at this turn.
    fn target(&self, o: &Observation<'_>, rng: &mut Stream) -> f64 {
        let floor = o.batna.max(0.0);
        let linear = o.best_utility - (o.best_utility - floor) * o.time;
        (linear + self.noise * (2.0 * unit(rng) - 1.0)).clamp(floor, o.best_utility)
    }
}

impl Strategy for JitteryLinear {
    fn respond(&mut self, o: &Observation<'_>, rng: &mut Stream) -> bool {
        let target = self.target(o, rng);
        o.offer_utility.is_some_and(|u| u >= target && u >= o.batna)
    }

    fn propose(&mut self, o: &Observation<'_>, rng: &mut Stream, package: &mut [u8]) {
        let target = self.target(o, rng);
        o.package_near(target, package);
    }

    fn walk_out(&mut self, o: &Observation<'_>, _rng: &mut Stream) -> bool {
        o.time > 0.9 && o.offer_utility.is_some_and(|u| u < o.batna)
    }
}

/// Linear concession from its best package to its BATNA, without noise: the same decisions as
/// the Python package's `negsim.Strategy`, to compare what the plug-in point costs in Rust
/// and in Python (`examples/python/strategy_cost.py`).
struct SteadyLinear;

impl SteadyLinear {
    fn target(o: &Observation<'_>) -> f64 {
        let floor = o.batna.max(0.0);
        o.best_utility - (o.best_utility - floor) * o.time
    }
}

impl Strategy for SteadyLinear {
    fn respond(&mut self, o: &Observation<'_>, _: &mut Stream) -> bool {
        o.offer_utility
            .is_some_and(|u| u >= Self::target(o).max(o.batna))
    }

    fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        o.package_near(Self::target(o), package);
    }
}

/// NegMAS's time-based tactic with exponent 1, exactly as the built-in `linear` decides
/// (its acceptance range on the aspiration curve, its offer rule), but through the plug-in
/// point: the same agreements, and the price of a boxed call and an observation per
/// decision.
struct ExactLinear;

impl ExactLinear {
    fn range(o: &Observation<'_>) -> (f64, f64) {
        let maker = o.offer_maker();
        maker.range(negsim::protocol::offer_maker::OfferMaker::aspiration(
            1.0, o.time,
        ))
    }
}

impl Strategy for ExactLinear {
    fn respond(&mut self, o: &Observation<'_>, _: &mut Stream) -> bool {
        let (lower, upper) = Self::range(o);
        o.offer_utility.is_some_and(|u| u >= lower && u <= upper)
    }

    fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        o.package_near(Self::range(o).0, package);
    }
}

/// The experiment `strategy_cost.py` times: 2,000 job offers, the strategy against Boulware,
/// on one thread.
const COST: &str = r#"
[experiment]
name = "strategy-cost"
seed = 1
replications = 2000

[base]
case = "job-offer"
protocol = "alternating_offers"
deadline = 20

[[condition]]
name = "cost"
stakeholders = { candidate = { tactic = "TACTIC" }, manager = { tactic = "boulware" } }
"#;

/// Runs the cost experiment with the candidate playing `tactic`; prints processes per second
/// and the mean joint utility (equal for strategies that decide alike).
fn cost(tactic: &str) -> negsim::error::Result<()> {
    let text = COST.replace("TACTIC", tactic);
    let plan = Plan::build(
        ExperimentFile::parse(negsim::source::Source::from_text("cost.toml", text))?,
        None,
    )?;
    let out = std::env::temp_dir().join(format!("negsim-cost-{tactic}"));
    let options = RunOptions {
        out: out.clone(),
        threads: Some(1),
        quiet: true,
        force: true,
        resume: false,
        shard: None,
    };
    let report = runner::run(&plan, &options)?;
    let statistics = stats::summarise(&out, &plan)?;
    let joint = statistics
        .summary
        .iter()
        .find(|r| r.metric == "joint_utility")
        .map_or(f64::NAN, |r| r.moments.mean);
    println!(
        "{tactic:>14}: {} processes in {:.3} s, {:.0} processes/s, mean joint utility {joint:.6}",
        report.processes,
        report.seconds,
        report.processes as f64 / report.seconds
    );
    drop(report);
    let _ = std::fs::remove_dir_all(out);
    Ok(())
}

const EXPERIMENT: &str = r#"
[experiment]
name = "custom-strategy"
question = "How does a jittery linear conceder fare against time-based tactics in the job offer?"
seed = 42
replications = 200

[base]
case = "job-offer"
protocol = "alternating_offers"
deadline = 20

[[condition]]
name = "jittery vs boulware"
stakeholders = { candidate = { tactic = "jittery_linear" }, manager = { tactic = "boulware" } }

[[condition]]
name = "jittery vs conceder"
stakeholders = { candidate = { tactic = "jittery_linear" }, manager = { tactic = "conceder" } }

[[condition]]
name = "linear vs boulware"
stakeholders = { candidate = { tactic = "linear" }, manager = { tactic = "boulware" } }
"#;

fn main() -> negsim::error::Result<()> {
    // Registered before the experiment is read: the file names it as a tactic.
    strategy::register("jittery_linear", |_seat| {
        Box::new(JitteryLinear { noise: 0.02 })
    })?;
    if std::env::args().any(|a| a == "--cost") {
        strategy::register("steady_linear", |_seat| Box::new(SteadyLinear))?;
        strategy::register("exact_linear", |_seat| Box::new(ExactLinear))?;
        // The built-in tactic (NegMAS's rule, matched in place), the very same rule through
        // the plug-in point, and a simpler linear concession through it; twice each, as the
        // first run warms the caches.
        for _ in 0..2 {
            for tactic in ["linear", "exact_linear", "steady_linear"] {
                cost(tactic)?;
            }
        }
        return Ok(());
    }

    let source = negsim::source::Source::from_text("custom-strategy.toml", EXPERIMENT);
    let plan = Plan::build(ExperimentFile::parse(source)?, None)?;
    let out = PathBuf::from("output").join("custom-strategy");
    let options = RunOptions {
        out: out.clone(),
        threads: None,
        quiet: true,
        force: true,
        resume: false,
        shard: None,
    };
    let report = runner::run(&plan, &options)?;
    let statistics = stats::summarise(&out, &plan)?;
    drop(report);
    println!("{}\n", plan.file.question);
    print!("{}", stats::render(&statistics));
    let charts = negsim::charts::plot(&out, &negsim::charts::PlotOptions::default())?;
    println!(
        "\nresults in {}, report in {}",
        out.display(),
        charts.report.display()
    );
    Ok(())
}
