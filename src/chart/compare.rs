//! The side-by-side comparison: a column per city, a row per indicator (grouped by theme)
//! with the latest value in the year range, its year and the trend.

use std::collections::BTreeMap;

use super::points;
use super::prepared::{Body, ChartError, LegendEntry, PreparedChart, Swatch, sources_of};
use super::query::{COMPARE_MAX, ChartQuery};
use super::text::{Text, TextArg};
use super::theme;
use crate::data::Dataset;
use crate::data::catalog::{Catalog, Direction, Theme};
use crate::data::query::{Period, Query, place_key};

/// One cell of the comparison: the latest value of an indicator for a city.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareCell {
    pub value: f64,
    pub year: i32,
    /// The trend as (year, value) for a sparkline.
    pub trend: Vec<[f64; 2]>,
}

/// One indicator row of the comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareRow {
    pub indicator: String,
    pub title: Text,
    pub unit: String,
    pub theme: Option<Theme>,
    pub better: Direction,
    pub cells: Vec<Option<CompareCell>>,
}

impl CompareRow {
    /// Index of the best cell by the indicator's direction (none for neutral indicators).
    pub fn best(&self) -> Option<usize> {
        let values = self
            .cells
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((i, c.as_ref()?.value)));
        match self.better {
            Direction::Lower => values.min_by(|a, b| a.1.total_cmp(&b.1)).map(|v| v.0),
            Direction::Higher => values.max_by(|a, b| a.1.total_cmp(&b.1)).map(|v| v.0),
            Direction::Neutral => None,
        }
    }
}

/// A prepared comparison.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompareChart {
    /// The compared cities, in column order.
    pub cities: Vec<String>,
    pub rows: Vec<CompareRow>,
}

/// The message shown while fewer than two cities are selected.
pub fn too_few_message() -> Text {
    Text::with(
        "compare-too-few",
        vec![("count", TextArg::Count(COMPARE_MAX as i64))],
    )
}

/// (year, value) points of one city.
type Trend = Vec<[f64; 2]>;

fn theme_rank(t: Option<Theme>) -> usize {
    match t {
        Some(Theme::Air) => 0,
        Some(Theme::Energy) => 1,
        Some(Theme::Waste) => 2,
        None => 3,
    }
}

/// The rows of the comparison from yearly points: catalog indicators first, by theme.
fn rows(pts: Vec<points::Point>, cities: &[String]) -> Vec<CompareRow> {
    let catalog = Catalog::bundled();
    // indicator → (unit, one trend per city)
    let mut table: BTreeMap<String, (String, Vec<Trend>)> = BTreeMap::new();
    for p in pts {
        let Some(slot) = cities.iter().position(|c| *c == p.place) else {
            continue;
        };
        let entry = table
            .entry(p.indicator)
            .or_insert_with(|| (p.unit, vec![Vec::new(); cities.len()]));
        entry.1[slot].push([p.x, p.value]);
    }
    let cell = |mut trend: Trend| {
        trend.sort_by(|a, b| a[0].total_cmp(&b[0]));
        let last = *trend.last()?;
        Some(CompareCell {
            value: last[1],
            year: last[0] as i32,
            trend,
        })
    };
    let mut rows: Vec<CompareRow> = table
        .into_iter()
        .map(|(id, (unit, per_city))| {
            let known = catalog.indicator(&id);
            CompareRow {
                title: points::indicator_title(&id),
                theme: known.map(|k| k.theme),
                better: known.map_or(Direction::Neutral, |k| k.better),
                unit,
                cells: per_city.into_iter().map(cell).collect(),
                indicator: id,
            }
        })
        .collect();
    let catalog_rank = |id: &str| {
        catalog
            .indicators
            .iter()
            .position(|i| i.id == id)
            .unwrap_or(usize::MAX)
    };
    rows.sort_by_key(|r| {
        let rank = (theme_rank(r.theme), catalog_rank(&r.indicator));
        (rank, r.indicator.clone())
    });
    rows
}

