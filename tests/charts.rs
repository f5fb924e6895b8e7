//! Charts and the report page, end to end: every chart type for a small experiment, image
//! sizes and content, SVG text, determinism, the report, and bad input.

mod common;

use common::{
    chart_files, chart_names, copy_dir, decode_png, ink, negsim_run as negsim, run_fixture,
    run_text_file, scratch_in, shared_run,
};
use negsim::charts::dance::{Dance, Moves};
use negsim::charts::data::{Metric, RunData};
use negsim::experiment::replay::replay_process;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A fresh folder for this file's runs under cargo's scratch directory.
fn scratch(name: &str) -> PathBuf {
    scratch_in("charts", name)
}

/// The two-condition, two-axis sweep run (job offer, bilateral), with its charts.
fn sweep_run() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    shared_run(&DIR, "charts", "sweep", "charts.toml")
}

/// The multi-party run without a sweep (office reorganisation), with its charts.
fn table_run() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    shared_run(&DIR, "charts", "table", "charts-table.toml")
}

#[test]
fn every_chart_type_is_drawn_for_a_two_axis_sweep() {
    assert_eq!(
        chart_names(sweep_run()),
        chart_files(&[
            "conditions",
            "sweep-deadline",
            "sweep-traits-openness-mean",
            "heatmap-joint-utility",
            "heatmap-win-win-win",
            // Boxes take two panels per sweep point: a figure per deadline.
            "distributions-deadline-8",
            "distributions-deadline-16",
            "distributions-deadline-32",
            "value-created-claimed",
            "world-value",
            "dance-collaborative",
            "dance-positional",
        ])
    );
    assert!(sweep_run().join("report.html").is_file());
    assert!(!sweep_run().join(".charts.partial").exists());
}

#[test]
fn a_run_without_a_sweep_gets_no_sweep_charts() {
    assert_eq!(
        chart_names(table_run()),
        chart_files(&[
            "conditions",
            "distributions",
            "value-created-claimed",
            "world-value",
            "dance-collaborative",
            "dance-positional",
        ])
    );
}

#[test]
fn pngs_have_the_requested_size_and_are_not_blank() {
    for dir in [sweep_run(), table_run()] {
        for name in chart_names(dir).iter().filter(|n| n.ends_with(".png")) {
            let (w, h, rgba) = decode_png(&dir.join("charts").join(name));
            assert_eq!((w, h), (1600, 900), "{name}");
            let (variance, inked) = ink(&rgba);
            assert!(variance > 200.0, "{name}: luminance variance {variance}");
            assert!(
                inked > 0.02 && inked < 0.9,
                "{name}: {:.1}% of the pixels carry ink",
                inked * 100.0
            );
        }
    }
}

/// Every text in an SVG document: charts set text as glyph outlines, each text a group named
/// by it (`aria-label`), so that no viewer substitutes a font of its own; none is left as
/// `<text>`.
fn svg_texts(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("{} is not valid XML: {e}", path.display()));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
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

