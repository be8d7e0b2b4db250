//! Reads `content/` into a [`Library`]: walk, parse in parallel, then link up.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::front_matter::{self, PageFrontMatter, SectionFrontMatter};
use super::sorting::sort_pages;
use super::walk::{Walked, walk};
use super::{Asset, Item, Library, Page, Section, SourceFile};
use crate::config::Config;
use crate::date::Date;
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
    } = walk(&content_dir, &config.security.allow_active_files)?;
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
    // A draft bundle's folder: its files are as unpublished as its page.
    let mut draft_folders = Vec::new();
    for item in parsed {
        match item {
            Parsed::Page(page) if page.meta.draft && !include_drafts => {
                if is_bundle(&page) {
                    draft_folders.push(format!("{}/", parent_dir(&page.file.relative)));
                }
            }
            Parsed::Page(page) => pages.push(page),
            Parsed::Section(section) => sections.push(section),
        }
    }
    let assets = assets
        .into_iter()
        .filter(|asset| {
            !draft_folders
                .iter()
                .any(|dir| asset.starts_with(dir.as_str()))
        })
        .collect();
    let mut library = match link(config, pages, sections) {
        Ok(library) => library,
        Err(linking) => {
            errors.extend(linking.0);
            return Err(Diagnostics::sorted(errors));
        }
    };
    attach_assets(&mut library, &content_dir, config.base_path(), assets);
    library.warnings = warnings;
    library.failed = failed;
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
    let mut library = link(config, pages, sections)?;
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
    let url = page_url(config.base_path(), &page, &slug);
    if !same_flags || url != old.url {
        return Err(Box::new(page));
    }
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
    let mut ids = std::mem::take(&mut section.pages);
    list_only_announced(&library.pages, section, &mut ids);
    sort_pages(&library.pages, &mut ids, section.meta.sort_by);
    link_neighbours(&mut library.pages, &ids);
    section.pages = ids;
    Ok(())
}

/// `/csp/updates/2016-17-q1/`: the page's folders, then its slug.
fn page_url(base_path: &str, page: &Page, slug: &str) -> String {
    let mut components = slugify_dir(url_dir(&page.file.relative, is_bundle(page)));
    components.push(slug.to_string());
    url_for(base_path, &components)
}

/// Leaves a sensitive page that is not findable out of its section's list,
/// and so out of every list made from it (the home page's latest updates,
/// a section's pages, previous and next links): someone looking over a
/// reader's shoulder at a list should not learn it exists. Inside a
/// sensitive section, which has the quick exit itself, its pages are listed.
/// The page is still built, at its address, for links that lead to it.
fn list_only_announced(pages: &[Page], section: &Section, ids: &mut Vec<usize>) {
    if !section.sensitive {
        ids.retain(|&id| pages[id].announced());
    }
}

/// Makes the page at `index` sensitive once the library is linked, as
/// claiming a sensitive scheme does, and leaves it out of its section's
/// list as [`link`] would have.
pub fn make_sensitive(library: &mut Library, index: usize) {
    library.pages[index].sensitive = true;
    let section = library.pages[index].section;
    let mut ids = std::mem::take(&mut library.sections[section].pages);
    list_only_announced(&library.pages, &library.sections[section], &mut ids);
    if !ids.contains(&index) {
        let page = &mut library.pages[index];
        (page.previous, page.next) = (None, None);
    }
    link_neighbours(&mut library.pages, &ids);
    library.sections[section].pages = ids;
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

/// The folder of a content-relative path: `a/b/c.md` → `a/b`, `c.md` → ``.
fn parent_dir(relative: &str) -> &str {
    relative.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn is_bundle(page: &Page) -> bool {
    page.file.relative == "index.md" || page.file.relative.ends_with("/index.md")
}

/// The folder whose URL a page or section lives under.
fn url_dir(relative: &str, bundle: bool) -> &str {
    let dir = parent_dir(relative);
    if bundle { parent_dir(dir) } else { dir }
}

/// A folder path's slugs. A folder whose name has no letters or digits
/// (`[drafts]` has; `[`, `--` have not) adds nothing: an empty segment
/// would make `//`, which a browser reads as another host.
fn slugify_dir(dir: &str) -> Vec<String> {
    dir.split('/')
        .map(slug::slugify)
        .filter(|c| !c.is_empty())
        .collect()
}

fn url_for(base_path: &str, components: &[String]) -> String {
    if components.is_empty() {
        base_path.to_string()
    } else {
        format!("{base_path}{}/", components.join("/"))
    }
}

/// Reads a `2017-07-01-` (or `2017-07-01_`) prefix off a file stem.
fn date_prefix(stem: &str) -> Option<(Date, &str)> {
    let date = Date::parse(stem.get(..10)?).ok()?;
    let rest = stem[10..].strip_prefix(['-', '_'])?;
    Some((date, rest))
}

fn page_slug_and_date(page: &Page) -> Result<(String, Option<Date>)> {
    let relative = &page.file.relative;
    let stem = if is_bundle(page) {
        parent_dir(relative).rsplit('/').next().unwrap_or("")
    } else {
        let name = relative.rsplit('/').next().unwrap_or(relative);
        name.strip_suffix(".md").unwrap_or(name)
    };
    let (prefix_date, stem) = match date_prefix(stem) {
        Some((date, rest)) => (Some(date), rest),
        None => (None, stem),
    };
    let wanted = page.meta.slug.as_deref().unwrap_or(stem);
    let slug = slug::slugify(wanted);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            &page.file.shown,
            format!("`{wanted}` gives an empty web address"),
        )
        .hint("set `slug = \"some-words\"` in the front matter using letters and digits")
        .into());
    }
    Ok((slug, page.meta.date.or(prefix_date)))
}

