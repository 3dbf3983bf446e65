//! Drawing the map: water, countries (filled by class where they have a value), borders, city
//! circles by class with their names, and hover text (place, value, year, source). egui_plot
//! gives the frame, pan and zoom; the geography is painted with this frame's transform.

use egui::{Color32, Mesh, Pos2, Shape, Stroke, Ui};
use egui_plot::{Plot, PlotPoint, PlotTransform};

use super::axis::display_value;
use super::lang;
use crate::chart::geo::{self, SILK_ROAD};
use crate::chart::map::{MapChart, MapPlace};
use crate::chart::text::{place_name, unit_name};
use crate::i18n::Lang;

/// Circle radius without a size indicator, and the range of sized circles, in points.
const RADIUS: f32 = 6.5;
const SIZED: (f32, f32) = (4.0, 18.0);

/// Map colours: water, land without data, borders; light and dark.
struct Palette {
    water: Color32,
    land: Color32,
    border: Color32,
    ink: Color32,
}

fn palette(ui: &Ui) -> Palette {
    match ui.visuals().dark_mode {
        false => Palette {
            water: Color32::from_rgb(221, 232, 240),
            land: Color32::from_rgb(244, 243, 239),
            border: Color32::from_rgb(150, 150, 150),
            ink: Color32::from_gray(40),
        },
        true => Palette {
            water: Color32::from_rgb(29, 39, 51),
            land: Color32::from_rgb(48, 48, 48),
            border: Color32::from_rgb(110, 110, 110),
            ink: Color32::from_gray(220),
        },
    }
}

/// The extent to show: the Silk Road, widened to every place drawn, in projected units.
fn extent(chart: &MapChart) -> ([f64; 2], [f64; 2]) {
    let (a, b) = SILK_ROAD;
    let mut lo = geo::project(a[0], a[1]);
    let mut hi = geo::project(b[0], b[1]);
    let mut widen = |p: [f64; 2]| {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    };
    for p in &chart.places {
        if let Some([lon, lat]) = p.lon_lat {
            widen(geo::project(lon, lat));
        }
        if let Some(s) = p.iso3.as_deref().and_then(geo::shape_of) {
            widen(s.bounds.0.map(f64::from));
            widen(s.bounds.1.map(f64::from));
        }
    }
    (lo, hi)
}

fn radii(chart: &MapChart) -> Vec<f32> {
    let sizes: Vec<Option<f64>> = chart.places.iter().map(|p| p.size).collect();
    super::labels::area_radii(&sizes, chart.size_indicator.is_some(), RADIUS, SIZED)
}

/// Draws the map filling the available space; `fit` (figures) fixes the view.
pub fn map(ui: &mut Ui, chart: &MapChart, id: &str, fit: bool) {
    let (lo, hi) = extent(chart);
    let pad = 1.5;
    let shown = Plot::new(id)
        .data_aspect(1.0)
        .show_axes(false)
        .show_grid(false)
        .show_x(false)
        .show_y(false)
        .show_background(false)
        .include_x(lo[0] - pad)
        .include_x(hi[0] + pad)
        .include_y(lo[1] - pad)
        .include_y(hi[1] + pad)
        .allow_drag(!fit)
        .allow_zoom(!fit)
        .allow_scroll(false)
        .allow_boxed_zoom(!fit)
        .show(ui, |_| {});
    let rect = shown.response.rect;
    let painter = ui.painter().with_clip_rect(rect);
    let colors = palette(ui);
    painter.rect_filled(rect, 0.0, colors.water);
    let t = &shown.transform;
    paint_countries(&painter, t, chart, &colors);
    let radii = radii(chart);
    let lang = lang(ui);
    let mut labels = Vec::new();
    for (p, r) in chart.places.iter().zip(&radii) {
        let Some([lon, lat]) = p.lon_lat else {
            continue;
        };
        let at = geo::project(lon, lat);
        let centre = t.position_from_point(&PlotPoint::new(at[0], at[1]));
        let fill = chart.classes[p.class].color;
        // A value from a nearby year is ringed in the ink colour, twice as thick.
        let ring = match p.year == chart.year {
            true => Stroke::new(1.0, colors.ink.gamma_multiply(0.8)),
            false => Stroke::new(2.5, colors.ink),
        };
        let sized = chart.size_indicator.is_none() || p.size.is_some();
        let (fill, ring) = match sized {
            true => (fill, ring),
            false => (Color32::TRANSPARENT, Stroke::new(2.0, fill)),
        };
        // Regions are squares at their administrative centre, cities circles.
        match p.region {
            true => {
                let square = egui::Rect::from_center_size(centre, egui::vec2(1.8 * r, 1.8 * r));
                painter.rect(square, 1.0, fill, ring, egui::StrokeKind::Middle)
            }
            false => painter.circle(centre, *r, fill, ring),
        };
        labels.push((PlotPoint::new(at[0], at[1]), place_name(&p.place, lang), *r));
    }
    super::labels::place_labels(&painter, t, labels, colors.ink);
    if let Some(pos) = shown.response.hover_pos()
        && let Some(text) = hover_text(chart, t, pos, &radii, lang)
    {
        shown.response.on_hover_text_at_pointer(text);
    }
}

