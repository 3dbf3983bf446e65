//! SVG figures: egui's shapes of a laid-out figure — the same shapes the PNG renderers
//! tessellate — written as vector elements. Text stays text (selectable, editable in a report),
//! in the fonts the figure uses, named with fallbacks, each run stretched to the width egui laid
//! it out at (`textLength`), so that a viewer with another font still keeps the layout.

use std::fmt::Write as _;

use egui::epaint::{
    ClippedShape, Color32, CornerRadius, Mesh, PathShape, Pos2, Rect, RectShape, Stroke,
    StrokeKind, TextShape,
};
use egui::{Shape, Vec2};

/// The font families a figure's text is named with: egui's proportional font (Ubuntu Light),
/// then the fonts citydash embeds for other scripts.
const FONT_FAMILY: &str = "'Ubuntu Light', Ubuntu, 'DejaVu Sans', 'Noto Sans SC', sans-serif";

/// An SVG document of `shapes`, laid out in a frame of `points` layout points and drawn at
/// `pixels` (its width and height), on `background`.
pub fn document(
    shapes: &[ClippedShape],
    points: Vec2,
    pixels: [u32; 2],
    background: Color32,
) -> String {
    let mut w = Writer::default();
    let _ = writeln!(
        w.out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}">"#,
        pixels[0],
        pixels[1],
        num(points.x),
        num(points.y)
    );
    let _ = writeln!(
        w.out,
        r#"<rect width="100%" height="100%"{}/>"#,
        paint("fill", background)
    );
    let frame = Rect::from_min_size(Pos2::ZERO, points);
    let mut open_clip: Option<Rect> = None;
    // Figures use no layer transforms (`transform_after_tessellation`: zoomed layers).
    for ClippedShape {
        clip_rect, shape, ..
    } in shapes
    {
        let clip = (!clip_rect.contains_rect(frame)).then_some(*clip_rect);
        if clip != open_clip {
            if open_clip.is_some() {
                w.out.push_str("</g>\n");
            }
            if let Some(c) = clip {
                let id = w.clip(c);
                let _ = writeln!(w.out, r#"<g clip-path="url(#{id})">"#);
            }
            open_clip = clip;
        }
        w.shape(shape);
    }
    if open_clip.is_some() {
        w.out.push_str("</g>\n");
    }
    let defs = std::mem::take(&mut w.defs);
    let mut out = w.out;
    if !defs.is_empty() {
        let at = out.find('\n').map_or(0, |i| i + 1);
        out.insert_str(at, &format!("<defs>\n{defs}</defs>\n"));
    }
    out.push_str("</svg>\n");
    out
}

