//! A Content-Security-Policy without `unsafe-inline` that still lets the
//! site's own inline code run: every inline `<script>` and `<style>` a page
//! emits is hashed, and the policy allows exactly those hashes.
//!
//! Each page carries its policy in a `<meta>` tag, so the site is protected on
//! any host; `_headers` carries the union for hosts that read one (Netlify,
//! Cloudflare Pages), with the directives a meta tag cannot set.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use base64::Engine;
use sha2::{Digest, Sha256};

/// Where the headers go, relative to the output folder.
pub const HEADERS_FILE: &str = "_headers";

/// The hashes of a page's (or the whole site's) inline scripts and styles,
/// as CSP sources: `'sha256-…'`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    pub scripts: BTreeSet<String>,
    pub styles: BTreeSet<String>,
}

impl Inline {
    /// Adds `other`'s hashes; most pages share theirs with many others, so
    /// a hash already here is not copied.
    pub fn extend(&mut self, other: &Inline) {
        for (mine, theirs) in [
            (&mut self.scripts, &other.scripts),
            (&mut self.styles, &other.styles),
        ] {
            for hash in theirs {
                if !mine.contains(hash) {
                    mine.insert(hash.clone());
                }
            }
        }
    }
}

/// Finds every inline `<script>` (one without `src`) and `<style>` element.
pub fn inline_code(html: &str) -> Inline {
    let mut inline = Inline::default();
    for (tag, attributes, body) in elements(html) {
        match tag {
            "script" if !has_src(attributes) => inline.scripts.insert(hash_source(body)),
            "style" => inline.styles.insert(hash_source(body)),
            _ => false,
        };
    }
    inline
}

