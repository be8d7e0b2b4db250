//! Structured content under `data/`: validation errors point at the bad value
//! and keep the last good site; the rendered pages, dashboards, CSV and JSON
//! all agree with the source data.

mod common;

use common::{Site, attrs, fails_keeping_last_good_site, place, texts};

const PARTNERS: &str = r#"[[partner]]
id = "police"
name = "Essex Police"
kind = "statutory"

[[partner]]
id = "council"
name = "Rochford District Council"
short_name = "RDC"
kind = "statutory"
"#;

const PRIORITIES: &str = r#"[[priority]]
id = "asb"
title = "Anti-social behaviour"
summary = "Nuisance and disorder."

[[priority]]
id = "safety"
title = "Keeping safe"
"#;

const SCHEMES: &str = r#"[[scheme]]
id = "watch"
name = "Neighbourhood Watch"
what_it_is = "Neighbours looking out for each other."
who_it_is_for = "Everyone."
how_to_get_help = "Ask the police."
leads = ["police"]
priorities = ["asb"]
"#;

const FUNDING: &str = r#"[[allocation]]
year = "2016/17"
source = "PCC"
amount = 14019
purpose = "Grant"

[[allocation]]
year = "2017/18"
source = "PCC"
amount = 12337.5
purpose = "Grant"
"#;

const PLAN_2017: &str = r#"year = "2017/18"
title = "Plan 2017/18"

[[objective]]
id = "nte"
priority = "asb"
title = "A safe night out"

[[objective.action]]
id = "a1"
title = "Visit licensed premises"
outcomes = ["Fewer incidents", "Licences kept"]
leads = ["police", "council"]
lead_detail = "Licensing officers"
timescale = "Q1–Q4"

[[objective.action.update]]
quarter = "Q1"
status = "on-track"
text = "Visits going well."

[[objective.action.update]]
quarter = "Q2"
status = "complete"
text = "All visits done."
date = 2017-09-30

[[objective.action]]
id = "a2"
title = "Refuge tent"
leads = ["police"]

[[objective.action.update]]
quarter = "Q1"
status = "at-risk"
text = "No dates yet."

[[objective.action]]
id = "a3"
title = "CCTV"
leads = ["council"]

[[objective]]
id = "older"
priority = "safety"
title = "Protect older residents"

[[objective.action]]
id = "s1"
title = "Roadshows"
leads = ["council"]

[[objective.action.update]]
quarter = "Q1"
status = "complete"
text = "Two held."
"#;

const PLAN_2016: &str = r#"year = "2016/17"
title = "Plan 2016/17"

[[objective]]
id = "old"
priority = "asb"
title = "Taxi marshals"

[[objective.action]]
id = "t1"
title = "Taxi marshals in Rayleigh"
leads = ["council"]

[[objective.action.update]]
quarter = "Q1"
status = "complete"
text = "Scheme closed in June."
"#;

fn with_data(site: &Site) {
    site.write("data/partners.toml", PARTNERS)
        .write("data/priorities.toml", PRIORITIES)
        .write("data/schemes.toml", SCHEMES)
        .write("data/funding.toml", FUNDING)
        .write("data/plans/2017-18.toml", PLAN_2017)
        .write("data/plans/2016-17.toml", PLAN_2016);
}

/// The figures of each dashboard table row: statuses in order, then the total.
fn dashboard_rows(html: &scraper::Html) -> Vec<Vec<String>> {
    let rows = scraper::Selector::parse(".dashboard tbody tr").unwrap();
    let cells = scraper::Selector::parse("td").unwrap();
    html.select(&rows)
        .map(|row| row.select(&cells).map(|c| c.text().collect()).collect())
        .collect()
}

fn data_site() -> Site {
    let site = Site::new();
    with_data(&site);
    site
}

