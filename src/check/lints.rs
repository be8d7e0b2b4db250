//! Accessibility lints on a page's Markdown, at the source, so an officer is
//! told the line to fix rather than shown a failure in the built HTML.
//!
//! Pure: a body in, findings with byte spans of that body out. The links the
//! body makes are returned too, for `links.rs` to resolve against the built site.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostic::Severity;
use crate::markdown::{SUMMARY_MARKER, is_comment, is_safe_url};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub code: &'static str,
    /// Bytes of the body.
    pub span: Range<usize>,
    pub message: String,
    pub hint: &'static str,
}

/// The last line of the note `lamplight new` puts in a page it starts,
/// which the officer is to replace with the page's text.
pub const SCAFFOLD_NOTE: &str = "This note is not published; delete it when you are done.";

/// A link destination as written, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub span: Range<usize>,
    /// An image's source rather than a link's destination.
    pub image: bool,
}

#[derive(Debug, Default)]
pub struct Scan {
    pub findings: Vec<Finding>,
    pub links: Vec<LinkRef>,
    /// The first use of each word that looks like an abbreviation (`PCSO`,
    /// `DHR`), outside code, for checking against the glossary.
    pub abbreviations: Vec<(String, Range<usize>)>,
    /// Each block or tag of HTML written in the Markdown, comments aside:
    /// shown as text unless the site allows HTML.
    pub raw_html: Vec<Range<usize>>,
    /// The `href` of each `<a>` and the `src` of each `<img>` in that HTML:
    /// links when the site allows HTML.
    pub raw_links: Vec<LinkRef>,
}

/// Link text that says nothing about where the link goes when it is read out
/// of context, as screen-reader users often hear links (WCAG 2.4.4).
const VAGUE_LINK_TEXT: &[&str] = &[
    "click",
    "click here",
    "here",
    "link",
    "more",
    "more info",
    "more information",
    "read more",
    "this",
    "this link",
    "this page",
];

/// An open link or image, collecting its text until it ends.
struct Open {
    dest: String,
    span: Range<usize>,
    text: String,
    /// Link text can come from an image's alt text inside it.
    has_image_alt: bool,
}

pub fn scan(body: &str, options: Options) -> Scan {
    let mut scan = Scan::default();
    let mut link: Option<Open> = None;
    let mut image: Option<Open> = None;
    let mut heading: Option<(HeadingLevel, Range<usize>)> = None;
    let mut last_level = 1;
    let mut table_header: Option<(Range<usize>, bool)> = None;
    let mut in_code_block = false;
    // Whether the block just closed was a `Table: …` caption paragraph.
    let mut caption_before = false;

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        if let Event::Text(text) = &event
            && !in_code_block
        {
            abbreviations(
                text,
                &body[range.clone()],
                range.start,
                &mut scan.abbreviations,
            );
        }
        raw_html_or_unsafe_link(&event, &range, body, &mut scan);
        table_caption(
            &event,
            &range,
            body,
            &mut caption_before,
            &mut scan.findings,
        );
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some(open(&dest_url, range, false, &mut scan.links));
            }
            Event::End(TagEnd::Link) => {
                if let Some(open) = link.take() {
                    link_text(&open, &mut scan.findings);
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some(open(&dest_url, range, true, &mut scan.links));
            }
            Event::End(TagEnd::Image) => {
                if let Some(open) = image.take() {
                    image_alt(open, link.as_mut(), &mut scan.findings);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(open) = image.as_mut().or(link.as_mut()) {
                    open.text.push_str(&text);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, range)),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, span)) = heading.take() {
                    let level = level as usize;
                    heading_order(level, last_level, span, &mut scan.findings);
                    last_level = level;
                }
            }
            Event::Start(Tag::TableHead) => table_header = Some((range, false)),
            Event::End(TagEnd::TableCell) => {
                if let Some((_, has_text)) = &mut table_header {
                    *has_text |= !body[range]
                        .trim_matches(|c: char| c == '|' || c.is_whitespace())
                        .is_empty();
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some((span, false)) = table_header.take() {
                    scan.findings.push(Finding {
                        severity: Severity::Error,
                        code: "table-header",
                        span,
                        message: "this table's header row is empty".to_string(),
                        hint: "put a heading in the first row of every column, so each cell can be read with its heading",
                    });
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                raw_links(&html, range.start, &mut scan.raw_links);
                raw_html(&html, range, body, &mut scan.findings)
            }
            _ => {}
        }
    }
    scaffold_note(body, &mut scan.findings);
    scan
}

