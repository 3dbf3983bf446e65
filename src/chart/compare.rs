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

/// One cell of the comparison: an indicator's value for a city in the row's year (or its
/// latest, marked when that is another year).
#[derive(Debug, Clone, PartialEq)]
pub struct CompareCell {
    pub value: f64,
    /// The value's year; `None` when the data gives none (marked "year not given").
    pub year: Option<i32>,
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
    /// The row's year: the one chosen, or the latest of its cells; `None` when no cell has
    /// a year.
    pub year: Option<i32>,
}

impl CompareRow {
    /// True when a cell's value comes from another year than the row's.
    pub fn other_year(&self, cell: &CompareCell) -> bool {
        cell.year.is_none() || cell.year != self.year
    }

    /// Index of the best cell by the indicator's direction, among the cells of the row's
    /// year only (none for neutral indicators): a value is never called best against values
    /// of other years.
    pub fn best(&self) -> Option<usize> {
        let values = self
            .cells
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((i, c.as_ref()?)))
            .filter(|(_, c)| c.year.is_some() && c.year == self.year)
            .map(|(i, c)| (i, c.value));
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
    /// Each city's colour slot ([`theme::place_slots`]).
    pub slots: Vec<usize>,
    pub rows: Vec<CompareRow>,
}

/// Which year's values the comparison shows.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum CompareYear {
    /// Each city's latest value in the year range (values of other years than the row's
    /// latest are marked).
    #[default]
    Latest,
    /// The latest year every compared city has a value for, per indicator.
    Common,
    /// The values of one year.
    Year(i32),
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

/// The year of a row: the chosen one, the latest all cities share, or the latest of any.
fn row_year(trends: &[Trend], choice: CompareYear) -> Option<i32> {
    let years = |t: &Trend| {
        t.iter()
            .map(|p| p[0] as i32)
            .collect::<std::collections::BTreeSet<_>>()
    };
    match choice {
        CompareYear::Year(y) => Some(y),
        CompareYear::Latest => trends.iter().flatten().map(|p| p[0] as i32).max(),
        CompareYear::Common => {
            let mut sets = trends.iter().filter(|t| !t.is_empty()).map(years);
            let first = sets.next()?;
            let common = sets.fold(first, |a, s| a.intersection(&s).copied().collect());
            common.last().copied()
        }
    }
}

/// A city's cell in a row of `year`: that year's value, or with [`CompareYear::Latest`] its
/// latest value (marked when it is of another year).
fn cell(
    mut trend: Trend,
    year: Option<i32>,
    undated: Option<f64>,
    choice: CompareYear,
) -> Option<CompareCell> {
    trend.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let at = match choice {
        CompareYear::Latest => trend.last().copied(),
        CompareYear::Common | CompareYear::Year(_) => {
            trend.iter().find(|p| Some(p[0] as i32) == year).copied()
        }
    };
    match (at, undated, choice) {
        (Some(at), _, _) => Some(CompareCell {
            value: at[1],
            year: Some(at[0] as i32),
            trend,
        }),
        // Latest values only: a value without a year is no value of a chosen year.
        (None, Some(value), CompareYear::Latest) => Some(CompareCell {
            value,
            year: None,
            trend,
        }),
        (None, _, _) => None,
    }
}

