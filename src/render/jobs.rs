//! Plans every output file as a [`Job`]: which template renders it, with
//! what context. Nothing is rendered here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Context, Value};

use super::Inputs;
use crate::content::{Page, Section, SourceFile};
use crate::data::pages::GeneratedPage;
use crate::diagnostic::{Diagnostic, Diagnostics, Result, did_you_mean};
use crate::ser;
use crate::taxonomy::{Taxonomy, Term};

/// One output file to make from a template. Planning is apart from
/// rendering so that a rebuild can compare each job with the last one at
/// that path and render only those that differ (see [`super::memo`]).
#[derive(Debug, Clone)]
pub struct Job {
    /// Relative to the output folder.
    pub path: String,
    pub template: String,
    pub context: Context,
    /// The file errors are blamed on: a content file, or `(site)`.
    pub origin: PathBuf,
}

impl Job {
    fn new(path: String, template: &str, context: Context, origin: &Path) -> Job {
        Job {
            path,
            template: template.to_string(),
            context,
            origin: origin.to_path_buf(),
        }
    }

    /// A job that is no one file's, whose errors are blamed on `(site)`.
    fn site_wide(path: String, template: &str, context: Context) -> Job {
        Job::new(path, template, context, Path::new("(site)"))
    }
}

/// A part of the site-wide outputs, for [`Planner::plan_site_wide`].
#[derive(Debug, Clone, Copy)]
pub enum SiteWide {
    NotFound,
    /// The search page, with the A–Z of every page.
    Search,
    Glossary,
    Events,
    /// The site's feed.
    Feed,
    /// By index in the site's taxonomies: its term pages, their feeds and
    /// its list of terms.
    Taxonomy(usize),
    Sitemap,
    Robots,
}

/// The template of an alias's redirect page.
pub const REDIRECT_TEMPLATE: &str = "alias.html";

pub struct Planner<'a> {
    site: &'a Inputs<'a>,
    /// `config.base_path()`, asked for on every output.
    base_path: &'a str,
    /// By address: the taxonomy term whose page is there, as `term`.
    terms: TermLists,
    /// Every event, newest first, for the page at `/events/`.
    events: Value,
    /// The title of the section, page or page made from data at each
    /// address (in that order of precedence), for breadcrumbs and for
    /// telling whether an address is taken.
    titles: HashMap<&'a str, &'a str>,
    /// The addresses of the home page's subsections: the main menu.
    menu_urls: Vec<&'a str>,
    /// The last render's memo, when no page's place in site-wide lists (its
    /// title, address, dates, tags, description) has changed since: the
    /// sitemap, the A–Z and the lists of terms are then planned as they were.
    pub same_listings: Option<&'a super::Memo>,
}

