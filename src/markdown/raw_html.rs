//! HTML written inside Markdown, and addresses in Markdown links.
//!
//! A page's inline scripts are hashed into its Content-Security-Policy
//! ([`crate::render::csp`]), so a `<script>` that reached the HTML would be
//! allowed to run: whoever can commit a page could then run code on the
//! domestic-abuse pages. So raw HTML is shown as text unless the site opts
//! in with `[markdown] unsafe_html = true`, and even then a page with raw
//! HTML is passed through ammonia's allow-list, which drops scripts, styles,
//! frames, forms, event handlers and `javascript:` addresses. Links written
//! in Markdown keep only addresses that cannot run code, either way.

use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::SUMMARY_MARKER;

/// Sorts the parser's raw HTML events into what the page shows.
pub(super) struct RawHtml {
    allowed: bool,
    /// The HTML block being read, line by line.
    block: Option<String>,
    /// Whether raw HTML was let through, so the page must be sanitised.
    pub(super) let_through: bool,
}

impl RawHtml {
    pub(super) fn new(allowed: bool) -> RawHtml {
        RawHtml {
            allowed,
            block: None,
            let_through: false,
        }
    }

    /// Takes `event` if it is raw HTML, pushing what the page shows in its
    /// place onto `out`; gives any other event back.
    pub(super) fn take<'a>(
        &mut self,
        event: Event<'a>,
        out: &mut Vec<Event<'a>>,
    ) -> Option<Event<'a>> {
        match event {
            Event::Start(Tag::HtmlBlock) => self.block = Some(String::new()),
            Event::Html(html) => match &mut self.block {
                Some(block) => block.push_str(&html),
                None => self.place(html, false, out),
            },
            Event::End(TagEnd::HtmlBlock) => {
                let block = self.block.take().unwrap_or_default();
                self.place(block.into(), false, out);
            }
            Event::InlineHtml(html) => self.place(html, true, out),
            other => return Some(other),
        }
        None
    }

    fn place<'a>(&mut self, html: CowStr<'a>, inline: bool, out: &mut Vec<Event<'a>>) {
        let trimmed = html.trim();
        if trimmed == SUMMARY_MARKER {
            out.push(Event::Html(html));
        } else if is_comment(trimmed) {
            // An officer's note to other officers; not for the public.
        } else if self.allowed {
            self.let_through = true;
            out.push(if inline {
                Event::InlineHtml(html)
            } else {
                Event::Html(html)
            });
        } else if inline {
            out.push(Event::Text(html));
        } else {
            out.push(Event::Start(Tag::Paragraph));
            out.push(Event::Text(CowStr::from(trimmed.to_string())));
            out.push(Event::End(TagEnd::Paragraph));
        }
    }
}

/// One whole comment and nothing else.
pub fn is_comment(html: &str) -> bool {
    html.strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inside| !inside.contains("-->") && !inside.contains("--!>"))
}

/// Whether a link or image address written in Markdown may stay: relative
/// addresses, and absolute ones to web pages, email and phone numbers.
/// Browsers ignore tabs, newlines and leading spaces in an address
/// (`java\tscript:` runs), so those are taken out before looking.
pub fn is_safe_url(url: &str) -> bool {
    let url: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(colon), Some(path)) if path < colon => true,
        (Some(colon), _) => ["http", "https", "mailto", "tel"].contains(&&url[..colon]),
        (None, _) => true,
    }
}

/// Passes rendered HTML through the allow-list. The markup the Markdown
/// renderer writes itself (heading ids, table wrappers, task-list boxes,
/// highlighted code, glossary abbreviations, footnotes) is allowed; links
/// get no `rel`, as every page already sends no referrer.
pub(super) fn sanitise(html: &str) -> String {
    static ALLOW_LIST: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .link_rel(None)
            .add_tags(["input", "figure", "figcaption", "mark", "time", "section"])
            .add_generic_attributes(["id", "class", "role", "tabindex", "dir"])
            .add_generic_attribute_prefixes(["aria-"])
            .add_tag_attributes("input", ["type", "disabled", "checked"])
            .add_tag_attributes("th", ["scope"])
            .add_tag_attributes("ol", ["start"])
            .add_tag_attributes("time", ["datetime"]);
        builder
    });
    ALLOW_LIST.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_addresses_that_cannot_run_code_are_safe() {
        for safe in [
            "/schemes/j9/",
            "page#part",
            "../up",
            "https://www.gov.uk/",
            "http://example.org",
            "mailto:csp@example.org",
            "tel:101",
            "@/priorities/asb.md",
            "search/?q=a:b",
        ] {
            assert!(is_safe_url(safe), "{safe}");
        }
        for unsafe_url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>alert(1)</script>",
        ] {
            assert!(!is_safe_url(unsafe_url), "{unsafe_url:?}");
        }
    }

    #[test]
    fn a_comment_is_one_whole_comment() {
        assert!(is_comment("<!-- note for officers -->"));
        assert!(!is_comment(
            "<!-- a --> <script>alert(1)</script> <!-- b -->"
        ));
        assert!(!is_comment("<!-- a --!> <b>"));
        assert!(!is_comment("<b>"));
    }

    #[test]
    fn the_allow_list_drops_what_runs_code_and_keeps_our_markup() {
        let clean = sanitise(
            "<h2 id=\"who\" class=\"x\">Who</h2>\
             <p onclick=\"steal()\">Hi <a href=\"javascript:steal()\">link</a></p>\
             <script>steal()</script><style>p{}</style>\
             <iframe src=\"https://evil.example/\"></iframe>\
             <img src=\"x.png\" alt=\"\" onerror=\"steal()\">\
             <div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"t\"></div>\
             <input type=\"checkbox\" disabled checked aria-label=\"done\">\
             <abbr title=\"Anti-social behaviour\">ASB</abbr>",
        );
        for gone in [
            "steal", "<script", "<style", "<iframe", "onerror", "onclick",
        ] {
            assert!(!clean.contains(gone), "{gone} in {clean}");
        }
        for kept in [
            "<h2 id=\"who\" class=\"x\">",
            "<a>link</a>",
            "<img src=\"x.png\" alt=\"\">",
            "role=\"region\"",
            "tabindex=\"0\"",
            "aria-label=\"t\"",
            "<input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"done\">",
            "<abbr title=\"Anti-social behaviour\">",
        ] {
            assert!(clean.contains(kept), "{kept} not in {clean}");
        }
    }
}
