//! Turns a loaded [`Library`] into the files of the site: Markdown first
//! ([`markdown`]), then every output planned as a job ([`jobs`]) and rendered
//! in parallel, reusing what the last render made where nothing changed
//! ([`memo`]). Nothing here touches the output folder.

pub mod csp;
mod jobs;
mod markdown;
mod memo;
mod patch;
mod reuse;
mod values;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::content::Library;
use crate::data::pages::GeneratedPage;
use crate::diagnostic::{self, Diagnostic, Diagnostics, Result};
use crate::glossary::Glossary;
use crate::taxonomy::Taxonomy;
use crate::templates::{Lookup, Templates};

use jobs::Job;
pub use jobs::{ThemeWants, offer_theme_pages};
pub use markdown::{MarkdownRenderer, render_markdown};
use memo::Made;
pub use memo::Memo;
pub use patch::patch;

pub use crate::output::{Contents, SiteFiles, output_candidates};

/// The files of the site, and what made them.
#[derive(Default)]
pub struct Rendered {
    pub files: SiteFiles,
    pub memo: Memo,
    /// The outputs a template rendered this time, rather than reused; sorted.
    pub rendered: Vec<String>,
    /// The outputs that only redirect to another page (`aliases`).
    pub redirects: BTreeSet<String>,
}

/// Where each output's text goes as soon as it is rendered.
#[derive(Clone, Copy)]
pub enum Destination<'a> {
    /// Kept in [`Rendered::files`]: `serve` answers from memory and reuses
    /// it on the next edit, and `check` reads it.
    Memory,
    /// Written at once by the function (output-relative path, text) and let
    /// go, leaving [`Contents::Written`] in its place: `build` then never
    /// holds a big site's pages in memory all together.
    Write(&'a (dyn Fn(&str, &str) -> Result<()> + Sync)),
}

impl Destination<'_> {
    /// Whether the render stays in memory, as one a later render compares
    /// with and takes from: its values keep what is compared, and its term
    /// lists their pagers.
    fn is_kept(self) -> bool {
        matches!(self, Destination::Memory)
    }
}

/// The last render of the same loaded site, for [`render_site`] to reuse.
pub struct Previous<'a> {
    pub memo: &'a Memo,
    pub files: &'a SiteFiles,
}

/// What a render needs from a loaded site.
pub struct Inputs<'a> {
    pub root: &'a Path,
    pub config: &'a Config,
    pub library: &'a Library,
    /// Every page's and section's rendered Markdown.
    pub texts: &'a crate::content::Texts,
    pub templates: &'a Templates,
    pub lookup: &'a Lookup,
    pub generated: &'a [GeneratedPage],
    pub glossary: &'a Glossary,
    pub taxonomies: &'a [Taxonomy],
    pub events: &'a [crate::events::Event],
    /// Who owns each address, claimed at load.
    pub addresses: &'a crate::addresses::Addresses,
}

/// Renders every output file of the site, each to `destination`. With the
/// `previous` render of the same loaded site, an output whose inputs have
/// not changed is copied from it instead of rendered.
pub fn render_site(
    inputs: &Inputs,
    previous: Option<Previous>,
    destination: Destination,
) -> Result<Rendered> {
    let Inputs {
        library,
        templates,
        lookup,
        ..
    } = *inputs;
    let keep_memo = destination.is_kept();
    let (mut reuse, values) = match &previous {
        Some(previous) => {
            let (reuse, values) = reuse::Reuse::values(previous, inputs);
            (Some(reuse), values)
        }
        None => (None, values::values(inputs, None, keep_memo).0),
    };
    lookup.set_content(Some(values.content.clone()));
    // What each page's value was made from, for the next render to reuse.
    let keys = keep_memo.then(|| match &mut reuse {
        Some(reuse) => reuse.take_keys(),
        None => memo::ValueKey::all(library),
    });
    let reuse = reuse.as_ref();
    let searched = templates.contains("search.html");
    let search = || {
        searched.then(|| match reuse {
            Some(reuse) => reuse.search(inputs),
            None => {
                let scope = crate::search::Scope::of(inputs.config, inputs.glossary, None);
                crate::search::SearchIndex::new(library, inputs.texts, inputs.generated, scope)
            }
        })
    };
    // The site's own language's index, which the memo keeps, and the
    // other languages' files.
    let search_files = |index: &crate::search::SearchIndex| {
        let mut files = index.files().to_vec();
        let others = crate::search::SearchIndex::other_languages;
        files.extend(others(inputs.config, library, inputs.texts));
        files
    };
    let (outputs, term_lists, search, mut memo) = match destination {
        // The search index needs only the pages; on two cores it is made
        // while the outputs are planned, whose stages are not all parallel.
        // The memo keeps it, and every output's context, for the next render.
        Destination::Memory => {
            let (search, outputs) =
                rayon::join(search, || outputs(inputs, reuse, &values, destination));
            let (outputs, term_lists) = outputs?;
            let search = search.map(|index| (search_files(&index), Some(index)));
            let mut memo = Memo::new(values, outputs.len());
            memo.set_value_keys(library, keys.unwrap_or_default());
            (outputs, term_lists, search, memo)
        }
        // A build is never rendered again: once the pages are written it
        // lets the page values go (on one core, while the other starts on
        // the search index) and keeps only the index's files, so the values
        // and the index are never in memory together at a big site's peak.
        Destination::Write(_) => {
            let (outputs, _) = outputs(inputs, reuse, &values, destination)?;
            lookup.set_content(None);
            // Freeing ten thousand values takes as long as weighing a
            // chunk of pages' words: do both at once. A theme without a
            // search page has nothing to do beside it, and nothing waits
            // for it: on one core, it was a bare theme's last 30 ms.
            let search = if searched {
                let ((), search) = rayon::join(move || drop(values), search);
                search
            } else {
                std::thread::spawn(move || drop(values));
                None
            };
            let search = search.map(|index| (search_files(&index), None));
            (outputs, Default::default(), search, Memo::default())
        }
    };
    memo.term_lists = term_lists;
    let (mut files, rendered, redirects) = assemble(inputs, outputs, search, &mut memo, keep_memo)?;
    add_resized(inputs, &mut files, previous.as_ref().map(|p| p.files));
    Ok(Rendered {
        files,
        memo,
        rendered,
        redirects,
    })
}

