//! What `check` says about time: a current plan that has ended, and a page
//! whose review is due or whose newest date is long past. Residents act on
//! what the site says today; these are the ways it quietly stops being
//! true. (A planned scheme spoken of as running is `tense.rs`.)

use std::ops::Range;

use jiff::{Span, civil};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::content::{Library, Page, Section, SourceFile};
use crate::date::{self, Date, PlanYear};
use crate::diagnostic::Diagnostic;
use crate::site::Site;

/// A warning when the plan the site shows as its latest (`current_plan`,
/// or the newest in `data/plans/`) ended before the build's day: every
/// priority page is then telling residents about a finished year.
pub(super) fn plan_ended(site: &Site) -> Option<Diagnostic> {
    let plan = site.data.current()?;
    let last = plan.year.last_day();
    if site.today <= last {
        return None;
    }
    let message = format!(
        "the current plan, {}, ended on {}",
        plan.year,
        date::long_day(last)
    );
    let next = PlanYear {
        start: plan.year.start + 1,
    };
    let hint = format!(
        "add the plan that followed it (data/plans/{}.toml) and, if config.toml names \
         `current_plan`, name the new year there; until then the site tells residents, on \
         every page that shows this plan, that it ended",
        next.slug()
    );
    let config = crate::config::file_name(&site.root);
    let source = std::fs::read_to_string(site.root.join(config)).unwrap_or_default();
    let diagnostic = if site.config.current_plan.is_some() {
        let at = crate::toml_error::key_position(&source, 0, "", "current_plan");
        Diagnostic::warning(config, message).at(&source, at..at + "current_plan".len())
    } else {
        Diagnostic::warning(&plan.file.shown, message).at(&plan.file.text, plan.year_text.span())
    };
    Some(diagnostic.hint(hint).code("plan-ended"))
}

/// What [`freshness`] needs of a page or a section.
pub(super) struct Dated<'a> {
    pub file: &'a SourceFile,
    pub review_by: Option<Date>,
    /// The newer of `updated` and `date`; a section has neither.
    pub last_changed: Option<Date>,
    pub has_updated: bool,
    pub archived: bool,
}

impl<'a> Dated<'a> {
    pub fn page(page: &'a Page, library: &Library) -> Dated<'a> {
        Dated {
            file: &page.file,
            review_by: page.meta.review_by,
            last_changed: page.meta.updated.max(page.date),
            has_updated: page.meta.updated.is_some(),
            archived: library.in_archive(page),
        }
    }

    pub fn section(section: &'a Section, library: &Library) -> Dated<'a> {
        Dated {
            file: &section.file,
            review_by: section.meta.review_by,
            last_changed: None,
            has_updated: false,
            archived: library.section_in_archive(section),
        }
    }
}

/// Overdue reviews, dated pages nobody has updated for too long, and
/// undated pages and sections whose newest date written in them is that old.
pub(super) fn freshness(item: Dated, today: civil::Date, months: u32) -> Vec<Diagnostic> {
    let file = item.file;
    let mut found = Vec::new();
    let day = |date: Date| date.datetime.date();
    if let Some(review_by) = item.review_by.filter(|d| day(*d) < today) {
        found.push(
            Diagnostic::warning(
                &file.shown,
                format!("this page was due for review on {}", day(review_by)),
            )
            .at(&file.text, key_span(file, "review_by"))
            .hint("check the advice, numbers and links are still right, then move `review_by` on")
            .code("review-due"),
        );
    }
    if item.archived {
        return found;
    }
    let stale_before = today
        .checked_sub(Span::new().months(i64::from(months)))
        .unwrap_or(today);
    let archive_hint =
        "if it is a record of its time, put `archive = true` in its section's _index.md";
    if let Some(last) = item.last_changed.filter(|d| day(*d) < stale_before) {
        let key = if item.has_updated { "updated" } else { "date" };
        found.push(
            Diagnostic::warning(
                &file.shown,
                format!(
                    "this page has not been updated since {}, over {months} months ago",
                    day(last)
                ),
            )
            .at(&file.text, key_span(file, key))
            .hint(format!(
                "check it is still right and set `updated = {today}`; {archive_hint}"
            ))
            .code("stale"),
        );
    } else if item.last_changed.is_none() && item.review_by.is_none() {
        let body = &file.text[file.body_start..];
        let newest = newest_date_written(body, today).filter(|(newest, _)| *newest < stale_before);
        if let Some((_, at)) = newest {
            let at = file.body_start + at.start..file.body_start + at.end;
            let review = today.checked_add(Span::new().months(6)).unwrap_or(today);
            found.push(
                Diagnostic::warning(
                    &file.shown,
                    format!(
                        "this page has no date to say when it was last checked, and the newest \
                         date in it, {}, is over {months} months ago",
                        &file.text[at.clone()]
                    ),
                )
                .at(&file.text, at)
                .hint(format!(
                    "check it is still right, then add `review_by = {review}` (or `updated = \
                     {today}`) to its front matter; {archive_hint}"
                ))
                .code("stale"),
            );
        }
    }
    found
}

/// The newest date written in Markdown's prose that is not after `today`
/// (a plan year counts to its last day, a bare year to its last), with
/// where it is written. Dates still to come ("103,000 by 2035") say
/// nothing of when the page was written, so they do not count.
pub(super) fn newest_date_written(
    markdown: &str,
    today: civil::Date,
) -> Option<(civil::Date, Range<usize>)> {
    let tags = super::shortcode_tags(markdown);
    let mut newest: Option<(civil::Date, Range<usize>)> = None;
    for range in prose(markdown) {
        let text = &markdown[range.clone()];
        for (at, length, day) in dates_in(text) {
            let span = range.start + at..range.start + at + length;
            if day <= today
                && newest.as_ref().is_none_or(|(n, _)| day > *n)
                && !super::in_a_tag(&tags, &span)
            {
                newest = Some((day, span));
            }
        }
    }
    newest
}

/// Each date in `text` as (byte offset, length, last day it names):
/// `2017/18`, `2017-07-01`, or a year from 1990 on.
fn dates_in(text: &str) -> Vec<(usize, usize, civil::Date)> {
    let bytes = text.as_bytes();
    let digits_at =
        |i: usize, n: usize| i + n <= bytes.len() && bytes[i..i + n].iter().all(u8::is_ascii_digit);
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // An ASCII digit at `i` puts it on a character boundary. A sum of
        // money ("£2000") is not a year.
        let year_here = digits_at(i, 4)
            && !digits_at(i + 4, 1)
            && !text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, '£' | '$' | '€'));
        if !year_here {
            i += 1;
            continue;
        }
        let ends_word = |end: usize| end >= bytes.len() || !bytes[end].is_ascii_alphanumeric();
        let plan_year =
            (bytes.get(i + 4) == Some(&b'/') && digits_at(i + 5, 2) && ends_word(i + 7))
                .then(|| PlanYear::parse(&text[i..i + 7]))
                .flatten();
        let day = (bytes.get(i + 4) == Some(&b'-') && ends_word(i + 10))
            .then(|| text.get(i..i + 10)?.parse::<civil::Date>().ok())
            .flatten();
        let year: i16 = text[i..i + 4].parse().unwrap_or(0);
        let (length, last) = if let Some(plan_year) = plan_year {
            (7, Some(plan_year.last_day()))
        } else if let Some(day) = day {
            (10, Some(day))
        } else if (1990..=2099).contains(&year) && ends_word(i + 4) {
            (4, civil::Date::new(year, 12, 31).ok())
        } else {
            (4, None)
        };
        if let Some(last) = last {
            found.push((i, length, last));
        }
        i += length;
    }
    found
}

