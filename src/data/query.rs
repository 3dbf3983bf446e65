//! Pure queries over a dataset: filters by indicator, place and years, and aggregation to
//! yearly or monthly means with the observation count.

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::catalog::Catalog;
use super::dataset::{Dataset, col};
use super::time::{self, TimeResolution};

/// The period observations are aggregated to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    #[default]
    Year,
    Month,
    Day,
}

impl Period {
    /// Every period, shortest last.
    pub const ALL: [Period; 3] = [Period::Year, Period::Month, Period::Day];

    /// The period's name on the command line and in specs.
    pub fn name(self) -> &'static str {
        match self {
            Period::Year => "year",
            Period::Month => "month",
            Period::Day => "day",
        }
    }

    /// How a chart describes values aggregated to this period.
    pub fn means_label(self) -> &'static str {
        match self {
            Period::Year => "annual means",
            Period::Month => "monthly means",
            Period::Day => "daily means",
        }
    }

    /// True when means per `self` can be computed from means per `finer`: the same period
    /// or a longer one.
    pub fn covers(self, finer: Period) -> bool {
        let rank = |p: Period| Period::ALL.iter().position(|q| *q == p);
        rank(self) <= rank(finer)
    }

    /// The time resolution of values aggregated to this period.
    pub fn resolution(self) -> TimeResolution {
        match self {
            Period::Year => TimeResolution::Year,
            Period::Month => TimeResolution::Month,
            Period::Day => TimeResolution::Date,
        }
    }
}

/// Which observations to take, and how to aggregate them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    /// Catalog ids or indicator names as in the file; empty means all.
    pub indicators: Vec<String>,
    /// Place names under any alias; empty means all.
    pub places: Vec<String>,
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
    /// Aggregate to yearly or monthly means (with an `n` count column).
    pub per: Option<Period>,
    /// Keep observations without a time (as one undated mean per place, with an empty time)
    /// instead of leaving them out; a year range then still keeps them.
    pub keep_undated: bool,
}

/// Column of aggregated rows: the share of the period with data, 0–1 (distinct days of daily
/// or finer data over the days of the period; months of monthly data over 12; 1 for a value
/// given for the whole period).
pub const COVERAGE: &str = "coverage";

/// Column of aggregated rows: how many datasets or sources were averaged into the value.
pub const SOURCES: &str = "sources";

/// Column of aggregated rows: the largest source mean over the smallest, when several sources
/// give a value (1 when they agree exactly; absent with one source).
pub const SPREAD: &str = "spread";

/// Column of aggregated rows: how many stations were averaged into the value (each station's
/// own mean for the period first, so a station reporting more often does not outweigh the
/// others); present only when the data names stations.
pub const STATIONS: &str = "stations";

/// How an aggregated row lists the sources its value was computed from.
pub const SOURCE_SEPARATOR: &str = "; ";

/// Name of the observation-count column added by aggregation.
pub const COUNT: &str = "n";

/// The indicator key as stored in datasets: the catalog id when known, else the name given.
pub fn indicator_key(catalog: &Catalog, name: &str) -> String {
    catalog
        .find_indicator(name)
        .map_or_else(|| name.trim().to_string(), |i| i.id.clone())
}

/// The place name as stored in datasets: the canonical name when known, else the name given.
pub fn place_key(catalog: &Catalog, name: &str) -> String {
    match catalog.find_place(name) {
        Some(p) => catalog.place_name(p).to_string(),
        None => name.trim().to_string(),
    }
}

