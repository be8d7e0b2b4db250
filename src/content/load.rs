//! Reads `content/` into a [`Library`]: walk, parse in parallel, then link up.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::front_matter::{self, PageFrontMatter, SectionFrontMatter};
use super::paths::{
    dir_segments, is_bundle, name_untitled_page, page_slug_and_date, page_url, parent_dir, url_dir,
    url_for, words_of,
};
use super::sorting::sort_pages;
use super::walk::{Walked, walk};
use super::{Asset, Item, Library, Page, Section, SourceFile};
use crate::config::Config;
use crate::diagnostic::{self, Diagnostic, Diagnostics, Result};
use crate::publish;

/// Lives only between parsing and linking, so boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Parsed {
    Page(Page),
    Section(Section),
}

/// Reads and links every file under `content/`. A page that cannot be
/// read is left out and its errors given back beside the library, so the
/// other files' mistakes (and the data's, and the Markdown's) are found in
/// the same run; its path is kept in [`Library::failed`], so links to it
/// are not taken for broken ones. A section that cannot be read leaves its
/// pages nowhere to be listed: that stops here.
pub fn load(
    root: &Path,
    config: &Config,
    include_drafts: bool,
) -> Result<(Library, Vec<Diagnostic>)> {
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return Err(Diagnostic::error("content", "there is no content/ folder")
            .hint("create content/_index.md for the home page; `lamplight build --root DIR` points at another site")
            .into());
    }
    let Walked {
        markdown,
        assets,
        warnings,
    } = walk(&content_dir, config)?;
    let read: Vec<Result<Parsed>> = markdown
        .par_iter()
        .map(|relative| parse_file(root, &content_dir, relative))
        .collect();
    let mut parsed = Vec::with_capacity(read.len());
    let mut errors = Vec::new();
    let mut failed = Vec::new();
    for (relative, result) in markdown.iter().zip(read) {
        match result {
            Ok(item) => parsed.push(item),
            Err(diagnostics) => {
                errors.extend(diagnostics.0);
                failed.push(relative.clone());
            }
        }
    }
    if failed.iter().any(|relative| is_section_file(relative)) {
        return Err(Diagnostics::sorted(errors));
    }

    // Sized up front: a page is 900 bytes, and a vector grown by doubling
    // would hold room for thousands more than there are.
    let section_count = parsed
        .iter()
        .filter(|p| matches!(p, Parsed::Section(_)))
        .count();
    let mut pages = Vec::with_capacity(parsed.len() - section_count);
    let mut sections = Vec::with_capacity(section_count);
    // A draft bundle's or draft section's folder: everything in it is as
    // unpublished as its page or section.
    let mut draft_folders: Vec<String> = Vec::new();
    if !include_drafts {
        for item in &parsed {
            let (draft, relative, folder) = match item {
                Parsed::Page(page) => (page.meta.draft, &page.file.relative, is_bundle(page)),
                Parsed::Section(section) => (section.meta.draft, &section.file.relative, true),
            };
            if draft && folder {
                draft_folders.push(format!("{}/", parent_dir(relative)));
            }
        }
    }
    let in_draft_folder = |relative: &str| {
        draft_folders
            .iter()
            .any(|dir| dir == "/" || relative.starts_with(dir.as_str()))
    };
    for item in parsed {
        match item {
            Parsed::Page(page) if page.meta.draft && !include_drafts => {}
            Parsed::Page(page) if in_draft_folder(&page.file.relative) => {}
            Parsed::Section(section) if in_draft_folder(&section.file.relative) => {}
            Parsed::Page(page) => pages.push(page),
            Parsed::Section(section) => sections.push(section),
        }
    }
    let assets = assets
        .into_iter()
        .filter(|asset| !in_draft_folder(asset))
        .collect();
    let (mut library, unplaced) = link(config, pages, sections);
    errors.extend(unplaced);
    attach_assets(&mut library, &content_dir, config.base_path(), assets);
    library.warnings = warnings;
    library.failed.extend(failed);
    Ok((library, errors))
}

/// `_index.md`, in content/ or a folder of it.
fn is_section_file(relative: &str) -> bool {
    relative.rsplit('/').next() == Some("_index.md")
}

/// The mistakes in each Markdown file's front matter alone, which need
/// nothing from config.toml: what can be said of the content while
/// config.toml cannot be read.
pub fn front_matter_errors(root: &Path) -> Vec<Diagnostic> {
    let content_dir = root.join("content");
    let markdown = super::walk::markdown_files(&content_dir);
    let failed = markdown
        .par_iter()
        .filter_map(|relative| parse_file(root, &content_dir, relative).err());
    failed.flat_map(|failed| failed.0).collect()
}

