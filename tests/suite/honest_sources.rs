//! Values of several sources and what empty views say: a file's two sources for one place
//! and year are blended by the chart, which says so in every view; indicators or values a
//! view leaves out are named.

use citydash::chart::{Body, ChartQuery, View, prepare};
use citydash::data::{Dataset, LoadOptions, load_bytes};
use citydash::i18n::Lang;

use super::honest::{load, notes, query};

#[test]
fn values_of_two_sources_in_one_file_are_blended_by_the_chart_and_named() {
    // The WHO database gives Urumqi 2018 from two sources, 65.67 and 16.96 µg/m³: not a
    // conflict of one source, so the chart averages them and says so, and that they disagree.
    let csv = "city,year,pm25,source\nUrumqi,2018,65.67,Clean Air Asia\n\
               Urumqi,2018,16.96,CNEMC\nUrumqi,2019,13,CNEMC\nUrumqi,2019,13.5,CNEMC\n";
    let loaded = load_bytes(csv.as_bytes(), "who.csv", &LoadOptions::default()).unwrap();
    // One source's two values for one year are still a conflict, resolved by the policy.
    assert_eq!(loaded.report.conflicts_total, 1);
    assert_eq!(loaded.report.conflicts[0].time, "2019");
    let n = notes(&query(&["Urumqi"]), &loaded.dataset);
    assert!(
        n.contains(&"Averaged from several sources: Urumqi\u{a0}2018".into()),
        "{n:?}"
    );
    assert!(
        n.contains(&"Sources disagree (up to ×3.9): Urumqi\u{a0}2018".into()),
        "{n:?}"
    );
    let chart = prepare(&loaded.dataset, &query(&["Urumqi"])).unwrap();
    let f = &chart.rows.frame;
    let value = f.column("value").unwrap().f64().unwrap().clone();
    let sources = f
        .column("sources")
        .unwrap()
        .cast(&polars::prelude::DataType::Float64);
    let sources = sources.unwrap().f64().unwrap().clone();
    assert_eq!(value.get(0), Some((65.67 + 16.96) / 2.0));
    assert_eq!((sources.get(0), sources.get(1)), (Some(2.0), Some(1.0)));
    assert_eq!(value.get(1), Some(13.25));
    // Every view that draws the 2018 value names the blend and the disagreement.
    let with_beijing = format!("{csv}Beijing,2018,40,CNEMC\n");
    let both = load("who.csv", &with_beijing);
    for view in [
        View::Ranking,
        View::Map,
        View::Scorecard,
        View::Compare,
        View::Multiples,
    ] {
        let q = ChartQuery {
            view,
            year: Some(2018),
            ..query(&["Urumqi", "Beijing"])
        };
        let n = notes(&q, &both);
        // Views of several indicators say which one.
        let which = match view {
            View::Ranking | View::Map => "Urumqi\u{a0}2018",
            _ => "Urumqi\u{a0}2018 (PM2.5)",
        };
        assert!(
            n.contains(&format!("Averaged from several sources: {which}")),
            "{view:?}: {n:?}"
        );
        assert!(
            n.iter()
                .any(|n| n.starts_with("Sources disagree (up to ×3.9): Urumqi")),
            "{view:?}: {n:?}"
        );
    }
    // The scatter's points too (Y is the blended PM2.5, X a PM10 of one source).
    let pm10 = "Urumqi,2018,90,CNEMC\nBeijing,2018,80,CNEMC\n";
    let long = |csv: &str, indicator: &str| -> String {
        csv.lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                format!("{},{},{indicator},{},{}\n", f[0], f[1], f[2], f[3])
            })
            .collect()
    };
    let csv3 = format!(
        "city,year,indicator,value,source\n{}{}",
        long(&with_beijing, "pm25"),
        long(&format!("h\n{pm10}"), "pm10")
    );
    let q = ChartQuery {
        view: View::Scatter,
        indicator: "pm25".into(),
        x_indicator: "pm10".into(),
        year: Some(2018),
        ..query(&["Urumqi", "Beijing"])
    };
    let n = notes(&q, &load("who3.csv", &csv3));
    assert!(
        n.contains(&"Averaged from several sources: Urumqi\u{a0}2018 (PM2.5)".into()),
        "scatter: {n:?}"
    );
}

#[test]
fn a_comparison_of_one_year_names_the_indicators_without_a_value_that_year() {
    let ds = load(
        "y.csv",
        "city,year,pm25,pm10\nAstana,2018,20,\nAlmaty,2018,30,\nAstana,2019,,40\nAlmaty,2019,,50\n",
    );
    let q = ChartQuery {
        view: View::Compare,
        compare_year: citydash::chart::compare::CompareYear::Year(2018),
        ..query(&["Astana", "Almaty"])
    };
    let n = notes(&q, &ds);
    assert!(
        n.contains(&"Not shown, no value of the year compared: PM10 annual mean".into()),
        "{n:?}"
    );
    // The latest values show both rows, and no such note.
    let latest = ChartQuery {
        compare_year: citydash::chart::compare::CompareYear::Latest,
        ..q
    };
    let n = notes(&latest, &ds);
    assert!(!n.iter().any(|n| n.starts_with("Not shown")), "{n:?}");
}

#[test]
fn empty_views_say_what_is_missing() {
    // Places a command's load kept no rows for: no data for them, not "no indicators".
    let ds = load("w.csv", "city,year,pm25\nAstana,2020,8\n");
    let q = ChartQuery {
        view: View::Multiples,
        theme_group: citydash::data::catalog::Theme::Waste,
        ..query(&["Tashkent"])
    };
    let message = |ds: &Dataset, q: &ChartQuery| match prepare(ds, q).unwrap().body {
        Body::Message(m) => m.localize(Lang::En),
        other => panic!("{other:?}"),
    };
    assert_eq!(message(&ds, &q), "No Waste data for Tashkent");
    let all = ChartQuery {
        cities: Vec::new(),
        ..q.clone()
    };
    assert_eq!(message(&ds, &all), "No Waste indicators in the open data");
    // Recycling rates without a year (What a Waste's city table) exist: the scorecard says
    // they have no year, and how to give them one.
    let undated = load("waste.csv", "city,recycling_rate\nAlmaty,12\nBaku,9\n");
    let q = ChartQuery {
        view: View::Scorecard,
        ..query(&[])
    };
    let m = message(&undated, &q);
    assert!(m.contains("have no year in the data (2 values)"), "{m}");
    assert!(m.contains("tidy FILE --year YEAR"), "{m}");
    // With dated values after the year asked for, those are the reason, not undated ones.
    let mixed = load(
        "mixed.csv",
        "city,year,recycling_rate\nAlmaty,2022,12\nBaku,,9\n",
    );
    let until = ChartQuery {
        year: Some(2020),
        ..q.clone()
    };
    let m = message(&mixed, &until);
    assert!(
        m.starts_with("No values of an indicator with targets"),
        "{m}"
    );
    let dated = load("waste.csv", "city,year,pm10\nAlmaty,2020,12\n");
    let q = ChartQuery {
        indicator: "pm10".into(),
        ..query(&["Baku"])
    };
    let q = ChartQuery {
        view: View::Scorecard,
        ..q
    };
    assert!(message(&dated, &q).starts_with("No values of an indicator with targets"));
}
