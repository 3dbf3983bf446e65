//! The table view: the observations behind the chart as loaded, kept as typed columns so that
//! cells are formatted only for the rows on screen, and filtered and sorted per distinct text
//! rather than per row.

use std::collections::HashMap;

use polars::prelude::*;

use super::points;
use super::prepared::{Body, ChartError, PreparedChart, sources_of};
use super::query::ChartQuery;
use super::text::Text;
use crate::data::Dataset;
use crate::data::dataset::col;
use crate::data::query::Query;
use crate::data::text::format_value;
use crate::data::time::{self, TimeResolution};

/// The table's columns, in order; the last (`station`) only when the rows name stations
/// (see [`TableData::headers`]).
pub const HEADERS: [&str; 8] = [
    "place",
    "country",
    "indicator",
    "time",
    "value",
    "unit",
    "source",
    "station",
];

/// A text column as codes into its distinct values.
#[derive(Debug, Clone, Default)]
pub struct TextColumn {
    codes: Vec<u32>,
    values: Vec<String>,
}

/// Marks a missing text cell.
const NO_CODE: u32 = u32::MAX;

impl TextColumn {
    /// Reads a column of any type as text, once per distinct value where the column is
    /// categorical.
    fn read(c: &Column) -> PolarsResult<TextColumn> {
        if let Ok(cat) = c.cat32() {
            let mapping = cat.get_mapping();
            let mut dense: HashMap<u32, u32> = HashMap::new();
            let mut values = Vec::new();
            let codes = cat
                .physical()
                .iter()
                .map(|code| match code {
                    None => NO_CODE,
                    Some(code) => *dense.entry(code).or_insert_with(|| {
                        values.push(mapping.cat_to_str(code).unwrap_or("").to_string());
                        values.len() as u32 - 1
                    }),
                })
                .collect();
            return Ok(TextColumn { codes, values });
        }
        let text = c.cast(&DataType::String)?;
        let mut index: HashMap<&str, u32> = HashMap::new();
        let mut values = Vec::new();
        let codes = text
            .str()?
            .iter()
            .map(|v| match v {
                None => NO_CODE,
                Some(v) => *index.entry(v).or_insert_with(|| {
                    values.push(v.to_string());
                    values.len() as u32 - 1
                }),
            })
            .collect();
        Ok(TextColumn { codes, values })
    }

    fn get(&self, row: usize) -> &str {
        match self.codes.get(row) {
            Some(&c) if c != NO_CODE => &self.values[c as usize],
            _ => "",
        }
    }

    /// Which distinct values contain `needle` (already lower case).
    fn matching(&self, needle: &str) -> Vec<bool> {
        self.values
            .iter()
            .map(|v| v.to_lowercase().contains(needle))
            .collect()
    }

    /// The rank of each distinct value in sorted order, for sorting rows by codes.
    fn ranks(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.values.len() as u32).collect();
        order.sort_by(|&a, &b| self.values[a as usize].cmp(&self.values[b as usize]));
        let mut rank = vec![0u32; order.len()];
        for (r, &code) in order.iter().enumerate() {
            rank[code as usize] = r as u32 + 1;
        }
        rank
    }
}

/// The observations behind the table, as typed columns.
#[derive(Debug, Clone, Default)]
pub struct TableData {
    /// place, country, indicator, unit, source, and station when the rows name stations
    text: Vec<TextColumn>,
    time: Vec<Option<i64>>,
    value: Vec<Option<f64>>,
    resolution: Option<TimeResolution>,
    /// Each row's resolution when rows differ (annual and daily datasets open together).
    row_resolutions: Option<Vec<TimeResolution>>,
    pub rows: usize,
}

/// The text column holding each header's data (time and value are typed).
fn text_index(column: usize) -> Option<usize> {
    match column {
        0..=2 => Some(column),
        5 => Some(3),
        6 => Some(4),
        7 => Some(5),
        _ => None,
    }
}

/// How the table's rows are shown: a filter (any text column contains it, ignoring case)
/// and a sort column with its direction (true: ascending).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RowOrder {
    pub filter: String,
    pub sort: Option<(usize, bool)>,
}

impl TableData {
    /// Reads the rows of a dataset.
    pub fn new(ds: &Dataset) -> PolarsResult<TableData> {
        let f = &ds.frame;
        // A station column only when some row names a station.
        let station = f
            .column(col::STATION)
            .is_ok_and(|c| c.null_count() < c.len())
            .then_some(col::STATION);
        let text = [
            col::PLACE,
            col::COUNTRY,
            col::INDICATOR,
            col::UNIT,
            col::SOURCE,
        ]
        .into_iter()
        .chain(station)
        .map(|n| TextColumn::read(f.column(n)?))
        .collect::<PolarsResult<Vec<_>>>()?;
        let time = f.column(col::TIME)?.cast(&DataType::Int64)?;
        let value = f.column(col::VALUE)?.cast(&DataType::Float64)?;
        Ok(TableData {
            text,
            time: time.i64()?.iter().collect(),
            value: value.f64()?.iter().collect(),
            resolution: Some(ds.resolution),
            row_resolutions: ds.row_resolutions(),
            rows: f.height(),
        })
    }

