//! The Export window: the current chart as a PNG figure, its data as CSV, or its spec as
//! JSON — written on a worker thread, atomically, asking before replacing a file.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

use egui::{RichText, Ui};

use super::worker::{FailPoints, Poll, Task, WorkKind};
use crate::chart::spec::SIZE_PRESETS;
use crate::chart::{ChartData, ChartQuery, ChartSpec, FigureOptions, PreparedChart, View};
use crate::data::write::write_atomic;
use crate::export::{self, FigureRenderer, RendererKind};

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Png,
    Svg,
    Csv,
    Spec,
}

impl ExportKind {
    fn extension(self) -> &'static str {
        match self {
            ExportKind::Png => "png",
            ExportKind::Svg => "svg",
            ExportKind::Csv => "csv",
            ExportKind::Spec => "json",
        }
    }
}

/// An export running on a worker thread.
struct ExportJob {
    path: PathBuf,
    cancel: Arc<AtomicBool>,
    task: Task<Result<String, String>>,
}

/// The Export window's state.
#[derive(Default)]
pub struct ExportPanel {
    pub open: bool,
    /// Output path without extension; each kind adds its own.
    pub path: String,
    /// A write waiting for the user to confirm replacing an existing file.
    pub confirm: Option<ExportKind>,
    job: Option<ExportJob>,
    /// The last export's outcome, shown in the window.
    pub outcome: Option<Result<String, String>>,
    /// The off-screen renderer, created on first PNG export and kept for the next ones.
    renderer: Arc<Mutex<Option<FigureRenderer>>>,
    /// Chart spec path typed into "Open chart spec".
    pub spec_path: String,
    /// The path last filled in automatically: it follows the chart until the user edits it.
    auto_path: String,
    /// A save dialog running on a worker thread.
    dialog: Option<Receiver<Option<PathBuf>>>,
    /// The window's language (messages of the panel).
    pub lang: crate::i18n::Lang,
    /// Copy image was clicked: the window copies the figure to the clipboard.
    pub copy_requested: bool,
}

/// Data an export job needs from the window.
pub struct ExportInput<'a> {
    pub data: Option<ChartData>,
    /// The chart on screen, when it is prepared for the current query and data.
    pub prepared: Option<Arc<PreparedChart>>,
    pub query: &'a ChartQuery,
    pub figure: &'a mut FigureOptions,
    /// Paths of the open files: never overwritten, and recorded in saved specs.
    pub files: &'a [String],
    pub names: Vec<String>,
}

impl ExportPanel {
    /// True while an export runs.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Waits (for tests) until the running export has finished.
    pub fn wait(&mut self) {
        while self.job.is_some() {
            self.poll();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    fn poll(&mut self) {
        let Some(job) = &self.job else { return };
        if let Poll::Done(r) = job.task.poll() {
            let cancelled = job.cancel.load(Ordering::Relaxed);
            self.job = None;
            if !cancelled {
                self.outcome = Some(r.and_then(|r| r));
            }
        }
    }

    /// The output path for a kind: the path field with the kind's extension.
    pub fn target(&self, kind: ExportKind) -> PathBuf {
        let base = self.path.trim();
        let base = base
            .strip_suffix(".png")
            .or_else(|| base.strip_suffix(".svg"))
            .or_else(|| base.strip_suffix(".csv"))
            .or_else(|| base.strip_suffix(".json"))
            .unwrap_or(base);
        PathBuf::from(format!("{base}.{}", kind.extension()))
    }

    fn default_path(spec: &ChartQuery) -> String {
        let dir = std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        let slug = |s: &str| {
            s.to_lowercase()
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '-' })
                .collect::<String>()
        };
        let what = match spec.view {
            View::Multiples => format!("{}-indicators", slug(spec.theme_group.label())),
            View::Compare => spec
                .cities
                .iter()
                .take(4)
                .map(|c| slug(c))
                .collect::<Vec<_>>()
                .join("-"),
            View::Scorecard => "scorecard".to_string(),
            View::Scatter => format!("{}-vs-{}", slug(&spec.indicator), slug(&spec.x_indicator)),
            _ => format!("{}-{}", slug(&spec.indicator), slug(spec.view.label())),
        };
        dir.join(format!("citydash-{what}")).display().to_string()
    }

