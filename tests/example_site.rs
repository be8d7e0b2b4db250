//! The bundled example site builds, and every link inside it leads somewhere.

mod common;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use common::{attrs, repo, texts};
use lamplight::BuildOptions;
use scraper::Html;

struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
    pages: HashMap<String, Html>,
}

fn build_example() -> Built {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let options = BuildOptions {
        root: repo(),
        output_dir: Some(out.clone()),
        ..BuildOptions::default()
    };
    let summary = lamplight::build(&options).unwrap_or_else(|e| panic!("{e}"));
    assert!(summary.pages >= 25, "only {} pages", summary.pages);
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (
                relative,
                Html::parse_document(&fs::read_to_string(e.path()).unwrap()),
            )
        })
        .collect();
    Built {
        _dir: dir,
        out,
        pages,
    }
}

/// `/schemes/j9/` → `schemes/j9/index.html`; `/css/site.css` → `css/site.css`.
fn target_file(out: &Path, url_path: &str) -> Option<String> {
    let relative = url_path.trim_start_matches('/');
    let candidates = [
        relative.to_string(),
        format!("{}/index.html", relative.trim_end_matches('/')),
    ];
    candidates
        .into_iter()
        .map(|c| c.trim_start_matches('/').to_string())
        .find(|c| out.join(c).is_file())
}

