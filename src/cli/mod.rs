//! The command line: `citydash check`, `tidy`, `export` and `fetch`, thin shells over the
//! library. `main` runs the window when no command is given.

mod check;
mod export;
mod fetch;
mod interrupt;
mod tidy;
mod values;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::data::open::{self, Origin};
use crate::data::{ColumnMapping, ConflictPolicy, LoadOptions, Loaded};

#[derive(Debug, Parser)]
#[command(
    name = "citydash",
    version,
    args_conflicts_with_subcommands = true,
    about = "Compare Silk Road cities on waste, energy and air-quality indicators",
    long_about = "citydash reads the data files analysts receive — statistics-office CSV exports in \
any encoding, World Bank and Eurostat tables, WHO workbooks, OpenAQ logs, XLSX/XLS, Parquet, JSON — \
into one tidy dataset of observations (place, country, indicator, time, value, unit, source).",
    after_help = "Examples:\n  citydash check who_aq.csv\n  citydash check stats.csv --json\n  citydash tidy wdi.csv --indicator pm25 --from 2010 -o pm25.csv\n  citydash                  # the window, on last session's files or the sample data\n  citydash data/*.csv       # the window, on these files"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files or folders to open in the window (default: the files open last time, or the sample data).
    #[arg(value_name = "FILE_OR_FOLDER")]
    pub files: Vec<PathBuf>,
    /// A database table to open in the window, as a connection URI
    /// (`postgresql://user@host:5432/db?table=measurements`); each view asks the server for
    /// its own slice. May be given more than once.
    #[arg(long, value_name = "URI")]
    pub db: Vec<String>,
}

impl Cli {
    /// What the window opens: the files and folders, then the database tables.
    pub fn window_sources(&self) -> Vec<PathBuf> {
        let tables = self.db.iter().map(PathBuf::from);
        self.files.iter().cloned().chain(tables).collect()
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load a file and print what was understood: layout, encoding, columns, places, indicators, problems.
    #[command(
        after_help = "Examples:\n  citydash check who_aq_silkroad.csv\n  citydash check export.csv --map place=Station,time=Date\n  citydash check book.xlsx --sheet Data --json"
    )]
    Check(check::CheckArgs),
    /// Write the normalised observations as tidy CSV (place,country,indicator,time,value,unit,source).
    #[command(
        after_help = "Examples:\n  citydash tidy who_aq.csv --indicator pm25 --place Astana --place Almaty\n  citydash tidy openaq.csv --per month -o monthly.csv\n  citydash tidy wdi.csv --from 2010 --to 2020 -o wdi_tidy.csv"
    )]
    Tidy(tidy::TidyArgs),
    /// Export a chart as a PNG figure, or the data behind it as CSV — no window or display needed.
    #[command(
        after_help = "Examples:\n  citydash export --view over-time --indicator pm25 --cities Astana,Almaty,Tashkent --out pm25.png\n  citydash export --data who.csv --view ranking --indicator pm25 --year 2019 --out rank.csv\n  citydash export --view compare --cities Astana,Tashkent,Baku --width 3400 --height 2400 --out cmp.png\n  citydash export --spec a.json --spec b.json --out figures/\n\nFigures are drawn on the CPU (no GPU or display needed); --renderer wgpu draws them through\nwgpu instead (on a machine without a GPU, with Mesa's software Vulkan)."
    )]
    Export(export::ExportArgs),
    /// Fetch data from a built-in source: `citydash fetch worldbank --indicator CODE --country ISO3`.
    #[command(
        after_help = "Examples:\n  citydash fetch worldbank --indicator EN.ATM.PM25.MC.M3 -o pm25_countries.csv\n  citydash fetch worldbank --indicator EG.USE.ELEC.KH.PC --indicator EG.FEC.RNEW.ZS --country KAZ --country UZB --from 2010 --to 2022\n\nThe API address can be changed with CITYDASH_WORLDBANK_URL."
    )]
    Fetch(fetch::FetchArgs),
    /// Remove every cached download and every cached dataset (see the README's dataset cache).
    ClearCache,
}

/// Options shared by every command that loads a file.
#[derive(Debug, Args, Clone)]
pub struct LoadArgs {
    /// The data file or http(s) URL: CSV/TSV/TXT, XLSX/XLS, Parquet or JSON. `-` or nothing means the bundled sample data.
    #[arg(value_name = "FILE_OR_URL")]
    pub file: Option<PathBuf>,
    /// Say which column plays which role when detection guesses wrong: ROLE=COLUMN pairs,
    /// comma-separated. Roles: place, country, indicator, time, value, unit, source.
    #[arg(long, value_name = "ROLE=COL,...")]
    pub map: Option<String>,
    /// The spreadsheet sheet to read (default: the first sheet with a table).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// What to keep when the file has two values for the same place, station, indicator, source
    /// and time.
    #[arg(long, value_enum, default_value_t = ConflictPolicy::Mean, value_name = "POLICY")]
    pub on_conflict: ConflictPolicy,
    /// The year to give observations of a file without a time column.
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// The indicator name for a file whose values carry none (a single value column).
    #[arg(long = "as-indicator", value_name = "NAME")]
    pub as_indicator: Option<String>,
    /// A table on a PostgreSQL (or Citus, TimescaleDB…) server instead of a file:
    /// postgresql://USER@HOST:PORT/DB?table=NAME, plus row_cap=N and statement_timeout=SECONDS.
    /// The password comes from PGPASSWORD; the session is read-only.
    #[arg(long, value_name = "URI", conflicts_with = "file")]
    pub db: Option<String>,
    #[command(flatten)]
    pub download: DownloadArgs,
}

