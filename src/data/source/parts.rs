//! Large delimited tables read in parts: a small first part decides the column types, and
//! the rest is parsed part by part (on another thread when asked) and released as it goes.

use std::borrow::Cow;
use std::io::Cursor;
use std::ops::Range;

use polars::prelude::*;

use super::sieve::{LineFilter, LineSieve};
use super::{
    Release, csv_options, drop_empty_unnamed, parse_error, parse_every_column, parse_whole,
};
use crate::data::error::LoadError;
use crate::data::sniff::Dialect;

/// Parses the table (the bytes of `text` in `table`) with polars. A large table without
/// quotes (so every line break ends a record) is split into a 1/8 part first and parts of
/// `part_bytes` after it: the first is parsed here, the others are left to [`MoreParts`],
/// which takes the text along, so that observations are built from each part while the next
/// one is parsed, and the peak memory is the text and a few parts rather than a whole table.
pub(super) fn parse_with_polars<'a>(
    text: Cow<'a, str>,
    table: Range<usize>,
    dialect: &Dialect,
    path: &str,
    release: Release<'_>,
    part_bytes: usize,
) -> Result<(DataFrame, Option<MoreParts<'a>>), LoadError> {
    let body = &text.as_bytes()[table.clone()];
    if body.len() <= 2 * part_bytes || has_quote(body) {
        return Ok((parse_whole(body, dialect, path)?, None));
    }
    // A small first part starts the pipeline early; it decides the column types.
    let first = &body[..end_of_line_at(body, part_bytes / 8)];
    let mut frame = parse_every_column(first, dialect, path)?;
    release(first);
    let rest_start = table.start + first.len();
    let parts = split_lines(&body[first.len()..], part_bytes)
        .into_iter()
        .scan(rest_start, |at, part| {
            let range = *at..*at + part.len();
            *at = range.end;
            Some(range)
        })
        .collect();
    let size_ratio = body.len() as f64 / first.len() as f64;
    // The parts are read with every column of the line, so that cells keep their places;
    // the columns dropped from the first part are dropped from each part after.
    let schema = frame.schema().clone();
    let before = frame.get_column_names_owned();
    drop_empty_unnamed(&mut frame);
    let dropped = before
        .into_iter()
        .filter(|n| frame.column(n).is_err())
        .collect();
    let text_schema: Schema = schema
        .iter_names()
        .map(|n| Field::new(n.clone(), DataType::String))
        .collect();
    let part_options = |schema: SchemaRef| {
        csv_options(dialect, false)
            .with_has_header(false)
            .with_schema(Some(schema))
    };
    let more = MoreParts {
        size_ratio,
        text,
        parts,
        typed: part_options(schema),
        text_options: part_options(Arc::new(text_schema)),
        dropped,
        names: None,
        path: path.to_string(),
        filter: None,
    };
    Ok((frame, Some(more)))
}

/// The parts of a large delimited table after the first, still to parse: each with the first
/// part's column types, or as text when one of its cells breaks them (a decimal in a column
/// of integers so far). Parts may thus differ in column types, never in columns.
pub struct MoreParts<'a> {
    /// The size of the whole table over the size of the first part.
    pub size_ratio: f64,
    /// The file's text: the input itself, or its re-encoded copy (owned, then).
    text: Cow<'a, str>,
    /// Where each part is in `text`.
    parts: Vec<Range<usize>>,
    typed: CsvReadOptions,
    text_options: CsvReadOptions,
    /// Empty unnamed columns dropped from the first part.
    dropped: Vec<PlSmallStr>,
    /// The column names combined from a header over several rows, given to every part.
    pub(super) names: Option<Vec<PlSmallStr>>,
    path: String,
    /// The lines a filtered load needs, decided once the first part has been read.
    filter: Option<std::sync::mpsc::Receiver<LineFilter>>,
}

