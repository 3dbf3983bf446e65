//! Cells without a value (empty, `n/a`, a row that ends early) are missing data: left out of
//! the dataset, never an error, and counted in the load report with their rows, apart from
//! the rows skipped for a bad value. A few bad cells in an indicator's column leave out those
//! cells, not the column.

use super::cli::citydash;

use citydash::data::{LoadOptions, load_path};

/// Writes `text` to a file in a fresh folder; the folder lives as long as the result.
fn file(name: &str, text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write fixture");
    (dir, path)
}

const TIDY: &str = "city,country,indicator,year,value,unit
Astana,Kazakhstan,pm25,2020,30,ug/m3
Almaty,Kazakhstan,pm25
Tashkent,Uzbekistan,pm25,2020,41,ug/m3
Baku,Azerbaijan,pm25,2020,n/a,ug/m3
Tbilisi,Georgia,pm25,2020,,ug/m3
Bishkek,Kyrgyzstan,pm25,2020,abc,ug/m3
";

#[test]
fn empty_marked_and_cut_short_values_are_counted_apart_from_bad_ones() {
    let (_dir, path) = file("short.csv", TIDY);
    let l = load_path(&path, &LoadOptions::default()).expect("loads");
    assert_eq!(l.dataset.len(), 2);
    // "abc" is a bad value: skipped, with the reason.
    assert_eq!(l.report.skipped_total, 1);
    assert_eq!(l.report.skipped[0].row, 7);
    assert_eq!(l.report.skipped[0].value, "abc");
    // The row cut short (line 3), `n/a` (line 5) and the empty cell (line 6) held no value.
    assert_eq!(l.report.missing_total, 3);
    let cells: Vec<(usize, &str)> = l
        .report
        .missing
        .iter()
        .map(|m| (m.row, m.column.as_str()))
        .collect();
    assert_eq!(cells, vec![(3, "value"), (5, "value"), (6, "value")]);
}

#[test]
fn blank_lines_are_not_values_missing() {
    let text = "city,country,indicator,year,value\nAstana,Kazakhstan,pm25,2020,30\n\n,,,,\n\
                Almaty,Kazakhstan,pm25,2020,#N/A\nBaku,Azerbaijan,pm25,2020,25\n";
    let (_dir, path) = file("blank.csv", text);
    let l = load_path(&path, &LoadOptions::default()).expect("loads");
    assert_eq!(l.dataset.len(), 2);
    assert_eq!(l.report.skipped_total, 0);
    // Only Almaty's `#N/A` (Excel's "not available") is a value missing.
    let cells: Vec<usize> = l.report.missing.iter().map(|m| m.row).collect();
    assert_eq!(cells, vec![5]);
}

#[test]
fn wide_tables_name_the_year_column_of_each_empty_cell() {
    let text = "city,2018,2019,2020\nAstana,10,,12\nAlmaty,..,14,\nTashkent,16,17,18\n";
    let (_dir, path) = file("wide.csv", text);
    let l = load_path(&path, &LoadOptions::default()).expect("loads");
    assert_eq!(l.dataset.len(), 6);
    assert_eq!(l.report.skipped_total, 0);
    let mut cells: Vec<(usize, String)> = l
        .report
        .missing
        .iter()
        .map(|m| (m.row, m.column.clone()))
        .collect();
    cells.sort();
    assert_eq!(
        cells,
        vec![(2, "2019".into()), (3, "2018".into()), (3, "2020".into())]
    );
    assert_eq!(l.report.missing_total, 3);
}

#[test]
fn check_says_how_many_cells_held_no_value_and_where() {
    let (_dir, path) = file("short.csv", TIDY);
    let o = citydash(&["check", &path.to_string_lossy()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    for expected in [
        "observations: 2 (from 6 data rows)",
        "skipped:      1",
        "no value:     3 cell(s), left out as missing data",
        "  row 3, column \"value\"\n  row 5, column \"value\"\n  row 6, column \"value\"\n",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    // A file whose every value is there says nothing of missing values.
    let (_dir2, full) = file("full.csv", "city,year,pm25\nAstana,2020,30\n");
    let o = citydash(&["check", "--json", &full.to_string_lossy()]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["report"]["missing_total"], 0, "{json}");
}

#[test]
fn a_few_bad_cells_in_an_indicator_column_leave_out_those_cells_not_the_column() {
    let text = "city,year,pm25,no2,remarks\nAstana,2020,abc,11,see note\nAlmaty,2020,12,13,5\n";
    let (_dir, path) = file("wide.csv", text);
    let l = load_path(&path, &LoadOptions::default()).expect("loads");
    assert_eq!(l.report.value_columns, vec!["pm25", "no2"]);
    assert_eq!(l.dataset.len(), 3);
    assert_eq!(l.report.skipped_total, 1);
    let s = &l.report.skipped[0];
    assert_eq!(
        (s.row, s.column.as_str(), s.value.as_str()),
        (2, "pm25", "abc")
    );
    // A column whose header names no indicator still needs four numbers in five.
    assert!(
        l.report.ignored_columns.iter().any(|(c, _)| c == "remarks"),
        "{:?}",
        l.report.ignored_columns
    );
    // A column that names an indicator but is mostly text is not read, and the report says
    // why.
    let text = "city,year,pm25,no2\nAstana,2020,abc,11\nAlmaty,2020,n.a.,13\nBaku,2020,12,9\n";
    let (_dir3, mostly_text) = file("text.csv", text);
    let l = load_path(&mostly_text, &LoadOptions::default()).expect("loads");
    assert_eq!(l.report.value_columns, vec!["no2"]);
    assert!(
        l.report.notes.iter().any(|n| n.contains(
            "column \"pm25\" names the indicator pm25, but fewer of its cells are numbers (1) \
             than other text (2): not read"
        )),
        "{:?}",
        l.report.notes
    );
    // One indicator column, half of it bad: its good value loads, not "no numeric data".
    let (_dir2, one) = file("one.csv", "city,pm25\nAstana,abc\nAlmaty,12\n");
    let l = load_path(&one, &LoadOptions::default()).expect("loads");
    assert_eq!(l.dataset.len(), 1);
    assert_eq!(l.report.skipped_total, 1);
}
