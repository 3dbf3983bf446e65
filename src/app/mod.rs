//! The desktop window: eframe state, panels and actions. Loading runs on worker threads
//! ([`jobs`]); what the charts show is prepared by [`crate::chart::prepare`] and cached here.

pub mod export_panel;
pub mod jobs;
mod range_slider;
mod sidebar;
pub mod state;
mod views;
pub mod workspace;
pub mod world_bank;

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::{Key, KeyboardShortcut, Modifiers, RichText};

use crate::chart::{ChartSpec, View};
use jobs::{JobPoll, JobProgress, LoadJob, Origin};
use state::{APP_KEY, PersistedState};
use workspace::Workspace;

/// A message shown in the status area.
#[derive(Debug, Clone)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

/// The citydash window.
pub struct CityDashApp {
    pub state: PersistedState,
    pub workspace: Workspace,
    jobs: Vec<LoadJob>,
    /// The path typed into the path field.
    pub path_input: String,
    pub city_search: String,
    focus_search: bool,
    pub notices: Vec<Notice>,
    dialog: Option<Receiver<Vec<PathBuf>>>,
    views: views::ViewCache,
    /// The Export window.
    pub export: export_panel::ExportPanel,
    /// The World Bank window.
    pub world_bank: world_bank::WorldBankPanel,
    /// Limits and cache of downloads.
    pub fetch_options: crate::remote::FetchOptions,
    focus_path: bool,
}

const SHORTCUT_OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SHORTCUT_FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const SHORTCUT_EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
const SHORTCUT_QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
const VIEW_KEYS: [Key; 6] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
];

impl CityDashApp {
    /// Creates the window's state: restored from storage when there is one, opening `files`
    /// (or, with none, the files open last time, or the bundled sample data).
    pub fn new(cc: &eframe::CreationContext<'_>, files: Vec<PathBuf>) -> Self {
        let state: PersistedState = cc
            .storage
            .and_then(|s| eframe::get_value(s, APP_KEY))
            .unwrap_or_default();
        let mut app = Self::with_state(state, &cc.egui_ctx);
        app.open_initial(files, &cc.egui_ctx);
        app
    }

    /// A window with the given state and nothing loaded (used by tests).
    pub fn with_state(state: PersistedState, ctx: &egui::Context) -> Self {
        crate::chart::theme::install_fonts(ctx);
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
            notices: Vec::new(),
            dialog: None,
            views: views::ViewCache::default(),
            export: export_panel::ExportPanel::default(),
            world_bank: world_bank::WorldBankPanel::default(),
            fetch_options: crate::remote::FetchOptions::default(),
            focus_path: false,
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
        for (name, bytes) in crate::cli::SAMPLES {
            self.open(Origin::Embedded(name, bytes), ctx);
        }
    }

    /// Starts loading a dataset in the background.
    pub fn open(&mut self, origin: Origin, ctx: &egui::Context) {
        if self.jobs.iter().any(|j| j.origin == origin) {
            return;
        }
        let ctx = ctx.clone();
        self.jobs.push(LoadJob::start_with(
            origin,
            self.fetch_options.clone(),
            move || ctx.request_repaint(),
        ));
    }

    /// True while any dataset is loading.
    pub fn is_loading(&self) -> bool {
        !self.jobs.is_empty()
    }

