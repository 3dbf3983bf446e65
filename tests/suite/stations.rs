//! Stations (the loader issue's kind 6): a measurement log naming its stations keeps them;
//! readings of several stations of one city at one time are not conflicts; means average each
//! station's own mean to the city and count the stations; charts say so; the table shows
//! each station's rows.

use std::path::PathBuf;

use citydash::chart::{self, Body, ChartQuery, View};
use citydash::data::query::{self, Period, Query};
use citydash::data::{Dataset, LoadOptions, Loaded, Role, load_path};

fn load(name: &str) -> Loaded {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    load_path(path, &LoadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Daily means per place: (place, time, value, n, stations).
fn daily_means(ds: &Dataset) -> Vec<(String, String, f64, u32, u32)> {
    let q = Query {
        indicators: vec!["pm25".into()],
        per: Some(Period::Day),
        ..Default::default()
    };
    let out = query::run(ds, &q).expect("query runs");
    let text = super::load_fixtures::tidy_csv(&out);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (n, stations) = (at("n"), at("stations"));
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[0].to_string(),
                r[3].to_string(),
                r[4].parse().unwrap(),
                r[n].parse().unwrap(),
                r[stations].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn stations_are_kept_and_readings_of_different_stations_are_not_conflicts() {
    let l = load("stations_log.csv");
    let text = super::load_fixtures::tidy_csv(&l.dataset);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("place,country,indicator,time,value,unit,source,station")
    );
    assert!(
        text.contains(
            "Almaty,Kazakhstan,pm25,2023-01-01T00:00:00Z,20,µg/m³,stations_log.csv,Airport"
        ),
        "{text}"
    );
    assert_eq!(l.dataset.len(), 7);
    assert!(
        l.report
            .columns
            .contains(&(Role::Station, "location".to_string())),
        "{:?}",
        l.report.columns
    );
    // Only the one station's own repeated reading is a conflict.
    assert_eq!(l.report.conflicts_total, 1);
    let c = &l.report.conflicts[0];
    assert_eq!(c.station.as_deref(), Some("Airport"));
    assert_eq!(c.rows, vec![7, 8]);
    assert_eq!(c.kept, 11.0);
    assert!(
        l.report.notes.iter().any(|n| n.starts_with(
            "3 station(s) in column \"location\" (Centre, Airport, Ala-Too): readings of different stations at one time are kept apart"
        )),
        "{:?}",
        l.report.notes
    );
}

#[test]
fn city_means_average_each_stations_mean_and_count_the_stations() {
    let l = load("stations_log.csv");
    // Centre's mean is 50 (4 readings), Airport's 15.5 (2): the city's is 32.75, not the
    // 36.83 of all six readings pooled.
    assert_eq!(
        daily_means(&l.dataset),
        vec![
            ("Almaty".into(), "2023-01-01".into(), 32.75, 6, 2),
            ("Bishkek".into(), "2023-01-01".into(), 70.0, 1, 1),
        ]
    );
}

#[test]
fn a_russian_post_column_is_a_station() {
    let l = load("stations_posts.csv");
    assert!(
        l.report
            .columns
            .contains(&(Role::Station, "Пост".to_string())),
        "{:?}",
        l.report.columns
    );
    assert_eq!(
        daily_means(&l.dataset),
        vec![
            ("Astana".into(), "2023-01-01".into(), 25.5, 2, 2),
            ("Astana".into(), "2023-01-02".into(), 28.0, 1, 1),
        ]
    );
}

#[test]
fn the_chart_names_station_means_and_the_table_shows_each_station() {
    let l = load("stations_log.csv");
    let mut q = ChartQuery {
        view: View::OverTime,
        indicator: "pm25".into(),
        cities: vec!["Almaty".into(), "Bishkek".into()],
        ..Default::default()
    };
    q.options.per = Period::Day;
    let p = chart::prepare(&l.dataset, &q).unwrap();
    let notes: Vec<String> = p
        .notes
        .iter()
        .map(|n| n.localize(citydash::i18n::Lang::En))
        .collect();
    assert!(
        notes.contains(
            &"Means of several stations (each station's mean first, up to 2 per city): Almaty"
                .to_string()
        ),
        "{notes:?}"
    );
    q.view = View::Table;
    let p = chart::prepare(&l.dataset, &q).unwrap();
    let Body::Table(t) = &p.body else {
        panic!("a table")
    };
    assert_eq!(t.headers().last(), Some(&"station"));
    let column = t.headers().len() - 1;
    let mut stations: Vec<String> = (0..t.rows).map(|r| t.cell(column, r)).collect();
    stations.sort();
    stations.dedup();
    assert_eq!(stations, vec!["Airport", "Ala-Too", "Centre"]);
}

#[test]
fn a_dataset_without_stations_combines_with_one_that_has_them() {
    let with = load("stations_log.csv");
    let without = load("who_wide.csv");
    let (both, problem) = Dataset::combine([&with.dataset, &without.dataset]).unwrap();
    assert_eq!(problem, None);
    assert_eq!(both.len(), with.dataset.len() + without.dataset.len());
    let station = both.frame.column("station").unwrap();
    assert_eq!(station.null_count(), without.dataset.len());
    // The city means still average the stations of the one and count none for the other.
    let q = Query {
        indicators: vec!["pm25".into()],
        places: vec!["Almaty".into(), "Xi'an".into()],
        per: Some(Period::Year),
        ..Default::default()
    };
    let out = query::run(&both, &q).unwrap();
    let stations = out.frame.column(query::STATIONS).unwrap();
    let counts: Vec<Option<u32>> = stations.u32().unwrap().iter().collect();
    assert!(counts.contains(&Some(2)), "{counts:?}");
    assert!(counts.contains(&Some(0)), "{counts:?}");
}

#[test]
fn a_station_column_without_a_city_column_names_the_places() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("posts.csv");
    std::fs::write(
        &path,
        "Station,Year,PM2.5\nAlmaty,2020,30\nBishkek,2020,41\n",
    )
    .unwrap();
    let l = load_path(&path, &LoadOptions::default()).unwrap();
    assert!(l.dataset.frame.column("station").is_err());
    assert!(
        l.report
            .columns
            .contains(&(Role::Place, "Station".to_string())),
        "{:?}",
        l.report.columns
    );
    assert_eq!(l.dataset.len(), 2);
}

#[test]
fn the_window_lists_regions_under_their_own_heading_and_shows_stations_in_the_table() {
    use super::harness::{empty_app, settle, show};
    use citydash::data::open::Origin;
    use egui_kittest::kittest::Queryable;
    let fixture = |n: &str| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(n)
            .display()
            .to_string()
    };
    let mut h = empty_app();
    let ctx = h.ctx.clone();
    h.state_mut()
        .open(Origin::File(fixture("regions_kz.csv")), &ctx);
    h.state_mut()
        .open(Origin::File(fixture("stations_log.csv")), &ctx);
    settle(&mut h);
    h.state_mut().state.query.cities = vec!["Almaty".into(), "Bishkek".into()];
    h.state_mut().state.query.indicator = "pm25".into();
    settle(&mut h);
    h.get_by_label("Regions");
    h.get_by_label("Akmola Region");
    show(&mut h, View::Table);
    h.get_by_label("station");
    assert_eq!(h.query_all_by_label("Airport").count(), 2);
    h.get_by_label("Ala-Too");
}
