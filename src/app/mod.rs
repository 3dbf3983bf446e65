//! The desktop window: a thin shell over the library. Loading, combining, preparing charts,
//! ordering the table and exporting run on workers ([`worker`]); the UI thread only draws
//! prepared results. Each panel is a module with its own state and `ui` function.

pub mod bars;
pub mod clipboard;
mod data_fit;
pub mod db_dialog;
pub mod export_panel;
pub mod jobs;
mod labels;
pub mod map_columns;
pub mod map_controls;
pub mod notices;
mod range_slider;
mod scatter_controls;
mod sidebar;
mod sources_view;
pub mod state;
mod table_view;
pub mod views;
pub mod worker;
pub mod workspace;
pub mod world_bank;

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use crate::chart::{ChartQuery, View};
use crate::data::LoadOptions;
use crate::data::open::{self, Origin};
use crate::data::workspace::OpenDataset;
use jobs::{LoadFailure, LoadJob};
use notices::{Level, NoticeAction, Notices};
use state::{APP_KEY, PersistedState};
use worker::FailPoints;
use workspace::Workspace;

/// The citydash window.
pub struct CityDashApp {
    pub state: PersistedState,
    pub workspace: Workspace,
    jobs: Vec<LoadJob>,
    /// A file was opened: once every load has ended and the data is combined, the chart's
    /// places and indicator are fitted to it (see `data_fit`).
    fit_pending: bool,
    /// The path typed into the path field.
    pub path_input: String,
    pub city_search: String,
    focus_search: bool,
    focus_path: bool,
    pub notices: Notices,
    dialog: Option<Receiver<Vec<PathBuf>>>,
    pub views: views::ViewCache,
    /// The Export window.
    pub export: export_panel::ExportPanel,
    /// The World Bank window.
    pub world_bank: world_bank::WorldBankPanel,
    /// File → Connect to database…'s window.
    pub db_panel: db_dialog::DbPanel,
    /// The Map columns dialog.
    pub map_columns: map_columns::MapColumnsDialog,
    /// The map view's year slider and play.
    pub map_timeline: map_controls::Timeline,
    /// Copying the figure to the clipboard.
    pub copy: clipboard::CopyFigure,
    /// Limits and cache of downloads.
    pub fetch_options: crate::data::remote::FetchOptions,
    /// Kinds of work made to fail on purpose (tests).
    pub fail: FailPoints,
    /// Failed loads by file, with what the Map columns dialog needs.
    failures: Vec<(String, LoadFailure)>,
    /// Open database tables by name: the address they opened with and their load options.
    pub tables: std::collections::BTreeMap<String, (String, LoadOptions)>,
    /// The window's context, for workers to ask for a repaint.
    ctx: egui::Context,
}

impl CityDashApp {
    /// Creates the window's state: restored from storage when there is one, opening `files`
    /// (or, with none, the files open last time, or the bundled sample data).
    pub fn new(cc: &eframe::CreationContext<'_>, files: Vec<PathBuf>) -> Self {
        let state: PersistedState = cc
            .storage
            .and_then(|s| eframe::get_value(s, APP_KEY))
            .unwrap_or_default();
        let first_start = cc.storage.and_then(|s| s.get_string(APP_KEY)).is_none();
        let mut app = Self::with_state(state, &cc.egui_ctx);
        if first_start {
            app.set_lang(crate::i18n::Lang::from_system());
        }
        // The user's own targets (national, city) join the bundled ones on the scorecard.
        match crate::data::targets::add_user_file() {
            Ok(Some((path, n))) => app.notices.info(crate::tr!(
                app.state.lang,
                "targets-added",
                count = n,
                path = path.display().to_string()
            )),
            Ok(None) => {}
            Err(e) => app.notices.error(e.to_string()),
        }
        app.open_initial(files, &cc.egui_ctx);
        app
    }

