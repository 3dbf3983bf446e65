//! Drawing the ranking: horizontal bars, best on top, each with its value printed, and the
//! guideline as a dashed line.

use egui::{Align2, RichText, Ui};
use egui_plot::{AxisHints, Bar, BarChart, GridMark, LineStyle, Plot, PlotPoint, Text};

use super::axis::{display_value, grid_color, nice_grid};
use super::lang;
use crate::chart::ranking::RankingChart;
use crate::chart::text::unit_name;
use crate::chart::theme;

/// Draws the ranking as horizontal bars, best on top, each with its value printed.
pub fn ranking(ui: &mut Ui, chart: &RankingChart, id: &str) {
    let n = chart.bars.len();
    let text_color = ui.visuals().text_color();
    let lang = lang(ui);
    let labels: Vec<String> = chart
        .bars
        .iter()
        .map(|b| chart.label(b).localize(lang))
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
    let unit = unit_name(&chart.unit, lang);
    let max = chart.bars.iter().map(|b| b.value).fold(0.0, f64::max);
    // Every bar is named: a mark at each bar, with names shown down to a spacing of 13
    // points (egui_plot's default steps of 1, 2, 5, 10 named every tenth bar of 27, and its
    // default spacing of 20–30 points hid names 20 points apart).
    let y_axis = AxisHints::new_y()
        .formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 || i as usize >= n {
                return String::new();
            }
            axis_labels[n - 1 - i as usize].clone()
        })
        .min_thickness(120.0)
        .label_spacing(13.0..=16.0);
    Plot::new(id)
        .x_axis_label(unit.clone())
        .custom_y_axes(vec![y_axis])
        .y_grid_spacer(move |_| {
            (0..n)
                .map(|i| GridMark {
                    value: i as f64,
                    step_size: 1.0,
                })
                .collect()
        })
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
            plot_ui.bar_chart(BarChart::new(chart.title.localize(lang), bars).horizontal());
            for (i, b) in chart.bars.iter().enumerate() {
                plot_ui.text(
                    Text::new(
                        format!("value {i}"),
                        PlotPoint::new(b.value + max * 0.01, (n - 1 - i) as f64),
                        RichText::new(format!("{} {unit}", display_value(b.value, false, lang))),
                    )
                    .anchor(Align2::LEFT_CENTER)
                    .color(text_color),
                );
            }
            if let Some(g) = chart.guideline {
                let label = crate::tr!(
                    lang,
                    "guideline-label",
                    value = display_value(g, false, lang),
                    unit = unit.clone()
                );
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
