//! The three generators, each given the same content and asked for the same
//! work: every page, a paginated list per year, paginated taxonomy pages for
//! priorities, areas and partners, feeds and a sitemap.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::corpus::Shape;

/// One timed run of a command.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub wall: Duration,
    /// Peak resident memory of the process, in bytes.
    pub peak: u64,
}

/// Runs `command` to completion and measures it. Panics if it fails (its
/// errors are on the terminal): a benchmark of a broken build measures nothing.
pub fn measure(command: &mut Command) -> Run {
    try_measure(command, Stdio::inherit()).unwrap_or_else(|e| panic!("{e}"))
}

/// [`measure`], giving back what went wrong instead of panicking, for the
/// peers a machine may have in a version that cannot build the site.
/// `stderr` is where the command's errors go.
// `wait4` reaps the child, which clippy cannot see.
#[allow(clippy::zombie_processes)]
pub fn try_measure(command: &mut Command, stderr: Stdio) -> Result<Run, String> {
    let started = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| format!("{command:?}: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; wait4 reaps it.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if waited != pid {
        return Err(format!("wait4 failed for {command:?}"));
    }
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!("{command:?} failed ({status})"));
    }
    Ok(Run {
        wall,
        peak: usage.ru_maxrss as u64 * 1024,
    })
}

/// A generator that may be on this machine.
pub struct Tool {
    pub name: &'static str,
    /// The command to run, found on the PATH (or Lamplight's own binary).
    pub program: PathBuf,
    pub version: String,
}

pub fn find(name: &'static str, version_flag: &str) -> Option<Tool> {
    let output = Command::new(name).arg(version_flag).output().ok()?;
    output.status.success().then(|| Tool {
        name,
        program: PathBuf::from(name),
        version: String::from_utf8_lossy(&output.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string(),
    })
}

/// Lamplight's site: the corpus plus the repository's default theme.
pub fn lamplight_site(root: &Path, repo: &Path, shape: Shape) {
    let extra: String = shape
        .extra_taxonomies()
        .iter()
        .map(|name| format!("[[taxonomies]]\nname = \"{name}\"\n\n"))
        .collect();
    fs::write(
        root.join("config.toml"),
        format!(
            "title = \"Castle Point and Rochford Community Safety Partnership\"\n\
             base_url = \"https://bench.example.org/\"\nfeed_limit = 20\n\n\
             [[taxonomies]]\nname = \"priorities\"\n\n[[taxonomies]]\nname = \"areas\"\n\n\
             [[taxonomies]]\nname = \"partners\"\n\n{extra}\
             [extra.help]\nemergency = \"999\"\nnon_emergency = \"101\"\ncrimestoppers = \"0800 555 111\"\n"
        ),
    )
    .unwrap();
    copy_dir(&repo.join("themes/default"), &root.join("themes/default"));
}

/// The Lamplight site again, with a theme that does next to nothing: each
/// of the default theme's templates as one line giving the title and the
/// page's HTML, and no `search.html`, so no search index. Built beside the
/// site, it shows what Lamplight costs before any theme's work: reading,
/// front matter, Markdown, the site's structure and addresses, writing.
/// (Shortcodes are Markdown's, and kept as they are.)
pub fn bare_site(site: &Path, bare: &Path, repo: &Path) {
    copy_dir(&site.join("content"), &bare.join("content"));
    if site.join("data").is_dir() {
        copy_dir(&site.join("data"), &bare.join("data"));
    }
    let config = fs::read_to_string(site.join("config.toml")).unwrap();
    fs::write(
        bare.join("config.toml"),
        format!("theme = \"bare\"\n{config}"),
    )
    .unwrap();
    let default = repo.join("themes/default/templates");
    let templates = bare.join("themes/bare/templates");
    copy_dir(&default.join("shortcodes"), &templates.join("shortcodes"));
    copy_dir(&default.join("partials"), &templates.join("partials"));
    let one_line = "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\">\
        <title>{% if page is defined %}{{ page.title }}{% elif section is defined %}\
        {{ section.title }}{% else %}{{ config.title }}{% endif %}</title>\
        {% if page is defined %}{{ page.content | safe }}{% endif %}</html>\n";
    for entry in fs::read_dir(&default).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".html") && name != "search.html" {
            fs::write(templates.join(name), one_line).unwrap();
        }
    }
}

