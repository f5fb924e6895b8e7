//! A live table: one process stepped by a caller, with seats played from outside.
//!
//! A [`Table`] owns its world and schedules, so it is a plain value (`Send`) that a terminal
//! session or a web server can keep, many at once, and advance when its players have acted.
//! Under the mindset protocol a round stops twice for its players: before the proposals
//! ([`Stage::Proposing`]: disclose, put a package on the table, or leave) and after them
//! ([`Stage::Responding`]: accept packages, or leave). A table without players stops once a
//! round. The steps that run in between are the systems of [`crate::protocol::Arena::run`] in
//! its order, so a table whose players decide as the simulation would have plays the very
//! process a batch run plays (see [`crate::protocol::input`]).
//!
//! A seat whose tactic is a registered strategy ([`crate::protocol::strategy`]) is asked for
//! its decisions between the steps exactly as in a batch run, whoever else sits at the table:
//! its proposals are on the table for the players, and its answers count in the decision
//! rule. A person who takes such a seat plays it instead (the strategy is kept aside and
//! asked nothing); [`Table::release`] hands the seat back to its strategy.
//!
//! What a seat sees is an [`Observation`]: its own interests and BATNA, the packages before it
//! with its own score and their world value, what every seat has disclosed, and trust. It
//! never holds another seat's valuations. What happened is the transcript
//! ([`Table::events`]), which [`crate::protocol::reader`] reads.
//!
//! ```
//! use negsim::experiment::library::Library;
//! use negsim::model::label::Lang;
//! use negsim::protocol::table::{Moves, Stage, Table};
//! use negsim::teaching::table::{load_case, load_culture, seat};
//! # fn main() -> negsim::error::Result<()> {
//! let library = Library::default();
//! let case = load_case(&library, "job-offer", Lang::En)?;
//! let culture = load_culture(&library, "collaborative", Lang::En)?;
//! // Seat 0 is played from here; seat 1 is simulated.
//! let mut table = Table::start(seat(&case, &culture, 42, 10)?, &[0])?;
//! while table.stage() != Stage::Ended {
//!     let seen = table.observe(0);
//!     let moves = match table.stage() {
//!         // Keep one's ideal package on the table.
//!         Stage::Proposing { .. } => Moves::propose(seen.ideal.clone()),
//!         // Accept what is worth at least the BATNA.
//!         _ => Moves::accept(
//!             seen.packages.iter().filter(|p| p.utility >= seen.batna).map(|p| p.slot).collect(),
//!         ),
//!     };
//!     table.submit(0, moves)?;
//!     table.advance()?;
//! }
//! let outcome = table.finish();
//! assert!(outcome.rounds >= 1);
//! # Ok(())
//! # }
//! ```

use crate::error::Error;
use crate::model::prepared::Package;
use crate::model::traits::TraitName;
use crate::protocol::components::{
    Aspiration, Beliefs, Departure, Seats, Setting, Status, TableState, Trust,
};
use crate::protocol::input::{Players, SeatInput};
use crate::protocol::intervene::Fork;
use crate::protocol::observe::{Event, Transcript};
use crate::protocol::protocol_kind::ProtocolKind;
use crate::protocol::setup::TableSetup;
use crate::protocol::statement::Statement;
use crate::protocol::strategy::{Plugged, Strategy};
use crate::protocol::{Arena, ProcessOutcome};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a table stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum Stage {
    /// Round `round` (from 1) is about to begin: its players disclose, propose or leave.
    Proposing {
        /// The round.
        round: u32,
    },
    /// Round `round`'s packages are on the table: its players respond.
    Responding {
        /// The round.
        round: u32,
    },
    /// The process is over.
    Ended,
}

impl Stage {
    /// The round being played, if the process goes on.
    pub fn round(self) -> Option<u32> {
        match self {
            Stage::Proposing { round } | Stage::Responding { round } => Some(round),
            Stage::Ended => None,
        }
    }
}

/// What a player decides at one stage of a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "moves", rename_all = "snake_case")]
pub enum Moves {
    /// Before the proposals.
    Propose {
        /// What the seat tells the table this round (`bluff` overstates, as the model's
        /// stakeholders sometimes do; a person's statement is truthful).
        disclose: Option<Statement>,
        /// The package the seat puts on the table (none: no package from this seat).
        package: Option<Package>,
        /// The seat leaves the table at the end of this round.
        walk_out: bool,
    },
    /// After the proposals.
    Respond {
        /// The slots whose packages the seat accepts (seats `0..n`, the facilitator's text
        /// `n`); it objects to the others.
        accept: Vec<usize>,
        /// The seat leaves the table at the end of this round.
        walk_out: bool,
    },
}

