//! The rows of an organisation experiment: `cycles.csv` (one per cycle), `organisations.csv`
//! (one per organisation run), and `processes.csv` / `stakeholders.csv` with the cycle, table
//! and stakeholder ids so that a person's trajectory can be followed.

use crate::experiment::plan::{Plan, ProcessRef};
use crate::experiment::runner::ProcessResult;
use crate::model::traits::TraitName;
use crate::organisation::cycle_record::CycleRecord;
use crate::output::csv_row::Row;
use crate::output::records::{
    PROCESS_COLUMNS, process_fields, stakeholder_columns, stakeholder_fields,
};

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

fn id_columns(plan: &Plan) -> Vec<String> {
    let mut cols = vec!["organisation".to_string(), "condition".to_string()];
    cols.extend(plan.sweep_columns());
    cols.push("replication".into());
    cols
}

fn id_fields(row: &mut Row, plan: &Plan, p: &ProcessRef) {
    row.int(p.id).text(&plan.file.conditions[p.condition].name);
    for label in &plan.cell(p).labels {
        row.text(label);
    }
    row.int(p.replication);
}

/// Header of `processes.csv` for organisations.
pub fn process_header(plan: &Plan) -> Vec<String> {
    let mut cols = id_columns(plan);
    cols.extend(["cycle", "table"].map(String::from));
    cols.extend(PROCESS_COLUMNS.iter().map(|c| c.to_string()));
    cols
}

/// One row of `processes.csv`.
pub fn process_row(row: &mut Row, plan: &Plan, cycle: u32, table: usize, r: &ProcessResult) {
    row.clear();
    id_fields(row, plan, &r.process);
    row.int(cycle).int(table as u64);
    process_fields(row, plan, r);
}

/// Header of `stakeholders.csv` for organisations.
pub fn stakeholder_header(plan: &Plan) -> Vec<String> {
    let mut cols = id_columns(plan);
    cols.extend(["cycle", "table", "stakeholder_id"].map(String::from));
    cols.extend(stakeholder_columns());
    cols
}

/// Rows of `stakeholders.csv` for one table.
pub fn stakeholder_rows(
    row: &mut Row,
    plan: &Plan,
    cycle: u32,
    table: usize,
    ids: &[u64],
    r: &ProcessResult,
    mut emit: impl FnMut(&Row),
) {
    for (s, id) in ids.iter().enumerate() {
        row.clear();
        id_fields(row, plan, &r.process);
        row.int(cycle).int(table as u64).int(*id);
        stakeholder_fields(row, r, s);
        emit(row);
    }
}

const COST_COLUMNS: [&str; 6] = [
    "training_cost",
    "culture_norm_cost",
    "facilitation_cost",
    "mentoring_cost",
    "evaluation_cost",
    "total_cost",
];

/// Header of `cycles.csv`.
pub fn cycle_header(plan: &Plan) -> Vec<String> {
    let mut cols = id_columns(plan);
    cols.extend(
        [
            "cycle",
            "processes",
            "facilitated",
            "agreement_rate",
            "win_win_win_rate",
            "mean_joint_utility",
            "mean_utility",
            "mean_world_value",
            "mean_rounds",
            "collaborativeness",
        ]
        .map(String::from),
    );
    cols.extend(TraitName::ALL.iter().map(|t| format!("{}_mean", t.key())));
    cols.extend(TraitName::ALL.iter().map(|t| format!("{}_sd", t.key())));
    cols.extend(["newcomers", "trained", "mentoring_pairs"].map(String::from));
    cols.extend(COST_COLUMNS.map(String::from));
    cols
}

