//! A site in two languages, in the shape of Zola's own `test_site_i18n`
//! (getzola/zola), with Welsh as the second language: `[languages.cy]`,
//! `page.cy.md` and `_index.cy.md`, published under `/cy/`.

mod common;

use common::{CONFIG, Site, attrs, place, texts};

/// Zola's `test_site_i18n`, in Welsh: a home page and a blog section in
/// both languages, a page translated with its own slug, a page only in
/// English, one only in Welsh, and a bundle with a file beside it.
fn bilingual_site() -> Site {
    let site = Site::new();
    let config = format!(
        "{CONFIG}\n[languages.cy]\ntitle = \"Partneriaeth Prawf\"\ndescription = \"Diogelwch cymunedol\"\n"
    );
    let config = config.replacen(
        "[extra.help]",
        "[languages.cy.translations]\nsearch = \"Chwilio\"\n\n[extra.help]",
        1,
    );
    site.write("config.toml", &config)
        .write(
            "content/_index.cy.md",
            "+++\ntitle = \"Hafan\"\n+++\nCroeso.\n",
        )
        .write(
            "content/base.md",
            "+++\ntitle = \"Base\"\n+++\nIn English.\n",
        )
        .write(
            "content/base.cy.md",
            "+++\ntitle = \"Sylfaen\"\n+++\nYn Gymraeg.\n",
        )
        .write(
            "content/blog/_index.md",
            "+++\ntitle = \"Blog\"\nsort_by = \"date\"\n+++\n",
        )
        .write(
            "content/blog/_index.cy.md",
            "+++\ntitle = \"Blog (cy)\"\nsort_by = \"date\"\n+++\n",
        )
        .write(
            "content/blog/fixed-slug.md",
            "+++\ntitle = \"A fixed slug\"\nslug = \"something-else\"\ndate = 2017-01-01\n+++\n",
        )
        .write(
            "content/blog/fixed-slug.cy.md",
            "+++\ntitle = \"Slug sefydlog\"\nslug = \"rhywbeth-arall\"\ndate = 2017-01-01\n+++\n",
        )
        .write(
            "content/blog/not-translated.md",
            "+++\ntitle = \"Not translated\"\ndate = 2017-01-02\n+++\n",
        )
        .write(
            "content/blog/only-in-welsh.cy.md",
            "+++\ntitle = \"Yn Gymraeg yn unig\"\ndate = 2017-01-03\n+++\n",
        )
        .write(
            "content/blog/with-assets/index.md",
            "+++\ntitle = \"With assets\"\ndate = 2018-11-10\n+++\n",
        )
        .write(
            "content/blog/with-assets/index.cy.md",
            "+++\ntitle = \"Gyda ffeiliau\"\ndate = 2018-11-10\n+++\n",
        )
        .write("content/blog/with-assets/notes.txt", "Notes.\n");
    site
}

#[test]
fn each_language_has_its_addresses() {
    let site = bilingual_site();
    site.build().unwrap();
    let published = site.published();
    for present in [
        "index.html",
        "cy/index.html",
        "base/index.html",
        "cy/base/index.html",
        "blog/index.html",
        "cy/blog/index.html",
        "blog/something-else/index.html",
        "cy/blog/rhywbeth-arall/index.html",
        "blog/not-translated/index.html",
        "cy/blog/only-in-welsh/index.html",
        "blog/with-assets/index.html",
        "blog/with-assets/notes.txt",
        "cy/blog/with-assets/index.html",
        "cy/blog/with-assets/notes.txt",
    ] {
        assert!(
            published.iter().any(|p| p == present),
            "{present} missing from {published:#?}"
        );
    }
    for absent in [
        "base-cy/index.html",
        "blog/fixed-slug-cy/index.html",
        "cy/blog/not-translated/index.html",
    ] {
        assert!(!published.iter().any(|p| p == absent), "{absent} published");
    }
}

