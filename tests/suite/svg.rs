//! SVG figures: vector, with real text, drawn from the same shapes as the PNG — parsed and
//! rendered by resvg (and librsvg's `rsvg-convert`, run by `.ci/run`), and compared with the
//! PNG of the same chart.

use std::path::Path;

use image::RgbaImage;

use super::export::{citydash, stderr};

/// Every view drawn as a figure, with the flags that make it.
const FIGURES: [(&str, &[&str]); 7] = [
    ("over_time", &["--view", "over-time", "--indicator", "pm25"]),
    (
        "ranking",
        &["--view", "ranking", "--indicator", "pm25", "--year", "2020"],
    ),
    ("compare", &["--view", "compare"]),
    (
        "multiples",
        &["--view", "multiples", "--theme-group", "energy"],
    ),
    ("scatter", &["--view", "scatter", "--fit", "--year", "2020"]),
    (
        "map",
        &["--view", "map", "--indicator", "pm25", "--year", "2020"],
    ),
    ("scorecard", &["--view", "scorecard", "--year", "2020"]),
];

const CITIES: &str = "Astana,Almaty,Tashkent,Baku,Xi'an";

/// Exports `name` as SVG and PNG into `dir`; returns the SVG text and the PNG.
fn export_both(dir: &Path, name: &str, flags: &[&str]) -> (String, RgbaImage) {
    let mut out = Vec::new();
    for ext in ["svg", "png"] {
        let path = dir.join(format!("{name}.{ext}"));
        let mut args = vec!["export", "--cities", CITIES];
        args.extend_from_slice(flags);
        let p = path.display().to_string();
        args.extend(["--out", &p]);
        let o = citydash(&args);
        assert!(o.status.success(), "{name}.{ext}: {}", stderr(&o));
        out.push(path);
    }
    let svg = std::fs::read_to_string(&out[0]).unwrap();
    (svg, image::open(&out[1]).unwrap().to_rgba8())
}

/// The share of pixels whose colour differs by more than `levels` in some channel.
fn differing(a: &RgbaImage, b: &RgbaImage, levels: u8) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let n = a
        .pixels()
        .zip(b.pixels())
        .filter(|(p, q)| (0..3).any(|i| p[i].abs_diff(q[i]) > levels))
        .count();
    n as f64 / f64::from(a.width() * a.height())
}

/// Renders an SVG with resvg, with the fonts the figures use.
fn resvg_render(svg: &str) -> RgbaImage {
    let mut opt = resvg::usvg::Options::default();
    let db = opt.fontdb_mut();
    db.load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
    db.load_font_data(citydash::chart::theme::DEJAVU_SANS.to_vec());
    db.load_font_data(citydash::chart::theme::NOTO_SANS_SC.to_vec());
    let tree = resvg::usvg::Tree::from_str(svg, &opt).expect("the SVG parses");
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    // tiny-skia's pixels are premultiplied; the background is opaque, so they are final.
    RgbaImage::from_raw(size.width(), size.height(), pixmap.take()).unwrap()
}

#[test]
fn svg_figures_are_vectors_with_text_and_render_like_the_png() {
    let dir = tempfile::tempdir().unwrap();
    for (name, flags) in FIGURES {
        let (svg, png) = export_both(dir.path(), name, flags);
        assert!(svg.starts_with(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1600\" height=\"900\""
        ));
        assert!(!svg.contains("<image"), "{name}: no raster images");
        // The title is text, not pixels or glyph outlines.
        let title = match name {
            "compare" => "compared",
            "multiples" => "Energy",
            "scatter" => "against",
            "scorecard" => "Standards scorecard",
            _ => "PM2.5 annual mean",
        };
        assert!(
            svg.lines()
                .any(|l| l.starts_with("<text") && l.contains(title)),
            "{name}: no <text> with the title"
        );
        let drawn = resvg_render(&svg);
        let share = differing(&drawn, &png, 64);
        eprintln!(
            "{name}: {:.2} % of pixels differ by more than 64 levels",
            share * 100.0
        );
        // Anti-aliasing and glyph rasterisation differ between renderers; a missing element
        // (a series, a country, a block of text) changes far more.
        assert!(
            share < 0.02,
            "{name}: {:.2} % of pixels differ",
            share * 100.0
        );
        if std::env::var_os("CITYDASH_KEEP_SVG").is_some() {
            drawn.save(format!("/tmp/{name}_resvg.png")).unwrap();
            std::fs::write(format!("/tmp/{name}.svg"), &svg).unwrap();
        }
    }
}

