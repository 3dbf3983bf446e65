//! The window over a database table (needs the server `.ci/run` starts, see `db.rs`): each
//! view asks the server for its own slice, combines with open files, is cancelled and
//! refreshed, and its exports and saved specs give the chart on screen.

use std::path::PathBuf;

use citydash::chart::query::{ChartQuery, View};
use citydash::data::open::{self, Origin};
use citydash::data::query::Period;
use citydash::data::remote::FetchOptions;
use citydash::data::{LoadOptions, Loaded};

use super::db::{address, server};
use super::db_means::{chart_text, open_with, query, readings_table, text_of};

/// Bishkek's readings, as a file of its own (a file open beside the table).
fn other_file() -> (PathBuf, Loaded) {
    let mut text = String::from("city,station,indicator,measured_at,value,unit\n");
    let start = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    for day in (0..730u32).filter(|d| d % 5 != 1) {
        let date = start + chrono::Days::new(u64::from(day));
        let value = 20.0 + f64::from((day * 31) % 53);
        text.push_str(&format!(
            "Bishkek,Bishkek-1,pm25,{date} 12:00:00+00,{value},µg/m³\n"
        ));
    }
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("bishkek_{}.csv", std::process::id()));
    std::fs::write(&path, text).expect("file");
    let loaded = open::open(
        &Origin::File(path.display().to_string()),
        &LoadOptions::default(),
        &FetchOptions::default(),
        &mut |_| true,
    )
    .expect("load");
    (path, loaded.loaded)
}

type App = egui_kittest::Harness<'static, citydash::app::CityDashApp>;

