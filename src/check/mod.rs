//! `lamplight check`: everything a build validates, without writing the output
//! folder, then what a build lets through but a reader would trip over: broken
//! internal links and anchors, accessibility mistakes in the Markdown, pages
//! with no description, and advice that is overdue for review; with
//! `--external`, links to other websites too.
//!
//! Errors fail the check (exit code 1); warnings are reported but do not.

pub mod external;
pub mod links;
pub mod lints;
pub mod setup;
mod tense;
mod time;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::content::{ItemRef, SourceFile};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity, count};
use crate::manifest;
use crate::markdown;
use crate::site::{BuildOptions, Site};

pub struct CheckOptions {
    /// Its `today` is the day freshness is judged on.
    pub build: BuildOptions,
    /// Also ask every other website the pages link to (needs the network).
    pub external: bool,
}

#[derive(Debug)]
pub struct Report {
    /// Sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub sections: usize,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    pub fn passed(&self) -> bool {
        self.count(Severity::Error) == 0
    }

    /// The `--format json` report. Its shape is documented in the officers'
    /// guide; `version` changes if a field is removed or changes meaning.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Json<'a> {
            version: u32,
            errors: usize,
            warnings: usize,
            findings: Vec<Finding<'a>>,
        }
        #[derive(Serialize)]
        struct Finding<'a> {
            severity: &'static str,
            code: &'static str,
            file: String,
            line: usize,
            column: usize,
            message: &'a str,
            hint: Option<&'a str>,
        }
        let findings = self
            .diagnostics
            .iter()
            .map(|d| Finding {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                code: d.code.unwrap_or("build"),
                file: d.file.to_string_lossy().replace('\\', "/"),
                line: d.line,
                column: d.column,
                message: &d.message,
                hint: d.hint.as_deref(),
            })
            .collect();
        let json = Json {
            version: 1,
            errors: self.count(Severity::Error),
            warnings: self.count(Severity::Warning),
            findings,
        };
        serde_json::to_string_pretty(&json).expect("plain data serialises")
    }
}

/// Where `markdown`'s shortcode tags are: a call's arguments
/// (`year="2017/18"`) are not the page's words, so the text checks pass
/// over what falls in them. A body shortcode's text between its tags is
/// prose, and is read.
fn shortcode_tags(markdown: &str) -> Vec<std::ops::Range<usize>> {
    let Ok(calls) = markdown::shortcodes::find(markdown) else {
        return Vec::new();
    };
    let mut tags = Vec::new();
    for call in calls {
        let span = call.span;
        let text = &markdown[span.clone()];
        if let markdown::shortcodes::Kind::Body(_) = call.kind {
            let open = text.find("%}").map_or(text.len(), |at| at + 2);
            let close = text.rfind("{%").unwrap_or(text.len()).max(open);
            tags.push(span.start..span.start + open);
            tags.push(span.start + close..span.end);
        } else {
            tags.push(span);
        }
    }
    tags
}

/// Whether `span` overlaps any of `tags`.
fn in_a_tag(tags: &[std::ops::Range<usize>], span: &std::ops::Range<usize>) -> bool {
    tags.iter()
        .any(|t| t.start < span.end && span.start < t.end)
}

/// The text checks' reading of one page's Markdown, for the fuzz target:
/// the newest date written in it and every sentence that reads as if its
/// subject runs, as byte ranges of `markdown` that a message points at.
#[doc(hidden)]
pub fn text_spans(markdown: &str) -> Vec<std::ops::Range<usize>> {
    let today = jiff::civil::date(2026, 12, 3);
    let newest = time::newest_date_written(markdown, today).map(|(_, span)| span);
    let running = tense::running_sentences(markdown, |_| Some(()));
    newest
        .into_iter()
        .chain(running.into_iter().map(|(span, _, _)| span))
        .collect()
}

