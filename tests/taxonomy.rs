//! Taxonomies: term pages, lists and feeds a parish council can link to and
//! follow, and the errors for terms that do not exist.

mod common;

use common::{Site, attrs, texts};

const TAXONOMIES: &str = r#"
[[taxonomies]]
name = "areas"

[[taxonomies]]
name = "priorities"
"#;

const PRIORITIES: &str = r#"[[priority]]
id = "asb"
title = "Anti-social behaviour"
summary = "Nuisance and disorder."

[[priority]]
id = "burglary"
title = "Burglary"
summary = "Break-ins."
"#;

fn site() -> Site {
    let site = Site::new();
    site.write("config.toml", &format!("{}{TAXONOMIES}", common::CONFIG));
    site.write("data/priorities.toml", PRIORITIES);
    site.write(
        "content/asb.md",
        "+++\ntitle = \"Tackling anti-social behaviour\"\npriority = \"asb\"\n\
         [taxonomies]\npriorities = [\"asb\"]\n+++\nWhat we do.\n",
    );
    site.write(
        "content/patrols.md",
        "+++\ntitle = \"Summer patrols\"\ndate = 2026-07-01\n\
         [taxonomies]\nareas = [\"Canvey Island\", \"Rayleigh\"]\npriorities = [\"asb\", \"burglary\"]\n+++\nPatrols.\n",
    );
    site.write(
        "content/marking.md",
        "+++\ntitle = \"Property marking\"\ndate = 2026-08-01\n\
         [taxonomies]\nareas = [\"Rayleigh\"]\n+++\nMark your bike.\n",
    );
    site.write(
        "content/refuge.md",
        "+++\ntitle = \"Refuge places\"\ndate = 2026-09-01\nsensitive = true\n\
         [taxonomies]\nareas = [\"Rayleigh\"]\n+++\nSafe places.\n",
    );
    site
}

#[test]
fn each_area_has_a_page_a_feed_and_a_place_in_the_list() {
    let site = site();
    site.build().unwrap();
    let rayleigh = site.html("areas/rayleigh/index.html");
    assert_eq!(texts(&rayleigh, "h1"), ["Rayleigh"]);
    assert_eq!(
        texts(&rayleigh, ".tagged .page-list h3"),
        ["Property marking", "Summer patrols"],
        "newest first, and the sensitive page in no list"
    );
    assert_eq!(
        attrs(
            &rayleigh,
            "link[rel=alternate][href$='areas/rayleigh/atom.xml']",
            "href"
        ),
        ["/areas/rayleigh/atom.xml"],
        "feed readers find the area's feed from its page"
    );
    let list = site.html("areas/index.html");
    assert_eq!(texts(&list, ".term-list a"), ["Canvey Island", "Rayleigh"]);
    assert_eq!(
        attrs(&list, ".term-list a", "href"),
        ["/areas/canvey-island/", "/areas/rayleigh/"]
    );
    let feed = site.read("areas/rayleigh/atom.xml");
    assert!(
        feed.contains("<title>Test Partnership: Rayleigh</title>"),
        "{feed}"
    );
    assert!(feed.contains("Property marking") && feed.contains("Summer patrols"));
    assert!(
        !feed.contains("Refuge places"),
        "sensitive pages stay out of feeds"
    );
}

#[test]
fn a_priority_page_lists_what_is_tagged_with_it() {
    let site = site();
    site.build().unwrap();
    let claimed = site.html("asb/index.html");
    assert_eq!(
        texts(&claimed, ".tagged .page-list h3"),
        ["Summer patrols"],
        "the priority's own page does not list itself"
    );
    assert_eq!(
        attrs(&claimed, ".tagged a[href$='atom.xml']", "href"),
        ["/asb/atom.xml"]
    );
    assert!(site.read("asb/atom.xml").contains("Summer patrols"));
    let generated = site.html("priorities/burglary/index.html");
    assert_eq!(
        texts(&generated, ".tagged .page-list h3"),
        ["Summer patrols"]
    );
    assert!(
        site.read("priorities/burglary/atom.xml")
            .contains("Summer patrols")
    );
}

