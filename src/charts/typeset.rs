//! Text set from the embedded font's own outlines, so that a chart looks the same on every
//! machine and in every viewer.
//!
//! [`Typeset`] wraps a plotters backend and takes over its text. Under a PNG it rasterises
//! every glyph at its exact pen position, side bearing and kerning included (plotters' own
//! renderer drops the side bearing and rounds each pen position down, which spaces letters
//! unevenly). Under an SVG it leaves a numbered placeholder for every text; [`Outlines::apply`]
//! then replaces each one with the glyphs' outlines, defined once per chart in `<defs>` and
//! placed with `<use>` (as matplotlib does with `svg.fonttype = "path"`), so that no viewer
//! substitutes a font of its own and the SVG holds no font file.
//!
//! The layout is plotters': the same advances and kerning as its text-size estimate (so
//! wrapping and legends measured with it still fit), the same anchors, and the baseline half
//! the font size below the top of the text box.

use ab_glyph::{Font, FontRef, GlyphId, OutlineCurve, PxScale, ScaleFont, point};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::OnceLock;

/// How the wrapped backend gets its text.
enum Mode {
    /// As pixels, through the backend's `draw_pixel` (bitmaps).
    Raster,
    /// As outlines, through placeholders replaced by [`Outlines::apply`] (SVG); shared with
    /// the caller, who applies them once the backend has let go of the document.
    Outline(Rc<RefCell<Outlines>>),
}

/// The text of an SVG chart as outlines, to put in place of the placeholders its backend
/// wrote.
#[derive(Default)]
pub struct Outlines {
    /// Prefix of the glyph ids, unique per chart (several SVGs share one report page).
    prefix: String,
    /// The SVG fragment of every text drawn, by placeholder number.
    texts: Vec<String>,
    /// Glyphs used: (bold, glyph id) -> path data in font units.
    glyphs: BTreeMap<(bool, u16), String>,
    /// Where every text went, in drawing order.
    boxes: Vec<TextBox>,
}

/// The box a text takes on the canvas, in pixels (after rotation): plotters' text box, the
/// advance width by size / 1.24, which layouts measure text with. Charts are checked with it:
/// no two texts of a figure may share pixels, and none may leave the canvas.
#[derive(Clone, Debug, PartialEq)]
pub struct TextBox {
    /// The text.
    pub text: String,
    /// Left edge.
    pub left: f32,
    /// Top edge.
    pub top: f32,
    /// Right edge.
    pub right: f32,
    /// Bottom edge.
    pub bottom: f32,
}

impl TextBox {
    /// True if the two boxes share more than a pixel's sliver of area.
    pub fn overlaps(&self, other: &TextBox) -> bool {
        let slack = 1.0;
        self.left + slack < other.right
            && other.left + slack < self.right
            && self.top + slack < other.bottom
            && other.top + slack < self.bottom
    }
}

/// A backend whose text is set from the embedded font (see the module documentation).
pub struct Typeset<DB> {
    inner: DB,
    mode: Mode,
}

impl<DB: DrawingBackend> Typeset<DB> {
    /// Rasterises text into a bitmap backend.
    pub fn raster(inner: DB) -> Typeset<DB> {
        Typeset {
            inner,
            mode: Mode::Raster,
        }
    }

    /// Leaves text as placeholders in an SVG backend and collects their outlines in
    /// `outlines`, for [`Outlines::apply`] once drawing is done.
    pub fn outline(inner: DB, outlines: Rc<RefCell<Outlines>>) -> Typeset<DB> {
        Typeset {
            inner,
            mode: Mode::Outline(outlines),
        }
    }
}

impl Outlines {
    /// No text yet; `prefix` makes the glyph ids of this chart unique on a page.
    pub fn new(prefix: &str) -> Outlines {
        Outlines {
            prefix: prefix.to_string(),
            ..Outlines::default()
        }
    }

