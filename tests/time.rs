//! Truth over time: one small site built and checked "in" 2017, while its
//! plan runs, and "in" 2026, long after it ended. What its pages say of the
//! plan's period, and what `check` warns of, is worked out from the build's
//! day, never written by hand.

mod common;

use std::process::Command;

use common::{Site, texts};
use jiff::civil;
use lamplight::BuildOptions;
use lamplight::check::{self, CheckOptions, Report};

const PLAN: &str = r#"year = "2017/18"
title = "Partnership Plan 2017/18"

[[objective]]
id = "asb-nights"
priority = "asb"
title = "Safer nights out"

[[objective.action]]
id = "asb-01"
title = "Introduce Street Pastors in the town centre"
leads = ["police"]

[[objective.action.update]]
quarter = "Q1"
status = "not-started"
text = "Police to lead in Q2."
"#;

const SCHEMES: &str = r#"[[scheme]]
id = "street-pastors"
name = "Street Pastors"
what_it_is = "Church volunteers on nights out."
who_it_is_for = "People on a night out."
how_to_get_help = "Look for their uniforms on weekend nights."
leads = ["police"]
priorities = ["asb"]
status = "planned"
status_as_of = 2017-09-30

[[scheme]]
id = "watch"
name = "Neighbourhood Watch"
what_it_is = "Neighbours looking out for each other."
who_it_is_for = "Anyone."
how_to_get_help = "Ask the police how to join."
leads = ["police"]
status = "running"
"#;

fn site() -> Site {
    let site = Site::new();
    common::write_records_for_schemes(&site);
    site.write("data/plans/2017-18.toml", PLAN)
        .write("data/schemes.toml", SCHEMES)
        .write(
            "content/priorities/_index.md",
            "+++\ntitle = \"Priorities\"\n+++\nAgreed for 2016/17.\n",
        )
        .write(
            "content/priorities/asb.md",
            "+++\ntitle = \"Anti-social behaviour\"\npriority = \"asb\"\nreview_by = 2030-01-01\n+++\nWhat the partners do.\n",
        )
        .write("content/schemes/_index.md", "+++\ntitle = \"Schemes\"\n+++\n")
        .write(
            "content/schemes/street-pastors.md",
            "+++\ntitle = \"Street Pastors\"\nscheme = \"street-pastors\"\nreview_by = 2030-01-01\n+++\n\
             Street Pastors now help people on a night out.\n\n\
             The partners planned to introduce them in 2017/18.\n",
        )
        .write(
            "content/about.md",
            "+++\ntitle = \"About\"\n+++\nWe met six times in 2016/17, and will grow by 2035.\n",
        )
        // No date of its own: a shortcode's `year` is not a word of the page.
        .write(
            "content/report.md",
            "+++\ntitle = \"Report\"\n+++\n{{ dashboard(year=\"2017/18\") }}\n\n\
             {{ actions(priority=\"asb\", year=\"2017/18\") }}\n",
        )
        .write(
            "content/news/_index.md",
            "+++\ntitle = \"News\"\narchive = true\n+++\n",
        )
        .write(
            "content/news/launch.md",
            "+++\ntitle = \"Launch\"\ndate = 2016-05-01\n+++\nWe launched.\n",
        );
    site
}

fn build_on(site: &Site, day: civil::Date) {
    site.build_with(|options| options.today = Some(day))
        .expect("the site builds");
}

fn check_on(site: &Site, day: civil::Date) -> Report {
    check::check(&CheckOptions {
        build: BuildOptions {
            root: site.root().to_path_buf(),
            today: Some(day),
            ..BuildOptions::default()
        },
        external: false,
    })
}

