//! The Sources view: each open dataset with what the loader decided (format, layout,
//! encoding, columns), what it skipped or resolved, a badge when it has problems, and a
//! button to close it.

use egui::{RichText, Ui};

use super::{CityDashApp, labels};
use crate::data::open::Origin;
use crate::data::text::format_value;
use crate::data::workspace::OpenDataset;
use crate::i18n::Lang;
use crate::tr;

/// What the user asked for in the Sources view.
enum SourceAction {
    Close(String),
    MapColumns(String),
    InCharts(String, bool),
    /// Reload a file without a time column, giving its values this year.
    SetYear(String, i32),
    /// Query a database again, past the cache of its results.
    Refresh(String),
}

pub fn sources_view(app: &mut CityDashApp, ui: &mut Ui) {
    let lang = app.state.lang;
    ui.label(RichText::new(tr!(lang, "view-sources")).size(20.0).strong());
    if app.workspace.datasets.is_empty() {
        ui.label(RichText::new(tr!(lang, "no-data-open-short")).weak());
    }
    let mut action = None;
    let combined = app.workspace.combined.clone();
    egui::ScrollArea::vertical().show(ui, |ui| {
        disagreements_ui(ui, &combined.disagreements, lang);
        for d in &app.workspace.datasets {
            if let Some(a) = dataset_ui(ui, d, lang) {
                action = Some(a);
            }
        }
    });
    match action {
        Some(SourceAction::Close(name)) => app.close(&name),
        Some(SourceAction::MapColumns(name)) => app.map_columns.open_for(&name, ui.ctx()),
        Some(SourceAction::InCharts(name, on)) => app.set_in_charts(&name, on),
        Some(SourceAction::SetYear(name, year)) => app.set_undated_year(&name, year, ui.ctx()),
        Some(SourceAction::Refresh(name)) => refresh(app, &name, ui.ctx()),
        None => {}
    }
}

/// Opens a database table again with its load options, querying the server whatever
/// citydash's cache of its results holds; the new result replaces the dataset.
pub fn refresh(app: &mut CityDashApp, name: &str, ctx: &egui::Context) {
    // A table asks again with the address it opened with (its password included).
    let (origin, options) = match app.tables.get(name) {
        Some((uri, options)) => (Origin::Database(uri.clone()), options.clone()),
        None => (
            Origin::from_text(name),
            app.state
                .load_options
                .get(name)
                .cloned()
                .unwrap_or_default(),
        ),
    };
    if app.jobs.iter().any(|j| j.origin == origin) {
        return;
    }
    let fetch = crate::data::remote::FetchOptions {
        cache: None,
        ..app.fetch_options.clone()
    };
    let ctx = ctx.clone();
    app.jobs.push(super::jobs::LoadJob::start(
        origin,
        options,
        fetch,
        &app.fail,
        app.state.lang,
        move || ctx.request_repaint(),
    ));
}

/// The badge of a dataset with problems: rows skipped, conflicts resolved.
pub fn badge(d: &OpenDataset, lang: Lang) -> Option<String> {
    let r = &d.report;
    match (r.skipped_total, r.conflicts_total) {
        (0, 0) => None,
        (s, 0) => Some(tr!(lang, "badge-skipped", count = s)),
        (0, c) => Some(tr!(lang, "badge-conflicts", count = c)),
        (s, c) => Some(tr!(lang, "badge-both", skipped = s, count = c)),
    }
}

fn dataset_ui(ui: &mut Ui, d: &OpenDataset, lang: Lang) -> Option<SourceAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        ui.label(RichText::new(&d.name).strong());
        if d.is_sample() {
            ui.label(
                RichText::new(tr!(lang, "synthetic-sample"))
                    .italics()
                    .weak(),
            );
        }
        let mut on = d.in_charts;
        let toggle = ui.checkbox(&mut on, tr!(lang, "use-in-charts"));
        if toggle
            .on_hover_text(tr!(lang, "use-in-charts-hover"))
            .changed()
        {
            action = Some(SourceAction::InCharts(d.name.clone(), on));
        }
        if let Some(b) = badge(d, lang) {
            ui.label(RichText::new(b).color(ui.visuals().warn_fg_color));
        }
        if ui
            .small_button("×")
            .on_hover_text(tr!(lang, "close-dataset"))
            .clicked()
        {
            action = Some(SourceAction::Close(d.name.clone()));
        }
        if crate::data::db::is_db_address(&d.name)
            && ui
                .small_button(tr!(lang, "refresh-button"))
                .on_hover_text(tr!(lang, "refresh-hover"))
                .clicked()
        {
            action = Some(SourceAction::Refresh(d.name.clone()));
        }
        if !d.is_sample()
            && ui
                .small_button(tr!(lang, "map-columns-button"))
                .on_hover_text(tr!(lang, "map-columns-hover"))
                .clicked()
        {
            action = Some(SourceAction::MapColumns(d.name.clone()));
        }
    });
    if let Some(a) = year_ui(ui, d, lang) {
        action = Some(a);
    }
    egui::CollapsingHeader::new(tr!(lang, "details"))
        .id_salt(("details", &d.name))
        .default_open(true)
        .show(ui, |ui| details(ui, d, lang));
    ui.separator();
    action
}

