//! Shortcodes: `{{ scheme_card(id="j9") }}` in Markdown, rendered by the
//! template `shortcodes/scheme_card.html` with `id` in its context.
//!
//! Each call is swapped for a placeholder word before the Markdown is parsed,
//! and the placeholder for the rendered HTML afterwards, so Markdown never
//! sees (or mangles) the HTML. Calls inside code spans and code blocks are
//! left as written: that is how the officers' guide shows them.
//!
//! A placeholder is its call's number between two marks, a character from
//! Unicode's private-use area that the page does not contain, so nothing an
//! officer types can be taken for one. Finding, replacing and restoring are
//! each one pass, so a page of twenty thousand calls costs twenty thousand
//! times one, not four hundred million.

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
        // `code` is sorted and disjoint: the last range starting at or
        // before `start` is the only one that can hold it.
        let before = code.partition_point(|r| r.start <= start);
        if before > 0 && code[before - 1].contains(&start) {
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

/// A body with its calls swapped for placeholders, and the mark they use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub body: String,
    mark: char,
}

/// `body` with each call replaced by its placeholder.
pub fn replace(body: &str, calls: &[Call]) -> Replaced {
    // The first private-use character the page does not use; there are
    // 6,400, so one is always free.
    let mark = ('\u{E000}'..='\u{F8FF}')
        .find(|c| !body.contains(*c))
        .expect("a page cannot hold every private-use character");
    let mut out = String::with_capacity(body.len() + calls.len() * 8);
    let mut at = 0;
    for (i, call) in calls.iter().enumerate() {
        out.push_str(&body[at..call.span.start]);
        push_placeholder(&mut out, mark, i);
        at = call.span.end;
    }
    out.push_str(&body[at..]);
    Replaced { body: out, mark }
}

fn push_placeholder(out: &mut String, mark: char, index: usize) {
    use std::fmt::Write;
    let _ = write!(out, "{mark}{index}{mark}");
}

impl Replaced {
    /// The placeholder of call `index`.
    pub fn placeholder(&self, index: usize) -> String {
        let mut out = String::new();
        push_placeholder(&mut out, self.mark, index);
        out
    }

    /// Maps an offset in the replaced body back to the original body.
    pub fn original_offset(&self, offset: usize, calls: &[Call]) -> usize {
        let mut shift: isize = 0;
        for (i, call) in calls.iter().enumerate() {
            let start = (call.span.start as isize + shift) as usize;
            if offset < start {
                break;
            }
            let width = self.placeholder(i).len();
            if offset < start + width {
                return call.span.start;
            }
            shift += width as isize - call.span.len() as isize;
        }
        (offset as isize - shift) as usize
    }

    /// Puts the rendered HTML where the placeholders are, in one pass. A
    /// call alone in its paragraph replaces the paragraph, so block HTML is
    /// not wrapped in `<p>`.
    pub fn restore(&self, html: &str, rendered: &[String]) -> String {
        let mark = self.mark;
        let mut out =
            String::with_capacity(html.len() + rendered.iter().map(String::len).sum::<usize>());
        let mut rest = html;
        while let Some(open) = rest.find(mark) {
            let after_open = &rest[open + mark.len_utf8()..];
            let digits = after_open.bytes().take_while(u8::is_ascii_digit).count();
            let index = after_open[..digits].parse::<usize>().ok();
            let closed = after_open[digits..].starts_with(mark);
            let (Some(index), true) = (index.filter(|&i| i < rendered.len()), closed) else {
                // Not a placeholder after all: keep the mark and go on.
                out.push_str(&rest[..open + mark.len_utf8()]);
                rest = after_open;
                continue;
            };
            let end = open + mark.len_utf8() + digits + mark.len_utf8();
            let before = &rest[..open];
            let after = &rest[end..];
            if before.ends_with("<p>") && after.starts_with("</p>") {
                out.push_str(&before[..before.len() - 3]);
                out.push_str(rendered[index].trim_end());
                rest = &after[4..];
            } else {
                out.push_str(before);
                out.push_str(rendered[index].trim());
                rest = after;
            }
        }
        out.push_str(rest);
        out
    }
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
        assert_eq!(replaced.body, "A \u{E000}0\u{E000} B \u{E000}1\u{E000} C");
        let c = replaced.body.rfind('C').unwrap();
        assert_eq!(
            replaced.original_offset(c, &calls),
            body.rfind('C').unwrap()
        );
        let b = replaced.body.find('B').unwrap();
        assert_eq!(replaced.original_offset(b, &calls), body.find('B').unwrap());
        assert_eq!(replaced.original_offset(0, &calls), 0);
        let html = "<p>\u{E000}0\u{E000}</p>\n<p>a \u{E000}1\u{E000} b</p>\n";
        let restored = replaced.restore(html, &["<div>card</div>\n".into(), "<b>y</b>".into()]);
        assert_eq!(restored, "<div>card</div>\n<p>a <b>y</b> b</p>\n");
    }

    /// The old placeholder was a word anyone could type: a page saying
    /// `LAMPLIGHTSHORTCODE0X` had a shortcode's HTML put in its place.
    #[test]
    fn nothing_typed_is_taken_for_a_placeholder() {
        let body = "LAMPLIGHTSHORTCODE0X and \u{E000}0\u{E000} {{ x() }}";
        let calls = find(body).unwrap();
        let replaced = replace(body, &calls);
        let restored = replaced.restore(&replaced.body, &["<b>x</b>".into()]);
        assert_eq!(
            restored,
            "LAMPLIGHTSHORTCODE0X and \u{E000}0\u{E000} <b>x</b>"
        );
    }

    #[test]
    fn twenty_thousand_calls_take_linear_time() {
        let body = "Call {{ x(a=1) }} and `{{ y() }}`.\n".repeat(20_000);
        let started = std::time::Instant::now();
        let calls = find(&body).unwrap();
        assert_eq!(calls.len(), 20_000);
        let replaced = replace(&body, &calls);
        let rendered: Vec<String> = calls.iter().map(|_| "<b>x</b>".to_string()).collect();
        let restored = replaced.restore(&replaced.body, &rendered);
        assert_eq!(restored.matches("<b>x</b>").count(), 20_000);
        // Quadratic, this took tens of seconds; linear, a few milliseconds.
        assert!(
            started.elapsed() < std::time::Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }
}
