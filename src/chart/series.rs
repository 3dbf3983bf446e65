//! Building an over-time chart's lines from aggregated points: one common base year for
//! relative values, the log axis, values with low coverage kept apart (drawn hollow, never
//! joined by the line), and what the notes must say about blended or disagreeing sources.

use std::collections::{BTreeMap, BTreeSet};

use super::over_time::{CitySeries, OverTimeChart};
use super::points::{self, Point};
use super::query::{ChartOptions, ChartQuery, Relative};
use super::text::{Text, TextArg};
use super::theme;
use crate::data::catalog::{Catalog, Reference, ReferenceKind};
use crate::data::query::{Period, place_key};

/// Sources whose means differ by more than this factor are flagged as disagreeing.
pub const DISAGREEMENT: f64 = 2.0;

/// One point of a city: x, value, whether it covers enough of its period.
#[derive(Clone, Copy)]
struct CityPoint {
    x: f64,
    value: f64,
    full: bool,
}

/// x as a whole key (periods are at most daily: a day is 1/365 of a year).
fn x_key(x: f64) -> i64 {
    (x * 10_000.0).round() as i64
}

/// The first x every city has a value at, when there is one.
fn first_common_x(by_city: &BTreeMap<&str, Vec<CityPoint>>) -> Option<f64> {
    let mut sets = by_city
        .values()
        .map(|pts| pts.iter().map(|p| x_key(p.x)).collect::<BTreeSet<i64>>());
    let first = sets.next()?;
    let common = sets.fold(first, |acc, s| acc.intersection(&s).copied().collect());
    common.first().map(|&k| k as f64 / 10_000.0)
}

/// The base of relative values: the year the user chose, else the first every city has.
fn base_x(
    options: &ChartOptions,
    per: Period,
    by_city: &BTreeMap<&str, Vec<CityPoint>>,
) -> Option<f64> {
    match options.base_year {
        Some(y) => Some(points::x_of(crate::data::time::year_ms(y), per)),
        None => first_common_x(by_city),
    }
}

/// Relative values against the city's value at `base`; `None` without a usable base.
fn rebase(pts: &mut [CityPoint], base: f64, relative: Relative) -> Option<()> {
    let b = pts
        .iter()
        .find(|p| x_key(p.x) == x_key(base))
        .map(|p| p.value)
        .filter(|b| *b != 0.0)?;
    for p in pts {
        p.value = match relative {
            Relative::Index100 => p.value / b * 100.0,
            Relative::PercentChange => (p.value / b - 1.0) * 100.0,
            Relative::Off => p.value,
        };
    }
    Some(())
}

/// Splits sorted points into segments wherever more than one period is missing.
fn segments(pts: impl Iterator<Item = [f64; 2]>, step: f64) -> Vec<Vec<[f64; 2]>> {
    let mut out: Vec<Vec<[f64; 2]>> = Vec::new();
    for p in pts {
        match out.last_mut() {
            Some(seg) if p[0] - seg.last().map_or(p[0], |l| l[0]) <= step * 1.5 => seg.push(p),
            _ => out.push(vec![p]),
        }
    }
    out
}

/// The reference lines of an indicator as a chart draws them: the WHO 24-hour values on
/// daily means, the annual ones otherwise; none on relative values.
fn references(indicator: &str, options: &ChartOptions) -> Vec<Reference> {
    if options.relative != Relative::Off {
        return Vec::new();
    }
    let Some(ind) = Catalog::bundled().indicator(indicator) else {
        return Vec::new();
    };
    let daily = options.per == Period::Day;
    ind.references
        .iter()
        .filter(|r| match r.kind {
            ReferenceKind::Daily => daily,
            ReferenceKind::Guideline => !daily,
            ReferenceKind::Interim | ReferenceKind::Target => !daily && options.show_interim,
        })
        .filter(|r| !options.log_scale || r.value > 0.0)
        .map(|r| Reference {
            value: if options.log_scale {
                r.value.log10()
            } else {
                r.value
            },
            ..r.clone()
        })
        .collect()
}

/// The points of `indicator` by city, with the chart's unit; notes blended and disagreeing
/// sources on the chart.
fn by_city<'a>(
    pts: &'a [Point],
    indicator: &str,
    min_coverage: f64,
    chart: &mut OverTimeChart,
) -> BTreeMap<&'a str, Vec<CityPoint>> {
    let mut out: BTreeMap<&str, Vec<CityPoint>> = BTreeMap::new();
    for p in pts.iter().filter(|p| p.indicator == indicator) {
        if chart.unit.is_empty() {
            chart.unit = p.unit.clone();
        }
        let when = (p.place.clone(), p.x.floor() as i32);
        if p.sources > 1 {
            chart.blended.push(when.clone());
        }
        if p.stations > 1 {
            let most = chart.stations.entry(p.place.clone()).or_default();
            *most = (*most).max(p.stations);
        }
        if p.sources > 1 && p.spread > DISAGREEMENT {
            chart.disagreeing.push((when.0, when.1, p.spread));
        }
        out.entry(&p.place).or_default().push(CityPoint {
            x: p.x,
            value: p.value,
            full: p.coverage >= min_coverage,
        });
    }
    out
}

