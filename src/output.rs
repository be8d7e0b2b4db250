//! Writing the site: everything goes into a staging folder beside the output,
//! which replaces the output only once every file is written. A build that
//! fails at any point leaves the last good site exactly as it was.
//!
//! The output folder is deleted and replaced on every build, and what is
//! built comes from repositories many people commit to, so this is also
//! where Lamplight makes sure it only ever deletes what it made itself:
//! [`Output::claim`] resolves the folder through every `..` and symbolic
//! link, refuses one that is, holds or sits inside any of the site's
//! sources, refuses a folder of someone else's files (Lamplight marks the
//! folders it writes), takes a lock so two builds never interleave, and
//! finishes or undoes a swap that a killed build left half done.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Result};
use crate::progress::{Progress, Stage};
use crate::publish::resolve;

/// The file in every folder Lamplight writes, so it replaces only its own
/// output: a folder that already holds files but not this one is refused.
pub const MARKER: &str = ".lamplight-output";

const MARKER_TEXT: &str =
    "This folder is written by Lamplight and replaced whole on every build.\n";

/// The list of the addresses a build wrote, which `check` compares with
/// the ones recorded as published (`manifest`).
pub const ADDRESS_LIST: &str = "published-urls.txt";

/// The folder of the search index's files: the index's own, not addresses
/// to list or link to.
pub const SEARCH_FOLDER: &str = "search-index";

/// The sitemap; on a site too large for one file, the index of its files.
pub const SITEMAP: &str = "sitemap.xml";

/// The `n`th file (from 1) of a split sitemap: `sitemap1.xml`.
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap{n}.xml")
}

/// Whether `path` is a file of a split sitemap, named by [`sitemap_part`].
/// How many there are follows the site's size, and search engines find
/// them from [`SITEMAP`], so they are nobody's address to keep.
pub fn is_sitemap_part(path: &str) -> bool {
    let number = path
        .strip_prefix("sitemap")
        .and_then(|p| p.strip_suffix(".xml"));
    number.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// What builds from before the marker existed always wrote; such a folder is
/// taken as Lamplight's own (and gets the marker on the next build).
const LEGACY_MARKER: &str = ADDRESS_LIST;

/// What a build may not write into or over: relative to the site folder.
/// `themes` covers the theme, `.git` the history, and the site folder
/// itself is checked separately.
const SOURCES: &[&str] = &[
    "content",
    "data",
    "static",
    "templates",
    "themes",
    "config.toml",
    "zola.toml",
    ".git",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// Shared, so a rebuild that reuses an output does not copy it. An
    /// `Arc<String>` rather than an `Arc<str>`, so a rendered page moves in
    /// without being copied.
    Text(Arc<String>),
    Copy(PathBuf),
    /// A file built into the program: the default theme's static files.
    BuiltIn(&'static [u8]),
    /// Rendered text already written to the output's staging folder, and no
    /// longer in memory (see `render::Destination::Write`).
    Written,
}

impl Contents {
    pub fn text(text: impl Into<String>) -> Contents {
        Contents::Text(Arc::new(text.into()))
    }
}

/// Output-relative path (`priorities/asb/index.html`) to what goes there.
pub type SiteFiles = BTreeMap<String, Contents>;

/// The output files that can answer a site-relative path, best first: `about/`
/// (and the home page, ``) is `about/index.html`; `about` is the file `about`
/// or, as web servers redirect, `about/index.html`. Shared by `check`'s link
/// resolution and `serve`, so both agree on what a link reaches.
pub fn output_candidates(relative: &str) -> Vec<String> {
    if relative.is_empty() || relative.ends_with('/') {
        vec![format!("{relative}index.html")]
    } else {
        vec![relative.to_string(), format!("{relative}/index.html")]
    }
}

/// `public` → `.public.lamplight-new` (or `-old`), in the same
/// parent folder so the final renames stay on one file system.
fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!(".{name}.lamplight-{suffix}"))
}

fn io_error(path: &Path, doing: &str, error: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("cannot {doing}: {error}"))
        .hint("check the folder exists, is writable, and is not open in another program")
}

/// Whether `path` names a symbolic link (not following it).
fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The output folder of one build, claimed: checked to be safe to replace,
/// and locked until this is dropped.
pub struct Output {
    /// As the officer named it, for messages.
    shown: PathBuf,
    /// Fully resolved: where the renames happen.
    path: PathBuf,
    /// Held (an advisory lock, see [`open_lock`]) until dropped.
    _lock: fs::File,
}

