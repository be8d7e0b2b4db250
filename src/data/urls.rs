//! Web addresses of data records.
//!
//! A priority, scheme or partner lives at the page that claims it in front
//! matter, or else at a generated `/priorities/<id>/`, `/schemes/<id>/`,
//! `/partners/<id>/`. Plans are archived for good at `/plans/<2017-18>/`
//! and `/plans/<2017-18>/<priority>/`; open data is under `/data/`.

use std::collections::HashMap;

use super::{Claims, Data, PlanYear, Priority, Scheme};
use crate::content::Library;

/// Web addresses of data records, under the site's base path.
pub struct Urls<'a> {
    pub base: &'a str,
    data: &'a Data,
    claims: &'a Claims,
    library: &'a Library,
}

impl<'a> Urls<'a> {
    pub fn new(base: &'a str, data: &'a Data, claims: &'a Claims, library: &'a Library) -> Self {
        Urls {
            base,
            data,
            claims,
            library,
        }
    }

    /// Whether a scheme's name may be listed on other pages (a priority's,
    /// a partner's, the partnership's lists): not when it is sensitive,
    /// unless the page that claims it is findable. A list elsewhere should
    /// not tell someone looking over a shoulder what a reader is after.
    pub fn scheme_listed(&self, scheme: &Scheme) -> bool {
        !scheme.sensitive
            || self
                .claims
                .schemes
                .get(scheme.id.get_ref())
                .is_some_and(|&i| self.library.pages[i].findable)
    }

    fn claimed(&self, claimed: &HashMap<String, usize>, id: &str) -> Option<String> {
        claimed.get(id).map(|&i| self.library.pages[i].url.clone())
    }

    pub fn plans(&self) -> String {
        format!("{}plans/", self.base)
    }

    pub fn plan(&self, year: PlanYear) -> String {
        format!("{}plans/{}/", self.base, year.slug())
    }

    pub fn plan_priority(&self, year: PlanYear, priority: &str) -> String {
        format!("{}plans/{}/{priority}/", self.base, year.slug())
    }

    /// An action's anchor on its archived priority page.
    pub fn action(&self, year: PlanYear, priority: &str, action: &str) -> String {
        format!("{}#action-{action}", self.plan_priority(year, priority))
    }

    /// The claimed page; else a generated page if the priority is in the
    /// current plan; else its newest archived year.
    pub fn priority(&self, priority: &Priority) -> Option<String> {
        let id = priority.id.get_ref();
        self.claimed(&self.claims.priorities, id).or_else(|| {
            if self.is_current(priority) {
                Some(format!("{}priorities/{id}/", self.base))
            } else {
                let newest = priority
                    .plan_years
                    .iter()
                    .rev()
                    .find(|y| self.data.plan(**y).is_some_and(|p| p.has_priority(id)))?;
                Some(self.plan_priority(*newest, id))
            }
        })
    }

    pub fn is_current(&self, priority: &Priority) -> bool {
        self.data
            .current()
            .is_some_and(|plan| plan.has_priority(priority.id.get_ref()))
    }

    pub fn scheme(&self, id: &str) -> String {
        self.claimed(&self.claims.schemes, id)
            .unwrap_or_else(|| format!("{}schemes/{id}/", self.base))
    }

    pub fn partner(&self, id: &str) -> String {
        self.claimed(&self.claims.partners, id)
            .unwrap_or_else(|| format!("{}partners/{id}/", self.base))
    }

    pub fn open_data(&self) -> String {
        format!("{}data/", self.base)
    }

    /// `/data/plans/2017-18.csv` with `extension` "csv".
    pub fn plan_file(&self, year: PlanYear, extension: &str) -> String {
        format!("{}data/plans/{}.{extension}", self.base, year.slug())
    }

    pub fn priority_file(&self, id: &str, extension: &str) -> String {
        format!("{}data/priorities/{id}.{extension}", self.base)
    }

    pub fn funding_file(&self, extension: &str) -> String {
        format!("{}data/funding.{extension}", self.base)
    }
}
