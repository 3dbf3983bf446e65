//! Workbooks (xlsx, xls, ods through calamine): the sheet with a table, its header row,
//! preamble and footnotes, cells as text.

use std::io::Cursor;

use calamine::{Data, Reader};
use polars::prelude::*;

use super::{RawTable, ReadInfo, book_merge};
use crate::data::error::LoadError;
use crate::data::text::DecimalMark;

/// The sheet names of a workbook file (empty for other files or unreadable ones).
pub fn sheet_names(path: &std::path::Path) -> Vec<String> {
    let is_book = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "xlsx" | "xls" | "xlsm" | "ods"
        )
    });
    if !is_book {
        return Vec::new();
    }
    calamine::open_workbook_auto(path)
        .map(|b| b.sheet_names())
        .unwrap_or_default()
}

pub(super) fn read_spreadsheet(
    bytes: &[u8],
    path: &str,
    sheet: Option<&str>,
) -> Result<RawTable, LoadError> {
    let err = |message: String| LoadError::Parse {
        path: path.to_string(),
        message,
    };
    cfb_check_or_err(bytes, path)?;
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| err(format!("not a readable spreadsheet: {e}")))?;
    let names = book.sheet_names();
    let candidates: Vec<String> = match sheet {
        Some(s) => {
            if !names.iter().any(|n| n == s) {
                return Err(LoadError::NoSheet {
                    path: path.to_string(),
                    sheet: s.to_string(),
                    available: names.clone(),
                });
            }
            vec![s.to_string()]
        }
        None => names.clone(),
    };
    // Every sheet is read and scored; the best table wins, the others are named with why not.
    let mut scored: Vec<Scored> = Vec::new();
    let mut empty: Vec<(String, String)> = Vec::new();
    for name in candidates {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| err(format!("sheet {name:?}: {e}")))?;
        let (height, width) = range.get_size();
        let limit = max_cells();
        if height.saturating_mul(width) > limit {
            return Err(LoadError::TooLarge {
                path: path.to_string(),
                what: format!("sheet {name:?} of {height} rows × {width} columns"),
                limit: format!("{limit} cells"),
                setting: "set CITYDASH_MAX_CELLS to raise it",
            });
        }
        let percent = percent_cells(&mut book, &name, &range);
        let rows: Vec<Vec<Option<String>>> = range
            .rows()
            .enumerate()
            .map(|(i, r)| {
                r.iter()
                    .enumerate()
                    .map(|(j, c)| match c {
                        Data::Float(f) if percent.contains(&(i, j)) => {
                            Some(format_number(round_percent(f * 100.0)))
                        }
                        _ => cell_text(c),
                    })
                    .collect()
            })
            .collect();
        let Some(table) = grid_to_frame(&rows, path)? else {
            empty.push((name, "no table (no header row with data below it)".into()));
            continue;
        };
        let (score, why) = super::header::sheet_score(&name, &table.0);
        let (row0, _) = range.start().unwrap_or((0, 0));
        scored.push(Scored {
            score,
            name,
            table,
            row0: row0 as usize,
            why,
            percent: percent.len(),
        });
    }
    if scored.is_empty() {
        return Err(LoadError::NoTable {
            path: path.to_string(),
            found: format!("sheets {names:?}, none with a header row and data below it"),
        });
    }
    Ok(choose(scored, empty, sheet.is_none()))
}

/// A sheet's table with its score.
struct Scored {
    score: f64,
    name: String,
    table: GridTable,
    row0: usize,
    why: String,
    /// How many of its cells were read as percent from their number format.
    percent: usize,
}

