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

#[test]
fn headers_with_letters_that_decompose_and_longer_names() {
    // `й` decomposes (и + breve): `Населенный пункт` was not found, and `Страна` became the
    // place.
    let (columns, unused) = roles(
        "Населенный пункт;Страна;Год;Наименование показателя;Значение;Ед. измерения\nАлматы;Казахстан;2021;PM2,5;40;мкг/м3\n",
    );
    assert!(unused.is_empty(), "{unused:?}");
    assert_eq!(role_of(&columns, "Населенный пункт"), Some(Role::Place));
    assert_eq!(role_of(&columns, "Страна"), Some(Role::Country));
    assert_eq!(
        role_of(&columns, "Наименование показателя"),
        Some(Role::Indicator)
    );
    assert_eq!(role_of(&columns, "Ед. измерения"), Some(Role::Unit));
    let (columns, unused) =
        roles("Қала;Жылы;Көрсеткіштің атауы;Көрсеткіш мәні\nАлматы;2021;PM2,5;38,2\n");
    assert!(unused.is_empty(), "{unused:?}");
    assert_eq!(role_of(&columns, "Жылы"), Some(Role::Time));
    assert_eq!(
        role_of(&columns, "Көрсеткіштің атауы"),
        Some(Role::Indicator)
    );
    assert_eq!(role_of(&columns, "Көрсеткіш мәні"), Some(Role::Value));
}

#[test]
fn an_unnamed_unit_column_is_found_by_its_cells_and_converts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("t.csv");
    std::fs::write(
        &path,
        "Город;Год;Показатель;Значение;ЕИ\nАлматы;2021;PM2,5;0,035;мг/м3\nАстана;2021;PM2,5;21;мкг/м3\n",
    )
    .expect("write fixture");
    let l = load_path(&path, &LoadOptions::default()).expect("loads");
    assert_eq!(role_of(&l.report.columns, "ЕИ"), Some(Role::Unit));
    assert!(
        l.report
            .notes
            .iter()
            .any(|n| n.contains("\"ЕИ\" read as the unit")),
        "{:?}",
        l.report.notes
    );
    // 0.035 mg/m³ is 35 µg/m³, not 0.035.
    let values = l
        .dataset
        .frame
        .column("value")
        .unwrap()
        .f64()
        .unwrap()
        .clone();
    let mut v: Vec<f64> = values.into_no_null_iter().collect();
    v.sort_by(f64::total_cmp);
    assert_eq!(v, [21.0, 35.0]);
}

#[test]
fn kazakh_city_is_the_place_beside_a_region_or_a_station() {
    let (columns, _) = roles("Облыс;Қала;Жыл;Көрсеткіш;Мәні\nАлматы облысы;Қонаев;2021;PM2,5;20\n");
    assert_eq!(role_of(&columns, "Қала"), Some(Role::Place), "{columns:?}");
    let (columns, _) = roles("Қала;Бекет;Жыл;Көрсеткіш;Мәні\nАлматы;Медеу;2021;PM2,5;20\n");
    assert_eq!(role_of(&columns, "Қала"), Some(Role::Place), "{columns:?}");
    assert_eq!(
        role_of(&columns, "Бекет"),
        Some(Role::Station),
        "{columns:?}"
    );
}
