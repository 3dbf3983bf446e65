//! Drawing the standards scorecard: a table of places by indicators, each cell filled by how
//! far up its target ladder the value is and saying so in words (value, year, strictest
//! target met, how many of the targets), so that it reads in grey-scale print too.

use egui::{Align2, Color32, FontId, Rect, Sense, Ui, pos2, vec2};

use super::axis::display_value;
use super::lang;
use crate::chart::scorecard::{ScoreCell, ScoreColumn, ScorecardChart, ladder_color};
use crate::chart::text::{place_name, unit_name};
use crate::data::targets::{Target, TargetDirection};
use crate::i18n::Lang;

/// Sizes of the table.
struct Layout {
    label_width: f32,
    column_width: f32,
    header_height: f32,
    row_height: f32,
    /// Space between rows and columns.
    gap: f32,
    font: f32,
    /// Lines of words in a cell: 3 (value, target met, count), 2, or 1 for dense tables.
    lines: usize,
    /// Rows drawn: a figure too small for every place draws the first and says so.
    shown: usize,
}

impl Layout {
    fn new(avail: egui::Vec2, chart: &ScorecardChart, fit: bool) -> Layout {
        let columns = chart.columns.len().max(1) as f32;
        let mut label_width = (avail.x * 0.18).clamp(120.0, 280.0);
        let mut column_width = ((avail.x - label_width) / columns - 4.0).max(110.0);
        // A figure keeps every column on the page: a narrower place column first, then
        // narrower cells (their lines shrink or are cut with "…" to fit).
        let needed = |label: f32, column: f32| label + columns * (column + 4.0);
        if fit && needed(label_width, column_width) > avail.x {
            label_width = (avail.x * 0.14).clamp(90.0, label_width);
            column_width = ((avail.x - label_width) / columns - 4.0).max(40.0);
        }
        let header_height = 74.0;
        let n = chart.rows.len().max(1);
        // Room under the header, less a line for "and N more" when it is needed.
        let room = avail.y - header_height;
        let (row_height, gap, shown) = match fit {
            false => (62.0, 4.0, n),
            true => {
                let gap = if room / n as f32 > 30.0 { 4.0 } else { 2.0 };
                let fits = ((room - 18.0) / (12.0 + gap)).floor().max(1.0) as usize;
                let shown = if room / n as f32 - gap >= 12.0 {
                    n
                } else {
                    fits.min(n)
                };
                let height = ((room - if shown < n { 18.0 } else { 0.0 }) / shown as f32 - gap)
                    .clamp(12.0, 84.0);
                (height, gap, shown)
            }
        };
        // Small enough for "32.5 µg/m³ (2024)" to fit its column.
        let width_font = column_width / 12.5;
        let (lines, font) = if row_height >= 9.0 * 4.2 {
            (3, (row_height * 0.24).min(width_font).clamp(9.0, 15.0))
        } else if row_height >= 8.0 * 2.9 {
            (2, (row_height / 2.9).min(width_font).clamp(8.0, 15.0))
        } else {
            (1, (row_height / 1.45).min(width_font).clamp(7.0, 15.0))
        };
        Layout {
            label_width,
            column_width,
            header_height,
            row_height,
            gap,
            font,
            lines,
            shown,
        }
    }

    fn size(&self, chart: &ScorecardChart) -> egui::Vec2 {
        let more = if self.shown < chart.rows.len() {
            18.0
        } else {
            0.0
        };
        vec2(
            self.label_width + chart.columns.len() as f32 * (self.column_width + 4.0),
            self.header_height + self.shown as f32 * (self.row_height + self.gap) + more,
        )
    }
}

/// A target's short name in a cell, in a language (see [`crate::chart::scorecard::target_text`]).
pub fn target_name(t: &Target, lang: Lang) -> String {
    crate::chart::scorecard::target_text(t, true).localize(lang)
}

/// A column's ladder: "≤ 35 · 25 · 15 · 10 · 5 µg/m³".
fn ladder_text(c: &ScoreColumn, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    for dir in [TargetDirection::AtMost, TargetDirection::AtLeast] {
        let values: Vec<String> = c
            .targets
            .iter()
            .filter(|t| t.direction == dir)
            .map(|t| display_value(t.value, false, lang))
            .collect();
        if !values.is_empty() {
            let sign = if dir == TargetDirection::AtMost {
                "≤"
            } else {
                "≥"
            };
            parts.push(format!("{sign} {}", values.join(" · ")));
        }
    }
    format!("{} {}", parts.join(", "), unit_name(&c.unit, lang))
}