/// The best-scoring sheet's table (the first on a tie), merged with its same-shape siblings
/// when their names are years or indicators and `merge` is set, with notes on the others.
fn choose(mut scored: Vec<Scored>, empty: Vec<(String, String)>, merge: bool) -> RawTable {
    let mut best = 0;
    for (i, s) in scored.iter().enumerate() {
        if s.score > scored[best].score {
            best = i;
        }
    }
    let merged = merge
        .then(|| {
            let tables: Vec<book_merge::SheetTable<'_>> = scored
                .iter()
                .map(|s| book_merge::SheetTable {
                    name: &s.name,
                    frame: &s.table.0,
                    first_row: s.table.1 + s.row0 + s.table.2 + 2,
                })
                .collect();
            book_merge::merge_same_shape(&tables, best)
        })
        .flatten();
    let taken: Vec<String> = merged
        .as_ref()
        .map_or_else(|| vec![scored[best].name.clone()], |m| m.sheets.clone());
    let percent: usize = scored
        .iter()
        .filter(|s| taken.contains(&s.name))
        .map(|s| s.percent)
        .sum();
    let others: Vec<(String, String)> = scored
        .iter()
        .filter(|s| !taken.contains(&s.name))
        .map(|s| (s.name.clone(), s.why.clone()))
        .chain(empty)
        .collect();
    let Scored {
        name, table, row0, ..
    } = scored.swap_remove(best);
    let first = format!("read sheet {name:?}");
    let mut raw = raw_table(name, table, row0, &others);
    if let Some(m) = merged {
        let all: Vec<String> = m.sheets.iter().map(|s| format!("{s:?}")).collect();
        if let Some(n) = raw.info.notes.first_mut() {
            *n = n.replacen(&first, &format!("read sheets {}", all.join(", ")), 1);
        }
        raw.frame = m.frame;
        raw.row_lines = Some(m.row_lines);
        raw.info.sheet = Some(m.sheets.join(", "));
        raw.info.notes.push(m.note);
    }
    if percent > 0 {
        raw.info.notes.push(format!(
            "{percent} cell(s) formatted as percentages were read as percent \
             (0.125 shown as 12.5% is read as 12.5)"
        ));
    }
    raw
}

/// The chosen sheet's table as a raw table, with notes on the other sheets and on a header
/// over several rows.
fn raw_table(name: String, table: GridTable, row0: usize, others: &[(String, String)]) -> RawTable {
    let (frame, header_row, extra, preamble, footnotes, indicator) = table;
    let header_row = header_row + row0 + 1;
    let mut notes = Vec::new();
    if !others.is_empty() {
        let list: Vec<String> = others
            .iter()
            .map(|(n, why)| format!("{n:?}: {why}"))
            .collect();
        notes.push(format!(
            "read sheet {name:?}; other sheets: {}",
            list.join("; ")
        ));
    }
    if let Some(ind) = &indicator {
        notes.push(format!(
            "the header spans rows {header_row}–{}: the years under the group label are the \
             columns, and the label names the indicator unless one is given ({ind})",
            header_row + extra
        ));
    } else if extra > 0 {
        let names: Vec<&str> = frame
            .get_column_names()
            .iter()
            .map(|n| n.as_str())
            .collect();
        notes.push(format!(
            "the header spans rows {header_row}–{}: group labels, names and units combined into one name per column ({})",
            header_row + extra,
            names.join(", ")
        ));
    }
    RawTable {
        frame,
        row_lines: None,
        first_row: header_row + extra + 1,
        decimal: DecimalMark::Point,
        info: ReadInfo {
            header_row,
            preamble_lines: preamble.len(),
            preamble,
            footnotes,
            sheet: Some(name),
            notes,
            indicator,
            ..Default::default()
        },
    }
}

/// A legacy workbook whose structure is damaged (looping sector chains, streams larger than
/// the file) is refused before the reader sees it.
fn cfb_check_or_err(bytes: &[u8], path: &str) -> Result<(), LoadError> {
    super::cfb_check::check(bytes).map_err(|problem| LoadError::Parse {
        path: path.to_string(),
        message: format!("damaged legacy Excel (.xls) file: {problem}"),
    })
}