    /// Starts an export, or asks first when the file exists and `replace` is false.
    pub fn start(
        &mut self,
        kind: ExportKind,
        input: &ExportInput<'_>,
        replace: bool,
        fail: &FailPoints,
        wake: impl Fn() + Send + 'static,
    ) {
        let path = self.target(kind);
        if path.exists() && !replace {
            self.confirm = Some(kind);
            return;
        }
        self.confirm = None;
        self.outcome = None;
        let job = Job {
            kind,
            spec: ChartSpec {
                query: input.query.clone(),
                figure: *input.figure,
                data: match kind {
                    ExportKind::Spec => input.files.to_vec(),
                    _ => Vec::new(),
                },
            },
            prepared: input.prepared.clone(),
            data: input.data.clone(),
            names: input.names.clone(),
            inputs: input.files.iter().map(PathBuf::from).collect(),
            out: path.clone(),
            lang: self.lang,
        };
        let cancel = Arc::new(AtomicBool::new(false));
        let (flag, renderer) = (cancel.clone(), self.renderer.clone());
        let task = Task::spawn(
            WorkKind::Export,
            path.display().to_string(),
            fail,
            wake,
            move || job.run(&flag, &renderer),
        );
        self.job = Some(ExportJob { path, cancel, task });
    }

    /// Stops the running export: nothing is written once cancelled.
    pub fn cancel(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel.store(true, Ordering::Relaxed);
            self.outcome = Some(Err(crate::tr!(self.lang, "export-cancelled")));
        }
    }

    /// The last export's outcome, as the window shows it.
    pub fn outcome_text(&self) -> Option<String> {
        self.outcome.as_ref().map(|o| match o {
            Ok(m) | Err(m) => m.clone(),
        })
    }

    /// Draws the Export window.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        mut input: ExportInput<'_>,
        fail: &FailPoints,
    ) -> Option<ChartSpec> {
        self.lang = crate::chart::draw::lang_of(ctx);
        self.poll();
        if !self.open {
            return None;
        }
        if self.path.is_empty() || self.path == self.auto_path {
            self.path = Self::default_path(input.query);
            self.auto_path = self.path.clone();
        }
        if let Some(rx) = &self.dialog
            && let Ok(chosen) = rx.try_recv()
        {
            self.dialog = None;
            match chosen {
                Some(p) => self.path = p.display().to_string(),
                None if !super::file_dialog_available() => {
                    self.outcome = Some(Err(crate::tr!(self.lang, "export-no-dialog")))
                }
                None => {}
            }
        }
        if self.job.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        let mut open = self.open;
        let mut loaded_spec = None;
        egui::Window::new(crate::tr!(self.lang, "export-title"))
            .open(&mut open)
            .resizable(false)
            .default_width(420.0)
            .show(ctx, |ui| {
                figure_options(ui, input.figure);
                ui.separator();
                self.actions(ui, &mut input, fail);
                ui.separator();
                loaded_spec = self.open_spec(ui);
            });
        self.open = open;
        loaded_spec
    }
}

fn figure_options(ui: &mut Ui, fig: &mut FigureOptions) {
    let lang = crate::chart::draw::lang(ui);
    {
        egui::Grid::new("export_options")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let size_label = ui.label(crate::tr!(lang, "export-size"));
                let current = SIZE_PRESETS
                    .iter()
                    .find(|(_, w, h)| *w == fig.width && *h == fig.height)
                    .map_or(crate::tr!(lang, "export-custom"), |p| p.0.to_string());
                egui::ComboBox::from_id_salt("size_preset")
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        for (name, w, h) in SIZE_PRESETS {
                            if ui
                                .selectable_label(fig.width == w && fig.height == h, name)
                                .clicked()
                            {
                                fig.width = w;
                                fig.height = h;
                            }
                        }
                    })
                    .response
                    .labelled_by(size_label.id);
                ui.end_row();
                let dims = ui.label(crate::tr!(lang, "export-dimensions"));
                ui.horizontal(|ui| {
                    ui.add(
                        egui::DragValue::new(&mut fig.width)
                            .range(320..=10_000)
                            .suffix(" px"),
                    )
                    .labelled_by(dims.id);
                    ui.label("×");
                    ui.add(
                        egui::DragValue::new(&mut fig.height)
                            .range(240..=10_000)
                            .suffix(" px"),
                    )
                    .labelled_by(dims.id);
                });
                ui.end_row();
                ui.label(crate::tr!(lang, "export-scale"));
                ui.horizontal(|ui| {
                    for s in [1.0, 2.0, 4.0] {
                        ui.selectable_value(&mut fig.scale, s, format!("{s}×"));
                    }
                });
                ui.end_row();
                ui.label(crate::tr!(lang, "export-theme"));
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut fig.dark, false, crate::tr!(lang, "theme-light"));
                    ui.selectable_value(&mut fig.dark, true, crate::tr!(lang, "theme-dark"));
                });
                ui.end_row();
                ui.label(crate::tr!(lang, "export-language"));
                ui.horizontal(|ui| {
                    for l in crate::i18n::Lang::ALL {
                        ui.selectable_value(&mut fig.lang, l, l.native_name());
                    }
                });
                ui.end_row();
            });
        let [w, h] = fig.pixels();
        match fig.validate() {
            Ok(()) => ui.label(
                RichText::new(crate::tr!(
                    lang,
                    "export-pixels",
                    width = w as usize,
                    height = h as usize
                ))
                .weak(),
            ),
            Err(e) => ui.colored_label(ui.visuals().error_fg_color, e),
        };
    }
}

