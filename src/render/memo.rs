//! What the last render used to make each output, so the next render can
//! reuse every output whose inputs are the same.
//!
//! An output is a pure function of its template, its context, the pages and
//! sections its template looked up, and what is fixed for a loaded
//! [`Site`](crate::site::Site) (templates, config, data, URLs). `serve` keeps
//! the `Site` across an edit to a Markdown file only while those fixed inputs
//! stay fixed, so comparing the rest is enough to know an output would come
//! out byte for byte the same.

use std::collections::HashMap;

use tera::Context;

use super::csp::Inline;
use super::jobs::Job;
use crate::search::SearchIndex;
use crate::templates::{ContentValues, Dependency};

#[derive(Default)]
pub struct Memo {
    made: HashMap<String, Made>,
    /// The page and section values looked-up dependencies had.
    content: ContentValues,
    /// The search index, to update rather than make again.
    search: Option<SearchIndex>,
}

pub struct Made {
    template: String,
    context: Context,
    /// The pages and sections its template looked up.
    pub used: Vec<Dependency>,
    /// Its inline scripts and styles, for the site's policy.
    pub inline: Inline,
}

impl Memo {
    pub fn new(content: ContentValues) -> Memo {
        Memo {
            made: HashMap::new(),
            content,
            search: None,
        }
    }

    pub fn search(&self) -> Option<&SearchIndex> {
        self.search.as_ref()
    }

    pub fn set_search(&mut self, index: SearchIndex) {
        self.search = Some(index);
    }

    /// The page and section values of the render this memo is of.
    pub fn content(&self) -> &ContentValues {
        &self.content
    }

    pub fn record(&mut self, job: Job, used: Vec<Dependency>, inline: Inline) {
        let made = Made {
            template: job.template,
            context: job.context,
            used,
            inline,
        };
        self.made.insert(job.path, made);
    }

    /// Whether the last render made `job`'s output from the same inputs as
    /// now; if so, what it found out making it, to record again.
    pub fn unchanged(&self, job: &Job, now: &ContentValues) -> Option<&Made> {
        let made = self.made.get(&job.path)?;
        let same = made.template == job.template
            && made.context == job.context
            && made
                .used
                .iter()
                .all(|used| self.content.get(used) == now.get(used));
        same.then_some(made)
    }
}
