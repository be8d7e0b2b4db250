//! Every kind of bad input gives one clear error naming file, line and column
//! with a hint, and leaves the last good `public/` exactly as it was.

mod common;

use std::fs;
use std::process::Command;

use common::{Site, place};
use lamplight::Diagnostic;

fn fails_keeping_last_good_site(break_it: impl FnOnce(&Site)) -> Diagnostic {
    common::fails_keeping_last_good_site(|_| {}, break_it)
}

#[test]
fn malformed_toml_in_front_matter() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "content/about.md",
            "+++\ntitle = \"About\"\ndescription = \"no closing quote\n+++\n",
        );
    });
    // toml notices the missing quote where the line ends.
    assert_eq!(place(&d), ("content/about.md".into(), 3, 32));
    assert!(d.message.starts_with("invalid TOML in front matter"), "{d}");
    assert!(d.hint.unwrap().contains("double quotes"));
}

#[test]
fn missing_closing_front_matter_fence() {
    let d = fails_keeping_last_good_site(|site| {
        site.write("content/about.md", "+++\ntitle = \"About\"\n\n# About us\n");
    });
    assert_eq!(place(&d), ("content/about.md".into(), 1, 1));
    assert_eq!(d.message, "the front matter opened here is never closed");
}

#[test]
fn missing_front_matter_altogether() {
    let d = fails_keeping_last_good_site(|site| {
        site.write("content/about.md", "# About us\n");
    });
    assert_eq!(place(&d), ("content/about.md".into(), 1, 1));
    assert!(d.message.contains("does not start with front matter"));
}

#[test]
fn unknown_front_matter_key_suggests_the_nearest() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "content/about.md",
            "+++\ntitle = \"About\"\ndescripion = \"x\"\n+++\n",
        );
    });
    assert_eq!(place(&d), ("content/about.md".into(), 3, 1));
    assert_eq!(d.message, "unknown key `descripion` in front matter");
    assert!(d.hint.unwrap().starts_with("did you mean `description`?"));
}

#[test]
fn bad_date() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "content/about.md",
            "+++\ntitle = \"About\"\ndate = \"31/07/2017\"\n+++\n",
        );
    });
    assert_eq!(place(&d), ("content/about.md".into(), 3, 8));
    assert!(d.message.contains("is written day/month/year"), "{d}");
    // The same date, the way Lamplight reads it.
    assert_eq!(
        d.hint.unwrap(),
        "write `date = 2017-07-31` for 31 July 2017"
    );
}

#[test]
fn impossible_date() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "content/about.md",
            "+++\ntitle = \"About\"\ndate = 2017-02-30\n+++\n",
        );
    });
    assert_eq!(place(&d), ("content/about.md".into(), 3, 8));
}

#[test]
fn missing_template_named_in_front_matter() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "content/about.md",
            "+++\ntitle = \"About\"\ntemplate = \"pgae.html\"\n+++\n# About us\n\nWho we are.\n",
        );
    });
    assert_eq!(place(&d), ("content/about.md".into(), 3, 12));
    assert_eq!(d.message, "there is no template `pgae.html`");
    // A build lets go of the body once it is rendered; the front matter
    // the message quotes is kept.
    assert!(d.render(false).contains("template = \"pgae.html\""), "{d}");
    assert!(d.hint.unwrap().starts_with("did you mean `page.html`?"));
}

#[test]
fn missing_template_in_the_theme() {
    // Another theme than the default: nothing built in lies under it.
    let d = fails_keeping_last_good_site(|site| {
        let themes = site.root().join("themes");
        fs::rename(themes.join("default"), themes.join("civic")).unwrap();
        fs::remove_file(themes.join("civic/templates/page.html")).unwrap();
        site.write(
            "config.toml",
            &common::CONFIG.replace("base_url", "theme = \"civic\"\nbase_url"),
        );
    });
    assert_eq!(d.file.to_string_lossy(), "themes/civic/templates/page.html");
    assert!(d.message.contains("the theme has no `page.html`"), "{d}");
}

