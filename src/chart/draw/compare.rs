//! Drawing the side-by-side comparison: a grid of latest values with their years, the
//! difference to the first city, the best value in green and a sparkline per cell.

use egui::{Color32, RichText, Ui};

use super::axis::display_value;
use crate::chart::compare::{CompareChart, CompareRow};
use crate::chart::text::{place_name, unit_name};
use crate::chart::theme;
use crate::data::catalog::Direction;

/// Sizes of the comparison grid: natural sizes in the window, fitted to the page in exports.
struct CompareLayout {
    label_width: f32,
    column_width: f32,
    value_size: f32,
    /// The sparklines' size; none are drawn when its height is 0 (no room on the page).
    spark: egui::Vec2,
    /// Sparklines right of the words (a page without room for them under the words).
    spark_beside: bool,
    /// Text sizes as a share of the style's (below 1 on a crowded page).
    text_scale: f32,
    /// Indicator rows drawn: a page too small for every row draws the first and says so.
    shown: usize,
    /// Sized to fit a page (figures), not scrolled (the window).
    fit: bool,
}

/// Estimated heights at a text scale, in points.
struct Estimate {
    /// A row without its sparkline.
    row: f32,
    /// A cell's words and the space under them.
    cell: f32,
    /// The header row and theme rows, with their gaps.
    rest: f32,
}

/// The smallest share of their size the grid's words are drawn at to fit a page.
const MIN_TEXT_SCALE: f32 = 0.75;
/// The lowest sparkline worth drawing, in points.
const MIN_SPARK: f32 = 10.0;
/// The narrowest a city's column is made on a page, in points.
const MIN_COLUMN: f32 = 64.0;
/// The narrowest the indicator column is made on a page, in points.
const MIN_LABEL: f32 = 90.0;
/// The narrowest column with room for a sparkline beside its words, in points.
const MIN_BESIDE: f32 = 150.0;
/// Space between the grid's rows, in points.
const ROW_GAP: f32 = 8.0;

impl CompareLayout {
    fn new(ui: &Ui, chart: &CompareChart, themes: usize, fit: bool) -> CompareLayout {
        let avail = ui.available_size();
        let cities = chart.cities.len().max(1);
        if !fit {
            return CompareLayout {
                label_width: 200.0,
                column_width: ((avail.x - 240.0) / cities as f32 - 18.0).clamp(130.0, 260.0),
                value_size: 15.0,
                spark: egui::vec2(110.0, 26.0),
                spark_beside: false,
                text_scale: 1.0,
                shown: chart.rows.len(),
                fit,
            };
        }
        // Row heights are planned for labels of two lines (name, unit): where a long name
        // (Kazakh and Russian ones) would wrap to a third line and push the last row off the
        // page, the label column widens until every name fits on one line.
        let mut share: f32 = 0.28;
        let mut label_width = (avail.x * share).clamp(160.0, 340.0);
        while share < 0.46
            && chart
                .rows
                .iter()
                .any(|r| row_label_galley(ui, r, label_width).rows.len() > 2)
        {
            share += 0.03;
            label_width = avail.x * share;
        }
        // Every city's column stays on the page: the label column gives way (its names then
        // wrap, and the rows that no longer fit are counted under the grid).
        let most = avail.x - cities as f32 * (MIN_COLUMN + 18.0);
        label_width = label_width.min(most).max(MIN_LABEL);
        let column_width = (avail.x - label_width) / cities as f32 - 18.0;
        let row_height = avail.y / (chart.rows.len() + themes + 1).max(1) as f32 - ROW_GAP;
        let value_size = (row_height * 0.3).clamp(11.0, 18.0);
        let mut layout = CompareLayout {
            label_width,
            column_width,
            value_size,
            spark: egui::vec2((column_width * 0.8).min(240.0), 0.0),
            spark_beside: false,
            text_scale: 1.0,
            shown: chart.rows.len(),
            fit,
        };
        layout.fit_rows(ui, chart, themes, avail.y);
        layout
    }

    /// The heights of the grid's parts at `scale` times the style's text sizes.
    fn estimate(&self, ui: &Ui, chart: &CompareChart, themes: usize, scale: f32) -> Estimate {
        let line = |style: egui::TextStyle| ui.text_style_height(&style) * scale;
        let spacing = ui.spacing().item_spacing.y;
        let font =
            |size: f32| ui.fonts_mut(|f| f.row_height(&egui::FontId::proportional(size * scale)));
        let difference = match chart.cities.len() > 1 {
            true => spacing + line(egui::TextStyle::Small),
            false => 0.0,
        };
        let cell = font(self.value_size) + difference;
        let label = 2.0 * line(egui::TextStyle::Body);
        let rest = font(16.0) + line(egui::TextStyle::Body) * themes as f32;
        Estimate {
            row: cell.max(label),
            cell: cell + spacing,
            rest: rest + ROW_GAP * (themes + 1) as f32,
        }
    }

