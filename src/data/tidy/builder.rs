//! The builder that turns a raw table's parts into observation columns: labels resolved
//! once per distinct text (places, indicators, countries, units, sources), values read as
//! numbers.

use super::labels::{Known, id_of_indicator, place_of};
use super::rows::{Numbers, Times, read_times};
use super::*;

#[derive(Clone, Copy)]
pub(super) enum Interned {
    Country,
    Unit,
    Source,
    Station,
}

/// The station of readings whose station cell is empty, in a table that names stations.
pub const UNNAMED_STATION: &str = "(no station name)";

/// How many distinct aggregate labels a table may have (more are read as places).
const MAX_AGGREGATES: usize = 1000;

/// The place code of the `k`-th aggregate label: just below [`NULL_CODE`], never a place.
pub(super) fn aggregate_code(k: usize) -> u32 {
    NULL_CODE - 1 - k as u32
}

/// The aggregate label index of a place code, when it is one.
pub(super) fn aggregate_index(code: u32) -> Option<usize> {
    let k = NULL_CODE.checked_sub(1)?.checked_sub(code)? as usize;
    (code != NULL_CODE && k < MAX_AGGREGATES).then_some(k)
}

/// The table row of row `i` of a part that starts at row `first_row`: `part_rows` are the
/// part's rows a line filter kept, `row_lines` the table's rows by line when it has them.
#[inline]
pub(super) fn row_number(
    part_rows: Option<&[u32]>,
    row_lines: Option<&[u32]>,
    first_row: usize,
    i: usize,
) -> usize {
    let i = part_rows.map_or(i, |p| p[i] as usize);
    row_lines.map_or(first_row + i, |l| l[i] as usize)
}

/// How many cells of a text column decide its decimal mark.
const COLUMN_DECIMAL_SAMPLE: usize = 50_000;

/// What the first part of a table decided for all of its parts.
pub(super) struct Plan {
    pub(super) names: Vec<String>,
    pub(super) roles: Roles,
    pub(super) layout: Layout,
    pub(super) year_cols: Vec<usize>,
    pub(super) indicator_cols: Vec<layout::IndicatorColumn>,
    pub(super) country_level: bool,
    /// The time of observations from a table without a time column (`--year`).
    pub(super) default_time: i64,
    /// (measure column, the column giving its year) in a wide table without a time column.
    pub(super) measure_years: Vec<(usize, usize)>,
}

/// The columns resolved from the table's label and time columns, one entry per row (one
/// indicator for all rows when the table has no indicator column).
pub(super) struct Resolved {
    pub(super) places: Vec<u32>,
    pub(super) countries: Option<Vec<u32>>,
    pub(super) units: Option<Vec<u32>>,
    pub(super) sources: Option<Vec<u32>>,
    pub(super) stations: Option<Vec<u32>>,
    pub(super) indicators: Vec<u32>,
    pub(super) times: Option<Times>,
}

/// Per-row resolved columns shared by every layout.
#[derive(Clone, Copy)]
pub(super) struct Rows<'a> {
    pub(super) places: &'a [u32],
    pub(super) countries: Option<&'a [u32]>,
    pub(super) units: Option<&'a [u32]>,
    pub(super) sources: Option<&'a [u32]>,
    pub(super) stations: Option<&'a [u32]>,
    pub(super) indicators: &'a [u32],
    pub(super) times: Option<&'a Times>,
    pub(super) default_time: i64,
    pub(super) place_name: &'a str,
    pub(super) time_name: &'a str,
    /// An empty time cell leaves the value undated instead of skipping the row (a measure's
    /// own year column, where some rows give none).
    pub(super) undated_ok: bool,
}

