//! Computing the statistics of a finished run: two passes over a result file (moments and
//! paired differences first, then the medians), grouped by condition and sweep point.

use super::estimators::{MedianFinder, Moments, t_interval, wilson};
use crate::error::{Error, Result};
use crate::record::columns::{IdColumn, MetricSet, PROCESS_METRICS};
use std::collections::HashMap;
use std::path::Path;

/// Column positions in `processes.csv`.
struct Layout {
    condition: usize,
    sweep: std::ops::Range<usize>,
    replication: usize,
    metrics: Vec<(usize, bool)>, // column, is a rate
}

fn layout(path: &Path, header: &csv::StringRecord, set: &MetricSet) -> Result<Layout> {
    let col = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            Error::input(format!("processes.csv has no `{name}` column"))
                .in_file(path)
                .at_line(Some(1))
        })
    };
    let condition = col(IdColumn::Condition.name())?;
    let replication = col(IdColumn::Replication.name())?;
    let mut metrics = Vec::new();
    for m in set.numeric {
        metrics.push((col(m.name)?, false));
    }
    for m in set.rates {
        metrics.push((col(m.name)?, true));
    }
    Ok(Layout {
        condition,
        sweep: condition + 1..replication,
        replication,
        metrics,
    })
}

fn metric_names(set: &MetricSet) -> Vec<&'static str> {
    set.all().map(|m| m.name).collect()
}

fn parse(path: &Path, rec: &csv::StringRecord, col: usize, rate: bool) -> Result<Option<f64>> {
    let line = rec.position().map(|p| p.line() as usize);
    let text = rec.get(col).ok_or_else(|| {
        Error::input("a row has fewer columns than the header")
            .in_file(path)
            .at_line(line)
    })?;
    if text.is_empty() {
        return Ok(None);
    }
    if rate {
        return match text {
            "true" => Ok(Some(1.0)),
            "false" => Ok(Some(0.0)),
            other => Err(
                Error::input(format!("expected true or false, found `{other}`"))
                    .in_file(path)
                    .at_line(line),
            ),
        };
    }
    text.parse::<f64>().map(Some).map_err(|_| {
        Error::input(format!("expected a number, found `{text}`"))
            .in_file(path)
            .at_line(line)
    })
}

fn reader(path: &Path) -> Result<csv::Reader<std::fs::File>> {
    csv::ReaderBuilder::new()
        .from_path(path)
        .map_err(|e| Error::input(format!("cannot read: {e}")).in_file(path))
}

fn records(
    path: &Path,
) -> Result<(
    csv::StringRecord,
    impl Iterator<Item = Result<csv::StringRecord>>,
)> {
    let mut r = reader(path)?;
    let header = r
        .headers()
        .map_err(|e| {
            Error::input(format!("cannot read the header: {e}"))
                .in_file(path)
                .at_line(Some(1))
        })?
        .clone();
    let p = path.to_path_buf();
    let iter = r.into_records().map(move |rec| {
        rec.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            Error::input(format!("damaged row: {e}"))
                .in_file(&p)
                .at_line(line)
        })
    });
    Ok((header, iter))
}

/// One group's summary of one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    /// Condition name.
    pub condition: String,
    /// Sweep values.
    pub sweep: Vec<String>,
    /// Metric.
    pub metric: &'static str,
    /// True for boolean metrics (mean is a rate, the interval Wilson's).
    pub rate: bool,
    /// Moments.
    pub moments: Moments,
    /// Median.
    pub median: f64,
}

impl SummaryRow {
    /// The 95% interval (t for means, Wilson for rates).
    pub fn interval(&self) -> (f64, f64) {
        if self.rate {
            wilson(
                self.moments.mean * self.moments.n as f64,
                self.moments.n as f64,
            )
        } else {
            t_interval(&self.moments)
        }
    }
}

/// One comparison of two conditions on one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct ComparisonRow {
    /// Sweep values.
    pub sweep: Vec<String>,
    /// First condition.
    pub a: String,
    /// Second condition.
    pub b: String,
    /// Metric.
    pub metric: &'static str,
    /// Statistics of a.
    pub stats_a: Moments,
    /// Statistics of b.
    pub stats_b: Moments,
    /// Paired differences a - b.
    pub diff: Moments,
}

impl ComparisonRow {
    /// 95% paired t-interval of the difference.
    pub fn interval(&self) -> (f64, f64) {
        t_interval(&self.diff)
    }

    /// Cohen's d_z: mean difference over the SD of differences.
    pub fn dz(&self) -> f64 {
        let sd = self.diff.sd();
        if self.diff.n < 2 || sd == 0.0 {
            f64::NAN
        } else {
            self.diff.mean / sd
        }
    }
}

/// Statistics of a whole run.
#[derive(Clone, Debug, Default)]
pub struct Statistics {
    /// Summary rows, groups in process order, metrics in column order.
    pub summary: Vec<SummaryRow>,
    /// Comparison rows.
    pub comparisons: Vec<ComparisonRow>,
    /// Sweep column names.
    pub sweep_keys: Vec<String>,
}

/// Computes statistics from `processes.csv`. `pairs` names the conditions to compare.
pub fn compute(path: &Path, pairs: &[(String, String)]) -> Result<Statistics> {
    compute_set(path, pairs, &PROCESS_METRICS)
}

