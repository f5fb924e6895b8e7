//! `negsim play`: a person takes one stakeholder's seat. Before each round they may open up
//! about an issue and put a package on the table (or keep the last one); after the proposals
//! they accept packages or object. The other seats are simulated as usual. Commands come from
//! any reader (a terminal, or a script), so sessions are scriptable and tested; a mistyped
//! command gets a helpful message and the game goes on. At the end, or when the person quits
//! (`quit`, Ctrl-D), a debrief compares what they got with what was possible.
//!
//! The person plays through [`crate::protocol::table::Table`]: they see what their seat observes
//! and submit their moves, which the round's steps read where a simulated stakeholder's own
//! decisions come from.

pub mod command;
pub mod debrief;

use crate::error::{Error, Result};
use crate::experiment::library::Library;
use crate::metrics::process::evaluate;
use crate::model::culture::Culture;
use crate::model::label::Lang;
use crate::model::prepared::{Package, PreparedCase};
use crate::protocol::observe::Event;
use crate::protocol::setup::Rules;
use crate::protocol::statement::Statement;
use crate::protocol::table::{Moves, Observation, PackageView, Stage, Table};
use crate::teaching::catalogue::{Msg, Speaker};
use crate::teaching::narrator::Narrator;
use crate::teaching::replay_code::stakeholder_seat;
use crate::teaching::table::{Played, check_deadline, load_case, load_culture, seat};
use crate::teaching::wrap::wrap;
use command::{Answerable, Command, shows_key};
use std::io::{BufRead, Write};
use std::path::Path;

/// What a play session needs.
#[derive(Clone, Debug)]
pub struct PlaySpec {
    /// Case name or path.
    pub case: String,
    /// The stakeholder key the person plays.
    pub seat: String,
    /// The culture of the simulated stakeholders.
    pub culture: String,
    /// Seed.
    pub seed: u64,
    /// Deadline in rounds.
    pub deadline: u32,
    /// Language.
    pub lang: Lang,
    /// Echo each command read (when commands come from a script); otherwise show a prompt.
    pub echo: bool,
    /// Wrap the text between words to this many columns (none: do not wrap).
    pub width: Option<usize>,
}

/// Plays a session: reads commands from `input`, writes the table and the debrief to `out`.
pub fn play(
    library: &Library,
    spec: &PlaySpec,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Played> {
    let case = load_case(library, &spec.case, spec.lang)?;
    let culture = load_culture(library, &spec.culture, spec.lang)?;
    let seat_index = stakeholder_seat(&case.case, &spec.seat, "--seat", spec.lang)?;
    check_deadline(spec.deadline, spec.lang)?;
    let setup = seat(&case, &culture, spec.seed, spec.deadline)?;
    let speak = Speaker::new(spec.lang);
    let narrator = Narrator::new(&case, spec.lang).with_human(seat_index);
    let mut session = Session {
        case: &case,
        me: seat_index,
        speak,
        narrator,
        input,
        out,
        echo: spec.echo,
        width: spec.width,
        cursor: 0,
        last_proposal: None,
        deadline: spec.deadline,
        failed: None,
        on_table: Vec::new(),
        pending_header: None,
        trust_shown: Vec::new(),
        turned_down: Vec::new(),
        last_available: case.visible.clone(),
        left: false,
    };
    session.welcome(&culture, &setup.rules);
    let mut table = Table::start(setup.clone(), &[seat_index])?;
    session.play(&mut table);
    let outcome = table.finish();
    let rest = session.cursor.min(outcome.transcript.len());
    let lines = session.narrator.narrate(&outcome.transcript[rest..]);
    let told: Vec<String> = lines.iter().map(|l| format!("  {l}")).collect();
    session.lines(&told);
    let metrics = evaluate(&case, &outcome);
    let played = Played {
        culture,
        setup,
        outcome,
        metrics,
    };
    let text = debrief::debrief(
        &session.narrator,
        &played,
        &debrief::PlayerRecord {
            seat: seat_index,
            last_proposal: session.last_proposal.as_deref(),
            available: &session.last_available,
            turned_down: &session.turned_down,
            left: session.left,
        },
    );
    session.lines(&text);
    match session.failed.take() {
        Some(e) => Err(Error::io(Path::new("<standard output>"), &e)),
        None => Ok(played),
    }
}

/// The person's side of the table.
struct Session<'a> {
    case: &'a PreparedCase,
    me: usize,
    speak: Speaker,
    narrator: Narrator<'a>,
    input: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
    echo: bool,
    width: Option<usize>,
    /// Transcript events already told.
    cursor: usize,
    last_proposal: Option<Package>,
    deadline: u32,
    /// The first error writing the output (the session stops on it).
    failed: Option<std::io::Error>,
    /// The others' packages on the table, in the order numbered for the person.
    on_table: Vec<PackageView>,
    /// A round's header, printed before the first line of the round (a round in which
    /// nothing is printed gets none).
    pending_header: Option<String>,
    /// The others' trust in the person as last shown (to say how it moved).
    trust_shown: Vec<f64>,
    /// Packages the person turned down that gave them more than their BATNA.
    turned_down: Vec<debrief::TurnedDown>,
    /// The options on the table when the person last proposed or passed: the ones they could
    /// have chosen (a hidden option found later was never theirs to choose).
    last_available: Vec<bool>,
    /// Whether the person left the table before the end.
    left: bool,
}

