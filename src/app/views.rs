//! The central area: one function per view, drawing prepared charts cached until the chart
//! spec or the data change.

use std::sync::mpsc;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use polars::prelude::*;

use super::CityDashApp;
use super::workspace::{Workspace, indicators_with_data};
use crate::chart::prepare::{self, CompareRow, OverTimeChart, RankingChart};
use crate::chart::{ChartSpec, View, draw, figure};
use crate::data::catalog::Theme;
use crate::data::dataset::{Dataset, col};
use crate::data::query::{self, Query};
use crate::data::text::format_value;
use crate::data::time;

/// Datasets up to this many observations prepare their views on the UI thread (a few
/// milliseconds); larger ones on a worker thread while the last chart stays on screen.
pub const INLINE_ROWS: usize = 200_000;

/// One view's prepared data for a (spec, data version), and the worker preparing a newer one.
pub struct Prepared<T> {
    ready: Option<(ChartSpec, u64, T)>,
    job: Option<PrepareJob<T>>,
}

struct PrepareJob<T> {
    spec: ChartSpec,
    version: u64,
    result: mpsc::Receiver<T>,
}

impl<T> Default for Prepared<T> {
    fn default() -> Self {
        Prepared {
            ready: None,
            job: None,
        }
    }
}

impl<T: Send + 'static> Prepared<T> {
    /// The value for `spec` and `version` and whether it is stale (the previous value, shown
    /// while a worker prepares the new one; `None` before any value exists). `inline` computes
    /// at once on this thread. One worker runs at a time: a change made while it works waits
    /// for it, so dragging a slider over a large dataset never piles up jobs.
    fn get(
        &mut self,
        spec: &ChartSpec,
        version: u64,
        ds: &Dataset,
        inline: bool,
        ctx: &egui::Context,
        compute: impl FnOnce(&Dataset, &ChartSpec) -> T + Send + 'static,
    ) -> Option<(&T, bool)> {
        if let Some(job) = &self.job {
            match job.result.try_recv() {
                Ok(value) => {
                    self.ready = Some((job.spec.clone(), job.version, value));
                    self.job = None;
                }
                Err(mpsc::TryRecvError::Disconnected) => self.job = None,
                Err(mpsc::TryRecvError::Empty) => {}
            }
        }
        let current = |s: &ChartSpec, v: u64| s == spec && v == version;
        let is_ready = matches!(&self.ready, Some((s, v, _)) if current(s, *v));
        if !is_ready && self.job.is_none() {
            if inline {
                self.ready = Some((spec.clone(), version, compute(ds, spec)));
            } else {
                let (tx, rx) = mpsc::channel();
                let (ds, job_spec, ctx) = (ds.clone(), spec.clone(), ctx.clone());
                std::thread::spawn(move || {
                    let _ = tx.send(compute(&ds, &job_spec));
                    ctx.request_repaint();
                });
                self.job = Some(PrepareJob {
                    spec: spec.clone(),
                    version,
                    result: rx,
                });
            }
        }
        if self.job.is_some() {
            // The worker asks for a repaint when done; this also picks up a queued change.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        self.ready
            .as_ref()
            .map(|(s, v, value)| (value, !current(s, *v)))
    }

    fn busy(&self) -> bool {
        self.job.is_some()
    }
}

/// Prepared charts and derived lists, recomputed only when their inputs change.
pub struct ViewCache {
    over_time: Prepared<OverTimeChart>,
    ranking: Prepared<RankingChart>,
    compare: Prepared<Vec<CompareRow>>,
    multiples: Prepared<Vec<OverTimeChart>>,
    table: Prepared<TableData>,
    with_data: Option<(Vec<String>, u64, Vec<String>)>,
    all_indicators: Option<(u64, Vec<String>)>,
    bounds: Option<(u64, Option<(i32, i32)>)>,
    pub table_filter: String,
    pub table_sort: Option<(usize, bool)>,
    table_order: TableOrder,
    /// Datasets up to this size prepare on the UI thread ([`INLINE_ROWS`]).
    pub inline_rows: usize,
}