    /// A window with the given state and nothing loaded (used by tests).
    pub fn with_state(state: PersistedState, ctx: &egui::Context) -> Self {
        crate::chart::theme::install_fonts(ctx);
        crate::chart::draw::set_lang(ctx, state.lang);
        ctx.set_theme(if state.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        CityDashApp {
            state,
            workspace: Workspace::default(),
            jobs: Vec::new(),
            path_input: String::new(),
            city_search: String::new(),
            focus_search: false,
            focus_path: false,
            notices: Notices::default(),
            dialog: None,
            views: views::ViewCache::default(),
            export: export_panel::ExportPanel::default(),
            world_bank: world_bank::WorldBankPanel::default(),
            db_panel: db_dialog::DbPanel::default(),
            map_columns: map_columns::MapColumnsDialog::default(),
            map_timeline: map_controls::Timeline::default(),
            copy: clipboard::CopyFigure::default(),
            fetch_options: crate::data::remote::FetchOptions::default(),
            fail: FailPoints::default(),
            failures: Vec::new(),
            fit_pending: false,
            tables: Default::default(),
            ctx: ctx.clone(),
        }
    }

    /// Opens the command-line files, else last session's files, else the sample data.
    pub fn open_initial(&mut self, files: Vec<PathBuf>, ctx: &egui::Context) {
        let files: Vec<String> = if files.is_empty() {
            self.state.open_files.clone()
        } else {
            files
                .iter()
                .flat_map(|f| crate::data::data_files(f))
                .map(|p| p.display().to_string())
                .collect()
        };
        if files.is_empty() {
            self.open_samples(ctx);
        } else {
            for f in files {
                self.open(Origin::from_text(&f), ctx);
            }
        }
    }

    /// Opens the bundled sample datasets.
    pub fn open_samples(&mut self, ctx: &egui::Context) {
        for origin in open::samples() {
            self.open(origin, ctx);
        }
    }

    /// Starts loading a dataset in the background, with the options chosen for it before.
    pub fn open(&mut self, origin: Origin, ctx: &egui::Context) {
        let options = origin
            .remembered()
            .and_then(|p| self.state.load_options.get(p).cloned())
            .unwrap_or_default();
        self.open_with(origin, options, ctx);
    }

    /// Starts loading a dataset with the given options.
    pub fn open_with(&mut self, origin: Origin, options: LoadOptions, ctx: &egui::Context) {
        if self.jobs.iter().any(|j| j.origin == origin) {
            return;
        }
        let ctx = ctx.clone();
        self.jobs.push(LoadJob::start(
            origin,
            options,
            self.fetch_options.clone(),
            &self.fail,
            self.state.lang,
            move || ctx.request_repaint(),
        ));
    }

    /// Loads a file without a time column again, its values given `year` (as `--year` does
    /// on the command line); the other load options chosen for it stay.
    pub fn set_undated_year(&mut self, name: &str, year: i32, ctx: &egui::Context) {
        let mut options = self
            .state
            .load_options
            .get(name)
            .cloned()
            .unwrap_or_default();
        options.default_year = Some(year);
        self.open_with(Origin::from_text(name), options, ctx);
    }

    /// Closes an open dataset.
    pub fn close(&mut self, name: &str) {
        self.state.open_files.retain(|f| f != name);
        let ctx = self.repainter();
        self.workspace
            .remove(name, &self.fail, move || ctx.request_repaint());
        let lang = self.state.lang;
        self.notices.info(crate::tr!(lang, "closed", name = name));
    }

    /// Lets a dataset take part in the charts or not.
    pub fn set_in_charts(&mut self, name: &str, on: bool) {
        let ctx = self.repainter();
        self.workspace
            .set_in_charts(name, on, &self.fail, move || ctx.request_repaint());
    }

    /// Closes every dataset.
    pub fn close_all(&mut self) {
        let names: Vec<String> = self
            .workspace
            .datasets
            .iter()
            .map(|d| d.name.clone())
            .collect();
        for n in names {
            self.close(&n);
        }
    }

    /// The context workers wake the window with.
    fn repainter(&self) -> egui::Context {
        self.ctx.clone()
    }

    /// True while any dataset is loading.
    pub fn is_loading(&self) -> bool {
        !self.jobs.is_empty()
    }

    /// True while anything runs off the UI thread: loads, the combination, a chart or the
    /// table's order.
    pub fn is_busy(&self) -> bool {
        self.is_loading() || self.workspace.is_combining() || self.views.preparing()
    }

    /// True while a worker prepares the current view.
    pub fn preparing(&self) -> bool {
        self.views.preparing()
    }

    /// Waits (for tests and batch use) until every load has finished and the datasets are
    /// combined.
    pub fn wait_for_loads(&mut self) {
        while self.is_loading() || self.workspace.is_combining() {
            self.poll_jobs();
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    /// The file names of the open datasets (the figure's source when the data names none).
    pub fn data_names(&self) -> Vec<String> {
        self.workspace
            .datasets
            .iter()
            .map(|d| {
                std::path::Path::new(&d.name)
                    .file_name()
                    .map_or_else(|| d.name.clone(), |n| n.to_string_lossy().into_owned())
            })
            .collect()
    }

    fn poll_jobs(&mut self) {
        self.views.harvest();
        let mut finished = Vec::new();
        for (i, job) in self.jobs.iter().enumerate() {
            if let Some(result) = job.poll() {
                finished.push((i, result));
            }
        }
        for (i, result) in finished.into_iter().rev() {
            let job = self.jobs.remove(i);
            match result {
                Ok(opened) => self.opened(&job, opened),
                Err(failure) => self.failed(&job, failure),
            }
        }
        let ctx = self.repainter();
        if let Some(problem) = self
            .workspace
            .poll(&self.fail, move || ctx.request_repaint())
        {
            self.notices.error(problem);
        }
        // Fitted once the loads have ended, so that the result does not depend on which file
        // came first, and only after an open: closing a file or leaving it out of the charts
        // keeps the user's choices.
        if self.fit_pending && self.jobs.is_empty() && !self.workspace.is_combining() {
            self.fit_pending = false;
            self.select_places_with_data();
            self.select_indicator_with_data();
        }
    }

    fn opened(&mut self, job: &LoadJob, opened: OpenDataset) {
        if job.origin.asked_per_view() {
            let (Origin::Database(uri) | Origin::File(uri)) = &job.origin else {
                unreachable!("only tables and folders are asked per view")
            };
            let table = (uri.clone(), job.options.clone());
            self.tables.insert(opened.name.clone(), table);
        }
        if let Some(p) = job.origin.remembered() {
            self.state.remember(p);
            if !self.state.open_files.iter().any(|f| f == p) {
                self.state.open_files.push(p.to_string());
            }
            if job.options != LoadOptions::default() {
                self.state
                    .load_options
                    .insert(p.to_string(), job.options.clone());
            }
        }
        if let Some(n) = &opened.notice {
            self.notices.push(Level::Warning, n.clone());
        }
        let server = matches!(job.origin, crate::data::open::Origin::Database(_));
        let (level, text) = notices::opened(self.state.lang, &opened, server);
        self.notices.push(level, text);
        // The user's own data replaces the synthetic sample, so the two are never blended.
        if !opened.is_sample() && self.workspace.datasets.iter().any(|d| d.is_sample()) {
            let samples: Vec<String> = self
                .workspace
                .datasets
                .iter()
                .filter(|d| d.is_sample())
                .map(|d| d.name.clone())
                .collect();
            for s in samples {
                self.close(&s);
            }
        }
        let ctx = self.repainter();
        self.workspace
            .add(opened, &self.fail, move || ctx.request_repaint());
        self.fit_pending = true;
    }

    fn failed(&mut self, job: &LoadJob, failure: LoadFailure) {
        if let Some(p) = job.origin.remembered() {
            self.state.open_files.retain(|f| f != p);
        }
        let action = match (&job.origin, &failure.hint) {
            (Origin::File(f), Some(_)) => Some(NoticeAction::MapColumns { file: f.clone() }),
            _ => None,
        };
        self.notices
            .push_with(Level::Error, failure.message.clone(), action);
        if let Origin::File(f) = &job.origin {
            self.failures.retain(|(name, _)| name != f);
            self.failures.push((f.clone(), failure));
        }
    }

    /// Runs a notice's action.
    fn act(&mut self, action: NoticeAction, ctx: &egui::Context) {
        match action {
            NoticeAction::MapColumns { file } => {
                let hint = self
                    .failures
                    .iter()
                    .find(|(f, _)| *f == file)
                    .and_then(|(_, failure)| failure.hint.clone());
                match hint {
                    Some(h) if !h.columns.is_empty() => self.map_columns.open_with(&file, h, &[]),
                    _ => self.map_columns.open_for(&file, ctx),
                }
            }
        }
    }

    fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some(rx) = &self.dialog else { return };
        if let Ok(paths) = rx.try_recv() {
            self.dialog = None;
            if paths.is_empty() && !file_dialog_available() {
                self.notices
                    .error(crate::tr!(self.state.lang, "no-file-dialog"));
            }
            for p in paths {
                self.open(Origin::File(p.display().to_string()), ctx);
            }
        }
    }

    /// Opens the system file dialog on a worker thread, so the window keeps drawing.
    pub fn open_dialog(&mut self, ctx: &egui::Context) {
        if self.dialog.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        let data_files = crate::tr!(self.state.lang, "filter-data-files");
        let all_files = crate::tr!(self.state.lang, "filter-all-files");
        std::thread::spawn(move || {
            let files = rfd::FileDialog::new()
                .add_filter(data_files, &crate::data::DATA_EXTENSIONS)
                .add_filter(all_files, &["*"])
                .pick_files()
                .unwrap_or_default();
            let _ = tx.send(files);
            ctx.request_repaint();
        });
        self.dialog = Some(rx);
    }

    /// Opens a typed path (file, folder) or URL.
    fn open_typed(&mut self, text: &str, ctx: &egui::Context) {
        let path = PathBuf::from(text.trim());
        match open::expand(std::slice::from_ref(&path)) {
            Ok(origins) => {
                for o in origins {
                    self.open(o, ctx);
                }
            }
            Err(e) => self.notices.error(e.to_string()),
        }
    }

    /// The Export window; a chart spec opened there replaces the current chart and opens the
    /// data files it names.
    fn export_window(&mut self, ctx: &egui::Context) {
        let prepared = self.views.ready(&self.state.query, self.workspace.version);
        let (names, sources) = (self.data_names(), self.spec_sources());
        let input = export_panel::ExportInput {
            data: self.chart_data(),
            prepared,
            query: &self.state.query,
            figure: &mut self.state.figure,
            files: &sources,
            names,
        };
        let spec = self.export.show(ctx, input, &self.fail);
        if std::mem::take(&mut self.export.copy_requested) {
            self.copy_figure(ctx);
        }
        if let Some(mut spec) = spec {
            self.open_spec_data(std::mem::take(&mut spec.data), ctx);
            self.state.query = spec.query;
            self.state.figure = spec.figure;
        }
    }

    /// Returns every option to its default and keeps the open files.
    pub fn reset_view(&mut self) {
        self.state.query = ChartQuery::default();
        self.city_search.clear();
    }

    /// Switches the view.
    pub fn set_view(&mut self, view: View) {
        self.state.query.view = view;
    }

    /// Switches the language of the window and of its figures (from the next frame).
    pub fn set_lang(&mut self, lang: crate::i18n::Lang) {
        self.state.lang = lang;
        self.state.figure.lang = lang;
        crate::chart::draw::set_lang(&self.ctx, lang);
    }
}

/// True when rfd can show a dialog here (a desktop portal on the session bus, or zenity).
pub fn file_dialog_available() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join("zenity").is_file()))
}

