//! Colours and line styles: a colour-blind-safe palette, with line styles that keep more than
//! the palette's colours apart.

use egui::Color32;
use egui_plot::LineStyle;

/// Okabe–Ito's colour-blind-safe palette, then Paul Tol's muted scheme; the first twelve read
/// on light and dark backgrounds alike (Okabe–Ito's black and Tol's indigo come last).
pub const PALETTE: [Color32; 14] = [
    Color32::from_rgb(0, 114, 178),
    Color32::from_rgb(230, 159, 0),
    Color32::from_rgb(0, 158, 115),
    Color32::from_rgb(213, 94, 0),
    Color32::from_rgb(204, 121, 167),
    Color32::from_rgb(86, 180, 233),
    Color32::from_rgb(181, 148, 16),
    Color32::from_rgb(136, 34, 85),
    Color32::from_rgb(153, 153, 51),
    Color32::from_rgb(136, 204, 238),
    Color32::from_rgb(68, 170, 153),
    Color32::from_rgb(204, 102, 119),
    Color32::from_rgb(68, 68, 68),
    Color32::from_rgb(51, 34, 136),
];

/// How many cities get distinct colours; further cities reuse them with dashed, then dotted
/// lines.
pub const DISTINCT_COLORS: usize = 12;

/// The colour of a city's slot (see [`place_slots`]).
pub fn city_color(slot: usize) -> Color32 {
    PALETTE[slot % DISTINCT_COLORS]
}

/// The line style of a city's slot: solid for the first round of colours, then dashed, then
/// dotted.
pub fn city_line_style(slot: usize) -> LineStyle {
    match (slot / DISTINCT_COLORS) % 3 {
        0 => LineStyle::Solid,
        1 => LineStyle::Dashed { length: 8.0 },
        _ => LineStyle::Dotted { spacing: 6.0 },
    }
}

/// The marker shape of a slot's points (scatter plots): a circle for the first round of
/// colours, then a square, a diamond and a triangle, so that no two of up to 48 countries
/// look alike.
pub fn point_shape(slot: usize) -> egui_plot::MarkerShape {
    match (slot / DISTINCT_COLORS) % 4 {
        0 => egui_plot::MarkerShape::Circle,
        1 => egui_plot::MarkerShape::Square,
        2 => egui_plot::MarkerShape::Diamond,
        _ => egui_plot::MarkerShape::Up,
    }
}

/// A place's own colour: a stable hash (FNV-1a) of its match key, so that a city keeps its
/// colour across views, sessions and the figures of a report whatever order it was picked in.
fn home_color(place: &str) -> usize {
    let key = crate::data::catalog::match_key(place);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % DISTINCT_COLORS as u64) as usize
}

/// The slots (colour and line style) of places drawn together: each place takes its own
/// colour; when an earlier place already has it, the next free colour; past
/// [`DISTINCT_COLORS`] places, colours repeat with another line style.
pub fn place_slots(places: &[String]) -> Vec<usize> {
    let mut used = [0usize; DISTINCT_COLORS];
    places
        .iter()
        .map(|p| {
            let home = home_color(p);
            let round = *used.iter().min().unwrap_or(&0);
            let free = |c: usize| used[c] == round;
            // In the first round, a colour alike to one already drawn is passed over while
            // an unlike one is free.
            let unlike =
                |c: usize| round > 0 || (0..DISTINCT_COLORS).all(|u| used[u] == 0 || !alike(c, u));
            let order = (0..DISTINCT_COLORS).map(|k| (home + k) % DISTINCT_COLORS);
            let color = order
                .clone()
                .find(|&c| free(c) && unlike(c))
                .or_else(|| order.clone().find(|&c| free(c)))
                .unwrap_or(home);
            used[color] += 1;
            round * DISTINCT_COLORS + color
        })
        .collect()
}

/// Whether two palette colours are hard to tell apart in a legend: a "redmean" RGB distance
/// (Riemersma's low-cost approximation of perceived colour difference) under 125, which pairs
/// the two sky blues, the two greens, the ochres with the olive, and the two pinks.
fn alike(a: usize, b: usize) -> bool {
    let (p, q) = (PALETTE[a], PALETTE[b]);
    let r = (f32::from(p.r()) + f32::from(q.r())) / 2.0;
    let dr = f32::from(p.r()) - f32::from(q.r());
    let dg = f32::from(p.g()) - f32::from(q.g());
    let db = f32::from(p.b()) - f32::from(q.b());
    let d2 = (2.0 + r / 256.0) * dr * dr + 4.0 * dg * dg + (2.0 + (255.0 - r) / 256.0) * db * db;
    a != b && d2 < 125.0 * 125.0
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_keep_their_colour_and_stay_distinct() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // A city's colour does not depend on the view or on the order it was picked in, as
        // long as no city picked before it has that colour.
        let alone = place_slots(&names(&["Tashkent"]))[0];
        assert_eq!(place_slots(&names(&["Tashkent", "Astana"]))[0], alone);
        let a = place_slots(&names(&["Astana", "Almaty", "Tashkent"]));
        let before = [a[0], a[1]];
        assert!(a[2] == alone || before.contains(&alone), "{a:?} {alone}");
        assert_eq!(place_slots(&names(&["Almaty", "Astana"])), vec![a[1], a[0]]);
        // Up to six places, no two colours are alike (no two sky blues, no two greens).
        let six = names(&["Astana", "Almaty", "Tashkent", "Baku", "Xi'an", "Bishkek"]);
        let colors: Vec<usize> = place_slots(&six).iter().map(|s| s % 12).collect();
        for (i, a) in colors.iter().enumerate() {
            for b in &colors[i + 1..] {
                assert!(!alike(*a, *b), "{six:?} drawn in alike colours {colors:?}");
            }
        }
        let twelve: Vec<String> = (0..12).map(|i| format!("City {i}")).collect();
        let slots = place_slots(&twelve);
        let mut colors: Vec<usize> = slots.iter().map(|s| s % DISTINCT_COLORS).collect();
        colors.sort();
        colors.dedup();
        assert_eq!(colors.len(), 12, "twelve cities, twelve colours");
        let mut more = twelve.clone();
        more.push("City 12".into());
        let slots = place_slots(&more);
        assert!(slots[12] >= DISTINCT_COLORS, "the 13th city is dashed");
        assert_eq!(
            city_line_style(slots[12]),
            LineStyle::Dashed { length: 8.0 }
        );
    }
}
