//! Turns a loaded [`Library`] into the files of the site: Markdown first, then
//! every template, in parallel. Nothing here touches the output folder.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tera::{Context, Value};
use walkdir::WalkDir;

use crate::config::Config;
use crate::content::{Library, Page, Section, SourceFile};
use crate::data::pages::GeneratedPage;
use crate::data::view::DataValues;
use crate::diagnostic::{self, Diagnostic, Diagnostics, Result, did_you_mean};
use crate::markdown::{self, BrokenLink, LinkMap, shortcodes};
use crate::ser;
use crate::templates::{Lookup, Templates};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Text(String),
    Copy(PathBuf),
}

/// Output-relative path (`priorities/asb/index.html`) to what goes there.
pub type SiteFiles = BTreeMap<String, Contents>;

/// The output files that can answer a site-relative path, best first: `about/`
/// (and the home page, ``) is `about/index.html`; `about` is the file `about`
/// or, as web servers redirect, `about/index.html`. Shared by `check`'s link
/// resolution and `serve`, so both agree on what a link reaches.
pub fn output_candidates(relative: &str) -> Vec<String> {
    if relative.is_empty() || relative.ends_with('/') {
        vec![format!("{relative}index.html")]
    } else {
        vec![relative.to_string(), format!("{relative}/index.html")]
    }
}

