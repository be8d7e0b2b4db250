//! What the last render used to make each output, so the next render can
//! reuse every output whose inputs are the same.
//!
//! An output is a pure function of its template, its context, the pages and
//! sections its template looked up, and what is fixed for a loaded
//! [`Site`](crate::site::Site) (templates, config, data, URLs). `serve` keeps
//! the `Site` across an edit to a Markdown file only while those fixed inputs
//! stay fixed, so comparing the rest is enough to know an output would come
//! out byte for byte the same.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use tera::{Context, Value};

use super::csp::Inline;
use super::jobs::{Job, TermLists};
use super::values::Values;
use crate::content::{Library, Page};
use crate::search::SearchIndex;
use crate::templates::{ContentValues, Dependency};

#[derive(Default)]
pub struct Memo {
    made: HashMap<String, Arc<Made>>,
    /// The page and section values the render made, by index and by path
    /// (the values looked-up dependencies had).
    values: Values,
    /// The search index, to update rather than make again.
    search: Option<SearchIndex>,
    /// What each page's value was made from, by content path.
    value_keys: HashMap<String, ValueKey>,
    pub term_lists: TermLists,
}

/// What a page's value is made from, by [revision](crate::content::SourceFile::revision):
/// the page's own file, its previous and next pages' (whose titles it links
/// to) and its sections' (whose titles are its breadcrumbs). Everything else
/// a value shows is fixed while a loaded site lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueKey(Vec<u64>);

impl ValueKey {
    /// Every page's key, by page index.
    pub fn all(library: &Library) -> Vec<ValueKey> {
        use rayon::prelude::*;
        let pages = library.pages.par_iter();
        pages.map(|page| ValueKey::of(library, page)).collect()
    }

    pub fn of(library: &Library, page: &Page) -> ValueKey {
        let revision = |i: Option<usize>| i.map_or(0, |i| library.pages[i].file.revision);
        let mut key = vec![
            page.file.revision,
            revision(page.previous),
            revision(page.next),
        ];
        key.extend(
            page.ancestors
                .iter()
                .map(|&i| library.sections[i].file.revision),
        );
        // Its translations' titles are in its value.
        let versions = library.translations_of(crate::content::ItemRef::Page(page));
        key.extend(versions.iter().map(|version| version.file().revision));
        ValueKey(key)
    }
}

pub struct Made {
    template: String,
    context: Context,
    origin: std::path::PathBuf,
    /// The pages and sections its template looked up.
    pub used: Vec<Dependency>,
    /// Its inline scripts and styles, for the site's policy.
    pub inline: Inline,
}

impl Memo {
    /// A memo for a render of about `outputs` outputs.
    pub fn new(values: Values, outputs: usize) -> Memo {
        Memo {
            made: HashMap::with_capacity(outputs),
            values,
            search: None,
            value_keys: HashMap::new(),
            term_lists: TermLists::default(),
        }
    }

    pub fn search(&self) -> Option<&SearchIndex> {
        self.search.as_ref()
    }

    pub(super) fn take_search(&mut self) -> Option<SearchIndex> {
        self.search.take()
    }

    pub fn set_search(&mut self, index: SearchIndex) {
        self.search = Some(index);
    }

    /// The value the last render gave the page at `path`, if it was made
    /// from what `key` says.
    pub fn page_value(&self, path: &str, key: &ValueKey) -> Option<&Value> {
        (self.value_keys.get(path)? == key).then(|| self.values.content.pages.get(path))?
    }

    /// Records what each page's value was made from, `keys` by page index.
    pub fn set_value_keys(&mut self, library: &Library, keys: Vec<ValueKey>) {
        let paths = library.pages.iter().map(|p| p.file.relative.clone());
        self.value_keys = paths.zip(keys).collect();
    }

    /// Records again what the values of `pages` (by index) were made from.
    pub fn update_value_keys(&mut self, library: &Library, pages: impl IntoIterator<Item = usize>) {
        for i in pages {
            let page = &library.pages[i];
            let key = ValueKey::of(library, page);
            self.value_keys.insert(page.file.relative.clone(), key);
        }
    }

    /// The page and section values of the render this memo is of.
    pub fn content(&self) -> &ContentValues {
        &self.values.content
    }

    pub(super) fn values(&self) -> &Values {
        &self.values
    }

    pub(super) fn values_mut(&mut self) -> &mut Values {
        &mut self.values
    }

    /// The outputs whose templates looked up any of `used`.
    pub(super) fn outputs_using(&self, used: &[Dependency]) -> Vec<&str> {
        use rayon::prelude::*;
        let made: Vec<(&String, &Arc<Made>)> = self.made.iter().collect();
        made.par_iter()
            .filter(|(_, made)| made.uses_any(used))
            .map(|(path, _)| path.as_str())
            .collect()
    }

    /// What made the output at `path`, if the last render made it.
    pub(super) fn made(&self, path: &str) -> Option<&Arc<Made>> {
        self.made.get(path)
    }

    /// Every output's inline scripts and styles, for the site's policy.
    pub(super) fn inline(&self) -> super::csp::Inline {
        let mut all = super::csp::Inline::default();
        for made in self.made.values() {
            all.extend(&made.inline);
        }
        all
    }

    pub fn record(&mut self, path: String, made: Arc<Made>) {
        self.made.insert(path, made);
    }

    /// Whether the last render made `job`'s output from the same inputs as
    /// now; if so, what it found out making it, to record again.
    pub fn unchanged(&self, job: &Job, now: &ContentValues) -> Option<&Arc<Made>> {
        let made = self.made.get(&job.path)?;
        (made.same_job(job) && self.same_lookups(made, now)).then_some(made)
    }

    /// The job that made the output at `path` last time, to plan again
    /// without working out its context when that is known not to change.
    pub fn job(&self, path: &str) -> Option<Job> {
        let made = self.made.get(path)?;
        Some(Job {
            path: path.to_string(),
            template: made.template.clone(),
            context: made.context.clone(),
            origin: made.origin.clone(),
        })
    }

    /// What made the output at `path`, for an output whose template and
    /// context are known to be unchanged without planning it again, if the
    /// pages and sections its template looked up are unchanged too.
    pub fn unchanged_lookups(&self, path: &str, now: &ContentValues) -> Option<&Arc<Made>> {
        let made = self.made.get(path)?;
        self.same_lookups(made, now).then_some(made)
    }

    fn same_lookups(&self, made: &Made, now: &ContentValues) -> bool {
        made.used
            .iter()
            .all(|used| self.values.content.get(used) == now.get(used))
    }
}

impl Made {
    pub fn template(&self) -> &str {
        &self.template
    }

    /// Whether it was made from `job`'s template and context.
    pub(super) fn same_job(&self, job: &Job) -> bool {
        self.template == job.template && self.context == job.context
    }

    /// Whether its template looked up any of `used`.
    pub(super) fn uses_any(&self, used: &[Dependency]) -> bool {
        self.used.iter().any(|u| used.contains(u))
    }

    /// The file the output is made for, or `(site)`.
    pub fn origin(&self) -> &std::path::Path {
        &self.origin
    }

    /// What a build keeps of an output it has written: no context, as a
    /// build is never compared with the next, and the context holds the
    /// values of the pages it shows.
    pub fn written(job: Job, inline: Inline) -> Made {
        Made {
            template: job.template,
            context: Context::new(),
            origin: job.origin,
            used: Vec::new(),
            inline,
        }
    }

    pub fn new(job: Job, used: Vec<Dependency>, inline: Inline) -> Made {
        Made {
            template: job.template,
            context: job.context,
            origin: job.origin,
            used,
            inline,
        }
    }
}