/// Breaks one data file by replacing `from` with `to`, and returns the error.
fn fails_after_replacing(file: &str, from: &str, to: &str) -> lamplight::Diagnostic {
    fails_keeping_last_good_site(with_data, |site| {
        let path = site.root().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no `{from}`");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    })
}

#[test]
fn unknown_partner_reference_suggests_the_nearest() {
    let d = fails_after_replacing(
        "data/plans/2017-18.toml",
        r#"leads = ["police"]"#,
        r#"leads = ["polce"]"#,
    );
    assert_eq!(place(&d), ("data/plans/2017-18.toml".into(), 31, 10));
    assert_eq!(d.message, "there is no partner `polce`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `police`?"));
}

#[test]
fn unknown_priority_reference() {
    let d = fails_after_replacing(
        "data/plans/2017-18.toml",
        r#"priority = "safety""#,
        r#"priority = "saftey""#,
    );
    assert_eq!(place(&d), ("data/plans/2017-18.toml".into(), 45, 12));
    assert_eq!(d.message, "there is no priority `saftey`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `safety`?"));
}

#[test]
fn unknown_priority_in_a_scheme() {
    let d = fails_after_replacing("data/schemes.toml", r#"["asb"]"#, r#"["abs"]"#);
    assert_eq!(place(&d), ("data/schemes.toml".into(), 8, 15));
    assert_eq!(d.message, "there is no priority `abs`");
}

#[test]
fn unknown_status_lists_the_allowed_ones() {
    let d = fails_after_replacing(
        "data/plans/2017-18.toml",
        r#"status = "at-risk""#,
        r#"status = "at risk""#,
    );
    assert_eq!(place(&d), ("data/plans/2017-18.toml".into(), 35, 10));
    assert_eq!(
        d.message,
        "`at risk` is not an allowed value for `status` in data/plans/2017-18.toml"
    );
    let hint = d.hint.unwrap();
    assert!(hint.starts_with("did you mean `at-risk`?"), "{hint}");
    assert!(hint.contains("not-started, on-track, at-risk, complete, no-update"));
}

#[test]
fn quarter_outside_q1_to_q4() {
    let d = fails_after_replacing(
        "data/plans/2017-18.toml",
        r#"quarter = "Q2""#,
        r#"quarter = "Q5""#,
    );
    assert_eq!(place(&d), ("data/plans/2017-18.toml".into(), 23, 11));
    assert_eq!(
        d.message,
        "`Q5` is not an allowed value for `quarter` in data/plans/2017-18.toml"
    );
    assert!(d.hint.unwrap().contains("Q1, Q2, Q3, Q4"));
}

#[test]
fn two_updates_for_one_quarter() {
    let d = fails_after_replacing(
        "data/plans/2017-18.toml",
        r#"quarter = "Q2""#,
        r#"quarter = "Q1""#,
    );
    assert_eq!(place(&d), ("data/plans/2017-18.toml".into(), 23, 11));
    assert_eq!(d.message, "action `a1` has two updates for Q1");
}

#[test]
fn duplicate_ids() {
    let d = fails_after_replacing("data/plans/2017-18.toml", r#"id = "a2""#, r#"id = "a1""#);
    assert_eq!(place(&d), ("data/plans/2017-18.toml".into(), 29, 6));
    assert_eq!(d.message, "there are two of action `a1`");
    assert!(d.hint.unwrap().starts_with("the first is on line 10"));

    let d = fails_keeping_last_good_site(with_data, |site| {
        let again =
            "\n[[partner]]\nid = \"police\"\nname = \"Police again\"\nkind = \"statutory\"\n";
        site.write("data/partners.toml", &format!("{PARTNERS}{again}"));
    });
    assert_eq!(place(&d), ("data/partners.toml".into(), 13, 6));
    assert_eq!(d.message, "there are two of partner `police`");
}

#[test]
fn ids_must_fit_in_a_web_address() {
    let d = fails_after_replacing(
        "data/schemes.toml",
        r#"id = "watch""#,
        r#"id = "Watch Scheme""#,
    );
    assert_eq!(place(&d), ("data/schemes.toml".into(), 2, 6));
    assert_eq!(d.message, "`Watch Scheme` cannot be used as a scheme id");
}

#[test]
fn negative_amount() {
    let d = fails_after_replacing("data/funding.toml", "amount = 14019", "amount = -14019");
    assert_eq!(place(&d), ("data/funding.toml".into(), 4, 10));
    assert_eq!(d.message, "`amount` cannot be negative (-14019)");
    assert!(d.hint.unwrap().contains("without £ or commas"));
}

#[test]
fn non_numeric_amount() {
    let d = fails_after_replacing(
        "data/funding.toml",
        "amount = 14019",
        r#"amount = "£14,019""#,
    );
    assert_eq!(place(&d), ("data/funding.toml".into(), 4, 10));
    assert_eq!(
        d.message,
        "`amount` must be a number, not the text \"£14,019\""
    );
}

#[test]
fn plan_year_not_in_yyyy_yy_form() {
    let d = fails_after_replacing(
        "data/funding.toml",
        r#"year = "2016/17""#,
        r#"year = "2016-2017""#,
    );
    assert_eq!(place(&d), ("data/funding.toml".into(), 2, 8));
    assert_eq!(
        d.message,
        "`2016-2017` is not a plan year in the form YYYY/YY"
    );

    let d = fails_after_replacing(
        "data/plans/2017-18.toml",
        r#"year = "2017/18""#,
        r#"year = "2017/19""#,
    );
    assert_eq!(place(&d), ("data/plans/2017-18.toml".into(), 1, 8));
    assert!(d.hint.unwrap().contains("\"2017/18\""));
}

#[test]
fn plan_in_a_file_named_for_another_year() {
    let d = fails_after_replacing(
        "data/plans/2016-17.toml",
        r#"year = "2016/17""#,
        r#"year = "2015/16""#,
    );
    assert_eq!(place(&d), ("data/plans/2016-17.toml".into(), 1, 8));
    assert_eq!(
        d.message,
        "the plan for 2015/16 is in a file named for another year"
    );
}

#[test]
fn unknown_field_in_a_data_file() {
    let d = fails_after_replacing("data/partners.toml", "short_name =", "shortname =");
    assert_eq!(place(&d), ("data/partners.toml".into(), 9, 1));
    assert_eq!(d.message, "unknown key `shortname` in data/partners.toml");
    assert!(d.hint.unwrap().starts_with("did you mean `short_name`?"));
}

#[test]
fn malformed_toml_in_a_data_file() {
    let d = fails_after_replacing(
        "data/priorities.toml",
        r#"title = "Keeping safe""#,
        r#"title = "Keeping safe"#,
    );
    assert_eq!(place(&d).0, "data/priorities.toml");
    // The string runs to the end of the file, where toml gives up.
    assert_eq!(place(&d).1, 8);
    assert!(
        d.message
            .starts_with("invalid TOML in data/priorities.toml"),
        "{d}"
    );
}

#[test]
fn a_page_claiming_an_unknown_record() {
    let d = fails_keeping_last_good_site(with_data, |site| {
        site.write(
            "content/asb.md",
            "+++\ntitle = \"ASB\"\npriority = \"safty\"\n+++\n",
        );
    });
    assert_eq!(place(&d), ("content/asb.md".into(), 3, 12));
    assert_eq!(d.message, "there is no priority `safty`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `safety`?"));
}

#[test]
fn a_progress_report_on_a_plan_that_does_not_exist() {
    let d = fails_keeping_last_good_site(with_data, |site| {
        site.write(
            "content/q1.md",
            "+++\ntitle = \"Q1\"\nprogress = { plan = \"2018/19\", quarter = \"Q1\" }\n+++\n",
        );
    });
    assert_eq!(place(&d), ("content/q1.md".into(), 3, 21));
    assert_eq!(d.message, "there is no plan for 2018/19");
}

#[test]
fn a_generated_page_clashing_with_a_content_file() {
    let d = fails_keeping_last_good_site(with_data, |site| {
        site.write(
            "content/schemes/_index.md",
            "+++\ntitle = \"Schemes\"\n+++\n",
        )
        .write("content/schemes/watch.md", "+++\ntitle = \"Watch\"\n+++\n");
    });
    assert_eq!(place(&d), ("data/schemes.toml".into(), 2, 6));
    assert!(
        d.message
            .contains("the address /schemes/watch/ is also used by content/schemes/watch.md"),
        "{d}"
    );
    assert!(d.hint.unwrap().contains("scheme = \"watch\""));
}

#[test]
fn unknown_shortcode_and_failing_shortcode_point_at_the_call() {
    let d = fails_keeping_last_good_site(with_data, |site| {
        site.write(
            "content/about.md",
            "+++\ntitle = \"About\"\n+++\nIntro.\n\n{{ scheme_crad(id=\"watch\") }}\n",
        );
    });
    assert_eq!(place(&d), ("content/about.md".into(), 6, 1));
    assert_eq!(d.message, "there is no shortcode `scheme_crad`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `scheme_card`?"));

    let d = fails_keeping_last_good_site(with_data, |site| {
        site.write(
            "content/about.md",
            "+++\ntitle = \"About\"\n+++\n{{ scheme_card(id=\"wach\") }}\n",
        );
    });
    assert_eq!(place(&d), ("content/about.md".into(), 4, 1));
    assert!(
        d.message.starts_with("the shortcode `scheme_card` failed"),
        "{d}"
    );
    assert!(d.message.contains("did you mean \"watch\"?"), "{d}");

    let d = fails_keeping_last_good_site(with_data, |site| {
        site.write(
            "content/about.md",
            "+++\ntitle = \"About\"\n+++\nSee {{ scheme_card(id=watch) }}.\n",
        );
    });
    assert_eq!(place(&d), ("content/about.md".into(), 4, 5));
    assert_eq!(d.message, "this shortcode cannot be read");
    assert!(d.hint.unwrap().contains("double quotes"));
}

