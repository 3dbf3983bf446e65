//! Colours and line styles: a colour-blind-safe palette, with line styles that keep more than
//! the palette's colours apart.

use egui::Color32;
use egui_plot::LineStyle;

/// Okabe–Ito's colour-blind-safe palette, then Paul Tol's muted scheme.
pub const PALETTE: [Color32; 14] = [
    Color32::from_rgb(0, 114, 178),
    Color32::from_rgb(230, 159, 0),
    Color32::from_rgb(0, 158, 115),
    Color32::from_rgb(213, 94, 0),
    Color32::from_rgb(204, 121, 167),
    Color32::from_rgb(86, 180, 233),
    Color32::from_rgb(181, 148, 16),
    Color32::from_rgb(68, 68, 68),
    Color32::from_rgb(51, 34, 136),
    Color32::from_rgb(136, 204, 238),
    Color32::from_rgb(68, 170, 153),
    Color32::from_rgb(153, 153, 51),
    Color32::from_rgb(204, 102, 119),
    Color32::from_rgb(136, 34, 85),
];

/// The colour of the `i`-th selected city.
pub fn city_color(i: usize) -> Color32 {
    PALETTE[i % PALETTE.len()]
}

/// The line style of the `i`-th selected city: solid for the first round of colours, then
/// dashed, then dotted.
pub fn city_line_style(i: usize) -> LineStyle {
    match (i / PALETTE.len()) % 3 {
        0 => LineStyle::Solid,
        1 => LineStyle::Dashed { length: 8.0 },
        _ => LineStyle::Dotted { spacing: 6.0 },
    }
}

/// Bar colours of the ranking: meets the guideline, does not, no guideline.
pub const MEETS: Color32 = Color32::from_rgb(0, 158, 115);
pub const EXCEEDS: Color32 = Color32::from_rgb(213, 94, 0);
pub const NEUTRAL: Color32 = Color32::from_rgb(0, 114, 178);
pub const GUIDELINE: Color32 = Color32::from_rgb(90, 90, 90);

/// DejaVu Sans (free licence): the arrows, subscripts (NO₂), µ/³ and the Kazakh letters
/// (Ә Ғ Қ Ң Ө Ұ Ү Һ І) egui's default font lacks.
pub const DEJAVU_SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Noto Sans CJK SC cut to GB2312 (SIL Open Font License; `assets/fonts/README.md`): Chinese
/// place names such as 北京, 西安, 宝鸡.
pub const NOTO_SANS_SC: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-subset.otf");

/// The fonts of the window and figures: egui's default, then DejaVu Sans, then Noto Sans SC
/// as the last fallback — all embedded, so text looks the same on every machine. Installing
/// twice on one context does nothing.
pub fn install_fonts(ctx: &egui::Context) {
    let key = egui::Id::unique("citydash fonts");
    if ctx.data(|d| d.get_temp::<bool>(key)).unwrap_or(false) {
        return;
    }
    let mut fonts = egui::FontDefinitions::default();
    for (name, bytes) in [("dejavu-sans", DEJAVU_SANS), ("noto-sans-sc", NOTO_SANS_SC)] {
        let data = std::sync::Arc::new(egui::FontData::from_static(bytes));
        fonts.font_data.insert(name.into(), data);
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts.families.entry(family).or_default().push(name.into());
        }
    }
    ctx.set_fonts(fonts);
    ctx.data_mut(|d| d.insert_temp(key, true));
}
