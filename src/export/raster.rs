//! A CPU rasteriser for egui's tessellated meshes: textured, vertex-coloured triangles with
//! premultiplied-alpha blending in gamma space, clip rectangles, and textures filtered the
//! way egui's own wgpu renderer filters them in its predictable mode (`egui.wgsl`: manual
//! bilinear or nearest taps at texel centres, clamp/repeat/mirror wrapping, no dithering).
//!
//! Pixels are covered by the pixel-centre rule with a top-left tie rule on vertex positions
//! snapped to 1/256 pixel, as GPUs do, so that triangles sharing an edge cover each pixel
//! once. The image is split into bands of rows drawn on separate threads; within a band every
//! primitive is drawn in order, so blending matches the GPU's ordered output.

use std::collections::HashMap;

use egui::epaint::{ClippedPrimitive, Primitive, TextureId, Vertex};
use egui::{Color32, TextureWrapMode};

/// Sub-pixel precision of vertex positions: 8 bits, as most GPUs.
const SUBPIXEL: f32 = 256.0;

/// 1/255, to turn 8-bit unorm values into floats by a multiplication.
const INV_255: f32 = 1.0 / 255.0;

/// `v` rounded down, for texture coordinates (inlined; `f32::floor` is a library call on
/// baseline x86-64). Exact for |v| < 2³¹.
#[inline]
fn floor(v: f32) -> f32 {
    let t = v as i32 as f32;
    if t > v { t - 1.0 } else { t }
}

/// A texture as the rasteriser samples it: premultiplied sRGBA texels in rows.
#[derive(Debug, Clone)]
pub struct Texture {
    pub size: [usize; 2],
    pub texels: Vec<Color32>,
    pub nearest: bool,
    pub wrap: TextureWrapMode,
}

impl Texture {
    fn wrap_coord(&self, c: i64, n: usize) -> usize {
        let n = n as i64;
        let c = match self.wrap {
            TextureWrapMode::ClampToEdge => c.clamp(0, n - 1),
            TextureWrapMode::Repeat => c.rem_euclid(n),
            TextureWrapMode::MirroredRepeat => {
                let phase = c.rem_euclid(2 * n);
                phase.min(2 * n - 1 - phase)
            }
        };
        c as usize
    }

    fn texel(&self, x: i64, y: i64) -> [f32; 4] {
        let x = self.wrap_coord(x, self.size[0]);
        let y = self.wrap_coord(y, self.size[1]);
        let c = self.texels[y * self.size[0] + x];
        unorm(c)
    }

    /// The texture's colour at normalised coordinates, as `egui.wgsl` samples it.
    pub fn sample(&self, u: f32, v: f32) -> [f32; 4] {
        let (w, h) = (self.size[0] as f32, self.size[1] as f32);
        if self.nearest {
            return self.texel(floor(u * w) as i64, floor(v * h) as i64);
        }
        let (px, py) = (u * w - 0.5, v * h - 0.5);
        let (x0, y0) = (floor(px), floor(py));
        let (fx, fy) = (px - x0, py - y0);
        let (x0, y0) = (x0 as i64, y0 as i64);
        let [w, h] = self.size;
        if x0 >= 0 && y0 >= 0 && (x0 as usize) + 1 < w && (y0 as usize) + 1 < h {
            // All four texels inside: no wrapping. Four equal texels (a glyph's empty or full
            // texels) mix to themselves exactly.
            let i = y0 as usize * w + x0 as usize;
            let t = &self.texels;
            let (a, b, c, d) = (t[i], t[i + 1], t[i + w], t[i + w + 1]);
            if a == b && b == c && c == d {
                return unorm(a);
            }
            // The same mix as below, from the texels already read.
            let top = mix(unorm(a), unorm(b), fx);
            let bottom = mix(unorm(c), unorm(d), fx);
            return mix(top, bottom, fy);
        }
        let top = mix(self.texel(x0, y0), self.texel(x0 + 1, y0), fx);
        let bottom = mix(self.texel(x0, y0 + 1), self.texel(x0 + 1, y0 + 1), fx);
        mix(top, bottom, fy)
    }
}

