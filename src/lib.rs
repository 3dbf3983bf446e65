//! citydash — compare Silk Road cities on waste-sorting, energy-use and air-quality indicators.
//!
//! The crate has layers that depend in one direction only:
//! - [`data`]: reading the files analysts receive into one tidy dataset, the indicator catalog
//!   and place gazetteer, and queries. It knows nothing about any user interface.
//! - [`chart`]: chart specs, pure chart preparation, and egui_plot drawing.
//! - [`app`]: the eframe window.
//! - [`remote`]: downloads (limits, progress, cache) and the World Bank API; no UI.
//! - [`export`]: off-screen rendering of chart figures, PNG and CSV export.
//! - [`cli`]: the command-line front end (`check`, `tidy`, `export`, `fetch`).

pub mod allocator;
pub mod app;
pub mod chart;
pub mod cli;
pub mod data;
pub mod export;
pub mod remote;

pub use data::{Dataset, LoadError, LoadOptions, LoadReport, load_path};
