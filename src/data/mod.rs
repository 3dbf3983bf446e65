//! The data layer: reading analysts' files into one tidy dataset, the catalog of indicators
//! and places, queries, and tidy CSV output. Nothing here depends on a user interface.

mod arrow_entry;
pub mod catalog;
pub mod categories;
pub mod cells;
pub mod dataset;
pub mod dataset_cache;
pub mod db;
pub(crate) mod entry_files;
pub mod error;
pub mod hive;
pub mod layout;
pub(crate) mod means;
pub mod notes_below;
pub mod numbers;
pub mod open;
pub mod options;
pub mod places;
pub mod query;
pub mod remote;
pub mod report;
pub mod sniff;
pub mod source;
pub mod targets;
pub mod text;
pub mod tidy;
pub mod time;
pub mod time_text;
pub mod timing;
pub mod units;
pub mod workspace;
pub mod write;

use std::path::Path;

pub use catalog::Catalog;
pub use dataset::{Dataset, RowCut, Summary};
pub use error::LoadError;
pub use options::{ColumnMapping, ConflictPolicy, LoadOptions, LoadProgress, Role, RowFilter};
pub use report::{Layout, LoadReport};
pub use time::TimeResolution;

/// A loaded file: the dataset and the report of what the loader decided and skipped.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    pub report: LoadReport,
}

/// Loads a data file of any supported format and layout. The file is only read.
pub fn load_path(path: impl AsRef<Path>, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let path = path.as_ref();
    if path.is_dir() && hive::is_hive_folder(path) {
        return hive::load(path, options);
    }
    let shown = path.display().to_string();
    let io = |source| LoadError::Io {
        path: shown.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    // Map the file rather than copying it: large files load faster and the file is only read.
    // SAFETY: the mapping is read-only and dropped before returning; a file truncated by
    // another program meanwhile is the one risk, the same one polars takes for its reads.
    match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) => {
            // Once a part of the file has been parsed into memory of its own, the kernel may
            // take its pages back, so the mapped file does not add to the peak memory.
            options.progress.set_total(map.len() as u64);
            let release = |part: &[u8]| {
                let start = part.as_ptr() as usize;
                let base = map.as_ptr() as usize;
                if start >= base && start + part.len() <= base + map.len() {
                    options
                        .progress
                        .parsed_to((start + part.len() - base) as u64);
                    // SAFETY: the mapping is read-only and shared: a dropped page is read
                    // again from the file if touched.
                    let _ = unsafe {
                        map.unchecked_advise_range(
                            memmap2::UncheckedAdvice::DontNeed,
                            start - base,
                            part.len(),
                        )
                    };
                }
            };
            load_read_then(&map, &shown, None, options, &release)
        }
        Err(_) => {
            let bytes = std::fs::read(path).map_err(io)?;
            load_bytes(&bytes, &shown, options)
        }
    }
}

/// Loads data already in memory; `name` is the file name or URL (its extension helps to
/// decide the format) and is used in messages.
pub fn load_bytes(bytes: &[u8], name: &str, options: &LoadOptions) -> Result<Loaded, LoadError> {
    load_bytes_as(bytes, name, None, options)
}

/// Loads data already in memory whose format is known (a download's content type), or
/// detected from the name and first bytes when `format` is `None`.
pub fn load_bytes_as(
    bytes: &[u8],
    name: &str,
    format: Option<sniff::FileFormat>,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    load_read_then(bytes, name, format, options, &|_| {})
}

