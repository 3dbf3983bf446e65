//! The load report: every decision the loader made and everything it skipped, with positions.

use serde::{Deserialize, Serialize};

use super::options::{ConflictPolicy, Role};
use super::sniff::FileFormat;

/// How many skipped rows and conflicts are kept in detail; the rest are counted.
pub const DETAIL_CAP: usize = 200;

/// The shape of the table in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// A value column with indicator and time columns: one observation per row.
    Tidy,
    /// Timestamped measurements with a parameter column (OpenAQ-style logs).
    MeasurementLog,
    /// One row per place (and time), one column per indicator.
    WideByIndicator,
    /// One row per place (and indicator), one column per year.
    WideByYear,
}

impl Layout {
    pub fn label(self) -> &'static str {
        match self {
            Layout::Tidy => "tidy (one observation per row)",
            Layout::MeasurementLog => "measurement log (timestamped, parameter column)",
            Layout::WideByIndicator => "wide by indicator (one column per indicator)",
            Layout::WideByYear => "wide by year (one column per year)",
        }
    }
}

/// A row (or cell) the loader did not take, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedRow {
    /// Line (text files) or row (spreadsheets) number in the file, 1-based.
    pub row: usize,
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// A value cell that held no value: empty, or a missing-data mark (`n/a`, `..`, `-`). Left
/// out as missing data, not an error, and counted so that the report says how many.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissingCell {
    /// Line (text files) or row (spreadsheets) number in the file, 1-based.
    pub row: usize,
    pub column: String,
}

/// How many cells without a value are kept in detail; the rest are counted.
pub const MISSING_DETAIL_CAP: usize = 20;

/// Two or more values for the same place, station, indicator, source and time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub place: String,
    /// The station, when the file names stations (readings of one station at one time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
    pub indicator: String,
    pub time: String,
    pub rows: Vec<usize>,
    pub values: Vec<f64>,
    pub kept: f64,
}

/// Everything the loader decided or skipped while reading one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoadReport {
    pub path: String,
    pub format: FileFormat,
    pub layout: Layout,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub decimal_comma: bool,
    pub sheet: Option<String>,
    pub header_row: usize,
    pub preamble_lines: usize,
    /// Columns used for each role.
    pub columns: Vec<(Role, String)>,
    /// Columns read as indicators (wide by indicator) or years (wide by year).
    pub value_columns: Vec<String>,
    /// Columns not used, with the reason.
    pub ignored_columns: Vec<(String, String)>,
    /// Decisions worth telling the user about.
    pub notes: Vec<String>,
    /// Values converted to their indicator's catalog unit.
    pub conversions: Vec<super::units::UnitConversion>,
    /// Text the file carries about its source (preamble, footnotes, source column).
    pub source_text: Option<String>,
    pub rows_read: usize,
    pub skipped: Vec<SkippedRow>,
    pub skipped_total: usize,
    /// Value cells left out because they held no value (the first
    /// [`MISSING_DETAIL_CAP`]), and how many there were: missing data, not errors.
    #[serde(default)]
    pub missing: Vec<MissingCell>,
    #[serde(default)]
    pub missing_total: usize,
    pub conflicts: Vec<Conflict>,
    pub conflicts_total: usize,
    /// Values that repeat an earlier row's place, station, indicator, source, time and value
    /// exactly (the first [`DETAIL_CAP`] groups, the first row's kept), and how many values
    /// were left out as repeats: kept once, not conflicts, as the values agree.
    #[serde(default)]
    pub duplicates: Vec<Conflict>,
    #[serde(default)]
    pub duplicates_total: usize,
    pub conflict_policy: ConflictPolicy,
    /// The dataset was read from citydash's dataset cache, not parsed (the file is
    /// unchanged since it was parsed; see `data::dataset_cache`).
    #[serde(default)]
    pub cached: bool,
    /// When a cached dataset was stored, in seconds since 1970 (0 when not cached or
    /// unknown).
    #[serde(default, skip_serializing)]
    pub stored: u64,
}

impl LoadReport {
    pub(crate) fn new(path: &str, format: FileFormat) -> LoadReport {
        LoadReport {
            path: path.to_string(),
            format,
            layout: Layout::Tidy,
            encoding: None,
            delimiter: None,
            decimal_comma: false,
            sheet: None,
            header_row: 1,
            preamble_lines: 0,
            columns: Vec::new(),
            value_columns: Vec::new(),
            ignored_columns: Vec::new(),
            notes: Vec::new(),
            conversions: Vec::new(),
            source_text: None,
            rows_read: 0,
            skipped: Vec::new(),
            skipped_total: 0,
            missing: Vec::new(),
            missing_total: 0,
            conflicts: Vec::new(),
            conflicts_total: 0,
            duplicates: Vec::new(),
            duplicates_total: 0,
            conflict_policy: ConflictPolicy::Mean,
            cached: false,
            stored: 0,
        }
    }

    /// Records a skipped row, keeping the first [`DETAIL_CAP`] in detail.
    pub(crate) fn skip(
        &mut self,
        row: usize,
        column: &str,
        value: &str,
        reason: impl Into<String>,
    ) {
        self.skipped_total += 1;
        if self.skipped.len() < DETAIL_CAP {
            self.skipped.push(SkippedRow {
                row,
                column: column.to_string(),
                value: value.chars().take(80).collect(),
                reason: reason.into(),
            });
        }
    }

    /// Records a value cell without a value (missing data), keeping the first
    /// [`MISSING_DETAIL_CAP`] in detail.
    pub(crate) fn missing_value(&mut self, row: usize, column: &str) {
        self.missing_total += 1;
        if self.missing.len() < MISSING_DETAIL_CAP {
            self.missing.push(MissingCell {
                row,
                column: column.to_string(),
            });
        }
    }

    pub(crate) fn conflict(&mut self, c: Conflict) {
        self.conflicts_total += 1;
        if self.conflicts.len() < DETAIL_CAP {
            self.conflicts.push(c);
        }
    }

    /// Records rows that repeat the first of them exactly (a group whose values agree): all
    /// but the first are left out.
    pub(crate) fn duplicate(&mut self, group: Conflict) {
        self.duplicates_total += group.rows.len().saturating_sub(1);
        if self.duplicates.len() < DETAIL_CAP {
            self.duplicates.push(group);
        }
    }

    /// The column used for a role.
    pub fn column(&self, role: Role) -> Option<&str> {
        self.columns
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, c)| c.as_str())
    }

    /// Number of warnings: skipped rows plus conflicts.
    pub fn warning_count(&self) -> usize {
        self.skipped_total + self.conflicts_total
    }
}