    /// The width a cell's words have, in points.
    fn text_width(&self) -> f32 {
        match self.spark_beside {
            true => self.column_width - self.spark.x - 8.0,
            false => self.column_width,
        }
    }

    /// Fits the rows to `height` points: sparklines in the room the words leave (none when
    /// under [`MIN_SPARK`]), then smaller words, then as many rows as fit.
    fn fit_rows(&mut self, ui: &Ui, chart: &CompareChart, themes: usize, height: f32) {
        let rows = chart.rows.len().max(1) as f32;
        let Estimate { row, cell, rest } = self.estimate(ui, chart, themes, 1.0);
        // A line for what was not drawn ("trend lines not drawn", "and N more").
        let note = ui.text_style_height(&egui::TextStyle::Body) + ROW_GAP;
        let room = (height - rest) / rows - ROW_GAP;
        let spark = (room - cell).min(40.0);
        if spark >= MIN_SPARK {
            self.spark.y = spark;
            return;
        }
        // Too low under the words: beside them, as high as they are, where the cells are wide.
        let words = cell - ui.spacing().item_spacing.y;
        if self.column_width >= MIN_BESIDE && words >= MIN_SPARK {
            self.spark = egui::vec2((self.column_width * 0.3).min(90.0), words);
            self.spark_beside = true;
        }
        let room = match self.spark_beside {
            true => room,
            false => room - note / rows,
        };
        if room >= row {
            return;
        }
        let small = self.estimate(ui, chart, themes, MIN_TEXT_SCALE);
        self.text_scale = ((room / small.row) * MIN_TEXT_SCALE).clamp(MIN_TEXT_SCALE, 1.0);
        // Sparklines beside the words are as high as the words, at their size.
        if self.spark_beside {
            self.spark.y *= self.text_scale;
        }
        if room < small.row {
            // Two lines under the rows: "and N more", and no trend lines where none fit.
            let notes = note * if self.spark_beside { 1.0 } else { 2.0 };
            let fits = (height - small.rest - notes) / (small.row + ROW_GAP);
            self.shown = (fits.floor().max(1.0) as usize).min(chart.rows.len());
        }
    }
    /// Fits the rows again with the heights the last pass of the same page drew (`m`): its
    /// text size and sparklines kept, as many rows as those heights leave room for.
    fn refit(&mut self, ui: &Ui, chart: &CompareChart, m: &Measured, height: f32) {
        self.text_scale = m.text_scale;
        self.spark = m.spark;
        self.spark_beside = m.spark_beside;
        let line = ui.text_style_height(&egui::TextStyle::Body) * m.text_scale + ROW_GAP;
        let mean = m.rows.iter().sum::<f32>() / m.rows.len().max(1) as f32;
        // The height of the first `k` rows with their theme rows.
        let used = |k: usize| -> f32 {
            let mut total = 0.0;
            for (i, row) in chart.rows.iter().take(k).enumerate() {
                if i == 0 || chart.rows[i - 1].theme != row.theme {
                    total += m.theme;
                }
                total += m.rows.get(i).copied().unwrap_or(mean) + ROW_GAP;
            }
            total
        };
        let trends = if m.spark.y == 0.0 { line } else { 0.0 };
        let n = chart.rows.len();
        self.shown = match used(n) <= height - m.header - trends {
            true => n,
            false => (1..=n)
                .take_while(|&k| used(k) <= height - m.header - trends - line)
                .last()
                .unwrap_or(1)
                .min(n),
        };
    }
}

/// What the last pass of a page drew (figures are laid out in several passes; wrapped words
/// make rows taller than estimated): its choices and the heights of its rows, in points.
#[derive(Clone, Debug, Default)]
struct Measured {
    text_scale: f32,
    spark: egui::Vec2,
    spark_beside: bool,
    /// The height of each row drawn.
    rows: Vec<f32>,
    /// The header row's height with its gap.
    header: f32,
    /// A theme row's height with its gap.
    theme: f32,
}

/// What the words of a comparison depend on (its cities, rows and cells), so that the heights
/// one figure drew are never taken for another's (a renderer's context draws many figures).
fn fingerprint(chart: &CompareChart) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    chart.cities.hash(&mut h);
    for r in &chart.rows {
        (&r.indicator, r.year, &r.unit).hash(&mut h);
        for c in &r.cells {
            c.as_ref().map(|c| (c.value.to_bits(), c.year)).hash(&mut h);
        }
    }
    h.finish()
}