#[test]
fn current_plan_in_config_must_exist() {
    let d = fails_keeping_last_good_site(with_data, |site| {
        site.write(
            "config.toml",
            &format!("current_plan = \"2019/20\"\n{}", common::CONFIG),
        );
    });
    assert_eq!(place(&d), ("config.toml".into(), 1, 1));
    assert!(d.hint.unwrap().contains("\"2016/17\", \"2017/18\""));
}

#[test]
fn priority_pages_show_the_current_plan_with_status_tags_and_partner_links() {
    let site = data_site();
    site.write(
        "content/priorities/_index.md",
        "+++\ntitle = \"Priorities\"\n+++\n",
    )
    .write(
        "content/priorities/asb.md",
        "+++\ntitle = \"Anti-social behaviour\"\npriority = \"asb\"\n+++\nOur prose stays.\n",
    );
    site.build().unwrap();
    let html = site.html("priorities/asb/index.html");
    assert!(
        texts(&html, ".prose")
            .join(" ")
            .contains("Our prose stays.")
    );
    assert_eq!(
        texts(&html, ".action h4"),
        ["Visit licensed premises", "Refuge tent", "CCTV"]
    );
    assert_eq!(
        attrs(&html, ".action", "id"),
        ["action-a1", "action-a2", "action-a3"]
    );
    // Statuses are words, with the colour class only repeating them.
    assert_eq!(texts(&html, "#action-a1 .status"), ["On track", "Complete"]);
    assert_eq!(
        attrs(&html, "#action-a2 .status", "class"),
        ["status status-at-risk"]
    );
    assert_eq!(texts(&html, "#action-a3 .updates"), Vec::<String>::new());
    assert!(
        texts(&html, "#action-a3")
            .join(" ")
            .contains("No update reported yet.")
    );
    // Lead partners link to their generated pages.
    assert_eq!(
        attrs(&html, "#action-a1 dd a", "href"),
        ["/partners/police/", "/partners/council/"]
    );
    assert_eq!(
        texts(&html, "#action-a1 dd .meta")[0],
        "(Licensing officers)"
    );
    // The archive of every year it was a priority.
    assert_eq!(
        attrs(&html, "#years + ul a", "href"),
        ["/plans/2017-18/asb/", "/plans/2016-17/asb/"]
    );
    assert_eq!(
        attrs(&html, ".open-data a[download]", "href"),
        ["/data/priorities/asb.csv", "/data/priorities/asb.json"]
    );
}

