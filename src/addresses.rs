//! Who owns each web address on the site: one registry, filled once at
//! load, that every producer of a page claims from.
//!
//! Before it, five places each decided whether an address was free (content
//! against content, a record's page against content, an alias against
//! everything, a theme's page and a term's later pages against what was
//! already there), each with its own order and its own wording. Now the
//! order is the order of claims, made in one place (`site.rs`, `derive` and
//! `Site::claim_addresses`):
//!
//! 1. content sections and pages, then the later pages of sections' lists;
//! 2. pages made from data records;
//! 3. pages the site would like but gives way on: data's index pages
//!    (plans, partners, open data), the theme's own pages (search, glossary,
//!    events, 404) and taxonomies' lists, terms and their later pages;
//! 4. aliases, which never take an address from anything.
//!
//! The first claim wins. A later one is either an error, worded once by
//! [`Addresses::claim`], or, for step 3, quietly not made ([`Addresses::offer`]).
//! Renderers then ask [`Addresses::owner`] instead of deciding again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The owner of every address, keyed by the file the address is written to
/// (`asb/index.html`), so that an alias `/asb/index.html` and a page at
/// `/asb/` are seen as the one address they are.
#[derive(Debug, Default)]
pub struct Addresses {
    base_path: String,
    owners: HashMap<String, Owner>,
}

/// What is at an address, and the address as readers see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    pub url: String,
    pub made: Made,
}

/// What made the page at an address.
#[derive(Debug, Clone, PartialEq)]
pub enum Made {
    /// A content page or section, with its title for breadcrumbs.
    Content { file: PathBuf, title: String },
    /// Page `index` (2 or more) of a section's list.
    ListPage { file: PathBuf, index: usize },
    /// A page made from data alone, with its title for breadcrumbs and
    /// what it was made from: `plan `2017-18` in data/plans/2017-18.toml`.
    Data { from: String, title: String },
    /// A page Lamplight makes with one of the theme's templates: search,
    /// glossary, events, 404, a taxonomy's list or a term's page; `index`
    /// is the page of a term's list (1 for its first).
    Theme {
        template: &'static str,
        index: usize,
    },
    /// A redirect from an old address listed in `file`'s `aliases`.
    Alias { file: PathBuf },
}

impl Made {
    /// The owner as an error message names it.
    fn describe(&self) -> String {
        match self {
            Made::Content { file, .. } => file.display().to_string(),
            Made::ListPage { file, index } => {
                format!("page {index} of the list in {}", file.display())
            }
            Made::Data { from, .. } => format!("the page made from data for {from}"),
            Made::Theme { template, index: 1 } => {
                format!("the page Lamplight makes from the `{template}` template")
            }
            Made::Theme { template, index } => {
                format!("page {index} of the list Lamplight makes from the `{template}` template")
            }
            Made::Alias { file } => format!("an alias in {}", file.display()),
        }
    }
}

impl Addresses {
    pub fn new(base_path: &str) -> Addresses {
        Addresses {
            base_path: base_path.to_string(),
            owners: HashMap::new(),
        }
    }

    /// Gives `url` to `made` unless something already has it; then the
    /// one wording for a clash, for the claimant to place at its own line.
    pub fn claim(&mut self, url: &str, made: Made) -> Result<(), String> {
        let key = self.file_of(url);
        match self.owners.get(&key) {
            Some(owner) => Err(format!(
                "the address {} is also used by {}",
                url,
                owner.made.describe()
            )),
            None => {
                let url = url.to_string();
                self.owners.insert(key, Owner { url, made });
                Ok(())
            }
        }
    }

    /// Gives `url` to `made` if it is free, saying whether it was.
    pub fn offer(&mut self, url: &str, made: Made) -> bool {
        self.claim(url, made).is_ok()
    }

    /// What is at `url`, if anything.
    pub fn owner(&self, url: &str) -> Option<&Owner> {
        self.owners.get(&self.file_of(url))
    }

    /// Whether the theme's `template` makes the page at `url`, as page
    /// `index` of its list.
    pub fn is_theme_page(&self, url: &str, template: &str, index: usize) -> bool {
        self.owner(url).is_some_and(|owner| {
            matches!(&owner.made, Made::Theme { template: t, index: i } if *t == template && *i == index)
        })
    }

