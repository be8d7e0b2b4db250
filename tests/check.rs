//! `lamplight check`: each lint has a page that triggers it, asserting file,
//! line and column, and a page that does not.

mod common;

use common::Site;
use lamplight::check::{self, CheckOptions, Report};
use lamplight::{BuildOptions, diagnostic::Severity};

/// Front matter of four lines, so a page's body starts on line 5.
const HEAD: &str = "+++\ntitle = \"Page\"\ndescription = \"A page.\"\n+++\n";

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 23)
}

fn run(site: &Site) -> Report {
    run_with(site, false)
}

fn run_with(site: &Site, external: bool) -> Report {
    record_published_urls(site);
    check::check(&CheckOptions {
        build: BuildOptions {
            root: site.root().to_path_buf(),
            today: Some(today()),
            ..BuildOptions::default()
        },
        external,
    })
}

/// `(code, file, line, column)` of every finding.
fn found(site: &Site) -> Vec<(String, String, usize, usize)> {
    findings(&run(site))
}

fn findings(report: &Report) -> Vec<(String, String, usize, usize)> {
    report
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.unwrap_or("build").to_string(),
                d.file.display().to_string(),
                d.line,
                d.column,
            )
        })
        .collect()
}

fn finding(code: &str, file: &str, line: usize, column: usize) -> (String, String, usize, usize) {
    (code.to_string(), file.to_string(), line, column)
}

/// A site with one page whose body is `body`.
fn page(body: &str) -> Site {
    let site = Site::new();
    site.write(
        "content/_index.md",
        "+++\ntitle = \"Home\"\ndescription = \"Home.\"\n+++\nWelcome.\n",
    );
    site.write("content/p.md", &format!("{HEAD}{body}"));
    site
}

/// A site that allows HTML in Markdown, with one page whose body is `body`.
fn html_page(body: &str) -> Site {
    let site = page(body);
    let config = format!("{}\n[markdown]\nunsafe_html = true\n", common::CONFIG);
    site.write("config.toml", &config);
    site
}

/// Records the site's addresses as published, as a site in use would have,
/// so `check` has only the findings under test to report. The build goes
/// elsewhere: check itself must never write public/.
fn record_published_urls(site: &Site) {
    let out = tempfile::tempdir().unwrap();
    let _ = site.build_with(|options| {
        options.accept_url_changes = true;
        options.output_dir = Some(out.path().join("public"));
    });
}

fn assert_clean(site: &Site) {
    let report = run(site);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert!(report.passed());
}

#[test]
fn image_without_alt_text() {
    // The page is at /p/, so `map.png` is /p/map.png.
    let site = page("Intro.\n\n![](map.png)\n");
    site.write("static/p/map.png", "");
    assert_eq!(found(&site), [finding("image-alt", "content/p.md", 7, 1)]);
    let site = html_page("<p>Map: <img src=\"map.png\"></p>\n");
    site.write("static/p/map.png", "");
    assert_eq!(found(&site), [finding("image-alt", "content/p.md", 5, 9)]);
    let site = html_page("![Map of the wards](map.png)\n\n<img src=\"line.png\" alt=\"\">\n");
    site.write("static/p/map.png", "");
    site.write("static/p/line.png", "");
    assert_clean(&site);
}

/// An image whose file is not there is an error at the image, in the
/// officer's words; one that is there (beside the page, or in static/) is
/// not.
#[test]
fn images_that_are_not_there() {
    let site =
        page("![Map of the wards](wards.png)\n\n![Logo](/logo.png)\n\n![Chart](chart.png)\n");
    site.write("content/chart.png", "");
    site.write("static/logo.png", "");
    let report = run(&site);
    let broken: Vec<&lamplight::Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Some("link"))
        .collect();
    let places: Vec<(usize, usize, &str)> = broken
        .iter()
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            (5, 1, "the image `wards.png` is not a file on this site"),
            (9, 1, "the image `chart.png` is not a file on this site"),
        ]
    );
    assert!(broken[0].hint.as_deref().unwrap().contains("static/"));
}

#[test]
fn heading_levels_that_skip() {
    let report = run(&page("## Help\n\nText.\n\n#### Phone numbers\n"));
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.code, d.line, d.column, d.severity),
        (Some("heading-order"), 9, 1, Severity::Warning)
    );
    assert!(report.passed(), "a warning does not fail the check");
    assert_clean(&page("## Help\n\n### Phone numbers\n\n## Next\n"));
}

