//! The sidebar: the indicator first (where it is seen at once), then city search and
//! selection by country, years and chart options. Names are shown in the window's language.

use std::collections::BTreeSet;

use egui::{RichText, Ui};

use super::CityDashApp;
use crate::chart::multiples::theme_text;
use crate::chart::text::{indicator_name, place_name, unit_name};
use crate::chart::{ChartQuery, Relative, theme};
use crate::data::catalog::{Catalog, Direction, Theme, match_key};
use crate::data::query::Period;
use crate::data::workspace::PlaceEntry;
use crate::i18n::Lang;
use crate::tr;

/// The theme whose indicators small multiples show.
pub fn theme_picker(ui: &mut Ui, query: &mut ChartQuery, lang: Lang) {
    ui.horizontal(|ui| {
        ui.label(tr!(lang, "theme-label"));
        for t in Theme::ALL {
            ui.selectable_value(&mut query.theme_group, t, theme_text(t).localize(lang));
        }
    });
}

pub fn sidebar(app: &mut CityDashApp, ui: &mut Ui) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        indicators(app, ui);
        ui.separator();
        cities(app, ui);
        ui.separator();
        years(app, ui);
        ui.separator();
        options(app, ui);
    });
}

fn cities(app: &mut CityDashApp, ui: &mut Ui) {
    let lang = app.state.lang;
    let combined = app.workspace.combined.clone();
    let total = combined.place_count();
    ui.horizontal(|ui| {
        ui.heading(tr!(lang, "cities-heading"));
        // Selected places the open data lacks (kept for the next file) are counted apart.
        let selected = &app.state.query.cities;
        let present = selected.iter().filter(|c| combined.has_place(c)).count();
        let absent = selected.len() - present;
        ui.label(match absent {
            0 => tr!(lang, "n-of-total", count = present, total = total),
            _ => tr!(
                lang,
                "n-of-total-absent",
                count = present,
                total = total,
                absent = absent
            ),
        });
        if ui.small_button(tr!(lang, "clear")).clicked() {
            app.state.query.cities.clear();
        }
    });
    let search = ui.add(
        egui::TextEdit::singleline(&mut app.city_search)
            .hint_text(tr!(lang, "city-search-hint"))
            .desired_width(f32::INFINITY),
    );
    if app.focus_search {
        search.request_focus();
        app.focus_search = false;
    }
    let key = match_key(&app.city_search);
    for (country, places) in &combined.places {
        let shown: Vec<&PlaceEntry> = places.iter().filter(|p| p.matches(&key)).collect();
        if !shown.is_empty() {
            country_group(ui, &mut app.state.query, country, &shown, &key, lang);
        }
    }
    if total == 0 {
        ui.label(RichText::new(tr!(lang, "no-data-open-yet")).weak());
    }
}

/// One country's places, collapsed unless a place of it is selected or searched for.
fn country_group(
    ui: &mut Ui,
    query: &mut ChartQuery,
    country: &str,
    shown: &[&PlaceEntry],
    key: &str,
    lang: Lang,
) {
    let selected = shown
        .iter()
        .filter(|p| query.cities.contains(&p.name))
        .count();
    let header = format!("{} ({selected}/{})", place_name(country, lang), shown.len());
    egui::CollapsingHeader::new(header)
        .id_salt(("country", country))
        .default_open(selected > 0)
        // While searching, every group with a match is open.
        .open((!key.is_empty()).then_some(true))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.small_button(tr!(lang, "select-all")).clicked() {
                    for p in shown {
                        if !query.cities.contains(&p.name) {
                            query.cities.push(p.name.clone());
                        }
                    }
                }
                if ui.small_button(tr!(lang, "select-none")).clicked() {
                    query.cities.retain(|c| !shown.iter().any(|p| &p.name == c));
                }
            });
            // Cities first, then the country's regions under their own heading, then the
            // country itself: a region's value is not a city's.
            use crate::data::catalog::{Catalog, PlaceKind};
            let catalog = Catalog::bundled();
            let kind = |p: &PlaceEntry| catalog.place_kind(&p.name);
            for p in shown.iter().filter(|p| kind(p) == PlaceKind::City) {
                place_checkbox(ui, query, p, lang);
            }
            let regions: Vec<&&PlaceEntry> = shown
                .iter()
                .filter(|p| kind(p) == PlaceKind::Region)
                .collect();
            if !regions.is_empty() {
                ui.label(
                    RichText::new(tr!(lang, "place-kind-regions"))
                        .weak()
                        .small(),
                );
                for p in regions {
                    place_checkbox(ui, query, p, lang);
                }
            }
            for p in shown.iter().filter(|p| kind(p) == PlaceKind::Country) {
                place_checkbox(ui, query, p, lang);
            }
        });
}

