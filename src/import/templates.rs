//! A Zola site's templates: its shortcodes are kept, the Tera 1 in them
//! that Tera 2 reads differently translated, and any still unreadable
//! reported at its line; its other templates give way to Lamplight's
//! default theme, and front matter naming one is pointed at the theme's.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::{Report, What, copy_file, files_under, tera1, write_new};
use crate::content::front_matter;
use crate::diagnostic::Result;

/// Writes the site's shortcodes (the theme's, then the site's own over
/// them) into `dest/templates/shortcodes/`, translated, with the
/// templates they import or include (macro files made into component
/// files) in `dest/templates/zola/`; returns their template names. The site's other templates are listed as not moved.
pub(super) fn shortcodes(
    src: &Path,
    theme: Option<&str>,
    dest: &Path,
    report: &mut Report,
) -> Result<Vec<String>> {
    // Every template by name, the site's own over the theme's.
    let mut found: BTreeMap<String, (String, PathBuf)> = BTreeMap::new();
    let theme_dir = theme.map(|t| format!("themes/{t}/templates"));
    for dir in theme_dir.iter().map(String::as_str).chain(["templates"]) {
        for (relative, path) in files_under(&src.join(dir)) {
            let shown = format!("{dir}/{relative}");
            found.insert(relative, (shown, path));
        }
    }
    let names: Vec<String> = found
        .keys()
        .filter(|name| name.starts_with("shortcodes/"))
        .cloned()
        .collect();
    let mut used = Used::default();
    for name in &names {
        let (shown, path) = &found[name];
        let Ok(text) = fs::read_to_string(path) else {
            report.add(What::NotMoved, shown, 0, "not text: left out".into());
            continue;
        };
        let translated = tera1::translate(&text);
        let error = match used.follow(&translated.imports, &found, &names) {
            Err(why) => Some((0, why)),
            Ok(()) => {
                let others = used.with_stand_ins(&names);
                crate::templates::syntax_error(name, &translated.text, &others)
            }
        };
        if let Some((line, message)) = error {
            // A stand-in that shows nothing, so the pages that call it
            // build; the original kept beside the site to finish by hand.
            keep_for_reference(dest, shown, path)?;
            write_new(&dest.join("templates").join(name), STAND_IN)?;
            report.add(What::NotMoved, shown, line, format!(
                "Tera 2 cannot read it ({message}): a stand-in that shows nothing is in templates/{name} until it is rewritten; the original is in {KEPT}/"
            ));
            continue;
        }
        if translated.changed {
            report.add(What::Changed, shown, 0, "Tera 1 written as Tera 2 reads it (tests such as `is starting_with(\"…\")`, macros as components)".into());
        }
        write_new(&dest.join("templates").join(name), &translated.text)?;
        report.add(What::Kept, shown, 0, "shortcode".into());
    }
    for (name, text) in &used.files {
        write_new(&dest.join("templates").join(INCLUDED).join(name), text)?;
        let shown = &found[name].0;
        let message = format!(
            "used by the shortcodes: in templates/{INCLUDED}/{name}, its macros as Tera 2 components"
        );
        report.add(What::Changed, shown, 0, message);
    }
    for (name, (shown, path)) in &found {
        if !name.starts_with("shortcodes/")
            && !used.files.contains_key(name)
            && shown.starts_with("templates/")
        {
            keep_for_reference(dest, shown, path)?;
            let message = format!(
                "the default theme's templates are used instead; kept in {KEPT}/ to refer to"
            );
            report.add(What::NotMoved, shown, 0, message);
        }
    }
    Ok(names)
}

use tera1::INCLUDED;

/// The templates the shortcodes import or include, translated, by their
/// names in the Zola site.
#[derive(Default)]
struct Used {
    files: BTreeMap<String, String>,
}

impl Used {
    /// Translates each of `imports` and what it imports in turn, and adds
    /// them if Tera 2 reads them all; if not, why not: the site does not
    /// have one, or Tera 2 cannot read it even translated.
    fn follow(
        &mut self,
        imports: &[String],
        found: &BTreeMap<String, (String, PathBuf)>,
        shortcodes: &[String],
    ) -> std::result::Result<(), String> {
        let mut new: BTreeMap<String, String> = BTreeMap::new();
        let mut waiting: Vec<String> = imports.to_vec();
        loop {
            while let Some(name) = waiting.pop() {
                if self.files.contains_key(&name) || new.contains_key(&name) {
                    continue;
                }
                let Some((shown, path)) = found.get(&name) else {
                    return Err(format!("it uses `{name}`, which the site does not have"));
                };
                let text = fs::read_to_string(path)
                    .map_err(|e| format!("it uses {shown}, which cannot be read: {e}"))?;
                let translated = tera1::translate(&text);
                waiting.extend(translated.imports);
                new.insert(name, translated.text);
            }
            let all = Used {
                files: self.files.clone().into_iter().chain(new.clone()).collect(),
            };
            let others = all.with_stand_ins(shortcodes);
            let unreadable = new.iter().find_map(|(name, text)| {
                let moved = format!("{INCLUDED}/{name}");
                let error = crate::templates::syntax_error(&moved, text, &others)?;
                Some((name, error))
            });
            let Some((name, (line, message))) = unreadable else {
                self.files = all.files;
                return Ok(());
            };
            // Tera 1 let a template call the macros its includer
            // imported; Tera 2 needs the file that defines them loaded.
            match defining(&message, found).filter(|file| !all.files.contains_key(file)) {
                Some(file) => waiting.push(file),
                None => {
                    let shown = &found[name].0;
                    return Err(format!(
                        "it uses {shown}, which Tera 2 cannot read at line {line}: {message}"
                    ));
                }
            }
        }
    }

    /// These templates with their text, and the shortcodes as empty
    /// stand-ins, for the syntax check.
    fn with_stand_ins(&self, shortcodes: &[String]) -> Vec<(String, String)> {
        let used = self
            .files
            .iter()
            .map(|(name, text)| (format!("{INCLUDED}/{name}"), text.clone()));
        let stand_ins = shortcodes.iter().map(|name| (name.clone(), String::new()));
        used.chain(stand_ins).collect()
    }
}

/// The template that defines the macro an "Unknown component" error
/// names, if the site has one.
fn defining(message: &str, found: &BTreeMap<String, (String, PathBuf)>) -> Option<String> {
    let name = message
        .split("Unknown component `")
        .nth(1)?
        .split('`')
        .next()?;
    let definition = format!("macro {name}(");
    found.iter().find_map(|(file, (_, path))| {
        let text = fs::read_to_string(path).ok()?;
        text.contains(&definition).then(|| file.clone())
    })
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
