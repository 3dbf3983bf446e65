//! A columnar cache of loaded datasets. The first load of a file stores its tidy dataset (as
//! uncompressed Arrow IPC, through polars: label codes, times and values, memory-mapped when
//! read; a large entry in several files, see [`super::entry_files`]) and its load report (JSON)
//! under the cache directory; the next open of the unchanged file with the same options reads
//! them instead of parsing. Entries are keyed on the file's path, size, modification time and
//! a CRC-32 of its first and last mebibyte, citydash's version and loader revision, and the
//! load options. Writes
//! are atomic; the metadata is written last, so an entry without it does not exist. A damaged
//! entry is removed and the file parsed, never an error. Least recently used entries go first
//! when the cache outgrows its limit.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::dataset::{NULL_CODE, col};
use super::{Dataset, LoadOptions, LoadReport, Loaded, TimeResolution};

/// The default size limit, in bytes (`CITYDASH_CACHE_MAX_MB` overrides it).
pub const DEFAULT_MAX_BYTES: u64 = 4 << 30;
/// How much of each end of a file the key hashes.
const HASHED: u64 = 1 << 20;

/// The categorical columns stored as codes, in the order of [`col::ALL`].
const CODED: [&str; 6] = col::CATEGORICAL;

/// Bumped when the loader's results change within one version of citydash, so that entries
/// written by an earlier build miss: 2 (2 December) — the columns of a large table's later
/// parts after an empty unnamed column, and slashed dates decided once per table; 3 (2
/// December, eighth session) — values of different sources no longer merged as conflicts, and
/// a source's runs of white space written as one space; 4 (2 December, eleventh and twelfth
/// sessions) — cells without a value and exact repeats reported, an indicator's column with a
/// few bad cells read, note lines below or between the rows left out, Russian and Kazakh
/// headers, and a unit column found by its cells.
pub const LOADER_REVISION: u32 = 4;

/// The dataset cache in a directory.
#[derive(Debug, Clone)]
pub struct DatasetCache {
    dir: PathBuf,
    max_bytes: u64,
}

/// What an entry's JSON holds besides the Arrow file.
#[derive(Serialize, Deserialize)]
struct Meta {
    version: String,
    key: String,
    rows: usize,
    resolution: TimeResolution,
    /// The labels the codes of every label column index (one list shared by the columns).
    labels: Vec<String>,
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
    /// How many Arrow files hold the rows (see [`super::entry_files`]).
    #[serde(default = "one_file")]
    files: usize,
}

/// Entries written before large ones were split hold one Arrow file.
fn one_file() -> usize {
    1
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

    /// The key of a file loaded with `options`, by citydash's version and [`LOADER_REVISION`]
    /// (its row filter aside: a filtered load reads the whole file's entry and filters it).
    /// Errors for what is not a regular file.
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
            "{}+{LOADER_REVISION}|{}|{}|{modified}|{:08x}|{}",
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
            self.dir.join(format!("{key}.arrow")),
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
                for f in super::entry_files::existing(&data) {
                    let _ = std::fs::remove_file(f);
                }
                // An entry of an earlier citydash, which stored Parquet.
                let _ = std::fs::remove_file(data.with_extension("parquet"));
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
        let (frame, labels) = encode(&loaded.dataset).map_err(|e| e.to_string())?;
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
            files: 1,
        };
        // About 36 bytes a row (40 with stations), in one Arrow file or, for a large entry,
        // several written at once.
        let mut meta = meta;
        meta.files = super::entry_files::write(&data, &frame)?;
        clock.lap("cache: write Arrow");
        let json = serde_json::to_vec(&meta).map_err(|e| e.to_string())?;
        super::entry_files::write_new(&meta_path, |f| {
            std::io::Write::write_all(f, &json).map_err(|e| e.to_string())
        })?;
        self.evict();
        Ok(())
    }

    /// Stores a loaded dataset under `key` on a thread of its own, so that whoever loaded it
    /// goes on (the window draws the first chart of a cold load while its entry is written);
    /// [`wait_for_writes`] waits for such writes before the process exits. A failed write
    /// only costs the next open its speed.
    pub fn put_in_background(&self, key: String, loaded: Loaded) {
        let cache = self.clone();
        let write = move || {
            let mut clock = super::timing::PhaseClock::start();
            let _ = cache.put(&key, &loaded);
            clock.lap("cache: write entry");
        };
        let spawned = std::thread::Builder::new()
            .name("cache writer".into())
            .spawn(write);
        // Without a thread to be had, the entry is not written.
        if let (Ok(handle), Ok(mut writes)) = (spawned, WRITES.lock()) {
            writes.push(handle);
        }
    }

    /// Removes every entry; returns how many.
    pub fn clear(&self) -> std::io::Result<usize> {
        let mut n = 0;
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Ok(0);
        };
        // Every file it can remove goes, even when one cannot (an entry mapped by a running
        // window on Windows); the first failure is then reported.
        let mut failed = None;
        for e in entries.flatten() {
            let p = e.path();
            match std::fs::remove_file(&p) {
                Ok(()) => n += usize::from(p.extension().is_some_and(|x| x == "json")),
                Err(e) => failed = failed.or(Some(e)),
            }
        }
        match failed {
            Some(e) => Err(e),
            None => Ok(n),
        }
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
            // Entries of an earlier citydash, which stored Parquet: never read again.
            if p.extension().is_some_and(|x| x == "parquet") {
                let _ = std::fs::remove_file(&p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let mut files = super::entry_files::existing(&p.with_extension("arrow"));
            files.push(p.clone());
            let size = files
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
            for f in super::entry_files::existing(&p.with_extension("arrow")) {
                let _ = std::fs::remove_file(f);
            }
            total -= size;
        }
    }
}