/// A texel's 8-bit channels as unit floats.
#[inline]
fn unorm(c: Color32) -> [f32; 4] {
    c.to_array().map(|v| f32::from(v) * INV_255)
}

/// Linear interpolation from `a` to `b` by `t`, per channel, as the GPU's bilinear filter.
#[inline]
fn mix(a: [f32; 4], b: [f32; 4], t: f32) -> [f32; 4] {
    std::array::from_fn(|i| a[i] + (b[i] - a[i]) * t)
}

/// Textures by id.
pub type Textures = HashMap<TextureId, Texture>;

/// A rectangle of pixel rows and columns: `x0..x1`, `y0..y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct PixelRect {
    x0: i64,
    y0: i64,
    x1: i64,
    y1: i64,
}

/// The scissor rectangle of a clip rectangle, rounded as egui_wgpu rounds it.
fn scissor(clip: egui::Rect, ppp: f32, size: [u32; 2]) -> PixelRect {
    let round = |v: f32, max: u32| (v * ppp).round().clamp(0.0, max as f32) as i64;
    let x0 = round(clip.min.x, size[0]);
    let y0 = round(clip.min.y, size[1]);
    PixelRect {
        x0,
        y0,
        x1: round(clip.max.x, size[0]).max(x0),
        y1: round(clip.max.y, size[1]).max(y0),
    }
}

/// A band of rows of the image being drawn: rows `y0..` of `pixels`, RGBA bytes.
struct Band<'a> {
    y0: i64,
    width: i64,
    pixels: &'a mut [u8],
}

impl Band<'_> {
    fn rows(&self) -> i64 {
        self.pixels.len() as i64 / (4 * self.width)
    }
}

/// One vertex in pixel coordinates (fixed point), with its attributes.
#[derive(Clone, Copy, Debug)]
struct Corner {
    x: i64,
    y: i64,
    /// The position in pixels, unsnapped: attributes interpolate from it, as GPUs do.
    fx: f64,
    fy: f64,
    color: [f32; 4],
    uv: [f32; 2],
}

impl Corner {
    fn of(v: &Vertex, ppp: f32) -> Corner {
        let (fx, fy) = (v.pos.x * ppp, v.pos.y * ppp);
        Corner {
            x: (fx * SUBPIXEL).round() as i64,
            y: (fy * SUBPIXEL).round() as i64,
            fx: f64::from(fx),
            fy: f64::from(fy),
            color: v.color.to_array().map(|c| f32::from(c) / 255.0),
            uv: [v.uv.x, v.uv.y],
        }
    }
}

/// An edge function `a·x + b·y + c` over fixed-point pixel centres, non-negative inside,
/// with the tie bias of the top-left rule folded into `c`.
#[derive(Clone, Copy)]
struct Edge {
    a: i64,
    b: i64,
    c: i64,
    /// 1 / (256·a): a row's bound is estimated with a multiplication, then made exact.
    inv_k: f64,
}

impl Edge {
    fn new(p: &Corner, q: &Corner) -> Edge {
        let (a, b) = (p.y - q.y, q.x - p.x);
        let c = p.x * q.y - p.y * q.x;
        // Top-left rule: pixels exactly on a top or left edge are inside, on other edges not.
        let top_left = a > 0 || (a == 0 && b > 0);
        Edge {
            a,
            b,
            c: if top_left { c } else { c - 1 },
            inv_k: if a == 0 { 0.0 } else { 1.0 / (a * 256) as f64 },
        }
    }

