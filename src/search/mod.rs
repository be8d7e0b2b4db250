//! The search index: what the search page's script searches, written as
//! JSON files so search needs no server.
//!
//! The index is a list of documents (title, address, description, section)
//! and a map from each word to the documents it appears in, with a weight
//! for where it appears: a word in the title counts for more than one in the
//! text. Words are normalised the same way here and in `search.js`
//! ([`words`]), so the script only has to look words up. [`files`] splits
//! it so that a search downloads only the words it looks up.
//!
//! Sensitive pages are left out unless `findable`: a search result is shown
//! on another page, and a title there can give a reader away.

use std::borrow::Cow;
use std::sync::Arc;

use foldhash::HashMap;

use rayon::prelude::*;

use crate::content::{Library, Texts};
use crate::data::pages::GeneratedPage;

mod files;
mod synonyms;
mod vocabulary;
mod weigh;
mod words;

use files::Written;
pub use files::{DOCS_PER_CHUNK, FOLDER, META, decode_postings};
use vocabulary::Vocabulary;
use weigh::weigh;
pub use words::{Rules, stem, words, words_in};

/// The index, kept between renders so that `serve` can update the entries
/// of the pages an edit changed instead of weighing every page again.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// `[title, url, description, section]` for each document, by title.
    docs: Arc<Vec<[String; 4]>>,
    /// Each document's place in the library's order ([`documents`]).
    order: Arc<[u32]>,
    /// Word → `[doc, weight, doc, weight, …]`, documents in order. Shared,
    /// so an update copies only the lists of the words it touches.
    words: Postings,
    written: Written,
    /// The language whose pages it holds, `None` for the site's own.
    lang: Option<Arc<str>>,
    rules: Rules,
    /// What `search.js` is told of besides the documents: the synonyms,
    /// and where the officers' documents begin.
    extra: Extra,
}

/// What `meta.json` tells `search.js` besides where the files are.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extra {
    synonyms: Arc<[synonyms::Group]>,
    /// The first document written for officers: they come after every
    /// resident's, and `search.js` lists them after residents' results.
    officers_from: u32,
}

/// Which pages an index holds, and how their words are read: the pages in
/// the site's own language (`lang: None`) with the pages made from data,
/// or those in one of its other languages.
#[derive(Debug, Clone)]
pub struct Scope<'a> {
    pub lang: Option<&'a str>,
    pub rules: Rules,
    synonyms: Arc<[synonyms::Group]>,
}

impl<'a> Scope<'a> {
    /// The pages in `lang` (`None` for the site's own language), read by
    /// that language's rules. The site's own language has the glossary's
    /// and the config's synonyms, which are written in it.
    pub fn of(
        config: &crate::config::Config,
        glossary: &crate::glossary::Glossary,
        lang: Option<&'a str>,
    ) -> Scope<'a> {
        let rules = Rules::for_language(config.language_code(lang));
        let synonyms = match lang {
            None => synonyms::of_site(config, glossary, rules).into(),
            Some(_) => Arc::from([]),
        };
        Scope {
            lang,
            rules,
            synonyms,
        }
    }
}

/// Word → `[doc, weight, doc, weight, …]`.
type Postings = HashMap<Arc<str>, Arc<[u32]>>;

/// A document's id and each of its words, by number in the index's
/// [`Vocabulary`], with its weight.
type Weighed = (u32, Vec<(u32, u32)>);

/// What one document says, field by field.
#[derive(Clone, Copy)]
struct Document<'a> {
    what: Source,
    /// Written for officers, not residents.
    for_officers: bool,
    /// About an earlier time: in an archive section, or a past plan.
    past: bool,
    title: &'a str,
    url: &'a str,
    description: &'a str,
    section: &'a str,
    /// A page made from data has no Markdown: what it shows of its
    /// records, as escaped text ([`GeneratedPage::text`]).
    data_text: &'a str,
}

#[derive(Clone, Copy)]
enum Source {
    Page(usize),
    Section(usize),
    Data,
}

/// A document's text: its headings, and its rendered HTML, whose words
/// are read from its [text runs](text_runs) when they are weighed.
#[derive(Default)]
struct Text<'a> {
    headings: String,
    html: Cow<'a, str>,
}

impl<'d> Document<'d> {
    fn fields(&self) -> [String; 4] {
        [self.title, self.url, self.description, self.section].map(str::to_string)
    }

    fn has_fields(&self, fields: &[String; 4]) -> bool {
        [self.title, self.url, self.description, self.section]
            == fields.each_ref().map(String::as_str)
    }

