//! What a site still has to settle before it is published, beyond its
//! pages: an address that is a placeholder, the examples `lamplight new
//! site` wrote into config.toml and `data/`, and theme files that keep the
//! site on an old version of the built-in theme.
//!
//! Why in `check`: a new site builds and passes every other check on its
//! first day, so nothing else would tell the officer that the help panel
//! still names an example council, or that the site's feeds and sitemap
//! point at example.org.

use std::path::Path;

use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The start of a comment `lamplight new site` puts above each example it
/// writes in config.toml and `data/`, telling the officer what to replace.
pub const EXAMPLE_MARK: &str = "# Example:";

/// The title `lamplight new site` gives a site whose name it was not told.
pub const DEFAULT_NAME: &str = "Our Community Safety Partnership";

/// Every warning of this module for the site at `root`.
pub fn warnings(root: &Path, config: &Config) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    found.extend(placeholder_title(root, config));
    found.extend(placeholder_address(root, config));
    found.extend(examples(root));
    if config.theme == crate::theme::DEFAULT {
        found.extend(theme_copies(root));
    }
    found
}

/// `base_url` still the address `lamplight new site` wrote, or another of
/// the domains kept for examples (RFC 2606): feeds, the sitemap and shared
/// links would all point at nowhere. (A name under one, such as the test
/// sites' `csp.example.org`, is taken as chosen on purpose.)
fn placeholder_address(root: &Path, config: &Config) -> Option<Diagnostic> {
    let host = config
        .base_url
        .split("://")
        .nth(1)?
        .split(['/', ':'])
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let reserved = ["example.org", "example.com", "example.net"].contains(&host);
    if !reserved {
        return None;
    }
    let message = format!(
        "base_url is `{}`, an address kept for examples",
        config.base_url
    );
    Some(config_warning(
        root,
        "base_url",
        message,
        "set it to the address the site will be published at, such as \"https://www.saferdistrict.org.uk/\": feeds, the sitemap and links shared from the site are made from it",
    ))
}

/// A `placeholder` warning at `key` of the site's config file.
fn config_warning(root: &Path, key: &str, message: String, hint: &str) -> Diagnostic {
    let file = Path::new(crate::config::file_name(root));
    let source = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    let at = crate::toml_error::key_position(&source, 0, "", key);
    Diagnostic::warning(file, message)
        .at(&source, at..at + key.len())
        .hint(hint)
        .code("placeholder")
}

/// The title still the one `new site` gave a site it was not told the name of.
fn placeholder_title(root: &Path, config: &Config) -> Option<Diagnostic> {
    (config.title == DEFAULT_NAME).then(|| {
        let message = format!("the site's title is still \"{DEFAULT_NAME}\"");
        config_warning(
            root,
            "title",
            message,
            "set title to the partnership's name, as residents know it: it heads every page",
        )
    })
}

/// Each `# Example:` comment still in config.toml or a data file.
fn examples(root: &Path) -> Vec<Diagnostic> {
    let mut files = vec![root.join(crate::config::file_name(root))];
    let data = walkdir::WalkDir::new(root.join("data")).sort_by_file_name();
    files.extend(
        data.into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml")),
    );
    let mut found = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let shown = crate::diagnostic::display_path(root, &path);
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if let Some(what) = trimmed.strip_prefix(EXAMPLE_MARK) {
                let start = offset + (line.len() - trimmed.len());
                let what = what.trim();
                found.push(
                    Diagnostic::warning(
                        &shown,
                        "this is still the example `lamplight new site` wrote",
                    )
                    .at(&text, start..start + EXAMPLE_MARK.len())
                    .hint(format!(
                        "{}{}then delete this `{EXAMPLE_MARK}` line",
                        what,
                        if what.is_empty() { "" } else { "; " }
                    ))
                    .code("placeholder"),
                );
            }
            offset += line.len();
        }
    }
    found
}

/// One warning naming the files in `themes/default/` that differ from the
/// built-in theme: each keeps its own version whatever fixes the theme gets.
fn theme_copies(root: &Path) -> Option<Diagnostic> {
    let differing = crate::theme::differing(root);
    let first = differing.first()?;
    let listed: Vec<String> = differing.iter().map(|p| p.display().to_string()).collect();
    Some(
        Diagnostic::warning(
            first,
            format!(
                "{} {} in themes/default/ {} from the theme built into this Lamplight, and {} used instead of it: {}",
                differing.len(),
                if differing.len() == 1 { "file" } else { "files" },
                if differing.len() == 1 { "differs" } else { "differ" },
                if differing.len() == 1 { "is" } else { "are" },
                listed.join(", ")
            ),
        )
        .hint("delete each one the site has not changed on purpose (or the whole themes/default/ folder), so the site gets the theme's fixes; to change one template, keep just that file, or put it in templates/")
        .code("theme-copy"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base_url: &str, data: &str) -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        let config = format!("title = \"T\"\nbase_url = \"{base_url}\"\n");
        std::fs::write(dir.path().join("config.toml"), &config).unwrap();
        std::fs::create_dir_all(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join("data/partners.toml"), data).unwrap();
        let parsed = Config::parse(&config, Path::new("config.toml")).unwrap();
        (dir, parsed)
    }

    fn codes(found: &[Diagnostic]) -> Vec<(String, usize, usize)> {
        found
            .iter()
            .map(|d| (d.file.display().to_string(), d.line, d.column))
            .collect()
    }

    #[test]
    fn an_example_address_is_a_placeholder_and_a_real_one_is_not() {
        for url in [
            "https://example.org/",
            "https://www.example.com/site/",
            "http://EXAMPLE.net:8080/",
        ] {
            let (dir, config) = site(url, "");
            let found = warnings(dir.path(), &config);
            assert_eq!(codes(&found), [("config.toml".into(), 2, 1)], "{url}");
        }
        for url in [
            "https://www.rochford.gov.uk/",
            "https://notexample.org/",
            "https://csp.example.org/",
        ] {
            let (dir, config) = site(url, "");
            assert!(warnings(dir.path(), &config).is_empty(), "{url}");
        }
    }

    #[test]
    fn each_example_comment_is_found_at_its_line() {
        let data = "# Partners.\n\n  # Example: replace this partner with your council\n[[partner]]\nid = \"x\"\n";
        let (dir, config) = site("https://www.rochford.gov.uk/", data);
        let found = warnings(dir.path(), &config);
        assert_eq!(codes(&found), [("data/partners.toml".into(), 3, 3)]);
        let hint = found[0].hint.as_deref().unwrap_or_default();
        assert!(
            hint.starts_with("replace this partner with your council; then delete"),
            "{hint}"
        );
    }

    #[test]
    fn only_theme_files_that_differ_from_the_built_in_ones_are_named() {
        let (dir, config) = site("https://www.rochford.gov.uk/", "");
        let theme = dir.path().join("themes/default/templates");
        std::fs::create_dir_all(&theme).unwrap();
        let same = crate::theme::built_in("templates/page.html").unwrap();
        std::fs::write(theme.join("page.html"), same).unwrap();
        assert!(warnings(dir.path(), &config).is_empty());
        std::fs::write(theme.join("base.html"), "old").unwrap();
        let found = warnings(dir.path(), &config);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .starts_with("1 file in themes/default/ differs"),
            "{}",
            found[0].message
        );
        assert_eq!(
            found[0].file,
            Path::new("themes/default/templates/base.html")
        );
    }
}
