//! Charts of a sensitivity analysis, read from the finished `sensitivity.csv` and
//! `sensitivity-outputs.csv`: for a Morris screening, mu* against sigma (Campolongo et al.
//! 2007's reading: far right matters, high up interacts or turns); for Sobol' indices, S1 and
//! ST bars with their 95% intervals, the most influential parameter on top. One chart per
//! output, in `charts/sensitivity-<output>.png` and `.svg`.

use crate::charts::draw::{
    Frame, LegendItem, Marker, Swatch, chart_on, marker, note, padded_by, style_mesh, ticked,
    y_label_area,
};
use crate::charts::figure::{Area, Canvas, Drawn, Figure, Rect, overlap};
use crate::charts::theme::{self, INK, MUTED, PALETTE, REFERENCE, size};
use crate::charts::{CHARTS_DIR, fonts};
use crate::error::{Error, Result};
use crate::output::manifest::Manifest;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What was drawn.
#[derive(Clone, Debug)]
pub struct Drawing {
    /// The charts folder.
    pub charts: PathBuf,
    /// Chart names, in order.
    pub names: Vec<String>,
}

/// One parameter's indices for one output, as `sensitivity.csv` has them.
#[derive(Clone, Debug, Default)]
struct Entry {
    parameter: String,
    numbers: HashMap<String, f64>,
}

impl Entry {
    fn get(&self, column: &str) -> f64 {
        self.numbers.get(column).copied().unwrap_or(f64::NAN)
    }
}

/// An output and its entries, in file order.
type Outputs = Vec<(String, Vec<Entry>)>;

fn read_indices(path: &Path) -> Result<Outputs> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| {
        Error::input(format!("cannot read {}: {e}", path.display()))
            .in_file(path)
            .with_hint(format!(
                "run the analysis first with `{program} sensitivity`",
                program = crate::program::name()
            ))
    })?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Error::input(format!("{e}")).in_file(path))?
        .iter()
        .map(String::from)
        .collect();
    let mut out: Outputs = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Error::input(format!("{e}")).in_file(path))?;
        let mut entry = Entry::default();
        let mut output = String::new();
        for (name, value) in header.iter().zip(record.iter()) {
            match name.as_str() {
                "output" => output = value.to_string(),
                "parameter" => entry.parameter = value.to_string(),
                _ => {
                    if let Ok(v) = value.parse::<f64>() {
                        entry.numbers.insert(name.clone(), v);
                    }
                }
            }
        }
        match out.iter_mut().find(|(o, _)| *o == output) {
            Some((_, entries)) => entries.push(entry),
            None => out.push((output, vec![entry])),
        }
    }
    Ok(out)
}

/// `output` -> (measure, noise share, mean, share below zero) from `sensitivity-outputs.csv`.
fn read_outputs(path: &Path) -> HashMap<String, (String, f64, f64, f64)> {
    let mut out = HashMap::new();
    let Ok(mut reader) = csv::Reader::from_path(path) else {
        return out;
    };
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(String::from).collect(),
        Err(_) => return out,
    };
    let col = |n: &str| header.iter().position(|h| h == n);
    let (Some(o), Some(m), Some(noise), Some(mean), Some(below)) = (
        col("output"),
        col("measure"),
        col("noise_share"),
        col("mean"),
        col("share_below_zero"),
    ) else {
        return out;
    };
    for record in reader.records().flatten() {
        let num = |i: usize| {
            record
                .get(i)
                .and_then(|v| v.parse().ok())
                .unwrap_or(f64::NAN)
        };
        out.insert(
            record.get(o).unwrap_or("").to_string(),
            (
                record.get(m).unwrap_or("").to_string(),
                num(noise),
                num(mean),
                num(below),
            ),
        );
    }
    out
}