#[test]
fn svgs_parse_and_carry_title_and_axis_labels_as_text() {
    let dir = sweep_run().join("charts");
    let cases: &[(&str, &[&str])] = &[
        (
            "conditions",
            &[
                "collaborative or positional: which creates more value, more often, faster?",
                "sum of utilities",
                "% of processes",
                "rounds",
            ],
        ),
        (
            "sweep-deadline",
            &[
                "How do the outcomes change with the deadline?",
                "deadline",
                "% of processes",
            ],
        ),
        (
            "heatmap-joint-utility",
            &[
                "Where in the sweep is the most value created?",
                "deadline",
                "mean openness",
            ],
        ),
        (
            "distributions-deadline-8",
            &[
                "How much do outcomes vary within each condition? (deadline=8)",
                "sum of utilities",
                "rounds",
            ],
        ),
        (
            "value-created-claimed",
            &[
                "Do agreements create value, or only divide it?",
                // A panel per sweep point, with short axis descriptions.
                "deadline=8, traits.openness.mean=0.2",
                "deadline=32, traits.openness.mean=0.8",
                "value created",
                // Where "value claimed: richest party's share" is wider than its panel.
                "richest party's share",
            ],
        ),
        (
            "world-value",
            &[
                "Is the deal also good for the world around the table?",
                "deadline=16, traits.openness.mean=0.8",
                "joint utility",
                "world value",
                "world threshold 0.7",
            ],
        ),
        (
            "dance-collaborative",
            &[
                "Did Sam (candidate) and Robin (hiring manager) find the Pareto frontier?",
                "utility of Sam (candidate)",
                "utility of Robin (hiring manager)",
                "Nash point",
            ],
        ),
    ];
    for (name, wanted) in cases {
        let texts = svg_texts(&dir.join(format!("{name}.svg")));
        for w in *wanted {
            // A title too long for its axis is set on two lines: two texts in a row.
            let two_lines = texts.windows(2).any(|p| format!("{} {}", p[0], p[1]) == *w);
            assert!(
                texts.iter().any(|t| t == w) || two_lines,
                "{name}.svg has no text `{w}`; it has {texts:?}"
            );
        }
    }
    for name in chart_names(sweep_run())
        .iter()
        .filter(|n| n.ends_with(".svg"))
    {
        let texts = svg_texts(&dir.join(name));
        assert!(texts.len() > 10, "{name} has too little text");
    }
    let table = svg_texts(&table_run().join("charts/dance-collaborative.svg"));
    assert!(
        table
            .iter()
            .any(|t| t == "Did the table's proposal clear everyone's BATNA?")
    );
    assert!(table.iter().any(|t| t == "round"));
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
fn charts_are_byte_identical_for_the_same_run_and_any_thread_count() {
    let base = sweep_run();
    let other = scratch("sweep-one-thread");
    run_fixture("charts.toml", &other, &["--threads", "1"]);
    assert_eq!(files(&base.join("charts")), files(&other.join("charts")));
    // Plotting the same directory again gives the same bytes, report included.
    let copy = scratch("sweep-replot");
    copy_dir(base, &copy);
    let before = (
        files(&copy.join("charts")),
        std::fs::read(copy.join("report.html")).unwrap(),
    );
    let o = negsim(&["plot", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let after = (
        files(&copy.join("charts")),
        std::fs::read(copy.join("report.html")).unwrap(),
    );
    assert!(before == after, "replotting changed the output");
}

#[test]
fn the_report_is_self_contained_and_complete() {
    let html = std::fs::read_to_string(sweep_run().join("report.html")).unwrap();
    assert!(html.contains("Charts test: does a collaborative culture beat a positional one"));
    for needle in [
        "collaborative",
        "positional",
        "id=\"summary\"",
        "id=\"comparison\"",
        "id=\"provenance\"",
        "config hash",
        "<code>traits.openness.mean</code>",
    ] {
        assert!(html.contains(needle), "report has no `{needle}`");
    }
    let charts = chart_names(sweep_run()).len() / 2;
    assert_eq!(
        html.matches("<svg ").count(),
        charts,
        "one inline SVG per chart"
    );
    // Nothing is fetched: no scripts, stylesheets, images or fonts from elsewhere.
    for forbidden in [
        "<script", "<link", "<img", "<iframe", "url(", "@import", "https://",
    ] {
        assert!(!html.contains(forbidden), "report contains `{forbidden}`");
    }
    let without_xmlns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(
        !without_xmlns.contains("http://"),
        "report refers to the network"
    );
}

#[test]
fn pooled_estimates_agree_with_summary_csv() {
    let data = RunData::load(sweep_run()).unwrap();
    let points = data.points();
    assert_eq!(points, 6);
    for metric in Metric::HEADLINE {
        let pooled = data.pooled(metric, data.conditions.len() * points, |p| {
            Some(p.condition * points + p.point)
        });
        for c in 0..data.conditions.len() {
            for point in 0..points {
                let s = data.summary_estimate(c, point, metric).unwrap();
                let p = pooled[c * points + point];
                assert_eq!(s.n, p.n);
                for (a, b) in [(s.mean, p.mean), (s.low, p.low), (s.high, p.high)] {
                    assert!((a - b).abs() < 1e-9, "{metric:?} {c} {point}: {a} vs {b}");
                }
            }
        }
    }
}

#[test]
fn the_dances_end_where_the_process_ended() {
    // Bilateral: the agreement point is the agreed utilities, and the Nash point lies on
    // the frontier.
    let data = RunData::load(sweep_run()).unwrap();
    let r = replay_process(&data.plan, 0).unwrap();
    // The run recorded the transcript of process 0: the very process, told as it happened.
    let recorded = data.transcripts.iter().find(|t| t.process_id == 0).unwrap();
    assert_eq!(recorded.events, r.outcome.transcript);
    assert_eq!(recorded.rounds, r.metrics.rounds);
    let dance = Dance::new(&data, recorded, "d".into()).unwrap();
    let Moves::Bilateral {
        frontier,
        nash,
        offers,
        agreement,
        ..
    } = &dance.moves
    else {
        panic!("the job offer has two stakeholders")
    };
    assert!(!frontier.is_empty());
    assert!(frontier.contains(&nash.unwrap()));
    assert!(offers.iter().all(|o| !o.is_empty()));
    if r.metrics.agreed {
        let a = agreement.unwrap();
        assert_eq!((a.x, a.y), (r.metrics.utilities[0], r.metrics.utilities[1]));
        assert_eq!(a.round, r.metrics.rounds);
    } else {
        assert!(agreement.is_none());
    }
    // Multi-party: one line per stakeholder, and in the round of agreement the leading
    // proposal is the agreed package.
    let data = RunData::load(table_run()).unwrap();
    let r = replay_process(&data.plan, 0).unwrap();
    assert!(
        r.metrics.agreed,
        "the collaborative table agrees in this fixture"
    );
    let recorded = data.transcripts.iter().find(|t| t.process_id == 0).unwrap();
    assert_eq!(recorded.events, r.outcome.transcript);
    let dance = Dance::new(&data, recorded, "d".into()).unwrap();
    let Moves::Table {
        rounds,
        utilities,
        agreed_round,
    } = &dance.moves
    else {
        panic!("the office reorganisation has five stakeholders")
    };
    assert_eq!(utilities.len(), 5);
    assert_eq!(*agreed_round, Some(r.metrics.rounds));
    assert_eq!(rounds.last().copied(), Some(r.metrics.rounds));
    let last: Vec<f64> = utilities.iter().map(|u| *u.last().unwrap()).collect();
    assert_eq!(last, r.metrics.utilities);
}

/// Runs `negsim plot` and expects exit code 2; returns stderr.
fn plot_fails(args: &[&str]) -> String {
    let mut all = vec!["plot"];
    all.extend_from_slice(args);
    let o = negsim(&all);
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(
        o.status.code(),
        Some(2),
        "expected exit 2, got {:?}: {stderr}",
        o.status
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn a_folder_that_is_not_a_run_is_refused() {
    let dir = scratch("not-a-run");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "hello").unwrap();
    let err = plot_fails(&[dir.to_str().unwrap()]);
    assert!(err.contains("is not a negsim output directory"), "{err}");
    assert!(err.contains("hint:"), "{err}");
    assert!(!dir.join("charts").exists());
    assert!(!dir.join(".charts.partial").exists());
    assert!(!dir.join("report.html").exists());
    let err = plot_fails(&[dir.join("nowhere").to_str().unwrap()]);
    assert!(err.contains("is not a directory"), "{err}");
}

/// A copy of the sweep run whose `file` is changed by `edit`; the old charts get a marker
/// that must survive a failed plot.
fn damaged(name: &str, file: &str, edit: impl Fn(&str) -> Option<String>) -> PathBuf {
    let dir = scratch(name);
    copy_dir(sweep_run(), &dir);
    std::fs::write(dir.join("charts/marker"), "old charts").unwrap();
    let path = dir.join(file);
    match edit(&std::fs::read_to_string(&path).unwrap()) {
        Some(text) => std::fs::write(&path, text).unwrap(),
        None => std::fs::remove_file(&path).unwrap(),
    }
    dir
}

fn untouched(dir: &Path) {
    assert!(
        dir.join("charts/marker").exists(),
        "the old charts were replaced"
    );
    assert!(
        !dir.join(".charts.partial").exists(),
        "a partial chart folder was left"
    );
    assert_eq!(
        files(&dir.join("charts")).len(),
        chart_names(sweep_run()).len() + 1
    );
}

#[test]
fn a_missing_csv_is_named_and_nothing_is_replaced() {
    // (A missing summary.csv is written again from processes.csv: see tests/experiments.rs.)
    let dir = damaged("missing-processes", "processes.csv", |_| None);
    let err = plot_fails(&[dir.to_str().unwrap()]);
    assert!(err.contains("processes.csv is missing"), "{err}");
    untouched(&dir);
}

fn replace_line(text: &str, line: usize, f: impl Fn(&str) -> String) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == line { f(l) } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn a_corrupt_value_is_named_with_file_line_and_column() {
    let dir = damaged("corrupt-value", "processes.csv", |text| {
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let col = header.iter().position(|h| *h == "joint_utility").unwrap();
        Some(replace_line(text, 5, |l| {
            let mut f: Vec<String> = l.split(',').map(String::from).collect();
            f[col] = "lots".into();
            f.join(",")
        }))
    });
    let err = plot_fails(&[dir.to_str().unwrap()]);
    assert!(err.contains("processes.csv, line 5"), "{err}");
    assert!(
        err.contains("`joint_utility`: expected a number, found `lots`"),
        "{err}"
    );
    untouched(&dir);
}

#[test]
fn a_truncated_row_is_named_with_file_and_line() {
    let dir = damaged("truncated-row", "summary.csv", |text| {
        Some(replace_line(text, 3, |l| l[..l.len() / 2].to_string()))
    });
    let err = plot_fails(&[dir.to_str().unwrap()]);
    assert!(err.contains("summary.csv, line 3"), "{err}");
    assert!(err.contains("fields but the header has"), "{err}");
    untouched(&dir);
}

#[test]
fn an_unknown_condition_is_named_with_file_and_line() {
    let dir = damaged("unknown-condition", "comparison.csv", |text| {
        Some(replace_line(text, 2, |l| {
            l.replacen("positional", "competitive", 1)
        }))
    });
    let err = plot_fails(&[dir.to_str().unwrap()]);
    assert!(err.contains("comparison.csv, line 2"), "{err}");
    assert!(err.contains("condition `competitive`"), "{err}");
    untouched(&dir);
}

#[test]
fn a_process_that_does_not_exist_is_refused_and_the_old_charts_stay() {
    // The dance is drawn last, so the other charts were already drawn when this fails.
    let dir = damaged("bad-process", "manifest.json", |t| Some(t.to_string()));
    let err = plot_fails(&[dir.to_str().unwrap(), "--process", "999"]);
    assert!(err.contains("there is no process 999"), "{err}");
    untouched(&dir);
}

#[test]
fn the_dance_of_a_chosen_process_is_drawn() {
    let dir = scratch("chosen-process");
    copy_dir(table_run(), &dir);
    let o = negsim(&["plot", dir.to_str().unwrap(), "--process", "3"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let names = chart_names(&dir);
    assert!(
        names.contains(&"dance-process-3.png".to_string()),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.starts_with("dance-collaborative")));
}

#[test]
fn the_run_records_the_transcripts_the_dances_draw_and_an_older_folder_still_plots() {
    // The run recorded the first replication of every condition, one JSON line each.
    let text = std::fs::read_to_string(table_run().join("transcripts.jsonl")).unwrap();
    let ids: Vec<u64> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["process_id"]
                .as_u64()
                .unwrap()
        })
        .collect();
    let data = RunData::load(table_run()).unwrap();
    assert_eq!(ids, (0..data.conditions.len() as u64).collect::<Vec<_>>());
    // A folder from before runs recorded transcripts plots the same dances: `negsim plot`
    // records them on the way, without writing into the folder.
    let dir = scratch("no-transcripts");
    copy_dir(table_run(), &dir);
    std::fs::remove_file(dir.join("transcripts.jsonl")).unwrap();
    let o = negsim(&["plot", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!dir.join("transcripts.jsonl").exists());
    let dances: Vec<String> = chart_names(table_run())
        .into_iter()
        .filter(|n| n.starts_with("dance-") && n.ends_with(".svg"))
        .collect();
    assert!(!dances.is_empty());
    for name in dances {
        let chart = |d: &Path| std::fs::read(d.join("charts").join(&name)).unwrap();
        assert!(chart(table_run()) == chart(&dir), "{name} differs");
    }
    // A transcript of another run is refused with the file and line.
    std::fs::write(
        dir.join("transcripts.jsonl"),
        text.replacen(&data.manifest.config_hash, "0123", 1),
    )
    .unwrap();
    let err = plot_fails(&[dir.to_str().unwrap()]);
    assert!(
        err.contains("transcripts.jsonl") && err.contains("line 1"),
        "{err}"
    );
    assert!(err.contains("belongs to another run"), "{err}");
}

#[test]
fn charts_and_the_report_can_go_to_another_folder() {
    let run = scratch("plot-out-run");
    run_fixture("charts-table.toml", &run, &["--no-plots"]);
    let run_dir = run.to_str().unwrap();
    let plot_to = |out: &Path| {
        let o = negsim(&["plot", run_dir, "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let refused = |out: &Path| plot_fails(&[run_dir, "--out", out.to_str().unwrap()]);
    let out = scratch("plot-out-elsewhere").join("figures");
    plot_to(&out);
    assert!(chart_names(&out).contains(&"conditions.png".to_string()));
    assert!(out.join("report.html").is_file());
    // The run's folder is only read.
    assert!(!run.join("charts").exists() && !run.join("report.html").exists());
    // A file where the folder should be is refused.
    refused(&out.join("report.html"));
    // Another run's folder is refused: its charts would be replaced by this run's.
    let other = scratch("plot-out-other-run");
    run_fixture("charts-table.toml", &other, &["--no-plots"]);
    let stderr = refused(&other);
    assert!(stderr.contains("holds the results of a run"), "{stderr}");
    assert!(!other.join("charts").exists());
    // The run's own folder as --out is the default, not a folder locked twice.
    plot_to(&run);
    assert!(run.join("report.html").is_file());
    // A file named `charts` where the charts' folder goes is refused before any drawing,
    // and nothing is left behind.
    let elsewhere = scratch("plot-out-charts-file");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("charts"), "notes").unwrap();
    let stderr = refused(&elsewhere);
    assert!(
        stderr.contains("charts is a file, where the charts go in a folder"),
        "{stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(&elsewhere).unwrap().collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn conditions_whose_names_give_one_file_name_keep_a_chart_each() {
    let out = run_text_file(
        &scratch("name-collision"),
        "collide.toml",
        "[experiment]\nname = \"collide\"\nseed = 1\nreplications = 2\n[base]\ncase = \"job-offer\"\n\
         [[condition]]\nname = \"a/b\"\nculture = \"collaborative\"\n\
         [[condition]]\nname = \"a-b\"\nculture = \"positional\"\n",
    );
    let names = chart_names(&out);
    assert!(names.contains(&"dance-a-b.png".to_string()), "{names:?}");
    assert!(names.contains(&"dance-a-b-2.png".to_string()), "{names:?}");
    let report = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(report.contains("Process 0 (a/b") && report.contains("Process 1 (a-b"));
}

#[test]
fn run_with_no_plots_draws_nothing() {
    let dir = scratch("no-plots");
    run_fixture("charts-table.toml", &dir, &["--no-plots"]);
    assert!(dir.join("summary.csv").is_file());
    assert!(!dir.join("charts").exists());
    assert!(!dir.join("report.html").exists());
}

// One parameter at a time --------------------------------------------------------------------

/// The one-at-a-time sweep run (job offer: deadline and openness, each on its own).
fn one_at_a_time_run() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    shared_run(&DIR, "charts", "one-at-a-time", "charts-one-at-a-time.toml")
}

#[test]
fn a_one_at_a_time_sweep_gets_a_chart_per_metric_and_no_heatmap() {
    assert_eq!(
        chart_names(one_at_a_time_run()),
        chart_files(&[
            "conditions",
            "sweep-joint-utility",
            "sweep-win-win-win",
            "sweep-agreed",
            "sweep-rounds",
            // Boxes take two panels per sweep point: a figure per varied parameter.
            "distributions-deadline-varied",
            "distributions-traits-openness-mean-varied",
            "value-created-claimed",
            "world-value",
            "dance-collaborative",
            "dance-positional",
        ])
    );
    for name in chart_names(one_at_a_time_run())
        .iter()
        .filter(|n| n.ends_with(".png"))
    {
        let (w, h, rgba) = decode_png(&one_at_a_time_run().join("charts").join(name));
        assert_eq!((w, h), (1600, 900), "{name}");
        let (variance, inked) = ink(&rgba);
        assert!(variance > 200.0, "{name}: luminance variance {variance}");
        assert!(inked > 0.02 && inked < 0.9, "{name}: {inked}");
    }
}

#[test]
fn one_at_a_time_rows_are_placed_by_the_varied_column() {
    let data = RunData::load(one_at_a_time_run()).unwrap();
    assert!(data.one_at_a_time());
    // deadline 8, 16, 32 then openness 0.2, 0.8: five points, not the 3 x 2 grid.
    assert_eq!(data.points(), 5);
    assert_eq!(data.varied(0), Some((0, 0)));
    assert_eq!(data.varied(2), Some((0, 2)));
    assert_eq!(data.varied(3), Some((1, 0)));
    assert_eq!(data.varied(4), Some((1, 1)));
    assert_eq!(data.point_label(4), "traits.openness.mean=0.8");
    // Every point holds 2 conditions x 3 replications.
    for point in 0..5 {
        let n = data.processes.iter().filter(|p| p.point == point).count();
        assert_eq!(n, 6, "point {point}");
    }
    // The base values: the deadline of [base], openness of each condition's culture.
    assert_eq!(data.base_label(0, 0), Some("20"));
    assert_eq!(data.base_label(1, 0), Some("20"));
    assert_eq!(data.base_label(0, 1), Some("0.8"));
    assert_eq!(data.base_label(1, 1), Some("0.25"));
    // Process 1 is the positional condition at deadline 8: its openness column holds the
    // culture's 0.25, which is not a swept value.
    let p1 = data.processes.iter().find(|p| p.id == 1).unwrap();
    assert_eq!((p1.condition, p1.point), (1, 0));
    // Pooling the rows of each point gives summary.csv's figures.
    let points = data.points();
    for metric in Metric::HEADLINE {
        let pooled = data.pooled(metric, data.conditions.len() * points, |p| {
            Some(p.condition * points + p.point)
        });
        for c in 0..data.conditions.len() {
            for point in 0..points {
                let s = data.summary_estimate(c, point, metric).unwrap();
                let p = pooled[c * points + point];
                assert_eq!(s.n, p.n);
                assert!((s.mean - p.mean).abs() < 1e-9, "{metric:?} {c} {point}");
            }
        }
    }
}

#[test]
fn one_at_a_time_charts_name_their_panels_and_base_values() {
    let dir = one_at_a_time_run().join("charts");
    let texts = svg_texts(&dir.join("sweep-win-win-win.svg"));
    for wanted in [
        "Which parameter changes the win-win-win rate most?",
        "deadline",
        "traits.openness.mean",
        "% of processes",
        "collaborative",
        "positional",
        "base value (where the other panels hold this parameter)",
    ] {
        assert!(
            texts.iter().any(|t| t == wanted),
            "no `{wanted}` in {texts:?}"
        );
    }
    let texts = svg_texts(&dir.join("sweep-rounds.svg"));
    assert!(
        texts
            .iter()
            .any(|t| t == "Which parameter changes the rounds used most?")
    );
    // The dance names the point of process 0 by its varied parameter.
    let texts = svg_texts(&dir.join("dance-collaborative.svg"));
    assert!(texts.iter().any(|t| t.contains("deadline=8")), "{texts:?}");
}

#[test]
fn one_at_a_time_charts_are_deterministic_and_the_report_shows_the_varied_parameter() {
    let other = scratch("one-at-a-time-one-thread");
    run_fixture("charts-one-at-a-time.toml", &other, &["--threads", "1"]);
    assert_eq!(
        files(&one_at_a_time_run().join("charts")),
        files(&other.join("charts"))
    );
    let html = std::fs::read_to_string(one_at_a_time_run().join("report.html")).unwrap();
    for needle in [
        "<th>varied</th><th>value</th>",
        "Swept parameters, one at a time",
        "<code>deadline</code>: 8, 16, 32 (base value 20)",
        "(one parameter at a time)",
    ] {
        assert!(html.contains(needle), "report has no `{needle}`");
    }
    // Openness has a different base value in each condition: none is claimed for all.
    assert!(html.contains("<code>traits.openness.mean</code>: 0.2, 0.8</li>"));
    assert_eq!(
        html.matches("<svg ").count(),
        chart_names(one_at_a_time_run()).len() / 2
    );
}

#[test]
fn an_unknown_varied_parameter_is_named_with_file_and_line() {
    let dir = scratch("unknown-varied");
    copy_dir(one_at_a_time_run(), &dir);
    let path = dir.join("processes.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        replace_line(&text, 4, |l| l.replacen(",deadline,", ",patience,", 1)),
    )
    .unwrap();
    let err = plot_fails(&[dir.to_str().unwrap()]);
    assert!(err.contains("processes.csv, line 4"), "{err}");
    assert!(
        err.contains("`varied` names `patience`, which is not a sweep axis"),
        "{err}"
    );
}

#[test]
fn tables_of_different_sizes_compare_value_created_per_stakeholder() {
    // Joint utility grows with every seat, so across table sizes it would compare sizes,
    // not outcomes: the charts show mean utility instead, as summary.csv computes it.
    let dir = scratch("group-size");
    run_fixture("charts-group-size.toml", &dir, &[]);
    let data = RunData::load(&dir).unwrap();
    assert_eq!(data.value_created(), Metric::MeanUtility);
    assert_eq!(data.headline()[0], Metric::MeanUtility);
    let points = data.points();
    let pooled = data.pooled(Metric::MeanUtility, data.conditions.len() * points, |p| {
        Some(p.condition * points + p.point)
    });
    for (point, p) in pooled.iter().enumerate() {
        let s = data
            .summary_estimate(0, point, Metric::MeanUtility)
            .unwrap();
        assert_eq!((s.n, s.mean), (p.n, p.mean));
    }
    let titles = svg_texts(&dir.join("charts/sweep-case-generator-stakeholders.svg"));
    assert!(
        titles.iter().any(|t| t == "Value created: mean utility"),
        "{titles:?}"
    );
    // One table size keeps joint utility.
    assert_eq!(
        RunData::load(sweep_run()).unwrap().value_created(),
        Metric::JointUtility
    );
}
