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

/// `stem` remembers the stems it has found; the remembered answers are
/// the algorithm's, for words it changes and words it leaves alone, and
/// stay so once the memory has been cleared for being full.
#[test]
fn remembered_stems_are_the_algorithms() {
    let list = include_str!("../../tests/browser/stems.txt");
    let pairs: Vec<(&str, &str)> = list
        .lines()
        .map(|text| text.split_once(' ').expect("a word and its stem"))
        .collect();
    for round in 0..3 {
        for &(word, expected) in &pairs {
            assert_eq!(stem(word), expected, "round {round}");
        }
    }
    // More different words than are kept: the memory is cleared on the
    // way, and every answer is still right.
    let many: Vec<String> = (0..60_000).map(|i| format!("caring{i}ness")).collect();
    for word in many.iter().chain(&many) {
        assert_eq!(stem(word), super::words::ENGLISH.stem(word));
    }
    assert_eq!(stem("burglaries"), "burglari");
    assert_eq!(stem("safe"), "safe");
}
