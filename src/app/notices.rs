//! Notices: every message the window gives (files opened, errors, cancellations) kept as a
//! list. New ones show as toasts that fade; the Notices window holds the whole history.

use std::time::{Duration, Instant};

use egui::{Align2, RichText, Ui};

use crate::data::workspace::OpenDataset;
use crate::i18n::Lang;

/// How serious a notice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// An action a notice offers.
#[derive(Debug, Clone, PartialEq)]
pub enum NoticeAction {
    /// Open the Map columns dialog for a file that could not be read as it is.
    MapColumns { file: String },
}

/// One message.
#[derive(Debug, Clone)]
pub struct Notice {
    pub text: String,
    pub level: Level,
    pub at: Instant,
    pub action: Option<NoticeAction>,
}

/// How long a toast stays, and how long it takes to fade.
const TOAST_TIME: Duration = Duration::from_secs(6);
const FADE_TIME: Duration = Duration::from_secs(1);
/// At most this many toasts at once.
const MAX_TOASTS: usize = 4;

/// Every notice of this session.
#[derive(Debug, Default)]
pub struct Notices {
    pub list: Vec<Notice>,
    /// The Notices window is open.
    pub open: bool,
}

impl Notices {
    /// Adds a notice.
    pub fn push(&mut self, level: Level, text: impl Into<String>) {
        self.push_with(level, text, None);
    }

    /// Adds a notice offering an action.
    pub fn push_with(
        &mut self,
        level: Level,
        text: impl Into<String>,
        action: Option<NoticeAction>,
    ) {
        self.list.push(Notice {
            text: text.into(),
            level,
            at: Instant::now(),
            action,
        });
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.push(Level::Info, text);
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.push(Level::Error, text);
    }

    /// The newest notice.
    pub fn last(&self) -> Option<&Notice> {
        self.list.last()
    }

    /// Errors in the history.
    pub fn errors(&self) -> usize {
        self.list.iter().filter(|n| n.level == Level::Error).count()
    }

    /// Forgets every notice.
    pub fn clear(&mut self) {
        self.list.clear();
    }

    /// Draws the fading toasts of recent notices in the bottom-right corner, and the
    /// Notices window when open. Returns the action the user chose.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<NoticeAction> {
        let mut chosen = None;
        let lang = ctx
            .data(|d| d.get_temp::<crate::i18n::Lang>(egui::Id::NULL))
            .unwrap_or_default();
        let now = Instant::now();
        let recent: Vec<&Notice> = self
            .list
            .iter()
            .rev()
            .filter(|n| now.duration_since(n.at) < TOAST_TIME)
            .take(MAX_TOASTS)
            .collect();
        if !recent.is_empty() {
            ctx.request_repaint_after(Duration::from_millis(100));
            egui::Area::new(egui::Id::unique("citydash toasts"))
                .anchor(Align2::RIGHT_BOTTOM, egui::vec2(-12.0, -40.0))
                .order(egui::Order::Foreground)
                .interactable(true)
                .show(ctx, |ui| {
                    for n in recent {
                        let left = TOAST_TIME.saturating_sub(now.duration_since(n.at));
                        let alpha = (left.as_secs_f32() / FADE_TIME.as_secs_f32()).min(1.0);
                        ui.set_opacity(alpha);
                        if let Some(a) = toast(ui, n) {
                            chosen = Some(a);
                        }
                    }
                });
        }
        if self.open {
            let mut open = true;
            egui::Window::new(crate::tr!(lang, "notices-title", count = self.list.len()))
                .open(&mut open)
                .default_width(520.0)
                .show(ctx, |ui| {
                    if let Some(a) = self.history(ui) {
                        chosen = Some(a);
                    }
                });
            self.open = open;
        }
        chosen
    }

    fn history(&mut self, ui: &mut Ui) -> Option<NoticeAction> {
        let mut chosen = None;
        let lang = crate::chart::draw::lang(ui);
        if ui.button(crate::tr!(lang, "clear")).clicked() {
            self.clear();
        }
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                for n in self.list.iter().rev() {
                    if let Some(a) = notice_line(ui, n) {
                        chosen = Some(a);
                    }
                }
                if self.list.is_empty() {
                    ui.label(RichText::new(crate::tr!(lang, "no-notices")).weak());
                }
            });
        chosen
    }
}

/// The colour of a notice's text.
pub fn level_color(ui: &Ui, level: Level) -> egui::Color32 {
    match level {
        Level::Info => ui.visuals().text_color(),
        Level::Warning => ui.visuals().warn_fg_color,
        Level::Error => ui.visuals().error_fg_color,
    }
}

fn action_button(ui: &mut Ui, n: &Notice) -> Option<NoticeAction> {
    match &n.action {
        Some(a @ NoticeAction::MapColumns { .. }) => {
            let lang = crate::chart::draw::lang(ui);
            ui.button(crate::tr!(lang, "map-columns-button"))
                .clicked()
                .then(|| a.clone())
        }
        None => None,
    }
}

fn notice_line(ui: &mut Ui, n: &Notice) -> Option<NoticeAction> {
    let mut chosen = None;
    ui.horizontal_wrapped(|ui| {
        let ago = n.at.elapsed().as_secs();
        let lang = crate::chart::draw::lang(ui);
        ui.label(
            RichText::new(crate::tr!(lang, "seconds-ago", count = ago as usize))
                .weak()
                .small(),
        );
        ui.label(RichText::new(&n.text).color(level_color(ui, n.level)));
        chosen = action_button(ui, n);
    });
    chosen
}

fn toast(ui: &mut Ui, n: &Notice) -> Option<NoticeAction> {
    let mut chosen = None;
    egui::Frame::popup(ui.style()).show(ui, |ui| {
        ui.set_max_width(420.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&n.text).color(level_color(ui, n.level)));
            chosen = action_button(ui, n);
        });
    });
    chosen
}

/// The notice of a dataset just opened: how many observations, its warnings, or for means
/// computed where the data lies (a database `server`, else a folder's scan) how many means
/// of how many readings.
pub fn opened(lang: Lang, opened: &OpenDataset, server: bool) -> (Level, String) {
    let count = opened.dataset.len();
    let name = opened.name.clone();
    match opened.report.warning_count() {
        0 if opened.dataset.aggregated.is_some() => (
            Level::Info,
            crate::tr!(
                lang,
                "opened-means",
                name = name,
                count = count,
                readings = opened.readings(),
                origin = if server { "server" } else { "folder" }
            ),
        ),
        0 => (
            Level::Info,
            crate::tr!(lang, "opened", name = name, count = count),
        ),
        w => (
            Level::Warning,
            crate::tr!(
                lang,
                "opened-warnings",
                name = name,
                count = count,
                warnings = w
            ),
        ),
    }
}
