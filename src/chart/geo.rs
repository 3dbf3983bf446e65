//! The map's geography: country outlines from Natural Earth's 1:50m admin-0 countries (public
//! domain; `assets/map/countries.json`, with its provenance in `assets/map/PROVENANCE.md`),
//! embedded in the binary, projected and triangulated once for filling.
//!
//! Projection: equirectangular with standard parallel 40° N (x = longitude · cos 40°,
//! y = latitude, both in degrees), which keeps shapes true along the Silk Road's latitudes.

use std::sync::OnceLock;

use serde::Deserialize;

/// The embedded outlines.
const COUNTRIES: &str = include_str!("../../assets/map/countries.json");

/// cos 40°: the scale of longitudes at the standard parallel.
const COS_PARALLEL: f64 = 0.766_044_443_118_978;

/// The Silk Road's extent, from Istanbul to Tokyo (longitude, latitude in degrees): the map's
/// view when the places drawn lie within it.
pub const SILK_ROAD: ([f64; 2], [f64; 2]) = ([25.0, 18.0], [146.0, 58.0]);

/// Turns sharper than this (the angle between the incoming and outgoing edge, in degrees)
/// end a border line, so that no mitred join spikes out of a narrow spit or inlet.
pub const SPIKE_DEGREES: f32 = 25.0;

/// A point's map position: (longitude, latitude) in degrees projected to plot units.
pub fn project(lon: f64, lat: f64) -> [f64; 2] {
    [lon * COS_PARALLEL, lat]
}

/// The (longitude, latitude) of a map position.
pub fn unproject(p: [f64; 2]) -> [f64; 2] {
    [p[0] / COS_PARALLEL, p[1]]
}

/// One country: its outline rings and its triangles, in projected units.
#[derive(Debug, Clone)]
pub struct Shape {
    /// ISO 3166-1 alpha-3 (empty for the few territories without one).
    pub iso3: String,
    /// Natural Earth's short English name.
    pub name: String,
    /// Every ring (outer boundaries and holes), unclosed. (The map strokes
    /// [`super::geo_borders::borders`], each shared border once.)
    pub rings: Vec<Vec<[f32; 2]>>,
    /// Vertices and triangle indices (three per triangle) filling the country.
    pub vertices: Vec<[f32; 2]>,
    pub triangles: Vec<u32>,
    /// The bounding box: min and max corners.
    pub bounds: ([f32; 2], [f32; 2]),
}

impl Shape {
    /// Whether a projected point lies inside the country (in one of its triangles).
    pub fn contains(&self, p: [f32; 2]) -> bool {
        let (lo, hi) = self.bounds;
        if p[0] < lo[0] || p[1] < lo[1] || p[0] > hi[0] || p[1] > hi[1] {
            return false;
        }
        self.triangles.chunks_exact(3).any(|t| {
            let [a, b, c] = [0, 1, 2].map(|k| self.vertices[t[k] as usize]);
            in_triangle(p, a, b, c)
        })
    }
}

fn in_triangle(p: [f32; 2], a: [f32; 2], b: [f32; 2], c: [f32; 2]) -> bool {
    let side =
        |u: [f32; 2], v: [f32; 2]| (v[0] - u[0]) * (p[1] - u[1]) - (v[1] - u[1]) * (p[0] - u[0]);
    let (d1, d2, d3) = (side(a, b), side(b, c), side(c, a));
    let neg = d1 < 0.0 || d2 < 0.0 || d3 < 0.0;
    let pos = d1 > 0.0 || d2 > 0.0 || d3 > 0.0;
    !(neg && pos)
}

#[derive(Deserialize)]
struct File {
    countries: Vec<RawCountry>,
}

#[derive(Deserialize)]
struct RawCountry {
    iso3: String,
    name: String,
    /// Polygons, each `[outer, hole, …]`, rings of `[lon, lat]`.
    polygons: Vec<Vec<Vec<[f64; 2]>>>,
}

/// Every country of the embedded map, projected and triangulated (on first use).
pub fn shapes() -> &'static [Shape] {
    static SHAPES: OnceLock<Vec<Shape>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let file: File = serde_json::from_str(COUNTRIES).expect("the embedded map is valid JSON");
        file.countries.into_iter().map(shape).collect()
    })
}

