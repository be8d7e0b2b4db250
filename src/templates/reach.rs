//! Which of a page's fields the templates can read from a page other than
//! the one they render.
//!
//! Every list, feed, term page and `get_page` shares one value per page, so
//! whatever that value holds is held for every page at once while the site
//! renders: at 100,000 pages each page's HTML and table of contents were
//! more than a third of the peak, and the value's other fields, most of
//! which lists never show, another fifth (docs/BENCHMARKS.md). Tera does
//! not say what a template will read, so this reads the templates' code
//! itself, and answers yes unless it can be sure: a field is given only
//! to a page's own template when every place any template names it is
//! `page.FIELD`, `section.FIELD` (sections always have theirs),
//! `paginator.FIELD` or `config.FIELD`, or a variable only ever set to one
//! of those, and no template reaches a page's fields another
//! way: a field named in a string (`map(attribute="content")`), a
//! subscript that is not a literal (`p[key]`), a whole page written out
//! (`json_encode`, `items`, `...`), or a `for key, value in` loop over
//! something that may be a page.
//!
//! What it cannot see: a template printing a whole page (`{{ p }}`) or
//! counting its fields sees a page from a list without these two.

use std::collections::HashMap;

use crate::ser::{OwnOnly, PageField};

/// Variables whose fields are never another page's: the page being
/// rendered, a section (whose value has its own of every field), the
/// paginator (whose `previous` and `next` are addresses) and the config
/// (whose `extra` is the site's).
const OWN: [&str; 4] = ["page", "section", "paginator", "config"];

/// Filters and functions that give every field of a map.
const WHOLE: [&str; 6] = ["json_encode", "tojson", "items", "values", "keys", "debug"];

/// Reads `templates` (each one's text) for what [`OwnOnly`] can hold.
pub fn own_only<'a>(templates: impl IntoIterator<Item = &'a str>) -> OwnOnly {
    let tags: Vec<Vec<Token>> = templates.into_iter().flat_map(tags).collect();
    let bindings = bindings(&tags);
    let own = |name: &str| match bindings.get(name) {
        None => OWN.contains(&name),
        Some(bound) => bound
            .iter()
            .all(|to| to.is_some_and(|root| OWN.contains(&root) && !bindings.contains_key(root))),
    };
    let fields = PageField::ALL;
    let mut shared = vec![false; fields.len()];
    for tag in &tags {
        for (at, token) in tag.iter().enumerate() {
            let before = |back: usize| at.checked_sub(back).map(|i| &tag[i]);
            match token {
                Token::Ident(name) if before(1) == Some(&Token::Punct(".")) => {
                    let Some(field) = fields.iter().position(|f| f.name() == *name) else {
                        continue;
                    };
                    let root = match before(2) {
                        Some(Token::Ident(root)) if before(3) != Some(&Token::Punct(".")) => root,
                        _ => "",
                    };
                    if !own(root) {
                        shared[field] = true;
                    }
                }
                Token::Ident(name)
                    if WHOLE.contains(name)
                        && (before(1) == Some(&Token::Punct("|"))
                            || tag.get(at + 1) == Some(&Token::Punct("("))) =>
                {
                    shared.fill(true);
                }
                Token::Punct("...") => shared.fill(true),
                Token::Punct("[") if subscript_is_computed(tag, at) => shared.fill(true),
                Token::Str(_) if names_a_template(before(1), before(2)) => {}
                Token::Str(text) => {
                    for (field, name) in fields.iter().map(|f| f.name()).enumerate() {
                        let rest = text.strip_prefix(name);
                        if rest.is_some_and(|rest| rest.is_empty() || rest.starts_with('.')) {
                            shared[field] = true;
                        }
                    }
                }
                _ => {}
            }
        }
        if loops_over_a_whole_map(tag) {
            shared.fill(true);
        }
    }
    let own_only = fields.iter().zip(&shared).filter(|(_, shared)| !**shared);
    OwnOnly::of(own_only.map(|(field, _)| *field))
}

