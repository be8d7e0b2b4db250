//! Internal links and `#anchors`, resolved against the site as built in memory.
//!
//! Checking the built files rather than the sources means every kind of target
//! counts: pages, sections, pages made from data (with their `#action-…`
//! anchors), feeds, static files and alias redirects.

use std::collections::{HashMap, HashSet};

use crate::markdown::LinkMap;
use crate::output::{Contents, SiteFiles, output_candidates};

/// Every output path, with the ids its HTML defines.
pub struct Targets {
    files: HashMap<String, HashSet<String>>,
}

impl Targets {
    pub fn new(files: &SiteFiles) -> Targets {
        let files = files
            .iter()
            .map(|(path, contents)| {
                let ids = match contents {
                    Contents::Text(html) if path.ends_with(".html") => ids_in(html),
                    _ => HashSet::new(),
                };
                (path.clone(), ids)
            })
            .collect();
        Targets { files }
    }
}

/// What is wrong with a link: a message and what to do.
#[derive(Debug, PartialEq, Eq)]
pub struct Broken {
    pub message: String,
    pub hint: String,
}

/// Where a link goes, when it stays on this site.
#[derive(Debug, PartialEq, Eq)]
pub struct Internal {
    /// Root-relative, with the base path: `/plans/2016-17/`.
    pub url: String,
    pub anchor: Option<String>,
}

/// What links are resolved against: the site's address and its built files.
pub struct LinkContext<'a> {
    /// `/` or `/csp/`.
    pub base_path: &'a str,
    /// `https://example.org/csp/`, so absolute links to the site itself are checked too.
    pub base_url: &'a str,
    pub links: &'a LinkMap,
    pub targets: &'a Targets,
}

/// `None` for links that leave the site (another host, `mailto:`, `tel:`).
pub fn resolve(dest: &str, page_url: &str, site: &LinkContext) -> Option<Internal> {
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let base_url = site.base_url.trim_end_matches('/');
    let url = if let Some(target) = path.strip_prefix("@/") {
        site.links.get(target)?.clone()
    } else if let Some(rest) = path.strip_prefix(base_url).filter(|_| !base_url.is_empty()) {
        format!("{}{}", site.base_path, rest.trim_start_matches('/'))
    } else if has_scheme(path) || path.starts_with("//") {
        return None;
    } else if path.is_empty() {
        page_url.to_string()
    } else {
        join(page_url, path)
    };
    Some(Internal { url, anchor })
}

/// Checks a resolved link; `Ok` when its page exists and so does its anchor.
pub fn check(link: &Internal, site: &LinkContext) -> Result<(), Broken> {
    let shown = match &link.anchor {
        Some(anchor) => format!("{}#{anchor}", link.url),
        None => link.url.clone(),
    };
    let Some((path, ids)) = output_path(&link.url, site.base_path)
        .into_iter()
        .find_map(|p| site.targets.files.get_key_value(&p))
    else {
        return Err(Broken {
            message: format!("link to `{shown}`, which is not a page or file on this site"),
            hint: "check the address; to link to another page write `@/` and its path under content/, \
                   e.g. `@/schemes/j9.md`, so a moved page is caught here"
                .to_string(),
        });
    };
    let Some(anchor) = link.anchor.as_deref().filter(|a| !a.is_empty()) else {
        return Ok(());
    };
    if !path.ends_with(".html") || ids.contains(anchor) {
        return Ok(());
    }
    let hint = match crate::diagnostic::did_you_mean(anchor, ids.iter().map(String::as_str)) {
        Some(near) => format!("did you mean `#{near}`?"),
        None => {
            "an anchor is a heading's id: the heading's words in lower case, joined by hyphens, \
                 e.g. `## Who we are` is `#who-we-are`"
                .to_string()
        }
    };
    Err(Broken {
        message: format!("link to `{shown}`, but that page has no `#{anchor}`"),
        hint,
    })
}

fn has_scheme(path: &str) -> bool {
    path.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// A relative link, resolved from the page's own URL as a browser would.
fn join(page_url: &str, path: &str) -> String {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        page_url.split('/').filter(|p| !p.is_empty()).collect()
    };
    if !path.starts_with('/') && !page_url.ends_with('/') {
        parts.pop();
    }
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let trailing = if path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..") {
        "/"
    } else {
        ""
    };
    if parts.is_empty() {
        "/".to_string()
    } else {
        format!("/{}{trailing}", parts.join("/"))
    }
}