/// Which rows of a column hold one of `values` (`None` when there are no values: no filter).
/// Categorical columns compare category codes, so no row is turned into a string.
fn mask_of(
    frame: &DataFrame,
    column: &str,
    values: &[String],
) -> PolarsResult<Option<BooleanChunked>> {
    if values.is_empty() {
        return Ok(None);
    }
    let c = frame.column(column)?;
    if let Ok(cat) = c.cat32() {
        let mapping = cat.get_mapping();
        let codes: Vec<u32> = values.iter().filter_map(|v| mapping.get_cat(v)).collect();
        let Some(&max) = codes.iter().max() else {
            return Ok(Some(BooleanChunked::full(
                column.into(),
                false,
                frame.height(),
            )));
        };
        let mut wanted = vec![false; max as usize + 1];
        for code in codes {
            wanted[code as usize] = true;
        }
        let mask: BooleanChunked = cat
            .physical()
            .iter()
            .map(|code| {
                code.is_some_and(|code| wanted.get(code as usize).copied().unwrap_or(false))
            })
            .collect();
        return Ok(Some(mask));
    }
    let text = c.cast(&DataType::String)?;
    let mask: BooleanChunked = text
        .str()?
        .iter()
        .map(|v| v.is_some_and(|v| values.iter().any(|w| w == v)))
        .collect();
    Ok(Some(mask))
}

/// In a combination of datasets of different resolutions, the rows fine enough for means per
/// `per`: monthly or daily means leave out annual figures (which would otherwise stand at 1
/// January); `None` when every row qualifies.
fn fine_enough(ds: &Dataset, per: Period) -> Option<BooleanChunked> {
    let wanted = per.resolution();
    if ds.parts.iter().all(|r| *r >= wanted) || ds.parts.iter().all(|r| *r < wanted) {
        // All rows fine enough, or none (then the coarser data is all there is to show).
        return None;
    }
    let rows = ds.row_resolutions()?;
    Some(rows.iter().map(|r| *r >= wanted).collect())
}

/// A list column of each group's sources as one text per row, joined by
/// [`SOURCE_SEPARATOR`].
fn joined_sources(lists: &Column) -> PolarsResult<Column> {
    let lists = lists.list()?;
    let joined: StringChunked = (0..lists.len())
        .map(|i| -> Option<String> {
            let group = lists.get_as_series(i)?;
            let names: Vec<&str> = group.str().ok()?.iter().flatten().collect();
            Some(names.join(SOURCE_SEPARATOR))
        })
        .collect();
    Ok(joined
        .with_name(col::SOURCE.into())
        .into_series()
        .into_column())
}

/// Runs a query. The result has the dataset's columns (plus `n` when aggregated), sorted by
/// place, indicator and time. Aggregation averages each dataset's (and within it each
/// source's) own mean for the period, so every dataset weighs the same however many readings
/// it has; `n` counts all readings. Monthly and daily means leave out the rows of datasets
/// coarser than the period when finer ones are open.
pub fn run(ds: &Dataset, q: &Query) -> PolarsResult<Dataset> {
    if let Some(given) = ds.aggregated
        && !q.per.is_some_and(|per| per.covers(given))
    {
        polars_bail!(ComputeError:
            "{}: the server gave {}; this view needs finer data (open it without aggregation)",
            ds.path, given.means_label());
    }
    let lf = filtered(ds, q)?;
    let Some(per) = q.per else {
        let frame = lf
            .sort(
                [col::PLACE, col::INDICATOR, col::TIME],
                SortMultipleOptions::default().with_maintain_order(true),
            )
            .collect()?;
        return Ok(Dataset {
            frame,
            resolution: ds.resolution,
            parts: ds.parts.clone(),
            path: ds.path.clone(),
            aggregated: ds.aggregated,
            cuts: ds.cuts.clone(),
        });
    };
    aggregate(ds, lf, per, q.keep_undated)
}

/// The rows of the query's indicators, places and years.
fn filtered(ds: &Dataset, q: &Query) -> PolarsResult<LazyFrame> {
    let catalog = Catalog::bundled();
    let inds: Vec<String> = q
        .indicators
        .iter()
        .map(|i| indicator_key(catalog, i))
        .collect();
    let places: Vec<String> = q.places.iter().map(|p| place_key(catalog, p)).collect();
    let masks = [
        mask_of(&ds.frame, col::INDICATOR, &inds)?,
        mask_of(&ds.frame, col::PLACE, &places)?,
        q.per.and_then(|per| fine_enough(ds, per)),
    ];
    let mask = masks.into_iter().flatten().reduce(|a, b| a & b);
    let mut lf = match mask {
        None => ds.frame.clone().lazy(),
        Some(m) => ds.frame.filter(&m)?.lazy(),
    };
    let year = || polars::prelude::col(col::TIME).dt().year();
    let undated = || polars::prelude::col(col::TIME).is_null();
    let keep = |e: Expr| match q.keep_undated {
        true => e.or(undated()),
        false => e,
    };
    if let Some(from) = q.from_year {
        lf = lf.filter(keep(year().gt_eq(lit(from))));
    }
    if let Some(to) = q.to_year {
        lf = lf.filter(keep(year().lt_eq(lit(to))));
    }
    Ok(lf)
}

