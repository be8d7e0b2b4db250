//! Shortcodes: `{{ scheme_card(id="j9") }}` in Markdown, rendered by the
//! template `shortcodes/scheme_card.html` with `id` in its context.
//!
//! Each call is swapped for a placeholder word before the Markdown is parsed,
//! and the placeholder for the rendered HTML afterwards, so Markdown never
//! sees (or mangles) the HTML. Calls inside code spans and code blocks are
//! left as written: that is how the officers' guide shows them.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    String(String),
    Integer(i64),
    Float(f64),
    Bool(bool),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<(String, Arg)>,
    /// Byte range of the whole `{{ … }}` in the Markdown body.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
}

const HINT: &str = "a shortcode is written {{ name(key=\"value\", other=2) }}";

/// Finds every shortcode call outside code.
pub fn find(body: &str) -> Result<Vec<Call>, Vec<SyntaxError>> {
    if !body.contains("{{") {
        return Ok(Vec::new());
    }
    let code = code_ranges(body);
    let mut calls = Vec::new();
    let mut errors = Vec::new();
    let mut from = 0;
    while let Some(found) = body[from..].find("{{") {
        let start = from + found;
        from = start + 2;
        if code.iter().any(|r| r.contains(&start)) {
            continue;
        }
        match parse_call(body, start) {
            Parsed::NotAShortcode => {}
            Parsed::Call(call) => {
                from = call.span.end;
                calls.push(call);
            }
            Parsed::Error(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(calls)
    } else {
        Err(errors)
    }
}

/// The word that stands in for call `index` while Markdown is rendered.
pub fn placeholder(index: usize) -> String {
    format!("LAMPLIGHTSHORTCODE{index}X")
}

/// `body` with each call replaced by its placeholder.
pub fn replace(body: &str, calls: &[Call]) -> String {
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for (i, call) in calls.iter().enumerate() {
        out.push_str(&body[at..call.span.start]);
        out.push_str(&placeholder(i));
        at = call.span.end;
    }
    out.push_str(&body[at..]);
    out
}

/// Maps an offset in the replaced body back to the original body.
pub fn original_offset(offset: usize, calls: &[Call]) -> usize {
    let mut shift: isize = 0;
    for (i, call) in calls.iter().enumerate() {
        let start = (call.span.start as isize + shift) as usize;
        if offset < start {
            break;
        }
        let width = placeholder(i).len();
        if offset < start + width {
            return call.span.start;
        }
        shift += width as isize - call.span.len() as isize;
    }
    (offset as isize - shift) as usize
}

/// Puts the rendered HTML where the placeholders are. A call alone in its
/// paragraph replaces the paragraph, so block HTML is not wrapped in `<p>`.
pub fn restore(html: &str, rendered: &[String]) -> String {
    let mut out = html.to_string();
    for (i, replacement) in rendered.iter().enumerate().rev() {
        let word = placeholder(i);
        let paragraph = format!("<p>{word}</p>");
        out = if out.contains(&paragraph) {
            out.replace(&paragraph, replacement.trim_end())
        } else {
            out.replace(&word, replacement.trim())
        };
    }
    out
}

fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block_start = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Code(_) => ranges.push(range),
            Event::Start(Tag::CodeBlock(_)) => block_start = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = block_start.take() {
                    ranges.push(start..range.end);
                }
            }
            _ => {}
        }
    }
    ranges
}

enum Parsed {
    NotAShortcode,
    Call(Call),
    Error(SyntaxError),
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        &self.text[self.at..]
    }

    fn skip_space(&mut self) {
        let trimmed = self.rest().trim_start();
        self.at = self.text.len() - trimmed.len();
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    fn identifier(&mut self) -> Option<String> {
        let rest = self.rest();
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let word = rest[..end].to_string();
        if word.is_empty() || word.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        self.at += end;
        Some(word)
    }

    fn value(&mut self) -> Result<Arg, String> {
        let rest = self.rest();
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let mut value = String::new();
            let mut chars = rest.char_indices().skip(1);
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, escaped)) => value.push(escaped),
                        None => break,
                    },
                    c if c == quote => {
                        self.at += i + 1;
                        return Ok(Arg::String(value));
                    }
                    c => value.push(c),
                }
            }
            return Err(format!("this text is missing its closing {quote}"));
        }
        let end = rest
            .find(|c: char| c == ',' || c == ')' || c.is_whitespace())
            .unwrap_or(rest.len());
        let word = &rest[..end];
        let arg = match word {
            "true" => Arg::Bool(true),
            "false" => Arg::Bool(false),
            _ => {
                if let Ok(i) = word.parse() {
                    Arg::Integer(i)
                } else if let Ok(f) = word.parse() {
                    Arg::Float(f)
                } else {
                    return Err(format!(
                        "`{word}` is not a value: put text in double quotes, such as \"{word}\""
                    ));
                }
            }
        };
        self.at += end;
        Ok(arg)
    }
}