/// The output files a root-relative URL could be served from.
fn output_path(url: &str, base_path: &str) -> Vec<String> {
    let Some(path) = url.strip_prefix(base_path).or_else(|| {
        // The base path itself without its slash: `/csp` for `/csp/`.
        (url == base_path.trim_end_matches('/')).then_some("")
    }) else {
        return Vec::new();
    };
    output_candidates(path)
}

/// The `id` attributes in a page of HTML.
fn ids_in(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    for (at, _) in html.match_indices(" id=") {
        let rest = &html[at + " id=".len()..];
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            ids.insert(rest[1..1 + end].to_string());
        }
    }
    ids
}

/// Each `path = "…"` in config.toml's `[extra]` (a footer link, say) that
/// names an address on the site the build does not make: the theme puts
/// these on every page, so one that is wrong is broken everywhere. (`@/`
/// paths are checked when the site loads.)
pub fn config_paths(
    root: &std::path::Path,
    config: &crate::config::Config,
    site: &LinkContext,
) -> Vec<crate::diagnostic::Diagnostic> {
    let file = std::path::Path::new(crate::config::file_name(root));
    let source = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    crate::config::extra::texts(&config.extra)
        .into_iter()
        .filter(|(key, path)| *key == Some("path") && !path.starts_with("@/"))
        .filter_map(|(_, path)| {
            let target = resolve(path, site.base_path, site)?;
            let broken = check(&target, site).err()?;
            let quoted = format!("\"{path}\"");
            let at = source.find(&quoted).map_or(0, |i| i + 1);
            Some(
                crate::diagnostic::Diagnostic::error(file, broken.message)
                    .at(&source, at..at + path.len())
                    .hint(format!(
                        "{}; the theme shows this link on every page",
                        broken.hint
                    ))
                    .code("link"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with<'a>(links: &'a LinkMap, targets: &'a Targets) -> LinkContext<'a> {
        LinkContext {
            base_path: "/",
            base_url: "https://csp.example.org/",
            links,
            targets,
        }
    }

    fn targets() -> Targets {
        let mut files = SiteFiles::new();
        let page = "<h2 id=\"who-we-are\">Who</h2><tr id='action-sg-01'>";
        files.insert("about/index.html".into(), Contents::text(page));
        files.insert("index.html".into(), Contents::text(""));
        files.insert("site.css".into(), Contents::text(""));
        Targets::new(&files)
    }

    #[test]
    fn relative_links_resolve_as_a_browser_would() {
        assert_eq!(join("/updates/q1/", "../q2/"), "/updates/q2/");
        assert_eq!(join("/updates/q1/", "photo.jpg"), "/updates/q1/photo.jpg");
        assert_eq!(join("/updates/q1/", "/about/"), "/about/");
        assert_eq!(join("/a/", "../../.."), "/");
        assert_eq!(join("/a/b", "c"), "/a/c");
    }

    #[test]
    fn only_links_on_this_site_are_resolved() {
        let links = LinkMap::from([("about.md".to_string(), "/about/".to_string())]);
        let targets = targets();
        let site = site_with(&links, &targets);
        let internal = |url: &str, anchor: Option<&str>| {
            Some(Internal {
                url: url.into(),
                anchor: anchor.map(str::to_string),
            })
        };
        assert_eq!(
            resolve("@/about.md#who", "/", &site),
            internal("/about/", Some("who"))
        );
        assert_eq!(
            resolve("https://csp.example.org/about/", "/", &site),
            internal("/about/", None)
        );
        assert_eq!(resolve("#top", "/x/", &site), internal("/x/", Some("top")));
        assert_eq!(resolve("https://www.gov.uk/", "/", &site), None);
        assert_eq!(resolve("mailto:csp@example.org", "/", &site), None);
        assert_eq!(resolve("tel:101", "/", &site), None);
    }

    #[test]
    fn pages_files_and_anchors_must_exist() {
        let links = LinkMap::new();
        let targets = targets();
        let site = site_with(&links, &targets);
        let check_dest = |dest: &str| check(&resolve(dest, "/", &site).unwrap(), &site);
        assert!(check_dest("/about/").is_ok());
        assert!(check_dest("/about").is_ok());
        assert!(check_dest("/about/#who-we-are").is_ok());
        assert!(check_dest("/about/#action-sg-01").is_ok());
        assert!(check_dest("/site.css").is_ok());
        assert!(check_dest("/").is_ok());
        let missing = check_dest("/abuot/").unwrap_err();
        assert!(missing.message.contains("`/abuot/`"), "{missing:?}");
        let anchor = check_dest("/about/#who-we-ar").unwrap_err();
        assert_eq!(anchor.hint, "did you mean `#who-we-are`?");
    }
}
