//! Links read pages and sections into a tree: each page's address,
//! section and neighbours, each section's sorted list and subsections,
//! every item's ancestors and translations, and the files beside them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::front_matter::SectionFrontMatter;
use super::paths::{
    dir_segments, is_bundle, name_untitled_page, page_slug_and_date, page_url, parent_dir, url_dir,
    url_for, words_of,
};
use super::sorting::sort_pages;
use super::{Asset, Item, Library, Page, Section, SourceFile};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// Leaves a sensitive page that is not findable out of its section's list,
/// and so out of every list made from it (the home page's latest updates,
/// a section's pages, previous and next links): someone looking over a
/// reader's shoulder at a list should not learn it exists. Inside a
/// sensitive section, which has the quick exit itself, its pages are listed.
/// The page is still built, at its address, for links that lead to it.
/// A page with `render = false` is never listed: it has no address.
pub(super) fn list_only_announced(pages: &[Page], section: &Section, ids: &mut Vec<usize>) {
    ids.retain(|&id| pages[id].meta.render && (section.sensitive || pages[id].announced()));
}

/// The sections whose lists hold a page: its own, then each above it for
/// as long as the one below is `transparent`.
pub(super) fn listing_sections(sections: &[Section], own: usize) -> Vec<usize> {
    let mut out = vec![own];
    let mut here = own;
    while sections[here].meta.transparent {
        match sections[here].parent {
            Some(parent) => {
                out.push(parent);
                here = parent;
            }
            None => break,
        }
    }
    out
}

/// Sorts a section's list, and links each page in it to its neighbours
/// unless the section is transparent: then the list above decides them.
pub(super) fn order_list(pages: &mut [Page], section: &mut Section, mut ids: Vec<usize>) {
    list_only_announced(pages, section, &mut ids);
    sort_pages(pages, &mut ids, section.meta.sort_by);
    if !section.meta.transparent {
        link_neighbours(pages, &ids);
    }
    section.pages = ids;
}

/// Makes the page at `index` sensitive once the library is linked, as
/// claiming a sensitive scheme does, and leaves it out of its section's
/// list as [`link`] would have.
pub fn make_sensitive(library: &mut Library, index: usize) {
    library.pages[index].sensitive = true;
    for section in listing_sections(&library.sections, library.pages[index].section) {
        let mut ids = std::mem::take(&mut library.sections[section].pages);
        list_only_announced(&library.pages, &library.sections[section], &mut ids);
        if !ids.contains(&index) && !library.sections[section].meta.transparent {
            let page = &mut library.pages[index];
            (page.previous, page.next) = (None, None);
        }
        order_list(&mut library.pages, &mut library.sections[section], ids);
    }
}

/// Points each of a section's pages, in order, at the ones before and after.
fn link_neighbours(pages: &mut [Page], ids: &[usize]) {
    for (k, &id) in ids.iter().enumerate() {
        pages[id].previous = k.checked_sub(1).map(|k| ids[k]);
        pages[id].next = ids.get(k + 1).copied();
    }
}

/// Gives every page and section its URL, parent and neighbours.
/// A page that cannot be given an address is left out, as a page that
/// cannot be read is: its errors are given back, and its path kept in
/// [`Library::failed`].
pub(super) fn link(
    config: &Config,
    mut pages: Vec<Page>,
    mut sections: Vec<Section>,
) -> (Library, Vec<Diagnostic>) {
    // Every language has a home page, as in Zola: its sections and pages
    // need somewhere to be listed.
    for lang in config.every_language() {
        let home = home_file(lang);
        if !sections.iter().any(|s| s.file.relative == home) {
            sections.push(home_section(config, lang));
        }
    }
    sections.sort_by(|a, b| a.file.relative.cmp(&b.file.relative));
    let unplaced = place(config, &mut pages, &mut sections);
    let mut errors = Vec::new();
    let mut failed = Vec::new();
    let mut removed = None;
    // From the last, so the indices still to come stay true.
    for (i, error) in unplaced.into_iter().rev() {
        if removed != Some(i) {
            failed.push(pages.remove(i).file.relative);
            removed = Some(i);
        }
        errors.push(error);
    }
    pages.sort_by(|a, b| a.file.relative.cmp(&b.file.relative));
    let mut library = tree(pages, sections);
    library.failed = failed;
    (library, errors)
}

/// The home page's file in `lang`: `_index.md`, `_index.cy.md`.
pub fn home_file(lang: Option<&str>) -> String {
    match lang {
        Some(code) => format!("_index.{code}.md"),
        None => "_index.md".to_string(),
    }
}

