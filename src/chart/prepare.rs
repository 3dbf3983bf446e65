//! What a chart shows, computed from a dataset without any drawing: series with their gaps,
//! reference lines, ranking bars, comparison rows. Pure functions, cached by the app until the
//! spec or the data change.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::spec::{ChartSpec, Relative};
use crate::data::catalog::{Catalog, Direction, Reference, ReferenceKind, Theme};
use crate::data::dataset::{Dataset, col};
use crate::data::query::{self, Period, Query};
use crate::data::time;

/// One city's line: points split into segments wherever a period has no data.
#[derive(Debug, Clone, PartialEq)]
pub struct CitySeries {
    pub city: String,
    /// Position of the city in the selection (fixes its colour).
    pub slot: usize,
    pub segments: Vec<Vec<[f64; 2]>>,
}

/// A prepared over-time chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OverTimeChart {
    pub indicator: String,
    pub title: String,
    pub unit: String,
    pub series: Vec<CitySeries>,
    /// Reference lines to draw (value already transformed like the series).
    pub references: Vec<Reference>,
    /// Values left out of a log axis because they were zero or negative.
    pub dropped_nonpositive: usize,
    pub log_scale: bool,
    pub relative: Relative,
    /// The period the values are means of (sets how times are labelled).
    pub period: Period,
    /// Why nothing can be drawn, when that is the case.
    pub empty_reason: Option<String>,
    /// The year every city is indexed to, when they share one (else each city's own first).
    pub base_year: Option<i32>,
}

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
struct Point {
    place: String,
    indicator: String,
    x: f64,
    value: f64,
    unit: String,
}

/// The rows of an aggregated query as chart points (x from [`x_of`]).
fn points(ds: &Dataset, q: &Query) -> Vec<Point> {
    let Ok(r) = query::run(ds, q) else {
        return Vec::new();
    };
    let f = &r.frame;
    let text = |name: &str| -> Option<StringChunked> {
        f.column(name)
            .ok()?
            .cast(&DataType::String)
            .ok()?
            .str()
            .ok()
            .cloned()
    };
    let (Some(place), Some(indicator), Some(unit)) =
        (text(col::PLACE), text(col::INDICATOR), text(col::UNIT))
    else {
        return Vec::new();
    };
    let Ok(t) = f.column(col::TIME).and_then(|c| c.cast(&DataType::Int64)) else {
        return Vec::new();
    };
    let Ok(v) = f
        .column(col::VALUE)
        .and_then(|c| c.cast(&DataType::Float64))
    else {
        return Vec::new();
    };
    let (Ok(t), Ok(v)) = (t.i64(), v.f64()) else {
        return Vec::new();
    };
    let per = q.per.unwrap_or(Period::Year);
    (0..f.height())
        .filter_map(|i| {
            Some(Point {
                place: place.get(i)?.to_string(),
                indicator: indicator.get(i)?.to_string(),
                x: x_of(t.get(i)?, per),
                value: v.get(i)?,
                unit: unit.get(i).unwrap_or("").to_string(),
            })
        })
        .collect()
}

/// The display name of an indicator: the catalog's English name, else the id.
pub fn indicator_title(id: &str) -> String {
    Catalog::bundled()
        .indicator(id)
        .map_or_else(|| id.to_string(), |i| i.name_en.clone())
}

/// The title of an indicator's series of `per` means: the catalog's "PM2.5 annual mean" is
/// just "PM2.5" when the values are monthly or daily means.
fn series_title(id: &str, per: Period) -> String {
    let title = indicator_title(id);
    match (per, title.strip_suffix(" annual mean")) {
        (Period::Month | Period::Day, Some(short)) => short.to_string(),
        _ => title,
    }
}

