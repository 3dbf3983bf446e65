//! Means per year or month computed where the data lies — by a database server
//! ([`super::db`]) or by polars' lazy scan of a partitioned Parquet folder
//! ([`super::hive`]) — so that only the aggregated series are loaded: one group per place,
//! country, indicator, unit, source, station and period (the source's own columns for those
//! roles, as the loader decided them from the first rows), with the readings, distinct days
//! and distinct months behind each mean. The groups go through the file loader (gazetteer,
//! catalog, units) as one row each, with their weights attached after, and the dataset says
//! it holds means ([`Dataset::aggregated`]): queries then weigh each mean by its readings,
//! which gives the readings' own mean, and count days and months for coverage as they would
//! from the readings.
//!
//! [`Dataset::aggregated`]: crate::data::Dataset::aggregated

use polars::prelude::*;

use super::dataset::col;
use super::options::{ColumnMapping, LoadOptions, Role};
use super::query::Period;
use super::{Loaded, load_bytes_as, sniff::FileFormat};

/// Column types (as SQL names them) whose values have a mean.
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

/// How a source's means are computed: its columns by role, and the period.
pub(crate) struct Plan {
    /// The grouping columns and their roles.
    pub keys: Vec<(Role, String)>,
    pub time: String,
    pub value: String,
    pub per: Period,
    /// The resolution of the table's times, as the loader read them from the first rows.
    pub resolution: crate::data::TimeResolution,
}

impl Plan {
    /// The plan for a source whose first rows loaded as `probe`, with `columns` its columns
    /// and their types as SQL names them, when its means can be computed where it lies: a
    /// long table (one value column) with a place column, its time a `date` or `timestamp`
    /// and its values numeric. `None` otherwise (the rows are read instead).
    pub(crate) fn of(columns: &[(String, String)], probe: &Loaded, per: Period) -> Option<Plan> {
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
}

/// One group as the source computed it: the keys (in the order of [`Plan::keys`]) and the
/// period's first day (`YYYY-MM-DD`) as text, the mean, the readings, distinct days and
/// months, the smallest and largest reading, and the distinct times.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    pub keys: Vec<Option<String>>,
    pub period: Option<String>,
    pub mean: f64,
    pub readings: i64,
    pub days: i64,
    pub months: i64,
    pub min: f64,
    pub max: f64,
    pub times: i64,
}

/// Loads groups of means as a dataset of means, or says why they cannot stand for the
/// readings (the caller then reads the rows): several readings at one time in a group, a
/// reading the loader would leave out (its smallest or largest), or groups the loader leaves
/// out or merges (an aggregate row such as `Итого`, two spellings of one place, one place
/// under two units or sources — which the loader finds as conflicts among the means). The
/// outer error is the loader's. `address` names the source in the loaded rows.
pub(crate) fn from_groups(
    plan: &Plan,
    groups: &[Group],
    address: &str,
    options: &LoadOptions,
) -> Result<Result<Loaded, String>, super::LoadError> {
    if groups.iter().any(|g| g.readings > g.times) {
        return Ok(Err(
            "some place, station and indicator have several readings at one time (conflicts, \
             which the loader resolves one by one), so the rows were read"
                .into(),
        ));
    }
    let failed = |message: String| super::LoadError::Parse {
        path: address.to_string(),
        message,
    };
    let (csv, bounds, weights) = means_csv(plan, groups).map_err(failed)?;
    // The same roles as the source's first rows gave, whatever the means look like.
    let mut roles: Vec<(Role, String)> = plan.keys.clone();
    roles.push((Role::Time, plan.time.clone()));
    roles.push((Role::Value, plan.value.clone()));
    // Every group loads, so that the weights attach row for row; the row filter is applied
    // after (the source's filter keeps some rows the loader then decides on).
    let means_options = LoadOptions {
        mapping: ColumnMapping(roles),
        keep: None,
        ..options.clone()
    };
    let checked = load_bytes_as(&bounds, address, Some(FileFormat::Csv), &means_options)?;
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
    let mut loaded = load_bytes_as(&csv, address, Some(FileFormat::Csv), &means_options)?;
    let r = &loaded.report;
    let in_order = r.skipped_total == 0
        && r.conflicts_total == 0
        && r.duplicates_total == 0
        && times_of(&loaded.dataset).is_some_and(|t| t == weights.times);
    if !in_order {
        return Ok(Err(format!(
            "the {} could not stand for the rows (the loader left out or merged some of \
             them), so the rows were read",
            plan.per.means_label()
        )));
    }
    attach(&mut loaded, weights).map_err(|e| failed(e.to_string()))?;
    loaded.dataset.resolution = plan.resolution;
    loaded.dataset.aggregated = Some(plan.per);
    if let Some(keep) = &options.keep {
        loaded.dataset =
            super::query::keep_rows(&loaded.dataset, keep).map_err(|e| failed(e.to_string()))?;
    }
    Ok(Ok(loaded))
}

/// The readings behind a dataset of means (0 for readings).
pub(crate) fn readings_of(ds: &super::Dataset) -> u64 {
    ds.frame
        .column(col::READINGS)
        .ok()
        .and_then(|c| c.as_materialized_series().sum::<u64>().ok())
        .unwrap_or(0)
}

/// The groups' weights, in the order of the rows.
#[derive(Default)]
pub(crate) struct Weights {
    /// Each group's period start (ms), to check the loaded rows against.
    times: Vec<Option<i64>>,
    readings: Vec<u32>,
    days: Vec<u32>,
    months: Vec<u32>,
}

/// The groups as CSV for the loader (keys, period start, mean), each group's smallest and
/// largest reading as CSV (two rows a group, for the loader to check as it checks each reading
/// of a file: ranges, impossible values), and the groups' weights.
fn means_csv(plan: &Plan, rows: &[Group]) -> Result<(Vec<u8>, Vec<u8>, Weights), String> {
    let e = |e: &dyn std::fmt::Display| e.to_string();
    let mut header: Vec<&str> = plan.keys.iter().map(|(_, c)| c.as_str()).collect();
    header.extend([plan.time.as_str(), plan.value.as_str()]);
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut bounds = csv::Writer::from_writer(Vec::new());
    out.write_record(&header).map_err(|x| e(&x))?;
    bounds.write_record(&header).map_err(|x| e(&x))?;
    let k = plan.keys.len();
    let mut weights = Weights::default();
    let count = |n: i64| -> u32 { u32::try_from(n).unwrap_or(u32::MAX) };
    for row in rows {
        let mut cells: Vec<String> = row
            .keys
            .iter()
            .map(|k| k.clone().unwrap_or_default())
            .collect();
        cells.push(row.period.clone().unwrap_or_default());
        for extreme in [row.min, row.max] {
            let mut b = cells.clone();
            b.push(extreme.to_string());
            bounds.write_record(&b).map_err(|x| e(&x))?;
        }
        cells.push(row.mean.to_string());
        out.write_record(&cells).map_err(|x| e(&x))?;
        weights.times.push(period_ms(&cells[k]));
        weights.readings.push(count(row.readings));
        weights.days.push(count(row.days));
        weights.months.push(count(row.months));
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