impl Default for ViewCache {
    fn default() -> Self {
        ViewCache {
            over_time: Prepared::default(),
            ranking: Prepared::default(),
            compare: Prepared::default(),
            multiples: Prepared::default(),
            table: Prepared::default(),
            with_data: None,
            all_indicators: None,
            bounds: None,
            table_filter: String::new(),
            table_sort: None,
            table_order: TableOrder::default(),
            inline_rows: INLINE_ROWS,
        }
    }
}

impl ViewCache {
    /// True while a worker prepares a view's data.
    pub fn preparing(&self) -> bool {
        self.over_time.busy()
            || self.ranking.busy()
            || self.compare.busy()
            || self.multiples.busy()
            || self.table.busy()
    }

    pub fn indicators_with_data(&mut self, ws: &Workspace, cities: &[String]) -> Vec<String> {
        match &self.with_data {
            Some((c, v, r)) if c == cities && *v == ws.version => r.clone(),
            _ => {
                let r = ws
                    .combined
                    .as_ref()
                    .map(|d| indicators_with_data(d, cities))
                    .unwrap_or_default();
                self.with_data = Some((cities.to_vec(), ws.version, r.clone()));
                r
            }
        }
    }

    pub fn all_indicators(&mut self, ws: &Workspace) -> Vec<String> {
        match &self.all_indicators {
            Some((v, r)) if *v == ws.version => r.clone(),
            _ => {
                let r = ws
                    .combined
                    .as_ref()
                    .map(|d| d.distinct(col::INDICATOR))
                    .unwrap_or_default();
                self.all_indicators = Some((ws.version, r.clone()));
                r
            }
        }
    }

    pub fn year_bounds(&mut self, ws: &Workspace) -> Option<(i32, i32)> {
        match &self.bounds {
            Some((v, r)) if *v == ws.version => *r,
            _ => {
                let r = ws
                    .combined
                    .as_ref()
                    .and_then(|d| d.time_range())
                    .map(|(a, b)| (time::year_of(a), time::year_of(b)));
                self.bounds = Some((ws.version, r));
                r
            }
        }
    }
}

/// A spinner in place of a view whose data is being prepared for the first time.
fn preparing_state(ui: &mut Ui) {
    ui.centered_and_justified(|ui| {
        ui.spinner();
    });
}

/// A small "Updating…" mark while an older chart stays on screen.
fn updating_mark(ui: &mut Ui, stale: bool) {
    if stale {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(RichText::new("Updating…").weak());
        });
    }
}