impl eframe::App for CityDashApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_jobs();
        self.poll_dialog(&ctx);
        self.poll_copy(&ctx);
        bars::shortcuts(self, &ctx);
        if self.is_loading() || self.dialog.is_some() || self.workspace.is_combining() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        egui::Panel::top("top_bar").show(ui, |ui| bars::top_bar(self, ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| bars::status_bar(self, ui));
        egui::Panel::left("sidebar")
            .default_size(270.0)
            .show(ui, |ui| sidebar::sidebar(self, ui));
        egui::CentralPanel::default().show(ui, |ui| views::central(self, ui));
        self.export_window(&ctx);
        if let Some(request) = self.world_bank.show(&ctx) {
            let base = self.world_bank.base.clone();
            self.open(Origin::WorldBank { request, base }, &ctx);
        }
        if let Some(address) = self.db_panel.show(&ctx) {
            self.open(Origin::Database(address), &ctx);
        }
        if let Some((file, options)) = self.map_columns.show(&ctx) {
            self.open_with(Origin::File(file), options, &ctx);
        }
        if let Some(action) = self.notices.ui(&ctx) {
            self.act(action, &ctx);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, APP_KEY, &self.state);
    }
}

/// Runs the window; `files` are opened instead of the last session's files.
pub fn run(files: Vec<PathBuf>) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("citydash")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0])
            .with_drag_and_drop(true),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "citydash",
        options,
        Box::new(move |cc| Ok(Box::new(CityDashApp::new(cc, files)))),
    )
}
