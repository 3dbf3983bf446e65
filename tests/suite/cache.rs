//! The dataset cache: the second open of an unchanged file reads the cache (same dataset, same
//! report), a changed file or other load options miss it, a damaged entry is parsed again
//! (never an error), the least recently used entries go first, and `clear-cache` empties it;
//! through the library and through `citydash check` as a user runs it.

use std::path::{Path, PathBuf};

use citydash::data::dataset_cache::DatasetCache;
use citydash::data::{Dataset, LoadOptions, load_path};

use super::export::stderr;

const CSV: &str = "city;year;indicator;value\nАлматы;2019;pm25;30,5\nАстана;2019;pm25;20\n\
                   Almaty;2019;recycling_rate;12\nNowhere;20x9;pm25;1\nSpringfield;2019;pm25;7\n";

/// The frame as sorted text rows, for comparing datasets.
fn rows(ds: &Dataset) -> Vec<String> {
    let f = &ds.frame;
    let mut out: Vec<String> = (0..f.height())
        .map(|i| {
            f.columns()
                .iter()
                .map(|c| c.get(i).map(|v| v.to_string()).unwrap_or_default())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    out.sort();
    out
}

fn cached_load(cache: &DatasetCache, path: &Path, options: &LoadOptions) -> (bool, Dataset) {
    let key = DatasetCache::key(path, options).unwrap();
    if let Some(hit) = cache.get(&key) {
        return (true, hit.dataset);
    }
    let loaded = load_path(path, options).unwrap();
    cache.put(&key, &loaded).unwrap();
    (false, loaded.dataset)
}

#[test]
fn an_unchanged_file_is_read_from_the_cache_and_a_changed_one_is_parsed() {
    let dir = tempfile::tempdir().unwrap();
    let cache = DatasetCache::new(dir.path().join("cache"), 1 << 30);
    let file = dir.path().join("data.csv");
    std::fs::write(&file, CSV).unwrap();
    let options = LoadOptions::default();
    let (hit, parsed) = cached_load(&cache, &file, &options);
    assert!(!hit);
    let (hit, cached) = cached_load(&cache, &file, &options);
    assert!(hit, "the second open reads the cache");
    assert_eq!(rows(&cached), rows(&parsed));
    assert_eq!(cached.resolution, parsed.resolution);
    // A place outside the gazetteer has no country: a null, kept as a null.
    let country = cached.frame.column("country").unwrap();
    assert_eq!(country.null_count(), 1, "{country:?}");
    // The report comes back too: the skipped row with its reason.
    let key = DatasetCache::key(&file, &options).unwrap();
    let report = cache.get(&key).unwrap().report;
    assert_eq!(report.skipped_total, 1);
    assert!(report.decimal_comma);
    // Other options are another entry.
    let other = LoadOptions::default().with_default_year(2020);
    assert_ne!(DatasetCache::key(&file, &other).unwrap(), key);
    // A changed file (same size, new content) misses.
    std::fs::write(&file, CSV.replace("30,5", "31,5")).unwrap();
    let (hit, changed) = cached_load(&cache, &file, &options);
    assert!(!hit, "a changed file is parsed again");
    assert!(rows(&changed).iter().any(|r| r.contains("31.5")));
}

/// `CSV` as `data.csv` in `dir`, loaded once through a cache in `dir/cache`: the cache, its
/// folder, the file and its entry's key.
fn stored_entry(dir: &Path) -> (DatasetCache, PathBuf, PathBuf, String) {
    let cache_dir = dir.join("cache");
    let cache = DatasetCache::new(&cache_dir, 1 << 30);
    let file = dir.join("data.csv");
    std::fs::write(&file, CSV).unwrap();
    let options = LoadOptions::default();
    cached_load(&cache, &file, &options);
    let key = DatasetCache::key(&file, &options).unwrap();
    (cache, cache_dir, file, key)
}

#[test]
fn a_damaged_entry_is_parsed_again_and_old_entries_are_evicted() {
    let dir = tempfile::tempdir().unwrap();
    let (cache, cache_dir, file, key) = stored_entry(dir.path());
    let options = LoadOptions::default();
    std::fs::write(cache_dir.join(format!("{key}.arrow")), b"not arrow").unwrap();
    assert!(cache.get(&key).is_none(), "a damaged entry is no entry");
    assert!(
        !cache_dir.join(format!("{key}.json")).exists(),
        "and it is removed"
    );
    let (hit, _) = cached_load(&cache, &file, &options);
    assert!(!hit);
    // An Arrow file cut short, or labels that do not cover the codes: no entry either.
    let arrow = cache_dir.join(format!("{key}.arrow"));
    let whole = std::fs::read(&arrow).unwrap();
    std::fs::write(&arrow, &whole[..whole.len() / 2]).unwrap();
    assert!(cache.get(&key).is_none(), "a truncated entry is no entry");
    let (hit, _) = cached_load(&cache, &file, &options);
    assert!(!hit);
    let json = cache_dir.join(format!("{key}.json"));
    let mut meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    meta["labels"].as_array_mut().unwrap().truncate(2);
    std::fs::write(&json, serde_json::to_vec(&meta).unwrap()).unwrap();
    assert!(
        cache.get(&key).is_none(),
        "codes without labels are no entry"
    );
    assert!(!arrow.exists() && !json.exists());
    let (hit, _) = cached_load(&cache, &file, &options);
    assert!(!hit);
    // Over its limit, the cache drops the least recently used entries, not the oldest.
    let roomy = DatasetCache::new(&cache_dir, 10 << 20);
    let second = dir.path().join("second.csv");
    std::fs::write(&second, CSV.replace("Алматы", "Бишкек")).unwrap();
    let third = dir.path().join("third.csv");
    std::fs::write(&third, CSV.replace("Астана", "Ташкент")).unwrap();
    let key2 = DatasetCache::key(&second, &options).unwrap();
    let key3 = DatasetCache::key(&third, &options).unwrap();
    let pause = || std::thread::sleep(std::time::Duration::from_millis(20));
    pause();
    roomy
        .put(&key2, &load_path(&second, &options).unwrap())
        .unwrap();
    pause();
    assert!(
        roomy.get(&key).is_some(),
        "used: now more recent than the second"
    );
    pause();
    let size = |k: &str| -> u64 {
        ["json", "arrow"]
            .iter()
            .map(|x| {
                std::fs::metadata(cache_dir.join(format!("{k}.{x}")))
                    .unwrap()
                    .len()
            })
            .sum()
    };
    let lru = DatasetCache::new(&cache_dir, 2 * size(&key).max(size(&key2)) + 64);
    lru.put(&key3, &load_path(&third, &options).unwrap())
        .unwrap();
    assert!(lru.get(&key2).is_none(), "the least recently used went");
    assert!(lru.get(&key).is_some() && lru.get(&key3).is_some());
    assert_eq!(lru.clear().unwrap(), 2);
    assert_eq!(std::fs::read_dir(&cache_dir).unwrap().count(), 0);
}

#[test]
fn no_damaged_byte_of_an_entry_makes_a_read_panic() {
    // Each byte of an entry's Arrow file changed in turn: the read gives a dataset or no
    // entry, never a panic (before its checks, 22 such files made polars panic).
    let dir = tempfile::tempdir().unwrap();
    let (cache, cache_dir, _, key) = stored_entry(dir.path());
    let (arrow, json) = (
        cache_dir.join(format!("{key}.arrow")),
        cache_dir.join(format!("{key}.json")),
    );
    let (data, meta) = (
        std::fs::read(&arrow).unwrap(),
        std::fs::read(&json).unwrap(),
    );
    let mut damaged = 0;
    for i in 0..data.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut bytes = data.clone();
            bytes[i] ^= flip;
            std::fs::write(&arrow, &bytes).unwrap();
            std::fs::write(&json, &meta).unwrap();
            let got = std::panic::catch_unwind(|| cache.get(&key).is_some());
            let Ok(found) = got else {
                panic!("byte {i} ^ {flip:#x}: the read panicked");
            };
            damaged += usize::from(!found);
        }
    }
    assert!(damaged > 0, "some damage is found");
}