fn ids(html: &Html) -> HashSet<String> {
    attrs(html, "[id]", "id").into_iter().collect()
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let built = build_example();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (file, html) in &built.pages {
        let links = attrs(html, "a[href]", "href")
            .into_iter()
            .chain(attrs(html, "link[href]", "href"))
            .chain(attrs(html, "img[src]", "src").into_iter().map(|src| {
                if src.starts_with('/') {
                    src
                } else {
                    format!("/{}{src}", file.trim_end_matches("index.html"))
                }
            }));
        for link in links {
            if link.starts_with("http") || link.starts_with("tel:") || link.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() {
                Some(file.clone())
            } else {
                target_file(&built.out, path)
            };
            match target {
                None => broken.push(format!("{file}: {link}")),
                Some(target) if !anchor.is_empty() => {
                    if !built
                        .pages
                        .get(&target)
                        .is_some_and(|page| ids(page).contains(anchor))
                    {
                        broken.push(format!("{file}: {link} (no #{anchor})"));
                    }
                }
                Some(_) => {}
            }
        }
    }
    assert!(checked > 300, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_page_has_the_help_numbers_a_skip_link_and_one_h1() {
    let built = build_example();
    for (file, html) in &built.pages {
        if !attrs(html, "meta[http-equiv=refresh]", "content").is_empty() {
            continue; // alias redirect pages
        }
        // Pages with the quick exit add the domestic abuse helpline.
        let numbers = match attrs(html, "#quick-exit", "href").is_empty() {
            true => vec!["999", "101", "0800 555 111"],
            false => vec!["999", "101", "0808 2000 247", "0800 555 111"],
        };
        assert_eq!(
            texts(html, ".help-numbers a"),
            numbers,
            "{file} lacks the help panel"
        );
        assert_eq!(
            attrs(html, "body > a:first-child", "href"),
            ["#main"],
            "{file}: skip link first"
        );
        assert_eq!(
            texts(html, "h1").len(),
            1,
            "{file} must have exactly one h1"
        );
        // The Welsh pages say so, and nothing else is in Welsh.
        let lang = if file.starts_with("cy/") {
            "cy"
        } else {
            "en-GB"
        };
        assert_eq!(attrs(html, "html", "lang"), [lang], "{file}");
    }
}

#[test]
fn priorities_schemes_and_updates_are_where_parish_councils_expect_them() {
    let built = build_example();
    for path in [
        "priorities/safeguarding-vulnerable-people/index.html",
        "priorities/anti-social-behaviour/index.html",
        "priorities/acquisitive-crime/index.html",
        "priorities/archive/2008-09/index.html",
        "asb/index.html",
        "about/funding/index.html",
        "about/terms-of-reference/index.html",
        "guide/publishing/index.html",
    ] {
        assert!(built.pages.contains_key(path), "missing {path}");
    }
    let schemes = &built.pages["schemes/index.html"];
    let names = texts(schemes, ".page-list h3");
    assert!(names.len() >= 8, "{names:?}");
    for scheme in [
        "J9",
        "Keep Safe",
        "Crimestoppers",
        "Sanctuary",
        "Crucial Crew",
        "Street Pastors",
        "Behave or Be Banned",
        "Neighbourhood Watch",
    ] {
        assert!(
            names.iter().any(|n| n.contains(scheme)),
            "no {scheme} in {names:?}"
        );
    }
    let updates = texts(&built.pages["updates/index.html"], ".page-list h3");
    assert_eq!(
        updates,
        [
            "2017/18 first quarter update",
            "2016/17 first quarter update",
            "Community safety action plan: March 2004 update"
        ]
    );
    let feed = Html::parse_document(&fs::read_to_string(built.out.join("atom.xml")).unwrap());
    assert_eq!(
        texts(&feed, "entry > title")[0],
        "2017/18 first quarter update"
    );
    let funding = &built.pages["about/funding/index.html"];
    assert!(texts(funding, "td").iter().any(|t| t == "£12,337"));
}

#[test]
fn the_guide_shows_highlighted_toml_and_markdown() {
    let built = build_example();
    let guide = &built.pages["guide/publishing/index.html"];
    let languages = attrs(guide, "pre code", "data-lang");
    assert!(
        languages.contains(&"toml".to_string()) && languages.contains(&"markdown".to_string()),
        "{languages:?}"
    );
    assert!(
        attrs(guide, "pre code[data-lang=toml] span", "class")
            .iter()
            .any(|c| c.contains("hl-"))
    );
}

/// The dashboards of the example site show counts worked out afresh here from
/// the plan files, not figures typed into a page.
#[test]
fn dashboards_show_counts_computed_from_the_entered_plans() {
    let built = build_example();
    let statuses = [
        "complete",
        "on-track",
        "at-risk",
        "not-started",
        "no-update",
    ];
    for entry in fs::read_dir(repo().join("data/plans")).unwrap() {
        let path = entry.unwrap().path();
        let plan: toml::Value = toml::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let slug = path.file_stem().unwrap().to_str().unwrap().to_string();
        let actions: Vec<&toml::Value> = plan["objective"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|o| {
                o.get("action")
                    .and_then(|a| a.as_array())
                    .into_iter()
                    .flatten()
            })
            .collect();
        let status_in = |action: &toml::Value, quarter: &str| -> String {
            let updates = action.get("update").and_then(|u| u.as_array());
            updates
                .into_iter()
                .flatten()
                .find(|u| u["quarter"].as_str() == Some(quarter))
                .map_or("no-update".to_string(), |u| {
                    u["status"].as_str().unwrap().to_string()
                })
        };
        let reported: Vec<&str> = ["Q1", "Q2", "Q3", "Q4"]
            .into_iter()
            .filter(|q| actions.iter().any(|a| has_update(a, q)))
            .collect();
        let expected: Vec<Vec<String>> = reported
            .iter()
            .map(|q| {
                let mut row: Vec<String> = statuses
                    .iter()
                    .map(|s| {
                        actions
                            .iter()
                            .filter(|a| status_in(a, q) == *s)
                            .count()
                            .to_string()
                    })
                    .collect();
                row.push(actions.len().to_string());
                row
            })
            .collect();

        let page = &built.pages[&format!("plans/{slug}/index.html")];
        let rows = scraper::Selector::parse(".dashboard tbody tr").unwrap();
        let cells = scraper::Selector::parse("td").unwrap();
        let shown: Vec<Vec<String>> = page
            .select(&rows)
            .map(|row| row.select(&cells).map(|c| c.text().collect()).collect())
            .collect();
        assert_eq!(shown, expected, "dashboard of {slug}");
        assert!(!actions.is_empty(), "{slug} has no actions");
    }
}

fn has_update(action: &toml::Value, quarter: &str) -> bool {
    action
        .get("update")
        .and_then(|u| u.as_array())
        .is_some_and(|u| u.iter().any(|u| u["quarter"].as_str() == Some(quarter)))
}

/// A progress report shows the same quarter's figures as its plan's archive
/// page, because both come from the plan file.
#[test]
fn progress_reports_repeat_their_plans_figures() {
    let built = build_example();
    let row_for = |page: &str, quarter: &str| -> Vec<String> {
        let rows = scraper::Selector::parse(".dashboard tbody tr").unwrap();
        let cells = scraper::Selector::parse("th, td").unwrap();
        built.pages[page]
            .select(&rows)
            .map(|row| {
                row.select(&cells)
                    .map(|c| c.text().collect())
                    .collect::<Vec<String>>()
            })
            .find(|cells| cells[0].starts_with(quarter))
            .unwrap_or_else(|| panic!("{page} has no {quarter} row"))
    };
    for (report, plan, quarter) in [
        (
            "updates/2017-18-q1/index.html",
            "plans/2017-18/index.html",
            "Q1",
        ),
        (
            "updates/2016-17-q1/index.html",
            "plans/2016-17/index.html",
            "Q1",
        ),
        (
            "updates/action-plan-update/index.html",
            "plans/2003-04/index.html",
            "Q4",
        ),
    ] {
        assert_eq!(row_for(report, quarter), row_for(plan, quarter), "{report}");
    }
}

/// The bundled site is the officers' model: `check` finds nothing wrong in
/// its writing, only what time has done to a site whose latest plan is
/// 2017/18's. Checked on a fixed day in 2026: the plan has ended, and every
/// page written from it was due for review when it did.
#[test]
fn example_site_passes_check_with_only_the_years_to_show() {
    let report = common::check(&repo());
    assert!(report.passed(), "{:#?}", report.diagnostics);
    assert!(report.pages > 70, "{} pages checked", report.pages);
    let ended: Vec<&lamplight::Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == Some("plan-ended"))
        .collect();
    assert_eq!(ended.len(), 1, "{:#?}", report.diagnostics);
    assert_eq!(
        ended[0].message,
        "the current plan, 2017/18, ended on 31 March 2018"
    );
    let others: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.code != Some("plan-ended")
                && !(d.code == Some("review-due") && d.message.ends_with("2018-03-31"))
        })
        .map(|d| format!("{d}"))
        .collect();
    assert!(others.is_empty(), "{others:#?}");
}

