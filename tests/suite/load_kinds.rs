//! The kinds of real files of the loader issue: numbers as people write them, units converted
//! before anything is combined, and charts that never put two units on one axis. Each test
//! asserts the exact observations and what the report says.

use std::path::PathBuf;

use citydash::chart::{self, ChartQuery, View};
use citydash::data::{LoadOptions, Loaded, load_path};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn load(name: &str) -> Loaded {
    load_path(fixture(name), &LoadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The observations as sorted `place,indicator,time,value,unit` lines.
fn rows(l: &Loaded) -> Vec<String> {
    let text = super::load_fixtures::tidy_csv(&l.dataset);
    let mut out: Vec<String> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| {
            let r = r.expect("valid csv");
            [0, 2, 3, 4, 5].map(|i| r[i].to_string()).join(",")
        })
        .collect();
    out.sort();
    out
}

#[test]
fn numbers_with_every_space_percent_flags_and_censored_values() {
    let l = load("numbers_written.csv");
    assert_eq!(
        rows(&l),
        vec![
            "Almaty,electricity_per_capita,2019,5126.4,kWh/person/year",
            "Almaty,pm25,2019,41.2,µg/m³",
            "Almaty,recycling_rate,2019,12.5,%",
            "Astana,electricity_per_capita,2019,7040,kWh/person/year",
            "Astana,pm25,2019,35.7,µg/m³",
            "Astana,recycling_rate,2019,45,%",
            "Bishkek,electricity_per_capita,2019,2215.3,kWh/person/year",
            "Bishkek,recycling_rate,2019,8,%",
            "Tashkent,electricity_per_capita,2019,1987.9,kWh/person/year",
            "Tashkent,pm25,2019,64.3,µg/m³",
        ]
    );
    let skipped: Vec<(usize, &str, &str)> = l
        .report
        .skipped
        .iter()
        .map(|s| (s.row, s.value.as_str(), s.reason.as_str()))
        .collect();
    assert!(
        skipped.contains(&(
            4,
            "<5",
            "censored: a bound (below or above a limit), not a value"
        )),
        "{skipped:?}"
    );
    assert!(
        skipped.contains(&(5, "-3.1", "negative value, impossible for recycling_rate")),
        "{skipped:?}"
    );
    assert_eq!(l.report.skipped_total, 2);
    // The file decides a decimal comma; the PM2.5 column writes points, and says so.
    assert!(l.report.decimal_comma);
    assert!(
        l.report
            .notes
            .iter()
            .any(|n| n == "column \"PM2.5\" read with a decimal point, as its cells write it"),
        "{:?}",
        l.report.notes
    );
}

#[test]
fn known_units_are_converted_and_reported_with_their_factors() {
    let l = load("units_mixed.csv");
    let no2 = 20.0 * 46.0055 / 24.45;
    assert_eq!(
        rows(&l),
        vec![
            "Almaty,pm25,2023-01-01,80,µg/m³".to_string(),
            "Astana,electricity_per_capita,2023-01-01,6500,kWh/person/year".into(),
            "Baku,pm25,2023-01-01,150,AQI".into(),
            "Bishkek,pm25,2023-01-01,85,µg/m³".into(),
            "Bishkek,pm25,2023-01-02,100,µg/m³".into(),
            format!(
                "Tashkent,no2,2023-01-01,{},µg/m³",
                citydash::data::text::format_value(no2)
            ),
            "Tashkent,no2,2023-01-02,48,µg/m³".into(),
        ]
    );
    let conv: Vec<(&str, &str, f64, usize)> = l
        .report
        .conversions
        .iter()
        .map(|c| (c.indicator.as_str(), c.from.as_str(), c.factor, c.values))
        .collect();
    assert!(conv.contains(&("pm25", "мг/м³", 1000.0, 1)), "{conv:?}");
    assert!(conv.contains(&("pm25", "mg/m3", 1000.0, 1)), "{conv:?}");
    assert!(conv.contains(&("electricity_per_capita", "MWh/person/year", 1000.0, 1)));
    let gas = l
        .report
        .conversions
        .iter()
        .find(|c| c.from == "ppb")
        .unwrap();
    assert!((gas.factor - 46.0055 / 24.45).abs() < 1e-12);
    assert!(gas.basis.as_deref().unwrap().contains("25 °C"), "{gas:?}");
}

#[test]
fn a_unit_without_a_conversion_is_left_off_the_axis_and_named() {
    let l = load("units_mixed.csv");
    let q = ChartQuery {
        view: View::OverTime,
        indicator: "pm25".into(),
        cities: vec!["Almaty".into(), "Baku".into(), "Bishkek".into()],
        ..Default::default()
    };
    let p = chart::prepare(&l.dataset, &q).unwrap();
    let units: Vec<String> = p
        .rows
        .frame
        .column("unit")
        .unwrap()
        .cast(&polars::prelude::DataType::String)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|u| u.unwrap_or("").to_string())
        .collect();
    assert!(
        !units.is_empty() && units.iter().all(|u| u == "µg/m³"),
        "{units:?}"
    );
    let notes: Vec<String> = p
        .notes
        .iter()
        .map(|n| n.localize(citydash::i18n::Lang::En))
        .collect();
    assert!(
        notes.contains(&"Not drawn, given in AQI (the chart is in µg/m³): Baku".to_string()),
        "{notes:?}"
    );
    // Baku has data, in another unit: never called "no data".
    assert!(
        !notes.iter().any(|n| n.starts_with("Not shown, no data")),
        "{notes:?}"
    );
}

