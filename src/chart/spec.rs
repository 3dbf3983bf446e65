//! A chart spec: what decides the data ([`ChartQuery`]), what decides the picture
//! ([`FigureOptions`]), and the data files it was made from. Saved as JSON by the window and
//! read by `citydash export --spec`.

use serde::{Deserialize, Serialize};

use super::query::ChartQuery;

/// A chart as saved and exported: the query, the figure options and the data files.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ChartSpec {
    /// What decides the data. Its fields sit at the top level of the JSON.
    #[serde(flatten)]
    pub query: ChartQuery,
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
    /// The language of the figure's words and numbers.
    pub lang: crate::i18n::Lang,
}

impl Default for FigureOptions {
    fn default() -> Self {
        FigureOptions {
            width: 1600,
            height: 900,
            scale: 1.0,
            dark: false,
            lang: crate::i18n::Lang::En,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::{Relative, View};

    #[test]
    fn spec_round_trips_through_json() {
        let mut spec = ChartSpec::default();
        spec.query.view = View::Ranking;
        spec.query.from_year = Some(2012);
        spec.query.options.log_scale = true;
        spec.query.options.relative = Relative::Index100;
        spec.figure.width = 1200;
        let json = serde_json::to_string(&spec).unwrap();
        assert!(json.contains("\"view\":\"ranking\""), "{json}");
        let back: ChartSpec = serde_json::from_str(&json).unwrap();
        assert_eq!(back, spec);
    }

    #[test]
    fn specs_saved_before_the_query_split_still_open() {
        let old = r#"{"view":"compare","indicator":"no2","cities":["Baku","Tbilisi"],
            "options":{"per":"month"},"figure":{"width":800,"height":450,"scale":2.0,"dark":true}}"#;
        let spec: ChartSpec = serde_json::from_str(old).unwrap();
        assert_eq!(spec.query.view, View::Compare);
        assert_eq!(
            spec.query.cities,
            vec!["Baku".to_string(), "Tbilisi".to_string()]
        );
        assert_eq!(spec.query.options.per, crate::data::query::Period::Month);
        assert_eq!(spec.figure.pixels(), [1600, 900]);
        assert!(spec.figure.dark);
    }
}
