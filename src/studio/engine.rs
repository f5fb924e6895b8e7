//! The studio's one door to the engine: demonstrations, tables with people in some seats, the
//! round-by-round dance, and the simulated processes a class is held against. Everything the
//! studio knows about a negotiation comes through here, from the same protocol systems as
//! `negsim run` and `negsim demo`; the rest of the studio sees plain data.
//!
//! A table with people is one live [`Table`] of the engine, with the seats people took played
//! from outside and the others simulated; each action steps it on to the next stage where a
//! person acts. What was submitted at each stage is kept as well ([`PlayedStage`]): the engine
//! is deterministic, so playing the same submissions again gives the same table, which is
//! what makes the journal and `--resume` exact (a resumed table is replayed once, then lives
//! on).

use crate::error::{Error, Result};
use crate::experiment::library::Library;
use crate::metrics::process::{ProcessMetrics, evaluate};
use crate::model::culture::Culture;
use crate::model::label::{Label, Lang};
use crate::model::prepared::{Package, PreparedCase};
use crate::model::traits::TraitName;
use crate::protocol::Arena;
use crate::protocol::components::Status;
use crate::protocol::observe::Event;
use crate::protocol::reader::{self, RoundReading};
use crate::protocol::statement::Statement;
use crate::protocol::strategy::{StrategyFailure, caught};
use crate::protocol::table::{self as engine_table, Observation, Stage, Table};
use crate::studio::refused::{self, Refused};
use crate::teaching::demo::play_code;
use crate::teaching::demonstration::Demonstration;
use crate::teaching::replay_code::ReplayCode;
use crate::teaching::table::{Played, load_case, load_culture, seat};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Plays what a replay code describes, exactly as `negsim demo --replay CODE` does; what
/// stops it is told in `lang`.
pub fn demonstration(library: &Library, code: &ReplayCode, lang: Lang) -> Result<Demonstration> {
    caught(|| play_code(library, code, lang))?
}

/// A case by name or path, prepared; one not found is told in `lang`.
pub fn case(library: &Library, name: &str, lang: Lang) -> Result<Arc<PreparedCase>> {
    load_case(library, name, lang)
}

/// A culture by name or path; one not found is told in `lang`.
pub fn culture(library: &Library, name: &str, lang: Lang) -> Result<Culture> {
    load_culture(library, name, lang)
}

/// What each round of a transcript meant, from the one reader the narrator, the GIF and the
/// dance chart share: the leading proposal (the negotiation dance) and the turning points.
pub fn readings(case: &PreparedCase, transcript: &[Event]) -> Vec<RoundReading> {
    reader::read(case, transcript)
}

/// A trait a "what if" may change, with its key.
pub fn trait_names() -> &'static [TraitName] {
    &TraitName::ALL
}

/// The outcomes of `count` simulated processes of a case in a culture (seeds 1 to `count`),
/// as (each stakeholder's utility, world value, agreed): the cloud a class is held against.
pub fn simulated_outcomes(
    case: &Arc<PreparedCase>,
    culture: &Culture,
    deadline: u32,
    count: u64,
) -> Result<Vec<ProcessMetrics>> {
    let mut arena = Arena::new();
    (1..=count)
        .map(|seed| {
            let mut setup = seat(case, culture, seed, deadline)?;
            setup.observe.transcript = false;
            setup.observe.rounds = false;
            // After a strategy's failure the arena is left mid-way, and dropped with the rest.
            let outcome = caught(|| arena.run(&setup))?;
            Ok(evaluate(case, &outcome))
        })
        .collect()
}

/// What a person does at the start of a round.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Moves {
    /// The issue whose priority the person tells the table, if any.
    pub disclose: Option<usize>,
    /// The package the person puts on the table (none: nothing from them this round).
    pub proposal: Option<Package>,
    /// The person leaves the table (the process ends without agreement).
    pub walk_out: bool,
}

