//! The rows of `processes.csv`, `stakeholders.csv` and `rounds.csv`.

use crate::experiment::plan::Plan;
use crate::experiment::runner::ProcessResult;
use crate::model::traits::TraitName;
use crate::output::csv_row::Row;

/// Columns that identify a process in every file: id, condition, sweep keys, replication.
fn id_columns(plan: &Plan) -> Vec<String> {
    let mut cols = vec!["process_id".to_string(), "condition".to_string()];
    cols.extend(plan.sweep_columns());
    cols.push("replication".into());
    cols
}

fn id_fields(row: &mut Row, plan: &Plan, r: &ProcessResult) {
    let p = &r.process;
    row.int(p.id).text(&plan.file.conditions[p.condition].name);
    for label in &plan.cell(p).labels {
        row.text(label);
    }
    row.int(p.replication);
}

/// Metric columns of `processes.csv`, after the id columns.
pub const PROCESS_COLUMNS: &[&str] = &[
    "case",
    "stakeholders",
    "culture",
    "protocol",
    "decision_rule",
    "facilitator",
    "outcome",
    "agreed",
    "rounds",
    "walkouts",
    "joint_utility",
    "mean_utility",
    "min_utility",
    "richest_share",
    "nash_product",
    "pareto_distance",
    "nash_distance",
    "pareto_exact",
    "world_value",
    "win_win_win",
    "lose_lose_issues",
    "below_batna",
    "efficiency",
    "belief_accuracy",
    "early_belief_accuracy",
    "hidden_options_found",
    "trust_mean",
    "stress_mean",
    "agreement",
];

/// Header of `processes.csv`.
pub fn process_header(plan: &Plan) -> Vec<String> {
    let mut cols = id_columns(plan);
    cols.extend(PROCESS_COLUMNS.iter().map(|c| c.to_string()));
    cols
}

/// One row of `processes.csv`.
pub fn process_row(row: &mut Row, plan: &Plan, r: &ProcessResult) {
    row.clear();
    id_fields(row, plan, r);
    process_fields(row, plan, r);
}

/// The [`PROCESS_COLUMNS`] fields of a process.
pub fn process_fields(row: &mut Row, plan: &Plan, r: &ProcessResult) {
    let cell = plan.cell(&r.process);
    let m = &r.metrics;
    let n = r.case.n;
    row.text(&r.case.case.name)
        .int(n as u64)
        .text(&cell.scenario.culture)
        .text(cell.scenario.protocol.key())
        .text(cell.scenario.norms.decision_rule.key())
        .bool(r.facilitated)
        .text(m.outcome.key())
        .bool(m.agreed)
        .int(m.rounds)
        .int(m.walkouts)
        .num(m.joint_utility)
        .num(m.joint_utility / n as f64)
        .num(m.min_utility)
        .num(m.richest_share())
        .num(m.nash_product)
        .opt(m.pareto_distance)
        .opt(m.nash_distance)
        .bool(m.pareto_exact)
        .num(m.world_value)
        .bool(m.win_win_win)
        .int(m.lose_lose_issues)
        .int(m.below_batna)
        .num(m.efficiency)
        .num(m.belief_accuracy)
        .num(m.early_belief_accuracy)
        .int(m.hidden_options_found)
        .num(m.trust_mean)
        .num(m.stress_mean);
    match &r.outcome.agreement {
        Some(p) => row.text(&r.case.package_keys(p)),
        None => row.text(""),
    };
}

/// Header of `stakeholders.csv`.
pub fn stakeholder_header(plan: &Plan) -> Vec<String> {
    let mut cols = id_columns(plan);
    cols.extend(stakeholder_columns());
    cols
}

/// The outcome columns of `stakeholders.csv`, after its traits (BATNA first).
pub const STAKEHOLDER_OUTCOMES: &[&str] = &[
    "batna",
    "utility",
    "surplus",
    "beat_batna",
    "aspiration",
    "trust_mean",
    "stress",
    "walked_out",
    "belief_accuracy",
    "disclosed_issues",
];

/// Columns of `stakeholders.csv` after the id columns.
pub fn stakeholder_columns() -> Vec<String> {
    let mut cols: Vec<String> = ["stakeholder", "seat", "tactic"].map(String::from).to_vec();
    cols.extend(TraitName::ALL.iter().map(|t| t.key().to_string()));
    cols.extend(STAKEHOLDER_OUTCOMES.iter().map(|c| c.to_string()));
    cols
}

/// Rows of `stakeholders.csv` for one process, passed one by one to `emit`.
pub fn stakeholder_rows(row: &mut Row, plan: &Plan, r: &ProcessResult, mut emit: impl FnMut(&Row)) {
    for s in 0..r.seats.len() {
        row.clear();
        id_fields(row, plan, r);
        stakeholder_fields(row, r, s);
        emit(row);
    }
}

