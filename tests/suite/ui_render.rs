//! The window rendered to images through citydash's CPU renderer (no graphics device), one
//! snapshot per view on the sample data, compared with
//! `tests/snapshots/window_*.png`. `UPDATE_SNAPSHOTS=1 cargo test` rewrites them after an
//! intended change; look at the new images before committing them.

use egui_kittest::{Harness, SnapshotOptions};

use super::harness::{CpuTestRenderer, settle};
use citydash::app::CityDashApp;
use citydash::app::state::PersistedState;
use citydash::chart::View;

fn rendered_app() -> Harness<'static, CityDashApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .renderer(CpuTestRenderer::default())
        .build_eframe(|cc| {
            let mut app = CityDashApp::with_state(PersistedState::default(), &cc.egui_ctx);
            app.open_samples(&cc.egui_ctx);
            app.wait_for_loads();
            app
        });
    settle(&mut h);
    // Toasts name the load that finished last, which varies from run to run.
    h.state_mut().notices.clear();
    settle(&mut h);
    h
}

#[test]
fn every_view_renders_like_its_snapshot() {
    let mut h = rendered_app();
    // A few pixels of anti-aliased text may differ between Mesa builds; a moved line or a
    // missing series changes thousands.
    let options = SnapshotOptions::new().max_failed_pixels(150);
    for (view, name) in [
        (View::OverTime, "window_over_time"),
        (View::Ranking, "window_ranking"),
        (View::Compare, "window_compare"),
        (View::Multiples, "window_multiples"),
        (View::Map, "window_map"),
        (View::Scatter, "window_scatter"),
        (View::Scorecard, "window_scorecard"),
        (View::Table, "window_table"),
        (View::Sources, "window_sources"),
    ] {
        h.state_mut().set_view(view);
        settle(&mut h);
        h.snapshot_options(name, &options);
    }
}

/// Pixels of `want` (within 2 levels per channel) right of the sidebar.
fn pixels_of(image: &image::RgbaImage, want: egui::Color32) -> usize {
    image
        .enumerate_pixels()
        .filter(|(x, _, _)| *x > 300)
        .filter(|(_, _, p)| {
            let [r, g, b, _] = p.0;
            [r, g, b]
                .iter()
                .zip([want.r(), want.g(), want.b()])
                .all(|(a, b)| a.abs_diff(b) <= 2)
        })
        .count()
}

#[test]
fn the_rendered_chart_draws_every_selected_city_as_a_line_in_its_colour() {
    let mut h = rendered_app();
    let image = h.render().expect("render the window");
    let cities = h.state().state.query.cities.clone();
    assert_eq!(cities.len(), 5);
    let slots = citydash::chart::theme::place_slots(&cities);
    for (slot, city) in slots.into_iter().zip(&cities) {
        let want = citydash::chart::theme::city_color(slot);
        // A legend swatch is 22×3 pixels; a line across fifteen years is far more.
        let n = pixels_of(&image, want);
        assert!(n > 400, "{city}'s line ({want:?}) has only {n} pixels");
    }
}

#[test]
fn the_connect_to_database_window_renders_like_its_snapshot() {
    let mut h = rendered_app();
    {
        let panel = &mut h.state_mut().db_panel;
        panel.open = true;
        panel.user = "analyst".into();
        panel.database = "stats".into();
        panel.table = "air.measurements".into();
    }
    settle(&mut h);
    h.snapshot_options(
        "window_connect_db",
        &SnapshotOptions::new().max_failed_pixels(150),
    );
}
