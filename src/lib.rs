//! citydash — compare Silk Road cities on waste-sorting, energy-use and air-quality indicators.
//!
//! The crate has layers that depend in one direction only:
//! - [`data`]: reading the files analysts receive (local, remote, bundled) into one tidy
//!   dataset, the indicator catalog and place gazetteer, and queries. No user interface.
//! - [`chart`]: chart queries, one `prepare` from query to prepared chart, and the egui
//!   drawing shared by the window and exports.
//! - [`export`]: off-screen rendering of prepared charts, PNG and CSV files.
//! - [`app`]: the eframe window; [`cli`]: the command line. Thin shells over the above;
//!   `main` chooses between them.

pub mod allocator;
pub mod app;
pub mod chart;
pub mod cli;
pub mod data;
pub mod export;
pub mod i18n;

pub use data::{Dataset, LoadError, LoadOptions, LoadReport, load_path};
