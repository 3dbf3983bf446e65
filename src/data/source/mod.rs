//! Format readers: bytes in, a [`RawTable`] out. No interpretation happens here beyond finding
//! the table (header row, sheet, delimiter); [`super::tidy`] turns every raw table into
//! observations the same way, whatever the format.

mod book_merge;
mod cfb_check;
mod chunks;
mod header;
mod parts;
mod records;
mod sheets;
pub(crate) mod sieve;
mod text_header;

use std::borrow::Cow;
use std::io::Cursor;

use polars::prelude::*;

use super::error::LoadError;
use super::sniff::{self, Dialect, FileFormat};
use super::text::{self, DecimalMark, TextEncoding};
use super::timing::PhaseClock;

use parts::parse_with_polars;
pub use parts::{MoreParts, Part};
use records::{read_json, read_parquet};
use sheets::read_spreadsheet;
pub use sheets::sheet_names;
pub use sieve::LineFilter;
/// A table as found in the file: header names and columns, before any interpretation.
#[derive(Debug, Clone)]
pub struct RawTable {
    /// Columns named as in the file (duplicates get a ` (2)` suffix).
    pub frame: DataFrame,
    /// Line (text) or row (spreadsheet) number of the first data row, 1-based.
    pub first_row: usize,
    /// Line number of every data row, when known exactly (rows may span lines).
    pub row_lines: Option<Vec<u32>>,
    /// How numbers are written in text cells.
    pub decimal: DecimalMark,
    /// What was learnt while reading: encoding, delimiter, sheet…
    pub info: ReadInfo,
}

impl RawTable {
    /// A table from a format with named fields and no header line (Parquet, JSON): record
    /// numbers start at 1.
    pub(crate) fn from_records(frame: DataFrame, info: ReadInfo) -> RawTable {
        RawTable {
            frame,
            row_lines: None,
            first_row: 1,
            decimal: DecimalMark::Point,
            info: ReadInfo {
                header_row: 1,
                ..info
            },
        }
    }
}

/// Facts about how a file was read, for the report.
#[derive(Debug, Clone, Default)]
pub struct ReadInfo {
    pub encoding: Option<String>,
    pub delimiter: Option<char>,
    pub header_row: usize,
    pub preamble_lines: usize,
    pub preamble: Vec<String>,
    pub footnotes: Vec<String>,
    pub sheet: Option<String>,
    pub ragged_rows: Vec<crate::data::sniff::RaggedRow>,
    /// Decisions of the reader worth telling: the sheet chosen, a header over several rows.
    pub notes: Vec<String>,
    /// The indicator the header names for a table without an indicator column (a group label
    /// over year columns), used unless the user names one.
    pub indicator: Option<String>,
}

/// Reads `bytes` of the given format into a raw table. A large delimited file comes as its
/// first part, with the [`MoreParts`] still to parse.
/// `release` is called with each part of `bytes` already parsed into memory of its own, so a
/// caller can let go of it.
pub fn read_raw<'a>(
    bytes: &'a [u8],
    format: FileFormat,
    path: &str,
    sheet: Option<&str>,
    release: Release<'_>,
) -> Result<(RawTable, Option<MoreParts<'a>>), LoadError> {
    match format {
        FileFormat::Csv => read_delimited(bytes, path, release),
        FileFormat::Excel => Ok((
            contain("calamine (workbook reader)", path, || {
                read_spreadsheet(bytes, path, sheet)
            })?,
            None,
        )),
        FileFormat::Parquet => Ok((
            contain("polars (Parquet reader)", path, || {
                read_parquet(bytes, path)
            })?,
            None,
        )),
        FileFormat::Json => Ok((read_json(bytes, path)?, None)),
    }
}

