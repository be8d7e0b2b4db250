//! Zola's content semantics, on a fixture site in the shape of Zola's own
//! `test_site` (getzola/zola): the front-matter keys Zola documents, with
//! the addresses Zola publishes for them.

mod common;

use common::{Site, attrs, texts};

/// A site laid out as Zola's `test_site` is: a home page without a title,
/// a dated and paginated posts section with a transparent year inside it,
/// a page with a fixed slug, one with a fixed path, one not rendered, a
/// section not rendered, one that redirects, folders with underscores,
/// inherited page templates.
fn zola_shaped_site() -> Site {
    let site = Site::new();
    site.write("content/_index.md", "+++\n+++\nHome.\n")
        .write(
            "content/posts/_index.md",
            "\n+++\ntitle = \"Posts\"\nsort_by = \"date\"\npaginate_by = 3\npaginate_path = \"sida\"\ngenerate_feeds = true\ninsert_anchor_links = \"right\"\n+++\n",
        )
        .write(
            "content/posts/simple.md",
            "+++\ndate = 2017-01-01\nauthors = [\"Vincent\"]\n+++\nNo title here.\n\n## A heading\n",
        )
        .write(
            "content/posts/fixed-slug.md",
            "+++\ntitle = \"Fixed slug\"\nslug = \"something-else\"\ndate = 2017-01-02\n+++\n",
        )
        .write(
            "content/posts/fixed-url.md",
            "+++\ntitle = \"Fixed URL\"\npath = \"/a-fixed-url/\"\ndate = 2017-01-03\n+++\n",
        )
        .write(
            "content/posts/render.md",
            "+++\ntitle = \"Not rendered\"\nrender = false\ndate = 2017-01-04\naliases = [\"/old-render/\"]\n+++\n",
        )
        .write(
            "content/posts/hidden-from-search.md",
            "+++\ntitle = \"Hidden from search\"\ndate = 2017-01-05\nin_search_index = false\n+++\nZanzibar.\n",
        )
        .write(
            "content/posts/2018/_index.md",
            "+++\ntitle = \"2018\"\ntransparent = true\nsort_by = \"date\"\n+++\n",
        )
        .write(
            "content/posts/2018/transparent-page.md",
            "+++\ntitle = \"Transparent page\"\ndate = 2018-01-01\n+++\n",
        )
        .write(
            "content/secret_section/_index.md",
            "+++\ntitle = \"Secret\"\nrender = false\n+++\n",
        )
        .write(
            "content/secret_section/page.md",
            "+++\ntitle = \"Secret page\"\n+++\n",
        )
        .write(
            "content/secret_section/secret_sub_section/_index.md",
            "+++\ntitle = \"Secret sub\"\n+++\n",
        )
        .write(
            "content/secret_section/secret_sub_section/hello.md",
            "+++\ntitle = \"Hello\"\n+++\n",
        )
        .write(
            "content/redirect/_index.md",
            "+++\ntitle = \"Redirect\"\nredirect_to = \"posts/\"\n+++\n",
        )
        .write(
            "content/external/_index.md",
            "+++\nredirect_to = \"https://www.getzola.org/\"\n+++\n",
        )
        .write(
            "content/applying_page_template/_index.md",
            "+++\ntitle = \"Templates\"\npage_template = \"page_template.html\"\n+++\n",
        )
        .write(
            "content/applying_page_template/another_section/_index.md",
            "+++\ntitle = \"Another\"\n+++\n",
        )
        .write(
            "content/applying_page_template/another_section/post.md",
            "+++\ntitle = \"Inherits\"\n+++\n",
        )
        .write(
            "content/applying_page_template/override.md",
            "+++\ntitle = \"Overrides\"\ntemplate = \"page.html\"\n+++\n",
        )
        .write(
            "content/reverse-paginated/_index.md",
            "+++\ntitle = \"Reversed\"\nsort_by = \"weight\"\npaginate_by = 2\npaginate_reversed = true\n+++\n",
        )
        .write(
            "content/bundle/_index.md",
            "+++\ntitle = \"Bundle section\"\n+++\n",
        )
        .write(
            "content/bundle/index.md",
            "+++\ntitle = \"Bundle page\"\npath = \"bundle-page\"\n+++\n",
        )
        .write(
            "content/drafts/_index.md",
            "+++\ntitle = \"Drafts\"\ndraft = true\n+++\n",
        )
        .write("content/drafts/unfinished.md", "+++\ntitle = \"Unfinished\"\n+++\n")
        .write(
            "templates/page_template.html",
            "<!DOCTYPE html><html lang=\"en\"><title>{{ page.title }}</title><p class=\"from-page-template\">{{ page.title }}</p></html>\n",
        );
    for (i, weight) in [3, 1, 2].iter().enumerate() {
        site.write(
            &format!("content/reverse-paginated/{}.md", i + 1),
            &format!("+++\ntitle = \"Page {}\"\nweight = {weight}\n+++\n", i + 1),
        );
    }
    site
}

