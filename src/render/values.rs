//! The Tera values of pages and sections, made once per render and shared
//! by every list that shows them; reused from the last render wherever
//! what they are made from is the same.

use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use super::memo::ValueKey;
use super::{Inputs, Previous};
use crate::ser;
use crate::templates::{ByPath, ContentValues};

pub struct Values {
    /// By page index.
    pub pages: Vec<Value>,
    /// By section index, each with its pages.
    pub sections: Vec<Value>,
    /// By section index, each without its pages.
    pub section_metadata: Vec<Value>,
    /// What each page's value was made from, by page index.
    pub keys: Vec<ValueKey>,
    /// Whether each page's value was taken from the last render because
    /// its inputs are the same, without being made again.
    pub same_inputs: Vec<bool>,
    /// Whether each page's value is the last render's, made again or not.
    pub pages_kept: Vec<bool>,
    /// Whether every section's menu value is the last render's.
    pub sections_kept: bool,
    pub content: ContentValues,
}

pub fn values(inputs: &Inputs, previous: Option<&Previous>) -> Values {
    let Inputs {
        config, library, ..
    } = *inputs;
    let last = previous.map(|p| p.memo.content());
    let keys: Vec<ValueKey> = library
        .pages
        .par_iter()
        .map(|page| ValueKey::of(library, page))
        .collect();
    let links = ser::Links::new(library);
    // A page whose value is made from the same files as last time keeps it
    // without making it again, and so does its own output (below).
    let (mut page_values, same_inputs): (Vec<Value>, Vec<bool>) = library
        .pages
        .par_iter()
        .zip(&keys)
        .map(|(page, key)| {
            let path = &page.file.relative;
            match previous.and_then(|p| p.memo.page_value(path, key)) {
                Some(value) => (value.clone(), true),
                None => (ser::page_value(config, library, &links, page), false),
            }
        })
        .unzip();
    let pages_kept = keep_unchanged(
        &mut page_values,
        &library.pages,
        |p| &p.file.relative,
        last.map(|l| &*l.pages),
    );
    let summaries: Vec<Value> = library
        .sections
        .iter()
        .map(|section| ser::section_summary_value(config, library, section))
        .collect();
    let mut metadata: Vec<Value> = library
        .sections
        .iter()
        .zip(&summaries)
        .map(|(section, summary)| ser::section_metadata_value(summary, section, &summaries))
        .collect();
    fn section_path(section: &crate::content::Section) -> &String {
        &section.file.relative
    }
    let sections_kept = keep_unchanged(
        &mut metadata,
        &library.sections,
        section_path,
        last.map(|l| &*l.section_metadata),
    );
    let mut section_values: Vec<Value> = library
        .sections
        .iter()
        .zip(&metadata)
        .map(|(section, metadata)| ser::section_value(metadata, section, &page_values))
        .collect();
    keep_unchanged(
        &mut section_values,
        &library.sections,
        section_path,
        last.map(|l| &*l.sections),
    );
    let by_path = |values: &[Value], relatives: Vec<&String>| -> Arc<ByPath> {
        Arc::new(
            relatives
                .into_iter()
                .cloned()
                .zip(values.iter().cloned())
                .collect(),
        )
    };
    let section_paths = || library.sections.iter().map(|s| &s.file.relative).collect();
    let content = ContentValues {
        pages: by_path(
            &page_values,
            library.pages.iter().map(|p| &p.file.relative).collect(),
        ),
        sections: by_path(&section_values, section_paths()),
        section_metadata: by_path(&metadata, section_paths()),
    };

    Values {
        pages: page_values,
        sections: section_values,
        section_metadata: metadata,
        keys,
        same_inputs,
        pages_kept,
        sections_kept: sections_kept.iter().all(|&kept| kept),
        content,
    }
}

/// Puts back the last render's value wherever the new one is equal to it.
///
/// Values share their parts through `Arc`s, and comparing two `Arc`s that
/// point at the same value is one pointer comparison. So once unchanged
/// pages keep their old values, every list, feed and term page made from
/// them compares with its last context in time proportional to its length,
/// not to the text of every page in it.
/// Returns which values were kept.
fn keep_unchanged<T: Sync>(
    values: &mut [Value],
    items: &[T],
    path: impl Fn(&T) -> &String + Sync,
    last: Option<&ByPath>,
) -> Vec<bool> {
    let Some(last) = last else {
        return vec![false; values.len()];
    };
    values
        .par_iter_mut()
        .zip(items)
        .map(|(value, item)| match last.get(path(item)) {
            Some(old) if old == value => {
                *value = old.clone();
                true
            }
            _ => false,
        })
        .collect()
}
