//! The map: one indicator for one year on an offline map of the Silk Road — cities as circles
//! at their gazetteer coordinates, country-level values as filled countries (a choropleth) —
//! coloured by class on a sequential scale whose breaks, for air quality, are the WHO 2021
//! guideline and interim targets; circle areas optionally by a second indicator.

use std::collections::{BTreeMap, BTreeSet};

use egui::Color32;

use super::points::{self, Point};
use super::prepared::{Body, ChartError, LegendEntry, PreparedChart, Swatch, sources_of};
use super::query::ChartQuery;
use super::ranking::{NEARBY_YEARS, default_ranking_year};
use super::text::{Text, TextArg};
use crate::data::Dataset;
use crate::data::catalog::{Catalog, Direction, PlaceRef, ReferenceKind};
use crate::data::query::{Period, Query};

/// ColorBrewer's sequential schemes (Cynthia Brewer, colorbrewer2.org): YlOrRd for
/// indicators where less is better (pollution), YlGnBu for the others; six classes each,
/// light to dark.
const LESS_IS_BETTER: [Color32; 6] = [
    Color32::from_rgb(255, 255, 178),
    Color32::from_rgb(254, 217, 118),
    Color32::from_rgb(254, 178, 76),
    Color32::from_rgb(253, 141, 60),
    Color32::from_rgb(240, 59, 32),
    Color32::from_rgb(189, 0, 38),
];
const MORE_IS_BETTER: [Color32; 6] = [
    Color32::from_rgb(255, 255, 204),
    Color32::from_rgb(199, 233, 180),
    Color32::from_rgb(127, 205, 187),
    Color32::from_rgb(65, 182, 196),
    Color32::from_rgb(44, 127, 184),
    Color32::from_rgb(37, 52, 148),
];

/// One class of the colour scale: values above `lower` (the first class has none) up to and
/// including `upper` (the last has none).
#[derive(Debug, Clone, PartialEq)]
pub struct MapClass {
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub color: Color32,
}

/// A place drawn on the map: a city's circle, or a country's fill.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPlace {
    pub place: String,
    /// Longitude and latitude in degrees (cities; a country's fill has its own shape).
    pub lon_lat: Option<[f64; 2]>,
    /// ISO 3166-1 alpha-3 of a country drawn as a fill.
    pub iso3: Option<String>,
    /// A region's value, drawn as a square at its administrative centre.
    pub region: bool,
    pub value: f64,
    pub year: i32,
    /// Index into [`MapChart::classes`].
    pub class: usize,
    /// The size indicator's value, when the chart has one and the place a value near the year.
    pub size: Option<f64>,
    /// The source of the value.
    pub source: String,
}

/// A prepared map.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapChart {
    pub indicator: String,
    pub title: Text,
    pub unit: String,
    pub size_indicator: Option<String>,
    pub year: i32,
    /// The years with data of the indicator for the query's places, for the year slider.
    pub years: (i32, i32),
    pub classes: Vec<MapClass>,
    /// Whether the breaks are the WHO guideline and interim targets.
    pub who_breaks: bool,
    /// Cities (circles) then countries (fills).
    pub places: Vec<MapPlace>,
}

impl MapChart {
    /// The class of a value.
    pub fn class_of(&self, value: f64) -> usize {
        class_of(&self.classes, value)
    }
}

fn class_of(classes: &[MapClass], value: f64) -> usize {
    classes
        .iter()
        .position(|c| c.upper.is_none_or(|u| value <= u))
        .unwrap_or(classes.len().saturating_sub(1))
}

/// "Nice" class breaks over `lo..hi`: about five equal steps of 1, 2 or 5 × 10ⁿ.
pub fn nice_breaks(lo: f64, hi: f64) -> Vec<f64> {
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) {
        return vec![hi];
    }
    let raw = (hi - lo) / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).floor() * step + step;
    (0..)
        .map(|k| first + step * f64::from(k))
        .take_while(|b| *b < hi)
        .take(5)
        .collect()
}

/// The class breaks of an indicator: the WHO guideline and interim targets where the catalog
/// has them (true), else nice breaks over the values.
fn breaks(indicator: &str, values: &[f64]) -> (Vec<f64>, bool) {
    let who: Vec<f64> = Catalog::bundled()
        .indicator(indicator)
        .map(|i| {
            i.references
                .iter()
                .filter(|r| matches!(r.kind, ReferenceKind::Guideline | ReferenceKind::Interim))
                .map(|r| r.value)
                .collect()
        })
        .unwrap_or_default();
    if !who.is_empty() {
        let mut who = who;
        who.sort_by(f64::total_cmp);
        return (who, true);
    }
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (nice_breaks(lo, hi), false)
}

