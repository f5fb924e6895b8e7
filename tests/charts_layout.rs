//! The layouts of the charts hold in every case `negsim plot` accepts: no two texts of a
//! figure share pixels, none leaves the canvas, no axis title of a bar, box, line, cycle,
//! lever or scatter panel is cut short with an ellipsis (one too long for its room is set
//! smaller or on two lines instead), every condition name under bars and boxes is drawn whole
//! (at every look, the smallest canvases accepted too) over plots no shorter than
//! [`MIN_PLOT`], and small multiples that compare (a one-at-a-time sweep, the trait means over
//! cycles) get plots of one size; the trait panels and the bar panels of the conditions chart
//! take a fair part of the height at the report's and the paper's size; for small and large
//! sweeps, many conditions and sweeps of organisations. Every chart holds at the report's size,
//! at the README's size and type scale for a paper, and at the smallest canvases accepted.
//! Figures are drawn in memory from each run's results.

mod common;

use common::{scratch_in, shared_run};
use negsim::charts::data::{Metric, RunData};
use negsim::charts::draw::MIN_PLOT;
use negsim::charts::figure::{Canvas, Rendered};
use negsim::charts::theme::{Look, SMALLEST, SMALLEST_BARE};
use negsim::charts::{BUILDERS, PlotOptions};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn run(cell: &'static OnceLock<PathBuf>, name: &str, fixture: &str) -> &'static Path {
    shared_run(cell, "charts-layout", name, fixture)
}

/// The looks roomy enough that two rows of panels each keep at least 0.35 of their row's
/// share of the canvas (see [`plots_unequal`]): the report's and the paper's. On the smallest
/// canvases the title, subtitle and legend take more of the height. Every other check holds
/// every chart at every look.
const ROOMY: [&str; 2] = ["report", "paper"];

/// Every figure the builders draw for a run in a look.
fn draw(dir: &Path, look: Look, tag: &str) -> Vec<Rendered> {
    negsim::charts::fonts::register().unwrap();
    let data = RunData::load(dir).unwrap();
    let out = scratch_in("charts-layout", tag);
    std::fs::create_dir_all(&out).unwrap();
    let options = PlotOptions {
        look,
        ..PlotOptions::default()
    };
    let mut canvas = Canvas::with_look(&out, look);
    for build in BUILDERS {
        build(&data, &options, &mut canvas).unwrap();
    }
    canvas.rendered
}

/// The report's look, the README's look for a paper, and the smallest canvases accepted.
fn looks() -> [(&'static str, Look); 5] {
    [
        ("report", Look::default()),
        (
            "paper",
            Look {
                width: 1200,
                height: 900,
                font_scale: 1.4,
                bare: true,
            },
        ),
        (
            "smallest",
            Look {
                width: SMALLEST.0,
                height: SMALLEST.1,
                font_scale: 1.0,
                bare: false,
            },
        ),
        (
            "smallest-bare",
            Look {
                width: SMALLEST_BARE.0,
                height: SMALLEST_BARE.1,
                font_scale: 1.0,
                bare: true,
            },
        ),
        (
            "smallest-large-type",
            Look {
                width: SMALLEST.0 * 3 / 2,
                height: SMALLEST.1 * 3 / 2,
                font_scale: 1.5,
                bare: false,
            },
        ),
    ]
}

/// The axis titles of the bar, box, line, cycle and lever panels, which may be set smaller or
/// on two lines but never cut short.
fn axis_titles() -> Vec<&'static str> {
    let metrics = [
        Metric::JointUtility,
        Metric::MeanUtility,
        Metric::WinWinWin,
        Metric::Agreed,
        Metric::Rounds,
        Metric::FinalWinWinWin,
        Metric::MeanWinWinWin,
        Metric::WinWinWinGain,
        Metric::FinalCollaborativeness,
        Metric::CyclesToCollaborative,
        Metric::TotalCost,
        Metric::GainPerCost,
    ];
    metrics
        .iter()
        .map(|m| m.axis())
        .chain([
            "total cost of the levers (cost units)",
            "gain (percentage points)",
            "percentage points per 1,000 cost units",
            "% of the cycle's processes",
            "population mean (0 to 1)",
            "population mean",
            "cycle",
            // The scatters' axes, in full and on one of several panels.
            "value claimed: share of the joint utility that went to the richest party",
            "value created: joint utility",
            "value claimed: richest party's share",
            "value created",
            "value at the table: joint utility",
            "value for the world: world value (0 to 1)",
            "joint utility",
            "world value",
        ])
        .collect()
}

/// Axis titles of a figure cut short with an ellipsis: texts ending in one whose start (three
/// characters or more) begins an axis title.
fn cut_short(figure: &Rendered) -> Vec<String> {
    let titles = axis_titles();
    figure
        .texts
        .iter()
        .filter_map(|t| {
            let stem = t.text.strip_suffix('…')?.trim_end();
            (stem.chars().count() >= 3 && titles.iter().any(|a| a.starts_with(stem)))
                .then(|| format!("{}: `{}` is cut short", figure.name, t.text))
        })
        .collect()
}

/// Condition names under the bars and boxes of a figure that are not drawn whole: cut short
/// with an ellipsis, or (where `named`, a figure naming every condition under its bars or
/// boxes) found in no text, nor in two texts of consecutive lines.
fn names_cut(figure: &Rendered, names: &[String], named: bool) -> Vec<String> {
    let mut found: Vec<String> = figure
        .texts
        .iter()
        .filter_map(|t| {
            let stem = t.text.strip_suffix('…')?.trim_end();
            names
                .iter()
                .any(|n| n.starts_with(stem))
                .then(|| format!("{}: condition name `{}` is cut short", figure.name, t.text))
        })
        .collect();
    if named {
        let texts: Vec<&str> = figure.texts.iter().map(|t| t.text.as_str()).collect();
        let whole = |n: &str| {
            texts.contains(&n)
                || texts
                    .windows(2)
                    .any(|w| format!("{}{}", w[0], w[1]) == n || format!("{} {}", w[0], w[1]) == n)
        };
        found.extend(
            names
                .iter()
                .filter(|n| !whole(n))
                .map(|n| format!("{}: condition name `{n}` is not drawn whole", figure.name)),
        );
    }
    found
}

/// What is wrong with the sizes of a figure's plots: small multiples that compare (the
/// panels of a one-at-a-time sweep, of the trait means over cycles) differ in width or height
/// by more than a pixel; the trait panels and the bar panels of the conditions chart without
/// a sweep (two rows of each) take less than `least` of their row's share of the canvas's
/// height.
fn plots_unequal(figure: &Rendered, data: &RunData, least: f64) -> Vec<String> {
    let compared = figure.name.starts_with("cycles-traits")
        || data.one_at_a_time() && figure.name.starts_with("sweep-");
    let two_rows = figure.name.starts_with("cycles-traits")
        || figure.name == "conditions" && data.points() == 1;
    if !(compared || two_rows) || figure.plots.len() < 2 {
        return Vec::new();
    }
    let mut found = Vec::new();
    let widths: Vec<i32> = figure.plots.iter().map(|p| p.2 - p.0).collect();
    let heights: Vec<i32> = figure.plots.iter().map(|p| p.3 - p.1).collect();
    for (what, sizes) in [("widths", &widths), ("heights", &heights)] {
        let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        if compared && hi - lo > 1 {
            found.push(format!("{}: plot {what} differ: {sizes:?}", figure.name));
        }
    }
    if two_rows && figure.plots.len() > 2 {
        // Two rows of panels.
        let share = f64::from(figure.size.1) / 2.0;
        if let Some(h) = heights.iter().find(|&&h| f64::from(h) < least * share) {
            found.push(format!(
                "{}: a plot {h} pixels high, less than {least} of its row's {share}",
                figure.name
            ));
        }
    }
    found
}

/// Plots under condition names (of a figure `named`, see [`names_cut`]) shorter than
/// [`MIN_PLOT`] at the look's type scale: the names took their height.
fn plots_short(figure: &Rendered, look: Look, named: bool) -> Vec<String> {
    if !named {
        return Vec::new();
    }
    let least = (MIN_PLOT * look.font_scale).round() as i32;
    figure
        .plots
        .iter()
        .map(|p| p.3 - p.1)
        .filter(|&h| h < least)
        .map(|h| format!("{}: a plot {h} pixels high, less than {least}", figure.name))
        .collect()
}

fn assert_readable(name: &str, dir: &Path) {
    let mut problems = Vec::new();
    let data = RunData::load(dir).unwrap();
    for (tag, look) in looks() {
        let figures = draw(dir, look, &format!("{name}-{tag}"));
        let least = if ROOMY.contains(&tag) { 0.35 } else { 0.0 };
        for figure in &figures {
            let under_bars =
                figure.name.starts_with("conditions") || figure.name.starts_with("distributions");
            // The conditions chart of a sweep names sweep points under its bars.
            let named = figure.name.starts_with("distributions")
                || figure.name == "conditions" && data.points() == 1;
            problems.extend(
                figure
                    .collisions()
                    .into_iter()
                    .chain(cut_short(figure))
                    .chain(if under_bars {
                        names_cut(figure, &data.conditions, named)
                    } else {
                        Vec::new()
                    })
                    .chain(plots_short(figure, look, named))
                    .chain(plots_unequal(figure, &data, least))
                    .map(|p| format!("[{tag}] {p}")),
            );
        }
    }
    assert!(
        problems.is_empty(),
        "{} layout problems in {name}:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn a_two_axis_sweep_is_readable_at_every_size() {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    assert_readable("sweep", run(&DIR, "sweep", "charts.toml"));
}

#[test]
fn a_multi_party_run_is_readable_at_every_size() {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    assert_readable("table", run(&DIR, "table", "charts-table.toml"));
}

#[test]
fn two_cases_are_readable_at_every_size() {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    assert_readable("cases", run(&DIR, "cases", "charts-cases.toml"));
}

#[test]
fn nine_sweep_points_are_readable_at_every_size() {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    assert_readable(
        "nine-points",
        run(&DIR, "nine-points", "charts-nine-points.toml"),
    );
}

/// The one-at-a-time sweep of eight traits over five values (40 sweep points).
fn many_points() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    run(&DIR, "many-points", "charts-many-points.toml")
}

#[test]
fn forty_sweep_points_one_at_a_time_are_readable_at_every_size() {
    assert_readable("many-points", many_points());
}

#[test]
fn nine_conditions_are_readable_at_every_size() {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    assert_readable(
        "nine-conditions",
        run(&DIR, "nine-conditions", "charts-nine-conditions.toml"),
    );
}

#[test]
fn nine_long_condition_names_are_readable_at_every_size() {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    assert_readable(
        "nine-long-names",
        run(&DIR, "nine-long-names", "charts-nine-long-names.toml"),
    );
}

#[test]
fn an_organisation_sweep_is_readable_at_every_size() {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    assert_readable(
        "organisation-sweep",
        run(&DIR, "organisation-sweep", "charts-organisation-sweep.toml"),
    );
}

#[test]
fn an_organisation_is_readable_at_every_size() {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    assert_readable(
        "organisation",
        run(&DIR, "organisation", "charts-organisation.toml"),
    );
}

#[test]
fn the_lever_chart_of_nine_conditions_is_readable_at_every_size() {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    assert_readable(
        "levers",
        run(&DIR, "levers", "charts-organisation-levers.toml"),
    );
}

#[test]
fn many_sweep_points_are_split_into_figures_of_at_most_twelve_panels() {
    let dir = many_points();
    let data = RunData::load(dir).unwrap();
    assert_eq!(data.points(), 40);
    let figures = draw(dir, Look::default(), "many-points-names");
    let names: Vec<&str> = figures.iter().map(|f| f.name.as_str()).collect();
    // A figure per swept trait (boxes, two panels per point, may take two), no chart whole.
    for chart in ["distributions", "value-created-claimed", "world-value"] {
        let pages: Vec<&&str> = names
            .iter()
            .filter(|n| n.starts_with(&format!("{chart}-")))
            .collect();
        assert!(pages.len() >= 8, "{chart}: {names:?}");
        assert!(!names.contains(&chart), "{chart}: {names:?}");
        assert!(
            pages
                .iter()
                .any(|n| n.starts_with(&format!("{chart}-traits-openness-mean-varied"))),
            "{chart}: {names:?}"
        );
    }
    let pages = data.facet_pages(negsim::charts::draw::MAX_FACETS);
    assert_eq!(pages.len(), 8);
    assert!(pages.iter().all(|p| p.facets.len() == 5));
    assert_eq!(
        pages[2].part.as_deref(),
        Some("traits.concession_willingness.mean varied")
    );
    // Every sweep point is shown once.
    let shown: Vec<usize> = pages.iter().flat_map(|p| p.facets.clone()).collect();
    assert_eq!(shown, (0..40).collect::<Vec<_>>());
}
