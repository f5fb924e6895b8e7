//! `negsim bench`: benchmarks that print figures.

use crate::bench::engine;
use crate::bench::negmas::{self, Dump};
use crate::bench::peer::{self, Workload};
use crate::bench::scaling::{self, Point};
use crate::error::{Error, ErrorKind, Result};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::time::Duration;

/// Arguments of `negsim bench`.
#[derive(Args, Debug, Clone)]
pub struct BenchArgs {
    /// Which benchmark.
    #[command(subcommand)]
    pub which: BenchCommand,
}

/// The benchmarks.
#[derive(Subcommand, Debug, Clone)]
pub enum BenchCommand {
    /// Replay a NegMAS benchmark dump (its --dump FILE): same agreements and round counts?
    /// Prints the matches and negsim's speed; exits with code 1 on any mismatch.
    Negmas(NegmasArgs),
    /// NegMAS and negsim side by side on the same negotiations (W1: 5 issues x 10 values,
    /// 100 rounds, Boulware vs Conceder and Linear vs Linear), one thread, with the ratio.
    Peer(PeerArgs),
    /// Processes per second on one thread: the quickstart experiment, Boulware vs Conceder on
    /// a generated 5-issue x 10-option case with a 100-round deadline, and W2 (large
    /// participation processes), each W2 and Boulware line with one case and with a new case
    /// per replication.
    Engine(EngineArgs),
    /// Scaling tables of negsim's own round (dialogue and a facilitator): time per process and
    /// peak memory against stakeholders (2-64), issues (2-16) and options (2-20), on 1 and 2
    /// threads, and the error of the outcome-space approximation; writes the tables into
    /// docs/performance.md.
    Scaling(ScalingArgs),
    /// Scaling curves of large participation processes: processes per second on one thread
    /// against stakeholders (2-12) and issues (4-20), a new case per replication; and the time
    /// of the exact metrics against the number of packages (up to 3.7e15). Writes
    /// throughput.csv, exact-metrics.csv and their charts (PNG and SVG) into --out.
    Curves(CurvesArgs),
}

/// Arguments of `negsim bench curves`.
#[derive(Args, Debug, Clone)]
pub struct CurvesArgs {
    /// Folder for the CSV files and charts.
    #[arg(long, default_value = "output/bench-curves")]
    pub out: PathBuf,
    /// Replications (each with its own case) per throughput point.
    #[arg(long, default_value_t = 100)]
    pub replications: u64,
    /// Time each throughput point for at least this many seconds.
    #[arg(long, default_value_t = 1.0)]
    pub min_seconds: f64,
    /// Generated cases per size on the exact-metrics curve.
    #[arg(long, default_value_t = 3)]
    pub cases: u64,
    /// Random packages (outcomes) per case whose Pareto distance is timed (besides the BATNAs
    /// and the Nash point).
    #[arg(long, default_value_t = 8)]
    pub outcomes: usize,
    /// Only the exact-metrics curve (no throughput points).
    #[arg(long)]
    pub metrics_only: bool,
}

/// Arguments of `negsim bench scaling`.
#[derive(Args, Debug, Clone)]
pub struct ScalingArgs {
    /// Replications (processes) per point.
    #[arg(long, default_value_t = 40)]
    pub replications: u64,
    /// Time each point for at least this many seconds (repeating its processes).
    #[arg(long, default_value_t = 1.0)]
    pub min_seconds: f64,
    /// The Markdown file whose scaling section is written (created if missing).
    #[arg(long, default_value = "docs/performance.md")]
    pub out: PathBuf,
    /// Print the tables only; write no file.
    #[arg(long)]
    pub no_write: bool,
    /// Measure one point N,K,V in this process and print its figures as JSON (used by the
    /// scaling run for each point, so that peak memory is per point).
    #[arg(long, hide = true)]
    pub point: Option<String>,
    /// Threads for --point.
    #[arg(long, hide = true, default_value_t = 1)]
    pub threads: usize,
}

/// Arguments of `negsim bench engine`.
#[derive(Args, Debug, Clone)]
pub struct EngineArgs {
    /// The quickstart experiment.
    #[arg(long, default_value = "experiments/quickstart.toml")]
    pub quickstart: PathBuf,
    /// Time each workload for at least this many seconds (repeating its processes).
    #[arg(long, default_value_t = 2.0)]
    pub min_seconds: f64,
    /// Replications of W2 (`experiments/bench/participation-w2.toml`) per pass.
    #[arg(long, default_value_t = 2000)]
    pub w2_replications: u64,
    /// Run only the workloads whose label contains this text (e.g. `W2`; the line after a
    /// workload, its variant, goes with it).
    #[arg(long)]
    pub only: Option<String>,
}

