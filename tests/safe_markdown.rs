//! HTML written in Markdown cannot run code on a resident's screen: it is
//! shown as text unless the site opts in, and sanitised when it does.

mod common;

use common::{Site, attrs, texts};

/// A page written by someone who should not be trusted with the site.
const HOSTILE: &str = r#"+++
title = "Help"
+++
Read this first.

<script>steal(document.location)</script>

Some <img src="x.png" onerror="steal()"> inline HTML, and a
<a href="javascript:steal()">scripted link</a>.

<iframe src="https://evil.example/"></iframe>

<details><summary>More help</summary>Call 101.</details>

<!-- officers: check this with the police before publishing -->

[A Markdown link that runs code](javascript:steal()) and
[one that hides it](java	script:steal()), an
![image](javascript:steal()) and [a real one](https://www.gov.uk/).

- [x] A task list's box
"#;

fn page_html(config_extra: &str) -> String {
    let site = Site::new();
    site.write("config.toml", &format!("{}{config_extra}", common::CONFIG));
    site.write("content/help.md", HOSTILE);
    site.build().unwrap_or_else(|e| panic!("{e}"));
    site.read("help/index.html")
}

/// The part of the page the Markdown made, between the article's tags.
fn prose(html: &str) -> &str {
    let start = html
        .find("<div class=\"prose\">")
        .expect("the page has prose");
    let end = start + html[start..].find("</article>").unwrap();
    &html[start..end]
}

#[test]
fn raw_html_is_shown_as_text_by_default() {
    let html = page_html("");
    let prose = prose(&html);
    for gone in ["<script", "<iframe", "<img src=\"x.png\"", "<details"] {
        assert!(!prose.contains(gone), "{gone} reached the page:\n{prose}");
    }
    for shown in [
        "&lt;script&gt;steal(document.location)&lt;/script&gt;",
        "&lt;iframe src=\"https://evil.example/\"&gt;",
        "&lt;details&gt;",
    ] {
        assert!(prose.contains(shown), "{shown} not shown:\n{prose}");
    }
    assert!(
        !prose.contains("officers: check this"),
        "a comment is left out"
    );
    assert_no_code_runs(&html);
}

#[test]
fn opted_in_html_is_sanitised() {
    let html = page_html("\n[markdown]\nunsafe_html = true\n");
    let prose = prose(&html);
    for gone in ["<script", "<iframe", "onerror", "steal(document"] {
        assert!(!prose.contains(gone), "{gone} reached the page:\n{prose}");
    }
    assert!(
        prose.contains("<details><summary>More help</summary>Call 101.</details>"),
        "harmless HTML is kept:\n{prose}"
    );
    assert!(prose.contains("<img src=\"x.png\">"), "{prose}");
    assert!(
        prose.contains("<input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"done\">"),
        "the renderer's own markup is kept:\n{prose}"
    );
    assert!(!prose.contains("officers: check this"));
    assert_no_code_runs(&html);
}

/// No address on the page runs code, and the only inline script the
/// page's policy allows is none at all (the default theme has none).
fn assert_no_code_runs(html: &str) {
    let page = scraper::Html::parse_document(html);
    for (selector, attribute) in [("a[href]", "href"), ("img[src]", "src")] {
        for address in attrs(&page, selector, attribute) {
            let address = address
                .to_ascii_lowercase()
                .replace(char::is_whitespace, "");
            assert!(
                !address.starts_with("javascript:"),
                "<{selector}> {address}"
            );
        }
    }
    let every = scraper::Selector::parse("*").unwrap();
    for element in page.select(&every) {
        for (name, _) in element.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "<{}> has {name}",
                element.value().name()
            );
        }
    }
    assert!(
        texts(&page, "script")
            .iter()
            .all(|code| code.trim().is_empty()),
        "an inline script reached the page"
    );
    assert!(
        attrs(&page, "a[href]", "href").contains(&"https://www.gov.uk/".to_string()),
        "a safe link is kept"
    );
    let policy = attrs(&page, "meta[http-equiv=Content-Security-Policy]", "content");
    assert!(
        policy.iter().all(|p| !p.contains("sha256")),
        "no inline script was hashed into the policy: {policy:?}"
    );
}

/// `{#id .class}` after a heading is Markdown; anything else there
/// (`onfocus=…`, `style=…`) once reached the page and the feed as an
/// attribute, stopped only by the browser's CSP. It is now a build error
/// at the attribute.
#[test]
fn a_heading_attribute_other_than_id_and_class_is_an_error_at_its_place() {
    let site = Site::new();
    site.write(
        "content/help.md",
        "+++\ntitle = \"Help\"\ndate = 2026-01-01\n+++\n## Ask {#ask .wide}\n\nText.\n\n## Call us {onfocus=alert(1) autofocus=1}\n",
    );
    let err = site.build().expect_err("an event handler in a heading");
    assert_eq!(err.0.len(), 2, "{err}");
    let d = &err.0[0];
    assert_eq!(common::place(d), ("content/help.md".into(), 9, 13));
    assert!(d.message.contains("`onfocus=alert(1)`"), "{d}");
    assert!(d.hint.as_deref().unwrap().contains("{#some-name}"));
    assert!(!site.public("help/index.html").exists());

    site.write(
        "content/help.md",
        "+++\ntitle = \"Help\"\n+++\n## Ask {#ask .wide}\n",
    );
    site.build().unwrap();
    let html = site.html("help/index.html");
    assert_eq!(attrs(&html, ".prose h2", "id"), ["ask"]);
    assert_eq!(attrs(&html, ".prose h2", "class"), ["wide"]);
}
