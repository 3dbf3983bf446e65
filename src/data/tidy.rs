//! The one shared pipeline from a [`RawTable`] to tidy observations: map columns to roles,
//! reshape wide tables, parse values and times, merge aliases, validate, resolve conflicts.

use std::collections::HashMap;

use polars::prelude::*;

use super::catalog::{Catalog, PlaceRef, match_key, unit_from_header};
use super::cells;
use super::dataset::{Dataset, NULL_CODE, NULL_TIME, ObservationColumns};
use super::error::LoadError;
use super::layout::{self, Roles};
use super::options::{LoadOptions, Role, RowFilter};
use super::report::{Conflict, Layout, LoadReport};
use super::source::RawTable;
use super::text::{self, DecimalMark, NumberCell};
use super::time::{self, TimeCell, TimeResolution};
use super::timing::PhaseClock;

/// Turns a raw table into a dataset, recording every decision and skipped row in `report`.
/// `more` are the parts of a large table after the first (`raw`), which decides the layout,
/// with the size of the whole table over the size of the first part.
pub fn build(
    raw: RawTable,
    more: Option<(f64, impl Iterator<Item = Result<DataFrame, LoadError>>)>,
    options: &LoadOptions,
    catalog: &Catalog,
    report: &mut LoadReport,
) -> Result<Dataset, LoadError> {
    let path = report.path.clone();
    let mut clock = PhaseClock::start();
    let frame = split_eurostat_dimensions(raw.frame);
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let mut roles =
        layout::detect_roles(&names, &options.mapping).map_err(|m| LoadError::BadMapping {
            path: path.clone(),
            role: m.role.name().to_string(),
            column: m.column,
            available: names.clone(),
        })?;
    let country_level = roles.place.is_none();
    if country_level {
        roles.place = roles.country.or(roles.country_code);
        if roles.place.is_none() {
            return Err(LoadError::NoPlaceColumn {
                path,
                columns: names,
            });
        }
        report
            .notes
            .push("no city column: places are the file's countries (country-level data)".into());
    }
    let (layout, year_cols, indicator_cols) =
        layout::decide_layout(&frame, &roles, catalog, raw.decimal).ok_or_else(|| {
            LoadError::NoValues {
                path: path.clone(),
                columns: names.clone(),
            }
        })?;
    let layout = if layout == Layout::Tidy && is_timestamp_log(&frame, &roles) {
        Layout::MeasurementLog
    } else {
        layout
    };
    report.layout = layout;
    for role in Role::ALL {
        if let Some(i) = roles.get(role) {
            report.columns.push((role, names[i].clone()));
        }
    }
    if country_level {
        report.columns.retain(|(r, _)| *r != Role::Place);
        report
            .columns
            .insert(0, (Role::Place, names[roles.place.unwrap_or(0)].clone()));
    }

    let mut b = Builder::new(catalog, raw.first_row, raw.decimal);
    b.row_lines = raw.row_lines.clone();
    b.keep = options.keep.clone().map(KeepCodes::new);
    b.file_source = file_source(report, &raw.info.preamble, &path);
    b.path = path.clone();
    if roles.time.is_none() {
        match options.default_year {
            Some(y) => report.notes.push(format!(
                "no time column: every observation is given the year {y} (--year)"
            )),
            None if layout != Layout::WideByYear => report.notes.push(
                "no time column: observations have no time; give one with --year YEAR".into(),
            ),
            None => {}
        }
    }
    if options.default_year.is_some() {
        b.resolution = b.resolution.max(Some(TimeResolution::Year));
    }
    for ic in &indicator_cols {
        if is_metadata_column(&names[ic.index]) {
            report
                .ignored_columns
                .push((names[ic.index].clone(), "metadata, not an indicator".into()));
        } else if layout == Layout::WideByIndicator {
            report.value_columns.push(names[ic.index].clone());
        }
    }
    if layout == Layout::WideByYear {
        report
            .value_columns
            .extend(year_cols.iter().map(|&i| names[i].clone()));
    }
    let plan = Plan {
        default_time: options.default_year.map_or(NULL_TIME, time::year_ms),
        names,
        roles,
        layout,
        year_cols,
        indicator_cols,
        country_level,
    };
    let mut height = frame.height();
    b.observe(frame, &plan, options, report, &mut clock);
    let more = more.map(|(size_ratio, parts)| {
        // Room for the observations of all parts, estimated from the first, so that the
        // columns are not moved as they grow.
        let expected = (b.obs.len() as f64 * size_ratio * 1.02) as usize;
        b.obs.reserve(expected.saturating_sub(b.obs.len()));
        parts
    });
    for part in more.into_iter().flatten() {
        let part = split_eurostat_dimensions(part?);
        if part
            .get_column_names()
            .iter()
            .map(|n| n.as_str())
            .ne(plan.names.iter().map(String::as_str))
        {
            return Err(LoadError::Parse {
                path,
                message: format!("the columns change after row {height}"),
            });
        }
        b.first_row = raw.first_row + height;
        height += part.height();
        b.observe(part, &plan, options, report, &mut clock);
    }
    let Plan {
        names,
        roles,
        layout,
        year_cols,
        indicator_cols,
        ..
    } = plan;
    let used: Vec<usize> = roles
        .used()
        .into_iter()
        .chain(year_cols.iter().copied())
        .chain(indicator_cols.iter().map(|c| c.index))
        .collect();
    for (i, n) in names.iter().enumerate() {
        if !used.contains(&i) {
            report
                .ignored_columns
                .push((n.clone(), "not needed for the observations".into()));
        }
    }
    report.rows_read = height;
    if !b.unknown_places.is_empty() {
        let mut list: Vec<&String> = b.unknown_places.iter().collect();
        list.sort();
        let shown: Vec<&str> = list.iter().take(20).map(|s| s.as_str()).collect();
        report.notes.push(format!(
            "{} place(s) not in the gazetteer, loaded as written: {}{}",
            list.len(),
            shown.join(", "),
            if list.len() > 20 { ", …" } else { "" }
        ));
    }
    for (row, fields) in raw.info.ragged_rows.iter().take(50) {
        report.skip(
            *row,
            "",
            "",
            format!("row has {fields} fields, more than the header; the extra fields were ignored"),
        );
    }
    let mut obs = b.obs;
    resolve_conflicts(
        &mut obs,
        options,
        report,
        b.resolution.unwrap_or(TimeResolution::Year),
    );
    // With a row filter an empty result only means the file has none of the rows asked for.
    if obs.is_empty() && !(options.keep.is_some() && report.skipped_total == 0) {
        let first_problem = report
            .skipped
            .first()
            .map(|s| {
                format!(
                    "row {}, column {:?}, value {:?}: {}",
                    s.row, s.column, s.value, s.reason
                )
            })
            .unwrap_or_else(|| "every value cell is empty".into());
        return Err(LoadError::NothingUsable {
            path,
            found: format!("{height} rows in layout {}", layout.label()),
            skipped: report.skipped_total,
            first_problem,
        });
    }
    clock.lap("conflicts");
    let dataset = Dataset::from_columns(obs, b.resolution.unwrap_or(TimeResolution::Year), &path);
    clock.lap("dataset frame");
    dataset
}

