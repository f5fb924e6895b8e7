//! The negotiation protocols as bevy_ecs systems. A process is one [`World`] with a stakeholder
//! entity per seat and the table's shared state as resources; the round is a [`Schedule`] of
//! the steps of docs/model.md (section 3), in its order:
//!
//! 1. dialogue: [`dialogue::dialogue`] (the round opens; disclosure, listening, beliefs)
//! 2. proposal: [`proposal::proposal`] (discovery, packages, the facilitator's text)
//! 3. response: [`response::response`] (judging every package, the decision rule)
//! 4. concession: [`concession::concede`]
//! 5. emotion and trust: [`emotion::feel`]
//! 6. close: [`close::close`] (round records, walk-out and deadline, rolling over)
//!
//! A mindset round runs them as two systems, [`round::opening`] (steps 1 and 2) and
//! [`round::closing`] (steps 3 to 6): a system run has a fixed cost (some hundreds of
//! instructions for the scheduler and for fetching its resources), paid once per system and
//! round, and the organisation benchmark runs some 30 million rounds. A [`table::Table`] with
//! players runs the two halves as two schedules and stops between them for its players.
//!
//! Classic tactics run under [`alternating::alternate`], one system per round. A mindset table
//! that seats a registered strategy runs each step as a system of its own, with a system before
//! each step that reads a seat's decision ([`plugged`]), which asks the strategy for it; a
//! [`table::Table`] runs those in the same two halves, so that a strategy plays there as in a
//! batch run.
//!
//! An [`Arena`] keeps one world and its schedules per worker thread and resets them between
//! processes, so that building schedules is paid once per thread, not once per process.

pub mod alternating;
pub mod belief_view;
pub mod close;
pub mod components;
pub mod concession;
pub mod dialogue;
pub mod emotion;
pub mod facilitator;
pub mod input;
pub mod intervene;
pub mod inverter;
pub mod observe;
pub mod offer_maker;
pub mod parameters;
pub mod plugged;
pub mod proposal;
pub mod protocol_kind;
pub mod reader;
pub mod remembered;
pub mod response;
pub mod round;
pub mod search;
pub mod setup;
pub mod statement;
pub mod strategy;
pub mod table;

use crate::model::prepared::{Package, PreparedCase};
use crate::rng::Purpose;
use alternating::{OfferOnTable, alternate};
use bevy_ecs::prelude::*;
use bevy_ecs::schedule::ScheduleConfigs;
use bevy_ecs::system::ScheduleSystem;
use components::*;
use input::Players;
use intervene::aspiration_floor;
use observe::{Event, RoundLog, RoundRecord, Transcript};
use offer_maker::offer_maker;
use protocol_kind::ProtocolKind;
use setup::{TableSetup, Tactic};
use std::sync::Arc;

/// How one process ended, before metrics.
#[derive(Clone, Debug)]
pub struct ProcessOutcome {
    /// Agreement, deadline or walk-out.
    pub status: Status,
    /// The agreed package, if any.
    pub agreement: Option<Package>,
    /// Whose package was agreed (slot n is the facilitator).
    pub agreed_slot: Option<usize>,
    /// Rounds used.
    pub rounds: u32,
    /// Stakeholders who walked out.
    pub walkouts: u32,
    /// Mean belief accuracy after round `early_round`, or at the end if the process ended
    /// before it.
    pub early_belief_accuracy: Option<f64>,
    /// Hidden options discovered.
    pub hidden_found: u32,
    /// Options on the table at the end, per flat option.
    pub available: Vec<bool>,
    /// Per-seat end state.
    pub seats: Vec<SeatOutcome>,
    /// Events (empty unless the transcript was enabled).
    pub transcript: Vec<Event>,
    /// Round records (empty unless enabled).
    pub round_log: Vec<RoundRecord>,
}

/// One stakeholder's state at the end of a process.
#[derive(Clone, Debug)]
pub struct SeatOutcome {
    /// Final aspiration.
    pub aspiration: f64,
    /// Final stress.
    pub stress: f64,
    /// Final trust towards every seat.
    pub trust: Vec<f64>,
    /// Walked out.
    pub walked_out: bool,
    /// Accuracy of its beliefs about the others' interests.
    pub belief_accuracy: f64,
    /// Issues it disclosed.
    pub disclosed: u32,
}

