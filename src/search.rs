//! The search index: what the search page's script searches, written as one
//! compact JSON file so search needs no server.
//!
//! The file holds a list of documents (title, address, description, section)
//! and a map from each word to the documents it appears in, with a weight
//! for where it appears: a word in the title counts for more than one in the
//! text. Words are normalised the same way here and in `search.js`
//! ([`words`]), so the script only has to look words up.
//!
//! Sensitive pages are left out unless `findable`: a search result is shown
//! on another page, and a title there can give a reader away.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use serde::Serialize;

use crate::content::Library;
use crate::data::pages::GeneratedPage;

/// Where the index goes, relative to the output folder.
pub const INDEX_FILE: &str = "search-index.json";

/// Words too common to help find a page; sorted, for a binary search.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "we", "were",
    "will", "with", "you", "your",
];

/// How much a word counts for, by where it is: `(weight of one use, uses
/// counted)`. A word said three times in the text is likelier what the page
/// is about than one said once, but past that, length should not win.
const TITLE: (u32, u32) = (10, 1);
const HEADINGS: (u32, u32) = (5, 1);
const DESCRIPTION: (u32, u32) = (3, 1);
const SECTION: (u32, u32) = (2, 1);
const BODY: (u32, u32) = (1, 3);

#[derive(Debug, Serialize)]
pub struct SearchIndex {
    /// `[title, url, description, section]` for each document.
    pub docs: Vec<[String; 4]>,
    /// Word → `[doc, weight, doc, weight, …]`, documents in order.
    pub words: BTreeMap<String, Vec<u32>>,
}

/// Each page's weighed words, by content path: what the next index can
/// reuse for pages whose value has not changed (see `render::keep_unchanged`).
#[derive(Default)]
pub struct Weighed(HashMap<String, Arc<Vec<(String, u32)>>>);

/// What one document says, field by field.
struct Document<'a> {
    /// The content path of a page, to remember its weights by.
    key: Option<&'a str>,
    /// Its weights from the last index, when the page has not changed.
    weighed: Option<Arc<Vec<(String, u32)>>>,
    title: &'a str,
    url: &'a str,
    description: &'a str,
    section: &'a str,
    headings: String,
    body: String,
}

/// Every heading's words, nested ones included.
fn headings_text(toc: &[crate::markdown::Heading]) -> String {
    let mut out = String::new();
    for heading in toc {
        out.push_str(&heading.title);
        out.push(' ');
        out.push_str(&headings_text(&heading.children));
    }
    out
}

/// The index, and each page's weights for the next one. `unchanged` says
/// which pages (by index) have the same value as when `last` was made.
pub fn index(
    library: &Library,
    generated: &[GeneratedPage],
    last: &Weighed,
    unchanged: &(dyn Fn(usize) -> bool + Sync),
) -> (SearchIndex, Weighed) {
    let section_title = |i: usize| library.sections[i].meta.title.as_str();
    let pages = library
        .pages
        .par_iter()
        .enumerate()
        .filter(|(_, p)| p.announced())
        .map(|(i, page)| {
            let key = page.file.relative.as_str();
            let weighed = unchanged(i).then(|| last.0.get(key).cloned()).flatten();
            let known = weighed.is_some();
            Document {
                key: Some(key),
                weighed,
                title: &page.meta.title,
                url: &page.url,
                description: page.meta.description.as_deref().unwrap_or(""),
                section: section_title(page.section),
                headings: if known {
                    String::new()
                } else {
                    headings_text(&page.rendered.toc)
                },
                body: if known {
                    String::new()
                } else {
                    text_of(&page.rendered.html)
                },
            }
        });
    let sections = library
        .sections
        .iter()
        .filter(|s| !s.sensitive)
        .map(|section| Document {
            key: None,
            weighed: None,
            title: &section.meta.title,
            url: &section.url,
            description: section.meta.description.as_deref().unwrap_or(""),
            section: section.parent.map_or("", section_title),
            headings: headings_text(&section.rendered.toc),
            body: text_of(&section.rendered.html),
        });
    let made_from_data = generated
        .iter()
        .filter(|g| !g.sensitive)
        .map(|page| Document {
            key: None,
            weighed: None,
            title: &page.title,
            url: &page.url,
            description: page.description.as_deref().unwrap_or(""),
            section: "",
            headings: String::new(),
            body: String::new(),
        });
    let mut documents: Vec<Document> = pages.collect();
    documents.extend(sections.chain(made_from_data));
    documents.sort_by(|a, b| a.url.cmp(b.url));

    // Weighing each document's words is independent work; the postings
    // are then gathered in document order.
    let weighed: Vec<Arc<Vec<(String, u32)>>> = documents
        .par_iter()
        .map(|doc| doc.weighed.clone().unwrap_or_else(|| Arc::new(weigh(doc))))
        .collect();
    let mut words: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (id, weights) in weighed.iter().enumerate() {
        for (word, weight) in weights.iter() {
            match words.get_mut(word.as_str()) {
                Some(postings) => postings.extend([id as u32, *weight]),
                None => {
                    words.insert(word.clone(), vec![id as u32, *weight]);
                }
            }
        }
    }
    let next = Weighed(
        documents
            .iter()
            .zip(&weighed)
            .filter_map(|(doc, weights)| Some((doc.key?.to_string(), Arc::clone(weights))))
            .collect(),
    );
    let docs = documents
        .into_iter()
        .map(|d| {
            [
                d.title.to_string(),
                d.url.to_string(),
                d.description.to_string(),
                d.section.to_string(),
            ]
        })
        .collect();
    (SearchIndex { docs, words }, next)
}