/// Reads one Markdown file again, for `serve` to apply an edit to a loaded
/// library with [`replace`].
pub fn read_file(root: &Path, relative: &str) -> Result<Parsed> {
    parse_file(root, &root.join("content"), relative)
}

/// Puts a re-read file where the file at the same path was, keeping its
/// rendered Markdown and assets as given, and links the library again so
/// lists, neighbours and sort orders follow the edit.
pub fn replace(config: &Config, library: Library, replacement: Parsed) -> Result<Library> {
    let Library {
        mut pages,
        mut sections,
        warnings,
        ..
    } = library;
    match replacement {
        Parsed::Page(page) => {
            let found = pages
                .iter_mut()
                .find(|p| p.file.relative == page.file.relative);
            *found.expect("the page is in the library") = page;
        }
        Parsed::Section(section) => {
            let found = sections
                .iter_mut()
                .find(|s| s.file.relative == section.file.relative);
            *found.expect("the section is in the library") = section;
        }
    }
    for section in &mut sections {
        section.pages.clear();
        section.subsections.clear();
    }
    let (mut library, unplaced) = link(config, pages, sections);
    Diagnostics::fail_if_any(unplaced)?;
    library.warnings = warnings;
    Ok(library)
}

/// Puts an edited page in place of the one at `index` without linking the
/// whole library again: its address must be the same, so only its own
/// section's order and neighbours can change. Leaves the library untouched
/// and gives the page back when the edit needs a full [`replace`]: a new
/// address, a changed `sensitive` or `findable` flag, or an error.
pub fn replace_page(
    config: &Config,
    library: &mut Library,
    index: usize,
    mut page: Page,
) -> std::result::Result<(), Box<Page>> {
    let old = &library.pages[index];
    let same_flags =
        page.meta.sensitive == old.meta.sensitive && page.meta.findable == old.meta.findable;
    let Ok((slug, date)) = page_slug_and_date(&page) else {
        return Err(Box::new(page));
    };
    let Ok(url) = page_url(config.base_path(), &page, &slug) else {
        return Err(Box::new(page));
    };
    let listed_once = !library.sections[old.section].meta.transparent;
    if !same_flags || url != old.url || !listed_once || page.meta.render != old.meta.render {
        return Err(Box::new(page));
    }
    name_untitled_page(&mut page, &slug);
    page.slug = slug;
    page.date = date;
    page.url = url;
    page.permalink = old.permalink.clone();
    page.section = old.section;
    page.ancestors = old.ancestors.clone();
    page.sensitive = old.sensitive;
    page.findable = old.findable;
    library.pages[index] = page;

    let section = &mut library.sections[library.pages[index].section];
    let ids = std::mem::take(&mut section.pages);
    order_list(&mut library.pages, section, ids);
    Ok(())
}

/// Leaves a sensitive page that is not findable out of its section's list,
/// and so out of every list made from it (the home page's latest updates,
/// a section's pages, previous and next links): someone looking over a
/// reader's shoulder at a list should not learn it exists. Inside a
/// sensitive section, which has the quick exit itself, its pages are listed.
/// The page is still built, at its address, for links that lead to it.
/// A page with `render = false` is never listed: it has no address.
fn list_only_announced(pages: &[Page], section: &Section, ids: &mut Vec<usize>) {
    ids.retain(|&id| pages[id].meta.render && (section.sensitive || pages[id].announced()));
}

/// The sections whose lists hold a page: its own, then each above it for
/// as long as the one below is `transparent`.
fn listing_sections(sections: &[Section], own: usize) -> Vec<usize> {
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
fn order_list(pages: &mut [Page], section: &mut Section, mut ids: Vec<usize>) {
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

fn parse_file(root: &Path, content_dir: &Path, relative: &str) -> Result<Parsed> {
    let path = content_dir.join(relative);
    let shown = diagnostic::display_path(root, &path);
    let bytes = std::fs::read(&path)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read the file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = diagnostic::line_and_column(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            usize::MAX,
        );
        Diagnostic::error(&shown, "the file is not UTF-8 text")
            .at_line(line, column)
            .hint("save the file as UTF-8 (in most editors: Save As… → Encoding → UTF-8)")
    })?;
    publish::check_control_characters(&text, &shown)?;
    let layout = front_matter::split(&text, &shown)?;
    let file_name = relative.rsplit('/').next().unwrap_or(relative);
    let file = |text| SourceFile {
        relative: relative.to_string(),
        shown: shown.clone(),
        text,
        front_matter_start: layout.front_matter_start,
        body_start: layout.body_start,
        revision: super::next_revision(),
    };
    if file_name == "_index.md" {
        let meta: SectionFrontMatter = front_matter::parse(&text, layout, &shown)?;
        let keys = front_matter::section_keys();
        front_matter::check_extra(&meta.extra, keys, &text, layout, &shown)?;
        Ok(Parsed::Section(Section {
            file: file(text),
            meta,
            ..Section::default()
        }))
    } else {
        let meta: PageFrontMatter = front_matter::parse(&text, layout, &shown)?;
        let keys = front_matter::page_keys();
        front_matter::check_extra(&meta.extra, keys, &text, layout, &shown)?;
        Ok(Parsed::Page(Page {
            file: file(text),
            meta,
            ..Page::default()
        }))
    }
}

