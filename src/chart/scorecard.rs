//! The standards scorecard: a row per place, a column per indicator with reference targets
//! (the WHO 2021 guideline and interim targets, the EU recycling and renewable-energy
//! targets, universal waste collection, and any a user adds), each cell the latest value, its
//! year and the strictest target it meets; places sorted by how many targets they meet.

use std::collections::{BTreeMap, BTreeSet};

use super::points;
use super::prepared::{Body, ChartError, LegendEntry, PreparedChart, Swatch, sources_of};
use super::query::ChartQuery;
use super::text::{Text, TextArg};
use crate::data::Dataset;
use crate::data::catalog::Catalog;
use crate::data::query::{Period, Query};
use crate::data::targets::{self, Target, TargetWord};

/// One column: an indicator and its ladder of targets, easiest to meet first.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreColumn {
    pub indicator: String,
    pub title: Text,
    pub unit: String,
    pub targets: Vec<Target>,
}

/// One cell: a place's latest value of a column's indicator and where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreCell {
    pub value: f64,
    pub year: i32,
    /// For each of the column's targets: `None` where it does not apply to the place, else
    /// whether the value meets it.
    pub met: Vec<Option<bool>>,
}

impl ScoreCell {
    /// How many of the targets that apply are met, and how many apply.
    pub fn count(&self) -> (usize, usize) {
        let applying = self.met.iter().flatten();
        (applying.clone().filter(|m| **m).count(), applying.count())
    }

    /// The index of the strictest target met, if any.
    pub fn strictest_met(&self) -> Option<usize> {
        self.met.iter().rposition(|m| *m == Some(true))
    }

    /// How far up its ladder the cell is: 0 (no target met) to 1 (every target met).
    pub fn level(&self) -> f32 {
        match self.count() {
            (_, 0) => 0.0,
            (met, of) => met as f32 / of as f32,
        }
    }
}

/// One row: a place, its cells (one per column, `None` without a value) and its total.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    pub place: String,
    pub cells: Vec<Option<ScoreCell>>,
    /// Targets met over every column, and targets with a value to judge.
    pub met: usize,
    pub of: usize,
}

/// A prepared scorecard.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScorecardChart {
    pub columns: Vec<ScoreColumn>,
    /// Most targets met first.
    pub rows: Vec<ScoreRow>,
    /// The latest year a value may come from, when the query sets one.
    pub until: Option<i32>,
}

/// The cell colours of the ladder, from no target met to all met: ColorBrewer's YlGn
/// sequential scheme (Cynthia Brewer, colorbrewer2.org), whose lightness falls steadily so
/// that the ladder reads in grey-scale print too.
pub const LADDER: [egui::Color32; 5] = [
    egui::Color32::from_rgb(255, 255, 204),
    egui::Color32::from_rgb(194, 230, 153),
    egui::Color32::from_rgb(120, 198, 121),
    egui::Color32::from_rgb(49, 163, 84),
    egui::Color32::from_rgb(0, 104, 55),
];

/// The colour of a ladder level (0 to 1).
pub fn ladder_color(level: f32) -> egui::Color32 {
    let i = (level.clamp(0.0, 1.0) * (LADDER.len() - 1) as f32).round() as usize;
    LADDER[i]
}

/// Each place's latest annual mean of each indicator, at or before `until`.
fn latest(pts: Vec<points::Point>, until: Option<i32>) -> BTreeMap<(String, String), (i32, f64)> {
    let mut out: BTreeMap<(String, String), (i32, f64)> = BTreeMap::new();
    for p in pts {
        let year = p.x as i32;
        if until.is_some_and(|u| year > u) {
            continue;
        }
        let key = (p.place, p.indicator);
        if out.get(&key).is_none_or(|(y, _)| year > *y) {
            out.insert(key, (year, p.value));
        }
    }
    out
}