    fn text<'a>(&self, texts: &'a Texts) -> Text<'a>
    where
        'd: 'a,
    {
        let rendered = match self.what {
            Source::Page(i) => &texts.pages[i],
            Source::Section(i) => &texts.sections[i],
            Source::Data => {
                return Text {
                    headings: String::new(),
                    html: Cow::Borrowed(self.data_text),
                };
            }
        };
        Text {
            headings: headings_text(&rendered.toc),
            html: rendered.html.text(),
        }
    }
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

/// Whether page `i` is in the index of `lang`.
fn in_index(library: &Library, i: usize, lang: Option<&str>) -> bool {
    library.searchable_page(i) && library.pages[i].file.lang.as_deref() == lang
}

/// Every page, section and page made from data in `lang` that may be
/// found, in the library's order; the pages made from data are in the
/// site's own language.
fn documents<'a>(
    library: &'a Library,
    generated: &'a [GeneratedPage],
    lang: Option<&str>,
) -> Vec<Document<'a>> {
    let section_title = |i: usize| library.sections[i].meta.title.as_str();
    let document = |what, title, url, description: &'a Option<String>, section| Document {
        what,
        for_officers: match what {
            Source::Section(i) => for_officers(&library.sections[i]),
            _ => false,
        },
        past: match what {
            Source::Section(i) => library.sections[i].meta.archive,
            _ => false,
        },
        title,
        url,
        description: description.as_deref().unwrap_or(""),
        section,
        data_text: "",
    };
    let pages = (0..library.pages.len())
        .filter(|&i| in_index(library, i, lang))
        .map(|i| page_document(library, i));
    let sections = library
        .sections
        .iter()
        .enumerate()
        .filter(|&(i, s)| library.searchable_section(i) && s.file.lang.as_deref() == lang)
        .map(|(i, s)| {
            let parent = s.parent.map_or("", section_title);
            document(
                Source::Section(i),
                &s.meta.title,
                &s.url,
                &s.meta.description,
                parent,
            )
        });
    let made_from_data = generated
        .iter()
        .filter(|g| g.announced() && lang.is_none())
        .map(|g| Document {
            data_text: &g.text,
            past: g.past,
            ..document(Source::Data, &g.title, &g.url, &g.description, "")
        });
    pages.chain(sections).chain(made_from_data).collect()
}

/// Page `i` as a document.
fn page_document(library: &Library, i: usize) -> Document<'_> {
    let page = &library.pages[i];
    Document {
        what: Source::Page(i),
        for_officers: for_officers(&library.sections[page.section]),
        past: library.in_archive(page),
        title: &page.meta.title,
        url: &page.url,
        description: page.meta.description.as_deref().unwrap_or(""),
        section: &library.sections[page.section].meta.title,
        data_text: "",
    }
}

/// Whether a section, and so its pages, is written for officers.
fn for_officers(section: &crate::content::Section) -> bool {
    section.meta.audience == crate::content::Audience::Officers
}

/// The documents, residents' before officers', sorted by title and then
/// address (`search.js` orders results of equal score by their number,
/// which is then their title's place from A to Z), with each one's place in the library's order. When
/// `last`'s order gives the same documents as it had, that order is taken
/// and `last` may be updated, rather than every document sorted again on
/// each edit (figures in docs/BENCHMARKS.md).
fn sorted<'a, 'l>(
    documents: Vec<Document<'a>>,
    last: Option<&'l SearchIndex>,
) -> (Vec<Document<'a>>, Arc<[u32]>, Option<&'l SearchIndex>) {
    let same = last.and_then(|last| {
        (last.order.len() == documents.len()).then_some(())?;
        let ordered: Vec<Document> = last.order.iter().map(|&i| documents[i as usize]).collect();
        let same = ordered
            .iter()
            .zip(last.docs.iter())
            .enumerate()
            .all(|(id, (doc, old))| {
                doc.has_fields(old) && doc.for_officers == (id as u32 >= last.extra.officers_from)
            });
        same.then(|| (ordered, Arc::clone(&last.order), last))
    });
    if let Some((ordered, order, last)) = same {
        return (ordered, order, Some(last));
    }
    let mut order: Vec<u32> = (0..documents.len() as u32).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&documents[a as usize], &documents[b as usize]);
        (a.for_officers, a.title, a.url).cmp(&(b.for_officers, b.title, b.url))
    });
    let ordered = order.iter().map(|&i| documents[i as usize]).collect();
    (ordered, order.into(), None)
}

/// How many documents are weighed at once while the whole index is made:
/// enough to keep both cores busy, few enough that a big site's weighed
/// words are never all in memory together before they are merged.
const CHUNK: usize = 1024;

impl SearchIndex {
    /// The index of the pages in `scope`, made afresh.
    pub fn new(
        library: &Library,
        texts: &Texts,
        generated: &[GeneratedPage],
        scope: Scope,
    ) -> SearchIndex {
        SearchIndex::build(library, texts, generated, scope, None, &|_| false)
    }