/// A token of a tag's code. Strings are kept as text, unescaped enough to
/// compare with a field's name; numbers, operators and brackets as
/// punctuation.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token<'a> {
    Ident(&'a str),
    Str(String),
    Number,
    Punct(&'a str),
}

/// Each `{{ … }}` and `{% … %}` tag's tokens; text, comments and `raw`
/// blocks are skipped.
fn tags(text: &str) -> Vec<Vec<Token<'_>>> {
    let mut out = Vec::new();
    let mut rest = text;
    let mut raw = false;
    while let Some(start) = rest.find('{') {
        rest = &rest[start..];
        let close = match rest.as_bytes().get(1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => {
                rest = rest.find("#}").map_or("", |end| &rest[end + 2..]);
                continue;
            }
            _ => {
                rest = &rest[1..];
                continue;
            }
        };
        let (tokens, after) = lex(&rest[2..], close);
        rest = after;
        let is = |word: &str| {
            let skip = usize::from(tokens.first() == Some(&Token::Punct("-")));
            tokens.get(skip) == Some(&Token::Ident(word))
        };
        if raw {
            raw = !is("endraw");
            continue;
        }
        raw = close == "%}" && is("raw");
        out.push(tokens);
    }
    out
}

/// The tokens of code up to `close`, and the text after it.
fn lex<'a>(code: &'a str, close: &str) -> (Vec<Token<'a>>, &'a str) {
    let mut tokens = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if code[i..].starts_with(close) {
            return (tokens, &code[i + close.len()..]);
        }
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let end = code[i..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(code.len(), |n| i + n);
            tokens.push(Token::Ident(&code[i..end]));
            i = end;
        } else if c.is_ascii_digit() {
            // Digits, and a fraction's: `pages.0.content` is three tokens.
            let digits = |from: usize| {
                code[from..]
                    .find(|c: char| !(c.is_ascii_digit() || c == '_'))
                    .map_or(code.len(), |n| from + n)
            };
            let mut end = digits(i);
            if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
                end = digits(end + 1);
            }
            tokens.push(Token::Number);
            i = end;
        } else if matches!(c, b'"' | b'\'' | b'`') {
            let mut text = String::new();
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != c {
                let ch = code[j..].chars().next().expect("in bounds");
                if ch == '\\' {
                    j += 1;
                    if let Some(escaped) = code[j..].chars().next() {
                        text.push(escaped);
                        j += escaped.len_utf8();
                    }
                    continue;
                }
                text.push(ch);
                j += ch.len_utf8();
            }
            tokens.push(Token::Str(text));
            i = j + 1;
        } else {
            if code[i..].starts_with("?.") {
                // Optional chaining reads a field as `.` does.
                tokens.push(Token::Punct("."));
                i += 2;
                continue;
            }
            let len = if code[i..].starts_with("...") {
                3
            } else if ["==", "!=", "<=", ">="]
                .iter()
                .any(|p| code[i..].starts_with(p))
            {
                2
            } else {
                code[i..].chars().next().map_or(1, char::len_utf8)
            };
            tokens.push(Token::Punct(&code[i..i + len]));
            i += len;
        }
    }
    (tokens, "")
}

/// Every variable a template gives a value to, by name: `Some(root)` for
/// a plain `set name = root`, where `root` is a bare variable, and `None`
/// for anything else (a loop's variables, a `set` of anything else, a
/// component's parameters, a keyword argument, which names a variable in
/// what it calls).
fn bindings<'a>(tags: &[Vec<Token<'a>>]) -> HashMap<&'a str, Vec<Option<&'a str>>> {
    let mut bound: HashMap<&str, Vec<Option<&str>>> = HashMap::new();
    for tag in tags {
        let code: Vec<&Token> = tag.iter().filter(|t| **t != Token::Punct("-")).collect();
        let first = code.first().copied();
        if first == Some(&Token::Ident("component")) {
            for token in &code[1..] {
                if let Token::Ident(name) = token {
                    bound.entry(name).or_default().push(None);
                }
            }
            continue;
        }
        let is_set = matches!(first, Some(Token::Ident("set" | "set_global")));
        for (at, token) in code.iter().enumerate() {
            let Token::Ident(name) = token else { continue };
            let next = code.get(at + 1).copied();
            let after_for = matches!(code.get(at.wrapping_sub(1)), Some(Token::Ident("for")))
                || (matches!(code.get(at.wrapping_sub(1)), Some(Token::Punct(",")))
                    && matches!(code.get(at.wrapping_sub(3)), Some(Token::Ident("for"))));
            if after_for {
                bound.entry(name).or_default().push(None);
            } else if is_set && at == 1 {
                let alias = match (next, code.get(3), code.len()) {
                    (Some(Token::Punct("=")), Some(Token::Ident(root)), 4) => Some(*root),
                    _ => None,
                };
                bound.entry(name).or_default().push(alias);
            } else if next == Some(&Token::Punct("=")) {
                bound.entry(name).or_default().push(None);
            }
        }
    }
    bound
}

