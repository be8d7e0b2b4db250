//! Front matter: the TOML between the `+++` lines at the top of every content file.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use toml::Spanned;

pub use crate::config::InsertAnchor;
use crate::date::{Date, Quarter};
use crate::diagnostic::{Diagnostic, Result};
use crate::toml_error;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    /// Optional, as in Zola: a page without one is named after its file
    /// (`content::load`), and `check` asks for one.
    #[serde(default)]
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    /// When an officer should next check the page is still right; `check`
    /// warns once it has passed.
    pub review_by: Option<Date>,
    #[serde(default)]
    pub draft: bool,
    /// About something a reader may need to hide, such as domestic abuse:
    /// the page gets the quick exit and stays out of lists, feeds and search.
    #[serde(default)]
    pub sensitive: bool,
    /// A sensitive page readers need to find (J9): listed and searchable,
    /// still with the quick exit.
    #[serde(default)]
    pub findable: bool,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    /// The page's whole address below the base URL, as Zola's `path`:
    /// `path = "about/contact"` publishes at `/about/contact/`, whatever
    /// the file's folder and name.
    pub path: Option<Box<Spanned<String>>>,
    /// `render = false`: the page is read (for `get_page` and `@/` links)
    /// but not published, nor listed anywhere.
    #[serde(default = "yes")]
    pub render: bool,
    #[serde(default)]
    pub authors: Vec<String>,
    /// `in_search_index = false` leaves the page out of search.
    #[serde(default = "yes")]
    pub in_search_index: bool,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub template: Option<Box<Spanned<String>>>,
    #[serde(default)]
    pub taxonomies: Taxonomies,
    /// Makes this the page of a priority, scheme or partner in `data/`: its
    /// template gets that record as `priority`, `scheme` or `partner`.
    pub priority: Option<Box<Spanned<String>>>,
    pub scheme: Option<Box<Spanned<String>>>,
    pub partner: Option<Box<Spanned<String>>>,
    /// Makes this a progress report on one quarter of a plan. Boxed, like
    /// `path`, `template` and the claims above: few pages have any, and
    /// every page is kept for the whole build (360 bytes each unboxed,
    /// 36 MB at 100,000 pages).
    pub progress: Option<Box<ProgressFrontMatter>>,
    /// Makes this page an event: listed on /events/ and in the calendar file.
    pub event: Option<Box<EventFrontMatter>>,
    #[serde(default)]
    pub extra: toml::Table,
}

/// A page's `[taxonomies]`, sorted by name, each with its terms as written.
///
/// A sorted list rather than a `BTreeMap`: a map's first node has room for
/// eleven entries where a page names two or three, and thousands of pages
/// keep theirs for the whole build (half a kilobyte each).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Taxonomies(Vec<(String, Vec<String>)>);

impl Taxonomies {
    pub const EMPTY: Taxonomies = Taxonomies(Vec::new());

    pub fn iter(&self) -> std::slice::Iter<'_, (String, Vec<String>)> {
        self.0.iter()
    }
}

impl<'a> IntoIterator for &'a Taxonomies {
    type Item = &'a (String, Vec<String>);
    type IntoIter = std::slice::Iter<'a, (String, Vec<String>)>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'de> Deserialize<'de> for Taxonomies {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let map = BTreeMap::<String, Vec<String>>::deserialize(deserializer)?;
        let sorted = map.into_iter().map(|(name, mut terms)| {
            terms.shrink_to_fit();
            (name, terms)
        });
        Ok(Taxonomies(sorted.collect()))
    }
}

/// As a map, as templates see it: `page.taxonomies.priorities`.
impl Serialize for Taxonomies {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, terms)| (name, terms)))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgressFrontMatter {
    pub plan: Spanned<String>,
    pub quarter: Spanned<Quarter>,
}