/// One parsed part of a large table.
pub struct Part {
    pub frame: DataFrame,
    /// The rows of the table in this part, including those a [`LineFilter`] left out.
    pub rows: usize,
    /// The index in the part of each row of `frame`, when a [`LineFilter`] left rows out.
    pub kept: Option<Vec<u32>>,
    /// The finest time resolution among the rows a [`LineFilter`] left out, which the load
    /// would have read from them (it applies to the whole dataset).
    pub left_out_resolution: Option<crate::data::time::TimeResolution>,
}

impl<'a> MoreParts<'a> {
    /// Parses one part, then lets `release` have its bytes. With a filter, the lines it
    /// leaves out are dropped before polars parses the part.
    fn parse(
        &self,
        part: Range<usize>,
        release: Release<'_>,
        filter: Option<&mut LineSieve>,
    ) -> Result<Part, LoadError> {
        let bytes = &self.text.as_bytes()[part];
        let sifted = filter.and_then(|f| f.sift(bytes));
        #[cfg(test)]
        if let Some(s) = &sifted {
            super::sieve::LINES_LEFT_OUT
                .fetch_add(s.count - s.kept.len(), std::sync::atomic::Ordering::Relaxed);
        }
        let read = |lines: &[u8]| {
            let read = |options: &CsvReadOptions| {
                if lines.is_empty() {
                    let schema = options.schema.clone().unwrap_or_default();
                    return Ok(DataFrame::empty_with_schema(&schema));
                }
                options
                    .clone()
                    .into_reader_with_file_handle(Cursor::new(lines))
                    .finish()
            };
            super::chunks::read_lines(&self.typed, lines)
                .or_else(|_| super::chunks::read_lines(&self.text_options, lines))
                .or_else(|_| read(&self.typed))
                .or_else(|_| read(&self.text_options))
        };
        let mut frame = read(sifted.as_ref().map_or(bytes, |s| s.lines.as_slice()));
        // One row per line kept, or the rows would be numbered wrongly: else read it whole.
        let sifted = match (&frame, sifted) {
            (Ok(f), Some(s)) if f.height() != s.kept.len() => {
                frame = read(bytes);
                None
            }
            (_, s) => s,
        };
        release(bytes);
        let mut frame = frame.map_err(|e| parse_error(&self.path, e))?;
        for name in &self.dropped {
            let _ = frame.drop_in_place(name);
        }
        if let Some(names) = &self.names {
            frame
                .set_column_names(names)
                .map_err(|e| parse_error(&self.path, e))?;
        }
        Ok(match sifted {
            Some(s) => Part {
                frame,
                rows: s.count,
                kept: Some(s.kept),
                left_out_resolution: s.finest,
            },
            None => Part {
                rows: frame.height(),
                frame,
                kept: None,
                left_out_resolution: None,
            },
        })
    }

    /// Lets the parts wait for a [`LineFilter`] (or for the sender to be dropped: none)
    /// before the first of them is parsed.
    pub fn filtered_by(&mut self) -> std::sync::mpsc::SyncSender<LineFilter> {
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        self.filter = Some(receiver);
        sender
    }

    /// The filter's sieve over this table's lines, when the filter's columns are found.
    fn sieve(&mut self) -> Option<LineSieve> {
        let filter = self.filter.take()?.recv().ok()?;
        let schema = self.typed.schema.as_ref()?;
        // The name of each cell of a line: the parts are parsed with every column, then the
        // empty unnamed ones are dropped and the others get the combined header's names.
        let mut combined = self.names.iter().flatten();
        let names: Vec<PlSmallStr> = schema
            .iter_names()
            .map(|n| match self.dropped.contains(n) {
                true => n.clone(),
                false => combined.next().unwrap_or(n).clone(),
            })
            .collect();
        // A label column polars reads as numbers (`06037` → 6037) is resolved from the
        // number, not the cell's text: such a filter cannot sieve.
        let text = |c: &String| {
            let i = names.iter().position(|n| n.as_str() == c);
            i.and_then(|i| schema.get_at_index(i))
                .is_some_and(|(_, t)| *t == DataType::String)
        };
        if !filter.columns.iter().all(text) {
            return None;
        }
        // Columns read as numbers: a left-out line's cell that is not one would have made
        // polars read its whole part as text, which the sieve must not change.
        let mut numbers = Vec::new();
        for (i, dtype) in schema.iter_values().enumerate() {
            match dtype {
                DataType::String => {}
                DataType::Int64 => numbers.push((i, true)),
                DataType::Float64 => numbers.push((i, false)),
                _ => return None,
            }
        }
        LineSieve::new(
            filter,
            &names,
            &numbers,
            self.text_options.parse_options.separator,
        )
    }

