//! Checks that look across files: a setting in config.toml that names a
//! content file must name one that is there, and a template's error about
//! an entry of config.toml is pointed at that entry, rather than at the
//! theme's template, which the officer did not write; and when config.toml
//! itself fails, the mistakes in other files that can be found without it.

use std::path::Path;

use crate::config::Config;
use crate::content::Library;
use crate::diagnostic::{Diagnostic, Diagnostics, Result};

/// Every `@/` link to a content file in config.toml's `[extra]` (the
/// theme's footer links, say) names a file that exists: a typo there was
/// found only as the theme rendered it, and blamed on the theme's template.
pub(super) fn check_config_links(root: &Path, config: &Config, library: &Library) -> Result<()> {
    let mut found: Vec<&str> = crate::config::extra::texts(&config.extra)
        .into_iter()
        .map(|(_, text)| text)
        .filter(|text| text.starts_with("@/"))
        .collect();
    // The file is read again only for a link to place: most loads have none.
    let relative = |link: &str| link[2..].split('#').next().unwrap_or_default().to_string();
    found.retain(|link| {
        let relative = relative(link);
        library.url_of(&relative).is_none() && !library.failed.contains(&relative)
    });
    if found.is_empty() {
        return Ok(());
    }
    let file = Path::new(crate::config::file_name(root));
    let source = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    let known = || {
        let items = library.items().map(|item| item.file().relative.as_str());
        items.chain(library.failed.iter().map(String::as_str))
    };
    let errors = found
        .into_iter()
        .map(|link| {
            let relative = relative(link);
            let quoted = format!("\"{link}\"");
            let at = source.find(&quoted).map_or(0, |i| i + 1);
            let hint = match crate::diagnostic::did_you_mean(&relative, known()) {
                Some(near) => format!("did you mean `@/{near}`? Links with `@/` name a file in content/"),
                None => "name a file in content/, such as `@/about/contact.md`, or a path such as `events/`".to_string(),
            };
            Diagnostic::error(file, format!("`{link}` is not a file in content/"))
                .at(&source, at..at + link.len())
                .hint(hint)
        })
        .collect();
    Diagnostics::fail_if_any(errors)
}

/// `[quick_exit] advice` names a content file; say so at the setting if it
/// is not there, rather than as a template error on every sensitive page.
pub(super) fn check_quick_exit_advice(
    root: &Path,
    config: &Config,
    library: &Library,
) -> Result<()> {
    let Some(advice) = &config.quick_exit.advice else {
        return Ok(());
    };
    match advice.strip_prefix("@/") {
        Some(relative) if library.url_of(relative).is_none() => Err(Config::error_at(
            root,
            "[quick_exit]",
            "advice",
            format!("[quick_exit] advice is `{advice}`, which is not in content/"),
        )
        .hint("name the page on covering your tracks, e.g. advice = \"@/cover-your-tracks.md\", or remove the line")
        .into()),
        _ => Ok(()),
    }
}

/// `[brand] logo` names an image in `static/` (the site's or the theme's)
/// that a browser can show: a misspelt name would be a broken image at the
/// top of every page, found by nobody until a resident saw it.
pub(super) fn check_logo(root: &Path, config: &Config) -> Result<()> {
    let Some(logo) = &config.brand.logo else {
        return Ok(());
    };
    let fail = |message: String, hint: &str| {
        Err(Config::error_at(root, "[brand]", "logo", message)
            .hint(hint)
            .into())
    };
    let relative = logo.trim_start_matches('/');
    let folders = [
        root.join("static"),
        root.join("themes").join(&config.theme).join("static"),
    ];
    let Some(file) = folders
        .iter()
        .map(|folder| folder.join(relative))
        .find(|file| file.is_file())
    else {
        return fail(
            format!("[brand] logo is `{logo}`, which is not a file in static/"),
            "put the logo in the site's static/ folder and name it from there, e.g. logo = \"images/logo.png\" for static/images/logo.png",
        );
    };
    let bytes = std::fs::read(&file).unwrap_or_default();
    if crate::images::image_size(&bytes).is_none() {
        return fail(
            format!("[brand] logo `{logo}` is not a PNG, GIF, JPEG, WebP or SVG image"),
            "save the logo as a PNG or SVG and name that file",
        );
    }
    Ok(())
}

/// Template errors of the form "Field `title` is not defined. Available
/// fields: path, titel" about an entry written in config.toml (a footer
/// link with a misspelt key, say), placed at that entry: the entry whose
/// keys are exactly the available fields. Other errors are left as they are.
pub(super) fn blame_config(root: &Path, failed: Diagnostics) -> Diagnostics {
    let file = Path::new(crate::config::file_name(root));
    let Ok(source) = std::fs::read_to_string(root.join(file)) else {
        return failed;
    };
    let blamed = failed.0.into_iter().map(|d| {
        let Some((field, available)) = missing_field(&d.message) else {
            return d;
        };
        let Some(entry) = entry_with_keys(&source, &available) else {
            return d;
        };
        let near = crate::diagnostic::did_you_mean(&field, available.iter().map(String::as_str));
        let (at, hint) = match near.and_then(|near| Some((entry_key(&source, entry, near)?, near)))
        {
            Some((at, near)) => (
                at..at + near.len(),
                format!("did you mean `{field}` for `{near}`? The theme reads `{field}`"),
            ),
            None => (
                entry..entry + 1,
                format!("add `{field} = …` to this entry: the theme reads it"),
            ),
        };
        Diagnostic::error(file, format!("this entry in config.toml has no `{field}`"))
            .at(&source, at)
            .hint(hint)
    });
    Diagnostics::sorted(blamed.collect())
}