/// `(code, file, line)` of every warning about time.
fn warnings(report: &Report) -> Vec<(String, String, usize)> {
    let about_time = ["plan-ended", "stale", "review-due", "planned-scheme"];
    report
        .diagnostics
        .iter()
        .filter(|d| d.code.is_some_and(|c| about_time.contains(&c)))
        .map(|d| {
            (
                d.code.unwrap_or("").to_string(),
                d.file.to_string_lossy().replace('\\', "/"),
                d.line,
            )
        })
        .collect()
}

/// The one finding with `code`.
fn the<'a>(report: &'a Report, code: &str) -> &'a lamplight::Diagnostic {
    let mut found = report.diagnostics.iter().filter(|d| d.code == Some(code));
    let first = found
        .next()
        .unwrap_or_else(|| panic!("no {code}: {:#?}", report.diagnostics));
    assert!(found.next().is_none(), "more than one {code}");
    first
}

fn period(site: &Site, page: &str) -> String {
    texts(&site.html(page), ".plan-period").join(" | ")
}

#[test]
fn in_2017_the_plan_is_running_and_says_until_when() {
    let site = site();
    build_on(&site, civil::date(2017, 9, 1));
    let plan = period(&site, "plans/2017-18/index.html");
    assert_eq!(
        plan,
        "This plan covers April 2017 to March 2018. It runs until 31 March 2018."
    );
    let home = period(&site, "index.html");
    assert!(
        home.starts_with(
            "The Partnership Plan 2017/18 covers April 2017 to March 2018. It runs until"
        ),
        "{home}"
    );
    let priority = site.html("priorities/asb/index.html");
    assert_eq!(texts(&priority, "#plan"), ["What we are doing in 2017/18"]);
    assert!(period(&site, "priorities/asb/index.html").contains("It runs until 31 March 2018"));
    assert!(!site.read("plans/2017-18/index.html").contains("ended"));
}

#[test]
fn in_2026_every_page_showing_the_plan_says_it_ended() {
    let site = site();
    build_on(&site, civil::date(2026, 12, 3));
    let ended = "It ended on 31 March 2018. It is the latest plan published on this site";
    for page in [
        "index.html",
        "plans/2017-18/index.html",
        "plans/2017-18/asb/index.html",
        "priorities/asb/index.html",
    ] {
        let said = period(&site, page);
        assert!(
            said.contains("covers April 2017 to March 2018"),
            "{page}: {said}"
        );
        assert!(said.contains(ended), "{page}: {said}");
    }
    let priority = site.html("priorities/asb/index.html");
    assert_eq!(texts(&priority, "#plan"), ["What the 2017/18 plan set out"]);
    // A page showing plan data through a shortcode says it too.
    let report = period(&site, "report/index.html");
    assert_eq!(report.matches(ended).count(), 2, "{report}");
    let plans = texts(&site.html("plans/index.html"), ".page-list li");
    assert!(plans[0].contains("Latest plan"), "{plans:?}");
    assert!(
        plans[0].contains("April 2017 to March 2018, ended 31 March 2018"),
        "{plans:?}"
    );
    let times = common::attrs(
        &site.html("plans/2017-18/index.html"),
        ".plan-period time",
        "datetime",
    );
    assert_eq!(times, ["2017-04-01", "2018-03-31", "2018-03-31"]);
}

#[test]
fn before_it_starts_a_plan_says_when_it_will() {
    let site = site();
    build_on(&site, civil::date(2017, 2, 1));
    assert_eq!(
        period(&site, "plans/2017-18/index.html"),
        "This plan covers April 2017 to March 2018. It starts on 1 April 2017."
    );
}

