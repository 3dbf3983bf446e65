//! Rows of a part checked (place, time, value, range) and written into the observation
//! columns; times and numbers read from polars columns; conflicts resolved.

use super::builder::*;
use super::*;
use crate::data::time_text::{DayMonth, Reading, slash_order};

impl Builder<'_> {
    /// Emits one observation per row for one value column, skipping (and reporting) bad rows.
    /// Rows are checked first; the observation columns are then filled a column at a time.
    pub(super) fn emit_rows(
        &mut self,
        rows: &Rows<'_>,
        values: &Numbers,
        value_name: &str,
        fixed_indicator: Option<u32>,
        report: &mut LoadReport,
    ) {
        let kept = self.check_rows(rows, values, value_name, fixed_indicator, report);
        self.fill_rows(rows, values, kept.as_deref(), fixed_indicator);
    }

    /// Checks every row, reporting the bad ones: `None` when all are kept, else the list of
    /// the rows kept.
    pub(super) fn check_rows(
        &mut self,
        rows: &Rows<'_>,
        values: &Numbers,
        value_name: &str,
        fixed_indicator: Option<u32>,
        report: &mut LoadReport,
    ) -> Option<Vec<u32>> {
        let n = values.values.len();
        let indicator_at = |i: usize| match fixed_indicator {
            Some(c) => c,
            None => rows.indicators[if rows.indicators.len() == 1 { 0 } else { i }],
        };
        // The rows kept, listed once the first row is left out (until then, all of them).
        let mut kept: Option<Vec<u32>> = None;
        let mut keep = self.keep.take();
        for i in 0..n {
            let time = rows.times.map_or(rows.default_time, |t| t.ms[i]);
            let wanted = keep
                .as_mut()
                .is_none_or(|k| k.keeps(rows.places[i], indicator_at(i), time, &self.obs));
            let ok = wanted && self.check_row(rows, values, value_name, indicator_at(i), i, report);
            match (&mut kept, ok) {
                (None, true) | (Some(_), false) => {}
                (None, false) => kept = Some((0..i as u32).collect()),
                (Some(k), true) => k.push(i as u32),
            }
        }
        self.keep = keep;
        kept
    }

    /// Appends the observations of the rows kept (all of them when `kept` is `None`).
    pub(super) fn fill_rows(
        &mut self,
        rows: &Rows<'_>,
        values: &Numbers,
        kept: Option<&[u32]>,
        fixed_indicator: Option<u32>,
    ) {
        let n = values.values.len();
        let indicator_at = |i: usize| match fixed_indicator {
            Some(c) => c,
            None => rows.indicators[if rows.indicators.len() == 1 { 0 } else { i }],
        };
        let count = kept.map_or(n, <[u32]>::len);
        if count == 0 {
            return;
        }
        let no_source = |s: &[u32]| match kept {
            None => s.contains(&NULL_CODE),
            Some(k) => k.iter().any(|&i| s[i as usize] == NULL_CODE),
        };
        let file_source = match rows.sources {
            Some(s) if !no_source(s) => NULL_CODE,
            _ => self.obs.sources.intern(&self.file_source),
        };
        let (part_rows, row_lines) = (self.part_rows.as_deref(), self.row_lines.as_deref());
        let first_row = self.first_row;
        let obs = &mut self.obs;
        let place_country = &self.place_country;
        let indicator_unit = &self.indicator_unit;
        fill(&mut obs.place, n, kept, |i| rows.places[i]);
        fill(&mut obs.country, n, kept, |i| {
            match rows.countries.map_or(NULL_CODE, |c| c[i]) {
                NULL_CODE => place_country
                    .get(rows.places[i] as usize)
                    .copied()
                    .unwrap_or(NULL_CODE),
                c => c,
            }
        });
        fill(&mut obs.indicator, n, kept, indicator_at);
        fill(&mut obs.unit, n, kept, |i| {
            match rows.units.map_or(NULL_CODE, |u| u[i]) {
                NULL_CODE => indicator_unit[indicator_at(i) as usize],
                u => u,
            }
        });
        fill(&mut obs.source, n, kept, |i| {
            match rows.sources.map_or(NULL_CODE, |s| s[i]) {
                NULL_CODE => file_source,
                s => s,
            }
        });
        if let Some(stations) = rows.stations {
            fill(&mut obs.station, n, kept, |i| stations[i]);
        }
        fill(&mut obs.row, n, kept, |i| {
            super::builder::row_number(part_rows, row_lines, first_row, i) as u32
        });
        fill(&mut obs.value, n, kept, |i| values.values[i]);
        match rows.times {
            None => fill(&mut obs.time, n, kept, |_| rows.default_time),
            Some(t) => fill(&mut obs.time, n, kept, |i| t.ms[i]),
        }
    }

    /// Makes the resolved columns of a table whose every row is kept the observation columns,
    /// without copying them; empty countries, units and sources get their defaults. Only for
    /// the first (and only) value column of a table.
    pub(super) fn adopt_rows(&mut self, resolved: Resolved, values: Numbers, default_time: i64) {
        let n = values.values.len();
        let Resolved {
            places,
            countries,
            units,
            sources,
            stations,
            indicators,
            times,
        } = resolved;
        let mut country = countries.unwrap_or_else(|| vec![NULL_CODE; n]);
        for (c, &p) in country.iter_mut().zip(&places) {
            if *c == NULL_CODE {
                *c = self
                    .place_country
                    .get(p as usize)
                    .copied()
                    .unwrap_or(NULL_CODE);
            }
        }
        let indicator = if indicators.len() == n {
            indicators
        } else {
            vec![indicators[0]; n]
        };
        let mut unit = units.unwrap_or_else(|| vec![NULL_CODE; n]);
        for (u, &i) in unit.iter_mut().zip(&indicator) {
            if *u == NULL_CODE {
                *u = self.indicator_unit[i as usize];
            }
        }
        let mut source = sources.unwrap_or_else(|| vec![NULL_CODE; n]);
        if source.contains(&NULL_CODE) {
            let file_source = self.obs.sources.intern(&self.file_source);
            for s in source.iter_mut().filter(|s| **s == NULL_CODE) {
                *s = file_source;
            }
        }
        let row = match (self.row_lines.take(), &self.part_rows) {
            (Some(lines), None) => lines,
            (lines, _) => {
                self.row_lines = lines;
                (0..n).map(|i| self.row_of(i) as u32).collect()
            }
        };
        let obs = &mut self.obs;
        obs.row = row;
        obs.place = places;
        obs.country = country;
        obs.indicator = indicator;
        obs.unit = unit;
        obs.source = source;
        obs.station = stations.unwrap_or_default();
        obs.time = times.map_or_else(|| vec![default_time; n], |t| t.ms);
        obs.value = values.values;
    }

    /// Whether row `i` makes an observation; if not, it is reported: as skipped, with the
    /// reason, or, for a cell without a value, counted as missing data.
    #[inline]
    pub(super) fn check_row(
        &self,
        rows: &Rows<'_>,
        values: &Numbers,
        value_name: &str,
        indicator: u32,
        i: usize,
        report: &mut LoadReport,
    ) -> bool {
        let row = self.row_of(i);
        if !self.ragged.is_empty() && self.ragged.contains(&(row as u32)) {
            return false; // reported once per row by the caller
        }
        // A total's or a note's row is left out and listed, whatever its cells hold.
        if let Some(k) = aggregate_index(rows.places[i]) {
            let label = &self.aggregates[k];
            let reason = match crate::data::notes_below::is_note_label(label) {
                true => "a note (such as a source), not a place: left out",
                false => "aggregate (a total of other rows, not a place): left out",
            };
            report.skip(row, rows.place_name, label, reason);
            return false;
        }
        let value = values.values[i];
        if value.is_nan() {
            if let Some(raw) = values.invalid.get(&i) {
                let reason = match text::parse_number(raw, DecimalMark::Comma) {
                    NumberCell::Censored => {
                        "censored: a bound (below or above a limit), not a value"
                    }
                    _ => "not a number",
                };
                report.skip(row, value_name, raw, reason);
            } else if rows.places[i] != NULL_CODE {
                // A cell without a value in a row that names a place; a blank line (no place,
                // no value) is not a value missing.
                report.missing_value(row, value_name);
            }
            return false;
        }
        if rows.places[i] == NULL_CODE {
            report.skip(row, rows.place_name, "", "no place given");
            return false;
        }
        if let Some(times) = rows.times {
            let ms = times.ms[i];
            // Empty and invalid cells are below the valid range too.
            let undated_ok = rows.undated_ok && ms == NULL_TIME;
            if !undated_ok && !(self.valid_times.0..self.valid_times.1).contains(&ms) {
                let (raw, reason) = match ms {
                    NULL_TIME => (String::new(), "no time given"),
                    INVALID_TIME => (
                        times.invalid.get(&i).cloned().unwrap_or_default(),
                        "not a year, date or timestamp",
                    ),
                    _ => (time::year_of(ms).to_string(), "year outside 1900–2100"),
                };
                report.skip(row, rows.time_name, &raw, reason);
                return false;
            }
        }
        if indicator == NULL_CODE {
            report.skip(row, value_name, "", "no indicator given");
            return false;
        }
        let name = || self.obs.indicators.name(indicator);
        let (min, max) = self.indicator_range[indicator as usize];
        if let Some(min) = min.filter(|&m| value < m) {
            let reason = if min == 0.0 {
                format!("negative value, impossible for {}", name())
            } else {
                format!("below the minimum {min} of {}", name())
            };
            report.skip(row, value_name, &value.to_string(), reason);
            return false;
        }
        if let Some(max) = max.filter(|&m| value > m) {
            let reason = format!("above the maximum {max} of {}", name());
            report.skip(row, value_name, &value.to_string(), reason);
            return false;
        }
        true
    }
}

