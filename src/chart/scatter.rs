//! The scatter: one point per place for one year, an X indicator against a Y indicator
//! (renewable share against PM2.5), coloured by country, optionally sized by a third
//! indicator, with an optional least-squares line and its r².

use std::collections::{BTreeMap, BTreeSet};

use egui::Color32;

use super::over_time::place_text;
use super::points::{self, Point};
use super::prepared::{Body, ChartError, LegendEntry, PreparedChart, Swatch, sources_of};
use super::query::ChartQuery;
use super::ranking::{NEARBY_YEARS, default_ranking_year};
use super::text::{Text, TextArg};
use super::theme;
use crate::data::Dataset;
use crate::data::catalog::Catalog;
use crate::data::query::{Period, Query};

/// One axis (or the size) of a scatter: its indicator, title and unit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScatterAxis {
    pub indicator: String,
    pub title: Text,
    /// The unit of the values, as the catalog writes it.
    pub unit: String,
    /// A logarithmic axis (never for the size).
    pub log: bool,
}

/// One place's point.
#[derive(Debug, Clone, PartialEq)]
pub struct ScatterPoint {
    pub place: String,
    /// The country the place lies in (the place itself for country-level data), by its
    /// gazetteer name; empty when the gazetteer does not know the place.
    pub country: String,
    pub color: Color32,
    /// The marker: countries past the palette's colours reuse them with another shape.
    pub shape: egui_plot::MarkerShape,
    pub x: f64,
    pub y: f64,
    /// The size indicator's value, when the chart has one and the place has a value near the
    /// year.
    pub size: Option<f64>,
    /// The year the size's value comes from.
    pub size_year: Option<i32>,
    /// The years the X and Y values come from (either may differ from the chart's year).
    pub x_year: i32,
    pub y_year: i32,
}

impl ScatterPoint {
    /// True when either value comes from a year other than the chart's.
    pub fn from_other_year(&self, year: i32) -> bool {
        self.x_year != year || self.y_year != year
    }
}

/// A least-squares line `y = intercept + slope · x`, fitted on the values as drawn (log10 of
/// the values on a log axis).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    pub slope: f64,
    pub intercept: f64,
    /// The coefficient of determination, 0 to 1 (Pearson's r squared).
    pub r2: f64,
    /// How many points it was fitted on.
    pub n: usize,
}

/// A prepared scatter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScatterChart {
    pub x: ScatterAxis,
    pub y: ScatterAxis,
    pub size: Option<ScatterAxis>,
    /// The year of the values (nearby years marked on their points).
    pub year: i32,
    pub points: Vec<ScatterPoint>,
    /// The least-squares line, when asked for and at least three points differ in X.
    pub fit: Option<Fit>,
}

impl ScatterChart {
    /// A point's label: the place, with the years of values from other years.
    pub fn label(&self, p: &ScatterPoint) -> Text {
        if !p.from_other_year(self.year) {
            return place_text(&p.place);
        }
        let year = match p.x_year == p.y_year {
            true => p.x_year.to_string(),
            false => format!("{}/{}", p.x_year, p.y_year),
        };
        Text::with(
            "place-year-text",
            vec![
                ("name", TextArg::Place(p.place.clone())),
                ("year", TextArg::Text(Text::raw(year))),
            ],
        )
    }
}

/// The least-squares line through `(x, y)` pairs; `None` for fewer than three points or when
/// every X is the same.
pub fn least_squares(pairs: &[(f64, f64)]) -> Option<Fit> {
    let n = pairs.len();
    if n < 3 {
        return None;
    }
    let nf = n as f64;
    let mx = pairs.iter().map(|p| p.0).sum::<f64>() / nf;
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / nf;
    let (mut sxx, mut syy, mut sxy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
        sxy += (x - mx) * (y - my);
    }
    if sxx <= f64::EPSILON * nf * mx.abs().max(1.0) {
        return None;
    }
    let slope = sxy / sxx;
    let r2 = if syy == 0.0 {
        1.0
    } else {
        (sxy * sxy) / (sxx * syy)
    };
    Some(Fit {
        slope,
        intercept: my - slope * mx,
        r2,
        n,
    })
}

