//! Exports: a chart as a finished PNG figure (rendered off screen with the window's drawing
//! code), and the data behind a chart as tidy CSV. Files are written atomically.

pub mod cpu;
mod deflate;
pub mod png;
pub mod raster;
pub mod render;
pub mod svg;

use std::io::Write;
use std::path::Path;

use image::RgbaImage;

use crate::chart::draw::{self, Mode};
use crate::chart::{ChartQuery, FigureOptions, PreparedChart, View, theme};
use crate::data::write::{WriteError, write_atomic, write_tidy_csv};
pub use cpu::CpuRenderer;
pub use render::{OffscreenRenderer, RenderError};

/// Which renderer draws PNG figures: citydash's own on the CPU (the default: no graphics
/// device needed), or wgpu (a GPU, or Mesa's software Vulkan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RendererKind {
    #[default]
    Cpu,
    Wgpu,
}

impl RendererKind {
    /// Every kind.
    pub const ALL: [RendererKind; 2] = [RendererKind::Cpu, RendererKind::Wgpu];

    /// The kind's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            RendererKind::Cpu => "cpu",
            RendererKind::Wgpu => "wgpu",
        }
    }
}

/// A renderer of figures, of either kind.
pub enum FigureRenderer {
    Cpu(CpuRenderer),
    Wgpu(OffscreenRenderer),
}

impl FigureRenderer {
    /// Creates a renderer; the wgpu one starts a graphics device (hundreds of ms on a
    /// software rasteriser), the CPU one nothing.
    pub fn new(kind: RendererKind) -> Result<FigureRenderer, RenderError> {
        Ok(match kind {
            RendererKind::Cpu => FigureRenderer::Cpu(CpuRenderer::new()),
            RendererKind::Wgpu => FigureRenderer::Wgpu(OffscreenRenderer::new()?),
        })
    }

    /// The egui context frames are laid out in.
    pub fn context(&self) -> &egui::Context {
        match self {
            FigureRenderer::Cpu(r) => r.context(),
            FigureRenderer::Wgpu(r) => r.context(),
        }
    }

    /// Lays out and draws `draw` into an image of `size` pixels.
    pub fn render(
        &mut self,
        size: [u32; 2],
        pixels_per_point: f32,
        clear: egui::Color32,
        draw: &mut dyn FnMut(&mut egui::Ui),
    ) -> Result<RgbaImage, RenderError> {
        match self {
            FigureRenderer::Cpu(r) => r.render(size, pixels_per_point, clear, draw),
            FigureRenderer::Wgpu(r) => r.render(size, pixels_per_point, clear, draw),
        }
    }
}

/// Export failures.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("the {0} view is not a chart (export the table as CSV instead)")]
    NotAFigure(&'static str),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("figure size: {0}")]
    Size(String),
    #[error("{0}: unknown output type (use .png for the chart or .csv for its data)")]
    UnknownOutput(String),
    #[error("the export was cancelled")]
    Cancelled,
}

/// What an output path asks for, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    Png,
    /// A vector figure with real text.
    Svg,
    Csv,
}

impl OutputKind {
    /// Every kind.
    pub const ALL: [OutputKind; 3] = [OutputKind::Png, OutputKind::Svg, OutputKind::Csv];

    /// The file extension of the kind.
    pub fn extension(self) -> &'static str {
        match self {
            OutputKind::Png => "png",
            OutputKind::Svg => "svg",
            OutputKind::Csv => "csv",
        }
    }

    /// The kind an output path asks for, by its extension.
    pub fn of(path: &Path) -> Result<OutputKind, ExportError> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("png") => Ok(OutputKind::Png),
            Some("svg") => Ok(OutputKind::Svg),
            Some("csv") => Ok(OutputKind::Csv),
            _ => Err(ExportError::UnknownOutput(path.display().to_string())),
        }
    }
}

