//! The default theme is built in: a site without `themes/default/` is built
//! with it, byte for byte as with the folder, and a site changes one file of
//! it by placing its own.

mod common;

use std::fs;
use std::path::Path;

use common::Site;

fn site_with_pages() -> Site {
    let site = Site::new();
    site.write(
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nWho we are.\n",
    );
    site.append("config.toml", "[languages.cy]\n");
    site.write(
        "content/_index.cy.md",
        "+++\ntitle = \"Hafan\"\n+++\nCroeso.\n",
    );
    site
}

#[test]
fn a_site_without_a_theme_folder_builds_the_same_files_with_the_built_in_theme() {
    let with_folder = site_with_pages();
    with_folder.build().unwrap();
    let without = site_with_pages();
    fs::remove_dir_all(without.root().join("themes")).unwrap();
    without.build().unwrap();
    let (a, b) = (
        common::snapshot(&with_folder.root().join("public")),
        common::snapshot(&without.root().join("public")),
    );
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a.contains_key("css/site.css") && a.contains_key("cy/index.html"));
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs");
    }
    // The Welsh words came from the built-in theme's i18n/cy.toml.
    assert!(String::from_utf8_lossy(&b["cy/index.html"]).contains("lang=\"cy\""));
}

#[test]
fn one_file_in_the_theme_folder_replaces_only_that_file() {
    let site = site_with_pages();
    fs::remove_dir_all(site.root().join("themes")).unwrap();
    site.write(
        "themes/default/templates/partials/footer.html",
        "<footer>Our own footer</footer>",
    );
    site.write("themes/default/static/css/print.css", "/* ours */");
    site.write("static/js/search.js", "// ours too");
    site.build().unwrap();
    let about = site.read("about/index.html");
    assert!(about.contains("<footer>Our own footer</footer>"), "{about}");
    // The rest of the page is still the built-in theme's.
    assert!(about.contains("class=\"skip-link\""), "{about}");
    assert_eq!(site.read("css/print.css"), "/* ours */");
    assert_eq!(site.read("js/search.js"), "// ours too");
    let built_in = lamplight::theme::built_in("static/css/site.css").unwrap();
    assert_eq!(site.read("css/site.css").as_bytes(), built_in);
}

#[test]
fn check_names_the_theme_files_that_keep_a_site_on_an_old_theme() {
    let site = site_with_pages();
    assert!(
        !common::check(site.root())
            .diagnostics
            .iter()
            .any(|d| d.code == Some("theme-copy")),
        "a copy identical to the built-in theme is not reported"
    );
    site.write(
        "themes/default/templates/partials/footer.html",
        "<footer>1.0</footer>",
    );
    let report = common::check(site.root());
    let copies: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Some("theme-copy"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(
        copies[0].file,
        Path::new("themes/default/templates/partials/footer.html")
    );
}

#[test]
fn eject_writes_the_theme_the_site_was_built_with() {
    let site = site_with_pages();
    fs::remove_dir_all(site.root().join("themes")).unwrap();
    site.build().unwrap();
    let before = common::snapshot(&site.root().join("public"));
    let ejected = lamplight::theme::eject(site.root()).unwrap();
    assert_eq!(ejected.written.len(), lamplight::theme::BUILT_IN.len());
    let again = lamplight::theme::eject(site.root()).unwrap();
    assert!(again.written.is_empty());
    assert_eq!(again.kept.len(), lamplight::theme::BUILT_IN.len());
    site.build().unwrap();
    assert!(before == common::snapshot(&site.root().join("public")));
}
