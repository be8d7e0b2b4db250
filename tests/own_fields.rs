//! A page's fields, its HTML (`content`) and table of contents (`toc`)
//! first among them, are left out of the value lists share when no
//! template can read them from another page (`lamplight::ser::OwnOnly`).
//! Whatever a site's templates do, each must still see what it did
//! before: its own page's fields, and other pages' wherever it reads them,
//! by any of the ways Tera has.

mod common;

use common::{Site, texts};
use lamplight::ser::{self, OwnOnly, PageField};

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

/// Fields the default theme never reads from another page, read by a
/// site's own list: each page's own, in every list.
#[test]
fn fields_only_a_sites_own_list_reads_are_in_the_values_it_lists() {
    let shown = "{{ p.word_count }}|{{ p.slug }}|{{ p.relative_path }}|{{ p.extra.colour or \"-\" }}|\
                 {{ p.ancestors | length }}|{% if p.next %}{{ p.next.title }}{% endif %}|\
                 {{ p.translations | length }}|{{ p.reading_time }};";
    let section = format!("<main>{{% for p in section.pages %}}{shown}{{% endfor %}}</main>");
    let site = site_with(&[("section.html", &section)]);
    site.write(
        "content/schemes/p2.md",
        "+++\ntitle = \"Page 2\"\n[extra]\ncolour = \"green\"\n+++\nWords of page 2.\n",
    );
    site.build().unwrap();
    let listed = listing(&site);
    assert!(listed.contains("|p2|schemes/p2.md|green|2|"), "{listed}");
    for n in 1..=3 {
        assert!(
            listed.contains(&format!("|p{n}|schemes/p{n}.md|")),
            "{listed}"
        );
    }
}

/// The default theme's lists share few of a page's fields, and the heavy
/// ones none; each shared value is the whole value with those fields left
/// out, value for value and in the same order, and the whole value has
/// every field in the order `PageField::ALL` names them.
#[test]
fn a_pages_shared_value_is_its_whole_value_with_fields_left_out() {
    let dir = common::example_copy();
    let site = common::load(dir.path());
    let left_out = site.templates.own_only(true);
    let heavy = [
        "content",
        "toc",
        "translations",
        "assets",
        "ancestors",
        "previous",
        "next",
        "extra",
    ];
    for field in PageField::ALL {
        if heavy.contains(&field.name()) {
            assert!(
                left_out.leaves_out(*field),
                "the default theme shares {field:?}"
            );
        }
        // What site-wide lists are made from is always there.
        if PageField::LISTED.contains(field) {
            assert!(!left_out.leaves_out(*field), "{field:?} is left out");
        }
    }
    let shared = ser::Shared::new(&site.library);
    let all: Vec<&str> = PageField::ALL.iter().map(|f| f.name()).collect();
    for (page, rendered) in site.library.pages.iter().zip(&site.texts.pages) {
        let value = |left_out| {
            ser::page_value(
                &site.config,
                &site.library,
                &shared,
                page,
                rendered,
                left_out,
            )
        };
        let whole = value(OwnOnly::NONE);
        let listed = value(left_out);
        let entries = |v: &tera::Value| -> Vec<(String, tera::Value)> {
            let map = v.as_map().unwrap();
            let entries = map
                .iter()
                .map(|(k, v)| (k.as_str().unwrap().to_string(), v.clone()));
            entries.collect()
        };
        let names =
            |v: &tera::Value| -> Vec<String> { entries(v).into_iter().map(|e| e.0).collect() };
        assert_eq!(names(&whole), all, "{}", page.file.relative);
        let kept: Vec<(String, tera::Value)> = entries(&whole)
            .into_iter()
            .filter(|(name, _)| !heavy.contains(&name.as_str()))
            .filter(|(name, _)| {
                let field = PageField::ALL.iter().find(|f| f.name() == name).unwrap();
                !left_out.leaves_out(*field)
            })
            .collect();
        assert!(entries(&listed) == kept, "{}", page.file.relative);
    }
}

/// A build's values are never compared with a later render's, so they
/// leave out even what the site-wide lists are made from wherever no
/// template reads it from another page: in the default theme, `sensitive`,
/// `findable` and `taxonomies`. The site a build writes is the one a
/// render in memory (as `serve` makes it) holds, file for file.
#[test]
fn a_builds_values_leave_out_even_listed_fields_and_make_the_same_site() {
    let dir = common::example_copy();
    let site = common::load(dir.path());
    let (built, compared) = (
        site.templates.own_only(false),
        site.templates.own_only(true),
    );
    for field in PageField::ALL {
        let name = field.name();
        let unread = ["sensitive", "findable", "taxonomies"].contains(&name);
        assert_eq!(
            built.leaves_out(*field),
            compared.leaves_out(*field) || unread,
            "{name}"
        );
    }
    let options = lamplight::BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    lamplight::build(&options).unwrap_or_else(|e| panic!("{}", e.render(false)));
    let progress = lamplight::progress::Progress::default();
    let rendered = site.render_reusing(None, &progress).unwrap();
    let mut pages = 0;
    for (path, contents) in &rendered.files {
        if let lamplight::render::Contents::Text(text) = contents {
            let written = std::fs::read_to_string(dir.path().join("public").join(path)).unwrap();
            assert!(**text == written, "{path} differs");
            pages += usize::from(path.ends_with(".html"));
        }
    }
    assert!(pages > 100, "{pages} pages compared");
}