pub(super) struct Builder<'c> {
    /// Whether each series so far is one run of increasing times, checked part by part.
    pub(super) series_runs: super::conflicts::SeriesRuns,
    pub(super) catalog: &'c Catalog,
    /// The file's decimal mark: the fallback for columns whose cells do not decide.
    pub(super) decimal: DecimalMark,
    /// The decimal mark each text value column was read with, decided from its cells.
    pub(super) column_decimals: Vec<(String, DecimalMark)>,
    pub(super) first_row: usize,
    pub(super) obs: ObservationColumns,
    /// The gazetteer country of each place code.
    pub(super) place_country: Vec<u32>,
    /// Default unit and valid range of each indicator code.
    pub(super) indicator_unit: Vec<u32>,
    pub(super) indicator_range: Vec<(Option<f64>, Option<f64>)>,
    pub(super) unknown_places: std::collections::BTreeSet<String>,
    /// The gazetteer regions the table names (indexes into the catalog's regions).
    pub(super) regions: std::collections::BTreeSet<usize>,
    /// Row labels that are totals, not places (`Итого`, `Total`); their rows get the place
    /// code [`aggregate_code`] of their index here and are left out.
    pub(super) aggregates: Vec<String>,
    /// How the time column's spellings were read (day/month order, fiscal years, quarters).
    pub(super) time_notes: std::collections::BTreeSet<String>,
    /// The order of day and month in slashed dates, once a part has decided it (with
    /// whether a cell told it): the same text reads the same in every part.
    pub(super) slash_order: Option<(crate::data::time_text::DayMonth, bool)>,
    pub(super) resolution: Option<TimeResolution>,
    pub(super) file_source: String,
    /// The file's path or name, for messages.
    pub(super) path: String,
    pub(super) row_lines: Option<Vec<u32>>,
    /// The index in the part of each row being built, when a line filter left rows out of
    /// the part (see [`crate::data::source::LineFilter`]).
    pub(super) part_rows: Option<Vec<u32>>,
    /// Lines of rows with text beyond the header's last column: left out whole.
    pub(super) ragged: std::collections::HashSet<u32>,
    /// Times from 1900-01-01 up to (not including) 2101-01-01 are accepted.
    pub(super) valid_times: (i64, i64),
    /// The rows to keep, when the caller wants only some places and indicators.
    pub(super) keep: Option<super::keep::KeepCodes>,
}

impl<'c> Builder<'c> {
    pub(super) fn new(catalog: &'c Catalog, first_row: usize, decimal: DecimalMark) -> Self {
        Builder {
            catalog,
            decimal,
            column_decimals: Vec::new(),
            first_row,
            obs: ObservationColumns::default(),
            series_runs: super::conflicts::SeriesRuns::default(),
            place_country: Vec::new(),
            indicator_unit: Vec::new(),
            indicator_range: Vec::new(),
            unknown_places: Default::default(),
            regions: Default::default(),
            aggregates: Vec::new(),
            time_notes: Default::default(),
            slash_order: None,
            resolution: None,
            file_source: String::new(),
            path: String::new(),
            row_lines: None,
            part_rows: None,
            ragged: Default::default(),
            keep: None,
            valid_times: (time::year_ms(1900), time::year_ms(2101)),
        }
    }

    /// The table row (as reports number them) of row `i` of the part being built.
    #[inline]
    pub(super) fn row_of(&self, i: usize) -> usize {
        row_number(
            self.part_rows.as_deref(),
            self.row_lines.as_deref(),
            self.first_row,
            i,
        )
    }

    /// The label and time columns of a part, resolved to codes. Times parse on a second
    /// thread while the labels are resolved on this one.
    fn resolve(
        &mut self,
        cols: &[Column],
        roles: &Roles,
        country_level: bool,
        options: &LoadOptions,
    ) -> Resolved {
        let path = self.path.clone();
        let text_col = |i: Option<usize>| i.map(|i| cols[i].clone());
        let (times, (places, countries, units, sources, stations, indicators)) =
            std::thread::scope(|scope| {
                let decided = self.slash_order;
                let times = roles
                    .time
                    .map(|i| scope.spawn(move || read_times(&cols[i], decided)));
                let places = self.resolve_places(&cols[roles.place.unwrap_or(0)], country_level);
                let countries = text_col(if country_level { None } else { roles.country })
                    .map(|c| self.resolve_labels(&c, Interned::Country));
                let units = text_col(roles.unit).map(|c| self.resolve_labels(&c, Interned::Unit));
                let sources =
                    text_col(roles.source).map(|c| self.resolve_labels(&c, Interned::Source));
                let stations =
                    text_col(roles.station).map(|c| self.resolve_labels(&c, Interned::Station));
                let indicators = self.resolve_indicators(
                    text_col(roles.indicator).as_ref(),
                    text_col(roles.indicator_code).as_ref(),
                    options,
                    &path,
                );
                let times = times.map(|h| h.join().expect("time parsing does not panic"));
                (
                    times,
                    (places, countries, units, sources, stations, indicators),
                )
            });
        if let Some(t) = &times {
            // The first part with slashed dates decides their order for the whole table.
            self.slash_order = self.slash_order.or(t.slashes);
            self.resolution = self.resolution.max(t.resolution);
            self.note_times(t);
        }
        // Readings without a station name in a table of stations are one station of their own.
        let stations = stations.map(|mut codes| {
            if codes.contains(&NULL_CODE) {
                let unnamed = self.obs.stations.intern(UNNAMED_STATION);
                for c in codes.iter_mut().filter(|c| **c == NULL_CODE) {
                    *c = unnamed;
                }
            }
            codes
        });
        Resolved {
            places,
            countries,
            units,
            sources,
            stations,
            indicators,
            times,
        }
    }