#[test]
fn more_than_one_h1() {
    assert_eq!(
        found(&page("Intro.\n\n# Page\n")),
        [finding("heading-h1", "content/p.md", 7, 1)]
    );
    assert!(!run(&page("# Page\n")).passed());
}

#[test]
fn empty_or_vague_link_text() {
    assert_eq!(
        found(&page("Go [](/).\n")),
        [finding("link-text-empty", "content/p.md", 5, 4)]
    );
    assert_eq!(
        found(&page("For the scheme, [click here](/).\n")),
        [finding("link-text-vague", "content/p.md", 5, 17)]
    );
    assert_eq!(
        found(&page("Updates.\n[Read more](/)\n")),
        [finding("link-text-vague", "content/p.md", 6, 1)]
    );
    assert_clean(&page("Go to [the home page](/).\n"));
}

#[test]
fn tables_without_a_header_row_or_a_caption() {
    assert_eq!(
        found(&page("Text.\n\n| | |\n|-|-|\n| Rochford | £14,019 |\n")),
        [
            finding("table-caption", "content/p.md", 7, 1),
            finding("table-header", "content/p.md", 7, 1)
        ]
    );
    assert_eq!(
        found(&html_page(
            "<table>\n<tr><td>2016/17</td><td>£14,019</td></tr>\n</table>\n"
        )),
        [finding("table-header", "content/p.md", 5, 1)]
    );
    assert_clean(&page(
        "Table: Grants\n\n| Year | Grant |\n|-|-|\n| Rochford | £14,019 |\n",
    ));
}

#[test]
fn html_shown_as_text_and_links_that_run_code() {
    let body = "Call us.\n\n<details>\n<summary>More</summary>\n</details>\n\n\
                A [bad link](javascript:alert(1)).\n\n<!-- a note -->\n";
    assert_eq!(
        found(&page(body)),
        [
            finding("raw-html", "content/p.md", 7, 1),
            finding("unsafe-link", "content/p.md", 11, 3),
        ]
    );
    assert_eq!(
        found(&html_page(body)),
        [finding("unsafe-link", "content/p.md", 11, 3)],
        "a site that allows HTML is not warned about it"
    );
}

#[test]
fn page_without_a_description() {
    let site = page("Text.\n");
    site.write("content/bare.md", "+++\ntitle = \"Bare\"\n+++\nText.\n");
    assert_eq!(
        found(&site),
        [finding("description", "content/bare.md", 2, 1)]
    );
    assert_clean(&page("Text.\n"));
}

#[test]
fn internal_links_and_anchors() {
    let site = page(
        "## Who we are\n\n\
         [Home](/) [Us](#who-we-are) [Contact](@/contact.md#phone) [Area](../area/)\n\n\
         [Nowhere](/nowhere/) [Typo](#who-we-ar) [Bad anchor](@/contact.md#email)\n",
    );
    site.write(
        "content/contact.md",
        &format!("{HEAD}## Phone\n\nCall 101.\n"),
    );
    site.write("content/area.md", &format!("{HEAD}The district.\n"));
    let report = run(&site);
    let links: Vec<(usize, usize, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            (
                9,
                1,
                "link to `/nowhere/`, which is not a page or file on this site"
            ),
            (
                9,
                22,
                "link to `/p/#who-we-ar`, but that page has no `#who-we-ar`"
            ),
            (
                9,
                41,
                "link to `/contact/#email`, but that page has no `#email`"
            ),
        ]
    );
    assert_eq!(
        report.diagnostics[1].hint.as_deref(),
        Some("did you mean `#who-we-are`?")
    );
    assert!(report.diagnostics.iter().all(|d| d.code == Some("link")));
}

#[test]
fn links_to_pages_made_from_data_are_checked_too() {
    let site = page(
        "See [the plan](/plans/2017-18/sg/#action-sg-01) and [a missing action](/plans/2017-18/sg/#action-sg-99).\n",
    );
    site.write(
        "data/priorities.toml",
        "[[priority]]\nid = \"sg\"\ntitle = \"Safeguarding\"\n",
    );
    site.write(
        "data/plans/2017-18.toml",
        "year = \"2017/18\"\ntitle = \"Plan\"\n\n[[objective]]\nid = \"o\"\npriority = \"sg\"\ntitle = \"O\"\n\n\
         [[objective.action]]\nid = \"sg-01\"\ntitle = \"Act\"\n",
    );
    let report = run(&site);
    let messages: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Some("link"))
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["link to `/plans/2017-18/sg/#action-sg-99`, but that page has no `#action-sg-99`"]
    );
}