/// Prepares the over-time line chart of `indicator` for the spec's cities and years.
pub fn over_time(ds: &Dataset, spec: &ChartSpec, indicator: &str) -> OverTimeChart {
    let catalog = Catalog::bundled();
    let per = spec.options.per;
    let q = Query {
        indicators: vec![indicator.to_string()],
        places: spec.cities.clone(),
        from_year: spec.from_year,
        to_year: spec.to_year,
        per: Some(per),
    };
    let mut chart = OverTimeChart {
        indicator: indicator.to_string(),
        title: series_title(indicator, per),
        log_scale: spec.options.log_scale,
        relative: spec.options.relative,
        period: per,
        ..Default::default()
    };
    if spec.cities.is_empty() {
        chart.empty_reason = Some("Select at least one city".into());
        return chart;
    }
    let rows = if ds.is_empty() {
        Vec::new()
    } else {
        points(ds, &q)
    };
    let step = x_step(per);
    let mut by_city: BTreeMap<String, Vec<[f64; 2]>> = BTreeMap::new();
    for p in rows {
        if chart.unit.is_empty() {
            chart.unit = p.unit;
        }
        by_city.entry(p.place).or_default().push([p.x, p.value]);
    }
    if by_city.is_empty() {
        chart.empty_reason = Some(format!(
            "No {} data for {} in {}",
            chart.title,
            join_cities(&spec.cities),
            year_range_text(spec)
        ));
        return chart;
    }
    let first_x = spec.from_year.map(f64::from);
    let mut base_years = std::collections::BTreeSet::new();
    for (slot, city) in spec.cities.iter().enumerate() {
        let key = query::place_key(catalog, city);
        let Some(mut points) = by_city.remove(&key) else {
            continue;
        };
        points.sort_by(|a, b| a[0].total_cmp(&b[0]));
        if spec.options.relative != Relative::Off {
            // The base is the city's value at the first period of the range (or its first value).
            let base = points
                .iter()
                .find(|p| first_x.is_none_or(|f| p[0] >= f))
                .map(|p| p[1]);
            match base {
                Some(b) if b != 0.0 => {
                    base_years.insert(points[0][0].floor() as i32);
                    for p in &mut points {
                        p[1] = match spec.options.relative {
                            Relative::Index100 => p[1] / b * 100.0,
                            Relative::PercentChange => (p[1] / b - 1.0) * 100.0,
                            Relative::Off => p[1],
                        };
                    }
                }
                _ => continue,
            }
        }
        if spec.options.log_scale {
            let before = points.len();
            points.retain(|p| p[1] > 0.0);
            chart.dropped_nonpositive += before - points.len();
            for p in &mut points {
                p[1] = p[1].log10();
            }
        }
        let mut segments: Vec<Vec<[f64; 2]>> = Vec::new();
        for p in points {
            match segments.last_mut() {
                Some(seg) if p[0] - seg.last().map_or(p[0], |l| l[0]) <= step * 1.5 => seg.push(p),
                _ => segments.push(vec![p]),
            }
        }
        chart.series.push(CitySeries {
            city: key,
            slot,
            segments,
        });
    }
    chart.base_year = match base_years.len() {
        1 => base_years.first().copied(),
        _ => None,
    };
    if spec.options.relative == Relative::Off
        && let Some(ind) = catalog.indicator(indicator)
    {
        chart.references = ind
            .references
            .iter()
            .filter(|r| r.kind == ReferenceKind::Guideline || spec.options.show_interim)
            .filter(|r| !spec.options.log_scale || r.value > 0.0)
            .map(|r| Reference {
                value: if spec.options.log_scale {
                    r.value.log10()
                } else {
                    r.value
                },
                ..r.clone()
            })
            .collect();
    }
    chart
}

fn join_cities(cities: &[String]) -> String {
    match cities.len() {
        0 => "no city".into(),
        1..=3 => cities.join(", "),
        n => format!("{} and {} more", cities[..2].join(", "), n - 2),
    }
}

fn year_range_text(spec: &ChartSpec) -> String {
    match (spec.from_year, spec.to_year) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        (Some(a), None) => format!("{a} onwards"),
        (None, Some(b)) => format!("years up to {b}"),
        (None, None) => "any year".into(),
    }
}

/// One bar of the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct RankBar {
    pub city: String,
    pub value: f64,
    /// The year the value comes from (may differ from the ranking's year).
    pub year: i32,
    /// Whether the value meets the guideline, where the indicator has one.
    pub meets_guideline: Option<bool>,
}

/// A prepared ranking: bars sorted best first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RankingChart {
    pub indicator: String,
    pub title: String,
    pub unit: String,
    pub year: Option<i32>,
    pub bars: Vec<RankBar>,
    pub guideline: Option<f64>,
    pub empty_reason: Option<String>,
}

