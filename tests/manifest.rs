//! Addresses that stay: the published list, and `check` failing when a
//! published address would stop working.

mod common;

use common::Site;
use lamplight::check::Report;
use lamplight::diagnostic::Severity;

fn site() -> Site {
    let site = Site::new();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\ndescription = \"Home.\"\n+++\n",
    );
    site.write(
        "content/asb.md",
        "+++\ntitle = \"ASB\"\ndescription = \"Nuisance.\"\n+++\nHelp.\n",
    );
    site.write(
        "content/old-news.md",
        "+++\ntitle = \"Old news\"\ndescription = \"Gone soon.\"\n+++\nNews.\n",
    );
    site
}

fn run(site: &Site) -> Report {
    common::check(site.root())
}

fn accept(site: &Site) {
    let summary = site
        .build_with(|options| options.accept_url_changes = true)
        .unwrap();
    assert_eq!(
        summary.accepted_urls,
        Some(6),
        "home, two pages, the search page, the feed and the sitemap"
    );
}

fn codes(report: &Report) -> Vec<(&'static str, Severity)> {
    report
        .diagnostics
        .iter()
        .map(|d| (d.code.unwrap_or("build"), d.severity))
        .collect()
}

#[test]
fn every_build_lists_its_public_addresses() {
    let site = site();
    site.write(
        "content/asb.md",
        "+++\ntitle = \"ASB\"\naliases = [\"/nuisance/\"]\n+++\nHelp.\n",
    );
    site.build().unwrap();
    let listed: Vec<String> = site
        .read("published-urls.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(String::from)
        .collect();
    assert_eq!(
        listed,
        [
            "/",
            "/asb/",
            "/atom.xml",
            "/old-news/",
            "/search/",
            "/sitemap.xml"
        ],
        "not the redirect, nor the 404 page or the theme's files"
    );
    assert!(
        !site.root().join("content/.published-urls").exists(),
        "only when asked"
    );
}

#[test]
fn a_site_without_a_record_is_told_how_to_make_one() {
    let site = site();
    assert_eq!(codes(&run(&site)), [("url-manifest", Severity::Warning)]);
    accept(&site);
    assert_eq!(codes(&run(&site)), [], "nothing to say once recorded");
}

#[test]
fn removing_a_published_page_fails_until_an_alias_keeps_its_address() {
    let site = site();
    accept(&site);
    std::fs::remove_file(site.root().join("content/old-news.md")).unwrap();
    let report = run(&site);
    assert_eq!(codes(&report), [("url-removed", Severity::Error)]);
    let gone = &report.diagnostics[0];
    assert_eq!(gone.file, std::path::Path::new("content/.published-urls"));
    assert_eq!((gone.line, gone.column), (7, 1), "{gone:?}");
    assert!(gone.message.starts_with("/old-news/ was published"));
    assert!(!report.passed());

    site.write(
        "content/asb.md",
        "+++\ntitle = \"ASB\"\ndescription = \"Nuisance.\"\naliases = [\"/old-news/\"]\n+++\nHelp.\n",
    );
    assert_eq!(
        codes(&run(&site)),
        [],
        "the alias keeps the address working"
    );
}

#[test]
fn new_pages_are_noted_until_recorded() {
    let site = site();
    accept(&site);
    site.write(
        "content/scams.md",
        "+++\ntitle = \"Scams\"\ndescription = \"Scams.\"\n+++\nHang up.\n",
    );
    let report = run(&site);
    assert_eq!(codes(&report), [("url-manifest", Severity::Warning)]);
    assert_eq!(
        report.diagnostics[0].message,
        "1 address is not in the record of published addresses yet"
    );
    assert!(report.passed(), "a new page is not an error");
}