#[test]
fn a_page_says_its_language_and_links_to_its_translations() {
    let site = bilingual_site();
    site.build().unwrap();
    let welsh = site.html("cy/base/index.html");
    assert_eq!(attrs(&welsh, "html", "lang"), ["cy"]);
    // Every version, itself among them, as search engines ask.
    let alternates = attrs(&welsh, "link[rel=alternate][hreflang]", "href");
    assert_eq!(
        alternates,
        [
            "https://csp.example.org/base/",
            "https://csp.example.org/cy/base/"
        ]
    );
    assert_eq!(
        attrs(&welsh, "link[rel=alternate][hreflang]", "hreflang"),
        ["en-GB", "cy"]
    );
    // The switcher names the other language in that language, and says
    // what the link's page is in.
    assert_eq!(attrs(&welsh, ".language-switcher a", "href"), ["/base/"]);
    assert_eq!(attrs(&welsh, ".language-switcher a", "lang"), ["en-GB"]);
    assert_eq!(attrs(&welsh, ".language-switcher a", "hreflang"), ["en-GB"]);
    let english = site.html("base/index.html");
    assert_eq!(attrs(&english, "html", "lang"), ["en-GB"]);
    assert_eq!(
        attrs(&english, ".language-switcher a", "href"),
        ["/cy/base/"]
    );
    assert_eq!(texts(&english, ".language-switcher a"), ["Cymraeg"]);
}

#[test]
fn a_page_without_a_translation_links_to_the_home_page_of_the_other_language_and_says_so() {
    let site = bilingual_site();
    site.build().unwrap();
    let page = site.html("blog/not-translated/index.html");
    assert_eq!(attrs(&page, ".language-switcher a", "href"), ["/cy/blog/"]);
    let notice = texts(&page, ".language-switcher .untranslated");
    assert_eq!(notice.len(), 1, "{notice:?}");
    assert_eq!(notice, ["Nid yw'r dudalen hon yn Gymraeg eto."]);
    assert_eq!(
        attrs(&page, ".language-switcher .untranslated", "lang"),
        ["cy"]
    );
    assert!(attrs(&page, "link[hreflang]", "href").is_empty());
}

#[test]
fn the_site_title_and_theme_words_follow_the_language() {
    let site = bilingual_site();
    site.build().unwrap();
    let welsh = site.html("cy/index.html");
    assert_eq!(texts(&welsh, ".site-name"), ["Partneriaeth Prawf"]);
    // From config.toml's [languages.cy.translations], over the theme's.
    assert_eq!(texts(&welsh, ".site-search button"), ["Chwilio"]);
    // From the theme's i18n/cy.toml.
    assert_eq!(texts(&welsh, ".skip-link"), ["Neidio i'r prif gynnwys"]);
    assert_eq!(texts(&welsh, ".help-panel-title"), ["Cael help nawr"]);
    // The Welsh site's menu is its own sections.
    assert_eq!(attrs(&welsh, ".site-nav a", "href"), ["/cy/blog/"]);
    let english = site.html("index.html");
    assert_eq!(texts(&english, ".site-name"), ["Test Partnership"]);
    assert_eq!(texts(&english, ".skip-link"), ["Skip to main content"]);
    assert_eq!(attrs(&english, ".site-nav a", "href"), ["/blog/"]);
}

#[test]
fn a_section_lists_the_pages_in_its_own_language() {
    let site = bilingual_site();
    site.build().unwrap();
    let welsh = attrs(&site.html("cy/blog/index.html"), ".page-list a", "href");
    assert_eq!(
        welsh,
        [
            "/cy/blog/with-assets/",
            "/cy/blog/only-in-welsh/",
            "/cy/blog/rhywbeth-arall/"
        ]
    );
    // Dates in the page's language.
    let page = site.html("cy/blog/rhywbeth-arall/index.html");
    assert_eq!(texts(&page, ".meta time"), ["1 Ionawr 2017"]);
    let page = site.html("blog/something-else/index.html");
    assert_eq!(texts(&page, ".meta time"), ["1 January 2017"]);
    let english = attrs(&site.html("blog/index.html"), ".page-list a", "href");
    assert!(
        english.iter().all(|href| !href.starts_with("/cy/")),
        "{english:?}"
    );
}

