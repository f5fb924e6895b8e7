//! The strategy plug-in point: a stakeholder whose decisions come from code outside negsim.
//!
//! A [`Strategy`] makes a stakeholder's four decisions: what to disclose, what to propose, how
//! to respond to the packages on the table, and when to walk out. It sees an [`Observation`]
//! (its interests and BATNA, the round and deadline, the packages on the table and their
//! utility to itself, what the others disclosed, its own beliefs and trust) and draws from its
//! seat's own seeded random stream, so a run with a plugged-in strategy is reproducible to the
//! bit like any other.
//!
//! A library user registers a strategy by name with [`register`]; experiment files then name
//! it like a built-in tactic, per stakeholder (`stakeholders.<key>.tactic = "mine"`) or for a
//! whole culture (`tactic = "mine"` in a culture file or in the experiment's `[base]`), under
//! either protocol:
//!
//! - at an **alternating-offers** table (`protocol = "alternating_offers"`) it is asked, at
//!   its turn, [`Strategy::walk_out`], then [`Strategy::respond`] to the package on the table
//!   (if any), then, unless it accepted, [`Strategy::propose`];
//! - at a **mindset** table (negsim's round, any number of parties) it is asked in every round
//!   [`Strategy::disclose`] before the dialogue, [`Strategy::propose`] after it,
//!   [`Strategy::respond`] once for every other package on the table (the others' and a
//!   facilitator's text) after the proposals, and [`Strategy::walk_out`] at the end of the
//!   round. The rest of the round (listening, discovery, the decision rule, stress and trust)
//!   treats its seat like any other, as it treats a seat a person plays
//!   ([`crate::protocol::input`]).
//!
//! Everything downstream (CSV files, statistics, charts, validation checks) reads the process
//! as it reads any other; the `tactic` column holds the registered name.
//!
//! ```
//! use negsim::protocol::strategy::{self, Observation, Strategy};
//! use negsim::rng::Stream;
//!
//! /// Concedes linearly in its own utility, from its best package to its BATNA.
//! struct Linear;
//!
//! impl Strategy for Linear {
//!     fn respond(&mut self, o: &Observation<'_>, _rng: &mut Stream) -> bool {
//!         o.offer_utility.is_some_and(|u| u >= self.target(o))
//!     }
//!     fn propose(&mut self, o: &Observation<'_>, _rng: &mut Stream, package: &mut [u8]) {
//!         o.package_near(self.target(o), package);
//!     }
//! }
//!
//! impl Linear {
//!     fn target(&self, o: &Observation<'_>) -> f64 {
//!         o.best_utility - (o.best_utility - o.batna.max(0.0)) * o.time
//!     }
//! }
//!
//! strategy::register("my_linear", |_seat| Box::new(Linear)).unwrap();
//! ```
//!
//! A person can sit at a table with a strategy (`negsim play`, the studio,
//! [`crate::protocol::table::Table`]): the strategy is asked exactly as in a batch run, so a
//! table whose person has handed their seat back plays the batch run's process. negsim's own
//! binary registers no strategy; a binary of your own that registers some and then calls
//! [`crate::cli::main`] is the whole `negsim` tool with them among its tactics
//! (`examples/own_binary.rs`).
//!
//! ## Why the built-in tactics are not implementations of this trait
//!
//! The built-in tactics (mindset, boulware, linear, conceder, time-based, tit-for-tat) are
//! matched in place in [`crate::protocol::alternating`] and the mindset round's steps, where
//! NegMAS parity is checked decision by decision, because the trait route measurably costs
//! speed. `cargo run --release --example custom_strategy -- --cost negmas DUMP 401` replays
//! every negotiation of a NegMAS dump (`tests/data/negmas/`) with the built-in Boulware,
//! linear and conceder, and again with each replaced by the very same rule written as a
//! [`Strategy`] (the same agreements in the same rounds, all 585 negotiations), timing the
//! two routes in turn on one thread, 401 passes each, and printing the median of the pairs'
//! ratios. On a shared two-core machine (load average 4.3 to 5.4):
//!
//! | dump | built-in, negotiations/s | trait route | ratio | cost per turn |
//! |---|---|---|---|---|
//! | k3v5-multi3 | 81,888 | 62,897 | 1.30 | +78 ns |
//! | k3v5-reserved0.2-multi5 | 41,817 | 30,084 | 1.39 | +78 ns |
//! | k4v4-reserved0.5-multi3 | 43,848 | 33,476 | 1.31 | +73 ns |
//! | k5v10-reserved0.3-multi3 | 11,306 | 10,605 | 1.07 | +87 ns |
//! | k5v10 | 14,674 | 13,362 | 1.10 | +100 ns |
//!
//! A turn (a party's walk-out check, response and counter-offer) costs some 75 to 100 ns more
//! through the trait: a boxed strategy made per seat and process, an observation built per
//! decision, a call through a trait object, and the utility of the package on the table
//! computed for the observation. On small outcome spaces, where a built-in turn takes 200 to
//! 260 ns, that is up to 28 % fewer negotiations per second (6 to 9 % on the ten-value
//! dumps), which `negsim bench negmas` would report; so the built-ins stay where they are. In an experiment that writes its CSV
//! files the difference drowns in the rest: 20,000 job offers against Boulware
//! (`--cost linear` against `--cost exact_linear`, `--replications 20000`) took a median
//! 1.15 s of CPU time either way (ratio 1.03, runs ranging 0.90 to 1.14).
use crate::error::{Error, Result};
use crate::model::culture::DecisionRule;
use crate::model::prepared::PreparedCase;
use crate::model::traits::Traits;
use crate::protocol::belief_view::BeliefView;
use crate::protocol::offer_maker::OfferMaker;
use crate::protocol::protocol_kind::ProtocolKind;
use crate::protocol::statement::Statement;
use crate::rng::Stream;
use bevy_ecs::prelude::Component;
use std::sync::{Arc, RwLock};