    /// Says how the time column's spellings were read.
    fn note_times(&mut self, t: &super::rows::Times) {
        use crate::data::time_text::DayMonth;
        let notes = &mut self.time_notes;
        match t.slashes {
            Some((DayMonth::MonthFirst, _)) => {
                notes.insert("slashed dates read month first (12/31/2019), as some cells can only be read that way".into());
            }
            Some((DayMonth::DayFirst, true)) => {
                notes.insert("slashed dates read day first (31/12/2019), as some cells can only be read that way".into());
            }
            Some((DayMonth::DayFirst, false)) => {
                notes.insert("slashed dates read day first (03/04/2019 = 3 April): no cell tells the order; check the source".into());
            }
            None => {}
        }
        if t.fiscal {
            notes.insert("fiscal years (2019/20) read as the year they start in (2019)".into());
        }
        if t.quarters {
            notes.insert("quarters (2019Q1) read as their first month (2019-01)".into());
        }
    }

    /// Builds the observations of one part of the table (the whole table unless it is large).
    pub(super) fn observe(
        &mut self,
        frame: DataFrame,
        plan: &Plan,
        options: &LoadOptions,
        report: &mut LoadReport,
        clock: &mut PhaseClock,
    ) {
        let Plan {
            names,
            roles,
            layout,
            year_cols,
            indicator_cols,
            country_level,
            default_time,
            measure_years,
        } = plan;
        let (layout, country_level, default_time) = (*layout, *country_level, *default_time);
        let cols = frame.columns();
        let resolved = self.resolve(cols, roles, country_level, options);
        clock.lap("labels and times");
        // Only the value columns are still needed: free the label columns before building the
        // observations, which halves the peak memory of large files.
        let value_indexes: Vec<usize> = roles
            .value
            .into_iter()
            .chain(year_cols.iter().copied())
            .chain(indicator_cols.iter().map(|c| c.index))
            .chain(measure_years.iter().map(|p| p.1))
            .collect();
        let mut value_cols: Vec<Option<Column>> = vec![None; names.len()];
        for &i in &value_indexes {
            value_cols[i] = Some(cols[i].clone());
        }
        drop(frame);
        let value_col = |i: usize| value_cols[i].as_ref().expect("value column kept");
        let rows = Rows {
            places: &resolved.places,
            countries: resolved.countries.as_deref(),
            units: resolved.units.as_deref(),
            sources: resolved.sources.as_deref(),
            stations: resolved.stations.as_deref(),
            indicators: &resolved.indicators,
            times: resolved.times.as_ref(),
            default_time,
            place_name: &names[roles.place.unwrap_or(0)],
            time_name: roles.time.map(|i| names[i].as_str()).unwrap_or(""),
            undated_ok: false,
        };
        match layout {
            Layout::Tidy | Layout::MeasurementLog => {
                let vi = roles.value.expect("tidy layout has a value column");
                let values = self.read_numbers(value_col(vi));
                clock.lap("values");
                let kept = self.check_rows(&rows, &values, &names[vi], None, report);
                match kept {
                    None if self.obs.is_empty() => self.adopt_rows(resolved, values, default_time),
                    kept => self.fill_rows(&rows, &values, kept.as_deref(), None),
                }
            }
            Layout::WideByIndicator => {
                for ic in indicator_cols {
                    if is_metadata_column(&names[ic.index]) {
                        continue;
                    }
                    let values = self.read_numbers(value_col(ic.index));
                    let ind = self.indicator_code(&ic.indicator, ic.unit.as_deref());
                    // A measure whose year is in a column of its own takes it from there.
                    let years = measure_years.iter().find(|p| p.0 == ic.index).map(|p| {
                        let mut t = read_times(value_col(p.1), None);
                        // An empty year: the row's time, the table's default (`--year`),
                        // else undated.
                        for (i, ms) in t.ms.iter_mut().enumerate() {
                            if *ms == NULL_TIME {
                                *ms = rows.times.map_or(default_time, |r| r.ms[i]);
                            }
                        }
                        t
                    });
                    if let Some(t) = &years {
                        self.resolution = self.resolution.max(t.resolution);
                    }
                    let rows = Rows {
                        times: years.as_ref().or(rows.times),
                        time_name: years
                            .as_ref()
                            .and_then(|_| measure_years.iter().find(|p| p.0 == ic.index))
                            .map_or(rows.time_name, |p| names[p.1].as_str()),
                        undated_ok: years.is_some(),
                        ..rows
                    };
                    self.emit_rows(&rows, &values, &names[ic.index], Some(ind), report);
                }
            }
            Layout::WideByYear => {
                for &yi in year_cols {
                    let year = layout::year_header(&names[yi]).expect("year column");
                    let values = self.read_numbers(value_col(yi));
                    let rows = Rows {
                        default_time: time::year_ms(year),
                        times: None,
                        ..rows
                    };
                    self.resolution = self.resolution.max(Some(TimeResolution::Year));
                    self.emit_rows(&rows, &values, &names[yi], None, report);
                }
            }
        }
        self.series_runs.extend(&self.obs);
        clock.lap("observations");
    }

