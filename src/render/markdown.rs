//! Markdown to HTML for every page and section: shortcodes first, then
//! pulldown-cmark with `@/` links resolved, errors placed in the source file.

use rayon::prelude::*;
use tera::{Context, Value};

use crate::config::{Config, InsertAnchor, MarkdownConfig};
use crate::content::{ItemRef, Library, SourceFile, Texts};
use crate::diagnostic::{self, Diagnostic, Diagnostics, Result, did_you_mean};
use crate::glossary::Glossary;
use crate::markdown::{self, Html, LinkMap, Problem, ProblemKind, Rendered, shortcodes};
use crate::templates::Templates;

/// Renders the Markdown of every page and section, resolving `@/` links
/// (through the renderer's map of [`Library::urls`], made once per build)
/// and shortcodes. Every file's errors are reported, not only the first's.
/// From how many pages a build holds each page's HTML packed until its page
/// is rendered ([`Html::pack`]). At 100,000 pages the HTML was the largest
/// thing a build held, and packing it took the peak from 1.13 to 0.88 GB
/// for about 5% more time; at 10,000 pages, where a build is quick and
/// small, the time counts for more (docs/BENCHMARKS.md).
const PACK_FROM: usize = 30_000;

/// Every page's and section's Markdown; with `forget` (a build), each file's
/// body is let go as soon as its Markdown is rendered
/// ([`crate::content::SourceFile::forget_body`]), and a big site's pages'
/// HTML is packed.
pub fn render_markdown(
    markdown: &MarkdownRenderer,
    library: &mut Library,
    forget: bool,
) -> Result<Texts> {
    let pack = forget && library.pages.len() >= PACK_FROM;
    let render = |file: &mut crate::content::SourceFile, url: &str, anchors| {
        let mut rendered = markdown.render(file, url, anchors);
        if forget {
            file.forget_body();
        }
        if let (true, Ok(rendered)) = (pack, &mut rendered) {
            rendered.html.pack();
        }
        rendered
    };
    let page_anchors: Vec<_> = library
        .pages
        .iter()
        .map(|page| library.anchors_of(ItemRef::Page(page)))
        .collect();
    let pages: Vec<Result<Rendered>> = library
        .pages
        .par_iter_mut()
        .zip(page_anchors)
        .map(|(page, anchors)| render(&mut page.file, &page.url, anchors))
        .collect();
    let sections: Vec<Result<Rendered>> = library
        .sections
        .par_iter_mut()
        .map(|section| {
            let anchors = section.meta.insert_anchor_links;
            render(&mut section.file, &section.url, anchors)
        })
        .collect();
    let mut pages = diagnostic::collect(pages.into_iter().chain(sections))?;
    let sections = pages.split_off(library.pages.len());
    Ok(Texts { pages, sections })
}

/// What rendering one file's Markdown needs from the site; made once and
/// shared, so `serve` can render a single edited file the way a build would.
pub struct MarkdownRenderer<'a> {
    config: &'a Config,
    glossary: &'a Glossary,
    templates: &'a Templates,
    links: &'a LinkMap,
    known: Vec<&'a str>,
    /// Every shortcode's name, HTML or Markdown.
    shortcode_names: Vec<&'a str>,
    /// The Markdown ones, whose output is Markdown to render with the page's.
    markdown_shortcodes: Vec<&'a str>,
}

impl<'a> MarkdownRenderer<'a> {
    pub fn new(
        config: &'a Config,
        glossary: &'a Glossary,
        templates: &'a Templates,
        links: &'a LinkMap,
    ) -> Self {
        MarkdownRenderer {
            config,
            glossary,
            templates,
            links,
            known: links.keys().map(String::as_str).collect(),
            shortcode_names: [templates.shortcodes(), templates.markdown_shortcodes()].concat(),
            markdown_shortcodes: templates.markdown_shortcodes(),
        }
    }

    /// The file's body as HTML; `url` is the page's own, for shortcodes;
    /// `anchors`, where its section puts links on headings, if it says.
    pub fn render(
        &self,
        file: &SourceFile,
        url: &str,
        anchors: Option<InsertAnchor>,
    ) -> Result<Rendered> {
        let mut calls = shortcodes::find(file.body()).map_err(|errors| {
            let diagnostics = errors
                .into_iter()
                .map(|e| {
                    Diagnostic::error(&file.shown, "this shortcode cannot be read")
                        .at(
                            &file.text,
                            file.body_start + e.span.start..file.body_start + e.span.end,
                        )
                        .hint(e.message)
                })
                .collect();
            Diagnostics::sorted(diagnostics)
        })?;
        // Made only for a page that calls a shortcode: most call none.
        let where_called = (!calls.is_empty()).then(|| self.shortcode_context(file, url));
        // `nth`: which call of its shortcode on the page this is, from 1.
        let mut counted: Vec<(&str, usize)> = Vec::new();
        let html: Vec<Result<String>> = calls
            .iter()
            .map(|call| {
                if !call.runs() {
                    return Ok(String::new());
                }
                let nth = match counted.iter_mut().find(|(name, _)| *name == call.name) {
                    Some((_, n)) => {
                        *n += 1;
                        *n
                    }
                    None => {
                        counted.push((&call.name, 1));
                        1
                    }
                };
                let names = &self.shortcode_names;
                let mut context = where_called.clone().unwrap_or_default();
                context.insert("nth", &nth);
                render_shortcode(file, context, call, self.templates, names)
            })
            .collect();
        let html = diagnostic::collect(html)?;
        // A Markdown shortcode's output stands in the Markdown as text.
        for (call, made) in calls.iter_mut().zip(&html) {
            if call.runs() && self.markdown_shortcodes.contains(&call.name.as_str()) {
                call.kind = shortcodes::Kind::Literal(made.clone());
            }
        }
        let replaced = shortcodes::replace(file.body(), &calls);
        let settings = MarkdownConfig {
            insert_anchor_links: anchors.unwrap_or(self.config.markdown.insert_anchor_links),
            ..self.config.markdown.clone()
        };
        let mut rendered = markdown::render(&replaced.body, &settings, self.links, self.glossary)
            .map_err(|problems| {
            let problems: Vec<Problem> = problems
                .into_iter()
                .map(|problem| Problem {
                    span: replaced.original_offset(problem.span.start, &calls)
                        ..replaced.original_offset(problem.span.end, &calls),
                    kind: problem.kind,
                })
                .collect();
            markdown_problems(file, &problems, &self.known)
        })?;
        if !calls.is_empty() {
            rendered.html = Html::new(replaced.restore(&rendered.html.text(), &html));
            rendered.summary = rendered.summary.map(|s| replaced.restore(&s, &html));
        }
        Ok(rendered)
    }
}

