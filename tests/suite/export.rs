//! `citydash export`, run as a user would with no display: the PNGs are decoded and checked
//! (size, theme background, every city's colour in the plot, a footer), compared with golden
//! images, and the CSV is compared with `citydash tidy` for the same filters.
//!
//! Golden images live in `tests/snapshots/`; `UPDATE_SNAPSHOTS=1 cargo test --test export`
//! rewrites them (look at them before committing).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use image::{Rgba, RgbaImage};

const CITIES: [&str; 5] = ["Astana", "Almaty", "Tashkent", "Baku", "Xi'an"];

/// The colours the chart gives these cities (each city's own colour, whatever the order).
pub fn colors_of(cities: &[&str]) -> Vec<[u8; 3]> {
    let names: Vec<String> = cities.iter().map(|c| c.to_string()).collect();
    citydash::chart::theme::place_slots(&names)
        .into_iter()
        .map(|slot| {
            let c = citydash::chart::theme::city_color(slot);
            [c.r(), c.g(), c.b()]
        })
        .collect()
}

pub fn citydash(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_citydash"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        // Each run parses its files, as the tests expect; `cache.rs` tests the cache.
        .env("CITYDASH_NO_CACHE", "1")
        .output()
        .expect("run citydash")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// stderr without the harmless notices system libraries print (no Wayland session here).
fn own_stderr(o: &Output) -> Vec<String> {
    stderr(o)
        .lines()
        .filter(|l| !l.contains("XDG_RUNTIME_DIR"))
        .map(str::to_string)
        .collect()
}

fn export_png(dir: &Path, name: &str, extra: &[&str]) -> RgbaImage {
    let out = dir.join(format!("{name}.png"));
    let cities = CITIES.join(",");
    let mut args = vec!["export", "--cities", &cities, "--out"];
    let out_s = out.display().to_string();
    args.push(&out_s);
    args.extend_from_slice(extra);
    let o = citydash(&args);
    assert!(o.status.success(), "export {name} failed: {}", stderr(&o));
    image::open(&out).expect("a PNG").to_rgba8()
}

fn close(p: &Rgba<u8>, c: [u8; 3], tolerance: i32) -> bool {
    (0..3).all(|i| (i32::from(p[i]) - i32::from(c[i])).abs() <= tolerance)
}

/// Pixels of colour `c` inside the band of rows `y0..y1`.
fn count_color(img: &RgbaImage, c: [u8; 3], y0: u32, y1: u32) -> usize {
    (y0..y1)
        .flat_map(|y| (0..img.width()).map(move |x| (x, y)))
        .filter(|&(x, y)| close(img.get_pixel(x, y), c, 12))
        .count()
}

/// Pixels in the band of rows that differ from the background.
fn ink(img: &RgbaImage, bg: [u8; 3], y0: u32, y1: u32) -> usize {
    (y0..y1)
        .flat_map(|y| (0..img.width()).map(move |x| (x, y)))
        .filter(|&(x, y)| !close(img.get_pixel(x, y), bg, 24))
        .count()
}

/// The number of pixels that differ clearly from the golden image (written when
/// UPDATE_SNAPSHOTS is set).
fn snapshot_difference(img: &RgbaImage, name: &str) -> usize {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.png"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        img.save(&path).unwrap();
    }
    let golden = image::open(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_SNAPSHOTS=1)", path.display()))
        .to_rgba8();
    assert_eq!(
        golden.dimensions(),
        img.dimensions(),
        "{name}: size changed"
    );
    img.pixels()
        .zip(golden.pixels())
        .filter(|(a, b)| (0..3).any(|i| (i32::from(a[i]) - i32::from(b[i])).abs() > 48))
        .count()
}

