//! `negsim sensitivity`: run the design of an experiment file's `[sensitivity]` section and
//! estimate how much each parameter moves each output.

use crate::cli::run::RunControl;
use crate::error::{Error, ErrorKind, Result};
use crate::experiment::file::ExperimentFile;
use crate::experiment::runner::{self, INTERRUPTED, RunOptions};
use crate::experiment::sensitivity::analysis;
use crate::experiment::sensitivity::design::SensitivityPlan;
use crate::program;
use clap::Args;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

/// Arguments of `negsim sensitivity`.
#[derive(Args, Debug, Clone)]
pub struct SensitivityArgs {
    /// An experiment file with a [sensitivity] section (e.g.
    /// experiments/sensitivity/culture-effect.toml).
    pub experiment: PathBuf,
    /// Where results go and how the run goes.
    #[command(flatten)]
    pub control: RunControl,
}

/// Runs `negsim sensitivity`.
pub fn sensitivity(args: SensitivityArgs) -> Result<()> {
    super::check_threads(args.control.threads)?;
    let shard = args
        .control
        .shard
        .as_deref()
        .map(super::run::parse_shard)
        .transpose()?;
    let mut file = ExperimentFile::read(&args.experiment)?;
    if let Some(n) = args.control.replications {
        file = file.with_replications(n)?;
    }
    let sp = SensitivityPlan::build(file, args.control.seed, None)?;
    if let Some(text) = args.control.shard.as_deref() {
        super::run::check_shard_count(text, sp.plan.process_count(), "processes")?;
    }
    let out = args
        .control
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(&sp.plan.file.name));
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
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
            sp.plan.file.name,
            sp.size(),
            shard
                .map(|(k, n)| format!(", shard {k}/{n}"))
                .unwrap_or_default(),
            program = crate::program::name(),
        );
    }
    // `report` holds the output folder's lock until the indices and charts are written.
    let report = runner::run(&sp.plan, &opts).map_err(this_command)?;
    if !args.control.quiet {
        eprintln!(
            "{program}: {} processes in {:.2} s ({:.0} per second, {})",
            report.processes,
            report.seconds,
            report.processes as f64 / report.seconds.max(1e-9),
            crate::text::counted(report.threads as u64, "thread", "threads"),
            program = crate::program::name(),
        );
    }
    if shard.is_some() {
        println!(
            "shard written to {}; combine the shards with `{program} merge`, which writes the indices",
            out.display(),
            program = crate::program::name(),
        );
        return Ok(());
    }
    finish(&out, &sp, args.control.no_plots)
}

/// The runner's messages name `negsim run` as the command that continues a run; this run
/// continues with `negsim sensitivity`.
fn this_command(mut e: Error) -> Error {
    if e.kind == ErrorKind::Interrupted {
        let (run, sensitivity) = (program::command("run "), program::command("sensitivity "));
        e.message = e.message.replace(&run, &sensitivity);
    }
    e
}

/// Estimates the indices of a finished run in `out` (a whole run or merged shards), writes
/// them, prints them and draws the charts.
pub fn finish(out: &Path, sp: &SensitivityPlan, no_plots: bool) -> Result<()> {
    let analysis = analysis::analyse(out, sp)?;
    analysis::write(out, sp, &analysis)?;
    if !sp.plan.file.question.is_empty() {
        println!("{}\n", sp.plan.file.question);
    }
    print!("{}", analysis::render(sp, &analysis));
    println!("results in {}", out.display());
    if !no_plots {
        let written = crate::charts::sensitivity::plot(out)?;
        println!(
            "{} charts in {}",
            written.names.len(),
            written.charts.display()
        );
    }
    Ok(())
}