impl Moves {
    /// The engine's moves: a person's statement is always truthful.
    fn to_engine(&self) -> engine_table::Moves {
        engine_table::Moves::Propose {
            disclose: self.disclose.map(|issue| Statement {
                issue,
                bluff: false,
            }),
            package: self.proposal.clone(),
            walk_out: self.walk_out,
        }
    }
}

/// Which packages a person accepts after the proposals, by slot (seats, then the facilitator).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Responses {
    /// The slots accepted.
    pub accept: Vec<usize>,
}

/// What happened at one stage of a table, in the order it came: people's moves, and the seats
/// handed to the model at that stage. Played again in order (the moves, then the hand-overs,
/// which drop the moves of the seats they hand over), the stages give the same table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlayedStage {
    /// (seat, moves), in the order submitted (a later submission of a seat replaces its
    /// earlier one, as at the table).
    pub moves: Vec<(usize, engine_table::Moves)>,
    /// Seats handed to the model's simulated stakeholder at this stage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handed_over: Vec<usize>,
}

/// A seat a person left to the simulated stakeholder, and from when.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandOver {
    /// The seat.
    pub seat: usize,
    /// The round in which it was handed over.
    pub round: u32,
}

/// Where a table stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Waiting for the people's moves of this round (from 1).
    Move(u32),
    /// Waiting for the people's responses to the packages of this round.
    Respond(u32),
    /// The process is over.
    Ended,
}

impl Phase {
    fn of(stage: Stage) -> Phase {
        match stage {
            Stage::Proposing { round } => Phase::Move(round),
            Stage::Responding { round } => Phase::Respond(round),
            Stage::Ended => Phase::Ended,
        }
    }
}

/// A package on the table, as a person sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OnTable {
    /// Whose it is (seats, then the facilitator at `n`).
    pub slot: usize,
    /// The package.
    pub package: Package,
}

/// What the table looks like now: only what anyone at the table may see, and the finished
/// process once over.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The phase.
    pub phase: Phase,
    /// People's seats that still have to act in this phase.
    pub waiting: Vec<usize>,
    /// Packages on the table this round (while responding) or last round (while moving).
    pub on_table: Vec<OnTable>,
    /// Options on the table, per flat option (hidden ones once discovered).
    pub available: Vec<bool>,
    /// `trust[s][t]`: how much `s` trusts `t`, in [0, 1].
    pub trust: Vec<Vec<f64>>,
    /// Seats that walked out.
    pub walked_out: Vec<bool>,
    /// Rounds completed.
    pub rounds_done: u32,
    /// The finished process, once over.
    pub played: Option<Played>,
    /// The failure of a registered strategy that stopped the table before its end (then the
    /// phase is [`Phase::Ended`] and nothing was played to an outcome).
    pub stopped: Option<StrategyFailure>,
}

/// A table where people play some seats and simulated stakeholders the rest.
pub struct LiveTable {
    culture: Culture,
    case: Arc<PreparedCase>,
    deadline: u32,
    /// The seats people took when the table started.
    people: Vec<usize>,
    /// Seats handed to the model's simulated stakeholder.
    handed_over: Vec<HandOver>,
    /// The engine's table, until the process ends or a strategy's failure stops it.
    table: Option<Table>,
    /// What happened until a strategy's failure stopped the table.
    events_before_stop: Vec<Event>,
    /// What was submitted, stage by stage; the last is the stage being played.
    stages: Vec<PlayedStage>,
    snapshot: Snapshot,
}

