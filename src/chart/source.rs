//! What a chart is prepared from: a dataset in memory, or the open files together with
//! database tables asked, view by view, for only the slice the chart draws — its places,
//! indicators and years in the `WHERE`, and the server's means per period when the chart
//! draws means (see [`crate::data::db`]). Both the window and its exports prepare charts
//! through [`ChartData::prepare`], so a figure is the chart on screen.

use std::sync::atomic::{AtomicBool, Ordering};

use super::query::{means_needed, rows_needed};
use super::{ChartError, ChartQuery, PreparedChart};
use crate::data::db::{self, DbError, DbSource};
use crate::data::{Dataset, LoadOptions};

/// A database table, or a hive-style partitioned Parquet folder, asked for each view's slice.
#[derive(Clone, PartialEq)]
pub struct Table {
    /// The address it opened with (`postgresql://…?table=…`; with the password when the
    /// user gave one: never written anywhere).
    pub address: String,
    /// The load options chosen for it (column mapping); each view adds its filter.
    pub options: LoadOptions,
    /// Cached results stored before this (seconds since 1970) are not used: a table's views
    /// are never older than its listing (so the window's Refresh refreshes them too).
    pub not_before: u64,
}

impl std::fmt::Debug for Table {
    /// Without the address's password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("address", &db::without_password(&self.address))
            .field("options", &self.options)
            .field("not_before", &self.not_before)
            .finish()
    }
}

/// The data a chart is prepared from.
#[derive(Debug, Clone)]
pub enum ChartData {
    /// A dataset in memory (the combination of the open files).
    Local(Dataset),
    /// Open files (already in memory) and database tables asked for each view's slice.
    Tables {
        files: Vec<Dataset>,
        tables: Vec<Table>,
    },
}

impl ChartData {
    /// True when preparing a chart asks a database server.
    pub fn asks_server(&self) -> bool {
        let is_table = |t: &Table| db::is_db_address(&t.address);
        matches!(self, ChartData::Tables { tables, .. } if tables.iter().any(is_table))
    }

    /// The data of `query`: the local dataset, or the files combined with what each table
    /// gives for the query (one statement a table, cancelled on the server when `stop` is
    /// set). Errors name the table's address.
    pub fn dataset(&self, query: &ChartQuery, stop: &AtomicBool) -> Result<Dataset, ChartError> {
        let (files, tables) = match self {
            ChartData::Local(ds) => return Ok(ds.clone()),
            ChartData::Tables { files, tables } => (files, tables),
        };
        let mut parts: Vec<Dataset> = files.clone();
        let mut slices = Vec::new();
        for table in tables {
            let slice = table_slice(table, query, stop)?;
            slices.push(slice.path.clone());
            parts.push(slice);
        }
        let (ds, problem) = Dataset::combine(parts.iter())
            .ok_or_else(|| ChartError::Query("no data is open".into()))?;
        // A file that cannot be combined is left out as in the window's combination (which
        // says so); a table's slice left out would make the chart silently partial.
        match problem {
            Some(p) if slices.iter().any(|s| p.starts_with(s.as_str())) => {
                Err(ChartError::Query(p))
            }
            _ => Ok(ds),
        }
    }

    /// Prepares the chart of `query` from this data ([`super::prepare`] on [`Self::dataset`]).
    pub fn prepare(
        &self,
        query: &ChartQuery,
        stop: &AtomicBool,
    ) -> Result<PreparedChart, ChartError> {
        super::prepare(&self.dataset(query, stop)?, query)
    }
}

/// What one table gives for `query`: its places, indicators and years (as the command-line
/// export asks, [`rows_needed`]), as the server's means per the longest period the chart can
/// use ([`means_needed`]) or, for the table view and daily means, the rows.
fn table_slice(
    table: &Table,
    query: &ChartQuery,
    stop: &AtomicBool,
) -> Result<Dataset, ChartError> {
    let queries = std::slice::from_ref(query);
    let options = LoadOptions {
        keep: Some(rows_needed(queries)),
        aggregate: means_needed(queries),
        ..table.options.clone()
    };
    if !db::is_db_address(&table.address) {
        // A partitioned Parquet folder: its scan keeps the view's slice.
        let path = std::path::Path::new(&table.address);
        let loaded = crate::data::load_path(path, &options)
            .map_err(|e| ChartError::Source(e.to_string()))?;
        return Ok(loaded.dataset);
    }
    let failed = |e: DbError| ChartError::Source(e.to_string());
    let source = DbSource::parse(&table.address).map_err(failed)?;
    let mut stopped = || stop.load(Ordering::Relaxed);
    let (loaded, _) =
        db::load_cached_since(&source, &options, table.not_before, &mut stopped).map_err(failed)?;
    Ok(loaded.dataset)
}
