//! What lets `serve` update the index after an edit instead of writing it
//! again: the last index's JSON, with where each word's entry is.

use std::ops::Range;
use std::sync::Arc;

use foldhash::HashMap;
use serde::Serialize;

use super::{Postings, SearchIndex};

/// An index's JSON, and where each word's entry is in it, so that an
/// update re-serialises only the words and documents it changed: an edit
/// to one page changes a few lists of an index that grows with the site.
#[derive(Debug, Clone, Default)]
pub(super) struct Written {
    pub(super) json: Arc<String>,
    docs: Range<usize>,
    /// Each word's `"word":[…]` entry.
    entries: HashMap<Arc<str>, Range<usize>>,
}

impl Written {
    /// Writes `docs` and `words`, copying from `last` the entries whose
    /// lists are the very ones it wrote.
    pub(super) fn new(
        docs: &Arc<Vec<[String; 4]>>,
        words: &Postings,
        last: Option<&SearchIndex>,
    ) -> Written {
        let mut json: Vec<u8> = Vec::with_capacity(last.map_or(0, |l| l.written.json.len() + 4096));
        json.extend_from_slice(b"{\"docs\":");
        let start = json.len();
        match last {
            Some(last) if Arc::ptr_eq(&last.docs, docs) => {
                json.extend_from_slice(&last.written.json.as_bytes()[last.written.docs.clone()])
            }
            _ => write_json(&mut json, &**docs),
        }
        let docs_range = start..json.len();
        json.extend_from_slice(b",\"words\":{");
        let mut sorted: Vec<(&Arc<str>, &Arc<[u32]>)> = words.iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut entries = HashMap::default();
        entries.reserve(sorted.len());
        for (n, (word, postings)) in sorted.into_iter().enumerate() {
            if n > 0 {
                json.push(b',');
            }
            let start = json.len();
            let same = last.and_then(|last| {
                let old = last.words.get(word)?;
                let range = last.written.entries.get(word)?;
                Arc::ptr_eq(old, postings).then_some((last, range))
            });
            match same {
                Some((last, range)) => {
                    json.extend_from_slice(&last.written.json.as_bytes()[range.clone()])
                }
                None => {
                    write_json(&mut json, &**word);
                    json.push(b':');
                    write_json(&mut json, &**postings);
                }
            }
            entries.insert(Arc::clone(word), start..json.len());
        }
        json.extend_from_slice(b"}}");
        // Grown by doubling, it can be nearly twice its length.
        json.shrink_to_fit();
        Written {
            json: Arc::new(String::from_utf8(json).expect("JSON is UTF-8")),
            docs: docs_range,
            entries,
        }
    }
}

pub(super) fn write_json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    serde_json::to_writer(out, value).expect("plain data serialises");
}

/// Where document `id` is among `[doc, weight, …]` postings, in pairs.
pub(super) fn position(postings: &[u32], id: u32) -> Result<usize, usize> {
    let (mut low, mut high) = (0, postings.len() / 2);
    while low < high {
        let middle = (low + high) / 2;
        match postings[2 * middle].cmp(&id) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return Ok(middle),
        }
    }
    Err(low)
}