#[test]
fn check_reads_the_cache_on_the_second_run_and_clear_cache_empties_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.csv");
    std::fs::write(&file, CSV).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_citydash"))
            .args(args)
            .env("CITYDASH_CACHE_DIR", dir.path().join("cache"))
            .env_remove("CITYDASH_NO_CACHE")
            .output()
            .unwrap()
    };
    let path = file.display().to_string();
    let first = run(&["check", &path]);
    assert!(first.status.success(), "{}", stderr(&first));
    let first_out = String::from_utf8_lossy(&first.stdout).into_owned();
    assert!(!first_out.contains("dataset cache"), "{first_out}");
    let second = run(&["check", &path]);
    let second_out = String::from_utf8_lossy(&second.stdout).into_owned();
    assert!(
        second_out.contains("read from citydash's dataset cache"),
        "{second_out}"
    );
    // The same report otherwise.
    let without = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with("cache:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without(&second_out), without(&first_out));
    // Another process reading the entry (its labels get the ids the codes hold) writes the
    // same tidy rows as a parse.
    let tidy = std::process::Command::new(env!("CARGO_BIN_EXE_citydash"))
        .args(["tidy", &path])
        .env("CITYDASH_CACHE_DIR", dir.path().join("cache"))
        .env("CITYDASH_TIMINGS", "1")
        .env_remove("CITYDASH_NO_CACHE")
        .output()
        .unwrap();
    assert!(
        stderr(&tidy).contains("cache: map the Arrow file"),
        "{}",
        stderr(&tidy)
    );
    let parsed = std::process::Command::new(env!("CARGO_BIN_EXE_citydash"))
        .args(["tidy", &path])
        .env("CITYDASH_NO_CACHE", "1")
        .output()
        .unwrap();
    assert!(!tidy.stdout.is_empty());
    assert_eq!(tidy.stdout, parsed.stdout);
    let cleared = run(&["clear-cache"]);
    assert!(
        stderr(&cleared).contains("removed 1 cached dataset"),
        "{}",
        stderr(&cleared)
    );
    let third = run(&["check", &path]);
    assert!(!String::from_utf8_lossy(&third.stdout).contains("dataset cache"));
}

