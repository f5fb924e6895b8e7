//! The studio's one door to the engine: demonstrations, tables with people in some seats, the
//! round-by-round dance, and the simulated processes a class is held against. Everything the
//! studio knows about a negotiation comes through here, from the same protocol systems as
//! `negsim run` and `negsim demo`; the rest of the studio sees plain data.
//!
//! A table with people is kept as what the people did ([`Moves`], [`Responses`]), and its
//! state is the process played from round 1 with those moves: the engine is deterministic, so
//! the same moves give the same table, which is what makes the journal and `--resume` exact.

use crate::error::{Error, Result};
use crate::experiment::library::Library;
use crate::metrics::process::{ProcessMetrics, evaluate};
use crate::model::culture::Culture;
use crate::model::prepared::{Package, PreparedCase};
use crate::model::traits::TraitName;
use crate::protocol::Arena;
use crate::protocol::components::{Departure, Seat, Seats, Status, TableState, Trust};
use crate::protocol::human::HumanMove;
use crate::protocol::intervene::Intervention;
use crate::protocol::observe::{Event, Transcript};
use crate::teaching::demo::{Demonstration, play_code};
use crate::teaching::replay_code::ReplayCode;
use crate::teaching::table::{Played, load_case, load_culture, play_out, seat};
use bevy_ecs::world::World;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Plays what a replay code describes, exactly as `negsim demo --replay CODE` does.
pub fn demonstration(library: &Library, code: &ReplayCode) -> Result<Demonstration> {
    play_code(library, code)
}

/// A case by name or path, prepared.
pub fn case(library: &Library, name: &str) -> Result<Arc<PreparedCase>> {
    load_case(library, name)
}

/// A culture by name or path.
pub fn culture(library: &Library, name: &str) -> Result<Culture> {
    load_culture(library, name)
}

/// One round of the negotiation dance: the package closest to a deal, what it gives each
/// stakeholder and the world.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DanceStep {
    /// Round, from 1.
    pub round: u32,
    /// Whose package leads (seats, then the facilitator at `n`).
    pub slot: Option<usize>,
    /// The leading package.
    pub package: Option<Package>,
    /// How many others than its proposer accepted it.
    pub support: usize,
    /// Each stakeholder's utility of it, in [0, 1].
    pub scores: Vec<f64>,
    /// Its world value, in [0, 1].
    pub world: f64,
}

/// How much further from a deal (summed shortfall) another package may look before the
/// leading package changes: the narrator's tolerance, so that the chart and the narration
/// beside it name the same package.
const CLOSEST_TOLERANCE: f64 = 0.02;

/// The dance of a played process, one step per round: the package closest to a deal as the
/// narration names it. The most backers (others who accept it) leads; among equals, the one
/// that falls least short of what the others hold out for (their aspiration, at least their
/// BATNA); then the facilitator's text, then the lowest seat; the package that led last round
/// keeps its place while it is about as close.
pub fn dance(case: &PreparedCase, transcript: &[Event], rounds: u32) -> Vec<DanceStep> {
    let n = case.n;
    let rounds = rounds as usize;
    let mut proposals: Vec<Vec<Option<&Package>>> = vec![vec![None; n + 1]; rounds];
    // Per round: (responder, slot, accepted, utility, aspiration).
    let mut responses: Vec<Vec<(usize, usize, bool, f64, f64)>> = vec![Vec::new(); rounds];
    for e in transcript {
        match e {
            Event::Proposed {
                round,
                seat,
                package,
                ..
            } if (1..=rounds).contains(&(*round as usize)) => {
                proposals[*round as usize - 1][*seat] = Some(package)
            }
            Event::FacilitatorText { round, package }
                if (1..=rounds).contains(&(*round as usize)) =>
            {
                proposals[*round as usize - 1][n] = Some(package)
            }
            Event::Responded {
                round,
                seat,
                slot,
                accepted,
                utility,
                aspiration,
            } if (1..=rounds).contains(&(*round as usize)) => responses[*round as usize - 1]
                .push((*seat, *slot, *accepted, *utility, *aspiration)),
            _ => {}
        }
    }
    let mut last: Option<usize> = None;
    (0..rounds)
        .map(|r| {
            let mut best: Option<(usize, usize, f64)> = None;
            let mut kept: Option<(usize, usize, f64)> = None;
            for slot in std::iter::once(n).chain(0..n) {
                let on = &responses[r];
                if proposals[r][slot].is_none() || !on.iter().any(|x| x.1 == slot) {
                    continue;
                }
                let backers = on
                    .iter()
                    .filter(|x| x.1 == slot && x.2 && x.0 != slot)
                    .count();
                let shortfall: f64 = on
                    .iter()
                    .filter(|x| x.1 == slot && !x.2)
                    .map(|x| (x.4.max(case.batna[x.0]) - x.3).max(0.0))
                    .sum();
                if last == Some(slot) {
                    kept = Some((slot, backers, shortfall));
                }
                let better = match best {
                    None => true,
                    Some((_, b, short)) => backers > b || (backers == b && shortfall < short),
                };
                if better {
                    best = Some((slot, backers, shortfall));
                }
            }
            if let (Some((_, b, short)), Some((_, kb, kshort))) = (best, kept)
                && kb == b
                && kshort <= short + CLOSEST_TOLERANCE
            {
                best = kept;
            }
            if let Some((slot, _, _)) = best {
                last = Some(slot);
            }
            let package = best.and_then(|(slot, _, _)| proposals[r][slot].cloned());
            DanceStep {
                round: r as u32 + 1,
                slot: best.map(|(slot, _, _)| slot),
                support: best.map_or(0, |(_, b, _)| b),
                scores: package
                    .as_ref()
                    .map(|p| (0..n).map(|s| case.utility(s, p)).collect())
                    .unwrap_or_default(),
                world: package.as_ref().map_or(0.0, |p| case.world_value(p)),
                package,
            }
        })
        .collect()
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
            let outcome = arena.run(&setup);
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

/// Which packages a person accepts after the proposals, by slot (seats, then the facilitator).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Responses {
    /// The slots accepted.
    pub accept: Vec<usize>,
}

