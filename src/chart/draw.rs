//! Drawing prepared charts with egui_plot. The window and the exporter call the same functions.

use egui::{Align2, Color32, RichText, Ui};
use egui_plot::{
    Bar, BarChart, FilledArea, HLine, Legend, Line, LineStyle, Plot, PlotPoint, Points, Text,
};

use super::prepare::{CompareRow, OverTimeChart, RankingChart};
use super::spec::Relative;
use super::{theme, thin};
use crate::data::catalog::{Direction, ReferenceKind, Theme};
use crate::data::query::Period;
use crate::data::text::format_value;
use crate::data::time;

/// Formats a value for axis labels and hover text, undoing a log axis.
pub fn display_value(v: f64, log: bool) -> String {
    let v = if log { 10f64.powf(v) } else { v };
    let rounded = if v.abs() >= 100.0 {
        (v * 10.0).round() / 10.0
    } else {
        (v * 100.0).round() / 100.0
    };
    format_value(rounded)
}

/// The date an x position of a daily series stands for, as `YYYY-MM-DD`.
fn day_label(x: f64) -> String {
    let year = x.floor() as i32;
    let start = time::year_ms(year);
    let length = time::year_ms(year + 1) - start;
    let ms = start + ((x - f64::from(year)) * length as f64).round() as i64;
    time::format_time(ms, time::TimeResolution::Date)
}

/// How hover text names the time at `x`.
fn time_label(x: f64, period: Period) -> String {
    match period {
        Period::Day => day_label(x),
        Period::Year | Period::Month => year_label(x),
    }
}

fn year_label(x: f64) -> String {
    let year = x.floor();
    let month = ((x - year) * 12.0).round() as u32;
    if month == 0 {
        format!("{year:.0}")
    } else {
        format!("{year:.0}-{:02}", month + 1)
    }
}

/// Grid marks at "nice" steps (1, 2 or 5 × 10ⁿ), three nested levels each at least four
/// times the last (e.g. 1 → 5 → 20, or 1000 → 5000 → 20000), so that every axis gets
/// several labels; egui_plot's default steps by powers of ten and can leave a small panel
/// with a single label. `min_step` keeps years whole on a time axis.
pub fn nice_grid(input: egui_plot::GridInput, min_step: f64) -> Vec<egui_plot::GridMark> {
    let base = input.base_step_size.abs().max(min_step);
    if !(base.is_finite() && base > 1e-12) {
        return Vec::new();
    }
    let is_multiple = |a: f64, b: f64| ((a / b).round() * b - a).abs() < b * 1e-6;
    let mut exponent = base.log10().floor() as i32;
    let mut steps: Vec<f64> = Vec::with_capacity(3);
    while steps.len() < 3 && exponent < 300 {
        for m in [1.0, 2.0, 5.0] {
            let step = m * 10f64.powi(exponent);
            let fits = match steps.last() {
                None => step >= base * (1.0 - 1e-9),
                Some(&last) => step >= last * 4.0 * (1.0 - 1e-9) && is_multiple(step, last),
            };
            if fits && steps.len() < 3 {
                steps.push(step);
            }
        }
        exponent += 1;
    }
    let small = steps[0];
    let (lo, hi) = input.bounds;
    let (first, last) = ((lo / small).ceil(), (hi / small).floor());
    if !(first.is_finite() && last.is_finite()) || last - first > 5000.0 {
        return Vec::new();
    }
    let mut marks = Vec::new();
    let mut i = first;
    while i <= last {
        let value = i * small;
        let step_size = steps
            .iter()
            .rev()
            .find(|&&s| is_multiple(value, s))
            .copied()
            .unwrap_or(small);
        marks.push(egui_plot::GridMark { value, step_size });
        i += 1.0;
    }
    marks
}

/// Grid steps of a sub-annual time axis, in months: marks fall on the first of a month,
/// quarter, half-year, year or run of years.
const MONTH_STEPS: [i64; 12] = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400];

