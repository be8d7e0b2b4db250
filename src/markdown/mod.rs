//! Markdown to HTML with pulldown-cmark.
//!
//! One pass over the events rewrites the few things plain CommonMark output
//! gets wrong for us: `@/` links become URLs, code blocks are highlighted,
//! tables get `scope` and class-based alignment (no `style=`), and task-list
//! boxes get a label. A second pass gives every heading a stable id.

mod abbreviations;
mod headings;
pub mod highlight;
mod raw_html;
mod tables;

pub use raw_html::{is_comment, is_safe_url};
pub mod shortcodes;

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

pub use headings::Heading;
use headings::{Ids, table_of_contents};
use tables::Table;

use crate::config::{InsertAnchor, MarkdownConfig};
use crate::glossary::Glossary;

/// Put this line in a page to end its summary there.
pub const SUMMARY_MARKER: &str = "<!-- more -->";

#[derive(Debug, Clone, Default, Serialize)]
pub struct Rendered {
    pub html: Html,
    /// The HTML before [`SUMMARY_MARKER`], when the page has one.
    pub summary: Option<String>,
    pub toc: Vec<Heading>,
    pub word_count: usize,
}

/// A page's rendered HTML, held as the template value it becomes, so the
/// page's value (and every list it is in) shares it instead of copying it;
/// the copy was a large share of a big build's memory (docs/BENCHMARKS.md).
/// A build of a big site packs it instead ([`Html::pack`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Html(Held);

#[derive(Debug, Clone, PartialEq)]
enum Held {
    Value(tera::Value),
    /// lz4, its length first.
    Packed(Box<[u8]>),
}

impl Html {
    pub fn new(html: String) -> Html {
        Html(Held::Value(tera::Value::from(html)))
    }

    /// Holds it compressed, about half the size, until it is asked for.
    /// A build reads a page's HTML twice (for the page, and for the search
    /// index), and at 100,000 pages the HTML was the largest thing it held
    /// at its peak; unpacking it costs a little time on every page.
    pub fn pack(&mut self) {
        if let Held::Value(value) = &self.0 {
            let text = value.as_str().expect("made from a string");
            let packed = lz4_flex::block::compress_prepend_size(text.as_bytes());
            self.0 = Held::Packed(packed.into_boxed_slice());
        }
    }

    /// The HTML, unpacked if it was packed.
    pub fn text(&self) -> Cow<'_, str> {
        match &self.0 {
            Held::Value(value) => Cow::Borrowed(value.as_str().expect("made from a string")),
            Held::Packed(packed) => {
                let bytes = lz4_flex::block::decompress_size_prepended(packed)
                    .expect("packed by Html::pack");
                Cow::Owned(String::from_utf8(bytes).expect("packed from a string"))
            }
        }
    }

    /// The template value: shared, or made afresh if it was packed.
    pub fn value(&self) -> tera::Value {
        match &self.0 {
            Held::Value(value) => value.clone(),
            Held::Packed(_) => tera::Value::from(self.text().into_owned()),
        }
    }
}

impl Serialize for Html {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text())
    }
}

impl Default for Html {
    fn default() -> Html {
        Html::new(String::new())
    }
}

impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

/// Something in the Markdown a build must stop on. `span` is a byte range
/// of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Range<usize>,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// An `@/` link to a file that does not exist: the target after `@/`.
    BrokenLink(String),
    /// A heading's `{…}` holding more than an id and classes, as written
    /// (`onfocus=alert(1)`): any other attribute would reach the page and
    /// the feeds as it is, event handlers included.
    HeadingAttribute(String),
}

/// Content-relative path (`priorities/asb.md`) to URL, for `@/` links.
pub type LinkMap = HashMap<String, String>;

