//! Which pages claim which records: front matter's `priority = "…"`,
//! `scheme`, `partner` and `progress`, checked against the data.

use std::collections::HashMap;
use std::ops::Range;

use super::{Data, PlanYear, Quarter};
use crate::content::Library;
use crate::diagnostic::{Diagnostic, Diagnostics, Result, did_you_mean};

/// Which pages stand for which priority, scheme and partner, and which pages
/// report progress on a quarter.
#[derive(Debug, Default, Clone)]
pub struct Claims {
    pub priorities: HashMap<String, usize>,
    pub schemes: HashMap<String, usize>,
    pub partners: HashMap<String, usize>,
    /// Page index → the plan year and quarter it reports on.
    pub progress: HashMap<usize, (PlanYear, Quarter)>,
}

/// Checks the `priority`, `scheme`, `partner` and `progress` keys in page
/// front matter against the data.
pub fn claims(data: &Data, library: &Library) -> Result<Claims> {
    let mut claims = Claims::default();
    let mut errors = Vec::new();
    let ids = |it: &mut dyn Iterator<Item = &String>| -> Vec<String> { it.cloned().collect() };
    let priorities = ids(&mut data.priorities.iter().map(|p| p.id.get_ref()));
    let schemes = ids(&mut data.schemes.iter().map(|s| s.id.get_ref()));
    let partners = ids(&mut data.partners.iter().map(|p| p.id.get_ref()));

    for (index, page) in library.pages.iter().enumerate() {
        let file = &page.file;
        let at = |span: Range<usize>| {
            file.front_matter_start + span.start..file.front_matter_start + span.end
        };
        let kinds = [
            (
                "priority",
                &page.meta.priority,
                &priorities,
                &mut claims.priorities,
            ),
            ("scheme", &page.meta.scheme, &schemes, &mut claims.schemes),
            (
                "partner",
                &page.meta.partner,
                &partners,
                &mut claims.partners,
            ),
        ];
        for (kind, claimed, known, claimed_by) in kinds {
            let Some(id) = claimed else { continue };
            if !known.contains(id.get_ref()) {
                let hint = match did_you_mean(id.get_ref(), known.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "{kind} ids are listed in data/; known: {}",
                        known.join(", ")
                    ),
                };
                errors.push(
                    Diagnostic::error(
                        &file.shown,
                        format!("there is no {kind} `{}`", id.get_ref()),
                    )
                    .at(&file.text, at(id.span()))
                    .hint(hint),
                );
            } else if let Some(&other) = claimed_by.get(id.get_ref()) {
                errors.push(
                    Diagnostic::error(
                        &file.shown,
                        format!("two pages are the page of {kind} `{}`", id.get_ref()),
                    )
                    .at(&file.text, at(id.span()))
                    .hint(format!(
                        "{} claims it too; remove `{kind}` from one of them",
                        library.pages[other].file.shown.display()
                    )),
                );
            } else {
                claimed_by.insert(id.get_ref().clone(), index);
            }
        }
        if let Some(progress) = &page.meta.progress {
            let year = PlanYear::parse(progress.plan.get_ref());
            match year.filter(|y| data.plan(*y).is_some()) {
                Some(year) => {
                    claims
                        .progress
                        .insert(index, (year, *progress.quarter.get_ref()));
                }
                None => {
                    let known: Vec<String> = data
                        .plans
                        .iter()
                        .map(|p| format!("\"{}\"", p.year))
                        .collect();
                    let message = if year.is_some() {
                        format!("there is no plan for {}", progress.plan.get_ref())
                    } else {
                        format!(
                            "`{}` is not a plan year in the form YYYY/YY",
                            progress.plan.get_ref()
                        )
                    };
                    errors.push(
                        Diagnostic::error(&file.shown, message)
                            .at(&file.text, at(progress.plan.span()))
                            .hint(format!("plans with data: {}", known.join(", "))),
                    );
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(claims)
    } else {
        Err(Diagnostics::sorted(errors))
    }
}