pub fn check_figure(img: &RgbaImage, name: &str, colors: &[[u8; 3]]) {
    assert_eq!(img.dimensions(), (1600, 900), "{name}");
    let white = [255, 255, 255];
    for corner in [(2, 2), (1597, 2), (2, 897), (1597, 897)] {
        assert!(
            close(img.get_pixel(corner.0, corner.1), white, 0),
            "{name}: background at {corner:?} is {:?}, not white",
            img.get_pixel(corner.0, corner.1)
        );
    }
    for c in colors {
        let n = count_color(img, *c, 130, 840);
        assert!(
            n >= 20,
            "{name}: colour {c:?} appears {n} times in the plot area"
        );
    }
    let footer = ink(img, white, 860, 900);
    assert!(
        footer > 200,
        "{name}: the footer is empty ({footer} pixels of ink)"
    );
    let title = ink(img, white, 0, 70);
    assert!(title > 500, "{name}: no title ({title} pixels of ink)");
    let diff = snapshot_difference(img, name);
    // Anti-aliasing may move a few pixels; a missing series or label changes thousands.
    assert!(
        diff <= 200,
        "{name}: {diff} pixels differ from the golden image"
    );
}

#[test]
fn over_time_exports_a_finished_figure() {
    let dir = tempfile::tempdir().unwrap();
    let img = export_png(
        dir.path(),
        "over_time",
        &["--view", "over-time", "--indicator", "pm25"],
    );
    check_figure(&img, "over_time", &colors_of(&CITIES));
}

#[test]
fn ranking_exports_bars_coloured_by_the_guideline() {
    let dir = tempfile::tempdir().unwrap();
    let img = export_png(
        dir.path(),
        "ranking",
        &["--view", "ranking", "--indicator", "pm25", "--year", "2020"],
    );
    // Every city exceeds the PM2.5 guideline: orange bars.
    check_figure(&img, "ranking", &[[213, 94, 0]]);
}

#[test]
fn compare_exports_every_city_column() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("compare.png");
    let o = citydash(&[
        "export",
        "--view",
        "compare",
        "--cities",
        "Astana,Almaty,Tashkent,Baku",
        "--out",
        &out.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let img = image::open(&out).unwrap().to_rgba8();
    check_figure(&img, "compare", &colors_of(&CITIES[..4]));
}

#[test]
fn small_multiples_export_every_city_in_each_panel() {
    let dir = tempfile::tempdir().unwrap();
    let img = export_png(
        dir.path(),
        "multiples",
        &["--view", "multiples", "--theme-group", "energy"],
    );
    check_figure(&img, "multiples", &colors_of(&CITIES));
}

#[test]
fn dark_theme_and_scale_change_background_and_resolution() {
    let dir = tempfile::tempdir().unwrap();
    let img = export_png(
        dir.path(),
        "dark",
        &[
            "--view",
            "over-time",
            "--indicator",
            "no2",
            "--dark",
            "--width",
            "800",
            "--height",
            "450",
            "--scale",
            "2",
        ],
    );
    assert_eq!(img.dimensions(), (1600, 900));
    // egui's dark panel colour, exactly.
    let bg = img.get_pixel(3, 3);
    assert!(
        close(bg, [27, 27, 27], 0),
        "dark background expected, got {bg:?}"
    );
    assert!(count_color(&img, colors_of(&CITIES)[0], 150, 800) > 20);
}

#[test]
fn print_preset_is_exactly_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let img = export_png(
        dir.path(),
        "print",
        &[
            "--view",
            "ranking",
            "--indicator",
            "recycling_rate",
            "--width",
            "3400",
            "--height",
            "2400",
        ],
    );
    assert_eq!(img.dimensions(), (3400, 2400));
}

#[test]
fn csv_export_is_the_tidy_data_behind_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pm25.csv");
    let o = citydash(&[
        "export",
        "--data",
        "sample_data/silkroad_annual.csv",
        "--view",
        "over-time",
        "--indicator",
        "pm25",
        "--cities",
        "Astana,Almaty",
        "--from",
        "2012",
        "--to",
        "2020",
        "--out",
        &out.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written = std::fs::read_to_string(&out).unwrap();
    let (comment, body) = written.split_once('\n').unwrap();
    assert!(comment.starts_with("# citydash export"), "{comment}");
    for part in [
        "silkroad_annual.csv",
        "indicator: pm25",
        "cities: Astana, Almaty",
        "years: 2012–2020",
    ] {
        assert!(comment.contains(part), "{part:?} missing in {comment}");
    }
    // The annual sample has one value per city and year, so the yearly means are the file's
    // own values: read them straight from the file, not through citydash.
    let raw = std::fs::read_to_string("sample_data/silkroad_annual.csv").unwrap();
    let mut expected: Vec<(String, i32, f64)> = raw
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let year: i32 = f[3].parse().ok()?;
            let wanted = ["Astana", "Almaty"].contains(&f[0]) && f[2] == "pm25";
            let value: f64 = f[4].parse().ok()?;
            (wanted && (2012..=2020).contains(&year)).then(|| (f[0].to_string(), year, value))
        })
        .collect();
    let mut lines = body.lines();
    assert_eq!(
        lines.next(),
        Some("place,country,indicator,time,value,unit,source,n,sources,coverage")
    );
    let mut got: Vec<(String, i32, f64)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].to_string(),
                f[3].parse().unwrap(),
                f[4].parse().unwrap(),
            )
        })
        .collect();
    got.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    expected.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    assert_eq!(got, expected);

    assert!(body.lines().count() > 10, "{body}");
}

