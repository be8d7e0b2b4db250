//! What templates see: borrowed views of pages and sections, turned into Tera
//! values once per build so that every list a page appears in shares them.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use serde::Serialize;
use tera::Value;

use crate::config::Config;
use crate::content::{Library, Page, Section, Taxonomies};
use crate::markdown::{Heading, Rendered};

mod page;

pub use page::{OwnOnly, PageField, generated_page_value, page_value};

/// A link to another page or section, for breadcrumbs and previous/next.
#[derive(Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: &'a str,
    /// Whether there is a page at `url`: not for a section with `render =
    /// false`, which breadcrumbs then show as text.
    pub published: bool,
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

/// How many sets of terms [`Shared`] keeps at most.
const TERM_SETS: usize = 4096;

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
    /// By set of terms, made when first asked for, up to [`TERM_SETS`]
    /// sets: a site's pages mostly share a few hundred (600 in 100,000 in
    /// the benchmark's partnership corpus), but where each page has its own
    /// (the varied corpus) the map held one for every page, 90 MB at
    /// 100,000 pages, and made nothing faster.
    terms: Mutex<HashMap<Taxonomies, Value>>,
    empty_map: Value,
}

/// Nothing made yet, for a library of no pages.
impl Default for Shared {
    fn default() -> Shared {
        Shared {
            breadcrumbs: Vec::new(),
            pages: Vec::new(),
            terms: Mutex::default(),
            empty_map: Value::from(tera::Map::new()),
        }
    }
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
        if terms.len() < TERM_SETS {
            terms.insert(taxonomies.clone(), value.clone());
        }
        value
    }

    fn page(&self, library: &Library, i: usize) -> Value {
        let link = || Value::from_serializable(&link_to_page(&library.pages[i]));
        self.pages[i].get_or_init(link).clone()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn tagged(n: usize) -> Taxonomies {
        let table: toml::Table = toml::from_str(&format!("areas = [\"area {n}\"]")).unwrap();
        Taxonomies::deserialize(toml::Value::Table(table)).unwrap()
    }

    /// Where every page has its own set of terms, keeping each set's value
    /// would hold one for every page: the sets past [`TERM_SETS`] are
    /// made for each page that asks, the same value all the same.
    #[test]
    fn sets_of_terms_are_kept_up_to_a_bound() {
        let shared = Shared::default();
        for n in (0..TERM_SETS + 100).chain(0..10) {
            let made = shared.terms(&tagged(n));
            assert_eq!(made, Value::from_serializable(&tagged(n)), "{n}");
        }
        assert_eq!(shared.terms.lock().unwrap().len(), TERM_SETS);
    }
}
