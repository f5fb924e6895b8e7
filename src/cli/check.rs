//! `negsim check`: validate a config and print what it describes.

use crate::error::Result;
use clap::Args;
use std::path::PathBuf;

/// Arguments of `negsim check`.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// An experiment, case or culture file.
    pub file: PathBuf,
}

/// Runs `negsim check`.
pub fn check(args: CheckArgs) -> Result<()> {
    let _ = args;
    Ok(())
}
