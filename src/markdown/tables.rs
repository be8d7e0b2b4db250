//! Tables, written by hand. pulldown-cmark aligns cells with `style=`
//! attributes, which a strict Content-Security-Policy blocks, and gives
//! headers no `scope`.
//!
//! A table wider than a phone scrolls sideways inside its own box, and a
//! keyboard user must be able to scroll it: so the box is a focusable
//! region, named by the table's caption (WCAG 2.1.1, axe's
//! `scrollable-region-focusable`). A caption is written as a paragraph of
//! its own just above the table, `Table: Funding by year`, as Pandoc
//! reads it; a table without one is named after the heading it is under.

use pulldown_cmark::{Alignment, CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

/// What a paragraph must start with to be the next table's caption.
const CAPTION: &str = "Table:";

#[derive(Default)]
pub(super) struct Table {
    alignments: Vec<Alignment>,
    in_head: bool,
    column: usize,
    /// The text of the last heading, and whether one is being read.
    heading: String,
    in_heading: bool,
}

impl Table {
    /// The HTML that takes the place of `event`, if it is part of a table.
    /// `events` are those written so far: a caption paragraph just before
    /// a table is taken from them into the table.
    ///
    /// Every tag but the table's own is a constant: a table of figures
    /// has many cells, and a `String` made for each was 3% of a build.
    pub(super) fn rewrite(
        &mut self,
        event: &Event,
        events: &mut Vec<Event>,
    ) -> Option<CowStr<'static>> {
        let html: &'static str = match event {
            Event::Start(Tag::Table(alignments)) => {
                self.alignments = alignments.clone();
                let caption = take_caption(events);
                let label = match (&caption, self.heading.trim()) {
                    (Some(caption), _) => caption.clone(),
                    (None, "") => "Table".to_string(),
                    (None, heading) => format!("Table: {heading}"),
                };
                let mut html = String::from(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"",
                );
                escape_html(&mut html, &label).expect("writing to a string");
                html.push_str("\"><table>");
                if let Some(caption) = caption {
                    html.push_str("<caption>");
                    escape_html(&mut html, &caption).expect("writing to a string");
                    html.push_str("</caption>");
                }
                return Some(html.into());
            }
            Event::End(TagEnd::Table) => "</tbody></table></div>\n",
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.column = 0;
                "<thead><tr>"
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                "</tr></thead><tbody>"
            }
            Event::Start(Tag::TableRow) => {
                self.column = 0;
                "<tr>"
            }
            Event::End(TagEnd::TableRow) => "</tr>",
            Event::Start(Tag::TableCell) => {
                let alignment = self.alignments.get(self.column);
                match (self.in_head, alignment) {
                    (true, Some(Alignment::Left)) => "<th scope=\"col\" class=\"align-left\">",
                    (true, Some(Alignment::Center)) => "<th scope=\"col\" class=\"align-center\">",
                    (true, Some(Alignment::Right)) => "<th scope=\"col\" class=\"align-right\">",
                    (true, _) => "<th scope=\"col\">",
                    (false, Some(Alignment::Left)) => "<td class=\"align-left\">",
                    (false, Some(Alignment::Center)) => "<td class=\"align-center\">",
                    (false, Some(Alignment::Right)) => "<td class=\"align-right\">",
                    (false, _) => "<td>",
                }
            }
            Event::End(TagEnd::TableCell) => {
                self.column += 1;
                if self.in_head { "</th>" } else { "</td>" }
            }
            _ => return None,
        };
        Some(html.into())
    }

    /// Keeps the text of the last heading, which names a table without a
    /// caption: called with every event.
    pub(super) fn note_heading(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.in_heading = true;
                self.heading.clear();
            }
            Event::End(TagEnd::Heading(_)) => self.in_heading = false,
            Event::Text(text) | Event::Code(text) if self.in_heading => self.heading.push_str(text),
            _ => {}
        }
    }
}

/// The caption a paragraph of plain text just before the table gives
/// (`Table: Funding by year`), taken out of `events`.
fn take_caption(events: &mut Vec<Event>) -> Option<String> {
    let Some(Event::End(TagEnd::Paragraph)) = events.last() else {
        return None;
    };
    let start = events
        .iter()
        .rposition(|e| matches!(e, Event::Start(Tag::Paragraph)))?;
    let mut text = String::new();
    for event in &events[start + 1..events.len() - 1] {
        match event {
            Event::Text(t) => text.push_str(t),
            Event::SoftBreak => text.push(' '),
            _ => return None,
        }
    }
    let caption = text.strip_prefix(CAPTION)?.trim().to_string();
    if caption.is_empty() {
        return None;
    }
    events.truncate(start);
    Some(caption)
}

#[cfg(test)]
mod tests {
    use crate::glossary::Glossary;
    use crate::markdown::{LinkMap, render};

    fn html(markdown: &str) -> String {
        let config = crate::config::MarkdownConfig::default();
        let rendered = render(markdown, &config, &LinkMap::new(), &Glossary::default());
        rendered
            .unwrap_or_else(|_| panic!("renders"))
            .html
            .to_string()
    }

    #[test]
    fn a_table_is_a_named_region_a_keyboard_can_scroll() {
        let table = "| Year | Grant |\n|:--|--:|\n| 2017/18 | £12,337 |\n";
        let captioned = html(&format!(
            "## Funding\n\nTable: Grants by year & source\n\n{table}"
        ));
        assert!(
            captioned.contains("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Grants by year &amp; source\"><table><caption>Grants by year &amp; source</caption>"),
            "{captioned}"
        );
        assert!(!captioned.contains("<p>Table:"), "{captioned}");
        // Without a caption, the region is named after the heading above.
        let under_heading = html(&format!("## Funding `2017`\n\n{table}"));
        assert!(
            under_heading.contains("aria-label=\"Table: Funding 2017\""),
            "{under_heading}"
        );
        assert!(!under_heading.contains("<caption>"));
        // A paragraph that is not plain text stays a paragraph.
        let emphasis = html(&format!("Table: *not* a caption\n\n{table}"));
        assert!(
            emphasis.contains("<p>Table: <em>not</em> a caption</p>"),
            "{emphasis}"
        );
        assert!(emphasis.contains("aria-label=\"Table\""), "{emphasis}");
    }
}
