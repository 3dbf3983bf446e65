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
    /// Size and theme of the exported figure.
    pub figure: FigureOptions,
    /// The data files a saved chart was made from (empty: the bundled sample data).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<String>,
}

/// The exported figure: its size in pixels at scale 1, a scale factor that multiplies the
/// resolution (sharper text and lines, same layout), and its theme.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FigureOptions {
    pub width: u32,
    pub height: u32,
    pub scale: f32,
    pub dark: bool,
}

impl Default for FigureOptions {
    fn default() -> Self {
        FigureOptions {
            width: 1600,
            height: 900,
            scale: 1.0,
            dark: false,
        }
    }
}

/// Figure size presets: name, width, height.
pub const SIZE_PRESETS: [(&str, u32, u32); 5] = [
    ("1200×675", 1200, 675),
    ("1600×900", 1600, 900),
    ("1920×1080", 1920, 1080),
    ("3400×2400 (print)", 3400, 2400),
    ("1080×1080 (square)", 1080, 1080),
];

/// The largest side of an exported image, in pixels (after scaling).
pub const MAX_SIDE: u32 = 10_000;
/// The smallest figure that still has room for its title, chart and footer.
pub const MIN_SIZE: (u32, u32) = (320, 240);

impl FigureOptions {
    /// The image size in pixels: the figure size times the scale.
    pub fn pixels(&self) -> [u32; 2] {
        [
            (self.width as f32 * self.scale).round() as u32,
            (self.height as f32 * self.scale).round() as u32,
        ]
    }

    /// Checks the size and scale, saying what is wrong and what is allowed.
    pub fn validate(&self) -> Result<(), String> {
        if !(1.0..=4.0).contains(&self.scale) {
            return Err(format!("scale {} is outside 1 to 4", self.scale));
        }
        let (min_w, min_h) = MIN_SIZE;
        if self.width < min_w || self.height < min_h {
            return Err(format!(
                "{}×{} px is too small for a figure (at least {min_w}×{min_h})",
                self.width, self.height
            ));
        }
        let [w, h] = self.pixels();
        if w > MAX_SIDE || h > MAX_SIDE {
            return Err(format!(
                "{w}×{h} px is too large (at most {MAX_SIDE} px a side, after scaling)"
            ));
        }
        Ok(())
    }

    /// Points per pixel-free layout unit: large figures lay out like a 1280×720 one, scaled
    /// up, so that their text stays in proportion.
    pub fn layout_zoom(&self) -> f32 {
        (self.width as f32 / 1280.0)
            .min(self.height as f32 / 720.0)
            .clamp(1.0, 3.0)
    }
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
            figure: FigureOptions::default(),
            data: Vec::new(),
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
