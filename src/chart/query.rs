//! What decides a chart's data: the view, the indicator, the cities, the years and how values
//! are aggregated or transformed. A [`ChartQuery`] is all [`super::prepare`] needs; what
//! decides the picture (size, theme) is apart, in [`super::FigureOptions`].

use serde::{Deserialize, Serialize};

use crate::data::RowFilter;
use crate::data::catalog::{Catalog, Theme};
use crate::data::dataset::{Dataset, col};
use crate::data::query::{self, Period};

/// The most cities the Compare view shows as columns.
pub const COMPARE_MAX: usize = 8;

/// Which view of the data is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    OverTime,
    Ranking,
    Compare,
    Multiples,
    Scatter,
    Scorecard,
    Map,
    Table,
    Sources,
}

impl View {
    /// Every view, in the order of the window's tabs (Ctrl+1…9).
    pub const ALL: [View; 9] = [
        View::OverTime,
        View::Ranking,
        View::Compare,
        View::Multiples,
        View::Map,
        View::Scatter,
        View::Scorecard,
        View::Table,
        View::Sources,
    ];

    /// The views a chart can be exported from (the table as CSV only).
    pub const EXPORTABLE: [View; 8] = [
        View::OverTime,
        View::Ranking,
        View::Compare,
        View::Multiples,
        View::Map,
        View::Scatter,
        View::Scorecard,
        View::Table,
    ];

    /// The view's display name.
    pub fn label(self) -> &'static str {
        match self {
            View::OverTime => "Over time",
            View::Ranking => "Ranking",
            View::Compare => "Compare",
            View::Multiples => "Small multiples",
            View::Scatter => "Scatter",
            View::Scorecard => "Scorecard",
            View::Map => "Map",
            View::Table => "Table",
            View::Sources => "Sources",
        }
    }

    /// The view's name on the command line and in chart specs (`over-time`).
    pub fn name(self) -> &'static str {
        match self {
            View::OverTime => "over-time",
            View::Ranking => "ranking",
            View::Compare => "compare",
            View::Multiples => "multiples",
            View::Scatter => "scatter",
            View::Scorecard => "scorecard",
            View::Map => "map",
            View::Table => "table",
            View::Sources => "sources",
        }
    }

    /// True for views drawn as a figure (PNG export); the table and sources are not.
    pub fn is_figure(self) -> bool {
        !matches!(self, View::Table | View::Sources)
    }

    /// True for views that read the query's `indicator` (the scatter's as its Y axis).
    pub fn uses_indicator(self) -> bool {
        matches!(
            self,
            View::OverTime | View::Ranking | View::Map | View::Scatter | View::Table
        )
    }
}

/// Show values as they are, indexed to 100 at the base year, or as % change since it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Relative {
    #[default]
    Off,
    Index100,
    PercentChange,
}

/// How a chart's values are aggregated and transformed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartOptions {
    /// A logarithmic value axis.
    pub log_scale: bool,
    pub relative: Relative,
    /// Draw the WHO interim targets besides the guideline.
    pub show_interim: bool,
    /// The period sub-annual data is averaged to.
    pub per: Period,
    /// The share of its period (percent) a mean must cover to be drawn as a full value; means
    /// of less are drawn hollow and named (75 % by default, as the WHO database asks of PM).
    pub min_coverage: u8,
    /// The base year of relative values (the first year every city has when none).
    pub base_year: Option<i32>,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            log_scale: false,
            relative: Relative::Off,
            show_interim: false,
            per: Period::Year,
            min_coverage: 75,
            base_year: None,
        }
    }
}

/// The scatter's choices besides its indicators: logarithmic axes and a least-squares line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ScatterOptions {
    pub log_x: bool,
    pub log_y: bool,
    /// Draw the least-squares line with its r².
    pub fit_line: bool,
}