/// `event = { start = 2026-06-10T10:00:00, end = 2026-06-10T15:00:00, location = "…" }`.
/// Dates without a time make an all-day event; `end` is the last day.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFrontMatter {
    pub start: Spanned<Date>,
    pub end: Option<Spanned<Date>>,
    pub location: Option<String>,
    /// The record gives only the month or quarter: `start` and `end` are
    /// the span the event fell in, not its day. The page says so, and the
    /// calendar file leaves it out rather than offer a month-long event.
    #[serde(default)]
    pub day_unknown: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFrontMatter {
    /// Optional, as for a page.
    #[serde(default)]
    pub title: String,
    pub description: Option<String>,
    #[serde(default)]
    pub sort_by: SortBy,
    pub weight: Option<i64>,
    /// A draft section, and everything below it, is left out of a build
    /// unless drafts are asked for.
    #[serde(default)]
    pub draft: bool,
    /// Splits the section's list of pages over several pages of this many each.
    pub paginate_by: Option<usize>,
    /// Lists the pages in the opposite order before splitting them.
    #[serde(default)]
    pub paginate_reversed: bool,
    /// The word before the number in a later page's address: `page` in
    /// `/news/page/2/`.
    pub paginate_path: Option<Spanned<String>>,
    pub template: Option<Spanned<String>>,
    /// The template for the pages in this section and the sections below
    /// it, unless a page or a nearer section names its own.
    pub page_template: Option<Spanned<String>>,
    /// Links on the headings of this section's pages: `left`, `right`,
    /// `heading` (the heading's text is the link) or `none`.
    pub insert_anchor_links: Option<InsertAnchor>,
    /// `render = false`: no page at the section's address; its pages are
    /// still published.
    #[serde(default = "yes")]
    pub render: bool,
    /// The section's address sends readers on to this one: `@/about/_index.md`,
    /// a path on this site such as `about/`, or a full web address.
    pub redirect_to: Option<Spanned<String>>,
    /// `in_search_index = false` leaves the section and its pages out of search.
    #[serde(default = "yes")]
    pub in_search_index: bool,
    /// Its pages are listed in the section above as well (a year's folder
    /// inside `news/`), and take their previous and next from there.
    #[serde(default)]
    pub transparent: bool,
    /// An Atom feed of this section's pages at its address + `atom.xml`.
    #[serde(default)]
    pub generate_feeds: bool,
    /// The pages here are a record of their time (old updates, past plans), so
    /// `check` does not warn that they have not been updated.
    #[serde(default)]
    pub archive: bool,
    /// When someone should check the section's own text is still right, as
    /// a page's `review_by`: the home page says what is true now too.
    pub review_by: Option<Date>,
    /// Every page in this section and those below it is sensitive.
    #[serde(default)]
    pub sensitive: bool,
    /// Who the section and its pages are written for: `residents` (the
    /// default) or `officers`, whose pages search lists after residents'.
    #[serde(default)]
    pub audience: Audience,
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    #[serde(default)]
    pub extra: toml::Table,
}

/// Who a section is written for. A resident searching "domestic abuse"
/// wants help, not the officers' guide to publishing a page about it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    #[default]
    Residents,
    Officers,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// Newest first.
    Date,
    /// Most recently updated (or, if never, written) first.
    UpdateDate,
    /// Lightest first.
    Weight,
    /// A to Z, numbers in number order ("Week 2" before "Week 10").
    Title,
    /// A to Z by the bytes of the title, capitals first.
    TitleBytes,
    /// A to Z by slug, numbers in number order.
    Slug,
    /// A to Z by address.
    Permalink,
    /// In the order of the file names.
    #[default]
    None,
}

fn yes() -> bool {
    true
}

/// Where the parts of a content file are, as byte offsets into the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub front_matter_start: usize,
    pub front_matter_end: usize,
    pub body_start: usize,
}

const HINT_SHAPE: &str = "a content file starts with a line `+++`, then TOML such as \
    `title = \"Anti-social behaviour\"`, then another line `+++`, then the Markdown";

/// Finds the front matter and the body. `file` is only used in messages.
pub fn split(text: &str, file: &Path) -> Result<Layout> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    // Blank lines before the opening `+++` are let through, as Zola does.
    let mut lines = line_spans(text, start).skip_while(|&(a, b)| text[a..b].trim().is_empty());
    let Some((first_start, first_end)) = lines.next() else {
        return Err(Diagnostic::error(file, "the file is empty")
            .hint(HINT_SHAPE)
            .into());
    };
    let first = text[first_start..first_end].trim_end();
    if first != "+++" {
        let hint = if first == "---" {
            "Lamplight reads TOML front matter between `+++` lines; YAML between `---` lines is not supported"
        } else {
            HINT_SHAPE
        };
        return Err(
            Diagnostic::error(file, "the file does not start with front matter (`+++`)")
                .at(text, first_start..first_end)
                .hint(hint)
                .into(),
        );
    }
    for (line_start, line_end) in lines {
        if text[line_start..line_end].trim_end() == "+++" {
            let body_start = (line_end + 1).min(text.len());
            return Ok(Layout {
                front_matter_start: (first_end + 1).min(text.len()),
                front_matter_end: line_start,
                body_start,
            });
        }
    }
    Err(Diagnostic::error(file, "the front matter opened here is never closed")
        .at(text, first_start..first_end)
        .hint("add a line containing only `+++` after the last front-matter setting, before the Markdown starts")
        .into())
}

