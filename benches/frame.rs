//! CPU time of the window's frames on the UI thread (egui_kittest, headless, no rendering)
//! with a 1,000,000-row daily file of 50 cities open, for 5 and for 50 selected cities:
//! - `frame`: a frame of each view once its chart is prepared (the steady state);
//! - `change`: the frame right after the year range changes;
//! - `interaction`: the frame right after clicking a city, typing a letter into the table's
//!   filter, and the frame that picks up a finished load;
//! - `prepare`: preparing each view's chart (on a worker thread in the window).
//!
//! Everything proportional to the data runs on workers, so every frame should stay within
//! 8 ms. Run: `cargo bench --bench frame`.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;

use citydash::app::CityDashApp;
use citydash::app::state::PersistedState;
use citydash::chart::{ChartQuery, View, prepare};
use citydash::data::open::Origin;
use citydash::data::query::Period;

mod common;

// The allocator the app uses, so the figures are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

type App = Harness<'static, CityDashApp>;

fn harness(path: &str) -> App {
    let path = path.to_string();
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(move |cc| {
            let mut app = CityDashApp::with_state(PersistedState::default(), &cc.egui_ctx);
            app.open(Origin::File(path), &cc.egui_ctx);
            app.wait_for_loads();
            app
        })
}

/// Steps until nothing runs off the UI thread.
fn settle(h: &mut App) {
    h.step();
    while h.state().is_busy() {
        std::thread::sleep(Duration::from_millis(1));
        h.step();
    }
    h.step();
}

/// Times the frame after `change`, settling (untimed) after each.
fn frame_after(h: &mut App, iters: u64, mut change: impl FnMut(&mut App, u64)) -> Duration {
    let mut total = Duration::ZERO;
    for i in 0..iters {
        change(h, i);
        let t = Instant::now();
        h.step();
        total += t.elapsed();
        settle(h);
    }
    total
}

fn views() -> Vec<(String, View, Period)> {
    let mut views: Vec<(String, View, Period)> = View::ALL
        .iter()
        .map(|v| (v.label().replace(' ', "_"), *v, Period::Year))
        .collect();
    views.push(("Over_time_daily".into(), View::OverTime, Period::Day));
    views
}

fn set(h: &mut App, view: View, per: Period, cities: &[String]) {
    let q = &mut h.state_mut().state.query;
    q.view = view;
    q.cities = cities.to_vec();
    q.indicator = "pm25".into();
    q.options.per = per;
    q.from_year = None;
}

fn steady_and_change(c: &mut Criterion, h: &mut App, selections: &[(&str, Vec<String>)]) {
    let mut group = c.benchmark_group("frame");
    group.sample_size(20);
    for (label, cities) in selections {
        for (name, view, per) in views() {
            set(h, view, per, cities);
            settle(h);
            group.bench_function(format!("{label}/{name}"), |b| b.iter(|| h.step()));
        }
    }
    group.finish();
    let mut group = c.benchmark_group("change");
    group.sample_size(10);
    for (label, cities) in selections {
        for (name, view, per) in views() {
            set(h, view, per, cities);
            settle(h);
            group.bench_function(format!("{label}/{name}"), |b| {
                b.iter_custom(|iters| {
                    frame_after(h, iters, |h, i| {
                        h.state_mut().state.query.from_year = Some(2015 + (i % 2) as i32);
                    })
                })
            });
        }
    }
    group.finish();
}

fn interactions(c: &mut Criterion, h: &mut App, all: &[String], extra: &str) {
    let mut group = c.benchmark_group("interaction");
    group.sample_size(10);
    set(h, View::OverTime, Period::Year, &all[..5]);
    settle(h);
    group.bench_function("click_a_city", |b| {
        b.iter_custom(|iters| {
            frame_after(h, iters, |h, i| {
                let cities = &mut h.state_mut().state.query.cities;
                match i % 2 {
                    0 => cities.push(all[10].clone()),
                    _ => cities.retain(|c| *c != all[10]),
                }
            })
        })
    });
    set(h, View::Table, Period::Year, &[]);
    settle(h);
    group.bench_function("type_in_the_table_filter", |b| {
        b.iter_custom(|iters| {
            frame_after(h, iters, |h, i| {
                let filter = &mut h.state_mut().views.table.order.filter;
                match i % 2 {
                    0 => filter.push('a'),
                    _ => filter.clear(),
                }
            })
        })
    });
    set(h, View::OverTime, Period::Year, &all[..5]);
    settle(h);
    group.bench_function("finish_a_load", |b| {
        b.iter_custom(|iters| {
            frame_after(h, iters, |h, _| {
                let ctx = h.ctx.clone();
                h.state_mut().open(Origin::File(extra.to_string()), &ctx);
                // Untimed: let the worker finish, so the next frame picks up its result.
                std::thread::sleep(Duration::from_millis(30));
            })
        })
    });
    group.finish();
}

fn preparation(c: &mut Criterion, h: &App, selections: &[(&str, Vec<String>)]) {
    let ds = h
        .state()
        .workspace
        .combined
        .dataset
        .clone()
        .expect("data open");
    let mut group = c.benchmark_group("prepare");
    group.sample_size(10);
    for (label, cities) in selections {
        for (name, view, per) in views() {
            if view == View::Sources {
                continue;
            }
            let mut q = ChartQuery {
                view,
                cities: cities.clone(),
                ..Default::default()
            };
            q.options.per = per;
            group.bench_function(format!("{label}/{name}"), |b| {
                b.iter(|| prepare(&ds, &q).unwrap())
            });
        }
    }
    group.finish();
}

fn frames(c: &mut Criterion) {
    citydash::allocator::configure();
    // `CITYDASH_FRAME_FILE`: another file in the same layout with at least 50 places (the
    // 10M-row one of issue 16); its first 5 and 50 places are selected.
    let path = match std::env::var("CITYDASH_FRAME_FILE") {
        Ok(p) => p,
        Err(_) => common::bench_file_50_cities().display().to_string(),
    };
    let extra = std::env::temp_dir().join("citydash_bench_extra.csv");
    std::fs::write(&extra, "city,year,pm25\nAstana,2020,20\nAlmaty,2020,30\n").unwrap();
    let mut h = harness(&path);
    settle(&mut h);
    let all: Vec<String> = h
        .state()
        .workspace
        .combined
        .places
        .values()
        .flatten()
        .map(|p| p.name.clone())
        .collect();
    assert!(all.len() >= 50, "the bench file has 50 cities");
    let selections = [
        ("5_cities", all[..5].to_vec()),
        ("50_cities", all[..50].to_vec()),
    ];
    steady_and_change(c, &mut h, &selections);
    interactions(c, &mut h, &all, &extra.display().to_string());
    preparation(c, &h, &selections);
}

criterion_group!(benches, frames);
criterion_main!(benches);