/// For a file without a time column: the year its values are for, which the user may give
/// (its values are then drawn as that year's; `--year` on the command line).
fn year_ui(ui: &mut Ui, d: &OpenDataset, lang: Lang) -> Option<SourceAction> {
    use crate::data::{Layout, Role};
    let r = &d.report;
    let has_time = r.columns.iter().any(|(role, _)| *role == Role::Time);
    if d.is_sample() || has_time || r.layout == Layout::WideByYear {
        return None;
    }
    let id = ui.make_persistent_id(("undated-year", &d.name));
    let current = d
        .dataset
        .frame
        .column(crate::data::dataset::col::TIME)
        .ok()
        .and_then(|t| t.cast(&polars::prelude::DataType::Int64).ok())
        .and_then(|t| t.i64().ok().and_then(|t| t.iter().flatten().next()))
        .map(crate::data::time::year_of);
    let mut year: i32 = ui.data_mut(|m| *m.get_temp_mut_or(id, current.unwrap_or(2020)));
    let mut action = None;
    ui.horizontal(|ui| {
        let text = match current {
            Some(y) => tr!(lang, "undated-year-given", year = y),
            None => tr!(lang, "undated-year-none"),
        };
        let label = ui.label(RichText::new(text).color(ui.visuals().warn_fg_color));
        ui.add(egui::DragValue::new(&mut year).range(1900..=2100))
            .labelled_by(label.id);
        ui.data_mut(|m| m.insert_temp(id, year));
        let apply = ui
            .button(tr!(lang, "undated-year-apply"))
            .on_hover_text(tr!(lang, "undated-year-hover"));
        if apply.clicked() {
            action = Some(SourceAction::SetYear(d.name.clone(), year));
        }
    });
    action
}

fn details(ui: &mut Ui, d: &OpenDataset, lang: Lang) {
    let r = &d.report;
    // The grid's value column: the view's width less the key column.
    let width = (ui.available_width() - 160.0).max(240.0);
    egui::Grid::new(("source", &d.name))
        .num_columns(2)
        .show(ui, |ui| summary_rows(ui, d, lang, width));
    if let Some(text) = &r.source_text {
        ui.label(RichText::new(text).italics());
    }
    for n in &r.notes {
        ui.label(format!("• {n}"));
    }
    if !r.conflicts.is_empty() {
        egui::CollapsingHeader::new(tr!(lang, "conflicts-header", count = r.conflicts_total))
            .id_salt(("conflicts", &d.name))
            .show(ui, |ui| {
                for c in &r.conflicts {
                    let place = match &c.station {
                        Some(s) => format!("{} ({s})", c.place),
                        None => c.place.clone(),
                    };
                    ui.label(format!(
                        "{} / {} / {}: rows {:?} values {:?} → kept {}",
                        place,
                        c.indicator,
                        c.time,
                        c.rows,
                        c.values,
                        format_value(c.kept)
                    ));
                }
            });
    }
    let skipped = r.skipped.iter().map(|s| {
        tr!(
            lang,
            "skipped-row",
            row = s.row,
            column = s.column.clone(),
            value = s.value.clone(),
            reason = s.reason.clone()
        )
    });
    let header = || tr!(lang, "skipped-header", count = r.skipped_total);
    let skipped_list = (header, "skipped", d.name.as_str());
    detail_list(ui, skipped_list, None, skipped, r.skipped_total, lang);
    // The value cells that held no value (missing data, left out).
    let missing = r
        .missing
        .iter()
        .map(|m| tr!(lang, "missing-row", row = m.row, column = m.column.clone()));
    let header = || tr!(lang, "missing-header", count = r.missing_total);
    let missing_list = (header, "missing", d.name.as_str());
    detail_list(
        ui,
        missing_list,
        Some("missing-hint"),
        missing,
        r.missing_total,
        lang,
    );
}

