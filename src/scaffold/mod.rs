//! `lamplight new`: a working site to start from, and new pages pre-filled with
//! the settings an officer would otherwise have to look up.
//!
//! Nothing here ever overwrites a file: new files are opened with
//! `create_new`, so a slip of the keyboard cannot replace a published page.

use std::fs;
use std::io::Write;

use crate::check::lints::SCAFFOLD_NOTE as NOTE;
use std::path::{Path, PathBuf};

use jiff::{Span, civil};

use crate::diagnostic::{Diagnostic, Result};

mod starter;
pub use crate::check::setup::DEFAULT_NAME;

include!(concat!(env!("OUT_DIR"), "/starter.rs"));

/// What `lamplight new` can write inside an existing site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A dated progress update in `content/updates/`.
    Update,
    /// A page about a scheme in `content/schemes/`, with a review date.
    Scheme,
    /// A plain page, in `content/` or a section folder.
    Page,
}

/// What a new site is made from besides the starter's files.
#[derive(Debug, Clone)]
pub struct NewSite<'a> {
    /// The partnership's name, the site's title.
    pub name: &'a str,
    /// The day it is started: the first update's date, and the plan's year.
    pub today: civil::Date,
}

/// Writes a new site into `dir`, which must be empty or not exist yet:
/// config, a partner, a priority, a scheme and this year's plan in `data/`,
/// sections for priorities, updates and schemes, an accessibility statement
/// to complete, and the workflows that publish it from GitHub or GitLab.
/// Every example an officer must replace is marked, for `check` to name.
/// Returns the files written, relative to `dir`.
pub fn new_site(dir: &Path, site: &NewSite) -> Result<Vec<PathBuf>> {
    let occupied = fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied {
        return Err(
            Diagnostic::error(dir, "this folder already has files in it")
                .hint("give `lamplight new site` a new folder name; it never writes over files")
                .into(),
        );
    }
    let fill = starter::Fill::new(site);
    let mut written = Vec::new();
    for (path, bytes) in STARTER {
        let relative = fill.apply(path);
        let text = fill.apply(crate::theme::text(bytes));
        write_new(&dir.join(&relative), &text)?;
        written.push(PathBuf::from(relative));
    }
    crate::site::record_published_urls(&crate::site::BuildOptions {
        root: dir.to_path_buf(),
        today: Some(site.today),
        ..Default::default()
    })?;
    written.push(PathBuf::from(crate::manifest::PUBLISHED));
    Ok(written)
}

/// The folder under `content/` a new [`Kind::Page`] goes in.
#[derive(Debug, Clone, Copy)]
pub struct Folder<'a> {
    pub path: &'a str,
    /// Start the folder's section (its `_index.md`, and those of folders
    /// above it that have none) rather than refusing.
    pub new_section: bool,
}

