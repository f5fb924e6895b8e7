//! Statistics of a finished run, computed by streaming over `processes.csv` (so they are the
//! same for a single run, a resumed run and merged shards, and memory does not grow with the
//! number of processes).
//!
//! - `summary.csv`: per condition x sweep point x metric: n, mean, sd, standard error,
//!   95% t-interval, median; for boolean metrics the rate with a 95% Wilson interval.
//! - `comparison.csv`: per compared pair of conditions x sweep point x metric: the difference
//!   of means with a paired 95% t-interval (replication r of every condition shares its random
//!   streams, so processes pair up), Cohen's d (pooled SD) and Cohen's d_z (paired).
//!
//! Quantiles of the t and normal distributions are rounded to 10 significant digits before use,
//! so that the statistics are bit-identical on every platform.

use crate::error::{Error, Result};
use crate::experiment::plan::{sweep_column, swept_key};
use crate::output::atomic::AtomicFile;
use crate::output::csv_row::Row;
use crate::record::columns::{
    ComparisonColumn, IdColumn, MetricSet, ORGANISATION_METRICS, PROCESS_METRICS, SummaryColumn,
};
use statrs::distribution::{ContinuousCDF, Normal, StudentsT};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;

/// Most bins of the histogram that locates the median; a group of n values gets at most n, so
/// that a sweep of thousands of points with few replications keeps its histograms small (the
/// median is exact whatever the number of bins: the values in its bins are kept).
const BINS: usize = 1024;

/// Running mean and variance, plus range. The mean is a compensated sum (Neumaier) divided by
/// the count, so that 195 agreements in 200 processes give 0.975, not 0.9749999999999998 as a
/// running mean would; the variance is Welford's.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moments {
    /// Count.
    pub n: u64,
    /// Mean.
    pub mean: f64,
    /// The sum of the values so far, and the low-order bits it lost.
    sum: f64,
    lost: f64,
    /// Welford's running mean, which `m2` is measured from.
    running: f64,
    m2: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
}

impl Moments {
    /// Adds a value.
    pub fn push(&mut self, x: f64) {
        if self.n == 0 {
            self.min = x;
            self.max = x;
        } else {
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
        self.n += 1;
        let d = x - self.running;
        self.running += d / self.n as f64;
        self.m2 += d * (x - self.running);
        let t = self.sum + x;
        self.lost += if self.sum.abs() >= x.abs() {
            (self.sum - t) + x
        } else {
            (x - t) + self.sum
        };
        self.sum = t;
        self.mean = (self.sum + self.lost) / self.n as f64;
    }

    /// Sample standard deviation (n - 1), 0 for fewer than two values.
    pub fn sd(&self) -> f64 {
        if self.n < 2 {
            0.0
        } else {
            (self.m2 / (self.n - 1) as f64).sqrt()
        }
    }

    /// Standard error of the mean.
    pub fn se(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sd() / (self.n as f64).sqrt()
        }
    }
}

