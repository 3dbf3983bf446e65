//! The canonical tidy dataset: one observation per row, as a polars `DataFrame` with
//! categorical place, country, indicator, unit and source columns.

use std::collections::HashMap;

use polars::prelude::*;
use serde::Serialize;

use super::error::LoadError;
use super::time::{self, TimeResolution};

/// Column names of the tidy frame; the one place they are spelled.
pub mod col {
    pub const PLACE: &str = "place";
    pub const COUNTRY: &str = "country";
    pub const INDICATOR: &str = "indicator";
    pub const TIME: &str = "time";
    pub const VALUE: &str = "value";
    pub const UNIT: &str = "unit";
    pub const SOURCE: &str = "source";
    /// The measuring station (categorical), present only when the file names stations.
    pub const STATION: &str = "station";
    /// In a combination of several datasets only: which one each row came from (an index
    /// into [`super::Dataset::parts`]). Not part of the tidy output.
    pub const DATASET: &str = "dataset";
    /// In a dataset of means computed by a database server (see
    /// [`super::Dataset::aggregated`]): the readings behind each row's mean (u32).
    pub const READINGS: &str = "_readings";
    /// … and the distinct days with readings (u32).
    pub const DAYS: &str = "_days_n";
    /// … and the distinct months with readings (u32).
    pub const MONTHS: &str = "_months_n";
    /// The categorical (text) columns, in the order of [`ALL`], the station last.
    pub const CATEGORICAL: [&str; 6] = [PLACE, COUNTRY, INDICATOR, UNIT, SOURCE, STATION];
    /// Every column in order.
    pub const ALL: [&str; 7] = [PLACE, COUNTRY, INDICATOR, TIME, VALUE, UNIT, SOURCE];
}

/// Marks a missing categorical code.
pub const NULL_CODE: u32 = u32::MAX;
/// Marks a missing time.
pub const NULL_TIME: i64 = i64::MIN;

