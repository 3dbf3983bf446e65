//! Shared steps of chart preparation: running a query, reading its rows as points on a time
//! axis, and the names charts give indicators and lists of cities.

use polars::prelude::*;

use super::prepared::ChartError;
use super::text::{Text, TextArg};
use crate::data::catalog::Catalog;
use crate::data::dataset::{Dataset, col};
use crate::data::query::{self, Period, Query};
use crate::data::time;

/// x position of a time: the year, plus the fraction of the year for months (twelfths) and
/// days (the elapsed part of the year).
pub fn x_of(ms: i64, per: Period) -> f64 {
    let (y, m) = time::year_month_of(ms);
    match per {
        Period::Year => f64::from(y),
        Period::Month => f64::from(y) + f64::from(m - 1) / 12.0,
        Period::Day => {
            let start = time::year_ms(y);
            let length = time::year_ms(y + 1) - start;
            f64::from(y) + (ms - start) as f64 / length as f64
        }
    }
}

/// The x distance between consecutive periods (a day is a 365th of a year, near enough for
/// telling gaps from neighbours).
pub fn x_step(per: Period) -> f64 {
    match per {
        Period::Year => 1.0,
        Period::Month => 1.0 / 12.0,
        Period::Day => 1.0 / 365.0,
    }
}

/// One aggregated observation, positioned for a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub place: String,
    pub indicator: String,
    pub x: f64,
    pub value: f64,
    pub unit: String,
    /// The share of the period with data (1 when the rows are not aggregates).
    pub coverage: f64,
    /// How many datasets or sources were averaged (1 when the rows are not aggregates).
    pub sources: u32,
    /// The largest source mean over the smallest, with several sources.
    pub spread: f64,
    /// How many stations were averaged into the value (0 when the data names no stations).
    pub stations: u32,
}

/// No rows, with the dataset's columns.
pub fn empty_rows(ds: &Dataset) -> Dataset {
    Dataset {
        frame: ds.frame.clear(),
        ..ds.clone()
    }
}

/// Observations without a date (a file with no time column, an empty time cell) of
/// `indicators` (any, when empty) for `places`: how many, and the places they are for. Charts
/// draw values at a time, so these are left out, and named (see [`undated_note`]).
pub fn undated(
    ds: &Dataset,
    indicators: &[String],
    places: &[String],
) -> Result<(usize, Vec<String>), ChartError> {
    let f = &ds.frame;
    if f.height() == 0 || places.is_empty() {
        return Ok((0, Vec::new()));
    }
    // Most data is dated: the column's null count is known without a pass over its rows.
    let time = f.column(col::TIME)?;
    if time.null_count() == 0 {
        return Ok((0, Vec::new()));
    }
    let rows = f.filter(&time.is_null())?;
    let place = text_column(&rows, col::PLACE)?;
    let ind = text_column(&rows, col::INDICATOR)?;
    let mut count = 0;
    let mut names = std::collections::BTreeSet::new();
    // Sets: a file without times has every row undated, of thousands of places.
    let places: std::collections::HashSet<&str> = places.iter().map(String::as_str).collect();
    let wanted: std::collections::HashSet<&str> = indicators.iter().map(String::as_str).collect();
    for (p, i) in place.iter().zip(ind.iter()) {
        let (Some(p), Some(i)) = (p, i) else {
            continue;
        };
        if !(wanted.is_empty() || wanted.contains(i)) || !places.contains(p) {
            continue;
        }
        count += 1;
        names.insert(p.to_string());
    }
    Ok((count, names.into_iter().collect()))
}

