//! The command line: parse arguments, call the library, map errors to exit codes.

pub mod bench;
pub mod check;
pub mod demo;
pub mod interop;
pub mod merge;
pub mod play;
pub mod plot;
pub mod run;
pub mod sensitivity;
pub mod studio;
pub mod told;
pub mod validate;

use crate::error::Error;
use crate::model::label::Lang;
use crate::teaching::catalogue::{Msg, Speaker};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// negsim: a multi-agent negotiation simulator. Stakeholders with interests and mindset traits
/// negotiate in rounds; compare collaborative and positional cultures and the levers an
/// organisation can pull.
#[derive(Parser, Debug)]
#[command(name = "negsim", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// negsim's commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run an experiment file and write CSV results, statistics and a manifest.
    Run(run::RunArgs),
    /// Validate a config (experiment, case or culture) and print what it describes.
    Check(check::CheckArgs),
    /// Combine the output directories of `run --shard K/N` or `sensitivity --shard K/N` into one
    /// run's results (and a sensitivity design's indices).
    Merge(merge::MergeArgs),
    /// Draw the charts and the report page of a finished run.
    Plot(plot::PlotArgs),
    /// Narrate a negotiation for a class: one culture, a comparison, or a replay with a fork.
    Demo(demo::DemoArgs),
    /// Take one stakeholder's seat at a simulated table and negotiate in the terminal.
    Play(play::PlayArgs),
    /// A classroom in the browser: demonstrations, a class that negotiates, the debrief.
    Studio(studio::StudioArgs),
    /// Benchmarks: NegMAS parity and speed, engine speed, scaling curves.
    Bench(bench::BenchArgs),
    /// Import a scenario from another platform (GENIUS / ANAC XML) as a negsim case.
    Import(interop::ImportArgs),
    /// Export a negsim case for another platform (GENIUS / ANAC XML, read by NegMAS too).
    Export(interop::ExportArgs),
    /// Reproduce published negotiation findings (experiments/validation) and write a report.
    ValidateFindings(validate::ValidateArgs),
    /// Global sensitivity analysis (Morris or Sobol') of an experiment file's [sensitivity]. The
    /// seed also draws the Morris trajectories and the bootstrap resamples; the shards of a
    /// design are combined with `negsim merge`, which then writes the indices.
    Sensitivity(sensitivity::SensitivityArgs),
}

/// Runs the command line; returns the process exit code.
/// Most worker threads `--threads` accepts: far beyond any machine's cores, and far below
/// where starting the threads would take longer than the work.
pub const MAX_THREADS: usize = 256;

/// Checks a `--threads` value (none: one thread per core).
pub fn check_threads(threads: Option<usize>) -> crate::error::Result<()> {
    match threads {
        Some(t) if !(1..=MAX_THREADS).contains(&t) => Err(Error::input(format!(
            "--threads must be between 1 and {MAX_THREADS}, found {t}"
        ))
        .with_hint("leave it out to use one thread per core")),
        _ => Ok(()),
    }
}

/// Parses the command line, runs the command and prints any error for a person to read;
/// returns the process's exit code (0, 1 for a failure of the environment, 2 for bad input,
/// 128 + the signal's number when stopped by one: 130 for Ctrl-C, 143 for SIGTERM).
///
/// This is the whole `negsim` tool, and a binary of your own can be it too, with strategies
/// of your own among its tactics: register them, then hand over to this function. Every
/// command then knows them by name: `run` and `check` in experiment files, `demo`, `play` and
/// `studio` in a culture file's `tactic` (a person at `play` or in the studio meets them at the
/// table, and a person who takes a strategy's seat plays it instead). The commands its
/// messages suggest (a replay code, `--resume`, `merge`, `plot`) name the binary it was started
/// as ([`crate::program::name`]), since a plain `negsim` does not know its strategies.
///
/// ```no_run
/// use negsim::protocol::strategy::{self, Observation, Strategy};
/// use negsim::rng::Stream;
///
/// /// Holds out for its best package and accepts nothing less.
/// struct Stubborn;
///
/// impl Strategy for Stubborn {
///     fn respond(&mut self, o: &Observation<'_>, _: &mut Stream) -> bool {
///         o.offer_utility.is_some_and(|u| u >= o.best_utility)
///     }
///     fn propose(&mut self, o: &Observation<'_>, _: &mut Stream, package: &mut [u8]) {
///         o.package_near(o.best_utility, package);
///     }
/// }
///
/// fn main() {
///     strategy::register("stubborn", |_seat| Box::new(Stubborn)).expect("a valid name");
///     // `my-negsim run experiment.toml`, `my-negsim play job-offer --seat candidate
///     // --culture stubborn.toml`, `my-negsim studio`: negsim's commands, with "stubborn".
///     std::process::exit(negsim::cli::main());
/// }
/// ```
///
/// `cargo run --example own_binary -- --help` is such a binary.
pub fn main() -> i32 {
    // Rust ignores SIGPIPE, which turns `negsim ... | head` into a panic on the next print;
    // restore the default so the process ends quietly when its reader goes away.
    #[cfg(unix)]
    // SAFETY: `signal` only sets the process's disposition for SIGPIPE, to the default one; it
    // touches no memory of ours and may be called from any thread.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    main_from(std::env::args_os())
}

