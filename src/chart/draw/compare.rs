//! Drawing the side-by-side comparison: a grid of latest values with their years, the
//! difference to the first city, the best value in green and a sparkline per cell.

use egui::{Color32, RichText, Ui};

use super::axis::display_value;
use crate::chart::compare::{CompareChart, CompareRow};
use crate::chart::text::{place_name, unit_name};
use crate::chart::theme;
use crate::data::catalog::Direction;

/// Sizes of the comparison grid: natural sizes in the window, fitted to the page in exports.
struct CompareLayout {
    label_width: f32,
    column_width: f32,
    value_size: f32,
    spark: egui::Vec2,
}

impl CompareLayout {
    fn new(ui: &Ui, chart: &CompareChart, themes: usize, fit: bool) -> CompareLayout {
        let avail = ui.available_size();
        let cities = chart.cities.len().max(1);
        if !fit {
            return CompareLayout {
                label_width: 200.0,
                column_width: ((avail.x - 240.0) / cities as f32 - 18.0).clamp(130.0, 260.0),
                value_size: 15.0,
                spark: egui::vec2(110.0, 26.0),
            };
        }
        // Row heights are planned for labels of two lines (name, unit): where a long name
        // (Kazakh and Russian ones) would wrap to a third line and push the last row off the
        // page, the label column widens until every name fits on one line.
        let mut share: f32 = 0.28;
        let mut label_width = (avail.x * share).clamp(160.0, 340.0);
        while share < 0.46
            && chart
                .rows
                .iter()
                .any(|r| row_label_galley(ui, r, label_width).rows.len() > 2)
        {
            share += 0.03;
            label_width = avail.x * share;
        }
        let column_width = (avail.x - label_width) / cities as f32 - 18.0;
        let row_height = avail.y / (chart.rows.len() + themes + 1).max(1) as f32 - 8.0;
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

/// A row's label: the indicator, its better-direction arrow and its unit, wrapped to `width`.
fn row_label(ui: &Ui, row: &CompareRow) -> String {
    let lang = super::lang(ui);
    let arrow = match row.better {
        Direction::Lower => " ↓",
        Direction::Higher => " ↑",
        Direction::Neutral => "",
    };
    let title = row.title.localize(lang);
    let unit = unit_name(&row.unit, lang);
    format!("{title}{arrow}\n{unit}")
}

fn row_label_galley(ui: &Ui, row: &CompareRow, width: f32) -> std::sync::Arc<egui::Galley> {
    egui::WidgetText::from(row_label(ui, row)).into_galley(
        ui,
        Some(egui::TextWrapMode::Wrap),
        width,
        egui::TextStyle::Body,
    )
}

/// The side-by-side comparison: a column per city, a row per indicator grouped by theme, with
/// the latest value and its year, the difference to the first city, the best value in green
/// and a sparkline of the trend. `fit` sizes everything to fill the space (exports).
pub fn compare_grid(ui: &mut Ui, chart: &CompareChart, fit: bool) {
    let (cities, rows) = (&chart.cities, &chart.rows);
    let lang = super::lang(ui);
    let themes = 1 + rows.windows(2).filter(|w| w[0].theme != w[1].theme).count();
    let layout = CompareLayout::new(ui, chart, themes, fit);
    egui::Grid::new("compare")
        .striped(true)
        .spacing([18.0, 8.0])
        .min_col_width(layout.column_width)
        .show(ui, |ui| {
            ui.allocate_ui(egui::vec2(layout.label_width, 0.0), |ui| {
                ui.set_min_width(layout.label_width);
                ui.label(RichText::new(crate::tr!(lang, "indicator-column")).strong());
            });
            for (i, c) in cities.iter().enumerate() {
                ui.label(
                    RichText::new(place_name(c, lang))
                        .strong()
                        .size(16.0)
                        .color(theme::city_color(chart.slots[i])),
                );
            }
            ui.end_row();
            let mut last_theme = None;
            for row in rows {
                if row.theme != last_theme {
                    last_theme = row.theme;
                    ui.label(
                        RichText::new(match row.theme {
                            Some(t) => crate::chart::multiples::theme_text(t).localize(lang),
                            None => crate::tr!(lang, "theme-other"),
                        })
                        .strong()
                        .underline(),
                    );
                    ui.end_row();
                }
                compare_row(ui, chart, row, &layout);
                ui.end_row();
            }
        });
}

fn compare_row(ui: &mut Ui, chart: &CompareChart, row: &CompareRow, layout: &CompareLayout) {
    let cities = &chart.cities;
    let lang = super::lang(ui);
    ui.add(egui::Label::new(row_label(ui, row)).wrap())
        .on_hover_text(crate::tr!(lang, "better-arrows"));
    let best = row.best();
    // Differences only between values that have a year.
    let first = row
        .cells
        .first()
        .and_then(|c| c.as_ref())
        .filter(|c| c.year.is_some())
        .map(|c| c.value);
    for (i, cell) in row.cells.iter().enumerate() {
        let Some(c) = cell else {
            ui.label(RichText::new(crate::tr!(lang, "no-data")).weak());
            continue;
        };
        ui.vertical(|ui| {
            // The best value says so in words too, not only in colour (grey-scale print).
            let year = match c.year {
                Some(y) => y.to_string(),
                None => crate::tr!(lang, "year-not-given"),
            };
            let mut text = format!("{} ({year})", display_value(c.value, false, lang));
            // A value of another year than the row's is marked, and never called best.
            let other_year = row.other_year(c);
            if other_year {
                text.push_str(" *");
            }
            let value = match (best == Some(i), other_year) {
                (true, _) => RichText::new(crate::tr!(lang, "value-best", value = text))
                    .strong()
                    .color(theme::MEETS),
                (false, true) => RichText::new(text)
                    .italics()
                    .color(ui.visuals().warn_fg_color),
                (false, false) => RichText::new(text),
            };
            ui.label(value.size(layout.value_size));
            if i > 0
                && c.year.is_some()
                && let Some(f) = first
            {
                let d = c.value - f;
                ui.label(
                    RichText::new(crate::tr!(
                        lang,
                        "difference-vs",
                        difference = format!(
                            "{}{}",
                            if d >= 0.0 { "+" } else { "" },
                            display_value(d, false, lang)
                        ),
                        place = place_name(&cities[0], lang)
                    ))
                    .small()
                    .weak(),
                );
            }
            sparkline(
                ui,
                &c.trend,
                theme::city_color(chart.slots[i]),
                layout.spark,
            );
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
