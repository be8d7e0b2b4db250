//! Planning taxonomy terms: their pages, lists, pagers and feeds.

use super::*;

impl<'a> Planner<'a> {
    /// Each of `taxonomy`'s terms' feeds, and each term's page where the
    /// theme makes it.
    pub(super) fn term_jobs(&self, taxonomy: &Taxonomy, page_values: &[Value]) -> Vec<Job> {
        let mut out = Vec::new();
        if !taxonomy.render {
            return out;
        }
        for term in &taxonomy.terms {
            if taxonomy.feed {
                out.push(self.feed(&term.url, Some(&term.name), &term.pages, page_values));
            }
            if self.is_theme_page(&term.url, "taxonomy_term.html", 1) {
                let context = self.context(&term.url, false);
                let path = self.output_path(&term.url);
                out.push(Job::site_wide(path, "taxonomy_term.html", context));
            }
        }
        out
    }

    /// Where `taxonomy`'s list of terms is written, if the theme makes it.
    pub(super) fn term_list_path(&self, taxonomy: &Taxonomy) -> Option<String> {
        let listed = taxonomy.render && self.is_theme_page(&taxonomy.url, "taxonomy_list.html", 1);
        listed.then(|| self.output_path(&taxonomy.url))
    }

    /// `taxonomy`'s list of terms, if the theme makes it.
    pub(super) fn term_list(&self, taxonomy: &Taxonomy) -> Option<Job> {
        let path = self.term_list_path(taxonomy)?;
        let terms: Vec<Value> = taxonomy
            .terms
            .iter()
            .map(|term| {
                ser::map([
                    ("name", Value::from(term.name.as_str())),
                    ("url", Value::from(term.url.as_str())),
                    ("count", Value::from(term.pages.len())),
                ])
            })
            .collect();
        let map = ser::map([
            ("name", Value::from(taxonomy.name.as_str())),
            ("title", Value::from(taxonomy.title.as_str())),
            ("terms", Value::from(terms)),
        ]);
        let mut context = self.context(&taxonomy.url, false);
        context.insert_value("taxonomy", map);
        Some(Job::site_wide(path, "taxonomy_list.html", context))
    }

    /// The address of the term whose list's first page is at `path`, and the list.
    pub(super) fn term_at(&self, path: &str) -> Option<(String, &TermList)> {
        let url = format!("{}{}", self.base_path, path.strip_suffix("index.html")?);
        let list = self.terms.0.get(&url)?;
        Some((url, list))
    }

    /// Whether the output at `path` is the first page of a term's list
    /// that has later pages, which [`Planner::term_pager_jobs`] copies.
    pub fn starts_term_pagers(&self, path: &str) -> bool {
        self.term_at(path).is_some_and(|(_, list)| list.count > 1)
    }

    /// The pagers `shown` (0 the first) of `list`, the list of the term at
    /// `url`: the ones it keeps, or made now.
    pub(super) fn term_pagers(
        &self,
        url: &str,
        list: &TermList,
        shown: Range<usize>,
    ) -> Vec<TermPager> {
        let (taxonomy, term) = match list.pagers {
            Pagers::Kept(ref kept) => return kept[shown].to_vec(),
            Pagers::Made { taxonomy, term } => (taxonomy, term),
        };
        let taxonomy = &self.site.taxonomies[taxonomy];
        let term = &taxonomy.terms[term];
        debug_assert_eq!(term.url, url);
        let all = pagers(list.pages.len(), taxonomy.paginate_by);
        let made = all[shown].iter().cloned();
        made.map(|pager| term_pager(taxonomy, term, &list.pages, pager, list.count))
            .collect()
    }

    /// The second and later pages of a paginated term's list: copies of
    /// `first`, the job at the term's address (a term page, a record's
    /// page, or a content page that is a record's), each with the next
    /// pager's pages.
    pub fn term_pager_jobs(&self, first: &Job) -> Vec<Job> {
        let Some((url, list)) = self.term_at(&first.path) else {
            return Vec::new();
        };
        let later = self.term_pagers(&url, list, 1..list.count);
        (later.iter().enumerate())
            .map(|(j, pager)| (j + 1, pager))
            .filter_map(|(k, pager)| {
                let pager_url = crate::paginate::url(&url, &list.paginate_path, k + 1);
                if !self.is_theme_page(&pager_url, "taxonomy_term.html", k + 1) {
                    return None;
                }
                let mut context = first.context.clone();
                self.insert_location(&mut context, &pager_url);
                pager.insert_into(&mut context);
                let path = self.output_path(&pager_url);
                Some(Job::new(path, &first.template, context, &first.origin))
            })
            .collect()
    }
}

/// Each taxonomy term's list by the term's address, kept from one render
/// to the next: making every term's pagers again is a large share of an
/// edit's time on a big site, and an edit changes few terms' pages.
#[derive(Default)]
pub struct TermLists(pub(super) HashMap<String, TermList>);

impl TermLists {
    /// Every term's list, taking `last`'s list for each term whose name
    /// and pages (compared by pointer) are the same. Unless `keep`, the
    /// lists leave their pagers to be made as each is rendered: a build
    /// renders each once, and at 100,000 pages they held 55 MB for the
    /// whole render.
    pub fn build(
        site: &Inputs,
        page_values: &[Value],
        last: Option<&TermLists>,
        keep: bool,
    ) -> TermLists {
        let mut lists = TermLists::default();
        let rendered = site.taxonomies.iter().enumerate().filter(|(_, t)| t.render);
        for (t, taxonomy) in rendered {
            for (k, term) in taxonomy.terms.iter().enumerate() {
                let last = last.and_then(|last| last.0.get(&term.url));
                let at = (!keep).then_some((t, k));
                let list = TermList::of(taxonomy, term, page_values, last, at);
                lists.0.insert(term.url.clone(), list);
            }
        }
        lists
    }

