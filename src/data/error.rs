//! The ways loading a file can fail outright. Problems with individual rows are not errors:
//! they are listed in the [`super::LoadReport`] and the good rows still load.

/// A file could not be loaded at all. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: cannot read the file: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: found {found}; expected a table with a header row and data rows below it")]
    NoTable { path: String, found: String },
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
    #[error(
        "{path}: this is {what}, not a data table; citydash reads CSV, TSV and TXT tables, Excel and OpenDocument workbooks (xlsx, xls, ods), Parquet and JSON records"
    )]
    NotData { path: String, what: &'static str },
    #[error("{path}: no sheet named {sheet:?}; the workbook has {available:?}")]
    NoSheet {
        path: String,
        sheet: String,
        available: Vec<String>,
    },
    #[error(
        "{path}: no column names the place (city or country); found columns {columns:?}; expected one named like city, City or Locality, city_name, Город, country or Country Name — or say which with --map place=COLUMN"
    )]
    NoPlaceColumn { path: String, columns: Vec<String> },
    #[error(
        "{path}: no numeric data found; found columns {columns:?}; expected a value column with an indicator column, one column per indicator, or one column per year — or say which with --map value=COLUMN,indicator=COLUMN"
    )]
    NoValues { path: String, columns: Vec<String> },
    #[error("{path}: --map {role}={column}: no such column; the file has {available:?}")]
    BadMapping {
        path: String,
        role: String,
        column: String,
        available: Vec<String>,
    },
    #[error(
        "{path}: nothing usable: {found}; {skipped} rows skipped, first problem: {first_problem}"
    )]
    NothingUsable {
        path: String,
        found: String,
        skipped: usize,
        first_problem: String,
    },
    #[error(
        "{path}: the {reader} failed on this file ({message}); the file may be damaged or of a kind it cannot read"
    )]
    ReaderFailed {
        path: String,
        reader: &'static str,
        message: String,
    },
    #[error(
        "{path}: {what} is over the limit of {limit} ({setting}); the file is too large to read whole"
    )]
    TooLarge {
        path: String,
        what: String,
        limit: String,
        setting: &'static str,
    },
    #[error("{path}: the load was cancelled")]
    Cancelled { path: String },
    #[error(
        "invalid --map {0:?}: expected ROLE=COLUMN pairs separated by commas, roles: place, country, indicator, time, value, unit, source"
    )]
    BadMapSyntax(String),
}

impl LoadError {
    /// The file's columns and sheets when the load failed because its columns or sheet could
    /// not be decided, so that the user can choose them (`--map`, `--sheet`, the window's Map
    /// columns dialog); `None` for other failures.
    pub fn choices(&self) -> Option<(Vec<String>, Vec<String>)> {
        match self {
            LoadError::NoPlaceColumn { columns, .. } | LoadError::NoValues { columns, .. } => {
                Some((columns.clone(), Vec::new()))
            }
            LoadError::BadMapping { available, .. } => Some((available.clone(), Vec::new())),
            LoadError::NoSheet { available, .. } => Some((Vec::new(), available.clone())),
            _ => None,
        }
    }
}
