//! The `lamplight` command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
        /// The site folder, holding config.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; replaced whole, and only when the build succeeds.
        #[arg(long)]
        output_dir: Option<PathBuf>,
        /// Include pages marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Publish under this address instead of config.toml's base_url.
        #[arg(long)]
        base_url: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build {
            root,
            output_dir,
            drafts,
            base_url,
        } => {
            let options = BuildOptions {
                root,
                output_dir,
                drafts,
                base_url,
            };
            match build(&options) {
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
            }
        }
    }
}
