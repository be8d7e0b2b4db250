//! The build pipeline, start to finish: load → render → write.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::addresses::Addresses;
use crate::config::Config;
use crate::content::{self, Library, Texts};
use crate::data::{self, Data, pages::GeneratedPage, urls::Urls, values::DataValues};
use crate::diagnostic::{Diagnostics, Result, kept};
use crate::events::{self, Event};
use crate::glossary::Glossary;
use crate::manifest;
use crate::markdown::LinkMap;
use crate::output;
use crate::progress::{Progress, Stage};
use crate::render::{
    self, Contents, Destination, Inputs, MarkdownRenderer, Previous, Rendered, SiteFiles,
};
use crate::strings::Strings;
use crate::taxonomy::{self, Taxonomy};
use crate::templates::{Lookup, Templates};

mod checks;
mod edit;
use checks::{check_config_links, check_logo, check_quick_exit_advice, without_config};
pub use edit::Edit;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder: holds `config.toml`, `content/`, `themes/`.
    pub root: PathBuf,
    /// Defaults to `public/` in the site folder.
    pub output_dir: Option<PathBuf>,
    pub drafts: bool,
    pub base_url: Option<String>,
    /// Record this build's addresses as the published ones
    /// (`content/.published-urls`).
    pub accept_url_changes: bool,
    /// Told each stage as it starts, for a progress line and `--verbose`.
    pub progress: Progress,
    /// The day plans are running or ended on, and `check` judges freshness
    /// on: [`crate::date::build_day`] unless a test sets another.
    pub today: Option<jiff::civil::Date>,
}

#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    /// The size of the search index's files, when the theme has search.
    pub search_index_bytes: Option<usize>,
    /// How many addresses `--accept-url-changes` recorded as published.
    pub accepted_urls: Option<usize>,
    pub output_dir: PathBuf,
    pub elapsed: Duration,
    /// Things passed over that may have been meant for the site.
    pub warnings: Vec<crate::diagnostic::Diagnostic>,
}

/// A site loaded and checked, ready to render: every stage before templates
/// produce output. `check` stops here; `build` and `serve` go on to render.
pub struct Site {
    pub root: PathBuf,
    /// Whether drafts were loaded, so an edit that drafts a page can tell.
    drafts: bool,
    pub config: Config,
    pub library: Library,
    /// Every page's and section's rendered Markdown, beside the library.
    pub texts: Texts,
    pub glossary: Glossary,
    pub data: Data,
    pub generated: Vec<GeneratedPage>,
    pub taxonomies: Vec<Taxonomy>,
    pub events: Vec<Event>,
    pub templates: Templates,
    pub lookup: Arc<Lookup>,
    /// Who owns each address: [`crate::addresses`].
    pub addresses: Addresses,
    /// The build's day: [`BuildOptions::today`].
    pub today: jiff::civil::Date,
}

/// Whether a load keeps each page's Markdown body once it is rendered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bodies {
    /// For `check`, which reads them again, and `serve`, which renders
    /// them again.
    Keep,
    /// For a build, which never reads them again: each goes as soon as
    /// its Markdown is rendered, rather than all of them after, so a big
    /// site's sources and HTML are never all in memory together.
    Forget,
}

impl Site {
    pub fn load(options: &BuildOptions) -> Result<Site> {
        Site::load_with(options, Bodies::Keep)
    }

