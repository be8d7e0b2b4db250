//! An edit to one Markdown file while `serve` runs: read and render just
//! that file, link the content again, and keep everything else, unless the
//! edit reaches other files' output (an address, a claim on a data record,
//! a draft leaving the site), when the whole site is loaded again.

use crate::content::{self, Item, ItemRef, Parsed};
use crate::diagnostic::Result;
use crate::events;
use crate::render::MarkdownRenderer;

use super::{Site, derive};

impl Site {
    /// The edited file at `relative`, which was `item`, read and its
    /// Markdown rendered, and whether its front matter is as it was; `None`
    /// when it is no longer the same kind of thing at the same address.
    fn read_edit(
        &self,
        relative: &str,
        item: Item,
    ) -> Result<Option<(Parsed, crate::markdown::Rendered, bool)>> {
        let mut parsed = content::read_file(&self.root, relative)?;
        let markdown = MarkdownRenderer::new(
            &self.config,
            &self.glossary,
            &self.templates,
            &self.lookup.urls,
        );
        let mut same_front_matter = false;
        let text = match (&mut parsed, item) {
            (Parsed::Page(new), Item::Page(i)) => {
                let old = &self.library.pages[i];
                if (new.meta.draft && !self.drafts) || !same_page_shape(old, new) {
                    return Ok(None);
                }
                same_front_matter = front_matter(&old.file) == front_matter(&new.file);
                new.assets = old.assets.clone();
                let anchors = self.library.anchors_of(ItemRef::Page(old));
                markdown.render(&new.file, &old.url, anchors)?
            }
            (Parsed::Section(new), Item::Section(i)) => {
                let old = &self.library.sections[i];
                // Its pages' headings follow it: render them all again.
                if new.meta.insert_anchor_links != old.meta.insert_anchor_links {
                    return Ok(None);
                }
                new.assets = old.assets.clone();
                markdown.render(&new.file, &old.url, new.meta.insert_anchor_links)?
            }
            _ => return Ok(None),
        };
        Ok(Some((parsed, text, same_front_matter)))
    }

    /// Applies an edit to one Markdown file already in the site, for `serve`:
    /// reads and renders just that file, then links the content again. An
    /// edit that could change what other files render to on their own (an
    /// address, a claim on a data record, a draft leaving the site) needs
    /// the whole site loaded again, and says so.
    ///
    /// An error in the edited file leaves the site as it was.
    pub fn apply_edit(&mut self, relative: &str) -> Result<Edit> {
        let Some(&item) = self.library.by_relative.get(relative) else {
            return Ok(Edit::NeedsLoad);
        };
        let Some((parsed, text, same_front_matter)) = self.read_edit(relative, item)? else {
            return Ok(Edit::NeedsLoad);
        };
        let library = std::mem::take(&mut self.library);
        // What orders a page in its taxonomies' lists, before the edit.
        let listed = |page: &content::Page| {
            (
                page.meta.taxonomies.clone(),
                page.date,
                page.meta.title.clone(),
            )
        };
        let (relinked, in_place, listed_before) = match (parsed, item) {
            (Parsed::Page(page), Item::Page(i)) => {
                let before = listed(&library.pages[i]);
                // A page at the same address changes only its section's
                // order; anything else links the whole library again.
                let mut library = library;
                match content::replace_page(&self.config, &mut library, i, page) {
                    Ok(()) => (Ok(library), true, Some(before)),
                    Err(page) => {
                        let parsed = Parsed::Page(*page);
                        (content::replace(&self.config, library, parsed), false, None)
                    }
                }
            }
            (parsed, _) => (content::replace(&self.config, library, parsed), false, None),
        };
        // From here an error means the site is half changed; loading it
        // afresh will report the error properly.
        let Ok(library) = relinked else {
            return Ok(Edit::NeedsLoad);
        };
        self.library = library;
        // The same files, so the same indices.
        match item {
            Item::Page(i) => self.texts.pages[i] = text,
            Item::Section(i) => self.texts.sections[i] = text,
        }
        if !in_place && self.library.urls() != self.lookup.urls {
            return Ok(Edit::NeedsLoad);
        }
        // Claims, sensitivity, data pages, terms, events and aliases all
        // come from front matter: with the same front matter, in the same
        // place, only the page's text is new, and working them out again
        // for every page is most of an edit's time on a big site.
        if let (Item::Page(i), true, true) = (item, in_place, same_front_matter) {
            return Ok(Edit::PageText(i));
        }
        // Taxonomies are classified again only if the page moved in
        // their lists: on a big site that is most of an edit's time.
        let relisted = match (item, listed_before) {
            (Item::Page(i), Some(before)) => listed(&self.library.pages[i]) != before,
            _ => true,
        };
        // An error here is the whole site's to report: load it afresh.
        let Ok(derived) = derive(
            &self.config,
            &self.data,
            &mut self.library,
            self.today,
            relisted,
        ) else {
            return Ok(Edit::NeedsLoad);
        };
        // Data values other pages were rendered with must not change.
        if derived.values != self.lookup.data {
            return Ok(Edit::NeedsLoad);
        }
        self.generated = derived.generated;
        self.addresses = derived.addresses;
        if let Some(taxonomies) = derived.taxonomies {
            self.taxonomies = taxonomies;
        }
        match events::events(&self.library) {
            Ok(events) => self.events = events,
            Err(_) => return Ok(Edit::NeedsLoad),
        }
        if self.claim_last_addresses().is_err() {
            return Ok(Edit::NeedsLoad);
        }
        Ok(Edit::Applied)
    }
}

/// What [`Site::apply_edit`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    /// Only the text below the front matter of the page at this index
    /// changed: [`Site::render_patch`] can re-render what shows it alone.
    PageText(usize),
    Applied,
    /// The edit reaches beyond its own file: load the site again.
    NeedsLoad,
}

/// The front matter of a content file, between and with its `+++` lines.
fn front_matter(file: &content::SourceFile) -> &str {
    &file.text[..file.body_start]
}

/// Whether an edited page keeps everything other files' Markdown and the
/// data pages can see: its address and its claims on data records. Its
/// title, date, weight and body may change; lists re-sort around it.
fn same_page_shape(old: &content::Page, new: &content::Page) -> bool {
    let id = |s: &Option<Box<toml::Spanned<String>>>| s.as_ref().map(|s| s.get_ref().clone());
    let progress = |p: &content::Page| {
        p.meta
            .progress
            .as_ref()
            .map(|p| (p.plan.get_ref().clone(), *p.quarter.get_ref()))
    };
    let (a, b) = (&old.meta, &new.meta);
    a.slug == b.slug
        && id(&a.priority) == id(&b.priority)
        && id(&a.scheme) == id(&b.scheme)
        && id(&a.partner) == id(&b.partner)
        && progress(old) == progress(new)
}