impl Moves {
    /// Puts a package on the table, telling nothing.
    pub fn propose(package: Package) -> Moves {
        Moves::Propose {
            disclose: None,
            package: Some(package),
            walk_out: false,
        }
    }

    /// Accepts the packages of these slots.
    pub fn accept(slots: Vec<usize>) -> Moves {
        Moves::Respond {
            accept: slots,
            walk_out: false,
        }
    }
}

/// A package before a seat, as that seat sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PackageView {
    /// Whose package: a seat, or `n` for the facilitator's text.
    pub slot: usize,
    /// The round it was put on the table.
    pub round: u32,
    /// The package: one option per issue.
    pub package: Package,
    /// Its utility for the observing seat.
    pub utility: f64,
    /// Its value for the world (public: the case's world values).
    pub world_value: f64,
}

/// What one seat knows at the current stage: its own role sheet and the public state of the
/// table. It holds nothing of another seat's valuations or priorities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    /// The observing seat.
    pub seat: usize,
    /// Where the table stands.
    pub stage: Stage,
    /// Rounds completed.
    pub rounds_done: u32,
    /// The deadline in rounds.
    pub deadline: u32,
    /// How the process stands (open until it ends).
    pub status: Status,
    /// The seat's BATNA: what it gets without agreement.
    pub batna: f64,
    /// The seat's priority per issue (summing to 1).
    pub priorities: Vec<f64>,
    /// The seat's score per option, flat over issues (`offset(issue) + option`): a package's
    /// utility is the sum of the scores of its options.
    pub scores: Vec<f64>,
    /// Options per issue.
    pub options: Vec<usize>,
    /// Per option, flat: on the table (visible, or a hidden one somebody found).
    pub available: Vec<bool>,
    /// The seat's ideal package among the options available.
    pub ideal: Package,
    /// The world's value of each option, flat (public).
    pub world: Vec<f64>,
    /// The world value a package needs to be good for the world.
    pub world_threshold: f64,
    /// The packages before the seat: while proposing, those of the last round, which still
    /// stand; while responding, this round's (its own included).
    pub packages: Vec<PackageView>,
    /// The seat's own package this round (responding) or last round (proposing), if any.
    pub own_package: Option<Package>,
    /// Per seat, the issues it has disclosed so far (what was said at the table).
    pub disclosed: Vec<Vec<usize>>,
    /// The seat's trust in each seat (its own entry included, unused).
    pub trust: Vec<f64>,
    /// Each seat's trust in this seat.
    pub trusted_by: Vec<f64>,
    /// Seats that walked out.
    pub walked_out: Vec<bool>,
    /// The agreed package, once agreed.
    pub agreement: Option<Package>,
}

