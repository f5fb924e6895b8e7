//! `negsim merge`: combine shards into the files a single run writes.

use crate::cli::run::finish_later;
use crate::error::Result;
use crate::experiment::sensitivity::design::SensitivityPlan;
use crate::experiment::{merge, stats};
use crate::output::atomic::partial_path;
use crate::output::manifest::{Manifest, OUTPUT_FILES};
use clap::Args;
use std::path::{Path, PathBuf};

/// Arguments of `negsim merge`.
#[derive(Args, Debug, Clone)]
pub struct MergeArgs {
    /// Output directories of `negsim run --shard K/N` (or `negsim sensitivity --shard K/N`), one
    /// per shard (any order).
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// Where to write the merged results.
    #[arg(long)]
    pub out: PathBuf,
    /// Overwrite an output directory that holds other results.
    #[arg(long)]
    pub force: bool,
    /// Do not draw charts and the report page.
    #[arg(long)]
    pub no_plots: bool,
}

/// Runs `negsim merge`.
pub fn merge(args: MergeArgs) -> Result<()> {
    // The lock on the output folder is held until the statistics and charts are written.
    let (plan, _lock) = merge::merge(&args.shards, &args.out, args.force)?;
    if plan.file.sensitivity.is_some() {
        let manifest = Manifest::read(&args.out)?;
        let sp = SensitivityPlan::of_manifest(&manifest)?;
        return crate::cli::sensitivity::finish(&args.out, &sp, args.no_plots);
    }
    // The generated cases before the statistics: a folder with statistics has all its cases.
    let out = &args.out;
    crate::experiment::generated::write(out, &plan).map_err(|e| finish_later(out, e))?;
    let statistics = stats::summarise(out, &plan)
        .inspect_err(|_| remove_partials(out))
        .map_err(|e| finish_later(out, e))?;
    crate::cli::run::print_results(&plan, &statistics, out);
    if !args.no_plots {
        crate::cli::run::draw_charts(out).map_err(|e| finish_later(out, e))?;
    }
    Ok(())
}

/// Removes the temporary files a failed statistics step left in `out` (the merged data files
/// before it are complete and stay).
fn remove_partials(out: &Path) {
    for name in OUTPUT_FILES {
        let _ = std::fs::remove_file(partial_path(&out.join(name)));
    }
}
