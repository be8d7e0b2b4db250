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
    /// Pages in the site's other languages that stand for a scheme: by
    /// scheme, each translation. A record's page is its page in the site's
    /// own language; its translations claim it too, and are as sensitive.
    pub translated_schemes: HashMap<String, Vec<usize>>,
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

    // Every claim, by kind, language and id.
    let mut claimed_in_language = HashMap::new();
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
            } else {
                // One page per record in each language: a translation
                // claims its original's record too.
                let key = (kind, file.lang.clone(), id.get_ref().clone());
                if let Some(&other) = claimed_in_language.get(&key) {
                    errors.push(two_pages(library, file, kind, id, at(id.span()), other));
                    continue;
                }
                claimed_in_language.insert(key, index);
                if file.lang.is_none() {
                    claimed_by.insert(id.get_ref().clone(), index);
                } else if kind == "scheme" {
                    let claimed = claims.translated_schemes.entry(id.get_ref().clone());
                    claimed.or_default().push(index);
                }
            }
        }
        if page.file.lang.is_none() {
            match progress_claim(data, page) {
                Ok(Some(claim)) => {
                    claims.progress.insert(index, claim);
                }
                Ok(None) => {}
                Err(error) => errors.push(*error),
            }
        }
    }
    if errors.is_empty() {
        Ok(claims)
    } else {
        Err(Diagnostics::sorted(errors))
    }
}

/// The plan year and quarter a page's `progress` reports on, if it has one.
fn progress_claim(
    data: &Data,
    page: &crate::content::Page,
) -> std::result::Result<Option<(PlanYear, Quarter)>, Box<Diagnostic>> {
    let Some(progress) = &page.meta.progress else {
        return Ok(None);
    };
    let file = &page.file;
    let year = PlanYear::parse(progress.plan.get_ref());
    if let Some(year) = year.filter(|y| data.plan(*y).is_some()) {
        return Ok(Some((year, *progress.quarter.get_ref())));
    }
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
    let span = progress.plan.span();
    let at = file.front_matter_start;
    Err(Box::new(
        Diagnostic::error(&file.shown, message)
            .at(&file.text, at + span.start..at + span.end)
            .hint(format!("plans with data: {}", known.join(", "))),
    ))
}

/// Two pages in one language stand for the same record.
fn two_pages(
    library: &Library,
    file: &crate::content::SourceFile,
    kind: &str,
    id: &toml::Spanned<String>,
    span: Range<usize>,
    other: usize,
) -> Diagnostic {
    Diagnostic::error(
        &file.shown,
        format!("two pages are the page of {kind} `{}`", id.get_ref()),
    )
    .at(&file.text, span)
    .hint(format!(
        "{} claims it too; remove `{kind}` from one of them",
        library.pages[other].file.shown.display()
    ))
}