/// Cache writes running in the background ([`DatasetCache::put_in_background`]).
static WRITES: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>> =
    std::sync::Mutex::new(Vec::new());

/// Waits for the cache writes started in the background; call it before the process exits,
/// or their entries are not written.
pub fn wait_for_writes() {
    let handles = match WRITES.lock() {
        Ok(mut writes) => std::mem::take(&mut *writes),
        Err(_) => return,
    };
    for h in handles {
        let _ = h.join();
    }
}

/// The dataset's frame with its categorical columns as codes into one list of labels shared
/// by the columns (in the order of the categories' global ids), and those labels. When the
/// dataset's ids are already 0, 1, … (a fresh process that loaded one file), the codes are
/// the ids themselves and nothing is copied.
fn encode(ds: &Dataset) -> PolarsResult<(DataFrame, Vec<String>)> {
    let f = &ds.frame;
    let coded: Vec<&Column> = CODED.iter().filter_map(|n| f.column(n).ok()).collect();
    let Some(first) = coded.first() else {
        polars_bail!(ComputeError: "a dataset without label columns")
    };
    let mapping = first.cat32()?.get_mapping().clone();
    for c in &coded {
        polars_ensure!(
            Arc::ptr_eq(c.cat32()?.get_mapping(), &mapping),
            ComputeError: "label columns of different category mappings"
        );
    }
    // Which ids the dataset uses, half the columns marked on another thread. A small label
    // table is taken whole instead, as if every id were used: its few unused labels cost the
    // entry little, and marking 10M rows took 36–44 ms of a cold `check`'s single-threaded
    // tail.
    let slots = mapping.num_cats_upper_bound();
    if slots <= WHOLE_LABELS {
        return coded_frame(f, &coded, &vec![true; slots], &mapping);
    }
    let mark = |columns: &[&Column]| -> PolarsResult<Vec<bool>> {
        let mut used = vec![false; slots];
        for c in columns {
            super::categories::mark_used(c.cat32()?, &mut used);
        }
        Ok(used)
    };
    let (half, rest) = coded.split_at(coded.len() / 2);
    let (a, b) = std::thread::scope(|scope| {
        let helper = scope.spawn(|| mark(half));
        (helper.join(), mark(rest))
    });
    let a = a.map_err(|_| PolarsError::ComputeError("marking labels panicked".into()))??;
    let used: Vec<bool> = a.iter().zip(b?).map(|(x, y)| *x || y).collect();
    coded_frame(f, &coded, &used, &mapping)
}

/// Label tables of at most this many labels are stored whole, unmarked (see [`encode`]).
const WHOLE_LABELS: usize = 4096;

/// The frame of codes and the labels they index, for the ids marked `used`.
fn coded_frame(
    f: &DataFrame,
    coded: &[&Column],
    used: &[bool],
    mapping: &Arc<CategoricalMapping>,
) -> PolarsResult<(DataFrame, Vec<String>)> {
    // The ids themselves are the codes when the labels up to the largest id used are not
    // mostly unused (a process that loaded this file alone): nothing is copied, and a fresh
    // process reading the entry gets the same ids back. Otherwise the used ids are numbered
    // anew.
    let count = used.iter().filter(|u| **u).count();
    let end = used.iter().rposition(|u| *u).map_or(0, |last| last + 1);
    let identity = end <= 2 * count + 64;
    let label = |id: usize| {
        mapping
            .cat_to_str(id as u32)
            .unwrap_or_default()
            .to_string()
    };
    let mut table = vec![NULL_CODE; used.len()];
    let mut labels = Vec::new();
    for id in 0..end {
        if identity || used[id] {
            table[id] = labels.len() as u32;
            labels.push(label(id));
        }
    }
    let mut columns = Vec::new();
    for c in coded {
        let physical = c.cat32()?.physical().clone();
        let codes = match identity {
            true => physical,
            false => recode(&physical, &table),
        };
        columns.push(codes.with_name(c.name().clone()).into_column());
    }
    let time = f.column(col::TIME)?.cast(&DataType::Int64)?;
    columns.push(time.with_name(col::TIME.into()));
    columns.push(f.column(col::VALUE)?.clone());
    columns.extend(WEIGHTS.iter().filter_map(|w| f.column(w).ok().cloned()));
    Ok((DataFrame::new_infer_height(columns)?, labels))
}

