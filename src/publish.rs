//! What in a site folder may reach the published site, decided in one place
//! for content, data, templates and static files alike.
//!
//! Builds run on whatever is committed, often by CI with no one watching, so
//! the rules are about files nobody meant to publish: a source folder that is
//! a link to somewhere else on the machine (`static -> /etc`), the backups
//! editors leave beside a file (`team.md~`, `team.md.orig`), and files a
//! browser would run with the site's own address (HTML, SVG, scripts) dropped
//! into a page's folder.

use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Result};

/// Endings of files editors, merge tools and downloads leave behind: never
/// published, never read as content. (Hidden files, `.name`, are skipped
/// everywhere too.)
pub const LEFTOVER_ENDINGS: &[&str] = &[
    "~",
    ".bak",
    ".orig",
    ".rej",
    ".swp",
    ".swo",
    ".tmp",
    ".temp",
    ".part",
    ".crdownload",
];

/// Whole names of files operating systems leave in folders.
const LEFTOVER_NAMES: &[&str] = &["Thumbs.db", "desktop.ini", "Desktop.ini"];

/// Whether a file name is an editor's backup, a lock or swap file, or one an
/// operating system leaves: `team.md~`, `#team.md#`, `~$report.docx`.
pub fn is_leftover(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with("~$")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || LEFTOVER_NAMES.contains(&name)
        || LEFTOVER_ENDINGS
            .iter()
            .any(|ending| lower.ends_with(ending))
}

/// Endings of files a browser runs as a document of the site when opened
/// directly: with the site's address they could read or change its pages.
const ACTIVE_ENDINGS: &[&str] = &[
    ".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".js", ".mjs", ".xsl", ".xslt",
];

/// Whether the file at `path` (named `relative`) is active content: a page,
/// image or script a browser would run. XML is only when it says it carries
/// HTML, a stylesheet or a script.
pub fn is_active(relative: &str, path: &Path) -> bool {
    let lower = relative.to_ascii_lowercase();
    if ACTIVE_ENDINGS.iter().any(|ending| lower.ends_with(ending)) {
        return true;
    }
    if lower.ends_with(".xml") {
        let text = fs::read(path).unwrap_or_default();
        let text = String::from_utf8_lossy(&text).to_ascii_lowercase();
        return [
            "<script",
            "xml-stylesheet",
            "www.w3.org/1999/xhtml",
            "javascript:",
        ]
        .iter()
        .any(|marker| text.contains(marker));
    }
    false
}

/// Whether a file not ending in `.md` looks like a page anyway: `team.md.txt`,
/// `Team.MD`, or anything starting with a `+++` front-matter line. Published
/// as it is, it would show its front matter and unrendered Markdown.
pub fn looks_like_content(relative: &str, path: &Path) -> bool {
    let lower = relative.to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".markdown") || lower.contains(".md.") {
        return true;
    }
    let mut start = [0u8; 8];
    let read = fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut start))
        .unwrap_or(0);
    let start = &start[..read];
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    start.starts_with(b"+++")
}

/// Where the first control character typed as it is starts: C0 and DEL
/// are single bytes, C1 controls 0xC2 then 0x80–0x9F. Every page is read
/// through here, so only the blocks [`blocks_with`] finds are looked at
/// closely.
fn typed_control(bytes: &[u8]) -> Option<usize> {
    fn may_start(b: u8) -> bool {
        is_c0_control(b) | (b == 0x7f) | (b == 0xc2)
    }
    let exact = |from: usize, to: usize| {
        (from..to).find(|&i| match bytes[i] {
            b'\t' | b'\n' | b'\r' => false,
            b if b < 0x20 || b == 0x7f => true,
            0xc2 => bytes.get(i + 1).is_some_and(|b| (0x80..0xa0).contains(b)),
            _ => false,
        })
    };
    blocks_with(bytes, may_start).find_map(|from| exact(from, (from + BLOCK).min(bytes.len())))
}

