//! The data layer: reading analysts' files into one tidy dataset, the catalog of indicators
//! and places, queries, and tidy CSV output. Nothing here depends on a user interface.

pub mod catalog;
pub mod cells;
pub mod dataset;
pub mod error;
pub mod layout;
pub mod options;
pub mod query;
pub mod report;
pub mod sniff;
pub mod source;
pub mod text;
pub mod tidy;
pub mod time;
pub mod timing;
pub mod write;

use std::path::Path;

pub use catalog::Catalog;
pub use dataset::{Dataset, Summary};
pub use error::LoadError;
pub use options::{ColumnMapping, ConflictPolicy, LoadOptions, Role, RowFilter};
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
            let release = |part: &[u8]| {
                let start = part.as_ptr() as usize;
                let base = map.as_ptr() as usize;
                if start >= base && start + part.len() <= base + map.len() {
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
    release: &dyn Fn(&[u8]),
) -> Result<Loaded, LoadError> {
    let format =
        format.unwrap_or_else(|| sniff::detect_format(name, &bytes[..bytes.len().min(64)]));
    let raw = source::read_raw(bytes, format, name, options.sheet.as_deref(), release)?;
    release(bytes);
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
    let dataset = tidy::build(raw, options, Catalog::bundled(), &mut report)?;
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

/// File extensions of the formats the loader reads.
pub const DATA_EXTENSIONS: [&str; 9] = [
    "csv", "tsv", "txt", "xlsx", "xls", "xlsm", "ods", "parquet", "json",
];

/// A file stays itself; a folder becomes the data files directly in it, sorted.
pub fn data_files(path: &Path) -> Vec<std::path::PathBuf> {
    if !path.is_dir() {
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