/// One round as the people at a table played it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlayedRound {
    /// Moves, once made.
    pub moves: Option<Moves>,
    /// Responses, once made.
    pub responses: Option<Responses>,
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

/// A package on the table, as a person sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OnTable {
    /// Whose it is (seats, then the facilitator at `n`).
    pub slot: usize,
    /// The package.
    pub package: Package,
}

/// What the table looks like now.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The phase.
    pub phase: Phase,
    /// Packages on the table this round (while responding) or last round (while moving).
    pub on_table: Vec<OnTable>,
    /// Options on the table, per flat option (hidden ones once discovered).
    pub available: Vec<bool>,
    /// Every event so far.
    pub transcript: Vec<Event>,
    /// `trust[s][t]`: how much `s` trusts `t`, in [0, 1].
    pub trust: Vec<Vec<f64>>,
    /// The finished process, once over.
    pub played: Option<Played>,
}

/// A table where people play some seats and simulated stakeholders the rest.
#[derive(Clone, Debug)]
pub struct LiveTable {
    culture: Culture,
    seed: u64,
    deadline: u32,
    case: Arc<PreparedCase>,
    /// The seat played by a person, while one does.
    person: Option<usize>,
    /// The round from which a person's seat is played by a simulated stakeholder.
    handed_over: Option<u32>,
    rounds: Vec<PlayedRound>,
    snapshot: Snapshot,
}

/// The most people at one table today.
pub const MAX_PEOPLE_PER_TABLE: usize = 1;

impl LiveTable {
    /// Seats a table: the culture's people on the streams of `seed`, with people in `people`.
    pub fn new(
        case: Arc<PreparedCase>,
        culture: Culture,
        seed: u64,
        deadline: u32,
        people: &[usize],
    ) -> Result<LiveTable> {
        if people.len() > MAX_PEOPLE_PER_TABLE {
            return Err(Error::input(format!(
                "a table seats at most {MAX_PEOPLE_PER_TABLE} person among its simulated stakeholders, found {}",
                people.len()
            )));
        }
        if let Some(&s) = people.iter().find(|&&s| s >= case.n) {
            return Err(Error::input(format!(
                "case `{}` has {} stakeholders, so there is no seat {}",
                case.case.name, case.n, s
            )));
        }
        let mut table = LiveTable {
            culture,
            seed,
            deadline,
            person: people.first().copied(),
            handed_over: None,
            rounds: Vec::new(),
            snapshot: Snapshot {
                phase: Phase::Move(1),
                on_table: Vec::new(),
                available: case.visible.clone(),
                transcript: Vec::new(),
                trust: Vec::new(),
                played: None,
            },
            case,
        };
        table.replay()?;
        Ok(table)
    }

