//! Headers over several rows in delimited text, as statistics offices export them: a group
//! label with its unit over sub-columns (`Среднегодовая концентрация, мкг/м³;;` over
//! `PM2,5;PM10;NO2`) or a units row under the names. Combined into one name per column the
//! same way as in workbooks ([`super::header::combine`]).

use polars::prelude::*;

use super::header;

/// How many records below the header are read to decide whether it continues.
const SAMPLE_RECORDS: usize = 60;

/// A header combined from several rows.
pub(super) struct Combined {
    /// One name per column of the parsed frame.
    pub(super) names: Vec<PlSmallStr>,
    /// The indicator a group label over year columns names (see
    /// [`header::year_group_indicator`]).
    pub(super) indicator: Option<String>,
    /// How many rows under the header row continue it (they are not data).
    pub(super) extra: usize,
    pub(super) note: String,
}

/// The first records of `table` (which starts at the header line) as rows of cells.
fn first_records(table: &str, delimiter: u8) -> Vec<Vec<Option<String>>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(table.as_bytes());
    reader
        .records()
        .take(SAMPLE_RECORDS)
        .map_while(Result::ok)
        .map(|r| {
            r.iter()
                .map(|c| {
                    let t = c.trim();
                    (!t.is_empty()).then(|| t.to_string())
                })
                .collect()
        })
        .collect()
}

/// The combined header of a table whose header row is continued by the rows under it, with
/// a name for each of `frame`'s columns; `None` when the header is one row (or its columns
/// cannot be matched to the frame's).
pub(super) fn combined_header(
    table: &str,
    delimiter: u8,
    frame: &DataFrame,
    header_line: usize,
) -> Option<Combined> {
    let rows = first_records(table, delimiter);
    let extra = header::continuation_rows(&rows, 0);
    if extra == 0 || frame.height() <= extra {
        return None;
    }
    let combined = header::combine(&rows, 0, extra);
    // The frame may lack empty unnamed columns (trailing delimiters): those have no name here.
    let kept: Vec<Option<String>> = if frame.width() == combined.len() {
        combined
    } else {
        let named: Vec<Option<String>> = combined.into_iter().filter(Option::is_some).collect();
        if named.len() != frame.width() {
            return None;
        }
        named
    };
    let mut names: Vec<String> = Vec::with_capacity(kept.len());
    for (j, name) in kept.into_iter().enumerate() {
        let name = name.unwrap_or_else(|| frame.get_column_names()[j].to_string());
        names.push(super::sheets::unique_name(&names, name));
    }
    let indicator = header::year_group_indicator(&rows, 0, extra);
    let note = match &indicator {
        Some(ind) => format!(
            "the header spans lines {header_line}–{}: the years under the group label are the \
             columns ({}), and the label names the indicator unless one is given ({ind})",
            header_line + extra,
            names.join(", ")
        ),
        None => format!(
            "the header spans lines {header_line}–{}: group labels, names and units combined \
             into one name per column ({})",
            header_line + extra,
            names.join(", ")
        ),
    };
    Some(Combined {
        names: names.into_iter().map(PlSmallStr::from).collect(),
        indicator,
        extra,
        note,
    })
}
