//! Embeds the default theme, so a site without a `themes/default/` folder is
//! built with the theme this program was released with, and `lamplight theme
//! eject` can write it out; and the starter site `lamplight new site` writes.
//! The lists are generated from the folders, so a file added to either is
//! embedded without anyone editing a list.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    embed(&repo.join("themes/default"), "default_theme.rs", "BUILT_IN");
    embed(&repo.join("src/scaffold/starter"), "starter.rs", "STARTER");
}

/// Writes `OUT_DIR/<out>`: a constant `name` listing every file under
/// `folder` by its path below it, with its bytes.
fn embed(folder: &Path, out: &str, name: &str) {
    println!("cargo:rerun-if-changed={}", folder.display());
    let mut files = Vec::new();
    collect(folder, folder, &mut files);
    files.sort();
    let mut text = format!("pub const {name}: &[(&str, &[u8])] = &[\n");
    for (relative, absolute) in &files {
        println!("cargo:rerun-if-changed={absolute}");
        let bytes = std::fs::read(absolute).unwrap();
        // Templates, words and the starter site are read as text.
        let binary = relative.starts_with("static/");
        assert!(
            binary || std::str::from_utf8(&bytes).is_ok(),
            "{absolute} is not UTF-8"
        );
        writeln!(text, "    ({relative:?}, include_bytes!({absolute:?})),").unwrap();
    }
    text.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join(out);
    std::fs::write(dest, text).unwrap();
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(root, &path, files);
        } else {
            let relative = path.strip_prefix(root).unwrap();
            let relative = relative.to_string_lossy().replace('\\', "/");
            files.push((relative, path.display().to_string()));
        }
    }
}
