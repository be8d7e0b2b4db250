//! The `lamplight` command line: parses arguments, runs a command from the
//! library, and prints its report. No site logic lives here.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use lamplight::check::{self, CheckOptions};
use lamplight::{BuildOptions, build};

#[derive(Parser)]
#[command(
    name = "lamplight",
    version,
    about = "Static sites for community-safety partnerships"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
    },
    /// Check the site without writing anything: everything a build checks, plus
    /// links, anchors, accessibility and out-of-date pages.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// `json` gives a stable report for CI (see the officers' guide).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
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
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let stdout_colour =
        || std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build { site, output_dir } => match build(&site.options(output_dir)) {
            Ok(summary) => {
                println!(
                    "Built {} pages and {} sections: {} files in {} ms → {}",
                    summary.pages,
                    summary.sections,
                    summary.files,
                    summary.elapsed.as_millis(),
                    summary.output_dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                eprint!("{}", diagnostics.render(colour));
                let count = diagnostics.0.len();
                eprintln!(
                    "Build failed with {count} error{}; the previous site in the output folder was left as it was.",
                    if count == 1 { "" } else { "s" }
                );
                ExitCode::FAILURE
            }
        },
        Command::Check { site, format } => {
            let report = check::check(&CheckOptions {
                build: site.options(None),
                today: jiff::tz::TimeZone::UTC
                    .to_datetime(jiff::Timestamp::now())
                    .date(),
            });
            let text = match format {
                Format::Text => check::render_text(&report, stdout_colour()),
                Format::Json => report.to_json() + "\n",
            };
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::stdout().write_all(text.as_bytes());
            if report.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
