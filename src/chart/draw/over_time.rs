//! Drawing an over-time chart with egui_plot: lines, markers for sparse series, min/max
//! bands for dense ones, and the reference lines with their labels.

use egui::{Align2, RichText, Ui};
use egui_plot::{FilledArea, HLine, Line, LineStyle, Plot, PlotPoint, PlotUi, Points, Text};

use super::axis::{
    axis_label, display_value, grid_color, log_grid, nice_grid, time_grid, time_label,
};
use super::empty_state;
use crate::chart::over_time::{CitySeries, OverTimeChart, y_caption};
use crate::chart::text::{place_name, unit_name};
use crate::chart::{Relative, theme, thin};
use crate::data::catalog::Reference;
use crate::data::catalog::ReferenceKind;
use crate::data::query::Period;
use crate::i18n::Lang;

/// Points an over-time chart draws at most (about), shared by its series.
const POINT_BUDGET: usize = 12_000;

/// The plot of a chart: axes, captions, hover text and grids.
fn plot<'a>(ui: &Ui, chart: &OverTimeChart, id: &str) -> Plot<'a> {
    let lang = super::lang(ui);
    let log = chart.log_scale;
    let hover_unit = match chart.relative {
        Relative::Off => unit_name(&chart.unit, lang),
        Relative::Index100 => String::new(),
        Relative::PercentChange => "%".into(),
    };
    let period = chart.period;
    let mut plot = Plot::new(id)
        .y_axis_label(y_caption(chart).localize(lang))
        .x_axis_formatter(move |mark, _| axis_label(mark.value, period, lang))
        .y_axis_formatter(move |mark, _| display_value(mark.value, log, lang))
        .label_formatter(move |pos| match pos {
            egui_plot::HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(format!(
                "{plot_name}\n{}: {} {hover_unit}",
                time_label(position.x, period, lang),
                display_value(position.y, log, lang)
            )),
            egui_plot::HoverPosition::Elsewhere { .. } => None,
        })
        .grid_color(grid_color(ui))
        .allow_scroll(false);
    plot = match log {
        true => plot.y_grid_spacer(log_grid),
        false => plot.y_grid_spacer(|input| nice_grid(input, 0.0)),
    };
    let whole_years = chart.period == Period::Year;
    plot = match whole_years {
        true => plot.x_grid_spacer(|input| nice_grid(input, 1.0)),
        false => plot.x_grid_spacer(time_grid),
    };
    // A single year (month, day) would otherwise span decades of empty axis.
    let (lo, hi) = chart.x_range();
    let pad = match chart.period {
        Period::Year => 1.0,
        Period::Month => 1.0 / 12.0,
        Period::Day => 3.0 / 365.0,
    };
    if lo.is_finite() && hi - lo < pad {
        plot = plot.include_x(lo - pad).include_x(hi + pad);
    }
    plot
}

/// A reference line's name in a language: the WHO guideline and interim targets by their
/// standard names, other references as the catalog writes them.
pub fn reference_name(r: &Reference, lang: Lang) -> String {
    match r.kind {
        ReferenceKind::Guideline => crate::tr!(lang, "reference-guideline"),
        ReferenceKind::Interim => match r
            .label
            .rsplit(' ')
            .next()
            .and_then(|n| n.parse::<i32>().ok())
        {
            Some(n) => crate::tr!(lang, "reference-interim", number = n),
            None => r.label.clone(),
        },
        ReferenceKind::Target => r.label.clone(),
        ReferenceKind::Daily => crate::tr!(lang, "reference-daily"),
    }
}

/// Draws an over-time line chart filling the available space.
pub fn over_time(ui: &mut Ui, chart: &OverTimeChart, id: &str) {
    if let Some(reason) = &chart.empty_reason {
        empty_state(ui, &reason.localize(super::lang(ui)));
        return;
    }
    let lang = super::lang(ui);
    plot(ui, chart, id).show(ui, |plot_ui| {
        references(plot_ui, chart, lang);
        series(plot_ui, chart, lang);
    });
}