fn round_sig(x: f64, digits: i32) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(digits - 1 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

/// Two-sided 95% critical value of Student's t with `df` degrees of freedom. Above 100,000
/// degrees of freedom it is the normal's (they agree to 5 digits there, and statrs's inverse
/// loses accuracy, and for infinite df never returns).
pub fn t_critical(df: f64) -> f64 {
    if df > 1e5 {
        return z_critical();
    }
    match StudentsT::new(0.0, 1.0, df) {
        Ok(t) => round_sig(t.inverse_cdf(0.975), 10),
        Err(_) => f64::NAN,
    }
}

/// Two-sided 95% critical value of the standard normal.
pub fn z_critical() -> f64 {
    Normal::new(0.0, 1.0).map_or(1.959963985, |n| round_sig(n.inverse_cdf(0.975), 10))
}

/// 95% t-interval of a mean: (low, high); NaN for fewer than two values.
pub fn t_interval(m: &Moments) -> (f64, f64) {
    if m.n < 2 {
        return (f64::NAN, f64::NAN);
    }
    let h = t_critical((m.n - 1) as f64) * m.se();
    (m.mean - h, m.mean + h)
}

/// 95% Wilson score interval of a proportion with `k` successes in `n` trials.
pub fn wilson(k: f64, n: f64) -> (f64, f64) {
    if n == 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let z = z_critical();
    let p = k / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    // At k = 0 and k = n the interval ends at 0 and 1 exactly; the formula misses them by
    // rounding (0.9999999999999999).
    let low = if k == 0.0 { 0.0 } else { centre - half };
    let high = if k == n { 1.0 } else { centre + half };
    (low, high)
}

/// Cohen's d with the pooled standard deviation.
pub fn cohens_d(a: &Moments, b: &Moments) -> f64 {
    if a.n < 2 || b.n < 2 {
        return f64::NAN;
    }
    let (na, nb) = (a.n as f64, b.n as f64);
    let pooled =
        (((na - 1.0) * a.sd().powi(2) + (nb - 1.0) * b.sd().powi(2)) / (na + nb - 2.0)).sqrt();
    if pooled == 0.0 {
        f64::NAN
    } else {
        (a.mean - b.mean) / pooled
    }
}

/// The median of values known to lie in a histogram: exact, from the values of the bins
/// holding the middle ranks. Those values are kept as counts per distinct value, so that a
/// metric with few distinct values (a rate, a round number) costs a few entries however many
/// processes share the middle bin.
#[derive(Clone, Debug)]
struct MedianFinder {
    counts: Vec<u64>,
    lo: f64,
    hi: f64,
    ranks: (u64, u64),
    bins: (usize, usize),
    below: (u64, u64),
    /// Values of the middle bins (by their total-order key) with how often each occurs.
    values: std::collections::BTreeMap<i64, u64>,
}

/// A key that orders like `f64::total_cmp`; [`from_order_key`] undoes it.
fn order_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

fn from_order_key(key: i64) -> f64 {
    f64::from_bits((key ^ (((key >> 63) as u64) >> 1) as i64) as u64)
}

impl MedianFinder {
    fn new(m: &Moments) -> MedianFinder {
        MedianFinder {
            counts: vec![0; (m.n as usize).clamp(1, BINS)],
            lo: m.min,
            hi: m.max,
            ranks: ((m.n.saturating_sub(1)) / 2, m.n / 2),
            bins: (0, 0),
            below: (0, 0),
            values: std::collections::BTreeMap::new(),
        }
    }

    /// Keeps a value if it lies in one of the middle bins.
    fn keep(&mut self, x: f64) {
        let b = self.bin(x);
        if b >= self.bins.0 && b <= self.bins.1 {
            *self.values.entry(order_key(x)).or_insert(0) += 1;
        }
    }

    fn bin(&self, x: f64) -> usize {
        if self.hi <= self.lo {
            return 0;
        }
        let bins = self.counts.len();
        (((x - self.lo) / (self.hi - self.lo) * bins as f64) as usize).min(bins - 1)
    }

    fn locate(&mut self) {
        let find = |rank: u64| {
            let mut acc = 0;
            for (b, &c) in self.counts.iter().enumerate() {
                if acc + c > rank {
                    return (b, acc);
                }
                acc += c;
            }
            (self.counts.len() - 1, acc)
        };
        let (b0, a0) = find(self.ranks.0);
        let (b1, a1) = find(self.ranks.1);
        self.bins = (b0, b1);
        self.below = (a0, a1);
    }

    fn median(&mut self) -> f64 {
        // `values` holds the values of bins b0..=b1 in order; rank r sits at r - below(b0).
        let at = |i: u64| {
            let mut seen = 0;
            for (&key, &count) in &self.values {
                seen += count;
                if seen > i {
                    return Some(from_order_key(key));
                }
            }
            None
        };
        match (
            at(self.ranks.0 - self.below.0),
            at(self.ranks.1 - self.below.0),
        ) {
            (Some(a), Some(b)) => (a + b) / 2.0,
            _ => f64::NAN,
        }
    }
}

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
                        let b = f.bin(x);
                        f.counts[b] += 1;
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

/// Writes `summary.csv` and `comparison.csv` atomically.
pub fn write(dir: &Path, stats: &Statistics) -> Result<()> {
    let header = |first: &[&str], rest: &mut dyn Iterator<Item = &'static str>| -> Vec<String> {
        let mut h: Vec<String> = first.iter().map(|s| s.to_string()).collect();
        h.extend(stats.sweep_keys.iter().cloned());
        h.extend(rest.map(String::from));
        h
    };
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut row = Row::new();
    let _ = w.write_record(header(
        &[SummaryColumn::Condition.name()],
        &mut SummaryColumn::AFTER_SWEEP
            .into_iter()
            .map(SummaryColumn::name),
    ));
    for s in &stats.summary {
        row.clear();
        row.text(&s.condition);
        s.sweep.iter().for_each(|v| {
            row.text(v);
        });
        let (lo, hi) = s.interval();
        // Without a single value (a metric left empty in every run, such as the cycles to a
        // collaborative culture that was never reached) there is nothing to summarise, and
        // without two no spread (the interval is NaN then, written empty).
        let known = |x: f64| (s.moments.n > 0).then_some(x);
        let spread = |x: f64| (s.moments.n > 1).then_some(x);
        row.text(s.metric)
            .text(if s.rate { "rate" } else { "mean" })
            .int(s.moments.n)
            .opt(known(s.moments.mean))
            .opt(spread(s.moments.sd()))
            .opt(spread(s.moments.se()))
            .num(lo)
            .num(hi)
            .opt(known(s.median));
        let _ = w.write_byte_record(row.record());
    }
    save(dir, "summary.csv", w)?;
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let _ = w.write_record(header(
        &[],
        &mut ComparisonColumn::ALL
            .into_iter()
            .map(ComparisonColumn::name),
    ));
    for c in &stats.comparisons {
        row.clear();
        c.sweep.iter().for_each(|v| {
            row.text(v);
        });
        let (lo, hi) = c.interval();
        let known = |m: &Moments, x: f64| (m.n > 0).then_some(x);
        row.text(&c.a)
            .text(&c.b)
            .text(c.metric)
            .int(c.diff.n)
            .opt(known(&c.stats_a, c.stats_a.mean))
            .opt(known(&c.stats_b, c.stats_b.mean))
            .opt(known(&c.diff, c.diff.mean))
            .opt((c.diff.n > 1).then(|| c.diff.se()))
            .num(lo)
            .num(hi)
            .num(cohens_d(&c.stats_a, &c.stats_b))
            .num(c.dz());
        let _ = w.write_byte_record(row.record());
    }
    save(dir, "comparison.csv", w)
}