fn classes(indicator: &str, values: &[f64]) -> (Vec<MapClass>, bool) {
    let (breaks, who) = breaks(indicator, values);
    let less = Catalog::bundled()
        .indicator(indicator)
        .is_some_and(|i| i.better == Direction::Lower);
    let palette = if less { LESS_IS_BETTER } else { MORE_IS_BETTER };
    let n = breaks.len() + 1;
    let classes = (0..n)
        .map(|k| MapClass {
            lower: (k > 0).then(|| breaks[k - 1]),
            upper: breaks.get(k).copied(),
            // Spread over the palette so that few classes still run from light to dark.
            color: palette[(k * (palette.len() - 1)) / (n - 1).max(1)],
        })
        .collect();
    (classes, who)
}

/// Where a place is drawn: a city's coordinates, a region's administrative centre, or a
/// country's shape; `None` for a place the map cannot place (not in the gazetteer).
fn location(place: &str) -> Option<(Option<[f64; 2]>, Option<String>)> {
    let catalog = Catalog::bundled();
    match catalog.find_place(place)? {
        PlaceRef::City(i) => Some((Some([catalog.cities[i].lon, catalog.cities[i].lat]), None)),
        PlaceRef::Region(i) => Some((Some([catalog.regions[i].lon, catalog.regions[i].lat]), None)),
        PlaceRef::Country(i) => {
            let iso = &catalog.countries[i].iso3;
            super::geo::shape_of(iso).map(|_| (None, Some(iso.clone())))
        }
    }
}

/// Each place's value on the map, and the places it cannot place.
fn place_all(
    values: BTreeMap<String, (i32, f64)>,
    classes: &[MapClass],
    sizes: &BTreeMap<String, (i32, f64)>,
    sources: &std::collections::HashMap<(String, i32), String>,
) -> (Vec<MapPlace>, Vec<String>) {
    let mut unplaced = Vec::new();
    let mut places = Vec::new();
    for (place, (year, value)) in values {
        let Some((lon_lat, iso3)) = location(&place) else {
            unplaced.push(place);
            continue;
        };
        let region = matches!(
            Catalog::bundled().find_place(&place),
            Some(PlaceRef::Region(_))
        );
        places.push(MapPlace {
            region,
            class: class_of(classes, value),
            size: sizes.get(&place).map(|s| s.1),
            source: sources
                .get(&(place.clone(), year))
                .cloned()
                .unwrap_or_default(),
            place,
            lon_lat,
            iso3,
            value,
            year,
        });
    }
    (places, unplaced)
}

/// Prepares the map of the query's indicator for the query's places (all when none).
pub fn prepare(ds: &Dataset, q: &ChartQuery) -> Result<PreparedChart, ChartError> {
    let title = points::indicator_title(&q.indicator);
    let mut indicators = vec![q.indicator.clone()];
    indicators.extend(q.size_indicator.clone());
    let rows = points::run(
        ds,
        &Query {
            indicators,
            places: q.cities.clone(),
            per: Some(Period::Year),
            ..Default::default()
        },
    )?;
    let split = points::one_unit(rows)?;
    let all = points::points(&split.rows, Period::Year)?;
    let (pts, size_pts): (Vec<Point>, Vec<Point>) =
        all.into_iter().partition(|p| p.indicator == q.indicator);
    let latest = default_ranking_year(
        pts.iter()
            .map(|p| (p.place.as_str(), p.x as i32))
            .filter(|(_, y)| q.to_year.is_none_or(|t| *y <= t)),
    );
    let Some(year) = q.year.or(latest) else {
        let message = points::no_data_for(&title, &q.cities);
        return Ok(PreparedChart::message(q, title, message, split.rows));
    };
    let years = pts.iter().map(|p| p.x as i32);
    let span = (
        years.clone().min().unwrap_or(year),
        years.max().unwrap_or(year),
    );
    let values: Vec<f64> = pts.iter().map(|p| p.value).collect();
    let (classes, who_breaks) = classes(&q.indicator, &values);
    let sources = points::sources_by_place_year(&split.rows, &q.indicator)?;
    let sizes = points::nearest_year(&size_pts, year, NEARBY_YEARS);
    let values = points::nearest_year(&pts, year, NEARBY_YEARS);
    let (mut places, unplaced) = place_all(values, &classes, &sizes, &sources);
    // Circles over fills: countries first in the list are drawn first.
    places.sort_by_key(|p| p.iso3.is_none());
    let kept: BTreeSet<(String, i32)> = places.iter().map(|p| (p.place.clone(), p.year)).collect();
    let sized: BTreeMap<String, i32> = sizes.iter().map(|(p, (y, _))| (p.clone(), *y)).collect();
    let rows = points::keep_indicator_rows(&split.rows, |p, i, y| match y {
        Some(y) if i == q.indicator => kept.contains(&(p.to_string(), y)),
        Some(y) => kept.iter().any(|k| k.0 == p) && sized.get(p) == Some(&y),
        None => false,
    })?;
    let unit = pts.first().map(|p| p.unit.clone()).unwrap_or_default();
    let chart = MapChart {
        indicator: q.indicator.clone(),
        title: title.clone(),
        unit,
        size_indicator: q.size_indicator.clone(),
        year,
        years: span,
        classes,
        who_breaks,
        places,
    };
    let mut notes = notes(q, &chart, unplaced);
    notes.extend(split.notes);
    let drawn = pts
        .iter()
        .filter(|p| kept.contains(&(p.place.clone(), p.x.floor() as i32)));
    notes.extend(super::series::source_notes(drawn, false));
    Ok(PreparedChart {
        query: q.clone(),
        title,
        subtitle: subtitle(&chart),
        legend: legend(&chart),
        notes,
        sources: sources_of(&rows),
        body: Body::Map(chart),
        rows,
    })
}