#[test]
fn dashboards_count_actions_by_status_per_reported_quarter() {
    let site = data_site();
    site.build().unwrap();
    let html = site.html("plans/2017-18/index.html");
    // Q1: s1 complete, a1 on track, a2 at risk, a3 no update. Q2: only a1 reported.
    assert_eq!(
        dashboard_rows(&html),
        [
            vec!["1", "1", "1", "0", "1", "4"],
            vec!["1", "0", "0", "0", "3", "4"]
        ]
    );
    assert_eq!(
        texts(&html, ".dashboard tbody th"),
        ["Q1 (April to June)", "Q2 (July to September)"]
    );
    assert_eq!(
        texts(&html, ".dashboard thead th"),
        [
            "Quarter",
            "Complete",
            "On track",
            "At risk",
            "Not started",
            "No update",
            "All actions"
        ]
    );
    // The chart is drawn wide and narrow (for phones), each said in words.
    let said = "Q1, 4 actions: 1 complete, 1 on track, 1 at risk, 1 no update. Q2, 4 actions: 1 complete, 3 no update.";
    assert_eq!(texts(&html, "svg desc"), [said, said]);
    assert_eq!(
        attrs(&html, "svg.chart", "aria-labelledby"),
        [
            "dashboard-2017-18-wide-title dashboard-2017-18-wide-desc",
            "dashboard-2017-18-narrow-title dashboard-2017-18-narrow-desc"
        ]
    );

    // One priority in one year, at its archive address.
    let html = site.html("plans/2017-18/asb/index.html");
    assert_eq!(
        dashboard_rows(&html),
        [
            vec!["0", "1", "1", "0", "1", "3"],
            vec!["1", "0", "0", "0", "2", "3"]
        ]
    );
    // Older plans stay at their own address, unchanged by the newer one.
    let html = site.html("plans/2016-17/asb/index.html");
    assert_eq!(texts(&html, ".action h4"), ["Taxi marshals in Rayleigh"]);
    assert!(
        texts(&html, ".notice, p")
            .join(" ")
            .contains("A later plan has replaced it")
    );
    // A priority in the current plan with no page of its own gets one.
    let html = site.html("priorities/safety/index.html");
    assert_eq!(texts(&html, "h1"), ["Keeping safe"]);
    assert_eq!(texts(&html, ".action h4"), ["Roadshows"]);
}

