//! Words as the index stores them and `search.js` looks them up: the
//! tokenizer, stop words, English stems, and the runs of text between a
//! page's tags. Every word of every page passes through here, so it works a
//! byte at a time where the text is ASCII.

use std::borrow::Cow;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

/// Defines the stop words once, as a list and as a `match`: matching against
/// constant strings compiles to a length test and a load or two, several
/// times quicker than comparing with each word of a list, and every word of
/// every page is tested.
macro_rules! stop_words {
    ($($word:literal),* $(,)?) => {
        /// Words too common to help find a page; `search.js` has the same list.
        #[cfg_attr(not(test), allow(dead_code))]
        pub(super) const STOP_WORDS: &[&str] = &[$($word),*];

        pub(super) fn is_stop_word(word: &str) -> bool {
            matches!(word, $($word)|*)
        }
    };
}

stop_words![
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "we", "were",
    "will", "with", "you", "your",
];

/// The words of `text` as the index stores them: lower case, letters and
/// digits only, common words dropped, each cut to its English stem.
/// `search.js` does the same to what the reader types.
pub fn words(text: &str) -> Vec<String> {
    words_of(text).map(|w| stem(&w).into_owned()).collect()
}

pub(super) static ENGLISH: LazyLock<Stemmer> =
    LazyLock::new(|| Stemmer::create(Algorithm::English));

/// The Snowball English stem of a lower-case word, so that the forms a
/// resident types find the forms a page uses: `burglary` and `burglaries`
/// are both `burglari`, `safety` and `safe` are `safeti` and `safe`.
/// `stem.js` is the same algorithm, for the words typed in the browser,
/// and `tests/browser/stems.txt` holds them to the same answers. (The
/// index remembers each word's stem in its [`Vocabulary`](super::vocabulary),
/// so a page's words are not stemmed again at every use.)
pub fn stem(word: &str) -> Cow<'_, str> {
    ENGLISH.stem(word)
}

/// How a language's words are made index words. English's are
/// [`words_of`]'s; `search.js` is told the others by the search form's
/// `data-rules`, and reads words as these do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Rules {
    /// Lower case, English stop words dropped, each word [stemmed](stem).
    #[default]
    English,
    /// Lower case, the accents of Welsh taken off (`dŵr` is found by
    /// `dwr`, as residents often type it), Welsh stop words dropped, and
    /// nothing taken off the end: `nos` is not a plural.
    Welsh,
    /// Lower case alone, for a language Lamplight has no rules for.
    Plain,
}

impl Rules {
    /// The rules for a language code: `en-GB` English, `cy` Welsh.
    pub fn for_language(code: &str) -> Rules {
        match code.split('-').next().unwrap_or(code) {
            "en" => Rules::English,
            "cy" => Rules::Welsh,
            _ => Rules::Plain,
        }
    }

    /// As the search form names them to `search.js`.
    pub fn name(self) -> &'static str {
        match self {
            Rules::English => "en",
            Rules::Welsh => "cy",
            Rules::Plain => "plain",
        }
    }
}

/// The words of `text` by `rules`, as [`words`] for English.
pub fn words_in(rules: Rules, text: &str) -> Vec<String> {
    match rules {
        Rules::English => words(text),
        _ => other_words(rules, text).map(Cow::into_owned).collect(),
    }
}

/// Words by the rules of a language other than English.
pub(super) fn other_words(rules: Rules, text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    Tokens { rest: text }.filter_map(move |(w, lower)| other_word(rules, w, lower))
}

/// A token as a language other than English indexes it, `None` for a
/// common word.
fn other_word(rules: Rules, token: &str, lower: bool) -> Option<Cow<'_, str>> {
    let lower = lower_case(token, lower);
    let word = if rules == Rules::Welsh && !lower.is_ascii() {
        Cow::Owned(lower.chars().map(without_accent).collect())
    } else {
        lower
    };
    (rules != Rules::Welsh || !is_welsh_stop_word(&word)).then_some(word)
}

/// A token, one of [`Tokens`]' with whether it is lower case, as the index
/// stores it by `rules`: `None` for a common word.
pub(super) fn index_word(rules: Rules, token: &str, lower: bool) -> Option<Cow<'_, str>> {
    match rules {
        Rules::English => english_word(token, lower).map(|word| match word {
            Cow::Borrowed(word) => stem(word),
            Cow::Owned(word) => Cow::Owned(stem(&word).into_owned()),
        }),
        _ => other_word(rules, token, lower),
    }
}

/// The letters Welsh writes with a circumflex (to bach), acute, grave or
/// diaeresis, and the letter without it; `search.js` has the same two lists.
pub(super) const ACCENTED: &str = "âáàäêéèëîíìïôóòöûúùüŵẃẁẅŷýỳÿ";
pub(super) const UNACCENTED: &str = "aaaaeeeeiiiioooouuuuwwwwyyyy";

fn without_accent(c: char) -> char {
    match ACCENTED.chars().position(|a| a == c) {
        Some(at) => UNACCENTED.as_bytes()[at] as char,
        None => c,
    }
}

/// Welsh words too common to help find a page, as the tokenizer leaves
/// them: `sy'n` is `sy` and `n`, `i'r` is `i` and `r`.
pub(super) const WELSH_STOP_WORDS: &[&str] = &[
    "a", "ac", "ag", "am", "ar", "at", "bod", "dy", "ei", "eich", "ein", "eu", "fe", "fy", "gan",
    "hefyd", "hon", "hwn", "hyn", "i", "m", "mae", "n", "na", "nad", "neu", "ni", "nid", "o",
    "oedd", "oes", "ond", "os", "pan", "r", "sy", "sydd", "th", "w", "wedi", "y", "yn", "yr", "yw",
];

