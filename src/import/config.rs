//! A Zola site's config.toml (or zola.toml) as a Lamplight one: what the
//! two share is kept, what Lamplight names differently is renamed, and
//! what it has no use for is dropped, each line of the report saying so.

use std::path::Path;

use super::{Report, What};
use crate::config::ZOLA_ONLY;
use crate::diagnostic::{Diagnostic, Result};
use crate::toml_error::key_position;

/// Top-level settings Lamplight reads as Zola does.
const SHARED: &[&str] = &[
    "title",
    "description",
    "base_url",
    "feed_limit",
    "ignored_content",
];

/// `[markdown]` settings Lamplight reads as Zola does.
const SHARED_MARKDOWN: &[&str] = &[
    "highlight_code",
    "smart_punctuation",
    "insert_anchor_links",
    "definition_list",
    "github_alerts",
];

/// The converted settings, and what else the importer must know: the
/// site's languages other than its own and its theme (whose shortcodes
/// are kept).
pub(super) struct Converted {
    pub table: toml::Table,
    pub languages: Vec<String>,
    pub theme: Option<String>,
}

/// Reads `source` (the text of `file`, shown as `shown`) and converts it.
pub(super) fn convert(
    source: &str,
    shown: &Path,
    site_name: &str,
    report: &mut Report,
) -> Result<Converted> {
    let zola: toml::Table = source.parse().map_err(|e: toml::de::Error| {
        let at = e.span().map_or(0, |s| s.start);
        Diagnostic::error(
            shown,
            format!("this is not a TOML file Zola could read: {}", e.message()),
        )
        .at(source, at..at)
        .hint("fix it so that `zola build` reads it, then import again")
    })?;
    let file = shown.display().to_string();
    let line_of = |table: &str, key: &str| {
        let at = key_position(source, 0, table, key);
        crate::diagnostic::line_and_column(source, at).0
    };
    let mut out = toml::Table::new();
    let mut languages = Vec::new();
    let mut theme = None;
    for (key, value) in &zola {
        let line = line_of("", key);
        let mut note = |what, message: String| report.add(what, &file, line, message);
        match key.as_str() {
            k if SHARED.contains(&k) => {
                out.insert(key.clone(), value.clone());
                note(What::Kept, format!("`{key}`"));
            }
            "default_language" => {
                out.insert("language".into(), value.clone());
                note(What::Mapped, "`default_language` → `language`".into());
            }
            "theme" => {
                theme = value.as_str().map(str::to_string);
                note(
                    What::Mapped,
                    format!(
                        "`theme = {value}` → Lamplight's default theme; the theme's shortcodes are kept"
                    ),
                );
            }
            "taxonomies" => {
                out.insert(key.clone(), taxonomies(value, &file, line, report));
            }
            "markdown" => {
                let kept = markdown(value, source, &file, report);
                if !kept.is_empty() {
                    out.insert(key.clone(), kept.into());
                }
            }
            "extra" => {
                out.insert(key.clone(), extra(value, source, &file, report));
            }
            "languages" => {
                languages.extend(other_languages(
                    &zola, value, source, &file, &mut out, report,
                ));
            }
            "translations" => {
                out.insert(key.clone(), value.clone());
                note(
                    What::Kept,
                    "`[translations]`: the theme's words in the site's language".into(),
                );
            }
            _ => note(What::Dropped, dropped(key, "")),
        }
    }
    if !out.contains_key("title") {
        out.insert("title".into(), site_name.into());
        report.add(
            What::Changed,
            &file,
            1,
            format!("no `title`: set to \"{site_name}\", the folder's name"),
        );
    }
    if !out.contains_key("base_url") {
        out.insert("base_url".into(), "https://example.org/".into());
        report.add(
            What::Changed,
            &file,
            1,
            "no `base_url`: set to https://example.org/; change it to the site's address".into(),
        );
    }
    Ok(Converted {
        table: out,
        languages,
        theme,
    })
}

/// Zola's `[languages]` as Lamplight's: the site's own language's
/// settings, which Zola may keep there, moved to the top level; the codes
/// of the others given back.
fn other_languages(
    zola: &toml::Table,
    value: &toml::Value,
    source: &str,
    file: &str,
    out: &mut toml::Table,
    report: &mut Report,
) -> Vec<String> {
    let default = zola
        .get("default_language")
        .and_then(|v| v.as_str())
        .unwrap_or("en");
    let mut others = Vec::new();
    for (code, options) in value.as_table().into_iter().flatten() {
        let at = key_position(source, 0, "languages", code);
        let line = crate::diagnostic::line_and_column(source, at).0;
        let kept = language(options, code, file, line, report);
        if code == default {
            for (key, value) in kept {
                out.entry(key).or_insert(value);
            }
            continue;
        }
        others.push(code.clone());
        let table = out
            .entry("languages")
            .or_insert_with(|| toml::Table::new().into());
        if let Some(table) = table.as_table_mut() {
            table.insert(code.clone(), kept.into());
        }
    }
    others
}

