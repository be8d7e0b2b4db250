//! What templates see: borrowed views of pages and sections, turned into Tera
//! values once per build so that every list a page appears in shares them.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;
use tera::Value;

use crate::config::Config;
use crate::content::{Library, Page, Section, Taxonomies};
use crate::markdown::{Heading, Rendered};

/// The fields a page's value in lists leaves out, given only to the
/// page's own template ([`own_page_value`]): those no template can read
/// from another page, as `crate::templates` finds by reading them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OwnOnly {
    /// Its HTML.
    pub content: bool,
    /// Its table of contents.
    pub toc: bool,
}

impl OwnOnly {
    pub fn any(self) -> bool {
        self.content || self.toc
    }

    /// Whether a page's shared value changes whenever its text does: when
    /// it holds the page's HTML (its table of contents is made from the
    /// same text). Otherwise an equal value says nothing of the text.
    pub fn value_follows_text(self) -> bool {
        !self.content
    }
}

/// A link to another page or section, for breadcrumbs and previous/next.
#[derive(Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: &'a str,
    /// Whether there is a page at `url`: not for a section with `render =
    /// false`, which breadcrumbs then show as text.
    pub published: bool,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    date: Option<String>,
    updated: Option<String>,
    url: &'a str,
    permalink: &'a str,
    slug: &'a str,
    relative_path: &'a str,
    summary: Option<&'a str>,
    /// Left out of the value lists share when only the page's own template
    /// reads it: see [`own_page_value`].
    #[serde(skip_serializing_if = "Option::is_none")]
    toc: Option<&'a [Heading]>,
    word_count: usize,
    /// Minutes, at 200 words a minute, never less than one.
    reading_time: usize,
    draft: bool,
    weight: Option<i64>,
    authors: &'a [String],
    sensitive: bool,
    findable: bool,
    /// In an `archive` section, or below one: a record of its time, which
    /// the theme says is not kept up to date.
    archived: bool,
    /// The id of the scheme it is about (`scheme = "…"`), for lists to
    /// look up its status with `get_scheme`.
    scheme: Option<&'a str>,
    event: Option<EventView<'a>>,
    // `taxonomies` comes next in the value: see [`view_map`].
    assets: Vec<String>,
    /// Its language's code, as Zola's `page.lang`.
    lang: &'a str,
    /// Its versions in the site's languages, itself among them, as Zola's
    /// `page.translations`; empty when it has none.
    translations: Vec<Translation<'a>>,
}

/// One version of a page or section, in one of the site's languages.
#[derive(Serialize)]
struct Translation<'a> {
    lang: &'a str,
    title: &'a str,
    url: &'a str,
    permalink: String,
}

/// An item's versions in every language, as templates and the sitemap
/// show them (`lang`, `title`, `url`, `permalink`); empty when it has none.
pub fn translations_value(
    config: &Config,
    library: &Library,
    item: crate::content::ItemRef,
) -> Value {
    Value::from_serializable(&translations(config, library, item))
}

fn translations<'a>(
    config: &'a Config,
    library: &'a Library,
    item: crate::content::ItemRef<'a>,
) -> Vec<Translation<'a>> {
    let versions = library.translations_of(item);
    if versions.len() < 2 {
        return Vec::new();
    }
    versions
        .into_iter()
        .map(|version| Translation {
            lang: config.language_code(version.file().lang.as_deref()),
            title: version.title(),
            url: version.url(),
            permalink: config.absolute_url(version.url()),
        })
        .collect()
}

/// When and where an event page's event is.
#[derive(Serialize)]
struct EventView<'a> {
    start: String,
    /// The last day, or the end time.
    end: String,
    all_day: bool,
    /// Whether it ends on another day from the one it starts.
    several_days: bool,
    /// Only the span it fell in is known, not the day.
    day_unknown: bool,
    location: Option<&'a str>,
}

