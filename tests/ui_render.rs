//! The window rendered to images through kittest's wgpu renderer (Mesa's lavapipe on machines
//! without a GPU), one snapshot per view on the sample data, compared with
//! `tests/snapshots/window_*.png`. `UPDATE_SNAPSHOTS=1 cargo test --test ui_render` rewrites
//! them after an intended change; look at the new images before committing them.

use egui_kittest::{Harness, SnapshotOptions};

use citydash::app::CityDashApp;
use citydash::app::state::PersistedState;
use citydash::chart::View;

fn rendered_app() -> Harness<'static, CityDashApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .wgpu()
        .build_eframe(|cc| {
            let mut app = CityDashApp::with_state(PersistedState::default(), &cc.egui_ctx);
            app.open_samples(&cc.egui_ctx);
            app.wait_for_loads();
            // The status bar names the load that finished last, which varies from run to run.
            app.notices.clear();
            app
        })
}

#[test]
fn every_view_renders_like_its_snapshot() {
    let mut h = rendered_app();
    h.run();
    // A few pixels of anti-aliased text may differ between Mesa builds; a moved line or a
    // missing series changes thousands.
    let options = SnapshotOptions::new().max_failed_pixels(400);
    for (view, name) in [
        (View::OverTime, "window_over_time"),
        (View::Ranking, "window_ranking"),
        (View::Compare, "window_compare"),
        (View::Multiples, "window_multiples"),
        (View::Table, "window_table"),
        (View::Sources, "window_sources"),
    ] {
        h.state_mut().state.spec.view = view;
        h.run();
        h.snapshot_options(name, &options);
    }
}

#[test]
fn the_rendered_chart_shows_every_selected_city_in_its_colour() {
    let mut h = rendered_app();
    h.run();
    let image = h.render().expect("render the window");
    let cities = h.state().state.spec.cities.clone();
    assert_eq!(cities.len(), 5);
    for (slot, city) in cities.iter().enumerate() {
        let want = citydash::chart::theme::city_color(slot);
        let found = image.pixels().any(|p| {
            let [r, g, b, _] = p.0;
            [r, g, b]
                .iter()
                .zip([want.r(), want.g(), want.b()])
                .all(|(a, b)| a.abs_diff(b) <= 2)
        });
        assert!(found, "no pixel in {city}'s colour {want:?}");
    }
}
