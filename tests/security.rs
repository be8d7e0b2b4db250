//! What a public-sector site promises whatever its content: the same input
//! always gives the same files, and no file sets a cookie or makes a
//! resident's browser ask another host for anything.

mod common;

use std::path::Path;
use std::process::Command;

use common::repo;

/// Builds the example site with the `lamplight` binary, so each build is a
/// process of its own, with its own hash seeds and thread timings.
fn build_example(out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_lamplight"))
        .args(["build", "--quiet", "--root"])
        .arg(repo())
        .arg("--output-dir")
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success(), "the example site did not build");
}

#[test]
fn building_the_same_site_twice_gives_the_same_bytes() {
    let scratch = tempfile::tempdir().unwrap();
    let (first, second) = (scratch.path().join("a"), scratch.path().join("b"));
    build_example(&first);
    build_example(&second);
    let (first, second) = (common::snapshot(&first), common::snapshot(&second));
    assert!(first.len() > 200, "only {} files", first.len());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let differing: Vec<&String> = first
        .iter()
        .filter(|(path, bytes)| second[*path] != **bytes)
        .map(|(path, _)| path)
        .collect();
    assert!(differing.is_empty(), "differ between builds: {differing:?}");
}

/// Files a browser reads as code or markup; the rest are images and data.
fn is_text(path: &str) -> bool {
    [
        ".html", ".css", ".js", ".json", ".xml", ".txt", ".ics", "_headers",
    ]
    .iter()
    .any(|ending| path.ends_with(ending))
}

#[test]
fn no_file_sets_a_cookie_or_loads_from_another_host() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("public");
    build_example(&out);
    let mut scanned = 0;
    for (path, bytes) in common::snapshot(&out) {
        if !is_text(&path) {
            continue;
        }
        scanned += 1;
        let text = String::from_utf8(bytes).unwrap();
        let lower = text.to_lowercase();
        for cookie in ["document.cookie", "cookiestore", "set-cookie"] {
            assert!(!lower.contains(cookie), "{path} mentions {cookie}");
        }
        if path.ends_with(".js") {
            // An address in a script would be something it fetches, or
            // sends a reader to; the quick exit's address is in the page.
            for scheme in ["http://", "https://"] {
                assert!(!lower.contains(scheme), "{path} names an {scheme} address");
            }
            for call in ["sendbeacon", "websocket", "eventsource", "import("] {
                assert!(!lower.contains(call), "{path} calls {call}");
            }
        }
        if path.ends_with(".css") {
            assert!(!lower.contains("@import"), "{path} imports a stylesheet");
            for (at, _) in lower.match_indices("url(") {
                let target = &lower[at + 4..];
                let target = target[..target.find(')').unwrap()].trim_matches(['"', '\'']);
                assert!(
                    !target.contains("//") && !target.starts_with("http"),
                    "{path}: url({target})"
                );
            }
        }
    }
    assert!(scanned > 150, "only {scanned} files scanned");
}
