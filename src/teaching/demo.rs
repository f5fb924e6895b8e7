//! `negsim demo`: one narrated process, a comparison of cultures with the same people, or a
//! replay with a fork (both futures told from the fork on), told round by round and closed
//! with a verdict, a side-by-side table where there is more than one process, and the replay
//! code. The highlights leave out the rounds without a turning point; stepping waits for
//! Enter before each round; on a terminal the text is wrapped to its width and coloured.

use crate::error::{Error, Result};
use crate::experiment::library::Library;
use crate::model::label::Lang;
use crate::model::prepared::PreparedCase;
use crate::protocol::intervene::Fork;
use crate::protocol::observe::Event;
use crate::protocol::reader::{TurningPoint, read};
use crate::protocol::table::TableError;
use crate::teaching::catalogue::{Msg, Speaker};
use crate::teaching::compare::{SideBySide, comparison};
use crate::teaching::demonstration::{Demonstration, fork_words};
use crate::teaching::narrator::{Block, Narrator, fold_rounds};
use crate::teaching::replay_code::{ReplayCode, stakeholder_seat};
use crate::teaching::table::{
    check_deadline, load_case, load_culture, play_out, play_with_fork, seat,
};
use crate::teaching::verdict::verdict;
use crate::teaching::wrap::wrap;
use std::io::{BufRead, Write};
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
    /// Only the rounds with a turning point: the fixed-pie trap, a good trade, the world's
    /// value crossing the case's bar, a walk-out, the end.
    pub highlights: bool,
    /// Wait for a line of input (Enter) before each round; at the end of the input the rest
    /// follows without waiting.
    pub step: bool,
    /// Wrap lines to this many columns, between words (none: lines as long as they come).
    pub width: Option<usize>,
    /// Colour headings and the world's value with ANSI escape codes.
    pub colour: bool,
}

