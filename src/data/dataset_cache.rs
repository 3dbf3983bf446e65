//! A columnar cache of loaded datasets. The first load of a file stores its tidy dataset (as
//! Parquet, through polars: dictionary codes, times and values) and its load report (JSON)
//! under the cache directory; the next open of the unchanged file with the same options reads
//! them instead of parsing. Entries are keyed on the file's path, size, modification time and
//! a CRC-32 of its first and last mebibyte, citydash's version and the load options. Writes
//! are atomic; the metadata is written last, so an entry without it does not exist. A damaged
//! entry is removed and the file parsed, never an error. Least recently used entries go first
//! when the cache outgrows its limit.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::dataset::{Labels, NULL_CODE, NULL_TIME, ObservationColumns, col};
use super::{Dataset, LoadOptions, LoadReport, Loaded, TimeResolution};

/// The default size limit, in bytes (`CITYDASH_CACHE_MAX_MB` overrides it).
pub const DEFAULT_MAX_BYTES: u64 = 4 << 30;
/// How much of each end of a file the key hashes.
const HASHED: u64 = 1 << 20;

/// The categorical columns stored as codes, in the order of [`col::ALL`].
const CODED: [&str; 6] = col::CATEGORICAL;

/// The dataset cache in a directory.
#[derive(Debug, Clone)]
pub struct DatasetCache {
    dir: PathBuf,
    max_bytes: u64,
}

/// What an entry's JSON holds besides the Parquet file.
#[derive(Serialize, Deserialize)]
struct Meta {
    version: String,
    key: String,
    rows: usize,
    resolution: TimeResolution,
    /// The labels of each coded column (empty for a column the dataset lacks).
    labels: Vec<Vec<String>>,
    report: LoadReport,
    /// A dataset of means (a database's): their period; the weights are columns.
    #[serde(default)]
    aggregated: Option<super::query::Period>,
    /// Sources cut at a row cap: each one's name and rows read.
    #[serde(default)]
    cuts: Vec<(String, usize, Option<super::query::Period>)>,
    /// When the entry was stored, in seconds since 1970 (0 when unknown).
    #[serde(default)]
    stored: u64,
}

/// The weight columns of a dataset of means, stored as they are.
const WEIGHTS: [&str; 3] = [col::READINGS, col::DAYS, col::MONTHS];

impl DatasetCache {
    /// A cache in `dir` holding at most `max_bytes`.
    pub fn new(dir: impl Into<PathBuf>, max_bytes: u64) -> DatasetCache {
        DatasetCache {
            dir: dir.into(),
            max_bytes,
        }
    }

    /// `$CITYDASH_CACHE_DIR/datasets`, else the platform's cache folder for citydash
    /// (`~/.cache/citydash/datasets`); `None` when `CITYDASH_NO_CACHE` is set or there is no
    /// home folder.
    pub fn default_location() -> Option<DatasetCache> {
        if std::env::var_os("CITYDASH_NO_CACHE").is_some() {
            return None;
        }
        let max = std::env::var("CITYDASH_CACHE_MAX_MB")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(DEFAULT_MAX_BYTES, |mb| mb << 20);
        let dir = match std::env::var_os("CITYDASH_CACHE_DIR") {
            Some(d) => PathBuf::from(d),
            None => directories::ProjectDirs::from("org", "citydash", "citydash")?
                .cache_dir()
                .to_path_buf(),
        };
        Some(DatasetCache::new(dir.join("datasets"), max))
    }

    /// The key of a file loaded with `options` (its row filter aside: a filtered load reads
    /// the whole file's entry and filters it). Errors for what is not a regular file.
    pub fn key(path: &Path, options: &LoadOptions) -> std::io::Result<String> {
        let meta = std::fs::metadata(path)?;
        // Only regular files: reading the head of a pipe or device would consume it.
        if !meta.is_file() {
            return Err(std::io::Error::other("not a regular file"));
        }
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let mut crc = crc32fast::Hasher::new();
        let mut file = std::fs::File::open(path)?;
        let mut block = vec![0; HASHED.min(meta.len()) as usize];
        file.read_exact(&mut block)?;
        crc.update(&block);
        if meta.len() > HASHED {
            file.seek(SeekFrom::Start(meta.len() - HASHED))?;
            file.read_exact(&mut block)?;
            crc.update(&block);
        }
        let options = LoadOptions {
            keep: None,
            ..options.clone()
        };
        let identity = format!(
            "{}|{}|{}|{modified}|{:08x}|{}",
            env!("CARGO_PKG_VERSION"),
            std::fs::canonicalize(path)?.display(),
            meta.len(),
            crc.finalize(),
            serde_json::to_string(&options).unwrap_or_default()
        );
        let mut h = crc32fast::Hasher::new();
        h.update(identity.as_bytes());
        let mut h2 = crc32fast::Hasher::new_with_initial(0x9e37_79b9);
        h2.update(identity.as_bytes());
        Ok(format!(
            "{:08x}{:08x}-{}",
            h.finalize(),
            h2.finalize(),
            meta.len()
        ))
    }