#[test]
fn tera_syntax_error_names_template_line_and_column() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "templates/page.html",
            "<h1>{{ page.title }}</h1>\n<p>{% if page.date %}dated</p>\n",
        );
    });
    assert_eq!(d.file.to_string_lossy(), "templates/page.html");
    assert_eq!(d.line, 2, "{d}");
    assert!(d.column > 0, "{d}");
}

#[test]
fn undefined_variable_in_a_template_names_the_variable_and_the_page() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "templates/page.html",
            "<h1>{{ page.title }}</h1>\n<p>{{ page.sumary }}</p>\n",
        );
    });
    assert_eq!(place(&d), ("templates/page.html".into(), 2, 12));
    assert!(d.message.contains("sumary"), "{d}");
    assert!(d.hint.unwrap().contains("while rendering content/about.md"));
}

#[test]
fn a_page_failing_after_others_were_written_leaves_no_trace_of_them() {
    // build writes each page into its staging folder as soon as it is
    // rendered, so by the time this page fails most of the others are on
    // disk: none may reach public/, and the staging folder must go.
    let d = fails_keeping_last_good_site(|site| {
        for n in 0..200 {
            site.write(
                &format!("content/news/item-{n:03}.md"),
                &format!("+++\ntitle = \"Item {n}\"\n+++\nText {n}.\n"),
            );
        }
        site.write("content/news/_index.md", "+++\ntitle = \"News\"\n+++\n");
        site.write(
            "content/news/odd.md",
            "+++\ntitle = \"Odd\"\ntemplate = \"odd.html\"\n+++\n",
        );
        site.write(
            "templates/odd.html",
            "{{ page.title }}\n{{ no_such_thing }}\n",
        );
    });
    assert_eq!(place(&d), ("templates/odd.html".into(), 2, 4));
    assert!(
        d.hint
            .unwrap()
            .contains("while rendering content/news/odd.md")
    );
}

#[test]
fn template_extending_a_missing_parent() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "templates/page.html",
            "{% extends \"layout.html\" %}{% block content %}{% endblock content %}",
        );
    });
    assert!(d.message.contains("layout.html"), "{d}");
    assert_eq!(d.file.to_string_lossy(), "templates/page.html");
    assert_eq!(d.line, 1);
}

#[test]
fn broken_internal_link_names_file_and_line() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "content/about.md",
            "+++\ntitle = \"About\"\n+++\nIntro.\n\nSee [the plan](@/plan.md).\n",
        );
    });
    assert_eq!(place(&d), ("content/about.md".into(), 6, 5));
    assert_eq!(d.message, "link to `@/plan.md`, which does not exist");
}

#[test]
fn broken_link_suggests_a_near_miss() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "content/about.md",
            "+++\ntitle = \"About\"\n+++\n[x](@/abut.md)\n",
        );
    });
    assert_eq!(d.hint.as_deref(), Some("did you mean `@/about.md`?"));
}

#[test]
fn unknown_config_key_suggests_the_nearest() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "config.toml",
            &common::CONFIG.replacen("title =", "titel =", 1),
        );
    });
    assert_eq!(place(&d), ("config.toml".into(), 1, 1));
    assert_eq!(d.message, "unknown key `titel` in config.toml");
    assert!(d.hint.unwrap().starts_with("did you mean `title`?"));
}

#[test]
fn missing_config_file() {
    let d = fails_keeping_last_good_site(|site| {
        fs::remove_file(site.root().join("config.toml")).unwrap();
    });
    assert_eq!(d.file.to_string_lossy(), "config.toml");
    assert!(d.message.contains("cannot read config.toml"));
}

#[test]
fn unknown_theme_lists_the_available_ones() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "config.toml",
            &common::CONFIG.replace("base_url", "theme = \"dark\"\nbase_url"),
        );
    });
    assert!(d.message.contains("the theme `dark`"));
    assert_eq!(
        d.hint.as_deref(),
        Some("set theme to one of: default (the default theme is built in)")
    );
}

