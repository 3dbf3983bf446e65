//! The scatter's controls above the chart: the X indicator (Y is the sidebar's), the size
//! indicator, log axes, the least-squares line and the year.

use egui::Ui;

use crate::chart::ChartQuery;
use crate::chart::text::indicator_name;
use crate::data::catalog::Catalog;
use crate::i18n::Lang;
use crate::tr;

/// The indicators a picker offers: the catalog's with data first, then the data's own.
fn choices(available: &[String]) -> Vec<String> {
    let catalog = Catalog::bundled();
    let mut out: Vec<String> = catalog
        .indicators
        .iter()
        .filter(|i| available.contains(&i.id))
        .map(|i| i.id.clone())
        .collect();
    out.extend(
        available
            .iter()
            .filter(|id| catalog.indicator(id).is_none())
            .cloned(),
    );
    out
}

/// Draws the scatter's controls; `available` lists the indicators of the open data.
pub fn scatter_controls(ui: &mut Ui, query: &mut ChartQuery, available: &[String], lang: Lang) {
    let choices = choices(available);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(tr!(lang, "scatter-x"));
        egui::ComboBox::from_id_salt("scatter_x")
            .selected_text(indicator_name(&query.x_indicator, lang))
            .show_ui(ui, |ui| {
                for id in &choices {
                    let name = indicator_name(id, lang);
                    ui.selectable_value(&mut query.x_indicator, id.clone(), name);
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(tr!(lang, "scatter-y"));
        ui.separator();
        let label = ui.label(tr!(lang, "scatter-size-label"));
        let current = match &query.size_indicator {
            Some(id) => indicator_name(id, lang),
            None => tr!(lang, "scatter-size-none"),
        };
        egui::ComboBox::from_id_salt("scatter_size")
            .selected_text(current)
            .show_ui(ui, |ui| {
                let none = tr!(lang, "scatter-size-none");
                ui.selectable_value(&mut query.size_indicator, None, none);
                for id in &choices {
                    let name = indicator_name(id, lang);
                    ui.selectable_value(&mut query.size_indicator, Some(id.clone()), name);
                }
            })
            .response
            .labelled_by(label.id);
        ui.separator();
        let o = &mut query.scatter;
        ui.toggle_value(&mut o.log_x, tr!(lang, "scatter-log-x"));
        ui.toggle_value(&mut o.log_y, tr!(lang, "scatter-log-y"));
        ui.toggle_value(&mut o.fit_line, tr!(lang, "scatter-fit"));
        ui.separator();
        let label = ui.label(tr!(lang, "scatter-year"));
        let mut latest = query.year.is_none();
        if ui
            .toggle_value(&mut latest, tr!(lang, "scatter-year-latest"))
            .changed()
        {
            query.year = match latest {
                true => None,
                false => Some(2020),
            };
        }
        if let Some(year) = &mut query.year {
            ui.add(egui::DragValue::new(year).range(1900..=2100))
                .labelled_by(label.id);
        }
    });
}