    fn load_with(options: &BuildOptions, bodies: Bodies) -> Result<Site> {
        let (root, progress) = (&options.root, &options.progress);
        let today = options
            .today
            .unwrap_or_else(crate::date::build_day_or_clock);
        progress.stage(Stage::ReadingConfig);
        let mut config = Config::load(root).map_err(|failed| without_config(root, failed))?;
        if let Some(base_url) = &options.base_url {
            config.set_base_url(base_url);
        }
        crate::publish::check_source_folders(root, &config.theme)?;
        let theme = crate::theme::Theme::locate(root, &config.theme)?;
        // From here every stage runs that does not need a failed one, so
        // that one run lists the mistakes of every file (content, the
        // glossary, data, templates, Markdown) rather than a stage's at a
        // time; a stage is left out only when it needs what failed.
        let mut errors = Vec::new();
        progress.stage(Stage::ReadingContent);
        let library = kept(&mut errors, content::load(root, &config, options.drafts)).map(
            |(library, failed)| {
                errors.extend(failed);
                library
            },
        );
        let glossary = kept(&mut errors, Glossary::load(root));
        let events = library
            .as_ref()
            .and_then(|l| kept(&mut errors, events::events(l)));
        kept(&mut errors, check_logo(root, &config));
        if let Some(library) = &library {
            kept(&mut errors, check_quick_exit_advice(root, &config, library));
            kept(&mut errors, check_config_links(root, &config, library));
        }
        progress.stage(Stage::ReadingData);
        let data = kept(&mut errors, data::load(root, &config));
        let Some(mut library) = library else {
            return Err(Diagnostics::sorted(errors));
        };
        let derived = match &data {
            Some(data) => kept(
                &mut errors,
                derive(&config, data, &mut library, today, true),
            ),
            None => None,
        };
        let (values, derived) = Derived::split(derived);
        // Templates and Markdown need only the content and the theme; the
        // data's values, which shortcodes may look up, only when the data
        // and what is derived from it are whole.
        let strings = kept(&mut errors, Strings::load(root, &config, &theme)).unwrap_or_default();
        let lookup = Arc::new(Lookup {
            root: root.to_path_buf(),
            config: config.clone(),
            theme,
            urls: library.urls(),
            content: RwLock::new(None),
            data: values,
            strings,
            images: Default::default(),
            cached: Default::default(),
        });
        progress.stage(Stage::LoadingTemplates);
        let templates = kept(&mut errors, Templates::load(root, Arc::clone(&lookup)));
        progress.stage(Stage::RenderingMarkdown);
        let texts = templates.as_ref().and_then(|templates| {
            let whole = derived.is_some();
            let parts = (&config, glossary.as_ref(), templates, &lookup.urls);
            kept(
                &mut errors,
                render_markdown(parts, &mut library, whole, bodies),
            )
        });
        progress.end_stage();
        let (Some(glossary), Some(data), Some(events), Some(derived), Some(templates), Some(texts)) =
            (glossary, data, events, derived, templates, texts)
        else {
            return Err(Diagnostics::sorted(errors));
        };
        Diagnostics::fail_if_any(errors)?;
        let (generated, taxonomies, addresses) = derived;
        let taxonomies = taxonomies.unwrap_or_default();
        let mut site = Site {
            root: root.clone(),
            drafts: options.drafts,
            config,
            library,
            texts,
            glossary,
            data,
            generated,
            taxonomies,
            events,
            templates,
            lookup,
            addresses,
            today,
        };
        site.claim_last_addresses()?;
        Ok(site)
    }

    /// Every output file, in memory.
    pub fn render(&self, progress: &Progress) -> Result<Rendered> {
        self.render_reusing(None, progress)
    }

    /// Every output file, each rendered page written by `write` at once
    /// rather than kept: see [`Destination::Write`].
    pub fn render_writing(
        &self,
        write: &(dyn Fn(&str, &str) -> Result<()> + Sync),
        progress: &Progress,
    ) -> Result<Rendered> {
        self.render_to(None, Destination::Write(write), progress)
    }

    /// Every output file, reusing what `previous` (a render of this same
    /// loaded site) made wherever the inputs are unchanged.
    pub fn render_reusing(
        &self,
        previous: Option<Previous>,
        progress: &Progress,
    ) -> Result<Rendered> {
        self.render_to(previous, Destination::Memory, progress)
    }

    fn render_to(
        &self,
        previous: Option<Previous>,
        destination: Destination,
        progress: &Progress,
    ) -> Result<Rendered> {
        progress.stage(Stage::RenderingPages);
        let mut rendered = render::render_site(&self.inputs(), previous, destination)
            .map_err(|failed| checks::blame_config(&self.root, failed))?;
        for (path, text) in data::open_data::files(&self.data) {
            rendered.files.insert(path, Contents::text(text));
        }
        progress.end_stage();
        Ok(rendered)
    }