/// A row's label: the indicator, its better-direction arrow and its unit, wrapped to `width`.
fn row_label(ui: &Ui, row: &CompareRow) -> String {
    let lang = super::lang(ui);
    let arrow = match row.better {
        Direction::Lower => " ↓",
        Direction::Higher => " ↑",
        Direction::Neutral => "",
    };
    let title = row.title.localize(lang);
    let unit = unit_name(&row.unit, lang);
    format!("{title}{arrow}\n{unit}")
}

fn row_label_galley(ui: &Ui, row: &CompareRow, width: f32) -> std::sync::Arc<egui::Galley> {
    egui::WidgetText::from(row_label(ui, row)).into_galley(
        ui,
        Some(egui::TextWrapMode::Wrap),
        width,
        egui::TextStyle::Body,
    )
}

/// The side-by-side comparison: a column per city, a row per indicator grouped by theme, with
/// the latest value and its year, the difference to the first city, the best value in green
/// and a sparkline of the trend. `fit` sizes everything to fill the space (exports).
pub fn compare_grid(ui: &mut Ui, chart: &CompareChart, fit: bool) {
    let (cities, rows) = (&chart.cities, &chart.rows);
    let lang = super::lang(ui);
    let themes = 1 + rows.windows(2).filter(|w| w[0].theme != w[1].theme).count();
    // Figures are laid out in several passes: the second and third fit the rows with the
    // heights the one before drew.
    let avail = ui.available_size();
    let key = ui.scope_id().with((
        "compare-fit",
        avail.x.to_bits(),
        avail.y.to_bits(),
        fingerprint(chart),
        lang,
    ));
    let mut layout = CompareLayout::new(ui, chart, themes, fit);
    if let Some(m) = fit
        .then(|| ui.data(|d| d.get_temp::<Measured>(key)))
        .flatten()
    {
        layout.refit(ui, chart, &m, avail.y);
    }
    if layout.text_scale < 1.0 {
        for font in ui.style_mut().text_styles.values_mut() {
            font.size *= layout.text_scale;
        }
    }
    let grid = egui::Grid::new("compare")
        .striped(true)
        .spacing([18.0, ROW_GAP])
        .min_col_width(layout.column_width)
        .show(ui, |ui| {
            ui.allocate_ui(egui::vec2(layout.label_width, 0.0), |ui| {
                ui.set_min_width(layout.label_width);
                ui.label(RichText::new(crate::tr!(lang, "indicator-column")).strong());
            });
            for (i, c) in cities.iter().enumerate() {
                ui.label(
                    RichText::new(place_name(c, lang))
                        .strong()
                        .size(16.0 * layout.text_scale)
                        .color(theme::city_color(chart.slots[i])),
                );
            }
            // Each row is ended when the next begins: a row ended with none after it would
            // paint the stripe of a row an earlier pass of the page drew.
            let header = ui.min_rect().height();
            let mut heights = Vec::new();
            let mut last_theme = None;
            for row in rows.iter().take(layout.shown) {
                ui.end_row();
                if row.theme != last_theme {
                    last_theme = row.theme;
                    ui.label(
                        RichText::new(match row.theme {
                            Some(t) => crate::chart::multiples::theme_text(t).localize(lang),
                            None => crate::tr!(lang, "theme-other"),
                        })
                        .strong()
                        .underline(),
                    );
                    ui.end_row();
                }
                heights.push(compare_row(ui, chart, row, &layout));
            }
            (header, heights)
        });
    let hidden = rows.len().saturating_sub(layout.shown);
    if hidden > 0 {
        let more = crate::tr!(lang, "compare-more-rows", count = hidden);
        ui.label(RichText::new(more).weak());
    }
    if fit && layout.spark.y == 0.0 {
        ui.label(RichText::new(crate::tr!(lang, "compare-no-trends")).weak());
    }
    if fit {
        let (header, rows) = grid.inner;
        // The theme rows' height: what the grid's height leaves after the others.
        let drawn_themes = 1 + chart.rows[..rows.len()]
            .windows(2)
            .filter(|w| w[0].theme != w[1].theme)
            .count();
        let others = header + rows.iter().map(|h| h + ROW_GAP).sum::<f32>();
        let theme = (grid.response.rect.height() - others) / drawn_themes as f32;
        let measured = Measured {
            text_scale: layout.text_scale,
            spark: layout.spark,
            spark_beside: layout.spark_beside,
            rows,
            header: header + ROW_GAP,
            theme: theme.max(0.0),
        };
        ui.data_mut(|d| d.insert_temp(key, measured));
    }
}

