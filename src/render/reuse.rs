//! What `serve` reuses of the last render of the same loaded site: the one
//! place the render asks "is this output the same as last time?". A build
//! and a check have no last render and never come here.
//!
//! Three questions, each answered from the memo of the last render: may a
//! page's output be kept without planning it (its value is the same and its
//! template shows no other page); may a planned job's output be kept (its
//! template, context and the pages it looked up are the same); and are the
//! site-wide lists the same (no page changed in what they show).

use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use super::jobs::{Job, Planner};
use super::memo::Memo;
use super::values::Values;
use super::{Contents, Output, Previous};
use crate::content::Library;
use crate::templates::ContentValues;

pub(super) struct Reuse<'a> {
    previous: &'a Previous<'a>,
    /// This render's content values, to compare the last render's lookups with.
    content: &'a ContentValues,
}

impl<'a> Reuse<'a> {
    pub(super) fn new(previous: &'a Previous<'a>, content: &'a ContentValues) -> Reuse<'a> {
        Reuse { previous, content }
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
        let made = self.previous.memo.unchanged_lookups(&path, self.content)?;
        Some(Output::reused(self.last_text(&path)?, made, path))
    }

    /// Each page's output, by page index, when it can be kept without
    /// planning the page again.
    pub(super) fn pages(
        &self,
        library: &Library,
        same_inputs: &[bool],
        planner: &Planner,
    ) -> Vec<Option<Output>> {
        library
            .pages
            .par_iter()
            .zip(same_inputs)
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
        let made = self.previous.memo.unchanged(&job, self.content);
        match (made, self.last_text(&job.path)) {
            (Some(made), Some(html)) => Ok(Output::reused(html, made, job.path)),
            _ => Err(job),
        }
    }

    /// The last render's memo, when the site-wide lists (the sitemap, the
    /// A–Z, the lists of terms) can be planned from it: every section is
    /// kept and no changed page differs in what those lists show.
    pub(super) fn listings(&self, library: &Library, values: &Values) -> Option<&'a Memo> {
        let previous = self.previous;
        let pages_listed_alike = library
            .pages
            .iter()
            .zip(&values.pages)
            .zip(&values.same_inputs)
            .filter(|(_, same)| !**same)
            .all(|((page, value), _)| {
                let old = previous.memo.content().pages.get(&page.file.relative);
                old.is_some_and(|old| listed_alike(old, value))
            });
        (values.sections_kept && pages_listed_alike).then_some(previous.memo)
    }
}

/// Whether two values of a page show the same in site-wide lists: the
/// sitemap, the A–Z of the search page, and the lists of terms.
fn listed_alike(old: &Value, new: &Value) -> bool {
    const LISTED: [&str; 9] = [
        "title",
        "description",
        "url",
        "permalink",
        "date",
        "updated",
        "taxonomies",
        "sensitive",
        "findable",
    ];
    LISTED.iter().all(|&field| {
        let key = tera::value::Key::from(field);
        let get = |value: &Value| value.as_map().and_then(|map| map.get(&key).cloned());
        get(old) == get(new)
    })
}