/// Gives every page and section its URL, parent and neighbours.
fn link(config: &Config, mut pages: Vec<Page>, mut sections: Vec<Section>) -> Result<Library> {
    if !sections.iter().any(|s| s.file.relative == "_index.md") {
        sections.push(home_section(config));
    }
    sections.sort_by(|a, b| a.file.relative.cmp(&b.file.relative));
    let errors = place(config, &mut pages, &mut sections);
    pages.sort_by(|a, b| a.file.relative.cmp(&b.file.relative));
    Diagnostics::fail_if_any(errors)?;
    Ok(tree(pages, sections))
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
fn place(config: &Config, pages: &mut [Page], sections: &mut [Section]) -> Vec<Diagnostic> {
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
        section.url = url_for(base_path, &slugify_dir(dir));
        section.permalink = config.absolute_url(&section.url);
        parents.push((!dir.is_empty()).then(|| nearest_section(parent_dir(dir))));
    }
    for (section, parent) in sections.iter_mut().zip(parents) {
        section.parent = parent;
    }

    for page in pages.iter_mut() {
        match page_slug_and_date(page) {
            Ok((slug, date)) => {
                page.url = page_url(base_path, page, &slug);
                page.slug = slug;
                page.date = date;
                page.permalink = config.absolute_url(&page.url);
                page.section = nearest_section(url_dir(&page.file.relative, is_bundle(page)));
            }
            Err(Diagnostics(mut found)) => errors.append(&mut found),
        }
        if is_bundle(page) && section_by_dir.contains_key(parent_dir(&page.file.relative)) {
            errors.push(
                Diagnostic::error(&page.file.shown, "this folder has both index.md and _index.md")
                    .hint("a folder is either a section (_index.md) or a page bundle (index.md); rename one"),
            );
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
        let mut ids = std::mem::take(&mut sections[i].pages);
        for &id in &ids {
            let page = &mut pages[id];
            page.ancestors = sections[i].ancestors.clone();
            page.ancestors.push(i);
            page.sensitive = sections[i].sensitive || page.meta.sensitive;
            page.findable = page.meta.findable;
        }
        list_only_announced(&pages, &sections[i], &mut ids);
        sort_pages(&pages, &mut ids, sections[i].meta.sort_by);
        link_neighbours(&mut pages, &ids);
        sections[i].pages = ids;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prefixes_are_read_off_file_names() {
        let (date, rest) = date_prefix("2017-07-01-q1-update").unwrap();
        assert_eq!(date.to_string(), "2017-07-01");
        assert_eq!(rest, "q1-update");
        assert!(date_prefix("anti-social-behaviour").is_none());
        assert!(date_prefix("2017-07-01").is_none());
    }

    proptest::proptest! {
        /// Whatever folders and slug an officer writes, a page's address is
        /// the base path then slugs (lower-case letters, digits, hyphens),
        /// so its output file is inside the output folder.
        #[test]
        fn every_address_is_slugs_under_the_base_path(
            dirs in proptest::collection::vec("\\PC{0,12}", 0..4),
            stem in "\\PC{1,20}",
            slug in "\\PC{0,20}",
            base in proptest::sample::select(vec!["/", "/csp/", "/county/castle-point/"]),
        ) {
            let relative = dirs.iter().chain([&format!("{stem}.md")]).cloned().collect::<Vec<_>>().join("/");
            let mut components = slugify_dir(url_dir(&relative, false));
            let slug = slug::slugify(&slug);
            proptest::prop_assume!(!slug.is_empty());
            components.push(slug);
            let url = url_for(base, &components);
            proptest::prop_assert!(url.starts_with(base) && url.ends_with('/'), "{url}");
            let inside = &url[base.len()..];
            for segment in inside.trim_end_matches('/').split('/') {
                proptest::prop_assert!(!segment.is_empty(), "an empty segment in {url}");
                proptest::prop_assert!(
                    segment.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                    "{segment} in {url}"
                );
                proptest::prop_assert!(segment != "." && segment != "..");
            }
            let output = std::path::Path::new("public").join(inside).join("index.html");
            proptest::prop_assert!(
                output.components().all(|c| matches!(c, std::path::Component::Normal(_))),
                "{} leaves the output folder", output.display()
            );
        }
    }

    #[test]
    fn url_dirs_of_pages_bundles_and_sections() {
        assert_eq!(url_dir("priorities/asb.md", false), "priorities");
        assert_eq!(url_dir("schemes/j9/index.md", true), "schemes");
        assert_eq!(url_dir("about/_index.md", false), "about");
        assert_eq!(
            url_for("/", &slugify_dir("Our Schemes/J9")),
            "/our-schemes/j9/"
        );
        assert_eq!(url_for("/csp/", &[]), "/csp/");
    }
}
