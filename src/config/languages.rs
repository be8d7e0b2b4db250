//! The site's other languages, in Zola's layout: `[languages.cy]` in
//! config.toml, `page.cy.md` and `_index.cy.md` under `content/`, and the
//! pages published under `/cy/`. Welsh is the case it is proved on:
//! partnerships in Wales publish bilingually under the Welsh Language
//! Standards.

use std::collections::BTreeMap;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

/// One of `[languages]`: what differs for the pages in that language.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageConfig {
    /// The site's name in this language; the site's own if unset.
    pub title: Option<String>,
    pub description: Option<String>,
    /// The theme's words in this language (Zola's `translations`), over
    /// the theme's `i18n/<code>.toml` and the site's.
    pub translations: BTreeMap<String, String>,
    // Zola's, accepted: every language gets its feed and search index.
    #[serde(alias = "generate_feed", skip_serializing)]
    pub generate_feeds: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub feed_filenames: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub build_search_index: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub search: Option<IgnoredAny>,
    /// The taxonomies pages in this language are tagged with, as Zola
    /// has them: their terms are listed under the language's folder
    /// (`/cy/areas/rayleigh/`). Without any, a translation is listed under
    /// its original's terms.
    #[serde(skip_serializing)]
    pub taxonomies: Vec<super::TaxonomyConfig>,
}

/// Whether `code` reads as a language tag as file names carry one
/// (`cy`, `fr`, `pt-BR`): two or three lower-case letters, then any
/// subtags of two to eight letters or digits. `plan.v2.md` and
/// `report.final.md` are not translations.
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|sub| {
            (2..=8).contains(&sub.len()) && sub.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// The language a content file's name gives (`j9.cy.md` → `cy`,
/// `_index.cy.md` → `cy`) and the name without it (`j9.md`); `None` for a
/// name with no language in it.
pub fn split_language(file_name: &str) -> Option<(String, &str)> {
    let stem = file_name.strip_suffix(".md")?;
    let (name, code) = stem.rsplit_once('.')?;
    (!name.is_empty() && is_language_code(code)).then(|| (format!("{name}.md"), code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_a_language_in_them() {
        assert_eq!(split_language("j9.cy.md"), Some(("j9.md".into(), "cy")));
        assert_eq!(
            split_language("_index.cy.md"),
            Some(("_index.md".into(), "cy"))
        );
        assert_eq!(
            split_language("index.pt-BR.md"),
            Some(("index.md".into(), "pt-BR"))
        );
        for plain in [
            "j9.md",
            "plan.v2.md",
            "report.final.md",
            ".cy.md",
            "a.CY.md",
            "a.cy.txt",
        ] {
            assert_eq!(split_language(plain), None, "{plain}");
        }
    }
}
