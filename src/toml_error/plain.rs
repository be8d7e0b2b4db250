//! Plain words for the TOML mistakes officers make, in place of the
//! parser's and serde's: "invalid type: string "1", expected i64" means
//! nothing to someone who has never programmed, and its old hint ("strings
//! need double quotes") pointed the wrong way.
//!
//! Each translation says what the value must be and gives the line
//! written the way that works, built from what the officer wrote: a fix
//! that is itself valid TOML, which the tests check for every one.

/// The message and hint for the error `message` (toml's or serde's) about
/// the value at `at` in `source`, when it is a mistake this module knows.
pub(super) fn translate(message: &str, source: &str, at: usize) -> Option<(String, String)> {
    let line = Line::at(source, at)?;
    curly_quotes(&line)
        .or_else(|| set_twice(message, &line))
        .or_else(|| day_month_year(&line))
        .or_else(|| thousands(&line))
        .or_else(|| apostrophe_in_single_quotes(&line))
        .or_else(|| bare_words(message, &line))
        .or_else(|| brackets(message, &line))
        .or_else(|| wrong_type(message, &line))
}

/// The `key = value` line an error is on (or the `[table]` line).
struct Line<'a> {
    /// The whole line, trimmed.
    text: &'a str,
    /// The key before `=`, when the line has one.
    key: Option<&'a str>,
    /// What follows `=`, trimmed, with any comment.
    value: &'a str,
}

