//! A finished figure for reports: title, subtitle, legend, the chart, and a footer naming the
//! data source — prepared from a [`ChartSpec`] and drawn with the same code as the window's
//! views. Also the exact data behind a chart, for "Export data".

use std::collections::HashSet;

use egui::{Color32, Label, RichText, Ui};
use polars::prelude::*;

use super::prepare::{self, CompareRow, OverTimeChart, RankingChart};
use super::spec::Relative;
use super::{ChartSpec, View, draw, theme};
use crate::data::catalog::{Catalog, Theme};
use crate::data::dataset::{Dataset, col};
use crate::data::query::{self, Period, Query};
use crate::data::time;

/// Why a figure cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum FigureError {
    #[error("the {0} view is not a chart (export the table as CSV instead)")]
    NotAChart(&'static str),
    #[error("querying the data: {0}")]
    Query(String),
}

/// What a figure shows under its header.
#[derive(Debug, Clone)]
pub enum Body {
    OverTime(OverTimeChart),
    Ranking(RankingChart),
    Compare {
        cities: Vec<String>,
        rows: Vec<CompareRow>,
    },
    Multiples {
        theme: Theme,
        charts: Vec<OverTimeChart>,
    },
}

/// One legend entry: a label in its colour, with a line or a block swatch.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub label: String,
    pub color: Color32,
    /// Index of the city's slot, for its line style; `None` for a block swatch.
    pub slot: Option<usize>,
}

/// A figure ready to draw.
#[derive(Debug, Clone)]
pub struct Figure {
    pub title: String,
    pub subtitle: String,
    pub legend: Vec<LegendEntry>,
    pub body: Body,
    /// Notes under the chart (cities without data, values a log axis left out).
    pub notes: Vec<String>,
    /// The data source(s), from the observations shown, else the file names.
    pub source: String,
}

/// The subtitle of an over-time chart: unit or relative basis, years, aggregation.
pub fn over_time_subtitle(spec: &ChartSpec, chart: &OverTimeChart) -> String {
    let base = chart
        .base_year
        .map_or("each city's first year".into(), |y| y.to_string());
    let mut parts = vec![match chart.relative {
        Relative::Index100 => format!("relative to {base} = 100"),
        Relative::PercentChange => format!("% change since {base}"),
        Relative::Off => chart.unit.clone(),
    }];
    if chart.log_scale && chart.relative == Relative::Off {
        parts.push("log scale".into());
    }
    // Segments are sorted by x: their ends give the first and last year.
    let (first, last) = chart
        .series
        .iter()
        .flat_map(|s| &s.segments)
        .filter_map(|seg| Some((seg.first()?[0].floor(), seg.last()?[0].floor())))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (a, b)| {
            (lo.min(a), hi.max(b))
        });
    if first.is_finite() {
        parts.push(if first == last {
            format!("{first:.0}")
        } else {
            format!("{first:.0}–{last:.0}")
        });
    } else if let (Some(a), Some(b)) = (spec.from_year, spec.to_year) {
        parts.push(format!("{a}–{b}"));
    }
    parts.push(spec.options.per.means_label().into());
    parts.retain(|p| !p.is_empty());
    parts.join(" · ")
}

/// The subtitle of a ranking: year, unit, and what the bar colours mean.
pub fn ranking_subtitle(chart: &RankingChart) -> String {
    let Some(year) = chart.year else {
        return String::new();
    };
    let mut s = format!("{year}, {}", chart.unit);
    if let Some(g) = chart.guideline {
        s.push_str(&format!(
            " · green: meets the WHO guideline of {} {}, orange: exceeds it",
            draw::display_value(g, false),
            chart.unit
        ));
    }
    if chart.bars.iter().any(|b| b.year != year) {
        s.push_str(" · (year) marks a value from the nearest year with data");
    }
    s
}

fn city_legend(cities: &[String]) -> Vec<LegendEntry> {
    cities
        .iter()
        .enumerate()
        .map(|(i, c)| LegendEntry {
            label: c.clone(),
            color: theme::city_color(i),
            slot: Some(i),
        })
        .collect()
}

