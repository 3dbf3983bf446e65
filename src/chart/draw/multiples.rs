//! Drawing small multiples: one over-time panel per indicator, two columns.

use egui::{RichText, Ui};

use crate::chart::multiples::MultiplesChart;

/// Small multiples: one over-time chart per indicator, two columns, each with its own axis
/// and unit. In the window (`scroll`) panels keep a readable minimum height; in exports they
/// share the space.
pub fn multiples_grid(ui: &mut Ui, chart: &MultiplesChart, scroll: bool) {
    let charts = &chart.panels;
    let lang = super::lang(ui);
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
                            RichText::new(format!(
                                "{} ({})",
                                chart.title.localize(lang),
                                crate::chart::text::unit_name(&chart.unit, lang)
                            ))
                            .strong(),
                        );
                        super::over_time::over_time(
                            ui,
                            chart,
                            &format!("multiple_{}", chart.indicator),
                        );
                    });
                });
            }
        });
    }
}