fn save(dir: &Path, name: &str, w: csv::Writer<Vec<u8>>) -> Result<()> {
    let path = dir.join(name);
    let bytes = w.into_inner().map_err(|e| Error::io(&path, e.error()))?;
    let mut f = AtomicFile::create(&path)?;
    f.write_all(&bytes).map_err(|e| Error::io(&path, &e))?;
    f.commit()
}

/// The summary rows by condition, sweep point and metric, and the condition-and-point groups
/// in the order they first appear: built in one pass, so the stdout tables take time linear
/// in the rows even for sweeps of thousands of points.
struct SummaryIndex<'a> {
    groups: Vec<(&'a str, &'a [String])>,
    rows: HashMap<(&'a str, &'a [String], &'a str), &'a SummaryRow>,
}

impl<'a> SummaryIndex<'a> {
    fn new(stats: &'a Statistics) -> SummaryIndex<'a> {
        let mut seen = HashSet::new();
        let mut index = SummaryIndex {
            groups: Vec::new(),
            rows: HashMap::with_capacity(stats.summary.len()),
        };
        for s in &stats.summary {
            let group = (s.condition.as_str(), s.sweep.as_slice());
            if seen.insert(group) {
                index.groups.push(group);
            }
            index.rows.entry((group.0, group.1, s.metric)).or_insert(s);
        }
        index
    }

    /// The first row of a condition at a sweep point for a metric.
    fn get(&self, condition: &str, sweep: &[String], metric: &str) -> Option<&'a SummaryRow> {
        self.rows.get(&(condition, sweep, metric)).copied()
    }
}

