//! Applying an edit to a loaded site (what `serve` does on save) must give
//! the same files as building from scratch, while rendering only the outputs
//! that show the edited file.

mod common;

use std::fs;
use std::path::Path;

use lamplight::render::Rendered;
use lamplight::site::{Edit, Site};

use common::{load, render};

/// Applies the edit made to `relative` and renders again reusing `first`,
/// as `serve` does. When only the page's text changed, `serve` patches the
/// last render instead ([`Site::render_patch`]): that must render the same
/// outputs and leave the same files.
fn render_edit(site: &mut Site, first: Rendered, relative: &str) -> Rendered {
    let edit = site.apply_edit(relative).unwrap();
    assert_ne!(edit, Edit::NeedsLoad, "{relative} is applied in place");
    render_edit_applied(site, first, edit)
}

fn render_edit_applied(site: &mut Site, first: Rendered, edit: Edit) -> Rendered {
    let second = render(site, Some(&first));
    if let Edit::PageText(page) = edit {
        let Rendered {
            mut memo,
            mut files,
            ..
        } = first;
        let patched = site
            .render_patch(&[page], &mut memo, &mut files)
            .unwrap_or_else(|e| panic!("{}", e.render(false)))
            .expect("an edit to a page's text alone is patched");
        assert_eq!(
            patched, second.rendered,
            "the patch renders what a render does"
        );
        assert!(files == second.files, "the patch leaves the same files");
    }
    second
}

fn edit_file(root: &Path, relative: &str, change: impl FnOnce(&str) -> String) {
    let path = root.join("content").join(relative);
    let text = fs::read_to_string(&path).unwrap();
    let changed = change(&text);
    assert_ne!(changed, text, "the edit must change the file");
    fs::write(path, changed).unwrap();
}

/// Loads and renders the example, applies `change` to one file as an edit,
/// renders again reusing the first render, and checks the result against a
/// build from scratch. Returns the outputs the second render rendered.
fn rendered_after_edit(relative: &str, change: impl FnOnce(&str) -> String) -> Vec<String> {
    let dir = common::example_copy();
    let root = dir.path();
    let mut site = load(root);
    let first = render(&site, None);
    assert!(
        first.rendered.len() > 80,
        "a first render renders everything: {}",
        first.rendered.len()
    );

    edit_file(root, relative, change);
    let second = render_edit(&mut site, first, relative);

    let fresh = render(&load(root), None);
    let paths = |r: &Rendered| r.files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(paths(&second), paths(&fresh), "the same files");
    for (path, contents) in &fresh.files {
        assert!(
            second.files[path] == *contents,
            "{path} differs from a build from scratch"
        );
    }
    second.rendered
}

/// An edit to the words above an update's `<!-- more -->`: its summary,
/// which its lists and feeds show.
fn edit_summary(text: &str) -> String {
    let said = "was reported to the Review Committee";
    assert!(text.contains(said));
    text.replace(said, "was reported to the partnership's Review Committee")
}

#[test]
fn editing_an_update_re_renders_it_its_lists_and_the_feed_only() {
    let rendered = rendered_after_edit("updates/2016-07-01-2016-17-q1.md", edit_summary);
    // The update is tagged with two areas, two schemes and three priorities:
    // each of those pages lists it, and each of their feeds carries it.
    let mut tagged = Vec::new();
    for term in [
        "areas/rayleigh",
        "areas/rochford",
        "priorities/acquisitive-crime",
        "priorities/anti-social-behaviour",
        "priorities/safeguarding-vulnerable-people",
        "schemes/crucial-crew",
        "schemes/sanctuary-scheme",
    ] {
        tagged.push(format!("{term}/atom.xml"));
        tagged.push(format!("{term}/index.html"));
    }
    let mut expected: Vec<String> = [
        "atom.xml",
        // The home page shows the latest updates, with their summaries.
        "index.html",
        "updates/2016-17-q1/index.html",
        "updates/index.html",
    ]
    .map(String::from)
    .into();
    expected.extend(tagged);
    expected.sort();
    assert_eq!(rendered, expected);
}

#[test]
fn retagging_a_page_moves_it_from_one_term_page_to_another() {
    let rendered = rendered_after_edit("updates/2016-07-01-2016-17-q1.md", |text| {
        text.replace(
            r#"areas = ["Rayleigh", "Rochford"]"#,
            r#"areas = ["Rayleigh", "Hockley"]"#,
        )
    });
    for moved in [
        // It leaves Rochford's page and feed, and joins Hockley's, a new term…
        "areas/rochford/index.html",
        "areas/rochford/atom.xml",
        "areas/hockley/index.html",
        "areas/hockley/atom.xml",
        // …so the list of areas changes too, and the page's own tags.
        "areas/index.html",
        "updates/2016-17-q1/index.html",
    ] {
        assert!(rendered.iter().any(|r| r == moved), "{moved}: {rendered:?}");
    }
    // Areas it was never in are left alone.
    for untouched in [
        "areas/hullbridge/index.html",
        "areas/canvey-island/atom.xml",
    ] {
        assert!(
            !rendered.iter().any(|r| r == untouched),
            "{untouched}: {rendered:?}"
        );
    }
}

