//! Every different word of the documents an index is made from, numbered
//! once for the whole build, so that weighing a page's words and merging
//! them into the index count and look up numbers, not strings.
//!
//! Each thread also remembers what each token it has read became (a
//! number, or nothing for a common word): a site says the same few
//! thousand words on every page, and lower-casing and stemming a word
//! (Snowball rewrites it through a dozen steps) at every use was most of
//! the index's time (figures in docs/BENCHMARKS.md).

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use foldhash::HashMap;

use super::words::{Rules, index_word};

/// What a common word, which the index leaves out, is numbered.
pub(super) const DROPPED: u32 = u32::MAX;

/// The words of one index being made, by number.
pub(super) struct Vocabulary {
    /// Which vocabulary a thread's remembered tokens are numbered by: a
    /// thread that weighed for another (the other language's index, or
    /// another site's in the tests) forgets them first.
    epoch: u64,
    rules: Rules,
    numbered: Mutex<Numbered>,
}

#[derive(Default)]
struct Numbered {
    numbers: HashMap<Arc<str>, u32>,
    words: Vec<Arc<str>>,
}

/// A new number for each vocabulary made in this process.
static EPOCHS: AtomicU64 = AtomicU64::new(1);

/// How many tokens a thread remembers: a few megabytes at most. Past
/// that it forgets them all and starts again, so a site of many different
/// words costs its numbers, not more.
const TOKENS_KEPT: usize = 50_000;

thread_local! {
    /// The tokens this thread has read, as they appear (`Police` and
    /// `police` apart), each with its word's number or [`DROPPED`], for
    /// the vocabulary of `epoch`.
    static TOKENS: RefCell<(u64, HashMap<Box<str>, u32>)> = Default::default();
}

impl Vocabulary {
    pub(super) fn new(rules: Rules) -> Vocabulary {
        Vocabulary {
            epoch: EPOCHS.fetch_add(1, Ordering::Relaxed),
            rules,
            numbered: Mutex::default(),
        }
    }

    pub(super) fn rules(&self) -> Rules {
        self.rules
    }

    /// Runs `read` with this thread's [`Reader`] of tokens.
    pub(super) fn reading<R>(&self, read: impl FnOnce(&mut Reader) -> R) -> R {
        TOKENS.with_borrow_mut(|(epoch, tokens)| {
            if *epoch != self.epoch {
                tokens.clear();
                *epoch = self.epoch;
            }
            read(&mut Reader {
                vocabulary: self,
                tokens,
            })
        })
    }

    /// The number of `word`, as the index stores it.
    pub(super) fn number(&self, word: &str) -> u32 {
        let mut numbered = self.numbered.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&number) = numbered.numbers.get(word) {
            return number;
        }
        let number = numbered.words.len() as u32;
        let word: Arc<str> = Arc::from(word);
        numbered.words.push(Arc::clone(&word));
        numbered.numbers.insert(word, number);
        number
    }

    /// The word numbered `number`.
    #[cfg(test)]
    pub(super) fn word(&self, number: u32) -> Arc<str> {
        let numbered = self.numbered.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&numbered.words[number as usize])
    }

    /// Every word, by number.
    pub(super) fn into_words(self) -> Vec<Arc<str>> {
        let numbered = self.numbered.into_inner();
        numbered.unwrap_or_else(PoisonError::into_inner).words
    }
}

/// Numbers tokens, holding a thread's remembered ones: made by
/// [`Vocabulary::reading`], for one document at a time.
pub(super) struct Reader<'a> {
    vocabulary: &'a Vocabulary,
    tokens: &'a mut HashMap<Box<str>, u32>,
}

impl Reader<'_> {
    /// The number of a token's word (a token of
    /// [`Tokens`](super::words::Tokens), with whether it is lower case),
    /// or [`DROPPED`].
    #[inline]
    pub(super) fn number(&mut self, token: &str, lower: bool) -> u32 {
        if let Some(&number) = self.tokens.get(token) {
            return number;
        }
        let vocabulary = self.vocabulary;
        let number = match index_word(vocabulary.rules, token, lower) {
            Some(word) => vocabulary.number(&word),
            None => DROPPED,
        };
        if self.tokens.len() >= TOKENS_KEPT {
            self.tokens.clear();
        }
        self.tokens.insert(Box::from(token), number);
        number
    }
}
