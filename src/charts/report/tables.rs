//! The report's "Summary" and "Comparisons" sections: `summary.csv` and `comparison.csv` for
//! the metrics the run is about (per process, or per organisation run), one row per condition
//! and sweep point.

use crate::charts::data::{Estimate, Metric, RunData};
use crate::charts::report::{MAX_ROWS, condition_swatch, escape};
use crate::charts::theme;
use std::fmt::Write as _;

/// The metrics the tables show, in column order, with their column headings.
pub fn columns(data: &RunData) -> Vec<(Metric, &'static str)> {
    if data.is_organisation() {
        vec![
            (Metric::FinalWinWinWin, "win-win-win at the end"),
            (Metric::WinWinWinGain, "gain"),
            (Metric::MeanWinWinWin, "win-win-win over all cycles"),
            (
                Metric::FinalCollaborativeness,
                "collaborativeness at the end",
            ),
            (Metric::CyclesToCollaborative, "cycles to collaborative"),
            (Metric::TotalCost, "total cost"),
            (Metric::GainPerCost, "gain per 1,000 cost units"),
        ]
    } else {
        vec![
            (Metric::Agreed, "agreement"),
            (Metric::WinWinWin, "win-win-win"),
            match data.value_created() {
                Metric::MeanUtility => (Metric::MeanUtility, "mean utility"),
                _ => (Metric::JointUtility, "joint utility"),
            },
            (Metric::Rounds, "rounds"),
        ]
    }
}

/// A mean with its interval, as text.
fn interval(e: &Estimate, metric: Metric) -> String {
    if e.n == 0 {
        return "–".into();
    }
    let e = e.bounded(metric);
    // An interval of no width (no spread) says nothing the mean does not.
    if e.low.is_finite() && e.high.is_finite() && e.high > e.low {
        format!(
            "{} [{}, {}]",
            metric.format(e.mean),
            metric.format(e.low),
            metric.format(e.high)
        )
    } else {
        metric.format(e.mean)
    }
}

/// A summary cell as HTML: the mean with its interval (on a line of its own under the mean
/// when `stacked`, which keeps wide tables narrow), or for the cycles to a collaborative
/// culture how many runs got there at all.
fn cell(e: Option<Estimate>, metric: Metric, runs: u64, stacked: bool) -> String {
    let Some(e) = e else {
        return "–".into();
    };
    if metric == Metric::CyclesToCollaborative && e.n == 0 {
        return "not reached".into();
    }
    let mut html = if stacked && e.n > 0 && e.low.is_finite() && e.high > e.low {
        let b = e.bounded(metric);
        format!(
            "{}<span class=\"ci\">[{}, {}]</span>",
            escape(&metric.format(b.mean)),
            escape(&metric.format(b.low)),
            escape(&metric.format(b.high))
        )
    } else {
        escape(&interval(&e, metric))
    };
    if metric == Metric::CyclesToCollaborative && e.n < runs {
        let _ = write!(html, " ({} of {runs} runs)", e.n);
    }
    html
}

fn sweep_headers(h: &mut String, data: &RunData) {
    if data.one_at_a_time() {
        h.push_str("<th>varied</th><th>value</th>");
        return;
    }
    for a in &data.axes {
        let _ = write!(h, "<th>{}</th>", escape(&a.key));
    }
}

fn sweep_cells(h: &mut String, data: &RunData, point: usize) {
    if let Some((a, i)) = data.varied(point) {
        let _ = write!(
            h,
            "<td><code>{}</code></td><td>{}</td>",
            escape(&data.axes[a].key),
            escape(&data.axes[a].labels[i])
        );
        return;
    }
    for a in 0..data.axes.len() {
        let _ = write!(
            h,
            "<td>{}</td>",
            escape(&data.axes[a].labels[data.axis_index(point, a)])
        );
    }
}

