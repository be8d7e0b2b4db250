//! Finding the files under `content/`: which are pages, which are files to
//! publish beside them, and which are passed over (`publish.rs` decides).

use std::path::Path;

use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::glob;
use crate::publish;

/// Files in `content/` that are data or notes for officers, never published.
const NOT_ASSETS: &[&str] = &["toml", "md"];

/// What [`walk`] found under `content/`.
pub(super) struct Walked {
    pub(super) markdown: Vec<String>,
    pub(super) assets: Vec<String>,
    /// Files passed over that the officer may have meant to publish.
    pub(super) warnings: Vec<Diagnostic>,
}

/// Lists the Markdown files and the other files under `content/`, relative to
/// it, in a stable order. Hidden files and folders and editors' leftovers
/// are skipped (`publish::is_leftover`); symlinks are not followed, so a
/// link loop cannot hang the build. A page saved with the wrong ending is
/// passed over with a warning rather than published as raw text, and a file
/// a browser would run (HTML, SVG, scripts) is an error unless
/// `[security] allow_active_files` names it.
///
/// A file matching one of config.toml's `ignored_content` patterns is
/// passed over as if it were not there, as Zola passes it over.
pub(super) fn walk(content_dir: &Path, config: &Config) -> Result<Walked> {
    let allowed_active = &config.security.allow_active_files;
    let mut walked = Walked {
        markdown: Vec::new(),
        assets: Vec::new(),
        warnings: Vec::new(),
    };
    let mut errors = Vec::new();
    let entries = WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(content_dir).to_path_buf();
                errors.push(Diagnostic::error(path, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file()
            || publish::is_leftover(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(content_dir)
            .expect("walkdir stays inside");
        let Some(relative) = relative.to_str() else {
            errors.push(
                Diagnostic::error(entry.path(), "the file name is not valid UTF-8")
                    .hint("rename the file using letters, digits and hyphens"),
            );
            continue;
        };
        let relative = relative.replace('\\', "/");
        if ignored(&config.ignored_content, &relative, entry.path()) {
            continue;
        }
        let shown = Path::new("content").join(&relative);
        let extension = entry
            .path()
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        if extension == "md" {
            walked.markdown.push(relative);
        } else if NOT_ASSETS.contains(&extension) {
            // Data or notes for officers: read where needed, never published.
        } else if publish::looks_like_content(&relative, entry.path()) {
            let stem = relative.rsplit('/').next().unwrap_or(&relative);
            let stem = stem.split('.').next().unwrap_or(stem).to_lowercase();
            walked.warnings.push(
                Diagnostic::warning(
                    &shown,
                    "this looks like a page, but its name does not end in `.md`, so it is not published",
                )
                .hint(format!("rename it to `{stem}.md` to publish it as a page")),
            );
        } else if publish::is_active(&relative, entry.path()) && !allowed_active.contains(&relative)
        {
            errors.push(
                Diagnostic::error(
                    &shown,
                    "a browser would run this file as part of the site (it can hold scripts), so it is not published from content/",
                )
                .hint(format!(
                    "save it as a PDF or PNG instead; or, once someone has checked it holds no script, \
                     name it in config.toml: [security] allow_active_files = [\"{relative}\"]"
                )),
            );
        } else {
            walked.assets.push(relative);
        }
    }
    if errors.is_empty() {
        Ok(walked)
    } else {
        Err(Diagnostics::sorted(errors))
    }
}

/// Whether a file under `content/` matches one of `patterns`: tried on
/// its path from the site (`content/…`), and on its whole path, as Zola
/// tries them.
fn ignored(patterns: &[String], relative: &str, path: &Path) -> bool {
    let from_site = format!("content/{relative}");
    let whole = path.to_string_lossy().replace('\\', "/");
    patterns
        .iter()
        .any(|p| glob::matches(p, &from_site) || glob::matches(p, &whole))
}

/// The Markdown files under `content_dir`, relative to it, passing over
/// hidden files and editors' leftovers as [`walk`] does, but judging
/// nothing else: for reading front matter while config.toml, which says
/// which active files are allowed, cannot be read.
pub(super) fn markdown_files(content_dir: &Path) -> Vec<String> {
    let entries = WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .flatten();
    entries
        .filter(|e| e.file_type().is_file())
        .filter(|e| !publish::is_leftover(&e.file_name().to_string_lossy()))
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            let relative = e.path().strip_prefix(content_dir).ok()?.to_str()?;
            Some(relative.replace('\\', "/"))
        })
        .collect()
}
