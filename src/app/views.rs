//! The central area: each view's prepared chart, made on a worker thread and cached per
//! (query, data version), drawn with the same code as exported figures.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use egui::{RichText, Ui};

use super::CityDashApp;
use super::table_view::TableView;
use super::worker::{FailPoints, Poll, Task, WorkKind};
use crate::chart::draw::{self, Mode};
use crate::chart::source::Table;
use crate::chart::{Body, ChartData, ChartQuery, PreparedChart, View};

/// A prepared chart, or the message of why it could not be prepared.
pub type ChartResult = Result<Arc<PreparedChart>, String>;

/// What a cached chart was prepared from: the query (as [`ChartQuery::for_view`] gives it)
/// and the data version.
type Key = (ChartQuery, u64);

/// One view's prepared chart, and the worker preparing a newer one.
#[derive(Default)]
pub struct Slot {
    ready: Option<(Key, ChartResult)>,
    job: Option<(Key, Task<ChartResult>)>,
    /// Set to stop the running job's database query (a newer key, or Cancel).
    stop: Arc<AtomicBool>,
    /// The running job was stopped because its key is no longer shown: its result (a
    /// cancelled query) is dropped, and the last chart stays.
    superseded: bool,
    /// The key whose query the user cancelled: not asked again until Retry or another key;
    /// the last chart stays meanwhile.
    cancelled: Option<Key>,
}

impl Slot {
    /// The chart for `key` and whether it is stale (the previous chart, shown while a worker
    /// prepares the new one; `None` before any chart exists). One worker runs at a time: a
    /// change made while it works waits for it, so dragging a slider never piles up jobs. A
    /// failed preparation is kept as the result for its key, not retried every frame.
    fn get(
        &mut self,
        key: Key,
        data: &ChartData,
        fail: &FailPoints,
        ctx: &egui::Context,
    ) -> Option<(&ChartResult, bool)> {
        self.harvest();
        if self.cancelled.as_ref().is_some_and(|k| *k != key) {
            self.cancelled = None;
        }
        let is_ready = matches!(&self.ready, Some((k, _)) if *k == key)
            || self.cancelled.as_ref() == Some(&key);
        if let Some((running, _)) = &self.job
            && *running != key
            && data.asks_server()
        {
            // A server's answer for a view no longer shown is not waited for.
            self.supersede();
        }
        if !is_ready && self.job.is_none() {
            self.stop = Arc::new(AtomicBool::new(false));
            let (data, query, waker) = (data.clone(), key.0.clone(), ctx.clone());
            let stop = self.stop.clone();
            let name = query.view.label().to_string();
            let task = Task::spawn(
                WorkKind::Prepare,
                name,
                fail,
                move || waker.request_repaint(),
                move || {
                    data.prepare(&query, &stop)
                        .map(Arc::new)
                        .map_err(|e| format!("{}: {e}", query.view.label()))
                },
            );
            self.job = Some((key.clone(), task));
        }
        if self.job.is_some() {
            // The worker asks for a repaint when done; this also picks up a queued change.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        self.ready.as_ref().map(|(k, r)| (r, *k != key))
    }

    /// Stops the running job's database query; the view keeps its last chart and says the
    /// query was cancelled, until Retry or another view.
    fn cancel(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.cancelled = self.job.as_ref().map(|(k, _)| k.clone());
    }

    /// True while the user's Cancel holds back the query of `key`.
    fn holds(&self, key: &Key) -> bool {
        self.cancelled.as_ref() == Some(key) && self.job.is_none()
    }

    /// Stops the running job's database query for a chart no longer wanted: its result is
    /// dropped and the chart shown stays.
    fn supersede(&mut self) {
        if self.job.is_some() && !self.stop.swap(true, Ordering::Relaxed) {
            self.superseded = true;
        }
    }

    fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Takes the running job's result when it is done, keeping it as the chart of its key
    /// (unless it was superseded or cancelled).
    fn harvest(&mut self) {
        if let Some((_, task)) = &self.job
            && let Poll::Done(result) = task.poll()
        {
            let (done_key, _) = self.job.take().expect("a job was running");
            let cancelled = self.cancelled.as_ref() == Some(&done_key);
            if !std::mem::take(&mut self.superseded) && !cancelled {
                self.ready = Some((done_key, result.and_then(|r| r)));
            }
        }
    }

    /// The chart last prepared for exactly this key.
    fn current(&self, key: &Key) -> Option<&ChartResult> {
        self.ready
            .as_ref()
            .filter(|(k, _)| k == key)
            .map(|(_, r)| r)
    }
}

/// Prepared charts per view, and the table's own state.
#[derive(Default)]
pub struct ViewCache {
    slots: HashMap<View, Slot>,
    pub table: TableView,
}

impl ViewCache {
    /// True while a worker prepares a view's chart or orders the table.
    pub fn preparing(&self) -> bool {
        self.slots.values().any(Slot::busy) || self.table.busy()
    }

