//! The rows of an organisation experiment: `cycles.csv` (one per cycle), `organisations.csv`
//! (one per organisation run), and `processes.csv` / `stakeholders.csv` with the cycle, table
//! and stakeholder ids so that a person's trajectory can be followed. Their headers are
//! [`crate::output::records`]'s, in the same registry order.

use crate::organisation::cycle_record::CycleRecord;
use crate::output::csv_row::Row;
use crate::output::records::{process_fields, stakeholder_fields};
use crate::record::columns::{Cost, CycleColumn, OrganisationColumn};
use crate::record::process::{CellColumns, ProcessRecord, ProcessRef};

/// Cycles averaged for the "final" and "start" figures of an organisation, at most.
pub const WINDOW: usize = 5;

/// Cycles averaged for the "final" and "start" figures of a run of `cycles` cycles:
/// [`WINDOW`], or half the run when it is shorter than two windows, so that the first and
/// last cycles never overlap (overlapping windows would shrink the gain, to nothing with
/// [`WINDOW`] cycles or fewer). A run of one cycle has a window of 1 and no gain.
pub fn window(cycles: usize) -> usize {
    WINDOW.min(cycles / 2).max(1)
}

/// What "end" and "gain" mean for a run of `cycles` cycles, in words for charts and reports.
pub fn window_words(cycles: usize) -> String {
    match window(cycles) {
        _ if cycles < 2 => "End: the one cycle (a gain needs two or more)".to_string(),
        1 => "End: the last cycle; gain: end minus the first cycle".to_string(),
        w => format!("End: mean of the last {w} cycles; gain: end minus the first {w} cycles"),
    }
}

fn id_fields(row: &mut Row, cell: &CellColumns, p: &ProcessRef) {
    row.int(p.id).text(&cell.condition);
    for label in &cell.labels {
        row.text(label);
    }
    row.int(p.replication);
}

/// One row of `processes.csv`.
pub fn process_row(row: &mut Row, cycle: u32, table: usize, r: &ProcessRecord) {
    row.clear();
    id_fields(row, &r.cell, &r.process);
    row.int(cycle).int(table as u64);
    process_fields(row, r);
}

/// Rows of `stakeholders.csv` for one table.
pub fn stakeholder_rows(
    row: &mut Row,
    cycle: u32,
    table: usize,
    ids: &[u64],
    r: &ProcessRecord,
    mut emit: impl FnMut(&Row),
) {
    for (s, id) in ids.iter().enumerate() {
        row.clear();
        id_fields(row, &r.cell, &r.process);
        row.int(cycle).int(table as u64).int(*id);
        stakeholder_fields(row, r, s);
        emit(row);
    }
}

/// One row of `cycles.csv`, in the order of [`CycleColumn::ALL`].
pub fn cycle_row(row: &mut Row, cell: &CellColumns, unit: &ProcessRef, c: &CycleRecord) {
    row.clear();
    id_fields(row, cell, unit);
    let l = &c.ledger;
    for column in CycleColumn::ALL {
        use CycleColumn::*;
        match column {
            Cycle => row.int(c.cycle),
            Processes => row.int(c.processes),
            Facilitated => row.int(c.facilitated),
            AgreementRate => row.num(c.agreement_rate),
            WinWinWinRate => row.num(c.win_win_win_rate),
            MeanJointUtility => row.num(c.mean_joint_utility),
            MeanUtility => row.num(c.mean_utility),
            MeanWorldValue => row.num(c.mean_world_value),
            MeanRounds => row.num(c.mean_rounds),
            Collaborativeness => row.num(c.collaborativeness),
            TraitMean(t) => row.num(c.trait_means[t.index()]),
            TraitSd(t) => row.num(c.trait_sds[t.index()]),
            Newcomers => row.int(l.newcomers),
            Trained => row.int(l.trained),
            MentoringPairs => row.int(l.mentoring_pairs),
            Cost(cost) => row.num(match cost {
                self::Cost::Training => l.training,
                self::Cost::CultureNorm => l.culture_norm,
                self::Cost::Facilitation => l.facilitation,
                self::Cost::Mentoring => l.mentoring,
                self::Cost::Evaluation => l.evaluation,
                self::Cost::Total => l.total(),
            }),
        };
    }
}

/// `a - b` for two means of `n` rates each, with a difference within the rounding of the two
/// sums taken as none: the same rate reached from different cycles (29/36 as the mean of 28/36
/// and 30/36, and of 29/36 twice) sums to floating-point numbers a few ulps apart, and a gain
/// of -2e-16 would read as a loss. Summing `n` numbers of at most `m` errs by at most `n` ulps
/// of `m` (Higham, *Accuracy and Stability of Numerical Algorithms*, 2002, section 4.2), so
/// differences up to twice that, one sum each, are rounding.
fn difference_of_means(a: f64, b: f64, n: usize) -> f64 {
    let rounding = 2.0 * n.max(1) as f64 * f64::EPSILON * a.abs().max(b.abs());
    let d = a - b;
    if d.abs() <= rounding { 0.0 } else { d }
}

