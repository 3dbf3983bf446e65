//! A filtered load's line sieve: the lines of a large table's part whose place or indicator
//! cell the filter does not keep are left out before polars parses the part, so that a
//! five-city export of a 10-million-row file parses about its five cities' rows.

use polars::prelude::PlHashMap;
use polars::prelude::PlSmallStr;

use crate::data::time::{self, TimeCell, TimeResolution};
use crate::data::time_text::{DayMonth, Reading};

/// Whether a line with `cell` in the filter's `k`-th column may be needed.
pub type CellTest = dyn Fn(usize, &str) -> bool + Send + Sync;

/// Which lines a filtered load needs, by the text of some cells: a line is left out when
/// `keeps(k, cell)` is false for the cell of `columns[k]`. `keeps` must say false only for
/// cells whose rows the load would leave out anyway (it is a pre-filter: the load's own
/// filter still decides every row parsed). An empty or missing cell is asked as `""`. The
/// first line with each distinct text of a column is always kept, so that the load sees
/// every label the table has, in the order it has them (what it interns first, such as an
/// indicator's unit from its first spelling, and the notes it makes about labels).
pub struct LineFilter {
    /// Column names, as the table's header names them.
    pub columns: Vec<String>,
    /// The answer for a cell of `columns[k]`: false only when its row would be left out.
    pub keeps: Box<CellTest>,
    /// The time column, whose cells in left-out lines still decide the dataset's time
    /// resolution (see [`Sifted::finest`]).
    pub time_column: Option<String>,
}

/// What a sieve reads from a cell of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    /// The filter's `k`-th column.
    Filter(usize),
    /// The time column: see [`left_out_time`].
    Time,
    /// A column the first part read as integers (`true`) or floats: a left-out line's cell
    /// must read as one, as a cell that does not makes polars read its whole part as text.
    Number(bool),
}

/// Lines the sieves of loads have left out, for tests that a filtered load used one.
#[cfg(test)]
pub(crate) static LINES_LEFT_OUT: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(0);

/// A [`LineFilter`] with its columns found in the table and its answers remembered per text.
pub(super) struct LineSieve {
    filter: LineFilter,
    /// The position in a line of each cell read, in the order of the positions.
    fields: Vec<(usize, Field)>,
    separator: u8,
    /// Each worker's remembered answers, per filtered column.
    answers: Vec<Vec<PlHashMap<Box<[u8]>, bool>>>,
}

/// The lines of a part (or of a piece of one) that a sieve kept.
pub(super) struct Sifted {
    pub(super) lines: Vec<u8>,
    /// The index in the part of each line kept.
    pub(super) kept: Vec<u32>,
    /// How many lines the part has.
    pub(super) count: usize,
    /// The finest time resolution the load would have read from the lines left out.
    pub(super) finest: Option<TimeResolution>,
}

impl LineSieve {
    /// The sieve for a table whose lines hold the columns `names` in order, `numbers` at the
    /// positions of columns read as integers (`true`) or floats; `None` when a filtered column
    /// is not among them.
    pub(super) fn new(
        filter: LineFilter,
        names: &[PlSmallStr],
        numbers: &[(usize, bool)],
        separator: u8,
    ) -> Option<Self> {
        let position = |c: &str| names.iter().position(|n| n.as_str() == c);
        let mut fields = filter
            .columns
            .iter()
            .enumerate()
            .map(|(k, c)| Some((position(c)?, Field::Filter(k))))
            .collect::<Option<Vec<_>>>()?;
        if fields.is_empty() {
            return None;
        }
        if let Some(t) = &filter.time_column {
            fields.push((position(t)?, Field::Time));
        }
        fields.extend(
            numbers
                .iter()
                .map(|&(i, integer)| (i, Field::Number(integer))),
        );
        fields.sort_unstable();
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let answers = vec![vec![PlHashMap::default(); filter.columns.len()]; workers];
        Some(LineSieve {
            filter,
            fields,
            separator,
            answers,
        })
    }