pub fn render(
    body: &str,
    config: &MarkdownConfig,
    links: &LinkMap,
    glossary: &Glossary,
) -> Result<Rendered, Vec<Problem>> {
    let mut events = Vec::new();
    let mut broken = Vec::new();
    let mut code: Option<(Option<String>, String)> = None;
    let mut table = Table::default();
    let mut word_count = 0;
    let mut raw_html = raw_html::RawHtml::new(config.unsafe_html);

    for (event, range) in Parser::new_ext(body, options(config)).into_offset_iter() {
        if let Some((language, text)) = &mut code {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let language = language.as_deref().filter(|_| config.highlight_code);
                    events.push(Event::Html(highlight::code_block(language, text).into()));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        let Some(event) = raw_html.take(event, &mut events) else {
            continue;
        };
        table.note_heading(&event);
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',']).next().map(str::to_string)
                    }
                    CodeBlockKind::Indented => None,
                };
                code = Some((language, String::new()));
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: link_address(dest_url, links, range, &mut broken),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if !raw_html::is_safe_url(&dest_url) => Event::Start(Tag::Image {
                link_type,
                dest_url: CowStr::from(""),
                title,
                id,
            }),
            Event::Start(Tag::Heading { ref attrs, .. }) if !attrs.is_empty() => {
                broken.extend(heading_attributes(body, &range, attrs));
                event
            }
            Event::Text(text) => {
                word_count += count_words(&text);
                Event::Text(text)
            }
            Event::TaskListMarker(done) => Event::InlineHtml(
                if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"not done\"> "
                }
                .into(),
            ),
            event => match table.rewrite(&event, &mut events) {
                Some(html) => Event::Html(html),
                None => event,
            },
        };
        events.push(event);
    }
    if !broken.is_empty() {
        return Err(broken);
    }
    let anchors = config.insert_anchor_links;
    let texts = (glossary, word_count);
    Ok(finish(
        events,
        body.len(),
        anchors,
        texts,
        raw_html.let_through,
    ))
}

/// The problem with each attribute of a heading's `{…}` but its id and
/// classes (which pulldown-cmark keeps apart): placed at the attribute.
fn heading_attributes<'a>(
    body: &'a str,
    range: &'a Range<usize>,
    attrs: &'a [(CowStr<'a>, Option<CowStr<'a>>)],
) -> impl Iterator<Item = Problem> + 'a {
    attrs.iter().map(move |(key, value)| {
        let written = match value {
            Some(value) => format!("{key}={value}"),
            None => key.to_string(),
        };
        let at = body[range.clone()]
            .find(key.as_ref())
            .map_or(range.start, |i| range.start + i);
        Problem {
            span: at..at + key.len(),
            kind: ProblemKind::HeadingAttribute(written),
        }
    })
}

/// The second pass over the rewritten events: glossary abbreviations,
/// heading ids and the table of contents, then the HTML and its summary,
/// through the sanitiser when raw HTML is `let_through`.
fn finish(
    events: Vec<Event>,
    body_len: usize,
    anchors: InsertAnchor,
    (glossary, word_count): (&Glossary, usize),
    let_through: bool,
) -> Rendered {
    let mut events = abbreviations::mark_first_uses(events, glossary);
    let toc = table_of_contents(assign_heading_ids(&mut events));
    if anchors != InsertAnchor::None {
        events = headings::insert_anchor_links(events, anchors);
    }
    let mut html = String::with_capacity(body_len * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let mut summary = memchr::memmem::find(html.as_bytes(), SUMMARY_MARKER.as_bytes())
        .map(|at| html[..at].to_string());
    if let_through {
        html = raw_html::sanitise(&html);
        summary = summary.as_deref().map(raw_html::sanitise);
    }
    Rendered {
        html: Html::new(html),
        summary,
        toc,
        word_count,
    }
}

/// How many words `text` has, as `split_whitespace` would count them.
/// Every text of every page is counted: `split_whitespace` decoding each
/// character was a twentieth of a build's instructions, and a loop that
/// branched on each byte still a fortieth. ASCII text (nearly all of it,
/// and `is_ascii` looks at many bytes at once) is counted as the places
/// where a word starts, without branches; anything else a character at a
/// time.
fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    if text.is_ascii() {
        // The ASCII characters `char::is_whitespace` accepts.
        let space = |b: u8| b == b' ' || b.wrapping_sub(b'\t') < 5;
        let Some(&first) = bytes.first() else {
            return 0;
        };
        // Each byte with the one after it, in runs short enough to count
        // in a byte, which the compiler turns into vector instructions:
        // four times quicker on the benchmark's pages than a byte at a time.
        let mut starts = usize::from(!space(first));
        for (these, next) in bytes.chunks(64).zip(bytes[1..].chunks(64)) {
            let mut run = 0u8;
            for (&this, &next) in these.iter().zip(next) {
                run += u8::from(space(this) & !space(next));
            }
            starts += usize::from(run);
        }
        return starts;
    }
    let (mut words, mut in_word) = (0, false);
    for c in text.chars() {
        let space = c.is_whitespace();
        words += usize::from(!space && !in_word);
        in_word = !space;
    }
    words
}

