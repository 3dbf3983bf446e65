//! Fitting the chart's choices to newly opened data: an indicator the files have, places
//! they hold, with a notice saying what changed.

use super::CityDashApp;

impl CityDashApp {
    /// When the chosen indicator has no data in the open files (the default PM2.5 over a file
    /// of recycling rates), chooses the indicator with data for the most selected places (the
    /// first in the catalog's order on a tie; the places are fitted first) and says so: the
    /// views then show the file instead of "no data".
    pub(super) fn select_indicator_with_data(&mut self) {
        let combined = self.workspace.combined.clone();
        let catalog = crate::data::catalog::Catalog::bundled();
        let current = crate::data::query::indicator_key(catalog, &self.state.query.indicator);
        if combined.indicators.is_empty() || combined.indicators.contains(&current) {
            return;
        }
        let selected = &self.state.query.cities;
        let places_with = |id: &String| {
            selected
                .iter()
                .filter(|c| {
                    combined
                        .indicators_by_place
                        .get(crate::data::query::place_key(catalog, c).as_str())
                        .is_some_and(|i| i.contains(id))
                })
                .count()
        };
        // Catalog indicators first, in the catalog's order, then the file's own.
        let order = |id: &String| {
            catalog
                .indicators
                .iter()
                .position(|i| &i.id == id)
                .unwrap_or(usize::MAX)
        };
        let Some(chosen) = combined
            .indicators
            .iter()
            .min_by_key(|id| (std::cmp::Reverse(places_with(id)), order(id)))
            .cloned()
        else {
            return;
        };
        if let Some(k) = catalog.indicator(&chosen) {
            self.state.query.theme_group = k.theme;
        }
        let lang = self.state.lang;
        let before = crate::chart::text::indicator_name(&current, lang);
        let after = crate::chart::text::indicator_name(&chosen, lang);
        self.state.query.indicator = chosen;
        self.notices.info(crate::tr!(
            lang,
            "indicator-from-data",
            before = before,
            after = after
        ));
    }

    /// When no selected place is in the open data (a file of countries opened over the
    /// default capitals), selects up to five of its places, those with the current indicator
    /// first, and says so: the views then show the file instead of "no data".
    pub(super) fn select_places_with_data(&mut self) {
        let combined = self.workspace.combined.clone();
        let selected = &self.state.query.cities;
        let places: Vec<&String> = combined
            .places
            .values()
            .flatten()
            .map(|p| &p.name)
            .collect();
        if selected.is_empty() || places.is_empty() || selected.iter().any(|c| places.contains(&c))
        {
            return;
        }
        let indicator = crate::data::query::indicator_key(
            crate::data::catalog::Catalog::bundled(),
            &self.state.query.indicator,
        );
        let has = |p: &String| {
            combined
                .indicators_by_place
                .get(p.as_str())
                .is_some_and(|i| i.contains(&indicator))
        };
        let mut chosen: Vec<String> = places
            .iter()
            .filter(|p| has(p))
            .map(|p| p.to_string())
            .collect();
        chosen.extend(places.iter().filter(|p| !has(p)).map(|p| p.to_string()));
        chosen.truncate(5);
        let names = chosen.join(", ");
        self.state.query.cities = chosen;
        self.notices.info(crate::tr!(
            self.state.lang,
            "selected-from-data",
            places = names
        ));
    }
}
