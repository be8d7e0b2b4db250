//! Templates' words in the page's language: the `date` filter's month
//! names, `t`, and Zola's `trans()`.

use tera::{Kwargs, State, TeraResult, Value};

use super::Lookup;
use crate::date::Date;

/// `{{ page.date | date }}` → "1 July 2017"; on a Welsh page "1 Gorffennaf
/// 2017": `%B` is the month's name from the page's words (`t`).
pub(super) fn date_filter(value: &str, kwargs: Kwargs, state: &State) -> TeraResult<String> {
    let mut format: String = kwargs.get("format")?.unwrap_or("%-d %B %Y").to_string();
    let date = Date::parse(value).map_err(tera::Error::message)?;
    if format.contains("%B") {
        let month = MONTHS[date.datetime.month() as usize - 1];
        let words: Option<Value> = state.get("t")?;
        let name = words.as_ref().and_then(|t| {
            t.as_map()?
                .get(&tera::value::Key::from(month))?
                .as_str()
                .map(str::to_string)
        });
        if let Some(name) = name {
            format = format.replace("%B", &name.replace('%', "%%"));
        }
    }
    date.format(&format).map_err(tera::Error::message)
}

/// The keys of the months' names in the theme's words.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// One language's words as a template value: `t.search`.
pub fn strings_value(words: Option<&std::collections::BTreeMap<String, String>>) -> Value {
    let mut map = tera::Map::new();
    for (key, word) in words.into_iter().flatten() {
        map.insert(key.clone().into(), Value::from(word.as_str()));
    }
    Value::from(map)
}

/// Zola's `trans(key="search", lang="cy")`: a word of the theme in a
/// language, the page's own when `lang` is not given.
pub(super) fn trans(lookup: &Lookup, kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    let key: &str = kwargs.must_get("key")?;
    let lang: String = match kwargs.get::<&str>("lang")? {
        Some(lang) => lang.to_string(),
        None => state
            .get("lang")?
            .unwrap_or_else(|| lookup.config.language.clone()),
    };
    let words = lookup.strings.of(&lang).ok_or_else(|| {
        let known: Vec<&String> = lookup.strings.by_language.keys().collect();
        tera::Error::message(format!(
            "trans: the site has no language `{lang}`; it has {known:?}"
        ))
    })?;
    words.get(key).cloned().ok_or_else(|| {
        let near = crate::diagnostic::did_you_mean(key, words.keys().map(String::as_str))
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_default();
        tera::Error::message(format!(
            "trans: there is no word `{key}` in the theme's i18n/{lang}.toml, the site's, or config.toml's translations{near}"
        ))
    })
}