/// The label of a condition at a sweep point in the stdout tables: every swept key's value in a
/// grid; one axis at a time, only the varied key's value (the others sit at their base values,
/// which the CSV columns keep).
fn row_label(stats: &Statistics, condition: &str, sweep: &[String]) -> String {
    let mut label = condition.to_string();
    let varied = stats
        .sweep_keys
        .first()
        .filter(|k| k.as_str() == "varied")
        .and_then(|_| sweep.first());
    for (k, v) in stats.sweep_keys.iter().zip(sweep) {
        if varied.is_none_or(|key| sweep_column(key) == *k) {
            // The key as the experiment file wrote it (`case`, not its column `sweep.case`).
            label.push_str(&format!("  {}={v}", swept_key(k)));
        }
    }
    label
}

/// A readable table of the key results of an organisation experiment: per condition the
/// final and mean win-win-win rates, the culture reached and the cost; per compared pair the
/// difference in win-win-win rate and that difference per 1,000 units of extra cost.
pub fn render_organisations(stats: &Statistics) -> String {
    let mut out = String::new();
    let index = SummaryIndex::new(stats);
    let get = |condition: &str, sweep: &[String], metric: &str| {
        index
            .get(condition, sweep, metric)
            .filter(|s| s.moments.n > 0)
            .map_or(f64::NAN, |s| s.moments.mean)
    };
    let label = |condition: &str, sweep: &[String]| row_label(stats, condition, sweep);
    let groups = &index.groups;
    let pairs: Vec<&ComparisonRow> = stats
        .comparisons
        .iter()
        .filter(|c| c.metric == "mean_win_win_win_rate")
        .collect();
    let pair_label = |c: &ComparisonRow| format!("{} - {}", label(&c.a, &c.sweep), c.b);
    let width = groups
        .iter()
        .map(|(c, s)| label(c, s).len())
        .chain(pairs.iter().map(|c| pair_label(c).len()))
        .max()
        .unwrap_or(9)
        .max(26);
    out.push_str(&format!(
        "{:<width$}  {:>10}  {:>9}  {:>16}  {:>15}  {:>10}\n",
        "condition", "final www", "mean www", "collaborativeness", "cycles to reach", "total cost"
    ));
    for &(c, s) in groups {
        let reach = get(c, s, "cycles_to_collaborative");
        out.push_str(&format!(
            "{:<width$}  {:>9.0}%  {:>8.0}%  {:>16.2}  {:>15}  {:>10.0}\n",
            label(c, s),
            100.0 * get(c, s, "final_win_win_win_rate"),
            100.0 * get(c, s, "mean_win_win_win_rate"),
            get(c, s, "final_collaborativeness"),
            if reach.is_nan() {
                "not reached".to_string()
            } else {
                format!("{reach:.0}")
            },
            get(c, s, "total_cost"),
        ));
    }
    if !pairs.is_empty() {
        out.push_str(&format!(
            "\n{:<width$}  {:>22}  {:>22}\n",
            "comparison (paired)", "win-win-win (mean, pp)", "pp per 1,000 cost"
        ));
        // The gain per cost difference reads the same whichever condition of a pair comes
        // first (without `compare`, pairs run in file order, e.g. none - all).
        for c in pairs {
            let extra = get(&c.a, &c.sweep, "total_cost") - get(&c.b, &c.sweep, "total_cost");
            let per = if extra != 0.0 && extra.is_finite() {
                format!("{:+.1}", 100_000.0 * c.diff.mean / extra)
            } else {
                "n/a".to_string()
            };
            out.push_str(&format!(
                "{:<width$}  {:>22}  {:>22}\n",
                pair_label(c),
                format!("{:+.1}", 100.0 * c.diff.mean),
                per
            ));
        }
    }
    out
}