/// [`load_bytes_as`], calling `release` with each part of `bytes` that has been parsed into
/// memory of its own and is no longer needed.
fn load_read_then(
    bytes: &[u8],
    name: &str,
    format: Option<sniff::FileFormat>,
    options: &LoadOptions,
    release: source::Release<'_>,
) -> Result<Loaded, LoadError> {
    let head = &bytes[..bytes.len().min(64)];
    if format.is_none()
        && let Some(what) = sniff::not_data(name, head)
    {
        return Err(LoadError::NotData {
            path: name.to_string(),
            what,
        });
    }
    let format = format.unwrap_or_else(|| sniff::detect_format(name, head));
    let (raw, more) = source::read_raw(bytes, format, name, options.sheet.as_deref(), release)?;
    if more.is_none() {
        release(bytes);
    }
    let mut report = LoadReport::new(name, format);
    report.encoding = raw.info.encoding.clone();
    report.delimiter = raw.info.delimiter.map(|d| match d {
        '\t' => "tab".to_string(),
        d => d.to_string(),
    });
    report.decimal_comma = raw.decimal == text::DecimalMark::Comma;
    report.sheet = raw.info.sheet.clone();
    report.header_row = raw.info.header_row;
    report.preamble_lines = raw.info.preamble_lines;
    report.notes.extend(raw.info.notes.iter().cloned());
    if raw.info.preamble_lines > 0 {
        report.notes.push(format!(
            "skipped {} preamble line(s) above the header on line {}",
            raw.info.preamble_lines, raw.info.header_row
        ));
    }
    if !raw.info.footnotes.is_empty() {
        report.notes.push(format!(
            "ignored {} footnote line(s) below the data: {}",
            raw.info.footnotes.len(),
            raw.info.footnotes.join(" | ")
        ));
    }
    let footnotes = raw.info.footnotes.clone();
    // The parts after the first are parsed on another thread while this one builds the
    // observations of the parts before.
    // A filtered load tells the parts which lines it needs once the first part decides
    // the columns' roles.
    let dataset = std::thread::scope(|scope| {
        let mut sieve = None;
        let more = more.map(|mut m| {
            if options
                .keep
                .as_ref()
                .is_some_and(|k| !k.places.is_empty() || !k.indicators.is_empty())
            {
                sieve = Some(m.filtered_by());
            }
            (m.size_ratio, m.parse_on(scope, release))
        });
        tidy::build(raw, more, sieve, options, Catalog::bundled(), &mut report)
    })?;
    release(bytes);
    if !footnotes.is_empty() {
        let mut text = report.source_text.take().unwrap_or_default();
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&footnotes.join("\n"));
        report.source_text = Some(text);
    }
    Ok(Loaded { dataset, report })
}

/// The columns of a file's table (of `sheet`, or the sheet the loader would take) and the
/// sheets of a workbook: what a user chooses from to say which column plays which role.
pub fn inspect(path: &Path, sheet: Option<&str>) -> Result<(Vec<String>, Vec<String>), LoadError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: shown.clone(),
        source,
    })?;
    let format = sniff::detect_format(&shown, &bytes[..bytes.len().min(64)]);
    let (raw, _) = source::read_raw(&bytes, format, &shown, sheet, &|_| {})?;
    let columns = raw
        .frame
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    Ok((columns, source::sheet_names(path)))
}

/// File extensions of the formats the loader reads.
pub const DATA_EXTENSIONS: [&str; 9] = [
    "csv", "tsv", "txt", "xlsx", "xls", "xlsm", "ods", "parquet", "json",
];