#[test]
fn a_file_in_a_language_the_site_does_not_list_is_an_error() {
    let site = Site::new();
    site.write("content/help.cy.md", "+++\ntitle = \"Help\"\n+++\n");
    let errors = site.build().unwrap_err();
    let error = &errors.0[0];
    assert_eq!(place(error).0, "content/help.cy.md");
    assert!(error.message.contains("`.cy`"), "{}", error.message);
    assert!(
        error
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("[languages.cy]"),
        "{error:?}"
    );
    // Not a language: published as a page of its own, as before.
    let site = Site::new();
    site.write("content/plan.v2.md", "+++\ntitle = \"Plan\"\n+++\n");
    site.build().unwrap();
    assert!(site.public("plan-v2/index.html").exists());
}

#[test]
fn two_files_for_one_page_in_one_language_are_an_error() {
    let site = bilingual_site();
    site.write(
        "content/base/index.cy.md",
        "+++\ntitle = \"Sylfaen eto\"\n+++\n",
    );
    let errors = site.build().unwrap_err();
    let shown: Vec<String> = errors
        .0
        .iter()
        .map(|e| format!("{} {}", place(e).0, e.message))
        .collect();
    assert!(
        shown
            .iter()
            .any(|s| s.contains("content/base") && s.contains("/cy/base/")),
        "{shown:#?}"
    );
}

#[test]
fn a_language_that_is_not_a_code_is_an_error_in_config() {
    let site = Site::new();
    site.write(
        "config.toml",
        &format!("{CONFIG}\n[languages.welsh]\ntitle = \"X\"\n"),
    );
    let errors = site.build().unwrap_err();
    let error = &errors.0[0];
    assert_eq!(place(error).0, "config.toml");
    assert!(
        error.message.contains("[languages.welsh]"),
        "{}",
        error.message
    );
}

#[test]
fn a_language_without_its_own_home_page_file_still_has_a_home_page() {
    let site = bilingual_site();
    std::fs::remove_file(site.root().join("content/_index.cy.md")).unwrap();
    std::fs::remove_file(site.root().join("content/_index.md")).unwrap();
    site.build().unwrap();
    let welsh = site.html("cy/index.html");
    assert_eq!(texts(&welsh, "h1"), ["Partneriaeth Prawf"]);
    let english = site.html("index.html");
    assert_eq!(texts(&english, "h1"), ["Test Partnership"]);
    // Linked from its pages' breadcrumbs, as a published page.
    let page = site.html("cy/base/index.html");
    assert_eq!(
        attrs(&page, ".breadcrumbs a", "href"),
        ["/cy/", "/cy/base/"]
    );
}

/// The bundled site with Welsh added: a Welsh page for a sensitive scheme
/// that does not say `sensitive` itself, and a Welsh event page.
fn bundled_site_in_welsh() -> tempfile::TempDir {
    let site = common::example_copy();
    let root = site.path();
    std::fs::write(
        root.join("content/schemes/sanctuary-scheme.cy.md"),
        "+++\ntitle = \"Cynllun Noddfa\"\nscheme = \"sanctuary-scheme\"\n+++\nAros yn ddiogel yn eich cartref.\n",
    )
    .unwrap();
    // In the calendar, so that the test can see it there only once: the
    // bundled page says its day is unknown, which keeps it out.
    let path = root.join("content/events/crucial-crew-2016.md");
    let event = std::fs::read_to_string(&path)
        .unwrap()
        .replacen(", day_unknown = true", "", 1);
    std::fs::write(&path, &event).unwrap();
    std::fs::write(
        root.join("content/events/crucial-crew-2016.cy.md"),
        event.replacen("Crucial Crew 2016", "Criw Crucial 2016", 1),
    )
    .unwrap();
    site
}

