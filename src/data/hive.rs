//! Folders of Parquet files partitioned hive-style — `indicator=pm25/year=2023/part-0.parquet`,
//! as data lakes and `citydash tidy --to-parquet` write them. A folder opens as one dataset:
//! the files whose indicator or year (from the folder names) the load's row filter leaves out
//! are never opened; polars' lazy scan reads the others, the partitions' values becoming
//! columns; the rows then go through the same loader as a file's.

use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::catalog::Catalog;
use super::dataset::{Dataset, col};
use super::error::LoadError;
use super::options::{LoadOptions, Role, RowFilter};
use super::query::indicator_key;
use super::source::Part;
use super::{LoadReport, Loaded, TimeResolution, sniff::FileFormat};

/// The folder name of a partition without a value (rows without a time), as Hive and polars
/// write it.
const NO_VALUE: &str = "__HIVE_DEFAULT_PARTITION__";

/// True for a folder holding `key=value` folders with Parquet files in them.
pub fn is_hive_folder(path: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(path) else {
        return false;
    };
    entries.flatten().any(|e| {
        let p = e.path();
        p.is_dir()
            && e.file_name().to_string_lossy().contains('=')
            && (is_hive_folder(&p) || has_parquet(&p))
    })
}

fn has_parquet(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "parquet"))
    })
}

/// The Parquet files under `dir` with their partitions (`key=value` folder names on the way).
fn files_of(
    dir: &Path,
    parts: &[(String, String)],
    out: &mut Vec<(PathBuf, Vec<(String, String)>)>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if p.is_dir() {
            let mut parts = parts.to_vec();
            if let Some((k, v)) = name.split_once('=') {
                parts.push((k.to_string(), v.to_string()));
            }
            files_of(&p, &parts, out);
        } else if p.extension().is_some_and(|x| x == "parquet") {
            out.push((p, parts.to_vec()));
        }
    }
}

/// True when a file's partitions may hold rows the filter keeps: its indicator one asked for
/// (or one the catalog does not know: the loader decides) and its year in the range (or none).
fn wanted(parts: &[(String, String)], keep: &RowFilter) -> bool {
    let catalog = Catalog::bundled();
    parts.iter().all(|(k, v)| match k.as_str() {
        col::INDICATOR if !keep.indicators.is_empty() => {
            catalog.find_indicator(v).is_none()
                || keep.indicators.contains(&indicator_key(catalog, v))
        }
        "year" => match v.parse::<i32>() {
            Ok(y) => keep.from_year.is_none_or(|f| y >= f) && keep.to_year.is_none_or(|t| y <= t),
            Err(_) => true,
        },
        _ => true,
    })
}