#[test]
fn nothing_is_fetched_from_another_host() {
    let built = build_example();
    let config = fs::read_to_string(repo().join("config.toml")).unwrap();
    let base_url: toml::Table = toml::from_str(&config).unwrap();
    let own = base_url["base_url"].as_str().unwrap();
    let fetched = [
        ("script[src]", "src"),
        ("link[href]", "href"),
        ("img[src]", "src"),
        ("img[srcset]", "srcset"),
        ("source[src]", "src"),
        ("iframe[src]", "src"),
        ("video[src]", "src"),
        ("audio[src]", "src"),
        ("object[data]", "data"),
        ("embed[src]", "src"),
    ];
    let mut checked = 0;
    for (path, html) in &built.pages {
        for (selector, attribute) in fetched {
            for value in attrs(html, selector, attribute) {
                checked += 1;
                let other_host =
                    (value.contains("//") || value.contains(':')) && !value.starts_with(own);
                assert!(!other_host, "{path}: <{selector}> loads {value}");
            }
        }
    }
    assert!(checked > 300, "only {checked} references checked");
    for entry in walkdir::WalkDir::new(&built.out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|x| x == "css") {
            let css = fs::read_to_string(entry.path()).unwrap();
            assert!(!css.contains("@import"), "{}", entry.path().display());
            for (at, _) in css.match_indices("url(") {
                let target = &css[at + 4..css[at..].find(')').unwrap() + at];
                assert!(
                    !target.contains("//"),
                    "{}: url({target})",
                    entry.path().display()
                );
            }
        }
    }
}

#[test]
fn every_page_parses_as_html5_without_an_error() {
    // html5ever reports what a browser would have to repair.
    let repaired = Html::parse_document("<!DOCTYPE html><title>t</title><p>a</div><b><i>c</b></i>");
    assert!(!repaired.errors.is_empty(), "the parser reports errors");
    let built = build_example();
    let mut broken: Vec<String> = built
        .pages
        .iter()
        .filter(|(_, html)| !html.errors.is_empty())
        .map(|(path, html)| format!("{path}: {:?}", html.errors))
        .collect();
    broken.sort();
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    assert!(built.pages.len() > 100, "{} pages", built.pages.len());
}