/// Grid marks for a time axis in fractional years (months are twelfths) at whole months,
/// quarters, years…, nested like [`nice_grid`] so that years stand out from months.
pub fn time_grid(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    let base_months = input.base_step_size.abs() * 12.0;
    if !base_months.is_finite() {
        return Vec::new();
    }
    let mut levels: Vec<i64> = Vec::with_capacity(3);
    for &m in &MONTH_STEPS {
        let fits = match levels.last() {
            None => m as f64 >= base_months,
            Some(&last) => m >= last * 4 && m % last == 0,
        };
        if fits && levels.len() < 3 {
            levels.push(m);
        }
    }
    let Some(&small) = levels.first() else {
        return Vec::new();
    };
    let (lo, hi) = input.bounds;
    let first = (lo * 12.0 / small as f64).ceil() as i64;
    let last = (hi * 12.0 / small as f64).floor() as i64;
    if last - first > 5000 {
        return Vec::new();
    }
    (first..=last)
        .map(|i| {
            let month = i * small;
            let step = levels
                .iter()
                .rev()
                .find(|&&l| month % l == 0)
                .copied()
                .unwrap_or(small);
            egui_plot::GridMark {
                value: month as f64 / 12.0,
                step_size: step as f64 / 12.0,
            }
        })
        .collect()
}

/// Grid lines: light enough that the data stands out, in either theme.
fn grid_color(ui: &Ui) -> Color32 {
    ui.visuals().text_color().gamma_multiply(0.45)
}

/// A centred message in place of an empty chart.
pub fn empty_state(ui: &mut Ui, message: &str) {
    ui.centered_and_justified(|ui| {
        ui.label(RichText::new(message).size(16.0).weak());
    });
}

/// The y-axis caption of an over-time chart.
pub fn y_caption(chart: &OverTimeChart) -> String {
    match chart.relative {
        Relative::Index100 => format!(
            "index, {} = 100",
            chart
                .base_year
                .map_or("each city's first year".into(), |y| y.to_string())
        ),
        Relative::PercentChange => format!(
            "% change since {}",
            chart
                .base_year
                .map_or("each city's first year".into(), |y| y.to_string())
        ),
        Relative::Off if chart.log_scale => format!("{} (log scale)", chart.unit),
        Relative::Off => chart.unit.clone(),
    }
}

