//! Remote datasets: downloading a URL with limits, progress and cancellation, a revalidating
//! cache that also serves offline opens, and the World Bank indicators API. No UI here: the
//! window and the command line pass a progress callback.

pub mod cache;
pub mod worldbank;

use std::io::Read;
use std::time::{Duration, Instant, SystemTime};

use reqwest::header;

use crate::data::sniff::{FileFormat, detect_format};
use crate::data::{LoadError, LoadOptions, Loaded, load_bytes_as};
pub use cache::Cache;

/// Download failures, each naming the URL.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: only http:// and https:// addresses can be opened")]
    Scheme { url: String },
    #[error("{url}: not a valid address: {message}")]
    BadUrl { url: String, message: String },
    #[error("{url}: the server answered {status}")]
    Status { url: String, status: String },
    #[error("{url}: larger than the limit of {limit} bytes (stopped after {received} bytes)")]
    TooLarge {
        url: String,
        limit: u64,
        received: u64,
    },
    #[error("{url}: no data arrived for {seconds} s; the download was stopped")]
    Stalled { url: String, seconds: u64 },
    #[error("{url}: more than {max} redirects (a redirect loop?)")]
    TooManyRedirects { url: String, max: usize },
    #[error("{url}: cannot connect: {message}")]
    Connect { url: String, message: String },
    #[error("{url}: download failed: {message}")]
    Network { url: String, message: String },
    #[error("{url}: download cancelled")]
    Cancelled { url: String },
}

/// Limits and cache of a download.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub connect_timeout: Duration,
    /// The longest wait for the next bytes (or for the response to start).
    pub stall_timeout: Duration,
    pub max_redirects: usize,
    /// The largest body accepted, checked while streaming.
    pub max_bytes: u64,
    /// Where bodies are kept for revalidation and offline use; `None` disables the cache.
    pub cache: Option<Cache>,
}

/// 512 MB.
pub const DEFAULT_MAX_BYTES: u64 = 512 * 1024 * 1024;

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            stall_timeout: Duration::from_secs(30),
            max_redirects: 10,
            max_bytes: DEFAULT_MAX_BYTES,
            cache: Cache::default_location(),
        }
    }
}

/// Bytes received so far, and the total when the server said it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Progress {
    pub received: u64,
    pub total: Option<u64>,
}

/// How a cached copy was used.
#[derive(Debug, Clone, PartialEq)]
pub enum FromCache {
    /// The server said the cached copy is current (304 Not Modified).
    Revalidated,
    /// The network was unreachable: the cached copy, this old, was opened instead.
    Offline { age: Duration, reason: String },
}

/// A downloaded body.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub url: String,
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
    pub from_cache: Option<FromCache>,
}

impl Fetched {
    /// The format by the content type, then the URL's extension, then the first bytes.
    pub fn format(&self) -> FileFormat {
        decide_format(self.content_type.as_deref(), &self.url, &self.bytes)
    }

    /// A line for the user when the body came from the cache because of a network problem.
    pub fn notice(&self) -> Option<String> {
        match &self.from_cache {
            Some(FromCache::Offline { age, reason }) => Some(format!(
                "{}: offline ({reason}): opened the cached copy from {} ago",
                self.url,
                describe_age(*age)
            )),
            _ => None,
        }
    }
}

/// "3 h 5 min", "2 days", "40 s".
pub fn describe_age(age: Duration) -> String {
    let s = age.as_secs();
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86_400 => format!("{} h {} min", s / 3600, (s % 3600) / 60),
        _ => format!("{} days", s / 86_400),
    }
}

/// True for text that is an http(s) URL (the other schemes are refused by [`fetch`]).
pub fn is_url(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    t.starts_with("http://") || t.starts_with("https://") || looks_like_other_scheme(&t)
}

fn looks_like_other_scheme(t: &str) -> bool {
    ["ftp://", "file://", "sftp://", "s3://", "gs://"]
        .iter()
        .any(|s| t.starts_with(s))
}