/// Plays what a replay code describes (one culture, a comparison, or a fork); what stops it
/// is told in `lang`.
pub fn play_code(library: &Library, code: &ReplayCode, lang: Lang) -> Result<Demonstration> {
    let speak = Speaker::new(lang);
    check_deadline(code.deadline, lang)?;
    let case = load_case(library, &code.case, lang)?;
    let cultures = code
        .cultures
        .iter()
        .map(|c| load_culture(library, c, lang))
        .collect::<Result<Vec<_>>>()?;
    if let Some(spec) = &code.fork {
        // A fork from a replay code is blamed on the code, one from the flags on the flags.
        let blame = |e: Error, flag: &str| -> Error {
            if spec.in_code {
                let part = code.fork_part().unwrap_or_default();
                let message = speak.say(
                    Msg::ErrorInFork,
                    &[
                        ("fork", &part),
                        ("code", &code.to_string()),
                        ("problem", &e.message),
                    ],
                );
                Error {
                    message,
                    ..e.at_key("--replay")
                }
            } else {
                e.at_key(flag)
            }
        };
        if cultures.len() != 1 {
            return Err(blame(
                Error::input(speak.say(Msg::ErrorForkSeveralCultures, &[]))
                    .with_hint(speak.say(Msg::ErrorForkSeveralCulturesHint, &[])),
                "--fork-at",
            ));
        }
        let seat_index = stakeholder_seat(&case.case, &spec.stakeholder, "--set", lang)
            .map_err(|e| blame(e, "--set"))?;
        if spec.round == 0 || spec.round > code.deadline {
            let (round, deadline) = (spec.round.to_string(), code.deadline.to_string());
            let msg = if spec.round == 0 {
                Msg::ErrorForkRoundZero
            } else {
                Msg::ErrorForkBeyond
            };
            return Err(blame(
                Error::input(speak.say(msg, &[("round", &round), ("deadline", &deadline)]))
                    .with_hint(speak.say(Msg::ErrorForkRoundHint, &[])),
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
            TableError::NoSuchRound { round, current } => {
                let (round, current) = (round.to_string(), current.to_string());
                let at = [("round", round.as_str()), ("current", current.as_str())];
                blame(
                    Error::input(speak.say(Msg::ErrorForkEnded, &at))
                        .with_hint(speak.say(Msg::ErrorForkEndedHint, &at)),
                    "--fork-at",
                )
            }
            e => blame(e.into(), "--fork-at"),
        })?;
        let mut code = code.clone();
        if let Some(spec) = &mut code.fork {
            spec.stakeholder = case.case.stakeholders[seat_index].key.clone();
        }
        return Ok(Demonstration {
            case,
            played: vec![original, forked],
            names: Vec::new(),
            fork: Some(fork),
            code,
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
        code: code.clone(),
    })
}

/// Runs a demonstration and writes its narration to `out`.
pub fn demo(
    library: &Library,
    code: &ReplayCode,
    options: &DemoOptions,
    out: &mut dyn Write,
) -> Result<Demonstration> {
    demo_live(library, code, options, out, &mut std::io::empty())
}

/// Runs a demonstration as [`demo`] does, reading a line from `input` before each round when
/// [`DemoOptions::step`] is set.
pub fn demo_live(
    library: &Library,
    code: &ReplayCode,
    options: &DemoOptions,
    out: &mut dyn Write,
    input: &mut dyn BufRead,
) -> Result<Demonstration> {
    if let Some(path) = &options.gif {
        crate::teaching::animation::check_destination(path, options.lang)?;
    }
    let mut shown = play_code(library, code, options.lang)?;
    let speak = Speaker::new(options.lang);
    let mut w = Writer {
        out,
        pace: options.pace,
        closed: false,
        width: options.width,
        colour: options.colour,
        step: options.step.then_some(input),
    };
    let case = shown.case.clone();
    let mut notes = Vec::new();
    if options.highlights || options.step {
        notes.push(String::new());
    }
    if options.highlights {
        notes.push(speak.say(Msg::HighlightsNote, &[]));
    }
    if options.step {
        notes.push(speak.say(Msg::StepNote, &[]));
    }
    // A process's rounds as told, and (with --highlights) the rounds to show of them. A fork's
    // first round is shown in both futures, whatever happens in it: it is where the class
    // watches the two part.
    let fork_round = code.fork.as_ref().map(|spec| spec.round);
    let rounds = |played: &crate::teaching::table::Played, narrator: &mut Narrator| {
        let transcript = &played.outcome.transcript;
        let marked = options.highlights.then(|| {
            let mut marked = highlights(&case, transcript);
            marked.extend(fork_round.filter(|r| !marked.contains(r)));
            marked
        });
        (narrator.stories(transcript), marked)
    };
    if let (Some(spec), Some(fork)) = (&code.fork, shown.fork) {
        let (original, forked) = (&shown.played[0], &shown.played[1]);
        // Two narrators, one per future: both tell the same rounds before the fork.
        let mut narrator = Narrator::new(&case, options.lang);
        let mut original_narrator = Narrator::new(&case, options.lang);
        let mut intro = narrator.intro(&forked.culture, &forked.setup.rules);
        intro.extend(notes.iter().cloned());
        w.block(&intro, Tone::Plain)?;
        let (stories, marked) = rounds(forked, &mut narrator);
        let (before, after): (Vec<_>, Vec<_>) =
            stories.into_iter().partition(|s| s.round < spec.round);
        let (original_stories, original_marked) = rounds(original, &mut original_narrator);
        let original_after: Vec<_> = original_stories
            .into_iter()
            .filter(|s| s.round >= spec.round)
            .collect();
        w.blocks(&fold_rounds(&before, marked.as_deref(), speak))?;
        w.block(
            // Stars mark the fork in a transcript; a page marks it with its own style.
            &[format!(
                "*** {} ***",
                fork_words(Msg::ForkMarker, original, &fork, speak)
            )],
            Tone::Heading,
        )?;
        let from = [("round", spec.round.to_string())];
        let from: Vec<(&str, &str)> = from.iter().map(|(k, v)| (*k, v.as_str())).collect();
        w.block(&[speak.say(Msg::ForkWithout, &from)], Tone::Heading)?;
        w.blocks(&fold_rounds(
            &original_after,
            original_marked.as_deref(),
            speak,
        ))?;
        w.block(
            &verdict(&original_narrator, &original.outcome, &original.metrics),
            Tone::Verdict,
        )?;
        w.block(&[speak.say(Msg::ForkWith, &from)], Tone::Heading)?;
        w.blocks(&fold_rounds(&after, marked.as_deref(), speak))?;
        w.block(
            &verdict(&narrator, &forked.outcome, &forked.metrics),
            Tone::Verdict,
        )?;
        shown.names = vec![
            speak.say(Msg::ColumnOriginal, &[]),
            speak.say(Msg::ColumnFork, &[]),
        ];
        let table =
            comparison(&narrator, Msg::CompareForkTitle, &shown.columns()).side_by_side(w.width);
        w.table(&table)?;
    } else {
        // Columns (and the GIF's panels) name the cultures in the narration's language.
        shown.names = shown.names.iter().map(|n| speak.culture(n)).collect();
        let count = shown.played.len();
        for (n, (played, name)) in shown.played.iter().zip(&shown.names).enumerate() {
            if count > 1 {
                let (n, count) = ((n + 1).to_string(), count.to_string());
                let run = [("n", n.as_str()), ("count", &count), ("culture", name)];
                w.block(&[speak.say(Msg::CompareRun, &run)], Tone::Heading)?;
            }
            let mut narrator = Narrator::new(&case, options.lang);
            let mut intro = narrator.intro(&played.culture, &played.setup.rules);
            intro.extend(notes.iter().cloned());
            w.block(&intro, Tone::Plain)?;
            let (stories, marked) = rounds(played, &mut narrator);
            w.blocks(&fold_rounds(&stories, marked.as_deref(), speak))?;
            w.block(
                &verdict(&narrator, &played.outcome, &played.metrics),
                Tone::Verdict,
            )?;
        }
        if shown.played.len() > 1 {
            let narrator = Narrator::new(&case, options.lang);
            let table =
                comparison(&narrator, Msg::CompareTitle, &shown.columns()).side_by_side(w.width);
            w.table(&table)?;
        }
    }
    let code_text = shown.code.to_string();
    let command_word = shown.code.shell_word();
    w.block(
        &[speak.say(
            Msg::ReplayCode,
            &[
                ("code", &code_text),
                ("code_word", &command_word),
                ("program", crate::program::name()),
            ],
        )],
        Tone::Code,
    )?;
    if let Some(path) = &options.gif {
        crate::teaching::animation::write_gif(&shown, options.lang, path)?;
    }
    Ok(shown)
}

/// The rounds of a process with a turning point worth a trainer's pause: the fixed-pie trap,
/// a trade good for both, a hidden option found (often a case's lesson), the package closest
/// to a deal crossing the world's bar (or first standing on one side of it), a walk-out,
/// agreement and the deadline. Read by the one
/// transcript reader, as every view of a process is.
pub fn highlights(case: &PreparedCase, events: &[Event]) -> Vec<u32> {
    read(case, events)
        .into_iter()
        .filter(|reading| {
            reading.world_turn.is_some()
                || reading.turning_points.iter().any(|t| {
                    matches!(
                        t,
                        TurningPoint::FixedPieTrap { .. }
                            | TurningPoint::GoodTrade { .. }
                            | TurningPoint::OptionFound { .. }
                            | TurningPoint::WalkedOut { .. }
                            | TurningPoint::Agreement { .. }
                            | TurningPoint::Deadline
                    )
                })
        })
        .map(|reading| reading.round)
        .collect()
}

/// How a block of narration looks on a terminal in colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tone {
    /// The scene and the rounds: a round's heading stands out.
    Plain,
    /// A marker between parts (the fork, each future).
    Heading,
    /// The verdict: its heading stands out.
    Verdict,
    /// The side-by-side table: laid out for the width already, so never wrapped again; its
    /// title (the first `title_lines` lines) stands out as a verdict's heading.
    Table { title_lines: usize },
    /// The replay code: a command to copy, never wrapped.
    Code,
}

/// Writes blocks of lines, each followed by a blank line, flushing and pausing between them,
/// wrapped to a width and coloured when asked. A reader that goes away (`negsim demo ... |
/// head`) is not an error: the rest is not written.
struct Writer<'a> {
    out: &'a mut dyn Write,
    pace: Option<Duration>,
    closed: bool,
    width: Option<usize>,
    colour: bool,
    /// Where Enter is read before each round (none: not stepping, or the input ended).
    step: Option<&'a mut dyn BufRead>,
}