/// Undated values among aggregated rows, by (place, indicator): the mean of the place's
/// observations without a time (see [`Query::keep_undated`]), with its unit.
pub fn undated_values(
    rows: &Dataset,
) -> PolarsResult<std::collections::BTreeMap<(String, String), (f64, String)>> {
    let f = &rows.frame;
    let time = f.column(col::TIME)?;
    let mut out = std::collections::BTreeMap::new();
    if time.null_count() == 0 {
        return Ok(out);
    }
    let undated = f.filter(&time.is_null())?;
    let place = text_column(&undated, col::PLACE)?;
    let indicator = text_column(&undated, col::INDICATOR)?;
    let unit = text_column(&undated, col::UNIT)?;
    let value = undated.column(col::VALUE)?.cast(&DataType::Float64)?;
    let rows = place.iter().zip(indicator.iter()).zip(unit.iter());
    for (((p, i), u), v) in rows.zip(value.f64()?.iter()) {
        if let (Some(p), Some(i), Some(v)) = (p, i, v) {
            let key = (p.to_string(), i.to_string());
            out.insert(key, (v, u.unwrap_or("").to_string()));
        }
    }
    Ok(out)
}

/// The unit of the first row (the chart's unit once [`one_unit`] has run), or "".
pub fn first_unit(rows: &Dataset) -> PolarsResult<String> {
    let unit = text_column(&rows.frame, col::UNIT)?;
    Ok(unit.iter().flatten().next().unwrap_or("").to_string())
}

/// The rows without the undated ones, except those of the (place, indicator) pairs in
/// `keep`.
pub fn drop_undated_except(
    rows: &Dataset,
    keep: &std::collections::HashSet<(String, String)>,
) -> PolarsResult<Dataset> {
    let f = &rows.frame;
    let time = f.column(col::TIME)?;
    if time.null_count() == 0 {
        return Ok(rows.clone());
    }
    let place = text_column(f, col::PLACE)?;
    let indicator = text_column(f, col::INDICATOR)?;
    let mask: BooleanChunked = time
        .is_not_null()
        .iter()
        .zip(place.iter().zip(indicator.iter()))
        .map(|(dated, (p, i))| {
            dated == Some(true)
                || matches!((p, i), (Some(p), Some(i))
                    if keep.contains(&(p.to_string(), i.to_string())))
        })
        .collect();
    Ok(Dataset {
        frame: f.filter(&mask)?,
        ..rows.clone()
    })
}

/// The places of rows without a time: those a chart draws as "year not given".
pub fn undated_places(rows: &Dataset) -> PolarsResult<Vec<String>> {
    let mut places: Vec<String> = undated_values(rows)?.into_keys().map(|k| k.0).collect();
    places.dedup();
    Ok(places)
}

/// The note naming values left out for want of a date ("Not drawn, no date given: 3 values
/// (Bishkek, Tashkent)"), if there are any.
pub fn undated_note(
    ds: &Dataset,
    indicators: &[String],
    places: &[String],
) -> Result<Option<Text>, ChartError> {
    let (count, names) = undated(ds, indicators, places)?;
    Ok((count > 0).then(|| {
        Text::with(
            "note-undated",
            vec![
                ("count", TextArg::Count(count as i64)),
                ("places", TextArg::Places(names)),
            ],
        )
    }))
}

/// Runs a query; an empty dataset gives an empty result (with the dataset's columns).
pub fn run(ds: &Dataset, q: &Query) -> Result<Dataset, ChartError> {
    if ds.is_empty() {
        return Ok(empty_rows(ds));
    }
    Ok(query::run(ds, q)?)
}

