//! Load speed: citydash's full load (detection, normalisation, aliases, conflicts) against
//! plain polars `CsvReader` on the same 1,000,000-row tidy CSV of daily observations.
//!
//! The file is `$CITYDASH_BENCH_FILE` when set (e.g. made by `../shared/bench/gen_tidy.py
//! 1000000 tidy_1m.csv`), else one of the same layout generated into `target/`.
//! Run: `cargo bench --bench load`.

use criterion::{Criterion, criterion_group, criterion_main};
use polars::prelude::*;

mod common;

// The allocator the app uses, so the figures are the app's.
citydash::use_mimalloc!();
use common::bench_file;

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
