//! What the window remembers between runs, apart from what it holds while running.

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use crate::chart::{ChartQuery, FigureOptions};
use crate::data::LoadOptions;

/// The storage key of the persisted state.
pub const APP_KEY: &str = "citydash-state";

/// State saved on exit and restored on start (eframe persistence).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PersistedState {
    /// What decides the chart shown: view, indicator, cities, years, options.
    pub query: ChartQuery,
    /// Size and theme of exported figures.
    pub figure: FigureOptions,
    /// Files open when the window closed (reopened on start).
    pub open_files: Vec<String>,
    /// Column mappings and sheets chosen for files in the Map columns dialog.
    pub load_options: BTreeMap<String, LoadOptions>,
    /// Recently opened files, newest first.
    pub recent: Vec<String>,
    pub dark: bool,
    /// The language of the window and of figures exported from it.
    pub lang: crate::i18n::Lang,
}

impl PersistedState {
    /// Puts a path at the top of the recent list (at most 10 entries).
    pub fn remember(&mut self, path: &str) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_string());
        self.recent.truncate(10);
    }
}
