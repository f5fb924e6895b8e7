//! Charts fit for papers: small multiples per sweep point (two cases or two group sizes never
//! share a scatter or a box), a threshold line per case, text as outlines of the embedded
//! font, `negsim plot`'s size, type scale and bare frame, and generated cases that can be
//! traced from the `case` column to a case file.

mod common;

use common::{decode_png, negsim_run as negsim, run_fixture, scratch_in, shared_run};
use negsim::charts::conditions::Conditions;
use negsim::charts::data::RunData;
use negsim::charts::distributions::Distributions;
use negsim::charts::value_claimed::ValueClaimed;
use negsim::charts::world_value::WorldValue;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The sweep over two cases (2 and 5 stakeholders), with its charts.
fn cases_run() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    shared_run(&DIR, "charts-papers", "cases", "charts-cases.toml")
}

/// The sweep over generated tables of 2 and 5 stakeholders, with its charts.
fn generated_run() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    shared_run(&DIR, "charts-papers", "generated", "charts-group-size.toml")
}

#[test]
fn scatters_and_boxes_get_one_panel_per_case() {
    let data = RunData::load(cases_run()).unwrap();
    let titles = [
        Some("case=job-offer".to_string()),
        Some("case=office-reorganisation".to_string()),
    ];
    let chart = ValueClaimed::new(&data);
    assert_eq!(
        chart
            .facets
            .iter()
            .map(|f| f.title.clone())
            .collect::<Vec<_>>(),
        titles
    );
    // Every process is in the panel of its own case, and each panel has its own equal split.
    for (f, stakeholders) in [(0, 2), (1, 5)] {
        let drawn: u64 = chart.facets[f].points.iter().map(|p| p.3).sum();
        let here = data.processes.iter().filter(|p| p.point == f);
        assert_eq!(drawn, here.clone().count() as u64);
        assert!(here.clone().all(|p| p.stakeholders == stakeholders));
        assert_eq!(
            chart.facets[f].equal_split,
            Some(1.0 / f64::from(stakeholders))
        );
    }
    // One dashed threshold per panel: the threshold of that panel's case.
    let world = WorldValue::new(&data);
    let thresholds: Vec<Vec<f64>> = world.facets.iter().map(|f| f.thresholds.clone()).collect();
    assert_eq!(thresholds, [vec![0.7], vec![0.85]]);
    // The bars: a group per case, a bar per condition in it, each of its own five processes.
    let bars = Conditions::new(&data);
    assert_eq!(bars.groups, titles);
    for (metric, estimates) in &bars.panels {
        assert_eq!(estimates.len(), 4, "{metric:?}");
        assert!(
            estimates.iter().all(|e| e.n == 5),
            "{metric:?}: {estimates:?}"
        );
    }
    let boxes = Distributions::new(&data);
    assert_eq!(boxes.facets.len(), 2);
    for (f, (title, panels)) in boxes.facets.iter().enumerate() {
        assert_eq!(title, &titles[f]);
        for (_, per_condition) in panels {
            // Five replications of each condition in each case: nothing pooled.
            assert!(per_condition.iter().all(|b| b.n == 5), "{per_condition:?}");
        }
    }
}

#[test]
fn a_run_without_a_sweep_keeps_one_untitled_panel_with_its_threshold() {
    let dir = scratch_in("charts-papers", "table");
    run_fixture("charts-table.toml", &dir, &["--no-plots"]);
    let data = RunData::load(&dir).unwrap();
    let world = WorldValue::new(&data);
    assert_eq!(world.facets.len(), 1);
    assert_eq!(world.facets[0].title, None);
    assert_eq!(world.facets[0].thresholds, [0.85]);
    assert_eq!(ValueClaimed::new(&data).facets[0].equal_split, Some(0.2));
}

#[test]
fn svgs_carry_their_text_as_outlines_of_the_embedded_font() {
    let svg = std::fs::read_to_string(cases_run().join("charts/world-value.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert!(!doc.descendants().any(|n| n.has_tag_name("text")));
    assert!(
        !svg.contains("font-family"),
        "no text is left to a viewer's font"
    );
    // Glyphs are defined once and used by reference; every use points at a definition.
    let defined: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert!(defined.iter().all(|id| id.starts_with("world-value-")));
    let uses: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("use"))
        .filter_map(|n| n.attribute("href"))
        .collect();
    assert!(
        uses.len() > 4 * defined.len(),
        "{} uses of {}",
        uses.len(),
        defined.len()
    );
    assert!(uses.iter().all(|u| defined.contains(&&u[1..])));
    // The words are still there for readers and search, one group per text.
    let labels: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("aria-label"))
        .collect();
    for wanted in [
        "Is the deal also good for the world around the table?",
        "case=job-offer",
        "case=office-reorganisation",
        "world threshold 0.7",
        "world threshold 0.85",
    ] {
        assert!(labels.contains(&wanted), "{wanted}: {labels:?}");
    }
}