/// What a stakeholder sees when it decides.
pub struct Observation<'a> {
    /// The protocol of its table.
    pub protocol: ProtocolKind,
    /// Its seat (index into the case's stakeholders).
    pub seat: usize,
    /// The round, from 1.
    pub round: u32,
    /// The last round before the deadline.
    pub deadline: u32,
    /// Relative time, round / (deadline + 1), as classic tactics see it: in (0, 1).
    pub time: f64,
    /// Its BATNA: the utility of no agreement.
    pub batna: f64,
    /// The utility of its best package.
    pub best_utility: f64,
    /// The package the decision is about: at an alternating-offers table the package on the
    /// table (if someone has proposed); at a mindset table, when responding, the package
    /// being judged (`None` for the other decisions, which see every package in
    /// [`Observation::packages`]).
    pub offer: Option<&'a [u8]>,
    /// The utility of that package to itself.
    pub offer_utility: Option<f64>,
    /// Who proposed it: a seat, or the number of seats for a facilitator's text.
    pub proposer: Option<usize>,
    /// Alternating offers: how many have accepted the package on the table so far, the
    /// proposer included (0 at mindset tables, where everyone answers at once).
    pub acceptances: usize,
    /// Its trust in every seat, in [0, 1].
    pub trust: &'a [f64],
    /// Its beliefs about the others' interests: [`BeliefView::valuations_of`]`(t)` is what it
    /// believes seat t values each flat option at, [`BeliefView::weights_of`]`(t)` its priorities
    /// (at alternating-offers tables nobody discloses, so these stay at the fixed-pie prior;
    /// at tables beyond its `belief_memory`, the seats it does not remember individually share
    /// one general impression).
    pub beliefs: BeliefView<'a>,
    /// What each seat disclosed this round, `statements[t]` (when deciding what to disclose:
    /// last round's). Always empty at alternating-offers tables, where nobody talks.
    pub statements: &'a [Option<Statement>],
    /// The issues it has disclosed itself so far, per issue (empty at alternating-offers
    /// tables).
    pub disclosed: &'a [bool],
    /// The case: issues, options, and every stakeholder's utilities.
    pub case: &'a Arc<PreparedCase>,
    /// The table's decision rule at a mindset table; `None` under alternating offers, where
    /// a package is agreed once every party has accepted it in turn.
    pub decision_rule: Option<DecisionRule>,
    pub(crate) table: Table<'a>,
    pub(crate) maker: &'a OfferMaker,
}