    /// The lines of `part` the filter keeps; `None` when the part is taken whole: every line
    /// kept, a blank line (which the parser may not count as a row), or a time cell whose
    /// reading depends on the part's other cells (see [`left_out_time`]). The part is sifted
    /// in pieces on as many threads as the machine has cores (up to 4).
    pub(super) fn sift(&mut self, part: &[u8]) -> Option<Sifted> {
        let pieces = split_at_lines(part, self.answers.len());
        let (fields, separator) = (&self.fields[..], self.separator);
        let keeps = &*self.filter.keeps;
        let mut answers = self.answers.iter_mut();
        let mine = answers.next().expect("one worker at least");
        let sifted: Vec<Option<Sifted>> = std::thread::scope(|scope| {
            let others: Vec<_> = pieces[1..]
                .iter()
                .zip(answers)
                .map(|(&piece, answers)| {
                    scope.spawn(move || sift_lines(piece, fields, separator, keeps, answers))
                })
                .collect();
            let first = sift_lines(pieces[0], fields, separator, keeps, mine);
            std::iter::once(first)
                .chain(others.into_iter().map(|h| h.join().unwrap_or(None)))
                .collect()
        });
        let mut sifted = sifted.into_iter().collect::<Option<Vec<Sifted>>>()?;
        let count: usize = sifted.iter().map(|s| s.count).sum();
        let kept: usize = sifted.iter().map(|s| s.kept.len()).sum();
        if kept == count {
            return None;
        }
        let mut whole = sifted.remove(0);
        for s in sifted {
            whole.lines.extend_from_slice(&s.lines);
            let offset = whole.count as u32;
            whole.kept.extend(s.kept.iter().map(|i| i + offset));
            whole.count += s.count;
            whole.finest = whole.finest.max(s.finest);
        }
        Some(whole)
    }
}

/// `part` cut at line ends into at most `n` pieces of about the same size.
fn split_at_lines(part: &[u8], n: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::with_capacity(n);
    let mut start = 0;
    for k in 1..n {
        let at = (part.len() * k / n).max(start);
        let end = memchr::memchr(b'\n', &part[at..]).map_or(part.len(), |i| at + i + 1);
        if end > start && end < part.len() {
            pieces.push(&part[start..end]);
            start = end;
        }
    }
    pieces.push(&part[start..]);
    pieces
}

/// Sifts the lines of one piece; `None` at a blank line.
fn sift_lines(
    piece: &[u8],
    fields: &[(usize, Field)],
    separator: u8,
    keeps: &CellTest,
    answers: &mut [PlHashMap<Box<[u8]>, bool>],
) -> Option<Sifted> {
    let mut out = Sifted {
        lines: Vec::new(),
        kept: Vec::new(),
        count: 0,
        finest: None,
    };
    let has_time = fields.iter().any(|f| f.1 == Field::Time);
    // The cells of number columns of the line, checked when it is left out.
    let mut numbers: Vec<(&[u8], bool)> = Vec::new();
    // The previous line's cells and answers: sorted files repeat them line after line.
    let mut last: Vec<Option<(&[u8], bool)>> = vec![None; fields.len()];
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', piece).chain(std::iter::once(piece.len()));
    for end in ends {
        if start >= piece.len() {
            break;
        }
        let line = &piece[start..(end + 1).min(piece.len())];
        start = end + 1;
        let content = line.strip_suffix(b"\n").unwrap_or(line);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        if content.is_empty() {
            return None;
        }
        let (mut keep, mut first) = (true, false);
        let mut time: &[u8] = &[];
        numbers.clear();
        for_each_cell(
            content,
            fields,
            separator,
            |slot, field, cell| match field {
                Field::Filter(k) => {
                    let answer = match last[slot] {
                        Some((text, answer)) if same(text, cell) => answer,
                        _ => {
                            let (answer, new) = answer(keeps, &mut answers[k], k, cell);
                            first |= new;
                            last[slot] = Some((cell, answer));
                            answer
                        }
                    };
                    keep &= answer;
                }
                Field::Time => time = cell,
                Field::Number(integer) => numbers.push((cell, integer)),
            },
        );
        // The first line with a text is parsed, whatever the answer: see [`LineFilter`].
        keep |= first;
        if !keep
            && !numbers
                .iter()
                .all(|&(c, integer)| reads_as_number(c, integer))
        {
            return None;
        }
        if has_time {
            if keep {
                // A slashed date's day/month order is decided from the part's cells.
                if time.contains(&b'/') {
                    return None;
                }
            } else {
                out.finest = out.finest.max(left_out_time(time, out.finest).ok()?);
            }
        }
        if keep {
            out.lines.extend_from_slice(line);
            out.kept.push(out.count as u32);
        }
        out.count += 1;
    }
    Some(out)
}

/// The time resolution the load would read from the time cell of a line left out (a cell no
/// finer than `finest` may be left unread). `Err` when the part must be parsed whole: a slashed
/// cell, whose day/month order is decided from the part's cells, or a fiscal year or quarter,
/// which the load report notes.
fn left_out_time(
    cell: &[u8],
    finest: Option<TimeResolution>,
) -> Result<Option<TimeResolution>, ()> {
    let b = cell.trim_ascii();
    if b.is_empty() {
        return Ok(None);
    }
    if b.contains(&b'/') {
        return Err(());
    }
    // Most cells are of a shape that cannot be finer than the times already read.
    if shape_bound(b).is_some_and(|bound| Some(bound) <= finest) {
        return Ok(None);
    }
    let t = std::str::from_utf8(cell).map_err(|_| ())?.trim();
    // `parse_time_reading` tries the common ISO shapes first, without allocating.
    match time::parse_time_reading(t, DayMonth::DayFirst) {
        (_, Reading::FiscalYear | Reading::Quarter) => Err(()),
        (TimeCell::Value(_, r), _) => Ok(Some(r)),
        _ => Ok(None),
    }
}

