//! One test per quirk of the files analysts receive, each asserting the exact observations
//! that come out (as tidy CSV) and what the report says.

use std::path::PathBuf;

use citydash::data::query::{self, Period, Query};
use citydash::data::write::write_tidy_csv;
use citydash::data::{
    ColumnMapping, ConflictPolicy, Layout, LoadError, LoadOptions, Loaded, TimeResolution,
    load_path,
};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(name: &str) -> Loaded {
    load_with(name, &LoadOptions::default())
}

fn load_with(name: &str, options: &LoadOptions) -> Loaded {
    load_path(fixture(name), options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The observations as tidy CSV lines without the source column, sorted.
fn rows(loaded: &Loaded) -> Vec<String> {
    rows_of(&loaded.dataset)
}

/// The dataset as tidy CSV text.
pub fn tidy_csv(ds: &citydash::Dataset) -> String {
    let mut buf = Vec::new();
    write_tidy_csv(ds, &mut buf).expect("write csv");
    String::from_utf8(buf).expect("UTF-8 csv")
}

fn rows_of(ds: &citydash::Dataset) -> Vec<String> {
    let text = tidy_csv(ds);
    let mut lines: Vec<String> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| {
            let r = r.expect("valid csv");
            r.iter().take(6).collect::<Vec<_>>().join(",") // without the source
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn windows_1251_semicolons_decimal_comma_thousands_and_footnote() {
    let l = load("stat_cp1251.csv");
    assert_eq!(l.report.encoding.as_deref(), Some("windows-1251"));
    assert_eq!(l.report.delimiter.as_deref(), Some(";"));
    assert!(l.report.decimal_comma);
    assert_eq!(
        rows(&l),
        vec![
            "Almaty,Kazakhstan,pm25,2019,41.2,µg/m³",
            "Astana,Kazakhstan,pm25,2019,35.7,µg/m³",
            "Astana,Kazakhstan,pm25,2020,33.1,µg/m³",
            "Bishkek,Kyrgyzstan,msw_per_capita,2019,1234.5,кг",
        ]
    );
    // `..` is missing, not an error; the text cell is reported with its line and column.
    assert_eq!(l.report.skipped_total, 1);
    let s = &l.report.skipped[0];
    assert_eq!(
        (s.row, s.column.as_str(), s.value.as_str()),
        (7, "Значение", "см. прим.")
    );
    assert_eq!(s.reason, "not a number");
    assert!(
        l.report
            .notes
            .iter()
            .any(|n| n.contains("Источник: национальные статистические службы"))
    );
}

#[test]
fn windows_1252_tab_separated_with_micro_sign() {
    let l = load("eu_cp1252.tsv");
    assert_eq!(l.report.encoding.as_deref(), Some("windows-1252"));
    assert_eq!(l.report.delimiter.as_deref(), Some("tab"));
    assert_eq!(
        rows(&l),
        vec![
            "Copenhagen,Denmark,pm10,2019,16.5,µg/m³",
            "Copenhagen,Denmark,pm10,2020,15.1,µg/m³",
            "Copenhagen,Denmark,pm10,2021,14.9,µg/m³",
        ]
    );
}

#[test]
fn utf16_with_pipe_delimiter_and_accented_alias() {
    let l = load("utf16_pipe.txt");
    assert_eq!(l.report.encoding.as_deref(), Some("UTF-16LE"));
    assert_eq!(l.report.delimiter.as_deref(), Some("|"));
    assert_eq!(
        rows(&l),
        vec![
            "Baku,Azerbaijan,no2,2018,41.5,µg/m³",
            "Baku,Azerbaijan,no2,2019,39,µg/m³"
        ]
    );
}

#[test]
fn world_bank_preamble_quoted_fields_trailing_comma_years_as_columns() {
    let l = load("wdi_preamble.csv");
    assert_eq!(l.report.layout, Layout::WideByYear);
    assert_eq!(l.report.encoding.as_deref(), Some("UTF-8 with BOM"));
    assert_eq!(l.report.header_row, 5);
    assert_eq!(
        rows(&l),
        vec![
            "Kazakhstan,Kazakhstan,pm25,2018,21.5,µg/m³",
            "Kazakhstan,Kazakhstan,pm25,2019,20.25,µg/m³",
            "Kyrgyzstan,Kyrgyzstan,pm25,2018,30,µg/m³",
            "Kyrgyzstan,Kyrgyzstan,pm25,2020,29.75,µg/m³",
            "Turkey,Turkey,pm25,2019,19,µg/m³",
            "Turkey,Turkey,pm25,2020,18.5,µg/m³",
        ]
    );
    assert_eq!(l.report.skipped_total, 0);
    // The preamble's "Data Source" names the source of every row.
    assert_eq!(
        l.dataset.distinct("source"),
        vec!["World Development Indicators"]
    );
}

#[test]
fn who_wide_by_indicator_with_aliases_conflicts_and_bad_rows() {
    let l = load("who_wide.csv");
    assert_eq!(l.report.layout, Layout::WideByIndicator);
    assert_eq!(
        rows(&l),
        vec![
            "Urumqi,China,pm25,2018,65.67,µg/m³",
            "Xi'an,China,no2,2018,45.1,µg/m³",
            "Xi'an,China,pm10,2018,120.5,µg/m³",
            "Xi'an,China,pm25,2018,61.8,µg/m³",
        ]
    );
    // Three spellings of Xi'an in one year: one conflict with all three rows and values.
    assert_eq!(l.report.conflicts_total, 1);
    let c = &l.report.conflicts[0];
    assert_eq!(
        (c.place.as_str(), c.indicator.as_str(), c.time.as_str()),
        ("Xi'an", "pm25", "2018")
    );
    assert_eq!(
        c.rows,
        vec![2, 3, 5],
        "the quoted line break makes Xian Shi line 5"
    );
    assert_eq!(c.values, vec![63.15, 62.05, 60.2]);
    // A negative concentration and a year before 1900 are skipped with reasons.
    let reasons: Vec<(usize, &str)> = l
        .report
        .skipped
        .iter()
        .map(|s| (s.row, s.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (7, "negative value, impossible for pm25"),
            (8, "year outside 1900–2100")
        ]
    );
    assert!(
        l.report
            .ignored_columns
            .iter()
            .any(|(c, _)| c == "PM25 temporal coverage (%)")
    );
}

#[test]
fn conflict_policies_first_last_max() {
    let kept = |p: ConflictPolicy| {
        let l = load_with(
            "who_wide.csv",
            &LoadOptions::default().with_conflict_policy(p),
        );
        l.report.conflicts[0].kept
    };
    assert_eq!(kept(ConflictPolicy::First), 63.15);
    assert_eq!(kept(ConflictPolicy::Last), 60.2);
    assert_eq!(kept(ConflictPolicy::Max), 63.15);
    assert!((kept(ConflictPolicy::Mean) - 61.8).abs() < 1e-9);
}

#[test]
fn eurostat_dimensions_flags_and_colon_missing() {
    let l = load("eurostat.tsv");
    assert_eq!(l.report.layout, Layout::WideByYear);
    assert_eq!(
        rows(&l),
        vec![
            "Denmark,Denmark,msw_per_capita,2019,844,kg/person/year",
            "Denmark,Denmark,msw_per_capita,2020,814,kg/person/year",
            "Turkey,Turkey,msw_per_capita,2019,424,kg/person/year",
            "Turkey,Turkey,msw_per_capita,2021,412,kg/person/year",
        ]
    );
    assert_eq!(
        l.report.skipped_total, 0,
        "':' and ': c' are missing, not errors"
    );
}

#[test]
fn openaq_measurement_log_keeps_timestamps_and_aggregates() {
    let l = load("openaq_log.csv");
    assert_eq!(l.report.layout, Layout::MeasurementLog);
    assert_eq!(l.dataset.resolution, TimeResolution::Timestamp);
    assert_eq!(
        rows(&l)[0],
        "Almaty,Kazakhstan,no2,2023-01-01T00:00:00Z,30,µg/m³"
    );
    let monthly = query::run(
        &l.dataset,
        &Query {
            indicators: vec!["PM2.5".into()],
            per: Some(Period::Month),
            ..Default::default()
        },
    )
    .unwrap();
    let text = tidy_csv(&monthly);
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        vec![
            "place,country,indicator,time,value,unit,source,n,sources,stations,coverage",
            // Two days of January (2/31) and one of February (1/28) have readings, all from
            // the one station.
            "Almaty,Kazakhstan,pm25,2023-01,80,µg/m³,openaq_log.csv,3,1,1,0.0645",
            "Almaty,Kazakhstan,pm25,2023-02,40,µg/m³,openaq_log.csv,1,1,1,0.0357",
        ]
    );
    let daily = query::run(
        &l.dataset,
        &Query {
            indicators: vec!["pm25".into()],
            per: Some(Period::Day),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(daily.resolution, TimeResolution::Date);
    assert_eq!(
        tidy_csv(&daily).lines().collect::<Vec<_>>(),
        vec![
            "place,country,indicator,time,value,unit,source,n,sources,stations,coverage",
            // Hourly readings: two hours of 1 January (2/24), one hour of the other days.
            "Almaty,Kazakhstan,pm25,2023-01-01,90,µg/m³,openaq_log.csv,2,1,1,0.0833",
            "Almaty,Kazakhstan,pm25,2023-01-02,60,µg/m³,openaq_log.csv,1,1,1,0.0417",
            "Almaty,Kazakhstan,pm25,2023-02-01,40,µg/m³,openaq_log.csv,1,1,1,0.0417",
        ]
    );
}

#[test]
fn every_missing_marker_is_missing_and_negative_shares_are_reported() {
    let l = load("missing_markers.csv");
    assert_eq!(rows(&l), vec!["Tbilisi,Georgia,recycling_rate,2023,12.5,%"]);
    assert_eq!(l.report.skipped_total, 1);
    assert_eq!(l.report.skipped[0].row, 11);
    assert_eq!(l.report.skipped[0].value, "-3");
}

#[test]
fn a_file_with_no_table_fails_with_one_clear_message() {
    let err = load_path(fixture("not_a_table.csv"), &LoadOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, LoadError::NoTable { .. }));
    assert!(msg.contains("not_a_table.csv"), "{msg}");
    assert!(msg.contains("This export failed."), "{msg}");
    assert!(msg.contains("expected a table with a header row"), "{msg}");
}

#[test]
fn json_records_and_columns() {
    let l = load("records.json");
    assert_eq!(
        rows(&l),
        vec![
            "Samarkand,Uzbekistan,renewable_share,2020,8.5,%",
            "Samarkand,Uzbekistan,renewable_share,2021,9.25,%",
        ]
    );
    let l = load("columns.json");
    assert_eq!(
        rows(&l),
        vec![
            "Dushanbe,Tajikistan,electricity_per_capita,2019,1650.5,kWh/person/year",
            "Dushanbe,Tajikistan,electricity_per_capita,2020,1702,kWh/person/year",
        ]
    );
}

#[test]
fn xlsx_first_sheet_with_a_table_preamble_and_footnote() {
    let l = load("waste.xlsx");
    assert_eq!(l.report.sheet.as_deref(), Some("Data"));
    assert_eq!(l.report.header_row, 3);
    assert_eq!(
        rows(&l),
        vec![
            "Tashkent,Uzbekistan,msw_per_capita,2020,362,kg/person/year",
            "Tashkent,Uzbekistan,msw_per_capita,2021,371,kg/person/year",
            "Tashkent,Uzbekistan,recycling_rate,2020,11.5,%",
            "Tashkent,Uzbekistan,recycling_rate,2021,12.25,%",
            "Tashkent,Uzbekistan,recycling_rate,2022,13,%",
        ]
    );
    // A named sheet that does not exist is an error naming the sheets there are.
    let err = load_path(
        fixture("waste.xlsx"),
        &LoadOptions::default().with_sheet("Nope"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("\"Notes\""), "{err}");
}

#[test]
fn legacy_xls_wide_by_year() {
    let l = load_with(
        "energy_legacy.xls",
        &LoadOptions::default().with_indicator("electricity_per_capita"),
    );
    assert_eq!(
        rows(&l),
        vec![
            "Kazakhstan,Kazakhstan,electricity_per_capita,2019,5200.5,kWh/person/year",
            "Kazakhstan,Kazakhstan,electricity_per_capita,2020,5100,kWh/person/year",
            "Mongolia,Mongolia,electricity_per_capita,2019,2100,kWh/person/year",
        ]
    );
}

#[test]
fn parquet_tidy_file() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("obs.parquet");
    let mut df = df!(
        "city" => ["Urumqi", "Wulumuqi Shi"],
        "year" => [2019i64, 2020],
        "indicator" => ["pm25", "pm25"],
        "value" => [40.5f64, 38.0],
    )
    .unwrap();
    ParquetWriter::new(std::fs::File::create(&path).unwrap())
        .finish(&mut df)
        .unwrap();
    let l = load_path(&path, &LoadOptions::default()).unwrap();
    assert_eq!(
        rows(&l),
        vec![
            "Urumqi,China,pm25,2019,40.5,µg/m³",
            "Urumqi,China,pm25,2020,38,µg/m³"
        ]
    );
}

#[test]
fn explicit_mapping_overrides_detection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.csv");
    std::fs::write(
        &path,
        "spot,when,what,reading\nAlmaty,2020,pm25,30\nAlmaty,2021,pm25,28\n",
    )
    .unwrap();
    let err = load_path(&path, &LoadOptions::default()).unwrap_err();
    assert!(matches!(err, LoadError::NoPlaceColumn { .. }), "{err}");
    assert!(err.to_string().contains("--map place=COLUMN"));
    let mapping =
        ColumnMapping::parse("place=spot,time=when,indicator=what,value=reading").unwrap();
    let l = load_path(&path, &LoadOptions::default().with_mapping(mapping)).unwrap();
    assert_eq!(
        rows(&l),
        vec![
            "Almaty,Kazakhstan,pm25,2020,30,µg/m³",
            "Almaty,Kazakhstan,pm25,2021,28,µg/m³"
        ]
    );
    let bad = ColumnMapping::parse("place=nosuch").unwrap();
    let err = load_path(&path, &LoadOptions::default().with_mapping(bad)).unwrap_err();
    assert!(
        err.to_string()
            .contains("--map place=nosuch: no such column"),
        "{err}"
    );
}

#[test]
fn a_file_where_every_row_is_bad_fails_naming_the_first_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(
        &path,
        "city,year,indicator,value\nBaku,2020,pm25,high\nBaku,2021,pm25,low\n",
    )
    .unwrap();
    let err = load_path(&path, &LoadOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("bad.csv: nothing usable"), "{msg}");
    assert!(
        msg.contains("row 2, column \"value\", value \"high\": not a number"),
        "{msg}"
    );
}

#[test]
fn loading_never_modifies_the_file() {
    let path = fixture("stat_cp1251.csv");
    let before = std::fs::read(&path).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let _ = load("stat_cp1251.csv");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn rows_with_text_beyond_the_header_are_left_out_with_their_line() {
    // The extra field may sit anywhere in the row, so its values cannot be trusted to be
    // in their columns (here "4,0" is one number split by an unquoted decimal comma: 4 would be drawn).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ragged.csv");
    std::fs::write(
        &path,
        "city,year,indicator,value\r\nAstana,2020,pm25,30,\r\nAlmaty,2020,pm25,4,0\r\nBaku,2020,pm25,20,,\r\n",
    )
    .unwrap();
    let l = load_path(&path, &LoadOptions::default()).unwrap();
    assert_eq!(
        rows(&l),
        vec![
            "Astana,Kazakhstan,pm25,2020,30,µg/m³",
            "Baku,Azerbaijan,pm25,2020,20,µg/m³",
        ]
    );
    assert_eq!(l.report.skipped_total, 1, "{:?}", l.report.skipped);
    assert_eq!(l.report.skipped[0].row, 3);
    assert!(
        l.report.skipped[0]
            .reason
            .contains("5 fields, text beyond the header's last column"),
        "{}",
        l.report.skipped[0].reason
    );
    // The skip names the column past the header and the text found there.
    let s = &l.report.skipped[0];
    assert_eq!(
        (s.column.as_str(), s.value.as_str()),
        ("column 5 (no header)", "0")
    );
}

#[test]
fn files_without_a_time_column_load_with_a_note_or_the_given_year() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("waste_cities.csv");
    std::fs::write(
        &path,
        "city_name,country_name,waste_treatment_recycling_percent,total_msw_total_msw_generated_tons_year\nDushanbe\u{c2}\u{a0},Tajikistan,4,\"365,000\"\n",
    )
    .unwrap();
    let l = load_path(&path, &LoadOptions::default()).unwrap();
    assert!(l.report.notes.iter().any(|n| n.contains("no time column")));
    assert_eq!(
        rows(&l),
        vec![
            "Dushanbe,Tajikistan,recycling_rate,,4,%",
            "Dushanbe,Tajikistan,total_msw_total_msw_generated_tons_year,,365000,t/year",
        ],
        "mojibake in the city name is repaired"
    );
    let l = load_path(&path, &LoadOptions::default().with_default_year(2016)).unwrap();
    assert_eq!(rows(&l)[0], "Dushanbe,Tajikistan,recycling_rate,2016,4,%");
}

#[test]
fn row_filter_keeps_only_the_places_and_indicators_asked_for() {
    let keep = |places: &[&str], indicators: &[&str]| LoadOptions {
        keep: Some(citydash::data::RowFilter {
            places: places.iter().map(|s| s.to_string()).collect(),
            indicators: indicators.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }),
        ..Default::default()
    };
    // Aliases (Xi An, Xian Shi) resolve before the filter: all three rows of Xi'an stay, and
    // their conflict is still found.
    let l = load_with("who_wide.csv", &keep(&["Xi'an"], &["pm25"]));
    assert_eq!(rows(&l), vec!["Xi'an,China,pm25,2018,61.8,µg/m³"]);
    assert_eq!(l.report.conflicts_total, 1);
    // Rows left out are neither loaded nor reported as skipped (the bad rows are Urumqi's).
    let all = load("who_wide.csv");
    assert!(all.report.skipped_total > 0);
    assert_eq!(l.report.skipped_total, 0);
    let urumqi = load_with("who_wide.csv", &keep(&["Urumqi"], &[]));
    assert_eq!(rows(&urumqi), vec!["Urumqi,China,pm25,2018,65.67,µg/m³"]);
    assert_eq!(urumqi.report.skipped_total, all.report.skipped_total);
    // A tidy file: one indicator of every place.
    let tidy = load_with("stat_cp1251.csv", &keep(&[], &["pm25"]));
    let full = load("stat_cp1251.csv");
    let expected: Vec<String> = rows(&full)
        .into_iter()
        .filter(|r| r.split(',').nth(2) == Some("pm25"))
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(rows(&tidy), expected);
}

#[test]
fn empty_labels_take_their_defaults_and_bad_times_are_reported() {
    let l = load("tidy_gaps.csv");
    assert_eq!(
        tidy_csv(&l.dataset).lines().collect::<Vec<_>>(),
        vec![
            "place,country,indicator,time,value,unit,source",
            // Country from the gazetteer, unit from the catalog, source the file's name.
            "Almaty,Kazakhstan,pm25,2021,30.5,µg/m³,tidy_gaps.csv",
            "Baku,Azerbaijan,no2,2024,41,µg/m³,ECO",
        ]
    );
    let skipped: Vec<(usize, &str, &str, &str)> = l
        .report
        .skipped
        .iter()
        .map(|s| {
            (
                s.row,
                s.column.as_str(),
                s.value.as_str(),
                s.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        vec![
            (3, "year", "soon", "not a year, date or timestamp"),
            (4, "year", "", "no time given"),
            (5, "value", "inf", "not a number"),
        ],
        "the empty value of row 6 is missing, not an error"
    );
    // With every row kept the resolved columns are taken over whole: the same defaults.
    let all_good = "city,country,indicator,year,value,unit,source\n\
                    Almaty,,pm25,2021,30.5,,\n\
                    Baku,Azerbaijan,no2,2024,41,µg/m³,ECO\n";
    let l = citydash::data::load_bytes(all_good.as_bytes(), "good.csv", &LoadOptions::default())
        .unwrap();
    assert_eq!(
        tidy_csv(&l.dataset).lines().skip(1).collect::<Vec<_>>(),
        vec![
            "Almaty,Kazakhstan,pm25,2021,30.5,µg/m³,good.csv",
            "Baku,Azerbaijan,no2,2024,41,µg/m³,ECO",
        ]
    );
    assert_eq!(l.report.skipped_total, 0);
}