impl Output {
    /// Checks that `output` may be replaced by a build of the site at
    /// `root`, waits for any other build into it to finish, and puts back
    /// a previous site that a killed build left moved aside.
    pub fn claim(root: &Path, output: &Path, progress: &Progress) -> Result<Output> {
        // Named for the progress line: it shows when another build holds
        // the lock and this one waits.
        progress.stage(Stage::ClaimingOutput);
        let path = check_place(root, output)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| io_error(parent, "create the output's parent folder", e))?;
        }
        let (lock_path, lock) = open_lock(&path)?;
        lock.lock()
            .map_err(|e| io_error(&lock_path, "wait for another build into the same folder", e))?;
        let claimed = Output {
            shown: output.to_path_buf(),
            path,
            _lock: lock,
        };
        claimed.recover()?;
        claimed.check_ours()?;
        Ok(claimed)
    }

    /// Finishes what a build killed half way left: a staging folder is
    /// removed; a previous site moved aside is put back if the output is
    /// missing, and removed if the new one made it into place.
    fn recover(&self) -> Result<()> {
        let (new, old) = (sibling(&self.path, "new"), sibling(&self.path, "old"));
        remove_leftover(&new)?;
        let output_missing = fs::symlink_metadata(&self.path).is_err();
        if output_missing && is_ours(&old) {
            fs::rename(&old, &self.path)
                .map_err(|e| io_error(&old, "put the previous site back", e))?;
        } else {
            remove_leftover(&old)?;
        }
        Ok(())
    }

    /// Refuses an output that is a link, a file, or a folder of files
    /// Lamplight did not write.
    fn check_ours(&self) -> Result<()> {
        let Ok(meta) = fs::symlink_metadata(&self.path) else {
            return Ok(());
        };
        let refuse = |message: String, hint: &str| {
            Err(Diagnostic::error(&self.shown, message).hint(hint).into())
        };
        if !meta.is_dir() {
            return refuse(
                "the output folder is a file, and it would be replaced by the site".into(),
                "choose a folder that does not exist yet, such as public/, with --output-dir",
            );
        }
        let empty = fs::read_dir(&self.path).is_ok_and(|mut d| d.next().is_none());
        if !empty && !is_ours(&self.path) {
            return refuse(
                format!(
                    "the output folder already holds files that Lamplight did not write (it has no {MARKER} file), and it is replaced whole on every build"
                ),
                "move those files somewhere else or delete the folder yourself, or choose another folder with --output-dir",
            );
        }
        Ok(())
    }

    /// An empty staging folder beside the output, marked as Lamplight's.
    pub fn staging(&self) -> Result<Staging<'_>> {
        let dir = sibling(&self.path, "new");
        fs::create_dir(&dir).map_err(|e| io_error(&dir, "create a folder", e))?;
        let staging = Staging { dir, output: self };
        staging.write(MARKER, MARKER_TEXT)?;
        Ok(staging)
    }
}

/// What a build locks while it claims `output`: the folder the output is
/// in, on systems that can lock a folder, so a build writes nothing outside
/// its output; elsewhere a file in the temporary folder named after the
/// output's resolved path.
#[cfg(unix)]
fn open_lock(output: &Path) -> Result<(PathBuf, fs::File)> {
    let parent = output.parent().unwrap_or(output).to_path_buf();
    let file = fs::File::open(&parent).map_err(|e| io_error(&parent, "open the folder", e))?;
    Ok((parent, file))
}

#[cfg(not(unix))]
fn open_lock(output: &Path) -> Result<(PathBuf, fs::File)> {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    output.hash(&mut hasher);
    let path = std::env::temp_dir().join(format!("lamplight-{:016x}.lock", hasher.finish()));
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| io_error(&path, "create the lock file", e))?;
    Ok((path, file))
}

/// Whether `dir` is a real folder (not a link) that Lamplight wrote.
fn is_ours(dir: &Path) -> bool {
    !is_symlink(dir) && (dir.join(MARKER).is_file() || dir.join(LEGACY_MARKER).is_file())
}

