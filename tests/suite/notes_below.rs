//! Note lines below a table ("Source: …, 2021", "Примечание: …") are footnotes, reported as
//! such, never places with values: a note that holds a delimiter and a number once became a
//! place named "Source: Bureau of National Statistics" with the value 2021.

use citydash::data::{LoadOptions, load_path};

/// Loads `text` written to a file named `name`.
fn load(name: &str, text: &str) -> citydash::data::Loaded {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write fixture");
    load_path(&path, &LoadOptions::default()).expect("loads")
}

fn places(l: &citydash::data::Loaded) -> Vec<String> {
    l.dataset.distinct("place")
}

fn footnote_note(l: &citydash::data::Loaded) -> String {
    l.report
        .notes
        .iter()
        .find(|n| n.contains("footnote"))
        .cloned()
        .unwrap_or_default()
}

#[test]
fn a_source_line_with_a_year_under_a_wide_table_is_a_footnote() {
    let l = load(
        "wide.csv",
        "city,2019,2020,2021\nAstana,30.1,28.4,27.9\nAlmaty,41.2,39.8,38.5\n\nSource: Bureau of National Statistics, 2021\n",
    );
    assert_eq!(places(&l), ["Almaty", "Astana"]);
    assert_eq!(l.dataset.len(), 6);
    assert!(
        footnote_note(&l).contains("Source: Bureau of National Statistics, 2021"),
        "{:?}",
        l.report.notes
    );
    // Nothing of the note is counted as a cell without a value.
    assert_eq!(l.report.missing_total, 0);
}

#[test]
fn russian_notes_over_several_cells_are_footnotes() {
    let l = load(
        "stat.csv",
        "Город;2019;2020\nАстана;30,1;28,4\nАлматы;41,2;39,8\nПримечание: данные за 2020 год предварительные;;\nИсточник: Бюро национальной статистики;;2021\n",
    );
    assert_eq!(l.dataset.len(), 4);
    assert_eq!(places(&l).len(), 2, "{:?}", places(&l));
    let note = footnote_note(&l);
    assert!(note.contains("ignored 2 footnote line(s)"), "{note}");
    assert!(
        note.contains("Источник: Бюро национальной статистики; 2021"),
        "{note}"
    );
}

#[test]
fn a_two_column_table_drops_a_source_line_but_keeps_a_place_with_a_colon() {
    let l = load(
        "two.csv",
        "city,pm25\nAstana,30\nAlmaty: Medeu,12\nSource: WHO, 2021\n",
    );
    assert_eq!(places(&l), ["Almaty: Medeu", "Astana"]);
    assert!(footnote_note(&l).contains("Source: WHO, 2021"));
}

#[test]
fn a_note_in_the_place_column_after_a_number_column_is_a_footnote_with_its_text() {
    let l = load(
        "num.csv",
        "№;Город;2019;2020;2021\n1;Алматы;40;41;42\n2;Астана;30;31;32\n;Источник: БНС АСПР РК;2022;;\n",
    );
    assert_eq!(places(&l), ["Almaty", "Astana"]);
    let note = footnote_note(&l);
    assert!(note.contains("Источник: БНС АСПР РК; 2022"), "{note}");
    // A note in one cell that is not the first is reported with its text.
    let l = load(
        "num1.csv",
        "№;Город;2019;2020;2021\n1;Алматы;40;41;42\n;Источник: БНС АСПР РК, 2022;;;\n",
    );
    assert!(
        footnote_note(&l).ends_with("Источник: БНС АСПР РК, 2022"),
        "{:?}",
        l.report.notes
    );
}

#[test]
fn a_note_between_the_rows_is_left_out_as_no_place() {
    let l = load(
        "mid.csv",
        "city,2019,2020,2021\nSource: Bureau of National Statistics, 2021\nAlmaty,40.1,38.2,35.0\nAstana,30,29,28\n",
    );
    assert_eq!(places(&l), ["Almaty", "Astana"]);
    assert_eq!(l.dataset.len(), 6);
    let s = &l.report.skipped[0];
    assert_eq!(s.row, 2);
    assert_eq!(s.value, "Source: Bureau of National Statistics");
    assert!(s.reason.contains("a note"), "{}", s.reason);
    // The note's empty cells are not values missing.
    assert_eq!(l.report.missing_total, 0, "{:?}", l.report.missing);
}

#[test]
fn a_marked_place_in_a_full_last_row_is_data_and_numbered_notes_are_not() {
    let l = load(
        "marked.csv",
        "city,2019,2020,2021\nAlmaty,40.1,38.2,35.0\n*Astana,30,29,28\n1) Data for 2021 are preliminary,2021,,\n",
    );
    assert_eq!(places(&l), ["Almaty", "Astana"]);
    assert_eq!(l.dataset.len(), 6);
    let note = footnote_note(&l);
    assert!(
        note.contains("1) Data for 2021 are preliminary, 2021"),
        "{note}"
    );
}

#[test]
fn a_note_row_without_a_value_is_listed_and_a_marked_place_with_gaps_is_kept() {
    let l = load(
        "tidy.csv",
        "city,year,pm25\nAstana,2020,30\nSource: BNS,2021,\nAlmaty,2020,40\n",
    );
    assert_eq!(places(&l), ["Almaty", "Astana"]);
    assert_eq!(l.report.skipped_total, 1, "{:?}", l.report.skipped);
    assert_eq!(l.report.skipped[0].value, "Source: BNS");
    // A marked place at the bottom whose row has gaps is data, not a note.
    let l = load(
        "gaps.csv",
        "City,2019,2020,2021\nAlmaty,40,41,42\n*Konaev,,,35.2\n",
    );
    assert_eq!(places(&l), ["Almaty", "Konaev"]);
    assert_eq!(l.dataset.len(), 4);
}
