//! Options for loading a file. The common case needs none: everything is detected.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::error::LoadError;

/// The role a column plays in the tidy model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Place,
    Country,
    Indicator,
    Time,
    Value,
    Unit,
    Source,
    /// A measuring station (OpenAQ's `location`, `Station`, `Пост`): kept beside the place,
    /// several stations of one place at one time are averaged to the place.
    Station,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Place,
        Role::Country,
        Role::Indicator,
        Role::Time,
        Role::Value,
        Role::Unit,
        Role::Source,
        Role::Station,
    ];

    /// The role's name as used in `--map`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Place => "place",
            Role::Country => "country",
            Role::Indicator => "indicator",
            Role::Time => "time",
            Role::Value => "value",
            Role::Unit => "unit",
            Role::Source => "source",
            Role::Station => "station",
        }
    }

    fn parse(s: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.name() == s.trim().to_lowercase())
    }
}

/// Column names given by the user, overriding detection for those roles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ColumnMapping(pub Vec<(Role, String)>);

impl ColumnMapping {
    /// Parses `place=COL,time=COL,…`.
    pub fn parse(spec: &str) -> Result<ColumnMapping, LoadError> {
        let mut out = Vec::new();
        for pair in spec.split(',').filter(|p| !p.trim().is_empty()) {
            let (role, column) = pair
                .split_once('=')
                .ok_or_else(|| LoadError::BadMapSyntax(spec.to_string()))?;
            let role =
                Role::parse(role).ok_or_else(|| LoadError::BadMapSyntax(spec.to_string()))?;
            out.push((role, column.trim().to_string()));
        }
        Ok(ColumnMapping(out))
    }

    /// The column the user named for a role.
    pub fn get(&self, role: Role) -> Option<&str> {
        self.0
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, c)| c.as_str())
    }
}

/// What to keep when a file has two values for the same place, station, indicator, source and
/// time (values of different sources are kept apart and blended, with a note, by the chart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConflictPolicy {
    /// The mean of the values (the default).
    #[default]
    Mean,
    /// The value of the first row.
    First,
    /// The value of the last row.
    Last,
    /// The largest value.
    Max,
}

impl ConflictPolicy {
    /// Every policy.
    pub const ALL: [ConflictPolicy; 4] = [
        ConflictPolicy::Mean,
        ConflictPolicy::First,
        ConflictPolicy::Last,
        ConflictPolicy::Max,
    ];

    /// What the policy keeps, for help texts.
    pub fn description(self) -> &'static str {
        match self {
            ConflictPolicy::Mean => "the mean of the values (the default)",
            ConflictPolicy::First => "the value of the first row",
            ConflictPolicy::Last => "the value of the last row",
            ConflictPolicy::Max => "the largest value",
        }
    }

    /// Combines conflicting values (in file order) into the one kept.
    pub fn resolve(self, values: &[f64]) -> f64 {
        match self {
            ConflictPolicy::Mean => values.iter().sum::<f64>() / values.len() as f64,
            ConflictPolicy::First => values[0],
            ConflictPolicy::Last => values[values.len() - 1],
            ConflictPolicy::Max => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ConflictPolicy::Mean => "mean",
            ConflictPolicy::First => "first",
            ConflictPolicy::Last => "last",
            ConflictPolicy::Max => "max",
        }
    }
}

/// How to load a file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LoadOptions {
    /// Columns named by the user, overriding detection.
    pub mapping: ColumnMapping,
    /// The spreadsheet sheet to read (default: the first one with a table).
    pub sheet: Option<String>,
    /// What to keep when values conflict.
    pub conflict_policy: ConflictPolicy,
    /// The year to give observations of a file that has no time column.
    pub default_year: Option<i32>,
    /// The indicator name for files whose values carry no indicator (one value column).
    pub indicator: Option<String>,
    /// Keep only the observations of some places and indicators (for one-off jobs such as an
    /// export on a large file); the report then covers the kept rows only.
    pub keep: Option<RowFilter>,
    /// Have the source compute means per this period, when it can (a database table with a
    /// date or timestamp column and numeric values; files ignore it): for jobs whose charts
    /// read no finer rows (an export, a view of the window, a table's listing). The dataset
    /// then says so in [`super::Dataset::aggregated`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregate: Option<super::query::Period>,
    /// Where a load of a large text file reports how far it got, and is asked to stop.
    #[serde(skip)]
    pub progress: LoadProgress,
}

