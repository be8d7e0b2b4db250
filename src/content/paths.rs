//! Where a content file is published: its slug, its date from the file
//! name, its address (folders then slug, or the front matter's `path`),
//! and its title when the front matter gives none. Zola's rules, so a
//! site moved from Zola keeps every address.

use super::Page;
use crate::config::Config;
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Result};

/// `/csp/updates/2016-17-q1/`: the page's folders, then its slug, after
/// `/cy/` for a page in another language; or, when the front matter sets
/// `path`, the base path then that, as Zola has it.
pub(super) fn page_url(config: &Config, page: &Page, slug: &str) -> Result<String> {
    let base_path = config.base_path();
    if let Some(path) = &page.meta.path {
        return custom_path(path.get_ref())
            .map(|components| url_for(base_path, &components))
            .map_err(|problem| {
                let at = page.file.front_matter_start;
                let span = at + path.span().start..at + path.span().end;
                Diagnostic::error(&page.file.shown, format!("`path = \"{}\"` {problem}", path.get_ref()))
                    .at(&page.file.text, span)
                    .hint("`path` is the page's address below the site's, such as \"about/contact\": folder names of letters, digits and `-`, `_` or `.`, separated by `/`")
                    .into()
            });
    }
    let mut components = dir_segments(url_dir(&page.file.relative, is_bundle(page)));
    components.push(slug.to_string());
    let base = config.language_base(page.file.lang.as_deref());
    Ok(url_for(&base, &components))
}

/// The segments of a front matter's `path`, as Zola reads it: a leading
/// or trailing `/` changes nothing. What would leave the site, or make an
/// address a browser reads differently, is refused.
pub(super) fn custom_path(path: &str) -> std::result::Result<Vec<String>, &'static str> {
    let trimmed = path.trim().trim_matches('/');
    if trimmed.is_empty() {
        return Err("is the home page's address");
    }
    if trimmed.contains("://") {
        return Err("is another site's address");
    }
    let mut out = Vec::new();
    for segment in trimmed.split('/') {
        if segment.is_empty() {
            return Err("has an empty folder name (`//`)");
        }
        if segment == "." || segment == ".." {
            return Err("climbs out of its folder with `.` or `..`");
        }
        if !url_safe(segment) {
            return Err("has a character that cannot be part of a web address");
        }
        out.push(segment.to_string());
    }
    Ok(out)
}

/// Whether a folder name can be part of an address as it is: letters,
/// digits, `-`, `_`, `.` and `~`, not starting with `.`.
pub(super) fn url_safe(segment: &str) -> bool {
    !segment.is_empty()
        && !segment.starts_with('.')
        && segment
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
}

/// The folder of a content-relative path: `a/b/c.md` → `a/b`, `c.md` → ``.
pub(super) fn parent_dir(relative: &str) -> &str {
    relative.rsplit_once('/').map_or("", |(dir, _)| dir)
}

pub(super) fn is_bundle(page: &Page) -> bool {
    page.file.stem() == "index"
}

/// The folder whose URL a page or section lives under.
pub(super) fn url_dir(relative: &str, bundle: bool) -> &str {
    let dir = parent_dir(relative);
    if bundle { parent_dir(dir) } else { dir }
}

/// A folder path's address segments. A folder's name is kept as it is, as
/// Zola keeps it (`secret_section` stays, so a moved site's addresses do
/// not change), when it is [`url_safe`]; any other is made a slug (`Our
/// Schemes` → `our-schemes`). A folder whose name has no letters or digits
/// (`[`, `--`) adds nothing: an empty segment would make `//`, which a
/// browser reads as another host.
pub(super) fn dir_segments(dir: &str) -> Vec<String> {
    dir.split('/')
        .map(|name| {
            if url_safe(name) {
                name.to_string()
            } else {
                slug::slugify(name)
            }
        })
        .filter(|c| !c.is_empty())
        .collect()
}

pub(super) fn url_for(base_path: &str, components: &[String]) -> String {
    if components.is_empty() {
        base_path.to_string()
    } else {
        format!("{base_path}{}/", components.join("/"))
    }
}

/// Reads a `2017-07-01-` (or `2017-07-01_`) prefix off a file stem.
pub(super) fn date_prefix(stem: &str) -> Option<(Date, &str)> {
    let date = Date::parse(stem.get(..10)?).ok()?;
    let rest = stem[10..].strip_prefix(['-', '_'])?;
    Some((date, rest))
}

