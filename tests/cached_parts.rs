//! `include_cached`: the theme's header, help panel and footer are rendered
//! once for each version of what they read, and must come out as an
//! `include` would have made them on every page, whatever a site's own copy
//! of a part reads.

mod common;

use common::{Site, place, texts};

/// A site with pages in two sections, and its own footer: `footer`.
fn site_with_footer(footer: &str) -> Site {
    let site = Site::new();
    for section in ["schemes", "priorities"] {
        site.write(
            &format!("content/{section}/_index.md"),
            &format!("+++\ntitle = \"{section}\"\n+++\n"),
        );
        for n in 1..=3 {
            site.write(
                &format!("content/{section}/p{n}.md"),
                &format!("+++\ntitle = \"{section} page {n}\"\n+++\nText.\n"),
            );
        }
    }
    site.write("templates/partials/footer.html", footer);
    site
}

fn footer_of(site: &Site, page: &str) -> String {
    texts(&site.html(page), "footer").concat()
}

#[test]
fn a_part_that_reads_the_page_shows_each_pages_own() {
    let site = site_with_footer(
        "<footer>{% if page is defined %}{{ page.title }}{% else %}none{% endif %}</footer>",
    );
    site.build().unwrap();
    for section in ["schemes", "priorities"] {
        for n in 1..=3 {
            assert_eq!(
                footer_of(&site, &format!("{section}/p{n}/index.html")),
                format!("{section} page {n}")
            );
        }
    }
    assert_eq!(footer_of(&site, "schemes/index.html"), "none");
}

#[test]
fn a_part_that_every_page_has_its_own_of_is_still_right_past_the_most_versions() {
    // current_path differs on every page: more versions than are kept.
    let site = site_with_footer("<footer>{{ current_path }}</footer>");
    for n in 4..=80 {
        site.write(
            &format!("content/schemes/p{n}.md"),
            &format!("+++\ntitle = \"Scheme {n}\"\n+++\nText.\n"),
        );
    }
    site.build().unwrap();
    for n in 1..=80 {
        let page = format!("schemes/p{n}/index.html");
        assert_eq!(footer_of(&site, &page), format!("/schemes/p{n}/"));
    }
}

#[test]
fn get_random_in_a_part_follows_the_page_as_in_an_include() {
    let random = "{{ get_random(end=1000000000) }}";
    let cached = site_with_footer(&format!("<footer>{random}</footer>"));
    cached.build().unwrap();
    // The same part, included plainly from a page template of the site's own.
    let included = site_with_footer(&format!("<footer>{random}</footer>"));
    included.write(
        "templates/page.html",
        "<main>{{ page.title }}</main>{% include \"partials/footer.html\" %}",
    );
    included.build().unwrap();
    let mut numbers = Vec::new();
    for n in 1..=3 {
        let page = format!("schemes/p{n}/index.html");
        let number = footer_of(&cached, &page);
        assert_eq!(number, footer_of(&included, &page), "{page}");
        numbers.push(number);
    }
    numbers.dedup();
    assert_eq!(numbers.len(), 3, "each page its own number: {numbers:?}");
}

#[test]
fn the_menu_still_says_where_each_page_is() {
    let site = site_with_footer("<footer></footer>");
    site.build().unwrap();
    let current = |page: &str| {
        let html = site.html(page);
        let selector = scraper::Selector::parse(".site-nav a[aria-current]").unwrap();
        let marked: Vec<(String, String)> = html
            .select(&selector)
            .map(|a| {
                let attr = |name| a.value().attr(name).unwrap().to_string();
                (attr("href"), attr("aria-current"))
            })
            .collect();
        marked
    };
    let marked = |href: &str, how: &str| vec![(href.to_string(), how.to_string())];
    assert_eq!(current("schemes/index.html"), marked("/schemes/", "page"));
    assert_eq!(
        current("schemes/p1/index.html"),
        marked("/schemes/", "true")
    );
    assert_eq!(
        current("priorities/p2/index.html"),
        marked("/priorities/", "true")
    );
    assert_eq!(current("index.html"), vec![]);
    // The search page has no search box of its own in the header.
    let search_boxes = |page: &str| texts(&site.html(page), "form.site-search button").len();
    assert_eq!(search_boxes("schemes/p1/index.html"), 1);
    assert_eq!(search_boxes("search/index.html"), 0);
}

#[test]
fn an_error_in_a_cached_part_is_placed_in_the_part() {
    let site = site_with_footer("<footer>\n<p>{{ page.nothing_here.deeper }}</p></footer>");
    let errors = site.build().expect_err("the footer cannot render");
    let error = &errors.0[0];
    let (file, line, _) = place(error);
    assert_eq!((file.as_str(), line), ("templates/partials/footer.html", 2));
    assert!(
        error
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("while rendering"),
        "{error}"
    );
}

#[test]
fn text_marked_safe_and_the_same_text_unmarked_are_two_versions() {
    let site = site_with_footer("<footer></footer>");
    site.write("templates/partials/note.html", "<aside>{{ note }}</aside>");
    for (template, set) in [
        ("marked", r#"{% set note = "<i>x</i>" | safe %}"#),
        ("plain", r#"{% set note = "<i>x</i>" %}"#),
    ] {
        site.write(
            &format!("templates/{template}.html"),
            &format!(
                "{set}<main>{{{{ page.title }}}}</main>{{{{ include_cached(template=\"partials/note.html\") }}}}"
            ),
        );
        site.write(
            &format!("content/schemes/{template}.md"),
            &format!("+++\ntitle = \"{template}\"\ntemplate = \"{template}.html\"\n+++\nText.\n"),
        );
    }
    site.build().unwrap();
    let marked = site.read("schemes/marked/index.html");
    assert!(marked.contains("<aside><i>x</i></aside>"), "{marked}");
    let plain = site.read("schemes/plain/index.html");
    assert!(plain.contains("<aside>&lt;i&gt;x&lt;"), "{plain}");
}

/// A Tera 2 component's `@` parameter is read from the variables where it
/// is called: a part that calls one shows each page's own, as an `include`
/// would, though the part never names the variable.
#[test]
fn a_component_in_a_part_reads_each_pages_own_variables() {
    let site = site_with_footer("<footer>{{<where_am_i />}}</footer>");
    site.write(
        "templates/components.html",
        "{% component where_am_i(@current_path) %}{{ current_path }}{% endcomponent where_am_i %}",
    );
    site.build().unwrap();
    for n in 1..=3 {
        let page = format!("schemes/p{n}/index.html");
        assert_eq!(footer_of(&site, &page), format!("/schemes/p{n}/"));
    }
}
