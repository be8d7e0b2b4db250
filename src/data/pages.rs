//! Pages made from data alone: the plan archive, and a page for every
//! priority, scheme and partner that no content file claims.

use std::collections::HashMap;

use tera::Value;
use toml::Spanned;

use super::plan_priorities;
use super::urls::Urls;
use super::values::DataValues;
use super::{Claims, Data, DataFile};
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
    /// The page of a sensitive scheme: see [`crate::content::Page::sensitive`].
    pub sensitive: bool,
}

pub fn generated(
    data: &Data,
    urls: &Urls,
    claims: &Claims,
    library: &Library,
    values: &DataValues,
) -> Result<Vec<GeneratedPage>> {
    let taken: HashMap<&str, &std::path::Path> = library
        .pages
        .iter()
        .map(|p| (p.url.as_str(), p.file.shown.as_path()))
        .chain(
            library
                .sections
                .iter()
                .map(|s| (s.url.as_str(), s.file.shown.as_path())),
        )
        .collect();
    let mut pages = Vec::new();
    let mut errors = Vec::new();
    let mut record_page = |file: &DataFile,
                           id: &Spanned<String>,
                           kind: &str,
                           page: GeneratedPage| {
        match taken.get(page.url.as_str()) {
            Some(owner) => errors.push(
                Diagnostic::error(
                    &file.shown,
                    format!("{kind} `{}` would get a page at {}, where {} already is", id.get_ref(), page.url, owner.display()),
                )
                .at(&file.text, id.span())
                .hint(if kind == "plan" {
                    "plan pages live under /plans/: move that content file elsewhere".to_string()
                } else {
                    format!(
                        "make that file the {kind}'s page by adding `{kind} = \"{}\"` to its front matter",
                        id.get_ref()
                    )
                }),
            ),
            None => pages.push(page),
        }
    };
    let page = |url: String, title: String, description: Option<String>, template, context| {
        GeneratedPage {
            url,
            title,
            description,
            template,
            context,
            sensitive: false,
        }
    };

    for plan in &data.plans {
        let plan_value = values.plans[&plan.year.to_string()].clone();
        for priority in plan_priorities(plan, data) {
            let id = priority.id.get_ref();
            record_page(
                &plan.file,
                &plan.year_text,
                "plan",
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
                ),
            );
        }
        record_page(
            &plan.file,
            &plan.year_text,
            "plan",
            page(
                urls.plan(plan.year),
                plan.title.clone(),
                Some(format!(
                    "The partnership's action plan for {}, with progress each quarter.",
                    plan.year
                )),
                "plan.html",
                vec![("plan", plan_value)],
            ),
        );
    }
    for priority in &data.priorities {
        let id = priority.id.get_ref();
        let url = urls.priority(priority);
        let generated_here = format!("{}priorities/{id}/", urls.base);
        if url.as_deref() == Some(generated_here.as_str()) && !claims.priorities.contains_key(id) {
            record_page(
                &data.priorities_file,
                &priority.id,
                "priority",
                page(
                    generated_here,
                    priority.title.clone(),
                    Some(priority.summary.clone()).filter(|s| !s.is_empty()),
                    "priority.html",
                    vec![("priority", values.priorities[id].clone())],
                ),
            );
        }
    }
    for scheme in &data.schemes {
        let id = scheme.id.get_ref();
        if !claims.schemes.contains_key(id) {
            record_page(
                &data.schemes_file,
                &scheme.id,
                "scheme",
                GeneratedPage {
                    sensitive: scheme.sensitive,
                    ..page(
                        urls.scheme(id),
                        scheme.name.clone(),
                        Some(scheme.what_it_is.clone()),
                        "scheme.html",
                        vec![("scheme", values.schemes[id].clone())],
                    )
                },
            );
        }
    }
    for partner in &data.partners {
        let id = partner.id.get_ref();
        if !claims.partners.contains_key(id) {
            record_page(
                &data.partners_file,
                &partner.id,
                "partner",
                page(
                    urls.partner(id),
                    partner.name.clone(),
                    Some(format!(
                        "What {} does in the partnership: the actions it leads and the schemes it runs.",
                        partner.name
                    )),
                    "partner.html",
                    vec![("partner", values.partners[id].clone())],
                ),
            );
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics::sorted(errors));
    }

    // Index pages, unless the site has its own page at that address.
    let indexes = [
        (
            !data.plans.is_empty(),
            urls.plans(),
            "Action plans",
            "Every year's partnership plan, with what was done and how it went.",
            "plans.html",
        ),
        (
            !data.partners.is_empty(),
            format!("{}partners/", urls.base),
            "Partners",
            "The organisations in the partnership.",
            "partners.html",
        ),
        (
            has_open_data(data),
            urls.open_data(),
            "Open data",
            "The partnership's plans and funding as CSV and JSON files, free to reuse.",
            "open_data.html",
        ),
    ];
    for (wanted, url, title, description, template) in indexes {
        if wanted && !taken.contains_key(url.as_str()) {
            pages.push(page(
                url,
                title.to_string(),
                Some(description.to_string()),
                template,
                Vec::new(),
            ));
        }
    }
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    Ok(pages)
}

fn has_open_data(data: &Data) -> bool {
    !data.plans.is_empty() || !data.priorities.is_empty() || !data.funding.is_empty()
}
