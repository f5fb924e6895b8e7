//! Measures a finding's checks on a finished run: reads `processes.csv` (and `stakeholders.csv`
//! for terms about one stakeholder), forms each check's contrast and its 95% interval.
//!
//! Conditions of one experiment share their random streams per replication (common random
//! numbers), so when every term has a value for the same replications the contrast is formed
//! per replication and gets a paired t-interval. When a filter (`among`) leaves different
//! replications in different terms, the interval is Welch's, with Welch-Satterthwaite degrees
//! of freedom; this treats the terms as independent samples, which they are only
//! approximately (their processes share random streams), so such an interval may be somewhat
//! too narrow or too wide. A single term of shares (values 0 or 1) gets a Wilson score
//! interval, which stays honest for a small sample or an all-or-nothing share.

use crate::error::{Error, Result};
use crate::experiment::finding::{Among, Check, Expect, Finding, Statistic};
use crate::experiment::stats::estimators::{Moments, t_critical, t_interval, wilson};
use crate::record::columns::{IdColumn, ProcessColumn, StakeholderColumn};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A check's estimate with its 95% interval.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckEstimate {
    /// The contrast.
    pub value: f64,
    /// Lower end of the 95% interval.
    pub low: f64,
    /// Upper end.
    pub high: f64,
    /// Smallest number of processes behind any term.
    pub n: u64,
    /// How the interval was computed.
    pub interval: Interval,
    /// Cohen's d of the contrast: the estimate over the terms' pooled standard deviation, or
    /// for a single term its distance from `than` over its standard deviation (NaN without
    /// spread); see [`effect_size`].
    pub effect_size: f64,
}

/// How a check's 95% interval was computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interval {
    /// t-interval of the per-replication contrasts (the terms cover the same replications,
    /// which share their random streams).
    PairedT,
    /// t-interval of one term's mean.
    OneSampleT,
    /// Wilson score interval of one term's share (every value 0 or 1).
    Wilson,
    /// Welch's interval, the terms taken as independent samples (they cover different
    /// processes, e.g. agreements only).
    Welch,
    /// No interval: too few values.
    None,
}

impl Interval {
    /// Key in validation.csv.
    pub fn key(self) -> &'static str {
        match self {
            Interval::PairedT => "paired_t",
            Interval::OneSampleT => "one_sample_t",
            Interval::Wilson => "wilson",
            Interval::Welch => "welch",
            Interval::None => "none",
        }
    }

    /// Words for the report.
    pub fn label(self) -> &'static str {
        match self {
            Interval::PairedT => "paired t",
            Interval::OneSampleT => "t",
            Interval::Wilson => "Wilson",
            Interval::Welch => "Welch",
            Interval::None => "none",
        }
    }
}

/// The verdict on one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    /// The interval lies on the expected side.
    pub direction: bool,
    /// The estimate lies in the source's range (`None` when the source gives no size).
    pub size: Option<bool>,
}

impl Verdict {
    /// Direction and (where given) size hold.
    pub fn pass(&self) -> bool {
        self.direction && self.size != Some(false)
    }
}

/// Judges an estimate against a check.
pub fn judge(check: &Check, e: &CheckEstimate) -> Verdict {
    let direction = match check.expect {
        Expect::Above => e.low > check.than,
        Expect::Below => e.high < check.than,
    };
    let size = check.size.map(|[lo, hi]| e.value >= lo && e.value <= hi);
    Verdict { direction, size }
}

/// One process as far as the checks need it.
struct ProcessRow {
    condition: String,
    replication: u64,
    agreed: bool,
    values: Vec<f64>,
}

/// The columns of a run that a finding's checks read.
struct RunData {
    processes: BTreeMap<u64, ProcessRow>,
    process_metrics: Vec<String>,
    /// Stakeholder key -> process id -> values of `stakeholder_metrics`.
    stakeholders: HashMap<String, HashMap<u64, Vec<f64>>>,
    stakeholder_metrics: Vec<String>,
}

fn value_of(path: &Path, line: Option<usize>, column: &str, text: &str) -> Result<f64> {
    match text {
        "" => Ok(f64::NAN),
        "true" => Ok(1.0),
        "false" => Ok(0.0),
        t => t.parse::<f64>().map_err(|_| {
            Error::input(format!("`{column}`: expected a number, found `{t}`"))
                .in_file(path)
                .at_line(line)
        }),
    }
}