pub fn central(app: &mut CityDashApp, ui: &mut Ui) {
    let Some(ds) = app.workspace.combined.clone() else {
        if app.is_loading() {
            ui.centered_and_justified(|ui| {
                ui.spinner();
            });
        } else {
            draw::empty_state(
                ui,
                "No data open. Use File → Open, the path field, or drop files onto the window.",
            );
        }
        return;
    };
    let spec = app.state.spec.clone();
    let version = app.workspace.version;
    let inline = ds.len() <= app.views.inline_rows;
    let ctx = ui.ctx().clone();
    match spec.view {
        View::OverTime => {
            let indicator = spec.indicator.clone();
            let Some((chart, stale)) =
                app.views
                    .over_time
                    .get(&spec, version, &ds, inline, &ctx, move |ds, spec| {
                        prepare::over_time(ds, spec, &indicator)
                    })
            else {
                return preparing_state(ui);
            };
            chart_header(ui, &chart.title, &figure::over_time_subtitle(&spec, chart));
            updating_mark(ui, stale);
            draw::over_time(ui, chart, "over_time", true);
        }
        View::Ranking => {
            let Some((chart, stale)) =
                app.views
                    .ranking
                    .get(&spec, version, &ds, inline, &ctx, prepare::ranking)
            else {
                return preparing_state(ui);
            };
            chart_header(ui, &chart.title, &figure::ranking_subtitle(chart));
            updating_mark(ui, stale);
            draw::ranking(ui, chart, "ranking");
        }
        View::Compare => {
            let Some((rows, stale)) =
                app.views
                    .compare
                    .get(&spec, version, &ds, inline, &ctx, prepare::compare)
            else {
                return preparing_state(ui);
            };
            compare_view(ui, &spec, rows, stale);
        }
        View::Multiples => {
            let Some((charts, stale)) =
                app.views
                    .multiples
                    .get(&spec, version, &ds, inline, &ctx, |ds, spec| {
                        prepare::theme_indicators(ds, spec.theme_group)
                            .iter()
                            .map(|id| prepare::over_time(ds, spec, id))
                            .collect()
                    })
            else {
                return preparing_state(ui);
            };
            let charts = charts.clone();
            multiples_view(ui, &mut app.state.spec, &charts, stale);
        }
        View::Table => {
            let views = &mut app.views;
            let Some((data, stale)) =
                views
                    .table
                    .get(&spec, version, &ds, inline, &ctx, TableData::new)
            else {
                return preparing_state(ui);
            };
            table_view(
                ui,
                data,
                (spec.clone(), version),
                stale,
                &mut views.table_filter,
                &mut views.table_sort,
                &mut views.table_order,
            );
        }
        View::Sources => sources_view(ui, &app.workspace),
    }
}

fn chart_header(ui: &mut Ui, title: &str, subtitle: &str) {
    ui.label(RichText::new(title).size(20.0).strong());
    if !subtitle.is_empty() {
        ui.label(RichText::new(subtitle).weak());
    }
}

fn compare_view(ui: &mut Ui, spec: &ChartSpec, rows: &[CompareRow], stale: bool) {
    let cities: Vec<String> = spec.cities.iter().take(4).cloned().collect();
    chart_header(
        ui,
        "Compare side by side",
        "latest value in the year range, its year, the difference to the first city, and the trend",
    );
    updating_mark(ui, stale);
    if cities.len() < 2 {
        draw::empty_state(ui, "Select two to four cities to compare them side by side");
        return;
    }
    if spec.cities.len() > 4 {
        ui.label(
            RichText::new(format!(
                "Showing the first 4 of {} selected cities",
                spec.cities.len()
            ))
            .weak(),
        );
    }
    egui::ScrollArea::both().show(ui, |ui| draw::compare_grid(ui, &cities, rows, false));
}

fn multiples_view(ui: &mut Ui, spec: &mut ChartSpec, charts: &[OverTimeChart], stale: bool) {
    chart_header(
        ui,
        &format!("{} — small multiples", spec.theme_group.label()),
        "each panel has its own axis and unit",
    );
    updating_mark(ui, stale);
    ui.horizontal(|ui| {
        ui.label("Theme:");
        for t in [Theme::Air, Theme::Energy, Theme::Waste] {
            ui.selectable_value(&mut spec.theme_group, t, t.label());
        }
    });
    let theme = spec.theme_group;
    egui::ScrollArea::vertical().show(ui, |ui| draw::multiples_grid(ui, theme, charts, true));
}

/// The observations behind the current view, kept as typed columns: cells are formatted only
/// for the rows on screen, so a million rows cost no more per frame than a hundred.
#[derive(Clone, Default)]
pub struct TableData {
    /// place, country, indicator, unit, source
    text: Vec<StringChunked>,
    time: Vec<Option<i64>>,
    value: Vec<Option<f64>>,
    resolution: Option<time::TimeResolution>,
    /// Each row's resolution when rows differ (annual and daily datasets open together).
    row_resolutions: Option<Vec<time::TimeResolution>>,
    pub rows: usize,
}

pub const TABLE_HEADERS: [&str; 7] = [
    "place",
    "country",
    "indicator",
    "time",
    "value",
    "unit",
    "source",
];