/// The unit each indicator of `rows` is drawn in: the catalog's unit when some rows have it,
/// else the unit most rows have. Rows in any other unit are removed, so that an axis never
/// mixes units (the loader has already converted every unit it knows how to); the notes name
/// them ("Not drawn, given in ppm: Almaty"); the places named are returned too, so that no
/// other note says they have no data.
pub fn one_unit(rows: Dataset) -> Result<UnitSplit, ChartError> {
    let f = &rows.frame;
    if f.height() == 0 {
        return Ok(UnitSplit {
            rows,
            notes: Vec::new(),
            places: Default::default(),
        });
    }
    let ind = text_column(f, col::INDICATOR)?;
    let unit = text_column(f, col::UNIT)?;
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for (i, u) in ind.iter().zip(unit.iter()) {
        *counts
            .entry((i.unwrap_or(""), u.unwrap_or("")))
            .or_default() += 1;
    }
    let catalog = Catalog::bundled();
    let mut chosen: std::collections::BTreeMap<&str, (&str, usize)> = Default::default();
    for (&(i, u), &n) in &counts {
        let preferred = catalog.indicator(i).is_some_and(|k| k.unit == u);
        let entry = chosen.entry(i).or_insert((u, n));
        let current_preferred = catalog.indicator(i).is_some_and(|k| k.unit == entry.0);
        if !current_preferred && (preferred || n > entry.1) {
            *entry = (u, n);
        }
    }
    if counts.len() == chosen.len() {
        return Ok(UnitSplit {
            rows,
            notes: Vec::new(),
            places: Default::default(),
        });
    }
    let place = text_column(f, col::PLACE)?;
    let mut left_out: std::collections::BTreeMap<
        (String, String),
        std::collections::BTreeSet<String>,
    > = Default::default();
    let mask: BooleanChunked = ind
        .iter()
        .zip(unit.iter())
        .zip(place.iter())
        .map(|((i, u), p)| {
            let (i, u) = (i.unwrap_or(""), u.unwrap_or(""));
            let keep = chosen.get(i).is_some_and(|c| c.0 == u);
            if !keep {
                left_out
                    .entry((u.to_string(), chosen.get(i).map_or("", |c| c.0).to_string()))
                    .or_default()
                    .insert(p.unwrap_or("").to_string());
            }
            keep
        })
        .collect();
    let places = left_out.values().flatten().cloned().collect();
    let notes = left_out
        .into_iter()
        .map(|((unit, chart_unit), places)| {
            Text::with(
                "note-other-unit",
                vec![
                    ("unit", TextArg::Unit(unit)),
                    ("chart-unit", TextArg::Unit(chart_unit)),
                    ("places", TextArg::Places(places.into_iter().collect())),
                ],
            )
        })
        .collect();
    let frame = f.filter(&mask)?;
    Ok(UnitSplit {
        rows: Dataset { frame, ..rows },
        notes,
        places,
    })
}

/// Rows in one unit per indicator, with notes naming those left out (see [`one_unit`]).
pub struct UnitSplit {
    pub rows: Dataset,
    pub notes: Vec<Text>,
    /// Places with values left out for their unit.
    pub places: std::collections::BTreeSet<String>,
}

fn text_column(f: &DataFrame, name: &str) -> PolarsResult<StringChunked> {
    Ok(f.column(name)?.cast(&DataType::String)?.str()?.clone())
}

/// The rows of an aggregated query result as chart points (x from [`x_of`]).
pub fn points(rows: &Dataset, per: Period) -> Result<Vec<Point>, ChartError> {
    let f = &rows.frame;
    if f.height() == 0 {
        return Ok(Vec::new());
    }
    let place = text_column(f, col::PLACE)?;
    let indicator = text_column(f, col::INDICATOR)?;
    let unit = text_column(f, col::UNIT)?;
    let t = f.column(col::TIME)?.cast(&DataType::Int64)?;
    let v = f.column(col::VALUE)?.cast(&DataType::Float64)?;
    let (t, v) = (t.i64()?, v.f64()?);
    let number = |name: &str| -> Option<Float64Chunked> {
        Some(
            f.column(name)
                .ok()?
                .cast(&DataType::Float64)
                .ok()?
                .f64()
                .ok()?
                .clone(),
        )
    };
    let (coverage, sources, spread, stations) = (
        number(query::COVERAGE),
        number(query::SOURCES),
        number(query::SPREAD),
        number(query::STATIONS),
    );
    let at = |c: &Option<Float64Chunked>, i: usize, default: f64| {
        c.as_ref().and_then(|c| c.get(i)).unwrap_or(default)
    };
    Ok((0..f.height())
        .filter_map(|i| {
            Some(Point {
                place: place.get(i)?.to_string(),
                indicator: indicator.get(i)?.to_string(),
                x: x_of(t.get(i)?, per),
                value: v.get(i)?,
                unit: unit.get(i).unwrap_or("").to_string(),
                coverage: at(&coverage, i, 1.0),
                sources: at(&sources, i, 1.0) as u32,
                spread: at(&spread, i, 1.0),
                stations: at(&stations, i, 0.0) as u32,
            })
        })
        .collect())
}

