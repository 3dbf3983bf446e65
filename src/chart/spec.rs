//! The chart description the window edits, exports render and the command line takes.

use serde::{Deserialize, Serialize};

use crate::data::catalog::Theme;
use crate::data::query::Period;

/// Which view of the data is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    OverTime,
    Ranking,
    Compare,
    Multiples,
    Table,
    Sources,
}

impl View {
    pub const ALL: [View; 6] = [
        View::OverTime,
        View::Ranking,
        View::Compare,
        View::Multiples,
        View::Table,
        View::Sources,
    ];

    pub fn label(self) -> &'static str {
        match self {
            View::OverTime => "Over time",
            View::Ranking => "Ranking",
            View::Compare => "Compare",
            View::Multiples => "Small multiples",
            View::Table => "Table",
            View::Sources => "Sources",
        }
    }
}

/// Show values as they are, indexed to 100 at the first year, or as % change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Relative {
    #[default]
    Off,
    Index100,
    PercentChange,
}

/// Options of a chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartOptions {
    pub log_scale: bool,
    pub relative: Relative,
    pub show_interim: bool,
    /// Aggregation of sub-annual data.
    pub per: Period,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            log_scale: false,
            relative: Relative::Off,
            show_interim: false,
            per: Period::Year,
        }
    }
}

/// A chart: the view, what it shows and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartSpec {
    pub view: View,
    /// Catalog id (or name as in the file) of the indicator of over-time and ranking views.
    pub indicator: String,
    /// The theme whose indicators small multiples show.
    pub theme_group: Theme,
    /// Canonical place names, in the order they were selected (which fixes their colours).
    pub cities: Vec<String>,
    pub from_year: Option<i32>,
    pub to_year: Option<i32>,
    /// The ranking's year (latest with data when none).
    pub year: Option<i32>,
    pub options: ChartOptions,
}

/// Five Central Asian capitals: the first view on the sample data.
pub const DEFAULT_CITIES: [&str; 5] = ["Astana", "Almaty", "Tashkent", "Bishkek", "Dushanbe"];

impl Default for ChartSpec {
    fn default() -> Self {
        ChartSpec {
            view: View::OverTime,
            indicator: "pm25".into(),
            theme_group: Theme::Air,
            cities: DEFAULT_CITIES.iter().map(|c| c.to_string()).collect(),
            from_year: None,
            to_year: None,
            year: None,
            options: ChartOptions::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_round_trips_through_json() {
        let mut spec = ChartSpec {
            view: View::Ranking,
            from_year: Some(2012),
            ..Default::default()
        };
        spec.options.log_scale = true;
        spec.options.relative = Relative::Index100;
        let json = serde_json::to_string(&spec).unwrap();
        assert!(json.contains("\"view\":\"ranking\""), "{json}");
        let back: ChartSpec = serde_json::from_str(&json).unwrap();
        assert_eq!(back, spec);
    }
}
