//! Guessing what a file is before reading it: its format (from the extension, then the first
//! bytes) and, for delimited text, its dialect (delimiter, header line after any preamble,
//! decimal mark, footnote lines below the data).

use serde::Serialize;

use super::notes_below::{note_text, opens_note};
use super::text::DecimalMark;

/// The container format of a data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    /// Delimited text: CSV, TSV, TXT.
    Csv,
    /// A spreadsheet: XLSX, XLSM, XLS, ODS.
    Excel,
    Parquet,
    Json,
}

impl FileFormat {
    /// Short display name.
    pub fn label(self) -> &'static str {
        match self {
            FileFormat::Csv => "delimited text",
            FileFormat::Excel => "spreadsheet",
            FileFormat::Parquet => "Parquet",
            FileFormat::Json => "JSON",
        }
    }
}

/// Decides the format from the file name's extension, then from the first bytes.
pub fn detect_format(name: &str, head: &[u8]) -> FileFormat {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => return FileFormat::Excel,
        "parquet" | "pq" => return FileFormat::Parquet,
        "json" => return FileFormat::Json,
        "csv" | "tsv" | "txt" | "tab" => return FileFormat::Csv,
        _ => {}
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xD0\xCF\x11\xE0") {
        FileFormat::Excel
    } else if head.starts_with(b"PAR1") {
        FileFormat::Parquet
    } else if head
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'[' || b == b'{')
    {
        FileFormat::Json
    } else {
        FileFormat::Csv
    }
}

/// What a file is when it is plainly not a data table (a document, a picture, a program, a
/// configuration file), from its extension and first bytes; `None` for anything that may be
/// a table.
pub fn not_data(name: &str, head: &[u8]) -> Option<&'static str> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let by_ext = match ext.as_str() {
        "pdf" => Some("a PDF document"),
        "png" | "jpg" | "jpeg" | "gif" | "bmp" | "webp" | "svg" | "tif" | "tiff" => {
            Some("a picture")
        }
        "doc" | "docx" | "odt" | "rtf" => Some("a text document"),
        "ppt" | "pptx" | "odp" => Some("a presentation"),
        "zip" | "gz" | "7z" | "rar" | "tar" | "xz" => Some("a compressed archive"),
        "toml" | "ini" | "cfg" | "conf" | "yaml" | "yml" => Some("a configuration file"),
        "md" | "html" | "htm" | "xml" => Some("a text or web page, not a table"),
        "exe" | "dll" | "so" | "bin" => Some("a program"),
        _ => None,
    };
    if by_ext.is_some() {
        return by_ext;
    }
    let text_start = head.iter().skip_while(|b| b.is_ascii_whitespace());
    let mut first_two = text_start.filter(|b| !b.is_ascii_whitespace());
    let looks_like_section = first_two.next() == Some(&b'[')
        && first_two.next().is_some_and(|b| b.is_ascii_alphabetic());
    match head {
        h if h.starts_with(b"%PDF") => Some("a PDF document"),
        h if h.starts_with(b"\x89PNG")
            || h.starts_with(b"\xFF\xD8\xFF")
            || h.starts_with(b"GIF8") =>
        {
            Some("a picture")
        }
        h if h.starts_with(b"\x7FELF") || h.starts_with(b"MZ") => Some("a program"),
        _ if looks_like_section => Some("a configuration file (sections in [brackets])"),
        _ => None,
    }
}

/// A row with text beyond the header's last column: its values cannot be matched to the
/// columns.
#[derive(Debug, Clone, PartialEq)]
pub struct RaggedRow {
    /// 1-based line in the file.
    pub line: usize,
    /// How many fields the row has.
    pub fields: usize,
    /// 1-based column of the first text beyond the header.
    pub column: usize,
    /// That text, as written.
    pub text: String,
}