#[test]
fn partner_scheme_funding_and_progress_pages() {
    let site = data_site();
    site.write(
        "content/q2.md",
        "+++\ntitle = \"Second quarter\"\nprogress = { plan = \"2017/18\", quarter = \"Q2\" }\n+++\nSummary.\n",
    )
    .write("content/funding.md", "+++\ntitle = \"Funding\"\n+++\n{{ funding_table() }}\n\n{{ scheme_card(id=\"watch\") }}\n");
    site.build().unwrap();

    let html = site.html("partners/police/index.html");
    // Built on today's date, long after the plan's year.
    assert_eq!(
        texts(&html, "table caption"),
        ["Actions led in the 2017/18 plan (April 2017 to March 2018, ended 31 March 2018)"]
    );
    assert_eq!(
        texts(&html, "tbody th"),
        ["Visit licensed premises", "Refuge tent"]
    );
    assert_eq!(texts(&html, "tbody td .status"), ["Complete", "At risk"]);
    assert_eq!(
        attrs(&html, "tbody th a", "href"),
        [
            "/plans/2017-18/asb/#action-a1",
            "/plans/2017-18/asb/#action-a2"
        ]
    );
    assert_eq!(texts(&html, "main h2 + ul a"), ["Neighbourhood Watch"]);

    let html = site.html("schemes/watch/index.html");
    assert!(texts(&html, "dd").contains(&"Neighbours looking out for each other.".to_string()));

    let html = site.html("q2/index.html");
    assert_eq!(
        texts(&html, "tbody th[scope=row] a"),
        ["Visit licensed premises"]
    );
    assert_eq!(dashboard_rows(&html), [vec!["1", "0", "0", "0", "3", "4"]]);

    let html = site.html("funding/index.html");
    assert_eq!(
        texts(&html, "tbody td.align-right"),
        ["£14,019", "£12,337.50"]
    );
    assert_eq!(
        texts(&html, "tfoot th"),
        ["Total for 2016/17", "Total for 2017/18"]
    );
    assert_eq!(texts(&html, "tfoot td"), ["£14,019", "£12,337.50"]);
    assert!(texts(&html, "svg desc")[0].contains("2017/18: £12,337.50."));
    // The shortcode's block HTML replaces its paragraph rather than sitting in one.
    assert_eq!(
        texts(&html, "aside.scheme-card h2"),
        ["Neighbourhood Watch"]
    );
    assert!(!site.read("funding/index.html").contains("<p><aside"));
}

