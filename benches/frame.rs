//! CPU time of building one frame of each view (egui_kittest, headless, no rendering) with
//! the 1,000,000-row daily file open, for 5 cities and for every city in the file.
//! Run: `cargo bench --bench frame`.

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;

use citydash::app::CityDashApp;
use citydash::app::jobs::Origin;
use citydash::app::state::PersistedState;
use citydash::chart::View;

mod common;

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

fn frames(c: &mut Criterion) {
    let path = common::bench_file().display().to_string();
    let mut h = harness(&path);
    h.run();
    let all: Vec<String> = h
        .state()
        .workspace
        .places
        .values()
        .flatten()
        .map(|p| p.name.clone())
        .collect();
    let mut group = c.benchmark_group("frame_1m_rows");
    group.sample_size(20);
    for (label, cities) in [
        ("5_cities", all[..5.min(all.len())].to_vec()),
        ("all_cities", all.clone()),
    ] {
        for view in View::ALL {
            {
                let spec = &mut h.state_mut().state.spec;
                spec.view = view;
                spec.cities = cities.clone();
                spec.indicator = "pm25".into();
            }
            // The first frame prepares and caches the view; later frames only draw.
            h.run();
            group.bench_function(format!("{label}/{}", view.label().replace(' ', "_")), |b| {
                b.iter(|| h.step())
            });
        }
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