/// Whether a string after these two tokens is a template's name:
/// `include "content.html"`, `include_cached(template="toc.html")`.
fn names_a_template(before: Option<&Token>, before_that: Option<&Token>) -> bool {
    matches!(before, Some(Token::Ident("include" | "extends" | "import")))
        || (before == Some(&Token::Punct("=")) && before_that == Some(&Token::Ident("template")))
}

/// Words after which a `[` starts an array, not a subscript.
const KEYWORDS: [&str; 8] = ["in", "and", "or", "not", "if", "else", "is", "elif"];

/// Whether the `[` at `at` is a subscript (after a value, not an array's
/// start) by anything but a literal or a slice of numbers: `pages[0]`,
/// `pages[:3]` and `extra["name"]` are literal; `page[key]` is not.
fn subscript_is_computed(tag: &[Token], at: usize) -> bool {
    let after_value = at.checked_sub(1).is_some_and(|i| match tag[i] {
        Token::Ident(word) => !KEYWORDS.contains(&word),
        Token::Punct(p) => matches!(p, "]" | ")"),
        _ => false,
    });
    if !after_value {
        return false;
    }
    for token in &tag[at + 1..] {
        match token {
            Token::Punct("]") => return false,
            Token::Number | Token::Str(_) | Token::Punct(":" | "-") => {}
            _ => return true,
        }
    }
    true
}

