//! From `processes.csv` to sensitivity indices. The file is streamed once: each output's
//! value at each design point is the mean over the replications of its metric in a
//! condition, or of the paired difference between two conditions (replication `r` of both
//! shares its random streams). The estimators then see one number per point, as SALib's do.
//!
//! A simulation is noisy where an analytic test function is not. Replication `r` draws the
//! same people at every point (common random numbers), so an output is a fixed function of
//! the parameters for the people drawn, and its indices are that function's: with other
//! people they would differ somewhat. The bootstrap intervals resample the design's rows or
//! trajectories, as SALib's do, and so cover the design's part of the uncertainty.
//! `noise_share` in `sensitivity-outputs.csv` measures the people's part: the mean sampling
//! variance of a point's value (`s^2 / R`) as a share of the output's variance over the
//! design, an upper bound on how much of that variance the finite replications account for
//! (with common random numbers part of the noise is shared by every point and moves no
//! index). Resampling the replications in the bootstrap as well was tried and rejected: it
//! adds noise of its own, which biases ST and mu* (sums of squares and absolute values)
//! upwards, so that the intervals of small indices missed their own estimates.
//!
//! Everything here runs on one thread in a fixed order, so the results are the same bits
//! whatever the number of threads the processes ran on.

use super::design::SensitivityPlan;
use super::morris::{self, MorrisIndex};
use super::saltelli::{self, SobolIndex};
use super::spec::{Measure, Method, Output};
use crate::error::{Error, Result};
use crate::experiment::stats::estimators::Moments;
use crate::output::atomic::write_file;
use crate::output::csv_row::Row;
use std::fmt::Write as _;
use std::path::Path;

/// The file with the indices.
pub const INDICES_FILE: &str = "sensitivity.csv";
/// The file with one row per output: its spread over the design and its noise.
pub const OUTPUTS_FILE: &str = "sensitivity-outputs.csv";
/// The file with one row per design point: the parameters' values and every output there.
pub const POINTS_FILE: &str = "sensitivity-points.csv";

/// One output's values over the design.
#[derive(Clone, Debug)]
pub struct Series {
    /// The output's value (mean over replications) at each point.
    pub y: Vec<f64>,
    /// The sampling variance of that mean at each point (`s^2 / n`; NaN with one value).
    pub noise: Vec<f64>,
    /// The value of each replication at each point, `[point * replications + replication]`
    /// (NaN where the metric is empty).
    pub replicated: Vec<f64>,
    /// Replications per point.
    pub replications: usize,
}

/// How one output varies over the design.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Mean over the points.
    pub mean: f64,
    /// Standard deviation over the points (n - 1).
    pub sd: f64,
    /// Lowest value at a point.
    pub min: f64,
    /// Highest value at a point.
    pub max: f64,
    /// Share of points where the output is below 0: for a contrast, where it reverses.
    pub below_zero: f64,
    /// The mean sampling variance of a point's value as a share of the output's variance
    /// over the points: at most this much of that variance is owed to the finite number of
    /// replications (NaN with one replication).
    pub noise_share: f64,
}

/// The indices of one output, one entry per parameter.
#[derive(Clone, Debug)]
pub enum Indices {
    /// Morris.
    Morris(Vec<MorrisIndex>),
    /// Sobol'.
    Sobol(Vec<SobolIndex>),
}

/// The analysis of every output.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Per output, in the spec's order: its values, their summary and its indices.
    pub outputs: Vec<(Series, Summary, Indices)>,
}