/// What sniffing found out about a delimited text file.
#[derive(Debug, Clone, PartialEq)]
pub struct Dialect {
    pub delimiter: u8,
    pub decimal: DecimalMark,
    /// Byte offset of the header line in the decoded text.
    pub header_offset: usize,
    /// 1-based line number of the header line.
    pub header_line: usize,
    /// Number of non-empty lines above the header (a preamble such as the World Bank's).
    pub preamble_lines: usize,
    /// Byte offset where footnote lines below the data begin (end of text when there are none).
    pub data_end: usize,
    /// The footnote lines dropped below the data.
    pub footnotes: Vec<String>,
    /// Rows with text beyond the header's last column.
    pub ragged_rows: Vec<RaggedRow>,
    /// Number of fields in the header.
    pub header_fields: usize,
    /// Line number of each data record (small files only; records may span lines).
    pub record_lines: Option<Vec<u32>>,
}

const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
const SAMPLE_BYTES: usize = 256 * 1024;
/// Files up to this size are scanned whole for ragged rows and footnotes.
const FULL_SCAN_BYTES: usize = 16 * 1024 * 1024;

struct Rec {
    fields: usize,
    nonempty: usize,
    /// One past the last non-empty field (0 when all are empty).
    last_nonempty: usize,
    /// Whether a field starts with a digit (a value, not a header continuation).
    digits: bool,
    offset: usize,
    /// The first non-empty field, trimmed.
    lead: String,
}

/// 1-based line number of a byte offset.
fn line_at(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn records(text: &str, delimiter: u8, limit: usize) -> Vec<Rec> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut rec = csv::StringRecord::new();
    while out.len() < limit {
        match rdr.read_record(&mut rec) {
            Ok(true) => {
                // The reported position can sit on blank lines before the record: skip them.
                let mut byte = rec.position().map_or(0, |p| p.byte() as usize);
                while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
                    byte += 1;
                }
                out.push(Rec {
                    fields: rec.len(),
                    nonempty: rec.iter().filter(|f| !f.trim().is_empty()).count(),
                    last_nonempty: (0..rec.len())
                        .rev()
                        .find(|&i| !rec[i].trim().is_empty())
                        .map_or(0, |i| i + 1),
                    offset: byte,
                    digits: rec
                        .iter()
                        .any(|f| f.trim().bytes().next().is_some_and(|b| b.is_ascii_digit())),
                    lead: rec
                        .iter()
                        .map(str::trim)
                        .find(|f| !f.is_empty())
                        .unwrap_or("")
                        .to_string(),
                });
            }
            Ok(false) => break,
            // An unclosed quote or invalid text: stop sampling here.
            Err(_) => break,
        }
    }
    out
}

/// The ragged row at the start of `text` (line `line`, `fields` fields): its first non-empty
/// field from index `extent` on.
fn ragged_row(text: &str, line: usize, fields: usize, extent: usize, delimiter: u8) -> RaggedRow {
    let beyond = first_record(text, delimiter).and_then(|rec| {
        rec.iter()
            .enumerate()
            .skip(extent)
            .find(|(_, f)| !f.trim().is_empty())
            .map(|(i, f)| (i + 1, f.trim().to_string()))
    });
    let (column, text) = beyond.unwrap_or((extent + 1, String::new()));
    RaggedRow {
        line,
        fields,
        column,
        text,
    }
}

/// What joins the cells of a note line: the file's delimiter and a space (a tab a space).
pub fn note_separator(delimiter: u8) -> &'static str {
    match delimiter {
        b';' => "; ",
        b'|' => " | ",
        b'\t' => " ",
        _ => ", ",
    }
}

/// The non-empty fields of the record at the start of `text`, joined as a note's text.
fn record_text(text: &str, delimiter: u8) -> String {
    first_record(text, delimiter).map_or_else(String::new, |rec| {
        note_text(rec.iter(), note_separator(delimiter))
    })
}

/// The record at the start of `text`, or `None` when it cannot be read.
fn first_record(text: &str, delimiter: u8) -> Option<csv::StringRecord> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rec = csv::StringRecord::new();
    matches!(rdr.read_record(&mut rec), Ok(true)).then_some(rec)
}

