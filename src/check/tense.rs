//! Sentences that speak of a planned scheme as if it were running: "Street
//! Pastors now help …", "Look for their uniforms on weekend nights", "It
//! was introduced in 2017/18". A resident may go looking for a service that
//! never started, so `check` warns at each one, on the scheme's page and in
//! its own words in `data/schemes.toml`.
//!
//! This is a reading of English, not a parse of it: a sentence counts when
//! it has a word of the present or of a start and no word of a plan or a
//! condition. It is tested against the sentences the fidelity review found
//! on the bundled site (`tests/time.rs`).

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::data::{Scheme, SchemeStatus};
use crate::diagnostic::Diagnostic;
use crate::site::Site;

/// A warning at each sentence that reads as if a planned scheme runs: any
/// sentence of the scheme's own page, and a sentence naming it on another
/// page that is not in an archive (a record of its time may say what was
/// true then).
pub(super) fn planned_schemes(site: &Site) -> Vec<Diagnostic> {
    let planned: Vec<&Scheme> = site
        .data
        .schemes
        .iter()
        .filter(|s| s.status == Some(SchemeStatus::Planned))
        .collect();
    if planned.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for page in &site.library.pages {
        let own = page.meta.scheme.as_ref().and_then(|id| {
            let id = id.get_ref();
            planned.iter().copied().find(|s| *s.id.get_ref() == *id)
        });
        if own.is_none() && site.library.in_archive(page) {
            continue;
        }
        let file = &page.file;
        let about = |sentence: &str| {
            own.or_else(|| planned.iter().copied().find(|s| names(sentence, &s.name)))
        };
        for (span, scheme, marker) in running_sentences(&file.text[file.body_start..], about) {
            let span = file.body_start + span.start..file.body_start + span.end;
            found.push(as_if_running(
                &file.shown,
                &file.text,
                span,
                scheme,
                &marker,
            ));
        }
    }
    let file = &site.data.schemes_file;
    for scheme in planned {
        let from = scheme.id.span().start;
        for text in [
            &scheme.what_it_is,
            &scheme.who_it_is_for,
            &scheme.how_to_get_help,
        ] {
            // Written without escapes, the value is in the file as it is.
            let Some(written) = file.text[from..].find(text.as_str()).map(|at| from + at) else {
                continue;
            };
            for (offset, sentence) in sentences(text) {
                if let Some((at, length)) = running_word(sentence) {
                    let start = written + offset + at;
                    let marker = &sentence[at..at + length];
                    let span = start..start + length;
                    found.push(as_if_running(&file.shown, &file.text, span, scheme, marker));
                }
            }
        }
    }
    found
}

/// In Markdown, each sentence `about` gives a subject for that reads as if
/// the subject runs: where the word that says so is in the source, the
/// subject, and the word.
pub(super) fn running_sentences<T>(
    markdown: &str,
    about: impl Fn(&str) -> Option<T>,
) -> Vec<(Range<usize>, T, String)> {
    let tags = super::shortcode_tags(markdown);
    let mut found = Vec::new();
    for paragraph in paragraphs(markdown) {
        for (offset, sentence) in sentences(&paragraph.text) {
            let Some(subject) = about(sentence) else {
                continue;
            };
            if let Some((at, length)) = running_word(sentence) {
                // Each end mapped on its own: the word may run over a line.
                let start = paragraph.source(offset + at);
                let end = paragraph.source(offset + at + length);
                if !super::in_a_tag(&tags, &(start..end)) {
                    found.push((start..end, subject, sentence[at..at + length].to_string()));
                }
            }
        }
    }
    found
}

