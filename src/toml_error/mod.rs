//! Turns `toml` parse and deserialise errors into [`Diagnostic`]s with hints.
//!
//! serde reports an unknown key as "unknown field `x`, expected one of `a`, `b`";
//! that wording has been stable since serde 1.0, so we read the key and the
//! valid keys back out of it to suggest the nearest one.

use std::path::Path;

use crate::diagnostic::{Diagnostic, did_you_mean};

mod plain;

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
    } else if message == EMPTY {
        let name = key.trim_start_matches(" for ").trim_matches('`');
        let hint = if name == "title" {
            format!(
                "write it between the quotes, such as `{name} = \"Anti-social behaviour\"`: a title is how readers find and know the page"
            )
        } else {
            format!("write it between the quotes, such as `{name} = \"…\"`: readers are shown it")
        };
        (format!("`{name}` is empty in {what}"), hint)
    } else if let Some((message, hint)) = plain::translate(message, source, span.start) {
        (message, hint)
    } else if let Some(found) = between(message, "invalid type: ", ", expected a boolean") {
        // A yes-or-no setting such as `draft` or `sensitive`: "yes" in
        // quotes is the usual slip, and guessing would hide or expose a page.
        let key = key.trim_start_matches(" for ");
        let name = key.trim_matches('`');
        (
            format!("{key} must be true or false, not {found}"),
            format!("write `{name} = true` or `{name} = false`, without quotes"),
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

/// What serde is told when [`non_empty`] meets `""`, read back in
/// [`diagnostic`] to say it plainly.
const EMPTY: &str = "empty text where some is needed";

/// Deserialises text that must not be empty or only spaces, such as a
/// page's title: `title = ""` would publish a page with no heading and no
/// name in lists and search.
pub fn non_empty<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    if text.trim().is_empty() {
        return Err(serde::de::Error::custom(EMPTY));
    }
    Ok(text)
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

/// The top-level keys a `deny_unknown_fields` struct accepts, but the
/// free-form `extra`, read back from serde's own "unknown field" message,
/// so a list of them never drifts from the struct.
pub fn keys_of<T: serde::de::DeserializeOwned>() -> Vec<String> {
    let mut keys = match toml::from_str::<T>("lamplight_no_such_key = 0") {
        Err(e) => parse_unknown(e.message().trim(), "field").map_or_else(Vec::new, |(_, k)| k),
        Ok(_) => Vec::new(),
    };
    keys.retain(|k| k != "extra");
    keys
}

/// Parses the TOML at `range` of `source` (the whole file) as `T`. A key
/// of the file's top level written below a table gets the error that says
/// so ([`misplaced_error`]); anything else the usual one. `top_level`
/// gives the file's top-level keys, asked for only when there is an error.
pub fn parse<T: serde::de::DeserializeOwned>(
    source: &str,
    range: std::ops::Range<usize>,
    file: &Path,
    what: &str,
    top_level: impl FnOnce() -> Vec<String>,
) -> crate::diagnostic::Result<T> {
    let offset = range.start;
    toml::from_str(&source[range]).map_err(|e| {
        misplaced_error(&e, file, source, offset, &top_level())
            .unwrap_or_else(|| diagnostic(&e, file, source, offset, what))
            .into()
    })
}

/// Refuses the file's own keys written under its free-form `[extra]`
/// table (or one inside it), and near misses of `guarded` there: see
/// [`misplaced_keys`]. `offset` is where the TOML starts in `source`.
pub fn check_extra(
    extra: &toml::Table,
    top_level: &[String],
    guarded: &[&str],
    (file, source, offset): (&Path, &str, usize),
) -> crate::diagnostic::Result<()> {
    let mut found = Vec::new();
    misplaced_keys(extra, "extra", top_level, guarded, &mut found);
    let errors = found
        .iter()
        .map(|m| m.diagnostic(file, source, offset))
        .collect();
    crate::diagnostic::Diagnostics::fail_if_any(errors)
}

/// Keys that mean something to Lamplight written under a table where it does
/// not read them. TOML puts every line after a `[table]` header into that
/// table, so `draft = true` written below `[extra]` is `extra.draft`, and a
/// draft would be published without a word.
///
/// Directly in `table`, any of `top_level` (the keys the file's top level
/// takes) counts; in tables inside it, where themes keep their own
/// settings (`[extra.hero] title = …`), only `guarded` ones: those whose
/// loss hides or exposes a page. Misspellings of `guarded` (`sensitve`)
/// count everywhere.
pub fn misplaced_keys(
    table: &toml::Table,
    within: &str,
    top_level: &[String],
    guarded: &[&str],
    found: &mut Vec<Misplaced>,
) {
    let direct = !within.contains('.');
    for (key, value) in table {
        let meant = if direct && top_level.contains(key) {
            Some(key.as_str())
        } else {
            guarded.iter().find(|g| looks_like(key, g)).copied()
        };
        if let Some(meant) = meant {
            found.push(Misplaced {
                table: within.to_string(),
                key: key.clone(),
                meant: meant.to_string(),
            });
        }
        if let toml::Value::Table(inner) = value {
            let nested = format!("{within}.{key}");
            misplaced_keys(inner, &nested, top_level, guarded, found);
        }
    }
}

/// `key` is `meant`, or one slip of the keyboard from it (two for long
/// words); a short word must also start with the same letter, so `craft`
/// is not taken for `draft`.
fn looks_like(key: &str, meant: &str) -> bool {
    let distance = strsim::damerau_levenshtein(key, meant);
    match meant.len() {
        _ if distance == 0 => true,
        0..=5 => distance == 1 && key.chars().next() == meant.chars().next(),
        _ => distance <= 2,
    }
}

/// When a TOML error is about one of the file's top-level keys written
/// below a `[table]` header (`draft = true` after `[event]`, `current_plan`
/// after `[markdown]`), the error that says so, in place of serde's
/// "unknown key" or "invalid type", whose hints point the wrong way.
pub fn misplaced_error(
    error: &toml::de::Error,
    file: &Path,
    source: &str,
    offset: usize,
    top_level: &[String],
) -> Option<Diagnostic> {
    let message = error.message().trim();
    let span = error.span()?;
    let key = match parse_unknown(message, "field") {
        Some((key, _)) => key,
        None if message.starts_with("invalid type") => {
            key_before(source, offset + span.start)?.to_string()
        }
        None => return None,
    };
    if !top_level.contains(&key) {
        return None;
    }
    let before = &source[offset..(offset + span.start).min(source.len())];
    let header = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|line| line.starts_with('['))?;
    let table = header.trim_matches(|c| c == '[' || c == ']').trim();
    let misplaced = Misplaced {
        table: table.to_string(),
        key: key.clone(),
        meant: key,
    };
    Some(misplaced.diagnostic(file, source, offset))
}

/// One key found by [`misplaced_keys`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misplaced {
    /// The table it is in: `extra`, `extra.help`.
    pub table: String,
    pub key: String,
    /// The top-level key it is, or is a misspelling of.
    pub meant: String,
}

