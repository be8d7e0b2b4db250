//! The Tera values of pages and sections, made once per render and shared
//! by every list that shows them. After a render, a new value equal to the
//! last one is the last one (`Last`), so that comparing them is cheap.

use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use super::Inputs;
use crate::ser;
use crate::templates::{ByPath, ContentValues};

#[derive(Default)]
pub struct Values {
    /// By page index.
    pub pages: Vec<Value>,
    /// By section index, each with its pages.
    pub sections: Vec<Value>,
    /// By section index, each without its pages.
    pub section_metadata: Vec<Value>,
    pub content: ContentValues,
    /// What the pages' values share, which their own templates' values
    /// share too.
    pub shared: ser::Shared,
    /// The fields the pages' values leave out.
    pub left_out: ser::OwnOnly,
}

/// The last render's values, for a render that follows one: see
/// [`super::reuse`], which makes this.
pub struct Last<'a> {
    /// By page index: the value the last render made from the same files,
    /// to take instead of making it again.
    pub known: Vec<Option<Value>>,
    /// Every value of the last render, to share wherever a new value is
    /// equal to it.
    pub content: &'a ContentValues,
}

/// Which values are the last render's, as `values` found while sharing
/// them: empty when there was no last render.
#[derive(Default)]
pub struct Kept {
    /// By page index.
    pub pages: Vec<bool>,
    /// Whether every section's value without its pages is.
    pub section_metadata: bool,
}

/// `compared`: whether a later render compares these values with its own
/// (see [`crate::ser::OwnOnly::compared`]), as `serve`'s always are.
pub fn values(inputs: &Inputs, last: Option<Last>, compared: bool) -> (Values, Kept) {
    let Inputs {
        config,
        library,
        texts,
        ..
    } = *inputs;
    let (known, last) = match last {
        Some(Last { known, content }) => (known, Some(content)),
        None => (Vec::new(), None),
    };
    let shared = ser::Shared::new(library);
    let own_only = inputs.templates.own_only(compared);
    let mut page_values: Vec<Value> = library
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| match known.get(i) {
            Some(Some(value)) => value.clone(),
            _ => ser::page_value(config, library, &shared, page, &texts.pages[i], own_only),
        })
        .collect();
    drop(known);
    let pages_kept = keep_unchanged(
        &mut page_values,
        &library.pages,
        |p| &p.file.relative,
        last.map(|l| &*l.pages),
    );
    let summaries: Vec<Value> = library
        .sections
        .iter()
        .zip(&texts.sections)
        .map(|(section, text)| ser::section_summary_value(config, library, section, text))
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
    let metadata_kept = keep_unchanged(
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
        taxonomies: Arc::new(match inputs.templates.gets_taxonomies() {
            true => taxonomy_values(inputs, &page_values),
            false => ByPath::default(),
        }),
    };

    let values = Values {
        pages: page_values,
        sections: section_values,
        section_metadata: metadata,
        content,
        shared,
        left_out: own_only,
    };
    let kept = Kept {
        pages: pages_kept,
        section_metadata: last.is_some() && metadata_kept.iter().all(|&kept| kept),
    };
    (values, kept)
}

/// Each taxonomy as Zola's `get_taxonomy` gives it, by
/// [`crate::templates::taxonomy_key`]: its config, language, address and
/// terms, each with its pages.
pub fn taxonomy_values(inputs: &Inputs, page_values: &[Value]) -> ByPath {
    let config = inputs.config;
    inputs
        .taxonomies
        .iter()
        .map(|taxonomy| {
            let lang = config.language_code(taxonomy.lang.as_deref());
            let kind = ser::map([
                ("name", Value::from(taxonomy.name.as_str())),
                ("paginate_by", Value::from(taxonomy.paginate_by)),
                ("feed", Value::from(taxonomy.feed)),
                ("lang", Value::from(lang)),
            ]);
            let items = taxonomy.terms.iter().map(|term| {
                let pages: Vec<Value> =
                    term.pages.iter().map(|&i| page_values[i].clone()).collect();
                ser::map([
                    ("name", Value::from(term.name.as_str())),
                    ("slug", Value::from(term.slug.as_str())),
                    ("path", Value::from(term.url.as_str())),
                    ("permalink", Value::from(config.absolute_url(&term.url))),
                    ("page_count", Value::from(pages.len())),
                    ("pages", Value::from(pages)),
                ])
            });
            let value = ser::map([
                ("kind", kind),
                ("lang", Value::from(lang)),
                ("permalink", Value::from(config.absolute_url(&taxonomy.url))),
                ("items", Value::from(items.collect::<Vec<_>>())),
            ]);
            let key = crate::templates::taxonomy_key(&taxonomy.name, taxonomy.lang.as_deref());
            (key, value)
        })
        .collect()
}

/// Puts back the last render's value wherever the new one is equal to it.
///
/// Values share their parts through `Arc`s, and comparing two `Arc`s that
/// point at the same value is one pointer comparison. So once unchanged
/// pages keep their old values, every list, feed and term page made from
/// them compares with its last context in time proportional to its length,
/// not to the text of every page in it. Returns which were kept; empty
/// without a last render.
fn keep_unchanged<T: Sync>(
    values: &mut [Value],
    items: &[T],
    path: impl Fn(&T) -> &String + Sync,
    last: Option<&ByPath>,
) -> Vec<bool> {
    let Some(last) = last else {
        return Vec::new();
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