/// Prepares the comparison of the query's first [`COMPARE_MAX`] cities: every indicator with
/// data, the latest value per city within the year range, and its trend.
pub fn prepare(ds: &Dataset, q: &ChartQuery) -> Result<PreparedChart, ChartError> {
    let catalog = Catalog::bundled();
    let cities: Vec<String> = q
        .cities
        .iter()
        .take(COMPARE_MAX)
        .map(|c| place_key(catalog, c))
        .collect();
    let rows_behind = points::run(
        ds,
        &Query {
            places: cities.clone(),
            from_year: q.from_year,
            to_year: q.to_year,
            per: Some(Period::Year),
            ..Default::default()
        },
    )?;
    if cities.len() < 2 {
        let title = Text::msg("compare-side-by-side");
        return Ok(PreparedChart::message(
            q,
            title,
            too_few_message(),
            rows_behind,
        ));
    }
    let chart = CompareChart {
        rows: rows(points::points(&rows_behind, Period::Year)?, &cities),
        cities,
    };
    let mut notes = Vec::new();
    if q.cities.len() > COMPARE_MAX {
        notes.push(Text::with(
            "note-compare-first",
            vec![
                ("shown", TextArg::Count(COMPARE_MAX as i64)),
                ("count", TextArg::Count(q.cities.len() as i64)),
            ],
        ));
    }
    let shown = |c: &str| {
        chart
            .rows
            .iter()
            .any(|r| r.cells[slot_of(&chart, c)].is_some())
    };
    notes.extend(points::not_shown_note(&chart.cities, shown));
    let mut subtitle = vec![Text::msg("compare-subtitle")];
    if let Some(to) = q.to_year {
        subtitle.insert(0, Text::with("years-to", vec![("year", TextArg::Year(to))]));
    }
    let subtitle = Text::Join(subtitle, " · ");
    let legend = chart
        .cities
        .iter()
        .enumerate()
        .map(|(i, c)| LegendEntry {
            label: super::over_time::place_text(c),
            color: theme::city_color(i),
            swatch: Swatch::Line { slot: i },
        })
        .collect();
    let body = match chart.rows.is_empty() {
        true => Body::Message(Text::msg("no-data-these-cities")),
        false => Body::Compare(chart.clone()),
    };
    Ok(PreparedChart {
        query: q.clone(),
        title: Text::with(
            "compare-title",
            vec![("places", TextArg::Places(chart.cities.clone()))],
        ),
        subtitle,
        legend,
        body,
        notes,
        sources: sources_of(&rows_behind),
        rows: rows_behind,
    })
}

fn slot_of(chart: &CompareChart, city: &str) -> usize {
    chart.cities.iter().position(|c| c == city).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_support::{en, query, sample};

    fn compare(cities: &[&str]) -> (CompareChart, PreparedChart) {
        let mut q = query(cities);
        q.view = crate::chart::View::Compare;
        let p = crate::chart::prepare(&sample(), &q).unwrap();
        match &p.body {
            Body::Compare(c) => (c.clone(), p),
            other => panic!("not a comparison: {other:?}"),
        }
    }

    #[test]
    fn compare_takes_latest_values_and_direction() {
        let (c, _) = compare(&["Astana", "Almaty"]);
        let pm = c.rows.iter().find(|r| r.indicator == "pm25").unwrap();
        assert_eq!(
            pm.cells[0].as_ref().map(|c| (c.value, c.year)),
            Some((20.0, 2018))
        );
        assert_eq!(pm.best(), Some(0), "lower PM2.5 is better");
        let rr = c
            .rows
            .iter()
            .find(|r| r.indicator == "recycling_rate")
            .unwrap();
        assert_eq!(rr.best(), Some(1), "higher recycling is better");
        assert_eq!(c.rows[0].indicator, "pm25", "air quality first");
    }

    #[test]
    fn a_compared_city_without_data_is_named() {
        let (c, p) = compare(&["Astana", "Almaty", "Tehran"]);
        assert_eq!(c.cities.len(), 3);
        assert_eq!(en(&p.notes), vec!["Not shown, no data: Tehran".to_string()]);
    }
}
