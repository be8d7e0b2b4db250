//! The pages the theme makes of its own, offered their addresses at load
//! after content and data have claimed theirs ([`crate::addresses`]): the
//! 404 page, search, the glossary, events, and each taxonomy's list and
//! terms with the later pages of their lists. Each gives way to the site's
//! own page at its address; the planner then makes the pages that got one.

use super::*;
use crate::addresses::{Addresses, Clash, Made};
use crate::config::Config;
use crate::content::Library;
use crate::templates::Templates;

/// What the theme's pages depend on, beside the templates.
pub struct ThemeWants<'a> {
    /// The site folder, for an error's place in `config.toml`.
    pub root: &'a std::path::Path,
    pub base_path: &'a str,
    pub library: &'a Library,
    pub taxonomies: &'a [Taxonomy],
    pub has_glossary: bool,
    pub has_events: bool,
    /// The site's other languages, each with a search page of its own.
    pub languages: Vec<&'a str>,
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
    // Only another of the theme's pages is a clash: the site's own page
    // keeps its address. The fixed pages come first and differ, so a
    // clash is a taxonomy's, at its name.
    let mut offer = |addresses: &mut Addresses, url: &str, template, index, taxonomy: &str| {
        let made = Made::Theme { template, index };
        if let Err(
            clash @ Clash {
                owner: Made::Theme { .. },
                ..
            },
        ) = addresses.claim(url, made)
        {
            let message = clash.message(|content| wants.library.shown(content));
            let name = format!("\"{taxonomy}\"");
            let error = Config::error_at(wants.root, "[[taxonomies]]", &name, message);
            errors.push(error.hint(
                "two of the theme's pages would be at one address: give the taxonomy another name",
            ));
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
            offer(addresses, &format!("{base}{path}"), template, 1, "");
        }
    }
    for code in &wants.languages {
        let search = super::listings::search_path(Some(code));
        if templates.contains("search.html") {
            offer(addresses, &format!("{base}{search}"), "search.html", 1, "");
        }
    }
    let (list, term_page) = ("taxonomy_list.html", "taxonomy_term.html");
    for taxonomy in wants.taxonomies.iter().filter(|t| t.render) {
        if !taxonomy.terms.is_empty() && templates.contains(list) {
            offer(addresses, &taxonomy.url, list, 1, &taxonomy.name);
        }
        for term in &taxonomy.terms {
            if templates.contains(term_page) {
                offer(addresses, &term.url, term_page, 1, &taxonomy.name);
            }
            // The later pages copy whatever page is at the term's address.
            if addresses.owner(&term.url).is_none() {
                continue;
            }
            let listed = term.listed().count();
            for pager in pagers(listed, taxonomy.paginate_by).iter().skip(1) {
                let url = pager.url(&term.url, &taxonomy.paginate_path);
                offer(addresses, &url, term_page, pager.index, &taxonomy.name);
            }
        }
    }
    errors
}
