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

    let (message, hint) = if let Some((value, expected)) = parse_unknown(message, "variant") {
        let hint = match did_you_mean(&value, expected.iter().map(String::as_str)) {
            Some(near) => format!(
                "did you mean `{near}`? Allowed values: {}",
                expected.join(", ")
            ),
            None => format!("use one of: {}", expected.join(", ")),
        };
        (
            format!("`{value}` is not an allowed value here in {what}"),
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
