//! A Python object in a seat: `negsim.run(..., strategies={"mine": MyStrategy})` registers
//! each class under its name with negsim's strategy plug-in point
//! (`negsim::protocol::strategy`), and every seat whose tactic names it gets an instance.
//!
//! The seat's instance is called with the GIL held wherever the plug-in point asks a strategy
//! (see `negsim::protocol::strategy` for when, under each protocol): `disclose(observation,
//! rng)` and `walk_out(observation, rng)` if it has them, `respond(observation, rng)` for a
//! package on the table, and `propose(observation, rng)`. `rng` is a `random.Random` seeded
//! once per seat and process
//! from the seat's own stream, so runs stay reproducible to the bit for any number of
//! threads. A Python exception (or a wrong return value) is kept and abandons the process it
//! happened in, and every process that asks a Python strategy after it
//! (`negsim::protocol::strategy::abandon`): the runner writes the processes before the first
//! abandoned one, stops, and the exception is raised when the run returns. No process a
//! failure touched is written as a negotiation.

use negsim::model::culture::DecisionRule;
use negsim::model::prepared::PreparedCase;
use negsim::model::traits::TraitName;
use negsim::protocol::offer_maker::OfferMaker;
use negsim::protocol::statement::Statement;
use negsim::protocol::strategy::{self, Observation, SeatInfo, Strategy, StrategyFailure};
use negsim::rng::Stream;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyString, PyTuple};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The first exception a Python strategy raised during the current run.
static FAILURE: Mutex<Option<PyErr>> = Mutex::new(None);
/// Whether `FAILURE` holds one (read at every turn without locking).
static FAILED: AtomicBool = AtomicBool::new(false);

/// Keeps the first exception of the run and abandons the process: `strategy` names the
/// strategy it came from.
fn fail(strategy: &str, error: PyErr) -> ! {
    let message = Python::attach(|py| {
        let kind = error
            .get_type(py)
            .name()
            .map_or_else(|_| "Exception".to_string(), |n| n.to_string());
        format!("{kind}: {}", error.value(py))
    });
    {
        let mut slot = FAILURE.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none() {
            *slot = Some(error);
        }
    }
    FAILED.store(true, Ordering::SeqCst);
    strategy::abandon(StrategyFailure {
        strategy: strategy.to_string(),
        message,
        after_another: false,
    })
}

/// Abandons a process that asks a Python strategy after one has failed: what it would decide
/// could not be told from what the failed one would have.
fn abandon_after_failure(strategy: &str) {
    if FAILED.load(Ordering::SeqCst) {
        strategy::abandon(StrategyFailure {
            strategy: strategy.to_string(),
            message: "not asked: another Python strategy failed before".to_string(),
            after_another: true,
        })
    }
}