thread_local! {
    /// How many [`contain`] calls are running on this thread.
    static CONTAINING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// True while a third-party reader runs inside [`contain`] on this thread: a panic there
/// becomes an error naming the file and the reader, so a panic hook need not print it.
pub fn panic_is_contained() -> bool {
    CONTAINING.with(|c| c.get() > 0)
}

/// Runs a third-party reader, turning a panic inside it into [`LoadError::ReaderFailed`]
/// naming the file and the reader.
pub(crate) fn contain<T>(
    reader: &'static str,
    path: &str,
    f: impl FnOnce() -> Result<T, LoadError>,
) -> Result<T, LoadError> {
    CONTAINING.with(|c| c.set(c.get() + 1));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CONTAINING.with(|c| c.set(c.get() - 1));
    result.unwrap_or_else(|payload| {
        Err(LoadError::ReaderFailed {
            path: path.to_string(),
            reader,
            message: crate::data::open::panic_message(payload.as_ref()),
        })
    })
}

/// Called with each part of the input that has been parsed into memory of its own.
pub type Release<'r> = &'r (dyn Fn(&[u8]) + Sync);

fn read_delimited<'a>(
    bytes: &'a [u8],
    path: &str,
    release: Release<'_>,
) -> Result<(RawTable, Option<MoreParts<'a>>), LoadError> {
    let mut clock = PhaseClock::start();
    let (text, encoding) = text::decode_releasing(bytes, release);
    clock.lap("decode text");
    let dialect = sniff::sniff_dialect(&text, path).ok_or_else(|| LoadError::NoTable {
        path: path.to_string(),
        found: describe_start(&text),
    })?;
    let preamble = text[..dialect.header_offset]
        .lines()
        .map(|l| l.trim().trim_end_matches(',').replace('"', ""))
        .filter(|l| !l.is_empty())
        .collect();
    clock.lap("find the table");
    if let Cow::Owned(_) = text {
        // Re-encoded text is a copy: the input is no longer needed.
        release(bytes);
    }
    let table_range = dialect.header_offset..dialect.data_end;
    let head = text.get(table_range.start..table_range.end.min(table_range.start + 64 * 1024));
    // The header's first lines, to see whether it spans several rows (a copy: `text` moves).
    let head = head.map(|h| h[..h.floor_char_boundary(h.len())].to_string());
    let (mut frame, mut more) =
        parse_with_polars(text, table_range, &dialect, path, release, part_bytes())?;
    clock.lap("parse (polars), first part");
    let mut row_lines = dialect
        .record_lines
        .clone()
        .filter(|l| l.len() == frame.height());
    let mut first_row = dialect.header_line + 1;
    let mut notes = Vec::new();
    let mut indicator = None;
    let combined = head.and_then(|h| {
        text_header::combined_header(&h, dialect.delimiter, &frame, dialect.header_line)
    });
    if let Some(c) = combined {
        frame
            .set_column_names(&c.names)
            .map_err(|e| parse_error(path, e))?;
        frame = frame.slice(c.extra as i64, frame.height() - c.extra);
        if let Some(lines) = &mut row_lines {
            lines.drain(..c.extra);
        }
        first_row += c.extra;
        notes.push(c.note);
        indicator = c.indicator;
        if let Some(m) = &mut more {
            m.names = Some(c.names);
        }
    }
    let table = RawTable {
        frame,
        row_lines,
        first_row,
        decimal: dialect.decimal,
        info: ReadInfo {
            encoding: Some(encoding_label(encoding)),
            delimiter: Some(dialect.delimiter as char),
            header_row: dialect.header_line,
            preamble_lines: dialect.preamble_lines,
            preamble,
            footnotes: dialect.footnotes.clone(),
            sheet: None,
            ragged_rows: dialect.ragged_rows.clone(),
            notes,
            indicator,
        },
    };
    Ok((table, more))
}

fn encoding_label(e: TextEncoding) -> String {
    e.name()
}

fn describe_start(text: &str) -> String {
    let first: String = text.lines().take(2).collect::<Vec<_>>().join(" | ");
    let first: String = first.chars().take(120).collect();
    if first.trim().is_empty() {
        "an empty file".into()
    } else {
        format!("text starting {first:?} with no delimiter (, ; tab |) splitting it into columns")
    }
}

