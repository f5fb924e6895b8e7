//! `negsim demo`: a narrated negotiation for a class, a comparison of cultures, a replay with
//! a fork, and an animated GIF.

use crate::error::{Error, Result};
use crate::experiment::library::Library;
use crate::model::label::Lang;
use crate::teaching::catalogue::{Msg, Speaker};
use crate::teaching::demo::{DemoOptions, demo_live as run_demo};
use crate::teaching::replay_code::{MAX_CULTURES, ReplayCode, parse_setting};
use crate::teaching::table::check_deadline;
use crate::teaching::wrap::NARROWEST;
use clap::{ArgGroup, Args};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Arguments of `negsim demo`. Exactly one of `--culture`, `--compare` and `--replay` says
/// what is played (the group `what`), so that a missing one is reported with all three.
#[derive(Args, Debug, Clone)]
#[command(group(ArgGroup::new("what").required(true).args(["culture", "compare", "replay"])))]
pub struct DemoArgs {
    /// The case: a name (job-offer, office-reorganisation, park-redesign, sprint-planning) or a
    /// case file.
    #[arg(required_unless_present = "replay")]
    pub case: Option<String>,
    /// The culture the people at the table come from (collaborative, positional, mixed,
    /// positional-facilitated, or a culture file).
    #[arg(long)]
    pub culture: Option<String>,
    /// Compare two to four cultures with the same people and seed, e.g.
    /// collaborative,positional.
    #[arg(long, value_name = "A,B[,...]")]
    pub compare: Option<String>,
    /// Language of the narration: en or nl.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Seed of the random streams (who sits at the table, what they draw).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Rounds before the deadline (1 to 200).
    #[arg(long, default_value_t = 30)]
    pub deadline: u32,
    /// Wait this many seconds between rounds (for live use); without it a plain transcript.
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub pace: Option<f64>,
    /// Also write an animated GIF of the negotiation dance.
    #[arg(long, value_name = "FILE")]
    pub gif: Option<PathBuf>,
    /// Play a demonstration again from its replay code (which holds the case, cultures, seed
    /// and deadline).
    #[arg(
        long,
        value_name = "CODE",
        conflicts_with_all = ["case", "culture", "compare", "seed", "deadline"]
    )]
    pub replay: Option<String>,
    /// Change one thing from this round on (with --set).
    #[arg(long, value_name = "ROUND", requires = "set")]
    pub fork_at: Option<u32>,
    /// What changes at the fork: STAKEHOLDER.TRAIT=VALUE, e.g. works-council.openness=0.9.
    #[arg(long, value_name = "SETTING", requires = "fork_at")]
    pub set: Option<String>,
    /// Only the rounds with a turning point: the fixed-pie trap, good trades, the world's
    /// value crossing the bar, walk-outs, the end.
    #[arg(long)]
    pub highlights: bool,
    /// Wait for Enter before each round (reading standard input; at its end the rest follows).
    #[arg(long)]
    pub step: bool,
    /// Wrap the text to this many columns (0: do not wrap; else at least 20). Default: the
    /// terminal's width, or 80 when the output is not a terminal. A comparison's side-by-side
    /// table is fitted to the width instead: names stacked, labels wrapped, or a list where no
    /// table fits.
    #[arg(long, value_name = "COLUMNS", value_parser = parse_width, allow_negative_numbers = true)]
    pub width: Option<usize>,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = Colour::Auto, value_name = "WHEN")]
    pub color: Colour,
}

/// When to colour the narration.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colour {
    /// On a terminal, unless `NO_COLOR` (or `CLICOLOR=0`) is set; `CLICOLOR_FORCE` forces it.
    Auto,
    /// Always, even into a file or a pipe.
    Always,
    /// Never.
    Never,
}

impl Colour {
    /// Whether to colour what goes to standard output (the environment decides `auto`, as
    /// <https://no-color.org> and the `CLICOLOR` convention ask).
    pub fn wanted(self) -> bool {
        match self {
            Colour::Always => true,
            Colour::Never => false,
            Colour::Auto => matches!(
                anstream::AutoStream::choice(&std::io::stdout()),
                anstream::ColorChoice::Always | anstream::ColorChoice::AlwaysAnsi
            ),
        }
    }
}

/// Parses `--width`: 0 (do not wrap) or at least [`NARROWEST`] columns.
pub fn parse_width(text: &str) -> std::result::Result<usize, String> {
    width_in(text, Lang::En)
}

/// Parses `--width`, its error told in `lang`.
pub fn width_in(text: &str, lang: Lang) -> std::result::Result<usize, String> {
    let speak = Speaker::new(lang);
    let narrowest = NARROWEST.to_string();
    let width: usize = text.trim().parse().map_err(|_| {
        speak.say(
            Msg::DemoWidthNotANumber,
            &[("text", text), ("narrowest", &narrowest)],
        )
    })?;
    if width != 0 && width < NARROWEST {
        return Err(speak.say(
            Msg::DemoWidthNarrow,
            &[("width", &width.to_string()), ("narrowest", &narrowest)],
        ));
    }
    Ok(width)
}

/// Parses `--lang`.
pub fn parse_lang(text: &str) -> Result<Lang> {
    Lang::parse(text).ok_or_else(|| {
        Error::input(format!("unknown language `{text}`"))
            .at_key("--lang")
            .with_hint("use --lang en (English) or --lang nl (Nederlands)")
    })
}

