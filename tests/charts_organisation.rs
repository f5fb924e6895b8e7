//! Charts and the report page of organisation experiments, end to end: the chart set, image
//! sizes and content, SVG text, the figures behind the cycle lines, determinism, a run without
//! processes.csv, and bad input.

mod common;

use common::{
    chart_files, chart_names, copy_dir, decode_png, ink, negsim_run as negsim, root, run_fixture,
    run_text_file, scratch_in, shared_run,
};
use negsim::charts::data::organisations::over_cycles;
use negsim::charts::data::{Metric, RunData};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A fresh folder for this file's runs under cargo's scratch directory.
fn scratch(name: &str) -> PathBuf {
    scratch_in("charts-organisation", name)
}

/// The small organisation run (60 people, 10 cycles, none vs training, 2 replications).
fn org_run() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    shared_run(
        &DIR,
        "charts-organisation",
        "run",
        "charts-organisation.toml",
    )
}

fn svg_texts(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("{} is not valid XML: {e}", path.display()));
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .for_each(|n| {
            panic!(
                "{}: text left to the viewer's font: {:?}",
                path.display(),
                n.text()
            )
        });
    doc.descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter_map(|n| n.attribute("aria-label"))
        .map(|t| t.trim().to_string())
        .collect()
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn an_organisation_run_gets_the_cycle_and_lever_charts() {
    assert_eq!(
        chart_names(org_run()),
        chart_files(&[
            "conditions",
            "cycles",
            "cycles-traits",
            "levers",
            "distributions",
        ])
    );
    assert!(org_run().join("report.html").is_file());
    for name in chart_names(org_run())
        .iter()
        .filter(|n| n.ends_with(".png"))
    {
        let (w, h, rgba) = decode_png(&org_run().join("charts").join(name));
        assert_eq!((w, h), (1600, 900), "{name}");
        let (variance, inked) = ink(&rgba);
        assert!(variance > 200.0, "{name}: luminance variance {variance}");
        assert!(inked > 0.02 && inked < 0.9, "{name}: {inked}");
    }
}

#[test]
fn organisation_svgs_carry_titles_and_axis_labels_as_text() {
    let dir = org_run().join("charts");
    let cases: &[(&str, &[&str])] = &[
        (
            "cycles",
            &[
                "Which lever raises the win-win-win rate fastest?",
                "Win-win-win rate",
                "Collaborativeness index",
                "% of the cycle's processes",
                "cycle",
                "none",
                "training",
                "collaborative target",
            ],
        ),
        (
            "cycles-traits",
            &[
                "Which traits does each lever move, and how fast?",
                "openness",
                "concession willingness",
                "trust propensity",
                "population mean",
            ],
        ),
        (
            "levers",
            &[
                "Which lever moves the win-win-win rate most per unit of cost?",
                "total cost of the levers (cost units)",
                "gain (percentage points)",
                "percentage points per 1,000 cost units",
                "training",
            ],
        ),
        (
            "conditions",
            &[
                "Where does each condition leave the organisation after 10 cycles?",
                "Win-win-win rate at the end",
                "Gain in win-win-win rate",
                "Cost of the levers",
            ],
        ),
    ];
    for (name, wanted) in cases {
        let texts = svg_texts(&dir.join(format!("{name}.svg")));
        for w in *wanted {
            assert!(
                texts.iter().any(|t| t == w),
                "{name}.svg has no text `{w}`; it has {texts:?}"
            );
        }
    }
    // The footer counts organisation runs, not processes.
    let texts = svg_texts(&dir.join("cycles.svg"));
    assert!(texts.iter().any(|t| t.ends_with("· 4 organisation runs")));
}

#[test]
fn the_lever_chart_measures_each_lever_against_the_organisation_without_levers() {
    // The fixture compares training with none, so the chart's gain is that paired difference
    // in win-win-win rate over all cycles, and the bar divides it by the cost per 1,000 units.
    let data = RunData::load(org_run()).unwrap();
    let row = data
        .comparisons
        .iter()
        .find(|r| r.a == "training" && r.b == "none" && r.metric == "mean_win_win_win_rate")
        .expect("comparison of training with none");
    let training = data
        .conditions
        .iter()
        .position(|c| c == "training")
        .unwrap();
    let cost = data.per_condition(Metric::TotalCost)[training].mean;
    assert!(cost > 0.0);
    let bar = Metric::GainPerCost.format(row.difference * 1000.0 / cost);
    let texts = svg_texts(&org_run().join("charts").join("levers.svg"));
    assert!(texts.contains(&bar), "no bar label `{bar}` in {texts:?}");
    assert!(
        texts.join(" ").contains("above that of none"),
        "the subtitle names the baseline: {texts:?}"
    );
}

