//! One path from query to pixels: the CSV export writes exactly the rows the figure draws,
//! and the PNG is drawn from that same prepared chart.

use citydash::chart::{Body, ChartQuery, View, prepare};
use citydash::data::Dataset;
use citydash::data::open::{self, Opened};
use citydash::data::remote::FetchOptions;
use citydash::export::{self, FigureRenderer, RendererKind};

fn samples() -> Dataset {
    let opened: Vec<Opened> = open::open_all(
        &open::samples(),
        &Default::default(),
        &FetchOptions::default(),
        &mut |_, _| true,
    )
    .unwrap();
    Dataset::combine(opened.iter().map(|o| &o.loaded.dataset))
        .unwrap()
        .0
}

/// (place, year, value) rows of an exported CSV.
fn csv_rows(text: &str) -> Vec<(String, i32, f64)> {
    let mut rows: Vec<(String, i32, f64)> = text
        .lines()
        .skip(2)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].to_string(),
                f[3].parse().unwrap(),
                f[4].parse().unwrap(),
            )
        })
        .collect();
    rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    rows
}

#[test]
fn the_csv_rows_are_the_rows_the_png_drew() {
    let ds = samples();
    let q = ChartQuery {
        view: View::OverTime,
        indicator: "pm25".into(),
        cities: vec!["Astana".into(), "Almaty".into(), "Tashkent".into()],
        from_year: Some(2014),
        ..Default::default()
    };
    let chart = prepare(&ds, &q).unwrap();
    let Body::OverTime(lines) = &chart.body else {
        panic!("{:?}", chart.body)
    };
    let mut drawn: Vec<(String, i32, f64)> = lines
        .series
        .iter()
        .flat_map(|s| {
            s.segments
                .iter()
                .flatten()
                .map(|p| (s.city.clone(), p[0] as i32, p[1]))
        })
        .collect();
    drawn.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    assert!(drawn.len() > 20);

    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("chart.csv");
    let names = vec!["samples".to_string()];
    export::write_chart_csv(&chart, &names, &csv, &[], false).unwrap();
    let written = csv_rows(&std::fs::read_to_string(&csv).unwrap());
    assert_eq!(written.len(), drawn.len());
    for (w, d) in written.iter().zip(&drawn) {
        assert_eq!((&w.0, w.1), (&d.0, d.1));
        // Computed means are written to 6 significant digits.
        assert!((w.2 - d.2).abs() <= d.2.abs() * 5e-6, "{w:?} vs {d:?}");
    }

    // The PNG comes from the same prepared chart: each drawn city's line is in the figure.
    let mut renderer = FigureRenderer::new(RendererKind::Cpu).unwrap();
    let img = export::render_figure(&mut renderer, &chart, "samples", &Default::default()).unwrap();
    for s in &lines.series {
        let c = citydash::chart::theme::city_color(s.slot);
        let n = img
            .pixels()
            .filter(|p| {
                let [r, g, b, _] = p.0;
                r.abs_diff(c.r()) <= 8 && g.abs_diff(c.g()) <= 8 && b.abs_diff(c.b()) <= 8
            })
            .count();
        assert!(n > 400, "{}'s line: {n} pixels", s.city);
    }
}

#[test]
fn every_view_exports_the_rows_it_prepared() {
    let ds = samples();
    for view in View::EXPORTABLE {
        let q = ChartQuery {
            view,
            cities: vec!["Baku".into(), "Tbilisi".into()],
            ..Default::default()
        };
        let chart = prepare(&ds, &q).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("x.csv");
        let n = export::write_chart_csv(&chart, &["s".into()], &out, &[], false).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert_eq!(n, chart.rows.len(), "{view:?}");
        assert_eq!(
            text.lines().count(),
            n + 2,
            "{view:?}: comment, header, rows"
        );
        assert!(n > 0, "{view:?}");
    }
}