impl LiveTable {
    /// Seats a table: the culture's people on the streams of `seed` (the same people as
    /// `negsim demo` with that seed), with people in the seats `people`.
    pub fn new(
        case: Arc<PreparedCase>,
        culture: Culture,
        seed: u64,
        deadline: u32,
        people: &[usize],
    ) -> Result<LiveTable> {
        if let Some(&s) = people.iter().find(|&&s| s >= case.n) {
            return Err(Error::input(format!(
                "case `{}` has {} stakeholders, so there is no seat {}",
                case.case.name, case.n, s
            )));
        }
        if people.is_empty() {
            return Err(Error::input("a table needs at least one person"));
        }
        let mut seats = people.to_vec();
        seats.sort_unstable();
        seats.dedup();
        let setup = seat(&case, &culture, seed, deadline)?;
        // Seating a strategy runs its code (its factory).
        let started = caught(|| Table::start(setup, &seats));
        let snapshot = Snapshot {
            phase: Phase::Move(1),
            waiting: Vec::new(),
            on_table: Vec::new(),
            available: case.visible.clone(),
            trust: Vec::new(),
            walked_out: vec![false; case.n],
            rounds_done: 0,
            played: None,
            stopped: None,
        };
        let mut live = LiveTable {
            culture,
            deadline,
            people: seats,
            handed_over: Vec::new(),
            table: None,
            events_before_stop: Vec::new(),
            stages: vec![PlayedStage::default()],
            snapshot,
            case,
        };
        match started {
            Ok(table) => live.table = Some(table?),
            Err(failure) => {
                live.stop(failure);
                return Ok(live);
            }
        }
        live.settle()?;
        Ok(live)
    }

    /// Brings a table back from what was submitted at it (a journal): the stages are played
    /// again in order, and the table lives on from where it was.
    pub fn restore(
        case: Arc<PreparedCase>,
        culture: Culture,
        seed: u64,
        deadline: u32,
        people: &[usize],
        handed_over: Vec<HandOver>,
        stages: Vec<PlayedStage>,
    ) -> Result<LiveTable> {
        let mut live = LiveTable::new(case, culture, seed, deadline, people)?;
        live.handed_over = handed_over;
        live.stages.clear();
        let count = stages.len();
        for (i, stage) in stages.into_iter().enumerate() {
            // A table a strategy's failure stopped stops again where it stopped.
            if live.snapshot.stopped.is_some() {
                break;
            }
            let table = live
                .table
                .as_mut()
                .ok_or_else(|| Error::input("the journal goes on after its table ended"))?;
            for (seat, moves) in &stage.moves {
                table.submit(*seat, moves.clone())?;
            }
            for &seat in &stage.handed_over {
                table.release(seat)?;
            }
            live.stages.push(stage);
            if i + 1 < count {
                if !table.waiting_for().is_empty() {
                    return Err(Error::input(
                        "the journal's table moved on before every person had acted",
                    ));
                }
                live.advance()?;
            }
        }
        if live.stages.is_empty() {
            live.stages.push(PlayedStage::default());
        }
        live.settle()?;
        Ok(live)
    }

    /// The case.
    pub fn case(&self) -> &Arc<PreparedCase> {
        &self.case
    }

    /// The culture of the simulated stakeholders.
    pub fn culture(&self) -> &Culture {
        &self.culture
    }

    /// Where the table stands, and what happened.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// Everything that happened so far, in order.
    pub fn events(&self) -> &[Event] {
        match (&self.table, &self.snapshot.played) {
            (Some(table), _) => table.events(),
            (None, Some(played)) => &played.outcome.transcript,
            (None, None) => &self.events_before_stop,
        }
    }

    /// What was submitted, stage by stage, for the journal.
    pub fn stages(&self) -> &[PlayedStage] {
        &self.stages
    }

    /// The seats handed to the model's simulated stakeholders, for the journal.
    pub fn handed_over(&self) -> &[HandOver] {
        &self.handed_over
    }

    /// Seats played by people now.
    pub fn people(&self) -> Vec<usize> {
        self.people
            .iter()
            .copied()
            .filter(|&s| !self.is_handed_over(s))
            .collect()
    }

    fn is_handed_over(&self, seat: usize) -> bool {
        self.handed_over.iter().any(|h| h.seat == seat)
    }

    /// A person's moves for the current round.
    pub fn act(&mut self, seat: usize, moves: Moves) -> refused::Result<()> {
        self.check_person(seat)?;
        let Phase::Move(_) = self.snapshot.phase else {
            return Err(self.not_now());
        };
        self.submit(seat, moves.to_engine())?;
        Ok(self.settle()?)
    }