/// Builds the chart of `indicator` from aggregated points (points of other indicators are
/// ignored).
pub fn build(pts: &[Point], q: &ChartQuery, indicator: &str) -> OverTimeChart {
    let per = q.options.per;
    let mut chart = OverTimeChart {
        indicator: indicator.to_string(),
        title: points::series_title(indicator, per),
        log_scale: q.options.log_scale,
        relative: q.options.relative,
        period: per,
        min_coverage: f64::from(q.options.min_coverage) / 100.0,
        ..Default::default()
    };
    let mut by_city = by_city(pts, indicator, chart.min_coverage, &mut chart);
    if by_city.is_empty() {
        // Nothing drawn: the panel is titled with the catalog's unit, never an empty one.
        chart.unit = crate::data::catalog::Catalog::bundled()
            .indicator(indicator)
            .map(|i| i.unit.clone())
            .unwrap_or_default();
        chart.empty_reason = Some(Text::with(
            "no-data-for-in",
            vec![
                ("indicator", TextArg::Text(chart.title.clone())),
                ("places", TextArg::Text(points::join_cities(&q.cities))),
                (
                    "years",
                    TextArg::Text(points::year_range_text(q.from_year, q.to_year)),
                ),
            ],
        ));
        return chart;
    }
    let base = match q.options.relative {
        Relative::Off => None,
        _ => base_x(&q.options, per, &by_city),
    };
    if q.options.relative != Relative::Off && base.is_none() {
        chart.empty_reason = Some(Text::msg("no-common-base"));
        return chart;
    }
    chart.base_year = base.map(|b| b.floor() as i32);
    let catalog = Catalog::bundled();
    let keys: Vec<String> = q.cities.iter().map(|c| place_key(catalog, c)).collect();
    for (key, slot) in keys.iter().zip(theme::place_slots(&keys)) {
        let Some(mut pts) = by_city.remove(key.as_str()) else {
            continue;
        };
        pts.sort_by(|a, b| a.x.total_cmp(&b.x));
        if let Some(b) = base
            && rebase(&mut pts, b, q.options.relative).is_none()
        {
            chart.not_rebased.push(key.clone());
            continue;
        }
        if q.options.log_scale {
            let before = pts.len();
            pts.retain(|p| p.value > 0.0);
            chart.dropped_nonpositive += before - pts.len();
            pts.iter_mut().for_each(|p| p.value = p.value.log10());
        }
        let full = pts.iter().filter(|p| p.full).map(|p| [p.x, p.value]);
        let hollow: Vec<[f64; 2]> = pts
            .iter()
            .filter(|p| !p.full)
            .map(|p| [p.x, p.value])
            .collect();
        chart.series.push(CitySeries {
            city: key.clone(),
            slot,
            segments: segments(full, points::x_step(per)),
            hollow,
        });
    }
    chart.references = references(indicator, &q.options);
    chart
}

/// "Almaty 2019, Baku 2020 and 3 more" for (place, year) pairs.
fn when_list(items: impl Iterator<Item = (String, i32)>) -> TextArg {
    let all: Vec<(String, i32)> = items.collect();
    let shown = Text::with(
        "places",
        vec![(
            "places",
            TextArg::PlaceYears(all.iter().take(4).cloned().collect()),
        )],
    );
    with_more(shown, all.len())
}

/// A list of `total` items whose first four `shown` names, then "and N more".
fn with_more(shown: Text, total: usize) -> TextArg {
    TextArg::Text(match total {
        0..=4 => shown,
        n => Text::Join(
            vec![
                shown,
                Text::with(
                    "and-n-more",
                    vec![("count", TextArg::Count((n - 4) as i64))],
                ),
            ],
            " ",
        ),
    })
}

/// The notes of the drawn values averaged from several sources (datasets, or sources within
/// one), and of those whose sources disagree by more than [`DISAGREEMENT`]. `by_indicator`
/// names each value's indicator too, for views that draw several (compare, scorecard,
/// multiples, scatter).
pub fn source_notes<'a>(
    drawn: impl IntoIterator<Item = &'a Point>,
    by_indicator: bool,
) -> Vec<Text> {
    let mut blended: Vec<(String, i32, String)> = Vec::new();
    let mut disagreeing: Vec<(String, i32, String)> = Vec::new();
    let mut worst: f64 = 0.0;
    for p in drawn.into_iter().filter(|p| p.sources > 1) {
        let indicator = if by_indicator {
            p.indicator.clone()
        } else {
            String::new()
        };
        let when = (p.place.clone(), p.x.floor() as i32, indicator);
        if p.spread > DISAGREEMENT {
            worst = worst.max(p.spread);
            disagreeing.push(when.clone());
        }
        blended.push(when);
    }
    let mut notes = Vec::new();
    for (list, id) in [
        (&mut blended, "note-blended"),
        (&mut disagreeing, "note-disagree"),
    ] {
        if list.is_empty() {
            continue;
        }
        list.sort();
        list.dedup();
        let which = match by_indicator {
            false => when_list(list.drain(..).map(|(p, y, _)| (p, y))),
            true => indicator_when_list(list),
        };
        let mut args = vec![("which", which)];
        if id == "note-disagree" {
            args.push(("factor", TextArg::Number((worst * 10.0).round() / 10.0)));
        }
        notes.push(Text::with(id, args));
    }
    notes
}

