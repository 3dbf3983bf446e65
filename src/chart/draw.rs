//! Drawing prepared charts with egui_plot. The window and the exporter call the same functions.

use egui::{Align2, Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, HLine, Legend, Line, LineStyle, Plot, PlotPoint, Points, Text};

use super::prepare::{OverTimeChart, RankingChart};
use super::spec::Relative;
use super::theme;
use crate::data::catalog::ReferenceKind;
use crate::data::text::format_value;

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

fn year_label(x: f64) -> String {
    let year = x.floor();
    let month = ((x - year) * 12.0).round() as u32;
    if month == 0 {
        format!("{year:.0}")
    } else {
        format!("{year:.0}-{:02}", month + 1)
    }
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
                .map_or("first year".into(), |y| y.to_string())
        ),
        Relative::PercentChange => format!(
            "% change since {}",
            chart
                .base_year
                .map_or("first year".into(), |y| y.to_string())
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
                year_label(position.x),
                display_value(position.y, log)
            )),
            egui_plot::HoverPosition::Elsewhere { .. } => None,
        })
        .allow_scroll(false);
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
            let x = chart
                .series
                .iter()
                .flat_map(|s| s.segments.iter().flatten())
                .map(|p| p[0])
                .fold(f64::INFINITY, f64::min);
            if x.is_finite() {
                plot_ui.text(
                    Text::new(
                        label.clone(),
                        PlotPoint::new(x, r.value),
                        RichText::new(&r.label).small(),
                    )
                    .anchor(Align2::LEFT_BOTTOM)
                    .color(color),
                );
            }
        }
        for s in &chart.series {
            let color = theme::city_color(s.slot);
            for seg in &s.segments {
                if seg.len() == 1 {
                    plot_ui.points(
                        Points::new(s.city.clone(), seg.clone())
                            .color(color)
                            .radius(3.5),
                    );
                } else {
                    plot_ui.line(
                        Line::new(s.city.clone(), seg.clone())
                            .color(color)
                            .style(theme::city_line_style(s.slot))
                            .width(2.0),
                    );
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
        .allow_scroll(false)
        .allow_drag(false)
        .allow_zoom(false)
        .show_grid([true, false])
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
                plot_ui.vline(
                    egui_plot::VLine::new(format!("WHO guideline {g}"), g)
                        .color(theme::GUIDELINE)
                        .style(LineStyle::Dashed { length: 8.0 }),
                );
            }
        });
}
