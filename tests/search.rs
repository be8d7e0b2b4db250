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

/// The index as `search.js` sees it once it has fetched every file:
/// `{"docs": [[title, url, description, section], …], "words": {word:
/// [doc, weight, …]}}`, and the meta file.
fn index(site: &Site) -> serde_json::Value {
    let read = |path: &str| -> serde_json::Value {
        serde_json::from_str(&site.read(&format!("search-index/{path}"))).unwrap()
    };
    let meta = read("meta.json");
    let chunk = meta["chunk"].as_u64().unwrap() as usize;
    let count = meta["docs"].as_u64().unwrap() as usize;
    let mut docs = Vec::new();
    for n in 0..count.div_ceil(chunk) {
        docs.extend(read(&format!("docs-{n}.json")).as_array().unwrap().clone());
    }
    assert_eq!(docs.len(), count, "meta counts every document");
    let mut words = serde_json::Map::new();
    for prefix in meta["shards"].as_array().unwrap() {
        let prefix = prefix.as_str().unwrap();
        let shard = read(&format!("words-{}.json", file_name(prefix)));
        for (word, postings) in shard.as_object().unwrap() {
            assert_eq!(
                owner(&meta, word),
                prefix,
                "{word} is where search.js looks"
            );
            let postings = lamplight::search::decode_postings(postings.as_str().unwrap());
            let postings = postings.expect("postings are VLQ digits");
            words.insert(word.clone(), postings.into());
        }
    }
    serde_json::json!({"docs": docs, "words": words, "meta": meta})
}

/// The shard `search.js` looks in for `word`: the longest prefix listed.
fn owner(meta: &serde_json::Value, word: &str) -> String {
    let shards = meta["shards"].as_array().unwrap();
    let listed = |prefix: &str| shards.iter().any(|s| s == prefix);
    let letters: Vec<char> = word.chars().collect();
    (1..=letters.len())
        .rev()
        .map(|n| letters[..n].iter().collect::<String>())
        .find(|prefix| listed(prefix))
        .unwrap_or_default()
}

/// A shard's file name, as `search.js` makes it.
fn file_name(prefix: &str) -> String {
    if prefix
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        prefix.to_string()
    } else {
        let hex: String = prefix.bytes().map(|b| format!("{b:02x}")).collect();
        format!("_{hex}")
    }
}