    /// Maps each row's text through `f`, calling `f` once per distinct value.
    pub(super) fn map_cached<F: FnMut(&mut Self, &str) -> u32>(
        &mut self,
        col: &Column,
        mut f: F,
    ) -> Vec<u32> {
        let mut resolve = |s: &str| {
            if text::is_missing(s) {
                NULL_CODE
            } else {
                f(self, s)
            }
        };
        match col.cat32() {
            Ok(cat) => cells::map_categories(cat, NULL_CODE, resolve),
            Err(_) => cells::map_distinct(&as_text(col), NULL_CODE, &mut resolve),
        }
    }

    pub(super) fn resolve_places(&mut self, ca: &Column, country_level: bool) -> Vec<u32> {
        self.map_cached(ca, |b, raw| {
            let cleaned = text::clean_label(raw);
            // A total, or a note in the place column ("Source: …" between the rows): no place.
            let not_a_place = crate::data::places::is_aggregate(&cleaned)
                || crate::data::notes_below::is_note_label(&cleaned);
            if not_a_place && b.aggregates.len() < MAX_AGGREGATES {
                b.aggregates.push(cleaned.to_string());
                return aggregate_code(b.aggregates.len() - 1);
            }
            let place = place_of(b.catalog, &cleaned, country_level);
            match place.known {
                Known::Region(i) => {
                    b.regions.insert(i);
                }
                Known::No => {
                    b.unknown_places.insert(place.name.clone());
                }
                Known::Yes => {}
            }
            let code = b.obs.places.intern(&place.name);
            if b.place_country.len() <= code as usize {
                b.place_country.resize(code as usize + 1, NULL_CODE);
            }
            if let Some(c) = place.country {
                b.place_country[code as usize] = b.obs.countries.intern(&c);
            }
            code
        })
    }

    pub(super) fn resolve_labels(&mut self, ca: &Column, kind: Interned) -> Vec<u32> {
        self.map_cached(ca, |b, raw| {
            let cleaned = text::clean_label(raw);
            match kind {
                Interned::Country => {
                    let name = b
                        .catalog
                        .find_country(&cleaned)
                        .map_or_else(|| cleaned.to_string(), |c| c.name_en.clone());
                    b.obs.countries.intern(&name)
                }
                Interned::Unit => b
                    .obs
                    .units
                    .intern(&crate::data::catalog::normalize_unit(&cleaned)),
                Interned::Source => b.obs.sources.intern(&source_text(&cleaned)),
                Interned::Station => b.obs.stations.intern(&cleaned),
            }
        })
    }

