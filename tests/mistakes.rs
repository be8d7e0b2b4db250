//! The mistakes officers make, all at once: one `check` reports every one,
//! each at its own file, line and column, in plain words, with a hint —
//! rather than one stage's mistakes per run.

mod common;

use std::fs;
use std::path::Path;

/// Replaces the first `from` in the file at `relative` with `to`,
/// returning the 1-based line and column in the new text of `point`, the
/// part of `to` the error must point at.
fn mistake(root: &Path, relative: &str, from: &str, to: &str, point: &str) -> (usize, usize) {
    let path = root.join(relative);
    let text = fs::read_to_string(&path).unwrap();
    let at = text
        .find(from)
        .unwrap_or_else(|| panic!("{relative} has no {from:?}"));
    let changed = text.replacen(from, to, 1);
    fs::write(&path, &changed).unwrap();
    let within = to.find(point).expect("`point` is part of `to`");
    lamplight::diagnostic::line_and_column(&changed, at + within)
}

#[test]
fn one_check_reports_every_mistake_at_its_place() {
    let dir = common::example_copy();
    let root = dir.path();
    // (file, line and column the error must point at, words its message
    // must have).
    let mut expected: Vec<(&str, (usize, usize), &str)> = Vec::new();
    let mut make = |file: &'static str, from: &str, to: &str, point: &str, says: &'static str| {
        let place = mistake(root, file, from, to, point);
        expected.push((file, place, says));
    };
    // Front matter.
    make(
        "content/about/contact.md",
        "weight = 7",
        "weight = \"7\"",
        "\"7\"",
        "`weight` must be a whole number, not text in quotes",
    );
    make(
        "content/accessibility.md",
        "title = \"Accessibility statement\"",
        "title = “Accessibility statement”",
        "“",
        "`title` has curly quotes",
    );
    make(
        "content/updates/2016-07-01-2016-17-q1.md",
        "date = 2016-07-01",
        "date = 01/07/2016",
        "01/07/2016",
        "`date` is written day/month/year",
    );
    make(
        "content/schemes/keep-safe.md",
        "title = \"Keep Safe scheme\"",
        "title = \"Keep Safe scheme\"\npath = \"../../etc\"",
        "\"../../etc\"",
        "climbs out of its folder",
    );
    make(
        "content/schemes/street-pastors.md",
        "title =",
        "draft = \"yes\"\ntitle =",
        "\"yes\"",
        "`draft` must be true or false",
    );
    make(
        "content/about/how-we-meet.md",
        "description =",
        "descripton =",
        "descripton",
        "unknown key `descripton` in front matter",
    );
    // Data.
    make(
        "data/funding.toml",
        "amount = 1000",
        "amount = 1,000",
        ",",
        "`amount` is written with commas",
    );
    make(
        "data/plans/2017-18.toml",
        "status = \"on-track\"",
        "status = \"on-trak\"",
        "\"on-trak\"",
        "`on-trak` is not",
    );
    // The glossary.
    make(
        "content/glossary.toml",
        "\"ASB\"\nmeaning = \"anti-social behaviour\"",
        "\"ASB\"\nmeaning = “anti-social behaviour”",
        "“",
        "`meaning` has curly quotes",
    );
    // Config: a footer link to a page that is not there.
    make(
        "config.toml",
        "\"@/accessibility.md\"",
        "\"@/acessibility.md\"",
        "@/",
        "`@/acessibility.md` is not a file in content/",
    );
    // Markdown, in pages that call no shortcodes.
    make(
        "content/cover-your-tracks.md",
        "\n\n",
        "\n\nSee [the contact page](@/about/contcat.md).\n\n",
        "[the contact page]",
        "`@/about/contcat.md`, which does not exist",
    );
    make(
        "content/about/terms-of-reference.md",
        "\n## ",
        "\n## Who we are {onclick=alert(1)}\n\n## ",
        "onclick",
        "onclick",
    );

    let report = common::check(root);
    let errors: Vec<&lamplight::Diagnostic> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == lamplight::diagnostic::Severity::Error)
        .collect();
    let shown: Vec<String> = errors.iter().map(|d| format!("{d}")).collect();
    for (file, (line, column), says) in &expected {
        let found = errors
            .iter()
            .find(|d| d.file == Path::new(file) && (d.line, d.column) == (*line, *column));
        let Some(found) = found else {
            panic!("nothing at {file}:{line}:{column}:\n{}", shown.join("\n"));
        };
        assert!(found.message.contains(says), "{found}");
        assert!(found.hint.is_some(), "no hint: {found}");
    }
    assert!(
        expected.len() >= 12,
        "twelve different mistakes or more: {}",
        expected.len()
    );
}

/// A config.toml that cannot be read stops the build, but not the reading
/// of what needs nothing from it: the front matter's, the data's and the
/// glossary's mistakes are reported in the same run.
#[test]
fn a_broken_config_does_not_hide_the_other_files_mistakes() {
    let dir = common::example_copy();
    let root = dir.path();
    let config = mistake(root, "config.toml", "[extra]", "[extra", "[extra");
    let page = mistake(
        root,
        "content/about/contact.md",
        "weight = 7",
        "weight = \"7\"",
        "\"7\"",
    );
    let data = mistake(
        root,
        "data/funding.toml",
        "amount = 1000",
        "amount = 1,000",
        ",",
    );
    let glossary = mistake(
        root,
        "content/glossary.toml",
        "\"ASB\"\nmeaning = \"anti-social behaviour\"",
        "\"ASB\"\nmeening = \"anti-social behaviour\"",
        "meening",
    );
    let report = common::check(root);
    let places: Vec<(String, usize, usize)> = report
        .diagnostics
        .iter()
        .map(|d| (d.file.display().to_string(), d.line, d.column))
        .collect();
    for (file, (line, column)) in [
        ("config.toml", config),
        ("content/about/contact.md", page),
        ("data/funding.toml", data),
        ("content/glossary.toml", glossary),
    ] {
        assert!(
            places
                .iter()
                .any(|p| p.0 == file && p.1 == line && (file == "config.toml" || p.2 == column)),
            "nothing at {file}:{line}:{column}: {places:?}"
        );
    }
    assert_eq!(places.len(), 4, "{:#?}", report.diagnostics);
}
