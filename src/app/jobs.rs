//! Loading files, URLs and World Bank indicators off the UI thread, with progress and
//! cancellation.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::worker::{FailPoints, Poll, Task, WorkKind};
use crate::data::LoadOptions;
use crate::data::open::{self, OpenProgress, Origin};
use crate::data::remote::{FetchOptions, OpenError};
use crate::data::workspace::OpenDataset;

/// Why a load failed, and what the Map columns dialog needs to let the user fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadFailure {
    pub message: String,
    /// The file's columns and sheets, when choosing them could fix the load.
    pub hint: Option<MappingHint>,
}

/// The columns and sheets of a file whose columns could not be decided.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MappingHint {
    pub columns: Vec<String>,
    pub sheets: Vec<String>,
}

impl LoadFailure {
    fn of(origin: &Origin, e: &OpenError) -> LoadFailure {
        let hint = match (origin, e) {
            (Origin::File(path), OpenError::Load(l)) => l.choices().map(|(columns, sheets)| {
                let sheets = match sheets.is_empty() {
                    true => crate::data::source::sheet_names(std::path::Path::new(path)),
                    false => sheets,
                };
                MappingHint { columns, sheets }
            }),
            _ => None,
        };
        LoadFailure {
            message: e.to_string(),
            hint,
        }
    }
}

/// One load running on a worker thread.
pub struct LoadJob {
    pub origin: Origin,
    /// The options it loads with (column mapping, sheet).
    pub options: LoadOptions,
    cancel: Arc<AtomicBool>,
    progress: Arc<Mutex<OpenProgress>>,
    task: Task<Result<OpenDataset, LoadFailure>>,
}

impl LoadJob {
    /// Starts loading on a new thread; `wake` is called on progress and when the result is
    /// ready. Errors (and panics) come back as messages naming the origin.
    pub fn start(
        origin: Origin,
        options: LoadOptions,
        fetch_options: FetchOptions,
        fail: &FailPoints,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> LoadJob {
        let cancel = Arc::new(AtomicBool::new(false));
        let progress = Arc::new(Mutex::new(OpenProgress::Started));
        let (flag, shared, what) = (cancel.clone(), progress.clone(), origin.clone());
        let load_options = options.clone();
        let wake = Arc::new(wake);
        let waker = wake.clone();
        let task = Task::spawn(
            WorkKind::Load,
            origin.name(),
            fail,
            move || waker(),
            move || {
                let mut report = |p: OpenProgress| {
                    if let Ok(mut slot) = shared.lock() {
                        *slot = p;
                    }
                    wake();
                    !flag.load(Ordering::Relaxed)
                };
                let opened = open::open(&what, &load_options, &fetch_options, &mut report)
                    .map_err(|e| LoadFailure::of(&what, &e))?;
                // The summary is computed here too, so the window never waits for it.
                let mut ds =
                    OpenDataset::new(opened.name, opened.loaded.dataset, opened.loaded.report);
                ds.notice = opened.notice;
                Ok(ds)
            },
        );
        LoadJob {
            origin,
            options,
            cancel,
            progress,
            task,
        }
    }

    /// Stops waiting for the result; a download stops at its next chunk.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// How far the job has come.
    pub fn progress(&self) -> OpenProgress {
        self.progress.lock().map(|p| *p).unwrap_or_default()
    }

    /// Seconds since the job started.
    pub fn seconds(&self) -> f32 {
        self.task.started.elapsed().as_secs_f32()
    }

    /// The dataset, or the message of what went wrong, once done.
    pub fn poll(&self) -> Option<Result<OpenDataset, LoadFailure>> {
        match self.task.poll() {
            Poll::Running => None,
            Poll::Done(Ok(r)) => Some(r),
            Poll::Done(Err(message)) => Some(Err(LoadFailure {
                message,
                hint: None,
            })),
        }
    }
}