#[test]
fn the_main_menu_marks_the_section_the_reader_is_in() {
    let built = build_example();
    let current = |file: &str| -> Vec<(String, String)> {
        let html = &built.pages[file];
        let selector = scraper::Selector::parse(".site-nav a[aria-current]").unwrap();
        html.select(&selector)
            .map(|a| {
                let href = a.value().attr("href").unwrap().to_string();
                (href, a.value().attr("aria-current").unwrap().to_string())
            })
            .collect()
    };
    let marked = |href: &str, state: &str| vec![(href.to_string(), state.to_string())];
    assert_eq!(current("index.html"), []);
    assert_eq!(current("schemes/index.html"), marked("/schemes/", "page"));
    assert_eq!(
        current("schemes/j9/index.html"),
        marked("/schemes/", "true")
    );
    // Pages made from data, and taxonomy pages, are marked by address too.
    assert_eq!(
        current("priorities/index.html"),
        marked("/priorities/", "page")
    );
    assert_eq!(current("search/index.html"), []);
}

/// What a screen reader's user met on the bundled site: two pages with one
/// title (the scheme Crimestoppers and the partner), archived plans whose
/// "More about …" link led to the page itself, and five to eight
/// "Objective" landmarks on each priority page.
#[test]
fn titles_are_unique_no_link_leads_to_its_own_page_and_objectives_are_not_landmarks() {
    let built = build_example();
    let mut titles: HashMap<String, &String> = HashMap::new();
    for (file, html) in &built.pages {
        if !attrs(html, "meta[http-equiv=refresh]", "content").is_empty() {
            continue;
        }
        let title = texts(html, "title").join("");
        if let Some(other) = titles.insert(title.clone(), file) {
            panic!("{file} and {other} are both titled \"{title}\"");
        }
        let own = format!("/{}", file.trim_end_matches("index.html"));
        for link in html.select(&scraper::Selector::parse("main a").unwrap()) {
            let text = link.text().collect::<String>();
            let to_itself = link.value().attr("href") == Some(own.as_str())
                && link.value().attr("aria-current").is_none();
            assert!(
                !(to_itself && text.starts_with("More about")),
                "{file}: \"{text}\" leads to the page itself"
            );
        }
        let labelled = "section[aria-labelledby], section[aria-label]";
        let regions = attrs(html, labelled, "class");
        assert!(
            regions.len() <= 2 && !regions.iter().any(|c| c.contains("objective")),
            "{file} has {} labelled sections, each a landmark: {regions:?}",
            regions.len()
        );
    }
}

/// The main menu is for residents: the officers' guide, whose section says
/// `[extra] in_menu = false`, is in every page's footer instead.
#[test]
fn the_officers_guide_is_in_the_footer_not_the_main_menu() {
    let built = build_example();
    let home = &built.pages["index.html"];
    let menu = attrs(home, ".site-nav a", "href");
    assert_eq!(
        menu,
        [
            "/about/",
            "/priorities/",
            "/schemes/",
            "/updates/",
            "/events/"
        ]
    );
    assert!(attrs(home, ".site-footer a", "href").contains(&"/guide/".to_string()));
}

/// Built in 2026, the bundled site says in words that its latest plan,
/// 2017/18, has ended: on the home page, each priority page and the plan's
/// own pages; and a scheme that was only planned says so.
#[test]
fn the_bundled_site_says_its_latest_plan_has_ended() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let options = BuildOptions {
        root: repo(),
        output_dir: Some(out.clone()),
        today: Some(jiff::civil::date(2026, 12, 3)),
        ..BuildOptions::default()
    };
    lamplight::build(&options).unwrap_or_else(|e| panic!("{e}"));
    let said = |page: &str, selector: &str| {
        let html = Html::parse_document(&fs::read_to_string(out.join(page)).unwrap());
        texts(&html, selector).join(" | ")
    };
    for page in [
        "index.html",
        "priorities/safeguarding-vulnerable-people/index.html",
        "priorities/anti-social-behaviour/index.html",
        "priorities/acquisitive-crime/index.html",
        "plans/2017-18/index.html",
        "plans/2017-18/anti-social-behaviour/index.html",
        "updates/2017-18-q1/index.html",
    ] {
        let period = said(page, ".plan-period");
        assert!(
            period.contains("April 2017 to March 2018. It ended on 31 March 2018."),
            "{page}: {period}"
        );
    }
    assert!(
        said("plans/2016-17/index.html", ".plan-period").contains("A later plan has replaced it")
    );
    assert!(
        said("schemes/street-pastors/index.html", ".scheme-status")
            .starts_with("This scheme was planned")
    );
    assert!(said("updates/index.html", ".notice.archived").starts_with("This is an archive"));
}
