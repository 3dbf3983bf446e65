//! Charts that never mislead: partial years, blended and disagreeing sources, countries next
//! to cities, the synthetic sample and non-data files are all named, in the window's charts,
//! the figures and the CSV alike.

use citydash::chart::{Body, ChartQuery, Relative, View, prepare};
use citydash::data::{Dataset, LoadError, LoadOptions, load_bytes};
use citydash::i18n::Lang;

use super::export::{citydash, stderr};

pub(super) fn load(name: &str, csv: &str) -> Dataset {
    load_bytes(csv.as_bytes(), name, &LoadOptions::default())
        .unwrap()
        .dataset
}

pub(super) fn notes(q: &ChartQuery, ds: &Dataset) -> Vec<String> {
    let chart = prepare(ds, q).unwrap();
    chart.notes.iter().map(|t| t.localize(Lang::En)).collect()
}

pub(super) fn query(cities: &[&str]) -> ChartQuery {
    ChartQuery {
        cities: cities.iter().map(|c| c.to_string()).collect(),
        ..Default::default()
    }
}

#[test]
fn a_year_of_a_few_days_is_drawn_hollow_and_named() {
    // 2022: every day of January–October; 2023: 18 days. The 2023 mean is no annual mean.
    let mut csv = String::from("city,date,pm25\n");
    for d in 0..300 {
        let (m, day) = (1 + d / 30, 1 + d % 28);
        csv.push_str(&format!("Almaty,2022-{m:02}-{day:02},{}\n", 30 + d % 7));
    }
    for day in 1..=18 {
        csv.push_str(&format!("Almaty,2023-01-{day:02},90\n"));
    }
    let ds = load("daily.csv", &csv);
    let q = query(&["Almaty"]);
    let chart = prepare(&ds, &q).unwrap();
    let Body::OverTime(c) = &chart.body else {
        panic!("{:?}", chart.body)
    };
    assert_eq!(c.series[0].hollow, vec![[2023.0, 90.0]]);
    assert_eq!(
        c.series[0].segments,
        vec![vec![[2022.0, c.series[0].segments[0][0][1]]]]
    );
    let notes: Vec<String> = chart.notes.iter().map(|t| t.localize(Lang::En)).collect();
    assert!(
        notes.contains(&"Hollow marker: 1 annual mean covers less than 75 % of its year".into()),
        "{notes:?}"
    );
    // The CSV carries the coverage of each year (18 days of 365).
    let coverage = chart.rows.frame.column("coverage").unwrap();
    assert_eq!(coverage.f64().unwrap().get(1), Some(0.0493));
    // A lower threshold draws it as a full value.
    let mut q = q;
    q.options.min_coverage = 0;
    let Body::OverTime(c) = prepare(&ds, &q).unwrap().body else {
        panic!()
    };
    assert!(c.series[0].hollow.is_empty());
}

#[test]
fn blended_and_disagreeing_sources_are_named() {
    let a = load(
        "a.csv",
        "city,year,pm25,source\nAlmaty,2019,30,Stats office\nBaku,2019,20,Stats office\n",
    );
    let b = load(
        "b.csv",
        "city,year,pm25,source\nAlmaty,2019,120,Sensors\nBaku,2019,22,Sensors\n",
    );
    let (both, _) = Dataset::combine([&a, &b]).unwrap();
    let n = notes(&query(&["Almaty", "Baku"]), &both);
    assert!(
        n.contains(&"Averaged from several sources: Almaty\u{a0}2019, Baku\u{a0}2019".into()),
        "{n:?}"
    );
    assert!(
        n.contains(&"Sources disagree (up to ×4): Almaty\u{a0}2019".into()),
        "{n:?}"
    );
    let chart = prepare(&both, &query(&["Almaty"])).unwrap();
    let sources = chart
        .rows
        .frame
        .column("sources")
        .unwrap()
        .cast(&polars::prelude::DataType::Float64)
        .unwrap();
    assert_eq!(sources.f64().unwrap().get(0), Some(2.0));
    assert_eq!(
        chart.sources,
        vec!["Sensors".to_string(), "Stats office".to_string()]
    );
}

#[test]
fn countries_next_to_cities_are_marked() {
    let ds = load(
        "mixed.csv",
        "place,year,pm25\nAlmaty,2019,30\nKazakhstan,2019,18\n",
    );
    let q = query(&["Almaty", "Kazakhstan"]);
    let n = notes(&q, &ds);
    assert!(
        n.contains(&"Country-level values next to city values: Kazakhstan".into()),
        "{n:?}"
    );
    let chart = prepare(&ds, &q).unwrap();
    let labels: Vec<String> = chart
        .legend
        .iter()
        .map(|e| e.label.localize(Lang::En))
        .collect();
    assert_eq!(labels, ["Almaty", "Kazakhstan (country)"]);
}