/// Why a table refused a call.
#[derive(Clone, Debug, PartialEq)]
pub enum TableError {
    /// The table has no such seat.
    NoSuchSeat {
        /// The seat asked for.
        seat: usize,
        /// Seats at the table.
        seats: usize,
    },
    /// The seat is simulated: nobody plays it.
    NotPlayed(usize),
    /// The moves are for another stage than the table's.
    WrongStage {
        /// The table's stage.
        stage: Stage,
    },
    /// The process is over.
    Ended,
    /// The table has no such issue.
    NoSuchIssue(usize),
    /// A package must hold one option per issue.
    PackageLength {
        /// Issues of the case.
        issues: usize,
        /// Options in the package.
        found: usize,
    },
    /// An issue has no such option.
    NoSuchOption {
        /// The issue.
        issue: usize,
        /// The option.
        option: usize,
    },
    /// The option is hidden and nobody has found it yet.
    HiddenOption {
        /// The issue.
        issue: usize,
        /// The option.
        option: usize,
    },
    /// No package in that slot is on the table this round.
    NotOnTable(usize),
    /// Players still to act at this stage.
    Waiting(Vec<usize>),
    /// Seats cannot be played under this protocol.
    Unsupported(ProtocolKind),
    /// A fork's round outside the rounds played.
    NoSuchRound {
        /// The round asked for.
        round: u32,
        /// The current round.
        current: u32,
    },
    /// A trait value outside [0, 1].
    TraitValue(f64),
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::NoSuchSeat { seat, seats } => {
                write!(
                    f,
                    "there is no seat {seat}: the table has seats 0 to {}",
                    seats - 1
                )
            }
            TableError::NotPlayed(seat) => write!(f, "seat {seat} is simulated, not played"),
            TableError::WrongStage { stage } => match stage {
                Stage::Proposing { round } => {
                    write!(f, "round {round} has not begun: it is time to propose")
                }
                Stage::Responding { round } => {
                    write!(
                        f,
                        "the packages of round {round} are on the table: it is time to respond"
                    )
                }
                Stage::Ended => write!(f, "the negotiation is over"),
            },
            TableError::Ended => write!(f, "the negotiation is over"),
            TableError::NoSuchIssue(i) => write!(f, "there is no issue {i}"),
            TableError::PackageLength { issues, found } => write!(
                f,
                "a package holds one option for each of the {issues} issues, not {found}"
            ),
            TableError::NoSuchOption { issue, option } => {
                write!(f, "issue {issue} has no option {option}")
            }
            TableError::HiddenOption { issue, option } => write!(
                f,
                "option {option} of issue {issue} is not on the table: nobody has found it yet"
            ),
            TableError::NotOnTable(slot) => {
                write!(f, "no package from slot {slot} is on the table this round")
            }
            TableError::Waiting(seats) => write!(f, "waiting for seats {seats:?} to act"),
            TableError::Unsupported(protocol) => write!(
                f,
                "seats cannot be played under the {} protocol, only under mindset",
                protocol.key()
            ),
            TableError::NoSuchRound { round, current } => write!(
                f,
                "cannot fork at round {round}: rounds 1 to {current} have begun"
            ),
            TableError::TraitValue(v) => write!(f, "a trait lies in [0, 1], not {v}"),
        }
    }
}

impl std::error::Error for TableError {}

impl From<TableError> for Error {
    fn from(e: TableError) -> Error {
        Error::input(e.to_string())
    }
}

/// One stage that was played: the trait changes made before it, the players' moves and the
/// seats released to the model at it, so that a fork can play it again.
#[derive(Clone, Debug)]
struct Step {
    stage: Stage,
    changes: Vec<Fork>,
    moves: Vec<(usize, Moves)>,
    released: Vec<usize>,
}

/// A process stepped by a caller; see the [module documentation](self).
pub struct Table {
    arena: Arena,
    setup: TableSetup,
    /// Per seat: played from outside.
    played: Vec<bool>,
    /// The seats played from outside when the table was seated (a fork seats them again).
    seated: Vec<usize>,
    stage: Stage,
    /// This stage's moves, per seat.
    pending: Vec<Option<Moves>>,
    /// Trait changes made at this stage (before its round).
    changes: Vec<Fork>,
    /// Seats released to the model at this stage.
    released: Vec<usize>,
    /// Every stage played so far.
    history: Vec<Step>,
    /// Per seat: the registered strategy of a seat a person plays, kept aside until the seat
    /// is released.
    benched: Vec<Option<Box<dyn Strategy>>>,
}

impl Table {
    /// Seats the table and stops before round 1. `players` are the seats played from outside
    /// (none: a simulated table, stepped a round at a time). Seats can be played only under
    /// the mindset protocol.
    pub fn start(setup: TableSetup, players: &[usize]) -> Result<Table, TableError> {
        let n = setup.case.n;
        if players.is_empty() {
            return Ok(Table::simulated(setup));
        }
        let mut played = vec![false; n];
        for &seat in players {
            if seat >= n {
                return Err(TableError::NoSuchSeat { seat, seats: n });
            }
            played[seat] = true;
        }
        if setup.rules.protocol != ProtocolKind::Mindset {
            return Err(TableError::Unsupported(setup.rules.protocol));
        }
        let mut table = Table::simulated(setup);
        for seat in 0..n {
            if played[seat] {
                table.set_input(seat, SeatInput::default());
                table.benched[seat] = table.plugged(seat).and_then(|mut p| p.strategy.take());
            }
        }
        table.played = played;
        table.seated = table.players();
        Ok(table)
    }