/// What a scorecard with no row says: that the places' values of indicators with targets have
/// no year (and how to give them one), else that there are none.
fn empty_message(
    ds: &Dataset,
    q: &ChartQuery,
    indicators: &[String],
    dated: bool,
) -> Result<Text, ChartError> {
    let whom = match q.cities.is_empty() {
        true => Text::msg("any-city"),
        false => points::join_cities(&q.cities),
    };
    // Values the data gives no year for cannot be scored "up to a year": said so, with
    // how to give them one, rather than "no values".
    let places = match q.cities.is_empty() {
        true => ds.distinct(crate::data::dataset::col::PLACE),
        false => q.cities.clone(),
    };
    // Dated values after the year asked for are the reason, not the undated ones.
    let undated = match dated {
        true => 0,
        false => points::undated(ds, indicators, &places)?.0,
    };
    Ok(match undated {
        0 => Text::with("scorecard-no-data", vec![("places", TextArg::Text(whom))]),
        n => Text::with(
            "scorecard-undated",
            vec![
                ("places", TextArg::Text(whom)),
                ("count", TextArg::Count(n as i64)),
            ],
        ),
    })
}

/// Prepares the scorecard of the query's places (all with data when none are selected).
pub fn prepare(ds: &Dataset, q: &ChartQuery) -> Result<PreparedChart, ChartError> {
    let all_targets = targets::active();
    let catalog = Catalog::bundled();
    let indicators: Vec<String> = {
        let with: BTreeSet<&str> = all_targets.iter().map(|t| t.indicator.as_str()).collect();
        let mut ids: Vec<String> = catalog
            .indicators
            .iter()
            .filter(|i| with.contains(i.id.as_str()))
            .map(|i| i.id.clone())
            .collect();
        ids.extend(
            with.iter()
                .filter(|id| catalog.indicator(id).is_none())
                .map(|id| id.to_string()),
        );
        ids
    };
    let title = Text::msg("scorecard-title");
    let rows = points::run(
        ds,
        &Query {
            indicators: indicators.clone(),
            places: q.cities.clone(),
            per: Some(Period::Year),
            ..Default::default()
        },
    )?;
    let split = points::one_unit(rows)?;
    let pts = points::points(&split.rows, Period::Year)?;
    let units: BTreeMap<String, String> = pts
        .iter()
        .map(|p| (p.indicator.clone(), p.unit.clone()))
        .collect();
    let until = q.year.or(q.to_year);
    let values = latest(pts.clone(), until);
    // The values in the cells, named where they average several sources.
    let blend_notes = super::series::source_notes(
        pts.iter().filter(|p| {
            values
                .get(&(p.place.clone(), p.indicator.clone()))
                .is_some_and(|(y, _)| *y == p.x.floor() as i32)
        }),
        true,
    );
    let columns: Vec<ScoreColumn> = indicators
        .iter()
        .filter(|id| values.keys().any(|(_, i)| i == *id))
        .map(|id| ScoreColumn {
            indicator: id.clone(),
            title: points::indicator_title(id),
            unit: units.get(id).cloned().unwrap_or_default(),
            targets: targets::for_indicator(&all_targets, id),
        })
        .collect();
    let places: BTreeSet<&String> = values.keys().map(|(p, _)| p).collect();
    let mut score_rows: Vec<ScoreRow> = places
        .into_iter()
        .map(|place| score_row(place, &columns, &values))
        .collect();
    score_rows.sort_by(|a, b| {
        b.met
            .cmp(&a.met)
            .then(a.of.cmp(&b.of))
            .then_with(|| a.place.cmp(&b.place))
    });
    if score_rows.is_empty() {
        let message = empty_message(ds, q, &indicators, !pts.is_empty())?;
        return Ok(PreparedChart::message(q, title, message, split.rows));
    }
    let kept: BTreeSet<(String, String, i32)> = values
        .iter()
        .map(|((p, i), (y, _))| (p.clone(), i.clone(), *y))
        .collect();
    let rows = points::keep_indicator_rows(&split.rows, |p, i, y| {
        y.is_some_and(|y| kept.contains(&(p.to_string(), i.to_string(), y)))
    })?;
    let chart = ScorecardChart {
        columns,
        rows: score_rows,
        until,
    };
    let mut notes = Vec::new();
    notes.extend(points::not_shown_note(&q.cities, |c| {
        chart.rows.iter().any(|r| r.place == c)
    }));
    notes.extend(split.notes);
    notes.extend(blend_notes);
    notes.extend(points::place_kind_notes(
        chart.rows.iter().map(|r| r.place.as_str()),
    ));
    notes.extend(target_notes(&chart));
    Ok(PreparedChart {
        query: q.clone(),
        title,
        subtitle: subtitle(&chart),
        legend: legend(),
        notes,
        sources: sources_of(&rows),
        body: Body::Scorecard(chart),
        rows,
    })
}

