//! Planning the site-wide outputs: 404, search and its A–Z, glossary,
//! events, feeds, sitemap and robots.txt.

use super::*;
use std::borrow::Cow;

use crate::content::ItemRef;

/// Pages the search page's A–Z lists one by one; a larger site's lists its
/// sections. Past this the page alone would cost a phone more than the
/// rest of its first search (docs/BENCHMARKS.md).
const A_TO_Z_PAGES: usize = 500;

/// The most addresses one sitemap file lists. A larger site's
/// `sitemap.xml` is an index of files of this many, `sitemap1.xml` on:
/// the protocol allows 50,000 a file, and 30,000 is Zola's figure, so a
/// site moved from Zola keeps its sitemap's files.
pub const SITEMAP_URLS: usize = 30_000;

/// Where the search page of `lang` is, below the base path.
pub(super) fn search_path(lang: Option<&str>) -> String {
    match lang {
        Some(code) => format!("{code}/search/"),
        None => "search/".to_string(),
    }
}

impl<'a> Planner<'a> {
    /// The outputs that are not a page's, section's or record's own, in
    /// parts planned one at a time as they are rendered: the largest (the
    /// A–Z, the sitemap, the site's feed) each hold a value for every page.
    pub fn site_wide(&self) -> Vec<SiteWide> {
        let searches = (0..self.languages().len()).map(SiteWide::Search);
        let first = [
            SiteWide::NotFound,
            SiteWide::Glossary,
            SiteWide::Events,
            SiteWide::Feed,
        ];
        let count = self.site.taxonomies.len();
        let taxonomies = (0..count).flat_map(|i| [SiteWide::Terms(i), SiteWide::TermList(i)]);
        let last = [SiteWide::Sitemap, SiteWide::Robots];
        let first = first
            .into_iter()
            .take(1)
            .chain(searches)
            .chain(first.into_iter().skip(1));
        first.chain(taxonomies).chain(last).collect()
    }

    pub fn plan_site_wide(&self, part: SiteWide, page_values: &[Value]) -> Vec<Job> {
        match part {
            SiteWide::NotFound => self.not_found_page().into_iter().collect(),
            SiteWide::Search(i) => self.search_page(self.languages()[i]).into_iter().collect(),
            SiteWide::Glossary => self.glossary_page().into_iter().collect(),
            SiteWide::Events => self.events_page().into_iter().collect(),
            // A feed for each language, of the pages in it: `/atom.xml`, `/cy/atom.xml`.
            SiteWide::Feed => {
                let config = self.site.config;
                let feeds = self.languages().into_iter().map(|lang| {
                    let pages = self.site.library.pages.iter().enumerate();
                    let in_language = pages.filter(|(_, p)| p.file.lang.as_deref() == lang);
                    let everything: Vec<usize> = in_language.map(|(i, _)| i).collect();
                    self.feed(&config.language_base(lang), None, &everything, page_values)
                });
                feeds.collect()
            }
            SiteWide::Terms(i) => self.term_jobs(&self.site.taxonomies[i], page_values),
            SiteWide::TermList(i) => self
                .term_list(&self.site.taxonomies[i])
                .into_iter()
                .collect(),
            SiteWide::Sitemap => self.sitemap(),
            SiteWide::Robots => {
                let robots = Context::new();
                vec![Job::site_wide("robots.txt".into(), "robots.txt", robots)]
            }
        }
    }

    /// Where the site-wide list `part` is written, for the parts that list
    /// every page (the sitemap, the A–Z of the search page, a taxonomy's
    /// terms), which a render after an edit may take from the last: empty
    /// for the other parts.
    pub fn listing_paths(&self, part: SiteWide) -> Vec<String> {
        match part {
            SiteWide::Sitemap => sitemap_paths(self.sitemap_items().count()),
            SiteWide::Search(i) => {
                let path = search_path(self.languages()[i]);
                let url = self.theme_page_url(&path, "search.html");
                url.map(|url| self.output_path(&url)).into_iter().collect()
            }
            SiteWide::TermList(i) => self
                .term_list_path(&self.site.taxonomies[i])
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }

    pub(super) fn not_found_page(&self) -> Option<Job> {
        if !self.is_theme_page(&format!("{}404.html", self.base_path), "404.html", 1) {
            return None;
        }
        let context = self.context(&format!("{}404.html", self.base_path), false);
        let path = "404.html".to_string();
        Some(Job::site_wide(path, "404.html", context))
    }

    /// What the sitemap lists: every listed section, and every page and
    /// page made from data that may be announced (as in the A–Z, no
    /// sensitive page unless it is findable).
    fn sitemap_items(&self) -> impl Iterator<Item = SitemapItem<'a>> {
        let library = self.site.library;
        let sections = library.sections.iter().filter(|s| s.listed());
        let pages = library.pages.iter().filter(|p| p.announced());
        let generated = self.site.generated.iter().filter(|g| g.announced());
        (sections.map(SitemapItem::Section))
            .chain(pages.map(SitemapItem::Page))
            .chain(generated.map(SitemapItem::Generated))
    }