#[test]
fn addresses_are_the_ones_zola_publishes() {
    let site = zola_shaped_site();
    site.build().unwrap();
    let published = site.published();
    for present in [
        "index.html",
        "posts/index.html",
        "posts/simple/index.html",
        "posts/something-else/index.html",
        "a-fixed-url/index.html",
        "posts/2018/index.html",
        "posts/2018/transparent-page/index.html",
        "secret_section/page/index.html",
        "secret_section/secret_sub_section/index.html",
        "secret_section/secret_sub_section/hello/index.html",
        "redirect/index.html",
        "applying_page_template/another_section/post/index.html",
        "bundle/index.html",
        "bundle-page/index.html",
        "posts/sida/2/index.html",
        "posts/sida/1/index.html",
        "posts/atom.xml",
    ] {
        assert!(
            published.iter().any(|p| p == present),
            "{present} missing from {published:#?}"
        );
    }
    for absent in [
        "posts/render/index.html",
        "old-render/index.html",
        "secret_section/index.html",
        "posts/fixed-url/index.html",
        "posts/page/2/index.html",
        "drafts/index.html",
        "drafts/unfinished/index.html",
    ] {
        assert!(
            !published.iter().any(|p| p == absent),
            "{absent} should not be published"
        );
    }
}

#[test]
fn render_false_pages_and_sections_are_listed_nowhere() {
    let site = zola_shaped_site();
    site.build().unwrap();
    let sitemap = site.read("sitemap.xml");
    assert!(!sitemap.contains("/posts/render/"), "{sitemap}");
    assert!(!sitemap.contains("/secret_section/<"), "{sitemap}");
    assert!(sitemap.contains("/secret_section/page/"), "{sitemap}");
    assert!(!sitemap.contains("/redirect/<"), "{sitemap}");
    let posts: Vec<String> = (1..=2)
        .flat_map(|k| {
            let path = if k == 1 {
                "posts/index.html".to_string()
            } else {
                format!("posts/sida/{k}/index.html")
            };
            attrs(&site.html(&path), ".page-list a", "href")
        })
        .collect();
    assert!(
        !posts.iter().any(|href| href.contains("render")),
        "{posts:?}"
    );
    // The breadcrumb names a section that has no page without linking to it.
    let page = site.html("secret_section/page/index.html");
    assert_eq!(
        texts(&page, ".breadcrumbs li"),
        ["Home", "Secret", "Secret page"]
    );
    assert_eq!(
        attrs(&page, ".breadcrumbs a", "href"),
        ["/", "/secret_section/page/"]
    );
    // Nor does the main menu.
    let home = site.html("index.html");
    assert!(!texts(&home, ".site-nav a").contains(&"Secret".to_string()));
}

#[test]
fn a_transparent_section_lists_its_pages_in_the_one_above() {
    let site = zola_shaped_site();
    site.build().unwrap();
    // Newest first, three to a page: the 2018 page is first in posts.
    let first = site.html("posts/index.html");
    assert_eq!(
        attrs(&first, ".page-list a", "href"),
        [
            "/posts/2018/transparent-page/",
            "/posts/hidden-from-search/",
            "/a-fixed-url/"
        ]
    );
    let second = site.html("posts/sida/2/index.html");
    assert_eq!(
        attrs(&second, ".page-list a", "href"),
        ["/posts/something-else/", "/posts/simple/"]
    );
    // Previous and next follow the posts list across the year's folder.
    let page = site.html("posts/hidden-from-search/index.html");
    assert_eq!(
        attrs(&page, ".pager a", "href"),
        ["/posts/2018/transparent-page/", "/a-fixed-url/"]
    );
}

