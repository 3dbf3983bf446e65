//! The integration tests: the command line, exports, loading fixtures, remote data, the
//! sample data and the window (headless, and rendered).

mod cache;
mod cli;
pub mod common;
mod db;
mod db_means;
mod db_window;
pub mod export;
mod export_lang;
mod fuzz;
pub mod harness;
mod hive;
mod honest;
mod honest_sources;
mod i18n;
mod layers;
pub mod load_fixtures;
mod load_kinds;
mod load_means;
mod map;
mod missing_values;
mod pipeline;
mod probe_cases;
mod pushdown;
mod remote;
mod renderers;
mod repeated_rows;
mod sample_data;
mod scatter;
mod scorecard;
mod stations;
mod svg;
mod ui;
mod ui_export;
mod ui_render;
mod ui_workers;