#[test]
fn places_with_administrative_affixes_local_spellings_and_totals() {
    let l = load("places_admin.csv");
    assert_eq!(
        rows(&l),
        vec![
            "Almaty,pm25,2019,35.7,µg/m³",
            "Astana,pm25,2019,22.4,µg/m³",
            "Bishkek,pm25,2019,41,µg/m³",
            "Istanbul,pm25,2019,19.8,µg/m³",
            "Oskemen,pm25,2019,30.1,µg/m³",
            "Shymkent,pm25,2019,28.4,µg/m³",
        ]
    );
    let skipped: Vec<(usize, &str, &str)> = l
        .report
        .skipped
        .iter()
        .map(|s| (s.row, s.value.as_str(), s.reason.as_str()))
        .collect();
    let reason = "aggregate (a total of other rows, not a place): left out";
    assert_eq!(
        skipped,
        vec![(8, "Итого", reason), (9, "Республика Казахстан", reason)]
    );
}

#[test]
fn api_json_records_beside_metadata_with_nested_times() {
    let l = load("api_results.json");
    assert_eq!(
        rows(&l),
        vec![
            "Almaty,pm25,2023-01-01T00:00:00Z,80,µg/m³",
            "Almaty,pm25,2023-01-01T01:00:00Z,100,µg/m³",
            "Bishkek,pm25,2023-01-01T01:00:00Z,120,µg/m³",
        ]
    );
    assert_eq!(
        l.report.column(citydash::data::Role::Time),
        Some("date.utc")
    );
    // The record whose value is an object is skipped and reported; the others load.
    assert_eq!(l.report.skipped_total, 1);
    let s = &l.report.skipped[0];
    assert_eq!((s.row, s.column.as_str()), (3, "value"));
    assert_eq!(s.value, "{\"avg\":3}");
    let nd = load("records.ndjson");
    assert_eq!(
        rows(&nd),
        vec!["Baku,pm25,2020,24.5,µg/m³", "Tbilisi,pm25,2020,19.1,µg/m³"]
    );
}

#[test]
fn workbook_data_sheet_after_notes_with_a_header_over_two_rows() {
    let l = load("header_rows.xlsx");
    assert_eq!(l.report.sheet.as_deref(), Some("Данные"));
    assert_eq!(
        rows(&l),
        vec![
            "Dushanbe,no2,2019,26.3,µg/m³",
            "Dushanbe,pm10,2019,81,µg/m³",
            "Dushanbe,pm25,2019,44.5,µg/m³",
            "Dushanbe,recycling_rate,2019,4.2,%",
            "Tashkent,no2,2019,35.5,µg/m³",
            "Tashkent,no2,2020,33,µg/m³",
            "Tashkent,pm10,2019,63.1,µg/m³",
            "Tashkent,pm10,2020,60.4,µg/m³",
            "Tashkent,pm25,2019,29.6,µg/m³",
            "Tashkent,pm25,2020,27.2,µg/m³",
            "Tashkent,recycling_rate,2019,9.5,%",
            "Tashkent,recycling_rate,2020,10.1,%",
        ]
    );
    let notes = &l.report.notes;
    assert!(
        notes.contains(
            &"read sheet \"Данные\"; other sheets: \"Пояснения\": no numeric columns".to_string()
        ),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("the header spans rows 3–4")
                && n.contains("PM2,5 (µg/m³), PM10 (µg/m³), NO2 (µg/m³), Доля переработки (%)")),
        "{notes:?}"
    );
    assert_eq!(l.report.header_row, 3);
    assert_eq!(l.report.skipped_total, 0);
}