/// Draws the charts of the analysis in `dir` into `dest/charts` (`dest` is `dir` unless
/// given). The charts are drawn into a temporary folder that replaces `charts/` only when
/// every chart is drawn. `look` sets size, type scale and frame.
pub fn plot_into(dir: &Path, dest: &Path, look: crate::charts::theme::Look) -> Result<Drawing> {
    fonts::register()?;
    let manifest = Manifest::read(dir)?;
    let indices = read_indices(&dir.join("sensitivity.csv"))?;
    let outputs = read_outputs(&dir.join("sensitivity-outputs.csv"));
    let footer = format!(
        "negsim {} · {} · seed {} · {} processes",
        manifest.negsim_version, manifest.experiment, manifest.seed, manifest.processes
    );
    std::fs::create_dir_all(dest).map_err(|e| Error::io(dest, &e))?;
    let staging = dest.join(".charts.partial");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, &e))?;
    let mut canvas = Canvas::with_look(&staging, look);
    let drawn = indices.iter().try_for_each(|(output, entries)| {
        let (measure, noise, mean, below) =
            outputs
                .get(output)
                .cloned()
                .unwrap_or((String::new(), f64::NAN, f64::NAN, f64::NAN));
        let about = About {
            output: output.clone(),
            measure,
            noise,
            mean,
            below,
            footer: footer.clone(),
        };
        if entries.iter().any(|e| e.numbers.contains_key("mu_star")) {
            canvas.emit(&MorrisChart::new(about, entries))
        } else {
            canvas.emit(&SobolChart::new(about, entries))
        }
    });
    if let Err(e) = drawn {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let charts = dest.join(CHARTS_DIR);
    let _ = std::fs::remove_dir_all(&charts);
    std::fs::rename(&staging, &charts).map_err(|e| {
        let _ = std::fs::remove_dir_all(&staging);
        Error::io(&charts, &e)
    })?;
    Ok(Drawing {
        charts,
        names: canvas.rendered.iter().map(|r| r.name.clone()).collect(),
    })
}

/// Draws the charts of the analysis in `dir` into `dir/charts`.
pub fn plot(dir: &Path) -> Result<Drawing> {
    plot_into(dir, dir, crate::charts::theme::Look::default())
}

/// What every chart says about its output.
#[derive(Clone, Debug)]
struct About {
    output: String,
    measure: String,
    noise: f64,
    mean: f64,
    below: f64,
    footer: String,
}

impl About {
    fn subtitle(&self, what: &str) -> String {
        let mut s = format!(
            "Output: {} ({}), mean {} over the design",
            self.output,
            self.measure,
            theme::number(self.mean)
        );
        if self.measure.contains(" - ") && self.below.is_finite() {
            s.push_str(&format!(
                ", reversed (below 0) at {} of the points",
                percent_fine(self.below)
            ));
        }
        s.push_str(". ");
        s.push_str(what);
        if self.noise.is_finite() {
            s.push_str(&format!(
                " The finite replications account for at most {} of the output's variance.",
                percent_fine(self.noise)
            ));
        }
        s
    }
}

fn percent_fine(v: f64) -> String {
    if v > 0.0 && v < 0.01 {
        format!("{:.1}%", 100.0 * v)
    } else {
        theme::percent(v)
    }
}

/// mu* against sigma, one marker per parameter.
struct MorrisChart {
    frame: Frame,
    about: About,
    /// (parameter, mu*, interval, sigma).
    points: Vec<(String, f64, (f64, f64), f64)>,
}

impl MorrisChart {
    fn new(about: About, entries: &[Entry]) -> MorrisChart {
        let points = entries
            .iter()
            .map(|e| {
                (
                    e.parameter.clone(),
                    e.get("mu_star"),
                    (e.get("mu_star_low"), e.get("mu_star_high")),
                    e.get("sigma"),
                )
            })
            .collect();
        MorrisChart {
            frame: Frame {
                title: format!("Which parameters move {}?", about.output),
                subtitle: about.subtitle(
                    "Right: a larger mean effect (mu*, with its 95% interval). Up: effects that vary with the other parameters (sigma).",
                ),
                legend: vec![
                    LegendItem::new("parameter (mu* and 95% interval)", PALETTE[0], Swatch::Marker(Marker::Circle)),
                    LegendItem::new("sigma = mu*", REFERENCE, Swatch::Dashed),
                ],
                footer: about.footer.clone(),
            },
            about,
            points,
        }
    }
}

