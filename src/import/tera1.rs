//! Tera 1, as Zola's templates are written, rewritten as Tera 2 reads it:
//! tests with a bare argument (`is starting_with("/")`), numeric attributes
//! (`list.0`), conditions on attributes that may be missing (Tera 1 read
//! them as false), and macros, which Tera 2 replaced with components.
//!
//! A Tera 1 macro file is imported under a name and its macros called
//! through it: `{% import "macros.html" as m %}` then `{{ m::card(x=1) }}`.
//! A Tera 2 component is known to every template once its file is loaded,
//! and called as an element: `{{ <card x={1}/> }}`. So `import` tags go,
//! their files are listed for the caller to load, `{% macro %}` becomes
//! `{% component %}`, and each call an element with its arguments braced.
//! A template a shortcode includes is moved beside the macro files, and
//! the `include` pointed at it there.

/// Where the templates a shortcode imports or includes go, below
/// `templates/`: a folder of their own, so that none takes the name of a
/// theme template (`partials/footer.html`).
pub const INCLUDED: &str = "zola";

/// A template rewritten, with the templates it imports or includes (as
/// their paths under the Zola site's `templates/`), which the caller moves
/// to [`INCLUDED`].
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Translated {
    pub text: String,
    pub imports: Vec<String>,
    /// Whether anything was rewritten.
    pub changed: bool,
}

/// Tera 1's tests with a bare argument, which Tera 2 names:
/// `is starting_with("/")` → `is starting_with(pat="/")`.
const TESTS: &[(&str, &str, &str)] = &[
    ("starting_with", "starting_with", "pat"),
    ("ending_with", "ending_with", "pat"),
    ("containing", "containing", "pat"),
    ("divisibleby", "divisible_by", "divisor"),
];

/// Every Tera 1 construct Tera 2 reads differently in `text`, rewritten.
pub fn translate(text: &str) -> Translated {
    let mut out = String::with_capacity(text.len());
    let mut imports = Vec::new();
    let mut rest = text;
    // Only inside tags: text around them is the page's, left as it is.
    while let Some(open) = rest.find(['{']) {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let close = match &from[..2.min(from.len())] {
            "{%" => "%}",
            "{{" => "}}",
            "{#" => "#}",
            _ => {
                out.push('{');
                rest = &from[1..];
                continue;
            }
        };
        // A comment's words are prose: an apostrophe in one opens no string.
        let end = match close {
            "#}" => from.find(close).map(|i| i + close.len()),
            _ => tag_end(from, close),
        };
        let Some(end) = end else {
            out.push_str(from);
            rest = "";
            break;
        };
        let tag = &from[..end];
        rest = &from[end..];
        if close == "#}" {
            out.push_str(tag);
            continue;
        }
        if let Some(path) = quoted_after(tag, "import") {
            imports.push(path);
            continue;
        }
        let tag = match quoted_after(tag, "include") {
            Some(path) if !path.starts_with("shortcodes/") => {
                let moved = tag.replacen(&path, &format!("{INCLUDED}/{path}"), 1);
                imports.push(path);
                moved
            }
            _ => tag.to_string(),
        };
        let tag = outside_strings(&tag, numeric_indices);
        let tag = match condition(&tag) {
            true => outside_strings(&tag, optional_attributes),
            false => tag,
        };
        out.push_str(&calls_as_components(&tests_named(&macro_keywords(&tag))));
    }
    out.push_str(rest);
    Translated {
        changed: out != text,
        text: out,
        imports,
    }
}

/// Where the tag that starts `from` ends (after `close`), strings inside
/// it skipped.
fn tag_end(from: &str, close: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in from.char_indices().skip(2) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if from[i..].starts_with(close) => return Some(i + close.len()),
            None => {}
        }
    }
    None
}

/// The words inside a `{% … %}` tag, without its delimiters and `-`s.
fn words(tag: &str) -> Option<&str> {
    let inner = tag.strip_prefix("{%")?.strip_suffix("%}")?;
    Some(inner.trim_start_matches('-').trim_end_matches('-').trim())
}

/// `{% import "macros.html" as m %}`, with `keyword` `import`: `macros.html`.
fn quoted_after(tag: &str, keyword: &str) -> Option<String> {
    let rest = words(tag)?.strip_prefix(keyword)?.trim_start();
    let quote = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let end = rest[1..].find(quote)? + 1;
    Some(rest[1..end].to_string())
}