    /// The index of the whole site. With `last`, the index of an earlier
    /// render of the same site, only documents that may have changed are
    /// weighed again: a page is unchanged when `unchanged(page)` says so.
    pub fn build(
        library: &Library,
        texts: &Texts,
        generated: &[GeneratedPage],
        scope: Scope,
        last: Option<&SearchIndex>,
        unchanged: &(dyn Fn(usize) -> bool + Sync),
    ) -> SearchIndex {
        let documents = documents(library, generated, scope.lang);
        let (documents, order, mut last) = sorted(documents, last);
        let docs = match last {
            Some(last) => Arc::clone(&last.docs),
            None => Arc::new(documents.iter().map(Document::fields).collect()),
        };
        // A document the last index has under the same id with the same
        // fields, and whose page is unchanged, keeps its postings.
        let stale = |last: Option<&SearchIndex>| -> Vec<u32> {
            let ids = documents
                .iter()
                .enumerate()
                .filter(|(_, doc)| match doc.what {
                    Source::Page(i) => last.is_none() || !unchanged(i),
                    _ => true,
                });
            ids.map(|(id, _)| id as u32).collect()
        };
        let mut stale_ids = stale(last);
        // An update is for a few documents; many are quicker made afresh.
        if last.is_some() && stale_ids.len() > CHUNK {
            last = None;
            stale_ids = stale(None);
        }
        let vocabulary = Vocabulary::new(scope.rules);
        let mut merged: [Vec<Vec<u32>>; 2] = Default::default();
        let mut weighed_last = Vec::new();
        for chunk in stale_ids.chunks(CHUNK) {
            let texts: Vec<Text> = chunk
                .par_iter()
                .map(|&id| documents[id as usize].text(texts))
                .collect();
            let weighed: Vec<Weighed> = chunk
                .par_iter()
                .zip(&texts)
                .map(|(&id, text)| (id, weigh(&documents[id as usize], text, &vocabulary)))
                .collect();
            match last {
                Some(_) => weighed_last = weighed,
                None => {
                    let [even, odd] = &mut merged;
                    rayon::join(|| merge(even, &weighed, 0), || merge(odd, &weighed, 1));
                }
            }
        }
        let numbered = vocabulary.into_words();
        let words = match last {
            Some(last) if weighed_last.is_empty() => last.words.clone(),
            Some(last) => last.updated_words(&weighed_last, &numbered),
            None => postings(numbered, merged),
        };
        let extra = Extra {
            synonyms: scope.synonyms,
            officers_from: documents.iter().filter(|doc| !doc.for_officers).count() as u32,
        };
        let written = Written::new(&docs, &words, &extra, last);
        SearchIndex {
            docs,
            order,
            words,
            written,
            lang: scope.lang.map(Arc::from),
            rules: scope.rules,
            extra,
        }
    }

    /// This index with the words of `pages` (by index in the library)
    /// weighed again, for an edit that changed their text alone: their
    /// titles, addresses, descriptions and sections, and so every
    /// document and its place, are as they were. Unlike [`SearchIndex::build`]
    /// it never looks at the other documents.
    pub fn patch(&self, library: &Library, texts: &Texts, pages: &[usize]) -> SearchIndex {
        // Pages are the first documents, in the library's order, those
        // that may be found: a page's place among them is the count of
        // findable pages before it.
        let mut places = Vec::new();
        let lang = self.lang.as_deref();
        let searchable = (0..library.pages.len()).filter(|&i| in_index(library, i, lang));
        for (place, i) in searchable.enumerate() {
            if pages.contains(&i) {
                places.push((place as u32, i));
            }
        }
        let ids = self.order.iter().enumerate().filter_map(|(id, at)| {
            let (_, i) = places.iter().find(|(place, _)| place == at)?;
            Some((id as u32, page_document(library, *i)))
        });
        let documents: Vec<(u32, Document)> = ids.collect();
        if documents.is_empty() {
            return self.clone();
        }
        let texts: Vec<Text> = documents.iter().map(|(_, doc)| doc.text(texts)).collect();
        let vocabulary = Vocabulary::new(self.rules);
        let weighed: Vec<Weighed> = documents
            .iter()
            .zip(&texts)
            .map(|((id, doc), text)| (*id, weigh(doc, text, &vocabulary)))
            .collect();
        let words = self.updated_words(&weighed, &vocabulary.into_words());
        let written = Written::new(&self.docs, &words, &self.extra, Some(self));
        SearchIndex {
            docs: Arc::clone(&self.docs),
            order: Arc::clone(&self.order),
            words,
            written,
            lang: self.lang.clone(),
            rules: self.rules,
            extra: self.extra.clone(),
        }
    }