/// Arguments of `negsim bench peer`.
#[derive(Args, Debug, Clone)]
pub struct PeerArgs {
    /// Python with NegMAS 0.16 installed [default: $NEGMAS_PYTHON, else python3].
    #[arg(long)]
    pub python: Option<PathBuf>,
    /// The NegMAS benchmark script.
    #[arg(long, default_value = "benches/peer/negmas_bench.py")]
    pub script: PathBuf,
    /// Negotiations per pairing for NegMAS (each takes NegMAS about a second).
    #[arg(long, short = 'R', default_value_t = 10)]
    pub repeats: usize,
    /// Issues of the W1 domain (-K, as the NegMAS script names it).
    #[arg(short = 'K', default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..))]
    pub issues: u16,
    /// Options per issue (-V, the NegMAS script's values).
    #[arg(short = 'V', default_value_t = 10, value_parser = clap::value_parser!(u16).range(2..))]
    pub values: u16,
    /// Rounds before the deadline (NegMAS's `n_steps`).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub steps: u32,
    /// Pairings of NegMAS negotiators, first:second (the first one offers first).
    #[arg(long, default_value = "boulware:conceder,linear:linear")]
    pub pairings: String,
    /// Seed of the random domains.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Time negsim for at least this many seconds per pairing (repeating the negotiations).
    #[arg(long, default_value_t = 2.0)]
    pub min_seconds: f64,
}

/// Arguments of `negsim bench negmas`.
#[derive(Args, Debug, Clone)]
pub struct NegmasArgs {
    /// The dump file written by the NegMAS benchmark script's --dump option.
    pub dump: PathBuf,
    /// Time each scenario for at least this many seconds (repeating its negotiations).
    #[arg(long, default_value_t = 1.0)]
    pub min_seconds: f64,
    /// List every negotiation that differs from NegMAS.
    #[arg(long, short)]
    pub verbose: bool,
}

/// Runs `negsim bench`.
pub fn bench(args: BenchArgs) -> Result<()> {
    match args.which {
        BenchCommand::Negmas(a) => bench_negmas(a),
        BenchCommand::Peer(a) => bench_peer(a),
        BenchCommand::Engine(a) => bench_engine(a),
        BenchCommand::Curves(a) => bench_curves(a),
        BenchCommand::Scaling(a) => bench_scaling(a),
    }
}

/// A failed comparison: the run completed, but its results differ (exit code 1).
fn mismatch(message: String) -> Error {
    Error {
        kind: ErrorKind::Io,
        ..Error::input(message)
    }
}

fn seconds(value: f64, flag: &str) -> Result<Duration> {
    // A day is far more than any measurement needs, and far below what a Duration holds.
    const MAX_SECONDS: f64 = 86_400.0;
    if !(value.is_finite() && (0.0..=MAX_SECONDS).contains(&value)) {
        let found = if value.abs() < 1e9 {
            value.to_string()
        } else {
            format!("{value:e}")
        };
        return Err(Error::input(format!(
            "{flag} must be between 0 and {MAX_SECONDS} seconds, found {found}"
        )));
    }
    Ok(Duration::from_secs_f64(value))
}