#[test]
fn review_dates_that_have_passed() {
    let site = page("Text.\n");
    site.write(
        "content/advice.md",
        "+++\ntitle = \"Advice\"\ndescription = \"Advice.\"\nreview_by = 2026-01-31\n+++\nText.\n",
    );
    let report = run(&site);
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.code, d.line, d.column, d.severity),
        (Some("review-due"), 4, 1, Severity::Warning)
    );
    assert_eq!(d.message, "this page was due for review on 2026-01-31");
    let site = page("Text.\n");
    site.write(
        "content/advice.md",
        "+++\ntitle = \"Advice\"\ndescription = \"Advice.\"\nreview_by = 2027-01-31\n+++\nText.\n",
    );
    assert_clean(&site);
}

#[test]
fn pages_not_updated_for_a_year_unless_archived() {
    let site = page("Text.\n");
    site.write(
        "content/news/_index.md",
        "+++\ntitle = \"News\"\ndescription = \"News.\"\n+++\n",
    );
    site.write(
        "content/news/old.md",
        "+++\ntitle = \"Old\"\ndescription = \"Old.\"\ndate = 2024-01-01\nupdated = 2025-11-01\n+++\nText.\n",
    );
    site.write(
        "content/news/recent.md",
        "+++\ntitle = \"Recent\"\ndescription = \"Recent.\"\ndate = 2024-01-01\nupdated = 2025-12-01\n+++\nText.\n",
    );
    assert_eq!(
        found(&site),
        [finding("stale", "content/news/old.md", 5, 1)]
    );

    site.write(
        "content/news/_index.md",
        "+++\ntitle = \"News\"\ndescription = \"News.\"\narchive = true\n+++\n",
    );
    assert_clean(&site);
}

#[test]
fn the_months_before_a_page_is_stale_are_set_in_config() {
    let site = page("Text.\n");
    site.write(
        "config.toml",
        &format!("{}\n[check]\nstale_after_months = 36\n", common::CONFIG),
    );
    site.write(
        "content/old.md",
        "+++\ntitle = \"Old\"\ndescription = \"Old.\"\ndate = 2024-01-01\n+++\nText.\n",
    );
    assert_clean(&site);
}

#[test]
fn build_errors_are_reported_and_nothing_is_written() {
    let site = page("Text.\n");
    site.write("content/broken.md", "+++\ntitle = \"Broken\n+++\n");
    let report = run(&site);
    assert!(!report.passed());
    let d = &report.diagnostics[0];
    assert_eq!((d.code, d.line), (None, 2));
    assert!(d.message.contains("invalid TOML"), "{}", d.message);
    assert!(!site.public("").exists(), "check never writes public/");

    let clean = page("Text.\n");
    assert!(run(&clean).passed());
    assert!(!clean.public("").exists(), "check never writes public/");
}

#[test]
fn json_report_has_a_stable_shape() {
    let site = page("![](map.png)\n\n[click here](/)\n");
    site.write("static/p/map.png", "");
    let report = run(&site);
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 1);
    assert_eq!(
        json["findings"][0],
        serde_json::json!({
            "severity": "error",
            "code": "image-alt",
            "file": "content/p.md",
            "line": 5,
            "column": 1,
            "message": "the image `map.png` has no alt text",
            "hint": "write what the image shows between the brackets, e.g. ![Pupils at Crucial Crew](crew.jpg); people who cannot see it hear that instead",
        })
    );
    assert_eq!(json["findings"][1]["code"], "link-text-vague");
    assert_eq!(json["findings"][1]["severity"], "warning");
}

#[test]
fn command_exits_one_on_errors_and_zero_on_warnings() {
    let run_cli = |site: &Site| {
        record_published_urls(site);
        std::process::Command::new(env!("CARGO_BIN_EXE_lamplight"))
            .args(["check", "--format", "json", "--root"])
            .arg(site.root())
            .output()
            .unwrap()
    };
    let failing = page("![](map.png)\n");
    failing.write("static/p/map.png", "");
    let failing = run_cli(&failing);
    assert_eq!(failing.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&failing.stdout).unwrap();
    assert_eq!(json["errors"], 1);

    let warned = run_cli(&page("[here](/)\n"));
    assert_eq!(warned.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&warned.stdout).unwrap();
    assert_eq!(json["warnings"], 1);
}

