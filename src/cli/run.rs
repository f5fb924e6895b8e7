//! `negsim run`: run an experiment file.

use crate::error::{Error, Result};
use crate::experiment::file::ExperimentFile;
use crate::experiment::plan::Plan;
use crate::experiment::runner::{self, RunOptions};
use crate::experiment::stats;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `negsim run`.
#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// The experiment file (e.g. experiments/quickstart.toml).
    pub experiment: PathBuf,
    /// Where results go and how the run goes.
    #[command(flatten)]
    pub control: RunControl,
}

/// The options of every command that runs processes (`negsim run`, `negsim sensitivity`):
/// where the results go, the seed, threads and progress, an output folder that holds results,
/// shards, and the charts at the end.
#[derive(Args, Debug, Clone)]
pub struct RunControl {
    /// Output directory [default: output/NAME, where NAME is the experiment's name].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Seed, overriding the file's `experiment.seed`.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Replications per condition and sweep point, overriding the file's
    /// `experiment.replications` (e.g. a quick look at a large experiment; recorded in
    /// manifest.json).
    #[arg(long, value_name = "N")]
    pub replications: Option<u64>,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// No progress output.
    #[arg(long, short)]
    pub quiet: bool,
    /// Overwrite an output directory that holds other results.
    #[arg(long)]
    pub force: bool,
    /// Continue an interrupted run in the output directory (checked against its journal);
    /// for a finished run, check its files and write any statistics or charts it lacks; where
    /// no run was saved, start one.
    #[arg(long, conflicts_with = "force")]
    pub resume: bool,
    /// Run one deterministic slice of the work, K of N (e.g. 2/8): of the processes, or of the
    /// organisation runs of an organisation experiment, N at most their number. Combine the
    /// slices with `negsim merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Do not draw charts and the report page at the end (draw them later with `negsim plot`).
    #[arg(long)]
    pub no_plots: bool,
}

/// Parses `K/N` with 1 <= K <= N.
pub fn parse_shard(text: &str) -> Result<(u64, u64)> {
    let bad = || {
        Error::input(format!("`--shard {text}` is not a shard"))
            .with_hint("write K/N with 1 <= K <= N, e.g. --shard 1/4")
    };
    let (k, n) = text.split_once('/').ok_or_else(bad)?;
    let k: u64 = k.trim().parse().map_err(|_| bad())?;
    let n: u64 = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || k == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// What a plan's shards split: organisation runs, or processes.
pub fn units_of_work(plan: &Plan) -> &'static str {
    if plan.is_organisation() {
        "organisation runs"
    } else {
        "processes"
    }
}

/// Refuses `--shard K/N` (as written: `shard`) with more shards than the run has units of work
/// (`units` of them, named `unit_name`): some shards would have nothing to run.
pub fn check_shard_count(shard: &str, units: u64, unit_name: &str) -> Result<()> {
    let (_, n) = parse_shard(shard)?;
    if n <= units {
        return Ok(());
    }
    Err(Error::input(format!(
        "`--shard {shard}` splits the run into {n} shards, but it has only {units} {unit_name}"
    ))
    .at_key("--shard")
    .with_hint(format!(
        "use at most {units} shards, e.g. --shard 1/{}",
        units.min(4)
    )))
}

