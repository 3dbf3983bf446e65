//! The over-time line chart: one line per city of an indicator's yearly, monthly or daily
//! means, split where a period has no data, with the WHO reference lines.

use std::collections::{BTreeMap, BTreeSet};

use super::points::{self, Point};
use super::prepared::{Body, ChartError, LegendEntry, PreparedChart, Swatch, sources_of};
use super::query::{ChartOptions, ChartQuery, Relative};
use super::text::{Text, TextArg};
use super::theme;
use crate::data::Dataset;
use crate::data::catalog::{Catalog, Reference, ReferenceKind};
use crate::data::query::{Period, Query};

/// One city's line: points split into segments wherever a period has no data.
#[derive(Debug, Clone, PartialEq)]
pub struct CitySeries {
    pub city: String,
    /// Position of the city in the selection (fixes its colour).
    pub slot: usize,
    pub segments: Vec<Vec<[f64; 2]>>,
}

/// A prepared over-time chart (also one panel of small multiples).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OverTimeChart {
    pub indicator: String,
    pub title: Text,
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
    pub empty_reason: Option<Text>,
    /// The year every city is indexed to, when they share one (else each city's own first).
    pub base_year: Option<i32>,
}

impl OverTimeChart {
    /// The first and last x of every series.
    pub fn x_range(&self) -> (f64, f64) {
        self.series
            .iter()
            .flat_map(|s| &s.segments)
            .filter_map(|seg| Some((seg.first()?[0], seg.last()?[0])))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (a, b)| {
                (lo.min(a), hi.max(b))
            })
    }
}

/// The query behind an over-time chart of `indicators`.
pub fn data_query(q: &ChartQuery, indicators: Vec<String>) -> Query {
    Query {
        indicators,
        places: q.cities.clone(),
        from_year: q.from_year,
        to_year: q.to_year,
        per: Some(q.options.per),
    }
}

/// Prepares the over-time chart of the query's indicator.
pub fn prepare(ds: &Dataset, q: &ChartQuery) -> Result<PreparedChart, ChartError> {
    let title = points::series_title(&q.indicator, q.options.per);
    let rows = points::run(ds, &data_query(q, vec![q.indicator.clone()]))?;
    if q.cities.is_empty() {
        let message = Text::msg("select-a-city");
        return Ok(PreparedChart::message(q, title, message, rows));
    }
    let pts = points::points(&rows, q.options.per)?;
    let chart = build(&pts, q, &q.indicator);
    if let Some(reason) = &chart.empty_reason {
        return Ok(PreparedChart::message(q, title, reason.clone(), rows));
    }
    let legend = chart
        .series
        .iter()
        .map(|s| LegendEntry {
            label: place_text(&s.city),
            color: theme::city_color(s.slot),
            swatch: Swatch::Line { slot: s.slot },
        })
        .collect();
    let mut notes: Vec<Text> =
        points::not_shown_note(&q.cities, |c| chart.series.iter().any(|s| s.city == c))
            .into_iter()
            .collect();
    if chart.dropped_nonpositive > 0 {
        let n = chart.dropped_nonpositive as i64;
        notes.push(Text::with(
            "note-log-dropped",
            vec![("count", TextArg::Count(n))],
        ));
    }
    Ok(PreparedChart {
        query: q.clone(),
        subtitle: subtitle(q, &chart),
        title: chart.title.clone(),
        legend,
        body: Body::OverTime(chart),
        notes,
        sources: sources_of(&rows),
        rows,
    })
}

/// The base of a relative series: the city's value at the first period of the range (or its
/// first value), with that period's x.
fn base_of(points: &[[f64; 2]], first_x: Option<f64>) -> Option<[f64; 2]> {
    points
        .iter()
        .find(|p| first_x.is_none_or(|f| p[0] >= f))
        .copied()
}

/// Applies the relative transform and the log axis to one city's sorted points. Returns
/// `None` when the city has no usable base; counts values a log axis leaves out.
fn transform(
    mut pts: Vec<[f64; 2]>,
    options: &ChartOptions,
    first_x: Option<f64>,
    base_years: &mut BTreeSet<i32>,
    dropped: &mut usize,
) -> Option<Vec<[f64; 2]>> {
    if options.relative != Relative::Off {
        let base = base_of(&pts, first_x).filter(|b| b[1] != 0.0)?;
        base_years.insert(base[0].floor() as i32);
        for p in &mut pts {
            p[1] = match options.relative {
                Relative::Index100 => p[1] / base[1] * 100.0,
                Relative::PercentChange => (p[1] / base[1] - 1.0) * 100.0,
                Relative::Off => p[1],
            };
        }
    }
    if options.log_scale {
        let before = pts.len();
        pts.retain(|p| p[1] > 0.0);
        *dropped += before - pts.len();
        for p in &mut pts {
            p[1] = p[1].log10();
        }
    }
    Some(pts)
}