#[test]
fn csv_and_json_round_trip_to_the_source_data() {
    let site = data_site();
    site.build().unwrap();

    let csv_text = site.read("data/plans/2017-18.csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header[..7],
        [
            "plan_year",
            "priority_id",
            "priority",
            "objective_id",
            "objective",
            "action_id",
            "action"
        ]
    );
    let rows: Vec<lamplight::data::open_data::ActionRow> =
        reader.deserialize().map(Result::unwrap).collect();
    // One row per action per reported quarter; a3 has no update, so one empty row.
    let keys: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r.action_id.clone(), r.quarter.clone(), r.status.clone()))
        .collect();
    let expected = [
        ("a1", "Q1", "on-track"),
        ("a1", "Q2", "complete"),
        ("a2", "Q1", "at-risk"),
        ("a3", "", ""),
        ("s1", "Q1", "complete"),
    ];
    assert_eq!(
        keys,
        expected.map(|(a, q, s)| (a.to_string(), q.to_string(), s.to_string()))
    );
    assert_eq!(rows[0].outcomes, "Fewer incidents; Licences kept");
    assert_eq!(rows[0].lead_partner_ids, "police; council");
    assert_eq!(
        rows[0].lead_partners,
        "Essex Police; Rochford District Council"
    );
    assert_eq!(rows[1].update_date, "2017-09-30");
    assert_eq!(rows[1].update, "All visits done.");

    // The JSON, parsed back, holds exactly what the TOML said.
    let json: serde_json::Value =
        serde_json::from_str(&site.read("data/plans/2017-18.json")).unwrap();
    let source: toml::Value = toml::from_str(PLAN_2017).unwrap();
    assert_eq!(json["plan_year"], "2017/18");
    let source_objectives = source["objective"].as_array().unwrap();
    let mut json_objectives = Vec::new();
    for priority in json["priorities"].as_array().unwrap() {
        json_objectives.extend(priority["objectives"].as_array().unwrap().iter().cloned());
    }
    assert_eq!(json_objectives.len(), source_objectives.len());
    for (json_o, toml_o) in json_objectives.iter().zip(source_objectives) {
        assert_eq!(json_o["id"].as_str(), toml_o["id"].as_str());
        let toml_actions = toml_o["action"].as_array().unwrap();
        let json_actions = json_o["actions"].as_array().unwrap();
        assert_eq!(json_actions.len(), toml_actions.len());
        for (ja, ta) in json_actions.iter().zip(toml_actions) {
            assert_eq!(ja["title"].as_str(), ta["title"].as_str());
            let leads: Vec<&str> = ja["leads"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["id"].as_str().unwrap())
                .collect();
            let toml_leads: Vec<&str> = ta["leads"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap())
                .collect();
            assert_eq!(leads, toml_leads);
            let updates = ta
                .get("update")
                .and_then(|u| u.as_array())
                .cloned()
                .unwrap_or_default();
            let json_updates = ja["updates"].as_array().unwrap();
            assert_eq!(json_updates.len(), updates.len());
            for (ju, tu) in json_updates.iter().zip(&updates) {
                assert_eq!(ju["quarter"].as_str(), tu["quarter"].as_str());
                assert_eq!(ju["status"].as_str(), tu["status"].as_str());
                assert_eq!(ju["text"].as_str(), tu["text"].as_str());
            }
        }
    }

    let funding: Vec<serde_json::Value> =
        serde_json::from_str(&site.read("data/funding.json")).unwrap();
    assert_eq!(funding[1]["amount"], 12337.5);
    let funding_csv = site.read("data/funding.csv");
    assert_eq!(
        funding_csv.lines().next(),
        Some("year,source,amount,purpose")
    );
    assert_eq!(
        funding_csv.lines().nth(1),
        Some("2016/17,PCC,14019.0,Grant")
    );
}

