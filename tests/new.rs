//! `lamplight new`: a new site builds and passes `check` at once; new pages
//! land in the right folder, dated, and never replace a file.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use jiff::civil::date;
use lamplight::BuildOptions;
use lamplight::scaffold::{self, Kind};

fn check_site(root: &Path) -> lamplight::check::Report {
    common::check(root)
}

#[test]
fn a_new_site_builds_and_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let written = scaffold::new_site(&root, date(2026, 11, 23)).unwrap();
    assert!(written.contains(&"themes/default/templates/base.html".into()));
    assert!(written.contains(&"content/updates/2026-11-23-our-new-website.md".into()));

    let report = check_site(&root);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!((report.pages, report.sections), (4, 3));

    let summary = lamplight::build(&BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    })
    .unwrap();
    assert_eq!(summary.pages, 4);
    let home = fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(
        home.contains("<h1>Keeping our district safe</h1>"),
        "{home}"
    );
    assert!(
        home.contains("Our new website"),
        "the home page lists the first update"
    );
}

#[test]
fn a_new_site_needs_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
    let error = scaffold::new_site(dir.path(), date(2026, 11, 23)).unwrap_err();
    assert_eq!(error.0[0].message, "this folder already has files in it");
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "keep me"
    );
    assert!(!dir.path().join("config.toml").exists());
}

#[test]
fn new_pages_are_dated_placed_and_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let today = date(2026, 11, 23);
    scaffold::new_site(root, today).unwrap();

    let update =
        scaffold::new_content(root, Kind::Update, "Street Pastors: a year on", None, today)
            .unwrap()
            .remove(0);
    assert_eq!(
        update,
        Path::new("content/updates/2026-11-23-street-pastors-a-year-on.md")
    );
    let text = fs::read_to_string(root.join(&update)).unwrap();
    assert!(
        text.contains("title = \"Street Pastors: a year on\"\n"),
        "{text}"
    );
    assert!(text.contains("date = 2026-11-23\n"), "{text}");

    let scheme = scaffold::new_content(root, Kind::Scheme, "Keep Safe", None, today)
        .unwrap()
        .remove(0);
    assert_eq!(scheme, Path::new("content/schemes/keep-safe.md"));
    let text = fs::read_to_string(root.join(&scheme)).unwrap();
    assert!(text.contains("review_by = 2027-05-23\n"), "{text}");

    let page =
        scaffold::new_content(root, Kind::Page, "Terms of \"reference\"", None, today).unwrap();
    assert_eq!(page, [Path::new("content/terms-of-reference.md")]);

    // Each builds, and the only findings are the descriptions and the
    // pages left to write (`lamplight new`'s note still in each) and the
    // new addresses to record once they are published.
    let report = check_site(root);
    let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            Some("url-manifest"),
            Some("description"),
            Some("unfinished"),
            Some("description"),
            Some("unfinished"),
            Some("description"),
            Some("unfinished")
        ],
        "{:#?}",
        report.diagnostics
    );
    assert_eq!(report.pages, 7);
}

#[test]
fn new_never_replaces_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let today = date(2026, 11, 23);
    scaffold::new_site(root, today).unwrap();
    let path = root.join("content/about.md");
    let before = fs::read_to_string(&path).unwrap();
    let error = scaffold::new_content(root, Kind::Page, "About", None, today).unwrap_err();
    assert!(error.0[0].message.contains("already exists"), "{error}");
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn a_page_goes_only_into_a_section_that_exists() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let today = date(2026, 11, 23);
    scaffold::new_site(root, today).unwrap();
    let folder = scaffold::Folder {
        path: "partnership",
        new_section: false,
    };
    let error = scaffold::new_content(root, Kind::Page, "Hubs", Some(folder), today).unwrap_err();
    assert_eq!(
        error.0[0].message,
        "there is no section here for the new page"
    );
    assert!(
        error.0[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("content/partnership/_index.md")
    );

    fs::create_dir_all(root.join("content/partnership")).unwrap();
    fs::write(
        root.join("content/partnership/_index.md"),
        "+++\ntitle = \"Partnership\"\n+++\n",
    )
    .unwrap();
    let page = scaffold::new_content(root, Kind::Page, "Hubs", Some(folder), today).unwrap();
    assert_eq!(page, [Path::new("content/partnership/hubs.md")]);
}

#[test]
fn the_command_line_makes_a_site_that_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("csp");
    let lamplight = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_lamplight"))
            .args(args)
            .output()
            .unwrap()
    };
    let made = lamplight(&["new", "site", root.to_str().unwrap()]);
    assert!(made.status.success(), "{made:?}");
    let said = String::from_utf8(made.stdout).unwrap();
    assert!(said.starts_with("Wrote a new site of "), "{said}");

    let checked = lamplight(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(0), "{checked:?}");
    let said = String::from_utf8(checked.stdout).unwrap();
    assert_eq!(
        said,
        "Checked 4 pages and 3 sections: 0 errors, 0 warnings.\n"
    );

    let again = lamplight(&[
        "new",
        "update",
        "Our new website",
        "--root",
        root.to_str().unwrap(),
    ]);
    // The new site's first update has today's date and this title, so this
    // would replace it.
    assert_eq!(again.status.code(), Some(1));
    let said = String::from_utf8(again.stderr).unwrap();
    assert!(said.contains("never replaces a file"), "{said}");
}

/// `new page --section x --new-section` starts the section, and any
/// above it, rather than asking the officer to make them by hand; and the
/// hint that refuses without it names that option.
#[test]
fn a_new_page_can_start_its_section() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let today = date(2026, 11, 23);
    scaffold::new_site(root, today).unwrap();
    let folder = scaffold::Folder {
        path: "partnership/local-boards",
        new_section: true,
    };
    let written = scaffold::new_content(root, Kind::Page, "Hubs", Some(folder), today).unwrap();
    assert_eq!(
        written,
        [
            Path::new("content/partnership/local-boards/hubs.md"),
            Path::new("content/partnership/_index.md"),
            Path::new("content/partnership/local-boards/_index.md"),
        ]
    );
    let section = fs::read_to_string(root.join(&written[2])).unwrap();
    assert!(
        section.starts_with("+++\ntitle = \"Local boards\"\n"),
        "{section}"
    );
    let report = check_site(root);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.severity != lamplight::diagnostic::Severity::Error),
        "{:#?}",
        report.diagnostics
    );
    // Asked again, the page is refused and nothing else is written.
    let again = scaffold::new_content(root, Kind::Page, "Hubs", Some(folder), today);
    assert!(again.unwrap_err().0[0].message.contains("already exists"));
}
