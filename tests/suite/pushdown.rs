//! Loads that keep only some rows (a command's places, indicators and years, filtered while
//! parsing) give the same results as a full load filtered afterwards.

use std::path::{Path, PathBuf};

use citydash::chart::query::{ChartQuery, View, rows_needed};
use citydash::data::query::{self, Period, Query};
use citydash::data::{LoadOptions, Loaded, RowFilter, load_path};

use super::load_fixtures::tidy_csv;

fn path(name: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    match name.starts_with("silkroad") {
        true => root.join("sample_data").join(name),
        false => root.join("tests/fixtures").join(name),
    }
}

fn load(file: &Path, keep: Option<RowFilter>) -> Loaded {
    let options = LoadOptions {
        keep,
        ..Default::default()
    };
    load_path(file, &options).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

fn years(from: Option<i32>, to: Option<i32>) -> RowFilter {
    RowFilter {
        from_year: from,
        to_year: to,
        ..Default::default()
    }
}

/// Files with annual values (tidy and years as columns), monthly and daily values,
/// timestamps, and rows without a time.
const FILES: [&str; 7] = [
    "silkroad_annual.csv",
    "silkroad_pm25_daily_2023.csv",
    "wdi_preamble.csv",
    "openaq_log.csv",
    "times_periods.csv",
    "tidy_gaps.csv",
    "who_wide.csv",
];

#[test]
fn a_load_keeping_some_years_equals_a_full_load_filtered() {
    let mut narrowed = 0;
    for name in FILES {
        let file = path(name);
        let full = load(&file, None);
        for (from, to) in [
            (Some(2015), Some(2018)),
            (Some(2019), None),
            (None, Some(2016)),
            (Some(2023), Some(2023)),
        ] {
            let filter = years(from, to);
            let kept = load(&file, Some(filter.clone()));
            let expected = query::keep_rows(&full.dataset, &filter).unwrap();
            // An empty load has no station column (nothing names a station): compare the
            // header only when rows were kept.
            let body = |ds: &citydash::Dataset| match ds.is_empty() {
                true => String::new(),
                false => tidy_csv(ds),
            };
            assert_eq!(expected.is_empty(), kept.dataset.is_empty(), "{name}");
            assert_eq!(
                body(&kept.dataset),
                body(&expected),
                "{name} {from:?}–{to:?}"
            );
            narrowed += usize::from(kept.dataset.len() < full.dataset.len());
            // The same query on both gives the same rows, aggregated or not.
            for per in [None, Some(Period::Year), Some(Period::Month)] {
                let q = Query {
                    from_year: from,
                    to_year: to,
                    per,
                    ..Default::default()
                };
                let a = query::run(&kept.dataset, &q).unwrap();
                let b = query::run(&full.dataset, &q).unwrap();
                assert_eq!(body(&a), body(&b), "{name} {from:?}–{to:?} {per:?}");
            }
        }
    }
    assert!(
        narrowed >= 10,
        "the year filters left rows out ({narrowed} loads)"
    );
}

#[test]
fn rows_without_a_time_are_kept_whatever_the_years() {
    let filter = years(Some(2019), Some(2019));
    assert!(filter.keeps_time(citydash::data::dataset::NULL_TIME));
    assert!(filter.keeps_time(citydash::data::time::year_ms(2019)));
    assert!(!filter.keeps_time(citydash::data::time::year_ms(2020)));
    assert!(!filter.keeps_time(citydash::data::time::year_ms(2019) - 1));
    assert!(years(None, None).keeps_time(i64::MAX - 1));
}

fn chart_query(view: View, indicator: &str, from: Option<i32>, to: Option<i32>) -> ChartQuery {
    ChartQuery {
        view,
        indicator: indicator.into(),
        cities: ["Astana", "Almaty", "Tashkent", "Baku"]
            .map(String::from)
            .to_vec(),
        from_year: from,
        to_year: to,
        ..Default::default()
    }
}

#[test]
fn charts_from_a_load_of_the_rows_they_need_equal_charts_from_a_full_load() {
    let file = path("silkroad_annual.csv");
    let full = load(&file, None);
    let views = [
        View::OverTime,
        View::Multiples,
        View::Compare,
        View::Table,
        View::Ranking,
        View::Map,
        View::Scatter,
        View::Scorecard,
    ];
    for view in views {
        for (from, to) in [
            (Some(2014), Some(2019)),
            (None, Some(2017)),
            (Some(2018), None),
        ] {
            let q = chart_query(view, "pm25", from, to).for_view();
            let needed = rows_needed(std::slice::from_ref(&q));
            let kept = load(&file, Some(needed.clone()));
            let a = citydash::chart::prepare(&kept.dataset, &q).unwrap();
            let b = citydash::chart::prepare(&full.dataset, &q).unwrap();
            assert_eq!(
                format!("{a:?}"),
                format!("{b:?}"),
                "{view:?} {from:?}–{to:?}"
            );
            let bounded = matches!(
                view,
                View::OverTime | View::Multiples | View::Compare | View::Table
            );
            // Views that read only their years narrow the load to them; the others, which
            // look for the nearest year with data, do not.
            let expected = match bounded {
                true => (q.from_year, q.to_year),
                false => (None, None),
            };
            assert_eq!((needed.from_year, needed.to_year), expected, "{view:?}");
            if bounded && from.is_some() && to.is_some() {
                assert!(kept.dataset.len() < full.dataset.len() / 2, "{view:?}");
            }
        }
    }
}
