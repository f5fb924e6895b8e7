//! `negsim plot`: charts and the report page of a finished run.

use crate::charts::theme::Look;
use crate::charts::{self, PlotOptions};
use crate::error::Result;
use crate::experiment::replay::{plan_from_output, record_transcripts, recorded_ids};
use crate::experiment::stats;
use crate::output::paths::resolved;
use crate::record::transcript::{self, ProcessTranscript};
use clap::Args;
use std::path::{Path, PathBuf};

/// Arguments of `negsim plot`.
#[derive(Args, Debug, Clone)]
pub struct PlotArgs {
    /// The output directory of a run (e.g. output/quickstart).
    pub dir: PathBuf,
    /// Draw the negotiation dance of this process id [default: the first replication of each of
    /// the first 6 conditions at the first sweep point, at tables of up to 16 stakeholders].
    #[arg(long, value_name = "ID")]
    pub process: Option<u64>,
    /// Write charts/ and report.html into this folder [default: the run's folder].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Canvas size of every chart in pixels, e.g. 1200x900 for a 4:3 figure (the SVG has the
    /// same size).
    #[arg(long, value_name = "WIDTHxHEIGHT", default_value = "1600x900", value_parser = parse_size)]
    pub size: (u32, u32),
    /// Every type size (and the space text takes) times this, e.g. 1.5 for a figure printed
    /// small.
    #[arg(long, value_name = "FACTOR", default_value_t = 1.0, value_parser = parse_font_scale)]
    pub font_scale: f64,
    /// Leave out each chart's title, subtitle and source line (a paper's caption carries
    /// them); legends and axes stay.
    #[arg(long)]
    pub bare: bool,
}

impl PlotArgs {
    /// The look these arguments ask for.
    pub fn look(&self) -> Look {
        Look {
            width: self.size.0,
            height: self.size.1,
            font_scale: self.font_scale,
            bare: self.bare,
        }
    }
}

/// Smallest and largest canvas side, pixels: below, axes and legends do not fit; above, a PNG
/// takes hundreds of megabytes.
const SIDES: std::ops::RangeInclusive<u32> = 320..=8000;

/// Parses `--size`: `WIDTHxHEIGHT` in pixels.
pub fn parse_size(text: &str) -> std::result::Result<(u32, u32), String> {
    let parsed = text
        .split_once(['x', 'X'])
        .and_then(|(w, h)| Some((w.trim().parse::<u32>().ok()?, h.trim().parse::<u32>().ok()?)));
    match parsed {
        Some((w, h)) if SIDES.contains(&w) && SIDES.contains(&h) => Ok((w, h)),
        Some(_) => Err(format!(
            "each side must be {} to {} pixels",
            SIDES.start(),
            SIDES.end()
        )),
        None => Err("expected WIDTHxHEIGHT in pixels, e.g. 1200x900".into()),
    }
}

/// Parses `--font-scale`: a factor from 0.5 to 4.
pub fn parse_font_scale(text: &str) -> std::result::Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(f) if (0.5..=4.0).contains(&f) => Ok(f),
        Ok(_) => Err("expected a factor from 0.5 to 4".into()),
        Err(_) => Err("expected a number, e.g. 1.5".into()),
    }
}

/// Writes `summary.csv` and `comparison.csv` again when a complete run lacks them: the run
/// (or merge) was killed while writing them (or its generated cases, which come just before),
/// after its manifest. Everything they are computed from is there.
fn restore_statistics(dir: &Path) -> Result<()> {
    let complete = dir.join("manifest.json").exists();
    let missing = ["summary.csv", "comparison.csv"]
        .iter()
        .any(|f| !dir.join(f).exists());
    if !complete || !missing {
        return Ok(()); // anything else is reported by the charts' own checks
    }
    let (manifest, plan) = plan_from_output(dir)?;
    if manifest.shard.is_some() {
        return Ok(()); // a shard has no statistics; the charts say to merge it
    }
    crate::experiment::generated::write(dir, &plan)?;
    stats::summarise(dir, &plan)?;
    eprintln!(
        "{program}: {} had no statistics (its run stopped while writing them); written now",
        dir.display(),
        program = crate::program::name(),
    );
    Ok(())
}

