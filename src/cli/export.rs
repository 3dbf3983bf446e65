//! `citydash export`: charts as PNG figures and their data as CSV, with no window and no
//! display; one chart from flags, or several chart specs (JSON) in one run. A thin shell:
//! the data opens through [`crate::data::open`], each chart goes through
//! [`crate::chart::prepare`], and [`crate::export`] writes it.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;

use crate::chart::{
    ChartQuery, ChartSpec, PreparedChart, Relative, View,
    query::{means_needed, rows_needed},
};
use crate::data::catalog::Theme;
use crate::data::open::{self, Origin};
use crate::data::query::Period;
use crate::data::{Dataset, LoadOptions};
use crate::export::{self, FigureRenderer, OutputKind, RendererKind};

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A data file, a folder (every data file in it) or an http(s) URL. Repeatable. Default: the spec's data,
    /// else the bundled sample data.
    #[arg(long, value_name = "PATH")]
    pub data: Vec<PathBuf>,
    /// A table on a PostgreSQL (or Citus, TimescaleDB…) server:
    /// postgresql://USER@HOST:PORT/DB?table=NAME (password from PGPASSWORD). Only the rows
    /// the charts need are fetched. Repeatable, and combines with --data.
    #[arg(long, value_name = "URI")]
    pub db: Vec<String>,
    /// Say which column plays which role when detection guesses wrong: ROLE=COLUMN pairs,
    /// comma-separated (as for `check`), for every data file and table.
    #[arg(long, value_name = "ROLE=COL,...")]
    pub map: Option<String>,
    /// A chart spec (JSON, as saved by the window). Repeatable: several specs render in one run.
    #[arg(long, value_name = "CHART.json", conflicts_with = "view")]
    pub spec: Vec<PathBuf>,
    /// The view to export.
    #[arg(long, value_enum)]
    pub view: Option<View>,
    /// The indicator of over-time, ranking and table: a catalog id (pm25, …) or the name in the file.
    #[arg(long, value_name = "ID")]
    pub indicator: Option<String>,
    /// The scatter's X indicator (default renewable_share).
    #[arg(long = "x-indicator", value_name = "ID")]
    pub x_indicator: Option<String>,
    /// The scatter's Y indicator (the same as --indicator; default pm25).
    #[arg(long = "y-indicator", value_name = "ID", conflicts_with = "indicator")]
    pub y_indicator: Option<String>,
    /// The scatter: a third indicator shown as the size of the points.
    #[arg(long = "size-indicator", value_name = "ID")]
    pub size_indicator: Option<String>,
    /// The scatter: logarithmic X axis.
    #[arg(long = "log-x")]
    pub log_x: bool,
    /// The scatter: logarithmic Y axis.
    #[arg(long = "log-y")]
    pub log_y: bool,
    /// The scatter: draw the least-squares line and give its r².
    #[arg(long)]
    pub fit: bool,
    /// The scorecard: a targets file (TOML, as assets/targets.toml) whose national or city
    /// targets join the bundled ones. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub targets: Vec<PathBuf>,
    /// The theme whose indicators small multiples show.
    #[arg(long = "theme-group", value_enum, value_name = "THEME")]
    pub theme_group: Option<Theme>,
    /// Cities, comma-separated, under any of their names (Nur-Sultan → Astana). Default: every
    /// place for the ranking, map, scatter and scorecard; five Central Asian capitals otherwise.
    #[arg(long, value_delimiter = ',', value_name = "A,B,C")]
    pub cities: Vec<String>,
    /// First year.
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,
    /// Last year.
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,
    /// The year of the ranking and the scatter (default: the latest with data; for the
    /// scatter, the latest most places have both values for); the scorecard's values are the
    /// latest up to it.
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// Logarithmic value axis (over time, small multiples).
    #[arg(long)]
    pub log: bool,
    /// Index each city to 100 at the base year (over time, small multiples).
    #[arg(long)]
    pub relative: bool,
    /// The base year of --relative (default: the first year every city has a value for).
    #[arg(long, value_name = "YEAR", requires = "relative")]
    pub base_year: Option<i32>,
    /// Compare: the reference city, shown first (default: the first of --cities).
    #[arg(long, value_name = "CITY")]
    pub reference: Option<String>,
    /// Compare: each city's latest value (`latest`, default), the latest year all cities
    /// share (`common`), or one year.
    #[arg(long, value_name = "latest|common|YEAR", value_parser = parse_compare_year)]
    pub compare_year: Option<crate::chart::compare::CompareYear>,
    /// Means per year (default), month or day for sub-annual data (over time, small multiples).
    #[arg(long, value_enum, value_name = "PERIOD")]
    pub per: Option<Period>,
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
    /// The language of the figure's words and numbers (default: the spec's, else English;
    /// never the machine's locale, so scripts give the same figure everywhere).
    #[arg(long, value_enum, value_name = "LANG")]
    pub lang: Option<crate::i18n::Lang>,
    /// How PNG figures are drawn: on the CPU (default; no graphics device needed) or with wgpu
    /// (a GPU, or Mesa's software Vulkan).
    #[arg(long, value_enum, default_value_t = RendererKind::Cpu, value_name = "RENDERER")]
    pub renderer: RendererKind,
    /// Replace output files that exist.
    #[arg(long)]
    pub force: bool,
    /// The output format when the output's extension does not say (e.g. /dev/stdout).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputKind>,
    #[command(flatten)]
    pub download: super::DownloadArgs,
    /// Output: OUT.png (the chart), OUT.svg (the chart as vectors, with real text) or OUT.csv
    /// (its data). With several specs, one --out per
    /// spec, or a folder to write SPEC-NAME.png into.
    #[arg(long, short, value_name = "OUT", required = true)]
    pub out: Vec<PathBuf>,
}