#[test]
fn file_that_is_not_utf8() {
    let d = fails_keeping_last_good_site(|site| {
        fs::write(
            site.root().join("content/about.md"),
            b"+++\ntitle = \"Caf\xe9\"\n+++\n",
        )
        .unwrap();
    });
    assert_eq!(place(&d), ("content/about.md".into(), 2, 13));
    assert_eq!(d.message, "the file is not UTF-8 text");
}

#[test]
fn alias_that_leaves_the_site() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "content/about.md",
            "+++\ntitle = \"About\"\naliases = [\"/../../etc/x\"]\n+++\nWho we are.\n",
        );
    });
    assert_eq!(place(&d), ("content/about.md".into(), 3, 12));
    assert!(
        d.render(false).contains("aliases = [\"/../../etc/x\"]"),
        "{d}"
    );
    assert!(d.message.contains("cannot be used as an alias"));
}

#[test]
fn several_broken_files_are_all_reported() {
    let site = Site::new();
    site.write("content/a.md", "+++\ntitel = \"A\"\n+++\n")
        .write(
            "content/b.md",
            "+++\ntitle = \"B\"\n+++\n[x](@/nowhere.md)\n",
        )
        .write("content/c.md", "no front matter\n");
    let err = site.build().unwrap_err();
    let files: Vec<_> = err
        .0
        .iter()
        .map(|d| d.file.to_string_lossy().into_owned())
        .collect();
    // The files that cannot be read are left out, and the rest's links
    // checked in the same run: one build lists all three.
    assert_eq!(files, ["content/a.md", "content/b.md", "content/c.md"]);
}

#[test]
fn the_command_line_exits_1_and_prints_file_line_and_column() {
    let site = Site::new();
    site.write(
        "content/about.md",
        "+++\ntitle = \"About\"\ndate = 2017-13-01\n+++\n",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .args(["build", "--root"])
        .arg(site.root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("--> content/about.md:3:8"), "{stderr}");
    assert!(stderr.contains("help: "), "{stderr}");
    assert!(stderr.contains("Build failed with 1 error"), "{stderr}");
    assert!(
        !stderr.contains("\u{1b}["),
        "no colour codes when not on a terminal"
    );
}

#[test]
fn the_command_line_builds_and_reports_a_summary() {
    let site = Site::new();
    let output = Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--output-dir")
        .arg(site.root().join("out"))
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("Built 0 pages and 1 section:"),
        "{stdout}"
    );
    assert!(site.root().join("out/index.html").exists());
}

/// A template that includes one that is not there is pointed at the name
/// it asks for, with the nearest template's name.
#[test]
fn template_including_a_missing_template() {
    let d = fails_keeping_last_good_site(|site| {
        site.write(
            "templates/page.html",
            "<h1>{{ page.title }}</h1>\n{% include \"partials/heder.html\" %}\n",
        );
    });
    assert_eq!(place(&d), ("templates/page.html".into(), 2, 13), "{d}");
    assert_eq!(d.message, "there is no template `partials/heder.html`");
    assert_eq!(
        d.hint.as_deref(),
        Some("did you mean `partials/header.html`?")
    );
}

/// A misspelt key in a footer link in config.toml was blamed on the theme's
/// footer template, which the officer never wrote: it is now pointed at
/// the entry in config.toml, at the misspelt key.
#[test]
fn a_misspelt_key_in_a_config_entry_is_blamed_on_config_toml() {
    let d = fails_keeping_last_good_site(|site| {
        let config = format!(
            "{}\n[extra]\nfooter_links = [\n  {{ titel = \"Events\", path = \"events/\" }},\n]\n",
            common::CONFIG
        );
        site.write("config.toml", &config);
    });
    assert_eq!(d.file.to_string_lossy(), "config.toml", "{d}");
    assert_eq!(d.message, "this entry in config.toml has no `title`");
    let line = d.render(false);
    assert!(line.contains("{ titel = \"Events\""), "{line}");
    assert_eq!(d.column, 5, "{d}");
    assert!(
        d.hint
            .unwrap()
            .starts_with("did you mean `title` for `titel`?")
    );
}