fn place_checkbox(ui: &mut Ui, query: &mut ChartQuery, p: &PlaceEntry, lang: Lang) {
    let slot = query
        .cities
        .iter()
        .position(|c| c == &p.name)
        .map(|i| theme::place_slots(&query.cities)[i]);
    let mut on = slot.is_some();
    ui.horizontal(|ui| {
        let mut name = place_name(&p.name, lang);
        if crate::chart::points::is_country(&p.name) {
            name = tr!(lang, "place-country", name = name);
        }
        if ui.checkbox(&mut on, name).changed() {
            if on {
                query.cities.push(p.name.clone());
            } else {
                query.cities.retain(|c| c != &p.name);
            }
        }
        if let Some(i) = slot {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, theme::city_color(i));
        }
    });
}

/// The indicator: a searchable drop-down grouped by theme, catalog indicators first, then the other
/// indicators of the open data; indicators without data for the selected cities are greyed.
fn indicators(app: &mut CityDashApp, ui: &mut Ui) {
    let lang = app.state.lang;
    let heading = ui.heading(tr!(lang, "indicator-heading"));
    let combined = app.workspace.combined.clone();
    let with_data = combined.indicators_for(&app.state.query.cities);
    let query = &mut app.state.query;
    let current = indicator_name(&query.indicator, lang);
    egui::ComboBox::from_id_salt("indicator_picker")
        .selected_text(current)
        .width(ui.available_width() - 8.0)
        .height(520.0)
        .show_ui(ui, |ui| {
            let needle = indicator_search(ui, lang);
            let catalog = Catalog::bundled();
            for theme_group in Theme::ALL {
                let any = catalog
                    .indicators
                    .iter()
                    .any(|i| i.theme == theme_group && indicator_matches(&i.id, &needle));
                if any {
                    ui.label(RichText::new(theme_text(theme_group).localize(lang)).strong());
                    catalog_indicators(ui, query, theme_group, &with_data, lang, &needle);
                }
            }
            let others: Vec<&String> = combined
                .indicators
                .iter()
                .filter(|id| catalog.indicator(id).is_none() && indicator_matches(id, &needle))
                .collect();
            if !others.is_empty() {
                ui.separator();
                ui.label(
                    RichText::new(tr!(lang, "other-indicators", count = others.len())).strong(),
                );
            }
            for id in others {
                let mut text = RichText::new(id.as_str());
                if !with_data.contains(id) {
                    text = text.weak();
                }
                ui.selectable_value(&mut query.indicator, id.clone(), text);
            }
        })
        .response
        .labelled_by(heading.id);
}

/// The search field at the top of the indicator list (focused when the list opens); returns
/// its text as a match key.
fn indicator_search(ui: &mut Ui, lang: Lang) -> String {
    let id = ui.make_persistent_id("indicator_search");
    let mut text: String = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    let r = ui.add(
        egui::TextEdit::singleline(&mut text)
            .hint_text(tr!(lang, "indicator-search-hint"))
            .desired_width(f32::INFINITY),
    );
    if ui.memory(|m| m.focused().is_none()) {
        r.request_focus();
    }
    let key = match_key(&text);
    ui.data_mut(|d| d.insert_temp(id, text));
    key
}