/// Writes a pre-filled content file for `title` and returns the paths
/// written: the page's, then any section's it started. `section` is a
/// folder under `content/` for a [`Kind::Page`].
pub fn new_content(
    root: &Path,
    kind: Kind,
    title: &str,
    section: Option<Folder>,
    today: civil::Date,
) -> Result<Vec<PathBuf>> {
    let slug = slug::slugify(title);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            "content",
            format!("\"{title}\" has no letters or numbers to make an address from"),
        )
        .hint("give the page a title in words, e.g. \"Keep Safe in Castle Point\"")
        .into());
    }
    let content = root.join("content");
    if !content.is_dir() {
        return Err(Diagnostic::error(&content, "there is no content/ folder here")
            .hint("run this in the site's folder, or point at it with --root; `lamplight new site DIR` makes a new site")
            .into());
    }
    let quoted = toml::Value::String(title.to_string()).to_string();
    let (relative, text) = match kind {
        Kind::Update => (
            format!("updates/{today}-{slug}.md"),
            format!(
                "+++\ntitle = {quoted}\n# One sentence on what the update is about, for lists and search results.\n\
                 # description = \"\"\ndate = {today}\n+++\n\n\
                 <!-- Say what happened, when, and who it helps. Link to the scheme or\n\
                 priority it is about by its file, e.g. [the J9 scheme](@/schemes/j9.md).\n\
                 {NOTE} -->\n"
            ),
        ),
        Kind::Scheme => {
            let review = today.checked_add(Span::new().months(6)).unwrap_or(today);
            (
                format!("schemes/{slug}.md"),
                format!(
                    "+++\ntitle = {quoted}\n# One sentence on what the scheme does, for lists and search results.\n\
                     # description = \"\"\n# The record in data/schemes.toml this page is about, if there is one.\n\
                     # scheme = \"\"\n# `lamplight check` reminds you to check the advice after this date.\n\
                     review_by = {review}\n+++\n\n\
                     ## What it is\n\n## Who it is for\n\n## How to get help\n\n\
                     <!-- Give phone numbers and opening hours, and who to call in an emergency.\n\
                     {NOTE} -->\n"
                ),
            )
        }
        Kind::Page => {
            let folder = section
                .map(|s| s.path.trim_matches('/'))
                .filter(|s| !s.is_empty());
            let relative = match folder {
                Some(folder) => format!("{folder}/{slug}.md"),
                None => format!("{slug}.md"),
            };
            (
                relative,
                format!(
                    "+++\ntitle = {quoted}\n# One sentence on what the page is for, for lists and search results.\n\
                     # description = \"\"\n+++\n\n\
                     <!-- Write the page here. Start headings at `##`: the title is the page's\n\
                     main heading. {NOTE} -->\n"
                ),
            )
        }
    };
    let path = content.join(&relative);
    let new_section = section.is_some_and(|s| s.new_section);
    let sections = sections_to_start(root, &relative, new_section)?;
    // A page that is already there is refused (`write_new` never replaces
    // a file) before any section is started.
    if path.exists() {
        write_new(&path, &text)?;
    }
    for (index, text) in &sections {
        write_new(&root.join(index), text)?;
    }
    write_new(&path, &text)?;
    let mut written = vec![Path::new("content").join(relative)];
    written.extend(sections.into_iter().map(|(index, _)| index));
    Ok(written)
}

/// The sections to start for a page at `relative` (under content/): none
/// when its folder has one; the missing ones when `new_section`; and
/// otherwise an error saying how to have them.
fn sections_to_start(
    root: &Path,
    relative: &str,
    new_section: bool,
) -> Result<Vec<(PathBuf, String)>> {
    let Some(folder) = Path::new(relative)
        .parent()
        .filter(|f| !f.as_os_str().is_empty())
    else {
        return Ok(Vec::new());
    };
    let index = Path::new("content").join(folder).join("_index.md");
    if root.join(&index).exists() {
        return Ok(Vec::new());
    }
    if !new_section {
        return Err(Diagnostic::error(
            Path::new("content").join(folder),
            "there is no section here for the new page",
        )
        .hint(format!(
            "add --new-section to the command to start the section too, or create {} with a title first",
            index.display()
        ))
        .into());
    }
    Ok(missing_sections(root, folder))
}

/// The `_index.md` of `folder` (under content/) and of each folder above
/// it that has none, with their text: a title made from the folder's name.
fn missing_sections(root: &Path, folder: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut at = PathBuf::from("content");
    for part in folder.components() {
        at.push(part);
        let index = at.join("_index.md");
        if root.join(&index).exists() {
            continue;
        }
        let name = part.as_os_str().to_string_lossy().replace(['-', '_'], " ");
        let title = crate::taxonomy::capitalise(&name);
        let quoted = toml::Value::String(title).to_string();
        let text = format!(
            "+++\ntitle = {quoted}\n# One sentence on what this section is about, for lists and search results.\n\
             # description = \"\"\n+++\n\n\
             <!-- Say what readers will find here; its pages are listed below this.\n\
             {NOTE} -->\n"
        );
        out.push((index, text));
    }
    out
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    let fail = |error: std::io::Error| {
        let (message, hint) = if error.kind() == std::io::ErrorKind::AlreadyExists {
            (
                "this file already exists, and `lamplight new` never replaces a file".to_string(),
                "open the file to edit it, or choose a different title",
            )
        } else {
            (
                format!("could not write this file: {error}"),
                "check the folder exists and you may write to it",
            )
        };
        Diagnostic::error(path, message).hint(hint)
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(fail)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    Ok(())
}