/// The light (reports) or dark look of a figure, with text sized for print.
pub fn figure_style(ctx: &egui::Context, dark: bool) {
    let mut visuals = if dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    if !dark {
        visuals.panel_fill = egui::Color32::WHITE;
        visuals.faint_bg_color = egui::Color32::from_gray(244);
    }
    // Plots sit on the figure's background, which the renderer clears to once.
    visuals.extreme_bg_color = egui::Color32::TRANSPARENT;
    // Glyphs at one position each: as sharp, and rasterised once instead of up to four times
    // (measured: 3 ms of a 45 ms export of a small figure).
    visuals.text_options.subpixel_binning = false;
    // Outlines as drawn, without TrueType hinting: figures are printed and scaled, and the
    // hinting program that re-runs at every text size took 2–3 ms of a small figure's export.
    visuals.text_options.font_hinting = false;
    ctx.set_visuals(visuals);
    ctx.global_style_mut(|style| {
        use egui::{FontFamily, FontId, TextStyle};
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(22.0, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(14.0, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(14.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(12.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(13.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.animation_time = 0.0;
    });
}

/// The figure's background colour.
pub fn background(dark: bool) -> egui::Color32 {
    if dark {
        egui::Visuals::dark().panel_fill
    } else {
        egui::Color32::WHITE
    }
}

/// Sets up the renderer's context for a figure of `chart` (fonts, language, theme) and
/// returns the image size in pixels and the pixels per point.
fn figure_setup(
    ctx: &egui::Context,
    chart: &PreparedChart,
    options: &FigureOptions,
) -> Result<([u32; 2], f32), ExportError> {
    options.validate().map_err(ExportError::Size)?;
    if !chart.is_figure() {
        return Err(ExportError::NotAFigure(chart.view().label()));
    }
    theme::install_fonts(ctx);
    draw::set_lang(ctx, options.lang);
    figure_style(ctx, options.dark);
    Ok((options.pixels(), options.layout_zoom() * options.scale))
}

/// Renders a prepared chart as a figure at the options' size, scale and theme;
/// `fallback_source` names the data when its rows carry no source.
pub fn render_figure(
    renderer: &mut FigureRenderer,
    chart: &PreparedChart,
    fallback_source: &str,
    options: &FigureOptions,
) -> Result<RgbaImage, ExportError> {
    let (size, ppp) = figure_setup(renderer.context(), chart, options)?;
    let mut draw_figure =
        |ui: &mut egui::Ui| draw::figure(ui, chart, fallback_source, Mode::Figure);
    Ok(renderer.render(size, ppp, background(options.dark), &mut draw_figure)?)
}

/// A prepared chart as an SVG document at the options' size and theme: the same shapes as
/// the PNG, as vectors, with real text (see [`svg`]).
pub fn svg_figure(
    chart: &PreparedChart,
    fallback_source: &str,
    options: &FigureOptions,
) -> Result<String, ExportError> {
    let ctx = egui::Context::default();
    let (size, ppp) = figure_setup(&ctx, chart, options)?;
    let mut draw_figure =
        |ui: &mut egui::Ui| draw::figure(ui, chart, fallback_source, Mode::Figure);
    let (shapes, mut textures) = render::run_passes(&ctx, size, ppp, 8192, &mut draw_figure, 3);
    // Glyphs are written as text: the font atlas is not needed.
    textures.clear();
    let points = egui::vec2(size[0] as f32, size[1] as f32) / ppp;
    Ok(svg::document(
        &shapes,
        points,
        size,
        background(options.dark),
    ))
}

/// Writes a prepared chart as an SVG file, atomically; returns its size in pixels.
pub fn write_svg(
    chart: &PreparedChart,
    fallback_source: &str,
    options: &FigureOptions,
    path: &Path,
    inputs: &[&Path],
    force: bool,
) -> Result<[u32; 2], ExportError> {
    let doc = svg_figure(chart, fallback_source, options)?;
    write_atomic(path, inputs, force, |w| {
        w.write_all(doc.as_bytes()).map_err(encode_error)
    })?;
    Ok(options.pixels())
}

/// Where a figure goes: the path, the files the user opened (never overwritten), whether an
/// existing file may be replaced, and a flag that cancels the export when set.
pub struct PngTarget<'a> {
    pub path: &'a Path,
    pub inputs: &'a [&'a Path],
    pub force: bool,
    pub cancel: Option<&'a std::sync::atomic::AtomicBool>,
}

/// Renders a prepared chart as a PNG file, atomically, and returns its size in pixels. The
/// CPU renderer draws the rows as the encoder asks for them: a large figure never exists
/// whole in memory. A cancelled export leaves nothing behind and fails with
/// [`ExportError::Cancelled`].
pub fn write_figure(
    renderer: &mut FigureRenderer,
    chart: &PreparedChart,
    fallback_source: &str,
    options: &FigureOptions,
    target: &PngTarget<'_>,
) -> Result<[u32; 2], ExportError> {
    let PngTarget {
        path,
        inputs,
        force,
        cancel,
    } = *target;
    let cancelled = || cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed));
    let (size, ppp) = figure_setup(renderer.context(), chart, options)?;
    let mut draw_figure =
        |ui: &mut egui::Ui| draw::figure(ui, chart, fallback_source, Mode::Figure);
    let clear = background(options.dark);
    match renderer {
        FigureRenderer::Cpu(cpu) => {
            let encode = |scene: &raster::Scene<'_>| {
                write_atomic(path, inputs, force, |w| {
                    let fill = |y0: usize, rows: &mut [u8]| {
                        if cancelled() {
                            return Err(std::io::Error::new(
                                std::io::ErrorKind::Interrupted,
                                "cancelled",
                            ));
                        }
                        scene.paint_rows(y0, rows);
                        Ok(())
                    };
                    // An opaque background stays opaque under premultiplied blending.
                    let opaque = clear.is_opaque();
                    png::encode_rows(size[0], size[1], cpu::threads(), opaque, w, &fill)
                        .map_err(encode_error)
                })
            };
            let written = cpu.render_with(size, ppp, clear, &mut draw_figure, encode)?;
            if cancelled() {
                return Err(ExportError::Cancelled);
            }
            written?;
        }
        FigureRenderer::Wgpu(gpu) => {
            let img = gpu.render(size, ppp, clear, &mut draw_figure)?;
            if cancelled() {
                return Err(ExportError::Cancelled);
            }
            write_png(&img, path, inputs, force)?;
        }
    }
    Ok(size)
}

