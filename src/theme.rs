//! The site's theme: the default theme built into this program, under
//! whatever the site keeps in `themes/<name>/`.
//!
//! Why built in: a site that carried its own copy of the theme (as `new
//! site` once made) never got the theme's fixes: an accessibility repair
//! reached only the sites whose officers copied it over by hand. Now a
//! site without `themes/default/` is built with the theme of the Lamplight
//! that builds it. A site changes one template or static file by placing
//! its own in `templates/` or `static/`, or in `themes/default/`, where a
//! file replaces the built-in one of the same name and the rest stay built
//! in. `lamplight theme eject` writes the whole theme out for a site that
//! wants to own it.
//!
//! Another theme (`theme = "civic"`) must be a folder in `themes/`; nothing
//! of the default lies under it.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Result};

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// The theme that is built in.
pub const DEFAULT: &str = "default";

/// Where a site's theme comes from.
#[derive(Debug, Clone)]
pub struct Theme {
    /// `themes/<name>/`, when the site has it.
    pub folder: Option<PathBuf>,
    /// Whether the built-in default theme lies under the folder's files.
    pub built_in: bool,
}

impl Theme {
    /// The theme `name` of the site at `root`: an error, listing the themes
    /// there are, when it is neither built in nor a folder in `themes/`.
    pub fn locate(root: &Path, name: &str) -> Result<Theme> {
        let folder = root.join("themes").join(name);
        let folder = folder.is_dir().then_some(folder);
        let built_in = name == DEFAULT;
        if folder.is_none() && !built_in {
            let mut available = list(root);
            available.retain(|theme| theme != DEFAULT);
            available.insert(0, DEFAULT.to_string());
            return Err(Diagnostic::error(
                "config.toml",
                format!("the theme `{name}` is not in themes/"),
            )
            .hint(format!(
                "set theme to one of: {} (the default theme is built in)",
                available.join(", ")
            ))
            .into());
        }
        Ok(Theme { folder, built_in })
    }

    /// The built-in files under `sub/` (`templates`, `static`, `i18n`), by
    /// their path below it; none for another theme than the default.
    pub fn built_in_files(&self, sub: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> {
        let prefix = format!("{sub}/");
        let files = if self.built_in { BUILT_IN } else { &[] };
        files
            .iter()
            .filter_map(move |(path, bytes)| Some((path.strip_prefix(&prefix)?, *bytes)))
    }

    /// The built-in file at `path` (below the theme's folder): none for
    /// another theme than the default.
    pub fn built_in_file(&self, path: &str) -> Option<&'static [u8]> {
        built_in(path).filter(|_| self.built_in)
    }

    /// The site's own folder `themes/<name>/<sub>/`, whose files replace
    /// the built-in ones of the same name; `None` when there is none.
    pub fn folder(&self, sub: &str) -> Option<PathBuf> {
        self.folder
            .as_ref()
            .map(|f| f.join(sub))
            .filter(|d| d.is_dir())
    }
}

/// An embedded file's text: `build.rs` checks that the theme's templates
/// and words, and the starter site's files, are UTF-8.
pub fn text(bytes: &'static [u8]) -> &'static str {
    std::str::from_utf8(bytes).expect("build.rs checks embedded text is UTF-8")
}

/// The built-in file at `path` (below the theme's folder), if there is one.
pub fn built_in(path: &str) -> Option<&'static [u8]> {
    BUILT_IN.iter().find(|(p, _)| *p == path).map(|(_, b)| *b)
}

/// The folders in the site's `themes/`, sorted.
fn list(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

/// What `eject` did: the files written, and those left as they were
/// because the site already had them.
#[derive(Debug, Default)]
pub struct Ejected {
    pub written: Vec<PathBuf>,
    pub kept: Vec<PathBuf>,
}

/// Writes the built-in theme into `themes/default/` of the site at `root`,
/// for a site that wants to own every file of it. A file the site already
/// has is never replaced: it is listed in [`Ejected::kept`].
pub fn eject(root: &Path) -> Result<Ejected> {
    if !root.join("config.toml").is_file() && !root.join("zola.toml").is_file() {
        return Err(
            Diagnostic::error(root, "this is not a site folder: it has no config.toml")
                .hint("run this in the site's folder, or point at it with --root")
                .into(),
        );
    }
    let mut ejected = Ejected::default();
    for (path, bytes) in BUILT_IN {
        let relative = Path::new("themes").join(DEFAULT).join(path);
        let target = root.join(&relative);
        if target.exists() {
            ejected.kept.push(relative);
            continue;
        }
        let write = || -> std::io::Result<()> {
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            use std::io::Write;
            fs::File::create_new(&target)?.write_all(bytes)
        };
        write().map_err(|e| Diagnostic::error(&relative, format!("cannot write it: {e}")))?;
        ejected.written.push(relative);
    }
    Ok(ejected)
}

/// The site's files in `themes/default/` that differ from the built-in
/// theme's file of the same name, relative to the site: each keeps the
/// site on its own version of that file whatever fixes the theme gets.
pub fn differing(root: &Path) -> Vec<PathBuf> {
    let folder = root.join("themes").join(DEFAULT);
    if !folder.is_dir() {
        return Vec::new();
    }
    BUILT_IN
        .iter()
        .filter(|(path, bytes)| fs::read(folder.join(path)).is_ok_and(|own| own != *bytes))
        .map(|(path, _)| Path::new("themes").join(DEFAULT).join(path))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_default_theme_is_built_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk = walkdir::WalkDir::new(&dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .count();
        assert_eq!(BUILT_IN.len(), on_disk);
        let base = built_in("templates/base.html").expect("base.html is built in");
        assert!(text(base).contains("<html"));
        // The repository's theme is the source of the built-in one.
        assert!(differing(Path::new(env!("CARGO_MANIFEST_DIR"))).is_empty());
    }

    #[test]
    fn a_site_without_a_theme_folder_has_the_default_built_in() {
        let dir = tempfile::tempdir().unwrap();
        let theme = Theme::locate(dir.path(), DEFAULT).unwrap();
        assert!(theme.built_in && theme.folder.is_none());
        assert!(
            theme
                .built_in_files("templates")
                .any(|(p, _)| p == "page.html")
        );
        let other = Theme::locate(dir.path(), "civic").unwrap_err();
        let message = format!("{other:?}");
        assert!(message.contains("`civic` is not in themes/"), "{message}");
        assert!(message.contains("one of: default"), "{message}");
        // A site's own default/ folder is listed once, first.
        for folder in ["themes/default", "themes/alpha", "themes/zeta"] {
            fs::create_dir_all(dir.path().join(folder)).unwrap();
        }
        let other = format!("{:?}", Theme::locate(dir.path(), "civic").unwrap_err());
        assert!(other.contains("one of: default, alpha, zeta ("), "{other}");
    }

    #[test]
    fn eject_writes_the_theme_and_never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(eject(dir.path()).is_err(), "not a site");
        fs::write(dir.path().join("config.toml"), "").unwrap();
        let own = dir.path().join("themes/default/templates/page.html");
        fs::create_dir_all(own.parent().unwrap()).unwrap();
        fs::write(&own, "mine").unwrap();
        let ejected = eject(dir.path()).unwrap();
        assert_eq!(
            ejected.kept,
            [Path::new("themes/default/templates/page.html")]
        );
        assert_eq!(ejected.written.len(), BUILT_IN.len() - 1);
        assert_eq!(fs::read_to_string(&own).unwrap(), "mine");
        assert_eq!(
            differing(dir.path()),
            [Path::new("themes/default/templates/page.html")]
        );
    }
}