#[test]
fn reversed_pagination_splits_the_list_from_its_end() {
    let site = zola_shaped_site();
    site.build().unwrap();
    // By weight: 2 (1), 3 (2), 1 (3); reversed: 1, 3, 2.
    let first = site.html("reverse-paginated/index.html");
    assert_eq!(
        attrs(&first, ".page-list a", "href"),
        ["/reverse-paginated/1/", "/reverse-paginated/3/"]
    );
}

#[test]
fn redirect_to_sends_readers_on() {
    let site = zola_shaped_site();
    site.build().unwrap();
    // As Zola does, the first page of a split list is also at `page/1/`.
    let first = site.html("posts/sida/1/index.html");
    assert_eq!(attrs(&first, "main a", "href"), ["/posts/"]);
    let redirect = site.html("redirect/index.html");
    assert_eq!(
        attrs(&redirect, "meta[http-equiv=refresh]", "content"),
        ["0; url=https://csp.example.org/posts/"]
    );
    let external = site.html("external/index.html");
    assert_eq!(
        attrs(&external, "main a", "href"),
        ["https://www.getzola.org/"]
    );
}

#[test]
fn page_templates_are_inherited_from_the_nearest_section_that_names_one() {
    let site = zola_shaped_site();
    site.build().unwrap();
    let inherited = site.html("applying_page_template/another_section/post/index.html");
    assert_eq!(texts(&inherited, ".from-page-template"), ["Inherits"]);
    let overridden = site.html("applying_page_template/override/index.html");
    assert!(texts(&overridden, ".from-page-template").is_empty());
}

#[test]
fn a_page_without_a_title_is_named_after_its_file_and_check_asks_for_one() {
    let site = zola_shaped_site();
    site.build().unwrap();
    let page = site.html("posts/simple/index.html");
    assert_eq!(texts(&page, "main h1"), ["Simple"]);
    let home = site.html("index.html");
    assert_eq!(texts(&home, "title"), ["Test Partnership"]);
    let report = common::check(site.root());
    let untitled: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("no title"))
        .map(|d| d.file.display().to_string())
        .collect();
    assert!(
        untitled.contains(&"content/posts/simple.md".to_string()),
        "{untitled:?}"
    );
    assert!(!untitled.contains(&"content/_index.md".to_string()));
}

#[test]
fn in_search_index_false_keeps_a_page_out_of_search() {
    let site = zola_shaped_site();
    site.build().unwrap();
    let index: String = site
        .published()
        .iter()
        .filter(|p| p.starts_with("search-index"))
        .map(|p| site.read(p))
        .collect();
    assert!(!index.is_empty());
    assert!(!index.contains("hidden-from-search"), "in the index");
    assert!(index.contains("transparent-page"));
}

#[test]
fn a_bad_path_is_an_error_at_its_value() {
    for (path, says) in [
        ("../outside", "climbs out"),
        ("https://elsewhere.example/", "another site"),
        ("a//b", "empty folder name"),
        ("with space", "cannot be part of a web address"),
        ("/", "home page"),
    ] {
        let site = Site::new();
        site.write(
            "content/a.md",
            &format!("+++\ntitle = \"A\"\npath = \"{path}\"\n+++\n"),
        );
        let err = site.build().unwrap_err();
        let d = &err.0[0];
        assert!(d.message.contains(says), "{path}: {d}");
        assert_eq!((d.line, d.column), (3, 8), "{path}: {d}");
    }
}

#[test]
fn a_path_that_clashes_with_another_page_is_an_error() {
    let site = Site::new();
    site.write("content/about.md", "+++\ntitle = \"About\"\n+++\n")
        .write(
            "content/other.md",
            "+++\ntitle = \"Other\"\npath = \"about\"\n+++\n",
        );
    let err = site.build().unwrap_err();
    assert!(
        err.0.iter().any(|d| d.message.contains("/about/")),
        "{err:?}"
    );
}

#[test]
fn a_section_puts_links_on_its_pages_headings() {
    let site = zola_shaped_site();
    site.build().unwrap();
    let page = site.html("posts/simple/index.html");
    assert_eq!(
        attrs(&page, "h2#a-heading a.heading-anchor", "href"),
        ["#a-heading"]
    );
    assert_eq!(
        attrs(&page, "h2#a-heading a.heading-anchor", "aria-label"),
        ["Link to this section"]
    );
    // A section that does not ask for them gets none.
    let other = site.html("secret_section/page/index.html");
    assert!(attrs(&other, "a.heading-anchor", "href").is_empty());
}

