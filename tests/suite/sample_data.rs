//! The bundled sample data meets what the app needs of it.

use citydash::data::Loaded;
use citydash::data::open::{self, Origin};

fn load_samples() -> Vec<Loaded> {
    open::samples()
        .iter()
        .map(|o: &Origin| {
            open::open(o, &Default::default(), &Default::default(), &mut |_| true)
                .expect("samples load")
                .loaded
        })
        .collect()
}
use citydash::data::TimeResolution;
use citydash::data::query::{self, Query};

fn values(ds: &citydash::Dataset, indicator: &str) -> Vec<f64> {
    let q = Query {
        indicators: vec![indicator.into()],
        ..Default::default()
    };
    let r = query::run(ds, &q).unwrap();
    r.frame
        .column("value")
        .unwrap()
        .f64()
        .unwrap()
        .into_no_null_iter()
        .collect()
}

#[test]
fn annual_sample_has_the_cities_years_and_indicators_with_realistic_magnitudes() {
    let samples = load_samples();
    let annual = &samples[0];
    assert_eq!(annual.report.skipped_total, 0);
    assert_eq!(annual.report.conflicts_total, 0);
    let s = annual.dataset.summary();
    assert!(s.places.len() >= 20, "{} places", s.places.len());
    assert_eq!(
        (s.time_from.as_deref(), s.time_to.as_deref()),
        (Some("2010"), Some("2024"))
    );
    assert!(s.indicators.len() >= 9);
    assert!(
        s.indicators.iter().all(|i| i.theme.is_some()),
        "all indicators are in the catalog"
    );
    let within = |ind: &str, lo: f64, hi: f64| {
        let v = values(&annual.dataset, ind);
        assert!(!v.is_empty());
        assert!(
            v.iter().all(|&x| (lo..=hi).contains(&x)),
            "{ind} outside {lo}–{hi}"
        );
    };
    within("pm25", 5.0, 80.0);
    within("recycling_rate", 2.0, 45.0);
    within("msw_per_capita", 250.0, 550.0);
    within("electricity_per_capita", 1000.0, 10000.0);
    within("renewable_share", 0.0, 60.0);
    // Gaps: not every city has every indicator every year.
    assert!(annual.dataset.len() < s.places.len() * 15 * s.indicators.len());
    // Every row says it is synthetic.
    assert_eq!(
        annual.dataset.distinct("source"),
        vec!["citydash synthetic sample (not real data)"]
    );
}

#[test]
fn daily_sample_has_a_year_of_pm25_for_five_or_more_cities() {
    let samples = load_samples();
    let daily = &samples[1];
    assert_eq!(daily.dataset.resolution, TimeResolution::Date);
    let s = daily.dataset.summary();
    assert!(s.places.len() >= 5);
    assert_eq!(
        (s.time_from.as_deref(), s.time_to.as_deref()),
        (Some("2023-01-01"), Some("2023-12-31"))
    );
    assert!(daily.dataset.len() > 5 * 330);
}