/// Reads every output's value at every point from `processes.csv` in `dir`.
pub fn read_series(dir: &Path, sp: &SensitivityPlan) -> Result<Vec<Series>> {
    let path = dir.join("processes.csv");
    let mut reader = csv::ReaderBuilder::new()
        .from_path(&path)
        .map_err(|e| Error::input(format!("cannot read processes.csv: {e}")).in_file(&path))?;
    let header = reader
        .headers()
        .map_err(|e| Error::input(format!("processes.csv has no header: {e}")).in_file(&path))?
        .clone();
    let column = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            Error::input(format!("processes.csv has no column `{name}`"))
                .in_file(&path)
                .with_hint(
                    "the file was not written by this experiment's run: run it again with --force",
                )
        })
    };
    let id_column = column("process_id")?;
    let outputs = &sp.spec.outputs;
    let metric_columns: Vec<usize> = outputs
        .iter()
        .map(|o| column(&o.metric))
        .collect::<Result<_>>()?;
    let plan = &sp.plan;
    let points = plan.points();
    let conditions = plan.conditions();
    let replications = plan.replications as usize;
    let mut replicated = vec![vec![f64::NAN; points * replications]; outputs.len()];
    // The current (point, replication): each output's metric in each condition.
    let mut group: Option<(usize, u64)> = None;
    let mut values: Vec<Vec<Option<f64>>> = vec![vec![None; conditions]; outputs.len()];
    let flush = |(point, replication): (usize, u64),
                 values: &mut Vec<Vec<Option<f64>>>,
                 replicated: &mut Vec<Vec<f64>>| {
        for (o, output) in outputs.iter().enumerate() {
            let v = match output.measure {
                Measure::Condition(c) => values[o][c],
                Measure::Contrast(a, b) => values[o][a].zip(values[o][b]).map(|(x, y)| x - y),
            };
            if let Some(v) = v {
                replicated[o][point * replications + replication as usize] = v;
            }
            values[o].iter_mut().for_each(|v| *v = None);
        }
    };
    let mut record = csv::StringRecord::new();
    let mut rows = 0u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(
                    Error::input(format!("processes.csv cannot be read: {e}")).in_file(&path)
                );
            }
        }
        rows += 1;
        let line = record.position().map(|p| p.line() as usize);
        let bad = |what: String| {
            Error::input(format!("processes.csv: {what}"))
                .in_file(&path)
                .at_line(line)
                .with_hint("the file was changed after the run: run it again with --force")
        };
        let id: u64 = record
            .get(id_column)
            .and_then(|v| v.parse().ok())
            .filter(|&id| id < plan.process_count())
            .ok_or_else(|| bad("a process_id that is not in this experiment's plan".into()))?;
        let p = plan.locate(id);
        if group != Some((p.point, p.replication)) {
            if let Some(g) = group {
                flush(g, &mut values, &mut replicated);
            }
            group = Some((p.point, p.replication));
        }
        for (o, &col) in metric_columns.iter().enumerate() {
            let text = record.get(col).unwrap_or("");
            values[o][p.condition] = match text {
                "" => None,
                "true" => Some(1.0),
                "false" => Some(0.0),
                t => Some(t.parse::<f64>().map_err(|_| {
                    bad(format!(
                        "`{t}` in column {} is not a number",
                        outputs[o].metric
                    ))
                })?),
            };
        }
    }
    if let Some(g) = group {
        flush(g, &mut values, &mut replicated);
    }
    if rows != plan.process_count() {
        return Err(Error::input(format!(
            "processes.csv has {rows} processes, and the design has {}",
            plan.process_count()
        ))
        .in_file(&path)
        .with_hint(format!(
            "analyse a complete run: finish it with --resume, or merge every shard with `{program} merge`",
            program = crate::program::name()
        )));
    }
    let mut series = Vec::with_capacity(outputs.len());
    for (o, values) in replicated.into_iter().enumerate() {
        let moments: Vec<Moments> = values
            .chunks(replications.max(1))
            .map(|row| {
                let mut m = Moments::default();
                row.iter().filter(|v| !v.is_nan()).for_each(|&v| m.push(v));
                m
            })
            .collect();
        if let Some(point) = moments.iter().position(|m| m.n == 0) {
            return Err(Error::input(format!(
                "the output `{}` has no value at design point {point}: `{}` is empty in every replication there",
                outputs[o].name, outputs[o].metric
            ))
            .in_file(&path)
            .with_hint("analyse a metric every process has (pareto_distance and nash_distance are empty when the outcome space is approximated)"));
        }
        series.push(Series {
            y: moments.iter().map(|m| m.mean).collect(),
            noise: moments
                .iter()
                .map(|m| {
                    if m.n < 2 {
                        f64::NAN
                    } else {
                        m.sd() * m.sd() / m.n as f64
                    }
                })
                .collect(),
            replicated: values,
            replications,
        });
    }
    Ok(series)
}

/// How a series varies over the design.
pub fn summarise(series: &Series) -> Summary {
    let mut m = Moments::default();
    for &y in &series.y {
        m.push(y);
    }
    let n = series.y.len() as f64;
    let variance = m.sd() * m.sd() * (n - 1.0) / n;
    let noise = series.noise.iter().sum::<f64>() / n;
    Summary {
        mean: m.mean,
        sd: m.sd(),
        min: m.min,
        max: m.max,
        below_zero: series.y.iter().filter(|&&y| y < 0.0).count() as f64 / n,
        noise_share: if variance > 0.0 {
            noise / variance
        } else {
            f64::NAN
        },
    }
}

