//! The pages the theme makes of its own, offered their addresses at load
//! after content and data have claimed theirs ([`crate::addresses`]): the
//! 404 page, search, the glossary, events, and each taxonomy's list and
//! terms with the later pages of their lists. Each gives way to the site's
//! own page at its address; the planner then makes the pages that got one.

use super::*;
use crate::addresses::{Addresses, Made};
use crate::content::Library;
use crate::templates::Templates;

/// What the theme's pages depend on, beside the templates.
pub struct ThemeWants<'a> {
    pub base_path: &'a str,
    pub library: &'a Library,
    pub taxonomies: &'a [Taxonomy],
    pub has_glossary: bool,
    pub has_events: bool,
}

/// Offers each theme page whose template exists its address. Two theme
/// pages at one address (a taxonomy named `search`) is an error in
/// `config.toml`; any other owner simply keeps its address.
pub fn offer_theme_pages(
    wants: &ThemeWants,
    templates: &Templates,
    addresses: &mut Addresses,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut offer = |addresses: &mut Addresses, url: &str, template: &'static str, index| {
        let made = Made::Theme { template, index };
        if let Err(clash) = addresses.claim(url, made) {
            let owner = addresses.owner(url).map(|owner| &owner.made);
            if matches!(owner, Some(Made::Theme { .. })) {
                errors.push(
                    Diagnostic::error("config.toml", clash)
                        .hint("two of the theme's pages would be at one address: give the taxonomy another name"),
                );
            }
        }
    };
    let base = wants.base_path;
    let fixed = [
        ("404.html", "404.html", true),
        ("search/", "search.html", true),
        ("glossary/", "glossary.html", wants.has_glossary),
        ("events/", "events.html", wants.has_events),
    ];
    for (path, template, wanted) in fixed {
        if wanted && templates.contains(template) {
            offer(addresses, &format!("{base}{path}"), template, 1);
        }
    }
    let (list, term_page) = ("taxonomy_list.html", "taxonomy_term.html");
    for taxonomy in wants.taxonomies {
        if !taxonomy.terms.is_empty() && templates.contains(list) {
            offer(addresses, &taxonomy.url, list, 1);
        }
        for term in &taxonomy.terms {
            if templates.contains(term_page) {
                offer(addresses, &term.url, term_page, 1);
            }
            // The later pages copy whatever page is at the term's address.
            if addresses.owner(&term.url).is_none() {
                continue;
            }
            let listed = term.listed(wants.library).count();
            for pager in pagers(listed, taxonomy.paginate_by).iter().skip(1) {
                offer(addresses, &pager.url(&term.url), term_page, pager.index);
            }
        }
    }
    errors
}