fn parse_call(body: &str, start: usize) -> Parsed {
    let mut cursor = Cursor {
        text: body,
        at: start + 2,
    };
    cursor.skip_space();
    let Some(name) = cursor.identifier() else {
        return Parsed::NotAShortcode;
    };
    if !cursor.eat("(") {
        return Parsed::NotAShortcode;
    }
    let fail = |cursor: &Cursor, message: String| {
        let end = body[cursor.at..]
            .find("}}")
            .map_or(cursor.at, |i| cursor.at + i + 2);
        Parsed::Error(SyntaxError {
            span: start..end.max(cursor.at),
            message: format!("{message}; {HINT}"),
        })
    };
    let mut args = Vec::new();
    loop {
        cursor.skip_space();
        if cursor.eat(")") {
            break;
        }
        let Some(key) = cursor.identifier() else {
            return fail(
                &cursor,
                format!("expected an argument name or `)` in shortcode `{name}`"),
            );
        };
        cursor.skip_space();
        if !cursor.eat("=") {
            return fail(
                &cursor,
                format!("expected `=` after `{key}` in shortcode `{name}`"),
            );
        }
        cursor.skip_space();
        match cursor.value() {
            Ok(value) => args.push((key, value)),
            Err(message) => return fail(&cursor, message),
        }
        cursor.skip_space();
        if cursor.eat(")") {
            break;
        }
        if !cursor.eat(",") {
            return fail(
                &cursor,
                format!("expected `,` or `)` in shortcode `{name}`"),
            );
        }
    }
    cursor.skip_space();
    if !cursor.eat("}}") {
        return fail(
            &cursor,
            format!("shortcode `{name}` is not closed with `}}}}`"),
        );
    }
    Parsed::Call(Call {
        name,
        args,
        span: start..cursor.at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_calls_with_their_arguments() {
        let body = "Intro\n\n{{ scheme_card(id=\"j9\") }}\n\nSee {{ actions(priority='asb', year=\"2017/18\", limit=3, open=true) }} too.\n";
        let calls = find(body).unwrap();
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].name, "scheme_card");
        assert_eq!(
            calls[0].args,
            vec![("id".to_string(), Arg::String("j9".into()))]
        );
        assert_eq!(&body[calls[0].span.clone()], "{{ scheme_card(id=\"j9\") }}");
        assert_eq!(calls[1].args[2], ("limit".to_string(), Arg::Integer(3)));
        assert_eq!(calls[1].args[3], ("open".to_string(), Arg::Bool(true)));
        assert!(find("{{ help_panel() }}").unwrap()[0].args.is_empty());
    }

    #[test]
    fn calls_in_code_and_plain_braces_are_left_alone() {
        let body = "`{{ a() }}`\n\n```\n{{ b() }}\n```\n\nTemplates say {{ page.title }}.\n";
        assert!(find(body).unwrap().is_empty());
    }

    #[test]
    fn malformed_calls_are_errors_at_the_call() {
        let body = "x {{ scheme_card(id=j9) }} y";
        let errors = find(body).unwrap_err();
        assert_eq!(errors[0].span, 2..26);
        assert!(
            errors[0].message.contains("put text in double quotes"),
            "{:?}",
            errors[0]
        );
        let errors = find("{{ a(id=\"x\" }}").unwrap_err();
        assert!(errors[0].message.contains("expected `,` or `)`"));
        let errors = find("{{ a(id=\"x) }}").unwrap_err();
        assert!(errors[0].message.contains("closing \""));
    }

    #[test]
    fn placeholders_round_trip_and_offsets_map_back() {
        let body = "A {{ x() }} B {{ y(a=1) }} C";
        let calls = find(body).unwrap();
        let replaced = replace(body, &calls);
        assert_eq!(replaced, "A LAMPLIGHTSHORTCODE0X B LAMPLIGHTSHORTCODE1X C");
        let c = replaced.rfind('C').unwrap();
        assert_eq!(original_offset(c, &calls), body.rfind('C').unwrap());
        let b = replaced.find('B').unwrap();
        assert_eq!(original_offset(b, &calls), body.find('B').unwrap());
        assert_eq!(original_offset(0, &calls), 0);
        let html = "<p>LAMPLIGHTSHORTCODE0X</p>\n<p>a LAMPLIGHTSHORTCODE1X b</p>\n";
        let restored = restore(html, &["<div>card</div>\n".into(), "<b>y</b>".into()]);
        assert_eq!(restored, "<div>card</div>\n<p>a <b>y</b> b</p>\n");
    }
}