/// The packages on the table as a decision sees them (see [`Observation::packages`]).
#[derive(Clone, Copy)]
pub(crate) enum Table<'a> {
    /// Alternating offers: at most one package, and who proposed it.
    One(Option<(usize, &'a [u8])>),
    /// A mindset table: a package per slot (seats, then the facilitator) where present.
    Slots {
        /// `[slot * k + i]`.
        packages: &'a [u8],
        /// Per slot.
        present: &'a [bool],
    },
}

/// A package on the table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OnTable<'a> {
    /// Who put it there: a seat, or the number of seats for a facilitator's text.
    pub slot: usize,
    /// An option index per issue.
    pub package: &'a [u8],
    /// Its utility to the observer.
    pub utility: f64,
}

impl<'a> Observation<'a> {
    /// Its utility of a package.
    pub fn utility(&self, package: &[u8]) -> f64 {
        self.case.utility(self.seat, package)
    }

    /// Its own valuation of every option, weighted by its priorities, `[f]` over the case's
    /// flat options (its interests: a package's utility is the sum over its options).
    pub fn interests(&self) -> &'a [f64] {
        self.case.values_of(self.seat)
    }

    /// The packages on the table, in slot order, with their utility to itself. At a mindset
    /// table these are this round's packages once they are proposed (when responding and
    /// walking out), and last round's before (when disclosing and proposing); its own is
    /// among them.
    pub fn packages(&self) -> impl Iterator<Item = OnTable<'a>> + '_ {
        let k = self.case.k;
        let (one, slots) = match self.table {
            Table::One(offer) => (offer, None),
            Table::Slots { packages, present } => (None, Some((packages, present))),
        };
        let slots = slots.into_iter().flat_map(move |(packages, present)| {
            present
                .iter()
                .enumerate()
                .filter(|(_, p)| **p)
                .map(move |(slot, _)| (slot, &packages[slot * k..(slot + 1) * k]))
        });
        one.into_iter()
            .chain(slots)
            .map(move |(slot, package)| OnTable {
                slot,
                package,
                utility: self.utility(package),
            })
    }

    /// Writes into `package` the package with the smallest utility at or above `target`
    /// (its best package if none reaches it), by the exact search classic tactics use.
    ///
    /// # Panics
    /// If `target` is not a number (NaN): a strategy's mistake, which abandons the process
    /// ([`StrategyFailure`]) rather than quietly proposing its worst package; the failure
    /// names the caller's line.
    #[track_caller]
    pub fn package_near(&self, target: f64, package: &mut [u8]) {
        assert!(
            !target.is_nan(),
            "package_near() was given a target that is not a number (NaN)"
        );
        self.maker.offer(self.seat, target, package);
    }

    /// The search behind [`Observation::package_near`], for code that keeps it beyond the
    /// turn (a binding to another language): `maker.offer(seat, target, package)`.
    pub fn offer_maker(&self) -> &OfferMaker {
        self.maker
    }
}