/// The frame with its label columns as text, for comparing datasets loaded apart.
fn as_text(ds: &Dataset) -> polars::prelude::DataFrame {
    use polars::prelude::*;
    let columns = ds
        .frame
        .columns()
        .iter()
        .map(|c| match c.dtype() {
            DataType::Categorical(..) => c.cast(&DataType::String).unwrap(),
            _ => c.clone(),
        })
        .collect();
    DataFrame::new_infer_height(columns).unwrap()
}

#[test]
fn a_large_entry_is_stored_in_batches_and_read_back_whole() {
    // More rows than one record batch (262,144), with stations and a null country.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hourly.csv");
    let mut csv = String::from("city,station,indicator,time,value\n");
    let cities = ["Almaty", "Astana", "Springfield"];
    for i in 0..300_000u32 {
        // One reading per station and hour; a station per city pair of columns.
        csv.push_str(&format!(
            "{},S{},pm25,{},{}\n",
            cities[(i % 3) as usize],
            i % 6,
            hour_text(i / 6),
            f64::from(i % 997) / 10.0
        ));
    }
    std::fs::write(&file, csv).unwrap();
    let cache = DatasetCache::new(dir.path().join("cache"), 1 << 30);
    let options = LoadOptions::default();
    let (hit, parsed) = cached_load(&cache, &file, &options);
    assert!(!hit);
    let (hit, cached) = cached_load(&cache, &file, &options);
    assert!(hit);
    assert_eq!(cached.frame.height(), 300_000);
    assert!(as_text(&cached).equals_missing(&as_text(&parsed)));
}

/// 2021-01-01 plus `hours`, as ISO text (every year taken as 365 days: the dates stay
/// distinct and valid, 29 February never comes).
fn hour_text(hours: u32) -> String {
    let months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut year, mut rest) = (2021, hours / 24);
    while rest >= 365 {
        year += 1;
        rest -= 365;
    }
    let mut month = 0;
    while rest >= months[month] {
        rest -= months[month];
        month += 1;
    }
    format!(
        "{year}-{:02}-{:02}T{:02}:00:00+00:00",
        month + 1,
        rest + 1,
        hours % 24
    )
}