/// Options of downloads (URLs).
#[derive(Debug, Args, Clone)]
pub struct DownloadArgs {
    /// Download again instead of revalidating the cached copy (and do not cache); query a
    /// database again instead of using a cached result.
    #[arg(long)]
    pub no_cache: bool,
    /// The largest download accepted, in megabytes.
    #[arg(long, value_name = "MB", default_value_t = 512)]
    pub max_download_mb: u64,
}

impl Default for DownloadArgs {
    fn default() -> Self {
        DownloadArgs {
            no_cache: false,
            max_download_mb: 512,
        }
    }
}

impl DownloadArgs {
    /// The download options the flags describe.
    pub fn options(&self) -> crate::data::remote::FetchOptions {
        let mut o = crate::data::remote::FetchOptions::default();
        if self.no_cache {
            o.cache = None;
        }
        o.max_bytes = self.max_download_mb.saturating_mul(1024 * 1024);
        o
    }
}

impl LoadArgs {
    /// Builds the loader's options from the flags.
    pub fn options(&self) -> anyhow::Result<LoadOptions> {
        let mut o = LoadOptions::default().with_conflict_policy(self.on_conflict);
        if let Some(m) = &self.map {
            o = o.with_mapping(ColumnMapping::parse(m)?);
        }
        o.sheet = self.sheet.clone();
        o.default_year = self.year;
        o.indicator = self.as_indicator.clone();
        Ok(o)
    }

    /// Where the data comes from: the file or URL, else the first bundled sample.
    pub fn origin(&self) -> Origin {
        if let Some(uri) = &self.db {
            return Origin::Database(uri.clone());
        }
        match &self.file {
            Some(p) if p.as_os_str() != "-" => Origin::from_text(&p.to_string_lossy()),
            _ => Origin::Sample(0),
        }
    }

    /// Loads the file, the URL, or the sample data.
    pub fn load(&self) -> anyhow::Result<Loaded> {
        self.load_keeping(None)
    }

    /// [`LoadArgs::load`], turning only the rows `keep` names into observations when given.
    pub fn load_keeping(&self, keep: Option<crate::data::RowFilter>) -> anyhow::Result<Loaded> {
        let options = LoadOptions {
            keep,
            ..self.options()?
        };
        Ok(open_with_progress(&self.origin(), &options, &self.download)?.loaded)
    }
}

/// Opens data with a progress bar on stderr for downloads (when it is a terminal), and says
/// so when a cached copy was opened because the network was unreachable.
pub fn open_with_progress(
    origin: &Origin,
    options: &LoadOptions,
    download: &DownloadArgs,
) -> Result<open::Opened, crate::data::remote::OpenError> {
    use crate::data::{db::DbError, remote::OpenError};
    use std::io::IsTerminal;
    match open_once(origin, options, download) {
        // The server asks for a password no variable or file gave: asked for, as psql does,
        // when someone is at a terminal to answer.
        Err(OpenError::Database(DbError::PasswordNeeded { address, .. }))
            if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() =>
        {
            let password = rpassword::prompt_password(format!("Password for {address}: "))
                .map_err(|e| OpenError::Other(format!("{address}: reading the password: {e}")))?;
            crate::data::db::password::give(password);
            open_once(origin, options, download)
        }
        other => other,
    }
}

/// [`open_with_progress`] without the password prompt.
fn open_once(
    origin: &Origin,
    options: &LoadOptions,
    download: &DownloadArgs,
) -> Result<open::Opened, crate::data::remote::OpenError> {
    let bar = match origin {
        Origin::Url(u) => fetch::progress_bar(u),
        _ => None,
    };
    let run = |interrupted: &dyn Fn() -> bool| {
        open::open(origin, options, &download.options(), &mut |p| {
            if let open::OpenProgress::Bytes(p) = p {
                fetch::show(&bar, p);
            }
            !interrupted()
        })
    };
    // Ctrl-C cancels a database query on the server (see [`interrupt`]); elsewhere it ends
    // the process at once.
    let result = match origin {
        Origin::Database(_) => interrupt::during_query(run),
        _ => run(&|| false),
    };
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let opened = result?;
    if let Some(n) = &opened.notice {
        eprintln!("citydash: {n}");
    }
    Ok(opened)
}

/// Makes Ctrl-C cancel a running database query on the server (and end the process as usual
/// at any other time).
pub fn install_interrupt() {
    interrupt::install();
}

/// Replaces Rust's panic output with a message for people: what happened, that it is a bug,
/// and where it was (a panic is never the user's fault; errors are reported as errors).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        // A reader's panic is contained and reported as an error naming the file.
        if crate::data::source::panic_is_contained() {
            return;
        }
        let message = crate::data::open::panic_message(info.payload());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let thread = std::thread::current();
        let name = thread.name().unwrap_or("a worker");
        eprintln!(
            "citydash: internal error in {name}: {message}{place}. This is a bug in citydash; \
             please report it with the file that caused it."
        );
    }));
}

/// Runs a command.
pub fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Check(args) => check::run(&args),
        Command::Tidy(args) => tidy::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Fetch(args) => fetch::run(&args),
        Command::ClearCache => fetch::clear_cache(),
    }
}
