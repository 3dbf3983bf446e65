//! The window's Export, download and World Bank windows, driven headlessly.

use egui_kittest::kittest::Queryable;

use super::common;
use super::harness::{app_on_samples, empty_app, settle};
use citydash::chart::View;

#[test]
fn export_window_writes_png_csv_and_spec_off_the_ui_thread_and_asks_before_replacing() {
    use citydash::app::export_panel::ExportKind;
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_on_samples();
    settle(&mut h);
    h.get_by_label("Export…").click();
    settle(&mut h);
    assert!(h.state().export.open);
    h.state_mut().export.path = dir.path().join("figure").display().to_string();
    settle(&mut h);

    h.get_by_label("Export data (CSV)").click();
    h.step();
    h.state_mut().export.wait();
    settle(&mut h);
    let csv = std::fs::read_to_string(dir.path().join("figure.csv")).unwrap();
    assert!(csv.starts_with("# citydash export"), "{csv}");
    assert!(csv.contains("Astana,Kazakhstan,pm25,2015,"), "{csv}");

    h.get_by_label("Export PNG").click();
    h.step();
    h.step();
    // The window keeps drawing while the figure renders on a worker thread.
    assert!(h.state().export.is_running());
    h.get_by_label_contains("Writing");
    h.state_mut().export.wait();
    settle(&mut h);
    let png = image::open(dir.path().join("figure.png")).unwrap();
    assert_eq!((png.width(), png.height()), (1600, 900));
    assert!(matches!(h.state().export.outcome, Some(Ok(_))));

    // The same figure as SVG: vector, with the title as text.
    h.get_by_label("Export SVG").click();
    h.step();
    h.state_mut().export.wait();
    settle(&mut h);
    let svg = std::fs::read_to_string(dir.path().join("figure.svg")).unwrap();
    assert!(svg.starts_with("<svg "), "{}", &svg[..100]);
    assert!(svg.contains(">PM2.5 annual mean</text>"));

    // Exporting again asks before replacing the file.
    h.get_by_label("Export PNG").click();
    settle(&mut h);
    assert_eq!(h.state().export.confirm, Some(ExportKind::Png));
    assert!(!h.state().export.is_running());
    h.get_by_label("Replace").click();
    h.step();
    h.state_mut().export.wait();
    settle(&mut h);
    assert!(h.state().export.confirm.is_none());
    assert!(matches!(h.state().export.outcome, Some(Ok(_))));

    // The chart spec round-trips: save it, change the view, open it again.
    h.get_by_label("Save chart spec").click();
    h.step();
    h.state_mut().export.wait();
    settle(&mut h);
    let spec_path = dir.path().join("figure.json");
    let saved: citydash::chart::ChartSpec =
        serde_json::from_str(&std::fs::read_to_string(&spec_path).unwrap()).unwrap();
    assert_eq!(saved.query, h.state().state.query);
    assert_eq!(saved.figure, h.state().state.figure);
    h.get_by_label("Ranking").click();
    settle(&mut h);
    assert_eq!(h.state().state.query.view, View::Ranking);
    h.state_mut().export.spec_path = spec_path.display().to_string();
    settle(&mut h);
    h.get_by_label("Open spec").click();
    settle(&mut h);
    assert_eq!(h.state().state.query.view, View::OverTime);
}