/// A verdict's heading, and the side-by-side table's title: bold cyan.
fn verdict_heading() -> anstyle::Style {
    use anstyle::{AnsiColor, Style};
    Style::new().bold().fg_color(Some(AnsiColor::Cyan.into()))
}

impl Writer<'_> {
    fn block<S: AsRef<str>>(&mut self, lines: &[S], tone: Tone) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        let lines = self.render(lines, tone);
        match self.write(&lines) {
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

    /// The lines as printed: wrapped between words to the width (continuations indented
    /// under their line), a heading in bold and the world's value in colour when asked.
    fn render<S: AsRef<str>>(&self, lines: &[S], tone: Tone) -> Vec<String> {
        let mut rendered = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let line = line.as_ref();
            let style = self.style(i, line, tone);
            let wrapped: Vec<String> = match self.width {
                Some(width) if !matches!(tone, Tone::Code | Tone::Table { .. }) => {
                    wrap(line, width)
                }
                _ => vec![line.to_string()],
            };
            for part in wrapped {
                rendered.push(match style {
                    Some(style) if self.colour && !part.is_empty() => {
                        format!("{}{part}{}", style.render(), style.render_reset())
                    }
                    _ => part,
                });
            }
        }
        rendered
    }

    /// Writes the side-by-side table, its title (all its lines) styled as a verdict's heading.
    fn table(&mut self, table: &SideBySide) -> Result<()> {
        let tone = Tone::Table {
            title_lines: table.title_lines,
        };
        self.block(&table.lines, tone)
    }

    fn style(&self, index: usize, line: &str, tone: Tone) -> Option<anstyle::Style> {
        use anstyle::{AnsiColor, Style};
        let heading = index == 0 && !line.starts_with(' ');
        match tone {
            Tone::Heading => Some(
                Style::new()
                    .bold()
                    .fg_color(Some(AnsiColor::Magenta.into())),
            ),
            Tone::Code => Some(Style::new().dimmed()),
            Tone::Verdict if heading => Some(verdict_heading()),
            Tone::Table { title_lines } if index < title_lines => Some(verdict_heading()),
            Tone::Plain if heading => Some(Style::new().bold()),
            _ => None,
        }
    }

    fn write(&mut self, lines: &[String]) -> std::io::Result<()> {
        for line in lines {
            writeln!(self.out, "{line}")?;
        }
        writeln!(self.out)?;
        self.out.flush()
    }

    /// Writes the blocks of rounds, waiting for Enter before each when stepping.
    fn blocks(&mut self, blocks: &[Block]) -> Result<()> {
        for b in blocks {
            self.wait_for_enter();
            self.block(&b.lines, Tone::Plain)?;
        }
        Ok(())
    }

    /// Reads one line when stepping; at the end of the input (or an error reading it)
    /// stepping stops and the rest follows at once.
    fn wait_for_enter(&mut self) {
        if self.closed {
            return;
        }
        if let Some(input) = self.step.as_mut() {
            let mut line = Vec::new();
            if !matches!(input.read_until(b'\n', &mut line), Ok(n) if n > 0) {
                self.step = None;
            }
        }
    }
}
