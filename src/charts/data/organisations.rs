//! The files of an organisation experiment that charts read besides `processes.csv`:
//! `organisations.csv` (one row per organisation run) and `cycles.csv` (one row per cycle of
//! each run), and the per-cycle means over replications that the cycle charts draw.

use crate::charts::data::grid::Grid;
use crate::charts::data::table::Table;
use crate::charts::data::{Estimate, Metric};
use crate::error::{Error, Result};
use crate::experiment::stats::estimators::{Moments, t_interval};
use crate::model::traits::TraitName;
use crate::record::columns::{Cost, CycleColumn, IdColumn};
use std::path::Path;

/// One row of `organisations.csv`, as far as charts need it.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganisationRow {
    /// Organisation run id.
    pub id: u64,
    /// Condition index (manifest order).
    pub condition: usize,
    /// Sweep point index.
    pub point: usize,
    /// Replication.
    pub replication: u64,
    /// Win-win-win rate over the last cycles.
    pub final_win_win_win_rate: f64,
    /// Win-win-win rate over all cycles.
    pub mean_win_win_win_rate: f64,
    /// Final minus start win-win-win rate.
    pub win_win_win_gain: f64,
    /// Collaborativeness index over the last cycles.
    pub final_collaborativeness: f64,
    /// First cycle at the collaborative target (NaN if never reached).
    pub cycles_to_collaborative: f64,
    /// Cost of all levers over all cycles.
    pub total_cost: f64,
    /// Gain per 1,000 cost units (NaN without cost).
    pub gain_per_cost: f64,
}

impl OrganisationRow {
    /// The value of an organisation metric (NaN for process metrics and undefined values).
    pub fn value(&self, metric: Metric) -> f64 {
        match metric {
            Metric::FinalWinWinWin => self.final_win_win_win_rate,
            Metric::MeanWinWinWin => self.mean_win_win_win_rate,
            Metric::WinWinWinGain => self.win_win_win_gain,
            Metric::FinalCollaborativeness => self.final_collaborativeness,
            Metric::CyclesToCollaborative => self.cycles_to_collaborative,
            Metric::TotalCost => self.total_cost,
            Metric::GainPerCost => self.gain_per_cost,
            Metric::JointUtility
            | Metric::MeanUtility
            | Metric::WinWinWin
            | Metric::Agreed
            | Metric::Rounds => f64::NAN,
        }
    }
}

/// One row of `cycles.csv`, as far as charts need it.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleRow {
    /// Organisation run id.
    pub organisation: u64,
    /// Condition index (manifest order).
    pub condition: usize,
    /// Sweep point index.
    pub point: usize,
    /// Cycle, from 1.
    pub cycle: u32,
    /// Share of the cycle's processes that reached agreement.
    pub agreement_rate: f64,
    /// Share of the cycle's processes that were win-win-win.
    pub win_win_win_rate: f64,
    /// Population mean of the collaborativeness index.
    pub collaborativeness: f64,
    /// Population mean of each trait, in [`TraitName::ALL`] order.
    pub trait_means: [f64; 8],
    /// Cost of the levers in this cycle.
    pub total_cost: f64,
}

/// Reads `organisations.csv`.
pub fn read_organisations(path: &Path, grid: &Grid) -> Result<Vec<OrganisationRow>> {
    let (t, reader) = Table::open(path)?;
    let sweep = grid.columns(&t)?;
    let [id, cond, rep] = [
        IdColumn::Organisation,
        IdColumn::Condition,
        IdColumn::Replication,
    ]
    .map(|c| t.column(c.name()));
    let (id, cond, rep) = (id?, cond?, rep?);
    let metrics = [
        Metric::FinalWinWinWin,
        Metric::MeanWinWinWin,
        Metric::WinWinWinGain,
        Metric::FinalCollaborativeness,
        Metric::CyclesToCollaborative,
        Metric::TotalCost,
        Metric::GainPerCost,
    ];
    let cols: Vec<usize> = metrics
        .iter()
        .map(|m| t.column(m.key()))
        .collect::<Result<_>>()?;
    let mut rows = Vec::new();
    for rec in t.rows(reader) {
        let rec = rec?;
        let mut v = [0.0; 7];
        for (i, (&col, m)) in cols.iter().zip(metrics).enumerate() {
            // Undefined values are written empty (the gain of a one-cycle run, the cycles to a
            // culture never reached); every other value must be a number.
            v[i] = if matches!(
                m,
                Metric::CyclesToCollaborative | Metric::GainPerCost | Metric::WinWinWinGain
            ) {
                t.optional_number(&rec, col)?
            } else {
                t.number(&rec, col)?
            };
        }
        rows.push(OrganisationRow {
            id: t.number(&rec, id)? as u64,
            condition: grid.condition(&t, &rec, cond)?,
            point: grid.point(&t, &rec, &sweep)?,
            replication: t.number(&rec, rep)? as u64,
            final_win_win_win_rate: v[0],
            mean_win_win_win_rate: v[1],
            win_win_win_gain: v[2],
            final_collaborativeness: v[3],
            cycles_to_collaborative: v[4],
            total_cost: v[5],
            gain_per_cost: v[6],
        });
    }
    if rows.is_empty() {
        return Err(Error::input("organisations.csv has no organisation runs")
            .in_file(path)
            .at_line(Some(2)));
    }
    Ok(rows)
}