#[derive(Serialize)]
struct SectionView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: &'a str,
    permalink: &'a str,
    relative_path: &'a str,
    toc: &'a [Heading],
    word_count: usize,
    weight: Option<i64>,
    sensitive: bool,
    /// An `archive`, or below one: see [`PageView`]'s.
    archived: bool,
    /// `render = false`: there is no page at `url`, so menus leave it out.
    render: bool,
    /// False when the section says `[extra] in_menu = false` (the officers'
    /// guide): the theme's main menu leaves it out. A plain field, because
    /// a Tera test on every menu item of every page costs far more.
    in_menu: bool,
    transparent: bool,
    page_count: usize,
    ancestors: Vec<Link<'a>>,
    assets: Vec<String>,
    lang: &'a str,
    translations: Vec<Translation<'a>>,
}

fn link_to_section<'a>(library: &'a Library, i: usize) -> Link<'a> {
    let section = &library.sections[i];
    Link {
        title: &section.meta.title,
        url: &section.url,
        published: section.meta.render,
    }
}

fn link_to_page(page: &Page) -> Link<'_> {
    Link {
        title: &page.meta.title,
        url: &page.url,
        published: page.meta.render,
    }
}

fn asset_urls(config: &Config, assets: &[crate::content::Asset]) -> Vec<String> {
    assets
        .iter()
        .map(|a| format!("{}{}", config.base_path(), a.output))
        .collect()
}

/// `rendered` is the page's Markdown, from [`crate::content::Texts`]. The
/// value is the one every list, feed and lookup shares: without the
/// fields in `own_only`, which [`own_page_value`] adds for the page's own
/// template.
pub fn page_value(
    config: &Config,
    library: &Library,
    shared: &Shared,
    page: &Page,
    rendered: &Rendered,
    own_only: OwnOnly,
) -> Value {
    let view = PageView {
        title: &page.meta.title,
        description: page.meta.description.as_deref(),
        date: page.date.map(|d| d.to_string()),
        updated: page.meta.updated.map(|d| d.to_string()),
        url: &page.url,
        permalink: &page.permalink,
        slug: &page.slug,
        relative_path: &page.file.relative,
        summary: rendered.summary.as_deref(),
        toc: (!own_only.toc).then_some(&rendered.toc[..]),
        word_count: rendered.word_count,
        reading_time: rendered.word_count.div_ceil(200).max(1),
        draft: page.meta.draft,
        weight: page.meta.weight,
        authors: &page.meta.authors,
        sensitive: page.sensitive,
        findable: page.findable,
        archived: library.in_archive(page),
        scheme: page.meta.scheme.as_ref().map(|s| s.get_ref().as_str()),
        event: page.meta.event.as_ref().map(|event| {
            let start = *event.start.get_ref();
            let end = event.end.as_ref().map_or(start, |e| *e.get_ref());
            EventView {
                start: start.to_string(),
                end: end.to_string(),
                all_day: !start.has_time,
                several_days: end.datetime.date() != start.datetime.date(),
                day_unknown: event.day_unknown,
                location: event.location.as_deref(),
            }
        }),
        assets: asset_urls(config, &page.assets),
        lang: config.language_code(page.file.lang.as_deref()),
        translations: translations(config, library, crate::content::ItemRef::Page(page)),
    };
    let neighbour = |i: Option<usize>| Value::from(i.map(|i| shared.page(library, i)));
    let mut map = view_map(&view, shared.terms(&page.meta.taxonomies));
    map.insert("ancestors".into(), shared.breadcrumbs[page.section].clone());
    map.insert("previous".into(), neighbour(page.previous));
    map.insert("next".into(), neighbour(page.next));
    if !own_only.content {
        map.insert("content".into(), rendered.html.value());
    }
    let extra = match page.meta.extra.is_empty() {
        true => shared.empty_map.clone(),
        false => toml_table(&page.meta.extra),
    };
    map.insert("extra".into(), extra);
    Value::from(map)
}

/// A page's view as a map, with its `taxonomies` (made once for each set
/// of terms and shared) in their place after `event`.
fn view_map(view: &PageView, taxonomies: Value) -> tera::Map {
    let mut map = Value::from_serializable(view)
        .into_map()
        .expect("a page's view is a map");
    insert_after(&mut map, "event", "taxonomies", taxonomies);
    map
}

