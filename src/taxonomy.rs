//! Taxonomies: pages tagged by priority, area, partner or scheme, so a
//! parish council can link to (and subscribe to) everything about its
//! village or about anti-social behaviour.
//!
//! A page lists its terms in front matter:
//!
//! ```toml
//! [taxonomies]
//! priorities = ["anti-social-behaviour"]
//! areas = ["Hullbridge", "Rayleigh"]
//! ```
//!
//! `priorities`, `partners` and `schemes` name records in `data/`, so their
//! terms are the records' ids and a term's page is the record's own page.
//! Any other taxonomy (`areas`) gets a page per term at `/areas/hullbridge/`
//! and a list at `/areas/`. Each term has an Atom feed beside its page.

use std::cmp::Reverse;

use foldhash::{HashMap, HashMapExt};
use rayon::slice::ParallelSliceMut;

use crate::config::Config;
use crate::content::Library;
use crate::data::Data;
use crate::data::urls::Urls;
use crate::diagnostic::{Diagnostic, Diagnostics, Result, did_you_mean};

pub use crate::config::TaxonomyConfig;

#[derive(Debug, Clone, Default)]
pub struct Taxonomy {
    pub name: String,
    pub title: String,
    /// `/areas/`; for taxonomies of data records, where the records' index is.
    pub url: String,
    /// The language of its pages, if not the site's own (`[languages.cy]`
    /// declares it).
    pub lang: Option<String>,
    pub feed: bool,
    pub paginate_by: usize,
    /// The word in a term's later pages' addresses: `page` in `page/2/`.
    pub paginate_path: String,
    /// Whether its terms get pages, lists and feeds: Zola's `render`.
    pub render: bool,
    /// By name.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, Default)]
pub struct Term {
    /// As the site shows it: "Hullbridge", or the record's title.
    pub name: String,
    /// What its address is made from: `hullbridge`, or the record's id.
    pub slug: String,
    /// The term's page: `/areas/hullbridge/`, or the record's page.
    pub url: String,
    /// Indices into [`Library::pages`], newest first, then by title.
    pub pages: Vec<usize>,
    /// The page at the term's own address, when it is tagged with the term.
    /// Found once here, not by comparing every page's address for every
    /// term on each edit (docs/BENCHMARKS.md): addresses do not change in an
    /// edit `serve` applies in place.
    pub own: Option<usize>,
}

impl Term {
    /// The pages the term's list shows: all its pages but the one at the
    /// term's own address (a priority's page may be tagged with it; it
    /// lists the others).
    pub fn listed(&self) -> impl Iterator<Item = usize> + '_ {
        let pages = self.pages.iter().copied();
        pages.filter(move |&i| Some(i) != self.own)
    }
}

/// Taxonomies whose terms are the ids of records in `data/`.
const RECORDS: &[&str] = &["priorities", "partners", "schemes"];

/// Sorts every page's terms into the taxonomies `config.toml` declares:
/// the site's own, and each language's under `[languages]`, whose terms
/// are listed under the language's folder.
pub fn classify(
    config: &Config,
    library: &Library,
    data: &Data,
    urls: &Urls,
) -> Result<Vec<Taxonomy>> {
    let rank = newest_first(library);
    let mut taxonomies = Vec::new();
    let mut errors = Vec::new();
    for lang in config.every_language() {
        let declared = match lang {
            None => &config.taxonomies,
            Some(code) => &config.languages[code].taxonomies,
        };
        let language = Language {
            lang,
            base_path: config.language_base(lang),
            declared: declared.iter().map(|t| t.name.as_str()).collect(),
        };
        let mut found = match lang {
            None => record_terms(&language, data, urls),
            Some(_) => vec![Found::new(); declared.len()],
        };
        if let Err(failed) = tag_pages(&language, library, data, urls, &mut found) {
            errors.extend(failed.0);
            continue;
        }
        for (declared, terms) in declared.iter().zip(found) {
            let mut terms: Vec<Term> = terms.into_values().collect();
            for term in &mut terms {
                term.pages.sort_by_key(|&i| rank[i]);
                term.pages.dedup();
                let own = term.pages.iter().copied();
                term.own = own.clone().find(|&i| library.pages[i].url == term.url);
            }
            terms.sort_by_cached_key(|t| (t.name.to_lowercase(), t.url.clone()));
            taxonomies.push(Taxonomy {
                title: declared
                    .title
                    .clone()
                    .unwrap_or_else(|| capitalise(&declared.name.replace('_', " "))),
                url: format!("{}{}/", language.base_path, slug::slugify(&declared.name)),
                name: declared.name.clone(),
                lang: lang.map(str::to_string),
                feed: declared.feed,
                paginate_by: declared.paginate_by,
                paginate_path: declared
                    .paginate_path
                    .clone()
                    .unwrap_or_else(|| crate::paginate::PAGE.to_string()),
                render: declared.render,
                terms,
            });
        }
    }
    Diagnostics::fail_if_any(errors)?;
    Ok(taxonomies)
}

