//! Opening data wherever it is — files, folders, http(s) URLs, the World Bank API and the
//! bundled samples — through one entry point the window and the command line share.

use std::path::{Path, PathBuf};

use super::dataset_cache::DatasetCache;
use super::remote::worldbank::{self, Request, WorldBankError};
use super::remote::{self, FetchOptions, OpenError};
use super::{LoadOptions, Loaded, load_bytes, load_path};

/// The bundled sample datasets (synthetic, see `sample_data/README.md`): annual indicators
/// for Silk Road cities, and daily PM2.5 for 2023. Their names start with [`SAMPLE_PREFIX`].
pub const SAMPLES: [(&str, &[u8]); 2] = [
    (
        "sample_data/silkroad_annual.csv",
        include_bytes!("../../sample_data/silkroad_annual.csv"),
    ),
    (
        "sample_data/silkroad_pm25_daily_2023.csv",
        include_bytes!("../../sample_data/silkroad_pm25_daily_2023.csv"),
    ),
];

/// The source text of every row of the bundled samples.
pub const SAMPLE_SOURCE: &str = "citydash synthetic sample (not real data)";

/// How the names of the bundled samples start.
pub const SAMPLE_PREFIX: &str = "sample_data/";

/// Where a dataset comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    File(String),
    /// An http(s) address.
    Url(String),
    /// One of the bundled [`SAMPLES`], by index.
    Sample(usize),
    /// A table on a PostgreSQL server: a connection URI with `?table=NAME`
    /// ([`super::db::DbSource`]).
    Database(String),
    /// Indicators from the World Bank API at a base address.
    WorldBank {
        request: Request,
        base: String,
    },
}

impl Origin {
    /// A file path or URL as the user typed it.
    pub fn from_text(text: &str) -> Origin {
        if super::db::is_db_address(text) {
            Origin::Database(text.trim().to_string())
        } else if remote::is_url(text) {
            Origin::Url(text.trim().to_string())
        } else {
            Origin::File(text.to_string())
        }
    }

    /// The name shown for the dataset.
    pub fn name(&self) -> String {
        match self {
            Origin::File(p) | Origin::Url(p) => p.clone(),
            Origin::Database(uri) => super::db::DbSource::parse(uri)
                .map_or_else(|_| "database".to_string(), |s| s.address),
            Origin::Sample(i) => SAMPLES.get(*i).map_or("sample", |s| s.0).to_string(),
            Origin::WorldBank { request, .. } => {
                format!("World Bank: {}", request.indicators.join(", "))
            }
        }
    }

    /// The text to remember in recent and open files (files and URLs only).
    pub fn remembered(&self) -> Option<&str> {
        match self {
            Origin::File(p) | Origin::Url(p) => Some(p),
            _ => None,
        }
    }

    /// True for sources the window asks per view for each chart's slice, rather than holding
    /// their rows: database tables and hive-style partitioned Parquet folders.
    pub fn asked_per_view(&self) -> bool {
        match self {
            Origin::Database(_) => true,
            Origin::File(p) => {
                let path = Path::new(p);
                path.is_dir() && super::hive::is_hive_folder(path)
            }
            _ => false,
        }
    }

    /// True for the bundled sample data.
    pub fn is_sample(&self) -> bool {
        matches!(self, Origin::Sample(_))
    }
}

/// How far an open has come: bytes of a download, pages of an API.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub enum OpenProgress {
    #[default]
    Started,
    Bytes(remote::Progress),
    Pages {
        done: u32,
        total: u32,
    },
}

/// An opened dataset: its name, the load and a notice for the user (a cached copy opened
/// offline).
#[derive(Debug, Clone)]
pub struct Opened {
    pub name: String,
    pub loaded: Loaded,
    pub notice: Option<String>,
}

/// Every origin of the bundled samples.
pub fn samples() -> Vec<Origin> {
    (0..SAMPLES.len()).map(Origin::Sample).collect()
}

/// The origins behind paths and URLs as given: a folder becomes its data files, a URL stays
/// itself. A path that does not exist or a folder without data files is an error.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<Origin>, OpenError> {
    let mut out = Vec::new();
    for p in paths {
        let text = p.to_string_lossy();
        if remote::is_url(&text) || super::db::is_db_address(&text) {
            out.push(Origin::from_text(&text));
            continue;
        }
        if !p.exists() {
            return Err(OpenError::NotFound {
                path: p.display().to_string(),
            });
        }
        // A partitioned Parquet folder is one dataset, its folder names part of its rows.
        if p.is_dir() && super::hive::is_hive_folder(p) {
            out.push(Origin::File(p.display().to_string()));
            continue;
        }
        let files = super::data_files(p);
        if files.is_empty() {
            return Err(OpenError::EmptyFolder {
                path: p.display().to_string(),
            });
        }
        out.extend(files.iter().map(|f| Origin::File(f.display().to_string())));
    }
    Ok(out)
}

/// The text of a panic's payload.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

