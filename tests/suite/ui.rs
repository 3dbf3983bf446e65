//! The window driven headlessly with egui_kittest: what an analyst sees and clicks.

use egui_kittest::kittest::Queryable;

use super::harness::{app_on_samples, chart, click, settle, show};
use citydash::chart::compare::too_few_message;
use citydash::chart::{Body, COMPARE_MAX, View};
use citydash::i18n::Lang;

#[test]
fn first_view_is_pm25_over_time_for_central_asian_capitals() {
    let h = app_on_samples();
    assert_eq!(h.state().state.query.view, View::OverTime);
    assert_eq!(h.state().workspace.datasets.len(), 2);
    h.get_by_label("PM2.5 annual mean");
    let c = chart(&h);
    let Body::OverTime(ot) = &c.body else {
        panic!("not a line chart: {:?}", c.body)
    };
    let drawn: Vec<&str> = ot.series.iter().map(|s| s.city.as_str()).collect();
    assert_eq!(
        drawn,
        ["Astana", "Almaty", "Tashkent", "Bishkek", "Dushanbe"]
    );
    // The legend names every drawn city (the sidebar lists them too).
    let legend: Vec<String> = c
        .legend
        .iter()
        .map(|e| e.label.localize(Lang::En))
        .collect();
    assert_eq!(legend, drawn);
    for city in drawn {
        assert_eq!(
            h.query_all_by_label(city).count(),
            2,
            "{city}: sidebar and legend"
        );
    }
    // The status bar counts every observation of both sample files, and the drawn cities.
    let total = h.state().workspace.total_observations();
    assert!(total > 5000, "{total}");
    let total_text = citydash::i18n::format_number(Lang::En, total as f64);
    h.get_by_label_contains(&format!("{total_text} observations"));
    h.get_by_label_contains("5 of 5 selected cities drawn");
}

#[test]
fn clicking_views_switches_and_empty_selection_explains_itself() {
    let mut h = app_on_samples();
    for (label, view) in [
        ("Ranking", View::Ranking),
        ("Compare", View::Compare),
        ("Table", View::Table),
        ("Over time", View::OverTime),
    ] {
        h.get_by_label(label).click();
        settle(&mut h);
        assert_eq!(h.state().state.query.view, view);
    }
    h.get_by_label("Clear").click();
    settle(&mut h);
    assert!(h.state().state.query.cities.is_empty());
    h.get_by_label("Select at least one city");
}

#[test]
fn city_search_matches_russian_names_and_aliases() {
    let mut h = app_on_samples();
    h.get_by_label("Clear").click();
    settle(&mut h);
    h.state_mut().city_search = "Нур-Султан".into();
    settle(&mut h);
    h.get_by_label("Astana").click();
    settle(&mut h);
    assert_eq!(h.state().state.query.cities, vec!["Astana".to_string()]);
    h.state_mut().city_search = "xian".into();
    settle(&mut h);
    h.get_by_label("Xi'an").click();
    settle(&mut h);
    assert_eq!(
        h.state().state.query.cities,
        vec!["Astana".to_string(), "Xi'an".to_string()]
    );
}

#[test]
fn keyboard_shortcuts_switch_views() {
    let mut h = app_on_samples();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num2);
    settle(&mut h);
    assert_eq!(h.state().state.query.view, View::Ranking);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num6);
    settle(&mut h);
    assert_eq!(h.state().state.query.view, View::Scatter);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num9);
    settle(&mut h);
    assert_eq!(h.state().state.query.view, View::Sources);
    h.get_by_label("sample_data/silkroad_annual.csv");
}

/// How many places of the open data have values of `indicator`.
fn places_with(
    h: &egui_kittest::Harness<'static, citydash::app::CityDashApp>,
    indicator: &str,
) -> usize {
    let combined = &h.state().workspace.combined;
    combined
        .indicators_by_place
        .values()
        .filter(|set| set.contains(indicator))
        .count()
}

