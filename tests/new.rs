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

fn new_site(root: &Path, today: jiff::civil::Date) -> Vec<std::path::PathBuf> {
    let site = scaffold::NewSite {
        name: "Safer Testshire",
        today,
    };
    scaffold::new_site(root, &site).unwrap()
}

/// What an officer does before publishing a new site: replace each example
/// (here, by deleting its `# Example:` line), delete each note once the page
/// is written, and give the site its address.
fn finish_starter(root: &Path) {
    for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
        let path = entry.path();
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        let text = fs::read_to_string(path).unwrap();
        let finished = match ext {
            "toml" => text
                .lines()
                .filter(|line| !line.trim_start().starts_with("# Example:"))
                .map(|line| format!("{line}\n"))
                .collect::<String>()
                .replace("https://example.org/", "https://www.safertestshire.org.uk/"),
            "md" => without_notes(&text),
            _ => continue,
        };
        fs::write(path, finished).unwrap();
    }
}

fn without_notes(text: &str) -> String {
    let mut out = text.to_string();
    while let Some(note) = out.find("This note is not published") {
        let start = out[..note].rfind("<!--").unwrap();
        let end = note + out[note..].find("-->").unwrap() + 3;
        out.replace_range(start..end, "");
    }
    out
}

#[test]
fn a_new_site_builds_and_check_names_every_example_left_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let written = new_site(&root, date(2026, 11, 23));
    // The theme is built in: the new site has no copy to fall behind.
    assert!(!written.iter().any(|path| path.starts_with("themes")));
    assert!(!root.join("themes").exists());
    for file in [
        "content/updates/2026-11-23-our-new-website.md",
        "content/priorities/_index.md",
        "data/plans/2026-27.toml",
        ".github/workflows/publish.yml",
        ".gitlab-ci.yml",
    ] {
        assert!(written.contains(&file.into()), "{file}: {written:?}");
    }
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    assert!(config.starts_with("# The partnership's name, shown at the top of every page.\ntitle = \"Safer Testshire\"\n"), "{config}");
    let workflow = fs::read_to_string(root.join(".github/workflows/publish.yml")).unwrap();
    let version = format!("LAMPLIGHT_VERSION: \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(
        workflow.contains(&version) && !workflow.replace("${{", "").contains("{{"),
        "{workflow}"
    );

    let report = check_site(&root);
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code.unwrap_or_default(), d.file.display().to_string()))
        .collect();
    let expected = [
        ("placeholder", "config.toml"),
        ("placeholder", "config.toml"),
        ("unfinished", "content/about.md"),
        ("unfinished", "content/accessibility.md"),
        ("unfinished", "content/contact.md"),
        ("unfinished", "content/priorities/anti-social-behaviour.md"),
        ("unfinished", "content/schemes/neighbourhood-watch.md"),
        ("placeholder", "data/partners.toml"),
        ("placeholder", "data/plans/2026-27.toml"),
        ("placeholder", "data/priorities.toml"),
        ("placeholder", "data/schemes.toml"),
    ];
    let expected: Vec<_> = expected.iter().map(|(c, f)| (*c, f.to_string())).collect();
    assert_eq!(found, expected, "{:#?}", report.diagnostics);
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.severity == lamplight::diagnostic::Severity::Warning)
    );

    // Once each example is replaced and each note written, nothing is left.
    finish_starter(&root);
    let report = check_site(&root);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);

    let summary = lamplight::build(&BuildOptions {
        root: root.clone(),
        today: Some(date(2026, 11, 23)),
        ..BuildOptions::default()
    })
    .unwrap();
    assert_eq!(summary.pages, report.pages);
    let read = |path: &str| fs::read_to_string(root.join("public").join(path)).unwrap();
    let home = read("index.html");
    assert!(
        home.contains("<h1>Keeping our district safe</h1>"),
        "{home}"
    );
    assert!(
        home.contains("Our new website"),
        "the home page lists the first update"
    );
    assert!(
        home.contains("Partnership Plan 2026/27"),
        "the home page states the plan"
    );
    // The data's pages: the plan, the priority, the scheme, the partner.
    for page in [
        "plans/2026-27/index.html",
        "priorities/anti-social-behaviour/index.html",
        "schemes/neighbourhood-watch/index.html",
        "partners/district-council/index.html",
    ] {
        assert!(root.join("public").join(page).is_file(), "{page}");
    }
    assert!(read("schemes/index.html").contains("Neighbourhood Watch"));
}

#[test]
fn a_new_site_needs_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "keep me").unwrap();
    let site = scaffold::NewSite {
        name: "Safer Testshire",
        today: date(2026, 11, 23),
    };
    let error = scaffold::new_site(dir.path(), &site).unwrap_err();
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
    new_site(root, today);
    finish_starter(root);
    let before = check_site(root);
    assert!(before.diagnostics.is_empty(), "{:#?}", before.diagnostics);

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
    assert_eq!(report.pages, before.pages + 3);
}

#[test]
fn new_never_replaces_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let today = date(2026, 11, 23);
    new_site(root, today);
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
    new_site(root, today);
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
fn the_command_line_makes_a_site_that_checks_clean_once_finished() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("csp");
    let lamplight = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_lamplight"))
            .args(args)
            .output()
            .unwrap()
    };
    let made = lamplight(&[
        "new",
        "site",
        root.to_str().unwrap(),
        "--name",
        "Safer Testshire",
    ]);
    assert!(made.status.success(), "{made:?}");
    let said = String::from_utf8(made.stdout).unwrap();
    assert!(said.starts_with("Wrote a new site of "), "{said}");

    let checked = lamplight(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(0), "{checked:?}");
    let said = String::from_utf8(checked.stdout).unwrap();
    assert!(
        said.ends_with("\nChecked 12 pages and 4 sections: 0 errors, 11 warnings.\n"),
        "{said}"
    );
    finish_starter(&root);
    let checked = lamplight(&["check", "--root", root.to_str().unwrap()]);
    let said = String::from_utf8(checked.stdout).unwrap();
    assert_eq!(
        said,
        "Checked 12 pages and 4 sections: 0 errors, 0 warnings.\n"
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
    new_site(root, today);
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