    /// The columns of row `y` within `lo..hi` where the edge function is non-negative.
    fn span(&self, y: i64, lo: i64, hi: i64) -> (i64, i64) {
        // a·(256x + 128) + m ≥ 0, with m the rest at this row: k·x + m ≥ 0 with k = 256a.
        let m = self.b * (y * 256 + 128) + self.c + self.a * 128;
        let k = self.a * 256;
        let inside = |x: i64| k * x + m >= 0;
        match k.cmp(&0) {
            std::cmp::Ordering::Greater => {
                // The first column inside: −m/k, truncated (within a column of it), then
                // corrected exactly. An integer division per row and edge cost more than the
                // rest of a row, and `f64::ceil` is a library call on baseline x86-64.
                let mut x = (-(m as f64) * self.inv_k) as i64;
                while !inside(x) {
                    x += 1;
                }
                while inside(x - 1) {
                    x -= 1;
                }
                (lo.max(x), hi)
            }
            std::cmp::Ordering::Less => {
                // The last column inside: m/−k, truncated, corrected the same way.
                let mut x = (-(m as f64) * self.inv_k) as i64;
                while !inside(x) {
                    x -= 1;
                }
                while inside(x + 1) {
                    x += 1;
                }
                (lo, hi.min(x + 1))
            }
            std::cmp::Ordering::Equal if m >= 0 => (lo, hi),
            std::cmp::Ordering::Equal => (0, 0),
        }
    }
}

/// The vertex attributes (colour RGBA, then u and v) across a triangle, each as a plane over
/// pixel centres `value = a·x + b·y + c`, from barycentric weights of the unsnapped positions.
struct Attributes([[f64; 3]; 6]);

impl Attributes {
    fn new(corners: &[Corner; 3]) -> Attributes {
        let [a, b, c] = corners;
        let area = (b.fx - a.fx) * (c.fy - a.fy) - (b.fy - a.fy) * (c.fx - a.fx);
        let inv = if area == 0.0 { 0.0 } else { 1.0 / area };
        // The weight of a corner is the plane of the edge opposite it.
        let plane = |p: &Corner, q: &Corner| {
            [
                (p.fy - q.fy) * inv,
                (q.fx - p.fx) * inv,
                (p.fx * q.fy - p.fy * q.fx) * inv,
            ]
        };
        let weights = [plane(b, c), plane(c, a), plane(a, b)];
        let value = |k: usize, i: usize| match i {
            0..4 => f64::from(corners[k].color[i]),
            _ => f64::from(corners[k].uv[i - 4]),
        };
        Attributes(std::array::from_fn(|i| {
            std::array::from_fn(|j| (0..3).map(|k| weights[k][j] * value(k, i)).sum())
        }))
    }

    /// The attributes at the centre of pixel `(x, y)`, and their step to the next pixel right.
    fn at(&self, x: i64, y: i64) -> ([f64; 6], [f64; 6]) {
        let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
        (
            self.0.map(|[a, b, c]| a * px + b * py + c),
            self.0.map(|[a, _, _]| a),
        )
    }
}

/// A colour of unit floats as 8-bit unorm bytes.
#[inline]
fn to_bytes(c: [f32; 4]) -> [u8; 4] {
    c.map(|v| (v.clamp(0.0, 1.0) * 255.0 + 0.5) as u8)
}

/// Blends a premultiplied source over the pixel, as `One, OneMinusSrcAlpha` for colour and
/// `OneMinusDstAlpha, One` for alpha (which come to the same: `src + dst·(1 − src_alpha)`),
/// then stores it as 8-bit unorm, rounded to nearest.
#[inline]
fn blend(px: &mut [u8], src: [f32; 4]) {
    Blend::new(src).over(px);
}

/// A source colour ready to blend: `out = rounded + dst · keep` per channel, in 0–255.
#[derive(Clone, Copy)]
struct Blend {
    rounded: [f32; 4],
    keep: f32,
}

impl Blend {
    #[inline]
    fn new(src: [f32; 4]) -> Blend {
        Blend {
            rounded: src.map(|v| v.clamp(0.0, 1.0) * 255.0 + 0.5),
            keep: 1.0 - src[3].clamp(0.0, 1.0),
        }
    }

