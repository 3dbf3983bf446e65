//! Drawing prepared charts with egui and egui_plot. The window and the exporter call the same
//! [`figure`] function: header (title, subtitle, legend), the chart, and a footer with notes
//! and the source. Only [`Mode`] differs: the window scrolls and keeps natural sizes, a
//! figure fits its page.

pub mod axis;
pub mod compare;
pub mod labels;
pub mod map;
pub mod multiples;
pub mod over_time;
pub mod ranking;
pub mod scatter;
pub mod scorecard;

use egui::{Label, RichText, Ui};

use super::prepared::{Body, LegendEntry, PreparedChart, Swatch};
use super::theme;
use crate::i18n::Lang;

/// The language charts are written in, as set on the context by [`set_lang`] (English when
/// none is set).
pub fn lang(ui: &Ui) -> Lang {
    ui.ctx()
        .data(|d| d.get_temp::<Lang>(egui::Id::NULL))
        .unwrap_or_default()
}

/// The language set on a context.
pub fn lang_of(ctx: &egui::Context) -> Lang {
    ctx.data(|d| d.get_temp::<Lang>(egui::Id::NULL))
        .unwrap_or_default()
}

/// Sets the language the charts drawn with this context are written in.
pub fn set_lang(ctx: &egui::Context, lang: Lang) {
    ctx.data_mut(|d| d.insert_temp(egui::Id::NULL, lang));
}

/// Where a chart is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The window: scrolling, natural sizes, hover.
    Window,
    /// An exported figure: everything fitted to the page.
    Figure,
}

/// A centred message in place of an empty chart.
pub fn empty_state(ui: &mut Ui, message: &str) {
    ui.centered_and_justified(|ui| {
        ui.label(RichText::new(message).size(16.0).weak());
    });
}

/// A centred error in place of a chart that failed.
pub fn error_state(ui: &mut Ui, message: &str) {
    ui.centered_and_justified(|ui| {
        ui.label(
            RichText::new(message)
                .size(16.0)
                .color(ui.visuals().error_fg_color),
        );
    });
}

fn margin_frame(top: i8, bottom: i8) -> egui::Frame {
    egui::Frame::new().inner_margin(egui::Margin {
        left: 28,
        right: 28,
        top,
        bottom,
    })
}

/// Draws a whole chart into `ui`: header with title, subtitle and legend; the body; a footer
/// with notes, the source (`fallback_source` when the rows name none) and "made with
/// citydash". The background is the caller's: nothing here paints it.
pub fn figure(ui: &mut Ui, chart: &PreparedChart, fallback_source: &str, mode: Mode) {
    let (top, bottom) = match mode {
        Mode::Window => (4, 4),
        Mode::Figure => (20, 14),
    };
    egui::Panel::top("figure_header")
        .frame(margin_frame(top, 8))
        .show_separator_line(false)
        .resizable(false)
        .show(ui, |ui| header(ui, chart, mode));
    egui::Panel::bottom("figure_footer")
        .frame(margin_frame(6, bottom))
        .show_separator_line(false)
        .resizable(false)
        .show(ui, |ui| footer(ui, chart, fallback_source));
    egui::CentralPanel::default()
        .frame(margin_frame(4, 4))
        .show(ui, |ui| body(ui, chart, mode));
}

fn header(ui: &mut Ui, chart: &PreparedChart, mode: Mode) {
    let lang = lang(ui);
    let strong = ui.visuals().strong_text_color();
    let weak = ui.visuals().weak_text_color();
    let size = if mode == Mode::Window { 20.0 } else { 26.0 };
    let title = chart.title.localize(lang);
    ui.add(Label::new(RichText::new(title).size(size).strong().color(strong)).wrap());
    if !chart.subtitle.is_empty() {
        let subtitle = chart.subtitle.localize(lang);
        ui.add(Label::new(RichText::new(subtitle).size(15.0).color(weak)).wrap());
    }
    if !chart.legend.is_empty() {
        ui.add_space(6.0);
        legend(ui, &chart.legend);
    }
}

fn footer(ui: &mut Ui, chart: &PreparedChart, fallback_source: &str) {
    let lang = lang(ui);
    let weak = ui.visuals().weak_text_color();
    for note in &chart.notes {
        let note = note.localize(lang);
        ui.add(Label::new(RichText::new(note).size(12.0).color(weak)).wrap());
    }
    ui.horizontal_top(|ui| {
        let brand = RichText::new(crate::tr!(lang, "made-with"))
            .size(12.0)
            .color(weak);
        let brand_width = 140.0;
        let width = (ui.available_width() - brand_width).max(100.0);
        ui.allocate_ui(egui::vec2(width, 0.0), |ui| {
            let source = crate::tr!(
                lang,
                "footer-source",
                source = chart.source_line(fallback_source).localize(lang)
            );
            ui.add(Label::new(RichText::new(source).size(12.0).color(weak)).wrap());
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
            ui.label(brand);
        });
    });
}

