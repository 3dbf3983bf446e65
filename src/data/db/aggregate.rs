//! Means per year or month computed by the server, so that only the aggregated series leave
//! it: one `GROUP BY` per place, country, indicator, unit, source, station and period (the
//! table's own columns for those roles, as the loader decided them from the first rows),
//! with the readings, distinct days and distinct months behind each mean. The groups go
//! through the file loader (gazetteer, catalog, units) as one row each, with their weights
//! attached after, and the dataset says it holds means ([`Dataset::aggregated`]): queries
//! then weigh each mean by its readings, which gives the readings' own mean, and count days
//! and months for coverage as they would from the readings.
//!
//! [`Dataset::aggregated`]: crate::data::Dataset::aggregated

use polars::prelude::*;
use postgres::Client;
use postgres::types::ToSql;

use super::load::mark_cut;
use super::{DbError, DbSource, ident};
use crate::data::dataset::col;
use crate::data::options::{ColumnMapping, LoadOptions, Role};
use crate::data::query::Period;
use crate::data::{Loaded, load_bytes_as, sniff::FileFormat};

/// SQL types whose values `avg` takes.
const NUMERIC: [&str; 6] = [
    "double precision",
    "real",
    "numeric",
    "integer",
    "bigint",
    "smallint",
];

/// The roles grouped by, in the order of the `SELECT`.
const KEYS: [Role; 6] = [
    Role::Place,
    Role::Country,
    Role::Indicator,
    Role::Unit,
    Role::Source,
    Role::Station,
];

/// How a table's means are asked for: its columns by role, and the period.
pub(super) struct Plan {
    /// The grouping columns and their roles.
    keys: Vec<(Role, String)>,
    time: String,
    value: String,
    per: Period,
    /// The resolution of the table's times, as the loader read them from the first rows.
    resolution: crate::data::TimeResolution,
}

/// The pushed-down row filter: a `WHERE` clause (or nothing) and its parameters.
pub(super) struct Filter<'a> {
    pub sql: &'a str,
    pub params: &'a [&'a (dyn ToSql + Sync)],
}

impl Plan {
    /// The plan for a table whose first rows loaded as `probe`, when the server can compute
    /// its means: a long table (one value column) with a place column, its time a `date` or
    /// `timestamp` and its values numeric. `None` otherwise (the rows are read instead).
    pub(super) fn of(columns: &[(String, String)], probe: &Loaded, per: Period) -> Option<Plan> {
        if per == Period::Day {
            return None;
        }
        let report = &probe.report;
        let kind = |c: &str| {
            columns
                .iter()
                .find(|(n, _)| n == c)
                .map(|(_, t)| t.as_str())
        };
        let time = report.column(Role::Time)?;
        let time_kind = kind(time)?;
        if time_kind != "date" && !time_kind.starts_with("timestamp") {
            return None;
        }
        let value = report.column(Role::Value)?;
        let numeric = kind(value)?;
        if !NUMERIC.iter().any(|n| numeric.starts_with(n)) {
            return None;
        }
        report.column(Role::Place)?;
        let keys: Vec<(Role, String)> = KEYS
            .iter()
            .filter_map(|r| report.column(*r).map(|c| (*r, c.to_string())))
            .collect();
        // A role given by a column the table does not have under that name (a name the text
        // round trip changed): the rows are read instead.
        if keys.iter().any(|(_, c)| kind(c).is_none()) {
            return None;
        }
        Some(Plan {
            keys,
            time: time.to_string(),
            value: value.to_string(),
            per,
            resolution: probe.dataset.resolution,
        })
    }

    /// The filter's `WHERE` with the rows without a value left out.
    fn valued(&self, filter: &str) -> String {
        let v = ident(&self.value);
        match filter.is_empty() {
            true => format!(" WHERE {v} IS NOT NULL"),
            false => format!("{filter} AND {v} IS NOT NULL"),
        }
    }

    /// True when a group of the statement's rows has fewer distinct times than readings.
    fn duplicated_within(&self, rows: &[postgres::Row]) -> bool {
        let k = self.keys.len();
        rows.iter()
            .any(|r| r.get::<_, i64>(k + 2) > r.get::<_, i64>(k + 7))
    }

