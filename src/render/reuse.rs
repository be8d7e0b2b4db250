//! What `serve` reuses of the last render of the same loaded site: the one
//! place the render asks "is this output the same as last time?". A build
//! and a check have no last render and never come here.
//!
//! It makes the render's values from the last render's where their files are
//! the same, and then answers, from the memo of the last render: may a
//! page's output be kept without planning it (its value is the same and its
//! template shows no other page); may a planned job's output be kept (its
//! template, context and the pages it looked up are the same); are the
//! site-wide lists the same (no page changed in what they show), and which
//! terms' lists and which pages' search entries are. The planner, the
//! values and the views know nothing of it: they are given what it keeps.

use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use super::jobs::{Job, Planner, SiteWide, TermLists};
use super::memo::ValueKey;
use super::values::{self, Last, Values};
use super::{Contents, Inputs, Output, Previous};
use crate::content::Library;
use crate::templates::ContentValues;

pub(super) struct Reuse<'a> {
    previous: &'a Previous<'a>,
    /// This render's content values, to compare the last render's lookups with.
    content: ContentValues,
    /// What each page's value was made from, by page index, for the memo.
    keys: Vec<ValueKey>,
    /// By page index: whether the page's value was the last render's
    /// because it was made from the same files, without making it again.
    same_inputs: Vec<bool>,
    /// By page index: whether the page's value is the last render's, made
    /// again or not.
    pages_kept: Vec<bool>,
    /// Whether the site-wide lists are as the last render made them: every
    /// section's menu value is the last render's, and no changed page
    /// differs in what those lists show.
    lists_same: bool,
}

impl<'a> Reuse<'a> {
    /// This render's values, taking the last render's wherever they are
    /// made from the same files or come out the same; and the seam, which
    /// remembers which did.
    pub(super) fn values(previous: &'a Previous<'a>, inputs: &Inputs) -> (Reuse<'a>, Values) {
        let library = inputs.library;
        let memo = previous.memo;
        let keys = ValueKey::all(library);
        let known: Vec<Option<Value>> = library
            .pages
            .par_iter()
            .zip(&keys)
            .map(|(page, key)| memo.page_value(&page.file.relative, key).cloned())
            .collect();
        let same_inputs: Vec<bool> = known.iter().map(Option::is_some).collect();
        let last = memo.content();
        let (values, kept) = values::values(
            inputs,
            Some(Last {
                known,
                content: last,
            }),
            true,
        );
        let pages_listed_alike = library
            .pages
            .iter()
            .zip(&values.pages)
            .zip(&same_inputs)
            .filter(|(_, same)| !**same)
            .all(|((page, value), _)| {
                let old = last.pages.get(&page.file.relative);
                old.is_some_and(|old| listed_alike(old, value))
            });
        let reuse = Reuse {
            previous,
            content: values.content.clone(),
            keys,
            same_inputs,
            pages_kept: kept.pages,
            lists_same: kept.section_metadata && pages_listed_alike,
        };
        (reuse, values)
    }

    /// What each page's value was made from, for the memo of this render.
    pub(super) fn take_keys(&mut self) -> Vec<ValueKey> {
        std::mem::take(&mut self.keys)
    }

    /// The search index, updated from the last where pages are unchanged.
    pub(super) fn search(&self, inputs: &Inputs) -> crate::search::SearchIndex {
        let last = self.previous.memo.search();
        // A page's value equal to the last is its search entry's too,
        // unless the value leaves out its text and its file was read again.
        let follows = inputs.templates.own_only(true).value_follows_text();
        let kept = |i: usize| self.pages_kept[i] && (follows || self.same_inputs[i]);
        let Inputs {
            library,
            texts,
            generated,
            ..
        } = *inputs;
        let scope = crate::search::Scope::of(inputs.config, inputs.glossary, None);
        crate::search::SearchIndex::build(library, texts, generated, scope, last, &kept)
    }

    /// Each taxonomy term's list, keeping the last render's for every term
    /// whose pages are the same.
    pub(super) fn term_lists(&self, inputs: &Inputs, page_values: &[Value]) -> TermLists {
        TermLists::build(
            inputs,
            page_values,
            Some(&self.previous.memo.term_lists),
            true,
        )
    }

    /// The text the last render wrote at `path`.
    fn last_text(&self, path: &str) -> Option<Arc<String>> {
        match self.previous.files.get(path) {
            Some(Contents::Text(html)) => Some(Arc::clone(html)),
            _ => None,
        }
    }

    /// The output at `path` as the last render made it, if nothing it was
    /// made from has changed; for outputs known to have the same template
    /// and context without planning them.
    fn kept(&self, path: String) -> Option<Output> {
        let made = self.previous.memo.unchanged_lookups(&path, &self.content)?;
        Some(Output::reused(self.last_text(&path)?, made, path))
    }

    /// Each page's output, by page index, when it can be kept without
    /// planning the page again.
    pub(super) fn pages(&self, library: &Library, planner: &Planner) -> Vec<Option<Output>> {
        library
            .pages
            .par_iter()
            .zip(&self.same_inputs)
            .map(|(page, &same)| {
                let alone = same && !planner.shows_other_pages(&page.url);
                alone
                    .then(|| self.kept(planner.output_path(&page.url)))
                    .flatten()
            })
            .collect()
    }

    /// `job`'s output as the last render made it, if it would be the same;
    /// otherwise the job back, to render.
    pub(super) fn output(&self, job: Job) -> std::result::Result<Output, Job> {
        let made = self.previous.memo.unchanged(&job, &self.content);
        match (made, self.last_text(&job.path)) {
            (Some(made), Some(html)) => Ok(Output::reused(html, made, job.path)),
            _ => Err(job),
        }
    }

    /// The site-wide list `part` (the sitemap, the A–Z, a taxonomy's list
    /// of terms) as the last render planned it, when those lists are the
    /// same: planning them again holds a value for every page.
    pub(super) fn listing(&self, planner: &Planner, part: SiteWide) -> Option<Vec<Job>> {
        let paths = planner.listing_paths(part);
        if !self.lists_same || paths.is_empty() {
            return None;
        }
        // All of a part's files from the last render, or none.
        paths
            .iter()
            .map(|path| self.previous.memo.job(path))
            .collect()
    }
}

/// Whether two values of a page show the same in site-wide lists: the
/// sitemap, the A–Z of the search page, and the lists of terms.
pub(super) fn listed_alike(old: &Value, new: &Value) -> bool {
    crate::ser::PageField::LISTED.iter().all(|field| {
        let key = tera::value::Key::from(field.name());
        let get = |value: &Value| value.as_map().and_then(|map| map.get(&key).cloned());
        get(old) == get(new)
    })
}
