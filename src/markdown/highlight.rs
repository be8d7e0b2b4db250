//! Code highlighting with syntect, as CSS classes rather than inline styles so
//! that a Content-Security-Policy without `unsafe-inline` still shows colours.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Syntect's bundled grammars, read from its compressed dump.
fn bundled() -> &'static SyntaxSet {
    static BUNDLED: OnceLock<SyntaxSet> = OnceLock::new();
    BUNDLED.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Grammars partnership sites need that syntect lacks (TOML), kept in a set of
/// their own: adding them to the bundled set means relinking every grammar,
/// a cost every build would pay (docs/BENCHMARKS.md).
fn ours() -> &'static SyntaxSet {
    static OURS: OnceLock<SyntaxSet> = OnceLock::new();
    OURS.get_or_init(|| {
        let mut builder = syntect::parsing::SyntaxSetBuilder::new();
        let toml = syntect::parsing::SyntaxDefinition::load_from_str(
            include_str!("toml.sublime-syntax"),
            true,
            Some("TOML"),
        )
        .expect("the bundled TOML grammar is valid");
        builder.add(toml);
        builder.build()
    })
}

fn find(language: &str) -> Option<(&'static SyntaxReference, &'static SyntaxSet)> {
    [ours(), bundled()].into_iter().find_map(|set| {
        set.find_syntax_by_token(language)
            .or_else(|| set.find_syntax_by_name(language))
            .map(|syntax| (syntax, set))
    })
}

/// The `<pre>` for a fenced code block. Unknown languages come out escaped and plain.
/// `tabindex="0"` lets keyboard users scroll a wide block.
pub fn code_block(language: Option<&str>, code: &str) -> String {
    let language = language.map(str::trim).filter(|l| !l.is_empty());
    let mut html = String::from("<pre class=\"code\" tabindex=\"0\">");
    match language {
        Some(language) => {
            let escaped = escape(language);
            html.push_str(&format!(
                "<code class=\"language-{escaped}\" data-lang=\"{escaped}\">"
            ));
            html.push_str(&highlight(language, code).unwrap_or_else(|| escape(code)));
        }
        None => {
            html.push_str("<code>");
            html.push_str(&escape(code));
        }
    }
    html.push_str("</code></pre>\n");
    html
}

fn highlight(language: &str, code: &str) -> Option<String> {
    let (syntax, set) = find(language)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).expect("writing to a String cannot fail");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_and_markdown_are_highlighted_with_classes_only() {
        for (language, code) in [("toml", "title = \"J9\"\n"), ("markdown", "# Heading\n")] {
            let html = code_block(Some(language), code);
            assert!(html.contains("class=\"hl-"), "{language}: {html}");
            assert!(!html.contains("style="), "{language}: {html}");
        }
    }

    #[test]
    fn unknown_languages_are_escaped_plain_text() {
        let html = code_block(Some("no-such-lang"), "<script>\n");
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("hl-"));
        assert!(code_block(None, "a < b").contains("<code>a &lt; b</code>"));
    }

    #[test]
    fn the_default_theme_styles_the_classes_we_emit() {
        let css = include_str!("../../themes/default/static/css/syntax.css");
        let html = code_block(
            Some("toml"),
            "# note\n[extra]\ntitle = \"J9\"\nyear = 2017\n",
        );
        for class in ["hl-comment", "hl-string", "hl-entity", "hl-constant"] {
            assert!(html.contains(class), "{class} not emitted: {html}");
            assert!(css.contains(&format!(".{class}")), "{class} not styled");
        }
    }
}