    /// Takes the results of finished chart workers, also of views not drawn this frame (with
    /// every file left out of the charts, no view asks for its chart, and a worker started
    /// before would count as running for ever).
    pub fn harvest(&mut self) {
        self.slots.values_mut().for_each(Slot::harvest);
    }

    /// The prepared chart of `query` on data `version`, if it is ready.
    pub fn ready(&self, query: &ChartQuery, version: u64) -> Option<Arc<PreparedChart>> {
        let key = (query.for_view(), version);
        self.slots
            .get(&query.view)?
            .current(&key)?
            .as_ref()
            .ok()
            .cloned()
    }
}

/// A spinner in place of a view whose chart is being prepared for the first time.
fn preparing_state(ui: &mut Ui) {
    ui.centered_and_justified(|ui| {
        ui.spinner();
    });
}

/// A small "Updating…" mark while an older chart stays on screen.
fn updating_mark(ui: &mut Ui, stale: bool) {
    if stale {
        let lang = draw::lang(ui);
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(RichText::new(crate::tr!(lang, "updating")).weak());
        });
    }
}

/// While a database server is asked for the view's data: what is awaited, and Cancel (the
/// server stops the query).
fn server_wait(ui: &mut Ui, slot: &mut Slot) {
    let lang = draw::lang(ui);
    ui.horizontal(|ui| {
        ui.spinner();
        ui.label(RichText::new(crate::tr!(lang, "asking-server")).weak());
        if ui.button(crate::tr!(lang, "cancel")).clicked() {
            slot.cancel();
        }
    });
}

/// After the user's Cancel: what happened, and Retry (asks the server again).
fn cancelled_mark(ui: &mut Ui, slot: &mut Slot) {
    let lang = draw::lang(ui);
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(crate::tr!(lang, "view-cancelled")).color(ui.visuals().warn_fg_color),
        );
        if ui.button(crate::tr!(lang, "retry")).clicked() {
            slot.cancelled = None;
        }
    });
}

impl CityDashApp {
    /// The data a saved chart spec records: the open files, and the open database tables'
    /// addresses without their passwords (given by `PGPASSWORD` or the password file when
    /// the spec is used).
    pub fn spec_sources(&self) -> Vec<String> {
        let open = self.workspace.datasets.iter();
        let tables = open.filter_map(|d| self.tables.get(&d.name));
        let tables = tables.filter(|(uri, _)| crate::data::db::is_db_address(uri));
        let tables = tables.map(|(uri, _)| crate::data::db::without_password(uri));
        let files = self.state.open_files.iter().cloned();
        files.chain(tables).collect()
    }

    /// Opens what a chart spec names: its files, and its tables unless open already.
    pub fn open_spec_data(&mut self, data: Vec<String>, ctx: &egui::Context) {
        use crate::data::db::{is_db_address, without_password};
        for f in data {
            let open_table = self.workspace.datasets.iter().any(|d| {
                let table = self.tables.get(&d.name);
                table.is_some_and(|(uri, _)| without_password(uri) == without_password(&f))
            });
            let wanted = match is_db_address(&f) {
                true => !open_table,
                false => std::path::Path::new(&f).exists(),
            };
            if wanted {
                self.open(crate::data::open::Origin::from_text(&f), ctx);
            }
        }
    }