/// One row of `organisations.csv`, in the order of [`OrganisationColumn::ALL`]: "start"
/// averages the first [`window`] cycles, "final" the last ones, "mean" all cycles; the gain per
/// cost is the gain per 1,000 cost units. With one cycle there is no gain (empty fields).
pub fn organisation_row(
    row: &mut Row,
    cell: &CellColumns,
    unit: &ProcessRef,
    population: usize,
    target: f64,
    cycles: &[CycleRecord],
) {
    row.clear();
    id_fields(row, cell, unit);
    let w = window(cycles.len());
    let has_gain = cycles.len() >= 2;
    let mean = |xs: &[CycleRecord], f: &dyn Fn(&CycleRecord) -> f64| {
        xs.iter().map(f).sum::<f64>() / xs.len().max(1) as f64
    };
    let start = &cycles[..w.min(cycles.len())];
    let last = &cycles[cycles.len().saturating_sub(w)..];
    let www_start = mean(start, &|c| c.win_win_win_rate);
    let www_final = mean(last, &|c| c.win_win_win_rate);
    let gain = difference_of_means(www_final, www_start, w);
    let reached = cycles
        .iter()
        .find(|c| c.collaborativeness >= target)
        .map(|c| c.cycle);
    let cost = |f: &dyn Fn(&CycleRecord) -> f64| cycles.iter().map(f).sum::<f64>();
    let total = cost(&|c| c.ledger.total());
    for column in OrganisationColumn::ALL {
        use OrganisationColumn::*;
        match column {
            Population => row.int(population as u64),
            Cycles => row.int(cycles.len() as u64),
            StartWinWinWinRate => row.num(www_start),
            FinalWinWinWinRate => row.num(www_final),
            WinWinWinGain => row.opt(has_gain.then_some(gain)),
            MeanWinWinWinRate => row.num(mean(cycles, &|c| c.win_win_win_rate)),
            FinalAgreementRate => row.num(mean(last, &|c| c.agreement_rate)),
            FinalMeanUtility => row.num(mean(last, &|c| c.mean_utility)),
            StartCollaborativeness => row.num(mean(start, &|c| c.collaborativeness)),
            FinalCollaborativeness => row.num(mean(last, &|c| c.collaborativeness)),
            CyclesToCollaborative => match reached {
                Some(c) => row.int(c),
                None => row.text(""),
            },
            Cost(c) => row.num(match c {
                self::Cost::Training => cost(&|c| c.ledger.training),
                self::Cost::CultureNorm => cost(&|c| c.ledger.culture_norm),
                self::Cost::Facilitation => cost(&|c| c.ledger.facilitation),
                self::Cost::Mentoring => cost(&|c| c.ledger.mentoring),
                self::Cost::Evaluation => cost(&|c| c.ledger.evaluation),
                self::Cost::Total => total,
            }),
            GainPerCost => row.opt((has_gain && total > 0.0).then(|| 1000.0 * gain / total)),
            FinalTraitMean(t) => row.num(mean(last, &|c| c.trait_means[t.index()])),
        };
    }
}

#[cfg(test)]
mod tests {
    use super::{difference_of_means, window};

    /// The same mean reached from different rates is no gain; a real difference of one
    /// process in 36 is kept exactly as subtracted.
    #[test]
    fn a_gain_within_the_rounding_of_its_means_is_none() {
        let mean = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len() as f64;
        let start = mean(&[
            28.0 / 36.0,
            30.0 / 36.0,
            29.0 / 36.0,
            31.0 / 36.0,
            27.0 / 36.0,
        ]);
        let last = mean(&[29.0 / 36.0; 5]);
        assert_ne!(last - start, 0.0, "the example must show the rounding");
        assert_eq!(difference_of_means(last, start, 5), 0.0);
        let better = mean(&[30.0 / 36.0; 5]);
        assert_eq!(difference_of_means(better, start, 5), better - start);
        assert!(difference_of_means(start, better, 5) < 0.0);
    }

    #[test]
    fn the_first_and_last_cycles_never_overlap() {
        assert_eq!(window(1), 1);
        assert_eq!(window(3), 1);
        assert_eq!(window(4), 2);
        assert_eq!(window(9), 4);
        assert_eq!(window(10), 5);
        assert_eq!(window(100), 5);
        for cycles in 2..30 {
            assert!(2 * window(cycles) <= cycles, "{cycles}");
        }
    }
}
