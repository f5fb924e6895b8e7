//! Computing the statistics of a finished run: two passes over a result file (moments and
//! paired differences first, then the medians), grouped by condition and sweep point.

use super::estimators::{MedianFinder, Moments, PairTable, t_interval, wilson};
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

/// What a metric's values are, which decides its intervals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// True or false per row, summarised as a rate (Wilson's interval; a paired difference by
    /// Newcombe's).
    Boolean,
    /// A number in [0, 1], such as an organisation's win-win-win rate (a t-interval, cut to the
    /// range the mean can take: the cut interval covers the mean at least as often).
    Share,
    /// Any number (a t-interval).
    Number,
}

impl Scale {
    /// The scale of a metric of `set`.
    pub fn of(set: &MetricSet, name: &str) -> Scale {
        if set.rates.iter().any(|r| r.name == name) {
            Scale::Boolean
        } else if set.numeric.iter().any(|c| c.name == name && c.rate) {
            Scale::Share
        } else {
            Scale::Number
        }
    }
}

/// A t-interval cut to `[low, high]`.
fn t_interval_within(m: &Moments, low: f64, high: f64) -> (f64, f64) {
    let (lo, hi) = t_interval(m);
    (lo.max(low), hi.min(high))
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
    /// What its values are (a boolean's mean is a rate).
    pub scale: Scale,
    /// Moments.
    pub moments: Moments,
    /// Median.
    pub median: f64,
}

impl SummaryRow {
    /// The 95% interval: Wilson's for a rate, else a t-interval (within [0, 1] for a share).
    pub fn interval(&self) -> (f64, f64) {
        match self.scale {
            Scale::Boolean => wilson(
                self.moments.mean * self.moments.n as f64,
                self.moments.n as f64,
            ),
            Scale::Share => t_interval_within(&self.moments, 0.0, 1.0),
            Scale::Number => t_interval(&self.moments),
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
    /// What the metric's values are.
    pub scale: Scale,
    /// The pairs' 2 x 2 table (for a true-or-false metric; empty for others).
    pub pairs: PairTable,
}

impl ComparisonRow {
    /// 95% interval of the paired difference: Newcombe's for rates, else a paired t-interval
    /// (within [-1, 1] for shares).
    pub fn interval(&self) -> (f64, f64) {
        match self.scale {
            Scale::Boolean => self.pairs.interval(),
            Scale::Share => t_interval_within(&self.diff, -1.0, 1.0),
            Scale::Number => t_interval(&self.diff),
        }
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
    let mut diffs: HashMap<(Vec<String>, usize), Vec<(Moments, PairTable)>> = HashMap::new();
    let mut pending: Vec<(String, Vec<Option<f64>>)> = Vec::new();
    let mut pending_key: Option<(Vec<String>, String)> = None;
    let flush =
        |pending: &mut Vec<(String, Vec<Option<f64>>)>,
         sweep: &[String],
         diffs: &mut HashMap<(Vec<String>, usize), Vec<(Moments, PairTable)>>| {
            for (p, (a, b)) in pairs.iter().enumerate() {
                let va = pending.iter().find(|(c, _)| c == a);
                let vb = pending.iter().find(|(c, _)| c == b);
                if let (Some((_, va)), Some((_, vb))) = (va, vb) {
                    let entry = diffs
                        .entry((sweep.to_vec(), p))
                        .or_insert_with(|| vec![Default::default(); va.len()]);
                    for (m, (x, y)) in va.iter().zip(vb).enumerate() {
                        if let (Some(x), Some(y)) = (x, y) {
                            entry[m].0.push(x - y);
                            // The 2 x 2 table only means something for true-or-false values.
                            if lay.metrics[m].1 {
                                entry[m].1.push(*x, *y);
                            }
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
                scale: Scale::of(set, name),
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
                    diff: d[m].0,
                    scale: Scale::of(set, name),
                    pairs: d[m].1,
                });
            }
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::columns::ORGANISATION_METRICS;

    /// Each metric gets the interval its values call for: a rate Wilson's (Newcombe's when
    /// paired), a share a t-interval within its range, any other number a plain t-interval.
    #[test]
    fn a_metric_s_scale_decides_its_interval() {
        assert_eq!(Scale::of(&PROCESS_METRICS, "win_win_win"), Scale::Boolean);
        assert_eq!(Scale::of(&PROCESS_METRICS, "joint_utility"), Scale::Number);
        assert_eq!(
            Scale::of(&ORGANISATION_METRICS, "mean_win_win_win_rate"),
            Scale::Share
        );
        // Three organisations' rates near 0: a t-interval reaches below 0, the share's stops
        // there.
        let mut m = Moments::default();
        [0.0, 0.0, 0.1].iter().for_each(|&x| m.push(x));
        let row = |scale| SummaryRow {
            condition: "none".into(),
            sweep: vec![],
            metric: "mean_win_win_win_rate",
            scale,
            moments: m,
            median: 0.0,
        };
        assert!(row(Scale::Number).interval().0 < 0.0);
        let (lo, hi) = row(Scale::Share).interval();
        assert_eq!((lo, hi), (0.0, row(Scale::Number).interval().1));
    }
}
