//! The rows a filtered load keeps: [`RowFilter`] decided once per place and indicator code,
//! and per row for its time; [`line_filter`], the lines of a large text table it can leave
//! out before they are parsed; and [`keep_rows`], the same rows taken from a loaded dataset
//! (a cache entry, a folder read whole).

use polars::prelude::*;

use super::builder::{Plan, aggregate_index};
use super::labels::{indicator_id, place_of};
use crate::data::RowFilter;
use crate::data::catalog::Catalog;
use crate::data::dataset::{Dataset, NULL_CODE, ObservationColumns, col};
use crate::data::options::TimeWindow;
use crate::data::report::Layout;
use crate::data::source::LineFilter;
use crate::data::text;

/// [`RowFilter`] decided once per place and indicator code.
pub(super) struct KeepCodes {
    pub(super) filter: RowFilter,
    /// The filter's years, decided once.
    times: TimeWindow,
    pub(super) places: Vec<Option<bool>>,
    pub(super) indicators: Vec<Option<bool>>,
    /// Rows the filter left out.
    pub(super) left_out: usize,
}

impl KeepCodes {
    pub(super) fn new(filter: RowFilter) -> KeepCodes {
        KeepCodes {
            times: filter.times(),
            filter,
            places: Vec::new(),
            indicators: Vec::new(),
            left_out: 0,
        }
    }

    /// Whether a row of this place, indicator and time (`NULL_TIME` for none) is kept.
    pub(super) fn keeps(
        &mut self,
        place: u32,
        indicator: u32,
        time: i64,
        obs: &ObservationColumns,
    ) -> bool {
        let kept = self.keeps_row(place, indicator, time, obs);
        self.left_out += usize::from(!kept);
        kept
    }

    fn keeps_row(
        &mut self,
        place: u32,
        indicator: u32,
        time: i64,
        obs: &ObservationColumns,
    ) -> bool {
        if !self.times.keeps(time) {
            return false;
        }
        fn decide(
            cache: &mut Vec<Option<bool>>,
            code: u32,
            wanted: &[String],
            name: impl Fn(u32) -> String,
        ) -> bool {
            if wanted.is_empty() {
                return true;
            }
            if code == NULL_CODE || aggregate_index(code).is_some() {
                return false;
            }
            let i = code as usize;
            if cache.len() <= i {
                cache.resize(i + 1, None);
            }
            *cache[i].get_or_insert_with(|| wanted.contains(&name(code)))
        }
        decide(&mut self.places, place, &self.filter.places, |c| {
            obs.places.name(c).to_string()
        }) && decide(
            &mut self.indicators,
            indicator,
            &self.filter.indicators,
            |c| obs.indicators.name(c).to_string(),
        )
    }
}

/// The label columns a line filter reads.
#[derive(Clone, Copy, PartialEq)]
enum Label {
    Place,
    Indicator,
    Station,
}

/// The lines a filtered load of a table planned as `plan` can leave out before parsing them:
/// those whose place or indicator cell names one the filter does not keep, read as the
/// builder reads it. Aggregate labels (`Total`) are left to the builder. `None` when the
/// filter names neither, or the layout has more than one observation per line.
pub(super) fn line_filter(
    plan: &Plan,
    filter: &RowFilter,
    catalog: &Catalog,
) -> Option<LineFilter> {
    if !matches!(plan.layout, Layout::Tidy | Layout::MeasurementLog) {
        return None;
    }
    let place = plan.roles.place.filter(|_| !filter.places.is_empty());
    // A table with indicator codes lets a code overrule the name: its names decide nothing.
    let indicator = plan
        .roles
        .indicator
        .filter(|_| !filter.indicators.is_empty() && plan.roles.indicator_code.is_none());
    let mut columns: Vec<(usize, Label)> = place
        .map(|c| (c, Label::Place))
        .into_iter()
        .chain(indicator.map(|c| (c, Label::Indicator)))
        .collect();
    if columns.is_empty() {
        return None;
    }
    // Stations decide nothing, but the sieve keeps the first line of each, so that the load
    // lists every station of the table, as a full load does.
    columns.extend(plan.roles.station.map(|c| (c, Label::Station)));
    let (catalog, filter, country_level) = (catalog.clone(), filter.clone(), plan.country_level);
    let labels: Vec<Label> = columns.iter().map(|c| c.1).collect();
    let keeps = move |k: usize, cell: &str| {
        if labels[k] == Label::Station {
            return true;
        }
        if cell.is_empty() || text::is_missing(cell) {
            return false; // no place or indicator: never kept by a filter naming some
        }
        let cleaned = text::clean_label(cell);
        match labels[k] {
            Label::Place => {
                crate::data::places::is_aggregate(&cleaned)
                    || crate::data::notes_below::is_note_label(&cleaned)
                    || filter
                        .places
                        .contains(&place_of(&catalog, &cleaned, country_level).name)
            }
            _ => filter
                .indicators
                .contains(&indicator_id(&catalog, &cleaned)),
        }
    };
    Some(LineFilter {
        columns: columns.iter().map(|c| plan.names[c.0].clone()).collect(),
        keeps: Box::new(keeps),
        time_column: plan.roles.time.map(|i| plan.names[i].clone()),
    })
}

/// The rows of a dataset whose place, indicator and year a [`RowFilter`] keeps (an
/// empty list keeps all; rows without a time are kept), as a filtered load would have read
/// them.
pub fn keep_rows(ds: &Dataset, filter: &RowFilter) -> PolarsResult<Dataset> {
    let f = &ds.frame;
    // One mask, each label looked up once per category (not per row), and the time window
    // compared on the raw milliseconds: 10M cached rows filter in tens of milliseconds.
    let mut mask: Option<Vec<bool>> = None;
    let mut and = |m: Vec<bool>| match &mut mask {
        None => mask = Some(m),
        Some(k) => k.iter_mut().zip(m).for_each(|(a, b)| *a &= b),
    };
    for (name, list) in [
        (col::PLACE, &filter.places),
        (col::INDICATOR, &filter.indicators),
    ] {
        if !list.is_empty() {
            let cat = f.column(name)?.cat32()?;
            and(crate::data::cells::map_categories(cat, false, |v| {
                list.iter().any(|w| w == v)
            }));
        }
    }
    let window = filter.times();
    if !window.keeps_all() {
        let times = f.column(col::TIME)?.datetime()?.physical().clone();
        // Rows without a time are kept.
        let kept = crate::data::cells::map_values(&times, true, |t| window.keeps(t));
        and(kept);
    }
    let frame = match mask {
        None => f.clone(),
        Some(m) => f.filter(&BooleanChunked::from_slice("keep".into(), &m))?,
    };
    Ok(Dataset {
        frame,
        ..ds.clone()
    })
}
