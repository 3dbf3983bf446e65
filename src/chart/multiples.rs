//! Small multiples: one over-time panel per indicator of a theme, each with its own axis and
//! unit, from one query.

use super::over_time::{self, OverTimeChart};
use super::points;
use super::prepared::{Body, ChartError, LegendEntry, PreparedChart, Swatch, sources_of};
use super::query::ChartQuery;
use super::text::{Text, TextArg};
use super::theme;
use crate::data::Dataset;
use crate::data::catalog::{Catalog, Theme};
use crate::data::dataset::col;
use crate::data::query::place_key;

/// A prepared set of small multiples.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiplesChart {
    pub theme: Theme,
    /// One panel per indicator of the theme with data, in catalog order.
    pub panels: Vec<OverTimeChart>,
}

/// A theme's name as a text.
pub fn theme_text(theme: Theme) -> Text {
    Text::msg(match theme {
        Theme::Air => "theme-air",
        Theme::Energy => "theme-energy",
        Theme::Waste => "theme-waste",
    })
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

/// Prepares one over-time panel per indicator of the query's theme that the data has.
pub fn prepare(ds: &Dataset, q: &ChartQuery) -> Result<PreparedChart, ChartError> {
    let catalog = Catalog::bundled();
    let theme = TextArg::Text(theme_text(q.theme_group));
    let title = Text::with("multiples-title", vec![("theme", theme.clone())]);
    let indicators = theme_indicators(ds, q.theme_group);
    let rows = match indicators.is_empty() {
        // No indicator of the theme: nothing behind the chart.
        true => points::empty_rows(ds),
        false => points::run(ds, &over_time::data_query(q, indicators.clone()))?,
    };
    let points::UnitSplit {
        rows,
        notes: unit_notes,
        ..
    } = points::one_unit(rows)?;
    if indicators.is_empty() {
        // With places chosen, what is known is that they have none (a command's load keeps
        // only their rows): not that the file has none.
        let message = match q.cities.is_empty() {
            true => Text::with("multiples-none", vec![("theme", theme)]),
            false => Text::with(
                "multiples-none-for",
                vec![
                    ("theme", theme),
                    ("places", TextArg::Text(points::join_cities(&q.cities))),
                ],
            ),
        };
        return Ok(PreparedChart::message(q, title, message, rows));
    }
    if q.cities.is_empty() {
        let message = Text::msg("select-a-city");
        return Ok(PreparedChart::message(q, title, message, rows));
    }
    let pts = points::points(&rows, q.options.per)?;
    let panels: Vec<OverTimeChart> = indicators
        .iter()
        .map(|id| super::series::build(&pts, q, id))
        .collect();
    let drawn = |c: &str| {
        panels
            .iter()
            .any(|p| p.series.iter().any(|s| s.city == place_key(catalog, c)))
    };
    let keys: Vec<String> = q.cities.iter().map(|c| place_key(catalog, c)).collect();
    let legend = keys
        .iter()
        .zip(theme::place_slots(&keys))
        .filter(|(c, _)| drawn(c))
        .map(|(c, slot)| LegendEntry {
            label: super::over_time::place_text(c),
            color: theme::city_color(slot),
            swatch: Swatch::Line { slot },
        })
        .collect();
    let mut notes: Vec<Text> = points::not_shown_note(&q.cities, drawn)
        .into_iter()
        .chain(unit_notes)
        .collect();
    // Each panel's own notes (hollow marks of low coverage…), once each; blended and
    // disagreeing sources in one note of each kind that names the panel's indicator.
    let per_panel = |t: &Text| matches!(t, Text::Msg { id, .. } if *id == "note-blended" || *id == "note-disagree");
    for panel in &panels {
        for note in super::series::notes(panel) {
            if !per_panel(&note) && !notes.contains(&note) {
                notes.push(note);
            }
        }
    }
    let drawn_pts = pts
        .iter()
        .filter(|p| keys.contains(&place_key(catalog, &p.place)));
    notes.extend(super::series::source_notes(drawn_pts, true));
    Ok(PreparedChart {
        query: q.clone(),
        title,
        subtitle: Text::Join(
            vec![
                Text::msg("multiples-subtitle"),
                super::over_time::means_text(q.options.per),
            ],
            " · ",
        ),
        legend,
        body: Body::Multiples(MultiplesChart {
            theme: q.theme_group,
            panels,
        }),
        notes,
        sources: sources_of(&rows),
        rows,
    })
}