/// Loads a hive-style folder (see the module's note). Errors name the folder.
pub fn load(dir: &Path, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let shown = dir.display().to_string();
    let failed = |e: PolarsError| LoadError::Parse {
        path: shown.clone(),
        message: format!("reading the partitioned Parquet folder: {e}"),
    };
    let mut files = Vec::new();
    files_of(dir, &[], &mut files);
    let total = files.len();
    let kept: Vec<PlRefPath> = files
        .iter()
        .filter(|(_, parts)| options.keep.as_ref().is_none_or(|k| wanted(parts, k)))
        .map(|(p, _)| PlRefPath::new(p.display().to_string()))
        .collect();
    // With no file kept, the first one still gives the columns, without its rows.
    let (paths, none) = match kept.is_empty() {
        true => (
            files
                .iter()
                .take(1)
                .map(|(p, _)| PlRefPath::new(p.display().to_string()))
                .collect(),
            true,
        ),
        false => (kept, false),
    };
    let read = paths.len();
    let args = ScanArgsParquet {
        hive_options: HiveOptions::new_enabled(),
        ..Default::default()
    };
    let mut lf = LazyFrame::scan_parquet_files(paths.iter().cloned().collect(), args.clone())
        .map_err(failed)?;
    let mut clock = super::timing::PhaseClock::start();
    // When the files hold the time, the year partition's copy would be a second time column.
    if year_repeated(&mut lf, options, &shown).map_err(failed)? {
        lf = lf.drop(Selector::ByName {
            names: Arc::new([PlSmallStr::from("year")]),
            strict: true,
        });
    }
    if none {
        lf = lf.filter(lit(false));
    }
    let scan =
        |file: &PlRefPath| LazyFrame::scan_parquet_files(vec![file.clone()].into(), args.clone());
    clock.lap("folder: year partition");
    // The columns' roles, decided once from the first rows, when the places kept or the
    // means need them.
    let places_asked = options.keep.as_ref().is_some_and(|k| !k.places.is_empty());
    let probed = match places_asked || options.aggregate.is_some() {
        true => probe_loaded(&lf, options, &shown).map_err(failed)?,
        false => None,
    };
    let roles = probed.as_ref().map(|p| &p.report);
    let (mut lf, pushed) = places_kept(lf, roles, &paths, &scan, options).map_err(failed)?;
    clock.lap("folder: places kept");
    let mut fallback = None;
    if let (Some(per), false) = (options.aggregate, none) {
        let means = match &probed {
            Some(probe) => folder_means(&mut lf, probe, per, options, &shown)?,
            None => None,
        };
        clock.lap("folder: means");
        match means {
            Some(Ok(mut loaded)) => {
                loaded.report.notes.push(format!(
                    "a hive-style partitioned Parquet folder: read {} {} of {} rows, computed \
                     by a lazy scan of {read} of its {total} files",
                    loaded.dataset.len(),
                    per.means_label(),
                    super::means::readings_of(&loaded.dataset),
                ));
                return Ok(loaded);
            }
            Some(Err(why)) => fallback = Some(why),
            None => {}
        }
    }
    let frame = lf.collect().map_err(failed)?;
    clock.lap("folder: rows");
    let mut report = LoadReport::new(&shown, FileFormat::Parquet);
    report.notes.extend(fallback);
    report.notes.push(format!(
        "a hive-style partitioned Parquet folder: read {} of its {total} files (the others \
         hold no rows the filters keep){}",
        if none { 0 } else { read },
        match pushed {
            Some(column) => format!(", only the rows whose {column} is a place asked for"),
            None => String::new(),
        }
    ));
    let raw = super::source::RawTable::from_records(frame, Default::default());
    let none: Option<(f64, std::iter::Empty<Result<Part, LoadError>>)> = None;
    let dataset = super::tidy::build(raw, none, None, options, Catalog::bundled(), &mut report)?;
    Ok(Loaded { dataset, report })
}

/// Keeps, in the scan, only the rows of the places the load's filter asks for, so that a
/// chart of a few cities reads their rows alone: the loader decides the place column from
/// the first rows (as for a file), and the column's distinct values whose place (as the
/// loader stores it: gazetteer name, totals left out) is asked for are kept. Returns the
/// place column when it filtered.
fn places_kept(
    mut lf: LazyFrame,
    roles: Option<&LoadReport>,
    files: &[PlRefPath],
    scan: &dyn Fn(&PlRefPath) -> PolarsResult<LazyFrame>,
    options: &LoadOptions,
) -> PolarsResult<(LazyFrame, Option<String>)> {
    let Some(keep) = options.keep.as_ref().filter(|k| !k.places.is_empty()) else {
        return Ok((lf, None));
    };
    let Some(column) = roles.and_then(|r| r.column(Role::Place)) else {
        return Ok((lf, None));
    };
    let catalog = Catalog::bundled();
    // A text column is compared as it is (a cast would keep the filter out of the reader).
    let is_text = lf.collect_schema()?.get(column) == Some(&DataType::String);
    let text = || match is_text {
        true => polars::prelude::col(column),
        false => polars::prelude::col(column).cast(DataType::String),
    };
    // The names, a file at a time (the whole column at once would hold every row's name).
    let mut names = std::collections::BTreeSet::new();
    for file in files {
        let distinct = scan(file)?
            .select([text().alias("name")])
            .unique(None, UniqueKeepStrategy::Any)
            .collect()?;
        let column = distinct.column("name")?.str()?.clone();
        names.extend(column.iter().flatten().map(str::to_string));
    }
    let kept = names
        .into_iter()
        .filter(|n| super::db::stored_place(catalog, n).is_some_and(|p| keep.places.contains(&p)))
        .map(|n| text().eq(lit(n)))
        .reduce(|a, b| a.or(b))
        .unwrap_or(lit(false));
    Ok((lf.filter(kept), Some(column.to_string())))
}

