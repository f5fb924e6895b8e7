//! One look for every chart: canvas size, type sizes, colours and number formats.
//!
//! Colours come from the Okabe-Ito palette, which stays distinguishable with the common forms
//! of colour blindness. Condition `i` of an experiment has one style in every chart (its
//! colour, and beyond the palette a pattern: see [`crate::charts::draw::condition_style`]).
//! Yellow is last because it is hard to see on white.

use plotters::style::{FontFamily, FontStyle, IntoFont, RGBColor, TextStyle};

/// Width of a PNG chart, pixels (16:9, for slides).
pub const WIDTH: u32 = 1600;
/// Height of a PNG chart, pixels.
pub const HEIGHT: u32 = 900;

/// How the charts of one `negsim plot` look: canvas size, type size and frame. The default is
/// the report's look (1600x900, type as in [`size`], title, subtitle and source line); a
/// figure for a paper is often smaller, with larger type and without the title and the source
/// line, which the paper's caption carries.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    /// Canvas width, pixels (also the SVG's width).
    pub width: u32,
    /// Canvas height, pixels.
    pub height: u32,
    /// Every type size and the space around text, times this.
    pub font_scale: f64,
    /// Leaves out the title, the subtitle and the source line.
    pub bare: bool,
}

impl Default for Look {
    fn default() -> Look {
        Look {
            width: WIDTH,
            height: HEIGHT,
            font_scale: 1.0,
            bare: false,
        }
    }
}

/// The smallest canvas, in pixels at type scale 1, that the charts' layouts hold with their
/// title, subtitle and source line (a canvas at type scale `f` needs `f` times as much):
/// below it, panels shrink to nothing and labels run into each other.
pub const SMALLEST: (u32, u32) = (1000, 760);

/// The smallest canvas of a bare figure (see [`SMALLEST`]), which has no title, subtitle or
/// source line: room for the README's figure for a paper (1200x900 at type scale 1.4).
pub const SMALLEST_BARE: (u32, u32) = (840, 630);

impl Look {
    /// Refuses a size and type scale whose charts the layouts cannot hold (see [`SMALLEST`]).
    pub fn check(&self) -> crate::error::Result<()> {
        let (w, h) = (
            f64::from(self.width) / self.font_scale,
            f64::from(self.height) / self.font_scale,
        );
        let smallest = if self.bare { SMALLEST_BARE } else { SMALLEST };
        if w + 1e-9 >= f64::from(smallest.0) && h + 1e-9 >= f64::from(smallest.1) {
            return Ok(());
        }
        let need = |side: u32| (f64::from(side) * self.font_scale).ceil() as u32;
        Err(crate::error::Error::input(format!(
            "--size {}x{} with --font-scale {}: the charts need at least {}x{} pixels at this type scale",
            self.width,
            self.height,
            self.font_scale,
            need(smallest.0),
            need(smallest.1),
        ))
        .at_key("--size")
        .with_hint(format!(
            "give a larger --size or a smaller --font-scale (at most {:.2} for {}x{})",
            (f64::from(self.width) / f64::from(smallest.0))
                .min(f64::from(self.height) / f64::from(smallest.1)),
            self.width,
            self.height
        )))
    }
}

thread_local! {
    /// The look of the figure being drawn on this thread (set by [`with_look`]).
    static LOOK: std::cell::Cell<Look> = std::cell::Cell::new(Look::default());
}

/// Draws with a look: every text style and frame made inside `draw` on this thread follows
/// it. The figures themselves stay free of it, as they stay free of the font.
pub fn with_look<T>(look: Look, draw: impl FnOnce() -> T) -> T {
    let before = LOOK.with(|l| l.replace(look));
    let out = draw();
    LOOK.with(|l| l.set(before));
    out
}

/// The look of the figure being drawn.
pub fn look() -> Look {
    LOOK.with(|l| l.get())
}

/// A length in pixels that goes with text (line heights, label areas), at the look's type
/// scale.
pub fn px(v: f64) -> i32 {
    (v * look().font_scale).round() as i32
}

/// Outer margin, pixels.
pub const MARGIN: i32 = 40;

