//! The quick exit on sensitive pages, as written into the built files. The
//! browser suite (tests/browser) presses it; these check what it is made of.

mod common;

use common::{Site, attrs, texts};

const QUICK_EXIT: &str =
    "\n[quick_exit]\nurl = \"https://weather.example.org/\"\nadvice = \"@/cover-your-tracks.md\"\n";

fn site() -> Site {
    let site = Site::new();
    site.write("config.toml", &format!("{}{QUICK_EXIT}", common::CONFIG));
    site.write(
        "content/cover-your-tracks.md",
        "+++\ntitle = \"Cover your tracks\"\nsensitive = true\n+++\nUse a private window.\n",
    );
    site.write(
        "content/help/_index.md",
        "+++\ntitle = \"Help\"\nsensitive = true\n+++\n",
    );
    site.write(
        "content/help/refuge.md",
        "+++\ntitle = \"Refuge places\"\ndate = 2026-10-01\n+++\nSafe places to stay.\n",
    );
    site.write(
        "content/j9.md",
        "+++\ntitle = \"J9\"\ndate = 2026-10-02\nsensitive = true\nfindable = true\n+++\nAsk for help at a J9 venue.\n",
    );
    site.write(
        "content/scams.md",
        "+++\ntitle = \"Scams\"\ndate = 2026-10-03\n+++\nHang up on cold callers.\n",
    );
    site
}

#[test]
fn sensitive_pages_get_the_exit_and_others_do_not() {
    let site = site();
    site.build().unwrap();
    for sensitive in ["j9/index.html", "help/refuge/index.html", "help/index.html"] {
        let html = site.html(sensitive);
        assert_eq!(
            attrs(&html, "body > a.skip-link", "href"),
            ["#main", "#quick-exit"],
            "{sensitive}: skip to the content, then to the exit"
        );
        assert_eq!(
            attrs(&html, "a#quick-exit", "href"),
            ["https://weather.example.org/"],
            "{sensitive}: the exit goes to the neutral site in config.toml"
        );
        assert_eq!(
            attrs(&html, "a#quick-exit", "rel"),
            ["nofollow noreferrer"],
            "{sensitive}: without JavaScript it is a plain link that sends no referrer"
        );
        assert_eq!(texts(&html, "a#quick-exit"), ["Exit this page"]);
        assert_eq!(
            attrs(&html, "[data-quick-exit-status]", "role"),
            ["status"],
            "{sensitive}: Shift presses are counted aloud"
        );
        assert_eq!(
            attrs(&html, "script[src]", "src"),
            ["/js/quick-exit.js"],
            "{sensitive}"
        );
        assert_eq!(
            attrs(&html, ".quick-exit-hint a", "href"),
            ["/cover-your-tracks/"],
            "{sensitive}: links to the advice page"
        );
    }
    let ordinary = site.html("scams/index.html");
    assert_eq!(attrs(&ordinary, "body > a.skip-link", "href"), ["#main"]);
    assert!(attrs(&ordinary, "a#quick-exit", "href").is_empty());
    assert!(attrs(&ordinary, "script[src]", "src").is_empty());
    assert!(site.public("js/quick-exit.js").exists());
}

#[test]
fn no_page_sends_a_referrer() {
    let site = site();
    site.build().unwrap();
    for page in ["index.html", "scams/index.html", "j9/index.html"] {
        assert_eq!(
            attrs(&site.html(page), "meta[name=referrer]", "content"),
            ["no-referrer"],
            "{page}"
        );
    }
}

#[test]
fn the_feed_leaves_out_sensitive_pages_unless_they_are_findable() {
    let site = site();
    site.build().unwrap();
    let feed = site.read("atom.xml");
    assert!(feed.contains("<title>Scams</title>"), "{feed}");
    assert!(
        feed.contains("<title>J9</title>"),
        "findable = true opts in"
    );
    assert!(
        !feed.contains("Refuge places"),
        "a page in a sensitive section is not announced: {feed}"
    );
}

#[test]
fn a_sensitive_flag_that_is_not_true_or_false_is_an_error() {
    let error = common::fails_keeping_last_good_site(
        |_| {},
        |site| {
            site.write(
                "content/refuge.md",
                "+++\ntitle = \"Refuge\"\nsensitive = \"yes\"\n+++\n",
            );
        },
    );
    assert_eq!(error.file, std::path::Path::new("content/refuge.md"));
    assert_eq!((error.line, error.column), (3, 13));
    assert!(
        error.message.contains("`sensitive` must be true or false"),
        "{error}"
    );
    assert!(error.hint.unwrap().contains("without quotes"));
}

