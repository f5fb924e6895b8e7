//! `negsim plot`: charts and the report page of a finished run.

use crate::charts::{self, PlotOptions};
use crate::error::Result;
use crate::experiment::replay::plan_from_output;
use crate::experiment::stats;
use clap::Args;
use std::path::{Path, PathBuf};

/// Arguments of `negsim plot`.
#[derive(Args, Debug, Clone)]
pub struct PlotArgs {
    /// The output directory of a run (e.g. output/quickstart).
    pub dir: PathBuf,
    /// Draw the negotiation dance of this process id [default: the first replication of each
    /// condition].
    #[arg(long, value_name = "ID")]
    pub process: Option<u64>,
    /// Write charts/ and report.html into this folder [default: the run's folder].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Writes `summary.csv` and `comparison.csv` again when a complete run lacks them: the run
/// (or merge) was killed while writing them, after its manifest. Everything they are computed
/// from is there.
fn restore_statistics(dir: &Path) -> Result<()> {
    let complete = dir.join("manifest.json").exists();
    let missing = ["summary.csv", "comparison.csv"]
        .iter()
        .any(|f| !dir.join(f).exists());
    if !complete || !missing {
        return Ok(()); // anything else is reported by the charts' own checks
    }
    let (manifest, plan) = plan_from_output(dir)?;
    if manifest.shard.is_some() {
        return Ok(()); // a shard has no statistics; the charts say to merge it
    }
    stats::summarise(dir, &plan)?;
    eprintln!(
        "negsim: {} had no statistics (its run stopped while writing them); written now",
        dir.display()
    );
    Ok(())
}

/// Runs `negsim plot`.
pub fn plot(args: PlotArgs) -> Result<()> {
    // Charts are not drawn from a folder a run is still writing into (the plot of a missing
    // folder is left to report itself).
    use crate::output::lock::FolderLock;
    let waiting = |e: crate::error::Error| e.with_hint("plot it once the run has finished");
    // Charts written elsewhere only read the run's folder, which may then be read-only.
    let (_lock, _out_lock) = match &args.out {
        Some(out) => (
            FolderLock::acquire_to_read(&args.dir).map_err(waiting)?,
            Some(FolderLock::acquire(out)?),
        ),
        None if args.dir.is_dir() => (Some(FolderLock::acquire(&args.dir).map_err(waiting)?), None),
        None => (None, None),
    };
    restore_statistics(&args.dir)?;
    let written = charts::plot(
        &args.dir,
        &PlotOptions {
            process: args.process,
            out: args.out.clone(),
        },
    )?;
    println!(
        "{} charts in {} (PNG and SVG); report in {}",
        written.names.len(),
        written.charts.display(),
        written.report.display()
    );
    Ok(())
}
