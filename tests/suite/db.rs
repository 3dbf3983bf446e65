//! A PostgreSQL table as a data source, against a real server: `.ci/run` starts a throwaway
//! one and names it in `CITYDASH_TEST_PG` (a connection URI of a database the tests may
//! create tables in). These tests are ignored by a plain `cargo test` (which needs no server)
//! and run by `.ci/run`, where a missing server fails them.

use std::path::PathBuf;

use citydash::chart::query::{ChartQuery, View, rows_needed};
use citydash::data::db::{DbError, DbSource};
use citydash::data::open::{self, Origin};
use citydash::data::remote::FetchOptions;
use citydash::data::{LoadOptions, Loaded};

pub(super) fn server() -> String {
    std::env::var("CITYDASH_TEST_PG").expect(
        "CITYDASH_TEST_PG names no server: start one as .ci/run does \
         (postgresql://USER@HOST:PORT/DB)",
    )
}

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_data/silkroad_annual.csv")
}

/// A table of the sample's rows, with its columns as in the file, under a name of its own,
/// and a file of the same rows (years as dates when `year_type` is `date`).
fn table_of_sample(name: &str, year_type: &str) -> (String, PathBuf) {
    let table = format!("{name}_{}", std::process::id());
    let mut client = postgres::Client::connect(&server(), postgres::NoTls).expect("connect");
    client
        .batch_execute(&format!(
            "DROP TABLE IF EXISTS {table}; CREATE TABLE {table} (city text, country text, \
             indicator text, year {year_type}, value double precision, unit text, source text)"
        ))
        .expect("create table");
    let text = std::fs::read_to_string(sample()).expect("sample");
    let mut rows = text.lines().skip(1).map(str::to_string).collect::<Vec<_>>();
    if year_type == "date" {
        rows = rows
            .into_iter()
            .map(|r| {
                let mut f: Vec<String> = r.split(',').map(String::from).collect();
                f[3] = format!("{}-01-01", f[3]);
                f.join(",")
            })
            .collect();
    }
    let mut w = client
        .copy_in(&format!("COPY {table} FROM STDIN (FORMAT csv)"))
        .expect("copy");
    std::io::Write::write_all(&mut w, (rows.join("\n") + "\n").as_bytes()).expect("rows");
    w.finish().expect("copy done");
    // The same rows as a file, to compare with.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let header = text.lines().next().expect("header");
    let file = dir.join(format!("{table}.csv"));
    std::fs::write(&file, format!("{header}\n{}\n", rows.join("\n"))).expect("file");
    (table, file)
}

/// The address of a table, its results never cached (tests recreate tables under one name).
pub(super) fn address(table: &str, extra: &str) -> String {
    format!("{}?table={table}&cache_ttl=0{extra}", server())
}

fn open_origin(origin: &Origin, keep: Option<citydash::data::RowFilter>) -> Loaded {
    let options = LoadOptions {
        keep,
        ..Default::default()
    };
    open::open(origin, &options, &FetchOptions::default(), &mut |_| true)
        .unwrap_or_else(|e| panic!("{}: {e}", origin.name()))
        .loaded
}

fn query(view: View, from: Option<i32>, to: Option<i32>) -> ChartQuery {
    ChartQuery {
        view,
        indicator: "pm25".into(),
        cities: ["Astana", "Almaty", "Tashkent", "Baku"]
            .map(String::from)
            .to_vec(),
        from_year: from,
        to_year: to,
        ..Default::default()
    }
    .for_view()
}