#[test]
fn editing_a_page_re_renders_only_the_pager_that_lists_it() {
    let dir = common::example_copy();
    let root = dir.path();
    // One update a page: 2017 on the first, 2016 on the second, 2004 on the third.
    edit_file(root, "updates/_index.md", |text| {
        text.replace("paginate_by = 10", "paginate_by = 1")
    });
    let mut site = load(root);
    let first = render(&site, None);
    for pager in [
        "updates/index.html",
        "updates/page/2/index.html",
        "updates/page/3/index.html",
    ] {
        assert!(first.files.contains_key(pager), "{pager}");
    }
    let relative = "updates/2016-07-01-2016-17-q1.md";
    edit_file(root, relative, edit_summary);
    let second = render_edit(&mut site, first, relative);
    assert!(
        second
            .rendered
            .contains(&"updates/page/2/index.html".to_string())
    );
    for other in ["updates/index.html", "updates/page/3/index.html"] {
        assert!(
            !second.rendered.contains(&other.to_string()),
            "{other}: {:?}",
            second.rendered
        );
    }
    let fresh = render(&load(root), None);
    assert!(
        fresh.files == second.files,
        "the same files as a build from scratch"
    );
}

#[test]
fn editing_a_page_in_a_section_does_not_re_render_the_menus() {
    let rendered = rendered_after_edit("schemes/street-pastors.md", |text| {
        text.replace("basic first aid", "basic first aid and flip-flops")
    });
    // Its lists (its section's, Rayleigh's) show its title and
    // description, which the edit leaves alone: only the page changes.
    assert_eq!(rendered, ["schemes/street-pastors/index.html"]);
}

#[test]
fn retitling_a_page_re_renders_its_neighbours_links() {
    let rendered = rendered_after_edit("schemes/keep-safe.md", |text| {
        text.replacen("title = \"", "title = \"The ", 1)
    });
    assert!(rendered.contains(&"schemes/keep-safe/index.html".to_string()));
    assert!(rendered.contains(&"schemes/index.html".to_string()));
    let neighbours = rendered
        .iter()
        .filter(|p| {
            p.starts_with("schemes/") && !p.contains("keep-safe") && *p != "schemes/index.html"
        })
        .count();
    assert!(
        neighbours >= 1,
        "the pages before and after it link to it by title: {rendered:?}"
    );
}

#[test]
fn a_new_date_reorders_the_list() {
    let rendered = rendered_after_edit("updates/2004-03-31-action-plan-update.md", |text| {
        text.replace("date = 2004-03-31", "date = 2018-03-31")
    });
    assert!(rendered.contains(&"updates/index.html".to_string()));
    assert!(rendered.contains(&"atom.xml".to_string()));
}

#[test]
fn editing_a_section_intro_reaches_every_menu() {
    let rendered = rendered_after_edit("schemes/_index.md", |text| {
        text.replacen("title = \"", "title = \"Our ", 1)
    });
    for elsewhere in [
        "about/contact/index.html",
        "priorities/index.html",
        "404.html",
    ] {
        assert!(
            rendered.iter().any(|p| p == elsewhere),
            "the main menu on every page names the section, so {elsewhere} shows it"
        );
    }
}

#[test]
fn edits_that_reach_beyond_the_file_ask_for_a_fresh_load() {
    let dir = common::example_copy();
    let root = dir.path();
    let mut site = load(root);
    render(&site, None);
    edit_file(root, "schemes/keep-safe.md", |text| {
        text.replacen("+++\n", "+++\nslug = \"keep-safe-scheme\"\n", 1)
    });
    assert_eq!(
        site.apply_edit("schemes/keep-safe.md").unwrap(),
        Edit::NeedsLoad,
        "a new address changes every link to the page"
    );

    let mut site = load(root);
    edit_file(root, "schemes/street-pastors.md", |text| {
        text.replace("scheme = \"street-pastors\"", "scheme = \"keep-safe\"")
    });
    assert_eq!(
        site.apply_edit("schemes/street-pastors.md").unwrap(),
        Edit::NeedsLoad,
        "a new claim changes the data pages"
    );
    assert_eq!(
        site.apply_edit("no/such/page.md").unwrap(),
        Edit::NeedsLoad,
        "a new file is not an edit"
    );
}

#[test]
fn a_broken_edit_leaves_the_site_as_it_was() {
    let dir = common::example_copy();
    let root = dir.path();
    let mut site = load(root);
    let first = render(&site, None);
    let relative = "schemes/street-pastors.md";
    let good = fs::read_to_string(root.join("content").join(relative)).unwrap();

    edit_file(root, relative, |text| text.replacen("title =", "title ", 1));
    let error = site.apply_edit(relative).unwrap_err();
    assert_eq!(
        error.0[0].file,
        Path::new("content/schemes/street-pastors.md")
    );
    let unchanged = render(&site, Some(&first));
    assert!(unchanged.rendered.is_empty(), "{:?}", unchanged.rendered);

    fs::write(
        root.join("content").join(relative),
        good.replace("first aid", "first-aid"),
    )
    .unwrap();
    let fixed = render_edit(&mut site, unchanged, relative);
    assert_eq!(fixed.rendered, ["schemes/street-pastors/index.html"]);
}

