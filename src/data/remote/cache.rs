//! The download cache: each URL's body with its ETag / Last-Modified, in the user's cache
//! directory (or `CITYDASH_CACHE_DIR`). Entries are written atomically.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// What is kept beside a cached body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_type: Option<String>,
    /// Seconds since the Unix epoch.
    pub fetched_at: u64,
}

/// A cached body with its metadata and age.
#[derive(Debug, Clone)]
pub struct Entry {
    pub meta: Meta,
    pub body: Vec<u8>,
    pub age: Duration,
}

/// A cache folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Cache {
    pub dir: PathBuf,
}

/// FNV-1a: a stable file name for a URL.
fn key(url: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in url.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl Cache {
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    /// `CITYDASH_CACHE_DIR`, else the platform's cache directory for citydash
    /// (`~/.cache/citydash` on Linux).
    pub fn default_location() -> Option<Cache> {
        if let Some(dir) = std::env::var_os("CITYDASH_CACHE_DIR") {
            return Some(Cache::new(dir));
        }
        directories::ProjectDirs::from("org", "citydash", "citydash")
            .map(|d| Cache::new(d.cache_dir().join("downloads")))
    }

    fn paths(&self, url: &str) -> (PathBuf, PathBuf) {
        let k = key(url);
        (
            self.dir.join(format!("{k}.body")),
            self.dir.join(format!("{k}.json")),
        )
    }

    /// The cached copy of a URL, if any.
    pub fn get(&self, url: &str) -> Option<Entry> {
        let (body_path, meta_path) = self.paths(url);
        let meta: Meta = serde_json::from_slice(&std::fs::read(meta_path).ok()?).ok()?;
        if meta.url != url {
            return None;
        }
        let body = std::fs::read(body_path).ok()?;
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Some(Entry {
            age: Duration::from_secs(now.saturating_sub(meta.fetched_at)),
            meta,
            body,
        })
    }

    /// Stores a body and its metadata (body first, so a metadata file always has its body).
    pub fn put(&self, meta: &Meta, body: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let (body_path, meta_path) = self.paths(&meta.url);
        write_atomic(&self.dir, &body_path, body)?;
        write_atomic(&self.dir, &meta_path, &serde_json::to_vec_pretty(meta)?)
    }

    /// Removes every cached download; returns how many files were removed.
    pub fn clear(&self) -> std::io::Result<usize> {
        let mut n = 0;
        match std::fs::read_dir(&self.dir) {
            Ok(entries) => {
                for e in entries.flatten() {
                    let p = e.path();
                    if p.extension()
                        .is_some_and(|x| x == "body" || x == "json" || x == "tmp")
                    {
                        std::fs::remove_file(&p)?;
                        n += 1;
                    }
                }
                Ok(n)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
            Err(e) => Err(e),
        }
    }
}

fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".citydash-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_reads_and_clears_entries() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("c"));
        assert!(cache.get("http://x/a.csv").is_none());
        let meta = Meta {
            url: "http://x/a.csv".into(),
            etag: Some("\"v1\"".into()),
            last_modified: None,
            content_type: Some("text/csv".into()),
            fetched_at: 0,
        };
        cache.put(&meta, b"a,b\n1,2\n").unwrap();
        let e = cache.get("http://x/a.csv").unwrap();
        assert_eq!(e.body, b"a,b\n1,2\n");
        assert_eq!(e.meta, meta);
        assert!(
            e.age > Duration::from_secs(1_000_000),
            "fetched at the epoch"
        );
        assert!(cache.get("http://x/b.csv").is_none());
        assert_eq!(cache.clear().unwrap(), 2);
        assert!(cache.get("http://x/a.csv").is_none());
    }
}
