//! A filtered load's line sieve: the lines of a large table's part whose place or indicator
//! cell the filter does not keep are left out before polars parses the part, so that a
//! five-city export of a 10-million-row file parses about its five cities' rows.

use polars::prelude::PlHashMap;
use polars::prelude::PlSmallStr;

/// Whether a line with `cell` in the filter's `k`-th column may be needed.
pub type CellTest = dyn Fn(usize, &str) -> bool + Send + Sync;

/// Which lines a filtered load needs, by the text of some cells: a line is left out when
/// `keeps(k, cell)` is false for the cell of `columns[k]`. `keeps` must say false only for
/// cells whose rows the load would leave out anyway (it is a pre-filter: the load's own
/// filter still decides every row parsed). An empty or missing cell is asked as `""`.
pub struct LineFilter {
    /// Column names, as the table's header names them.
    pub columns: Vec<String>,
    pub keeps: Box<CellTest>,
}

/// Lines sieves have left out, for tests that a filtered load used one.
#[cfg(test)]
pub(crate) static LINES_LEFT_OUT: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(0);

/// A [`LineFilter`] with its columns found in the table and its answers remembered per text.
pub(super) struct LineSieve {
    filter: LineFilter,
    /// Each filtered column's position in a line, and its index in `filter.columns`, in the
    /// order of the positions.
    fields: Vec<(usize, usize)>,
    separator: u8,
    /// Each worker's remembered answers, per filtered column.
    answers: Vec<Vec<PlHashMap<Box<[u8]>, bool>>>,
}

/// The lines of a piece of a part that a sieve kept.
struct Sifted {
    lines: Vec<u8>,
    kept: Vec<u32>,
    count: usize,
}

impl LineSieve {
    /// The sieve for a table whose lines hold the columns `names` in order; `None` when a
    /// filtered column is not among them.
    pub(super) fn new(filter: LineFilter, names: &[PlSmallStr], separator: u8) -> Option<Self> {
        let mut fields = filter
            .columns
            .iter()
            .enumerate()
            .map(|(k, c)| Some((names.iter().position(|n| n.as_str() == c)?, k)))
            .collect::<Option<Vec<_>>>()?;
        fields.sort_unstable();
        if fields.is_empty() {
            return None;
        }
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let answers = vec![vec![PlHashMap::default(); filter.columns.len()]; workers];
        Some(LineSieve {
            filter,
            fields,
            separator,
            answers,
        })
    }

    /// The lines of `part` the filter keeps, the index of each in the part, and how many
    /// lines the part has; `None` when the part is taken whole (every line kept, or a blank
    /// line, which the parser may not count as a row). The part is sifted in pieces on as
    /// many threads as the machine has cores (up to 4).
    pub(super) fn sift(&mut self, part: &[u8]) -> Option<(Vec<u8>, Vec<u32>, usize)> {
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
        #[cfg(test)]
        LINES_LEFT_OUT.fetch_add(count - kept, std::sync::atomic::Ordering::Relaxed);
        if kept == count {
            return None;
        }
        let mut whole = sifted.remove(0);
        let mut offset = whole.count as u32;
        for s in sifted {
            whole.lines.extend_from_slice(&s.lines);
            whole.kept.extend(s.kept.iter().map(|i| i + offset));
            offset += s.count as u32;
        }
        Some((whole.lines, whole.kept, count))
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
    fields: &[(usize, usize)],
    separator: u8,
    keeps: &CellTest,
    answers: &mut [PlHashMap<Box<[u8]>, bool>],
) -> Option<Sifted> {
    let mut out = Sifted {
        lines: Vec::new(),
        kept: Vec::new(),
        count: 0,
    };
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
        let mut keep = true;
        for_each_cell(content, fields, separator, |slot, k, cell| {
            let answer = match last[slot] {
                Some((text, answer)) if same(text, cell) => answer,
                _ => {
                    let answer = answer(keeps, &mut answers[k], k, cell);
                    last[slot] = Some((cell, answer));
                    answer
                }
            };
            keep &= answer;
        });
        if keep {
            out.lines.extend_from_slice(line);
            out.kept.push(out.count as u32);
        }
        out.count += 1;
    }
    Some(out)
}