#[test]
fn shortcodes_written_for_zola_work() {
    let site = Site::new();
    site.write(
        "templates/shortcodes/note.html",
        "<aside class=\"note note-{{ kind }}\" data-nth=\"{{ nth }}\">{{ body }}</aside>",
    )
    .write(
        "templates/shortcodes/tags.html",
        "<ul class=\"tags\">{% for tag in names %}<li>{{ tag }}</li>{% endfor %}</ul>",
    )
    .write(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n{% note(kind=\"warning\") %}\nMind the step.\n{% end %}\n\n{{ tags(names=[\"one\", \"two\"] class='x') }}\n\n{% note(kind='tip') %}Second.{% end %}\n\nWrite `{{/* tags(names=[]) */}}` to list tags: {{/* tags() */}}.\n",
    );
    site.build().unwrap();
    let page = site.html("a/index.html");
    assert_eq!(texts(&page, "aside.note-warning"), ["Mind the step."]);
    assert_eq!(attrs(&page, "aside", "data-nth"), ["1", "2"]);
    assert_eq!(texts(&page, "ul.tags li"), ["one", "two"]);
    assert_eq!(texts(&page, "main p code"), ["{{ tags(names=[]) }}"]);
    assert!(
        texts(&page, "main p")
            .iter()
            .any(|p| p.ends_with("to list tags: {{ tags() }}.")),
        "{:?}",
        texts(&page, "main p")
    );
}

/// The top of Zola's own test site's config.toml, in its newer name.
const ZOLA_CONFIG: &str = r#"title = "My Integration Testing site"
base_url = "https://replace-this-with-your-url.com"
compile_sass = true
generate_feeds = true
default_language = "en"

taxonomies = [
    {name = "categories", feed = true, paginate_path = "p"},
]

ignored_content = ["*/ignored.md", "*.{xlsx,docx}"]

author = "config@example.com (Config Author)"

[markdown]
highlight_code = true
highlight_theme = "base16-ocean-dark"
definition_list = true
external_links_target_blank = true

[slugify]
paths = "on"

[link_checker]
skip_prefixes = ["http://[2001:db8::]/"]

[extra.author]
name = "Vincent Prouillet"
"#;

#[test]
fn a_zola_config_reads_and_check_names_what_lamplight_does_not_use() {
    let site = Site::new();
    std::fs::remove_file(site.root().join("config.toml")).unwrap();
    site.write("zola.toml", ZOLA_CONFIG)
        .write(
            "content/posts/_index.md",
            "+++\ntitle = \"Posts\"\n+++\n",
        )
        .write(
            "content/posts/kept.md",
            "+++\ntitle = \"Kept\"\n[taxonomies]\ncategories = [\"a\"]\n+++\nTerm\n: What it means.\n",
        )
        .write("content/posts/ignored.md", "no front matter at all\n")
        .write("content/posts/budget.xlsx", "not really a spreadsheet")
        .write("content/posts/notes.docx", "not really a document");
    site.build().unwrap();
    let published = site.published();
    assert!(published.iter().any(|p| p == "posts/kept/index.html"));
    assert!(
        !published
            .iter()
            .any(|p| p.contains("ignored") || p.contains("budget") || p.contains("notes")),
        "{published:?}"
    );
    let page = site.html("posts/kept/index.html");
    assert_eq!(texts(&page, "main dl dt"), ["Term"]);
    assert_eq!(attrs(&page, "html", "lang"), ["en"]);

    let report = common::check(site.root());
    let zola: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("Zola setting"))
        .map(|d| format!("{}:{}", d.file.display(), d.line))
        .collect();
    assert_eq!(
        zola,
        [
            "zola.toml:3",
            "zola.toml:4",
            "zola.toml:13",
            "zola.toml:17",
            "zola.toml:19",
            "zola.toml:21",
            "zola.toml:24"
        ],
        "{:#?}",
        report.diagnostics
    );
}

#[test]
fn a_missing_page_template_is_blamed_on_the_section_that_names_it() {
    let site = Site::new();
    site.write(
        "content/posts/_index.md",
        "+++\ntitle = \"Posts\"\npage_template = \"post.html\"\n+++\n",
    )
    .write("content/posts/a.md", "+++\ntitle = \"A\"\n+++\n")
    .write("content/posts/b.md", "+++\ntitle = \"B\"\n+++\n");
    let err = site.build().unwrap_err();
    let missing: Vec<_> = err
        .0
        .iter()
        .filter(|d| d.message.contains("post.html"))
        .map(common::place)
        .collect();
    assert_eq!(
        missing,
        [("content/posts/_index.md".to_string(), 3, 17)],
        "{err:?}"
    );
}

#[test]
fn zola_template_functions_work_in_shortcodes() {
    let site = Site::new();
    site.append("config.toml", "[[taxonomies]]\nname = \"areas\"\n");
    site.write(
        "templates/shortcodes/callout.html",
        "<aside class=\"callout\">{{ body | markdown | safe }}</aside>",
    )
    .write(
        "templates/shortcodes/facts.html",
        "{% set areas = load_data(path=\"data-files/areas.csv\") %}\
         {% set totals = load_data(path=\"data-files/totals.toml\") %}\
         <p class=\"facts\">{{ areas.headers | join(sep=\",\") }};{% for row in areas.records %}{{ row[0] }}={{ row[1] }};{% endfor %}{{ totals.year }}</p>\
         <p class=\"tag\">{{ get_taxonomy_url(kind=\"areas\", name=\"Canvey Island\") }}</p>\
         <p class=\"hash\">{{ get_hash(literal=\"abc\", sha_type=256, base64=false) }}</p>\
         <p class=\"inline\">{{ \"*Hello*\" | markdown(inline=true) | safe }}</p>",
    )
    .write(
        "templates/shortcodes/escape.html",
        "{{ load_data(path=\"../secret.txt\") }}",
    )
    .write("data-files/areas.csv", "area,wards\nRayleigh,7\nHockley,3\n")
    .write("data-files/totals.toml", "year = \"2017/18\"\n")
    .write(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\n{% callout() %}\nSee **the plan**, [about](@/b.md).\n{% end %}\n\n{{ facts() }}\n",
    )
    .write("content/b.md", "+++\ntitle = \"B\"\n+++\n");
    site.build().unwrap();
    let page = site.html("a/index.html");
    assert_eq!(texts(&page, ".callout strong"), ["the plan"]);
    assert_eq!(attrs(&page, ".callout a", "href"), ["/b/"]);
    assert_eq!(
        texts(&page, ".facts"),
        ["area,wards;Rayleigh=7;Hockley=3;2017/18"]
    );
    assert_eq!(texts(&page, ".tag"), ["/areas/canvey-island/"]);
    assert_eq!(
        texts(&page, ".hash"),
        ["ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"]
    );
    assert_eq!(texts(&page, ".inline em"), ["Hello"]);

    // A template cannot read outside the site folder.
    site.write("content/c.md", "+++\ntitle = \"C\"\n+++\n{{ escape() }}\n");
    let err = site.build().unwrap_err();
    assert!(
        err.0
            .iter()
            .any(|d| d.to_string().contains("leaves the site folder")),
        "{err:?}"
    );
}

#[test]
fn a_markdown_shortcode_is_rendered_with_the_page() {
    let site = Site::new();
    site.write(
        "templates/shortcodes/signoff.md",
        "**{{ name }}**, [contact us](@/b.md)",
    )
    .write(
        "content/a.md",
        "+++\ntitle = \"A\"\n+++\nWith thanks, {{ signoff(name=\"The team\") }}.\n",
    )
    .write("content/b.md", "+++\ntitle = \"B\"\n+++\n");
    site.build().unwrap();
    let page = site.html("a/index.html");
    assert_eq!(texts(&page, "main p strong"), ["The team"]);
    assert_eq!(attrs(&page, "main p a", "href"), ["/b/"]);
}

/// Tera 1's `get_random` and `slice`, which Zola sites' shortcodes use
/// (welpo/tabi's spoiler, image toggler and remote text): a random id that
/// is the same on every build, and a slice of a list.
#[test]
fn get_random_is_the_same_on_every_build_and_slice_cuts_a_list() {
    let site = Site::new();
    site.write(
        "templates/shortcodes/ids.html",
        "<p class=\"ids\">{{ get_random(end=100000) }} {{ get_random(start=5, end=10) }} {{ [1, 2, 3, 4, 5] | slice(start=1, end=3) | join(sep=\",\") }} {{ [1, 2, 3] | slice(end=-1) | join(sep=\",\") }}</p>",
    )
    .write("content/a.md", "+++\ntitle = \"A\"\n+++\n{{ ids() }}\n")
    .write("content/b.md", "+++\ntitle = \"B\"\n+++\n{{ ids() }}\n");
    site.build().unwrap();
    let ids = |page: &str| texts(&site.html(page), ".ids")[0].clone();
    let first = (ids("a/index.html"), ids("b/index.html"));
    let parts: Vec<&str> = first.0.split(' ').collect();
    let (big, small): (i64, i64) = (parts[0].parse().unwrap(), parts[1].parse().unwrap());
    assert!(
        (0..100000).contains(&big) && (5..10).contains(&small),
        "{parts:?}"
    );
    assert_eq!(&parts[2..], ["2,3", "1,2"]);
    assert_ne!(first.0, first.1, "two pages share their ids");
    site.build().unwrap();
    assert_eq!((ids("a/index.html"), ids("b/index.html")), first);
}

/// Zola's `get_image_metadata`, which six of welpo/tabi's shortcodes use to
/// give images their size, and Tera 1's `trim_start_matches`.
#[test]
fn get_image_metadata_reads_an_image_s_size() {
    let site = Site::new();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(640u32.to_be_bytes());
    png.extend(480u32.to_be_bytes());
    std::fs::create_dir_all(site.root().join("static/img")).unwrap();
    std::fs::write(site.root().join("static/img/map.png"), png).unwrap();
    site.write(
        "templates/shortcodes/figure.html",
        "{% set meta = get_image_metadata(path=src) %}{% set gone = get_image_metadata(path=\"img/gone.png\", allow_missing=true) %}<img class=\"figure\" src=\"{{ get_url(path=src) }}\" width=\"{{ meta.width }}\" height=\"{{ meta.height }}\" alt=\"{{ alt | trim_start_matches(pat='A ') }}\" data-mime=\"{{ meta.mime }}\" data-gone=\"{{ gone is none }}\">",
    )
    .write("content/map.md", "+++\ntitle = \"Map\"\n+++\n{{ figure(src=\"img/map.png\", alt=\"A map of the area\") }}\n");
    site.build().unwrap();
    let page = site.html("map/index.html");
    assert_eq!(attrs(&page, "img.figure", "width"), ["640"]);
    assert_eq!(attrs(&page, "img.figure", "height"), ["480"]);
    assert_eq!(attrs(&page, "img.figure", "alt"), ["map of the area"]);
    assert_eq!(attrs(&page, "img.figure", "data-mime"), ["image/png"]);
    assert_eq!(attrs(&page, "img.figure", "data-gone"), ["true"]);
    // A missing image, not allowed to be, is an error naming it.
    site.write(
        "content/map.md",
        "+++\ntitle = \"Map\"\n+++\n{{ figure(src=\"img/none.png\", alt=\"x\") }}\n",
    );
    let errors = site.build().unwrap_err();
    let said = errors.render(false);
    assert!(said.contains("img/none.png"), "{said}");
}

/// Zola's `get_taxonomy` and `get_taxonomy_term`, as a site's own template
/// uses them: every term with its pages, one term by name or slug, with
/// `include_pages=false`, and `required=false` for what is not there.
#[test]
fn get_taxonomy_lists_terms_and_their_pages() {
    let site = Site::new();
    site.append("config.toml", "[[taxonomies]]\nname = \"areas\"\n")
    .write(
        "templates/areas-overview.html",
        "{% set areas = get_taxonomy(kind=\"areas\") %}\
         <ul>{% for term in areas.items %}<li class=\"term\" data-slug=\"{{ term.slug }}\" data-path=\"{{ term.path }}\">{{ term.name }}:{{ term.page_count }}:{% for p in term.pages %}{{ p.title }};{% endfor %}</li>{% endfor %}</ul>\
         {% set one = get_taxonomy_term(kind=\"areas\", term=\"canvey-island\", include_pages=false) %}\
         <p class=\"one\">{{ one.name }} {{ one.pages is undefined }} {{ areas.kind.name }} {{ areas.lang }}</p>\
         <p class=\"missing\">{{ get_taxonomy(kind=\"none\", required=false) is none }} {{ get_taxonomy_term(kind=\"areas\", term=\"Nowhere\", required=false) is none }}</p>",
    )
    .write(
        "content/a.md",
        "+++\ntitle = \"Alpha\"\ndate = 2017-05-01\n[taxonomies]\nareas = [\"Canvey Island\", \"Rayleigh\"]\n+++\n",
    )
    .write(
        "content/b.md",
        "+++\ntitle = \"Beta\"\ndate = 2018-05-01\n[taxonomies]\nareas = [\"Canvey Island\"]\n+++\n",
    )
    .write(
        "content/overview.md",
        "+++\ntitle = \"Areas\"\ntemplate = \"areas-overview.html\"\n+++\n",
    );
    site.build().unwrap();
    let page = site.html("overview/index.html");
    assert_eq!(
        texts(&page, ".term"),
        ["Canvey Island:2:Beta;Alpha;", "Rayleigh:1:Alpha;"]
    );
    assert_eq!(
        attrs(&page, ".term", "data-path"),
        ["/areas/canvey-island/", "/areas/rayleigh/"]
    );
    assert_eq!(texts(&page, ".one"), ["Canvey Island true areas en-GB"]);
    assert_eq!(texts(&page, ".missing"), ["true true"]);

    // An unknown term, required, names the ones there are.
    site.write(
        "templates/areas-overview.html",
        "{{ get_taxonomy_term(kind=\"areas\", term=\"Canvey Iland\") }}",
    );
    let said = site.build().unwrap_err().render(false);
    assert!(said.contains("did you mean \"Canvey Island\""), "{said}");
}

/// Zola's `render = false` and `paginate_path` on a taxonomy: no pages or
/// feeds for the one (its terms still reach templates), and later pages
/// of the other's terms at the word it names.
#[test]
fn a_taxonomy_s_render_and_paginate_path_are_honoured() {
    let site = Site::new();
    site.append(
        "config.toml",
        "[[taxonomies]]\nname = \"areas\"\npaginate_by = 1\npaginate_path = \"p\"\n\
             [[taxonomies]]\nname = \"topics\"\nrender = false\n",
    )
    .write(
        "templates/topics.html",
        "{% set topics = get_taxonomy(kind=\"topics\") %}<p class=\"topics\">{% for t in topics.items %}{{ t.name }}={{ t.page_count }};{% endfor %}</p>",
    )
    .write(
        "content/overview.md",
        "+++\ntitle = \"Overview\"\ntemplate = \"topics.html\"\n+++\n",
    );
    for (name, day) in [("a", "01"), ("b", "02")] {
        site.write(
            &format!("content/{name}.md"),
            &format!(
                "+++\ntitle = \"{name}\"\ndate = 2017-05-{day}\n[taxonomies]\nareas = [\"Rayleigh\"]\ntopics = [\"Parking\"]\n+++\n"
            ),
        );
    }
    site.build().unwrap();
    let published = site.published();
    for wanted in ["areas/rayleigh/index.html", "areas/rayleigh/p/2/index.html"] {
        assert!(published.iter().any(|p| p == wanted), "{wanted} missing");
    }
    assert!(
        !published.iter().any(|p| p.contains("/page/")),
        "{published:?}"
    );
    assert!(
        !published.iter().any(|p| p.starts_with("topics/")),
        "{published:?}"
    );
    let first = site.html("areas/rayleigh/index.html");
    assert!(
        attrs(&first, "a", "href")
            .iter()
            .any(|h| h == "/areas/rayleigh/p/2/"),
        "no link to the second page"
    );
    let overview = site.html("overview/index.html");
    assert_eq!(texts(&overview, ".topics"), ["Parking=2;"]);

    // A word that is not one word of an address is an error at it.
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &config.replace("paginate_path = \"p\"", "paginate_path = \"../p\""),
    );
    let errors = site.build().unwrap_err();
    let said = errors.render(false);
    assert!(
        said.contains("paginate_path `../p`") && said.contains("letters, digits"),
        "{said}"
    );
}

