//! Rebuilding a run's plan from its output directory, and recording transcripts. Every process
//! is deterministic, so any one of them can be simulated again with the transcript on (an
//! observer, which changes no result) to record what happened in it.

use crate::error::{Error, Result};
use crate::experiment::plan::Plan;
use crate::experiment::provenance::file_from_manifest;
use crate::experiment::sensitivity::design::SensitivityPlan;
use crate::experiment::simulation::simulate;
use crate::output::manifest::Manifest;
use crate::protocol::setup::Observe;
use crate::protocol::strategy::caught;
use crate::record::process::ProcessRecord;
use crate::record::transcript::{MAX_RECORDED, MAX_RECORDED_SEATS, ProcessTranscript};
use std::path::Path;

/// Reads `manifest.json` in `dir` and rebuilds the plan from the texts it recorded (the
/// experiment file and every case and culture file), independent of files on disk now.
pub fn plan_from_output(dir: &Path) -> Result<(Manifest, Plan)> {
    let manifest = Manifest::read(dir)?;
    let plan = plan_from_manifest(&manifest)?;
    Ok((manifest, plan))
}

/// Rebuilds the plan recorded in a manifest (for a sensitivity analysis, the plan of its
/// design).
pub fn plan_from_manifest(manifest: &Manifest) -> Result<Plan> {
    let (file, library) = file_from_manifest(manifest)?;
    if file.sensitivity.is_some() {
        return SensitivityPlan::build(file, Some(manifest.seed), Some(library)).map(|s| s.plan);
    }
    Plan::build_with(file, Some(manifest.seed), Some(library))
}

/// Re-simulates one process of a plan with the transcript and round log on.
pub fn replay_process(plan: &Plan, id: u64) -> Result<ProcessRecord> {
    if id >= plan.process_count() {
        return Err(Error::input(format!(
            "there is no process {id}: this run has processes 0 to {}",
            plan.process_count().saturating_sub(1)
        )));
    }
    Ok(simulate(
        plan,
        id,
        Observe {
            rounds: true,
            transcript: true,
        },
    ))
}

/// The processes whose transcripts a run records: the first replication of every condition at
/// the first sweep point (ids 0 to C - 1, the same people under each condition), up to
/// [`MAX_RECORDED`], whose tables seat at most [`MAX_RECORDED_SEATS`] stakeholders. None for
/// organisation experiments, whose processes depend on everything that happened in the
/// organisation before them.
pub fn recorded_ids(plan: &Plan) -> Vec<u64> {
    if plan.is_organisation() {
        return Vec::new();
    }
    (0..(plan.conditions().min(MAX_RECORDED) as u64).min(plan.process_count()))
        .filter(|&id| plan.case_of(&plan.locate(id)).n <= MAX_RECORDED_SEATS)
        .collect()
}

/// Simulates processes `ids` of a plan with the transcript on and records them for the run
/// with config hash `hash`.
///
/// # Errors
/// A strategy that fails in one of them.
pub fn record_transcripts(
    plan: &Plan,
    hash: &str,
    ids: impl IntoIterator<Item = u64>,
) -> Result<Vec<ProcessTranscript>> {
    let observe = Observe {
        rounds: false,
        transcript: true,
    };
    ids.into_iter()
        .filter(|&id| id < plan.process_count())
        .map(|id| match caught(|| simulate(plan, id, observe)) {
            Ok(mut r) => Ok(take_transcript(plan, hash, &mut r)),
            Err(failed) => Err(Error::failed(format!(
                "{failed} (process {id}, simulated again for its transcript)"
            ))),
        })
        .collect()
}

/// Takes the transcript out of a process simulated with the transcript on, as the run records
/// it (the run with config hash `hash`).
pub fn take_transcript(plan: &Plan, hash: &str, r: &mut ProcessRecord) -> ProcessTranscript {
    ProcessTranscript {
        config_hash: hash.to_string(),
        process_id: r.process.id,
        condition: plan.file.conditions[r.process.condition].name.clone(),
        replication: r.process.replication,
        case: r.case.case.name.clone(),
        outcome: r.outcome.status,
        rounds: r.outcome.rounds,
        events: std::mem::take(&mut r.outcome.transcript),
    }
}
