//! The map view: places in the right classes (WHO breaks for air quality, round breaks
//! otherwise), country-level values as a choropleth, places without coordinates named under
//! the map, values from nearby years ringed and named; the figure and CSV from the command
//! line, and the tab with its year slider and play in the window.

use egui_kittest::kittest::Queryable;

use citydash::chart::map::MapChart;
use citydash::chart::{Body, ChartQuery, PreparedChart, View, prepare};
use citydash::data::{Dataset, LoadOptions, load_bytes};
use citydash::i18n::Lang;

use super::export::{check_figure, citydash, stderr};
use super::harness::{app_on_samples, chart, click, settle};

const DATA: &str = "place,year,indicator,value,unit\n\
    Astana,2020,pm25,4,µg/m³\nAlmaty,2020,pm25,12,µg/m³\nTashkent,2020,pm25,40,µg/m³\n\
    Baku,2018,pm25,25,µg/m³\nKazakhstan,2020,pm25,20,µg/m³\nAtlantis,2020,pm25,30,µg/m³\n\
    Akmola region,2020,pm25,9,µg/m³\nAlmaty,2015,pm25,50,µg/m³\n\
    Astana,2020,recycling_rate,8,%\nAlmaty,2020,recycling_rate,33,%\n\
    Tashkent,2020,recycling_rate,61,%\n";

fn data() -> Dataset {
    load_bytes(DATA.as_bytes(), "map.csv", &LoadOptions::default())
        .unwrap()
        .dataset
}

fn map(q: &ChartQuery) -> (MapChart, PreparedChart) {
    let p = prepare(&data(), q).unwrap();
    match &p.body {
        Body::Map(c) => (c.clone(), p),
        other => panic!("not a map: {other:?}"),
    }
}

fn query(indicator: &str) -> ChartQuery {
    ChartQuery {
        view: View::Map,
        indicator: indicator.into(),
        cities: Vec::new(),
        ..Default::default()
    }
}

/// (place, class, year, drawn as a country fill).
fn placed(c: &MapChart) -> Vec<(String, usize, i32, bool)> {
    let mut v: Vec<_> = c
        .places
        .iter()
        .map(|p| (p.place.clone(), p.class, p.year, p.iso3.is_some()))
        .collect();
    v.sort();
    v
}

#[test]
fn air_quality_places_fall_in_the_who_classes() {
    let (c, p) = map(&query("pm25"));
    assert_eq!(c.year, 2020);
    assert!(c.who_breaks);
    // Classes: ≤5, 5–10, 10–15, 15–25, 25–35, >35.
    assert_eq!(
        placed(&c),
        vec![
            ("Akmola Region".into(), 1, 2020, false),
            ("Almaty".into(), 2, 2020, false),
            ("Astana".into(), 0, 2020, false),
            ("Baku".into(), 3, 2018, false),
            ("Kazakhstan".into(), 3, 2020, true),
            ("Tashkent".into(), 5, 2020, false),
        ]
    );
    let kz = c.places.iter().find(|p| p.place == "Kazakhstan").unwrap();
    assert_eq!(kz.iso3.as_deref(), Some("KAZ"));
    let astana = c.places.iter().find(|p| p.place == "Astana").unwrap();
    assert_eq!(astana.lon_lat, Some([71.4491, 51.1694]));
    assert_eq!(astana.source, "map.csv");
    assert_eq!(c.years, (2015, 2020), "the slider's years");
    let notes: Vec<String> = p.notes.iter().map(|t| t.localize(Lang::En)).collect();
    assert!(
        notes.contains(
            &"Values from the nearest year with data (ringed): Baku\u{a0}2018".to_string()
        ),
        "{notes:?}"
    );
    assert!(
        notes.contains(&"Not on the map, no coordinates or shape: Atlantis".to_string()),
        "{notes:?}"
    );
    // A region is a square at its administrative centre (Kokshetau for Akmola), named so.
    let akmola = c
        .places
        .iter()
        .find(|p| p.place == "Akmola Region")
        .unwrap();
    assert!(akmola.region && akmola.lon_lat.is_some());
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("Squares: regional values")),
        "{notes:?}"
    );
    // The legend names every class.
    let legend: Vec<String> = p
        .legend
        .iter()
        .map(|e| e.label.localize(Lang::En))
        .collect();
    assert_eq!(legend, ["≤ 5", "5–10", "10–15", "15–25", "25–35", "> 35"]);
    // The rows behind it: one per place drawn or named, from the year drawn.
    assert_eq!(p.rows.len(), 6);
}

