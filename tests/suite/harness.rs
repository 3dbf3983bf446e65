//! The window under egui_kittest: building it on the sample data and stepping until its
//! workers are done.

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use citydash::app::CityDashApp;
use citydash::app::state::PersistedState;
use citydash::chart::{PreparedChart, View};

/// kittest's renderer on citydash's CPU rasteriser: window snapshots need no graphics
/// device, driver or display.
#[derive(Default)]
pub struct CpuTestRenderer {
    textures: citydash::export::raster::Textures,
}

impl egui_kittest::TestRenderer for CpuTestRenderer {
    fn handle_delta(&mut self, delta: &mut egui::TexturesDelta) {
        citydash::export::cpu::apply_textures(&mut self.textures, delta);
        citydash::export::cpu::free_textures(&mut self.textures, delta);
    }

    fn render(
        &mut self,
        ctx: &egui::Context,
        output: &egui::FullOutput,
    ) -> Result<image::RgbaImage, String> {
        let ppp = ctx.pixels_per_point();
        let size = ctx.content_rect().size() * ppp;
        let size = [size.x.round() as u32, size.y.round() as u32];
        let prims = ctx.tessellate(output.shapes.clone(), ppp);
        let pixels = citydash::export::raster::paint(
            size,
            ppp,
            egui::Color32::TRANSPARENT,
            &prims,
            &self.textures,
            citydash::export::cpu::threads(),
        );
        image::RgbaImage::from_raw(size[0], size[1], pixels).ok_or("wrong image size".into())
    }
}

/// The window at 1280×800 on the bundled samples, loaded and combined.
pub fn app_on_samples() -> Harness<'static, CityDashApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|cc| {
            let mut app = CityDashApp::with_state(PersistedState::default(), &cc.egui_ctx);
            app.open_samples(&cc.egui_ctx);
            app.wait_for_loads();
            app
        });
    settle(&mut h);
    h
}

/// The window with nothing open.
pub fn empty_app() -> Harness<'static, CityDashApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|cc| CityDashApp::with_state(PersistedState::default(), &cc.egui_ctx))
}

/// Steps until nothing runs off the UI thread (loads, combining, charts, the table's order),
/// then runs until the window is still.
pub fn settle(h: &mut Harness<'static, CityDashApp>) {
    let start = Instant::now();
    h.step();
    while h.state().is_busy() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the window's workers never finished"
        );
        std::thread::sleep(Duration::from_millis(2));
        h.step();
    }
    h.run();
}

/// Sets the view and settles.
pub fn show(h: &mut Harness<'static, CityDashApp>, view: View) {
    h.state_mut().set_view(view);
    settle(h);
}

/// The chart on screen.
pub fn chart(h: &Harness<'static, CityDashApp>) -> std::sync::Arc<PreparedChart> {
    let app = h.state();
    app.views
        .ready(&app.state.query, app.workspace.version)
        .expect("a prepared chart on screen")
}

/// Scrolls to a control and clicks it, as a user would.
pub fn click(h: &mut Harness<'static, CityDashApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    settle(h);
}