impl Misplaced {
    /// The error, placed at the key's line in `source` (the whole file;
    /// the TOML starts at `offset`).
    pub fn diagnostic(&self, file: &Path, source: &str, offset: usize) -> Diagnostic {
        let Misplaced { table, key, meant } = self;
        let header = format!("[{table}]");
        let (message, hint) = if key == meant {
            (
                format!("`{key}` is under {header}, where Lamplight does not read it"),
                format!(
                    "move the `{key} = …` line above the first [table] line: every line after a [table] header belongs to that table"
                ),
            )
        } else {
            (
                format!(
                    "`{key}` under {header} looks like a misspelling of `{meant}`, which Lamplight reads only above the first [table] line"
                ),
                format!("write `{meant} = …` above the first [table] line, spelt like that"),
            )
        };
        let at = key_position(source, offset, table, key);
        Diagnostic::error(file, message)
            .at(source, at..at + key.len())
            .hint(hint)
    }
}

/// Where `key = …` is written inside `table`: after the table's header if
/// there is one (or as `table.key = …`), else anywhere after `offset`.
pub fn key_position(source: &str, offset: usize, table: &str, key: &str) -> usize {
    let header = format!("[{table}]");
    let dotted = format!("{table}.");
    let from = source[offset..]
        .find(&header)
        .map_or(offset, |i| offset + i);
    let mut position = from;
    for line in source[from..].split_inclusive('\n') {
        let line_start = line.trim_start();
        let trimmed = line_start.strip_prefix(&dotted).unwrap_or(line_start);
        let rest = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")));
        if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
            return position + (line.len() - trimmed.len());
        }
        position += line.len();
    }
    source[from..].find(key).map_or(from, |i| from + i)
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

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Titled {
        #[serde(deserialize_with = "non_empty")]
        title: String,
    }

    #[test]
    fn an_empty_title_is_refused_at_its_value_with_a_fix_that_parses() {
        let source = "title = \"  \"\n";
        let error = toml::from_str::<Titled>(source).unwrap_err();
        let d = diagnostic(&error, Path::new("a.md"), source, 0, "front matter");
        assert_eq!(d.message, "`title` is empty in front matter");
        assert_eq!((d.line, d.column), (1, 9));
        let hint = d.hint.unwrap();
        let fix = hint.split('`').nth(1).unwrap();
        assert!(toml::from_str::<Titled>(fix).is_ok(), "{fix}");
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