#[test]
fn a_chosen_year_and_round_breaks_for_other_indicators() {
    let mut q = query("pm25");
    q.year = Some(2015);
    let (c, _) = map(&q);
    assert_eq!(
        placed(&c),
        vec![
            ("Almaty".into(), 5, 2015, false),
            ("Baku".into(), 3, 2018, false)
        ]
    );
    let (c, p) = map(&query("recycling_rate"));
    assert!(!c.who_breaks);
    let uppers: Vec<Option<f64>> = c.classes.iter().map(|k| k.upper).collect();
    assert_eq!(uppers, vec![Some(20.0), Some(40.0), Some(60.0), None]);
    let classes: Vec<usize> = ["Astana", "Almaty", "Tashkent"]
        .iter()
        .map(|n| c.places.iter().find(|p| p.place == *n).unwrap().class)
        .collect();
    assert_eq!(classes, vec![0, 1, 3]);
    assert!(p.subtitle.localize(Lang::En).starts_with("2020, %"));
}

#[test]
fn map_exports_as_png_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("map.png");
    let o = citydash(&[
        "export",
        "--view",
        "map",
        "--indicator",
        "pm25",
        "--cities",
        "Astana,Almaty,Tashkent,Baku,Xi'an,Tokyo,Istanbul",
        "--year",
        "2020",
        "--out",
        &png.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let img = image::open(&png).unwrap().to_rgba8();
    // Water, land and the darkest class (Xi'an, above interim target 1) are all drawn.
    check_figure(
        &img,
        "map",
        &[[221, 232, 240], [244, 243, 239], [189, 0, 38]],
    );
    let csv = dir.path().join("map.csv");
    let o = citydash(&[
        "export",
        "--view",
        "map",
        "--indicator",
        "pm25",
        "--cities",
        "Astana,Almaty",
        "--year",
        "2020",
        "--out",
        &csv.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.contains("Astana,Kazakhstan,pm25,2020,"), "{text}");
}

#[test]
fn country_values_fill_their_countries_in_the_figure() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("countries.csv");
    std::fs::write(
        &data,
        "country,year,indicator,value\nKazakhstan,2020,pm25,20\nMongolia,2020,pm25,40\n",
    )
    .unwrap();
    let png = dir.path().join("choropleth.png");
    let o = citydash(&[
        "export",
        "--data",
        &data.display().to_string(),
        "--view",
        "map",
        "--indicator",
        "pm25",
        "--out",
        &png.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let img = image::open(&png).unwrap().to_rgba8();
    let count = |c: [u8; 3]| {
        img.pixels()
            .filter(|p| (0..3).all(|i| p[i].abs_diff(c[i]) <= 2))
            .count()
    };
    // Kazakhstan (15–25) and Mongolia (> 35) are filled: large areas of their classes'
    // colours, Kazakhstan's the larger, as the country is.
    let (kz, mn) = (count([253, 141, 60]), count([189, 0, 38]));
    assert!(kz > 20_000 && mn > 5_000 && kz > mn, "{kz} {mn}");
}

#[test]
fn the_map_tab_has_a_year_slider_that_plays() {
    let mut h = app_on_samples();
    click(&mut h, "Map");
    let c = chart(&h);
    let Body::Map(m) = &c.body else {
        panic!("not a map: {:?}", c.body)
    };
    assert_eq!(m.places.len(), 5, "the five selected capitals");
    let (first, last) = m.years;
    assert!(first < last, "{first}–{last}");
    assert_eq!(h.state().map_timeline.span, Some((first, last)));
    // Play starts over from the first year when the latest is on screen.
    // (Playing keeps the window repainting: stepped by hand, not settled.)
    h.get_by_label("▶ Play").click();
    h.run_steps(2);
    assert!(h.state().map_timeline.playing);
    assert_eq!(h.state().state.query.year, Some(first));
    h.get_by_label("‖ Pause").click();
    h.run_steps(2);
    assert!(!h.state().map_timeline.playing);
    settle(&mut h);
    let c = chart(&h);
    let Body::Map(m) = &c.body else {
        panic!("not a map: {:?}", c.body)
    };
    assert_eq!(m.year, h.state().state.query.year.unwrap());
}

#[test]
fn circles_can_be_sized_by_a_second_indicator() {
    let mut q = query("pm25");
    q.size_indicator = Some("recycling_rate".into());
    let (c, p) = map(&q);
    let size = |n: &str| c.places.iter().find(|p| p.place == n).unwrap().size;
    assert_eq!(
        (size("Astana"), size("Almaty"), size("Tashkent")),
        (Some(8.0), Some(33.0), Some(61.0))
    );
    assert_eq!(size("Baku"), None);
    let notes: Vec<String> = p.notes.iter().map(|t| t.localize(Lang::En)).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("Drawn hollow at the smallest size") && n.contains("Baku")),
        "{notes:?}"
    );
    assert!(
        p.subtitle
            .localize(Lang::En)
            .contains("point area: Recycling rate")
    );
    // The size's rows are behind the chart too.
    assert_eq!(p.rows.len(), 6 + 3);
}
