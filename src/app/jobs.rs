//! Loading files, URLs and World Bank indicators off the UI thread, with progress and
//! cancellation.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::worker::{FailPoints, Poll, Task, WorkKind};
use crate::data::open::{self, OpenProgress, Origin};
use crate::data::remote::{FetchOptions, OpenError};
use crate::data::workspace::OpenDataset;
use crate::data::{LoadOptions, LoadProgress};
use crate::i18n::Lang;
use crate::tr;

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

/// An error of opening data in the window's language; errors the message files do not
/// cover keep the library's English text.
pub fn localized_error(e: &OpenError, lang: Lang) -> String {
    use crate::data::LoadError;
    let columns = |c: &[String]| c.join(", ");
    match e {
        OpenError::NotFound { path } => tr!(lang, "error-not-found", path = path.as_str()),
        OpenError::EmptyFolder { path } => tr!(lang, "error-empty-folder", path = path.as_str()),
        OpenError::Panicked { name, .. } => tr!(lang, "error-reader-failed", path = name.as_str()),
        OpenError::Load(LoadError::Io { path, source }) => tr!(
            lang,
            "error-cannot-read",
            path = path.as_str(),
            error = source.to_string()
        ),
        OpenError::Load(LoadError::NoPlaceColumn { path, columns: c }) => tr!(
            lang,
            "error-no-place",
            path = path.as_str(),
            columns = columns(c)
        ),
        OpenError::Load(LoadError::NoValues { path, columns: c }) => tr!(
            lang,
            "error-no-values",
            path = path.as_str(),
            columns = columns(c)
        ),
        OpenError::Load(LoadError::NoSheet {
            path,
            sheet,
            available,
        }) => tr!(
            lang,
            "error-no-sheet",
            path = path.as_str(),
            sheet = sheet.as_str(),
            sheets = columns(available)
        ),
        OpenError::Load(LoadError::NotData { path, what }) => {
            let kind = match *what {
                "a PDF document" => "kind-pdf",
                "a picture" => "kind-picture",
                "a text document" => "kind-document",
                "a presentation" => "kind-presentation",
                "a compressed archive" => "kind-archive",
                "a program" => "kind-program",
                "a text or web page, not a table" => "kind-page",
                _ => "kind-config",
            };
            let what = crate::i18n::tr(lang, kind);
            tr!(lang, "error-not-data", path = path.as_str(), what = what)
        }
        other => other.to_string(),
    }
}

impl LoadFailure {
    fn of(origin: &Origin, e: &OpenError, lang: Lang) -> LoadFailure {
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
            message: localized_error(e, lang),
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
    /// How far the parse of a large text file got (it stops when cancelled).
    parsing: LoadProgress,
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
        lang: Lang,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> LoadJob {
        let cancel = Arc::new(AtomicBool::new(false));
        let progress = Arc::new(Mutex::new(OpenProgress::Started));
        let (flag, shared, what) = (cancel.clone(), progress.clone(), origin.clone());
        // A database table or a partitioned Parquet folder opens as its annual means (its
        // places, indicators and years); each view then asks it for its own slice.
        let load_options = match (origin.asked_per_view(), options.aggregate) {
            (true, None) => LoadOptions {
                aggregate: Some(crate::data::query::Period::Year),
                ..options.clone()
            },
            _ => options.clone(),
        };
        let parsing = LoadProgress::default();
        let load_options = LoadOptions {
            progress: parsing.clone(),
            ..load_options
        };
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
                    .map_err(|e| LoadFailure::of(&what, &e, lang))?;
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
            parsing,
            task,
        }
    }

    /// Stops waiting for the result; a download stops at its next chunk, the parse of a large
    /// file at its next part.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
        self.parsing.stop();
    }

    /// How far the parse of a large text file got: bytes parsed, the file's size (0 until a
    /// file is being parsed) and data rows read.
    pub fn parsing(&self) -> (u64, u64, u64) {
        let (bytes, total) = self.parsing.bytes();
        (bytes, total, self.parsing.rows())
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