/// Removes a staging or set-aside folder a killed build left, if it is
/// Lamplight's; a link of that name is removed, never followed.
fn remove_leftover(path: &Path) -> Result<()> {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() || meta.is_file() {
        return fs::remove_file(path)
            .map_err(|e| io_error(path, "remove a leftover link", e).into());
    }
    let empty = fs::read_dir(path).is_ok_and(|mut d| d.next().is_none());
    if !empty && !is_ours(path) {
        return Err(Diagnostic::error(
            path,
            "a folder with the name Lamplight uses while building is in the way, and Lamplight did not write it",
        )
        .hint("move or delete it yourself, then build again")
        .into());
    }
    remove_dir_all(path).map_err(|e| io_error(path, "remove a leftover folder", e).into())
}

/// Resolves `output` and refuses any place whose replacement would delete
/// or overwrite the site's own files: the site folder or anything above
/// it, any source or anything inside one, or a symbolic link.
pub fn check_place(root: &Path, output: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
    if is_symlink(&absolute) {
        return Err(Diagnostic::error(
            output,
            "the output folder is a symbolic link, so replacing it could delete whatever it points to",
        )
        .hint("remove the link (it may have been committed by mistake) or choose a real folder with --output-dir")
        .into());
    }
    let resolved = resolve(output);
    let root = resolve(root);
    let mut sources = Vec::new();
    for name in SOURCES {
        let source = root.join(name);
        sources.push(resolve(&source));
        sources.push(source);
    }
    // The output may be inside the site folder (public/ is), but never the
    // site folder or above it, nor a source, inside one or above one.
    let clash = std::iter::once(&root)
        .filter(|root| root.starts_with(&resolved))
        .chain(
            sources
                .iter()
                .find(|source| resolved.starts_with(source) || source.starts_with(&resolved)),
        )
        .next();
    if let Some(source) = clash {
        let what = if *source == root {
            "the site folder".to_string()
        } else {
            format!(
                "the site's {}",
                crate::diagnostic::display_path(&root, source).display()
            )
        };
        let relation = if resolved == *source {
            "is"
        } else if source.starts_with(&resolved) {
            "contains"
        } else {
            "is inside"
        };
        return Err(Diagnostic::error(
            output,
            format!(
                "the output folder {relation} {what} (it resolves to {}), and it is replaced whole on every build",
                resolved.display()
            ),
        )
        .hint("choose a separate folder that holds none of the site's files, such as public/ (the default)")
        .into());
    }
    Ok(resolved)
}

/// The folder a new site is written into beside the output, before it
/// replaces it. Dropped without [`swap_in`](Self::swap_in), as when a build
/// fails half way, it deletes itself and the output is untouched.
pub struct Staging<'a> {
    dir: PathBuf,
    output: &'a Output,
}

impl Staging<'_> {
    /// Writes one file, at an output-relative path, making its folder.
    pub fn write(&self, path: &str, text: &str) -> Result<()> {
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, "create a folder", e))?;
        }
        fs::write(&target, text).map_err(|e| io_error(&target, "write", e).into())
    }

    /// Writes every file of `files` that is not [written](Contents::Written) yet.
    pub fn write_files(&self, files: &SiteFiles) -> Result<()> {
        // Only the folders of files still to write: a build has written
        // its pages, and their folders, already; asking for each of those
        // folders again was a system call or two apiece on one core.
        let mut dirs: Vec<PathBuf> = files
            .iter()
            .filter(|(_, contents)| !matches!(contents, Contents::Written))
            .filter_map(|(path, _)| Path::new(path).parent().map(|p| self.dir.join(p)))
            .collect();
        dirs.sort();
        dirs.dedup();
        for dir in &dirs {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, "create a folder", e))?;
        }
        files.par_iter().try_for_each(|(path, contents)| {
            let target = self.dir.join(path);
            match contents {
                Contents::Text(text) => {
                    fs::write(&target, text.as_bytes()).map_err(|e| io_error(&target, "write", e))
                }
                Contents::Copy(source) => fs::copy(source, &target)
                    .map(drop)
                    .map_err(|e| io_error(source, "copy", e)),
                Contents::BuiltIn(bytes) => {
                    fs::write(&target, bytes).map_err(|e| io_error(&target, "write", e))
                }
                Contents::Written => Ok(()),
            }
            .map_err(Into::into)
        })
    }

    /// Replaces the output with what was written. (Once moved into place,
    /// the staging folder is gone, and dropping `self` finds nothing.)
    pub fn swap_in(self) -> Result<()> {
        let output = &self.output.path;
        swap_in(&self.dir, output, &sibling(output, "old"))
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// The code of the one error after which the previous site is not where it
/// was: the command line must not say it was kept.
pub const NOT_RESTORED: &str = "output-not-restored";

/// Puts the new site in place of the old, then deletes the old one. Where
/// the system can exchange two folders in one step (Linux), a build killed
/// at any instant leaves either the old site or the new one at the output;
/// elsewhere it is two renames, and a build killed between them leaves the
/// old site beside the output, which the next build puts back
/// ([`Output::recover`]).
fn swap_in(staging: &Path, output: &Path, old: &Path) -> Result<()> {
    let had_output = fs::symlink_metadata(output).is_ok();
    if had_output && exchange(staging, output) {
        // `staging` now holds the previous site.
        let _ = remove_dir_all(staging);
        return Ok(());
    }
    if had_output {
        fs::rename(output, old).map_err(|e| io_error(output, "move the previous site aside", e))?;
    }
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::remove_dir_all(staging);
        if had_output && fs::rename(old, output).is_err() {
            return Err(io_error(output, "move the new site into place", e)
                .hint(format!(
                    "the previous site is in {}; the next build puts it back",
                    old.display()
                ))
                .code(NOT_RESTORED)
                .into());
        }
        return Err(io_error(output, "move the new site into place", e).into());
    }
    if had_output {
        // The new site is in place; a previous one left here is removed by
        // the next build, so failing to remove it now is no failure.
        let _ = remove_dir_all(old);
    }
    Ok(())
}

