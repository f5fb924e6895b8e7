//! `negsim demo`: one narrated process, a comparison of cultures with the same people, or a
//! replay with a fork, told round by round and closed with a verdict, a side-by-side table
//! where there is more than one process, and the replay code.

use crate::error::{Error, Result};
use crate::experiment::library::Library;
use crate::model::label::Lang;
use crate::protocol::intervene::Fork;
use crate::protocol::table::TableError;
use crate::teaching::catalogue::{Msg, Speaker};
use crate::teaching::compare::side_by_side;
use crate::teaching::demonstration::{Demonstration, fork_words};
use crate::teaching::narrator::{Block, Narrator, fold_quiet};
use crate::teaching::replay_code::{ReplayCode, stakeholder_seat};
use crate::teaching::table::{
    check_deadline, load_case, load_culture, play_out, play_with_fork, seat,
};
use crate::teaching::verdict::verdict;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How to show a demonstration.
#[derive(Clone, Debug, Default)]
pub struct DemoOptions {
    /// Language of the narration.
    pub lang: Lang,
    /// Wait this long after each block of narration (live use); none: a plain transcript.
    pub pace: Option<Duration>,
    /// Write an animated GIF of the negotiation dance here.
    pub gif: Option<PathBuf>,
}

/// Plays what a replay code describes (one culture, a comparison, or a fork).
pub fn play_code(library: &Library, code: &ReplayCode) -> Result<Demonstration> {
    check_deadline(code.deadline)?;
    let case = load_case(library, &code.case)?;
    let cultures = code
        .cultures
        .iter()
        .map(|c| load_culture(library, c))
        .collect::<Result<Vec<_>>>()?;
    if let Some(spec) = &code.fork {
        // A fork from a replay code is blamed on the code, one from the flags on the flags.
        let blame = |e: Error, flag: &str| -> Error {
            if spec.in_code {
                let part = code.fork_part().unwrap_or_default();
                Error {
                    message: format!(
                        "in the fork `{part}` of replay code `{code}`: {}",
                        e.message
                    ),
                    ..e.at_key("--replay")
                }
            } else {
                e.at_key(flag)
            }
        };
        if cultures.len() != 1 {
            return Err(blame(
                Error::input(
                    "a fork changes one process; this replay code compares several cultures",
                )
                .with_hint("replay one culture with the fork, e.g. CASE:collaborative:s42:d30"),
                "--fork-at",
            ));
        }
        let seat_index = stakeholder_seat(&case.case, &spec.stakeholder, "--set")
            .map_err(|e| blame(e, "--set"))?;
        if spec.round == 0 || spec.round > code.deadline {
            let problem = if spec.round == 0 {
                format!(
                    "rounds count from 1, so there is no round 0: the process has rounds 1 to {}",
                    code.deadline
                )
            } else {
                format!(
                    "round {} is beyond the process: it has rounds 1 to {}",
                    spec.round, code.deadline
                )
            };
            return Err(blame(
                Error::input(problem).with_hint("fork at a round from 1 up to the deadline"),
                "--fork-at",
            ));
        }
        let culture = &cultures[0];
        let setup = seat(&case, culture, code.seed, code.deadline)?;
        let fork = Fork {
            round: spec.round,
            seat: seat_index,
            name: spec.name,
            value: spec.value,
        };
        let (original, forked) = play_with_fork(culture, setup, fork).map_err(|e| match e {
            TableError::NoSuchRound { round, current } => blame(
                Error::input(format!(
                    "the original process ended in round {current}, so there is no round {round} to fork at"
                ))
                .with_hint(format!("fork at a round from 1 to {current}")),
                "--fork-at",
            ),
            e => blame(e.into(), "--fork-at"),
        })?;
        return Ok(Demonstration {
            case,
            played: vec![original, forked],
            names: Vec::new(),
            fork: Some(fork),
        });
    }
    let played = cultures
        .iter()
        .map(|culture| {
            Ok(play_out(
                culture,
                seat(&case, culture, code.seed, code.deadline)?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Demonstration {
        names: cultures.iter().map(|c| c.name.clone()).collect(),
        case,
        played,
        fork: None,
    })
}

/// Runs a demonstration and writes its narration to `out`.
pub fn demo(
    library: &Library,
    code: &ReplayCode,
    options: &DemoOptions,
    out: &mut dyn Write,
) -> Result<Demonstration> {
    if let Some(path) = &options.gif {
        crate::teaching::animation::check_destination(path)?;
    }
    let mut shown = play_code(library, code)?;
    let speak = Speaker::new(options.lang);
    let mut w = Writer {
        out,
        pace: options.pace,
        closed: false,
    };
    let case = shown.case.clone();
    if let (Some(spec), Some(fork)) = (&code.fork, shown.fork) {
        let (original, forked) = (&shown.played[0], &shown.played[1]);
        let mut narrator = Narrator::new(&case, options.lang);
        w.block(&narrator.intro(&forked.culture, &forked.setup.rules))?;
        let stories = narrator.stories(&forked.outcome.transcript);
        let (before, after): (Vec<_>, Vec<_>) =
            stories.into_iter().partition(|s| s.round < spec.round);
        w.blocks(&fold_quiet(&before, speak))?;
        w.block(&[fork_words(Msg::ForkMarker, original, &fork, speak)])?;
        w.blocks(&fold_quiet(&after, speak))?;
        w.block(&verdict(&narrator, &forked.outcome, &forked.metrics))?;
        shown.names = vec![
            speak.say(Msg::ColumnOriginal, &[]),
            speak.say(Msg::ColumnFork, &[]),
        ];
        w.block(&side_by_side(
            &narrator,
            Msg::CompareForkTitle,
            &shown.columns(),
        ))?;
    } else {
        // Columns (and the GIF's panels) name the cultures in the narration's language.
        shown.names = shown.names.iter().map(|n| speak.culture(n)).collect();
        for played in &shown.played {
            let mut narrator = Narrator::new(&case, options.lang);
            w.block(&narrator.intro(&played.culture, &played.setup.rules))?;
            let stories = narrator.stories(&played.outcome.transcript);
            w.blocks(&fold_quiet(&stories, speak))?;
            w.block(&verdict(&narrator, &played.outcome, &played.metrics))?;
        }
        if shown.played.len() > 1 {
            let narrator = Narrator::new(&case, options.lang);
            w.block(&side_by_side(
                &narrator,
                Msg::CompareTitle,
                &shown.columns(),
            ))?;
        }
    }
    let code_text = code.to_string();
    let command_word = code.shell_word();
    w.block(&[speak.say(
        Msg::ReplayCode,
        &[("code", &code_text), ("code_word", &command_word)],
    )])?;
    if let Some(path) = &options.gif {
        crate::teaching::animation::write_gif(&shown, options.lang, path)?;
    }
    Ok(shown)
}

/// Writes blocks of lines, each followed by a blank line, flushing and pausing between them.
/// A reader that goes away (`negsim demo ... | head`) is not an error: the rest is not written.
struct Writer<'a> {
    out: &'a mut dyn Write,
    pace: Option<Duration>,
    closed: bool,
}

impl Writer<'_> {
    fn block<S: AsRef<str>>(&mut self, lines: &[S]) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.write(lines) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                return Ok(());
            }
            Err(e) => return Err(Error::io(Path::new("<standard output>"), &e)),
        }
        if let Some(pace) = self.pace {
            std::thread::sleep(pace);
        }
        Ok(())
    }

    fn write<S: AsRef<str>>(&mut self, lines: &[S]) -> std::io::Result<()> {
        for line in lines {
            writeln!(self.out, "{}", line.as_ref())?;
        }
        writeln!(self.out)?;
        self.out.flush()
    }

    fn blocks(&mut self, blocks: &[Block]) -> Result<()> {
        for b in blocks {
            self.block(&b.lines)?;
        }
        Ok(())
    }
}
