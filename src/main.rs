//! The `lamplight` command line: parses arguments, runs a command from the
//! library, and prints its report. No site logic lives here.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};

use lamplight::check::{self, CheckOptions};
use lamplight::diagnostic::count;
use lamplight::progress::Progress;
use lamplight::scaffold::{self, Kind};
use lamplight::serve::{self, ServeOptions, Terminal};
use lamplight::{BuildOptions, Diagnostic, Diagnostics, build};

/// glibc's allocator grows each thread's heap a page at a time, one
/// `mprotect` call per page, which also stalls the other thread's page
/// faults. jemalloc takes memory in larger pieces, so a build is quicker
/// for a little more memory. mimalloc was a little quicker still, but kept
/// memory for every thread `serve` had started. The figures are in
/// docs/BENCHMARKS.md.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc keeps freed pages for ten seconds by default, in case the
/// program wants them again: right for a server, but a build frees a page's
/// Markdown, the search index's postings and every rendered page while it
/// is still growing elsewhere. Giving them back after a quarter of a second
/// lowers a big build's peak at no cost in time measured
/// (docs/BENCHMARKS.md); `serve` also gives memory back sooner.
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_OPTIONS: &[u8; 19] = b"dirty_decay_ms:250\0";

#[derive(Parser)]
#[command(
    name = "lamplight",
    version,
    about = "Static sites for community-safety partnerships"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors (and check's findings).
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Also print how long each stage of the build took.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site; replaced whole, and only when the build succeeds.
        #[arg(long)]
        output_dir: Option<PathBuf>,
        /// Record this build's addresses as the published ones, in
        /// content/.published-urls, after removing or moving a page on purpose.
        #[arg(long)]
        accept_url_changes: bool,
    },
    /// Check the site without writing anything: everything a build checks, plus
    /// links, anchors, accessibility and out-of-date pages.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// `json` gives a stable report for CI (see the officers' guide).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also check links to other websites (needs the network; slower).
        #[arg(long)]
        external: bool,
    },
    /// Preview the site on this computer, rebuilding and reloading the browser
    /// as you save; nothing is written to public/.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port to listen on; 0 picks any free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Listen on this address instead of 127.0.0.1. 0.0.0.0 lets other
        /// computers on the network see the preview, drafts and all.
        #[arg(long, default_value = "127.0.0.1")]
        interface: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Start a new site, or a new page in this one; never replaces a file.
    New {
        #[command(subcommand)]
        what: New,
    },
    /// Make a site from another generator's into a new folder, with a report
    /// of every change; the other site is only read.
    Import {
        #[command(subcommand)]
        from: Import,
    },
    /// The default theme, which is built in: sites get its fixes with each
    /// new Lamplight unless they keep their own copy.
    Theme {
        #[command(subcommand)]
        what: ThemeCommand,
    },
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Write the built-in theme into themes/default/, for a site that wants to
    /// own every file of it; a file already there is kept as it is.
    Eject {
        /// The site folder, holding config.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum Import {
    /// A Zola site: its content and static files, its config converted,
    /// its shortcodes kept; Lamplight's built-in theme for the rest.
    Zola {
        /// The Zola site's folder, holding config.toml (or zola.toml) and content/.
        src: PathBuf,
        /// A new folder for the Lamplight site.
        dest: PathBuf,
    },
}

#[derive(Subcommand)]
enum New {
    /// A working site in a new folder: config, data, pages and publishing workflows.
    Site {
        /// A new folder for the site, or an empty one.
        dir: PathBuf,
        /// The partnership's name, the site's title; asked for when not given
        /// and the command is run at a terminal.
        #[arg(long)]
        name: Option<String>,
    },
    /// A dated progress update in content/updates/.
    Update(NewContent),
    /// A page about a scheme in content/schemes/, with a date to review it by.
    Scheme(NewContent),
    /// A page in content/, or in a section folder with --section.
    Page {
        #[command(flatten)]
        content: NewContent,
        /// The folder under content/ to put it in, such as `about`.
        #[arg(long)]
        section: Option<String>,
        /// Start the --section folder's section (its _index.md) if it has none.
        #[arg(long, requires = "section")]
        new_section: bool,
    },
}

