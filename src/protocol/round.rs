//! The mindset round's two halves as two systems: the opening (steps 1 and 2, dialogue and
//! proposal) and the closing (steps 3 to 6, response, concession, emotion and close), each
//! running its steps in order over the table's resources fetched once.
//!
//! A system run has a fixed cost (running it, fetching its resources, checking its queries'
//! archetypes) that is paid once per system and round, whatever the system does. Two halves
//! pay it twice a round instead of six times: 4% less CPU for an organisation of 20,000 people
//! over 10 cycles, with the same results (docs/performance.md). One system for the whole round
//! saved nothing more that could be measured. The halves are also where a
//! [`crate::protocol::table::Table`] stops between the proposals and the responses, so that a
//! batch run and a table play the same systems. A table that seats a registered strategy runs
//! the step systems one by one instead, with its strategies asked in between
//! ([`crate::protocol::plugged`]).
//!
//! Each step's own query stays its own (a [`ParamSet`] of them), so what a step reads and
//! writes at the seats is declared where the step is written.

use crate::protocol::close::{Closer, close_step};
use crate::protocol::components::*;
use crate::protocol::concession::{Conceder, concede_step};
use crate::protocol::dialogue::{Participant, dialogue_step};
use crate::protocol::emotion::{Feeler, feel_step};
use crate::protocol::input::Players;
use crate::protocol::observe::{RoundLog, Transcript};
use crate::protocol::proposal::{Proposer, proposal_step};
use crate::protocol::response::{Responder, response_step};
use bevy_ecs::prelude::*;

/// Steps 1 and 2 of the mindset round: dialogue, then proposal.
pub fn opening(
    setting: Res<Setting>,
    mut facilitator: Option<ResMut<Facilitator>>,
    players: Option<Res<Players>>,
    mut table: ResMut<TableState>,
    mut transcript: ResMut<Transcript>,
    mut table_stream: ResMut<TableStream>,
    mut seats: ParamSet<(Query<Participant>, Query<Proposer>)>,
) {
    let players = players.as_deref();
    dialogue_step(
        &setting,
        facilitator.as_deref_mut(),
        players,
        &mut table,
        &mut transcript,
        &mut table_stream.0,
        &mut seats.p0(),
    );
    proposal_step(
        &setting,
        facilitator.as_deref_mut(),
        players,
        &mut table,
        &mut transcript,
        &mut seats.p1(),
    );
}

/// Steps 3 to 6 of the mindset round: response, concession, emotion, then close.
#[allow(clippy::type_complexity)]
pub fn closing(
    setting: Res<Setting>,
    mut facilitator: Option<ResMut<Facilitator>>,
    players: Option<Res<Players>>,
    mut table: ResMut<TableState>,
    mut transcript: ResMut<Transcript>,
    mut log: ResMut<RoundLog>,
    mut seats: ParamSet<(
        Query<Responder>,
        Query<Conceder>,
        Query<Feeler>,
        Query<Closer>,
    )>,
) {
    let players = players.as_deref();
    response_step(
        &setting,
        facilitator.as_deref_mut(),
        players,
        &mut table,
        &mut transcript,
        &seats.p0(),
    );
    concede_step(&setting, &table, &mut transcript, &mut seats.p1());
    feel_step(
        &setting,
        facilitator.is_some(),
        players,
        &mut table,
        &mut transcript,
        &mut seats.p2(),
    );
    close_step(&setting, &mut table, &mut transcript, &mut log, &seats.p3());
}

#[cfg(test)]
mod tests {
    use crate::model::culture::DecisionRule;
    use crate::model::prepared::tests::bundled_cases;
    use crate::model::traits::Traits;
    use crate::protocol::input::Players;
    use crate::protocol::observe::Event;
    use crate::protocol::parameters::Parameters;
    use crate::protocol::protocol_kind::ProtocolKind;
    use crate::protocol::setup::{Agenda, Observe, Rules, SeatSetup, TableSetup, Tactic};
    use crate::protocol::{Arena, ProcessOutcome, TableState};
    use crate::rng::StreamKey;
    use std::sync::Arc;