/// Distinct labels with dense codes, in order of first appearance.
#[derive(Debug, Default, Clone)]
pub struct Labels {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Labels {
    /// The code of `name`, adding it when new.
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&c) = self.index.get(name) {
            return c;
        }
        let c = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), c);
        c
    }

    /// The label of a code.
    pub fn name(&self, code: u32) -> &str {
        &self.names[code as usize]
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// Observations as parallel columns of codes, built row by row by the loader.
#[derive(Debug, Default)]
pub struct ObservationColumns {
    pub places: Labels,
    pub countries: Labels,
    pub indicators: Labels,
    pub units: Labels,
    pub sources: Labels,
    pub stations: Labels,
    pub place: Vec<u32>,
    pub country: Vec<u32>,
    pub indicator: Vec<u32>,
    pub time: Vec<i64>,
    pub value: Vec<f64>,
    pub unit: Vec<u32>,
    pub source: Vec<u32>,
    /// The station of each observation; empty when the file has no station column.
    pub station: Vec<u32>,
    /// The file row each observation came from.
    pub row: Vec<u32>,
}

impl ObservationColumns {
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// Makes room for `additional` more observations in every column.
    pub fn reserve(&mut self, additional: usize) {
        self.place.reserve(additional);
        self.country.reserve(additional);
        self.indicator.reserve(additional);
        self.time.reserve(additional);
        self.value.reserve(additional);
        self.unit.reserve(additional);
        self.source.reserve(additional);
        self.station.reserve(additional);
        self.row.reserve(additional);
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// Keeps the observations whose flag is true.
    pub fn retain(&mut self, keep: &[bool]) {
        fn filter<T: Copy>(v: &mut Vec<T>, keep: &[bool]) {
            let mut i = 0;
            v.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        filter(&mut self.place, keep);
        filter(&mut self.country, keep);
        filter(&mut self.indicator, keep);
        filter(&mut self.time, keep);
        filter(&mut self.value, keep);
        filter(&mut self.unit, keep);
        filter(&mut self.source, keep);
        if !self.station.is_empty() {
            filter(&mut self.station, keep);
        }
        filter(&mut self.row, keep);
    }
}

/// A loaded dataset: the tidy frame plus what is known about the file it came from.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Columns [`col::ALL`]: place, country, indicator (categorical), time (datetime ms, UTC,
    /// null when the file has none), value (f64), unit and source (categorical).
    pub frame: DataFrame,
    /// The finest time resolution in the file.
    pub resolution: TimeResolution,
    /// In a combination of several datasets, each one's own resolution, indexed by the
    /// [`col::DATASET`] column; empty otherwise.
    pub parts: Vec<TimeResolution>,
    /// The path or URL it was loaded from.
    pub path: String,
    /// Rows that are already means per place, station, source and this period, computed
    /// where the data lives (a database server), each weighted by the readings, days and
    /// months in [`col::READINGS`], [`col::DAYS`] and [`col::MONTHS`]; queries may aggregate
    /// them to this period or a longer one only. `None`: one row per reading.
    pub aggregated: Option<super::query::Period>,
    /// Sources read only in part because a row cap cut them (a database query's result):
    /// every chart of the dataset names them.
    pub cuts: Vec<RowCut>,
}

/// A source of which only the first rows were read: a database query whose result passed
/// its row cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowCut {
    /// The source as shown (a database address without its password, and the table).
    pub source: String,
    /// The rows read: the row cap.
    pub rows: usize,
    /// The period of the means those rows are, when the server computed means (one row a
    /// place, indicator and period); `None` for readings.
    pub means: Option<super::query::Period>,
}

fn categorical(name: &str, mut codes: Vec<u32>, labels: &Labels) -> PolarsResult<Column> {
    let dtype = DataType::from_categories(Categories::global());
    let (DataType::Categorical(_, mapping) | DataType::Enum(_, mapping)) = &dtype else {
        unreachable!("from_categories gives a categorical dtype")
    };
    let ids: Vec<u32> = labels
        .names()
        .iter()
        .map(|n| mapping.insert_cat(n))
        .collect::<PolarsResult<_>>()?;
    // The codes become category ids in place; missing ones (NULL_CODE, never an id) become
    // nulls.
    let mut missing = false;
    for c in &mut codes {
        match ids.get(*c as usize) {
            Some(&id) => *c = id,
            None => missing = true,
        }
    }
    let phys = if missing {
        UInt32Chunked::from_iter_options(
            name.into(),
            codes.iter().map(|&c| (c != NULL_CODE).then_some(c)),
        )
    } else {
        UInt32Chunked::from_vec(name.into(), codes)
    };
    // SAFETY: every id came from inserting into this dtype's mapping.
    let ca = unsafe { Categorical32Chunked::from_cats_and_dtype_unchecked(phys, dtype) };
    Ok(ca.into_series().into_column())
}

/// Tables of at least this many rows build their label columns on two threads.
const PARALLEL_ROWS: usize = 100_000;

/// Runs `a` and `b`, on two threads when `parallel` (then `a` on the other one); `None` for
/// `a` when it panicked there.
fn both<A: Send, B>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B,
) -> (Option<A>, B) {
    if !parallel {
        let a = a();
        return (Some(a), b());
    }
    std::thread::scope(|scope| {
        let helper = scope.spawn(a);
        let b = b();
        (helper.join().ok(), b)
    })
}

