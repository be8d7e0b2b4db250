//! What templates look things up in ([`Lookup`]): the site's addresses,
//! its pages' and sections' values once rendered, its data and words; and
//! the functions that read them (`get_url`, `get_page`, `get_section`),
//! which note what each render looked up so `serve` knows what to render
//! again after an edit.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use tera::{Kwargs, TeraResult, Value};

use crate::config::Config;
use crate::data::values::DataValues;

/// What `get_url`, `get_page`, `get_section` and the data functions look
/// things up in.
pub struct Lookup {
    /// The site folder, which `load_data` and `get_hash` read below.
    pub root: PathBuf,
    pub config: Config,
    /// Where the theme's files come from: built in, the site's, or both.
    pub theme: crate::theme::Theme,
    /// Content-relative path to URL.
    pub urls: HashMap<String, String>,
    /// Set once the Markdown is rendered (shortcodes run before that), and
    /// replaced when `serve` applies an edit.
    pub content: RwLock<Option<ContentValues>>,
    pub data: DataValues,
    /// The theme's words in each language, for `t` and `trans`.
    pub strings: crate::strings::Strings,
    /// The copies `resize_image` made, by where they are published (below
    /// the base path), to publish with the site: [`Lookup::resized`].
    pub images: Mutex<BTreeMap<String, PathBuf>>,
    /// The parts `include_cached` has rendered in this render.
    pub cached: super::cached::Cache,
}

impl Lookup {
    /// Gives templates the values of this render's pages and sections
    /// (`None` between renders), and forgets the parts the last render
    /// cached, which may show what has changed since.
    pub fn set_content(&self, content: Option<ContentValues>) {
        *self.content.write().expect("content values lock") = content;
        self.cached.clear();
    }

    /// Every copy `resize_image` has made for this site, to publish.
    pub fn resized(&self) -> BTreeMap<String, PathBuf> {
        self.images.lock().expect("resized images lock").clone()
    }
}

/// Every page's and section's template value, by content-relative path.
#[derive(Clone, Default)]
pub struct ContentValues {
    pub pages: Arc<ByPath>,
    pub sections: Arc<ByPath>,
    /// Sections without their pages.
    pub section_metadata: Arc<ByPath>,
    /// Taxonomies by [`taxonomy_key`], as `get_taxonomy` gives them.
    pub taxonomies: Arc<ByPath>,
}

/// Where [`ContentValues::taxonomies`] keeps a taxonomy: by its name, and
/// its language's code after a `/` when it is not the site's own.
pub fn taxonomy_key(name: &str, lang: Option<&str>) -> String {
    match lang {
        None => name.to_string(),
        Some(code) => format!("{name}/{code}"),
    }
}

/// Values by content-relative path. Made for every render and looked up for
/// every output, so hashed with foldhash rather than SipHash.
pub type ByPath = foldhash::HashMap<String, Value>;

impl ContentValues {
    pub fn get(&self, used: &Dependency) -> Option<&Value> {
        match used {
            Dependency::Page(relative) => self.pages.get(relative),
            Dependency::Section(relative) => self.sections.get(relative),
            Dependency::SectionMetadata(relative) => self.section_metadata.get(relative),
            Dependency::Taxonomy(name) => self.taxonomies.get(name),
        }
    }
}

/// A page or section a template looked up with `get_page` or `get_section`:
/// what its output depends on beyond its own context.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dependency {
    Page(String),
    Section(String),
    /// `get_section` with `metadata_only=true`: the section without its pages.
    SectionMetadata(String),
    /// `get_taxonomy` or `get_taxonomy_term`: a taxonomy with its terms' pages.
    Taxonomy(String),
}

thread_local! {
    /// What the render running on this thread has looked up; `None` when no
    /// one is listening. A render never leaves its thread, so this is exact.
    pub(super) static LOOKED_UP: RefCell<Option<Vec<Dependency>>> = const { RefCell::new(None) };
}

/// `schemes/j9/index.md` in `cy`: `schemes/j9/index.cy.md`.
fn translated_path(file: &str, lang: &str) -> String {
    let stem = file.strip_suffix(".md").unwrap_or(file);
    format!("{stem}.{lang}.md")
}

/// `get_url(path="@/priorities/asb.md")` → `/priorities/asb/`;
/// with `lang="cy"`, its Welsh version's address if it has one;
/// `get_url(path="css/site.css")` → `/css/site.css` (under the base path);
/// `absolute=true` gives the full address.
pub(super) fn get_url(lookup: &Lookup, kwargs: &Kwargs) -> TeraResult<String> {
    let path: &str = kwargs.must_get("path")?;
    let absolute: bool = kwargs.get("absolute")?.unwrap_or(false);
    let url = match path.strip_prefix("@/") {
        Some(relative) => {
            let (file, anchor) = match relative.split_once('#') {
                Some((file, anchor)) => (file, format!("#{anchor}")),
                None => (relative, String::new()),
            };
            // Zola's `lang`: the file's translation, where the site has one.
            let lang: Option<&str> = kwargs.get("lang")?;
            let translated = lang
                .filter(|lang| *lang != lookup.config.language)
                .and_then(|lang| lookup.urls.get(&translated_path(file, lang)));
            let url = translated
                .or_else(|| lookup.urls.get(file))
                .ok_or_else(|| {
                    tera::Error::message(format!("get_url: there is no content file `{file}`"))
                })?;
            format!("{url}{anchor}")
        }
        None => format!(
            "{}{}",
            lookup.config.base_path(),
            path.trim_start_matches('/')
        ),
    };
    Ok(if absolute {
        lookup.config.absolute_url(&url)
    } else {
        url
    })
}

pub(super) fn find(
    lookup: &Lookup,
    kwargs: &Kwargs,
    function: &str,
    dependency: fn(String) -> Dependency,
) -> TeraResult<Value> {
    let path: &str = kwargs.must_get("path")?;
    let wanted = dependency(path.trim_start_matches("@/").to_string());
    let content = lookup.content.read().expect("content values lock");
    let Some(content) = content.as_ref() else {
        return Err(tera::Error::message(format!(
            "{function} cannot be used in a shortcode: pages are not rendered yet"
        )));
    };
    let found = content.get(&wanted).cloned();
    let (Dependency::Page(relative)
    | Dependency::Section(relative)
    | Dependency::SectionMetadata(relative)
    | Dependency::Taxonomy(relative)) = &wanted;
    let error = format!("{function}: there is no content file `{relative}`");
    looked_up(wanted);
    found.ok_or_else(|| tera::Error::message(error))
}

/// Notes that the render running on this thread used `wanted`, so that
/// `serve` renders it again when `wanted` changes.
pub(super) fn looked_up(wanted: Dependency) {
    LOOKED_UP.with_borrow_mut(|l| l.as_mut().map(|l| l.push(wanted)));
}