/// [`main`] with the arguments given (the first is the program's name, as in
/// [`std::env::args_os`]) and SIGPIPE left as it is: for tests, and for tools that build the
/// command line themselves. Help and version requests print and return 0; a command line
/// that does not parse prints clap's message and returns 2.
pub fn main_from<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    if let Some(arg0) = args.first() {
        crate::program::set_from_arg0(arg0);
    }
    let command = Cli::command().mut_subcommand("demo", |c| {
        c.override_usage(demo::usage(crate::program::name()))
    });
    // A teaching command asked to speak Dutch does so from its first error on.
    let lang = told::language(&args);
    let cli = match command
        .try_get_matches_from(args.clone())
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(e)
            if e.kind() == clap::error::ErrorKind::UnknownArgument
                && let Some(told) = argument_as_option(&Cli::command(), &args, lang)
                    .or_else(|| negative_value(&Cli::command(), &args, lang)) =>
        {
            return report_in(&told, lang);
        }
        Err(e) if e.use_stderr() && lang != Lang::En => {
            let program = crate::program::name();
            let command = typed_subcommand(&Cli::command(), &args)
                .map(|(_, sub)| sub.get_name().to_string())
                .unwrap_or_default();
            eprintln!(
                "{program}: {}",
                told::usage_error(&e, lang, program, &command)
            );
            return 2;
        }
        Err(e) => {
            // Printing can fail only when the terminal is gone; the exit code still says why.
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    // A registered strategy's failure that no runner caught (at the table of a demonstration,
    // a game of `play` or a replay) ends the command as an error (exit code 1) naming the
    // strategy, instead of leaving the process without a word; any other panic goes on.
    let result = crate::protocol::strategy::caught(|| match cli.command {
        Command::Run(args) => run::run(args),
        Command::Check(args) => check::check(args),
        Command::Merge(args) => merge::merge(args),
        Command::Plot(args) => plot::plot(args),
        Command::Demo(args) => demo::demo(args),
        Command::Play(args) => play::play(args),
        Command::Studio(args) => studio::studio(args),
        Command::Bench(args) => bench::bench(args),
        Command::Import(args) => interop::import(args),
        Command::Export(args) => interop::export(args),
        Command::ValidateFindings(args) => validate::validate(args),
        Command::Sensitivity(args) => sensitivity::sensitivity(args),
    })
    .map_err(Error::from)
    .and_then(|ran| ran);
    match result {
        Ok(()) => 0,
        Err(e) => report_in(&e, lang),
    }
}

/// The subcommand typed on the command line (the first word after the program's name that
/// names one, as clap finds it), with its place among `args`.
fn typed_subcommand<'c, A: AsRef<std::ffi::OsStr>>(
    command: &'c clap::Command,
    args: &[A],
) -> Option<(usize, &'c clap::Command)> {
    args.iter()
        .enumerate()
        .skip(1)
        .find_map(|(i, a)| command.find_subcommand(a.as_ref()).map(|sub| (i, sub)))
}

/// A command's argument typed as an option (`negsim demo --case job-offer`), which clap
/// refuses with a tip to write `-- --case`: told as what it is, with the command line that
/// works, the user's own words moved into place. `None` when no such option was typed, or when
/// the line with it moved would still not parse (another unknown option, a case given twice,
/// a replay code): then clap's own message says what is wrong. Told in `lang`, a teaching
/// command's.
fn argument_as_option(
    command: &clap::Command,
    args: &[std::ffi::OsString],
    lang: Lang,
) -> Option<Error> {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let (at, sub) = typed_subcommand(command, &args)?;
    for (i, arg) in args.iter().enumerate().skip(at + 1) {
        // After `--` every word is a value.
        if arg == "--" {
            return None;
        }
        let Some(flag) = arg.strip_prefix("--") else {
            continue;
        };
        let (name, inline) = match flag.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (flag, None),
        };
        // Only the first argument: where another goes depends on the ones before it.
        let Some(argument) = sub
            .get_positionals()
            .next()
            .filter(|p| names_argument(p.get_id().as_str(), name))
        else {
            continue;
        };
        // The value: after `=`, or the next word if it is not an option itself.
        let (value, used) = match inline {
            Some(value) if !value.is_empty() => (value, 1),
            Some(_) => (name.to_uppercase(), 1),
            None => match args.get(i + 1).filter(|v| !v.starts_with('-')) {
                Some(value) => (value.clone(), 2),
                None => (name.to_uppercase(), 1),
            },
        };
        let mut line = vec![crate::program::name().to_string(), args[at].clone(), value];
        line.extend(args[at + 1..i].iter().cloned());
        line.extend(args[i + used..].iter().cloned());
        // The hint must be a line that works, but for options still missing.
        match command.clone().try_get_matches_from(&line) {
            Ok(_) => {}
            Err(e) if e.kind() == clap::error::ErrorKind::MissingRequiredArgument => {}
            Err(_) => return None,
        }
        let speak = Speaker::new(lang);
        let words = match argument.get_id().as_str() {
            // The teaching commands' argument, the one a Dutch class types.
            "case" => speak.say(Msg::UsageArgumentCase, &[]),
            _ => argument
                .get_value_names()
                .and_then(|names| names.first())
                .map_or(name.to_string(), |n| n.to_lowercase()),
        };
        let told = speak.say(
            Msg::UsageArgumentAsOption,
            &[("name", name), ("sub", &args[at]), ("words", &words)],
        );
        return Some(
            Error::input(told)
                .with_hint(line.iter().map(|w| quoted(w)).collect::<Vec<_>>().join(" ")),
        );
    }
    None
}

