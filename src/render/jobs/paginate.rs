//! The `paginator` a template gets for one page of a section's or a
//! term's list, split by [`crate::paginate`].

use super::*;

pub(super) use crate::paginate::{Pager, pagers};

/// The `paginator` for `pager`, one of `count` pages of the list at
/// `list_url` (later ones at `word/2/` below it): its `pages` (its share
/// of `total` items), and where the others are.
pub(super) fn paginator(
    pager: &Pager,
    (list_url, word): (&str, &str),
    pages: Value,
    total: usize,
    count: usize,
    paginate_by: usize,
) -> Value {
    let url_of = |index: usize| crate::paginate::url(list_url, word, index);
    let index = pager.index;
    ser::map([
        ("pages", pages),
        ("current_index", Value::from(index)),
        ("number_pagers", Value::from(count)),
        ("total_pages", Value::from(total)),
        ("paginate_by", Value::from(paginate_by)),
        ("first", Value::from(url_of(1))),
        ("last", Value::from(url_of(count))),
        (
            "previous",
            Value::from((index > 1).then(|| url_of(index - 1))),
        ),
        (
            "next",
            Value::from((index < count).then(|| url_of(index + 1))),
        ),
    ])
}
