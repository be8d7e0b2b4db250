//! Which pages get the quick exit, worked out from the data: a resident
//! reading about domestic abuse may need to leave in a hurry wherever the
//! subject comes up, not only on the pages an officer remembered to mark.
//!
//! A record says it is sensitive (`sensitive = true` on a scheme, priority
//! or partner). Then every page about it or reporting on it gets the quick
//! exit: its own page, pages tagged with it, the plans and quarterly
//! updates that report on its actions, and the pages of the partners that
//! are themselves sensitive. Those pages stay in every list: residents
//! need to find them. Only a sensitive scheme's own page keeps its older,
//! stricter rule, left out of lists unless `findable` (SECURITY.md).

use std::collections::HashSet;

use super::{Claims, Data, Plan, Quarter};
use crate::content::Library;

/// The ids of the records marked sensitive.
#[derive(Debug, Default)]
pub struct Subjects<'d> {
    priorities: HashSet<&'d str>,
    partners: HashSet<&'d str>,
    schemes: HashSet<&'d str>,
}

impl<'d> Subjects<'d> {
    pub fn of(data: &'d Data) -> Subjects<'d> {
        let ids = |records: &mut dyn Iterator<Item = (&'d str, bool)>| {
            records
                .filter(|(_, sensitive)| *sensitive)
                .map(|(id, _)| id)
                .collect()
        };
        Subjects {
            priorities: ids(&mut data
                .priorities
                .iter()
                .map(|p| (p.id.get_ref().as_str(), p.sensitive))),
            partners: ids(&mut data
                .partners
                .iter()
                .map(|p| (p.id.get_ref().as_str(), p.sensitive))),
            schemes: ids(&mut data
                .schemes
                .iter()
                .map(|s| (s.id.get_ref().as_str(), s.sensitive))),
        }
    }

    pub fn priority(&self, id: &str) -> bool {
        self.priorities.contains(id)
    }

    pub fn partner(&self, id: &str) -> bool {
        self.partners.contains(id)
    }

    /// Whether the page of the partner `id` is about something sensitive:
    /// the partner is, or an action it leads in any plan is under a
    /// sensitive priority (its page lists them).
    pub fn partner_page(&self, id: &str, data: &Data) -> bool {
        self.partner(id)
            || data
                .plans
                .iter()
                .flat_map(|plan| &plan.objectives)
                .any(|objective| {
                    self.priority(objective.priority.get_ref())
                        && objective
                            .actions
                            .iter()
                            .any(|action| action.leads.iter().any(|lead| lead.get_ref() == id))
                })
    }

    /// Whether `plan` (or, given a quarter, its updates for that quarter)
    /// reports on a sensitive priority, or an action a sensitive partner
    /// leads.
    pub fn plan_reports_on(&self, plan: &Plan, quarter: Option<Quarter>) -> bool {
        plan.objectives.iter().any(|objective| {
            let about = self.priority(objective.priority.get_ref());
            objective.actions.iter().any(|action| {
                let led = action.leads.iter().any(|lead| self.partner(lead.get_ref()));
                (about || led) && quarter.is_none_or(|q| action.update(q).is_some())
            })
        })
    }

    /// Whether a content page is about a sensitive record, or reports on
    /// one: it names a sensitive priority or partner as its own, is tagged
    /// with a sensitive priority, partner or scheme, or is a quarterly
    /// update whose quarter reports on one. Read from its front matter, so
    /// a translation is judged as its original is.
    fn about(&self, page: &crate::content::Page, data: &Data) -> bool {
        let meta = &page.meta;
        let names = |field: &Option<Box<toml::Spanned<String>>>, set: &HashSet<&str>| {
            field
                .as_ref()
                .is_some_and(|id| set.contains(id.get_ref().as_str()))
        };
        let tagged = meta.taxonomies.iter().any(|(name, terms)| {
            let set = match name.as_str() {
                "priorities" => &self.priorities,
                "partners" => &self.partners,
                "schemes" => &self.schemes,
                _ => return false,
            };
            terms.iter().any(|t| set.contains(t.as_str()))
        });
        let reports = meta.progress.as_ref().is_some_and(|progress| {
            let named = progress.plan.get_ref();
            let plan = data
                .plans
                .iter()
                .find(|p| p.year_text.get_ref() == named || p.year.to_string() == *named);
            plan.is_some_and(|plan| self.plan_reports_on(plan, Some(*progress.quarter.get_ref())))
        });
        let partner = meta
            .partner
            .as_ref()
            .is_some_and(|id| self.partner_page(id.get_ref(), data));
        names(&meta.priority, &self.priorities) || partner || tagged || reports
    }
}

/// Gives the quick exit to every content page about or reporting on a
/// sensitive record. A page that claims a sensitive scheme is sensitive
/// in the scheme's stricter sense, and so out of its section's list
/// unless findable.
pub fn mark_sensitive(data: &Data, claims: &Claims, library: &mut Library) {
    for scheme in data.schemes.iter().filter(|s| s.sensitive) {
        let own = claims.schemes.get(scheme.id.get_ref());
        let translated = claims.translated_schemes.get(scheme.id.get_ref());
        for &page in own.into_iter().chain(translated.into_iter().flatten()) {
            crate::content::make_sensitive(library, page);
        }
    }
    let subjects = Subjects::of(data);
    let about: Vec<usize> = (0..library.pages.len())
        .filter(|&i| subjects.about(&library.pages[i], data))
        .collect();
    for index in about {
        give_quick_exit(&mut library.pages[index]);
    }
}

/// The quick exit, without leaving the page out of any list it was in.
fn give_quick_exit(page: &mut crate::content::Page) {
    if !page.sensitive {
        page.sensitive = true;
        page.findable = true;
    }
}
