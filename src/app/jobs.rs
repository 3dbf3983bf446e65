//! Background work: loading files off the UI thread, with cancellation.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

use super::workspace::OpenDataset;
use crate::data::{LoadError, LoadOptions, load_bytes, load_path};

/// Where a dataset comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    File(String),
    /// Bundled bytes with their display name.
    Embedded(&'static str, &'static [u8]),
}

impl Origin {
    pub fn name(&self) -> &str {
        match self {
            Origin::File(p) => p,
            Origin::Embedded(n, _) => n,
        }
    }
}

/// One load running on a worker thread.
pub struct LoadJob {
    pub origin: Origin,
    pub started: Instant,
    cancel: Arc<AtomicBool>,
    rx: Receiver<Result<OpenDataset, LoadError>>,
}

/// What polling a job gives.
pub enum JobPoll {
    Running,
    Done(Box<Result<OpenDataset, LoadError>>),
    /// The worker went away (cancelled).
    Gone,
}

impl LoadJob {
    /// Starts loading on a new thread; `wake` is called when the result is ready.
    pub fn start(origin: Origin, wake: impl Fn() + Send + 'static) -> LoadJob {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        let what = origin.clone();
        std::thread::spawn(move || {
            let options = LoadOptions::default();
            let result = match &what {
                Origin::File(p) => load_path(p, &options),
                Origin::Embedded(name, bytes) => load_bytes(bytes, name, &options),
            }
            // The summary is computed here too, so the window never waits for it.
            .map(|l| OpenDataset::new(what.name().to_string(), l.dataset, l.report));
            if !flag.load(Ordering::Relaxed) {
                let _ = tx.send(result);
                wake();
            }
        });
        LoadJob {
            origin,
            started: Instant::now(),
            cancel,
            rx,
        }
    }

    /// Stops waiting for the result; the window forgets the job at once.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn poll(&self) -> JobPoll {
        match self.rx.try_recv() {
            Ok(r) => JobPoll::Done(Box::new(r)),
            Err(TryRecvError::Empty) => JobPoll::Running,
            Err(TryRecvError::Disconnected) => JobPoll::Gone,
        }
    }
}