/// Whether `sentence` names the scheme `name`, as whole words.
fn names(sentence: &str, name: &str) -> bool {
    let sentence = sentence.to_lowercase();
    let name = name.to_lowercase();
    sentence.match_indices(&name).any(|(at, _)| {
        let before = sentence[..at].chars().next_back();
        let after = sentence[at + name.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn as_if_running(
    shown: &Path,
    text: &str,
    at: Range<usize>,
    scheme: &Scheme,
    marker: &str,
) -> Diagnostic {
    Diagnostic::warning(
        shown,
        format!(
            "\"{marker}\" speaks of {} as running, but data/schemes.toml says it is only planned",
            scheme.name
        ),
    )
    .at(text, at)
    .hint(format!(
        "say what was planned and when (\"{} was planned for …\"), and do not send residents \
         to look for it; once it runs, set `status = \"running\"` in data/schemes.toml",
        scheme.name
    ))
    .code("planned-scheme")
}

/// A block of Markdown prose as one string (a paragraph, list item,
/// heading or table cell, its lines joined), with where each piece of it
/// is in the source: a sentence runs across the lines it is wrapped on.
#[derive(Default)]
struct Paragraph {
    text: String,
    /// (offset in `text`, offset in the source) where each piece starts.
    pieces: Vec<(usize, usize)>,
}

impl Paragraph {
    /// The source offset of `at` in `text`.
    fn source(&self, at: usize) -> usize {
        let (joined, source) = self
            .pieces
            .iter()
            .rev()
            .find(|(joined, _)| *joined <= at)
            .copied()
            .unwrap_or((0, 0));
        source + (at - joined)
    }
}

/// The prose of Markdown, block by block: text outside code, with a line
/// break read as a space.
fn paragraphs(markdown: &str) -> Vec<Paragraph> {
    let mut blocks = Vec::new();
    let mut current = Paragraph::default();
    let mut in_code = false;
    let mut finish = |current: &mut Paragraph| {
        let done = std::mem::take(current);
        if !done.text.trim().is_empty() {
            blocks.push(done);
        }
    };
    for (event, range) in Parser::new_ext(markdown, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => {
                current.pieces.push((current.text.len(), range.start));
                current.text.push_str(&markdown[range]);
            }
            Event::SoftBreak | Event::HardBreak | Event::Code(_) => current.text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell,
            ) => finish(&mut current),
            _ => {}
        }
    }
    finish(&mut current);
    blocks
}

/// Words that say something is happening now.
const NOW: &[&str] = &[
    "now",
    "currently",
    "today",
    "nowadays",
    "at present",
    "these days",
];

/// Verbs that, opening a sentence, send the reader to use something.
const GO_AND_USE: &[&str] = &[
    "look", "ask", "call", "phone", "ring", "visit", "go", "find", "join", "contact", "book",
    "come", "text", "email", "use", "speak", "talk",
];

/// Words that say it has started.
const STARTED: &[&str] = &[
    "was introduced",
    "were introduced",
    "has been introduced",
    "was launched",
    "were launched",
    "was re-launched",
    "was relaunched",
    "has been launched",
    "has started",
    "have started",
    "has begun",
    "went live",
];

/// What a running service does, in the present tense: the `-s` forms on
/// their own, and the plural forms after a plural subject ("volunteers
/// visit", "who patrol", "they offer"), where they cannot be nouns.
const DOES: &[&str] = &[
    "patrols", "visits", "offers", "provides", "runs", "operates", "helps", "gives", "supports",
    "meets",
];
const DO: &[&str] = &[
    "patrol", "visit", "offer", "provide", "run", "operate", "help", "give", "support", "meet",
];

/// Words that put a sentence in the future or the conditional, or say it
/// was only planned, so that it does not claim the scheme runs.
const NOT_YET: &[&str] = &[
    "planned", "plan", "plans", "will", "would", "was to", "were to", "not yet", "whether", "once",
    "if", "until", "proposed", "intended", "hoped", "aim", "aimed",
];

/// The sentences of `text`, each with its offset.
fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut start = 0;
    let ends = text.match_indices(['.', '!', '?', ';']);
    for (end, _) in ends.chain(std::iter::once((text.len(), ""))) {
        found.push((start, &text[start..end]));
        start = end + 1;
    }
    found
}

/// Each sentence of `text` that reads as if its subject is running now,
/// as the offset and the word that says so; at most one per sentence.
#[cfg(test)]
fn running_words(text: &str) -> Vec<(usize, &str)> {
    sentences(text)
        .into_iter()
        .filter_map(|(start, sentence)| {
            let (at, length) = running_word(sentence)?;
            Some((start + at, &sentence[at..at + length]))
        })
        .collect()
}

/// Where in `sentence` the word is that says it runs, and its length.
fn running_word(sentence: &str) -> Option<(usize, usize)> {
    let words = words_of(sentence);
    let lower: Vec<String> = words.iter().map(|(_, w)| w.to_lowercase()).collect();
    let find = |phrase: &str| {
        let wanted: Vec<&str> = phrase.split(' ').collect();
        lower
            .windows(wanted.len())
            .position(|w| w.iter().map(String::as_str).eq(wanted.iter().copied()))
            .map(|i| (words[i].0, phrase.len()))
    };
    if NOT_YET.iter().any(|p| find(p).is_some()) {
        return None;
    }
    let opening = lower
        .first()
        .filter(|w| GO_AND_USE.contains(&w.as_str()))
        .map(|w| (words[0].0, w.len()));
    let plural_subject = |i: usize| {
        i > 0 && {
            let before = lower[i - 1].as_str();
            matches!(before, "who" | "they" | "we" | "you")
                || (before.len() > 3 && before.ends_with('s') && !before.ends_with("ss"))
        }
    };
    let doing = lower.iter().enumerate().find_map(|(i, w)| {
        let verb = DOES.contains(&w.as_str()) || (DO.contains(&w.as_str()) && plural_subject(i));
        verb.then(|| (words[i].0, w.len()))
    });
    opening
        .or_else(|| NOW.iter().find_map(|p| find(p)))
        .or_else(|| STARTED.iter().find_map(|p| find(p)))
        .or(doing)
}

/// The words of a sentence with their offsets: letters, digits, and the
/// apostrophes and hyphens inside a word.
fn words_of(sentence: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut word_start = None;
    let ends = std::iter::once((sentence.len(), ' '));
    for (i, c) in sentence.char_indices().chain(ends) {
        let in_word = c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
        match (word_start, in_word) {
            (None, true) => word_start = Some(i),
            (Some(s), false) => {
                words.push((s, &sentence[s..i]));
                word_start = None;
            }
            _ => {}
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(text: &str) -> Vec<&str> {
        running_words(text).into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn sentences_that_send_residents_to_a_scheme_are_found() {
        assert_eq!(
            said("Street Pastors now help people on a night out."),
            ["now"]
        );
        assert_eq!(said("Look for the uniforms on weekend nights."), ["Look"]);
        assert_eq!(
            said("It is currently run by churches. Ask them."),
            ["currently", "Ask"]
        );
        assert_eq!(said("It was introduced in 2017/18."), ["was introduced"]);
        assert_eq!(said("Volunteers visit residents at home."), ["visit"]);
        assert_eq!(
            said("They offer first aid; it patrols at night."),
            ["offer", "patrols"]
        );
        let text = "First. Call us.";
        let found = running_words(text);
        assert_eq!(&text[found[0].0..found[0].0 + 4], "Call");
    }

    #[test]
    fn sentences_of_plans_and_conditions_are_not() {
        assert!(said("The partners planned to introduce it in 2017/18.").is_empty());
        assert!(said("Ask whether it has started.").is_empty());
        assert!(said("Volunteers will patrol once it starts.").is_empty());
        assert!(said("Volunteers were to give first aid.").is_empty());
        assert!(said("Knowledge of the town helps nobody here, if it never starts.").is_empty());
        assert!(said("Ask the council about a visit if it runs.").is_empty());
        assert!(said("People on a night out in Rayleigh.").is_empty());
        assert!(said("Nothing on this site says the scheme started.").is_empty());
    }

    #[test]
    fn a_sentence_wrapped_over_lines_is_read_whole() {
        let markdown = "Street Pastors were to patrol\nlate at night. They now\nhelp.\n\n```\nLook here\n```\n";
        let found: Vec<(String, usize)> = paragraphs(markdown)
            .iter()
            .flat_map(|p| {
                running_words(&p.text)
                    .into_iter()
                    .map(|(at, w)| (w.to_string(), p.source(at)))
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(found, [("now".to_string(), markdown.find("now").unwrap())]);
    }
}