    /// Rebuilds a table from what its people did (a journal).
    pub fn restore(
        case: Arc<PreparedCase>,
        culture: Culture,
        seed: u64,
        deadline: u32,
        people: &[usize],
        handed_over: Option<u32>,
        rounds: Vec<PlayedRound>,
    ) -> Result<LiveTable> {
        let mut table = LiveTable::new(case, culture, seed, deadline, people)?;
        table.handed_over = handed_over;
        table.rounds = rounds;
        table.replay()?;
        Ok(table)
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

    /// The rounds as played, for the journal.
    pub fn rounds(&self) -> &[PlayedRound] {
        &self.rounds
    }

    /// The round from which the person's seat is simulated, if it was handed over.
    pub fn handed_over(&self) -> Option<u32> {
        self.handed_over
    }

    /// Seats played by people now.
    pub fn people(&self) -> Vec<usize> {
        match (self.person, self.handed_over) {
            (Some(s), None) => vec![s],
            _ => Vec::new(),
        }
    }

    /// The person's moves for the current round.
    pub fn act(&mut self, seat: usize, moves: Moves) -> Result<()> {
        let Phase::Move(round) = self.snapshot.phase else {
            return Err(Error::input("it is not the time for moves"));
        };
        self.check_person(seat)?;
        if let Some(p) = &moves.proposal {
            self.check_package(p)?;
        }
        if let Some(i) = moves.disclose
            && i >= self.case.k
        {
            return Err(Error::input(format!("there is no issue {i}")));
        }
        self.round_mut(round).moves = Some(moves);
        self.replay()
    }

    /// The person's responses to this round's packages.
    pub fn respond(&mut self, seat: usize, responses: Responses) -> Result<()> {
        let Phase::Respond(round) = self.snapshot.phase else {
            return Err(Error::input("it is not the time for responses"));
        };
        self.check_person(seat)?;
        let on_table: Vec<usize> = self.snapshot.on_table.iter().map(|o| o.slot).collect();
        if let Some(slot) = responses.accept.iter().find(|s| !on_table.contains(s)) {
            return Err(Error::input(format!(
                "there is no package {slot} on the table"
            )));
        }
        self.round_mut(round).responses = Some(responses);
        self.replay()
    }

    /// From the current round on, the person's seat is played by a simulated stakeholder.
    pub fn hand_over(&mut self, seat: usize) -> Result<()> {
        self.check_person(seat)?;
        let round = match self.snapshot.phase {
            Phase::Move(r) => r,
            // Mid-round, the person's move stands; their responses are simulated.
            Phase::Respond(r) => r,
            Phase::Ended => return Ok(()),
        };
        self.handed_over = Some(round);
        self.replay()
    }

    fn check_person(&self, seat: usize) -> Result<()> {
        if self.people().contains(&seat) {
            Ok(())
        } else {
            Err(Error::input(format!(
                "seat {seat} is not played by a person"
            )))
        }
    }

    fn check_package(&self, package: &[u8]) -> Result<()> {
        if package.len() != self.case.k {
            return Err(Error::input(format!(
                "a package has one option for each of the {} issues, found {}",
                self.case.k,
                package.len()
            )));
        }
        for (i, &o) in package.iter().enumerate() {
            let o = o as usize;
            if o >= self.case.options[i] || !self.snapshot.available[self.case.flat(i, o)] {
                return Err(Error::input(format!(
                    "option {o} of issue {i} is not on the table"
                )));
            }
        }
        Ok(())
    }

    fn round_mut(&mut self, round: u32) -> &mut PlayedRound {
        let r = round as usize - 1;
        if self.rounds.len() <= r {
            self.rounds.resize(r + 1, PlayedRound::default());
        }
        &mut self.rounds[r]
    }

    /// Plays the process from round 1 with the people's moves up to the first move not yet
    /// made, and keeps what the table looks like there.
    fn replay(&mut self) -> Result<()> {
        let mut setup = seat(&self.case, &self.culture, self.seed, self.deadline)?;
        setup.human_seat = self.person;
        let mut player = Replayer {
            person: self.person,
            handed_over: self.handed_over,
            rounds: &self.rounds,
            n: self.case.n,
            waiting: None,
        };
        let outcome = ARENA.with(|arena| arena.borrow_mut().run_with(&setup, &mut player));
        let waiting = player.waiting.take();
        match waiting {
            Some(mut snapshot) => {
                snapshot.transcript = outcome.transcript;
                self.snapshot = snapshot;
            }
            None => {
                let metrics = evaluate(&self.case, &outcome);
                let trust = outcome.seats.iter().map(|s| s.trust.clone()).collect();
                self.snapshot = Snapshot {
                    phase: Phase::Ended,
                    on_table: Vec::new(),
                    available: outcome.available.clone(),
                    transcript: outcome.transcript.clone(),
                    trust,
                    played: Some(Played {
                        culture: self.culture.clone(),
                        setup,
                        outcome,
                        metrics,
                    }),
                };
            }
        }
        Ok(())
    }
}

thread_local! {
    /// One arena per thread: its world and schedules are built once, not for every replay.
    static ARENA: std::cell::RefCell<Arena> = std::cell::RefCell::new(Arena::new());
}

/// Feeds a table the people's recorded moves and stops at the first one not yet made.
struct Replayer<'a> {
    person: Option<usize>,
    handed_over: Option<u32>,
    rounds: &'a [PlayedRound],
    n: usize,
    waiting: Option<Snapshot>,
}

