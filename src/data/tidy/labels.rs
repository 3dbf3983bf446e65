//! What a table's place and indicator labels name, decided from the label alone: shared by
//! the builder, which interns them, and a filtered load's line sieve, which only asks.

use super::layout_name;
use crate::data::catalog::{Catalog, Indicator, PlaceRef};

/// What a (cleaned) place label names: the dataset's name for it and its country's.
pub(super) struct PlaceName {
    pub(super) name: String,
    pub(super) country: Option<String>,
    pub(super) known: Known,
}

/// Whether the gazetteer knows a place label.
pub(super) enum Known {
    Yes,
    /// A gazetteer region (its index in the catalog's regions).
    Region(usize),
    /// Not in the gazetteer: the place keeps the file's name for it.
    No,
}

/// The place a cleaned label names; `country_level` tables name countries, not cities.
pub(super) fn place_of(catalog: &Catalog, cleaned: &str, country_level: bool) -> PlaceName {
    let (name, country, known) = match catalog.find_place(cleaned) {
        Some(PlaceRef::City(i)) if !country_level => (
            catalog.cities[i].name_en.clone(),
            catalog.country_of_city(i).map(|c| c.name_en.clone()),
            Known::Yes,
        ),
        Some(PlaceRef::Country(i)) => {
            let n = catalog.countries[i].name_en.clone();
            (n.clone(), Some(n), Known::Yes)
        }
        Some(r @ PlaceRef::Region(i)) => (
            catalog.regions[i].name_en.clone(),
            catalog.country_of(r).map(|c| c.name_en.clone()),
            Known::Region(i),
        ),
        _ => (
            crate::data::places::loaded_name(cleaned).to_string(),
            None,
            Known::No,
        ),
    };
    PlaceName {
        name,
        country,
        known,
    }
}

/// The dataset's id of an indicator name: the catalog's id, or the file's name for it.
pub(super) fn indicator_id(catalog: &Catalog, name: &str) -> String {
    id_of_indicator(catalog.find_indicator(name), name)
}

/// The dataset's id of an indicator name already looked up in the catalog (`known`).
pub(super) fn id_of_indicator(known: Option<&Indicator>, name: &str) -> String {
    known.map_or_else(|| layout_name(name), |k| k.id.clone())
}