/// Means per place, indicator and period of filtered rows.
fn aggregate(
    ds: &Dataset,
    lf: LazyFrame,
    per: Period,
    keep_undated: bool,
) -> PolarsResult<Dataset> {
    let year = || polars::prelude::col(col::TIME).dt().year();
    let mut keys = vec![
        polars::prelude::col(col::PLACE),
        polars::prelude::col(col::COUNTRY),
        polars::prelude::col(col::INDICATOR),
        polars::prelude::col(col::UNIT),
        year().alias("_year"),
    ];
    let time_col = || polars::prelude::col(col::TIME);
    keys.push(match per {
        Period::Year => lit(1i8).alias("_month"),
        Period::Month | Period::Day => time_col().dt().month().alias("_month"),
    });
    keys.push(match per {
        Period::Year | Period::Month => lit(1i8).alias("_day"),
        Period::Day => time_col().dt().day().alias("_day"),
    });
    // Two stages: each dataset's (and source's) mean for the period first, then the mean of
    // those, so that daily readings do not outweigh another dataset's single annual value.
    let source_type = ds.frame.column(col::SOURCE)?.dtype().clone();
    let mut with_source = keys.clone();
    with_source.push(polars::prelude::col(col::SOURCE));
    if ds.frame.column(col::DATASET).is_ok() {
        with_source.push(polars::prelude::col(col::DATASET));
    }
    let names: Vec<PlSmallStr> = [
        col::PLACE,
        col::COUNTRY,
        col::INDICATOR,
        col::UNIT,
        "_year",
        "_month",
        "_day",
    ]
    .iter()
    .map(|n| PlSmallStr::from(*n))
    .collect();
    let time = || polars::prelude::col(col::TIME);
    let has_stations = ds.frame.column(col::STATION).is_ok();
    let source_keys = source_keys(ds, &names);
    let mut reading_keys = with_source;
    if has_stations {
        reading_keys.push(polars::prelude::col(col::STATION));
    }
    let lf = match keep_undated {
        true => lf,
        false => lf.filter(time().is_not_null()),
    };
    let per_source = lf
        .with_column(resolution_column(ds))
        .group_by(reading_keys)
        .agg(reading_means(ds.aggregated.is_some()))
        .collect()?;
    let mut per_source = with_coverage(per_source, per)?;
    if has_stations {
        per_source = station_means(per_source, &source_keys)?;
    }
    let grouped = per_source
        .lazy()
        .group_by(
            names
                .iter()
                .map(|n| polars::prelude::col(n.clone()))
                .collect::<Vec<_>>(),
        )
        .agg(source_means(has_stations))
        .collect()?;
    let mut out = grouped.select([col::PLACE, col::COUNTRY, col::INDICATOR])?;
    out.with_column(period_times(&grouped)?)?;
    out.with_column(grouped.column(col::VALUE)?.clone())?;
    out.with_column(grouped.column(col::UNIT)?.clone())?;
    out.with_column(joined_sources(grouped.column(col::SOURCE)?)?.cast(&source_type)?)?;
    out.with_column(grouped.column(COUNT)?.cast(&DataType::UInt32)?)?;
    for extra in [SOURCES, COVERAGE, SPREAD] {
        out.with_column(grouped.column(extra)?.clone())?;
    }
    if has_stations {
        out.with_column(grouped.column(STATIONS)?.cast(&DataType::UInt32)?)?;
    }
    let frame = out
        .lazy()
        .sort(
            [col::PLACE, col::INDICATOR, col::TIME],
            SortMultipleOptions::default(),
        )
        .collect()?;
    Ok(Dataset {
        frame,
        resolution: per.resolution(),
        parts: Vec::new(),
        path: ds.path.clone(),
        aggregated: None,
        cuts: ds.cuts.clone(),
    })
}

