//! A filtered load of a large text table leaves lines out before parsing them (the line
//! sieve): it must load what a filtered load of the table read whole loads, and what a full
//! load filtered afterwards holds.

use std::sync::atomic::Ordering;

use polars::prelude::{PlSmallStr, SortMultipleOptions};

use super::source::sieve;
use super::*;

/// A table with the place in its last column, `;` between cells, decimal commas and CRLF
/// line ends; places spelled several ways (aliases, Cyrillic, case, spaces), empty and
/// missing places, a total row, indicators spelled several ways, bad values and times, a
/// duplicate of an early row, and a blank line.
fn messy_text(rows: usize) -> String {
    let places = [
        "Almaty",
        "Алматы",
        " almaty ",
        "Baku",
        "Nur-Sultan",
        "Astana",
        "",
        "NA",
        "Total",
        "Tashkent",
        "Atlantis",
    ];
    let indicators = ["PM2.5", "pm25", "NO2", "pm 2.5", ""];
    let mut text = String::from("indicator;date;value;city\r\n");
    for i in 0..rows {
        let day = i / 7;
        let date = match i % 101 {
            50 => "someday".to_string(),
            _ => format!(
                "{}-{:02}-{:02}",
                2000 + day / 336,
                1 + (day / 28) % 12,
                1 + day % 28
            ),
        };
        let value = match i % 97 {
            40 => "n/a?".to_string(),
            _ => format!("{},5", i % 90),
        };
        let indicator = indicators[i % indicators.len()];
        let place = places[i % places.len()];
        text.push_str(&format!("{indicator};{date};{value};{place}\r\n"));
        if i == rows / 2 {
            text.push_str("\r\n");
        }
    }
    // The first wanted row again, with another value: a conflict across parts.
    text.push_str("PM2.5;2000-01-01;99,5;Almaty\r\n");
    text
}

/// Held by each test here: they count the lines sieves left out, which any load may add to.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn load(text: &str, part_bytes: Option<usize>, keep: Option<RowFilter>) -> Loaded {
    source::TEST_PART_BYTES.set(part_bytes);
    let options = LoadOptions {
        keep,
        ..Default::default()
    };
    let loaded = load_bytes(text.as_bytes(), "t.csv", &options).unwrap();
    source::TEST_PART_BYTES.set(None);
    loaded
}

/// A dataset's rows in a fixed order (indicator, place, time), to compare loads.
pub(super) fn sorted(ds: &Dataset) -> polars::prelude::DataFrame {
    let key = [
        dataset::col::INDICATOR,
        dataset::col::PLACE,
        dataset::col::TIME,
    ];
    let key: Vec<PlSmallStr> = key.iter().map(|&k| k.into()).collect();
    ds.frame.sort(key, SortMultipleOptions::default()).unwrap()
}

fn skipped(l: &Loaded) -> Vec<(usize, String, String)> {
    l.report
        .skipped
        .iter()
        .map(|s| (s.row, s.value.clone(), s.reason.clone()))
        .collect()
}

#[test]
fn a_sieved_load_equals_a_filtered_load_read_whole_and_a_full_load_filtered() {
    let _serial = serial();
    let text = messy_text(6_000);
    let full = load(&text, None, None);
    for filter in [
        RowFilter {
            places: vec!["Almaty".into(), "Astana".into()],
            indicators: vec!["pm25".into()],
            ..Default::default()
        },
        RowFilter {
            places: vec!["Baku".into()],
            from_year: Some(2001),
            ..Default::default()
        },
        RowFilter {
            indicators: vec!["no2".into()],
            ..Default::default()
        },
    ] {
        let before = sieve::LINES_LEFT_OUT.load(Ordering::Relaxed);
        let sieved = load(&text, Some(4_096), Some(filter.clone()));
        let left_out = sieve::LINES_LEFT_OUT.load(Ordering::Relaxed) - before;
        let whole = load(&text, None, Some(filter.clone()));
        assert!(
            left_out > 3_000,
            "{filter:?}: the sieve left out {left_out} lines"
        );
        assert!(!sieved.dataset.is_empty(), "{filter:?}");
        assert!(
            sorted(&sieved.dataset).equals_missing(&sorted(&whole.dataset)),
            "{filter:?}\n{:?}\n{:?}",
            sorted(&sieved.dataset),
            sorted(&whole.dataset)
        );
        let expected = query::keep_rows(&full.dataset, &filter).unwrap();
        assert!(
            sorted(&sieved.dataset).equals_missing(&sorted(&expected)),
            "{filter:?}"
        );
        // Rows are numbered in the file, and the same bad rows are reported.
        assert_eq!(skipped(&sieved), skipped(&whole), "{filter:?}");
        assert!(!skipped(&sieved).is_empty());
        assert_eq!(sieved.report.skipped_total, whole.report.skipped_total);
        assert_eq!(sieved.report.rows_read, whole.report.rows_read);
        let conflicts = |l: &Loaded| -> Vec<Vec<usize>> {
            l.report.conflicts.iter().map(|c| c.rows.clone()).collect()
        };
        assert_eq!(conflicts(&sieved), conflicts(&whole), "{filter:?}");
    }
}

