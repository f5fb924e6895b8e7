//! One organisation over time: a bevy_ecs world whose entities are the people. Between
//! processes, two schedules run the organisation's systems:
//!
//! - before the processes of a cycle: turnover, mentoring, training, forming tables (with
//!   facilitators);
//! - after them: indexing who sat where, relationships and reputation, evaluate and learn, the
//!   culture norm, and the fading of training without practice.
//!
//! The processes of a cycle run in parallel, each on its own table world (see
//! [`crate::protocol::Arena`]), with common random numbers across conditions.

use crate::experiment::simulation::run_table;
use crate::organisation::components::*;
use crate::organisation::cycle_record::{CycleRecord, record};
use crate::organisation::levers::{culture_norm, evaluation, mentoring, training};
use crate::organisation::{relationships, tables, turnover};
use crate::protocol::setup::{Observe, SeatSetup, TableSetup, Tactic};
use crate::record::process::{CellColumns, ProcessRecord, ProcessRef};
use crate::rng::StreamKey;
use bevy_ecs::prelude::*;
use rayon::prelude::*;

/// One cycle's results.
#[derive(Clone, Debug)]
pub struct CycleReport {
    /// The cycle's summary.
    pub record: CycleRecord,
    /// Every table of the cycle, in table order.
    pub tables: Vec<TableOutcome>,
}

/// An organisation being simulated.
pub struct Organisation {
    world: World,
    before: Schedule,
    after: Schedule,
    unit: ProcessRef,
    /// What every row of the organisation's cell says besides its results.
    cell: std::sync::Arc<CellColumns>,
}

/// The stream key of table `table` in `cycle` of replication `replication`: disjoint for
/// every (replication, cycle, table) within the bounds the configuration enforces
/// (replications up to 2^20, cycles and tables below 2^22), and shared by all conditions
/// (common random numbers).
pub fn table_streams(seed: u64, replication: u64, cycle: u32, table: usize) -> StreamKey {
    StreamKey::new(
        seed,
        (replication << 44) | (u64::from(cycle) << 22) | table as u64,
    )
}

impl Organisation {
    /// Founds an organisation: the population drawn from the founding culture.
    pub fn new(setup: OrgSetup, unit: ProcessRef) -> Organisation {
        let mut world = World::new();
        let cell = setup.cell.clone();
        let members = turnover::found(&mut world, &setup);
        let population = members.len();
        world.insert_resource(setup);
        world.insert_resource(Members(members));
        world.insert_resource(Clock {
            cycle: 0,
            next_id: population as u64,
        });
        world.insert_resource(Tables::default());
        world.insert_resource(Outcomes::default());
        world.insert_resource(Seating::default());
        world.insert_resource(Ledger::default());
        let mut before = Schedule::default();
        before.add_systems(
            (
                turnover::turnover,
                mentoring::mentor,
                training::train,
                tables::form_tables,
            )
                .chain(),
        );
        let mut after = Schedule::default();
        after.add_systems(
            (
                tables::index_seats,
                relationships::absorb_outcomes,
                evaluation::evaluate_and_learn,
                culture_norm::reinforce,
                training::fade,
            )
                .chain(),
        );
        Organisation {
            world,
            before,
            after,
            unit,
            cell,
        }
    }

