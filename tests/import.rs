//! `lamplight import zola`, end to end, on a fixture Zola site written in
//! the shape of real ones: Zola's config keys, a theme with shortcodes,
//! Tera 1 in templates, front matter naming the site's templates, a script
//! in a page bundle, a translation, Sass.

mod common;

use std::fs;
use std::path::Path;

use lamplight::import::{self, What};

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn zola_site(root: &Path) {
    write(
        root,
        "config.toml",
        r#"base_url = "https://blog.example.org"
title = "A Zola blog"
theme = "even"
compile_sass = true
build_search_index = true
default_language = "en"
generate_feeds = true
taxonomies = [{ name = "tags", feed = true }]

[languages.fr]
title = "Un blog"
taxonomies = [{ name = "tags", feed = true, render = true }]

[markdown]
highlight_code = true
highlight_theme = "base16-ocean-dark"
render_emoji = true

[extra]
author = "Sam"
"#,
    );
    write(
        root,
        "content/_index.md",
        "+++\npaginate_by = 2\nsort_by = \"date\"\n+++\n",
    );
    for (i, day) in ["01", "02", "03"].iter().enumerate() {
        write(
            root,
            &format!("content/post-{i}.md"),
            &format!(
                "+++\ntitle = \"Post {i}\"\ndate = 2020-01-{day}\n[taxonomies]\ntags = [\"Rust\"]\n+++\n{{{{ note(text=\"Hello\" level=2) }}}}\n"
            ),
        );
    }
    write(
        root,
        "content/post-0.fr.md",
        "+++\ntitle = \"Billet\"\n[taxonomies]\ntags = [\"Rust\"]\n+++\n",
    );
    write(
        root,
        "content/about.md",
        "+++\ntitle = \"About\"\ntemplate = \"about.html\"\npath = \"who-we-are\"\n+++\n{{ macro_box() }}\n",
    );
    write(
        root,
        "content/demo/index.md",
        "+++\ntitle = \"Demo\"\n+++\n",
    );
    write(root, "content/demo/app.js", "console.log('demo');\n");
    write(root, "static/img/logo.png", "not really a png");
    write(root, "sass/site.scss", "body { color: red; }\n");
    write(
        root,
        "templates/about.html",
        "{% extends \"index.html\" %}\n",
    );
    write(
        root,
        "templates/shortcodes/note.html",
        "<p class=\"note{% if text is starting_with(\"H\") %} greeting{% endif %}\">{{ text }} ({{ level }})</p>",
    );
    write(
        root,
        "themes/even/templates/shortcodes/macro_box.html",
        "{% import \"macros.html\" as m %}{{ m::box(title=\"Inside \" ~ 1) }}",
    );
    write(
        root,
        "themes/even/templates/macros.html",
        "{% macro box(title=\"Box\") %}<div class=\"box\">{{ title }}</div>{% endmacro box %}",
    );
    write(
        root,
        "templates/shortcodes/gone.html",
        "{% import \"gone.html\" as g %}{{ g::x() }}",
    );
    write(root, "themes/even/templates/index.html", "<html></html>");
}

/// The fixture Zola site in a new folder, with where to import it to.
fn fixture() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("zola-blog");
    let dest = dir.path().join("lamplight-blog");
    zola_site(&src);
    (dir, src, dest)
}

/// Builds the imported site at `dest` into `public/` beside it.
fn build_imported(dir: &Path, dest: &Path) -> std::path::PathBuf {
    let out = dir.join("public");
    let options = lamplight::site::BuildOptions {
        root: dest.to_path_buf(),
        output_dir: Some(out.clone()),
        ..Default::default()
    };
    lamplight::site::build(&options).unwrap();
    out
}