/// The home page's section in `lang` when there is no `content/_index.md`
/// (or `_index.cy.md`).
fn home_section(config: &Config, lang: Option<&str>) -> Section {
    let relative = home_file(lang);
    Section {
        file: SourceFile {
            shown: PathBuf::from("content").join(&relative),
            relative,
            lang: lang.map(str::to_string),
            ..SourceFile::default()
        },
        // As an empty `_index.md` reads: `render` and the rest as Zola's
        // defaults, which `Default` would make false.
        meta: SectionFrontMatter {
            title: config.for_language(config.language_code(lang)).title,
            ..toml::from_str("").expect("every section setting has a default")
        },
        ..Section::default()
    }
}

/// Gives each section its address and parent, and each page its address,
/// slug, date and section; returns what stops that.
fn place(
    config: &Config,
    pages: &mut [Page],
    sections: &mut [Section],
) -> Vec<(usize, Diagnostic)> {
    // By folder and language: a page's section is the nearest above it
    // in its own language, up to that language's home page.
    let section_by_dir: HashMap<(String, Option<String>), usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                (
                    parent_dir(&s.file.relative).to_string(),
                    s.file.lang.clone(),
                ),
                i,
            )
        })
        .collect();
    let nearest_section = |mut dir: &str, lang: &Option<String>| loop {
        if let Some(&i) = section_by_dir.get(&(dir.to_string(), lang.clone())) {
            return i;
        }
        dir = parent_dir(dir);
    };

    let mut parents = Vec::with_capacity(sections.len());
    for section in sections.iter_mut() {
        let dir = parent_dir(&section.file.relative);
        if section.meta.title.trim().is_empty() {
            let name = dir.rsplit('/').next().unwrap_or(dir);
            // The home page is the site: its title is the site's.
            section.meta.title = if dir.is_empty() {
                let lang = section.file.lang.as_deref();
                config.for_language(config.language_code(lang)).title
            } else {
                words_of(name)
            };
            section.untitled = !dir.is_empty();
        }
        let base = config.language_base(section.file.lang.as_deref());
        section.url = url_for(&base, &dir_segments(dir));
        section.permalink = config.absolute_url(&section.url);
        let lang = &section.file.lang;
        parents.push((!dir.is_empty()).then(|| nearest_section(parent_dir(dir), lang)));
    }
    for (section, parent) in sections.iter_mut().zip(parents) {
        section.parent = parent;
    }

    // Each page on its own, on every core: with a slug, an address and a
    // section to find for each, this was 8 ms of one core at 10,000 pages
    // while the other waited.
    let sections = &*sections;
    let place_page = |page: &mut Page| {
        let mut errors = Vec::new();
        let placed = page_slug_and_date(page)
            .and_then(|(slug, date)| Ok((page_url(config, page, &slug)?, slug, date)));
        match placed {
            Ok((url, slug, date)) => {
                page.url = url;
                name_untitled_page(page, &slug);
                page.slug = slug;
                page.date = date;
                page.permalink = config.absolute_url(&page.url);
                let dir = url_dir(&page.file.relative, is_bundle(page));
                page.section = nearest_section(dir, &page.file.lang);
            }
            Err(Diagnostics(found)) => errors = found,
        }
        let folder = parent_dir(&page.file.relative);
        if is_bundle(page)
            && let Some(&section) =
                section_by_dir.get(&(folder.to_string(), page.file.lang.clone()))
            && sections[section].url == page.url
        {
            errors.push(
                Diagnostic::error(&page.file.shown, "this folder has both index.md and _index.md")
                    .hint("a folder is either a section (_index.md) or a page bundle (index.md): rename one, or give index.md its own address with `path`"),
            );
        }
        errors
    };
    let placed = pages.par_iter_mut().enumerate();
    placed
        .flat_map_iter(|(i, page)| place_page(page).into_iter().map(move |error| (i, error)))
        .collect()
}

