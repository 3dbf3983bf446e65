//! Work off the UI thread: a [`Task`] runs a closure on its own thread and hands back its
//! result — or, when the closure panics, an error naming the work — so that a failing worker
//! is always seen, never silently gone.

use std::collections::HashSet;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::data::open::panic_message;

/// The kinds of work the window runs off its thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkKind {
    /// Opening a file, URL or API.
    Load,
    /// Combining the open datasets.
    Combine,
    /// Preparing a view's chart.
    Prepare,
    /// Filtering and sorting the table.
    TableOrder,
    /// Writing an export.
    Export,
}

impl WorkKind {
    /// What the work is, as error messages name it.
    pub fn label(self) -> &'static str {
        match self {
            WorkKind::Load => "loading",
            WorkKind::Combine => "combining the open datasets",
            WorkKind::Prepare => "preparing the chart",
            WorkKind::TableOrder => "sorting the table",
            WorkKind::Export => "exporting",
        }
    }
}

/// Kinds of work made to panic on purpose, so that tests can check that the window shows
/// the failure. Empty (and free) in normal use.
#[derive(Debug, Clone, Default)]
pub struct FailPoints(Arc<Mutex<HashSet<WorkKind>>>);

impl FailPoints {
    /// Makes every later work of `kind` panic.
    pub fn arm(&self, kind: WorkKind) {
        if let Ok(mut set) = self.0.lock() {
            set.insert(kind);
        }
    }

    /// Panics when `kind` is armed.
    pub fn check(&self, kind: WorkKind) {
        let armed = self.0.lock().is_ok_and(|set| set.contains(&kind));
        if armed {
            panic!("fail point: {}", kind.label());
        }
    }
}

/// What polling a task gives.
#[derive(Debug)]
pub enum Poll<T> {
    Running,
    /// The work finished: its value, or the message of its panic.
    Done(Result<T, String>),
}

/// Work running on a thread of its own.
#[derive(Debug)]
pub struct Task<T> {
    rx: Receiver<Result<T, String>>,
    pub started: Instant,
    /// What the work is about (a file name, a view), for messages.
    pub name: String,
}

impl<T: Send + 'static> Task<T> {
    /// Runs `work` on a new thread; `wake` is called when it is done (to repaint). A panic
    /// in `work` becomes an error naming `kind` and `name`.
    pub fn spawn(
        kind: WorkKind,
        name: impl Into<String>,
        fail: &FailPoints,
        wake: impl Fn() + Send + 'static,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Task<T> {
        let (tx, rx) = channel();
        let name = name.into();
        let (what, fail) = (name.clone(), fail.clone());
        let spawned = std::thread::Builder::new()
            .name(format!("citydash {}", kind.label()))
            .spawn(move || {
                let run = std::panic::AssertUnwindSafe(move || {
                    fail.check(kind);
                    work()
                });
                let result = std::panic::catch_unwind(run).map_err(|payload| {
                    let message = panic_message(payload.as_ref());
                    format!("{what}: {} failed unexpectedly ({message})", kind.label())
                });
                let _ = tx.send(result);
                wake();
            });
        let (tx_err, rx_err) = channel();
        let rx = match spawned {
            Ok(_) => rx,
            Err(e) => {
                let _ = tx_err.send(Err(format!("{name}: cannot start a thread: {e}")));
                rx_err
            }
        };
        Task {
            rx,
            started: Instant::now(),
            name,
        }
    }

    /// The result once the work is done.
    pub fn poll(&self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(r) => Poll::Done(r),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Done(Err(format!(
                "{}: the worker stopped without a result",
                self.name
            ))),
        }
    }

    /// Waits for the result (tests and benchmarks).
    pub fn wait(self) -> Result<T, String> {
        self.rx
            .recv()
            .unwrap_or_else(|_| Err(format!("{}: the worker stopped", self.name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_worker_becomes_an_error_naming_the_work() {
        let fail = FailPoints::default();
        let ok = Task::spawn(WorkKind::Prepare, "chart", &fail, || {}, || 41 + 1);
        assert_eq!(ok.wait(), Ok(42));
        let bad: Task<()> = Task::spawn(
            WorkKind::Load,
            "a.csv",
            &fail,
            || {},
            || panic!("index out of bounds"),
        );
        assert_eq!(
            bad.wait(),
            Err("a.csv: loading failed unexpectedly (index out of bounds)".into())
        );
        fail.arm(WorkKind::Combine);
        let armed = Task::spawn(WorkKind::Combine, "2 datasets", &fail, || {}, || 1);
        let err = armed.wait().unwrap_err();
        assert!(err.contains("combining the open datasets failed"), "{err}");
        let other = Task::spawn(WorkKind::Prepare, "x", &fail, || {}, || 1);
        assert_eq!(other.wait(), Ok(1), "only the armed kind fails");
    }
}