/// `{% for key, value in x %}` where `x` may be a whole page: anything but
/// a field of a variable (`page.taxonomies`, `config.extra`).
fn loops_over_a_whole_map(tag: &[Token]) -> bool {
    let code: Vec<&Token> = tag.iter().filter(|t| **t != Token::Punct("-")).collect();
    let [
        Token::Ident("for"),
        _,
        Token::Punct(","),
        _,
        Token::Ident("in"),
        target @ ..,
    ] = &code[..]
    else {
        return false;
    };
    let path = target.iter().enumerate().all(|(i, token)| match i % 2 {
        0 => matches!(token, Token::Ident(_)),
        _ => **token == Token::Punct("."),
    });
    !(path && target.len() >= 3 && target.len() % 2 == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own(templates: &[&str]) -> OwnOnly {
        own_only(templates.iter().copied())
    }

    fn field(name: &str) -> PageField {
        let found = PageField::ALL.iter().find(|f| f.name() == name);
        *found.unwrap_or_else(|| panic!("{name} is a page field"))
    }

    /// The fields `templates` can read from another page, beyond those
    /// every page's shared value has ([`PageField::LISTED`]).
    fn shared(templates: &[&str]) -> Vec<&'static str> {
        let own = own(templates);
        let fields = PageField::ALL.iter().filter(|f| !own.leaves_out(**f));
        let fields = fields.filter(|f| !PageField::LISTED.contains(f));
        fields.map(|f| f.name()).collect()
    }

    const HEAVY: [&str; 2] = ["content", "toc"];

    #[test]
    fn a_page_reading_its_own_fields_keeps_them_to_itself() {
        let page = "{% block content %}{{ page.content | safe }}{% for h in page.toc %}{{ h.title }}{% endfor %}{% endblock content %}";
        let section = "{{ section.content | safe }}{% for p in section.pages %}{{ p.title }} {{ p.summary | safe }}{% endfor %}";
        assert_eq!(shared(&[page, section]), ["summary"]);
        // A variable only ever set to the page or a section is the same.
        let partial =
            "{% if item.toc | length > 1 %}{% for h in item.toc %}{% endfor %}{% endif %}";
        let uses = "{% set item = page %}{% include \"toc.html\" %}{%- set item = section -%}";
        assert_eq!(shared(&[partial, uses]), Vec::<&str>::new());
        // The paginator's `previous` and `next` are addresses, and the
        // config's `extra` the site's; unless the names are set to a page.
        let not_pages = "{{ paginator.previous }}{{ paginator.next }}{{ config.extra.help }}";
        assert_eq!(shared(&[not_pages]), Vec::<&str>::new());
        let set = "{% set paginator = get_page(path=\"a.md\") %}{{ paginator.next.title }}";
        assert_eq!(shared(&[set]), ["next"]);
    }

    #[test]
    fn another_pages_fields_read_in_any_way_are_shared() {
        let cases = [
            (
                "{% for p in section.pages %}{{ p.content | safe }}{% endfor %}",
                "content",
            ),
            (
                "{% for page in section.pages %}{{ page.content | safe }}{% endfor %}",
                "content",
            ),
            ("{{ get_page(path=\"a.md\").toc | length }}", "toc"),
            ("{{ section.pages[0].content }}", "content"),
            (
                "{{ section.pages | map(attribute=\"content\") | join }}",
                "content",
            ),
            (
                "{{ section.pages | map(attribute='toc.0.title') | join }}",
                "toc",
            ),
            ("{{ x.page.content }}", "content"),
            (
                "{% set item = get_page(path=\"a.md\") %}{{ item.toc }}",
                "toc",
            ),
            (
                "{% set item = page %}{% set item = other %}{{ item.content }}",
                "content",
            ),
            (
                "{% set page = section.pages | first %}{{ page.content }}",
                "content",
            ),
            (
                "{% component Card(page) %}{{ page.content }}{% endcomponent Card %}",
                "content",
            ),
            (
                "{{ include_cached(template=\"a.html\", page=p) }}{{ page.toc }}",
                "toc",
            ),
            ("{{ [p.content for p in section.pages] }}", "content"),
            ("{{ section.pages.0.content }}", "content"),
            ("{{ p?.toc }}", "toc"),
            ("{{ section.pages | first | get(key=\"toc\") }}", "toc"),
        ];
        for (template, name) in cases {
            let found = own(&[template]);
            assert!(!found.leaves_out(field(name)), "{template}: {found:?}");
            // Only that one of the two.
            let other = HEAVY.iter().find(|f| **f != name).expect("two");
            assert!(found.leaves_out(field(other)), "{template}: {found:?}");
        }
        let whole = [
            "{{ section.pages | json_encode }}",
            "{{ p[key] }}",
            "{{ p[\"con\" ~ \"tent\"] }}",
            "{% set all = {...p} %}",
            "{% for key, value in p %}{% endfor %}",
            "{% for key, value in section.pages[0] %}{% endfor %}",
            "{{ p | items }}",
            "{{ json_encode(value=p) }}",
        ];
        for template in whole {
            assert_eq!(own(&[template]), OwnOnly::NONE, "{template}");
        }
    }

    #[test]
    fn what_is_not_code_or_not_a_page_is_left_alone() {
        let fine = [
            // Text, comments and raw blocks are not code.
            "<p>the page.content of {{ page.title }}</p>",
            "{# p.content #}{{ page.title }}",
            "{% raw %}{{ p.content }}{% endraw %}{{ page.title }}",
            // A block named content; literal subscripts; a loop over a field.
            "{% block content %}{{ pages[0].title }}{{ pages[:3] | length }}{% endblock content %}",
            "{{ config.extra[\"menu\"] }}{% for name, terms in page.taxonomies %}{% endfor %}",
            "{{ [1, 2][0] }}",
            "{% for n in [1, 2] %}{% endfor %}{% if x in [\"a\"] %}{% endif %}",
            // A taxonomy's `items`, and templates named after the fields.
            "{% for term in tags.items %}{% endfor %}{% include \"content.html\" %}",
            "{{ include_cached(template=\"toc.html\") }}",
        ];
        for template in fine {
            let found = own(&[template]);
            let heavy = HEAVY.map(|name| found.leaves_out(field(name)));
            assert_eq!(heavy, [true, true], "{template}: {found:?}");
        }
    }
}