    /// A person's responses to this round's packages.
    pub fn respond(&mut self, seat: usize, responses: Responses) -> refused::Result<()> {
        self.check_person(seat)?;
        let Phase::Respond(_) = self.snapshot.phase else {
            return Err(self.not_now());
        };
        let accept = self.with_own(seat, responses.accept);
        self.submit(seat, engine_table::Moves::accept(accept))?;
        Ok(self.settle()?)
    }

    /// Why the table takes no moves of this kind now: the round is at its other stage, or the
    /// negotiation is over.
    fn not_now(&self) -> Refused {
        match self.snapshot.phase {
            Phase::Move(round) => Refused::NotWaitingForAnswer { round },
            Phase::Respond(round) => Refused::NotWaitingForMove { round },
            Phase::Ended => Refused::Over,
        }
    }

    /// A person stands by their own package: whoever put a package on the table accepts it
    /// (the page asks only about the others').
    fn with_own(&self, seat: usize, mut accept: Vec<usize>) -> Vec<usize> {
        let own_on_table = self.snapshot.on_table.iter().any(|p| p.slot == seat);
        if own_on_table && !accept.contains(&seat) {
            accept.push(seat);
        }
        accept
    }

    /// From now on a person's seat is played by the model's own simulated stakeholder of the
    /// table's culture, as if nobody had played it: from the stage the table plays next (moves
    /// the person made at this stage are dropped; those of earlier stages stand).
    pub fn hand_over(&mut self, seat: usize) -> refused::Result<()> {
        if !self.people().contains(&seat) {
            return Err(self.simulated(seat));
        }
        let round = match self.snapshot.phase {
            Phase::Move(r) | Phase::Respond(r) => r,
            Phase::Ended => return Ok(()),
        };
        let table = self.table.as_mut().ok_or(Refused::Over)?;
        table.release(seat)?;
        if let Some(stage) = self.stages.last_mut() {
            stage.handed_over.push(seat);
        }
        self.handed_over.push(HandOver { seat, round });
        Ok(self.settle()?)
    }

    /// The round's time ran out: the people who have not acted keep their last package on the
    /// table, or accept nothing but their own.
    pub fn time_up(&mut self) -> Result<()> {
        for seat in self.snapshot.waiting.clone() {
            let moves = match self.snapshot.phase {
                Phase::Move(_) => {
                    let own = self
                        .table
                        .as_ref()
                        .and_then(|t| t.observe(seat).own_package);
                    engine_table::Moves::Propose {
                        disclose: None,
                        package: own,
                        walk_out: false,
                    }
                }
                Phase::Respond(_) => engine_table::Moves::accept(self.with_own(seat, Vec::new())),
                Phase::Ended => return Ok(()),
            };
            self.submit(seat, moves)?;
        }
        self.settle()
    }

    /// Submits a seat's moves at this stage and keeps them for the journal.
    fn submit(&mut self, seat: usize, moves: engine_table::Moves) -> refused::Result<()> {
        let table = self.table.as_mut().ok_or(Refused::Over)?;
        table.submit(seat, moves.clone())?;
        if let Some(stage) = self.stages.last_mut() {
            stage.moves.push((seat, moves));
        }
        Ok(())
    }

    /// Steps the table on while no person is left to wait for, and keeps what the table looks
    /// like.
    fn settle(&mut self) -> Result<()> {
        while let Some(table) = self.table.as_mut() {
            if table.stage() == Stage::Ended {
                let table = self.table.take().expect("the table is there");
                self.end(table);
                break;
            }
            if !table.waiting_for().is_empty() {
                break;
            }
            self.advance()?;
            self.stages.push(PlayedStage::default());
        }
        self.refresh();
        Ok(())
    }

