//! The CPU renderer draws the same figures as egui's wgpu renderer (on Mesa's software
//! Vulkan here): every chart view, light and dark, at 1× and 2×.

use citydash::chart::{ChartQuery, FigureOptions, View, prepare};
use citydash::data::Dataset;
use citydash::data::open;
use citydash::export::{self, FigureRenderer, RendererKind};
use image::RgbaImage;

fn samples() -> Dataset {
    let opened = open::open_all(
        &open::samples(),
        &Default::default(),
        &Default::default(),
        &mut |_, _| true,
    )
    .unwrap();
    Dataset::combine(opened.iter().map(|o| &o.loaded.dataset))
        .unwrap()
        .0
}

/// Pixels whose channels differ by more than `levels`, and the largest difference.
pub fn differences(a: &RgbaImage, b: &RgbaImage, levels: u8) -> (usize, u8) {
    assert_eq!(a.dimensions(), b.dimensions());
    let mut worst = 0;
    let n = a
        .pixels()
        .zip(b.pixels())
        .filter(|(p, q)| {
            let d = (0..4).map(|i| p[i].abs_diff(q[i])).max().unwrap_or(0);
            worst = worst.max(d);
            d > levels
        })
        .count();
    (n, worst)
}

#[test]
#[ignore = "needs Mesa's Vulkan driver: `.ci/run` runs it as a separate step with --ignored"]
fn cpu_and_wgpu_renderers_draw_the_same_figures() {
    let ds = samples();
    let mut cpu = FigureRenderer::new(RendererKind::Cpu).unwrap();
    let mut gpu =
        FigureRenderer::new(RendererKind::Wgpu).expect("wgpu (Mesa's lavapipe) for the comparison");
    let cities = ["Astana", "Almaty", "Tashkent", "Baku", "Xi'an"]
        .map(String::from)
        .to_vec();
    for (view, dark, scale) in [
        (View::OverTime, false, 1.0),
        (View::Ranking, false, 1.0),
        (View::Compare, false, 1.0),
        (View::Multiples, true, 1.0),
        (View::Scatter, false, 1.0),
        (View::Scorecard, true, 1.0),
        (View::Map, false, 1.0),
        (View::OverTime, true, 2.0),
    ] {
        let mut q = ChartQuery {
            view,
            cities: cities.clone(),
            ..Default::default()
        };
        if view == View::Compare {
            q.cities.truncate(4);
        }
        let chart = prepare(&ds, &q).unwrap();
        let options = FigureOptions {
            dark,
            scale,
            width: 1200,
            height: 675,
            ..Default::default()
        };
        let a = export::render_figure(&mut cpu, &chart, "samples", &options).unwrap();
        let b = export::render_figure(&mut gpu, &chart, "samples", &options).unwrap();
        let (n, worst) = differences(&a, &b, 2);
        let (by_two, _) = differences(&a, &b, 1);
        let total = a.width() * a.height();
        eprintln!(
            "{view:?} dark={dark} scale={scale}: of {total} pixels, {by_two} differ by 2 levels, \
             {n} by more (worst {worst})"
        );
        if std::env::var_os("CITYDASH_SAVE_RENDERS").is_some() {
            a.save(format!("/tmp/cpu_{view:?}_{scale}.png")).unwrap();
            b.save(format!("/tmp/gpu_{view:?}_{scale}.png")).unwrap();
        }
        // Rounding of the blend may differ by a level anywhere; by two, a handful of pixels:
        // at most 0.02 % of the figure (162 pixels of these 1200×675 ones; the map's many
        // anti-aliased border lines come to about 90).
        assert_eq!(
            n, 0,
            "{view:?}: pixels differ by more than 2 levels (worst {worst})"
        );
        let limit = (f64::from(total) * 0.0002) as usize;
        assert!(
            by_two <= limit,
            "{view:?}: {by_two} pixels differ by 2 levels (at most {limit})"
        );
    }
}