/// Runs `negsim demo`.
pub fn demo(args: DemoArgs) -> Result<()> {
    let lang = parse_lang(&args.lang)?;
    let pace = match args.pace {
        None => None,
        Some(s) if s.is_finite() && (0.0..=60.0).contains(&s) => Some(Duration::from_secs_f64(s)),
        Some(s) => {
            let pace = lang.decimal_mark(s.to_string());
            return Err(
                Error::input(Speaker::new(lang).say(Msg::DemoPace, &[("pace", &pace)]))
                    .at_key("--pace"),
            );
        }
    };
    let code = replay_code(&args, lang)?;
    let library = Library::near(Path::new("negsim"));
    let stdout = std::io::stdout();
    let width = crate::teaching::wrap::columns(args.width, stdout.is_terminal());
    let options = DemoOptions {
        lang,
        pace,
        gif: args.gif.clone(),
        highlights: args.highlights,
        step: args.step,
        width,
        colour: args.color.wanted(),
    };
    let mut out = stdout.lock();
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    run_demo(&library, &code, &options, &mut out, &mut input)?;
    if let Some(path) = &args.gif {
        let written =
            Speaker::new(lang).say(Msg::GifWritten, &[("path", &path.display().to_string())]);
        eprintln!("{}: {written}", crate::program::name());
    }
    Ok(())
}

/// The usage lines of `demo` for the binary `program`: clap's own would show the case as
/// optional (it is, with `--replay`) and neither `--compare` nor the fork.
pub fn usage(program: &str) -> String {
    let command = format!("{program} demo");
    let indent = " ".repeat("Usage: ".len());
    format!(
        "{command} <CASE> --culture <CULTURE> [OPTIONS]\n\
         {indent}{command} <CASE> --compare <A,B[,...]> [OPTIONS]\n\
         {indent}{command} --replay <CODE> [--fork-at <ROUND> --set <SETTING>] [OPTIONS]"
    )
}

/// The replay code of what the arguments ask to play: the one given with `--replay` (with a
/// fork from `--fork-at` and `--set`), or one made of the case, cultures, seed and deadline.
/// A replay code is checked whole by its parser, and its errors name the code; the flags are
/// checked here, and their errors name the flag. The code's, the setting's and the deadline's
/// errors are told in `lang`.
pub fn replay_code(args: &DemoArgs, lang: Lang) -> Result<ReplayCode> {
    let speak = Speaker::new(lang);
    let mut code = match &args.replay {
        Some(text) => ReplayCode::parse(text, lang)?,
        None => {
            let code = ReplayCode {
                case: args.case.clone().unwrap_or_default(),
                cultures: match (&args.culture, &args.compare) {
                    (Some(c), _) => vec![c.clone()],
                    (None, Some(list)) => list.split(',').map(|s| s.trim().to_string()).collect(),
                    (None, None) => Vec::new(),
                },
                seed: args.seed,
                deadline: args.deadline,
                fork: None,
            };
            if args.culture.as_deref().is_some_and(|c| c.trim().is_empty()) {
                return Err(Error::input(speak.say(Msg::DemoCultureEmpty, &[]))
                    .at_key("--culture")
                    .with_hint(speak.say(Msg::DemoCultureEmptyHint, &[])));
            }
            // Several cultures after --culture are meant to be compared (unless a culture file
            // has a comma in its name).
            if let Some(c) = args.culture.as_deref().filter(|c| c.contains(','))
                && !Path::new(c).exists()
            {
                let names: Vec<&str> = c.split(',').map(str::trim).collect();
                return Err(Error::input(
                    speak.say(Msg::DemoCultureSeveral, &[("n", &names.len().to_string())]),
                )
                .at_key("--culture")
                .with_hint(speak.say(Msg::DemoCultureSeveralHint, &[("list", &names.join(","))])));
            }
            if code.cultures.iter().any(String::is_empty) || code.cultures.is_empty() {
                return Err(Error::input(speak.say(Msg::DemoCompareNames, &[]))
                    .at_key("--compare")
                    .with_hint(speak.say(Msg::DemoCompareNamesHint, &[])));
            }
            if args.compare.is_some() {
                // A comparison of one culture, or of a culture with itself, shows nothing.
                let mut seen = std::collections::HashSet::new();
                if let Some(twice) = code.cultures.iter().find(|c| !seen.insert(c.as_str())) {
                    return Err(
                        Error::input(speak.say(Msg::DemoCompareTwice, &[("name", twice)]))
                            .at_key("--compare")
                            .with_hint(speak.say(Msg::DemoCompareTwiceHint, &[])),
                    );
                }
                if code.cultures.len() < 2 {
                    // The culture to suggest beside it: another one, or the suggestion would
                    // be refused as a culture named twice.
                    let one = &code.cultures[0];
                    let other = if one == "positional" {
                        "collaborative"
                    } else {
                        "positional"
                    };
                    return Err(Error::input(speak.say(Msg::DemoCompareOne, &[]))
                        .at_key("--compare")
                        .with_hint(
                            speak.say(Msg::DemoCompareOneHint, &[("one", one), ("other", other)]),
                        ));
                }
            }
            if code.cultures.len() > MAX_CULTURES {
                return Err(Error::input(speak.say(
                    Msg::DemoCompareMany,
                    &[
                        ("max", &MAX_CULTURES.to_string()),
                        ("n", &code.cultures.len().to_string()),
                    ],
                ))
                .at_key("--compare")
                .with_hint(speak.say(Msg::DemoCompareManyHint, &[])));
            }
            check_deadline(code.deadline, lang)?;
            code
        }
    };
    if let (Some(round), Some(setting)) = (args.fork_at, &args.set) {
        if code.fork.is_some() {
            return Err(Error::input(speak.say(Msg::DemoForkedAlready, &[]))
                .at_key("--fork-at")
                .with_hint(speak.say(Msg::DemoForkedAlreadyHint, &[])));
        }
        let mut fork = parse_setting(setting, lang)?;
        fork.round = round;
        code.fork = Some(fork);
    }
    Ok(code)
}