/// Each value of a code column looked up in `table` (nulls stay null; a value outside the
/// table becomes [`NULL_CODE`], which readers reject).
fn recode(ca: &UInt32Chunked, table: &[u32]) -> UInt32Chunked {
    let values = super::cells::map_values(ca, NULL_CODE, |v| {
        table.get(v as usize).copied().unwrap_or(NULL_CODE)
    });
    match ca.null_count() {
        0 => UInt32Chunked::from_vec(ca.name().clone(), values),
        _ => UInt32Chunked::from_vec_validity(ca.name().clone(), values, ca.rechunk_validity()),
    }
}

/// Reads an entry back into a dataset and its report. The Arrow file is memory-mapped: its
/// columns are used where they lie, so a warm open of 10M rows reads a few kilobytes and
/// checks the codes (the label columns are copied only when this process's category ids
/// differ from the codes).
fn read_entry(data: &Path, meta: &[u8], key: &str) -> Result<Loaded, String> {
    let meta: Meta = serde_json::from_slice(meta).map_err(|e| e.to_string())?;
    if meta.key != key || meta.version != env!("CARGO_PKG_VERSION") {
        return Err("another entry".into());
    }
    let mut clock = super::timing::PhaseClock::start();
    let frame = super::entry_files::read(data, meta.files)?;
    clock.lap("cache: map the Arrow file");
    if frame.height() != meta.rows {
        return Err("the entry is incomplete".into());
    }
    let dataset = decode(&frame, &meta).map_err(|e| e.to_string())?;
    clock.lap("cache: dataset frame");
    let mut report = meta.report;
    report.stored = meta.stored;
    Ok(Loaded { dataset, report })
}

/// The dataset of an entry's frame: codes become categorical columns of this process's
/// global categories, times datetimes.
fn decode(frame: &DataFrame, meta: &Meta) -> PolarsResult<Dataset> {
    let dtype = DataType::from_categories(Categories::global());
    let (DataType::Categorical(_, mapping) | DataType::Enum(_, mapping)) = &dtype else {
        unreachable!("from_categories gives a categorical dtype")
    };
    let ids: Vec<u32> = meta
        .labels
        .iter()
        .map(|n| mapping.insert_cat(n))
        .collect::<PolarsResult<_>>()?;
    let identity = ids.iter().enumerate().all(|(k, &id)| id == k as u32);
    let present: Vec<&str> = CODED
        .iter()
        .copied()
        .filter(|n| frame.column(n).is_ok())
        .collect();
    let category = |name: &str| -> PolarsResult<Column> {
        let codes = frame.column(name)?.u32()?;
        if codes.max().is_some_and(|m| m as usize >= ids.len()) {
            polars_bail!(ComputeError: "{name}: a code without a label");
        }
        let physical = match identity {
            true => codes.clone(),
            false => recode(codes, &ids),
        };
        // SAFETY: every code is below the number of labels (checked above), so each id came
        // from inserting a label into this dtype's mapping.
        let ca =
            unsafe { Categorical32Chunked::from_cats_and_dtype_unchecked(physical, dtype.clone()) };
        Ok(ca.into_series().into_column())
    };
    // Copying codes (another process's ids) takes tens of milliseconds a column on 10M
    // rows: half the columns are done on another thread.
    let (half, rest) = present.split_at(present.len() / 2);
    let (first, second) = std::thread::scope(|scope| {
        let helper = scope.spawn(|| half.iter().map(|n| category(n)).collect::<Vec<_>>());
        let second: Vec<_> = rest.iter().map(|n| category(n)).collect();
        (helper.join(), second)
    });
    let first = first.map_err(|_| PolarsError::ComputeError("decoding labels panicked".into()))?;
    let mut by_name = PlHashMap::new();
    for (name, c) in present.iter().zip(first.into_iter().chain(second)) {
        by_name.insert(*name, c?);
    }
    let mut columns = Vec::new();
    for name in col::ALL {
        let column = match name {
            col::TIME => frame
                .column(col::TIME)?
                .i64()?
                .clone()
                .into_datetime(TimeUnit::Milliseconds, None)
                .into_series()
                .into_column(),
            col::VALUE => frame.column(col::VALUE)?.f64()?.clone().into_column(),
            _ => by_name
                .remove(name)
                .ok_or_else(|| polars_err!(ColumnNotFound: "{name}"))?,
        };
        columns.push(column);
    }
    columns.extend(by_name.remove(col::STATION));
    columns.extend(WEIGHTS.iter().filter_map(|w| frame.column(w).ok().cloned()));
    let frame = DataFrame::new_infer_height(columns)?;
    Ok(Dataset {
        frame,
        resolution: meta.resolution,
        parts: Vec::new(),
        path: meta.report.path.clone(),
        aggregated: meta.aggregated,
        cuts: meta
            .cuts
            .iter()
            .map(|(source, rows, means)| super::RowCut {
                source: source.clone(),
                rows: *rows,
                means: *means,
            })
            .collect(),
    })
}