/// Splits sorted points into segments wherever more than one period is missing.
fn segments(pts: Vec<[f64; 2]>, step: f64) -> Vec<Vec<[f64; 2]>> {
    let mut out: Vec<Vec<[f64; 2]>> = Vec::new();
    for p in pts {
        match out.last_mut() {
            Some(seg) if p[0] - seg.last().map_or(p[0], |l| l[0]) <= step * 1.5 => seg.push(p),
            _ => out.push(vec![p]),
        }
    }
    out
}

/// The reference lines of an indicator as a chart draws them.
fn references(indicator: &str, options: &ChartOptions) -> Vec<Reference> {
    if options.relative != Relative::Off {
        return Vec::new();
    }
    let Some(ind) = Catalog::bundled().indicator(indicator) else {
        return Vec::new();
    };
    ind.references
        .iter()
        .filter(|r| r.kind == ReferenceKind::Guideline || options.show_interim)
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

/// Builds the chart of `indicator` from aggregated points (points of other indicators are
/// ignored).
pub fn build(pts: &[Point], q: &ChartQuery, indicator: &str) -> OverTimeChart {
    let catalog = Catalog::bundled();
    let per = q.options.per;
    let mut chart = OverTimeChart {
        indicator: indicator.to_string(),
        title: points::series_title(indicator, per),
        log_scale: q.options.log_scale,
        relative: q.options.relative,
        period: per,
        ..Default::default()
    };
    let mut by_city: BTreeMap<&str, Vec<[f64; 2]>> = BTreeMap::new();
    for p in pts.iter().filter(|p| p.indicator == indicator) {
        if chart.unit.is_empty() {
            chart.unit = p.unit.clone();
        }
        by_city.entry(&p.place).or_default().push([p.x, p.value]);
    }
    if by_city.is_empty() {
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
    let first_x = q.from_year.map(f64::from);
    let mut base_years = BTreeSet::new();
    for (slot, city) in q.cities.iter().enumerate() {
        let key = crate::data::query::place_key(catalog, city);
        let Some(mut pts) = by_city.remove(key.as_str()) else {
            continue;
        };
        pts.sort_by(|a, b| a[0].total_cmp(&b[0]));
        let Some(pts) = transform(
            pts,
            &q.options,
            first_x,
            &mut base_years,
            &mut chart.dropped_nonpositive,
        ) else {
            continue;
        };
        chart.series.push(CitySeries {
            city: key,
            slot,
            segments: segments(pts, points::x_step(per)),
        });
    }
    chart.base_year = match base_years.len() {
        1 => base_years.first().copied(),
        _ => None,
    };
    chart.references = references(indicator, &q.options);
    chart
}

/// A place's name as a text (written in the figure's language).
pub fn place_text(place: &str) -> Text {
    Text::with("place", vec![("name", TextArg::Place(place.to_string()))])
}

/// The base of relative values: the shared base year, else each city's first year.
fn base_text(chart: &OverTimeChart) -> TextArg {
    TextArg::Text(match chart.base_year {
        Some(y) => Text::raw(y.to_string()),
        None => Text::msg("base-each-first-year"),
    })
}

/// The unit of an over-time chart as a text.
pub fn unit_text(unit: &str) -> Text {
    Text::with("unit", vec![("unit", TextArg::Unit(unit.to_string()))])
}

/// The subtitle of an over-time chart: unit or relative basis, years, aggregation.
pub fn subtitle(q: &ChartQuery, chart: &OverTimeChart) -> Text {
    let mut parts = vec![match chart.relative {
        Relative::Index100 => Text::with("relative-index", vec![("base", base_text(chart))]),
        Relative::PercentChange => Text::with("relative-change", vec![("base", base_text(chart))]),
        Relative::Off => unit_text(&chart.unit),
    }];
    if chart.log_scale && chart.relative == Relative::Off {
        parts.push(Text::msg("log-scale"));
    }
    let (first, last) = chart.x_range();
    if first.is_finite() {
        let (first, last) = (first.floor(), last.floor());
        parts.push(Text::raw(if first == last {
            format!("{first:.0}")
        } else {
            format!("{first:.0}–{last:.0}")
        }));
    } else if let (Some(a), Some(b)) = (q.from_year, q.to_year) {
        parts.push(Text::raw(format!("{a}–{b}")));
    }
    parts.push(means_text(q.options.per));
    Text::Join(parts, " · ")
}

/// "annual means", "monthly means", "daily means".
pub fn means_text(per: Period) -> Text {
    Text::msg(match per {
        Period::Year => "annual-means",
        Period::Month => "monthly-means",
        Period::Day => "daily-means",
    })
}

/// The y-axis caption of an over-time chart.
pub fn y_caption(chart: &OverTimeChart) -> Text {
    match chart.relative {
        Relative::Index100 => Text::with("axis-index", vec![("base", base_text(chart))]),
        Relative::PercentChange => Text::with("relative-change", vec![("base", base_text(chart))]),
        Relative::Off if chart.log_scale => Text::with(
            "axis-log",
            vec![("unit", TextArg::Unit(chart.unit.clone()))],
        ),
        Relative::Off => unit_text(&chart.unit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_support::{en, query, sample};
    use crate::data::{LoadOptions, load_bytes};
    use crate::i18n::Lang;

    fn chart(ds: &Dataset, q: &ChartQuery) -> OverTimeChart {
        match crate::chart::prepare(ds, q).unwrap().body {
            Body::OverTime(c) => c,
            other => panic!("not an over-time chart: {other:?}"),
        }
    }

    #[test]
    fn gaps_split_lines_and_guideline_is_drawn() {
        let c = chart(&sample(), &query(&["Nur-Sultan"]));
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
        let mut q = query(&["Astana"]);
        q.options.per = Period::Day;
        let c = chart(&ds, &q);
        assert_eq!(c.period, Period::Day);
        assert_eq!(c.title.localize(Lang::En), "PM2.5", "not an annual mean");
        let values: Vec<Vec<f64>> = c.series[0]
            .segments
            .iter()
            .map(|seg| seg.iter().map(|p| p[1]).collect())
            .collect();
        assert_eq!(values, vec![vec![30.0, 35.0], vec![10.0, 12.0]]);
        let day = 1.0 / 365.0;
        assert!((c.series[0].segments[0][0][0] - 2023.0).abs() < 1e-9);
        assert!((c.series[0].segments[1][0][0] - (2023.0 + 4.0 * day)).abs() < 1e-9);
    }

    #[test]
    fn relative_and_log_transform_values() {
        let mut q = query(&["Astana"]);
        q.options.relative = Relative::Index100;
        let c = chart(&sample(), &q);
        assert_eq!(
            c.series[0].segments[0],
            vec![[2015.0, 100.0], [2016.0, 75.0]]
        );
        assert!(
            c.references.is_empty(),
            "guidelines make no sense on an index"
        );
        assert_eq!(c.base_year, Some(2015));
        let mut q = query(&["Astana", "Almaty"]);
        q.indicator = "recycling_rate".into();
        q.options.relative = Relative::Index100;
        let c = chart(&sample(), &q);
        assert_eq!(c.series.len(), 2);
        assert_eq!(c.base_year, None, "Astana starts in 2018, Almaty in 2017");
        assert_eq!(
            subtitle(&q, &c).localize(Lang::En),
            "relative to each city's first year = 100 · 2017–2018 · annual means"
        );
        let mut q = query(&["Almaty"]);
        q.options.log_scale = true;
        let p = crate::chart::prepare(&sample(), &q).unwrap();
        assert_eq!(
            en(&p.notes),
            vec!["1 zero or negative value left out of the log scale".to_string()]
        );
        let Body::OverTime(c) = p.body else { panic!() };
        assert_eq!(c.dropped_nonpositive, 1);
        assert!((c.series[0].segments[0][0][1] - 50f64.log10()).abs() < 1e-12);
    }

    #[test]
    fn empty_states_explain_themselves_and_missing_cities_are_named() {
        let p = crate::chart::prepare(&sample(), &query(&[])).unwrap();
        assert!(
            matches!(&p.body, Body::Message(m) if m.localize(Lang::En) == "Select at least one city")
        );
        let mut q = query(&["Ashgabat"]);
        q.from_year = Some(2010);
        q.to_year = Some(2015);
        let p = crate::chart::prepare(&sample(), &q).unwrap();
        assert!(
            matches!(&p.body, Body::Message(m) if m.localize(Lang::En) == "No PM2.5 annual mean data for Ashgabat in 2010–2015"),
            "{:?}",
            p.body
        );
        let Body::Message(m) = &p.body else { panic!() };
        assert_eq!(
            m.localize(Lang::Ru),
            "Нет данных: PM2,5, среднегодовая концентрация — Ашхабад, 2010–2015"
        );
        let p =
            crate::chart::prepare(&sample(), &query(&["Astana", "Moscow", "Ashgabat"])).unwrap();
        assert_eq!(
            en(&p.notes),
            vec!["Not shown, no data: Moscow, Ashgabat".to_string()]
        );
        assert_eq!(p.legend.len(), 1);
    }
}