/// A readable table of the key results, for stdout.
pub fn render(stats: &Statistics) -> String {
    let mut out = String::new();
    let index = SummaryIndex::new(stats);
    let labels: Vec<(String, (&str, &[String]))> = index
        .groups
        .iter()
        .map(|&(c, s)| (row_label(stats, c, s), (c, s)))
        .collect();
    let width = labels
        .iter()
        .map(|(l, _)| l.len())
        .max()
        .unwrap_or(9)
        .max(9);
    out.push_str(&format!(
        "{:<width$}  {:>6}  {:>15}  {:>15}  {:>19}  {:>12}\n",
        "condition", "n", "agreement", "win-win-win", "joint utility", "rounds"
    ));
    for (l, (condition, sweep)) in &labels {
        let get = |metric: &str| index.get(condition, sweep, metric);
        let (Some(agreed), Some(www), Some(joint), Some(rounds)) = (
            get("agreed"),
            get("win_win_win"),
            get("joint_utility"),
            get("rounds"),
        ) else {
            continue;
        };
        let pct = |s: &SummaryRow| {
            let (lo, hi) = s.interval();
            format!(
                "{:>4.0}% [{:>2.0}-{:>3.0}]",
                100.0 * s.moments.mean,
                100.0 * lo,
                100.0 * hi
            )
        };
        // A mean of one value has no interval.
        let joint_text = match joint.interval() {
            (jl, jh) if jl.is_nan() || jh.is_nan() => format!("{:>6.3} [n/a]", joint.moments.mean),
            (jl, jh) => format!("{:>6.3} [{jl:.3}-{jh:.3}]", joint.moments.mean),
        };
        out.push_str(&format!(
            "{:<width$}  {:>6}  {:>15}  {:>15}  {:>19}  {:>12.1}\n",
            l,
            agreed.moments.n,
            pct(agreed),
            pct(www),
            joint_text,
            rounds.moments.mean
        ));
    }
    let shown: Vec<&ComparisonRow> = stats
        .comparisons
        .iter()
        .filter(|c| c.metric == "joint_utility" || c.metric == "win_win_win")
        .collect();
    if !shown.is_empty() {
        let label = |c: &ComparisonRow| {
            let pair = format!("{} - {}", c.a, c.b);
            format!("{} : {}", row_label(stats, &pair, &c.sweep), c.metric)
        };
        let width = shown
            .iter()
            .map(|c| label(c).len())
            .max()
            .unwrap_or(0)
            .max(34);
        out.push_str(&format!(
            "\n{:<width$}  {:>27}  {:>6}\n",
            "comparison (paired by replication)", "difference [95% CI]", "d"
        ));
        for c in shown {
            let (lo, hi) = c.interval();
            let d = cohens_d(&c.stats_a, &c.stats_b);
            let d = if d.is_finite() {
                format!("{d:>+6.2}")
            } else {
                format!("{:>6}", "n/a")
            };
            let difference = if lo.is_nan() || hi.is_nan() {
                format!("{:+.3} [n/a]", c.diff.mean)
            } else {
                format!("{:+.3} [{lo:+.3}, {hi:+.3}]", c.diff.mean)
            };
            out.push_str(&format!("{:<width$}  {difference:>27}  {d}\n", label(c)));
        }
    }
    out
}