/// Loads `text` in parts, whole, and whole without a filter, and checks that the filtered
/// loads agree with each other and with the full load filtered afterwards, time resolution
/// included; returns the sieved load.
fn same_both_ways(text: &str, filter: RowFilter) -> Loaded {
    let sieved = load(text, Some(4_096), Some(filter.clone()));
    let whole = load(text, None, Some(filter.clone()));
    let full = load(text, Some(4_096), None);
    let expected = query::keep_rows(&full.dataset, &filter).unwrap();
    assert_eq!(sieved.dataset.resolution, whole.dataset.resolution);
    assert_eq!(sieved.dataset.resolution, expected.resolution);
    assert!(!sieved.dataset.is_empty());
    for other in [&whole.dataset, &expected] {
        assert!(
            sorted(&sieved.dataset).equals_missing(&sorted(other)),
            "{filter:?}\n{:?}\n{:?}",
            sorted(&sieved.dataset),
            sorted(other)
        );
    }
    sieved
}

#[test]
fn dates_in_left_out_lines_still_decide_the_time_resolution() {
    let _serial = serial();
    // The wanted rows are monthly; rows of another city after the first part have dates.
    let mut text = String::from("city,indicator,time,value\n");
    for i in 0..6_000 {
        match i {
            3_000 => text.push_str("Astana,PM2.5,2010-01,5\n"),
            _ if i < 300 => text.push_str("Almaty,PM2.5,2010-01,1.5\n"),
            _ => text.push_str("Almaty,PM2.5,2010-03-04,1.5\n"),
        }
    }
    let astana = RowFilter {
        places: vec!["Astana".into()],
        ..Default::default()
    };
    let before = sieve::LINES_LEFT_OUT.load(Ordering::Relaxed);
    let sieved = same_both_ways(&text, astana.clone());
    assert!(sieve::LINES_LEFT_OUT.load(Ordering::Relaxed) - before > 4_000);
    assert_eq!(sieved.dataset.resolution, crate::data::TimeResolution::Date);
    // Timestamps left out make the dataset's times timestamps.
    let stamps = text.replace("2010-03-04,", "2010-03-04T10:00:00Z,");
    let sieved = same_both_ways(&stamps, astana.clone());
    assert_eq!(
        sieved.dataset.resolution,
        crate::data::TimeResolution::Timestamp
    );
    // Slashed dates are read in an order decided from the part's cells: such parts are
    // parsed whole, as a full load reads them.
    let slashed = text.replace("2010-03-04,", "12/31/2010,");
    let sieved = load(&slashed, Some(4_096), Some(astana.clone()));
    let full = load(&slashed, Some(4_096), None);
    let expected = query::keep_rows(&full.dataset, &astana).unwrap();
    assert!(sorted(&sieved.dataset).equals_missing(&sorted(&expected)));
    assert_eq!(sieved.dataset.resolution, expected.resolution);
}

#[test]
fn places_that_polars_reads_as_numbers_are_not_sieved() {
    let _serial = serial();
    // `06037` is read as the number 6037: the load resolves the number, the sieve would
    // have seen the text.
    let mut text = String::from("fips,indicator,year,value\n");
    for i in 0..6_000 {
        let fips = if i % 2 == 1 { "06037" } else { "17031" };
        text.push_str(&format!("{fips},PM2.5,{},{}\n", 2000 + i % 20, i % 7));
    }
    let options = |keep| LoadOptions {
        keep,
        mapping: ColumnMapping::parse("place=fips").unwrap(),
        ..Default::default()
    };
    let filter = RowFilter {
        places: vec!["6037".into()],
        ..Default::default()
    };
    let before = sieve::LINES_LEFT_OUT.load(Ordering::Relaxed);
    source::TEST_PART_BYTES.set(Some(4_096));
    let sieved = load_bytes(text.as_bytes(), "t.csv", &options(Some(filter.clone()))).unwrap();
    assert_eq!(sieve::LINES_LEFT_OUT.load(Ordering::Relaxed), before);
    let full = load_bytes(text.as_bytes(), "t.csv", &options(None)).unwrap();
    source::TEST_PART_BYTES.set(None);
    let expected = query::keep_rows(&full.dataset, &filter).unwrap();
    // Ten annual means (the readings of a place and year are one conflict), of every part.
    assert_eq!(sieved.dataset.len(), 10);
    assert!(sorted(&sieved.dataset).equals_missing(&sorted(&expected)));
}