/// The words of a cell: value (with its unit when `unit`) and year, the strictest target met,
/// how many are met.
fn cell_lines(c: &ScoreCell, col: &ScoreColumn, lang: Lang, unit: bool) -> [String; 3] {
    let value = match unit {
        true => format!(
            "{} {} ({})",
            display_value(c.value, false, lang),
            unit_name(&col.unit, lang),
            c.year
        ),
        false => format!("{} ({})", display_value(c.value, false, lang), c.year),
    };
    let level = match c.strictest_met() {
        Some(i) => target_name(&col.targets[i], lang),
        None => crate::tr!(lang, "scorecard-none-met"),
    };
    let (met, of) = c.count();
    [
        value,
        level,
        crate::tr!(lang, "scorecard-met-of", met = met, of = of),
    ]
}

/// The smallest a cell's text is drawn, as a share of its size, to fit its cell.
const MIN_TEXT_SCALE: f32 = 0.8;

/// A cell's line laid out within `max_width` points: at `size` when it fits, else smaller
/// (down to [`MIN_TEXT_SCALE`] of it), else at that size and cut with "…", so that a cut is
/// seen (a cell once showed "WHO interim targe", hiding which target was met).
pub fn fitted_line(
    painter: &egui::Painter,
    text: &str,
    size: f32,
    max_width: f32,
    color: Color32,
) -> std::sync::Arc<egui::Galley> {
    let galley = painter.layout_no_wrap(text.to_owned(), FontId::proportional(size), color);
    let width = galley.size().x;
    if width <= max_width || max_width <= 0.0 {
        return galley;
    }
    let scale = (max_width / width).max(MIN_TEXT_SCALE);
    // Glyph widths do not scale exactly with the size: a little under the exact ratio.
    let fitted = (size * scale * 0.99 * 4.0).floor() / 4.0;
    let mut job = egui::text::LayoutJob::simple_singleline(
        text.to_owned(),
        FontId::proportional(fitted),
        color,
    );
    job.wrap = egui::text::TextWrapping {
        max_width,
        max_rows: 1,
        break_anywhere: true,
        overflow_character: Some('…'),
    };
    painter.layout_job(job)
}

/// Draws the scorecard. `fit` sizes the table to the space (figures); the window scrolls.
pub fn scorecard(ui: &mut Ui, chart: &ScorecardChart, fit: bool) {
    let layout = Layout::new(ui.available_size(), chart, fit);
    let size = layout.size(chart);
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    let lang = lang(ui);
    header(ui, chart, &layout, rect.min, lang);
    for (r, row) in chart.rows.iter().take(layout.shown).enumerate() {
        let top = rect.top() + layout.header_height + r as f32 * (layout.row_height + layout.gap);
        let label = Rect::from_min_size(
            pos2(rect.left(), top),
            vec2(layout.label_width - 8.0, layout.row_height),
        );
        let strong = ui.visuals().strong_text_color();
        let weak = ui.visuals().weak_text_color();
        let painter = ui.painter();
        let mut name = place_name(&row.place, lang);
        let mut total = crate::tr!(lang, "scorecard-row-total", met = row.met, of = row.of);
        if layout.lines == 1 {
            name = format!("{name} · {total}");
            total = String::new();
        }
        // One line in a dense table: kept on its line (drawn smaller, or cut with "…", to fit
        // its column) rather than wrapped over the next row.
        let name = match layout.lines {
            1 => fitted_line(painter, &name, layout.font, label.width(), strong),
            _ => {
                let font = FontId::proportional(layout.font + 2.0);
                painter.layout(name, font, strong, label.width())
            }
        };
        let total = painter.layout(
            total,
            FontId::proportional(layout.font),
            weak,
            label.width(),
        );
        // Painted text is named for screen readers (and the window's tests) too.
        let text = format!("{} · {}", name.text(), total.text());
        let id = ui.scope_id().with(("scorecard-row", r));
        ui.interact(label, id, Sense::hover())
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &text));
        let painter = ui.painter().with_clip_rect(label);
        let total_height = if layout.lines == 1 {
            0.0
        } else {
            total.size().y
        };
        let y = label.center().y - (name.size().y + total_height) / 2.0;
        let name_height = name.size().y;
        painter.galley(pos2(label.left(), y), name, strong);
        painter.galley(pos2(label.left(), y + name_height), total, weak);
        for (i, cell) in row.cells.iter().enumerate() {
            let left = rect.left() + layout.label_width + i as f32 * (layout.column_width + 4.0);
            let cell_rect = Rect::from_min_size(
                pos2(left, top),
                vec2(layout.column_width, layout.row_height),
            );
            draw_cell(
                ui,
                cell_rect,
                cell.as_ref(),
                &chart.columns[i],
                &layout,
                lang,
            );
        }
    }
    let hidden = chart.rows.len() - layout.shown;
    if hidden > 0 {
        let at = pos2(rect.left(), rect.bottom() - 16.0);
        let more = crate::tr!(lang, "scorecard-more-rows", count = hidden);
        let font = FontId::proportional(12.0);
        let weak = ui.visuals().weak_text_color();
        ui.painter()
            .text(at, egui::Align2::LEFT_TOP, more, font, weak);
    }
}