/// Prepares the figure of a chart view. `fallback_source` names the data when the
/// observations carry no source text (usually the file names).
pub fn prepare(
    ds: &Dataset,
    spec: &ChartSpec,
    fallback_source: &str,
) -> Result<Figure, FigureError> {
    let catalog = Catalog::bundled();
    let mut notes = Vec::new();
    let (title, subtitle, legend, body) = match spec.view {
        View::OverTime => {
            let chart = prepare::over_time(ds, spec, &spec.indicator);
            let legend = chart
                .series
                .iter()
                .map(|s| LegendEntry {
                    label: s.city.clone(),
                    color: theme::city_color(s.slot),
                    slot: Some(s.slot),
                })
                .collect();
            let missing: Vec<String> = spec
                .cities
                .iter()
                .filter(|c| {
                    let key = query::place_key(catalog, c);
                    !chart.series.iter().any(|s| s.city == key)
                })
                .cloned()
                .collect();
            if !missing.is_empty() && chart.empty_reason.is_none() {
                notes.push(format!("No data for {}", missing.join(", ")));
            }
            (
                chart.title.clone(),
                over_time_subtitle(spec, &chart),
                legend,
                Body::OverTime(chart),
            )
        }
        View::Ranking => {
            let chart = prepare::ranking(ds, spec);
            let missing: Vec<String> = spec
                .cities
                .iter()
                .filter(|c| {
                    let key = query::place_key(catalog, c);
                    !chart.bars.iter().any(|b| b.city == key)
                })
                .cloned()
                .collect();
            if let (Some(year), false) = (chart.year, missing.is_empty()) {
                notes.push(format!(
                    "No value within 3 years of {year} for {}",
                    missing.join(", ")
                ));
            }
            let legend = match chart.guideline {
                Some(_) => vec![
                    LegendEntry {
                        label: "meets the WHO guideline".into(),
                        color: theme::MEETS,
                        slot: None,
                    },
                    LegendEntry {
                        label: "exceeds it".into(),
                        color: theme::EXCEEDS,
                        slot: None,
                    },
                ],
                None => Vec::new(),
            };
            (
                chart.title.clone(),
                ranking_subtitle(&chart),
                legend,
                Body::Ranking(chart),
            )
        }
        View::Compare => {
            let cities: Vec<String> = spec
                .cities
                .iter()
                .take(4)
                .map(|c| query::place_key(catalog, c))
                .collect();
            if spec.cities.len() > 4 {
                notes.push(format!(
                    "Showing the first 4 of {} selected cities",
                    spec.cities.len()
                ));
            }
            let rows = prepare::compare(ds, spec);
            let mut sub =
                "latest value and its year · difference to the first city · best value in green · trend"
                    .to_string();
            if let Some(to) = spec.to_year {
                sub = format!("up to {to} · {sub}");
            }
            (
                format!("{} compared", cities.join(", ")),
                sub,
                city_legend(&cities),
                Body::Compare { cities, rows },
            )
        }
        View::Multiples => {
            let charts: Vec<OverTimeChart> = prepare::theme_indicators(ds, spec.theme_group)
                .iter()
                .map(|id| prepare::over_time(ds, spec, id))
                .collect();
            let per = spec.options.per.means_label();
            (
                format!("{} indicators", spec.theme_group.label()),
                format!("each panel has its own axis and unit · {per}"),
                city_legend(
                    &spec
                        .cities
                        .iter()
                        .map(|c| query::place_key(catalog, c))
                        .collect::<Vec<_>>(),
                ),
                Body::Multiples {
                    theme: spec.theme_group,
                    charts,
                },
            )
        }
        View::Table | View::Sources => return Err(FigureError::NotAChart(spec.view.label())),
    };
    let behind = chart_data(ds, spec)?;
    let mut sources: Vec<String> = behind
        .distinct(col::SOURCE)
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect();
    if sources.len() > 3 {
        let more = sources.len() - 3;
        sources.truncate(3);
        sources.push(format!("and {more} more"));
    }
    let source = if sources.is_empty() {
        fallback_source.to_string()
    } else {
        sources.join("; ")
    };
    Ok(Figure {
        title,
        subtitle,
        legend,
        body,
        notes,
        source,
    })
}

/// The exact observations behind a view, as the chart uses them: yearly or monthly means for
/// over time and small multiples, the bars of a ranking, the yearly means of the compared
/// cities, and the raw observations for the table.
pub fn chart_data(ds: &Dataset, spec: &ChartSpec) -> Result<Dataset, FigureError> {
    let err = |e: PolarsError| FigureError::Query(e.to_string());
    let base = Query {
        indicators: vec![spec.indicator.clone()],
        places: spec.cities.clone(),
        from_year: spec.from_year,
        to_year: spec.to_year,
        per: Some(spec.options.per),
    };
    let q = match spec.view {
        View::OverTime => base,
        View::Table | View::Sources => Query { per: None, ..base },
        View::Multiples => Query {
            indicators: prepare::theme_indicators(ds, spec.theme_group),
            ..base
        },
        View::Compare => Query {
            indicators: Vec::new(),
            places: spec.cities.iter().take(4).cloned().collect(),
            per: Some(Period::Year),
            ..base
        },
        View::Ranking => {
            let chart = prepare::ranking(ds, spec);
            let q = Query {
                from_year: None,
                to_year: None,
                per: Some(Period::Year),
                ..base
            };
            let all = query::run(ds, &q).map_err(err)?;
            let bars: HashSet<(String, i32)> = chart
                .bars
                .iter()
                .map(|b| (b.city.clone(), b.year))
                .collect();
            return keep_rows(&all, |place, year| {
                bars.contains(&(place.to_string(), year))
            })
            .map_err(err);
        }
    };
    if q.indicators.is_empty() && spec.view == View::Multiples {
        // No indicator of the theme: nothing behind the chart.
        return keep_rows(&query::run(ds, &q).map_err(err)?, |_, _| false).map_err(err);
    }
    query::run(ds, &q).map_err(err)
}