impl Dataset {
    /// Builds the tidy frame from observation columns.
    pub fn from_columns(
        obs: ObservationColumns,
        resolution: TimeResolution,
        path: &str,
    ) -> Result<Dataset, LoadError> {
        let err = |e: PolarsError| LoadError::Parse {
            path: path.to_string(),
            message: format!("building the dataset: {e}"),
        };
        let time: Int64Chunked = if obs.time.contains(&NULL_TIME) {
            obs.time
                .iter()
                .map(|&t| (t != NULL_TIME).then_some(t))
                .collect()
        } else {
            Int64Chunked::from_vec(col::TIME.into(), obs.time)
        };
        let time = time
            .with_name(col::TIME.into())
            .into_datetime(TimeUnit::Milliseconds, None)
            .into_series()
            .into_column();
        // The label columns take a few milliseconds each on a million rows: on large tables
        // half of them are built on another thread (the load's serial end, 13 → 7 ms on 1M).
        let parallel = obs.place.len() >= PARALLEL_ROWS;
        let (first, second) = both(
            parallel,
            || {
                [
                    categorical(col::PLACE, obs.place, &obs.places),
                    categorical(col::COUNTRY, obs.country, &obs.countries),
                    categorical(col::INDICATOR, obs.indicator, &obs.indicators),
                ]
            },
            || {
                let station = match obs.station.is_empty() {
                    true => None,
                    false => Some(categorical(col::STATION, obs.station, &obs.stations)),
                };
                let second = [
                    categorical(col::UNIT, obs.unit, &obs.units),
                    categorical(col::SOURCE, obs.source, &obs.sources),
                ];
                (second, station)
            },
        );
        let first = first
            .ok_or_else(|| PolarsError::ComputeError("building the label columns panicked".into()));
        let [place, country, indicator] = first.map_err(err)?;
        let ([unit, source], station) = second;
        let mut columns = vec![
            place.map_err(err)?,
            country.map_err(err)?,
            indicator.map_err(err)?,
            time,
            // From the vector itself: `Column::new` copied the values into fresh memory (8 MB
            // and 4 ms on 1M rows, most of it page faults).
            Float64Chunked::from_vec(col::VALUE.into(), obs.value).into_column(),
            unit.map_err(err)?,
            source.map_err(err)?,
        ];
        let station = station.transpose().map_err(err)?;
        columns.extend(station);
        let frame = DataFrame::new_infer_height(columns).map_err(err)?;
        Ok(Dataset {
            frame,
            resolution,
            parts: Vec::new(),
            path: path.to_string(),
            aggregated: None,
            cuts: Vec::new(),
        })
    }

