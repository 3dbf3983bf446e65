//! The window's work off the UI thread: failures are always seen (a panicking worker of any
//! kind shows an error naming what failed), notices keep their history, a file whose columns
//! could not be decided can be mapped, and the sample data never blends with real data.

use std::io::Write;

use egui_kittest::kittest::{NodeT, Queryable};

use super::harness::{app_on_samples, chart, empty_app, settle, show};
use citydash::app::worker::WorkKind;
use citydash::chart::View;
use citydash::data::open::Origin;

fn write_file(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(text.as_bytes()).unwrap();
    path.display().to_string()
}

#[test]
fn a_panicking_load_shows_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(dir.path(), "a.csv", "city,year,pm25\nBaku,2020,20\n");
    let mut h = empty_app();
    h.state().fail.arm(WorkKind::Load);
    let ctx = h.ctx.clone();
    h.state_mut().open(Origin::File(file.clone()), &ctx);
    settle(&mut h);
    assert!(h.state().workspace.datasets.is_empty());
    let message = format!("{file}: loading failed unexpectedly (fail point: loading)");
    h.get_by_label(&message);
    assert_eq!(h.state().notices.errors(), 1);
}

#[test]
fn a_panicking_combination_shows_an_error() {
    let mut h = empty_app();
    h.state().fail.arm(WorkKind::Combine);
    let ctx = h.ctx.clone();
    h.state_mut().open_samples(&ctx);
    settle(&mut h);
    let shown = h.query_all_by_label_contains("combining the open datasets failed unexpectedly");
    assert!(shown.count() >= 1);
    assert!(
        h.state().workspace.combined.dataset.is_none(),
        "nothing half-combined"
    );
}

#[test]
fn a_panicking_chart_shows_its_error_inside_the_chart_and_is_not_retried_every_frame() {
    let mut h = app_on_samples();
    h.state().fail.arm(WorkKind::Prepare);
    h.state_mut().state.query.indicator = "no2".into();
    settle(&mut h);
    let message =
        "Over time: preparing the chart failed unexpectedly (fail point: preparing the chart)";
    h.get_by_label(message);
    // Cached as the result for this query: more frames start no new worker.
    for _ in 0..5 {
        h.step();
        assert!(!h.state().preparing());
    }
}

#[test]
fn a_panicking_table_sort_and_export_are_seen() {
    let mut h = app_on_samples();
    show(&mut h, View::Table);
    h.state().fail.arm(WorkKind::TableOrder);
    h.state_mut().views.table.order.filter = "baku".into();
    settle(&mut h);
    // A failed sort keeps the rows in their loaded order rather than hiding the table.
    h.get_by_label_contains(" rows");
    show(&mut h, View::OverTime);
    let dir = tempfile::tempdir().unwrap();
    h.state().fail.arm(WorkKind::Export);
    h.state_mut().export.open = true;
    h.state_mut().export.path = dir.path().join("fig").display().to_string();
    settle(&mut h);
    h.get_by_label("Export data (CSV)").click();
    h.step();
    h.state_mut().export.wait();
    settle(&mut h);
    let outcome = h.state().export.outcome_text().unwrap();
    assert!(
        outcome.contains("exporting failed unexpectedly"),
        "{outcome}"
    );
    h.get_by_label(&outcome);
    assert!(!dir.path().join("fig.csv").exists());
}

#[test]
fn notices_keep_their_history() {
    let dir = tempfile::tempdir().unwrap();
    let good = write_file(dir.path(), "good.csv", "city,year,pm25\nBaku,2020,20\n");
    let missing = dir.path().join("missing.csv").display().to_string();
    let mut h = empty_app();
    let ctx = h.ctx.clone();
    h.state_mut().open(Origin::File(good), &ctx);
    h.state_mut().open(Origin::File(missing.clone()), &ctx);
    settle(&mut h);
    // Opened, failed, and "showing Baku" (none of the default capitals is in the file).
    assert_eq!(h.state().notices.list.len(), 3);
    h.get_by_label_contains("Notices (3, 1 error)").click();
    settle(&mut h);
    assert!(h.state().notices.open);
    // Each shows as a toast and in the history.
    assert_eq!(h.query_all_by_label_contains("Opened ").count(), 2);
    let error = format!("{missing}: cannot read the file");
    assert_eq!(h.query_all_by_label_contains(&error).count(), 2);
}