/// The text column holding each header's data (time and value are typed).
fn text_index(column: usize) -> Option<usize> {
    match column {
        0..=2 => Some(column),
        5 => Some(3),
        6 => Some(4),
        _ => None,
    }
}

impl TableData {
    fn new(ds: &Dataset, spec: &ChartSpec) -> TableData {
        let q = Query {
            indicators: vec![spec.indicator.clone()],
            places: spec.cities.clone(),
            from_year: spec.from_year,
            to_year: spec.to_year,
            per: None,
        };
        let Ok(r) = query::run(ds, &q) else {
            return TableData::default();
        };
        let f = &r.frame;
        let text = |name: &str| -> StringChunked {
            f.column(name)
                .and_then(|c| c.cast(&DataType::String))
                .ok()
                .and_then(|c| c.str().ok().cloned())
                .unwrap_or_else(|| StringChunked::full_null(name.into(), f.height()))
        };
        let time = f
            .column(col::TIME)
            .and_then(|c| c.cast(&DataType::Int64))
            .ok()
            .and_then(|c| c.i64().ok().map(|ca| ca.iter().collect()))
            .unwrap_or_default();
        let value = f
            .column(col::VALUE)
            .ok()
            .and_then(|c| c.f64().ok().map(|ca| ca.iter().collect()))
            .unwrap_or_default();
        TableData {
            text: [
                col::PLACE,
                col::COUNTRY,
                col::INDICATOR,
                col::UNIT,
                col::SOURCE,
            ]
            .iter()
            .map(|n| text(n))
            .collect(),
            time,
            value,
            resolution: Some(r.resolution),
            row_resolutions: r.row_resolutions(),
            rows: f.height(),
        }
    }

    /// The text of one cell.
    pub fn cell(&self, column: usize, row: usize) -> String {
        match column {
            3 => self.time[row]
                .zip(
                    self.row_resolutions
                        .as_ref()
                        .and_then(|r| r.get(row).copied())
                        .or(self.resolution),
                )
                .map(|(t, r)| time::format_time(t, r))
                .unwrap_or_default(),
            4 => self.value[row].map(format_value).unwrap_or_default(),
            c => text_index(c)
                .and_then(|t| self.text[t].get(row))
                .unwrap_or("")
                .to_string(),
        }
    }

    /// Row order after filtering (any text column contains the filter, case-insensitive) and
    /// sorting by a column.
    pub fn order(&self, filter: &str, sort: Option<(usize, bool)>) -> Vec<u32> {
        let needle = filter.to_lowercase();
        let mut idx: Vec<u32> = (0..self.rows as u32)
            .filter(|&i| {
                needle.is_empty()
                    || self.text.iter().any(|c| {
                        c.get(i as usize)
                            .is_some_and(|v| v.to_lowercase().contains(&needle))
                    })
            })
            .collect();
        if let Some((c, asc)) = sort {
            match c {
                3 => idx.sort_by_key(|&i| self.time[i as usize]),
                4 => idx.sort_by(|&a, &b| {
                    let v = |i: u32| self.value[i as usize].unwrap_or(f64::NAN);
                    v(a).total_cmp(&v(b))
                }),
                c => {
                    if let Some(t) = text_index(c) {
                        let col = &self.text[t];
                        idx.sort_by(|&a, &b| col.get(a as usize).cmp(&col.get(b as usize)));
                    }
                }
            }
            if !asc {
                idx.reverse();
            }
        }
        idx
    }
}

/// What the table's row order depends on: the view's spec and data version, filter, sort.
type OrderKey = (ChartSpec, u64, String, Option<(usize, bool)>);

/// The table's row order, recomputed only when the data, filter or sort change.
#[derive(Default)]
pub struct TableOrder {
    key: Option<OrderKey>,
    rows: Vec<u32>,
}