/// One row of `cycles.csv`.
pub fn cycle_row(row: &mut Row, plan: &Plan, unit: &ProcessRef, c: &CycleRecord) {
    row.clear();
    id_fields(row, plan, unit);
    row.int(c.cycle)
        .int(c.processes)
        .int(c.facilitated)
        .num(c.agreement_rate)
        .num(c.win_win_win_rate)
        .num(c.mean_joint_utility)
        .num(c.mean_utility)
        .num(c.mean_world_value)
        .num(c.mean_rounds)
        .num(c.collaborativeness);
    for v in c.trait_means.iter().chain(c.trait_sds.iter()) {
        row.num(*v);
    }
    let l = &c.ledger;
    row.int(l.newcomers).int(l.trained).int(l.mentoring_pairs);
    for v in [
        l.training,
        l.culture_norm,
        l.facilitation,
        l.mentoring,
        l.evaluation,
        l.total(),
    ] {
        row.num(v);
    }
}

/// Header of `organisations.csv`.
pub fn organisation_header(plan: &Plan) -> Vec<String> {
    let mut cols = id_columns(plan);
    cols.extend(
        [
            "population",
            "cycles",
            "start_win_win_win_rate",
            "final_win_win_win_rate",
            "win_win_win_gain",
            "mean_win_win_win_rate",
            "final_agreement_rate",
            "final_mean_utility",
            "start_collaborativeness",
            "final_collaborativeness",
            "cycles_to_collaborative",
        ]
        .map(String::from),
    );
    cols.extend(COST_COLUMNS.map(String::from));
    cols.push("gain_per_cost".into());
    cols.extend(
        TraitName::ALL
            .iter()
            .map(|t| format!("final_{}_mean", t.key())),
    );
    cols
}

/// One row of `organisations.csv`: "start" averages the first [`window`] cycles, "final" the
/// last ones, "mean" all cycles; the gain per cost is the gain per 1,000 cost units. With one
/// cycle there is no gain (empty fields).
pub fn organisation_row(
    row: &mut Row,
    plan: &Plan,
    unit: &ProcessRef,
    population: usize,
    target: f64,
    cycles: &[CycleRecord],
) {
    row.clear();
    id_fields(row, plan, unit);
    let w = window(cycles.len());
    let has_gain = cycles.len() >= 2;
    let mean = |xs: &[CycleRecord], f: &dyn Fn(&CycleRecord) -> f64| {
        xs.iter().map(f).sum::<f64>() / xs.len().max(1) as f64
    };
    let start = &cycles[..w.min(cycles.len())];
    let last = &cycles[cycles.len().saturating_sub(w)..];
    let www_start = mean(start, &|c| c.win_win_win_rate);
    let www_final = mean(last, &|c| c.win_win_win_rate);
    let reached = cycles
        .iter()
        .find(|c| c.collaborativeness >= target)
        .map(|c| c.cycle);
    let cost = |f: &dyn Fn(&CycleRecord) -> f64| cycles.iter().map(f).sum::<f64>();
    let total = cost(&|c| c.ledger.total());
    row.int(population as u64)
        .int(cycles.len() as u64)
        .num(www_start)
        .num(www_final)
        .opt(has_gain.then_some(www_final - www_start))
        .num(mean(cycles, &|c| c.win_win_win_rate))
        .num(mean(last, &|c| c.agreement_rate))
        .num(mean(last, &|c| c.mean_utility))
        .num(mean(start, &|c| c.collaborativeness))
        .num(mean(last, &|c| c.collaborativeness));
    match reached {
        Some(c) => row.int(c),
        None => row.text(""),
    };
    row.num(cost(&|c| c.ledger.training))
        .num(cost(&|c| c.ledger.culture_norm))
        .num(cost(&|c| c.ledger.facilitation))
        .num(cost(&|c| c.ledger.mentoring))
        .num(cost(&|c| c.ledger.evaluation))
        .num(total)
        .opt((has_gain && total > 0.0).then(|| 1000.0 * (www_final - www_start) / total));
    for t in 0..8 {
        row.num(mean(last, &|c| c.trait_means[t]));
    }
}

#[cfg(test)]
mod tests {
    use super::window;

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
