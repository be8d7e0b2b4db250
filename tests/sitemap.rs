//! A sitemap file may list 50,000 addresses; past 30,000 (Zola's figure)
//! the sitemap is an index of files that each list that many, and an edit
//! rendered in `serve` keeps every one of them.

mod common;

use common::render;

use std::collections::BTreeSet;

use lamplight::render::SiteFiles;
use lamplight::site::Edit;

/// More than one sitemap file holds: 30,001 pages, the home page and the
/// section make 30,003 addresses.
const PAGES: usize = 30_001;

/// A site of `PAGES` short pages in one section, with templates that show
/// little, so that the test's time goes on the lists.
fn big_site() -> common::Site {
    let site = common::Site::new();
    site.write(
        "content/notes/_index.md",
        "+++\ntitle = \"Notes\"\nsort_by = \"title\"\n+++\n",
    );
    for n in 0..PAGES {
        let page = format!("+++\ntitle = \"Note {n}\"\ndate = 2020-01-01\n+++\nNote {n}.\n");
        site.write(&format!("content/notes/note-{n:05}.md"), &page);
    }
    let small = "<!doctype html><html lang=\"en\"><title>{{ page.title }}</title><p>{{ page.content | safe }}</p></html>";
    site.write("templates/page.html", small);
    let list = "<!doctype html><html lang=\"en\"><title>{{ section.title }}</title></html>";
    site.write("templates/section.html", list);
    site.write("templates/index.html", list);
    site
}

fn text(files: &SiteFiles, path: &str) -> String {
    match files.get(path) {
        Some(lamplight::render::Contents::Text(text)) => text.to_string(),
        other => panic!(
            "{path}: {}",
            if other.is_some() {
                "not text"
            } else {
                "missing"
            }
        ),
    }
}

/// The start of a long file, for a message.
fn start(text: &str) -> &str {
    &text[..text.len().min(300)]
}

/// The text of each `<loc>` in an XML file, in order.
fn locs(xml: &str) -> Vec<String> {
    xml.split("<loc>")
        .skip(1)
        .map(|rest| rest.split_once("</loc>").expect("closed").0.to_string())
        .collect()
}

/// Checks that `files` hold a sitemap index of two files that list every
/// address once, in order; returns the files' texts.
fn assert_split(files: &SiteFiles) -> Vec<String> {
    let index = text(files, "sitemap.xml");
    assert!(index.contains("<sitemapindex"), "{}", start(&index));
    let base = "https://csp.example.org/";
    assert_eq!(
        locs(&index),
        [format!("{base}sitemap1.xml"), format!("{base}sitemap2.xml")]
    );
    assert!(!files.contains_key("sitemap3.xml"));
    let parts = ["sitemap1.xml", "sitemap2.xml"].map(|path| text(files, path));
    let listed: Vec<String> = parts.iter().flat_map(|part| locs(part)).collect();
    assert_eq!(locs(&parts[0]).len(), 30_000, "the first file is full");
    assert_eq!(
        listed.len(),
        PAGES + 2,
        "every page, the section, the home page"
    );
    assert!(listed.is_sorted(), "in order, across the files");
    let mut expected: BTreeSet<String> = (0..PAGES)
        .map(|n| format!("{base}notes/note-{n:05}/"))
        .collect();
    expected.extend([base.to_string(), format!("{base}notes/")]);
    assert_eq!(listed.into_iter().collect::<BTreeSet<_>>(), expected);
    for part in &parts {
        assert!(
            part.starts_with("<?xml") && part.contains("<urlset"),
            "{}",
            start(part)
        );
        assert!(part.trim_end().ends_with("</urlset>"));
    }
    parts.to_vec()
}

#[test]
fn a_sitemap_past_30000_addresses_is_an_index_of_files_an_edit_keeps() {
    let site = big_site();
    let mut loaded = common::load(site.root());
    let first = render(&loaded, None);
    let parts = assert_split(&first.files);

    // A split sitemap's files come and go with the site's size: they are
    // not among the addresses `check` holds the site to.
    let urls = lamplight::manifest::public_urls("/", &first.files, &first.redirects);
    assert!(urls.contains(&"/sitemap.xml".to_string()));
    assert!(
        !urls.iter().any(|url| url.starts_with("/sitemap1")),
        "{:?}",
        &urls[..3]
    );

    // An edit to a page's words: the lists are the last render's, and the
    // sitemap's files are all still there, the same.
    let relative = "notes/note-00007.md";
    site.write(
        &format!("content/{relative}"),
        "+++\ntitle = \"Note 7\"\ndate = 2020-01-01\n+++\nNote seven.\n",
    );
    let edit = loaded.apply_edit(relative).unwrap();
    assert!(matches!(edit, Edit::PageText(_)), "{edit:?}");
    let second = render(&loaded, Some(&first));
    assert_eq!(assert_split(&second.files), parts);
    assert!(
        !second
            .rendered
            .iter()
            .any(|path| path.starts_with("sitemap")),
        "{:?}",
        second.rendered
    );
}

#[test]
fn a_built_sitemap_past_30000_addresses_is_written_as_files() {
    let site = big_site();
    site.build()
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    let index = site.read("sitemap.xml");
    assert_eq!(locs(&index).len(), 2, "{}", start(&index));
    let listed = locs(&site.read("sitemap1.xml")).len() + locs(&site.read("sitemap2.xml")).len();
    assert_eq!(listed, PAGES + 2);
    let published = site.read("published-urls.txt");
    assert!(published.contains("\n/sitemap.xml\n"));
    assert!(
        !published.contains("sitemap1"),
        "only the index is an address to keep"
    );
}
