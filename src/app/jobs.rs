//! Background work: loading files, URLs and World Bank indicators off the UI thread, with
//! progress and cancellation.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::workspace::OpenDataset;
use crate::data::{LoadOptions, load_bytes, load_path};
use crate::remote::worldbank::{self, Request};
use crate::remote::{FetchOptions, OpenError, Progress};

/// Where a dataset comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    File(String),
    /// An http(s) address.
    Url(String),
    /// Bundled bytes with their display name.
    Embedded(&'static str, &'static [u8]),
    /// Indicators from the World Bank API at a base address.
    WorldBank {
        request: Request,
        base: String,
    },
}

impl Origin {
    /// A file path or URL as the user typed it.
    pub fn from_text(text: &str) -> Origin {
        if crate::remote::is_url(text) {
            Origin::Url(text.trim().to_string())
        } else {
            Origin::File(text.to_string())
        }
    }

    pub fn name(&self) -> String {
        match self {
            Origin::File(p) | Origin::Url(p) => p.clone(),
            Origin::Embedded(n, _) => n.to_string(),
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
}

/// How far a job has come: bytes of a download, pages of an API.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub enum JobProgress {
    #[default]
    Started,
    Bytes(Progress),
    Pages {
        done: u32,
        total: u32,
    },
}

/// One load running on a worker thread.
pub struct LoadJob {
    pub origin: Origin,
    pub started: Instant,
    cancel: Arc<AtomicBool>,
    progress: Arc<Mutex<JobProgress>>,
    rx: Receiver<Result<OpenDataset, OpenError>>,
}

/// What polling a job gives.
pub enum JobPoll {
    Running,
    Done(Box<Result<OpenDataset, OpenError>>),
    /// The worker went away (cancelled).
    Gone,
}

impl LoadJob {
    /// Starts loading on a new thread; `wake` is called on progress and when the result is
    /// ready.
    pub fn start(origin: Origin, wake: impl Fn() + Send + 'static) -> LoadJob {
        Self::start_with(origin, FetchOptions::default(), wake)
    }

    /// Like [`LoadJob::start`], with the download limits and cache to use.
    pub fn start_with(
        origin: Origin,
        fetch_options: FetchOptions,
        wake: impl Fn() + Send + 'static,
    ) -> LoadJob {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let progress = Arc::new(Mutex::new(JobProgress::Started));
        let flag = cancel.clone();
        let shared = progress.clone();
        let what = origin.clone();
        std::thread::spawn(move || {
            let options = LoadOptions::default();
            let mut notice = None;
            let report = |p: JobProgress| {
                if let Ok(mut slot) = shared.lock() {
                    *slot = p;
                }
                wake();
                !flag.load(Ordering::Relaxed)
            };
            let result: Result<_, OpenError> = match &what {
                Origin::File(p) => load_path(p, &options).map_err(OpenError::from),
                Origin::Embedded(name, bytes) => {
                    load_bytes(bytes, name, &options).map_err(OpenError::from)
                }
                Origin::Url(u) => crate::remote::load_url(u, &fetch_options, &options, &mut |p| {
                    report(JobProgress::Bytes(p))
                })
                .map(|(loaded, n)| {
                    notice = n;
                    loaded
                }),
                Origin::WorldBank { request, base } => worldbank::fetch_indicators(
                    request,
                    base,
                    &fetch_options,
                    &mut |done, total| report(JobProgress::Pages { done, total }),
                )
                .map_err(|e| match e {
                    worldbank::WorldBankError::Fetch(f) => OpenError::Fetch(f),
                    worldbank::WorldBankError::Load(l) => OpenError::Load(l),
                    other => OpenError::Other(other.to_string()),
                }),
            };
            // The summary is computed here too, so the window never waits for it.
            let result = result.map(|l| {
                let mut ds = OpenDataset::new(what.name(), l.dataset, l.report);
                ds.notice = notice;
                ds
            });
            if !flag.load(Ordering::Relaxed) {
                let _ = tx.send(result);
                wake();
            }
        });
        LoadJob {
            origin,
            started: Instant::now(),
            cancel,
            progress,
            rx,
        }
    }

    /// Stops waiting for the result; the window forgets the job at once, and a download stops
    /// at its next chunk.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// How far the job has come.
    pub fn progress(&self) -> JobProgress {
        self.progress.lock().map(|p| *p).unwrap_or_default()
    }

    pub fn poll(&self) -> JobPoll {
        match self.rx.try_recv() {
            Ok(r) => JobPoll::Done(Box::new(r)),
            Err(TryRecvError::Empty) => JobPoll::Running,
            Err(TryRecvError::Disconnected) => JobPoll::Gone,
        }
    }
}