#[test]
fn long_term_lists_are_split_into_pages_linked_in_order() {
    let site = site();
    let paginated = TAXONOMIES.replace("name = \"areas\"", "name = \"areas\"\npaginate_by = 2");
    let paginated = paginated.replace(
        "name = \"priorities\"",
        "name = \"priorities\"\npaginate_by = 1",
    );
    site.write("config.toml", &format!("{}{paginated}", common::CONFIG));
    site.write(
        "content/burglary.md",
        "+++\ntitle = \"Burglary advice\"\ndate = 2026-06-01\n\
         [taxonomies]\npriorities = [\"asb\"]\n+++\nLock up.\n",
    );
    site.write(
        "content/lighting.md",
        "+++\ntitle = \"Street lighting\"\ndate = 2026-09-02\n\
         [taxonomies]\nareas = [\"Rayleigh\"]\n+++\nBrighter streets.\n",
    );
    site.build().unwrap();

    // Rayleigh lists three pages, two a page: newest first, across two pages.
    let first = site.html("areas/rayleigh/index.html");
    assert_eq!(
        texts(&first, ".tagged .page-list h3"),
        ["Street lighting", "Property marking"]
    );
    assert_eq!(texts(&first, ".pagination p"), ["Page 1 of 2"]);
    assert_eq!(
        attrs(&first, ".pagination a[rel=next]", "href"),
        ["/areas/rayleigh/page/2/"]
    );
    let second = site.html("areas/rayleigh/page/2/index.html");
    assert_eq!(texts(&second, "h1"), ["Rayleigh"]);
    assert_eq!(texts(&second, ".tagged .page-list h3"), ["Summer patrols"]);
    assert_eq!(
        attrs(&second, ".pagination a[rel=prev]", "href"),
        ["/areas/rayleigh/"]
    );
    assert!(attrs(&second, ".pagination a[rel=next]", "href").is_empty());
    assert!(!site.public("areas/rayleigh/page/3/index.html").exists());
    // Canvey Island fits on one page, so it has no page links.
    let canvey = site.html("areas/canvey-island/index.html");
    assert!(texts(&canvey, ".pagination p").is_empty());

    // A content page that is a priority's page is paginated the same way,
    // keeping its own text on every page of its list.
    let claimed = site.html("asb/index.html");
    assert_eq!(texts(&claimed, ".tagged .page-list h3"), ["Summer patrols"]);
    let claimed_second = site.html("asb/page/2/index.html");
    assert_eq!(
        texts(&claimed_second, ".tagged .page-list h3"),
        ["Burglary advice"]
    );
    assert_eq!(
        texts(&claimed_second, "h1"),
        texts(&claimed, "h1"),
        "the same page, further down its list"
    );
    // The feed still carries every page.
    let feed = site.read("asb/atom.xml");
    assert!(feed.contains("Summer patrols") && feed.contains("Burglary advice"));

    // A build makes each pager as it renders it; `serve` and `check` make
    // them with the lists and keep them. The pages are the same.
    let loaded = common::load(site.root());
    let progress = lamplight::progress::Progress::default();
    let rendered = loaded.render_reusing(None, &progress).unwrap();
    let mut compared = 0;
    for (path, contents) in &rendered.files {
        if let lamplight::render::Contents::Text(text) = contents {
            assert_eq!(**text, site.read(path), "{path}");
            compared += usize::from(path.contains("/page/"));
        }
    }
    assert_eq!(compared, 2, "Rayleigh's and asb's second pages");
}

#[test]
fn an_undeclared_taxonomy_is_an_error_with_a_suggestion() {
    let error = common::fails_keeping_last_good_site(
        |site| {
            site.write("config.toml", &format!("{}{TAXONOMIES}", common::CONFIG));
        },
        |site| {
            site.write(
                "content/patrols.md",
                "+++\ntitle = \"Patrols\"\n[taxonomies]\narea = [\"Rayleigh\"]\n+++\n",
            );
        },
    );
    assert_eq!(error.file, std::path::Path::new("content/patrols.md"));
    assert_eq!((error.line, error.column), (4, 1));
    assert!(
        error
            .message
            .contains("the taxonomy `area` is not in config.toml")
    );
    assert_eq!(error.hint.as_deref(), Some("did you mean `areas`?"));
}

