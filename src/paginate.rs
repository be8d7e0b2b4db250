//! Splitting a list over pages, the one way sections' lists and taxonomy
//! terms' lists are split: page 1 at the list's own address, page `k` at
//! `page/k/` below it. The address registry claims these addresses at load
//! and the renderer fills them, both from [`pagers`].

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    /// 1-based.
    pub index: usize,
    /// The items of the list this page shows.
    pub range: std::ops::Range<usize>,
}

/// The word before the number in a later page's address, unless a
/// section names its own (`paginate_path`).
pub const PAGE: &str = "page";

impl Pager {
    /// Where this page of the list at `list_url` is, `word` before its number.
    pub fn url(&self, list_url: &str, word: &str) -> String {
        url(list_url, word, self.index)
    }
}

/// Where page `index` of the list at `list_url` is: `word` is [`PAGE`]
/// unless a section names another.
pub fn url(list_url: &str, word: &str, index: usize) -> String {
    if index == 1 {
        list_url.to_string()
    } else {
        format!("{list_url}{word}/{index}/")
    }
}

/// The pages of a list of `total` items, `size` to a page; one page when
/// `size` is 0 or the list is empty.
pub fn pagers(total: usize, size: usize) -> Vec<Pager> {
    let ranges: Vec<_> = if size == 0 || total == 0 {
        std::iter::once(0..total).collect()
    } else {
        (0..total.div_ceil(size))
            .map(|k| k * size..((k + 1) * size).min(total))
            .collect()
    };
    ranges
        .into_iter()
        .enumerate()
        .map(|(k, range)| Pager {
            index: k + 1,
            range,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_splits_into_even_pages_the_last_holding_the_rest() {
        let pages = pagers(5, 2);
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[2].range, 4..5);
        assert_eq!(pages[1].url("/news/", PAGE), "/news/page/2/");
        assert_eq!(pages[1].url("/news/", "sida"), "/news/sida/2/");
        assert_eq!(pages[0].url("/news/", PAGE), "/news/");
        assert_eq!(
            pagers(5, 0),
            vec![Pager {
                index: 1,
                range: 0..5
            }]
        );
        assert_eq!(
            pagers(0, 3),
            vec![Pager {
                index: 1,
                range: 0..0
            }]
        );
    }
}