#[test]
fn times_month_first_slashes_month_names_quarters_and_fiscal_years() {
    let us = load("times_us_dates.csv");
    assert_eq!(
        us.report.column(citydash::data::Role::Time),
        Some("Last Updated")
    );
    assert_eq!(
        rows(&us),
        vec![
            "Almaty,pm25,2023-03-04,41,µg/m³",
            "Almaty,pm25,2023-12-31,55.5,µg/m³",
            "Bishkek,pm25,2023-01-02,60.2,µg/m³",
        ]
    );
    assert!(
        us.report
            .notes
            .iter()
            .any(|n| n.starts_with("slashed dates read month first")),
        "{:?}",
        us.report.notes
    );
    let p = load("times_periods.csv");
    assert_eq!(
        rows(&p),
        vec![
            "Almaty,recycling_rate,2019-01-01,10.1,%",
            "Almaty,recycling_rate,2019-02-01,10.4,%",
            "Almaty,recycling_rate,2020-01-01,11,%",
            "Almaty,recycling_rate,2020-04-01,11.2,%",
            "Tashkent,recycling_rate,2019-01-01,8,%",
            "Tashkent,recycling_rate,2021-01-01,8.8,%",
            "Tashkent,recycling_rate,2022-01-01,9.1,%",
            "Tashkent,recycling_rate,2023-12-01,9.5,%",
        ]
    );
    for said in [
        "fiscal years (2019/20) read as the year they start in (2019)",
        "quarters (2019Q1) read as their first month (2019-01)",
    ] {
        assert!(
            p.report.notes.iter().any(|n| n == said),
            "{:?}",
            p.report.notes
        );
    }
    assert_eq!(p.report.skipped_total, 0);
}

#[test]
fn a_damaged_workbook_is_an_error_naming_the_file_never_a_runaway_read() {
    let e = load_path(fixture("damaged_loop.xls"), &LoadOptions::default())
        .expect_err("a damaged workbook does not load");
    let message = e.to_string();
    assert!(message.contains("damaged_loop.xls"), "{message}");
    assert!(
        message
            .contains("damaged legacy Excel (.xls) file: the directory chain loops back on itself"),
        "{message}"
    );
}

