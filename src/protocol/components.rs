//! Components of a stakeholder entity at a table, and the resources every round shares.
//! Components are plain data; the systems in the step modules give them behaviour.

use crate::model::prepared::{Package, PreparedCase};
use crate::model::traits::Traits;
use crate::protocol::belief_view::BeliefView;
use crate::protocol::parameters::Parameters;
use crate::protocol::remembered::Remembered;
use crate::protocol::search::KeptMoves;
use crate::protocol::setup::{Rules, Tactic};
use crate::protocol::statement::Statement;
use crate::rng::Stream;
use bevy_ecs::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The stakeholder's seat: its index in the case and at the table.
#[derive(Component, Clone, Copy, Debug)]
pub struct Seat(pub usize);

/// The stakeholder's mindset traits.
#[derive(Component, Clone, Copy, Debug)]
pub struct MindsetTraits(pub Traits);

/// How the stakeholder negotiates (its own mindset, or a classic tactic).
#[derive(Component, Clone, Copy, Debug)]
pub struct Conduct(pub Tactic);

/// The stakeholder's private random stream.
#[derive(Component)]
pub struct SeatStream(pub Stream);

/// Aspiration: the utility the stakeholder currently holds out for.
#[derive(Component, Clone, Copy, Debug)]
pub struct Aspiration {
    /// Current aspiration.
    pub value: f64,
    /// Where it started (the ideal package's utility).
    pub start: f64,
    /// The floor it never falls below (at or above BATNA).
    pub floor: f64,
    /// Time-tactic exponent e: aspiration falls as t^(1/e).
    pub exponent: f64,
    /// The stakeholder's concession clock in [0, 1]; it runs slower when exploited.
    pub clock: f64,
}

/// Stress in [0, 1].
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct Stress(pub f64);

/// Trust towards every seat, `[t]`, in [0, 1].
#[derive(Component, Clone, Debug, Default)]
pub struct Trust(pub Vec<f64>);

/// What the stakeholder believes about the others' interests, and what it has disclosed.
#[derive(Component, Clone, Debug, Default)]
pub struct Beliefs {
    /// Believed (unnormalised) priorities, one row of `k` per belief row: `[r * k + i]` for
    /// row `r` (read them by seat through [`Beliefs::view`]).
    pub weights: Vec<f64>,
    /// Believed valuations, one row of `total` flat options per belief row: `[r * total + f]`
    /// (read them by seat through [`Beliefs::view`]).
    pub valuations: Vec<f64>,
    /// Which belief row holds the beliefs about seat t. Empty while the table is within the
    /// listener's `belief_memory`: then seat t has row t (one's own row holds one's own
    /// interests). At larger tables row 0 is the general impression of the others, held about
    /// every seat not remembered individually, row 1 holds one's own interests, and rows 2
    /// and up the remembered seats'.
    pub row_of: Vec<u32>,
    /// At tables beyond `belief_memory`: the seat each row from 2 up holds, and the order in
    /// which the rows were last heard; the row heard longest ago is the one forgotten.
    pub remembered: Remembered,
    /// The listener's belief memory: how many others it keeps individual beliefs about.
    pub memory: usize,
    /// Issues and flat options of the case, the lengths of a belief row.
    pub k: usize,
    /// See `k`.
    pub total: usize,
    /// Believed mean weighted value of the others, per flat option (derived).
    pub others: Vec<f64>,
    /// Believed mean priority of the others per issue (derived).
    pub others_priority: Vec<f64>,
    /// Believed position of the others per issue: the mean index of the option each of them
    /// is believed to like best (derived).
    pub others_position: Vec<f64>,
    /// Per seat t: true when the beliefs about t changed since its share was derived (never
    /// for oneself); the derived fields are out of date while any is true.
    pub stale: Vec<bool>,
    /// Seat t's share of `others`, `[t * total + f]` (derived, kept so that a statement
    /// re-derives only the speaker's share; one's own row stays zero). Kept only at tables
    /// small enough ([`crate::protocol::dialogue::keeps_shares`]); empty at larger ones, whose
    /// seats derive every share again when they sum them, with the same result.
    pub others_by: Vec<f64>,
    /// Seat t's share of `others_priority`, `[t * k + i]` (derived; kept as `others_by`).
    pub priority_by: Vec<f64>,
    /// Seat t's share of `others_position`, `[t * k + i]` (derived; kept as `others_by`).
    pub position_by: Vec<f64>,
    /// Whether the `*_by` shares are kept (see `others_by`).
    pub keeps_shares: bool,
    /// Scratch: one seat's shares (`total` values, then `k` priorities and `k` positions) and
    /// two sums of `k`, for tables whose shares are not kept.
    pub share_row: Vec<f64>,
    /// Beyond the belief memory: the general impression's share (as `share_row`), derived once
    /// when the shares are summed and added for every seat not remembered.
    pub general_share: Vec<f64>,
    /// Issues this stakeholder has disclosed.
    pub disclosed: Vec<bool>,
    /// The objective per flat option for the proposal search, kept between rounds while
    /// `objective_for` says so; on the way to a coalition builder's objective, first its
    /// partners' summed shares ([`crate::protocol::dialogue::sum_coalition_shares`]).
    pub scratch: Vec<f64>,
    /// The other-concern and world orientation, as bits, whose
    /// [`objective`](crate::protocol::proposal::objective) `scratch` holds for the present
    /// derived beliefs; `None` once those beliefs change or `scratch` holds anything else.
    /// Between statements and with stress at rest a seat's objective stays the same for many
    /// rounds, so it is worked out again only when one of its inputs moved.
    pub objective_for: Option<(u64, u64)>,
    /// The proposal search's ranked moves under the kept objective (see [`KeptMoves`]).
    pub kept_moves: KeptMoves,
    /// Under majority rule, the others this stakeholder builds its packages for: its
    /// coalition partners this round (see `proposal::choose_coalition`).
    pub coalition: Vec<bool>,
}

