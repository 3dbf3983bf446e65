//! The top bar (File menu, path field, views, theme), the status bar (loads with progress,
//! counts, warnings, the last notice) and the keyboard shortcuts.

use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};

use super::CityDashApp;
use super::jobs::LoadJob;
use crate::chart::{Body, View};
use crate::data::open::OpenProgress;
use crate::data::remote::Cache;
use crate::i18n::Lang;
use crate::tr;

const SHORTCUT_OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SHORTCUT_FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const SHORTCUT_EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
const SHORTCUT_QUIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
/// Copies the figure as an image (Ctrl+C alone copies selected text).
pub const SHORTCUT_COPY_FIGURE: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::C);
const VIEW_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// A view's name in a language.
pub fn view_label(view: View, lang: Lang) -> String {
    crate::i18n::tr(
        lang,
        match view {
            View::OverTime => "view-over-time",
            View::Ranking => "view-ranking",
            View::Compare => "view-compare",
            View::Multiples => "view-multiples",
            View::Scatter => "view-scatter",
            View::Scorecard => "view-scorecard",
            View::Map => "view-map",
            View::Table => "view-table",
            View::Sources => "view-sources",
        },
    )
}

pub fn shortcuts(app: &mut CityDashApp, ctx: &egui::Context) {
    if ctx.input_mut(|i| i.consume_shortcut(&SHORTCUT_OPEN)) {
        app.open_dialog(ctx);
    }
    if ctx.input_mut(|i| i.consume_shortcut(&SHORTCUT_FIND)) {
        app.focus_search = true;
    }
    if ctx.input_mut(|i| i.consume_shortcut(&SHORTCUT_EXPORT)) {
        app.export.open = !app.export.open;
    }
    if ctx.input_mut(|i| i.consume_shortcut(&SHORTCUT_COPY_FIGURE)) {
        app.copy_figure(ctx);
    }
    if ctx.input_mut(|i| i.consume_shortcut(&SHORTCUT_QUIT)) {
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
    for (view, key) in View::ALL.iter().zip(VIEW_KEYS) {
        let shortcut = KeyboardShortcut::new(Modifiers::COMMAND, key);
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
            app.set_view(*view);
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
        app.open_typed(&p, ctx);
    }
}

fn clear_download_cache(app: &mut CityDashApp) {
    let lang = app.state.lang;
    let datasets =
        crate::data::dataset_cache::DatasetCache::default_location().map_or(Ok(0), |d| d.clear());
    match Cache::default_location() {
        Some(c) => match c.clear().and_then(|n| Ok(n + datasets?)) {
            Ok(n) => app.notices.info(tr!(lang, "cache-cleared", count = n)),
            Err(e) => app.notices.error(tr!(
                lang,
                "cache-clear-failed",
                dir = c.dir.display().to_string(),
                error = e.to_string()
            )),
        },
        None => app.notices.error(tr!(lang, "no-cache-dir")),
    }
}

fn file_menu(app: &mut CityDashApp, ui: &mut Ui) {
    let lang = app.state.lang;
    let ctx = ui.ctx().clone();
    let open = egui::Button::new(tr!(lang, "menu-open"))
        .shortcut_text(ctx.format_shortcut(&SHORTCUT_OPEN));
    if ui.add(open).clicked() {
        app.open_dialog(&ctx);
        ui.close();
    }
    ui.menu_button(tr!(lang, "menu-open-recent"), |ui| {
        if app.state.recent.is_empty() {
            ui.label(tr!(lang, "no-recent-files"));
        }
        for p in app.state.recent.clone() {
            if ui.button(&p).clicked() {
                app.open(crate::data::open::Origin::from_text(&p), &ctx);
                ui.close();
            }
        }
    });
    if ui.button(tr!(lang, "menu-open-url")).clicked() {
        app.focus_path = true;
        ui.close();
    }
    if ui.button(tr!(lang, "menu-connect-db")).clicked() {
        app.db_panel.open = true;
        ui.close();
    }
    if ui.button(tr!(lang, "menu-world-bank")).clicked() {
        app.world_bank.open = true;
        ui.close();
    }
    if ui.button(tr!(lang, "menu-open-samples")).clicked() {
        app.open_samples(&ctx);
        ui.close();
    }
    ui.menu_button(tr!(lang, "menu-close"), |ui| {
        if app.workspace.datasets.is_empty() {
            ui.label(tr!(lang, "no-data-open-short"));
        }
        let names: Vec<String> = app
            .workspace
            .datasets
            .iter()
            .map(|d| d.name.clone())
            .collect();
        for n in names {
            if ui.button(&n).clicked() {
                app.close(&n);
                ui.close();
            }
        }
        if ui.button(tr!(lang, "menu-close-all")).clicked() {
            app.close_all();
            ui.close();
        }
    });
    if ui.button(tr!(lang, "menu-clear-cache")).clicked() {
        clear_download_cache(app);
        ui.close();
    }
    ui.separator();
    let export = egui::Button::new(tr!(lang, "menu-export"))
        .shortcut_text(ctx.format_shortcut(&SHORTCUT_EXPORT));
    if ui.add(export).clicked() {
        app.export.open = true;
        ui.close();
    }
    ui.separator();
    let quit = egui::Button::new(tr!(lang, "menu-quit"))
        .shortcut_text(ctx.format_shortcut(&SHORTCUT_QUIT));
    if ui.add(quit).clicked() {
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
    }
}

fn path_field(app: &mut CityDashApp, ui: &mut Ui) {
    let lang = app.state.lang;
    ui.label(tr!(lang, "path-label"));
    let field = ui.add(
        egui::TextEdit::singleline(&mut app.path_input)
            .id_salt("path_field")
            .hint_text(tr!(lang, "path-hint"))
            .desired_width(320.0),
    );
    if std::mem::take(&mut app.focus_path) {
        field.request_focus();
    }
    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    if (ui.button(tr!(lang, "open-button")).clicked() || enter) && !app.path_input.trim().is_empty()
    {
        let text = std::mem::take(&mut app.path_input);
        app.open_typed(&text, &ui.ctx().clone());
    }
}

pub fn top_bar(app: &mut CityDashApp, ui: &mut Ui) {
    let lang = app.state.lang;
    ui.horizontal_wrapped(|ui| {
        ui.menu_button(tr!(lang, "menu-file"), |ui| file_menu(app, ui));
        path_field(app, ui);
        ui.separator();
        for (i, view) in View::ALL.iter().enumerate() {
            let selected = app.state.query.view == *view;
            let tab = ui.selectable_label(selected, view_label(*view, lang));
            if tab.on_hover_text(format!("Ctrl+{}", i + 1)).clicked() {
                app.set_view(*view);
            }
        }
        ui.separator();
        let mut dark = app.state.dark;
        if ui
            .toggle_value(&mut dark, tr!(lang, "dark-theme"))
            .changed()
        {
            app.state.dark = dark;
            ui.ctx().set_theme(if dark {
                egui::Theme::Dark
            } else {
                egui::Theme::Light
            });
        }
        if ui.button(tr!(lang, "reset-view")).clicked() {
            app.reset_view();
        }
        ui.menu_button(lang.native_name(), |ui| {
            for l in Lang::ALL {
                if ui.selectable_label(l == lang, l.native_name()).clicked() {
                    app.set_lang(l);
                    ui.close();
                }
            }
        })
        .response
        .on_hover_text(tr!(lang, "language-hover"));
        ui.separator();
        let export = ui.selectable_label(app.export.open, tr!(lang, "export-button"));
        if export.on_hover_text(tr!(lang, "export-hover")).clicked() {
            app.export.open = !app.export.open;
        }
    });
}

/// How many of the selected cities the current chart draws, when it is ready.
fn drawn_cities(app: &CityDashApp) -> Option<usize> {
    let chart = app.views.ready(&app.state.query, app.workspace.version)?;
    Some(match &chart.body {
        Body::OverTime(c) => c.series.len(),
        Body::Ranking(c) => c.bars.len(),
        Body::Compare(c) => c.cities.len(),
        Body::Scatter(c) => c.points.len(),
        Body::Scorecard(c) => c.rows.len(),
        Body::Map(c) => c.places.len(),
        Body::Multiples(_) | Body::Table(_) | Body::Message(_) => return None,
    })
}

pub fn status_bar(app: &mut CityDashApp, ui: &mut Ui) {
    let lang = app.state.lang;
    ui.horizontal_wrapped(|ui| {
        for job in &app.jobs {
            job_progress(ui, job, lang);
        }
        if !app.jobs.is_empty() && ui.button(tr!(lang, "cancel")).clicked() {
            for j in &app.jobs {
                j.cancel();
            }
            app.jobs.clear();
            app.notices.info(tr!(lang, "loading-cancelled"));
        }
        if app.workspace.is_combining() {
            ui.spinner();
            ui.label(tr!(lang, "combining"));
        }
        counts(app, ui);
        let errors = app.notices.errors();
        let label = match errors {
            0 => tr!(lang, "notices-button", count = app.notices.list.len()),
            n => tr!(
                lang,
                "notices-button-errors",
                count = app.notices.list.len(),
                errors = n
            ),
        };
        if ui.selectable_label(app.notices.open, label).clicked() {
            app.notices.open = !app.notices.open;
        }
    });
}

fn counts(app: &mut CityDashApp, ui: &mut Ui) {
    let lang = app.state.lang;
    let ws = &app.workspace;
    let selected = app.state.query.cities.len();
    let cities = match drawn_cities(app) {
        Some(drawn) => tr!(lang, "cities-drawn", drawn = drawn, count = selected),
        None => tr!(lang, "cities-selected", count = selected),
    };
    ui.label(tr!(
        lang,
        "status-counts",
        datasets = ws.datasets.len(),
        observations = ws.total_observations(),
        cities = cities,
        places = ws.combined.place_count()
    ));
    let warnings = ws.warnings();
    if warnings > 0 {
        let text = tr!(lang, "warnings-badge", count = warnings);
        let badge = RichText::new(text).color(ui.visuals().warn_fg_color);
        if ui
            .link(badge)
            .on_hover_text(tr!(lang, "warnings-hover"))
            .clicked()
        {
            app.set_view(View::Sources);
        }
    }
}

/// One running job in the status bar: a spinner, or a progress bar with bytes and rate.
fn job_progress(ui: &mut Ui, job: &LoadJob, lang: Lang) {
    let secs = job.seconds();
    let name = job.origin.name();
    match job.progress() {
        OpenProgress::Bytes(p) if p.received > 0 || p.total.is_some() => {
            let rate = human_bytes(p.received as f32 / secs.max(0.001));
            let received = human_bytes(p.received as f32);
            match p.total.filter(|&t| t > 0) {
                Some(t) => {
                    let bar = egui::ProgressBar::new(p.received as f32 / t as f32);
                    ui.add(bar.desired_width(140.0).show_percentage());
                    let total = human_bytes(t as f32);
                    ui.label(tr!(
                        lang,
                        "downloading-of",
                        name = name.clone(),
                        received = received.clone(),
                        total = total,
                        rate = rate.clone()
                    ));
                }
                None => {
                    ui.spinner();
                    ui.label(tr!(
                        lang,
                        "downloading",
                        name = name.clone(),
                        received = received.clone(),
                        rate = rate.clone()
                    ));
                }
            }
        }
        OpenProgress::Pages { done, total } => {
            let bar = egui::ProgressBar::new(done as f32 / total.max(1) as f32);
            ui.add(
                bar.desired_width(140.0)
                    .text(format!("{done}/{total} pages")),
            );
            ui.label(tr!(
                lang,
                "fetching",
                name = name.clone(),
                seconds = format!("{secs:.1}")
            ));
        }
        _ if job.parsing().1 > 0 => {
            let (read, total, rows) = job.parsing();
            let bar = egui::ProgressBar::new(read as f32 / total as f32);
            ui.add(bar.desired_width(140.0).show_percentage());
            ui.label(tr!(
                lang,
                "reading-of",
                name = name.clone(),
                read = human_bytes(read as f32),
                total = human_bytes(total as f32),
                rows = crate::i18n::format_number(lang, rows as f64)
            ));
            // The parse does not wake the window: look again soon.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        _ => {
            ui.spinner();
            let id = match job.origin {
                crate::data::open::Origin::Url(_) => "connecting",
                _ => "loading-file",
            };
            let seconds = format!("{secs:.1}");
            ui.label(crate::i18n::tr_args(
                lang,
                id,
                &[("name", name.into()), ("seconds", seconds.into())],
            ));
        }
    }
}

/// "1.5 MB", "820 kB", "12 B".
pub fn human_bytes(n: f32) -> String {
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