/// Parts of this size are parsed one after the other (and released) in large files.
const PART_BYTES: usize = 8 * 1024 * 1024;

/// The polars options for reading a delimited table: typed (column types inferred from the
/// first rows) or all text.
fn csv_options(dialect: &Dialect, all_text: bool) -> CsvReadOptions {
    CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(if all_text { 0 } else { 1000 }))
        .with_raise_if_empty(false)
        .map_parse_options(|p| {
            p.with_separator(dialect.delimiter)
                .with_quote_char(Some(b'"'))
                .with_truncate_ragged_lines(true)
                .with_missing_is_null(true)
        })
}

/// Parses a table whole with polars: typed first (fast path), all text when numbers use a
/// decimal comma or when a cell breaks the inferred types.
fn parse_whole(body: &[u8], dialect: &Dialect, path: &str) -> Result<DataFrame, LoadError> {
    let mut frame = parse_every_column(body, dialect, path)?;
    drop_empty_unnamed(&mut frame);
    Ok(frame)
}

/// [`parse_whole`], keeping the columns with no header and no values.
fn parse_every_column(body: &[u8], dialect: &Dialect, path: &str) -> Result<DataFrame, LoadError> {
    let read = |all_text: bool| {
        csv_options(dialect, all_text)
            .into_reader_with_file_handle(Cursor::new(body))
            .finish()
    };
    let result = if dialect.decimal == DecimalMark::Point {
        read(false).or_else(|_| read(true))
    } else {
        read(true)
    };
    result.map_err(|e| parse_error(path, e))
}

fn parse_error(path: &str, e: PolarsError) -> LoadError {
    LoadError::Parse {
        path: path.to_string(),
        message: e.to_string(),
    }
}

/// The size of the parts after the first in a large table: [`PART_BYTES`], or a smaller size
/// that tests of the loader set so that small files are read in parts.
fn part_bytes() -> usize {
    #[cfg(test)]
    if let Some(part_bytes) = TEST_PART_BYTES.get() {
        return part_bytes;
    }
    PART_BYTES
}

#[cfg(test)]
thread_local! {
    /// A part size for tests of the loader, so that small files are read in parts.
    pub(crate) static TEST_PART_BYTES: std::cell::Cell<Option<usize>> =
        const { std::cell::Cell::new(None) };
}