#[test]
fn a_site_without_data_builds_no_data_pages() {
    let site = Site::new();
    site.build().unwrap();
    assert!(!site.public("plans").exists());
    assert!(!site.public("data").exists());
    assert!(!site.public("partners").exists());
}

/// A partner's website and a scheme's `web` become links on the site: an
/// address that could run code (`javascript:`) is refused at its value.
#[test]
fn a_data_address_that_could_run_code_is_refused() {
    for (file, from, to, line) in [
        (
            "data/partners.toml",
            "kind = \"statutory\"\n\n",
            "kind = \"statutory\"\nwebsite = \"javascript:alert(document.domain)\"\n\n",
            5,
        ),
        (
            "data/schemes.toml",
            "leads = [\"police\"]",
            "web = \" JavaScript:alert(1)\"\nleads = [\"police\"]",
            7,
        ),
    ] {
        let d = fails_after_replacing(file, from, to);
        assert_eq!(
            place(&d),
            (file.into(), line, if line == 5 { 11 } else { 7 }),
            "{d}"
        );
        assert!(d.message.contains("must be a web address"), "{d}");
    }
}

/// Amounts are exact pence: a float multiplied by 100 once lost pennies on
/// large amounts and summed them wrongly.
#[test]
fn large_amounts_are_totalled_exactly_or_refused() {
    let site = data_site();
    site.write(
        "data/funding.toml",
        &FUNDING.replace("amount = 14019", "amount = 900719925474.99"),
    );
    site.build().unwrap();
    let csv = site.read("data/funding.csv");
    assert!(csv.contains("900719925474.99"), "{csv}");
    let d = fails_after_replacing(
        "data/funding.toml",
        "amount = 14019",
        "amount = 90071992547409930",
    );
    assert_eq!(place(&d), ("data/funding.toml".into(), 4, 10));
    assert!(d.message.contains("digit too many"), "{d}");
}

/// A plan's text is written by many hands; a cell starting `=` runs as a
/// formula when a resident opens the CSV in a spreadsheet.
#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
    let site = data_site();
    site.write(
        "data/plans/2017-18.toml",
        &PLAN_2017.replace(
            "title = \"Visit licensed premises\"",
            "title = \"=HYPERLINK(\\\"https://evil.example\\\",\\\"Click\\\")\"",
        ),
    );
    site.write(
        "data/funding.toml",
        &FUNDING.replace(
            "purpose = \"Grant\"",
            "purpose = \"@SUM(1+1)*cmd|' /C calc'!A0\"",
        ),
    );
    site.build().unwrap();
    for file in ["data/plans/2017-18.csv", "data/funding.csv"] {
        let csv = site.read(file);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{file}: {cell}"
                );
            }
        }
        assert!(
            csv.contains("'=HYPERLINK") || csv.contains("'@SUM"),
            "{file}: {csv}"
        );
    }
    let json = site.read("data/funding.json");
    assert!(json.contains("\"@SUM"), "JSON keeps the text as written");
}

/// A required name left empty is refused at its value, in plain words.
#[test]
fn an_empty_required_name_is_refused() {
    let d = fails_after_replacing(
        "data/partners.toml",
        "name = \"Essex Police\"",
        "name = \"\"",
    );
    assert_eq!(place(&d), ("data/partners.toml".into(), 3, 8), "{d}");
    assert!(d.message.starts_with("`name` is empty in"), "{d}");
    let hint = d.hint.unwrap();
    let fix = hint.split('`').nth(1).unwrap();
    assert!(fix.parse::<toml::Table>().is_ok(), "{fix}");
}