    /// Blends over one RGBA pixel (`as u8` saturates: no clamping needed).
    #[cfg(not(target_arch = "x86_64"))]
    #[inline]
    fn over(&self, px: &mut [u8]) {
        for (p, r) in px.iter_mut().zip(self.rounded) {
            *p = (r + f32::from(*p) * self.keep) as u8;
        }
    }

    /// Blends over one RGBA pixel, the four channels at once with SSE2: the same multiply,
    /// add, truncation and saturation as the scalar version, so the same bytes, in a few
    /// instructions (the blend was a third of a figure's drawing time, measured with perf).
    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn over(&self, px: &mut [u8]) {
        // SAFETY: SSE2 is part of the x86-64 baseline: every x86-64 processor has it, and
        // Rust enables it for every x86-64 target; the intrinsics only touch registers.
        let out = unsafe { self.over_sse2(i32::from_le_bytes([px[0], px[1], px[2], px[3]])) };
        px.copy_from_slice(&out.to_le_bytes());
    }

    /// The blend of one RGBA pixel given as a little-endian word.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "sse2")]
    #[inline]
    fn over_sse2(&self, dst: i32) -> i32 {
        use std::arch::x86_64::*;
        let [r0, r1, r2, r3] = self.rounded;
        let zero = _mm_setzero_si128();
        let dst = _mm_unpacklo_epi16(_mm_unpacklo_epi8(_mm_cvtsi32_si128(dst), zero), zero);
        let keep = _mm_set1_ps(self.keep);
        let out = _mm_add_ps(
            _mm_set_ps(r3, r2, r1, r0),
            _mm_mul_ps(_mm_cvtepi32_ps(dst), keep),
        );
        // Truncate (the values are positive), then saturate to 0–255 as `as u8` does.
        let out = _mm_cvttps_epi32(out);
        _mm_cvtsi128_si32(_mm_packus_epi16(_mm_packs_epi32(out, out), zero))
    }

    /// Blends over a run of RGBA pixels. A run mostly crosses few colours (a translucent
    /// band over the background), so the last pixel's result is reused for the next pixel
    /// of the same colour: the same bytes, without the arithmetic.
    fn over_span(&self, span: &mut [u8]) {
        let mut last: Option<([u8; 4], [u8; 4])> = None;
        for px in span.chunks_exact_mut(4) {
            let before = [px[0], px[1], px[2], px[3]];
            match last {
                Some((from, to)) if from == before => px.copy_from_slice(&to),
                _ => {
                    self.over(px);
                    last = Some((before, [px[0], px[1], px[2], px[3]]));
                }
            }
        }
    }
}

/// One triangle ready to draw: corners in counter-clockwise order (positive area in pixel
/// coordinates, y down), and the pixel rows its bounding box spans.
#[derive(Clone, Copy)]
struct Tri {
    corners: [Corner; 3],
    y0: i64,
    y1: i64,
}

