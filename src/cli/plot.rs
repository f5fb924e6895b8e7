//! `negsim plot`: charts and the report page of a finished run.

use crate::charts::{self, PlotOptions};
use crate::error::Result;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `negsim plot`.
#[derive(Args, Debug, Clone)]
pub struct PlotArgs {
    /// The output directory of a run (e.g. output/quickstart).
    pub dir: PathBuf,
    /// Draw the negotiation dance of this process id [default: the first replication of each
    /// condition].
    #[arg(long, value_name = "ID")]
    pub process: Option<u64>,
}

/// Runs `negsim plot`.
pub fn plot(args: PlotArgs) -> Result<()> {
    // Charts are not drawn from a folder a run is still writing into (the plot of a missing
    // folder is left to report itself).
    let _lock = if args.dir.is_dir() {
        Some(
            crate::output::lock::FolderLock::acquire(&args.dir)
                .map_err(|e| e.with_hint("plot it once the run has finished"))?,
        )
    } else {
        None
    };
    let written = charts::plot(
        &args.dir,
        &PlotOptions {
            process: args.process,
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
