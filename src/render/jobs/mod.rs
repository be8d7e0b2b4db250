//! Plans every output file as a [`Job`]: which template renders it, with
//! what context. Nothing is rendered here.
//!
//! The planner's shared parts are here; what it plans is split by kind:
//! content pages, sections and pages made from data (`content.rs`), the
//! site-wide outputs (`listings.rs`), taxonomy terms (`terms.rs`), alias
//! redirects (`aliases.rs`), the `paginator` sections and terms share
//! (`paginate.rs`), and the addresses the theme's own pages are offered at
//! load (`theme.rs`). Who owns an address is never decided here: the
//! planner asks the registry load filled ([`crate::addresses`]).

mod aliases;
mod content;
mod languages;
mod listings;
mod paginate;
mod showing;
mod terms;
mod theme;

use paginate::{Pager, pagers, paginator};
pub use terms::TermLists;
pub use theme::{ThemeWants, offer_theme_pages};

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Context, Value};

use super::Inputs;
use super::values::Values;
use crate::content::{Page, Section, SourceFile};
use crate::data::pages::GeneratedPage;
use crate::diagnostic::{Diagnostic, Result, did_you_mean};
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
    /// A language's search page (by its place in [`Planner::languages`]),
    /// with the A–Z of every page in it.
    Search(usize),
    Glossary,
    Events,
    /// The site's feed.
    Feed,
    /// By index in the site's taxonomies: its term pages and their feeds.
    Terms(usize),
    /// By index in the site's taxonomies: its list of terms.
    TermList(usize),
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
    /// The addresses of the home page's subsections: the main menu.
    menu_urls: Vec<&'a str>,
    /// Every page's value, by index, for the lists a section's feed makes.
    page_values: &'a [Value],
    /// What they share, for the values of the pages' own templates.
    shared: &'a crate::ser::Shared,
    /// The fields `page_values` leave out, which a page's own value has.
    left_out: crate::ser::OwnOnly,
    /// By code, what a page in each of `[languages]` is given.
    languages: HashMap<String, languages::LanguageValues>,
    /// By page index, the page as a feed's entry, made the first time a
    /// feed shows it: see [`Planner::feed_entry`].
    feed_entries: Vec<std::sync::OnceLock<Value>>,
}

impl<'a> Planner<'a> {
    /// `terms` is every taxonomy term's list, from [`TermLists::build`].
    pub fn new(site: &'a Inputs<'a>, values: &'a Values, terms: TermLists) -> Planner<'a> {
        let library = site.library;
        let page_values = &values.pages;
        // Every language's home page has its own menu.
        let homes = library.sections.iter().filter(|s| s.parent.is_none());
        let menu_urls = homes
            .flat_map(|home| home.subsections.iter())
            .map(|&i| library.sections[i].url.as_str())
            .collect();
        Planner {
            site,
            base_path: site.config.base_path(),
            terms,
            events: Value::from(
                site.events
                    .iter()
                    .rev()
                    .filter(|event| library.pages[event.page].announced())
                    .map(|event| page_values[event.page].clone())
                    .collect::<Vec<_>>(),
            ),
            menu_urls,
            page_values,
            shared: &values.shared,
            left_out: values.left_out,
            languages: languages::LanguageValues::all(site),
            feed_entries: page_values.iter().map(|_| Default::default()).collect(),
        }
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
        self.insert_language(&mut context, self.language_of_url(url));
        context.insert("sensitive", &sensitive);
        if let Some(list) = self.terms.0.get(url) {
            for first in self.term_pagers(url, list, 0..1) {
                first.insert_into(&mut context);
            }
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
    /// at a large share of the theme's rendering time, as a Tera test
    /// builds a map of its arguments on every call (docs/BENCHMARKS.md).
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

    /// `/csp/areas/atom.xml` → `areas/atom.xml`.
    fn output_file(&self, url: &str) -> String {
        url.strip_prefix(self.base_path).unwrap_or(url).to_string()
    }

    /// The address of a page the theme makes (`search/`), if it was given
    /// one at load ([`offer_theme_pages`]).
    fn theme_page_url(&self, path: &str, template: &str) -> Option<String> {
        let url = format!("{}{path}", self.base_path);
        self.is_theme_page(&url, template, 1).then_some(url)
    }

    /// Whether the theme's `template` makes page `index` of the list at `url`.
    fn is_theme_page(&self, url: &str, template: &str, index: usize) -> bool {
        self.site.addresses.is_theme_page(url, template, index)
    }
}