/// `{% macro x() %}` and `{% endmacro x %}` → `component`, `endcomponent`.
///
/// Tera 2 gives a component's argument the type of its default, so a
/// macro's `label=""` called with `label=none` or a number would stop the
/// render, where Tera 1 took any value: each default becomes `none`, and
/// is set in the body when the argument is none.
fn macro_keywords(tag: &str) -> String {
    let Some(inner) = words(tag) else {
        return tag.to_string();
    };
    let keyword = ["macro ", "endmacro"]
        .into_iter()
        .find(|k| inner.starts_with(k));
    let Some(keyword) = keyword else {
        return tag.to_string();
    };
    let at = tag.find(inner).expect("words are in the tag");
    let renamed = keyword.replace("macro", "component");
    let tag = format!("{}{renamed}{}", &tag[..at], &tag[at + keyword.len()..]);
    if keyword == "endmacro" {
        return tag;
    }
    let Some(open) = tag.find('(') else {
        return tag;
    };
    let Some((parts, close)) = argument_list(&tag[open + 1..]) else {
        return tag;
    };
    let mut names = Vec::new();
    let mut defaults = Vec::new();
    for part in parts {
        match part.split_once('=') {
            Some((name, default)) => {
                names.push(format!("{}=none", name.trim()));
                defaults.push((name.trim(), default.trim()));
            }
            None => names.push(part.trim().to_string()),
        }
    }
    let end = if tag.ends_with("-%}") { " -%}" } else { " %}" };
    let mut out = format!(
        "{}{}{}",
        &tag[..=open],
        names.join(", "),
        &tag[open + 1 + close..]
    );
    for (name, default) in defaults {
        out.push_str(&format!(
            "{{% if {name} is none{end}{{% set {name} = {default}{end}{{% endif{end}"
        ));
    }
    out
}

/// Whether a tag is an `if` or `elif`, whose condition Tera 1 read as
/// false where an attribute is missing and Tera 2 stops at.
fn condition(tag: &str) -> bool {
    words(tag).is_some_and(|w| w.starts_with("if ") || w.starts_with("elif "))
}

/// `rewrite` applied to each stretch of a tag outside its strings.
fn outside_strings(tag: &str, rewrite: fn(&str) -> String) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut code_start = 0;
    let mut quote: Option<(char, usize)> = None;
    for (i, c) in tag.char_indices() {
        match quote {
            Some((q, start)) if c == q => {
                out.push_str(&tag[start..=i]);
                quote = None;
                code_start = i + 1;
            }
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => {
                out.push_str(&rewrite(&tag[code_start..i]));
                quote = Some((c, i));
            }
            None => {}
        }
    }
    match quote {
        Some((_, start)) => out.push_str(&tag[start..]),
        None => out.push_str(&rewrite(&tag[code_start..])),
    }
    out
}

/// Tera 1's `list.0` as Tera 2 writes it: `list[0]`.
fn numeric_indices(code: &str) -> String {
    rewrite_dots(code, |after| {
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let whole = digits > 0 && !after[digits..].starts_with(|c: char| c.is_alphanumeric());
        whole.then(|| (format!("[{}]", &after[..digits]), digits))
    })
}

/// `meta.width` as `meta?.width`: false, as Tera 1 had it, when `meta`
/// is not there, where Tera 2 would stop with an error.
fn optional_attributes(code: &str) -> String {
    rewrite_dots(code, |after| {
        let name = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        name.then(|| ("?.".to_string(), 0))
    })
}

/// Each `.` that follows a name (not a number, not `?.`), replaced by what
/// `rewrite` makes of the text after it, with how much of that it used.
fn rewrite_dots(code: &str, rewrite: impl Fn(&str) -> Option<(String, usize)>) -> String {
    let mut out = String::with_capacity(code.len());
    let mut i = 0;
    while let Some(found) = code[i..].find('.') {
        let dot = i + found;
        out.push_str(&code[i..dot]);
        let word_start = code[..dot]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |p| p + 1);
        let word = &code[word_start..dot];
        let after_name = !word.is_empty() && !word.starts_with(|c: char| c.is_ascii_digit())
            || code[..dot].ends_with([']', ')']);
        match rewrite(&code[dot + 1..]).filter(|_| after_name) {
            Some((with, used)) => {
                out.push_str(&with);
                i = dot + 1 + used;
            }
            None => {
                out.push('.');
                i = dot + 1;
            }
        }
    }
    out.push_str(&code[i..]);
    out
}

/// Tera 1's tests with a bare argument given its name.
fn tests_named(tag: &str) -> String {
    let mut out = tag.to_string();
    for (test, renamed, argument) in TESTS {
        let mut from = 0;
        let written = format!("is {test}(");
        while let Some(found) = out[from..].find(&written) {
            let open = from + found + written.len();
            if named_argument(&out[open..]) {
                from = open;
                continue;
            }
            let start = from + found;
            let named = format!("is {renamed}({argument}=");
            out.replace_range(start..open, &named);
            from = start + named.len();
        }
    }
    out
}

/// Whether an argument list starts with a name and `=` (`pat="/"`),
/// as Tera 2 writes it, rather than a bare value (`"/"`).
fn named_argument(inside: &str) -> bool {
    let inside = inside.trim_start();
    let name_end = inside
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(inside.len());
    let after = inside[name_end..].trim_start();
    name_end > 0
        && !inside.starts_with(|c: char| c.is_ascii_digit())
        && after.starts_with('=')
        && !after.starts_with("==")
}

