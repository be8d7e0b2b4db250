//! Events: roadshows, awareness weeks, Crucial Crew days. A page with
//! `event = { start = …, end = …, location = "…" }` in its front matter is an
//! event; the build lists every event on `/events/` and writes them all to
//! `events.ics`, which residents can add to their calendar app.
//!
//! Times are local to the partnership and written as iCalendar "floating"
//! times (no time zone), so 10:00 is 10:00 on every resident's calendar.

use std::ops::Range;

use jiff::ToSpan;

use crate::config::Config;
use crate::content::{Library, Page};
use crate::date::Date;
use crate::diagnostic::{Diagnostic, Diagnostics, Result};

/// Where the calendar goes, relative to the output folder.
pub const CALENDAR_FILE: &str = "events.ics";

/// An event, by the index of its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub page: usize,
    pub start: Date,
    /// The last day of an all-day event, or when a timed one ends.
    pub end: Date,
    pub all_day: bool,
}

/// Every event page, soonest first; an event that ends before it starts,
/// or mixes a date with a date and time, is an error at its `end`.
pub fn events(library: &Library) -> Result<Vec<Event>> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for (index, page) in library.pages.iter().enumerate() {
        let Some(event) = &page.meta.event else {
            continue;
        };
        let start = *event.start.get_ref();
        let end = event.end.as_ref().map_or(start, |e| *e.get_ref());
        let fail = |span: Range<usize>, message: &str, hint: &str| {
            let at = page.file.front_matter_start;
            Diagnostic::error(&page.file.shown, message.to_string())
                .at(&page.file.text, at + span.start..at + span.end)
                .hint(hint.to_string())
        };
        let end_span = event.end.as_ref().map_or(event.start.span(), |e| e.span());
        if start.has_time != end.has_time {
            errors.push(fail(
                end_span,
                "the event's start and end must both be dates, or both dates with times",
                "write end = 2026-06-10 for an all-day event, or end = 2026-06-10T15:00:00 with a time",
            ));
        } else if end < start {
            errors.push(fail(
                end_span,
                "the event ends before it starts",
                "check the dates: `end` is the last day (or time) of the event",
            ));
        } else if page.file.lang.is_none() {
            // The events list and calendar are in the site's own language;
            // a translation's event is the same event.
            found.push(Event {
                page: index,
                start,
                end,
                all_day: !start.has_time,
            });
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics::sorted(errors));
    }
    found.sort_by(|a, b| {
        (a.start, &library.pages[a.page].file.relative)
            .cmp(&(b.start, &library.pages[b.page].file.relative))
    });
    Ok(found)
}

/// The calendar file: every event a reader may be told about elsewhere
/// (sensitive pages only if findable), in iCalendar (RFC 5545). An event
/// whose day is not known is left out: a calendar would show a quarter-long
/// event, or one on a day it was not.
pub fn calendar(config: &Config, library: &Library, events: &[Event]) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        format!("PRODID:-//Lamplight//{}//EN", text(&config.title)),
        "CALSCALE:GREGORIAN".to_string(),
        format!(
            "X-WR-CALNAME:{}",
            text(&format!("{}: events", config.title))
        ),
    ];
    for event in events {
        let page = &library.pages[event.page];
        let day_unknown = page.meta.event.as_ref().is_some_and(|e| e.day_unknown);
        if !page.announced() || day_unknown {
            continue;
        }
        lines.extend(vevent(page, event));
    }
    lines.push("END:VCALENDAR".to_string());
    let mut out = String::new();
    for line in lines {
        fold(&line, &mut out);
    }
    out
}

fn vevent(page: &Page, event: &Event) -> Vec<String> {
    // When the page last changed, so the file is the same on every build.
    let stamp = page.meta.updated.or(page.date).unwrap_or(event.start);
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", text(&page.permalink)),
        format!("DTSTAMP:{}Z", stamp.datetime.strftime("%Y%m%dT%H%M%S")),
    ];
    if event.all_day {
        // iCalendar's all-day end is the day after the last.
        let after = event.end.datetime.date().saturating_add(1.day());
        lines.push(format!(
            "DTSTART;VALUE=DATE:{}",
            event.start.datetime.strftime("%Y%m%d")
        ));
        lines.push(format!("DTEND;VALUE=DATE:{}", after.strftime("%Y%m%d")));
    } else {
        lines.push(format!(
            "DTSTART:{}",
            event.start.datetime.strftime("%Y%m%dT%H%M%S")
        ));
        lines.push(format!(
            "DTEND:{}",
            event.end.datetime.strftime("%Y%m%dT%H%M%S")
        ));
    }
    lines.push(format!("SUMMARY:{}", text(&page.meta.title)));
    if let Some(description) = &page.meta.description {
        lines.push(format!("DESCRIPTION:{}", text(description)));
    }
    if let Some(location) = page.meta.event.as_ref().and_then(|e| e.location.as_deref()) {
        lines.push(format!("LOCATION:{}", text(location)));
    }
    lines.push(format!("URL:{}", page.permalink));
    lines.push("END:VEVENT".to_string());
    lines
}

/// iCalendar TEXT: backslash, semicolon, comma and newline escaped.
fn text(value: &str) -> String {
    // RFC 5545 allows no control characters in text but tab.
    let mut value = value.to_string();
    crate::publish::xml_characters_only(&mut value);
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Writes `line` ending in CRLF, folded so no line is over 75 bytes, never
/// splitting a character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_long_lines_folded() {
        assert_eq!(
            text("Rayleigh, Essex; a\\b\nc"),
            "Rayleigh\\, Essex\\; a\\\\b\\nc"
        );
        let mut out = String::new();
        fold(&format!("SUMMARY:{}", "é".repeat(50)), &mut out);
        let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.len() <= 75), "{lines:?}");
        assert!(lines[1].starts_with(' '));
        let unfolded: String = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(50)));
    }
}