/// `latest`, `common` or a year.
fn parse_compare_year(text: &str) -> Result<crate::chart::compare::CompareYear, String> {
    use crate::chart::compare::CompareYear;
    match text.trim() {
        "latest" => Ok(CompareYear::Latest),
        "common" => Ok(CompareYear::Common),
        y => y
            .parse()
            .map(CompareYear::Year)
            .map_err(|_| format!("expected latest, common or a year, got {y:?}")),
    }
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
    let over_time = matches!(view, View::OverTime | View::Multiples);
    if args.indicator.is_some() && !view.uses_indicator() {
        ignore("--indicator", "over-time, ranking, scatter and table");
    }
    let scatter_flags = [
        (args.x_indicator.is_some(), "--x-indicator"),
        (args.y_indicator.is_some(), "--y-indicator"),
        (args.log_x, "--log-x"),
        (args.log_y, "--log-y"),
        (args.fit, "--fit"),
    ];
    if args.size_indicator.is_some() && !matches!(view, View::Scatter | View::Map) {
        ignore("--size-indicator", "the map and the scatter");
    }
    for (set, flag) in scatter_flags {
        if set && view != View::Scatter {
            ignore(flag, "the scatter");
        }
    }
    if args.theme_group.is_some() && view != View::Multiples {
        ignore("--theme-group", "small multiples");
    }
    if args.year.is_some()
        && !matches!(
            view,
            View::Ranking | View::Scatter | View::Scorecard | View::Map
        )
    {
        ignore(
            "--year",
            "the ranking, the map, the scatter and the scorecard",
        );
    }
    if !args.targets.is_empty() && view != View::Scorecard {
        ignore("--targets", "the scorecard");
    }
    for (set, flag) in [
        (args.log, "--log"),
        (args.relative, "--relative"),
        (args.per.is_some(), "--per"),
    ] {
        if set && !over_time {
            ignore(flag, "over-time and small multiples");
        }
    }
    notes
}

/// The query the flags describe.
fn query_from_flags(args: &ExportArgs) -> anyhow::Result<ChartQuery> {
    let Some(view) = args.view else {
        bail!(
            "say what to export: --view over-time|ranking|compare|multiples|map|scatter|scorecard|table, or --spec CHART.json"
        );
    };
    for note in ignored_flags(args, view) {
        eprintln!("citydash: {note}");
    }
    let mut q = ChartQuery {
        view,
        from_year: args.from,
        to_year: args.to,
        year: args.year,
        ..Default::default()
    };
    if let Some(i) = args.indicator.as_ref().or(args.y_indicator.as_ref()) {
        q.indicator = i.clone();
    }
    if let Some(x) = &args.x_indicator {
        q.x_indicator = x.clone();
    }
    q.size_indicator = args.size_indicator.clone();
    q.scatter.log_x = args.log_x;
    q.scatter.log_y = args.log_y;
    q.scatter.fit_line = args.fit;
    if let Some(t) = args.theme_group {
        q.theme_group = t;
    }
    // Views that show every place when none is chosen do so here too: a map or a ranking of
    // country-level data has none of the default capitals.
    if args.cities.is_empty()
        && matches!(
            view,
            View::Ranking | View::Map | View::Scatter | View::Scorecard
        )
    {
        q.cities.clear();
    }
    if !args.cities.is_empty() {
        q.cities = args
            .cities
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
    }
    q.options.log_scale = args.log;
    if let Some(per) = args.per {
        q.options.per = per;
    }
    if args.relative {
        q.options.relative = Relative::Index100;
    }
    q.options.base_year = args.base_year;
    q.reference = args.reference.clone();
    if let Some(y) = args.compare_year {
        q.compare_year = y;
    }
    Ok(q)
}