/// Five Central Asian capitals: the first view on the sample data.
pub const DEFAULT_CITIES: [&str; 5] = ["Astana", "Almaty", "Tashkent", "Bishkek", "Dushanbe"];

/// What decides a chart's data. Serializes as part of a chart spec.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartQuery {
    pub view: View,
    /// Catalog id (or name as in the file) of the indicator of over-time, ranking and table,
    /// and the scatter's Y axis.
    pub indicator: String,
    /// The scatter's X indicator.
    pub x_indicator: String,
    /// The scatter's optional third indicator, shown as the size of its points.
    pub size_indicator: Option<String>,
    pub scatter: ScatterOptions,
    /// The theme whose indicators small multiples show.
    pub theme_group: Theme,
    /// Place names, in the order they were selected.
    pub cities: Vec<String>,
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
    /// The year of the ranking and the scatter (the latest most cities share when none).
    pub year: Option<i32>,
    /// Which year's values the comparison shows.
    pub compare_year: super::compare::CompareYear,
    /// The comparison's reference city: its first column, the one differences are to.
    pub reference: Option<String>,
    pub options: ChartOptions,
}

impl Default for ChartQuery {
    fn default() -> Self {
        ChartQuery {
            view: View::OverTime,
            indicator: "pm25".into(),
            x_indicator: "renewable_share".into(),
            size_indicator: None,
            scatter: ScatterOptions::default(),
            theme_group: Theme::Air,
            cities: DEFAULT_CITIES.iter().map(|c| c.to_string()).collect(),
            from_year: None,
            to_year: None,
            year: None,
            compare_year: Default::default(),
            reference: None,
            options: ChartOptions::default(),
        }
    }
}

/// Why a query does not fit the data it is run on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum QueryError {
    #[error("unknown city '{name}': not in the data (it has {known})")]
    UnknownCity { name: String, known: String },
    #[error("unknown indicator '{name}': not in the data (it has {known})")]
    UnknownIndicator { name: String, known: String },
    #[error("compare needs 2 to {COMPARE_MAX} cities (--cities A,B), got {0}")]
    CompareCities(usize),
    #[error("the years run backwards: from {from} to {to}")]
    Years { from: i32, to: i32 },
}

/// "a, b, c" of at most `max` names, with ", …" when there are more.
fn list_some(names: &[String], max: usize) -> String {
    if names.is_empty() {
        return "no rows for the selected places".into();
    }
    let mut s = names
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > max {
        s.push_str(", …");
    }
    s
}

impl ChartQuery {
    /// The query with only the fields its view reads, names resolved to the keys datasets
    /// store (Nur-Sultan → Astana, "PM2.5" → pm25). Two queries that draw the same chart are
    /// equal after this, so it is the key of prepared-chart caches.
    pub fn for_view(&self) -> ChartQuery {
        let catalog = Catalog::bundled();
        let base = ChartQuery::default();
        let mut q = ChartQuery {
            view: self.view,
            cities: self
                .cities
                .iter()
                .map(|c| query::place_key(catalog, c))
                .collect(),
            ..base.clone()
        };
        let years = (self.from_year, self.to_year);
        match self.view {
            View::OverTime | View::Multiples => {
                (q.from_year, q.to_year) = years;
                q.options = self.options.clone();
            }
            View::Ranking => {
                q.to_year = self.to_year;
                q.year = self.year;
            }
            View::Scatter => {
                q.to_year = self.to_year;
                q.year = self.year;
                q.x_indicator = query::indicator_key(catalog, &self.x_indicator);
                q.size_indicator = self
                    .size_indicator
                    .as_deref()
                    .map(|s| query::indicator_key(catalog, s));
                q.scatter = self.scatter.clone();
            }
            View::Scorecard => {
                q.to_year = self.to_year;
                q.year = self.year;
            }
            View::Map => {
                q.to_year = self.to_year;
                q.year = self.year;
                q.size_indicator = self
                    .size_indicator
                    .as_deref()
                    .map(|s| query::indicator_key(catalog, s));
            }
            View::Compare => {
                (q.from_year, q.to_year) = years;
                q.compare_year = self.compare_year;
                q.reference = self.reference.clone();
            }
            View::Table => (q.from_year, q.to_year) = years,
            View::Sources => q.cities.clear(),
        }
        if self.view.uses_indicator() {
            q.indicator = query::indicator_key(catalog, &self.indicator);
        }
        if self.view == View::Multiples {
            q.theme_group = self.theme_group;
        }
        q
    }