/// Zola's site: its own config and minimal Tera 1 templates doing the same
/// listing work as Lamplight's theme, for Zola 0.22 (Tera 1 cannot take an
/// attribute of a function's result, so each subsection is `set` first).
pub fn zola_site(root: &Path, content: &Path, shape: Shape, paginate_terms: bool) {
    copy_dir(content, &root.join("content"));
    let paginate = if paginate_terms {
        ", paginate_by = 20"
    } else {
        ""
    };
    let taxonomies: String = ["priorities", "areas", "partners"]
        .iter()
        .chain(shape.extra_taxonomies())
        .map(|name| format!("  {{name = \"{name}\", feed = true{paginate}}},\n"))
        .collect();
    fs::write(
        root.join("config.toml"),
        format!(
            "base_url = \"https://bench.example.org\"\ntitle = \"Bench\"\ngenerate_feeds = true\n\
             build_search_index = false\ntaxonomies = [\n{taxonomies}]\n\n[markdown]\n\n[extra]\n"
        ),
    )
    .unwrap();
    let templates = root.join("templates");
    fs::create_dir_all(&templates).unwrap();
    let base = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{% block title %}{{ config.title }}{% endblock %}</title></head><body><header><nav>{% set home = get_section(path=\"_index.md\", metadata_only=true) %}{% for s in home.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<a href=\"{{ sub.permalink }}\">{{ sub.title }}</a>{% endfor %}</nav></header><main>{% block content %}{% endblock %}</main></body></html>";
    let files = [
        ("base.html", base.to_string()),
        ("index.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ section.title }}</h1>{{ section.content | safe }}{% endblock %}".to_string()),
        ("section.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ section.title }}</h1>{{ section.content | safe }}<ul>{% for p in paginator.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a> {{ p.description }}</li>{% endfor %}</ul>{% endblock %}".to_string()),
        ("page.html", "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% if page.lower %}<a href=\"{{ page.lower.permalink }}\">{{ page.lower.title }}</a>{% endif %}{% if page.higher %}<a href=\"{{ page.higher.permalink }}\">{{ page.higher.title }}</a>{% endif %}{% endblock %}".to_string()),
        ("taxonomy_list.html", "{% extends \"base.html\" %}{% block content %}<ul>{% for t in terms %}<li><a href=\"{{ t.permalink }}\">{{ t.name }}</a> ({{ t.pages | length }})</li>{% endfor %}</ul>{% endblock %}".to_string()),
        ("taxonomy_single.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ term.name }}</h1><ul>{% if paginator %}{% set listed = paginator.pages %}{% else %}{% set listed = term.pages %}{% endif %}{% for p in listed %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}".to_string()),
    ];
    for (name, text) in files {
        fs::write(templates.join(name), text).unwrap();
    }
}

/// Hugo's site: TOML config and layouts doing the same listing work.
pub fn hugo_site(root: &Path, content: &Path, shape: Shape) {
    copy_dir(content, &root.join("content"));
    let extra: String = shape
        .extra_taxonomies()
        .iter()
        .map(|name| format!("{} = \"{name}\"\n", name.trim_end_matches('s')))
        .collect();
    fs::write(
        root.join("hugo.toml"),
        format!(
            "baseURL = \"https://bench.example.org/\"\ntitle = \"Bench\"\ndisableKinds = [\"robotsTXT\"]\n\
             [pagination]\npagerSize = 20\n[taxonomies]\npriority = \"priorities\"\narea = \"areas\"\npartner = \"partners\"\n{extra}"
        ),
    )
    .unwrap();
    let layouts = root.join("layouts/_default");
    fs::create_dir_all(&layouts).unwrap();
    let files = [
        (
            "baseof.html",
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><header><nav>{{ range .Site.Home.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}</nav></header><main>{{ block \"main\" . }}{{ end }}</main></body></html>",
        ),
        (
            "single.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ end }}",
        ),
        (
            "list.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Paginator.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Description }}</li>{{ end }}</ul>{{ end }}",
        ),
        (
            "terms.html",
            "{{ define \"main\" }}<ul>{{ range .Data.Terms.Alphabetical }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}",
        ),
        (
            "term.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}",
        ),
    ];
    for (name, text) in files {
        fs::write(layouts.join(name), text).unwrap();
    }
    // Hugo has no `@/` links; point them at the pages' addresses instead.
    rewrite_links_for_hugo(&root.join("content"));
}

fn rewrite_links_for_hugo(content: &Path) {
    for entry in walkdir::WalkDir::new(content) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = fs::read_to_string(entry.path()).unwrap();
            if text.contains("](@/") {
                let fixed = text.replace("](@/", "](/").replace(".md)", "/)");
                fs::write(entry.path(), fixed).unwrap();
            }
        }
    }
}

#[path = "../../tests/common/copy.rs"]
mod copy;
pub use copy::copy_dir;

/// The lowest the build could take: read every Markdown file, render it
/// with pulldown-cmark on every core, and write the HTML.
pub fn floor(content: &Path, out: &Path) -> Duration {
    use rayon::prelude::*;
    let started = Instant::now();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(content)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    fs::create_dir_all(out).unwrap();
    files.par_iter().enumerate().for_each(|(i, path)| {
        let text = fs::read_to_string(path).unwrap();
        let body = text.splitn(3, "+++").nth(2).unwrap_or(&text);
        let mut html = String::with_capacity(body.len() * 2);
        let parser = pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::ENABLE_TABLES);
        pulldown_cmark::html::push_html(&mut html, parser);
        fs::write(out.join(format!("{i}.html")), html).unwrap();
    });
    started.elapsed()
}

pub fn corpus_page_count(pages: usize, shape: Shape) -> usize {
    pages + shape.sections()
}