    /// Parses the parts in order on this thread, as they are asked for.
    pub fn parse_here(
        mut self,
        release: Release<'a>,
    ) -> impl Iterator<Item = Result<Part, LoadError>> + 'a {
        let parts = self.parts.clone();
        let mut sieve = None;
        let mut asked = false;
        parts.into_iter().map(move |part| {
            if !asked {
                asked = true;
                sieve = self.sieve();
            }
            self.parse(part, release, sieve.as_mut())
        })
    }

    /// Parses the parts in order on a thread of `scope`, at most two parts ahead of the
    /// caller. Dropping the iterator stops the thread after the part it is parsing.
    pub fn parse_on<'scope, 'env>(
        mut self,
        scope: &'scope std::thread::Scope<'scope, 'env>,
        release: Release<'env>,
    ) -> std::sync::mpsc::IntoIter<Result<Part, LoadError>>
    where
        'a: 'scope,
    {
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move || {
            let mut sieve = self.sieve();
            for part in self.parts.clone() {
                if sender
                    .send(self.parse(part, release, sieve.as_mut()))
                    .is_err()
                {
                    break;
                }
            }
        });
        receiver.into_iter()
    }
}

/// Whether `body` holds a `"`: memchr's SIMD search (`contains` took 10 ms on a 54 MB table,
/// memchr a fraction), in two halves at once on a large table: a cold `check` of 10M rows
/// scans 558 MB before parsing begins, and its first part took 25–36 ms with the scan on
/// one thread, 18–26 ms on two (4 runs each, 3 December).
fn has_quote(body: &[u8]) -> bool {
    let find = |b: &[u8]| memchr::memchr(b'"', b).is_some();
    if body.len() < 4 << 20 {
        return find(body);
    }
    let (head, tail) = body.split_at(body.len() / 2);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| find(tail));
        // Both halves are searched whatever the head holds: the other thread is already on
        // its way.
        let in_head = find(head);
        other.join().unwrap_or_else(|_| find(tail)) || in_head
    })
}

/// Splits text at line breaks into parts of about `size` bytes; the first part starts with the
/// header line, as `body` does. Every part but the last ends with its line break.
pub(super) fn split_lines(body: &[u8], size: usize) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut start = 0;
    while start < body.len() {
        let end = end_of_line_at(body, start + size);
        parts.push(&body[start..end]);
        start = end;
    }
    parts
}

/// Where the line that byte `at` falls in ends (just after its line break), or the end of
/// `body`.
fn end_of_line_at(body: &[u8], at: usize) -> usize {
    let at = at.min(body.len());
    match memchr::memchr(b'\n', &body[at..]) {
        Some(i) => at + i + 1,
        None => body.len(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_quote_is_found_in_either_half_of_a_large_table() {
        let mut body = b"Astana,2020,1\n".repeat(400_000);
        assert!(body.len() >= 4 << 20);
        assert!(!super::has_quote(&body));
        for at in [0, body.len() / 2 - 1, body.len() / 2, body.len() - 1] {
            let was = std::mem::replace(&mut body[at], b'"');
            assert!(super::has_quote(&body), "{at}");
            body[at] = was;
        }
        assert!(super::has_quote(b"\"Astana\",2020\n"));
        assert!(!super::has_quote(b"Astana,2020\n"));
    }
}
