//! The theme's own words (the help panel, the quick exit, search, month
//! names) in each of the site's languages, so a Welsh page says "Cael help
//! nawr" rather than "Get help now".
//!
//! Each language's words are read from, in order, each overriding the one
//! before: the theme's `i18n/<code>.toml` (or the file of the code's first
//! part: `en.toml` for `en-GB`), the site's `i18n/<code>.toml`, and
//! config.toml's `translations` (Zola's place for them). A word a language
//! lacks is the site's own language's, and `check` names it.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Result};
use crate::toml_error;
use crate::toml_file;

/// Every language's words, by the code templates know it by (`lang`).
#[derive(Debug, Clone, Default)]
pub struct Strings {
    pub by_language: BTreeMap<String, BTreeMap<String, String>>,
    /// Words a language has no translation of, shown in the site's own
    /// language: by language, the keys.
    pub untranslated: BTreeMap<String, Vec<String>>,
}

type Words = BTreeMap<String, String>;

impl Strings {
    /// Reads the words of the site's language and of each of `[languages]`.
    pub fn load(root: &Path, config: &Config) -> Result<Strings> {
        let theme = root.join("themes").join(&config.theme).join("i18n");
        let site = root.join("i18n");
        let own = words(
            root,
            &[&theme, &site],
            &config.language,
            &config.translations,
        )?;
        let mut strings = Strings::default();
        for (code, options) in &config.languages {
            let mut words = words(root, &[&theme, &site], code, &options.translations)?;
            let missing: Vec<String> = own
                .keys()
                .filter(|key| !words.contains_key(*key))
                .cloned()
                .collect();
            for key in &missing {
                words.insert(key.clone(), own[key].clone());
            }
            if !missing.is_empty() {
                strings.untranslated.insert(code.clone(), missing);
            }
            strings.by_language.insert(code.clone(), words);
        }
        strings.by_language.insert(config.language.clone(), own);
        Ok(strings)
    }

    /// The words of `lang`, or none for a language the site does not have.
    pub fn of(&self, lang: &str) -> Option<&Words> {
        self.by_language.get(lang)
    }
}

/// One language's words from each folder in turn, then `overrides`.
fn words(root: &Path, folders: &[&Path], code: &str, overrides: &Words) -> Result<Words> {
    let mut out = Words::new();
    for folder in folders {
        let primary = code.split('-').next().unwrap_or(code);
        let names = if primary == code {
            vec![code.to_string()]
        } else {
            vec![primary.to_string(), code.to_string()]
        };
        for name in names {
            let path = folder.join(format!("{name}.toml"));
            let (file, read) = toml_file::read::<BTreeMap<String, toml::Value>>(root, &path)?;
            for (key, value) in read.unwrap_or_default() {
                let Some(text) = value.as_str() else {
                    let at = toml_error::key_position(&file.text, 0, "", &key);
                    return Err(
                        Diagnostic::error(&file.shown, format!("`{key}` is not text"))
                            .at(&file.text, at..at + key.len())
                            .hint(format!("write it in quotes: {key} = \"…\""))
                            .into(),
                    );
                };
                out.insert(key, text.to_string());
            }
        }
    }
    out.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(extra: &str) -> Config {
        let source = format!("title = \"T\"\nbase_url = \"https://e.org/\"\n{extra}");
        Config::parse(&source, Path::new("config.toml")).unwrap()
    }

    #[test]
    fn a_language_s_words_come_from_the_theme_then_the_site_then_config() {
        let root = tempfile::tempdir().unwrap();
        let theme = root.path().join("themes/default/i18n");
        std::fs::create_dir_all(&theme).unwrap();
        std::fs::create_dir_all(root.path().join("i18n")).unwrap();
        std::fs::write(
            theme.join("en.toml"),
            "search = \"Search\"\nhelp = \"Get help now\"\nmenu = \"Menu\"\n",
        )
        .unwrap();
        std::fs::write(
            theme.join("cy.toml"),
            "search = \"Chwilio\"\nhelp = \"Help\"\n",
        )
        .unwrap();
        std::fs::write(root.path().join("i18n/cy.toml"), "help = \"Cael help\"\n").unwrap();
        let config = config("[languages.cy.translations]\nhelp = \"Cael help nawr\"\n");
        let strings = Strings::load(root.path(), &config).unwrap();
        let en = strings.of("en-GB").unwrap();
        assert_eq!(en["search"], "Search");
        let cy = strings.of("cy").unwrap();
        assert_eq!(cy["search"], "Chwilio");
        assert_eq!(cy["help"], "Cael help nawr");
        // Not translated: the site's own language's, and named.
        assert_eq!(cy["menu"], "Menu");
        assert_eq!(strings.untranslated["cy"], ["menu"]);
    }

    #[test]
    fn a_word_that_is_not_text_is_an_error_at_its_key() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("i18n")).unwrap();
        std::fs::write(
            root.path().join("i18n/en-GB.toml"),
            "search = \"Search\"\nhelp = 3\n",
        )
        .unwrap();
        let error = Strings::load(root.path(), &config("")).unwrap_err();
        let d = &error.0[0];
        assert_eq!(d.file, Path::new("i18n/en-GB.toml"));
        assert_eq!((d.line, d.column), (2, 1));
        assert_eq!(d.message, "`help` is not text");
    }
}