/// What a view shows for a selection of none, one or all cities.
fn check_view(
    h: &egui_kittest::Harness<'static, citydash::app::CityDashApp>,
    view: View,
    selected: usize,
    indicator: &str,
) {
    let case = format!("{view:?} with {selected} cities, {indicator}");
    if view == View::Sources {
        h.get_by_label("sample_data/silkroad_annual.csv");
        return;
    }
    let c = chart(h);
    let with_data = places_with(h, indicator);
    match (&c.body, view, selected) {
        (Body::Message(m), View::OverTime | View::Multiples, 0) => {
            assert_eq!(m.localize(Lang::En), "Select at least one city", "{case}")
        }
        (Body::Message(m), View::Compare, 0 | 1) => assert_eq!(*m, too_few_message(), "{case}"),
        (Body::OverTime(c), View::OverTime, n) => {
            assert_eq!(c.series.len(), n.min(with_data), "{case}")
        }
        (Body::Ranking(r), View::Ranking, 0) => assert_eq!(r.bars.len(), with_data, "{case}"),
        (Body::Ranking(r), View::Ranking, n) => {
            assert!(r.bars.len() <= n && !r.bars.is_empty(), "{case}")
        }
        (Body::Compare(c), View::Compare, n) => {
            assert_eq!(c.cities.len(), n.min(COMPARE_MAX), "{case}")
        }
        (Body::Multiples(m), View::Multiples, _) => assert!(!m.panels.is_empty(), "{case}"),
        (Body::Scatter(s), View::Scatter, n) => {
            assert!(!s.points.is_empty(), "{case}");
            assert!(n == 0 || s.points.len() <= n, "{case}");
        }
        (Body::Map(m), View::Map, n) => {
            assert!(!m.places.is_empty(), "{case}");
            assert!(n == 0 || m.places.len() <= n, "{case}");
        }
        (Body::Scorecard(s), View::Scorecard, n) => {
            assert!(!s.rows.is_empty() && !s.columns.is_empty(), "{case}");
            assert!(n == 0 || s.rows.len() <= n, "{case}");
        }
        (Body::Table(t), View::Table, _) => {
            assert!(t.rows > 0, "{case}");
            let rows = citydash::i18n::format_number(Lang::En, t.rows as f64);
            h.get_by_label_contains(&format!("of {rows} rows"));
        }
        (body, _, _) => panic!("{case}: unexpected {body:?}"),
    }
}

#[test]
fn every_view_handles_no_city_one_city_all_cities_and_missing_data() {
    let mut h = app_on_samples();
    let all: Vec<String> = h
        .state()
        .workspace
        .combined
        .places
        .values()
        .flatten()
        .map(|p| p.name.clone())
        .collect();
    assert!(all.len() >= 20);
    for cities in [vec![], vec!["Almaty".to_string()], all.clone()] {
        for view in View::ALL {
            for indicator in ["pm25", "recycling_rate"] {
                {
                    let q = &mut h.state_mut().state.query;
                    q.view = view;
                    q.cities = cities.clone();
                    q.indicator = indicator.into();
                }
                settle(&mut h);
                check_view(&h, view, cities.len(), indicator);
            }
        }
    }
    // Ashgabat has no PM2.5 before 2018 in the sample: the chart says so instead of drawing nothing.
    {
        let q = &mut h.state_mut().state.query;
        q.view = View::OverTime;
        q.indicator = "pm25".into();
        q.cities = vec!["Ashgabat".into()];
        q.from_year = Some(2011);
        q.to_year = Some(2015);
    }
    settle(&mut h);
    h.get_by_label("No PM2.5 annual mean data for Ashgabat in 2011–2015");
}

/// The latest PM2.5 value of a city in the annual sample, read straight from the file.
fn latest_pm25(city: &str) -> (i32, f64) {
    let text = include_str!("../../sample_data/silkroad_annual.csv");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            if f[0] != city || f[2] != "pm25" {
                return None;
            }
            Some((f[3].parse::<i32>().ok()?, f[4].parse::<f64>().ok()?))
        })
        .max_by_key(|(y, _)| *y)
        .expect("the city has PM2.5")
}

#[test]
fn compare_marks_the_better_city_by_the_indicators_direction() {
    let mut h = app_on_samples();
    {
        let q = &mut h.state_mut().state.query;
        q.view = View::Compare;
        q.cities = vec!["Copenhagen".into(), "Ulaanbaatar".into()];
    }
    settle(&mut h);
    h.get_by_label("PM2.5 annual mean ↓\nµg/m³");
    let (cy, cv) = latest_pm25("Copenhagen");
    let (uy, uv) = latest_pm25("Ulaanbaatar");
    assert!(cv < uv, "the sample has cleaner air in Copenhagen");
    // Lower PM2.5 is better: Copenhagen's value is marked best, Ulaanbaatar's is not.
    let fmt = |v: f64| citydash::i18n::format_value(Lang::En, v);
    h.get_by_label(&format!("{} ({cy}) · best", fmt(cv)));
    h.get_by_label(&format!("{} ({uy})", fmt(uv)));
    assert!(h.query_all_by_label_contains("vs Copenhagen").count() >= 9);
}

#[test]
fn table_filters_and_sorts_the_observations_behind_the_view() {
    let mut h = app_on_samples();
    {
        let q = &mut h.state_mut().state.query;
        q.view = View::Table;
        q.cities = vec!["Almaty".into(), "Baku".into()];
        q.indicator = "pm25".into();
        q.from_year = Some(2015);
        q.to_year = Some(2016);
    }
    settle(&mut h);
    // Almaty has both years in the annual sample; Baku has a gap in 2016.
    h.get_by_label("3 of 3 rows");
    h.get_by_label("value").click();
    settle(&mut h);
    h.get_by_label("value ^");
    let filter_box = h.get_by_label("Filter:");
    filter_box.click();
    filter_box.type_text("baku");
    settle(&mut h);
    h.get_by_label("1 of 3 rows");
}

