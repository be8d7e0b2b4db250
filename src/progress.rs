//! Which stage a build is in, and how long each took: for the progress line a
//! slow build shows on a terminal, and for `--verbose`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The stages of a build, in order, as the progress line names them.
pub const STAGES: &[&str] = &[
    "claiming the output folder",
    "reading config.toml",
    "reading content",
    "reading data",
    "loading templates",
    "rendering Markdown",
    "rendering pages",
    "writing files",
];

/// Shared between a build and whoever watches it; cloning shares it.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// Index into [`STAGES`] of the stage running now, plus one; 0 before the first.
    current: Arc<AtomicUsize>,
    finished: Arc<Mutex<Vec<(&'static str, Duration)>>>,
    started: Arc<Mutex<Option<Instant>>>,
}

impl Progress {
    /// Marks the start of `stage` (one of [`STAGES`]) and the end of the one before.
    pub fn stage(&self, stage: &'static str) {
        let index = STAGES
            .iter()
            .position(|s| *s == stage)
            .expect("a known stage");
        self.end_stage();
        *self.started.lock().expect("progress lock") = Some(Instant::now());
        self.current.store(index + 1, Ordering::Relaxed);
    }

    /// Ends the stage running now, recording its time.
    pub fn end_stage(&self) {
        let previous = self.current.swap(0, Ordering::Relaxed);
        if let (Some(name), Some(started)) = (
            previous.checked_sub(1).map(|i| STAGES[i]),
            self.started.lock().expect("progress lock").take(),
        ) {
            self.finished
                .lock()
                .expect("progress lock")
                .push((name, started.elapsed()));
        }
    }

    /// The stage running now, if any.
    pub fn current(&self) -> Option<&'static str> {
        self.current
            .load(Ordering::Relaxed)
            .checked_sub(1)
            .map(|i| STAGES[i])
    }

    /// Each finished stage with its time, in the order they ran.
    pub fn timings(&self) -> Vec<(&'static str, Duration)> {
        self.finished.lock().expect("progress lock").clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_each_stage_once_in_order() {
        let progress = Progress::default();
        assert_eq!(progress.current(), None);
        progress.stage("reading content");
        assert_eq!(progress.current(), Some("reading content"));
        progress.stage("rendering pages");
        progress.end_stage();
        assert_eq!(progress.current(), None);
        let names: Vec<&str> = progress.timings().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["reading content", "rendering pages"]);
    }
}
