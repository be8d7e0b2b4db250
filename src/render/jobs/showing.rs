//! Which outputs show a page's value in their context: what an edit to
//! the page's text alone can change, apart from the outputs whose
//! templates looked it up (which the memo knows). Every other context is
//! made from front matter, data and configuration, none of which such an
//! edit touches. A new context that holds page values belongs here too.

use super::*;
use crate::addresses::{Content, Made};
use crate::render::values::Values;

impl<'a> Planner<'a> {
    /// The jobs whose context holds the value of page `index`, planned
    /// again: the page's own, its section's pagers, each of its terms'
    /// list pages and feed, the site's feed and, for an event, the events
    /// page.
    pub fn jobs_showing(&self, index: usize, values: &Values) -> Result<Vec<Job>> {
        let library = self.site.library;
        let page = &library.pages[index];
        let mut jobs = self.page(index, page, &values.pages[index])?;
        jobs.extend(self.section_jobs(page.section, values)?);
        for taxonomy in self.site.taxonomies.iter().filter(|t| t.render) {
            let terms = taxonomy.terms.iter();
            for term in terms.filter(|term| term.pages.contains(&index)) {
                jobs.extend(self.term_showing(taxonomy, term, values)?);
            }
        }
        jobs.extend(self.plan_site_wide(SiteWide::Feed, &values.pages));
        if page.meta.event.is_some() {
            jobs.extend(self.events_page());
        }
        Ok(jobs)
    }

    fn section_jobs(&self, i: usize, values: &Values) -> Result<Vec<Job>> {
        let section = &self.site.library.sections[i];
        self.section(section, &values.sections[i], &values.section_metadata[i])
    }

    /// A term's feed, the page at its address and that page's later pagers.
    fn term_showing(&self, taxonomy: &Taxonomy, term: &Term, values: &Values) -> Result<Vec<Job>> {
        let library = self.site.library;
        let mut jobs = Vec::new();
        if taxonomy.feed {
            jobs.push(self.feed(&term.url, Some(&term.name), &term.pages, &values.pages));
        }
        // The first page of the list is whichever output owns the term's
        // address: the theme's term page, a content page or a record's.
        let first = match self.site.addresses.owner(&term.url) {
            Some(Made::Theme {
                template: "taxonomy_term.html",
                index: 1,
            }) => {
                let context = self.context(&term.url, false);
                let path = self.output_path(&term.url);
                vec![Job::site_wide(path, "taxonomy_term.html", context)]
            }
            Some(&Made::Content(Content::Page(i))) => {
                self.page(i, &library.pages[i], &values.pages[i])?
            }
            Some(&Made::Content(Content::Section(i))) => self.section_jobs(i, values)?,
            Some(Made::Data { .. }) => {
                let mut generated = self.site.generated.iter();
                match generated.find(|g| g.url == term.url) {
                    Some(page) => self.generated(page)?,
                    None => Vec::new(),
                }
            }
            _ => Vec::new(),
        };
        for job in &first {
            jobs.extend(self.term_pager_jobs(job));
        }
        jobs.extend(first);
        Ok(jobs)
    }
}
