//! What search knows beyond the pages' own words: groups of words and
//! phrases that mean the same to a reader, so that `asb` finds the pages
//! that say "anti-social behaviour", and "domestic violence" those that
//! say "domestic abuse".
//!
//! The groups come from the glossary (each abbreviation with its meaning)
//! and from `[search] synonyms` in `config.toml`. They go to `search.js` in
//! `meta.json` as index words, each phrase a list of them: the script
//! looks for any phrase of a group where a reader typed one of them.

use super::words::{Rules, words_in};
use crate::config::Config;
use crate::glossary::Glossary;

/// Phrases that mean the same, each as its index words.
pub type Group = Vec<Vec<String>>;

/// The groups of the site's own language: the glossary's, then the
/// config's. Phrases that are all common words, and groups left with
/// fewer than two different phrases, say nothing and are dropped.
pub fn of_site(config: &Config, glossary: &Glossary, rules: Rules) -> Vec<Group> {
    let from_glossary = glossary
        .terms
        .iter()
        .map(|term| vec![term.abbreviation.get_ref().as_str(), term.meaning.as_str()]);
    let from_config = config
        .search
        .synonyms
        .iter()
        .map(|group| group.iter().map(String::as_str).collect());
    let groups = from_glossary.chain(from_config);
    groups
        .filter_map(|phrases: Vec<&str>| group_of(&phrases, rules))
        .collect()
}

/// The phrases as index words, without repeats; `None` if fewer than two
/// are left.
fn group_of(phrases: &[&str], rules: Rules) -> Option<Group> {
    let mut group: Group = Vec::new();
    for phrase in phrases {
        let words = words_in(rules, phrase);
        if !words.is_empty() && !group.contains(&words) {
            group.push(words);
        }
    }
    (group.len() > 1).then_some(group)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_become_index_words_and_empty_groups_go() {
        let group = group_of(&["ASB", "anti-social behaviour"], Rules::English);
        assert_eq!(
            group,
            Some(vec![
                vec!["asb".to_string()],
                vec!["anti".into(), "social".into(), "behaviour".into()]
            ])
        );
        // "Burglaries" and "burglary" are one index word: nothing to add.
        assert_eq!(group_of(&["Burglaries", "burglary"], Rules::English), None);
        assert_eq!(group_of(&["the", "burglary"], Rules::English), None);
    }
}