/// A collapsed list of a report's details under `header` (its id salted by a kind and the
/// dataset's name), an optional hint (a message key) first, then the lines kept and how many
/// more there were of `total`; nothing when no line was kept.
fn detail_list(
    ui: &mut Ui,
    (header, kind, name): (impl FnOnce() -> String, &str, &str),
    hint: Option<&str>,
    lines: impl ExactSizeIterator<Item = String>,
    total: usize,
    lang: Lang,
) {
    let shown = lines.len();
    if shown == 0 {
        return;
    }
    egui::CollapsingHeader::new(header())
        .id_salt((kind, name))
        .show(ui, |ui| {
            if let Some(hint) = hint {
                ui.label(RichText::new(crate::i18n::tr(lang, hint)).weak());
            }
            for line in lines {
                ui.label(line);
            }
            if total > shown {
                ui.label(tr!(lang, "and-n-more", count = total - shown));
            }
        });
}

/// The summary grid's rows; long values (a file's many indicators or columns) wrap at
/// `width`.
fn summary_rows(ui: &mut Ui, d: &OpenDataset, lang: Lang, width: f32) {
    let (r, s) = (&d.report, &d.summary);
    let mut row = |k: &str, v: String| {
        ui.label(RichText::new(crate::i18n::tr(lang, k)).weak());
        ui.scope(|ui| {
            ui.set_max_width(width);
            ui.add(egui::Label::new(v).wrap());
        });
        ui.end_row();
    };
    let format = match crate::data::db::is_db_address(&d.name) {
        true => crate::i18n::tr(lang, "format-database"),
        false => labels::format(lang, r.format),
    };
    row("source-format", format);
    row("source-layout", labels::layout(lang, r.layout));
    row(
        "source-encoding",
        r.encoding.clone().unwrap_or_else(|| "—".into()),
    );
    if let Some(d) = &r.delimiter {
        let comma = match r.decimal_comma {
            true => format!(", {}", tr!(lang, "decimal-comma")),
            false => String::new(),
        };
        row("source-delimiter", format!("{d}{comma}"));
    }
    if let Some(sheet) = &r.sheet {
        row("source-sheet", sheet.clone());
    }
    let columns: Vec<String> = r
        .columns
        .iter()
        .map(|(role, c)| format!("{} ← {c}", labels::role(lang, *role)))
        .collect();
    row("source-columns", columns.join(", "));
    let means = d.dataset.aggregated.is_some();
    let observations = match means {
        // Means computed where the data lies (a server, a folder's scan): what they stand for.
        true => tr!(
            lang,
            "n-annual-means",
            count = s.observations,
            readings = d.readings()
        ),
        false => tr!(
            lang,
            "n-from-rows",
            count = s.observations,
            rows = r.rows_read
        ),
    };
    row("source-observations", observations);
    let year = |t: &String| t.chars().take(4).collect::<String>();
    let time = match (&s.time_from, &s.time_to) {
        (Some(a), Some(b)) if means => format!("{} – {}", year(a), year(b)),
        (Some(a), Some(b)) => format!("{a} – {b} ({})", labels::resolution(lang, s.resolution)),
        _ => tr!(lang, "none"),
    };
    row("source-time", time);
    // Catalog indicators by their name in the language; others by the file's own name.
    let names: Vec<String> = s
        .indicators
        .iter()
        .map(|i| crate::chart::text::indicator_name(&i.id, lang))
        .collect();
    row("source-indicators", names.join(", "));
    let conflicts = tr!(
        lang,
        "n-kept",
        count = r.conflicts_total,
        policy = labels::policy(lang, r.conflict_policy)
    );
    row("source-conflicts", conflicts);
    row("source-skipped", r.skipped_total.to_string());
    if r.missing_total > 0 {
        row(
            "source-missing",
            tr!(lang, "n-cells", count = r.missing_total),
        );
    }
    if r.duplicates_total > 0 {
        row(
            "source-duplicates",
            tr!(lang, "n-repeated-rows", count = r.duplicates_total),
        );
    }
}

/// The yearly values where the open datasets disagree, largest disagreement first.
fn disagreements_ui(ui: &mut Ui, list: &[(String, String, i32, f64)], lang: Lang) {
    if list.is_empty() {
        return;
    }
    let header = RichText::new(tr!(lang, "disagreements-header", count = list.len()))
        .color(ui.visuals().warn_fg_color);
    egui::CollapsingHeader::new(header)
        .id_salt("disagreements")
        .default_open(true)
        .show(ui, |ui| {
            for (place, indicator, year, factor) in list {
                ui.label(tr!(
                    lang,
                    "disagreement-row",
                    place = crate::chart::text::place_name(place, lang),
                    indicator = crate::chart::text::indicator_name(indicator, lang),
                    year = year.to_string(),
                    factor = crate::i18n::format_value(lang, *factor)
                ));
            }
        });
    ui.separator();
}