/// The rows of a dataset whose (place, year) passes `keep`.
fn keep_rows(ds: &Dataset, keep: impl Fn(&str, i32) -> bool) -> PolarsResult<Dataset> {
    let f = &ds.frame;
    let place = f.column(col::PLACE)?.cast(&DataType::String)?;
    let place = place.str()?;
    let t = f.column(col::TIME)?.cast(&DataType::Int64)?;
    let t = t.i64()?;
    let mask: BooleanChunked = place
        .iter()
        .zip(t.iter())
        .map(|(p, t)| match (p, t) {
            (Some(p), Some(t)) => keep(p, time::year_of(t)),
            _ => false,
        })
        .collect();
    Ok(Dataset {
        frame: f.filter(&mask)?,
        resolution: ds.resolution,
        parts: ds.parts.clone(),
        path: ds.path.clone(),
    })
}

/// Draws a whole figure into `ui`: header with title, subtitle and legend; the chart; a footer
/// with notes, the source and "made with citydash". The background is the renderer's clear
/// colour: nothing here paints it again.
pub fn draw(ui: &mut Ui, fig: &Figure) {
    let strong = ui.visuals().strong_text_color();
    let weak = ui.visuals().weak_text_color();
    let frame = |top: i8, bottom: i8| {
        egui::Frame::new().inner_margin(egui::Margin {
            left: 28,
            right: 28,
            top,
            bottom,
        })
    };
    egui::Panel::top("figure_header")
        .frame(frame(20, 8))
        .show_separator_line(false)
        .resizable(false)
        .show(ui, |ui| {
            ui.add(Label::new(RichText::new(&fig.title).size(26.0).strong().color(strong)).wrap());
            if !fig.subtitle.is_empty() {
                ui.add(Label::new(RichText::new(&fig.subtitle).size(15.0).color(weak)).wrap());
            }
            if !fig.legend.is_empty() {
                ui.add_space(8.0);
                legend(ui, &fig.legend);
            }
        });
    egui::Panel::bottom("figure_footer")
        .frame(frame(6, 14))
        .show_separator_line(false)
        .resizable(false)
        .show(ui, |ui| {
            for note in &fig.notes {
                ui.add(Label::new(RichText::new(note).size(12.0).color(weak)).wrap());
            }
            ui.horizontal_top(|ui| {
                let brand = RichText::new("made with citydash").size(12.0).color(weak);
                let brand_width = 140.0;
                ui.allocate_ui(
                    egui::vec2((ui.available_width() - brand_width).max(100.0), 0.0),
                    |ui| {
                        ui.add(
                            Label::new(
                                RichText::new(format!("Source: {}", fig.source))
                                    .size(12.0)
                                    .color(weak),
                            )
                            .wrap(),
                        );
                    },
                );
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                    ui.label(brand);
                });
            });
        });
    egui::CentralPanel::default()
        .frame(frame(4, 4))
        .show(ui, |ui| match &fig.body {
            Body::OverTime(chart) => draw::over_time(ui, chart, "figure_over_time", false),
            Body::Ranking(chart) => draw::ranking(ui, chart, "figure_ranking"),
            Body::Compare { cities, rows } => {
                if cities.len() < 2 {
                    draw::empty_state(ui, "Select two to four cities to compare them side by side");
                } else {
                    draw::compare_grid(ui, cities, rows, true);
                }
            }
            Body::Multiples { theme, charts } => draw::multiples_grid(ui, *theme, charts, false),
        });
}

/// The legend: each entry's swatch and label, wrapped over as many lines as needed; long
/// lists use a smaller font.
fn legend(ui: &mut Ui, entries: &[LegendEntry]) {
    let size = if entries.len() > 12 { 12.0 } else { 14.0 };
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 6.0;
        for e in entries {
            let text = ui.painter().layout_no_wrap(
                e.label.clone(),
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
            match e.slot {
                Some(slot) => {
                    let y = rect.center().y;
                    let points = [egui::pos2(rect.left(), y), egui::pos2(rect.right(), y)];
                    let stroke = egui::Stroke::new(3.0, e.color);
                    match theme::city_line_style(slot) {
                        egui_plot::LineStyle::Solid => {
                            painter.line_segment(points, stroke);
                        }
                        _ => {
                            painter.extend(egui::Shape::dashed_line(&points, stroke, 5.0, 3.0));
                        }
                    }
                }
                None => {
                    painter.rect_filled(rect.shrink(2.0), 2.0, e.color);
                }
            }
            ui.label(text);
            ui.add_space(12.0);
        }
    });
}
