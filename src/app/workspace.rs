//! The window's open datasets. Combining them (proportional to the data's size) runs on a
//! worker; the last combination stays in use until the new one is ready.

use std::sync::Arc;

use super::worker::{FailPoints, Poll, Task, WorkKind};
use crate::data::workspace::{Combined, OpenDataset};

/// All open datasets and their combination.
#[derive(Default)]
pub struct Workspace {
    /// Open datasets in name order, so the combination does not depend on which load
    /// finished first.
    pub datasets: Vec<Arc<OpenDataset>>,
    /// The combination in use, and what derives from it.
    pub combined: Arc<Combined>,
    /// Changes whenever `combined` does; caches compare it.
    pub version: u64,
    combining: Option<Task<Combined>>,
    /// The datasets changed while a combination was running: combine again when it ends.
    stale: bool,
}

impl Workspace {
    /// Adds (or replaces, by name) a dataset and starts combining.
    pub fn add(&mut self, ds: OpenDataset, fail: &FailPoints, wake: impl Fn() + Send + 'static) {
        self.datasets.retain(|d| d.name != ds.name);
        let at = self.datasets.partition_point(|d| d.name < ds.name);
        self.datasets.insert(at, Arc::new(ds));
        self.recombine(fail, wake);
    }

    /// Lets a dataset take part in the charts or not.
    pub fn set_in_charts(
        &mut self,
        name: &str,
        on: bool,
        fail: &FailPoints,
        wake: impl Fn() + Send + 'static,
    ) {
        let mut changed = false;
        for d in &mut self.datasets {
            if d.name == name && d.in_charts != on {
                Arc::make_mut(d).in_charts = on;
                changed = true;
            }
        }
        if changed {
            self.recombine(fail, wake);
        }
    }

    /// Closes a dataset by name.
    pub fn remove(&mut self, name: &str, fail: &FailPoints, wake: impl Fn() + Send + 'static) {
        self.datasets.retain(|d| d.name != name);
        self.recombine(fail, wake);
    }

    fn recombine(&mut self, fail: &FailPoints, wake: impl Fn() + Send + 'static) {
        if self.combining.is_some() {
            self.stale = true;
            return;
        }
        let datasets = self.datasets.clone();
        let name = format!("{} dataset(s)", datasets.len());
        self.combining = Some(Task::spawn(
            WorkKind::Combine,
            name,
            fail,
            wake,
            move || Combined::build(&datasets),
        ));
    }

    /// Picks up a finished combination. Returns an error message when combining failed.
    pub fn poll(&mut self, fail: &FailPoints, wake: impl Fn() + Send + 'static) -> Option<String> {
        let task = self.combining.as_ref()?;
        let result = match task.poll() {
            Poll::Running => return None,
            Poll::Done(r) => r,
        };
        self.combining = None;
        let problem = match result {
            Ok(c) => {
                let problem = c.problem.clone();
                self.combined = Arc::new(c);
                self.version += 1;
                problem
            }
            Err(e) => Some(e),
        };
        if std::mem::take(&mut self.stale) {
            self.recombine(fail, wake);
        }
        problem
    }

    /// True while the open datasets are being combined.
    pub fn is_combining(&self) -> bool {
        self.combining.is_some()
    }

    pub fn total_observations(&self) -> usize {
        self.datasets.iter().map(|d| d.readings()).sum()
    }

    /// Rows skipped and conflicts resolved over every open dataset.
    pub fn warnings(&self) -> usize {
        self.datasets.iter().map(|d| d.report.warning_count()).sum()
    }

    /// True when a dataset of this name is open.
    pub fn has(&self, name: &str) -> bool {
        self.datasets.iter().any(|d| d.name == name)
    }
}