fn sample(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind('\n') {
        Some(nl) => &text[..nl + 1],
        None => &text[..end],
    }
}

/// Guesses the dialect of delimited text. Returns `None` when no delimiter splits the lines
/// into a consistent table of at least two columns.
pub fn sniff_dialect(text: &str, name_hint: &str) -> Option<Dialect> {
    let head = sample(text);
    let prefer_tab = name_hint.to_ascii_lowercase().ends_with(".tsv");
    let mut best: Option<(u8, usize, usize, Vec<Rec>)> = None; // delimiter, width, score
    for &d in &CANDIDATES {
        let recs = records(head, d, 2000);
        // The table width is the most common field count among records with at least 2 fields.
        let mut counts = std::collections::HashMap::<usize, usize>::new();
        for r in recs.iter().filter(|r| r.fields >= 2) {
            *counts.entry(r.fields).or_default() += 1;
        }
        let Some((&width, &score)) = counts.iter().max_by_key(|&(w, c)| (*c, *w)) else {
            continue;
        };
        let score = if prefer_tab && d == b'\t' {
            score * 2
        } else {
            score
        };
        if best
            .as_ref()
            .is_none_or(|b| score > b.2 || (score == b.2 && width > b.1))
        {
            best = Some((d, width, score, recs));
        }
    }
    let (delimiter, width, _, recs) = best?;
    // The header is the first record that is (nearly) as wide as the table and not blank.
    let header_idx = recs
        .iter()
        .position(|r| r.fields >= width.saturating_sub(1).max(2) && r.nonempty >= 2)?;
    let header = &recs[header_idx];
    let preamble_lines = recs[..header_idx].iter().filter(|r| r.nonempty > 0).count();
    let decimal = guess_decimal(
        &text[header.offset..header.offset + (head.len() - header.offset)],
        delimiter,
    );

    // Footnotes and ragged rows: scan the whole file when small, else only its tail.
    let (scan_text, scan_base) = if text.len() <= FULL_SCAN_BYTES {
        (&text[header.offset..], header.offset)
    } else {
        let mut start = text.len() - 64 * 1024;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let nl = text[start..].find('\n').map_or(start, |i| start + i + 1);
        (&text[nl..], nl)
    };
    let full = text.len() <= FULL_SCAN_BYTES;
    let tail = records(scan_text, delimiter, usize::MAX);
    let body = if full {
        &tail[1.min(tail.len())..]
    } else {
        &tail[..]
    };
    // Footnotes: trailing records with at most one non-empty field in a table of 3+ columns,
    // and trailing records that open with a note label ("Source: …, 2021") in any table.
    let mut data_end = text.len();
    let mut footnotes = Vec::new();
    let mut data_records = body.len();
    for r in body.iter().rev() {
        let note = opens_note(&r.lead, r.nonempty, header.nonempty);
        if !(note || (header.fields >= 3 && r.nonempty <= 1)) {
            break;
        }
        data_end = scan_base + r.offset;
        data_records -= 1;
        if note && r.nonempty > 1 {
            footnotes.push(record_text(&scan_text[r.offset..], delimiter));
        } else if r.nonempty == 1 {
            footnotes.push(r.lead.clone());
        }
    }
    footnotes.reverse();
    let (record_lines, ragged_rows) = match full {
        true => record_lines(text, header, &body[..data_records], delimiter),
        false => (None, Vec::new()),
    };
    Some(Dialect {
        delimiter,
        decimal,
        header_offset: header.offset,
        header_line: line_at(text, header.offset),
        preamble_lines,
        data_end,
        footnotes,
        ragged_rows,
        header_fields: header.fields,
        record_lines,
    })
}

