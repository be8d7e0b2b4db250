//! The layers of `src/` run one way. ARCHITECTURE.md lists the top-level
//! modules from the ground floor up; each may import (`crate::name`) only
//! modules listed before it, so no two import each other, however
//! indirectly. A new module must be given its place in that list.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The order in ARCHITECTURE.md's "Layers" block: the fenced block after
/// the `## Layers` heading, one floor a line, `floor: module module …`.
fn documented_order() -> Vec<String> {
    let text = fs::read_to_string(repo().join("ARCHITECTURE.md")).unwrap();
    let section = &text[text
        .find("## Layers")
        .expect("ARCHITECTURE.md has ## Layers")..];
    let block = section
        .split("```")
        .nth(1)
        .expect("a fenced block of layers");
    block
        .lines()
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .flat_map(|(_, modules)| modules.split_whitespace().map(str::to_string))
        .collect()
}

/// Each top-level module of `src/` (a file or a folder) with its files.
fn modules() -> BTreeMap<String, Vec<PathBuf>> {
    let src = repo().join("src");
    let mut modules = BTreeMap::new();
    for entry in fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let files = walkdir::WalkDir::new(&path)
                .into_iter()
                .map(Result::unwrap)
                .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
                .map(|e| e.path().to_path_buf())
                .collect();
            modules.insert(name, files);
        } else if path.extension().is_some_and(|x| x == "rs") && name != "lib" && name != "main" {
            modules.insert(name, vec![path]);
        }
    }
    modules
}

/// The modules `file` names as `crate::name` outside comments and its
/// `#[cfg(test)]` part (tests may reach anywhere).
fn imports(file: &Path, known: &BTreeSet<&str>) -> BTreeSet<String> {
    let text = fs::read_to_string(file).unwrap();
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut found = BTreeSet::new();
    for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for (at, _) in line.match_indices("crate::") {
            let rest = &line[at + "crate::".len()..];
            // `crate::{a, b::c}` names several.
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split(['}', ','])
                    .map(|part| part.trim().split("::").next().unwrap_or(""))
                    .collect(),
                None => vec![
                    rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                        .next()
                        .unwrap_or(""),
                ],
            };
            found.extend(
                names
                    .into_iter()
                    .filter(|n| known.contains(n))
                    .map(str::to_string),
            );
        }
    }
    found
}

#[test]
fn every_module_imports_only_modules_below_it() {
    let order = documented_order();
    let modules = modules();
    let known: BTreeSet<&str> = modules.keys().map(String::as_str).collect();
    let unlisted: Vec<&&str> = known
        .iter()
        .filter(|m| !order.iter().any(|o| o == **m))
        .collect();
    assert!(
        unlisted.is_empty(),
        "give these modules a floor in ARCHITECTURE.md's Layers: {unlisted:?}"
    );
    let place = |name: &str| order.iter().position(|o| o == name).unwrap();
    let mut upward = Vec::new();
    for (name, files) in &modules {
        for file in files {
            for import in imports(file, &known) {
                if import != *name && place(&import) > place(name) {
                    let shown = file.strip_prefix(repo()).unwrap().display().to_string();
                    upward.push(format!("{shown} imports {import}, which is above {name}"));
                }
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that point upwards:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_reader_finds_imports_in_groups_and_paths() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.rs");
    fs::write(
        &file,
        "use crate::{date::Date, diagnostic};\nlet a = crate::data::view::x();\n// crate::site in a comment\n#[cfg(test)]\nuse crate::render;\n",
    )
    .unwrap();
    let known: BTreeSet<&str> = ["date", "diagnostic", "data", "site", "render"].into();
    assert_eq!(
        imports(&file, &known),
        ["data", "date", "diagnostic"].map(String::from).into()
    );
}

/// Each `fn` in `text` with its length in lines, from its signature to the
/// closing brace at its own indentation (the code is rustfmt's, so a
/// function ends at the first line that is just `}` indented as it is).
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let signature = [
            "fn ",
            "pub fn ",
            "pub(crate) fn ",
            "pub(super) fn ",
            "const fn ",
        ]
        .iter()
        .any(|prefix| trimmed.starts_with(prefix));
        if !signature {
            continue;
        }
        let indent = &line[..line.len() - trimmed.len()];
        let closing = format!("{indent}}}");
        // A declaration without a body (in a trait) ends with `;` before any `{`.
        let body = lines[start..]
            .iter()
            .find(|l| l.trim_end().ends_with('{') || l.trim_end().ends_with(';'));
        if body.is_none_or(|l| l.trim_end().ends_with(';')) {
            continue;
        }
        if let Some(end) = lines[start..].iter().position(|l| l.trim_end() == closing) {
            let after_fn = &trimmed[trimmed.find("fn ").unwrap() + 3..];
            let name = after_fn
                .split(['(', '<'])
                .next()
                .unwrap_or(after_fn)
                .to_string();
            out.push((name, end + 1));
        }
    }
    out
}

/// What the layers issue set as the size a newcomer can read: no file
/// over 600 lines, no function over 100.
#[test]
fn no_file_over_600_lines_and_no_function_over_100() {
    let mut too_long = Vec::new();
    for files in modules().values() {
        for file in files {
            let text = fs::read_to_string(file).unwrap();
            let shown = file.strip_prefix(repo()).unwrap().display().to_string();
            let count = text.lines().count();
            if count > 600 {
                too_long.push(format!("{shown}: {count} lines"));
            }
            for (name, length) in function_lengths(&text) {
                if length > 100 {
                    too_long.push(format!("{shown}: fn `{name}` is {length} lines"));
                }
            }
        }
    }
    assert!(too_long.is_empty(), "split these:\n{}", too_long.join("\n"));
}

#[test]
fn the_reader_measures_functions_to_their_own_closing_brace() {
    let text = "fn a() {\n    if x {\n    }\n}\n\nimpl T {\n    pub fn b(\n        y: u8,\n    ) -> u8 {\n        y\n    }\n    fn c(&self);\n}\n";
    assert_eq!(
        function_lengths(text),
        vec![("a".to_string(), 4), ("b".to_string(), 5)]
    );
}
