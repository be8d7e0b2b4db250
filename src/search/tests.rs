//! The index's words, and `search.js` reading them alike.

use super::words::{STOP_WORDS, Tokens, is_stop_word, text_runs};
use super::*;

#[test]
fn words_are_lower_case_stemmed_and_uncommon() {
    assert_eq!(
        words("The J9 Schemes: help with domestic abuse, & addresses"),
        ["j9", "scheme", "help", "domest", "abus", "address"]
    );
    assert_eq!(words("bus gas ASB"), ["bus", "gas", "asb"]);
    assert_eq!(words("Burgled burglaries"), ["burgl", "burglari"]);
}

#[test]
fn words_are_split_on_anything_but_letters_and_digits_in_any_script() {
    assert_eq!(
        words("Café—Ysgol Gymraeg, 24/7; naïve ÉCOLE! x"),
        ["café", "ysgol", "gymraeg", "24", "7", "naïv", "école", "x"]
    );
    assert_eq!(words(""), Vec::<String>::new());
    assert_eq!(words(" … "), Vec::<String>::new());
}

proptest::proptest! {
    /// The byte-at-a-time tokens are the runs of letters and digits
    /// `char` methods find, in ASCII and out of it.
    #[test]
    fn tokens_are_the_alphanumeric_runs(text in "[a-zA-Z0-9 ,.'<>&;éÉßİΣσ…—\\PC]{0,40}") {
        let word_char = |c: char| c.is_alphanumeric() || c.is_uppercase();
        let expected: Vec<(&str, bool)> = text
            .split(|c: char| !word_char(c))
            .filter(|w| !w.is_empty())
            .map(|w| (w, !w.chars().any(char::is_uppercase)))
            .collect();
        let tokens: Vec<(&str, bool)> = Tokens { rest: &text }.collect();
        proptest::prop_assert_eq!(tokens, expected);
    }
}

const SEARCH_JS: &str = include_str!("../../themes/default/static/js/search.js");

/// The words of the list `var NAME = [...]` in search.js.
fn list_in_search_js(name: &str) -> Vec<&'static str> {
    let list = SEARCH_JS
        .split_once(&format!("var {name} = ["))
        .and_then(|(_, rest)| rest.split_once(']'))
        .unwrap_or_else(|| panic!("search.js has its {name} list"))
        .0;
    list.split(',')
        .map(|w| w.trim().trim_matches('"'))
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn search_js_drops_the_same_stop_words() {
    let in_script = list_in_search_js("STOP");
    assert_eq!(in_script, STOP_WORDS);
    assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
    assert!(!is_stop_word("them") && !is_stop_word(""));
}

#[test]
fn welsh_words_lose_their_accents_and_common_words_and_keep_their_ends() {
    assert_eq!(
        words_in(
            Rules::Welsh,
            "Mae'r DŴR yn oer; ceir gwasanaethau ar gael nos Sul"
        ),
        ["dwr", "oer", "ceir", "gwasanaethau", "gael", "nos", "sul"]
    );
    assert_eq!(
        words_in(Rules::Welsh, "tŷ Siôn"),
        words_in(Rules::Welsh, "ty sion")
    );
    assert_eq!(words_in(Rules::Plain, "Les Écoles"), ["les", "écoles"]);
    assert_eq!(Rules::for_language("en-GB"), Rules::English);
    assert_eq!(Rules::for_language("cy"), Rules::Welsh);
    assert_eq!(Rules::for_language("fr"), Rules::Plain);
}

#[test]
fn search_js_reads_welsh_as_the_index_does() {
    let in_script = list_in_search_js("WELSH_STOP");
    assert_eq!(in_script, words::WELSH_STOP_WORDS);
    let mut sorted = in_script.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, in_script, "the Rust list is searched in halves");
    for (name, list) in [
        ("ACCENTED", words::ACCENTED),
        ("UNACCENTED", words::UNACCENTED),
    ] {
        assert!(
            SEARCH_JS.contains(&format!("var {name} = \"{list}\";")),
            "{name}"
        );
    }
}

#[test]
fn text_leaves_out_tags_escapes_and_code() {
    let html = "<h2 id=\"a\">Who &amp; why</h2><p>Call <strong>101</strong>.</p>\
                <script>secret()</script><style>p{}</style>R&amp;D &hellip; &#39;x&quot;y<b";
    let runs: Vec<&str> = text_runs(html).collect();
    assert_eq!(
        runs,
        [
            "Who ", " why", "Call ", "101", ".", "R", "D ", "hellip; ", "x", "y"
        ]
    );
    let words: Vec<String> = runs.iter().flat_map(|run| words(run)).collect();
    assert_eq!(
        words,
        ["who", "whi", "call", "101", "r", "d", "hellip", "x", "y"]
    );
}

/// `tests/browser/stems.txt` is the bundled site's words, and words that
/// try each step of the algorithm, with their stems; the browser suite
/// holds `stem.js` to the same list, so the two stem alike.
#[test]
fn stems_are_those_the_browser_is_held_to() {
    let list = include_str!("../../tests/browser/stems.txt");
    let mut n = 0;
    for (line, text) in list.lines().enumerate() {
        let (word, expected) = text.split_once(' ').expect("a word and its stem");
        assert_eq!(stem(word), expected, "stems.txt line {}", line + 1);
        n += 1;
    }
    assert!(n > 3000, "stems.txt has only {n} words");
    assert_eq!(stem("burglaries"), stem("burglary"));
}

