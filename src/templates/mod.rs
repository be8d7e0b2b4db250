//! Loading the theme's Tera templates, the site's overrides, and the functions
//! and filters templates can call.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use tera::{Kwargs, State, Tera, TeraResult, Value};
use walkdir::WalkDir;

use crate::data::values::DataValues;
use crate::diagnostic::{self, Diagnostic, Diagnostics, Result};

mod cached;
mod lookup;
mod reach;
mod tera1;
mod words;
mod zola;

pub use lookup::{ByPath, ContentValues, Dependency, Lookup, taxonomy_key};
use lookup::{LOOKED_UP, find, get_url, looked_up};

pub use words::strings_value;
use words::{date_filter, trans};

/// Templates every site has, unless its theme or its own `templates/` replaces them.
const BUILT_IN: &[(&str, &str)] = &[
    ("atom.xml", include_str!("../builtin/atom.xml")),
    ("sitemap.xml", include_str!("../builtin/sitemap.xml")),
    (
        "split_sitemap_index.xml",
        include_str!("../builtin/split_sitemap_index.xml"),
    ),
    ("robots.txt", include_str!("../builtin/robots.txt")),
    ("alias.html", include_str!("../builtin/alias.html")),
];

struct TemplateFile {
    shown: PathBuf,
    text: String,
}

pub struct Templates {
    /// Shared with `include_cached`, which renders parts with it.
    tera: Arc<Tera>,
    files: HashMap<String, TemplateFile>,
    own_only: crate::ser::OwnOnly,
    /// Whether any template calls `get_taxonomy` or `get_taxonomy_term`.
    gets_taxonomies: bool,
}

/// Whether `text` calls `get_taxonomy` or `get_taxonomy_term` (not
/// `get_taxonomy_url`, which needs no pages).
fn calls_get_taxonomy(text: &str) -> bool {
    text.match_indices("get_taxonomy")
        .any(|(at, name)| !text[at + name.len()..].starts_with("_url"))
}

/// Whether Tera 2 reads `text` as a template: `None`, or the line and
/// the message of the first thing it cannot read. For `import zola`,
/// which reports a Zola site's templates that still need changes.
/// `others` are the templates it may include or take components from,
/// by name, with their text (empty for a stand-in).
pub fn syntax_error(
    name: &str,
    text: &str,
    others: &[(String, String)],
) -> Option<(usize, String)> {
    let mut tera = tera::Tera::default();
    // Tera 2 knows a template's filters and functions as it reads it:
    // Lamplight's own, as stand-ins, so a template using them reads.
    for filter in FILTERS.into_iter().chain(tera1::FILTERS) {
        tera.register_filter(filter, |value: &Value, _: Kwargs, _: &State| value.clone());
    }
    for function in FUNCTIONS {
        tera.register_function(function, |_: Kwargs, _: &State| Value::none());
    }
    let others = others.iter().filter(|(other, _)| other != name);
    let _ = tera.add_raw_templates(others.map(|(other, text)| (other, text)));
    match tera.add_raw_template(name, text) {
        Ok(()) => None,
        Err(e) => Some(match e.kind() {
            tera::ErrorKind::SyntaxError(report) => {
                (report.span().start_line, report.message().to_string())
            }
            _ => (
                0,
                e.to_string().lines().next().unwrap_or_default().to_string(),
            ),
        }),
    }
}

impl Templates {
    /// Loads built-ins, then the theme's (the built-in default's, then
    /// `themes/<theme>/templates/`), then `templates/`; a later file with the
    /// same name replaces an earlier one.
    pub fn load(root: &Path, lookup: Arc<Lookup>) -> Result<Templates> {
        let theme = &lookup.theme;
        let mut files: HashMap<String, TemplateFile> = BUILT_IN
            .iter()
            .map(|(name, text)| (*name, PathBuf::from(format!("(built in) {name}")), *text))
            .chain(theme.built_in_files("templates").map(|(name, bytes)| {
                let shown = PathBuf::from(format!("(built-in theme) templates/{name}"));
                (name, shown, crate::theme::text(bytes))
            }))
            .map(|(name, shown, text)| {
                let text = text.to_string();
                (name.to_string(), TemplateFile { shown, text })
            })
            .collect();
        let theme_dir = theme.folder("templates");
        for dir in theme_dir.iter().chain([&root.join("templates")]) {
            read_dir(root, dir, &mut files)?;
        }

        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        let own = Arc::new(OnceLock::new());
        let random = files.values().any(|file| file.text.contains("get_random"));
        cached::register(&mut tera, Arc::clone(&lookup), Arc::clone(&own), random);
        register(&mut tera, lookup);
        let mut names: Vec<&String> = files.keys().collect();
        names.sort();
        tera.add_raw_templates(
            names
                .iter()
                .map(|name| (name.as_str(), files[*name].text.as_str())),
        )
        .map_err(|e| Templates::report(&files, &e, None))?;
        let tera = Arc::new(tera);
        own.set(Arc::downgrade(&tera)).expect("set once");
        let own_only = reach::own_only(files.values().map(|file| file.text.as_str()));
        let gets_taxonomies = files.values().any(|file| calls_get_taxonomy(&file.text));
        Ok(Templates {
            tera,
            files,
            own_only,
            gets_taxonomies,
        })
    }

