//! The first use of each glossary term on a page becomes
//! `<abbr title="anti-social behaviour">ASB</abbr>`, so a reader (or a screen
//! reader) can find out what it means where it first appears.
//!
//! Never inside links (the link text is the link's name), headings (they are
//! read out in lists of headings) or code.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use crate::glossary::Glossary;

pub fn mark_first_uses<'a>(events: Vec<Event<'a>>, glossary: &Glossary) -> Vec<Event<'a>> {
    if glossary.is_empty() {
        return events;
    }
    let mut used: HashSet<String> = HashSet::new();
    let mut hold_off = 0usize;
    let mut out = Vec::with_capacity(events.len());
    for event in events {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::Heading { .. } | Tag::Image { .. }) => {
                hold_off += 1
            }
            Event::End(TagEnd::Link | TagEnd::Heading(_) | TagEnd::Image) => {
                hold_off = hold_off.saturating_sub(1)
            }
            Event::Text(text) if hold_off == 0 => {
                mark(text, glossary, &mut used, &mut out);
                continue;
            }
            _ => {}
        }
        out.push(event);
    }
    out
}

/// Splits one text event around the terms used for the first time.
fn mark<'a>(text: &str, glossary: &Glossary, used: &mut HashSet<String>, out: &mut Vec<Event<'a>>) {
    let mut plain_from = 0;
    for (start, word) in words(text) {
        let Some(meaning) = glossary.meaning(word) else {
            continue;
        };
        if !used.insert(word.to_string()) {
            continue;
        }
        if start > plain_from {
            out.push(Event::Text(CowStr::from(
                text[plain_from..start].to_string(),
            )));
        }
        let mut html = String::from("<abbr title=\"");
        escape_html(&mut html, meaning).expect("writing to a String");
        html.push_str("\">");
        escape_html(&mut html, word).expect("writing to a String");
        html.push_str("</abbr>");
        out.push(Event::InlineHtml(CowStr::from(html)));
        plain_from = start + word.len();
    }
    if plain_from < text.len() {
        out.push(Event::Text(CowStr::from(text[plain_from..].to_string())));
    }
}

/// Each run of letters and digits, with where it starts.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MarkdownConfig;
    use crate::markdown::{LinkMap, render};

    fn html(body: &str) -> String {
        let glossary =
            Glossary::from_pairs(&[("ASB", "anti-social behaviour"), ("DA", "domestic abuse")]);
        render(body, &MarkdownConfig::default(), &LinkMap::new(), &glossary)
            .unwrap()
            .html
            .to_string()
    }

    #[test]
    fn marks_only_the_first_use_of_each() {
        assert_eq!(
            html("ASB and DA: ASB again, DAB and dA are other words."),
            "<p><abbr title=\"anti-social behaviour\">ASB</abbr> and \
             <abbr title=\"domestic abuse\">DA</abbr>: ASB again, DAB and dA are other words.</p>\n"
        );
    }

    #[test]
    fn never_in_links_headings_or_code() {
        let out = html("## ASB\n\n[ASB team](/asb/) and `ASB` in code.\n\n    ASB\n\nThen ASB.\n");
        assert_eq!(out.matches("<abbr").count(), 1, "{out}");
        assert!(
            out.contains("Then <abbr title=\"anti-social behaviour\">ASB</abbr>."),
            "{out}"
        );
        assert!(out.contains("<h2 id=\"asb\">ASB</h2>"), "{out}");
    }
}
