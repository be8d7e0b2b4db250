//! Pages made from data alone: the plan archive, and a page for every
//! priority, scheme and partner that no content file claims.

use tera::Value;
use toml::Spanned;

use super::plan_priorities;
use super::sensitive::Subjects;
use super::urls::Urls;
use super::values::DataValues;
use super::{Claims, Data, DataFile};
use crate::addresses::{self, Addresses, Made};
use crate::content::Library;
use crate::diagnostic::{Diagnostic, Diagnostics, Result};

/// A page with no content file: a template and what it is given.
#[derive(Debug, Clone)]
pub struct GeneratedPage {
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    pub template: &'static str,
    /// Extra context variables, such as `plan` or `priority`.
    pub context: Vec<(&'static str, Value)>,
    /// What search reads besides the title and description, HTML-escaped:
    /// a plan's objectives, actions and outcomes, where residents' words
    /// such as "criminal damage" or "speeding" are found.
    pub text: String,
    /// A record of an earlier time (a plan other than the current one),
    /// which search ranks below pages about now.
    pub past: bool,
    /// It gets the quick exit: the page of a sensitive record, or a plan
    /// that reports on one (`sensitive.rs`). See
    /// [`crate::content::Page::sensitive`].
    pub sensitive: bool,
    /// Sensitive but listed, as a sensitive priority's or partner's page
    /// and the plans are; a sensitive scheme's page is not.
    pub findable: bool,
}

impl GeneratedPage {
    /// Whether it may be listed away from itself: see
    /// [`crate::content::Page::announced`].
    pub fn announced(&self) -> bool {
        !self.sensitive || self.findable
    }

    /// The page with `objectives`' words for search: each objective's
    /// title, and its actions' titles and outcomes.
    fn with_text<'a>(self, objectives: impl Iterator<Item = &'a super::Objective>) -> Self {
        let mut text = String::new();
        for objective in objectives {
            let actions = objective.actions.iter();
            let lines = actions.flat_map(|a| std::iter::once(&a.title).chain(&a.outcomes));
            for line in std::iter::once(&objective.title).chain(lines) {
                text.push_str(&crate::markdown::highlight::escape(line));
                text.push('\n');
            }
        }
        GeneratedPage { text, ..self }
    }

    /// The page with the quick exit, still listed where it was.
    fn with_quick_exit(self, about_something_sensitive: bool) -> GeneratedPage {
        GeneratedPage {
            sensitive: self.sensitive || about_something_sensitive,
            findable: self.findable || (about_something_sensitive && !self.sensitive),
            ..self
        }
    }
}

/// Every page made from data: a page for each plan and each plan's
/// priority, for each record no content file claims, and the index pages.
/// Each claims its address after content has claimed its own
/// ([`crate::addresses`]): a record's page at an address already taken is
/// an error at the record's id, while an index page gives way to the
/// site's own page there.
pub fn generated(
    data: &Data,
    urls: &Urls,
    claims: &Claims,
    values: &DataValues,
    library: &Library,
    addresses: &mut Addresses,
) -> Result<Vec<GeneratedPage>> {
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    let candidates = plan_pages(data, urls, values)
        .into_iter()
        .chain(record_pages(data, urls, claims, values));
    for candidate in candidates {
        let from = addresses::record(
            candidate.kind,
            candidate.id.get_ref(),
            &candidate.file.shown,
        );
        let made = Made::Data {
            from,
            title: candidate.page.title.clone(),
        };
        match addresses.claim(&candidate.page.url, made) {
            Err(clash) => errors.push(candidate.clash(clash.message(|c| library.shown(c)))),
            Ok(()) => pages.push(candidate.page),
        }
    }
    Diagnostics::fail_if_any(errors)?;
    for (from, page) in index_pages(data, urls) {
        let made = Made::Data {
            from: from.to_string(),
            title: page.title.clone(),
        };
        if addresses.offer(&page.url, made) {
            pages.push(page);
        }
    }
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    Ok(pages)
}

/// A page made from one record, with the id to blame if its address is taken.
struct Candidate<'a> {
    file: &'a DataFile,
    id: &'a Spanned<String>,
    /// `plan`, `priority`, `scheme` or `partner`.
    kind: &'static str,
    page: GeneratedPage,
}

impl Candidate<'_> {
    fn clash(&self, clash: String) -> Diagnostic {
        let (kind, id) = (self.kind, self.id.get_ref());
        Diagnostic::error(&self.file.shown, format!("{kind} `{id}`: {clash}"))
        .at(&self.file.text, self.id.span())
        .hint(if kind == "plan" {
            "plan pages live under /plans/: move that content file elsewhere".to_string()
        } else {
            format!(
                "make that file the {kind}'s page by adding `{kind} = \"{id}\"` to its front matter"
            )
        })
    }
}

