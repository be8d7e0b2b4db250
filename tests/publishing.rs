//! Only what is meant reaches the published site: nothing from outside the
//! site folder, no editor's backup, nothing of a draft, no file a browser
//! would run as part of the site unless someone named it, and no page saved
//! with the wrong ending published as raw text.

mod common;

use std::fs;

use common::Site;

/// A folder outside the site standing in for `/etc`.
fn secrets() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("passwd"), "root:x:0:0").unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn source_folders_linked_to_outside_the_site_are_refused() {
    use std::os::unix::fs::symlink;
    let outside = secrets();
    for folder in ["static", "themes/default/static", "content", "templates"] {
        let site = Site::new();
        let path = site.root().join(folder);
        if path.exists() {
            fs::rename(&path, site.root().join("moved-away")).unwrap();
        }
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(outside.path(), &path).unwrap();
        let err = site.build().expect_err(folder);
        let message = err.to_string();
        assert!(
            message.contains("outside the site folder"),
            "{folder}: {message}"
        );
        assert!(!site.public("passwd").exists(), "{folder}");
    }
}

#[cfg(unix)]
#[test]
fn a_source_folder_linked_within_the_site_is_fine() {
    let site = Site::new();
    site.write("shared/static/note.txt", "hello");
    std::os::unix::fs::symlink("shared/static", site.root().join("static")).unwrap();
    site.build().unwrap();
    assert_eq!(site.read("note.txt"), "hello");
}

#[test]
fn a_draft_bundle_publishes_nothing_at_all() {
    let site = Site::new();
    site.write(
        "content/review/index.md",
        "+++\ntitle = \"Case review\"\ndraft = true\n+++\nNot yet.\n",
    );
    site.write("content/review/minutes.txt", "confidential minutes");
    site.write("content/review/photos/one.jpg", "jpeg");
    site.build().unwrap();
    let files = site.published();
    assert!(
        !files
            .iter()
            .any(|f| f.contains("minutes") || f.contains("one.jpg")),
        "{files:?}"
    );
    // With --drafts, the preview shows them beside the page.
    site.build_with(|o| o.drafts = true).unwrap();
    assert!(site.public("review/minutes.txt").is_file());
}

#[test]
fn editors_backups_are_never_published() {
    let site = Site::new();
    site.write(
        "content/team/index.md",
        "+++\ntitle = \"Team\"\n+++\nThe team.\n",
    );
    for leftover in [
        "content/team/index.md~",
        "content/team/index.md.orig",
        "content/team/index.md.bak",
        "content/team/#index.md#",
        "content/team/~$minutes.docx",
        "static/site.css~",
        "static/old.css.bak",
    ] {
        site.write(
            leftover,
            "+++\ntitle = \"Team\"\ndraft = true\n+++\nA draft's words.\n",
        );
    }
    site.build().unwrap();
    let files = site.published();
    for file in &files {
        assert!(
            !file.ends_with('~')
                && !file.contains(".orig")
                && !file.contains(".bak")
                && !file.contains('#')
                && !file.contains("~$"),
            "{file} was published: {files:?}"
        );
    }
}

#[test]
fn a_page_saved_with_the_wrong_ending_is_not_published_raw_and_is_warned_about() {
    let site = Site::new();
    site.write("content/about/_index.md", "+++\ntitle = \"About\"\n+++\n");
    site.write(
        "content/about/team.md.txt",
        "+++\ntitle = \"Team\"\n+++\nPhone numbers.\n",
    );
    site.write(
        "content/about/Board.MD",
        "+++\ntitle = \"Board\"\n+++\nNames.\n",
    );
    let summary = site.build().unwrap();
    let files = site.published();
    assert!(
        !files
            .iter()
            .any(|f| f.contains("team.md") || f.contains("Board")),
        "{files:?}"
    );
    let warned: Vec<_> = summary.warnings.iter().map(|w| w.file.clone()).collect();
    assert_eq!(warned.len(), 2, "{warned:?}");
    let hints: Vec<_> = summary
        .warnings
        .iter()
        .filter_map(|w| w.hint.clone())
        .collect();
    assert!(hints.iter().any(|h| h.contains("`team.md`")), "{hints:?}");
    let report = common::check(site.root());
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == Some("not-published")),
        "check must report it too"
    );
}

#[test]
fn active_files_in_content_are_refused_unless_named_in_config() {
    for name in ["evil.html", "map.svg", "tracker.js", "page.xhtml"] {
        let site = Site::new();
        site.write(
            "content/review/index.md",
            "+++\ntitle = \"Review\"\n+++\nText.\n",
        );
        site.write(
            &format!("content/review/{name}"),
            "<script>alert(1)</script>",
        );
        let err = site.build().expect_err(name);
        let d = &err.0[0];
        assert_eq!(d.file, std::path::Path::new("content/review").join(name));
        assert!(d.message.contains("browser would run"), "{d}");
        assert!(!site.public(&format!("review/{name}")).exists());
    }
    let site = Site::new();
    site.write(
        "content/review/index.md",
        "+++\ntitle = \"Review\"\n+++\nText.\n",
    );
    site.write(
        "content/review/map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "config.toml",
        &format!(
            "{}\n[security]\nallow_active_files = [\"review/map.svg\"]\n",
            common::CONFIG
        ),
    );
    site.build().unwrap();
    assert!(site.public("review/map.svg").is_file());
}