/// The copies `resize_image` made, with `files`; and, after an edit in
/// `serve`, those of the `last` render, whose outputs this render may have
/// kept without running their templates again. None takes the place of a
/// file already there.
fn add_resized(inputs: &Inputs, files: &mut SiteFiles, last: Option<&SiteFiles>) {
    let made = inputs.lookup.resized().into_iter();
    let made = made.map(|(path, cached)| (path, Contents::Copy(cached)));
    let folder = format!("{}/", crate::images::resize::FOLDER);
    let kept = last.into_iter().flatten().filter(|(path, contents)| {
        path.starts_with(&folder) && matches!(contents, Contents::Copy(_))
    });
    let kept = kept.map(|(path, contents)| (path.clone(), contents.clone()));
    for (path, contents) in made.chain(kept) {
        files.entry(path).or_insert(contents);
    }
}

/// The search index's files, and the index when the next render updates it.
type SearchFiles = (
    Vec<(String, Arc<String>)>,
    Option<crate::search::SearchIndex>,
);

/// The site's files from its outputs, then the static files and assets
/// none of them replaces, the calendar, the search index and `_headers`;
/// with the outputs rendered this time and those that are redirects. Each
/// output's record goes into `memo` when `keep_memo`.
fn assemble(
    inputs: &Inputs,
    mut outputs: Vec<Output>,
    search: Option<SearchFiles>,
    memo: &mut Memo,
    keep_memo: bool,
) -> Result<(SiteFiles, Vec<String>, BTreeSet<String>)> {
    let Inputs {
        root,
        config,
        library,
        ..
    } = *inputs;
    let mut rendered = Vec::new();
    let mut site_inline = csp::Inline::default();
    let mut redirects = BTreeSet::new();
    let mut texts = Vec::with_capacity(outputs.len());
    outputs.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    one_output_per_address(&outputs)?;
    let mut alias_origins = Vec::new();
    for output in outputs {
        if output.made.template() == jobs::REDIRECT_TEMPLATE {
            redirects.insert(output.path.clone());
            alias_origins.push((output.path.clone(), output.made.origin().to_path_buf()));
        }
        if output.fresh {
            rendered.push(output.path.clone());
        }
        site_inline.extend(&output.made.inline);
        if keep_memo {
            memo.record(output.path.clone(), output.made);
        }
        texts.push((output.path, output.contents));
    }
    // Made in one go from sorted entries, several times quicker than an
    // insert at a time. An output takes the place of a static file or an
    // asset of the same name, and an asset that of a static file; but an
    // alias's redirect never takes the place of a file.
    let mut files = SiteFiles::from_iter(texts);
    let mut copies = static_files(root, &inputs.lookup.theme)?;
    for asset in library.assets() {
        copies.insert(asset.output.clone(), Contents::Copy(asset.source.clone()));
    }
    if let Some((path, origin)) = alias_origins
        .iter()
        .find(|(path, _)| copies.contains_key(path))
    {
        return Err(Diagnostic::error(
            origin,
            format!("an alias in this page would replace the file {path}"),
        )
        .hint("remove the alias: its address is taken by a file in static/ or content/")
        .into());
    }
    for (path, copy) in copies {
        files.entry(path).or_insert(copy);
    }
    if !inputs.events.is_empty() {
        let calendar = crate::events::calendar(config, library, inputs.events);
        files.insert(
            crate::events::CALENDAR_FILE.to_string(),
            Contents::text(calendar),
        );
    }
    if let Some((search_files, index)) = search {
        if let Some(index) = index {
            memo.set_search(index);
        }
        for (path, json) in search_files {
            files.insert(path, Contents::Text(json));
        }
    }
    // The partnership's colours go in a file of their own: the
    // Content-Security-Policy allows no inline style.
    if let Some(css) = config.brand.stylesheet() {
        let path = crate::config::brand::STYLESHEET.to_string();
        files.insert(path, Contents::text(css));
    }
    // A site's own static/_headers is used as it is.
    if !files.contains_key(csp::HEADERS_FILE) {
        let https = config.base_url.starts_with("https://");
        let headers = csp::headers_file(&site_inline, https);
        files.insert(csp::HEADERS_FILE.to_string(), Contents::text(headers));
    }
    rendered.sort();
    Ok((files, rendered, redirects))
}