/// Draws an over-time line chart filling the available space.
pub fn over_time(ui: &mut Ui, chart: &OverTimeChart, id: &str, show_legend: bool) {
    if let Some(reason) = &chart.empty_reason {
        empty_state(ui, reason);
        return;
    }
    let log = chart.log_scale;
    let unit = match chart.relative {
        Relative::Off => chart.unit.clone(),
        Relative::Index100 => String::new(),
        Relative::PercentChange => "%".into(),
    };
    let hover_unit = unit.clone();
    let period = chart.period;
    let mut plot = Plot::new(id)
        .y_axis_label(y_caption(chart))
        .x_axis_formatter(|mark, _| year_label(mark.value))
        .y_axis_formatter(move |mark, _| display_value(mark.value, log))
        .label_formatter(move |pos| match pos {
            egui_plot::HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(format!(
                "{plot_name}\n{}: {} {hover_unit}",
                time_label(position.x, period),
                display_value(position.y, log)
            )),
            egui_plot::HoverPosition::Elsewhere { .. } => None,
        })
        .grid_color(grid_color(ui))
        .allow_scroll(false);
    if !log {
        plot = plot.y_grid_spacer(|input| nice_grid(input, 0.0));
    }
    plot = if chart
        .series
        .iter()
        .all(|s| s.segments.iter().flatten().all(|p| p[0].fract() == 0.0))
    {
        plot.x_grid_spacer(|input| nice_grid(input, 1.0))
    } else {
        plot.x_grid_spacer(time_grid)
    };
    if show_legend {
        plot = plot.legend(Legend::default().position(egui_plot::Corner::RightTop));
    }
    if chart.dropped_nonpositive > 0 {
        ui.label(
            RichText::new(format!(
                "{} zero or negative value(s) left out of the log scale",
                chart.dropped_nonpositive
            ))
            .small()
            .weak(),
        );
    }
    plot.show(ui, |plot_ui| {
        for r in &chart.references {
            let (color, style) = match r.kind {
                ReferenceKind::Guideline => (theme::GUIDELINE, LineStyle::Dashed { length: 10.0 }),
                _ => (
                    theme::GUIDELINE.gamma_multiply(0.6),
                    LineStyle::Dotted { spacing: 5.0 },
                ),
            };
            let label = format!(
                "{} ({} {})",
                r.label,
                display_value(r.value, log),
                chart.unit
            );
            plot_ui.hline(
                HLine::new(label.clone(), r.value)
                    .color(color)
                    .style(style)
                    .width(1.5),
            );
            let x = data_x_range(chart).0;
            if x.is_finite() {
                plot_ui.text(
                    Text::new(
                        label.clone(),
                        PlotPoint::new(x, r.value),
                        RichText::new(format!(
                            "{}: {} {}",
                            r.label,
                            display_value(r.value, log),
                            chart.unit
                        ))
                        .small(),
                    )
                    .anchor(Align2::LEFT_BOTTOM)
                    .color(color),
                );
            }
        }
        // Long series are thinned to the lowest and highest point per pixel column of what
        // is visible (all the data while the plot fits its bounds automatically).
        let columns =
            (plot_ui.response().rect.width() * plot_ui.ctx().pixels_per_point()).max(1.0) as usize;
        // With many cities the lines share a budget of points: fifty overlapping daily lines
        // show no more at full resolution, and egui_plot pays per point every frame.
        let series_columns = columns.min((POINT_BUDGET / (2 * chart.series.len().max(1))).max(60));
        let x_range = if plot_ui.auto_bounds().x {
            data_x_range(chart)
        } else {
            let b = plot_ui.plot_bounds();
            (b.min()[0], b.max()[0])
        };
        // A band needs to stay visible where a column's values are all alike.
        let min_height = 1.5 / plot_ui.transform().dpos_dvalue_y().abs();
        for s in &chart.series {
            let color = theme::city_color(s.slot);
            let total: usize = s.segments.iter().map(Vec::len).sum();
            // Markers only while they stay apart; several values per pixel column make a band.
            let sparse = total * 8 <= columns;
            let dense = total > 2 * series_columns;
            for seg in &s.segments {
                if seg.len() == 1 {
                    plot_ui.points(
                        Points::new(s.city.clone(), seg.clone())
                            .color(color)
                            .radius(3.5),
                    );
                    continue;
                }
                if dense {
                    let band = thin::min_max_band(seg, x_range, series_columns);
                    let (low, high): (Vec<f64>, Vec<f64>) = band
                        .low
                        .iter()
                        .zip(&band.high)
                        .map(|(&l, &h)| {
                            let pad = ((min_height - (h - l)) / 2.0).max(0.0);
                            (l - pad, h + pad)
                        })
                        .unzip();
                    plot_ui.add(
                        FilledArea::new(s.city.clone(), &band.x, &low, &high)
                            .fill_color(color.gamma_multiply(0.75)),
                    );
                    continue;
                }
                plot_ui.line(
                    Line::new(s.city.clone(), seg.clone())
                        .color(color)
                        .style(theme::city_line_style(s.slot))
                        .width(if sparse { 2.0 } else { 1.5 }),
                );
                if sparse {
                    plot_ui.points(
                        Points::new(s.city.clone(), seg.clone())
                            .color(color)
                            .radius(2.0),
                    );
                }
            }
        }
    });
}

/// Points an over-time chart draws at most (about), shared by its series.
const POINT_BUDGET: usize = 12_000;

/// The x extent of every series of a chart.
fn data_x_range(chart: &OverTimeChart) -> (f64, f64) {
    chart
        .series
        .iter()
        .flat_map(|s| &s.segments)
        .filter_map(|seg| Some((seg.first()?[0], seg.last()?[0])))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (a, b)| {
            (lo.min(a), hi.max(b))
        })
}