/// The aggregations of the first stage, per place, source, station and period: the mean of
/// the readings, their count and the distinct days, months and hours with readings. Rows
/// that are already means (of a database server) are weighted by their readings and their
/// days and months summed (the periods they cover are disjoint); in a combination of such
/// means with readings, a group holds rows of one dataset only, so each group is one kind or
/// the other (a reading has no weights).
fn reading_means(weighted: bool) -> Vec<Expr> {
    let c = polars::prelude::col;
    let time = || c(col::TIME);
    let count = |e: Expr| e.cast(IDX_DTYPE);
    let readings = [
        c(col::VALUE).mean(),
        count(len()),
        count(time().dt().date().n_unique()),
        count(time().dt().month().n_unique()),
        count(time().dt().hour().n_unique()),
    ];
    let names = [col::VALUE, COUNT, "_days", "_months", "_hours"];
    let mut aggs: Vec<Expr> = match weighted {
        false => readings
            .into_iter()
            .zip(names)
            .map(|(e, name)| e.alias(name))
            .collect(),
        true => {
            let n = || c(col::READINGS).cast(DataType::Float64).fill_null(lit(1.0));
            let means = [
                (c(col::VALUE) * n()).sum() / n().sum(),
                count(n().sum()),
                count(c(col::DAYS).sum()),
                count(c(col::MONTHS).sum()),
                // Hours matter for daily means only, which such rows never give.
                count(c(col::DAYS).first()),
            ];
            let of_means = || c(col::READINGS).is_not_null().any(true);
            readings
                .into_iter()
                .zip(means)
                .zip(names)
                .map(|((reading, mean), name)| {
                    when(of_means()).then(mean).otherwise(reading).alias(name)
                })
                .collect()
        }
    };
    aggs.push(c("_res").first());
    aggs
}

/// The columns a source's mean for a period is grouped by: the period's keys, the source and,
/// in a combination, the dataset.
fn source_keys(ds: &Dataset, names: &[PlSmallStr]) -> Vec<PlSmallStr> {
    let mut keys = names.to_vec();
    keys.push(col::SOURCE.into());
    if ds.frame.column(col::DATASET).is_ok() {
        keys.push(col::DATASET.into());
    }
    keys
}

/// The aggregations of the second stage: the mean of the sources' means, with the readings,
/// the sources (and stations) they came from, the best coverage and the sources' spread.
fn source_means(has_stations: bool) -> Vec<Expr> {
    let mut aggs = vec![
        polars::prelude::col(col::VALUE).mean(),
        polars::prelude::col(COUNT).sum(),
        // Every source of the period, never one standing for several.
        polars::prelude::col(col::SOURCE)
            .cast(DataType::String)
            .unique()
            .sort(SortOptions::default()),
        len().cast(DataType::UInt32).alias(SOURCES),
        polars::prelude::col(COVERAGE).max(),
        (polars::prelude::col(col::VALUE).max() / polars::prelude::col(col::VALUE).min())
            .alias(SPREAD),
    ];
    if has_stations {
        aggs.push(
            polars::prelude::col(STATIONS)
                .explode(ExplodeOptions {
                    empty_as_null: false,
                    keep_nulls: false,
                })
                .drop_nulls()
                .n_unique()
                .cast(DataType::UInt32),
        );
    }
    aggs
}

/// Each source's mean of its stations' means for the period, with its stations (rows without
/// a station, from a dataset that names none, have none) and the best station's coverage.
fn station_means(per_station: DataFrame, source_keys: &[PlSmallStr]) -> PolarsResult<DataFrame> {
    per_station
        .lazy()
        .group_by(
            source_keys
                .iter()
                .map(|n| polars::prelude::col(n.clone()))
                .collect::<Vec<_>>(),
        )
        .agg([
            polars::prelude::col(col::VALUE).mean(),
            polars::prelude::col(COUNT).sum(),
            polars::prelude::col(COVERAGE).max(),
            // The stations themselves, so that sources sharing a station count it once.
            polars::prelude::col(col::STATION)
                .cast(DataType::String)
                .drop_nulls()
                .unique()
                .alias(STATIONS),
        ])
        .collect()
}

