//! `negsim play`: take one stakeholder's seat at a simulated table, in the terminal.

use crate::cli::demo::{parse_lang, parse_width};
use crate::error::Result;
use crate::experiment::library::Library;
use crate::teaching::play::{PlaySpec, play as run_play};
use clap::Args;
use std::io::IsTerminal;
use std::path::Path;

/// Arguments of `negsim play`.
#[derive(Args, Debug, Clone)]
pub struct PlayArgs {
    /// The case: a name (job-offer, office-reorganisation, park-redesign, sprint-planning) or a
    /// case file.
    pub case: String,
    /// The stakeholder you play: its key in the case (e.g. candidate) or its name (e.g. Kim,
    /// works council).
    #[arg(long)]
    pub seat: String,
    /// The culture of the others at the table: a name in configs/cultures/ or a culture file (its
    /// `tactic` may name a strategy registered by a binary built on negsim).
    #[arg(long, default_value = "positional")]
    pub culture: String,
    /// Language: en or nl.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Seed of the random streams.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Rounds before the deadline (1 to 200).
    #[arg(long, default_value_t = 20)]
    pub deadline: u32,
    /// Wrap the text to this many columns (0: do not wrap; else at least 20). Default: the
    /// terminal's width, or 80 when the output is not a terminal.
    #[arg(long, value_name = "COLUMNS", value_parser = parse_width, allow_negative_numbers = true)]
    pub width: Option<usize>,
}

/// Runs `negsim play`, reading commands from standard input.
pub fn play(args: PlayArgs) -> Result<()> {
    let lang = parse_lang(&args.lang)?;
    let stdin = std::io::stdin();
    let echo = !stdin.is_terminal();
    let spec = PlaySpec {
        case: args.case,
        seat: args.seat,
        culture: args.culture,
        seed: args.seed,
        deadline: args.deadline,
        lang,
        echo,
        width: crate::teaching::wrap::columns(args.width, std::io::stdout().is_terminal()),
    };
    let library = Library::near(Path::new("negsim"));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut input = stdin.lock();
    run_play(&library, &spec, &mut input, &mut out)?;
    Ok(())
}
