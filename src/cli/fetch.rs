//! `citydash fetch worldbank` and the progress bar of downloads.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use super::DownloadArgs;
use crate::data::remote::worldbank::{self, Request, SILK_ROAD_COUNTRIES};
use crate::data::remote::{Cache, Progress};
use crate::data::write::{write_atomic, write_tidy_csv};

#[derive(Debug, Args)]
pub struct FetchArgs {
    #[command(subcommand)]
    pub source: Source,
}

#[derive(Debug, Subcommand)]
pub enum Source {
    /// World Bank indicators (API v2) for countries, as tidy CSV.
    Worldbank(WorldBankArgs),
}

#[derive(Debug, Args)]
pub struct WorldBankArgs {
    /// Indicator code, e.g. EN.ATM.PM25.MC.M3 (PM2.5 exposure), EG.USE.ELEC.KH.PC (electricity
    /// per capita), EG.FEC.RNEW.ZS (renewable share). Repeatable.
    #[arg(long, value_name = "CODE", required = true, num_args = 1..)]
    pub indicator: Vec<String>,
    /// ISO3 country code. Repeatable. Default: the Silk Road countries (KAZ UZB KGZ TJK TKM AZE
    /// GEO ARM CHN TUR IRN MNG).
    #[arg(long, value_name = "ISO3", num_args = 1..)]
    pub country: Vec<String>,
    /// First year.
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,
    /// Last year.
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "OUT.csv")]
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub download: DownloadArgs,
}

pub fn run(args: &FetchArgs) -> anyhow::Result<()> {
    match &args.source {
        Source::Worldbank(a) => world_bank(a),
    }
}

fn world_bank(args: &WorldBankArgs) -> anyhow::Result<()> {
    let countries = if args.country.is_empty() {
        SILK_ROAD_COUNTRIES.iter().map(|c| c.to_string()).collect()
    } else {
        args.country.clone()
    };
    let req = Request {
        indicators: args.indicator.clone(),
        countries,
        from: args.from,
        to: args.to,
    };
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = ProgressBar::new(req.indicators.len() as u64);
        b.set_style(
            ProgressStyle::with_template("{spinner} World Bank: page {pos}/{len} {wide_bar}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b
    });
    let loaded = worldbank::fetch_indicators(
        &req,
        &worldbank::base_url(),
        &args.download.options(),
        &mut |done, known| {
            if let Some(b) = &bar {
                b.set_length(u64::from(known));
                b.set_position(u64::from(done));
            }
            true
        },
    );
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let loaded = loaded?;
    eprintln!(
        "citydash: World Bank: {} observations",
        loaded.dataset.len()
    );
    match &args.output {
        None => write_tidy_csv(&loaded.dataset, std::io::stdout().lock())?,
        Some(out) => write_atomic(out, &[], args.force, |w| write_tidy_csv(&loaded.dataset, w))?,
    }
    Ok(())
}

/// `citydash clear-cache`.
pub fn clear_cache() -> anyhow::Result<()> {
    match Cache::default_location() {
        Some(cache) => {
            let n = cache.clear()?;
            eprintln!(
                "citydash: removed {n} cached file(s) from {}",
                cache.dir.display()
            );
        }
        None => eprintln!("citydash: no cache directory on this system"),
    }
    if let Some(datasets) = crate::data::dataset_cache::DatasetCache::default_location() {
        let n = datasets.clear()?;
        eprintln!("citydash: removed {n} cached dataset(s)");
    }
    Ok(())
}

/// A download progress bar on stderr, only when stderr is a terminal.
pub fn progress_bar(url: &str) -> Option<ProgressBar> {
    std::io::stderr().is_terminal().then(|| {
        let b = ProgressBar::new(0);
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg} {bytes}/{total_bytes} ({bytes_per_sec}) {wide_bar}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b.set_message(url.to_string());
        b
    })
}

/// Updates a progress bar.
pub fn show(bar: &Option<ProgressBar>, p: Progress) {
    if let Some(b) = bar {
        if let Some(t) = p.total {
            b.set_length(t);
        }
        b.set_position(p.received);
    }
}