/// Reads `processes.csv` and estimates every output's indices.
pub fn analyse(dir: &Path, sp: &SensitivityPlan) -> Result<Analysis> {
    let series = read_series(dir, sp)?;
    let k = sp.spec.parameters.len();
    let seed = sp.plan.seed;
    let outputs = series
        .into_iter()
        .enumerate()
        .map(|(o, s)| {
            let indices = match sp.spec.method {
                Method::Morris { .. } => Indices::Morris(morris::analyse(
                    &sp.unit,
                    &s.y,
                    k,
                    sp.spec.bootstrap,
                    seed,
                    o as u64,
                )),
                Method::Sobol { .. } => Indices::Sobol(saltelli::analyse(
                    &s.y,
                    k,
                    sp.spec.bootstrap,
                    seed,
                    o as u64,
                )),
            };
            let summary = summarise(&s);
            (s, summary, indices)
        })
        .collect();
    Ok(Analysis { outputs })
}

/// The measure of an output in words: `positional`, or `collaborative - positional`.
pub fn measure_label(sp: &SensitivityPlan, output: &Output) -> String {
    let name = |c: usize| sp.plan.file.conditions[c].name.clone();
    match output.measure {
        Measure::Condition(c) => name(c),
        Measure::Contrast(a, b) => format!("{} - {}", name(a), name(b)),
    }
}

fn csv_bytes(rows: impl FnOnce(&mut csv::Writer<Vec<u8>>, &mut Row)) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut row = Row::new();
    rows(&mut w, &mut row);
    w.into_inner().unwrap_or_default()
}

/// Writes `sensitivity.csv`, `sensitivity-outputs.csv` and `sensitivity-points.csv`.
pub fn write(dir: &Path, sp: &SensitivityPlan, analysis: &Analysis) -> Result<()> {
    let spec = &sp.spec;
    let condition_of = |p: &super::spec::Parameter| {
        p.condition
            .map(|c| sp.plan.file.conditions[c].name.clone())
            .unwrap_or_default()
    };
    // Writing to memory cannot fail, so the results of write_record are ignored.
    let indices = csv_bytes(|w, row| {
        let mut header = vec!["output", "parameter", "key", "condition", "low", "high"];
        header.extend(match spec.method {
            Method::Morris { .. } => &[
                "mu",
                "mu_star",
                "mu_star_low",
                "mu_star_high",
                "mu_star_conf",
                "sigma",
                "trajectories",
            ][..],
            Method::Sobol { .. } => &[
                "s1", "s1_low", "s1_high", "s1_conf", "st", "st_low", "st_high", "st_conf",
                "samples",
            ][..],
        });
        let _ = w.write_record(&header);
        for (output, (_, _, indices)) in spec.outputs.iter().zip(&analysis.outputs) {
            for (i, p) in spec.parameters.iter().enumerate() {
                row.clear();
                row.text(&output.name)
                    .text(&p.name)
                    .text(&p.key)
                    .text(&condition_of(p))
                    .num(p.low)
                    .num(p.high);
                match (indices, spec.method) {
                    (Indices::Morris(ix), Method::Morris { trajectories, .. }) => {
                        let m = &ix[i];
                        row.num(m.mu)
                            .num(m.mu_star)
                            .num(m.mu_star_interval.0)
                            .num(m.mu_star_interval.1)
                            .num(m.mu_star_conf)
                            .num(m.sigma)
                            .int(trajectories as u64);
                    }
                    (Indices::Sobol(ix), Method::Sobol { samples }) => {
                        let s = &ix[i];
                        row.num(s.s1)
                            .num(s.s1_interval.0)
                            .num(s.s1_interval.1)
                            .num(s.s1_conf)
                            .num(s.st)
                            .num(s.st_interval.0)
                            .num(s.st_interval.1)
                            .num(s.st_conf)
                            .int(samples as u64);
                    }
                    _ => {}
                }
                let _ = w.write_byte_record(row.record());
            }
        }
    });
    let outputs = csv_bytes(|w, row| {
        let _ = w.write_record([
            "output",
            "metric",
            "measure",
            "points",
            "replications",
            "mean",
            "sd",
            "min",
            "max",
            "share_below_zero",
            "noise_share",
        ]);
        for (output, (series, s, _)) in spec.outputs.iter().zip(&analysis.outputs) {
            row.clear();
            row.text(&output.name)
                .text(&output.metric)
                .text(&measure_label(sp, output))
                .int(series.y.len() as u64)
                .int(sp.plan.replications)
                .num(s.mean)
                .num(s.sd)
                .num(s.min)
                .num(s.max)
                .num(s.below_zero)
                .num(s.noise_share);
            let _ = w.write_byte_record(row.record());
        }
    });
    let points = csv_bytes(|w, row| {
        let group = match spec.method {
            Method::Morris { .. } => "trajectory",
            Method::Sobol { .. } => "row",
        };
        let mut header = vec!["point".to_string(), group.to_string()];
        header.extend(spec.parameters.iter().map(|p| p.name.clone()));
        header.extend(spec.outputs.iter().map(|o| o.name.clone()));
        let _ = w.write_record(&header);
        let k = spec.parameters.len();
        let per_group = match spec.method {
            Method::Morris { .. } => k + 1,
            Method::Sobol { .. } => saltelli::points_per_row(k),
        };
        for (p, values) in sp.values.iter().enumerate() {
            row.clear();
            row.int(p as u64).int((p / per_group) as u64);
            for (v, whole) in values.iter().zip(&sp.whole) {
                if *whole {
                    row.int(*v as i64);
                } else {
                    row.num(*v);
                }
            }
            for (series, _, _) in &analysis.outputs {
                row.num(series.y[p]);
            }
            let _ = w.write_byte_record(row.record());
        }
    });
    write_file(&dir.join(INDICES_FILE), &indices)?;
    write_file(&dir.join(OUTPUTS_FILE), &outputs)?;
    write_file(&dir.join(POINTS_FILE), &points)
}