/// The titles of the documents a word leads to, found by its stem as
/// `search.js` looks it up.
fn found(index: &serde_json::Value, word: &str) -> Vec<String> {
    let Some(postings) = index["words"][lamplight::search::stem(word).as_ref()].as_array() else {
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
    let on_disk: usize = std::fs::read_dir(site.public("search-index"))
        .unwrap()
        .map(|entry| entry.unwrap().metadata().unwrap().len() as usize)
        .sum();
    assert_eq!(
        summary.search_index_bytes,
        Some(on_disk),
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
    let postings = index["words"]["burglari"].as_array().unwrap();
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

/// A phone fetches only the shards of the words it looks up: a site with
/// many words beginning "co" has them in several shards, each under the
/// size a shard is split at, and a query for one of them fetches one.
#[test]
fn many_words_with_one_beginning_are_split_into_small_shards() {
    let site = site();
    let many: Vec<String> = (0..12_000).map(|n| format!("co{n:05}")).collect();
    site.write(
        "content/codes.md",
        &format!("+++\ntitle = \"Codes\"\n+++\n{}\n", many.join(" ")),
    );
    site.build().unwrap();
    let index = index(&site);
    let shards: Vec<&str> = index["meta"]["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let split: Vec<&&str> = shards.iter().filter(|s| s.starts_with("co")).collect();
    assert!(split.len() > 2, "{split:?}");
    for prefix in &split {
        let bytes = site
            .read(&format!("search-index/words-{prefix}.json"))
            .len();
        assert!(bytes <= 64 * 1024, "{prefix}: {bytes} bytes");
    }
    assert_eq!(found(&index, "co01234"), ["Codes"]);
    assert_eq!(found(&index, "scam"), ["Scams"]);
}

/// Results of equal score come in the order of the documents, which is
/// their titles' from A to Z.
#[test]
fn documents_are_numbered_by_title() {
    let site = site();
    site.build().unwrap();
    let index = index(&site);
    let titles: Vec<&str> = index["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d[0].as_str().unwrap())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
    assert!(titles.len() >= 5, "{titles:?}");
}

/// On a site too large for one list, the A–Z lists the sections (each
/// lists its own pages) and says why: every page would make the search
/// page megabytes long.
#[test]
fn a_large_sites_a_to_z_lists_its_sections() {
    let site = site();
    for n in 0..501 {
        site.write(
            &format!("content/advice/tip-{n:03}.md"),
            &format!("+++\ntitle = \"Tip {n}\"\n+++\nA tip.\n"),
        );
    }
    site.build().unwrap();
    let html = site.html("search/index.html");
    assert_eq!(texts(&html, ".az-list a"), ["Advice", "Home"]);
    assert_eq!(texts(&html, "#a-to-z"), ["All sections from A to Z"]);
    let said = texts(&html, "#a-to-z + p");
    assert!(said[0].contains("504 pages"), "{said:?}");
}

/// A plan for `year` with one action against anti-social behaviour.
fn plan(year: &str) -> String {
    format!(
        "year = \"{year}\"\ntitle = \"Plan {year}\"\n\n[[objective]]\nid = \"streets\"\npriority = \"asb\"\ntitle = \"Cleaner streets\"\n\n\
         [[objective.action]]\nid = \"a1\"\ntitle = \"Remove graffiti within a week\"\noutcomes = [\"Less criminal damage\"]\nleads = [\"police\"]\n"
    )
}

/// The weight `word` has in the document titled `title`.
fn weight(index: &serde_json::Value, word: &str, title: &str) -> u64 {
    let postings = index["words"][lamplight::search::stem(word).as_ref()]
        .as_array()
        .unwrap_or_else(|| panic!("no page has `{word}`"));
    postings
        .chunks(2)
        .find(|pair| index["docs"][pair[0].as_u64().unwrap() as usize][0] == title)
        .map(|pair| pair[1].as_u64().unwrap())
        .unwrap_or_else(|| panic!("`{title}` does not have `{word}`"))
}

/// Residents search for what plans do ("graffiti", "criminal damage"),
/// which is in their actions and outcomes rather than their titles; and a
/// past plan, or a page in an archive, counts for less than one about now.
#[test]
fn plans_are_found_by_their_actions_and_the_past_counts_for_less() {
    let site = Site::new();
    common::write_records_for_schemes(&site);
    site.write("data/plans/2016-17.toml", &plan("2016/17"))
        .write("data/plans/2017-18.toml", &plan("2017/18"))
        .write(
            "content/archive/_index.md",
            "+++\ntitle = \"Archive\"\narchive = true\n+++\n",
        )
        .write(
            "content/archive/litter.md",
            "+++\ntitle = \"Litter picks in 2009\"\n+++\nGraffiti too.\n",
        )
        .write(
            "content/litter.md",
            "+++\ntitle = \"Litter picks\"\n+++\nGraffiti too.\n",
        );
    site.build().unwrap();
    let index = index(&site);
    let plans = found(&index, "graffiti");
    for title in [
        "Plan 2017/18",
        "Plan 2016/17",
        "Anti-social behaviour: 2017/18",
    ] {
        assert!(plans.iter().any(|t| t == title), "{title} not in {plans:?}");
    }
    assert!(
        found(&index, "damage").iter().any(|t| t == "Plan 2017/18"),
        "outcomes are read"
    );
    assert!(
        weight(&index, "graffiti", "Plan 2017/18") > weight(&index, "graffiti", "Plan 2016/17"),
        "the current plan counts for more than a past one"
    );
    assert!(
        weight(&index, "graffiti", "Litter picks in 2009")
            < weight(&index, "graffiti", "Litter picks"),
        "a page in an archive counts for less"
    );
}
