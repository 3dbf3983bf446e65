//! Point marks of the scatter and the map: their radii, and labels beside them that keep
//! clear of each other and of the points.

use egui::Align2;
use egui_plot::PlotPoint;

/// Paints point labels so that they do not cover each other or the points: each takes the
/// first free side of its point (right, left, above, below) inside the plot, else the right.
pub fn place_labels(
    painter: &egui::Painter,
    transform: &egui_plot::PlotTransform,
    labels: Vec<(PlotPoint, String, f32)>,
    color: egui::Color32,
) {
    let font = egui::FontId::proportional(12.0);
    let circle =
        |c: egui::Pos2, r: f32| egui::Rect::from_center_size(c, egui::vec2(2.0 * r, 2.0 * r));
    let centres: Vec<(egui::Pos2, f32)> = labels
        .iter()
        .map(|(at, _, r)| (transform.position_from_point(at), *r))
        .collect();
    let mut taken: Vec<egui::Rect> = centres.iter().map(|&(c, r)| circle(c, r)).collect();
    let clip = painter.clip_rect();
    for ((_, text, _), &(centre, r)) in labels.into_iter().zip(&centres) {
        let galley = painter.layout_no_wrap(text, font.clone(), color);
        let gap = r + 3.0;
        let sides = [
            (Align2::LEFT_CENTER, egui::vec2(gap, 0.0)),
            (Align2::RIGHT_CENTER, egui::vec2(-gap, 0.0)),
            (Align2::CENTER_BOTTOM, egui::vec2(0.0, -gap)),
            (Align2::CENTER_TOP, egui::vec2(0.0, gap)),
        ];
        let own = circle(centre, r);
        let fits = |rect: &egui::Rect| {
            clip.contains_rect(*rect)
                && taken
                    .iter()
                    .all(|t| *t == own || !t.shrink(0.5).intersects(*rect))
        };
        let rects = sides
            .iter()
            .map(|(a, d)| a.anchor_size(centre + *d, galley.size()));
        let rect = rects
            .clone()
            .find(fits)
            .unwrap_or_else(|| sides[0].0.anchor_size(centre + sides[0].1, galley.size()));
        taken.push(rect);
        painter.galley(rect.min, galley, color);
    }
}

/// The radius of each point: `plain` when the chart sizes nothing; else the area in proportion
/// to the size value (the largest gets `range.1`), `range.0` for a point without one.
pub fn area_radii(sizes: &[Option<f64>], sized: bool, plain: f32, range: (f32, f32)) -> Vec<f32> {
    let max = sizes.iter().flatten().fold(0.0_f64, |m, s| m.max(s.abs()));
    sizes
        .iter()
        .map(|s| match (sized, s) {
            (false, _) => plain,
            (true, Some(s)) if max > 0.0 => {
                range.0 + (range.1 - range.0) * (s.abs() / max).sqrt() as f32
            }
            (true, _) => range.0,
        })
        .collect()
}