/// Type sizes in pixels at 1600x900 (plotters' sizes: the SVG font-size is size / 1.24).
pub mod size {
    /// Chart title.
    pub const TITLE: f64 = 42.0;
    /// Subtitle under the title.
    pub const SUBTITLE: f64 = 28.0;
    /// Panel title.
    pub const PANEL: f64 = 30.0;
    /// Axis description.
    pub const AXIS: f64 = 27.0;
    /// Tick labels.
    pub const TICK: f64 = 24.0;
    /// Legend entries.
    pub const LEGEND: f64 = 26.0;
    /// Annotations inside a plot.
    pub const NOTE: f64 = 23.0;
    /// Footer (source line).
    pub const FOOTER: f64 = 20.0;
}

/// Text and axes.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text.
pub const MUTED: RGBColor = RGBColor(0x5f, 0x5f, 0x5f);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xe6, 0xe6, 0xe6);
/// Reference lines and context (frontier, outcome space).
pub const REFERENCE: RGBColor = RGBColor(0x8c, 0x8c, 0x8c);
/// Faint context (the cloud of all packages).
pub const FAINT: RGBColor = RGBColor(0xd4, 0xd4, 0xd4);
/// Background.
pub const PAPER: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// Okabe-Ito colours in the order conditions (and stakeholders) get them.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xb2), // blue
    RGBColor(0xe6, 0x9f, 0x00), // orange
    RGBColor(0xd5, 0x5e, 0x00), // vermillion
    RGBColor(0xcc, 0x79, 0xa7), // reddish purple
    RGBColor(0x56, 0xb4, 0xe9), // sky blue
    RGBColor(0x00, 0x9e, 0x73), // bluish green
    RGBColor(0x00, 0x00, 0x00), // black
    RGBColor(0xf0, 0xe4, 0x42), // yellow
];

/// Win-win-win outcomes in the world-value chart.
pub const WIN_WIN_WIN: RGBColor = RGBColor(0x00, 0x9e, 0x73);
/// Outcomes that are not win-win-win.
pub const NOT_WIN_WIN_WIN: RGBColor = RGBColor(0xa8, 0xa8, 0xa8);

/// Colours of stakeholder lines: the Okabe-Ito colours without yellow, which a thin line on
/// white does not show.
pub const SEAT_COLOURS: usize = PALETTE.len() - 1;

/// The colour of stakeholder seat `s` in a negotiation dance.
pub fn seat_colour(s: usize) -> RGBColor {
    PALETTE[s % SEAT_COLOURS]
}

/// A text style in the chart font (at the look's type scale).
pub fn text(size: f64, colour: RGBColor) -> TextStyle<'static> {
    (FontFamily::SansSerif, size * look().font_scale)
        .into_font()
        .color(&colour)
}

/// A bold text style in the chart font (at the look's type scale).
pub fn bold(size: f64, colour: RGBColor) -> TextStyle<'static> {
    // The style must be given when the font is made: `FontDesc::style` keeps the loaded face.
    (
        FontFamily::SansSerif,
        size * look().font_scale,
        FontStyle::Bold,
    )
        .into_font()
        .color(&colour)
}

/// A number with a sensible number of decimals for its size.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let a = v.abs();
    let s = if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    };
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_string()
    } else {
        s
    }
}

/// Decimals that suit numbers up to `largest` in size, for tables of numbers in one chart.
pub fn decimals_for(largest: f64) -> usize {
    let a = largest.abs();
    if a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else {
        2
    }
}

/// A tick label: trailing zeros removed.
pub fn tick(v: f64) -> String {
    let s = format!("{:.3}", if v.abs() < 5e-13 { 0.0 } else { v });
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// A share in [0, 1] as a percentage.
pub fn percent(v: f64) -> String {
    if v.is_finite() {
        format!("{:.0}%", 100.0 * v)
    } else {
        "–".into()
    }
}

/// A file-name-safe form of a name: lower case letters, digits and dashes.
pub fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') {
            s.push('-');
        }
    }
    let s = s.trim_matches('-').to_string();
    if s.is_empty() { "x".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(number(3.66349), "3.66");
        assert_eq!(number(22.17), "22.2");
        assert_eq!(number(0.25), "0.250");
        assert_eq!(number(-0.0001), "0.000");
        assert_eq!(tick(0.5), "0.5");
        assert_eq!(tick(2.0), "2");
        assert_eq!(percent(0.975), "98%");
        assert_eq!(
            slug("Collaborative + facilitator"),
            "collaborative-facilitator"
        );
        assert_eq!(slug("traits.openness.mean"), "traits-openness-mean");
    }
}
