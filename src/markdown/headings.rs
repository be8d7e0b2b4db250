//! Heading ids and the table of contents.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use serde::Serialize;

use crate::config::InsertAnchor;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<Heading>,
}

/// Hands out ids that are unique within one page: `funding`, `funding-1`, …
#[derive(Debug, Default)]
pub struct Ids {
    used: HashSet<String>,
    /// The next suffix to try for each base, so a page of ten thousand
    /// headings with one name takes ten thousand steps, not fifty million.
    next: HashMap<String, usize>,
}

impl Ids {
    pub fn claim(&mut self, wanted: &str) -> String {
        let base = match slug::slugify(wanted) {
            s if s.is_empty() => "section".to_string(),
            s => s,
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }

    /// Records an id the author chose with `{#id}`, so generated ones avoid it.
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }
}

/// Puts a link to each heading in it, where `how` says, once every heading
/// has its id: so a reader can copy the address of one part of a page.
/// The link's name says what it is; its visible `#` is decoration.
pub fn insert_anchor_links(events: Vec<Event<'_>>, how: InsertAnchor) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len() + events.len() / 8);
    let mut open: Option<String> = None;
    let anchor = |id: &str| {
        let id = pulldown_cmark_escape_attribute(id);
        Event::InlineHtml(CowStr::from(format!(
            "<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>"
        )))
    };
    for event in events {
        match &event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                let id = id.to_string();
                out.push(event);
                match how {
                    InsertAnchor::Left => out.push(anchor(&id)),
                    InsertAnchor::Heading => out.push(Event::InlineHtml(CowStr::from(format!(
                        "<a class=\"heading-link\" href=\"#{}\">",
                        pulldown_cmark_escape_attribute(&id)
                    )))),
                    _ => {}
                }
                open = Some(id);
            }
            Event::End(TagEnd::Heading(_)) => {
                match (how, open.take()) {
                    (InsertAnchor::Right, Some(id)) => out.push(anchor(&id)),
                    (InsertAnchor::Heading, Some(_)) => {
                        out.push(Event::InlineHtml(CowStr::from("</a>")))
                    }
                    _ => {}
                }
                out.push(event);
            }
            _ => out.push(event),
        }
    }
    out
}

/// An id as an attribute's value: ids come from `{#…}` as written.
fn pulldown_cmark_escape_attribute(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    pulldown_cmark_escape::escape_href(&mut out, id).expect("writing to a String");
    out
}

/// Nests headings in document order under the nearest shallower one before them.
pub fn table_of_contents(flat: Vec<Heading>) -> Vec<Heading> {
    let mut toc: Vec<Heading> = Vec::new();
    for heading in flat {
        insert(&mut toc, heading);
    }
    toc
}

fn insert(siblings: &mut Vec<Heading>, heading: Heading) {
    match siblings.last_mut() {
        Some(last) if last.level < heading.level => insert(&mut last.children, heading),
        _ => siblings.push(heading),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::InsertAnchor;

    fn html_with(how: InsertAnchor) -> String {
        let options = pulldown_cmark::Options::empty();
        let events: Vec<_> = pulldown_cmark::Parser::new_ext(
            "## Who we are {#who}\n\nText\n",
            options | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES,
        )
        .collect();
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            super::insert_anchor_links(events, how).into_iter(),
        );
        html
    }

    #[test]
    fn anchor_links_go_left_right_or_round_the_heading() {
        let anchor =
            r##"<a class="heading-anchor" href="#who" aria-label="Link to this section">#</a>"##;
        assert_eq!(
            html_with(InsertAnchor::Left),
            format!("<h2 id=\"who\">{anchor}Who we are</h2>\n<p>Text</p>\n")
        );
        assert_eq!(
            html_with(InsertAnchor::Right),
            format!("<h2 id=\"who\">Who we are{anchor}</h2>\n<p>Text</p>\n")
        );
        assert_eq!(
            html_with(InsertAnchor::Heading),
            "<h2 id=\"who\"><a class=\"heading-link\" href=\"#who\">Who we are</a></h2>\n<p>Text</p>\n"
        );
    }

    use super::*;

    fn h(level: u8, title: &str) -> Heading {
        Heading {
            level,
            id: slug::slugify(title),
            title: title.into(),
            children: vec![],
        }
    }

    fn shape(toc: &[Heading]) -> String {
        toc.iter()
            .map(|h| {
                if h.children.is_empty() {
                    h.title.clone()
                } else {
                    format!("{}({})", h.title, shape(&h.children))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn nests_by_level_and_tolerates_skipped_levels() {
        let toc = table_of_contents(vec![
            h(2, "a"),
            h(3, "b"),
            h(4, "c"),
            h(3, "d"),
            h(2, "e"),
            h(4, "f"),
            h(1, "g"),
        ]);
        assert_eq!(shape(&toc), "a(b(c) d) e(f) g");
    }

    #[test]
    fn ids_are_slugs_made_unique() {
        let mut ids = Ids::default();
        ids.reserve("funding-1");
        assert_eq!(ids.claim("Funding"), "funding");
        assert_eq!(ids.claim("Funding"), "funding-2");
        assert_eq!(ids.claim("Who we are?"), "who-we-are");
        assert_eq!(ids.claim("!!!"), "section");
    }
}