/// Whether an indicator matches a search (a [`match_key`]): its id, its name in any of the
/// window's languages or one of the catalog's aliases contains it, so "pm2", "диоксид" and
/// "renewable" all find theirs.
pub fn indicator_matches(id: &str, needle: &str) -> bool {
    let aliases = Catalog::bundled()
        .indicator(id)
        .map(|i| i.aliases.as_slice())
        .unwrap_or_default();
    needle.is_empty()
        || match_key(id).contains(needle)
        || Lang::ALL
            .iter()
            .any(|&l| match_key(&indicator_name(id, l)).contains(needle))
        || aliases.iter().any(|a| match_key(a).contains(needle))
}

fn catalog_indicators(
    ui: &mut Ui,
    query: &mut ChartQuery,
    theme_group: Theme,
    with_data: &BTreeSet<String>,
    lang: Lang,
    needle: &str,
) {
    for ind in Catalog::bundled()
        .indicators
        .iter()
        .filter(|i| i.theme == theme_group && indicator_matches(&i.id, needle))
    {
        let has = with_data.contains(&ind.id);
        let arrow = match ind.better {
            Direction::Lower => tr!(lang, "lower-is-better"),
            Direction::Higher => tr!(lang, "higher-is-better"),
            Direction::Neutral => String::new(),
        };
        let name = indicator_name(&ind.id, lang);
        let mut text = RichText::new(format!("{name} ({})", unit_name(&ind.unit, lang)));
        if !has {
            text = text.weak();
        }
        let mut hover = arrow;
        if !has {
            hover.push('\n');
            hover.push_str(&tr!(lang, "no-data-for-selection"));
        }
        let r = ui.selectable_label(query.indicator == ind.id, text);
        if r.on_hover_text(hover).clicked() {
            query.indicator = ind.id.clone();
            query.theme_group = theme_group;
        }
    }
}

fn years(app: &mut CityDashApp, ui: &mut Ui) {
    let lang = app.state.lang;
    ui.heading(tr!(lang, "years-heading"));
    let (lo, hi) = app.workspace.combined.years.unwrap_or((2000, 2025));
    let q = &mut app.state.query;
    let mut from = q.from_year.unwrap_or(lo);
    let mut to = q.to_year.unwrap_or(hi);
    ui.horizontal(|ui| {
        let l = ui.label(tr!(lang, "from"));
        ui.add(egui::DragValue::new(&mut from).range(lo..=hi))
            .labelled_by(l.id);
        let l = ui.label(tr!(lang, "to"));
        ui.add(egui::DragValue::new(&mut to).range(lo..=hi))
            .labelled_by(l.id);
    });
    super::range_slider::year_range(ui, &mut from, &mut to, lo, hi);
    if from > to {
        // The handles may meet (a single year) but never cross.
        if Some(from) != q.from_year {
            to = from;
        } else {
            from = to;
        }
    }
    ui.horizontal(|ui| {
        if ui.small_button(tr!(lang, "all-years")).clicked() {
            from = lo;
            to = hi;
        }
        if ui.small_button(tr!(lang, "latest-year")).clicked() {
            from = hi;
            to = hi;
        }
    });
    q.from_year = (from != lo).then_some(from);
    q.to_year = (to != hi).then_some(to);
}

