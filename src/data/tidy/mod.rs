//! The one shared pipeline from a [`RawTable`] to tidy observations: map columns to roles,
//! reshape wide tables, parse values and times, merge aliases, validate, resolve conflicts.

mod builder;
mod by_content;
mod conflicts;
use conflicts::resolve_conflicts;
mod convert;
pub(crate) mod keep;
mod labels;
mod measure_years;
mod rows;

use polars::prelude::*;

use super::catalog::{Catalog, match_key, unit_from_header};
use super::cells;
use super::dataset::{Dataset, NULL_CODE, NULL_TIME, ObservationColumns};
use super::error::LoadError;
use super::layout::{self, Roles};
use super::options::{LoadOptions, Role};
use super::report::{Conflict, Layout, LoadReport};
use super::source::{LineFilter, Part, RawTable};
use super::text::{self, DecimalMark, NumberCell};
use super::time::{self, TimeCell, TimeResolution};
use super::timing::PhaseClock;

use builder::{Builder, Plan};
use keep::KeepCodes;
/// Turns a raw table into a dataset, recording every decision and skipped row in `report`.
/// `more` are the parts of a large table after the first (`raw`), which decides the layout,
/// with the size of the whole table over the size of the first part. A filtered load's
/// `sieve` is sent the lines the parts need (see [`keep::line_filter`]) once the first part
/// has decided the columns' roles.
pub fn build(
    mut raw: RawTable,
    more: Option<(f64, impl Iterator<Item = Result<Part, LoadError>>)>,
    sieve: Option<std::sync::mpsc::SyncSender<LineFilter>>,
    options: &LoadOptions,
    catalog: &Catalog,
    report: &mut LoadReport,
) -> Result<Dataset, LoadError> {
    let path = report.path.clone();
    let mut clock = PhaseClock::start();
    // The indicator a header names (a group label over year columns) unless the user named one.
    let named;
    let options = match (&options.indicator, &raw.info.indicator) {
        (None, Some(indicator)) => {
            named = LoadOptions {
                indicator: Some(indicator.clone()),
                ..options.clone()
            };
            &named
        }
        _ => options,
    };
    let frame = split_eurostat_dimensions(std::mem::take(&mut raw.frame));
    let plan = plan(&frame, options, catalog, raw.decimal, report)?;
    // The parts wait for the line filter before the first of them is parsed, and are parsed
    // whole when none is sent (the sender dropped here, or on an early return above).
    if let (Some(sieve), Some(keep)) = (sieve, &options.keep)
        && let Some(filter) = keep::line_filter(&plan, keep, catalog)
    {
        let _ = sieve.send(filter);
    }
    let mut b = start_builder(&raw, options, catalog, report);
    let mut height = frame.height();
    options.progress.add_rows(height as u64);
    b.observe(frame, &plan, options, report, &mut clock);
    let more = more.map(|(size_ratio, parts)| {
        // Room for the observations of all parts, estimated from the first, so that the
        // columns are not moved as they grow.
        let expected = (b.obs.len() as f64 * size_ratio * 1.02) as usize;
        b.obs.reserve(expected.saturating_sub(b.obs.len()));
        parts
    });
    for part in more.into_iter().flatten() {
        if options.progress.stopped() {
            return Err(LoadError::Cancelled { path });
        }
        let Part {
            frame: part,
            rows,
            kept,
            left_out_resolution,
        } = part?;
        b.resolution = b.resolution.max(left_out_resolution);
        let part = split_eurostat_dimensions(part);
        let same = part
            .get_column_names()
            .iter()
            .map(|n| n.as_str())
            .eq(plan.names.iter().map(String::as_str));
        if !same {
            return Err(LoadError::Parse {
                path,
                message: format!("the columns change after row {height}"),
            });
        }
        b.first_row = raw.first_row + height;
        height += rows;
        options.progress.add_rows(rows as u64);
        if let (Some(kept), Some(keep)) = (&kept, &mut b.keep) {
            keep.left_out += rows - kept.len();
        }
        b.part_rows = kept;
        b.observe(part, &plan, options, report, &mut clock);
    }
    report.rows_read = height;
    finish_report(report, &plan, &b, &raw.info.ragged_rows);
    let resolution = b.resolution.unwrap_or(TimeResolution::Year);
    let filtered_out = b.keep.as_ref().is_some_and(|k| k.left_out > 0);
    let series_runs = b.series_runs;
    let mut obs = b.obs;
    convert::convert_units(&mut obs, catalog, report);
    resolve_conflicts(&mut obs, options, report, resolution, series_runs);
    // With a row filter an empty result only means the file has none of the rows asked for
    // (when the filter left rows out, or every row was good).
    let asked_for_none = options.keep.is_some() && (report.skipped_total == 0 || filtered_out);
    if obs.is_empty() && !asked_for_none {
        return Err(nothing_usable(report, &path, height, plan.layout));
    }
    clock.lap("conflicts");
    let dataset = Dataset::from_columns(obs, resolution, &path);
    clock.lap("dataset frame");
    dataset
}

