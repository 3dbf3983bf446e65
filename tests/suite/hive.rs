//! Hive-style partitioned Parquet folders: `tidy --to-parquet DIR` writes one, and a folder
//! opens as one dataset equal to the file it came from, reading only the partitions a
//! command's filters keep.

use std::path::{Path, PathBuf};
use std::process::Output;

use super::export::{citydash, stderr};

/// Daily readings at stations (a timestamp column), for two cities and three pollutants over
/// 2021–2023, with a gap and a row without a time.
fn daily_file(dir: &Path) -> PathBuf {
    let mut csv = String::from("city,station,indicator,date,value,unit\n");
    for (c, city) in ["Astana", "Алматы"].iter().enumerate() {
        for (p, ind) in ["pm25", "pm10", "no2"].iter().enumerate() {
            for year in 2021..=2023 {
                for day in (1..=28).step_by(3) {
                    for month in [1, 4, 7, 10] {
                        if (day + month + c) % 5 == 0 {
                            continue;
                        }
                        let v = 10.0 + (day * 7 + month * 3 + p * 11 + c * 5) as f64 / 4.0;
                        csv.push_str(&format!(
                            "{city},S{c}-{},{ind},{year}-{month:02}-{day:02},{v},µg/m³\n",
                            day % 2
                        ));
                    }
                }
            }
        }
    }
    csv.push_str("Astana,S0-0,pm25,,55,µg/m³\n");
    let path = dir.join("daily.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    let out = citydash(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// An export's CSV rows, without the first line (which names the data).
fn export_rows(data: &str, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "export",
        "--data",
        data,
        "--indicator",
        "pm25",
        "--cities",
        "Astana,Almaty",
        "--force",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    run(&args);
    let text = std::fs::read_to_string(out).unwrap();
    text.lines().skip(1).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_partitioned_folder_opens_like_the_file_it_was_written_from() {
    let dir = tempfile::tempdir().unwrap();
    for file in [
        daily_file(dir.path()),
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_data/silkroad_annual.csv"),
    ] {
        let lake = dir.path().join("lake");
        let (file_s, lake_s) = (file.to_str().unwrap(), lake.to_str().unwrap());
        let wrote = run(&["tidy", file_s, "--to-parquet", lake_s, "--force"]);
        assert!(
            stderr(&wrote).contains("Parquet files"),
            "{}",
            stderr(&wrote)
        );
        assert!(lake.join("indicator=pm25").is_dir());
        // The same observations, places, times and resolution as the file.
        let same = |text: String| {
            text.lines()
                .filter(|l| {
                    ["time:", "places", "  pm25"]
                        .iter()
                        .any(|k| l.starts_with(k))
                })
                .map(str::to_string)
                .chain(
                    // The count, not the rows it came from (the folder holds no skipped rows).
                    text.lines()
                        .filter(|l| l.starts_with("observations:"))
                        .map(|l| l.split(" (").next().unwrap_or(l).to_string()),
                )
                .collect::<Vec<_>>()
        };
        let (a, b) = (
            stdout(&run(&["check", file_s])),
            stdout(&run(&["check", lake_s])),
        );
        assert_eq!(same(a), same(b), "{}", file.display());
        // Every figure's rows the same, with and without filters pushed down.
        let out = dir.path().join("out.csv");
        for extra in [
            &["--view", "over-time"][..],
            &[
                "--view",
                "over-time",
                "--per",
                "month",
                "--from",
                "2022",
                "--to",
                "2023",
            ],
            &["--view", "ranking"],
            &["--view", "table", "--from", "2022", "--to", "2022"],
        ] {
            assert_eq!(
                export_rows(file_s, &out, extra),
                export_rows(lake_s, &out, extra),
                "{} {extra:?}",
                file.display()
            );
        }
    }
}

#[test]
fn only_the_partitions_a_command_needs_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = daily_file(dir.path());
    let lake = dir.path().join("lake");
    let lake_s = lake.to_str().unwrap();
    run(&["tidy", file.to_str().unwrap(), "--to-parquet", lake_s]);
    // Damage every file but PM2.5's of 2022: a command reading any other fails.
    for entry in walk(&lake) {
        let keep = entry
            .to_string_lossy()
            .contains("indicator=pm25/year=2022/");
        if !keep && entry.extension().is_some_and(|x| x == "parquet") {
            std::fs::write(&entry, b"not parquet").unwrap();
        }
    }
    let out = dir.path().join("out.csv");
    let rows = export_rows(
        lake_s,
        &out,
        &["--view", "over-time", "--from", "2022", "--to", "2022"],
    );
    assert!(rows.contains("Astana,Kazakhstan,pm25,2022"), "{rows}");
    let whole = citydash(&["check", lake_s]);
    assert!(!whole.status.success());
    assert!(stderr(&whole).contains(lake_s), "{}", stderr(&whole));
}

#[test]
fn an_existing_folder_is_replaced_only_when_asked_and_nothing_is_left_half_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = daily_file(dir.path());
    let lake = dir.path().join("lake");
    std::fs::create_dir(&lake).unwrap();
    std::fs::write(lake.join("mine.txt"), "keep me").unwrap();
    let args = [
        "tidy",
        file.to_str().unwrap(),
        "--to-parquet",
        lake.to_str().unwrap(),
    ];
    let refused = citydash(&args);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert!(lake.join("mine.txt").exists(), "untouched");
    let mut forced = args.to_vec();
    forced.push("--force");
    run(&forced);
    assert!(!lake.join("mine.txt").exists() && lake.join("indicator=no2").is_dir());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".citydash"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        match p.is_dir() {
            true => out.extend(walk(&p)),
            false => out.push(p),
        }
    }
    out
}

