//! The index as the files `search.js` fetches: a small `meta.json` first,
//! then only the shards of words a query looks up and the chunks of
//! documents it shows. One file for the whole index grew with the site,
//! and a resident's phone downloaded all of it on the first search
//! (figures in docs/BENCHMARKS.md).
//!
//! - `meta.json`: `{"v": version, "docs": count, "chunk": documents per
//!   chunk, "shards": [prefix, …], "officers": first document for
//!   officers, "synonyms": [[[word, …], …], …]}`. The version goes on every
//!   other file's address (`?v=`), so a browser never mixes a cached shard
//!   of one build with the documents of another.
//! - `words-<prefix>.json`: `{word: postings, …}` for the words in the
//!   shard. A word is in the shard of the longest prefix listed that it
//!   begins with. Shards start at two letters and are split by one more
//!   letter while larger than [`SHARD_BYTES`].
//! - `docs-<n>.json`: `[[title, url, description, section], …]` for
//!   documents `n * chunk` onwards.
//!
//! Postings are base-64 VLQ digits (as in source maps, without the sign
//! bit): for each document, its distance from the last one, then the
//! word's weight there. Most take two characters, a third of a JSON array.

use std::ops::Range;
use std::sync::Arc;

use foldhash::HashMap;
use rayon::prelude::*;
use serde::Serialize;

use super::{Extra, Postings, SearchIndex, synonyms::Group};

pub use crate::output::SEARCH_FOLDER as FOLDER;
/// What the search page fetches first, in the output folder.
pub const META: &str = "search-index/meta.json";

/// A shard is split by one more letter while its JSON is larger than this:
/// the two words of a query then cost a phone two small files, except a
/// word so common that its own list is larger.
const SHARD_BYTES: usize = 64 * 1024;
/// Letters of the prefixes shards start with.
const FIRST_LETTERS: usize = 2;
/// Documents per file of documents: a page of ten results fetches at most
/// ten of these, a few kilobytes each.
pub const DOCS_PER_CHUNK: usize = 32;

/// The index's files, and what lets `serve` copy those an edit left alone.
#[derive(Debug, Clone, Default)]
pub(super) struct Written {
    /// Path in the output folder → JSON, meta first.
    pub(super) files: Vec<(String, Arc<String>)>,
    /// Every word in order, with the size of its entry in its shard.
    words: Arc<[(Arc<str>, usize)]>,
    /// The shards in order.
    shards: Vec<Shard>,
    /// The chunks of documents' JSON, each with its hash.
    chunks: Vec<(Arc<String>, u64)>,
}

#[derive(Debug, Clone)]
struct Shard {
    prefix: String,
    /// Its words, in [`Written::words`].
    range: Range<usize>,
    json: Arc<String>,
    hash: u64,
}

/// A word and its postings, in the order of the words.
type Entry<'a> = (&'a Arc<str>, &'a Arc<[u32]>);