pub fn check(options: &CheckOptions) -> Report {
    let failed = |diagnostics: Diagnostics| Report {
        diagnostics: diagnostics.0,
        pages: 0,
        sections: 0,
    };
    let site = match Site::load(&options.build) {
        Ok(site) => site,
        Err(diagnostics) => return failed(diagnostics),
    };
    let rendered = match site.render(&options.build.progress) {
        Ok(rendered) => rendered,
        Err(diagnostics) => return failed(diagnostics),
    };
    let files = &rendered.files;
    let targets = links::Targets::new(files);
    let link_site = links::LinkContext {
        base_path: site.config.base_path(),
        base_url: &site.config.base_url,
        links: &site.lookup.urls,
        targets: &targets,
    };
    let markdown_options = markdown::options(&site.config.markdown);
    let mut found: Vec<Diagnostic> = site
        .library
        .warnings
        .iter()
        .cloned()
        .map(|d| d.code("not-published"))
        .collect();
    let mut external: ExternalLinks = BTreeMap::new();
    let library = &site.library;
    let linter = Linter {
        site: &site,
        links: &link_site,
        markdown: markdown_options,
    };
    for item in library.items() {
        linter.file(item, &mut found, &mut external);
    }
    data_links(&site, &link_site, &mut found, &mut external);
    found.extend(links::config_paths(
        &options.build.root,
        &site.config,
        &link_site,
    ));
    if options.external {
        found.extend(external_links(&external));
    }
    match published_urls(&site, &rendered) {
        Ok(diagnostics) => found.extend(diagnostics),
        Err(diagnostics) => found.extend(diagnostics.0),
    }
    found.extend(zola_settings(&options.build.root));
    found.extend(setup::warnings(&options.build.root, &site.config));
    found.extend(untranslated_words(&site));
    let months = site.config.check.stale_after_months;
    let pages = library.pages.iter().map(|p| time::Dated::page(p, library));
    let sections = library
        .sections
        .iter()
        .map(|s| time::Dated::section(s, library));
    for item in pages.chain(sections) {
        found.extend(time::freshness(item, site.today, months));
    }
    found.extend(time::plan_ended(&site));
    found.extend(tense::planned_schemes(&site));
    Report {
        diagnostics: Diagnostics::sorted(found).0,
        pages: site.page_count(),
        sections: library.sections.len(),
    }
}

/// A warning at each of Zola's settings that config.toml sets and
/// Lamplight has no use for, saying what to do instead: a site moved from
/// Zola builds, and its officers learn which settings do nothing.
fn zola_settings(root: &Path) -> Vec<Diagnostic> {
    let file = Path::new(crate::config::file_name(root));
    let source = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    let set = crate::config::zola_only_set(&source);
    set.into_iter()
        .map(|(table, key, instead)| {
            let at = crate::toml_error::key_position(&source, 0, table, key);
            let shown = if table.is_empty() {
                key.to_string()
            } else {
                format!("{table}.{key}")
            };
            Diagnostic::warning(
                file,
                format!("`{shown}` is a Zola setting Lamplight does not use"),
            )
            .at(&source, at..at + key.len())
            .hint(format!("{instead}; remove the line when you are ready"))
            .code("zola-setting")
        })
        .collect()
}

/// A warning for each language whose theme words are not all translated:
/// those are shown in the site's own language, in the middle of a page
/// in another.
fn untranslated_words(site: &Site) -> Vec<Diagnostic> {
    let untranslated = &site.lookup.strings.untranslated;
    untranslated
        .iter()
        .map(|(lang, keys)| {
            let listed: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
            Diagnostic::warning(
                format!("i18n/{lang}.toml"),
                format!(
                    "{} of the theme's words {} no translation in `{lang}`: {}",
                    keys.len(),
                    if keys.len() == 1 { "has" } else { "have" },
                    listed.join(", ")
                ),
            )
            .hint(format!(
                "pages in `{lang}` show them in {}; add each to i18n/{lang}.toml, or to [languages.{lang}.translations] in config.toml",
                site.config.language
            ))
            .code("untranslated")
        })
        .collect()
}

/// Other websites linked to, each with every place that links to it, so
/// each is asked once.
type ExternalLinks<'a> = BTreeMap<String, Vec<(Place<'a>, std::ops::Range<usize>)>>;

/// A file that links, as messages show it, and its text.
#[derive(Clone, Copy)]
struct Place<'a> {
    shown: &'a Path,
    text: &'a str,
}

impl<'a> From<&'a SourceFile> for Place<'a> {
    fn from(file: &'a SourceFile) -> Place<'a> {
        Place {
            shown: &file.shown,
            text: &file.text,
        }
    }
}

impl<'a> From<&'a crate::toml_file::DataFile> for Place<'a> {
    fn from(file: &'a crate::toml_file::DataFile) -> Place<'a> {
        Place {
            shown: &file.shown,
            text: &file.text,
        }
    }
}

/// What checks one content file's Markdown: its lints, raw HTML, links,
/// abbreviations and description.
struct Linter<'a> {
    site: &'a Site,
    links: &'a links::LinkContext<'a>,
    markdown: pulldown_cmark::Options,
}