/// A lake as others write it: the city as spelled at the source (Russian, a total row), the
/// time as a date, two partitions.
fn spelled_lake(dir: &Path) -> PathBuf {
    use polars::prelude::*;
    let lake = dir.join("spelled");
    for year in [2022, 2023] {
        let mut cities = Vec::new();
        let mut dates = Vec::new();
        let mut values = Vec::new();
        for (c, city) in ["Алматы", "Astana", "Итого", "Бишкек"].iter().enumerate()
        {
            for month in 1..=12 {
                cities.push(city.to_string());
                dates.push(format!("{year}-{month:02}-15"));
                values.push(10.0 + (c * 13 + month) as f64);
            }
        }
        let mut frame = df!(
            "city" => cities,
            "date" => dates,
            "value" => values,
        )
        .unwrap();
        write_part(&lake, "pm25", year, &mut frame);
    }
    lake
}

#[test]
fn only_the_places_asked_for_are_read_from_a_folder() {
    use citydash::data::{LoadOptions, RowFilter};
    let dir = tempfile::tempdir().unwrap();
    let lake = spelled_lake(dir.path());
    let keep = RowFilter {
        places: vec!["Almaty".into(), "Bishkek".into()],
        ..Default::default()
    };
    let options = LoadOptions {
        keep: Some(keep.clone()),
        ..Default::default()
    };
    let pushed = citydash::data::hive::load(&lake, &options).unwrap();
    let whole = citydash::data::hive::load(&lake, &LoadOptions::default()).unwrap();
    let filtered = citydash::data::query::keep_rows(&whole.dataset, &keep).unwrap();
    assert_eq!(pushed.dataset.len(), 48, "two cities, two years of months");
    assert_eq!(
        super::load_fixtures::tidy_csv(&pushed.dataset),
        super::load_fixtures::tidy_csv(&filtered)
    );
    assert!(
        pushed
            .report
            .notes
            .iter()
            .any(|n| n.contains("only the rows whose city is a place asked for")),
        "{:?}",
        pushed.report.notes
    );
    // The whole folder: the total row left out as for a file, the three cities kept.
    assert_eq!(whole.dataset.len(), 72);
}

