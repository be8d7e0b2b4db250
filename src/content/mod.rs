//! The content tree: pages and sections read from `content/`, linked to each
//! other and sorted, ready to render.
//!
//! The layout is Zola's on purpose, so an existing Zola `content/` builds:
//! a folder with `_index.md` is a section, any other `.md` file is a page, and
//! a folder with `index.md` is a page bundle whose other files are copied beside it.

mod addresses;
pub mod front_matter;
mod load;
mod paths;
pub mod sorting;
mod tree;
mod walk;

use std::collections::HashMap;
use std::path::PathBuf;

pub use addresses::{claim_addresses, claim_aliases, first_pager_alias};
pub use front_matter::{Audience, PageFrontMatter, SectionFrontMatter, SortBy, Taxonomies};
pub use load::{Parsed, front_matter_errors, load, read_file, replace, replace_page};
pub use paths::capitalise;
pub use tree::{home_file, make_sensitive};

use crate::date::Date;
use crate::markdown::Rendered;

/// A content file as read from disk.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    /// Relative to `content/`, with `/` separators: the key `@/` links use.
    pub relative: String,
    /// How messages name the file: relative to the site root.
    pub shown: PathBuf,
    /// The language its name gives (`j9.cy.md` → `cy`), one of
    /// `[languages]`; `None` for the site's own language.
    pub lang: Option<String>,
    pub text: String,
    /// Byte offsets into `text`: spans from the front-matter parser are relative to the first.
    pub front_matter_start: usize,
    pub body_start: usize,
    /// Different for every reading of every file in this process, so a
    /// render can tell what is unchanged since the last one by comparing
    /// numbers instead of contents (see `render::values` and `ValueKey`).
    pub revision: u64,
}

/// The next [`SourceFile::revision`].
pub fn next_revision() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl SourceFile {
    /// The file's name without `.md` or its language: `j9.cy.md` → `j9`,
    /// `_index.cy.md` → `_index`.
    pub fn stem(&self) -> &str {
        let name = self.relative.rsplit('/').next().unwrap_or(&self.relative);
        let stem = name.strip_suffix(".md").unwrap_or(name);
        match &self.lang {
            Some(code) => stem
                .strip_suffix(code.as_str())
                .and_then(|s| s.strip_suffix('.'))
                .unwrap_or(stem),
            None => stem,
        }
    }

    /// The path every translation of the file shares: `schemes/j9.md` for
    /// `schemes/j9.cy.md`.
    pub fn canonical(&self) -> String {
        let dir = self.relative.rsplit_once('/').map_or("", |(dir, _)| dir);
        let slash = if dir.is_empty() { "" } else { "/" };
        format!("{dir}{slash}{}.md", self.stem())
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// Lets go of the body, keeping the front matter that later messages
    /// point into. For a build, once the file's Markdown is rendered: the
    /// sources are as large as their HTML, and a build never reads them
    /// again.
    pub fn forget_body(&mut self) {
        self.text.truncate(self.body_start);
        self.text.shrink_to_fit();
    }
}

/// A file copied to the output beside the page or section that owns it.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Where it goes, relative to the output folder.
    pub output: String,
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    pub file: SourceFile,
    pub meta: PageFrontMatter,
    /// `date` from the front matter, or from a `2017-07-01-` file-name prefix.
    pub date: Option<Date>,
    pub slug: String,
    /// Root-relative URL including the site's base path, e.g. `/priorities/asb/`.
    pub url: String,
    /// Absolute URL on the published site.
    pub permalink: String,
    pub section: usize,
    /// Sections from the home page down to the parent, for breadcrumbs.
    pub ancestors: Vec<usize>,
    pub previous: Option<usize>,
    pub next: Option<usize>,
    pub assets: Vec<Asset>,
    /// About something a reader may need to hide (domestic abuse, say): the
    /// page gets the quick exit and stays out of feeds and search unless
    /// [`findable`](Self::findable). Set by `sensitive = true` on the page or
    /// a section above it, or by claiming a sensitive scheme.
    pub sensitive: bool,
    /// `findable = true`: a sensitive page whose title may still appear in
    /// feeds and search results, because readers need to find it.
    pub findable: bool,
    /// The front matter gave no title: the page is named after its slug,
    /// and `check` asks for one.
    pub untitled: bool,
}

