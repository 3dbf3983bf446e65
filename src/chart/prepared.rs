//! A prepared chart: everything a figure shows — title, subtitle, legend, the body (series,
//! bars, comparison rows, table rows), notes and sources — and the exact rows behind it. The
//! window draws it, the PNG exporter draws it, and the CSV export writes its rows.

use egui::Color32;

use super::compare::CompareChart;
use super::map::MapChart;
use super::multiples::MultiplesChart;
use super::over_time::OverTimeChart;
use super::query::{ChartQuery, View};
use super::ranking::RankingChart;
use super::scatter::ScatterChart;
use super::scorecard::ScorecardChart;
use super::table::TableData;
use super::text::{Text, TextArg};
use crate::data::dataset::{Dataset, col};

/// Why a chart could not be prepared.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChartError {
    #[error("the {0} view is not a chart (export the table as CSV instead)")]
    NotAChart(&'static str),
    #[error("querying the data: {0}")]
    Query(String),
    /// The view's data could not be read from its source (a database table's address, and
    /// what went wrong).
    #[error("{0}")]
    Source(String),
}

impl From<polars::prelude::PolarsError> for ChartError {
    fn from(e: polars::prelude::PolarsError) -> Self {
        ChartError::Query(e.to_string())
    }
}

/// How a legend entry's swatch looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Swatch {
    /// A line in the style of the city's slot (solid, dashed, dotted).
    Line { slot: usize },
    /// A filled block (bar colours).
    Block,
    /// A point's marker (scatter plots' countries).
    Marker(egui_plot::MarkerShape),
}

/// One legend entry: a label in its colour.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendEntry {
    pub label: Text,
    pub color: Color32,
    pub swatch: Swatch,
}

/// What a figure shows under its header.
#[derive(Debug, Clone)]
pub enum Body {
    /// Nothing to draw, and why ("Select at least one city").
    Message(Text),
    OverTime(OverTimeChart),
    Ranking(RankingChart),
    Compare(CompareChart),
    Multiples(MultiplesChart),
    Scatter(ScatterChart),
    Scorecard(ScorecardChart),
    Map(MapChart),
    Table(TableData),
}

/// A chart ready to draw and export.
#[derive(Debug, Clone)]
pub struct PreparedChart {
    /// The query it was prepared for, as [`ChartQuery::for_view`] gives it.
    pub query: ChartQuery,
    pub title: Text,
    pub subtitle: Text,
    pub legend: Vec<LegendEntry>,
    pub body: Body,
    /// Notes under the chart: cities not shown, values from other years, values a log axis
    /// left out.
    pub notes: Vec<Text>,
    /// The distinct sources of the rows behind the chart.
    pub sources: Vec<String>,
    /// The exact rows behind the chart (aggregated as drawn); the CSV export writes these.
    pub rows: Dataset,
}

impl PreparedChart {
    /// A chart of `query` with a title and nothing drawn but `message`.
    pub fn message(query: &ChartQuery, title: Text, message: Text, rows: Dataset) -> Self {
        PreparedChart {
            query: query.clone(),
            title,
            subtitle: Text::raw(""),
            legend: Vec::new(),
            body: Body::Message(message),
            notes: Vec::new(),
            sources: Vec::new(),
            rows,
        }
    }

    /// True when the view is drawn as a figure (not the table).
    pub fn is_figure(&self) -> bool {
        self.query.view.is_figure()
    }

    /// The footer's source line: the sources of the rows, else `fallback` (the file names).
    pub fn source_line(&self, fallback: &str) -> Text {
        if self.sources.is_empty() {
            return Text::raw(fallback);
        }
        let mut shown: Vec<Text> = self
            .sources
            .iter()
            .take(3)
            .map(|s| {
                // The bundled sample's own source is citydash's words: said in the figure's
                // language. Every other source is the data's text, kept as written.
                if s == crate::data::open::SAMPLE_SOURCE {
                    Text::msg("sample-source")
                } else {
                    Text::Raw(s.clone())
                }
            })
            .collect();
        if self.sources.len() > 3 {
            let more = (self.sources.len() - 3) as i64;
            shown.push(Text::with(
                "and-n-more",
                vec![("count", TextArg::Count(more))],
            ));
        }
        // A source's closing full stop is dropped before the next one ("WHO (2022).; World
        // Bank" read as a typo); the last keeps it.
        let last = shown.len().saturating_sub(1);
        for t in &mut shown[..last] {
            if let Text::Raw(s) = t
                && let Some(stripped) = s.strip_suffix('.')
            {
                *s = stripped.to_string();
            }
        }
        Text::Join(shown, "; ")
    }

    /// The view the chart shows.
    pub fn view(&self) -> View {
        self.query.view
    }
}

/// The distinct, non-empty sources of a set of rows; aggregated rows list several sources
/// joined by "; ".
pub fn sources_of(rows: &Dataset) -> Vec<String> {
    let mut out: Vec<String> = rows
        .distinct(col::SOURCE)
        .iter()
        .flat_map(|s| s.split(crate::data::query::SOURCE_SEPARATOR))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn sources_are_listed_without_a_stop_before_the_next() {
        let mut chart = PreparedChart::message(
            &ChartQuery::default(),
            Text::raw("t"),
            Text::raw("m"),
            crate::data::load_bytes(
                b"city,year,pm25\nAstana,2020,8\n",
                "t.csv",
                &Default::default(),
            )
            .unwrap()
            .dataset,
        );
        chart.sources = vec!["WHO (2022).".into(), "World Bank.".into()];
        assert_eq!(
            chart.source_line("f.csv").localize(Lang::En),
            "WHO (2022); World Bank."
        );
        chart.sources = ["A.", "B.", "C.", "D."].map(String::from).to_vec();
        assert_eq!(
            chart.source_line("f.csv").localize(Lang::En),
            "A; B; C; and 1 more"
        );
        chart.sources.clear();
        assert_eq!(chart.source_line("f.csv").localize(Lang::En), "f.csv");
    }
}