/// What a strategy sees when it decides (`negsim.Observation`).
#[pyclass(module = "negsim", name = "Observation", frozen)]
pub struct PyObservation {
    /// The protocol of its table: `mindset` or `alternating_offers`.
    #[pyo3(get)]
    protocol: &'static str,
    /// Its seat (index into the case's stakeholders).
    #[pyo3(get)]
    seat: usize,
    /// Its stakeholder's key in the case.
    #[pyo3(get)]
    stakeholder: String,
    /// The round, from 1.
    #[pyo3(get)]
    round: u32,
    /// The deadline: the last round; a process still open after it ends without agreement.
    #[pyo3(get)]
    deadline: u32,
    /// Relative time, round / (deadline + 1), in (0, 1).
    #[pyo3(get)]
    time: f64,
    /// Its BATNA: the utility of no agreement.
    #[pyo3(get)]
    batna: f64,
    /// The utility of its best package.
    #[pyo3(get)]
    best_utility: f64,
    /// The package the decision is about (an option index per issue), or None: the package
    /// on the table under alternating offers, the package being judged by `respond` at a
    /// mindset table.
    #[pyo3(get)]
    offer: Option<Vec<usize>>,
    /// That package's utility to itself, or None.
    #[pyo3(get)]
    offer_utility: Option<f64>,
    /// Who proposed it (a seat; the number of seats for a facilitator's text), or None.
    #[pyo3(get)]
    proposer: Option<usize>,
    /// Alternating offers: how many have accepted it so far, the proposer included (0 at
    /// mindset tables).
    #[pyo3(get)]
    acceptances: usize,
    /// Every package on the table as `(slot, package, utility to itself)`, in slot order
    /// (slot: a seat, or the number of seats for a facilitator's text).
    #[pyo3(get)]
    packages: Vec<(usize, Vec<usize>, f64)>,
    /// Per seat, what it disclosed this round as `(issue, bluff)`, or None (when deciding
    /// what to disclose: last round's). Empty under alternating offers.
    #[pyo3(get)]
    statements: Vec<Option<(usize, bool)>>,
    /// Per issue, whether it has disclosed it itself (empty under alternating offers).
    #[pyo3(get)]
    disclosed: Vec<bool>,
    /// Its trust in every seat, in [0, 1].
    #[pyo3(get)]
    trust: Vec<f64>,
    /// Its beliefs about every seat's valuation of every option, `[t * total + f]` over the
    /// case's options in issue order, each in [0, 1] and not weighted by priority (its own
    /// row holds its own valuations, which `interests` gives weighted; at a table beyond its
    /// `belief_memory`, every seat it does not remember holds the same general impression).
    #[pyo3(get)]
    beliefs: Vec<f64>,
    /// Its beliefs about every seat's priorities, `[t * k + i]` per issue, unnormalised (its
    /// own row holds its own): the utility it believes seat `t` gets from a package is the
    /// sum over issues of `priorities[t * k + i] * beliefs[t * total + f]` for the package's
    /// option `f` on issue `i`, divided by the sum of the row's priorities.
    #[pyo3(get)]
    priorities: Vec<f64>,
    /// Its own weighted valuation of every option, in the same order: a package's utility
    /// is the sum of its options' values.
    #[pyo3(get)]
    interests: Vec<f64>,
    /// The table's decision rule at a mindset table (`unanimity`, `majority` or `consent`);
    /// None under alternating offers, where a package is agreed once every party has
    /// accepted it in turn.
    #[pyo3(get)]
    decision_rule: Option<&'static str>,
    /// Its traits (drawn from its culture, or pinned), in [`TraitName::ALL`] order.
    traits: [f64; 8],
    case: Arc<PreparedCase>,
    maker: OfferMaker,
}

impl PyObservation {
    fn new(o: &Observation<'_>, traits: [f64; 8]) -> PyObservation {
        let indices = |p: &[u8]| p.iter().map(|&x| usize::from(x)).collect::<Vec<_>>();
        PyObservation {
            protocol: o.protocol.key(),
            seat: o.seat,
            stakeholder: o.case.case.stakeholders[o.seat].key.clone(),
            round: o.round,
            deadline: o.deadline,
            time: o.time,
            batna: o.batna,
            best_utility: o.best_utility,
            offer: o.offer.map(indices),
            offer_utility: o.offer_utility,
            proposer: o.proposer,
            acceptances: o.acceptances,
            packages: o
                .packages()
                .map(|p| (p.slot, indices(p.package), p.utility))
                .collect(),
            statements: o
                .statements
                .iter()
                .map(|s| s.map(|s| (s.issue, s.bluff)))
                .collect(),
            disclosed: o.disclosed.to_vec(),
            trust: o.trust.to_vec(),
            beliefs: (0..o.case.n)
                .flat_map(|t| o.beliefs.valuations_of(t))
                .copied()
                .collect(),
            priorities: (0..o.case.n)
                .flat_map(|t| o.beliefs.weights_of(t))
                .copied()
                .collect(),
            interests: o.interests().to_vec(),
            decision_rule: o.decision_rule.map(DecisionRule::key),
            traits,
            case: o.case.clone(),
            maker: o.offer_maker().clone(),
        }
    }