    /// The statement: group keys as text, the period's first day, the mean, the readings,
    /// days and months, the smallest and largest reading, the distinct times; at most `limit`
    /// groups.
    fn sql(&self, table: &str, filter: &str, limit: usize) -> String {
        let keys: Vec<String> = self
            .keys
            .iter()
            .map(|(_, c)| format!("{}::text", ident(c)))
            .collect();
        let (t, v) = (ident(&self.time), ident(&self.value));
        let unit = match self.per {
            Period::Year => "year",
            Period::Month | Period::Day => "month",
        };
        let valued = self.valued(filter);
        // Ordered, so that a result cut at the row cap is the same groups every time.
        let groups: Vec<String> = (1..=keys.len() + 1).map(|i| i.to_string()).collect();
        format!(
            "SELECT {keys}{comma}date_trunc('{unit}', {t})::date::text, avg({v})::float8, \
             count({v}), count(DISTINCT {t}::date), count(DISTINCT date_trunc('month', {t})), \
             min({v})::float8, max({v})::float8, count(DISTINCT {t}) \
             FROM {table}{valued} GROUP BY {groups} ORDER BY {groups} LIMIT {limit}",
            keys = keys.join(", "),
            comma = if keys.is_empty() { "" } else { ", " },
            groups = groups.join(", "),
        )
    }
}

/// The groups' weights, in the order of the rows.
#[derive(Default)]
struct Weights {
    /// Each group's period start (ms), to check the loaded rows against.
    times: Vec<Option<i64>>,
    readings: Vec<u32>,
    days: Vec<u32>,
    months: Vec<u32>,
}

/// Loads the server's means per period. The outer error is the server's; the inner one
/// says why the means could not stand for the rows (a group the loader left out or merged
/// with another), and the caller then reads the rows.
pub(super) fn load(
    src: &DbSource,
    client: &mut Client,
    plan: &Plan,
    filter: Filter<'_>,
    options: &LoadOptions,
) -> Result<Result<(Loaded, Option<String>), String>, DbError> {
    let limit = src.row_cap.saturating_add(1);
    let query = plan.sql(&src.table_sql(), filter.sql, limit);
    let rows = client
        .query(&query, filter.params)
        .map_err(|e| src.error(e))?;
    // Several readings at one time: within a group, fewer distinct times than readings.
    // Across groups (one place, station and indicator under two units, sources or
    // spellings), the loader finds two means of one place, station, indicator and period:
    // a conflict, which makes the rows be read below.
    let duplicated = plan.duplicated_within(&rows);
    if duplicated {
        return Ok(Err(
            "some place, station and indicator have several readings at one time (conflicts, \
             which the loader resolves one by one), so the rows were read"
                .into(),
        ));
    }
    let failed = |message: String| DbError::Query {
        address: src.address.clone(),
        message,
    };
    let (csv, bounds, weights) =
        means_csv(plan, &rows[..rows.len().min(src.row_cap)]).map_err(failed)?;
    // The same roles as the table's first rows gave, whatever the means look like.
    let mut roles: Vec<(Role, String)> = plan.keys.clone();
    roles.push((Role::Time, plan.time.clone()));
    roles.push((Role::Value, plan.value.clone()));
    // Every group loads, so that the weights attach row for row; the row filter is applied
    // after (the server's filter keeps some rows the loader then decides on).
    let means_options = LoadOptions {
        mapping: ColumnMapping(roles),
        keep: None,
        ..options.clone()
    };
    let checked = load_bytes_as(&bounds, &src.address, Some(FileFormat::Csv), &means_options)?;
    if checked.report.skipped_total > 0 {
        return Ok(Err(format!(
            "some readings are values the loader leaves out ({}), so the rows were read",
            checked
                .report
                .skipped
                .first()
                .map_or("out of range", |s| s.reason.as_str())
        )));
    }
    let mut loaded = load_bytes_as(&csv, &src.address, Some(FileFormat::Csv), &means_options)?;
    let groups = weights.readings.len();
    let r = &loaded.report;
    let in_order = r.skipped_total == 0
        && r.conflicts_total == 0
        && times_of(&loaded.dataset).is_some_and(|t| t == weights.times);
    if !in_order {
        return Ok(Err(format!(
            "the server's {} could not stand for the rows (the loader left out or merged \
             some of them), so the rows were read",
            plan.per.means_label()
        )));
    }
    attach(&mut loaded, weights).map_err(|e| failed(e.to_string()))?;
    loaded.dataset.resolution = plan.resolution;
    loaded.dataset.aggregated = Some(plan.per);
    if let Some(keep) = &options.keep {
        loaded.dataset = crate::data::query::keep_rows(&loaded.dataset, keep)
            .map_err(|e| failed(e.to_string()))?;
    }
    let notice = mark_cut(src, &mut loaded, rows.len());
    let readings: u64 = loaded
        .dataset
        .frame
        .column(col::READINGS)
        .ok()
        .and_then(|c| c.as_materialized_series().sum::<u64>().ok())
        .unwrap_or(0);
    loaded.report.notes.push(format!(
        "read {} {} of {readings} rows, computed by the server from the database table {}",
        groups.min(src.row_cap),
        plan.per.means_label(),
        src.table
    ));
    Ok(Ok((loaded, notice)))
}

