//! `citydash export`: charts as PNG figures and their data as CSV, with no window and no
//! display; one chart from flags, or several chart specs (JSON) in one run.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use crate::chart::{ChartSpec, Relative, View};
use crate::data::catalog::{Catalog, Theme};
use crate::data::dataset::col;
use crate::data::query;
use crate::data::{Dataset, LoadOptions, RowFilter, load_path};
use crate::export::{self, OffscreenRenderer, OutputKind};

/// The views that export (the table as CSV only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ViewArg {
    OverTime,
    Ranking,
    Compare,
    Multiples,
    Table,
}

impl From<ViewArg> for View {
    fn from(v: ViewArg) -> View {
        match v {
            ViewArg::OverTime => View::OverTime,
            ViewArg::Ranking => View::Ranking,
            ViewArg::Compare => View::Compare,
            ViewArg::Multiples => View::Multiples,
            ViewArg::Table => View::Table,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Png,
    Csv,
}

impl ExportArgs {
    /// What to write to `out`: the --format flag, else the extension.
    fn kind(&self, out: &Path) -> anyhow::Result<OutputKind> {
        Ok(match self.format {
            Some(FormatArg::Png) => OutputKind::Png,
            Some(FormatArg::Csv) => OutputKind::Csv,
            None => OutputKind::of(out)?,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    Waste,
    Energy,
    Air,
}

impl From<ThemeArg> for Theme {
    fn from(t: ThemeArg) -> Theme {
        match t {
            ThemeArg::Waste => Theme::Waste,
            ThemeArg::Energy => Theme::Energy,
            ThemeArg::Air => Theme::Air,
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A data file, a folder (every data file in it) or an http(s) URL. Repeatable. Default: the spec's data,
    /// else the bundled sample data.
    #[arg(long, value_name = "PATH")]
    pub data: Vec<PathBuf>,
    /// A chart spec (JSON, as saved by the window). Repeatable: several specs render in one run.
    #[arg(long, value_name = "CHART.json", conflicts_with = "view")]
    pub spec: Vec<PathBuf>,
    /// The view to export.
    #[arg(long, value_enum)]
    pub view: Option<ViewArg>,
    /// The indicator of over-time, ranking and table: a catalog id (pm25, …) or the name in the file.
    #[arg(long, value_name = "ID")]
    pub indicator: Option<String>,
    /// The theme whose indicators small multiples show.
    #[arg(long = "theme-group", value_enum, value_name = "THEME")]
    pub theme_group: Option<ThemeArg>,
    /// Cities, comma-separated, under any of their names (Nur-Sultan → Astana).
    #[arg(long, value_delimiter = ',', value_name = "A,B,C")]
    pub cities: Vec<String>,
    /// First year.
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,
    /// Last year.
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
    /// The ranking's year (default: the latest with data).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// Logarithmic value axis (over time, small multiples).
    #[arg(long)]
    pub log: bool,
    /// Index each city to 100 at the first year (over time, small multiples).
    #[arg(long)]
    pub relative: bool,
    /// Means per year (default), month or day for sub-annual data (over time, small multiples).
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub per: Option<crate::data::query::Period>,
    /// Figure width in pixels at scale 1 (default 1600).
    #[arg(long, value_name = "PX")]
    pub width: Option<u32>,
    /// Figure height in pixels at scale 1 (default 900).
    #[arg(long, value_name = "PX")]
    pub height: Option<u32>,
    /// Resolution multiplier, 1 to 4: same layout, sharper text and lines (2 → 3200×1800).
    #[arg(long, value_name = "S")]
    pub scale: Option<f32>,
    /// Dark theme (default light, for reports).
    #[arg(long)]
    pub dark: bool,
    /// Replace output files that exist.
    #[arg(long)]
    pub force: bool,
    /// The output format when the output's extension does not say (e.g. /dev/stdout).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,
    #[command(flatten)]
    pub download: super::DownloadArgs,
    /// Output: OUT.png (the chart) or OUT.csv (its data). With several specs, one --out per
    /// spec, or a folder to write SPEC-NAME.png into.
    #[arg(long, short, value_name = "OUT", required = true)]
    pub out: Vec<PathBuf>,
}

/// A note on stderr for each flag the chosen view does not use.
fn ignored_flags(args: &ExportArgs, view: View) -> Vec<String> {
    let mut notes = Vec::new();
    let mut ignore = |flag: &str, applies: &str| {
        notes.push(format!(
            "note: {flag} applies to {applies} only; ignored for the {} view",
            view.label().to_lowercase()
        ))
    };
    if args.indicator.is_some() && matches!(view, View::Compare | View::Multiples) {
        ignore("--indicator", "over-time, ranking and table");
    }
    if args.theme_group.is_some() && view != View::Multiples {
        ignore("--theme-group", "small multiples");
    }
    if args.year.is_some() && view != View::Ranking {
        ignore("--year", "the ranking");
    }
    if args.log && !matches!(view, View::OverTime | View::Multiples) {
        ignore("--log", "over-time and small multiples");
    }
    if args.relative && !matches!(view, View::OverTime | View::Multiples) {
        ignore("--relative", "over-time and small multiples");
    }
    if args.per.is_some() && !matches!(view, View::OverTime | View::Multiples) {
        ignore("--per", "over-time and small multiples");
    }
    notes
}

/// The spec the flags describe.
fn spec_from_flags(args: &ExportArgs) -> anyhow::Result<ChartSpec> {
    let Some(view) = args.view else {
        bail!(
            "say what to export: --view over-time|ranking|compare|multiples|table, or --spec CHART.json"
        );
    };
    let view = View::from(view);
    for note in ignored_flags(args, view) {
        eprintln!("citydash: {note}");
    }
    let mut spec = ChartSpec {
        view,
        ..Default::default()
    };
    if let Some(i) = &args.indicator {
        spec.indicator = i.clone();
    }
    if let Some(t) = args.theme_group {
        spec.theme_group = t.into();
    }
    if !args.cities.is_empty() {
        spec.cities = args
            .cities
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
    }
    spec.from_year = args.from;
    spec.to_year = args.to;
    spec.year = args.year;
    spec.options.log_scale = args.log;
    if let Some(per) = args.per {
        spec.options.per = per;
    }
    if args.relative {
        spec.options.relative = Relative::Index100;
    }
    Ok(spec)
}

/// Applies the size and theme flags over a spec's own.
fn apply_figure_flags(spec: &mut ChartSpec, args: &ExportArgs) {
    if let Some(w) = args.width {
        spec.figure.width = w;
    }
    if let Some(h) = args.height {
        spec.figure.height = h;
    }
    if let Some(s) = args.scale {
        spec.figure.scale = s;
    }
    if args.dark {
        spec.figure.dark = true;
    }
}

/// Loaded data: the combined dataset, the names of its files and their paths.
struct Data {
    dataset: Dataset,
    names: Vec<String>,
    paths: Vec<PathBuf>,
}

/// The rows the charts need: their cities and indicators (an empty list keeps all), so that a
/// large file is turned into observations only where the charts look.
fn rows_needed(jobs: &[ChartSpec]) -> RowFilter {
    let catalog = Catalog::bundled();
    let mut places = Vec::new();
    let mut indicators = Vec::new();
    let (mut all_places, mut all_indicators) = (false, false);
    for spec in jobs {
        if spec.cities.is_empty() {
            all_places = true;
        }
        places.extend(spec.cities.iter().map(|c| query::place_key(catalog, c)));
        match spec.view {
            View::OverTime | View::Ranking | View::Table => {
                indicators.push(query::indicator_key(catalog, &spec.indicator))
            }
            View::Multiples => indicators.extend(
                catalog
                    .indicators
                    .iter()
                    .filter(|i| i.theme == spec.theme_group)
                    .map(|i| i.id.clone()),
            ),
            View::Compare | View::Sources => all_indicators = true,
        }
    }
    if all_places {
        places.clear();
    }
    if all_indicators {
        indicators.clear();
    }
    RowFilter { places, indicators }
}

fn load_data(
    paths: &[PathBuf],
    keep: &RowFilter,
    download: &super::DownloadArgs,
) -> anyhow::Result<Data> {
    if paths.is_empty() {
        let loaded = super::load_samples()?;
        let (dataset, _) = Dataset::combine(loaded.iter().map(|l| &l.dataset))
            .context("the sample data is empty")?;
        return Ok(Data {
            dataset,
            names: super::SAMPLES.iter().map(|(n, _)| n.to_string()).collect(),
            paths: Vec::new(),
        });
    }
    let mut files = Vec::new();
    let mut urls = Vec::new();
    for p in paths {
        let text = p.to_string_lossy();
        if crate::remote::is_url(&text) {
            urls.push(text.into_owned());
            continue;
        }
        if !p.exists() {
            bail!("{}: no such file or folder", p.display());
        }
        let found = crate::data::data_files(p);
        if found.is_empty() {
            bail!("{}: the folder has no data files", p.display());
        }
        files.extend(found);
    }
    let options = LoadOptions {
        keep: Some(keep.clone()),
        ..Default::default()
    };
    let mut datasets = Vec::new();
    let mut names = Vec::new();
    let mut loads = Vec::new();
    for f in &files {
        loads.push((f.display().to_string(), load_path(f, &options)?));
        names.push(
            f.file_name()
                .map_or_else(|| f.display().to_string(), |n| n.to_string_lossy().into()),
        );
    }
    for u in &urls {
        loads.push((u.clone(), super::load_url(u, download, &options)?));
        names.push(u.clone());
    }
    for (name, loaded) in loads {
        if loaded.report.warning_count() > 0 {
            eprintln!(
                "citydash: {name}: {} row(s) skipped, {} conflict(s) resolved; run `citydash check` for details",
                loaded.report.skipped_total, loaded.report.conflicts_total
            );
        }
        datasets.push(loaded.dataset);
    }
    let (dataset, problem) =
        Dataset::combine(datasets.iter()).context("no data files were given")?;
    if let Some(p) = problem {
        eprintln!("citydash: {p}");
    }
    Ok(Data {
        dataset,
        names,
        paths: files,
    })
}

/// Rejects cities and indicators the data does not have, naming what it has.
fn check_spec(spec: &mut ChartSpec, ds: &Dataset) -> anyhow::Result<()> {
    let catalog = Catalog::bundled();
    let places = ds.distinct(col::PLACE);
    let mut cities = Vec::new();
    for c in &spec.cities {
        let key = query::place_key(catalog, c);
        // A city of the gazetteer without data here is no error: the figure says "No data".
        if !places.contains(&key) && catalog.find_place(c).is_none() {
            let known = places
                .iter()
                .take(12)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            bail!(
                "unknown city '{c}': not in the data (it has {}{})",
                known,
                if places.len() > 12 { ", …" } else { "" }
            );
        }
        cities.push(key);
    }
    spec.cities = cities;
    if matches!(spec.view, View::OverTime | View::Ranking | View::Table) {
        let indicators = ds.distinct(col::INDICATOR);
        let key = query::indicator_key(catalog, &spec.indicator);
        if !indicators.contains(&key) {
            bail!(
                "unknown indicator '{}': not in the data (it has {})",
                spec.indicator,
                indicators.join(", ")
            );
        }
        spec.indicator = key;
    }
    if spec.view == View::Compare && !(2..=4).contains(&spec.cities.len()) {
        bail!(
            "compare needs 2 to 4 cities (--cities A,B), got {}",
            spec.cities.len()
        );
    }
    Ok(())
}

/// The output path of each job: one --out per spec, or a folder for all.
fn outputs(args: &ExportArgs, specs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    if specs.len() <= 1 || args.out.len() == specs.len() {
        if args.out.len() != 1.max(specs.len()) {
            bail!("give one --out per chart");
        }
        return Ok(args.out.clone());
    }
    match args.out.as_slice() {
        [dir] if dir.is_dir() => Ok(specs
            .iter()
            .map(|s| {
                let stem = s
                    .file_stem()
                    .map_or("chart".into(), |s| s.to_string_lossy());
                dir.join(format!("{stem}.png"))
            })
            .collect()),
        _ => bail!(
            "{} specs need {} --out paths, or one existing folder",
            specs.len(),
            specs.len()
        ),
    }
}

/// Prints how long each phase took when CITYDASH_PROFILE is set.
struct Phases {
    on: bool,
    last: std::time::Instant,
}

impl Phases {
    fn new() -> Phases {
        Phases {
            on: std::env::var_os("CITYDASH_PROFILE").is_some(),
            last: std::time::Instant::now(),
        }
    }

    fn done(&mut self, what: &str) {
        if self.on {
            eprintln!(
                "citydash: {what}: {:.0} ms",
                self.last.elapsed().as_secs_f64() * 1e3
            );
        }
        self.last = std::time::Instant::now();
    }
}

pub fn run(args: &ExportArgs) -> anyhow::Result<()> {
    let mut phases = Phases::new();
    let mut jobs: Vec<ChartSpec> = Vec::new();
    let mut spec_data: Vec<PathBuf> = Vec::new();
    if args.spec.is_empty() {
        jobs.push(spec_from_flags(args)?);
    } else {
        for path in &args.spec {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read the chart spec", path.display()))?;
            let spec: ChartSpec = serde_json::from_str(&text)
                .with_context(|| format!("{}: not a citydash chart spec", path.display()))?;
            spec_data.extend(spec.data.iter().map(PathBuf::from));
            jobs.push(spec);
        }
    }
    let outs = outputs(args, &args.spec)?;
    for job in &mut jobs {
        apply_figure_flags(job, args);
        job.figure
            .validate()
            .map_err(|e| anyhow::anyhow!("figure size: {e}"))?;
    }
    for out in &outs {
        args.kind(out)?;
        check_writable(out, args.force)?;
    }
    let data_paths = if args.data.is_empty() {
        spec_data.dedup();
        spec_data
    } else {
        args.data.clone()
    };
    // The graphics device starts while the data loads.
    let wants_png = outs
        .iter()
        .any(|o| matches!(args.kind(o), Ok(OutputKind::Png)));
    let device = wants_png.then(|| std::thread::spawn(OffscreenRenderer::new));
    let data = load_data(&data_paths, &rows_needed(&jobs), &args.download)?;
    phases.done("load");
    let inputs: Vec<&Path> = data.paths.iter().map(|p| p.as_path()).collect();
    let mut device = device;
    let mut renderer: Option<OffscreenRenderer> = None;
    for (mut spec, out) in jobs.into_iter().zip(outs) {
        check_spec(&mut spec, &data.dataset)?;
        match args.kind(&out)? {
            OutputKind::Csv => {
                let rows = export::write_chart_csv(
                    &data.dataset,
                    &spec,
                    &data.names,
                    &out,
                    &inputs,
                    args.force,
                )?;
                eprintln!("citydash: wrote {} ({rows} rows)", out.display());
            }
            OutputKind::Png => {
                let fig =
                    crate::chart::figure::prepare(&data.dataset, &spec, &data.names.join(", "))?;
                phases.done("query");
                if renderer.is_none() {
                    let started = device.take().map(|d| {
                        d.join().unwrap_or_else(|_| {
                            Err(export::RenderError::Gpu(
                                "the graphics device panicked".into(),
                            ))
                        })
                    });
                    renderer = Some(match started {
                        Some(r) => r?,
                        None => OffscreenRenderer::new()?,
                    });
                    phases.done("graphics device");
                }
                let r = renderer.as_mut().expect("just created");
                let img = export::render_figure(r, &fig, &spec.figure)?;
                phases.done("render");
                export::write_png(&img, &out, &inputs, args.force)?;
                phases.done("write PNG");
                eprintln!(
                    "citydash: wrote {} ({}×{} px)",
                    out.display(),
                    img.width(),
                    img.height()
                );
            }
        }
    }
    Ok(())
}

/// Fails early (before loading and rendering) on an output that exists without --force or
/// whose folder is missing.
fn check_writable(out: &Path, force: bool) -> anyhow::Result<()> {
    if out.is_file() && !force {
        bail!(
            "{}: already exists (use --force to replace it)",
            out.display()
        );
    }
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        bail!(
            "{}: cannot write: no folder {}",
            out.display(),
            dir.display()
        );
    }
    Ok(())
}