/// Applies the size and theme flags over a spec's own.
fn apply_figure_flags(spec: &mut ChartSpec, args: &ExportArgs) {
    let f = &mut spec.figure;
    f.width = args.width.unwrap_or(f.width);
    f.height = args.height.unwrap_or(f.height);
    f.scale = args.scale.unwrap_or(f.scale);
    f.dark |= args.dark;
    if let Some(lang) = args.lang {
        f.lang = lang;
    }
}

/// The charts to export: from flags, or from spec files.
fn jobs(args: &ExportArgs) -> anyhow::Result<Vec<ChartSpec>> {
    if args.spec.is_empty() {
        return Ok(vec![ChartSpec {
            query: query_from_flags(args)?,
            ..Default::default()
        }]);
    }
    args.spec
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read the chart spec", path.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("{}: not a citydash chart spec", path.display()))
        })
        .collect()
}

/// Loaded data: the combined dataset, the names of its files and their paths.
struct Data {
    dataset: Dataset,
    names: Vec<String>,
    paths: Vec<PathBuf>,
}

/// Opens the data (the samples when no path is given), keeping only the rows the charts need.
fn load_data(paths: &[PathBuf], queries: &[ChartQuery], args: &ExportArgs) -> anyhow::Result<Data> {
    let download = &args.download;
    let origins = match paths.is_empty() {
        true => open::samples(),
        false => open::expand(paths)?,
    };
    let mapping = match &args.map {
        Some(m) => crate::data::ColumnMapping::parse(m)?,
        None => Default::default(),
    };
    // Database tables and partitioned Parquet folders: the means the charts draw are computed
    // where the data lies (combined with files' readings, each mean weighs as the readings
    // behind it).
    let any_table = origins.iter().any(Origin::asked_per_view);
    let options = LoadOptions {
        keep: Some(rows_needed(queries)),
        aggregate: any_table.then(|| means_needed(queries)).flatten(),
        ..Default::default()
    }
    .with_mapping(mapping);
    let mut datasets = Vec::new();
    let mut names = Vec::new();
    for o in &origins {
        let opened = super::open_with_progress(o, &options, download)?;
        let r = &opened.loaded.report;
        if r.warning_count() > 0 {
            eprintln!(
                "citydash: {}: {} value(s) skipped, {} conflict(s) resolved; run `citydash check` for details",
                opened.name, r.skipped_total, r.conflicts_total
            );
        }
        names.push(match o {
            Origin::File(f) => Path::new(f)
                .file_name()
                .map_or_else(|| f.clone(), |n| n.to_string_lossy().into_owned()),
            _ => opened.name.clone(),
        });
        datasets.push(opened.loaded.dataset);
    }
    let (dataset, problem) =
        Dataset::combine(datasets.iter()).context("no data files were given")?;
    if let Some(p) = problem {
        eprintln!("citydash: {p}");
    }
    let paths = origins
        .iter()
        .filter_map(|o| match o {
            Origin::File(f) => Some(PathBuf::from(f)),
            _ => None,
        })
        .collect();
    Ok(Data {
        dataset,
        names,
        paths,
    })
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
            // Linux's peak resident memory so far, where /proc has it.
            let peak = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
                    Some(format!(", peak {}", line[6..].trim()))
                })
                .unwrap_or_default();
            eprintln!(
                "citydash: {what}: {:.0} ms{peak}",
                self.last.elapsed().as_secs_f64() * 1e3
            );
        }
        self.last = std::time::Instant::now();
    }
}