/// `("title", ["path", "titel"])` from Tera's "Field `title` is not
/// defined. Available fields: path, titel".
fn missing_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("Field `")?;
    let (field, rest) = rest.split_once('`')?;
    let list = rest.split("Available fields: ").nth(1)?;
    let available = list
        .split(',')
        .map(|f| f.trim().trim_end_matches('.').to_string());
    Some((
        field.to_string(),
        available.filter(|f| !f.is_empty()).collect(),
    ))
}

/// Where the entry of `source` whose keys are exactly `keys` starts: an
/// inline table `{ … }`, or the keys under a `[table]` header (where the
/// header is).
fn entry_with_keys(source: &str, keys: &[String]) -> Option<usize> {
    let mut wanted: Vec<&str> = keys.iter().map(String::as_str).collect();
    wanted.sort_unstable();
    inline_entry(source, &wanted).or_else(|| table_entry(source, &wanted))
}

/// The `[table]` header under which exactly the keys `wanted` (sorted) are set.
fn table_entry(source: &str, wanted: &[&str]) -> Option<usize> {
    let mut offset = 0;
    let mut header: Option<usize> = None;
    let mut found: Vec<&str> = Vec::new();
    let matches = |header: Option<usize>, found: &mut Vec<&str>| {
        found.sort_unstable();
        header.filter(|_| found.as_slice() == wanted)
    };
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            if let Some(at) = matches(header, &mut found) {
                return Some(at);
            }
            header = Some(offset + (line.len() - line.trim_start().len()));
            found.clear();
        } else if let Some((key, _)) = trimmed.split_once('=')
            && !trimmed.starts_with('#')
        {
            found.push(key.trim().trim_matches('"'));
        }
        offset += line.len();
    }
    matches(header, &mut found)
}

/// The inline table `{ … }` whose keys are exactly `wanted` (sorted).
fn inline_entry(source: &str, wanted: &[&str]) -> Option<usize> {
    let mut from = 0;
    while let Some(open) = source[from..].find('{') {
        let start = from + open;
        let end = start + source[start..].find('}')?;
        let mut found: Vec<&str> = source[start + 1..end]
            .split(',')
            .filter_map(|pair| {
                pair.split_once('=')
                    .map(|(key, _)| key.trim().trim_matches('"'))
            })
            .collect();
        found.sort_unstable();
        if found == wanted {
            return Some(start);
        }
        from = end;
    }
    None
}

/// Where `key` is written inside the entry starting at `entry` (an
/// inline table, or the keys under a header).
fn entry_key(source: &str, entry: usize, key: &str) -> Option<usize> {
    let end = if source[entry..].starts_with('{') {
        entry + source[entry..].find('}')?
    } else {
        let first_line = source[entry..]
            .find('\n')
            .map_or(source.len(), |i| entry + i + 1);
        source[first_line..]
            .find("\n[")
            .map_or(source.len(), |i| first_line + i)
    };
    let within = &source[entry..end];
    let mut from = 0;
    while let Some(found) = within[from..].find(key) {
        let at = from + found;
        let before = within[..at].chars().next_back();
        let after = within[at + key.len()..].trim_start();
        if before.is_some_and(|c| c == '{' || c == ',' || c.is_whitespace())
            && after.starts_with('=')
        {
            return Some(entry + at);
        }
        from = at + key.len();
    }
    None
}

/// `failed`, config.toml's errors, with the mistakes that can be found in
/// the content's front matter, the data and the glossary without it, so
/// that a broken config.toml does not hide them until the next run. Not
/// when a source folder leads outside the site: then nothing is read.
pub(super) fn without_config(root: &Path, failed: Diagnostics) -> Diagnostics {
    let mut errors = failed.0;
    if crate::publish::check_source_folders(root, "default").is_ok() {
        errors.extend(crate::content::front_matter_errors(root));
        errors.extend(
            crate::data::read_all(root)
                .err()
                .into_iter()
                .flat_map(|d| d.0),
        );
        errors.extend(
            crate::glossary::Glossary::load(root)
                .err()
                .into_iter()
                .flat_map(|d| d.0),
        );
    }
    Diagnostics::sorted(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry under a `[table]` header is found as an inline one is,
    /// and the error placed at its misspelt key.
    #[test]
    fn a_template_error_about_a_table_in_config_is_placed_there() {
        let dir = tempfile::tempdir().unwrap();
        let config =
            "title = \"Site\"\n\n[extra.help]\nemergancy = \"999\"\nsilent = true\n\n[markdown]\n";
        std::fs::write(dir.path().join("config.toml"), config).unwrap();
        let failed = Diagnostics::from(Diagnostic::error(
            "themes/default/templates/partials/help.html",
            "Field `emergency` is not defined. Available fields: emergancy, silent",
        ));
        let blamed = blame_config(dir.path(), failed);
        let d = &blamed.0[0];
        assert_eq!(d.file, Path::new("config.toml"));
        assert_eq!((d.line, d.column), (4, 1));
        assert_eq!(d.message, "this entry in config.toml has no `emergency`");
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `emergency` for `emergancy`?")
        );
        // Other errors are left where they were.
        let other = Diagnostics::from(Diagnostic::error(
            "templates/page.html",
            "Variable `x` not found",
        ));
        let kept = blame_config(dir.path(), other);
        assert_eq!(kept.0[0].file, Path::new("templates/page.html"));
    }
}
