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

fn sorted(ds: &Dataset) -> polars::prelude::DataFrame {
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
