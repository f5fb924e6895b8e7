//! Seating a demonstration table: a case, a culture, a seed and a deadline become a
//! [`TableSetup`] exactly as an experiment would build it (`experiment::plan::table_setup`),
//! so the people at a demo's table are drawn from the culture on the same random streams.
//! Two cultures with the same seed seat the same people (common random numbers): every
//! stakeholder keeps its place in each trait's distribution.

use crate::error::{Error, Result};
use crate::experiment::library::{Kind, Library, Missing};
use crate::experiment::plan::table_setup;
use crate::experiment::scenario::Scenario;
use crate::metrics::process::{ProcessMetrics, evaluate};
use crate::model::culture::Culture;
use crate::model::label::Lang;
use crate::model::prepared::PreparedCase;
use crate::protocol::intervene::Fork;
use crate::protocol::parameters::Parameters;
use crate::protocol::protocol_kind::ProtocolKind;
use crate::protocol::setup::{Agenda, Observe, TableSetup, Tactic};
use crate::protocol::table::{Stage, Table, TableError};
use crate::protocol::{Arena, ProcessOutcome};
use crate::rng::StreamKey;
use crate::source::Source;
use crate::teaching::catalogue::{Msg, Speaker};
use indexmap::IndexMap;
use std::sync::Arc;

/// Longest deadline a demonstration accepts (a class reads every round).
pub const MAX_DEMO_DEADLINE: u32 = 200;

/// A case loaded and prepared (with its Pareto frontier and Nash point); a case not found is
/// told in `lang`.
pub fn load_case(library: &Library, name: &str, lang: Lang) -> Result<Arc<PreparedCase>> {
    let source = source(library, Kind::Case, name, lang)?;
    let case = crate::experiment::library::load_case(&source, name)?;
    if let Some(note) = Library::shadowing_note(Kind::Case, name, &source) {
        eprintln!("{note}");
    }
    let params = Parameters::default();
    Ok(Arc::new(PreparedCase::new(
        case,
        params.exact_outcome_bound,
    )))
}

/// A culture by name or path; one not found is told in `lang`.
pub fn load_culture(library: &Library, name: &str, lang: Lang) -> Result<Culture> {
    let source = source(library, Kind::Culture, name, lang)?;
    let culture = crate::experiment::library::load_culture(&source, name)?;
    if let Some(note) = Library::shadowing_note(Kind::Culture, name, &source) {
        eprintln!("{note}");
    }
    Ok(culture)
}

/// The file of a case or culture, or why there is none, in `lang`.
fn source(library: &Library, kind: Kind, name: &str, lang: Lang) -> Result<Source> {
    if let Some(source) = library.locate(kind, name)? {
        return Ok(source);
    }
    let speak = Speaker::new(lang);
    let case = kind == Kind::Case;
    Err(match library.missing(kind, name) {
        Missing::NoFile => {
            let msg = if case {
                Msg::ErrorNoCaseFile
            } else {
                Msg::ErrorNoCultureFile
            };
            Error::input(speak.say(msg, &[("name", name)]))
                .with_hint(speak.say(Msg::ErrorPathHint, &[]))
        }
        Missing::Unknown { nearest, known } => {
            let msg = if case {
                Msg::ErrorUnknownCase
            } else {
                Msg::ErrorUnknownCulture
            };
            let list = known.join(", ");
            let hint = match nearest {
                Some(n) => speak.say(Msg::ErrorKnownDidYouMean, &[("name", &n), ("list", &list)]),
                None if case => speak.say(Msg::ErrorKnownCases, &[("list", &list)]),
                None => speak.say(Msg::ErrorKnownCultures, &[("list", &list)]),
            };
            Error::input(speak.say(msg, &[("name", name)])).with_hint(hint)
        }
    })
}

/// Names the library knows, for hints.
pub fn known(library: &Library, kind: Kind) -> String {
    library.names(kind).join(", ")
}

/// Checks a demo deadline; the error is told in `lang`.
pub fn check_deadline(deadline: u32, lang: Lang) -> Result<()> {
    if deadline == 0 || deadline > MAX_DEMO_DEADLINE {
        let speak = Speaker::new(lang);
        return Err(Error::input(speak.say(
            Msg::ErrorDeadline,
            &[
                ("max", &MAX_DEMO_DEADLINE.to_string()),
                ("deadline", &deadline.to_string()),
            ],
        ))
        .at_key("--deadline")
        .with_hint(speak.say(Msg::ErrorDeadlineHint, &[])));
    }
    Ok(())
}

/// Seats the table: the culture's people at the case, on the random streams of `seed`.
pub fn seat(
    case: &Arc<PreparedCase>,
    culture: &Culture,
    seed: u64,
    deadline: u32,
) -> Result<TableSetup> {
    // Those who speak to a class have checked it in the class's language.
    check_deadline(deadline, Lang::En)?;
    let scenario = Scenario {
        case: Some(case.case.name.clone()),
        case_generator: None,
        culture: culture.name.clone(),
        traits: culture.traits,
        norms: culture.norms,
        deadline,
        agenda: Agenda::Package,
        agenda_order: Vec::new(),
        protocol: ProtocolKind::Mindset,
        // The culture's tactic, if it names one (checked when the culture was read).
        tactic: culture.tactic.as_deref().and_then(Tactic::named),
        stakeholders: IndexMap::new(),
        parameters: Parameters::default(),
        organisation: None,
    };
    scenario.validate()?;
    let params = Arc::new(scenario.parameters.clone());
    Ok(table_setup(
        &scenario,
        case.clone(),
        params,
        StreamKey::new(seed, 0),
        Observe {
            rounds: true,
            transcript: true,
        },
    ))
}

/// One process played out, with everything a lesson shows about it.
#[derive(Clone, Debug)]
pub struct Played {
    /// The culture the people came from.
    pub culture: Culture,
    /// The table.
    pub setup: TableSetup,
    /// How it went (with the transcript).
    pub outcome: ProcessOutcome,
    /// Its metrics.
    pub metrics: ProcessMetrics,
}

/// Plays a seated table out.
pub fn play_out(culture: &Culture, setup: TableSetup) -> Played {
    let outcome = Arena::new().run(&setup);
    played(culture, setup, outcome)
}

/// A process and its metrics, as a lesson shows it.
fn played(culture: &Culture, setup: TableSetup, outcome: ProcessOutcome) -> Played {
    let metrics = evaluate(&setup.case, &outcome);
    Played {
        culture: culture.clone(),
        setup,
        outcome,
        metrics,
    }
}

/// A process and a what-if of it: the seated table played out, and the engine's fork of it
/// ([`Table::fork_at`]) at the fork's round, where the trait changes, played out from there.
/// Both futures share the table's past up to the fork's round (the fork replays it), and
/// part there. The fork's round must lie within the rounds the process played.
pub fn play_with_fork(
    culture: &Culture,
    setup: TableSetup,
    fork: Fork,
) -> std::result::Result<(Played, Played), TableError> {
    let mut table = Table::simulated(setup.clone());
    play_on(&mut table)?;
    let mut what_if = table.fork_at(fork.round)?;
    what_if.change_trait(fork.seat, fork.name, fork.value)?;
    play_on(&mut what_if)?;
    Ok((
        played(culture, setup.clone(), table.finish()),
        played(culture, setup, what_if.finish()),
    ))
}

/// Plays a table without players to its end, a round at a time.
fn play_on(table: &mut Table) -> std::result::Result<(), TableError> {
    while table.stage() != Stage::Ended {
        table.advance()?;
    }
    Ok(())
}