/// Draws the ranking as horizontal bars, best on top, each with its value printed.
pub fn ranking(ui: &mut Ui, chart: &RankingChart, id: &str) {
    if let Some(reason) = &chart.empty_reason {
        empty_state(ui, reason);
        return;
    }
    let n = chart.bars.len();
    let labels: Vec<String> = chart
        .bars
        .iter()
        .map(|b| match chart.year {
            Some(y) if y != b.year => format!("{} ({})", b.city, b.year),
            _ => b.city.clone(),
        })
        .collect();
    let bars: Vec<Bar> = chart
        .bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let color = match b.meets_guideline {
                Some(true) => theme::MEETS,
                Some(false) => theme::EXCEEDS,
                None => theme::NEUTRAL,
            };
            Bar::new((n - 1 - i) as f64, b.value)
                .name(&labels[i])
                .fill(color)
                .width(0.7)
        })
        .collect();
    let axis_labels = labels.clone();
    let unit = chart.unit.clone();
    let max = chart.bars.iter().map(|b| b.value).fold(0.0, f64::max);
    Plot::new(id)
        .x_axis_label(unit.clone())
        .y_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 || i as usize >= n {
                return String::new();
            }
            axis_labels[n - 1 - i as usize].clone()
        })
        .y_axis_min_width(120.0)
        .include_x(0.0)
        .include_x(max * 1.12)
        .include_y(n as f64 - 0.15)
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .show_grid([true, false])
        .grid_color(grid_color(ui))
        .x_grid_spacer(|input| nice_grid(input, 0.0))
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(BarChart::new(chart.title.clone(), bars).horizontal());
            for (i, b) in chart.bars.iter().enumerate() {
                plot_ui.text(
                    Text::new(
                        format!("value {i}"),
                        PlotPoint::new(b.value + max * 0.01, (n - 1 - i) as f64),
                        RichText::new(format!("{} {unit}", display_value(b.value, false))).small(),
                    )
                    .anchor(Align2::LEFT_CENTER)
                    .color(Color32::GRAY),
                );
            }
            if let Some(g) = chart.guideline {
                let label = format!("WHO guideline: {} {unit}", display_value(g, false));
                plot_ui.vline(
                    egui_plot::VLine::new(label.clone(), g)
                        .color(theme::GUIDELINE)
                        .style(LineStyle::Dashed { length: 8.0 }),
                );
                plot_ui.text(
                    Text::new(
                        "guideline label",
                        PlotPoint::new(g, n as f64 - 0.45),
                        RichText::new(label).small(),
                    )
                    .anchor(Align2::LEFT_BOTTOM)
                    .color(theme::GUIDELINE),
                );
            }
        });
}

/// Sizes of the comparison grid: natural sizes in the window, fitted to the page in exports.
struct CompareLayout {
    label_width: f32,
    column_width: f32,
    value_size: f32,
    spark: egui::Vec2,
}

impl CompareLayout {
    fn new(ui: &Ui, cities: usize, rows: usize, fit: bool) -> CompareLayout {
        let avail = ui.available_size();
        if !fit {
            return CompareLayout {
                label_width: 200.0,
                column_width: ((avail.x - 240.0) / cities as f32 - 18.0).clamp(130.0, 260.0),
                value_size: 15.0,
                spark: egui::vec2(110.0, 26.0),
            };
        }
        let label_width = (avail.x * 0.28).clamp(160.0, 340.0);
        let column_width = (avail.x - label_width) / cities as f32 - 18.0;
        let row_height = avail.y / rows.max(1) as f32 - 8.0;
        let value_size = (row_height * 0.3).clamp(11.0, 18.0);
        CompareLayout {
            label_width,
            column_width,
            value_size,
            spark: egui::vec2(
                (column_width * 0.8).min(240.0),
                (row_height - value_size * 2.6).clamp(8.0, 40.0),
            ),
        }
    }
}