fn body(ui: &mut Ui, chart: &PreparedChart, mode: Mode) {
    let fit = mode == Mode::Figure;
    let lang = lang(ui);
    match &chart.body {
        Body::Message(m) => empty_state(ui, &m.localize(lang)),
        Body::OverTime(c) => over_time::over_time(ui, c, "chart_over_time"),
        Body::Ranking(c) => ranking::ranking(ui, c, "chart_ranking"),
        Body::Compare(c) if fit => compare::compare_grid(ui, c, true),
        Body::Compare(c) => {
            egui::ScrollArea::both().show(ui, |ui| compare::compare_grid(ui, c, false));
        }
        Body::Multiples(c) if fit => multiples::multiples_grid(ui, c, false),
        Body::Multiples(c) => {
            egui::ScrollArea::vertical().show(ui, |ui| multiples::multiples_grid(ui, c, true));
        }
        Body::Scatter(c) => scatter::scatter(ui, c, "chart_scatter"),
        Body::Map(c) => map::map(ui, c, "chart_map", fit),
        Body::Scorecard(c) if fit => scorecard::scorecard(ui, c, true),
        Body::Scorecard(c) => {
            egui::ScrollArea::both().show(ui, |ui| scorecard::scorecard(ui, c, false));
        }
        Body::Table(t) => empty_state(ui, &crate::tr!(lang, "table-as-csv", count = t.rows)),
    }
}

/// The legend: each entry's swatch and label, wrapped over as many lines as needed; long
/// lists use a smaller font. Drawn outside the plot, so it never covers data.
pub fn legend(ui: &mut Ui, entries: &[LegendEntry]) {
    let size = if entries.len() > 12 { 12.0 } else { 14.0 };
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 6.0;
        for e in entries {
            legend_entry(ui, e, size);
        }
    });
}

fn legend_entry(ui: &mut Ui, e: &LegendEntry, size: f32) {
    let text = ui.painter().layout_no_wrap(
        e.label.localize(lang(ui)),
        egui::FontId::proportional(size),
        ui.visuals().strong_text_color(),
    );
    // Swatch and label stay on one line: break before the entry when it does not fit.
    let needed = 22.0 + 6.0 + text.size().x;
    let room = ui.max_rect().right() - ui.cursor().min.x;
    if room < needed && ui.cursor().min.x > ui.max_rect().left() {
        ui.end_row();
    }
    let (rect, _) = ui.allocate_exact_size(egui::vec2(22.0, size), egui::Sense::hover());
    let painter = ui.painter();
    match e.swatch {
        Swatch::Line { slot } => {
            let y = rect.center().y;
            let points = [egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)];
            painter.extend(line_swatch(theme::city_line_style(slot), points, e.color));
        }
        Swatch::Block => {
            painter.rect_filled(rect.shrink(2.0), 2.0, e.color);
        }
        Swatch::Marker(shape) => {
            painter.add(marker_swatch(shape, rect.center(), size * 0.35, e.color));
        }
    }
    ui.label(text);
    ui.add_space(12.0);
}

/// A legend swatch of a point marker of `radius` at `center`, filled, in the shape the plot
/// draws (circle, square, diamond, triangle).
fn marker_swatch(
    shape: egui_plot::MarkerShape,
    center: egui::Pos2,
    radius: f32,
    color: egui::Color32,
) -> egui::Shape {
    use egui_plot::MarkerShape as M;
    let at = |dx: f32, dy: f32| center + egui::vec2(dx, dy) * radius;
    let polygon =
        |points: Vec<egui::Pos2>| egui::Shape::convex_polygon(points, color, egui::Stroke::NONE);
    match shape {
        M::Square => polygon(vec![
            at(-1.0, -1.0),
            at(1.0, -1.0),
            at(1.0, 1.0),
            at(-1.0, 1.0),
        ]),
        M::Diamond => polygon(vec![
            at(0.0, -1.2),
            at(1.2, 0.0),
            at(0.0, 1.2),
            at(-1.2, 0.0),
        ]),
        M::Up => polygon(vec![at(0.0, -1.2), at(1.1, 0.8), at(-1.1, 0.8)]),
        _ => egui::Shape::circle_filled(center, radius, color),
    }
}

/// The shapes of a line's legend swatch between two points, in the style the plot draws it:
/// solid, dashed or dotted (a legend once drew dotted lines dashed, like another city's).
fn line_swatch(
    style: egui_plot::LineStyle,
    points: [egui::Pos2; 2],
    color: egui::Color32,
) -> Vec<egui::Shape> {
    let stroke = egui::Stroke::new(3.0, color);
    match style {
        egui_plot::LineStyle::Solid => vec![egui::Shape::line_segment(points, stroke)],
        egui_plot::LineStyle::Dashed { .. } => egui::Shape::dashed_line(&points, stroke, 5.0, 3.0),
        egui_plot::LineStyle::Dotted { .. } => egui::Shape::dotted_line(&points, color, 5.0, 1.6),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legend_swatches_are_drawn_in_the_line_s_own_style() {
        let points = [egui::pos2(0.0, 5.0), egui::pos2(22.0, 5.0)];
        let kinds = |slot: usize| -> Vec<&'static str> {
            line_swatch(theme::city_line_style(slot), points, egui::Color32::RED)
                .iter()
                .map(|s| match s {
                    egui::Shape::LineSegment { .. } => "segment",
                    egui::Shape::Circle(_) => "dot",
                    _ => "other",
                })
                .collect()
        };
        // The first round of colours is solid, the second dashed, the third dotted.
        let n = theme::DISTINCT_COLORS;
        assert_eq!(kinds(0), vec!["segment"]);
        let dashed = kinds(n);
        assert!(
            dashed.len() > 1 && dashed.iter().all(|k| *k == "segment"),
            "{dashed:?}"
        );
        let dotted = kinds(2 * n);
        assert!(
            dotted.len() > 2 && dotted.iter().all(|k| *k == "dot"),
            "{dotted:?}"
        );
    }
}
