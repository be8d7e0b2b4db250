//! How much each word of a document counts for: where it is (title,
//! headings, description, section, text) and how often, counted once per
//! different word and then by stem.

use std::borrow::Cow;

use foldhash::HashMap;

use super::words::{Rules, other_words, stem, text_runs, words_of};
use super::{Document, Text};

/// How much a word counts for, by where it is: `(weight of one use, uses
/// counted)`. A word said three times in the text is likelier what the page
/// is about than one said once, but past that, length should not win.
const TITLE: (u32, u32) = (10, 1);
const HEADINGS: (u32, u32) = (5, 1);
const DESCRIPTION: (u32, u32) = (3, 1);
const SECTION: (u32, u32) = (2, 1);
const BODY: (u32, u32) = (1, 3);

/// Each two words of a title side by side written as one, as residents
/// type the names of schemes: "Keep Safe" is found by `keepsafe`, "Street
/// Pastors" by `streetpastors`, "Anti-social behaviour" by `antisocial`.
fn joined_pairs(title: &str, rules: Rules) -> Vec<String> {
    let words: Vec<Cow<str>> = match rules {
        Rules::English => words_of(title).collect(),
        _ => other_words(rules, title).collect(),
    };
    let pairs = words.windows(2);
    pairs
        .map(|pair| format!("{}{}", pair[0], pair[1]))
        .collect()
}

/// A page's English words' uses, counted by stem: each different word is
/// stemmed once, rather than at every use.
fn by_stem(uses: HashMap<Cow<'_, str>, [u32; 5]>) -> HashMap<Cow<'_, str>, [u32; 5]> {
    let mut stems: HashMap<Cow<str>, [u32; 5]> = HashMap::default();
    stems.reserve(uses.len());
    for (word, counts) in uses {
        let stemmed = match word {
            Cow::Borrowed(word) => stem(word),
            Cow::Owned(word) => Cow::Owned(stem(&word).into_owned()),
        };
        let all = stems.entry(stemmed).or_default();
        for (all, n) in all.iter_mut().zip(counts) {
            *all += n;
        }
    }
    stems
}

/// Each word of a document with its weight.
pub(super) fn weigh<'a>(
    doc: &Document<'a>,
    text: &'a Text,
    rules: Rules,
) -> Vec<(Cow<'a, str>, u32)> {
    let fields = [TITLE, HEADINGS, DESCRIPTION, SECTION, BODY];
    let short_fields = [
        doc.title,
        text.headings.as_str(),
        doc.description,
        doc.section,
    ];
    let body_field = short_fields.len();
    let body = text_runs(text.html);
    // Each word's uses in each field, counted in one pass over the words.
    let mut uses: HashMap<Cow<str>, [u32; 5]> = HashMap::default();
    uses.reserve(text.html.len() / 32);
    let runs = short_fields
        .into_iter()
        .enumerate()
        .chain(body.map(|run| (body_field, run)));
    // English, nearly every site's, without a test at every word.
    for (field, run) in runs {
        if rules == Rules::English {
            for word in words_of(run) {
                uses.entry(word).or_default()[field] += 1;
            }
        } else {
            for word in other_words(rules, run) {
                uses.entry(word).or_default()[field] += 1;
            }
        }
    }
    for joined in joined_pairs(doc.title, rules) {
        uses.entry(Cow::Owned(joined)).or_default()[0] += 1;
    }
    if rules == Rules::English {
        uses = by_stem(uses);
    }
    // A page about an earlier time counts for half: a past plan says
    // "anti-social behaviour" as often as this year's page, and a
    // resident wants this year's first. (Doubled rather than halved, so
    // a word used once still tells the two apart.)
    let doubled = u32::from(!doc.past);
    uses.into_iter()
        .map(|(word, uses)| {
            let weight: u32 = fields
                .iter()
                .zip(uses)
                .map(|((weight, counted), n)| weight * n.min(*counted))
                .sum();
            (word, weight << doubled)
        })
        .collect()
}