/// Gives every page and section its URL, parent and neighbours.
/// A page that cannot be given an address is left out, as a page that
/// cannot be read is: its errors are given back, and its path kept in
/// [`Library::failed`].
fn link(
    config: &Config,
    mut pages: Vec<Page>,
    mut sections: Vec<Section>,
) -> (Library, Vec<Diagnostic>) {
    if !sections.iter().any(|s| s.file.relative == "_index.md") {
        sections.push(home_section(config));
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

/// The home page's section when there is no `content/_index.md`.
fn home_section(config: &Config) -> Section {
    Section {
        file: SourceFile {
            relative: "_index.md".into(),
            shown: PathBuf::from("content/_index.md"),
            ..SourceFile::default()
        },
        meta: SectionFrontMatter {
            title: config.title.clone(),
            ..SectionFrontMatter::default()
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
    let base_path = config.base_path();
    let mut errors = Vec::new();
    let section_by_dir: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(i, s)| (parent_dir(&s.file.relative).to_string(), i))
        .collect();
    let nearest_section = |mut dir: &str| loop {
        if let Some(&i) = section_by_dir.get(dir) {
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
                config.title.clone()
            } else {
                words_of(name)
            };
            section.untitled = !dir.is_empty();
        }
        section.url = url_for(base_path, &dir_segments(dir));
        section.permalink = config.absolute_url(&section.url);
        parents.push((!dir.is_empty()).then(|| nearest_section(parent_dir(dir))));
    }
    for (section, parent) in sections.iter_mut().zip(parents) {
        section.parent = parent;
    }

    for (i, page) in pages.iter_mut().enumerate() {
        let placed = page_slug_and_date(page)
            .and_then(|(slug, date)| Ok((page_url(base_path, page, &slug)?, slug, date)));
        match placed {
            Ok((url, slug, date)) => {
                page.url = url;
                name_untitled_page(page, &slug);
                page.slug = slug;
                page.date = date;
                page.permalink = config.absolute_url(&page.url);
                page.section = nearest_section(url_dir(&page.file.relative, is_bundle(page)));
            }
            Err(Diagnostics(found)) => errors.extend(found.into_iter().map(|d| (i, d))),
        }
        let folder = parent_dir(&page.file.relative);
        if is_bundle(page)
            && let Some(&section) = section_by_dir.get(folder)
            && sections[section].url == page.url
        {
            errors.push((
                i,
                Diagnostic::error(&page.file.shown, "this folder has both index.md and _index.md")
                    .hint("a folder is either a section (_index.md) or a page bundle (index.md): rename one, or give index.md its own address with `path`"),
            ));
        }
    }
    errors
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
    Library {
        pages,
        sections,
        by_relative,
        warnings: Vec::new(),
        failed: Vec::new(),
    }
}

/// Gives each non-Markdown file to the nearest page bundle or section above it.
fn attach_assets(library: &mut Library, content_dir: &Path, base_path: &str, assets: Vec<String>) {
    let mut owners: HashMap<&str, Item> = HashMap::new();
    for (i, section) in library.sections.iter().enumerate() {
        owners.insert(parent_dir(&section.file.relative), Item::Section(i));
    }
    for (i, page) in library.pages.iter().enumerate() {
        if is_bundle(page) {
            owners.insert(parent_dir(&page.file.relative), Item::Page(i));
        }
    }
    let mut found = Vec::new();
    for relative in assets {
        let mut dir = parent_dir(&relative);
        let owner = loop {
            if let Some(&owner) = owners.get(dir) {
                break owner;
            }
            dir = parent_dir(dir);
        };
        let inside = relative[dir.len()..].trim_start_matches('/');
        found.push((owner, content_dir.join(&relative), inside.to_string()));
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