impl<'a> Line<'a> {
    fn at(source: &'a str, at: usize) -> Option<Line<'a>> {
        let at = at.min(source.len());
        let start = source.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
        let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
        let text = source[start..end].trim();
        let (key, value) = match text.split_once('=') {
            Some((key, value)) if !text.starts_with('[') => {
                let key = key.trim().trim_matches('"');
                let plain = !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
                (plain.then_some(key), value.trim())
            }
            _ => (None, ""),
        };
        Some(Line { text, key, value })
    }

    /// `key = value`, the fix, when it is valid TOML.
    fn fixed(&self, value: &str) -> Option<String> {
        let line = format!("{} = {value}", self.key?);
        parses(&line).then_some(line)
    }
}

/// Whether `line` is valid TOML on its own.
pub(super) fn parses(line: &str) -> bool {
    line.parse::<toml::Table>().is_ok()
}

/// “Smart” quotes from a word processor: TOML reads only straight ones.
fn curly_quotes(line: &Line) -> Option<(String, String)> {
    const CURLY: [char; 6] = ['“', '”', '‘', '’', '„', '‟'];
    let key = line.key?;
    let first = line.value.find(CURLY)?;
    // An apostrophe inside straight quotes is text, not a mistake.
    if line.value[..first].contains('"') {
        return None;
    }
    let straight = line.value.replace(['“', '”', '„', '‟'], "\"");
    // ‘single’ ones become double quotes too, keeping apostrophes inside.
    let straight = match straight.strip_prefix('‘') {
        Some(rest) => format!("\"{}\"", rest.trim_end().trim_end_matches('’')),
        None => straight,
    };
    let message = format!(
        "`{key}` has curly quotes (“ ”), as a word processor makes them; TOML reads only straight quotes (\")"
    );
    let hint = match line.fixed(&straight) {
        Some(fix) => format!("write `{fix}`, typing the quotes rather than pasting them"),
        None => "type the quotes again as straight double quotes (\"), rather than pasting them"
            .to_string(),
    };
    Some((message, hint))
}

/// A key set a second time in the same table.
fn set_twice(message: &str, line: &Line) -> Option<(String, String)> {
    if !message.contains("duplicate key") {
        return None;
    }
    if line.key.is_none() && line.text.starts_with('[') && !line.text.starts_with("[[") {
        let table = line.text.split(']').next().unwrap_or(line.text);
        let table = format!("{table}]");
        return Some((
            format!("`{table}` is written a second time here"),
            format!(
                "each table is written once: move the settings below this line up under the first `{table}`, then delete this line"
            ),
        ));
    }
    let key = line.key?;
    Some((
        format!("`{key}` is set a second time here"),
        format!(
            "keep one of the two lines that set `{key}`: each setting is written once in its table"
        ),
    ))
}

/// A date written day/month/year, as in the UK: `01/07/2017`.
fn day_month_year(line: &Line) -> Option<(String, String)> {
    let key = line.key?;
    let written = line.value.trim_matches(|c| c == '"' || c == '\'');
    let mut parts = written.split('/');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, most: usize| {
        (!s.is_empty() && s.len() <= most && s.bytes().all(|b| b.is_ascii_digit())).then_some(())
    };
    digits(day, 2)?;
    digits(month, 2)?;
    if parts.next().is_some() || year.len() != 4 {
        return None;
    }
    digits(year, 4)?;
    let message = format!(
        "`{key}` is written day/month/year ({written}); Lamplight reads dates as year-month-day"
    );
    let iso = format!("{year}-{month:0>2}-{day:0>2}");
    let hint = match jiff::civil::Date::strptime("%Y-%m-%d", &iso) {
        Ok(date) => {
            let fix = line.fixed(&iso)?;
            format!("write `{fix}` for {}", date.strftime("%-d %B %Y"))
        }
        Err(_) => format!(
            "{written} is not a date that exists: write it as year-month-day, such as `{key} = 2017-07-01`"
        ),
    };
    Some((message, hint))
}

/// A number written with thousands separators (`5,000`) or a pound sign:
/// TOML reads the comma as the end of the value.
fn thousands(line: &Line) -> Option<(String, String)> {
    let key = line.key?;
    let value = line.value.split('#').next()?.trim();
    let number = value.strip_prefix('£').unwrap_or(value);
    let mut groups = number.split(',');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (last, whole) = match rest.split_last() {
        Some((last, whole)) => (*last, whole),
        None if number.len() < value.len() && digits(first) => (first, &[][..]),
        None => return None,
    };
    let (last, pence) = last.split_once('.').unwrap_or((last, ""));
    let grouped = digits(first)
        && first.len() <= 3
        && whole
            .iter()
            .chain([&last])
            .all(|g| g.len() == 3 && digits(g))
        && (pence.is_empty() || digits(pence));
    if !grouped && !rest.is_empty() {
        return None;
    }
    let plain = number.replace(',', "");
    let fix = line.fixed(&plain)?;
    let what = match (rest.is_empty(), value.starts_with('£')) {
        (true, _) => "a pound sign",
        (false, true) => "a pound sign and commas",
        (false, false) => "commas",
    };
    Some((
        format!("`{key}` is written with {what}, which TOML does not read in a number"),
        format!("write `{fix}`: the number alone"),
    ))
}

/// `title = 'It's ours'`: text in single quotes ends at its first
/// apostrophe.
fn apostrophe_in_single_quotes(line: &Line) -> Option<(String, String)> {
    let key = line.key?;
    let inner = line.value.strip_prefix('\'')?.strip_suffix('\'')?;
    if !inner.contains('\'') || inner.contains('"') {
        return None;
    }
    let fix = line.fixed(&format!("\"{inner}\""))?;
    Some((
        format!(
            "`{key}` is in single quotes and has an apostrophe, where TOML takes the text to end"
        ),
        format!("write `{fix}`, in double quotes"),
    ))
}

/// A value written without quotes: `draft = yes`, `title = Hello`.
fn bare_words(message: &str, line: &Line) -> Option<(String, String)> {
    if !message.contains("must be quoted") {
        return None;
    }
    let key = line.key?;
    let value = line.value.split('#').next()?.trim();
    let yes_or_no = ["yes", "no", "y", "n", "on", "off"];
    if yes_or_no.contains(&value.to_ascii_lowercase().as_str())
        || value.eq_ignore_ascii_case("true")
        || value.eq_ignore_ascii_case("false")
    {
        let (yes, no) = (line.fixed("true")?, line.fixed("false")?);
        return Some((
            format!("`{key}` is written `{value}`: yes-or-no settings are written true or false"),
            format!("write `{yes}` or `{no}`, in lower case and without quotes"),
        ));
    }
    let fix = line.fixed(&format!("\"{}\"", value.replace('"', "")))?;
    Some((
        format!("`{key}` needs its text in double quotes"),
        format!("write `{fix}`"),
    ))
}

/// `[plan]` where a list of tables, `[[plan]]`, was meant, or the other way.
fn brackets(message: &str, line: &Line) -> Option<(String, String)> {
    let (found, expected) = invalid_type(message)?;
    let header = line.text.split('#').next()?.trim();
    let name = header
        .trim_start_matches('[')
        .trim_end_matches(']')
        .trim()
        .to_string();
    let double = header.starts_with("[[");
    if found == "map" && expected.contains("sequence") && header.starts_with('[') && !double {
        let fix = format!("[[{name}]]");
        return parses(&fix).then(|| {
            (
                format!("`[{name}]` must be written with two square brackets on each side: there can be several"),
                format!(
                    "write `{fix}` on this line, and on the line that starts each one after it"
                ),
            )
        });
    }
    // A list of tables given to a single table is read as a list whose
    // items fill its fields in order: serde then meets a table (`map`)
    // where the first field's value should be.
    if matches!(found, "sequence" | "map") && !expected.contains("sequence") && double {
        let fix = format!("[{name}]");
        return parses(&fix).then(|| {
            (
                format!("`[[{name}]]` must be written with one square bracket on each side: there is only one"),
                format!("write `{fix}`, once"),
            )
        });
    }
    None
}

/// A value of the wrong kind: text where a number is wanted, a number
/// where text is.
fn wrong_type(message: &str, line: &Line) -> Option<(String, String)> {
    let (found, expected) = invalid_type(message)?;
    let key = line.key?;
    let quoted = found
        .strip_prefix("string \"")
        .and_then(|s| s.strip_suffix('"'));
    let whole = matches!(
        expected,
        "i8" | "i16" | "i32" | "i64" | "isize" | "u8" | "u16" | "u32" | "u64" | "usize"
    ) || expected.contains("integer");
    let number = whole || matches!(expected, "f32" | "f64") || expected.contains("number");
    if number {
        let kind = if whole { "a whole number" } else { "a number" };
        let example = if whole { "1" } else { "1.5" };
        let (why, fix) = match quoted {
            Some(text) => {
                let bare = text.trim().trim_start_matches('£').replace(',', "");
                let usable = if whole {
                    bare.parse::<i64>().is_ok()
                } else {
                    bare.parse::<f64>().is_ok()
                };
                let value = if usable { bare } else { example.to_string() };
                (", not text in quotes", line.fixed(&value)?)
            }
            None => match found.strip_prefix("floating point `") {
                Some(float) if whole => {
                    let rounded = float.trim_end_matches('`').parse::<f64>().ok()?.round();
                    ("", line.fixed(&format!("{rounded}"))?)
                }
                _ => ("", line.fixed(example)?),
            },
        };
        let quotes = if quoted.is_some() {
            ", without quotes"
        } else {
            ""
        };
        return Some((
            format!("`{key}` must be {kind}{why}"),
            format!("write `{fix}`{quotes}"),
        ));
    }
    if expected == "a string" {
        let raw = line.value.split('#').next()?.trim();
        let fix = line.fixed(&format!("\"{}\"", raw.replace('"', "")))?;
        return Some((
            format!("`{key}` must be text in double quotes"),
            format!("write `{fix}`"),
        ));
    }
    if expected.contains("sequence") {
        let item = match quoted {
            Some(text) => format!("\"{text}\""),
            None => line.value.split('#').next()?.trim().to_string(),
        };
        let fix = line.fixed(&format!("[{item}]"))?;
        return Some((
            format!("`{key}` must be a list in square brackets, even of one"),
            format!("write `{fix}`, with a comma between items"),
        ));
    }
    None
}

/// serde's "invalid type: string \"1\", expected i64" as `(found, expected)`.
fn invalid_type(message: &str) -> Option<(&str, &str)> {
    let found = super::between(message, "invalid type: ", ", expected")?;
    let expected = message.split(", expected ").nth(1)?.trim();
    Some((found, expected))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde::Deserialize;

    use crate::date::Date;

    /// Keys of each kind a site's TOML has.
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: Option<String>,
        weight: Option<i64>,
        amount: Option<u64>,
        share: Option<f64>,
        date: Option<Date>,
        #[serde(default)]
        aliases: Vec<String>,
        #[serde(default)]
        action: Vec<Item>,
        lead: Option<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Item {
        name: String,
    }

    /// The message and hint for `source`'s mistake, read as `T`; each fix
    /// the hint gives (between backticks) put in place of the line the
    /// error is on must then be read as `T` without error.
    fn explain_as<T: serde::de::DeserializeOwned + std::fmt::Debug>(
        source: &str,
        fixes: usize,
    ) -> (String, String) {
        let error = toml::from_str::<T>(source).expect_err("a mistake");
        let d = super::super::diagnostic(&error, Path::new("data/x.toml"), source, 0, "x");
        let hint = d.hint.clone().expect("a hint");
        let broken = source.lines().nth(d.line - 1).unwrap();
        let given: Vec<&str> = hint.split('`').skip(1).step_by(2).take(fixes).collect();
        assert_eq!(given.len(), fixes, "no fix in {hint:?}");
        for fix in given {
            let fixed = source.replacen(broken, fix, 1);
            if let Err(e) = toml::from_str::<T>(&fixed) {
                panic!("the fix {fix:?} does not work:\n{fixed}\n{e}");
            }
        }
        (d.message, hint)
    }

    fn explain(source: &str) -> (String, String) {
        explain_as::<Sample>(source, 1)
    }

    #[test]
    fn a_number_in_quotes() {
        let (message, hint) = explain("weight = \"1\"\n");
        assert_eq!(
            message,
            "`weight` must be a whole number, not text in quotes"
        );
        assert_eq!(hint, "write `weight = 1`, without quotes");
        let (message, hint) = explain("share = \"0.25\"\n");
        assert_eq!(message, "`share` must be a number, not text in quotes");
        assert_eq!(hint, "write `share = 0.25`, without quotes");
        let (_, hint) = explain("amount = \"£5,000\"\n");
        assert_eq!(hint, "write `amount = 5000`, without quotes");
    }

    #[test]
    fn a_fraction_where_a_whole_number_is_wanted() {
        let (message, hint) = explain("weight = 2.5\n");
        assert_eq!(message, "`weight` must be a whole number");
        assert_eq!(hint, "write `weight = 3`");
    }

    #[test]
    fn curly_quotes_from_a_word_processor() {
        let (message, hint) = explain("title = “Our priorities”\n");
        assert!(message.starts_with("`title` has curly quotes"), "{message}");
        assert_eq!(
            hint,
            "write `title = \"Our priorities\"`, typing the quotes rather than pasting them"
        );
        let (_, hint) = explain("title = ‘Don’t wait’\n");
        assert!(hint.starts_with("write `title = \"Don’t wait\"`"), "{hint}");
    }

    #[test]
    fn a_date_written_day_month_year() {
        let (message, hint) = explain("date = 01/07/2017\n");
        assert_eq!(
            message,
            "`date` is written day/month/year (01/07/2017); Lamplight reads dates as year-month-day"
        );
        assert_eq!(hint, "write `date = 2017-07-01` for 1 July 2017");
        let (_, hint) = explain("date = \"1/7/2017\"\n");
        assert_eq!(hint, "write `date = 2017-07-01` for 1 July 2017");
        let (_, hint) = explain("date = 31/02/2017\n");
        assert!(
            hint.starts_with("31/02/2017 is not a date that exists"),
            "{hint}"
        );
    }

    #[test]
    fn thousands_separators_and_pound_signs() {
        let (message, hint) = explain("amount = 5,000\n");
        assert_eq!(
            message,
            "`amount` is written with commas, which TOML does not read in a number"
        );
        assert_eq!(hint, "write `amount = 5000`: the number alone");
        let (message, _) = explain("amount = £12,500\n");
        assert!(message.contains("a pound sign and commas"), "{message}");
        let (_, hint) = explain("amount = £700\n");
        assert_eq!(hint, "write `amount = 700`: the number alone");
    }

    #[test]
    fn one_bracket_where_two_were_meant_and_the_other_way() {
        let (message, hint) = explain("[action]\nname = \"Patrols\"\n");
        assert_eq!(
            message,
            "`[action]` must be written with two square brackets on each side: there can be several"
        );
        assert!(
            hint.starts_with("write `[[action]]` on this line"),
            "{hint}"
        );
        let (message, hint) = explain("[[lead]]\nname = \"Police\"\n");
        assert!(
            message.starts_with("`[[lead]]` must be written with one"),
            "{message}"
        );
        assert_eq!(hint, "write `[lead]`, once");
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Flags {
        title: Option<String>,
        draft: Option<bool>,
    }

    #[test]
    fn words_without_quotes() {
        let (message, hint) = explain_as::<Flags>("draft = yes\n", 2);
        assert_eq!(
            message,
            "`draft` is written `yes`: yes-or-no settings are written true or false"
        );
        assert_eq!(
            hint,
            "write `draft = true` or `draft = false`, in lower case and without quotes"
        );
        let (message, hint) = explain_as::<Flags>("title = Our partners\n", 1);
        assert_eq!(message, "`title` needs its text in double quotes");
        assert_eq!(hint, "write `title = \"Our partners\"`");
    }

    #[test]
    fn an_apostrophe_inside_single_quotes() {
        let (message, hint) = explain_as::<Flags>("title = 'It's ours'\n", 1);
        assert!(message.contains("has an apostrophe"), "{message}");
        assert_eq!(hint, "write `title = \"It's ours\"`, in double quotes");
    }

    #[test]
    fn a_key_set_twice() {
        let source = "title = \"A\"\nweight = 1\ntitle = \"B\"\n";
        let error = toml::from_str::<Sample>(source).unwrap_err();
        let d = super::super::diagnostic(&error, Path::new("x.toml"), source, 0, "x");
        assert_eq!(d.message, "`title` is set a second time here");
        assert_eq!(d.line, 3);
        assert!(d.hint.unwrap().starts_with("keep one of the two lines"));
    }

    #[test]
    fn a_table_written_twice() {
        let source = "[languages.cy]\ntitle = \"A\"\n\n[languages.cy]\ntitle = \"B\"\n";
        let error = toml::from_str::<toml::Table>(source).unwrap_err();
        let d = super::super::diagnostic(&error, Path::new("config.toml"), source, 0, "x");
        assert_eq!(d.message, "`[languages.cy]` is written a second time here");
        assert_eq!(d.line, 4);
        assert!(d.hint.unwrap().starts_with("each table is written once"));
    }

    #[test]
    fn text_and_lists_of_the_wrong_kind() {
        let (message, hint) = explain("title = 2017\n");
        assert_eq!(message, "`title` must be text in double quotes");
        assert_eq!(hint, "write `title = \"2017\"`");
        let (message, hint) = explain("aliases = \"/asb/\"\n");
        assert_eq!(
            message,
            "`aliases` must be a list in square brackets, even of one"
        );
        assert_eq!(
            hint,
            "write `aliases = [\"/asb/\"]`, with a comma between items"
        );
    }
}