/// Every country in view: filled by its class where it has a value, else as land; then the
/// borders.
fn paint_countries(painter: &egui::Painter, t: &PlotTransform, chart: &MapChart, c: &Palette) {
    let bounds = t.bounds();
    let (vlo, vhi) = (bounds.min(), bounds.max());
    let mut mesh = Mesh::default();
    let mut borders = Vec::new();
    let screen =
        |p: &[f32; 2]| t.position_from_point(&PlotPoint::new(f64::from(p[0]), f64::from(p[1])));
    for s in geo::shapes() {
        let (lo, hi) = s.bounds;
        if f64::from(hi[0]) < vlo[0]
            || f64::from(lo[0]) > vhi[0]
            || f64::from(hi[1]) < vlo[1]
            || f64::from(lo[1]) > vhi[1]
        {
            continue;
        }
        let fill = chart
            .places
            .iter()
            .find(|p| p.iso3.as_deref() == Some(s.iso3.as_str()))
            .map_or(c.land, |p| chart.classes[p.class].color);
        let base = mesh.vertices.len() as u32;
        for v in &s.vertices {
            mesh.colored_vertex(screen(v), fill);
        }
        mesh.indices.extend(s.triangles.iter().map(|i| base + i));
    }
    for b in crate::chart::geo_borders::borders() {
        let (lo, hi) = b.bounds;
        let outside = f64::from(hi[0]) < vlo[0]
            || f64::from(lo[0]) > vhi[0]
            || f64::from(hi[1]) < vlo[1]
            || f64::from(lo[1]) > vhi[1];
        if !outside {
            let pts: Vec<Pos2> = b.points.iter().map(screen).collect();
            borders.push(Shape::line(pts, Stroke::new(1.0, c.border)));
        }
    }
    painter.add(Shape::mesh(mesh));
    painter.extend(borders);
}

/// What the pointer is over: a city circle, else a country.
fn hover_text(
    chart: &MapChart,
    t: &PlotTransform,
    pos: Pos2,
    radii: &[f32],
    lang: Lang,
) -> Option<String> {
    let describe = |p: &MapPlace| {
        let mut s = format!(
            "{}\n{}: {} {} ({})",
            place_name(&p.place, lang),
            chart.title.localize(lang),
            display_value(p.value, false, lang),
            unit_name(&chart.unit, lang),
            p.year
        );
        if !p.source.is_empty() {
            s.push_str(&format!(
                "\n{}",
                crate::tr!(lang, "footer-source", source = p.source.clone())
            ));
        }
        s
    };
    for (p, r) in chart.places.iter().zip(radii).rev() {
        if let Some([lon, lat]) = p.lon_lat {
            let at = geo::project(lon, lat);
            let centre = t.position_from_point(&PlotPoint::new(at[0], at[1]));
            if centre.distance(pos) <= r + 3.0 {
                return Some(describe(p));
            }
        }
    }
    let v = t.value_from_position(pos);
    let here = [v.x as f32, v.y as f32];
    let shape = geo::shapes().iter().find(|s| s.contains(here))?;
    match chart
        .places
        .iter()
        .find(|p| p.iso3.as_deref() == Some(shape.iso3.as_str()))
    {
        Some(p) => Some(describe(p)),
        None => Some(shape.name.clone()),
    }
}