/// A PNG encoding failure.
fn encode_error(e: std::io::Error) -> WriteError {
    WriteError::Encode {
        what: "PNG",
        message: e.to_string(),
    }
}

/// Encodes an image as PNG into `out`, on as many threads as the machine has cores.
pub fn encode_png(img: &RgbaImage, out: &mut impl Write) -> Result<(), WriteError> {
    png::encode(img.as_raw(), img.width(), img.height(), cpu::threads(), out).map_err(encode_error)
}

/// Writes an image as a PNG file, atomically.
pub fn write_png(
    img: &RgbaImage,
    path: &Path,
    inputs: &[&Path],
    force: bool,
) -> Result<(), ExportError> {
    write_atomic(path, inputs, force, |w| encode_png(img, w))?;
    Ok(())
}

/// One comment line naming the data and the filters of a chart.
pub fn describe(q: &ChartQuery, data_names: &[String]) -> String {
    let mut parts = vec![
        format!("data: {}", data_names.join(", ")),
        format!("view: {}", q.view.label()),
    ];
    match q.view {
        View::OverTime | View::Ranking | View::Table => {
            parts.push(format!("indicator: {}", q.indicator))
        }
        View::Map => {
            parts.push(format!("indicator: {}", q.indicator));
            if let Some(s) = &q.size_indicator {
                parts.push(format!("size: {s}"));
            }
        }
        View::Multiples => parts.push(format!("theme: {}", q.theme_group.label())),
        View::Scatter => {
            parts.push(format!("x: {}", q.x_indicator));
            parts.push(format!("y: {}", q.indicator));
            if let Some(s) = &q.size_indicator {
                parts.push(format!("size: {s}"));
            }
        }
        View::Compare | View::Scorecard | View::Sources => {}
    }
    parts.push(format!("cities: {}", q.cities.join(", ")));
    let years = match (q.from_year, q.to_year) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        (Some(a), None) => format!("from {a}"),
        (None, Some(b)) => format!("to {b}"),
        (None, None) => "all".into(),
    };
    parts.push(format!("years: {years}"));
    if matches!(
        q.view,
        View::Ranking | View::Scatter | View::Scorecard | View::Map
    ) && let Some(y) = q.year
    {
        parts.push(format!("year: {y}"));
    }
    match q.view {
        View::Table => parts.push("observations as loaded".into()),
        View::Ranking | View::Compare | View::Scatter | View::Scorecard | View::Map => {
            parts.push("annual means".into())
        }
        _ => parts.push(q.options.per.means_label().into()),
    }
    format!("# citydash export · {}", parts.join(" · "))
}

/// Writes the exact rows behind a prepared chart as tidy CSV, after a comment line naming the
/// data and filters. Returns the number of rows written.
pub fn write_chart_csv(
    chart: &PreparedChart,
    data_names: &[String],
    path: &Path,
    inputs: &[&Path],
    force: bool,
) -> Result<usize, ExportError> {
    let header = describe(&chart.query, data_names);
    write_atomic(path, inputs, force, |w| {
        writeln!(w, "{}", header.replace(['\n', '\r'], " "))
            .map_err(|e| WriteError::Csv(e.to_string()))?;
        write_tidy_csv(&chart.rows, w)
    })?;
    Ok(chart.rows.len())
}