/// The policy for one page; `for_meta` leaves out what a `<meta>` tag
/// cannot set (browsers ignore `frame-ancestors` there, with a warning).
pub fn policy(inline: &Inline, for_meta: bool) -> String {
    let sources = |hashes: &BTreeSet<String>| {
        std::iter::once("'self'")
            .chain(hashes.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut directives = vec![
        "default-src 'self'".to_string(),
        format!("script-src {}", sources(&inline.scripts)),
        format!("style-src {}", sources(&inline.styles)),
        "img-src 'self' data:".to_string(),
        "object-src 'none'".to_string(),
        "base-uri 'none'".to_string(),
        "form-action 'self'".to_string(),
    ];
    if !for_meta {
        directives.push("frame-ancestors 'none'".to_string());
    }
    directives.join("; ")
}

/// Puts the page's policy in its `<head>`, before anything it governs.
pub fn add_meta(html: &mut String, inline: &Inline) {
    let Some(at) = head_start(html) else {
        return;
    };
    // Nearly every page has no inline code, and so the same tag: made once.
    static NO_INLINE: LazyLock<String> = LazyLock::new(|| meta(&Inline::default()));
    match inline.scripts.is_empty() && inline.styles.is_empty() {
        true => html.insert_str(at, &NO_INLINE),
        false => html.insert_str(at, &meta(inline)),
    }
}

fn meta(inline: &Inline) -> String {
    format!(
        "\n<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        policy(inline, true)
    )
}

/// `_headers` in the format Netlify and Cloudflare Pages read: the policy
/// for every page, and the other headers a public-sector site should send.
pub fn headers_file(site: &Inline, https: bool) -> String {
    let mut out = String::from("/*\n");
    out.push_str(&format!(
        "  Content-Security-Policy: {}\n",
        policy(site, false)
    ));
    out.push_str("  Referrer-Policy: no-referrer\n");
    out.push_str("  X-Content-Type-Options: nosniff\n");
    out.push_str("  Permissions-Policy: geolocation=(), camera=(), microphone=()\n");
    if https {
        out.push_str("  Strict-Transport-Security: max-age=31536000\n");
    }
    out
}

fn hash_source(body: &str) -> String {
    let digest = Sha256::digest(body.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// After `<meta charset…>` if there is one (it must come first), else after `<head>`.
fn head_start(html: &str) -> Option<usize> {
    let after = |at: usize| html[at..].find('>').map(|end| at + end + 1);
    find_ignoring_case(html, 0, "<meta charset")
        .and_then(after)
        .or_else(|| find_ignoring_case(html, 0, "<head>").map(|at| at + "<head>".len()))
}

/// Where `needle` (lower case, starting with `<`) first appears at or after
/// `from`, in any case. Pages are large, so this looks only at each `<`
/// rather than lower-casing a copy of the page.
fn find_ignoring_case(html: &str, from: usize, needle: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let needle = needle.as_bytes();
    html[from..]
        .match_indices('<')
        .map(|(i, _)| from + i)
        .find(|&at| {
            bytes.len() - at >= needle.len()
                && bytes[at..at + needle.len()].eq_ignore_ascii_case(needle)
        })
}

/// `(tag, attributes, body)` of every `<script …>body</script>` and
/// `<style …>body</style>`, as written, in one pass over the page.
fn elements(html: &str) -> Vec<(&'static str, &str, &str)> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    for start in tags_starting_with_s(bytes) {
        if start < from {
            continue;
        }
        let Some(tag) = ["script", "style"].into_iter().find(|tag| {
            let name = &bytes[start + 1..];
            name.len() > tag.len()
                && name[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
                // `<scripts>` or `<style-guide>` are other elements.
                && (name[tag.len()] == b'>' || name[tag.len()].is_ascii_whitespace())
        }) else {
            continue;
        };
        let name_end = start + 1 + tag.len();
        let Some(body_start) = html[name_end..].find('>').map(|i| name_end + i + 1) else {
            break;
        };
        let close = format!("</{tag}");
        let Some(body_end) = find_ignoring_case(html, body_start, &close) else {
            break;
        };
        found.push((
            tag,
            &html[name_end..body_start - 1],
            &html[body_start..body_end],
        ));
        from = body_end;
    }
    found
}

/// Where `<s` or `<S` is, in order: the only places a script or style can
/// start. Found with memchr's vectorised search, which passes over a page
/// several times quicker than stopping at every `<`; every output is
/// searched, and pages are mostly tags.
fn tags_starting_with_s(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut lower = memchr::memmem::find_iter(bytes, b"<s").peekable();
    let mut upper = memchr::memmem::find_iter(bytes, b"<S").peekable();
    std::iter::from_fn(move || match (lower.peek(), upper.peek()) {
        (Some(l), Some(u)) if u < l => upper.next(),
        (Some(_), _) => lower.next(),
        (None, _) => upper.next(),
    })
}

fn has_src(attributes: &str) -> bool {
    attributes
        .to_ascii_lowercase()
        .split(|c: char| c.is_ascii_whitespace())
        .any(|a| a == "src" || a.starts_with("src="))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_inline_code_and_skips_external_scripts() {
        let html = "<head><meta charset=\"utf-8\"><style>p{}</style></head><body>\
                    <script src=\"/a.js\"></script><script>go()</script>\
                    <SCRIPT type=\"module\">go()</SCRIPT><scripts>not one</scripts></body>";
        let inline = inline_code(html);
        // echo -n 'go()' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            inline.scripts.iter().collect::<Vec<_>>(),
            ["'sha256-5KYv+PUboo5h+0+YAtGRPbwv5d/QxzHslP4YGnUaxRw='"]
        );
        assert_eq!(inline.styles.len(), 1);
    }

    #[test]
    fn the_policy_never_allows_unsafe_inline() {
        let mut inline = Inline::default();
        inline.scripts.insert("'sha256-abc'".into());
        let meta = policy(&inline, true);
        assert!(meta.contains("script-src 'self' 'sha256-abc'"));
        assert!(meta.contains("style-src 'self';"));
        assert!(!meta.contains("unsafe"));
        assert!(!meta.contains("frame-ancestors"), "ignored in a meta tag");
        assert!(policy(&inline, false).ends_with("frame-ancestors 'none'"));
    }

    #[test]
    fn the_meta_tag_follows_the_charset() {
        let html = "<html><head>\n<meta charset=\"utf-8\">\n<title>T</title></head></html>";
        let mut with = html.to_string();
        add_meta(&mut with, &Inline::default());
        let charset = with.find("charset").unwrap();
        let csp = with.find("Content-Security-Policy").unwrap();
        let title = with.find("<title>").unwrap();
        assert!(charset < csp && csp < title, "{with}");
        let mut plain = "plain text".to_string();
        add_meta(&mut plain, &Inline::default());
        assert_eq!(plain, "plain text");
    }
}
