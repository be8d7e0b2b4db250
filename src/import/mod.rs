//! `lamplight import zola SRC DEST`: a Zola site folder made into a
//! Lamplight site in a new folder, with a report of every change.
//!
//! The content and static files are copied as they are: Lamplight reads
//! Zola's content with Zola's meanings, so every page keeps its address.
//! The config is converted (`config.rs`); the site's shortcodes are kept,
//! the Tera 1 in them translated where it can be (`templates.rs`); its
//! other templates give way to Lamplight's default theme, and front
//! matter naming one of them is pointed at the theme's own. SRC is only
//! ever read, and DEST must be new: nothing is written over.
//!
//! Once written, the new site is built in memory: the report ends with
//! whether it builds, and its addresses are recorded as the published ones,
//! so `check` guards them from then on.

mod config;
mod templates;
mod tera1;

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Result};

/// What happened to one thing the Zola site had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    /// Carried over as it was.
    Kept,
    /// Carried over under Lamplight's name for it.
    Mapped,
    /// Changed so that the site builds: the line says how.
    Changed,
    /// Left out: Lamplight has no use for it; the line says what to do instead.
    Dropped,
    /// Left out because Lamplight cannot take it yet, or could not translate it.
    NotMoved,
}

impl What {
    pub fn label(self) -> &'static str {
        match self {
            What::Kept => "kept",
            What::Mapped => "mapped",
            What::Changed => "changed",
            What::Dropped => "dropped",
            What::NotMoved => "not moved",
        }
    }
}

/// One line of the report: what, where in the Zola site, and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub what: What,
    /// Relative to SRC, with `/`.
    pub file: String,
    /// 1-based; 0 for a whole file.
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Report {
    pub lines: Vec<Line>,
    /// Pages and sections the new site has.
    pub pages: usize,
    /// How many addresses it publishes, recorded as the published ones.
    pub addresses: usize,
    /// Why the new site does not build, if it does not: it is written all
    /// the same, for the officer to finish by hand.
    pub build_errors: Option<crate::diagnostic::Diagnostics>,
}

impl Report {
    fn add(&mut self, what: What, file: &str, line: usize, message: String) {
        self.lines.push(Line {
            what,
            file: file.to_string(),
            line,
            message,
        });
    }

    /// The lines of one kind.
    pub fn of(&self, what: What) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(move |l| l.what == what)
    }
}

/// Imports the Zola site at `src` into the new folder `dest`. An error
/// before anything is written stops it; once written, the report says
/// whether the new site builds, and if not, why.
pub fn zola(src: &Path, dest: &Path) -> Result<Report> {
    let config_name = zola_config(src)?;
    refuse_unsafe_destination(src, dest)?;
    let mut report = Report::default();
    let source = fs::read_to_string(src.join(config_name))
        .map_err(|e| Diagnostic::error(config_name, format!("cannot read it: {e}")))?;
    let site_name = src
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Our partnership".to_string());
    let mut converted = config::convert(&source, Path::new(config_name), &site_name, &mut report)?;

    fs::create_dir_all(dest)
        .map_err(|e| Diagnostic::error(dest, format!("cannot create it: {e}")))?;
    let theme_templates = default_theme_templates();
    let mut shortcodes = templates::shortcodes(src, converted.theme.as_deref(), dest, &mut report)?;
    shortcodes.sort();
    let known_templates: Vec<String> = theme_templates.into_iter().chain(shortcodes).collect();
    copy_tree(src, dest, "static", &mut report)?;
    let allowed = copy_content(
        src,
        dest,
        &known_templates,
        &converted.languages,
        &mut report,
    )?;
    if src.join("sass").is_dir() {
        report.add(What::NotMoved, "sass", 0, "Lamplight does not compile Sass: compile it once (`zola build` did) and put the CSS in static/".into());
    }
    finish_config(&mut converted, allowed);
    let text = toml::to_string_pretty(&converted.table).expect("a TOML table serialises");
    write_new(&dest.join("config.toml"), &text)?;

    let options = crate::site::BuildOptions {
        root: dest.to_path_buf(),
        ..Default::default()
    };
    match crate::site::record_published_urls(&options) {
        Ok(addresses) => report.addresses = addresses,
        Err(errors) => report.build_errors = Some(errors),
    }
    report.pages = count_pages(&dest.join("content"));
    report
        .lines
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(report)
}

/// The Zola site's config file, or why `src` is not a Zola site.
fn zola_config(src: &Path) -> Result<&'static str> {
    let config = ["zola.toml", "config.toml"]
        .into_iter()
        .find(|name| src.join(name).is_file());
    let Some(config) = config else {
        return Err(Diagnostic::error(src, "this is not a Zola site: it has no config.toml or zola.toml")
            .hint("give `lamplight import zola` the folder that holds the Zola site's config.toml and content/")
            .into());
    };
    if !src.join("content").is_dir() {
        return Err(Diagnostic::error(src, "this is not a Zola site: it has no content/ folder")
            .hint("give `lamplight import zola` the folder that holds the Zola site's config.toml and content/")
            .into());
    }
    Ok(config)
}

