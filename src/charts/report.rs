//! `report.html`: one self-contained page (inline CSS and SVG, nothing fetched) with the
//! experiment's question, its conditions, the summary and comparison tables, every chart and
//! the provenance of the run.

use crate::charts::data::{Estimate, Metric, RunData};
use crate::charts::figure::Rendered;
use crate::charts::theme;
use std::fmt::Write as _;

/// Most table rows shown; the CSV files hold the rest.
pub const MAX_ROWS: usize = 240;

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            c => s.push(c),
        }
    }
    s
}

const STYLE: &str = r#"
:root { --ink: #222; --muted: #5f5f5f; --rule: #dcdcdc; --band: #f5f7fa; --accent: #0072b2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 17px/1.5 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 32px 28px 64px; }
.kicker { margin: 0; color: var(--accent); font-weight: bold; letter-spacing: .06em; text-transform: uppercase; font-size: 14px; }
h1 { font-size: 34px; line-height: 1.2; margin: 6px 0 12px; }
h2 { font-size: 25px; margin: 44px 0 12px; padding-top: 12px; border-top: 2px solid var(--ink); }
h3 { font-size: 20px; margin: 0 0 8px; }
.question { font-size: 19px; max-width: 62em; }
.question p { margin: 0 0 10px; }
nav ol { columns: 2; padding-left: 20px; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; font-size: 15px; margin: 8px 0; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: bold; }
td.pair { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fbfbfc; }
.swatch { display: inline-block; width: 14px; height: 14px; margin-right: 8px; vertical-align: -2px; border-radius: 2px; }
figure { margin: 28px 0 36px; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid var(--rule); }
figcaption { color: var(--muted); margin-top: 8px; max-width: 62em; }
.note { color: var(--muted); font-size: 15px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 8px 0; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 14px; }
pre { background: var(--band); padding: 12px 14px; overflow-x: auto; border: 1px solid var(--rule); }
details { margin: 10px 0; }
summary { cursor: pointer; color: var(--accent); }
@media print { main { max-width: none; padding: 0; } h2 { break-after: avoid; } }
"#;

fn colour_hex(i: usize) -> String {
    let c = theme::condition_colour(i);
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

fn interval(e: &Estimate, rate: bool) -> String {
    let f = |v: f64| {
        if rate {
            theme::percent(v)
        } else {
            theme::number(v)
        }
    };
    if e.n == 0 {
        return "–".into();
    }
    if e.low.is_finite() && e.high.is_finite() {
        format!("{} [{}, {}]", f(e.mean), f(e.low), f(e.high))
    } else {
        f(e.mean)
    }
}

/// The page for a run and its rendered charts.
pub fn render(data: &RunData, charts: &[Rendered]) -> String {
    let m = &data.manifest;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} · negsim report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&m.experiment)
    );
    let _ = write!(
        h,
        "<header>\n<p class=\"kicker\">negsim experiment report</p>\n<h1>{}</h1>\n",
        escape(&m.experiment)
    );
    if m.question.trim().is_empty() {
        h.push_str("<div class=\"question\"><p class=\"note\">The experiment file states no question (write it as the comment at the top of the file).</p></div>\n");
    } else {
        h.push_str("<div class=\"question\">\n");
        for para in m.question.split("\n\n") {
            let _ = writeln!(h, "<p>{}</p>", escape(&para.replace('\n', " ")));
        }
        h.push_str("</div>\n");
    }
    let _ = writeln!(
        h,
        "<p class=\"note\">{} conditions × {} sweep point{} × {} replications = {} processes.</p>",
        data.conditions.len(),
        data.points(),
        if data.points() == 1 { "" } else { "s" },
        m.replications,
        m.processes
    );
    h.push_str("<nav><ol>\n<li><a href=\"#conditions\">Conditions</a></li>\n<li><a href=\"#summary\">Summary</a></li>\n<li><a href=\"#comparison\">Comparisons</a></li>\n<li><a href=\"#charts\">Charts</a></li>\n<li><a href=\"#provenance\">Provenance</a></li>\n</ol></nav>\n</header>\n");
    conditions(&mut h, data);
    summary(&mut h, data);
    comparison(&mut h, data);
    h.push_str("<section id=\"charts\">\n<h2>Charts</h2>\n");
    for c in charts {
        let svg = c.svg.trim_start_matches(|ch: char| ch != '<');
        let svg = svg.replacen(
            "<svg ",
            &format!("<svg role=\"img\" aria-label=\"{}\" ", escape(&c.title)),
            1,
        );
        let _ = write!(
            h,
            "<figure id=\"{name}\">\n{svg}\n<figcaption>{caption} \
             Files: <a href=\"charts/{name}.png\">PNG</a>, <a href=\"charts/{name}.svg\">SVG</a>.</figcaption>\n</figure>\n",
            name = escape(&c.name),
            caption = escape(&c.caption),
        );
    }
    h.push_str("</section>\n");
    provenance(&mut h, data);
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn conditions(h: &mut String, data: &RunData) {
    h.push_str("<section id=\"conditions\">\n<h2>Conditions</h2>\n<table>\n<thead><tr><th>condition</th><th>description</th><th>case</th><th>culture</th><th>protocol</th><th>decision rule</th><th>facilitator</th><th class=\"num\">deadline</th></tr></thead>\n<tbody>\n");
    for (i, name) in data.conditions.iter().enumerate() {
        let cell = &data.plan.cells[i];
        let s = &cell.scenario;
        let case = match (&s.case, &s.case_generator) {
            (Some(c), _) => c.clone(),
            (None, Some(g)) => format!(
                "generated: {} stakeholders, {} issues",
                g.stakeholders, g.issues
            ),
            (None, None) => String::new(),
        };
        let description = data
            .manifest
            .conditions
            .get(i)
            .map(|c| c.description.clone())
            .unwrap_or_default();
        let _ = writeln!(
            h,
            "<tr><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            colour_hex(i),
            escape(name),
            escape(&description),
            escape(&case),
            escape(&s.culture),
            escape(s.protocol.key()),
            escape(s.norms.decision_rule.key()),
            if s.norms.facilitator { "yes" } else { "no" },
            s.deadline
        );
    }
    h.push_str("</tbody>\n</table>\n");
    if !data.axes.is_empty() {
        h.push_str(
            "<p>Swept parameters (every combination was run under every condition):</p>\n<ul>\n",
        );
        for a in &data.axes {
            let _ = writeln!(
                h,
                "<li><code>{}</code>: {}</li>",
                escape(&a.key),
                escape(&a.labels.join(", "))
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<p class=\"note\">The table shows each condition at the first sweep point; the full resolved scenarios are in manifest.json.</p>\n</section>\n");
}

fn sweep_headers(h: &mut String, data: &RunData) {
    for a in &data.axes {
        let _ = write!(h, "<th>{}</th>", escape(&a.key));
    }
}

fn sweep_cells(h: &mut String, data: &RunData, point: usize) {
    for a in 0..data.axes.len() {
        let _ = write!(
            h,
            "<td>{}</td>",
            escape(&data.axes[a].labels[data.axis_index(point, a)])
        );
    }
}

fn summary(h: &mut String, data: &RunData) {
    h.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n<p>Mean (or rate) with its 95% confidence interval, from summary.csv.</p>\n<table>\n<thead><tr><th>condition</th>");
    sweep_headers(h, data);
    h.push_str("<th class=\"num\">n</th><th class=\"num\">agreement</th><th class=\"num\">win-win-win</th><th class=\"num\">joint utility</th><th class=\"num\">rounds</th></tr></thead>\n<tbody>\n");
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
                "<tr><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td>",
                colour_hex(c),
                escape(&data.conditions[c])
            );
            sweep_cells(h, data, point);
            let cell = |m: Metric| {
                get(m)
                    .map(|e| interval(&e, m.is_rate()))
                    .unwrap_or_else(|| "–".into())
            };
            let n = get(Metric::Agreed).map_or(0, |e| e.n);
            let _ = writeln!(
                h,
                "<td class=\"num\">{n}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&cell(Metric::Agreed)),
                escape(&cell(Metric::WinWinWin)),
                escape(&cell(Metric::JointUtility)),
                escape(&cell(Metric::Rounds))
            );
        }
    }
    h.push_str("</tbody>\n</table>\n");
    if total > rows {
        let _ = writeln!(
            h,
            "<p class=\"note\">Showing {rows} of {total} rows; summary.csv has all of them.</p>"
        );
    }
    h.push_str("</section>\n");
}