fn bench_negmas(args: NegmasArgs) -> Result<()> {
    let min_time = seconds(args.min_seconds, "--min-seconds")?;
    let dump = Dump::read(&args.dump)?;
    let negotiations = dump.negotiations().map_err(|e| e.in_file(&args.dump))?;
    println!(
        "NegMAS dump {}: K = {} issues x V = {} values ({} outcomes), {} steps, reservation value {}",
        args.dump.display(),
        dump.issues,
        dump.values,
        (dump.values as u128).saturating_pow(dump.issues as u32),
        dump.steps,
        dump.reserved
    );
    if args.verbose {
        for r in negmas::replay(&negotiations, dump.steps) {
            if !(r.agreement_matches && r.rounds_match) {
                let n = negotiations
                    .iter()
                    .find(|n| n.scenario == r.scenario && n.index == r.index)
                    .expect("replayed negotiations come from the list");
                println!(
                    "  differs: {}[{}]: negsim {:?} in {} rounds, NegMAS {:?} in {} rounds",
                    r.scenario,
                    r.index,
                    r.agreement,
                    r.rounds,
                    n.expected_agreement,
                    n.expected_rounds
                );
            }
        }
    }
    let figures = negmas::measure(&negotiations, dump.steps, min_time);
    println!(
        "{:<44} {:>6} {:>10} {:>16} {:>13} {:>12} {:>12}",
        "scenario", "runs", "agreements", "same agreement", "same rounds", "neg/s", "rounds/s"
    );
    let mut all = true;
    for f in &figures {
        all &= f.all_match();
        println!(
            "{:<44} {:>6} {:>10} {:>16} {:>13} {:>12.0} {:>12.0}",
            f.scenario,
            f.negotiations,
            f.agreements,
            format!("{}/{}", f.agreements_matching, f.negotiations),
            format!("{}/{}", f.rounds_matching, f.negotiations),
            f.negotiations_per_second(),
            f.rounds_per_second()
        );
    }
    let total: usize = figures.iter().map(|f| f.negotiations).sum();
    let same: usize = figures
        .iter()
        .map(|f| f.agreements_matching.min(f.rounds_matching))
        .sum();
    if all {
        println!("all {total} negotiations match NegMAS (agreement and round count)");
        Ok(())
    } else {
        Err(mismatch(format!(
            "{} of {total} negotiations differ from NegMAS (run with --verbose to list them)",
            total - same
        ))
        .in_file(&args.dump))
    }
}

fn bench_peer(args: PeerArgs) -> Result<()> {
    let min_time = seconds(args.min_seconds, "--min-seconds")?;
    if args.repeats == 0 {
        return Err(Error::input("-R must be at least 1"));
    }
    let visible = vec![usize::from(args.values); usize::from(args.issues)];
    crate::protocol::inverter::check_visible_options("the workload's domain", &visible).map_err(
        |mut e| {
            e.hint = Some("use fewer issues (-K) or values (-V)".into());
            e
        },
    )?;
    let work = Workload {
        issues: usize::from(args.issues),
        values: usize::from(args.values),
        steps: args.steps,
        repeats: args.repeats,
        pairings: args
            .pairings
            .split(',')
            .map(|p| p.trim().to_string())
            .collect(),
        seed: args.seed,
        reserved: 0.0,
    };
    let python = args
        .python
        .clone()
        .or_else(|| std::env::var_os("NEGMAS_PYTHON").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("python3"));
    let outcomes = (work.values as u128).saturating_pow(work.issues as u32);
    println!(
        "workload: {} issues x {} values ({outcomes} outcomes), {} rounds, {} negotiations per pairing, one thread",
        work.issues, work.values, work.steps, work.repeats
    );
    let Some(version) = peer::negmas_version(&python) else {
        println!(
            "NegMAS not found for {} (set --python or NEGMAS_PYTHON to a Python with `pip install negmas==0.16.0`); \
             timing negsim alone on domains it draws itself",
            python.display()
        );
        let figures = peer::negsim_only(&work, min_time)?;
        println!(
            "{:<24} {:>14} {:>14}",
            "pairing", "negsim neg/s", "rounds/s"
        );
        for f in &figures {
            println!(
                "{:<24} {:>14.0} {:>14.0}",
                f.scenario,
                f.negotiations_per_second(),
                f.rounds_per_second()
            );
        }
        return Ok(());
    };
    println!("running NegMAS {version} ({}) ...", python.display());
    let run = peer::run(&python, &args.script, &work, min_time)?;
    println!(
        "NegMAS {} on Python {}; negsim {} (release build: {})",
        run.negmas_version,
        run.python,
        env!("CARGO_PKG_VERSION"),
        !cfg!(debug_assertions)
    );
    println!(
        "{:<20} {:>10} {:>12} {:>9} {:>13} {:>13} {:>13} {:>13} {:>10}",
        "pairing",
        "NegMAS n/s",
        "negsim n/s",
        "ratio",
        "NegMAS r/s",
        "(after 1st)",
        "negsim r/s",
        "mean rounds",
        "same"
    );
    let mut all = true;
    for s in &run.scenarios {
        all &= s.negsim.all_match();
        println!(
            "{:<20} {:>10.2} {:>12.0} {:>8.0}x {:>13.1} {:>13.1} {:>13.0} {:>13.1} {:>10}",
            s.negsim.scenario,
            s.negmas.negotiations_per_s,
            s.negsim.negotiations_per_second(),
            s.ratio(),
            s.negmas.rounds_per_s,
            s.negmas.steady_rounds_per_s.unwrap_or(f64::NAN),
            s.negsim.rounds_per_second(),
            s.negmas.mean_rounds,
            format!(
                "{}/{}",
                s.negsim.agreements_matching.min(s.negsim.rounds_matching),
                s.negsim.negotiations
            )
        );
    }
    if all {
        println!(
            "negsim reached the same agreement in the same round as NegMAS in every negotiation"
        );
        Ok(())
    } else {
        Err(mismatch(
            "some negotiations differ from NegMAS (same agreement and round count expected)".into(),
        ))
    }
}