#[test]
fn quick_exit_settings_are_checked_where_they_are_written() {
    let error = common::fails_keeping_last_good_site(
        |_| {},
        |site| {
            site.write(
                "config.toml",
                &format!("{}\n[quick_exit]\nurl = \"weather\"\n", common::CONFIG),
            );
        },
    );
    assert_eq!(error.file, std::path::Path::new("config.toml"));
    assert!(error.message.contains("is not a web address"), "{error:?}");
    assert_eq!(error.column, 1);

    let error = common::fails_keeping_last_good_site(
        |_| {},
        |site| {
            site.write(
                "config.toml",
                &format!("{}\n[quick_exit]\nadvice = \"@/gone.md\"\n", common::CONFIG),
            );
        },
    );
    assert_eq!(error.file, std::path::Path::new("config.toml"));
    assert!(
        error
            .message
            .contains("`@/gone.md`, which is not in content/")
    );
    let config_lines = common::CONFIG.lines().count();
    assert_eq!(error.line, config_lines + 3, "{error:?}");
}

/// The officers' guide promises that nobody sees a sensitive page in a list
/// on another page. Its title, description and event location once still
/// showed on the home page, the updates list, /events/, term pages and in
/// sitemap.xml.
#[test]
fn a_sensitive_page_is_in_no_list_a_resident_sees_unless_findable() {
    let site = Site::new();
    let config = format!(
        "{}\n[[taxonomies]]\nname = \"areas\"\n[extra]\nlatest_from = \"updates/_index.md\"\n",
        common::CONFIG
    );
    site.write("config.toml", &config);
    site.write(
        "content/updates/_index.md",
        "+++\ntitle = \"Updates\"\nsort_by = \"date\"\n+++\n",
    );
    site.write(
        "content/updates/open-day.md",
        "+++\ntitle = \"Refuge open day\"\ndescription = \"Hidden description\"\ndate = 2026-07-02\nsensitive = true\n\
         event = { start = 2026-07-10, location = \"Secret address\" }\n\
         [taxonomies]\nareas = [\"Rayleigh\"]\n+++\nPrivate.\n",
    );
    site.write(
        "content/updates/patrols.md",
        "+++\ntitle = \"Summer patrols\"\ndate = 2026-07-01\n\
         event = { start = 2026-07-11, location = \"High Street\" }\n\
         [taxonomies]\nareas = [\"Rayleigh\"]\n+++\nPatrols.\n",
    );
    site.write(
        "content/updates/j9.md",
        "+++\ntitle = \"J9 venues\"\ndate = 2026-07-03\nsensitive = true\nfindable = true\n\
         [taxonomies]\nareas = [\"Rayleigh\"]\n+++\nAsk for help.\n",
    );
    site.build().unwrap();

    let lists = [
        "index.html",
        "updates/index.html",
        "events/index.html",
        "areas/rayleigh/index.html",
        "updates/patrols/index.html",
        "updates/j9/index.html",
        "sitemap.xml",
        "atom.xml",
        "events.ics",
    ];
    for list in lists {
        let text = site.read(list);
        for secret in [
            "Refuge open day",
            "Hidden description",
            "Secret address",
            "open-day",
        ] {
            assert!(!text.contains(secret), "{list} shows `{secret}`");
        }
    }
    for list in [
        "updates/index.html",
        "areas/rayleigh/index.html",
        "sitemap.xml",
    ] {
        let text = site.read(list);
        assert!(
            text.contains("Summer patrols") || text.contains("/patrols/"),
            "{list}"
        );
        assert!(
            text.contains("J9 venues") || text.contains("/j9/"),
            "{list}: findable is listed"
        );
    }
    // The page itself is still there, with its quick exit.
    let page = site.html("updates/open-day/index.html");
    assert_eq!(texts(&page, "h1"), ["Refuge open day"]);
    assert!(!attrs(&page, "a.quick-exit, .quick-exit a", "href").is_empty());
}

/// A page is also sensitive when it claims a scheme `data/schemes.toml`
/// marks sensitive; it leaves its section's list then too.
#[test]
fn a_page_made_sensitive_by_its_scheme_leaves_its_sections_list() {
    let site = Site::new();
    site.write(
        "data/schemes.toml",
        "[[scheme]]\nid = \"refuge\"\nname = \"Refuge places\"\nwhat_it_is = \"Safe places.\"\n\
         who_it_is_for = \"Anyone at risk.\"\nhow_to_get_help = \"Call.\"\nsensitive = true\n",
    );
    site.write("content/help/_index.md", "+++\ntitle = \"Help\"\n+++\n");
    site.write(
        "content/help/refuge.md",
        "+++\ntitle = \"Hidden refuge page\"\nscheme = \"refuge\"\n+++\nSafe places.\n",
    );
    site.write(
        "content/help/scams.md",
        "+++\ntitle = \"Scams\"\n+++\nHang up.\n",
    );
    site.build().unwrap();
    let list = site.read("help/index.html");
    assert!(list.contains("Scams"), "{list}");
    assert!(!list.contains("Hidden refuge page"), "{list}");
    assert!(
        !site
            .read("help/scams/index.html")
            .contains("Hidden refuge page")
    );
    assert!(!site.read("sitemap.xml").contains("/help/refuge/"));
}