#[test]
fn a_slow_download_shows_progress_keeps_the_window_drawing_and_can_be_cancelled() {
    use citydash::data::open::Origin;
    use std::time::{Duration, Instant};
    let mut body = String::from("city,year,indicator,value\n");
    for y in 1990..2024 {
        for c in ["Astana", "Almaty", "Tashkent", "Baku"] {
            body.push_str(&format!("{c},{y},pm25,{}.5\n", y - 1960));
        }
    }
    let body = body.repeat(8);
    let server = common::start(move |_| {
        let mut r = common::Reply::ok(Some("text/csv"), body.clone());
        r.trickle = Some((2048, Duration::from_millis(40)));
        r
    });
    let mut h = empty_app();
    h.state_mut().fetch_options.cache = None;
    let ctx = h.ctx.clone();
    let url = server.url("/slow.csv");
    h.state_mut().open(Origin::Url(url.clone()), &ctx);
    let mut saw_progress = false;
    let started = Instant::now();
    while h.state().is_loading() && started.elapsed() < Duration::from_secs(30) {
        h.step();
        if h.query_by_label_contains("Downloading").is_some() {
            saw_progress = true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(saw_progress, "a progress line while bytes arrive");
    settle(&mut h);
    let ws = &h.state().workspace;
    assert_eq!(ws.datasets.len(), 1);
    assert_eq!(ws.datasets[0].name, url);
    assert!(
        h.state().state.open_files.contains(&url),
        "remembered for next time"
    );

    // A second slow download, cancelled from the status bar.
    h.state_mut()
        .open(Origin::Url(server.url("/again.csv")), &ctx);
    for _ in 0..5 {
        h.step();
        std::thread::sleep(Duration::from_millis(30));
    }
    h.get_by_label("Cancel").click();
    h.step();
    h.step();
    assert!(!h.state().is_loading());
    h.get_by_label_contains("Loading cancelled");
}

#[test]
fn world_bank_window_fetches_indicators_for_the_ticked_countries() {
    let server = common::start(|r| {
        let body = if r.path.contains("/indicator/EG.USE.ELEC.KH.PC") {
            serde_json::json!([
                {"page": 1, "pages": 1, "per_page": 1000, "total": 2},
                [
                    {"indicator": {"id": "EG.USE.ELEC.KH.PC", "value": "Electric power consumption (kWh per capita)"},
                     "country": {"id": "KZ", "value": "Kazakhstan"}, "countryiso3code": "KAZ",
                     "date": "2014", "value": 5600.1, "unit": "", "obs_status": "", "decimal": 0},
                    {"indicator": {"id": "EG.USE.ELEC.KH.PC", "value": "Electric power consumption (kWh per capita)"},
                     "country": {"id": "GE", "value": "Georgia"}, "countryiso3code": "GEO",
                     "date": "2014", "value": 2700.4, "unit": "", "obs_status": "", "decimal": 0}
                ]
            ])
            .to_string()
        } else {
            r#"[{"page":1,"pages":0,"per_page":1000,"total":0},null]"#.to_string()
        };
        common::Reply::ok(Some("application/json"), body)
    });
    let mut h = empty_app();
    settle(&mut h);
    h.get_by_label("File").click();
    settle(&mut h);
    h.get_by_label("World Bank…").click();
    settle(&mut h);
    assert!(h.state().world_bank.open);
    h.state_mut().world_bank.base = server.url("/v2");
    // Only electricity, for the preselected Silk Road countries.
    h.get_by_label_contains("PM2.5 mean annual exposure")
        .click();
    h.get_by_label_contains("Renewable energy share").click();
    settle(&mut h);
    h.get_by_label("Fetch").click();
    h.step();
    h.state_mut().wait_for_loads();
    settle(&mut h);
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0].path.contains(
            "/country/KAZ;UZB;KGZ;TJK;TKM;AZE;GEO;ARM;CHN;TUR;IRN;MNG/indicator/EG.USE.ELEC.KH.PC"
        ),
        "{:?}",
        seen[0].path
    );
    let ws = &h.state().workspace;
    assert_eq!(ws.datasets.len(), 1);
    assert_eq!(ws.datasets[0].dataset.len(), 2);
    assert_eq!(
        ws.datasets[0].dataset.distinct("indicator"),
        vec!["electricity_per_capita"]
    );
}

#[test]
fn ctrl_shift_c_copies_the_figure_as_an_image() {
    let mut h = app_on_samples();
    settle(&mut h);
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::C,
    );
    // The figure renders on a worker; the frame that receives it hands it to the clipboard.
    let mut copied = None;
    for _ in 0..4000 {
        h.step();
        copied = h
            .output()
            .platform_output
            .commands
            .iter()
            .find_map(|c| match c {
                egui::OutputCommand::CopyImage(image) => Some(image.clone()),
                _ => None,
            });
        if copied.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let image = copied.expect("an image handed to the clipboard");
    assert_eq!(image.size, [1600, 900], "the export size");
    // The same pixels as the PNG export of the chart on screen.
    let app = h.state();
    let chart = app
        .views
        .ready(&app.state.query, app.workspace.version)
        .unwrap();
    let mut r = citydash::export::FigureRenderer::new(citydash::export::RendererKind::Cpu).unwrap();
    let names = app.data_names().join(", ");
    let png = citydash::export::render_figure(&mut r, &chart, &names, &app.state.figure).unwrap();
    let same = image
        .pixels
        .iter()
        .zip(png.pixels())
        .filter(|(a, b)| a.to_array() == b.0)
        .count();
    assert_eq!(same, 1600 * 900);
    h.get_by_label_contains("Copied the figure to the clipboard (1600×900 px)");
}