/// The reference lines (guideline, interim targets), each labelled at the left.
fn references(plot_ui: &mut PlotUi, chart: &OverTimeChart, lang: Lang) {
    let log = chart.log_scale;
    let unit = unit_name(&chart.unit, lang);
    let x = chart.x_range().0;
    for r in &chart.references {
        let (color, style) = match r.kind {
            ReferenceKind::Guideline | ReferenceKind::Daily => {
                (theme::GUIDELINE, LineStyle::Dashed { length: 10.0 })
            }
            _ => (
                theme::GUIDELINE.gamma_multiply(0.6),
                LineStyle::Dotted { spacing: 5.0 },
            ),
        };
        let value = display_value(r.value, log, lang);
        let name = reference_name(r, lang);
        let label = format!("{name} ({value} {unit})");
        plot_ui.hline(
            HLine::new(label.clone(), r.value)
                .color(color)
                .style(style)
                .width(1.5),
        );
        if x.is_finite() {
            // On the plot's own background, so that grid lines never run through the label.
            let text = RichText::new(format!("{name}: {value} {unit}"))
                .small()
                .background_color(label_background(plot_ui));
            plot_ui.text(
                Text::new(label, PlotPoint::new(x, r.value), text)
                    .anchor(Align2::LEFT_BOTTOM)
                    .color(color),
            );
        }
    }
}

/// The background of labels inside a plot: the plot's, or the page's where the plot has
/// none (figures).
fn label_background(plot_ui: &PlotUi) -> egui::Color32 {
    let visuals = plot_ui.ctx().global_style().visuals.clone();
    match visuals.extreme_bg_color.a() {
        0 => visuals.panel_fill,
        _ => visuals.extreme_bg_color,
    }
}

/// How the series of a plot are thinned: pixel columns of the plot and of each series, the
/// visible x range, and the least band height in plot units.
struct Thinning {
    columns: usize,
    series_columns: usize,
    x_range: (f64, f64),
    min_height: f64,
}

impl Thinning {
    fn of(plot_ui: &PlotUi, chart: &OverTimeChart) -> Thinning {
        let columns =
            (plot_ui.response().rect.width() * plot_ui.ctx().pixels_per_point()).max(1.0) as usize;
        // With many cities the lines share a budget of points: fifty overlapping daily lines
        // show no more at full resolution, and egui_plot pays per point every frame.
        let series_columns = columns.min((POINT_BUDGET / (2 * chart.series.len().max(1))).max(60));
        // Long series are thinned over what is visible (all the data while the plot fits its
        // bounds automatically).
        let x_range = if plot_ui.auto_bounds().x {
            chart.x_range()
        } else {
            let b = plot_ui.plot_bounds();
            (b.min()[0], b.max()[0])
        };
        // A band needs to stay visible where a column's values are all alike.
        let min_height = 1.5 / plot_ui.transform().dpos_dvalue_y().abs();
        Thinning {
            columns,
            series_columns,
            x_range,
            min_height,
        }
    }
}

fn series(plot_ui: &mut PlotUi, chart: &OverTimeChart, lang: Lang) {
    let thinning = Thinning::of(plot_ui, chart);
    for s in &chart.series {
        city_series(plot_ui, s, &thinning, &place_name(&s.city, lang));
    }
}

/// One city: a marker for a lone value, a min/max band for a series denser than the pixel
/// columns, else a line (with markers while they stay apart).
fn city_series(plot_ui: &mut PlotUi, s: &CitySeries, t: &Thinning, name: &str) {
    let color = theme::city_color(s.slot);
    if !s.hollow.is_empty() {
        // Values covering too little of their period: hollow, and never joined by the line.
        plot_ui.points(
            Points::new(name, s.hollow.clone())
                .color(color)
                .filled(false)
                .radius(4.0),
        );
    }
    let total: usize = s.segments.iter().map(Vec::len).sum();
    let sparse = total * 8 <= t.columns;
    let dense = total > 2 * t.series_columns;
    for seg in &s.segments {
        if seg.len() == 1 {
            plot_ui.points(Points::new(name, seg.clone()).color(color).radius(3.5));
        } else if dense {
            let band = thin::min_max_band(seg, t.x_range, t.series_columns);
            let (low, high): (Vec<f64>, Vec<f64>) = band
                .low
                .iter()
                .zip(&band.high)
                .map(|(&l, &h)| {
                    let pad = ((t.min_height - (h - l)) / 2.0).max(0.0);
                    (l - pad, h + pad)
                })
                .unzip();
            plot_ui.add(
                FilledArea::new(name, &band.x, &low, &high).fill_color(color.gamma_multiply(0.75)),
            );
        } else {
            plot_ui.line(
                Line::new(name, seg.clone())
                    .color(color)
                    .style(theme::city_line_style(s.slot))
                    .width(if sparse { 2.0 } else { 1.5 }),
            );
            if sparse {
                plot_ui.points(Points::new(name, seg.clone()).color(color).radius(2.0));
            }
        }
    }
}