    fn paths(&self, key: &str) -> (PathBuf, PathBuf) {
        (
            self.dir.join(format!("{key}.parquet")),
            self.dir.join(format!("{key}.json")),
        )
    }

    /// The cached dataset of `key`, or `None` (a damaged entry is removed).
    pub fn get(&self, key: &str) -> Option<Loaded> {
        let (data, meta_path) = self.paths(key);
        let meta_bytes = std::fs::read(&meta_path).ok()?;
        match read_entry(&data, &meta_bytes, key) {
            Ok(loaded) => {
                // Used now: the last to be evicted.
                let now = std::fs::FileTimes::new().set_modified(SystemTime::now());
                if let Ok(f) = std::fs::File::options().write(true).open(&meta_path) {
                    let _ = f.set_times(now);
                }
                Some(loaded)
            }
            Err(_) => {
                let _ = std::fs::remove_file(&data);
                let _ = std::fs::remove_file(&meta_path);
                None
            }
        }
    }

    /// Stores a loaded dataset under `key`, then evicts the least recently used entries over
    /// the limit.
    pub fn put(&self, key: &str, loaded: &Loaded) -> Result<(), String> {
        std::fs::create_dir_all(&self.dir).map_err(|e| e.to_string())?;
        let (data, meta_path) = self.paths(key);
        let mut clock = super::timing::PhaseClock::start();
        let (mut frame, labels) = encode(&loaded.dataset).map_err(|e| e.to_string())?;
        clock.lap("cache: codes");
        let meta = Meta {
            version: env!("CARGO_PKG_VERSION").into(),
            key: key.into(),
            rows: frame.height(),
            resolution: loaded.dataset.resolution,
            labels,
            report: loaded.report.clone(),
            aggregated: loaded.dataset.aggregated,
            cuts: loaded
                .dataset
                .cuts
                .iter()
                .map(|c| (c.source.clone(), c.rows, c.means))
                .collect(),
            stored: SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
        };
        write_new(&data, |f| {
            ParquetWriter::new(f)
                .with_compression(ParquetCompression::Uncompressed)
                .with_statistics(StatisticsOptions::empty())
                .finish(&mut frame)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })?;
        clock.lap("cache: write Parquet");
        let json = serde_json::to_vec(&meta).map_err(|e| e.to_string())?;
        write_new(&meta_path, |f| {
            std::io::Write::write_all(f, &json).map_err(|e| e.to_string())
        })?;
        self.evict();
        Ok(())
    }

    /// Removes every entry; returns how many.
    pub fn clear(&self) -> std::io::Result<usize> {
        let mut n = 0;
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Ok(0);
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "json") {
                n += 1;
            }
            std::fs::remove_file(p)?;
        }
        Ok(n)
    }

    /// Removes the least recently used entries until the cache fits its limit.
    fn evict(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut by_key: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
        let mut total = 0;
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let data = p.with_extension("parquet");
            let size = [&p, &data]
                .iter()
                .filter_map(|f| std::fs::metadata(f).ok())
                .map(|m| m.len())
                .sum::<u64>();
            let used = std::fs::metadata(&p)
                .and_then(|m| m.modified())
                .unwrap_or(SystemTime::UNIX_EPOCH);
            total += size;
            by_key.push((used, size, p));
        }
        by_key.sort();
        for (_, size, p) in by_key {
            if total <= self.max_bytes {
                break;
            }
            let _ = std::fs::remove_file(&p);
            let _ = std::fs::remove_file(p.with_extension("parquet"));
            total -= size;
        }
    }
}

/// Writes a file through a temporary one in the same folder, renamed into place.
fn write_new(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> Result<(), String>,
) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| e.to_string())?;
    write(tmp.as_file_mut())?;
    tmp.persist(path).map_err(|e| e.to_string())?;
    Ok(())
}

/// The dataset's frame with its categorical columns as dense codes, and their labels.
fn encode(ds: &Dataset) -> PolarsResult<(DataFrame, Vec<Vec<String>>)> {
    let f = &ds.frame;
    let mut columns = Vec::new();
    let mut labels = Vec::new();
    for name in CODED {
        let Ok(c) = f.column(name) else {
            labels.push(Vec::new());
            continue;
        };
        let (codes, names) = dense_codes(c, name)?;
        columns.push(codes);
        labels.push(names);
    }
    let time = f.column(col::TIME)?.cast(&DataType::Int64)?;
    columns.push(time.with_name(col::TIME.into()));
    columns.push(f.column(col::VALUE)?.clone());
    columns.extend(WEIGHTS.iter().filter_map(|w| f.column(w).ok().cloned()));
    Ok((DataFrame::new_infer_height(columns)?, labels))
}