/// The rows of the comparison from yearly points: catalog indicators first, by theme.
fn rows(
    pts: Vec<points::Point>,
    undated: &BTreeMap<(String, String), (f64, String)>,
    cities: &[String],
    choice: CompareYear,
) -> (Vec<CompareRow>, Vec<String>) {
    let catalog = Catalog::bundled();
    let mut left_out = Vec::new();
    // indicator → (unit, one trend per city)
    let mut table: BTreeMap<String, (String, Vec<Trend>)> = BTreeMap::new();
    if choice == CompareYear::Latest {
        for ((_, indicator), (_, unit)) in undated {
            table
                .entry(indicator.clone())
                .or_insert_with(|| (unit.clone(), vec![Vec::new(); cities.len()]));
        }
    }
    for p in pts {
        let Some(slot) = cities.iter().position(|c| *c == p.place) else {
            continue;
        };
        let entry = table
            .entry(p.indicator)
            .or_insert_with(|| (p.unit, vec![Vec::new(); cities.len()]));
        entry.1[slot].push([p.x, p.value]);
    }
    let mut rows: Vec<CompareRow> = table
        .into_iter()
        .filter_map(|(id, (unit, per_city))| {
            let known = catalog.indicator(&id);
            let year = row_year(&per_city, choice);
            let undated_of = |slot: usize| {
                undated
                    .get(&(cities[slot].clone(), id.clone()))
                    .map(|u| u.0)
            };
            let cells: Vec<Option<CompareCell>> = per_city
                .into_iter()
                .enumerate()
                .map(|(slot, t)| cell(t, year, undated_of(slot), choice))
                .collect();
            if cells.iter().all(Option::is_none) {
                left_out.push(id);
                return None;
            }
            Some(CompareRow {
                year,
                title: points::indicator_title(&id),
                theme: known.map(|k| k.theme),
                better: known.map_or(Direction::Neutral, |k| k.better),
                unit,
                cells,
                indicator: id,
            })
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
    (rows, left_out)
}

/// The subtitle: which values, the reference city, what the colours and lines mean.
fn subtitle(q: &ChartQuery, chart: &CompareChart) -> Text {
    let choice = q.compare_year;
    let mut subtitle = vec![match choice {
        CompareYear::Latest => Text::msg("compare-latest"),
        CompareYear::Common => Text::msg("compare-common"),
        CompareYear::Year(y) => Text::with("compare-year", vec![("year", TextArg::Year(y))]),
    }];
    // The reference city is named: a crowded figure writes differences as bare numbers.
    let reference = chart.cities.first().cloned().unwrap_or_default();
    subtitle.push(Text::with(
        "compare-subtitle",
        vec![("place", TextArg::Place(reference))],
    ));
    if let Some(to) = q.to_year {
        subtitle.insert(0, Text::with("years-to", vec![("year", TextArg::Year(to))]));
    }
    Text::Join(subtitle, " · ")
}

/// The notes of the compared cities' values and trend points averaged from several sources.
fn blend_notes(pts: &[points::Point], cities: &[String]) -> Vec<Text> {
    // The rows' own test: a point is a compared city's by its name as the query returns it.
    super::series::source_notes(pts.iter().filter(|p| cities.contains(&p.place)), true)
}

/// The compared cities: the reference city first, then the other selected cities, at most
/// [`COMPARE_MAX`].
pub fn columns(q: &ChartQuery) -> Vec<String> {
    let catalog = Catalog::bundled();
    let keys: Vec<String> = q.cities.iter().map(|c| place_key(catalog, c)).collect();
    let reference = q
        .reference
        .as_ref()
        .map(|r| place_key(catalog, r))
        .filter(|r| keys.contains(r));
    let mut out: Vec<String> = reference.iter().cloned().collect();
    out.extend(keys.into_iter().filter(|k| Some(k) != reference.as_ref()));
    out.truncate(COMPARE_MAX);
    out
}

/// Notes on values from other years than their row's, which are marked and never called
/// best.
fn year_notes(chart: &CompareChart, choice: CompareYear) -> Vec<Text> {
    let cells = || {
        chart
            .rows
            .iter()
            .flat_map(|r| r.cells.iter().flatten().map(move |c| (r, c)))
    };
    let other = cells()
        .filter(|(r, c)| c.year.is_some() && r.other_year(c))
        .count();
    let undated = cells().filter(|(_, c)| c.year.is_none()).count();
    let mut notes = Vec::new();
    if other > 0 && choice == CompareYear::Latest {
        notes.push(Text::with(
            "note-compare-other-years",
            vec![("count", TextArg::Count(other as i64))],
        ));
    }
    if undated > 0 {
        notes.push(Text::with(
            "note-compare-undated",
            vec![("count", TextArg::Count(undated as i64))],
        ));
    }
    notes
}

/// Prepares the comparison of the query's first [`COMPARE_MAX`] cities: every indicator with
/// data, the latest value per city within the year range, and its trend.
pub fn prepare(ds: &Dataset, q: &ChartQuery) -> Result<PreparedChart, ChartError> {
    let cities = columns(q);
    let rows_behind = points::run(
        ds,
        &Query {
            places: cities.clone(),
            from_year: q.from_year,
            to_year: q.to_year,
            per: Some(Period::Year),
            keep_undated: true,
            ..Default::default()
        },
    )?;
    let points::UnitSplit {
        rows: rows_behind,
        notes: unit_notes,
        ..
    } = points::one_unit(rows_behind)?;
    let undated = points::undated_values(&rows_behind)?;
    if cities.len() < 2 {
        let title = Text::msg("compare-side-by-side");
        return Ok(PreparedChart::message(
            q,
            title,
            too_few_message(),
            rows_behind,
        ));
    }
    let choice = q.compare_year;
    let pts = points::points(&rows_behind, Period::Year)?;
    let blend_notes = blend_notes(&pts, &cities);
    let (rows, left_out) = rows(pts, &undated, &cities, choice);
    let chart = CompareChart {
        rows,
        slots: theme::place_slots(&cities),
        cities,
    };
    let rows_behind = points::drop_undated_except(&rows_behind, &drawn_undated(&chart))?;
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
    notes.extend(unit_notes);
    notes.extend(year_notes(&chart, choice));
    notes.extend(blend_notes);
    if !left_out.is_empty() {
        // Indicators the cities have values of, but none in the year compared.
        let names = left_out
            .into_iter()
            .map(|id| Text::with("indicator", vec![("name", TextArg::Indicator(id))]))
            .collect();
        let names = TextArg::Text(Text::Join(names, ", "));
        let id = match choice {
            CompareYear::Common => "note-compare-no-common-year",
            _ => "note-compare-no-year",
        };
        notes.push(Text::with(id, vec![("indicators", names)]));
    }
    let subtitle = subtitle(q, &chart);
    let legend = chart
        .cities
        .iter()
        .zip(&chart.slots)
        .map(|(c, &slot)| LegendEntry {
            label: super::over_time::place_text(c),
            color: theme::city_color(slot),
            swatch: Swatch::Line { slot },
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

/// The (city, indicator) of every cell drawn with an undated value: only their undated rows
/// stay behind the chart.
fn drawn_undated(chart: &CompareChart) -> std::collections::HashSet<(String, String)> {
    chart
        .rows
        .iter()
        .flat_map(|r| {
            r.cells.iter().enumerate().filter_map(|(i, c)| {
                c.as_ref()
                    .filter(|c| c.year.is_none())
                    .map(|_| (chart.cities[i].clone(), r.indicator.clone()))
            })
        })
        .collect()
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
            Some((20.0, Some(2018)))
        );
        assert_eq!(pm.best(), Some(0), "lower PM2.5 is better");
        assert_eq!(c.rows[0].indicator, "pm25", "air quality first");
        // Recycling: Astana has 2018, Almaty only 2017. Almaty's higher value is of another
        // year: it is marked, and not called best against Astana's 2018.
        let rr = c
            .rows
            .iter()
            .find(|r| r.indicator == "recycling_rate")
            .unwrap();
        assert_eq!(rr.year, Some(2018));
        let almaty = rr.cells[1].as_ref().unwrap();
        assert!(rr.other_year(almaty));
        assert_eq!(rr.best(), Some(0), "only values of the row's year compete");
    }

    #[test]
    fn common_and_fixed_years_compare_like_with_like() {
        let mut q = query(&["Almaty", "Astana"]);
        q.view = crate::chart::View::Compare;
        q.compare_year = CompareYear::Common;
        let p = crate::chart::prepare(&sample(), &q).unwrap();
        let Body::Compare(c) = &p.body else { panic!() };
        let pm = c.rows.iter().find(|r| r.indicator == "pm25").unwrap();
        assert_eq!(pm.year, Some(2018), "the latest year both have");
        assert!(
            c.rows.iter().all(|r| r.indicator != "recycling_rate"),
            "no common year"
        );
        q.compare_year = CompareYear::Year(2016);
        let p = crate::chart::prepare(&sample(), &q).unwrap();
        let Body::Compare(c) = &p.body else { panic!() };
        let pm = &c.rows[0];
        let values: Vec<Option<f64>> = pm
            .cells
            .iter()
            .map(|c| c.as_ref().map(|c| c.value))
            .collect();
        assert_eq!(values, vec![Some(0.0), Some(30.0)]);
        // The reference city comes first.
        q.reference = Some("Astana".into());
        assert_eq!(
            columns(&q),
            vec!["Astana".to_string(), "Almaty".to_string()]
        );
    }

    #[test]
    fn a_compared_city_without_data_is_named() {
        let (c, p) = compare(&["Astana", "Almaty", "Tehran"]);
        assert_eq!(c.cities.len(), 3);
        assert_eq!(
            en(&p.notes),
            vec![
                "Not shown, no data: Tehran".to_string(),
                "* 1 value is from an earlier year than its row's; it is not compared for the best"
                    .to_string()
            ]
        );
    }
}