pub(crate) fn options(config: &MarkdownConfig) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if config.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    if config.definition_list {
        options |= Options::ENABLE_DEFINITION_LIST;
    }
    if config.github_alerts {
        options |= Options::ENABLE_GFM;
    }
    options
}

/// Where a Markdown link goes on the page: an `@/` link's page, any other
/// address that cannot run code as written, and nothing otherwise. A
/// missing `@/` target is a problem at the link.
fn link_address<'a>(
    dest: CowStr<'a>,
    links: &LinkMap,
    span: Range<usize>,
    problems: &mut Vec<Problem>,
) -> CowStr<'a> {
    match resolve_link(&dest, links) {
        Some(Ok(url)) => url.into(),
        Some(Err(target)) => {
            problems.push(Problem {
                span,
                kind: ProblemKind::BrokenLink(target),
            });
            dest
        }
        None if raw_html::is_safe_url(&dest) => dest,
        None => CowStr::from(""),
    }
}

/// `None` for links that are not `@/` links; otherwise the URL, or the missing target.
fn resolve_link(dest: &str, links: &LinkMap) -> Option<Result<String, String>> {
    let target = dest.strip_prefix("@/")?;
    let (path, anchor) = match target.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (target, None),
    };
    Some(match (links.get(path), anchor) {
        (Some(url), Some(anchor)) => Ok(format!("{url}#{anchor}")),
        (Some(url), None) => Ok(url.clone()),
        (None, _) => Err(path.to_string()),
    })
}