/// The finest resolution the load can read from a cell of an ISO-like shape (`YYYY`,
/// `YYYY-MM`, `YYYYMmm`, `YYYY-MM-DD`, `DD.MM.YYYY`, a date and a clock time), read from its
/// shape alone; `None` for other shapes.
fn shape_bound(b: &[u8]) -> Option<TimeResolution> {
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let iso_date = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    match b.len() {
        4 if digits(0..4) => Some(TimeResolution::Year),
        7 if digits(0..4) && matches!(b[4], b'-' | b'M') && digits(5..7) => {
            Some(TimeResolution::Month)
        }
        10 if iso_date
            || (digits(0..2) && b[2] == b'.' && digits(3..5) && b[5] == b'.' && digits(6..10)) =>
        {
            Some(TimeResolution::Date)
        }
        n if n > 10 && iso_date && matches!(b[10], b'T' | b' ') => Some(TimeResolution::Timestamp),
        _ => None,
    }
}

/// Whether two short cells hold the same bytes, compared inline (a call to `memcmp` per cell
/// was a tenth of the sieve's time).
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Calls `f(slot, field, cell)` for each field of a line read, in the order of `fields`
/// (sorted by position); fields past the line's end are empty cells. Separators are found
/// eight bytes at a time (a byte loop was a third of the sieve's time).
#[inline(always)]
fn for_each_cell<'l>(
    content: &'l [u8],
    fields: &[(usize, Field)],
    separator: u8,
    mut f: impl FnMut(usize, Field, &'l [u8]),
) {
    let (mut column, mut cell_start, mut slot) = (0, 0, 0);
    // Called at each separator, at `i`; true once every field has been given.
    let mut at_separator = |i: usize| {
        while slot < fields.len() && fields[slot].0 == column {
            f(slot, fields[slot].1, &content[cell_start..i]);
            slot += 1;
        }
        column += 1;
        cell_start = i + 1;
        slot == fields.len()
    };
    let mut words = content.chunks_exact(8);
    let mut base = 0;
    for word in words.by_ref() {
        let mut found = separators(word, separator);
        while found != 0 {
            if at_separator(base + (found.trailing_zeros() / 8) as usize) {
                return;
            }
            found &= found - 1;
        }
        base += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == separator && at_separator(base + i) {
            return;
        }
    }
    // The last cell, then cells the line does not have.
    while slot < fields.len() {
        let cell = if fields[slot].0 == column {
            &content[cell_start..]
        } else {
            &[][..]
        };
        f(slot, fields[slot].1, cell);
        slot += 1;
    }
}

/// The high bit of each byte of an 8-byte `word` (little-endian order) that equals `byte`.
#[inline(always)]
fn separators(word: &[u8], byte: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = u64::from_le_bytes(word.try_into().expect("8 bytes")) ^ u64::from_ne_bytes([byte; 8]);
    // A byte's high bit is set unless it is zero (exact, with no carry between bytes).
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// The filter's answer for a cell of column `k`, asked once per distinct text, and whether
/// the text is new (not seen before by this worker).
fn answer(
    keeps: &CellTest,
    answers: &mut PlHashMap<Box<[u8]>, bool>,
    k: usize,
    cell: &[u8],
) -> (bool, bool) {
    if let Some(&a) = answers.get(cell) {
        return (a, false);
    }
    // The part is text split at ASCII bytes, so a cell is text; if not, keep its line.
    let answer = std::str::from_utf8(cell).map_or(true, |t| keeps(k, t));
    answers.insert(cell.into(), answer);
    (answer, true)
}

/// Whether polars reads a cell as a number of a column typed as integers (`-123`) or floats
/// (`-1.5`, `.5`, `2e-3`); an empty cell is a null. Anything else, however polars would read
/// it (`+5`, `inf`, ` 5`), says no: the sieve then parses the part whole.
fn reads_as_number(cell: &[u8], integer: bool) -> bool {
    if cell.is_empty() {
        return true;
    }
    let b = cell.strip_prefix(b"-").unwrap_or(cell);
    let n = b.len();
    let digits_from = |mut i: usize| {
        while i < n && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let whole = digits_from(0);
    if integer {
        return whole == n && (1..=18).contains(&n);
    }
    let mut i = whole;
    if i < n && b[i] == b'.' {
        i = digits_from(i + 1);
    }
    if i == 0 || (i == 1 && whole == 0) {
        return false; // no digit: empty after a minus, or `.`
    }
    if i == n {
        return true;
    }
    if b[i] != b'e' && b[i] != b'E' {
        return false;
    }
    i += 1;
    if i < n && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let end = digits_from(i);
    end == n && (1..=4).contains(&(end - i))
}

#[cfg(test)]
mod tests;