fn file_source(report: &mut LoadReport, preamble: &[String], path: &str) -> String {
    let from_preamble = preamble.iter().find_map(|l| {
        let key = match_key(l);
        (key.starts_with("datasource") || key.starts_with("source") || key.starts_with("источник"))
            .then(|| {
                l.split_once([',', ':', ';'])
                    .map(|(_, v)| v.trim().to_string())
                    .unwrap_or_else(|| l.clone())
            })
    });
    let text: Vec<String> = preamble.to_vec();
    if !text.is_empty() {
        report.source_text = Some(text.join("\n"));
    }
    from_preamble.unwrap_or_else(|| {
        std::path::Path::new(path)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.to_string())
    })
}

fn is_metadata_column(name: &str) -> bool {
    let k = match_key(name);
    [
        "version",
        "temporalcoverage",
        "numberof",
        "latitude",
        "longitude",
        "stationcount",
    ]
    .iter()
    .any(|m| k.contains(m))
        || matches!(k.as_str(), "id" | "lat" | "lon" | "lng" | "code")
}

fn is_timestamp_log(frame: &DataFrame, roles: &Roles) -> bool {
    let Some(t) = roles.time else { return false };
    let ca = as_text(&frame.columns()[t].head(Some(20)));
    ca.iter().flatten().take(20).any(|s| {
        matches!(
            time::parse_time(s),
            TimeCell::Value(_, TimeResolution::Timestamp)
        )
    })
}