    /// Waits (for tests and batch use) until every load has finished.
    pub fn wait_for_loads(&mut self) {
        while !self.jobs.is_empty() {
            self.poll_jobs();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// True while a worker prepares the current view's data (datasets larger than
    /// [`views::INLINE_ROWS`]); the view shows its previous chart meanwhile.
    pub fn preparing(&self) -> bool {
        self.views.preparing()
    }

    /// Sets the dataset size up to which views prepare on the UI thread (tests use 0 to
    /// exercise the worker path on small data).
    pub fn set_inline_rows(&mut self, rows: usize) {
        self.views.inline_rows = rows;
    }

    fn poll_jobs(&mut self) {
        let mut finished = Vec::new();
        for (i, job) in self.jobs.iter().enumerate() {
            match job.poll() {
                JobPoll::Running => {}
                JobPoll::Done(result) => finished.push((i, Some(*result))),
                JobPoll::Gone => finished.push((i, None)),
            }
        }
        for (i, result) in finished.into_iter().rev() {
            let job = self.jobs.remove(i);
            match result {
                Some(Ok(opened)) => {
                    if let Some(p) = job.origin.remembered() {
                        self.state.remember(p);
                        if !self.state.open_files.iter().any(|f| f == p) {
                            self.state.open_files.push(p.to_string());
                        }
                    }
                    if let Some(n) = &opened.notice {
                        self.notices.push(Notice {
                            text: n.clone(),
                            error: true,
                        });
                    }
                    let warnings = opened.report.warning_count();
                    self.notices.push(Notice {
                        text: format!(
                            "Opened {}: {} observations{}",
                            opened.name,
                            opened.dataset.len(),
                            if warnings > 0 {
                                format!(", {warnings} warning(s) — see Sources")
                            } else {
                                String::new()
                            }
                        ),
                        error: false,
                    });
                    self.workspace.add(opened);
                    if let Some(problem) = self.workspace.problem.take() {
                        self.notices.push(Notice {
                            text: problem,
                            error: true,
                        });
                    }
                }
                Some(Err(e)) => {
                    if let Some(p) = job.origin.remembered() {
                        self.state.open_files.retain(|f| f != p);
                    }
                    self.notices.push(Notice {
                        text: e.to_string(),
                        error: true,
                    });
                }
                None => {}
            }
        }
    }

    fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some(rx) = &self.dialog else { return };
        if let Ok(paths) = rx.try_recv() {
            self.dialog = None;
            if paths.is_empty() && !file_dialog_available() {
                self.notices.push(Notice {
                    text: "No file dialog on this system (no desktop portal or zenity): type a path in the path field, or drop files onto the window".into(),
                    error: true,
                });
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
        std::thread::spawn(move || {
            let files = rfd::FileDialog::new()
                .add_filter(
                    "Data files",
                    &[
                        "csv", "tsv", "txt", "xlsx", "xls", "xlsm", "ods", "parquet", "json",
                    ],
                )
                .add_filter("All files", &["*"])
                .pick_files()
                .unwrap_or_default();
            let _ = tx.send(files);
            ctx.request_repaint();
        });
        self.dialog = Some(rx);
    }

    /// The Export window; a chart spec opened there replaces the current chart and opens the
    /// data files it names.
    fn export_window(&mut self, ctx: &egui::Context) {
        let files = self.state.open_files.clone();
        let names = self
            .workspace
            .datasets
            .iter()
            .map(|d| {
                std::path::Path::new(&d.name)
                    .file_name()
                    .map_or_else(|| d.name.clone(), |n| n.to_string_lossy().into_owned())
            })
            .collect();
        let input = export_panel::ExportInput {
            dataset: self.workspace.combined.as_ref(),
            spec: &mut self.state.spec,
            files: &files,
            names,
        };
        if let Some(mut spec) = self.export.show(ctx, input) {
            for f in std::mem::take(&mut spec.data) {
                if std::path::Path::new(&f).exists() {
                    self.open(Origin::File(f), ctx);
                }
            }
            self.state.spec = spec;
        }
    }

    /// Returns every option to its default and keeps the open files.
    pub fn reset_view(&mut self) {
        self.state.spec = ChartSpec::default();
        self.city_search.clear();
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        if ctx.input_mut(|i| i.consume_shortcut(&SHORTCUT_OPEN)) {
            self.open_dialog(ctx);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&SHORTCUT_FIND)) {
            self.focus_search = true;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&SHORTCUT_EXPORT)) {
            self.export.open = !self.export.open;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&SHORTCUT_QUIT)) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        for (view, key) in View::ALL.iter().zip(VIEW_KEYS) {
            if ctx
                .input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, key)))
            {
                self.state.spec.view = *view;
            }
        }
        let dropped: Vec<String> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().display().to_string())
                .filter(|p| !p.is_empty())
                .collect()
        });
        for p in dropped {
            for f in crate::data::data_files(&PathBuf::from(p))
                .iter()
                .map(|p| p.display().to_string())
            {
                self.open(Origin::File(f), ctx);
            }
        }
    }

    fn top_bar(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        ui.horizontal_wrapped(|ui| {
            ui.menu_button("File", |ui| {
                if ui
                    .add(
                        egui::Button::new("Open…")
                            .shortcut_text(ctx.format_shortcut(&SHORTCUT_OPEN)),
                    )
                    .clicked()
                {
                    self.open_dialog(&ctx);
                    ui.close();
                }
                ui.menu_button("Open recent", |ui| {
                    if self.state.recent.is_empty() {
                        ui.label("No recent files");
                    }
                    for p in self.state.recent.clone() {
                        if ui.button(&p).clicked() {
                            self.open(Origin::from_text(&p), &ctx);
                            ui.close();
                        }
                    }
                });
                if ui.button("Open URL…").clicked() {
                    self.focus_path = true;
                    ui.close();
                }
                if ui.button("World Bank…").clicked() {
                    self.world_bank.open = true;
                    ui.close();
                }
                if ui.button("Open sample data").clicked() {
                    self.open_samples(&ctx);
                    ui.close();
                }
                if ui.button("Clear download cache").clicked() {
                    self.notices
                        .push(match crate::remote::Cache::default_location() {
                            Some(c) => match c.clear() {
                                Ok(n) => Notice {
                                    text: format!("Removed {n} cached file(s)"),
                                    error: false,
                                },
                                Err(e) => Notice {
                                    text: format!("{}: cannot clear: {e}", c.dir.display()),
                                    error: true,
                                },
                            },
                            None => Notice {
                                text: "No cache directory on this system".into(),
                                error: true,
                            },
                        });
                    ui.close();
                }
                ui.separator();
                if ui
                    .add(
                        egui::Button::new("Export chart, data or spec…")
                            .shortcut_text(ctx.format_shortcut(&SHORTCUT_EXPORT)),
                    )
                    .clicked()
                {
                    self.export.open = true;
                    ui.close();
                }
                ui.separator();
                if ui
                    .add(
                        egui::Button::new("Quit")
                            .shortcut_text(ctx.format_shortcut(&SHORTCUT_QUIT)),
                    )
                    .clicked()
                {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.label("Path:");
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.path_input)
                    .id_salt("path_field")
                    .hint_text("type or paste a file, folder or http(s) URL, then Enter")
                    .desired_width(320.0),
            );
            if std::mem::take(&mut self.focus_path) {
                field.request_focus();
            }
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if (ui.button("Open").clicked() || enter) && !self.path_input.trim().is_empty() {
                let path = PathBuf::from(self.path_input.trim());
                if crate::remote::is_url(&self.path_input) {
                    self.open(Origin::Url(self.path_input.trim().to_string()), &ctx);
                    self.path_input.clear();
                } else if path.exists() {
                    for f in crate::data::data_files(&path)
                        .iter()
                        .map(|p| p.display().to_string())
                    {
                        self.open(Origin::File(f), &ctx);
                    }
                    self.path_input.clear();
                } else {
                    self.notices.push(Notice {
                        text: format!("{}: no such file or folder", path.display()),
                        error: true,
                    });
                }
            }
            ui.separator();
            for (i, view) in View::ALL.iter().enumerate() {
                let selected = self.state.spec.view == *view;
                if ui
                    .selectable_label(selected, view.label())
                    .on_hover_text(format!("Ctrl+{}", i + 1))
                    .clicked()
                {
                    self.state.spec.view = *view;
                }
            }
            ui.separator();
            let mut dark = self.state.dark;
            if ui.toggle_value(&mut dark, "Dark").changed() {
                self.state.dark = dark;
                ctx.set_theme(if dark {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
            }
            if ui.button("Reset view").clicked() {
                self.reset_view();
            }
            ui.separator();
            if ui
                .selectable_label(self.export.open, "Export…")
                .on_hover_text("PNG figure, CSV data or chart spec (Ctrl+E)")
                .clicked()
            {
                self.export.open = !self.export.open;
            }
        });
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            for job in &self.jobs {
                job_progress(ui, job);
            }
            let mut cancel = false;
            if !self.jobs.is_empty() && ui.button("Cancel").clicked() {
                cancel = true;
            }
            if cancel {
                for j in &self.jobs {
                    j.cancel();
                }
                self.jobs.clear();
                self.notices.push(Notice {
                    text: "Loading cancelled".into(),
                    error: false,
                });
            }
            let ws = &self.workspace;
            ui.label(format!(
                "{} dataset(s) · {} observations · {} of {} cities selected",
                ws.datasets.len(),
                ws.total_observations(),
                self.state.spec.cities.len(),
                ws.places.values().map(Vec::len).sum::<usize>()
            ));
            let warnings = ws.warnings();
            if warnings > 0
                && ui
                    .link(
                        RichText::new(format!("{warnings} warning(s)"))
                            .color(ui.visuals().warn_fg_color),
                    )
                    .clicked()
            {
                self.state.spec.view = View::Sources;
            }
            if let Some(n) = self.notices.last() {
                ui.separator();
                let text = RichText::new(&n.text);
                ui.label(if n.error {
                    text.color(ui.visuals().error_fg_color)
                } else {
                    text
                });
            }
        });
    }
}