/// A reusable world with the round schedules, one per worker thread.
pub struct Arena {
    world: World,
    mindset: Schedule,
    /// The mindset round up to the proposals, for a [`table::Table`], which stops between
    /// the two halves for its players.
    opening: Schedule,
    /// The rest of the mindset round: response to close.
    closing: Schedule,
    /// The mindset round with registered strategies at the table ([`plugged`]).
    plugged: Schedule,
    /// Its two halves, for a [`table::Table`] that seats a registered strategy.
    plugged_opening: Schedule,
    plugged_closing: Schedule,
    alternating: Schedule,
    /// Whether the process being played seats a registered strategy at a mindset table.
    plugged_table: bool,
    /// What a process leaves at each seat.
    outcome_query: QueryState<SeatEnd>,
    /// Whether the seats in the world are all of the plain kind and may be refilled in place.
    plain_seats: bool,
    /// The buffers of despawned seats, refilled for the next seats spawned: tables of varying
    /// size would otherwise allocate a seat's trust, beliefs and position anew whenever a
    /// larger table followed a smaller one.
    spare: Vec<SeatBuffers>,
    /// The last process's deadline and [`Setting::clock_steps`], kept for the next process
    /// with that deadline.
    clock_steps: (u32, Arc<[(f64, f64)]>),
}

/// Largest table whose outcome copies each seat's trust, so that the seat keeps its buffer for
/// the next process. Larger tables hand the buffers over instead: a copy would sit next to the
/// originals (n x n values, 8 MB at 1,000 seats), and an allocation per seat is nothing there.
const COPY_TRUST_UP_TO: usize = 64;

/// A seat's components that own buffers.
type SeatBuffers = (Trust, Beliefs, Position);

/// Moves the buffers out of a seat about to be despawned. Swapping them out in place costs
/// less than removing the components, which would move the seat to another archetype first.
fn take_buffers(world: &mut World, seat: Entity) -> Option<SeatBuffers> {
    let mut entity = world.get_entity_mut(seat).ok()?;
    let (mut trust, mut beliefs, mut position) = entity
        .get_components_mut::<(&mut Trust, &mut Beliefs, &mut Position)>()
        .ok()?;
    Some((
        std::mem::take(&mut *trust),
        std::mem::take(&mut *beliefs),
        std::mem::take(&mut *position),
    ))
}

/// Fills a seat's buffers for stakeholder `s` of a new process, keeping their capacity: its
/// initial trust (the given row, or `propensity` throughout), the fixed-pie prior, and its
/// ideal as its position. A pooled seat and a spawned one start alike.
fn refill_seat(
    case: &PreparedCase,
    belief_memory: usize,
    s: usize,
    trust_row: &[f64],
    propensity: f64,
    (trust, beliefs, position): (&mut Trust, &mut Beliefs, &mut Position),
) {
    fill_trust(&mut trust.0, trust_row, propensity, case.n);
    dialogue::fill_fixed_pie_beliefs(case, s, belief_memory, beliefs);
    position.current.clone_from(&case.ideal[s]);
    position.previous.clone_from(&case.ideal[s]);
    position.has_previous = false;
}

/// Initial trust towards every seat: the given row, or one's trust propensity throughout.
fn fill_trust(trust: &mut Vec<f64>, row: &[f64], propensity: f64, n: usize) {
    trust.clear();
    if row.is_empty() {
        trust.resize(n, propensity);
    } else {
        trust.extend_from_slice(row);
    }
}

/// The components read at each seat when a process ends.
type SeatEnd = (
    &'static Seat,
    &'static Aspiration,
    &'static Stress,
    &'static mut Trust,
    &'static Departure,
    &'static Beliefs,
);

/// Steps 1 and 2 with registered strategies asked for their disclosures and proposals first.
fn plugged_opening_systems() -> ScheduleConfigs<ScheduleSystem> {
    (
        plugged::ask_disclosures,
        dialogue::dialogue,
        plugged::ask_proposals,
        proposal::proposal,
    )
        .chain()
        .into_configs()
}

/// Steps 3 to 6 with registered strategies asked for their responses and walk-outs first.
fn plugged_closing_systems() -> ScheduleConfigs<ScheduleSystem> {
    (
        plugged::ask_responses,
        response::response,
        concession::concede,
        plugged::ask_walk_outs,
        emotion::feel,
        close::close,
    )
        .chain()
        .into_configs()
}

impl Default for Arena {
    fn default() -> Self {
        Arena::new()
    }
}

impl Arena {
    /// Builds the world and the schedules.
    pub fn new() -> Arena {
        let mut mindset = Schedule::default();
        mindset.add_systems((round::opening, round::closing).chain());
        let mut opening = Schedule::default();
        opening.add_systems(round::opening);
        let mut closing = Schedule::default();
        closing.add_systems(round::closing);
        // The same systems in the same order as the two halves a table runs.
        let mut plugged = Schedule::default();
        plugged.add_systems((plugged_opening_systems(), plugged_closing_systems()).chain());
        let mut plugged_opening = Schedule::default();
        plugged_opening.add_systems(plugged_opening_systems());
        let mut plugged_closing = Schedule::default();
        plugged_closing.add_systems(plugged_closing_systems());
        let mut alternating = Schedule::default();
        alternating.add_systems(alternate);
        let mut world = World::new();
        world.insert_resource(Seats::default());
        world.insert_resource(TableState::default());
        world.insert_resource(OfferOnTable::default());
        let outcome_query = world.query::<SeatEnd>();
        Arena {
            world,
            outcome_query,
            plain_seats: false,
            spare: Vec::new(),
            clock_steps: (0, Arc::new([])),
            mindset,
            opening,
            closing,
            plugged,
            plugged_opening,
            plugged_closing,
            alternating,
            plugged_table: false,
        }
    }

