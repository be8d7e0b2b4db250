//! Checks at load that look across files: a setting in config.toml that
//! names a content file must name one that is there, pointed at in
//! config.toml rather than found when a template uses it.

use std::path::Path;

use crate::config::Config;
use crate::content::Library;
use crate::diagnostic::{Diagnostic, Diagnostics, Result};

/// Every `@/` link to a content file in config.toml's `[extra]` (the
/// theme's footer links, say) names a file that exists: a typo there was
/// found only as the theme rendered it, and blamed on the theme's template.
pub(super) fn check_config_links(root: &Path, config: &Config, library: &Library) -> Result<()> {
    fn links<'a>(value: &'a toml::Value, found: &mut Vec<&'a str>) {
        match value {
            toml::Value::String(text) if text.starts_with("@/") => found.push(text),
            toml::Value::Array(items) => items.iter().for_each(|item| links(item, found)),
            toml::Value::Table(table) => table.values().for_each(|item| links(item, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    config
        .extra
        .values()
        .for_each(|value| links(value, &mut found));
    let file = Path::new("config.toml");
    let source = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    let known = || {
        let items = library.items().map(|item| item.file().relative.as_str());
        items.chain(library.failed.iter().map(String::as_str))
    };
    let errors = found
        .into_iter()
        .filter(|link| {
            let relative = link[2..].split('#').next().unwrap_or_default();
            library.url_of(relative).is_none() && !library.failed.iter().any(|f| f == relative)
        })
        .map(|link| {
            let relative = link[2..].split('#').next().unwrap_or_default();
            let quoted = format!("\"{link}\"");
            let at = source.find(&quoted).map_or(0, |i| i + 1);
            let hint = match crate::diagnostic::did_you_mean(relative, known()) {
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