    /// The sitemap: one file, or past [`SITEMAP_URLS`] addresses an index
    /// at `sitemap.xml` of files that each list that many, in order.
    pub(super) fn sitemap(&self) -> Vec<Job> {
        let library = self.site.library;
        let config = self.site.config;
        // Every version of a page in the site's languages, for search
        // engines to show a reader the one in theirs.
        let alternates = |item| ser::translations_value(config, library, item);
        let mut sitemap: Vec<(String, Option<String>, Value)> = self
            .sitemap_items()
            .map(|item| match item {
                SitemapItem::Section(s) => {
                    (s.permalink.clone(), None, alternates(ItemRef::Section(s)))
                }
                SitemapItem::Page(p) => {
                    let updated = p.meta.updated.max(p.date);
                    (
                        p.permalink.clone(),
                        updated.map(|d| d.datetime.date().to_string()),
                        alternates(ItemRef::Page(p)),
                    )
                }
                SitemapItem::Generated(g) => {
                    let none = Value::from(Vec::<Value>::new());
                    (config.absolute_url(&g.url), None, none)
                }
            })
            .collect();
        sitemap.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        let entries: Vec<Value> = sitemap
            .into_iter()
            .map(|(permalink, updated, alternates)| {
                ser::map([
                    ("permalink", Value::from(permalink)),
                    ("updated", Value::from(updated)),
                    ("alternates", alternates),
                ])
            })
            .collect();
        let paths = sitemap_paths(entries.len());
        let file = |path: &str, entries: &[Value]| {
            let mut context = Context::new();
            context.insert("multilingual", &!config.languages.is_empty());
            context.insert_value("entries", Value::from(entries));
            Job::site_wide(path.to_string(), "sitemap.xml", context)
        };
        let [path] = &paths[..] else {
            // Zola's template and variable, so that a Zola theme's
            // `split_sitemap_index.xml` works.
            let parts = &paths[1..];
            let urls = parts
                .iter()
                .map(|path| config.absolute_url(&format!("{}{path}", self.base_path)));
            let mut context = Context::new();
            context.insert("sitemaps", &urls.collect::<Vec<_>>());
            let index = Job::site_wide(paths[0].clone(), SITEMAP_INDEX, context);
            let chunks = entries.chunks(SITEMAP_URLS);
            let files = parts
                .iter()
                .zip(chunks)
                .map(|(path, entries)| file(path, entries));
            return std::iter::once(index).chain(files).collect();
        };
        vec![file(path, &entries)]
    }