impl Written {
    /// Writes `docs` and `words`, copying from `last` the shards whose
    /// words' lists are all the very ones it wrote, and its documents if
    /// they are the same.
    pub(super) fn new(
        docs: &Arc<Vec<[String; 4]>>,
        words: &Postings,
        extra: &Extra,
        last: Option<&SearchIndex>,
    ) -> Written {
        let (sorted, from) = in_order(words, last);
        // A word's postings are the last index's own when an update kept them.
        let kept = |word: &Arc<str>, postings: &Arc<[u32]>| {
            let last = last?;
            let old = last.words.get(word)?;
            Arc::ptr_eq(old, postings).then_some(last)
        };
        // A kept word's entry is the size it was, and is not encoded again:
        // `None` below is how the shards tell the words an update kept.
        let (encoded, sizes): (Vec<Option<String>>, Vec<usize>) = sorted
            .par_iter()
            .zip(&from)
            .map(
                |((word, postings), from)| match (kept(word, postings), from) {
                    (Some(last), Some(at)) => (None, last.written.words[*at].1),
                    _ => {
                        let vlq = encode(postings);
                        let size = entry_size(word, &vlq);
                        (Some(vlq), size)
                    }
                },
            )
            .unzip();
        let names: Vec<&str> = sorted.iter().map(|(word, _)| &***word).collect();
        let mut layout = Vec::new();
        split(&names, &sizes, 0..names.len(), FIRST_LETTERS, &mut layout);

        let last_words: &[(Arc<str>, usize)] = last.map_or(&[], |last| &last.written.words);
        let last_shards: HashMap<&str, &Shard> = last
            .into_iter()
            .flat_map(|last| &last.written.shards)
            .map(|shard| (shard.prefix.as_str(), shard))
            .collect();
        let shards: Vec<Shard> = layout
            .into_par_iter()
            .map(|(prefix, range)| {
                let entries = &sorted[range.clone()];
                let unchanged = last_shards.get(prefix.as_str()).filter(|old| {
                    let old_words = &last_words[old.range.clone()];
                    old_words.len() == entries.len()
                        && old_words
                            .iter()
                            .zip(entries)
                            .zip(&encoded[range.clone()])
                            .all(|(((old, _), (word, _)), vlq)| old == *word && vlq.is_none())
                });
                let (json, hash) = match unchanged {
                    Some(old) => (Arc::clone(&old.json), old.hash),
                    None => {
                        let json = shard_json(entries, &encoded[range.clone()]);
                        let hash = hash(&json);
                        (Arc::new(json), hash)
                    }
                };
                Shard {
                    prefix,
                    range,
                    json,
                    hash,
                }
            })
            .collect();

        let chunks: Vec<(Arc<String>, u64)> = match last {
            Some(last) if Arc::ptr_eq(&last.docs, docs) => last.written.chunks.clone(),
            _ => docs
                .par_chunks(DOCS_PER_CHUNK)
                .map(|chunk| {
                    let json = json_string(chunk);
                    let hash = hash(&json);
                    (Arc::new(json), hash)
                })
                .collect(),
        };
        let files = files_of(&shards, &chunks, docs.len(), extra);
        let words = sorted
            .iter()
            .zip(sizes)
            .map(|((word, _), size)| (Arc::clone(word), size))
            .collect();
        Written {
            files,
            words,
            shards,
            chunks,
        }
    }
}

/// The words in order, each with where it was in the last index's. The
/// last's order is taken and the words new to this one merged in, rather
/// than every word sorted again on each edit (docs/BENCHMARKS.md).
fn in_order<'a>(
    words: &'a Postings,
    last: Option<&SearchIndex>,
) -> (Vec<Entry<'a>>, Vec<Option<usize>>) {
    let by_word = |a: &Entry, b: &Entry| a.0.cmp(b.0);
    let Some(last) = last else {
        let mut sorted: Vec<Entry> = words.iter().collect();
        sorted.sort_unstable_by(by_word);
        let from = vec![None; sorted.len()];
        return (sorted, from);
    };
    let mut new: Vec<Entry> = words
        .iter()
        .filter(|(word, _)| !last.words.contains_key(*word))
        .collect();
    new.sort_unstable_by(by_word);
    let mut new = new.into_iter().peekable();
    let mut sorted = Vec::with_capacity(words.len());
    let mut from = Vec::with_capacity(words.len());
    for (at, (word, _)) in last.written.words.iter().enumerate() {
        while let Some(entry) = new.next_if(|(new, _)| new.as_ref() < word.as_ref()) {
            sorted.push(entry);
            from.push(None);
        }
        if let Some(entry) = words.get_key_value(word) {
            sorted.push(entry);
            from.push(Some(at));
        }
    }
    for entry in new {
        sorted.push(entry);
        from.push(None);
    }
    (sorted, from)
}

/// The same seed on every machine, so the same index has the same version.
const HASHER: foldhash::quality::FixedState = foldhash::quality::FixedState::with_seed(0x6c61_6d70);

fn hash(json: &str) -> u64 {
    use std::hash::BuildHasher;
    HASHER.hash_one(json.as_bytes())
}