/// A website on this computer with a page, a missing page, a redirect, a page
/// that refuses HEAD, and a server error; it counts the requests it gets.
struct OtherWebsite {
    address: String,
    requests: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl OtherWebsite {
    fn start() -> OtherWebsite {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let address = format!("http://{}", server.server_addr().to_ip().unwrap());
        let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen = std::sync::Arc::clone(&requests);
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let head = *request.method() == tiny_http::Method::Head;
                let path = request.url().to_string();
                seen.lock()
                    .unwrap()
                    .push(format!("{} {path}", request.method()));
                let status = match path.as_str() {
                    "/ok" => 200,
                    "/moved" => 301,
                    "/no-head" if head => 405,
                    "/no-head" => 200,
                    "/broken" => 500,
                    _ => 404,
                };
                let mut response =
                    tiny_http::Response::from_string("page").with_status_code(status);
                if status == 301 {
                    response.add_header(tiny_http::Header::from_bytes("Location", "/ok").unwrap());
                }
                let _ = request.respond(response);
            }
        });
        OtherWebsite { address, requests }
    }

    fn asked(&self, path: &str) -> usize {
        let requests = self.requests.lock().unwrap();
        requests
            .iter()
            .filter(|r| r.ends_with(&format!(" {path}")))
            .count()
    }
}

fn linking_site(other: &OtherWebsite) -> Site {
    let site = Site::new();
    let at = &other.address;
    site.write(
        "config.toml",
        &format!(
            "{}\n[check]\nskip_external = [\"{at}/skip/\"]\n",
            common::CONFIG
        ),
    );
    site.write("content/_index.md", HEAD);
    site.write(
        "content/links.md",
        &format!(
            "{HEAD}[Fine]({at}/ok)\n\
             [Gone]({at}/gone)\n\
             [Moved]({at}/moved)\n\
             [No head]({at}/no-head)\n\
             [Down]({at}/broken)\n\
             [Gone again]({at}/gone#part)\n\
             [Skipped]({at}/skip/gone)\n"
        ),
    );
    site
}