    /// Replaces the placeholders in the SVG document written through [`Typeset::outline`]
    /// with the outlines of their text, and defines the glyphs used.
    pub fn apply(&self, svg: &mut String) {
        let Outlines {
            prefix,
            texts,
            glyphs,
            ..
        } = self;
        if texts.is_empty() {
            return;
        }
        let mut out = String::with_capacity(svg.len() + 64 * texts.len());
        let mut rest = svg.as_str();
        while let Some(start) = rest.find("<text") {
            let Some(open_end) = rest[start..].find('>') else {
                break;
            };
            let Some(close) = rest[start..].find("</text>") else {
                break;
            };
            let content = rest[start + open_end + 1..start + close].trim();
            out.push_str(&rest[..start]);
            match content.parse::<usize>().ok().and_then(|n| texts.get(n)) {
                Some(fragment) => out.push_str(fragment),
                None => out.push_str(&rest[start..start + close + "</text>".len()]),
            }
            rest = &rest[start + close + "</text>".len()..];
        }
        out.push_str(rest);
        if let Some(tag_end) = out
            .find("<svg")
            .and_then(|s| out[s..].find('>').map(|e| s + e))
        {
            let mut defs = String::from("\n<defs>\n");
            for ((bold, id), d) in glyphs {
                let _ = writeln!(
                    defs,
                    "<path id=\"{prefix}{}{id}\" d=\"{d}\"/>",
                    if *bold { 'b' } else { 'r' }
                );
            }
            defs.push_str("</defs>");
            out.insert_str(tag_end + 1, &defs);
        }
        *svg = out;
    }

    /// Where every text drawn so far went.
    pub fn boxes(&self) -> &[TextBox] {
        &self.boxes
    }
}

/// The embedded font of a style: bold, or regular for every other style (`None` if the
/// embedded font could not be read, which [`crate::charts::fonts::register`] reports first).
fn face(style: FontStyle) -> Option<(bool, FontRef<'static>)> {
    static FACES: OnceLock<Option<[FontRef<'static>; 2]>> = OnceLock::new();
    let faces = FACES.get_or_init(|| {
        Some([
            FontRef::try_from_slice(dejavu::sans::regular()).ok()?,
            FontRef::try_from_slice(dejavu::sans::bold()).ok()?,
        ])
    });
    let bold = matches!(style, FontStyle::Bold);
    faces.as_ref().map(|f| (bold, f[usize::from(bold)].clone()))
}

/// The error of a text that cannot be set.
#[derive(Debug)]
struct NoFont;

impl std::fmt::Display for NoFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the embedded chart font could not be read")
    }
}

impl std::error::Error for NoFont {}

/// A line of text laid out: each glyph and its pen position, and the advance width, in pixels.
pub struct Line {
    /// (glyph, pen x).
    pub glyphs: Vec<(GlyphId, f32)>,
    /// Sum of advances and kerning.
    pub width: f32,
}

/// Lays out `text` at plotters size `size` with plotters' advances and kerning.
pub fn layout(font: &FontRef<'_>, size: f32, text: &str) -> Line {
    let scaled = font.as_scaled(PxScale::from(size));
    let mut x = 0f32;
    let mut prev: Option<GlyphId> = None;
    let mut glyphs = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        glyphs.push((id, x));
        x += scaled.h_advance(id);
        prev = Some(id);
    }
    Line { glyphs, width: x }
}

/// Where a text's pen starts, relative to its anchor point, before rotation: plotters'
/// anchors on its text box (advance width by size / 1.24), with the baseline half the size
/// below the top of the box.
fn origin<S: BackendTextStyle>(style: &S, width: f32) -> (f32, f32) {
    let size = style.size() as f32;
    let height = (style.size() / 1.24) as i32 as f32;
    let dx = match style.anchor().h_pos {
        HPos::Left => 0.0,
        HPos::Right => -width,
        HPos::Center => -width / 2.0,
    };
    let top = match style.anchor().v_pos {
        VPos::Top => 0.0,
        VPos::Center => -(height / 2.0).floor(),
        VPos::Bottom => -height,
    };
    (dx, top + size / 2.0)
}