/// `m::card(title=page.title, n=2)` → `<card title={page.title} n={2}/>`,
/// for every macro call in a tag. A call whose arguments are not all
/// `name=value` is left as it is, for Tera 2 to report.
fn calls_as_components(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len());
    let mut rest = tag;
    while let Some(at) = rest.find("::") {
        let (before, after) = rest.split_at(at);
        let namespace_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let name_len = after[2..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len() - 2);
        let name = &after[2..2 + name_len];
        let call = &after[2 + name_len..];
        let arguments = call
            .strip_prefix('(')
            .and_then(|inside| split_arguments(inside).map(|(args, len)| (args, len + 2)));
        match arguments {
            Some((args, len)) if namespace_start < at && !name.is_empty() => {
                out.push_str(&before[..namespace_start]);
                out.push('<');
                out.push_str(name);
                for (key, value) in args {
                    out.push_str(&format!(" {key}={{{value}}}"));
                }
                out.push_str("/>");
                rest = &call[len..];
            }
            _ => {
                out.push_str(&rest[..at + 2]);
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The arguments of a call or a macro's signature, from just after its
/// `(`, split at the commas between them, and where its `)` is.
fn argument_list(inside: &str) -> Option<(Vec<&str>, usize)> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, c) in inside.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')') if depth == 0 => {
                parts.push(&inside[start..i]);
                parts.retain(|p| !p.trim().is_empty());
                return Some((parts, i));
            }
            (None, ')' | ']' | '}') => depth = depth.checked_sub(1)?,
            (None, ',') if depth == 0 => {
                parts.push(&inside[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    None
}

/// The `name=value` arguments of a call, from just after its `(`, and how
/// far its `)` is; `None` unless every argument is `name=value`.
fn split_arguments(inside: &str) -> Option<(Vec<(&str, &str)>, usize)> {
    let (parts, close) = argument_list(inside)?;
    let args: Option<Vec<(&str, &str)>> = parts
        .into_iter()
        .map(|part| {
            let (key, value) = part.split_once('=')?;
            let key = key.trim();
            let named = !key.is_empty()
                && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !value.starts_with('=');
            named.then(|| (key, value.trim()))
        })
        .collect();
    args.map(|args| (args, close))
}

#[cfg(test)]
mod tests {
    use super::translate;

    #[test]
    fn tera_one_tests_are_given_their_argument_names() {
        let text = |t: &str| translate(t).text;
        assert_eq!(
            text(r#"{% if page.path is starting_with("/blog") %}"#),
            r#"{% if page?.path is starting_with(pat="/blog") %}"#
        );
        assert_eq!(
            text("{% if loop.index is divisibleby(3) %}"),
            "{% if loop?.index is divisible_by(divisor=3) %}"
        );
        let named = r#"{% set y = x is containing(pat="a") %}"#;
        assert_eq!(text(named), named);
        // Outside tags, words are the page's own.
        let prose = "Text that says is starting_with(\"x\") {not a tag}";
        assert_eq!(text(prose), prose);
    }

    #[test]
    fn macros_become_components_and_their_calls_elements() {
        let file = "{% macro card(title, n=2) %}<b>{{ title }}</b>{{ self::badge(n=n) }}{% endmacro card %}\n\
                    {%- macro badge(n) -%}{{ n }}{%- endmacro -%}";
        let got = translate(file);
        assert_eq!(
            got.text,
            "{% component card(title, n=none) %}{% if n is none %}{% set n = 2 %}{% endif %}<b>{{ title }}</b>{{ <badge n={n}/> }}{% endcomponent card %}\n\
             {%- component badge(n) -%}{{ n }}{%- endcomponent -%}"
        );
        assert!(got.changed);
        let shortcode = "{% import \"macros/cards.html\" as cards %}\n\
                         {{ cards::card(title=page.title | upper, n=[1, 2] | length) }}\
                         {% set x = cards::badge(n=\"a, b)\") %}";
        let got = translate(shortcode);
        assert_eq!(got.imports, ["macros/cards.html"]);
        assert_eq!(
            got.text,
            "\n{{ <card title={page.title | upper} n={[1, 2] | length}/> }}\
             {% set x = <badge n={\"a, b)\"}/> %}"
        );
        // An included template is moved out of the theme's way.
        let got = translate("{% include \"partials/button.html\" %}{# it's #}");
        assert_eq!(
            got.text,
            "{% include \"zola/partials/button.html\" %}{# it's #}"
        );
        assert_eq!(got.imports, ["partials/button.html"]);
        // Tera 1's numeric attributes and lenient conditions.
        assert_eq!(
            translate("{% set x = a.0 %}{{ a.10.b }}{{ 1.5 }}").text,
            "{% set x = a[0] %}{{ a[10].b }}{{ 1.5 }}"
        );
        assert_eq!(
            translate("{% if meta.width and page.extra.x is defined %}{{ meta.width }}{% elif 'a.b' %}{% endif %}").text,
            "{% if meta?.width and page?.extra?.x is defined %}{{ meta.width }}{% elif 'a.b' %}{% endif %}"
        );
        // A call Tera 1 itself would refuse is left for Tera 2 to report.
        let positional = "{{ m::card(page.title) }}";
        assert_eq!(translate(positional).text, positional);
        assert!(!translate("{{ a }}").changed);
    }
}
