//! Reading one shortcode call, in Zola's syntax: `{{ name(key=value …) }}`
//! inline, `{% name(…) %}body{% end %}` with a body, and either escaped
//! with `/* */` inside the braces (`{{/* name() */}}`), which shows the
//! call as written instead of running it.
//!
//! Arguments are separated by commas or by spaces alone, as Zola allows;
//! a value is text in double, single or back quotes, a whole or decimal
//! number, `true` or `false`, or a list of those in `[…]`.

use super::{Arg, Call, Kind, SyntaxError};

const HINT: &str = "a shortcode is written {{ name(key=\"value\", other=2) }}";

pub(super) enum Parsed {
    NotAShortcode,
    Call(Call),
    Error(SyntaxError),
}

/// The brackets a call is written in: `{{ }}` or `{% %}`, each with or
/// without the `/* */` that escapes it.
#[derive(Clone, Copy)]
struct Brackets {
    open: &'static str,
    close: &'static str,
}

const INLINE: Brackets = Brackets {
    open: "{{",
    close: "}}",
};
const BODY: Brackets = Brackets {
    open: "{%",
    close: "%}",
};
const INLINE_ESCAPED: Brackets = Brackets {
    open: "{{/*",
    close: "*/}}",
};
const BODY_ESCAPED: Brackets = Brackets {
    open: "{%/*",
    close: "*/%}",
};

/// Reads the call starting at `start`, where the body has `{{` or `{%`.
pub(super) fn call_at(body: &str, start: usize) -> Parsed {
    let rest = &body[start..];
    let brackets = [INLINE_ESCAPED, BODY_ESCAPED, INLINE, BODY]
        .into_iter()
        .find(|b| rest.starts_with(b.open))
        .expect("the caller found `{{` or `{%`");
    let escaped = brackets.open.ends_with("/*");
    let (name, args, end) = match definition(body, start, brackets) {
        Ok(Some(found)) => found,
        Ok(None) => return Parsed::NotAShortcode,
        // An escaped call that does not read as one is only text.
        Err(_) if escaped => return Parsed::NotAShortcode,
        Err(error) => return Parsed::Error(error),
    };
    let with_body = brackets.open.starts_with("{%");
    if !with_body {
        let kind = if escaped {
            Kind::Literal(unescape(&body[start..end], brackets, INLINE))
        } else {
            Kind::Inline
        };
        return Parsed::Call(Call {
            name,
            args,
            span: start..end,
            kind,
        });
    }
    let end_tag = if escaped { BODY_ESCAPED } else { BODY };
    let Some((body_end, after)) = end_tag_from(body, end, end_tag) else {
        if escaped {
            return Parsed::NotAShortcode;
        }
        return Parsed::Error(SyntaxError {
            span: start..end,
            message: format!(
                "the shortcode `{name}` has a body but no `{{% end %}}` after it; a shortcode with a body is written {{% {name}(…) %}}the text{{% end %}}"
            ),
        });
    };
    let kind = if escaped {
        let open = unescape(&body[start..end], brackets, BODY);
        let close = unescape(&body[body_end..after], brackets, BODY);
        Kind::Literal(format!("{open}{}{close}", &body[end..body_end]))
    } else {
        Kind::Body(body[end..body_end].trim().to_string())
    };
    Parsed::Call(Call {
        name,
        args,
        span: start..after,
        kind,
    })
}

/// An escaped call as it is shown: the `/*` and `*/` taken out.
fn unescape(written: &str, escaped: Brackets, plain: Brackets) -> String {
    let inner = &written[escaped.open.len()..written.len() - escaped.close.len()];
    format!("{}{inner}{}", plain.open, plain.close)
}