/// The error points at the taxonomy's key, not at the same word earlier
/// in the description; and the lines its hint gives declare it.
#[test]
fn an_undeclared_taxonomy_is_pointed_at_its_key() {
    let error = common::fails_keeping_last_good_site(
        |site| {
            site.write("config.toml", &format!("{}{TAXONOMIES}", common::CONFIG));
        },
        |site| {
            site.write(
                "content/patrols.md",
                "+++\ntitle = \"Patrols\"\ndescription = \"Our topics, and how topics are chosen.\"\n\
                 [taxonomies]\ntopics = [\"crime\"]\n+++\n",
            );
        },
    );
    assert_eq!((error.line, error.column), (5, 1));
    let hint = error.hint.unwrap();
    assert_eq!(
        hint,
        "declare it in config.toml, on two lines: `[[taxonomies]]`, then `name = \"topics\"`"
    );
    let lines: Vec<&str> = hint.split('`').skip(1).step_by(2).collect();
    let declared: toml::Table = lines.join("\n").parse().unwrap();
    assert_eq!(declared["taxonomies"][0]["name"].as_str(), Some("topics"));
}

#[test]
fn a_priority_that_is_not_in_the_data_is_an_error() {
    let error = common::fails_keeping_last_good_site(
        |site| {
            site.write("config.toml", &format!("{}{TAXONOMIES}", common::CONFIG));
            site.write("data/priorities.toml", PRIORITIES);
        },
        |site| {
            site.write(
                "content/patrols.md",
                "+++\ntitle = \"Patrols\"\n[taxonomies]\npriorities = [\"burglery\"]\n+++\n",
            );
        },
    );
    assert_eq!(error.file, std::path::Path::new("content/patrols.md"));
    assert_eq!(error.line, 4);
    assert!(
        error
            .message
            .contains("`burglery` in priorities is not an id in data/priorities.toml"),
        "{error:?}"
    );
    assert_eq!(error.hint.as_deref(), Some("did you mean `burglary`?"));
}

/// A page is in the site's feed and each of its terms' feeds, its text
/// escaped once for all of them: every feed's entry must carry its own
/// page's text, escaped as Atom's `type="html"` wants, and its summary
/// where it has one.
#[test]
fn every_feed_carries_each_pages_own_text_escaped() {
    let site = site();
    site.append(
        "content/marking.md",
        "\nBring <b>your</b> bike & frame number.\n",
    );
    site.write(
        "content/patrols.md",
        "+++\ntitle = \"Summer patrols\"\ndate = 2026-07-01\n\
         [taxonomies]\nareas = [\"Canvey Island\", \"Rayleigh\"]\npriorities = [\"asb\", \"burglary\"]\n+++\n\
         Patrols in the evenings.\n\n<!-- more -->\n\nThe rest, not in feeds.\n",
    );
    site.build().unwrap();
    let feeds = [
        "atom.xml",
        "areas/rayleigh/atom.xml",
        "areas/canvey-island/atom.xml",
    ];
    for feed in feeds {
        let raw = site.read(feed);
        let xml = scraper::Html::parse_document(&raw);
        let titles = texts(&xml, "entry > title");
        let contents = texts(&xml, "entry > content");
        assert_eq!(titles.len(), contents.len(), "{feed}");
        assert!(titles.iter().any(|t| t == "Summer patrols"), "{feed}");
        for (title, content) in titles.iter().zip(&contents) {
            // The content element's text is the page's HTML, once unescaped
            // (`texts` joins its lines with a space).
            let expected = match title.as_str() {
                "Summer patrols" => "<p>Patrols in the evenings.</p>",
                // Raw HTML in Markdown is shown as text, so escaped twice.
                "Property marking" => {
                    "<p>Mark your bike.</p> <p>Bring &lt;b&gt;your&lt;/b&gt; bike &amp; frame number.</p>"
                }
                other => panic!("{feed}: {other} is not in any feed"),
            };
            assert_eq!(content, expected, "{feed}: {title}");
        }
        assert!(!raw.contains("not in feeds"), "{feed}");
    }
}