impl ExportPanel {
    fn actions(&mut self, ui: &mut Ui, input: &mut ExportInput<'_>, fail: &FailPoints) {
        ui.horizontal(|ui| {
            let lang = self.lang;
            let label = ui.label(crate::tr!(lang, "export-file"));
            ui.add(
                egui::TextEdit::singleline(&mut self.path)
                    .hint_text(crate::tr!(lang, "export-file-hint"))
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
            if ui
                .add_enabled(
                    self.dialog.is_none(),
                    egui::Button::new(crate::tr!(lang, "choose")),
                )
                .clicked()
            {
                let (tx, rx) = channel();
                let ctx = ui.ctx().clone();
                let start = self.target(ExportKind::Png);
                std::thread::spawn(move || {
                    let mut dialog = rfd::FileDialog::new().set_file_name(
                        start
                            .file_name()
                            .map_or("citydash.png".into(), |n| n.to_string_lossy().into_owned()),
                    );
                    if let Some(dir) = start.parent() {
                        dialog = dialog.set_directory(dir);
                    }
                    let _ = tx.send(dialog.save_file());
                    ctx.request_repaint();
                });
                self.dialog = Some(rx);
            }
        });
        let ctx = ui.ctx().clone();
        let wake = move || ctx.request_repaint();
        let is_chart = input.query.view.is_figure();
        let size_ok = input.figure.validate().is_ok();
        let busy = self.job.is_some();
        ui.horizontal(|ui| {
            let png = ui
                .add_enabled(
                    is_chart && size_ok && !busy,
                    egui::Button::new(crate::tr!(self.lang, "export-png")),
                )
                .on_disabled_hover_text(crate::tr!(self.lang, "export-png-disabled"));
            if png.clicked() {
                self.start(ExportKind::Png, input, false, fail, wake.clone());
            }
            let svg = ui
                .add_enabled(
                    is_chart && size_ok && !busy,
                    egui::Button::new(crate::tr!(self.lang, "export-svg")),
                )
                .on_hover_text(crate::tr!(self.lang, "export-svg-hover"))
                .on_disabled_hover_text(crate::tr!(self.lang, "export-png-disabled"));
            if svg.clicked() {
                self.start(ExportKind::Svg, input, false, fail, wake.clone());
            }
            let copy = egui::Button::new(crate::tr!(self.lang, "copy-image"));
            let copy = ui.add_enabled(is_chart && size_ok, copy);
            self.copy_requested |= copy.on_hover_text("Ctrl+Shift+C").clicked();
            if ui
                .add_enabled(
                    !busy && input.query.view != View::Sources,
                    egui::Button::new(crate::tr!(self.lang, "export-csv")),
                )
                .clicked()
            {
                self.start(ExportKind::Csv, input, false, fail, wake.clone());
            }
            if ui
                .add_enabled(
                    !busy,
                    egui::Button::new(crate::tr!(self.lang, "export-spec")),
                )
                .clicked()
            {
                self.start(ExportKind::Spec, input, false, fail, wake.clone());
            }
        });
        self.progress(ui, input, fail);
    }

    /// The replace question, the running export with Cancel, and the last outcome.
    fn progress(&mut self, ui: &mut Ui, input: &mut ExportInput<'_>, fail: &FailPoints) {
        let ctx = ui.ctx().clone();
        let wake = move || ctx.request_repaint();
        if let Some(kind) = self.confirm {
            ui.horizontal(|ui| {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("{} exists.", self.target(kind).display()),
                );
                if ui.button(crate::tr!(self.lang, "replace")).clicked() {
                    self.start(kind, input, true, fail, wake.clone());
                }
                if ui.button(crate::tr!(self.lang, "keep-it")).clicked() {
                    self.confirm = None;
                }
            });
        }
        if let Some(job) = &self.job {
            let mut cancel = false;
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(crate::tr!(
                    self.lang,
                    "writing",
                    path = job.path.display().to_string(),
                    seconds = format!("{:.1}", job.task.started.elapsed().as_secs_f32())
                ));
                cancel = ui.button(crate::tr!(self.lang, "cancel")).clicked();
            });
            if cancel {
                self.cancel();
            }
        }
        match &self.outcome {
            Some(Ok(msg)) => {
                ui.label(RichText::new(msg).color(crate::chart::theme::MEETS));
            }
            Some(Err(msg)) => {
                ui.colored_label(ui.visuals().error_fg_color, msg);
            }
            None => {}
        }
    }

    /// "Open chart spec": a path field; returns the spec read.
    fn open_spec(&mut self, ui: &mut Ui) -> Option<ChartSpec> {
        let mut loaded = None;
        ui.horizontal(|ui| {
            let label = ui.label(crate::tr!(self.lang, "open-spec-label"));
            ui.add(
                egui::TextEdit::singleline(&mut self.spec_path)
                    .hint_text("path/to/chart.json")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
            if ui.button(crate::tr!(self.lang, "open-spec")).clicked() {
                match read_spec(Path::new(self.spec_path.trim())) {
                    Ok(spec) => {
                        self.outcome = Some(Ok(crate::tr!(
                            self.lang,
                            "opened-spec",
                            path = self.spec_path.trim()
                        )));
                        loaded = Some(spec);
                    }
                    Err(e) => self.outcome = Some(Err(e)),
                }
            }
        });
        loaded
    }
}