#[test]
fn the_sample_is_marked_on_every_chart_drawn_from_it() {
    let sample = citydash::data::open::SAMPLES[0];
    let ds = load_bytes(sample.1, sample.0, &LoadOptions::default())
        .unwrap()
        .dataset;
    for view in [View::OverTime, View::Ranking, View::Compare] {
        let q = ChartQuery {
            view,
            ..Default::default()
        };
        let n = notes(&q, &ds);
        assert_eq!(
            n[0], "Synthetic sample data bundled with citydash: not real figures",
            "{view:?}"
        );
    }
}

#[test]
fn a_result_cut_at_its_row_cap_is_named_on_every_view() {
    let mut ds = load(
        "t.csv",
        "city,year,pm25\nAstana,2020,30\nAlmaty,2020,40\nAstana,2021,25\n",
    );
    let plain = notes(&query(&["Astana", "Almaty"]), &ds);
    assert!(!plain.iter().any(|n| n.contains("Incomplete")), "{plain:?}");
    ds.cuts.push(citydash::data::RowCut {
        source: "postgresql://ana@db/stats (\"pm\")".into(),
        rows: 3,
        means: None,
    });
    for view in View::ALL.iter().filter(|v| v.is_figure()) {
        let q = ChartQuery {
            view: *view,
            ..query(&["Astana", "Almaty"])
        };
        let n = notes(&q, &ds);
        assert_eq!(
            n[0],
            "Incomplete data: only the first 3 rows of postgresql://ana@db/stats (\"pm\") \
             were read (row cap); values may be missing",
            "{view:?}"
        );
    }
    // Means computed by the server are named as means, not rows.
    ds.cuts[0].means = Some(citydash::data::query::Period::Month);
    let n = notes(&query(&["Astana", "Almaty"]), &ds);
    assert_eq!(
        n[0],
        "Incomplete data: only the first 3 means of postgresql://ana@db/stats (\"pm\") were \
         read (row cap; one mean a place, indicator and period); values may be missing"
    );
}

#[test]
fn a_file_that_is_no_table_says_what_it_is() {
    let e = load_bytes(
        b"[package]\nname = \"x\"\n",
        "Cargo.toml",
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            LoadError::NotData {
                what: "a configuration file",
                ..
            }
        ),
        "{e}"
    );
    let e = load_bytes(b"%PDF-1.7 ...", "report", &LoadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "report: this is a PDF document, not a data table; citydash reads CSV, TSV and TXT tables, \
         Excel and OpenDocument workbooks (xlsx, xls, ods), Parquet and JSON records"
    );
}

