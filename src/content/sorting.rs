//! The order of pages in a section.

use std::cmp::Ordering;

use super::Page;
use super::front_matter::SortBy;

/// Sorts page indices into `pages` by `sort_by`. Pages missing the sort key
/// (no date, no weight) go last; every tie falls back to the file path, so the
/// order never depends on the order the files were read in.
pub fn sort_pages(pages: &[Page], ids: &mut [usize], sort_by: SortBy) {
    ids.sort_by(|&a, &b| {
        let (a, b) = (&pages[a], &pages[b]);
        let primary = match sort_by {
            SortBy::Date => compare_missing_last(a.date, b.date, |x, y| y.cmp(x)),
            SortBy::Weight => compare_missing_last(a.meta.weight, b.meta.weight, |x, y| x.cmp(y)),
            SortBy::UpdateDate => compare_missing_last(
                a.meta.updated.max(a.date),
                b.meta.updated.max(b.date),
                |x, y| y.cmp(x),
            ),
            SortBy::Title => natural(&a.meta.title, &b.meta.title),
            SortBy::TitleBytes => a.meta.title.cmp(&b.meta.title),
            SortBy::Slug => natural(&a.slug, &b.slug),
            SortBy::Permalink => a.url.cmp(&b.url),
            SortBy::None => Ordering::Equal,
        };
        primary.then_with(|| a.file.relative.cmp(&b.file.relative))
    });
}

/// Compares as a reader expects a list in A to Z order: ignoring case, and
/// numbers by their value, so "Week 2" comes before "Week 10".
pub fn natural(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (a.peek().copied(), b.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let number = |chars: &mut std::iter::Peekable<std::str::Chars>| {
                    let mut digits = String::new();
                    while let Some(c) = chars.next_if(char::is_ascii_digit) {
                        digits.push(c);
                    }
                    digits.trim_start_matches('0').to_string()
                };
                let (x, y) = (number(&mut a), number(&mut b));
                let by_value = x.len().cmp(&y.len()).then_with(|| x.cmp(&y));
                if by_value != Ordering::Equal {
                    return by_value;
                }
            }
            (Some(x), Some(y)) => {
                let by_letter = x.to_lowercase().cmp(y.to_lowercase());
                if by_letter != Ordering::Equal {
                    return by_letter;
                }
                a.next();
                b.next();
            }
        }
    }
}

fn compare_missing_last<T>(
    a: Option<T>,
    b: Option<T>,
    by: impl Fn(&T, &T) -> Ordering,
) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => by(&a, &b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::test_page;
    use crate::date::Date;

    fn sorted(pages: &[Page], sort_by: SortBy) -> Vec<&str> {
        let mut ids: Vec<usize> = (0..pages.len()).collect();
        sort_pages(pages, &mut ids, sort_by);
        ids.iter()
            .map(|&i| pages[i].file.relative.as_str())
            .collect()
    }

    #[test]
    fn date_sorts_newest_first_with_undated_last_and_ties_by_path() {
        let mut pages = vec![
            test_page("b.md"),
            test_page("a.md"),
            test_page("c.md"),
            test_page("d.md"),
        ];
        pages[0].date = Some(Date::parse("2017-07-01").unwrap());
        pages[1].date = Some(Date::parse("2017-07-01").unwrap());
        pages[2].date = Some(Date::parse("2018-01-01").unwrap());
        assert_eq!(
            sorted(&pages, SortBy::Date),
            ["c.md", "a.md", "b.md", "d.md"]
        );
    }

    #[test]
    fn weight_sorts_lightest_first_and_title_ignores_case() {
        let mut pages = vec![test_page("x.md"), test_page("y.md"), test_page("z.md")];
        pages[0].meta.weight = Some(3);
        pages[1].meta.weight = Some(-1);
        assert_eq!(sorted(&pages, SortBy::Weight), ["y.md", "x.md", "z.md"]);
        pages[0].meta.title = "beta".into();
        pages[1].meta.title = "Alpha".into();
        pages[2].meta.title = "Gamma".into();
        assert_eq!(sorted(&pages, SortBy::Title), ["y.md", "x.md", "z.md"]);
        assert_eq!(sorted(&pages, SortBy::TitleBytes), ["y.md", "z.md", "x.md"]);
    }

    #[test]
    fn natural_order_reads_numbers_as_numbers() {
        let mut names = ["Week 10", "week 2", "Week 1", "Week 02a", "Alpha"];
        names.sort_by(|a, b| natural(a, b));
        assert_eq!(names, ["Alpha", "Week 1", "week 2", "Week 02a", "Week 10"]);
    }

    #[test]
    fn update_date_takes_the_later_of_written_and_updated() {
        let mut pages = vec![test_page("a.md"), test_page("b.md")];
        pages[0].date = Some(Date::parse("2017-01-01").unwrap());
        pages[0].meta.updated = Some(Date::parse("2019-01-01").unwrap());
        pages[1].date = Some(Date::parse("2018-01-01").unwrap());
        assert_eq!(sorted(&pages, SortBy::UpdateDate), ["a.md", "b.md"]);
        assert_eq!(sorted(&pages, SortBy::Date), ["b.md", "a.md"]);
    }
}
