//! The officers' guide shows TOML for officers to copy: every example must
//! be TOML, and every front-matter example must build, so the guide never
//! shows code that fails.

mod common;

use std::fs;
use std::path::Path;

/// Each ```toml block of the guide: (guide file, line of the fence, text).
fn examples() -> Vec<(String, usize, String)> {
    blocks("toml")
}

/// Each block of the guide fenced as `language`.
fn blocks(language: &str) -> Vec<(String, usize, String)> {
    let fence = format!("```{language}");
    let guide = common::repo().join("content/guide");
    let mut found = Vec::new();
    let mut files: Vec<_> = fs::read_dir(&guide)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut lines = text.lines().enumerate();
        while let Some((n, line)) = lines.next() {
            if line.trim() != fence {
                continue;
            }
            let block: Vec<&str> = lines
                .by_ref()
                .map(|(_, line)| line)
                .take_while(|line| line.trim() != "```")
                .collect();
            found.push((name.clone(), n + 1, block.join("\n") + "\n"));
        }
    }
    found
}

/// Whether `toml` is a page's front matter (or a part of one): it reads
/// as one once it has a title, or fails for a reason other than a key a
/// page does not take (a setting of config.toml or a data file).
fn is_front_matter(toml: &str) -> bool {
    // Lists of tables (`[[partner]]`) are data files'; a page names one
    // record (`partner = "police"`).
    if toml.lines().any(|line| line.trim_start().starts_with("[[")) {
        return false;
    }
    let titled = if toml.contains("\ntitle =") || toml.starts_with("title =") {
        toml.to_string()
    } else {
        format!("title = \"Example\"\n{toml}")
    };
    match toml::from_str::<lamplight::content::PageFrontMatter>(&titled) {
        Ok(_) => true,
        Err(e) => !e.message().contains("unknown field"),
    }
}

#[test]
fn every_toml_example_in_the_guide_is_toml() {
    let examples = examples();
    assert!(
        examples.len() >= 15,
        "the guide's examples were found: {}",
        examples.len()
    );
    for (file, line, text) in &examples {
        let toml: String = text
            .lines()
            .filter(|l| l.trim() != "+++")
            .collect::<Vec<_>>()
            .join("\n");
        if let Err(e) = toml.parse::<toml::Table>() {
            panic!("content/guide/{file}:{line}: the example is not TOML:\n{text}\n{e}");
        }
    }
}

/// Each front-matter example, as a new page of the example site (with a
/// title when it shows none, and its own address), passes `check` with no
/// error.
#[test]
fn every_front_matter_example_in_the_guide_builds() {
    let mut built = 0;
    for (file, line, text) in examples() {
        let toml: String = text
            .lines()
            .filter(|l| l.trim() != "+++")
            .map(|l| format!("{l}\n"))
            .collect();
        if !is_front_matter(&toml) {
            continue;
        }
        let dir = common::example_copy();
        let root = dir.path();
        let titled = if toml.contains("title =") {
            toml.clone()
        } else {
            format!("title = \"Example\"\n{toml}")
        };
        // Its own address: an example may show a page the site has.
        let page = format!("+++\nslug = \"guide-example\"\n{titled}+++\n\nThe example's text.\n");
        let page = dedupe_slug(&page);
        // An example with `aliases` is about a page that has moved away
        // from those addresses: the page there now goes, as it would have.
        for alias in aliases(&titled) {
            let path = alias.trim_matches('/');
            for moved in [format!("{path}.md"), format!("{path}/index.md")] {
                let _ = fs::remove_file(root.join("content").join(moved));
            }
        }
        // An example that shows a page the site has (with its aliases)
        // stands in for that page.
        let target = aliases(&titled)
            .iter()
            .find_map(|alias| page_with_alias(root, alias))
            .unwrap_or_else(|| root.join("content/guide-example.md"));
        fs::write(&target, &page).unwrap();
        let report = common::check(root);
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == lamplight::diagnostic::Severity::Error)
            .map(|d| format!("{d}"))
            .collect();
        assert!(
            errors.is_empty(),
            "content/guide/{file}:{line}: the example does not build:\n{page}\n{}",
            errors.join("\n")
        );
        built += 1;
    }
    assert!(built >= 4, "front-matter examples built: {built}");
}

/// The page with one `slug`: the example's own if it has one.
fn dedupe_slug(page: &str) -> String {
    if page.matches("\nslug =").count() > 1 {
        page.replacen("\nslug = \"guide-example\"", "", 1)
    } else {
        page.to_string()
    }
}

/// The `aliases` a front-matter example gives.
fn aliases(toml: &str) -> Vec<String> {
    let table: toml::Table = toml.parse().unwrap_or_default();
    let Some(toml::Value::Array(aliases)) = table.get("aliases") else {
        return Vec::new();
    };
    aliases
        .iter()
        .filter_map(|a| a.as_str().map(str::to_string))
        .collect()
}

/// The content file whose front matter lists `alias` among its aliases.
fn page_with_alias(root: &Path, alias: &str) -> Option<std::path::PathBuf> {
    let quoted = format!("\"{alias}\"");
    walk(&root.join("content")).into_iter().find(|path| {
        let text = fs::read_to_string(path).unwrap_or_default();
        // Its front matter only: the guide's own pages show examples.
        let front_matter = text.split("+++").nth(1).unwrap_or_default();
        front_matter
            .lines()
            .any(|line| line.trim_start().starts_with("aliases") && line.contains(&quoted))
    })
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
    found
}

/// Each Markdown example, as the text of a new page of the example site,
/// passes `check` with no error and no warning about that page.
#[test]
fn every_markdown_example_in_the_guide_builds() {
    let examples = blocks("markdown");
    assert!(!examples.is_empty());
    for (file, line, text) in examples {
        let dir = common::example_copy();
        let root = dir.path();
        let page = format!(
            "+++\ntitle = \"Example\"\ndescription = \"An example from the guide.\"\n\
             review_by = 2027-05-23\n+++\n\n{text}"
        );
        fs::write(root.join("content/guide-example.md"), &page).unwrap();
        // A photo an example shows, as a camera would have written it.
        for src in text.split("photo(src=\"").skip(1) {
            let name = src.split('"').next().unwrap();
            let photo =
                image::RgbImage::from_fn(1200, 900, |x, y| image::Rgb([x as u8, y as u8, 60]));
            fs::create_dir_all(root.join("static")).unwrap();
            photo.save(root.join("static").join(name)).unwrap();
        }
        let report = common::check(root);
        let found: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.file == Path::new("content/guide-example.md"))
            .map(|d| format!("{d}"))
            .collect();
        assert!(
            found.is_empty() && report.passed(),
            "content/guide/{file}:{line}: the example does not build cleanly:\n{}",
            found.join("\n")
        );
    }
}
