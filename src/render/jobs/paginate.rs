//! Splitting a list over pages: the ranges sections and terms share, and a
//! section's pagers.

use super::*;

/// One page of a paginated section's list.
pub(super) struct Pager {
    /// 1-based.
    pub(super) index: usize,
    pub(super) range: std::ops::Range<usize>,
}

impl Pager {
    pub(super) fn url(&self, section_url: &str) -> String {
        if self.index == 1 {
            section_url.to_string()
        } else {
            format!("{section_url}page/{}/", self.index)
        }
    }

    /// The `paginator` a template gets: this pager's `pages` (its share of
    /// `total` pages), and where the others are.
    pub(super) fn value(
        &self,
        base_url: &str,
        pages: Value,
        total: usize,
        count: usize,
        paginate_by: usize,
    ) -> Value {
        let url_of = |index: usize| Pager { index, range: 0..0 }.url(base_url);
        ser::map([
            ("pages", pages),
            ("current_index", Value::from(self.index)),
            ("number_pagers", Value::from(count)),
            ("total_pages", Value::from(total)),
            ("paginate_by", Value::from(paginate_by)),
            ("first", Value::from(url_of(1))),
            ("last", Value::from(url_of(count))),
            (
                "previous",
                Value::from((self.index > 1).then(|| url_of(self.index - 1))),
            ),
            (
                "next",
                Value::from((self.index < count).then(|| url_of(self.index + 1))),
            ),
        ])
    }
}

/// The ranges of `total` items `size` at a time; one range when `size` is 0.
pub(super) fn pager_ranges(total: usize, size: usize) -> Vec<std::ops::Range<usize>> {
    if size == 0 || total == 0 {
        return std::iter::once(0..total).collect();
    }
    (0..total.div_ceil(size))
        .map(|k| k * size..((k + 1) * size).min(total))
        .collect()
}

pub(super) fn paginate(section: &Section) -> Vec<Pager> {
    let size = section.meta.paginate_by.unwrap_or(0);
    pager_ranges(section.pages.len(), size)
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
    fn pagination_splits_into_even_pages() {
        let mut section = Section {
            pages: (0..5).collect(),
            url: "/news/".into(),
            ..Section::default()
        };
        section.meta.paginate_by = Some(2);
        let pagers = paginate(&section);
        assert_eq!(pagers.len(), 3);
        assert_eq!(pagers[2].range, 4..5);
        assert_eq!(pagers[1].url("/news/"), "/news/page/2/");
        section.meta.paginate_by = None;
        assert_eq!(paginate(&section).len(), 1);
    }
}