/// Every file of the index, `meta.json` first, naming the others.
fn files_of(
    shards: &[Shard],
    chunks: &[(Arc<String>, u64)],
    docs: usize,
    extra: &Extra,
) -> Vec<(String, Arc<String>)> {
    let shard_files = shards
        .iter()
        .map(|shard| (shard_file(&shard.prefix), &shard.json, shard.hash));
    let chunk_files = chunks
        .iter()
        .enumerate()
        .map(|(n, (json, hash))| (format!("{FOLDER}/docs-{n}.json"), json, *hash));
    let (mut files, hashes): (Vec<(String, Arc<String>)>, Vec<u64>) = shard_files
        .chain(chunk_files)
        .map(|(path, json, hash)| ((path, Arc::clone(json)), hash))
        .unzip();
    let meta = Meta {
        v: version(&files, &hashes),
        docs,
        chunk: DOCS_PER_CHUNK,
        shards: shards.iter().map(|shard| shard.prefix.as_str()).collect(),
        officers: extra.officers_from,
        synonyms: &extra.synonyms,
    };
    files.insert(0, (META.to_string(), Arc::new(json_string(&meta))));
    files
}

#[derive(Serialize)]
struct Meta<'a> {
    v: String,
    docs: usize,
    chunk: usize,
    shards: Vec<&'a str>,
    /// The first document written for officers (`docs` if none).
    officers: u32,
    /// Phrases that mean the same ([`super::synonyms`]).
    synonyms: &'a [Group],
}

/// Sixteen hex digits that change when any file of the index does: from
/// each file's name and the hash of its JSON, kept with the JSON, so an
/// edit hashes only the files it changed.
fn version(files: &[(String, Arc<String>)], hashes: &[u64]) -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = HASHER.build_hasher();
    for ((path, _), hash) in files.iter().zip(hashes) {
        hasher.write(path.as_bytes());
        hasher.write_u64(*hash);
    }
    format!("{:016x}", hasher.finish())
}

/// Where the shard of words beginning `prefix` is written. Prefixes of
/// other letters than a–z and digits are written in hex after `_`, which no
/// word has: a file name the same on every host. `search.js` does the same.
pub(super) fn shard_file(prefix: &str) -> String {
    let plain = prefix
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let name = if plain {
        prefix.to_string()
    } else {
        let hex: String = prefix.bytes().map(|b| format!("{b:02x}")).collect();
        format!("_{hex}")
    };
    format!("{FOLDER}/words-{name}.json")
}

/// Splits the sorted `words[range]` into shards by their first `letters`
/// letters, splitting again by one more letter each group larger than
/// [`SHARD_BYTES`] — except a word on its own, however large, and the word
/// that is the group's prefix, which stays in the shard of that name.
fn split(
    words: &[&str],
    sizes: &[usize],
    range: Range<usize>,
    letters: usize,
    out: &mut Vec<(String, Range<usize>)>,
) {
    let mut start = range.start;
    while start < range.end {
        let prefix = first_letters(words[start], letters);
        let end = start
            + words[start..range.end]
                .iter()
                .take_while(|word| first_letters(word, letters) == prefix)
                .count();
        let size: usize = sizes[start..end].iter().sum();
        if size <= SHARD_BYTES || end - start == 1 {
            out.push((prefix.to_string(), start..end));
        } else {
            // Sorted, the word that is the prefix comes first.
            let mut rest = start;
            if words[start] == prefix {
                out.push((prefix.to_string(), start..start + 1));
                rest += 1;
            }
            split(words, sizes, rest..end, letters + 1, out);
        }
        start = end;
    }
}

/// The first `letters` characters of `word`, or all of it.
fn first_letters(word: &str, letters: usize) -> &str {
    match word.char_indices().nth(letters) {
        Some((at, _)) => &word[..at],
        None => word,
    }
}

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `[doc, weight, …]` as VLQ digits: each document's distance from the
/// last, then the weight.
fn encode(postings: &[u32]) -> String {
    let mut out = Vec::with_capacity(postings.len() + postings.len() / 2);
    let mut last = 0;
    for pair in postings.chunks_exact(2) {
        vlq(&mut out, pair[0] - last);
        vlq(&mut out, pair[1]);
        last = pair[0];
    }
    String::from_utf8(out).expect("base-64 digits are ASCII")
}

/// `[doc, weight, …]` from a shard's postings, as `search.js` reads them;
/// `None` if the text is not VLQ digits. For tests and tools that read an
/// index the build wrote.
pub fn decode_postings(text: &str) -> Option<Vec<u32>> {
    let (mut out, mut value, mut shift, mut doc) = (Vec::new(), 0u64, 0, 0u32);
    for byte in text.bytes() {
        let digit = DIGITS.iter().position(|&d| d == byte)? as u64;
        value |= (digit & 31) << shift;
        if digit & 32 != 0 {
            shift += 5;
            if shift > 32 {
                return None;
            }
            continue;
        }
        let value = u32::try_from(std::mem::take(&mut value)).ok()?;
        if out.len() % 2 == 0 {
            doc = doc.checked_add(value)?;
            out.push(doc);
        } else {
            out.push(value);
        }
        shift = 0;
    }
    (shift == 0).then_some(out)
}