    /// The address and title of the content page, section or page made
    /// from data at `url`: what a breadcrumb shows.
    pub fn titled(&self, url: &str) -> Option<(&str, &str)> {
        let owner = self.owner(url)?;
        match &owner.made {
            Made::Content { title, .. } | Made::Data { title, .. } => {
                Some((owner.url.as_str(), title.as_str()))
            }
            _ => None,
        }
    }

    /// `/csp/asb/` → `asb/index.html`; `/csp/old.html` → `old.html`.
    fn file_of(&self, url: &str) -> String {
        let path = url.strip_prefix(self.base_path.as_str()).unwrap_or(url);
        let path = path.trim_start_matches('/');
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        }
    }

    /// The address of an alias as readers see it, `/csp/old/`, and the file
    /// its redirect is written to, `old/index.html`; or `None` if it would
    /// leave the site.
    pub fn alias(&self, alias: &str) -> Option<(String, String)> {
        let file = alias_file(alias)?;
        let shown = file.strip_suffix("index.html").unwrap_or(&file);
        Some((format!("{}{shown}", self.base_path), file))
    }
}

/// Where the redirect page for an alias goes, or `None` if it would leave the site.
fn alias_file(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let parts: Vec<&str> = trimmed.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty()
        || parts
            .iter()
            .any(|p| *p == ".." || *p == "." || p.contains('\\'))
    {
        return None;
    }
    let joined = parts.join("/");
    Some(if joined.ends_with(".html") || joined.ends_with(".htm") {
        joined
    } else {
        format!("{joined}/index.html")
    })
}

/// What an error about a page made from data names it by:
/// ``scheme `watch` in data/schemes.toml``.
pub fn record(kind: &str, id: &str, file: &Path) -> String {
    format!("{kind} `{id}` in {}", file.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(file: &str) -> Made {
        Made::Content {
            file: file.into(),
            title: "T".into(),
        }
    }

    #[test]
    fn aliases_stay_inside_the_site() {
        let addresses = Addresses::new("/csp/");
        let file = |alias| addresses.alias(alias).map(|(_, file)| file);
        assert_eq!(file("/asb/").as_deref(), Some("asb/index.html"));
        assert_eq!(file("old/page.html").as_deref(), Some("old/page.html"));
        assert_eq!(file("/../etc/passwd"), None);
        assert_eq!(file("/"), None);
        assert_eq!(file("a/./b"), None);
        assert_eq!(addresses.alias("asb").unwrap().0, "/csp/asb/");
    }

    #[test]
    fn the_first_claim_wins_and_a_later_one_is_told_who_has_it() {
        let mut addresses = Addresses::new("/");
        assert!(addresses.claim("/asb/", content("content/asb.md")).is_ok());
        let clash = addresses
            .claim("/asb/", content("content/asb/_index.md"))
            .unwrap_err();
        assert_eq!(clash, "the address /asb/ is also used by content/asb.md");
        // An alias written as the file is the same address.
        let alias = Made::Alias {
            file: "content/old.md".into(),
        };
        assert!(addresses.claim("/asb/index.html", alias).is_err());
        assert!(!addresses.offer("/asb/", content("x")));
        assert_eq!(addresses.titled("/asb/"), Some(("/asb/", "T")));
    }

    #[test]
    fn theme_pages_are_known_by_template_and_pager() {
        let mut addresses = Addresses::new("/");
        let term = |index| Made::Theme {
            template: "taxonomy_term.html",
            index,
        };
        assert!(addresses.offer("/tags/a/", term(1)));
        assert!(addresses.offer("/tags/a/page/2/", term(2)));
        assert!(addresses.is_theme_page("/tags/a/page/2/", "taxonomy_term.html", 2));
        assert!(!addresses.is_theme_page("/tags/a/", "taxonomy_term.html", 2));
        assert!(!addresses.is_theme_page("/tags/a/", "search.html", 1));
        assert_eq!(addresses.titled("/tags/a/"), None);
    }
}
