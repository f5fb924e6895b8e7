//! Observers: the transcript of events (for narration and charts) and per-round records
//! (for `rounds.csv`). Both are off by default and never change a result: systems only push
//! to them when they are enabled.

use crate::model::prepared::Package;
use bevy_ecs::prelude::*;
use serde::{Deserialize, Serialize};

/// Something that happened at the table, in structured form (no text: narration renders it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// A round begins.
    RoundStarted {
        /// Round number, from 1.
        round: u32,
    },
    /// A stakeholder told the table about its interest on an issue.
    Disclosed {
        /// Round.
        round: u32,
        /// Who spoke.
        seat: usize,
        /// Which issue.
        issue: usize,
        /// True if it was a bluff.
        bluff: bool,
    },
    /// A creative stakeholder found a hidden option.
    Discovered {
        /// Round.
        round: u32,
        /// Who found it.
        seat: usize,
        /// Issue.
        issue: usize,
        /// Option.
        option: usize,
    },
    /// A stakeholder put a package on the table.
    Proposed {
        /// Round.
        round: u32,
        /// Proposer.
        seat: usize,
        /// The package.
        package: Package,
        /// Proposer's aspiration when proposing.
        aspiration: f64,
    },
    /// The facilitator put its single negotiating text on the table.
    FacilitatorText {
        /// Round.
        round: u32,
        /// The text.
        package: Package,
    },
    /// A stakeholder's verdict on a package (slot n is the facilitator's text).
    Responded {
        /// Round.
        round: u32,
        /// Who responded.
        seat: usize,
        /// Whose package.
        slot: usize,
        /// Accepted (at or above what the responder held out for, never below what an impasse
        /// is worth to it).
        accepted: bool,
        /// Responder's utility of the package.
        utility: f64,
        /// What the responder held out for this round: its aspiration, pulled towards the
        /// value of an impasse as the deadline nears (`response::acceptance_threshold`).
        aspiration: f64,
    },
    /// Under a sequential agenda, an issue was settled.
    IssueSettled {
        /// Round.
        round: u32,
        /// Issue.
        issue: usize,
        /// Option.
        option: usize,
    },
    /// The table agreed on a package.
    Agreed {
        /// Round.
        round: u32,
        /// Whose package.
        slot: usize,
        /// The package.
        package: Package,
    },
    /// Trust crossed a notable level (a turning point).
    TrustTurned {
        /// Round.
        round: u32,
        /// Who trusts.
        from: usize,
        /// Whom.
        to: usize,
        /// Before.
        before: f64,
        /// After.
        after: f64,
    },
    /// Stress crossed a notable level.
    StressRose {
        /// Round.
        round: u32,
        /// Who.
        seat: usize,
        /// New level.
        level: f64,
    },
    /// A stakeholder walked out.
    WalkedOut {
        /// Round.
        round: u32,
        /// Who.
        seat: usize,
    },
    /// The deadline passed without agreement.
    DeadlinePassed {
        /// Round.
        round: u32,
    },
}

impl Event {
    /// The round the event belongs to (from 1).
    pub fn round(&self) -> u32 {
        match self {
            Event::RoundStarted { round }
            | Event::Disclosed { round, .. }
            | Event::Discovered { round, .. }
            | Event::Proposed { round, .. }
            | Event::FacilitatorText { round, .. }
            | Event::Responded { round, .. }
            | Event::IssueSettled { round, .. }
            | Event::Agreed { round, .. }
            | Event::TrustTurned { round, .. }
            | Event::StressRose { round, .. }
            | Event::WalkedOut { round, .. }
            | Event::DeadlinePassed { round } => *round,
        }
    }
}

/// The transcript of a process (enabled for demos, charts and replays).
#[derive(Resource, Clone, Debug, Default)]
pub struct Transcript {
    /// Whether to record.
    pub enabled: bool,
    /// Events in order.
    pub events: Vec<Event>,
}

impl Transcript {
    /// Records an event if enabled.
    #[inline]
    pub fn push(&mut self, event: impl FnOnce() -> Event) {
        if self.enabled {
            self.events.push(event());
        }
    }

    /// Records a turn of trust if `from`'s trust in `to` crossed the middle (0.5), either way:
    /// the narration tells such turns, so every step that moves trust reports them alike.
    #[inline]
    pub fn trust_moved(&mut self, round: u32, (from, to): (usize, usize), before: f64, after: f64) {
        // Whether recording is on first: it is off in batch runs, where this runs for every
        // pair of seats in every round.
        if self.enabled && (before < 0.5) != (after < 0.5) {
            self.push(|| Event::TrustTurned {
                round,
                from,
                to,
                before,
                after,
            });
        }
    }
}

/// One stakeholder's state at the end of one round.
#[derive(Clone, Debug, PartialEq)]
pub struct RoundRecord {
    /// Round, from 1.
    pub round: u32,
    /// Seat.
    pub seat: usize,
    /// Aspiration after concession.
    pub aspiration: f64,
    /// Stress after the emotion step.
    pub stress: f64,
    /// Mean trust towards the others.
    pub trust_mean: f64,
    /// Issue disclosed this round, if any.
    pub disclosed_issue: Option<usize>,
    /// The package proposed.
    pub proposal: Package,
    /// Proposer's utility of its package.
    pub proposal_utility: f64,
    /// Best utility for this seat among the others' packages.
    pub best_offer_utility: f64,
    /// Packages this seat accepted.
    pub accepted: u32,
}

/// Per-round records (enabled for `rounds.csv`).
#[derive(Resource, Clone, Debug, Default)]
pub struct RoundLog {
    /// Whether to record.
    pub enabled: bool,
    /// Records in order.
    pub records: Vec<RoundRecord>,
}