/// Refuses two outputs at one address, naming what made each: an alias
/// at `/search/` once silently replaced the search page (which of the two
/// won depended on the order threads finished), and one at a page made
/// from data was silently dropped. Every page now claims its address at
/// load ([`crate::addresses`]), so this is the last guard, for a planner
/// that strays from the registry. `outputs` is sorted by path.
fn one_output_per_address(outputs: &[Output]) -> Result<()> {
    let errors: Vec<Diagnostic> = outputs
        .windows(2)
        .filter(|pair| pair[0].path == pair[1].path)
        .map(|pair| {
            let (a, b) = (&pair[0].made, &pair[1].made);
            let alias = |made: &Made| made.template() == jobs::REDIRECT_TEMPLATE;
            // Blame the alias, the one an officer can change.
            let (blamed, other) = if alias(b) && !alias(a) {
                (b, a)
            } else {
                (a, b)
            };
            let what = |made: &Made| {
                if alias(made) {
                    format!("an alias in {}", made.origin().display())
                } else if made.origin() == Path::new("(site)") {
                    format!(
                        "the page Lamplight makes from the `{}` template",
                        made.template()
                    )
                } else {
                    format!("{}", made.origin().display())
                }
            };
            Diagnostic::error(
                blamed.origin(),
                format!(
                    "{} and {} would both be written to {}",
                    what(blamed),
                    what(other),
                    pair[0].path
                ),
            )
            .hint(if alias(blamed) {
                "remove the alias: its address is taken by another page"
            } else {
                "give one of them another address (`slug`, or a different file name)"
            })
        })
        .collect();
    Diagnostics::fail_if_any(errors)
}