/// DEST must be new (or an empty folder), and neither folder inside the other.
fn refuse_unsafe_destination(src: &Path, dest: &Path) -> Result<()> {
    let occupied = fs::read_dir(dest).is_ok_and(|mut entries| entries.next().is_some());
    if occupied || dest.is_file() {
        return Err(Diagnostic::error(dest, "this folder already exists and has files in it")
            .hint("give `lamplight import zola` a new folder to write the Lamplight site into; it never writes over files")
            .into());
    }
    let src = src.canonicalize().unwrap_or_else(|_| src.to_path_buf());
    let dest_parent = dest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dest_parent = dest_parent
        .canonicalize()
        .unwrap_or_else(|_| dest_parent.to_path_buf());
    if dest_parent.starts_with(&src) {
        return Err(Diagnostic::error(
            dest,
            "this folder is inside the Zola site, which import never writes into",
        )
        .hint("give a folder outside the Zola site, such as ../my-site-lamplight")
        .into());
    }
    Ok(())
}

/// The names of the templates of Lamplight's default theme, which is built
/// in (the new site has no copy of it), for front matter that names one.
fn default_theme_templates() -> Vec<String> {
    crate::theme::BUILT_IN
        .iter()
        .filter_map(|(path, _)| path.strip_prefix("templates/"))
        .map(str::to_string)
        .collect()
}

/// Copies `src/<folder>` to `dest/<folder>` as it is, hidden files aside.
fn copy_tree(src: &Path, dest: &Path, folder: &str, report: &mut Report) -> Result<usize> {
    let mut copied = 0;
    for (relative, from) in files_under(&src.join(folder)) {
        copy_file(&from, &dest.join(folder).join(&relative))?;
        copied += 1;
    }
    if copied > 0 {
        report.add(
            What::Kept,
            folder,
            0,
            format!("{copied} files in {folder}/"),
        );
    }
    Ok(copied)
}

/// Copies content/, pointing front matter that names a template Lamplight
/// does not have at the default one, and listing
/// the files a browser would run (which Zola published) for
/// `allow_active_files`.
fn copy_content(
    src: &Path,
    dest: &Path,
    known_templates: &[String],
    languages: &[String],
    report: &mut Report,
) -> Result<Vec<String>> {
    let mut allowed = Vec::new();
    for (relative, from) in files_under(&src.join("content")) {
        let shown = format!("content/{relative}");
        if is_translation(&relative, languages) {
            report.add(
                What::Kept,
                &shown,
                0,
                "a translation, at the address Zola gave it".into(),
            );
        }
        let to = dest.join("content").join(&relative);
        if relative.ends_with(".md") {
            let text = fs::read_to_string(&from)
                .map_err(|e| Diagnostic::error(&shown, format!("cannot read it: {e}")))?;
            let text = templates::point_at_known(&text, &shown, known_templates, report);
            write_new(&to, &text)?;
        } else {
            copy_file(&from, &to)?;
            if crate::publish::is_active(&relative, &from) {
                report.add(What::Changed, &shown, 0, "a file a browser would run, which Zola published: listed in [security] allow_active_files; check it holds nothing harmful, or delete it".into());
                allowed.push(relative);
            }
        }
    }
    Ok(allowed)
}

/// `page.fr.md`, `_index.fr.md`, `index.fr.md`, for a language in `languages`.
fn is_translation(relative: &str, languages: &[String]) -> bool {
    let Some(stem) = relative.strip_suffix(".md") else {
        return false;
    };
    let name = stem.rsplit('/').next().unwrap_or(stem);
    name.rsplit_once('.')
        .is_some_and(|(_, code)| languages.iter().any(|l| l == code))
}

/// Adds what copying found to the converted settings.
fn finish_config(converted: &mut config::Converted, allowed: Vec<String>) {
    if !allowed.is_empty() {
        let mut security = toml::Table::new();
        let files = allowed.into_iter().map(toml::Value::from).collect();
        security.insert("allow_active_files".into(), toml::Value::Array(files));
        converted.table.insert("security".into(), security.into());
    }
}

/// Every file under `dir` with its path relative to it, hidden ones aside,
/// in a stable order.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            Some((relative, e.path().to_path_buf()))
        })
        .collect()
}

fn count_pages(content: &Path) -> usize {
    files_under(content)
        .iter()
        .filter(|(r, _)| r.ends_with(".md"))
        .count()
}

/// Makes the folder `path` goes in.
fn make_parent(path: &Path) -> Result<()> {
    let Some(parent) = path.parent() else {
        return Ok(());
    };
    fs::create_dir_all(parent)
        .map_err(|e| Diagnostic::error(parent, format!("cannot create it: {e}")).into())
}

/// Copies a file to a new place, never over one: DEST is new, and so is
/// every file in it.
fn copy_file(from: &Path, to: &Path) -> Result<()> {
    make_parent(to)?;
    if to.exists() {
        return Err(Diagnostic::error(to, "import would write over this file").into());
    }
    fs::copy(from, to).map_err(|e| Diagnostic::error(from, format!("cannot copy it: {e}")))?;
    Ok(())
}

/// Writes a new file, never over one.
fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    make_parent(path)?;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot create it: {e}")))?;
    file.write_all(text.as_bytes())
        .map_err(|e| Diagnostic::error(path, format!("cannot write it: {e}")).into())
}