    /// Makes again the lists of the terms that list any of `pages`, whose
    /// values may have changed: the others are as they were.
    pub fn update(&mut self, site: &Inputs, page_values: &[Value], pages: &[usize]) {
        for taxonomy in site.taxonomies.iter().filter(|t| t.render) {
            let terms = taxonomy.terms.iter();
            for term in terms.filter(|term| pages.iter().any(|i| term.pages.contains(i))) {
                let last = self.0.get(&term.url);
                let list = TermList::of(taxonomy, term, page_values, last, None);
                self.0.insert(term.url.clone(), list);
            }
        }
    }
}

impl TermList {
    /// `term`'s list, or `last` when its name and pages (compared by
    /// pointer) are the same. Its pagers are made now, unless `made_at`
    /// gives `term`'s place (its taxonomy's index, its own) for each to be
    /// made as it is rendered.
    fn of(
        taxonomy: &Taxonomy,
        term: &Term,
        page_values: &[Value],
        last: Option<&TermList>,
        made_at: Option<(usize, usize)>,
    ) -> TermList {
        // Compared where they are, not gathered first: an edit to a large
        // site keeps nearly every list.
        let listed = || term.listed().map(|i| &page_values[i]);
        let keeps = |list: &&TermList| matches!(list.pagers, Pagers::Kept(_));
        let last = last.filter(|list| list.name == term.name && keeps(list));
        if let Some(list) = last.filter(|list| list.pages.iter().eq(listed())) {
            return list.clone();
        }
        let pages: Arc<[Value]> = listed().cloned().collect();
        let pagers = pagers(pages.len(), taxonomy.paginate_by);
        let count = pagers.len();
        let made = pagers.into_iter().enumerate().map(|(k, pager)| {
            // A pager whose pages are the very ones it had is kept: an
            // edit to one page's text changes one pager of a long list.
            let old = last.filter(|list| list.pages.len() == pages.len());
            let kept = old.and_then(|old| {
                let shown = pager.range.clone();
                let same = old.pages[shown.clone()].iter().eq(&pages[shown]);
                match &old.pagers {
                    Pagers::Kept(kept) if same => Some(kept[k].clone()),
                    _ => None,
                }
            });
            kept.unwrap_or_else(|| term_pager(taxonomy, term, &pages, pager, count))
        });
        let pagers = match made_at {
            Some((taxonomy, term)) => Pagers::Made { taxonomy, term },
            None => Pagers::Kept(Arc::new(made.collect())),
        };
        TermList {
            name: term.name.clone(),
            paginate_path: taxonomy.paginate_path.clone(),
            pagers,
            count,
            pages,
        }
    }
}

#[derive(Clone)]
pub(super) struct TermList {
    pub(super) name: String,
    /// The word in its later pages' addresses: [`Taxonomy::paginate_path`].
    pub(super) paginate_path: String,
    /// The values of the pages it lists, in order: the same values, compared
    /// by pointer, mean the same pagers.
    pub(super) pages: Arc<[Value]>,
    pagers: Pagers,
    /// How many pagers it has.
    pub(super) count: usize,
}

/// A term list's pagers: see [`Planner::term_pagers`].
#[derive(Clone)]
enum Pagers {
    /// Made with the list, and kept for the next render to compare and take.
    Kept(Arc<Vec<TermPager>>),
    /// Each made as it is rendered, from the term at these places in this
    /// render's taxonomies (the taxonomy's, the term's in it): a build
    /// renders each pager once.
    Made { taxonomy: usize, term: usize },
}

/// What a term's page, or the record page that is its page, shows: the
/// term with `pager`'s share of its `pages`, one of `count` pagers.
fn term_pager(
    taxonomy: &Taxonomy,
    term: &Term,
    pages: &[Value],
    pager: Pager,
    count: usize,
) -> TermPager {
    let shown = Value::from(&pages[pager.range.clone()]);
    let paginator = (count > 1).then(|| {
        paginator(
            &pager,
            (&term.url, &taxonomy.paginate_path),
            shown.clone(),
            pages.len(),
            count,
            taxonomy.paginate_by,
        )
    });
    let term = ser::map([
        ("name", Value::from(term.name.as_str())),
        ("url", Value::from(term.url.as_str())),
        ("taxonomy", Value::from(taxonomy.name.as_str())),
        ("taxonomy_title", Value::from(taxonomy.title.as_str())),
        ("taxonomy_url", Value::from(taxonomy.url.as_str())),
        (
            "feed",
            Value::from(taxonomy.feed.then(|| format!("{}atom.xml", term.url))),
        ),
        ("pages", shown),
        ("total_pages", Value::from(pages.len())),
    ]);
    TermPager { term, paginator }
}

/// One pager of a term's list: the term as its template sees it, and the
/// `paginator`, when there is more than one.
#[derive(Clone)]
pub(super) struct TermPager {
    pub(super) term: Value,
    pub(super) paginator: Option<Value>,
}

impl TermPager {
    pub(super) fn insert_into(&self, context: &mut Context) {
        context.insert_value("term", self.term.clone());
        if let Some(paginator) = &self.paginator {
            context.insert_value("paginator", paginator.clone());
        }
    }
}
