//! `report.html`: one self-contained page (inline CSS and SVG, nothing fetched) with the
//! experiment's question, its conditions, the summary and comparison tables, every chart and
//! the provenance of the run.

mod conditions;
mod tables;

use crate::charts::data::RunData;
use crate::charts::draw::{Pattern, condition_style};
use crate::charts::figure::Rendered;
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
td.pair, td.name { white-space: nowrap; }
th.num.wrap { white-space: normal; min-width: 6em; }
.scroll { overflow-x: auto; margin: 8px 0; }
.scroll table { margin: 0; }
.ci { display: block; color: var(--muted); font-size: 13px; }
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

/// The CSS background of condition `i`'s swatch in the report's tables: its colour, with the
/// stripes or dots its bars have beyond the palette.
fn condition_swatch(i: usize) -> String {
    let style = condition_style(i);
    let c = style.colour;
    let colour = format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2);
    match style.pattern {
        Pattern::Solid => colour,
        Pattern::Dashed => {
            format!("repeating-linear-gradient(-45deg, {colour} 0 4px, #fff 4px 6px)")
        }
        Pattern::Dotted => {
            format!("radial-gradient(circle, #fff 1.5px, transparent 2px) 0 0 / 5px 5px, {colour}")
        }
    }
}

/// For organisation experiments whose organisations all have one size and length: " of N
/// people over C cycles" ("" otherwise).
fn organisation_size(data: &RunData) -> String {
    let mut sizes = data
        .plan
        .cells
        .iter()
        .filter_map(|c| c.scenario.organisation.as_ref())
        .map(|o| (o.population, o.cycles));
    match sizes.next() {
        Some(first) if sizes.all(|s| s == first) => {
            format!(
                " of {} people over {}",
                first.0,
                crate::text::counted(first.1, "cycle", "cycles")
            )
        }
        _ => String::new(),
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
        "<p class=\"note\">{} condition{} × {} sweep point{}{} × {} replication{} = {} {}{}.</p>",
        data.conditions.len(),
        if data.conditions.len() == 1 { "" } else { "s" },
        data.points(),
        if data.points() == 1 { "" } else { "s" },
        if data.one_at_a_time() {
            " (one parameter at a time)"
        } else {
            ""
        },
        m.replications,
        if m.replications == 1 { "" } else { "s" },
        m.processes,
        data.units(),
        organisation_size(data)
    );
    h.push_str("<nav><ol>\n<li><a href=\"#conditions\">Conditions</a></li>\n<li><a href=\"#summary\">Summary</a></li>\n<li><a href=\"#comparison\">Comparisons</a></li>\n<li><a href=\"#charts\">Charts</a></li>\n<li><a href=\"#provenance\">Provenance</a></li>\n</ol></nav>\n</header>\n");
    conditions::section(&mut h, data);
    tables::summary(&mut h, data);
    tables::comparison(&mut h, data);
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
    let file = format!("<code>{}</code>", escape(&m.config_file));
    match &m.config_written_from {
        Some(from) => item(
            "experiment",
            &format!(
                "written from {} (its text is <code>config_text</code> in <code>manifest.json</code>), paths in it read from {file}",
                escape(from)
            ),
        ),
        None => item("experiment file", &file),
    }
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
    let _ = writeln!(
        h,
        "<p class=\"note\">Re-run with <code>{}</code> on the same files and seed to get byte-identical results on any machine and thread count.</p>\n</section>",
        escape(&crate::program::command("run"))
    );
}