impl<'a> Planner<'a> {
    /// `last` is the last render's term lists, for the terms whose pages
    /// are the same to keep theirs.
    pub fn new(
        site: &'a Inputs<'a>,
        page_values: &[Value],
        last: Option<&TermLists>,
    ) -> Planner<'a> {
        let mut planner = Planner {
            site,
            base_path: site.config.base_path(),
            terms: TermLists::default(),
            events: Value::from(
                site.events
                    .iter()
                    .rev()
                    .filter(|event| site.library.pages[event.page].announced())
                    .map(|event| page_values[event.page].clone())
                    .collect::<Vec<_>>(),
            ),
            titles: HashMap::new(),
            menu_urls: Vec::new(),
            same_listings: None,
        };
        let library = site.library;
        let home = library
            .sections
            .iter()
            .find(|s| s.file.relative == "_index.md");
        planner.menu_urls = home.map_or_else(Vec::new, |home| {
            let urls = home.subsections.iter();
            urls.map(|&i| library.sections[i].url.as_str()).collect()
        });
        let everything = library
            .sections
            .iter()
            .map(|s| (s.url.as_str(), s.meta.title.as_str()))
            .chain(
                library
                    .pages
                    .iter()
                    .map(|p| (p.url.as_str(), p.meta.title.as_str())),
            )
            .chain(
                site.generated
                    .iter()
                    .map(|g| (g.url.as_str(), g.title.as_str())),
            );
        for (url, title) in everything {
            planner.titles.entry(url).or_insert(title);
        }
        for taxonomy in site.taxonomies {
            for term in &taxonomy.terms {
                // A priority's own page may be tagged with it; it lists the others.
                let pages: Vec<Value> = term
                    .pages
                    .iter()
                    .filter(|&&i| library.pages[i].url != term.url)
                    .map(|&i| page_values[i].clone())
                    .collect();
                let kept = last
                    .and_then(|last| last.0.get(&term.url))
                    .filter(|list| list.name == term.name && list.pages == pages);
                let list = match kept {
                    Some(list) => list.clone(),
                    None => TermList {
                        name: term.name.clone(),
                        pagers: Arc::new(term_pagers(taxonomy, term, &pages)),
                        pages,
                    },
                };
                planner.terms.0.insert(term.url.clone(), list);
            }
        }
        planner
    }

    /// The term lists this render made, for the next to reuse.
    pub fn into_term_lists(self) -> TermLists {
        self.terms
    }

    /// Whether the page at `url` is given other pages in its context: the
    /// term's list where a page is a term's page, and the events list.
    /// Other pages' outputs depend on their own value alone.
    pub fn shows_other_pages(&self, url: &str) -> bool {
        self.terms.0.contains_key(url) || url == self.events_url()
    }

    /// The job last made at `path`, if the site-wide lists are unchanged.
    fn same_listing(&self, path: &str) -> Option<Job> {
        self.same_listings?.job(path)
    }

    /// `/csp/priorities/asb/` → `priorities/asb/index.html`.
    pub fn output_path(&self, url: &str) -> String {
        format!(
            "{}index.html",
            url.strip_prefix(self.base_path).unwrap_or(url)
        )
    }

    /// What every page's template gets. `sensitive` asks the theme for the
    /// quick exit.
    fn context(&self, url: &str, sensitive: bool) -> Context {
        let mut context = Context::new();
        self.insert_location(&mut context, url);
        context.insert("sensitive", &sensitive);
        if let Some(first) = self.terms.0.get(url).and_then(|list| list.pagers.first()) {
            first.insert_into(&mut context);
        }
        if url == self.events_url() && !self.site.events.is_empty() {
            context.insert_value("events", self.events.clone());
            context.insert(
                "calendar_url",
                &format!("{}{}", self.base_path, crate::events::CALENDAR_FILE),
            );
        }
        context
    }

    /// Where an output is: `current_path`, `current_url`, and
    /// `current_menu_url`, the main-menu item (a subsection of the home
    /// page) whose address `url` starts with, or none. Every page's menu
    /// marks that item; a `starting_with` test on each item did the same
    /// at a quarter of the default theme's rendering time, as a Tera test
    /// builds a map of its arguments on every call.
    fn insert_location(&self, context: &mut Context, url: &str) {
        context.insert("current_path", url);
        context.insert("current_url", &self.site.config.absolute_url(url));
        let menu_url = self.menu_urls.iter().find(|menu| url.starts_with(**menu));
        context.insert("current_menu_url", &menu_url);
    }

    /// Checks that a template a file asks for exists, pointing at the request if not.
    fn template(
        &self,
        file: &SourceFile,
        chosen: Option<&toml::Spanned<String>>,
        default: &str,
    ) -> Result<String> {
        let Some(chosen) = chosen else {
            if self.site.templates.contains(default) {
                return Ok(default.to_string());
            }
            return Err(Diagnostic::error(
                format!("themes/{}/templates/{default}", self.site.config.theme),
                format!(
                    "the theme has no `{default}`, needed for {}",
                    file.shown.display()
                ),
            )
            .hint(format!(
                "add templates/{default} to the site, or use a theme that has one"
            ))
            .into());
        };
        let name = chosen.get_ref();
        if self.site.templates.contains(name) {
            return Ok(name.clone());
        }
        let span = chosen.span();
        let at = file.front_matter_start;
        let hint = match did_you_mean(name, self.site.templates.names()) {
            Some(near) => format!(
                "did you mean `{near}`? Templates live in templates/ or themes/{}/templates/",
                self.site.config.theme
            ),
            None => format!(
                "create templates/{name}, or pick one of: {}",
                self.site.templates.names().join(", ")
            ),
        };
        Err(
            Diagnostic::error(&file.shown, format!("there is no template `{name}`"))
                .at(&file.text, at + span.start..at + span.end)
                .hint(hint)
                .into(),
        )
    }

    pub fn page(&self, index: usize, page: &Page, value: &Value) -> Result<Vec<Job>> {
        let section = &self.site.library.sections[page.section];
        let chosen = page
            .meta
            .template
            .as_ref()
            .or(section.meta.page_template.as_ref());
        let mut context = self.context(&page.url, page.sensitive);
        context.insert_value("page", value.clone());
        let mut default = "page.html";
        let meta = &page.meta;
        let claimed = [
            (
                "priority",
                "priority.html",
                meta.priority.as_ref(),
                &self.site.lookup.data.priorities,
            ),
            (
                "scheme",
                "scheme.html",
                meta.scheme.as_ref(),
                &self.site.lookup.data.schemes,
            ),
            (
                "partner",
                "partner.html",
                meta.partner.as_ref(),
                &self.site.lookup.data.partners,
            ),
        ];
        for (key, template, id, values) in claimed {
            if let Some(value) = id.and_then(|id| values.get(id.get_ref())) {
                context.insert_value(key, value.clone());
                default = template;
            }
        }
        if let Some(progress) = self.site.lookup.data.progress.get(&index) {
            context.insert_value("progress", progress.clone());
            default = "progress.html";
        }
        if !self.site.templates.contains(default) {
            default = "page.html";
        }
        let template = self.template(&page.file, chosen, default)?;
        let path = self.output_path(&page.url);
        Ok(vec![Job::new(path, &template, context, &page.file.shown)])
    }

    /// A section's list, one job per pager. A paginated section's pagers
    /// get the section without its pages, as Zola's do, the pages being in
    /// `paginator.pages`: so an edit to one page re-renders the one pager
    /// that lists it, not all of them.
    pub fn section(&self, section: &Section, value: &Value, metadata: &Value) -> Result<Vec<Job>> {
        let default = if section.parent.is_none() {
            "index.html"
        } else {
            "section.html"
        };
        let template = self.template(&section.file, section.meta.template.as_ref(), default)?;
        let pagers = paginate(section);
        let mut out = Vec::with_capacity(pagers.len());
        for pager in &pagers {
            let url = pager.url(&section.url);
            let mut context = self.context(&url, section.sensitive);
            let shown = if section.meta.paginate_by.is_some() {
                metadata
            } else {
                value
            };
            context.insert_value("section", shown.clone());
            if let Some(size) = section.meta.paginate_by {
                let all = value
                    .as_map()
                    .and_then(|m| m.get(&tera::value::Key::from("pages")))
                    .and_then(Value::as_array)
                    .unwrap_or_default();
                context.insert_value(
                    "paginator",
                    pager.value(
                        &section.url,
                        Value::from(&all[pager.range.clone()]),
                        all.len(),
                        pagers.len(),
                        size,
                    ),
                );
            }
            let path = self.output_path(&url);
            out.push(Job::new(path, &template, context, &section.file.shown));
        }
        Ok(out)
    }

    pub fn generated(&self, page: &GeneratedPage) -> Result<Vec<Job>> {
        let ancestors = self.ancestors(&page.url);
        let value = ser::generated_page_value(
            &page.title,
            page.description.as_deref(),
            &page.url,
            &self.site.config.absolute_url(&page.url),
            &ancestors,
            page.sensitive,
        );
        let mut context = self.context(&page.url, page.sensitive);
        context.insert_value("page", value);
        for (key, value) in &page.context {
            context.insert_value(*key, value.clone());
        }
        let here = PathBuf::from(format!("(generated) {}", page.url));
        if !self.site.templates.contains(page.template) {
            return Err(Diagnostic::error(
                format!(
                    "themes/{}/templates/{}",
                    self.site.config.theme, page.template
                ),
                format!(
                    "the theme has no `{}`, needed for the page at {}",
                    page.template, page.url
                ),
            )
            .hint(format!(
                "add templates/{} to the site, or use a theme that has one",
                page.template
            ))
            .into());
        }
        let path = self.output_path(&page.url);
        Ok(vec![Job::new(path, page.template, context, &here)])
    }

    /// The pages and sections at each shorter address, for a generated page's breadcrumbs.
    fn ancestors(&self, url: &str) -> Vec<ser::Link<'a>> {
        let path = url.strip_prefix(self.base_path).unwrap_or(url);
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let mut out = Vec::new();
        for depth in 0..parts.len() {
            let prefix: String = parts[..depth].iter().map(|p| format!("{p}/")).collect();
            let wanted = format!("{}{prefix}", self.base_path);
            if let Some((url, title)) = self.titles.get_key_value(wanted.as_str()) {
                out.push(ser::Link { title, url });
            }
        }
        out
    }

    /// The outputs that are not a page's, section's or record's own, in
    /// parts planned one at a time as they are rendered: the largest (the
    /// A–Z, the sitemap, the site's feed) each hold a value for every page.
    pub fn site_wide(&self) -> Vec<SiteWide> {
        let first = [
            SiteWide::NotFound,
            SiteWide::Search,
            SiteWide::Glossary,
            SiteWide::Events,
            SiteWide::Feed,
        ];
        let taxonomies = (0..self.site.taxonomies.len()).map(SiteWide::Taxonomy);
        let last = [SiteWide::Sitemap, SiteWide::Robots];
        first.into_iter().chain(taxonomies).chain(last).collect()
    }

    pub fn plan_site_wide(&self, part: SiteWide, page_values: &[Value]) -> Vec<Job> {
        match part {
            SiteWide::NotFound => self.not_found_page().into_iter().collect(),
            SiteWide::Search => self.search_page().into_iter().collect(),
            SiteWide::Glossary => self.glossary_page().into_iter().collect(),
            SiteWide::Events => self.events_page().into_iter().collect(),
            SiteWide::Feed => {
                let everything: Vec<usize> = (0..self.site.library.pages.len()).collect();
                vec![self.feed(self.base_path, None, &everything, page_values)]
            }
            SiteWide::Taxonomy(i) => self.taxonomy_jobs(&self.site.taxonomies[i], page_values),
            SiteWide::Sitemap => {
                vec![
                    self.same_listing("sitemap.xml")
                        .unwrap_or_else(|| self.sitemap()),
                ]
            }
            SiteWide::Robots => {
                let robots = Context::new();
                vec![Job::site_wide("robots.txt".into(), "robots.txt", robots)]
            }
        }
    }

    fn not_found_page(&self) -> Option<Job> {
        if !self.site.templates.contains("404.html") {
            return None;
        }
        let context = self.context(&format!("{}404.html", self.base_path), false);
        let path = "404.html".to_string();
        Some(Job::site_wide(path, "404.html", context))
    }

    /// Every address a search engine may list: as the A–Z, no sensitive
    /// page unless it is findable.
    fn sitemap(&self) -> Job {
        let library = self.site.library;
        let mut sitemap: Vec<(String, Option<String>)> = library
            .sections
            .iter()
            .filter(|s| !s.sensitive)
            .map(|s| (s.permalink.clone(), None))
            .chain(library.pages.iter().filter(|p| p.announced()).map(|p| {
                let updated = p.meta.updated.max(p.date);
                (
                    p.permalink.clone(),
                    updated.map(|d| d.datetime.date().to_string()),
                )
            }))
            .chain(
                self.site
                    .generated
                    .iter()
                    .filter(|g| !g.sensitive)
                    .map(|g| (self.site.config.absolute_url(&g.url), None)),
            )
            .collect();
        sitemap.sort();
        let entries: Vec<Value> = sitemap
            .into_iter()
            .map(|(permalink, updated)| {
                ser::map([
                    ("permalink", Value::from(permalink)),
                    ("updated", Value::from(updated)),
                ])
            })
            .collect();
        let mut context = Context::new();
        context.insert_value("entries", Value::from(entries));
        Job::site_wide("sitemap.xml".into(), "sitemap.xml", context)
    }

    /// The search page, if the theme has one and the site has no page of its
    /// own at `/search/`. Its A–Z list is what readers without JavaScript
    /// get instead of the search box.
    fn search_page(&self) -> Option<Job> {
        let url = self.theme_page_url("search/", "search.html")?;
        if let Some(job) = self.same_listing(&self.output_path(&url)) {
            return Some(job);
        }
        let library = self.site.library;
        let pages = library
            .pages
            .iter()
            .filter(|p| p.announced())
            .map(|p| (&p.meta.title, &p.url, &p.meta.description));
        let sections = library
            .sections
            .iter()
            .filter(|s| !s.sensitive)
            .map(|s| (&s.meta.title, &s.url, &s.meta.description));
        let generated = self
            .site
            .generated
            .iter()
            .filter(|g| !g.sensitive)
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
        let mut context = self.context(&url, false);
        context.insert_value("az", Value::from(az));
        context.insert(
            "search_index_url",
            &format!("{}{}", self.base_path, crate::search::INDEX_FILE),
        );
        let path = self.output_path(&url);
        Some(Job::site_wide(path, "search.html", context))
    }

    /// `/glossary/`: every term in `content/glossary.toml`, A to Z, each
    /// with an id (`#asb`) other pages can link to.
    fn glossary_page(&self) -> Option<Job> {
        let glossary = self.site.glossary;
        if glossary.is_empty() {
            return None;
        }
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
    fn feed(&self, url: &str, title: Option<&str>, pages: &[usize], page_values: &[Value]) -> Job {
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
            .map(|&i| {
                let page = &library.pages[i];
                let published = page.date.expect("filtered to dated pages");
                let updated = page.meta.updated.unwrap_or(published).max(published);

                ser::map([
                    ("page", page_values[i].clone()),
                    ("published", Value::from(published.rfc3339())),
                    ("updated", Value::from(updated.rfc3339())),
                ])
            })
            .collect();
        let last_updated = dated
            .iter()
            .filter_map(|&i| library.pages[i].meta.updated.max(library.pages[i].date))
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
        let feed_url = format!("{url}atom.xml");
        let mut context = Context::new();
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

    /// Each of `taxonomy`'s terms' feeds, each term's page where nothing
    /// else is at its address, and the taxonomy's list of terms likewise.
    fn taxonomy_jobs(&self, taxonomy: &Taxonomy, page_values: &[Value]) -> Vec<Job> {
        let mut out = Vec::new();
        for term in &taxonomy.terms {
            if taxonomy.feed {
                out.push(self.feed(&term.url, Some(&term.name), &term.pages, page_values));
            }
            if !self.is_taken(&term.url) && self.site.templates.contains("taxonomy_term.html") {
                let context = self.context(&term.url, false);
                let path = self.output_path(&term.url);
                out.push(Job::site_wide(path, "taxonomy_term.html", context));
            }
        }
        let listed = !self.is_taken(&taxonomy.url)
            && !taxonomy.terms.is_empty()
            && self.site.templates.contains("taxonomy_list.html");
        if let Some(job) = listed
            .then(|| self.same_listing(&self.output_path(&taxonomy.url)))
            .flatten()
        {
            out.push(job);
        } else if listed {
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
            let path = self.output_path(&taxonomy.url);
            out.push(Job::site_wide(path, "taxonomy_list.html", context));
        }
        out
    }

    /// The address of the term whose list's first page is at `path`, and the list.
    fn term_at(&self, path: &str) -> Option<(String, &TermList)> {
        let url = format!("{}{}", self.base_path, path.strip_suffix("index.html")?);
        let list = self.terms.0.get(&url)?;
        Some((url, list))
    }

    /// Whether the output at `path` is the first page of a term's list
    /// that has later pages, which [`Planner::term_pager_jobs`] copies.
    pub fn starts_term_pagers(&self, path: &str) -> bool {
        self.term_at(path)
            .is_some_and(|(_, list)| list.pagers.len() > 1)
    }

    /// The second and later pages of a paginated term's list: copies of
    /// `first`, the job at the term's address (a term page, a record's
    /// page, or a content page that is a record's), each with the next
    /// pager's pages.
    pub fn term_pager_jobs(&self, first: &Job) -> Vec<Job> {
        let Some((url, list)) = self.term_at(&first.path) else {
            return Vec::new();
        };
        let pagers = list.pagers.iter().enumerate().skip(1);
        pagers
            .filter_map(|(k, pager)| {
                let pager_url = Pager {
                    index: k + 1,
                    range: 0..0,
                }
                .url(&url);
                if self.is_taken(&pager_url) {
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

    /// Whether a content page, a section or a page made from data is at `url`.
    fn is_taken(&self, url: &str) -> bool {
        self.titles.contains_key(url)
    }

    /// `/csp/areas/atom.xml` → `areas/atom.xml`.
    fn output_file(&self, url: &str) -> String {
        url.strip_prefix(self.base_path).unwrap_or(url).to_string()
    }

    /// `/events/`: every event, newest first, with the calendar file to
    /// subscribe to. A section of the site's own there gets the same list.
    fn events_page(&self) -> Option<Job> {
        if self.site.events.is_empty() {
            return None;
        }
        let url = self.theme_page_url("events/", "events.html")?;
        let context = self.context(&url, false);
        let path = self.output_path(&url);
        Some(Job::site_wide(path, "events.html", context))
    }

    fn events_url(&self) -> String {
        format!("{}events/", self.base_path)
    }

    /// The address of a page the theme makes (`search/`), unless the theme
    /// has no `template` for it or the site has its own page there.
    fn theme_page_url(&self, path: &str, template: &str) -> Option<String> {
        let url = format!("{}{path}", self.base_path);
        (!self.is_taken(&url) && self.site.templates.contains(template)).then_some(url)
    }

    /// A redirect page at each old address listed in `aliases`.
    pub fn aliases(&self) -> Result<Vec<Job>> {
        let items = self
            .site
            .library
            .pages
            .iter()
            .map(|p| (&p.file, &p.meta.aliases, &p.url))
            .chain(
                self.site
                    .library
                    .sections
                    .iter()
                    .map(|s| (&s.file, &s.meta.aliases, &s.url)),
            );
        let any = items.clone().any(|(_, aliases, _)| !aliases.is_empty());
        if !any {
            return Ok(Vec::new());
        }
        let taken: HashMap<String, &Path> = self
            .site
            .library
            .pages
            .iter()
            .map(|p| (self.output_path(&p.url), p.file.shown.as_path()))
            .chain(
                self.site
                    .library
                    .sections
                    .iter()
                    .map(|s| (self.output_path(&s.url), s.file.shown.as_path())),
            )
            .chain(self.site.generated.iter().map(|g| {
                (
                    self.output_path(&g.url),
                    Path::new("a page made from data/"),
                )
            }))
            .collect();
        let mut seen: HashMap<String, &Path> = HashMap::new();
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for (file, aliases, url) in items {
            for alias in aliases {
                let at = file.front_matter_start;
                let span = at + alias.span().start..at + alias.span().end;
                let fail = |message: String, hint: &str| {
                    Diagnostic::error(&file.shown, message)
                        .at(&file.text, span.clone())
                        .hint(hint)
                };
                let Some(path) = alias_output_path(alias.get_ref()) else {
                    errors.push(fail(
                        format!("`{}` cannot be used as an alias", alias.get_ref()),
                        "an alias is an old address on this site, such as \"/asb/\" or \"/old/page.html\", without `..`",
                    ));
                    continue;
                };
                if let Some(owner) = taken.get(&path).or_else(|| seen.get(&path)) {
                    errors.push(fail(
                        format!(
                            "the alias `{}` is already the address of {}",
                            alias.get_ref(),
                            owner.display()
                        ),
                        "remove the alias, or move the other page",
                    ));
                    continue;
                }
                seen.insert(path.clone(), &file.shown);
                let mut context = Context::new();
                context.insert("url", url.as_str());
                context.insert("permalink", &self.site.config.absolute_url(url));
                out.push(Job::new(path, REDIRECT_TEMPLATE, context, &file.shown));
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(Diagnostics::sorted(errors))
        }
    }
}

/// Where the redirect page for an alias goes, or `None` if it would leave the site.
fn alias_output_path(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let parts: Vec<&str> = trimmed.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty()
        || parts
            .iter()
            .any(|p| *p == ".." || *p == "." || p.contains('\\'))
    {
        return None;
    }
    let joined = parts.join("/");
    Some(if joined.ends_with(".html") || joined.ends_with(".htm") {
        joined
    } else {
        format!("{joined}/index.html")
    })
}

/// One page of a paginated section's list.
struct Pager {
    /// 1-based.
    index: usize,
    range: std::ops::Range<usize>,
}

impl Pager {
    fn url(&self, section_url: &str) -> String {
        if self.index == 1 {
            section_url.to_string()
        } else {
            format!("{section_url}page/{}/", self.index)
        }
    }

    /// The `paginator` a template gets: this pager's `pages` (its share of
    /// `total` pages), and where the others are.
    fn value(
        &self,
        base_url: &str,
        pages: Value,
        total: usize,
        count: usize,
        paginate_by: usize,
    ) -> Value {
        let url_of = |index: usize| Pager { index, range: 0..0 }.url(base_url);
        ser::map([
            ("pages", pages),
            ("current_index", Value::from(self.index)),
            ("number_pagers", Value::from(count)),
            ("total_pages", Value::from(total)),
            ("paginate_by", Value::from(paginate_by)),
            ("first", Value::from(url_of(1))),
            ("last", Value::from(url_of(count))),
            (
                "previous",
                Value::from((self.index > 1).then(|| url_of(self.index - 1))),
            ),
            (
                "next",
                Value::from((self.index < count).then(|| url_of(self.index + 1))),
            ),
        ])
    }
}

/// Each taxonomy term's list by the term's address, kept from one render
/// to the next: at 10,000 pages, making every term's pagers again is a
/// fifth of an edit's time, and an edit changes few terms' pages.
#[derive(Default)]
pub struct TermLists(HashMap<String, TermList>);

#[derive(Clone)]
struct TermList {
    name: String,
    /// The values of the pages it lists, in order: the same values, compared
    /// by pointer, mean the same pagers.
    pages: Vec<Value>,
    pagers: Arc<Vec<TermPager>>,
}

/// What a term's page, or the record page that is its page, shows: the
/// term with one pager's worth of its `pages`, for each pager.
fn term_pagers(taxonomy: &Taxonomy, term: &Term, pages: &[Value]) -> Vec<TermPager> {
    let ranges = pager_ranges(pages.len(), taxonomy.paginate_by);
    let count = ranges.len();
    ranges
        .into_iter()
        .enumerate()
        .map(|(k, range)| {
            let pager = Pager {
                index: k + 1,
                range,
            };
            let shown = Value::from(&pages[pager.range.clone()]);
            let paginator = (count > 1).then(|| {
                pager.value(
                    &term.url,
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
        })
        .collect()
}

/// One pager of a term's list: the term as its template sees it, and the
/// `paginator`, when there is more than one.
struct TermPager {
    term: Value,
    paginator: Option<Value>,
}

impl TermPager {
    fn insert_into(&self, context: &mut Context) {
        context.insert_value("term", self.term.clone());
        if let Some(paginator) = &self.paginator {
            context.insert_value("paginator", paginator.clone());
        }
    }
}

/// The ranges of `total` items `size` at a time; one range when `size` is 0.
fn pager_ranges(total: usize, size: usize) -> Vec<std::ops::Range<usize>> {
    if size == 0 || total == 0 {
        return std::iter::once(0..total).collect();
    }
    (0..total.div_ceil(size))
        .map(|k| k * size..((k + 1) * size).min(total))
        .collect()
}

fn paginate(section: &Section) -> Vec<Pager> {
    let size = section.meta.paginate_by.unwrap_or(0);
    pager_ranges(section.pages.len(), size)
        .into_iter()
        .enumerate()
        .map(|(k, range)| Pager {
            index: k + 1,
            range,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_stay_inside_the_site() {
        assert_eq!(
            alias_output_path("/asb/").as_deref(),
            Some("asb/index.html")
        );
        assert_eq!(
            alias_output_path("old/page.html").as_deref(),
            Some("old/page.html")
        );
        assert_eq!(alias_output_path("/../etc/passwd"), None);
        assert_eq!(alias_output_path("/"), None);
        assert_eq!(alias_output_path("a/./b"), None);
    }

    #[test]
    fn pagination_splits_into_even_pages() {
        let mut section = Section {
            pages: (0..5).collect(),
            url: "/news/".into(),
            ..Section::default()
        };
        section.meta.paginate_by = Some(2);
        let pagers = paginate(&section);
        assert_eq!(pagers.len(), 3);
        assert_eq!(pagers[2].range, 4..5);
        assert_eq!(pagers[1].url("/news/"), "/news/page/2/");
        section.meta.paginate_by = None;
        assert_eq!(paginate(&section).len(), 1);
    }
}
