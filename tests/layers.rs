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