impl Tri {
    /// The triangle of three corners, or `None` when it covers no area.
    fn new(corners: [Corner; 3]) -> Option<Tri> {
        let [a, mut b, mut c] = corners;
        let area = (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
        if area == 0 {
            return None;
        }
        if area < 0 {
            std::mem::swap(&mut b, &mut c);
        }
        let floor_px = |v: i64| v.div_euclid(256);
        Some(Tri {
            corners: [a, b, c],
            y0: floor_px(a.y.min(b.y).min(c.y)),
            y1: floor_px(a.y.max(b.y).max(c.y)) + 1,
        })
    }
}

/// Draws one triangle into a band, clipped to `clip`.
fn triangle(band: &mut Band<'_>, clip: PixelRect, tri: &Tri, texture: &Texture) {
    let [a, b, c] = &tri.corners;
    // Edge i is opposite corner i: its function is the barycentric weight of that corner.
    let edges = [Edge::new(b, c), Edge::new(c, a), Edge::new(a, b)];
    let floor_px = |v: i64| v.div_euclid(256);
    let min_x = floor_px(a.x.min(b.x).min(c.x)).max(clip.x0);
    let max_x = (floor_px(a.x.max(b.x).max(c.x)) + 1).min(clip.x1);
    let min_y = tri.y0.max(clip.y0).max(band.y0);
    let max_y = tri.y1.min(clip.y1).min(band.y0 + band.rows());
    if min_x >= max_x || min_y >= max_y {
        return;
    }
    let same_uv = a.uv == b.uv && b.uv == c.uv;
    let constant_tex = same_uv.then(|| texture.sample(a.uv[0], a.uv[1]));
    let same_color = a.color == b.color && b.color == c.color;
    // A flat triangle (one colour, one texel: rectangles, lines, backgrounds) has one source
    // colour; an opaque one is a plain store.
    let flat = constant_tex
        .filter(|_| same_color)
        .map(|tex| -> [f32; 4] { std::array::from_fn(|i| a.color[i] * tex[i]) });
    let opaque = flat.filter(|src| src[3] >= 1.0).map(to_bytes);
    let attributes = flat.is_none().then(|| Attributes::new(&tri.corners));
    for y in min_y..max_y {
        let (mut lo, mut hi) = (min_x, max_x);
        for e in &edges {
            (lo, hi) = e.span(y, lo, hi);
        }
        if lo >= hi {
            continue;
        }
        let row = ((y - band.y0) * band.width * 4) as usize;
        let span = &mut band.pixels[row + lo as usize * 4..row + hi as usize * 4];
        if let Some(bytes) = opaque {
            span.chunks_exact_mut(4)
                .for_each(|px| px.copy_from_slice(&bytes));
            continue;
        }
        let Some(attributes) = &attributes else {
            Blend::new(flat.unwrap_or_default()).over_span(span);
            continue;
        };
        // Stepped from the span's first pixel: exact to well under a texel's 1/256.
        let (mut at, step) = attributes.at(lo, y);
        // One colour along the row (a band that fades up or down, as egui feathers horizontal
        // edges and shadows): the colour changes by under 1e-7 across the span, which can at
        // most tip a channel's rounding by one level, so the span blends one colour.
        if let Some(tex) = constant_tex
            && step[..4]
                .iter()
                .all(|d| d.abs() * (hi - lo) as f64 <= FLAT_ROW)
        {
            let color: [f32; 4] = std::array::from_fn(|i| at[i] as f32 * tex[i]);
            if color != [0.0; 4] {
                Blend::new(color).over_span(span);
            }
            continue;
        }
        for px in span.chunks_exact_mut(4) {
            let color: [f32; 4] = match same_color {
                true => a.color,
                false => std::array::from_fn(|i| at[i] as f32),
            };
            let tex = constant_tex.unwrap_or_else(|| texture.sample(at[4] as f32, at[5] as f32));
            // A transparent texel (around a glyph) leaves the pixel as it is: the blend of
            // zero gives `p + 0.5` truncated, which is `p`.
            if tex != [0.0; 4] {
                blend(px, std::array::from_fn(|i| color[i] * tex[i]));
            }
            for (v, d) in at.iter_mut().zip(&step) {
                *v += d;
            }
        }
    }
}

/// The most a colour channel (0–1) may change along a span drawn in one colour.
const FLAT_ROW: f64 = 1e-7;

/// The triangles of one clipped mesh, with their texture.
struct SceneMesh<'a> {
    clip: PixelRect,
    texture: &'a Texture,
    tris: Vec<Tri>,
}

/// Tessellated primitives prepared for drawing any rows of an image: vertices in fixed-point
/// pixels, triangles oriented and bounded, meshes without a texture or outside the image
/// dropped. Drawing rows in any order or on any thread gives the same pixels.
pub struct Scene<'a> {
    size: [u32; 2],
    clear: [u8; 4],
    meshes: Vec<SceneMesh<'a>>,
}