fn comparison(h: &mut String, data: &RunData) {
    h.push_str("<section id=\"comparison\">\n<h2>Comparisons</h2>\n");
    let keys: Vec<&str> = Metric::HEADLINE.iter().map(|m| m.key()).collect();
    let rows: Vec<_> = data
        .comparisons
        .iter()
        .filter(|c| keys.contains(&c.metric.as_str()))
        .collect();
    if rows.is_empty() {
        h.push_str("<p class=\"note\">A single condition: nothing to compare.</p>\n</section>\n");
        return;
    }
    h.push_str("<p>Difference of means (first minus second condition), paired by replication: replication r of every condition shares its case and people. From comparison.csv.</p>\n<table>\n<thead><tr><th>comparison</th>");
    sweep_headers(h, data);
    h.push_str("<th>metric</th><th class=\"num\">pairs</th><th class=\"num\">mean of first</th><th class=\"num\">mean of second</th><th class=\"num\">difference [95% CI]</th><th class=\"num\">Cohen's d</th></tr></thead>\n<tbody>\n");
    for c in rows.iter().take(MAX_ROWS) {
        let rate = c.metric == "agreed" || c.metric == "win_win_win";
        let f = |v: f64| {
            if rate {
                format!("{:+.0} pp", 100.0 * v)
            } else {
                let s = theme::number(v);
                if v > 0.0 { format!("+{s}") } else { s }
            }
        };
        let plain = |v: f64| {
            if rate {
                theme::percent(v)
            } else {
                theme::number(v)
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
            escape(
                Metric::HEADLINE
                    .iter()
                    .find(|m| m.key() == c.metric)
                    .map_or(c.metric.as_str(), |m| m.noun())
            ),
            c.n_pairs,
            plain(c.mean_a),
            plain(c.mean_b),
            escape(&diff),
            if c.cohens_d.is_finite() {
                format!("{:+.2}", c.cohens_d)
            } else {
                "–".into()
            }
        );
    }
    h.push_str("</tbody>\n</table>\n");
    if rows.len() > MAX_ROWS {
        let _ = writeln!(
            h,
            "<p class=\"note\">Showing {MAX_ROWS} of {} rows; comparison.csv has all of them.</p>",
            rows.len()
        );
    }
    h.push_str("<p class=\"note\">pp: percentage points. Cohen's d uses the pooled standard deviation; it is undefined (–) when both conditions have no spread.</p>\n</section>\n");
}

fn provenance(h: &mut String, data: &RunData) {
    let m = &data.manifest;
    h.push_str("<section id=\"provenance\">\n<h2>Provenance</h2>\n<dl>\n");
    let mut item = |k: &str, v: &str| {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", escape(k), v);
    };
    item("negsim version", &escape(&m.negsim_version));
    item(
        "git commit",
        &m.git_commit
            .as_deref()
            .map(|c| format!("<code>{}</code>", escape(c)))
            .unwrap_or_else(|| "unknown (not built from a git checkout)".into()),
    );
    item(
        "experiment file",
        &format!("<code>{}</code>", escape(&m.config_file)),
    );
    item(
        "config hash",
        &format!("<code>{}</code>", escape(&m.config_hash)),
    );
    item("seed", &m.seed.to_string());
    item("replications", &m.replications.to_string());
    item("processes", &m.processes.to_string());
    item("started", &escape(&m.started));
    item("finished", &escape(&m.finished));
    item(
        "threads",
        &format!("{} (results do not depend on it)", m.threads),
    );
    h.push_str("</dl>\n<details>\n<summary>The experiment file as run</summary>\n<pre>");
    h.push_str(&escape(&m.config_text));
    h.push_str("</pre>\n</details>\n");
    for (name, src) in &m.sources {
        let _ = write!(
            h,
            "<details>\n<summary>{} ({})</summary>\n<pre>{}</pre>\n</details>\n",
            escape(name),
            escape(&src.path),
            escape(&src.text)
        );
    }
    h.push_str("<p class=\"note\">Re-run with <code>negsim run</code> on the same files and seed to get byte-identical results on any machine and thread count.</p>\n</section>\n");
}