/// Parses the front matter of `text` (the whole file) as `T`.
pub fn parse<T: serde::de::DeserializeOwned>(text: &str, layout: Layout, file: &Path) -> Result<T> {
    let range = layout.front_matter_start..layout.front_matter_end;
    toml_error::parse(text, range, file, "front matter", toml_error::keys_of::<T>)
}

/// The keys a page's front matter takes at its top level (but `extra`),
/// read from serde once per run: thousands of pages have an `[extra]`.
pub fn page_keys() -> &'static [String] {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(toml_error::keys_of::<PageFrontMatter>)
}

/// [`page_keys`] for a section's `_index.md`.
pub fn section_keys() -> &'static [String] {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(toml_error::keys_of::<SectionFrontMatter>)
}

/// The keys whose silent loss would publish a draft, drop a page's quick
/// exit or put it in search: misspelt under `[extra]`, they are errors.
const GUARDED: &[&str] = &["draft", "sensitive", "findable", "review_by"];

/// Refuses Lamplight's own keys written under `[extra]` (or a table inside
/// it), where TOML puts every line after the header and nothing reads
/// them, and near misses of the keys that protect readers.
pub fn check_extra(
    extra: &toml::Table,
    top_level: &[String],
    text: &str,
    layout: Layout,
    file: &Path,
) -> Result<()> {
    if extra.is_empty() {
        return Ok(());
    }
    let place = (file, text, layout.front_matter_start);
    toml_error::check_extra(extra, top_level, GUARDED, place)
}

/// `(start, end)` byte offsets of each line, without its `\n`.
fn line_spans(text: &str, from: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut position = from;
    std::iter::from_fn(move || {
        if position >= text.len() {
            return None;
        }
        let start = position;
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        position = end + 1;
        Some((start, end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> &'static Path {
        Path::new("content/a.md")
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "+++\ntitle = \"A\"\n+++\n# Body\n";
        let layout = split(text, file()).unwrap();
        assert_eq!(
            &text[layout.front_matter_start..layout.front_matter_end],
            "title = \"A\"\n"
        );
        assert_eq!(&text[layout.body_start..], "# Body\n");
        let page: PageFrontMatter = parse(text, layout, file()).unwrap();
        assert_eq!(page.title, "A");
    }

    #[test]
    fn taxonomies_are_sorted_by_name_and_shown_to_templates_as_a_map() {
        let text = "+++\ntitle = \"A\"\n[taxonomies]\nzones = [\"Ripon\"]\nareas = [\"Bedale\", \"Thirsk\"]\n+++\n";
        let page: PageFrontMatter = parse(text, split(text, file()).unwrap(), file()).unwrap();
        let names: Vec<&str> = page
            .taxonomies
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(names, ["areas", "zones"]);
        let value = tera::Value::from_serializable(&page.taxonomies);
        assert_eq!(
            value.to_string(),
            r#"{"areas": ["Bedale", "Thirsk"], "zones": ["Ripon"]}"#
        );
    }

    #[test]
    fn blank_lines_before_the_front_matter_are_let_through() {
        let text = "\n  \r\n+++\ntitle = \"A\"\n+++\nBody";
        let layout = split(text, file()).unwrap();
        assert_eq!(&text[layout.body_start..], "Body");
        assert!(split("\n\n", file()).is_err());
    }

    #[test]
    fn accepts_crlf_and_a_byte_order_mark() {
        let text = "\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nBody";
        let layout = split(text, file()).unwrap();
        assert_eq!(&text[layout.body_start..], "Body");
    }

    #[test]
    fn unclosed_front_matter_points_at_the_opening_line() {
        let err = split("+++\ntitle = \"A\"\n# Body\n", file()).unwrap_err();
        assert_eq!(
            err.0[0].message,
            "the front matter opened here is never closed"
        );
        assert_eq!((err.0[0].line, err.0[0].column), (1, 1));
    }

    #[test]
    fn missing_front_matter_and_yaml_get_their_own_hints() {
        let err = split("# Just Markdown\n", file()).unwrap_err();
        assert!(
            err.0[0]
                .message
                .contains("does not start with front matter")
        );
        let err = split("---\ntitle: A\n---\n", file()).unwrap_err();
        assert!(err.0[0].hint.as_deref().unwrap().contains("YAML"));
    }

    #[test]
    fn bad_sort_by_suggests_the_allowed_values() {
        let text = "+++\ntitle = \"S\"\nsort_by = \"dat\"\n+++\n";
        let layout = split(text, file()).unwrap();
        let err = parse::<SectionFrontMatter>(text, layout, file()).unwrap_err();
        let d = &err.0[0];
        assert_eq!((d.line, d.column), (3, 11));
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `date`?"),
            "{d:?}"
        );
    }
}