/// Removes columns with no header and no values (trailing delimiters).
fn drop_empty_unnamed(frame: &mut DataFrame) {
    let drop: Vec<PlSmallStr> = frame
        .columns()
        .iter()
        .filter(|c| {
            let n = c.name().as_str();
            crate::data::layout::unnamed(n) && c.null_count() == c.len()
        })
        .map(|c| c.name().clone())
        .collect();
    for name in drop {
        let _ = frame.drop_in_place(&name);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    fn csv(rows: usize, late_decimal: bool) -> String {
        let mut text = String::from("city,year,value\n");
        for i in 0..rows {
            let value = if late_decimal && i == rows - 3 {
                "12.5".to_string()
            } else {
                (i % 97).to_string()
            };
            text.push_str(&format!("City {},{},{value}\n", i % 13, 2000 + i % 20));
        }
        text
    }

    /// The parts of the table in order, and the byte ranges released.
    fn parse(text: &str, part_bytes: usize) -> (Vec<DataFrame>, Vec<(usize, usize)>) {
        let dialect = crate::data::sniff::sniff_dialect(text, "t.csv").unwrap();
        let released = Mutex::new(Vec::new());
        let base = text.as_ptr() as usize;
        let release = |part: &[u8]| {
            released
                .lock()
                .unwrap()
                .push((part.as_ptr() as usize - base, part.len()))
        };
        let (first, more) = parse_with_polars(
            Cow::Borrowed(text),
            0..text.len(),
            &dialect,
            "t.csv",
            &release,
            part_bytes,
        )
        .unwrap();
        let mut parts = vec![first];
        if let Some(more) = more {
            parts.extend(more.parse_here(&release).map(|p| p.unwrap().frame));
        }
        (parts, released.into_inner().unwrap())
    }

    /// The parts stacked, every column as text.
    fn stacked_text(parts: &[DataFrame]) -> DataFrame {
        let as_text = |f: &DataFrame| {
            let columns = f
                .columns()
                .iter()
                .map(|c| c.cast(&DataType::String).unwrap())
                .collect();
            DataFrame::new_infer_height(columns).unwrap()
        };
        let mut all = as_text(&parts[0]);
        for p in &parts[1..] {
            all.vstack_mut_owned(as_text(p)).unwrap();
        }
        all
    }

    #[test]
    fn parts_parse_to_the_same_table_and_are_released_in_order() {
        let text = csv(5_000, false);
        let (whole, none) = parse(&text, usize::MAX / 4);
        assert_eq!(whole.len(), 1);
        assert!(none.is_empty(), "a small file is read whole");
        let (parts, released) = parse(&text, 4_096);
        assert!(parts.len() > 10, "{}", parts.len());
        assert_eq!(released.len(), parts.len());
        // The parts cover the text end to end, each ending with a line break.
        let mut at = 0;
        for &(start, len) in &released {
            assert_eq!(start, at);
            assert_eq!(text.as_bytes()[start + len - 1], b'\n');
            at += len;
        }
        assert_eq!(at, text.len());
        // Same columns and types in every part, the same table in all.
        for p in &parts {
            assert_eq!(p.schema(), whole[0].schema());
        }
        let stacked = stacked_text(&parts);
        assert!(stacked.equals_missing(&stacked_text(&whole)));
        assert_eq!(stacked.height(), 5_000);
    }

    #[test]
    fn a_part_with_a_cell_that_breaks_the_first_parts_types_reads_as_text() {
        // Integers in the first parts, a decimal near the end: that part is read as text,
        // nothing lost, and the others keep their types.
        let text = csv(5_000, true);
        let (parts, _) = parse(&text, 4_096);
        let last = parts.last().unwrap();
        assert_eq!(last.column("value").unwrap().dtype(), &DataType::String);
        assert!(parts[0].column("value").unwrap().dtype().is_integer());
        let stacked = stacked_text(&parts);
        assert_eq!(stacked.height(), 5_000);
        let value = stacked.column("value").unwrap().str().unwrap().clone();
        assert_eq!(value.get(4_997), Some("12.5"));
        assert_eq!(value.get(0), Some("0"));
    }

    #[test]
    fn parts_parsed_on_another_thread_arrive_in_order_and_stop_when_dropped() {
        let text = csv(5_000, false);
        let dialect = crate::data::sniff::sniff_dialect(&text, "t.csv").unwrap();
        let release = |_: &[u8]| {};
        let split = || {
            parse_with_polars(
                Cow::Borrowed(text.as_str()),
                0..text.len(),
                &dialect,
                "t.csv",
                &release,
                4_096,
            )
            .unwrap()
        };
        let years = |parts: &[DataFrame]| -> Vec<i64> {
            parts
                .iter()
                .flat_map(|p| {
                    p.column("year")
                        .unwrap()
                        .i64()
                        .unwrap()
                        .into_no_null_iter()
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let here = {
            let (first, more) = split();
            let mut parts = vec![first];
            parts.extend(more.unwrap().parse_here(&release).map(|p| p.unwrap().frame));
            years(&parts)
        };
        let (first, more) = split();
        let there = std::thread::scope(|scope| {
            let mut parts = vec![first];
            parts.extend(
                more.unwrap()
                    .parse_on(scope, &release)
                    .map(|p| p.unwrap().frame),
            );
            years(&parts)
        });
        assert_eq!(here, there);
        // A consumer that stops early lets the scope end (the worker does not wait forever).
        let (_, more) = split();
        std::thread::scope(|scope| {
            let mut parts = more.unwrap().parse_on(scope, &release);
            assert!(parts.next().is_some());
        });
    }
}
