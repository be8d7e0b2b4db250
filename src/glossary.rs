//! `content/glossary.toml`: the abbreviations partnership papers are full of
//! (ASB, DHR, MARAC …) and what they stand for.
//!
//! Every page marks the first use of each as `<abbr title="…">`
//! (`markdown::abbreviations`), the theme lists them all on `/glossary/`, and
//! `check` warns about capitalised abbreviations the glossary lacks.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::toml_file::{DataFile, read};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    term: Vec<Term>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// As it is written in the text, e.g. `ASB`; matched as a whole word,
    /// capitals and all.
    pub abbreviation: Spanned<String>,
    /// What it stands for, e.g. "anti-social behaviour".
    pub meaning: String,
    /// A sentence more for the glossary page.
    pub explanation: Option<String>,
}

#[derive(Debug, Default)]
pub struct Glossary {
    /// In the order of the file; the glossary page sorts them.
    pub terms: Vec<Term>,
    by_abbreviation: HashMap<String, usize>,
}

impl Glossary {
    /// Reads `content/glossary.toml`; a site without one has an empty glossary.
    pub fn load(root: &Path) -> Result<Glossary> {
        let path = root.join("content").join("glossary.toml");
        let (file, parsed) = read::<GlossaryFile>(root, &path)?;
        let terms = parsed.map_or_else(Vec::new, |f| f.term);
        let by_abbreviation = check(&file, &terms)?;
        Ok(Glossary {
            terms,
            by_abbreviation,
        })
    }

    /// What `word` stands for, if the glossary has it.
    pub fn meaning(&self, word: &str) -> Option<&str> {
        let &i = self.by_abbreviation.get(word)?;
        Some(&self.terms[i].meaning)
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// A glossary of these terms, for tests and the fuzz targets.
    pub fn from_pairs(pairs: &[(&str, &str)]) -> Glossary {
        let terms: Vec<Term> = pairs
            .iter()
            .map(|(abbreviation, meaning)| Term {
                abbreviation: Spanned::new(0..0, abbreviation.to_string()),
                meaning: meaning.to_string(),
                explanation: None,
            })
            .collect();
        let by_abbreviation = check(&DataFile::default(), &terms).expect("valid test glossary");
        Glossary {
            terms,
            by_abbreviation,
        }
    }
}

/// One entry per abbreviation, each a single word (that is how the text is
/// searched) with a meaning.
fn check(file: &DataFile, terms: &[Term]) -> Result<HashMap<String, usize>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (i, term) in terms.iter().enumerate() {
        let abbreviation = term.abbreviation.get_ref();
        let at = |message: String, hint: &str| {
            Diagnostic::error(&file.shown, message)
                .at(&file.text, term.abbreviation.span())
                .hint(hint)
        };
        if abbreviation.is_empty() || !abbreviation.chars().all(char::is_alphanumeric) {
            errors.push(at(
                format!("`{abbreviation}` is not one word of letters and digits"),
                "an abbreviation is matched as a whole word in the text, such as \"ASB\" or \"J9\"",
            ));
        } else if term.meaning.trim().is_empty() {
            errors.push(at(
                format!("`{abbreviation}` has no meaning"),
                "write what it stands for, e.g. meaning = \"anti-social behaviour\"",
            ));
        } else if let Some(&first) = seen.get(abbreviation) {
            let (line, _) = crate::diagnostic::line_and_column(
                &file.text,
                terms[first].abbreviation.span().start,
            );
            errors.push(at(
                format!("`{abbreviation}` is already in the glossary, on line {line}"),
                "keep one entry and delete the other",
            ));
        } else {
            seen.insert(abbreviation.clone(), i);
        }
    }
    if errors.is_empty() {
        Ok(seen)
    } else {
        Err(Diagnostics::sorted(errors))
    }
}
