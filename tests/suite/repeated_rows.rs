//! A row that repeats another exactly (same place, indicator, time and value) is kept once
//! and reported as a repeat, not as a conflict: the values agree.

use super::cli::citydash;

use citydash::data::{LoadOptions, load_path};

const TEXT: &str = "city,year,pm25
Seoul,2019,24
Seoul,2019,24
Seoul,2020,19
Seoul,2020,21
Tokyo,2019,11
Tokyo,2019,11
Tokyo,2019,11
";

#[test]
fn exact_repeats_are_kept_once_and_told_apart_from_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repeats.csv");
    std::fs::write(&path, TEXT).unwrap();
    let l = load_path(&path, &LoadOptions::default()).expect("loads");
    // Seoul 2019, Seoul 2020 (the mean of 19 and 21) and Tokyo 2019.
    assert_eq!(l.dataset.len(), 3);
    assert_eq!(l.report.conflicts_total, 1);
    assert_eq!(l.report.conflicts[0].rows, vec![4, 5]);
    assert_eq!(l.report.conflicts[0].kept, 20.0);
    assert_eq!(l.report.duplicates_total, 3);
    let groups: Vec<(&str, &str, Vec<usize>, f64)> = l
        .report
        .duplicates
        .iter()
        .map(|d| (d.place.as_str(), d.time.as_str(), d.rows.clone(), d.kept))
        .collect();
    assert_eq!(
        groups,
        vec![
            ("Seoul", "2019", vec![2, 3], 24.0),
            ("Tokyo", "2019", vec![6, 7, 8], 11.0)
        ]
    );

    let o = citydash(&["check", &path.to_string_lossy()]);
    let out = String::from_utf8_lossy(&o.stdout);
    for expected in [
        "conflicts:    1 (kept: mean)",
        "repeated:     3 value(s) repeat an earlier row's exactly",
        "  Seoul / pm25 / 2019: rows 2, 3, value 24\n  Tokyo / pm25 / 2019: rows 6, 7, 8, value 11\n",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
}

#[test]
fn check_counts_the_repeats_it_does_not_list() {
    // Twelve places, each with one row given three times: 24 repeats in 12 groups, 10 listed.
    let mut text = String::from("city,year,pm25\n");
    for i in 0..12 {
        for _ in 0..3 {
            text.push_str(&format!("Place {i},2020,{}\n", 10 + i));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.csv");
    std::fs::write(&path, text).unwrap();
    let o = citydash(&["check", &path.to_string_lossy()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("repeated:     24 value(s)"), "{out}");
    // The ten groups listed hold 20 of the repeats.
    assert!(out.contains("  … and 4 more\n"), "{out}");
}