/// Streams a CSV file's rows: for each, the text of the `fixed` columns and the numbers of the
/// `metrics` columns (true/false as 1/0, empty as NaN).
pub fn read_table(
    path: &Path,
    fixed: &[&str],
    metrics: &[String],
    mut row: impl FnMut(&[&str], Vec<f64>) -> Result<()>,
) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .from_path(path)
        .map_err(|e| Error::input(format!("cannot read: {e}")).in_file(path))?;
    let header = reader
        .headers()
        .map_err(|e| Error::input(format!("cannot read the header: {e}")).in_file(path))?
        .clone();
    let col = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            Error::input(format!("no `{name}` column"))
                .in_file(path)
                .at_line(Some(1))
        })
    };
    let fixed_cols: Vec<usize> = fixed.iter().map(|c| col(c)).collect::<Result<_>>()?;
    let metric_cols: Vec<usize> = metrics.iter().map(|c| col(c)).collect::<Result<_>>()?;
    for record in reader.records() {
        let record = record.map_err(|e| {
            Error::input(format!("damaged row: {e}"))
                .in_file(path)
                .at_line(e.position().map(|p| p.line() as usize))
        })?;
        let line = record.position().map(|p| p.line() as usize);
        let field = |c: usize| record.get(c).unwrap_or("");
        let fixed_values: Vec<&str> = fixed_cols.iter().map(|&c| field(c)).collect();
        let values = metric_cols
            .iter()
            .zip(metrics)
            .map(|(&c, name)| value_of(path, line, name, field(c)))
            .collect::<Result<Vec<f64>>>()?;
        row(&fixed_values, values)?;
    }
    Ok(())
}

fn parse_int(path: &Path, what: &str, text: &str) -> Result<u64> {
    text.parse().map_err(|_| {
        Error::input(format!("`{what}`: expected a whole number, found `{text}`")).in_file(path)
    })
}

impl RunData {
    fn read(dir: &Path, finding: &Finding) -> Result<RunData> {
        let mut process_metrics: Vec<String> = Vec::new();
        let mut stakeholder_metrics: Vec<String> = Vec::new();
        for check in &finding.checks {
            for term in &check.terms {
                let list = if term.stakeholder.is_some() {
                    &mut stakeholder_metrics
                } else {
                    &mut process_metrics
                };
                let m = term.metric(check).to_string();
                if !list.contains(&m) {
                    list.push(m);
                }
            }
        }
        let mut processes = BTreeMap::new();
        let path = dir.join("processes.csv");
        read_table(
            &path,
            &[
                IdColumn::ProcessId.name(),
                IdColumn::Condition.name(),
                IdColumn::Replication.name(),
                ProcessColumn::Agreed.column().name,
            ],
            &process_metrics,
            |fixed, values| {
                let id = parse_int(&path, IdColumn::ProcessId.name(), fixed[0])?;
                processes.insert(
                    id,
                    ProcessRow {
                        condition: fixed[1].to_string(),
                        replication: parse_int(&path, IdColumn::Replication.name(), fixed[2])?,
                        agreed: fixed[3] == "true",
                        values,
                    },
                );
                Ok(())
            },
        )?;
        let mut stakeholders: HashMap<String, HashMap<u64, Vec<f64>>> = HashMap::new();
        if !stakeholder_metrics.is_empty() {
            let path = dir.join("stakeholders.csv");
            read_table(
                &path,
                &[
                    IdColumn::ProcessId.name(),
                    StakeholderColumn::Stakeholder.column().name,
                ],
                &stakeholder_metrics,
                |fixed, values| {
                    let id = parse_int(&path, IdColumn::ProcessId.name(), fixed[0])?;
                    match stakeholders.get_mut(fixed[1]) {
                        Some(rows) => {
                            rows.insert(id, values);
                        }
                        None => {
                            stakeholders
                                .insert(fixed[1].to_string(), HashMap::from([(id, values)]));
                        }
                    }
                    Ok(())
                },
            )?;
        }
        Ok(RunData {
            processes,
            process_metrics,
            stakeholders,
            stakeholder_metrics,
        })
    }