/// A stakeholder's decisions, under either protocol (see the [module](self) for when each is
/// asked). One value is made per seat and process (by the factory given to [`register`]), so
/// it may keep state across rounds.
///
/// Every method receives the seat's own random stream: draw from it, never from a generator
/// of your own, to keep runs reproducible.
pub trait Strategy: Send + Sync {
    /// Whether to accept the package in [`Observation::offer`] (asked only when there is
    /// one; at a mindset table once per package of the others, its own being accepted). An
    /// accepted package whose utility is below the BATNA is still accepted: guard against it
    /// here.
    fn respond(&mut self, observation: &Observation<'_>, rng: &mut Stream) -> bool;

    /// The package to propose (first move, or after rejecting): write an option index per
    /// issue into `package`, which holds its previous proposal (or its best package). An
    /// index outside an issue's options is a mistake: it abandons the process as a panic
    /// does ([`StrategyFailure`]), naming the issue.
    fn propose(&mut self, observation: &Observation<'_>, rng: &mut Stream, package: &mut [u8]);

    /// Whether to leave the table (default: never): at an alternating-offers table before
    /// responding at its turn, at a mindset table at the end of the round, having seen the
    /// round's packages. A walk-out ends the process without agreement.
    fn walk_out(&mut self, observation: &Observation<'_>, rng: &mut Stream) -> bool {
        let _ = (observation, rng);
        false
    }

    /// What to tell the table at the start of a round at a mindset table (default: nothing):
    /// an issue whose priority and valuations the others hear, truthfully or as a bluff
    /// (overstated priority, exaggerated valuations). Listeners take it in as they take in
    /// any stakeholder's statement. Not asked at alternating-offers tables, where nobody
    /// talks. A statement about an issue the case does not have is a mistake: it abandons
    /// the process as a panic does ([`StrategyFailure`]).
    fn disclose(&mut self, observation: &Observation<'_>, rng: &mut Stream) -> Option<Statement> {
        let _ = (observation, rng);
        None
    }
}

/// Who a strategy is made for: one seat of one process.
pub struct SeatInfo<'a> {
    /// The seat.
    pub seat: usize,
    /// The stakeholder's key in the case.
    pub stakeholder: &'a str,
    /// The traits drawn (or pinned) for it.
    pub traits: Traits,
    /// The case.
    pub case: &'a PreparedCase,
}

/// Makes a strategy for a seat.
pub type Factory = dyn Fn(&SeatInfo<'_>) -> Box<dyn Strategy> + Send + Sync;

/// A registered strategy's number, as a tactic names it ([`crate::protocol::setup::Tactic`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StrategyId(pub(crate) u32);

/// A registered strategy: its name, its factory (`None` once unregistered) and the
/// fingerprint of its code.
struct Entry {
    name: String,
    factory: Option<Arc<Factory>>,
    fingerprint: Fingerprint,
}

/// What identifies a strategy's code, so that results of different code are never mixed (a
/// `--resume` or `merge` compares them as it compares negsim's builds).
#[derive(Clone, Debug)]
enum Fingerprint {
    /// The code is compiled into the running program: its executable's SHA-256.
    Executable,
    /// Given by whoever registered it (an embedding language's hash of the class's source).
    Given(String),
}

/// The registered strategies, by name; ids index it and are never reused.
static REGISTRY: RwLock<Vec<Entry>> = RwLock::new(Vec::new());

/// The built-in tactics' names, which a registered strategy may not take.
pub const BUILT_IN: [&str; 6] = [
    "mindset",
    "boulware",
    "linear",
    "conceder",
    "time_based",
    "tit_for_tat",
];

/// Registers a strategy under a name, so that experiment files can name it as a tactic
/// (`stakeholders.<key>.tactic = "name"`); registering a name again replaces its factory.
/// Register before reading the experiment file. The strategy's code is taken to be compiled
/// into the running program, so the program's executable identifies it in the runs'
/// provenance ([`fingerprints`]).
///
/// # Errors
/// A name that is empty, not written in lowercase letters, digits, `_` and `-`, or a
/// built-in tactic's.
pub fn register<F>(name: &str, factory: F) -> Result<StrategyId>
where
    F: Fn(&SeatInfo<'_>) -> Box<dyn Strategy> + Send + Sync + 'static,
{
    insert(name, Arc::new(factory), Fingerprint::Executable)
}

/// [`register`] for a strategy whose code is not compiled into the program (a class of an
/// embedding language): `fingerprint` identifies its code (a hash of its source, say), and
/// runs record it instead of the executable's.
///
/// # Errors
/// As [`register`].
pub fn register_with_fingerprint<F>(name: &str, fingerprint: &str, factory: F) -> Result<StrategyId>
where
    F: Fn(&SeatInfo<'_>) -> Box<dyn Strategy> + Send + Sync + 'static,
{
    insert(
        name,
        Arc::new(factory),
        Fingerprint::Given(fingerprint.to_string()),
    )
}

fn insert(name: &str, factory: Arc<Factory>, fingerprint: Fingerprint) -> Result<StrategyId> {
    let valid = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if !valid {
        return Err(Error::input(format!(
            "a strategy's name must start with a lowercase letter or digit and hold only lowercase letters, digits, `_` or `-`, found `{name}`"
        ))
        .with_hint("e.g. `my_strategy`"));
    }
    if BUILT_IN.contains(&name) {
        return Err(Error::input(format!(
            "`{name}` is a built-in tactic; a registered strategy needs a name of its own"
        )));
    }
    let mut registry = REGISTRY.write().unwrap_or_else(|e| e.into_inner());
    let entry = Entry {
        name: name.to_string(),
        factory: Some(factory),
        fingerprint,
    };
    if let Some(i) = registry.iter().position(|e| e.name == name) {
        registry[i] = entry;
        return Ok(StrategyId(i as u32));
    }
    registry.push(entry);
    Ok(StrategyId(registry.len() as u32 - 1))
}

/// Forgets a registered strategy: experiment files can no longer name it (its id stays
/// taken). Returns whether it was registered. An embedding that registers strategies for one
/// run unregisters them after it, so that a later run cannot seat them unasked.
pub fn unregister(name: &str) -> bool {
    let mut registry = REGISTRY.write().unwrap_or_else(|e| e.into_inner());
    registry
        .iter_mut()
        .find(|e| e.name == name && e.factory.is_some())
        .map(|e| e.factory = None)
        .is_some()
}

/// The id of a registered strategy.
pub fn lookup(name: &str) -> Option<StrategyId> {
    let registry = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
    registry
        .iter()
        .position(|e| e.name == name && e.factory.is_some())
        .map(|i| StrategyId(i as u32))
}

/// The names of the registered strategies, in the order registered.
pub fn registered() -> Vec<String> {
    let registry = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
    registry
        .iter()
        .filter(|e| e.factory.is_some())
        .map(|e| e.name.clone())
        .collect()
}

/// The registered strategies' fingerprints by name: what identifies their code in a run's
/// provenance (`manifest.json`) and what `--resume` and `merge` compare, so that results of
/// different strategy code are never mixed. A strategy compiled into the program has its
/// executable's SHA-256 (`executable:` and the hash; `executable unknown` where the program
/// cannot read itself), one registered with [`register_with_fingerprint`] the fingerprint it
/// was given. Empty when none is registered.
pub fn fingerprints() -> std::collections::BTreeMap<String, String> {
    let registry = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
    registry
        .iter()
        .filter(|e| e.factory.is_some())
        .map(|e| {
            let fingerprint = match &e.fingerprint {
                Fingerprint::Executable => executable_fingerprint().to_string(),
                Fingerprint::Given(given) => given.clone(),
            };
            (e.name.clone(), fingerprint)
        })
        .collect()
}

/// The running program's SHA-256, read once.
fn executable_fingerprint() -> &'static str {
    static FINGERPRINT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FINGERPRINT.get_or_init(|| {
        use sha2::{Digest, Sha256};
        std::env::current_exe()
            .and_then(std::fs::read)
            .map(|bytes| {
                let hash = Sha256::digest(&bytes);
                let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
                format!("executable:{hex}")
            })
            .unwrap_or_else(|_| "executable unknown".to_string())
    })
}

impl StrategyId {
    /// The name it was registered under.
    pub fn name(self) -> String {
        let registry = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
        registry
            .get(self.0 as usize)
            .map_or_else(|| format!("strategy#{}", self.0), |e| e.name.clone())
    }

    /// Makes the strategy for one seat. A strategy unregistered since the experiment was
    /// read, or whose factory fails, abandons the process ([`StrategyFailure`]).
    pub(crate) fn make(self, seat: &SeatInfo<'_>) -> Box<dyn Strategy> {
        let factory = {
            let registry = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
            registry
                .get(self.0 as usize)
                .and_then(|e| e.factory.clone())
        };
        let Some(factory) = factory else {
            abandon(StrategyFailure {
                strategy: self.name(),
                message: "it was unregistered while the run needed it".to_string(),
                after_another: false,
            })
        };
        guarded(|| self.name(), || factory(seat))
    }
}

/// Why a strategy ended the process it played in: it panicked, or (a strategy of an
/// embedding language) it raised an error. The runner reports it and stops; processes it
/// ended are not written, so no result of a failed strategy reads as a negotiation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrategyFailure {
    /// The strategy's registered name.
    pub strategy: String,
    /// What went wrong, in the strategy's words (a panic's message and place).
    pub message: String,
    /// Whether the process was abandoned only because another process's strategy had
    /// failed before (an embedding language's strategies share one interpreter, whose
    /// state after a failure cannot be trusted): the runner reports the failure itself.
    pub after_another: bool,
}

impl std::fmt::Display for StrategyFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "strategy `{}` failed: {}", self.strategy, self.message)
    }
}