    /// A package from Python: an option index per issue, each within its issue's options.
    fn package(&self, value: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
        let not_a_package = || {
            PyTypeError::new_err(format!(
                "a package is a sequence of option indices, one per issue, got {}",
                type_name(value)
            ))
        };
        if value.is_instance_of::<PyString>() || value.is_instance_of::<PyBytes>() {
            return Err(not_a_package());
        }
        let items: Vec<Bound<'_, PyAny>> = value.extract().map_err(|_| not_a_package())?;
        let indices = items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                // bool is an int to Python, but True as an option index is surely a mistake.
                let index = (!item.is_instance_of::<PyBool>())
                    .then(|| item.extract::<i64>().ok())
                    .flatten();
                index.ok_or_else(|| {
                    PyTypeError::new_err(format!(
                        "a package's option indices are whole numbers; item {i} is {} {}",
                        type_name(item),
                        item.repr().map_or_else(|_| "?".into(), |r| r.to_string())
                    ))
                })
            })
            .collect::<PyResult<Vec<i64>>>()?;
        let case = &self.case;
        if indices.len() != case.k {
            return Err(PyValueError::new_err(format!(
                "a package has an option index for each of the {} issues, got {}",
                case.k,
                indices.len()
            )));
        }
        indices
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                if x < 0 || x as usize >= case.options[i] {
                    Err(PyValueError::new_err(format!(
                        "issue {i} (`{}`) has options 0 to {}, got {x}",
                        case.case.issues[i].key,
                        case.options[i] - 1
                    )))
                } else {
                    Ok(x as u8)
                }
            })
            .collect()
    }
}

#[pymethods]
impl PyObservation {
    /// Its utility of a package (an option index per issue).
    fn utility(&self, package: &Bound<'_, PyAny>) -> PyResult<f64> {
        Ok(self.case.utility(self.seat, &self.package(package)?))
    }

    /// The package with the smallest utility to itself at or above `target` (its best
    /// package if none reaches it), by the exact search classic tactics use.
    fn package_near(&self, target: f64) -> PyResult<Vec<usize>> {
        if target.is_nan() {
            return Err(PyValueError::new_err(
                "package_near() takes a target utility, got nan",
            ));
        }
        let mut package = vec![0u8; self.case.k];
        self.maker.offer(self.seat, target, &mut package);
        Ok(package.into_iter().map(usize::from).collect())
    }

    /// Every seat's stakeholder key, in seat order (`stakeholders[seat]` is its own).
    #[getter]
    fn stakeholders(&self) -> Vec<String> {
        self.case
            .case
            .stakeholders
            .iter()
            .map(|s| s.key.clone())
            .collect()
    }

    /// The world value of every option, weighted by its issue's world weight, in the order
    /// of `interests`: a package's value to the world around the table is the sum of its
    /// options' (`world_threshold` tells when it counts as good for the world).
    #[getter]
    fn world_values(&self) -> Vec<f64> {
        self.case.world.clone()
    }

    /// The world value at or above which a package counts as good for the world around the
    /// table (the third win of win-win-win).
    #[getter]
    fn world_threshold(&self) -> f64 {
        self.case.case.world_threshold
    }

    /// Its traits, each in [0, 1], by key (`openness`, `empathy`, ...): drawn from its
    /// culture or pinned for its stakeholder, as the model's own seats get them.
    #[getter]
    fn traits<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let traits = PyDict::new(py);
        for (name, value) in TraitName::ALL.into_iter().zip(self.traits) {
            traits.set_item(name.key(), value)?;
        }
        Ok(traits)
    }

    /// The issues' keys, in package order.
    #[getter]
    fn issues(&self) -> Vec<String> {
        self.case
            .case
            .issues
            .iter()
            .map(|i| i.key.clone())
            .collect()
    }

    /// Every issue's option keys: `options[i][x]` names option x of issue i.
    #[getter]
    fn options(&self) -> Vec<Vec<String>> {
        self.case
            .case
            .issues
            .iter()
            .map(|i| i.options.iter().map(|o| o.key.clone()).collect())
            .collect()
    }

    /// A package as `{issue: option}` with the case's keys.
    fn describe<'py>(
        &self,
        py: Python<'py>,
        package: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let package = self.package(package)?;
        let described = PyDict::new(py);
        for (issue, x) in self.case.case.issues.iter().zip(package) {
            described.set_item(&issue.key, &issue.options[x as usize].key)?;
        }
        Ok(described)
    }

    fn __repr__(&self) -> String {
        format!(
            "<negsim.Observation {} at a {} table, round {} of {}, batna {:.3}, offer utility {}>",
            self.stakeholder,
            self.protocol.replace('_', "-"),
            self.round,
            self.deadline,
            self.batna,
            self.offer_utility
                .map_or_else(|| "none".to_string(), |u| format!("{u:.3}"))
        )
    }
}