    /// Which of a page's fields only its own template can read, so that
    /// the value lists share leaves them out: see [`crate::ser::OwnOnly`].
    /// `compared`: for values a later render compares with its own, which
    /// keep [`crate::ser::PageField::LISTED`] ([`crate::ser::OwnOnly::compared`]).
    pub fn own_only(&self, compared: bool) -> crate::ser::OwnOnly {
        match compared {
            true => self.own_only.compared(),
            false => self.own_only,
        }
    }

    /// Whether any template may ask for a taxonomy with its terms' pages:
    /// if not, a render need not make them (at 100,000 varied pages, a
    /// list of each term's pages, 18 MB).
    pub fn gets_taxonomies(&self) -> bool {
        self.gets_taxonomies
    }

    pub fn contains(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.files.keys().map(String::as_str).collect();
        names.sort();
        names
    }

    /// The names of the shortcodes: templates in `shortcodes/`, without `.html`.
    pub fn shortcodes(&self) -> Vec<&str> {
        self.shortcodes_ending(".html")
    }

    /// Shortcodes written as Markdown, as Zola allows (`shortcodes/x.md`):
    /// what they make goes into the page's Markdown before it is rendered.
    /// An HTML one of the same name is used instead.
    pub fn markdown_shortcodes(&self) -> Vec<&str> {
        let html = self.shortcodes();
        let markdown = self.shortcodes_ending(".md").into_iter();
        markdown.filter(|name| !html.contains(name)).collect()
    }

    fn shortcodes_ending(&self, ending: &str) -> Vec<&str> {
        self.names()
            .into_iter()
            .filter_map(|n| n.strip_prefix("shortcodes/")?.strip_suffix(ending))
            .collect()
    }

    /// Renders a shortcode's template; the error is the bare message, for the
    /// caller to place at the call in the content file.
    pub fn render_shortcode(
        &self,
        name: &str,
        context: &tera::Context,
    ) -> std::result::Result<String, String> {
        let template = if self.contains(&format!("shortcodes/{name}.html")) {
            format!("shortcodes/{name}.html")
        } else {
            format!("shortcodes/{name}.md")
        };
        self.render_raw(&template, context)
            .map_err(|e| match e.kind() {
                tera::ErrorKind::RenderingError(report) => report.message().to_string(),
                _ => e.to_string(),
            })
    }

    /// Renders `name`; an error names the template file, line and column, and
    /// the content file that was being rendered.
    pub fn render(&self, name: &str, context: &tera::Context, rendering: &Path) -> Result<String> {
        self.render_raw(name, context)
            .map_err(|e| Templates::report(&self.files, &e, Some(rendering)).into())
    }

    /// Tera's render, except that an error inside a part `include_cached`
    /// rendered is that part's own, placed in its file as one inside an
    /// `include` is, rather than Tera's message at the call.
    fn render_raw(&self, name: &str, context: &tera::Context) -> tera::TeraResult<String> {
        cached::take_part_error();
        self.tera
            .render(name, context)
            .map_err(|e| cached::take_part_error().unwrap_or(e))
    }

    /// [`render`](Self::render), also returning the pages and sections the
    /// template looked up, sorted and without repeats.
    pub fn render_tracked(
        &self,
        name: &str,
        context: &tera::Context,
        rendering: &Path,
    ) -> Result<(String, Vec<Dependency>)> {
        LOOKED_UP.with_borrow_mut(|l| *l = Some(Vec::new()));
        let html = self.render(name, context, rendering);
        let mut used = LOOKED_UP.with_borrow_mut(Option::take).unwrap_or_default();
        used.sort();
        used.dedup();
        Ok((html?, used))
    }

