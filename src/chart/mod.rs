//! Charts as data. A [`ChartQuery`] (what decides the data) goes through one [`prepare`] into a
//! [`PreparedChart`] — title, subtitle, legend, body, notes, sources and the exact rows behind
//! it — which [`draw`] draws the same way in the window and in exported figures; the size and
//! theme of a figure are apart, in [`FigureOptions`].
//!
//! Adding a view means a module with its prepare function (pure, no egui drawing), a
//! [`prepared::Body`] variant, and a draw function in [`draw`].

pub mod compare;
pub mod draw;
pub mod geo;
pub mod geo_borders;
pub mod map;
pub mod multiples;
pub mod over_time;
pub mod points;
pub mod prepared;
pub mod query;
pub mod ranking;
pub mod scatter;
pub mod scorecard;
pub mod series;
pub mod source;
pub mod spec;
pub mod table;
pub mod text;
pub mod theme;
pub mod thin;

pub use prepared::{Body, ChartError, LegendEntry, PreparedChart, Swatch};
pub use query::{COMPARE_MAX, ChartOptions, ChartQuery, QueryError, Relative, View};
pub use source::ChartData;
pub use spec::{ChartSpec, FigureOptions};
pub use text::{Text, TextArg};

use crate::data::Dataset;

/// Prepares the chart of a query: the one path from data to what the window, the PNG
/// exporter and the CSV export show. Errors are query failures; an empty selection or a
/// missing indicator gives a chart whose body says so.
pub fn prepare(ds: &Dataset, query: &ChartQuery) -> Result<PreparedChart, ChartError> {
    let mut clock = crate::data::timing::PhaseClock::start();
    let mut q = query.for_view();
    // Monthly or daily means of data that has none (annual values) would be annual values
    // called monthly means: such data is drawn as the annual means it is.
    if ds.resolution == crate::data::TimeResolution::Year {
        q.options.per = crate::data::query::Period::Year;
    }
    let mut chart = match q.view {
        View::OverTime => over_time::prepare(ds, &q),
        View::Ranking => ranking::prepare(ds, &q),
        View::Compare => compare::prepare(ds, &q),
        View::Multiples => multiples::prepare(ds, &q),
        View::Scatter => scatter::prepare(ds, &q),
        View::Scorecard => scorecard::prepare(ds, &q),
        View::Map => map::prepare(ds, &q),
        View::Table => table::prepare(ds, &q),
        View::Sources => Err(ChartError::NotAChart(View::Sources.label())),
    }?;
    clock.lap("prepare the chart");
    // Values without a date cannot be placed on a time axis or in a year: named, not dropped
    // silently (the table lists them as they are).
    let indicators = q.indicators();
    // Ranking and Compare draw a city's undated value, marked, when it has no dated one.
    let drawn = points::undated_places(&chart.rows)?;
    let cities: Vec<String> = q
        .cities
        .iter()
        .filter(|c| !drawn.contains(c))
        .cloned()
        .collect();
    if q.view != View::Table
        && let Some(note) = points::undated_note(ds, &indicators, &cities)?
    {
        chart.notes.push(note);
    }
    // A source read only in part (a database result cut at its row cap) is named: the chart
    // may lack rows that exist.
    for cut in &ds.cuts {
        let id = match cut.means {
            None => "note-row-cap",
            Some(_) => "note-row-cap-means",
        };
        chart.notes.insert(
            0,
            Text::with(
                id,
                vec![
                    ("count", TextArg::Count(cut.rows as i64)),
                    ("source", TextArg::Text(Text::raw(cut.source.clone()))),
                ],
            ),
        );
    }
    // The synthetic sample is marked wherever it is drawn.
    if chart
        .sources
        .iter()
        .any(|s| s == crate::data::open::SAMPLE_SOURCE)
    {
        chart.notes.insert(0, Text::msg("note-sample"));
    }
    Ok(chart)
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::ChartQuery;
    use crate::data::{Dataset, LoadOptions, load_bytes};

    /// Two cities, two indicators, gaps and a zero.
    pub fn sample() -> Dataset {
        let csv = "city,year,indicator,value\n\
                   Astana,2015,pm25,40\nAstana,2016,pm25,30\nAstana,2018,pm25,20\n\
                   Almaty,2015,pm25,50\nAlmaty,2016,pm25,0\nAlmaty,2018,pm25,45\n\
                   Astana,2018,recycling_rate,10\nAlmaty,2017,recycling_rate,12\n";
        load_bytes(csv.as_bytes(), "t.csv", &LoadOptions::default())
            .unwrap()
            .dataset
    }

    /// Texts written in English.
    pub fn en(texts: &[crate::chart::Text]) -> Vec<String> {
        texts
            .iter()
            .map(|t| t.localize(crate::i18n::Lang::En))
            .collect()
    }

    /// An over-time query of PM2.5 for these cities.
    pub fn query(cities: &[&str]) -> ChartQuery {
        ChartQuery {
            cities: cities.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        }
    }
}