    /// For `serve`, after edits to the text of `pages` alone (each applied
    /// as [`Edit::PageText`]): patches `memo` and `files`, the last render
    /// of this site, re-rendering only what shows those pages. Returns the
    /// outputs rendered again, or `None`, with nothing changed, when the
    /// edits need [`Site::render_reusing`]. After an error, render afresh.
    pub fn render_patch(
        &self,
        pages: &[usize],
        memo: &mut render::Memo,
        files: &mut SiteFiles,
    ) -> Result<Option<Vec<String>>> {
        render::patch(&self.inputs(), pages, memo, files)
    }

    fn inputs(&self) -> Inputs<'_> {
        Inputs {
            root: &self.root,
            config: &self.config,
            library: &self.library,
            texts: &self.texts,
            templates: &self.templates,
            lookup: &self.lookup,
            generated: &self.generated,
            glossary: &self.glossary,
            taxonomies: &self.taxonomies,
            events: &self.events,
            addresses: &self.addresses,
        }
    }

    /// The claims on addresses that follow the templates: the theme's own
    /// pages, which give way to the site's, then aliases, which never do.
    /// Content and data claimed theirs in [`derive`].
    fn claim_last_addresses(&mut self) -> Result<()> {
        let wants = render::ThemeWants {
            root: &self.root,
            base_path: self.config.base_path(),
            library: &self.library,
            taxonomies: &self.taxonomies,
            has_glossary: !self.glossary.is_empty(),
            has_events: !self.events.is_empty(),
            languages: self.config.languages.keys().map(String::as_str).collect(),
        };
        let addresses = &mut self.addresses;
        let mut errors = render::offer_theme_pages(&wants, &self.templates, addresses);
        errors.extend(content::claim_aliases(&self.library, addresses));
        Diagnostics::fail_if_any(errors)
    }

    /// Pages made from content and from data.
    pub fn page_count(&self) -> usize {
        self.library.pages.len() + self.generated.len()
    }
}

/// Every page's and section's Markdown. Without the data's values
/// (`whole` false: the data or what is derived from it failed) or the
/// glossary, a file that calls shortcodes, which may look data up, waits
/// for the next run, so that its errors are its own rather than the
/// data's; the others' mistakes are still found, as abbreviations only
/// mark up the text.
fn render_markdown(
    (config, glossary, templates, urls): (&Config, Option<&Glossary>, &Templates, &LinkMap),
    library: &mut Library,
    whole: bool,
    bodies: Bodies,
) -> Result<Texts> {
    let no_glossary = Glossary::default();
    let markdown = MarkdownRenderer::new(config, glossary.unwrap_or(&no_glossary), templates, urls);
    let markdown = &markdown;
    if whole && glossary.is_some() {
        return render::render_markdown(markdown, library, bodies == Bodies::Forget);
    }
    let calls_shortcodes = |text: &str| text.contains("{{") || text.contains("{%");
    let errors = library
        .items()
        .filter(|item| !calls_shortcodes(item.file().body()))
        .filter_map(|item| {
            let anchors = library.anchors_of(item);
            markdown.render(item.file(), item.url(), anchors).err()
        })
        .flat_map(|failed| failed.0)
        .collect();
    Err(Diagnostics::sorted(errors))
}

/// What follows from the content and the data together, made by a load
/// and again after an edit: the claims pages make on records (and the
/// sensitivity a sensitive scheme gives its page), the data's values for
/// templates, the pages made from data, and, when asked, the taxonomies.
struct Derived {
    values: data::values::DataValues,
    generated: Vec<GeneratedPage>,
    taxonomies: Option<Vec<Taxonomy>>,
    /// Content's and data's claims; [`Site::claim_last_addresses`] adds the rest.
    addresses: Addresses,
}

