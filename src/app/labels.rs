//! What the loader decided (file format, layout, time resolution, conflict policy, column
//! roles), named in the window's language. The data layer's own names stay English for the
//! command line and JSON reports.

use crate::data::options::{ConflictPolicy, Role};
use crate::data::report::Layout;
use crate::data::sniff::FileFormat;
use crate::data::time::TimeResolution;
use crate::i18n::{Lang, tr};

/// A file format, e.g. "текст с разделителями".
pub fn format(lang: Lang, f: FileFormat) -> String {
    tr(
        lang,
        match f {
            FileFormat::Csv => "format-delimited-text",
            FileFormat::Excel => "format-spreadsheet",
            FileFormat::Parquet => "format-parquet",
            FileFormat::Json => "format-json",
        },
    )
}

/// A table layout, e.g. "wide by year (one column per year)".
pub fn layout(lang: Lang, l: Layout) -> String {
    tr(
        lang,
        match l {
            Layout::Tidy => "layout-tidy",
            Layout::MeasurementLog => "layout-log",
            Layout::WideByIndicator => "layout-wide-indicator",
            Layout::WideByYear => "layout-wide-year",
        },
    )
}

/// A time resolution: year, month, day or timestamp.
pub fn resolution(lang: Lang, r: TimeResolution) -> String {
    tr(
        lang,
        match r {
            TimeResolution::Year => "resolution-year",
            TimeResolution::Month => "resolution-month",
            TimeResolution::Date => "resolution-day",
            TimeResolution::Timestamp => "resolution-timestamp",
        },
    )
}

/// How repeated values were combined: mean, first, last or max.
pub fn policy(lang: Lang, p: ConflictPolicy) -> String {
    tr(
        lang,
        match p {
            ConflictPolicy::Mean => "policy-mean",
            ConflictPolicy::First => "policy-first",
            ConflictPolicy::Last => "policy-last",
            ConflictPolicy::Max => "policy-max",
        },
    )
}

/// A column role: place, country, indicator, time, value, unit or source.
pub fn role(lang: Lang, r: Role) -> String {
    tr(
        lang,
        match r {
            Role::Place => "role-place",
            Role::Country => "role-country",
            Role::Indicator => "role-indicator",
            Role::Time => "role-time",
            Role::Value => "role-value",
            Role::Unit => "role-unit",
            Role::Source => "role-source",
            Role::Station => "role-station",
        },
    )
}