#[test]
fn check_warns_of_an_ended_plan_and_old_undated_pages_only_once_they_are() {
    let site = site();
    let in_2017 = warnings(&check_on(&site, civil::date(2017, 9, 1)));
    let in_2026 = warnings(&check_on(&site, civil::date(2026, 12, 3)));
    let planned = [
        (
            "planned-scheme".to_string(),
            "content/schemes/street-pastors.md".to_string(),
            6,
        ),
        (
            "planned-scheme".to_string(),
            "data/schemes.toml".to_string(),
            6,
        ),
    ];
    // A planned scheme spoken of as running is wrong on any day; the
    // sentence that says it was planned is not.
    assert_eq!(in_2017, planned);
    let mut expected = vec![
        ("stale".to_string(), "content/about.md".to_string(), 4),
        // A section's own text too: the home page says what is true now.
        (
            "stale".to_string(),
            "content/priorities/_index.md".to_string(),
            4,
        ),
        (
            "plan-ended".to_string(),
            "data/plans/2017-18.toml".to_string(),
            1,
        ),
    ];
    expected.extend(planned);
    expected.sort_by(|a, b| (&a.1, a.2).cmp(&(&b.1, b.2)));
    assert_eq!(in_2026, expected);
    let report = check_on(&site, civil::date(2026, 12, 3));
    let ended = the(&report, "plan-ended");
    assert_eq!(
        ended.message,
        "the current plan, 2017/18, ended on 31 March 2018"
    );
    assert!(
        ended
            .hint
            .as_deref()
            .unwrap()
            .contains("data/plans/2018-19.toml")
    );
    let stale: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Some("stale"))
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        stale
            .iter()
            .all(|m| m.contains("the newest date in it, 2016/17")),
        "{stale:?}"
    );
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"plan-ended") && codes.contains(&"planned-scheme"),
        "{codes:?}"
    );
}

#[test]
fn a_current_plan_named_in_config_is_warned_of_there() {
    let site = site();
    site.write(
        "config.toml",
        &format!("current_plan = \"2017/18\"\n{}", common::CONFIG),
    );
    let report = check_on(&site, civil::date(2026, 12, 3));
    let ended = the(&report, "plan-ended");
    assert_eq!(ended.file.to_string_lossy(), "config.toml");
    assert_eq!((ended.line, ended.column), (1, 1));
}

#[test]
fn a_schemes_status_is_shown_on_its_page_and_in_lists() {
    let site = site();
    build_on(&site, civil::date(2026, 12, 3));
    let page = site.html("schemes/street-pastors/index.html");
    let status = texts(&page, ".scheme-facts .summary-list > div:first-child dd").join("");
    assert!(
        status.starts_with("Planned as at September 2017. It is not known to have started"),
        "{status}"
    );
    let notice = texts(&page, ".notice.scheme-status");
    assert_eq!(
        notice,
        [
            "This scheme was planned, and is not known to have started (as at September 2017). \
          Ask the partnership before you rely on it."
        ]
    );
    let running = site.html("schemes/watch/index.html");
    assert!(texts(&running, ".notice.scheme-status").is_empty());
    let list = texts(&site.html("schemes/index.html"), ".page-list h3");
    assert!(
        list.contains(&"Street Pastors Planned".to_string()),
        "{list:?}"
    );
    let priority = texts(
        &site.html("priorities/asb/index.html"),
        "li .status-planned",
    );
    assert_eq!(priority, ["Planned"]);
    let partner = texts(&site.html("partners/police/index.html"), "li .status");
    assert_eq!(partner, ["Planned"], "a running scheme has no tag");
}

#[test]
fn pages_in_an_archive_say_they_are_a_record_of_their_time() {
    let site = site();
    build_on(&site, civil::date(2026, 12, 3));
    let page = texts(&site.html("news/launch/index.html"), ".notice.archived");
    assert_eq!(page.len(), 1);
    assert!(page[0].starts_with("Archived: this page is a record of its time"));
    let section = texts(&site.html("news/index.html"), ".notice.archived");
    assert!(section[0].starts_with("This is an archive"), "{section:?}");
    assert!(texts(&site.html("about/index.html"), ".notice.archived").is_empty());
}

