//! The site benchmark: builds a generated partnership site of each size with
//! Lamplight (and Zola and Hugo, when they are on the PATH), and reports wall
//! time, pages per second and peak memory, side by side from one run.
//!
//!     cargo bench --bench site                       # 1,000 pages
//!     cargo bench --bench site -- --pages 1000,10000 # several sizes
//!
//! Output goes to /dev/shm when there is one, so the disk's write time (the
//! same for every tool, and noisy) does not swamp the figures.

mod corpus;
mod random;
mod search;
mod tools;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use corpus::Shape;
use tools::{Run, Tool, measure};

struct Options {
    sizes: Vec<usize>,
    shapes: Vec<Shape>,
    runs: usize,
}

fn options() -> Options {
    let mut sizes = vec![1000];
    let mut runs = 3;
    let mut shapes = vec![Shape::Partnership];
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--pages" => {
                sizes = args
                    .next()
                    .expect("--pages 1000,10000")
                    .split(',')
                    .map(|n| {
                        n.trim()
                            .replace('_', "")
                            .parse()
                            .expect("a number of pages")
                    })
                    .collect();
            }
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs 3"),
            "--shapes" => {
                let names = args.next().expect("--shapes partnership,varied");
                shapes = names.split(',').map(|n| Shape::parse(n.trim())).collect();
            }
            // cargo bench passes --bench; nothing else is ours.
            _ => {}
        }
    }
    Options {
        sizes,
        shapes,
        runs,
    }
}

fn main() {
    let options = options();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let lamplight = PathBuf::from(env!("CARGO_BIN_EXE_lamplight"));
    let scratch = repo.join("target/bench");
    let output_root = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm/lamplight-bench")
    } else {
        scratch.join("out")
    };
    let others: Vec<Tool> = [
        tools::find("zola", "--version"),
        tools::find("hugo", "version"),
    ]
    .into_iter()
    .flatten()
    .collect();
    println!(
        "Lamplight {} ({})",
        env!("CARGO_PKG_VERSION"),
        lamplight.display()
    );
    for tool in &others {
        println!("{}: {}", tool.name, tool.version);
    }
    println!(
        "{} cores; output in {}; median of {} runs\n",
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        output_root.display(),
        options.runs
    );
    println!("| pages | tool | task | wall | pages/s | peak memory | vs Lamplight |");
    println!("|--:|:--|:--|--:|--:|--:|--:|");
    let bench = Bench {
        options: &options,
        repo: &repo,
        lamplight: &lamplight,
        others: &others,
        scratch: &scratch,
        output_root: &output_root,
    };
    for &shape in &options.shapes {
        for &pages in &options.sizes {
            bench_size(&bench, pages, shape);
        }
    }
    let _ = fs::remove_dir_all(&output_root);
}

/// The build of the site with a theme that does next to nothing
/// ([`tools::bare_site`]), timed beside the others.
const BARE: &str = "Lamplight, bare theme";

/// What every size and shape is measured with.
struct Bench<'a> {
    options: &'a Options,
    repo: &'a Path,
    lamplight: &'a Path,
    others: &'a [Tool],
    scratch: &'a Path,
    output_root: &'a Path,
}