    /// Seats whose traits differ by seat and trait, from mostly positional to mostly
    /// collaborative across seeds.
    fn seats(n: usize, seed: u64) -> Vec<SeatSetup> {
        (0..n)
            .map(|s| SeatSetup {
                traits: Traits::from_array(std::array::from_fn(|t| {
                    ((s * 5 + t * 3 + seed as usize * 7) % 11) as f64 / 10.0
                })),
                tactic: Tactic::Mindset,
            })
            .collect()
    }

    /// A process played by the schedule of a table with a registered strategy (the six step
    /// systems one by one, with the strategies asked in between), at a table where every seat
    /// is the model's: the asks find no strategy and every seat decides as the model does.
    fn played_step_by_step(arena: &mut Arena, setup: &TableSetup) -> ProcessOutcome {
        arena.reset(setup);
        arena.world.insert_resource(Players {
            inputs: vec![None; setup.case.n],
        });
        while arena.world.resource::<TableState>().is_open() {
            arena.plugged.run(&mut arena.world);
        }
        arena.collect(setup)
    }

    /// The halves run the steps the step systems run, in their order: every process of the
    /// bundled cases, under every decision rule and both agendas, with and without a
    /// facilitator, long and short, is the same process, event by event, whether its rounds
    /// run as the two halves or as the schedule of a table with a registered strategy. A
    /// change of the steps' order in one of the two places fails here.
    #[test]
    fn the_two_halves_play_the_round_as_the_step_systems_of_a_plugged_table_do() {
        let mut halves = Arena::new();
        let mut steps = Arena::new();
        let mut compared = 0u64;
        let (mut agreed, mut texts, mut discoveries) = (0, 0, 0);
        for case in bundled_cases() {
            let case = Arc::new(case);
            for rule in [
                DecisionRule::Unanimity,
                DecisionRule::Majority,
                DecisionRule::Consent,
            ] {
                for seed in 1..=4 {
                    let setup = TableSetup {
                        case: case.clone(),
                        seats: seats(case.n, seed),
                        rules: Rules {
                            protocol: ProtocolKind::Mindset,
                            // Short processes too, which end without agreement.
                            deadline: if seed <= 2 { 30 } else { 3 },
                            agenda: if seed % 2 == 0 {
                                Agenda::Sequential
                            } else {
                                Agenda::Package
                            },
                            agenda_order: (0..case.k).collect(),
                            decision_rule: rule,
                            disclosure: 0.5,
                            facilitator: seed % 2 == 0 || seed == 3,
                            mirror_negmas: false,
                        },
                        params: Arc::new(Parameters::default()),
                        streams: StreamKey::new(seed, compared),
                        initial_trust: None,
                        observe: Observe {
                            rounds: true,
                            transcript: true,
                        },
                    };
                    let a = halves.run(&setup);
                    let b = played_step_by_step(&mut steps, &setup);
                    let what = format!("{} {rule:?} seed {seed}", case.case.name);
                    assert_eq!(format!("{a:?}"), format!("{b:?}"), "{what}");
                    compared += 1;
                    agreed += usize::from(a.agreement.is_some());
                    for e in &a.transcript {
                        texts += usize::from(matches!(e, Event::FacilitatorText { .. }));
                        discoveries += usize::from(matches!(e, Event::Discovered { .. }));
                    }
                }
            }
        }
        // Not a comparison of empty processes: some agree and some do not, facilitators write
        // texts, hidden options are found.
        assert!(compared >= 24, "only {compared} processes compared");
        assert!(
            agreed > 0 && agreed < compared as usize,
            "{agreed} of {compared} agreed"
        );
        assert!(
            texts > 0 && discoveries > 0,
            "{texts} texts, {discoveries} discoveries"
        );
    }
}