/// One of Zola's `[languages.<code>]`: its title, description and words
/// kept; the rest, which Lamplight does for every language, dropped.
fn language(
    options: &toml::Value,
    code: &str,
    file: &str,
    line: usize,
    report: &mut Report,
) -> toml::Table {
    let mut kept = toml::Table::new();
    for (key, value) in options.as_table().into_iter().flatten() {
        if key == "taxonomies" {
            kept.insert(key.clone(), taxonomies(value, file, line, report));
        } else if ["title", "description", "translations"].contains(&key.as_str()) {
            kept.insert(key.clone(), value.clone());
            report.add(
                What::Kept,
                file,
                line,
                format!("`[languages.{code}] {key}`"),
            );
        } else {
            let why = "every language gets its feed and search as the site's own do";
            report.add(
                What::Dropped,
                file,
                line,
                format!("`[languages.{code}] {key}`: {why}"),
            );
        }
    }
    kept
}

/// Why a setting is dropped: Zola's own word on it where Lamplight has
/// one ([`ZOLA_ONLY`]), or that it is unknown.
fn dropped(key: &str, table: &str) -> String {
    let shown = if table.is_empty() {
        key.to_string()
    } else {
        format!("{table}.{key}")
    };
    match ZOLA_ONLY.iter().find(|(t, k, _)| *t == table && *k == key) {
        Some((_, _, instead)) => format!("`{shown}`: {instead}"),
        None => format!("`{shown}`: not a setting Lamplight knows"),
    }
}

/// `[extra]`, for the shortcodes that read it, but for any key named as
/// one of Lamplight's own settings (a theme's `extra.theme`, say): under
/// `[extra]`, Lamplight takes such a key for a setting misplaced by
/// mistake, and the default theme does not read it.
fn extra(value: &toml::Value, source: &str, file: &str, report: &mut Report) -> toml::Value {
    let own = crate::toml_error::keys_of::<crate::config::Config>();
    let mut kept = value.as_table().cloned().unwrap_or_default();
    kept.retain(|key, _| {
        let zola_only = ZOLA_ONLY.iter().any(|(t, k, _)| t.is_empty() && *k == key);
        let clashes = own.iter().any(|o| o == key) && !zola_only;
        if clashes {
            let at = key_position(source, 0, "extra", key);
            let line = crate::diagnostic::line_and_column(source, at).0;
            let message = format!("`extra.{key}`: Lamplight would take it for its own `{key}` written under [extra] by mistake, and the default theme does not read it");
            report.add(What::Dropped, file, line, message);
        }
        !clashes
    });
    report.add(
        What::Kept,
        file,
        0,
        "`[extra]`, for the shortcodes that read it".into(),
    );
    toml::Value::Table(kept)
}

/// `[markdown]`: the shared settings kept, the rest dropped.
fn markdown(value: &toml::Value, source: &str, file: &str, report: &mut Report) -> toml::Table {
    let mut out = toml::Table::new();
    for (key, value) in value.as_table().into_iter().flatten() {
        let at = key_position(source, 0, "markdown", key);
        let line = crate::diagnostic::line_and_column(source, at).0;
        if SHARED_MARKDOWN.contains(&key.as_str()) {
            out.insert(key.clone(), value.clone());
            report.add(What::Kept, file, line, format!("`markdown.{key}`"));
        } else {
            report.add(What::Dropped, file, line, dropped(key, "markdown"));
        }
    }
    out
}

/// `taxonomies`: each one's name, feed, `render` and `paginate_path` kept, its `paginate_by` kept or,
/// where Zola lists every page on one (none set), made 0, which does the
/// same in Lamplight; the rest dropped.
fn taxonomies(value: &toml::Value, file: &str, line: usize, report: &mut Report) -> toml::Value {
    let mut out = Vec::new();
    for taxonomy in value.as_array().into_iter().flatten() {
        let Some(table) = taxonomy.as_table() else {
            continue;
        };
        let mut kept = toml::Table::new();
        for (key, value) in table {
            match key.as_str() {
                "name" | "feed" | "paginate_by" | "render" | "paginate_path" => {
                    kept.insert(key.clone(), value.clone());
                }
                _ => report.add(What::Dropped, file, line, dropped(key, "taxonomies")),
            }
        }
        kept.entry("paginate_by").or_insert(0.into());
        kept.entry("feed").or_insert(false.into());
        let name = kept
            .get("name")
            .and_then(toml::Value::as_str)
            .unwrap_or("?");
        report.add(What::Kept, file, line, format!("taxonomy `{name}`"));
        out.push(toml::Value::Table(kept));
    }
    toml::Value::Array(out)
}