/// The most cells one sheet may have: [`DEFAULT_MAX_CELLS`], or `CITYDASH_MAX_CELLS`.
fn max_cells() -> usize {
    std::env::var("CITYDASH_MAX_CELLS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_MAX_CELLS)
}

/// The default cap on one sheet's cells (rows × columns of its used range): 20 million,
/// about a gigabyte as text, far beyond any table an analyst receives as a workbook.
pub const DEFAULT_MAX_CELLS: usize = 20_000_000;

fn cell_text(cell: &Data) -> Option<String> {
    match cell {
        Data::Empty | Data::Error(_) => None,
        Data::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        Data::Float(f) => Some(format_number(*f)),
        Data::Int(i) => Some(i.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(dt) => Some(excel_serial_to_iso(dt.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
    }
}

fn format_number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Excel serial day number (days since 1899-12-30) to an ISO date or timestamp.
///
/// A serial outside Excel's calendar (before 1900 or after 9999, or not finite) becomes a
/// text naming it, which the time column then reports for its cell as not a date.
fn excel_serial_to_iso(serial: f64) -> String {
    // Excel's own range: 1900-01-00 … 9999-12-31.
    const MAX_SERIAL: f64 = 2_958_466.0;
    let out_of_range = || format!("date serial {serial} outside Excel's calendar");
    if !(0.0..MAX_SERIAL).contains(&serial) {
        return out_of_range();
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid date");
    let days = serial.floor() as i64;
    let Some(date) = chrono::TimeDelta::try_days(days).and_then(|d| epoch.checked_add_signed(d))
    else {
        return out_of_range();
    };
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs == 0 {
        date.format("%Y-%m-%d").to_string()
    } else {
        let t = date.and_hms_opt(0, 0, 0).expect("midnight") + chrono::Duration::seconds(secs);
        t.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

/// The (row, column) positions, relative to `range`, of numeric cells whose number format is
/// a percentage (`0%`, `0.0%`, `#,##0.00%`…). Empty when the reader gives no styles.
fn percent_cells<R: Reader<Cursor<Vec<u8>>>>(
    book: &mut R,
    sheet: &str,
    range: &calamine::Range<Data>,
) -> std::collections::HashSet<(usize, usize)> {
    let mut out = std::collections::HashSet::new();
    let (Ok(styles), Some((r0, c0))) = (book.worksheet_style(sheet), range.start()) else {
        return out;
    };
    for (i, row) in range.rows().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            if !matches!(cell, Data::Float(_)) {
                continue;
            }
            let at = (r0 + i as u32, c0 + j as u32);
            let code = styles
                .get(at)
                .and_then(|s| s.number_format.as_ref())
                .map(|f| f.format_code.as_str());
            if code.is_some_and(is_percent_format) {
                out.insert((i, j));
            }
        }
    }
    out
}

/// Whether a number format code shows its value as a percentage: a `%` outside quoted text
/// and not escaped (ECMA-376 Part 1, §18.8.31).
pub(crate) fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for ch in code.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A percentage scaled from its stored fraction without binary noise (0.145 × 100 → 14.5).
fn round_percent(v: f64) -> f64 {
    let r = (v * 1e9).round() / 1e9;
    if r.is_finite() { r } else { v }
}

/// A sheet's table: the frame, the header's row, the rows continuing the header, the preamble,
/// the footnotes and the indicator a group label over year columns names.
type GridTable = (
    DataFrame,
    usize,
    usize,
    Vec<String>,
    Vec<String>,
    Option<String>,
);

/// Finds the header row of a grid of cells (the first row nearly as wide as the table),
/// drops footnote rows below the data, and builds text columns.
fn grid_to_frame(rows: &[Vec<Option<String>>], path: &str) -> Result<Option<GridTable>, LoadError> {
    let nonempty = |r: &Vec<Option<String>>| r.iter().filter(|c| c.is_some()).count();
    let width = rows.iter().map(nonempty).max().unwrap_or(0);
    if width < 2 {
        return Ok(None);
    }
    let threshold = (width * 6).div_ceil(10).max(2);
    let Some(header_idx) = rows.iter().position(|r| nonempty(r) >= threshold) else {
        return Ok(None);
    };
    // Years under a group label: the label's row, which names the place column, is the header
    // (when the years continue it: numbers below them).
    let header_idx = match header_idx.checked_sub(1) {
        Some(above)
            if super::header::group_over_years(&rows[above], &rows[header_idx])
                && super::header::continuation_rows(rows, above) > 0 =>
        {
            above
        }
        _ => header_idx,
    };
    let preamble = rows[..header_idx]
        .iter()
        .map(|r| r.iter().flatten().cloned().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect();
    let mut end = rows.len();
    let mut footnotes = Vec::new();
    let extra = super::header::continuation_rows(rows, header_idx);
    let combined = (extra > 0).then(|| super::header::combine(rows, header_idx, extra));
    // Rows below the data with one cell, or opening with a note ("Source: …", 2021): their
    // cells are joined with ", " (a sheet has no delimiter).
    use crate::data::notes_below;
    while end > header_idx + 1 + extra {
        let row = &rows[end - 1];
        let named = nonempty(&rows[header_idx]);
        let note = row
            .iter()
            .flatten()
            .find(|t| !t.trim().is_empty())
            .is_some_and(|t| notes_below::opens_note(t, nonempty(row), named));
        if !note && nonempty(row) > 1 {
            break;
        }
        if nonempty(row) > 0 {
            let cells = row.iter().flatten().map(String::as_str);
            footnotes.push(notes_below::note_text(cells, ", "));
        }
        end -= 1;
    }
    footnotes.reverse();
    let header = combined.as_ref().unwrap_or(&rows[header_idx]);
    let data = &rows[header_idx + 1 + extra..end];
    if data.is_empty() {
        return Ok(None);
    }
    let mut names = Vec::new();
    let mut columns = Vec::new();
    for (j, h) in header.iter().enumerate() {
        let values: Vec<Option<&str>> = data
            .iter()
            .map(|r| r.get(j).and_then(|c| c.as_deref()))
            .collect();
        let name = match h {
            Some(h) => h.clone(),
            None if values.iter().all(Option::is_none) => continue,
            None => format!("column {}", j + 1),
        };
        let name = unique_name(&names, name);
        columns.push(Column::new(name.as_str().into(), values));
        names.push(name);
    }
    let frame = DataFrame::new_infer_height(columns).map_err(|e| LoadError::Parse {
        path: path.to_string(),
        message: e.to_string(),
    })?;
    let indicator = super::header::year_group_indicator(rows, header_idx, extra);
    Ok(Some((
        frame, header_idx, extra, preamble, footnotes, indicator,
    )))
}

pub(super) fn unique_name(taken: &[String], name: String) -> String {
    if !taken.contains(&name) {
        return name;
    }
    (2..)
        .map(|i| format!("{name} ({i})"))
        .find(|n| !taken.contains(n))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::grid_to_frame;

    fn row(cells: &[&str]) -> Vec<Option<String>> {
        cells
            .iter()
            .map(|c| (!c.is_empty()).then(|| c.to_string()))
            .collect()
    }

    #[test]
    fn a_note_row_with_a_number_below_the_data_is_a_footnote() {
        let rows = vec![
            row(&["City", "2019", "2020"]),
            row(&["Astana", "30.1", "28.4"]),
            row(&["Almaty", "41.2", "39.8"]),
            row(&["Source: Bureau of National Statistics", "2021", ""]),
            row(&["* preliminary", "", ""]),
        ];
        let (frame, _, _, _, footnotes, _) = grid_to_frame(&rows, "t.xlsx").unwrap().unwrap();
        assert_eq!(frame.height(), 2);
        assert_eq!(
            footnotes,
            vec![
                "Source: Bureau of National Statistics, 2021",
                "* preliminary"
            ]
        );
    }
}