/// Reads `cycles.csv`.
pub fn read_cycles(path: &Path, grid: &Grid) -> Result<Vec<CycleRow>> {
    let (t, reader) = Table::open(path)?;
    let sweep = grid.columns(&t)?;
    let named = [
        IdColumn::Organisation.name().to_string(),
        IdColumn::Condition.name().to_string(),
        CycleColumn::Cycle.name(),
        CycleColumn::AgreementRate.name(),
        CycleColumn::WinWinWinRate.name(),
        CycleColumn::Collaborativeness.name(),
        CycleColumn::Cost(Cost::Total).name(),
    ]
    .map(|c| t.column(&c));
    let [id, cond, cycle, agreed, www, collab, cost] = named;
    let (id, cond, cycle, agreed, www, collab, cost) =
        (id?, cond?, cycle?, agreed?, www?, collab?, cost?);
    let traits: Vec<usize> = TraitName::ALL
        .iter()
        .map(|&tn| t.column(&CycleColumn::TraitMean(tn).name()))
        .collect::<Result<_>>()?;
    let mut rows = Vec::new();
    for rec in t.rows(reader) {
        let rec = rec?;
        let mut trait_means = [0.0; 8];
        for (m, &col) in trait_means.iter_mut().zip(&traits) {
            *m = t.number(&rec, col)?;
        }
        let c = t.number(&rec, cycle)?;
        if !(c >= 1.0 && c.fract() == 0.0) {
            return Err(t.error(
                &rec,
                format!("`cycle`: expected a cycle number from 1, found `{c}`"),
            ));
        }
        rows.push(CycleRow {
            organisation: t.number(&rec, id)? as u64,
            condition: grid.condition(&t, &rec, cond)?,
            point: grid.point(&t, &rec, &sweep)?,
            cycle: c as u32,
            agreement_rate: t.number(&rec, agreed)?,
            win_win_win_rate: t.number(&rec, www)?,
            collaborativeness: t.number(&rec, collab)?,
            trait_means,
            total_cost: t.number(&rec, cost)?,
        });
    }
    if rows.is_empty() {
        return Err(Error::input("cycles.csv has no cycles")
            .in_file(path)
            .at_line(Some(2)));
    }
    Ok(rows)
}

/// A quantity per cycle and condition: the mean over the condition's organisation runs with
/// its 95% t-interval (undefined with one run). `[condition][cycle - 1]`; cycles a condition
/// did not reach have `n = 0`.
pub fn over_cycles(
    rows: &[CycleRow],
    conditions: usize,
    value: impl Fn(&CycleRow) -> f64,
) -> Vec<Vec<Estimate>> {
    let cycles = rows.iter().map(|r| r.cycle as usize).max().unwrap_or(0);
    let mut m = vec![vec![Moments::default(); cycles]; conditions];
    for r in rows {
        let x = value(r);
        if x.is_finite() && r.condition < conditions {
            m[r.condition][r.cycle as usize - 1].push(x);
        }
    }
    m.iter()
        .map(|per| {
            per.iter()
                .map(|m| {
                    let (low, high) = t_interval(m);
                    Estimate {
                        n: m.n,
                        mean: m.mean,
                        low,
                        high,
                    }
                })
                .collect()
        })
        .collect()
}
