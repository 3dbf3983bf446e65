//! Load speed: citydash's full load (detection, normalisation, aliases, conflicts) against
//! plain polars `CsvReader` on the same 1,000,000-row tidy CSV of daily observations.
//!
//! The file is `$CITYDASH_BENCH_FILE` when set (e.g. made by `../shared/bench/gen_tidy.py
//! 1000000 tidy_1m.csv`), else one of the same layout generated into `target/`.
//! Run: `cargo bench --bench load`.

use std::io::Write;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use polars::prelude::*;

const ROWS: usize = 1_000_000;

fn bench_file() -> PathBuf {
    if let Ok(p) = std::env::var("CITYDASH_BENCH_FILE") {
        return PathBuf::from(p);
    }
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench_tidy_1m.csv");
    if !path.exists() {
        generate(&path);
    }
    path
}

/// Daily rows `city,country,indicator,date,value,unit` like gen_tidy.py (not its exact values).
fn generate(path: &PathBuf) {
    let cities = [
        ("Astana", "Kazakhstan"),
        ("Almaty", "Kazakhstan"),
        ("Shymkent", "Kazakhstan"),
        ("Tashkent", "Uzbekistan"),
        ("Samarkand", "Uzbekistan"),
        ("Bishkek", "Kyrgyzstan"),
        ("Dushanbe", "Tajikistan"),
        ("Ashgabat", "Turkmenistan"),
        ("Baku", "Azerbaijan"),
        ("Tbilisi", "Georgia"),
        ("Yerevan", "Armenia"),
        ("Tehran", "Iran"),
        ("Istanbul", "Turkey"),
        ("Ankara", "Turkey"),
        ("Xi'an", "China"),
        ("Urumqi", "China"),
        ("Lanzhou", "China"),
        ("Kashgar", "China"),
        ("Ulaanbaatar", "Mongolia"),
        ("Dubai", "United Arab Emirates"),
    ];
    let indicators = [
        ("pm25", "µg/m³", 35.0),
        ("pm10", "µg/m³", 60.0),
        ("no2", "µg/m³", 30.0),
        ("energy_kwh_per_capita", "kWh", 15.0),
        ("renewable_share", "%", 12.0),
        ("recycling_rate", "%", 20.0),
        ("msw_kg_per_capita", "kg", 1.1),
    ];
    let per_pair = ROWS / (cities.len() * indicators.len()) + 1;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("create bench file"));
    writeln!(w, "city,country,indicator,date,value,unit").unwrap();
    let mut n = 0;
    let mut seed = 42u64;
    'outer: for (city, country) in cities {
        for (ind, unit, base) in indicators {
            for d in 0..per_pair {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let noise = (seed >> 11) as f64 / (1u64 << 53) as f64;
                let date = citydash::data::time::format_time(
                    citydash::data::time::date_ms(2015, 1, 1).unwrap() + d as i64 * 86_400_000,
                    citydash::data::TimeResolution::Date,
                );
                writeln!(
                    w,
                    "{city},{country},{ind},{date},{:.3},{unit}",
                    base * (0.8 + 0.4 * noise)
                )
                .unwrap();
                n += 1;
                if n >= ROWS {
                    break 'outer;
                }
            }
        }
    }
}

fn load(c: &mut Criterion) {
    let path = bench_file();
    let mut group = c.benchmark_group("load_1m_rows");
    group.sample_size(10);
    group.bench_function("polars_csv_reader", |b| {
        b.iter(|| {
            let df = CsvReadOptions::default()
                .with_has_header(true)
                .try_into_reader_with_file_path(Some(path.clone()))
                .unwrap()
                .finish()
                .unwrap();
            assert!(df.height() >= 999_000);
        })
    });
    group.bench_function("citydash_load", |b| {
        b.iter(|| {
            let l = citydash::load_path(&path, &citydash::LoadOptions::default()).unwrap();
            assert!(l.dataset.len() >= 999_000);
        })
    });
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