/// Opens one dataset. `progress` is told how far a download has come and returns false to
/// cancel it. A panic in a reader is contained here and becomes an error naming the origin.
pub fn open(
    origin: &Origin,
    load: &LoadOptions,
    fetch: &FetchOptions,
    progress: &mut dyn FnMut(OpenProgress) -> bool,
) -> Result<Opened, OpenError> {
    let run = std::panic::AssertUnwindSafe(|| open_unguarded(origin, load, fetch, progress));
    match std::panic::catch_unwind(run) {
        Ok(result) => result,
        Err(payload) => Err(OpenError::Panicked {
            name: origin.name(),
            what: "reading the data",
            message: panic_message(payload.as_ref()),
        }),
    }
}

fn open_unguarded(
    origin: &Origin,
    load: &LoadOptions,
    fetch: &FetchOptions,
    progress: &mut dyn FnMut(OpenProgress) -> bool,
) -> Result<Opened, OpenError> {
    let mut notice = None;
    let loaded = match origin {
        Origin::File(p) => load_file_cached(Path::new(p), load)?,
        Origin::Sample(i) => {
            let (name, bytes) = SAMPLES.get(*i).ok_or_else(|| OpenError::NotFound {
                path: format!("sample {i}"),
            })?;
            load_bytes(bytes, name, load)?
        }
        Origin::Database(uri) => {
            let source = super::db::DbSource::parse(uri).map_err(OpenError::Database)?;
            // The query is cancelled on the server when the caller says stop.
            let mut stop = || !progress(OpenProgress::Started);
            // A result of the same query is reused while fresh, unless the caller asks for
            // no cache (--no-cache, the window's Refresh).
            let refresh = fetch.cache.is_none();
            let (loaded, n) =
                super::db::load_cached(&source, load, refresh, &mut stop).map_err(|e| match e {
                    super::db::DbError::Load(l) => OpenError::Load(l),
                    other => OpenError::Database(other),
                })?;
            notice = n;
            loaded
        }
        Origin::Url(u) => {
            let (loaded, n) =
                remote::load_url(u, fetch, load, &mut |p| progress(OpenProgress::Bytes(p)))?;
            notice = n;
            loaded
        }
        Origin::WorldBank { request, base } => {
            worldbank::fetch_indicators(request, base, fetch, &mut |done, total| {
                progress(OpenProgress::Pages { done, total })
            })
            .map_err(|e| match e {
                WorldBankError::Fetch(f) => OpenError::Fetch(f),
                WorldBankError::Load(l) => OpenError::Load(l),
                other => OpenError::Other(other.to_string()),
            })?
        }
    };
    Ok(Opened {
        name: origin.name(),
        loaded,
        notice,
    })
}

/// Loads a file through the dataset cache ([`DatasetCache::default_location`]): an unchanged
/// file opened with the same options is read from its entry; a parsed one is stored (unless
/// only some of its rows were asked for: a one-off filtered job need not fill the cache).
pub fn load_file_cached(path: &Path, load: &LoadOptions) -> Result<Loaded, super::LoadError> {
    let Some(cache) = DatasetCache::default_location() else {
        return load_path(path, load);
    };
    let mut clock = super::timing::PhaseClock::start();
    let key = DatasetCache::key(path, load).ok();
    clock.lap("cache: key");
    if let Some(mut hit) = key.as_deref().and_then(|k| cache.get(k)) {
        hit.report.cached = true;
        if let Some(keep) = &load.keep {
            hit.dataset = super::query::keep_rows(&hit.dataset, keep).map_err(|e| {
                super::LoadError::Parse {
                    path: path.display().to_string(),
                    message: format!("filtering the cached dataset: {e}"),
                }
            })?;
        }
        return Ok(hit);
    }
    let loaded = load_path(path, load)?;
    if let (None, Some(k)) = (&load.keep, key) {
        cache.put_in_background(k, loaded.clone());
    }
    Ok(loaded)
}

/// Opens several datasets in turn, stopping at the first error.
pub fn open_all(
    origins: &[Origin],
    load: &LoadOptions,
    fetch: &FetchOptions,
    progress: &mut dyn FnMut(&Origin, OpenProgress) -> bool,
) -> Result<Vec<Opened>, OpenError> {
    origins
        .iter()
        .map(|o| open(o, load, fetch, &mut |p| progress(o, p)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_open_and_folders_expand_to_their_data_files() {
        let opened = open_all(
            &samples(),
            &LoadOptions::default(),
            &FetchOptions::default(),
            &mut |_, _| true,
        )
        .unwrap();
        assert_eq!(opened.len(), 2);
        assert!(opened.iter().all(|o| o.name.starts_with(SAMPLE_PREFIX)));
        assert!(opened[0].loaded.dataset.len() > 1000);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.csv"), "city,year,pm25\nBaku,2020,20\n").unwrap();
        std::fs::write(dir.path().join("a.csv"), "city,year,pm25\nBaku,2021,21\n").unwrap();
        std::fs::write(dir.path().join("notes.md"), "not data").unwrap();
        let origins = expand(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<String> = origins.iter().map(Origin::name).collect();
        assert_eq!(names.len(), 2);
        assert!(names[0].ends_with("a.csv") && names[1].ends_with("b.csv"));
        let missing = dir.path().join("nope.csv");
        let err = expand(std::slice::from_ref(&missing))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            format!("{}: no such file or folder", missing.display())
        );
        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            expand(&[empty.path().to_path_buf()]),
            Err(OpenError::EmptyFolder { .. })
        ));
    }
}