/// TOML puts every line after `[extra]` into `extra`, where nothing reads
/// Lamplight's own settings: a draft was published, a quick exit dropped.
#[test]
fn lamplights_own_keys_under_extra_are_errors_at_their_line() {
    for (front_matter, key, line, wording) in [
        (
            "[extra]\nnote = 1\ndraft = true\n",
            "draft",
            5,
            "is under [extra]",
        ),
        (
            "[extra]\nsensitive = true\n",
            "sensitive",
            4,
            "is under [extra]",
        ),
        (
            "[extra]\nsensitve = true\n",
            "sensitve",
            4,
            "misspelling of `sensitive`",
        ),
        (
            "[extra.theme]\nfindabel = true\n",
            "findabel",
            4,
            "misspelling of `findable`",
        ),
        (
            "[extra.theme]\ndraft = true\n",
            "draft",
            4,
            "is under [extra.theme]",
        ),
        // Below other tables serde says "unknown key" or "invalid type",
        // with hints that point the wrong way.
        (
            "[event]\nstart = 2026-07-01\ndraft = true\n",
            "draft",
            5,
            "is under [event]",
        ),
        (
            "[taxonomies]\nareas = [\"Rayleigh\"]\nsensitive = true\n",
            "sensitive",
            5,
            "is under [taxonomies]",
        ),
    ] {
        let error = common::fails_keeping_last_good_site(
            |_| {},
            |site| {
                site.write(
                    "content/refuge.md",
                    &format!("+++\ntitle = \"Refuge\"\n{front_matter}+++\nPrivate.\n"),
                );
            },
        );
        assert_eq!(
            common::place(&error),
            ("content/refuge.md".into(), line, 1),
            "{front_matter}"
        );
        assert!(
            error.message.contains(key) && error.message.contains(wording),
            "{error}"
        );
        assert!(error.hint.unwrap().contains("above the first [table] line"));
    }
}

#[test]
fn a_themes_own_keys_in_extra_are_left_alone() {
    let site = Site::new();
    site.write(
        "content/about.md",
        "+++\ntitle = \"About\"\n[extra]\ncraft = \"pottery\"\nhero = { title = \"Hi\", drafted_by = \"Sam\" }\n[extra.card]\ntitle = \"About us\"\n+++\nText.\n",
    );
    site.build().unwrap();
}

#[test]
fn a_config_setting_written_below_extra_is_an_error_at_its_line() {
    for (tail, line) in [
        ("[extra]\ncurrent_plan = \"2016/17\"\n", 9),
        ("[extra.contact]\ncurrent_plan = \"2016/17\"\n", 9),
        ("[extra]\ntheme = \"dark\"\n", 9),
        ("[markdown]\ncurrent_plan = \"2016/17\"\n", 9),
    ] {
        let site = Site::new();
        site.write("config.toml", &format!("{}{tail}", common::CONFIG));
        let err = site.build().expect_err(tail);
        let d = &err.0[0];
        assert_eq!(
            common::place(d),
            ("config.toml".into(), line, 1),
            "{tail}: {d}"
        );
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .contains("above the first [table] line")
        );
    }
}

/// Control characters, typed or as TOML escapes, made atom.xml ill-formed
/// and put NUL bytes into pages and the calendar. They are errors at their
/// place, in content, data and config alike.
#[test]
fn control_characters_are_errors_where_they_are_written() {
    for (file, text, line, column) in [
        (
            "content/news.md",
            "+++\ntitle = \"Open day\\u0000\"\n+++\nText.\n",
            2,
            18,
        ),
        (
            "content/news.md",
            "+++\ntitle = \"Open day\"\n+++\nText\u{1}.\n",
            4,
            5,
        ),
        (
            "content/news.md",
            "+++\ntitle = \"Open day\"\nevent = { start = 2026-07-01, location = \"Hall\\u001b\" }\n+++\n",
            3,
            47,
        ),
        (
            "data/partners.toml",
            "[[partner]]\nid = \"police\"\nname = \"Police\\u0007\"\nkind = \"statutory\"\n",
            3,
            15,
        ),
    ] {
        let error = common::fails_keeping_last_good_site(
            |_| {},
            |site| {
                site.write(file, text);
            },
        );
        assert_eq!(
            common::place(&error),
            (file.into(), line, column),
            "{text:?}: {error}"
        );
        assert!(
            error.message.contains("invisible control character"),
            "{error}"
        );
    }
}
