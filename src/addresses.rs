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

use std::path::{Path, PathBuf};

use foldhash::{HashMap, HashMapExt};

/// The owner of every address, by the address as readers see it, with
/// `index.html` taken off the end: so that an alias `/asb/index.html` and a
/// page at `/asb/` are seen as the one address they are. It is filled
/// again on every edit `serve` applies, so a content page's claim is its
/// address and an index, nothing more: what an error names and what a
/// breadcrumb shows are looked up from the library when wanted.
#[derive(Debug, Default)]
pub struct Addresses {
    base_path: String,
    owners: HashMap<String, Made>,
}

/// A content page or section, by its index in the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Page(usize),
    Section(usize),
}

/// What made the page at an address.
#[derive(Debug, Clone, PartialEq)]
pub enum Made {
    Content(Content),
    /// Page `index` (2 or more) of the list of the section at this index.
    ListPage {
        section: usize,
        index: usize,
    },
    /// A page made from data alone, with its title for breadcrumbs and
    /// what it was made from: ``plan `2017-18` in data/plans/2017-18.toml``.
    Data {
        from: String,
        title: String,
    },
    /// A page Lamplight makes with one of the theme's templates: search,
    /// glossary, events, 404, a taxonomy's list or a term's page; `index`
    /// is the page of a term's list (1 for its first).
    Theme {
        template: &'static str,
        index: usize,
    },
    /// A redirect from an old address listed in `file`'s `aliases`.
    Alias {
        file: PathBuf,
    },
}

/// A claim refused: the address, and what already has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Clash {
    pub url: String,
    pub owner: Made,
}

impl Clash {
    /// The one wording for every clash, for the claimant to place at its
    /// own line. `shown` names a content file by its index.
    pub fn message(&self, shown: impl Fn(Content) -> PathBuf) -> String {
        let owner = match &self.owner {
            Made::Content(content) => shown(*content).display().to_string(),
            Made::ListPage { section, index } => format!(
                "page {index} of the list in {}",
                shown(Content::Section(*section)).display()
            ),
            Made::Data { from, .. } => format!("the page made from data for {from}"),
            Made::Theme { template, index: 1 } => {
                format!("the page Lamplight makes from the `{template}` template")
            }
            Made::Theme { template, index } => {
                format!("page {index} of the list Lamplight makes from the `{template}` template")
            }
            Made::Alias { file } => format!("an alias in {}", file.display()),
        };
        format!("the address {} is also used by {owner}", self.url)
    }
}

impl Addresses {
    /// A registry for a site under `base_path`, with room for `claims`.
    pub fn new(base_path: &str, claims: usize) -> Addresses {
        Addresses {
            base_path: base_path.to_string(),
            owners: HashMap::with_capacity(claims),
        }
    }

    /// Gives `url` to `made` unless something already has it.
    pub fn claim(&mut self, url: &str, made: Made) -> Result<(), Clash> {
        let key = key(url);
        match self.owners.get(key) {
            Some(owner) => Err(Clash {
                url: key.to_string(),
                owner: owner.clone(),
            }),
            None => {
                self.owners.insert(key.to_string(), made);
                Ok(())
            }
        }
    }

    /// Gives `url` to `made` if it is free, saying whether it was.
    pub fn offer(&mut self, url: &str, made: Made) -> bool {
        self.claim(url, made).is_ok()
    }

    /// What is at `url`, if anything.
    pub fn owner(&self, url: &str) -> Option<&Made> {
        self.owners.get(key(url))
    }

    /// The address as it was claimed, and what is there.
    pub fn owned(&self, url: &str) -> Option<(&str, &Made)> {
        let (url, made) = self.owners.get_key_value(key(url))?;
        Some((url.as_str(), made))
    }

    /// Whether the theme's `template` makes the page at `url`, as page
    /// `index` of its list.
    pub fn is_theme_page(&self, url: &str, template: &str, index: usize) -> bool {
        self.owner(url).is_some_and(|made| {
            matches!(made, Made::Theme { template: t, index: i } if *t == template && *i == index)
        })
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

/// `/csp/asb/index.html` → `/csp/asb/`: one address, one key.
fn key(url: &str) -> &str {
    match url.strip_suffix("index.html") {
        Some(dir) if dir.ends_with('/') => dir,
        _ => url,
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

    fn shown(content: Content) -> PathBuf {
        format!("{content:?}").into()
    }

    #[test]
    fn aliases_stay_inside_the_site() {
        let addresses = Addresses::new("/csp/", 0);
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
        let mut addresses = Addresses::new("/", 0);
        let page = Made::Content(Content::Page(0));
        assert!(addresses.claim("/asb/", page.clone()).is_ok());
        let clash = addresses
            .claim("/asb/", Made::Content(Content::Section(1)))
            .unwrap_err();
        assert_eq!(
            clash.message(shown),
            "the address /asb/ is also used by Page(0)"
        );
        // An alias written as the file is the same address.
        let alias = Made::Alias {
            file: "content/old.md".into(),
        };
        assert_eq!(
            addresses.claim("/asb/index.html", alias).unwrap_err().owner,
            page
        );
        assert!(!addresses.offer("/asb/", Made::Content(Content::Page(2))));
        assert_eq!(addresses.owner("/asb/"), Some(&page));
    }

    #[test]
    fn theme_pages_are_known_by_template_and_pager() {
        let mut addresses = Addresses::new("/", 0);
        let term = |index| Made::Theme {
            template: "taxonomy_term.html",
            index,
        };
        assert!(addresses.offer("/tags/a/", term(1)));
        assert!(addresses.offer("/tags/a/page/2/", term(2)));
        assert!(addresses.is_theme_page("/tags/a/page/2/", "taxonomy_term.html", 2));
        assert!(!addresses.is_theme_page("/tags/a/", "taxonomy_term.html", 2));
        assert!(!addresses.is_theme_page("/tags/a/", "search.html", 1));
        let clash = addresses.claim("/tags/a/page/2/", term(3)).unwrap_err();
        assert_eq!(
            clash.message(shown),
            "the address /tags/a/page/2/ is also used by page 2 of the list \
             Lamplight makes from the `taxonomy_term.html` template"
        );
    }
}