/// Gives every heading an id (keeping any `{#id}` the author wrote) and returns
/// the headings in order, for the table of contents.
fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut ids = Ids::default();
    for event in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            ids.reserve(id);
        }
    }
    let mut headings = Vec::new();
    for start in 0..events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[start] else {
            continue;
        };
        let (level, chosen) = (*level as u8, id.clone());
        let title: String = events[start + 1..]
            .iter()
            .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let id = match chosen {
            Some(id) => id.to_string(),
            None => ids.claim(&title),
        };
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
            *slot = Some(CowStr::from(id.clone()));
        }
        headings.push(Heading {
            level,
            id,
            title,
            children: Vec::new(),
        });
    }
    headings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Packed HTML gives back the text it was made from, and the same
    /// template value, whatever the text.
    #[test]
    fn packed_html_gives_back_its_text() {
        let long = "<p>Keep Safe — a place to go, café, 999 ".repeat(200);
        for text in ["", "<p>x</p>", "Dŵr, ŵ ŷ €", long.as_str()] {
            let plain = Html::new(text.to_string());
            let mut packed = plain.clone();
            packed.pack();
            packed.pack();
            assert_eq!(packed.text(), text);
            assert_eq!(packed.value(), plain.value());
            assert_eq!(packed.to_string(), text);
        }
        let mut packed = Html::new(long.clone());
        packed.pack();
        let Held::Packed(bytes) = &packed.0 else {
            panic!("packed")
        };
        assert!(bytes.len() < long.len() / 4, "{} bytes", bytes.len());
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            "   ",
            "one",
            " two  words ",
            "tabs\tand\nnew\r\nlines\x0b\x0cend",
            "no\u{a0}break\u{2003}em space\u{3000}ideographic",
            "café naïve — Ysgol Gymraeg",
            "\u{85}next-line",
        ] {
            assert_eq!(
                count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_has_as_many_words_as_split_whitespace_finds(text in "(\\PC|\\s){0,40}") {
            proptest::prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }

        /// ASCII text takes a path of its own; the controls between the
        /// spaces (`\x1c`–`\x1f`) are not white space to Rust.
        #[test]
        fn ascii_text_has_as_many_words_as_split_whitespace_finds(text in "[ -~\t\n\r\x0b\x0c\x1c-\x1f]{0,60}") {
            proptest::prop_assert_eq!(count_words(&text), text.split_whitespace().count());
        }
    }

    fn links() -> LinkMap {
        LinkMap::from([(
            "priorities/asb.md".to_string(),
            "/priorities/asb/".to_string(),
        )])
    }

    fn html(body: &str) -> String {
        render(
            body,
            &MarkdownConfig::default(),
            &links(),
            &Glossary::default(),
        )
        .unwrap()
        .html
        .to_string()
    }

    #[test]
    fn internal_links_resolve_with_anchors() {
        let out = html("See [ASB](@/priorities/asb.md#actions) and [x](https://e.org).");
        assert!(out.contains("href=\"/priorities/asb/#actions\""), "{out}");
        assert!(out.contains("href=\"https://e.org\""), "{out}");
    }

    #[test]
    fn broken_internal_links_report_their_span() {
        let body = "Intro\n\nSee [gone](@/missing.md).\n";
        let broken = render(
            body,
            &MarkdownConfig::default(),
            &links(),
            &Glossary::default(),
        )
        .unwrap_err();
        assert_eq!(broken.len(), 1);
        assert_eq!(broken[0].kind, ProblemKind::BrokenLink("missing.md".into()));
        assert_eq!(&body[broken[0].span.clone()], "[gone](@/missing.md)");
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let rendered = render(
            "## Funding\n### 2016/17\n## Funding\n## Custom {#mine}\n",
            &MarkdownConfig::default(),
            &links(),
            &Glossary::default(),
        )
        .unwrap();
        assert!(
            rendered
                .html
                .text()
                .contains("<h2 id=\"funding\">Funding</h2>"),
            "{}",
            rendered.html
        );
        assert!(rendered.html.text().contains("<h2 id=\"funding-1\">"));
        assert!(rendered.html.text().contains("<h2 id=\"mine\">Custom</h2>"));
        assert_eq!(rendered.toc.len(), 3);
        assert_eq!(rendered.toc[0].children[0].id, "2016-17");
    }

    #[test]
    fn tables_have_scoped_headers_and_no_inline_styles() {
        let out = html("| Year | Amount |\n|:--|--:|\n| 2016/17 | £14,019 |\n");
        assert!(
            out.contains("<th scope=\"col\" class=\"align-left\">Year</th>"),
            "{out}"
        );
        assert!(
            out.contains("<td class=\"align-right\">£14,019</td>"),
            "{out}"
        );
        assert!(!out.contains("style="));
    }

    #[test]
    fn gfm_extensions_and_smart_punctuation() {
        let out = html("~~old~~ \"quoted\" -- x[^1]\n\n- [x] done\n\n[^1]: note\n");
        assert!(out.contains("<del>old</del>"), "{out}");
        assert!(out.contains("“quoted”"), "{out}");
        assert!(out.contains("–"), "{out}");
        assert!(out.contains("footnote"), "{out}");
        assert!(out.contains("aria-label=\"done\""), "{out}");
    }

    #[test]
    fn code_blocks_are_highlighted_and_summary_is_cut_at_the_marker() {
        let rendered = render(
            "Intro para.\n\n<!-- more -->\n\n```toml\ntitle = \"x\"\n```\n",
            &MarkdownConfig::default(),
            &links(),
            &Glossary::default(),
        )
        .unwrap();
        assert_eq!(rendered.summary.as_deref(), Some("<p>Intro para.</p>\n"));
        assert!(rendered.html.text().contains("language-toml"));
        assert_eq!(rendered.word_count, 2);
    }
}