/// Computes and writes the statistics of a finished run (or merged shards) in `dir`.
pub fn summarise(dir: &Path, plan: &crate::experiment::plan::Plan) -> Result<Statistics> {
    let pairs: Vec<(String, String)> = plan
        .file
        .comparisons()
        .into_iter()
        .map(|(a, b)| {
            (
                plan.file.conditions[a].name.clone(),
                plan.file.conditions[b].name.clone(),
            )
        })
        .collect();
    let set = if plan.is_organisation() {
        ORGANISATION_METRICS
    } else {
        PROCESS_METRICS
    };
    let statistics = compute_set(&dir.join(set.file), &pairs, &set)?;
    write(dir, &statistics)?;
    Ok(statistics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moments(xs: &[f64]) -> Moments {
        let mut m = Moments::default();
        xs.iter().for_each(|&x| m.push(x));
        m
    }

    #[test]
    fn a_rate_is_its_count_over_n_to_the_last_bit() {
        // 195 agreements in 200: a running mean drifts to 0.9749999999999998.
        let rate = moments(&[&[1.0; 195][..], &[0.0; 5][..]].concat());
        assert_eq!(rate.mean, 0.975);
        assert_eq!(rate.mean * 200.0, 195.0);
        // The compensated sum keeps what a plain one loses.
        assert_eq!(moments(&[1e16, 1.0, -1e16]).mean, 1.0 / 3.0);
        assert_eq!(moments(&[0.1; 10]).mean, 0.1);
    }

    #[test]
    fn mean_sd_and_t_interval_match_hand_computation() {
        let m = moments(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(m.n, 5);
        assert!((m.mean - 3.0).abs() < 1e-15);
        assert!((m.sd() - 2.5f64.sqrt()).abs() < 1e-15); // sum of squares 10 over 4
        assert!((m.se() - 0.5f64.sqrt()).abs() < 1e-15);
        // t(0.975, 4) = 2.776445105 (tables): 3 -+ 2.776445105 * 0.707106781
        assert!((t_critical(4.0) - 2.776445105).abs() < 1e-9);
        let (lo, hi) = t_interval(&m);
        assert!(
            (lo - 1.036756).abs() < 1e-6 && (hi - 4.963244).abs() < 1e-6,
            "{lo} {hi}"
        );
        assert!(
            t_interval(&moments(&[7.0])).0.is_nan(),
            "no interval from one value"
        );
    }

    #[test]
    fn wilson_interval_matches_hand_computation() {
        // 8 successes in 10: p = 0.8, z = 1.959964; centre (0.8 + z^2/20) / (1 + z^2/10)
        let (lo, hi) = wilson(8.0, 10.0);
        assert!(
            (lo - 0.490162).abs() < 1e-6 && (hi - 0.943318).abs() < 1e-6,
            "{lo} {hi}"
        );
        let (lo, hi) = wilson(0.0, 20.0);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.161125).abs() < 1e-6, "{hi}");
        let (lo, hi) = wilson(200.0, 200.0);
        assert!((lo - 0.981155).abs() < 1e-6, "{lo}");
        assert_eq!(hi, 1.0);
    }

    #[test]
    fn cohens_d_uses_the_pooled_sd() {
        let a = moments(&[2.0, 4.0, 6.0]);
        let b = moments(&[1.0, 3.0, 5.0]);
        assert!((cohens_d(&a, &b) - 0.5).abs() < 1e-15); // difference 1, pooled sd 2
        assert!(cohens_d(&moments(&[1.0]), &b).is_nan());
    }

    #[test]
    fn order_keys_sort_like_total_cmp_and_round_trip() {
        let xs = [
            -f64::INFINITY,
            -2.5,
            -0.0,
            0.0,
            1e-300,
            0.5,
            3.0,
            f64::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(order_key(w[0]) < order_key(w[1]), "{w:?}");
        }
        for &x in &xs {
            assert_eq!(from_order_key(order_key(x)).to_bits(), x.to_bits());
        }
    }

    #[test]
    fn a_median_of_many_equal_values_is_exact() {
        // Rates: 0 and 1 only; 7 of 12 are 1, so the middle ranks (5 and 6) are both 1.
        let xs: Vec<f64> = (0..12).map(|i| if i < 5 { 0.0 } else { 1.0 }).collect();
        let m = moments(&xs);
        let mut f = MedianFinder::new(&m);
        xs.iter().for_each(|&x| {
            let b = f.bin(x);
            f.counts[b] += 1;
        });
        f.locate();
        xs.iter().for_each(|&x| f.keep(x));
        assert_eq!(
            f.values.len(),
            1,
            "one entry for the middle bin's single value"
        );
        assert_eq!(f.median(), 1.0);
        // Six and six: the median lies between 0 and 1.
        let xs: Vec<f64> = (0..12).map(|i| if i < 6 { 0.0 } else { 1.0 }).collect();
        let mut f = MedianFinder::new(&moments(&xs));
        xs.iter().for_each(|&x| {
            let b = f.bin(x);
            f.counts[b] += 1;
        });
        f.locate();
        xs.iter().for_each(|&x| f.keep(x));
        assert_eq!(f.median(), 0.5);
    }

    #[test]
    fn the_histogram_median_is_exact() {
        let xs = [5.0, 1.0, 4.0, 2.0, 3.0, 100.0];
        let m = moments(&xs);
        let mut f = MedianFinder::new(&m);
        for &x in &xs {
            let b = f.bin(x);
            f.counts[b] += 1;
        }
        f.locate();
        xs.iter().for_each(|&x| f.keep(x));
        assert_eq!(f.median(), 3.5);
    }
}