fn bench_engine(args: EngineArgs) -> Result<()> {
    let min_time = seconds(args.min_seconds, "--min-seconds")?;
    let quickstart = args.quickstart.clone();
    let w2 = args.w2_replications.max(1);
    type Build = Box<dyn FnOnce() -> Result<crate::experiment::plan::Plan>>;
    // Each workload with its variants (the indented lines).
    let groups: Vec<Vec<(&str, Build)>> = vec![
        vec![(
            "quickstart (office reorganisation, 5 stakeholders, mindset)",
            Box::new(move || engine::plan_of(&quickstart)),
        )],
        vec![
            (
                "boulware vs conceder, 5x10 random_linear, 100 rounds",
                Box::new(|| engine::boulware_vs_conceder(true)),
            ),
            (
                "  the same, a new case per replication",
                Box::new(|| engine::boulware_vs_conceder(false)),
            ),
        ],
        vec![
            (
                "W2: 7 stakeholders, 8x5 issues, mixed, facilitator, 200",
                Box::new(move || engine::participation_w2(true, Some(w2))),
            ),
            (
                "  the same, a new case per replication",
                Box::new(move || engine::participation_w2(false, Some(w2))),
            ),
        ],
    ];
    // A text that matches no workload would time nothing and print an empty table.
    if let Some(only) = &args.only
        && !groups.iter().any(|g| g[0].0.contains(only.as_str()))
    {
        let names: Vec<&str> = groups.iter().map(|g| g[0].0).collect();
        return Err(Error::input(format!(
            "`{only}` matches no workload; they are: {}",
            names.join("; ")
        ))
        .at_key("--only")
        .with_hint("give a part of a name, e.g. --only W2 or --only quickstart"));
    }
    let mut figures = Vec::new();
    for group in groups {
        if let Some(only) = &args.only
            && !group[0].0.contains(only.as_str())
        {
            continue;
        }
        for (label, build) in group {
            figures.push(engine::run(label, build, min_time)?);
        }
    }
    println!(
        "{:<60} {:>9} {:>12} {:>12} {:>11} {:>10}",
        "workload (one thread)", "processes", "processes/s", "rounds/s", "agreements", "plan (s)"
    );
    for f in &figures {
        println!(
            "{:<60} {:>9} {:>12.0} {:>12.0} {:>11} {:>10.3}",
            f.label,
            f.processes,
            f.processes_per_second(),
            f.rounds_per_second(),
            f.agreements,
            f.plan_time.as_secs_f64()
        );
    }
    Ok(())
}