/// Runs `negsim run`.
pub fn run(args: RunArgs) -> Result<()> {
    super::check_threads(args.control.threads)?;
    let shard = args.control.shard.as_deref().map(parse_shard).transpose()?;
    let mut file = ExperimentFile::read(&args.experiment)?;
    if let Some(n) = args.control.replications {
        file = file.with_replications(n)?;
    }
    if file.sensitivity.is_some() {
        return Err(file
            .source
            .error_at(
                "sensitivity",
                "this file describes a sensitivity analysis ([sensitivity])",
            )
            .with_hint(format!(
                "run it with `{program} sensitivity {}`",
                args.experiment.display(),
                program = crate::program::name(),
            )));
    }
    let plan = Plan::build(file, args.control.seed)?;
    if let Some(text) = args.control.shard.as_deref() {
        check_shard_count(text, plan.process_count(), units_of_work(&plan))?;
    }
    let out = args
        .control
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&plan.file.name));
    crate::stop::install();
    let opts = RunOptions {
        out: out.clone(),
        threads: args.control.threads,
        quiet: args.control.quiet,
        force: args.control.force,
        resume: args.control.resume,
        shard,
    };
    if !args.control.quiet {
        eprintln!(
            "{program}: {} ({}){}",
            plan.file.name,
            plan.size(),
            shard
                .map(|(k, n)| format!(", shard {k}/{n}"))
                .unwrap_or_default(),
            program = crate::program::name(),
        );
    }
    // `report` holds the output folder's lock until the statistics and charts are written.
    let report = if plan.is_organisation() {
        crate::organisation::runner::run(&plan, &opts)?
    } else {
        runner::run(&plan, &opts)?
    };
    if report.already_complete {
        if !args.control.quiet {
            eprintln!(
                "{program}: {} holds this run, finished, with every file as its manifest records it; nothing to run",
                out.display(),
                program = crate::program::name(),
            );
        }
    } else if !args.control.quiet {
        let (one, many) = if plan.is_organisation() {
            ("organisation run", "organisation runs")
        } else {
            ("process", "processes")
        };
        let unit = if report.processes == 1 { one } else { many };
        let per_second = report.processes as f64 / report.seconds.max(1e-9);
        // Slow units (organisation runs) read better as seconds each than as "0 per second".
        let rate = if per_second >= 1.0 {
            format!("{per_second:.0} per second")
        } else {
            format!("{:.1} s per {one}", 1.0 / per_second)
        };
        eprintln!(
            "{program}: {} {unit} in {:.2} s ({rate}, {})",
            report.processes,
            report.seconds,
            crate::text::counted(report.threads as u64, "thread", "threads"),
            program = crate::program::name(),
        );
    }
    if shard.is_some() {
        println!(
            "shard written to {}; combine the shards with `{program} merge`",
            out.display(),
            program = crate::program::name(),
        );
        return Ok(());
    }
    stop_if_asked(&out, "its statistics")?;
    // The generated cases before the statistics: a folder with statistics has all its cases,
    // and `negsim plot` restores both when a run stopped before its statistics.
    crate::experiment::generated::write(&out, &plan).map_err(|e| finish_later(&out, e))?;
    let statistics = stats::summarise(&out, &plan).map_err(|e| finish_later(&out, e))?;
    print_results(&plan, &statistics, &out);
    // A finished run resumed keeps the charts it has (the report is written after them).
    let drawn = report.already_complete && out.join("report.html").is_file();
    if !args.control.no_plots && !drawn {
        stop_if_asked(&out, "its charts")?;
        draw_charts(&out).map_err(|e| finish_later(&out, e))?;
    }
    Ok(())
}

/// An error of the machine (a full disk) met while writing the statistics or charts of a run
/// or merge whose rows and manifest are complete, with how to finish them once it is fixed.
pub fn finish_later(out: &std::path::Path, e: Error) -> Error {
    if e.kind != crate::error::ErrorKind::Io || e.hint.is_some() {
        return e;
    }
    e.with_hint(format!(
        "the results in {} are complete; once the cause is fixed (a full disk: free some space), `{program} plot {}` writes the statistics and charts",
        out.display(),
        out.display(),
        program = crate::program::name(),
    ))
}

/// After a stop request (SIGTERM, Ctrl-C), stops before writing `what` of a run whose rows
/// and manifest are complete, saying how to finish it.
fn stop_if_asked(out: &std::path::Path, what: &str) -> Result<()> {
    if !crate::stop::requested() {
        return Ok(());
    }
    Err(Error::interrupted(format!(
        "stopped before writing {what}; the run's results in {} are complete, and `{program} plot {}` (or the same command with --resume) writes the rest",
        out.display(),
        out.display(),
        program = crate::program::name(),
    )))
}

/// Prints the question, the statistics table and where the results are.
pub fn print_results(plan: &Plan, statistics: &stats::Statistics, out: &std::path::Path) {
    if !plan.file.question.is_empty() {
        println!("{}\n", plan.file.question);
    }
    if plan.is_organisation() {
        print!("{}", stats::render_organisations(statistics));
    } else {
        print!("{}", stats::render(statistics));
    }
    println!("\nresults in {}", out.display());
}

/// Draws the charts and the report page of a finished run, and says where they are.
pub fn draw_charts(out: &std::path::Path) -> Result<()> {
    let written = crate::charts::plot(out, &crate::charts::PlotOptions::default())?;
    println!(
        "{} charts in {}, report in {}",
        written.names.len(),
        written.charts.display(),
        written.report.display()
    );
    Ok(())
}