/// Each row's time resolution as a number (0 year, 1 month, 2 day, 3 timestamp), for
/// coverage.
fn resolution_column(ds: &Dataset) -> Expr {
    let rank = |r: TimeResolution| match r {
        TimeResolution::Year => 0i32,
        TimeResolution::Month => 1,
        TimeResolution::Date => 2,
        TimeResolution::Timestamp => 3,
    };
    let same = ds.parts.iter().all(|r| *r == ds.resolution);
    match (same, ds.frame.column(col::DATASET).is_ok()) {
        (false, true) => {
            // Per dataset code: the code indexes `parts`.
            let mut e = lit(rank(ds.resolution));
            for (code, r) in ds.parts.iter().enumerate() {
                e = when(polars::prelude::col(col::DATASET).eq(lit(code as u32)))
                    .then(lit(rank(*r)))
                    .otherwise(e);
            }
            e.alias("_res")
        }
        _ => lit(rank(ds.resolution)).alias("_res"),
    }
}

/// Adds each source's coverage of its period: an annual value covers its year; monthly data
/// the months present over 12; daily or finer data the days present over the period's days;
/// timestamped data of one day the hours present over 24.
fn with_coverage(mut frame: DataFrame, per: Period) -> PolarsResult<DataFrame> {
    let years = frame.column("_year")?.cast(&DataType::Int32)?;
    let months = frame.column("_month")?.cast(&DataType::Int32)?;
    let res = frame.column("_res")?.cast(&DataType::Int32)?;
    let n_days = frame.column("_days")?.cast(&DataType::UInt32)?;
    let n_months = frame.column("_months")?.cast(&DataType::UInt32)?;
    let n_hours = frame.column("_hours")?.cast(&DataType::UInt32)?;
    let n_hours = n_hours.u32()?;
    let (years, months, res) = (years.i32()?, months.i32()?, res.i32()?);
    let (n_days, n_months) = (n_days.u32()?, n_months.u32()?);
    let coverage: Float64Chunked = (0..frame.height())
        .map(|i| {
            let (y, m) = (years.get(i)?, months.get(i).unwrap_or(1));
            let days = match per {
                Period::Year => time::days_in_year(y),
                Period::Month => time::days_in_month(y, m as u32),
                Period::Day => 1,
            };
            let share = match res.get(i)? {
                0 => 1.0,
                1 => match per {
                    Period::Year => f64::from(n_months.get(i)?) / 12.0,
                    Period::Month | Period::Day => 1.0,
                },
                3 if per == Period::Day => f64::from(n_hours.get(i)?) / 24.0,
                _ => f64::from(n_days.get(i)?) / f64::from(days),
            };
            // Four decimals: a share, not a measurement.
            Some((share.min(1.0) * 10_000.0).round() / 10_000.0)
        })
        .collect();
    frame.with_column(coverage.with_name(COVERAGE.into()).into_column())?;
    Ok(frame)
}

/// The time column of aggregated rows: the first day of each row's period.
fn period_times(grouped: &DataFrame) -> PolarsResult<Column> {
    let years = grouped.column("_year")?.cast(&DataType::Int32)?;
    let months = grouped.column("_month")?.cast(&DataType::Int32)?;
    let days = grouped.column("_day")?.cast(&DataType::Int32)?;
    let times: Int64Chunked = years
        .i32()?
        .iter()
        .zip(months.i32()?.iter())
        .zip(days.i32()?.iter())
        .map(|((y, m), d)| time::date_ms(y?, m? as u32, d? as u32))
        .collect();
    Ok(times
        .with_name(col::TIME.into())
        .into_datetime(TimeUnit::Milliseconds, None)
        .into_series()
        .into_column())
}

pub use super::tidy::keep::keep_rows;
