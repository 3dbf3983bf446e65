//! Means computed by the server (aggregation pushed down) against the same readings loaded
//! from a file: every figure's prepared chart is the same. Needs the server `.ci/run` starts
//! (see `db.rs`).

use std::path::PathBuf;

use citydash::chart::query::{ChartQuery, View, means_needed, rows_needed};
use citydash::data::open::{self, Origin};
use citydash::data::query::Period;
use citydash::data::remote::FetchOptions;
use citydash::data::{LoadOptions, Loaded};

use super::db::{address, server};

/// Readings four times a day at two stations of each city (one city spelled in Russian),
/// for three pollutants over 2022–2023, with months and days missing (so coverage notes
/// appear) and one city with a single station. Returns the table's name and the same rows as
/// a CSV file.
pub(super) fn readings_table(name: &str) -> (String, PathBuf) {
    let table = format!("{name}_{}", std::process::id());
    let mut rows = Vec::new();
    let stations = [
        ("Astana", "Astana-1"),
        ("Astana", "Astana-2"),
        ("Алматы", "Almaty-Zhetysu"),
        ("Алматы", "Almaty-Medeu"),
        ("Tashkent", "Tashkent-Chilanzar"),
    ];
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    for (s, (city, station)) in stations.iter().enumerate() {
        for (p, pollutant) in ["pm25", "pm10", "no2"].iter().enumerate() {
            for day in 0..730u32 {
                let date = start + chrono::Days::new(u64::from(day));
                let gap = (day / 30 + s as u32) % 7 == 3 || (day % 11 == s as u32 && p == 0);
                if gap {
                    continue;
                }
                for hour in [0, 6, 12, 18] {
                    let k = day * 4 + hour / 6 + s as u32 * 7 + p as u32 * 13;
                    let value = 5.0 + f64::from((k * 7919) % 997) / 10.0 + s as f64;
                    rows.push(format!(
                        "{city},{station},{pollutant},{date} {hour:02}:00:00+00,{value},µg/m³"
                    ));
                }
            }
        }
    }
    let mut client = postgres::Client::connect(&server(), postgres::NoTls).expect("connect");
    client
        .batch_execute(&format!(
            "DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (city text, station text, \
             indicator text, measured_at timestamptz, value double precision, unit text)"
        ))
        .expect("create table");
    let mut w = client
        .copy_in(&format!("COPY {table} FROM STDIN (FORMAT csv)"))
        .expect("copy");
    std::io::Write::write_all(&mut w, (rows.join("\n") + "\n").as_bytes()).expect("rows");
    w.finish().expect("copy done");
    // An index led by the place column: its names are found by a loose index scan (the
    // indicator's, without one, by SELECT DISTINCT).
    client
        .batch_execute(&format!("CREATE INDEX ON {table} (city, measured_at)"))
        .expect("index");
    let file = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{table}.csv"));
    let header = "city,station,indicator,measured_at,value,unit";
    std::fs::write(&file, format!("{header}\n{}\n", rows.join("\n"))).expect("file");
    (table, file)
}

pub(super) fn open_with(origin: &Origin, q: &ChartQuery, aggregate: Option<Period>) -> Loaded {
    let options = LoadOptions {
        keep: Some(rows_needed(std::slice::from_ref(q))),
        aggregate,
        ..Default::default()
    };
    open::open(origin, &options, &FetchOptions::default(), &mut |_| true)
        .unwrap_or_else(|e| panic!("{}: {e}", origin.name()))
        .loaded
}

/// A prepared chart as text, the data's name and default source left out and every number written to 10
/// significant digits (the server adds readings in another order than polars: the last
/// bits of a mean may differ).
pub(super) fn chart_text(loaded: &Loaded, q: &ChartQuery, names: [&str; 2]) -> String {
    let chart = citydash::chart::prepare(&loaded.dataset, q).expect("prepare");
    text_of(&chart, names)
}

