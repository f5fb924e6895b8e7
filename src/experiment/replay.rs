//! Rebuilding a run's plan from its output directory. Every process is deterministic, so any
//! one of them can be re-simulated with full logging (for charts, narration, teaching).

use crate::error::{Error, Result};
use crate::experiment::file::ExperimentFile;
use crate::experiment::library::{Kind, Library};
use crate::experiment::plan::Plan;
use crate::experiment::runner::{ProcessResult, simulate};
use crate::experiment::sensitivity::design::SensitivityPlan;
use crate::output::manifest::Manifest;
use crate::protocol::setup::Observe;
use crate::source::Source;
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

/// The experiment file a manifest recorded, and a library of the case and culture files it
/// used, as their texts were then.
pub fn file_from_manifest(manifest: &Manifest) -> Result<(ExperimentFile, Library)> {
    let mut library = Library::default();
    for (name, info) in &manifest.sources {
        let (kind, short) = match name.split_once('/') {
            Some(("cases", n)) => (Kind::Case, n),
            Some(("cultures", n)) => (Kind::Culture, n),
            _ => continue,
        };
        library.insert_text(
            kind,
            short,
            Source::from_text(info.path.clone(), info.text.clone()),
        );
    }
    let file = ExperimentFile::parse(Source::from_text(
        manifest.config_file.clone(),
        manifest.config_text.clone(),
    ))?;
    Ok((file, library))
}

/// Re-simulates one process of a plan with the transcript and round log on.
pub fn replay_process(plan: &Plan, id: u64) -> Result<ProcessResult> {
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