fn page(
    url: String,
    title: String,
    description: Option<String>,
    template: &'static str,
    context: Vec<(&'static str, Value)>,
) -> GeneratedPage {
    GeneratedPage {
        url,
        title,
        description,
        template,
        context,
        text: String::new(),
        past: false,
        sensitive: false,
        findable: false,
    }
}

/// Each plan's page, and a page for each priority it has objectives for.
fn plan_pages<'a>(data: &'a Data, urls: &Urls, values: &DataValues) -> Vec<Candidate<'a>> {
    let subjects = Subjects::of(data);
    let mut out = Vec::new();
    for (i, plan) in data.plans.iter().enumerate() {
        let plan_value = values.plans[&plan.year.to_string()].clone();
        let past = data.current_plan != Some(i);
        let candidate = |page| Candidate {
            file: &plan.file,
            id: &plan.year_text,
            kind: "plan",
            page: GeneratedPage { past, ..page },
        };
        for priority in plan_priorities(plan, data) {
            let id = priority.id.get_ref();
            out.push(candidate(
                page(
                    urls.plan_priority(plan.year, id),
                    format!("{}: {}", priority.title, plan.year),
                    Some(format!(
                        "What the partnership planned to do about {} in {}, and how it went.",
                        priority.title.to_lowercase(),
                        plan.year
                    )),
                    "plan_priority.html",
                    vec![
                        ("plan", plan_value.clone()),
                        (
                            "priority_plan",
                            values.priority_plans[&(plan.year, id.clone())].clone(),
                        ),
                    ],
                )
                .with_text(plan.objectives_for(id))
                .with_quick_exit(subjects.priority(id)),
            ));
        }
        out.push(candidate(
            page(
                urls.plan(plan.year),
                plan.title.clone(),
                Some(format!(
                    "The partnership's action plan for {}, with progress each quarter.",
                    plan.year
                )),
                "plan.html",
                vec![("plan", plan_value)],
            )
            .with_text(plan.objectives.iter())
            .with_quick_exit(subjects.plan_reports_on(plan, None)),
        ));
    }
    out
}

/// A page for each priority, scheme and partner no content file claims.
fn record_pages<'a>(
    data: &'a Data,
    urls: &Urls,
    claims: &Claims,
    values: &DataValues,
) -> Vec<Candidate<'a>> {
    let subjects = Subjects::of(data);
    let mut out = Vec::new();
    for priority in &data.priorities {
        let id = priority.id.get_ref();
        let url = urls.priority(priority);
        let generated_here = format!("{}priorities/{id}/", urls.base);
        if url.as_deref() == Some(generated_here.as_str()) && !claims.priorities.contains_key(id) {
            out.push(Candidate {
                file: &data.priorities_file,
                id: &priority.id,
                kind: "priority",
                page: page(
                    generated_here,
                    priority.title.clone(),
                    Some(priority.summary.clone()).filter(|s| !s.is_empty()),
                    "priority.html",
                    vec![("priority", values.priorities[id].clone())],
                )
                .with_quick_exit(priority.sensitive),
            });
        }
    }
    for scheme in &data.schemes {
        let id = scheme.id.get_ref();
        if !claims.schemes.contains_key(id) {
            out.push(Candidate {
                file: &data.schemes_file,
                id: &scheme.id,
                kind: "scheme",
                page: GeneratedPage {
                    sensitive: scheme.sensitive,
                    ..page(
                        urls.scheme(id),
                        scheme.name.clone(),
                        Some(scheme.what_it_is.clone()),
                        "scheme.html",
                        vec![("scheme", values.schemes[id].clone())],
                    )
                },
            });
        }
    }
    for partner in &data.partners {
        let id = partner.id.get_ref();
        if !claims.partners.contains_key(id) {
            out.push(Candidate {
                file: &data.partners_file,
                id: &partner.id,
                kind: "partner",
                page: page(
                    urls.partner(id),
                    partner_title(partner, data),
                    Some(format!(
                        "What {} does in the partnership: the actions it leads and the schemes it runs.",
                        partner.name
                    )),
                    "partner.html",
                    vec![("partner", values.partners[id].clone())],
                )
                .with_quick_exit(subjects.partner_page(id, data)),
            });
        }
    }
    out
}

/// A partner's page's title: its name, unless a scheme has the same
/// name (Crimestoppers is both), when two pages would share a title.
fn partner_title(partner: &super::Partner, data: &Data) -> String {
    let shared = data.schemes.iter().any(|s| s.name == partner.name);
    match shared {
        true => format!("{} (partner)", partner.name),
        false => partner.name.clone(),
    }
}

/// The index pages of plans, partners and open data, each with what an
/// error names it by, for those the data has anything to list on.
fn index_pages(data: &Data, urls: &Urls) -> Vec<(&'static str, GeneratedPage)> {
    let indexes = [
        (
            !data.plans.is_empty(),
            "the list of plans",
            urls.plans(),
            "Action plans",
            "Every year's partnership plan, with what was done and how it went.",
            "plans.html",
        ),
        (
            !data.partners.is_empty(),
            "the list of partners",
            format!("{}partners/", urls.base),
            "Partners",
            "The organisations in the partnership.",
            "partners.html",
        ),
        (
            has_open_data(data),
            "the open data files",
            urls.open_data(),
            "Open data",
            "The partnership's plans and funding as CSV and JSON files, free to reuse.",
            "open_data.html",
        ),
    ];
    indexes
        .into_iter()
        .filter(|(wanted, ..)| *wanted)
        .map(|(_, from, url, title, description, template)| {
            let page = page(
                url,
                title.to_string(),
                Some(description.to_string()),
                template,
                Vec::new(),
            );
            (from, page)
        })
        .collect()
}

fn has_open_data(data: &Data) -> bool {
    !data.plans.is_empty() || !data.priorities.is_empty() || !data.funding.is_empty()
}