/// Draws a row's label and cells; returns the row's height in points.
fn compare_row(ui: &mut Ui, chart: &CompareChart, row: &CompareRow, layout: &CompareLayout) -> f32 {
    let lang = super::lang(ui);
    let label = ui
        .add(egui::Label::new(row_label(ui, row)).wrap())
        .on_hover_text(crate::tr!(lang, "better-arrows"));
    let mut height = label.rect.height();
    for (i, cell) in row.cells.iter().enumerate() {
        let Some(c) = cell else {
            ui.label(RichText::new(crate::tr!(lang, "no-data")).weak());
            continue;
        };
        let color = theme::city_color(chart.slots[i]);
        let trend = |ui: &mut Ui| {
            if layout.spark.y > 0.0 {
                sparkline(ui, &c.trend, color, layout.spark);
            }
        };
        match layout.spark_beside {
            true => {
                let drawn = ui.horizontal_top(|ui| {
                    // The words in a column of their own, so that the sparklines line up.
                    let words = egui::vec2(layout.text_width(), 0.0);
                    ui.allocate_ui_with_layout(
                        words,
                        egui::Layout::top_down(egui::Align::Min),
                        |ui| {
                            ui.set_min_width(words.x);
                            cell_words(ui, chart, row, i, layout);
                        },
                    );
                    trend(ui);
                });
                height = height.max(drawn.response.rect.height());
            }
            false => {
                let drawn = ui.vertical(|ui| {
                    if layout.fit {
                        // Words wrap within the column rather than widen it off the page.
                        ui.set_max_width(layout.column_width);
                    }
                    cell_words(ui, chart, row, i, layout);
                    trend(ui);
                });
                height = height.max(drawn.response.rect.height());
            }
        }
    }
    height
}

/// A cell's value and year (marked when best or of another year) and its difference to the
/// reference city (the first).
fn cell_words(
    ui: &mut Ui,
    chart: &CompareChart,
    row: &CompareRow,
    i: usize,
    layout: &CompareLayout,
) {
    let lang = super::lang(ui);
    let Some(c) = &row.cells[i] else {
        return;
    };
    // The best value says so in words too, not only in colour (grey-scale print).
    let year = match c.year {
        Some(y) => y.to_string(),
        None => crate::tr!(lang, "year-not-given"),
    };
    let mut text = format!("{} ({year})", display_value(c.value, false, lang));
    // A value of another year than the row's is marked, and never called best.
    let other_year = row.other_year(c);
    if other_year {
        text.push_str(" *");
    }
    let value = match (row.best() == Some(i), other_year) {
        (true, _) => RichText::new(crate::tr!(lang, "value-best", value = text))
            .strong()
            .color(theme::MEETS),
        (false, true) => RichText::new(text)
            .italics()
            .color(ui.visuals().warn_fg_color),
        (false, false) => RichText::new(text),
    };
    ui.label(value.size(layout.value_size * layout.text_scale));
    // Differences only between values that have a year.
    let first = row.cells[0].as_ref().filter(|c| c.year.is_some());
    let (Some(first), true, true) = (first, i > 0, c.year.is_some()) else {
        return;
    };
    let d = c.value - first.value;
    // A minus sign (U+2212), not a hyphen, as typeset figures write it.
    let difference = format!(
        "{}{}",
        if d >= 0.0 { "+" } else { "\u{2212}" },
        display_value(d.abs(), false, lang)
    );
    let mut text = crate::tr!(
        lang,
        "difference-vs",
        difference = difference.clone(),
        place = place_name(&chart.cities[0], lang)
    );
    // On a crowded page the number alone (the subtitle names the reference city) rather than
    // words wrapped over two more lines.
    if layout.fit && text_width(ui, &text, egui::TextStyle::Small) > layout.text_width() {
        text = difference;
    }
    ui.label(RichText::new(text).small().weak());
}

/// The width of `text` on one line in a text style, in points.
fn text_width(ui: &Ui, text: &str, style: egui::TextStyle) -> f32 {
    let font = style.resolve(ui.style());
    let color = Color32::PLACEHOLDER;
    ui.fonts_mut(|f| f.layout_no_wrap(text.to_owned(), font, color).size().x)
}

/// A small trend line without axes.
pub fn sparkline(ui: &mut Ui, points: &[[f64; 2]], color: Color32, size: egui::Vec2) {
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    if points.len() < 2 {
        return;
    }
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in points {
        x0 = x0.min(p[0]);
        x1 = x1.max(p[0]);
        y0 = y0.min(p[1]);
        y1 = y1.max(p[1]);
    }
    let scale = |span: f64, length: f32| {
        if span > 0.0 {
            f64::from(length) / span
        } else {
            0.0
        }
    };
    let (sx, sy) = (scale(x1 - x0, rect.width()), scale(y1 - y0, rect.height()));
    let pts: Vec<egui::Pos2> = points
        .iter()
        .map(|p| {
            egui::pos2(
                rect.left() + ((p[0] - x0) * sx) as f32,
                rect.bottom() - ((p[1] - y0) * sy) as f32,
            )
        })
        .collect();
    ui.painter()
        .add(egui::Shape::line(pts, egui::Stroke::new(1.5, color)));
}
