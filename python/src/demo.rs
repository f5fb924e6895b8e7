//! `negsim.demo` on the Rust side: plays what `negsim demo` plays and hands Python the
//! narration and every process's transcript, with seats, issues and options by their keys.

use crate::errors::to_py;
use negsim::cli::demo::{Colour, DemoArgs, parse_lang, replay_code};
use negsim::experiment::library::{Kind, Library};
use negsim::model::prepared::PreparedCase;
use negsim::protocol::observe::Event;
use negsim::teaching::demo::{DemoOptions, demo as play};
use negsim::teaching::table::Played;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::path::{Path, PathBuf};

/// Plays a demonstration: its narration, replay code and processes as plain dicts and lists
/// (the Python package turns them into dataclasses).
#[pyfunction]
#[pyo3(signature = (case=None, culture=None, compare=None, seed=1, deadline=30, lang="en", replay=None, fork_at=None, set=None, gif=None, highlights=false))]
#[allow(clippy::too_many_arguments)]
pub fn demo<'py>(
    py: Python<'py>,
    case: Option<String>,
    culture: Option<String>,
    compare: Option<String>,
    seed: u64,
    deadline: u32,
    lang: &str,
    replay: Option<String>,
    fork_at: Option<u32>,
    set: Option<String>,
    gif: Option<PathBuf>,
    highlights: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let args = DemoArgs {
        case,
        culture,
        compare,
        lang: lang.to_string(),
        seed,
        deadline,
        pace: None,
        gif: gif.clone(),
        replay,
        fork_at,
        set,
        highlights,
        step: false,
        width: Some(0),
        color: Colour::Never,
    };
    let fail = |e| to_py(py, e, None);
    let lang = parse_lang(&args.lang).map_err(fail)?;
    let code = replay_code(&args, lang).map_err(fail)?;
    // A name that names no case or culture is the argument's mistake: the exception says
    // which argument (the command line names its own arguments in the message instead).
    let library = Library::near(Path::new("negsim"));
    let named = std::iter::once((Kind::Case, &code.case, "case"))
        .chain(code.cultures.iter().map(|c| (Kind::Culture, c, "culture")))
        .filter(|(_, name, _)| !name.is_empty());
    for (kind, name, parameter) in named {
        if let Err(e) = library.find(kind, name) {
            let e = if e.key.is_none() && e.file.is_none() {
                e.at_key(parameter)
            } else {
                e
            };
            return Err(fail(e));
        }
    }
    let (narration, shown) = crate::detach::run(py, || {
        let options = DemoOptions {
            lang,
            pace: None,
            gif,
            highlights,
            step: false,
            // Python shows the narration as it likes: unwrapped, without colour codes.
            width: None,
            colour: false,
        };
        let mut text = Vec::new();
        play(&library, &code, &options, &mut text)
            .map(|shown| (String::from_utf8_lossy(&text).into_owned(), shown))
    })?
    .map_err(fail)?;

    let case = &shown.case;
    let result = PyDict::new(py);
    result.set_item("case", &case.case.name)?;
    result.set_item("title", case.case.title.get(lang))?;
    result.set_item("replay_code", code.to_string())?;
    result.set_item("narration", narration.trim_end())?;
    let fork = match &shown.fork {
        Some(f) => {
            let d = PyDict::new(py);
            d.set_item("round", f.round)?;
            d.set_item("stakeholder", &case.case.stakeholders[f.seat].key)?;
            d.set_item("trait", f.name.key())?;
            d.set_item("value", f.value)?;
            Some(d)
        }
        None => None,
    };
    result.set_item("fork", fork)?;
    let processes = PyList::empty(py);
    for (i, played) in shown.played.iter().enumerate() {
        let name = shown
            .names
            .get(i)
            .cloned()
            .unwrap_or_else(|| played.culture.name.clone());
        processes.append(process(py, case, &name, played)?)?;
    }
    result.set_item("processes", processes)?;
    Ok(result)
}

/// One process: who sat at the table, how it ended and what happened.
fn process<'py>(
    py: Python<'py>,
    case: &PreparedCase,
    name: &str,
    played: &Played,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let outcome = &played.outcome;
    let metrics = &played.metrics;
    d.set_item("name", name)?;
    d.set_item("culture", &played.culture.name)?;
    d.set_item("outcome", outcome.status.key())?;
    d.set_item("rounds", outcome.rounds)?;
    d.set_item(
        "agreement",
        outcome
            .agreement
            .as_ref()
            .map(|p| package(py, case, p))
            .transpose()?,
    )?;
    d.set_item(
        "agreed_on",
        outcome.agreed_slot.map(|slot| whose(case, slot)),
    )?;
    d.set_item("joint_utility", metrics.joint_utility)?;
    d.set_item("world_value", metrics.world_value)?;
    d.set_item("win_win_win", metrics.win_win_win)?;
    let seats = PyList::empty(py);
    for (s, seat) in played.setup.seats.iter().enumerate() {
        let interests = &case.case.stakeholders[s];
        let e = PyDict::new(py);
        e.set_item("key", &interests.key)?;
        e.set_item("tactic", seat.tactic.key())?;
        let traits = PyDict::new(py);
        for (t, v) in negsim::model::traits::TraitName::ALL
            .iter()
            .zip(seat.traits.to_array())
        {
            traits.set_item(t.key(), v)?;
        }
        e.set_item("traits", traits)?;
        e.set_item("batna", interests.batna)?;
        e.set_item("utility", metrics.utilities[s])?;
        e.set_item("walked_out", outcome.seats[s].walked_out)?;
        seats.append(e)?;
    }
    d.set_item("stakeholders", seats)?;
    let events = PyList::empty(py);
    for event in &outcome.transcript {
        events.append(event_dict(py, case, event)?)?;
    }
    d.set_item("events", events)?;
    Ok(d)
}

