//! What a resident's first search costs on the built corpus: the bytes it
//! downloads and how soon each keystroke's results show, typed a letter at
//! a time in headless Chromium by `search.mjs`. Skipped, with a row saying
//! why, where Node, the browser suite's packages or Chromium are missing.

use std::path::Path;
use std::process::Command;

/// Resident-like queries whose words are on most of the corpus's pages:
/// the largest shards, and the most results to rank.
const QUERIES: &[&str] = &["community safety", "young people"];

/// One query typed at one CPU speed, as `search.mjs` reports it.
struct Typed {
    query: String,
    cpu: u64,
    all: u64,
    bytes: u64,
    files: u64,
    keystrokes: Vec<f64>,
    work: Vec<f64>,
    fetched: Vec<u64>,
}

/// Prints the search rows for the site built in `built`.
pub fn rows(label: &str, repo: &Path, built: &Path) {
    let script = repo.join("benches/site/search.mjs");
    let packages = repo.join("tests/browser/node_modules/playwright-core");
    let browser = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing = if !packages.is_dir() {
        Some("no tests/browser/node_modules: run `npm ci --prefix tests/browser`")
    } else if !Path::new(&browser).exists() {
        Some("no Chromium")
    } else {
        None
    };
    if let Some(why) = missing {
        println!("| {label} | Lamplight | search: skipped ({why}) | | | | |");
        return;
    }
    let output = Command::new("node")
        .arg(&script)
        .arg(built)
        .args(QUERIES)
        .output();
    let typed: Vec<Typed> = match output {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(parse)
            .collect(),
        Ok(out) => {
            let error = String::from_utf8_lossy(&out.stderr);
            let first = error.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            println!(
                "| {label} | Lamplight | search: skipped (search.mjs failed: {first}) | | | | |"
            );
            return;
        }
        Err(error) => {
            println!("| {label} | Lamplight | search: skipped (no node: {error}) | | | | |");
            return;
        }
    };
    // The costliest query is the figure; the note says which it was.
    if let Some(worst) = typed.iter().filter(|t| t.cpu == 1).max_by_key(|t| t.all) {
        println!(
            "| {label} | Lamplight | search: first query, downloaded in all | {} KB | | | \"{}\": {} KB of index in {} files, the rest the page |",
            worst.all / 1000,
            worst.query,
            worst.bytes / 1000,
            worst.files
        );
    }
    for cpu in [1, 4] {
        let at: Vec<&Typed> = typed.iter().filter(|t| t.cpu == cpu).collect();
        let speed = if cpu == 1 { "" } else { ", CPU ÷4" };
        let still: Vec<f64> = keystrokes(&at, |fetched| fetched == 0, |t| &t.keystrokes);
        let fetching: Vec<f64> = keystrokes(&at, |fetched| fetched > 0, |t| &t.work);
        println!(
            "| {label} | Lamplight | search: keystroke → results{speed} | {} ms | | | max {} ms; {} ms max when files are fetched (after a 150 ms pause in typing) |",
            percentile(&still, 0.5),
            percentile(&still, 1.0),
            percentile(&fetching, 1.0),
        );
    }
}

/// Every keystroke's figure from `field` whose fetch count passes `keep`.
fn keystrokes(
    typed: &[&Typed],
    keep: impl Fn(u64) -> bool,
    field: impl Fn(&Typed) -> &Vec<f64>,
) -> Vec<f64> {
    typed
        .iter()
        .flat_map(|t| field(t).iter().zip(&t.fetched))
        .filter(|(_, fetched)| keep(**fetched))
        .map(|(ms, _)| *ms)
        .collect()
}

/// The value at `share` of the way up the sorted values, rounded.
fn percentile(values: &[f64], share: f64) -> u64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = ((sorted.len().max(1) - 1) as f64 * share).round() as usize;
    sorted.get(at).map_or(0, |ms| ms.round() as u64)
}

fn parse(line: &str) -> Option<Typed> {
    let value: serde_json::Value = serde_json::from_str(line).ok()?;
    let numbers = |key: &str| -> Vec<f64> {
        value[key]
            .as_array()
            .map(|list| list.iter().filter_map(|n| n.as_f64()).collect())
            .unwrap_or_default()
    };
    Some(Typed {
        query: value["query"].as_str()?.to_string(),
        cpu: value["cpu"].as_u64()?,
        all: value["all"].as_u64()?,
        bytes: value["bytes"].as_u64()?,
        files: value["files"].as_u64()?,
        keystrokes: numbers("keystrokes"),
        work: numbers("work"),
        fetched: numbers("fetched").into_iter().map(|n| n as u64).collect(),
    })
}