#[test]
fn external_links_are_asked_only_with_external() {
    let other = OtherWebsite::start();
    let site = linking_site(&other);
    assert_eq!(found(&site), []);
    assert_eq!(
        other.requests.lock().unwrap().len(),
        0,
        "no request leaves without --external"
    );

    let report = run_with(&site, true);
    let links = "content/links.md".to_string();
    let external = |line| ("external-link".to_string(), links.clone(), line, 1);
    assert_eq!(
        findings(&report),
        [external(6), external(9), external(10)],
        "{report:#?}"
    );
    let severities: Vec<_> = report.diagnostics.iter().map(|d| d.severity).collect();
    assert_eq!(
        severities,
        [Severity::Error, Severity::Warning, Severity::Error],
        "a missing page fails the check; a server error is only worth a look"
    );
    assert!(
        report.diagnostics[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("404 Not Found")
    );
    assert!(
        report.diagnostics[1]
            .hint
            .as_deref()
            .unwrap()
            .contains("500")
    );
    assert_eq!(
        other.asked("/gone"),
        2,
        "asked once (HEAD, then GET to be sure) for two links"
    );
    assert_eq!(other.asked("/no-head"), 2, "GET after HEAD was refused");
    assert_eq!(other.asked("/skip/gone"), 0, "skip_external is not asked");
    assert!(!report.passed());
}

/// Addresses in the data are links too: a scheme's `web` on this site's
/// own host must reach a page, and one on another site is asked with
/// `--external`, each reported at its place in the data file.
#[test]
fn addresses_in_the_data_are_checked_like_links() {
    let site = page("Text.\n");
    common::write_records_for_schemes(&site);
    let scheme = |id: &str, web: &str| {
        format!(
            "[[scheme]]\nid = \"{id}\"\nname = \"{id}\"\nwhat_it_is = \"A scheme.\"\n\
             who_it_is_for = \"Everyone.\"\nhow_to_get_help = \"Ask.\"\nweb = \"{web}\"\n\
             leads = [\"police\"]\npriorities = [\"asb\"]\n\n"
        )
    };
    // Port 9 (discard) on this computer answers nothing: the address
    // cannot be reached, which --external reports as worth a look.
    site.write(
        "data/schemes.toml",
        &[
            scheme("watch", "https://csp.example.org/no-such-page/"),
            scheme("pastors", "https://127.0.0.1:9/gone"),
            scheme("safe", "https://csp.example.org/p/"),
        ]
        .concat(),
    );
    let report = run(&site);
    let schemes = "data/schemes.toml".to_string();
    let link = ("link".to_string(), schemes.clone(), 7, 8);
    assert_eq!(
        findings(&report),
        std::slice::from_ref(&link),
        "{report:#?}"
    );
    assert!(
        report.diagnostics[0]
            .message
            .contains("/no-such-page/`, which is not a page or file on this site")
    );
    let report = run_with(&site, true);
    assert_eq!(
        findings(&report),
        [link, ("external-link".to_string(), schemes, 17, 8)],
        "{report:#?}"
    );
}

/// Where the site lets HTML through, an `<a href>` or `<img src>` written
/// in the Markdown is a link like any other, and checked as one.
#[test]
fn links_in_html_written_in_the_markdown() {
    let body = "<p>See <a href=\"/nowhere/\">this</a> and <img src=\"gone.png\" alt=\"x\"> \
                and <a href=\"/\">home</a>.</p>\n";
    let report = run(&html_page(body));
    let broken: Vec<(usize, usize, &str)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Some("link"))
        .map(|d| (d.line, d.column, d.message.as_str()))
        .collect();
    assert_eq!(
        broken,
        [
            (
                5,
                17,
                "link to `/nowhere/`, which is not a page or file on this site"
            ),
            (5, 51, "the image `gone.png` is not a file on this site"),
        ],
        "{report:#?}"
    );
    // Without `unsafe_html` the HTML is only text, and warned about as such.
    let report = run(&page(body));
    assert!(report.diagnostics.iter().all(|d| d.code != Some("link")));
}

/// `SOURCE_DATE_EPOCH` sets the day `check` judges freshness by, so a site
/// can be checked "in" 2017 and "in" 2026; one that is not a time stops
/// the command with a hint rather than being read as the clock's time.
#[test]
fn source_date_epoch_sets_the_day_check_is_run_on() {
    let site = Site::new();
    site.write(
        "content/help.md",
        "+++\ntitle = \"Help\"\ndescription = \"Where to get help.\"\nreview_by = 2018-03-31\n+++\nCall 101.\n",
    );
    record_published_urls(&site);
    let check_at = |epoch: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_lamplight"))
            .args(["check", "--format", "json", "--root"])
            .arg(site.root())
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .unwrap()
    };
    let codes = |epoch: &str| -> Vec<String> {
        let out = check_at(epoch);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap_or("").to_string())
            .collect()
    };
    // 2017-07-14, and 2026-12-01.
    assert!(!codes("1500000000").contains(&"review-due".to_string()));
    assert!(codes("1796083200").contains(&"review-due".to_string()));

    let wrong = check_at("last tuesday");
    assert_eq!(wrong.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(
        stderr.contains("SOURCE_DATE_EPOCH is `last tuesday`"),
        "{stderr}"
    );
    assert!(stderr.contains("date +%s"), "{stderr}");
}

/// A footer link is on every page: one to an address the build does not
/// make (no page is tagged with an area, so there is no /areas/) is an
/// error at the link in config.toml; one to a page the build makes is not.
#[test]
fn a_footer_link_to_an_address_the_site_does_not_make_is_an_error_at_its_path() {
    let site = Site::new();
    site.append(
        "config.toml",
        "[extra]\nfooter_links = [\n  { title = \"Search\", path = \"search/\" },\n  { title = \"Areas\", path = \"areas/\" },\n]\n",
    );
    let report = common::check(site.root());
    let links: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Some("link"))
        .collect();
    assert_eq!(links.len(), 1, "{links:#?}");
    let column = "  { title = \"Areas\", path = \"".len() + 1;
    assert_eq!(
        common::place(links[0]),
        ("config.toml".to_string(), 12, column)
    );
    assert!(links[0].message.contains("/areas/"), "{}", links[0].message);
}