fn options(app: &mut CityDashApp, ui: &mut Ui) {
    let lang = app.state.lang;
    ui.heading(tr!(lang, "options-heading"));
    let o = &mut app.state.query.options;
    ui.checkbox(&mut o.log_scale, tr!(lang, "log-axis"));
    ui.horizontal(|ui| {
        ui.selectable_value(&mut o.relative, Relative::Off, tr!(lang, "values"));
        ui.selectable_value(&mut o.relative, Relative::Index100, tr!(lang, "index-100"));
        let change = tr!(lang, "percent-change");
        ui.selectable_value(&mut o.relative, Relative::PercentChange, change);
    });
    if o.relative != Relative::Off {
        base_year_picker(ui, &mut o.base_year, lang);
    }
    ui.checkbox(&mut o.show_interim, tr!(lang, "interim-targets"));
    ui.horizontal(|ui| {
        let label = ui.label(tr!(lang, "min-coverage"));
        ui.add(
            egui::DragValue::new(&mut o.min_coverage)
                .range(0..=100)
                .suffix(" %"),
        )
        .labelled_by(label.id)
        .on_hover_text(tr!(lang, "min-coverage-hover"));
    });
    ui.horizontal(|ui| {
        ui.label(tr!(lang, "sub-annual-per"));
        ui.selectable_value(&mut o.per, Period::Year, tr!(lang, "per-year"));
        ui.selectable_value(&mut o.per, Period::Month, tr!(lang, "per-month"));
        ui.selectable_value(&mut o.per, Period::Day, tr!(lang, "per-day"));
    });
}

/// The base year of relative values: automatic (the first year every city has) or a year.
fn base_year_picker(ui: &mut Ui, base: &mut Option<i32>, lang: Lang) {
    ui.horizontal(|ui| {
        let label = ui.label(tr!(lang, "base-year"));
        let mut fixed = base.is_some();
        if ui
            .checkbox(&mut fixed, tr!(lang, "base-year-fixed"))
            .changed()
        {
            *base = fixed.then_some(2015);
        }
        if let Some(y) = base {
            ui.add(egui::DragValue::new(y).range(1900..=2100))
                .labelled_by(label.id);
        }
    });
}

/// The Compare view's choices: the reference city (the first column, the one differences are
/// to) and which year's values the columns show.
pub fn compare_controls(ui: &mut Ui, query: &mut ChartQuery, lang: Lang) {
    use crate::chart::compare::CompareYear;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(tr!(lang, "compare-reference"));
        let current = query
            .reference
            .clone()
            .or_else(|| query.cities.first().cloned())
            .unwrap_or_default();
        egui::ComboBox::from_id_salt("compare_reference")
            .selected_text(place_name(&current, lang))
            .show_ui(ui, |ui| {
                for c in query.cities.clone() {
                    let name = place_name(&c, lang);
                    ui.selectable_value(&mut query.reference, Some(c), name);
                }
            })
            .response
            .labelled_by(label.id);
        ui.separator();
        let values = ui.label(tr!(lang, "compare-values"));
        let y = &mut query.compare_year;
        ui.selectable_value(y, CompareYear::Latest, tr!(lang, "compare-values-latest"));
        ui.selectable_value(y, CompareYear::Common, tr!(lang, "compare-values-common"));
        let fixed = matches!(y, CompareYear::Year(_));
        if ui
            .selectable_label(fixed, tr!(lang, "compare-values-year"))
            .clicked()
            && !fixed
        {
            *y = CompareYear::Year(2020);
        }
        if let CompareYear::Year(year) = y {
            ui.add(egui::DragValue::new(year).range(1900..=2100))
                .labelled_by(values.id);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_indicator_search_finds_names_in_every_language_and_aliases() {
        let hits = |text: &str| -> Vec<String> {
            Catalog::bundled()
                .indicators
                .iter()
                .filter(|i| indicator_matches(&i.id, &match_key(text)))
                .map(|i| i.id.clone())
                .collect()
        };
        assert!(hits("").len() > 5, "an empty search lists everything");
        assert_eq!(hits("NO2"), vec!["no2"]);
        assert_eq!(hits("no₂"), vec!["no2"]);
        assert_eq!(hits("диоксид азота"), vec!["no2"]);
        assert_eq!(hits("Жаңартылатын"), vec!["renewable_share"]);
        assert_eq!(hits("возобновляем"), vec!["renewable_share"]);
        assert!(hits("pm2.5").contains(&"pm25".to_string()));
        assert!(!hits("pm2.5").contains(&"pm10".to_string()));
        assert!(hits("no such indicator").is_empty());
    }
}