impl<'a> Scene<'a> {
    /// Prepares `prims` for an image of `size` pixels at `ppp` pixels per point, cleared to
    /// `clear` (premultiplied, gamma-encoded like egui's colours).
    pub fn new(
        size: [u32; 2],
        ppp: f32,
        clear: Color32,
        prims: &[ClippedPrimitive],
        textures: &'a Textures,
    ) -> Scene<'a> {
        let meshes = prims
            .iter()
            .filter_map(|p| {
                let Primitive::Mesh(mesh) = &p.primitive else {
                    return None;
                };
                let clip = scissor(p.clip_rect, ppp, size);
                let texture = textures.get(&mesh.texture_id)?;
                if clip.x0 >= clip.x1 || clip.y0 >= clip.y1 {
                    return None;
                }
                let corners: Vec<Corner> =
                    mesh.vertices.iter().map(|v| Corner::of(v, ppp)).collect();
                let get = |i: u32| corners.get(i as usize).copied();
                let tris = mesh
                    .indices
                    .chunks_exact(3)
                    .filter_map(|t| Tri::new([get(t[0])?, get(t[1])?, get(t[2])?]))
                    .collect();
                Some(SceneMesh {
                    clip,
                    texture,
                    tris,
                })
            })
            .collect();
        Scene {
            size,
            clear: clear.to_array(),
            meshes,
        }
    }

    /// Draws the rows from `y0` into `rows` (RGBA bytes, whole rows of the image's width):
    /// clears them, then draws every triangle that reaches them, in order.
    pub fn paint_rows(&self, y0: usize, rows: &mut [u8]) {
        let stride = self.size[0] as usize * 4;
        if let Some((first, rest)) = rows.split_at_mut_checked(stride.min(rows.len())) {
            first
                .chunks_exact_mut(4)
                .for_each(|px| px.copy_from_slice(&self.clear));
            for row in rest.chunks_exact_mut(stride.max(1)) {
                row.copy_from_slice(first);
            }
        }
        let mut band = Band {
            y0: y0 as i64,
            width: i64::from(self.size[0]),
            pixels: rows,
        };
        let (top, bottom) = (band.y0, band.y0 + band.rows());
        for m in &self.meshes {
            if m.clip.y1 <= top || m.clip.y0 >= bottom {
                continue;
            }
            for t in m.tris.iter().filter(|t| t.y1 > top && t.y0 < bottom) {
                triangle(&mut band, m.clip, t, m.texture);
            }
        }
    }

    /// The whole image, drawn in bands on up to `threads` threads for large images.
    pub fn paint(&self, threads: usize) -> Vec<u8> {
        let (w, h) = (self.size[0] as usize, self.size[1] as usize);
        let mut pixels = vec![0; w * h * 4];
        if w == 0 || h == 0 {
            return pixels;
        }
        let bands = if w * h > PARALLEL_PIXELS {
            threads.max(1)
        } else {
            1
        };
        let rows_per_band = h.div_ceil(bands);
        std::thread::scope(|scope| {
            for (i, chunk) in pixels.chunks_mut(rows_per_band * w * 4).enumerate() {
                scope.spawn(move || self.paint_rows(i * rows_per_band, chunk));
            }
        });
        pixels
    }
}

/// Images with more pixels than this are drawn in bands on several threads.
const PARALLEL_PIXELS: usize = 1_500_000;

/// Draws tessellated primitives into an RGBA image of `size` pixels cleared to `clear`
/// (premultiplied, gamma-encoded like egui's colours). Uses up to `threads` threads for
/// large images.
pub fn paint(
    size: [u32; 2],
    ppp: f32,
    clear: Color32,
    prims: &[ClippedPrimitive],
    textures: &Textures,
    threads: usize,
) -> Vec<u8> {
    Scene::new(size, ppp, clear, prims, textures).paint(threads)
}

#[cfg(test)]
#[path = "raster_tests.rs"]
mod tests;
