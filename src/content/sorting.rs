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
            SortBy::Title => a
                .meta
                .title
                .to_lowercase()
                .cmp(&b.meta.title.to_lowercase()),
            SortBy::None => Ordering::Equal,
        };
        primary.then_with(|| a.file.relative.cmp(&b.file.relative))
    });
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
    }
}