impl Beliefs {
    /// The beliefs as read by seat, by everything but the listening itself.
    #[inline]
    pub fn view(&self) -> BeliefView<'_> {
        BeliefView::new(
            &self.row_of,
            &self.weights,
            &self.valuations,
            self.k,
            self.total,
        )
    }

    /// Whether the listener keeps individual beliefs about only some of the others (the table
    /// is beyond its `belief_memory`).
    pub fn bounded(&self) -> bool {
        self.view().bounded()
    }

    /// Marks the kept objective and the search's ratios out of date: the derived beliefs
    /// changed, or `scratch` is about to hold something else.
    pub fn forget_objective(&mut self) {
        self.objective_for = None;
        self.kept_moves.forget();
    }
}

/// The stakeholder's own proposals.
#[derive(Component, Clone, Debug, Default)]
pub struct Position {
    /// This round's proposal.
    pub current: Package,
    /// Last round's proposal.
    pub previous: Package,
    /// True once a previous proposal exists.
    pub has_previous: bool,
}

/// Whether the stakeholder walked out.
#[derive(Component, Clone, Copy, Debug, Default)]
pub struct Departure {
    /// Walked out this process.
    pub walked_out: bool,
}

/// What a table negotiates and how: the table-wide part of its
/// [`TableSetup`](crate::protocol::setup::TableSetup) (case, rules, model parameters) and the
/// concession clock worked out from them. They are fixed for the whole process and every step
/// reads them, so they are one resource, fetched once per system that runs steps (twice a round
/// at a plain mindset table) (docs/model.md, section 5, names every stage of a table's set-up).
#[derive(Resource, Clone)]
pub struct Setting {
    /// The case at this table.
    pub case: Arc<PreparedCase>,
    /// The rules of this table.
    pub rules: Rules,
    /// The model parameters.
    pub params: Arc<Parameters>,
    /// The concession clock at full pace after each round, with its `log2`
    /// (see [`crate::protocol::concession::clock_steps`]).
    pub clock_steps: Arc<[(f64, f64)]>,
}

/// Seat entities in seat order, for systems whose order matters.
#[derive(Resource, Clone, Default)]
pub struct Seats(pub Vec<Entity>);

/// The table's own random stream (facilitator listening, tie-breaks).
#[derive(Resource)]
pub struct TableStream(pub Stream);

/// Where the process stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Still negotiating.
    #[default]
    Open,
    /// A package was agreed.
    #[serde(rename = "agreement")]
    Agreed,
    /// The deadline passed without agreement: everyone gets their BATNA.
    Deadline,
    /// Someone walked out: everyone gets their BATNA.
    WalkOut,
}

impl Status {
    /// Lower-case name for output.
    pub fn key(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Agreed => "agreement",
            Status::Deadline => "deadline",
            Status::WalkOut => "walk_out",
        }
    }
}