#[test]
fn a_date_that_is_not_the_readings_time_leaves_the_year_partition_the_time() {
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let lake = dir.path().join("annual");
    for (year, value) in [(2021, 31.0), (2022, 29.5)] {
        let updated = chrono::NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        let mut frame = df!(
            "city" => ["Astana", "Almaty"],
            "value" => [value, value + 10.0],
            "last_updated" => [updated, updated],
        )
        .unwrap();
        write_part(&lake, "pm25", year, &mut frame);
    }
    let loaded =
        citydash::data::hive::load(&lake, &citydash::data::LoadOptions::default()).unwrap();
    let text = super::load_fixtures::tidy_csv(&loaded.dataset);
    assert!(text.contains("Astana,Kazakhstan,pm25,2021,31,"), "{text}");
    assert!(text.contains("Almaty,Kazakhstan,pm25,2022,39.5,"), "{text}");
    assert!(!text.contains("2024"), "{text}");
}

/// A lake of daily readings with typed dates: three cities (one spelled in Russian), two
/// stations in one, two pollutants, 2022–2023, with gaps.
fn dated_lake(dir: &Path) -> PathBuf {
    use polars::prelude::*;
    let lake = dir.join("dated");
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    for (p, pollutant) in ["pm25", "pm10"].iter().enumerate() {
        for year in [2022, 2023] {
            let (mut cities, mut stations, mut dates, mut values) =
                (vec![], vec![], vec![], vec![]);
            for (c, (city, station)) in [
                ("Astana", "A-1"),
                ("Astana", "A-2"),
                ("Алматы", "M-1"),
                ("Bishkek", "B-1"),
            ]
            .iter()
            .enumerate()
            {
                for day in 0..730u32 {
                    let date = start + chrono::Days::new(u64::from(day));
                    if chrono::Datelike::year(&date) != year || (day / 20 + c as u32) % 6 == 2 {
                        continue;
                    }
                    cities.push(city.to_string());
                    stations.push(station.to_string());
                    dates.push(date);
                    values.push(
                        5.0 + f64::from((day * 7919 + c as u32 * 13 + p as u32) % 997) / 10.0,
                    );
                }
            }
            let mut frame = df!(
                "city" => cities,
                "station" => stations,
                "date" => dates,
                "value" => values,
            )
            .unwrap();
            write_part(&lake, pollutant, year, &mut frame);
        }
    }
    lake
}