/// A Python instance in one seat of one process.
struct PythonStrategy {
    name: Arc<str>,
    object: Py<PyAny>,
    /// `random.Random`, seeded from the seat's stream at the first call.
    random: Option<Py<PyAny>>,
    has_walk_out: bool,
    has_disclose: bool,
    /// Its seat's traits, for the observation.
    traits: [f64; 8],
}

impl PythonStrategy {
    /// Calls `method(observation, rng)`; if it raised (or returned a bad value), the exception
    /// is kept and the process abandoned.
    fn call<T>(
        &mut self,
        method: &str,
        o: &Observation<'_>,
        rng: &mut Stream,
        read: impl FnOnce(&PyObservation, &Bound<'_, PyAny>) -> PyResult<T>,
    ) -> T {
        abandon_after_failure(&self.name);
        let name = self.name.clone();
        let result = Python::attach(|py| -> PyResult<T> {
            let random = match &self.random {
                Some(r) => r.clone_ref(py),
                None => {
                    // 53 random bits: a whole number Python's Random seeds from exactly.
                    let seed = (negsim::rng::unit(rng) * 9_007_199_254_740_992.0) as u64;
                    let r = py
                        .import("random")?
                        .getattr("Random")?
                        .call1((seed,))?
                        .unbind();
                    self.random = Some(r.clone_ref(py));
                    r
                }
            };
            let observation = Bound::new(py, PyObservation::new(o, self.traits))?;
            let args = PyTuple::new(py, [observation.as_any(), random.bind(py)])?;
            let value = self.object.bind(py).call_method1(method, args)?;
            read(&observation.borrow(), &value).map_err(|e| {
                let message = format!(
                    "{method}() of strategy `{name}` returned a bad value: {}",
                    e.value(py)
                );
                PyErr::from_type(e.get_type(py), message)
            })
        });
        result.unwrap_or_else(|e| fail(&self.name, e))
    }
}

/// A Python value's type name, for messages.
fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "?".into(), |n| n.to_string())
}

/// A yes or no from Python: `True` or `False` (numpy's booleans too), not any value Python
/// would call true: `"no"` is a true string, and a strategy returning it surely means no.
fn yes_or_no(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    value.extract::<bool>().map_err(|_| {
        PyTypeError::new_err(format!(
            "expected True or False, got {} {}",
            type_name(value),
            value.repr().map_or_else(|_| "?".into(), |r| r.to_string())
        ))
    })
}

impl Strategy for PythonStrategy {
    fn respond(&mut self, o: &Observation<'_>, rng: &mut Stream) -> bool {
        self.call("respond", o, rng, |_, v| yes_or_no(v))
    }

    fn propose(&mut self, o: &Observation<'_>, rng: &mut Stream, package: &mut [u8]) {
        let chosen = self.call("propose", o, rng, |obs, v| obs.package(v));
        package.copy_from_slice(&chosen);
    }

    fn walk_out(&mut self, o: &Observation<'_>, rng: &mut Stream) -> bool {
        abandon_after_failure(&self.name);
        self.has_walk_out && self.call("walk_out", o, rng, |_, v| yes_or_no(v))
    }

    fn disclose(&mut self, o: &Observation<'_>, rng: &mut Stream) -> Option<Statement> {
        abandon_after_failure(&self.name);
        if !self.has_disclose {
            return None;
        }
        self.call("disclose", o, rng, statement)
    }
}

