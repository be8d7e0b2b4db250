//! A Zola site's templates: its shortcodes are kept, the Tera 1 in them
//! that Tera 2 reads differently translated, and any still unreadable
//! reported at its line; its other templates give way to Lamplight's
//! default theme, and front matter naming one is pointed at the theme's.

use std::fs;
use std::path::Path;

use super::{Report, What, copy_file, files_under, write_new};
use crate::content::front_matter;
use crate::diagnostic::Result;

/// Writes the site's shortcodes (the theme's, then the site's own over
/// them) into `dest/templates/shortcodes/`, translated; returns their
/// template names. The site's other templates are listed as not moved.
pub(super) fn shortcodes(
    src: &Path,
    theme: Option<&str>,
    dest: &Path,
    report: &mut Report,
) -> Result<Vec<String>> {
    let mut found: Vec<(String, String, std::path::PathBuf)> = Vec::new();
    let theme_dir = theme.map(|t| format!("themes/{t}/templates"));
    for dir in theme_dir.iter().map(String::as_str).chain(["templates"]) {
        for (relative, path) in files_under(&src.join(dir)) {
            let shown = format!("{dir}/{relative}");
            if !relative.starts_with("shortcodes/") {
                if dir == "templates" {
                    keep_for_reference(dest, &shown, &path)?;
                    let message = format!(
                        "the default theme's templates are used instead; kept in {KEPT}/ to refer to"
                    );
                    report.add(What::NotMoved, &shown, 0, message);
                }
                continue;
            }
            // The site's own replaces the theme's of the same name.
            found.retain(|(name, _, _)| *name != relative);
            found.push((relative, shown, path));
        }
    }
    let mut names = Vec::new();
    let all: Vec<String> = found.iter().map(|(name, _, _)| name.clone()).collect();
    for (name, shown, path) in found {
        let Ok(text) = fs::read_to_string(&path) else {
            report.add(What::NotMoved, &shown, 0, "not text: left out".into());
            continue;
        };
        let translated = translate(&text);
        if translated != text {
            report.add(What::Changed, &shown, 0, "Tera 1 tests (`is starting_with(\"…\")` and the like) written as Tera 2 reads them".into());
        }
        if let Some((line, message)) = crate::templates::syntax_error(&name, &translated, &all) {
            // A stand-in that shows nothing, so the pages that call it
            // build; the original kept beside the site to finish by hand.
            keep_for_reference(dest, &shown, &path)?;
            write_new(&dest.join("templates").join(&name), STAND_IN)?;
            report.add(What::NotMoved, &shown, line, format!(
                "Tera 2 cannot read it ({message}): a stand-in that shows nothing is in templates/{name} until it is rewritten; the original is in {KEPT}/"
            ));
            names.push(name);
            continue;
        }
        write_new(&dest.join("templates").join(&name), &translated)?;
        report.add(What::Kept, &shown, 0, "shortcode".into());
        names.push(name);
    }
    Ok(names)
}

/// Where the templates import could not move are kept, beside the site's
/// own folders, for someone to rewrite them from.
const KEPT: &str = "zola-templates";

/// What a shortcode Tera 2 cannot read becomes until it is rewritten.
const STAND_IN: &str = "{#- Moved from Zola by `lamplight import zola`, which could not translate it: \
see zola-templates/ for the original. Until it is rewritten it shows nothing. -#}\n";

fn keep_for_reference(dest: &Path, shown: &str, path: &Path) -> Result<()> {
    copy_file(path, &dest.join(KEPT).join(shown))
}

/// Tera 1's tests with a bare argument, which Tera 2 names:
/// `is starting_with("/")` → `is starting_with(pat="/")`.
const TESTS: &[(&str, &str)] = &[
    ("starting_with", "pat"),
    ("ending_with", "pat"),
    ("containing", "pat"),
    ("divisibleby", "divisor"),
];

/// The Tera 1 constructs Tera 2 reads differently, rewritten.
pub(super) fn translate(text: &str) -> String {
    let mut out = text.to_string();
    for (test, argument) in TESTS {
        let renamed = if *test == "divisibleby" {
            "divisible_by"
        } else {
            test
        };
        let mut from = 0;
        while let Some(found) = out[from..].find(&format!("is {test}(")) {
            let open = from + found + format!("is {test}(").len();
            if named_argument(&out[open..]) {
                from = open;
                continue;
            }
            let start = from + found;
            out.replace_range(start..open, &format!("is {renamed}({argument}="));
            from = start + format!("is {renamed}({argument}=").len();
        }
    }
    out
}

/// Whether an argument list starts with a name and `=` (`pat="/"`),
/// as Tera 2 writes it, rather than a bare value (`"/"`).
fn named_argument(inside: &str) -> bool {
    let inside = inside.trim_start();
    let name_end = inside
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inside.len());
    let after = inside[name_end..].trim_start();
    name_end > 0
        && !inside.starts_with(|c: char| c.is_ascii_digit())
        && after.starts_with('=')
        && !after.starts_with("==")
}

/// The text of a content file with any `template` or `page_template` that
/// names a template Lamplight does not have taken out, so the default
/// theme's own is used; each one reported at its line.
pub(super) fn point_at_known(
    text: &str,
    shown: &str,
    known: &[String],
    report: &mut Report,
) -> String {
    let Some((start, front_matter)) = front_matter_of(text, shown) else {
        return text.to_string();
    };
    let Ok(table) = front_matter.parse::<toml::Table>() else {
        return text.to_string();
    };
    let mut out = text.to_string();
    for key in ["template", "page_template"] {
        let Some(name) = table.get(key).and_then(toml::Value::as_str) else {
            continue;
        };
        if known.iter().any(|k| k == name) {
            continue;
        }
        let at = start + crate::toml_error::key_position(front_matter, 0, "", key);
        let line_end = out[at..].find('\n').map_or(out.len(), |i| at + i + 1);
        let line = crate::diagnostic::line_and_column(text, at).0;
        out.replace_range(at..line_end, "");
        report.add(
            What::Changed,
            shown,
            line,
            format!("`{key} = \"{name}\"` taken out: Lamplight's default theme has no {name}, so its own is used"),
        );
    }
    out
}

/// The front matter of a content file, for `templates::point_at_known`.
fn front_matter_of<'a>(text: &'a str, shown: &str) -> Option<(usize, &'a str)> {
    let layout = front_matter::split(text, Path::new(shown)).ok()?;
    Some((
        layout.front_matter_start,
        &text[layout.front_matter_start..layout.front_matter_end],
    ))
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn tera_one_tests_are_given_their_argument_names() {
        assert_eq!(
            translate(r#"{% if page.path is starting_with("/blog") %}"#),
            r#"{% if page.path is starting_with(pat="/blog") %}"#
        );
        assert_eq!(
            translate("{% if loop.index is divisibleby(3) %}"),
            "{% if loop.index is divisible_by(divisor=3) %}"
        );
        let named = r#"{% if x is containing(pat="a") %}"#;
        assert_eq!(translate(named), named);
    }
}