    /// [`ChartQuery::for_view`], after checking that the data has the query's cities (or
    /// the gazetteer knows them: a known city without data is named on the chart, not an
    /// error) and its indicator, and that Compare has 2 to [`COMPARE_MAX`] cities.
    pub fn validate(&self, ds: &Dataset) -> Result<ChartQuery, QueryError> {
        let catalog = Catalog::bundled();
        if let (Some(from), Some(to)) = (self.from_year, self.to_year)
            && from > to
        {
            return Err(QueryError::Years { from, to });
        }
        let places = ds.distinct(col::PLACE);
        for c in &self.cities {
            let key = query::place_key(catalog, c);
            if !places.contains(&key) && catalog.find_place(c).is_none() {
                return Err(QueryError::UnknownCity {
                    name: c.clone(),
                    known: list_some(&places, 12),
                });
            }
        }
        let indicators = ds.distinct(col::INDICATOR);
        let mut asked: Vec<&String> = Vec::new();
        if self.view.uses_indicator() {
            asked.push(&self.indicator);
        }
        if self.view == View::Scatter {
            asked.push(&self.x_indicator);
        }
        if matches!(self.view, View::Scatter | View::Map) {
            asked.extend(self.size_indicator.as_ref());
        }
        for name in asked {
            if !indicators.contains(&query::indicator_key(catalog, name)) {
                return Err(QueryError::UnknownIndicator {
                    name: name.clone(),
                    known: list_some(&indicators, 30),
                });
            }
        }
        if self.view == View::Compare && !(2..=COMPARE_MAX).contains(&self.cities.len()) {
            return Err(QueryError::CompareCities(self.cities.len()));
        }
        Ok(self.for_view())
    }

    /// The indicators the query reads: its own, a theme's, or all (empty).
    pub fn indicators(&self) -> Vec<String> {
        let catalog = Catalog::bundled();
        match self.view {
            View::OverTime | View::Ranking | View::Table => {
                vec![query::indicator_key(catalog, &self.indicator)]
            }
            View::Multiples => catalog
                .indicators
                .iter()
                .filter(|i| i.theme == self.theme_group)
                .map(|i| i.id.clone())
                .collect(),
            View::Scatter => {
                let mut v = vec![
                    query::indicator_key(catalog, &self.x_indicator),
                    query::indicator_key(catalog, &self.indicator),
                ];
                v.extend(
                    self.size_indicator
                        .as_deref()
                        .map(|s| query::indicator_key(catalog, s)),
                );
                v
            }
            View::Map => {
                let mut v = vec![query::indicator_key(catalog, &self.indicator)];
                v.extend(
                    self.size_indicator
                        .as_deref()
                        .map(|s| query::indicator_key(catalog, s)),
                );
                v
            }
            View::Scorecard => {
                let mut ids: Vec<String> = crate::data::targets::active()
                    .iter()
                    .map(|t| query::indicator_key(catalog, &t.indicator))
                    .collect();
                ids.sort();
                ids.dedup();
                ids
            }
            View::Compare | View::Sources => Vec::new(),
        }
    }
}

