//! Content's claims on web addresses: its pages and sections first (they
//! come before anything else, see [`crate::addresses`]), then the later
//! pages of sections' lists; and, last of all, the old addresses pages list
//! as `aliases`, which never take an address from anything.

use super::Library;
use crate::addresses::{Addresses, Content, Made};
use crate::diagnostic::Diagnostic;
use crate::paginate;

/// Claims every section's and page's address, then each later page of a
/// paginated section's list; a clash is an error at the later claimant.
pub fn claim_addresses(library: &Library, addresses: &mut Addresses) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let shown = |content| library.shown(content);
    let sections = (0..library.sections.len()).map(Content::Section);
    let pages = (0..library.pages.len()).map(Content::Page);
    for content in sections.chain(pages) {
        let item = library.item(content);
        if item.url().is_empty() || !item.rendered() {
            continue;
        }
        if let Err(clash) = addresses.claim(item.url(), Made::Content(content)) {
            errors.push(
                Diagnostic::error(&item.file().shown, clash.message(shown)).hint(
                    "give one of them a different file name, or set `slug` in its front matter",
                ),
            );
        }
    }
    for (i, section) in library.sections.iter().enumerate() {
        let Some(size) = section.paginated() else {
            continue;
        };
        for pager in paginate::pagers(section.pages.len(), size).iter().skip(1) {
            let made = Made::ListPage {
                section: i,
                index: pager.index,
            };
            if let Err(clash) =
                addresses.claim(&pager.url(&section.url, section.paginate_path()), made)
            {
                let message = clash.message(shown);
                errors.push(Diagnostic::error(&section.file.shown, message).hint(format!(
                    "page {} of this section's list goes there: move the other page, or change `paginate_by`",
                    pager.index
                )));
            }
        }
    }
    errors
}

/// Where a paginated section's `page/1/` is: Zola publishes a redirect
/// there to the list's own address, and links to it live on.
pub fn first_pager_alias(section: &crate::content::Section) -> Option<String> {
    section.paginated()?;
    Some(format!("{}{}/1/", section.url, section.paginate_path()))
}

/// Claims the address of every alias, refusing one that leaves the site
/// or is taken, at its place in the front matter.
pub fn claim_aliases(library: &Library, addresses: &mut Addresses) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for section in &library.sections {
        if let Some(url) = first_pager_alias(section) {
            let made = Made::Alias {
                file: section.file.shown.clone(),
            };
            // Only where nothing else is: a redirect never takes an address.
            let _ = addresses.claim(&url, made);
        }
    }
    for item in library.items().filter(|item| item.rendered()) {
        let file = item.file();
        for alias in item.aliases() {
            let at = file.front_matter_start;
            let span = at + alias.span().start..at + alias.span().end;
            let fail = |message: String, hint: &str| {
                Diagnostic::error(&file.shown, message)
                    .at(&file.text, span.clone())
                    .hint(hint)
            };
            let Some((url, _)) = addresses.alias(alias.get_ref()) else {
                errors.push(fail(
                    format!("`{}` cannot be used as an alias", alias.get_ref()),
                    "an alias is an old address on this site, such as \"/asb/\" or \"/old/page.html\", without `..`",
                ));
                continue;
            };
            let made = Made::Alias {
                file: file.shown.clone(),
            };
            if let Err(clash) = addresses.claim(&url, made) {
                let clash = clash.message(|content| library.shown(content));
                errors.push(fail(
                    format!("alias `{}`: {clash}", alias.get_ref()),
                    "remove the alias, or move the other page",
                ));
            }
        }
    }
    errors
}