/// The scatter's year when none is given: the latest in which at least half of the places
/// with both values have both ([`default_ranking_year`] over pairs); failing any such year,
/// the Y indicator's.
fn default_year(xs: &[Point], ys: &[Point], to: Option<i32>) -> Option<i32> {
    let have_x: BTreeSet<(&str, i32)> = xs.iter().map(|p| (p.place.as_str(), p.x as i32)).collect();
    let within = |y: &i32| to.is_none_or(|t| *y <= t);
    let both = ys
        .iter()
        .map(|p| (p.place.as_str(), p.x as i32))
        .filter(|k| have_x.contains(k) && within(&k.1));
    default_ranking_year(both).or_else(|| {
        default_ranking_year(
            ys.iter()
                .map(|p| (p.place.as_str(), p.x as i32))
                .filter(|k| within(&k.1)),
        )
    })
}

/// The annual means of the scatter's indicators for the query's places, one unit each.
struct Values {
    rows: Dataset,
    notes: Vec<Text>,
    /// Each indicator's points.
    points: BTreeMap<String, Vec<Point>>,
}

fn values(ds: &Dataset, q: &ChartQuery) -> Result<Values, ChartError> {
    let rows = points::run(
        ds,
        &Query {
            indicators: q.indicators(),
            places: q.cities.clone(),
            per: Some(Period::Year),
            ..Default::default()
        },
    )?;
    let split = points::one_unit(rows)?;
    let mut by_indicator: BTreeMap<String, Vec<Point>> = BTreeMap::new();
    for p in points::points(&split.rows, Period::Year)? {
        by_indicator.entry(p.indicator.clone()).or_default().push(p);
    }
    Ok(Values {
        rows: split.rows,
        notes: split.notes,
        points: by_indicator,
    })
}

fn axis(points: &[Point], indicator: &str, log: bool) -> ScatterAxis {
    let unit = points.first().map(|p| p.unit.clone()).or_else(|| {
        Catalog::bundled()
            .indicator(indicator)
            .map(|i| i.unit.clone())
    });
    ScatterAxis {
        indicator: indicator.to_string(),
        title: points::indicator_title(indicator),
        unit: unit.unwrap_or_default(),
        log,
    }
}

/// The notes of the values drawn (X, Y and size, each of its own year) averaged from several
/// sources; `points`: each indicator's points.
fn blend_notes(chart: &ScatterChart, points: &BTreeMap<String, Vec<Point>>) -> Vec<Text> {
    let none = Vec::new();
    let of = |id: &str| points.get(id).unwrap_or(&none);
    let drawn = chart.points.iter().flat_map(|sp| {
        let size = chart.size.as_ref().zip(sp.size_year);
        [
            (&chart.x.indicator, sp.x_year),
            (&chart.y.indicator, sp.y_year),
        ]
        .into_iter()
        .chain(size.map(|(s, year)| (&s.indicator, year)))
        .filter_map(|(id, year)| {
            of(id)
                .iter()
                .find(|p| p.place == sp.place && p.x.floor() as i32 == year)
        })
    });
    super::series::source_notes(drawn, true)
}

/// The country a place is drawn in the colour of: its gazetteer country's English name.
fn country_of(place: &str) -> String {
    let catalog = Catalog::bundled();
    catalog
        .find_place(place)
        .and_then(|p| catalog.country_of(p))
        .map(|c| c.name_en.clone())
        .unwrap_or_default()
}