/// Each word of a document with its weight, sorted by word.
fn weigh(doc: &Document) -> Vec<(String, u32)> {
    let mut weights: HashMap<Cow<str>, u32> = HashMap::new();
    let fields = [
        (doc.title, TITLE),
        (doc.headings.as_str(), HEADINGS),
        (doc.description, DESCRIPTION),
        (doc.section, SECTION),
        (doc.body.as_str(), BODY),
    ];
    let mut uses: HashMap<Cow<str>, u32> = HashMap::new();
    for (text, (weight, counted)) in fields {
        uses.clear();
        for word in words_of(text) {
            *uses.entry(word).or_default() += 1;
        }
        for (word, n) in uses.drain() {
            *weights.entry(word).or_default() += weight * n.min(counted);
        }
    }
    let mut weights: Vec<(String, u32)> = weights
        .into_iter()
        .map(|(word, weight)| (word.into_owned(), weight))
        .collect();
    weights.sort_unstable();
    weights
}

impl SearchIndex {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain data serialises")
    }
}

/// The words of `text` as the index stores them: lower case, letters and
/// digits only, common words dropped, a plural `s` taken off. `search.js`
/// does the same to what the reader types.
pub fn words(text: &str) -> Vec<String> {
    words_of(text).map(Cow::into_owned).collect()
}

/// Borrowed where the text is already lower case, as most words are.
fn words_of(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.chars().any(char::is_uppercase) {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        })
        .filter(|w| STOP_WORDS.binary_search(&w.as_ref()).is_err())
        .map(|w| match w {
            Cow::Borrowed(b) => Cow::Borrowed(singular(b)),
            Cow::Owned(o) => Cow::Owned(singular(&o).to_string()),
        })
}

fn singular(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem) if word.len() > 3 && !stem.ends_with('s') => stem,
        _ => word,
    }
}

/// The readable text of rendered HTML: tags dropped, entities decoded,
/// scripts and styles left out.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        decode_into(&rest[..open], &mut out);
        rest = &rest[open..];
        let starts = |tag: &str| {
            rest.len() >= tag.len()
                && rest.as_bytes()[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
        };
        let skip_to = if starts("<script") {
            rest.find("</script>").map(|i| i + 9)
        } else if starts("<style") {
            rest.find("</style>").map(|i| i + 8)
        } else {
            rest.find('>').map(|i| i + 1)
        };
        let Some(end) = skip_to else {
            rest = "";
            break;
        };
        out.push(' ');
        rest = &rest[end..];
    }
    decode_into(rest, &mut out);
    out
}

fn decode_into(text: &str, out: &mut String) {
    if !text.contains('&') {
        out.push_str(text);
        return;
    }
    out.push_str(
        &text
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&nbsp;", " ")
            .replace("&amp;", "&"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_case_singular_and_uncommon() {
        assert_eq!(
            words("The J9 Schemes: help with domestic abuse, & addresses"),
            ["j9", "scheme", "help", "domestic", "abuse", "addresse"]
        );
        assert_eq!(words("bus gas ASB"), ["bus", "gas", "asb"]);
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn text_leaves_out_tags_and_code() {
        let html = "<h2 id=\"a\">Who &amp; why</h2><p>Call <strong>101</strong>.</p>\
                    <script>secret()</script><style>p{}</style>";
        let text = text_of(html);
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>(),
            ["Who", "&", "why", "Call", "101", "."]
        );
    }
}
