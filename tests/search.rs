//! Search without a server: the index the build writes, and the search
//! page's A to Z list for readers without JavaScript.

mod common;

use common::{Site, texts};

fn site() -> Site {
    let site = Site::new();
    site.write(
        "content/scams.md",
        "+++\ntitle = \"Scams\"\ndescription = \"Doorstep and phone scams.\"\n+++\n\
         ## Cold callers\n\nHang up on anyone asking for your bank details.\n",
    );
    site.write(
        "content/j9.md",
        "+++\ntitle = \"J9\"\nsensitive = true\nfindable = true\n+++\nHelp with domestic abuse.\n",
    );
    site.write(
        "content/refuge.md",
        "+++\ntitle = \"Refuge places\"\nsensitive = true\n+++\nSafe places to stay.\n",
    );
    site.write(
        "content/advice/_index.md",
        "+++\ntitle = \"Advice\"\ndescription = \"Staying safe.\"\n+++\n",
    );
    site.write(
        "content/advice/bikes.md",
        "+++\ntitle = \"Bike security\"\n+++\nUse a D-lock.\n",
    );
    site
}

fn index(site: &Site) -> serde_json::Value {
    serde_json::from_str(&site.read("search-index.json")).unwrap()
}

/// The titles of the documents a word leads to.
fn found(index: &serde_json::Value, word: &str) -> Vec<String> {
    let Some(postings) = index["words"][word].as_array() else {
        return Vec::new();
    };
    postings
        .chunks(2)
        .map(|pair| {
            index["docs"][pair[0].as_u64().unwrap() as usize][0]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn the_index_finds_pages_by_title_heading_description_and_text() {
    let site = site();
    let summary = site.build().unwrap();
    let index = index(&site);
    assert_eq!(
        found(&index, "scam"),
        ["Scams"],
        "plural folded into the title's word"
    );
    assert_eq!(found(&index, "caller"), ["Scams"], "a heading");
    assert_eq!(found(&index, "doorstep"), ["Scams"], "the description");
    assert_eq!(found(&index, "bank"), ["Scams"], "the text");
    assert_eq!(found(&index, "lock"), ["Bike security"]);
    assert!(
        found(&index, "the").is_empty(),
        "common words are not indexed"
    );
    assert_eq!(
        summary.search_index_bytes,
        Some(site.read("search-index.json").len()),
        "the build reports the index's size"
    );
    let docs = index["docs"].as_array().unwrap();
    let bikes = docs.iter().find(|d| d[0] == "Bike security").unwrap();
    assert_eq!(bikes[1], "/advice/bikes/");
    assert_eq!(bikes[3], "Advice", "results name their section");
}

#[test]
fn a_title_counts_for_more_than_the_text() {
    let site = site();
    site.write(
        "content/burglary.md",
        "+++\ntitle = \"Burglary\"\n+++\nLock up.\n",
    );
    site.write(
        "content/garden.md",
        "+++\ntitle = \"Garden sheds\"\n+++\nSheds are a target for burglary.\n",
    );
    site.build().unwrap();
    let index = index(&site);
    let postings = index["words"]["burglary"].as_array().unwrap();
    let weight_of = |title: &str| {
        postings
            .chunks(2)
            .find(|pair| index["docs"][pair[0].as_u64().unwrap() as usize][0] == title)
            .map(|pair| pair[1].as_u64().unwrap())
            .unwrap()
    };
    assert!(weight_of("Burglary") > weight_of("Garden sheds"));
}

#[test]
fn sensitive_pages_are_searchable_only_when_findable() {
    let site = site();
    site.build().unwrap();
    let index = index(&site);
    assert_eq!(found(&index, "domestic"), ["J9"]);
    assert!(
        found(&index, "refuge").is_empty(),
        "Refuge places is not findable"
    );
    let az = texts(&site.html("search/index.html"), ".az-list a");
    assert!(az.contains(&"J9".to_string()));
    assert!(!az.contains(&"Refuge places".to_string()), "{az:?}");
}

#[test]
fn without_javascript_the_search_page_lists_every_page_a_to_z() {
    let site = site();
    site.build().unwrap();
    let html = site.html("search/index.html");
    assert_eq!(texts(&html, ".az-letters a"), ["A", "B", "H", "J", "S"]);
    assert_eq!(
        texts(&html, ".az-list a"),
        ["Advice", "Bike security", "Home", "J9", "Scams"]
    );
    assert_eq!(
        common::attrs(&html, "form[role=search]", "action"),
        ["/search/"],
        "the form reloads the page without JavaScript"
    );
    assert_eq!(
        common::attrs(&html, "[role=status]", "data-search-status").len(),
        1
    );
    let scams = site.html("scams/index.html");
    assert_eq!(
        common::attrs(&scams, "header form[role=search]", "action"),
        ["/search/"],
        "every page has a search box"
    );
}

#[test]
fn a_sites_own_search_page_is_kept() {
    let site = site();
    site.write(
        "content/search.md",
        "+++\ntitle = \"Find it\"\n+++\nOur own search.\n",
    );
    site.build().unwrap();
    assert_eq!(texts(&site.html("search/index.html"), "h1"), ["Find it"]);
}