#[test]
fn a_zola_site_moves_in_one_command_keeping_its_addresses() {
    let (dir, src, dest) = fixture();
    let before = common::snapshot(&src);

    let report = import::zola(&src, &dest).unwrap();
    assert!(report.build_errors.is_none(), "{:?}", report.build_errors);
    assert_eq!(
        common::snapshot(&src),
        before,
        "import wrote into the Zola site"
    );

    let lines = |what: What| -> Vec<String> {
        report
            .of(what)
            .map(|l| format!("{}:{} {}", l.file, l.line, l.message))
            .collect()
    };
    let dropped = lines(What::Dropped).join("\n");
    for key in [
        "compile_sass",
        "build_search_index",
        "generate_feeds",
        "markdown.highlight_theme",
        "markdown.render_emoji",
    ] {
        assert!(
            dropped.contains(&format!("`{key}`")),
            "{key} not reported dropped:\n{dropped}"
        );
    }
    let changed = lines(What::Changed).join("\n");
    assert!(
        changed.contains("content/about.md:3 `template = \"about.html\"` taken out"),
        "{changed}"
    );
    assert!(changed.contains("content/demo/app.js"), "{changed}");
    assert!(
        changed.contains("templates/shortcodes/note.html"),
        "{changed}"
    );
    let not_moved = lines(What::NotMoved).join("\n");
    let kept = lines(What::Kept).join("\n");
    assert!(kept.contains("content/post-0.fr.md"), "{kept}");
    assert!(kept.contains("[languages.fr] title"), "{kept}");
    // Macros became components, and the shortcode calling them is kept.
    assert!(
        kept.contains("themes/even/templates/shortcodes/macro_box.html"),
        "{kept}"
    );
    assert!(
        changed.contains("themes/even/templates/macros.html:0 used by the shortcodes: in templates/zola/macros.html, its macros as Tera 2 components"),
        "{changed}"
    );
    // A shortcode importing a file the site lacks is a stand-in, named.
    assert!(
        not_moved.contains("templates/shortcodes/gone.html:0 Tera 2 cannot read it (it uses `gone.html`, which the site does not have)"),
        "{not_moved}"
    );
    assert!(not_moved.contains("sass"), "{not_moved}");
    assert!(
        lines(What::Mapped)
            .join("\n")
            .contains("`default_language` → `language`")
    );

    // The new site builds, at Zola's addresses.
    let out = build_imported(dir.path(), &dest);
    // The shortcode Tera 2 cannot read is a stand-in that shows nothing,
    // its original kept to rewrite from; so are the templates the default
    // theme replaces.
    let kept = dest.join("zola-templates");
    assert!(kept.join("templates/shortcodes/gone.html").exists());
    let about = fs::read_to_string(out.join("who-we-are/index.html")).unwrap();
    assert!(
        about.contains("<div class=\"box\">Inside 1</div>"),
        "{about}"
    );
    assert!(kept.join("templates/about.html").exists());
    for address in [
        "index.html",
        "page/2/index.html",
        "page/1/index.html",
        "post-0/index.html",
        "who-we-are/index.html",
        "demo/index.html",
        "demo/app.js",
        "tags/rust/index.html",
        "tags/index.html",
        "img/logo.png",
    ] {
        assert!(out.join(address).exists(), "{address} missing");
    }
    assert!(!out.join("post-0-fr/index.html").exists());
    // The translation, where Zola publishes it.
    assert!(out.join("fr/post-0/index.html").exists());
    // Its tags, where Zola lists them.
    assert!(out.join("fr/tags/rust/index.html").exists());
    assert!(out.join("fr/tags/rust/atom.xml").exists());
    let post = fs::read_to_string(out.join("post-1/index.html")).unwrap();
    assert!(
        post.contains("<p class=\"note greeting\">Hello (2)</p>"),
        "{post}"
    );
    // Zola listed a term's pages on one page; so does the import.
    let config = fs::read_to_string(dest.join("config.toml")).unwrap();
    assert!(config.contains("paginate_by = 0"), "{config}");
    assert!(config.contains("language = \"en\""), "{config}");
    assert!(!config.contains("compile_sass"), "{config}");
    // The addresses are recorded, so `check` guards them from now on.
    assert!(dest.join("content/.published-urls").exists());
}

#[test]
fn import_refuses_what_is_not_a_zola_site_and_never_writes_over_files() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("site");
    write(&src, "notes.txt", "not a site");
    let err = import::zola(&src, &dir.path().join("new")).unwrap_err();
    assert!(err.0[0].message.contains("not a Zola site"), "{err:?}");

    zola_site(&src);
    let occupied = dir.path().join("occupied");
    write(&occupied, "keep.txt", "mine");
    let err = import::zola(&src, &occupied).unwrap_err();
    assert!(err.0[0].message.contains("already exists"), "{err:?}");
    assert_eq!(
        fs::read_to_string(occupied.join("keep.txt")).unwrap(),
        "mine"
    );

    let inside = src.join("lamplight");
    let err = import::zola(&src, &inside).unwrap_err();
    assert!(err.0[0].message.contains("inside the Zola site"), "{err:?}");
    assert!(!inside.exists());
}

#[test]
fn a_config_zola_cannot_read_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("site");
    write(
        &src,
        "zola.toml",
        "title = \"A\"\nbase_url = https://x.org\n",
    );
    write(&src, "content/_index.md", "+++\n+++\n");
    let err = import::zola(&src, &dir.path().join("new")).unwrap_err();
    let d = &err.0[0];
    assert_eq!(d.file, Path::new("zola.toml"));
    assert_eq!(d.line, 2, "{d}");
    assert!(!dir.path().join("new").exists());
}

/// A shortcode using Lamplight's own filters and functions (Zola's
/// `markdown` and `load_data` among them) is kept as it is, not replaced
/// by a stand-in: found on welpo/tabi, whose `admonition` and `remote_text`
/// were.
#[test]
fn a_shortcode_using_lamplight_s_own_functions_is_kept() {
    use lamplight::templates::{FILTERS, FUNCTIONS};
    let (dir, src, dest) = fixture();
    // Every name in a branch never taken: the real templates must know
    // each one too, or the site would not build.
    let mut uses = String::from("{% if false %}");
    for filter in FILTERS {
        uses.push_str(&format!("{{{{ body | {filter} }}}}"));
    }
    for function in FUNCTIONS {
        uses.push_str(&format!("{{{{ {function}() }}}}"));
    }
    uses.push_str("{% endif %}{{ body | markdown(inline=true) | safe }}");
    write(&src, "templates/shortcodes/note2.html", &uses);
    write(
        &src,
        "content/uses.md",
        "+++\ntitle = \"Uses\"\n+++\n{% note2() %}Some *words*{% end %}\n",
    );
    let report = import::zola(&src, &dest).unwrap();
    assert!(report.build_errors.is_none(), "{:?}", report.build_errors);
    let kept = fs::read_to_string(dest.join("templates/shortcodes/note2.html")).unwrap();
    assert_eq!(kept, uses, "the shortcode was replaced");
    let out = build_imported(dir.path(), &dest);
    let page = fs::read_to_string(out.join("uses/index.html")).unwrap();
    assert!(page.contains("Some <em>words</em>"), "{page}");
}
