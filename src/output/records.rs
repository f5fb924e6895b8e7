//! The rows of `processes.csv`, `stakeholders.csv` and `rounds.csv`, written from process
//! records alone, and the headers of every result file, in the column order of the registry
//! ([`crate::record::columns`]).

use crate::output::csv_row::Row;
use crate::record::columns::{
    CycleColumn, IdColumn, OrganisationColumn, ProcessColumn, RoundColumn, StakeholderColumn,
};
use crate::record::process::ProcessRecord;

/// Columns that identify a process in every file: id, condition, the sweep columns,
/// replication.
fn id_columns(sweep_columns: &[String]) -> Vec<String> {
    let mut cols = vec![
        IdColumn::ProcessId.name().to_string(),
        IdColumn::Condition.name().to_string(),
    ];
    cols.extend(sweep_columns.iter().cloned());
    cols.push(IdColumn::Replication.name().into());
    cols
}

fn id_fields(row: &mut Row, r: &ProcessRecord) {
    row.int(r.process.id).text(&r.cell.condition);
    for label in &r.cell.labels {
        row.text(label);
    }
    row.int(r.process.replication);
}

/// Header of `processes.csv`, given the run's sweep columns.
pub fn process_header(sweep_columns: &[String]) -> Vec<String> {
    let mut cols = id_columns(sweep_columns);
    cols.extend(process_columns());
    cols
}

/// The result columns of `processes.csv`, after the id columns.
pub fn process_columns() -> impl Iterator<Item = String> {
    ProcessColumn::ALL
        .into_iter()
        .map(|c| c.column().name.to_string())
}

/// One row of `processes.csv`.
pub fn process_row(row: &mut Row, r: &ProcessRecord) {
    row.clear();
    id_fields(row, r);
    process_fields(row, r);
}

/// The result fields of a process, in the order of [`ProcessColumn::ALL`].
pub fn process_fields(row: &mut Row, r: &ProcessRecord) {
    let m = &r.metrics;
    let n = r.case.n;
    for column in ProcessColumn::ALL {
        use ProcessColumn::*;
        match column {
            Case => row.text(&r.case.case.name),
            Stakeholders => row.int(n as u64),
            Culture => row.text(&r.cell.culture),
            Protocol => row.text(r.cell.protocol.key()),
            DecisionRule => row.text(r.cell.decision_rule.key()),
            Facilitator => row.bool(r.facilitated),
            Outcome => row.text(m.outcome.key()),
            Agreed => row.bool(m.agreed),
            Rounds => row.int(m.rounds),
            Walkouts => row.int(m.walkouts),
            JointUtility => row.num(m.joint_utility),
            MeanUtility => row.num(m.joint_utility / n as f64),
            MinUtility => row.num(m.min_utility),
            RichestShare => row.num(m.richest_share()),
            NashProduct => row.num(m.nash_product),
            ParetoDistance => row.opt(m.pareto_distance),
            NashDistance => row.opt(m.nash_distance),
            ParetoExact => row.bool(m.pareto_exact),
            WorldValue => row.num(m.world_value),
            WinWinWin => row.bool(m.win_win_win),
            LoseLoseIssues => row.int(m.lose_lose_issues),
            BelowBatna => row.int(m.below_batna),
            Efficiency => row.num(m.efficiency),
            BeliefAccuracy => row.num(m.belief_accuracy),
            EarlyBeliefAccuracy => row.num(m.early_belief_accuracy),
            HiddenOptionsFound => row.int(m.hidden_options_found),
            TrustMean => row.num(m.trust_mean),
            StressMean => row.num(m.stress_mean),
            Agreement => match &r.outcome.agreement {
                Some(p) => row.text(&r.case.package_keys(p)),
                None => row.text(""),
            },
        };
    }
}

/// Header of `stakeholders.csv`, given the run's sweep columns.
pub fn stakeholder_header(sweep_columns: &[String]) -> Vec<String> {
    let mut cols = id_columns(sweep_columns);
    cols.extend(stakeholder_columns());
    cols
}

/// Columns of `stakeholders.csv` after the id columns.
pub fn stakeholder_columns() -> Vec<String> {
    StakeholderColumn::ALL
        .map(|c| c.column().name.to_string())
        .to_vec()
}

/// Rows of `stakeholders.csv` for one process, passed one by one to `emit`.
pub fn stakeholder_rows(row: &mut Row, r: &ProcessRecord, mut emit: impl FnMut(&Row)) {
    for s in 0..r.seats.len() {
        row.clear();
        id_fields(row, r);
        stakeholder_fields(row, r, s);
        emit(row);
    }
}

