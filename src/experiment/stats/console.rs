//! The statistics as tables for the terminal, printed at the end of a run.

use super::estimators::cohens_d;
use super::summary::{ComparisonRow, Statistics, SummaryRow};
use crate::experiment::plan::{sweep_column, swept_key};
use std::collections::{HashMap, HashSet};

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
/// number of organisation runs, the final and mean win-win-win rates, the culture reached and
/// the cost; per compared pair the difference in win-win-win rate and that difference per
/// 1,000 units of extra cost. With two or more runs per condition the rates and differences
/// carry their 95% t-intervals.
pub fn render_organisations(stats: &Statistics) -> String {
    let mut out = String::new();
    let index = SummaryIndex::new(stats);
    let row = |condition: &str, sweep: &[String], metric: &str| {
        index
            .get(condition, sweep, metric)
            .filter(|s| s.moments.n > 0)
    };
    let get = |condition: &str, sweep: &[String], metric: &str| {
        row(condition, sweep, metric).map_or(f64::NAN, |s| s.moments.mean)
    };
    // A rate in percent, with its interval once there are replications.
    let pct = |condition: &str, sweep: &[String], metric: &str| match row(condition, sweep, metric)
    {
        None => "n/a".to_string(),
        Some(s) if s.moments.n < 2 => format!("{:.0}%", 100.0 * s.moments.mean),
        Some(s) => {
            let (lo, hi) = s.interval();
            format!(
                "{:.1}% [{:.1}-{:.1}]",
                100.0 * s.moments.mean,
                100.0 * lo,
                100.0 * hi
            )
        }
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
        "{:<width$}  {:>4}  {:>19}  {:>19}  {:>17}  {:>15}  {:>10}\n",
        "condition",
        "runs",
        "final www",
        "mean www",
        "collaborativeness",
        "cycles to reach",
        "total cost"
    ));
    for &(c, s) in groups {
        let reach = get(c, s, "cycles_to_collaborative");
        let runs = row(c, s, "total_cost").map_or(0, |r| r.moments.n);
        out.push_str(&format!(
            "{:<width$}  {:>4}  {:>19}  {:>19}  {:>17.2}  {:>15}  {:>10.0}\n",
            label(c, s),
            runs,
            pct(c, s, "final_win_win_win_rate"),
            pct(c, s, "mean_win_win_win_rate"),
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
            "\n{:<width$}  {:>28}  {:>22}\n",
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
            let diff = if c.diff.n < 2 {
                format!("{:+.1}", 100.0 * c.diff.mean)
            } else {
                let (lo, hi) = c.interval();
                format!(
                    "{:+.1} [{:+.1}, {:+.1}]",
                    100.0 * c.diff.mean,
                    100.0 * lo,
                    100.0 * hi
                )
            };
            out.push_str(&format!(
                "{:<width$}  {:>28}  {:>22}\n",
                pair_label(c),
                diff,
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
