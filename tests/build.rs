//! Building small fixture sites and checking the HTML, feeds and files they produce.

mod common;

use common::{Site, attrs, texts};

#[test]
fn pages_and_sections_get_pretty_urls_titles_and_breadcrumbs() {
    let site = Site::new();
    site.write("content/_index.md", "+++\ntitle = \"Welcome to the partnership\"\n+++\n")
        .write("content/priorities/_index.md", "+++\ntitle = \"Priorities\"\n+++\n")
        .write(
            "content/priorities/anti-social-behaviour.md",
            "+++\ntitle = \"Anti-social behaviour\"\ndescription = \"ASB\"\n+++\n## What we do\nText.\n",
        );
    let summary = site.build().unwrap();
    assert_eq!((summary.pages, summary.sections), (1, 2));

    let page = site.html("priorities/anti-social-behaviour/index.html");
    assert_eq!(
        texts(&page, "title"),
        ["Anti-social behaviour – Test Partnership"]
    );
    assert_eq!(texts(&page, "main h1"), ["Anti-social behaviour"]);
    assert_eq!(
        texts(&page, ".breadcrumbs li"),
        ["Home", "Priorities", "Anti-social behaviour"]
    );
    assert_eq!(
        attrs(&page, ".breadcrumbs a", "href"),
        ["/", "/priorities/", "/priorities/anti-social-behaviour/"]
    );
    assert_eq!(attrs(&page, "h2#what-we-do", "id"), ["what-we-do"]);
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        ["https://csp.example.org/priorities/anti-social-behaviour/"]
    );

    let section = site.html("priorities/index.html");
    assert_eq!(
        attrs(&section, ".page-list a", "href"),
        ["/priorities/anti-social-behaviour/"]
    );
    let home = site.html("index.html");
    assert_eq!(texts(&home, ".site-nav a"), ["Priorities"]);
    assert_eq!(
        texts(&home, ".help-numbers a"),
        ["999", "101", "0800 555 111"]
    );
}

#[test]
fn internal_links_resolve_to_pages_sections_and_anchors() {
    let site = Site::new();
    site.write("content/schemes/_index.md", "+++\ntitle = \"Schemes\"\n+++\n")
        .write("content/schemes/j9/index.md", "+++\ntitle = \"J9\"\n+++\n## How to get help\n")
        .write(
            "content/about.md",
            "+++\ntitle = \"About\"\n+++\n[J9](@/schemes/j9/index.md#how-to-get-help), [all](@/schemes/_index.md), [home](@/_index.md).\n",
        );
    site.build().unwrap();
    let about = site.html("about/index.html");
    assert_eq!(
        attrs(&about, ".prose a", "href"),
        ["/schemes/j9/#how-to-get-help", "/schemes/", "/"]
    );
}