/// The line of each data record of a file scanned whole, and the records with text beyond the
/// header's extent — its fields, or further when the rows under it continue it (sub-labels
/// under a group label with empty cells after it, a units row), with the text found there.
fn record_lines(
    text: &str,
    header: &Rec,
    body: &[Rec],
    delimiter: u8,
) -> (Option<Vec<u32>>, Vec<RaggedRow>) {
    let named = body
        .iter()
        .take(2)
        .take_while(|r| !r.digits)
        .map(|r| r.last_nonempty)
        .fold(header.last_nonempty, usize::max);
    // Text under the header's trailing empty cells in a few rows means those rows' values are
    // shifted (a stray delimiter); in half the rows or more it is a column without a name
    // (unused). Text beyond the header's fields is always a shift.
    let beyond = body.iter().filter(|r| r.last_nonempty > named).count();
    let extent = match beyond * 2 < body.len() {
        true => named,
        false => named.max(header.fields),
    };
    let mut ragged_rows = Vec::new();
    // Line numbers by counting newlines between consecutive record offsets.
    let mut lines = Vec::with_capacity(body.len());
    let mut line = line_at(text, header.offset);
    let mut at = header.offset;
    for r in body {
        let off = header.offset + r.offset;
        line += text.as_bytes()[at..off]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        at = off;
        lines.push(line as u32);
        // Text beyond the header's last column: the row's values cannot be matched.
        if r.last_nonempty > extent {
            ragged_rows.push(ragged_row(&text[off..], line, r.fields, extent, delimiter));
        }
    }
    (Some(lines), ragged_rows)
}

/// Decides whether numbers use a decimal comma: only possible when the delimiter is not a
/// comma, and only when cells that can only be read with a decimal comma (`12,5`, `5 126,4`,
/// `12,5%`) outnumber those that can only be read with a point. Each column decides again from
/// its own cells (see [`super::numbers::column_decimal`]); this is the fallback.
fn guess_decimal(text: &str, delimiter: u8) -> DecimalMark {
    if delimiter == b',' {
        return DecimalMark::Point;
    }
    let cells = text
        .lines()
        .skip(1)
        .take(500)
        .flat_map(|line| line.split(delimiter as char));
    super::numbers::column_decimal(cells, DecimalMark::Point)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn world_bank_preamble_and_trailing_comma() {
        let text = "\"Data Source\",\"World Development Indicators\",\n\n\"Last Updated Date\",\"2026-07-13\",\n\n\"Country Name\",\"Country Code\",\"2019\",\"2020\",\n\"Kazakhstan\",\"KAZ\",\"20.1\",\"19.5\",\n";
        let d = sniff_dialect(text, "wdi.csv").unwrap();
        assert_eq!(d.delimiter, b',');
        assert_eq!(d.header_line, 5);
        assert_eq!(d.preamble_lines, 2);
        assert!(text[d.header_offset..].starts_with("\"Country Name\""));
    }

    #[test]
    fn semicolon_decimal_comma_and_footnotes() {
        let text = "Город;Год;PM2,5\nАстана;2019;35,5\nАлматы;2019;41,2\nБишкек;2019;\nИсточник: Бюро национальной статистики\n";
        let d = sniff_dialect(text, "x.csv").unwrap();
        assert_eq!(d.delimiter, b';');
        assert_eq!(d.decimal, DecimalMark::Comma);
        assert_eq!(d.footnotes, vec!["Источник: Бюро национальной статистики"]);
        assert!(text[..d.data_end].ends_with("Бишкек;2019;\n"));
    }

    #[test]
    fn formats_by_extension_then_magic() {
        assert_eq!(detect_format("a.XLSX", b""), FileFormat::Excel);
        assert_eq!(detect_format("a.dat", b"PK\x03\x04rest"), FileFormat::Excel);
        assert_eq!(detect_format("a", b"PAR1"), FileFormat::Parquet);
        assert_eq!(detect_format("a", b"  [{\"a\":1}]"), FileFormat::Json);
        assert_eq!(detect_format("a", b"city,year"), FileFormat::Csv);
    }
}