/// A table with no `Table: …` paragraph just above it, which the site
/// makes its caption (`markdown/tables.rs`): a screen reader's user hears
/// the caption before the rows, and a scrolling table's box is named by it.
fn table_caption(
    event: &Event,
    range: &Range<usize>,
    body: &str,
    caption_before: &mut bool,
    findings: &mut Vec<Finding>,
) {
    match event {
        Event::End(TagEnd::Paragraph) => {
            *caption_before = body[range.clone()].trim_start().starts_with("Table:");
        }
        Event::Start(Tag::Table(_)) if !std::mem::take(caption_before) => {
            let first_line = body[range.clone()]
                .find('\n')
                .map_or(range.end, |n| range.start + n);
            findings.push(Finding {
                severity: Severity::Warning,
                code: "table-caption",
                span: range.start..first_line,
                message: "this table has no caption".to_string(),
                hint: "say what the table shows on a line of its own just above it, after a blank line, such as `Table: Funding by year and source`",
            });
        }
        Event::Start(_) => *caption_before = false,
        _ => {}
    }
}

/// A link or image starting at `span`, listed in `links` for `links.rs`
/// to resolve.
fn open(dest: &str, span: Range<usize>, image: bool, links: &mut Vec<LinkRef>) -> Open {
    links.push(LinkRef {
        dest: dest.to_string(),
        span: span.clone(),
        image,
    });
    Open {
        dest: dest.to_string(),
        span,
        text: String::new(),
        has_image_alt: false,
    }
}

/// The note `lamplight new` wrote, still in the page: the page was
/// started and, most likely, never finished.
fn scaffold_note(body: &str, findings: &mut Vec<Finding>) {
    let Some(at) = body.find(SCAFFOLD_NOTE) else {
        return;
    };
    let start = body[..at].rfind("<!--").unwrap_or(at);
    let end = body[at..].find("-->").map_or(body.len(), |i| at + i + 3);
    let rest = format!("{}{}", &body[..start], &body[end..]);
    let written = rest
        .lines()
        .any(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'));
    let message = if written {
        "the note `lamplight new` put in this page is still here"
    } else {
        "this page has no text yet, only the note `lamplight new` put in it"
    };
    findings.push(Finding {
        severity: Severity::Warning,
        code: "unfinished",
        span: start..end,
        message: message.to_string(),
        hint: "write the page, then delete the note: everything from `<!--` to `-->`",
    });
}

/// Raw HTML typed into the page (not the summary marker or a comment), and
/// links or images whose address would run code.
fn raw_html_or_unsafe_link(event: &Event, range: &Range<usize>, body: &str, scan: &mut Scan) {
    match event {
        Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => {
            let html = body[range.clone()].trim();
            if html != SUMMARY_MARKER && !is_comment(html) {
                scan.raw_html.push(range.clone());
            }
        }
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
            if !is_safe_url(dest_url) =>
        {
            scan.findings.push(Finding {
                severity: Severity::Error,
                code: "unsafe-link",
                span: range.clone(),
                message: format!(
                    "`{dest_url}` is an address that runs code in the reader's browser; it is taken off the page"
                ),
                hint: "link to a web page (https://…), an email address (mailto:…), a phone number (tel:…) or a page of this site",
            });
        }
        _ => {}
    }
}

/// An image with no alt text is an error; one with alt text inside a link
/// gives the link its text.
fn image_alt(image: Open, link: Option<&mut Open>, findings: &mut Vec<Finding>) {
    if image.text.trim().is_empty() {
        findings.push(Finding {
            severity: Severity::Error,
            code: "image-alt",
            span: image.span,
            message: format!("the image `{}` has no alt text", image.dest),
            hint: "write what the image shows between the brackets, e.g. \
                   ![Pupils at Crucial Crew](crew.jpg); people who cannot see it hear that instead",
        });
    } else if let Some(link) = link {
        link.has_image_alt = true;
    }
}

/// Whether a word is written like an abbreviation: capitals (and digits)
/// only, with at least two letters, so `ASB` and `PCSO` are but `J9`, `Q1`
/// and `I` are not.
pub fn looks_abbreviated(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && word.chars().filter(char::is_ascii_uppercase).count() >= 2
}

/// Notes each abbreviation in `text` not seen before; `source` is the text
/// as written, from `offset` in the body, to point at the word itself.
fn abbreviations(text: &str, source: &str, offset: usize, found: &mut Vec<(String, Range<usize>)>) {
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if !looks_abbreviated(word) || found.iter().any(|(seen, _)| seen == word) {
            continue;
        }
        let at = offset + source.find(word).unwrap_or(0);
        found.push((word.to_string(), at..at + word.len()));
    }
}