/// Ends the process being simulated because of `failure`: unwinds to the runner, which
/// reports it (without running the panic hook, so nothing is printed here). A strategy of an
/// embedding language calls it when its code raised an error.
pub fn abandon(failure: StrategyFailure) -> ! {
    std::panic::resume_unwind(Box::new(failure))
}

/// The failure a process was abandoned for, if `payload` (a caught unwind) is one.
pub fn failure_of(payload: &(dyn std::any::Any + Send)) -> Option<&StrategyFailure> {
    payload.downcast_ref::<StrategyFailure>()
}

/// Runs `call`, which simulates (part of) a process; a registered strategy's failure in it
/// comes back as the `Err` instead of unwinding on. Any other panic is negsim's own bug and
/// unwinds on. Whatever `call` was stepping is left mid-way after a failure: the caller drops
/// it.
pub fn caught<T>(call: impl FnOnce() -> T) -> std::result::Result<T, StrategyFailure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)).map_err(|payload| {
        match payload.downcast::<StrategyFailure>() {
            Ok(failure) => *failure,
            Err(payload) => std::panic::resume_unwind(payload),
        }
    })
}

impl From<StrategyFailure> for crate::error::Error {
    /// A strategy's failure where a command, a replay or a studio table meets it: an error
    /// naming the strategy, with the hint to mend it.
    fn from(failure: StrategyFailure) -> Self {
        crate::error::Error::failed(failure.to_string())
            .with_hint("the failure is in the strategy's code: mend it and start again")
    }
}

