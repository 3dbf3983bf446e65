//! The map's border lines: every edge of every country's rings once — a border two countries
//! share is one line, not two drawn over each other (which doubled its ink and, being
//! anti-aliased, blended differently from one renderer to another) — chained into polylines
//! that break at junctions and at spikes (a turn so sharp that a mitred join would shoot far
//! past its corner, as at a narrow spit).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use super::geo::{SPIKE_DEGREES, shapes};

/// One border line, in projected units, with its bounding box.
#[derive(Debug, Clone)]
pub struct Border {
    pub points: Vec<[f32; 2]>,
    pub bounds: ([f32; 2], [f32; 2]),
}

/// A point's exact identity: the same projected coordinates in two countries' rings are one
/// point (shared borders are identical, see `assets/map/PROVENANCE.md`).
type Key = (u32, u32);

fn key(p: [f32; 2]) -> Key {
    (p[0].to_bits(), p[1].to_bits())
}

/// Every border of the embedded map (built on first use).
pub fn borders() -> &'static [Border] {
    static BORDERS: OnceLock<Vec<Border>> = OnceLock::new();
    BORDERS.get_or_init(|| {
        let rings = shapes()
            .iter()
            .flat_map(|s| s.rings.iter().map(Vec::as_slice));
        build(rings)
    })
}

/// The border lines of a set of rings: each distinct edge once.
pub fn build<'a>(rings: impl Iterator<Item = &'a [[f32; 2]]>) -> Vec<Border> {
    let mut at: BTreeMap<Key, [f32; 2]> = BTreeMap::new();
    let mut next: BTreeMap<Key, Vec<Key>> = BTreeMap::new();
    let mut edges: BTreeSet<(Key, Key)> = BTreeSet::new();
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            let (ka, kb) = (key(a), key(b));
            if ka == kb || !edges.insert((ka.min(kb), ka.max(kb))) {
                continue;
            }
            at.insert(ka, a);
            at.insert(kb, b);
            next.entry(ka).or_default().push(kb);
            next.entry(kb).or_default().push(ka);
        }
    }
    let mut used: BTreeSet<(Key, Key)> = BTreeSet::new();
    let mut lines = Vec::new();
    // Lines run between junctions (and loose ends); what is left are closed loops.
    let junctions = next.iter().filter(|(_, n)| n.len() != 2).map(|(k, _)| *k);
    let loops: Vec<Key> = next.keys().copied().collect();
    for start in junctions.collect::<Vec<_>>().into_iter().chain(loops) {
        for &first in &next[&start] {
            if used.contains(&(start.min(first), start.max(first))) {
                continue;
            }
            let line = walk(start, first, &next, &mut used);
            lines.extend(split_at_spikes(line.iter().map(|k| at[k]).collect()));
        }
    }
    lines.into_iter().map(border).collect()
}

/// Follows unused edges from `start` through `first` until a junction, a loose end, or back
/// to the start.
fn walk(
    start: Key,
    first: Key,
    next: &BTreeMap<Key, Vec<Key>>,
    used: &mut BTreeSet<(Key, Key)>,
) -> Vec<Key> {
    let mut line = vec![start];
    let (mut prev, mut cur) = (start, first);
    loop {
        used.insert((prev.min(cur), prev.max(cur)));
        line.push(cur);
        let around = &next[&cur];
        if cur == start || around.len() != 2 {
            return line;
        }
        let Some(&after) = around.iter().find(|&&k| k != prev) else {
            return line;
        };
        if used.contains(&(cur.min(after), cur.max(after))) {
            return line;
        }
        (prev, cur) = (cur, after);
    }
}

/// Whether the turn at `c` (from `p`, on to `q`) is sharper than [`SPIKE_DEGREES`].
fn spike(p: [f32; 2], c: [f32; 2], q: [f32; 2]) -> bool {
    let (a, b) = ([p[0] - c[0], p[1] - c[1]], [q[0] - c[0], q[1] - c[1]]);
    let angle = (a[0] * b[1] - a[1] * b[0])
        .atan2(a[0] * b[0] + a[1] * b[1])
        .abs();
    angle.to_degrees() < SPIKE_DEGREES
}

/// A line broken at each interior spike (the spike's point ends one part and starts the
/// next). A closed line (first point = last) keeps its ends joined.
fn split_at_spikes(points: Vec<[f32; 2]>) -> Vec<Vec<[f32; 2]>> {
    let mut parts = Vec::new();
    let mut part = vec![points[0]];
    for i in 1..points.len() {
        part.push(points[i]);
        if i + 1 < points.len() && spike(points[i - 1], points[i], points[i + 1]) {
            parts.push(std::mem::replace(&mut part, vec![points[i]]));
        }
    }
    parts.push(part);
    parts
}

fn border(points: Vec<[f32; 2]>) -> Border {
    let mut lo = [f32::MAX; 2];
    let mut hi = [f32::MIN; 2];
    for p in &points {
        for k in 0..2 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    }
    Border {
        points,
        bounds: (lo, hi),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every distinct edge of the lines, as unordered pairs.
    fn edges(lines: &[Border]) -> Vec<(Key, Key)> {
        let mut v: Vec<(Key, Key)> = lines
            .iter()
            .flat_map(|b| b.points.windows(2))
            .map(|w| (key(w[0]).min(key(w[1])), key(w[0]).max(key(w[1]))))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_shared_border_is_one_line_and_every_edge_is_drawn_once() {
        // Two squares sharing the edge x = 1.
        let a = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]];
        let b = [[1.0, 0.0], [2.0, 0.0], [2.0, 1.0], [1.0, 1.0]];
        let lines = build([a.as_slice(), b.as_slice()].into_iter());
        let e = edges(&lines);
        let mut distinct = e.clone();
        distinct.dedup();
        assert_eq!(e, distinct, "no edge twice");
        assert_eq!(e.len(), 7, "4 + 4 edges, one shared");
        // Junctions at (1,0) and (1,1): three lines between them.
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn lines_break_at_spikes() {
        // A square with a thin spike out of its top edge.
        let ring = [
            [0.0, 0.0],
            [4.0, 0.0],
            [4.0, 4.0],
            [2.1, 4.0],
            [2.0, 9.0],
            [1.9, 4.0],
            [0.0, 4.0],
        ];
        let lines = build([ring.as_slice()].into_iter());
        assert_eq!(edges(&lines).len(), ring.len());
        assert!(lines.len() >= 2);
        for b in &lines {
            for w in b.points.windows(3) {
                assert!(
                    !spike(w[0], w[1], w[2]),
                    "a spike inside a line: {:?}",
                    b.points
                );
            }
        }
    }

    #[test]
    fn the_map_draws_each_border_once() {
        let e = edges(borders());
        let mut distinct = e.clone();
        distinct.dedup();
        assert_eq!(e.len(), distinct.len());
        let all: BTreeSet<(Key, Key)> = shapes()
            .iter()
            .flat_map(|s| &s.rings)
            .flat_map(|r| (0..r.len()).map(move |i| (key(r[i]), key(r[(i + 1) % r.len()]))))
            .filter(|(a, b)| a != b)
            .map(|(a, b)| (a.min(b), a.max(b)))
            .collect();
        assert_eq!(distinct.len(), all.len(), "every edge of every ring");
    }
}
