//! The theme's own words (the help panel, the quick exit, search, month
//! names) in each of the site's languages, so a Welsh page says "Cael help
//! nawr" rather than "Get help now".
//!
//! Each language's words are read from, in order, each overriding the one
//! before: the theme's `i18n/<code>.toml` (or the file of the code's first
//! part: `en.toml` for `en-GB`), the built-in default theme's first and then
//! the site's `themes/<theme>/i18n/`; the site's `i18n/<code>.toml`; and
//! config.toml's `translations` (Zola's place for them). A word a language
//! lacks is the site's own language's, and `check` names it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Result};
use crate::theme::Theme;
use crate::toml_error;
use crate::toml_file::{self, DataFile};

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
    pub fn load(root: &Path, config: &Config, theme: &Theme) -> Result<Strings> {
        let mut folders: Vec<PathBuf> = theme.folder("i18n").into_iter().collect();
        folders.push(root.join("i18n"));
        let sources = Sources {
            root,
            theme,
            folders: &folders,
        };
        let own = sources.words(&config.language, &config.translations)?;
        let mut strings = Strings::default();
        for (code, options) in &config.languages {
            let mut words = sources.words(code, &options.translations)?;
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

/// Where a language's words come from, in the order they override.
struct Sources<'a> {
    root: &'a Path,
    /// The built-in default theme's `i18n/`, under the folders'.
    theme: &'a Theme,
    /// The theme's `i18n/` folder on disk, then the site's.
    folders: &'a [PathBuf],
}

impl Sources<'_> {
    /// One language's words: the built-in theme's, each folder's in turn,
    /// then `overrides`.
    fn words(&self, code: &str, overrides: &Words) -> Result<Words> {
        let primary = code.split('-').next().unwrap_or(code);
        let names = if primary == code {
            vec![code.to_string()]
        } else {
            vec![primary.to_string(), code.to_string()]
        };
        let mut out = Words::new();
        for name in &names {
            if let Some(bytes) = self.theme.built_in_file(&format!("i18n/{name}.toml")) {
                let shown = PathBuf::from(format!("(built-in theme) i18n/{name}.toml"));
                let (file, read) = toml_file::parse(shown, crate::theme::text(bytes).to_string())?;
                add(&file, read, &mut out)?;
            }
        }
        for folder in self.folders {
            for name in &names {
                let path = folder.join(format!("{name}.toml"));
                let (file, read) = toml_file::read(self.root, &path)?;
                add(&file, read.unwrap_or_default(), &mut out)?;
            }
        }
        out.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(out)
    }
}

/// Adds one file's words to `out`, refusing a value that is not text.
fn add(file: &DataFile, read: BTreeMap<String, toml::Value>, out: &mut Words) -> Result<()> {
    for (key, value) in read {
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(root: &Path, config: &Config) -> Result<Strings> {
        Strings::load(root, config, &Theme::locate(root, &config.theme)?)
    }

    fn config(extra: &str) -> Config {
        let source = format!("title = \"T\"\nbase_url = \"https://e.org/\"\n{extra}");
        Config::parse(&source, Path::new("config.toml")).unwrap()
    }

    #[test]
    fn a_language_s_words_come_from_the_theme_then_the_site_then_config() {
        let root = tempfile::tempdir().unwrap();
        // Another theme than the default, so no built-in words lie under these.
        let theme = root.path().join("themes/civic/i18n");
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
        let config =
            config("theme = \"civic\"\n[languages.cy.translations]\nhelp = \"Cael help nawr\"\n");
        let strings = load(root.path(), &config).unwrap();
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
    fn without_a_theme_folder_the_built_in_theme_s_words_are_used() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("i18n")).unwrap();
        std::fs::write(
            root.path().join("i18n/cy.toml"),
            "menu = \"Dewislen y safle\"\n",
        )
        .unwrap();
        let strings = load(root.path(), &config("[languages.cy]\n")).unwrap();
        let built_in = |path| crate::theme::text(crate::theme::built_in(path).unwrap());
        let cy: Words = toml::from_str(built_in("i18n/cy.toml")).unwrap();
        assert_eq!(strings.of("cy").unwrap()["search"], cy["search"]);
        assert_eq!(strings.of("cy").unwrap()["menu"], "Dewislen y safle");
        let en: Words = toml::from_str(built_in("i18n/en.toml")).unwrap();
        assert_eq!(strings.of("en-GB").unwrap()["search"], en["search"]);
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
        let error = load(root.path(), &config("")).unwrap_err();
        let d = &error.0[0];
        assert_eq!(d.file, Path::new("i18n/en-GB.toml"));
        assert_eq!((d.line, d.column), (2, 1));
        assert_eq!(d.message, "`help` is not text");
    }
}
