//! Tera 1's built-in filters and tests that Tera 2 dropped or renamed,
//! under Tera 1's names, so that shortcodes written for Zola (which runs
//! Tera 1) work unchanged: found in the shortcodes of public Zola sites
//! (`slugify`, `urlencode`, `as_str`, `map`, `json_encode`, `striptags`).

use tera::{Kwargs, State, Tera, TeraResult, Value};

/// Every filter [`register`] adds, for the import's syntax check.
pub const FILTERS: [&str; 15] = [
    "slice",
    "trim_start_matches",
    "trim_end_matches",
    "as_str",
    "linebreaksbr",
    "map",
    "concat",
    "json_encode",
    "urlencode",
    "urlencode_strict",
    "striptags",
    "spaceless",
    "addslashes",
    "slugify",
    "filesizeformat",
];

pub(super) fn register(tera: &mut Tera) {
    tera.register_filter("slice", slice);
    // Tera 1's names for what Tera 2 calls `trim_start` and `trim_end`.
    tera.register_filter(
        "trim_start_matches",
        |text: &str, kwargs: Kwargs, _: &State| {
            let pat: &str = kwargs.must_get("pat")?;
            TeraResult::Ok(text.trim_start_matches(pat).to_string())
        },
    );
    tera.register_filter(
        "trim_end_matches",
        |text: &str, kwargs: Kwargs, _: &State| {
            let pat: &str = kwargs.must_get("pat")?;
            TeraResult::Ok(text.trim_end_matches(pat).to_string())
        },
    );
    // Tera 2's `str` and `newlines_to_br`.
    tera.register_filter("as_str", |value: Value, _: Kwargs, _: &State| {
        format!("{value}")
    });
    tera.register_filter("linebreaksbr", |text: &str, _: Kwargs, _: &State| {
        text.replace("\r\n", "<br>").replace(['\n', '\r'], "<br>")
    });
    tera.register_filter("map", map);
    tera.register_filter("concat", concat);
    tera.register_filter("json_encode", json_encode);
    tera.register_filter("urlencode", |text: &str, _: Kwargs, _: &State| {
        percent_encode(text, b"/")
    });
    tera.register_filter("urlencode_strict", |text: &str, _: Kwargs, _: &State| {
        percent_encode(text, b"")
    });
    tera.register_filter("striptags", |text: &str, _: Kwargs, _: &State| {
        strip_tags(text)
    });
    tera.register_filter("spaceless", |text: &str, _: Kwargs, _: &State| {
        spaceless(text)
    });
    tera.register_filter("addslashes", |text: &str, _: Kwargs, _: &State| {
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\'', "\\'")
    });
    tera.register_filter("slugify", |text: &str, _: Kwargs, _: &State| {
        slug::slugify(text)
    });
    tera.register_filter("filesizeformat", filesizeformat);
    // Tera 1 named a map an object.
    tera.register_test("object", |value: Value, _: Kwargs, _: &State| {
        value.is_map()
    });
}

/// Tera 1's `slice(start=…, end=…)` on a list, which Tera 2 writes
/// `list[start:end]`; a negative index counts from the end.
fn slice(items: &[Value], kwargs: Kwargs, _: &State) -> TeraResult<Vec<Value>> {
    let len = items.len() as i64;
    let at = |index: i64| index.rem_euclid(len.max(1)).min(len) as usize;
    let index = |name: &str, default: i64| -> TeraResult<usize> {
        let given: Option<i64> = kwargs.get(name)?;
        Ok(match given {
            Some(i) if i < 0 => at(i),
            Some(i) => i.min(len) as usize,
            None => default as usize,
        })
    };
    let (start, end) = (index("start", 0)?, index("end", len)?);
    Ok(items
        .get(start..end.max(start))
        .unwrap_or_default()
        .to_vec())
}

/// `pages | map(attribute="title")`: each item's attribute, where it has one.
fn map(items: &[Value], kwargs: Kwargs, _: &State) -> TeraResult<Vec<Value>> {
    let attribute: &str = kwargs.must_get("attribute")?;
    Ok(items
        .iter()
        .filter_map(|item| item.get_from_path(attribute).cloned())
        .filter(|value| !value.is_undefined())
        .collect())
}