/// The shared state of the table. Per-seat vectors are written only at the seat's own index,
/// so no system's result depends on the order in which it visits stakeholders.
#[derive(Resource, Clone, Debug, Default)]
pub struct TableState {
    /// Stakeholders.
    pub n: usize,
    /// Issues.
    pub k: usize,
    /// Status.
    pub status: Status,
    /// Rounds completed.
    pub round: u32,
    /// Options on the table (visible or discovered), per flat option.
    pub available: Vec<bool>,
    /// Hidden options discovered so far.
    pub hidden_found: u32,
    /// Sequential agenda: issues already settled.
    pub locked: Vec<bool>,
    /// Sequential agenda: position in the agenda order.
    pub agenda_step: usize,
    /// Packages on the table, `[slot * k + i]`; slots 0..n are seats, slot n the facilitator.
    pub offers: Vec<u8>,
    /// Whether each slot holds a package this round.
    pub offer_present: Vec<bool>,
    /// Utility of each slot's package for each seat, `[s * (n + 1) + slot]`.
    pub offer_utility: Vec<f64>,
    /// Last round's `offer_utility`.
    pub previous_offer_utility: Vec<f64>,
    /// Last round's packages (the stated positions), `[slot * k + i]`.
    pub positions: Vec<u8>,
    /// Whether each slot held a package last round.
    pub previous_present: Vec<bool>,
    /// An issue was settled this round (sequential agenda): last round's offers are not
    /// comparable with the next round's.
    pub settled: bool,
    /// Seat s accepts slot p, `[s * (n + 1) + p]`.
    pub accepts: Vec<bool>,
    /// Seat s objects to slot p (consent rule), `[s * (n + 1) + p]`.
    pub objects: Vec<bool>,
    /// This round's disclosures per seat.
    pub statements: Vec<Option<Statement>>,
    /// Best utility on the table for each seat from the others' packages this round.
    pub best_offer: Vec<f64>,
    /// The same last round.
    pub previous_best_offer: Vec<f64>,
    /// Seat made no progress last round.
    pub stuck: Vec<bool>,
    /// Seat's discovery draw this round (a uniform number), if it discovered something.
    pub discovery: Vec<Option<f64>>,
    /// Seat walked out this round.
    pub walked: Vec<bool>,
    /// The agreed package (or, under a sequential agenda, the settled options so far).
    pub agreement: Package,
    /// Slot whose package was agreed.
    pub agreed_slot: Option<usize>,
    /// Walk-outs.
    pub walkouts: u32,
    /// Mean belief accuracy after round `early_round` (`None` until then).
    pub early_belief_accuracy: Option<f64>,
    /// World value of each slot's offer this round (response step scratch).
    pub offer_world: Vec<f64>,
    /// How each seat judges packages this round (response step scratch).
    pub judges: Vec<Judge>,
}

/// How a stakeholder judges the packages of one round: what it holds out for, what an impasse
/// is worth to it, and how much world value counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Judge {
    /// What it accepts: its aspiration, pulled towards `impasse` as the deadline nears.
    pub threshold: f64,
    /// What an impasse is worth to it (its BATNA, less near the deadline).
    pub impasse: f64,
    /// Weight of a package's world value above the case's threshold.
    pub world_weight: f64,
    /// A person plays this seat: its answers are the person's.
    pub person: bool,
}

impl TableState {
    /// Package in a slot.
    pub fn offer(&self, slot: usize) -> &[u8] {
        &self.offers[slot * self.k..(slot + 1) * self.k]
    }

    /// Index into the `[s * (n + 1) + slot]` matrices.
    #[inline]
    pub fn cell(&self, s: usize, slot: usize) -> usize {
        s * (self.n + 1) + slot
    }

