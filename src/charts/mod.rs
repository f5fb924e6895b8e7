//! Charts and the report page of a finished run.
//!
//! `negsim plot <dir>` (and `negsim run` at its end) reads the run's CSV files and manifest
//! ([`data`]), lets every chart builder in [`BUILDERS`] decide what it has to show, renders
//! each figure to `charts/<name>.png` (1600x900 unless [`PlotOptions::look`] says otherwise)
//! and `charts/<name>.svg` (its text as outlines of the embedded font), and writes
//! `report.html` with the question, the tables, every chart inline and the provenance.
//!
//! Charts are written into a temporary folder that replaces `charts/` only when every chart
//! is drawn, so a failure never leaves a half-written set.

pub mod bench_curves;
pub mod conditions;
pub mod cycle_traits;
pub mod cycles;
pub mod dance;
pub mod data;
pub mod distributions;
pub mod draw;
pub mod figure;
pub mod fonts;
pub mod heatmap;
pub mod levers;
pub mod report;
pub mod sensitivity;
pub mod sweep;
pub mod theme;
pub mod typeset;
pub mod value_claimed;
pub mod world_value;

use crate::error::{Error, Result};
use crate::output::atomic::write_file;
use data::RunData;
use figure::Canvas;
use std::path::{Path, PathBuf};

/// What `negsim plot` may be told.
#[derive(Clone, Debug, Default)]
pub struct PlotOptions {
    /// The process whose negotiation dance to draw (default: the first replication of each
    /// condition at the first sweep point).
    pub process: Option<u64>,
    /// Where `charts/` and `report.html` go (default: the run's folder).
    pub out: Option<std::path::PathBuf>,
    /// Transcripts recorded for this plot besides the run's own (`transcripts.jsonl`): a
    /// process the run did not record, or every dance of a run from before runs recorded
    /// transcripts.
    pub transcripts: Vec<crate::record::transcript::ProcessTranscript>,
    /// Canvas size, type scale and frame (default: the report's).
    pub look: theme::Look,
}

/// A chart builder: looks at the run and emits the figures that apply to it (none if the
/// experiment has nothing for it to show).
pub type Builder = fn(&RunData, &PlotOptions, &mut Canvas) -> Result<()>;

/// Every chart type, in the order the report shows them. A builder emits nothing when the run
/// has nothing for it to show (the cycle charts for process experiments, the dance for
/// organisation experiments, the per-process charts when `processes.csv` was not written).
pub const BUILDERS: &[Builder] = &[
    conditions::build,
    cycles::build,
    cycle_traits::build,
    levers::build,
    sweep::build,
    heatmap::build,
    distributions::build,
    value_claimed::build,
    world_value::build,
    dance::build,
];

/// What was written.
#[derive(Clone, Debug)]
pub struct PlotReport {
    /// The charts folder.
    pub charts: PathBuf,
    /// Chart names, in order.
    pub names: Vec<String>,
    /// The report page.
    pub report: PathBuf,
}

use crate::output::manifest::CHARTS_DIR;

/// Draws every chart of the run in `dir` and writes `report.html`.
pub fn plot(dir: &Path, options: &PlotOptions) -> Result<PlotReport> {
    fonts::register()?;
    let data = RunData::load(dir)?;
    let dest = options.out.as_deref().unwrap_or(dir);
    check_destination(dest)?;
    std::fs::create_dir_all(dest).map_err(|e| Error::io(dest, &e))?;
    let staging = dest.join(".charts.partial");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir(&staging).map_err(|e| Error::io(&staging, &e))?;
    let mut canvas = Canvas::with_look(&staging, options.look);
    let drawn = BUILDERS.iter().try_for_each(|build| {
        build(&data, options, &mut canvas)?;
        crate::output::fault::step("chart-drawn", &staging)?;
        stop_if_asked(dest)
    });
    if let Err(e) = drawn {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let page = report::render(&data, &canvas.rendered);
    let charts = dest.join(CHARTS_DIR);
    let old = dest.join(".charts.old");
    let _ = std::fs::remove_dir_all(&old);
    if charts.exists() {
        std::fs::rename(&charts, &old).map_err(|e| Error::io(&charts, &e))?;
    }
    if let Err(e) = std::fs::rename(&staging, &charts) {
        let _ = std::fs::rename(&old, &charts);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Error::io(&charts, &e));
    }
    crate::output::fault::step("charts-swapped", &charts)?;
    let _ = std::fs::remove_dir_all(&old);
    let report = dest.join("report.html");
    write_file(&report, page.as_bytes())?;
    Ok(PlotReport {
        charts,
        names: canvas.rendered.iter().map(|r| r.name.clone()).collect(),
        report,
    })
}

/// After a stop request (SIGTERM, Ctrl-C), stops between two charts: none of them is kept
/// (they replace `charts/` only all together), and `negsim plot` draws them again.
fn stop_if_asked(dest: &Path) -> Result<()> {
    if !crate::stop::requested() {
        return Ok(());
    }
    Err(Error::interrupted(format!(
        "stopped while drawing the charts; the results are complete, and `{program} plot {}` draws the charts",
        dest.display(),
        program = crate::program::name(),
    )))
}

/// Refuses a destination the charts cannot be written to: a file instead of a folder, or a
/// file `charts` (a folder `report.html`) in it. Checked before anything is drawn or locked.
pub fn check_destination(dest: &Path) -> Result<()> {
    if dest.is_file() {
        return Err(Error::input(format!(
            "--out {}: it is a file, not a folder",
            dest.display()
        ))
        .with_hint("give a folder; charts/ and report.html are written into it"));
    }
    for (name, folder) in [(CHARTS_DIR, true), ("report.html", false)] {
        crate::output::paths::check_kind(
            &dest.join(name),
            folder,
            "the charts go in a",
            "move or rename it, or draw the charts elsewhere with --out",
        )?;
    }
    Ok(())
}

/// The source line under every chart.
pub fn footer(data: &RunData) -> String {
    let m = &data.manifest;
    format!(
        "negsim {} · {} · seed {} · {} {}",
        m.negsim_version,
        m.experiment,
        m.seed,
        m.processes,
        data.units()
    )
}