    /// Runs one process to its end.
    pub fn run(&mut self, setup: &TableSetup) -> ProcessOutcome {
        self.reset(setup);
        let schedule = match setup.rules.protocol {
            ProtocolKind::Mindset if self.plugged_table => &mut self.plugged,
            ProtocolKind::Mindset => &mut self.mindset,
            ProtocolKind::AlternatingOffers => &mut self.alternating,
        };
        while self.world.resource::<TableState>().is_open() {
            schedule.run(&mut self.world);
        }
        self.collect(setup)
    }

    /// One whole round of the process set up last, as [`Arena::run`] plays it.
    pub(crate) fn run_round(&mut self, protocol: ProtocolKind) {
        let schedule = match protocol {
            ProtocolKind::Mindset if self.plugged_table => &mut self.plugged,
            ProtocolKind::Mindset => &mut self.mindset,
            ProtocolKind::AlternatingOffers => &mut self.alternating,
        };
        schedule.run(&mut self.world);
    }

    /// The first half of a mindset round (dialogue and proposal), with the registered
    /// strategies at the table asked as [`Arena::run`] asks them.
    pub(crate) fn run_opening(&mut self) {
        let schedule = if self.plugged_table {
            &mut self.plugged_opening
        } else {
            &mut self.opening
        };
        schedule.run(&mut self.world);
    }

    /// The second half of a mindset round (response to close), likewise.
    pub(crate) fn run_closing(&mut self) {
        let schedule = if self.plugged_table {
            &mut self.plugged_closing
        } else {
            &mut self.closing
        };
        schedule.run(&mut self.world);
    }