/// The rows a set of charts needs (their places and indicators; an empty list keeps all), so
/// that a one-off job on a large file turns only those rows into observations.
pub fn rows_needed(queries: &[ChartQuery]) -> RowFilter {
    let catalog = Catalog::bundled();
    let mut filter = RowFilter::default();
    let all_places = queries.iter().any(|q| q.cities.is_empty());
    let all_indicators = queries.iter().any(|q| q.indicators().is_empty());
    for q in queries {
        if !all_places {
            filter
                .places
                .extend(q.cities.iter().map(|c| query::place_key(catalog, c)));
        }
        if !all_indicators {
            filter.indicators.extend(q.indicators());
        }
    }
    filter.places.sort();
    filter.places.dedup();
    filter.indicators.sort();
    filter.indicators.dedup();
    (filter.from_year, filter.to_year) = years_needed(queries);
    filter
}

/// The longest period whose means give every chart of `queries` what their readings give:
/// years, or months when an over-time chart or small multiples draw monthly means. `None`
/// when one draws daily means or is the table (which lists the rows), or there are none.
pub fn means_needed(queries: &[ChartQuery]) -> Option<Period> {
    let mut longest = Period::Year;
    for q in queries {
        let per = match q.view {
            View::Table | View::Sources => return None,
            View::OverTime | View::Multiples => q.options.per,
            _ => Period::Year,
        };
        match per {
            Period::Day => return None,
            Period::Month => longest = Period::Month,
            Period::Year => {}
        }
    }
    (!queries.is_empty()).then_some(longest)
}

/// The years a set of charts reads: the widest of their ranges, open on a side where one of
/// them is. Only views that read nothing outside their range narrow it (the ranking, scatter,
/// map and scorecard look for the nearest year with data, which may lie anywhere).
fn years_needed(queries: &[ChartQuery]) -> (Option<i32>, Option<i32>) {
    let bounded = |q: &ChartQuery| {
        matches!(
            q.view,
            View::OverTime | View::Multiples | View::Compare | View::Table
        )
    };
    if queries.is_empty() || !queries.iter().all(bounded) {
        return (None, None);
    }
    let from = queries
        .iter()
        .map(|q| q.from_year)
        .collect::<Option<Vec<_>>>();
    let to = queries
        .iter()
        .map(|q| q.to_year)
        .collect::<Option<Vec<_>>>();
    (
        from.and_then(|f| f.into_iter().min()),
        to.and_then(|t| t.into_iter().max()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn for_view_keeps_only_what_the_view_reads() {
        let mut q = ChartQuery {
            view: View::Ranking,
            cities: vec!["Nur-Sultan".into()],
            indicator: "PM2.5".into(),
            from_year: Some(2010),
            year: Some(2019),
            ..Default::default()
        };
        q.options.log_scale = true;
        let k = q.for_view();
        assert_eq!(k.cities, vec!["Astana".to_string()]);
        assert_eq!(k.indicator, "pm25");
        assert_eq!((k.from_year, k.year), (None, Some(2019)));
        assert!(!k.options.log_scale, "the ranking has no log axis");
        // The same chart, whatever the unused fields say.
        let mut other = q.clone();
        other.theme_group = Theme::Waste;
        other.from_year = Some(1999);
        assert_eq!(other.for_view(), k);
    }

    #[test]
    fn rows_needed_unions_places_and_indicators() {
        let a = ChartQuery {
            cities: vec!["Almaty".into()],
            ..Default::default()
        };
        let b = ChartQuery {
            view: View::Multiples,
            theme_group: Theme::Energy,
            cities: vec!["Baku".into(), "Almaty".into()],
            ..Default::default()
        };
        let f = rows_needed(&[a.clone(), b]);
        assert_eq!(f.places, vec!["Almaty".to_string(), "Baku".to_string()]);
        assert!(f.indicators.contains(&"pm25".to_string()));
        assert!(f.indicators.contains(&"renewable_share".to_string()));
        let c = ChartQuery {
            view: View::Compare,
            ..a
        };
        assert!(rows_needed(&[c]).indicators.is_empty(), "compare reads all");
    }
}