/// Whether two short cells hold the same bytes, compared inline (a call to `memcmp` per cell
/// was a tenth of the sieve's time).
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Calls `f(slot, k, cell)` for each filtered field of a line, in the order of `fields`
/// (sorted by position); fields past the line's end are empty cells.
#[inline(always)]
fn for_each_cell<'l>(
    content: &'l [u8],
    fields: &[(usize, usize)],
    separator: u8,
    mut f: impl FnMut(usize, usize, &'l [u8]),
) {
    let (mut column, mut cell_start, mut slot) = (0, 0, 0);
    for (i, &b) in content.iter().enumerate() {
        if b != separator {
            continue;
        }
        while slot < fields.len() && fields[slot].0 == column {
            f(slot, fields[slot].1, &content[cell_start..i]);
            slot += 1;
        }
        if slot == fields.len() {
            return;
        }
        column += 1;
        cell_start = i + 1;
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

/// The filter's answer for a cell of column `k`, asked once per distinct text.
fn answer(
    keeps: &CellTest,
    answers: &mut PlHashMap<Box<[u8]>, bool>,
    k: usize,
    cell: &[u8],
) -> bool {
    if let Some(&a) = answers.get(cell) {
        return a;
    }
    // The part is text split at ASCII bytes, so a cell is text; if not, keep its line.
    let answer = std::str::from_utf8(cell).map_or(true, |t| keeps(k, t));
    answers.insert(cell.into(), answer);
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sieve(columns: &[&str], names: &[&str]) -> LineSieve {
        let filter = LineFilter {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            keeps: Box::new(|k, cell| match k {
                0 => cell == "Astana",
                _ => cell == "pm25",
            }),
        };
        let names: Vec<PlSmallStr> = names.iter().map(|n| (*n).into()).collect();
        LineSieve::new(filter, &names, b',').expect("columns found")
    }

    #[test]
    fn keeps_the_lines_whose_cells_are_kept_with_their_index() {
        let mut s = sieve(&["city", "indicator"], &["indicator", "year", "city"]);
        let part = b"pm25,2020,Astana\r\npm10,2020,Astana\r\npm25,2021,Almaty\r\npm25,2021,Astana";
        let (lines, kept, rows) = s.sift(part).expect("lines left out");
        assert_eq!(rows, 4);
        assert_eq!(kept, vec![0, 3]);
        assert_eq!(lines, b"pm25,2020,Astana\r\npm25,2021,Astana".to_vec());
    }

    #[test]
    fn pieces_sifted_on_several_threads_number_their_lines_in_the_part() {
        let mut s = sieve(&["city"], &["city", "year"]);
        let one = s.answers[0].clone();
        s.answers = vec![one; 3];
        let mut part = String::new();
        for i in 0..100 {
            let city = if i % 7 == 0 { "Astana" } else { "Baku" };
            part.push_str(&format!("{city},{i}\n"));
        }
        let (lines, kept, rows) = s.sift(part.as_bytes()).expect("lines left out");
        assert_eq!(rows, 100);
        assert_eq!(kept, (0..100).step_by(7).collect::<Vec<u32>>());
        let expected: String = (0..100)
            .step_by(7)
            .map(|i| format!("Astana,{i}\n"))
            .collect();
        assert_eq!(String::from_utf8(lines).unwrap(), expected);
        assert_eq!(split_at_lines(part.as_bytes(), 3).len(), 3);
        assert_eq!(split_at_lines(b"Astana,1\n", 4), vec![&b"Astana,1\n"[..]]);
    }

    #[test]
    fn short_lines_ask_for_an_empty_cell_and_blank_lines_take_the_part_whole() {
        let mut s = sieve(&["city"], &["year", "value", "city"]);
        let (_, kept, rows) = s.sift(b"2020,1,Astana\n2020,1\n2021\n").expect("sifted");
        assert_eq!((kept, rows), (vec![0], 3));
        assert!(s.sift(b"2020,1,Astana\n\n2020,2,Almaty\n").is_none());
        // Every line kept: the part is taken as it is.
        assert!(s.sift(b"2020,1,Astana\n2021,2,Astana\n").is_none());
        assert!(
            LineSieve::new(
                LineFilter {
                    columns: vec!["station".into()],
                    keeps: Box::new(|_, _| true)
                },
                &["city".into()],
                b','
            )
            .is_none()
        );
    }
}