/// Computes statistics of a metric set from its file. `pairs` names the conditions to compare.
pub fn compute_set(path: &Path, pairs: &[(String, String)], set: &MetricSet) -> Result<Statistics> {
    let names = metric_names(set);
    let (header, rows) = records(path)?;
    let lay = layout(path, &header, set)?;
    let sweep_keys: Vec<String> = lay.sweep.clone().map(|i| header[i].to_string()).collect();
    // Pass 1: moments per group, and paired differences per (sweep point, replication).
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    let mut index: HashMap<(String, Vec<String>), usize> = HashMap::new();
    let mut moments: Vec<Vec<Moments>> = Vec::new();
    let mut diffs: HashMap<(Vec<String>, usize), Vec<Moments>> = HashMap::new();
    let mut pending: Vec<(String, Vec<Option<f64>>)> = Vec::new();
    let mut pending_key: Option<(Vec<String>, String)> = None;
    let flush = |pending: &mut Vec<(String, Vec<Option<f64>>)>,
                 sweep: &[String],
                 diffs: &mut HashMap<(Vec<String>, usize), Vec<Moments>>| {
        for (p, (a, b)) in pairs.iter().enumerate() {
            let va = pending.iter().find(|(c, _)| c == a);
            let vb = pending.iter().find(|(c, _)| c == b);
            if let (Some((_, va)), Some((_, vb))) = (va, vb) {
                let entry = diffs
                    .entry((sweep.to_vec(), p))
                    .or_insert_with(|| vec![Moments::default(); va.len()]);
                for (m, (x, y)) in va.iter().zip(vb).enumerate() {
                    if let (Some(x), Some(y)) = (x, y) {
                        entry[m].push(x - y);
                    }
                }
            }
        }
        pending.clear();
    };
    let mut seen_any = false;
    for rec in rows {
        let rec = rec?;
        seen_any = true;
        let condition = rec.get(lay.condition).unwrap_or("").to_string();
        let sweep: Vec<String> = lay
            .sweep
            .clone()
            .map(|i| rec.get(i).unwrap_or("").to_string())
            .collect();
        let replication = rec.get(lay.replication).unwrap_or("").to_string();
        let key = (condition.clone(), sweep.clone());
        let g = *index.entry(key.clone()).or_insert_with(|| {
            groups.push(key);
            moments.push(vec![Moments::default(); names.len()]);
            groups.len() - 1
        });
        let mut values = Vec::with_capacity(names.len());
        for (m, &(col, rate)) in lay.metrics.iter().enumerate() {
            let v = parse(path, &rec, col, rate)?;
            if let Some(x) = v {
                moments[g][m].push(x);
            }
            values.push(v);
        }
        let pkey = (sweep.clone(), replication);
        if pending_key.as_ref() != Some(&pkey) {
            if let Some((s, _)) = &pending_key {
                let s = s.clone();
                flush(&mut pending, &s, &mut diffs);
            }
            pending_key = Some(pkey);
        }
        pending.push((condition, values));
    }
    if let Some((s, _)) = &pending_key {
        let s = s.clone();
        flush(&mut pending, &s, &mut diffs);
    }
    if !seen_any {
        return Err(Error::input("the file has no rows")
            .in_file(path)
            .at_line(Some(2)));
    }
    // Pass 2: histograms locate the median; pass 3 collects the values around it.
    let mut finders: Vec<Vec<MedianFinder>> = moments
        .iter()
        .map(|ms| ms.iter().map(MedianFinder::new).collect())
        .collect();
    for pass in 0..2 {
        let (_, rows) = records(path)?;
        for rec in rows {
            let rec = rec?;
            let condition = rec.get(lay.condition).unwrap_or("").to_string();
            let sweep: Vec<String> = lay
                .sweep
                .clone()
                .map(|i| rec.get(i).unwrap_or("").to_string())
                .collect();
            let Some(&g) = index.get(&(condition, sweep)) else {
                continue;
            };
            for (m, &(col, rate)) in lay.metrics.iter().enumerate() {
                if let Some(x) = parse(path, &rec, col, rate)? {
                    let f = &mut finders[g][m];
                    if pass == 0 {
                        f.count(x);
                    } else {
                        f.keep(x);
                    }
                }
            }
        }
        if pass == 0 {
            finders.iter_mut().flatten().for_each(MedianFinder::locate);
        }
    }
    let mut stats = Statistics {
        sweep_keys,
        ..Statistics::default()
    };
    // Summary rows: sweep point order, then condition order as first seen.
    for (g, (condition, sweep)) in groups.iter().enumerate() {
        for (m, name) in names.iter().enumerate() {
            stats.summary.push(SummaryRow {
                condition: condition.clone(),
                sweep: sweep.clone(),
                metric: name,
                rate: set.rates.iter().any(|r| r.name == *name),
                moments: moments[g][m],
                median: finders[g][m].median(),
            });
        }
    }
    let mut points: Vec<Vec<String>> = Vec::new();
    for (_, sweep) in &groups {
        if !points.contains(sweep) {
            points.push(sweep.clone());
        }
    }
    for sweep in &points {
        for (p, (a, b)) in pairs.iter().enumerate() {
            let (Some(&ga), Some(&gb)) = (
                index.get(&(a.clone(), sweep.clone())),
                index.get(&(b.clone(), sweep.clone())),
            ) else {
                continue;
            };
            let Some(d) = diffs.get(&(sweep.clone(), p)) else {
                continue;
            };
            for (m, name) in names.iter().enumerate() {
                stats.comparisons.push(ComparisonRow {
                    sweep: sweep.clone(),
                    a: a.clone(),
                    b: b.clone(),
                    metric: name,
                    stats_a: moments[ga][m],
                    stats_b: moments[gb][m],
                    diff: d[m],
                });
            }
        }
    }
    Ok(stats)
}
