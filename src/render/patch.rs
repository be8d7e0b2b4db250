//! `serve`'s quick path after edits to the text of pages alone, their
//! front matter byte for byte as it was ([`crate::site::Edit::PageText`]):
//! it patches the last render in place instead of making a new one.
//!
//! A render after an edit ([`super::reuse`]) plans every output again and
//! keeps those that come out the same; that is exact for any edit, but
//! its time grows with the site (half a second at 100,000 pages,
//! docs/BENCHMARKS.md). An edit to a page's text changes only that page's
//! value, and so only the outputs whose context holds it (which the
//! planner lists: [`Planner::jobs_showing`]) and those whose templates
//! looked it up (which the memo knows). Everything else the render holds
//! (every other value, output, term list and search entry) is left where
//! it is, so the time a patch takes follows the edit, not the site.
//!
//! Nothing site-wide lists show (title, description, address, dates,
//! terms) comes from a page's text today. Should that change, a new value
//! that differs there makes the patch decline before changing anything,
//! and the caller renders as after any other edit.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use super::jobs::{Job, Planner};
use super::memo::Memo;
use super::{Contents, Destination, Inputs, Output, SiteFiles, csp, render_job};
use crate::diagnostic::{self, Result};
use crate::ser;
use crate::templates::Dependency;

/// Patches `memo` and `files`, the last render of this loaded site, for
/// edits to the text of `pages` (by index), which [`crate::site::Site::apply_edit`]
/// has applied. Returns the outputs rendered again, sorted; or `None`, with
/// nothing changed, when the edit needs a whole render.
///
/// After an error the memo and files are half patched: render afresh.
pub fn patch(
    inputs: &Inputs,
    pages: &[usize],
    memo: &mut Memo,
    files: &mut SiteFiles,
) -> Result<Option<Vec<String>>> {
    let Inputs {
        config,
        library,
        texts,
        ..
    } = *inputs;
    let shared = ser::Shared::new(library);
    let own_only = inputs.templates.own_only(true);
    let mut changed = Vec::new();
    for &i in pages {
        let page = &library.pages[i];
        let value = ser::page_value(config, library, &shared, page, &texts.pages[i], own_only);
        let old = &memo.values().pages[i];
        // Where the value lists share leaves out the page's text, the page
        // is still planned again, and its outputs rendered where their
        // jobs now differ.
        if value == *old && own_only.value_follows_text() {
            continue;
        }
        if !super::reuse::listed_alike(old, &value) {
            return Ok(None);
        }
        changed.push((i, value));
    }
    // The page and its neighbours were made from a file read again.
    let keyed = pages.iter().flat_map(|&i| {
        let page = &library.pages[i];
        [Some(i), page.previous, page.next].into_iter().flatten()
    });
    memo.update_value_keys(library, keyed.collect::<Vec<_>>());
    if changed.is_empty() {
        return Ok(Some(Vec::new()));
    }

    let indices: Vec<usize> = changed.iter().map(|(i, _)| *i).collect();
    // The search index is patched on one core while the outputs are on
    // the other.
    let search = memo.take_search();
    let (index, rendered) = rayon::join(
        || {
            search
                .as_ref()
                .map(|index| index.patch(library, texts, &indices))
        },
        || rerender(inputs, &changed, &indices, memo, files),
    );
    let mut rendered = rendered?;
    if let Some(index) = index {
        for (path, _) in search.as_ref().map_or(&[][..], |old| old.files()) {
            files.remove(path);
        }
        for (path, json) in index.files() {
            files.insert(path.clone(), Contents::Text(Arc::clone(json)));
        }
        memo.set_search(index);
    }
    // The other languages' indexes are small, and made afresh.
    if indices
        .iter()
        .any(|&i| library.pages[i].file.lang.is_some())
    {
        let codes = || config.languages.keys();
        files.retain(|path, _| {
            !codes().any(|code| {
                path.strip_prefix(code.as_str())
                    .and_then(|rest| rest.strip_prefix('/'))
                    .and_then(|rest| rest.strip_prefix(crate::search::FOLDER))
                    .is_some_and(|rest| rest.starts_with('/'))
            })
        });
        for (path, json) in crate::search::SearchIndex::other_languages(config, library, texts) {
            files.insert(path, Contents::Text(json));
        }
    }
    super::add_resized(inputs, files, None);
    rendered.sort();
    Ok(Some(rendered))
}