#[test]
fn a_translation_of_a_sensitive_scheme_s_page_is_sensitive() {
    let site = bundled_site_in_welsh();
    let out = site.path().join("public");
    lamplight::build(&lamplight::BuildOptions {
        root: site.path().to_path_buf(),
        ..Default::default()
    })
    .unwrap();
    let page = std::fs::read_to_string(out.join("cy/schemes/sanctuary-scheme/index.html")).unwrap();
    assert!(
        page.contains("id=\"quick-exit\""),
        "no quick exit on the Welsh page"
    );
    assert!(
        page.contains("Gadael y dudalen hon"),
        "the exit is not in Welsh"
    );
    // The site's own feed, calendar and term pages are in its own language:
    // the Welsh event is not a second event.
    let feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    assert!(!feed.contains("/cy/"), "{feed}");
    let calendar = std::fs::read_to_string(out.join("events.ics")).unwrap();
    assert_eq!(
        calendar.matches("SUMMARY:Crucial Crew 2016").count(),
        1,
        "{calendar}"
    );
    assert!(!calendar.contains("Criw Crucial"), "{calendar}");
    let events = std::fs::read_to_string(out.join("events/index.html")).unwrap();
    assert!(
        !events.contains("Criw Crucial"),
        "a Welsh event in the English list"
    );
    let area = std::fs::read_to_string(out.join("areas/rayleigh/index.html")).unwrap();
    assert!(
        !area.contains("/cy/"),
        "a Welsh page in an English term's list"
    );
    let search = std::fs::read_to_string(out.join("search/index.html")).unwrap();
    assert!(
        !search.contains("Criw Crucial"),
        "a Welsh page in the English A to Z"
    );
}

#[test]
fn check_names_the_theme_words_a_language_has_no_translation_of() {
    let site = bilingual_site();
    site.write("i18n/en-GB.toml", "reporting = \"Report it\"\n");
    let report = common::check(site.root());
    let untranslated: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Some("untranslated"))
        .collect();
    assert_eq!(untranslated.len(), 1, "{:#?}", report.diagnostics);
    assert_eq!(untranslated[0].file, std::path::Path::new("i18n/cy.toml"));
    assert!(
        untranslated[0].message.contains("`reporting`"),
        "{}",
        untranslated[0].message
    );
    // The theme's Welsh is whole: without the site's extra word, nothing.
    std::fs::remove_file(site.root().join("i18n/en-GB.toml")).unwrap();
    let report = common::check(site.root());
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.code == Some("untranslated"))
    );
}

#[test]
fn each_language_has_its_own_search_page_and_index() {
    let site = bilingual_site();
    site.build().unwrap();
    let welsh = site.html("cy/search/index.html");
    assert_eq!(attrs(&welsh, "html", "lang"), ["cy"]);
    assert_eq!(
        attrs(&welsh, "[data-search]", "data-index"),
        ["/cy/search-index/meta.json"]
    );
    assert_eq!(attrs(&welsh, "[data-search]", "data-rules"), ["cy"]);
    let listed = attrs(&welsh, ".az-list a", "href");
    assert!(listed.contains(&"/cy/base/".to_string()), "{listed:?}");
    assert!(
        listed.iter().all(|href| href.starts_with("/cy/")),
        "{listed:?}"
    );
    assert!(site.public("cy/search-index/meta.json").exists());
    // The Welsh header's search box goes to the Welsh search page.
    let page = site.html("cy/base/index.html");
    assert_eq!(attrs(&page, ".site-search", "action"), ["/cy/search/"]);
    // English is as it was: no rules named, only English pages.
    let english = site.html("search/index.html");
    assert!(attrs(&english, "[data-search]", "data-rules").is_empty());
    let listed = attrs(&english, ".az-list a", "href");
    assert!(
        listed.iter().all(|href| !href.starts_with("/cy/")),
        "{listed:?}"
    );
    let words = std::fs::read_dir(site.public("cy/search-index")).unwrap();
    let welsh_words: String = words
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    assert!(
        welsh_words.contains("\"sylfaen\""),
        "Welsh words are not in the Welsh index"
    );
    assert!(
        !welsh_words.contains("\"english\""),
        "English words are in the Welsh index"
    );
}