/// The side-by-side comparison: a column per city, a row per indicator grouped by theme, with
/// the latest value and its year, the difference to the first city, the best value in green
/// and a sparkline of the trend. `fit` sizes everything to fill the space (exports).
pub fn compare_grid(ui: &mut Ui, cities: &[String], rows: &[CompareRow], fit: bool) {
    if rows.is_empty() {
        empty_state(ui, "No data for these cities");
        return;
    }
    let themes = 1 + rows.windows(2).filter(|w| w[0].theme != w[1].theme).count();
    let layout = CompareLayout::new(ui, cities.len(), rows.len() + themes + 1, fit);
    egui::Grid::new("compare")
        .striped(true)
        .spacing([18.0, 8.0])
        .min_col_width(layout.column_width)
        .show(ui, |ui| {
            ui.allocate_ui(egui::vec2(layout.label_width, 0.0), |ui| {
                ui.set_min_width(layout.label_width);
                ui.label(RichText::new("Indicator").strong());
            });
            for (i, c) in cities.iter().enumerate() {
                ui.label(
                    RichText::new(c.as_str())
                        .strong()
                        .size(16.0)
                        .color(theme::city_color(i)),
                );
            }
            ui.end_row();
            let mut last_theme = None;
            for row in rows {
                if row.theme != last_theme {
                    last_theme = row.theme;
                    ui.label(
                        RichText::new(row.theme.map_or("Other", |t| t.label()))
                            .strong()
                            .underline(),
                    );
                    ui.end_row();
                }
                compare_row(ui, cities, row, &layout);
                ui.end_row();
            }
        });
}

fn compare_row(ui: &mut Ui, cities: &[String], row: &CompareRow, layout: &CompareLayout) {
    let arrow = match row.better {
        Direction::Lower => " ↓",
        Direction::Higher => " ↑",
        Direction::Neutral => "",
    };
    ui.add(egui::Label::new(format!("{}{arrow}\n{}", row.title, row.unit)).wrap())
        .on_hover_text("↓ lower is better, ↑ higher is better");
    let best = row.best();
    let first = row.cells.first().and_then(|c| c.as_ref()).map(|c| c.value);
    for (i, cell) in row.cells.iter().enumerate() {
        let Some(c) = cell else {
            ui.label(RichText::new("no data").weak());
            continue;
        };
        ui.vertical(|ui| {
            let mut value =
                RichText::new(format!("{} ({})", display_value(c.value, false), c.year))
                    .size(layout.value_size);
            if best == Some(i) {
                value = value.strong().color(theme::MEETS);
            }
            ui.label(value);
            if i > 0
                && let Some(f) = first
            {
                let d = c.value - f;
                ui.label(
                    RichText::new(format!(
                        "{}{} vs {}",
                        if d >= 0.0 { "+" } else { "" },
                        display_value(d, false),
                        cities[0]
                    ))
                    .small()
                    .weak(),
                );
            }
            sparkline(ui, &c.trend, theme::city_color(i), layout.spark);
        });
    }
}

/// A small trend line without axes.
pub fn sparkline(ui: &mut Ui, points: &[[f64; 2]], color: Color32, size: egui::Vec2) {
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    if points.len() < 2 {
        return;
    }
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in points {
        x0 = x0.min(p[0]);
        x1 = x1.max(p[0]);
        y0 = y0.min(p[1]);
        y1 = y1.max(p[1]);
    }
    let scale = |span: f64, length: f32| {
        if span > 0.0 {
            f64::from(length) / span
        } else {
            0.0
        }
    };
    let (sx, sy) = (scale(x1 - x0, rect.width()), scale(y1 - y0, rect.height()));
    let pts: Vec<egui::Pos2> = points
        .iter()
        .map(|p| {
            egui::pos2(
                rect.left() + ((p[0] - x0) * sx) as f32,
                rect.bottom() - ((p[1] - y0) * sy) as f32,
            )
        })
        .collect();
    ui.painter()
        .add(egui::Shape::line(pts, egui::Stroke::new(1.5, color)));
}