/// A thread remembers each token it has read and what it became; the
/// remembered answers are the rules', for tokens stemmed, left alone,
/// dropped or in capitals, and stay so once the memory has been cleared
/// for being full, and when the thread reads for another vocabulary.
#[test]
fn remembered_tokens_are_numbered_as_their_words() {
    let list = include_str!("../../tests/browser/stems.txt");
    let mut tokens: Vec<String> = list
        .lines()
        .map(|text| {
            text.split_once(' ')
                .expect("a word and its stem")
                .0
                .to_string()
        })
        .collect();
    tokens.extend(["The", "the", "Burglaries", "SAFETY", "Café"].map(String::from));
    let read = |vocabulary: &vocabulary::Vocabulary, tokens: &[String]| {
        let numbers: Vec<u32> = vocabulary.reading(|reader| {
            let lower = |t: &str| !t.chars().any(char::is_uppercase);
            tokens.iter().map(|t| reader.number(t, lower(t))).collect()
        });
        for (token, number) in tokens.iter().zip(numbers) {
            let expected = words_in(vocabulary.rules(), token).pop();
            let got = (number != vocabulary::DROPPED).then(|| vocabulary.word(number));
            assert_eq!(got.as_deref(), expected.as_deref(), "{token}");
        }
    };
    // Two vocabularies read by turns on one thread, each by its own rules.
    let english = vocabulary::Vocabulary::new(Rules::English);
    let welsh = vocabulary::Vocabulary::new(Rules::Welsh);
    for _round in 0..2 {
        read(&english, &tokens);
        read(&welsh, &tokens);
    }
    // More different tokens than are kept: the memory is cleared on the way.
    tokens.extend((0..60_000).map(|i| format!("caring{i}ness")));
    read(&english, &tokens);
    read(&english, &tokens);
}

/// Each word's weight, by the plain definition: the words of each field
/// as [`words_in`] reads them, the title's pairs joined, counted up to
/// each field's limit, doubled unless the page is past.
fn weights_by_definition(doc: &Document, text: &Text, rules: Rules) -> Vec<(String, u32)> {
    use std::collections::BTreeMap;
    let limits = [(10, 1), (5, 1), (3, 1), (2, 1), (1, 3)];
    let mut uses: BTreeMap<String, [u32; 5]> = BTreeMap::new();
    let fields = [doc.title, &text.headings, doc.description, doc.section];
    let runs = fields.into_iter().enumerate();
    for (field, run) in runs.chain(text_runs(&text.html).map(|run| (4, run))) {
        for word in words_in(rules, run) {
            uses.entry(word).or_default()[field] += 1;
        }
    }
    let title_words: Vec<String> = match rules {
        Rules::English => words::words_of(doc.title).map(|w| w.into_owned()).collect(),
        _ => words_in(rules, doc.title),
    };
    for pair in title_words.windows(2) {
        let joined = format!("{}{}", pair[0], pair[1]);
        let word = match rules {
            Rules::English => stem(&joined).into_owned(),
            _ => joined,
        };
        uses.entry(word).or_default()[0] += 1;
    }
    let doubled = u32::from(!doc.past);
    let weight =
        |n: [u32; 5]| -> u32 { limits.iter().zip(n).map(|((w, c), n)| w * n.min(*c)).sum() };
    uses.into_iter()
        .map(|(word, n)| (word, weight(n) << doubled))
        .collect()
}

proptest::proptest! {
    /// `weigh`, which counts words by number through each thread's
    /// remembered tokens, gives every word the weight the plain
    /// definition does, in English and Welsh, for documents weighed one
    /// after another on one thread.
    #[test]
    fn weights_are_those_of_the_plain_definition(
        fields in proptest::collection::vec(
            proptest::collection::vec(
                proptest::sample::select(vec![
                    "Police", "police", "the", "The", "Burglary", "burglaries", "safe",
                    "SAFETY", "Keep", "keep", "Safe", "street", "Pastors", "dŵr", "Dŵr",
                    "mae", "yn", "it", "I", "T", "a", "caring", "&amp;", "<b>", "</b>",
                    "anti-social", "behaviour", "24/7", "café", "Cafe", "x", "ASB",
                ]),
                0..12,
            ),
            6,
        ),
        past in proptest::bool::ANY,
    ) {
        let text = |i: usize| fields[i].join(" ");
        let (title, headings, description, section, html, second) =
            (text(0), text(1), text(2), text(3), text(4), text(5));
        for rules in [Rules::English, Rules::Welsh] {
            let vocabulary = vocabulary::Vocabulary::new(rules);
            for html in [&html, &second] {
                let doc = Document {
                    what: Source::Data,
                    for_officers: false,
                    past,
                    title: &title,
                    url: "/a/",
                    description: &description,
                    section: &section,
                    data_text: "",
                };
                let html = std::borrow::Cow::Borrowed(html.as_str());
                let text = Text { headings: headings.clone(), html };
                let mut got: Vec<(String, u32)> = weigh(&doc, &text, &vocabulary)
                    .into_iter()
                    .map(|(number, weight)| (vocabulary.word(number).to_string(), weight))
                    .collect();
                got.sort();
                proptest::prop_assert_eq!(got, weights_by_definition(&doc, &text, rules));
            }
        }
    }
}