#[test]
fn a_sheet_over_the_cell_limit_is_refused_with_the_limit_named() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_citydash"))
        .args(["check", fixture("waste.xlsx").to_str().unwrap()])
        .env("CITYDASH_MAX_CELLS", "10")
        // Parsed, not read from a cache entry made without the limit.
        .env("CITYDASH_NO_CACHE", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("waste.xlsx: sheet \"Data\" of 7 rows × 4 columns is over the limit of 10 cells (set CITYDASH_MAX_CELLS to raise it)"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn sheets_per_year_merge_into_one_table_with_percent_formatted_cells_as_percent() {
    let l = load("per_year_percent.xlsx");
    assert_eq!(
        rows(&l),
        vec![
            "Almaty,msw_per_capita,2019,350,kg/person/year",
            "Almaty,msw_per_capita,2020,342,kg/person/year",
            "Almaty,msw_per_capita,2021,338,kg/person/year",
            "Almaty,recycling_rate,2019,12.5,%",
            "Almaty,recycling_rate,2020,13.1,%",
            "Almaty,recycling_rate,2021,14,%",
            "Tashkent,msw_per_capita,2019,310,kg/person/year",
            "Tashkent,msw_per_capita,2020,305,kg/person/year",
            "Tashkent,recycling_rate,2019,8,%",
            "Tashkent,recycling_rate,2020,9,%",
        ]
    );
    assert_eq!(
        l.report.sheet.as_deref(),
        Some("2019, 2020, 2021 (prelim.)")
    );
    let notes = &l.report.notes;
    for expected in [
        "read sheets \"2019\", \"2020\", \"2021 (prelim.)\"; other sheets: \"Notes\": no numeric columns",
        "3 sheets of the same columns read as one table, the sheet name giving the year (column \"Year\"): \"2019\", \"2020\", \"2021 (prelim.)\"; rows are numbered within each sheet",
        "5 cell(s) formatted as percentages were read as percent (0.125 shown as 12.5% is read as 12.5)",
    ] {
        assert!(notes.iter().any(|n| n == expected), "{expected}\n{notes:?}");
    }
}

#[test]
fn sheets_per_indicator_merge_with_the_sheet_name_as_indicator() {
    let l = load("per_indicator.xlsx");
    assert_eq!(
        rows(&l),
        vec![
            "Baku,no2,2019,33,µg/m³",
            "Baku,no2,2020,31.2,µg/m³",
            "Baku,pm25,2019,26.1,µg/m³",
            "Baku,pm25,2020,24.9,µg/m³",
            "Tbilisi,no2,2019,38.4,µg/m³",
            "Tbilisi,pm25,2019,20.3,µg/m³",
            "Tbilisi,pm25,2020,19,µg/m³",
        ]
    );
    assert!(
        l.report
            .notes
            .iter()
            .any(|n| n.starts_with("2 sheets of the same columns read as one table, the sheet name giving the indicator (column \"Indicator\")")),
        "{:?}",
        l.report.notes
    );
}

#[test]
fn date_serials_become_dates_and_out_of_range_serials_are_reported_per_cell() {
    let l = load("serial_dates.xlsx");
    assert_eq!(
        rows(&l),
        vec![
            "Almaty,pm25,2023-01-01,41.5,µg/m³",
            "Almaty,pm25,2023-02-01,38,µg/m³",
            "Bishkek,pm25,2023-01-01,60.5,µg/m³",
        ]
    );
    let skipped: Vec<(usize, &str, &str)> = l
        .report
        .skipped
        .iter()
        .map(|s| (s.row, s.column.as_str(), s.value.as_str()))
        .collect();
    assert_eq!(
        skipped,
        vec![
            (4, "Date", "date serial 3000000 outside Excel's calendar"),
            (
                5,
                "Date",
                "date serial 1000000000000000 outside Excel's calendar"
            ),
        ]
    );
}

#[test]
fn a_row_with_a_stray_field_is_left_out_with_its_line_and_the_rest_loads() {
    let l = load("wdi_stray_field.csv");
    assert_eq!(
        rows(&l),
        vec![
            "Kazakhstan,pm25,2018,21.5,µg/m³",
            "Kazakhstan,pm25,2019,20.25,µg/m³",
            "Turkey,pm25,2019,19,µg/m³",
            "Turkey,pm25,2020,18.5,µg/m³",
        ]
    );
    assert_eq!(l.report.skipped_total, 1);
    let s = &l.report.skipped[0];
    assert_eq!(s.row, 8);
    assert!(
        s.reason.contains("text beyond the header's last column"),
        "{}",
        s.reason
    );
    assert!(
        l.report.ignored_columns.iter().all(|(n, _)| !n.is_empty()),
        "{:?}",
        l.report.ignored_columns
    );
}

#[test]
fn delimited_text_with_a_header_over_two_lines_and_a_units_row() {
    let l = load("header_lines_cp1251.csv");
    assert_eq!(
        rows(&l),
        vec![
            "Almaty,no2,2019,39,µg/m³",
            "Almaty,no2,2020,39.5,µg/m³",
            "Almaty,pm10,2019,70.1,µg/m³",
            "Almaty,pm10,2020,66,µg/m³",
            "Almaty,pm25,2019,35.7,µg/m³",
            "Almaty,pm25,2020,33.1,µg/m³",
            "Shymkent,pm10,2019,90.3,µg/m³",
            "Shymkent,pm25,2019,28.4,µg/m³",
        ]
    );
    assert_eq!(l.report.skipped_total, 0);
    assert!(
        l.report.notes.iter().any(|n| n
            == "the header spans lines 2–3: group labels, names and units combined into one name per column (Город, Год, PM2,5 (µg/m³), PM10 (µg/m³), NO2 (µg/m³))"),
        "{:?}",
        l.report.notes
    );
    // A units row under the names: mg/m3 converted, the share kept in percent.
    let l = load("units_row.csv");
    assert_eq!(
        rows(&l),
        vec![
            "Tashkent,pm25,2019,29.6,µg/m³",
            "Tashkent,pm25,2020,27.2,µg/m³",
            "Tashkent,recycling_rate,2019,9.5,%",
            "Tashkent,recycling_rate,2020,10.1,%",
        ]
    );
    assert!(
        l.report
            .notes
            .iter()
            .any(|n| n.starts_with("the header spans lines 1–2")),
        "{:?}",
        l.report.notes
    );
}

#[test]
fn a_group_label_over_year_columns_names_the_indicator() {
    let l = load("group_over_years_cp1251.csv");
    assert_eq!(
        rows(&l),
        vec![
            "Almaty,pm25,2018,30.1,µg/m³",
            "Almaty,pm25,2019,28.4,µg/m³",
            "Almaty,pm25,2020,27,µg/m³",
            "Astana,pm25,2018,22.5,µg/m³",
            "Astana,pm25,2019,21,µg/m³",
            "Astana,pm25,2020,19.8,µg/m³",
        ]
    );
    let said = "the header spans lines 2–3: the years under the group label are the columns \
                (Город, 2018, 2019, 2020), and the label names the indicator unless one is \
                given (PM2,5 (µg/m³))";
    assert!(
        l.report.notes.iter().any(|n| n == said),
        "{:?}",
        l.report.notes
    );
    // In a workbook, where the years' row is the wider one, the label's row is the header.
    let l = load("group_over_years.xlsx");
    let indicator = "Образование ТБО на душу населения";
    let want: Vec<String> = [("Samarkand", 2019, 270), ("Samarkand", 2020, 275)]
        .iter()
        .chain(&[("Samarkand", 2021, 281), ("Tashkent", 2019, 310)])
        .chain(&[("Tashkent", 2020, 318), ("Tashkent", 2021, 325)])
        .map(|(p, y, v)| format!("{p},{indicator},{y},{v},кг"))
        .collect();
    assert_eq!(rows(&l), want);
    assert!(
        l.report.notes.iter().any(|n| n.starts_with(
            "the header spans rows 2–3: the years under the group label are the columns"
        )),
        "{:?}",
        l.report.notes
    );
    // The user's own indicator name wins over the label's.
    let options = LoadOptions::default().with_indicator("recycling_rate");
    let named = load_path(fixture("group_over_years_cp1251.csv"), &options).unwrap();
    assert!(rows(&named).iter().all(|r| r.contains(",recycling_rate,")));
}

#[test]
fn kazakhstan_regions_load_as_regions_beside_cities_and_charts_say_so() {
    let l = load("regions_kz.csv");
    assert_eq!(
        rows(&l),
        vec![
            "Abai Region,recycling_rate,2022,7.1,%",
            "Akmola Region,recycling_rate,2021,12.5,%",
            "Almaty Region,recycling_rate,2021,9,%",
            "Almaty Region,recycling_rate,2022,9.4,%",
            "Almaty,recycling_rate,2021,21,%",
            "South Kazakhstan Region,recycling_rate,2017,5,%",
            "Turkistan Region,recycling_rate,2019,6.2,%",
        ]
    );
    let notes = &l.report.notes;
    for expected in [
        "5 region(s), loaded as regions, not cities: Abai Region, Akmola Region, Almaty Region, Turkistan Region, South Kazakhstan Region",
        "Abai Region: created in 2022 from part of East Kazakhstan Region",
        "South Kazakhstan Region: renamed Turkistan Region in 2018, when Shymkent was separated from it: kept as a separate place, since the territory differs",
    ] {
        assert!(notes.iter().any(|n| n == expected), "{expected}\n{notes:?}");
    }
    // The total row is an aggregate, not a place.
    assert_eq!(l.report.skipped_total, 1);
    assert_eq!(l.report.skipped[0].value, "Итого");
    let q = ChartQuery {
        view: View::Ranking,
        indicator: "recycling_rate".into(),
        cities: vec!["Almaty".into(), "Almaty Region".into()],
        ..Default::default()
    };
    let p = chart::prepare(&l.dataset, &q).unwrap();
    let notes: Vec<String> = p
        .notes
        .iter()
        .map(|n| n.localize(citydash::i18n::Lang::Ru))
        .collect();
    assert!(
        notes.contains(
            &"Значения по областям рядом со значениями по городам: Алматинская область".to_string()
        ),
        "{notes:?}"
    );
}