    /// What the charts are prepared from: the combination of the open datasets or, when a
    /// database table takes part in the charts, the open files and the tables, each asked
    /// per view for its slice. `None` when nothing is open.
    pub fn chart_data(&self) -> Option<ChartData> {
        let combined = self.workspace.combined.dataset.clone()?;
        let in_charts = self.workspace.datasets.iter().filter(|d| d.in_charts);
        let (tables, files): (Vec<_>, Vec<_>) =
            in_charts.partition(|d| self.tables.contains_key(&d.name));
        if tables.is_empty() {
            return Some(ChartData::Local(combined));
        }
        let tables = tables
            .iter()
            .filter_map(|d| {
                let (address, options) = self.tables.get(&d.name)?;
                Some(Table {
                    address: address.clone(),
                    options: options.clone(),
                    not_before: d.opened,
                })
            })
            .collect();
        let files = files.iter().map(|d| d.dataset.clone()).collect();
        Some(ChartData::Tables { files, tables })
    }
}

/// Draws the current view.
pub fn central(app: &mut CityDashApp, ui: &mut Ui) {
    let view = app.state.query.view;
    if view == View::Sources {
        return super::sources_view::sources_view(app, ui);
    }
    let combined = app.workspace.combined.clone();
    let Some(data) = app.chart_data() else {
        if app.is_loading() || app.workspace.is_combining() {
            preparing_state(ui);
        } else {
            draw::empty_state(ui, &crate::tr!(app.state.lang, "no-data-open"));
        }
        return;
    };
    match view {
        View::Multiples => super::sidebar::theme_picker(ui, &mut app.state.query, app.state.lang),
        View::Compare => super::sidebar::compare_controls(ui, &mut app.state.query, app.state.lang),
        View::Map => super::map_controls::map_controls(
            ui,
            &mut app.map_timeline,
            &mut app.state.query,
            &combined.indicators,
            app.state.lang,
        ),
        View::Scatter => super::scatter_controls::scatter_controls(
            ui,
            &mut app.state.query,
            &combined.indicators,
            app.state.lang,
        ),
        _ => {}
    }
    let key = (app.state.query.for_view(), app.workspace.version);
    let ctx = ui.ctx().clone();
    // Other views' database queries are not waited for.
    if data.asks_server() {
        for (_, other) in app.views.slots.iter_mut().filter(|(v, _)| **v != view) {
            other.supersede();
        }
    }
    let slot = app.views.slots.entry(view).or_default();
    let got = slot
        .get(key.clone(), &data, &app.fail, &ctx)
        .map(|(r, stale)| (r.clone(), stale));
    let asking = data.asks_server() && slot.busy();
    if asking {
        server_wait(ui, slot);
    }
    let held = slot.holds(&key);
    if held {
        cancelled_mark(ui, slot);
    }
    let Some((result, stale)) = got else {
        if held {
            return;
        }
        return preparing_state(ui);
    };
    let stale = stale && !asking && !held;
    let chart = match result {
        Ok(chart) => chart,
        Err(message) => {
            updating_mark(ui, stale);
            return draw::error_state(ui, &message);
        }
    };
    updating_mark(ui, stale);
    crate::data::timing::since_start("window: first chart drawn");
    if let Body::Map(m) = &chart.body {
        app.map_timeline.span = Some(m.years);
        app.map_timeline.shown = Some(m.year);
    }
    if let Body::Table(data) = &chart.body {
        let fail = app.fail.clone();
        app.views.table.ui(ui, &chart, data, &fail);
        return;
    }
    let fallback = app.data_names().join(", ");
    draw::figure(ui, &chart, &fallback, Mode::Window);
}