/// A priority's and a partner's pages list the schemes that serve them,
/// from data. A sensitive scheme whose page is not findable is left out
/// there too; a findable one (J9) stays.
#[test]
fn a_sensitive_scheme_is_not_listed_on_other_pages_unless_findable() {
    let site = Site::new();
    common::write_records_for_schemes(&site);
    let scheme = |id: &str, name: &str, sensitive: bool| {
        format!(
            "[[scheme]]\nid = \"{id}\"\nname = \"{name}\"\nwhat_it_is = \"x\"\nwho_it_is_for = \"x\"\n\
             how_to_get_help = \"x\"\nleads = [\"police\"]\npriorities = [\"asb\"]\nsensitive = {sensitive}\n\n"
        )
    };
    site.write(
        "data/schemes.toml",
        &[
            scheme("refuge", "Hidden refuge scheme", true),
            scheme("j9", "J9 venues", true),
            scheme("watch", "Neighbourhood Watch", false),
        ]
        .concat(),
    );
    site.write(
        "content/refuge.md",
        "+++\ntitle = \"Hidden refuge scheme\"\nscheme = \"refuge\"\n+++\nSafe places.\n",
    );
    site.write(
        "content/j9.md",
        "+++\ntitle = \"J9 venues\"\nscheme = \"j9\"\nfindable = true\n+++\nAsk for help.\n",
    );
    site.write(
        "content/asb.md",
        "+++\ntitle = \"Anti-social behaviour\"\npriority = \"asb\"\n+++\nWhat we do.\n",
    );
    site.build().unwrap();
    for page in ["asb/index.html", "partners/police/index.html"] {
        let html = site.read(page);
        assert!(html.contains("Neighbourhood Watch"), "{page}");
        assert!(
            html.contains("J9 venues"),
            "{page}: a findable scheme is listed"
        );
        assert!(
            !html.contains("Hidden refuge scheme"),
            "{page} lists the sensitive scheme"
        );
    }
}

/// The quick exit follows the subject, from the data: pages about a
/// sensitive priority or partner, and those reporting on them (plans,
/// quarterly updates, the partners that lead their actions), get it and
/// stay listed; take `sensitive` off the record and they lose it.
#[test]
fn pages_reporting_on_a_sensitive_priority_get_the_exit_from_the_data() {
    let dir = common::example_copy();
    let root = dir.path();
    let build = || {
        let options = lamplight::BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        };
        lamplight::build(&options).unwrap();
    };
    let has_exit = |page: &str| {
        std::fs::read_to_string(root.join("public").join(page).join("index.html"))
            .unwrap()
            .contains("id=\"quick-exit\"")
    };
    build();
    let reporting = [
        "plans/2017-18",
        "plans/2017-18/safeguarding-vulnerable-people",
        "plans/2008-09/domestic-abuse",
        "updates/2017-18-q1",
        "partners/safer-places",
        "partners/essex-police",
        "search",
    ];
    for page in reporting {
        assert!(has_exit(page), "{page} has no quick exit");
    }
    assert!(!has_exit("priorities/anti-social-behaviour"));
    // Where the exit is, the help panel gives the domestic abuse helpline.
    let read = |page: &str| {
        std::fs::read_to_string(root.join("public").join(page).join("index.html")).unwrap()
    };
    assert!(read("plans/2017-18").contains("href=\"tel:08082000247\""));
    assert!(!read("priorities/anti-social-behaviour").contains("tel:08082000247"));
    // Still listed where residents look for them.
    let plans = std::fs::read_to_string(root.join("public/plans/index.html")).unwrap();
    assert!(plans.contains("href=\"/plans/2017-18/\""), "{plans}");

    // Nothing is marked by hand: without the data's word, the plans,
    // updates and partners lose the exit (the search page keeps it).
    for file in [
        "data/priorities.toml",
        "data/partners.toml",
        "data/schemes.toml",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        std::fs::write(
            root.join(file),
            text.replace("sensitive = true", "sensitive = false"),
        )
        .unwrap();
    }
    build();
    for page in [
        "plans/2017-18",
        "updates/2017-18-q1",
        "partners/safer-places",
        "partners/essex-police",
    ] {
        assert!(!has_exit(page), "{page} still has the quick exit");
    }
    assert!(has_exit("search"));
}