impl Page {
    /// Whether the page's title may be shown away from the page itself, in
    /// feeds and search results: someone who reads a feed or searches on a
    /// shared device should not leave a trail to a sensitive page.
    /// A page with `render = false` is announced nowhere: it is not published.
    pub fn announced(&self) -> bool {
        self.meta.render && (!self.sensitive || self.findable)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Section {
    pub file: SourceFile,
    pub meta: SectionFrontMatter,
    pub url: String,
    pub permalink: String,
    pub parent: Option<usize>,
    pub ancestors: Vec<usize>,
    /// Indices into [`Library::pages`], in the section's sort order.
    pub pages: Vec<usize>,
    /// Indices into [`Library::sections`], by weight then path.
    pub subsections: Vec<usize>,
    pub assets: Vec<Asset>,
    /// `sensitive = true` here or on a section above: every page in it is sensitive.
    pub sensitive: bool,
    /// As [`Page::untitled`]: named after its folder.
    pub untitled: bool,
}

impl Section {
    /// Whether the section's own page may be listed where readers and
    /// search engines find pages (the A–Z, the sitemap, search): not a
    /// sensitive one, nor one that has no page of its own.
    pub fn listed(&self) -> bool {
        !self.sensitive && self.meta.render && self.meta.redirect_to.is_none()
    }

    /// How many pages each page of its list shows, when it is split and
    /// makes pages of its own: not when it redirects or is not rendered.
    pub fn paginated(&self) -> Option<usize> {
        let own_pages = self.meta.render && self.meta.redirect_to.is_none();
        self.meta.paginate_by.filter(|_| own_pages)
    }

    /// The word before the number in a later page's address: `page`.
    pub fn paginate_path(&self) -> &str {
        self.meta
            .paginate_path
            .as_ref()
            .map_or(crate::paginate::PAGE, |p| p.get_ref().as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Page(usize),
    Section(usize),
}

/// A page or a section, borrowed, with what both have: for the consumers
/// that go over every page and then every section.
#[derive(Debug, Clone, Copy)]
pub enum ItemRef<'a> {
    Page(&'a Page),
    Section(&'a Section),
}

impl<'a> ItemRef<'a> {
    pub fn file(self) -> &'a SourceFile {
        match self {
            ItemRef::Page(p) => &p.file,
            ItemRef::Section(s) => &s.file,
        }
    }

    pub fn url(self) -> &'a str {
        match self {
            ItemRef::Page(p) => &p.url,
            ItemRef::Section(s) => &s.url,
        }
    }

    pub fn title(self) -> &'a str {
        match self {
            ItemRef::Page(p) => &p.meta.title,
            ItemRef::Section(s) => &s.meta.title,
        }
    }

    /// Whether the front matter gave no title (see [`Page::untitled`]).
    pub fn untitled(self) -> bool {
        match self {
            ItemRef::Page(p) => p.untitled,
            ItemRef::Section(s) => s.untitled,
        }
    }

    pub fn described(self) -> bool {
        match self {
            ItemRef::Page(p) => p.meta.description.is_some(),
            ItemRef::Section(s) => s.meta.description.is_some(),
        }
    }

    /// Whether it is published: `render = false` says not. A section that
    /// is not still has its pages published.
    pub fn rendered(self) -> bool {
        match self {
            ItemRef::Page(p) => p.meta.render,
            ItemRef::Section(s) => s.meta.render,
        }
    }

    pub fn aliases(self) -> &'a [toml::Spanned<String>] {
        match self {
            ItemRef::Page(p) => &p.meta.aliases,
            ItemRef::Section(s) => &s.meta.aliases,
        }
    }
}

/// Every page's and section's rendered Markdown, by the same index as
/// [`Library::pages`] and [`Library::sections`]. Made once the templates
/// exist (shortcodes need them) and kept beside the library rather than
/// written into it, so a `Page` is whole when content is loaded.
#[derive(Debug, Default)]
pub struct Texts {
    pub pages: Vec<Rendered>,
    pub sections: Vec<Rendered>,
}

/// Everything under `content/`, linked up.
#[derive(Debug, Default)]
pub struct Library {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// Content-relative path (`priorities/asb.md`) to the item, for `@/` links.
    pub by_relative: HashMap<String, Item>,
    /// The versions of each page and section in every language, by the
    /// path they share ([`SourceFile::canonical`]); empty for a site in
    /// one language.
    pub translations: HashMap<String, Vec<Item>>,
    /// Files under `content/` passed over that may have been meant for
    /// the site: a build prints them and `check` reports them.
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
    /// Pages that could not be read, by content-relative path: left out,
    /// their errors reported, and links to them not counted as broken.
    pub failed: Vec<String>,
}

impl Library {
    /// Every page, then every section.
    pub fn items(&self) -> impl Iterator<Item = ItemRef<'_>> + Clone {
        let pages = self.pages.iter().map(ItemRef::Page);
        pages.chain(self.sections.iter().map(ItemRef::Section))
    }