#[test]
fn the_sitemap_names_each_page_s_versions() {
    let site = bilingual_site();
    site.build().unwrap();
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""),
        "{sitemap}"
    );
    let entry = sitemap
        .split("<url>")
        .find(|entry| entry.contains("<loc>https://csp.example.org/cy/base/</loc>"))
        .expect("the Welsh page is in the sitemap");
    assert!(
        entry.contains("hreflang=\"en-GB\" href=\"https://csp.example.org/base/\""),
        "{entry}"
    );
    assert!(
        entry.contains("hreflang=\"cy\" href=\"https://csp.example.org/cy/base/\""),
        "{entry}"
    );
    // A page in one language has none.
    let entry = sitemap
        .split("<url>")
        .find(|entry| entry.contains("/blog/not-translated/</loc>"))
        .unwrap();
    assert!(!entry.contains("hreflang"), "{entry}");
}

#[test]
fn templates_get_zola_s_lang_and_translations() {
    let site = bilingual_site();
    site.write(
        "templates/versions.html",
        "{{ page.lang }}|{% for v in page.translations %}{{ v.lang }}={{ v.url }}:{{ v.title }};{% endfor %}|{{ trans(key=\"search\") }}|{{ trans(key=\"search\", lang=\"en-GB\") }}|{{ get_url(path=\"@/base.md\", lang=lang) }}",
    )
    .write(
        "content/base.cy.md",
        "+++\ntitle = \"Sylfaen\"\ntemplate = \"versions.html\"\n+++\n",
    );
    site.build().unwrap();
    assert_eq!(
        site.read("cy/base/index.html"),
        "cy|en-GB=/base/:Base;cy=/cy/base/:Sylfaen;|Chwilio|Search|/cy/base/"
    );
}

#[test]
fn a_shortcode_knows_the_page_it_is_on_and_its_language() {
    let site = bilingual_site();
    site.write(
        "templates/shortcodes/where.html",
        "<p class=\"where\">{{ lang }} {{ trans(key=\"search\") }} {{ page.colocated_path }} {{ page.relative_path }} {{ config.title }}</p>",
    )
    .write(
        "content/blog/with-assets/index.cy.md",
        "+++\ntitle = \"Gyda ffeiliau\"\ndate = 2018-11-10\n+++\n{{ where() }}\n",
    );
    site.build().unwrap();
    let page = site.html("cy/blog/with-assets/index.html");
    assert_eq!(
        texts(&page, ".where"),
        ["cy Chwilio blog/with-assets/ blog/with-assets/index.cy.md Partneriaeth Prawf"]
    );
}