/// Puts `key` into `map` right after `field` (at the end if there is no
/// `field`), so that a page's fields keep one order however its value was
/// put together.
fn insert_after(map: &mut tera::Map, field: &'static str, key: &'static str, value: Value) {
    let at = map.get_index_of(&tera::value::Key::from(field));
    map.shift_insert(at.map_or(map.len(), |i| i + 1), key.into(), value);
}

/// The value a page's own template gets: the shared `value` from
/// [`page_value`] with the fields it left out put back where they were,
/// so that the page sees what it would have seen had no list shared it.
/// Made as its page is rendered and let go after, so a build holds one
/// page's HTML and contents as values at a time, not every page's.
pub fn own_page_value(value: &Value, rendered: &Rendered, own_only: OwnOnly) -> Value {
    if !own_only.any() {
        return value.clone();
    }
    let mut map = value.as_map().cloned().unwrap_or_default();
    if own_only.toc {
        let toc = Value::from_serializable(&rendered.toc);
        insert_after(&mut map, "summary", "toc", toc);
    }
    if own_only.content {
        insert_after(&mut map, "next", "content", rendered.html.value());
    }
    Value::from(map)
}

/// The parts of pages' values that many pages have alike, each made once
/// and shared by every page that shows it: the links pages show to their
/// sections and neighbours, each set of terms pages are tagged with, and
/// an empty `extra`. Each is a small map, and pages making their own held
/// a large share of a big build's memory (docs/BENCHMARKS.md).
pub struct Shared {
    /// By section: the breadcrumbs of a page in it, from the home page down.
    breadcrumbs: Vec<Value>,
    /// By page, made when first asked for: `serve` makes again only the
    /// values of the pages an edit changed, and their neighbours' links.
    pages: Vec<OnceLock<Value>>,
    /// By set of terms, made when first asked for; a site has far fewer
    /// sets than pages (600 in 100,000 in the benchmark's corpus).
    terms: Mutex<HashMap<Taxonomies, Value>>,
    empty_map: Value,
}

impl Shared {
    pub fn new(library: &Library) -> Shared {
        let sections: Vec<Value> = (0..library.sections.len())
            .map(|i| Value::from_serializable(&link_to_section(library, i)))
            .collect();
        let breadcrumbs = library
            .sections
            .iter()
            .enumerate()
            .map(|(i, section)| {
                let path = section.ancestors.iter().chain([&i]);
                Value::from(path.map(|&a| sections[a].clone()).collect::<Vec<_>>())
            })
            .collect();
        Shared {
            breadcrumbs,
            pages: library.pages.iter().map(|_| OnceLock::new()).collect(),
            terms: Mutex::default(),
            empty_map: Value::from(tera::Map::new()),
        }
    }

    fn terms(&self, taxonomies: &Taxonomies) -> Value {
        let mut terms = self.terms.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(value) = terms.get(taxonomies) {
            return value.clone();
        }
        let value = Value::from_serializable(taxonomies);
        terms.insert(taxonomies.clone(), value.clone());
        value
    }

    fn page(&self, library: &Library, i: usize) -> Value {
        let link = || Value::from_serializable(&link_to_page(&library.pages[i]));
        self.pages[i].get_or_init(link).clone()
    }
}

/// A page made from data, shaped like a content page so shared templates
/// work; it is in the site's own language, `lang`.
pub fn generated_page_value(
    title: &str,
    description: Option<&str>,
    url: &str,
    permalink: &str,
    ancestors: &[Link],
    sensitive: bool,
    lang: &str,
) -> Value {
    let view = PageView {
        title,
        description,
        date: None,
        updated: None,
        url,
        permalink,
        slug: url
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default(),
        relative_path: "",
        summary: None,
        toc: Some(&[]),
        word_count: 0,
        reading_time: 1,
        draft: false,
        weight: None,
        authors: &[],
        sensitive,
        findable: false,
        // A plan's pages say its period and whether it has ended instead.
        archived: false,
        scheme: None,
        event: None,
        assets: Vec::new(),
        lang,
        translations: Vec::new(),
    };
    let taxonomies = Value::from_serializable(&Taxonomies::EMPTY);
    with_fields(
        Value::from(view_map(&view, taxonomies)),
        [
            ("ancestors", Value::from_serializable(ancestors)),
            ("previous", Value::none()),
            ("next", Value::none()),
            ("content", Value::from("")),
            ("extra", Value::from(tera::Map::new())),
        ],
    )
}