/// Prepares the scatter of the query's places (all when none are selected): X is
/// `x_indicator`, Y is `indicator`, for the query's year or the latest both share.
pub fn prepare(ds: &Dataset, q: &ChartQuery) -> Result<PreparedChart, ChartError> {
    let v = values(ds, q)?;
    let none = Vec::new();
    let of = |id: &str| v.points.get(id).unwrap_or(&none);
    let (xp, yp) = (of(&q.x_indicator), of(&q.indicator));
    let x = axis(xp, &q.x_indicator, q.scatter.log_x);
    let y = axis(yp, &q.indicator, q.scatter.log_y);
    let size = q
        .size_indicator
        .as_deref()
        .map(|id| axis(of(id), id, false));
    let title = Text::with(
        "scatter-title",
        vec![
            ("y", TextArg::Text(y.title.clone())),
            ("x", TextArg::Text(x.title.clone())),
        ],
    );
    let Some(year) = q.year.or_else(|| default_year(xp, yp, q.to_year)) else {
        let message = points::no_data_for(&y.title, &q.cities);
        return Ok(PreparedChart::message(
            q,
            title,
            message,
            points::empty_rows(ds),
        ));
    };
    let xs = points::nearest_year(xp, year, NEARBY_YEARS);
    let ys = points::nearest_year(yp, year, NEARBY_YEARS);
    let ss = size
        .as_ref()
        .map(|s| points::nearest_year(of(&s.indicator), year, NEARBY_YEARS));
    let mut left = LeftOut::default();
    let mut pts = Vec::new();
    for (place, &(y_year, yval)) in &ys {
        let Some(&(x_year, xval)) = xs.get(place) else {
            left.only_y.push(place.clone());
            continue;
        };
        if (x.log && xval <= 0.0) || (y.log && yval <= 0.0) {
            left.not_positive.push(place.clone());
            continue;
        }
        let sized = ss.as_ref().and_then(|s| s.get(place).copied());
        if ss.is_some() && sized.is_none() {
            left.no_size.push(place.clone());
        }
        pts.push(ScatterPoint {
            country: country_of(place),
            color: Color32::TRANSPARENT,
            shape: egui_plot::MarkerShape::Circle,
            place: place.clone(),
            x: xval,
            y: yval,
            size: sized.map(|s| s.1),
            size_year: sized.map(|s| s.0),
            x_year,
            y_year,
        });
    }
    left.only_x = xs
        .keys()
        .filter(|p| !ys.contains_key(*p))
        .cloned()
        .collect();
    colour_by_country(&mut pts);
    let fit = match q.scatter.fit_line {
        true => least_squares(&fitted_pairs(&pts, x.log, y.log)),
        false => None,
    };
    let rows = kept_rows(&v.rows, &pts, &x, &y, size.as_ref())?;
    let chart = ScatterChart {
        x,
        y,
        size,
        year,
        points: pts,
        fit,
    };
    let mut notes = left.notes(q, &chart);
    notes.extend(blend_notes(&chart, &v.points));
    notes.extend(v.notes);
    notes.extend(points::place_kind_notes(
        chart.points.iter().map(|p| p.place.as_str()),
    ));
    Ok(PreparedChart {
        query: q.clone(),
        title,
        subtitle: subtitle(&chart),
        legend: legend(&chart),
        notes,
        sources: sources_of(&rows),
        body: Body::Scatter(chart),
        rows,
    })
}

/// The pairs a fit is computed on: the values as drawn (log10 on a log axis).
pub fn fitted_pairs(pts: &[ScatterPoint], log_x: bool, log_y: bool) -> Vec<(f64, f64)> {
    let t = |v: f64, log: bool| if log { v.log10() } else { v };
    pts.iter().map(|p| (t(p.x, log_x), t(p.y, log_y))).collect()
}