/// A file stays itself, and so does a hive-style partitioned Parquet folder (one dataset);
/// another folder becomes the data files directly in it, sorted.
pub fn data_files(path: &Path) -> Vec<std::path::PathBuf> {
    // A partitioned Parquet folder is one dataset.
    if !path.is_dir() || hive::is_hive_folder(path) {
        return vec![path.to_path_buf()];
    }
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| DATA_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod sieve_tests;

#[cfg(test)]
mod tests {
    use super::*;

    /// A tidy file of `rows` rows with a bad value, a bad time and a duplicate of an early row
    /// near the end.
    fn tidy_text(rows: usize) -> String {
        let mut text = String::from("city,indicator,date,value\n");
        let cities = ["Almaty", "Baku", "Tashkent", "Nur-Sultan"];
        for i in 0..rows {
            let city = cities[i % 4];
            let day = i / 4;
            let date = format!(
                "{}-{:02}-{:02}",
                2000 + day / 336,
                1 + (day / 28) % 12,
                1 + day % 28
            );
            let value = match i {
                _ if i == rows - 5 => "n/a?".to_string(),
                _ => format!("{}.5", i % 90),
            };
            let date = if i == rows - 4 {
                "someday".into()
            } else {
                date
            };
            text.push_str(&format!("{city},pm25,{date},{value}\n"));
        }
        // The first row again, with another value: a conflict across parts.
        text.push_str("Almaty,pm25,2000-01-01,99.5\n");
        text
    }

    /// The observations sorted by indicator, place and time (parts come in their own order).
    fn sorted(l: &Loaded) -> polars::prelude::DataFrame {
        super::sieve_tests::sorted(&l.dataset)
    }

    fn load_with_parts(text: &str, part_bytes: Option<usize>) -> Loaded {
        source::TEST_PART_BYTES.set(part_bytes);
        let loaded = load_bytes(text.as_bytes(), "t.csv", &LoadOptions::default()).unwrap();
        source::TEST_PART_BYTES.set(None);
        loaded
    }

    #[test]
    fn a_load_in_parts_reports_its_bytes_and_rows_and_stops_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        let text = tidy_text(3_000);
        std::fs::write(&path, &text).unwrap();
        let options = LoadOptions::default();
        source::TEST_PART_BYTES.set(Some(4_096));
        let loaded = load_path(&path, &options);
        let stopped = LoadOptions::default();
        stopped.progress.stop();
        let cancelled = load_path(&path, &stopped);
        source::TEST_PART_BYTES.set(None);
        assert_eq!(loaded.unwrap().report.rows_read, 3_001);
        assert_eq!(
            options.progress.bytes(),
            (text.len() as u64, text.len() as u64)
        );
        assert_eq!(options.progress.rows(), 3_001);
        assert!(
            matches!(cancelled, Err(LoadError::Cancelled { .. })),
            "{cancelled:?}"
        );
        // Rows of the first part at most were read before it stopped.
        assert!(stopped.progress.rows() < 3_001);
    }

    #[test]
    fn a_table_read_in_parts_loads_the_same_as_whole() {
        let text = tidy_text(3_000);
        let whole = load_with_parts(&text, None);
        let parted = load_with_parts(&text, Some(4_096));
        assert!(
            whole.dataset.frame.equals_missing(&parted.dataset.frame),
            "{:?}\n{:?}",
            whole.dataset.frame,
            parted.dataset.frame
        );
        assert_eq!(parted.dataset.len(), 2_998);
        // Rows in later parts are numbered in the file, as when read whole.
        let skipped = |l: &Loaded| -> Vec<(usize, String, String)> {
            l.report
                .skipped
                .iter()
                .map(|s| (s.row, s.value.clone(), s.reason.clone()))
                .collect()
        };
        assert_eq!(skipped(&parted), skipped(&whole));
        assert_eq!(
            skipped(&parted),
            vec![
                (2_997, "n/a?".into(), "not a number".into()),
                (
                    2_998,
                    "someday".into(),
                    "not a year, date or timestamp".into()
                ),
            ]
        );
        assert_eq!(parted.report.conflicts.len(), 1);
        assert_eq!(parted.report.conflicts[0].rows, vec![2, 3_002]);
        assert_eq!(
            parted.report.conflicts[0].rows,
            whole.report.conflicts[0].rows
        );
        assert_eq!(parted.report.rows_read, whole.report.rows_read);
    }

    #[test]
    fn cells_without_a_value_are_counted_with_their_lines_in_every_part() {
        let mut text = String::from("city,indicator,year,value\n");
        for i in 0..3_000 {
            let value = match i % 500 {
                7 => String::new(),
                8 => "n/a".into(),
                _ => format!("{}.5", i % 90),
            };
            text.push_str(&format!("Almaty,pm25,{},{value}\n", 1950 + i % 100));
        }
        // A short row: no year, no value.
        text.push_str("Baku,pm25\n");
        let whole = load_with_parts(&text, None);
        let parted = load_with_parts(&text, Some(4_096));
        for l in [&whole, &parted] {
            assert_eq!(l.report.missing_total, 13);
            assert_eq!(l.report.skipped_total, 0);
            assert_eq!(l.report.rows_read, 3_001);
        }
        assert_eq!(parted.report.missing, whole.report.missing);
        let lines: Vec<usize> = parted.report.missing.iter().map(|m| m.row).collect();
        assert_eq!(
            lines,
            vec![
                9, 10, 509, 510, 1_009, 1_010, 1_509, 1_510, 2_009, 2_010, 2_509, 2_510, 3_002
            ]
        );
        assert!(parted.report.missing.iter().all(|m| m.column == "value"));
    }

    #[test]
    fn slashed_dates_read_the_same_way_in_every_part() {
        // Ambiguous dates (03/04) for the first 5,200 rows, then a part where 12/31 would tell
        // month first: the first part's order holds for the whole table, as when read whole.
        let mut text = String::from("city,indicator,date,value\n");
        for i in 0..6_000 {
            let (day, month, year) = (1 + i % 12, 1 + (i / 12) % 12, 1950 + i / 144);
            text.push_str(&format!("Almaty,pm25,{day:02}/{month:02}/{year},1.5\n"));
            if i >= 5_200 && i % 2 == 0 {
                text.push_str(&format!("Baku,pm25,12/31/{year},2.5\n"));
            }
        }
        let whole = load_with_parts(&text, None);
        let parted = load_with_parts(&text, Some(4_096));
        assert!(whole.dataset.frame.equals_missing(&parted.dataset.frame));
        assert_eq!(parted.dataset.len(), 6_000);
        assert_eq!(parted.report.skipped_total, 400);
        assert_eq!(parted.report.skipped_total, whole.report.skipped_total);
        assert!(
            parted
                .report
                .notes
                .iter()
                .any(|n| n.contains("read day first")),
            "{:?}",
            parted.report.notes
        );
    }

    #[test]
    fn a_wide_table_read_in_parts_loads_the_same_as_whole() {
        let mut text =
            String::from("City or Locality,Measurement Year,PM2.5 (μg/m3),NO2 (μg/m3)\n");
        for i in 0..2_000 {
            let no2 = if i % 7 == 0 {
                String::new()
            } else {
                format!("{}", i % 50)
            };
            text.push_str(&format!(
                "Town {},{},{}.25,{no2}\n",
                i % 100,
                1950 + i / 100,
                i % 60
            ));
        }
        let whole = load_with_parts(&text, None);
        let parted = load_with_parts(&text, Some(4_096));
        assert_eq!(parted.report.layout, Layout::WideByIndicator);
        assert_eq!(parted.report.value_columns, whole.report.value_columns);
        // Observations come part by part, each part's indicators in turn: the same ones.
        assert!(sorted(&whole).equals_missing(&sorted(&parted)));
        assert_eq!(parted.dataset.len(), 2_000 + 2_000 - 286);
    }

    #[test]
    fn a_header_over_two_lines_read_in_parts_loads_the_same_as_whole() {
        let mut text = String::from("City;Year;Annual mean, µg/m³;\n;;PM2.5;NO2\n");
        for i in 0..2_000 {
            text.push_str(&format!(
                "Town {};{};{},25;{}\n",
                i % 100,
                1950 + i / 100,
                i % 60,
                i % 50
            ));
        }
        let whole = load_with_parts(&text, None);
        let parted = load_with_parts(&text, Some(4_096));
        for l in [&whole, &parted] {
            assert_eq!(
                l.report.value_columns,
                vec!["PM2.5 (µg/m³)".to_string(), "NO2 (µg/m³)".to_string()]
            );
            assert_eq!(l.dataset.len(), 4_000);
            assert_eq!(l.report.skipped_total, 0);
        }
        // Observations come part by part, each part's indicators in turn: the same ones.
        assert!(sorted(&whole).equals_missing(&sorted(&parted)));
    }
}