thread_local! {
    /// Whether this thread is inside a strategy's code; a panic there is reported once, by
    /// the runner, instead of by the panic hook.
    static IN_STRATEGY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Where the last panic in a strategy's code happened, from the panic hook.
    static PANIC_PLACE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Installs (once) a panic hook that keeps quiet about panics inside a strategy's code,
/// noting their place for [`guarded`], and leaves every other panic to the hook before it.
fn quiet_strategy_panics() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_STRATEGY.with(|c| c.get()) {
                let place = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
                PANIC_PLACE.with(|p| *p.borrow_mut() = place);
            } else {
                before(info);
            }
        }));
    });
}

/// Runs a strategy's code; a panic in it abandons the process with a [`StrategyFailure`]
/// naming the strategy (`name`), the panic's message and its place. A failure it raises
/// itself passes through unchanged.
fn guarded<T>(name: impl FnOnce() -> String, call: impl FnOnce() -> T) -> T {
    quiet_strategy_panics();
    let outer = IN_STRATEGY.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(call));
    IN_STRATEGY.with(|c| c.set(outer));
    match result {
        Ok(value) => value,
        Err(payload) => {
            if failure_of(payload.as_ref()).is_some() {
                std::panic::resume_unwind(payload);
            }
            let said = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_string());
            let place = PANIC_PLACE.with(|p| p.borrow_mut().take());
            abandon(StrategyFailure {
                strategy: name(),
                message: match place {
                    Some(place) => format!("panicked at {place}: {said}"),
                    None => format!("panicked: {said}"),
                },
                after_another: false,
            })
        }
    }
}