    /// A term's values by replication.
    fn series(&self, check: &Check, t: usize) -> Result<BTreeMap<u64, f64>> {
        let term = &check.terms[t];
        let metric = term.metric(check);
        // Where the term's value sits: a process column, or a stakeholder's column by process.
        let missing = || Error::input(format!("the run did not read `{metric}`"));
        let source = match &term.stakeholder {
            None => Source::Process(
                self.process_metrics
                    .iter()
                    .position(|m| m == metric)
                    .ok_or_else(missing)?,
            ),
            Some(key) => {
                let column = self
                    .stakeholder_metrics
                    .iter()
                    .position(|m| m == metric)
                    .ok_or_else(missing)?;
                let rows = self.stakeholders.get(key.as_str()).ok_or_else(|| {
                    Error::input(format!(
                        "condition `{}` has no stakeholder `{key}`",
                        term.condition
                    ))
                    .with_hint(
                        "stakeholder keys are those of the case (s1, s2, ... in generated cases)",
                    )
                })?;
                Source::Stakeholder(rows, column)
            }
        };
        let mut out = BTreeMap::new();
        let mut seen_condition = false;
        for (id, p) in &self.processes {
            if p.condition != term.condition {
                continue;
            }
            seen_condition = true;
            let keep = match check.among {
                Among::All => true,
                Among::Agreements => p.agreed,
                Among::Impasses => !p.agreed,
            };
            if !keep {
                continue;
            }
            let x = match source {
                Source::Process(c) => p.values[c],
                Source::Stakeholder(rows, c) => match rows.get(id) {
                    Some(v) => v[c],
                    None => {
                        return Err(Error::input(format!(
                            "condition `{}` has no stakeholder `{}`",
                            term.condition,
                            term.stakeholder.as_deref().unwrap_or_default()
                        )));
                    }
                },
            };
            if x.is_nan() {
                continue;
            }
            let x = match check.statistic {
                Statistic::Mean => x,
                Statistic::SharePositive => f64::from(u8::from(x > 0.0)),
            };
            out.insert(p.replication, x);
        }
        if !seen_condition {
            return Err(Error::input(format!(
                "the run has no processes of condition `{}`",
                term.condition
            )));
        }
        Ok(out)
    }
}

/// Where a term reads its value.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// Column of the process row.
    Process(usize),
    /// The stakeholder's rows by process id, and the column.
    Stakeholder(&'a HashMap<u64, Vec<f64>>, usize),
}

/// Estimates every check of a finding from the run in `dir`.
pub fn measure(dir: &Path, finding: &Finding) -> Result<Vec<CheckEstimate>> {
    let data = RunData::read(dir, finding)?;
    finding
        .checks
        .iter()
        .map(|check| {
            let series = (0..check.terms.len())
                .map(|t| data.series(check, t))
                .collect::<Result<Vec<_>>>()?;
            Ok(contrast(check, &series))
        })
        .collect()
}

/// The contrast of the terms' series: paired when they cover the same replications, a Wilson
/// interval for a single term of shares (a zero-variance t-interval would claim certainty from
/// a handful of processes), Welch's interval otherwise.
fn contrast(check: &Check, series: &[BTreeMap<u64, f64>]) -> CheckEstimate {
    let mut e = interval(check, series);
    e.effect_size = effect_size(check, series, e.value);
    e
}

/// Cohen's d of a check's estimate: `(estimate - than) / pooled sd`, the standard deviation
/// pooled over the terms' values with weights `n_t - 1` (for a single term, its own). For a
/// difference of two conditions this is Cohen's d with the pooled SD (between-condition
/// spread, as published effect sizes are), not d_z of the paired differences; for a weighted
/// contrast of several conditions it is the contrast in units of that SD. NaN when no term has
/// two values or there is no spread.
pub fn effect_size(check: &Check, series: &[BTreeMap<u64, f64>], estimate: f64) -> f64 {
    let (mut sum_sq, mut df) = (0.0, 0.0);
    for s in series {
        let mut m = Moments::default();
        s.values().for_each(|&x| m.push(x));
        if m.n >= 2 {
            sum_sq += (m.n - 1) as f64 * m.sd().powi(2);
            df += (m.n - 1) as f64;
        }
    }
    let sd = if df > 0.0 { (sum_sq / df).sqrt() } else { 0.0 };
    if sd > 0.0 && estimate.is_finite() {
        let scale = match series {
            [_] => check.terms[0].weight.abs(),
            _ => 1.0,
        };
        (estimate - check.than) / (scale * sd)
    } else {
        f64::NAN
    }
}