#[test]
fn an_export_names_cities_without_data_and_uses_one_base_year() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d.csv");
    std::fs::write(
        &data,
        "city,year,pm25\nAlmaty,2015,40\nAlmaty,2016,30\nBaku,2016,20\nBaku,2017,10\n",
    )
    .unwrap();
    let out = dir.path().join("rel.csv");
    let o = citydash(&[
        "export",
        "--data",
        &data.display().to_string(),
        "--view",
        "over-time",
        "--indicator",
        "pm25",
        "--cities",
        "Almaty,Baku,Tashkent",
        "--relative",
        "--out",
        &out.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("Not shown, no data: Tashkent"),
        "{}",
        stderr(&o)
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    // 2016 is the one year both cities have: every value is indexed to it.
    let lines: Vec<&str> = csv.lines().skip(1).collect();
    assert!(lines[0].ends_with(",indexed"), "{csv}");
    let indexed: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    assert_eq!(indexed, ["133.333", "100", "100", "50"], "{csv}");
    let _ = Relative::Index100;
}

#[test]
fn undated_values_are_named_or_drawn_marked_never_as_a_year() {
    // A city-level survey without any time column (like What a Waste): recycling rates with no
    // year. Over time cannot place them, so it says so and names the cities.
    let ds = load(
        "survey.csv",
        "city_name,country_name,recycling_rate,waste_collection_coverage\n\
         Bishkek,Kyrgyzstan,12.5,80\nTashkent,Uzbekistan,20,95\nBaku,Azerbaijan,9,70\n",
    );
    let mut q = query(&["Bishkek", "Tashkent", "Seoul"]);
    q.indicator = "recycling_rate".into();
    q.view = View::OverTime;
    let n = notes(&q, &ds);
    assert!(
        n.iter()
            .any(|t| t == "Not drawn, no date given: 2 values (Bishkek, Tashkent)"),
        "{n:?}"
    );
    // In Russian, with its plural form.
    let chart = prepare(&ds, &q).unwrap();
    let ru: Vec<String> = chart.notes.iter().map(|t| t.localize(Lang::Ru)).collect();
    assert!(
        ru.iter()
            .any(|t| t == "Не показаны, дата не указана: 2 значения (Бишкек, Ташкент)"),
        "{ru:?}"
    );
    // The Ranking draws them, its year "not given", and names the city without data.
    q.view = View::Ranking;
    let chart = prepare(&ds, &q).unwrap();
    let Body::Ranking(r) = &chart.body else {
        panic!("a ranking: {:?}", chart.body)
    };
    let bars: Vec<(&str, f64, Option<i32>)> = r
        .bars
        .iter()
        .map(|b| (b.city.as_str(), b.value, b.year))
        .collect();
    assert_eq!(
        bars,
        vec![("Tashkent", 20.0, None), ("Bishkek", 12.5, None)]
    );
    assert_eq!(chart.subtitle.localize(Lang::En), "year not given, %");
    let n = notes(&q, &ds);
    assert!(n.iter().all(|t| !t.contains("no date")), "{n:?}");
    assert!(n.iter().any(|t| t == "Not shown, no data: Seoul"), "{n:?}");
    // The CSV behind it keeps the empty year, never a made-up one.
    let csv = super::load_fixtures::tidy_csv(&chart.rows);
    assert!(
        csv.contains("Tashkent,Uzbekistan,recycling_rate,,20,%"),
        "{csv}"
    );
    // A dated file gives no such mark or note.
    let dated = load("dated.csv", "city,year,recycling_rate\nBishkek,2020,12\n");
    assert!(notes(&q, &dated).iter().all(|t| !t.contains("no date")));
}

#[test]
fn undated_values_beside_dated_ones_are_marked_and_never_best() {
    let dated = load(
        "dated.csv",
        "city,year,recycling_rate\nAlmaty,2019,12\nAlmaty,2020,13\nTashkent,2020,9\n",
    );
    let undated = load(
        "undated.csv",
        "city,recycling_rate,msw_per_capita\nBishkek,40,290\nAlmaty,7,\n",
    );
    let (ds, _) = Dataset::combine([&dated, &undated]).unwrap();
    let mut q = query(&["Almaty", "Tashkent", "Bishkek"]);
    q.indicator = "recycling_rate".into();
    q.view = View::Ranking;
    let chart = prepare(&ds, &q).unwrap();
    let Body::Ranking(r) = &chart.body else {
        panic!("a ranking")
    };
    let labels: Vec<String> = r
        .bars
        .iter()
        .map(|b| r.label(b).localize(Lang::En))
        .collect();
    // Bishkek's 40 is drawn, marked, after the values of a year: never ranked above them.
    assert_eq!(
        labels,
        vec!["Almaty", "Tashkent", "Bishkek (year not given)"]
    );
    assert_eq!(r.year, Some(2020));
    let n = notes(&q, &ds);
    // Almaty's undated 7 is not drawn (it has a 2020 value): named.
    assert!(
        n.iter()
            .any(|t| t == "Not drawn, no date given: 1 value (Almaty)"),
        "{n:?}"
    );
    q.view = View::Compare;
    let chart = prepare(&ds, &q).unwrap();
    let Body::Compare(c) = &chart.body else {
        panic!("a comparison")
    };
    let row = c
        .rows
        .iter()
        .find(|r| r.indicator == "recycling_rate")
        .unwrap();
    let bishkek = row.cells[2].as_ref().unwrap();
    assert_eq!((bishkek.value, bishkek.year), (40.0, None));
    // The highest value has no year: it is never called best; Almaty's 2020 is.
    assert_eq!(row.best(), Some(0));
    let n = notes(&q, &ds);
    assert!(
        n.iter().any(|t| t
            == "* 2 values have no year in the data: marked (year not given); they are not compared for the best"),
        "{n:?}"
    );
}

#[test]
fn a_measure_with_a_year_column_of_its_own_takes_its_year_from_it() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/survey_measure_years.csv");
    let l = citydash::load_path(&path, &LoadOptions::default()).unwrap();
    let csv = super::load_fixtures::tidy_csv(&l.dataset);
    for line in [
        "Bishkek,Kyrgyzstan,recycling_rate,2016,12.5,%",
        "Bishkek,Kyrgyzstan,waste_collection_coverage,2015,80,%",
        "Tashkent,Uzbekistan,recycling_rate,2018,20,%",
        // An empty year cell leaves the value undated; a measure without a year column too.
        "Baku,Azerbaijan,recycling_rate,,9,%",
        "Bishkek,Kyrgyzstan,msw_per_capita,,290,kg/person/year",
    ] {
        assert!(csv.contains(line), "{line}\n{csv}");
    }
    assert_eq!(l.report.skipped_total, 0);
    assert!(
        l.report
            .notes
            .iter()
            .any(|n| n
                == "column \"recycling_rate_year\" gives the year of column \"recycling_rate\""),
        "{:?}",
        l.report.notes
    );
    // The year columns are no indicators of their own.
    assert!(!csv.contains("recycling_rate_year"), "{csv}");
    // The ranking of 2018 takes Tashkent's 2018 value and Bishkek's 2016 one, marked.
    let mut q = query(&["Bishkek", "Tashkent", "Baku"]);
    q.indicator = "recycling_rate".into();
    q.view = View::Ranking;
    let chart = prepare(&l.dataset, &q).unwrap();
    let Body::Ranking(r) = &chart.body else {
        panic!("a ranking")
    };
    let labels: Vec<String> = r
        .bars
        .iter()
        .map(|b| r.label(b).localize(Lang::En))
        .collect();
    assert_eq!(
        labels,
        vec!["Tashkent", "Bishkek (2016)", "Baku (year not given)"]
    );
}