    /// Seats a table of simulated stakeholders only, stopped before round 1.
    pub fn simulated(setup: TableSetup) -> Table {
        let n = setup.case.n;
        let mut arena = Arena::new();
        arena.reset(&setup);
        let mut table = Table {
            arena,
            setup,
            played: vec![false; n],
            seated: Vec::new(),
            stage: Stage::Proposing { round: 1 },
            pending: vec![None; n],
            changes: Vec::new(),
            released: Vec::new(),
            history: Vec::new(),
            benched: std::iter::repeat_with(|| None).take(n).collect(),
        };
        table.settle_stage();
        table
    }

    /// The registered strategy's place at a seat, if the table seats one there.
    fn plugged(&mut self, seat: usize) -> Option<bevy_ecs::world::Mut<'_, Plugged>> {
        let world = &mut self.arena.world;
        let entity = *world.resource::<Seats>().0.get(seat)?;
        world.get_mut::<Plugged>(entity)
    }

    /// What the table was set up with.
    pub fn setup(&self) -> &TableSetup {
        &self.setup
    }

    /// Where the table stands.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// The seats played from outside.
    pub fn players(&self) -> Vec<usize> {
        (0..self.played.len()).filter(|&s| self.played[s]).collect()
    }

    /// Players who have not acted at this stage yet.
    pub fn waiting_for(&self) -> Vec<usize> {
        if self.stage == Stage::Ended {
            return Vec::new();
        }
        (0..self.played.len())
            .filter(|&s| self.played[s] && self.pending[s].is_none())
            .collect()
    }

    /// Everything that happened so far, in order (empty unless the set-up records the
    /// transcript).
    pub fn events(&self) -> &[Event] {
        &self.arena.world.resource::<Transcript>().events
    }

    /// Records a player's moves for this stage (again: the last moves count).
    pub fn submit(&mut self, seat: usize, moves: Moves) -> Result<(), TableError> {
        self.check_seat(seat)?;
        if !self.played[seat] {
            return Err(TableError::NotPlayed(seat));
        }
        match (self.stage, &moves) {
            (Stage::Ended, _) => return Err(TableError::Ended),
            (
                Stage::Proposing { .. },
                Moves::Propose {
                    disclose, package, ..
                },
            ) => {
                if let Some(statement) = disclose
                    && statement.issue >= self.setup.case.k
                {
                    return Err(TableError::NoSuchIssue(statement.issue));
                }
                if let Some(package) = package {
                    self.check_package(package)?;
                }
            }
            (Stage::Responding { .. }, Moves::Respond { accept, .. }) => {
                let table = self.arena.world.resource::<TableState>();
                for &slot in accept {
                    if slot > table.n || !table.offer_present[slot] {
                        return Err(TableError::NotOnTable(slot));
                    }
                }
            }
            (stage, _) => return Err(TableError::WrongStage { stage }),
        }
        self.pending[seat] = Some(moves);
        Ok(())
    }

    /// Changes seat `seat`'s trait `name` to `value` from this round on: a what-if. Only
    /// before a round begins.
    pub fn change_trait(
        &mut self,
        seat: usize,
        name: TraitName,
        value: f64,
    ) -> Result<(), TableError> {
        self.check_seat(seat)?;
        let Stage::Proposing { round } = self.stage else {
            return Err(TableError::WrongStage { stage: self.stage });
        };
        if !(0.0..=1.0).contains(&value) {
            return Err(TableError::TraitValue(value));
        }
        let fork = Fork {
            round,
            seat,
            name,
            value,
        };
        fork.apply(&mut self.arena.world);
        self.changes.push(fork);
        Ok(())
    }

    /// Hands a played seat back to the model: from the stage the table plays next, the seat's
    /// own simulated stakeholder decides for it again, as in a table where nobody played it
    /// (its traits, aspiration, trust and random stream are those the seat has now, since a
    /// played seat rolls the same dice as a simulated one); a seat whose tactic is a
    /// registered strategy goes back to that strategy. Moves the seat submitted at this stage
    /// are dropped. A fork plays the release again at the same stage.
    pub fn release(&mut self, seat: usize) -> Result<(), TableError> {
        self.check_seat(seat)?;
        if self.stage == Stage::Ended {
            return Err(TableError::Ended);
        }
        if !self.played[seat] {
            return Err(TableError::NotPlayed(seat));
        }
        self.played[seat] = false;
        self.pending[seat] = None;
        // A strategy's seat keeps an input, which the strategy fills from now on.
        let strategy = self.benched[seat].take();
        let input = strategy.is_some().then(SeatInput::default);
        if let Some(strategy) = strategy {
            // It holds out for what the seat holds out for now, until it proposes.
            let entity = self.arena.world.resource::<Seats>().0[seat];
            let holds_out_for = self.arena.world.get::<Aspiration>(entity).map(|a| a.value);
            if let Some(mut plug) = self.plugged(seat) {
                plug.strategy = Some(strategy);
                if let Some(value) = holds_out_for {
                    plug.holds_out_for = value;
                }
            }
        }
        if let Some(mut players) = self.arena.world.get_resource_mut::<Players>() {
            players.inputs[seat] = input;
        }
        self.released.push(seat);
        Ok(())
    }

    /// Plays the table on to the next stage at which a player acts (a table without players:
    /// one round), or to the end. Refused while a player has not acted.
    pub fn advance(&mut self) -> Result<Stage, TableError> {
        let waiting = self.waiting_for();
        if !waiting.is_empty() {
            return Err(TableError::Waiting(waiting));
        }
        let stage = self.stage;
        let moves: Vec<(usize, Moves)> = (0..self.pending.len())
            .filter_map(|s| self.pending[s].take().map(|m| (s, m)))
            .collect();
        match stage {
            Stage::Ended => return Err(TableError::Ended),
            Stage::Proposing { .. } if !self.played.contains(&true) => {
                self.arena.run_round(self.setup.rules.protocol);
                self.settle_stage();
            }
            Stage::Proposing { round } => {
                for (seat, m) in &moves {
                    if let Moves::Propose {
                        disclose,
                        package,
                        walk_out,
                    } = m
                    {
                        self.set_input(
                            *seat,
                            SeatInput {
                                disclose: *disclose,
                                proposal: package.clone(),
                                accepts: Vec::new(),
                                walk_out: *walk_out,
                            },
                        );
                    }
                }
                self.arena.run_opening();
                self.stage = Stage::Responding { round };
                // Who said at the proposals that they leave is not asked again.
                for (seat, m) in &moves {
                    if let Moves::Propose { walk_out: true, .. } = m {
                        self.pending[*seat] = Some(Moves::Respond {
                            accept: Vec::new(),
                            walk_out: true,
                        });
                    }
                }
            }
            Stage::Responding { .. } => {
                let slots = self.setup.case.n + 1;
                for (seat, m) in &moves {
                    if let Moves::Respond { accept, walk_out } = m {
                        let mut input = self.input(*seat);
                        input.accepts = vec![false; slots];
                        for &slot in accept {
                            input.accepts[slot] = true;
                        }
                        input.walk_out |= *walk_out;
                        self.set_input(*seat, input);
                    }
                }
                self.arena.run_closing();
                for seat in self.players() {
                    self.set_input(seat, SeatInput::default());
                }
                self.settle_stage();
            }
        }
        self.history.push(Step {
            stage,
            changes: std::mem::take(&mut self.changes),
            moves,
            released: std::mem::take(&mut self.released),
        });
        Ok(self.stage)
    }

    /// A played seat's input as it stands.
    fn input(&self, seat: usize) -> SeatInput {
        let players = self.arena.world.get_resource::<Players>();
        players
            .and_then(|p| p.input(seat))
            .cloned()
            .unwrap_or_default()
    }

    /// Gives a played seat its input for the steps that run next.
    fn set_input(&mut self, seat: usize, input: SeatInput) {
        let n = self.played.len();
        let mut players = self.arena.world.get_resource_or_insert_with(|| Players {
            inputs: vec![None; n],
        });
        players.inputs[seat] = Some(input);
    }

    /// The table as it will be at the start of round `round` (from 1, at most the current
    /// round), played again from the start with the same moves and trait changes: the place
    /// to try another move or another trait from. This table goes on unchanged.
    pub fn fork_at(&self, round: u32) -> Result<Table, TableError> {
        let current = match self.stage {
            Stage::Proposing { round } | Stage::Responding { round } => round,
            Stage::Ended => self.rounds_done(),
        };
        if round == 0 || round > current {
            return Err(TableError::NoSuchRound { round, current });
        }
        let mut fork = Table::start(self.setup.clone(), &self.seated)?;
        let until = Stage::Proposing { round };
        for played in self
            .history
            .iter()
            .take_while(|played| played.stage != until)
        {
            for change in &played.changes {
                fork.change_trait(change.seat, change.name, change.value)?;
            }
            for (seat, moves) in &played.moves {
                fork.submit(*seat, moves.clone())?;
            }
            for &seat in &played.released {
                fork.release(seat)?;
            }
            fork.advance()?;
        }
        Ok(fork)
    }

    /// Rounds completed.
    pub fn rounds_done(&self) -> u32 {
        self.arena.world.resource::<TableState>().round
    }

    /// What seat `seat` knows now; see [`Observation`].
    pub fn observe(&self, seat: usize) -> Observation {
        let world = &self.arena.world;
        let setting = world.resource::<Setting>();
        let case = &*setting.case;
        let table = world.resource::<TableState>();
        let entities = &world.resource::<Seats>().0;
        let (n, k) = (case.n, case.k);
        let responding = matches!(self.stage, Stage::Responding { .. });
        // Before a round the packages of the last one still stand; after its proposals, its
        // own are on the table.
        let (offers, present, round) = if responding {
            (&table.offers, &table.offer_present, table.round + 1)
        } else {
            (&table.positions, &table.previous_present, table.round)
        };
        let packages = (0..=n)
            .filter(|&slot| present[slot])
            .map(|slot| {
                let package = offers[slot * k..(slot + 1) * k].to_vec();
                PackageView {
                    slot,
                    round,
                    utility: case.utility(seat, &package),
                    world_value: case.world_value(&package),
                    package,
                }
            })
            .collect::<Vec<_>>();
        let own_package = packages
            .iter()
            .find(|p| p.slot == seat)
            .map(|p| p.package.clone());
        let trust_of = |s: usize| world.get::<Trust>(entities[s]).map(|t| t.0.clone());
        let trust = trust_of(seat).unwrap_or_default();
        let trusted_by = (0..n)
            .map(|s| {
                trust_of(s)
                    .and_then(|t| t.get(seat).copied())
                    .unwrap_or(0.0)
            })
            .collect();
        let disclosed = (0..n)
            .map(|s| {
                world
                    .get::<Beliefs>(entities[s])
                    .map(|b| (0..k).filter(|&i| b.disclosed[i]).collect())
                    .unwrap_or_default()
            })
            .collect();
        let walked_out = (0..n)
            .map(|s| {
                world
                    .get::<Departure>(entities[s])
                    .is_some_and(|d| d.walked_out)
            })
            .collect();
        let ideal = (0..k)
            .map(|i| crate::protocol::proposal::best_available(case, seat, i, &table.available))
            .collect();
        Observation {
            seat,
            stage: self.stage,
            rounds_done: table.round,
            deadline: setting.rules.deadline,
            status: table.status,
            batna: case.batna[seat],
            priorities: case.weights[seat * k..(seat + 1) * k].to_vec(),
            scores: case.values_of(seat).to_vec(),
            options: case.options.clone(),
            available: table.available.clone(),
            ideal,
            world: case.world.clone(),
            world_threshold: case.case.world_threshold,
            packages,
            own_package,
            disclosed,
            trust,
            trusted_by,
            walked_out,
            agreement: (table.status == Status::Agreed).then(|| table.agreement.clone()),
        }
    }

    /// Ends the table where it stands and gives the process as a batch run would (status
    /// open if it was stopped before its end).
    pub fn finish(mut self) -> ProcessOutcome {
        let setup = self.setup.clone();
        self.arena.collect(&setup)
    }

    fn check_seat(&self, seat: usize) -> Result<(), TableError> {
        let seats = self.played.len();
        if seat >= seats {
            return Err(TableError::NoSuchSeat { seat, seats });
        }
        Ok(())
    }

    fn check_package(&self, package: &[u8]) -> Result<(), TableError> {
        let case = &self.setup.case;
        if package.len() != case.k {
            return Err(TableError::PackageLength {
                issues: case.k,
                found: package.len(),
            });
        }
        let available = &self.arena.world.resource::<TableState>().available;
        for (issue, &option) in package.iter().enumerate() {
            let option = option as usize;
            if option >= case.options[issue] {
                return Err(TableError::NoSuchOption { issue, option });
            }
            if !available[case.flat(issue, option)] {
                return Err(TableError::HiddenOption { issue, option });
            }
        }
        Ok(())
    }

    /// After a round: the next round's proposals, or the end.
    fn settle_stage(&mut self) {
        let table = self.arena.world.resource::<TableState>();
        self.stage = if table.is_open() {
            Stage::Proposing {
                round: table.round + 1,
            }
        } else {
            Stage::Ended
        };
    }
}