/// A section without its pages: what a parent's `subsections` lists.
pub fn section_summary_value(
    config: &Config,
    library: &Library,
    section: &Section,
    rendered: &Rendered,
) -> Value {
    let view = SectionView {
        title: &section.meta.title,
        description: section.meta.description.as_deref(),
        url: &section.url,
        permalink: &section.permalink,
        relative_path: &section.file.relative,
        toc: &rendered.toc,
        word_count: rendered.word_count,
        weight: section.meta.weight,
        sensitive: section.sensitive,
        archived: library.section_in_archive(section),
        render: section.meta.render,
        in_menu: section
            .meta
            .extra
            .get("in_menu")
            .and_then(toml::Value::as_bool)
            != Some(false),
        transparent: section.meta.transparent,
        page_count: section.pages.len(),
        ancestors: section
            .ancestors
            .iter()
            .map(|&i| link_to_section(library, i))
            .collect(),
        assets: asset_urls(config, &section.assets),
        lang: config.language_code(section.file.lang.as_deref()),
        translations: translations(config, library, crate::content::ItemRef::Section(section)),
    };
    with_fields(
        Value::from_serializable(&view),
        [
            ("content", rendered.html.value()),
            ("extra", toml_table(&section.meta.extra)),
        ],
    )
}

/// A section with its subsections but not its pages: what
/// `get_section(path=…, metadata_only=true)` gives, for menus that should not
/// change when a page's text does.
pub fn section_metadata_value(
    summary: &Value,
    section: &Section,
    section_summaries: &[Value],
) -> Value {
    let subsections: Vec<Value> = section
        .subsections
        .iter()
        .map(|&i| section_summaries[i].clone())
        .collect();
    with_fields(summary.clone(), [("subsections", Value::from(subsections))])
}

/// A section with its pages too, sharing the values already made for them.
pub fn section_value(metadata: &Value, section: &Section, page_values: &[Value]) -> Value {
    let pages: Vec<Value> = section
        .pages
        .iter()
        .map(|&i| page_values[i].clone())
        .collect();
    with_fields(metadata.clone(), [("pages", Value::from(pages))])
}

/// A map value of `fields`, for the small records templates get.
pub fn map<const N: usize>(fields: [(&'static str, Value); N]) -> Value {
    with_fields(Value::from(tera::Map::new()), fields)
}

/// Adds `fields` to a map value.
pub fn with_fields<const N: usize>(value: Value, fields: [(&'static str, Value); N]) -> Value {
    let mut map = value.into_map().unwrap_or_default();
    for (key, field) in fields {
        map.insert(key.into(), field);
    }
    Value::from(map)
}

/// TOML to Tera by hand, so dates arrive as `2017-07-01` strings rather than
/// toml's private date struct.
pub fn toml_value(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::from(s.as_str()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::from(*b),
        toml::Value::Datetime(d) => Value::from(d.to_string()),
        toml::Value::Array(items) => Value::from(items.iter().map(toml_value).collect::<Vec<_>>()),
        toml::Value::Table(table) => toml_table(table),
    }
}

pub fn toml_table(table: &toml::Table) -> Value {
    let mut map = tera::Map::new();
    for (key, value) in table {
        map.insert(key.clone().into(), toml_value(value));
    }
    Value::from(map)
}

/// `config` as templates see it: the settings, `base_path`, and `extra` as plain values.
pub fn config_value(config: &Config) -> Value {
    with_fields(
        Value::from_serializable(config),
        [
            ("extra", toml_table(&config.extra)),
            ("base_path", Value::from(config.base_path())),
        ],
    )
}