/// Eurostat tables put several dimensions in the first column: `indic_env,unit,geo\time`.
/// Splits that column into one column per dimension.
fn split_eurostat_dimensions(frame: DataFrame) -> DataFrame {
    let Some(first) = frame.columns().first() else {
        return frame;
    };
    let name = first.name().to_string();
    if !name.contains('\\') || !name.contains(',') {
        return frame;
    }
    let dims: Vec<String> = name
        .split(',')
        .map(|d| d.split('\\').next().unwrap_or(d).trim().to_string())
        .collect();
    let text = as_text(first);
    let mut parts: Vec<Vec<Option<String>>> = vec![Vec::with_capacity(text.len()); dims.len()];
    for v in text.iter() {
        let mut it = v.map(|s| s.split(',')).into_iter().flatten();
        for p in parts.iter_mut() {
            p.push(it.next().map(|s| s.trim().to_string()));
        }
    }
    let mut columns: Vec<Column> = dims
        .iter()
        .zip(parts)
        .map(|(d, p)| Column::new(d.as_str().into(), p))
        .collect();
    // Eurostat year headers carry trailing spaces ("2019 "); trim every header.
    for c in frame.columns().iter().skip(1) {
        let mut c = c.clone();
        let trimmed = c.name().trim().to_string();
        c.rename(trimmed.into());
        columns.push(c);
    }
    DataFrame::new_infer_height(columns).unwrap_or(frame)
}

fn as_text(col: &Column) -> StringChunked {
    match col.dtype() {
        DataType::String => col.str().expect("string column").clone(),
        _ => col
            .cast(&DataType::String)
            .ok()
            .and_then(|c| c.str().ok().cloned())
            .unwrap_or_else(|| StringChunked::full_null(col.name().clone(), col.len())),
    }
}

#[derive(Clone, Copy)]
enum Interned {
    Country,
    Unit,
    Source,
}

/// What the first part of a table decided for all of its parts.
struct Plan {
    names: Vec<String>,
    roles: Roles,
    layout: Layout,
    year_cols: Vec<usize>,
    indicator_cols: Vec<layout::IndicatorColumn>,
    country_level: bool,
    /// The time of observations from a table without a time column (`--year`).
    default_time: i64,
}

/// The columns resolved from the table's label and time columns, one entry per row (one
/// indicator for all rows when the table has no indicator column).
struct Resolved {
    places: Vec<u32>,
    countries: Option<Vec<u32>>,
    units: Option<Vec<u32>>,
    sources: Option<Vec<u32>>,
    indicators: Vec<u32>,
    times: Option<Times>,
}

/// Per-row resolved columns shared by every layout.
#[derive(Clone, Copy)]
struct Rows<'a> {
    places: &'a [u32],
    countries: Option<&'a [u32]>,
    units: Option<&'a [u32]>,
    sources: Option<&'a [u32]>,
    indicators: &'a [u32],
    times: Option<&'a Times>,
    default_time: i64,
    place_name: &'a str,
    time_name: &'a str,
}

struct Builder<'c> {
    catalog: &'c Catalog,
    decimal: DecimalMark,
    first_row: usize,
    obs: ObservationColumns,
    /// The gazetteer country of each place code.
    place_country: Vec<u32>,
    /// Default unit and valid range of each indicator code.
    indicator_unit: Vec<u32>,
    indicator_range: Vec<(Option<f64>, Option<f64>)>,
    unknown_places: std::collections::BTreeSet<String>,
    resolution: Option<TimeResolution>,
    file_source: String,
    /// The file's path or name, for messages.
    path: String,
    row_lines: Option<Vec<u32>>,
    /// Times from 1900-01-01 up to (not including) 2101-01-01 are accepted.
    valid_times: (i64, i64),
    /// The rows to keep, when the caller wants only some places and indicators.
    keep: Option<KeepCodes>,
}

/// [`RowFilter`] decided once per place and indicator code.
struct KeepCodes {
    filter: RowFilter,
    places: Vec<Option<bool>>,
    indicators: Vec<Option<bool>>,
}

impl KeepCodes {
    fn new(filter: RowFilter) -> KeepCodes {
        KeepCodes {
            filter,
            places: Vec::new(),
            indicators: Vec::new(),
        }
    }

