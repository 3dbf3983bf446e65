//! CPU time of the window's frames (egui_kittest, headless, no rendering) with a
//! 1,000,000-row daily file of 50 cities open, for 5 and for 50 selected cities:
//! - `frame`: a frame of each view once its data is prepared and cached (the steady state);
//! - `change`: the frame right after the year range changes (what the UI thread pays);
//! - `prepare`: preparing each view's data from the dataset (runs off the UI thread on
//!   large datasets).
//!
//! Run: `cargo bench --bench frame`.

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;

use citydash::app::CityDashApp;
use citydash::app::jobs::Origin;
use citydash::app::state::PersistedState;
use citydash::chart::{View, prepare};
use citydash::data::query::Period;

mod common;

// The allocator the app uses, so the figures are the app's.
citydash::use_mimalloc!();

fn harness(path: &str) -> Harness<'static, CityDashApp> {
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

/// Steps until the view's data is prepared.
fn settle(h: &mut Harness<'static, CityDashApp>) {
    h.step();
    while h.state().preparing() {
        std::thread::sleep(std::time::Duration::from_millis(1));
        h.step();
    }
    h.step();
}

fn frames(c: &mut Criterion) {
    let path = common::bench_file_50_cities().display().to_string();
    let mut h = harness(&path);
    settle(&mut h);
    let all: Vec<String> = h
        .state()
        .workspace
        .places
        .values()
        .flatten()
        .map(|p| p.name.clone())
        .collect();
    assert_eq!(all.len(), 50, "the bench file has 50 cities");
    let selections = [("5_cities", all[..5].to_vec()), ("50_cities", all.clone())];
    let mut views: Vec<(String, View, Period)> = View::ALL
        .iter()
        .map(|v| (v.label().replace(' ', "_"), *v, Period::Year))
        .collect();
    views.push(("Over_time_daily".into(), View::OverTime, Period::Day));

    let mut group = c.benchmark_group("frame");
    group.sample_size(20);
    for (label, cities) in &selections {
        for (name, view, per) in &views {
            {
                let spec = &mut h.state_mut().state.spec;
                spec.view = *view;
                spec.cities = cities.clone();
                spec.indicator = "pm25".into();
                spec.options.per = *per;
                spec.from_year = None;
            }
            settle(&mut h);
            group.bench_function(format!("{label}/{name}"), |b| b.iter(|| h.step()));
        }
    }
    group.finish();

    let mut group = c.benchmark_group("change");
    group.sample_size(10);
    for (label, cities) in &selections {
        for (name, view, per) in &views {
            {
                let spec = &mut h.state_mut().state.spec;
                spec.view = *view;
                spec.cities = cities.clone();
                spec.options.per = *per;
            }
            settle(&mut h);
            let mut from = 2015;
            group.bench_function(format!("{label}/{name}"), |b| {
                b.iter(|| {
                    from = if from == 2015 { 2016 } else { 2015 };
                    h.state_mut().state.spec.from_year = Some(from);
                    h.step();
                })
            });
            h.state_mut().state.spec.from_year = None;
            settle(&mut h);
        }
    }
    group.finish();

    let ds = h.state().workspace.combined.clone().expect("data open");
    let mut group = c.benchmark_group("prepare");
    group.sample_size(10);
    for (label, cities) in &selections {
        let mut spec = h.state().state.spec.clone();
        spec.cities = cities.clone();
        spec.from_year = None;
        spec.options.per = Period::Year;
        group.bench_function(format!("{label}/over_time"), |b| {
            b.iter(|| prepare::over_time(&ds, &spec, "pm25"))
        });
        let mut daily = spec.clone();
        daily.options.per = Period::Day;
        group.bench_function(format!("{label}/over_time_daily"), |b| {
            b.iter(|| prepare::over_time(&ds, &daily, "pm25"))
        });
        group.bench_function(format!("{label}/ranking"), |b| {
            b.iter(|| prepare::ranking(&ds, &spec))
        });
        group.bench_function(format!("{label}/compare"), |b| {
            b.iter(|| prepare::compare(&ds, &spec))
        });
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
