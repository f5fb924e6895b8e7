//! The record of one process: where it sits in its run, what its rows share with the rest of
//! its cell, who sat at the table, how it went and its metrics. The runners produce records;
//! the writers, statistics and charts read them.

use crate::metrics::process::ProcessMetrics;
use crate::model::culture::DecisionRule;
use crate::model::prepared::PreparedCase;
use crate::protocol::ProcessOutcome;
use crate::protocol::setup::{ProtocolKind, SeatSetup};
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