/// Zola's `resize_image`: a photo an officer took, published at the size a
/// shortcode shows it, under `/processed_images/`, with its new size.
#[test]
fn resize_image_publishes_a_smaller_copy() {
    let site = Site::new();
    std::fs::create_dir_all(site.root().join("static/photos")).unwrap();
    let photo = image::RgbImage::from_fn(400, 300, |x, y| {
        image::Rgb([(x / 2) as u8, (y / 2) as u8, 90])
    });
    photo
        .save(site.root().join("static/photos/street.png"))
        .unwrap();
    photo
        .save(site.root().join("static/photos/street.jpg"))
        .unwrap();
    site.write(
        "templates/shortcodes/photo.html",
        "{% set small = resize_image(path=src, width=width, height=height, op=op) %}\
         <img class=\"photo\" src=\"{{ small.url }}\" width=\"{{ small.width }}\" height=\"{{ small.height }}\" data-orig=\"{{ small.orig_width }}x{{ small.orig_height }}\" alt=\"A street\">",
    )
    .write(
        "content/street.md",
        "+++\ntitle = \"Street\"\n+++\n{{ photo(src=\"photos/street.png\", width=100, height=0, op=\"fit_width\") }}\n\n{{ photo(src=\"photos/street.jpg\", width=50, height=50, op=\"fill\") }}\n",
    );
    site.build().unwrap();
    let page = site.html("street/index.html");
    assert_eq!(attrs(&page, "img.photo", "width"), ["100", "50"]);
    assert_eq!(attrs(&page, "img.photo", "height"), ["75", "50"]);
    assert_eq!(
        attrs(&page, "img.photo", "data-orig"),
        ["400x300", "400x300"]
    );
    let sources = attrs(&page, "img.photo", "src");
    let published: Vec<String> = sources
        .iter()
        .map(|src| {
            src.strip_prefix("https://csp.example.org/")
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(published[0].starts_with("processed_images/") && published[0].ends_with(".png"));
    assert!(published[1].ends_with(".jpg"), "{published:?}");
    for (file, size) in published.iter().zip([(100, 75), (50, 50)]) {
        let copy = image::open(site.public(file)).unwrap();
        assert_eq!((copy.width(), copy.height()), size, "{file}");
    }
    // A second build finds the copies made before: the same addresses.
    site.build().unwrap();
    assert_eq!(
        attrs(&site.html("street/index.html"), "img.photo", "src"),
        sources
    );

    // What Zola would refuse, Lamplight refuses in plain words.
    site.write(
        "content/street.md",
        "+++\ntitle = \"Street\"\n+++\n{{ photo(src=\"photos/street.png\", width=100, height=0, op=\"shrink\") }}\n",
    );
    let said = site.build().unwrap_err().render(false);
    assert!(
        said.contains("`op = \"shrink\"` is not one of scale, fit_width"),
        "{said}"
    );
}

/// The default theme's `photo` shortcode: a photo beside its page, shown
/// no wider than the page (960 pixels), with its size and alt text; a
/// photo without `alt` is an error that says what to write.
#[test]
fn the_photo_shortcode_shows_a_photo_at_the_size_the_page_needs() {
    let site = Site::new();
    std::fs::create_dir_all(site.root().join("content/events/fun-day")).unwrap();
    let photo = image::RgbImage::from_fn(1500, 1000, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 40])
    });
    photo
        .save(site.root().join("content/events/fun-day/crowd.jpg"))
        .unwrap();
    site.write(
        "content/events/fun-day/index.md",
        "+++\ntitle = \"Fun day\"\n+++\n{{ photo(src=\"crowd.jpg\", alt=\"Families at the fun day\", caption=\"The fun day in 2016\") }}\n",
    );
    site.build().unwrap();
    let page = site.html("events/fun-day/index.html");
    assert_eq!(attrs(&page, "figure.photo img", "width"), ["960"]);
    assert_eq!(attrs(&page, "figure.photo img", "height"), ["640"]);
    assert_eq!(
        attrs(&page, "figure.photo img", "alt"),
        ["Families at the fun day"]
    );
    assert_eq!(
        texts(&page, "figure.photo figcaption"),
        ["The fun day in 2016"]
    );
    let src = &attrs(&page, "figure.photo img", "src")[0];
    let file = src.strip_prefix("https://csp.example.org/").unwrap();
    let bytes = std::fs::metadata(site.public(file)).unwrap().len();
    let original = std::fs::metadata(site.root().join("content/events/fun-day/crowd.jpg"))
        .unwrap()
        .len();
    assert!(bytes < original, "{bytes} bytes, from {original}");
    let copy = image::open(site.public(file)).unwrap();
    assert_eq!((copy.width(), copy.height()), (960, 640));

    site.write(
        "content/events/fun-day/index.md",
        "+++\ntitle = \"Fun day\"\n+++\n{{ photo(src=\"crowd.jpg\") }}\n",
    );
    let said = site.build().unwrap_err().render(false);
    assert!(said.contains("photo: give `alt`"), "{said}");
}