    /// Whether a row of this place and indicator is kept.
    fn keeps(&mut self, place: u32, indicator: u32, obs: &ObservationColumns) -> bool {
        fn decide(
            cache: &mut Vec<Option<bool>>,
            code: u32,
            wanted: &[String],
            name: impl Fn(u32) -> String,
        ) -> bool {
            if wanted.is_empty() {
                return true;
            }
            if code == NULL_CODE {
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

impl<'c> Builder<'c> {
    fn new(catalog: &'c Catalog, first_row: usize, decimal: DecimalMark) -> Self {
        Builder {
            catalog,
            decimal,
            first_row,
            obs: ObservationColumns::default(),
            place_country: Vec::new(),
            indicator_unit: Vec::new(),
            indicator_range: Vec::new(),
            unknown_places: Default::default(),
            resolution: None,
            file_source: String::new(),
            path: String::new(),
            row_lines: None,
            keep: None,
            valid_times: (time::year_ms(1900), time::year_ms(2101)),
        }
    }

    /// Builds the observations of one part of the table (the whole table unless it is large).
    fn observe(
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
        } = plan;
        let (layout, country_level, default_time) = (*layout, *country_level, *default_time);
        let path = self.path.clone();
        let cols = frame.columns();
        let text_col = |i: Option<usize>| i.map(|i| cols[i].clone());
        // Times parse on a second thread while the labels are resolved on this one.
        let (times, (places, countries, units, sources, indicators)) =
            std::thread::scope(|scope| {
                let times = roles
                    .time
                    .map(|i| scope.spawn(move || read_times(&cols[i])));
                let places = self.resolve_places(&cols[roles.place.unwrap_or(0)], country_level);
                let countries = text_col(if country_level { None } else { roles.country })
                    .map(|c| self.resolve_labels(&c, Interned::Country));
                let units = text_col(roles.unit).map(|c| self.resolve_labels(&c, Interned::Unit));
                let sources =
                    text_col(roles.source).map(|c| self.resolve_labels(&c, Interned::Source));
                let indicators = self.resolve_indicators(
                    text_col(roles.indicator).as_ref(),
                    text_col(roles.indicator_code).as_ref(),
                    options,
                    &path,
                );
                let times = times.map(|h| h.join().expect("time parsing does not panic"));
                (times, (places, countries, units, sources, indicators))
            });
        clock.lap("labels and times");
        if let Some(t) = &times {
            self.resolution = self.resolution.max(t.resolution);
        }
        let resolved = Resolved {
            places,
            countries,
            units,
            sources,
            indicators,
            times,
        };
        // Only the value columns are still needed: free the label columns before building the
        // observations, which halves the peak memory of large files.
        let value_indexes: Vec<usize> = roles
            .value
            .into_iter()
            .chain(year_cols.iter().copied())
            .chain(indicator_cols.iter().map(|c| c.index))
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
            indicators: &resolved.indicators,
            times: resolved.times.as_ref(),
            default_time,
            place_name: &names[roles.place.unwrap_or(0)],
            time_name: roles.time.map(|i| names[i].as_str()).unwrap_or(""),
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
        clock.lap("observations");
    }

    /// Maps each row's text through `f`, calling `f` once per distinct value.
    fn map_cached<F: FnMut(&mut Self, &str) -> u32>(&mut self, col: &Column, mut f: F) -> Vec<u32> {
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

    fn resolve_places(&mut self, ca: &Column, country_level: bool) -> Vec<u32> {
        self.map_cached(ca, |b, raw| {
            let cleaned = text::clean_label(raw);
            let (name, country) = match b.catalog.find_place(&cleaned) {
                Some(PlaceRef::City(i)) if !country_level => (
                    b.catalog.cities[i].name_en.clone(),
                    b.catalog.country_of_city(i).map(|c| c.name_en.clone()),
                ),
                Some(PlaceRef::Country(i)) => {
                    let n = b.catalog.countries[i].name_en.clone();
                    (n.clone(), Some(n))
                }
                _ => {
                    b.unknown_places.insert(cleaned.to_string());
                    (cleaned.to_string(), None)
                }
            };
            let code = b.obs.places.intern(&name);
            if b.place_country.len() <= code as usize {
                b.place_country.resize(code as usize + 1, NULL_CODE);
            }
            if let Some(c) = country {
                b.place_country[code as usize] = b.obs.countries.intern(&c);
            }
            code
        })
    }

    fn resolve_labels(&mut self, ca: &Column, kind: Interned) -> Vec<u32> {
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
                    .intern(&super::catalog::normalize_unit(&cleaned)),
                Interned::Source => b.obs.sources.intern(&source_text(&cleaned)),
            }
        })
    }

    /// Interns an indicator (catalog id or the file's own name) with its default unit.
    fn indicator_code(&mut self, name: &str, unit_hint: Option<&str>) -> u32 {
        let known = self.catalog.find_indicator(name);
        let id = known.map_or_else(|| layout_name(name), |k| k.id.clone());
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

    fn resolve_indicators(
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
                    if c != NULL_CODE
                        && self
                            .catalog
                            .indicator(self.obs.indicators.name(*n))
                            .is_none()
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

    fn read_numbers(&self, col: &Column) -> Numbers {
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
        let values = ca
            .iter()
            .enumerate()
            .map(
                |(i, v)| match v.map(|s| text::parse_number(s, self.decimal)) {
                    Some(NumberCell::Value(v)) if v.is_finite() => v,
                    None | Some(NumberCell::Missing) => f64::NAN,
                    Some(_) => {
                        invalid.insert(i, v.unwrap_or("").to_string());
                        f64::NAN
                    }
                },
            )
            .collect();
        Numbers { values, invalid }
    }

    /// Emits one observation per row for one value column, skipping (and reporting) bad rows.
    /// Rows are checked first; the observation columns are then filled a column at a time.
    fn emit_rows(
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
    fn check_rows(
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
            let wanted = keep
                .as_mut()
                .is_none_or(|k| k.keeps(rows.places[i], indicator_at(i), &self.obs));
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
    fn fill_rows(
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
        let obs = &mut self.obs;
        let place_country = &self.place_country;
        let indicator_unit = &self.indicator_unit;
        let row_lines = self.row_lines.as_deref();
        let first_row = self.first_row;
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
        match row_lines {
            Some(lines) => fill(&mut obs.row, n, kept, |i| lines[i]),
            None => fill(&mut obs.row, n, kept, |i| (first_row + i) as u32),
        }
        fill(&mut obs.value, n, kept, |i| values.values[i]);
        match rows.times {
            None => fill(&mut obs.time, n, kept, |_| rows.default_time),
            Some(t) => fill(&mut obs.time, n, kept, |i| t.ms[i]),
        }
    }

    /// Makes the resolved columns of a table whose every row is kept the observation columns,
    /// without copying them; empty countries, units and sources get their defaults. Only for
    /// the first (and only) value column of a table.
    fn adopt_rows(&mut self, resolved: Resolved, values: Numbers, default_time: i64) {
        let n = values.values.len();
        let Resolved {
            places,
            countries,
            units,
            sources,
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
        let obs = &mut self.obs;
        obs.row = match self.row_lines.take() {
            Some(lines) => lines,
            None => (0..n).map(|i| (self.first_row + i) as u32).collect(),
        };
        obs.place = places;
        obs.country = country;
        obs.indicator = indicator;
        obs.unit = unit;
        obs.source = source;
        obs.time = times.map_or_else(|| vec![default_time; n], |t| t.ms);
        obs.value = values.values;
    }

    /// Whether row `i` makes an observation; if not, and the reason is worth telling (not a
    /// merely empty value), it is reported.
    #[inline]
    fn check_row(
        &self,
        rows: &Rows<'_>,
        values: &Numbers,
        value_name: &str,
        indicator: u32,
        i: usize,
        report: &mut LoadReport,
    ) -> bool {
        let row = self
            .row_lines
            .as_ref()
            .map_or(self.first_row + i, |l| l[i] as usize);
        let value = values.values[i];
        if value.is_nan() {
            if let Some(raw) = values.invalid.get(&i) {
                report.skip(row, value_name, raw, "not a number");
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
            if !(self.valid_times.0..self.valid_times.1).contains(&ms) {
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
fn fill<T>(dst: &mut Vec<T>, n: usize, kept: Option<&[u32]>, f: impl Fn(usize) -> T) {
    match kept {
        None => dst.extend((0..n).map(f)),
        Some(k) => dst.extend(k.iter().map(|&i| f(i as usize))),
    }
}

/// A time column read as times: milliseconds since 1970 per cell, [`NULL_TIME`] where the
/// cell is empty and [`INVALID_TIME`] where it holds something else (its text in `invalid`).
struct Times {
    ms: Vec<i64>,
    invalid: PlHashMap<usize, String>,
    resolution: Option<TimeResolution>,
}

/// Marks a time cell that is not a year, date or timestamp.
const INVALID_TIME: i64 = NULL_TIME + 1;

/// Reads a time column of any type: dates and datetimes, years as numbers, or text.
fn read_times(col: &Column) -> Times {
    let mut resolution = None;
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
        _ => match col.cat32() {
            Ok(cat) => cells::map_categories(cat, NULL_TIME, |s| ms_of(time::parse_time(s))),
            Err(_) => cells::map_distinct(&as_text(col), NULL_TIME, |s| ms_of(time::parse_time(s))),
        },
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
    }
}

/// A value column read as numbers: NaN where a cell holds no number, with the text of the
/// cells that held something else than a number or a missing marker.
struct Numbers {
    values: Vec<f64>,
    invalid: PlHashMap<usize, String>,
}

/// Source cells holding JSON attributions (OpenAQ: `[{"name": "…", "url": "…"}]`) become
/// the names they list; other text is kept as it is.
fn source_text(cell: &str) -> String {
    if (cell.starts_with('[') || cell.starts_with('{'))
        && let Ok(v) = serde_json::from_str::<serde_json::Value>(cell)
    {
        let items = match &v {
            serde_json::Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        let names: Vec<&str> = items
            .iter()
            .filter_map(|i| i.get("name").and_then(|n| n.as_str()))
            .collect();
        if !names.is_empty() {
            return names.join("; ");
        }
    }
    cell.to_string()
}

/// Units spelled at the end of snake_case column names (World Bank "What a Waste" style).
fn unit_from_suffix(name: &str) -> Option<String> {
    let n = name.to_ascii_lowercase();
    let table = [
        ("_percent", "%"),
        ("_tons_year", "t/year"),
        ("_kwh_year", "kWh/year"),
        ("_km_year", "km/year"),
        ("_km_day", "km/day"),
        ("_km", "km"),
        ("_number_of_people", "people"),
        ("_trips_year", "trips/year"),
        ("_number", "count"),
    ];
    table
        .iter()
        .find(|(suffix, _)| n.ends_with(suffix))
        .map(|(_, unit)| unit.to_string())
}

fn layout_name(name: &str) -> String {
    super::catalog::strip_parenthesised(name).trim().to_string()
}

/// Finds observations sharing place, indicator and time; reports each group and keeps one
/// value per the policy.
fn resolve_conflicts(
    obs: &mut ObservationColumns,
    options: &LoadOptions,
    report: &mut LoadReport,
    resolution: TimeResolution,
) {
    report.conflict_policy = options.conflict_policy;
    let n = obs.len();
    let key = |i: usize| (obs.place[i], obs.indicator[i], obs.time[i]);
    // Fast path: keys strictly increasing means no duplicates.
    if (1..n).all(|i| key(i - 1) < key(i)) {
        return;
    }
    let mut first: PlHashMap<(u32, u32, i64), u32> = PlHashMap::with_capacity(n);
    let mut groups: HashMap<u32, Vec<u32>> = HashMap::new();
    for i in 0..n {
        let k = key(i);
        match first.get(&k) {
            Some(&head) => groups.entry(head).or_default().push(i as u32),
            None => {
                first.insert(k, i as u32);
            }
        }
    }
    if groups.is_empty() {
        return;
    }
    let mut keep = vec![true; n];
    let mut heads: Vec<u32> = groups.keys().copied().collect();
    heads.sort_unstable();
    for head in heads {
        let members = &groups[&head];
        let idx: Vec<usize> = std::iter::once(head as usize)
            .chain(members.iter().map(|&m| m as usize))
            .collect();
        let values: Vec<f64> = idx.iter().map(|&i| obs.value[i]).collect();
        let kept = options.conflict_policy.resolve(&values);
        report.conflict(Conflict {
            place: obs.places.name(obs.place[head as usize]).to_string(),
            indicator: obs
                .indicators
                .name(obs.indicator[head as usize])
                .to_string(),
            time: if obs.time[head as usize] == NULL_TIME {
                "(no time)".into()
            } else {
                time::format_time(obs.time[head as usize], resolution)
            },
            rows: idx.iter().map(|&i| obs.row[i] as usize).collect(),
            values,
            kept,
        });
        obs.value[head as usize] = kept;
        for &m in members {
            keep[m as usize] = false;
        }
    }
    obs.retain(&keep);
}