fn table_view(
    ui: &mut Ui,
    data: &TableData,
    key: (ChartSpec, u64),
    stale: bool,
    filter: &mut String,
    sort: &mut Option<(usize, bool)>,
    order: &mut TableOrder,
) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Observations").size(20.0).strong());
        let label = ui.label("Filter:");
        ui.add(
            egui::TextEdit::singleline(filter)
                .hint_text("any text in a row")
                .desired_width(220.0),
        )
        .labelled_by(label.id);
        updating_mark(ui, stale);
    });
    let full_key = (key.0, key.1, filter.clone(), *sort);
    if order.key.as_ref() != Some(&full_key) {
        order.rows = data.order(filter, *sort);
        order.key = Some(full_key);
    }
    let rows = &order.rows;
    ui.label(RichText::new(format!("{} of {} rows", rows.len(), data.rows)).weak());
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .columns(Column::auto().at_least(70.0), 6)
        .column(Column::remainder())
        .header(22.0, |mut header| {
            for (i, h) in TABLE_HEADERS.iter().enumerate() {
                header.col(|ui| {
                    let arrow = match sort {
                        Some((c, true)) if *c == i => " ^",
                        Some((c, false)) if *c == i => " v",
                        _ => "",
                    };
                    if ui.button(format!("{h}{arrow}")).clicked() {
                        *sort = match sort {
                            Some((c, true)) if *c == i => Some((i, false)),
                            _ => Some((i, true)),
                        };
                    }
                });
            }
        })
        .body(|body| {
            body.rows(20.0, rows.len(), |mut row| {
                let i = rows[row.index()] as usize;
                for c in 0..TABLE_HEADERS.len() {
                    row.col(|ui| {
                        ui.label(data.cell(c, i));
                    });
                }
            });
        });
}

fn sources_view(ui: &mut Ui, ws: &Workspace) {
    ui.label(RichText::new("Sources").size(20.0).strong());
    egui::ScrollArea::vertical().show(ui, |ui| {
        for d in &ws.datasets {
            let r = &d.report;
            let s = &d.summary;
            egui::CollapsingHeader::new(RichText::new(&d.name).strong())
                .default_open(true)
                .show(ui, |ui| {
                    egui::Grid::new(("source", &d.name))
                        .num_columns(2)
                        .show(ui, |ui| {
                            let mut row = |k: &str, v: String| {
                                ui.label(RichText::new(k).weak());
                                ui.label(v);
                                ui.end_row();
                            };
                            row("Format", r.format.label().to_string());
                            row("Layout", r.layout.label().to_string());
                            row("Encoding", r.encoding.clone().unwrap_or_else(|| "—".into()));
                            if let Some(d) = &r.delimiter {
                                row(
                                    "Delimiter",
                                    format!(
                                        "{d}{}",
                                        if r.decimal_comma {
                                            ", decimal comma"
                                        } else {
                                            ""
                                        }
                                    ),
                                );
                            }
                            if let Some(sheet) = &r.sheet {
                                row("Sheet", sheet.clone());
                            }
                            row(
                                "Columns",
                                r.columns
                                    .iter()
                                    .map(|(role, c)| format!("{} ← {c}", role.name()))
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            );
                            row(
                                "Observations",
                                format!("{} from {} rows", s.observations, r.rows_read),
                            );
                            row(
                                "Time",
                                match (&s.time_from, &s.time_to) {
                                    (Some(a), Some(b)) => {
                                        format!("{a} – {b} ({})", s.resolution.label())
                                    }
                                    _ => "none".into(),
                                },
                            );
                            row(
                                "Indicators",
                                s.indicators
                                    .iter()
                                    .map(|i| i.id.clone())
                                    .collect::<Vec<_>>()
                                    .join(", "),
                            );
                            row(
                                "Conflicts",
                                format!(
                                    "{} (kept: {})",
                                    r.conflicts_total,
                                    r.conflict_policy.name()
                                ),
                            );
                            row("Skipped", r.skipped_total.to_string());
                        });
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
                                    ui.label(format!(
                                        "… and {} more",
                                        r.skipped_total - r.skipped.len()
                                    ));
                                }
                            });
                    }
                });
        }
    });
}
