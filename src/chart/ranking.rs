//! The ranking: one bar per city for one year, best first, coloured by the WHO guideline.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::over_time::{place_text, unit_text};
use super::points;
use super::prepared::{Body, ChartError, LegendEntry, PreparedChart, Swatch, sources_of};
use super::query::ChartQuery;
use super::text::{Text, TextArg};
use super::theme;
use crate::data::Dataset;
use crate::data::catalog::{Catalog, Direction};
use crate::data::query::{Period, Query};

/// How far from the ranking's year a city's value may come from.
pub const NEARBY_YEARS: i32 = 3;

/// One bar of the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct RankBar {
    pub city: String,
    pub value: f64,
    /// The year the value comes from (may differ from the ranking's year); `None` when the
    /// data gives none (drawn marked "year not given", never as a year's value).
    pub year: Option<i32>,
    /// Whether the value meets the guideline, where the indicator has one.
    pub meets_guideline: Option<bool>,
}

/// A prepared ranking: bars sorted best first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RankingChart {
    pub indicator: String,
    pub title: Text,
    pub unit: String,
    /// The ranking's year; `None` when no value has one.
    pub year: Option<i32>,
    pub bars: Vec<RankBar>,
    pub guideline: Option<f64>,
}

impl RankingChart {
    /// A bar's label: the city, with the year of a value from another year.
    pub fn label(&self, bar: &RankBar) -> Text {
        match bar.year {
            y if y == self.year => place_text(&bar.city),
            None => Text::with(
                "place-undated",
                vec![("name", TextArg::Place(bar.city.clone()))],
            ),
            Some(y) => Text::with(
                "place-year",
                vec![
                    ("name", TextArg::Place(bar.city.clone())),
                    ("year", TextArg::Year(y)),
                ],
            ),
        }
    }
}

/// The ranking's year when none is given: the latest year in which at least half of the
/// cities with data have a value, so that one city's recent figure does not make every other
/// bar come from a nearby year.
pub fn default_ranking_year<'a>(points: impl Iterator<Item = (&'a str, i32)>) -> Option<i32> {
    let mut by_year: BTreeMap<i32, BTreeSet<&'a str>> = BTreeMap::new();
    let mut cities = BTreeSet::new();
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

/// The subtitle of a ranking: year, unit, and what the bar colours mean.
pub fn subtitle(chart: &RankingChart) -> Text {
    let year = match chart.year {
        Some(y) => Text::raw(y.to_string()),
        None => Text::msg("year-not-given"),
    };
    let mut parts = vec![Text::Join(vec![year, unit_text(&chart.unit)], ", ")];
    if let Some(g) = chart.guideline {
        parts.push(Text::with(
            "ranking-colours",
            vec![
                ("value", TextArg::Number(g)),
                ("unit", TextArg::Unit(chart.unit.clone())),
            ],
        ));
    }
    if chart.year.is_some()
        && chart
            .bars
            .iter()
            .any(|b| b.year.is_some_and(|y| Some(y) != chart.year))
    {
        parts.push(Text::msg("ranking-other-years"));
    }
    if chart.year.is_some() && chart.bars.iter().any(|b| b.year.is_none()) {
        parts.push(Text::msg("ranking-undated"));
    }
    Text::Join(parts, " · ")
}

fn legend(chart: &RankingChart) -> Vec<LegendEntry> {
    if chart.guideline.is_none() {
        return Vec::new();
    }
    let block = |label: &'static str, color| LegendEntry {
        label: Text::msg(label),
        color,
        swatch: Swatch::Block,
    };
    // Only the colours drawn: a ranking with no bar at or under the guideline has no "meets".
    let has = |meets: bool| chart.bars.iter().any(|b| b.meets_guideline == Some(meets));
    match (has(true), has(false)) {
        (true, true) => vec![
            block("legend-meets", theme::MEETS),
            block("legend-exceeds", theme::EXCEEDS),
        ],
        (true, false) => vec![block("legend-meets", theme::MEETS)],
        (false, true) => vec![block("legend-exceeds-guideline", theme::EXCEEDS)],
        (false, false) => Vec::new(),
    }
}