#[test]
fn a_file_without_a_place_column_can_be_mapped_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Label;Year;PM25\nAlmaty-1;2021;31,5\nAlmaty-1;2022;29\n";
    let file = write_file(dir.path(), "posts.csv", text);
    let mut h = empty_app();
    let ctx = h.ctx.clone();
    h.state_mut().open(Origin::File(file.clone()), &ctx);
    settle(&mut h);
    assert!(h.state().workspace.datasets.is_empty());
    h.get_by_label_contains("no column names the place");
    h.get_by_label("Map columns…").click();
    settle(&mut h);
    assert!(h.state().map_columns.open);
    assert_eq!(
        h.state().map_columns.hint.columns,
        vec!["Label", "Year", "PM25"]
    );
    let choice = &mut h.state_mut().map_columns.choice;
    for (role, column) in choice.iter_mut() {
        if role.name() == "place" {
            *column = Some("Label".into());
        }
    }
    settle(&mut h);
    h.get_by_label("Open with these columns").click();
    settle(&mut h);
    let ws = &h.state().workspace;
    assert_eq!(ws.datasets.len(), 1);
    assert_eq!(ws.datasets[0].dataset.len(), 2);
    assert_eq!(ws.datasets[0].dataset.distinct("place"), vec!["Almaty-1"]);
    // The choice is remembered for the next open of the file.
    let remembered = &h.state().state.load_options[&file];
    assert_eq!(remembered.mapping.0.len(), 1);
}

#[test]
fn opening_real_data_closes_the_sample_and_datasets_can_be_closed() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(
        dir.path(),
        "who.csv",
        "city,year,pm25\nAstana,2019,132\nAlmaty,2019,40\n",
    );
    let mut h = app_on_samples();
    assert_eq!(h.state().workspace.datasets.len(), 2);
    let ctx = h.ctx.clone();
    h.state_mut().open(Origin::File(file.clone()), &ctx);
    settle(&mut h);
    let ws = &h.state().workspace;
    assert_eq!(ws.datasets.len(), 1, "the samples closed");
    assert_eq!(ws.datasets[0].name, file);
    // No value on screen differs from the file's.
    {
        let q = &mut h.state_mut().state.query;
        q.cities = vec!["Astana".into()];
        q.from_year = None;
        q.to_year = None;
    }
    settle(&mut h);
    let c = chart(&h);
    let citydash::chart::Body::OverTime(ot) = &c.body else {
        panic!("{:?}", c.body)
    };
    assert_eq!(ot.series[0].segments, vec![vec![[2019.0, 132.0]]]);
    // Close it from the Sources view.
    show(&mut h, View::Sources);
    h.get_by_label("×").click();
    settle(&mut h);
    assert!(h.state().workspace.datasets.is_empty());
    assert!(h.state().state.open_files.is_empty());
}

#[test]
fn a_file_without_years_can_be_given_one_in_the_sources_view() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(
        dir.path(),
        "survey.csv",
        "city,recycling_rate\nBishkek,12.5\nTashkent,20\n",
    );
    let mut h = empty_app();
    let ctx = h.ctx.clone();
    h.state_mut().open(Origin::File(file.clone()), &ctx);
    settle(&mut h);
    show(&mut h, View::Sources);
    h.get_by_label_contains("The file gives no year");
    h.get_by_label("Apply").click();
    settle(&mut h);
    h.run();
    // Loaded again with every value given the year in the field (2020 by default).
    h.get_by_label_contains("its values are given 2020");
    let ds = &h.state().workspace.datasets[0];
    assert_eq!(ds.dataset.len(), 2);
    assert_eq!(
        ds.dataset.frame.column("time").unwrap().null_count(),
        0,
        "every value has the year"
    );
    assert_eq!(
        h.state().state.load_options[&file].default_year,
        Some(2020),
        "remembered for the next start"
    );
}

#[test]
fn the_sources_view_counts_cells_without_a_value_and_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(
        dir.path(),
        "gaps.csv",
        "city,year,pm25\nAstana,2019,132\nAlmaty,2019,n/a\nBishkek,2019,\nBaku,2019\n",
    );
    let mut h = empty_app();
    let ctx = h.ctx.clone();
    h.state_mut().open(Origin::File(file), &ctx);
    settle(&mut h);
    show(&mut h, View::Sources);
    h.get_by_label("Without a value");
    h.get_by_label("3 cells");
    h.get_by_label("Cells without a value (3)").click();
    h.run();
    h.get_by_label_contains("missing data, not errors");
    for line in [3, 4, 5] {
        h.get_by_label(&format!("row {line}, column “pm25”"));
    }
}