#[derive(Args)]
struct NewContent {
    /// The page's title, in quotes: "Keep Safe in Castle Point".
    title: String,
    /// The site folder, holding config.toml and content/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(Args)]
struct SiteArgs {
    /// The site folder, holding config.toml and content/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Publish under this address instead of config.toml's base_url.
    #[arg(long)]
    base_url: Option<String>,
}

impl SiteArgs {
    fn options(self, output_dir: Option<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: self.root,
            output_dir,
            drafts: self.drafts,
            base_url: self.base_url,
            accept_url_changes: false,
            progress: Progress::default(),
            today: None,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stderr_terminal = std::io::stderr().is_terminal();
    let out = Output {
        colour: with_colour(stderr_terminal),
        progress: stderr_terminal && !cli.quiet,
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    if let Err(message) = lamplight::date::build_time() {
        let wrong = Diagnostic::error(Path::new(lamplight::date::SOURCE_DATE_EPOCH), message)
            .hint("set it to whole seconds since 1970, such as the output of `date +%s`, or unset it to build at the clock's time");
        return failed(&Diagnostics(vec![wrong]), out);
    }
    match cli.command {
        Command::Build {
            site,
            output_dir,
            accept_url_changes,
        } => build_command(site, output_dir, accept_url_changes, out),
        Command::Check {
            site,
            format,
            external,
        } => check_command(site, format, external, out),
        Command::Serve {
            site,
            port,
            interface,
            open,
        } => serve_command(site, port, interface, open, out),
        Command::New { what } => new_command(what, out),
        Command::Import {
            from: Import::Zola { src, dest },
        } => import_command(&src, &dest, out),
        Command::Theme {
            what: ThemeCommand::Eject { root },
        } => eject_command(&root, out),
    }
}

/// Writes the theme out and says what to do next: the site no longer gets
/// the theme's fixes, and `check` names each file that differs from them.
fn eject_command(root: &Path, out: Output) -> ExitCode {
    let ejected = match lamplight::theme::eject(root) {
        Ok(ejected) => ejected,
        Err(diagnostics) => return failed(&diagnostics, out),
    };
    let folder = root.join("themes").join(lamplight::theme::DEFAULT);
    println!(
        "Wrote {} files of the default theme to {}.",
        ejected.written.len(),
        folder.display()
    );
    if !ejected.kept.is_empty() && !out.quiet {
        println!("Kept {} files the site already had:", ejected.kept.len());
        for path in &ejected.kept {
            println!("  {}", path.display());
        }
    }
    if !out.quiet {
        println!(
            "The site now uses these files instead of the built-in theme. Delete any you do not change, \
             so they keep getting the theme's fixes; `lamplight check` names each one that differs."
        );
    }
    ExitCode::SUCCESS
}

/// Prints the report, one line per change, grouped by kind.
fn import_command(src: &Path, dest: &Path, out: Output) -> ExitCode {
    use lamplight::import::What;
    let report = match lamplight::import::zola(src, dest) {
        Ok(report) => report,
        Err(diagnostics) => return failed(&diagnostics, out),
    };
    for what in [
        What::Kept,
        What::Mapped,
        What::Changed,
        What::Dropped,
        What::NotMoved,
    ] {
        let lines: Vec<_> = report.of(what).collect();
        if lines.is_empty() || (out.quiet && matches!(what, What::Kept | What::Mapped)) {
            continue;
        }
        println!("{} ({}):", what.label(), lines.len());
        for line in lines {
            let place = if line.line > 0 {
                format!("{}:{}", line.file, line.line)
            } else {
                line.file.clone()
            };
            println!("  {place}: {}", line.message);
        }
    }
    if let Some(errors) = &report.build_errors {
        eprint!("{}", errors.render(out.colour));
        eprintln!(
            "Imported {} into {}, but it does not build yet: fix the errors above there, then run `lamplight build --root {} --accept-url-changes`.",
            src.display(),
            dest.display(),
            dest.display()
        );
        return ExitCode::FAILURE;
    }
    println!(
        "Imported {} into {}: {} content files, {} addresses, every one recorded as published. Next:
  lamplight check --root {}",
        src.display(),
        dest.display(),
        report.pages,
        report.addresses,
        dest.display()
    );
    ExitCode::SUCCESS
}

/// How the command line talks to the terminal, from the global flags.
#[derive(Clone, Copy)]
struct Output {
    /// Colour in diagnostics on standard error.
    colour: bool,
    /// Show the stage a slow build is in.
    progress: bool,
    quiet: bool,
    verbose: bool,
}

/// Prints `diagnostics` and fails.
fn failed(diagnostics: &lamplight::Diagnostics, out: Output) -> ExitCode {
    eprint!("{}", diagnostics.render(out.colour));
    ExitCode::FAILURE
}

fn build_command(
    site: SiteArgs,
    output_dir: Option<PathBuf>,
    accept_url_changes: bool,
    out: Output,
) -> ExitCode {
    let options = BuildOptions {
        accept_url_changes,
        ..site.options(output_dir)
    };
    let line = ProgressLine::start(&options.progress, out.progress);
    let built = build(&options);
    drop(line);
    let summary = match built {
        Ok(summary) => summary,
        Err(diagnostics) => {
            // Only one failure, a swap that could not be undone, leaves
            // the output other than it was; it says where.
            let moved = diagnostics
                .0
                .iter()
                .any(|d| d.code == Some(lamplight::output::NOT_RESTORED));
            let kept = if moved {
                ""
            } else {
                "; the previous site in the output folder was left as it was"
            };
            eprint!("{}", diagnostics.render(out.colour));
            eprintln!(
                "Build failed with {}{kept}.",
                count(diagnostics.0.len(), "error")
            );
            return ExitCode::FAILURE;
        }
    };
    if !summary.warnings.is_empty() {
        let warnings = lamplight::Diagnostics::sorted(summary.warnings.clone());
        eprint!("{}", warnings.render(out.colour));
    }
    if !out.quiet {
        let search = summary
            .search_index_bytes
            .map(|bytes| format!(" (search index {})", kilobytes(bytes)))
            .unwrap_or_default();
        println!(
            "Built {} and {}: {}{search} in {} ms → {}",
            count(summary.pages, "page"),
            count(summary.sections, "section"),
            count(summary.files, "file"),
            summary.elapsed.as_millis(),
            summary.output_dir.display()
        );
    }
    if let Some(recorded) = summary.accepted_urls {
        println!(
            "Recorded {} as published in {}.",
            count(recorded, "address"),
            lamplight::manifest::PUBLISHED
        );
    }
    if out.verbose {
        print_timings(&options.progress);
    }
    ExitCode::SUCCESS
}

fn check_command(site: SiteArgs, format: Format, external: bool, out: Output) -> ExitCode {
    let options = CheckOptions {
        build: site.options(None),
        external,
    };
    let line = ProgressLine::start(&options.build.progress, out.progress);
    let report = check::check(&options);
    drop(line);
    let text = match format {
        Format::Text if out.quiet && report.diagnostics.is_empty() => String::new(),
        Format::Text => check::render_text(&report, with_colour(std::io::stdout().is_terminal())),
        Format::Json => report.to_json() + "\n",
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::stdout().write_all(text.as_bytes());
    if out.verbose {
        print_timings(&options.build.progress);
    }
    if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn serve_command(
    site: SiteArgs,
    port: u16,
    interface: std::net::IpAddr,
    open: bool,
    out: Output,
) -> ExitCode {
    let options = ServeOptions {
        build: site.options(None),
        interface,
        port,
        open,
        terminal: Terminal {
            colour: out.colour,
            quiet: out.quiet,
        },
    };
    match serve::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostics) => failed(&diagnostics, out),
    }
}

fn new_command(what: New, out: Output) -> ExitCode {
    let today = today();
    let written = match what {
        New::Site { dir, name } => {
            let name = name.unwrap_or_else(ask_name);
            let site = scaffold::NewSite { name: &name, today };
            scaffold::new_site(&dir, &site).map(|files| {
                format!(
                    "Wrote a new site of {} files to {}. Next:\n  cd {}\n  lamplight serve\n\
                     `lamplight check` lists the examples to replace before it is published.",
                    files.len(),
                    dir.display(),
                    dir.display()
                )
            })
        }
        New::Update(new) => new_content(new, Kind::Update, None, today),
        New::Scheme(new) => new_content(new, Kind::Scheme, None, today),
        New::Page {
            content,
            section,
            new_section,
        } => {
            let folder = section
                .as_deref()
                .map(|path| scaffold::Folder { path, new_section });
            new_content(content, Kind::Page, folder, today)
        }
    };
    match written {
        Ok(message) => {
            if !out.quiet {
                println!("{message}");
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => failed(&diagnostics, out),
    }
}

/// The partnership's name, asked at a terminal; otherwise (a script, CI) a
/// placeholder, which `check` names until it is changed.
fn ask_name() -> String {
    let default = scaffold::DEFAULT_NAME;
    if !std::io::stdin().is_terminal() {
        return default.to_string();
    }
    eprint!("What is the partnership called? [{default}] ");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    match line.trim() {
        "" => default.to_string(),
        name => name.to_string(),
    }
}

fn new_content(
    new: NewContent,
    kind: Kind,
    section: Option<scaffold::Folder>,
    today: jiff::civil::Date,
) -> Result<String, lamplight::Diagnostics> {
    scaffold::new_content(&new.root, kind, &new.title, section, today).map(|paths| {
        let shown: Vec<String> = paths
            .iter()
            .map(|path| {
                let full = new.root.join(path);
                let shown = lamplight::diagnostic::display_path(Path::new("."), &full);
                shown.display().to_string()
            })
            .collect();
        format!("Wrote {}", shown.join(" and "))
    })
}

/// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
fn with_colour(terminal: bool) -> bool {
    terminal && std::env::var_os("NO_COLOR").is_none()
}

/// Prints where a build's time went, stage by stage, for `--verbose`.
fn print_timings(progress: &Progress) {
    for (stage, took) in progress.timings() {
        println!("  {stage:<22} {:>7.1} ms", took.as_secs_f64() * 1000.0);
    }
}

/// After half a second, shows on the terminal which stage a build is in, so a
/// large site does not look stuck; cleared when the build ends.
struct ProgressLine {
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ProgressLine {
    fn start(progress: &Progress, enabled: bool) -> ProgressLine {
        let done = Arc::new(AtomicBool::new(false));
        let thread = enabled.then(|| {
            let (progress, done) = (progress.clone(), Arc::clone(&done));
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut shown = false;
                while !done.load(Ordering::Relaxed) {
                    if started.elapsed() > Duration::from_millis(500)
                        && let Some(stage) = progress.current()
                    {
                        eprint!("\r\x1b[2K{stage}…");
                        shown = true;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                if shown {
                    eprint!("\r\x1b[2K");
                }
            })
        });
        ProgressLine { done, thread }
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// `51243` → `50 KB`: how big a download is, to the nearest kilobyte.
fn kilobytes(bytes: usize) -> String {
    format!("{} KB", bytes.div_ceil(1024))
}

/// The build's day ([`lamplight::date::build_day`]); `main` has already
/// refused a `SOURCE_DATE_EPOCH` that is not a time.
fn today() -> jiff::civil::Date {
    lamplight::date::build_day_or_clock()
}