/// True when the files hold the time the `year` partition repeats: a `time` column (as
/// citydash writes them), or a date, datetime or ISO 8601 text column the loader takes as the
/// time without the partition, whose year is the partition's in the first rows (not, say, a
/// `last_updated` column or a month number).
fn year_repeated(lf: &mut LazyFrame, options: &LoadOptions, shown: &str) -> PolarsResult<bool> {
    let schema = lf.collect_schema()?;
    if !schema.contains("year") {
        return Ok(false);
    }
    if schema.contains(col::TIME) {
        return Ok(true);
    }
    let without = lf.clone().drop(Selector::ByName {
        names: Arc::new([PlSmallStr::from("year")]),
        strict: true,
    });
    let report = probe_loaded(&without, options, shown)?.map(|l| l.report);
    let Some(time) = report.as_ref().and_then(|r| r.column(Role::Time)) else {
        return Ok(false);
    };
    let t = || polars::prelude::col(time);
    let year = || polars::prelude::col("year").cast(DataType::Int32);
    let same = match schema.get(time) {
        Some(DataType::Date | DataType::Datetime(..)) => t().dt().year().eq(year()),
        // ISO 8601 text (`2023-05-15`, `2023-05-15T06:00`) starts with its year.
        Some(DataType::String) => t()
            .str()
            .slice(lit(0), lit(4))
            .eq(year().cast(DataType::String)),
        _ => return Ok(false),
    };
    let sample = lf
        .clone()
        .limit(PROBE_ROWS)
        .select([same.or(t().is_null()).all(true).alias("same")])
        .collect()?;
    Ok(sample.column("same")?.bool()?.get(0) == Some(true))
}

/// Rows the loader decides a folder's columns from, as for a database table.
const PROBE_ROWS: u32 = 500;

/// The folder's first rows loaded (without the row filter: they need not hold the places
/// asked for): the columns' roles as the loader decides them, in its report, and the times'
/// resolution. `None` when those rows do not load.
fn probe_loaded(
    lf: &LazyFrame,
    options: &LoadOptions,
    shown: &str,
) -> PolarsResult<Option<Loaded>> {
    let sample = lf.clone().limit(PROBE_ROWS).collect()?;
    let raw = super::source::RawTable::from_records(sample, Default::default());
    let unfiltered = LoadOptions {
        keep: None,
        aggregate: None,
        ..options.clone()
    };
    let mut report = LoadReport::new(shown, FileFormat::Parquet);
    let none: Option<(f64, std::iter::Empty<Result<Part, LoadError>>)> = None;
    let built = super::tidy::build(
        raw,
        none,
        None,
        &unfiltered,
        Catalog::bundled(),
        &mut report,
    );
    Ok(built.ok().map(|dataset| Loaded { dataset, report }))
}

/// The folder's means per `per`, computed by polars' lazy engine over the rows the scan keeps
/// (see [`super::means`]), its columns' roles from `probe` ([`probe_loaded`]): `None` when
/// the folder cannot give them (its time not a date or datetime column, its values not
/// numbers); the inner error says why the means could not stand for the rows (the caller
/// then reads the rows).
fn folder_means(
    lf: &mut LazyFrame,
    probe: &Loaded,
    per: super::query::Period,
    options: &LoadOptions,
    shown: &str,
) -> Result<Option<Result<Loaded, String>>, LoadError> {
    let failed = |e: PolarsError| LoadError::Parse {
        path: shown.to_string(),
        message: format!("computing the folder's means: {e}"),
    };
    let mut schema = lf.collect_schema().map_err(failed)?;
    let mut scan = lf.clone();
    // Times written as ISO text (as `tidy --to-parquet` writes them) are parsed in the scan,
    // when every one of them parses; else the rows are read and the loader reads them.
    let time = probe.report.column(super::Role::Time);
    if let Some(t) = time.filter(|t| schema.get(t) == Some(&DataType::String)) {
        let Some(parsed) = text_times(lf, t, probe.dataset.resolution).map_err(failed)? else {
            return Ok(None);
        };
        // Only for the means: the rows, if read instead, keep their text.
        scan = lf.clone().with_column(parsed.alias(t));
        schema = scan.collect_schema().map_err(failed)?;
    }
    let columns: Vec<(String, String)> = schema
        .iter()
        .map(|(name, dtype)| (name.to_string(), sql_kind(dtype).to_string()))
        .collect();
    let Some(plan) = super::means::Plan::of(&columns, probe, per) else {
        return Ok(None);
    };
    let groups = groups_of(scan, &plan).map_err(failed)?;
    super::means::from_groups(&plan, &groups, shown, options).map(Some)
}