/// A prepared chart as text, with the data's name (a path or an address) left out.
fn chart_text(loaded: &Loaded, q: &ChartQuery, name: &str) -> String {
    let chart = citydash::chart::prepare(&loaded.dataset, q).expect("prepare");
    format!("{chart:?}").replace(name, "DATA")
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn every_view_over_a_table_equals_the_view_over_the_same_rows_in_a_file() {
    for year_type in ["integer", "date"] {
        let (table, path) = table_of_sample("views", year_type);
        let db = Origin::Database(address(&table, ""));
        let shown = DbSource::parse(&address(&table, "")).unwrap().address;
        let file = Origin::File(path.display().to_string());
        let views = [
            View::OverTime,
            View::Multiples,
            View::Compare,
            View::Table,
            View::Ranking,
            View::Map,
            View::Scatter,
            View::Scorecard,
        ];
        for view in views {
            for (from, to) in [(Some(2014), Some(2020)), (None, None)] {
                let q = query(view, from, to);
                let keep = Some(rows_needed(std::slice::from_ref(&q)));
                let a = open_origin(&db, keep.clone());
                let b = open_origin(&file, keep);
                let name = path.display().to_string();
                assert_eq!(
                    chart_text(&a, &q, &shown),
                    chart_text(&b, &q, &name),
                    "{view:?} {from:?}–{to:?}, year as {year_type}"
                );
            }
        }
    }
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn only_the_rows_a_chart_needs_leave_the_server() {
    let (table, path) = table_of_sample("pushdown", "integer");
    let db = Origin::Database(address(&table, ""));
    let q = query(View::OverTime, Some(2015), Some(2018));
    let keep = rows_needed(std::slice::from_ref(&q));
    let loaded = open_origin(&db, Some(keep.clone()));
    // The rows of 4 cities' PM2.5 over 4 years (some missing), not the table's 3,138.
    let expected = open_origin(&Origin::File(path.display().to_string()), Some(keep));
    let n = expected.dataset.len();
    assert!((10..=16).contains(&n), "{n}");
    let read = loaded
        .report
        .notes
        .iter()
        .find(|n| n.starts_with("read "))
        .expect("a note of the rows read");
    assert!(read.starts_with(&format!("read {n} rows")), "{read}");
    assert_eq!(loaded.dataset.len(), n);
    let whole = open_origin(&db, None);
    assert_eq!(whole.dataset.len(), 3138);
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn a_table_whose_name_holds_a_dot_is_read_by_its_quoted_name() {
    let (table, _) = table_of_sample("dotted", "integer");
    let dotted = format!("pm.{table}");
    let mut client = postgres::Client::connect(&server(), postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "DROP TABLE IF EXISTS \"{dotted}\"; ALTER TABLE {table} RENAME TO \"{dotted}\""
        ))
        .unwrap();
    let db = Origin::Database(format!("{}?table=%22{dotted}%22&cache_ttl=0", server()));
    assert_eq!(open_origin(&db, None).dataset.len(), 3138);
    let with_schema = Origin::Database(format!(
        "{}?table=public.%22{dotted}%22&cache_ttl=0",
        server()
    ));
    assert_eq!(open_origin(&with_schema, None).dataset.len(), 3138);
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn the_row_cap_cuts_the_result_and_says_so() {
    let (table, _) = table_of_sample("cap", "integer");
    let source = DbSource::parse(&address(&table, "&row_cap=100")).unwrap();
    let (loaded, notice) =
        citydash::data::db::load(&source, &LoadOptions::default()).expect("load");
    assert_eq!(loaded.dataset.len(), 100);
    let notice = notice.expect("a notice");
    assert!(notice.contains("more than 100 rows match"), "{notice}");
    assert!(loaded.report.notes.contains(&notice));
    // Every chart of the cut result says so on the figure, in each language.
    let query = ChartQuery {
        cities: vec!["Astana".into(), "Almaty".into()],
        ..Default::default()
    };
    let chart = citydash::chart::prepare(&loaded.dataset, &query).expect("chart");
    let notes: Vec<String> = chart
        .notes
        .iter()
        .map(|n| n.localize(citydash::i18n::Lang::En))
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("only the first 100 rows") && n.contains(&table)),
        "{notes:?}"
    );
    let ru: Vec<String> = chart
        .notes
        .iter()
        .map(|n| n.localize(citydash::i18n::Lang::Ru))
        .collect();
    assert!(ru.iter().any(|n| n.contains("Неполные данные")), "{ru:?}");
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn a_query_longer_than_the_statement_timeout_ends_with_a_clear_error() {
    let (table, _) = table_of_sample("slow", "integer");
    let view = format!("{table}_slow");
    let mut client = postgres::Client::connect(&server(), postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "CREATE OR REPLACE VIEW {view} AS SELECT t.* FROM {table} t, pg_sleep(3)"
        ))
        .unwrap();
    let source = DbSource::parse(&address(&view, "&statement_timeout=1")).unwrap();
    let started = std::time::Instant::now();
    let err = citydash::data::db::load(&source, &LoadOptions::default()).unwrap_err();
    assert!(matches!(err, DbError::Timeout { seconds: 1, .. }), "{err}");
    assert!(err.to_string().contains("statement timeout (1 s)"), "{err}");
    assert!(started.elapsed().as_secs_f64() < 2.5, "ended by the server");
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn a_running_query_is_cancelled_on_the_server_when_the_caller_stops() {
    let (table, _) = table_of_sample("cancel", "integer");
    let view = format!("{table}_slow");
    let mut client = postgres::Client::connect(&server(), postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "CREATE OR REPLACE VIEW {view} AS SELECT t.* FROM {table} t, pg_sleep(5)"
        ))
        .unwrap();
    let origin = Origin::Database(address(&view, ""));
    let started = std::time::Instant::now();
    // The window's load job says stop (its Cancel button) 300 ms in.
    let mut progress = |_| started.elapsed().as_millis() < 300;
    let err = open::open(
        &origin,
        &LoadOptions::default(),
        &FetchOptions::default(),
        &mut progress,
    )
    .unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err}");
    assert!(
        started.elapsed().as_secs_f64() < 2.0,
        "{:?}: not cut short",
        started.elapsed()
    );
    // Nothing of citydash's still runs on the server.
    let active: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'citydash' \
             AND state = 'active' AND query LIKE '%' || $1 || '%'",
            &[&view],
        )
        .unwrap()
        .get(0);
    assert_eq!(active, 0);
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn ctrl_c_on_the_command_line_cancels_the_query_on_the_server() {
    let (table, _) = table_of_sample("sigint", "integer");
    let view = format!("{table}_sigint");
    let mut client = postgres::Client::connect(&server(), postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "CREATE OR REPLACE VIEW {view} AS SELECT t.* FROM {table} t, pg_sleep(30)"
        ))
        .unwrap();
    let running = |client: &mut postgres::Client| -> i64 {
        client
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'citydash' \
                 AND state = 'active' AND query LIKE '%' || $1 || '%'",
                &[&view],
            )
            .unwrap()
            .get(0)
    };
    let started = std::time::Instant::now();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_citydash"))
        .args(["check", "--db", &address(&view, "")])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    while running(&mut client) == 0 {
        assert!(started.elapsed().as_secs() < 20, "the query never started");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let pressed = std::time::Instant::now();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("cancelled; the server stopped the query"),
        "{stderr}"
    );
    assert!(
        pressed.elapsed().as_secs_f64() < 3.0,
        "{:?} after Ctrl-C",
        pressed.elapsed()
    );
    assert_eq!(
        running(&mut client),
        0,
        "the statement still runs on the server"
    );
}