/// Five bits a digit, low bits first; the sixth bit says more follow.
fn vlq(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let digit = (value & 31) as usize;
        value >>= 5;
        if value == 0 {
            out.push(DIGITS[digit]);
            return;
        }
        out.push(DIGITS[digit | 32]);
    }
}

/// The bytes of `"word":"postings"` and the comma before the next.
fn entry_size(word: &str, vlq: &str) -> usize {
    word.len() + vlq.len() + 6
}

/// A shard's JSON, encoding the words an update did not keep.
fn shard_json(entries: &[Entry], encoded: &[Option<String>]) -> String {
    let mut json = Vec::with_capacity(64 * entries.len());
    json.push(b'{');
    for (n, ((word, postings), vlq)) in entries.iter().zip(encoded).enumerate() {
        if n > 0 {
            json.push(b',');
        }
        write_json(&mut json, &***word);
        json.extend_from_slice(b":\"");
        match vlq {
            Some(vlq) => json.extend_from_slice(vlq.as_bytes()),
            None => json.extend_from_slice(encode(postings).as_bytes()),
        }
        json.push(b'"');
    }
    json.push(b'}');
    String::from_utf8(json).expect("JSON is UTF-8")
}

fn json_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    write_json(&mut out, value);
    String::from_utf8(out).expect("JSON is UTF-8")
}

fn write_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    serde_json::to_writer(out, value).expect("plain data serialises");
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn postings_read_back_as_written(
            mut docs in proptest::collection::btree_set(0u32..5_000_000, 0..40),
            weights in proptest::collection::vec(0u32..100_000, 40),
        ) {
            let postings: Vec<u32> = std::mem::take(&mut docs)
                .into_iter()
                .zip(weights)
                .flat_map(|(doc, weight)| [doc, weight])
                .collect();
            proptest::prop_assert_eq!(decode_postings(&encode(&postings)), Some(postings));
        }
    }

    #[test]
    fn close_documents_and_small_weights_take_a_digit_each() {
        assert_eq!(encode(&[0, 1, 1, 10, 3, 23]), "ABBKCX");
        assert_eq!(
            encode(&[40, 1]),
            "oBB",
            "40 is 8 then 1, with more to follow"
        );
    }

    fn layout(words: &[&str], sizes: &[usize]) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        split(words, sizes, 0..words.len(), FIRST_LETTERS, &mut out);
        out.into_iter()
            .map(|(prefix, range)| (prefix, words[range].iter().map(|w| w.to_string()).collect()))
            .collect()
    }

    #[test]
    fn shards_split_by_one_more_letter_while_too_large() {
        let big = SHARD_BYTES / 2 + 1;
        let words = ["a", "ab", "abc", "abd", "abdx", "b", "ca", "ça", "çb"];
        let sizes = [10, 10, big, big, 10, 10, 10, 10, 10];
        let shards = layout(&words, &sizes);
        let shards: Vec<(&str, Vec<&str>)> = shards
            .iter()
            .map(|(p, w)| (p.as_str(), w.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            shards,
            [
                ("a", vec!["a"]),
                ("ab", vec!["ab"]),
                ("abc", vec!["abc"]),
                ("abd", vec!["abd", "abdx"]),
                ("b", vec!["b"]),
                ("ca", vec!["ca"]),
                ("ça", vec!["ça"]),
                ("çb", vec!["çb"]),
            ]
        );
        assert_eq!(shard_file("ab"), "search-index/words-ab.json");
        assert_eq!(shard_file("ça"), "search-index/words-_c3a761.json");
    }

    #[test]
    fn a_word_too_large_for_a_shard_has_one_of_its_own() {
        let words = ["partner", "partnership", "party"];
        let sizes = [SHARD_BYTES * 2, SHARD_BYTES * 2, 10];
        let shards = layout(&words, &sizes);
        let prefixes: Vec<&str> = shards.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(prefixes, ["partner", "partners", "party"]);
    }
}