    /// Stacks several datasets into one whose observations keep their own source. With more
    /// than one, a [`col::DATASET`] column says which dataset each row came from, so that
    /// aggregation can weigh datasets equally and times keep their own resolution. The
    /// second value says why a dataset was left out, when one could not be combined.
    pub fn combine<'a>(
        datasets: impl IntoIterator<Item = &'a Dataset>,
    ) -> Option<(Dataset, Option<String>)> {
        let datasets: Vec<&Dataset> = datasets.into_iter().collect();
        let first: &Dataset = datasets.first()?;
        if datasets.len() == 1 {
            return Some((first.clone(), None));
        }
        // Columns some datasets have (stations, a server's weights): the others get them
        // empty, so the frames stack in one order.
        let extra = extra_columns(&datasets);
        let tagged = |d: &Dataset, part: u32| -> PolarsResult<DataFrame> {
            let mut frame = d.frame.clone();
            for (name, dtype) in &extra {
                if frame.column(name).is_err() {
                    frame.with_column(Column::full_null(name.clone(), frame.height(), dtype))?;
                }
            }
            frame.with_column(Column::new_scalar(
                col::DATASET.into(),
                Scalar::from(part),
                frame.height(),
            ))?;
            let mut order: Vec<PlSmallStr> = col::ALL.iter().map(|c| (*c).into()).collect();
            order.extend(extra.iter().map(|(n, _)| n.clone()));
            order.push(col::DATASET.into());
            frame.select(order)
        };
        let mut frame: Option<DataFrame> = None;
        let mut parts = Vec::new();
        let mut problem = None;
        for d in &datasets {
            let stacked = tagged(d, parts.len() as u32).and_then(|part| match &mut frame {
                None => {
                    frame = Some(part);
                    Ok(())
                }
                Some(f) => f.vstack_mut(&part).map(|_| ()),
            });
            match stacked {
                Ok(()) => parts.push(d.resolution),
                Err(e) => {
                    problem = Some(format!(
                        "{} could not be combined with the others: {e}",
                        d.path
                    ))
                }
            }
        }
        let frame = frame?;
        Some((
            Dataset {
                frame,
                resolution: parts.iter().copied().max().unwrap_or(first.resolution),
                parts,
                path: "combined".into(),
                aggregated: coarsest(datasets.iter().filter_map(|d| d.aggregated)),
                cuts: datasets.iter().flat_map(|d| d.cuts.clone()).collect(),
            },
            problem,
        ))
    }

    /// The time resolution of each row, when rows differ (a combination of datasets of
    /// different resolutions); `None` when every row has [`Dataset::resolution`].
    pub fn row_resolutions(&self) -> Option<Vec<TimeResolution>> {
        if self.parts.iter().all(|r| *r == self.resolution) {
            return None;
        }
        let codes = self.frame.column(col::DATASET).ok()?.u32().ok()?.clone();
        Some(
            codes
                .iter()
                .map(|c| {
                    c.and_then(|c| self.parts.get(c as usize).copied())
                        .unwrap_or(self.resolution)
                })
                .collect(),
        )
    }

    /// Number of observations.
    pub fn len(&self) -> usize {
        self.frame.height()
    }

    pub fn is_empty(&self) -> bool {
        self.frame.height() == 0
    }

    /// Distinct values of a categorical column, sorted.
    pub fn distinct(&self, column: &str) -> Vec<String> {
        let Ok(c) = self.frame.column(column) else {
            return Vec::new();
        };
        if let Ok(cat) = c.cat32() {
            return super::categories::in_use(cat);
        }
        let Ok(u) = c.unique() else { return Vec::new() };
        let Ok(s) = u.cast(&DataType::String) else {
            return Vec::new();
        };
        let mut out: Vec<String> = s
            .str()
            .map(|ca| ca.iter().flatten().map(str::to_string).collect())
            .unwrap_or_default();
        out.sort();
        out
    }

    /// The first and last time with data, as ms.
    pub fn time_range(&self) -> Option<(i64, i64)> {
        let t = self.frame.column(col::TIME).ok()?;
        let ca = match t.datetime() {
            Ok(dt) => dt.physical().clone(),
            Err(_) => t.cast(&DataType::Int64).ok()?.i64().ok()?.clone(),
        };
        Some((ca.min()?, ca.max()?))
    }

    /// A summary of what the dataset holds, for `check` and the sources panel.
    pub fn summary(&self) -> Summary {
        let catalog = super::catalog::Catalog::bundled();
        let mut indicators = Vec::new();
        let (ind, unit) = (
            self.frame.column(col::INDICATOR),
            self.frame.column(col::UNIT),
        );
        if let (Ok(ind), Ok(unit)) = (ind, unit)
            && let Ok(mut pairs) = super::categories::pair_counts(ind, unit)
        {
            pairs.sort();
            for (i, u, n) in pairs {
                let id = i.unwrap_or_default();
                let known = catalog.indicator(&id);
                indicators.push(IndicatorSummary {
                    theme: known.map(|k| k.theme.label().to_string()),
                    name: known.map(|k| k.name_en.clone()),
                    id,
                    unit: u.unwrap_or_default(),
                    observations: n as usize,
                });
            }
        }
        let range = self.time_range();
        Summary {
            observations: self.len(),
            places: self.distinct(col::PLACE),
            countries: self.distinct(col::COUNTRY),
            indicators,
            resolution: self.resolution,
            time_from: range.map(|(a, _)| time::format_time(a, self.resolution)),
            time_to: range.map(|(_, b)| time::format_time(b, self.resolution)),
        }
    }
}

/// What a dataset holds.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub observations: usize,
    pub places: Vec<String>,
    pub countries: Vec<String>,
    pub indicators: Vec<IndicatorSummary>,
    pub resolution: TimeResolution,
    pub time_from: Option<String>,
    pub time_to: Option<String>,
}

/// One indicator of a dataset.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorSummary {
    pub id: String,
    /// Catalog display name, when the catalog knows the indicator.
    pub name: Option<String>,
    pub theme: Option<String>,
    pub unit: String,
    pub observations: usize,
}
/// The columns beyond [`col::ALL`] that some of `datasets` have — the station, then a
/// database server's weights ([`col::READINGS`], [`col::DAYS`], [`col::MONTHS`]) — with
/// their types.
fn extra_columns(datasets: &[&Dataset]) -> Vec<(PlSmallStr, DataType)> {
    [col::STATION, col::READINGS, col::DAYS, col::MONTHS]
        .iter()
        .filter_map(|name| {
            let c = datasets.iter().find_map(|d| d.frame.column(name).ok())?;
            Some((PlSmallStr::from(*name), c.dtype().clone()))
        })
        .collect()
}

/// The longest of some periods (`None` when there are none): the finest period a
/// combination of server means and readings can be aggregated to.
fn coarsest(periods: impl Iterator<Item = super::query::Period>) -> Option<super::query::Period> {
    periods.reduce(|a, b| if a.covers(b) { a } else { b })
}