/// Prepares the ranking of the query's cities (all cities when none are selected) for one
/// year; a city without data that year takes its nearest year within [`NEARBY_YEARS`].
pub fn prepare(ds: &Dataset, q: &ChartQuery) -> Result<PreparedChart, ChartError> {
    let catalog = Catalog::bundled();
    let ind = catalog.indicator(&q.indicator);
    let title = points::indicator_title(&q.indicator);
    let all = points::run(
        ds,
        &Query {
            indicators: vec![q.indicator.clone()],
            places: q.cities.clone(),
            per: Some(Period::Year),
            keep_undated: true,
            ..Default::default()
        },
    )?;
    let points::UnitSplit {
        rows: all,
        notes: unit_notes,
        places: other_unit,
    } = points::one_unit(all)?;
    let pts = points::points(&all, Period::Year)?;
    let latest = default_ranking_year(
        pts.iter()
            .map(|p| (p.place.as_str(), p.x as i32))
            .filter(|(_, y)| q.to_year.is_none_or(|t| *y <= t)),
    );
    let empty = |message: Text| {
        let title = title.clone();
        Ok(PreparedChart::message(q, title, message, all.clone()))
    };
    // Values without a year: drawn for cities that have no dated value near the year, marked.
    let undated = points::undated_values(&all)?;
    let year = q.year.or(latest);
    if year.is_none() && undated.is_empty() {
        return empty(points::no_data_for(&title, &q.cities));
    }
    let unit = match pts.first() {
        Some(p) => p.unit.clone(),
        None => points::first_unit(&all)?,
    };
    let mut best: BTreeMap<String, (Option<i32>, f64)> = match year {
        Some(y) => points::nearest_year(&pts, y, NEARBY_YEARS)
            .into_iter()
            .map(|(c, (y, v))| (c, (Some(y), v)))
            .collect(),
        None => BTreeMap::new(),
    };
    for ((city, _), (v, _)) in undated {
        best.entry(city).or_insert((None, v));
    }
    if let (Some(year), true) = (year, best.is_empty()) {
        let args = vec![
            ("indicator", TextArg::Text(title.clone())),
            ("count", TextArg::Count(i64::from(NEARBY_YEARS))),
            ("year", TextArg::Year(year)),
        ];
        return empty(Text::with("no-data-near", args));
    }
    let guideline = ind.and_then(|i| i.guideline());
    let mut bars: Vec<RankBar> = best
        .into_iter()
        .map(|(city, (y, v))| RankBar {
            meets_guideline: guideline.map(|g| v <= g),
            city,
            value: v,
            year: y,
        })
        .collect();
    let lower_better = ind.is_none_or(|i| i.better != Direction::Higher);
    sort_bars(&mut bars, lower_better);
    let kept: HashSet<(String, Option<i32>)> =
        bars.iter().map(|b| (b.city.clone(), b.year)).collect();
    let rows = points::keep_rows(&all, |p, y| kept.contains(&(p.to_string(), y)))?;
    let chart = RankingChart {
        indicator: q.indicator.clone(),
        title,
        unit,
        year,
        bars,
        guideline,
    };
    let mut notes = notes(q, &chart, &other_unit, unit_notes);
    let drawn = pts
        .iter()
        .filter(|p| kept.contains(&(p.place.clone(), Some(p.x.floor() as i32))));
    notes.extend(super::series::source_notes(drawn, false));
    Ok(PreparedChart {
        query: q.clone(),
        title: chart.title.clone(),
        subtitle: subtitle(&chart),
        legend: legend(&chart),
        notes,
        sources: sources_of(&rows),
        body: Body::Ranking(chart),
        rows,
    })
}