/// The analysis as a console table: per output, its spread and whether it reverses, then
/// the parameters from the most to the least important.
pub fn render(sp: &SensitivityPlan, analysis: &Analysis) -> String {
    let spec = &sp.spec;
    let mut out = String::new();
    let width = spec
        .parameters
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(9)
        .max(9);
    let f = |v: f64| {
        if v.is_finite() {
            format!("{v:.3}")
        } else {
            "-".into()
        }
    };
    for (output, (_, s, indices)) in spec.outputs.iter().zip(&analysis.outputs) {
        let _ = writeln!(out, "{} ({})", output.name, measure_label(sp, output));
        let _ = writeln!(
            out,
            "  over the design: mean {}, from {} to {}; below 0 at {:.1}% of points; replication noise {} of its variance",
            f(s.mean),
            f(s.min),
            f(s.max),
            100.0 * s.below_zero,
            if s.noise_share.is_finite() {
                format!("{:.1}%", 100.0 * s.noise_share)
            } else {
                "unknown (one replication)".into()
            }
        );
        let mut order: Vec<usize> = (0..spec.parameters.len()).collect();
        match indices {
            Indices::Morris(ix) => {
                order.sort_by(|&a, &b| ix[b].mu_star.total_cmp(&ix[a].mu_star));
                let _ = writeln!(
                    out,
                    "  {:<width$}  {:>8}  {:>19}  {:>8}  {:>8}",
                    "parameter", "mu*", "95% interval", "mu", "sigma"
                );
                for i in order {
                    let m = &ix[i];
                    let _ = writeln!(
                        out,
                        "  {:<width$}  {:>8}  {:>19}  {:>8}  {:>8}",
                        spec.parameters[i].name,
                        f(m.mu_star),
                        format!("[{}, {}]", f(m.mu_star_interval.0), f(m.mu_star_interval.1)),
                        f(m.mu),
                        f(m.sigma)
                    );
                }
            }
            Indices::Sobol(ix) => {
                order.sort_by(|&a, &b| ix[b].st.total_cmp(&ix[a].st));
                let _ = writeln!(
                    out,
                    "  {:<width$}  {:>7}  {:>17}  {:>7}  {:>17}",
                    "parameter", "S1", "95% interval", "ST", "95% interval"
                );
                for i in order {
                    let x = &ix[i];
                    let _ = writeln!(
                        out,
                        "  {:<width$}  {:>7}  {:>17}  {:>7}  {:>17}",
                        spec.parameters[i].name,
                        f(x.s1),
                        format!("[{}, {}]", f(x.s1_interval.0), f(x.s1_interval.1)),
                        f(x.st),
                        format!("[{}, {}]", f(x.st_interval.0), f(x.st_interval.1)),
                    );
                }
            }
        }
        out.push('\n');
    }
    out
}