    fn reset(&mut self, setup: &TableSetup) {
        let case = &setup.case;
        let (n, k) = (case.n, case.k);
        // Seats of the plain kind (mindset protocol) are kept from one process to the next and
        // refilled in place, so that a long run does not allocate and free every seat's
        // buffers per process. Other seats are despawned and spawned anew, with the buffers of
        // despawned seats (`spare`).
        let plugged = plugged::any_plugged(setup.seats.iter().map(|s| s.tactic));
        let plain = setup.rules.protocol == ProtocolKind::Mindset && !plugged;
        // Taken before the old seats go: if the last process played this case, its seats still
        // hold the inverters, and the case hands out the same ones instead of building anew.
        // (A registered strategy finds packages near a target with them at any table.)
        let inverters = (setup.rules.protocol == ProtocolKind::AlternatingOffers || plugged)
            .then(|| inverter::inverters(case));
        let mut pool = std::mem::take(&mut self.world.resource_mut::<Seats>().0);
        // Despawning from the end keeps the remaining seats in their storage order, which is
        // seat order, as after a fresh spawn.
        let keep = if plain && self.plain_seats { n } else { 0 };
        for e in pool.split_off(keep.min(pool.len())).into_iter().rev() {
            if let Some(buffers) = take_buffers(&mut self.world, e) {
                self.spare.push(buffers);
            }
            self.world.despawn(e);
        }
        self.plain_seats = plain;
        self.plugged_table = plugged && setup.rules.protocol == ProtocolKind::Mindset;
        let world = &mut self.world;
        // The world records every removed component until its trackers are cleared (an app
        // does that each frame); an arena that never cleared them would grow with every
        // process of a long run.
        world.clear_trackers();
        let params = &setup.params;
        let deadline = setup.rules.deadline;
        if self.clock_steps.0 != deadline {
            self.clock_steps = (deadline, concession::clock_steps(deadline).into());
        }
        world.insert_resource(Setting {
            case: case.clone(),
            rules: setup.rules.clone(),
            params: params.clone(),
            clock_steps: self.clock_steps.1.clone(),
        });
        world.insert_resource(TableStream(setup.streams.stream(Purpose::Table, 0)));
        world.insert_resource(Transcript {
            enabled: setup.observe.transcript,
            events: Vec::new(),
        });
        world.remove_resource::<Players>();
        if plugged && setup.rules.protocol == ProtocolKind::Mindset {
            world.insert_resource(plugged::players_for(setup.seats.iter().map(|s| s.tactic)));
        }
        world.insert_resource(RoundLog {
            enabled: setup.observe.rounds,
            records: Vec::new(),
        });
        world
            .resource_mut::<TableState>()
            .reset(n, k, &case.visible);
        if setup.rules.facilitator && setup.rules.protocol == ProtocolKind::Mindset {
            world.insert_resource(facilitator::blank_facilitator(case));
        } else {
            world.remove_resource::<Facilitator>();
        }
        {
            let mut on_table = world.resource_mut::<OfferOnTable>();
            on_table.package.clear();
            on_table.package.resize(k, 0);
            on_table.present = false;
            on_table.proposer = 0;
            on_table.acceptances = 0;
        }
        let memory = setup.params.belief_memory;
        for (s, seat) in setup.seats.iter().enumerate() {
            let traits = seat.traits;
            let start = case.ideal_utility[s];
            let batna = case.batna[s];
            let aspiration = Aspiration {
                value: start,
                start,
                floor: aspiration_floor(start, batna, traits.assertiveness, params),
                exponent: concession::time_exponent(
                    traits.concession_willingness,
                    traits.assertiveness,
                ),
                clock: 0.0,
            };
            let trust = match &setup.initial_trust {
                Some(m) => &m[s * n..(s + 1) * n],
                None => &[],
            };
            let stream = SeatStream(setup.streams.stream(Purpose::Seat, s as u64));
            if let Some(&e) = pool.get(s) {
                let mut entity = world.entity_mut(e);
                entity.insert((
                    MindsetTraits(traits),
                    Conduct(seat.tactic),
                    stream,
                    aspiration,
                    Stress(0.0),
                    Departure::default(),
                ));
                let (mut t, mut beliefs, mut position) = entity
                    .get_components_mut::<(&mut Trust, &mut Beliefs, &mut Position)>()
                    .expect("a seat has its buffers");
                let buffers = (&mut *t, &mut *beliefs, &mut *position);
                refill_seat(case, memory, s, trust, traits.trust_propensity, buffers);
                continue;
            }
            // A despawned seat's buffers, or new ones.
            let (mut t, mut beliefs, mut position) = self.spare.pop().unwrap_or_default();
            let buffers = (&mut t, &mut beliefs, &mut position);
            refill_seat(case, memory, s, trust, traits.trust_propensity, buffers);
            let mut entity = world.spawn((
                Seat(s),
                MindsetTraits(traits),
                Conduct(seat.tactic),
                stream,
                aspiration,
                Stress(0.0),
                (t, beliefs, position),
                Departure::default(),
            ));
            if let Some(inv) = &inverters {
                entity.insert(offer_maker(case, inv.clone(), s));
            }
            // Every seat of a mindset table with a strategy has the same components (see
            // `strategy::Plugged`); at alternating offers only a strategy's seat.
            let id = match seat.tactic {
                Tactic::Custom(id) => Some(id),
                _ => None,
            };
            let strategy = id.map(|id| {
                id.make(&strategy::SeatInfo {
                    seat: s,
                    stakeholder: &case.case.stakeholders[s].key,
                    traits,
                    case,
                })
            });
            if strategy.is_some() || (plugged && setup.rules.protocol == ProtocolKind::Mindset) {
                entity.insert(strategy::Plugged {
                    strategy,
                    id,
                    holds_out_for: start,
                });
            }
            pool.push(entity.id());
        }
        world.resource_mut::<Seats>().0 = pool;
    }

    fn collect(&mut self, setup: &TableSetup) -> ProcessOutcome {
        let case = &setup.case;
        let world = &mut self.world;
        let mut seats: Vec<(usize, SeatOutcome)> = self
            .outcome_query
            .iter_mut(world)
            .map(|(seat, a, stress, mut trust, dep, beliefs)| {
                (
                    seat.0,
                    SeatOutcome {
                        aspiration: a.value,
                        stress: stress.0,
                        trust: if case.n > COPY_TRUST_UP_TO {
                            std::mem::take(&mut trust.0)
                        } else {
                            trust.0.clone()
                        },
                        walked_out: dep.walked_out,
                        belief_accuracy: dialogue::belief_accuracy(case, seat.0, beliefs),
                        disclosed: beliefs.disclosed.iter().filter(|&&d| d).count() as u32,
                    },
                )
            })
            .collect();
        seats.sort_by_key(|s| s.0);
        let transcript = std::mem::take(&mut world.resource_mut::<Transcript>().events);
        let round_log = std::mem::take(&mut world.resource_mut::<RoundLog>().records);
        let table = world.resource::<TableState>();
        ProcessOutcome {
            status: table.status,
            agreement: (table.status == Status::Agreed).then(|| table.agreement.clone()),
            agreed_slot: table.agreed_slot,
            rounds: table.round,
            walkouts: table.walkouts,
            early_belief_accuracy: table.early_belief_accuracy,
            hidden_found: table.hidden_found,
            available: table.available.clone(),
            seats: seats.into_iter().map(|s| s.1).collect(),
            transcript,
            round_log,
        }
    }
}