/// A negative number given to an option that takes none (`--seed -1`), which clap reads as
/// an unknown option `-1` and answers with a tip to write `-- -1` that does not work: told as
/// what it is. `None` when no such value was typed, or when the option takes it written as
/// `--seed=-1` (then that is the hint). Told in `lang`, a teaching command's.
fn negative_value(
    command: &clap::Command,
    args: &[std::ffi::OsString],
    lang: Lang,
) -> Option<Error> {
    use clap::error::ErrorKind;
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let i = (2..args.len()).find(|&i| {
        args[i].starts_with('-')
            && args[i].parse::<f64>().is_ok()
            && args[i - 1].starts_with("--")
            && !args[i - 1].contains('=')
    })?;
    let (option, value) = (&args[i - 1], &args[i]);
    let speak = Speaker::new(lang);
    let mut joined = args[..i - 1].to_vec();
    joined.push(format!("{option}={value}"));
    joined.extend(args[i + 1..].iter().cloned());
    match command.clone().try_get_matches_from(&joined) {
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::InvalidValue | ErrorKind::ValueValidation
            ) =>
        {
            // An option with a parser of its own says what it takes (the error's source); a
            // plain count's parser says only that the digits are wrong, or, for a count
            // smaller than u64, that the number is not in its range ("-3 is not in 0..=...").
            let own = std::error::Error::source(&e)
                .filter(|why| !why.is::<std::num::ParseIntError>())
                .map(|why| why.to_string())
                .filter(|why| !why.starts_with(&format!("{value} is not in ")));
            Some(match own {
                Some(why) => Error::input(why).at_key(option.as_str()),
                None => {
                    let words = [
                        ("value", value.as_str()),
                        ("option", option.as_str()),
                        ("positive", value.trim_start_matches('-')),
                    ];
                    Error::input(speak.say(Msg::UsageNegative, &words))
                        .at_key(option.as_str())
                        .with_hint(speak.say(Msg::UsageNegativeHint, &words))
                }
            })
        }
        Err(e) if e.kind() != ErrorKind::MissingRequiredArgument => None,
        _ => {
            let words = [("value", value.as_str()), ("option", option.as_str())];
            Some(
                Error::input(speak.say(Msg::UsageReadAsOption, &words))
                    .at_key(option.as_str())
                    .with_hint(speak.say(Msg::UsageReadAsOptionHint, &words)),
            )
        }
    }
}

/// Whether `--flag` is a name people give the argument `id`: its own name, and for a file of
/// settings the names other tools give one (`--config`, `--file`, `--experiment`).
fn names_argument(id: &str, flag: &str) -> bool {
    const SETTINGS_FILE: [&str; 3] = ["config", "file", "experiment"];
    id == flag.replace('-', "_") || (SETTINGS_FILE.contains(&id) && SETTINGS_FILE.contains(&flag))
}

/// A word of a command line as a shell reads it back: quoted when it holds anything but
/// letters, digits and `-_./:,=+@%`.
fn quoted(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./:,=+@%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Prints an error for people and returns its exit code. Its first word is the program's
/// name, also when a binary of one's own reports an error before handing over to [`main`]
/// (registering a strategy, say).
pub fn report(e: &Error) -> i32 {
    if let Some(arg0) = std::env::args_os().next() {
        crate::program::set_from_arg0(&arg0); // the first call wins: main's, if it ran
    }
    report_in(e, Lang::En)
}

/// Prints an error for people in `lang` (a teaching command's) and returns its exit code.
pub fn report_in(e: &Error, lang: Lang) -> i32 {
    eprintln!(
        "{}: {}",
        crate::program::name(),
        crate::teaching::told::error(e, lang)
    );
    e.exit_code()
}
