//! Load speed: citydash's full load (detection, normalisation, aliases, conflicts) against
//! plain polars `CsvReader` on the same 1,000,000-row tidy CSV of daily observations.
//!
//! The file is `$CITYDASH_BENCH_FILE` when set (e.g. made by `../shared/bench/gen_tidy.py
//! 1000000 tidy_1m.csv`), else one of the same layout generated into `target/`.
//! Run: `cargo bench --bench load`.
//!
//! Besides criterion's two benchmarks (one after the other), a paired run alternates the two
//! loads and prints the median of the per-pair ratios: on a machine whose speed drifts
//! between the two benchmarks, that ratio is the steadier figure.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use polars::prelude::*;

mod common;

// The allocator the app uses, so the figures are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use common::bench_file;

fn polars_read(path: &Path) {
    let df = CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(path.to_path_buf()))
        .unwrap()
        .finish()
        .unwrap();
    assert!(df.height() >= 999_000);
}

fn citydash_load(path: &Path) {
    let l = citydash::load_path(path, &citydash::LoadOptions::default()).unwrap();
    assert!(l.dataset.len() >= 999_000);
}

fn load(c: &mut Criterion) {
    citydash::allocator::configure();
    let path = bench_file();
    let mut group = c.benchmark_group("load_1m_rows");
    group.sample_size(10);
    group.bench_function("polars_csv_reader", |b| b.iter(|| polars_read(&path)));
    group.bench_function("citydash_load", |b| b.iter(|| citydash_load(&path)));
    group.finish();
}

/// Alternates the two loads `pairs` times; prints both medians and the median ratio.
fn paired(pairs: usize) {
    let path = bench_file();
    let time = |f: &dyn Fn(&Path)| {
        let start = Instant::now();
        f(&path);
        start.elapsed()
    };
    // One of each first, to warm the file cache and the allocator.
    time(&polars_read);
    time(&citydash_load);
    let mut polars = Vec::new();
    let mut ours = Vec::new();
    let mut ratios = Vec::new();
    for _ in 0..pairs {
        let p = time(&polars_read);
        let c = time(&citydash_load);
        ratios.push(c.as_secs_f64() / p.as_secs_f64());
        polars.push(p);
        ours.push(c);
    }
    fn median<T: PartialOrd + Copy>(v: &mut [T]) -> T {
        v.sort_by(|a, b| a.partial_cmp(b).expect("comparable"));
        v[v.len() / 2]
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "load_1m_rows/paired: {pairs} alternating pairs: polars_csv_reader median {:.1} ms, \
         citydash_load median {:.1} ms, median ratio {:.2}",
        ms(median(&mut polars)),
        ms(median(&mut ours)),
        median(&mut ratios)
    );
}

fn paired_benchmark(c: &mut Criterion) {
    // Skipped when criterion is asked for other benchmarks or for profiling.
    let args: Vec<String> = std::env::args().collect();
    let filtered = args.iter().skip(1).any(|a| !a.starts_with('-'));
    let profiling = args.iter().any(|a| a == "--profile-time");
    if !filtered && !profiling {
        paired(15);
    }
    let _ = c;
}

criterion_group!(benches, load, paired_benchmark);
criterion_main!(benches);
