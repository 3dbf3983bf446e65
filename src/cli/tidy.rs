//! `citydash tidy FILE`: the normalised observations as tidy CSV.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::LoadArgs;
use crate::data::RowFilter;
use crate::data::catalog::Catalog;
use crate::data::query::{self, Period, Query};
use crate::data::write::{write_atomic, write_tidy_csv};

#[derive(Debug, Args)]
pub struct TidyArgs {
    #[command(flatten)]
    pub load: LoadArgs,
    /// Keep only this indicator: a catalog id (pm25, recycling_rate, …) or the name as in the file. Repeatable.
    #[arg(long, value_name = "ID")]
    pub indicator: Vec<String>,
    /// Keep only this place, under any of its names (Nur-Sultan, Астана → Astana). Repeatable.
    #[arg(long, value_name = "NAME")]
    pub place: Vec<String>,
    /// First year to keep.
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,
    /// Last year to keep.
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
    /// Aggregate to yearly or monthly means; adds an `n` column with the observation count.
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub per: Option<Period>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "OUT.csv")]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Write a folder of Parquet files partitioned hive-style by indicator and year
    /// (DIR/indicator=pm25/year=2023/part-0.parquet) instead of CSV; citydash and polars open
    /// it as one dataset, reading only the partitions a chart needs.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "per"])]
    pub to_parquet: Option<PathBuf>,
}

pub fn run(args: &TidyArgs) -> anyhow::Result<()> {
    let loaded = args.load.load_keeping(rows_kept(args))?;
    if loaded.report.warning_count() > 0 {
        eprintln!(
            "citydash: {}: {} value(s) skipped, {} conflict(s) resolved by {}; run `citydash check` for details",
            loaded.report.path,
            loaded.report.skipped_total,
            loaded.report.conflicts_total,
            loaded.report.conflict_policy.name()
        );
    }
    let q = Query {
        indicators: args.indicator.clone(),
        places: args.place.clone(),
        from_year: args.from,
        to_year: args.to,
        per: args.per,
        keep_undated: false,
    };
    let result = query::run(&loaded.dataset, &q).context("running the query")?;
    if result.is_empty() {
        eprintln!("citydash: no observations match the filters");
    }
    if let Some(dir) = &args.to_parquet {
        let files =
            crate::data::hive::write(&result, dir, args.force).map_err(anyhow::Error::msg)?;
        eprintln!(
            "citydash: wrote {} ({} observations in {files} Parquet files)",
            dir.display(),
            result.len()
        );
        return Ok(());
    }
    match &args.output {
        None => {
            let stdout = std::io::stdout();
            write_tidy_csv(&result, stdout.lock())?;
        }
        Some(out) => {
            let inputs: Vec<&std::path::Path> =
                args.load.file.iter().map(|p| p.as_path()).collect();
            write_atomic(out, &inputs, args.force, |w| write_tidy_csv(&result, w))?;
        }
    }
    Ok(())
}

/// The rows the filters keep, for a load that turns only those into observations (`None`
/// without filters: the whole file, which may fill the dataset cache).
fn rows_kept(args: &TidyArgs) -> Option<RowFilter> {
    let catalog = Catalog::bundled();
    let filter = RowFilter {
        places: args
            .place
            .iter()
            .map(|p| query::place_key(catalog, p))
            .collect(),
        indicators: args
            .indicator
            .iter()
            .map(|i| query::indicator_key(catalog, i))
            .collect(),
        from_year: args.from,
        to_year: args.to,
    };
    (filter != RowFilter::default()).then_some(filter)
}
