//! Copying the current figure to the clipboard as an image, ready to paste into Word or
//! PowerPoint (Ctrl+Shift+C, or Copy image in the Export window). The figure renders on a
//! worker at the export size; the window then hands it to egui, whose platform layer
//! (egui-winit) puts it on the system clipboard through `arboard`.

use std::sync::Arc;

use egui::ColorImage;

use super::worker::{FailPoints, Poll, Task, WorkKind};
use crate::chart::{ChartQuery, FigureOptions, PreparedChart};
use crate::export::{self, FigureRenderer, RendererKind};

/// A copy of the figure in progress, and the last outcome.
#[derive(Default)]
pub struct CopyFigure {
    task: Option<Task<Result<ColorImage, String>>>,
    /// The size of the last image copied, or why copying failed.
    pub outcome: Option<Result<[usize; 2], String>>,
}

/// What the copy needs from the window.
pub struct CopyInput {
    pub prepared: Option<Arc<PreparedChart>>,
    pub data: Option<crate::chart::ChartData>,
    pub query: ChartQuery,
    pub figure: FigureOptions,
    /// The open files' names, for the footer when the rows name no source.
    pub names: Vec<String>,
}

/// Renders the figure of `input` as an image (on the CPU, as PNG exports are).
pub fn render(input: CopyInput) -> Result<ColorImage, String> {
    let chart = match (input.prepared, &input.data) {
        (Some(c), _) => c,
        (None, Some(d)) => {
            let never = std::sync::atomic::AtomicBool::new(false);
            Arc::new(d.prepare(&input.query, &never).map_err(|e| e.to_string())?)
        }
        (None, None) => return Err("no data is open".into()),
    };
    let mut renderer = FigureRenderer::new(RendererKind::Cpu).map_err(|e| e.to_string())?;
    let fallback = input.names.join(", ");
    let img = export::render_figure(&mut renderer, &chart, &fallback, &input.figure)
        .map_err(|e| e.to_string())?;
    let size = [img.width() as usize, img.height() as usize];
    // Figures are opaque: premultiplied and straight alpha are the same.
    Ok(ColorImage::from_rgba_unmultiplied(size, img.as_raw()))
}

impl CopyFigure {
    /// True while the figure renders.
    pub fn is_running(&self) -> bool {
        self.task.is_some()
    }

    /// Starts rendering the figure; a copy already running is replaced.
    pub fn start(&mut self, input: CopyInput, fail: &FailPoints, ctx: &egui::Context) {
        if !input.query.view.is_figure() {
            self.outcome = Some(Err("the table and sources views are not charts".into()));
            return;
        }
        let wake = ctx.clone();
        self.outcome = None;
        self.task = Some(Task::spawn(
            WorkKind::Export,
            "clipboard",
            fail,
            move || wake.request_repaint(),
            move || render(input),
        ));
    }

    /// Hands a finished image to the clipboard; returns the outcome when one arrives.
    pub fn poll(&mut self, ctx: &egui::Context) -> Option<Result<[usize; 2], String>> {
        let task = self.task.as_ref()?;
        let Poll::Done(result) = task.poll() else {
            return None;
        };
        self.task = None;
        let outcome = match result.and_then(|r| r) {
            Ok(image) => {
                let size = image.size;
                ctx.copy_image(image);
                Ok(size)
            }
            Err(e) => Err(e),
        };
        self.outcome = Some(outcome.clone());
        Some(outcome)
    }

    /// Waits (tests) until the running copy has finished.
    pub fn wait(&mut self, ctx: &egui::Context) {
        while self.task.is_some() {
            self.poll(ctx);
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

impl super::CityDashApp {
    /// Starts copying the current figure to the clipboard (rendered on a worker).
    pub fn copy_figure(&mut self, ctx: &egui::Context) {
        let input = CopyInput {
            prepared: self.views.ready(&self.state.query, self.workspace.version),
            data: self.chart_data(),
            query: self.state.query.clone(),
            figure: self.state.figure,
            names: self.data_names(),
        };
        self.copy.start(input, &self.fail, ctx);
    }

    /// Reports a finished copy to the clipboard.
    pub(super) fn poll_copy(&mut self, ctx: &egui::Context) {
        let lang = self.state.lang;
        match self.copy.poll(ctx) {
            Some(Ok([w, h])) => {
                self.notices
                    .info(crate::tr!(lang, "copied-image", width = w, height = h))
            }
            Some(Err(e)) => self
                .notices
                .error(crate::tr!(lang, "copy-failed", error = e)),
            None => {}
        }
        if self.copy.is_running() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
    }
}