/// Where the next `{% end %}` (or `{%/* end */%}`) after `from` starts and ends.
fn end_tag_from(body: &str, mut from: usize, brackets: Brackets) -> Option<(usize, usize)> {
    while let Some(found) = body[from..].find(brackets.open) {
        let start = from + found;
        let mut cursor = Cursor {
            text: body,
            at: start + brackets.open.len(),
        };
        cursor.skip_space();
        if cursor.eat("end") {
            cursor.skip_space();
            if cursor.eat(brackets.close) {
                return Some((start, cursor.at));
            }
        }
        from = start + brackets.open.len();
    }
    None
}

type Definition = (String, Vec<(String, Arg)>, usize);

/// `name(key=value …)` and the closing bracket: the name, the arguments
/// and where the call ends; `None` if this is not a call at all (`{{
/// page.title }}` in text, say).
fn definition(
    body: &str,
    start: usize,
    brackets: Brackets,
) -> Result<Option<Definition>, SyntaxError> {
    let mut cursor = Cursor {
        text: body,
        at: start + brackets.open.len(),
    };
    cursor.skip_space();
    let Some(name) = cursor.identifier() else {
        return Ok(None);
    };
    if !cursor.eat("(") {
        return Ok(None);
    }
    let fail = |cursor: &Cursor, message: String| {
        let end = body[cursor.at..]
            .find(brackets.close)
            .map_or(cursor.at, |i| cursor.at + i + brackets.close.len());
        SyntaxError {
            span: start..end.max(cursor.at),
            message: format!("{message}; {HINT}"),
        }
    };
    let mut args = Vec::new();
    loop {
        cursor.skip_space();
        if cursor.eat(")") {
            break;
        }
        // Zola lets arguments follow one another with a comma or without.
        if !args.is_empty() && cursor.eat(",") {
            cursor.skip_space();
        }
        let Some(key) = cursor.identifier() else {
            let message = format!("expected an argument name or `)` in shortcode `{name}`");
            return Err(fail(&cursor, message));
        };
        cursor.skip_space();
        if !cursor.eat("=") {
            let message = format!("expected `=` after `{key}` in shortcode `{name}`");
            return Err(fail(&cursor, message));
        }
        cursor.skip_space();
        match cursor.value() {
            Ok(value) => args.push((key, value)),
            Err(message) => return Err(fail(&cursor, message)),
        }
    }
    cursor.skip_space();
    if !cursor.eat(brackets.close) {
        let close = brackets.close;
        let message = format!("shortcode `{name}` is not closed with `{close}`");
        return Err(fail(&cursor, message));
    }
    Ok(Some((name, args, cursor.at)))
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
        if self.eat("[") {
            return self.list();
        }
        let rest = self.rest();
        if let Some(quote) = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        {
            return self.text_in(quote);
        }
        let end = rest
            .find(|c: char| matches!(c, ',' | ')' | ']') || c.is_whitespace())
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

    /// Text between quotes. As in Zola, a backslash is kept as written,
    /// except before the closing quote, which it lets into the text.
    fn text_in(&mut self, quote: char) -> Result<Arg, String> {
        let rest = self.rest();
        let mut value = String::new();
        let mut chars = rest.char_indices().skip(1).peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' if chars.peek().is_some_and(|&(_, next)| next == quote) => {
                    value.push(quote);
                    chars.next();
                }
                c if c == quote => {
                    self.at += i + 1;
                    return Ok(Arg::String(value));
                }
                c => value.push(c),
            }
        }
        Err(format!("this text is missing its closing {quote}"))
    }

    /// The values of a `[…]` list, after its `[`: separated by commas, a
    /// last comma allowed.
    fn list(&mut self) -> Result<Arg, String> {
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.eat("]") {
                return Ok(Arg::Array(items));
            }
            if self.rest().is_empty() {
                return Err("this list is missing its closing ]".to_string());
            }
            items.push(self.value()?);
            self.skip_space();
            if !self.eat(",") {
                self.skip_space();
                if !self.eat("]") {
                    return Err("expected `,` or `]` in a list".to_string());
                }
                return Ok(Arg::Array(items));
            }
        }
    }
}