/// The ranking's year when none is given: the latest year in which at least half of the
/// cities with data have a value, so that one city's recent figure does not make every other
/// bar come from a nearby year.
pub fn default_ranking_year<'a>(points: impl Iterator<Item = (&'a str, i32)>) -> Option<i32> {
    let mut by_year: BTreeMap<i32, std::collections::BTreeSet<&'a str>> = BTreeMap::new();
    let mut cities = std::collections::BTreeSet::new();
    for (place, year) in points {
        by_year.entry(year).or_default().insert(place);
        cities.insert(place);
    }
    let needed = cities.len().div_ceil(2).max(1);
    by_year
        .iter()
        .rev()
        .find(|(_, c)| c.len() >= needed)
        .map(|(y, _)| *y)
}

/// Prepares the ranking of the spec's cities (all cities when none are selected) for one
/// year; a city without data that year takes its nearest year within 3 years (noted per bar).
pub fn ranking(ds: &Dataset, spec: &ChartSpec) -> RankingChart {
    let catalog = Catalog::bundled();
    let ind = catalog.indicator(&spec.indicator);
    let mut chart = RankingChart {
        indicator: spec.indicator.clone(),
        title: indicator_title(&spec.indicator),
        guideline: ind.and_then(|i| i.guideline()),
        ..Default::default()
    };
    let q = Query {
        indicators: vec![spec.indicator.clone()],
        places: spec.cities.clone(),
        per: Some(Period::Year),
        ..Default::default()
    };
    let rows = if ds.is_empty() {
        Vec::new()
    } else {
        points(ds, &q)
    };
    let latest = default_ranking_year(
        rows.iter()
            .map(|r| (r.place.as_str(), r.x as i32))
            .filter(|(_, y)| spec.to_year.is_none_or(|t| *y <= t)),
    );
    let Some(year) = spec.year.or(latest) else {
        chart.empty_reason = Some(format!(
            "No {} data for {}",
            chart.title,
            if spec.cities.is_empty() {
                "any city".into()
            } else {
                join_cities(&spec.cities)
            }
        ));
        return chart;
    };
    chart.year = Some(year);
    let mut best: BTreeMap<String, (i32, f64)> = BTreeMap::new();
    for Point {
        place,
        x,
        value: v,
        unit,
        ..
    } in rows
    {
        if chart.unit.is_empty() {
            chart.unit = unit;
        }
        let y = x as i32;
        let distance = (y - year).abs();
        if distance > 3 {
            continue;
        }
        let better = best.get(&place).is_none_or(|&(by, _)| {
            let bd = (by - year).abs();
            distance < bd || (distance == bd && y < by)
        });
        if better {
            best.insert(place, (y, v));
        }
    }
    if best.is_empty() {
        chart.empty_reason = Some(format!("No {} data within 3 years of {year}", chart.title));
        return chart;
    }
    chart.bars = best
        .into_iter()
        .map(|(city, (y, v))| RankBar {
            meets_guideline: chart.guideline.map(|g| v <= g),
            city,
            value: v,
            year: y,
        })
        .collect();
    let lower_better = ind.is_none_or(|i| i.better != Direction::Higher);
    chart.bars.sort_by(|a, b| {
        if lower_better {
            a.value.total_cmp(&b.value)
        } else {
            b.value.total_cmp(&a.value)
        }
    });
    chart
}

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
    pub title: String,
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

/// (year, value) points of one city.
type Trend = Vec<[f64; 2]>;

