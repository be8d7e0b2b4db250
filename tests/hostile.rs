//! Content trees a careless or hostile commit could make. Each ends in a
//! correct build or a clear error naming the file: never a panic, a hang,
//! or a file written outside the output folder.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::Site;
use lamplight::Diagnostics;

/// Every file under the site folder outside `public/`, so a test can tell
/// that a build wrote nothing anywhere else.
fn files_outside_public(site: &Site) -> BTreeSet<String> {
    walkdir::WalkDir::new(site.root())
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.file_name() != "public")
        .map(Result::unwrap)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(site.root())
                .unwrap()
                .display()
                .to_string()
        })
        .collect()
}

/// Builds `site`, asserting that nothing was written outside `public/`.
fn build(site: &Site) -> Result<lamplight::BuildSummary, Diagnostics> {
    let before = files_outside_public(site);
    let built = site.build();
    assert_eq!(
        files_outside_public(site),
        before,
        "a file was written outside public/"
    );
    built
}

fn page(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n{body}")
}

fn one_error(built: Result<lamplight::BuildSummary, Diagnostics>) -> lamplight::Diagnostic {
    let errors = built.expect_err("the build must fail");
    assert_eq!(errors.0.len(), 1, "{errors}");
    errors.0.into_iter().next().unwrap()
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_not_followed() {
    let site = Site::new();
    site.write("content/help.md", &page("Help", "Call 101.\n"));
    std::os::unix::fs::symlink(
        site.root().join("content"),
        site.root().join("content/loop"),
    )
    .unwrap();
    std::os::unix::fs::symlink("nowhere.md", site.root().join("content/dangling.md")).unwrap();
    build(&site).unwrap_or_else(|e| panic!("{e}"));
    assert!(site.read("help/index.html").contains("Call 101."));
    assert!(!site.public("loop").exists());
}

#[test]
fn a_file_that_is_not_utf8_is_named() {
    let site = Site::new();
    site.write("content/help.md", &page("Help", "Call 101.\n"));
    std::fs::write(
        site.root().join("content/latin1.md"),
        b"+++\ntitle = \"Caf\xe9\"\n+++\nText.\n",
    )
    .unwrap();
    let error = one_error(build(&site));
    let shown = error.to_string();
    assert!(shown.contains("content/latin1.md"), "{shown}");
    assert!(shown.contains("UTF-8"), "{shown}");
}

#[test]
fn a_twenty_megabyte_page_builds() {
    let site = Site::new();
    let paragraph = "The partnership met the police, the fire service and the council \
                     to plan the year's work on anti-social behaviour in the town centre.\n\n";
    let body = paragraph.repeat(20_000_000 / paragraph.len());
    assert!(body.len() > 19_000_000);
    site.write("content/minutes.md", &page("Minutes", &body));
    build(&site).unwrap_or_else(|e| panic!("{e}"));
    let html = site.read("minutes/index.html");
    assert!(html.matches("<p>The partnership met").count() > 100_000);
}

#[test]
fn a_table_of_fifty_thousand_rows_builds() {
    let site = Site::new();
    let mut table = String::from("| Ward | Incidents |\n|:--|--:|\n");
    for row in 0..50_000 {
        table.push_str(&format!("| Ward {row} | {} |\n", row % 97));
    }
    site.write("content/figures.md", &page("Figures", &table));
    build(&site).unwrap_or_else(|e| panic!("{e}"));
    let html = site.read("figures/index.html");
    assert_eq!(
        html.matches("<tr>").count(),
        50_001,
        "a header row and every row"
    );
    assert!(html.contains(">Ward 49999</td>"), "the last row is there");
}

#[test]
fn ten_thousand_headings_of_one_name_get_distinct_ids() {
    let site = Site::new();
    let body = "## Update\n\nNothing new.\n\n".repeat(10_000);
    site.write("content/log.md", &page("Log", &body));
    build(&site).unwrap_or_else(|e| panic!("{e}"));
    let html = site.html("log/index.html");
    let ids = common::attrs(&html, ".prose h2[id]", "id");
    assert_eq!(ids.len(), 10_000);
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        10_000,
        "ids are unique"
    );
}