    fn report(
        files: &HashMap<String, TemplateFile>,
        error: &tera::Error,
        rendering: Option<&Path>,
    ) -> Diagnostic {
        let while_rendering = rendering
            .map(|p| format!(" (while rendering {})", p.display()))
            .unwrap_or_default();
        match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let hint = template_hint(report.message());
                match files.get(report.filename()) {
                    Some(file) => Diagnostic::error(&file.shown, report.message())
                        .at(&file.text, report.span().range.clone())
                        .hint(format!("{hint}{while_rendering}")),
                    None => Diagnostic::error(report.filename(), report.message())
                        .at_line(report.span().start_line, report.span().start_col + 1)
                        .hint(format!("{hint}{while_rendering}")),
                }
            }
            tera::ErrorKind::MissingParent { current, parent } => {
                let mut diagnostic = Diagnostic::error(
                    current.as_str(),
                    format!("`{current}` extends `{parent}`, which does not exist"),
                )
                .hint(format!(
                    "create templates/{parent}, or fix the name in the `extends` line{while_rendering}"
                ));
                if let Some(file) = files.get(current) {
                    diagnostic.file = file.shown.clone();
                    if let Some(at) = file.text.find(parent.as_str()) {
                        diagnostic = diagnostic.at(&file.text, at..at + parent.len());
                    }
                }
                diagnostic
            }
            other => {
                missing_template(files, &other.to_string(), &while_rendering).unwrap_or_else(|| {
                    Diagnostic::error(
                        rendering.unwrap_or(Path::new("templates")),
                        format!("template error: {other}"),
                    )
                    .hint("check the template names used in `extends` and `include`")
                })
            }
        }
    }
}

/// Tera's "Unknown template `x`" (an `include` of a template that is not
/// there), placed at the name in the template that asks for it, with the
/// nearest template's name; Tera gives the place only in its own text,
/// `--> page.html:2:12`.
fn missing_template(
    files: &HashMap<String, TemplateFile>,
    error: &str,
    while_rendering: &str,
) -> Option<Diagnostic> {
    let name = error
        .split("Unknown template `")
        .nth(1)?
        .split('`')
        .next()?;
    let place = error.split("--> ").nth(1)?.lines().next()?;
    let mut parts = place.rsplitn(3, ':');
    let (_, line, asker) = (parts.next()?, parts.next()?, parts.next()?);
    let line: usize = line.trim().parse().ok()?;
    let file = files.get(asker.trim())?;
    let line_start: usize = file
        .text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let within = file.text[line_start..].find(name)?;
    let at = line_start + within;
    let known = files.keys().map(String::as_str);
    let hint = match crate::diagnostic::did_you_mean(name, known) {
        Some(near) => format!("did you mean `{near}`?{while_rendering}"),
        None => format!("create templates/{name}, or fix the name{while_rendering}"),
    };
    Some(
        Diagnostic::error(&file.shown, format!("there is no template `{name}`"))
            .at(&file.text, at..at + name.len())
            .hint(hint),
    )
}

fn template_hint(message: &str) -> String {
    if message.contains("not defined") || message.contains("not found") {
        "check the spelling; a value that may be missing can be written `page.description or \"\"` \
         or tested with `{% if page.description %}`"
            .to_string()
    } else if message.contains("xpected") {
        "check that every `{{` has a `}}` and every `{% if %}`, `{% for %}` and `{% block %}` is closed".to_string()
    } else {
        "see the Tera documentation for the syntax of this tag or filter".to_string()
    }
}

fn read_dir(root: &Path, dir: &Path, files: &mut HashMap<String, TemplateFile>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let mut errors = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) if entry.file_type().is_file() => entry,
            Ok(_) => continue,
            Err(e) => {
                errors.push(Diagnostic::error(
                    dir,
                    format!("cannot read templates: {e}"),
                ));
                continue;
            }
        };
        let shown = diagnostic::display_path(root, entry.path());
        let name = entry
            .path()
            .strip_prefix(dir)
            .expect("walkdir stays inside")
            .to_string_lossy()
            .replace('\\', "/");
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                files.insert(name, TemplateFile { shown, text });
            }
            Err(e) => errors.push(Diagnostic::error(
                shown,
                format!("cannot read the template: {e}"),
            )),
        }
    }
    Diagnostics::fail_if_any(errors)
}

/// The filters and functions [`register`] gives every template, for
/// [`syntax_error`] to know them; and Tera 1's, [`tera1::FILTERS`].
pub const FILTERS: [&str; 3] = ["date", "filter", "markdown"];
pub const FUNCTIONS: [&str; 18] = [
    "include_cached",
    "resize_image",
    "get_taxonomy",
    "get_taxonomy_term",
    "get_image_metadata",
    "get_random",
    "get_url",
    "get_page",
    "get_section",
    "trans",
    "get_taxonomy_url",
    "load_data",
    "get_hash",
    "now",
    "get_priority",
    "get_scheme",
    "get_partner",
    "get_plan",
];