/// The estimate and its interval (see [`contrast`]).
fn interval(check: &Check, series: &[BTreeMap<u64, f64>]) -> CheckEstimate {
    let weights: Vec<f64> = check.terms.iter().map(|t| t.weight).collect();
    let n = series.iter().map(|s| s.len() as u64).min().unwrap_or(0);
    let none = |value: f64| CheckEstimate {
        value: if n == 0 { f64::NAN } else { value },
        low: f64::NAN,
        high: f64::NAN,
        n,
        interval: Interval::None,
        effect_size: f64::NAN,
    };
    let same = series
        .windows(2)
        .all(|w| w[0].len() == w[1].len() && w[0].keys().eq(w[1].keys()));
    if same && series.len() > 1 {
        let mut m = Moments::default();
        for r in series[0].keys() {
            m.push(series.iter().zip(&weights).map(|(s, w)| w * s[r]).sum());
        }
        if m.n < 2 {
            return none(m.mean);
        }
        let (low, high) = t_interval(&m);
        return CheckEstimate {
            value: m.mean,
            low,
            high,
            n,
            interval: Interval::PairedT,
            effect_size: f64::NAN,
        };
    }
    if let [only] = series
        && !only.is_empty()
        && only.values().all(|&x| x == 0.0 || x == 1.0)
    {
        let k = only.values().sum::<f64>();
        let (lo, hi) = wilson(k, only.len() as f64);
        let w = weights[0];
        return CheckEstimate {
            value: w * k / only.len() as f64,
            low: (w * lo).min(w * hi),
            high: (w * lo).max(w * hi),
            n,
            interval: Interval::Wilson,
            effect_size: f64::NAN,
        };
    }
    let moments: Vec<Moments> = series
        .iter()
        .map(|s| {
            let mut m = Moments::default();
            s.values().for_each(|&x| m.push(x));
            m
        })
        .collect();
    let value: f64 = moments.iter().zip(&weights).map(|(m, w)| w * m.mean).sum();
    if moments.iter().any(|m| m.n < 2) {
        return none(value);
    }
    let parts: Vec<f64> = moments
        .iter()
        .zip(&weights)
        .map(|(m, w)| w * w * m.sd().powi(2) / m.n as f64)
        .collect();
    let var: f64 = parts.iter().sum();
    let df_denominator: f64 = parts
        .iter()
        .zip(&moments)
        .map(|(p, m)| p * p / (m.n - 1) as f64)
        .sum();
    let half = if var == 0.0 {
        0.0
    } else {
        t_critical(var * var / df_denominator) * var.sqrt()
    };
    CheckEstimate {
        value,
        low: value - half,
        high: value + half,
        n,
        interval: if series.len() == 1 {
            Interval::OneSampleT
        } else {
            Interval::Welch
        },
        effect_size: f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::finding::Term;

    fn check(weights: &[f64]) -> Check {
        Check {
            claim: "c".into(),
            metric: "joint_utility".into(),
            among: Among::All,
            statistic: Statistic::Mean,
            terms: weights
                .iter()
                .map(|&w| Term {
                    condition: "x".into(),
                    stakeholder: None,
                    metric: None,
                    weight: w,
                })
                .collect(),
            expect: Expect::Above,
            than: 0.0,
            size: None,
            source_d: None,
        }
    }

    fn series(values: &[(u64, f64)]) -> BTreeMap<u64, f64> {
        values.iter().copied().collect()
    }

    #[test]
    fn paired_contrast_is_the_mean_of_per_replication_differences() {
        // Differences 1, 2, 3: mean 2, sd 1, se 1/sqrt(3), t(2) = 4.302652730.
        let a = series(&[(0, 3.0), (1, 5.0), (2, 7.0)]);
        let b = series(&[(0, 2.0), (1, 3.0), (2, 4.0)]);
        let e = contrast(&check(&[1.0, -1.0]), &[a, b]);
        assert_eq!(e.interval, Interval::PairedT);
        assert_eq!(e.n, 3);
        assert!((e.value - 2.0).abs() < 1e-12);
        let half = 4.302652730 / 3f64.sqrt();
        assert!((e.low - (2.0 - half)).abs() < 1e-6, "{}", e.low);
        assert!((e.high - (2.0 + half)).abs() < 1e-6);
    }

    #[test]
    fn different_replications_give_a_welch_interval() {
        // a: 1, 2, 3 (mean 2, var 1); b: 0, 0, 0, 0 (var 0): df = 2, se = sqrt(1/3).
        let a = series(&[(0, 1.0), (1, 2.0), (2, 3.0)]);
        let b = series(&[(0, 0.0), (1, 0.0), (2, 0.0), (3, 0.0)]);
        let e = contrast(&check(&[1.0, -1.0]), &[a, b]);
        assert_eq!(e.interval, Interval::Welch);
        assert_eq!(e.n, 3);
        assert!((e.value - 2.0).abs() < 1e-12);
        let half = 4.302652730 * (1.0f64 / 3.0).sqrt();
        assert!((e.high - (2.0 + half)).abs() < 1e-6, "{}", e.high);
    }

    #[test]
    fn a_single_share_gets_a_wilson_interval_even_when_every_value_is_the_same() {
        // 3 of 3: p = 1, Wilson [0.4385, 1] (z = 1.96); a t-interval would be [1, 1].
        let all = series(&[(0, 1.0), (1, 1.0), (2, 1.0)]);
        let e = contrast(&check(&[1.0]), &[all]);
        assert_eq!(e.interval, Interval::Wilson);
        assert_eq!(e.value, 1.0);
        assert!((e.low - 0.43850).abs() < 1e-4, "{}", e.low);
        assert!((e.high - 1.0).abs() < 1e-12, "{}", e.high);
        // A negative weight mirrors the interval.
        let e = contrast(
            &check(&[-1.0]),
            &[series(&[(0, 1.0), (1, 0.0), (2, 1.0), (3, 1.0)])],
        );
        assert_eq!(e.value, -0.75);
        assert!(e.low < -0.75 && e.high > -0.75 && e.high <= 0.0, "{e:?}");
    }

    #[test]
    fn cohens_d_is_the_contrast_over_the_pooled_standard_deviation() {
        // a: 1, 2, 3 (mean 2, var 1); b: 0, 1, 2 (mean 1, var 1): pooled sd 1, d = 1.
        let a = series(&[(0, 1.0), (1, 2.0), (2, 3.0)]);
        let b = series(&[(0, 0.0), (1, 1.0), (2, 2.0)]);
        let e = contrast(&check(&[1.0, -1.0]), &[a.clone(), b.clone()]);
        assert!((e.effect_size - 1.0).abs() < 1e-12, "{e:?}");
        // b: 0, 2, 4 (var 4): pooled sd sqrt((2 * 1 + 2 * 4) / 4) = sqrt(2.5).
        let b = series(&[(0, 0.0), (1, 2.0), (2, 4.0)]);
        let e = contrast(&check(&[1.0, -1.0]), &[a.clone(), b]);
        assert!((e.effect_size - 0.0).abs() < 1e-12, "equal means: {e:?}");
        // One term against `than` = 0.5: (2 - 0.5) / 1.
        let mut c = check(&[1.0]);
        c.than = 0.5;
        let e = contrast(&c, &[a]);
        assert!((e.effect_size - 1.5).abs() < 1e-12, "{e:?}");
        // No spread: no d.
        let flat = series(&[(0, 1.0), (1, 1.0)]);
        let e = contrast(&check(&[1.0, -1.0]), &[flat.clone(), flat]);
        assert!(e.effect_size.is_nan());
    }

    #[test]
    fn no_values_give_no_estimate() {
        let empty = BTreeMap::new();
        let e = contrast(&check(&[1.0, -1.0]), &[empty.clone(), empty.clone()]);
        assert!(e.value.is_nan() && e.low.is_nan() && e.high.is_nan());
        assert_eq!((e.n, e.interval), (0, Interval::None));
        let e = contrast(&check(&[1.0]), &[empty]);
        assert!(e.value.is_nan());
        assert!(!judge(&check(&[1.0]), &e).pass());
    }

    #[test]
    fn a_continuous_single_term_gets_a_one_sample_t_interval() {
        let e = contrast(&check(&[1.0]), &[series(&[(0, 1.0), (1, 2.0), (2, 3.0)])]);
        assert_eq!(e.interval, Interval::OneSampleT);
        let half = 4.302652730 / 3f64.sqrt();
        assert!((e.low - (2.0 - half)).abs() < 1e-6, "{}", e.low);
    }

    #[test]
    fn verdicts_need_the_whole_interval_on_the_expected_side_and_the_size() {
        let mut c = check(&[1.0]);
        let e = |value: f64, low: f64, high: f64| CheckEstimate {
            value,
            low,
            high,
            n: 10,
            interval: Interval::OneSampleT,
            effect_size: f64::NAN,
        };
        assert!(judge(&c, &e(0.2, 0.1, 0.3)).pass());
        assert!(!judge(&c, &e(0.2, -0.1, 0.5)).pass());
        c.expect = Expect::Below;
        c.than = 0.7;
        assert!(judge(&c, &e(0.6, 0.5, 0.69)).pass());
        assert!(!judge(&c, &e(0.6, 0.5, 0.71)).pass());
        c.size = Some([0.1, 0.35]);
        let v = judge(&c, &e(0.6, 0.5, 0.69));
        assert!(v.direction && v.size == Some(false) && !v.pass());
    }
}