#[test]
fn table_view_exports_the_raw_observations() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("table.csv");
    let o = citydash(&[
        "export",
        "--data",
        "sample_data/silkroad_pm25_daily_2023.csv",
        "--view",
        "table",
        "--indicator",
        "pm25",
        "--cities",
        "Tashkent",
        "--out",
        &out.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written = std::fs::read_to_string(&out).unwrap();
    let body = written.split_once('\n').unwrap().1;
    // The raw observations, in the file's order within the city: read from the file.
    let raw = std::fs::read_to_string("sample_data/silkroad_pm25_daily_2023.csv").unwrap();
    let header: Vec<&str> = raw.lines().next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (city, date, value) = (at("city"), at("date"), at("value"));
    let expected: Vec<(String, f64)> = raw
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[city] == "Tashkent")
        .map(|f| (f[date].to_string(), f[value].parse().unwrap()))
        .collect();
    let got: Vec<(String, f64)> = body
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[3].to_string(), f[4].parse().unwrap())
        })
        .collect();
    assert_eq!(got, expected);
    assert!(body.lines().count() > 300, "daily rows expected");
}

#[test]
fn several_specs_render_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let a = serde_json::json!({
        "view": "over-time", "indicator": "pm10", "cities": ["Baku", "Tbilisi"],
        "figure": {"width": 1200, "height": 675}
    });
    let b = serde_json::json!({
        "view": "ranking", "indicator": "recycling_rate",
        "cities": ["Seoul", "Tokyo", "Copenhagen"],
        "figure": {"width": 1080, "height": 1080, "dark": true},
        "data": ["sample_data/silkroad_annual.csv"]
    });
    let pa = dir.path().join("a.json");
    let pb = dir.path().join("b.json");
    std::fs::write(&pa, a.to_string()).unwrap();
    std::fs::write(&pb, b.to_string()).unwrap();
    let outdir = dir.path().join("figures");
    std::fs::create_dir(&outdir).unwrap();
    let o = citydash(&[
        "export",
        "--spec",
        &pa.display().to_string(),
        "--spec",
        &pb.display().to_string(),
        "--out",
        &outdir.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ia = image::open(outdir.join("a.png")).unwrap().to_rgba8();
    let ib = image::open(outdir.join("b.png")).unwrap().to_rgba8();
    assert_eq!(ia.dimensions(), (1200, 675));
    assert_eq!(ib.dimensions(), (1080, 1080));
    assert!(close(ia.get_pixel(1, 1), [255, 255, 255], 0));
    assert!(
        close(ib.get_pixel(1, 1), [27, 27, 27], 0),
        "b.json asks for the dark theme"
    );
}

/// Runs an export that must fail, returning its one line of error.
fn fails(args: &[&str]) -> String {
    let o = citydash(args);
    assert!(!o.status.success(), "{args:?} should fail");
    let lines = own_stderr(&o);
    assert_eq!(lines.len(), 1, "one line of error expected: {lines:?}");
    lines[0].clone()
}

#[test]
fn bad_arguments_get_one_clear_line_each() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("x.png").display().to_string();
    let base = ["export", "--view", "over-time", "--indicator", "pm25"];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter()
            .chain(extra)
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    };
    let run = |extra: &[&str]| {
        let args = with(extra);
        fails(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let e = run(&["--cities", "Astana,Atlantis", "--out", &png]);
    assert!(e.contains("unknown city 'Atlantis'"), "{e}");
    let e = fails(&[
        "export",
        "--view",
        "ranking",
        "--indicator",
        "pm99",
        "--out",
        &png,
    ]);
    assert!(e.contains("unknown indicator 'pm99'"), "{e}");
    let e = run(&["--width", "0", "--out", &png]);
    assert!(e.contains("too small"), "{e}");
    let e = run(&["--width", "12000", "--out", &png]);
    assert!(e.contains("too large") && e.contains("10000"), "{e}");
    let e = run(&["--width", "4000", "--scale", "4", "--out", &png]);
    assert!(e.contains("too large"), "{e}");
    let missing = dir
        .path()
        .join("no/such/folder/x.png")
        .display()
        .to_string();
    let e = run(&["--out", &missing]);
    assert!(e.contains("cannot write"), "{e}");
    let e = run(&["--out", &dir.path().join("x.gif").display().to_string()]);
    assert!(e.contains("unknown output type"), "{e}");
    nothing_left_behind(dir.path());
}

#[test]
fn existing_outputs_need_force_and_failed_writes_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("data.csv");
    std::fs::write(&csv, "keep me").unwrap();
    #[cfg(unix)]
    let original_mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(&csv).unwrap().permissions().mode() & 0o777
    };
    let args = |out: &str, force: bool| {
        let mut a = vec![
            "export".to_string(),
            "--view".into(),
            "over-time".into(),
            "--out".into(),
            out.into(),
        ];
        if force {
            a.push("--force".into());
        }
        a
    };
    let run = |a: Vec<String>| citydash(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let o = run(args(&csv.display().to_string(), false));
    assert!(!o.status.success());
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), "keep me");
    let o = run(args(&csv.display().to_string(), true));
    assert!(o.status.success(), "{}", stderr(&o));
    #[cfg(unix)]
    {
        // Written through a private temporary file, the output keeps the replaced file's
        // permissions (not the temporary file's 0600).
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&csv).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, original_mode, "{mode:o}");
        assert_ne!(mode, 0o600);
    }
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .starts_with("# citydash export")
    );
    // A full disk: the error names the file and the cause.
    let mut full = args("/dev/full", true);
    full.extend(["--format".to_string(), "csv".to_string()]);
    let o = run(full);
    assert!(!o.status.success());
    let e = own_stderr(&o).join("\n");
    assert!(
        e.contains("/dev/full") && e.contains("No space left"),
        "{e}"
    );
    nothing_left_behind(dir.path());
}