fn register(tera: &mut Tera, lookup: Arc<Lookup>) {
    tera.register_filter("date", date_filter);
    tera.register_filter("filter", filter_filter);
    tera.global_context()
        .insert_value("config", crate::ser::config_value(&lookup.config));
    // The site's own language and its words; a page in another language
    // gets its own in its context (`render::jobs`).
    let own = &lookup.config.language;
    tera.global_context().insert("lang", own);
    // Where a language's own pages (search, the feed) are below the base
    // path: nowhere else for the site's own.
    tera.global_context().insert("lang_path", "");
    tera.global_context()
        .insert_value("t", strings_value(lookup.strings.of(own)));
    let strings = Arc::clone(&lookup);
    tera.register_function("trans", move |kwargs: Kwargs, state: &State| {
        trans(&strings, &kwargs, state)
    });

    let urls = Arc::clone(&lookup);
    tera.register_function("get_url", move |kwargs: Kwargs, _: &State| {
        get_url(&urls, &kwargs)
    });
    let pages = Arc::clone(&lookup);
    tera.register_function("get_page", move |kwargs: Kwargs, _: &State| {
        find(&pages, &kwargs, "get_page", Dependency::Page)
    });
    let sections = Arc::clone(&lookup);
    tera.register_function("get_section", move |kwargs: Kwargs, _: &State| {
        let metadata_only: bool = kwargs.get("metadata_only")?.unwrap_or(false);
        let dependency = if metadata_only {
            Dependency::SectionMetadata
        } else {
            Dependency::Section
        };
        find(&sections, &kwargs, "get_section", dependency)
    });

    zola::register(tera, &lookup);
    tera1::register(tera);
    tera.global_context()
        .insert_value("partnership", lookup.data.partnership.clone());
    type Table = fn(&DataValues) -> &HashMap<String, Value>;
    let data: [(&str, Table, &str, &str); 4] = [
        (
            "get_priority",
            |d| &d.priorities,
            "id",
            "data/priorities.toml",
        ),
        ("get_scheme", |d| &d.schemes, "id", "data/schemes.toml"),
        ("get_partner", |d| &d.partners, "id", "data/partners.toml"),
        ("get_plan", |d| &d.plans, "year", "data/plans/"),
    ];
    for (function, table, key, source) in data {
        let lookup = Arc::clone(&lookup);
        tera.register_function(function, move |kwargs: Kwargs, _: &State| {
            let wanted: &str = kwargs.must_get(key)?;
            let values = table(&lookup.data);
            values.get(wanted).cloned().ok_or_else(|| {
                let mut known: Vec<&str> = values.keys().map(String::as_str).collect();
                known.sort_unstable();
                let near = crate::diagnostic::did_you_mean(wanted, known.iter().copied())
                    .map(|n| format!("did you mean \"{n}\"? "))
                    .unwrap_or_default();
                tera::Error::message(format!(
                    "{function}: there is no {key} \"{wanted}\" in {source}; {near}known: {}",
                    known.join(", ")
                ))
            })
        });
    }
}

/// `plans | filter(attribute="priority.id", value="anti-social-behaviour")`:
/// the items whose attribute equals the value, as in Tera 1 and Jinja's `selectattr`.
fn filter_filter(items: &[Value], kwargs: Kwargs, _: &State) -> TeraResult<Vec<Value>> {
    let attribute: &str = kwargs.must_get("attribute")?;
    let wanted: Value = kwargs.must_get("value")?;
    Ok(items
        .iter()
        .filter(|item| item.get_from_path(attribute) == Some(&wanted))
        .cloned()
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_template_asking_for_a_taxonomy_is_told_from_one_asking_its_address() {
        let calls = super::calls_get_taxonomy;
        assert!(calls("{% set t = get_taxonomy(kind=\"areas\") %}"));
        assert!(calls("{{ get_taxonomy_term(kind=\"areas\", term=\"x\") }}"));
        assert!(calls(
            "{{ get_taxonomy_url(kind=\"a\", name=\"b\") }}{{ get_taxonomy(kind=\"a\") }}"
        ));
        assert!(!calls(
            "{{ get_taxonomy_url(kind=\"areas\", name=\"Rayleigh\") }}"
        ));
        assert!(!calls("{{ page.taxonomies.areas }}"));
    }
}
