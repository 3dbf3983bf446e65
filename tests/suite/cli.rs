//! The `check` and `tidy` commands, run as a user would.

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs citydash with the dataset cache off, from the project folder.
pub fn citydash(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_citydash"))
        .env("CITYDASH_NO_CACHE", "1")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run citydash")
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_prints_what_was_understood() {
    let o = citydash(&["check", &fixture("stat_cp1251.csv")]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for expected in [
        "windows-1251, delimiter \";\", decimal comma",
        "layout:       tidy",
        "place      ← \"Город\"",
        "observations: 4 (from 6 data rows)",
        "time:         2019 – 2020 (resolution: year)",
        "places (3):   Almaty, Astana, Bishkek",
        "row 7, column \"Значение\", value \"см. прим.\": not a number",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
}

#[test]
fn check_json_is_one_object_for_scripts() {
    let o = citydash(&["check", &fixture("who_wide.csv"), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert_eq!(v["report"]["layout"], "wide-by-indicator");
    assert_eq!(v["report"]["conflicts_total"], 1);
    assert_eq!(v["report"]["skipped"][0]["row"], 7);
    assert_eq!(v["summary"]["observations"], 4);
    assert_eq!(
        v["summary"]["places"],
        serde_json::json!(["Urumqi", "Xi'an"])
    );
}

#[test]
fn check_fails_with_the_message_on_stderr_when_nothing_loads() {
    let o = citydash(&["check", &fixture("not_a_table.csv")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(
        err.contains("not_a_table.csv") && err.contains("expected a table"),
        "{err}"
    );
    let o = citydash(&["check", "/no/such/file.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/file.csv: cannot read the file"));
}

#[test]
fn tidy_filters_by_alias_and_years_to_stdout() {
    let o = citydash(&[
        "tidy",
        &fixture("stat_cp1251.csv"),
        "--place",
        "Nur-Sultan",
        "--indicator",
        "PM2.5",
        "--from",
        "2020",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "place,country,indicator,time,value,unit,source\nAstana,Kazakhstan,pm25,2020,33.1,µg/m³,stat_cp1251.csv\n"
    );
}

#[test]
fn tidy_writes_atomically_and_never_over_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let out_s = out.display().to_string();
    let o = citydash(&[
        "tidy",
        &fixture("who_wide.csv"),
        "--per",
        "year",
        "-o",
        &out_s,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("place,country,indicator,time,value,unit,source,n,sources,coverage\n")
    );
    assert!(text.contains("Xi'an,China,pm25,2018,61.8,µg/m³,"), "{text}");
    // No temporary files are left next to the output.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    // An existing output needs --force.
    let o = citydash(&["tidy", &fixture("who_wide.csv"), "-o", &out_s]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists (use --force"));
    let o = citydash(&["tidy", &fixture("who_wide.csv"), "-o", &out_s, "--force"]);
    assert!(o.status.success());
    // The input itself is never written, even with --force.
    let input = dir.path().join("in.csv");
    std::fs::write(&input, "city,year,pm25\nBaku,2020,20\n").unwrap();
    let input_s = input.display().to_string();
    let o = citydash(&["tidy", &input_s, "-o", &input_s, "--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("refusing to overwrite an input file"));
    assert_eq!(
        std::fs::read_to_string(&input).unwrap(),
        "city,year,pm25\nBaku,2020,20\n"
    );
}

#[test]
fn tidy_reports_a_failed_write_and_leaves_nothing_behind() {
    let o = citydash(&[
        "tidy",
        &fixture("who_wide.csv"),
        "-o",
        "/proc/citydash-cannot-write-here.csv",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
}

#[test]
fn bad_map_syntax_is_one_clear_line() {
    let o = citydash(&["check", &fixture("who_wide.csv"), "--map", "town"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("expected ROLE=COLUMN pairs"), "{err}");
}

#[test]
fn help_explains_every_flag_with_examples() {
    let o = citydash(&["tidy", "--help"]);
    let out = stdout(&o);
    for flag in [
        "--indicator",
        "--place",
        "--from",
        "--to",
        "--per",
        "--output",
        "--map",
        "--force",
        "Examples:",
    ] {
        assert!(out.contains(flag), "missing {flag} in help");
    }
}

#[test]
fn export_takes_the_column_roles_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("coded.csv");
    std::fs::write(
        &data,
        "k1,k2,k3,k4\nAstana,pm25,2020,31.5\nAstana,pm25,2021,29\n",
    )
    .unwrap();
    let out = dir.path().join("table.csv");
    let args = |map: Option<&str>| {
        let mut a = vec![
            "export".to_string(),
            "--data".into(),
            data.display().to_string(),
            "--view".into(),
            "table".into(),
            "--indicator".into(),
            "pm25".into(),
            "--cities".into(),
            "Astana".into(),
            "--force".into(),
            "--out".into(),
            out.display().to_string(),
        ];
        if let Some(m) = map {
            a.extend(["--map".to_string(), m.to_string()]);
        }
        a
    };
    let mapped = args(Some("place=k1,indicator=k2,time=k3,value=k4"));
    let o = citydash(&mapped.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let table = std::fs::read_to_string(&out).unwrap();
    assert!(table.contains("31.5") && table.contains("2021"), "{table}");
    let bad = args(Some("place=nope"));
    let o = citydash(&bad.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!o.status.success());
    assert!(stderr(&o).contains("nope"), "{}", stderr(&o));
}
