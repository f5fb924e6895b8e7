//! The record of one process: where it sits in its run, what its rows share with the rest of
//! its cell, who sat at the table, how it went and its metrics; and each stakeholder's part in
//! it. The runners produce records; the writers, statistics and charts read them.
//!
//! Identifiers: a process is [`ProcessRef::id`] in its plan (an organisation run's processes
//! share the run's id and add their cycle and table); a stakeholder is its seat in the process
//! ([`StakeholderRecord::seat`]), and its key in the case names it.

use crate::metrics::process::ProcessMetrics;
use crate::model::culture::DecisionRule;
use crate::model::prepared::PreparedCase;
use crate::model::traits::Traits;
use crate::protocol::dialogue::mean_except;
use crate::protocol::protocol_kind::ProtocolKind;
use crate::protocol::setup::{SeatSetup, Tactic};
use crate::protocol::{ProcessOutcome, SeatOutcome};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What one process is: its place in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcessRef {
    /// Process id.
    pub id: u64,
    /// Sweep point.
    pub point: usize,
    /// Replication.
    pub replication: u64,
    /// Condition.
    pub condition: usize,
}

/// How the sweep axes of a run combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SweepMode {
    /// Every combination of the axes' values (first axis outermost).
    #[default]
    Grid,
    /// Each axis on its own, the others at their base values: points are the sum of the
    /// axes' lengths, and a `varied` column names the axis.
    OneAtATime,
}

/// What every row of one cell (a condition at a sweep point) says besides its results: the
/// condition, the sweep values, and the culture and rules of its tables.
#[derive(Clone, Debug, PartialEq)]
pub struct CellColumns {
    /// The condition's name.
    pub condition: String,
    /// Values of the sweep columns (the varied axis first in one-at-a-time mode, then every
    /// axis key with the value in effect).
    pub labels: Vec<String>,
    /// The culture's name.
    pub culture: String,
    /// The protocol.
    pub protocol: ProtocolKind,
    /// The decision rule.
    pub decision_rule: DecisionRule,
}

/// Everything one process produced.
#[derive(Clone, Debug)]
pub struct ProcessRecord {
    /// Where it sits in the plan.
    pub process: ProcessRef,
    /// What its rows share with the rest of its cell.
    pub cell: Arc<CellColumns>,
    /// Its case.
    pub case: Arc<PreparedCase>,
    /// Who sat at the table.
    pub seats: Vec<SeatSetup>,
    /// How it ended.
    pub outcome: ProcessOutcome,
    /// Its metrics.
    pub metrics: ProcessMetrics,
    /// Whether a facilitator sat at the table.
    pub facilitated: bool,
}

impl ProcessRecord {
    /// The stakeholder at `seat`.
    pub fn stakeholder(&self, seat: usize) -> StakeholderRecord<'_> {
        StakeholderRecord {
            key: &self.case.case.stakeholders[seat].key,
            seat,
            tactic: &self.seats[seat].tactic,
            traits: &self.seats[seat].traits,
            batna: self.case.case.stakeholders[seat].batna,
            utility: self.metrics.utilities[seat],
            agreed: self.metrics.agreed,
            end: &self.outcome.seats[seat],
        }
    }

    /// Every stakeholder, in seat order.
    pub fn stakeholders(&self) -> impl Iterator<Item = StakeholderRecord<'_>> {
        (0..self.seats.len()).map(|s| self.stakeholder(s))
    }
}

/// One stakeholder's part in a process: who sat in the seat and how it ended for them.
#[derive(Clone, Copy, Debug)]
pub struct StakeholderRecord<'a> {
    /// Its key in the case.
    pub key: &'a str,
    /// Its seat, from 0.
    pub seat: usize,
    /// How it negotiated.
    pub tactic: &'a Tactic,
    /// Its mindset traits.
    pub traits: &'a Traits,
    /// Its BATNA.
    pub batna: f64,
    /// Its utility of the outcome (its BATNA without agreement).
    pub utility: f64,
    /// The process ended in agreement.
    pub agreed: bool,
    /// Its state at the end.
    pub end: &'a SeatOutcome,
}

impl StakeholderRecord<'_> {
    /// Utility above its BATNA.
    pub fn surplus(&self) -> f64 {
        self.utility - self.batna
    }

    /// An agreement gave it more than its BATNA.
    pub fn beat_batna(&self) -> bool {
        self.agreed && self.utility > self.batna
    }

    /// Its mean trust in the others at the end.
    pub fn trust_mean(&self) -> f64 {
        mean_except(&self.end.trust, self.seat)
    }
}
