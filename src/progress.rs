//! Which stage a build is in, and how long each took: for the progress line a
//! slow build shows on a terminal, and for `--verbose`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The stages of a build, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    ClaimingOutput,
    ReadingConfig,
    ReadingContent,
    ReadingData,
    LoadingTemplates,
    RenderingMarkdown,
    RenderingPages,
    WritingFiles,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::ClaimingOutput,
        Stage::ReadingConfig,
        Stage::ReadingContent,
        Stage::ReadingData,
        Stage::LoadingTemplates,
        Stage::RenderingMarkdown,
        Stage::RenderingPages,
        Stage::WritingFiles,
    ];

    /// As the progress line and `--verbose` name it.
    pub fn name(self) -> &'static str {
        match self {
            Stage::ClaimingOutput => "claiming the output folder",
            Stage::ReadingConfig => "reading config.toml",
            Stage::ReadingContent => "reading content",
            Stage::ReadingData => "reading data",
            Stage::LoadingTemplates => "loading templates",
            Stage::RenderingMarkdown => "rendering Markdown",
            Stage::RenderingPages => "rendering pages",
            Stage::WritingFiles => "writing files",
        }
    }

    /// The stage whose [`Stage::ALL`] index, plus one, is `number`; 0 is none.
    fn numbered(number: usize) -> Option<Stage> {
        Stage::ALL.get(number.checked_sub(1)?).copied()
    }
}

/// Shared between a build and whoever watches it; cloning shares it.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// The stage running now as its place in [`Stage::ALL`] plus one; 0 for none.
    current: Arc<AtomicUsize>,
    finished: Arc<Mutex<Vec<(&'static str, Duration)>>>,
    started: Arc<Mutex<Option<Instant>>>,
}

impl Progress {
    /// Marks the start of `stage` and the end of the one before.
    pub fn stage(&self, stage: Stage) {
        self.end_stage();
        *self.started.lock().expect("progress lock") = Some(Instant::now());
        self.current.store(stage as usize + 1, Ordering::Relaxed);
    }

    /// Ends the stage running now, recording its time.
    pub fn end_stage(&self) {
        let previous = self.current.swap(0, Ordering::Relaxed);
        if let (Some(name), Some(started)) = (
            Stage::numbered(previous).map(Stage::name),
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
        Stage::numbered(self.current.load(Ordering::Relaxed)).map(Stage::name)
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
        progress.stage(Stage::ReadingContent);
        assert_eq!(progress.current(), Some("reading content"));
        progress.stage(Stage::RenderingPages);
        progress.end_stage();
        assert_eq!(progress.current(), None);
        let names: Vec<&str> = progress.timings().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["reading content", "rendering pages"]);
    }
}
