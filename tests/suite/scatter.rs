//! The scatter view: the right points for the year, nearby years marked, places with one of
//! the two values named, the least-squares line and its r², log axes and the size indicator;
//! in the library, on the command line (PNG and CSV) and in the window.

use citydash::chart::scatter::ScatterChart;
use citydash::chart::{Body, ChartQuery, PreparedChart, View, prepare};
use citydash::data::{Dataset, LoadOptions, load_bytes};
use citydash::i18n::Lang;

use super::export::{check_figure, citydash, stderr};

/// Renewable share (X) and PM2.5 (Y): four places on the line y = 50 − x/2 in 2020 but one
/// off it, Baku's X only from 2018, Tbilisi with no PM2.5, Tehran with no renewable share,
/// and Bishkek with values only in 2015 (too far from 2020).
const DATA: &str = "city,year,indicator,value,unit\n\
    Astana,2020,renewable_share,10,%\nAstana,2020,pm25,45,µg/m³\n\
    Almaty,2020,renewable_share,20,%\nAlmaty,2020,pm25,40,µg/m³\n\
    Tashkent,2020,renewable_share,40,%\nTashkent,2020,pm25,36,µg/m³\n\
    Baku,2018,renewable_share,0,%\nBaku,2020,pm25,25,µg/m³\n\
    Tbilisi,2020,renewable_share,30,%\n\
    Tehran,2020,pm25,33,µg/m³\n\
    Bishkek,2015,renewable_share,50,%\nBishkek,2015,pm25,20,µg/m³\n\
    Astana,2020,recycling_rate,8,%\nAlmaty,2020,recycling_rate,32,%\n";

fn data() -> Dataset {
    load_bytes(DATA.as_bytes(), "scatter.csv", &LoadOptions::default())
        .unwrap()
        .dataset
}

fn query() -> ChartQuery {
    ChartQuery {
        view: View::Scatter,
        cities: [
            "Astana", "Almaty", "Tashkent", "Baku", "Tbilisi", "Tehran", "Bishkek",
        ]
        .map(String::from)
        .to_vec(),
        ..Default::default()
    }
}

fn scatter(q: &ChartQuery) -> (ScatterChart, PreparedChart) {
    let p = prepare(&data(), q).unwrap();
    match &p.body {
        Body::Scatter(c) => (c.clone(), p),
        other => panic!("not a scatter: {other:?}"),
    }
}

fn notes(p: &PreparedChart) -> Vec<String> {
    p.notes.iter().map(|t| t.localize(Lang::En)).collect()
}

#[test]
fn scatter_draws_each_place_with_both_values_and_names_the_rest() {
    let (c, p) = scatter(&query());
    assert_eq!(
        c.year, 2020,
        "the latest year most places have both values for"
    );
    let drawn: Vec<(&str, f64, f64, i32)> = c
        .points
        .iter()
        .map(|p| (p.place.as_str(), p.x, p.y, p.x_year))
        .collect();
    assert_eq!(
        drawn,
        vec![
            ("Almaty", 20.0, 40.0, 2020),
            ("Astana", 10.0, 45.0, 2020),
            ("Baku", 0.0, 25.0, 2018),
            ("Tashkent", 40.0, 36.0, 2020),
        ]
    );
    // A value from a nearby year is marked on its label.
    let baku = &c.points[2];
    assert_eq!(c.label(baku).localize(Lang::En), "Baku (2018/2020)");
    assert_eq!(c.label(&c.points[0]).localize(Lang::En), "Almaty");
    // Coloured by country: Almaty and Astana share Kazakhstan's colour, the others differ.
    assert_eq!(c.points[0].color, c.points[1].color);
    assert_ne!(c.points[0].color, c.points[3].color);
    assert_eq!(p.legend.len(), 3, "Azerbaijan, Kazakhstan, Uzbekistan");
    let notes = notes(&p);
    assert!(
        notes.contains(
            &"Left out, no PM2.5 annual mean within 3 years of 2020: Tbilisi".to_string()
        ),
        "{notes:?}"
    );
    assert!(
        notes.contains(
            &"Left out, no Renewable share of final energy within 3 years of 2020: Tehran"
                .to_string()
        ),
        "{notes:?}"
    );
    assert!(
        notes.contains(&"Not shown, no data within 3 years of 2020: Bishkek".to_string()),
        "{notes:?}"
    );
    assert!(p.subtitle.localize(Lang::En).contains("nearest year"));
    // The rows behind it: two per drawn place, each from the year it was drawn from.
    assert_eq!(p.rows.len(), 8);
    // No line unless asked for.
    assert!(c.fit.is_none());
}