/// `list | concat(with=other)`: the list with `other` (a list, or one value) after it.
fn concat(items: &[Value], kwargs: Kwargs, _: &State) -> TeraResult<Vec<Value>> {
    let with: Value = kwargs.must_get("with")?;
    let mut out = items.to_vec();
    match with.as_array() {
        Some(more) => out.extend(more.iter().cloned()),
        None => out.push(with),
    }
    Ok(out)
}

fn json_encode(value: Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let pretty: bool = kwargs.get("pretty")?.unwrap_or(false);
    let encoded = match pretty {
        true => serde_json::to_string_pretty(&value),
        false => serde_json::to_string(&value),
    };
    encoded.map_err(|e| tera::Error::message(format!("json_encode: {e}")))
}

/// Every byte but letters, digits, `-_.~` and those in `keep` as `%XX`.
fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) || keep.contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The text without its tags and comments.
fn strip_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let close = match rest[open..].starts_with("<!--") {
            true => rest[open..].find("-->").map(|i| open + i + 3),
            false => rest[open..].find('>').map(|i| open + i + 1),
        };
        match close {
            Some(close) => rest = &rest[close..],
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The whitespace between one tag and the next taken out.
fn spaceless(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(close) = rest.find('>') {
        out.push_str(&rest[..=close]);
        rest = &rest[close + 1..];
        let trimmed = rest.trim_start();
        if trimmed.starts_with('<') {
            rest = trimmed;
        }
    }
    out.push_str(rest);
    out
}

/// `1234 | filesizeformat` → `1.23 kB`; `binary=true` → `1.21 KiB`.
fn filesizeformat(size: f64, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let binary: bool = kwargs.get("binary")?.unwrap_or(false);
    let (step, units) = match binary {
        true => (1024.0, ["B", "KiB", "MiB", "GiB", "TiB"]),
        false => (1000.0, ["B", "kB", "MB", "GB", "TB"]),
    };
    let mut value = size;
    let mut unit = 0;
    while value.abs() >= step && unit < units.len() - 1 {
        value /= step;
        unit += 1;
    }
    let shown = format!("{value:.2}");
    let shown = shown.trim_end_matches('0').trim_end_matches('.');
    Ok(format!("{shown} {}", units[unit]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> String {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.add_raw_template("t", template).unwrap();
        tera.render("t", &tera::Context::new()).unwrap()
    }

    #[test]
    fn tera_one_filters_give_tera_one_s_results() {
        assert_eq!(
            render("{{ 'a b/c?d=é' | urlencode }}"),
            "a%20b/c%3Fd%3D%C3%A9"
        );
        assert_eq!(render("{{ 'a/b' | urlencode_strict }}"), "a%2Fb");
        assert_eq!(render("{{ 'Canvey Island!' | slugify }}"), "canvey-island");
        assert_eq!(
            render("{{ '<p>Hi <b>there</b><!-- x --></p>' | striptags }}"),
            "Hi there"
        );
        assert_eq!(
            render("{{ '<p>\n  <b>x</b> y\n</p>' | spaceless | safe }}"),
            "<p><b>x</b> y\n</p>"
        );
        assert_eq!(render(r#"{{ "it's" | addslashes | safe }}"#), r"it\'s");
        assert_eq!(render("{{ 1234 | filesizeformat }}"), "1.23 kB");
        assert_eq!(render("{{ 1024 | filesizeformat(binary=true) }}"), "1 KiB");
        assert_eq!(render("{{ 999 | filesizeformat }}"), "999 B");
        assert_eq!(
            render(
                "{{ [{'t': 1}, {'t': 2}, {}] | map(attribute='t') | concat(with=3) | join(sep=',') }}"
            ),
            "1,2,3"
        );
        assert_eq!(
            render("{{ {'a': [1, 'x']} | json_encode | safe }}"),
            r#"{"a":[1,"x"]}"#
        );
        assert_eq!(render("{{ 3 | as_str ~ 'x' }}"), "3x");
        assert_eq!(render("{{ {} is object }} {{ 1 is object }}"), "true false");
    }
}
