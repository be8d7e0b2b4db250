//! File-name patterns, as Zola's `ignored_content` writes them
//! (`"*.xlsx"`, `"*/drafts/*"`, `"*.{doc,docx}"`), read as Zola's globset
//! reads them by default: `*` matches any run of characters, `/` included,
//! so `"*.xlsx"` leaves out a spreadsheet in any folder.
//!
//! A few dozen lines rather than a dependency: patterns are a handful per
//! site, matched once per file when `content/` is walked.

/// Whether `text` matches `pattern`: `*` (and `**`) any run of characters,
/// `?` any one, `[abc]` or `[a-z]` one of a set (`[!…]` none of it),
/// `{a,b}` either word, `\` the next character as it is.
pub fn matches(pattern: &str, text: &str) -> bool {
    let text: Vec<char> = text.chars().collect();
    alternatives(pattern)
        .iter()
        .any(|p| match_from(&p.chars().collect::<Vec<_>>(), &text))
}

/// `a{b,c}d{e,f}` → `abde`, `abdf`, `acde`, `acdf`; nested braces too.
fn alternatives(pattern: &str) -> Vec<String> {
    let Some(open) = pattern.find('{') else {
        return vec![pattern.to_string()];
    };
    let mut depth = 0;
    let mut parts = Vec::new();
    let mut part_start = open + 1;
    for (i, c) in pattern[open..].char_indices().map(|(i, c)| (open + i, c)) {
        match c {
            '{' => depth += 1,
            ',' if depth == 1 => {
                parts.push(&pattern[part_start..i]);
                part_start = i + 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    parts.push(&pattern[part_start..i]);
                    let (before, after) = (&pattern[..open], &pattern[i + 1..]);
                    return parts
                        .iter()
                        .flat_map(|part| alternatives(&format!("{before}{part}{after}")))
                        .collect();
                }
            }
            _ => {}
        }
    }
    // An unclosed brace is only a character.
    vec![pattern.to_string()]
}

fn match_from(pattern: &[char], text: &[char]) -> bool {
    // The last `*` seen and where the text stood then, to go back to:
    // the usual linear-time wildcard matcher, with classes added.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        let step = match pattern.get(p) {
            Some('*') => {
                let mut next = p;
                while pattern.get(next) == Some(&'*') {
                    next += 1;
                }
                star = Some((next, t));
                p = next;
                continue;
            }
            Some('?') => Some(1),
            Some('[') => class(&pattern[p..], text[t]),
            Some('\\') if p + 1 < pattern.len() => (pattern[p + 1] == text[t]).then_some(2),
            Some(&c) => (c == text[t]).then_some(1),
            None => None,
        };
        match (step, star) {
            (Some(width), _) => {
                p += width;
                t += 1;
            }
            (None, Some((after_star, from))) => {
                star = Some((after_star, from + 1));
                p = after_star;
                t = from + 1;
            }
            (None, None) => return false,
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

/// If the class at the start of `pattern` (`[…]`) holds `c`, how long the
/// class is; `None` if it does not, or is not closed.
fn class(pattern: &[char], c: char) -> Option<usize> {
    let mut i = 1;
    let negated = matches!(pattern.get(1), Some('!' | '^'));
    if negated {
        i += 1;
    }
    let mut found = false;
    let mut first = true;
    while let Some(&member) = pattern.get(i) {
        if member == ']' && !first {
            return (found != negated).then_some(i + 1);
        }
        first = false;
        if pattern.get(i + 1) == Some(&'-') && pattern.get(i + 2).is_some_and(|&e| e != ']') {
            found |= (member..=pattern[i + 2]).contains(&c);
            i += 3;
        } else {
            found |= member == c;
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn stars_cross_folders_as_zola_reads_them() {
        assert!(matches("*.xlsx", "content/reports/q1.xlsx"));
        assert!(matches("*/ignored.md", "content/posts/ignored.md"));
        assert!(!matches("*/ignored.md", "content/posts/not-ignored.md"));
        assert!(matches("content/**/draft-*", "content/a/b/draft-1.md"));
        assert!(!matches("*.xlsx", "content/reports/q1.xlsx.md"));
    }

    #[test]
    fn classes_alternatives_and_single_characters() {
        assert!(matches("*.{doc,docx}", "a/b.docx"));
        assert!(matches("*.{doc,docx}", "a/b.doc"));
        assert!(!matches("*.{doc,docx}", "a/b.pdf"));
        assert!(matches("q[1-4].md", "q3.md"));
        assert!(!matches("q[!1-4].md", "q3.md"));
        assert!(matches("q?.md", "q9.md"));
        assert!(matches("\\*.md", "*.md"));
        assert!(!matches("\\*.md", "a.md"));
        assert!(matches("README.md", "README.md"));
    }
}