#[test]
fn sections_sort_their_pages_and_link_previous_and_next() {
    let site = Site::new();
    site.write(
        "content/updates/_index.md",
        "+++\ntitle = \"Updates\"\nsort_by = \"date\"\n+++\n",
    )
    .write(
        "content/updates/2016-07-01-first.md",
        "+++\ntitle = \"First\"\n+++\n",
    )
    .write(
        "content/updates/b.md",
        "+++\ntitle = \"Second\"\ndate = 2017-07-01\n+++\n",
    )
    .write("content/updates/c.md", "+++\ntitle = \"Undated\"\n+++\n")
    .write(
        "content/about/_index.md",
        "+++\ntitle = \"About\"\nsort_by = \"weight\"\n+++\n",
    )
    .write(
        "content/about/x.md",
        "+++\ntitle = \"Heavy\"\nweight = 5\n+++\n",
    )
    .write(
        "content/about/y.md",
        "+++\ntitle = \"Light\"\nweight = 1\n+++\n",
    );
    site.build().unwrap();

    let updates = site.html("updates/index.html");
    assert_eq!(
        texts(&updates, ".page-list h3"),
        ["Second", "First", "Undated"]
    );
    // The date came from the file name, and the slug lost it.
    assert_eq!(
        texts(&updates, ".page-list time"),
        ["1 July 2017", "1 July 2016"]
    );
    let first = site.html("updates/first/index.html");
    assert_eq!(attrs(&first, ".pager a[rel=prev]", "href"), ["/updates/b/"]);
    assert_eq!(attrs(&first, ".pager a[rel=next]", "href"), ["/updates/c/"]);
    assert_eq!(
        texts(&site.html("about/index.html"), ".page-list h3"),
        ["Light", "Heavy"]
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::new();
    site.write(
        "content/plan.md",
        "+++\ntitle = \"Plan\"\ndraft = true\n+++\n",
    );
    site.build().unwrap();
    assert!(!site.public("plan/index.html").exists());
    site.build_with(|o| o.drafts = true).unwrap();
    assert!(site.public("plan/index.html").exists());
}

#[test]
fn page_bundles_copy_their_files_beside_the_page() {
    let site = Site::new();
    site.write(
        "content/schemes/_index.md",
        "+++\ntitle = \"Schemes\"\n+++\n",
    )
    .write(
        "content/schemes/j9/index.md",
        "+++\ntitle = \"J9\"\n+++\n![J9 sign](sign.png)\n",
    )
    .write("content/schemes/j9/sign.png", "png")
    .write("content/schemes/j9/docs/leaflet.txt", "leaflet")
    .write("content/schemes/data.toml", "not = \"published\"");
    site.build().unwrap();
    assert_eq!(site.read("schemes/j9/sign.png"), "png");
    assert_eq!(site.read("schemes/j9/docs/leaflet.txt"), "leaflet");
    assert!(!site.public("schemes/data.toml").exists());
    assert_eq!(
        attrs(&site.html("schemes/j9/index.html"), ".prose img", "src"),
        ["sign.png"]
    );
}

#[test]
fn atom_feed_lists_dated_pages_newest_first_and_sitemap_lists_everything() {
    let site = Site::new();
    site.write("content/a.md", "+++\ntitle = \"Older & wiser\"\ndate = 2016-07-01\n+++\nOld.\n")
        .write("content/b.md", "+++\ntitle = \"Newer\"\ndate = 2017-07-01\nupdated = 2017-09-01\n+++\nSummary.\n\n<!-- more -->\n\nRest.\n")
        .write("content/c.md", "+++\ntitle = \"Undated\"\n+++\n");
    site.build().unwrap();

    let feed = scraper::Html::parse_document(&site.read("atom.xml"));
    assert_eq!(texts(&feed, "entry > title"), ["Newer", "Older & wiser"]);
    assert_eq!(texts(&feed, "feed > updated"), ["2017-09-01T00:00:00Z"]);
    assert_eq!(
        texts(&feed, "entry > updated"),
        ["2017-09-01T00:00:00Z", "2016-07-01T00:00:00Z"]
    );
    assert_eq!(texts(&feed, "entry > id")[0], "https://csp.example.org/b/");
    // The feed carries the summary, escaped once as Atom's type="html" wants.
    let raw = site.read("atom.xml");
    assert!(
        raw.contains("&lt;p&gt;Summary.&lt;&#x2F;p&gt;")
            || raw.contains("&lt;p&gt;Summary.&lt;/p&gt;"),
        "{raw}"
    );
    assert!(!raw.contains("Rest."));

    let sitemap = scraper::Html::parse_document(&site.read("sitemap.xml"));
    assert_eq!(
        texts(&sitemap, "loc"),
        [
            "https://csp.example.org/",
            "https://csp.example.org/a/",
            "https://csp.example.org/b/",
            "https://csp.example.org/c/"
        ]
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://csp.example.org/sitemap.xml")
    );
    assert_eq!(texts(&site.html("404.html"), "main h1"), ["Page not found"]);
}

#[test]
fn aliases_write_redirect_pages_to_the_new_address() {
    let site = Site::new();
    site.write(
        "content/asb.md",
        "+++\ntitle = \"ASB\"\naliases = [\"/old/asb/\", \"legacy.html\"]\n+++\n",
    );
    site.build().unwrap();
    for old in ["old/asb/index.html", "legacy.html"] {
        let redirect = site.html(old);
        assert_eq!(
            attrs(&redirect, "link[rel=canonical]", "href"),
            ["https://csp.example.org/asb/"]
        );
        assert_eq!(
            attrs(&redirect, "meta[http-equiv=refresh]", "content"),
            ["0; url=/asb/"]
        );
        assert_eq!(attrs(&redirect, "main a", "href"), ["/asb/"]);
    }
}

#[test]
fn the_sites_own_templates_and_static_files_override_the_themes() {
    let site = Site::new();
    site.write("content/p.md", "+++\ntitle = \"P\"\n+++\n")
        .write("templates/page.html", "{% extends \"base.html\" %}{% block content %}<p id=\"mine\">{{ page.title }}</p>{% endblock content %}")
        .write("static/css/site.css", "/* ours */");
    site.build().unwrap();
    assert_eq!(texts(&site.html("p/index.html"), "#mine"), ["P"]);
    assert_eq!(site.read("css/site.css"), "/* ours */");
    assert!(
        site.public("css/print.css").exists(),
        "theme files not overridden are still copied"
    );
}

#[test]
fn a_page_can_choose_its_template_and_a_section_its_pages_template() {
    let site = Site::new();
    site.write("templates/plain.html", "PLAIN {{ page.title }}")
        .write("templates/special.html", "SPECIAL {{ page.title }}")
        .write(
            "content/news/_index.md",
            "+++\ntitle = \"News\"\npage_template = \"plain.html\"\n+++\n",
        )
        .write("content/news/a.md", "+++\ntitle = \"A\"\n+++\n")
        .write(
            "content/news/b.md",
            "+++\ntitle = \"B\"\ntemplate = \"special.html\"\n+++\n",
        );
    site.build().unwrap();
    assert_eq!(site.read("news/a/index.html"), "PLAIN A");
    assert_eq!(site.read("news/b/index.html"), "SPECIAL B");
}

#[test]
fn paginated_sections_split_their_lists() {
    let site = Site::new();
    site.write(
        "content/news/_index.md",
        "+++\ntitle = \"News\"\nsort_by = \"title\"\npaginate_by = 2\n+++\n",
    );
    for name in ["a", "b", "c"] {
        site.write(
            &format!("content/news/{name}.md"),
            &format!("+++\ntitle = \"{name}\"\n+++\n"),
        );
    }
    site.build().unwrap();
    let first = site.html("news/index.html");
    assert_eq!(texts(&first, ".page-list h3"), ["a", "b"]);
    assert_eq!(
        attrs(&first, ".pagination a[rel=next]", "href"),
        ["/news/page/2/"]
    );
    let second = site.html("news/page/2/index.html");
    assert_eq!(texts(&second, ".page-list h3"), ["c"]);
    assert_eq!(texts(&second, ".pagination p"), ["Page 2 of 2"]);
}

#[test]
fn a_site_in_a_sub_folder_prefixes_every_link() {
    let site = Site::new();
    site.write(
        "content/asb.md",
        "+++\ntitle = \"ASB\"\n+++\n[home](@/_index.md)\n",
    );
    site.build_with(|o| o.base_url = Some("https://council.example.org/csp".into()))
        .unwrap();
    let page = site.html("asb/index.html");
    assert_eq!(attrs(&page, ".prose a", "href"), ["/csp/"]);
    assert_eq!(
        attrs(&page, "link[rel=stylesheet]", "href")[0],
        "/csp/css/site.css"
    );
    assert_eq!(
        attrs(&page, "link[rel=canonical]", "href"),
        ["https://council.example.org/csp/asb/"]
    );
}

#[test]
fn markdown_extensions_and_highlighted_code_reach_the_page() {
    let site = Site::new();
    site.write(
        "content/guide.md",
        "+++\ntitle = \"Guide\"\n+++\n## Front matter\n\n```toml\ntitle = \"J9\"\n```\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n- [x] done\n\nNote[^1].\n\n[^1]: Footnote.\n\n## Front matter\n",
    );
    site.build().unwrap();
    let page = site.html("guide/index.html");
    assert_eq!(attrs(&page, ".prose pre code", "data-lang"), ["toml"]);
    assert!(!attrs(&page, ".prose pre span", "class").is_empty());
    assert_eq!(attrs(&page, ".prose th", "scope"), ["col", "col"]);
    assert_eq!(
        attrs(&page, ".prose h2", "id"),
        ["front-matter", "front-matter-1"]
    );
    assert_eq!(
        attrs(&page, ".toc a", "href"),
        ["#front-matter", "#front-matter-1"]
    );
    assert_eq!(
        attrs(&page, ".prose input[type=checkbox]", "aria-label"),
        ["done"]
    );
    assert_eq!(texts(&page, ".footnote-definition").len(), 1);
    assert!(
        attrs(&page, "[style]", "style").is_empty(),
        "no inline styles anywhere"
    );
}

#[test]
fn a_page_bundle_and_a_page_with_the_same_address_are_an_error() {
    let site = Site::new();
    site.write("content/j9.md", "+++\ntitle = \"A\"\n+++\n")
        .write("content/j9/index.md", "+++\ntitle = \"B\"\n+++\n");
    let err = site.build().unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert!(
        err.0[0]
            .message
            .contains("the address /j9/ is also used by"),
        "{err}"
    );
}

#[test]
fn quiet_prints_nothing_on_success_and_verbose_times_every_stage() {
    let site = Site::new();
    let lamplight = |flag: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_lamplight"))
            .args(["build", flag, "--root"])
            .arg(site.root())
            .output()
            .unwrap()
    };
    let quiet = lamplight("--quiet");
    assert!(quiet.status.success());
    assert_eq!(String::from_utf8_lossy(&quiet.stdout), "");

    let verbose = lamplight("--verbose");
    assert!(verbose.status.success());
    let said = String::from_utf8(verbose.stdout).unwrap();
    assert!(said.starts_with("Built 0 pages and 1 section: "), "{said}");
    let stages: Vec<&str> = said
        .lines()
        .skip(1)
        .map(|l| l.trim().rsplitn(3, ' ').nth(2).unwrap().trim())
        .collect();
    use lamplight::progress::Stage;
    assert_eq!(stages, Stage::ALL.map(Stage::name));
    assert!(said.lines().skip(1).all(|l| l.ends_with(" ms")), "{said}");
}