    /// Resets the state for a new process of `n` stakeholders on `k` issues, keeping the
    /// buffers of the previous one.
    pub fn reset(&mut self, n: usize, k: usize, visible: &[bool]) {
        fn refill<T: Clone>(v: &mut Vec<T>, len: usize, value: T) {
            v.clear();
            v.resize(len, value);
        }
        self.n = n;
        self.k = k;
        self.status = Status::Open;
        self.round = 0;
        self.available.clear();
        self.available.extend_from_slice(visible);
        self.hidden_found = 0;
        refill(&mut self.locked, k, false);
        self.agenda_step = 0;
        refill(&mut self.offers, (n + 1) * k, 0);
        refill(&mut self.offer_present, n + 1, false);
        refill(&mut self.offer_utility, n * (n + 1), 0.0);
        refill(&mut self.previous_offer_utility, n * (n + 1), 0.0);
        refill(&mut self.positions, (n + 1) * k, 0);
        refill(&mut self.previous_present, n + 1, false);
        self.settled = false;
        refill(&mut self.accepts, n * (n + 1), false);
        refill(&mut self.objects, n * (n + 1), false);
        refill(&mut self.statements, n, None);
        refill(&mut self.best_offer, n, f64::NEG_INFINITY);
        refill(&mut self.previous_best_offer, n, f64::NEG_INFINITY);
        refill(&mut self.stuck, n, false);
        refill(&mut self.discovery, n, None);
        refill(&mut self.walked, n, false);
        refill(&mut self.agreement, k, 0);
        self.agreed_slot = None;
        self.walkouts = 0;
        self.early_belief_accuracy = None;
        refill(&mut self.offer_world, n + 1, 0.0);
        refill(&mut self.judges, n, Judge::default());
    }

    /// True while the process goes on.
    pub fn is_open(&self) -> bool {
        self.status == Status::Open
    }

    /// The issue open under a sequential agenda, if any.
    pub fn current_issue(&self, rules: &Rules) -> Option<usize> {
        match rules.agenda {
            crate::protocol::setup::Agenda::Package => None,
            crate::protocol::setup::Agenda::Sequential => {
                rules.agenda_order.get(self.agenda_step).copied()
            }
        }
    }
}

/// The facilitator: neutral, keeps a single negotiating text improved for all.
#[derive(Resource, Clone, Debug)]
pub struct Facilitator {
    /// Believed (unnormalised) priority of seat t for issue i, `[t * k + i]`.
    pub weights: Vec<f64>,
    /// Believed valuation of seat t for flat option f, `[t * total + f]`.
    pub valuations: Vec<f64>,
    /// Rounds in which each seat did not accept the text: they get more weight next time.
    pub objections: Vec<u32>,
    /// The single negotiating text.
    pub text: Package,
    /// True once a text exists.
    pub has_text: bool,
    /// What the text search worked out last round, kept while it still holds.
    pub kept_logs: KeptLogs,
}

/// The facilitator's text search keeps the log terms of its first pass across rounds. While
/// the facilitator has heard nothing new and the text and the options on the table are the
/// same, the next round's first pass scores the same believed utilities: only the weights of
/// the objections differ, and they multiply the logs, they do not enter them. The logs are
/// what the search spends its time on, so a round whose text stands reads them here.
#[derive(Clone, Debug, Default)]
pub struct KeptLogs {
    /// `ln(max(U_t', 1e-3))`: seat t's believed utility of the text with the issue of flat
    /// option f set to f, `[t * total + f]`, for the issues marked `filled`.
    pub log_utility: Vec<f64>,
    /// Issues whose entries in `log_utility` are worked out.
    pub filled: Vec<bool>,
    /// The text the entries belong to.
    pub text: Package,
    /// The options on the table the entries belong to.
    pub available: Vec<bool>,
    /// False once the facilitator's beliefs moved since the entries were worked out.
    pub current: bool,
}

impl KeptLogs {
    /// Whether the entries belong to this text and these options, and the beliefs are the
    /// ones they were worked out with.
    pub fn holds(&self, text: &[u8], available: &[bool]) -> bool {
        self.current && self.text == text && self.available == available
    }

    /// Marks the entries out of date: the facilitator's beliefs moved, or the text did.
    pub fn forget(&mut self) {
        self.current = false;
    }

    /// Starts over at this text and these options: no issue's entries are worked out.
    pub fn restart(&mut self, n: usize, k: usize, total: usize, text: &[u8], available: &[bool]) {
        self.log_utility.resize(n * total, 0.0);
        self.filled.clear();
        self.filled.resize(k, false);
        self.text.clear();
        self.text.extend_from_slice(text);
        self.available.clear();
        self.available.extend_from_slice(available);
        self.current = true;
    }
}

/// Effective value of a trait that stress narrows.
#[inline]
pub fn narrowed(trait_value: f64, stress: f64, params: &Parameters) -> f64 {
    trait_value * (1.0 - params.stress_narrowing * stress)
}