fn link_text(open: &Open, findings: &mut Vec<Finding>) {
    let text = open.text.trim();
    if text.is_empty() && !open.has_image_alt {
        findings.push(Finding {
            severity: Severity::Error,
            code: "link-text-empty",
            span: open.span.clone(),
            message: format!("the link to `{}` has no text", open.dest),
            hint: "put words between the brackets that say where the link goes",
        });
        return;
    }
    let normalised = text
        .trim_end_matches(['.', ':', '…'])
        .to_lowercase()
        .replace('\u{a0}', " ");
    if VAGUE_LINK_TEXT.contains(&normalised.as_str()) {
        findings.push(Finding {
            severity: Severity::Warning,
            code: "link-text-vague",
            span: open.span.clone(),
            message: format!("the link text \"{text}\" does not say where it goes"),
            hint: "screen-reader users often hear links on their own; name the destination, \
                   e.g. [the Sanctuary Scheme](...) instead of [click here](...)",
        });
    }
}

fn heading_order(level: usize, last_level: usize, span: Range<usize>, findings: &mut Vec<Finding>) {
    if level == 1 {
        findings.push(Finding {
            severity: Severity::Error,
            code: "heading-h1",
            span,
            message: "a heading of level 1 (`#`) in the page body".to_string(),
            hint: "the page title is already the page's one level-1 heading; start body headings at `##`",
        });
    } else if level > last_level + 1 {
        findings.push(Finding {
            severity: Severity::Warning,
            code: "heading-order",
            span,
            message: format!(
                "this heading jumps from level {last_level} to level {level}, skipping level {}",
                last_level + 1
            ),
            hint: "screen-reader users move between headings by level; use one more `#` than the heading above, not two",
        });
    }
}

/// The same rules for images and tables written as raw HTML, which Markdown
/// passes through. `alt=""` is allowed here: it is how HTML marks an image as
/// decoration.
fn raw_html(html: &str, range: Range<usize>, body: &str, findings: &mut Vec<Finding>) {
    let lower = html.to_ascii_lowercase();
    for (at, _) in lower.match_indices("<img") {
        let tag_end = lower[at..].find('>').map_or(lower.len(), |e| at + e + 1);
        let tag = &lower[at..tag_end];
        if !has_attribute(tag, "alt") {
            findings.push(Finding {
                severity: Severity::Error,
                code: "image-alt",
                span: range.start + at..range.start + tag_end,
                message: "this <img> has no alt attribute".to_string(),
                hint: "add alt=\"what the image shows\", or alt=\"\" if it is only decoration",
            });
        }
    }
    if let Some(at) = lower.find("<table") {
        // A raw HTML block can arrive in several events; judge the whole table.
        let start = range.start + at;
        let rest = body[start..].to_ascii_lowercase();
        let table = &rest[..rest.find("</table").unwrap_or(rest.len())];
        if !table.contains("<th") {
            findings.push(Finding {
                severity: Severity::Error,
                code: "table-header",
                span: start..start + "<table".len(),
                message: "this table has no header cells (<th>)".to_string(),
                hint: "mark the first row's cells as <th scope=\"col\">, or write the table in Markdown",
            });
        }
    }
}

/// The `href` of each `<a>` and the `src` of each `<img>` in `html`, which
/// starts at byte `start` of the body, each with its value's place.
fn raw_links(html: &str, start: usize, links: &mut Vec<LinkRef>) {
    let lower = html.to_ascii_lowercase();
    for (tag, attribute, image) in [("<a", "href", false), ("<img", "src", true)] {
        for (at, _) in lower.match_indices(tag) {
            let after = lower.as_bytes().get(at + tag.len());
            if !after.is_some_and(u8::is_ascii_whitespace) {
                continue;
            }
            let end = lower[at..].find('>').map_or(lower.len(), |e| at + e);
            let Some(value) = attribute_value(&lower[at..end], attribute) else {
                continue;
            };
            let value = at + value.start..at + value.end;
            links.push(LinkRef {
                dest: html[value.clone()].to_string(),
                span: start + value.start..start + value.end,
                image,
            });
        }
    }
}

/// Where the quoted value of `name` is in `tag` (lower case).
fn attribute_value(tag: &str, name: &str) -> Option<Range<usize>> {
    let mut from = 0;
    while let Some(found) = tag[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before = tag[..at].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let value = rest.trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let begin = tag.len() - value.len() + 1;
        let length = value[1..].find(quote)?;
        return Some(begin..begin + length);
    }
    None
}