impl Figure for MorrisChart {
    fn name(&self) -> String {
        format!("sensitivity-{}", theme::slug(&self.about.output))
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        "Morris screening: parameters far right change the output most; those above the dashed \
         line change it differently at different values of the others (interactions or a \
         turning effect)."
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let area = self.frame.draw(root)?;
        let top = self
            .points
            .iter()
            .flat_map(|p| [p.1, p.2.1, p.3])
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max)
            .max(1e-9);
        let x = 0.0..top * 1.12;
        let y = 0.0..padded_by(self.points.iter().map(|p| p.3), 1e-9, 0.1)
            .end
            .max(top * 0.2);
        let mut chart = chart_on(&area, None).build_cartesian_2d(x.clone(), y.clone())?;
        let fmt = |v: &f64| theme::tick(*v);
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh);
        mesh.x_desc("mu*: mean absolute elementary effect")
            .y_desc("sigma: spread of the elementary effects")
            .x_label_formatter(&fmt)
            .y_label_formatter(&fmt)
            .draw()?;
        let end = x.end.min(y.end);
        chart.draw_series(DashedLineSeries::new(
            vec![(0.0, 0.0), (end, end)],
            10,
            8,
            REFERENCE.stroke_width(3),
        ))?;
        for (_, mu_star, (lo, hi), sigma) in &self.points {
            if mu_star.is_finite() && sigma.is_finite() && lo.is_finite() && hi.is_finite() {
                chart.draw_series(LineSeries::new(
                    vec![(*lo, *sigma), (*hi, *sigma)],
                    PALETTE[0].stroke_width(3),
                ))?;
            }
        }
        // Markers for all; names from the most influential down, each where it overlaps no
        // name placed before it (the rest are in sensitivity.csv).
        let mut order: Vec<usize> = (0..self.points.len()).collect();
        order.sort_by(|&a, &b| self.points[b].1.total_cmp(&self.points[a].1));
        let style = note(HPos::Left, VPos::Bottom, INK);
        let mut placed: Vec<Rect> = Vec::new();
        let mut unnamed = 0;
        for i in order {
            let (name, mu_star, _, sigma) = &self.points[i];
            if !(mu_star.is_finite() && sigma.is_finite()) {
                continue;
            }
            let at = chart.backend_coord(&(*mu_star, *sigma));
            marker(
                root,
                Marker::Circle,
                at,
                9,
                PALETTE[0].filled(),
                INK.stroke_width(2),
            )?;
            let (w, h) = root
                .estimate_text_size(name, &style)
                .map(|(w, h)| (w as i32, h as i32))
                .unwrap_or((name.len() as i32 * 12, 24));
            let (x0, y1) = (at.0 + 14, at.1 - 8);
            let rect = (x0, y1 - h, x0 + w, y1);
            if placed.iter().any(|&r| overlap(rect, r)) {
                unnamed += 1;
                continue;
            }
            placed.push(rect);
            root.draw(&Text::new(name.clone(), (x0, y1), style.clone()))?;
        }
        if unnamed > 0 {
            let corner = chart.backend_coord(&(x.end, y.start));
            root.draw(&Text::new(
                format!("{unnamed} markers unnamed where names would overlap: see sensitivity.csv"),
                (corner.0 - 10, corner.1 - 10),
                note(HPos::Right, VPos::Bottom, MUTED),
            ))?;
        }
        Ok(())
    }
}

/// S1 and ST bars per parameter.
struct SobolChart {
    frame: Frame,
    about: About,
    /// (parameter, S1, interval, ST, interval), the largest ST first.
    bars: Vec<(String, f64, (f64, f64), f64, (f64, f64))>,
}

/// Colour of the first-order bars.
const FIRST: RGBColor = PALETTE[4];
/// Colour of the total-order bars.
const TOTAL: RGBColor = PALETTE[0];