/// Small multiples: one over-time chart per indicator, two columns, each with its own axis
/// and unit. In the window (`scroll`) panels keep a readable minimum height; in exports they
/// share the space.
pub fn multiples_grid(ui: &mut Ui, theme_group: Theme, charts: &[OverTimeChart], scroll: bool) {
    if charts.is_empty() {
        empty_state(
            ui,
            &format!("No {} indicators in the open data", theme_group.label()),
        );
        return;
    }
    let cols = if charts.len() > 2 { 2 } else { charts.len() };
    let spacing = ui.spacing().item_spacing;
    let width = (ui.available_width() - spacing.x * (cols as f32 - 1.0)) / cols as f32;
    let rows = charts.len().div_ceil(cols);
    let height = ui.available_height() / rows as f32 - spacing.y;
    let height = if scroll { height.max(160.0) } else { height };
    for row in charts.chunks(cols) {
        ui.horizontal(|ui| {
            for chart in row {
                ui.allocate_ui(egui::vec2(width, height), |ui| {
                    ui.vertical(|ui| {
                        ui.set_min_size(egui::vec2(width, height));
                        ui.set_max_size(egui::vec2(width, height));
                        ui.label(
                            RichText::new(format!("{} ({})", chart.title, chart.unit)).strong(),
                        );
                        over_time(ui, chart, &format!("multiple_{}", chart.indicator), false);
                    });
                });
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(bounds: (f64, f64), base: f64, min_step: f64) -> Vec<(f64, f64)> {
        nice_grid(
            egui_plot::GridInput {
                bounds,
                base_step_size: base,
            },
            min_step,
        )
        .into_iter()
        .map(|m| (m.value, m.step_size))
        .collect()
    }

    #[test]
    fn nice_grid_nests_one_two_five_steps() {
        let m = marks((4300.0, 17200.0), 300.0, 0.0);
        // Steps 500 → 2000 → 10000: labels fall on round thousands.
        assert_eq!(m.first(), Some(&(4500.0, 500.0)));
        assert!(m.contains(&(6000.0, 2000.0)), "{m:?}");
        assert!(m.contains(&(10000.0, 10000.0)), "{m:?}");
        assert!(
            m.contains(&(5000.0, 500.0)),
            "5000 is not a multiple of 2000"
        );
    }

    #[test]
    fn nice_grid_keeps_years_whole() {
        let m = marks((2009.6, 2024.4), 0.2, 1.0);
        assert_eq!(m.len(), 15);
        assert!(m.contains(&(2015.0, 5.0)), "{m:?}");
        assert!(m.contains(&(2020.0, 20.0)), "{m:?}");
        assert!(m.contains(&(2011.0, 1.0)), "{m:?}");
        assert!(marks((0.0, 1.0), 0.0, 0.0).is_empty());
    }

    #[test]
    fn time_grid_marks_months_and_years() {
        let input = |bounds, base| egui_plot::GridInput {
            bounds,
            base_step_size: base,
        };
        // Half a year of daily data: monthly marks, half-years and two-year runs nested.
        let m = time_grid(input((2019.01, 2019.55), 1.0 / 40.0));
        let values: Vec<String> = m.iter().map(|m| year_label(m.value)).collect();
        assert_eq!(
            values,
            [
                "2019-02", "2019-03", "2019-04", "2019-05", "2019-06", "2019-07"
            ]
        );
        assert!(
            m.iter()
                .all(|m| m.step_size == 1.0 / 12.0 || m.value == 2019.5)
        );
        // Eight years: yearly marks, every fifth and twentieth year stronger.
        let m = time_grid(input((2015.0, 2022.9), 0.7));
        assert_eq!(m.len(), 8);
        assert!(m.iter().all(|m| m.value.fract() == 0.0));
        let step = |year: f64| m.iter().find(|m| m.value == year).unwrap().step_size;
        assert_eq!((step(2015.0), step(2016.0), step(2020.0)), (5.0, 1.0, 20.0));
        assert!(time_grid(input((0.0, 1.0), f64::NAN)).is_empty());
    }

    #[test]
    fn day_labels_round_trip_dates() {
        let ms = time::date_ms(2020, 3, 14).unwrap();
        assert_eq!(
            day_label(crate::chart::prepare::x_of(ms, Period::Day)),
            "2020-03-14"
        );
        let ms = time::date_ms(2023, 12, 31).unwrap();
        assert_eq!(
            day_label(crate::chart::prepare::x_of(ms, Period::Day)),
            "2023-12-31"
        );
    }
}
