//! The table view: the observations behind the chart, filtered and sorted on a worker thread
//! (the previous order stays on screen meanwhile), drawn a screenful of rows at a time.

use std::sync::Arc;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::worker::{FailPoints, Poll, Task, WorkKind};
use crate::chart::PreparedChart;
use crate::chart::table::{RowOrder, TableData};

/// Which table an order belongs to: the prepared chart's address (a new chart is a new
/// table) and the filter and sort.
type OrderKey = (usize, RowOrder);

/// The table's filter, sort and row order.
#[derive(Default)]
pub struct TableView {
    /// The filter and sort the user set.
    pub order: RowOrder,
    ready: Option<(OrderKey, Arc<Vec<u32>>)>,
    job: Option<(OrderKey, Task<Vec<u32>>)>,
    /// Column widths fitted to the content of a table (by its chart's address).
    widths: Option<(usize, Vec<f32>)>,
}

fn address(chart: &Arc<PreparedChart>) -> usize {
    Arc::as_ptr(chart) as usize
}

impl TableView {
    /// True while a worker orders the rows.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// The row order for the current filter and sort, and whether it is stale.
    fn rows(
        &mut self,
        chart: &Arc<PreparedChart>,
        fail: &FailPoints,
        ctx: &egui::Context,
    ) -> Option<(Arc<Vec<u32>>, bool)> {
        let key = (address(chart), self.order.clone());
        if let Some((_, task)) = &self.job
            && let Poll::Done(result) = task.poll()
        {
            let (done, _) = self.job.take().expect("a job was running");
            // A failed sort keeps the rows in their loaded order.
            let rows = result.unwrap_or_else(|_| (0..table_rows(chart) as u32).collect());
            self.ready = Some((done, Arc::new(rows)));
        }
        let is_ready = matches!(&self.ready, Some((k, _)) if *k == key);
        if !is_ready && self.job.is_none() {
            let (chart, order, waker) = (chart.clone(), self.order.clone(), ctx.clone());
            let task = Task::spawn(
                WorkKind::TableOrder,
                "the table",
                fail,
                move || waker.request_repaint(),
                move || match &chart.body {
                    crate::chart::Body::Table(t) => t.order(&order),
                    _ => Vec::new(),
                },
            );
            self.job = Some((key.clone(), task));
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        // Rows of another table are no use: show none until this one's are ready.
        match &self.ready {
            Some(((a, _), rows)) if *a == key.0 => Some((rows.clone(), self.ready_key() != key)),
            _ => None,
        }
    }

    fn ready_key(&self) -> OrderKey {
        self.ready
            .as_ref()
            .map(|(k, _)| k.clone())
            .unwrap_or_default()
    }

    fn widths(&mut self, ui: &Ui, chart: &Arc<PreparedChart>, data: &TableData) -> Vec<f32> {
        match &self.widths {
            Some((a, w)) if *a == address(chart) => w.clone(),
            _ => {
                let font = egui::TextStyle::Body.resolve(ui.style());
                let w: Vec<f32> = (0..data.headers().len())
                    .map(|c| {
                        let text = data.widest(c);
                        let widest = ui.fonts_mut(|f| {
                            f.layout_no_wrap(text, font.clone(), egui::Color32::WHITE)
                                .size()
                                .x
                        });
                        (widest + 16.0).clamp(60.0, 360.0)
                    })
                    .collect();
                self.widths = Some((address(chart), w.clone()));
                w
            }
        }
    }

    /// Draws the table of a prepared chart.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        chart: &Arc<PreparedChart>,
        data: &TableData,
        fail: &FailPoints,
    ) {
        ui.horizontal(|ui| {
            let lang = crate::chart::draw::lang(ui);
            ui.label(
                RichText::new(chart.title.localize(lang))
                    .size(20.0)
                    .strong(),
            );
            ui.label(RichText::new(chart.subtitle.localize(lang)).weak());
        });
        ui.horizontal(|ui| {
            let lang = crate::chart::draw::lang(ui);
            let label = ui.label(crate::tr!(lang, "filter-label"));
            ui.add(
                egui::TextEdit::singleline(&mut self.order.filter)
                    .hint_text(crate::tr!(lang, "filter-hint"))
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
        });
        let ctx = ui.ctx().clone();
        let Some((rows, stale)) = self.rows(chart, fail, &ctx) else {
            ui.spinner();
            return;
        };
        ui.horizontal(|ui| {
            let lang = crate::chart::draw::lang(ui);
            let text = crate::tr!(lang, "n-of-rows", shown = rows.len(), count = data.rows);
            ui.label(RichText::new(text).weak());
            if stale {
                ui.spinner();
            }
        });
        let widths = self.widths(ui, chart, data);
        self.grid(ui, data, &rows, &widths);
    }

    fn grid(&mut self, ui: &mut Ui, data: &TableData, rows: &[u32], widths: &[f32]) {
        let sort = &mut self.order.sort;
        let mut builder = TableBuilder::new(ui).striped(true).resizable(true);
        for (i, w) in widths.iter().enumerate() {
            builder = builder.column(match i + 1 == widths.len() {
                true => Column::remainder().at_least(*w),
                false => Column::initial(*w).at_least(50.0),
            });
        }
        builder
            .header(22.0, |mut header| {
                for (i, h) in data.headers().iter().enumerate() {
                    header.col(|ui| {
                        let arrow = match sort {
                            Some((c, true)) if *c == i => " ^",
                            Some((c, false)) if *c == i => " v",
                            _ => "",
                        };
                        let name =
                            crate::i18n::tr(crate::chart::draw::lang(ui), &format!("column-{h}"));
                        if ui.button(format!("{name}{arrow}")).clicked() {
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
                    for c in 0..data.headers().len() {
                        row.col(|ui| {
                            ui.label(data.cell(c, i));
                        });
                    }
                });
            });
    }
}

fn table_rows(chart: &PreparedChart) -> usize {
    match &chart.body {
        crate::chart::Body::Table(t) => t.rows,
        _ => 0,
    }
}