#[test]
fn a_file_without_the_selected_places_selects_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(
        dir.path(),
        "countries.csv",
        "country,year,indicator,value\nKazakhstan,2020,pm25,20\nMongolia,2020,pm25,40\n\
         Japan,2020,recycling_rate,20\n",
    );
    let mut h = app_on_samples();
    assert!(h.state().state.query.cities.contains(&"Astana".to_string()));
    let ctx = h.ctx.clone();
    h.state_mut().open(Origin::File(file), &ctx);
    settle(&mut h);
    // PM2.5 is on screen: the places that have it come first.
    assert_eq!(
        h.state().state.query.cities,
        vec!["Kazakhstan".to_string(), "Mongolia".into(), "Japan".into()]
    );
    h.get_by_label_contains("None of the selected places is in the open data");
    show(&mut h, View::Map);
    let c = chart(&h);
    let citydash::chart::Body::Map(m) = &c.body else {
        panic!("{:?}", c.body)
    };
    assert_eq!(m.places.len(), 2, "the two countries with PM2.5, filled");
}

#[test]
fn a_file_without_the_chosen_indicator_shows_one_it_has_and_counts_absent_places() {
    let dir = tempfile::tempdir().unwrap();
    let file = write_file(
        dir.path(),
        "waste.csv",
        "city,year,recycling_rate,msw_per_capita\nAstana,2020,12,300\nAlmaty,2020,15,\n\
         Taraz,2020,,280\n",
    );
    let mut h = empty_app();
    h.state_mut().state.query.indicator = "pm25".into();
    h.state_mut().state.query.cities = vec!["Astana".into(), "Almaty".into(), "Tashkent".into()];
    let ctx = h.ctx.clone();
    h.state_mut().open(Origin::File(file), &ctx);
    settle(&mut h);
    // The recycling rate has data for both selected places in the file, the waste per
    // person for one: the former is shown, and the notice says why.
    assert_eq!(h.state().state.query.indicator, "recycling_rate");
    h.get_by_label_contains("has no data in the open files: showing");
    // Tashkent stays selected (for the next file) but is not counted as shown.
    h.get_by_label("2 of 3 · 1 not in the data");
    // A deliberate choice of an indicator without data is kept when the data is combined
    // again without a file being opened.
    h.state_mut().state.query.indicator = "pm25".into();
    let name = h.state().workspace.datasets[0].name.clone();
    h.state_mut().set_in_charts(&name, false);
    settle(&mut h);
    h.state_mut().set_in_charts(&name, true);
    settle(&mut h);
    assert_eq!(h.state().state.query.indicator, "pm25");
}

#[test]
fn file_connect_to_database_opens_an_address_and_shows_why_it_failed() {
    let mut h = empty_app();
    settle(&mut h);
    h.get_by_label("File").click();
    settle(&mut h);
    h.get_by_label("Connect to database…").click();
    settle(&mut h);
    assert!(h.state().db_panel.open, "the connection window is open");
    assert!(
        h.get_by_label("Connect").accesskit_node().is_disabled(),
        "no database or table yet"
    );
    // Nothing listens on port 1: the load fails on its worker and says why, naming the
    // address the fields made.
    {
        let panel = &mut h.state_mut().db_panel;
        panel.host = "127.0.0.1".into();
        panel.port = 1;
        panel.user = "ana".into();
    }
    h.get_by_label("Database").click();
    h.get_by_label("Database").type_text("stats");
    h.get_by_label("Table or view").click();
    h.get_by_label("Table or view").type_text("air");
    settle(&mut h);
    h.get_by_label("Connect").click();
    h.step();
    assert!(!h.state().db_panel.open, "the window closes on Connect");
    h.state_mut().wait_for_loads();
    settle(&mut h);
    assert!(h.state().workspace.datasets.is_empty());
    assert_eq!(h.state().notices.errors(), 1);
    let shown = h.query_all_by_label_contains(
        "postgresql://ana@127.0.0.1:1/stats?table=air&sslmode=prefer: could not connect",
    );
    assert!(shown.count() >= 1);
}