impl<'a> Linter<'a> {
    /// Adds what is wrong with `file` (the page or section at `url`) to
    /// `found`, and its links to other websites to `external`.
    fn file(
        &self,
        item: ItemRef<'a>,
        found: &mut Vec<Diagnostic>,
        external: &mut ExternalLinks<'a>,
    ) {
        let (file, url) = (item.file(), item.url());
        let site = self.site;
        let scan = lints::scan(file.body(), self.markdown);
        let body_span =
            |span: std::ops::Range<usize>| file.body_start + span.start..file.body_start + span.end;
        for finding in scan.findings {
            found.push(
                Diagnostic::error(&file.shown, finding.message)
                    .at(&file.text, body_span(finding.span))
                    .hint(finding.hint)
                    .code(finding.code)
                    .severity(finding.severity),
            );
        }
        if !site.config.markdown.unsafe_html {
            for span in scan.raw_html {
                found.push(
                    Diagnostic::error(&file.shown, "this HTML is shown on the page as text")
                        .at(&file.text, body_span(span))
                        .hint("write it in Markdown; or, if the site needs HTML, set `unsafe_html = true` under [markdown] in config.toml (scripts and styles are still taken out)")
                        .code("raw-html")
                        .severity(Severity::Warning),
                );
            }
        }
        // HTML written in the Markdown links only where the site lets it through.
        let mut links_here = scan.links;
        if site.config.markdown.unsafe_html {
            links_here.extend(scan.raw_links);
        }
        let skipped = |address: &str| {
            site.config
                .check
                .skip_external
                .iter()
                .any(|prefix| address.starts_with(prefix.as_str()))
        };
        for link in links_here {
            let Some(target) = links::resolve(&link.dest, url, self.links) else {
                if let Some(address) = external::web_address(&link.dest).filter(|a| !skipped(a)) {
                    let at = (Place::from(file), body_span(link.span));
                    external.entry(address.to_string()).or_default().push(at);
                }
                continue;
            };
            if let Err(mut broken) = links::check(&target, self.links) {
                if link.image {
                    broken.message =
                        format!("the image `{}` is not a file on this site", link.dest);
                    broken.hint = "put the image in the page's own folder (beside an index.md)                                    or under static/, and check its name's spelling and ending"
                        .to_string();
                }
                found.push(
                    Diagnostic::error(&file.shown, broken.message)
                        .at(&file.text, body_span(link.span))
                        .hint(broken.hint)
                        .code("link"),
                );
            }
        }
        for (word, span) in scan.abbreviations {
            if site.glossary.meaning(&word).is_none() {
                found.push(
                    Diagnostic::warning(&file.shown, format!("`{word}` is not in the glossary"))
                        .at(&file.text, body_span(span))
                        .hint(format!(
                            "add it to content/glossary.toml, so readers can find out what it means: a line `[[term]]`, then `abbreviation = \"{word}\"` and `meaning = \"…\"` on lines of their own"
                        ))
                        .code("abbreviation"),
                );
            }
        }
        if item.untitled() {
            found.push(
                Diagnostic::warning(&file.shown, format!("this page has no title, so it is called \"{}\"", item.title()))
                    .at(&file.text, file.front_matter_start..file.front_matter_start)
                    .hint("add `title = \"…\"` to the front matter: the words readers see at the top of the page, in lists, in search results and in the browser's tab")
                    .code("title"),
            );
        }
        if !item.described() {
            found.push(
                Diagnostic::warning(&file.shown, "this page has no description")
                    .at(&file.text, time::key_span(file, "title"))
                    .hint("add `description = \"…\"`: one sentence on what the page is for. Search engines, link previews and the site's own lists show it")
                    .code("description"),
            );
        }
    }
}