#[test]
#[ignore = "needs a PostgreSQL server asking citydash_pw for a password: run by .ci/run"]
fn passwords_come_from_the_password_file_and_a_missing_one_is_asked_for_clearly() {
    let (table, _) = table_of_sample("pw", "integer");
    let mut admin = postgres::Client::connect(&server(), postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'citydash_pw') \
             THEN CREATE ROLE citydash_pw LOGIN; END IF; END $$; \
             ALTER ROLE citydash_pw PASSWORD 's3cr:et'; GRANT SELECT ON {table} TO citydash_pw"
        ))
        .unwrap();
    // The same server as the role .ci/run's pg_hba.conf asks a password of.
    let (scheme, rest) = server()
        .split_once("://")
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .unwrap();
    let host = rest
        .split_once('@')
        .map_or(rest.as_str(), |(_, h)| h)
        .to_string();
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, text: &str, mode: u32| {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        path.display().to_string()
    };
    let load = |passfile: &str| {
        let address =
            format!("{scheme}://citydash_pw@{host}?table={table}&cache_ttl=0&passfile={passfile}");
        citydash::data::db::load(&DbSource::parse(&address).unwrap(), &LoadOptions::default())
    };
    // No password anywhere: the error says where one goes.
    let err = load(&file("empty", "", 0o600)).unwrap_err();
    assert!(matches!(err, DbError::PasswordNeeded { .. }), "{err}");
    assert!(err.to_string().contains("~/.pgpass or PGPASSFILE"), "{err}");
    // The password file's line for this server and user (an escaped colon in the password).
    let line = "127.0.0.1:*:*:citydash_pw:s3cr\\:et\n";
    let (loaded, _) = load(&file("pgpass", line, 0o600)).expect("load with the password file");
    assert_eq!(loaded.dataset.len(), 3138);
    // A file others may read is not used, as libpq does.
    let err = load(&file("open", line, 0o644)).unwrap_err();
    assert!(matches!(err, DbError::PasswordNeeded { .. }), "{err}");
    assert!(err.to_string().contains("others may read it"), "{err}");
    let gone = dir.path().join("gone").display().to_string();
    let err = load(&gone).unwrap_err();
    assert!(err.to_string().contains("gone does not exist"), "{err}");
    // A wrong password is refused, said as such.
    let err = load(&file("wrong", "*:*:*:citydash_pw:nope\n", 0o600)).unwrap_err();
    assert!(matches!(err, DbError::PasswordRefused { .. }), "{err}");
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn materialized_views_open_and_missing_tables_are_named_as_given() {
    let (table, _) = table_of_sample("matview", "integer");
    let view = format!("{table}_mv");
    let mut client = postgres::Client::connect(&server(), postgres::NoTls).unwrap();
    client
        .batch_execute(&format!(
            "CREATE MATERIALIZED VIEW {view} AS SELECT * FROM {table} WHERE indicator = 'pm25'"
        ))
        .unwrap();
    let source = DbSource::parse(&address(&view, "")).unwrap();
    let (loaded, _) = citydash::data::db::load(&source, &LoadOptions::default()).expect("load");
    assert!(loaded.dataset.len() > 100);
    let missing = DbSource::parse(&address("nosuch.t", "")).unwrap();
    let err = citydash::data::db::load(&missing, &LoadOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("no table or view named nosuch.t"),
        "{err}"
    );
    for bad in ["&row_cap=0", "&statement_timeout=99999999"] {
        let err = DbSource::parse(&address(&table, bad)).unwrap_err();
        assert!(err.to_string().contains(&bad[1..]), "{err}");
    }
    let empty = DbSource::parse(&format!("{}?table=", server())).unwrap_err();
    assert!(matches!(empty, DbError::NoTable { .. }), "{empty}");
}

