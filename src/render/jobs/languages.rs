//! What a page in one of the site's languages gets besides its own value:
//! its language's settings and words, the addresses of its versions in
//! the other languages (`hreflang`), and the language switcher's links.

use super::*;
use crate::content::ItemRef;

/// A language other than the site's own, as templates see it.
pub struct LanguageValues {
    /// `config` with the language's title and description.
    config: Value,
    /// The theme's words in the language: `t`.
    words: Value,
}

impl LanguageValues {
    /// One for each of `[languages]`, by code.
    pub fn all(site: &Inputs) -> HashMap<String, LanguageValues> {
        let config = site.config;
        let values = config.languages.keys().map(|code| {
            let value = LanguageValues {
                config: ser::config_value(&config.for_language(code)),
                words: crate::templates::strings_value(site.lookup.strings.of(code)),
            };
            (code.clone(), value)
        });
        values.collect()
    }
}

impl<'a> Planner<'a> {
    /// The language of the output at `url`: the one whose folder it is in.
    pub(super) fn language_of_url(&self, url: &str) -> Option<&'a str> {
        let path = url.strip_prefix(self.base_path)?;
        let languages = self.site.config.languages.keys();
        languages.map(String::as_str).find(|code| {
            path.strip_prefix(code)
                .is_some_and(|rest| rest.starts_with('/'))
        })
    }

    /// Gives a page in `lang` its language's `lang`, `config` and `t`;
    /// the site's own language's are in every template's global context.
    pub(super) fn insert_language(&self, context: &mut Context, lang: Option<&str>) {
        let Some((code, values)) = lang.and_then(|code| self.languages.get_key_value(code)) else {
            return;
        };
        context.insert("lang", code);
        context.insert_value("config", values.config.clone());
        context.insert_value("t", values.words.clone());
        context.insert("lang_path", &format!("{code}/"));
    }

    /// `translations`, every version of a page or section (itself among
    /// them) for `hreflang` links, when there is more than one; and
    /// `languages`, the switcher's link to each other language: to the
    /// translation, or else to the nearest section above that is in that
    /// language, with a notice in that language saying so.
    pub(super) fn insert_translations(&self, context: &mut Context, item: ItemRef) {
        let config = self.site.config;
        if config.languages.is_empty() {
            return;
        }
        let library = self.site.library;
        let versions = library.translations_of(item);
        if versions.len() > 1 {
            let translations = ser::translations_value(config, library, item);
            context.insert_value("translations", translations);
        }
        let own = item.file().lang.as_deref();
        let links = config
            .every_language()
            .filter(|lang| *lang != own)
            .map(|lang| {
                let code = config.language_code(lang);
                let translated = versions.iter().find(|v| v.file().lang.as_deref() == lang);
                let (url, translated) = match translated {
                    Some(version) => (version.url().to_string(), true),
                    None => (self.nearest_in(item, lang), false),
                };
                let words = self.site.lookup.strings.of(code);
                let word = |key: &str| words.and_then(|w| w.get(key)).cloned().unwrap_or_default();
                let name = word("language_name");
                let name = if name.is_empty() {
                    code.to_string()
                } else {
                    name
                };
                let notice = word("not_translated").replace("{language}", &name);
                ser::map([
                    ("lang", Value::from(code)),
                    ("name", Value::from(name)),
                    ("url", Value::from(url)),
                    ("translated", Value::from(translated)),
                    ("notice", Value::from(notice)),
                ])
            });
        context.insert_value("languages", Value::from(links.collect::<Vec<_>>()));
    }

    /// The address of the nearest section above `item` that is in `lang`,
    /// or of that language's home page.
    fn nearest_in(&self, item: ItemRef, lang: Option<&str>) -> String {
        let library = self.site.library;
        let ancestors = match item {
            ItemRef::Page(page) => page.ancestors.as_slice(),
            ItemRef::Section(section) => section.ancestors.as_slice(),
        };
        for &i in ancestors.iter().rev() {
            let versions = library.translations_of(ItemRef::Section(&library.sections[i]));
            if let Some(version) = versions.iter().find(|v| v.file().lang.as_deref() == lang) {
                return version.url().to_string();
            }
        }
        self.site.config.language_base(lang)
    }
}