/// The shape of a country by ISO 3166-1 alpha-3 code.
pub fn shape_of(iso3: &str) -> Option<&'static Shape> {
    shapes().iter().find(|s| !iso3.is_empty() && s.iso3 == iso3)
}

fn shape(c: RawCountry) -> Shape {
    let mut rings = Vec::new();
    let mut vertices: Vec<[f32; 2]> = Vec::new();
    let mut triangles = Vec::new();
    for polygon in &c.polygons {
        let mut flat: Vec<f64> = Vec::new();
        let mut holes = Vec::new();
        for (k, ring) in polygon.iter().enumerate() {
            if k > 0 {
                holes.push(flat.len() / 2);
            }
            let projected: Vec<[f32; 2]> = ring
                .iter()
                .map(|&[lon, lat]| project(lon, lat).map(|v| v as f32))
                .collect();
            flat.extend(
                projected
                    .iter()
                    .flat_map(|p| [f64::from(p[0]), f64::from(p[1])]),
            );
            rings.push(projected);
        }
        let base = vertices.len() as u32;
        // A ring earcut cannot fill is still outlined; the embedded rings are all valid.
        if let Ok(tris) = earcutr::earcut(&flat, &holes, 2) {
            triangles.extend(tris.into_iter().map(|i| base + i as u32));
        }
        vertices.extend(flat.chunks_exact(2).map(|p| [p[0] as f32, p[1] as f32]));
    }
    let mut lo = [f32::MAX; 2];
    let mut hi = [f32::MIN; 2];
    for v in &vertices {
        for k in 0..2 {
            lo[k] = lo[k].min(v[k]);
            hi[k] = hi[k].max(v[k]);
        }
    }
    Shape {
        iso3: c.iso3,
        name: c.name,
        rings,
        vertices,
        triangles,
        bounds: (lo, hi),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The area of a shape's triangles, in projected square degrees.
    fn area(s: &Shape) -> f64 {
        s.triangles
            .chunks_exact(3)
            .map(|t| {
                let [a, b, c] = [0, 1, 2].map(|k| s.vertices[t[k] as usize]);
                let [a, b, c] = [a, b, c].map(|p| p.map(f64::from));
                ((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0
            })
            .sum()
    }

    /// The area inside a shape's rings (shoelace; holes are wound the other way).
    fn ring_area(s: &Shape) -> f64 {
        s.rings
            .iter()
            .map(|r| {
                let n = r.len();
                (0..n)
                    .map(|i| {
                        let (a, b) = (r[i], r[(i + 1) % n]);
                        f64::from(a[0]) * f64::from(b[1]) - f64::from(b[0]) * f64::from(a[1])
                    })
                    .sum::<f64>()
                    / 2.0
            })
            .sum()
    }

    #[test]
    fn every_country_is_filled_exactly_by_its_triangles() {
        // Within 0.2 % (earcut's handling of the few rings that touch themselves, as
        // Siachen's does, differs by less).
        let mut off = Vec::new();
        for s in shapes() {
            let (t, r) = (area(s), ring_area(s));
            if (t - r).abs() > (2e-3 * r.abs()).max(1e-4) {
                off.push(format!("{}: triangles {t} vs rings {r}", s.name));
            }
        }
        assert!(off.is_empty(), "{off:#?}");
        assert!(shapes().len() > 150);
    }

    #[test]
    fn cities_fall_inside_their_countries() {
        let kaz = shape_of("KAZ").unwrap();
        let astana = project(71.4491, 51.1694).map(|v| v as f32);
        let tashkent = project(69.2401, 41.2995).map(|v| v as f32);
        assert!(kaz.contains(astana));
        assert!(!kaz.contains(tashkent));
        assert!(shape_of("UZB").unwrap().contains(tashkent));
        let p = unproject(project(76.85, 43.22));
        assert!((p[0] - 76.85).abs() < 1e-9 && (p[1] - 43.22).abs() < 1e-9);
    }
}
