//! `negsim play`: a person takes one stakeholder's seat. Before each round they may open up
//! about an issue and put a package on the table (or keep the last one); after the proposals
//! they accept packages or object. The other seats are simulated as usual. Commands come from
//! any reader (a terminal, or a script), so sessions are scriptable and tested; a mistyped
//! command gets a helpful message and the game goes on. At the end, or when the person quits
//! (`quit`, Ctrl-D), a debrief compares what they got with what was possible.
//!
//! The person's moves reach the simulation through [`crate::protocol::human`]: a marker on
//! their seat and a [`HumanMove`] resource the systems read instead of simulating that seat.

pub mod command;
pub mod debrief;

use crate::error::{Error, Result};
use crate::experiment::library::Library;
use crate::metrics::process::evaluate;
use crate::model::culture::Culture;
use crate::model::label::Lang;
use crate::model::prepared::{Package, PreparedCase};
use crate::protocol::Arena;
use crate::protocol::components::TableState;
use crate::protocol::human::HumanMove;
use crate::protocol::intervene::Intervention;
use crate::protocol::observe::Transcript;
use crate::protocol::setup::Rules;
use crate::teaching::catalogue::{Msg, Speaker};
use crate::teaching::narrator::Narrator;
use crate::teaching::replay_code::stakeholder_seat;
use crate::teaching::table::{Played, load_case, load_culture, seat};
use bevy_ecs::world::World;
use command::Command;
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
}

/// Plays a session: reads commands from `input`, writes the table and the debrief to `out`.
pub fn play(
    library: &Library,
    spec: &PlaySpec,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<Played> {
    let case = load_case(library, &spec.case)?;
    let culture = load_culture(library, &spec.culture)?;
    let seat_index = stakeholder_seat(&case.case, &spec.seat, "--seat")?;
    let mut setup = seat(&case, &culture, spec.seed, spec.deadline)?;
    setup.human_seat = Some(seat_index);
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
        cursor: 0,
        last_proposal: None,
        deadline: spec.deadline,
        failed: None,
        on_table: Vec::new(),
    };
    session.welcome(&culture, &setup.rules);
    let outcome = Arena::new().run_with(&setup, &mut session);
    let rest = session.cursor.min(outcome.transcript.len());
    let lines = session.narrator.narrate(&outcome.transcript[rest..]);
    session.lines(&lines);
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
        seat_index,
        session.last_proposal.as_deref(),
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
    /// Transcript events already told.
    cursor: usize,
    last_proposal: Option<Package>,
    deadline: u32,
    /// The first error writing the output (the session stops on it).
    failed: Option<std::io::Error>,
    /// Slots of the packages on the table, in the order numbered for the person.
    on_table: Vec<usize>,
}

/// Whether the person ended a phase, or left.
enum Step {
    Done,
    Leave,
}