/// The tree, from placed pages and sections: each section's pages (sorted,
/// with neighbours) and subsections, everyone's ancestors, and which are
/// sensitive.
fn tree(mut pages: Vec<Page>, mut sections: Vec<Section>) -> Library {
    let sensitive_here: Vec<bool> = sections.iter().map(|s| s.meta.sensitive).collect();
    let mut by_relative = HashMap::with_capacity(pages.len() + sections.len());
    for (i, page) in pages.iter().enumerate() {
        by_relative.insert(page.file.relative.clone(), Item::Page(i));
        sections[page.section].pages.push(i);
    }
    // A transparent section's pages, listed above it too; each page's
    // own section is first in `lists`.
    let mut lists: Vec<Vec<usize>> = vec![Vec::new(); sections.len()];
    for i in 0..sections.len() {
        by_relative.insert(sections[i].file.relative.clone(), Item::Section(i));
        if let Some(parent) = sections[i].parent {
            sections[parent].subsections.push(i);
        }
        let mut ancestors = Vec::new();
        let mut next = sections[i].parent;
        while let Some(parent) = next {
            ancestors.push(parent);
            next = sections[parent].parent;
        }
        ancestors.reverse();
        sections[i].sensitive = sensitive_here[i] || ancestors.iter().any(|&a| sensitive_here[a]);
        sections[i].ancestors = ancestors;
    }

    for i in 0..sections.len() {
        let ids = std::mem::take(&mut sections[i].pages);
        for &id in &ids {
            let page = &mut pages[id];
            page.ancestors = sections[i].ancestors.clone();
            page.ancestors.push(i);
            page.sensitive = sections[i].sensitive || page.meta.sensitive;
            page.findable = page.meta.findable;
            for listing in listing_sections(&sections, i) {
                lists[listing].push(id);
            }
        }
    }
    for (i, ids) in lists.into_iter().enumerate() {
        order_list(&mut pages, &mut sections[i], ids);
    }
    for i in 0..sections.len() {
        let mut subsections = std::mem::take(&mut sections[i].subsections);
        subsections.sort_by(|&a, &b| {
            let key = |s: &Section| {
                (
                    s.meta.weight.is_none(),
                    s.meta.weight,
                    s.file.relative.clone(),
                )
            };
            key(&sections[a]).cmp(&key(&sections[b]))
        });
        sections[i].subsections = subsections;
    }
    let translations = translations(&pages, &sections);
    Library {
        pages,
        sections,
        by_relative,
        translations,
        warnings: Vec::new(),
        failed: Vec::new(),
    }
}

/// Each page and section with its translations, by the path they share
/// (`schemes/j9/index.md` for `schemes/j9/index.cy.md`); empty for a site
/// in one language.
fn translations(pages: &[Page], sections: &[Section]) -> HashMap<String, Vec<Item>> {
    let mut out: HashMap<String, Vec<Item>> = HashMap::new();
    let multilingual = pages
        .iter()
        .map(|p| &p.file)
        .chain(sections.iter().map(|s| &s.file));
    if !multilingual.clone().any(|file| file.lang.is_some()) {
        return out;
    }
    for (i, page) in pages.iter().enumerate().filter(|(_, p)| p.meta.render) {
        out.entry(page.file.canonical())
            .or_default()
            .push(Item::Page(i));
    }
    for (i, section) in sections.iter().enumerate() {
        out.entry(section.file.canonical())
            .or_default()
            .push(Item::Section(i));
    }
    out
}

/// Gives each non-Markdown file to the nearest page bundle or section above it.
pub(super) fn attach_assets(
    library: &mut Library,
    content_dir: &Path,
    base_path: &str,
    assets: Vec<String>,
) {
    // A folder's files belong to its page bundle (in every language it
    // is in, as Zola copies them beside each translation), or else to its
    // section's pages in every language.
    let mut owners: HashMap<&str, Vec<Item>> = HashMap::new();
    for (i, section) in library.sections.iter().enumerate() {
        owners
            .entry(parent_dir(&section.file.relative))
            .or_default()
            .push(Item::Section(i));
    }
    let mut bundles: HashMap<&str, Vec<Item>> = HashMap::new();
    for (i, page) in library.pages.iter().enumerate() {
        if is_bundle(page) {
            bundles
                .entry(parent_dir(&page.file.relative))
                .or_default()
                .push(Item::Page(i));
        }
    }
    owners.extend(bundles);
    let mut found = Vec::new();
    for relative in assets {
        let mut dir = parent_dir(&relative);
        let owned_by = loop {
            if let Some(owners) = owners.get(dir) {
                break owners;
            }
            dir = parent_dir(dir);
        };
        let inside = relative[dir.len()..].trim_start_matches('/');
        for &owner in owned_by {
            found.push((owner, content_dir.join(&relative), inside.to_string()));
        }
    }
    for (owner, source, inside) in found {
        let (url, list) = match owner {
            Item::Page(i) => {
                let page = &mut library.pages[i];
                (&page.url, &mut page.assets)
            }
            Item::Section(i) => {
                let section = &mut library.sections[i];
                (&section.url, &mut section.assets)
            }
        };
        let output = format!("{}{inside}", url.strip_prefix(base_path).unwrap_or(url));
        list.push(Asset { source, output });
    }
}