/// How far a load of a large text file got — the bytes of the file parsed and the data rows
/// read — shared with whoever watches it (the window's status bar), and a flag asking the load
/// to stop (checked between the file's parts of 8 MiB, it then fails with
/// [`super::LoadError::Cancelled`]). Clones share the counts. It never changes what loads:
/// all handles compare equal.
#[derive(Debug, Clone, Default)]
pub struct LoadProgress(std::sync::Arc<ProgressCounts>);

#[derive(Debug, Default)]
struct ProgressCounts {
    bytes: AtomicU64,
    total: AtomicU64,
    rows: AtomicU64,
    stop: AtomicBool,
}

impl PartialEq for LoadProgress {
    fn eq(&self, _: &LoadProgress) -> bool {
        true
    }
}

impl LoadProgress {
    /// The bytes parsed so far and the file's size (0 while unknown).
    pub fn bytes(&self) -> (u64, u64) {
        let c = &self.0;
        (
            c.bytes.load(Ordering::Relaxed),
            c.total.load(Ordering::Relaxed),
        )
    }

    /// The data rows read so far.
    pub fn rows(&self) -> u64 {
        self.0.rows.load(Ordering::Relaxed)
    }

    /// Asks the load to stop at its next part.
    pub fn stop(&self) {
        self.0.stop.store(true, Ordering::Relaxed);
    }

    /// Whether the load was asked to stop.
    pub fn stopped(&self) -> bool {
        self.0.stop.load(Ordering::Relaxed)
    }

    pub(crate) fn set_total(&self, total: u64) {
        self.0.total.store(total, Ordering::Relaxed);
    }

    /// Records that the file was parsed up to byte `end`.
    pub(crate) fn parsed_to(&self, end: u64) {
        self.0.bytes.fetch_max(end, Ordering::Relaxed);
    }

    pub(crate) fn add_rows(&self, rows: u64) {
        self.0.rows.fetch_add(rows, Ordering::Relaxed);
    }
}

/// Places and indicators to keep, by canonical name or catalog id (an empty list keeps all),
/// and the years to keep (inclusive; `None` leaves that side open). Rows without a time are
/// kept whatever the years, so that charts still name them as undated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RowFilter {
    pub places: Vec<String>,
    pub indicators: Vec<String>,
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
}

impl RowFilter {
    /// The times kept, decided once for checking many rows.
    pub fn times(&self) -> TimeWindow {
        if (self.from_year, self.to_year) == (None, None) {
            return TimeWindow(None);
        }
        let start = self.from_year.map_or(i64::MIN, super::time::year_ms);
        let end = self
            .to_year
            .and_then(|y| y.checked_add(1))
            .map_or(i64::MAX, super::time::year_ms);
        TimeWindow(Some(start..end))
    }

    /// Whether a row of time `ms` (`NULL_TIME` for none) is within the years kept.
    pub fn keeps_time(&self, ms: i64) -> bool {
        self.times().keeps(ms)
    }
}

/// The times a [`RowFilter`] keeps, in ms since 1970 UTC (`None`: every time).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeWindow(Option<std::ops::Range<i64>>);

impl TimeWindow {
    /// Whether every time is kept (no years asked for).
    pub fn keeps_all(&self) -> bool {
        self.0.is_none()
    }

    /// Whether a row of time `ms` is kept: rows without a time (`NULL_TIME`) always are.
    pub fn keeps(&self, ms: i64) -> bool {
        match &self.0 {
            None => true,
            Some(range) => ms == super::dataset::NULL_TIME || range.contains(&ms),
        }
    }
}

impl LoadOptions {
    pub fn with_mapping(mut self, mapping: ColumnMapping) -> Self {
        self.mapping = mapping;
        self
    }
    pub fn with_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }
    pub fn with_conflict_policy(mut self, policy: ConflictPolicy) -> Self {
        self.conflict_policy = policy;
        self
    }
    pub fn with_default_year(mut self, year: i32) -> Self {
        self.default_year = Some(year);
        self
    }
    pub fn with_indicator(mut self, indicator: impl Into<String>) -> Self {
        self.indicator = Some(indicator.into());
        self
    }
}