/// Puts the changed values in place and renders again every output that
/// shows them or looked them up and comes out different; returns those
/// outputs.
fn rerender(
    inputs: &Inputs,
    changed: &[(usize, tera::Value)],
    indices: &[usize],
    memo: &mut Memo,
    files: &mut SiteFiles,
) -> Result<Vec<String>> {
    let Inputs { config, lookup, .. } = *inputs;
    let used = new_values(inputs, memo, changed);
    // Templates look pages up in the values the render holds.
    lookup.set_content(Some(memo.content().clone()));
    let mut term_lists = std::mem::take(&mut memo.term_lists);
    term_lists.update(inputs, &memo.values().pages, indices);
    let planner = Planner::new(inputs, memo.values(), term_lists);
    let mut jobs: BTreeMap<String, Job> = BTreeMap::new();
    for &i in indices {
        for job in planner.jobs_showing(i, memo.values())? {
            jobs.insert(job.path.clone(), job);
        }
    }
    for path in memo.outputs_using(&used) {
        if !jobs.contains_key(path) {
            jobs.extend(memo.job(path).map(|job| (job.path.clone(), job)));
        }
    }
    memo.term_lists = planner.into_term_lists();

    // An output is made again when its job or what it looked up changed.
    let stale: Vec<Job> = jobs
        .into_values()
        .filter(|job| {
            let made = memo.made(&job.path);
            !made.is_some_and(|made| made.same_job(job) && !made.uses_any(&used))
        })
        .collect();
    let templates = inputs.templates;
    let made: Vec<Result<Output>> = stale
        .into_par_iter()
        .map(|job| render_job(templates, Destination::Memory, job))
        .collect();
    let made = diagnostic::collect(made)?;

    let mut policy_changed = false;
    let mut rendered = Vec::with_capacity(made.len());
    for output in made {
        let old = memo.made(&output.path);
        policy_changed |= old.is_none_or(|old| old.inline != output.made.inline);
        memo.record(output.path.clone(), output.made);
        files.insert(output.path.clone(), output.contents);
        rendered.push(output.path);
    }
    // The site's `_headers` allows every output's inline code; a site's
    // own file (copied from static/) is left as it is.
    if policy_changed && matches!(files.get(csp::HEADERS_FILE), Some(Contents::Text(_))) {
        let https = config.base_url.starts_with("https://");
        let headers = csp::headers_file(&memo.inline(), https);
        files.insert(csp::HEADERS_FILE.to_string(), Contents::text(headers));
    }
    Ok(rendered)
}

/// Puts each changed page's new value, and its section's, in the memo's
/// values (and where templates look them up), returning what changed as
/// lookups name it.
fn new_values(
    inputs: &Inputs,
    memo: &mut Memo,
    changed: &[(usize, tera::Value)],
) -> Vec<Dependency> {
    let library = inputs.library;
    // The render's own share of the values by path, let go so that they
    // are changed in place rather than copied.
    inputs.lookup.set_content(None);
    let values = memo.values_mut();
    let mut used = Vec::new();
    let mut sections = Vec::new();
    for (i, value) in changed {
        let page = &library.pages[*i];
        values.pages[*i] = value.clone();
        let by_path = Arc::make_mut(&mut values.content.pages);
        by_path.insert(page.file.relative.clone(), value.clone());
        used.push(Dependency::Page(page.file.relative.clone()));
        sections.push(page.section);
    }
    sections.sort_unstable();
    sections.dedup();
    for s in sections {
        let section = &library.sections[s];
        let value = ser::section_value(&values.section_metadata[s], section, &values.pages);
        if value != values.sections[s] {
            values.sections[s] = value.clone();
            let by_path = Arc::make_mut(&mut values.content.sections);
            by_path.insert(section.file.relative.clone(), value);
            used.push(Dependency::Section(section.file.relative.clone()));
        }
    }
    // The taxonomies listing a changed page, for `get_taxonomy`.
    let tagged = |i: &usize| {
        inputs
            .taxonomies
            .iter()
            .flat_map(|t| &t.terms)
            .any(|t| t.pages.contains(i))
    };
    let gets_taxonomies = inputs.templates.gets_taxonomies();
    if gets_taxonomies && changed.iter().map(|(i, _)| i).any(tagged) {
        let now = super::values::taxonomy_values(inputs, &values.pages);
        let by_name = Arc::make_mut(&mut values.content.taxonomies);
        for (name, value) in now {
            if by_name.get(&name) != Some(&value) {
                used.push(Dependency::Taxonomy(name.clone()));
                by_name.insert(name, value);
            }
        }
    }
    used
}