pub(super) fn page_slug_and_date(page: &Page) -> Result<(String, Option<Date>)> {
    let relative = &page.file.relative;
    let stem = if is_bundle(page) {
        parent_dir(relative).rsplit('/').next().unwrap_or("")
    } else {
        page.file.stem()
    };
    let (prefix_date, stem) = match date_prefix(stem) {
        Some((date, rest)) => (Some(date), rest),
        None => (None, stem),
    };
    let wanted = page.meta.slug.as_deref().unwrap_or(stem);
    let slug = slug::slugify(wanted);
    if slug.is_empty() {
        return Err(Diagnostic::error(
            &page.file.shown,
            format!("`{wanted}` gives an empty web address"),
        )
        .hint("set `slug = \"some-words\"` in the front matter using letters and digits")
        .into());
    }
    Ok((slug, page.meta.date.or(prefix_date)))
}

/// Names a page that has no title after its slug, `fixed-slug` → "Fixed
/// slug", so that lists, search and the page's own heading never show an
/// empty link; `check` asks for a real title.
pub(super) fn name_untitled_page(page: &mut Page, slug: &str) {
    if page.meta.title.trim().is_empty() {
        page.meta.title = words_of(slug);
        page.untitled = true;
    }
}

/// `fixed-slug` or `secret_section` → "Fixed slug", "Secret section".
pub(super) fn words_of(name: &str) -> String {
    capitalise(name.replace(['-', '_'], " ").trim())
}

/// `areas` → `Areas`: the first letter upper case.
pub fn capitalise(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_prefixes_are_read_off_file_names() {
        let (date, rest) = date_prefix("2017-07-01-q1-update").unwrap();
        assert_eq!(date.to_string(), "2017-07-01");
        assert_eq!(rest, "q1-update");
        assert!(date_prefix("anti-social-behaviour").is_none());
        assert!(date_prefix("2017-07-01").is_none());
    }

    proptest::proptest! {
        /// Whatever folders and slug an officer writes, a page's address is
        /// the base path then segments that need no escaping (letters,
        /// digits, `-`, `_`, `.`, `~`, none a `.` or `..`), so its output
        /// file is inside the output folder.
        #[test]
        fn every_address_is_slugs_under_the_base_path(
            dirs in proptest::collection::vec("\\PC{0,12}", 0..4),
            stem in "\\PC{1,20}",
            slug in "\\PC{0,20}",
            base in proptest::sample::select(vec!["/", "/csp/", "/county/castle-point/"]),
        ) {
            let relative = dirs.iter().chain([&format!("{stem}.md")]).cloned().collect::<Vec<_>>().join("/");
            let mut components = dir_segments(url_dir(&relative, false));
            let slug = slug::slugify(&slug);
            proptest::prop_assume!(!slug.is_empty());
            components.push(slug);
            let url = url_for(base, &components);
            proptest::prop_assert!(url.starts_with(base) && url.ends_with('/'), "{url}");
            let inside = &url[base.len()..];
            for segment in inside.trim_end_matches('/').split('/') {
                proptest::prop_assert!(!segment.is_empty(), "an empty segment in {url}");
                proptest::prop_assert!(
                    segment.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')),
                    "{segment} in {url}"
                );
                proptest::prop_assert!(segment != "." && segment != "..");
            }
            let output = std::path::Path::new("public").join(inside).join("index.html");
            proptest::prop_assert!(
                output.components().all(|c| matches!(c, std::path::Component::Normal(_))),
                "{} leaves the output folder", output.display()
            );
        }
    }

    #[test]
    fn url_dirs_of_pages_bundles_and_sections() {
        assert_eq!(url_dir("priorities/asb.md", false), "priorities");
        assert_eq!(url_dir("schemes/j9/index.md", true), "schemes");
        assert_eq!(url_dir("about/_index.md", false), "about");
        assert_eq!(
            url_for("/", &dir_segments("Our Schemes/J9")),
            "/our-schemes/J9/"
        );
        assert_eq!(
            url_for("/", &dir_segments("secret_section")),
            "/secret_section/"
        );
        assert_eq!(url_for("/csp/", &[]), "/csp/");
    }
}
