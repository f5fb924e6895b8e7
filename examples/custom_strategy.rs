//! A strategy of your own at negsim's table: register it by name, name it in an experiment
//! file, and get the same CSV files, statistics and charts as for the built-in tactics.
//!
//! ```sh
//! cargo run --release --example custom_strategy
//! cargo run --release --example custom_strategy -- --cost   # speed of the plug-in point
//! # one route only, for timing two commands against each other:
//! cargo run --release --example custom_strategy -- --cost exact_linear --replications 20000
//! # the built-in time-based tactics against the same rules through the trait, NegMAS's cases:
//! cargo run --release --example custom_strategy -- --cost negmas tests/data/negmas/k5v10.json
//! ```
//!
//! The strategy here, "jittery linear", concedes linearly in its own utility from its best
//! package towards its BATNA, with a little noise drawn from its seat's random stream (so the
//! run is reproducible to the bit), and walks out when the deadline is near and the offer on
//! the table is still worse than its BATNA. It meets time-based tactics in the job-offer case.

use negsim::bench::negmas::{self, Dump};
use negsim::experiment::file::ExperimentFile;
use negsim::experiment::plan::Plan;
use negsim::experiment::runner::{self, RunOptions};
use negsim::experiment::stats;
use negsim::model::prepared::PreparedCase;
use negsim::protocol::Arena;
use negsim::protocol::offer_maker::OfferMaker;
use negsim::protocol::parameters::Parameters;
use negsim::protocol::setup::{TableSetup, Tactic};
use negsim::protocol::strategy::{self, Observation, Strategy};
use negsim::rng::{Stream, unit};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

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

/// NegMAS's time-based tactic with exponent `exponent`, exactly as the built-in `boulware`
/// (0.25), `linear` (1) and `conceder` (4) decide (their acceptance range on the aspiration
/// curve, their offer rule), but through the plug-in point: the same agreements, and the price
/// of a boxed call and an observation per decision.
struct ExactTimeBased {
    exponent: f64,
}

impl ExactTimeBased {
    fn range(&self, o: &Observation<'_>) -> (f64, f64) {
        o.offer_maker()
            .range(OfferMaker::aspiration(self.exponent, o.time))
    }
}

impl Strategy for ExactTimeBased {
    fn respond(&mut self, o: &Observation<'_>, _: &mut Stream) -> bool {
        let (lower, upper) = self.range(o);
        o.offer_utility.is_some_and(|u| u >= lower && u <= upper)
    }

    fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
        o.package_near(self.range(o).0, package);
    }
}