/// Swaps two folders in one step, where the system can.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        CString::new(a.as_os_str().as_bytes()),
        CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both are valid NUL-terminated paths, and the call reads
    // nothing else.
    // (The raw system call, since older C libraries, musl's among them,
    // have no wrapper for it.)
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    done == 0
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// `fs::remove_dir_all`, each top-level entry on its own rayon task: a big
/// site's previous output is thousands of files, and removing them is
/// quicker on every core (docs/BENCHMARKS.md, "Measurements behind the code").
fn remove_dir_all(dir: &Path) -> std::io::Result<()> {
    let entries = fs::read_dir(dir)?.collect::<std::io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            fs::remove_dir_all(entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(output: &Path) -> Result<Output> {
        Output::claim(Path::new("/nonexistent-site"), output, &Progress::default())
    }

    #[test]
    fn a_split_sitemaps_files_are_told_by_name() {
        assert_eq!(sitemap_part(12), "sitemap12.xml");
        assert!(is_sitemap_part(&sitemap_part(1)));
        for other in [
            SITEMAP,
            "sitemap.xml.gz",
            "sitemapx.xml",
            "sitemap-1.xml",
            "a/sitemap1.xml",
        ] {
            assert!(!is_sitemap_part(other), "{other}");
        }
    }

    fn write_site(output: &Path, files: &SiteFiles) -> Result<()> {
        let output = claim(output)?;
        let staging = output.staging()?;
        staging.write_files(files)?;
        staging.swap_in()
    }

    #[test]
    fn replaces_the_whole_output_and_leaves_no_staging_behind() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        fs::create_dir_all(output.join("stale")).unwrap();
        fs::write(output.join("stale/index.html"), "old").unwrap();
        fs::write(output.join(MARKER), "").unwrap();
        let claimed = claim(&output).unwrap();
        let staging = claimed.staging().unwrap();
        // A page written as it was rendered, then the rest.
        staging.write("b/c/index.html", "streamed").unwrap();
        let mut files = SiteFiles::new();
        files.insert("a/index.html".into(), Contents::text("new"));
        files.insert("b/c/index.html".into(), Contents::Written);
        staging.write_files(&files).unwrap();
        staging.swap_in().unwrap();
        assert_eq!(
            fs::read_to_string(output.join("a/index.html")).unwrap(),
            "new"
        );
        assert_eq!(
            fs::read_to_string(output.join("b/c/index.html")).unwrap(),
            "streamed"
        );
        assert!(!output.join("stale").exists());
        drop(claimed);
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"]);
    }

    #[test]
    fn a_failed_write_keeps_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        fs::create_dir_all(&output).unwrap();
        fs::write(output.join("index.html"), "last good").unwrap();
        fs::write(output.join(MARKER), "").unwrap();
        let mut files = SiteFiles::new();
        files.insert(
            "x.png".into(),
            Contents::Copy(dir.path().join("missing.png")),
        );
        assert!(write_site(&output, &files).is_err());
        assert_eq!(
            fs::read_to_string(output.join("index.html")).unwrap(),
            "last good"
        );
        assert!(!sibling(&output, "new").exists());
    }
}