/// One running job in the status bar: a spinner, or a progress bar with bytes and rate.
fn job_progress(ui: &mut egui::Ui, job: &LoadJob) {
    let secs = job.started.elapsed().as_secs_f32();
    match job.progress() {
        JobProgress::Bytes(p) if p.received > 0 || p.total.is_some() => {
            let rate = p.received as f32 / secs.max(0.001);
            let text = match p.total {
                Some(t) => format!(
                    "Downloading {}: {} of {} ({}/s)",
                    job.origin.name(),
                    human_bytes(p.received as f32),
                    human_bytes(t as f32),
                    human_bytes(rate)
                ),
                None => format!(
                    "Downloading {}: {} ({}/s)",
                    job.origin.name(),
                    human_bytes(p.received as f32),
                    human_bytes(rate)
                ),
            };
            match p.total.filter(|&t| t > 0) {
                Some(t) => {
                    ui.add(
                        egui::ProgressBar::new(p.received as f32 / t as f32)
                            .desired_width(140.0)
                            .show_percentage(),
                    );
                }
                None => {
                    ui.spinner();
                }
            }
            ui.label(text);
        }
        JobProgress::Pages { done, total } => {
            ui.add(
                egui::ProgressBar::new(done as f32 / total.max(1) as f32)
                    .desired_width(140.0)
                    .text(format!("{done}/{total} pages")),
            );
            ui.label(format!("Fetching {} ({secs:.1} s)", job.origin.name()));
        }
        _ => {
            ui.spinner();
            let verb = if matches!(job.origin, Origin::Url(_)) {
                "Connecting to"
            } else {
                "Loading"
            };
            ui.label(format!("{verb} {} ({secs:.1} s)", job.origin.name()));
        }
    }
}

/// "1.5 MB", "820 kB", "12 B".
fn human_bytes(n: f32) -> String {
    if n >= 1e9 {
        format!("{:.1} GB", n / 1e9)
    } else if n >= 1e6 {
        format!("{:.1} MB", n / 1e6)
    } else if n >= 1e3 {
        format!("{:.0} kB", n / 1e3)
    } else {
        format!("{n:.0} B")
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
        self.shortcuts(&ctx);
        if self.is_loading() || self.dialog.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        egui::Panel::top("top_bar").show(ui, |ui| self.top_bar(ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar(ui));
        egui::Panel::left("sidebar")
            .default_size(270.0)
            .show(ui, |ui| sidebar::sidebar(self, ui));
        egui::CentralPanel::default().show(ui, |ui| views::central(self, ui));
        self.export_window(&ctx);
        if let Some(request) = self.world_bank.show(&ctx) {
            let base = self.world_bank.base.clone();
            self.open(Origin::WorldBank { request, base }, &ctx);
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