/// The rows of a dataset whose (place, year) passes `keep`; the year is `None` for a row
/// without a time.
pub fn keep_rows(ds: &Dataset, keep: impl Fn(&str, Option<i32>) -> bool) -> PolarsResult<Dataset> {
    let f = &ds.frame;
    let place = text_column(f, col::PLACE)?;
    let t = f.column(col::TIME)?.cast(&DataType::Int64)?;
    let mask: BooleanChunked = place
        .iter()
        .zip(t.i64()?.iter())
        .map(|(p, t)| p.is_some_and(|p| keep(p, t.map(time::year_of))))
        .collect();
    Ok(Dataset {
        frame: f.filter(&mask)?,
        ..ds.clone()
    })
}

/// The rows of a dataset whose (place, indicator, year) passes `keep`; the year is `None`
/// for a row without a time.
pub fn keep_indicator_rows(
    ds: &Dataset,
    keep: impl Fn(&str, &str, Option<i32>) -> bool,
) -> PolarsResult<Dataset> {
    let f = &ds.frame;
    let place = text_column(f, col::PLACE)?;
    let indicator = text_column(f, col::INDICATOR)?;
    let t = f.column(col::TIME)?.cast(&DataType::Int64)?;
    let mask: BooleanChunked = place
        .iter()
        .zip(indicator.iter())
        .zip(t.i64()?.iter())
        .map(|((p, i), t)| match (p, i) {
            (Some(p), Some(i)) => keep(p, i, t.map(time::year_of)),
            _ => false,
        })
        .collect();
    Ok(Dataset {
        frame: f.filter(&mask)?,
        ..ds.clone()
    })
}

/// The source of each (place, year) of one indicator's rows.
pub fn sources_by_place_year(
    ds: &Dataset,
    indicator: &str,
) -> PolarsResult<std::collections::HashMap<(String, i32), String>> {
    let f = &ds.frame;
    let place = text_column(f, col::PLACE)?;
    let ind = text_column(f, col::INDICATOR)?;
    let source = text_column(f, col::SOURCE)?;
    let t = f.column(col::TIME)?.cast(&DataType::Int64)?;
    let mut out = std::collections::HashMap::new();
    for (((p, i), s), t) in place
        .iter()
        .zip(ind.iter())
        .zip(source.iter())
        .zip(t.i64()?.iter())
    {
        if let (Some(p), Some(i), Some(t)) = (p, i, t)
            && i == indicator
        {
            out.insert(
                (p.to_string(), time::year_of(t)),
                s.unwrap_or("").to_string(),
            );
        }
    }
    Ok(out)
}

/// "No PM2.5 data for Astana, Almaty" (or "for any city" when none is selected).
pub fn no_data_for(indicator: &Text, cities: &[String]) -> Text {
    let whom = match cities.is_empty() {
        true => Text::msg("any-city"),
        false => join_cities(cities),
    };
    Text::with(
        "no-data-for",
        vec![
            ("indicator", TextArg::Text(indicator.clone())),
            ("places", TextArg::Text(whom)),
        ],
    )
}

/// "Not shown, no data within 3 years of 2020: A, B", or `None` for no places.
pub fn not_shown_near_note(places: Vec<String>, years: i32, year: i32) -> Option<Text> {
    (!places.is_empty()).then(|| {
        Text::with(
            "note-not-shown-near",
            vec![
                ("places", TextArg::Places(places)),
                ("count", TextArg::Count(i64::from(years))),
                ("year", TextArg::Year(year)),
            ],
        )
    })
}

/// Each place's annual value nearest to `year`, at most `within` years away (the earlier of
/// two equally near), as (year, value).
pub fn nearest_year(
    pts: &[Point],
    year: i32,
    within: i32,
) -> std::collections::BTreeMap<String, (i32, f64)> {
    let mut best: std::collections::BTreeMap<String, (i32, f64)> = Default::default();
    for p in pts {
        let y = p.x as i32;
        let distance = (y - year).abs();
        if distance > within {
            continue;
        }
        let better = best.get(&p.place).is_none_or(|&(by, _)| {
            let bd = (by - year).abs();
            distance < bd || (distance == bd && y < by)
        });
        if better {
            best.insert(p.place.clone(), (y, p.value));
        }
    }
    best
}