/// The format of a body: the content type when it says, else the URL path's extension, else
/// the first bytes.
pub fn decide_format(content_type: Option<&str>, url: &str, bytes: &[u8]) -> FileFormat {
    let mime = content_type
        .and_then(|c| c.split(';').next())
        .map(|c| c.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let by_type = match mime.as_str() {
        "text/csv" | "application/csv" | "text/tab-separated-values" => Some(FileFormat::Csv),
        "application/json" | "text/json" => Some(FileFormat::Json),
        m if m.ends_with("+json") => Some(FileFormat::Json),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        | "application/vnd.ms-excel"
        | "application/vnd.oasis.opendocument.spreadsheet" => Some(FileFormat::Excel),
        "application/vnd.apache.parquet" | "application/x-parquet" => Some(FileFormat::Parquet),
        _ => None,
    };
    if let Some(f) = by_type {
        return f;
    }
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.rsplit('/').next().unwrap_or("");
    if let Some((_, ext)) = last.rsplit_once('.') {
        let known = [
            "csv", "tsv", "txt", "tab", "xlsx", "xlsm", "xls", "ods", "parquet", "pq", "json",
        ];
        if known.contains(&ext.to_ascii_lowercase().as_str()) {
            return detect_format(last, &[]);
        }
    }
    detect_format("", &bytes[..bytes.len().min(64)])
}

fn client(options: &FetchOptions) -> Result<reqwest::blocking::Client, String> {
    reqwest::blocking::Client::builder()
        .connect_timeout(options.connect_timeout)
        // In the blocking client this bounds the wait for the response and for each read.
        .timeout(options.stall_timeout)
        .redirect(reqwest::redirect::Policy::limited(options.max_redirects))
        .user_agent(concat!("citydash/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| e.to_string())
}

/// Downloads a URL. `progress` is called as bytes arrive; returning false cancels. A failed or
/// cancelled download leaves nothing behind; a complete one is cached (when caching is on).
pub fn fetch(
    url: &str,
    options: &FetchOptions,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Fetched, FetchError> {
    let url = url.trim().to_string();
    let parsed = reqwest::Url::parse(&url).map_err(|e| FetchError::BadUrl {
        url: url.clone(),
        message: e.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FetchError::Scheme { url });
    }
    let cached = options.cache.as_ref().and_then(|c| c.get(&url));
    let client = client(options).map_err(|message| FetchError::Network {
        url: url.clone(),
        message,
    })?;
    let mut request = client.get(parsed);
    if let Some(entry) = &cached {
        if let Some(etag) = &entry.meta.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(lm) = &entry.meta.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, lm);
        }
    }
    let response = match request.send() {
        Ok(r) => r,
        Err(e) => {
            let err = request_error(&url, &e, options);
            // Unreachable network: the cached copy, with a notice of its age.
            if matches!(err, FetchError::Connect { .. } | FetchError::Stalled { .. })
                && let Some(entry) = cached
            {
                return Ok(Fetched {
                    url,
                    bytes: entry.body,
                    content_type: entry.meta.content_type,
                    from_cache: Some(FromCache::Offline {
                        age: entry.age,
                        reason: err.to_string(),
                    }),
                });
            }
            return Err(err);
        }
    };
    let status = response.status();
    if status == reqwest::StatusCode::NOT_MODIFIED
        && let Some(entry) = cached
    {
        progress(Progress {
            received: entry.body.len() as u64,
            total: Some(entry.body.len() as u64),
        });
        return Ok(Fetched {
            url,
            bytes: entry.body,
            content_type: entry.meta.content_type,
            from_cache: Some(FromCache::Revalidated),
        });
    }
    if !status.is_success() {
        return Err(FetchError::Status {
            url,
            status: status.to_string(),
        });
    }
    let text_header = |name: header::HeaderName| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = text_header(header::CONTENT_TYPE);
    let etag = text_header(header::ETAG);
    let last_modified = text_header(header::LAST_MODIFIED);
    let total = response.content_length();
    if let Some(t) = total
        && t > options.max_bytes
    {
        return Err(FetchError::TooLarge {
            url,
            limit: options.max_bytes,
            received: 0,
        });
    }
    let bytes = read_body(response, &url, total, options, progress)?;
    let fetched = Fetched {
        url,
        bytes,
        content_type,
        from_cache: None,
    };
    store(options, &fetched, etag, last_modified);
    Ok(fetched)
}

/// Keeps a complete download in the cache, when caching is on.
fn store(
    options: &FetchOptions,
    fetched: &Fetched,
    etag: Option<String>,
    last_modified: Option<String>,
) {
    let Some(cache) = &options.cache else { return };
    let meta = cache::Meta {
        url: fetched.url.clone(),
        etag,
        last_modified,
        content_type: fetched.content_type.clone(),
        fetched_at: SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
    };
    // A cache that cannot be written only costs the next revalidation.
    let _ = cache.put(&meta, &fetched.bytes);
}

/// Reads the body in chunks, checking the size limit and cancellation as bytes arrive.
fn read_body(
    mut response: reqwest::blocking::Response,
    url: &str,
    total: Option<u64>,
    options: &FetchOptions,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Vec<u8>, FetchError> {
    let mut bytes = Vec::with_capacity(total.unwrap_or(0).min(options.max_bytes) as usize);
    let mut chunk = vec![0u8; 64 * 1024];
    let mut last_report = Instant::now();
    if !progress(Progress { received: 0, total }) {
        return Err(FetchError::Cancelled { url: url.into() });
    }
    loop {
        let n = match response.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let timed_out = e.kind() == std::io::ErrorKind::TimedOut || is_timeout(&e);
                return Err(if timed_out {
                    FetchError::Stalled {
                        url: url.into(),
                        seconds: options.stall_timeout.as_secs().max(1),
                    }
                } else {
                    FetchError::Network {
                        url: url.into(),
                        message: e.to_string(),
                    }
                });
            }
        };
        if bytes.len() as u64 + n as u64 > options.max_bytes {
            return Err(FetchError::TooLarge {
                url: url.into(),
                limit: options.max_bytes,
                received: bytes.len() as u64 + n as u64,
            });
        }
        bytes.extend_from_slice(&chunk[..n]);
        if last_report.elapsed() >= Duration::from_millis(50) || bytes.len() < chunk.len() {
            last_report = Instant::now();
            if !progress(Progress {
                received: bytes.len() as u64,
                total,
            }) {
                return Err(FetchError::Cancelled { url: url.into() });
            }
        }
    }
    if !progress(Progress {
        received: bytes.len() as u64,
        total,
    }) {
        return Err(FetchError::Cancelled { url: url.into() });
    }
    Ok(bytes)
}

fn request_error(url: &str, e: &reqwest::Error, options: &FetchOptions) -> FetchError {
    let url = url.to_string();
    if e.is_redirect() {
        FetchError::TooManyRedirects {
            url,
            max: options.max_redirects,
        }
    } else if e.is_connect() {
        FetchError::Connect {
            url,
            message: root_cause(e),
        }
    } else if e.is_timeout() {
        FetchError::Stalled {
            url,
            seconds: options.stall_timeout.as_secs().max(1),
        }
    } else {
        FetchError::Network {
            url,
            message: root_cause(e),
        }
    }
}

/// True when any error in the chain is a timeout (reqwest wraps its timeouts in io errors).
fn is_timeout(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(r) = err.downcast_ref::<reqwest::Error>()
            && r.is_timeout()
        {
            return true;
        }
        if let Some(io) = err.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::TimedOut
        {
            return true;
        }
        let text = err.to_string().to_ascii_lowercase();
        if text.contains("timed out") || text.contains("deadline has elapsed") {
            return true;
        }
        cur = err.source();
    }
    false
}