#[test]
fn a_folders_means_from_the_lazy_scan_equal_the_means_of_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    means_equal_rows(&dated_lake(dir.path()), 10);
    // A folder citydash wrote keeps its times as text (`2021-01-04`): they are parsed in
    // the scan.
    let file = daily_file(dir.path());
    let written = dir.path().join("written");
    let out = run(&[
        "tidy",
        file.to_str().unwrap(),
        "--to-parquet",
        written.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    means_equal_rows(&written, 2);
}

#[test]
fn a_folder_of_monthly_text_times_read_as_rows_keeps_its_months() {
    // Monthly text times and a duplicate reading: the means cannot stand for the rows (the
    // duplicate is a conflict the loader resolves), so the rows are read, as months.
    use citydash::data::query::Period;
    use citydash::data::{LoadOptions, TimeResolution};
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let lake = dir.path().join("monthly");
    let mut months: Vec<String> = (1..=12).map(|m| format!("2023-{m:02}")).collect();
    months.push("2023-05".into());
    let values: Vec<f64> = (0..13).map(|i| 10.0 + f64::from(i)).collect();
    let mut frame = df!(
        "city" => vec!["Astana"; 13],
        "time" => months,
        "value" => values,
    )
    .unwrap();
    write_part(&lake, "pm25", 2023, &mut frame);
    let options = LoadOptions {
        aggregate: Some(Period::Month),
        ..Default::default()
    };
    let loaded = citydash::data::hive::load(&lake, &options).unwrap();
    assert_eq!(loaded.dataset.aggregated, None, "{:?}", loaded.report.notes);
    assert_eq!(loaded.dataset.resolution, TimeResolution::Month);
    assert_eq!(loaded.dataset.len(), 12);
}

/// The folder's means per year and per month (all of it, and one place and indicator) are
/// means, at least `fewer` times fewer than its rows, and equal the means of its rows.
fn means_equal_rows(lake: &Path, fewer: usize) {
    use citydash::data::query::{self, Period, Query};
    use citydash::data::{LoadOptions, RowFilter};
    let rows = citydash::data::hive::load(lake, &LoadOptions::default()).unwrap();
    for (per, keep) in [
        (Period::Year, None),
        (Period::Month, None),
        (
            Period::Month,
            Some(RowFilter {
                places: vec!["Almaty".into()],
                indicators: vec!["pm25".into()],
                ..Default::default()
            }),
        ),
    ] {
        let options = LoadOptions {
            aggregate: Some(per),
            keep: keep.clone(),
            ..Default::default()
        };
        let means = citydash::data::hive::load(lake, &options).unwrap();
        assert_eq!(
            means.dataset.aggregated,
            Some(per),
            "{:?}",
            means.report.notes
        );
        assert!(means.dataset.len() * fewer < rows.dataset.len());
        let q = Query {
            per: Some(per),
            ..Default::default()
        };
        let whole = match &keep {
            Some(k) => query::keep_rows(&rows.dataset, k).unwrap(),
            None => rows.dataset.clone(),
        };
        let want = super::load_means::rounded(&query::run(&whole, &q).unwrap());
        let got = super::load_means::rounded(&query::run(&means.dataset, &q).unwrap());
        assert!(want.lines().count() > 3);
        assert_eq!(got, want, "{per:?} {keep:?}");
    }
}

#[test]
fn the_window_asks_a_folder_for_each_views_slice() {
    use citydash::chart::{ChartQuery, View};
    use citydash::data::open::Origin;
    use citydash::data::query::Period;
    let dir = tempfile::tempdir().unwrap();
    let lake = dated_lake(dir.path());
    // Given on the command line, the folder opens as one dataset.
    assert_eq!(citydash::data::data_files(&lake), vec![lake.clone()]);
    let mut h = super::harness::empty_app();
    let ctx = h.ctx.clone();
    h.state_mut()
        .open(Origin::File(lake.display().to_string()), &ctx);
    h.state_mut().wait_for_loads();
    super::harness::settle(&mut h);
    // The folder opens as its annual means (4 stations × 2 pollutants × 2 years), not its rows.
    let listed = h.state().workspace.datasets[0].dataset.clone();
    assert_eq!(listed.aggregated, Some(Period::Year));
    assert_eq!(listed.len(), 16);
    let rows = citydash::data::hive::load(&lake, &citydash::data::LoadOptions::default()).unwrap();
    assert_eq!(
        h.state().workspace.datasets[0].readings(),
        rows.dataset.len()
    );
    // Named as what it is: means a scan of the folder computed (not a server).
    let said: Vec<String> = (h.state().notices.list.iter())
        .map(|n| n.text.clone())
        .collect();
    assert!(
        said.iter().any(
            |t| t.contains("annual means of") && t.contains("computed by a scan of the folder")
        ),
        "{said:?}"
    );
    // Each view reads its slice: monthly means of three cities, equal to the rows' chart.
    for (view, per) in [
        (View::OverTime, Period::Month),
        (View::Ranking, Period::Year),
    ] {
        let mut q = ChartQuery {
            view,
            indicator: "pm25".into(),
            cities: ["Astana", "Almaty", "Bishkek"].map(String::from).to_vec(),
            ..Default::default()
        };
        q.options.per = per;
        let q = q.for_view();
        h.state_mut().state.query = q.clone();
        super::harness::show(&mut h, view);
        let got = super::harness::chart(&h);
        let want = citydash::chart::prepare(&rows.dataset, &q).unwrap();
        let none = ["\u{0}", "\u{1}"];
        let (got, want) = (
            super::db_means::text_of(&got, none),
            super::db_means::text_of(&want, none),
        );
        assert!(got.contains("Bishkek") && got.contains("Almaty"));
        assert!(
            got == want,
            "{view:?}: the folder's view differs from its rows' chart"
        );
    }
}

/// Writes `frame` as the partition `indicator`, `year` of `lake`, as data lakes lay them out.
fn write_part(lake: &Path, indicator: &str, year: i32, frame: &mut polars::prelude::DataFrame) {
    let part = lake.join(format!("indicator={indicator}/year={year}"));
    std::fs::create_dir_all(&part).unwrap();
    let file = std::fs::File::create(part.join("part-0.parquet")).unwrap();
    polars::prelude::ParquetWriter::new(file)
        .finish(frame)
        .unwrap();
}
