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

use super::jobs::Job;
use crate::templates::{ContentValues, Dependency};

#[derive(Default)]
pub struct Memo {
    made: HashMap<String, Made>,
    /// The page and section values looked-up dependencies had.
    content: ContentValues,
}

struct Made {
    template: String,
    context: Context,
    used: Vec<Dependency>,
}

impl Memo {
    pub fn new(content: ContentValues) -> Memo {
        Memo {
            made: HashMap::new(),
            content,
        }
    }

    pub fn record(&mut self, job: Job, used: Vec<Dependency>) {
        let made = Made {
            template: job.template,
            context: job.context,
            used,
        };
        self.made.insert(job.path, made);
    }

    /// Whether the last render made `job`'s output from the same inputs as
    /// now; if so, what it looked up, to record again.
    pub fn unchanged(&self, job: &Job, now: &ContentValues) -> Option<&[Dependency]> {
        let made = self.made.get(&job.path)?;
        let same = made.template == job.template
            && made.context == job.context
            && made
                .used
                .iter()
                .all(|used| self.content.get(used) == now.get(used));
        same.then_some(made.used.as_slice())
    }
}