/// Colours points by country: each country takes a slot as places do ([`theme::place_slots`]
/// over the sorted country names), its colour and marker shape.
fn colour_by_country(pts: &mut [ScatterPoint]) {
    let countries: Vec<String> = pts
        .iter()
        .map(|p| p.country.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let slots = theme::place_slots(&countries);
    for p in pts {
        if let Ok(i) = countries.binary_search(&p.country) {
            p.color = theme::city_color(slots[i]);
            p.shape = theme::point_shape(slots[i]);
        }
    }
}

/// The exact rows behind the points: each drawn place's value of each indicator in the year
/// it came from.
fn kept_rows(
    rows: &Dataset,
    pts: &[ScatterPoint],
    x: &ScatterAxis,
    y: &ScatterAxis,
    size: Option<&ScatterAxis>,
) -> Result<Dataset, ChartError> {
    let mut keep: BTreeSet<(&str, &str, i32)> = BTreeSet::new();
    for p in pts {
        keep.insert((&p.place, &x.indicator, p.x_year));
        keep.insert((&p.place, &y.indicator, p.y_year));
        if let (Some(s), Some(year)) = (size, p.size_year) {
            keep.insert((&p.place, &s.indicator, year));
        }
    }
    Ok(points::keep_indicator_rows(rows, |p, i, year| {
        year.is_some_and(|year| keep.contains(&(p, i, year)))
    })?)
}

/// Places left out of a scatter, by reason.
#[derive(Default)]
struct LeftOut {
    only_x: Vec<String>,
    only_y: Vec<String>,
    not_positive: Vec<String>,
    no_size: Vec<String>,
}

impl LeftOut {
    fn notes(&self, q: &ChartQuery, chart: &ScatterChart) -> Vec<Text> {
        let near = |id: &'static str, missing: &ScatterAxis, places: &[String]| {
            Text::with(
                id,
                vec![
                    ("indicator", TextArg::Text(missing.title.clone())),
                    ("count", TextArg::Count(i64::from(NEARBY_YEARS))),
                    ("year", TextArg::Year(chart.year)),
                    ("places", TextArg::Places(places.to_vec())),
                ],
            )
        };
        let mut notes = Vec::new();
        if !self.only_x.is_empty() {
            notes.push(near("note-scatter-missing", &chart.y, &self.only_x));
        }
        if !self.only_y.is_empty() {
            notes.push(near("note-scatter-missing", &chart.x, &self.only_y));
        }
        if !self.not_positive.is_empty() {
            let args = vec![("places", TextArg::Places(self.not_positive.clone()))];
            notes.push(Text::with("note-scatter-log", args));
        }
        if let (Some(size), false) = (&chart.size, self.no_size.is_empty()) {
            notes.push(near("note-scatter-no-size", size, &self.no_size));
        }
        let named: BTreeSet<&String> = self
            .only_x
            .iter()
            .chain(&self.only_y)
            .chain(&self.not_positive)
            .collect();
        let none: Vec<String> = q
            .cities
            .iter()
            .filter(|c| !named.contains(c) && !chart.points.iter().any(|p| &p.place == *c))
            .cloned()
            .collect();
        notes.extend(points::not_shown_near_note(none, NEARBY_YEARS, chart.year));
        if let Some(f) = &chart.fit {
            notes.push(fit_text(f, chart));
        }
        notes
    }
}

/// "Least-squares line: r² = 0.64 (12 places)", with "on log10 values" when an axis is
/// logarithmic.
pub fn fit_text(f: &Fit, chart: &ScatterChart) -> Text {
    let id = match chart.x.log || chart.y.log {
        true => "note-scatter-fit-log",
        false => "note-scatter-fit",
    };
    Text::with(
        id,
        vec![
            // Two decimals, written the language's way ("0,64" in Russian and Kazakh).
            ("r2", TextArg::Fixed(f.r2, 2)),
            ("count", TextArg::Count(f.n as i64)),
        ],
    )
}

/// The subtitle: the year, and what a year in brackets and the point sizes mean.
pub fn subtitle(chart: &ScatterChart) -> Text {
    let mut parts = vec![Text::raw(chart.year.to_string())];
    if chart.points.iter().any(|p| p.from_other_year(chart.year)) {
        parts.push(Text::msg("ranking-other-years"));
    }
    if let Some(s) = &chart.size {
        parts.push(Text::with(
            "scatter-size",
            vec![("indicator", TextArg::Text(s.title.clone()))],
        ));
    }
    parts.push(Text::msg("scatter-colours"));
    Text::Join(parts, " · ")
}