    /// Interns an indicator (catalog id or the file's own name) with its default unit.
    pub(super) fn indicator_code(&mut self, name: &str, unit_hint: Option<&str>) -> u32 {
        let known = self.catalog.find_indicator(name);
        let id = id_of_indicator(known, name);
        let code = self.obs.indicators.intern(&id);
        if self.indicator_unit.len() <= code as usize {
            let unit = unit_hint
                .map(str::to_string)
                .or_else(|| unit_from_header(name))
                .or_else(|| unit_from_suffix(name))
                .or_else(|| known.map(|k| k.unit.clone()));
            let unit_code = unit.map_or(NULL_CODE, |u| self.obs.units.intern(&u));
            self.indicator_unit.resize(code as usize + 1, NULL_CODE);
            self.indicator_range.resize(code as usize + 1, (None, None));
            self.indicator_unit[code as usize] = unit_code;
            self.indicator_range[code as usize] = known.map_or((None, None), |k| (k.min, k.max));
        }
        code
    }

    pub(super) fn resolve_indicators(
        &mut self,
        names: Option<&Column>,
        codes: Option<&Column>,
        options: &LoadOptions,
        path: &str,
    ) -> Vec<u32> {
        let by_name = names.map(|ca| {
            self.map_cached(ca, |b, raw| b.indicator_code(&text::clean_label(raw), None))
        });
        let by_code = codes.map(|ca| {
            self.map_cached(ca, |b, raw| {
                if b.catalog.find_indicator(raw).is_some() {
                    b.indicator_code(raw, None)
                } else {
                    NULL_CODE
                }
            })
        });
        match (by_name, by_code) {
            (Some(mut n), Some(c)) => {
                // A catalog-known code wins over an unrecognised name; the name's unit is kept.
                for (n, c) in n.iter_mut().zip(c) {
                    // An empty name (NULL_CODE) takes the code outright.
                    if c != NULL_CODE
                        && (*n == NULL_CODE
                            || self
                                .catalog
                                .indicator(self.obs.indicators.name(*n))
                                .is_none())
                    {
                        let unit = self
                            .indicator_unit
                            .get(*n as usize)
                            .copied()
                            .unwrap_or(NULL_CODE);
                        if unit != NULL_CODE {
                            self.indicator_unit[c as usize] = unit;
                        }
                        *n = c;
                    }
                }
                n
            }
            (Some(n), None) => n,
            (None, Some(c)) => c,
            (None, None) => {
                let name = options.indicator.clone().unwrap_or_else(|| {
                    std::path::Path::new(path)
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_else(|| "value".into())
                });
                let code = self.indicator_code(&name, None);
                vec![code; 1]
            }
        }
    }

    /// The decimal mark of a text value column: decided once, from the first part's cells.
    fn column_mark(&mut self, name: &str, ca: &StringChunked) -> DecimalMark {
        if let Some((_, m)) = self.column_decimals.iter().find(|(n, _)| n == name) {
            return *m;
        }
        let mark = crate::data::numbers::column_decimal(
            ca.iter().flatten().take(COLUMN_DECIMAL_SAMPLE),
            self.decimal,
        );
        self.column_decimals.push((name.to_string(), mark));
        mark
    }

    pub(super) fn read_numbers(&mut self, col: &Column) -> Numbers {
        let mut invalid = PlHashMap::default();
        if col.dtype().is_primitive_numeric() {
            let f = col.cast(&DataType::Float64).expect("numeric to f64");
            let ca = f.f64().expect("f64");
            let mut values = Vec::with_capacity(ca.len());
            for arr in ca.downcast_iter() {
                let base = values.len();
                values.extend_from_slice(arr.values());
                let validity = arr.validity().filter(|v| v.unset_bits() > 0);
                for (j, v) in values[base..].iter_mut().enumerate() {
                    // SAFETY: `j` indexes the array, so it is within its validity bitmap.
                    if validity.is_some_and(|b| !unsafe { b.get_bit_unchecked(j) }) {
                        *v = f64::NAN;
                    } else if !v.is_finite() {
                        invalid.insert(base + j, v.to_string());
                        *v = f64::NAN;
                    }
                }
            }
            return Numbers { values, invalid };
        }
        let ca = as_text(col);
        let mark = self.column_mark(col.name(), &ca);
        let values = ca
            .iter()
            .enumerate()
            .map(|(i, v)| match v.map(|s| text::parse_number(s, mark)) {
                Some(NumberCell::Value(v)) if v.is_finite() => v,
                None | Some(NumberCell::Missing) => f64::NAN,
                Some(_) => {
                    invalid.insert(i, v.unwrap_or("").to_string());
                    f64::NAN
                }
            })
            .collect();
        Numbers { values, invalid }
    }
}
