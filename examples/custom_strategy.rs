//! A strategy of your own at negsim's table: register it by name, name it in an experiment
//! file, and get the same CSV files, statistics and charts as for the built-in tactics.
//!
//! ```sh
//! cargo run --release --example custom_strategy
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
