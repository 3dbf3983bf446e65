//! The window driven headlessly with egui_kittest: what an analyst sees and clicks.

mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use citydash::app::CityDashApp;
use citydash::app::state::PersistedState;
use citydash::chart::View;

fn app_on_samples() -> Harness<'static, CityDashApp> {
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|cc| {
            let mut app = CityDashApp::with_state(PersistedState::default(), &cc.egui_ctx);
            app.open_samples(&cc.egui_ctx);
            app.wait_for_loads();
            app
        })
}

#[test]
fn first_view_is_pm25_over_time_for_central_asian_capitals() {
    let mut h = app_on_samples();
    h.run();
    assert_eq!(h.state().state.spec.view, View::OverTime);
    assert_eq!(h.state().workspace.datasets.len(), 2);
    h.get_by_label("PM2.5 annual mean");
    for city in ["Astana", "Almaty", "Tashkent", "Bishkek", "Dushanbe"] {
        assert!(h.state().state.spec.cities.iter().any(|c| c == city));
    }
    // The status bar counts every observation of both sample files.
    let total = h.state().workspace.total_observations();
    assert!(total > 5000, "{total}");
    h.get_by_label_contains(&format!("{total} observations"));
}

#[test]
fn clicking_views_switches_and_empty_selection_explains_itself() {
    let mut h = app_on_samples();
    h.run();
    h.get_by_label("Ranking").click();
    h.run();
    assert_eq!(h.state().state.spec.view, View::Ranking);
    h.get_by_label("Compare").click();
    h.run();
    assert_eq!(h.state().state.spec.view, View::Compare);
    h.get_by_label("Table").click();
    h.run();
    h.get_by_label_contains("rows");
    h.get_by_label("Over time").click();
    h.run();
    h.get_by_label("Clear").click();
    h.run();
    assert!(h.state().state.spec.cities.is_empty());
    h.get_by_label("Select at least one city");
}

#[test]
fn city_search_matches_russian_names_and_aliases() {
    let mut h = app_on_samples();
    h.run();
    h.get_by_label("Clear").click();
    h.run();
    h.state_mut().city_search = "Нур-Султан".into();
    h.run();
    h.get_by_label("Astana").click();
    h.run();
    assert_eq!(h.state().state.spec.cities, vec!["Astana".to_string()]);
    h.state_mut().city_search = "xian".into();
    h.run();
    h.get_by_label("Xi'an").click();
    h.run();
    assert_eq!(
        h.state().state.spec.cities,
        vec!["Astana".to_string(), "Xi'an".to_string()]
    );
}

#[test]
fn keyboard_shortcuts_switch_views() {
    let mut h = app_on_samples();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    h.run();
    assert_eq!(h.state().state.spec.view, View::Ranking);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num6);
    h.run();
    assert_eq!(h.state().state.spec.view, View::Sources);
    h.get_by_label("sample_data/silkroad_annual.csv");
}

#[test]
fn every_view_handles_no_city_one_city_all_cities_and_missing_data() {
    let mut h = app_on_samples();
    h.run();
    let all: Vec<String> = h
        .state()
        .workspace
        .places
        .values()
        .flatten()
        .map(|p| p.name.clone())
        .collect();
    assert!(all.len() >= 20);
    let selections: [(&str, Vec<String>); 3] = [
        ("none", vec![]),
        ("one", vec!["Almaty".to_string()]),
        ("all", all.clone()),
    ];
    for (what, cities) in selections {
        for view in View::ALL {
            for indicator in ["pm25", "recycling_rate"] {
                {
                    let spec = &mut h.state_mut().state.spec;
                    spec.view = view;
                    spec.cities = cities.clone();
                    spec.indicator = indicator.into();
                }
                h.run();
                match (view, what) {
                    (View::OverTime, "none") => {
                        h.get_by_label("Select at least one city");
                    }
                    (View::Compare, "none" | "one") => {
                        h.get_by_label("Select two to four cities to compare them side by side");
                    }
                    _ => {}
                }
            }
        }
    }
    // Ashgabat has no PM2.5 before 2018 in the sample: the chart says so instead of drawing nothing.
    {
        let spec = &mut h.state_mut().state.spec;
        spec.view = View::OverTime;
        spec.indicator = "pm25".into();
        spec.cities = vec!["Ashgabat".into()];
        spec.from_year = Some(2011);
        spec.to_year = Some(2015);
    }
    h.run();
    h.get_by_label("No PM2.5 annual mean data for Ashgabat in 2011–2015");
}

