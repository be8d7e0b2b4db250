//! How much each word of a document counts for: where it is (title,
//! headings, description, section, text) and how often, counted by the
//! word's number in the index's [`Vocabulary`] (its stem, in English).

use std::borrow::Cow;
use std::cell::RefCell;

use super::vocabulary::{DROPPED, Vocabulary};
use super::words::{Rules, Tokens, other_words, stem, text_runs, words_of};
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
    pairs.map(|pair| [&*pair[0], &*pair[1]].concat()).collect()
}

/// Each word's uses in each field, by the word's number: the words of
/// one document at a time, on one thread.
#[derive(Default)]
struct Uses {
    /// Word number → 1 + its place in `counts`, or 0 when not yet used.
    place: Vec<u32>,
    counts: Vec<(u32, [u32; 5])>,
}

impl Uses {
    #[inline]
    fn count(&mut self, number: u32, field: usize) {
        let at = number as usize;
        if at >= self.place.len() {
            self.place.resize(at + 1, 0);
        }
        let place = &mut self.place[at];
        if *place == 0 {
            self.counts.push((number, [0; 5]));
            *place = self.counts.len() as u32;
        }
        self.counts[*place as usize - 1].1[field] += 1;
    }
}

thread_local! {
    /// Kept from one document to the next, all `place`s back at 0.
    static USES: RefCell<Uses> = Default::default();
}

/// Each word of a document, by its number in `vocabulary`, with its weight.
pub(super) fn weigh(doc: &Document, text: &Text, vocabulary: &Vocabulary) -> Vec<(u32, u32)> {
    let fields = [TITLE, HEADINGS, DESCRIPTION, SECTION, BODY];
    let short_fields = [
        doc.title,
        text.headings.as_str(),
        doc.description,
        doc.section,
    ];
    let body_field = short_fields.len();
    let body = text_runs(&text.html);
    let runs = short_fields
        .into_iter()
        .enumerate()
        .chain(body.map(|run| (body_field, run)));
    let rules = vocabulary.rules();
    USES.with_borrow_mut(|uses| {
        vocabulary.reading(|reader| {
            for (field, run) in runs {
                for (token, lower) in (Tokens { rest: run }) {
                    let number = reader.number(token, lower);
                    if number != DROPPED {
                        uses.count(number, field);
                    }
                }
            }
        });
        // Already lower case and without common words, and never one:
        // only stemmed.
        for joined in joined_pairs(doc.title, rules) {
            let word = match rules {
                Rules::English => stem(&joined),
                _ => Cow::Borrowed(joined.as_str()),
            };
            uses.count(vocabulary.number(&word), 0);
        }
        // A page about an earlier time counts for half: a past plan says
        // "anti-social behaviour" as often as this year's page, and a
        // resident wants this year's first. (Doubled rather than halved,
        // so a word used once still tells the two apart.)
        let doubled = u32::from(!doc.past);
        let Uses { place, counts } = uses;
        counts
            .drain(..)
            .map(|(number, uses)| {
                place[number as usize] = 0;
                let weight: u32 = fields
                    .iter()
                    .zip(uses)
                    .map(|((weight, counted), n)| weight * n.min(*counted))
                    .sum();
                (number, weight << doubled)
            })
            .collect()
    })
}