/// The builder of a table's observations: where its rows lie in the file, the rows to keep,
/// the file's source and the time resolution a default year sets.
fn start_builder<'a>(
    raw: &RawTable,
    options: &LoadOptions,
    catalog: &'a Catalog,
    report: &mut LoadReport,
) -> Builder<'a> {
    let mut b = Builder::new(catalog, raw.first_row, raw.decimal);
    b.row_lines = raw.row_lines.clone();
    b.ragged = raw.info.ragged_rows.iter().map(|r| r.line as u32).collect();
    b.keep = options.keep.clone().map(KeepCodes::new);
    let path = report.path.clone();
    b.file_source = file_source(report, &raw.info.preamble, &path);
    b.path = path;
    if options.default_year.is_some() {
        b.resolution = b.resolution.max(Some(TimeResolution::Year));
    }
    b
}

/// Decides the columns' roles and the layout from the first part, and says so in the report.
fn plan(
    frame: &DataFrame,
    options: &LoadOptions,
    catalog: &Catalog,
    decimal: DecimalMark,
    report: &mut LoadReport,
) -> Result<Plan, LoadError> {
    let path = report.path.clone();
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
    by_content::roles_by_content(frame, &mut roles, &names, report);
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
    let (layout, year_cols, mut indicator_cols) =
        layout::decide_layout(frame, &roles, catalog, decimal).ok_or_else(|| {
            LoadError::NoValues {
                path: path.clone(),
                columns: names.clone(),
            }
        })?;
    let layout = match layout == Layout::Tidy && is_timestamp_log(frame, &roles) {
        true => Layout::MeasurementLog,
        false => layout,
    };
    if layout == Layout::WideByIndicator {
        let used: Vec<usize> = roles
            .used()
            .into_iter()
            .chain(indicator_cols.iter().map(|c| c.index))
            .collect();
        for (i, id, numbers, other) in
            layout::unread_indicator_columns(frame, &used, catalog, decimal)
        {
            report.notes.push(format!(
                "column {:?} names the indicator {id}, but fewer of its cells are numbers \
                 ({numbers}) than other text ({other}): not read",
                names[i]
            ));
        }
    }
    let measure_years = match layout {
        Layout::WideByIndicator => {
            let found = measure_years::pair_measure_years(frame, &names, &mut indicator_cols);
            for &y in &found.orphans {
                report.notes.push(format!(
                    "column {:?} holds the year of a measure the table does not have: not \
                     read as an indicator",
                    names[y]
                ));
            }
            found.pairs
        }
        _ => Vec::new(),
    };
    for &(m, y) in &measure_years {
        let over = match roles.time {
            Some(t) => format!(", not column {:?}", names[t]),
            None => String::new(),
        };
        report.notes.push(format!(
            "column {:?} gives the year of column {:?}{over}",
            names[y], names[m]
        ));
    }
    let plan = Plan {
        measure_years,
        default_time: options.default_year.map_or(NULL_TIME, time::year_ms),
        names,
        roles,
        layout,
        year_cols,
        indicator_cols,
        country_level,
    };
    report_plan(report, &plan, options);
    Ok(plan)
}

/// The report's layout, columns by role, value columns and time note.
fn report_plan(report: &mut LoadReport, plan: &Plan, options: &LoadOptions) {
    let (names, roles, layout) = (&plan.names, &plan.roles, plan.layout);
    report.layout = layout;
    for role in Role::ALL {
        if let Some(i) = roles.get(role) {
            report.columns.push((role, names[i].clone()));
        }
    }
    if plan.country_level {
        report.columns.retain(|(r, _)| *r != Role::Place);
        let place = names[roles.place.unwrap_or(0)].clone();
        report.columns.insert(0, (Role::Place, place));
    }
    if roles.time.is_none() {
        match options.default_year {
            Some(y) => report.notes.push(format!(
                "no time column: every observation is given the year {y} (--year)"
            )),
            None if !plan.measure_years.is_empty() => report.notes.push(
                "no time column: values without a year column of their own have no time; \
                 give one with --year YEAR"
                    .into(),
            ),
            None if layout != Layout::WideByYear => report.notes.push(
                "no time column: observations have no time; give one with --year YEAR".into(),
            ),
            None => {}
        }
    }
    for ic in &plan.indicator_cols {
        if is_metadata_column(&names[ic.index]) {
            report
                .ignored_columns
                .push((names[ic.index].clone(), "metadata, not an indicator".into()));
        } else if layout == Layout::WideByIndicator {
            report.value_columns.push(names[ic.index].clone());
        }
    }
    if layout == Layout::WideByYear {
        let years = plan.year_cols.iter().map(|&i| names[i].clone());
        report.value_columns.extend(years);
    }
}

