//! Heading ids and the table of contents.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<Heading>,
}

/// Hands out ids that are unique within one page: `funding`, `funding-1`, …
#[derive(Debug, Default)]
pub struct Ids {
    used: HashSet<String>,
    /// The next suffix to try for each base, so a page of ten thousand
    /// headings with one name takes ten thousand steps, not fifty million.
    next: HashMap<String, usize>,
}

impl Ids {
    pub fn claim(&mut self, wanted: &str) -> String {
        let base = match slug::slugify(wanted) {
            s if s.is_empty() => "section".to_string(),
            s => s,
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }

    /// Records an id the author chose with `{#id}`, so generated ones avoid it.
    pub fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }
}

/// Nests headings in document order under the nearest shallower one before them.
pub fn table_of_contents(flat: Vec<Heading>) -> Vec<Heading> {
    let mut toc: Vec<Heading> = Vec::new();
    for heading in flat {
        insert(&mut toc, heading);
    }
    toc
}

fn insert(siblings: &mut Vec<Heading>, heading: Heading) {
    match siblings.last_mut() {
        Some(last) if last.level < heading.level => insert(&mut last.children, heading),
        _ => siblings.push(heading),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, title: &str) -> Heading {
        Heading {
            level,
            id: slug::slugify(title),
            title: title.into(),
            children: vec![],
        }
    }

    fn shape(toc: &[Heading]) -> String {
        toc.iter()
            .map(|h| {
                if h.children.is_empty() {
                    h.title.clone()
                } else {
                    format!("{}({})", h.title, shape(&h.children))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn nests_by_level_and_tolerates_skipped_levels() {
        let toc = table_of_contents(vec![
            h(2, "a"),
            h(3, "b"),
            h(4, "c"),
            h(3, "d"),
            h(2, "e"),
            h(4, "f"),
            h(1, "g"),
        ]);
        assert_eq!(shape(&toc), "a(b(c) d) e(f) g");
    }

    #[test]
    fn ids_are_slugs_made_unique() {
        let mut ids = Ids::default();
        ids.reserve("funding-1");
        assert_eq!(ids.claim("Funding"), "funding");
        assert_eq!(ids.claim("Funding"), "funding-2");
        assert_eq!(ids.claim("Who we are?"), "who-we-are");
        assert_eq!(ids.claim("!!!"), "section");
    }
}