#[test]
fn a_slug_that_climbs_out_stays_inside() {
    let site = Site::new();
    site.write(
        "content/updates/escape.md",
        "+++\ntitle = \"Escape\"\nslug = \"../../../../outside\"\n+++\nText.\n",
    );
    build(&site).unwrap_or_else(|e| panic!("{e}"));
    assert!(site.read("updates/outside/index.html").contains("Text."));
    assert!(!site.root().join("outside").exists());
    assert!(!site.root().parent().unwrap().join("outside").exists());
}

#[test]
fn an_alias_that_climbs_out_is_refused_at_its_line() {
    let site = Site::new();
    site.write(
        "content/help.md",
        "+++\ntitle = \"Help\"\naliases = [\"/../../escaped/\"]\n+++\nText.\n",
    );
    let error = one_error(build(&site));
    assert_eq!(error.file, Path::new("content/help.md"));
    assert_eq!(error.line, 3, "{error}");
    assert!(error.to_string().contains(".."), "{error}");
}

#[test]
fn two_pages_at_one_address_are_an_error_naming_both() {
    let site = Site::new();
    site.write("content/help.md", &page("Help", "One.\n"));
    site.write(
        "content/help-again.md",
        "+++\ntitle = \"Help again\"\nslug = \"help\"\n+++\nTwo.\n",
    );
    let error = one_error(build(&site));
    let shown = error.to_string();
    assert!(
        shown.contains("content/help.md") && shown.contains("content/help-again.md"),
        "{shown}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Pages named so that their slugs often collide: the site either loads
    /// with every address distinct, or fails with an error naming a page.
    #[test]
    fn addresses_are_unique_or_the_build_says_which_collide(
        names in proptest::collection::btree_set("[aAb _\\-\\.]{1,4}", 1..6),
        folders in proptest::collection::vec(proptest::sample::select(vec!["", "Updates/", "updates/"]), 6),
    ) {
        let site = Site::new();
        let mut written = Vec::new();
        for (name, folder) in names.iter().zip(&folders) {
            let relative = format!("content/{folder}{name}.md");
            site.write(&relative, &page("A page", "Text.\n"));
            written.push(relative);
        }
        let options = lamplight::BuildOptions {
            root: site.root().to_path_buf(),
            ..lamplight::BuildOptions::default()
        };
        match lamplight::site::Site::load(&options) {
            Ok(loaded) => {
                let urls: Vec<&str> = loaded.library.pages.iter().map(|p| p.url.as_str()).collect();
                let distinct: BTreeSet<&str> = urls.iter().copied().collect();
                proptest::prop_assert_eq!(distinct.len(), urls.len(), "{:?}", urls);
                for url in urls {
                    proptest::prop_assert!(url.starts_with('/') && !url.starts_with("//"), "{}", url);
                    proptest::prop_assert!(!url.split('/').any(|s| s == ".." || s == "."), "{}", url);
                }
            }
            Err(errors) => {
                let shown = errors.to_string();
                proptest::prop_assert!(
                    written.iter().any(|w| shown.contains(w.as_str())),
                    "the error names one of the pages: {}", shown
                );
            }
        }
    }
}

/// An alias at an address Lamplight makes a page for once replaced that page
/// (the search page, the 404 page, the glossary) or was silently dropped
/// (a page made from data): it is an error naming both.
#[test]
fn an_alias_never_replaces_a_page_lamplight_makes() {
    for (alias, other) in [
        ("/search/", "search"),
        ("/404.html", "404"),
        ("/glossary/", "glossary"),
        ("/data/", "made from data"),
        ("/note.html", "note.html"),
    ] {
        let site = Site::new();
        site.write(
            "data/priorities.toml",
            "[[priority]]\nid = \"burglary\"\ntitle = \"Burglary\"\n",
        );
        site.write(
            "content/glossary.toml",
            "[[term]]\nabbreviation = \"ASB\"\nmeaning = \"anti-social behaviour\"\n",
        );
        site.write("static/note.html", "a note");
        site.write(
            "content/old.md",
            &format!("+++\ntitle = \"Old\"\naliases = [\"{alias}\"]\n+++\nMoved.\n"),
        );
        let err = build(&site).expect_err(alias);
        let message = err.to_string();
        assert!(
            message.contains("content/old.md") && message.contains(other),
            "{alias}: {message}"
        );
    }
}