    /// Runs one cycle: the levers and turnover, the processes (in parallel), the aftermath.
    pub fn run_cycle(&mut self, observe: Observe) -> CycleReport {
        let cycle = {
            let mut clock = self.world.resource_mut::<Clock>();
            clock.cycle += 1;
            clock.cycle
        };
        *self.world.resource_mut::<Ledger>() = Ledger::default();
        for mut p in self
            .world
            .query::<&mut Practice>()
            .iter_mut(&mut self.world)
        {
            p.agreed = false;
        }
        self.before.run(&mut self.world);
        let unit = self.unit;
        let cell = &self.cell;
        // Each table is set up as it is run, so only the tables in flight hold their setups.
        let tables: Vec<TableOutcome> = self
            .table_setups(cycle, observe)
            .map(|(setup, seats, ids)| {
                let (outcome, metrics) = run_table(&setup);
                let result = ProcessRecord {
                    process: unit,
                    cell: cell.clone(),
                    facilitated: setup.rules.facilitator,
                    case: setup.case,
                    seats: setup.seats,
                    outcome,
                    metrics,
                };
                TableOutcome { seats, ids, result }
            })
            .collect();
        self.world.resource_mut::<Outcomes>().0 = tables;
        self.after.run(&mut self.world);
        let tables = std::mem::take(&mut self.world.resource_mut::<Outcomes>().0);
        // People who left were despawned; the world keeps a record of removed components
        // until its trackers are cleared, once per cycle as an app would once per frame.
        self.world.clear_trackers();
        let population = self.population_traits();
        let ledger = *self.world.resource::<Ledger>();
        CycleReport {
            record: record(cycle, &population, &tables, ledger),
            tables,
        }
    }

    /// The setups of this cycle's tables, with their seats and the seated people's ids, in
    /// table order.
    fn table_setups(
        &self,
        cycle: u32,
        observe: Observe,
    ) -> impl IndexedParallelIterator<Item = (TableSetup, Vec<Entity>, Vec<u64>)> + '_ {
        let world = &self.world;
        let setup = world.resource::<OrgSetup>();
        let plans = &world.resource::<Tables>().0;
        // Reading the people of 20,000 tables is a tenth of a cycle at scale: done in parallel
        // (the world is only read, and every table's setup depends on its plan alone).
        plans.par_iter().enumerate().map(move |(t, plan)| {
            let traits: Vec<crate::model::traits::Traits> = plan
                .seats
                .iter()
                .map(
                    |&e| match (world.get::<Mindset>(e), world.get::<TrainingGain>(e)) {
                        (Some(m), Some(g)) => m.effective(g),
                        _ => crate::model::traits::Traits::uniform(0.5),
                    },
                )
                .collect();
            let ids: Vec<u64> = plan
                .seats
                .iter()
                .map(|&e| world.get::<Person>(e).map_or(0, |p| p.id))
                .collect();
            let trust = relationships::initial_trust(
                world,
                &plan.seats,
                &ids,
                &traits,
                setup.config.reputation_weight,
            );
            let mut rules = setup.rules.clone();
            rules.facilitator = plan.facilitator;
            let table = TableSetup {
                case: plan.case.clone(),
                seats: traits
                    .into_iter()
                    .map(|traits| SeatSetup {
                        traits,
                        tactic: Tactic::Mindset,
                    })
                    .collect(),
                rules,
                params: setup.params.clone(),
                streams: table_streams(setup.streams.seed, setup.streams.replication, cycle, t),
                initial_trust: Some(trust),
                observe,
            };
            (table, plan.seats.clone(), ids)
        })
    }

    /// Effective traits of the current members, in slot order (for tests and reports).
    pub fn population_traits(&self) -> Vec<crate::model::traits::Traits> {
        self.world
            .resource::<Members>()
            .0
            .iter()
            .filter_map(|&e| {
                Some(
                    self.world
                        .get::<Mindset>(e)?
                        .effective(self.world.get::<TrainingGain>(e)?),
                )
            })
            .collect()
    }

    /// Ids of the current members, in slot order.
    pub fn member_ids(&self) -> Vec<u64> {
        self.world
            .resource::<Members>()
            .0
            .iter()
            .filter_map(|&e| self.world.get::<Person>(e).map(|p| p.id))
            .collect()
    }

    /// Hiring cycle of every current member, in slot order.
    pub fn member_hired(&self) -> Vec<u32> {
        self.world
            .resource::<Members>()
            .0
            .iter()
            .filter_map(|&e| self.world.get::<Person>(e).map(|p| p.hired))
            .collect()
    }
}