fn notes(q: &ChartQuery, chart: &MapChart, unplaced: Vec<String>) -> Vec<Text> {
    let mut notes = Vec::new();
    let other: Vec<(String, i32)> = chart
        .places
        .iter()
        .filter(|p| p.year != chart.year)
        .map(|p| (p.place.clone(), p.year))
        .collect();
    if !other.is_empty() {
        let args = vec![("places", TextArg::PlaceYears(other))];
        notes.push(Text::with("note-map-other-years", args));
    }
    if !unplaced.is_empty() {
        let args = vec![("places", TextArg::Places(unplaced.clone()))];
        notes.push(Text::with("note-map-unplaced", args));
    }
    let shown: BTreeSet<&str> = chart
        .places
        .iter()
        .map(|p| p.place.as_str())
        .chain(unplaced.iter().map(String::as_str))
        .collect();
    let missing: Vec<String> = q
        .cities
        .iter()
        .filter(|c| !shown.contains(c.as_str()))
        .cloned()
        .collect();
    notes.extend(points::not_shown_near_note(
        missing,
        NEARBY_YEARS,
        chart.year,
    ));
    if let Some(s) = &chart.size_indicator {
        let without: Vec<String> = chart
            .places
            .iter()
            .filter(|p| p.lon_lat.is_some() && p.size.is_none())
            .map(|p| p.place.clone())
            .collect();
        if !without.is_empty() {
            notes.push(Text::with(
                "note-scatter-no-size",
                vec![
                    ("indicator", TextArg::Text(points::indicator_title(s))),
                    ("count", TextArg::Count(i64::from(NEARBY_YEARS))),
                    ("year", TextArg::Year(chart.year)),
                    ("places", TextArg::Places(without)),
                ],
            ));
        }
    }
    notes.extend(points::place_kind_notes(
        chart.places.iter().map(|p| p.place.as_str()),
    ));
    if chart.places.iter().any(|p| p.region) {
        notes.push(Text::msg("note-map-regions"));
    }
    notes.push(Text::msg("note-map-shapes"));
    notes
}

/// The subtitle: year and unit, what the breaks are, what the circle areas show.
fn subtitle(chart: &MapChart) -> Text {
    let mut parts = vec![Text::Join(
        vec![
            Text::raw(chart.year.to_string()),
            super::over_time::unit_text(&chart.unit),
        ],
        ", ",
    )];
    if chart.who_breaks {
        parts.push(Text::msg("map-who-breaks"));
    }
    if let Some(s) = &chart.size_indicator {
        parts.push(Text::with(
            "scatter-size",
            vec![("indicator", TextArg::Text(points::indicator_title(s)))],
        ));
    }
    Text::Join(parts, " · ")
}

/// The legend: one block per class, "≤ 5", "5–10", …, "> 35".
fn legend(chart: &MapChart) -> Vec<LegendEntry> {
    chart
        .classes
        .iter()
        .map(|c| {
            let label = match (c.lower, c.upper) {
                (None, Some(u)) => Text::with("class-at-most", vec![("value", TextArg::Number(u))]),
                (Some(l), None) => Text::with("class-above", vec![("value", TextArg::Number(l))]),
                (Some(l), Some(u)) => Text::with(
                    "class-between",
                    vec![("low", TextArg::Number(l)), ("high", TextArg::Number(u))],
                ),
                (None, None) => Text::msg("class-all"),
            };
            LegendEntry {
                label,
                color: c.color,
                swatch: Swatch::Block,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_breaks_are_round_and_inside_the_range() {
        assert_eq!(nice_breaks(0.0, 100.0), vec![20.0, 40.0, 60.0, 80.0]);
        assert_eq!(nice_breaks(3.2, 61.0), vec![20.0, 40.0, 60.0]);
        assert_eq!(nice_breaks(5.0, 5.0), vec![5.0]);
    }

    #[test]
    fn air_quality_classes_break_at_the_who_targets() {
        let (c, who) = classes("pm25", &[]);
        assert!(who);
        let uppers: Vec<Option<f64>> = c.iter().map(|c| c.upper).collect();
        assert_eq!(
            uppers,
            vec![
                Some(5.0),
                Some(10.0),
                Some(15.0),
                Some(25.0),
                Some(35.0),
                None
            ]
        );
        assert_eq!(class_of(&c, 5.0), 0, "the guideline itself meets it");
        assert_eq!(class_of(&c, 5.1), 1);
        assert_eq!(class_of(&c, 80.0), 5);
        assert_eq!(c[0].color, LESS_IS_BETTER[0]);
        assert_eq!(c[5].color, LESS_IS_BETTER[5]);
    }
}