/// Published addresses that would stop working (errors), and whether the
/// published list is missing or behind the site (one warning).
fn published_urls(
    site: &Site,
    rendered: &crate::render::Rendered,
) -> crate::diagnostic::Result<Vec<Diagnostic>> {
    let base_path = site.config.base_path();
    let now = manifest::public_urls(base_path, &rendered.files, &rendered.redirects);
    let accept = "run `lamplight build --accept-url-changes` and commit content/.published-urls";
    let Some(published) = manifest::read(&site.root)? else {
        return Ok(vec![
            Diagnostic::warning(
                manifest::PUBLISHED,
                "there is no record of the addresses this site has published",
            )
            .hint(format!(
                "{accept}, so check can warn before one of them breaks"
            ))
            .code("url-manifest"),
        ]);
    };
    let text = &published.text;
    let mut found: Vec<Diagnostic> = manifest::gone(&published.entries, base_path, &rendered.files)
        .into_iter()
        .map(|gone| {
            Diagnostic::error(
                manifest::PUBLISHED,
                format!("{} was published, but no page is there any more", gone.url),
            )
            .at(text, gone.span.clone())
            .hint(format!(
                "links to it from elsewhere would break: add \"{}\" to `aliases` in the front matter of the page that replaced it; if it should really go, {accept}",
                gone.url
            ))
            .code("url-removed")
        })
        .collect();
    let recorded: std::collections::HashSet<&str> =
        published.entries.iter().map(|p| p.url.as_str()).collect();
    let new = now
        .iter()
        .filter(|url| !recorded.contains(url.as_str()))
        .count();
    if new > 0 {
        found.push(
            Diagnostic::warning(
                manifest::PUBLISHED,
                if new == 1 {
                    "1 address is not in the record of published addresses yet".to_string()
                } else {
                    format!("{new} addresses are not in the record of published addresses yet")
                },
            )
            .hint(format!("{accept}, so they are protected too"))
            .code("url-manifest"),
        );
    }
    Ok(found)
}

/// Asks every linked address once, and reports each broken one at every
/// link to it.
fn external_links(external: &ExternalLinks) -> Vec<Diagnostic> {
    let addresses: Vec<String> = external.keys().cloned().collect();
    let answers = external::ask_all(&addresses);
    let mut found = Vec::new();
    for ((address, places), answer) in external.iter().zip(answers) {
        let (diagnostic, hint): (fn(&Path, String) -> Diagnostic, _) = match &answer {
            external::Answer::Found => continue,
            external::Answer::Gone(status) => (
                |file, message| Diagnostic::error(file, message),
                format!(
                    "it answered {status}: find the page's new address on that site, or remove the link"
                ),
            ),
            external::Answer::Doubtful(why) => (
                |file, message| Diagnostic::warning(file, message),
                format!(
                    "{why}; open it in a browser to see, as some sites turn automated checks away or are down for a while"
                ),
            ),
        };
        for (file, span) in places {
            let message = format!("the link to `{address}` does not reach a page");
            found.push(
                diagnostic(file.shown, message)
                    .at(file.text, span.clone())
                    .hint(hint.clone())
                    .code("external-link"),
            );
        }
    }
    found
}

/// The addresses in the data (partners' `website`, schemes' `web`): one
/// on this site must reach a page or file, as a Markdown link must; one on
/// another site is asked with the rest when `--external` is given.
fn data_links<'a>(
    site: &'a Site,
    links: &links::LinkContext,
    found: &mut Vec<Diagnostic>,
    external: &mut ExternalLinks<'a>,
) {
    let data = &site.data;
    let partners = data.partners.iter().filter_map(|p| p.website.as_ref());
    let schemes = data.schemes.iter().filter_map(|s| s.web.as_ref());
    let addresses = partners
        .map(|a| (&data.partners_file, a))
        .chain(schemes.map(|a| (&data.schemes_file, a)));
    for (file, address) in addresses {
        let place = Place::from(file);
        // Inside the quotes.
        let span = address.span().start + 1..address.span().end - 1;
        let dest = address.get_ref();
        let Some(target) = links::resolve(dest, site.config.base_path(), links) else {
            if let Some(web) = external::web_address(dest) {
                external
                    .entry(web.to_string())
                    .or_default()
                    .push((place, span));
            }
            continue;
        };
        if let Err(broken) = links::check(&target, links) {
            found.push(
                Diagnostic::error(&file.shown, broken.message)
                    .at(&file.text, span)
                    .hint(broken.hint)
                    .code("link"),
            );
        }
    }
}

/// `check`'s text report: every finding as the build shows errors, then a summary line.
pub fn render_text(report: &Report, colour: bool) -> String {
    let mut out = Diagnostics(report.diagnostics.clone()).render(colour);
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    if report.pages == 0 && errors > 0 {
        out.push_str(&format!(
            "The site could not be built, so its pages were not checked: {} to fix first.\n",
            count(errors, "error")
        ));
        return out;
    }
    out.push_str(&format!(
        "Checked {} and {}: {}, {}.\n",
        count(report.pages, "page"),
        count(report.sections, "section"),
        count(errors, "error"),
        count(warnings, "warning"),
    ));
    out
}