/// Whether a connection to `address` is encrypted, as the server sees it.
fn encrypted(address: &str) -> bool {
    let mut client = DbSource::parse(address)
        .unwrap()
        .connect()
        .expect("connect");
    client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0)
}

#[test]
#[ignore = "needs a PostgreSQL server with TLS: run by .ci/run"]
fn connections_are_encrypted_as_sslmode_says_and_certificates_are_checked() {
    // The server's TLS files (.ci/pg_tls_certs): a CA, and the server's certificate it signed
    // for 127.0.0.1 only.
    let dir = std::env::var("CITYDASH_TEST_PG_TLS")
        .expect("CITYDASH_TEST_PG_TLS names no folder: start the server as .ci/run does");
    let (ca, cert) = (format!("{dir}/ca.crt"), format!("{dir}/server.crt"));
    let (table, _) = table_of_sample("tls", "integer");
    let with = |extra: &str| address(&table, extra);
    // By "localhost": a name the certificate does not hold.
    let by_name = |extra: &str| with(extra).replacen("127.0.0.1", "localhost", 1);
    assert!(encrypted(&with("&sslmode=require")));
    assert!(
        encrypted(&with("")),
        "prefer: TLS when the server offers it"
    );
    assert!(!encrypted(&with("&sslmode=disable")));
    for root in [&ca, &cert] {
        // The CA's chain, or the server's own certificate given as trusted (pinned, as
        // libpq accepts a self-signed one).
        let full = format!("&sslmode=verify-full&sslrootcert={root}");
        assert!(encrypted(&with(&full)), "{root}");
        let ca_only = format!("&sslmode=verify-ca&sslrootcert={root}");
        assert!(
            encrypted(&by_name(&ca_only)),
            "{root}: the name is not checked"
        );
        let Err(err) = DbSource::parse(&by_name(&full)).unwrap().connect() else {
            panic!("{root}: verify-full took a certificate for another name");
        };
        assert!(err.to_string().contains("not valid for name"), "{err}");
        assert!(err.to_string().contains("sslmode=verify-ca"), "{err}");
    }
    // A certificate no trusted root vouches for is refused, saying what to do.
    let Err(err) = DbSource::parse(&with("&sslmode=verify-full"))
        .unwrap()
        .connect()
    else {
        panic!("verify-full took the server's certificate without its CA");
    };
    assert!(matches!(err, DbError::Connect { .. }), "{err}");
    assert!(err.to_string().contains("sslrootcert=PATH"), "{err}");
    // A whole load over a checked connection.
    let source = DbSource::parse(&with(&format!("&sslmode=verify-full&sslrootcert={ca}"))).unwrap();
    let (loaded, _) = citydash::data::db::load(&source, &LoadOptions::default()).expect("load");
    assert_eq!(loaded.dataset.len(), 3138);
    let bad = DbSource::parse(&with("&sslmode=sometimes")).unwrap_err();
    assert!(bad.to_string().contains("sslmode=sometimes"), "{bad}");
}