/// The [`stakeholder_columns`] fields of seat `s`.
pub fn stakeholder_fields(row: &mut Row, r: &ProcessRecord, s: usize) {
    let st = r.stakeholder(s);
    for column in StakeholderColumn::ALL {
        use StakeholderColumn::*;
        match column {
            Stakeholder => row.text(st.key),
            Seat => row.int(st.seat as u64),
            Tactic => row.text(&st.tactic.key()),
            Trait(t) => row.num(st.traits.get(t)),
            Batna => row.num(st.batna),
            Utility => row.num(st.utility),
            Surplus => row.num(st.surplus()),
            BeatBatna => row.bool(st.beat_batna()),
            Aspiration => row.num(st.end.aspiration),
            TrustMean => row.num(st.trust_mean()),
            Stress => row.num(st.end.stress),
            WalkedOut => row.bool(st.end.walked_out),
            BeliefAccuracy => row.num(st.end.belief_accuracy),
            DisclosedIssues => row.int(st.end.disclosed),
        };
    }
}

/// Header of `rounds.csv`, given the run's sweep columns.
pub fn round_header(sweep_columns: &[String]) -> Vec<String> {
    let mut cols = id_columns(sweep_columns);
    cols.extend(RoundColumn::ALL.map(|c| c.column().name.to_string()));
    cols
}

/// Rows of `rounds.csv` for one process.
pub fn round_rows(row: &mut Row, r: &ProcessRecord, mut emit: impl FnMut(&Row)) {
    for rec in &r.outcome.round_log {
        row.clear();
        id_fields(row, r);
        for column in RoundColumn::ALL {
            use RoundColumn::*;
            match column {
                Round => row.int(rec.round),
                Stakeholder => row.text(&r.case.case.stakeholders[rec.seat].key),
                Aspiration => row.num(rec.aspiration),
                Stress => row.num(rec.stress),
                TrustMean => row.num(rec.trust_mean),
                DisclosedIssue => row.text(
                    rec.disclosed_issue
                        .map_or("", |i| r.case.case.issues[i].key.as_str()),
                ),
                Proposal => row.text(&r.case.package_keys(&rec.proposal)),
                ProposalUtility => row.num(rec.proposal_utility),
                BestOfferUtility => row.opt(
                    rec.best_offer_utility
                        .is_finite()
                        .then_some(rec.best_offer_utility),
                ),
                AcceptedPackages => row.int(rec.accepted),
            };
        }
        emit(row);
    }
}

/// The id columns of an organisation experiment's files: organisation, condition, the sweep
/// columns, replication.
fn organisation_id_columns(sweep_columns: &[String]) -> Vec<String> {
    let mut cols = vec![
        IdColumn::Organisation.name().to_string(),
        IdColumn::Condition.name().to_string(),
    ];
    cols.extend(sweep_columns.iter().cloned());
    cols.push(IdColumn::Replication.name().into());
    cols
}

/// Header of an organisation experiment's `processes.csv`: the cycle and table of each process
/// after the id columns.
pub fn organisation_process_header(sweep_columns: &[String]) -> Vec<String> {
    let mut cols = organisation_id_columns(sweep_columns);
    cols.extend([IdColumn::Cycle, IdColumn::Table].map(|c| c.name().to_string()));
    cols.extend(process_columns());
    cols
}

/// Header of an organisation experiment's `stakeholders.csv`: cycle, table and the person's
/// id after the id columns.
pub fn organisation_stakeholder_header(sweep_columns: &[String]) -> Vec<String> {
    let mut cols = organisation_id_columns(sweep_columns);
    cols.extend(
        [IdColumn::Cycle, IdColumn::Table, IdColumn::StakeholderId].map(|c| c.name().to_string()),
    );
    cols.extend(stakeholder_columns());
    cols
}

/// Header of `cycles.csv`.
pub fn cycle_header(sweep_columns: &[String]) -> Vec<String> {
    let mut cols = organisation_id_columns(sweep_columns);
    cols.extend(CycleColumn::ALL.map(CycleColumn::name));
    cols
}

/// Header of `organisations.csv`.
pub fn organisation_header(sweep_columns: &[String]) -> Vec<String> {
    let mut cols = organisation_id_columns(sweep_columns);
    cols.extend(OrganisationColumn::ALL.map(OrganisationColumn::name));
    cols
}
