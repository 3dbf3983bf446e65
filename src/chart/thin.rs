//! Thinning long series before drawing: per pixel column only the lowest and highest value
//! are kept (as Rerun's time-series view does), so egui_plot draws a few thousand points
//! instead of every observation. A series with several values per column is drawn as the band
//! between each column's lowest and highest value ([`min_max_band`]): a polyline that zigzags
//! within a column turns back on itself, and egui's line joins spike at such turns.

/// A band to fill: at each x, the lowest and the highest value.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Band {
    pub x: Vec<f64>,
    pub low: Vec<f64>,
    pub high: Vec<f64>,
}

/// The min/max band of a sorted series over `columns` equal slices of `x_range`: each column
/// with data spans its whole width (two x's, its left and right edge, kept within the data)
/// from its lowest to its highest value, counting the value the line enters it with, so the
/// band covers the pixels a line through every point would; plus the nearest point either
/// side of the range (as a band of no height) so the band runs on to the edges.
pub fn min_max_band(points: &[[f64; 2]], x_range: (f64, f64), columns: usize) -> Band {
    let (lo, hi) = x_range;
    let width = hi - lo;
    let mut band = Band::default();
    let mut push = |x: f64, low: f64, high: f64| {
        band.x.push(x);
        band.low.push(low);
        band.high.push(high);
    };
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return band;
    };
    if columns == 0 || !(width.is_finite() && width > 0.0) {
        for p in points {
            push(p[0], p[1], p[1]);
        }
        return band;
    }
    let start = points.partition_point(|p| p[0] < lo);
    let end = points.partition_point(|p| p[0] <= hi);
    if start > 0 {
        let p = points[start - 1];
        push(p[0], p[1], p[1]);
    }
    let scale = columns as f64 / width;
    let column_of = |x: f64| (((x - lo) * scale) as usize).min(columns - 1);
    let edge = |column: usize| (lo + column as f64 / scale).clamp(first[0], last[0]);
    // The value the line enters each column with: a column covers it too, as the line from
    // the previous point crosses the column's edge.
    let mut entering = start.checked_sub(1).map(|i| points[i][1]);
    let mut i = start;
    while i < end {
        let column = column_of(points[i][0]);
        let (mut low, mut high) = (points[i][1], points[i][1]);
        let mut j = i + 1;
        while j < end && column_of(points[j][0]) == column {
            low = low.min(points[j][1]);
            high = high.max(points[j][1]);
            j += 1;
        }
        if let Some(y) = entering {
            low = low.min(y);
            high = high.max(y);
        }
        push(edge(column), low, high);
        push(edge(column + 1), low, high);
        entering = Some(points[j - 1][1]);
        i = j;
    }
    if end < points.len() {
        let p = points[end];
        push(p[0], p[1], p[1]);
    }
    band
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
    fn bands_hold_each_columns_lowest_and_highest_value() {
        let points = wave(10_000);
        let band = min_max_band(&points, (0.0, 9_999.0), 100);
        // Each column spans its width: edges 0, 99.99, 99.99, 199.98, … 9999.
        assert_eq!(band.x.len(), 200);
        assert!(band.x.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!((band.x[0], band.x[199]), (0.0, 9_999.0));
        assert!((band.x[1] - 99.99).abs() < 1e-9 && band.x[1] == band.x[2]);
        for column in 0..100 {
            let mut inside: Vec<f64> = points
                .iter()
                .filter(|p| (p[0] * 100.0 / 9_999.0) as usize == column)
                .map(|p| p[1])
                .collect();
            // The line enters from the previous column's last point.
            if column > 0 {
                let first = points
                    .iter()
                    .position(|p| (p[0] * 100.0 / 9_999.0) as usize == column)
                    .unwrap();
                inside.push(points[first - 1][1]);
            }
            let min = inside.iter().copied().fold(f64::MAX, f64::min);
            let max = inside.iter().copied().fold(f64::MIN, f64::max);
            for edge in [2 * column, 2 * column + 1] {
                assert_eq!((band.low[edge], band.high[edge]), (min, max));
            }
        }
        // Zoomed in: one neighbour of no height each side.
        let band = min_max_band(&points, (4_000.0, 5_000.0), 10);
        assert_eq!(band.x.first(), Some(&3_999.0));
        assert_eq!(band.low[0], band.high[0]);
        assert_eq!(band.x.last(), Some(&5_001.0));
        assert_eq!(band.x.len(), 2 + 2 * 10);
    }
}
