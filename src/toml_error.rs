//! Turns `toml` parse and deserialise errors into [`Diagnostic`]s with hints.
//!
//! serde reports an unknown key as "unknown field `x`, expected one of `a`, `b`";
//! that wording has been stable since serde 1.0, so we read the key and the
//! valid keys back out of it to suggest the nearest one.

use std::path::Path;

use crate::diagnostic::{Diagnostic, did_you_mean};

/// `source` is the whole file; `offset` is where the TOML starts inside it.
pub fn diagnostic(
    error: &toml::de::Error,
    file: &Path,
    source: &str,
    offset: usize,
    what: &str,
) -> Diagnostic {
    let message = error.message().trim();
    let span = error
        .span()
        .map_or(offset..offset, |s| offset + s.start..offset + s.end);

    let key = error
        .span()
        .and_then(|s| key_before(source, offset + s.start))
        .map(|k| format!(" for `{k}`"))
        .unwrap_or_default();
    let (message, hint) = if let Some((value, expected)) = parse_unknown(message, "variant") {
        let hint = match did_you_mean(&value, expected.iter().map(String::as_str)) {
            Some(near) => format!(
                "did you mean `{near}`? Allowed values: {}",
                expected.join(", ")
            ),
            None => format!("use one of: {}", expected.join(", ")),
        };
        (
            format!("`{value}` is not an allowed value{key} in {what}"),
            hint,
        )
    } else if let Some((key, expected)) = parse_unknown(message, "field") {
        let hint = match did_you_mean(&key, expected.iter().map(String::as_str)) {
            Some(near) => format!(
                "did you mean `{near}`? The keys {what} accepts are: {}",
                expected.join(", ")
            ),
            None if expected.is_empty() => format!("{what} takes no keys here; remove `{key}`"),
            None => format!("remove `{key}`, or use one of: {}", expected.join(", ")),
        };
        (format!("unknown key `{key}` in {what}"), hint)
    } else if let Some(field) = between(message, "missing field `", "`") {
        (
            format!("{what} is missing the required key `{field}`"),
            format!("add a line such as `{field} = \"…\"`"),
        )
    } else if message.contains("date") {
        (
            format!("invalid date in {what}: {message}"),
            "write dates as year-month-day, e.g. 2017-07-01, with a month from 01 to 12 and a day that exists"
                .to_string(),
        )
    } else {
        (
            format!("invalid TOML in {what}: {message}"),
            "strings need double quotes, each setting is `key = value` on its own line, \
             and dates are written 2017-07-01"
                .to_string(),
        )
    };
    Diagnostic::error(file, message).at(source, span).hint(hint)
}

/// The key of the `key = value` line a value at `offset` belongs to.
fn key_before(source: &str, offset: usize) -> Option<&str> {
    let line_start = source.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let before = source[line_start..offset]
        .trim_end()
        .strip_suffix('=')?
        .trim();
    let key = before.rsplit('.').next()?.trim().trim_matches('"');
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    plain.then_some(key)
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown variant …").
fn parse_unknown(message: &str, what: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix(&format!("unknown {what} `"))?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((key.to_string(), expected))
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_serde_unknown_field_messages() {
        let (key, expected) = parse_unknown(
            "unknown field `titel`, expected one of `title`, `date`",
            "field",
        )
        .unwrap();
        assert_eq!(key, "titel");
        assert_eq!(expected, ["title", "date"]);
        let (_, expected) = parse_unknown("unknown field `x`, expected `only`", "field").unwrap();
        assert_eq!(expected, ["only"]);
        let (_, expected) =
            parse_unknown("unknown field `x`, there are no fields", "field").unwrap();
        assert!(expected.is_empty());
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        date: Option<String>,
    }

    #[test]
    fn finds_the_key_a_value_belongs_to() {
        let source = "[[update]]\nstatus = \"on-trak\"\n";
        let at = source.find("\"on").unwrap();
        assert_eq!(key_before(source, at), Some("status"));
        assert_eq!(key_before("a.b = 1", 6), Some("b"));
        assert_eq!(key_before("[x]\n", 3), None);
    }

    #[test]
    fn unknown_key_points_at_the_key_and_suggests_the_nearest() {
        let source = "+++\ntitle = \"A\"\ndaet = \"x\"\n+++\n";
        let toml = &source[4..source.len() - 4];
        let error = toml::from_str::<Sample>(toml).unwrap_err();
        let d = diagnostic(&error, Path::new("a.md"), source, 4, "front matter");
        assert_eq!(d.message, "unknown key `daet` in front matter");
        assert_eq!((d.line, d.column), (3, 1));
        assert!(d.hint.unwrap().starts_with("did you mean `date`?"));
    }
}