fn bench_curves(args: CurvesArgs) -> Result<()> {
    use crate::bench::curves;
    use crate::charts::bench_curves::{MetricTimeCurve, ThroughputCurves};
    use crate::charts::figure::Canvas;
    let min_time = seconds(args.min_seconds, "--min-seconds")?;
    if args.replications == 0 || args.cases == 0 {
        return Err(Error::input(
            "--replications and --cases must be at least 1",
        ));
    }
    let metrics = curves::metric_times(args.cases, args.outcomes)?;
    println!(
        "{:>12} {:>6} {:>8} {:>10} {:>5} {:>10} {:>14} {:>13} {:>6}",
        "stakeholders",
        "issues",
        "options",
        "packages",
        "seed",
        "Nash (ms)",
        "distance (ms)",
        "longest (ms)",
        "exact"
    );
    for r in &metrics {
        println!(
            "{:>12} {:>6} {:>8} {:>10.1e} {:>5} {:>10.3} {:>14.3} {:>13.3} {:>6}",
            r.stakeholders,
            r.issues,
            r.options,
            r.packages,
            r.seed,
            r.nash_ms,
            r.distance_ms_mean,
            r.distance_ms_max,
            r.exact
        );
    }
    let throughput = if args.metrics_only {
        Vec::new()
    } else {
        curves::throughput(args.replications, min_time)?
    };
    if !throughput.is_empty() {
        println!(
            "\n{:<13} {:>12} {:>6} {:>8} {:>10} {:>12} {:>12}",
            "curve", "stakeholders", "issues", "options", "processes", "processes/s", "mean rounds"
        );
    }
    for r in &throughput {
        println!(
            "{:<13} {:>12} {:>6} {:>8} {:>10} {:>12.1} {:>12.1}",
            r.curve,
            r.stakeholders,
            r.issues,
            r.options,
            r.processes,
            r.processes_per_second,
            r.mean_rounds
        );
    }
    curves::write(&args.out, &throughput, &metrics)?;
    let footer = format!(
        "negsim {} · negsim bench curves · {}",
        env!("CARGO_PKG_VERSION"),
        scaling::machine()
    );
    crate::charts::fonts::register()?;
    let mut canvas = Canvas::new(&args.out);
    canvas.emit(&MetricTimeCurve {
        rows: metrics,
        footer: footer.clone(),
    })?;
    if !throughput.is_empty() {
        canvas.emit(&ThroughputCurves {
            rows: throughput,
            footer,
        })?;
    }
    println!("\nwritten: {}", args.out.display());
    Ok(())
}

fn bench_scaling(args: ScalingArgs) -> Result<()> {
    let min_time = seconds(args.min_seconds, "--min-seconds")?;
    if args.replications == 0 {
        return Err(Error::input("--replications must be at least 1"));
    }
    if let Some(point) = &args.point {
        super::check_threads(Some(args.threads))?;
        let figures = scaling::measure_point(
            Point::parse(point)?,
            args.threads,
            args.replications,
            min_time,
        )?;
        println!(
            "{}",
            serde_json::to_string(&figures).map_err(|e| Error::input(e.to_string()))?
        );
        return Ok(());
    }
    if !args.no_write {
        // Refused now, not after minutes of measuring.
        if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        }
        crate::output::atomic::check_destination(
            &args.out,
            "--out",
            "scaling section",
            "docs/performance.md",
        )?;
    }
    let exe = std::env::current_exe()
        .map_err(|e| Error::input(format!("cannot find the negsim executable: {e}")))?;
    let mut axes = Vec::new();
    for (axis, points) in scaling::default_axes() {
        let mut rows = Vec::new();
        for p in points {
            let one = scaling::measure_in_child(&exe, p, 1, args.replications, min_time)?;
            let two = scaling::measure_in_child(&exe, p, 2, args.replications, min_time)?;
            eprintln!(
                "  {axis:>12}: {:>2} stakeholders, {:>2} issues, {:>2} options: {:.3} ms/process (1 thread), {:.3} (2 threads)",
                p.stakeholders,
                p.issues,
                p.options,
                one.seconds_per_process * 1e3,
                two.seconds_per_process * 1e3
            );
            rows.push((one, two));
        }
        axes.push((axis, rows));
    }
    let mut errors = Vec::new();
    for p in scaling::approximation_points() {
        let e = scaling::approximation_error(p, args.replications)?;
        eprintln!(
            "  approximation: {} stakeholders, {} issues, {} options: {:.0}% of the frontier found",
            p.stakeholders,
            p.issues,
            p.options,
            e.found_share * 100.0
        );
        errors.push(e);
    }
    let mut command = "negsim bench scaling".to_string();
    if args.replications != 40 {
        command.push_str(&format!(" --replications {}", args.replications));
    }
    if args.min_seconds != 1.0 {
        command.push_str(&format!(" --min-seconds {}", args.min_seconds));
    }
    let section = scaling::render(
        &axes,
        &errors,
        args.replications,
        &command,
        &scaling::machine(),
    );
    if args.no_write {
        print!("{section}");
        return Ok(());
    }
    let existing = match std::fs::read_to_string(&args.out) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "# Performance\n".to_string(),
        Err(e) => return Err(Error::io(&args.out, &e)),
    };
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    }
    crate::output::atomic::write_file(&args.out, scaling::splice(&existing, &section).as_bytes())?;
    print!("{section}");
    println!("written to {}", args.out.display());
    Ok(())
}
