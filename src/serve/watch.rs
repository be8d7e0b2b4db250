//! Which file changes mean a rebuild, and the watcher that reports them.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::diagnostic::{Diagnostic, Result};

/// The folders a site is made from, watched with everything in them.
const SOURCE_DIRS: &[&str] = &["content", "data", "static", "templates", "themes"];

/// Long enough to gather the several events one save makes (editors often
/// write a temporary file and rename it, within a few milliseconds), short
/// enough that the wait is not what the officer notices.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// Watches the site and calls `on_change` with the source files that changed,
/// relative to the site folder, once per burst of changes. Keep the returned watcher alive to keep watching.
pub fn start(
    root: &Path,
    on_change: impl Fn(Vec<PathBuf>) + Send + 'static,
) -> Result<RecommendedWatcher> {
    // Events name files by the path that was watched; a canonical root makes
    // them comparable however the site was named (`.`, `../site`, a symlink).
    let root = &root.canonicalize().map_err(|e| watch_error(root, e))?;
    let (sender, events) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(sender).map_err(|e| watch_error(root, e))?;
    // The site folder itself, for config.toml and for source folders made later.
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(root, e))?;
    for dir in SOURCE_DIRS
        .iter()
        .map(|d| root.join(d))
        .filter(|d| d.is_dir())
    {
        watcher
            .watch(&dir, RecursiveMode::Recursive)
            .map_err(|e| watch_error(&dir, e))?;
    }
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        let relevant = |event: notify::Result<Event>| -> Vec<PathBuf> {
            match event {
                Ok(event) if changes_files(&event.kind) => event
                    .paths
                    .into_iter()
                    .filter(|p| is_source(&root, p))
                    .filter_map(|p| p.strip_prefix(&root).ok().map(Path::to_path_buf))
                    .collect(),
                _ => Vec::new(),
            }
        };
        // Wait for a change, then gather more until things are quiet.
        while let Ok(first) = events.recv() {
            let mut changed = relevant(first);
            while let Ok(next) = events.recv_timeout(DEBOUNCE) {
                changed.extend(relevant(next));
            }
            changed.sort();
            changed.dedup();
            if !changed.is_empty() {
                on_change(changed);
            }
        }
    });
    Ok(watcher)
}

/// Reading a file is an event too, and every build reads every file; only
/// events that can change what a file holds should rebuild.
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

fn watch_error(path: &Path, error: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        path,
        format!("could not watch this folder for changes: {error}"),
    )
    .hint("on Linux, raise fs.inotify.max_user_watches; `lamplight build` still works")
}

/// Whether a change to `path` can change the site: `config.toml`, or a file
/// in a source folder that is not an editor's backup, swap or lock file.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    if first == "config.toml" {
        return true;
    }
    if !SOURCE_DIRS.contains(&first.as_ref()) {
        return false;
    }
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let scratch = name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".tmp", ".crdownload"]
            .iter()
            .any(|s| name.ends_with(s));
    let hidden = relative
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    !scratch && !hidden
}

/// "content/about.md changed", or "3 files changed", for the terminal.
/// `changed` is relative to `root`. Editors and tools save through a temporary
/// file they rename, so name the files that are still there when there are any.
pub fn describe(root: &Path, changed: &[PathBuf]) -> String {
    let existing: Vec<PathBuf> = changed
        .iter()
        .filter(|p| root.join(p).exists())
        .cloned()
        .collect();
    let shown = if existing.is_empty() {
        changed
    } else {
        &existing
    };
    match shown {
        [one] => format!("{} changed", one.display()),
        many => format!("{} files changed", many.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_source_files_trigger_a_rebuild() {
        let root = Path::new("/site");
        let yes = |p: &str| is_source(root, &root.join(p));
        assert!(yes("config.toml"));
        assert!(yes("content/about.md"));
        assert!(yes("themes/default/templates/base.html"));
        assert!(yes("data/plans/2017-18.toml"));
        assert!(!yes("public/index.html"), "the output is not a source");
        assert!(!yes("README.md"));
        assert!(!yes("content/.about.md.swp"));
        assert!(!yes("content/about.md~"));
        assert!(!yes("content/.#about.md"));
        assert!(!yes(".git/index"));
        assert!(!yes("content/.hidden/a.md"));
        assert!(!is_source(root, Path::new("/elsewhere/content/a.md")));
    }

    #[test]
    fn reading_a_file_is_not_a_change() {
        use notify::event::{CreateKind, ModifyKind};
        assert!(!changes_files(&EventKind::Access(AccessKind::Read)));
        assert!(!changes_files(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!changes_files(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(changes_files(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(changes_files(&EventKind::Modify(ModifyKind::Any)));
        assert!(changes_files(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn describes_what_changed() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::write(root.join("a.md"), "").unwrap();
        let changed = |names: &[&str]| names.iter().map(PathBuf::from).collect::<Vec<_>>();
        assert_eq!(describe(root, &changed(&["a.md"])), "a.md changed");
        assert_eq!(
            describe(root, &changed(&["a.md", "sed1x2y3"])),
            "a.md changed",
            "a temporary file that is gone is not named"
        );
        assert_eq!(describe(root, &changed(&["b", "c"])), "2 files changed");
    }
}