    /// Steps the table to its next stage; a registered strategy's failure stops the table
    /// there, as told in [`Snapshot::stopped`] (the class plays on at the other tables).
    fn advance(&mut self) -> Result<()> {
        let Some(table) = self.table.as_mut() else {
            return Ok(());
        };
        match caught(|| table.advance()) {
            Ok(stepped) => stepped.map(|_| ()).map_err(Error::from),
            Err(failure) => {
                self.stop(failure);
                Ok(())
            }
        }
    }

    /// A strategy's failure stopped the table: its engine table, left mid-way, is dropped,
    /// with what happened until then kept; nothing more is played at it.
    fn stop(&mut self, failure: StrategyFailure) {
        if let Some(table) = self.table.take() {
            self.events_before_stop = table.events().to_vec();
            self.snapshot.rounds_done = table.observe(0).rounds_done;
        }
        self.snapshot.phase = Phase::Ended;
        self.snapshot.waiting.clear();
        self.snapshot.stopped = Some(failure);
    }

    /// The process is over: its outcome, metrics and what the table looked like at its end.
    fn end(&mut self, table: Table) {
        let setup = table.setup().clone();
        let outcome = table.finish();
        let metrics = evaluate(&self.case, &outcome);
        // The stage opened by the last step has nothing in it.
        if self
            .stages
            .last()
            .is_some_and(|s| s.moves.is_empty() && s.handed_over.is_empty())
            && self.stages.len() > 1
        {
            self.stages.pop();
        }
        self.snapshot = Snapshot {
            phase: Phase::Ended,
            waiting: Vec::new(),
            on_table: Vec::new(),
            available: outcome.available.clone(),
            trust: outcome.seats.iter().map(|s| s.trust.clone()).collect(),
            walked_out: outcome.seats.iter().map(|s| s.walked_out).collect(),
            rounds_done: outcome.rounds,
            played: Some(Played {
                culture: self.culture.clone(),
                setup,
                outcome,
                metrics,
            }),
            stopped: None,
        };
    }

    /// Keeps what the live table looks like now.
    fn refresh(&mut self) {
        let Some(table) = &self.table else {
            return;
        };
        let n = self.case.n;
        let seen: Vec<Observation> = (0..n).map(|s| table.observe(s)).collect();
        let public = &seen[0];
        let people = self.people();
        self.snapshot = Snapshot {
            phase: Phase::of(table.stage()),
            waiting: table
                .waiting_for()
                .into_iter()
                .filter(|s| people.contains(s))
                .collect(),
            on_table: public
                .packages
                .iter()
                .map(|p| OnTable {
                    slot: p.slot,
                    package: p.package.clone(),
                })
                .collect(),
            available: public.available.clone(),
            walked_out: public.walked_out.clone(),
            rounds_done: public.rounds_done,
            trust: seen.into_iter().map(|o| o.trust).collect(),
            played: None,
            stopped: None,
        };
    }

    /// Whether a person plays `seat`: not one the trainer handed to a simulated stakeholder,
    /// nor one that was never a person's.
    pub fn check_person(&self, seat: usize) -> refused::Result<()> {
        if self.people().contains(&seat) {
            Ok(())
        } else if self.people.contains(&seat) {
            Err(Refused::HandedOver)
        } else {
            Err(self.simulated(seat))
        }
    }

    /// The refusal for a seat that a simulated stakeholder plays from the start, naming its
    /// stakeholder (a seat beyond the case, which only a forged message names, by its number).
    fn simulated(&self, seat: usize) -> Refused {
        let role = match self.case.case.stakeholders.get(seat) {
            Some(stakeholder) => stakeholder.label.clone(),
            None => Label {
                en: format!("seat {}", seat.wrapping_add(1)),
                nl: format!("stoel {}", seat.wrapping_add(1)),
            },
        };
        Refused::SimulatedSeat { role }
    }

    /// The deadline in rounds.
    pub fn deadline(&self) -> u32 {
        self.deadline
    }
}

/// Whether a finished process ended in agreement.
pub fn agreed(played: &Played) -> bool {
    played.outcome.status == Status::Agreed
}
