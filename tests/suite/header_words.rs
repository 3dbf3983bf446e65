//! Column headers in Russian and Kazakh, as statistics offices of the region write them, are
//! recognised like their English names: every column finds its role, none is left unused.

use citydash::data::options::Role;
use citydash::data::{LoadOptions, load_path};

/// The role given to each header of a file holding `text`, and the unused columns.
fn roles(text: &str) -> (Vec<(Role, String)>, Vec<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("t.csv");
    std::fs::write(&path, text).expect("write fixture");
    let l = load_path(&path, &LoadOptions::default()).expect("loads");
    let unused = l
        .report
        .ignored_columns
        .iter()
        .map(|c| c.0.clone())
        .collect();
    (l.report.columns.clone(), unused)
}

fn role_of(columns: &[(Role, String)], header: &str) -> Option<Role> {
    columns.iter().find(|c| c.1 == header).map(|c| c.0)
}

#[test]
fn russian_headers_with_an_abbreviated_unit() {
    let (columns, unused) = roles(
        "Город;Год;Показатель;Значение показателя;Ед.;Источник данных\nАстана;2020;PM2,5;30,5;мкг/м3;Казгидромет\n",
    );
    assert!(unused.is_empty(), "{unused:?}");
    for (header, role) in [
        ("Город", Role::Place),
        ("Год", Role::Time),
        ("Показатель", Role::Indicator),
        ("Значение показателя", Role::Value),
        ("Ед.", Role::Unit),
        ("Источник данных", Role::Source),
    ] {
        assert_eq!(
            role_of(&columns, header),
            Some(role),
            "{header}: {columns:?}"
        );
    }
}

#[test]
fn kazakh_headers() {
    let (columns, unused) = roles(
        "Қала;Ел;Жыл;Көрсеткіш;Мәні;Өлшем бірлігі;Дереккөз\nАлматы;Қазақстан;2021;PM2,5;38,2;мкг/м3;Қазгидромет\n",
    );
    assert!(unused.is_empty(), "{unused:?}");
    for (header, role) in [
        ("Қала", Role::Place),
        ("Ел", Role::Country),
        ("Жыл", Role::Time),
        ("Көрсеткіш", Role::Indicator),
        ("Мәні", Role::Value),
        ("Өлшем бірлігі", Role::Unit),
        ("Дереккөз", Role::Source),
    ] {
        assert_eq!(
            role_of(&columns, header),
            Some(role),
            "{header}: {columns:?}"
        );
    }
}
