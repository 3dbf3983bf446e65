//! The rows a filtered load keeps: [`RowFilter`] decided once per place and indicator code,
//! and per row for its time.

use super::builder::aggregate_index;
use crate::data::RowFilter;
use crate::data::dataset::{NULL_CODE, ObservationColumns};
use crate::data::options::TimeWindow;

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