fn is_welsh_stop_word(word: &str) -> bool {
    WELSH_STOP_WORDS.binary_search(&word).is_ok()
}

/// The English words of `text`, lower case, before they are stemmed:
/// a page's words are counted first and each different one stemmed once.
/// Borrowed where the text is already lower case, as most words are.
pub(super) fn words_of(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    Tokens { rest: text }.filter_map(|(w, lower)| english_word(w, lower))
}

/// A token lower case, `None` for a stop word.
fn english_word(token: &str, lower: bool) -> Option<Cow<'_, str>> {
    let word = lower_case(token, lower);
    (!is_stop_word(&word)).then_some(word)
}

/// A token in lower case, borrowed when it is already (`lower`).
fn lower_case(token: &str, lower: bool) -> Cow<'_, str> {
    match lower {
        true => Cow::Borrowed(token),
        false => Cow::Owned(token.to_lowercase()),
    }
}

/// The runs of letters and digits in a text, each with whether it is
/// already lower case. Reads ASCII a byte at a time and decodes only other
/// characters: the search index reads every page's text, and splitting it
/// on `char::is_alphanumeric` was a sixth of a build.
pub(super) struct Tokens<'a> {
    pub(super) rest: &'a str,
}

const LOWER: u8 = 1;
const UPPER: u8 = 2;
/// A byte that starts or continues a character outside ASCII.
const OTHER: u8 = 4;

/// Each byte's class: 0 for ASCII between words, [`LOWER`] for a
/// lower-case letter or a digit, [`UPPER`] for a capital, [`OTHER`] for a
/// byte of a character outside ASCII, which is decoded to be told.
const CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        class[byte] = if b.is_ascii_uppercase() {
            UPPER
        } else if b.is_ascii_alphanumeric() {
            LOWER
        } else {
            0
        };
        byte += 1;
    }
    class
};

/// The class of the character at byte `at` of `text`, not ASCII, and its
/// length in bytes.
fn class_of_char_at(text: &str, at: usize) -> (u8, usize) {
    let c = text[at..].chars().next().expect("at a character boundary");
    let class = if c.is_uppercase() {
        UPPER
    } else if c.is_alphanumeric() {
        LOWER
    } else {
        0
    };
    (class, c.len_utf8())
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (&'a str, bool);

    /// Two loops over the bytes, with the text in locals rather than read
    /// through `self` at every byte, and a lower-case letter (most bytes of
    /// most words) tested first: the optimiser keeps that path to a table
    /// load, a compare and a step. Inlined into the loops that read
    /// every page's words, it keeps its locals in registers between
    /// tokens (1.4% of a 1,000-page build's instructions).
    #[inline]
    fn next(&mut self) -> Option<(&'a str, bool)> {
        let text = self.rest;
        let bytes = text.as_bytes();
        let mut at = 0;
        let start = loop {
            let Some(&byte) = bytes.get(at) else {
                self.rest = "";
                return None;
            };
            let (class, width) = match CLASS[byte as usize] {
                OTHER => class_of_char_at(text, at),
                class => (class, 1),
            };
            if class != 0 {
                break at;
            }
            at += width;
        };
        let mut seen = 0;
        while let Some(&byte) = bytes.get(at) {
            let (class, width) = match CLASS[byte as usize] {
                LOWER => {
                    at += 1;
                    continue;
                }
                OTHER => class_of_char_at(text, at),
                class => (class, 1),
            };
            if class == 0 {
                break;
            }
            seen |= class;
            at += width;
        }
        let (token, rest) = text.split_at(at);
        self.rest = rest;
        Some((&token[start..], seen & UPPER == 0))
    }
}

/// The runs of readable text in rendered HTML, between its tags and the
/// escapes the renderer writes; scripts and styles are left out. Every tag
/// and escape stands for something that is not a letter or a digit, so a
/// word never crosses from one run to the next, and the page's words are
/// read without copying its text out first.
pub(super) fn text_runs(html: &str) -> TextRuns<'_> {
    TextRuns { rest: html }
}

pub(super) struct TextRuns<'a> {
    rest: &'a str,
}

/// What `pulldown-cmark` and the templates escape.
const ESCAPES: [&str; 6] = ["&lt;", "&gt;", "&quot;", "&#39;", "&nbsp;", "&amp;"];

impl<'a> Iterator for TextRuns<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            let rest = self.rest;
            match memchr::memchr2(b'<', b'&', rest.as_bytes()) {
                None if rest.is_empty() => return None,
                None => {
                    self.rest = "";
                    return Some(rest);
                }
                Some(0) => self.rest = skip_markup(rest),
                Some(at) => {
                    self.rest = &rest[at..];
                    return Some(&rest[..at]);
                }
            }
        }
    }
}

/// `rest`, which starts with `<` or `&`, after its tag (a whole script or
/// style element) or escape. An unclosed tag ends the text; an `&` that
/// starts no escape is skipped alone.
fn skip_markup(rest: &str) -> &str {
    if rest.starts_with('&') {
        let escape = ESCAPES.iter().find(|e| rest.starts_with(**e));
        return &rest[escape.map_or(1, |e| e.len())..];
    }
    let starts = |tag: &str| {
        rest.len() >= tag.len() && rest.as_bytes()[..tag.len()].eq_ignore_ascii_case(tag.as_bytes())
    };
    let end = if starts("<script") {
        rest.find("</script>").map(|i| i + 9)
    } else if starts("<style") {
        rest.find("</style>").map(|i| i + 8)
    } else {
        memchr::memchr(b'>', rest.as_bytes()).map(|i| i + 1)
    };
    end.map_or("", |end| &rest[end..])
}
