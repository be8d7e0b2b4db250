//! Reads `content/` into a [`Library`]: walk, parse in parallel, then link up.

use std::path::Path;

use rayon::prelude::*;

use super::front_matter::{self, PageFrontMatter, SectionFrontMatter};
use super::paths::{is_bundle, name_untitled_page, page_slug_and_date, page_url, parent_dir};
use super::tree::{attach_assets, link, order_list};
use super::walk::{Walked, walk};
use super::{Library, Page, Section, SourceFile};
use crate::config::{Config, split_language};
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
    // Checked for its language as it is read, so that what follows moves
    // each file's record (600 bytes) once: at 100,000 pages, moving them
    // through a list of its own first was 50 ms of one core.
    let read: Vec<Result<Parsed>> = markdown
        .par_iter()
        .map(|relative| {
            parse_file(root, &content_dir, relative).and_then(|item| check_language(config, item))
        })
        .collect();
    // A draft bundle's or draft section's folder: everything in it is as
    // unpublished as its page or section.
    let mut draft_folders: Vec<String> = Vec::new();
    if !include_drafts {
        for item in read.iter().flatten() {
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
    // Sized up front: a vector grown by doubling would hold room for
    // thousands of pages more than there are.
    let section_count = (read.iter().flatten())
        .filter(|p| matches!(p, Parsed::Section(_)))
        .count();
    let mut pages = Vec::with_capacity(read.len() - section_count);
    let mut sections = Vec::with_capacity(section_count);
    let mut errors = Vec::new();
    let mut failed = Vec::new();
    for (relative, result) in markdown.iter().zip(read) {
        match result {
            Ok(Parsed::Page(page)) if page.meta.draft && !include_drafts => {}
            Ok(Parsed::Page(page)) if in_draft_folder(&page.file.relative) => {}
            Ok(Parsed::Section(section)) if in_draft_folder(&section.file.relative) => {}
            Ok(Parsed::Page(page)) => pages.push(page),
            Ok(Parsed::Section(section)) => sections.push(section),
            Err(diagnostics) => {
                errors.extend(diagnostics.0);
                failed.push(relative.clone());
            }
        }
    }
    if failed.iter().any(|relative| is_section_file(relative)) {
        return Err(Diagnostics::sorted(errors));
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

/// `_index.md` (or `_index.cy.md`), in content/ or a folder of it.
fn is_section_file(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    name == "_index.md" || split_language(name).is_some_and(|(plain, _)| plain == "_index.md")
}

/// Refuses a file whose name gives a language the site is not published
/// in, rather than publishing a translation at an address of its own
/// (`/j9-cy/`) that nobody meant.
fn check_language(config: &Config, item: Parsed) -> Result<Parsed> {
    let file = match &item {
        Parsed::Page(page) => &page.file,
        Parsed::Section(section) => &section.file,
    };
    let Some(code) = &file.lang else {
        return Ok(item);
    };
    let plain = format!("{}.md", file.stem());
    let (message, hint) = if *code == config.language {
        (
            format!("`.{code}` in the name is the site's own language"),
            format!("call the file `{plain}`: files in the site's own language carry no code"),
        )
    } else if !config.languages.contains_key(code) {
        let known: Vec<String> = config.languages.keys().map(|c| format!("`{c}`")).collect();
        let known = if known.is_empty() {
            "the site has no other languages".to_string()
        } else {
            format!("its other languages are {}", known.join(", "))
        };
        (
            format!("`.{code}` in the name is a language that config.toml does not list"),
            format!(
                "add `[languages.{code}]` to config.toml to publish the site in that language too ({known}); if the file is not a translation, take `.{code}` out of its name"
            ),
        )
    } else {
        return Ok(item);
    };
    Err(Diagnostic::error(&file.shown, message).hint(hint).into())
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
    let Ok(url) = page_url(config, &page, &slug) else {
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
    let lang = split_language(file_name).map(|(_, code)| code.to_string());
    let file = |text| SourceFile {
        relative: relative.to_string(),
        shown: shown.clone(),
        lang: lang.clone(),
        text,
        front_matter_start: layout.front_matter_start,
        body_start: layout.body_start,
        revision: super::next_revision(),
    };
    if is_section_file(relative) {
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