#[test]
fn compare_marks_the_better_city_by_the_indicators_direction() {
    let mut h = app_on_samples();
    {
        let spec = &mut h.state_mut().state.spec;
        spec.view = View::Compare;
        spec.cities = vec!["Copenhagen".into(), "Ulaanbaatar".into()];
    }
    h.run();
    // Both cities' latest PM2.5 values are shown with their years.
    h.get_by_label("PM2.5 annual mean ↓\nµg/m³");
    assert!(h.query_all_by_label_contains("vs Copenhagen").count() >= 9);
}

#[test]
fn table_filters_and_sorts_the_observations_behind_the_view() {
    let mut h = app_on_samples();
    {
        let spec = &mut h.state_mut().state.spec;
        spec.view = View::Table;
        spec.cities = vec!["Almaty".into(), "Baku".into()];
        spec.indicator = "pm25".into();
        spec.from_year = Some(2015);
        spec.to_year = Some(2016);
    }
    h.run();
    // Almaty has both years in the annual sample; Baku has a gap in 2016.
    h.get_by_label("3 of 3 rows");
    h.get_by_label("value").click();
    h.run();
    h.get_by_label("value ^");
    let filter_box = h.get_by_label("Filter:");
    filter_box.click();
    filter_box.type_text("baku");
    h.run();
    h.get_by_label("1 of 3 rows");
}

#[test]
fn export_window_writes_png_csv_and_spec_off_the_ui_thread_and_asks_before_replacing() {
    use citydash::app::export_panel::ExportKind;
    let dir = tempfile::tempdir().unwrap();
    let mut h = app_on_samples();
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    assert!(h.state().export.open);
    h.state_mut().export.path = dir.path().join("figure").display().to_string();
    h.run();

    h.get_by_label("Export data (CSV)").click();
    h.step();
    h.state_mut().export.wait();
    h.run();
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
    h.run();
    let png = image::open(dir.path().join("figure.png")).unwrap();
    assert_eq!((png.width(), png.height()), (1600, 900));
    assert!(matches!(h.state().export.outcome, Some(Ok(_))));

    // Exporting again asks before replacing the file.
    h.get_by_label("Export PNG").click();
    h.run();
    assert_eq!(h.state().export.confirm, Some(ExportKind::Png));
    assert!(!h.state().export.is_running());
    h.get_by_label("Replace").click();
    h.step();
    h.state_mut().export.wait();
    h.run();
    assert!(h.state().export.confirm.is_none());
    assert!(matches!(h.state().export.outcome, Some(Ok(_))));

    // The chart spec round-trips: save it, change the view, open it again.
    h.get_by_label("Save chart spec").click();
    h.step();
    h.state_mut().export.wait();
    h.run();
    let spec_path = dir.path().join("figure.json");
    let saved: citydash::chart::ChartSpec =
        serde_json::from_str(&std::fs::read_to_string(&spec_path).unwrap()).unwrap();
    assert_eq!(saved, h.state().state.spec);
    h.get_by_label("Ranking").click();
    h.run();
    assert_eq!(h.state().state.spec.view, View::Ranking);
    h.state_mut().export.spec_path = spec_path.display().to_string();
    h.run();
    h.get_by_label("Open spec").click();
    h.run();
    assert_eq!(h.state().state.spec.view, View::OverTime);
}