fn has_attribute(tag: &str, name: &str) -> bool {
    tag.split(|c: char| c.is_whitespace() || c == '/')
        .any(|part| part == name || part.starts_with(&format!("{name}=")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(body: &str) -> Vec<(&'static str, &str)> {
        scan(body, Options::ENABLE_TABLES)
            .findings
            .into_iter()
            .map(|f| (f.code, &body[f.span]))
            .collect()
    }

    #[test]
    fn addresses_that_run_code_are_errors() {
        assert_eq!(
            codes("[x](javascript:alert(1)) ![y](vbscript:z) [ok](https://a.org/)"),
            [
                ("unsafe-link", "[x](javascript:alert(1))"),
                ("unsafe-link", "![y](vbscript:z)")
            ]
        );
    }

    #[test]
    fn html_written_in_markdown_is_noted_but_comments_are_not() {
        let body = "Text <b>bold</b>.\n\n<div>\nblock\n</div>\n\n<!-- note -->\n\n<!-- more -->\n";
        let raw: Vec<&str> = scan(body, Options::empty())
            .raw_html
            .into_iter()
            .map(|span| body[span].trim())
            .collect();
        assert_eq!(raw, ["<b>", "</b>", "<div>\nblock\n</div>"]);
    }

    #[test]
    fn images_need_alt_text() {
        assert_eq!(codes("![](a.png)"), [("image-alt", "![](a.png)")]);
        assert_eq!(codes("![  ](a.png)"), [("image-alt", "![  ](a.png)")]);
        assert!(codes("![A van](a.png)").is_empty());
        assert_eq!(
            codes("<p><img src=\"a.png\"></p>"),
            [("image-alt", "<img src=\"a.png\">")]
        );
        assert!(codes("<p><img src=\"a.png\" alt=\"\"></p>").is_empty());
        assert!(codes("<p><img alt=\"Map\" src=\"a.png\"/></p>").is_empty());
    }

    #[test]
    fn links_need_text_that_names_the_destination() {
        assert_eq!(codes("[](a/)"), [("link-text-empty", "[](a/)")]);
        assert_eq!(
            codes("See [click here](a/)."),
            [("link-text-vague", "[click here](a/)")]
        );
        assert_eq!(
            codes("[Read more…](a/)"),
            [("link-text-vague", "[Read more…](a/)")]
        );
        assert!(codes("[the J9 scheme](a/)").is_empty());
        assert!(codes("[![J9 logo](j9.png)](a/)").is_empty());
        assert!(codes("[`code`](a/)").is_empty());
    }

    #[test]
    fn headings_start_at_two_and_do_not_skip() {
        assert_eq!(codes("# Title\n"), [("heading-h1", "# Title\n")]);
        assert_eq!(codes("## A\n\n#### B\n"), [("heading-order", "#### B\n")]);
        assert_eq!(codes("### A\n"), [("heading-order", "### A\n")]);
        assert!(codes("## A\n\n### B\n\n## C\n\n### D\n").is_empty());
    }

    #[test]
    fn tables_need_a_caption_above_them() {
        let table = "| A | B |\n|---|---|\n| 1 | 2 |\n";
        let codes = |text: &str| -> Vec<&'static str> {
            scan(text, Options::ENABLE_TABLES)
                .findings
                .iter()
                .map(|f| f.code)
                .collect()
        };
        assert_eq!(codes(table), ["table-caption"]);
        assert_eq!(codes(&format!("Some words.\n\n{table}")), ["table-caption"]);
        assert!(codes(&format!("Table: Letters and numbers\n\n{table}")).is_empty());
        // A caption two blocks up is not this table's.
        assert_eq!(
            codes(&format!("Table: X\n\n## Heading\n\n{table}")),
            ["table-caption"]
        );
    }

    #[test]
    fn tables_need_a_header_row() {
        assert_eq!(
            codes("Table: T\n\n|  |  |\n|--|--|\n| a | b |\n"),
            [("table-header", "|  |  |\n")]
        );
        assert!(codes("Table: T\n\n| Year | £ |\n|--|--|\n| 2016/17 | 14,019 |\n").is_empty());
        assert!(codes("Table: T\n\n|  | £ |\n|--|--|\n| 2016/17 | 14,019 |\n").is_empty());
        let raw = "<table>\n<tr><td>a</td></tr>\n</table>\n";
        assert_eq!(codes(raw), [("table-header", "<table")]);
        assert!(codes("<table>\n<tr><th>a</th></tr>\n</table>\n").is_empty());
    }

    #[test]
    fn collects_every_link_with_its_span() {
        let body = "Go [home](/) or [up](@/about.md#who).";
        let links = scan(body, Options::empty()).links;
        let found: Vec<(&str, &str)> = links
            .iter()
            .map(|l| (l.dest.as_str(), &body[l.span.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                ("/", "[home](/)"),
                ("@/about.md#who", "[up](@/about.md#who)")
            ]
        );
    }
}