/// The [`stakeholder_columns`] fields of seat `s`.
pub fn stakeholder_fields(row: &mut Row, r: &ProcessResult, s: usize) {
    {
        let seat = &r.seats[s];
        let interests = &r.case.case.stakeholders[s];
        row.text(&interests.key)
            .int(s as u64)
            .text(&seat.tactic.key());
        for v in seat.traits.to_array() {
            row.num(v);
        }
        let end = &r.outcome.seats[s];
        let u = r.metrics.utilities[s];
        let trust = crate::protocol::dialogue::mean_except(&end.trust, s);
        row.num(interests.batna)
            .num(u)
            .num(u - interests.batna)
            .bool(r.metrics.agreed && u > interests.batna)
            .num(end.aspiration)
            .num(trust)
            .num(end.stress)
            .bool(end.walked_out)
            .num(end.belief_accuracy)
            .int(end.disclosed);
    }
}

/// Header of `rounds.csv`.
pub fn round_header(plan: &Plan) -> Vec<String> {
    let mut cols = id_columns(plan);
    cols.extend(
        [
            "round",
            "stakeholder",
            "aspiration",
            "stress",
            "trust_mean",
            "disclosed_issue",
            "proposal",
            "proposal_utility",
            "best_offer_utility",
            "accepted_packages",
        ]
        .map(String::from),
    );
    cols
}

/// Rows of `rounds.csv` for one process.
pub fn round_rows(row: &mut Row, plan: &Plan, r: &ProcessResult, mut emit: impl FnMut(&Row)) {
    for rec in &r.outcome.round_log {
        row.clear();
        id_fields(row, plan, r);
        row.int(rec.round)
            .text(&r.case.case.stakeholders[rec.seat].key)
            .num(rec.aspiration)
            .num(rec.stress)
            .num(rec.trust_mean)
            .text(
                rec.disclosed_issue
                    .map_or("", |i| r.case.case.issues[i].key.as_str()),
            )
            .text(&r.case.package_keys(&rec.proposal))
            .num(rec.proposal_utility)
            .opt(
                rec.best_offer_utility
                    .is_finite()
                    .then_some(rec.best_offer_utility),
            )
            .int(rec.accepted);
        emit(row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::file::ExperimentFile;
    use crate::experiment::plan::{KEYS_WITH_RESULT_COLUMNS, sweep_column};
    use crate::organisation::records as organisation;
    use crate::source::Source;

    fn plan(text: &str) -> Plan {
        let file = ExperimentFile::parse(Source::from_text("test.toml", text));
        Plan::build(file.unwrap(), None).unwrap()
    }

    /// Every header of a plan, with the number of id columns in front of its result columns.
    fn headers(plan: &Plan) -> Vec<Vec<String>> {
        if plan.is_organisation() {
            vec![
                organisation::process_header(plan),
                organisation::cycle_header(plan),
                organisation::organisation_header(plan),
            ]
        } else {
            vec![
                process_header(plan),
                stakeholder_header(plan),
                round_header(plan),
            ]
        }
    }

    #[test]
    fn no_sweep_column_shares_its_name_with_a_result_column() {
        let plans = [
            plan(
                "[experiment]\nreplications = 1\n[sweep]\ncase = [\"job-offer\", \"office-reorganisation\"]\nculture = [\"mixed\", \"positional\"]\ndeadline = [10, 20]\n",
            ),
            plan(
                "[experiment]\nreplications = 1\n[base]\ncase_generator = { issues = 3 }\n[base.organisation]\npopulation = 20\ncycles = 2\n[sweep]\nculture = [\"mixed\", \"positional\"]\ndeadline = [10, 20]\n",
            ),
        ];
        for plan in &plans {
            for header in headers(plan) {
                let mut seen = std::collections::HashSet::new();
                for name in &header {
                    assert!(seen.insert(name), "`{name}` twice in {header:?}");
                }
                assert!(header.contains(&"sweep.culture".to_string()), "{header:?}");
                assert!(header.contains(&"deadline".to_string()), "{header:?}");
                // Any top-level scenario key may be swept: none may come out as the name of
                // a result column.
                let results = &header[header.iter().position(|c| c == "replication").unwrap()..];
                let scenario = toml::Value::try_from(&plan.cells[0].scenario).unwrap();
                for key in scenario.as_table().unwrap().keys() {
                    assert!(
                        !results.contains(&sweep_column(key)),
                        "a sweep over `{key}` would repeat a column of {header:?}"
                    );
                }
                for key in KEYS_WITH_RESULT_COLUMNS {
                    assert!(!results.contains(&sweep_column(key)), "{key}");
                }
            }
        }
    }
}
