//! Open datasets combined into one for queries, with what the window's lists need computed
//! once per change (places by country, indicators per place, years) so that no list has to
//! scan the data while drawing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use polars::prelude::*;

use super::catalog::{Catalog, PlaceRef, match_key};
use super::dataset::{Dataset, Summary, col};
use super::open::SAMPLE_PREFIX;
use super::report::LoadReport;
use super::time;

/// One open dataset with its load report.
#[derive(Debug, Clone)]
pub struct OpenDataset {
    pub name: String,
    pub dataset: Dataset,
    pub report: LoadReport,
    /// What the dataset holds, computed once when it opens.
    pub summary: Summary,
    /// Shown when the dataset opened (e.g. a cached copy opened offline).
    pub notice: Option<String>,
    /// Whether the dataset takes part in the charts (the user may leave one out).
    pub in_charts: bool,
    /// When its data was read from the source, in seconds since 1970: when a cached copy was
    /// stored, else when it opened. A database table's views use no cached result older.
    pub opened: u64,
}

impl OpenDataset {
    pub fn new(name: String, dataset: Dataset, report: LoadReport) -> OpenDataset {
        let mut clock = super::timing::PhaseClock::start();
        let summary = dataset.summary();
        clock.lap("summary");
        let opened = match report.cached && report.stored > 0 {
            true => report.stored,
            false => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        };
        OpenDataset {
            name,
            dataset,
            report,
            summary,
            notice: None,
            in_charts: true,
            opened,
        }
    }

    /// The readings behind the dataset: its rows, or, for means a server computed, the
    /// readings those means were computed from.
    pub fn readings(&self) -> usize {
        match self.dataset.aggregated {
            Some(_) => {
                usize::try_from(super::means::readings_of(&self.dataset)).unwrap_or(usize::MAX)
            }
            None => self.dataset.len(),
        }
    }

    /// True for the bundled synthetic sample data.
    pub fn is_sample(&self) -> bool {
        self.name.starts_with(SAMPLE_PREFIX)
    }
}

/// A place the window lists: its name, country and the text searches match against.
#[derive(Debug, Clone)]
pub struct PlaceEntry {
    pub name: String,
    pub country: String,
    /// Match keys of every name and alias (English, Russian, others).
    pub search: Vec<String>,
}

impl PlaceEntry {
    /// True when the search text matches any of the place's names (case-, accent- and
    /// punctuation-insensitive) or its country.
    pub fn matches(&self, query_key: &str) -> bool {
        query_key.is_empty()
            || self.search.iter().any(|k| k.contains(query_key))
            || match_key(&self.country).contains(query_key)
    }
}

/// Every open dataset combined, and the lists derived from it.
#[derive(Debug, Clone, Default)]
pub struct Combined {
    /// Every observation of every open dataset.
    pub dataset: Option<Dataset>,
    /// Places grouped by country, sorted.
    pub places: BTreeMap<String, Vec<PlaceEntry>>,
    /// The indicators each place has data for.
    pub indicators_by_place: HashMap<String, BTreeSet<String>>,
    /// Every indicator in the data, sorted.
    pub indicators: Vec<String>,
    /// The first and last year with data.
    pub years: Option<(i32, i32)>,
    /// Why a dataset was left out of the combination, if one was.
    pub problem: Option<String>,
    /// Yearly values where the open datasets disagree by more than
    /// [`DISAGREEMENT`]: (place, indicator, year, largest over smallest), largest first.
    pub disagreements: Vec<(String, String, i32, f64)>,
}

/// Sources whose yearly values differ by more than this factor are flagged.
pub const DISAGREEMENT: f64 = 2.0;

/// The yearly values where sources disagree by more than [`DISAGREEMENT`] (at most 50).
fn disagreements(ds: &Dataset) -> Vec<(String, String, i32, f64)> {
    let q = super::query::Query {
        per: Some(super::query::Period::Year),
        ..Default::default()
    };
    let Ok(yearly) = super::query::run(ds, &q) else {
        return Vec::new();
    };
    let f = &yearly.frame;
    let text = |n: &str| -> Option<StringChunked> {
        Some(
            f.column(n)
                .ok()?
                .cast(&DataType::String)
                .ok()?
                .str()
                .ok()?
                .clone(),
        )
    };
    let (Some(place), Some(ind)) = (text(col::PLACE), text(col::INDICATOR)) else {
        return Vec::new();
    };
    let spread = f
        .column(super::query::SPREAD)
        .and_then(|c| c.cast(&DataType::Float64));
    let t = f.column(col::TIME).and_then(|c| c.cast(&DataType::Int64));
    let (Ok(spread), Ok(t)) = (spread, t) else {
        return Vec::new();
    };
    let (Ok(spread), Ok(t)) = (spread.f64(), t.i64()) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String, i32, f64)> = (0..f.height())
        .filter_map(|i| {
            let s = spread.get(i).filter(|s| *s > DISAGREEMENT)?;
            let year = time::year_of(t.get(i)?);
            Some((place.get(i)?.to_string(), ind.get(i)?.to_string(), year, s))
        })
        .collect();
    out.sort_by(|a, b| b.3.total_cmp(&a.3));
    out.truncate(50);
    out
}