impl Derived {
    /// The data's values, which templates need even when the data failed
    /// (then empty), apart from the rest, which only a whole site has.
    #[allow(clippy::type_complexity)]
    fn split(
        derived: Option<Derived>,
    ) -> (
        DataValues,
        Option<(Vec<GeneratedPage>, Option<Vec<Taxonomy>>, Addresses)>,
    ) {
        match derived {
            Some(Derived {
                values,
                generated,
                taxonomies,
                addresses,
            }) => (values, Some((generated, taxonomies, addresses))),
            None => (DataValues::default(), None),
        }
    }
}

fn derive(
    config: &Config,
    data: &Data,
    library: &mut Library,
    today: jiff::civil::Date,
    classify: bool,
) -> Result<Derived> {
    // Room for every page and section, and as many again in four for
    // pages made from data and the theme's pages.
    let items = library.pages.len() + library.sections.len();
    let mut addresses = Addresses::new(config.base_path(), items + items / 4 + 64);
    Diagnostics::fail_if_any(content::claim_addresses(library, &mut addresses))?;
    let claims = data::claims(data, library)?;
    data::mark_sensitive(data, &claims, library);
    let urls = Urls::new(config.base_path(), data, &claims, library);
    let values = data::values::values(data, &urls, &claims, today);
    let generated = data::pages::generated(data, &urls, &claims, &values, library, &mut addresses)?;
    let taxonomies = classify
        .then(|| taxonomy::classify(config, library, data, &urls))
        .transpose()?;
    Ok(Derived {
        values,
        generated,
        taxonomies,
        addresses,
    })
}

pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let output_dir = options
        .output_dir
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    // Claimed before anything is read: a place that is unsafe to replace
    // is refused at once, and another build into it is waited for.
    let output = output::Output::claim(&options.root, &output_dir, &options.progress)?;
    let mut site = Site::load_with(options, Bodies::Forget)?;
    // Pages are written into the staging folder as they are rendered; a
    // failure before the swap drops it, leaving the last good output.
    let staging = output.staging()?;
    let Rendered {
        mut files,
        redirects,
        memo,
        ..
    } = site.render_writing(&|path, text| staging.write(path, text), &options.progress)?;
    let urls = manifest::public_urls(site.config.base_path(), &files, &redirects);
    files.insert(
        manifest::BUILT.to_string(),
        Contents::text(manifest::text(&urls)),
    );
    let search_index_bytes = files.contains_key(crate::search::META).then(|| {
        let folder = format!("{}/", crate::search::FOLDER);
        files
            .range(folder.clone()..)
            .take_while(|(path, _)| path.starts_with(&folder))
            .map(|(_, contents)| match contents {
                Contents::Text(json) => json.len(),
                _ => 0,
            })
            .sum()
    });
    options.progress.stage(Stage::WritingFiles);
    staging.write_files(&files)?;
    staging.swap_in()?;
    options.progress.end_stage();
    let accepted_urls = if options.accept_url_changes {
        manifest::accept(&options.root, &urls)?;
        Some(urls.len())
    } else {
        None
    };
    let summary = BuildSummary {
        pages: site.page_count(),
        sections: site.library.sections.len(),
        files: files.len(),
        search_index_bytes,
        accepted_urls,
        output_dir,
        elapsed: started.elapsed(),
        warnings: std::mem::take(&mut site.library.warnings),
    };
    // Freeing a large site takes time the officer would otherwise wait
    // for at the end; a process that exits need not wait.
    std::thread::spawn(move || drop((site, files, memo)));
    Ok(summary)
}

/// Records the site's addresses as published without writing the output:
/// what a new site starts with, so `check` can guard them from the start.
pub fn record_published_urls(options: &BuildOptions) -> Result<usize> {
    let site = Site::load(options)?;
    let rendered = site.render(&options.progress)?;
    let urls = manifest::public_urls(
        site.config.base_path(),
        &rendered.files,
        &rendered.redirects,
    );
    manifest::accept(&options.root, &urls)?;
    Ok(urls.len())
}