fn header(ui: &Ui, chart: &ScorecardChart, layout: &Layout, at: egui::Pos2, lang: Lang) {
    let painter = ui.painter();
    let strong = ui.visuals().strong_text_color();
    let weak = ui.visuals().weak_text_color();
    for (i, c) in chart.columns.iter().enumerate() {
        let left = at.x + layout.label_width + i as f32 * (layout.column_width + 4.0);
        let width = layout.column_width - 4.0;
        let title = painter.layout(
            c.title.localize(lang),
            FontId::proportional(layout.font + 1.0),
            strong,
            width,
        );
        let ladder = painter.layout(
            ladder_text(c, lang),
            FontId::proportional(layout.font - 0.5),
            weak,
            width,
        );
        let bottom = at.y + layout.header_height - 6.0;
        let ladder_top = bottom - ladder.size().y;
        let title_top = ladder_top - title.size().y;
        painter.galley(pos2(left, title_top), title, strong);
        painter.galley(pos2(left, ladder_top), ladder, weak);
    }
}

fn draw_cell(
    ui: &Ui,
    rect: Rect,
    cell: Option<&ScoreCell>,
    col: &ScoreColumn,
    layout: &Layout,
    lang: Lang,
) {
    let font = layout.font;
    let painter = ui.painter();
    let Some(c) = cell else {
        painter.rect_stroke(
            rect,
            3.0,
            egui::Stroke::new(1.0, ui.visuals().weak_text_color().gamma_multiply(0.4)),
            egui::StrokeKind::Inside,
        );
        painter.text(
            rect.center(),
            Align2::CENTER_CENTER,
            crate::tr!(lang, "no-data"),
            FontId::proportional(font),
            ui.visuals().weak_text_color(),
        );
        return;
    };
    let fill = ladder_color(c.level());
    painter.rect_filled(rect, 3.0, fill);
    // Dark text on the light end of the ladder, white on the dark end.
    let ink = match c.level() > 0.7 {
        true => Color32::WHITE,
        false => Color32::from_gray(20),
    };
    // A dense table's one line leaves the unit to the column's header (its ladder), so that
    // the target met has room.
    let mut lines = cell_lines(c, col, lang, layout.lines > 1).to_vec();
    if layout.lines == 1 {
        lines = vec![format!("{} · {}", lines[0], lines[1])];
    }
    let shown = layout.lines;
    let line_height = font * 1.3;
    let top = rect.center().y - line_height * shown as f32 / 2.0;
    for (k, line) in lines.iter().take(shown).enumerate() {
        let size = if k == 0 && shown > 1 {
            font + 1.0
        } else {
            font
        };
        let galley = fitted_line(painter, line, size, rect.width() - 10.0, ink);
        let clip = painter.with_clip_rect(rect.shrink(2.0));
        clip.galley(
            pos2(rect.left() + 6.0, top + k as f32 * line_height),
            galley,
            ink,
        );
    }
    let hover: Vec<String> = col
        .targets
        .iter()
        .zip(&c.met)
        .map(|(t, m)| {
            let mark = match m {
                Some(true) => "✓",
                Some(false) => "✗",
                None => "–",
            };
            format!("{mark} {} ({}, {})", t.name, t.body, t.year)
        })
        .collect();
    let id = ui
        .scope_id()
        .with(("scorecard-cell", rect.min.x as i32, rect.min.y as i32));
    let words = lines.join(" · ");
    ui.interact(rect, id, Sense::hover())
        .on_hover_text(hover.join("\n"))
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &words));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The characters a galley shows (an elided line ends with "…").
    fn shown(g: &egui::Galley) -> String {
        g.rows
            .iter()
            .flat_map(|r| r.glyphs.iter())
            .map(|g| g.chr)
            .collect()
    }

    #[test]
    fn a_line_too_wide_for_its_cell_is_drawn_smaller_or_cut_visibly() {
        let ctx = egui::Context::default();
        let mut out = ctx.run_ui(Default::default(), |ui| {
            let p = ui.painter();
            let text = "14.1 µg/m³ (2024) · WHO interim target 4";
            let black = Color32::BLACK;
            let full = p
                .layout_no_wrap(text.into(), FontId::proportional(12.0), black)
                .size()
                .x;
            let g = fitted_line(p, text, 12.0, full + 1.0, black);
            assert_eq!((shown(&g), g.size().x), (text.to_string(), full));
            // A tenth too wide: smaller, every character shown.
            let g = fitted_line(p, text, 12.0, full * 0.9, black);
            assert_eq!(shown(&g), text);
            assert!(g.size().x <= full * 0.9, "{} > {}", g.size().x, full * 0.9);
            // Twice too wide: cut, and the cut shows.
            let g = fitted_line(p, text, 12.0, full * 0.5, black);
            let cut = shown(&g);
            assert!(cut.ends_with('…') && cut.len() < text.len(), "{cut}");
            assert!(
                g.size().x <= full * 0.5 + 0.5,
                "{} > {}",
                g.size().x,
                full * 0.5
            );
        });
        out.textures_delta.clear();
    }
}