/// A number with at most two decimals, no trailing zeros.
fn num(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// ` fill="#rrggbb" fill-opacity="a"` (or `stroke`), from a premultiplied colour.
fn paint(what: &str, c: Color32) -> String {
    let [r, g, b, a] = c.to_srgba_unmultiplied();
    let mut s = format!(r##" {what}="#{r:02x}{g:02x}{b:02x}""##);
    if a < 255 {
        let _ = write!(s, r#" {what}-opacity="{}""#, num(f32::from(a) / 255.0));
    }
    s
}

fn stroke_attrs(s: Stroke) -> String {
    if s.is_empty() {
        return String::new();
    }
    format!(
        r#"{} stroke-width="{}""#,
        paint("stroke", s.color),
        num(s.width)
    )
}

/// XML text with `&`, `<`, `>` and quotes escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

#[derive(Default)]
struct Writer {
    out: String,
    defs: String,
    clips: Vec<Rect>,
}

impl Writer {
    /// The id of a clip path for `r`, defined once.
    fn clip(&mut self, r: Rect) -> String {
        let i = match self.clips.iter().position(|c| *c == r) {
            Some(i) => i,
            None => {
                self.clips.push(r);
                let i = self.clips.len() - 1;
                let _ = writeln!(
                    self.defs,
                    r#"<clipPath id="c{i}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath>"#,
                    num(r.min.x),
                    num(r.min.y),
                    num(r.width()),
                    num(r.height())
                );
                i
            }
        };
        format!("c{i}")
    }

    fn shape(&mut self, shape: &Shape) {
        match shape {
            Shape::Noop | Shape::Callback(_) | Shape::Band(_) => {}
            Shape::Vec(shapes) => shapes.iter().for_each(|s| self.shape(s)),
            Shape::Circle(c) => {
                let _ = writeln!(
                    self.out,
                    r#"<circle cx="{}" cy="{}" r="{}"{}{}/>"#,
                    num(c.center.x),
                    num(c.center.y),
                    num(c.radius),
                    fill_or_none(c.fill),
                    stroke_attrs(c.stroke)
                );
            }
            Shape::Ellipse(e) => {
                let _ = writeln!(
                    self.out,
                    r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}"{}{}/>"#,
                    num(e.center.x),
                    num(e.center.y),
                    num(e.radius.x),
                    num(e.radius.y),
                    fill_or_none(e.fill),
                    stroke_attrs(e.stroke)
                );
            }
            Shape::LineSegment { points, stroke } => {
                if !stroke.is_empty() {
                    let _ = writeln!(
                        self.out,
                        r#"<line x1="{}" y1="{}" x2="{}" y2="{}"{}/>"#,
                        num(points[0].x),
                        num(points[0].y),
                        num(points[1].x),
                        num(points[1].y),
                        stroke_attrs(*stroke)
                    );
                }
            }
            Shape::Path(p) => self.path(p),
            Shape::Rect(r) => self.rect(r),
            Shape::Text(t) => self.text(t),
            Shape::Mesh(m) => self.mesh(m),
            Shape::QuadraticBezier(q) => {
                let [a, b, c] = q.points;
                let d = format!(
                    "M{} {}Q{} {} {} {}",
                    num(a.x),
                    num(a.y),
                    num(b.x),
                    num(b.y),
                    num(c.x),
                    num(c.y)
                );
                self.bezier(&d, q.closed, q.fill, q.stroke.width, q.stroke.color.clone());
            }
            Shape::CubicBezier(q) => {
                let [a, b, c, e] = q.points;
                let d = format!(
                    "M{} {}C{} {} {} {} {} {}",
                    num(a.x),
                    num(a.y),
                    num(b.x),
                    num(b.y),
                    num(c.x),
                    num(c.y),
                    num(e.x),
                    num(e.y)
                );
                self.bezier(&d, q.closed, q.fill, q.stroke.width, q.stroke.color.clone());
            }
        }
    }

    fn bezier(
        &mut self,
        d: &str,
        closed: bool,
        fill: Color32,
        width: f32,
        color: egui::epaint::ColorMode,
    ) {
        let stroke = Stroke::new(width, solid(&color));
        let z = if closed { "Z" } else { "" };
        let fill = if closed { fill } else { Color32::TRANSPARENT };
        let _ = writeln!(
            self.out,
            r#"<path d="{d}{z}"{}{}/>"#,
            fill_or_none(fill),
            stroke_attrs(stroke)
        );
    }

    fn path(&mut self, p: &PathShape) {
        if p.points.len() < 2 {
            return;
        }
        let mut d = String::new();
        for (i, q) in p.points.iter().enumerate() {
            let _ = write!(
                d,
                "{}{} {}",
                if i == 0 { 'M' } else { 'L' },
                num(q.x),
                num(q.y)
            );
        }
        if p.closed {
            d.push('Z');
        }
        let fill = if p.closed {
            p.fill
        } else {
            Color32::TRANSPARENT
        };
        let stroke = Stroke::new(p.stroke.width, solid(&p.stroke.color));
        let _ = writeln!(
            self.out,
            r#"<path d="{d}"{}{} stroke-linejoin="round"/>"#,
            fill_or_none(fill),
            stroke_attrs(stroke)
        );
    }

    fn rect(&mut self, r: &RectShape) {
        // The stroke sits inside, across or outside the rectangle's edge, as egui draws it.
        let half = r.stroke.width / 2.0;
        let edge = match r.stroke_kind {
            StrokeKind::Inside => r.rect.shrink(half),
            StrokeKind::Middle => r.rect,
            StrokeKind::Outside => r.rect.expand(half),
        };
        let _ = writeln!(
            self.out,
            r#"<rect x="{}" y="{}" width="{}" height="{}"{}{}{}/>"#,
            num(edge.min.x),
            num(edge.min.y),
            num(edge.width().max(0.0)),
            num(edge.height().max(0.0)),
            radius(r.corner_radius),
            fill_or_none(r.fill),
            stroke_attrs(r.stroke)
        );
    }

    /// A mesh (filled countries): its triangles, one path per colour, each edged in its own
    /// colour so that the seams between triangles do not show.
    fn mesh(&mut self, m: &Mesh) {
        let mut by_color: Vec<(Color32, String)> = Vec::new();
        for t in m.indices.chunks_exact(3) {
            let v = [0, 1, 2].map(|k| &m.vertices[t[k] as usize]);
            let color = v[0].color;
            let d = format!(
                "M{} {}L{} {}L{} {}Z",
                num(v[0].pos.x),
                num(v[0].pos.y),
                num(v[1].pos.x),
                num(v[1].pos.y),
                num(v[2].pos.x),
                num(v[2].pos.y)
            );
            match by_color.iter_mut().find(|(c, _)| *c == color) {
                Some((_, path)) => path.push_str(&d),
                None => by_color.push((color, d)),
            }
        }
        for (color, d) in by_color {
            let _ = writeln!(
                self.out,
                r#"<path d="{d}"{}{} stroke-width="0.3" stroke-linejoin="round"/>"#,
                paint("fill", color),
                paint("stroke", color)
            );
        }
    }

    /// Text: one `<text>` per run of a row's glyphs in one colour, at the glyphs' baseline.
    fn text(&mut self, t: &TextShape) {
        let galley = &t.galley;
        let size = galley
            .job
            .sections
            .first()
            .map_or(14.0, |s| s.format.font_id.size);
        let rotate = match t.angle {
            0.0 => String::new(),
            a => format!(
                r#" transform="rotate({} {} {})""#,
                num(a.to_degrees()),
                num(t.pos.x),
                num(t.pos.y)
            ),
        };
        if !rotate.is_empty() {
            let _ = writeln!(self.out, "<g{rotate}>");
        }
        let format = galley.job.sections.first().map(|s| &s.format);
        for placed in &galley.rows {
            let row = &placed.row;
            let rect = placed.rect().translate(t.pos.to_vec2());
            if let Some(bg) = format.map(|f| f.background).filter(|c| c.a() > 0) {
                self.rect(&RectShape::filled(rect, 0.0, bg));
            }
            let underline = match t.underline.is_empty() {
                true => format.map_or(Stroke::NONE, |f| f.underline),
                false => t.underline,
            };
            if !underline.is_empty() && !row.glyphs.is_empty() {
                let y = rect.bottom() - underline.width / 2.0;
                self.shape(&Shape::LineSegment {
                    points: [egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)],
                    stroke: underline,
                });
            }
            let mut start = 0;
            while start < row.glyphs.len() {
                let color = glyph_color(t, &row.visuals.mesh, row.glyphs[start].first_vertex);
                let mut end = start + 1;
                while end < row.glyphs.len()
                    && glyph_color(t, &row.visuals.mesh, row.glyphs[end].first_vertex) == color
                {
                    end += 1;
                }
                self.run(t, placed.pos, &row.glyphs[start..end], color, size);
                start = end;
            }
        }
        if !rotate.is_empty() {
            self.out.push_str("</g>\n");
        }
    }

    fn run(
        &mut self,
        t: &TextShape,
        row_pos: Pos2,
        glyphs: &[egui::epaint::text::Glyph],
        color: Color32,
        size: f32,
    ) {
        let text: String = glyphs.iter().map(|g| g.chr).collect();
        if text.trim().is_empty() || color.a() == 0 {
            return;
        }
        let first = &glyphs[0];
        let last = &glyphs[glyphs.len() - 1];
        let x = t.pos.x + row_pos.x + first.pos.x;
        let y = t.pos.y + row_pos.y + first.pos.y;
        let width = last.pos.x + last.advance_width - first.pos.x;
        let _ = writeln!(
            self.out,
            r#"<text x="{}" y="{}" font-family="{FONT_FAMILY}" font-weight="300" font-size="{}" textLength="{}" lengthAdjust="spacingAndGlyphs" xml:space="preserve"{}>{}</text>"#,
            num(x),
            num(y),
            num(size),
            num(width),
            paint("fill", color),
            escape(&text)
        );
    }
}

/// The colour a glyph is drawn in: its vertices' colour, with egui's placeholder replaced by
/// the shape's fallback (or override) colour.
fn glyph_color(t: &TextShape, mesh: &Mesh, first_vertex: u32) -> Color32 {
    let c = mesh
        .vertices
        .get(first_vertex as usize)
        .map_or(Color32::PLACEHOLDER, |v| v.color);
    let c = match (t.override_text_color, c == Color32::PLACEHOLDER) {
        (Some(o), _) => o,
        (None, true) => t.fallback_color,
        (None, false) => c,
    };
    c.gamma_multiply(t.opacity_factor)
}

/// The colour of a path stroke (gradient strokes take their first colour).
fn solid(c: &egui::epaint::ColorMode) -> Color32 {
    match c {
        egui::epaint::ColorMode::Solid(c) => *c,
        egui::epaint::ColorMode::UV(f) => f(Rect::ZERO, Pos2::ZERO),
    }
}

fn fill_or_none(c: Color32) -> String {
    match c.a() {
        0 => r#" fill="none""#.into(),
        _ => paint("fill", c),
    }
}

fn radius(r: CornerRadius) -> String {
    let avg = (f32::from(r.nw) + f32::from(r.ne) + f32::from(r.sw) + f32::from(r.se)) / 4.0;
    match avg {
        0.0 => String::new(),
        a => format!(r#" rx="{}""#, num(a)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_colours_and_text_are_written_as_svg_wants() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(2.345), "2.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(
            paint("fill", Color32::from_rgb(255, 0, 16)),
            r##" fill="#ff0010""##
        );
        let half = Color32::from_rgba_unmultiplied(0, 0, 255, 128);
        assert!(paint("fill", half).contains(r#"fill-opacity="0.5""#));
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
    }
}