/// [`chart_text`] of a prepared chart.
pub(super) fn text_of(chart: &citydash::chart::PreparedChart, names: [&str; 2]) -> String {
    let text = format!("{chart:?}")
        .replace(names[0], "DATA")
        .replace(names[1], "SOURCE");
    let mut out = String::new();
    let mut number = String::new();
    let flush = |number: &mut String, out: &mut String| {
        match number.contains('.') {
            true => match number.parse::<f64>() {
                Ok(v) => out.push_str(&format!("{v:.9e}")),
                Err(_) => out.push_str(number),
            },
            false => out.push_str(number),
        }
        number.clear();
    };
    for c in text.chars() {
        let continues = c.is_ascii_digit() || (c == '.' && !number.is_empty());
        match continues {
            true => number.push(c),
            false => {
                flush(&mut number, &mut out);
                out.push(c);
            }
        }
    }
    flush(&mut number, &mut out);
    out
}

pub(super) fn query(view: View, per: Period) -> ChartQuery {
    let mut q = ChartQuery {
        view,
        indicator: "pm25".into(),
        cities: ["Astana", "Almaty", "Tashkent"].map(String::from).to_vec(),
        ..Default::default()
    };
    q.options.per = per;
    q.for_view()
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn every_figure_from_the_servers_means_equals_the_figure_from_the_readings() {
    let (table, path) = readings_table("means");
    let db = Origin::Database(address(&table, ""));
    let shown = citydash::data::db::DbSource::parse(&address(&table, ""))
        .unwrap()
        .address;
    let file = Origin::File(path.display().to_string());
    let name = path.display().to_string();
    let cases = [
        (View::OverTime, Period::Year),
        (View::OverTime, Period::Month),
        (View::Multiples, Period::Year),
        (View::Compare, Period::Year),
        (View::Ranking, Period::Year),
        (View::Map, Period::Year),
        (View::Scatter, Period::Year),
        (View::Scorecard, Period::Year),
    ];
    // And yearly figures from monthly means (an export of a monthly chart beside them):
    // each month's mean weighed by its readings.
    let from_months = [
        View::OverTime,
        View::Ranking,
        View::Scorecard,
        View::Compare,
    ]
    .map(|v| (v, Period::Year, Period::Month));
    let cases = cases
        .map(|(v, per)| (v, per, per))
        .into_iter()
        .chain(from_months);
    let mut with_notes = 0;
    for (view, per, means) in cases {
        let q = query(view, per);
        let needed = means_needed(std::slice::from_ref(&q));
        assert_eq!(needed, Some(per), "{view:?}");
        let a = open_with(&db, &q, Some(means));
        assert_eq!(
            a.dataset.aggregated,
            Some(means),
            "{view:?}: {:?}",
            a.report.notes
        );
        let b = open_with(&file, &q, None);
        // Far fewer rows leave the server than there are readings.
        assert!(a.dataset.len() * 20 < b.dataset.len(), "{view:?}");
        // Without a source column, each names where it came from: the table, the file.
        let db_source = format!("table {table}, database citydash");
        let ta = chart_text(&a, &q, [&shown, &db_source]);
        let tb = chart_text(&b, &q, [&name, &format!("{table}.csv")]);
        assert_eq!(ta, tb, "{view:?} per {per:?} from {means:?} means");
        with_notes += usize::from(tb.contains("note-"));
    }
    // The charts have notes to compare (stations averaged, coverage), not only values.
    assert!(with_notes >= 3, "{with_notes}");
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn the_servers_means_say_what_they_are_and_refuse_finer_views() {
    let (table, _) = readings_table("means_note");
    // A place the gazetteer does not know, not asked for: it stays on the server.
    let mut client = postgres::Client::connect(&server(), postgres::NoTls).expect("connect");
    client
        .batch_execute(&format!(
            "INSERT INTO {table} VALUES ('Springfield 2', 'S-1', 'pm25', \
             '2022-03-01 00:00:00+00', 10, 'µg/m³')"
        ))
        .expect("insert");
    let db = Origin::Database(address(&table, ""));
    let q = query(View::OverTime, Period::Year);
    let loaded = open_with(&db, &q, Some(Period::Year));
    let note = loaded
        .report
        .notes
        .iter()
        .find(|n| n.starts_with("read "))
        .expect("a note of what was read");
    // Five stations' PM2.5 over two years: ten means.
    assert!(
        note.starts_with("read 10 annual means of") && note.contains("computed by the server"),
        "{note}"
    );
    // Cut at the row cap, the means are named as means on the figure, not as rows.
    let capped = Origin::Database(address(&table, "&row_cap=5"));
    let cut = open_with(&capped, &q, Some(Period::Year));
    assert_eq!(cut.dataset.aggregated, Some(Period::Year));
    assert!(
        cut.report
            .notes
            .iter()
            .any(|n| n.contains("more than 5 annual means match")),
        "{:?}",
        cut.report.notes
    );
    let chart = citydash::chart::prepare(&cut.dataset, &q).expect("chart");
    let en: Vec<String> = chart
        .notes
        .iter()
        .map(|n| n.localize(citydash::i18n::Lang::En))
        .collect();
    assert!(
        en.iter().any(|n| n.contains("only the first 5 means")),
        "{en:?}"
    );
    // A monthly chart cannot be drawn from annual means: an error, never a wrong chart.
    let monthly = query(View::OverTime, Period::Month);
    let err = citydash::chart::prepare(&loaded.dataset, &monthly).unwrap_err();
    assert!(err.to_string().contains("finer data"), "{err}");
    // The table lists readings: means_needed asks for none, and the rows are read.
    let table_q = query(View::Table, Period::Year);
    assert_eq!(means_needed(std::slice::from_ref(&table_q)), None);
    // Daily means need the readings too.
    assert_eq!(means_needed(&[query(View::OverTime, Period::Day)]), None);
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn a_querys_result_is_reused_while_fresh_and_refreshed_on_request() {
    let (table, _) = readings_table("cached");
    let cache = tempfile::tempdir().unwrap();
    let out = cache.path().join("out.csv");
    let export = |extra_address: &str, flags: &[&str]| {
        let db = format!("{}?table={table}{extra_address}", server());
        let mut args = vec![
            "export",
            "--db",
            &db,
            "--view",
            "ranking",
            "--indicator",
            "pm25",
            "--cities",
            "Astana,Almaty",
            "--force",
            "--out",
        ];
        let out = out.to_str().unwrap();
        args.push(out);
        args.extend(flags);
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_citydash"))
            .args(&args)
            .env("CITYDASH_CACHE_DIR", cache.path().join("cache"))
            .env_remove("CITYDASH_NO_CACHE")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
        assert!(run.status.success(), "{stderr}");
        let csv = std::fs::read_to_string(out).unwrap();
        // The rows, without the header line naming the export's time.
        (csv.lines().skip(1).collect::<Vec<_>>().join("\n"), stderr)
    };
    let (first, said) = export("", &[]);
    assert!(!said.contains("citydash's cache"), "{said}");
    let mut client = postgres::Client::connect(&server(), postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "UPDATE {table} SET value = value * 2 WHERE city = 'Astana'"
        ))
        .unwrap();
    // The same query again: the kept result, said as such.
    let (second, said) = export("", &[]);
    assert_eq!(second, first);
    assert!(said.contains("kept in citydash's cache"), "{said}");
    // Refreshed: the server's new values.
    let (third, said) = export("", &["--no-cache"]);
    assert_ne!(third, first);
    assert!(!said.contains("citydash's cache"), "{said}");
    // An address that keeps nothing always asks the server.
    client
        .batch_execute(&format!(
            "UPDATE {table} SET value = value * 2 WHERE city = 'Astana'"
        ))
        .unwrap();
    let (fourth, said) = export("&cache_ttl=0", &[]);
    assert_ne!(fourth, third);
    assert!(!said.contains("citydash's cache"), "{said}");
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn the_windows_refresh_queries_the_server_again() {
    use egui_kittest::kittest::Queryable;
    let (table, _) = readings_table("refresh");
    // Cached: Refresh must query the server past the cache.
    let address = format!("{}?table={table}", server());
    let mut h = super::harness::empty_app();
    let ctx = h.ctx.clone();
    h.state_mut().open(Origin::Database(address.clone()), &ctx);
    h.state_mut().wait_for_loads();
    super::harness::settle(&mut h);
    let total = |h: &egui_kittest::Harness<'static, citydash::app::CityDashApp>| -> f64 {
        let d = &h.state().workspace.datasets[0];
        let values = d
            .dataset
            .frame
            .column("value")
            .unwrap()
            .f64()
            .unwrap()
            .clone();
        values.iter().flatten().sum::<f64>()
    };
    let before = total(&h);
    let mut client = postgres::Client::connect(&server(), postgres::NoTls).unwrap();
    client
        .batch_execute(&format!("UPDATE {table} SET value = value + 1"))
        .unwrap();
    super::harness::show(&mut h, View::Sources);
    h.get_by_label("Refresh").click();
    h.step();
    h.state_mut().wait_for_loads();
    super::harness::settle(&mut h);
    assert_eq!(h.state().workspace.datasets.len(), 1, "replaced, not added");
    let after = total(&h);
    let rows = h.state().workspace.datasets[0].dataset.len() as f64;
    assert!(
        (after - before - rows).abs() < 1e-6 * after,
        "{before} → {after}"
    );
}

/// The same rows as a table's, as a CSV file (the table's own text of its times).
fn file_of_table(client: &mut postgres::Client, table: &str) -> PathBuf {
    let mut text = String::new();
    let mut reader = client
        .copy_out(&format!(
            "COPY (SELECT city, station, indicator, measured_at, value, unit FROM {table}) \
             TO STDOUT (FORMAT csv, HEADER)"
        ))
        .expect("copy out");
    std::io::Read::read_to_string(&mut reader, &mut text).expect("rows");
    let file = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{table}_copy.csv"));
    std::fs::write(&file, text).expect("file");
    file
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn readings_the_loader_treats_one_by_one_make_the_rows_be_read_instead_of_means() {
    let cases = [
        (
            "duplicate readings",
            "INSERT INTO {t} SELECT * FROM {t} WHERE city = 'Astana' AND indicator = 'pm25' \
             AND measured_at < '2022-02-01'",
        ),
        (
            "an impossible value",
            "INSERT INTO {t} VALUES ('Astana', 'Astana-1', 'pm25', \
             '2023-12-31 00:00:00+00', -999, 'µg/m³')",
        ),
        (
            "one reading under two units (two groups of the server's)",
            "INSERT INTO {t} SELECT city, station, indicator, measured_at, value / 1000, \
             'mg/m³' FROM {t} WHERE city = 'Astana' AND indicator = 'pm25' \
             AND measured_at < '2022-02-01'",
        ),
        (
            "a time at infinity",
            "INSERT INTO {t} VALUES ('Astana', 'Astana-1', 'pm25', 'infinity', 12, 'µg/m³')",
        ),
    ];
    let mut client = postgres::Client::connect(&server(), postgres::NoTls).unwrap();
    for (i, (case, sql)) in cases.into_iter().enumerate() {
        let (table, _) = readings_table(&format!("loader_{i}"));
        client.batch_execute(&sql.replace("{t}", &table)).unwrap();
        let path = file_of_table(&mut client, &table);
        let db = Origin::Database(address(&table, ""));
        let shown = citydash::data::db::DbSource::parse(&address(&table, ""))
            .unwrap()
            .address;
        let file = Origin::File(path.display().to_string());
        let mut q = query(View::OverTime, Period::Year);
        q.from_year = Some(2022);
        let a = open_with(&db, &q, Some(Period::Year));
        assert_eq!(a.dataset.aggregated, None, "{case}: {:?}", a.report.notes);
        assert!(
            a.report
                .notes
                .iter()
                .any(|n| n.contains("so the rows were read")),
            "{case}: {:?}",
            a.report.notes
        );
        let b = open_with(&file, &q, None);
        let db_source = format!("table {table}, database citydash");
        let name = path.display().to_string();
        let copied = path.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            chart_text(&a, &q, [&shown, &db_source]),
            chart_text(&b, &q, [&name, &copied]),
            "{case}"
        );
    }
}