#[test]
fn cycle_lines_are_the_means_over_replications_in_cycles_csv() {
    let data = RunData::load(org_run()).unwrap();
    assert!(data.is_organisation());
    assert_eq!(data.organisations.len(), 4);
    assert_eq!(data.cycles.len(), 4 * 10);
    // Read cycles.csv independently and average each condition's runs per cycle.
    let mut reader = csv::Reader::from_path(org_run().join("cycles.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let col = |n: &str| header.iter().position(|h| h == n).unwrap();
    let (cond, cycle, www) = (col("condition"), col("cycle"), col("win_win_win_rate"));
    let mut sums = vec![vec![(0.0, 0u32); 10]; 2];
    for rec in reader.records() {
        let rec = rec.unwrap();
        let c = data
            .conditions
            .iter()
            .position(|n| n == &rec[cond])
            .unwrap();
        let k: usize = rec[cycle].parse().unwrap();
        let v: f64 = rec[www].parse().unwrap();
        sums[c][k - 1].0 += v;
        sums[c][k - 1].1 += 1;
    }
    let lines = over_cycles(&data.cycles, 2, |r| r.win_win_win_rate);
    for c in 0..2 {
        for k in 0..10 {
            let (sum, n) = sums[c][k];
            assert_eq!(lines[c][k].n, u64::from(n));
            assert!((lines[c][k].mean - sum / f64::from(n)).abs() < 1e-12);
            // Two runs: a t-interval around the mean.
            assert!(lines[c][k].low <= lines[c][k].mean && lines[c][k].mean <= lines[c][k].high);
        }
    }
    // Per condition, the organisation metrics come from summary.csv.
    for metric in Metric::ORGANISATION {
        let per = data.per_condition(metric);
        for (c, e) in per.iter().enumerate() {
            let s = data.summary_estimate(c, 0, metric).unwrap();
            assert_eq!(*e, s, "{metric:?} {c}");
        }
    }
    // Training costs something, doing nothing costs nothing.
    let cost = data.per_condition(Metric::TotalCost);
    assert_eq!(cost[0].mean, 0.0);
    assert!(cost[1].mean > 0.0);
}

#[test]
fn organisation_charts_are_deterministic() {
    let other = scratch("one-thread");
    run_fixture("charts-organisation.toml", &other, &["--threads", "1"]);
    assert_eq!(
        files(&org_run().join("charts")),
        files(&other.join("charts"))
    );
    let copy = scratch("replot");
    copy_dir(org_run(), &copy);
    let o = negsim(&["plot", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        files(&org_run().join("charts")),
        files(&copy.join("charts"))
    );
    assert_eq!(
        std::fs::read(org_run().join("report.html")).unwrap(),
        std::fs::read(copy.join("report.html")).unwrap()
    );
}

#[test]
fn the_organisation_report_is_self_contained_and_complete() {
    let html = std::fs::read_to_string(org_run().join("report.html")).unwrap();
    for needle in [
        "does training raise the win-win-win rate of a small",
        "2 conditions × 1 sweep point × 2 replications = 4 organisation runs of 60 people over 10 cycles.",
        "training of 50% of the people (dose 0.4: openness, empathy, creativity, composure)",
        "<td>none</td>",
        "id=\"summary\"",
        "win-win-win at the end",
        "cycles to collaborative",
        "id=\"comparison\"",
        "training − none",
        "id=\"provenance\"",
        "config hash",
    ] {
        assert!(html.contains(needle), "report has no `{needle}`");
    }
    assert_eq!(
        html.matches("<svg ").count(),
        chart_names(org_run()).len() / 2
    );
    for forbidden in [
        "<script", "<link", "<img", "<iframe", "url(", "@import", "https://",
    ] {
        assert!(!html.contains(forbidden), "report contains `{forbidden}`");
    }
}

#[test]
fn an_organisation_run_without_processes_csv_is_plotted() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/charts-organisation.toml"))
        .unwrap()
        .replace(
            "stakeholders = false",
            "stakeholders = false\nprocesses = false",
        );
    let out = run_text_file(&scratch("no-processes"), "no-processes.toml", &text);
    assert!(!out.join("processes.csv").exists());
    assert_eq!(
        chart_names(&out),
        chart_files(&["conditions", "cycles", "cycles-traits", "levers"])
    );
    assert!(out.join("report.html").is_file());
}

/// Runs `negsim plot` and expects exit code 2; returns stderr.
fn plot_fails(args: &[&str]) -> String {
    let mut all = vec!["plot"];
    all.extend_from_slice(args);
    let o = negsim(&all);
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(2), "expected exit 2: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn a_dance_is_refused_for_an_organisation_run() {
    let dir = scratch("dance");
    copy_dir(org_run(), &dir);
    let err = plot_fails(&[dir.to_str().unwrap(), "--process", "0"]);
    assert!(err.contains("organisation experiment"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    // The old charts stay.
    assert_eq!(files(&org_run().join("charts")), files(&dir.join("charts")));
}

#[test]
fn damaged_organisation_files_are_named_with_file_and_line() {
    let dir = scratch("damaged-cycles");
    copy_dir(org_run(), &dir);
    let path = dir.join("cycles.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "openness_mean").unwrap();
    let damaged: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == 6 {
                let mut f: Vec<&str> = l.split(',').collect();
                f[col] = "open";
                f.join(",")
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&path, damaged.join("\n") + "\n").unwrap();
    let err = plot_fails(&[dir.to_str().unwrap()]);
    assert!(err.contains("cycles.csv, line 6"), "{err}");
    assert!(
        err.contains("`openness_mean`: expected a number, found `open`"),
        "{err}"
    );
    assert!(!dir.join(".charts.partial").exists());

    let dir = scratch("missing-organisations");
    copy_dir(org_run(), &dir);
    std::fs::remove_file(dir.join("organisations.csv")).unwrap();
    let err = plot_fails(&[dir.to_str().unwrap()]);
    assert!(err.contains("organisations.csv is missing"), "{err}");
}

/// The organisation sweep (none, training, culture in a mixed and a positional organisation).
fn org_sweep_run() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    shared_run(
        &DIR,
        "charts-organisation",
        "sweep",
        "charts-organisation-sweep.toml",
    )
}

#[test]
fn an_organisation_sweep_gets_a_cycle_and_lever_figure_per_sweep_point() {
    let dir = org_sweep_run();
    let names = chart_names(dir);
    for chart in ["cycles", "cycles-traits", "levers"] {
        for point in ["culture-mixed", "culture-positional"] {
            let stem = format!("{chart}-{point}");
            assert!(names.contains(&format!("{stem}.png")), "{stem}: {names:?}");
            assert!(names.contains(&format!("{stem}.svg")), "{stem}: {names:?}");
        }
        // No figure pools the two cultures.
        assert!(!names.contains(&format!("{chart}.png")), "{names:?}");
    }
    // Each figure says which sweep point it shows, and none says it pools.
    let texts = svg_texts(&dir.join("charts/cycles-culture-positional.svg"));
    assert!(
        texts.iter().any(|t| t.contains("culture=positional")),
        "{texts:?}"
    );
    assert!(!texts.iter().any(|t| t.contains("pooled")), "{texts:?}");
    // The report shows every figure.
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    for chart in ["cycles", "cycles-traits", "levers"] {
        for point in ["culture-mixed", "culture-positional"] {
            let id = format!("<figure id=\"{chart}-{point}\">");
            assert!(html.contains(&id), "{id} is not in the report");
        }
    }
}

#[test]
fn an_organisation_sweep_point_figure_shows_that_point_alone() {
    let data = RunData::load(org_sweep_run()).unwrap();
    let pages = data.point_pages();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].part.as_deref(), Some("culture=positional"));
    // The lines of the second figure are the means over that point's runs only.
    let rows = negsim::charts::cycles::cycles_on(&data, &pages[1]);
    assert!(!rows.is_empty() && rows.iter().all(|r| r.point == 1));
    let only: Vec<_> = data
        .cycles
        .iter()
        .filter(|r| r.point == 1)
        .cloned()
        .collect();
    assert_eq!(rows, only);
    // Its per-condition estimates are that point's rows of summary.csv.
    for metric in Metric::ORGANISATION {
        let per = data.per_condition_on(metric, &pages[1]);
        for (c, e) in per.iter().enumerate() {
            assert_eq!(
                Some(*e),
                data.summary_estimate(c, 1, metric),
                "{metric:?} {c}"
            );
        }
    }
}