/// `--cost negmas DUMP [PASSES]`: every negotiation of a NegMAS dump (as `negsim bench negmas`
/// replays it) with the built-in time-based tactics, and again with each of them replaced by
/// [`ExactTimeBased`] through the plug-in point. Checks that both routes reach the same
/// agreements in the same rounds, then times them in turn on this thread, pass after pass
/// (built-in first in odd passes, second in even ones), and prints the median of the ratios
/// of pairs of passes: pairing keeps the ratio meaningful on a machine whose speed drifts.
fn cost_negmas(dump: &Path, passes: usize) -> negsim::error::Result<()> {
    let dump = Dump::read(dump)?;
    let negotiations = dump.negotiations()?;
    let params = Arc::new(Parameters::default());
    let exact = |name: &str, e: f64| {
        strategy::register(name, move |_seat| Box::new(ExactTimeBased { exponent: e }))
    };
    let ids = [
        exact("exact_boulware", 0.25)?,
        exact("exact_linear", 1.0)?,
        exact("exact_conceder", 4.0)?,
    ];
    let through_trait = |t: Tactic| match t {
        Tactic::Boulware => Tactic::Custom(ids[0]),
        Tactic::Linear => Tactic::Custom(ids[1]),
        Tactic::Conceder => Tactic::Custom(ids[2]),
        other => other,
    };
    let built_in: Vec<TableSetup> = negotiations
        .iter()
        .map(|n| {
            let case = Arc::new(PreparedCase::with_weights_as_written(n.case.clone(), 0));
            negmas::table_setup(case, &n.tactics, dump.steps, &params)
        })
        .collect();
    let plugged: Vec<TableSetup> = built_in
        .iter()
        .map(|setup| {
            let mut setup = setup.clone();
            for seat in &mut setup.seats {
                seat.tactic = through_trait(seat.tactic);
            }
            setup
        })
        .collect();
    let mut arena = Arena::new();
    // Turns: every party acts once a round (walk-out, response, counter-offer).
    let mut turns = 0u64;
    for ((a, b), n) in built_in.iter().zip(&plugged).zip(&negotiations) {
        let (x, y) = (arena.run(a), arena.run(b));
        if (&x.agreement, x.rounds) != (&y.agreement, y.rounds) {
            return Err(negsim::error::Error::input(format!(
                "{}[{}]: the built-in route agrees on {:?} in {} rounds, the trait route on {:?} in {}",
                n.scenario, n.index, x.agreement, x.rounds, y.agreement, y.rounds
            )));
        }
        turns += u64::from(x.rounds) * a.seats.len() as u64;
    }
    let mut pass = |setups: &[TableSetup]| {
        let clock = Instant::now();
        for setup in setups {
            std::hint::black_box(arena.run(setup));
        }
        clock.elapsed().as_secs_f64()
    };
    let (mut ratios, mut a_times, mut b_times) = (Vec::new(), Vec::new(), Vec::new());
    for p in 0..passes.max(1) {
        let (a, b) = if p % 2 == 0 {
            let a = pass(&built_in);
            (a, pass(&plugged))
        } else {
            let b = pass(&plugged);
            (pass(&built_in), b)
        };
        ratios.push(b / a);
        a_times.push(a);
        b_times.push(b);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (ratio, a, b) = (
        median(&mut ratios),
        median(&mut a_times),
        median(&mut b_times),
    );
    let count = negotiations.len() as f64;
    println!(
        "{} negotiations, {turns} turns, same agreements and rounds by both routes; median of {} passes:",
        negotiations.len(),
        ratios.len()
    );
    println!(
        "  built-in:    {:.0} negotiations/s, {:.1} ns per turn",
        count / a,
        a / turns as f64 * 1e9
    );
    println!(
        "  trait route: {:.0} negotiations/s, {:.1} ns per turn",
        count / b,
        b / turns as f64 * 1e9
    );
    println!(
        "  trait / built-in: {ratio:.3} (pairs ranged {:.3} to {:.3}), {:+.1} ns per turn",
        ratios[0],
        ratios[ratios.len() - 1],
        (b - a) / turns as f64 * 1e9
    );
    Ok(())
}

/// The experiment `strategy_cost.py` times: 2,000 job offers, the strategy against Boulware,
/// on one thread.
const COST: &str = r#"
[experiment]
name = "strategy-cost"
seed = 1
replications = REPLICATIONS

[base]
case = "job-offer"
protocol = "alternating_offers"
deadline = 20

[[condition]]
name = "cost"
stakeholders = { candidate = { tactic = "TACTIC" }, manager = { tactic = "boulware" } }
"#;

/// Runs the cost experiment with the candidate playing `tactic`; prints processes per second,
/// the mean rounds and the mean joint utility (equal for strategies that decide alike).
fn cost(tactic: &str, replications: u64) -> negsim::error::Result<()> {
    let text = COST
        .replace("TACTIC", tactic)
        .replace("REPLICATIONS", &replications.to_string());
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
    let mean = |metric: &str| {
        statistics
            .summary
            .iter()
            .find(|r| r.metric == metric)
            .map_or(f64::NAN, |r| r.moments.mean)
    };
    println!(
        "{tactic:>14}: {} processes in {:.3} s, {:.0} processes/s, mean rounds {:.3}, mean joint utility {:.6}",
        report.processes,
        report.seconds,
        report.processes as f64 / report.seconds,
        mean("rounds"),
        mean("joint_utility"),
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
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|a| a == "--cost") {
        strategy::register("steady_linear", |_seat| Box::new(SteadyLinear))?;
        strategy::register("exact_linear", |_seat| {
            Box::new(ExactTimeBased { exponent: 1.0 })
        })?;
        let replications = match args.iter().position(|a| a == "--replications") {
            Some(i) => args
                .get(i + 1)
                .and_then(|r| r.parse().ok())
                .filter(|&r| r > 0)
                .ok_or_else(|| {
                    negsim::error::Error::input("--replications needs a whole number above 0")
                })?,
            None => 2000,
        };
        // `--cost negmas DUMP [PASSES]`: both routes over a NegMAS dump, in one process.
        if args.get(at + 1).is_some_and(|a| a == "negmas") {
            let dump = args.get(at + 2).map_or(
                "tests/data/negmas/k5v10-reserved0.3-multi3.json",
                String::as_str,
            );
            let passes = args.get(at + 3).and_then(|p| p.parse().ok()).unwrap_or(21);
            return cost_negmas(Path::new(dump), passes);
        }
        // `--cost TACTIC`: that route alone, once.
        if let Some(tactic) = args.get(at + 1).filter(|a| !a.starts_with("--")) {
            return cost(tactic, replications);
        }
        // The built-in tactic (NegMAS's rule, matched in place), the very same rule through
        // the plug-in point, and a simpler linear concession through it; twice each, as the
        // first run warms the caches.
        for _ in 0..2 {
            for tactic in ["linear", "exact_linear", "steady_linear"] {
                cost(tactic, replications)?;
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
