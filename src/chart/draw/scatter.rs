//! Drawing the scatter with egui_plot: one labelled point per place in its country's colour,
//! sized by the third indicator when there is one, and the least-squares line on request.

use egui::Ui;
use egui_plot::{Line, LineStyle, Plot, PlotPoint, PlotPoints, Points};

use super::axis::{display_value, grid_color, log_grid, nice_grid};
use super::{empty_state, lang};
use crate::chart::scatter::{ScatterAxis, ScatterChart, fit_text};
use crate::chart::text::unit_name;
use crate::chart::theme;
use crate::i18n::Lang;

/// Point radius without a size indicator, and the range of sized points, in points.
const RADIUS: f32 = 5.0;
const SIZED: (f32, f32) = (3.5, 16.0);

/// A value as placed on an axis: log10 on a logarithmic one.
fn placed(v: f64, log: bool) -> f64 {
    if log { v.log10() } else { v }
}

/// An axis caption: the indicator and its unit.
fn caption(a: &ScatterAxis, lang: Lang) -> String {
    let unit = unit_name(&a.unit, lang);
    match unit.is_empty() {
        true => a.title.localize(lang),
        false => format!("{} ({unit})", a.title.localize(lang)),
    }
}

/// The radius of each point: the area in proportion to the size value (the largest gets the
/// largest radius), the smallest radius for a point without one.
fn radii(chart: &ScatterChart) -> Vec<f32> {
    let sizes: Vec<Option<f64>> = chart.points.iter().map(|p| p.size).collect();
    super::labels::area_radii(&sizes, chart.size.is_some(), RADIUS, SIZED)
}

/// Draws a scatter filling the available space.
pub fn scatter(ui: &mut Ui, chart: &ScatterChart, id: &str) {
    let lang = lang(ui);
    if chart.points.is_empty() {
        let message = crate::tr!(lang, "scatter-no-points", year = chart.year);
        return empty_state(ui, &message);
    }
    let (log_x, log_y) = (chart.x.log, chart.y.log);
    let (xu, yu) = (
        unit_name(&chart.x.unit, lang),
        unit_name(&chart.y.unit, lang),
    );
    let (xt, yt) = (chart.x.title.localize(lang), chart.y.title.localize(lang));
    let mut plot = Plot::new(id)
        .x_axis_label(caption(&chart.x, lang))
        .y_axis_label(caption(&chart.y, lang))
        .x_axis_formatter(move |m, _| display_value(m.value, log_x, lang))
        .y_axis_formatter(move |m, _| display_value(m.value, log_y, lang))
        .label_formatter(move |pos| match pos {
            egui_plot::HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(format!(
                "{plot_name}\n{xt}: {} {xu}\n{yt}: {} {yu}",
                display_value(position.x, log_x, lang),
                display_value(position.y, log_y, lang)
            )),
            egui_plot::HoverPosition::Elsewhere { .. } => None,
        })
        .grid_color(grid_color(ui))
        .allow_scroll(false);
    plot = match log_x {
        true => plot.x_grid_spacer(log_grid),
        false => plot.x_grid_spacer(|input| nice_grid(input, 0.0)),
    };
    plot = match log_y {
        true => plot.y_grid_spacer(log_grid),
        false => plot.y_grid_spacer(|input| nice_grid(input, 0.0)),
    };
    // Room for the labels right of the points.
    let (lo, hi) = x_range(chart);
    let (plo, phi) = (placed(lo, log_x), placed(hi, log_x));
    let room = match phi > plo {
        true => (phi - plo) * 0.15,
        false => phi.abs().max(1.0) * 0.15,
    };
    plot = plot.include_x(phi + room).include_x(plo - room * 0.3);
    let text_color = ui.visuals().text_color();
    let radii = radii(chart);
    let mut labels = Vec::new();
    let shown = plot.show(ui, |plot_ui| {
        for (p, r) in chart.points.iter().zip(&radii) {
            let at = [placed(p.x, log_x), placed(p.y, log_y)];
            let label = chart.label(p).localize(lang);
            labels.push((PlotPoint::new(at[0], at[1]), label.clone(), *r));
            let sized = chart.size.is_none() || p.size.is_some();
            plot_ui.points(
                Points::new(label.clone(), vec![at])
                    .color(p.color)
                    .shape(p.shape)
                    .filled(sized)
                    .radius(*r),
            );
        }
        if let Some(f) = &chart.fit {
            let xs = [placed(lo, log_x), placed(hi, log_x)];
            let line: PlotPoints = xs.iter().map(|&x| [x, f.intercept + f.slope * x]).collect();
            plot_ui.line(
                Line::new(fit_text(f, chart).localize(lang), line)
                    .color(theme::GUIDELINE)
                    .style(LineStyle::Dashed { length: 8.0 })
                    .width(1.5),
            );
        }
    });
    // Labels are painted with this frame's transform, so they land where the points are.
    let painter = ui.painter().with_clip_rect(shown.response.rect);
    super::labels::place_labels(&painter, &shown.transform, labels, text_color);
}

/// The smallest and largest X of the points, as values.
fn x_range(chart: &ScatterChart) -> (f64, f64) {
    let xs = chart.points.iter().map(|p| p.x);
    let lo = xs.clone().fold(f64::INFINITY, f64::min);
    (lo, xs.fold(f64::NEG_INFINITY, f64::max))
}