#[test]
#[ignore = "needs librsvg's rsvg-convert: `.ci/run` installs it and runs this with --ignored"]
fn svg_figures_render_in_librsvg_like_the_png() {
    let dir = tempfile::tempdir().unwrap();
    let fonts = fontconfig_with_figure_fonts(dir.path());
    for (name, flags) in FIGURES {
        let (svg, png) = export_both(dir.path(), name, flags);
        let svg_path = dir.path().join(format!("{name}.svg"));
        std::fs::write(&svg_path, &svg).unwrap();
        let out = dir.path().join(format!("{name}_rsvg.png"));
        let o = std::process::Command::new("rsvg-convert")
            .env("FONTCONFIG_FILE", &fonts)
            .arg(&svg_path)
            .arg("-o")
            .arg(&out)
            .output()
            .expect("rsvg-convert (Debian/Ubuntu: apt-get install librsvg2-bin)");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mut drawn = image::open(&out).unwrap().to_rgba8();
        // rsvg-convert keeps alpha: the figure's background rectangle makes it opaque.
        assert!(
            drawn.pixels().all(|p| p[3] == 255),
            "{name}: transparent pixels"
        );
        drawn = image::imageops::crop_imm(&drawn, 0, 0, png.width(), png.height()).to_image();
        let share = differing(&drawn, &png, 64);
        eprintln!(
            "{name}: {:.2} % of pixels differ by more than 64 levels",
            share * 100.0
        );
        assert!(
            share < 0.02,
            "{name}: {:.2} % of pixels differ",
            share * 100.0
        );
    }
}

/// A fontconfig file that adds the fonts the figures use (egui's Ubuntu Light, citydash's
/// DejaVu Sans and Noto Sans SC) to the system's, as an analyst's machine with them installed
/// would have.
fn fontconfig_with_figure_fonts(dir: &Path) -> std::path::PathBuf {
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    std::fs::write(
        fonts.join("Ubuntu-Light.ttf"),
        epaint_default_fonts::UBUNTU_LIGHT,
    )
    .unwrap();
    std::fs::write(
        fonts.join("DejaVuSans.ttf"),
        citydash::chart::theme::DEJAVU_SANS,
    )
    .unwrap();
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\
             <dir>{}</dir><cachedir>{}</cachedir>\
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include></fontconfig>\n",
            fonts.display(),
            dir.join("cache").display()
        ),
    )
    .unwrap();
    conf
}

#[test]
fn a_ranking_of_every_place_names_every_bar() {
    // 26 bars: egui_plot's own axis marks (steps of 1, 2, 5, 10…) named one bar in ten.
    let dir = tempfile::tempdir().unwrap();
    let mut text = Vec::new();
    for ext in ["csv", "svg"] {
        let path = dir.path().join(format!("ranking.{ext}"));
        let p = path.display().to_string();
        let o = citydash(&[
            "export",
            "--view",
            "ranking",
            "--indicator",
            "pm25",
            "--out",
            &p,
        ]);
        assert!(o.status.success(), "{ext}: {}", stderr(&o));
        text.push(std::fs::read_to_string(&path).unwrap());
    }
    let places: Vec<&str> = text[0]
        .lines()
        .skip_while(|l| !l.starts_with("place,"))
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert!(places.len() >= 20, "{} places", places.len());
    let texts: Vec<&str> = text[1].lines().filter(|l| l.starts_with("<text")).collect();
    for place in &places {
        // A bar's name is the place, followed by the year when the value is from another.
        let named = texts
            .iter()
            .any(|t| t.contains(&format!(">{place}<")) || t.contains(&format!(">{place} (")));
        assert!(named, "no name on the bar of {place}");
    }
}

#[test]
fn a_small_comparison_keeps_every_city_and_names_what_it_leaves_out() {
    // Eight cities on an 800×600 page in Russian: a column once fell off the page unnamed.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("compare.svg");
    let p = path.display().to_string();
    let cities = "Astana,Almaty,Tashkent,Bishkek,Dushanbe,Baku,Tbilisi,Yerevan";
    let o = citydash(&[
        "export", "--view", "compare", "--cities", cities, "--width", "800", "--height", "600",
        "--lang", "ru", "--out", &p,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = std::fs::read_to_string(&path).unwrap();
    let texts: Vec<&str> = svg.lines().filter(|l| l.starts_with("<text")).collect();
    // Each city's column header, inside the page.
    for city in ["Астана", "Тбилиси", "Ереван"] {
        let header = texts
            .iter()
            .filter(|t| t.contains(&format!(">{city}<")))
            .filter_map(|t| {
                let x = t.split(" x=\"").nth(1)?.split('"').next()?;
                x.parse::<f32>().ok()
            })
            .collect::<Vec<_>>();
        assert!(!header.is_empty(), "no text {city}");
        assert!(header.iter().all(|&x| x < 780.0), "{city} at {header:?}");
    }
    // The rows and trend lines that did not fit are named.
    assert!(
        svg.contains("не поместились"),
        "no note of the rows left out"
    );
}
