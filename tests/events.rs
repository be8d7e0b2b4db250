//! Events: the calendar file residents subscribe to, the events list, and
//! the errors for dates that cannot be right.

mod common;

use common::{Site, attrs, texts};

fn site() -> Site {
    let site = Site::new();
    site.write(
        "content/events/roadshow.md",
        "+++\ntitle = \"Senior safety roadshow\"\ndescription = \"Scams, doorstep crime; and fire safety.\"\n\
         event = { start = 2026-10-14T10:00:00, end = 2026-10-14T15:30:00, location = \"Rayleigh Library, Rayleigh\" }\n+++\nCome along.\n",
    );
    site.write(
        "content/events/crucial-crew.md",
        "+++\ntitle = \"Crucial Crew\"\nevent = { start = 2026-06-08, end = 2026-06-12, location = \"Rochford\" }\n+++\nFor Year 6.\n",
    );
    site.write(
        "content/events/refuge-open-day.md",
        "+++\ntitle = \"Refuge open day\"\nevent = { start = 2026-07-01 }\nsensitive = true\n+++\nPrivate.\n",
    );
    site
}

#[test]
fn the_calendar_has_every_event_a_reader_may_be_told_about() {
    let site = site();
    site.build().unwrap();
    let ics = site.read("events.ics");
    assert!(
        ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
        "{ics}"
    );
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(
        !ics.replace("\r\n", "").contains('\n'),
        "every line ends CRLF"
    );
    let unfolded = ics.replace("\r\n ", "");
    assert_eq!(
        unfolded.matches("BEGIN:VEVENT").count(),
        2,
        "not the sensitive one"
    );
    for line in [
        "UID:https://csp.example.org/events/crucial-crew/",
        "DTSTART;VALUE=DATE:20260608",
        "DTEND;VALUE=DATE:20260613",
        "DTSTART:20261014T100000",
        "DTEND:20261014T153000",
        "SUMMARY:Senior safety roadshow",
        "DESCRIPTION:Scams\\, doorstep crime\\; and fire safety.",
        "LOCATION:Rayleigh Library\\, Rayleigh",
    ] {
        assert!(
            unfolded.contains(&format!("{line}\r\n")),
            "missing {line}:\n{unfolded}"
        );
    }
    let crew = unfolded.find("Crucial Crew").unwrap();
    let roadshow = unfolded.find("Senior safety roadshow").unwrap();
    assert!(crew < roadshow, "soonest first");
}

#[test]
fn the_events_page_lists_them_newest_first_with_when_and_where() {
    let site = site();
    site.build().unwrap();
    let html = site.html("events/index.html");
    assert_eq!(
        texts(&html, "main .page-list h2"),
        ["Senior safety roadshow", "Crucial Crew"],
        "a sensitive event is in no list a resident sees"
    );
    assert_eq!(
        texts(&html, "main .page-list .event-facts dd"),
        [
            "Wednesday 14 October 2026, 10:00 to 15:30",
            "Rayleigh Library, Rayleigh",
            "8 June 2026 to 12 June 2026",
            "Rochford"
        ]
    );
    assert_eq!(
        attrs(&html, "link[type='text/calendar']", "href"),
        ["/events.ics"]
    );
    let page = site.html("events/roadshow/index.html");
    assert_eq!(
        texts(&page, ".event-facts dt"),
        ["When", "Where"],
        "an event's own page says when and where"
    );
}

#[test]
fn a_sites_own_events_section_gets_the_list() {
    let site = site();
    site.write(
        "content/events/_index.md",
        "+++\ntitle = \"What's on\"\ntemplate = \"events.html\"\n+++\nOur events.\n",
    );
    site.build().unwrap();
    let html = site.html("events/index.html");
    assert_eq!(texts(&html, "h1"), ["What's on"]);
    assert_eq!(texts(&html, "main .page-list h2").len(), 2);
}

#[test]
fn an_event_that_ends_before_it_starts_is_an_error() {
    let error = common::fails_keeping_last_good_site(
        |_| {},
        |site| {
            site.write(
                "content/day.md",
                "+++\ntitle = \"Day\"\nevent = { start = 2026-06-12, end = 2026-06-08 }\n+++\n",
            );
        },
    );
    assert_eq!(error.file, std::path::Path::new("content/day.md"));
    assert_eq!((error.line, error.column), (3, 37), "{error:?}");
    assert_eq!(error.message, "the event ends before it starts");

    let error = common::fails_keeping_last_good_site(
        |_| {},
        |site| {
            site.write(
                "content/day.md",
                "+++\ntitle = \"Day\"\nevent = { start = 2026-06-12, end = 2026-06-12T15:00:00 }\n+++\n",
            );
        },
    );
    assert!(
        error
            .message
            .contains("both be dates, or both dates with times")
    );
}

/// A past event known only by its quarter is listed with that span and
/// says the day is not recorded; the calendar, which would show it as
/// lasting three months, leaves it out.
#[test]
fn an_event_whose_day_is_unknown_is_not_put_in_the_calendar() {
    let site = site();
    site.write(
        "content/events/crucial-crew-2016.md",
        "+++\ntitle = \"Crucial Crew 2016\"\n\
         event = { start = 2016-04-01, end = 2016-06-30, day_unknown = true }\n+++\nHeld.\n",
    );
    site.build().unwrap();
    let ics = site.read("events.ics").replace("\r\n ", "");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2, "{ics}");
    assert!(!ics.contains("crucial-crew-2016"), "{ics}");
    let when = texts(
        &site.html("events/crucial-crew-2016/index.html"),
        ".event-facts dd",
    );
    assert_eq!(
        when[0],
        "Between 1 April 2016 and 30 June 2016; the records do not give the day"
    );
}