/// Records the transcripts the dance charts need and the run did not record: `--process` of
/// another process than the ones a run records, or every dance of a run by a negsim from
/// before runs recorded them. They are simulated again with the transcript on (every process
/// is deterministic) and handed to the charts; the run's folder is not changed.
fn missing_transcripts(dir: &Path, process: Option<u64>) -> Result<Vec<ProcessTranscript>> {
    if !dir.join("manifest.json").exists() {
        return Ok(Vec::new()); // the charts say what is missing
    }
    let (manifest, plan) = plan_from_output(dir)?;
    if manifest.shard.is_some() || plan.is_organisation() {
        return Ok(Vec::new());
    }
    let recorded: Vec<u64> = transcript::read(dir, &manifest.config_hash)?
        .iter()
        .map(|t| t.process_id)
        .collect();
    let wanted: Vec<u64> = match process {
        Some(id) => vec![id],
        None => recorded_ids(&plan),
    };
    let missing = wanted.into_iter().filter(|id| !recorded.contains(id));
    record_transcripts(&plan, &manifest.config_hash, missing)
}

/// Refuses a `--out` folder that holds a run's results: its charts and report would be
/// replaced by another run's, next to CSV files they do not describe.
fn refuse_other_run(out: &Path) -> Result<()> {
    let held = ["manifest.json", "processes.csv", "progress.json"]
        .into_iter()
        .find(|f| out.join(f).exists());
    match held {
        Some(file) => Err(crate::error::Error::input(format!(
            "{} holds the results of a run ({file}); the charts of another run do not belong there",
            out.display()
        ))
        .at_key("--out")
        .with_hint("write the charts into an empty or new folder, or leave out --out to write them next to the run's results")),
        None => Ok(()),
    }
}

/// Runs `negsim plot`.
pub fn plot(args: PlotArgs) -> Result<()> {
    // Charts are not drawn from a folder a run is still writing into (the plot of a missing
    // folder is left to report itself).
    use crate::output::lock::FolderLock;
    args.look().check()?;
    let waiting = |e: crate::error::Error| e.with_hint("plot it once the run has finished");
    // `--out` naming the run's own folder is the default, not a second folder to lock.
    let out = args
        .out
        .clone()
        .filter(|out| resolved(out) != resolved(&args.dir));
    if let Some(out) = &out {
        refuse_other_run(out)?;
    }
    // A missing or wrong run folder is left to the reader, which says what a run folder is.
    match &out {
        Some(out) => charts::check_destination(out)?,
        None if args.dir.is_dir() => charts::check_destination(&args.dir)?,
        None => {}
    }
    // Charts written elsewhere only read the run's folder, which may then be read-only.
    let (_lock, _out_lock) = match &out {
        Some(out) => (
            FolderLock::acquire_to_read(&args.dir).map_err(waiting)?,
            Some(FolderLock::acquire(out)?),
        ),
        None if args.dir.is_dir() => (Some(FolderLock::acquire(&args.dir).map_err(waiting)?), None),
        None => (None, None),
    };
    if is_sensitivity(&args.dir) {
        return plot_sensitivity(&args.dir, out.as_deref(), args.look());
    }
    restore_statistics(&args.dir)?;
    let transcripts = missing_transcripts(&args.dir, args.process)?;
    let written = charts::plot(
        &args.dir,
        &PlotOptions {
            process: args.process,
            out,
            transcripts,
            look: args.look(),
        },
    )?;
    println!(
        "{} charts in {} (PNG and SVG); report in {}",
        written.names.len(),
        written.charts.display(),
        written.report.display()
    );
    Ok(())
}

/// Whether `dir` holds a finished sensitivity analysis (its experiment file has a
/// `[sensitivity]` section).
fn is_sensitivity(dir: &Path) -> bool {
    crate::output::manifest::Manifest::read(dir).is_ok_and(|m| {
        crate::experiment::file::ExperimentFile::parse(crate::source::Source::from_text(
            m.config_file,
            m.config_text,
        ))
        .is_ok_and(|f| f.sensitivity.is_some())
    })
}

/// Draws the charts of a sensitivity analysis, writing its indices first if the run stopped
/// before it wrote them.
fn plot_sensitivity(dir: &Path, out: Option<&Path>, look: Look) -> Result<()> {
    use crate::experiment::sensitivity::{analysis, design::SensitivityPlan};
    if !dir.join(analysis::INDICES_FILE).exists() {
        let manifest = crate::output::manifest::Manifest::read(dir)?;
        let sp = SensitivityPlan::of_manifest(&manifest)?;
        let result = analysis::analyse(dir, &sp)?;
        analysis::write(dir, &sp, &result)?;
        eprintln!(
            "{program}: {} had no indices (its run stopped while writing them); written now",
            dir.display(),
            program = crate::program::name(),
        );
    }
    let written = charts::sensitivity::plot_into(dir, out.unwrap_or(dir), look)?;
    println!(
        "{} charts in {} (PNG and SVG)",
        written.names.len(),
        written.charts.display()
    );
    Ok(())
}