#[test]
fn log_axis_relative_change_year_range_and_daily_means_from_the_sidebar() {
    let mut h = app_on_samples();
    h.get_by_label("µg/m³ · 2010–2024 · annual means");
    click(&mut h, "Logarithmic axis");
    assert!(h.state().state.query.options.log_scale);
    h.get_by_label("µg/m³ · log scale · 2010–2024 · annual means");
    click(&mut h, "Logarithmic axis");
    click(&mut h, "Index = 100");
    h.get_by_label_contains("relative to ");
    h.get_by_label_contains(" = 100 · 2010–2024 · annual means");
    assert!(!h.state().state.query.options.log_scale);
    click(&mut h, "Values");
    click(&mut h, "Latest year");
    assert_eq!(
        (
            h.state().state.query.from_year,
            h.state().state.query.to_year
        ),
        (Some(2024), None),
        "the range collapses to the last year"
    );
    h.get_by_label("µg/m³ · 2024 · annual means");
    click(&mut h, "All years");
    click(&mut h, "day");
    h.get_by_label("PM2.5");
    h.get_by_label("µg/m³ · 2023 · daily means");
}

#[test]
fn a_change_keeps_the_last_chart_on_screen_until_the_new_one_is_ready() {
    let mut h = app_on_samples();
    h.get_by_label("PM2.5 annual mean");
    assert!(h.query_by_label("Updating…").is_none());
    h.state_mut().state.query.indicator = "no2".into();
    h.step();
    h.get_by_label("PM2.5 annual mean");
    if h.state().preparing() {
        h.get_by_label("Updating…");
    }
    settle(&mut h);
    h.get_by_label("NO₂ annual mean");
    assert!(h.query_by_label("Updating…").is_none());
    // Several changes in a row while a worker runs: the last one wins.
    for indicator in ["pm10", "recycling_rate", "pm25"] {
        h.state_mut().state.query.indicator = indicator.into();
        h.step();
    }
    settle(&mut h);
    h.get_by_label("PM2.5 annual mean");
    // Changing what only the figure uses (its size) does not prepare the chart again.
    let before = chart(&h);
    h.state_mut().state.figure.width = 1200;
    settle(&mut h);
    assert!(std::sync::Arc::ptr_eq(&before, &chart(&h)));
    show(&mut h, View::Ranking);
    show(&mut h, View::OverTime);
    assert!(
        std::sync::Arc::ptr_eq(&before, &chart(&h)),
        "cached per view"
    );
}

#[test]
fn the_scatter_tab_plots_two_indicators_with_its_own_controls() {
    let mut h = app_on_samples();
    click(&mut h, "Scatter");
    assert_eq!(h.state().state.query.view, View::Scatter);
    let c = chart(&h);
    let Body::Scatter(s) = &c.body else {
        panic!("not a scatter: {:?}", c.body)
    };
    // Renewable share against the sidebar's PM2.5, one point per selected capital.
    assert_eq!(
        (s.x.indicator.as_str(), s.y.indicator.as_str()),
        ("renewable_share", "pm25")
    );
    assert_eq!(s.points.len(), 5);
    assert!(s.fit.is_none());
    click(&mut h, "Least-squares line");
    click(&mut h, "Log Y");
    let c = chart(&h);
    let Body::Scatter(s) = &c.body else {
        panic!("not a scatter: {:?}", c.body)
    };
    assert!(s.y.log);
    assert_eq!(s.fit.map(|f| f.n), Some(5));
    assert!(
        c.notes
            .iter()
            .any(|n| n.localize(Lang::En).contains("logarithms (log10)")),
        "{:?}",
        c.notes
    );
    // The X axis picker lists the data's indicators.
    click(&mut h, "X axis");
    click(&mut h, "Recycling rate");
    let c = chart(&h);
    let Body::Scatter(s) = &c.body else {
        panic!("not a scatter: {:?}", c.body)
    };
    assert_eq!(s.x.indicator, "recycling_rate");
}

#[test]
fn the_scorecard_tab_rates_the_selected_cities_against_the_targets() {
    let mut h = app_on_samples();
    click(&mut h, "Scorecard");
    assert_eq!(h.state().state.query.view, View::Scorecard);
    let c = chart(&h);
    let Body::Scorecard(s) = &c.body else {
        panic!("not a scorecard: {:?}", c.body)
    };
    assert_eq!(s.rows.len(), 5, "one row per selected capital");
    assert_eq!(s.columns.len(), 6, "every sample indicator with a target");
    // Sorted by targets met, and the total shown beside each city.
    assert!(s.rows.windows(2).all(|w| w[0].met >= w[1].met));
    let first = &s.rows[0];
    h.get_by_label_contains(&format!("{} of {} targets met", first.met, first.of));
}