impl SobolChart {
    fn new(about: About, entries: &[Entry]) -> SobolChart {
        let mut bars: Vec<_> = entries
            .iter()
            .map(|e| {
                (
                    e.parameter.clone(),
                    e.get("s1"),
                    (e.get("s1_low"), e.get("s1_high")),
                    e.get("st"),
                    (e.get("st_low"), e.get("st_high")),
                )
            })
            .collect();
        bars.sort_by(|a, b| b.3.total_cmp(&a.3));
        SobolChart {
            frame: Frame {
                title: format!("Which parameters explain the variance of {}?", about.output),
                subtitle: about.subtitle(
                    "S1: the share of variance a parameter explains alone; ST: its share with every interaction it takes part in. Lines: 95% bootstrap intervals over the design.",
                ),
                legend: vec![
                    LegendItem::new("first order S1", FIRST, Swatch::Block),
                    LegendItem::new("total order ST", TOTAL, Swatch::Block),
                ],
                footer: about.footer.clone(),
            },
            about,
            bars,
        }
    }
}

impl Figure for SobolChart {
    fn name(&self) -> String {
        format!("sensitivity-{}", theme::slug(&self.about.output))
    }

    fn title(&self) -> String {
        self.frame.title.clone()
    }

    fn caption(&self) -> String {
        "Sobol' indices: long bars explain much of the output's variance; a total-order bar \
         much longer than its first-order bar marks a parameter that acts through interactions."
            .into()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static,
    {
        let area = self.frame.draw(root)?;
        let n = self.bars.len();
        let top = self
            .bars
            .iter()
            .flat_map(|b| [b.1, b.2.1, b.3, b.4.1])
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::max);
        let low = self
            .bars
            .iter()
            .flat_map(|b| [b.1, b.2.0])
            .filter(|v| v.is_finite())
            .fold(0.0f64, f64::min);
        let x = low.min(0.0) - 0.02..(top.max(0.1) * 1.08).min(1.1).max(top + 0.02);
        // Row i (from the top) spans [n - 1 - i, n - i).
        let ticks: Vec<f64> = (0..n).map(|i| i as f64 + 0.5).collect();
        let y = ticked(0.0..n as f64, ticks);
        let names: Vec<&str> = self.bars.iter().map(|b| b.0.as_str()).collect();
        let label_area = y_label_area(&area, names.iter().copied());
        let mut chart = chart_on(&area, None)
            .y_label_area_size(label_area)
            .build_cartesian_2d(x.clone(), y)?;
        let x_fmt = |v: &f64| theme::tick(*v);
        let y_fmt = |v: &f64| {
            let i = n as isize - 1 - v.floor() as isize;
            usize::try_from(i)
                .ok()
                .and_then(|i| names.get(i))
                .map(|s| s.to_string())
                .unwrap_or_default()
        };
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh);
        mesh.x_desc("share of the output's variance")
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .draw()?;
        chart.draw_series(LineSeries::new(
            vec![(0.0, 0.0), (0.0, n as f64)],
            MUTED.stroke_width(2),
        ))?;
        for (i, (_, s1, s1_ci, st, st_ci)) in self.bars.iter().enumerate() {
            let row = (n - 1 - i) as f64;
            for (value, ci, colour, from, to) in [
                (*st, *st_ci, TOTAL, row + 0.52, row + 0.86),
                (*s1, *s1_ci, FIRST, row + 0.14, row + 0.48),
            ] {
                if !value.is_finite() {
                    continue;
                }
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, from), (value, to)],
                    colour.filled(),
                )))?;
                if ci.0.is_finite() && ci.1.is_finite() {
                    let mid = (from + to) / 2.0;
                    chart.draw_series(LineSeries::new(
                        vec![(ci.0, mid), (ci.1, mid)],
                        INK.stroke_width(3),
                    ))?;
                }
                let at = chart.backend_coord(&(value.max(ci.1).max(0.0), (from + to) / 2.0));
                root.draw(&Text::new(
                    theme::number(value),
                    (at.0 + 10, at.1),
                    theme::text(size::NOTE, MUTED).pos(plotters::style::text_anchor::Pos::new(
                        HPos::Left,
                        VPos::Center,
                    )),
                ))?;
            }
        }
        Ok(())
    }
}
