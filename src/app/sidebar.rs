//! The sidebar: city search and selection, indicators by theme, years and chart options.

use egui::{RichText, Ui};

use super::CityDashApp;
use crate::chart::{ChartQuery, Relative, theme};
use crate::data::catalog::{Catalog, Direction, Theme, match_key};
use crate::data::query::Period;

/// The theme whose indicators small multiples show.
pub fn theme_picker(ui: &mut Ui, query: &mut ChartQuery) {
    ui.horizontal(|ui| {
        ui.label("Theme:");
        for t in Theme::ALL {
            ui.selectable_value(&mut query.theme_group, t, t.label());
        }
    });
}

pub fn sidebar(app: &mut CityDashApp, ui: &mut Ui) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        cities(app, ui);
        ui.separator();
        indicators(app, ui);
        ui.separator();
        years(app, ui);
        ui.separator();
        options(app, ui);
    });
}

fn cities(app: &mut CityDashApp, ui: &mut Ui) {
    let combined = app.workspace.combined.clone();
    let total = combined.place_count();
    ui.horizontal(|ui| {
        ui.heading("Cities");
        ui.label(format!("{} of {total}", app.state.query.cities.len()));
        if ui.small_button("Clear").clicked() {
            app.state.query.cities.clear();
        }
    });
    let search = ui.add(
        egui::TextEdit::singleline(&mut app.city_search)
            .hint_text("Search (any name, Ctrl+F)")
            .desired_width(f32::INFINITY),
    );
    if app.focus_search {
        search.request_focus();
        app.focus_search = false;
    }
    let key = match_key(&app.city_search);
    let spec = &mut app.state.query;
    for (country, places) in &combined.places {
        let shown: Vec<_> = places.iter().filter(|p| p.matches(&key)).collect();
        if shown.is_empty() {
            continue;
        }
        let selected = shown
            .iter()
            .filter(|p| spec.cities.contains(&p.name))
            .count();
        let header = format!("{country} ({selected}/{})", shown.len());
        egui::CollapsingHeader::new(header)
            .id_salt(("country", country))
            .default_open(selected > 0)
            // While searching, every group with a match is open.
            .open((!key.is_empty()).then_some(true))
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    if ui.small_button("All").clicked() {
                        for p in &shown {
                            if !spec.cities.contains(&p.name) {
                                spec.cities.push(p.name.clone());
                            }
                        }
                    }
                    if ui.small_button("None").clicked() {
                        spec.cities.retain(|c| !shown.iter().any(|p| &p.name == c));
                    }
                });
                for p in &shown {
                    let slot = spec.cities.iter().position(|c| c == &p.name);
                    let mut on = slot.is_some();
                    ui.horizontal(|ui| {
                        if ui.checkbox(&mut on, &p.name).changed() {
                            if on {
                                spec.cities.push(p.name.clone());
                            } else {
                                spec.cities.retain(|c| c != &p.name);
                            }
                        }
                        if let Some(i) = slot {
                            let (rect, _) = ui
                                .allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                            ui.painter().rect_filled(rect, 2.0, theme::city_color(i));
                        }
                    });
                }
            });
    }
    if total == 0 {
        ui.label(RichText::new("No data open yet").weak());
    }
}

fn indicators(app: &mut CityDashApp, ui: &mut Ui) {
    ui.heading("Indicator");
    let catalog = Catalog::bundled();
    let combined = app.workspace.combined.clone();
    let with_data = combined.indicators_for(&app.state.query.cities);
    let present = &combined.indicators;
    let spec = &mut app.state.query;
    for theme_group in Theme::ALL {
        ui.label(RichText::new(theme_group.label()).strong());
        for ind in catalog.indicators.iter().filter(|i| i.theme == theme_group) {
            let has = with_data.contains(&ind.id);
            let arrow = match ind.better {
                Direction::Lower => "lower is better",
                Direction::Higher => "higher is better",
                Direction::Neutral => "",
            };
            let mut text = RichText::new(format!("{} ({})", ind.name_en, ind.unit));
            if !has {
                text = text.weak();
            }
            let r = ui.selectable_label(spec.indicator == ind.id, text);
            let r = r.on_hover_text(format!(
                "{}\n{}{}",
                ind.name_ru,
                arrow,
                if has {
                    ""
                } else {
                    "\nNo data for the selected cities"
                }
            ));
            if r.clicked() {
                spec.indicator = ind.id.clone();
                spec.theme_group = theme_group;
            }
        }
    }
    let others: Vec<&String> = present
        .iter()
        .filter(|id| catalog.indicator(id).is_none())
        .collect();
    if !others.is_empty() {
        egui::CollapsingHeader::new(format!("Other indicators in the data ({})", others.len()))
            .show(ui, |ui| {
                for id in others {
                    let mut text = RichText::new(id.as_str());
                    if !with_data.contains(id) {
                        text = text.weak();
                    }
                    if ui.selectable_label(&spec.indicator == id, text).clicked() {
                        spec.indicator = id.clone();
                    }
                }
            });
    }
}

fn years(app: &mut CityDashApp, ui: &mut Ui) {
    ui.heading("Years");
    let (lo, hi) = app.workspace.combined.years.unwrap_or((2000, 2025));
    let spec = &mut app.state.query;
    let mut from = spec.from_year.unwrap_or(lo);
    let mut to = spec.to_year.unwrap_or(hi);
    ui.horizontal(|ui| {
        let l = ui.label("From");
        ui.add(egui::DragValue::new(&mut from).range(lo..=hi))
            .labelled_by(l.id);
        let l = ui.label("to");
        ui.add(egui::DragValue::new(&mut to).range(lo..=hi))
            .labelled_by(l.id);
    });
    super::range_slider::year_range(ui, &mut from, &mut to, lo, hi);
    if from > to {
        // The handles may meet (a single year) but never cross.
        if Some(from) != spec.from_year {
            to = from;
        } else {
            from = to;
        }
    }
    ui.horizontal(|ui| {
        if ui.small_button("All years").clicked() {
            from = lo;
            to = hi;
        }
        if ui.small_button("Latest year").clicked() {
            from = hi;
            to = hi;
        }
    });
    spec.from_year = (from != lo).then_some(from);
    spec.to_year = (to != hi).then_some(to);
}

fn options(app: &mut CityDashApp, ui: &mut Ui) {
    ui.heading("Options");
    let o = &mut app.state.query.options;
    ui.checkbox(&mut o.log_scale, "Logarithmic axis");
    ui.horizontal(|ui| {
        ui.selectable_value(&mut o.relative, Relative::Off, "Values");
        ui.selectable_value(&mut o.relative, Relative::Index100, "Index = 100");
        ui.selectable_value(&mut o.relative, Relative::PercentChange, "% change");
    });
    ui.checkbox(&mut o.show_interim, "WHO interim targets");
    ui.horizontal(|ui| {
        ui.label("Sub-annual data per");
        ui.selectable_value(&mut o.per, Period::Year, "year");
        ui.selectable_value(&mut o.per, Period::Month, "month");
        ui.selectable_value(&mut o.per, Period::Day, "day");
    });
}