#[test]
fn the_least_squares_line_gives_r2_and_log_axes_leave_out_zeros() {
    let mut q = query();
    q.scatter.fit_line = true;
    let (c, p) = scatter(&q);
    let f = c.fit.expect("a fit over four points");
    // x = 20, 10, 0, 40; y = 40, 45, 25, 36: slope Sxy/Sxx = 135/875, r² = Sxy²/(Sxx·Syy).
    let (sxx, syy, sxy) = (875.0, 217.0, 135.0);
    assert_eq!(f.n, 4);
    assert!((f.slope - sxy / sxx).abs() < 1e-9, "{f:?}");
    assert!((f.r2 - sxy * sxy / (sxx * syy)).abs() < 1e-9, "{f:?}");
    let line = format!(
        "Dashed line: least-squares fit, r² = {:.2} (4 places)",
        f.r2
    );
    assert!(notes(&p).contains(&line), "{:?}", notes(&p));
    // On a log X axis, Baku's 0 % cannot be placed: left out and named, the fit on the rest.
    q.scatter.log_x = true;
    let (c, p) = scatter(&q);
    assert_eq!(c.points.len(), 3);
    assert_eq!(c.fit.map(|f| f.n), Some(3));
    assert!(
        notes(&p).contains(&"Left out, zero or negative on a log axis: Baku".to_string()),
        "{:?}",
        notes(&p)
    );
    assert!(notes(&p).iter().any(|n| n.contains("logarithms (log10)")));
}

#[test]
fn a_size_indicator_sizes_points_and_names_those_without() {
    let mut q = query();
    q.size_indicator = Some("Recycling rate".into());
    let (c, p) = scatter(&q);
    let sizes: Vec<(&str, Option<f64>)> = c
        .points
        .iter()
        .map(|p| (p.place.as_str(), p.size))
        .collect();
    assert_eq!(
        sizes,
        vec![
            ("Almaty", Some(32.0)),
            ("Astana", Some(8.0)),
            ("Baku", None),
            ("Tashkent", None),
        ]
    );
    let n = notes(&p);
    assert!(
        n.iter()
            .any(|n| n.starts_with("Drawn hollow at the smallest size")
                && n.ends_with("Baku, Tashkent")),
        "{n:?}"
    );
    assert_eq!(p.rows.len(), 10, "the size rows are behind the chart too");
}

#[test]
fn a_given_year_takes_the_nearest_values_and_an_unknown_indicator_is_an_error() {
    let mut q = query();
    q.year = Some(2016);
    let (c, _) = scatter(&q);
    let drawn: Vec<&str> = c.points.iter().map(|p| p.place.as_str()).collect();
    // Bishkek's 2015 is within 3 years of 2016; Baku's X (2018) is, its PM2.5 (2020) is not.
    assert_eq!(drawn, vec!["Bishkek"]);
    q.x_indicator = "no-such-thing".into();
    let e = q.validate(&data()).unwrap_err().to_string();
    assert!(e.contains("no-such-thing"), "{e}");
}

#[test]
fn scatter_exports_as_png_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("scatter.png");
    let o = citydash(&[
        "export",
        "--view",
        "scatter",
        "--x-indicator",
        "renewable_share",
        "--y-indicator",
        "pm25",
        "--fit",
        "--cities",
        "Astana,Almaty,Tashkent,Baku,Xi'an",
        "--year",
        "2020",
        "--out",
        &png.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("least-squares fit, r² ="),
        "{}",
        stderr(&o)
    );
    let img = image::open(&png).unwrap().to_rgba8();
    // Kazakhstan's and China's colours (each country keeps its slot, as cities do).
    let names: Vec<String> = ["Azerbaijan", "China", "Kazakhstan", "Uzbekistan"]
        .map(String::from)
        .to_vec();
    let colors: Vec<[u8; 3]> = citydash::chart::theme::place_slots(&names)
        .into_iter()
        .map(|s| {
            let c = citydash::chart::theme::city_color(s);
            [c.r(), c.g(), c.b()]
        })
        .collect();
    check_figure(&img, "scatter", &colors);
    let csv = dir.path().join("scatter.csv");
    let o = citydash(&[
        "export",
        "--view",
        "scatter",
        "--cities",
        "Astana,Almaty",
        "--year",
        "2020",
        "--out",
        &csv.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert_eq!(rows.len(), 4, "{text}");
    assert!(
        text.lines()
            .next()
            .unwrap()
            .contains("x: renewable_share · y: pm25")
    );
    for r in rows {
        assert!(r.contains(",2020,"), "{r}");
    }
}
