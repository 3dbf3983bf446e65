//! The open datasets, combined into one for queries, with the place list the sidebar shows.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::data::catalog::{Catalog, PlaceRef, match_key};
use crate::data::dataset::{Dataset, Summary, col};
use crate::data::report::LoadReport;

/// One open dataset with its load report.
pub struct OpenDataset {
    pub name: String,
    pub dataset: Dataset,
    pub report: LoadReport,
    /// What the dataset holds, computed once when it opens.
    pub summary: Summary,
    /// Shown when the dataset opened (e.g. a cached copy opened offline).
    pub notice: Option<String>,
}

impl OpenDataset {
    pub fn new(name: String, dataset: Dataset, report: LoadReport) -> OpenDataset {
        let summary = dataset.summary();
        OpenDataset {
            name,
            dataset,
            report,
            summary,
            notice: None,
        }
    }
}

/// A place the sidebar lists: its name, country and the text searches match against.
#[derive(Debug, Clone)]
pub struct PlaceEntry {
    pub name: String,
    pub country: String,
    /// Match keys of every name and alias (English, Russian, others).
    pub search: Vec<String>,
}

/// All open datasets and what is derived from them.
#[derive(Default)]
pub struct Workspace {
    pub datasets: Vec<OpenDataset>,
    /// Every observation of every open dataset.
    pub combined: Option<Dataset>,
    /// Places grouped by country, sorted.
    pub places: BTreeMap<String, Vec<PlaceEntry>>,
    /// Changes whenever the data changes; caches compare it.
    pub version: u64,
    /// Why the last combination of datasets left one out, if it did.
    pub problem: Option<String>,
}

impl Workspace {
    /// Adds (or replaces, by name) a dataset and rebuilds what depends on the data. Datasets
    /// are kept in name order, so the combination does not depend on which load finished
    /// first.
    pub fn add(&mut self, ds: OpenDataset) {
        self.datasets.retain(|d| d.name != ds.name);
        let at = self.datasets.partition_point(|d| d.name < ds.name);
        self.datasets.insert(at, ds);
        self.rebuild();
    }

    pub fn remove(&mut self, name: &str) {
        self.datasets.retain(|d| d.name != name);
        self.rebuild();
    }

    pub fn total_observations(&self) -> usize {
        self.datasets.iter().map(|d| d.dataset.len()).sum()
    }

    pub fn warnings(&self) -> usize {
        self.datasets.iter().map(|d| d.report.warning_count()).sum()
    }

    fn rebuild(&mut self) {
        self.version += 1;
        let combined = Dataset::combine(self.datasets.iter().map(|d| &d.dataset));
        self.problem = combined.as_ref().and_then(|(_, p)| p.clone());
        self.combined = combined.map(|(d, _)| d);
        self.places = self
            .combined
            .as_ref()
            .map(place_entries)
            .unwrap_or_default();
    }
}

/// Each place with its country (from the data, else the gazetteer) and search keys.
fn place_entries(ds: &Dataset) -> BTreeMap<String, Vec<PlaceEntry>> {
    let catalog = Catalog::bundled();
    let mut out: BTreeMap<String, Vec<PlaceEntry>> = BTreeMap::new();
    let Ok(pairs) = ds
        .frame
        .clone()
        .lazy()
        .group_by([polars::prelude::col(col::PLACE)])
        .agg([polars::prelude::col(col::COUNTRY).drop_nulls().first()])
        .collect()
    else {
        return out;
    };
    let text = |name: &str| {
        pairs
            .column(name)
            .and_then(|c| c.cast(&DataType::String))
            .ok()
    };
    let (Some(places), Some(countries)) = (text(col::PLACE), text(col::COUNTRY)) else {
        return out;
    };
    let (Ok(places), Ok(countries)) = (places.str(), countries.str()) else {
        return out;
    };
    for (p, c) in places.iter().zip(countries.iter()) {
        let Some(p) = p else { continue };
        let mut search = vec![match_key(p)];
        match catalog.find_place(p) {
            Some(PlaceRef::City(i)) => {
                let city = &catalog.cities[i];
                search.push(match_key(&city.name_ru));
                search.extend(city.aliases.iter().map(|a| match_key(a)));
            }
            Some(PlaceRef::Country(i)) => {
                let country = &catalog.countries[i];
                search.push(match_key(&country.name_ru));
                search.extend(country.aliases.iter().map(|a| match_key(a)));
            }
            None => {}
        }
        let country = c.unwrap_or("Other").to_string();
        out.entry(country.clone()).or_default().push(PlaceEntry {
            name: p.to_string(),
            country,
            search,
        });
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    out
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

/// The indicators with data for any of `cities` (all indicators when none are given).
pub fn indicators_with_data(ds: &Dataset, cities: &[String]) -> Vec<String> {
    let q = crate::data::query::Query {
        places: cities.to_vec(),
        ..Default::default()
    };
    match crate::data::query::run(ds, &q) {
        Ok(r) => r.distinct(col::INDICATOR),
        Err(_) => Vec::new(),
    }
}