/// Zola's per-language taxonomies: `[languages.cy] taxonomies` lists the
/// Welsh pages' own terms under `/cy/`, in Welsh, with their own feed;
/// the site's own terms list only the pages in its own language.
#[test]
fn a_language_s_taxonomies_list_its_own_pages_under_its_folder() {
    let site = bilingual_site();
    let config = std::fs::read_to_string(site.root().join("config.toml")).unwrap();
    let config = config.replacen(
        "description = \"Diogelwch cymunedol\"\n",
        "description = \"Diogelwch cymunedol\"\ntaxonomies = [{ name = \"areas\" }]\n",
        1,
    );
    site.write(
        "config.toml",
        &format!("{config}\n[[taxonomies]]\nname = \"areas\"\n"),
    )
    .write(
        "content/base.md",
        "+++\ntitle = \"Base\"\ndate = 2017-01-01\n[taxonomies]\nareas = [\"Rayleigh\"]\n+++\nIn English.\n",
    )
    .write(
        "content/base.cy.md",
        "+++\ntitle = \"Sylfaen\"\ndate = 2017-01-01\n[taxonomies]\nareas = [\"Rayleigh\", \"Rochford\"]\n+++\nYn Gymraeg.\n",
    )
    .write(
        "templates/shortcodes/area_link.html",
        "<a class=\"area\" href=\"{{ get_taxonomy_url(kind='areas', name='Rochford', lang=lang) }}\">x</a>",
    )
    .write(
        "content/blog/only-in-welsh.cy.md",
        "+++\ntitle = \"Yn Gymraeg yn unig\"\ndate = 2017-01-03\n+++\n{{ area_link() }}\n",
    );
    site.build().unwrap();
    let english = site.html("areas/rayleigh/index.html");
    assert_eq!(attrs(&english, "html", "lang"), ["en-GB"]);
    assert!(texts(&english, "main").join(" ").contains("Base"));
    assert!(!texts(&english, "main").join(" ").contains("Sylfaen"));
    let welsh = site.html("cy/areas/rayleigh/index.html");
    assert_eq!(attrs(&welsh, "html", "lang"), ["cy"]);
    let main = texts(&welsh, "main").join(" ");
    assert!(main.contains("Sylfaen") && !main.contains("Base"), "{main}");
    assert!(site.public("cy/areas/rochford/index.html").exists());
    assert!(!site.public("areas/rochford/index.html").exists());
    assert!(site.public("cy/areas/index.html").exists());
    let feed = site.read("cy/areas/rayleigh/atom.xml");
    assert!(
        feed.contains("Sylfaen") && feed.contains("xml:lang=\"cy\""),
        "{feed}"
    );
    let only = site.html("cy/blog/only-in-welsh/index.html");
    assert_eq!(attrs(&only, "a.area", "href"), ["/cy/areas/rochford/"]);

    // A Welsh page naming a taxonomy Welsh does not have, when Welsh has
    // some: an error at the key, with both ways out.
    site.write(
        "content/base.cy.md",
        "+++\ntitle = \"Sylfaen\"\n[taxonomies]\ntopics = [\"x\"]\n+++\n",
    );
    let errors = site.build().unwrap_err();
    let error = &errors.0[0];
    assert_eq!(place(error), ("content/base.cy.md".into(), 4, 1));
    let said = error.to_string();
    assert!(
        said.contains("under `[languages.cy]`") && said.contains("take `topics` out"),
        "{said}"
    );
}

/// The head's links are one part rendered once per version of what it
/// reads (`include_cached`): each language's pages still point feed
/// readers at that language's own feed, in its own words, and every page
/// has the stylesheets.
#[test]
fn each_languages_pages_point_feed_readers_at_its_own_feed() {
    let site = bilingual_site();
    site.build().unwrap();
    let feed = "link[rel=alternate][type='application/atom+xml']";
    for (page, href) in [
        ("base/index.html", "/atom.xml"),
        ("blog/something-else/index.html", "/atom.xml"),
        ("cy/base/index.html", "/cy/atom.xml"),
        ("cy/blog/rhywbeth-arall/index.html", "/cy/atom.xml"),
    ] {
        let html = site.html(page);
        assert_eq!(attrs(&html, feed, "href"), [href], "{page}");
        assert_eq!(
            attrs(&html, "link[rel=stylesheet]", "href"),
            ["/css/site.css", "/css/syntax.css", "/css/print.css"],
            "{page}"
        );
    }
    let english = attrs(&site.html("base/index.html"), feed, "title");
    let welsh = attrs(&site.html("cy/base/index.html"), feed, "title");
    assert_ne!(english, welsh, "the feed's title is in the page's language");
}