/// A C0 control character other than tab and the line ends. Written with
/// `&` rather than `&&` so that [`blocks_with`] tests a block of bytes in
/// wide registers rather than branching at each.
fn is_c0_control(b: u8) -> bool {
    (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')
}

const BLOCK: usize = 32;

/// Where each [`BLOCK`] of `bytes` that holds a byte `wanted` says yes to
/// starts. Each block is folded with no early exit, which the compiler
/// does in wide registers: every page and feed passes through here, and a
/// byte at a time with an early exit was several per cent of a build
/// (docs/BENCHMARKS.md).
fn blocks_with(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> impl Iterator<Item = usize> {
    let blocks = bytes.chunks(BLOCK).enumerate();
    // A whole block as an array, so the fold has a length the compiler
    // knows and can lay out in vector instructions.
    let any = move |block: &[u8]| match <&[u8; BLOCK]>::try_from(block) {
        Ok(full) => full.iter().fold(0, |any, &b| any | u8::from(wanted(b))) != 0,
        Err(_) => block.iter().any(|&b| wanted(b)),
    };
    blocks
        .filter(move |(_, block)| any(block))
        .map(|(k, _)| k * BLOCK)
}

/// The first control character in `text` that would reach a page, feed or
/// calendar unseen, as a byte range and its code: one typed (or pasted
/// from a PDF) as it is, or a TOML escape for one (`\u0000`). Tabs and
/// line ends are text. An officer cannot see these, and they make feeds
/// and calendars ill-formed, so they are errors at their place.
pub fn control_character(text: &str) -> Option<(std::ops::Range<usize>, u32)> {
    let typed = typed_control(text.as_bytes()).map(|at| {
        let c = text[at..].chars().next().expect("at a character");
        (at..at + c.len_utf8(), c as u32)
    });
    let escaped = text.match_indices('\\').find_map(|(at, _)| {
        let rest = &text[at + 1..];
        let digits = match rest.as_bytes().first() {
            Some(b'u') => rest.get(1..5),
            Some(b'U') => rest.get(1..9),
            _ => None,
        }?;
        let code = u32::from_str_radix(digits, 16).ok()?;
        let control = char::from_u32(code)
            .is_some_and(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
        control.then_some((at..at + 2 + digits.len(), code))
    });
    match (typed, escaped) {
        (Some(a), Some(b)) => Some(if a.0.start < b.0.start { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// [`control_character`] as an error in `file`, if there is one.
pub fn check_control_characters(text: &str, file: &Path) -> Result<()> {
    let Some((span, code)) = control_character(text) else {
        return Ok(());
    };
    Err(Diagnostic::error(
        file,
        format!("an invisible control character (U+{code:04X}) is here"),
    )
    .at(text, span)
    .hint("delete it (it often comes with text pasted from a PDF or a word processor) and type the text again if anything is missing")
    .into())
}

/// Takes out the characters XML 1.0 does not allow (control characters
/// other than tab and line ends), so a feed or sitemap stays well formed
/// whatever a template put in it.
pub fn xml_characters_only(text: &mut String) {
    if blocks_with(text.as_bytes(), is_c0_control).next().is_some() {
        text.retain(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r') || c > '\u{1f}');
    }
}

/// `path` made absolute with every symbolic link and `..` resolved, as far
/// as it exists; the part that does not exist yet is added lexically (it
/// cannot hold a link, and `..` there only removes a name it added).
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let base = loop {
        if let Ok(real) = fs::canonicalize(existing) {
            break real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(Component::Normal(name));
                existing = parent;
            }
            // `..` as the last component: canonicalize failed because a
            // component does not exist; resolve the rest lexically.
            (Some(parent), None) => {
                rest.push(Component::ParentDir);
                existing = parent;
            }
            _ => break existing.to_path_buf(),
        }
    };
    let mut resolved = base;
    for component in rest.into_iter().rev() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => resolved.push(name),
            _ => {}
        }
    }
    resolved
}

/// Refuses a source folder (content, data, static, templates, the theme and
/// its folders) that is reached through a symbolic link to somewhere outside
/// the site folder: everything in it would be published or trusted as if it
/// had been committed. Links inside these folders are never followed; this
/// is about the folders themselves.
pub fn check_source_folders(root: &Path, theme: &str) -> Result<()> {
    let site = resolve(root);
    let theme = Path::new("themes").join(theme);
    let folders = [
        Path::new("content").to_path_buf(),
        Path::new("data").to_path_buf(),
        Path::new("static").to_path_buf(),
        Path::new("templates").to_path_buf(),
        Path::new("themes").to_path_buf(),
        theme.clone(),
        theme.join("static"),
        theme.join("templates"),
    ];
    let errors: Vec<Diagnostic> = folders
        .iter()
        .filter(|folder| root.join(folder).exists())
        .filter_map(|folder| {
            let real = resolve(&root.join(folder));
            (!real.starts_with(&site)).then(|| {
                Diagnostic::error(
                    folder,
                    format!(
                        "{}/ is a link to {}, outside the site folder, and Lamplight only publishes what is inside it",
                        folder.display(),
                        real.display()
                    ),
                )
                .hint("copy the folder into the site instead of linking to it (a link may have been committed by mistake)")
            })
        })
        .collect();
    Diagnostics::fail_if_any(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_typed_or_escaped_are_found_and_text_is_not() {
        assert_eq!(control_character("title = \"a\u{1}b\""), Some((10..11, 1)));
        assert_eq!(
            control_character("title = \"a\\u0000b\""),
            Some((10..16, 0))
        );
        assert_eq!(
            control_character("x = \"\\U0000001B\""),
            Some((5..15, 0x1b))
        );
        for fine in [
            "tab\there\r\nok",
            "é and \\u00e9 and \\n",
            "C:\\folder",
            "\\u20AC",
        ] {
            assert_eq!(control_character(fine), None, "{fine}");
        }
        let mut feed = "<title>a\u{0}b\u{1b}c\td</title>".to_string();
        xml_characters_only(&mut feed);
        assert_eq!(feed, "<title>abc\td</title>");
    }

    proptest::proptest! {
        /// The block-at-a-time searches find what a byte-at-a-time one does.
        #[test]
        fn typed_controls_are_found_as_a_byte_at_a_time_would(
            text in "(\\PC|[\u{0}-\u{1f}\u{7f}-\u{a0}£é]){0,200}"
        ) {
            let bytes = text.as_bytes();
            let simple = (0..bytes.len()).find(|&i| match bytes[i] {
                b'\t' | b'\n' | b'\r' => false,
                b if b < 0x20 || b == 0x7f => true,
                0xc2 => bytes.get(i + 1).is_some_and(|b| (0x80..0xa0).contains(b)),
                _ => false,
            });
            proptest::prop_assert_eq!(typed_control(bytes), simple);
            let mut xml = text.clone();
            xml_characters_only(&mut xml);
            let kept: String = text.chars().filter(|&c| c >= ' ' || "\t\n\r".contains(c)).collect();
            proptest::prop_assert_eq!(xml, kept);
        }
    }

    #[test]
    fn editors_leftovers_are_recognised_and_real_files_are_not() {
        for name in [
            "team.md~",
            "team.md.orig",
            "team.md.bak",
            "TEAM.BAK",
            "#team.md#",
            ".#team.md",
            "~$minutes.docx",
            ".team.md.swp",
            "report.pdf.part",
            "Thumbs.db",
        ] {
            assert!(is_leftover(name), "{name}");
        }
        for name in ["team.md", "minutes.txt", "map.png", "#hash", "tilde~x.pdf"] {
            assert!(!is_leftover(name), "{name}");
        }
    }

    #[test]
    fn active_content_is_recognised_by_ending_and_xml_by_what_it_says() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            fs::write(&path, text).unwrap();
            path
        };
        for name in ["a.html", "a.HTM", "sign.svg", "x.js", "page.xhtml"] {
            assert!(is_active(name, &write(name, "")), "{name}");
        }
        let feed = write("feed.xml", "<rss><channel/></rss>");
        assert!(!is_active("feed.xml", &feed));
        let styled = write("s.xml", "<?xml-stylesheet href=\"x.xsl\"?><a/>");
        assert!(is_active("s.xml", &styled));
        assert!(!is_active("minutes.pdf", &write("minutes.pdf", "<script>")));
    }

    #[test]
    fn pages_with_the_wrong_ending_are_recognised() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        fs::write(&path, "+++\ntitle = \"Team\"\n+++\n").unwrap();
        assert!(looks_like_content("team/notes.txt", &path));
        assert!(looks_like_content("Team.MD", &dir.path().join("missing")));
        assert!(looks_like_content(
            "team.md.txt",
            &dir.path().join("missing")
        ));
        fs::write(&path, "minutes").unwrap();
        assert!(!looks_like_content("notes.txt", &path));
    }
}