impl Replayer<'_> {
    fn played(&self, round: u32) -> Option<&PlayedRound> {
        self.rounds.get(round as usize - 1)
    }

    /// The person plays this phase (not handed over before it).
    fn person_plays(&self, round: u32, responding: bool) -> Option<usize> {
        let seat = self.person?;
        match self.handed_over {
            Some(from) if round > from || (round == from && responding) => None,
            Some(from) if round == from && !responding => {
                // Handed over before moving: simulated unless the move was already made.
                self.played(round)
                    .and_then(|p| p.moves.as_ref())
                    .map(|_| seat)
            }
            _ => Some(seat),
        }
    }

    fn stop(&mut self, phase: Phase, world: &mut World) -> bool {
        let table = world.resource::<TableState>();
        let n = self.n;
        let on_table = match phase {
            Phase::Respond(_) => (0..=n)
                .filter(|&slot| table.offer_present[slot])
                .map(|slot| OnTable {
                    slot,
                    package: table.offer(slot).to_vec(),
                })
                .collect(),
            _ if table.round > 0 => (0..=n)
                .filter(|&slot| table.previous_present[slot])
                .map(|slot| OnTable {
                    slot,
                    package: table.positions[slot * table.k..(slot + 1) * table.k].to_vec(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let available = table.available.clone();
        let mut trust = vec![Vec::new(); n];
        let seats = world.resource::<Seats>().0.clone();
        for e in seats {
            if let (Some(s), Some(t)) = (world.get::<Seat>(e), world.get::<Trust>(e)) {
                trust[s.0] = t.0.clone();
            }
        }
        self.waiting = Some(Snapshot {
            phase,
            on_table,
            available,
            transcript: Vec::new(),
            trust,
            played: None,
        });
        false
    }

    /// Takes the simulated stakeholder's place out of a handed-over seat.
    fn simulate(world: &mut World, seat: usize) {
        let entity = world.resource::<Seats>().0.get(seat).copied();
        if let Some(e) = entity
            && let Ok(mut e) = world.get_entity_mut(e)
        {
            e.remove::<crate::protocol::human::HumanSeat>();
        }
    }
}

impl Intervention for Replayer<'_> {
    fn before_round(&mut self, round: u32, world: &mut World) -> bool {
        let Some(seat) = self.person_plays(round, false) else {
            if let Some(seat) = self.person {
                Replayer::simulate(world, seat);
            }
            return true;
        };
        let Some(moves) = self.played(round).and_then(|p| p.moves.clone()) else {
            return self.stop(Phase::Move(round), world);
        };
        if moves.walk_out {
            // A person who leaves ends the process as a simulated stakeholder's walk-out does.
            world.resource_mut::<TableState>().walked[seat] = true;
        }
        world.insert_resource(HumanMove {
            disclose: moves.disclose,
            proposal: moves.proposal,
            accepts: vec![false; self.n + 1],
        });
        true
    }

    fn before_response(&mut self, round: u32, world: &mut World) -> bool {
        let Some(seat) = self.person_plays(round, true) else {
            if let Some(seat) = self.person {
                Replayer::simulate(world, seat);
            }
            return true;
        };
        let walked = world.resource::<TableState>().walked[seat];
        if walked {
            let entity = world.resource::<Seats>().0[seat];
            if let Some(mut d) = world.get_mut::<Departure>(entity) {
                d.walked_out = true;
            }
            world
                .resource_mut::<Transcript>()
                .push(|| Event::WalkedOut { round, seat });
            let mut accepts = vec![false; self.n + 1];
            accepts[seat] = true;
            world.resource_mut::<HumanMove>().accepts = accepts;
            return true;
        }
        let Some(responses) = self.played(round).and_then(|p| p.responses.clone()) else {
            return self.stop(Phase::Respond(round), world);
        };
        let mut accepts = vec![false; self.n + 1];
        accepts[seat] = true;
        for slot in responses.accept {
            if slot <= self.n {
                accepts[slot] = true;
            }
        }
        world.resource_mut::<HumanMove>().accepts = accepts;
        true
    }
}

/// Whether a finished process ended in agreement.
pub fn agreed(played: &Played) -> bool {
    played.outcome.status == Status::Agreed
}

/// Plays a table with no person at it to its end.
pub fn simulate(
    case: &Arc<PreparedCase>,
    culture: &Culture,
    seed: u64,
    deadline: u32,
) -> Result<Played> {
    Ok(play_out(
        culture,
        seat(case, culture, seed, deadline)?,
        None,
    ))
}