/// `SOURCE_DATE_EPOCH`, as reproducible builds set it, decides the day.
#[test]
fn source_date_epoch_sets_the_day_the_plan_is_judged_on() {
    let site = site();
    let run = |seconds: &str| {
        let status = Command::new(env!("CARGO_BIN_EXE_lamplight"))
            .args(["build", "--root"])
            .arg(site.root())
            .env("SOURCE_DATE_EPOCH", seconds)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        period(&site, "plans/2017-18/index.html")
    };
    // 1 September 2017 and 3 December 2026, at midnight UTC.
    assert!(run("1504224000").contains("It runs until 31 March 2018"));
    assert!(run("1796256000").contains("It ended on 31 March 2018"));
}

/// The sentences the fidelity review found speaking of planned schemes as
/// running, as the bundled site had them before it was corrected (its
/// Street Pastors page, a sentence of its anti-social behaviour page, and
/// the two planned schemes' own words): `check` warns at every one.
#[test]
fn every_sentence_the_review_found_about_planned_schemes_is_warned_of() {
    let site = Site::new();
    common::write_records_for_schemes(&site);
    site.write(
        "data/schemes.toml",
        r#"[[scheme]]
id = "street-pastors"
name = "Street Pastors"
what_it_is = "Trained church volunteers who patrol Rayleigh town centre late at night, giving first aid and a safe place to rest."
who_it_is_for = "People on a night out in Rayleigh who are drunk, hurt or vulnerable."
how_to_get_help = "Look for the Street Pastors' uniforms in Rayleigh town centre on weekend nights."
leads = ["police"]
status = "planned"

[[scheme]]
id = "well-homes"
name = "Well Homes"
what_it_is = "Trained volunteers visit residents at home to help them make it healthier and safer, and link them to services."
who_it_is_for = "Older and vulnerable residents of Rochford District, especially in privately owned or rented homes."
how_to_get_help = "Ask Rochford District Council's private housing team or RRAVS about a visit."
leads = ["police"]
status = "planned"
"#,
    )
    .write(
        "content/schemes/street-pastors.md",
        "+++\ntitle = \"Street Pastors\"\nscheme = \"street-pastors\"\nreview_by = 2030-01-01\n+++\n\n\
         ## What it is\n\n\
         Street Pastors are trained volunteers from local churches who patrol the town\n\
         centre late at night. They offer basic first aid, a safe place to rest for\n\
         people who are drunk or vulnerable, and a listening ear.\n\n\
         ## Why it matters\n\n\
         The scheme aims to reduce offending and the demand on police and ambulance\n\
         services, and to make people feel more confident about the town at night. It was\n\
         introduced in 2017/18 by Essex Police with Rayleigh's churches.\n",
    )
    .write(
        "content/asb.md",
        "+++\ntitle = \"Anti-social behaviour\"\nreview_by = 2030-01-01\n+++\n\n\
         Pubs and clubs share information on troublemakers. [Street Pastors](@/schemes/street-pastors.md)\n\
         now help people who are vulnerable on a night out.\n",
    );
    let report = check_on(&site, civil::date(2017, 9, 1));
    let mut caught: Vec<(String, usize, String)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Some("planned-scheme"))
        .map(|d| {
            let marker = d.message.split('"').nth(1).unwrap().to_string();
            (d.file.to_string_lossy().replace('\\', "/"), d.line, marker)
        })
        .collect();
    caught.sort();
    let expected = [
        ("content/asb.md", 7, "now"),
        ("content/schemes/street-pastors.md", 9, "patrol"),
        ("content/schemes/street-pastors.md", 10, "offer"),
        ("content/schemes/street-pastors.md", 16, "was introduced"),
        ("data/schemes.toml", 4, "patrol"),
        ("data/schemes.toml", 6, "Look"),
        ("data/schemes.toml", 13, "visit"),
        ("data/schemes.toml", 15, "Ask"),
    ];
    let expected: Vec<(String, usize, String)> = expected
        .iter()
        .map(|(f, l, m)| (f.to_string(), *l, m.to_string()))
        .collect();
    assert_eq!(caught, expected);
}