fn nothing_left_behind(dir: &Path) {
    let stray: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".citydash-") || n.ends_with(".png"))
        .collect();
    assert!(stray.is_empty(), "left behind: {stray:?}");
}

#[test]
fn a_folder_of_data_and_a_long_city_list_export_with_notes_for_unused_flags() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("many.png");
    let cities = "Almaty,Ankara,Ashgabat,Astana,Baku,Beijing,Bishkek,Bukhara,Copenhagen,Dubai,\
                  Dushanbe,Istanbul,Lanzhou,Osh,Samarkand,Seoul,Shanghai,Shymkent,Tashkent";
    let o = citydash(&[
        "export",
        "--data",
        "sample_data",
        "--view",
        "over-time",
        "--indicator",
        "recycling_rate",
        "--cities",
        cities,
        "--year",
        "2020",
        "--theme-group",
        "air",
        "--width",
        "1200",
        "--height",
        "675",
        "--out",
        &out.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let notes = own_stderr(&o);
    assert!(
        notes.iter().any(|l| l.contains(
            "note: --year applies to the ranking, the map, the scatter and the scorecard only"
        )),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|l| l.contains("note: --theme-group applies to small multiples only")),
        "{notes:?}"
    );
    let img = image::open(&out).unwrap().to_rgba8();
    assert_eq!(img.dimensions(), (1200, 675));
    // Every city's colour is drawn (19 cities: twelve colours, then dashed lines).
    let list: Vec<&str> = cities.split(',').map(str::trim).collect();
    for c in colors_of(&list) {
        assert!(count_color(&img, c, 70, 640) >= 10, "colour {c:?} missing");
    }
}
