//! Which file changes mean a rebuild, and the watcher that reports them.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::diagnostic::{Diagnostic, Result};

/// The folders a site is made from, watched with everything in them.
const SOURCE_DIRS: &[&str] = &["content", "data", "static", "templates", "themes", "i18n"];

/// Long enough to gather the several events one save makes (editors often
/// write a temporary file and rename it, within a few milliseconds), short
/// enough that the wait is not what the officer notices.
const DEBOUNCE: Duration = Duration::from_millis(30);

/// The wait once a burst has an event that ends a save: a file written and
/// closed, or renamed into place. What follows such an event within a few
/// milliseconds (a backup deleted, a second file of the same save) still
/// joins the burst, but a plain save is rebuilt a few milliseconds after the
/// editor is done rather than a whole debounce later.
const AFTER_SAVE: Duration = Duration::from_millis(5);

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
        // The source files an event changes, and whether it ends a save.
        let relevant = |event: notify::Result<Event>| -> (Vec<PathBuf>, bool) {
            match event {
                Ok(event) if changes_files(&event.kind) => {
                    let paths: Vec<PathBuf> = event
                        .paths
                        .into_iter()
                        .filter(|p| is_source(&root, p))
                        .filter_map(|p| p.strip_prefix(&root).ok().map(Path::to_path_buf))
                        .collect();
                    let saved = !paths.is_empty() && ends_save(&event.kind);
                    (paths, saved)
                }
                _ => (Vec::new(), false),
            }
        };
        // Wait for a change, then gather more until things are quiet.
        while let Ok(first) = events.recv() {
            let (mut changed, mut saved) = relevant(first);
            // Reads are events too (every rebuild opens files); a burst
            // starts with a change, so a save is never kept waiting behind
            // the quiet after a rebuild's own reads.
            if changed.is_empty() {
                continue;
            }
            while let Ok(next) = events.recv_timeout(if saved { AFTER_SAVE } else { DEBOUNCE }) {
                let (paths, ends) = relevant(next);
                changed.extend(paths);
                saved |= ends;
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

/// Whether an event means a file's new contents are complete: it was
/// written and closed, or a finished file was renamed into place.
fn ends_save(kind: &EventKind) -> bool {
    use notify::event::{ModifyKind, RenameMode};
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
    )
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
    if first == "config.toml" || first == "zola.toml" {
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
    fn a_closed_write_or_a_rename_into_place_ends_a_save() {
        use notify::event::{CreateKind, DataChange, ModifyKind, RenameMode};
        assert!(ends_save(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(ends_save(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(ends_save(&EventKind::Modify(ModifyKind::Name(
            RenameMode::Both
        ))));
        assert!(
            !ends_save(&EventKind::Modify(ModifyKind::Data(DataChange::Any))),
            "a write may be one of several"
        );
        assert!(!ends_save(&EventKind::Create(CreateKind::File)));
        assert!(!ends_save(&EventKind::Modify(ModifyKind::Name(
            RenameMode::From
        ))));
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