/// A categorical column as a column of dense codes (0, 1, … in order of first appearance,
/// null where the category is) and their labels: the global category ids are looked up in a
/// table, not hashed per row, and read from the arrays' value slices (an iterator of options
/// and `Column::new` took 70 ms for the six columns of 1M rows, this about a tenth).
fn dense_codes(c: &Column, name: &str) -> PolarsResult<(Column, Vec<String>)> {
    let cat = c.cat32()?;
    let mapping = cat.get_mapping();
    let mut table = vec![u32::MAX; mapping.num_cats_upper_bound()];
    let mut names = Vec::new();
    let code = |id: u32| -> u32 {
        let Some(slot) = table.get_mut(id as usize) else {
            return NULL_CODE;
        };
        if *slot == u32::MAX {
            *slot = names.len() as u32;
            names.push(mapping.cat_to_str(id).unwrap_or_default().to_string());
        }
        *slot
    };
    let physical = cat.physical();
    // A null slot's id means nothing: it is not coded (its label would be listed).
    let codes = map_values(physical, NULL_CODE, code);
    let column = match physical.null_count() {
        0 => UInt32Chunked::from_vec(name.into(), codes),
        _ => UInt32Chunked::from_vec_validity(name.into(), codes, physical.rechunk_validity()),
    };
    Ok((column.into_column(), names))
}

/// A numeric column's values, `null` for its nulls, copied a slice at a time (iterating its
/// options took most of the 57 ms that turning 1M cached rows back into columns took).
fn values_of<T: PolarsNumericType>(ca: &ChunkedArray<T>, null: T::Native) -> Vec<T::Native> {
    map_values(ca, null, |v| v)
}

/// `f` of each value of a numeric column, `null` for its nulls (`f` is not called on them),
/// read from the arrays' value slices.
fn map_values<T: PolarsNumericType, U: Copy>(
    ca: &ChunkedArray<T>,
    null: U,
    mut f: impl FnMut(T::Native) -> U,
) -> Vec<U> {
    let mut out = Vec::with_capacity(ca.len());
    for arr in ca.downcast_iter() {
        match arr.validity().filter(|v| v.unset_bits() > 0) {
            None => out.extend(arr.values().iter().map(|&v| f(v))),
            Some(valid) => out.extend(
                arr.values()
                    .iter()
                    .zip(valid.iter())
                    .map(|(&v, ok)| if ok { f(v) } else { null }),
            ),
        }
    }
    out
}

/// Reads an entry back into a dataset and its report.
fn read_entry(data: &Path, meta: &[u8], key: &str) -> Result<Loaded, String> {
    let meta: Meta = serde_json::from_slice(meta).map_err(|e| e.to_string())?;
    if meta.key != key || meta.version != env!("CARGO_PKG_VERSION") {
        return Err("another entry".into());
    }
    let mut clock = super::timing::PhaseClock::start();
    let file = std::fs::File::open(data).map_err(|e| e.to_string())?;
    let frame = ParquetReader::new(file)
        .finish()
        .map_err(|e| e.to_string())?;
    clock.lap("cache: read Parquet");
    if frame.height() != meta.rows || meta.labels.len() != CODED.len() {
        return Err("the entry is incomplete".into());
    }
    let e = |e: PolarsError| e.to_string();
    let codes = |name: &str, labels: &[String]| -> Result<(Labels, Vec<u32>), String> {
        let mut l = Labels::default();
        labels.iter().for_each(|n| {
            l.intern(n);
        });
        let c = frame.column(name).map_err(e)?.u32().map_err(e)?.clone();
        if c.max().is_some_and(|m| m as usize >= labels.len()) {
            return Err(format!("{name}: a code without a label"));
        }
        Ok((l, values_of(&c, NULL_CODE)))
    };
    let mut obs = ObservationColumns::default();
    (obs.places, obs.place) = codes(col::PLACE, &meta.labels[0])?;
    (obs.countries, obs.country) = codes(col::COUNTRY, &meta.labels[1])?;
    (obs.indicators, obs.indicator) = codes(col::INDICATOR, &meta.labels[2])?;
    (obs.units, obs.unit) = codes(col::UNIT, &meta.labels[3])?;
    (obs.sources, obs.source) = codes(col::SOURCE, &meta.labels[4])?;
    if frame.column(col::STATION).is_ok() {
        (obs.stations, obs.station) = codes(col::STATION, &meta.labels[5])?;
    }
    let time = frame
        .column(col::TIME)
        .map_err(e)?
        .i64()
        .map_err(e)?
        .clone();
    obs.time = values_of(&time, NULL_TIME);
    let value = frame
        .column(col::VALUE)
        .map_err(e)?
        .f64()
        .map_err(e)?
        .clone();
    obs.value = values_of(&value, f64::NAN);
    clock.lap("cache: codes to columns");
    let path = meta.report.path.clone();
    let mut dataset =
        Dataset::from_columns(obs, meta.resolution, &path).map_err(|e| e.to_string())?;
    for w in WEIGHTS {
        if let Ok(c) = frame.column(w) {
            dataset.frame.with_column(c.clone()).map_err(e)?;
        }
    }
    dataset.aggregated = meta.aggregated;
    dataset.cuts = meta
        .cuts
        .into_iter()
        .map(|(source, rows, means)| super::RowCut {
            source,
            rows,
            means,
        })
        .collect();
    clock.lap("cache: dataset frame");
    let mut report = meta.report;
    report.stored = meta.stored;
    Ok(Loaded { dataset, report })
}