    /// The last index's postings with those of the `weighed` documents
    /// replaced by their new weights, their words numbered as in `words`.
    /// A word whose weight for every one of them is unchanged keeps its
    /// list, shared: most words of an edited page are, and [`Written`]
    /// copies the JSON of those it kept.
    fn updated_words(&self, weighed: &[Weighed], words: &[Arc<str>]) -> Postings {
        let new: Vec<(u32, HashMap<&str, u32>)> = weighed
            .iter()
            .map(|(id, weights)| {
                let weights = weights.iter().map(|&(w, n)| (&*words[w as usize], n));
                (*id, weights.collect())
            })
            .collect();
        let weight_in =
            |postings: &[u32], id: u32| position(postings, id).ok().map(|at| postings[2 * at + 1]);
        // Words that lose a document or weigh it differently…
        let mut changed: Vec<Arc<str>> = self
            .words
            .iter()
            .filter(|(word, postings)| {
                new.iter().any(|(id, weights)| {
                    let old = weight_in(postings, *id);
                    old.is_some() && old != weights.get(&***word).copied()
                })
            })
            .map(|(word, _)| Arc::clone(word))
            .collect();
        // …and words that gain one.
        for (id, weights) in &new {
            for &word in weights.keys() {
                match self.words.get_key_value(word) {
                    Some((_, postings)) if weight_in(postings, *id).is_some() => {}
                    Some((key, _)) => changed.push(Arc::clone(key)),
                    None => changed.push(Arc::from(word)),
                }
            }
        }
        changed.sort_unstable();
        changed.dedup();
        let ids: Vec<u32> = new.iter().map(|(id, _)| *id).collect();
        let mut words = self.words.clone();
        for word in changed {
            let old = self.words.get(&word).map_or(&[][..], |p| &p[..]);
            let mut postings: Vec<u32> = old
                .chunks_exact(2)
                .filter(|pair| !ids.contains(&pair[0]))
                .flatten()
                .copied()
                .collect();
            for (id, weights) in &new {
                if let (Some(&weight), Err(at)) = (weights.get(&*word), position(&postings, *id)) {
                    postings.splice(2 * at..2 * at, [*id, weight]);
                }
            }
            if postings.is_empty() {
                words.remove(&word);
            } else {
                words.insert(word, postings.into());
            }
        }
        words
    }

    /// The index's files as `search.js` reads them ([`files`]): path in
    /// the output folder and JSON.
    pub fn files(&self) -> &[(String, Arc<String>)] {
        &self.written.files
    }

    /// The files of the index of each of the site's other languages, in
    /// its folder (`cy/search-index/…`), made afresh: the pages in them
    /// are few beside the site's own.
    pub fn other_languages(
        config: &crate::config::Config,
        library: &Library,
        texts: &Texts,
    ) -> Vec<(String, Arc<String>)> {
        let glossary = crate::glossary::Glossary::default();
        let indexes = config.languages.keys().map(|code| {
            let scope = Scope::of(config, &glossary, Some(code));
            let index = SearchIndex::new(library, texts, &[], scope);
            let files = index.written.files.into_iter();
            files.map(move |(path, json)| (format!("{code}/{path}"), json))
        });
        indexes.flatten().collect()
    }
}

/// Where document `id` is among `[doc, weight, …]` postings, in pairs.
fn position(postings: &[u32], id: u32) -> Result<usize, usize> {
    let (mut low, mut high) = (0, postings.len() / 2);
    while low < high {
        let middle = (low + high) / 2;
        match postings[2 * middle].cmp(&id) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return Ok(middle),
        }
    }
    Err(low)
}

/// Adds each document's postings under its words, by number; documents
/// come in order.
///
/// Words are split between two lists by `half`, 0 or 1 (even and odd
/// numbers), each merged on its own core: merging was a sixth of making a
/// big site's index, done on one.
fn merge(postings: &mut Vec<Vec<u32>>, weighed: &[Weighed], half: u32) {
    for (id, weights) in weighed {
        for &(word, weight) in weights.iter().filter(|(word, _)| word % 2 == half) {
            let at = (word / 2) as usize;
            if at >= postings.len() {
                postings.resize_with(at + 1, Vec::new);
            }
            postings[at].extend([*id, weight]);
        }
    }
}

/// Each word (`words`, by number) with its postings, from the two halves
/// [`merge`] made.
fn postings(words: Vec<Arc<str>>, merged: [Vec<Vec<u32>>; 2]) -> Postings {
    let [mut even, mut odd] = merged.map(Vec::into_iter);
    let numbered = words.into_iter().enumerate();
    numbered
        .filter_map(|(number, word)| {
            let list = if number % 2 == 0 {
                even.next()
            } else {
                odd.next()
            };
            let list = list.filter(|list| !list.is_empty())?;
            Some((word, list.into()))
        })
        .collect()
}

#[cfg(test)]
mod tests;