    /// The search page of `lang` (`/search/`, `/cy/search/`), if the theme
    /// has one and the site has no page of its own there. Its A–Z list is
    /// what readers without JavaScript get instead of the search box: every
    /// page in the language, or on a site too large for one list
    /// ([`A_TO_Z_PAGES`]) every section, each listing its own.
    pub(super) fn search_page(&self, lang: Option<&str>) -> Option<Job> {
        let url = self.theme_page_url(&search_path(lang), "search.html")?;
        let library = self.site.library;
        let own = |file: &crate::content::SourceFile| file.lang.as_deref() == lang;
        let listed = library
            .pages
            .iter()
            .filter(|p| p.announced() && own(&p.file))
            .count();
        let every_page = listed <= A_TO_Z_PAGES;
        let pages = library
            .pages
            .iter()
            .filter(|p| every_page && p.announced() && own(&p.file))
            .map(|p| (&p.meta.title, &p.url, &p.meta.description));
        let sections = library
            .sections
            .iter()
            .filter(|s| s.listed() && own(&s.file))
            .map(|s| (&s.meta.title, &s.url, &s.meta.description));
        // Pages made from data are in the site's own language.
        let generated = self
            .site
            .generated
            .iter()
            .filter(|g| g.announced() && lang.is_none())
            .map(|g| (&g.title, &g.url, &g.description));
        let mut entries: Vec<_> = pages.chain(sections).chain(generated).collect();
        entries.sort_by_cached_key(|(title, url, _)| (title.to_lowercase(), url.to_string()));
        let mut letters: Vec<(String, Vec<Value>)> = Vec::new();
        for (title, url, description) in entries {
            let letter = match title.chars().find(|c| c.is_alphanumeric()) {
                Some(c) if c.is_ascii_digit() => "0–9".to_string(),
                Some(c) => c.to_uppercase().collect(),
                None => "#".to_string(),
            };
            let entry = ser::map([
                ("title", Value::from(title.as_str())),
                ("url", Value::from(url.as_str())),
                ("description", Value::from(description.as_deref())),
            ]);
            match letters.last_mut() {
                Some((last, list)) if *last == letter => list.push(entry),
                _ => letters.push((letter, vec![entry])),
            }
        }
        let az: Vec<Value> = letters
            .into_iter()
            .map(|(letter, pages)| {
                ser::map([
                    ("letter", Value::from(letter)),
                    ("pages", Value::from(pages)),
                ])
            })
            .collect();
        // Always with the quick exit: what a resident searches for
        // (`?q=domestic+abuse`) is on the screen and in its address.
        let mut context = self.context(&url, true);
        context.insert_value("az", Value::from(az));
        context.insert("az_every_page", &every_page);
        context.insert("page_count", &listed);
        let prefix = lang.map_or(String::new(), |code| format!("{code}/"));
        context.insert(
            "search_index_url",
            &format!("{}{prefix}{}", self.base_path, crate::search::META),
        );
        // How `search.js` reads the words typed, when not as English.
        let rules = crate::search::Rules::for_language(self.site.config.language_code(lang));
        if rules != crate::search::Rules::English {
            context.insert("search_rules", rules.name());
        }
        let path = self.output_path(&url);
        Some(Job::site_wide(path, "search.html", context))
    }