/// The search index after an edit that brings in words no page had and
/// drops one only that page had is the index made from scratch: its words
/// merged into the last order, its shards and documents' chunks rewritten
/// where they changed and copied where not (`search/files.rs`).
#[test]
fn an_edit_with_new_words_leaves_the_search_index_as_a_fresh_build_makes_it() {
    let rendered = rendered_after_edit("schemes/crucial-crew.md", |text| {
        format!("{text}\nQuokkas and zymurgy were discussed at Xylophone Hall.\n")
    });
    // Every file was compared with a build from scratch; and the page
    // itself was rendered again.
    assert!(
        rendered.contains(&"schemes/crucial-crew/index.html".to_string()),
        "{rendered:?}"
    );
}

/// The default theme reads a page's text and contents only on its own
/// page, so the value lists share leaves them out
/// (`lamplight::ser::OwnOnly`): an edit that swaps one word for another
/// after the summary leaves that value as it was. The page, and its words
/// in the search index, must still change, patched or rendered, and
/// nothing that shows only its summary may be rendered again.
#[test]
fn an_edit_that_leaves_a_page_s_shared_value_alone_still_reaches_its_text() {
    let rendered = rendered_after_edit("updates/2016-07-01-2016-17-q1.md", |text| {
        text.replacen("three home inspections", "three home quokkas", 1)
    });
    assert_eq!(rendered, ["updates/2016-17-q1/index.html"]);
}

/// Every page of the example, whatever it is (a priority's, a scheme's, a
/// progress report, an event, a guide page), edited in its text one after
/// another: each patch renders what a render does, and the site at the
/// end is a build from scratch.
#[test]
fn an_edit_to_any_page_s_text_is_patched_as_it_is_rendered() {
    let dir = common::example_copy();
    let root = dir.path();
    // Two to a page, so terms' lists (on theme pages, data's and content
    // pages) have later pages, and sections too.
    let config = fs::read_to_string(root.join("config.toml")).unwrap();
    let paginated = config.replace(
        "[[taxonomies]]\nname = \"",
        "[[taxonomies]]\npaginate_by = 2\nname = \"",
    );
    fs::write(root.join("config.toml"), paginated).unwrap();
    let mut site = load(root);
    let mut last = render(&site, None);
    assert!(last.files.contains_key("areas/rayleigh/page/2/index.html"));
    let record = "priorities/safeguarding-vulnerable-people/page/2/index.html";
    assert!(last.files.contains_key(record));
    let pages: Vec<String> = site
        .library
        .pages
        .iter()
        .map(|page| page.file.relative.clone())
        .collect();
    let mut patched = 0;
    for relative in &pages {
        edit_file(root, relative, |text| {
            format!("{text}\nThe partners reviewed this page in 2026.\n")
        });
        let edit = site.apply_edit(relative).unwrap();
        if matches!(edit, Edit::PageText(_)) {
            patched += 1;
        }
        last = render_edit_applied(&mut site, last, edit);
    }
    assert_eq!(
        patched,
        pages.len(),
        "every edit was to a page's text alone"
    );
    let fresh = render(&load(root), None);
    assert!(
        fresh.files == last.files,
        "the same files as a build from scratch"
    );
}

/// A template that lists a taxonomy with `get_taxonomy` shows its pages'
/// text: an edit to the text of a page in it reaches that output, patched
/// or rendered, as a build from scratch would make it.
#[test]
fn an_edit_reaches_a_template_that_looked_up_a_taxonomy() {
    let dir = common::example_copy();
    let root = dir.path();
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/area-texts.html"),
        "{% set areas = get_taxonomy(kind=\"areas\") %}{% for term in areas.items %}{% for p in term.pages %}<section>{{ p.content | safe }}</section>{% endfor %}{% endfor %}",
    )
    .unwrap();
    fs::write(
        root.join("content/area-texts.md"),
        "+++\ntitle = \"Every area\"\ntemplate = \"area-texts.html\"\n+++\n",
    )
    .unwrap();
    let mut site = load(root);
    let first = render(&site, None);
    let relative = "events/crucial-crew-2016.md";
    edit_file(root, relative, |text| {
        format!("{text}\nA sentence added in 2026.\n")
    });
    let second = render_edit(&mut site, first, relative);
    assert!(
        second.rendered.iter().any(|p| p == "area-texts/index.html"),
        "{:?}",
        second.rendered
    );
    let lamplight::output::Contents::Text(page) = &second.files["area-texts/index.html"] else {
        panic!("rendered in memory");
    };
    assert!(page.contains("A sentence added in 2026."));
}
