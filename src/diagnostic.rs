//! Errors that point at a place in a file an officer can open.
//!
//! Every stage reports problems as [`Diagnostic`]s: a file, a 1-based line and
//! column, what is wrong and what to do about it. Stages collect as many as
//! they can before giving up, so one build shows every broken file at once.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user should see it: relative to the site root when possible.
    pub file: PathBuf,
    /// 1-based; 0 when the problem is with the file as a whole.
    pub line: usize,
    /// 1-based, counted in characters; 0 when the problem is with the file as a whole.
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// A stable name for the kind of problem (`image-alt`, `heading-order`), set
    /// by `check` so CI can filter on it; build errors have none.
    pub code: Option<&'static str>,
    excerpt: Option<Excerpt>,
}

/// The source line(s) a diagnostic points into, kept so the report can show a caret.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Excerpt {
    text: String,
    first_line: usize,
    span: Range<usize>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            hint: None,
            code: None,
            excerpt: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// Points the diagnostic at `span`, a byte range of `source` (the whole file).
    pub fn at(mut self, source: &str, span: Range<usize>) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        // A block's span (a heading, a table row) ends with its newline; the
        // caret belongs under the text, not on the next line.
        let end = start + source[start..end].trim_end_matches(['\n', '\r']).len();
        let (line, column) = line_and_column(source, start);
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[end..].find('\n').map_or(source.len(), |i| end + i);
        self.line = line;
        self.column = column;
        self.excerpt = Some(Excerpt {
            text: source[line_start..line_end].to_string(),
            first_line: line,
            span: start - line_start..end - line_start,
        });
        self
    }

    /// Points the diagnostic at a line and column when there is no source text to show.
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.file.display().to_string(),
            (line, 0) => format!("{}:{line}", self.file.display()),
            (line, column) => format!("{}:{line}:{column}", self.file.display()),
        }
    }

    /// Renders the diagnostic the way rustc does: message, location, the source
    /// line with a caret under the problem, then the hint.
    pub fn render(&self, colour: bool) -> String {
        let renderer = if colour {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = self.file.display().to_string();
        let mut title = level.primary_title(&self.message);
        if self.excerpt.is_none() {
            title = title.id(self.location());
        }
        let mut main = Group::with_title(title);
        if let Some(excerpt) = &self.excerpt {
            // A zero-width span still deserves a visible caret.
            let span = if excerpt.span.is_empty() {
                let end = excerpt.text[excerpt.span.start..]
                    .chars()
                    .next()
                    .map_or(excerpt.span.start, |c| excerpt.span.start + c.len_utf8());
                excerpt.span.start..end
            } else {
                excerpt.span.clone()
            };
            main = main.element(
                Snippet::source(&excerpt.text)
                    .line_start(excerpt.first_line)
                    .path(&path)
                    .annotation(AnnotationKind::Primary.span(span)),
            );
        }
        let mut report = vec![main];
        if let Some(hint) = &self.hint {
            report.push(Group::with_title(Level::HELP.secondary_title(hint)));
        }
        renderer.render(&report)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// What a failed stage returns: every problem it found, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts by place, and folds repeats of one problem into the first: a
    /// mistake in a shared template fails every page, but is one thing to fix.
    pub fn sorted(mut diagnostics: Vec<Diagnostic>) -> Self {
        fn place(d: &Diagnostic) -> (&Path, usize, usize, &str) {
            (&d.file, d.line, d.column, &d.message)
        }
        diagnostics.sort_by(|a, b| place(a).cmp(&place(b)));
        let mut folded: Vec<(Diagnostic, usize)> = Vec::with_capacity(diagnostics.len());
        for diagnostic in diagnostics {
            match folded.last_mut() {
                Some((first, repeats)) if place(first) == place(&diagnostic) => *repeats += 1,
                _ => folded.push((diagnostic, 0)),
            }
        }
        Diagnostics(
            folded
                .into_iter()
                .map(|(mut diagnostic, repeats)| {
                    if repeats > 0 {
                        let note = format!("the same error stopped {repeats} other file(s) too");
                        diagnostic.hint = Some(match diagnostic.hint {
                            Some(hint) => format!("{hint}; {note}"),
                            None => note,
                        });
                    }
                    diagnostic
                })
                .collect(),
        )
    }

    /// `Ok` when a stage found nothing, else every error it found, sorted.
    pub fn fail_if_any(errors: Vec<Diagnostic>) -> std::result::Result<(), Diagnostics> {
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Diagnostics::sorted(errors))
        }
    }

    pub fn render(&self, colour: bool) -> String {
        let mut out = String::new();
        for diagnostic in &self.0 {
            out.push_str(&diagnostic.render(colour));
            out.push_str("\n\n");
        }
        out
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

pub type Result<T> = std::result::Result<T, Diagnostics>;

/// Turns a list of per-item results into all the successes or all the failures.
pub fn collect<T>(results: impl IntoIterator<Item = Result<T>>) -> Result<Vec<T>> {
    let mut oks = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(value) => oks.push(value),
            Err(Diagnostics(mut found)) => errors.append(&mut found),
        }
    }
    if errors.is_empty() {
        Ok(oks)
    } else {
        Err(Diagnostics::sorted(errors))
    }
}

/// "1 page", "2 pages": for the summary lines every command prints.
/// `result`'s value, or `None` with its errors added to `errors`: for a
/// stage whose mistakes are listed with the others' rather than stopping
/// the run.
pub fn kept<T>(errors: &mut Vec<Diagnostic>, result: Result<T>) -> Option<T> {
    result.map_err(|failed| errors.extend(failed.0)).ok()
}

pub fn count(n: usize, noun: &str) -> String {
    let plural = if noun.ends_with('s') { "es" } else { "s" };
    format!("{n} {noun}{}", if n == 1 { "" } else { plural })
}

/// The 1-based line and character column of byte `offset` in `source`.
pub fn line_and_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(source: &str, mut offset: usize) -> usize {
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Shows `path` relative to `root` when it lies inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let source = "title = \"Café\"\nbad = £\n";
        let offset = source.find('£').unwrap();
        assert_eq!(line_and_column(source, offset), (2, 7));
        assert_eq!(line_and_column(source, 0), (1, 1));
    }

    #[test]
    fn render_shows_path_line_caret_and_hint() {
        let source = "+++\ntitel = \"Hi\"\n+++\n";
        let start = source.find("titel").unwrap();
        let diagnostic = Diagnostic::error("content/a.md", "unknown front-matter key `titel`")
            .at(source, start..start + 5)
            .hint("did you mean `title`?");
        assert_eq!(diagnostic.location(), "content/a.md:2:1");
        let text = diagnostic.render(false);
        assert!(
            text.contains("error: unknown front-matter key `titel`"),
            "{text}"
        );
        assert!(text.contains("content/a.md:2:1"), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `title`?"), "{text}");
    }

    #[test]
    fn repeats_of_one_error_are_folded_into_one() {
        let d = |file: &str| Diagnostic::error(file, "boom").at_line(3, 4).hint("fix it");
        let folded = Diagnostics::sorted(vec![d("t.html"), d("a.md"), d("t.html"), d("t.html")]);
        assert_eq!(folded.0.len(), 2);
        assert_eq!(folded.0[0].file, Path::new("a.md"));
        assert_eq!(
            folded.0[1].hint.as_deref(),
            Some("fix it; the same error stopped 2 other file(s) too")
        );
    }

    #[test]
    fn did_you_mean_only_suggests_near_misses() {
        let keys = ["title", "description", "base_url"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("baseurl", keys), Some("base_url"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }
}
