//! Shortcodes: `{{ scheme_card(id="j9") }}` in Markdown, rendered by the
//! template `shortcodes/scheme_card.html` with `id` in its context; or,
//! with a body, `{% note(kind="warning") %}Text{% end %}`, the template
//! getting the text as `body`. The syntax is Zola's (`parse.rs`), so
//! shortcodes written for a Zola site are read as Zola reads them.
//!
//! Each call is swapped for a placeholder word before the Markdown is parsed,
//! and the placeholder for the rendered HTML afterwards, so Markdown never
//! sees (or mangles) the HTML. Calls inside code spans and code blocks are
//! left as written: that is how the officers' guide shows them. A call
//! escaped as Zola escapes it, `{{/* name() */}}`, is shown as written
//! without its `/* */`, in code or not.
//!
//! A placeholder is its call's number between two marks, a character from
//! Unicode's private-use area that the page does not contain, so nothing an
//! officer types can be taken for one. Finding, replacing and restoring are
//! each one pass, so a page of twenty thousand calls costs twenty thousand
//! times one, not four hundred million.

mod parse;

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
    Array(Vec<Arg>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<(String, Arg)>,
    /// Byte range of the whole call in the Markdown body: `{{ … }}`, or
    /// from `{% … %}` to the end of its `{% end %}`.
    pub span: Range<usize>,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `{{ name() }}`.
    Inline,
    /// `{% name() %}…{% end %}`, with the text between, trimmed.
    Body(String),
    /// An escaped call, `{{/* name() */}}`: the text it stands for,
    /// `{{ name() }}`, which is all it becomes.
    Literal(String),
}

impl Call {
    /// Whether a template is run for it; an escaped call is only text.
    pub fn runs(&self) -> bool {
        !matches!(self.kind, Kind::Literal(_))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
}

/// Finds every shortcode call outside code, and every escaped call.
pub fn find(body: &str) -> Result<Vec<Call>, Vec<SyntaxError>> {
    if !body.contains("{{") && !body.contains("{%") {
        return Ok(Vec::new());
    }
    let code = code_ranges(body);
    let mut calls = Vec::new();
    let mut errors = Vec::new();
    let mut from = 0;
    while let Some(start) = next_opening(body, from) {
        from = start + 2;
        let escaped = body[start + 2..].starts_with("/*");
        // `code` is sorted and disjoint: the last range starting at or
        // before `start` is the only one that can hold it.
        let before = code.partition_point(|r| r.start <= start);
        if !escaped && before > 0 && code[before - 1].contains(&start) {
            continue;
        }
        match parse::call_at(body, start) {
            parse::Parsed::NotAShortcode => {}
            parse::Parsed::Call(call) => {
                from = call.span.end;
                calls.push(call);
            }
            parse::Parsed::Error(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(calls)
    } else {
        Err(errors)
    }
}

/// Where the next `{{` or `{%` at or after `from` starts.
fn next_opening(body: &str, from: usize) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut at = from;
    while let Some(found) = memchr::memchr(b'{', &bytes[at..]) {
        let brace = at + found;
        if matches!(bytes.get(brace + 1), Some(b'{' | b'%')) {
            return Some(brace);
        }
        at = brace + 1;
    }
    None
}

/// A body with its calls swapped for placeholders (and escaped calls for
/// their text), and the mark placeholders use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replaced {
    pub body: String,
    mark: char,
    /// How long each call's replacement is, to map offsets back.
    widths: Vec<usize>,
}

/// `body` with each call replaced by its placeholder.
pub fn replace(body: &str, calls: &[Call]) -> Replaced {
    // The first private-use character the page does not use; there are
    // 6,400, so one is always free.
    let mark = ('\u{E000}'..='\u{F8FF}')
        .find(|c| !body.contains(*c))
        .expect("a page cannot hold every private-use character");
    let mut out = String::with_capacity(body.len() + calls.len() * 8);
    let mut widths = Vec::with_capacity(calls.len());
    let mut at = 0;
    for (i, call) in calls.iter().enumerate() {
        out.push_str(&body[at..call.span.start]);
        let before = out.len();
        match &call.kind {
            Kind::Literal(text) => out.push_str(text),
            _ => push_placeholder(&mut out, mark, i),
        }
        widths.push(out.len() - before);
        at = call.span.end;
    }
    out.push_str(&body[at..]);
    Replaced {
        body: out,
        mark,
        widths,
    }
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
            let width = self.widths[i];
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

    /// Zola's syntax, from its own parser's tests: arguments without
    /// commas, lists, back quotes, bodies, escapes.
    #[test]
    fn zola_syntax_reads_as_zola_reads_it() {
        let calls = find("{{ youtube(id=\"dQw\" autoplay=true class=`a b`) }}").unwrap();
        assert_eq!(
            calls[0].args,
            vec![
                ("id".to_string(), Arg::String("dQw".into())),
                ("autoplay".to_string(), Arg::Bool(true)),
                ("class".to_string(), Arg::String("a b".into())),
            ]
        );
        let calls = find("{{ gallery(sizes=[1, -2.5, [true],], names=['a', \"b\"]) }}").unwrap();
        assert_eq!(
            calls[0].args[0].1,
            Arg::Array(vec![
                Arg::Integer(1),
                Arg::Float(-2.5),
                Arg::Array(vec![Arg::Bool(true)])
            ])
        );
        let body = "Body shortcode\n {% quote(author='Bobby') %}\nDROP TABLES;\n{% end %} \n hey";
        let calls = find(body).unwrap();
        assert_eq!(calls[0].kind, Kind::Body("DROP TABLES;".into()));
        assert_eq!(
            &body[calls[0].span.clone()],
            "{% quote(author='Bobby') %}\nDROP TABLES;\n{% end %}"
        );
        let err = find("{% quote() %} never ended").unwrap_err();
        assert!(err[0].message.contains("no `{% end %}`"), "{:?}", err[0]);
    }

    #[test]
    fn escaped_calls_are_shown_as_written_even_in_code() {
        let body = "Hello {{/* youtube(id=\"x\") */}} and\n\n```\n{%/* quote() */%}Somebody{%/* end */%}\n```\n";
        let calls = find(body).unwrap();
        assert!(calls.iter().all(|c| !c.runs()));
        let replaced = replace(body, &calls);
        assert_eq!(
            replaced.body,
            "Hello {{ youtube(id=\"x\") }} and\n\n```\n{% quote() %}Somebody{% end %}\n```\n"
        );
        let after = replaced.body.find(" and").unwrap();
        assert_eq!(
            replaced.original_offset(after, &calls),
            body.find(" and").unwrap()
        );
    }

    #[test]
    fn calls_in_code_and_plain_braces_are_left_alone() {
        let body = "`{{ a() }}`\n\n```\n{{ b() }}\n```\n\nTemplates say {{ page.title }} and {% if x %}.\n";
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
        assert!(
            errors[0]
                .message
                .contains("expected an argument name or `)`"),
            "{:?}",
            errors[0]
        );
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