fn score_row(
    place: &str,
    columns: &[ScoreColumn],
    values: &BTreeMap<(String, String), (i32, f64)>,
) -> ScoreRow {
    let cells: Vec<Option<ScoreCell>> = columns
        .iter()
        .map(|c| {
            let &(year, value) = values.get(&(place.to_string(), c.indicator.clone()))?;
            let met = c
                .targets
                .iter()
                .map(|t| t.applies_to(place).then(|| t.met_by(value)))
                .collect();
            Some(ScoreCell { value, year, met })
        })
        .collect();
    let (met, of) = cells
        .iter()
        .flatten()
        .map(ScoreCell::count)
        .fold((0, 0), |(a, b), (m, o)| (a + m, b + o));
    ScoreRow {
        place: place.to_string(),
        cells,
        met,
        of,
    }
}

fn subtitle(chart: &ScorecardChart) -> Text {
    let years = match chart.until {
        Some(y) => Text::with("scorecard-until", vec![("year", TextArg::Year(y))]),
        None => Text::msg("scorecard-latest"),
    };
    Text::Join(vec![years, Text::msg("scorecard-sorted")], " · ")
}

fn legend() -> Vec<LegendEntry> {
    let entry = |id: &'static str, level: f32| LegendEntry {
        label: Text::msg(id),
        color: ladder_color(level),
        swatch: Swatch::Block,
    };
    vec![
        entry("scorecard-legend-none", 0.0),
        entry("scorecard-legend-some", 0.5),
        entry("scorecard-legend-all", 1.0),
    ]
}

/// A target's name (`short`: its short name for cells) in no language yet: the WHO guideline
/// and interim targets by their standard names in the language files, any other by the words
/// its targets file gives in each language.
pub fn target_text(t: &Target, short: bool) -> Text {
    if t.id.starts_with("who-") {
        if t.id.ends_with("-aqg") {
            return Text::msg("reference-guideline");
        }
        if let Some(n) =
            t.id.rsplit("-it")
                .next()
                .and_then(|n| n.parse::<i64>().ok())
        {
            return Text::with("reference-interim", vec![("number", TextArg::Count(n))]);
        }
    }
    Text::Words(t.words(if short {
        TargetWord::Short
    } else {
        TargetWord::Name
    }))
}

/// One note per issuing body and source, naming the targets taken from it.
fn target_notes(chart: &ScorecardChart) -> Vec<Text> {
    let mut by_source: BTreeMap<(String, String), (&Target, Vec<Text>)> = BTreeMap::new();
    for t in chart.columns.iter().flat_map(|c| &c.targets) {
        let (_, names) = by_source
            .entry((t.body.clone(), t.source.clone()))
            .or_insert((t, Vec::new()));
        let name = target_text(t, false);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    by_source
        .into_iter()
        .map(|((_, source), (first, names))| {
            Text::with(
                "note-scorecard-targets",
                vec![
                    (
                        "body",
                        TextArg::Text(Text::Words(first.words(TargetWord::Body))),
                    ),
                    ("source", TextArg::Text(Text::raw(source))),
                    ("names", TextArg::Text(Text::Join(names, ", "))),
                ],
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_counts_the_targets_that_apply_and_names_the_strictest_met() {
        let cell = ScoreCell {
            value: 12.0,
            year: 2020,
            met: vec![Some(true), Some(true), Some(true), Some(false), Some(false)],
        };
        assert_eq!(cell.count(), (3, 5));
        assert_eq!(cell.strictest_met(), Some(2));
        assert!((cell.level() - 0.6).abs() < 1e-6);
        let national = ScoreCell {
            met: vec![Some(false), None],
            ..cell
        };
        assert_eq!(national.count(), (0, 1));
        assert_eq!(national.strictest_met(), None);
        assert_eq!(ladder_color(0.0), LADDER[0]);
        assert_eq!(ladder_color(1.0), LADDER[4]);
    }
}