/// The expression parsing the text times of column `t`, written at `resolution` as citydash
/// writes them (`2023`, `2023-05`, `2023-05-01`, `2023-05-01T12:00:00Z`), when every
/// non-null one parses (a scan of the column); `None` otherwise.
fn text_times(lf: &LazyFrame, t: &str, resolution: TimeResolution) -> PolarsResult<Option<Expr>> {
    use polars::prelude::col as c;
    let options = |format: &str| StrptimeOptions {
        format: Some(format.into()),
        strict: false,
        exact: true,
        cache: true,
    };
    let date = |e: Expr| e.str().to_date(options("%Y-%m-%d"));
    let parsed = match resolution {
        TimeResolution::Year => date(c(t) + lit("-01-01")),
        TimeResolution::Month => date(c(t) + lit("-01")),
        TimeResolution::Date => date(c(t)),
        TimeResolution::Timestamp => c(t).str().to_datetime(
            Some(TimeUnit::Milliseconds),
            None,
            options("%Y-%m-%dT%H:%M:%SZ"),
            lit("raise"),
        ),
    };
    let failed = c(t).is_not_null().and(parsed.clone().is_null());
    let counted = lf
        .clone()
        .select([failed.cast(DataType::UInt64).sum().alias("failed")])
        .collect()?;
    let failures = counted.column("failed")?.u64()?.get(0).unwrap_or(0);
    Ok((failures == 0).then_some(parsed))
}

/// A polars type as SQL names it, for [`super::means::Plan::of`].
fn sql_kind(dtype: &DataType) -> &'static str {
    match dtype {
        DataType::Date => "date",
        DataType::Datetime(..) => "timestamp",
        DataType::Float64 | DataType::Float32 => "double precision",
        d if d.is_integer() => "bigint",
        _ => "text",
    }
}

/// The groups of `plan` over the rows of `lf` with a value: keys as text, the period's year
/// and month, the mean, readings, distinct days, months and times, the extremes.
fn groups_of(lf: LazyFrame, plan: &super::means::Plan) -> PolarsResult<Vec<super::means::Group>> {
    use polars::prelude::col as c;
    let ms = DataType::Datetime(TimeUnit::Milliseconds, None);
    let t = || c(plan.time.as_str()).cast(ms.clone());
    let v = || c(plan.value.as_str()).cast(DataType::Float64);
    let mut keys: Vec<Expr> = (plan.keys.iter().enumerate())
        .map(|(i, (_, name))| {
            c(name.as_str())
                .cast(DataType::String)
                .alias(format!("_k{i}"))
        })
        .collect();
    keys.push(t().dt().year().alias("_y"));
    keys.push(match plan.per {
        super::query::Period::Year => lit(1i8).cast(DataType::Int8).alias("_m"),
        _ => t().dt().month().cast(DataType::Int8).alias("_m"),
    });
    let count = |e: Expr| e.cast(DataType::Int64);
    let frame = lf
        .filter(v().is_not_null())
        .group_by(keys)
        .agg([
            v().mean().alias("_mean"),
            count(v().count()).alias("_n"),
            count(t().dt().date().n_unique()).alias("_days"),
            count(t().dt().month().n_unique()).alias("_months"),
            v().min().alias("_min"),
            v().max().alias("_max"),
            count(t().n_unique()).alias("_times"),
        ])
        .collect()?;
    let text =
        |name: &str| -> PolarsResult<StringChunked> { Ok(frame.column(name)?.str()?.clone()) };
    let keys: Vec<StringChunked> = (0..plan.keys.len())
        .map(|i| text(&format!("_k{i}")))
        .collect::<PolarsResult<_>>()?;
    let number =
        |name: &str| -> PolarsResult<Float64Chunked> { Ok(frame.column(name)?.f64()?.clone()) };
    let whole =
        |name: &str| -> PolarsResult<Int64Chunked> { Ok(frame.column(name)?.i64()?.clone()) };
    let (year, month) = (
        frame.column("_y")?.i32()?.clone(),
        frame.column("_m")?.i8()?.clone(),
    );
    let (mean, min, max) = (number("_mean")?, number("_min")?, number("_max")?);
    let (n, days, months, times) = (
        whole("_n")?,
        whole("_days")?,
        whole("_months")?,
        whole("_times")?,
    );
    Ok((0..frame.height())
        .map(|i| super::means::Group {
            keys: keys.iter().map(|k| k.get(i).map(str::to_string)).collect(),
            period: year
                .get(i)
                .map(|y| format!("{y:04}-{:02}-01", month.get(i).unwrap_or(1))),
            mean: mean.get(i).unwrap_or(f64::NAN),
            readings: n.get(i).unwrap_or(0),
            days: days.get(i).unwrap_or(0),
            months: months.get(i).unwrap_or(0),
            min: min.get(i).unwrap_or(f64::NAN),
            max: max.get(i).unwrap_or(f64::NAN),
            times: times.get(i).unwrap_or(0),
        })
        .collect())
}