    /// The columns shown: [`HEADERS`] without `station` when the rows name no stations.
    pub fn headers(&self) -> &'static [&'static str] {
        match self.text.len() {
            6 => &HEADERS,
            _ => &HEADERS[..7],
        }
    }

    /// The text of one cell.
    pub fn cell(&self, column: usize, row: usize) -> String {
        match column {
            3 => self.time[row]
                .zip(
                    self.row_resolutions
                        .as_ref()
                        .and_then(|r| r.get(row).copied())
                        .or(self.resolution),
                )
                .map(|(t, r)| time::format_time(t, r))
                .unwrap_or_default(),
            4 => self.value[row].map(format_value).unwrap_or_default(),
            c => text_index(c)
                .and_then(|t| self.text.get(t))
                .map(|t| t.get(row).to_string())
                .unwrap_or_default(),
        }
    }

    /// The longest text of each column (its distinct values for text columns, a sample of
    /// rows for times and values), for sizing columns to their content.
    pub fn widest(&self, column: usize) -> String {
        match text_index(column).and_then(|t| self.text.get(t)) {
            Some(t) => t
                .values
                .iter()
                .max_by_key(|v| v.chars().count())
                .cloned()
                .unwrap_or_default(),
            None => (0..self.rows.min(200))
                .map(|r| self.cell(column, r))
                .max_by_key(|v| v.chars().count())
                .unwrap_or_default(),
        }
    }

    /// Row numbers after filtering and sorting. Runs per distinct text for the filter and
    /// text sorts, so it stays fast on a million rows (the window still runs it off the UI
    /// thread).
    pub fn order(&self, order: &RowOrder) -> Vec<u32> {
        let needle = order.filter.trim().to_lowercase();
        let mut idx: Vec<u32> = if needle.is_empty() {
            (0..self.rows as u32).collect()
        } else {
            let hits: Vec<Vec<bool>> = self.text.iter().map(|c| c.matching(&needle)).collect();
            (0..self.rows as u32)
                .filter(|&i| {
                    self.text.iter().zip(&hits).any(|(c, h)| {
                        let code = c.codes[i as usize];
                        code != NO_CODE && h[code as usize]
                    })
                })
                .collect()
        };
        if let Some((c, asc)) = order.sort {
            self.sort(&mut idx, c);
            if !asc {
                idx.reverse();
            }
        }
        idx
    }

    fn sort(&self, idx: &mut [u32], column: usize) {
        match column {
            3 => idx.sort_by_key(|&i| self.time[i as usize]),
            4 => idx.sort_by(|&a, &b| {
                let v = |i: u32| self.value[i as usize].unwrap_or(f64::NAN);
                v(a).total_cmp(&v(b))
            }),
            c => {
                if let Some(col) = text_index(c).and_then(|t| self.text.get(t)) {
                    let rank = col.ranks();
                    let key = |i: u32| match col.codes[i as usize] {
                        NO_CODE => 0,
                        code => rank[code as usize],
                    };
                    idx.sort_by_key(|&i| key(i));
                }
            }
        }
    }
}

/// Prepares the table of the query's indicator, cities and years: the observations as
/// loaded, not aggregated.
pub fn prepare(ds: &Dataset, q: &ChartQuery) -> Result<PreparedChart, ChartError> {
    let rows = points::run(
        ds,
        &Query {
            indicators: vec![q.indicator.clone()],
            places: q.cities.clone(),
            from_year: q.from_year,
            to_year: q.to_year,
            per: None,
            // The table lists every observation as loaded, those without a date too.
            keep_undated: true,
        },
    )?;
    Ok(PreparedChart {
        query: q.clone(),
        title: Text::msg("observations"),
        subtitle: Text::Join(
            vec![
                points::indicator_title(&q.indicator),
                points::year_range_text(q.from_year, q.to_year),
            ],
            " · ",
        ),
        legend: Vec::new(),
        body: Body::Table(TableData::new(&rows)?),
        notes: Vec::new(),
        sources: sources_of(&rows),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::test_support::sample;

    #[test]
    fn filter_and_sort_work_per_distinct_text() {
        let data = TableData::new(&sample()).unwrap();
        assert_eq!(data.rows, 8);
        let all = data.order(&RowOrder::default());
        assert_eq!(all.len(), 8);
        let astana = data.order(&RowOrder {
            filter: "  ASTANA ".into(),
            sort: Some((4, false)),
        });
        let values: Vec<String> = astana.iter().map(|&i| data.cell(4, i as usize)).collect();
        assert_eq!(values, vec!["40", "30", "20", "10"]);
        let by_place = data.order(&RowOrder {
            filter: String::new(),
            sort: Some((0, true)),
        });
        assert_eq!(data.cell(0, by_place[0] as usize), "Almaty");
        assert_eq!(data.cell(0, by_place[7] as usize), "Astana");
        assert_eq!(data.widest(0).chars().count(), 6, "Almaty and Astana");
        assert_eq!(data.cell(3, all[0] as usize).len(), 4, "a year");
    }
}