/// The canvas box of a text laid out as `line` and anchored at `pos` (see [`TextBox`]).
fn text_box<S: BackendTextStyle>(text: &str, style: &S, line: &Line, pos: BackendCoord) -> TextBox {
    let (dx, baseline) = origin(style, line.width);
    let top = baseline - style.size() as f32 / 2.0;
    let bottom = top + (style.size() / 1.24) as f32;
    let corners = [
        (dx, top),
        (dx + line.width, top),
        (dx, bottom),
        (dx + line.width, bottom),
    ]
    .map(|(x, y)| {
        let (tx, ty) = style
            .transform()
            .transform(x.round() as i32, y.round() as i32);
        ((pos.0 + tx) as f32, (pos.1 + ty) as f32)
    });
    let xs = corners.map(|c| c.0);
    let ys = corners.map(|c| c.1);
    TextBox {
        text: text.to_string(),
        left: xs.iter().copied().fold(f32::INFINITY, f32::min),
        right: xs.iter().copied().fold(f32::NEG_INFINITY, f32::max),
        top: ys.iter().copied().fold(f32::INFINITY, f32::min),
        bottom: ys.iter().copied().fold(f32::NEG_INFINITY, f32::max),
    }
}

fn degrees(t: &FontTransform) -> u32 {
    match t {
        FontTransform::None => 0,
        FontTransform::Rotate90 => 90,
        FontTransform::Rotate180 => 180,
        FontTransform::Rotate270 => 270,
    }
}

/// A number for SVG: two decimals at most, no trailing zeros.
fn num(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// Path data of a glyph outline in font units, y pointing up as in the font.
fn path_data(font: &FontRef<'_>, id: GlyphId) -> String {
    let Some(outline) = font.outline(id) else {
        return String::new();
    };
    let mut d = String::new();
    let mut at: Option<ab_glyph::Point> = None;
    for curve in &outline.curves {
        let (start, end) = match curve {
            OutlineCurve::Line(a, b) => (*a, *b),
            OutlineCurve::Quad(a, _, c) => (*a, *c),
            OutlineCurve::Cubic(a, _, _, d) => (*a, *d),
        };
        if at != Some(start) {
            if at.is_some() {
                d.push('Z');
            }
            let _ = write!(d, "M{} {}", num(start.x), num(start.y));
        }
        match curve {
            OutlineCurve::Line(_, b) => {
                let _ = write!(d, "L{} {}", num(b.x), num(b.y));
            }
            OutlineCurve::Quad(_, b, c) => {
                let _ = write!(d, "Q{} {} {} {}", num(b.x), num(b.y), num(c.x), num(c.y));
            }
            OutlineCurve::Cubic(_, b, c, e) => {
                let _ = write!(
                    d,
                    "C{} {} {} {} {} {}",
                    num(b.x),
                    num(b.y),
                    num(c.x),
                    num(c.y),
                    num(e.x),
                    num(e.y)
                );
            }
        }
        at = Some(end);
    }
    if at.is_some() {
        d.push('Z');
    }
    d
}

/// Text as an XML attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn colour_hex(c: BackendColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.rgb.0, c.rgb.1, c.rgb.2)
}