/// "Almaty 2019 (PM2.5), Baku 2020 (NO₂) and 3 more".
fn indicator_when_list(items: &[(String, i32, String)]) -> TextArg {
    let shown: Vec<Text> = items
        .iter()
        .take(4)
        .map(|(place, year, indicator)| {
            Text::with(
                "place-year-indicator",
                vec![
                    ("place", TextArg::Place(place.clone())),
                    ("year", TextArg::Year(*year)),
                    ("indicator", TextArg::IndicatorShort(indicator.clone())),
                ],
            )
        })
        .collect();
    with_more(Text::Join(shown, ", "), items.len())
}

/// What a line chart's notes say: values left off a log axis, low coverage, cities without a
/// value in the base year, blended and disagreeing sources.
pub fn notes(chart: &OverTimeChart) -> Vec<Text> {
    let mut notes = Vec::new();
    let count = |n: usize| TextArg::Count(n as i64);
    if chart.dropped_nonpositive > 0 {
        let args = vec![("count", count(chart.dropped_nonpositive))];
        notes.push(Text::with("note-log-dropped", args));
    }
    let hollow: usize = chart.series.iter().map(|s| s.hollow.len()).sum();
    if hollow > 0 {
        let percent = TextArg::Count((chart.min_coverage * 100.0).round() as i64);
        let id = match chart.period {
            Period::Year => "note-low-coverage-year",
            Period::Month | Period::Day => "note-low-coverage-month",
        };
        notes.push(Text::with(
            id,
            vec![("count", count(hollow)), ("percent", percent)],
        ));
    }
    if !chart.not_rebased.is_empty() {
        let args = vec![
            ("places", TextArg::Places(chart.not_rebased.clone())),
            ("year", TextArg::Year(chart.base_year.unwrap_or_default())),
        ];
        notes.push(Text::with("note-no-base", args));
    }
    if !chart.blended.is_empty() {
        // Sub-annual means name their place and year once.
        let mut blended = chart.blended.clone();
        blended.dedup();
        let args = vec![("which", when_list(blended.into_iter()))];
        notes.push(Text::with("note-blended", args));
    }
    if let Some(&most) = chart.stations.values().max() {
        let args = vec![
            (
                "places",
                TextArg::Places(chart.stations.keys().cloned().collect()),
            ),
            ("count", count(most as usize)),
        ];
        notes.push(Text::with("note-stations", args));
    }
    if let Some(worst) = chart.disagreeing.iter().map(|d| d.2).reduce(f64::max) {
        let mut places: Vec<(String, i32)> = chart
            .disagreeing
            .iter()
            .map(|(p, y, _)| (p.clone(), *y))
            .collect();
        places.dedup();
        let which = when_list(places.into_iter());
        let factor = TextArg::Number((worst * 10.0).round() / 10.0);
        notes.push(Text::with(
            "note-disagree",
            vec![("which", which), ("factor", factor)],
        ));
    }
    notes
}

/// The rows of a relative chart with the plotted value beside the raw one
/// ([`crate::data::write::INDEXED`]); rows the chart does not draw get none.
pub fn with_indexed(
    rows: crate::data::Dataset,
    chart: &OverTimeChart,
) -> polars::prelude::PolarsResult<crate::data::Dataset> {
    use polars::prelude::*;
    let mut plotted: std::collections::HashMap<(String, i64), f64> = Default::default();
    for s in &chart.series {
        for p in s.segments.iter().flatten().chain(&s.hollow) {
            let v = if chart.log_scale {
                10f64.powf(p[1])
            } else {
                p[1]
            };
            plotted.insert((s.city.clone(), x_key(p[0])), v);
        }
    }
    let f = &rows.frame;
    let place = f
        .column(crate::data::dataset::col::PLACE)?
        .cast(&DataType::String)?;
    let place = place.str()?;
    let t = f
        .column(crate::data::dataset::col::TIME)?
        .cast(&DataType::Int64)?;
    let t = t.i64()?;
    let indexed: Float64Chunked = (0..f.height())
        .map(|i| {
            let x = points::x_of(t.get(i)?, chart.period);
            plotted.get(&(place.get(i)?.to_string(), x_key(x))).copied()
        })
        .collect();
    let mut frame = rows.frame.clone();
    frame.with_column(
        indexed
            .with_name(crate::data::write::INDEXED.into())
            .into_series()
            .into_column(),
    )?;
    Ok(crate::data::Dataset { frame, ..rows })
}
