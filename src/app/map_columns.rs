//! The Map columns dialog: the window's version of `--map ROLE=COLUMN` and `--sheet`, for a
//! file whose columns could not be decided or were decided wrong. The file's columns and
//! sheets are read on a worker; the file then opens again with the choices.

use egui::{RichText, Ui};

use super::jobs::MappingHint;
use super::worker::{FailPoints, Poll, Task, WorkKind};
use crate::data::{ColumnMapping, LoadOptions, Role};

/// The dialog's state.
#[derive(Default)]
pub struct MapColumnsDialog {
    pub open: bool,
    /// The file being mapped.
    pub file: String,
    /// The file's columns and sheets.
    pub hint: MappingHint,
    /// The column chosen for each role (`None`: let citydash decide).
    pub choice: Vec<(Role, Option<String>)>,
    pub sheet: Option<String>,
    reading: Option<Task<Result<MappingHint, String>>>,
    pub error: Option<String>,
}

impl MapColumnsDialog {
    /// Opens the dialog on a file whose columns and sheets are known (from a failed load).
    pub fn open_with(&mut self, file: &str, hint: MappingHint, detected: &[(Role, String)]) {
        self.file = file.to_string();
        self.hint = hint;
        self.choice = Role::ALL
            .iter()
            .map(|r| {
                let found = detected
                    .iter()
                    .find(|(d, _)| d == r)
                    .map(|(_, c)| c.clone());
                (*r, found)
            })
            .collect();
        self.sheet = None;
        self.error = None;
        self.reading = None;
        self.open = true;
    }

    /// Opens the dialog on a file, reading its columns and sheets on a worker.
    pub fn open_for(&mut self, file: &str, ctx: &egui::Context) {
        self.open_with(file, MappingHint::default(), &[]);
        self.read(ctx, &FailPoints::default());
    }

    /// Opens the dialog on an open dataset, with what the loader decided filled in.
    pub fn open_detected(&mut self, file: &str, detected: &[(Role, String)], ctx: &egui::Context) {
        self.open_with(file, MappingHint::default(), detected);
        self.read(ctx, &FailPoints::default());
    }

    fn read(&mut self, ctx: &egui::Context, fail: &FailPoints) {
        let (path, sheet, waker) = (self.file.clone(), self.sheet.clone(), ctx.clone());
        self.reading = Some(Task::spawn(
            WorkKind::Load,
            self.file.clone(),
            fail,
            move || waker.request_repaint(),
            move || {
                crate::data::inspect(std::path::Path::new(&path), sheet.as_deref())
                    .map(|(columns, sheets)| MappingHint { columns, sheets })
                    .map_err(|e| e.to_string())
            },
        ));
    }

    fn poll(&mut self) {
        let Some(task) = &self.reading else { return };
        if let Poll::Done(result) = task.poll() {
            self.reading = None;
            match result.and_then(|r| r) {
                Ok(hint) => {
                    // Keep the sheets known when a sheet's columns were read.
                    if hint.sheets.is_empty() {
                        self.hint.columns = hint.columns;
                    } else {
                        self.hint = hint;
                    }
                }
                Err(e) => self.error = Some(e),
            }
        }
    }

    /// The load options the choices describe.
    pub fn options(&self) -> LoadOptions {
        let pairs = self
            .choice
            .iter()
            .filter_map(|(r, c)| Some((*r, c.clone()?)))
            .collect();
        LoadOptions {
            mapping: ColumnMapping(pairs),
            sheet: self.sheet.clone(),
            ..Default::default()
        }
    }

    /// Draws the dialog. Returns the file and options to open it with when the user asks.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<(String, LoadOptions)> {
        self.poll();
        if !self.open {
            return None;
        }
        let mut open = self.open;
        let mut chosen = None;
        let lang = crate::chart::draw::lang_of(ctx);
        egui::Window::new(crate::tr!(lang, "map-columns-title"))
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| chosen = self.body(ui));
        self.open = open && chosen.is_none();
        chosen.map(|o| (self.file.clone(), o))
    }

    fn body(&mut self, ui: &mut Ui) -> Option<LoadOptions> {
        let lang = crate::chart::draw::lang(ui);
        ui.label(RichText::new(&self.file).strong());
        ui.label(crate::tr!(lang, "map-columns-help"));
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        if self.reading.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(crate::tr!(lang, "reading-columns"));
            });
        }
        if !self.hint.sheets.is_empty() && self.sheet_picker(ui) {
            let ctx = ui.ctx().clone();
            self.read(&ctx, &FailPoints::default());
        }
        self.role_grid(ui);
        ui.separator();
        let ready = self.reading.is_none() && !self.hint.columns.is_empty();
        ui.add_enabled(
            ready,
            egui::Button::new(crate::tr!(lang, "open-with-columns")),
        )
        .clicked()
        .then(|| self.options())
    }

    /// The sheet choice; true when it changed.
    fn sheet_picker(&mut self, ui: &mut Ui) -> bool {
        let lang = crate::chart::draw::lang(ui);
        let detect = crate::tr!(lang, "detect");
        let before = self.sheet.clone();
        ui.horizontal(|ui| {
            let label = ui.label(crate::tr!(lang, "source-sheet"));
            egui::ComboBox::from_id_salt("map_sheet")
                .selected_text(self.sheet.clone().unwrap_or(detect.clone()))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.sheet, None, detect.clone());
                    for s in &self.hint.sheets {
                        ui.selectable_value(&mut self.sheet, Some(s.clone()), s);
                    }
                })
                .response
                .labelled_by(label.id);
        });
        before != self.sheet
    }

    fn role_grid(&mut self, ui: &mut Ui) {
        let lang = crate::chart::draw::lang(ui);
        let detect = crate::tr!(lang, "detect");
        let columns = self.hint.columns.clone();
        egui::Grid::new("map_roles").num_columns(2).show(ui, |ui| {
            for (role, choice) in &mut self.choice {
                let label = ui.label(super::labels::role(lang, *role));
                egui::ComboBox::from_id_salt(("map_role", role.name()))
                    .selected_text(choice.clone().unwrap_or(detect.clone()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(choice, None, detect.clone());
                        for c in &columns {
                            ui.selectable_value(choice, Some(c.clone()), c);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
            }
        });
    }
}