#[test]
fn plot_draws_at_the_asked_size_with_bare_frames() {
    let out = scratch_in("charts-papers", "paper");
    let o = negsim(&[
        "plot",
        cases_run().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--size",
        "1200x900",
        "--font-scale",
        "1.4",
        "--bare",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (w, h, _) = decode_png(&out.join("charts/world-value.png"));
    assert_eq!((w, h), (1200, 900));
    let svg = std::fs::read_to_string(out.join("charts/world-value.svg")).unwrap();
    assert!(svg.contains("width=\"1200\"") && svg.contains("height=\"900\""));
    // No title and no source line; the legend and the panels stay.
    assert!(!svg.contains("aria-label=\"Is the deal also good"));
    assert!(!svg.contains("aria-label=\"negsim "));
    assert!(svg.contains("aria-label=\"win-win-win\""));
    assert!(svg.contains("aria-label=\"case=job-offer\""));
    // The report's own charts, in the run's folder, keep their frame.
    let report = std::fs::read_to_string(cases_run().join("charts/world-value.svg")).unwrap();
    assert!(report.contains("aria-label=\"Is the deal also good"));
}

#[test]
fn plot_refuses_sizes_and_scales_it_cannot_draw() {
    let dir = cases_run().to_str().unwrap();
    for (args, expect) in [
        (&["--size", "1200"][..], "expected WIDTHxHEIGHT"),
        (&["--size", "100x900"][..], "320 to 8000"),
        (&["--font-scale", "9"][..], "0.5 to 4"),
        (&["--font-scale", "big"][..], "expected a number"),
        // Accepted sides, but too small for the layouts at their type scale.
        (&["--size", "800x600"][..], "at least 1000x760 pixels"),
        (
            &["--size", "1000x750", "--font-scale", "1.5", "--bare"][..],
            "at least 1260x945 pixels at this type scale",
        ),
    ] {
        let mut all = vec!["plot", dir];
        all.extend_from_slice(args);
        let o = negsim(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(expect), "{args:?}: {err}");
    }
}

#[test]
fn a_generated_case_is_named_by_its_content_and_written_as_a_case_file() {
    let dir = generated_run();
    let mut reader = csv::Reader::from_path(dir.join("processes.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (case, agreement, replication) = (col("case"), col("agreement"), col("replication"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mut names: Vec<String> = rows.iter().map(|r| r[case].to_string()).collect();
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("generated-") && n.len() == 22),
        "{names:?}"
    );
    names.sort();
    names.dedup();
    // A new case per replication and table size (12 x 2), each written once.
    assert_eq!(names.len(), 24);
    let files: Vec<String> = std::fs::read_dir(dir.join("cases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), names.len());
    // An agreement names issues and options of the case file its row names, and the file
    // is a case negsim reads, whose content gives its name again.
    let agreed = rows.iter().find(|r| !r[agreement].is_empty()).unwrap();
    let text =
        std::fs::read_to_string(dir.join("cases").join(format!("{}.toml", &agreed[case]))).unwrap();
    let parsed: negsim::model::case::Case = toml::from_str(&text).unwrap();
    assert_eq!(parsed.name, agreed[case].to_string());
    assert_eq!(negsim::model::generator::generated_id(&parsed), parsed.name);
    for pair in agreed[agreement].split(';') {
        let (issue, option) = pair.split_once('=').unwrap();
        let issue = parsed.issues.iter().find(|i| i.key == issue).unwrap();
        assert!(issue.options.iter().any(|o| o.key == option), "{pair}");
    }
    // Replication 0 at two table sizes negotiates two different cases.
    let first = |r: &str, point_case: usize| {
        rows.iter()
            .filter(|row| &row[replication] == r)
            .nth(point_case)
            .map(|row| row[case].to_string())
    };
    assert_ne!(first("0", 0), first("0", 1));
}

#[test]
fn the_same_generated_cases_come_from_another_run_of_the_same_file() {
    let again = scratch_in("charts-papers", "generated-again");
    run_fixture(
        "charts-group-size.toml",
        &again,
        &["--no-plots", "--threads", "1"],
    );
    assert_eq!(
        std::fs::read(generated_run().join("processes.csv")).unwrap(),
        std::fs::read(again.join("processes.csv")).unwrap()
    );
    assert_eq!(case_files(generated_run()), case_files(&again));
}

/// The case files of a run: (file name, bytes), by name.
fn case_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir.join("cases"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn merged_shards_write_the_generated_cases_of_the_whole_run() {
    let base = scratch_in("charts-papers", "shards");
    let shards: Vec<PathBuf> = (1..=2).map(|k| base.join(format!("shard-{k}"))).collect();
    for (k, dir) in shards.iter().enumerate() {
        let shard = format!("{}/2", k + 1);
        run_fixture("charts-group-size.toml", dir, &["--shard", &shard]);
        // A shard writes no cases: the merge writes them all, once.
        assert!(!dir.join("cases").exists());
    }
    let merged = base.join("merged");
    let o = negsim(&[
        "merge",
        shards[0].to_str().unwrap(),
        shards[1].to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
        "--no-plots",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(case_files(generated_run()), case_files(&merged));
}

#[test]
fn an_organisation_on_generated_cases_writes_its_case_pools() {
    let dir = scratch_in("charts-papers", "organisation-generated");
    run_fixture(
        "charts-organisation-generated.toml",
        &dir,
        &["--no-plots", "--threads", "2"],
    );
    let mut reader = csv::Reader::from_path(dir.join("processes.csv")).unwrap();
    let case = reader.headers().unwrap().iter().position(|h| h == "case");
    let mut used: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[case.unwrap()].to_string())
        .collect();
    used.sort();
    used.dedup();
    assert!(!used.is_empty());
    let files = case_files(&dir);
    // Two organisation runs x three group sizes x two cases in each pool.
    assert_eq!(files.len(), 12);
    for name in &used {
        let file = format!("{name}.toml");
        let (_, bytes) = files.iter().find(|(f, _)| *f == file).unwrap();
        let parsed: negsim::model::case::Case =
            toml::from_str(std::str::from_utf8(bytes).unwrap()).unwrap();
        assert_eq!(negsim::model::generator::generated_id(&parsed), *name);
        assert!((3..=5).contains(&parsed.stakeholders.len()));
    }
    // The files are a function of the file and its seed, not of the thread count.
    let again = scratch_in("charts-papers", "organisation-generated-1");
    run_fixture(
        "charts-organisation-generated.toml",
        &again,
        &["--no-plots", "--threads", "1"],
    );
    assert_eq!(files, case_files(&again));
}