#[test]
fn an_empty_unnamed_column_keeps_the_cells_after_it_in_place_in_every_part() {
    let _serial = serial();
    let mut text = String::from("city,,indicator,year,value\n");
    for i in 0..3_000 {
        // The unnamed column is empty in the first part and holds text later.
        let note = if i > 2_000 { "x" } else { "" };
        text.push_str(&format!(
            "Almaty,{note},PM2.5,{},{}.5\n",
            2000 + i % 20,
            i % 9
        ));
    }
    let whole = load(&text, None, None);
    let parted = load(&text, Some(4_096), None);
    assert_eq!(
        parted.report.skipped_total, 0,
        "{:?}",
        parted.report.skipped
    );
    assert_eq!(parted.dataset.len(), whole.dataset.len());
    assert!(sorted(&parted.dataset).equals_missing(&sorted(&whole.dataset)));
}

/// A sieved load in parts equals a full load in parts filtered afterwards.
fn same_as_full_load(text: &str, filter: RowFilter) -> Loaded {
    let sieved = load(text, Some(4_096), Some(filter.clone()));
    let full = load(text, Some(4_096), None);
    let expected = query::keep_rows(&full.dataset, &filter).unwrap();
    assert!(!sieved.dataset.is_empty());
    assert_eq!(sieved.dataset.resolution, expected.resolution);
    assert!(
        sorted(&sieved.dataset).equals_missing(&sorted(&expected)),
        "{filter:?}\n{:?}\n{:?}",
        sorted(&sieved.dataset),
        sorted(&expected)
    );
    sieved
}

fn almaty() -> RowFilter {
    RowFilter {
        places: vec!["Almaty".into()],
        ..Default::default()
    }
}

#[test]
fn an_indicators_unit_comes_from_its_first_spelling_in_the_file_either_way() {
    let _serial = serial();
    // Baku's spelling names a unit and comes before Almaty's in every later part.
    let mut text = String::from("city,indicator,date,value\n");
    for i in 0..4_000 {
        let day = format!("{}-01-{:02}", 1950 + i / 28, 1 + i % 28);
        match i {
            _ if i < 30 => text.push_str(&format!("Almaty,no2,{day},3.5\n")),
            _ if i % 100 < 50 => text.push_str(&format!("Baku,PM2.5 (mg/m3),{day},0.5\n")),
            _ => text.push_str(&format!("Almaty,pm25,{day},44.5\n")),
        }
    }
    let sieved = same_as_full_load(&text, almaty());
    // Read in mg/m³, as the first spelling says, and converted to µg/m³.
    let values = sieved.dataset.frame.column("value").unwrap();
    assert!(values.f64().unwrap().iter().any(|v| v == Some(44_500.0)));
}

#[test]
fn left_out_cells_that_are_not_numbers_make_their_part_read_as_text_either_way() {
    let _serial = serial();
    // Points in the first part; later, the other cities write decimal commas.
    let mut text = String::from("city;indicator;year;value\n");
    for i in 0..4_000 {
        let (city, value) = match i {
            // `1.234`: 1.234 when the part is read as numbers, 1234 when read as text with
            // the decimal comma the other cities' cells decide.
            _ if i < 40 || i % 5 == 0 => ("Almaty", format!("{}.5", i % 90)),
            _ => (
                ["Baku", "Osh", "Tashkent", "Astana"][i % 4],
                format!("{},5", i % 90),
            ),
        };
        text.push_str(&format!("{city};pm25;{};{value}\n", 1900 + i % 150));
    }
    same_as_full_load(&text, almaty());
}

#[test]
fn a_header_over_two_lines_with_an_empty_column_finds_the_filtered_cells() {
    let _serial = serial();
    let mut text = String::from("city,,indicator,date,value,lat\n,,,,,deg\n");
    for i in 0..4_000 {
        let city = ["Almaty", "Baku"][i % 2];
        let indicator = ["pm25", "no2", "pm10"][i % 3];
        let date = format!("{}-01-{:02}", 1950 + i / 28, 1 + i % 28);
        text.push_str(&format!("{city},,{indicator},{date},{}.5,43.2\n", i % 9));
    }
    let filter = RowFilter {
        indicators: vec!["pm25".into()],
        ..Default::default()
    };
    let before = sieve::LINES_LEFT_OUT.load(Ordering::Relaxed);
    let sieved = same_as_full_load(&text, filter);
    assert!(sieve::LINES_LEFT_OUT.load(Ordering::Relaxed) - before > 2_000);
    assert!(sieved.dataset.len() > 1_300);
}