/// The ranges of Markdown's prose: text outside code blocks, inline code
/// and HTML, which is where a page's own words are.
fn prose(markdown: &str) -> Vec<Range<usize>> {
    let mut in_code = false;
    let mut ranges = Vec::new();
    for (event, range) in Parser::new_ext(markdown, Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(_) if !in_code => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

/// Where a front-matter key is written, for pointing at it; the start of the
/// front matter if it is not there (a date taken from the file name).
pub(super) fn key_span(file: &SourceFile, key: &str) -> Range<usize> {
    let front_matter = &file.text[file.front_matter_start..file.body_start];
    let found = front_matter.match_indices(key).find(|(at, _)| {
        let line_start = front_matter[..*at].rfind('\n').map_or(0, |i| i + 1);
        front_matter[line_start..*at].trim().is_empty()
            && front_matter[at + key.len()..].trim_start().starts_with('=')
    });
    match found {
        Some((at, _)) => {
            let start = file.front_matter_start + at;
            start..start + key.len()
        }
        None => file.front_matter_start..file.front_matter_start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_date_written_is_found_and_the_future_ignored() {
        let today = civil::date(2026, 12, 3);
        let text = "In 2016 we met.\n\nThe 2017/18 plan set out more; by 2035 there will be 103,000.\n\n```\n2025\n```\n";
        let (day, at) = newest_date_written(text, today).unwrap();
        assert_eq!(day, civil::date(2018, 3, 31));
        assert_eq!(&text[at], "2017/18");
        let dated = "Reported on 2019-06-30, after 2018.";
        let (day, _) = newest_date_written(dated, today).unwrap();
        assert_eq!(day, civil::date(2019, 6, 30));
        assert_eq!(
            newest_date_written("Call 0800 555 111 or 01702 318111.", today),
            None
        );
        assert_eq!(newest_date_written("Nothing dated.", today), None);
        assert_eq!(newest_date_written("A grant of £2000 a year.", today), None);
        // A shortcode's arguments are not the page's words; a body
        // shortcode's text is.
        let page = "Progress: {{ dashboard(year=\"2017/18\") }}";
        assert_eq!(newest_date_written(page, today), None);
        let page = "{% note(title=\"2019\") %}Agreed in 2016.{% end %}";
        let (day, at) = newest_date_written(page, today).unwrap();
        assert_eq!((day, &page[at]), (civil::date(2016, 12, 31), "2016"));
        // Years after letters of any script, and dashes, on char boundaries.
        let (day, _) = newest_date_written("Café—2016, ŵ2017 and 2015…", today).unwrap();
        assert_eq!(day, civil::date(2016, 12, 31));
    }
}
