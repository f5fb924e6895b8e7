//! `negsim.run` and `negsim.check` on the Rust side: the run `negsim run` does, into a
//! folder, and the description `negsim check` prints.

use crate::config::Config;
use crate::errors::{config_problem, to_py};
use crate::schema::{self, Dtype};
use negsim::error::{Error, Result};
use negsim::experiment::file::ExperimentFile;
use negsim::experiment::plan::Plan;
use negsim::experiment::runner::{self, RunOptions};
use negsim::experiment::stats;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::path::{Path, PathBuf};

/// The files a run may write, by the name the Python results give them, in the order they
/// are offered.
const FILES: &[(&str, &str)] = &[
    ("processes", "processes.csv"),
    ("stakeholders", "stakeholders.csv"),
    ("rounds", "rounds.csv"),
    ("cycles", "cycles.csv"),
    ("organisations", "organisations.csv"),
    ("summary", "summary.csv"),
    ("comparison", "comparison.csv"),
];

/// What a finished run leaves for the Python side.
struct Finished {
    processes: u64,
    seconds: f64,
    threads: usize,
    table: String,
    charts: Option<PathBuf>,
    report: Option<PathBuf>,
}

/// Runs an experiment into `out` and returns where its files are, their column types and
/// what the command line prints.
#[pyfunction]
#[pyo3(signature = (experiment, out, threads=None, seed=None, replications=None, force=false, resume=false, plots=false))]
#[allow(clippy::too_many_arguments)]
pub fn run<'py>(
    py: Python<'py>,
    experiment: &Bound<'py, PyAny>,
    out: PathBuf,
    threads: Option<usize>,
    seed: Option<u64>,
    replications: Option<u64>,
    force: bool,
    resume: bool,
    plots: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let config = Config::from_py(experiment).map_err(|p| config_problem(py, p))?;
    let own = config.own_path().map(Path::to_path_buf);
    let fail = |e: Error| to_py(py, e, own.as_deref());
    negsim::cli::check_threads(threads).map_err(|e| fail(e.at_key("threads")))?;
    let plan = ExperimentFile::parse(config.source)
        .and_then(|file| match replications {
            Some(n) => file
                .with_replications(n)
                .map_err(|e| e.at_key("replications")),
            None => Ok(file),
        })
        .and_then(|file| Plan::build(file, seed))
        .map_err(fail)?;
    let opts = RunOptions {
        out: out.clone(),
        threads,
        quiet: true,
        force,
        resume,
        shard: None,
    };
    let finished = crate::detach::run(py, || execute(&plan, &opts, plots))?.map_err(fail)?;

    let result = PyDict::new(py);
    result.set_item("out", &out)?;
    result.set_item("name", &plan.file.name)?;
    result.set_item("question", &plan.file.question)?;
    result.set_item("organisation", plan.is_organisation())?;
    result.set_item("processes", finished.processes)?;
    result.set_item("seconds", finished.seconds)?;
    result.set_item("threads", finished.threads)?;
    result.set_item("table", finished.table)?;
    result.set_item("charts", finished.charts)?;
    result.set_item("report", finished.report)?;
    let sweep = schema::sweep_columns(&plan);
    let files = PyDict::new(py);
    for (name, file) in FILES {
        let path = out.join(file);
        if !path.is_file() {
            continue;
        }
        let header = read_header(&path).map_err(fail)?;
        let columns = PyList::empty(py);
        for (column, dtype) in schema::of_header(&header, &sweep) {
            columns.append((column, dtype.map(Dtype::name)))?;
        }
        let entry = PyDict::new(py);
        entry.set_item("path", &path)?;
        entry.set_item("columns", columns)?;
        files.set_item(*name, entry)?;
    }
    result.set_item("files", files)?;
    Ok(result)
}

/// The run, its statistics and (if asked) its charts: what `negsim run` does after planning.
fn execute(plan: &Plan, opts: &RunOptions, plots: bool) -> Result<Finished> {
    // The report holds the output folder's lock until the statistics and charts are written.
    let report = if plan.is_organisation() {
        negsim::organisation::runner::run(plan, opts)?
    } else {
        runner::run(plan, opts)?
    };
    let statistics = stats::summarise(&opts.out, plan)?;
    let table = if plan.is_organisation() {
        stats::render_organisations(&statistics)
    } else {
        stats::render(&statistics)
    };
    let (charts, page) = if plots {
        let written = negsim::charts::plot(&opts.out, &negsim::charts::PlotOptions::default())?;
        (Some(written.charts), Some(written.report))
    } else {
        (None, None)
    };
    let finished = Finished {
        processes: report.processes,
        seconds: report.seconds,
        threads: report.threads,
        table,
        charts,
        report: page,
    };
    drop(report);
    Ok(finished)
}

/// The header row of a CSV file.
fn read_header(path: &Path) -> Result<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| csv_error(path, e))?;
    let header = reader.headers().map_err(|e| csv_error(path, e))?;
    Ok(header.iter().map(String::from).collect())
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::io(path, &io),
        other => Error::input(format!("cannot read the header: {other:?}")).in_file(path),
    }
}

/// Validates a config (experiment, case or culture) and returns what `negsim check` prints
/// about it.
#[pyfunction]
pub fn check(py: Python<'_>, config: &Bound<'_, PyAny>) -> PyResult<String> {
    let config = Config::from_py(config).map_err(|p| config_problem(py, p))?;
    let own = config.own_path().map(Path::to_path_buf);
    let source = config.source;
    py.detach(|| negsim::cli::check::describe(source))
        .map_err(|e| to_py(py, e, own.as_deref()))
}