impl MarkdownRenderer<'_> {
    /// What every shortcode on a page gets, as in Zola: `current_path`,
    /// the page's `lang` (and its language's `config`), and `page` (or
    /// `section`) with where the page is: `relative_path`, `colocated_path`
    /// (the folder of a bundle or section, for the files beside it),
    /// `permalink` and `lang`. The page's other values are made after its
    /// Markdown, so a shortcode does not have them.
    fn shortcode_context(&self, file: &SourceFile, url: &str) -> Context {
        let mut context = Context::new();
        context.insert("current_path", url);
        let lang = self.config.language_code(file.lang.as_deref());
        if file.lang.is_some() {
            context.insert("lang", lang);
            let config = crate::ser::config_value(&self.config.for_language(lang));
            context.insert_value("config", config);
        }
        let folder = file.relative.rsplit_once('/').map_or("", |(dir, _)| dir);
        let stem = file.stem();
        let colocated = matches!(stem, "index" | "_index").then(|| {
            if folder.is_empty() {
                String::new()
            } else {
                format!("{folder}/")
            }
        });
        let item = crate::ser::map([
            ("relative_path", Value::from(file.relative.as_str())),
            ("colocated_path", Value::from(colocated)),
            ("permalink", Value::from(self.config.absolute_url(url))),
            ("lang", Value::from(lang)),
        ]);
        let key = if stem == "_index" { "section" } else { "page" };
        context.insert_value(key, item);
        context
    }
}

/// Renders a call's template in `context` (the page's, with `nth`, which
/// call of its shortcode on the page this is, from 1, as Zola numbers them).
fn render_shortcode(
    file: &SourceFile,
    mut context: Context,
    call: &shortcodes::Call,
    templates: &Templates,
    names: &[&str],
) -> Result<String> {
    let span = file.body_start + call.span.start..file.body_start + call.span.end;
    if !names.contains(&call.name.as_str()) {
        let hint = match did_you_mean(&call.name, names.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "the shortcodes are: {}; a new one is a template in templates/shortcodes/",
                names.join(", ")
            ),
        };
        return Err(Diagnostic::error(
            &file.shown,
            format!("there is no shortcode `{}`", call.name),
        )
        .at(&file.text, span)
        .hint(hint)
        .into());
    }
    if let shortcodes::Kind::Body(body) = &call.kind {
        context.insert("body", body);
    }
    for (key, value) in &call.args {
        context.insert(key.clone(), value);
    }
    templates
        .render_shortcode(&call.name, &context)
        .map_err(|message| {
            Diagnostic::error(
                &file.shown,
                format!("the shortcode `{}` failed: {message}", call.name),
            )
            .at(&file.text, span)
            .hint(format!(
                "check the arguments against templates/shortcodes/{}.html and the officers' guide",
                call.name
            ))
            .into()
        })
}

fn markdown_problems(file: &SourceFile, problems: &[Problem], known: &[&str]) -> Diagnostics {
    let diagnostics = problems
        .iter()
        .map(|problem| {
            let span = file.body_start + problem.span.start..file.body_start + problem.span.end;
            let (message, hint) = match &problem.kind {
                ProblemKind::BrokenLink(target) => (
                    format!("link to `@/{target}`, which does not exist"),
                    match did_you_mean(target, known.iter().copied()) {
                        Some(near) => format!("did you mean `@/{near}`?"),
                        None => "the path after `@/` starts from content/, e.g. `@/priorities/anti-social-behaviour.md`; \
                                 check the file exists and is not a draft"
                            .to_string(),
                    },
                ),
                ProblemKind::HeadingAttribute(written) => (
                    format!(
                        "`{written}` is not allowed after a heading: only an id (`#name`) and classes (`.name`) are"
                    ),
                    "remove it; to give the heading an address to link to, write `{#some-name}` at its end"
                        .to_string(),
                ),
            };
            Diagnostic::error(&file.shown, message)
                .at(&file.text, span)
                .hint(hint)
        })
        .collect();
    Diagnostics::sorted(diagnostics)
}
