//! The Sources view: each open dataset with what the loader decided (format, layout,
//! encoding, columns), what it skipped or resolved, a badge when it has problems, and a
//! button to close it.

use egui::{RichText, Ui};

use super::CityDashApp;
use crate::data::text::format_value;
use crate::data::workspace::OpenDataset;

/// What the user asked for in the Sources view.
enum SourceAction {
    Close(String),
    MapColumns(String),
}

pub fn sources_view(app: &mut CityDashApp, ui: &mut Ui) {
    ui.label(RichText::new("Sources").size(20.0).strong());
    if app.workspace.datasets.is_empty() {
        ui.label(RichText::new("No data open").weak());
    }
    let mut action = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        for d in &app.workspace.datasets {
            if let Some(a) = dataset_ui(ui, d) {
                action = Some(a);
            }
        }
    });
    match action {
        Some(SourceAction::Close(name)) => app.close(&name),
        Some(SourceAction::MapColumns(name)) => app.map_columns.open_for(&name, ui.ctx()),
        None => {}
    }
}

/// The badge of a dataset with problems: rows skipped, conflicts resolved.
pub fn badge(d: &OpenDataset) -> Option<String> {
    let r = &d.report;
    match (r.skipped_total, r.conflicts_total) {
        (0, 0) => None,
        (s, 0) => Some(format!("⚠ {s} skipped")),
        (0, c) => Some(format!("⚠ {c} conflicts")),
        (s, c) => Some(format!("⚠ {s} skipped, {c} conflicts")),
    }
}

fn dataset_ui(ui: &mut Ui, d: &OpenDataset) -> Option<SourceAction> {
    let mut action = None;
    ui.horizontal(|ui| {
        ui.label(RichText::new(&d.name).strong());
        if d.is_sample() {
            ui.label(RichText::new("synthetic sample").italics().weak());
        }
        if let Some(b) = badge(d) {
            ui.label(RichText::new(b).color(ui.visuals().warn_fg_color));
        }
        if ui
            .small_button("×")
            .on_hover_text("Close this dataset")
            .clicked()
        {
            action = Some(SourceAction::Close(d.name.clone()));
        }
        if !d.is_sample()
            && ui
                .small_button("Map columns…")
                .on_hover_text("Say which column is the place, time, value…, and open again")
                .clicked()
        {
            action = Some(SourceAction::MapColumns(d.name.clone()));
        }
    });
    egui::CollapsingHeader::new("Details")
        .id_salt(("details", &d.name))
        .default_open(true)
        .show(ui, |ui| details(ui, d));
    ui.separator();
    action
}

fn details(ui: &mut Ui, d: &OpenDataset) {
    let r = &d.report;
    egui::Grid::new(("source", &d.name))
        .num_columns(2)
        .show(ui, |ui| summary_rows(ui, d));
    if let Some(text) = &r.source_text {
        ui.label(RichText::new(text).italics());
    }
    for n in &r.notes {
        ui.label(format!("• {n}"));
    }
    if !r.conflicts.is_empty() {
        egui::CollapsingHeader::new(format!("Conflicts ({})", r.conflicts_total))
            .id_salt(("conflicts", &d.name))
            .show(ui, |ui| {
                for c in &r.conflicts {
                    ui.label(format!(
                        "{} / {} / {}: rows {:?} values {:?} → kept {}",
                        c.place,
                        c.indicator,
                        c.time,
                        c.rows,
                        c.values,
                        format_value(c.kept)
                    ));
                }
            });
    }
    if !r.skipped.is_empty() {
        egui::CollapsingHeader::new(format!("Skipped rows ({})", r.skipped_total))
            .id_salt(("skipped", &d.name))
            .show(ui, |ui| {
                for s in &r.skipped {
                    ui.label(format!(
                        "row {}, column {:?}, value {:?}: {}",
                        s.row, s.column, s.value, s.reason
                    ));
                }
                if r.skipped_total > r.skipped.len() {
                    ui.label(format!("… and {} more", r.skipped_total - r.skipped.len()));
                }
            });
    }
}

fn summary_rows(ui: &mut Ui, d: &OpenDataset) {
    let (r, s) = (&d.report, &d.summary);
    let mut row = |k: &str, v: String| {
        ui.label(RichText::new(k).weak());
        ui.label(v);
        ui.end_row();
    };
    row("Format", r.format.label().to_string());
    row("Layout", r.layout.label().to_string());
    row("Encoding", r.encoding.clone().unwrap_or_else(|| "—".into()));
    if let Some(d) = &r.delimiter {
        let comma = if r.decimal_comma {
            ", decimal comma"
        } else {
            ""
        };
        row("Delimiter", format!("{d}{comma}"));
    }
    if let Some(sheet) = &r.sheet {
        row("Sheet", sheet.clone());
    }
    let columns: Vec<String> = r
        .columns
        .iter()
        .map(|(role, c)| format!("{} ← {c}", role.name()))
        .collect();
    row("Columns", columns.join(", "));
    row(
        "Observations",
        format!("{} from {} rows", s.observations, r.rows_read),
    );
    let time = match (&s.time_from, &s.time_to) {
        (Some(a), Some(b)) => format!("{a} – {b} ({})", s.resolution.label()),
        _ => "none".into(),
    };
    row("Time", time);
    let ids: Vec<&str> = s.indicators.iter().map(|i| i.id.as_str()).collect();
    row("Indicators", ids.join(", "));
    row(
        "Conflicts",
        format!("{} (kept: {})", r.conflicts_total, r.conflict_policy.name()),
    );
    row("Skipped", r.skipped_total.to_string());
}