fn bench_size(bench: &Bench, pages: usize, shape: Shape) {
    let Bench {
        options,
        repo,
        lamplight,
        others,
        scratch,
        output_root,
    } = *bench;
    // The partnership shape keeps its old folder, `target/bench/10000`.
    let name = format!("{pages}{}", shape.label().replace(' ', "-"));
    let site = scratch.join(format!("{name}/lamplight"));
    let _ = fs::remove_dir_all(scratch.join(&name));
    fs::create_dir_all(&site).unwrap();
    let edited = corpus::write(&site, pages, shape);
    tools::lamplight_site(&site, repo, shape);
    let counted = tools::corpus_page_count(pages, shape);
    let label = format!("{pages}{}", shape.label());
    let out = output_root.join(&name);
    let row = |tool: &str, task: &str, run: Run, against: Option<Duration>| {
        let ratio = against.map_or(String::new(), |base| {
            format!("{:.1}×", run.wall.as_secs_f64() / base.as_secs_f64())
        });
        let memory = if run.peak == 0 {
            String::new()
        } else {
            format!("{} MB", run.peak / 1_000_000)
        };
        println!(
            "| {label} | {tool} | {task} | {} ms | {:.0} | {memory} | {ratio} |",
            run.wall.as_millis(),
            counted as f64 / run.wall.as_secs_f64(),
        );
    };

    // Every generator's build, as a command to run again and again: each
    // gets its copy of the corpus first, so that all the writing is done
    // before any timing starts.
    let mut builds: Vec<(&'static str, Command, PathBuf)> = Vec::new();
    let lamplight_build = |site: &Path, target: &Path| {
        let mut command = Command::new(lamplight);
        command
            .args(["build", "--quiet", "--root"])
            .arg(site)
            .arg("--output-dir")
            .arg(target);
        command
    };
    let target = out.join("lamplight");
    builds.push(("Lamplight", lamplight_build(&site, &target), target));
    let bare = scratch.join(format!("{name}/lamplight-bare"));
    tools::bare_site(&site, &bare, repo);
    let target = out.join("lamplight-bare");
    builds.push((BARE, lamplight_build(&bare, &target), target));
    // Zola's taxonomy pagination takes time that grows with the square of
    // a term's pages (at 10,000 pages, 83 s against 3.8 s unpaginated), so
    // Zola is also timed with each term's pages on one page: less work
    // than the others do, and the fairer figure for Zola.
    let variants = others.iter().flat_map(|tool| {
        let variants: &[(&'static str, bool)] = match tool.name {
            // Above 10,000 pages the quadratic one would take hours.
            "zola" if pages > 10_000 => &[("zola, terms on one page", false)],
            "zola" => &[("zola", true), ("zola, terms on one page", false)],
            _ => &[("hugo", true)],
        };
        variants
            .iter()
            .map(move |&(label, paginated)| (tool, label, paginated))
    });
    for (tool, tool_label, paginate_terms) in variants {
        let folder = tool_label.replace([' ', ','], "-");
        let root = scratch.join(format!("{name}/{folder}"));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(&root).unwrap();
        let target = out.join(&folder);
        let mut command = Command::new(&tool.program);
        match tool.name {
            "zola" => {
                tools::zola_site(&root, &site.join("content"), shape, paginate_terms);
                command
                    .arg("--root")
                    .arg(&root)
                    .args(["build", "--force", "--output-dir"])
                    .arg(&target);
            }
            _ => {
                tools::hugo_site(&root, &site.join("content"), shape);
                command
                    .args(["--quiet", "--source"])
                    .arg(&root)
                    .arg("--destination")
                    .arg(&target);
            }
        }
        builds.push((tool_label, command, target));
    }
    let builds = side_by_side(builds, options.runs);
    let build = builds[0].1;
    row("Lamplight", "build", build, None);
    let bare = builds[1].1;
    row(
        "Lamplight",
        "build, bare theme, no search index",
        bare,
        Some(build.wall),
    );
    // What a resident's first search costs, on one more, untimed, build
    // (the timed ones' outputs are gone).
    let searched = out.join("lamplight-search");
    measure(&mut lamplight_build(&site, &searched));
    search::rows(&label, repo, &searched);
    let _ = fs::remove_dir_all(&searched);
    let floor = median(options.runs, || {
        let _ = fs::remove_dir_all(out.join("floor"));
        Run {
            wall: tools::floor(&site.join("content"), &out.join("floor")),
            peak: 0,
        }
    });
    row("(floor)", "read + Markdown + write", floor, None);
    println!(
        "| {label} | Lamplight | build ÷ floor | {:.1}× | | | |",
        build.wall.as_secs_f64() / floor.wall.as_secs_f64()
    );
    println!(
        "| {label} | Lamplight | bare build ÷ floor | {:.1}× | | | |",
        bare.wall.as_secs_f64() / floor.wall.as_secs_f64()
    );
    let check = measure(Command::new(lamplight).args([
        "check",
        "--quiet",
        "--root",
        site.to_str().unwrap(),
    ]));
    row("Lamplight", "check", check, None);
    let (served, rebuilt) = serve_edit(lamplight, &site, &edited, options.runs.max(9));
    println!(
        "| {label} | Lamplight | serve: edit one page → served (median of {}) | {} ms | | | {rebuilt} |",
        options.runs.max(9),
        served.as_millis()
    );

    for &(name, run) in &builds[2..] {
        row(name, "build", run, Some(build.wall));
    }
    if pages > 10_000 && others.iter().any(|tool| tool.name == "zola") {
        println!(
            "| {label} | zola | not run with terms paginated: quadratic, it would take hours | | | | |"
        );
    }
    let _ = fs::remove_dir_all(&out);
}

/// Times each build `runs` times, taking turns, after one untimed run of
/// each: the first build after a corpus is written meets the disk still
/// writing it, and cold caches, which would count against whichever tool
/// went first. Taking turns gives every tool the same share of whatever
/// else the machine is doing. Each build gets the median of its runs.
fn side_by_side(
    mut builds: Vec<(&'static str, Command, PathBuf)>,
    runs: usize,
) -> Vec<(&'static str, Run)> {
    let _ = Command::new("sync").status();
    // A peer that cannot build the site (too old, too new, broken) is left
    // out with a line saying why, rather than failing the whole benchmark;
    // Lamplight itself must build.
    builds.retain_mut(|(name, command, target)| {
        let _ = fs::remove_dir_all(&*target);
        if name.starts_with("Lamplight") {
            measure(command);
            let _ = fs::remove_dir_all(&*target);
            return true;
        }
        let built = tools::try_measure(command, Stdio::null());
        let _ = fs::remove_dir_all(&*target);
        match built {
            Ok(_) => true,
            Err(error) => {
                println!(
                    "| | {name} | skipped: its build of the corpus failed ({error}) | | | | |"
                );
                false
            }
        }
    });
    let mut times: Vec<Vec<Run>> = vec![Vec::new(); builds.len()];
    for _ in 0..runs.max(1) {
        for ((name, command, target), times) in builds.iter_mut().zip(&mut times) {
            let _ = fs::remove_dir_all(&*target);
            // A peer's own progress lines would break up the table.
            let stderr = if name.starts_with("Lamplight") {
                Stdio::inherit()
            } else {
                Stdio::null()
            };
            let run = tools::try_measure(command, stderr).unwrap_or_else(|e| panic!("{e}"));
            // Each output is in memory (/dev/shm): at 100,000 pages three
            // of them beside Hugo's 14 GB pushed the machine into reclaim,
            // doubling the next tool's time and the floor's.
            let _ = fs::remove_dir_all(&*target);
            times.push(run);
        }
    }
    builds
        .iter()
        .zip(times)
        .map(|((name, ..), runs)| (*name, middle(runs)))
        .collect()
}

/// Runs `run` `runs` times and gives the [`middle`] run.
fn median(runs: usize, mut run: impl FnMut() -> Run) -> Run {
    middle((0..runs.max(1)).map(|_| run()).collect())
}

/// The run with the median wall time; its peak memory goes with it.
fn middle(mut runs: Vec<Run>) -> Run {
    runs.sort_by_key(|r| r.wall);
    runs[runs.len() / 2]
}

/// Starts `serve`, edits one page `edits` times, and times how long until
/// each new text is served; returns the median, and serve's own "Rebuilt N
/// of M files" line for the last edit.
fn serve_edit(lamplight: &Path, site: &Path, edited: &str, edits: usize) -> (Duration, String) {
    /// Stops serve however the measurement ends, even by a panic.
    struct Stop(std::process::Child);
    impl Drop for Stop {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Stop(
        Command::new(lamplight)
            .args(["serve", "--port", "0", "--root", site.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let (lines, printed) = mpsc::channel();
    let stdout = child.0.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let patience = Duration::from_secs(600);
    let next_line = |starts: &[&str]| loop {
        let line = printed
            .recv_timeout(patience)
            .expect("serve printed a line");
        if starts.iter().any(|s| line.contains(s)) {
            break line;
        }
    };
    let line = next_line(&["http://"]);
    let rest = &line[line.find("http://").unwrap() + 7..];
    let address = rest[..rest.find('/').unwrap()].to_string();
    let url = format!("/{}/", edited.trim_end_matches(".md"));
    let path = site.join("content").join(edited);
    let original = fs::read_to_string(&path).unwrap();
    let mut times = Vec::new();
    let mut rebuilt = String::new();
    for edit in 0..edits {
        let marker = format!(
            "Edited for the benchmark, edit {edit} at {:?}.",
            Instant::now()
        );
        let started = Instant::now();
        fs::write(&path, format!("{original}\n{marker}\n")).unwrap();
        let served = loop {
            if get(&address, &url).contains(&marker) {
                break started.elapsed();
            }
            assert!(started.elapsed() < patience, "the edit was never served");
            std::thread::sleep(Duration::from_millis(1));
        };
        times.push(served);
        rebuilt = next_line(&["Rebuilt", "Every page is the same"]);
        // Let the machine settle, as an officer's next edit would.
        std::thread::sleep(Duration::from_millis(200));
    }
    fs::write(&path, original).unwrap();
    drop(child);
    times.sort();
    (times[times.len() / 2], rebuilt)
}

fn get(address: &str, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(address) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    );
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}
