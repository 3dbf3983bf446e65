//! Thinning long series before drawing: per pixel column only the lowest and highest point
//! are kept (as Rerun's time-series view does), so the drawn line looks the same while egui_plot
//! tessellates a few thousand points instead of every observation.

/// For each of `columns` equal slices of `x_range`, keeps the lowest and the highest point
/// (in x order), plus the nearest point either side of the range so the line runs on to the
/// edges. `points` must be sorted by x. Series already short enough are returned whole.
pub fn min_max_per_column(
    points: &[[f64; 2]],
    x_range: (f64, f64),
    columns: usize,
) -> Vec<[f64; 2]> {
    let (lo, hi) = x_range;
    let width = hi - lo;
    if points.len() <= 2 * columns || columns == 0 || !(width.is_finite() && width > 0.0) {
        return points.to_vec();
    }
    let start = points.partition_point(|p| p[0] < lo);
    let end = points.partition_point(|p| p[0] <= hi);
    let mut out = Vec::with_capacity(2 * columns + 2);
    if start > 0 {
        out.push(points[start - 1]);
    }
    let scale = columns as f64 / width;
    let column_of = |x: f64| (((x - lo) * scale) as usize).min(columns - 1);
    let mut i = start;
    while i < end {
        let column = column_of(points[i][0]);
        let (mut low, mut high) = (i, i);
        let mut j = i + 1;
        while j < end && column_of(points[j][0]) == column {
            if points[j][1] < points[low][1] {
                low = j;
            }
            if points[j][1] > points[high][1] {
                high = j;
            }
            j += 1;
        }
        match low.cmp(&high) {
            std::cmp::Ordering::Equal => out.push(points[low]),
            std::cmp::Ordering::Less => out.extend([points[low], points[high]]),
            std::cmp::Ordering::Greater => out.extend([points[high], points[low]]),
        }
        i = j;
    }
    if end < points.len() {
        out.push(points[end]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wave(n: usize) -> Vec<[f64; 2]> {
        (0..n)
            .map(|i| [i as f64, ((i * 7919) % 1000) as f64])
            .collect()
    }

    #[test]
    fn short_series_are_kept_whole() {
        let points = wave(100);
        assert_eq!(min_max_per_column(&points, (0.0, 99.0), 50), points);
    }

    #[test]
    fn each_column_keeps_its_extremes_in_order() {
        let points = wave(10_000);
        let thin = min_max_per_column(&points, (0.0, 9_999.0), 100);
        assert!(thin.len() <= 200, "{}", thin.len());
        assert!(thin.windows(2).all(|w| w[0][0] < w[1][0]), "x order kept");
        for column in 0..100 {
            let inside = |p: &&[f64; 2]| (p[0] * 100.0 / 9_999.0) as usize == column;
            let all: Vec<f64> = points.iter().filter(inside).map(|p| p[1]).collect();
            let kept: Vec<f64> = thin.iter().filter(inside).map(|p| p[1]).collect();
            let max = |v: &[f64]| v.iter().copied().fold(f64::MIN, f64::max);
            let min = |v: &[f64]| v.iter().copied().fold(f64::MAX, f64::min);
            assert_eq!(max(&all), max(&kept), "column {column}");
            assert_eq!(min(&all), min(&kept), "column {column}");
        }
    }

    #[test]
    fn a_zoomed_range_keeps_one_neighbour_each_side() {
        let points = wave(10_000);
        let thin = min_max_per_column(&points, (4_000.0, 5_000.0), 10);
        assert_eq!(thin.first(), Some(&points[3_999]));
        assert_eq!(thin.last(), Some(&points[5_001]));
        assert!(thin.len() <= 22, "{}", thin.len());
        assert!(
            thin[1..thin.len() - 1]
                .iter()
                .all(|p| (4_000.0..=5_000.0).contains(&p[0]))
        );
    }
}