/// A seat played by a registered strategy, and the utility its last proposal had (what it
/// holds out for, recorded as its aspiration).
///
/// At a mindset table that seats a strategy every seat has one, the model's seats with no
/// strategy: steps visit seats of the same components in seat order, so the transcript stays
/// in seat order whoever plays.
#[derive(Component)]
pub struct Plugged {
    /// The strategy (none: the model plays this seat).
    pub strategy: Option<Box<dyn Strategy>>,
    /// The strategy's id (none: the model plays this seat), which names it when it fails.
    pub id: Option<StrategyId>,
    /// The utility of its last proposal (its best package's before the first).
    pub holds_out_for: f64,
}

impl Plugged {
    /// Whether a strategy plays this seat.
    pub fn plays(&self) -> bool {
        self.strategy.is_some()
    }

    /// [`Strategy::walk_out`] (never for the model's seat).
    pub(crate) fn walk_out(&mut self, o: &Observation<'_>, rng: &mut Stream) -> bool {
        let id = self.id;
        self.strategy
            .as_mut()
            .is_some_and(|s| guarded(|| name_of(id), || s.walk_out(o, rng)))
    }

    /// [`Strategy::respond`] (no for the model's seat, which is never asked).
    pub(crate) fn respond(&mut self, o: &Observation<'_>, rng: &mut Stream) -> bool {
        let id = self.id;
        self.strategy
            .as_mut()
            .is_some_and(|s| guarded(|| name_of(id), || s.respond(o, rng)))
    }

    /// [`Strategy::propose`] (the package unchanged for the model's seat). A package with an
    /// option outside its issue's options abandons the process.
    pub(crate) fn propose(&mut self, o: &Observation<'_>, rng: &mut Stream, package: &mut [u8]) {
        let id = self.id;
        if let Some(s) = self.strategy.as_mut() {
            guarded(|| name_of(id), || s.propose(o, rng, package));
            if let Some(mistake) = outside_options(o.case, package) {
                abandon(StrategyFailure {
                    strategy: name_of(id),
                    message: format!("propose() {mistake}"),
                    after_another: false,
                })
            }
        }
    }

    /// [`Strategy::disclose`] (nothing for the model's seat). A statement about an issue the
    /// case does not have abandons the process.
    pub(crate) fn disclose(&mut self, o: &Observation<'_>, rng: &mut Stream) -> Option<Statement> {
        let id = self.id;
        let statement = self
            .strategy
            .as_mut()
            .and_then(|s| guarded(|| name_of(id), || s.disclose(o, rng)))?;
        if statement.issue >= o.case.k {
            abandon(StrategyFailure {
                strategy: name_of(id),
                message: format!(
                    "disclose() named issue {}; the case's issues are numbered 0 to {}",
                    statement.issue,
                    o.case.k - 1
                ),
                after_another: false,
            })
        }
        Some(statement)
    }
}

/// The name of the strategy `id`, for a failure's message.
fn name_of(id: Option<StrategyId>) -> String {
    id.map_or_else(|| "unknown".to_string(), StrategyId::name)
}

/// What is wrong with a strategy's package, if an option lies outside its issue's options
/// (a strategy's mistake: replacing it quietly would make a result of code that does not do
/// what its author meant).
fn outside_options(case: &PreparedCase, package: &[u8]) -> Option<String> {
    let (i, &option) = package
        .iter()
        .enumerate()
        .find(|&(i, &option)| usize::from(option) >= case.options[i])?;
    Some(format!(
        "put option {option} on issue {i} (`{}`), which has options 0 to {}",
        case.case.issues[i].key,
        case.options[i] - 1
    ))
}