/// Reads a chart spec file.
pub fn read_spec(path: &Path) -> Result<ChartSpec, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| format!("{}: not a citydash chart spec: {e}", path.display()))
}

/// Everything an export needs, moved onto its worker.
struct Job {
    kind: ExportKind,
    spec: ChartSpec,
    prepared: Option<Arc<PreparedChart>>,
    data: Option<ChartData>,
    names: Vec<String>,
    inputs: Vec<PathBuf>,
    out: PathBuf,
    /// The language of the messages (the figure's own is in its options).
    lang: crate::i18n::Lang,
}

impl Job {
    fn run(
        self,
        cancel: &AtomicBool,
        renderer: &Mutex<Option<FigureRenderer>>,
    ) -> Result<String, String> {
        let err = |e: &dyn std::fmt::Display| e.to_string();
        let inputs: Vec<&Path> = self.inputs.iter().map(PathBuf::as_path).collect();
        let out = &self.out;
        if self.kind == ExportKind::Spec {
            write_atomic(out, &inputs, true, |w| {
                serde_json::to_writer_pretty(&mut *w, &self.spec).map_err(|e| {
                    crate::data::write::WriteError::Encode {
                        what: "chart spec",
                        message: e.to_string(),
                    }
                })
            })
            .map_err(|e| err(&e))?;
            return Ok(crate::tr!(
                self.lang,
                "saved-spec",
                path = out.display().to_string()
            ));
        }
        // The chart on screen when it is ready; else prepared here, the same way.
        let chart = match (self.prepared, &self.data) {
            (Some(c), _) => c,
            (None, Some(d)) => Arc::new(d.prepare(&self.spec.query, cancel).map_err(|e| err(&e))?),
            (None, None) => return Err(crate::tr!(self.lang, "no-data-open-short")),
        };
        if self.kind == ExportKind::Csv {
            let rows = export::write_chart_csv(&chart, &self.names, out, &inputs, true)
                .map_err(|e| err(&e))?;
            return Ok(crate::tr!(
                self.lang,
                "wrote-csv",
                path = out.display().to_string(),
                count = rows
            ));
        }
        if self.kind == ExportKind::Svg {
            let fallback = self.names.join(", ");
            let size = export::write_svg(&chart, &fallback, &self.spec.figure, out, &inputs, true)
                .map_err(|e| err(&e))?;
            return Ok(crate::tr!(
                self.lang,
                "wrote-svg",
                path = out.display().to_string(),
                width = size[0] as usize,
                height = size[1] as usize
            ));
        }
        let mut guard = renderer
            .lock()
            .map_err(|_| "the renderer failed earlier".to_string())?;
        if guard.is_none() {
            *guard = Some(FigureRenderer::new(RendererKind::Cpu).map_err(|e| err(&e))?);
        }
        let r = guard.as_mut().ok_or("no renderer")?;
        let fallback = self.names.join(", ");
        let target = export::PngTarget {
            path: out,
            inputs: &inputs,
            force: true,
            cancel: Some(cancel),
        };
        let size = match export::write_figure(r, &chart, &fallback, &self.spec.figure, &target) {
            Err(export::ExportError::Cancelled) => {
                return Err(crate::tr!(self.lang, "export-cancelled"));
            }
            other => other.map_err(|e| err(&e))?,
        };
        Ok(crate::tr!(
            self.lang,
            "wrote-png",
            path = out.display().to_string(),
            width = size[0] as usize,
            height = size[1] as usize
        ))
    }
}