/// Best first; values with a year rank first, those without after them, never above a
/// year's.
fn sort_bars(bars: &mut [RankBar], lower_better: bool) {
    bars.sort_by(|a, b| {
        let by_value = match lower_better {
            true => a.value.total_cmp(&b.value),
            false => b.value.total_cmp(&a.value),
        };
        a.year.is_none().cmp(&b.year.is_none()).then(by_value)
    });
}

/// The ranking's notes: cities not shown (no data near the year, or only in another unit)
/// and countries among cities.
fn notes(
    q: &ChartQuery,
    chart: &RankingChart,
    other_unit: &std::collections::BTreeSet<String>,
    unit_notes: Vec<Text>,
) -> Vec<Text> {
    let missing: Vec<String> = q
        .cities
        .iter()
        .filter(|c| !chart.bars.iter().any(|b| b.city == **c) && !other_unit.contains(*c))
        .cloned()
        .collect();
    let mut notes = match (missing.is_empty(), chart.year) {
        (true, _) => Vec::new(),
        (false, Some(year)) => points::not_shown_near_note(missing, NEARBY_YEARS, year)
            .into_iter()
            .collect(),
        (false, None) => vec![Text::with(
            "note-not-shown",
            vec![("places", TextArg::Places(missing))],
        )],
    };
    notes.extend(unit_notes);
    notes.extend(points::place_kind_notes(
        chart.bars.iter().map(|b| b.city.as_str()),
    ));
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_support::{en, query, sample};
    use crate::i18n::Lang;

    fn ranking(q: &ChartQuery) -> (RankingChart, PreparedChart) {
        let p = crate::chart::prepare(&sample(), q).unwrap();
        match &p.body {
            Body::Ranking(c) => (c.clone(), p),
            other => panic!("not a ranking: {other:?}"),
        }
    }

    #[test]
    fn ranking_sorts_best_first_and_notes_nearby_years() {
        let mut q = query(&[]);
        q.view = crate::chart::View::Ranking;
        q.year = Some(2018);
        let (r, p) = ranking(&q);
        let order: Vec<&str> = r.bars.iter().map(|b| b.city.as_str()).collect();
        assert_eq!(order, vec!["Astana", "Almaty"]);
        assert_eq!(r.bars[0].meets_guideline, Some(false));
        assert_eq!(p.rows.len(), 2, "one row per bar");
        // The legend names only the colours drawn: 20 and 45 µg/m³ both exceed the guideline.
        let legend: Vec<String> = p
            .legend
            .iter()
            .map(|e| e.label.localize(Lang::En))
            .collect();
        assert_eq!(legend, ["exceeds the WHO guideline"]);
        let mut met = q.clone();
        met.indicator = "pm25".into();
        met.year = Some(2016);
        let (_, p) = ranking(&met);
        let legend: Vec<String> = p
            .legend
            .iter()
            .map(|e| e.label.localize(Lang::En))
            .collect();
        assert_eq!(
            legend,
            ["meets the WHO guideline", "exceeds it"],
            "0 and 30 µg/m³"
        );
        q.indicator = "recycling_rate".into();
        let (r, p) = ranking(&q);
        assert_eq!(
            (r.bars[0].city.as_str(), r.bars[0].year),
            ("Almaty", Some(2017)),
            "higher is better; nearest year"
        );
        assert_eq!(r.label(&r.bars[0]).localize(Lang::En), "Almaty (2017)");
        let subtitle = p.subtitle.localize(Lang::En);
        assert!(
            subtitle.contains("(year) marks a value from the nearest year"),
            "{subtitle}"
        );
    }

    #[test]
    fn a_city_without_a_value_near_the_year_is_named() {
        let mut q = query(&["Astana", "Tehran"]);
        q.view = crate::chart::View::Ranking;
        let (_, p) = ranking(&q);
        assert_eq!(
            en(&p.notes),
            vec!["Not shown, no data within 3 years of 2018: Tehran".to_string()]
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
}
