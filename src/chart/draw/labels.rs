//! Point marks of the scatter and the map: their radii, and labels beside them that keep
//! clear of each other and of the points.

use egui::Align2;
use egui_plot::PlotPoint;

/// Paints point labels so that they do not cover each other or the points (see [`placements`]),
/// with a thin leader line to a label placed away from its point.
pub fn place_labels(
    painter: &egui::Painter,
    transform: &egui_plot::PlotTransform,
    labels: Vec<(PlotPoint, String, f32)>,
    color: egui::Color32,
) {
    let font = egui::FontId::proportional(12.0);
    let points: Vec<(egui::Pos2, f32)> = labels
        .iter()
        .map(|(at, _, r)| (transform.position_from_point(at), *r))
        .collect();
    let galleys: Vec<_> = labels
        .into_iter()
        .map(|(_, text, _)| painter.layout_no_wrap(text, font.clone(), color))
        .collect();
    let sizes: Vec<egui::Vec2> = galleys.iter().map(|g| g.size()).collect();
    let placed = placements(&points, &sizes, painter.clip_rect());
    for ((galley, (rect, far)), &(centre, r)) in galleys.into_iter().zip(placed).zip(&points) {
        if far {
            // A leader from the point's edge to the label's nearest point.
            let to = rect.clamp(centre);
            let from = centre + (to - centre).normalized() * r;
            painter.line_segment(
                [from, to],
                egui::Stroke::new(0.6, color.gamma_multiply(0.6)),
            );
        }
        painter.galley(rect.min, galley, color);
    }
}

/// Where the labels of points (centre, radius) of `sizes` go, in order, and whether each is
/// away from its point: each takes the first free place inside `clip` beside its point (right,
/// left, above, below, then the diagonals), else the first free one farther out, else the one
/// that covers the least of the other labels and points.
pub fn placements(
    points: &[(egui::Pos2, f32)],
    sizes: &[egui::Vec2],
    clip: egui::Rect,
) -> Vec<(egui::Rect, bool)> {
    let circle =
        |c: egui::Pos2, r: f32| egui::Rect::from_center_size(c, egui::vec2(2.0 * r, 2.0 * r));
    let mut taken: Vec<egui::Rect> = points.iter().map(|&(c, r)| circle(c, r)).collect();
    let mut out = Vec::with_capacity(points.len());
    for (&(centre, r), &size) in points.iter().zip(sizes) {
        let own = circle(centre, r);
        let fits = |rect: &egui::Rect| {
            clip.contains_rect(*rect)
                && taken
                    .iter()
                    .all(|t| *t == own || !t.shrink(0.5).intersects(*rect))
        };
        let candidates = [r + 3.0, r + 14.0, r + 28.0].into_iter().flat_map(|gap| {
            let d = gap * std::f32::consts::FRAC_1_SQRT_2;
            [
                (Align2::LEFT_CENTER, egui::vec2(gap, 0.0)),
                (Align2::RIGHT_CENTER, egui::vec2(-gap, 0.0)),
                (Align2::CENTER_BOTTOM, egui::vec2(0.0, -gap)),
                (Align2::CENTER_TOP, egui::vec2(0.0, gap)),
                (Align2::LEFT_BOTTOM, egui::vec2(d, -d)),
                (Align2::LEFT_TOP, egui::vec2(d, d)),
                (Align2::RIGHT_BOTTOM, egui::vec2(-d, -d)),
                (Align2::RIGHT_TOP, egui::vec2(-d, d)),
            ]
            .map(move |(a, v)| (a.anchor_size(centre + v, size), gap > r + 3.0))
        });
        // The area two rectangles share (egui's `intersect` of rectangles that do not meet
        // has negative sides, and a positive area).
        let shared = |a: &egui::Rect, b: &egui::Rect| match a.intersects(*b) {
            true => a.intersect(*b).area(),
            false => 0.0,
        };
        let overlap = |rect: &egui::Rect| -> f32 {
            let outside = rect.area() - shared(rect, &clip);
            let covered: f32 = taken
                .iter()
                .filter(|t| **t != own)
                .map(|t| shared(t, rect))
                .sum();
            covered + 4.0 * outside
        };
        let (rect, far) = candidates
            .clone()
            .find(|(rect, _)| fits(rect))
            .or_else(|| {
                candidates
                    .clone()
                    .map(|c| (overlap(&c.0), c))
                    .min_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, c)| c)
            })
            .unwrap_or((own, false));
        taken.push(rect);
        out.push((rect, far));
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_a_cluster_keep_clear_of_each_other_and_of_the_points() {
        // Seven points within 20 px of each other (Central Asia on a small map).
        let points: Vec<(egui::Pos2, f32)> = [
            (100.0, 100.0),
            (108.0, 96.0),
            (104.0, 108.0),
            (114.0, 104.0),
            (96.0, 112.0),
            (118.0, 92.0),
            (110.0, 114.0),
        ]
        .map(|(x, y)| (egui::pos2(x, y), 5.0))
        .to_vec();
        let sizes = vec![egui::vec2(56.0, 14.0); points.len()];
        let clip = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(400.0, 300.0));
        let placed = placements(&points, &sizes, clip);
        let circles: Vec<egui::Rect> = points
            .iter()
            .map(|&(c, r)| egui::Rect::from_center_size(c, egui::vec2(2.0 * r, 2.0 * r)))
            .collect();
        for (i, (rect, _)) in placed.iter().enumerate() {
            assert!(clip.contains_rect(*rect), "label {i} outside the plot");
            for (j, (other, _)) in placed.iter().enumerate().filter(|(j, _)| *j != i) {
                assert!(
                    !rect.shrink(0.5).intersects(*other),
                    "labels {i} and {j} overlap"
                );
            }
            for (j, c) in circles.iter().enumerate().filter(|(j, _)| *j != i) {
                assert!(
                    !rect.shrink(0.5).intersects(*c),
                    "label {i} covers point {j}"
                );
            }
        }
        // The crowded ones were moved away from their points, with a leader.
        assert!(placed.iter().any(|(_, far)| *far));
        assert!(!placed[0].1, "the first label sits beside its point");
    }

    #[test]
    fn a_crowded_label_in_a_corner_stays_inside_the_plot() {
        // A point in the top-right corner, its every free place taken by a wall of points: the
        // least-covering place is counted with what lies outside the plot.
        let mut points = vec![(egui::pos2(95.0, 5.0), 2.0)];
        for x in (40..100).step_by(4) {
            for y in (0..40).step_by(4) {
                if (x, y) != (96, 4) {
                    points.push((egui::pos2(x as f32, y as f32), 2.0));
                }
            }
        }
        let sizes = vec![egui::vec2(30.0, 10.0); points.len()];
        let clip = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(100.0, 40.0));
        let (first, _) = placements(&points, &sizes, clip)[0];
        assert!(clip.contains_rect(first), "{first:?}");
    }

    #[test]
    fn with_no_free_place_a_label_covers_as_little_as_it_can() {
        // A plot just larger than one label: the second label cannot avoid the first.
        let points = [(egui::pos2(30.0, 10.0), 2.0), (egui::pos2(32.0, 10.0), 2.0)];
        let sizes = [egui::vec2(20.0, 8.0); 2];
        let clip = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(60.0, 20.0));
        let placed = placements(&points, &sizes, clip);
        let both = placed[0].0.intersect(placed[1].0);
        let shared = if placed[0].0.intersects(placed[1].0) {
            both.area()
        } else {
            0.0
        };
        assert!(shared < 20.0 * 8.0 / 2.0, "{placed:?}");
    }
}
