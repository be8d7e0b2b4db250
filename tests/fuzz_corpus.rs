//! The fuzz targets on stable Rust, so CI needs no nightly: every input in
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` (crashes the
//! fuzzers found, kept so they stay fixed), then inputs mutated from them
//! for `LAMPLIGHT_FUZZ_SECONDS` per target (1 unless set; `.ci/run` sets
//! 60). cargo-fuzz, on nightly, searches far better (see fuzz/README.md);
//! this keeps what it found passing and gives every CI run a short search.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "../benches/site/random.rs"]
mod random;

use random::Random;

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 3] = [
    ("front_matter", lamplight::fuzzing::front_matter),
    ("markdown", lamplight::fuzzing::markdown),
    ("content_model", lamplight::fuzzing::content_model),
];

/// Fragments the inputs are made of, for mutations to splice in.
const TOKENS: &[&str] = &[
    "+++\n",
    "\n",
    "{{ ",
    " }}",
    "{{",
    "}}",
    "(",
    ")",
    "=\"",
    "\"",
    "[",
    "]",
    "](@/",
    "@/",
    "#",
    "## ",
    "|",
    "|:--|",
    "```",
    "`",
    "<",
    ">",
    "</",
    "<!--",
    "-->",
    "&",
    "\\",
    "*",
    "_",
    "[^1]",
    "\u{feff}",
    "é",
    "\u{0}",
    "title = ",
    "date = 2017-07-01",
    "[[",
    "]]",
    "= [",
    "{ ",
    " }",
    "javascript:",
    "<script>",
    "\r\n",
    "\t",
    "'''",
    "\"\"\"",
];

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut found = Vec::new();
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() {
                found.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

/// Runs `target` on `input`, and on a panic saves the input under
/// `target/fuzz-failures/` and fails naming it.
fn run(name: &str, target: Target, input: &[u8], origin: &str) {
    if catch_unwind(AssertUnwindSafe(|| target(input))).is_err() {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
        std::fs::create_dir_all(&dir).unwrap();
        let saved = dir.join(format!("{name}-{:016x}", fnv(input)));
        std::fs::write(&saved, input).unwrap();
        panic!(
            "{name} panicked on {origin}; the input is saved in {} \
             (copy it to fuzz/regressions/{name}/ once fixed)",
            saved.display()
        );
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn mutate(random: &mut Random, seeds: &[(PathBuf, Vec<u8>)]) -> Vec<u8> {
    let mut input = seeds[random.below(seeds.len())].1.clone();
    for _ in 0..1 + random.below(4) {
        let at = random.below(input.len() + 1);
        match random.below(6) {
            0 if !input.is_empty() => {
                let i = random.below(input.len());
                input[i] ^= 1 << random.below(8);
            }
            1 => input.insert(at, random.next() as u8),
            2 => {
                let token = TOKENS[random.below(TOKENS.len())].as_bytes();
                input.splice(at..at, token.iter().copied());
            }
            3 => {
                let end = (at + random.below(64)).min(input.len());
                input.drain(at..end);
            }
            4 => {
                let end = (at + random.below(256)).min(input.len());
                let copy = input[at..end].to_vec();
                input.splice(at..at, copy);
            }
            _ => {
                let other = &seeds[random.below(seeds.len())].1;
                let from = random.below(other.len() + 1);
                input.truncate(at);
                input.extend_from_slice(&other[from..]);
            }
        }
    }
    input
}

fn fuzz(name: &str, target: Target) {
    let seeds = inputs(name);
    assert!(!seeds.is_empty(), "fuzz/corpus/{name}/ has inputs");
    for (path, input) in &seeds {
        run(name, target, input, &path.display().to_string());
    }
    let seconds: u64 = std::env::var("LAMPLIGHT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let seed = 0x1a4d_5eed ^ fnv(name.as_bytes());
    let mut random = Random(seed);
    let started = Instant::now();
    let mut tried = 0u64;
    while started.elapsed() < Duration::from_secs(seconds) {
        let input = mutate(&mut random, &seeds);
        run(
            name,
            target,
            &input,
            &format!("mutation {tried} of seed {seed:#x}"),
        );
        tried += 1;
    }
    eprintln!("{name}: {} corpus inputs, {tried} mutations", seeds.len());
}

#[test]
fn front_matter_never_panics() {
    let (name, target) = TARGETS[0];
    fuzz(name, target);
}

#[test]
fn markdown_never_panics_or_lets_a_script_through() {
    let (name, target) = TARGETS[1];
    fuzz(name, target);
}

#[test]
fn content_model_never_panics() {
    let (name, target) = TARGETS[2];
    fuzz(name, target);
}