/// Shows `q` in the window and returns its chart as text.
fn window_chart(h: &mut App, q: &ChartQuery, names: [&str; 2]) -> String {
    h.state_mut().state.query = q.clone();
    super::harness::show(h, q.view);
    text_of(&super::harness::chart(h), names)
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn the_window_asks_the_server_for_each_views_slice() {
    use egui_kittest::kittest::Queryable;
    let (table, path) = readings_table("window");
    // Results are cached (the default cache_ttl): a view must not outlive a Refresh.
    let uri = format!("{}?table={table}", server());
    let shown = citydash::data::db::DbSource::parse(&uri).unwrap().address;
    let db_source = format!("table {table}, database citydash");
    let file = Origin::File(path.display().to_string());
    let file_names = [path.display().to_string(), format!("{table}.csv")];
    let mut h = super::harness::empty_app();
    let ctx = h.ctx.clone();
    h.state_mut().open(Origin::Database(uri.clone()), &ctx);
    h.state_mut().wait_for_loads();
    super::harness::settle(&mut h);
    listed_as_means(&h, &table);
    // The Sources view says what it holds: a database table's annual means.
    super::harness::show(&mut h, View::Sources);
    h.get_by_label("database table");
    h.get_by_label_contains("readings, computed where the data lies");
    // Each view asks for its own slice: monthly means (finer than what the table opened
    // with), yearly means, the rows for the table, all equal to the readings' charts.
    let mut monthly = String::new();
    for (view, per) in [
        (View::OverTime, Period::Month),
        (View::OverTime, Period::Year),
        (View::Ranking, Period::Year),
    ] {
        let q = query(view, per);
        let got = window_chart(&mut h, &q, [&shown, &db_source]);
        let want = chart_text(
            &open_with(&file, &q, None),
            &q,
            file_names.each_ref().map(String::as_str),
        );
        assert!(
            got == want,
            "{view:?} per {per:?} differs from the file's chart"
        );
        if per == Period::Month {
            monthly = got;
        }
    }
    // The table lists the readings the view keeps, as read from the server.
    let q = query(View::Table, Period::Year);
    h.state_mut().state.query = q.clone();
    super::harness::show(&mut h, View::Table);
    let listed = super::harness::chart(&h).rows.clone();
    let from_file = citydash::chart::prepare(&open_with(&file, &q, None).dataset, &q).unwrap();
    let sum = |d: &citydash::Dataset| -> Option<f64> {
        let values = d.frame.column("value").ok()?.f64().ok()?.clone();
        Some(values.iter().flatten().sum())
    };
    assert_eq!(listed.len(), from_file.rows.len());
    assert!(listed.len() > 10_000, "{}", listed.len());
    let (a, b) = (sum(&listed).unwrap(), sum(&from_file.rows).unwrap());
    assert!((a - b).abs() < 1e-6 * b, "{a} against {b}");
    // A file open beside the table: its readings and the server's means combine as the
    // readings would.
    let (bishkek, bishkek_rows) = other_file();
    h.state_mut()
        .open(Origin::File(bishkek.display().to_string()), &ctx);
    h.state_mut().wait_for_loads();
    super::harness::settle(&mut h);
    let mut q = query(View::OverTime, Period::Month);
    q.cities = ["Astana", "Bishkek"].map(String::from).to_vec();
    let got = window_chart(&mut h, &q, [&shown, &db_source]);
    let table_rows = open_with(&file, &q, None);
    let (both, _) =
        citydash::Dataset::combine([&bishkek_rows.dataset, &table_rows.dataset]).unwrap();
    let want = text_of(
        &citydash::chart::prepare(&both, &q).unwrap(),
        file_names.each_ref().map(String::as_str),
    );
    assert!(
        got == want,
        "the table and a file differ from the readings' chart"
    );
    assert!(got.contains("Bishkek") && got.contains("Astana"));
    h.state_mut().close(&bishkek.display().to_string());
    super::harness::settle(&mut h);
    cancel_a_waiting_view(&mut h, &table);
    // Refresh asks the server again for the table and its views, past the cache.
    let mut watcher = postgres::Client::connect(&server(), postgres::NoTls).unwrap();
    watcher
        .batch_execute(&format!("UPDATE {table} SET value = value + 1"))
        .unwrap();
    let q = query(View::OverTime, Period::Month);
    assert_eq!(
        window_chart(&mut h, &q, [&shown, &db_source]),
        monthly,
        "cached"
    );
    super::harness::show(&mut h, View::Sources);
    h.get_by_label("Refresh").click();
    h.step();
    h.state_mut().wait_for_loads();
    super::harness::settle(&mut h);
    let after = window_chart(&mut h, &q, [&shown, &db_source]);
    assert!(
        after != monthly,
        "the view was not asked again after Refresh"
    );
}

/// A view's query waiting on the server (the table locked by another session) is cancelled
/// by the window's Cancel: the server stops it, and the view says so.
fn cancel_a_waiting_view(h: &mut App, table: &str) {
    use egui_kittest::kittest::Queryable;
    let mut locker = postgres::Client::connect(&server(), postgres::NoTls).unwrap();
    fn lock<'a>(locker: &'a mut postgres::Client, table: &str) -> postgres::Transaction<'a> {
        let mut t = locker.transaction().unwrap();
        t.batch_execute(&format!("LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"))
            .unwrap();
        t
    }
    let asking = |h: &mut App| {
        let start = std::time::Instant::now();
        while h.query_by_label("Cancel").is_none() {
            assert!(
                start.elapsed().as_secs() < 20,
                "no Cancel while the server works"
            );
            h.step();
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    let compare = query(View::Compare, Period::Year);
    let mut other = compare.clone();
    other.cities.pop();
    // Changed and changed back while the server waits: the chart asked for last appears,
    // never a "cancelled" left by the query the change stopped.
    let t = lock(&mut locker, table);
    h.state_mut().state.query = compare.clone();
    h.state_mut().set_view(View::Compare);
    asking(h);
    h.state_mut().state.query = other;
    h.step();
    h.state_mut().state.query = compare;
    h.step();
    t.rollback().unwrap();
    super::harness::settle(h);
    assert!(!super::harness::chart(h).rows.is_empty());
    // Cancel stops the query on the server, and the view says so.
    let t = lock(&mut locker, table);
    let mut ranking = query(View::Ranking, Period::Year);
    ranking.cities.pop();
    h.state_mut().state.query = ranking;
    h.state_mut().set_view(View::Ranking);
    asking(h);
    let start = std::time::Instant::now();
    std::thread::sleep(std::time::Duration::from_millis(300));
    h.get_by_label("Cancel").click();
    super::harness::settle(h);
    assert!(start.elapsed().as_secs() < 20);
    h.get_by_label_contains("Cancelled: the server stopped the query for this view");
    let mut watcher = postgres::Client::connect(&server(), postgres::NoTls).unwrap();
    let waiting: i64 = watcher
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' \
             AND pid <> pg_backend_pid() AND query LIKE $1",
            &[&format!("%{table}%")],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        waiting, 0,
        "a cancelled view's query still runs on the server"
    );
    t.rollback().unwrap();
    // Retry asks again: the view's chart comes.
    h.get_by_label("Retry").click();
    h.step();
    h.step();
    super::harness::settle(h);
    assert!(!super::harness::chart(h).rows.is_empty());
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn a_table_views_export_and_saved_spec_give_the_chart_on_screen() {
    use egui_kittest::kittest::Queryable;
    let (table, _) = readings_table("window_spec");
    let uri = address(&table, "");
    let dir = tempfile::tempdir().unwrap();
    let mut h = super::harness::empty_app();
    let ctx = h.ctx.clone();
    h.state_mut().open(Origin::Database(uri.clone()), &ctx);
    h.state_mut().wait_for_loads();
    super::harness::settle(&mut h);
    h.state_mut().state.query = query(View::OverTime, Period::Month);
    super::harness::show(&mut h, View::OverTime);
    h.get_by_label("Export…").click();
    super::harness::settle(&mut h);
    h.state_mut().export.path = dir.path().join("figure").display().to_string();
    super::harness::settle(&mut h);
    for button in ["Export data (CSV)", "Save chart spec"] {
        h.get_by_label(button).click();
        h.step();
        h.state_mut().export.wait();
        super::harness::settle(&mut h);
    }
    let spec_path = dir.path().join("figure.json");
    let spec: citydash::chart::ChartSpec =
        serde_json::from_str(&std::fs::read_to_string(&spec_path).unwrap()).unwrap();
    assert_eq!(spec.data, vec![uri.clone()], "the spec names the table");
    // The command line, given only the spec, asks the table again: the same rows.
    let out = dir.path().join("again.csv");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_citydash"))
        .args(["export", "--spec"])
        .arg(&spec_path)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let rows = |p: &std::path::Path| -> Vec<String> {
        let text = std::fs::read_to_string(p).unwrap();
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .map(String::from)
            .collect()
    };
    let window = rows(&dir.path().join("figure.csv"));
    assert!(window.len() > 60, "{} rows", window.len());
    assert_eq!(window, rows(&out));
    // Opened in the window beside the table it names: the table is not opened twice.
    h.state_mut().export.spec_path = spec_path.display().to_string();
    super::harness::settle(&mut h);
    h.get_by_label("Open spec").click();
    super::harness::settle(&mut h);
    h.state_mut().wait_for_loads();
    super::harness::settle(&mut h);
    assert_eq!(h.state().workspace.datasets.len(), 1);
    // A closed table is no longer named by a spec.
    let name = h.state().workspace.datasets[0].name.clone();
    h.state_mut().close(&name);
    super::harness::settle(&mut h);
    assert!(h.state().spec_sources().is_empty());
}

/// The table opened in the window as its annual means (5 stations × 3 pollutants × 2 years),
/// never its 50,000 readings, listing its places, indicators and years, counted as means of
/// the table's readings.
fn listed_as_means(h: &App, table: &str) {
    let listed = h.state().workspace.datasets[0].dataset.clone();
    assert_eq!(listed.aggregated, Some(Period::Year));
    assert_eq!(listed.len(), 30);
    // Counted as what they are: means, of the table's readings.
    let mut client = postgres::Client::connect(&server(), postgres::NoTls).unwrap();
    let count_sql = format!("SELECT count(value) FROM {table}");
    let readings: i64 = client.query_one(&count_sql, &[]).unwrap().get(0);
    assert_eq!(h.state().workspace.datasets[0].readings() as i64, readings);
    assert_eq!(h.state().workspace.total_observations() as i64, readings);
    let said = h.state().notices.list.iter().map(|n| n.text.clone());
    let said: Vec<String> = said.collect();
    assert!(
        said.iter()
            .any(|n| n.contains("30 annual means of") && n.contains("computed by the server")),
        "{said:?}"
    );
    assert_eq!(h.state().workspace.combined.years, Some((2022, 2023)));
}
