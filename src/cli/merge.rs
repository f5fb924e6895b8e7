//! `negsim merge`: combine shards into the files a single run writes.

use crate::error::Result;
use crate::experiment::{merge, stats};
use clap::Args;
use std::path::PathBuf;

/// Arguments of `negsim merge`.
#[derive(Args, Debug, Clone)]
pub struct MergeArgs {
    /// Output directories of `negsim run --shard K/N`, one per shard (any order).
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
    let plan = merge::merge(&args.shards, &args.out, args.force)?;
    let statistics = stats::summarise(&args.out, &plan)?;
    crate::cli::run::print_results(&plan, &statistics, &args.out);
    if !args.no_plots {
        crate::cli::run::draw_charts(&args.out)?;
    }
    Ok(())
}