/// Writes a dataset as a hive-style folder `dir` partitioned by indicator and year
/// (`indicator=pm25/year=2023/part-0.parquet`; rows without a time under
/// `year=__HIVE_DEFAULT_PARTITION__`), each file holding place, country, time, value, unit,
/// source (and station): text, but the value (f64); the time written to its resolution
/// (`2023`, `2023-05`, `2023-05-01`, ISO 8601 timestamps in UTC). The folder is written beside `dir` and
/// moved into place at the end, so a failed write leaves nothing; an existing `dir` is replaced
/// only with `force`. Returns the number of files written.
pub fn write(ds: &Dataset, dir: &Path, force: bool) -> Result<usize, String> {
    if dir.exists() && !force {
        return Err(format!(
            "{}: already exists (add --force to replace it)",
            dir.display()
        ));
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    let tmp = tempfile::Builder::new()
        .prefix(".citydash-parquet-")
        .tempdir_in(parent)
        .map_err(|e| format!("{}: {e}", parent.display()))?;
    let files = write_partitions(ds, tmp.path()).map_err(|e| format!("{}: {e}", dir.display()))?;
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let kept: PathBuf = tmp.keep();
    std::fs::rename(&kept, dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(files)
}

/// Writes the partitions under `root`; returns how many files. Rows are grouped by their
/// indicator's category id and year, and each partition is turned into text (labels, and times
/// at each row's resolution) on its own, so the peak is the dataset and one partition.
fn write_partitions(ds: &Dataset, root: &Path) -> PolarsResult<usize> {
    let frame = &ds.frame;
    let times = frame.column(col::TIME)?.cast(&DataType::Int64)?;
    let times = times.i64()?;
    let indicators = frame.column(col::INDICATOR)?.cat32()?;
    let mapping = indicators.get_mapping().clone();
    let mut groups: PlHashMap<(Option<u32>, Option<i32>), Vec<IdxSize>> = PlHashMap::default();
    for (i, (id, t)) in indicators.physical().iter().zip(times.iter()).enumerate() {
        let year = t.map(super::time::year_of);
        groups.entry((id, year)).or_default().push(i as IdxSize);
    }
    // Times as text written to each row's resolution ("2020", "2020-03", "2020-03-05", or an
    // ISO timestamp), so that annual values load back as annual, not as instants of 1 January.
    let resolutions = ds.row_resolutions();
    let kept: Vec<&str> = [
        col::PLACE,
        col::COUNTRY,
        col::TIME,
        col::VALUE,
        col::UNIT,
        col::SOURCE,
        col::STATION,
    ]
    .into_iter()
    .filter(|c| frame.column(c).is_ok())
    .collect();
    let selected = frame.select(kept)?;
    let mut partitions: Vec<(String, Option<i32>, Vec<IdxSize>)> = groups
        .into_iter()
        .map(|((id, year), rows)| {
            let name = id.and_then(|id| mapping.cat_to_str(id)).unwrap_or("");
            (name.to_string(), year, rows)
        })
        .collect();
    partitions.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    for (indicator, year, rows) in &partitions {
        let year = year.map_or(NO_VALUE.to_string(), |y| y.to_string());
        let dir = root
            .join(format!("indicator={}", escape(indicator)))
            .join(format!("year={year}"));
        std::fs::create_dir_all(&dir)?;
        let idx = IdxCa::from_vec("rows".into(), rows.clone());
        let mut part = selected.take(&idx)?;
        for name in col::CATEGORICAL {
            if let Ok(c) = part.column(name) {
                let c = c.cast(&DataType::String)?;
                part.with_column(c)?;
            }
        }
        let part_times = times.take(&idx)?;
        let text_times: StringChunked = part_times
            .iter()
            .zip(rows)
            .map(|(t, &i)| {
                let r = resolutions
                    .as_ref()
                    .map_or(ds.resolution, |r| r[i as usize]);
                t.map(|ms| super::time::format_time(ms, r))
            })
            .collect();
        part.with_column(text_times.with_name(col::TIME.into()).into_column())?;
        let file = std::fs::File::create(dir.join("part-0.parquet"))?;
        ParquetWriter::new(file).finish(&mut part)?;
    }
    Ok(partitions.len())
}

/// A partition value as a folder name: `/`, `=`, `%` and control characters escaped as
/// `%XX` (as Hive does), everything else kept.
fn escape(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        match c {
            '/' | '\\' | '=' | '%' | ':' | '\0'..='\x1f' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}
