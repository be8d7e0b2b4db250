//! A page's HTML (`content`) and table of contents (`toc`) are left out of
//! the value lists share when no template can read them from another page
//! (`lamplight::ser::OwnOnly`). Whatever a site's templates do, each must
//! still see what it did before: its own page's fields, and other pages'
//! wherever it reads them, by any of the ways Tera has.

mod common;

use common::{Site, texts};
use lamplight::BuildOptions;
use lamplight::ser::{self, OwnOnly};

/// A section of three pages, each with a heading and its own words, and
/// the site's own `templates`, by name.
fn site_with(templates: &[(&str, &str)]) -> Site {
    let site = Site::new();
    site.write(
        "content/schemes/_index.md",
        "+++\ntitle = \"Schemes\"\n+++\n",
    );
    for n in 1..=3 {
        site.write(
            &format!("content/schemes/p{n}.md"),
            &format!(
                "+++\ntitle = \"Page {n}\"\n+++\n## Heading {n}\n\nWords of page {n}.\n\n## More {n}\n"
            ),
        );
    }
    for (name, text) in templates {
        site.write(&format!("templates/{name}"), text);
    }
    site
}

/// Each page's HTML and the titles of its headings, as `p` shows them.
const LISTED: &str = "{{ p.content | safe }}<b>{% for h in p.toc %}{{ h.title }};{% endfor %}</b>";

fn listing(site: &Site) -> String {
    texts(&site.html("schemes/index.html"), "main").concat()
}

#[test]
fn a_list_that_shows_its_pages_text_shows_every_pages_own() {
    let section = format!("<main>{{% for p in section.pages %}}{LISTED}{{% endfor %}}</main>");
    let site = site_with(&[("section.html", &section)]);
    site.build().unwrap();
    let shown = listing(&site);
    for n in 1..=3 {
        assert!(shown.contains(&format!("Words of page {n}.")), "{shown}");
        assert!(shown.contains(&format!("Heading {n};More {n};")), "{shown}");
    }
}

#[test]
fn other_pages_fields_reached_in_other_ways_are_there() {
    // The loop variable named `page` in a list; `get_page` in a page's
    // template; a field by a computed name; a partial that some template
    // gives another page as `item`.
    let ways = [
        (
            "section.html",
            "<main>{% for page in section.pages %}{{ page.content | safe }}{% endfor %}</main>",
            "schemes/index.html",
        ),
        (
            "page.html",
            "<main>{% set other = get_page(path=\"schemes/p2.md\") %}{{ other.content | safe }}</main>",
            "schemes/p1/index.html",
        ),
        (
            "section.html",
            "<main>{% set field = \"con\" ~ \"tent\" %}{% for p in section.pages %}{{ p[field] | safe }}{% endfor %}</main>",
            "schemes/index.html",
        ),
    ];
    for (name, template, output) in ways {
        let site = site_with(&[(name, template)]);
        site.build().unwrap();
        let shown = texts(&site.html(output), "main").concat();
        assert!(shown.contains("Words of page 2."), "{template}: {shown}");
    }
    let partial = "<b>{% for h in item.toc %}{{ h.title }};{% endfor %}</b>";
    let section = "<main>{% for p in section.pages %}{% set item = p %}{% include \"partials/toc_of.html\" %}{% endfor %}</main>";
    let site = site_with(&[("partials/toc_of.html", partial), ("section.html", section)]);
    site.build().unwrap();
    assert!(
        listing(&site).contains("Heading 2;More 2;"),
        "{}",
        listing(&site)
    );
}

/// The value a page's own template gets is the value nothing was left
/// out of, field for field and in the same order (a template writing out
/// `page` whole sees no difference), for every page of the example.
#[test]
fn a_pages_own_value_is_the_whole_value_in_its_order() {
    let dir = common::example_copy();
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    };
    let site =
        lamplight::site::Site::load(&options).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let both = OwnOnly {
        content: true,
        toc: true,
    };
    assert_eq!(site.templates.own_only(), both, "the default theme");
    let shared = ser::Shared::new(&site.library);
    for (page, rendered) in site.library.pages.iter().zip(&site.texts.pages) {
        let value = |own_only| {
            ser::page_value(
                &site.config,
                &site.library,
                &shared,
                page,
                rendered,
                own_only,
            )
        };
        let whole = value(OwnOnly::default());
        let shared = value(both);
        let keys = |v: &tera::Value| -> Vec<String> {
            v.as_map()
                .unwrap()
                .keys()
                .map(|k| k.as_str().unwrap().to_string())
                .collect()
        };
        assert!(!keys(&shared).iter().any(|k| k == "content" || k == "toc"));
        let own = ser::own_page_value(&shared, rendered, both);
        assert_eq!(keys(&own), keys(&whole), "{}", page.file.relative);
        // The page's terms, shared by the pages with the same, in the
        // place the page's view has them.
        let whole_keys = keys(&whole);
        let at = |key: &str| whole_keys.iter().position(|k| k == key);
        assert_eq!(at("taxonomies"), at("event").map(|i| i + 1));
        assert!(own == whole, "{}", page.file.relative);
    }
}