impl<DB: DrawingBackend> DrawingBackend for Typeset<DB> {
    type ErrorType = DB::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.inner.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<DB::ErrorType>> {
        self.inner.estimate_text_size(text, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let colour = style.color();
        if colour.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let Some((bold, font)) = face(style.style()) else {
            return Err(DrawingErrorKind::FontError(Box::new(NoFont)));
        };
        let size = style.size() as f32;
        let line = layout(&font, size, text);
        let (ox, baseline) = origin(style, line.width);
        let transform = style.transform();
        match &mut self.mode {
            Mode::Raster => {
                let (w, h) = self.inner.get_size();
                let scale = PxScale::from(size);
                let mut pixels = Vec::new();
                for &(id, x) in &line.glyphs {
                    let glyph = id.with_scale_and_position(scale, point(ox + x, baseline));
                    if let Some(outlined) = font.outline_glyph(glyph) {
                        let b = outlined.px_bounds();
                        outlined.draw(|px, py, coverage| {
                            let local = (b.min.x as i32 + px as i32, b.min.y as i32 + py as i32);
                            pixels.push((local, coverage));
                        });
                    }
                }
                for ((lx, ly), coverage) in pixels {
                    let (tx, ty) = transform.transform(lx, ly);
                    let (x, y) = (pos.0 + tx, pos.1 + ty);
                    if coverage > 0.0 && x >= 0 && y >= 0 && x < w as i32 && y < h as i32 {
                        let c = BackendColor {
                            alpha: colour.alpha * f64::from(coverage.min(1.0)),
                            rgb: colour.rgb,
                        };
                        self.inner.draw_pixel((x, y), c)?;
                    }
                }
                Ok(())
            }
            Mode::Outline(outlines) => {
                let mut outlines = outlines.borrow_mut();
                let Outlines {
                    prefix,
                    texts,
                    glyphs,
                    boxes,
                } = &mut *outlines;
                boxes.push(text_box(text, style, &line, pos));
                let scaled = font.as_scaled(PxScale::from(size));
                let s = scaled.h_scale_factor();
                // The text itself stays in the document for screen readers, search and
                // tests, as the group's accessible name.
                let mut fragment = format!(
                    "<g role=\"img\" aria-label=\"{}\" fill=\"{}\" transform=\"translate({} {})",
                    escape(text),
                    colour_hex(colour),
                    pos.0,
                    pos.1
                );
                let deg = degrees(&transform);
                if deg != 0 {
                    let _ = write!(fragment, " rotate({deg})");
                }
                fragment.push('"');
                if colour.alpha < 1.0 {
                    let _ = write!(fragment, " opacity=\"{}\"", num(colour.alpha as f32));
                }
                fragment.push_str(">\n");
                for &(id, x) in &line.glyphs {
                    let path = glyphs
                        .entry((bold, id.0))
                        .or_insert_with(|| path_data(&font, id));
                    if path.is_empty() {
                        continue;
                    }
                    let _ = writeln!(
                        fragment,
                        "<use href=\"#{prefix}{}{}\" transform=\"translate({} {}) scale({} -{})\"/>",
                        if bold { 'b' } else { 'r' },
                        id.0,
                        num(ox + x),
                        num(baseline),
                        s,
                        s
                    );
                }
                fragment.push_str("</g>\n");
                let n = texts.len();
                texts.push(fragment);
                drop(outlines);
                // The placeholder: a text holding only its number, replaced by `apply`.
                self.inner.draw_text(&n.to_string(), style, pos)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    #[test]
    fn letters_keep_their_side_bearings_and_fractional_advances() {
        let (_, font) = face(FontStyle::Normal).unwrap();
        let line = layout(&font, 24.0, "il");
        // The pen moves by the advance of `i`, which is not a whole number of pixels.
        let scaled = font.as_scaled(PxScale::from(24.0));
        let advance = scaled.h_advance(font.glyph_id('i'));
        assert_eq!(line.glyphs[1].1, advance);
        assert!(advance.fract() != 0.0);
        // `i` starts right of its pen position (its left side bearing), which plotters drops.
        let g = font
            .glyph_id('i')
            .with_scale_and_position(24.0, point(0.0, 0.0));
        assert!(font.outline_glyph(g).unwrap().px_bounds().min.x >= 1.0);
    }

    #[test]
    fn svg_text_becomes_outlines_defined_once() {
        let mut svg = String::new();
        let outlines = Rc::new(RefCell::new(Outlines::new("t-")));
        {
            let backend = SVGBackend::with_string(&mut svg, (200, 100));
            let mut typeset = Typeset::outline(backend, outlines.clone());
            let style = TextStyle::from(("sans-serif", 20.0).into_font()).color(&BLACK);
            typeset.draw_text("aa", &style, (10, 10)).unwrap();
            typeset.draw_text("a", &style, (10, 50)).unwrap();
            typeset.present().unwrap();
        }
        outlines.borrow().apply(&mut svg);
        assert!(!svg.contains("<text"), "{svg}");
        // One definition of `a`, three uses, in two groups placed at the anchors.
        assert_eq!(svg.matches("<path id=\"t-r").count(), 1, "{svg}");
        assert_eq!(svg.matches("<use href=\"#t-r").count(), 3);
        assert!(svg.contains("translate(10 10)") && svg.contains("translate(10 50)"));
        assert!(svg.contains("aria-label=\"aa\""));
        let defs = svg.find("<defs>").unwrap();
        assert!(defs < svg.find("<g ").unwrap());
    }
}
