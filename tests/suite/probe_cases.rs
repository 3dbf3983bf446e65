//! Cases a probe of the loader found wrong (each asserted as it must be): header rows that
//! are data or qualifiers, missing-value markers, measure-year columns with a bad cell, station
//! and region spellings, undated values in the ranking, stations counted once.

use citydash::chart::{self, Body, ChartQuery, View};
use citydash::data::query::{self, Period, Query};
use citydash::data::{Dataset, LoadOptions, Loaded, load_bytes};
use citydash::i18n::Lang;

fn load(name: &str, text: &str) -> Loaded {
    load_bytes(text.as_bytes(), name, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Sorted `place,indicator,time,value,unit` lines.
fn rows(l: &Loaded) -> Vec<String> {
    let text = super::load_fixtures::tidy_csv(&l.dataset);
    let mut out: Vec<String> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| {
            let r = r.unwrap();
            [0, 2, 3, 4, 5].map(|i| r[i].to_string()).join(",")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_second_header_line_qualifies_its_columns_and_never_merges_them() {
    let l = load(
        "u.csv",
        "City,Year,PM2.5,Waste\n,,тыс. т,тыс. т\nAlmaty,2019,1,2\n",
    );
    assert_eq!(
        rows(&l),
        vec!["Almaty,Waste,2019,2,тыс. т", "Almaty,pm25,2019,1,тыс. т"]
    );
    assert_eq!(l.report.conflicts_total, 0);
    // A line of missing-value markers under the names is data, not a header.
    let l = load(
        "nd.csv",
        "Город;Год;PM2,5;PM10\nАстана;2018;н/д;н/д\nАлматы;2019;1;2\n",
    );
    assert_eq!(
        rows(&l),
        vec!["Almaty,pm10,2019,2,µg/m³", "Almaty,pm25,2019,1,µg/m³"]
    );
    assert!(l.report.notes.iter().all(|n| !n.contains("header spans")));
}

#[test]
fn missing_value_markers_in_russian_and_english_are_missing() {
    let l = load(
        "m.csv",
        "City,Year,PM2.5,PM10\nAlmaty,2019,н/д,no data\nAstana,2019,1,ND\nBaku,2019,нет данных,2\n",
    );
    assert_eq!(
        rows(&l),
        vec!["Astana,pm25,2019,1,µg/m³", "Baku,pm10,2019,2,µg/m³"]
    );
    assert_eq!(l.report.skipped_total, 0, "{:?}", l.report.skipped);
}

#[test]
fn a_measure_year_column_with_a_bad_cell_still_gives_the_years() {
    let l = load(
        "m3.csv",
        "city,recycling_rate,recycling_rate_year\nAlmaty,12.5,12\nAstana,20,2019\nShymkent,15,2020\nAktobe,11,2018\n",
    );
    let r = rows(&l);
    assert!(
        r.contains(&"Astana,recycling_rate,2019,20,%".to_string()),
        "{r:?}"
    );
    assert!(
        r.contains(&"Aktobe,recycling_rate,2018,11,%".to_string()),
        "{r:?}"
    );
    assert!(
        r.iter().all(|x| !x.contains("recycling_rate_year")),
        "{r:?}"
    );
    // The bad year is reported with its row, never used.
    assert!(
        l.report
            .skipped
            .iter()
            .any(|s| s.row == 2 && s.value == "12"),
        "{:?}",
        l.report.skipped
    );
    // A year column of a measure the table lacks is no indicator; a measure's own year wins
    // over the table's time column.
    let l = load(
        "n2.csv",
        "city,year,recycling_rate,recycling_rate_year,pm25_year\nAlmaty,2020,12.5,2019,2018\n",
    );
    assert_eq!(rows(&l), vec!["Almaty,recycling_rate,2019,12.5,%"]);
}

#[test]
fn station_ids_and_codes_are_stations() {
    let l = load(
        "s.csv",
        "station_id,Город,Дата,PM2.5\nП1,Алматы,2023-01-01,10\nП2,Алматы,2023-01-01,30\n",
    );
    assert_eq!(l.report.conflicts_total, 0);
    assert!(l.dataset.frame.column("station").is_ok());
}

#[test]
fn text_under_an_unnamed_header_cell_does_not_lose_the_row() {
    let l = load(
        "t.csv",
        "City;Year;PM2,5;;\nAlmaty;2019;35;1;\nAstana;2019;20;;\n",
    );
    assert_eq!(
        rows(&l),
        vec!["Almaty,pm25,2019,35,µg/m³", "Astana,pm25,2019,20,µg/m³"]
    );
}

#[test]
fn region_spellings_and_an_english_region_header() {
    let l = load(
        "r.csv",
        "Region,Year,Recycling rate\nAkmola obl.,2021,10\nAlmaty oblast',2021,11\nAkmola-oblast,2022,12\nNorth Kazakhstan,2021,13\nМангыстауская область,2021,14\n",
    );
    assert_eq!(
        rows(&l),
        vec![
            "Akmola Region,recycling_rate,2021,10,%",
            "Akmola Region,recycling_rate,2022,12,%",
            "Almaty Region,recycling_rate,2021,11,%",
            "Mangystau Region,recycling_rate,2021,14,%",
            "North Kazakhstan Region,recycling_rate,2021,13,%",
        ]
    );
    // Beside a country column, English "Region" is a world region: the countries are the
    // places.
    let l = load(
        "w.csv",
        "Country Name,Region,2019\nKazakhstan,Europe & Central Asia,20\n",
    );
    let r = rows(&l);
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(r[0].starts_with("Kazakhstan,"), "{r:?}");
    assert!(
        l.report
            .notes
            .iter()
            .any(|n| n.contains("places are the file's countries")),
        "{:?}",
        l.report.notes
    );
}

#[test]
fn undated_values_rank_after_those_with_a_year() {
    let dated = load(
        "d.csv",
        "city,year,recycling_rate\nAlmaty,2020,13\nTashkent,2020,9\n",
    );
    let undated = load("u.csv", "city,recycling_rate\nBishkek,40\n");
    let (ds, _) = Dataset::combine([&dated.dataset, &undated.dataset]).unwrap();
    let q = ChartQuery {
        view: View::Ranking,
        indicator: "recycling_rate".into(),
        cities: vec!["Almaty".into(), "Tashkent".into(), "Bishkek".into()],
        ..Default::default()
    };
    let p = chart::prepare(&ds, &q).unwrap();
    let Body::Ranking(r) = &p.body else {
        panic!("a ranking")
    };
    let labels: Vec<String> = r
        .bars
        .iter()
        .map(|b| r.label(b).localize(Lang::En))
        .collect();
    assert_eq!(
        labels,
        vec!["Almaty", "Tashkent", "Bishkek (year not given)"]
    );
}

#[test]
fn a_station_in_two_files_counts_once_and_unnamed_readings_are_a_station() {
    let a = load(
        "a.csv",
        "location,city,utc,parameter,value\nCentral,Almaty,2023-01-01T00:00:00Z,pm25,10\nNorth,Almaty,2023-01-01T00:00:00Z,pm25,20\n",
    );
    let b = load(
        "b.csv",
        "location,city,utc,parameter,value\nCentral,Almaty,2023-01-01T01:00:00Z,pm25,30\n,Almaty,2023-01-01T01:00:00Z,pm25,50\n",
    );
    let (ds, _) = Dataset::combine([&a.dataset, &b.dataset]).unwrap();
    let q = Query {
        per: Some(Period::Day),
        ..Default::default()
    };
    let out = query::run(&ds, &q).unwrap();
    let stations: Vec<Option<u32>> = out
        .frame
        .column(query::STATIONS)
        .unwrap()
        .u32()
        .unwrap()
        .iter()
        .collect();
    // Central, North and the unnamed one.
    assert_eq!(stations, vec![Some(3)]);
}
