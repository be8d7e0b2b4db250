//! A throwaway site in a temporary folder, built with the default theme.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use lamplight::{BuildOptions, BuildSummary, Diagnostic, Diagnostics};
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

    /// Adds `more` to the end of a file the site has (`config.toml`, say).
    pub fn append(&self, relative: &str, more: &str) -> &Site {
        let text = fs::read_to_string(self.root().join(relative)).unwrap();
        self.write(relative, &format!("{text}\n{more}"))
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

    /// Every file under public/, relative to it with `/`, sorted.
    pub fn published(&self) -> Vec<String> {
        let public = self.public("");
        let mut files: Vec<String> = walkdir::WalkDir::new(&public)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(&public).unwrap();
                relative.to_string_lossy().replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }

    pub fn html(&self, relative: &str) -> Html {
        Html::parse_document(&self.read(relative))
    }
}

/// `lamplight check` on the site at `root`, on a fixed day, without the network.
pub fn check(root: &Path) -> lamplight::check::Report {
    lamplight::check::check(&lamplight::check::CheckOptions {
        build: BuildOptions {
            root: root.to_path_buf(),
            today: Some(jiff::civil::date(2026, 11, 23)),
            ..BuildOptions::default()
        },
        external: false,
    })
}

/// The site at `root` loaded as `serve` and `check` load it, or a panic
/// showing why it would not load.
pub fn load(root: &Path) -> lamplight::site::Site {
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    lamplight::site::Site::load(&options).unwrap_or_else(|e| panic!("{}", e.render(false)))
}

/// Renders a loaded site in memory as `serve` does, reusing `previous`'s
/// render where it can.
pub fn render(
    site: &lamplight::site::Site,
    previous: Option<&lamplight::render::Rendered>,
) -> lamplight::render::Rendered {
    let previous = previous.map(|p| lamplight::render::Previous {
        memo: &p.memo,
        files: &p.files,
    });
    site.render_reusing(previous, &lamplight::progress::Progress::default())
        .unwrap_or_else(|e| panic!("{}", e.render(false)))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The fewest records a scheme can name: one partner (`police`) to lead
/// it and one priority (`asb`) for it to serve.
pub fn write_records_for_schemes(site: &Site) {
    site.write(
        "data/partners.toml",
        "[[partner]]\nid = \"police\"\nname = \"Essex Police\"\nkind = \"statutory\"\n",
    );
    site.write(
        "data/priorities.toml",
        "[[priority]]\nid = \"asb\"\ntitle = \"Anti-social behaviour\"\n",
    );
}

/// The bundled example site, copied so a test can edit or break it.
pub fn example_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = repo();
    std::fs::copy(repo.join("config.toml"), dir.path().join("config.toml")).unwrap();
    for folder in ["content", "data", "themes"] {
        copy_dir(&repo.join(folder), &dir.path().join(folder));
    }
    dir
}

mod copy;
pub use copy::copy_dir;

/// Every file under `root`, by its path below it, with its bytes: to show
/// that nothing changed, or that two builds wrote the same.
pub fn snapshot(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(root).unwrap();
            let relative = relative.to_string_lossy().replace('\\', "/");
            (relative, fs::read(e.path()).unwrap())
        })
        .collect()
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

/// Builds a good site (after `setup`), breaks it with `break_it`, builds again, and checks
/// the build failed with exactly one error and the old output is untouched.
pub fn fails_keeping_last_good_site(
    setup: impl FnOnce(&Site),
    break_it: impl FnOnce(&Site),
) -> Diagnostic {
    let site = Site::new();
    site.write("content/about.md", "+++\ntitle = \"About\"\n+++\nGood.\n");
    setup(&site);
    site.build().expect("the good site builds");
    let before = snapshot(&site.public(""));
    assert!(before.contains_key("about/index.html"));

    break_it(&site);
    let err = site.build().expect_err("the broken site must not build");
    assert_eq!(
        snapshot(&site.public("")),
        before,
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.contains("lamplight"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
    assert_eq!(err.0.len(), 1, "expected one error, got: {err}");
    let diagnostic = err.0.into_iter().next().unwrap();
    assert!(
        diagnostic.hint.is_some(),
        "every error needs a hint: {diagnostic}"
    );
    diagnostic
}

pub fn place(d: &Diagnostic) -> (String, usize, usize) {
    (
        d.file.to_string_lossy().replace('\\', "/"),
        d.line,
        d.column,
    )
}
