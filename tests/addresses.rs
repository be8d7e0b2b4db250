//! Every web address has one owner, decided at load by one registry in
//! one order (content, then data, then the theme's own pages, then
//! aliases), and every clash is worded the same way at the claimant's line.

mod common;

use common::{Site, place};
use lamplight::Diagnostics;
use lamplight::site::{self, BuildOptions, Edit};

const WORDING: &str = "is also used by";

fn load(site: &Site) -> Result<site::Site, Diagnostics> {
    site::Site::load(&BuildOptions {
        root: site.root().to_path_buf(),
        ..BuildOptions::default()
    })
}

/// The one error loading `site` gives.
fn load_error(site: &Site) -> lamplight::Diagnostic {
    let errors = load(site).err().expect("the load must fail");
    assert_eq!(errors.0.len(), 1, "{errors}");
    errors.0.into_iter().next().unwrap()
}

fn page(title: &str, front: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n{front}+++\nText.\n")
}

/// An alias at a page Lamplight makes was found only when the pages were
/// rendered; `check` and `serve`'s load now find it, at the alias.
#[test]
fn an_alias_clash_is_found_at_load_at_the_alias() {
    let site = Site::new();
    site.write("content/old.md", &page("Old", "aliases = [\"/search/\"]\n"));
    let d = load_error(&site);
    assert_eq!(place(&d), ("content/old.md".into(), 3, 12), "{d}");
    assert_eq!(
        d.message,
        "alias `/search/`: the address /search/ is also used by \
         the page Lamplight makes from the `search.html` template"
    );
}

#[test]
fn two_aliases_at_one_address_are_one_clash() {
    let site = Site::new();
    site.write("content/a.md", &page("A", "aliases = [\"/old/\"]\n"))
        .write(
            "content/b.md",
            &page("B", "aliases = [\"old/index.html\"]\n"),
        );
    let d = load_error(&site);
    assert!(
        d.message
            .contains(&format!("/old/ {WORDING} an alias in content/a.md")),
        "{d}"
    );
    assert_eq!(place(&d).0, "content/b.md");
}

/// A section's second page of its list and a page at `/news/page/2/` were
/// both written to one file; which won depended on the order of threads.
#[test]
fn a_section_list_page_clashing_with_a_page_is_an_error_at_the_section() {
    let site = Site::new();
    site.write("content/news/_index.md", &page("News", "paginate_by = 1\n"))
        .write("content/news/a.md", &page("A", ""))
        .write("content/news/b.md", &page("B", ""))
        .write("content/news/page/_index.md", &page("Pages", ""))
        .write("content/news/page/2.md", &page("Two", ""));
    let d = load_error(&site);
    assert_eq!(place(&d).0, "content/news/_index.md");
    assert_eq!(
        d.message,
        format!("the address /news/page/2/ {WORDING} content/news/page/2.md")
    );
    assert!(d.hint.unwrap().contains("paginate_by"));
}

/// A term's later list pages are claimed like any other page: an alias
/// there is refused, naming the list.
#[test]
fn an_alias_on_a_term_list_page_is_refused() {
    let site = Site::new();
    site.write(
        "config.toml",
        &format!(
            "{}\n[[taxonomies]]\nname = \"areas\"\npaginate_by = 1\n",
            common::CONFIG
        ),
    );
    for name in ["a", "b"] {
        site.write(
            &format!("content/{name}.md"),
            &page(name, "[taxonomies]\nareas = [\"Rayleigh\"]\n"),
        );
    }
    site.write(
        "content/old.md",
        &page("Old", "aliases = [\"/areas/rayleigh/page/2/\"]\n"),
    );
    let d = load_error(&site);
    assert!(
        d.message.contains(&format!(
            "{WORDING} page 2 of the list Lamplight makes from the `taxonomy_term.html` template"
        )),
        "{d}"
    );
    site.write("content/old.md", &page("Old", ""));
    site.build().unwrap();
    assert!(site.public("areas/rayleigh/page/2/index.html").exists());
}

/// The site's own page at an address the theme would use keeps it, and
/// its breadcrumb title comes from the registry.
#[test]
fn the_site_keeps_its_own_page_where_the_theme_would_make_one() {
    let site = Site::new();
    site.write("content/search.md", &page("Find help", ""));
    site.build().unwrap();
    let html = site.read("search/index.html");
    assert!(html.contains("Find help"), "the site's page is kept");
}

/// An edit in `serve` that adds a clashing alias is not applied in place
/// (where the clash would surface only as a render error): the site is
/// loaded again, which reports it.
#[test]
fn an_edit_adding_a_clashing_alias_asks_for_a_load() {
    let site = Site::new();
    site.write("content/a.md", &page("A", ""))
        .write("content/b.md", &page("B", ""));
    let mut loaded = load(&site).unwrap();
    site.write("content/b.md", &page("B", "aliases = [\"/a/\"]\n"));
    assert_eq!(loaded.apply_edit("b.md").unwrap(), Edit::NeedsLoad);
    let d = load_error(&site);
    assert!(
        d.message.contains(&format!("/a/ {WORDING} content/a.md")),
        "{d}"
    );
}

/// Two of the theme's own pages at one address (a taxonomy named like the
/// search page) cannot both be made: the error is in config.toml.
#[test]
fn a_taxonomy_at_the_search_page_is_an_error_in_the_config() {
    let site = Site::new();
    site.write(
        "config.toml",
        &format!("{}\n[[taxonomies]]\nname = \"search\"\n", common::CONFIG),
    );
    site.write(
        "content/a.md",
        &page("A", "[taxonomies]\nsearch = [\"Lost\"]\n"),
    );
    let d = load_error(&site);
    assert_eq!(place(&d), ("config.toml".into(), 10, 8), "{d}");
    assert_eq!(
        d.message,
        format!(
            "the address /search/ {WORDING} the page Lamplight makes from the `search.html` template"
        )
    );
}

/// Every page that cannot be given an address is reported and left out,
/// and only those: the pages between them keep theirs. Pages are placed
/// on every core, and leaving the failed ones out takes their errors in
/// page order (from the last, so the indices still to come stay true);
/// out of order, the wrong pages would go.
#[test]
fn only_the_pages_without_an_address_are_left_out() {
    let site = Site::new();
    let bad = ["../out", "https://elsewhere.example/", "/"];
    let mut good = Vec::new();
    let mut failed = Vec::new();
    for i in 0..40 {
        let name = format!("p{i:02}.md");
        let front = match i % 5 {
            1 => format!("path = \"{}\"\n", bad[i % bad.len()]),
            _ => String::new(),
        };
        site.write(&format!("content/{name}"), &page(&name, &front));
        match front.is_empty() {
            true => good.push((name, format!("/p{i:02}/"))),
            false => failed.push(name),
        }
    }
    let root = site.root();
    let config = lamplight::config::Config::load(root).unwrap();
    let (library, errors) = lamplight::content::load(root, &config, false).unwrap();
    let placed: Vec<(String, String)> = (library.pages.iter())
        .map(|p| (p.file.relative.clone(), p.url.clone()))
        .collect();
    assert_eq!(placed, good);
    let mut left_out = library.failed.clone();
    left_out.sort();
    assert_eq!(left_out, failed);
    let mut reported: Vec<String> = errors.iter().map(|e| place(e).0).collect();
    reported.sort();
    let expected: Vec<String> = failed.iter().map(|f| format!("content/{f}")).collect();
    assert_eq!(reported, expected);
}
