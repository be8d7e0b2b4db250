//! Addresses that stay: once a page's address is published, a parish
//! newsletter or a partner's site may link to it for years.
//!
//! Every build lists the site's public addresses (pages, feeds, open data)
//! and writes the list to `published-urls.txt` in the output. The site keeps
//! the list it has published in `content/.published-urls`, updated by
//! `lamplight build --accept-url-changes`. `check` compares the two and fails
//! when an address on the published list would no longer answer: the page
//! that replaced it should list the old address in `aliases`.

use std::collections::BTreeSet;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Result};
use crate::output::{Contents, SiteFiles, output_candidates};

/// The published list, relative to the site folder.
pub const PUBLISHED: &str = "content/.published-urls";
/// This build's list, relative to the output folder.
pub const BUILT: &str = crate::output::ADDRESS_LIST;

/// Made by the build for its own use or for the host, not for linking to.
const NOT_ADDRESSES: &[&str] = &["404.html", "_headers", "robots.txt", BUILT];

/// The site's public addresses: every page, feed and data file the build
/// made, but not redirects (`redirects`, output paths), theme files, copies
/// of static files, the search index's files or a split sitemap's.
pub fn public_urls(
    base_path: &str,
    files: &SiteFiles,
    redirects: &BTreeSet<String>,
) -> Vec<String> {
    let mut urls: Vec<String> = files
        .iter()
        .filter(|(path, contents)| {
            matches!(contents, Contents::Text(_) | Contents::Written)
                && !redirects.contains(*path)
                && !NOT_ADDRESSES.contains(&path.as_str())
                && !in_search_index(path)
                && !crate::output::is_sitemap_part(path)
        })
        .map(|(path, _)| {
            let path = path.strip_suffix("index.html").unwrap_or(path);
            format!("{base_path}{path}")
        })
        .collect();
    urls.sort();
    urls
}

/// A file of a search index: `search-index/…`, or a language's
/// `cy/search-index/…`. They change with every build and are nobody's
/// address to keep.
fn in_search_index(path: &str) -> bool {
    let in_folder = |path: &str| {
        path.strip_prefix(crate::output::SEARCH_FOLDER)
            .is_some_and(|rest| rest.starts_with('/'))
    };
    let language = |code: &str| {
        (2..=12).contains(&code.len())
            && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    in_folder(path)
        || path
            .split_once('/')
            .is_some_and(|(code, rest)| language(code) && in_folder(rest))
}

/// The text of a list of addresses, as written to both files.
pub fn text(urls: &[String]) -> String {
    let mut out = String::from(
        "# Every address this site has published, one per line. `lamplight check` fails if\n\
         # one of them would stop working: give the page that replaced it an `aliases` entry.\n\
         # Update with `lamplight build --accept-url-changes` and commit the change.\n",
    );
    for url in urls {
        out.push_str(url);
        out.push('\n');
    }
    out
}

/// A published address, and where it is written in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub url: String,
    /// Bytes of [`PublishedList::text`].
    pub span: Range<usize>,
}

/// `content/.published-urls` as read: its text, for pointing at a line,
/// and the addresses in it.
pub struct PublishedList {
    pub text: String,
    pub entries: Vec<Published>,
}

/// The published list, or `None` when the site has not recorded one yet.
pub fn read(root: &Path) -> Result<Option<PublishedList>> {
    let path = root.join(PUBLISHED);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Diagnostic::error(PUBLISHED, format!("cannot read the file: {e}")).into());
        }
    };
    let entries = parse(&text);
    Ok(Some(PublishedList { text, entries }))
}

/// Each address in the list, skipping blank lines and `#` comments.
fn parse(text: &str) -> Vec<Published> {
    let mut entries = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let url = line.trim();
        if !url.is_empty() && !url.starts_with('#') {
            let start = offset + (line.len() - line.trim_start().len());
            entries.push(Published {
                url: url.to_string(),
                span: start..start + url.len(),
            });
        }
        offset += line.len();
    }
    entries
}

/// Records `urls` as published, for `--accept-url-changes`.
pub fn accept(root: &Path, urls: &[String]) -> Result<PathBuf> {
    let path = root.join(PUBLISHED);
    std::fs::write(&path, text(urls)).map_err(|e| {
        Diagnostic::error(
            PUBLISHED,
            format!("cannot write the list of addresses: {e}"),
        )
    })?;
    Ok(path)
}

/// The published addresses that no output answers any more, aliases
/// included, as a web server would look them up.
pub fn gone<'p>(
    published: &'p [Published],
    base_path: &str,
    files: &SiteFiles,
) -> Vec<&'p Published> {
    published
        .iter()
        .filter(|p| {
            let relative = p.url.strip_prefix(base_path).unwrap_or(&p.url);
            !output_candidates(relative)
                .iter()
                .any(|candidate| files.contains_key(candidate))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(paths: &[&str]) -> SiteFiles {
        paths
            .iter()
            .map(|p| (p.to_string(), Contents::text("")))
            .collect()
    }

    #[test]
    fn pages_feeds_and_data_are_addresses() {
        let mut site = files(&[
            "index.html",
            "asb/index.html",
            "asb/atom.xml",
            "data/plans/2017-18.csv",
            "old/index.html",
            "404.html",
            "_headers",
            "search-index/meta.json",
            "search-index/words-ab.json",
            "cy/search-index/meta.json",
            "cy/search-index/words-ab.json",
            "search-index-notes/index.html",
        ]);
        site.insert(
            "css/site.css".into(),
            Contents::Copy("static/css/site.css".into()),
        );
        let redirects = BTreeSet::from(["old/index.html".to_string()]);
        assert_eq!(
            public_urls("/csp/", &site, &redirects),
            [
                "/csp/",
                "/csp/asb/",
                "/csp/asb/atom.xml",
                "/csp/data/plans/2017-18.csv",
                "/csp/search-index-notes/"
            ]
        );
        assert_eq!(crate::diagnostic::count(2, "address"), "2 addresses");
    }

    #[test]
    fn an_address_kept_by_an_alias_is_not_gone() {
        let site = files(&[
            "index.html",
            "asb/index.html",
            "anti-social-behaviour/index.html",
        ]);
        let list = parse("# published\n/\n/asb/\r\n\n  /anti-social-behaviour\n/schemes/j9/\n");
        assert_eq!(gone(&list, "/", &site), [&list[3]]);
        assert_eq!(list[2].span, 24..46, "the address itself, not its indent");
    }
}