/// The stakeholder (or `facilitator`) whose package slot `slot` holds.
fn whose(case: &PreparedCase, slot: usize) -> String {
    case.case
        .stakeholders
        .get(slot)
        .map_or_else(|| "facilitator".to_string(), |s| s.key.clone())
}

/// A package as `{issue: option}`.
fn package<'py>(py: Python<'py>, case: &PreparedCase, p: &[u8]) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (i, &o) in p.iter().enumerate() {
        let issue = &case.case.issues[i];
        d.set_item(&issue.key, &issue.options[o as usize].key)?;
    }
    Ok(d)
}

/// An event as a dict with its kind under `event` and seats, issues and options by key.
fn event_dict<'py>(
    py: Python<'py>,
    case: &PreparedCase,
    event: &Event,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let who = |s: usize| case.case.stakeholders[s].key.as_str();
    let issue = |i: usize| case.case.issues[i].key.as_str();
    let option = |i: usize, o: usize| case.case.issues[i].options[o].key.as_str();
    match event {
        Event::RoundStarted { round } => {
            d.set_item("event", "round_started")?;
            d.set_item("round", round)?;
        }
        Event::Disclosed {
            round,
            seat,
            issue: i,
            bluff,
        } => {
            d.set_item("event", "disclosed")?;
            d.set_item("round", round)?;
            d.set_item("stakeholder", who(*seat))?;
            d.set_item("issue", issue(*i))?;
            d.set_item("bluff", bluff)?;
        }
        Event::Discovered {
            round,
            seat,
            issue: i,
            option: o,
        } => {
            d.set_item("event", "discovered")?;
            d.set_item("round", round)?;
            d.set_item("stakeholder", who(*seat))?;
            d.set_item("issue", issue(*i))?;
            d.set_item("option", option(*i, *o))?;
        }
        Event::Proposed {
            round,
            seat,
            package: p,
            aspiration,
        } => {
            d.set_item("event", "proposed")?;
            d.set_item("round", round)?;
            d.set_item("stakeholder", who(*seat))?;
            d.set_item("package", package(py, case, p)?)?;
            d.set_item("aspiration", aspiration)?;
        }
        Event::FacilitatorText { round, package: p } => {
            d.set_item("event", "facilitator_text")?;
            d.set_item("round", round)?;
            d.set_item("package", package(py, case, p)?)?;
        }
        Event::Responded {
            round,
            seat,
            slot,
            accepted,
            utility,
            aspiration,
        } => {
            d.set_item("event", "responded")?;
            d.set_item("round", round)?;
            d.set_item("stakeholder", who(*seat))?;
            d.set_item("to", whose(case, *slot))?;
            d.set_item("accepted", accepted)?;
            d.set_item("utility", utility)?;
            d.set_item("aspiration", aspiration)?;
        }
        Event::IssueSettled {
            round,
            issue: i,
            option: o,
        } => {
            d.set_item("event", "issue_settled")?;
            d.set_item("round", round)?;
            d.set_item("issue", issue(*i))?;
            d.set_item("option", option(*i, *o))?;
        }
        Event::Agreed {
            round,
            slot,
            package: p,
        } => {
            d.set_item("event", "agreed")?;
            d.set_item("round", round)?;
            d.set_item("on", whose(case, *slot))?;
            d.set_item("package", package(py, case, p)?)?;
        }
        Event::TrustTurned {
            round,
            from,
            to,
            before,
            after,
        } => {
            d.set_item("event", "trust_turned")?;
            d.set_item("round", round)?;
            d.set_item("stakeholder", who(*from))?;
            d.set_item("towards", who(*to))?;
            d.set_item("before", before)?;
            d.set_item("after", after)?;
        }
        Event::StressRose { round, seat, level } => {
            d.set_item("event", "stress_rose")?;
            d.set_item("round", round)?;
            d.set_item("stakeholder", who(*seat))?;
            d.set_item("level", level)?;
        }
        Event::WalkedOut { round, seat } => {
            d.set_item("event", "walked_out")?;
            d.set_item("round", round)?;
            d.set_item("stakeholder", who(*seat))?;
        }
        Event::DeadlinePassed { round } => {
            d.set_item("event", "deadline_passed")?;
            d.set_item("round", round)?;
        }
    }
    Ok(d)
}
