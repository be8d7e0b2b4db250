//! The build pipeline, start to finish: load → render → write.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content::{self, Library};
use crate::data::{self, Data, pages::GeneratedPage, view::Urls};
use crate::diagnostic::{Diagnostic, Result};
use crate::output;
use crate::progress::Progress;
use crate::render::{self, Contents, SiteFiles};
use crate::templates::{Lookup, Templates};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder: holds `config.toml`, `content/`, `themes/`.
    pub root: PathBuf,
    /// Defaults to `public/` in the site folder.
    pub output_dir: Option<PathBuf>,
    pub drafts: bool,
    pub base_url: Option<String>,
    /// Told each stage as it starts, for a progress line and `--verbose`.
    pub progress: Progress,
}

#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub output_dir: PathBuf,
    pub elapsed: Duration,
}

/// A site loaded and checked, ready to render: every stage before templates
/// produce output. `check` stops here; `build` and `serve` go on to render.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub library: Library,
    pub data: Data,
    pub generated: Vec<GeneratedPage>,
    pub templates: Templates,
    pub lookup: Arc<Lookup>,
}

impl Site {
    pub fn load(options: &BuildOptions) -> Result<Site> {
        let root = &options.root;
        let progress = &options.progress;
        progress.stage("reading config.toml");
        let mut config = Config::load(root)?;
        if let Some(base_url) = &options.base_url {
            config.set_base_url(base_url);
        }
        progress.stage("reading content");
        let mut library = content::load(root, &config, options.drafts)?;
        progress.stage("reading data");
        let data = data::load(root, &config)?;
        let claims = data::claims(&data, &library)?;
        let (values, generated) = {
            let urls = Urls::new(config.base_path(), &data, &claims, &library);
            let values = data::view::values(&data, &urls, &claims);
            let generated = data::pages::generated(&data, &urls, &claims, &library, &values)?;
            (values, generated)
        };
        let lookup = Arc::new(Lookup {
            config: config.clone(),
            urls: library.urls(),
            pages: OnceLock::new(),
            sections: OnceLock::new(),
            data: values,
        });
        progress.stage("loading templates");
        let templates = Templates::load(root, &config, Arc::clone(&lookup))?;
        progress.stage("rendering Markdown");
        render::render_markdown(&config, &mut library, &templates, &lookup.urls)?;
        progress.end_stage();
        Ok(Site {
            root: root.clone(),
            config,
            library,
            data,
            generated,
            templates,
            lookup,
        })
    }

    /// Every output file, in memory.
    pub fn render(&self, progress: &Progress) -> Result<SiteFiles> {
        progress.stage("rendering pages");
        let mut files = render::render_site(
            &self.root,
            &self.config,
            &self.library,
            &self.templates,
            &self.lookup,
            &self.generated,
        )?;
        for (path, text) in data::open_data::files(&self.data) {
            files.insert(path, Contents::Text(text));
        }
        progress.end_stage();
        Ok(files)
    }

    /// Pages made from content and from data.
    pub fn page_count(&self) -> usize {
        self.library.pages.len() + self.generated.len()
    }
}

pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let output_dir = options
        .output_dir
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    check_output_dir(&options.root, &output_dir)?;
    let site = Site::load(options)?;
    let files = site.render(&options.progress)?;
    options.progress.stage("writing files");
    let written = output::write_site(&output_dir, &files)?;
    options.progress.end_stage();
    Ok(BuildSummary {
        pages: site.page_count(),
        sections: site.library.sections.len(),
        files: written,
        output_dir,
        elapsed: started.elapsed(),
    })
}

/// The output folder is deleted and replaced on every build, so it must not be
/// the site itself or hold any of its sources.
fn check_output_dir(root: &Path, output_dir: &Path) -> Result<()> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, output) = (absolute(root), absolute(output_dir));
    let sources = ["content", "themes", "templates", "static"].map(|d| root.join(d));
    let unsafe_choice = root.starts_with(&output)
        || sources
            .iter()
            .any(|s| output.starts_with(s) || s.starts_with(&output));
    if unsafe_choice {
        return Err(Diagnostic::error(
            output_dir,
            "the output folder would contain the site's own files, and it is replaced on every build",
        )
        .hint("choose a separate folder, such as public/")
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_output_dirs_that_hold_sources() {
        let root = Path::new("/site");
        assert!(check_output_dir(root, Path::new("/site")).is_err());
        assert!(check_output_dir(root, Path::new("/")).is_err());
        assert!(check_output_dir(root, Path::new("/site/content")).is_err());
        assert!(check_output_dir(root, Path::new("/site/content/x")).is_err());
        assert!(check_output_dir(root, Path::new("/site/public")).is_ok());
        assert!(check_output_dir(root, Path::new("/tmp/out")).is_ok());
    }
}