/// The display name of an indicator: the catalog's name in the figure's language, else the
/// id.
pub fn indicator_title(id: &str) -> Text {
    Text::with(
        "indicator",
        vec![("name", TextArg::Indicator(id.to_string()))],
    )
}

/// The title of an indicator's series of `per` means: the catalog's "PM2.5 annual mean" is
/// just "PM2.5" when the values are monthly or daily means.
pub fn series_title(id: &str, per: Period) -> Text {
    let short = Catalog::bundled()
        .indicator(id)
        .is_some_and(|i| i.name_en.ends_with(" annual mean"));
    match (per, short) {
        (Period::Month | Period::Day, true) => Text::with(
            "indicator",
            vec![("name", TextArg::IndicatorShort(id.to_string()))],
        ),
        _ => indicator_title(id),
    }
}

/// "A, B, C" for up to three cities, else "A, B and 3 more".
pub fn join_cities(cities: &[String]) -> Text {
    match cities.len() {
        0 => Text::msg("no-city"),
        1..=3 => Text::with("places", vec![("places", TextArg::Places(cities.to_vec()))]),
        n => Text::with(
            "places-and-more",
            vec![
                ("places", TextArg::Places(cities[..2].to_vec())),
                ("count", TextArg::Count((n - 2) as i64)),
            ],
        ),
    }
}

/// The years of a query as a chart names them.
pub fn year_range_text(from: Option<i32>, to: Option<i32>) -> Text {
    match (from, to) {
        (Some(a), Some(b)) if a == b => Text::raw(a.to_string()),
        (Some(a), Some(b)) => Text::raw(format!("{a}–{b}")),
        (Some(a), None) => Text::with("years-from", vec![("year", TextArg::Year(a))]),
        (None, Some(b)) => Text::with("years-to", vec![("year", TextArg::Year(b))]),
        (None, None) => Text::msg("any-year"),
    }
}

/// True when the gazetteer knows `place` as a country (country-level data, not a city).
pub fn is_country(place: &str) -> bool {
    matches!(
        Catalog::bundled().find_place(place),
        Some(crate::data::catalog::PlaceRef::Country(_))
    )
}

/// The notes naming country-level and regional values drawn next to city values, when a
/// chart mixes kinds of place: their values are not a city's.
pub fn place_kind_notes<'a>(places: impl Iterator<Item = &'a str>) -> Vec<Text> {
    use crate::data::catalog::PlaceKind;
    let catalog = Catalog::bundled();
    let mut of_kind: std::collections::HashMap<PlaceKind, Vec<String>> = Default::default();
    for p in places {
        of_kind
            .entry(catalog.place_kind(p))
            .or_default()
            .push(p.to_string());
    }
    let mut take = |k: PlaceKind| of_kind.remove(&k).unwrap_or_default();
    let (countries, regions, cities) = (
        take(PlaceKind::Country),
        take(PlaceKind::Region),
        take(PlaceKind::City),
    );
    let mut notes = Vec::new();
    if !countries.is_empty() && (!cities.is_empty() || !regions.is_empty()) {
        let args = vec![("places", TextArg::Places(countries))];
        notes.push(Text::with("note-countries", args));
    }
    if !regions.is_empty() && !cities.is_empty() {
        let args = vec![("places", TextArg::Places(regions))];
        notes.push(Text::with("note-regions", args));
    }
    notes
}

/// The note naming selected cities a chart does not show ("Not shown, no data: A, B"), or
/// `None` when every city is shown.
pub fn not_shown_note(cities: &[String], shown: impl Fn(&str) -> bool) -> Option<Text> {
    let missing: Vec<String> = cities.iter().filter(|c| !shown(c)).cloned().collect();
    (!missing.is_empty())
        .then(|| Text::with("note-not-shown", vec![("places", TextArg::Places(missing))]))
}