/// One language's share of the classifying: its pages are those whose
/// files are in it, and its terms under its folder.
struct Language<'a> {
    /// `None` for the site's own.
    lang: Option<&'a str>,
    base_path: String,
    declared: Vec<&'a str>,
}

/// One taxonomy's terms by key. Hashed rather than sorted: every page's
/// every term is looked up in it, and the terms are put in their order
/// (by name, then address) once they are all found.
type Found = HashMap<String, Term>;

/// Each declared taxonomy's terms by key, starting with every record of a
/// taxonomy of records, so its feed exists to follow before anything is
/// tagged with it.
fn record_terms(language: &Language, data: &Data, urls: &Urls) -> Vec<Found> {
    let base_path = language.base_path.as_str();
    let declared = &language.declared;
    let mut found: Vec<Found> = vec![Found::new(); declared.len()];
    for (which, name) in declared.iter().enumerate() {
        if !RECORDS.contains(name) {
            continue;
        }
        for id in record_ids(name, data) {
            let (key, title, url) =
                record(base_path, name, id, data, urls).expect("ids come from the records");
            found[which].insert(
                key.clone(),
                Term {
                    name: title,
                    slug: key,
                    url,
                    pages: Vec::new(),
                    own: None,
                },
            );
        }
    }
    found
}

/// Adds every page to the terms it names, checking each taxonomy is
/// declared and each record exists. A sensitive page is checked like any
/// other but listed under no term: a term's page is a list a resident sees
/// (SECURITY.md).
fn tag_pages(
    language: &Language,
    library: &Library,
    data: &Data,
    urls: &Urls,
    found: &mut [Found],
) -> Result<()> {
    let (base_path, declared) = (language.base_path.as_str(), &language.declared);
    let mut errors = Vec::new();
    // Thousands of pages name the same few terms: resolve each once.
    let mut resolved_terms: HashMap<(usize, &str), Resolved> = HashMap::new();
    // A language that declares no taxonomies of its own lists its pages
    // under their originals' terms, whatever they say: a translation is
    // usually its original copied, `[taxonomies]` and all.
    if language.lang.is_some() && declared.is_empty() {
        return Ok(());
    }
    let in_language = library
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.file.lang.as_deref() == language.lang);
    for (index, page) in in_language {
        for (name, terms) in &page.meta.taxonomies {
            let fail = |message: String, hint: String| {
                let front_matter =
                    &page.file.text[page.file.front_matter_start..page.file.body_start];
                // At the key, not at the same word in a description.
                let at = page.file.front_matter_start
                    + crate::toml_error::key_position(front_matter, 0, "taxonomies", name);
                Diagnostic::error(&page.file.shown, message)
                    .at(&page.file.text, at..at + name.len())
                    .hint(hint)
            };
            let Some(which) = declared.iter().position(|d| d == name) else {
                let near = did_you_mean(name, declared.iter().copied());
                let (message, hint) = match (language.lang, near) {
                    (_, Some(near)) => (
                        format!("the taxonomy `{name}` is not in config.toml"),
                        format!("did you mean `{near}`?"),
                    ),
                    (None, None) => (
                        format!("the taxonomy `{name}` is not in config.toml"),
                        format!(
                            "declare it in config.toml, on two lines: `[[taxonomies]]`, then `name = \"{name}\"`"
                        ),
                    ),
                    (Some(code), None) => (
                        format!(
                            "the taxonomy `{name}` is not one of [languages.{code}]'s in config.toml"
                        ),
                        format!(
                            "take `{name}` out of this page, which is then listed under its original's terms; or list its own under /{code}/ by adding `taxonomies = [{{ name = \"{name}\" }}]` under `[languages.{code}]`"
                        ),
                    ),
                };
                errors.push(fail(message, hint));
                continue;
            };
            for term in terms {
                let resolved = resolved_terms.entry((which, term)).or_insert_with(|| {
                    if language.lang.is_none() && RECORDS.contains(&name.as_str()) {
                        record(base_path, name, term, data, urls)
                    } else {
                        free_term(base_path, name, term)
                    }
                });
                match resolved {
                    Ok(_) if !page.announced() => {}
                    Ok((key, name, url)) => match found[which].get_mut(key.as_str()) {
                        Some(entry) => entry.pages.push(index),
                        None => {
                            let term = Term {
                                name: name.clone(),
                                slug: key.clone(),
                                url: url.clone(),
                                pages: vec![index],
                                own: None,
                            };
                            found[which].insert(key.clone(), term);
                        }
                    },
                    Err((message, hint)) => errors.push(fail(message.clone(), hint.clone())),
                }
            }
        }
    }
    Diagnostics::fail_if_any(errors)
}

