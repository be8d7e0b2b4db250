//! Templates' words in the page's language: the `date` filter's month
//! names, `t`, and Zola's `trans()`.

use tera::{Kwargs, State, TeraResult, Value};

use super::Lookup;
use crate::date::Date;

/// `{{ page.date | date }}` → "1 July 2017"; on a Welsh page "1 Gorffennaf
/// 2017": `%B` is the month's name from the page's words (`t`).
pub(super) fn date_filter(value: &str, kwargs: Kwargs, state: &State) -> TeraResult<String> {
    let asked: Option<&str> = kwargs.get("format")?;
    let mut format = asked.unwrap_or(DEFAULT_FORMAT).to_string();
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
            if format == DEFAULT_FORMAT
                && let Some(written) = in_default_format(&date, &name)
            {
                return Ok(written);
            }
            format = format.replace("%B", &name.replace('%', "%%"));
        }
    }
    date.format(&format).map_err(tera::Error::message)
}

/// What the theme writes under every page's title and beside every page
/// in every list: "1 July 2017".
const DEFAULT_FORMAT: &str = "%-d %B %Y";

/// `date` in [`DEFAULT_FORMAT`] with the month called `month`, written
/// directly: `strftime` reads the format again at every call, and lists of
/// pages call it for each entry (so do not `format!`, which cost ten times
/// the pushes below, a per cent of a build). `None` for a year `%Y` would
/// not write as four plain digits, left to `strftime`.
fn in_default_format(date: &Date, month: &str) -> Option<String> {
    let datetime = &date.datetime;
    let year = u16::try_from(datetime.year())
        .ok()
        .filter(|y| (1000..=9999).contains(y))?;
    let day = datetime.day() as u8;
    let mut out = String::with_capacity(month.len() + 8);
    if day >= 10 {
        out.push(char::from(b'0' + day / 10));
    }
    out.push(char::from(b'0' + day % 10));
    out.push(' ');
    out.push_str(month);
    out.push(' ');
    for divisor in [1000, 100, 10, 1] {
        out.push(char::from(b'0' + (year / divisor % 10) as u8));
    }
    Some(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The direct path writes what `strftime` writes, on every day of
    /// several years, with a month name holding a `%`.
    #[test]
    fn the_default_format_is_written_as_strftime_writes_it() {
        let mut checked = 0;
        for year in [1000, 1999, 2004, 2018, 2024, 9999] {
            let days = jiff::civil::date(year, 1, 1).series(jiff::Span::new().days(1));
            for day in days.take_while(|day| day.year() == year) {
                for name in ["July", "Gorffennaf", "100% July"] {
                    let date = Date::parse(&day.to_string()).unwrap();
                    let format = DEFAULT_FORMAT.replace("%B", &name.replace('%', "%%"));
                    let by_strftime = date.format(&format).unwrap();
                    assert_eq!(in_default_format(&date, name).unwrap(), by_strftime);
                    checked += 1;
                }
            }
        }
        assert!(checked > 6 * 365 * 3);
        let early = Date::parse("0999-07-01").unwrap();
        assert_eq!(in_default_format(&early, "July"), None);
    }
}