pub fn run(args: &ExportArgs) -> anyhow::Result<()> {
    let mut phases = Phases::new();
    crate::data::targets::add_user_file()?;
    for file in &args.targets {
        crate::data::targets::add_file(file)?;
    }
    let mut jobs = jobs(args)?;
    let outs = outputs(args, &args.spec)?;
    for job in &mut jobs {
        apply_figure_flags(job, args);
        job.figure
            .validate()
            .map_err(|e| anyhow::anyhow!("figure size: {e}"))?;
    }
    let kinds = outs
        .iter()
        .map(|o| args.format.map_or_else(|| OutputKind::of(o), Ok))
        .collect::<Result<Vec<_>, _>>()?;
    for out in &outs {
        check_writable(out, args.force)?;
    }
    let mut data_paths = args.data.clone();
    data_paths.extend(args.db.iter().map(PathBuf::from));
    if data_paths.is_empty() {
        data_paths = jobs
            .iter()
            .flat_map(|j| j.data.iter().map(PathBuf::from))
            .collect();
        data_paths.dedup();
    }
    // A wgpu device starts on another core while the data loads. The CPU renderer needs no
    // start; it once rasterised common glyphs here, which took a core from the load and made
    // a tiny export 2–4 ms slower with no gain on larger ones (A/B, 40 interleaved runs).
    let kind = args.renderer;
    let first_png = kinds.contains(&OutputKind::Png);
    let device = first_png.then(|| std::thread::spawn(move || FigureRenderer::new(kind)));
    let queries: Vec<ChartQuery> = jobs.iter().map(|j| j.query.clone()).collect();
    let data = load_data(&data_paths, &queries, args)?;
    phases.done("load");
    let mut renderer = Renderer {
        kind,
        device,
        ready: None,
    };
    for ((spec, out), kind) in jobs.iter().zip(&outs).zip(kinds) {
        let query = spec.query.validate(&data.dataset)?;
        let chart = crate::chart::prepare(&data.dataset, &query)?;
        phases.done("query");
        for note in &chart.notes {
            // The command line speaks English, whatever the figure's language.
            let note = note.localize(crate::i18n::Lang::En);
            eprintln!("citydash: {}: {note}", out.display());
        }
        write_one(
            &data,
            &chart,
            spec,
            out,
            kind,
            args.force,
            &mut renderer,
            &mut phases,
        )?;
    }
    Ok(())
}

/// The figure renderer: started on a thread while the data loads and taken when the first
/// PNG needs it.
struct Renderer {
    kind: RendererKind,
    device: Option<std::thread::JoinHandle<Result<FigureRenderer, export::RenderError>>>,
    ready: Option<FigureRenderer>,
}

impl Renderer {
    fn get(&mut self) -> anyhow::Result<&mut FigureRenderer> {
        if self.ready.is_none() {
            let started = match self.device.take() {
                Some(d) => d.join().unwrap_or_else(|_| {
                    Err(export::RenderError::Gpu(
                        "the renderer panicked while starting".into(),
                    ))
                }),
                None => FigureRenderer::new(self.kind),
            };
            self.ready = Some(started?);
        }
        self.ready.as_mut().context("no renderer")
    }
}

/// Writes one prepared chart as PNG or CSV.
#[allow(clippy::too_many_arguments)]
fn write_one(
    data: &Data,
    chart: &PreparedChart,
    spec: &ChartSpec,
    out: &Path,
    kind: OutputKind,
    force: bool,
    renderer: &mut Renderer,
    phases: &mut Phases,
) -> anyhow::Result<()> {
    let inputs: Vec<&Path> = data.paths.iter().map(|p| p.as_path()).collect();
    match kind {
        OutputKind::Csv => {
            let rows = export::write_chart_csv(chart, &data.names, out, &inputs, force)?;
            eprintln!("citydash: wrote {} ({rows} rows)", out.display());
        }
        OutputKind::Svg => {
            let fallback = data.names.join(", ");
            let [w, h] = export::write_svg(chart, &fallback, &spec.figure, out, &inputs, force)?;
            phases.done("write SVG");
            eprintln!("citydash: wrote {} ({w}×{h} px, vector)", out.display());
        }
        OutputKind::Png => {
            let r = renderer.get()?;
            phases.done("graphics device");
            let target = export::PngTarget {
                path: out,
                inputs: &inputs,
                force,
                cancel: None,
            };
            let fallback = data.names.join(", ");
            let [w, h] = export::write_figure(r, chart, &fallback, &spec.figure, &target)?;
            phases.done("render and write PNG");
            eprintln!("citydash: wrote {} ({w}×{h} px)", out.display());
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