#[test]
fn small_multiples_name_only_their_themes_undated_values_and_title_empty_panels_with_a_unit() {
    // PM10 only for a city not selected: its panel has nothing to draw.
    let dated = load(
        "dated.csv",
        "city,year,pm25,pm10\nBishkek,2019,33,\nTashkent,2019,42,\nBaku,2019,20,50\n",
    );
    let survey = load(
        "survey.csv",
        "city,recycling_rate\nBishkek,12\nTashkent,20\n",
    );
    let (ds, _) = Dataset::combine([&dated, &survey]).unwrap();
    let mut q = query(&["Bishkek", "Tashkent"]);
    q.view = View::Multiples;
    q.theme_group = citydash::data::catalog::Theme::Air;
    let chart = prepare(&ds, &q).unwrap();
    let n: Vec<String> = chart.notes.iter().map(|t| t.localize(Lang::En)).collect();
    // The undated values are recycling rates: not an air quality indicator.
    assert!(n.iter().all(|t| !t.contains("no date")), "{n:?}");
    let Body::Multiples(m) = &chart.body else {
        panic!("small multiples")
    };
    let pm10 = m.panels.iter().find(|p| p.indicator == "pm10").unwrap();
    assert!(pm10.empty_reason.is_some());
    assert_eq!(pm10.unit, "µg/m³");
    q.theme_group = citydash::data::catalog::Theme::Waste;
    let n = notes(&q, &ds);
    assert!(
        n.iter()
            .any(|t| t == "Not drawn, no date given: 2 values (Bishkek, Tashkent)"),
        "{n:?}"
    );
}

#[test]
fn annual_values_asked_per_month_are_drawn_as_the_annual_means_they_are() {
    use citydash::chart::{ChartQuery, View};
    use citydash::data::query::Period;
    let loaded = citydash::data::load_bytes(
        b"city,year,indicator,value\nAstana,2020,pm25,30\nAstana,2021,pm25,28\nAlmaty,2020,pm25,40\nAlmaty,2021,pm25,35\n",
        "annual.csv",
        &citydash::data::LoadOptions::default(),
    )
    .unwrap();
    let mut q = ChartQuery {
        view: View::OverTime,
        indicator: "pm25".into(),
        cities: vec!["Astana".into(), "Almaty".into()],
        ..Default::default()
    };
    q.options.per = Period::Month;
    let monthly = citydash::chart::prepare(&loaded.dataset, &q).unwrap();
    let said = monthly.subtitle.localize(citydash::i18n::Lang::En);
    assert!(
        said.contains("annual means") && !said.contains("monthly"),
        "{said}"
    );
    q.options.per = Period::Year;
    let yearly = citydash::chart::prepare(&loaded.dataset, &q).unwrap();
    assert_eq!(format!("{:?}", monthly.body), format!("{:?}", yearly.body));
}