/// The regions a table names, and how the territory of those that changed did.
fn report_regions(report: &mut LoadReport, b: &Builder<'_>) {
    if b.regions.is_empty() {
        return;
    }
    let regions: Vec<&super::catalog::Region> =
        b.regions.iter().map(|&i| &b.catalog.regions[i]).collect();
    let names: Vec<&str> = regions.iter().map(|r| r.name_en.as_str()).collect();
    report.notes.push(format!(
        "{} region(s), loaded as regions, not cities: {}",
        names.len(),
        names.join(", ")
    ));
    for r in regions {
        if let Some(note) = &r.note {
            report.notes.push(format!("{}: {note}", r.name_en));
        }
    }
}

/// Unused columns, places the gazetteer does not know and rows with extra fields.
fn finish_report(
    report: &mut LoadReport,
    plan: &Plan,
    b: &Builder<'_>,
    ragged: &[crate::data::sniff::RaggedRow],
) {
    let used: Vec<usize> = plan
        .roles
        .used()
        .into_iter()
        .chain(plan.year_cols.iter().copied())
        .chain(plan.indicator_cols.iter().map(|c| c.index))
        .chain(plan.measure_years.iter().map(|p| p.1))
        .collect();
    for (i, n) in plan.names.iter().enumerate() {
        if !used.contains(&i) {
            let name = if n.trim().is_empty() {
                format!("column {} (no header)", i + 1)
            } else {
                n.clone()
            };
            report
                .ignored_columns
                .push((name, "not needed for the observations".into()));
        }
    }
    report_regions(report, b);
    let stations = b.obs.stations.names();
    if !stations.is_empty() {
        let column = plan.roles.station.map_or("", |i| plan.names[i].as_str());
        let shown: Vec<&str> = stations.iter().take(10).map(String::as_str).collect();
        report.notes.push(format!(
            "{} station(s) in column {column:?} ({}{}): readings of different stations at one \
             time are kept apart, not conflicts; charts average each station's mean to its place \
             and show how many stations it has",
            stations.len(),
            shown.join(", "),
            if stations.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        ));
    }
    if !b.unknown_places.is_empty() {
        let list: Vec<&String> = b.unknown_places.iter().collect();
        let shown: Vec<&str> = list.iter().take(20).map(|s| s.as_str()).collect();
        report.notes.push(format!(
            "{} place(s) not in the gazetteer, loaded as written: {}{}",
            list.len(),
            shown.join(", "),
            if list.len() > 20 { ", …" } else { "" }
        ));
    }
    report.notes.extend(b.time_notes.iter().cloned());
    for (name, mark) in &b.column_decimals {
        if *mark != b.decimal {
            let mark = match mark {
                DecimalMark::Comma => "a decimal comma",
                DecimalMark::Point => "a decimal point",
            };
            report.notes.push(format!(
                "column \"{name}\" read with {mark}, as its cells write it"
            ));
            report.decimal_comma |= b
                .column_decimals
                .iter()
                .any(|(_, m)| *m == DecimalMark::Comma);
        }
    }
    for r in ragged.iter().take(50) {
        report.skip(
            r.line,
            &format!("column {} (no header)", r.column),
            &r.text,
            format!(
                "row has {} fields, text beyond the header's last column: \
                 its values cannot be matched to the columns; left out",
                r.fields
            ),
        );
    }
}

/// The error of a table from which no observation could be read, naming its first problem.
fn nothing_usable(report: &LoadReport, path: &str, height: usize, layout: Layout) -> LoadError {
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
    LoadError::NothingUsable {
        path: path.to_string(),
        found: format!("{height} rows in layout {}", layout.label()),
        skipped: report.skipped_total,
        first_problem,
    }
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
    from_preamble
        .or_else(|| super::db::source_name(path))
        .unwrap_or_else(|| {
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

/// Source cells holding JSON attributions (OpenAQ: `[{"name": "…", "url": "…"}]`) become
/// the names they list; other text is kept as it is, but for runs of white space (a line
/// break inside a quoted cell), written as one space: one source however its cells wrap.
pub(super) fn source_text(cell: &str) -> String {
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
    if cell.contains(|c: char| c.is_whitespace() && c != ' ') || cell.contains("  ") {
        return cell.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    cell.to_string()
}

/// Units spelled at the end of snake_case column names (World Bank "What a Waste" style).
pub(super) fn unit_from_suffix(name: &str) -> Option<String> {
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

pub(super) fn layout_name(name: &str) -> String {
    super::catalog::strip_parenthesised(name).trim().to_string()
}
