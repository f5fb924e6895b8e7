//! A figure is drawn once per backend: to a PNG (1600x900 unless the look says otherwise) and
//! to an SVG (kept in memory for the report as well), both with their text set from the
//! embedded font ([`crate::charts::typeset`]). Chart types implement [`Figure`]; [`Canvas`] renders and collects them.

use crate::charts::theme::{self, Look};
use crate::charts::typeset::{Outlines, TextBox, Typeset};
use crate::error::{Error, ErrorKind, Result};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// A rectangle in pixels: left, top, right, bottom.
pub type Rect = (i32, i32, i32, i32);

/// Whether two rectangles share pixels.
pub fn overlap(a: Rect, b: Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

thread_local! {
    /// The plot areas of the measured panels (and of the bar and box panels) drawn on this
    /// thread since [`take_plots`] last ran: what layout checks measure plots with
    /// ([`Rendered::plots`]).
    static PLOTS: RefCell<Vec<Rect>> = const { RefCell::new(Vec::new()) };
}

/// Notes the plot area of a measured panel just built on this thread, for
/// [`Rendered::plots`].
pub fn record_plot(plot: Rect) {
    PLOTS.with(|p| p.borrow_mut().push(plot));
}

/// The plot areas of the measured panels drawn on this thread since the last call, in
/// drawing order; forgets them.
fn take_plots() -> Vec<Rect> {
    PLOTS.with(|p| std::mem::take(&mut *p.borrow_mut()))
}

/// What drawing returns: plotters' errors, boxed.
pub type Drawn = std::result::Result<(), Box<dyn std::error::Error>>;

/// A drawing area in pixels.
pub type Area<DB> = DrawingArea<DB, Shift>;

/// One chart.
pub trait Figure {
    /// File name without extension (`conditions`, `dance-collaborative`, ...).
    fn name(&self) -> String;
    /// The question the chart answers (its title).
    fn title(&self) -> String;
    /// How to read it, in one or two sentences (for the report).
    fn caption(&self) -> String;
    /// Draws the chart on a 1600x900 area.
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn
    where
        DB::ErrorType: 'static;
}

/// A chart as written: its names and its SVG text.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// File name without extension.
    pub name: String,
    /// Title.
    pub title: String,
    /// Caption.
    pub caption: String,
    /// The SVG document.
    pub svg: String,
    /// Where each of its texts went (for layout checks).
    pub texts: Vec<TextBox>,
    /// Canvas size, pixels.
    pub size: (u32, u32),
    /// The plot areas of its measured panels (left, top, right, bottom, pixels), in drawing
    /// order (for layout checks).
    pub plots: Vec<Rect>,
}

impl Rendered {
    /// What is wrong with the layout: texts that share pixels, and texts that leave the
    /// canvas (each named). Empty for a readable chart.
    pub fn collisions(&self) -> Vec<String> {
        let (w, h) = (self.size.0 as f32, self.size.1 as f32);
        let mut found = Vec::new();
        for (i, a) in self.texts.iter().enumerate() {
            if a.left < -1.0 || a.top < -1.0 || a.right > w + 1.0 || a.bottom > h + 1.0 {
                found.push(format!(
                    "{}: `{}` leaves the canvas: {a:?}",
                    self.name, a.text
                ));
            }
            for b in &self.texts[i + 1..] {
                if a.overlaps(b) {
                    found.push(format!(
                        "{}: `{}` and `{}` overlap: {a:?} {b:?}",
                        self.name, a.text, b.text
                    ));
                }
            }
        }
        found
    }
}

/// Renders figures into a directory.
pub struct Canvas {
    dir: PathBuf,
    look: Look,
    /// The charts rendered so far, in order.
    pub rendered: Vec<Rendered>,
}

fn draw_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error {
        kind: ErrorKind::Io,
        ..Error::input(format!("cannot draw the chart: {e}")).in_file(path)
    }
}

impl Canvas {
    /// A canvas writing into `dir` in the report's look.
    pub fn new(dir: &Path) -> Canvas {
        Canvas::with_look(dir, Look::default())
    }

    /// A canvas writing into `dir` in a look of its own (size, type scale, frame).
    pub fn with_look(dir: &Path, look: Look) -> Canvas {
        Canvas {
            dir: dir.to_path_buf(),
            look,
            rendered: Vec::new(),
        }
    }

    /// Draws a figure to `<name>.png` and `<name>.svg`. Names are made of condition and key
    /// names, and two of those can give one file name (`a/b` and `a-b` both give `a-b`): the
    /// later chart is then `<name>-2`, so that none replaces another.
    pub fn emit<F: Figure>(&mut self, figure: &F) -> Result<()> {
        let wanted = figure.name();
        let taken = |n: &str| self.rendered.iter().any(|r| r.name == n);
        let mut name = wanted.clone();
        let mut k = 2;
        while taken(&name) {
            name = format!("{wanted}-{k}");
            k += 1;
        }
        let png = self.dir.join(format!("{name}.png"));
        let look = self.look;
        let size = (look.width, look.height);
        theme::with_look(look, || {
            let root = Typeset::raster(BitMapBackend::new(&png, size)).into_drawing_area();
            figure.draw(&root).map_err(|e| draw_error(&png, e))?;
            root.present().map_err(|e| draw_error(&png, e))
        })?;
        let svg_path = self.dir.join(format!("{name}.svg"));
        let mut svg = String::new();
        // The plots of the raster drawing are forgotten: the SVG drawing records the same.
        take_plots();
        let outlines = Rc::new(RefCell::new(Outlines::new(&format!("{name}-"))));
        theme::with_look(look, || {
            let backend = SVGBackend::with_string(&mut svg, size);
            let root = Typeset::outline(backend, outlines.clone()).into_drawing_area();
            figure.draw(&root).map_err(|e| draw_error(&svg_path, e))?;
            root.present().map_err(|e| draw_error(&svg_path, e))
        })?;
        let plots = take_plots();
        outlines.borrow().apply(&mut svg);
        let texts = outlines.borrow().boxes().to_vec();
        std::fs::write(&svg_path, &svg).map_err(|e| Error::io(&svg_path, &e))?;
        self.rendered.push(Rendered {
            name,
            title: figure.title(),
            caption: figure.caption(),
            svg,
            texts,
            size,
            plots,
        });
        Ok(())
    }
}
