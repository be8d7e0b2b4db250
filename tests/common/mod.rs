//! A throwaway site in a temporary folder, built with the default theme.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use lamplight::{BuildOptions, BuildSummary, Diagnostics};
use scraper::{Html, Selector};

pub const CONFIG: &str = r#"title = "Test Partnership"
base_url = "https://csp.example.org/"

[extra.help]
emergency = "999"
non_emergency = "101"
crimestoppers = "0800 555 111"
"#;

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A site with the config above, the repository's default theme, and a home page.
    pub fn new() -> Site {
        let site = Site {
            dir: tempfile::tempdir().unwrap(),
        };
        site.write("config.toml", CONFIG);
        site.write(
            "content/_index.md",
            "+++\ntitle = \"Home\"\n+++\nWelcome.\n",
        );
        copy_dir(
            &repo().join("themes/default"),
            &site.root().join("themes/default"),
        );
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, contents: &str) -> &Site {
        let path = self.root().join(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
        self
    }

    pub fn build(&self) -> Result<BuildSummary, Diagnostics> {
        self.build_with(|_| {})
    }

    pub fn build_with(
        &self,
        change: impl FnOnce(&mut BuildOptions),
    ) -> Result<BuildSummary, Diagnostics> {
        let mut options = BuildOptions {
            root: self.root().to_path_buf(),
            ..BuildOptions::default()
        };
        change(&mut options);
        lamplight::build(&options)
    }

    pub fn public(&self, relative: &str) -> PathBuf {
        self.root().join("public").join(relative)
    }

    pub fn read(&self, relative: &str) -> String {
        let path = self.public(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn html(&self, relative: &str) -> Html {
        Html::parse_document(&self.read(relative))
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The text of every element matching `selector`, whitespace collapsed.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// The value of `attribute` on every element matching `selector`.
pub fn attrs(html: &Html, selector: &str, attribute: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .filter_map(|e| e.value().attr(attribute).map(str::to_string))
        .collect()
}
