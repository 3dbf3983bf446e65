//! The over-time line chart: one line per city of an indicator's yearly, monthly or daily
//! means, split where a period has no data, with the WHO reference lines.

use super::points;
use super::prepared::{Body, ChartError, LegendEntry, PreparedChart, Swatch, sources_of};
use super::query::{ChartQuery, Relative};
use super::text::{Text, TextArg};
use super::theme;
use crate::data::Dataset;
use crate::data::catalog::Reference;
use crate::data::query::{Period, Query};

/// One city's line: points split into segments wherever a period has no data.
#[derive(Debug, Clone, PartialEq)]
pub struct CitySeries {
    pub city: String,
    /// The city's colour and line style ([`theme::place_slots`]).
    pub slot: usize,
    /// Values covering enough of their period, as lines split where a period is missing.
    pub segments: Vec<Vec<[f64; 2]>>,
    /// Values covering less of their period than the chart's threshold: drawn hollow, never
    /// joined by the line.
    pub hollow: Vec<[f64; 2]>,
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
    /// The year every city is indexed to.
    pub base_year: Option<i32>,
    /// The share of its period a value must cover to be drawn solid (0–1).
    pub min_coverage: f64,
    /// Cities left out of a relative chart because they have no value in the base year.
    pub not_rebased: Vec<String>,
    /// (place, year) of values averaged from several sources.
    pub blended: Vec<(String, i32)>,
    /// (place, year, largest over smallest) where the sources disagree.
    pub disagreeing: Vec<(String, i32, f64)>,
    /// Places whose values are means of several stations, with the most stations of any
    /// period.
    pub stations: std::collections::BTreeMap<String, u32>,
}

impl OverTimeChart {
    /// The first and last x of every series.
    pub fn x_range(&self) -> (f64, f64) {
        self.series
            .iter()
            .flat_map(|s| s.segments.iter().flatten().chain(&s.hollow))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
                (lo.min(p[0]), hi.max(p[0]))
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
        keep_undated: false,
    }
}

/// Prepares the over-time chart of the query's indicator.
pub fn prepare(ds: &Dataset, q: &ChartQuery) -> Result<PreparedChart, ChartError> {
    let title = points::series_title(&q.indicator, q.options.per);
    let rows = points::run(ds, &data_query(q, vec![q.indicator.clone()]))?;
    let points::UnitSplit {
        rows,
        notes: unit_notes,
        places: other_unit,
    } = points::one_unit(rows)?;
    if q.cities.is_empty() {
        let message = Text::msg("select-a-city");
        return Ok(PreparedChart::message(q, title, message, rows));
    }
    let pts = points::points(&rows, q.options.per)?;
    let chart = super::series::build(&pts, q, &q.indicator);
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
    let shown = |c: &str| {
        chart.series.iter().any(|s| s.city == c)
            || chart.not_rebased.iter().any(|n| n == c)
            || other_unit.contains(c)
    };
    let mut notes: Vec<Text> = points::not_shown_note(&q.cities, shown)
        .into_iter()
        .collect();
    notes.extend(unit_notes);
    notes.extend(super::series::notes(&chart));
    notes.extend(points::place_kind_notes(
        chart.series.iter().map(|s| s.city.as_str()),
    ));
    let rows = match chart.relative {
        Relative::Off => rows,
        _ => super::series::with_indexed(rows, &chart)?,
    };
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

/// A place's name as a text (written in the figure's language); a country is marked as one.
pub fn place_text(place: &str) -> Text {
    let id = match points::is_country(place) {
        true => "place-country",
        false => "place",
    };
    Text::with(id, vec![("name", TextArg::Place(place.to_string()))])
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
        // One base year for every city: the first year they all have.
        let mut q = query(&["Astana", "Almaty"]);
        q.options.relative = Relative::PercentChange;
        let c = chart(&sample(), &q);
        assert_eq!(c.base_year, Some(2015));
        assert_eq!(c.series[1].segments[0][0], [2015.0, 0.0]);
        assert_eq!(
            c.series[1].segments[0][1],
            [2016.0, -100.0],
            "Almaty 0 in 2016"
        );
        assert_eq!(
            subtitle(&q, &c).localize(Lang::En),
            "% change since 2015 · 2015–2018 · annual means"
        );
        // No year both cities have: the chart asks for a base year rather than rebasing each
        // city on its own first year.
        q.indicator = "recycling_rate".into();
        let p = crate::chart::prepare(&sample(), &q).unwrap();
        let Body::Message(m) = &p.body else {
            panic!("{:?}", p.body)
        };
        assert_eq!(
            m.localize(Lang::En),
            "No year that every selected city has a value for: choose a base year"
        );
        // A chosen base year: a city without a value in it is named, not rebased elsewhere.
        q.options.base_year = Some(2018);
        let p = crate::chart::prepare(&sample(), &q).unwrap();
        assert_eq!(
            en(&p.notes),
            vec!["Not shown, no value in the base year 2018: Almaty".to_string()]
        );
        // The CSV carries the plotted value beside the raw one.
        let indexed = p.rows.frame.column(crate::data::write::INDEXED).unwrap();
        assert_eq!(
            indexed.f64().unwrap().get(0),
            None,
            "Almaty 2017: not drawn"
        );
        assert_eq!(
            indexed.f64().unwrap().get(1),
            Some(0.0),
            "Astana 2018: 0 % change"
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