    /// The page or section a claim on an address names.
    pub fn item(&self, content: crate::addresses::Content) -> ItemRef<'_> {
        match content {
            crate::addresses::Content::Page(i) => ItemRef::Page(&self.pages[i]),
            crate::addresses::Content::Section(i) => ItemRef::Section(&self.sections[i]),
        }
    }

    /// The file of the page or section a claim on an address names, as an
    /// error shows it: for [`crate::addresses::Clash::message`].
    pub fn shown(&self, content: crate::addresses::Content) -> PathBuf {
        self.item(content).file().shown.clone()
    }

    /// Whether `page` is in an `archive` section, or below one: a record
    /// of its time, which `check` leaves alone and search ranks lower.
    pub fn in_archive(&self, page: &Page) -> bool {
        self.section_in_archive(&self.sections[page.section])
    }

    /// Whether `section` is an `archive`, or below one.
    pub fn section_in_archive(&self, section: &Section) -> bool {
        section.meta.archive
            || section
                .ancestors
                .iter()
                .any(|&s| self.sections[s].meta.archive)
    }

    /// The URL of the item at a content-relative path, as written after `@/`.
    pub fn url_of(&self, relative: &str) -> Option<&str> {
        Some(self.item_url(*self.by_relative.get(relative)?))
    }

    fn item_url(&self, item: Item) -> &str {
        match item {
            Item::Page(i) => &self.pages[i].url,
            Item::Section(i) => &self.sections[i].url,
        }
    }

    /// Every content-relative path with its URL, for `@/` links and `get_url`.
    pub fn urls(&self) -> HashMap<String, String> {
        // Made once per load, on one core: sized first, and each item's
        // address read from its entry rather than looked up again (at
        // 100,000 pages the map took 60 ms).
        let mut urls = HashMap::with_capacity(self.by_relative.len() + self.failed.len());
        for (relative, item) in &self.by_relative {
            urls.insert(relative.clone(), self.item_url(*item).to_string());
        }
        // A page that could not be read has no address yet, but a link to
        // it is not a mistake of its own.
        for relative in &self.failed {
            urls.insert(relative.clone(), String::new());
        }
        urls
    }

    /// Where the headings of a page or section get links to themselves, if
    /// its section says: a page follows its section, as in Zola.
    pub fn anchors_of(&self, item: ItemRef) -> Option<crate::config::InsertAnchor> {
        match item {
            ItemRef::Page(page) => self.sections[page.section].meta.insert_anchor_links,
            ItemRef::Section(section) => section.meta.insert_anchor_links,
        }
    }

    /// Whether page `i` goes in its language's search index: announced,
    /// and neither it nor its section says `in_search_index = false`.
    pub fn searchable_page(&self, i: usize) -> bool {
        let page = &self.pages[i];
        page.announced()
            && page.meta.in_search_index
            && self.sections[page.section].meta.in_search_index
    }

    /// Whether section `i` goes in the search index.
    pub fn searchable_section(&self, i: usize) -> bool {
        let section = &self.sections[i];
        section.listed() && section.meta.in_search_index
    }

    /// The versions of an item in each language, itself among them, in
    /// the order of the site's languages (its own first); empty for a site
    /// in one language.
    pub fn translations_of(&self, item: ItemRef) -> Vec<ItemRef<'_>> {
        // Every page asks, on every render: a site in one language need
        // not make each page's shared path to learn it has none.
        if self.translations.is_empty() {
            return Vec::new();
        }
        let Some(items) = self.translations.get(&item.file().canonical()) else {
            return Vec::new();
        };
        let mut found: Vec<ItemRef> = items
            .iter()
            .map(|&item| match item {
                Item::Page(i) => ItemRef::Page(&self.pages[i]),
                Item::Section(i) => ItemRef::Section(&self.sections[i]),
            })
            .filter(|found| matches!(found, ItemRef::Page(_)) == matches!(item, ItemRef::Page(_)))
            .collect();
        found.sort_by(|a, b| a.file().lang.cmp(&b.file().lang));
        found
    }

    /// Every bundle and section file, with where it is copied to.
    pub fn assets(&self) -> impl Iterator<Item = &Asset> {
        let pages = self.pages.iter().flat_map(|p| &p.assets);
        pages.chain(self.sections.iter().flat_map(|s| &s.assets))
    }
}

#[cfg(test)]
pub(crate) fn test_page(relative: &str) -> Page {
    Page {
        file: SourceFile {
            relative: relative.to_string(),
            ..SourceFile::default()
        },
        ..Page::default()
    }
}

#[cfg(test)]
mod tests {
    /// Every page is held for the whole build: at 100,000 pages each of
    /// its bytes is 100 KB. What few pages have (a record they claim, an
    /// event, a template or address of their own) is boxed.
    #[test]
    fn a_page_holds_what_few_pages_have_boxed() {
        let size = std::mem::size_of::<super::Page>();
        assert!(size <= 640, "a page is {size} bytes");
    }
}