fn legend(chart: &ScatterChart) -> Vec<LegendEntry> {
    let mut seen = BTreeSet::new();
    let mut entries: Vec<LegendEntry> = chart
        .points
        .iter()
        .filter(|p| seen.insert(p.country.clone()))
        .map(|p| LegendEntry {
            label: match p.country.is_empty() {
                true => Text::msg("country-unknown"),
                false => Text::with("place", vec![("name", TextArg::Place(p.country.clone()))]),
            },
            color: p.color,
            swatch: Swatch::Marker(p.shape),
        })
        .collect();
    entries.sort_by_key(|e| e.label.localize(crate::i18n::Lang::En));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_country_has_its_own_colour_and_marker() {
        // 20 countries: more than the palette's 12 colours.
        let mut pts: Vec<ScatterPoint> = (0..20)
            .map(|i| ScatterPoint {
                place: format!("City {i}"),
                country: format!("Country {i:02}"),
                color: Color32::TRANSPARENT,
                shape: egui_plot::MarkerShape::Circle,
                x: 1.0,
                y: 1.0,
                size: None,
                size_year: None,
                x_year: 2020,
                y_year: 2020,
            })
            .collect();
        colour_by_country(&mut pts);
        let looks: Vec<String> = pts
            .iter()
            .map(|p| format!("{:?} {:?}", p.color, p.shape))
            .collect();
        let distinct: BTreeSet<&String> = looks.iter().collect();
        assert_eq!(distinct.len(), 20, "{looks:?}");
        assert!(
            pts.iter()
                .any(|p| p.shape == egui_plot::MarkerShape::Square)
        );
        // The legend's swatches are the points' markers.
        let chart = ScatterChart {
            points: pts,
            ..ScatterChart::default()
        };
        let swatches: Vec<Swatch> = legend(&chart).into_iter().map(|e| e.swatch).collect();
        assert!(swatches.contains(&Swatch::Marker(egui_plot::MarkerShape::Square)));
        assert!(swatches.contains(&Swatch::Marker(egui_plot::MarkerShape::Circle)));
    }

    #[test]
    fn least_squares_fits_a_line_and_its_r2() {
        let f = least_squares(&[(1.0, 2.0), (2.0, 4.0), (3.0, 6.0)]).unwrap();
        assert!((f.slope - 2.0).abs() < 1e-12 && f.intercept.abs() < 1e-12);
        assert!((f.r2 - 1.0).abs() < 1e-12);
        // y = x + noise: r² from the textbook formula (Σ(x-x̄)(y-ȳ))² / (Σ(x-x̄)² Σ(y-ȳ)²).
        let f = least_squares(&[(1.0, 1.0), (2.0, 3.0), (3.0, 2.0), (4.0, 4.0)]).unwrap();
        assert!((f.slope - 0.8).abs() < 1e-12, "{f:?}");
        assert!((f.r2 - 0.64).abs() < 1e-12, "{f:?}");
        assert_eq!(least_squares(&[(1.0, 1.0), (2.0, 2.0)]), None);
        assert_eq!(least_squares(&[(1.0, 1.0), (1.0, 2.0), (1.0, 3.0)]), None);
    }

    #[test]
    fn the_fit_note_writes_r2_the_language_s_way() {
        use crate::i18n::Lang;
        let f = least_squares(&[(1.0, 1.0), (2.0, 3.0), (3.0, 2.0), (4.0, 4.0)]).unwrap();
        let chart = ScatterChart::default();
        let note = |lang| fit_text(&f, &chart).localize(lang);
        assert!(note(Lang::En).contains("r² = 0.64"), "{}", note(Lang::En));
        for lang in [Lang::Ru, Lang::Kk] {
            assert!(note(lang).contains("0,64"), "{}", note(lang));
        }
    }
}