/// Appends `f(i)` for each row `i` kept: those in `kept`, or all `n` rows when it is `None`.
pub(super) fn fill<T>(dst: &mut Vec<T>, n: usize, kept: Option<&[u32]>, f: impl Fn(usize) -> T) {
    match kept {
        None => dst.extend((0..n).map(f)),
        Some(k) => dst.extend(k.iter().map(|&i| f(i as usize))),
    }
}

/// A time column read as times: milliseconds since 1970 per cell, [`NULL_TIME`] where the
/// cell is empty and [`INVALID_TIME`] where it holds something else (its text in `invalid`).
pub(super) struct Times {
    pub(super) ms: Vec<i64>,
    pub(super) invalid: PlHashMap<usize, String>,
    pub(super) resolution: Option<TimeResolution>,
    /// How the column's slashed dates were read, when it has any, and whether its cells
    /// decided it (else every one could be read either way).
    pub(super) slashes: Option<(DayMonth, bool)>,
    /// Whether fiscal years (`2019/20`) or quarters (`2019Q1`) were read.
    pub(super) fiscal: bool,
    pub(super) quarters: bool,
}

/// Marks a time cell that is not a year, date or timestamp.
pub(super) const INVALID_TIME: i64 = NULL_TIME + 1;

/// Reads a time column of any type: dates and datetimes, years as numbers, or text.
pub(super) fn read_times(col: &Column, decided: Option<(DayMonth, bool)>) -> Times {
    let mut resolution = None;
    let (mut fiscal, mut quarters) = (false, false);
    let mut slashes = None;
    let text_order = |ca: &StringChunked| {
        let sample = ca.iter().flatten().take(5000);
        let has_slash = ca
            .iter()
            .flatten()
            .take(5000)
            .any(|c| c.matches('/').count() == 2);
        has_slash.then(|| decided.unwrap_or_else(|| slash_order(sample)))
    };
    let mut ms_of = |cell: TimeCell| match cell {
        TimeCell::Value(ms, r) => {
            resolution = resolution.max(Some(r));
            ms
        }
        TimeCell::Missing => NULL_TIME,
        TimeCell::Invalid => INVALID_TIME,
    };
    let ms: Vec<i64> = match col.dtype() {
        DataType::Date | DataType::Datetime(_, _) => {
            let res = if matches!(col.dtype(), DataType::Date) {
                TimeResolution::Date
            } else {
                TimeResolution::Timestamp
            };
            let ms = col
                .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
                .and_then(|c| c.cast(&DataType::Int64));
            match ms {
                Ok(c) => c
                    .i64()
                    .expect("i64")
                    .iter()
                    .map(|v| ms_of(v.map_or(TimeCell::Missing, |v| TimeCell::Value(v, res))))
                    .collect(),
                Err(_) => vec![INVALID_TIME; col.len()],
            }
        }
        d if d.is_primitive_numeric() => {
            let f = col.cast(&DataType::Float64).expect("numeric to f64");
            f.f64()
                .expect("f64")
                .iter()
                .map(|v| ms_of(v.map_or(TimeCell::Missing, time::time_from_number)))
                .collect()
        }
        _ => {
            let text = as_text(col);
            slashes = text_order(&text);
            let order = slashes.map_or(DayMonth::DayFirst, |s| s.0);
            let mut read = |s: &str| {
                let (cell, how) = time::parse_time_reading(s, order);
                fiscal |= how == Reading::FiscalYear;
                quarters |= how == Reading::Quarter;
                ms_of(cell)
            };
            match col.cat32() {
                Ok(cat) => cells::map_categories(cat, NULL_TIME, read),
                Err(_) => cells::map_distinct(&text, NULL_TIME, &mut read),
            }
        }
    };
    // Invalid cells are rare: their text is looked up afterwards.
    let mut invalid = PlHashMap::default();
    if ms.contains(&INVALID_TIME) {
        let text = as_text(col);
        for (i, &t) in ms.iter().enumerate() {
            if t == INVALID_TIME {
                invalid.insert(i, text.get(i).unwrap_or("").to_string());
            }
        }
    }
    Times {
        ms,
        invalid,
        resolution,
        slashes,
        fiscal,
        quarters,
    }
}

/// A value column read as numbers: NaN where a cell holds no number, with the text of the
/// cells that held something else than a number or a missing marker.
pub(super) struct Numbers {
    pub(super) values: Vec<f64>,
    pub(super) invalid: PlHashMap<usize, String>,
}