/// Whether the person ended a phase, or left.
enum Step {
    Done,
    Leave,
}

impl Session<'_> {
    fn line(&mut self, text: &str) {
        if let Some(header) = self.pending_header.take() {
            self.line("");
            self.line(&header);
        }
        let wrapped = match self.width {
            Some(width) => wrap(text, width),
            None => vec![text.to_string()],
        };
        for part in wrapped {
            if self.failed.is_none()
                && let Err(e) = writeln!(self.out, "{part}").and_then(|_| self.out.flush())
            {
                self.failed = Some(e);
            }
        }
    }

    fn lines<S: AsRef<str>>(&mut self, lines: &[S]) {
        for l in lines {
            self.line(l.as_ref());
        }
    }

    fn welcome(&mut self, culture: &Culture, rules: &Rules) {
        let who = self.case.case.stakeholders[self.me]
            .label
            .get(self.speak.lang)
            .to_string();
        let intro = self.narrator.intro_with(culture, rules, false);
        self.lines(&intro);
        let text = self.speak.say(
            Msg::PlayWelcome,
            &[
                ("who", &who),
                ("culture", &self.speak.culture(&culture.name)),
            ],
        );
        self.line(&text);
        self.line("");
        self.interests();
    }

    fn interests(&mut self) {
        let case = self.case;
        let s = self.me;
        self.line(&self.speak.say(Msg::PlayYourInterests, &[]));
        for i in 0..case.k {
            let issue = &case.case.issues[i];
            let weight = format!("{}", (case.weights[s * case.k + i] * 100.0).round() as i64);
            let msg = if shows_key(&issue.key, &issue.label, self.speak.lang) {
                Msg::PlayIssueLine
            } else {
                Msg::PlayIssueLineByName
            };
            self.line(&format!(
                "  {}",
                self.speak.say(
                    msg,
                    &[
                        ("issue", self.narrator.issue_heading(i)),
                        ("key", &issue.key),
                        ("weight", &weight),
                    ],
                )
            ));
            for (o, opt) in issue.options.iter().enumerate() {
                if case.hidden[case.flat(i, o)] {
                    continue;
                }
                let score = self
                    .speak
                    .points(case.valuations[s * case.total + case.flat(i, o)]);
                let msg = if shows_key(&opt.key, &opt.label, self.speak.lang) {
                    Msg::PlayOptionLine
                } else {
                    Msg::PlayOptionLineByName
                };
                self.line(&format!(
                    "      {}",
                    self.speak.say(
                        msg,
                        &[
                            ("option", opt.label.get(self.speak.lang)),
                            ("key", &opt.key),
                            ("score", &score),
                        ],
                    )
                ));
            }
        }
        self.line(&self.speak.say(
            Msg::PlayBatna,
            &[
                ("batna", &self.speak.points(case.batna[s])),
                ("ideal", &self.speak.points(case.ideal_utility[s])),
            ],
        ));
        self.line("");
    }

    /// Plays the person's seat until the table ends or the person leaves.
    fn play(&mut self, table: &mut Table) {
        loop {
            let step = match table.stage() {
                Stage::Ended => return,
                Stage::Proposing { round } => {
                    // The end of the last round (trust that turned after the responses) is
                    // told under its header; a round with nothing told has no header.
                    self.catch_up(table.events());
                    self.pending_header = None;
                    self.line("");
                    if self.failed.is_some() {
                        return;
                    }
                    self.move_phase(round, table)
                }
                Stage::Responding { round } => {
                    self.pending_header = Some(
                        self.speak
                            .say(Msg::RoundHeader, &[("round", &round.to_string())]),
                    );
                    self.catch_up(table.events());
                    if self.failed.is_some() {
                        return;
                    }
                    // The narration folds a round in which nobody moves away (a demo tells a
                    // run of them in one line); at the table the person is in it, so it is said.
                    if self.pending_header.is_some() {
                        let still = self.speak.sentence(Msg::NobodyMoves, &[]);
                        self.line(&format!("  {still}"));
                    }
                    self.response_phase(table)
                }
            };
            match step {
                Step::Done => {
                    if let Err(e) = table.advance() {
                        self.line(&e.to_string());
                        return;
                    }
                }
                Step::Leave => {
                    self.leave();
                    return;
                }
            }
        }
    }

    /// Tells what happened since the last time.
    fn catch_up(&mut self, events: &[Event]) {
        let from = self.cursor.min(events.len());
        let lines = self.narrator.narrate(&events[from..]);
        self.cursor = events.len();
        for l in lines {
            self.line(&format!("  {l}"));
        }
    }

    /// Reads the next command line; `None` at the end of the input.
    fn read(&mut self) -> Option<String> {
        if !self.echo {
            // At a terminal: a prompt to type after.
            let _ = write!(self.out, "> ");
        }
        let _ = self.out.flush();
        // Bytes, not a `String`: a line in another encoding (Latin-1 on some class laptops)
        // is read with its unknown characters replaced and answered like any mistyped line,
        // instead of ending the game as an error would.
        let mut bytes = Vec::new();
        match self.input.read_until(b'\n', &mut bytes) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                let line = String::from_utf8_lossy(&bytes).into_owned();
                if self.echo {
                    self.line(&format!("> {}", line.trim_end()));
                }
                Some(line)
            }
        }
    }

    /// After the proposals: the others' packages on the table, numbered for the person.
    fn show_table(&mut self, seen: &Observation) {
        self.on_table = seen
            .packages
            .iter()
            .filter(|p| p.slot != self.me)
            .cloned()
            .collect();
        if self.on_table.is_empty() {
            return;
        }
        let others: Vec<&PackageView> = self.on_table.iter().collect();
        let round = seen.rounds_done + 1;
        let header = self
            .speak
            .say(Msg::PlayOnTable, &[("round", &round.to_string())]);
        let lines = self.package_list(header, &others);
        self.lines(&lines);
    }

    /// A header and the numbered packages with whose they are, one's own score and the
    /// package's value for the world (the third win).
    fn package_list(&self, header: String, packages: &[&PackageView]) -> Vec<String> {
        let mut lines = vec![header];
        for (number, view) in packages.iter().enumerate() {
            let whose = crate::teaching::catalogue::capitalise(&self.narrator.whose(view.slot));
            lines.push(format!(
                "  {}",
                self.speak.say(
                    Msg::PlayPackageLine,
                    &[
                        ("number", &(number + 1).to_string()),
                        ("whose", &whose),
                        ("package", &self.narrator.package(&view.package)),
                        ("score", &self.speak.points(view.utility)),
                        ("world", &self.world(view.world_value)),
                    ],
                )
            ));
        }
        lines
    }

    /// A package's value for the world, and whether it clears the case's bar.
    fn world(&self, value: f64) -> String {
        let threshold = self.case.case.world_threshold;
        let msg = if value >= threshold {
            Msg::PlayWorldEnough
        } else {
            Msg::PlayWorldShort
        };
        self.speak.say(
            msg,
            &[
                ("world", &self.speak.points(value)),
                ("threshold", &self.speak.points(threshold)),
            ],
        )
    }

    /// How much the others trust the person now, and how that moved since last shown.
    fn show_trust(&mut self, seen: &Observation) {
        let first = self.trust_shown.is_empty();
        let mut each = Vec::new();
        for t in (0..self.case.n).filter(|&t| t != self.me && !seen.walked_out[t]) {
            let now = seen.trusted_by[t];
            let before = self.trust_shown.get(t).copied().unwrap_or(now);
            let (now_text, before_text) = (self.speak.points(now), self.speak.points(before));
            let msg = if first || now_text == before_text {
                Msg::PlayTrustEach
            } else {
                Msg::PlayTrustMoved
            };
            each.push(self.speak.say(
                msg,
                &[
                    ("who", self.narrator.name(t)),
                    ("trust", &now_text),
                    ("before", &before_text),
                ],
            ));
        }
        self.trust_shown = seen.trusted_by.clone();
        if !each.is_empty() {
            let text = self
                .speak
                .say(Msg::PlayTrust, &[("list", &self.speak.list(&each))]);
            self.line(&text);
        }
    }

    /// During one's move: last round's packages, which still stand until the new proposals
    /// (numbered as they were; they cannot be accepted any more).
    fn show_standing(&mut self, seen: &Observation) {
        let standing: Vec<&PackageView> = self.standing(seen).collect();
        if standing.is_empty() {
            self.line(&self.speak.say(Msg::PlayTableEmpty, &[]));
            return;
        }
        let header = self.speak.say(
            Msg::PlayStanding,
            &[("round", &seen.rounds_done.to_string())],
        );
        let lines = self.package_list(header, &standing);
        self.lines(&lines);
    }

    /// The others' packages of last round that still stand (none before round 2).
    fn standing<'s>(&self, seen: &'s Observation) -> impl Iterator<Item = &'s PackageView> {
        let me = self.me;
        seen.packages.iter().filter(move |p| p.slot != me)
    }

    /// The move before a round: disclose, propose or pass.
    fn move_phase(&mut self, round: u32, table: &mut Table) -> Step {
        let seen = table.observe(self.me);
        let available = seen.available.clone();
        let mut disclose: Option<usize> = None;
        let prompt = self.speak.say(
            Msg::PlayRoundPrompt,
            &[
                ("round", &round.to_string()),
                ("deadline", &self.deadline.to_string()),
            ],
        );
        self.line(&prompt);
        self.show_trust(&seen);
        self.last_available = available.clone();
        let proposal = loop {
            let Some(text) = self.read() else {
                return Step::Leave;
            };
            // Last round's packages still stand, but are not answered now: `accept`, whatever
            // its numbers, is told to wait for the proposals, and with none standing that
            // nothing is on the table yet.
            let standing = match self.standing(&seen).count() {
                0 => Answerable::Nothing,
                _ => Answerable::NotYet,
            };
            match command::parse(&text, self.case, &available, standing, self.speak) {
                Err(message) => self.line(&message),
                Ok(Command::Nothing) => {}
                Ok(Command::Help) => self.line(&self.speak.say(Msg::PlayHelp, &[])),
                Ok(Command::Interests) => self.interests(),
                Ok(Command::Table) => self.show_standing(&seen),
                Ok(Command::Quit) => return Step::Leave,
                Ok(Command::Accept(_) | Command::AcceptAll | Command::Object) => {
                    self.line(&self.speak.say(Msg::PlayNotNowMove, &[]))
                }
                Ok(Command::Disclose(i)) => match disclose {
                    Some(d) => {
                        let issue = self.narrator.issue(d).to_string();
                        self.line(
                            &self
                                .speak
                                .say(Msg::PlayDisclosedAlready, &[("issue", &issue)]),
                        );
                    }
                    None => {
                        disclose = Some(i);
                        let issue = self.narrator.issue(i).to_string();
                        self.line(&self.speak.say(Msg::PlayNoted, &[("issue", &issue)]));
                    }
                },
                Ok(Command::Propose(choices)) => {
                    let mut package = self
                        .last_proposal
                        .clone()
                        .unwrap_or_else(|| self.case.ideal[self.me].clone());
                    for (i, o) in choices {
                        package[i] = o as u8;
                    }
                    let text = self.speak.say(
                        Msg::PlayProposalNoted,
                        &[
                            ("package", &self.narrator.package(&package)),
                            (
                                "score",
                                &self.speak.points(self.case.utility(self.me, &package)),
                            ),
                            ("world", &self.world(self.case.world_value(&package))),
                        ],
                    );
                    self.line(&text);
                    self.last_proposal = Some(package.clone());
                    break Some(package);
                }
                Ok(Command::Pass) => {
                    let msg = if self.last_proposal.is_some() {
                        Msg::PlayKeepsProposal
                    } else {
                        Msg::PlayPasses
                    };
                    self.line(&self.speak.say(msg, &[]));
                    break self.last_proposal.clone();
                }
            }
        };
        let moves = Moves::Propose {
            disclose: disclose.map(|issue| Statement {
                issue,
                bluff: false,
            }),
            package: proposal,
            walk_out: false,
        };
        self.submit(table, moves)
    }

    /// Hands the person's moves to the table.
    fn submit(&mut self, table: &mut Table, moves: Moves) -> Step {
        match table.submit(self.me, moves) {
            Ok(()) => Step::Done,
            Err(e) => {
                // The commands are checked as they are read: this is not expected.
                self.line(&e.to_string());
                Step::Leave
            }
        }
    }

    /// The response after the proposals: accept packages by number, or object.
    fn response_phase(&mut self, table: &mut Table) -> Step {
        let seen = table.observe(self.me);
        self.show_table(&seen);
        // One accepts one's own proposal.
        let mut accepts: Vec<usize> = seen.own_package.iter().map(|_| self.me).collect();
        if self.on_table.is_empty() {
            return self.submit(table, Moves::accept(accepts));
        }
        let available = seen.available.clone();
        self.line(&self.speak.say(Msg::PlayResponsePrompt, &[]));
        loop {
            let Some(text) = self.read() else {
                return Step::Leave;
            };
            let packages = self.on_table.len();
            match command::parse(&text, self.case, &available, packages, self.speak) {
                Err(message) => self.line(&message),
                Ok(Command::Nothing) => {}
                Ok(Command::Help) => self.line(&self.speak.say(Msg::PlayHelp, &[])),
                Ok(Command::Interests) => self.interests(),
                Ok(Command::Table) => self.show_table(&seen),
                Ok(Command::Quit) => return Step::Leave,
                Ok(Command::Disclose(_) | Command::Propose(_)) => {
                    self.line(&self.speak.say(Msg::PlayNotNowRespond, &[]))
                }
                Ok(Command::Accept(numbers)) if numbers.is_empty() && packages > 1 => {
                    // A bare `accept` with several packages on the table: which one?
                    self.line(&self.speak.say(
                        Msg::PlayWhichOne,
                        &[
                            ("max", &packages.to_string()),
                            ("numbers", &command::numbers_on_table(packages, self.speak)),
                        ],
                    ));
                }
                Ok(command @ (Command::Accept(_) | Command::AcceptAll)) => {
                    let chosen: Vec<usize> = match command {
                        Command::Accept(numbers) if !numbers.is_empty() => numbers,
                        Command::Accept(_) => vec![1],
                        _ => (1..=packages).collect(),
                    };
                    match self.confirm_below_batna(&seen, &chosen) {
                        None => return Step::Leave,
                        Some(false) => {
                            self.line(&self.speak.say(Msg::PlayNotAccepted, &[]));
                            continue;
                        }
                        Some(true) => {}
                    }
                    let slots: Vec<usize> =
                        chosen.iter().map(|&n| self.on_table[n - 1].slot).collect();
                    let text = match chosen[..] {
                        [number] => {
                            let view = &self.on_table[number - 1];
                            self.speak.say(
                                Msg::PlayAcceptOneNoted,
                                &[
                                    ("whose", &self.narrator.whose(view.slot)),
                                    ("package", &self.narrator.package(&view.package)),
                                ],
                            )
                        }
                        _ => {
                            let names: Vec<String> =
                                slots.iter().map(|&s| self.narrator.whose(s)).collect();
                            self.speak
                                .say(Msg::PlayAcceptNoted, &[("list", &self.speak.list(&names))])
                        }
                    };
                    self.line(&text);
                    accepts.extend(slots);
                    break;
                }
                Ok(Command::Object | Command::Pass) => {
                    self.line(&self.speak.say(Msg::PlayObjectNoted, &[]));
                    break;
                }
            }
        }
        self.note_turned_down(&seen, &accepts);
        self.submit(table, Moves::accept(accepts))
    }

    /// Before accepting packages worth less to the person than their BATNA: a warning and a
    /// question. `Some(true)`: accept anyway; `Some(false)`: choose again; `None`: the input
    /// ended.
    fn confirm_below_batna(&mut self, seen: &Observation, chosen: &[usize]) -> Option<bool> {
        let below: Vec<String> = chosen
            .iter()
            .filter_map(|&n| {
                let view = &self.on_table[n - 1];
                (view.utility < seen.batna).then(|| {
                    let (score, batna) = self.speak.points_pair(view.utility, seen.batna);
                    self.speak.say(
                        Msg::PlayBelowBatnaPackage,
                        &[
                            ("number", &n.to_string()),
                            ("score", &score),
                            ("batna", &batna),
                        ],
                    )
                })
            })
            .collect();
        if below.is_empty() {
            return Some(true);
        }
        let warning = self
            .speak
            .say(Msg::PlayBelowBatna, &[("list", &self.speak.list(&below))]);
        self.line(&warning);
        let answer = self.read()?;
        let answer = answer.trim().to_lowercase();
        Some(matches!(answer.as_str(), "yes" | "y" | "ja" | "j"))
    }

    /// Remembers the packages on the table the person did not accept although they gave
    /// them more than their BATNA and more than every package they accepted that round (the
    /// debrief comes back to them). Each package once: a proposal left standing is on the
    /// table again next round, but was turned down once.
    fn note_turned_down(&mut self, seen: &Observation, accepts: &[usize]) {
        // One's own proposal counts as accepted, but was never on offer to them.
        let accepted = seen
            .packages
            .iter()
            .filter(|p| p.slot != self.me && accepts.contains(&p.slot))
            .map(|p| p.utility)
            .fold(seen.batna, f64::max);
        for view in seen.packages.iter().filter(|p| p.slot != self.me) {
            let known = self.turned_down.iter().any(|r| r.package == view.package);
            if !accepts.contains(&view.slot) && view.utility > accepted && !known {
                self.turned_down.push(debrief::TurnedDown {
                    round: view.round,
                    slot: view.slot,
                    package: view.package.clone(),
                    utility: view.utility,
                });
            }
        }
    }

    fn leave(&mut self) -> bool {
        self.left = true;
        self.line(&self.speak.say(Msg::PlayQuit, &[]));
        self.line("");
        false
    }
}