/// The groups as CSV for the loader (keys, period start, mean), each group's smallest and
/// largest reading as CSV (two rows a group, for the loader to check as it checks each reading
/// of a file: ranges, impossible values), and the groups' weights.
fn means_csv(plan: &Plan, rows: &[postgres::Row]) -> Result<(Vec<u8>, Vec<u8>, Weights), String> {
    let e = |e: &dyn std::fmt::Display| e.to_string();
    let mut header: Vec<&str> = plan.keys.iter().map(|(_, c)| c.as_str()).collect();
    header.extend([plan.time.as_str(), plan.value.as_str()]);
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut bounds = csv::Writer::from_writer(Vec::new());
    out.write_record(&header).map_err(|x| e(&x))?;
    bounds.write_record(&header).map_err(|x| e(&x))?;
    let k = plan.keys.len();
    let mut weights = Weights::default();
    let count = |row: &postgres::Row, i: usize| -> u32 {
        u32::try_from(row.get::<_, i64>(i)).unwrap_or(u32::MAX)
    };
    for row in rows {
        let mut cells: Vec<String> = (0..k + 1)
            .map(|i| row.get::<_, Option<String>>(i).unwrap_or_default())
            .collect();
        for extreme in [k + 5, k + 6] {
            let mut b = cells.clone();
            b.push(row.get::<_, f64>(extreme).to_string());
            bounds.write_record(&b).map_err(|x| e(&x))?;
        }
        cells.push(row.get::<_, f64>(k + 1).to_string());
        out.write_record(&cells).map_err(|x| e(&x))?;
        weights.times.push(period_ms(&cells[k]));
        weights.readings.push(count(row, k + 2));
        weights.days.push(count(row, k + 3));
        weights.months.push(count(row, k + 4));
    }
    let out = out.into_inner().map_err(|x| e(&x))?;
    let bounds = bounds.into_inner().map_err(|x| e(&x))?;
    Ok((out, bounds, weights))
}

/// The first day of a period as the server wrote it (`YYYY-MM-DD`), in ms; `None` for
/// rows without a time.
fn period_ms(text: &str) -> Option<i64> {
    let mut parts = text.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
    crate::data::time::date_ms(i32::try_from(y).ok()?, m, d)
}

/// The times of a dataset's rows in order (`None` for rows without one).
fn times_of(ds: &crate::data::Dataset) -> Option<Vec<Option<i64>>> {
    let times = ds.frame.column(col::TIME).ok()?;
    let times = times.cast(&DataType::Int64).ok()?;
    Some(times.i64().ok()?.iter().collect())
}

/// Adds the weights to the dataset's frame, row for row.
fn attach(loaded: &mut Loaded, w: Weights) -> PolarsResult<()> {
    let frame = &mut loaded.dataset.frame;
    for (name, values) in [
        (col::READINGS, w.readings),
        (col::DAYS, w.days),
        (col::MONTHS, w.months),
    ] {
        frame.with_column(Column::new(name.into(), values))?;
    }
    Ok(())
}