/// Every output of the site's pages, sections, pages made from data, and
/// site-wide lists, each made or reused; and the term lists made on the way.
fn outputs(
    inputs: &Inputs,
    reuse: Option<&reuse::Reuse>,
    values: &values::Values,
    destination: Destination,
) -> Result<(Vec<Output>, jobs::TermLists)> {
    let Inputs {
        library,
        templates,
        generated,
        ..
    } = *inputs;
    let values::Values {
        pages: page_values,
        sections: section_values,
        section_metadata,
        ..
    } = values;
    let term_lists = match reuse {
        Some(reuse) => reuse.term_lists(inputs, page_values),
        // A build renders each pager once: it is made as it is rendered.
        None => jobs::TermLists::build(inputs, page_values, None, destination.is_kept()),
    };
    let planner = jobs::Planner::new(inputs, values, term_lists);
    let kept_pages = match reuse {
        Some(reuse) => reuse.pages(library, &planner),
        None => Vec::new(),
    };
    let make = |job: Job| -> Result<Output> {
        let job = match reuse {
            Some(reuse) => match reuse.output(job) {
                Ok(output) => return Ok(output),
                Err(job) => job,
            },
            None => job,
        };
        render_job(templates, destination, job)
    };
    let aliases = planner.aliases();
    // Pages, sections and pages made from data are rendered as they are
    // planned, so that a big site's jobs, each with its context, are never
    // all in memory together. The first page of each paginated term list
    // is kept to copy for its later pages.
    let pages = library
        .pages
        .par_iter()
        .enumerate()
        .zip(page_values)
        .filter(|((index, _), _)| kept_pages.get(*index).is_none_or(Option::is_none))
        .map(|((index, page), value)| planner.page(index, page, value));
    let sections = library
        .sections
        .par_iter()
        .zip(section_values)
        .zip(section_metadata)
        .map(|((section, value), metadata)| planner.section(section, value, metadata));
    let generated = generated.par_iter().map(|page| planner.generated(page));
    // Renders planned jobs, keeping each that starts a term list's pagers.
    let make_all = |jobs: Vec<Job>| -> Result<(Vec<Output>, Vec<Job>)> {
        let starts_pagers = |job: &&Job| planner.starts_term_pagers(&job.path);
        let firsts = jobs.iter().filter(starts_pagers).cloned().collect();
        Ok((diagnostic::collect(jobs.into_iter().map(make))?, firsts))
    };
    let site_wide = planner.site_wide().into_par_iter().map(|part| {
        let kept = reuse.and_then(|reuse| reuse.listing(&planner, part));
        let jobs = kept.unwrap_or_else(|| planner.plan_site_wide(part, page_values));
        make_all(jobs)
    });
    // The site-wide parts come first: the A–Z and the sitemap are each one
    // long job, which coming last would leave the other core idle.
    let own = pages.chain(sections).chain(generated);
    let made: Vec<Result<(Vec<Output>, Vec<Job>)>> = site_wide
        .chain(own.map(|planned| make_all(planned?)))
        .chain(rayon::iter::once(aliases).map(make_all))
        .collect();
    let (outputs, firsts): (Vec<Vec<Output>>, Vec<Vec<Job>>) =
        diagnostic::collect(made)?.into_iter().unzip();
    let mut outputs: Vec<Output> = outputs.into_iter().flatten().collect();
    let term_pagers: Vec<Result<Output>> = firsts
        .into_par_iter()
        .flatten()
        // Split within a term, not only between terms: the last big
        // term's pagers, on one core while the other waited, were the
        // render's last 20-30 ms.
        .flat_map(|first| planner.term_pager_jobs(&first))
        .map(make)
        .collect();
    outputs.extend(diagnostic::collect(term_pagers)?);
    let term_lists = planner.into_term_lists();
    outputs.extend(kept_pages.into_iter().flatten());
    Ok((outputs, term_lists))
}

/// Renders one job's template, puts the policy for its inline code into an
/// HTML page (or keeps XML well formed), and sends the text to
/// `destination`.
fn render_job(templates: &Templates, destination: Destination, job: Job) -> Result<Output> {
    let (mut html, used) = templates.render_tracked(&job.template, &job.context, &job.origin)?;
    let path = job.path.clone();
    let mut inline = csp::Inline::default();
    if job.path.ends_with(".html") {
        inline = csp::inline_code(&html);
        csp::add_meta(&mut html, &inline);
    } else if job.path.ends_with(".xml") {
        crate::publish::xml_characters_only(&mut html);
    }
    let (contents, made) = match destination {
        Destination::Memory => {
            // Thousands of pages are kept; keep no slack.
            html.shrink_to_fit();
            (Contents::Text(Arc::new(html)), Made::new(job, used, inline))
        }
        Destination::Write(write) => {
            write(&job.path, &html)?;
            (Contents::Written, Made::written(job, inline))
        }
    };
    Ok(Output {
        path,
        contents,
        made: Arc::new(made),
        fresh: true,
    })
}

/// One output, made or reused.
struct Output {
    path: String,
    contents: Contents,
    made: Arc<Made>,
    /// Rendered this time rather than reused.
    fresh: bool,
}

impl Output {
    fn reused(html: Arc<String>, made: &Arc<Made>, path: String) -> Output {
        Output {
            path,
            contents: Contents::Text(html),
            made: Arc::clone(made),
            fresh: false,
        }
    }
}

/// The theme's `static/` (the built-in default theme's, then the site's
/// `themes/<theme>/static/`), then the site's: a later file replaces an
/// earlier one of the same name.
fn static_files(root: &Path, theme: &crate::theme::Theme) -> Result<SiteFiles> {
    let mut files: SiteFiles = theme
        .built_in_files("static")
        .map(|(path, bytes)| (path.to_string(), Contents::BuiltIn(bytes)))
        .collect();
    let dirs: Vec<std::path::PathBuf> = theme
        .folder("static")
        .into_iter()
        .chain([root.join("static")])
        .collect();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let entries = WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in entries {
            let entry = entry
                .map_err(|e| Diagnostic::error(dir, format!("cannot read static files: {e}")))?;
            if entry.file_type().is_file()
                && !crate::publish::is_leftover(&entry.file_name().to_string_lossy())
            {
                let relative = entry
                    .path()
                    .strip_prefix(dir)
                    .expect("walkdir stays inside");
                let relative = relative.to_string_lossy().replace('\\', "/");
                files.insert(relative, Contents::Copy(entry.path().to_path_buf()));
            }
        }
    }
    Ok(files)
}