/// What Python's `disclose` returned, as a statement: None (say nothing), an issue (its index
/// or key: the truth about it), or `(issue, bluff)`.
fn statement(o: &PyObservation, value: &Bound<'_, PyAny>) -> PyResult<Option<Statement>> {
    if value.is_none() {
        return Ok(None);
    }
    let (issue, bluff) = match value.extract::<(Bound<'_, PyAny>, bool)>() {
        Ok((issue, bluff)) => (issue, bluff),
        Err(_) => (value.clone(), false),
    };
    let keys = || {
        o.case
            .case
            .issues
            .iter()
            .map(|i| i.key.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let index = if let Ok(key) = issue.extract::<String>() {
        o.case
            .case
            .issues
            .iter()
            .position(|i| i.key == key)
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "the case has no issue `{key}`; its issues are {}",
                    keys()
                ))
            })?
    } else if let Ok(i) = issue.extract::<i64>() {
        usize::try_from(i)
            .ok()
            .filter(|&i| i < o.case.k)
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "issues are numbered 0 to {}, got {i}",
                    o.case.k - 1
                ))
            })?
    } else {
        return Err(PyTypeError::new_err(
            "disclose() returns None, an issue (its index or key), or (issue, bluff)",
        ));
    };
    Ok(Some(Statement {
        issue: index,
        bluff,
    }))
}

fn instantiate(name: &Arc<str>, class: &Py<PyAny>, seat: &SeatInfo<'_>) -> Box<dyn Strategy> {
    abandon_after_failure(name);
    let made = Python::attach(|py| -> PyResult<(Py<PyAny>, bool, bool)> {
        let object = class.bind(py).call0()?;
        for method in ["respond", "propose"] {
            if !object.hasattr(method)? {
                return Err(PyTypeError::new_err(format!(
                    "strategy `{name}` has no method {method}(observation, rng)"
                )));
            }
        }
        let has_walk_out = object.hasattr("walk_out")?;
        let has_disclose = object.hasattr("disclose")?;
        Ok((object.unbind(), has_walk_out, has_disclose))
    });
    match made {
        Ok((object, has_walk_out, has_disclose)) => Box::new(PythonStrategy {
            name: name.clone(),
            object,
            random: None,
            has_walk_out,
            has_disclose,
            traits: seat.traits.to_array(),
        }),
        Err(e) => fail(name, e),
    }
}

/// Registers a Python class (or any callable returning an object with `respond` and
/// `propose`) under a name, with the fingerprint of its code that runs record
/// (`negsim._registration.fingerprint`).
#[pyfunction]
pub fn register_strategy(
    py: Python<'_>,
    name: &str,
    class: Py<PyAny>,
    fingerprint: &str,
) -> PyResult<()> {
    if !class.bind(py).is_callable() {
        return Err(PyTypeError::new_err(format!(
            "strategies[{name:?}] must be a class (called once per seat and process), got an instance"
        )));
    }
    let shared: Arc<str> = Arc::from(name);
    strategy::register_with_fingerprint(name, fingerprint, move |seat| {
        instantiate(&shared, &class, seat)
    })
    .map(|_| ())
    .map_err(|e| crate::errors::to_py(py, e.at_key("strategies"), None))
}

/// Forgets a strategy registered for a run, so that a later run cannot seat it unasked.
#[pyfunction]
pub fn unregister_strategy(name: &str) {
    strategy::unregister(name);
}

/// Forgets the last run's strategy failure.
#[pyfunction]
pub fn clear_strategy_failure() {
    *FAILURE.lock().unwrap_or_else(|e| e.into_inner()) = None;
    FAILED.store(false, Ordering::SeqCst);
}

/// The exception a Python strategy raised during the last run, if any.
#[pyfunction]
pub fn take_strategy_failure(py: Python<'_>) -> Option<Py<PyAny>> {
    FAILED.store(false, Ordering::SeqCst);
    let failure = FAILURE.lock().unwrap_or_else(|e| e.into_inner()).take();
    failure.map(|e| e.into_value(py).into_any())
}