/// Each page's place in the order every term lists its pages: newest
/// first, then by title and path. Sorted once, so each term's list is
/// sorted by looking its pages up.
fn newest_first(library: &Library) -> Vec<usize> {
    // The keys side by side, sorted on every core: comparing through the
    // pages themselves reached into two 600-byte records at each step,
    // 24 ms of one core at 100,000 pages. A path is one page's alone, so
    // no two keys are equal and an unstable sort gives the one order.
    let mut order: Vec<_> = (library.pages.iter().enumerate())
        .map(|(i, page)| {
            let (title, path) = (page.meta.title.as_str(), page.file.relative.as_str());
            (Reverse(page.date), title, path, i)
        })
        .collect();
    order.par_sort_unstable();
    let mut rank = vec![0; order.len()];
    for (position, &(.., page)) in order.iter().enumerate() {
        rank[page] = position;
    }
    rank
}

type Resolved = std::result::Result<(String, String, String), (String, String)>;

/// A term that names a record: its id, title and page. A record with no page
/// of its own (a priority in no plan) gets the term's page where its page
/// would be.
fn record(base_path: &str, taxonomy: &str, id: &str, data: &Data, urls: &Urls) -> Resolved {
    let found: Option<(String, String)> = match taxonomy {
        "priorities" => data
            .priorities
            .iter()
            .find(|p| p.id.get_ref() == id)
            .map(|p| {
                let url = urls
                    .priority(p)
                    .unwrap_or_else(|| format!("{base_path}priorities/{id}/"));
                (p.title.clone(), url)
            }),
        "partners" => data
            .partners
            .iter()
            .find(|p| p.id.get_ref() == id)
            .map(|p| (p.name.clone(), urls.partner(id))),
        _ => data
            .schemes
            .iter()
            .find(|s| s.id.get_ref() == id)
            .map(|s| (s.name.clone(), urls.scheme(id))),
    };
    let ids = record_ids(taxonomy, data);
    match found {
        Some((title, url)) => Ok((id.to_string(), title, url)),
        None => Err((
            format!("`{id}` in {taxonomy} is not an id in data/{taxonomy}.toml"),
            match did_you_mean(id, ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("use one of: {}", ids.join(", ")),
            },
        )),
    }
}

fn record_ids<'d>(taxonomy: &str, data: &'d Data) -> Vec<&'d str> {
    match taxonomy {
        "priorities" => data
            .priorities
            .iter()
            .map(|p| p.id.get_ref().as_str())
            .collect(),
        "partners" => data
            .partners
            .iter()
            .map(|p| p.id.get_ref().as_str())
            .collect(),
        _ => data
            .schemes
            .iter()
            .map(|s| s.id.get_ref().as_str())
            .collect(),
    }
}

/// A term of a taxonomy of its own: "Canvey Island" → `/areas/canvey-island/`.
fn free_term(base_path: &str, taxonomy: &str, term: &str) -> Resolved {
    let slug = slug::slugify(term);
    if slug.is_empty() {
        return Err((
            format!("`{term}` in {taxonomy} gives an empty web address"),
            "use letters or digits in the term".to_string(),
        ));
    }
    // The taxonomy's name is made a slug as Zola makes it: `podcast_authors`
    // is at /podcast-authors/.
    let url = format!("{base_path}{}/{slug}/", slug::slugify(taxonomy));
    Ok((slug, term.trim().to_string(), url))
}

pub use crate::content::capitalise;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_terms_are_slugged_under_their_taxonomy() {
        assert_eq!(
            free_term("/", "areas", "Canvey Island"),
            Ok((
                "canvey-island".to_string(),
                "Canvey Island".to_string(),
                "/areas/canvey-island/".to_string()
            ))
        );
        assert!(free_term("/", "areas", "!!").is_err());
        assert_eq!(
            free_term("/", "podcast_authors", "Some Person").unwrap().2,
            "/podcast-authors/some-person/"
        );
        assert_eq!(capitalise("areas"), "Areas");
    }
}