/// The innermost error message (reqwest wraps hyper wraps io).
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

/// Why opening data failed: the file, the folder, the download or the reader. Every
/// variant names what was being opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{path}: no such file or folder")]
    NotFound { path: String },
    #[error(
        "{path}: the folder has no data files (csv, tsv, txt, xlsx, xls, xlsm, ods, parquet, json)"
    )]
    EmptyFolder { path: String },
    #[error("{name}: {what} failed unexpectedly ({message}); the rest of citydash is unaffected")]
    Panicked {
        name: String,
        what: &'static str,
        message: String,
    },
    #[error(transparent)]
    Database(crate::data::db::DbError),
    #[error("{0}")]
    Other(String),
}

/// Downloads a URL and loads it like a local file. Returns the load and, when the cached copy
/// was opened because the network was unreachable, a notice saying so.
pub fn load_url(
    url: &str,
    fetch_options: &FetchOptions,
    load_options: &LoadOptions,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<(Loaded, Option<String>), OpenError> {
    let fetched = fetch(url, fetch_options, progress)?;
    let format = fetched.format();
    let mut loaded = load_bytes_as(&fetched.bytes, &fetched.url, Some(format), load_options)?;
    let notice = fetched.notice();
    if let Some(n) = &notice {
        loaded.report.notes.push(n.clone());
    }
    Ok((loaded, notice))
}