impl Session<'_> {
    fn line(&mut self, text: &str) {
        if self.failed.is_none()
            && let Err(e) = writeln!(self.out, "{text}").and_then(|_| self.out.flush())
        {
            self.failed = Some(e);
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
            &[("who", &who), ("culture", &culture.name)],
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
            self.line(&format!(
                "  {}",
                self.speak.say(
                    Msg::PlayIssueLine,
                    &[
                        ("issue", issue.label.get(self.speak.lang)),
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
                self.line(&format!(
                    "      {}",
                    self.speak.say(
                        Msg::PlayOptionLine,
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

    /// Tells what happened since the last time.
    fn catch_up(&mut self, world: &World) {
        let events = &world.resource::<Transcript>().events;
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

    fn show_table(&mut self, world: &World) {
        let table = world.resource::<TableState>();
        let round = table.round + 1;
        let n = self.case.n;
        self.on_table = (0..=n)
            .filter(|&slot| slot != self.me && table.offer_present[slot])
            .collect();
        if self.on_table.is_empty() {
            return;
        }
        let header = self
            .speak
            .say(Msg::PlayOnTable, &[("round", &round.to_string())]);
        let lines = self.package_list(header, &self.on_table, |slot| table.offer(slot));
        self.lines(&lines);
    }

    /// A header and the numbered packages of `slots` with whose they are and one's own score.
    fn package_list<'p>(
        &self,
        header: String,
        slots: &[usize],
        package_of: impl Fn(usize) -> &'p [u8],
    ) -> Vec<String> {
        let mut lines = vec![header];
        for (number, &slot) in slots.iter().enumerate() {
            let package = package_of(slot);
            let whose = crate::teaching::catalogue::capitalise(&self.narrator.whose(slot));
            lines.push(format!(
                "  {}",
                self.speak.say(
                    Msg::PlayPackageLine,
                    &[
                        ("number", &(number + 1).to_string()),
                        ("whose", &whose),
                        ("package", &self.narrator.package(package)),
                        (
                            "score",
                            &self.speak.points(self.case.utility(self.me, package))
                        ),
                    ],
                )
            ));
        }
        lines
    }

    /// During one's move: last round's packages, which still stand until the new proposals
    /// (numbered as they were; they cannot be accepted any more).
    fn show_standing(&mut self, world: &World) {
        let table = world.resource::<TableState>();
        let k = self.case.k;
        let standing = self.standing(table);
        if standing.is_empty() {
            self.line(&self.speak.say(Msg::PlayTableEmpty, &[]));
            return;
        }
        let header = self
            .speak
            .say(Msg::PlayStanding, &[("round", &table.round.to_string())]);
        let lines = self.package_list(header, &standing, |slot| {
            &table.positions[slot * k..(slot + 1) * k]
        });
        self.lines(&lines);
    }

    /// The others' slots whose packages of last round still stand (none before round 2).
    fn standing(&self, table: &TableState) -> Vec<usize> {
        if table.round == 0 {
            return Vec::new();
        }
        (0..=self.case.n)
            .filter(|&slot| slot != self.me && table.previous_present[slot])
            .collect()
    }

    /// The move before a round: disclose, propose or pass.
    fn move_phase(&mut self, round: u32, world: &mut World) -> Step {
        let available = world.resource::<TableState>().available.clone();
        let mut disclose: Option<usize> = None;
        let prompt = self.speak.say(
            Msg::PlayRoundPrompt,
            &[
                ("round", &round.to_string()),
                ("deadline", &self.deadline.to_string()),
            ],
        );
        self.line(&prompt);
        let proposal = loop {
            let Some(text) = self.read() else {
                return Step::Leave;
            };
            // Last round's packages still stand, but are not answered now: `accept` of one of
            // them is told to wait for the proposals, and with none standing that nothing is
            // on the table yet.
            let standing = self.standing(world.resource::<TableState>()).len();
            match command::parse(&text, self.case, &available, standing, self.speak) {
                Err(message) => self.line(&message),
                Ok(Command::Nothing) => {}
                Ok(Command::Help) => self.line(&self.speak.say(Msg::PlayHelp, &[])),
                Ok(Command::Interests) => self.interests(),
                Ok(Command::Table) => self.show_standing(world),
                Ok(Command::Quit) => return Step::Leave,
                Ok(Command::Accept(_) | Command::Object) => {
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
        world.insert_resource(HumanMove {
            disclose,
            proposal,
            accepts: vec![false; self.case.n + 1],
        });
        Step::Done
    }

    /// The response after the proposals: accept packages by number, or object.
    fn response_phase(&mut self, world: &mut World) -> Step {
        self.show_table(world);
        let n = self.case.n;
        let mut accepts = vec![false; n + 1];
        accepts[self.me] = true; // one accepts one's own proposal
        if self.on_table.is_empty() {
            world.resource_mut::<HumanMove>().accepts = accepts;
            return Step::Done;
        }
        let available = world.resource::<TableState>().available.clone();
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
                Ok(Command::Table) => self.show_table(world),
                Ok(Command::Quit) => return Step::Leave,
                Ok(Command::Disclose(_) | Command::Propose(_)) => {
                    self.line(&self.speak.say(Msg::PlayNotNowRespond, &[]))
                }
                Ok(Command::Accept(numbers)) => {
                    let chosen: Vec<usize> = if numbers.is_empty() {
                        (1..=packages).collect()
                    } else {
                        numbers
                    };
                    let mut names = Vec::new();
                    for number in chosen {
                        let slot = self.on_table[number - 1];
                        accepts[slot] = true;
                        names.push(self.narrator.whose(slot));
                    }
                    let text = self
                        .speak
                        .say(Msg::PlayAcceptNoted, &[("list", &self.speak.list(&names))]);
                    self.line(&text);
                    break;
                }
                Ok(Command::Object | Command::Pass) => {
                    self.line(&self.speak.say(Msg::PlayObjectNoted, &[]));
                    break;
                }
            }
        }
        world.resource_mut::<HumanMove>().accepts = accepts;
        Step::Done
    }

    fn leave(&mut self) -> bool {
        self.line(&self.speak.say(Msg::PlayQuit, &[]));
        self.line("");
        false
    }
}

impl Intervention for Session<'_> {
    fn before_round(&mut self, round: u32, world: &mut World) -> bool {
        self.catch_up(world);
        self.line("");
        if self.failed.is_some() {
            return false;
        }
        match self.move_phase(round, world) {
            Step::Done => true,
            Step::Leave => self.leave(),
        }
    }

    fn before_response(&mut self, round: u32, world: &mut World) -> bool {
        self.line("");
        self.line(
            &self
                .speak
                .say(Msg::RoundHeader, &[("round", &round.to_string())]),
        );
        self.catch_up(world);
        if self.failed.is_some() {
            return false;
        }
        match self.response_phase(world) {
            Step::Done => true,
            Step::Leave => self.leave(),
        }
    }
}
