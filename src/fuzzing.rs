//! The fuzz targets' bodies, here so that `fuzz/` (cargo-fuzz, on nightly)
//! and `tests/fuzz_corpus.rs` (on stable, in CI) run exactly the same code.
//!
//! Each takes any bytes and must neither panic nor hang: an officer's file,
//! however broken, gets an error, and the error itself must render. Where a
//! property is cheap to state it is asserted too, so a fuzzer that finds a
//! way round it reports a crash.

use std::path::Path;

use crate::config::{Config, MarkdownConfig};
use crate::content::{PageFrontMatter, SectionFrontMatter, front_matter};
use crate::data::Plan;
use crate::glossary::Glossary;
use crate::markdown::{self, LinkMap, shortcodes};

/// A content file: front matter split off and read as a page's and a
/// section's, and any error rendered with its excerpt of the file.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = Path::new("content/fuzzed.md");
    let layout = match front_matter::split(text, file) {
        Ok(layout) => layout,
        Err(errors) => return render_errors(&errors),
    };
    assert!(layout.front_matter_start <= layout.front_matter_end);
    assert!(layout.body_start <= text.len());
    if let Err(errors) = front_matter::parse::<PageFrontMatter>(text, layout, file) {
        render_errors(&errors);
    }
    if let Err(errors) = front_matter::parse::<SectionFrontMatter>(text, layout, file) {
        render_errors(&errors);
    }
}

/// A page's Markdown with shortcodes and `@/` links, rendered both with raw
/// HTML escaped and with it let through the sanitiser. Neither may ever put
/// a script or a `javascript:` link on the page.
pub fn markdown(data: &[u8]) {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let calls = match shortcodes::find(body) {
        Ok(calls) => calls,
        Err(_) => return,
    };
    let replaced = shortcodes::replace(body, &calls);
    for call in &calls {
        assert!(call.span.end <= body.len());
    }
    // `check` points at dates and sentences in the same text.
    for span in crate::check::text_spans(body) {
        assert!(
            span.start <= span.end && body.get(span.clone()).is_some(),
            "check would point at {span:?}, not a slice of the page"
        );
    }
    let links: LinkMap = [
        ("priorities/asb.md", "/priorities/asb/"),
        ("schemes/j9/index.md", "/schemes/j9/"),
    ]
    .into_iter()
    .map(|(path, url)| (path.to_string(), url.to_string()))
    .collect();
    let glossary = Glossary::from_pairs(&[("ASB", "anti-social behaviour"), ("J9", "J9")]);
    for unsafe_html in [false, true] {
        let config = MarkdownConfig {
            unsafe_html,
            ..MarkdownConfig::default()
        };
        let Ok(rendered) = markdown::render(&replaced.body, &config, &links, &glossary) else {
            continue;
        };
        let placeholders: Vec<String> = calls.iter().map(|_| String::new()).collect();
        let html = replaced
            .restore(&rendered.html.text(), &placeholders)
            .to_ascii_lowercase();
        if !unsafe_html {
            headings_have_only_ids_and_classes(&html);
        }
        assert!(
            !html.contains("<script"),
            "a script reached the page: {html}"
        );
        assert!(
            !html.contains("href=\"javascript:"),
            "a script link: {html}"
        );
    }
}

/// Every heading the Markdown wrote carries at most an `id` and a `class`:
/// `{onfocus=…}` after a heading is an error, never an attribute.
fn headings_have_only_ids_and_classes(html: &str) {
    for (at, _) in html.match_indices("<h") {
        let rest = &html[at + 2..];
        if !rest.starts_with(|c: char| ('1'..='6').contains(&c)) {
            continue;
        }
        let tag = &rest[1..rest.find('>').unwrap_or(rest.len())];
        let mut attributes = tag;
        while let Some(eq) = attributes.find("=\"") {
            let name = attributes[..eq].trim();
            assert!(
                name == "id" || name == "class",
                "a heading with `{name}`: {tag}"
            );
            let value_end = attributes[eq + 2..]
                .find('"')
                .map_or(attributes.len(), |e| eq + 3 + e);
            attributes = &attributes[value_end.min(attributes.len())..];
        }
    }
}

/// The site's own TOML: `config.toml`, a plan in `data/plans/`, and the
/// web addresses of partners and schemes, with any error rendered.
pub fn content_model(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(table) = toml::from_str::<toml::Table>(text) {
        web_addresses_are_http(&toml::Value::Table(table));
    }
    if let Err(errors) = Config::parse(text, Path::new("config.toml")) {
        render_errors(&errors);
    }
    let plan: Result<Plan, _> = toml::from_str(text);
    if let Err(error) = plan {
        let diagnostic = crate::toml_error::diagnostic(
            &error,
            Path::new("data/plans/2017-18.toml"),
            text,
            0,
            "data/plans/2017-18.toml",
        );
        let _ = diagnostic.render(false);
    }
}

/// Any `website` or `web` the data check accepts is, as a browser reads it
/// (C0 controls and spaces trimmed, tabs and newlines removed, scheme in
/// any case), an `http` or `https` address: never `javascript:`.
fn web_addresses_are_http(value: &toml::Value) {
    match value {
        toml::Value::Table(table) => {
            for (key, value) in table {
                if let (true, toml::Value::String(address)) =
                    (key == "website" || key == "web", value)
                    && crate::data::is_web_address(address)
                {
                    let browser: String = address
                        .trim_matches(|c: char| c <= ' ')
                        .chars()
                        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                        .collect();
                    let scheme = browser.split(':').next().unwrap_or("").to_ascii_lowercase();
                    assert!(
                        scheme == "http" || scheme == "https",
                        "accepted {address:?}"
                    );
                }
                web_addresses_are_http(value);
            }
        }
        toml::Value::Array(items) => items.iter().for_each(web_addresses_are_http),
        _ => {}
    }
}

fn render_errors(errors: &crate::diagnostic::Diagnostics) {
    let shown = errors.render(false);
    assert!(!shown.is_empty());
}