impl Combined {
    /// Combines datasets (in the order given) and derives the lists. Proportional to the
    /// data's size: run it off the UI thread.
    pub fn build(datasets: &[Arc<OpenDataset>]) -> Combined {
        let mut clock = super::timing::PhaseClock::start();
        let in_charts = datasets.iter().filter(|d| d.in_charts).map(|d| &d.dataset);
        let Some((dataset, problem)) = Dataset::combine(in_charts) else {
            return Combined::default();
        };
        clock.lap("combine the open datasets");
        let pairs = place_indicator_pairs(&dataset).unwrap_or_default();
        clock.lap("places and indicators");
        let mut indicators_by_place: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut country_of: BTreeMap<String, String> = BTreeMap::new();
        for (place, indicator, country) in pairs {
            indicators_by_place
                .entry(place.clone())
                .or_default()
                .insert(indicator);
            if let Some(c) = country {
                country_of.entry(place.clone()).or_insert(c);
            }
            country_of.entry(place).or_insert_with(|| "Other".into());
        }
        let years = dataset
            .time_range()
            .map(|(a, b)| (time::year_of(a), time::year_of(b)));
        let disagreements = match dataset.parts.len() > 1 {
            true => disagreements(&dataset),
            false => Vec::new(),
        };
        Combined {
            disagreements,
            places: place_entries(country_of),
            indicators: dataset.distinct(col::INDICATOR),
            indicators_by_place,
            years,
            problem,
            dataset: Some(dataset),
        }
    }

    /// The number of places listed.
    pub fn place_count(&self) -> usize {
        self.places.values().map(Vec::len).sum()
    }

    /// Whether a place (by any name the gazetteer knows) is among the places listed.
    /// Every listed place has indicators, so the map answers without a scan (the sidebar asks
    /// for every selected place every frame).
    pub fn has_place(&self, name: &str) -> bool {
        self.indicators_by_place.contains_key(name)
            || self
                .indicators_by_place
                .contains_key(super::query::place_key(Catalog::bundled(), name).as_str())
    }

    /// The indicators with data for any of `cities` (all indicators when none are given).
    pub fn indicators_for(&self, cities: &[String]) -> BTreeSet<String> {
        if cities.is_empty() {
            return self.indicators.iter().cloned().collect();
        }
        let catalog = Catalog::bundled();
        cities
            .iter()
            .filter_map(|c| {
                self.indicators_by_place
                    .get(&super::query::place_key(catalog, c))
            })
            .flatten()
            .cloned()
            .collect()
    }
}

/// Each (place, indicator) pair with data and the place's country (the first named on its
/// rows), scanned on the category ids.
fn place_indicator_pairs(ds: &Dataset) -> PolarsResult<Vec<(String, String, Option<String>)>> {
    let f = &ds.frame;
    let (place, indicator) = (f.column(col::PLACE)?, f.column(col::INDICATOR)?);
    let country: HashMap<String, Option<String>> =
        super::categories::first_of(place, f.column(col::COUNTRY)?)?
            .into_iter()
            .collect();
    Ok(super::categories::pair_counts(place, indicator)?
        .into_iter()
        .filter_map(|(p, i, _)| {
            let (p, i) = (p?, i?);
            let c = country.get(&p).cloned().flatten();
            Some((p, i, c))
        })
        .collect())
}

fn place_entries(country_of: BTreeMap<String, String>) -> BTreeMap<String, Vec<PlaceEntry>> {
    let catalog = Catalog::bundled();
    let mut out: BTreeMap<String, Vec<PlaceEntry>> = BTreeMap::new();
    for (p, country) in country_of {
        let mut search = vec![match_key(&p)];
        match catalog.find_place(&p) {
            Some(PlaceRef::City(i)) => {
                let city = &catalog.cities[i];
                search.push(match_key(&city.name_ru));
                search.extend(city.aliases.iter().map(|a| match_key(a)));
            }
            Some(PlaceRef::Region(i)) => {
                let r = &catalog.regions[i];
                search.push(match_key(&r.name_ru));
                search.extend(r.name_kk.iter().map(|n| match_key(n)));
                search.extend(r.aliases.iter().map(|a| match_key(a)));
            }
            Some(PlaceRef::Country(i)) => {
                let c = &catalog.countries[i];
                search.push(match_key(&c.name_ru));
                search.extend(c.aliases.iter().map(|a| match_key(a)));
            }
            None => {}
        }
        out.entry(country.clone()).or_default().push(PlaceEntry {
            name: p,
            country,
            search,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{LoadOptions, load_bytes};

    fn open(name: &str, csv: &str) -> Arc<OpenDataset> {
        let l = load_bytes(csv.as_bytes(), name, &LoadOptions::default()).unwrap();
        Arc::new(OpenDataset::new(name.into(), l.dataset, l.report))
    }

    #[test]
    fn combined_lists_places_by_country_and_indicators_per_place() {
        let a = open(
            "a.csv",
            "city,year,pm25,no2\nAlmaty,2019,30,20\nBaku,2020,25,\n",
        );
        let b = open("b.csv", "city,year,recycling rate\nNur-Sultan,2021,12\n");
        let c = Combined::build(&[a, b]);
        assert_eq!(c.dataset.as_ref().unwrap().len(), 4);
        assert_eq!(c.years, Some((2019, 2021)));
        let kz: Vec<&str> = c.places["Kazakhstan"]
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(kz, vec!["Almaty", "Astana"]);
        assert!(c.places["Kazakhstan"][1].matches(&match_key("Нур-Султан")));
        let for_baku = c.indicators_for(&["Baku".into()]);
        assert_eq!(for_baku.into_iter().collect::<Vec<_>>(), vec!["pm25"]);
        let for_both = c.indicators_for(&["Almaty".into(), "Astana".into()]);
        assert_eq!(for_both.len(), 3);
        assert_eq!(c.indicators_for(&[]).len(), 3);
        assert!(Combined::build(&[]).dataset.is_none());
    }
}