/// Renders the Markdown of every page and section, resolving `@/` links and
/// shortcodes. `links` is [`Library::urls`], made once per build.
pub fn render_markdown(
    config: &Config,
    library: &mut Library,
    templates: &Templates,
    links: &LinkMap,
) -> Result<()> {
    let known: Vec<&str> = links.keys().map(String::as_str).collect();
    let shortcode_names = templates.shortcodes();
    let render = |file: &SourceFile, url: &str| {
        let calls = shortcodes::find(file.body()).map_err(|errors| {
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
        let html: Vec<Result<String>> = calls
            .iter()
            .map(|call| render_shortcode(file, url, call, templates, &shortcode_names))
            .collect();
        let html = diagnostic::collect(html)?;
        let body = shortcodes::replace(file.body(), &calls);
        let mut rendered = markdown::render(&body, &config.markdown, links).map_err(|broken| {
            let broken: Vec<BrokenLink> = broken
                .into_iter()
                .map(|link| BrokenLink {
                    span: shortcodes::original_offset(link.span.start, &calls)
                        ..shortcodes::original_offset(link.span.end, &calls),
                    target: link.target,
                })
                .collect();
            broken_links(file, &broken, &known)
        })?;
        if !calls.is_empty() {
            rendered.html = shortcodes::restore(&rendered.html, &html);
            rendered.summary = rendered.summary.map(|s| shortcodes::restore(&s, &html));
        }
        Ok(rendered)
    };
    let page_results: Vec<Result<()>> = library
        .pages
        .par_iter_mut()
        .map(|page| render(&page.file, &page.url).map(|r| page.rendered = r))
        .collect();
    let section_results: Vec<Result<()>> = library
        .sections
        .par_iter_mut()
        .map(|section| render(&section.file, &section.url).map(|r| section.rendered = r))
        .collect();
    diagnostic::collect(page_results.into_iter().chain(section_results)).map(drop)
}

fn render_shortcode(
    file: &SourceFile,
    url: &str,
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
    let mut context = Context::new();
    context.insert("current_path", url);
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

fn broken_links(file: &SourceFile, broken: &[BrokenLink], known: &[&str]) -> Diagnostics {
    let diagnostics = broken
        .iter()
        .map(|link| {
            let span = file.body_start + link.span.start..file.body_start + link.span.end;
            let hint = match did_you_mean(&link.target, known.iter().copied()) {
                Some(near) => format!("did you mean `@/{near}`?"),
                None => "the path after `@/` starts from content/, e.g. `@/priorities/anti-social-behaviour.md`; \
                         check the file exists and is not a draft"
                    .to_string(),
            };
            Diagnostic::error(&file.shown, format!("link to `@/{}`, which does not exist", link.target))
                .at(&file.text, span)
                .hint(hint)
        })
        .collect();
    Diagnostics::sorted(diagnostics)
}

/// Renders every output file of the site, in memory.
pub fn render_site(
    root: &Path,
    config: &Config,
    library: &Library,
    templates: &Templates,
    lookup: &Lookup,
    generated: &[GeneratedPage],
) -> Result<SiteFiles> {
    let page_values: Vec<Value> = library
        .pages
        .par_iter()
        .map(|page| ser::page_value(config, library, page))
        .collect();
    let summaries: Vec<Value> = library
        .sections
        .iter()
        .map(|section| ser::section_summary_value(config, library, section))
        .collect();
    let section_values: Vec<Value> = library
        .sections
        .iter()
        .zip(&summaries)
        .map(|(section, summary)| ser::section_value(summary, section, &page_values, &summaries))
        .collect();
    let _ = lookup.pages.set(
        library
            .pages
            .iter()
            .zip(&page_values)
            .map(|(p, v)| (p.file.relative.clone(), v.clone()))
            .collect(),
    );
    let _ = lookup.sections.set(
        library
            .sections
            .iter()
            .zip(&section_values)
            .map(|(s, v)| (s.file.relative.clone(), v.clone()))
            .collect(),
    );
    let renderer = Renderer {
        config,
        library,
        templates,
        base_path: config.base_path(),
        data: &lookup.data,
        generated,
    };

    let mut files = static_files(root, config)?;
    for asset in library.assets() {
        files.insert(asset.output.clone(), Contents::Copy(asset.source.clone()));
    }

    let pages = library
        .pages
        .par_iter()
        .enumerate()
        .zip(&page_values)
        .map(|((index, page), value)| renderer.page(index, page, value));
    let sections = library
        .sections
        .par_iter()
        .zip(&section_values)
        .map(|(section, value)| renderer.section(section, value));
    let generated = generated.par_iter().map(|page| renderer.generated(page));
    let rendered: Vec<Result<Vec<(String, String)>>> =
        pages.chain(sections).chain(generated).collect();
    let mut rendered = diagnostic::collect(rendered)?
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
    rendered.extend(renderer.site_wide(&page_values)?);
    rendered.extend(renderer.aliases()?);
    for (path, html) in rendered {
        files.insert(path, Contents::Text(html));
    }
    Ok(files)
}

struct Renderer<'a> {
    config: &'a Config,
    library: &'a Library,
    templates: &'a Templates,
    base_path: &'a str,
    data: &'a DataValues,
    generated: &'a [GeneratedPage],
}

impl<'a> Renderer<'a> {
    /// `/csp/priorities/asb/` → `priorities/asb/index.html`.
    fn output_path(&self, url: &str) -> String {
        format!(
            "{}index.html",
            url.strip_prefix(self.base_path).unwrap_or(url)
        )
    }

    fn context(&self, url: &str) -> Context {
        let mut context = Context::new();
        context.insert("current_path", url);
        context.insert("current_url", &self.config.absolute_url(url));
        context
    }

    /// Checks that a template a file asks for exists, pointing at the request if not.
    fn template(
        &self,
        file: &SourceFile,
        chosen: Option<&toml::Spanned<String>>,
        default: &str,
    ) -> Result<String> {
        let Some(chosen) = chosen else {
            if self.templates.contains(default) {
                return Ok(default.to_string());
            }
            return Err(Diagnostic::error(
                format!("themes/{}/templates/{default}", self.config.theme),
                format!(
                    "the theme has no `{default}`, needed for {}",
                    file.shown.display()
                ),
            )
            .hint(format!(
                "add templates/{default} to the site, or use a theme that has one"
            ))
            .into());
        };
        let name = chosen.get_ref();
        if self.templates.contains(name) {
            return Ok(name.clone());
        }
        let span = chosen.span();
        let at = file.front_matter_start;
        let hint = match did_you_mean(name, self.templates.names()) {
            Some(near) => format!(
                "did you mean `{near}`? Templates live in templates/ or themes/{}/templates/",
                self.config.theme
            ),
            None => format!(
                "create templates/{name}, or pick one of: {}",
                self.templates.names().join(", ")
            ),
        };
        Err(
            Diagnostic::error(&file.shown, format!("there is no template `{name}`"))
                .at(&file.text, at + span.start..at + span.end)
                .hint(hint)
                .into(),
        )
    }

    fn page(&self, index: usize, page: &Page, value: &Value) -> Result<Vec<(String, String)>> {
        let section = &self.library.sections[page.section];
        let chosen = page
            .meta
            .template
            .as_ref()
            .or(section.meta.page_template.as_ref());
        let mut context = self.context(&page.url);
        context.insert_value("page", value.clone());
        let mut default = "page.html";
        let meta = &page.meta;
        let claimed = [
            (
                "priority",
                "priority.html",
                meta.priority.as_ref(),
                &self.data.priorities,
            ),
            (
                "scheme",
                "scheme.html",
                meta.scheme.as_ref(),
                &self.data.schemes,
            ),
            (
                "partner",
                "partner.html",
                meta.partner.as_ref(),
                &self.data.partners,
            ),
        ];
        for (key, template, id, values) in claimed {
            if let Some(value) = id.and_then(|id| values.get(id.get_ref())) {
                context.insert_value(key, value.clone());
                default = template;
            }
        }
        if let Some(progress) = self.data.progress.get(&index) {
            context.insert_value("progress", progress.clone());
            default = "progress.html";
        }
        if !self.templates.contains(default) {
            default = "page.html";
        }
        let template = self.template(&page.file, chosen, default)?;
        let html = self
            .templates
            .render(&template, &context, &page.file.shown)?;
        Ok(vec![(self.output_path(&page.url), html)])
    }

    fn section(&self, section: &Section, value: &Value) -> Result<Vec<(String, String)>> {
        let default = if section.parent.is_none() {
            "index.html"
        } else {
            "section.html"
        };
        let template = self.template(&section.file, section.meta.template.as_ref(), default)?;
        let pagers = paginate(section);
        let mut out = Vec::with_capacity(pagers.len());
        for pager in &pagers {
            let url = pager.url(&section.url);
            let mut context = self.context(&url);
            context.insert_value("section", value.clone());
            if section.meta.paginate_by.is_some() {
                context.insert_value("paginator", pager.value(section, value, pagers.len()));
            }
            let html = self
                .templates
                .render(&template, &context, &section.file.shown)?;
            out.push((self.output_path(&url), html));
        }
        Ok(out)
    }

    fn generated(&self, page: &GeneratedPage) -> Result<Vec<(String, String)>> {
        let ancestors = self.ancestors(&page.url);
        let value = ser::generated_page_value(
            &page.title,
            page.description.as_deref(),
            &page.url,
            &self.config.absolute_url(&page.url),
            &ancestors,
        );
        let mut context = self.context(&page.url);
        context.insert_value("page", value);
        for (key, value) in &page.context {
            context.insert_value(*key, value.clone());
        }
        let here = PathBuf::from(format!("(generated) {}", page.url));
        if !self.templates.contains(page.template) {
            return Err(Diagnostic::error(
                format!("themes/{}/templates/{}", self.config.theme, page.template),
                format!(
                    "the theme has no `{}`, needed for the page at {}",
                    page.template, page.url
                ),
            )
            .hint(format!(
                "add templates/{} to the site, or use a theme that has one",
                page.template
            ))
            .into());
        }
        let html = self.templates.render(page.template, &context, &here)?;
        Ok(vec![(self.output_path(&page.url), html)])
    }

    /// The pages and sections at each shorter address, for a generated page's breadcrumbs.
    fn ancestors(&self, url: &str) -> Vec<ser::Link<'a>> {
        let path = url.strip_prefix(self.base_path).unwrap_or(url);
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let mut out = Vec::new();
        for depth in 0..parts.len() {
            let prefix: String = parts[..depth].iter().map(|p| format!("{p}/")).collect();
            let wanted = format!("{}{prefix}", self.base_path);
            let library = self.library;
            let found = library
                .sections
                .iter()
                .map(|s| (s.url.as_str(), s.meta.title.as_str()))
                .chain(
                    library
                        .pages
                        .iter()
                        .map(|p| (p.url.as_str(), p.meta.title.as_str())),
                )
                .chain(
                    self.generated
                        .iter()
                        .map(|g| (g.url.as_str(), g.title.as_str())),
                )
                .find(|(u, _)| *u == wanted);
            if let Some((url, title)) = found {
                out.push(ser::Link { title, url });
            }
        }
        out
    }

    /// `404.html`, the Atom feed, the sitemap and `robots.txt`.
    fn site_wide(&self, page_values: &[Value]) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        let here = Path::new("(site)");
        if self.templates.contains("404.html") {
            let context = self.context(&format!("{}404.html", self.base_path));
            out.push((
                "404.html".to_string(),
                self.templates.render("404.html", &context, here)?,
            ));
        }

        let mut dated: Vec<usize> = (0..self.library.pages.len())
            .filter(|&i| self.library.pages[i].date.is_some())
            .collect();
        dated.sort_by(|&a, &b| {
            let (a, b) = (&self.library.pages[a], &self.library.pages[b]);
            b.date
                .cmp(&a.date)
                .then_with(|| a.file.relative.cmp(&b.file.relative))
        });
        dated.truncate(self.config.feed_limit);
        let entries: Vec<Value> = dated
            .iter()
            .map(|&i| {
                let page = &self.library.pages[i];
                let published = page.date.expect("filtered to dated pages");
                let updated = page.meta.updated.unwrap_or(published).max(published);
                let mut entry = tera::Map::new();
                entry.insert("page".into(), page_values[i].clone());
                entry.insert("published".into(), Value::from(published.rfc3339()));
                entry.insert("updated".into(), Value::from(updated.rfc3339()));
                Value::from(entry)
            })
            .collect();
        let last_updated = dated
            .iter()
            .filter_map(|&i| {
                let page = &self.library.pages[i];
                page.meta.updated.max(page.date)
            })
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
        let mut context = Context::new();
        context.insert(
            "feed_url",
            &self
                .config
                .absolute_url(&format!("{}atom.xml", self.base_path)),
        );
        context.insert("last_updated", &last_updated);
        context.insert_value("entries", Value::from(entries));
        out.push((
            "atom.xml".to_string(),
            self.templates.render("atom.xml", &context, here)?,
        ));

        let mut sitemap: Vec<(String, Option<String>)> = self
            .library
            .sections
            .iter()
            .map(|s| (s.permalink.clone(), None))
            .chain(self.library.pages.iter().map(|p| {
                let updated = p.meta.updated.max(p.date);
                (
                    p.permalink.clone(),
                    updated.map(|d| d.datetime.date().to_string()),
                )
            }))
            .chain(
                self.generated
                    .iter()
                    .map(|g| (self.config.absolute_url(&g.url), None)),
            )
            .collect();
        sitemap.sort();
        let entries: Vec<Value> = sitemap
            .into_iter()
            .map(|(permalink, updated)| {
                let mut entry = tera::Map::new();
                entry.insert("permalink".into(), Value::from(permalink));
                entry.insert("updated".into(), Value::from(updated));
                Value::from(entry)
            })
            .collect();
        let mut context = Context::new();
        context.insert_value("entries", Value::from(entries));
        out.push((
            "sitemap.xml".to_string(),
            self.templates.render("sitemap.xml", &context, here)?,
        ));
        out.push((
            "robots.txt".to_string(),
            self.templates.render("robots.txt", &Context::new(), here)?,
        ));
        Ok(out)
    }

    /// A redirect page at each old address listed in `aliases`.
    fn aliases(&self) -> Result<Vec<(String, String)>> {
        let items = self
            .library
            .pages
            .iter()
            .map(|p| (&p.file, &p.meta.aliases, &p.url))
            .chain(
                self.library
                    .sections
                    .iter()
                    .map(|s| (&s.file, &s.meta.aliases, &s.url)),
            );
        let taken: HashMap<String, &Path> = self
            .library
            .pages
            .iter()
            .map(|p| (self.output_path(&p.url), p.file.shown.as_path()))
            .chain(
                self.library
                    .sections
                    .iter()
                    .map(|s| (self.output_path(&s.url), s.file.shown.as_path())),
            )
            .collect();
        let mut seen: HashMap<String, &Path> = HashMap::new();
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for (file, aliases, url) in items {
            for alias in aliases {
                let at = file.front_matter_start;
                let span = at + alias.span().start..at + alias.span().end;
                let fail = |message: String, hint: &str| {
                    Diagnostic::error(&file.shown, message)
                        .at(&file.text, span.clone())
                        .hint(hint)
                };
                let Some(path) = alias_output_path(alias.get_ref()) else {
                    errors.push(fail(
                        format!("`{}` cannot be used as an alias", alias.get_ref()),
                        "an alias is an old address on this site, such as \"/asb/\" or \"/old/page.html\", without `..`",
                    ));
                    continue;
                };
                if let Some(owner) = taken.get(&path).or_else(|| seen.get(&path)) {
                    errors.push(fail(
                        format!(
                            "the alias `{}` is already the address of {}",
                            alias.get_ref(),
                            owner.display()
                        ),
                        "remove the alias, or move the other page",
                    ));
                    continue;
                }
                seen.insert(path.clone(), &file.shown);
                let mut context = Context::new();
                context.insert("url", url.as_str());
                context.insert("permalink", &self.config.absolute_url(url));
                out.push((
                    path,
                    self.templates.render("alias.html", &context, &file.shown)?,
                ));
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(Diagnostics::sorted(errors))
        }
    }
}

/// Where the redirect page for an alias goes, or `None` if it would leave the site.
fn alias_output_path(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let parts: Vec<&str> = trimmed.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty()
        || parts
            .iter()
            .any(|p| *p == ".." || *p == "." || p.contains('\\'))
    {
        return None;
    }
    let joined = parts.join("/");
    Some(if joined.ends_with(".html") || joined.ends_with(".htm") {
        joined
    } else {
        format!("{joined}/index.html")
    })
}

/// One page of a paginated section's list.
struct Pager {
    /// 1-based.
    index: usize,
    range: std::ops::Range<usize>,
}

impl Pager {
    fn url(&self, section_url: &str) -> String {
        if self.index == 1 {
            section_url.to_string()
        } else {
            format!("{section_url}page/{}/", self.index)
        }
    }

    fn value(&self, section: &Section, section_value: &Value, count: usize) -> Value {
        let all = section_value
            .as_map()
            .and_then(|m| m.get(&tera::value::Key::from("pages")))
            .and_then(Value::as_array)
            .unwrap_or_default();
        let url_of = |index: usize| Pager { index, range: 0..0 }.url(&section.url);
        let mut map = tera::Map::new();
        map.insert("pages".into(), Value::from(&all[self.range.clone()]));
        map.insert("current_index".into(), Value::from(self.index));
        map.insert("number_pagers".into(), Value::from(count));
        map.insert("total_pages".into(), Value::from(section.pages.len()));
        map.insert(
            "paginate_by".into(),
            Value::from(section.meta.paginate_by.unwrap_or(0)),
        );
        map.insert("first".into(), Value::from(url_of(1)));
        map.insert("last".into(), Value::from(url_of(count)));
        map.insert(
            "previous".into(),
            Value::from((self.index > 1).then(|| url_of(self.index - 1))),
        );
        map.insert(
            "next".into(),
            Value::from((self.index < count).then(|| url_of(self.index + 1))),
        );
        Value::from(map)
    }
}

fn paginate(section: &Section) -> Vec<Pager> {
    let total = section.pages.len();
    match section.meta.paginate_by {
        Some(size) if size > 0 && total > 0 => (0..total.div_ceil(size))
            .map(|k| Pager {
                index: k + 1,
                range: k * size..((k + 1) * size).min(total),
            })
            .collect(),
        _ => vec![Pager {
            index: 1,
            range: 0..total,
        }],
    }
}

/// The theme's `static/` then the site's: a site file replaces a theme file of the same name.
fn static_files(root: &Path, config: &Config) -> Result<SiteFiles> {
    let mut files = SiteFiles::new();
    let dirs = [
        root.join("themes").join(&config.theme).join("static"),
        root.join("static"),
    ];
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        let entries = WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in entries {
            let entry = entry
                .map_err(|e| Diagnostic::error(dir, format!("cannot read static files: {e}")))?;
            if entry.file_type().is_file() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_stay_inside_the_site() {
        assert_eq!(
            alias_output_path("/asb/").as_deref(),
            Some("asb/index.html")
        );
        assert_eq!(
            alias_output_path("old/page.html").as_deref(),
            Some("old/page.html")
        );
        assert_eq!(alias_output_path("/../etc/passwd"), None);
        assert_eq!(alias_output_path("/"), None);
        assert_eq!(alias_output_path("a/./b"), None);
    }

    #[test]
    fn pagination_splits_into_even_pages() {
        let mut section = Section {
            pages: (0..5).collect(),
            url: "/news/".into(),
            ..Section::default()
        };
        section.meta.paginate_by = Some(2);
        let pagers = paginate(&section);
        assert_eq!(pagers.len(), 3);
        assert_eq!(pagers[2].range, 4..5);
        assert_eq!(pagers[1].url("/news/"), "/news/page/2/");
        section.meta.paginate_by = None;
        assert_eq!(paginate(&section).len(), 1);
    }
}
