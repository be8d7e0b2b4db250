//! `content/glossary.toml`: first uses marked on every page, the glossary
//! page, its errors, and `check`'s warning about abbreviations it lacks.

mod common;

use common::{Site, attrs, texts};

const GLOSSARY: &str = r#"[[term]]
abbreviation = "ASB"
meaning = "anti-social behaviour"
explanation = "Nuisance, intimidation and disorder."

[[term]]
abbreviation = "DHR"
meaning = "domestic homicide review"
"#;

fn site() -> Site {
    let site = Site::new();
    site.write("content/glossary.toml", GLOSSARY);
    site.write(
        "content/asb.md",
        "+++\ntitle = \"Tackling ASB\"\n+++\n## ASB teams\n\n\
         The [ASB team](/asb/) meets monthly. ASB is down; ASB reports are up.\n\n\
         A DHR was completed.\n",
    );
    site
}

#[test]
fn the_first_use_on_each_page_is_explained() {
    let site = site();
    site.build().unwrap();
    let html = site.html("asb/index.html");
    assert_eq!(
        attrs(&html, "main abbr", "title"),
        ["anti-social behaviour", "domestic homicide review"],
        "one each: not in the title, the heading or the link, and only once"
    );
    assert_eq!(texts(&html, "main p abbr"), ["ASB", "DHR"]);
    assert_eq!(texts(&html, "main h2"), ["ASB teams"]);
    assert_eq!(texts(&html, "main a[href='/asb/']"), ["ASB team"]);
}

#[test]
fn the_glossary_page_lists_every_term() {
    let site = site();
    site.build().unwrap();
    let html = site.html("glossary/index.html");
    assert_eq!(texts(&html, "dt"), ["ASB", "DHR"]);
    assert_eq!(attrs(&html, "dt", "id"), ["asb", "dhr"]);
    assert_eq!(
        texts(&html, "dd .glossary-explanation"),
        ["Nuisance, intimidation and disorder."]
    );
}

#[test]
fn a_term_listed_twice_is_an_error_at_the_second() {
    let error = common::fails_keeping_last_good_site(
        |site| {
            site.write("content/glossary.toml", GLOSSARY);
        },
        |site| {
            site.write(
                "content/glossary.toml",
                &format!("{GLOSSARY}\n[[term]]\nabbreviation = \"ASB\"\nmeaning = \"again\"\n"),
            );
        },
    );
    assert_eq!(error.file, std::path::Path::new("content/glossary.toml"));
    assert_eq!((error.line, error.column), (11, 16), "{error:?}");
    assert!(error.message.contains("already in the glossary, on line 2"));
}

#[test]
fn a_misspelt_key_is_an_error_with_a_suggestion() {
    let error = common::fails_keeping_last_good_site(
        |_| {},
        |site| {
            site.write(
                "content/glossary.toml",
                "[[term]]\nabbreviation = \"ASB\"\nmeanign = \"anti-social behaviour\"\n",
            );
        },
    );
    assert_eq!(error.file, std::path::Path::new("content/glossary.toml"));
    assert_eq!(error.line, 3);
    assert!(
        error
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("meaning"),
        "{error:?}"
    );
}

#[test]
fn check_warns_about_abbreviations_the_glossary_lacks() {
    let site = site();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\ndescription = \"Home.\"\n+++\n",
    );
    site.write(
        "content/patrols.md",
        "+++\ntitle = \"Patrols\"\ndescription = \"Patrols.\"\n+++\n\
         ASB patrols by PCSO teams, J9 venues and Q1 figures. Another PCSO.\n\n```\nNOT CHECKED\n```\n",
    );
    let report = common::check(site.root());
    let abbreviations: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Some("abbreviation"))
        .map(|d| {
            (
                d.file.display().to_string(),
                d.line,
                d.column,
                d.message.clone(),
            )
        })
        .collect();
    assert_eq!(
        abbreviations,
        [(
            "content/patrols.md".to_string(),
            5,
            16,
            "`PCSO` is not in the glossary".to_string()
        )],
        "once per page; not ASB (defined), J9 or Q1 (one letter), nor code"
    );
    // The lines the hint names, put in the glossary file, are a term.
    let hint = report
        .diagnostics
        .iter()
        .find(|d| d.code == Some("abbreviation"))
        .and_then(|d| d.hint.clone())
        .unwrap();
    let lines: Vec<&str> = hint.split('`').skip(1).step_by(2).collect();
    let added: toml::Table = lines.join("\n").parse().unwrap();
    assert_eq!(added["term"][0]["abbreviation"].as_str(), Some("PCSO"));
}
