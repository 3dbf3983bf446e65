//! Remote datasets against a server on 127.0.0.1: formats by content type, URL and bytes;
//! HTTP errors; stalls, size limits, redirect loops and cancellation leaving nothing behind;
//! cache revalidation and offline opens; the World Bank API's paging and error format.

use super::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use citydash::data::LoadOptions;
use citydash::data::remote::worldbank::{self, Request};
use citydash::data::remote::{Cache, FetchError, FetchOptions, FromCache, fetch, load_url};
use common::{Reply, start};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

fn options(cache: &Path) -> FetchOptions {
    FetchOptions {
        stall_timeout: Duration::from_secs(1),
        cache: Some(Cache::new(cache)),
        ..Default::default()
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

const CSV: &str = "city,year,indicator,value\nAstana,2019,pm25,35.7\nNur-Sultan,2020,pm25,33.1\nBaku,2020,pm10,41\n";

fn places(l: &citydash::data::Loaded) -> Vec<String> {
    l.dataset.distinct("place")
}

#[test]
fn csv_xlsx_and_json_bodies_load_by_content_type_extension_or_bytes() {
    let xlsx = fixture("waste.xlsx");
    let json = fixture("records.json");
    let server = start(move |r| match r.path.as_str() {
        "/data" => Reply::ok(Some("text/csv; charset=utf-8"), CSV),
        "/book" => Reply::ok(
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            xlsx.clone(),
        ),
        "/records" => Reply::ok(Some("application/json"), json.clone()),
        // No content type: the extension decides, then the bytes.
        "/plain.csv" => Reply::ok(None, CSV),
        "/mystery" => Reply::ok(Some("application/octet-stream"), xlsx.clone()),
        _ => Reply::status(404),
    });
    let dir = tempfile::tempdir().unwrap();
    let o = options(dir.path());
    let load = |path: &str| {
        load_url(&server.url(path), &o, &LoadOptions::default(), &mut |_| {
            true
        })
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .0
    };
    let csv = load("/data");
    assert_eq!(places(&csv), vec!["Astana", "Baku"], "Nur-Sultan is Astana");
    assert_eq!(csv.dataset.len(), 3);
    assert_eq!(csv.report.path, server.url("/data"));
    let book = load("/book");
    assert_eq!(book.report.format, citydash::data::sniff::FileFormat::Excel);
    assert!(!book.dataset.is_empty());
    let records = load("/records");
    assert_eq!(
        records.report.format,
        citydash::data::sniff::FileFormat::Json
    );
    assert!(!records.dataset.is_empty());
    assert_eq!(load("/plain.csv").dataset.len(), 3);
    assert_eq!(
        load("/mystery").report.format,
        citydash::data::sniff::FileFormat::Excel,
        "PK bytes mean a workbook"
    );
}

#[test]
fn http_errors_name_the_status_and_other_schemes_are_refused() {
    let server = start(|r| match r.path.as_str() {
        "/missing" => Reply::status(404),
        _ => Reply::status(500),
    });
    let dir = tempfile::tempdir().unwrap();
    let o = options(dir.path());
    let e = fetch(&server.url("/missing"), &o, &mut |_| true).unwrap_err();
    assert!(matches!(e, FetchError::Status { .. }));
    assert!(e.to_string().contains("404"), "{e}");
    let e = fetch(&server.url("/boom"), &o, &mut |_| true).unwrap_err();
    assert!(e.to_string().contains("500"), "{e}");
    let e = fetch("ftp://example.org/data.csv", &o, &mut |_| true).unwrap_err();
    assert!(matches!(e, FetchError::Scheme { .. }), "{e}");
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn a_stalled_download_times_out_and_leaves_nothing_behind() {
    let server = start(|_| {
        let mut r = Reply::ok(Some("text/csv"), CSV.repeat(100));
        r.stall_after = Some(100);
        r.stall = Duration::from_secs(10);
        r
    });
    let dir = tempfile::tempdir().unwrap();
    let e = fetch(&server.url("/slow.csv"), &options(dir.path()), &mut |_| {
        true
    })
    .unwrap_err();
    // Stalled, not a broken body: the stall timeout fired before the server's 10 s pause
    // ended.
    assert!(matches!(e, FetchError::Stalled { .. }), "{e}");
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
}

#[test]
fn bodies_over_the_limit_stop_while_streaming() {
    let big = "x".repeat(200_000);
    let body = big.clone();
    let server = start(move |r| {
        let mut reply = Reply::ok(Some("text/csv"), body.clone());
        // Without a Content-Length the limit can only be checked while streaming.
        reply.no_length = r.path == "/unsized";
        reply
    });
    let dir = tempfile::tempdir().unwrap();
    let o = FetchOptions {
        max_bytes: 100_000,
        ..options(dir.path())
    };
    let e = fetch(&server.url("/unsized"), &o, &mut |_| true).unwrap_err();
    match e {
        FetchError::TooLarge {
            limit, received, ..
        } => {
            assert_eq!(limit, 100_000);
            assert!(received > 100_000 && received < 200_000, "{received}");
        }
        other => panic!("{other}"),
    }
    // With a Content-Length above the limit nothing is read at all.
    let e = fetch(&server.url("/sized"), &o, &mut |_| true).unwrap_err();
    assert!(matches!(e, FetchError::TooLarge { received: 0, .. }), "{e}");
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn a_redirect_loop_is_stopped() {
    let server = start(|r| match r.path.as_str() {
        "/a" => Reply::redirect("/b"),
        "/b" => Reply::redirect("/a"),
        "/moved" => Reply::redirect("/final.csv"),
        _ => Reply::ok(Some("text/csv"), CSV),
    });
    let dir = tempfile::tempdir().unwrap();
    let o = options(dir.path());
    let e = fetch(&server.url("/a"), &o, &mut |_| true).unwrap_err();
    assert!(
        matches!(e, FetchError::TooManyRedirects { max: 10, .. }),
        "{e}"
    );
    // One redirect is followed.
    let ok = fetch(&server.url("/moved"), &o, &mut |_| true).unwrap();
    assert_eq!(ok.bytes, CSV.as_bytes());
}

#[test]
fn a_cancelled_download_stops_and_leaves_nothing_behind() {
    let body = CSV.repeat(2000);
    let server = start(move |_| {
        let mut r = Reply::ok(Some("text/csv"), body.clone());
        r.trickle = Some((4096, Duration::from_millis(20)));
        r
    });
    let dir = tempfile::tempdir().unwrap();
    let mut calls = 0;
    let e = fetch(&server.url("/big.csv"), &options(dir.path()), &mut |p| {
        calls += 1;
        p.received < 8000
    })
    .unwrap_err();
    assert!(matches!(e, FetchError::Cancelled { .. }), "{e}");
    assert!(calls >= 2);
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn the_cache_revalidates_with_etags_and_opens_offline_with_its_age() {
    let dir = tempfile::tempdir().unwrap();
    let o = options(dir.path());
    let server = start(|r| {
        if r.header("If-None-Match") == Some("\"v1\"") {
            Reply::status(304)
        } else {
            Reply::ok(Some("text/csv"), CSV).with_header("ETag", "\"v1\"")
        }
    });
    let url = server.url("/cached.csv");
    let first = fetch(&url, &o, &mut |_| true).unwrap();
    assert_eq!(first.from_cache, None);
    assert_eq!(files_in(dir.path()).len(), 2, "body and metadata");
    let second = fetch(&url, &o, &mut |_| true).unwrap();
    assert_eq!(second.from_cache, Some(FromCache::Revalidated));
    assert_eq!(second.bytes, CSV.as_bytes());
    assert_eq!(
        server.seen()[1].header("If-None-Match"),
        Some("\"v1\""),
        "the second request revalidates"
    );
    // The server goes away: the cached copy opens, saying how old it is.
    drop(server);
    std::thread::sleep(Duration::from_millis(50));
    let (loaded, notice) = load_url(&url, &o, &LoadOptions::default(), &mut |_| true).unwrap();
    assert_eq!(loaded.dataset.len(), 3);
    let notice = notice.expect("an offline notice");
    assert!(
        notice.contains("offline") && notice.contains("ago"),
        "{notice}"
    );
    assert!(loaded.report.notes.iter().any(|n| n == &notice));
    // --no-cache: no cache, so offline is an error.
    let no_cache = FetchOptions {
        cache: None,
        ..o.clone()
    };
    let e = fetch(&url, &no_cache, &mut |_| true).unwrap_err();
    assert!(matches!(e, FetchError::Connect { .. }), "{e}");
    assert_eq!(Cache::new(dir.path()).clear().unwrap(), 2);
}

fn wb_page(page: u32, pages: u32, rows: &[(&str, &str, &str, Option<f64>)]) -> String {
    let data: Vec<serde_json::Value> = rows
        .iter()
        .map(|(code, iso, year, value)| {
            serde_json::json!({
                "indicator": {"id": code, "value": format!("{code} name")},
                "country": {"id": &iso[..2], "value": iso},
                "countryiso3code": iso,
                "date": year,
                "value": value,
                "unit": "",
                "obs_status": "",
                "decimal": 1
            })
        })
        .collect();
    serde_json::json!([
        {"page": page, "pages": pages, "per_page": 2, "total": pages * 2,
         "sourceid": "2", "lastupdated": "2025-01-28"},
        data
    ])
    .to_string()
}

fn world_bank_server() -> common::Server {
    start(|r| {
        let page = r
            .path
            .split("&page=")
            .nth(1)
            .and_then(|p| p.split('&').next())
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1);
        let body = if r.path.contains("/indicator/EN.ATM.PM25.MC.M3") {
            match page {
                1 => wb_page(
                    1,
                    3,
                    &[
                        ("EN.ATM.PM25.MC.M3", "KAZ", "2019", Some(13.9)),
                        ("EN.ATM.PM25.MC.M3", "KAZ", "2018", None),
                    ],
                ),
                2 => wb_page(
                    2,
                    3,
                    &[
                        ("EN.ATM.PM25.MC.M3", "UZB", "2019", Some(31.2)),
                        ("EN.ATM.PM25.MC.M3", "UZB", "2018", Some(33.0)),
                    ],
                ),
                _ => wb_page(3, 3, &[("EN.ATM.PM25.MC.M3", "TUR", "2019", Some(21.4))]),
            }
        } else if r.path.contains("/indicator/EMPTY.CODE") {
            r#"[{"page":1,"pages":0,"per_page":1000,"total":0,"sourceid":null},null]"#.to_string()
        } else {
            r#"[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]"#.to_string()
        };
        Reply::ok(Some("application/json;charset=utf-8"), body)
    })
}

#[test]
fn world_bank_follows_every_page_and_maps_codes_to_the_catalog() {
    let server = world_bank_server();
    let req = Request {
        indicators: vec!["EN.ATM.PM25.MC.M3".into()],
        countries: vec!["KAZ".into(), "UZB".into(), "TUR".into()],
        from: Some(2010),
        to: Some(2020),
    };
    let mut pages = Vec::new();
    let loaded = worldbank::fetch_indicators(
        &req,
        &server.url("/v2"),
        &FetchOptions::default(),
        &mut |done, total| {
            pages.push((done, total));
            true
        },
    )
    .unwrap();
    assert_eq!(pages, vec![(1, 3), (2, 3), (3, 3)]);
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert!(
        seen[0]
            .path
            .starts_with("/v2/country/KAZ;UZB;TUR/indicator/EN.ATM.PM25.MC.M3?format=json")
            && seen[0].path.contains("date=2010:2020")
            && seen[2].path.contains("page=3"),
        "{seen:?}"
    );
    assert_eq!(
        loaded.dataset.len(),
        4,
        "the null value is a year without data"
    );
    assert_eq!(loaded.dataset.distinct("indicator"), vec!["pm25"]);
    assert_eq!(
        loaded.dataset.distinct("place"),
        vec!["Kazakhstan", "Turkey", "Uzbekistan"]
    );
    let sources = loaded.dataset.distinct("source");
    assert!(
        sources[0].starts_with("World Bank WDI, CC BY 4.0"),
        "{sources:?}"
    );
}

#[test]
fn world_bank_empty_results_and_api_errors_are_clear() {
    let server = world_bank_server();
    let ask = |code: &str| Request {
        indicators: vec![code.into()],
        countries: vec!["KAZ".into()],
        from: None,
        to: None,
    };
    let e = worldbank::fetch_indicators(
        &ask("EMPTY.CODE"),
        &server.url("/v2"),
        &FetchOptions::default(),
        &mut |_, _| true,
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("no data for EMPTY.CODE in KAZ"),
        "{e}"
    );
    let e = worldbank::fetch_indicators(
        &ask("NOT.A.CODE"),
        &server.url("/v2"),
        &FetchOptions::default(),
        &mut |_, _| true,
    )
    .unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains("The provided parameter value is not valid") && text.contains("120"),
        "{text}"
    );
}

#[test]
fn the_command_line_opens_urls_and_fetches_world_bank_data() {
    let server = world_bank_server();
    let data = start(|_| Reply::ok(Some("text/csv"), CSV));
    let cache = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_citydash"))
            .args(args)
            .env("CITYDASH_CACHE_DIR", cache.path())
            .env("CITYDASH_WORLDBANK_URL", server.url("/v2"))
            .output()
            .unwrap()
    };
    let o = run(&["check", &data.url("/aq.csv")]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("observations: 3"));
    let o = run(&[
        "tidy",
        &data.url("/aq.csv"),
        "--indicator",
        "pm25",
        "--no-cache",
    ]);
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 3);
    let o = run(&[
        "fetch",
        "worldbank",
        "--indicator",
        "EN.ATM.PM25.MC.M3",
        "--country",
        "KAZ",
        "--country",
        "UZB",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.starts_with("place,country,indicator,time,value,unit,source"),
        "{out}"
    );
    assert!(
        out.contains("Kazakhstan,Kazakhstan,pm25,2019,13.9,µg/m³,\"World Bank WDI, CC BY 4.0"),
        "{out}"
    );
    let o = run(&["check", "ftp://example.org/x.csv"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("only http:// and https://"));
}