#[test]
fn a_slow_download_shows_progress_keeps_the_window_drawing_and_can_be_cancelled() {
    use citydash::app::jobs::Origin;
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
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|cc| {
            let mut app = CityDashApp::with_state(PersistedState::default(), &cc.egui_ctx);
            app.fetch_options.cache = None;
            app
        });
    let ctx = h.ctx.clone();
    let url = server.url("/slow.csv");
    h.state_mut().open(Origin::Url(url.clone()), &ctx);
    let mut saw_progress = false;
    let mut slowest = Duration::ZERO;
    let started = Instant::now();
    while h.state().is_loading() && started.elapsed() < Duration::from_secs(30) {
        let t = Instant::now();
        h.step();
        slowest = slowest.max(t.elapsed());
        if h.query_by_label_contains("Downloading").is_some() {
            saw_progress = true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(saw_progress, "a progress line while bytes arrive");
    assert!(
        slowest < Duration::from_millis(500),
        "a frame took {slowest:?} during the download"
    );
    h.run();
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
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(|cc| CityDashApp::with_state(PersistedState::default(), &cc.egui_ctx));
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("World Bank…").click();
    h.run();
    assert!(h.state().world_bank.open);
    h.state_mut().world_bank.base = server.url("/v2");
    // Only electricity, for the preselected Silk Road countries.
    h.get_by_label_contains("PM2.5 mean annual exposure")
        .click();
    h.get_by_label_contains("Renewable energy share").click();
    h.run();
    h.get_by_label("Fetch").click();
    h.step();
    h.state_mut().wait_for_loads();
    h.run();
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

/// Steps until no view is being prepared on a worker thread, then once more to show it.
fn settle(h: &mut Harness<'static, CityDashApp>) {
    let start = std::time::Instant::now();
    h.step();
    while h.state().preparing() {
        assert!(start.elapsed().as_secs() < 30, "preparation never finished");
        std::thread::sleep(std::time::Duration::from_millis(2));
        h.step();
    }
    h.step();
}

#[test]
fn large_datasets_prepare_views_off_the_ui_thread_and_keep_the_last_chart() {
    let mut h = app_on_samples();
    // Treat the samples as large: every view prepares on a worker thread.
    h.state_mut().set_inline_rows(0);
    settle(&mut h);
    h.get_by_label("PM2.5 annual mean");
    assert!(h.query_by_label("Updating…").is_none());

    // A change keeps the old chart on screen, marked, until the new one is ready.
    h.state_mut().state.spec.indicator = "no2".into();
    h.step();
    assert!(h.state().preparing(), "a worker prepares the new chart");
    h.get_by_label("PM2.5 annual mean");
    h.get_by_label("Updating…");
    settle(&mut h);
    h.get_by_label("NO₂ annual mean");
    assert!(h.query_by_label("Updating…").is_none());

    // Several changes in a row while a worker runs: the last one wins, one worker at a time.
    for indicator in ["pm10", "recycling_rate", "pm25"] {
        h.state_mut().state.spec.indicator = indicator.into();
        h.step();
    }
    settle(&mut h);
    h.get_by_label("PM2.5 annual mean");

    // Every other view takes the same path.
    for view in [View::Ranking, View::Compare, View::Multiples, View::Table] {
        h.state_mut().state.spec.view = view;
        settle(&mut h);
        assert!(!h.state().preparing());
    }
    h.get_by_label_contains("rows");
}

/// Scrolls the sidebar to a control and clicks it, as a user would.
fn click(h: &mut Harness<'static, CityDashApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn log_axis_relative_change_year_range_and_daily_means_from_the_sidebar() {
    let mut h = app_on_samples();
    h.run();
    h.get_by_label("µg/m³ · 2010–2024 · annual means");

    click(&mut h, "Logarithmic axis");
    h.run();
    assert!(h.state().state.spec.options.log_scale);
    h.get_by_label("µg/m³ · log scale · 2010–2024 · annual means");

    click(&mut h, "Logarithmic axis");
    click(&mut h, "Index = 100");
    h.run();
    // Each city is indexed to its own first year with data.
    h.get_by_label_contains("relative to ");
    h.get_by_label_contains(" = 100 · 2010–2024 · annual means");
    assert!(!h.state().state.spec.options.log_scale);

    click(&mut h, "Values");
    click(&mut h, "Latest year");
    h.run();
    assert_eq!(
        (h.state().state.spec.from_year, h.state().state.spec.to_year),
        (Some(2024), None),
        "the range collapses to the last year"
    );
    h.get_by_label("µg/m³ · 2024 · annual means");

    click(&mut h, "All years");
    click(&mut h, "day");
    h.run();
    h.get_by_label("PM2.5");
    h.get_by_label("µg/m³ · 2023 · daily means");
}