/// Prepares the side-by-side comparison: every indicator with data (catalog ones first, by
/// theme), the latest value per city within the year range, and its trend.
pub fn compare(ds: &Dataset, spec: &ChartSpec) -> Vec<CompareRow> {
    let catalog = Catalog::bundled();
    let cities: Vec<String> = spec
        .cities
        .iter()
        .take(4)
        .map(|c| query::place_key(catalog, c))
        .collect();
    if cities.is_empty() || ds.is_empty() {
        return Vec::new();
    }
    let q = Query {
        places: cities.clone(),
        from_year: spec.from_year,
        to_year: spec.to_year,
        per: Some(Period::Year),
        ..Default::default()
    };
    // indicator → (unit, one trend per city)
    let mut table: BTreeMap<String, (String, Vec<Trend>)> = BTreeMap::new();
    for p in points(ds, &q) {
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
        .map(|(id, (unit, per_city))| {
            let known = catalog.indicator(&id);
            CompareRow {
                title: known.map_or_else(|| id.clone(), |k| k.name_en.clone()),
                theme: known.map(|k| k.theme),
                better: known.map_or(Direction::Neutral, |k| k.better),
                unit,
                cells: per_city
                    .into_iter()
                    .map(|mut trend| {
                        trend.sort_by(|a, b| a[0].total_cmp(&b[0]));
                        let last = *trend.last()?;
                        Some(CompareCell {
                            value: last[1],
                            year: last[0] as i32,
                            trend,
                        })
                    })
                    .collect(),
                indicator: id,
            }
        })
        .collect();
    let theme_rank = |t: Option<Theme>| match t {
        Some(Theme::Air) => 0,
        Some(Theme::Energy) => 1,
        Some(Theme::Waste) => 2,
        None => 3,
    };
    let catalog_rank = |id: &str| {
        catalog
            .indicators
            .iter()
            .position(|i| i.id == id)
            .unwrap_or(usize::MAX)
    };
    rows.sort_by_key(|r| {
        (
            theme_rank(r.theme),
            catalog_rank(&r.indicator),
            r.indicator.clone(),
        )
    });
    rows
}

/// The indicators of a theme that the dataset has, in catalog order.
pub fn theme_indicators(ds: &Dataset, theme: Theme) -> Vec<String> {
    let present = ds.distinct(col::INDICATOR);
    Catalog::bundled()
        .indicators
        .iter()
        .filter(|i| i.theme == theme && present.contains(&i.id))
        .map(|i| i.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{LoadOptions, load_bytes};

    fn sample() -> Dataset {
        let csv = "city,year,indicator,value\n\
                   Astana,2015,pm25,40\nAstana,2016,pm25,30\nAstana,2018,pm25,20\n\
                   Almaty,2015,pm25,50\nAlmaty,2016,pm25,0\nAlmaty,2018,pm25,45\n\
                   Astana,2018,recycling_rate,10\nAlmaty,2017,recycling_rate,12\n";
        load_bytes(csv.as_bytes(), "t.csv", &LoadOptions::default())
            .unwrap()
            .dataset
    }

    fn spec(cities: &[&str]) -> ChartSpec {
        ChartSpec {
            cities: cities.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn gaps_split_lines_and_guideline_is_drawn() {
        let c = over_time(&sample(), &spec(&["Nur-Sultan"]), "pm25");
        assert_eq!(c.series.len(), 1);
        assert_eq!(c.series[0].city, "Astana");
        assert_eq!(
            c.series[0].segments,
            vec![vec![[2015.0, 40.0], [2016.0, 30.0]], vec![[2018.0, 20.0]]],
            "2017 is missing: the line is not bridged"
        );
        assert_eq!(c.references.len(), 1);
        assert_eq!(c.references[0].value, 5.0);
        assert_eq!(c.unit, "µg/m³");
    }

    #[test]
    fn daily_means_keep_days_and_split_at_missing_days() {
        let csv = "city,date,indicator,value\n\
                   Astana,2023-01-01,pm25,40\nAstana,2023-01-01,pm25,20\n\
                   Astana,2023-01-02,pm25,35\nAstana,2023-01-05,pm25,10\n\
                   Astana,2023-01-06,pm25,12\n";
        let ds = load_bytes(csv.as_bytes(), "d.csv", &LoadOptions::default())
            .unwrap()
            .dataset;
        let mut s = spec(&["Astana"]);
        s.options.per = Period::Day;
        let chart = over_time(&ds, &s, "pm25");
        assert_eq!(chart.period, Period::Day);
        assert_eq!(chart.title, "PM2.5", "not an annual mean");
        let segments = &chart.series[0].segments;
        let values: Vec<Vec<f64>> = segments
            .iter()
            .map(|seg| seg.iter().map(|p| p[1]).collect())
            .collect();
        assert_eq!(values, vec![vec![30.0, 35.0], vec![10.0, 12.0]]);
        let day = 1.0 / 365.0;
        assert!((segments[0][0][0] - 2023.0).abs() < 1e-9);
        assert!((segments[1][0][0] - (2023.0 + 4.0 * day)).abs() < 1e-9);
    }

    #[test]
    fn relative_and_log_transform_values() {
        let mut s = spec(&["Astana"]);
        s.options.relative = Relative::Index100;
        let c = over_time(&sample(), &s, "pm25");
        assert_eq!(
            c.series[0].segments[0],
            vec![[2015.0, 100.0], [2016.0, 75.0]]
        );
        assert!(
            c.references.is_empty(),
            "guidelines make no sense on an index"
        );
        assert_eq!(c.base_year, Some(2015));
        // Cities whose data starts in different years are each indexed to their own first.
        let mut s = spec(&["Astana", "Almaty"]);
        s.options.relative = Relative::Index100;
        let c = over_time(&sample(), &s, "recycling_rate");
        assert_eq!(c.series.len(), 2);
        assert_eq!(c.base_year, None, "Astana starts in 2018, Almaty in 2017");
        assert_eq!(
            crate::chart::figure::over_time_subtitle(&s, &c),
            "relative to each city's first year = 100 · 2017–2018 · annual means"
        );
        let mut s = spec(&["Almaty"]);
        s.options.log_scale = true;
        let c = over_time(&sample(), &s, "pm25");
        assert_eq!(c.dropped_nonpositive, 1);
        assert!((c.series[0].segments[0][0][1] - 50f64.log10()).abs() < 1e-12);
    }

    #[test]
    fn empty_states_explain_themselves() {
        let c = over_time(&sample(), &spec(&[]), "pm25");
        assert_eq!(c.empty_reason.as_deref(), Some("Select at least one city"));
        let mut s = spec(&["Ashgabat"]);
        s.from_year = Some(2010);
        s.to_year = Some(2015);
        let c = over_time(&sample(), &s, "pm25");
        assert_eq!(
            c.empty_reason.as_deref(),
            Some("No PM2.5 annual mean data for Ashgabat in 2010–2015")
        );
    }

    #[test]
    fn ranking_sorts_best_first_and_notes_nearby_years() {
        let mut s = spec(&[]);
        s.year = Some(2018);
        let r = ranking(&sample(), &s);
        assert_eq!(
            r.bars.iter().map(|b| b.city.as_str()).collect::<Vec<_>>(),
            vec!["Astana", "Almaty"]
        );
        assert_eq!(r.bars[0].meets_guideline, Some(false));
        s.indicator = "recycling_rate".into();
        let r = ranking(&sample(), &s);
        assert_eq!(
            (r.bars[0].city.as_str(), r.bars[0].year),
            ("Almaty", 2017),
            "higher is better; nearest year"
        );
    }

    #[test]
    fn default_ranking_year_is_the_latest_most_cities_share() {
        let pts = [
            ("Tehran", 2020),
            ("Astana", 2019),
            ("Almaty", 2019),
            ("Tehran", 2019),
            ("Baku", 2018),
        ];
        // 2020 has one city of four; 2019 has three.
        assert_eq!(default_ranking_year(pts.into_iter()), Some(2019));
        assert_eq!(default_ranking_year([("A", 2001)].into_iter()), Some(2001));
        assert_eq!(default_ranking_year(std::iter::empty()), None);
        // Two cities: one is half.
        assert_eq!(
            default_ranking_year([("A", 2005), ("B", 2003)].into_iter()),
            Some(2005)
        );
    }

    #[test]
    fn compare_takes_latest_values_and_direction() {
        let rows = compare(&sample(), &spec(&["Astana", "Almaty"]));
        let pm = rows.iter().find(|r| r.indicator == "pm25").unwrap();
        assert_eq!(
            pm.cells[0].as_ref().map(|c| (c.value, c.year)),
            Some((20.0, 2018))
        );
        assert_eq!(pm.best(), Some(0), "lower PM2.5 is better");
        let rr = rows
            .iter()
            .find(|r| r.indicator == "recycling_rate")
            .unwrap();
        assert_eq!(rr.best(), Some(1));
        assert_eq!(rows[0].indicator, "pm25", "air quality first");
    }
}