#[test]
#[ignore = "needs a PostgreSQL server: run by .ci/run"]
fn the_session_is_read_only_and_errors_name_the_address_without_a_password() {
    let (table, _) = table_of_sample("readonly", "integer");
    let source = DbSource::parse(&address(&table, "")).unwrap();
    let mut client = source.connect().unwrap();
    let write = client.batch_execute(&format!("DELETE FROM {table}"));
    assert!(write.is_err(), "a read-only session refuses writes");
    let missing = DbSource::parse(&address("no_such_table", "")).unwrap();
    let err = citydash::data::db::load(&missing, &LoadOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("no table or view named no_such_table"),
        "{err}"
    );
    let with_password = server().replacen("://", "://someone:secret@", 1);
    let parsed = DbSource::parse(&format!("{with_password}?table=x"));
    let shown = parsed.map(|s| s.address).unwrap_or_else(|e| e.to_string());
    assert!(!shown.contains("secret"), "{shown}");
}

#[test]
fn addresses_are_read_without_a_server() {
    // A saved chart spec records an address without its password.
    use citydash::data::db::without_password;
    let plain = "postgresql://ana@h:5432/db?table=t";
    assert_eq!(
        without_password("postgresql://ana:s3cret@h:5432/db?table=t"),
        plain
    );
    assert_eq!(without_password(plain), plain);
    // … nor as a parameter; an `@` in a parameter is not the user's.
    let given = "postgresql://ana@h:5432/db?table=t&password=s3cret&row_cap=5";
    assert_eq!(
        without_password(given),
        "postgresql://ana@h:5432/db?table=t&row_cap=5"
    );
    let shown = DbSource::parse(given).unwrap().address;
    assert!(
        !shown.contains("s3cret") && shown.contains("password=***"),
        "{shown}"
    );
    let at = "postgresql://ana:pw@h/db?table=a@b";
    assert_eq!(without_password(at), "postgresql://ana@h/db?table=a@b");
    let s =
        DbSource::parse("postgresql://ana@db.example:6432/stats?table=air.measurements").unwrap();
    assert_eq!(
        (s.schema.as_deref(), s.table.as_str()),
        (Some("air"), "measurements")
    );
    assert_eq!(s.row_cap, citydash::data::db::DEFAULT_ROW_CAP);
    // A name with a dot is given in double quotes, as SQL writes it.
    let named = |table: &str| {
        DbSource::parse(&format!("postgresql://h/db?table={table}"))
            .map(|s| (s.schema, s.table))
            .map_err(|e| e.to_string())
    };
    assert_eq!(named("%22pm.2024%22"), Ok((None, "pm.2024".into())));
    assert_eq!(
        named("air.%22pm%202.5%22"),
        Ok((Some("air".into()), "pm 2.5".into()))
    );
    assert_eq!(
        named("%22My%20%22%22air%22%22%22.t"),
        Ok((Some("My \"air\"".into()), "t".into()))
    );
    for (bad, why) in [
        ("a.b.c", "SCHEMA.TABLE"),
        ("%22open", "not closed"),
        ("%22x%22y", "a dot after a quoted name"),
        ("pm.2024%22", "a double quote may only open a name"),
        ("air.", "SCHEMA.TABLE"),
    ] {
        let e = named(bad).unwrap_err();
        assert!(e.contains(why), "{bad}: {e}");
    }
    let e = DbSource::parse("postgresql://ana@db.example/stats").unwrap_err();
    assert!(e.to_string().contains("add ?table=NAME"), "{e}");
    let e = DbSource::parse("postgresql://ana@db.example/stats?table=t&row_cap=lots").unwrap_err();
    assert!(e.to_string().contains("row_cap=lots"), "{e}");
    let s = DbSource::parse("postgres://ana:pw@h/db?table=t&statement_timeout=5").unwrap();
    assert_eq!((s.timeout_s, s.address.contains("pw")), (5, false));
    assert!(matches!(
        Origin::from_text("postgresql://h/db?table=t"),
        Origin::Database(_)
    ));
    // Nothing listens on port 1: the error names the address and the cause.
    let closed = DbSource::parse("postgresql://ana@127.0.0.1:1/db?table=t").unwrap();
    let e = citydash::data::db::load(&closed, &LoadOptions::default()).unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, DbError::Connect { .. }), "{text}");
    assert!(text.starts_with("postgresql://ana@127.0.0.1:1/db?table=t: could not connect"));
    assert!(text.to_lowercase().contains("refused"), "{text}");
    let tls = DbSource::parse("postgresql://ana@127.0.0.1:1/db?table=t&sslmode=require").unwrap();
    let e = citydash::data::db::load(&tls, &LoadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("sslmode=require"), "{e}");
}