/// Writes the "Summary" section.
pub fn summary(h: &mut String, data: &RunData) {
    let columns = columns(data);
    let what = if data.is_organisation() {
        format!(
            "Mean over the organisation runs with its 95% confidence interval, from summary.csv. {}.",
            crate::organisation::records::window_words(
                data.cycles.iter().map(|c| c.cycle).max().unwrap_or(0) as usize
            )
        )
    } else {
        "Mean (or rate) with its 95% confidence interval, from summary.csv.".to_string()
    };
    let _ = write!(
        h,
        "<section id=\"summary\">\n<h2>Summary</h2>\n<p>{}</p>\n<div class=\"scroll\">\n<table>\n<thead><tr><th>condition</th>",
        escape(&what)
    );
    sweep_headers(h, data);
    h.push_str("<th class=\"num\">n</th>");
    // Long headings may wrap; the numbers under them do not.
    let class = if data.is_organisation() {
        "num wrap"
    } else {
        "num"
    };
    for (_, heading) in &columns {
        let _ = write!(h, "<th class=\"{class}\">{}</th>", escape(heading));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    let mut rows = 0;
    let total = data.points() * data.conditions.len();
    'outer: for point in 0..data.points() {
        for c in 0..data.conditions.len() {
            if rows == MAX_ROWS {
                break 'outer;
            }
            rows += 1;
            let get = |m: Metric| data.summary_estimate(c, point, m);
            let _ = write!(
                h,
                "<tr><td class=\"name\"><span class=\"swatch\" style=\"background:{}\"></span>{}</td>",
                condition_swatch(c),
                escape(&data.conditions[c])
            );
            sweep_cells(h, data, point);
            let n = get(columns[0].0).map_or(0, |e| e.n);
            let _ = write!(h, "<td class=\"num\">{n}</td>");
            for &(m, _) in &columns {
                let stacked = data.is_organisation();
                let _ = write!(h, "<td class=\"num\">{}</td>", cell(get(m), m, n, stacked));
            }
            h.push_str("</tr>\n");
        }
    }
    h.push_str("</tbody>\n</table>\n</div>\n");
    if total > rows {
        let _ = writeln!(
            h,
            "<p class=\"note\">Showing {rows} of {total} rows; summary.csv has all of them.</p>"
        );
    }
    h.push_str("</section>\n");
}

/// Writes the "Comparisons" section.
pub fn comparison(h: &mut String, data: &RunData) {
    h.push_str("<section id=\"comparison\">\n<h2>Comparisons</h2>\n");
    // The headline metrics; comparisons without pairs (a metric undefined in one of the
    // conditions, such as the gain per cost of a condition without cost) are left out.
    let metrics = data.headline();
    let mut unpaired = 0;
    let rows: Vec<_> = data
        .comparisons
        .iter()
        .filter_map(|c| {
            metrics
                .iter()
                .find(|m| m.key() == c.metric)
                .map(|&m| (m, c))
        })
        .filter(|(_, c)| {
            unpaired += usize::from(c.n_pairs == 0);
            c.n_pairs > 0
        })
        .collect();
    if rows.is_empty() {
        let none = if data.conditions.len() > 1 {
            "No comparisons of these metrics in comparison.csv."
        } else {
            "A single condition: nothing to compare."
        };
        let _ = write!(h, "<p class=\"note\">{none}</p>\n</section>\n");
        return;
    }
    let unit = if data.is_organisation() {
        "organisation run r of every condition starts from the same people and cases"
    } else {
        "replication r of every condition shares its case and people"
    };
    let _ = write!(
        h,
        "<p>Difference of means (first minus second condition), paired by replication: {unit}. From comparison.csv.</p>\n<div class=\"scroll\">\n<table>\n<thead><tr><th>comparison</th>"
    );
    sweep_headers(h, data);
    h.push_str("<th>metric</th><th class=\"num\">pairs</th><th class=\"num\">mean of first</th><th class=\"num\">mean of second</th><th class=\"num\">difference [95% CI]</th><th class=\"num\">Cohen's d</th></tr></thead>\n<tbody>\n");
    for (metric, c) in rows.iter().take(MAX_ROWS) {
        let points = metric.is_rate() || metric.in_points();
        let f = |v: f64| {
            if points {
                // A difference of rates is a number of percentage points.
                Metric::WinWinWinGain.format(v)
            } else {
                let s = theme::number(v);
                if v > 0.0 { format!("+{s}") } else { s }
            }
        };
        let diff = if c.low.is_finite() && c.high.is_finite() {
            format!("{} [{}, {}]", f(c.difference), f(c.low), f(c.high))
        } else {
            f(c.difference)
        };
        let _ = write!(
            h,
            "<tr><td class=\"pair\">{} − {}</td>",
            escape(&c.a),
            escape(&c.b)
        );
        sweep_cells(h, data, c.point);
        let _ = writeln!(
            h,
            "<td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(metric.noun()),
            c.n_pairs,
            escape(&metric.format(c.mean_a)),
            escape(&metric.format(c.mean_b)),
            escape(&diff),
            if c.cohens_d.is_finite() {
                format!("{:+.2}", c.cohens_d)
            } else {
                "–".into()
            }
        );
    }
    h.push_str("</tbody>\n</table>\n</div>\n");
    if rows.len() > MAX_ROWS {
        let _ = writeln!(
            h,
            "<p class=\"note\">Showing {MAX_ROWS} of {} rows; comparison.csv has all of them.</p>",
            rows.len()
        );
    }
    h.push_str("<p class=\"note\">pp: percentage points. Cohen's d uses the pooled standard deviation; it is undefined (–) when both conditions have no spread");
    if data.is_organisation() {
        h.push_str(" or there is only one organisation run per condition");
    }
    h.push('.');
    if unpaired > 0 {
        let _ = write!(
            h,
            " {unpaired} comparison{} without pairs (a metric undefined in a condition) {} left out.",
            if unpaired == 1 { "" } else { "s" },
            if unpaired == 1 { "is" } else { "are" }
        );
    }
    h.push_str("</p>\n</section>\n");
}