    /// The site's own language, then each of `[languages]`.
    pub(super) fn languages(&self) -> Vec<Option<&'a str>> {
        self.site.config.every_language().collect()
    }

    /// `/glossary/`: every term in `content/glossary.toml`, A to Z, each
    /// with an id (`#asb`) other pages can link to.
    pub(super) fn glossary_page(&self) -> Option<Job> {
        let glossary = self.site.glossary;
        let url = self.theme_page_url("glossary/", "glossary.html")?;
        let mut terms: Vec<&crate::glossary::Term> = glossary.terms.iter().collect();
        terms.sort_by_cached_key(|t| t.abbreviation.get_ref().to_lowercase());
        let terms: Vec<Value> = terms
            .into_iter()
            .map(|term| {
                let abbreviation = term.abbreviation.get_ref();

                ser::map([
                    ("abbreviation", Value::from(abbreviation.as_str())),
                    ("id", Value::from(abbreviation.to_lowercase())),
                    ("meaning", Value::from(term.meaning.as_str())),
                    ("explanation", Value::from(term.explanation.as_deref())),
                ])
            })
            .collect();
        let mut context = self.context(&url, false);
        context.insert_value("terms", Value::from(terms));
        let path = self.output_path(&url);
        Some(Job::new(
            path,
            "glossary.html",
            context,
            Path::new("content/glossary.toml"),
        ))
    }

    /// An Atom feed of the dated `pages` that may be announced, newest
    /// first, at `atom.xml` beside the page at `url`. `title` names what the
    /// feed is about, after the site's name.
    pub(super) fn feed(
        &self,
        url: &str,
        title: Option<&str>,
        pages: &[usize],
        page_values: &[Value],
    ) -> Job {
        let library = self.site.library;
        let config = self.site.config;
        let mut dated: Vec<usize> = pages
            .iter()
            .copied()
            .filter(|&i| library.pages[i].date.is_some() && library.pages[i].announced())
            .collect();
        let newest_first = |&a: &usize, &b: &usize| {
            let (a, b) = (&library.pages[a], &library.pages[b]);
            b.date
                .cmp(&a.date)
                .then_with(|| a.file.relative.cmp(&b.file.relative))
        };
        // A feed carries the newest few of thousands: pick them, then sort them.
        if dated.len() > config.feed_limit && config.feed_limit > 0 {
            dated.select_nth_unstable_by(config.feed_limit - 1, newest_first);
        }
        dated.truncate(config.feed_limit);
        dated.sort_by(newest_first);
        let entries: Vec<Value> = dated
            .iter()
            .map(|&i| self.feed_entry(i, &page_values[i]))
            .collect();
        let last_updated = dated
            .iter()
            .filter_map(|&i| library.pages[i].meta.updated.max(library.pages[i].date))
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
        let feed_url = format!("{url}atom.xml");
        let mut context = Context::new();
        let lang = self.language_of_url(url);
        self.insert_language(&mut context, lang);
        let config = &config.for_language(config.language_code(lang));
        context.insert("feed_url", &config.absolute_url(&feed_url));
        context.insert("page_url", &config.absolute_url(url));
        let feed_title = match title {
            Some(title) => format!("{}: {title}", config.title),
            None => config.title.clone(),
        };
        context.insert("feed_title", &feed_title);
        context.insert("last_updated", &last_updated);
        context.insert_value("entries", Value::from(entries));
        Job::site_wide(self.output_file(&feed_url), "atom.xml", context)
    }

    /// A dated page as an entry of every feed that shows it: its value,
    /// its dates as Atom writes them, and `escaped_text`, its summary if it
    /// has one and else its text, escaped for the feed's XML, which the
    /// built-in `atom.xml` writes as it is. A page is in the site's feed,
    /// its section's and each of its terms', and escaping its HTML again
    /// for each (a character in every few is a `<`, `>` or `"`) was a tenth
    /// of a build of a site with many terms, and making the entry again
    /// another 2% (docs/BENCHMARKS.md); so each is made once per render,
    /// escaped as Tera escapes. The text is read from the page's Markdown,
    /// not its value, which may not hold it ([`crate::ser::OwnOnly`]); and it
    /// is not named `content`, so that the built-in feed is not a template
    /// reading other pages' text.
    fn feed_entry(&self, i: usize, value: &Value) -> Value {
        let made = || {
            let page = &self.site.library.pages[i];
            let published = page.date.expect("feeds show dated pages");
            let updated = page.meta.updated.unwrap_or(published).max(published);
            let rendered = &self.site.texts.pages[i];
            let summary = rendered.summary.as_deref().filter(|s| !s.is_empty());
            let shown = summary.map_or_else(|| rendered.html.text(), Cow::Borrowed);
            let mut escaped = String::with_capacity(shown.len() + shown.len() / 4);
            pulldown_cmark_escape::escape_html(&mut escaped, &shown).expect("writing to memory");
            ser::map([
                ("page", value.clone()),
                ("escaped_text", Value::safe_string(&escaped)),
                ("published", Value::from(published.rfc3339())),
                ("updated", Value::from(updated.rfc3339())),
            ])
        };
        self.feed_entries[i].get_or_init(made).clone()
    }

    /// `/events/`: every event, newest first, with the calendar file to
    /// subscribe to. A section of the site's own there gets the same list.
    pub(super) fn events_page(&self) -> Option<Job> {
        let url = self.theme_page_url("events/", "events.html")?;
        let context = self.context(&url, false);
        let path = self.output_path(&url);
        Some(Job::site_wide(path, "events.html", context))
    }

    pub(super) fn events_url(&self) -> String {
        format!("{}events/", self.base_path)
    }
}

/// One address of the sitemap, in [`Planner::sitemap_items`].
enum SitemapItem<'a> {
    Section(&'a Section),
    Page(&'a Page),
    Generated(&'a GeneratedPage),
}

/// The template of a split sitemap's index.
const SITEMAP_INDEX: &str = "split_sitemap_index.xml";

/// The sitemap's files for `count` addresses: `sitemap.xml` alone, or the
/// index and then each file it names.
fn sitemap_paths(count: usize) -> Vec<String> {
    let mut paths = vec![crate::output::SITEMAP.to_string()];
    if count > SITEMAP_URLS {
        let files = count.div_ceil(SITEMAP_URLS);
        paths.extend((1..=files).map(crate::output::sitemap_part));
    }
    paths
}
