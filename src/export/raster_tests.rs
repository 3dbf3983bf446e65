//! Tests of the CPU rasteriser: coverage, blending, bands, sampling and exact edge spans.
use super::*;
use egui::epaint::{Mesh, Rect, pos2};

fn white() -> Textures {
    let mut t = Textures::new();
    t.insert(
        TextureId::Managed(0),
        Texture {
            size: [1, 1],
            texels: vec![Color32::WHITE],
            nearest: false,
            wrap: TextureWrapMode::ClampToEdge,
        },
    );
    t
}

fn rect_mesh(rect: Rect, color: Color32) -> ClippedPrimitive {
    let mut mesh = Mesh::default();
    mesh.add_colored_rect(rect, color);
    ClippedPrimitive {
        clip_rect: Rect::EVERYTHING,
        primitive: Primitive::Mesh(mesh),
    }
}

fn px(img: &[u8], w: usize, x: usize, y: usize) -> [u8; 4] {
    let i = (y * w + x) * 4;
    [img[i], img[i + 1], img[i + 2], img[i + 3]]
}

#[test]
fn rectangles_cover_their_pixels_once_and_blend_premultiplied() {
    let red = rect_mesh(
        Rect::from_min_max(pos2(2.0, 2.0), pos2(6.0, 5.0)),
        Color32::RED,
    );
    // Half-transparent blue, premultiplied, over the red and the white background.
    let blue = Color32::from_rgba_premultiplied(0, 0, 128, 128);
    let over = rect_mesh(Rect::from_min_max(pos2(4.0, 0.0), pos2(8.0, 8.0)), blue);
    let img = paint([8, 8], 1.0, Color32::WHITE, &[red, over], &white(), 1);
    assert_eq!(px(&img, 8, 0, 0), [255, 255, 255, 255]);
    assert_eq!(px(&img, 8, 2, 2), [255, 0, 0, 255]);
    assert_eq!(px(&img, 8, 5, 4), [127, 0, 128, 255], "blue over red");
    assert_eq!(px(&img, 8, 6, 6), [127, 127, 255, 255], "blue over white");
    assert_eq!(px(&img, 8, 6, 5), px(&img, 8, 6, 6));
    let red_pixels = (0..64)
        .filter(|i| img[i * 4..i * 4 + 4] == [255, 0, 0, 255])
        .count();
    assert_eq!(red_pixels, 2 * 3, "columns 2–3 of rows 2–4, no more");
}

#[test]
fn shared_edges_are_drawn_once_and_clip_rects_cut() {
    // A square split on its diagonal, 50 % grey: a pixel drawn twice would be darker.
    let grey = Color32::from_rgba_premultiplied(64, 64, 64, 128);
    let mut prim = rect_mesh(Rect::from_min_max(pos2(0.0, 0.0), pos2(16.0, 16.0)), grey);
    prim.clip_rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(16.0, 10.4));
    let img = paint([16, 16], 1.0, Color32::WHITE, &[prim], &white(), 1);
    let drawn: Vec<[u8; 4]> = (0..10)
        .flat_map(|y| (0..16).map(move |x| (x, y)))
        .map(|(x, y)| px(&img, 16, x, y))
        .collect();
    assert!(
        drawn.iter().all(|p| *p == drawn[0]),
        "uniform: no pixel drawn twice"
    );
    assert_eq!(drawn[0], [191, 191, 191, 255]);
    assert_eq!(
        px(&img, 16, 3, 10),
        [255, 255, 255, 255],
        "clip 10.4 rounds to 10"
    );
}

#[test]
fn bands_on_threads_draw_the_same_image() {
    let mut mesh = Mesh::default();
    for i in 0..12 {
        let f = i as f32;
        let c = Color32::from_rgba_premultiplied(i * 6, 100, 200 - i * 4, 200);
        mesh.add_colored_rect(
            Rect::from_min_max(
                pos2(f * 31.0, f * 23.0),
                pos2(f * 31.0 + 700.0, f * 23.0 + 400.0),
            ),
            c,
        );
    }
    let prim = ClippedPrimitive {
        clip_rect: Rect::EVERYTHING,
        primitive: Primitive::Mesh(mesh),
    };
    let size = [1300, 1200];
    let one = paint(
        size,
        1.5,
        Color32::WHITE,
        std::slice::from_ref(&prim),
        &white(),
        1,
    );
    let two = paint(size, 1.5, Color32::WHITE, &[prim], &white(), 3);
    assert!(one == two);
}

#[test]
fn the_blend_gives_the_bytes_of_the_scalar_formula() {
    let mut seed = 99u32;
    let mut next = || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (seed >> 8) as f32 / (1 << 24) as f32
    };
    for _ in 0..50_000 {
        let a = next();
        // Premultiplied sources, some slightly out of range as interpolation can make.
        let src = [next() * a, next() * a, next() * a * 1.01, a];
        let dst = [0, 1, 2, 3].map(|_| (next() * 255.0) as u8);
        let b = Blend::new(src);
        let mut px = dst;
        b.over(&mut px);
        let expected: Vec<u8> = dst
            .iter()
            .zip(b.rounded)
            .map(|(&p, r)| (r + f32::from(p) * b.keep) as u8)
            .collect();
        assert_eq!(px.to_vec(), expected, "{src:?} over {dst:?}");
    }
}

#[test]
fn edge_spans_match_exact_integer_division() {
    let corner = |x: i64, y: i64| Corner {
        x,
        y,
        fx: 0.0,
        fy: 0.0,
        color: [0.0; 4],
        uv: [0.0; 2],
    };
    let mut seed = 7u64;
    let mut next = |range: i64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as i64 % range - range / 2
    };
    for _ in 0..20_000 {
        let (p, q) = (
            corner(next(2_560_000), next(2_560_000)),
            corner(next(2_560_000), next(2_560_000)),
        );
        let e = Edge::new(&p, &q);
        let y = next(20_000).abs();
        let m = e.b * (y * 256 + 128) + e.c + e.a * 128;
        let k = e.a * 256;
        let expected = match k.cmp(&0) {
            std::cmp::Ordering::Greater => (-(m.div_euclid(k)), i64::MAX),
            std::cmp::Ordering::Less => (i64::MIN, m.div_euclid(-k) + 1),
            _ => continue,
        };
        assert_eq!(e.span(y, i64::MIN, i64::MAX), expected, "edge {p:?}");
    }
}

#[test]
fn textures_are_sampled_bilinearly_at_texel_centres() {
    let t = Texture {
        size: [2, 1],
        texels: vec![Color32::BLACK, Color32::WHITE],
        nearest: false,
        wrap: TextureWrapMode::ClampToEdge,
    };
    assert_eq!(t.sample(0.25, 0.5), [0.0, 0.0, 0.0, 1.0]);
    assert_eq!(t.sample(0.5, 0.5), [0.5, 0.5, 0.5, 1.0]);
    assert_eq!(t.sample(1.0, 0.5), [1.0, 1.0, 1.0, 1.0]);
    let nearest = Texture { nearest: true, ..t };
    assert_eq!(nearest.sample(0.49, 0.5), [0.0, 0.0, 0.0, 1.0]);
}
