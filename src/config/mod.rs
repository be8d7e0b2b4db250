//! `config.toml`: plain serde data, checked strictly so a typo is an error, not a silent default.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Diagnostics, Result};
use crate::toml_error;

pub mod brand;
pub mod extra;
mod languages;
mod zola;
pub use brand::BrandConfig;
pub use languages::{LanguageConfig, is_language_code, split_language};
pub use zola::{ZOLA_ONLY, zola_only_set};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Where the site is published, e.g. `https://saferdistrict.example.org/`.
    pub base_url: String,
    /// Zola calls it `default_language`.
    #[serde(default = "default_language", alias = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// How many entries the Atom feed holds, newest first.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub check: CheckConfig,
    #[serde(default)]
    pub quick_exit: QuickExitConfig,
    /// How pages are grouped besides sections: by priority, area, partner.
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub security: SecurityConfig,
    /// The plan year priority pages show, such as "2017/18"; the newest plan if unset.
    pub current_plan: Option<String>,
    /// Files under `content/` left out of the site, as Zola's patterns:
    /// `["*.xlsx", "*/notes/*"]`, where `*` crosses folders.
    #[serde(default)]
    pub ignored_content: Vec<String>,
    // Zola's settings that Lamplight accepts but has no use for, so a
    // Zola site's config.toml reads; `check` and `import zola` name each
    // one set, with what to do instead ([`ZOLA_ONLY`]).
    #[serde(default, skip_serializing, alias = "generate_feed")]
    pub generate_feeds: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub author: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub compile_sass: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub minify_html: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub build_search_index: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub hard_link_static: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub taxonomy_root: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub ignored_static: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub output_dir: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub preserve_dotfiles_in_output: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub mode: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub generate_sitemap: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub generate_robots_txt: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub exclude_paginated_pages_in_sitemap: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub feed_filenames: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub link_checker: Option<IgnoredAny>,
    #[serde(default, skip_serializing)]
    pub slugify: Option<IgnoredAny>,
    /// How search reads what residents type: `synonyms`.
    #[serde(default)]
    pub search: SearchConfig,
    /// The partnership's logo and colours, for the default theme.
    #[serde(default)]
    pub brand: BrandConfig,
    /// The theme's words in the site's own language, over the theme's
    /// `i18n/<code>.toml` and the site's (Zola's top-level `translations`).
    #[serde(default)]
    pub translations: BTreeMap<String, String>,
    /// The site's other languages, by the code their files carry:
    /// `[languages.cy]` for `page.cy.md`, published under `/cy/`.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
    /// Anything the theme wants: help numbers, contact details, colours.
    #[serde(default)]
    pub extra: toml::Table,
}

/// `[search]`: what search knows beyond the pages' own words.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Groups of words and phrases that mean the same to a reader, each
    /// finding the pages that say any of them: `[["domestic abuse",
    /// "domestic violence"], ["elderly", "older people"]]`. The glossary's
    /// abbreviations and their meanings are such groups already.
    pub synonyms: Vec<Vec<String>>,
    // Zola's, accepted and not used: see [`ZOLA_ONLY`].
    #[serde(skip_serializing)]
    pub include_title: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub include_description: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub include_date: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub include_path: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub include_content: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub truncate_content_length: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub index_format: Option<IgnoredAny>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Highlight fenced code blocks with CSS classes (never inline styles, so a
    /// strict Content-Security-Policy keeps working).
    pub highlight_code: bool,
    /// Curly quotes, en and em dashes, ellipses.
    pub smart_punctuation: bool,
    /// Let HTML written in Markdown through (sanitised: no scripts, styles,
    /// frames, forms or event handlers). Off, it is shown as text.
    pub unsafe_html: bool,
    /// Links on headings, for readers to copy a link to one part of a page,
    /// unless a section says otherwise: `left`, `right`, `heading` or `none`.
    pub insert_anchor_links: InsertAnchor,
    /// Zola's definition lists: a term, then `: its meaning` on the next line.
    pub definition_list: bool,
    /// Zola's `github_alerts`: `> [!NOTE]` and the like as callouts.
    pub github_alerts: bool,
    // Zola's, accepted and not used: see [`ZOLA_ONLY`].
    #[serde(skip_serializing)]
    pub highlight_theme: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub highlight_themes_css: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub highlighting: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub extra_syntaxes_and_themes: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub render_emoji: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub external_links_class: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub external_links_target_blank: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub external_links_no_follow: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub external_links_no_referrer: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub external_links_external: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub bottom_footnotes: Option<IgnoredAny>,
    #[serde(skip_serializing)]
    pub lazy_async_image: Option<IgnoredAny>,
}

/// Where a heading's link to itself goes, as Zola's `insert_anchor_links`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InsertAnchor {
    /// Before the heading's text.
    Left,
    /// After it.
    Right,
    /// The heading's text is the link.
    Heading,
    #[default]
    None,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            highlight_code: true,
            smart_punctuation: true,
            unsafe_html: false,
            insert_anchor_links: InsertAnchor::None,
            definition_list: false,
            github_alerts: false,
            highlight_theme: None,
            highlight_themes_css: None,
            highlighting: None,
            extra_syntaxes_and_themes: None,
            render_emoji: None,
            external_links_class: None,
            external_links_target_blank: None,
            external_links_no_follow: None,
            external_links_no_referrer: None,
            external_links_external: None,
            bottom_footnotes: None,
            lazy_async_image: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// `check` warns about a dated page not updated for this many months,
    /// unless its section is an `archive`.
    pub stale_after_months: u32,
    /// Addresses starting with any of these are not asked by `check
    /// --external`: sites that turn robots away, or need a login.
    pub skip_external: Vec<String>,
}

/// A taxonomy declared in `config.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// Whether its terms get pages, lists and feeds (Zola's `render`);
    /// with `false`, templates still see it through `get_taxonomy`.
    #[serde(default = "yes")]
    pub render: bool,
    /// The word in the address of a term's later pages: `page`, as in
    /// `/areas/rayleigh/page/2/`, unless Zola's `paginate_path` says other.
    #[serde(default)]
    pub paginate_path: Option<String>,
    // Zola's, accepted and not used: see [`ZOLA_ONLY`].
    #[serde(default, skip_serializing)]
    pub lang: Option<IgnoredAny>,
    /// The key pages use, and the start of its addresses: `areas`.
    pub name: String,
    /// How it is named on the site: "Areas"; the name, capitalised, if unset.
    pub title: Option<String>,
    /// Whether each term gets an Atom feed.
    #[serde(default = "yes")]
    pub feed: bool,
    /// How many pages a term's page lists before the rest go on
    /// `…/page/2/` and after; 0 lists them all on one. Twenty keeps a
    /// term's page light on a phone when thousands of pages are tagged.
    #[serde(default = "twenty")]
    pub paginate_by: usize,
}

fn twenty() -> usize {
    20
}

fn yes() -> bool {
    true
}

/// Exceptions to what Lamplight refuses to publish, each named on purpose.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SecurityConfig {
    /// Files under `content/` a browser would run (HTML, SVG, scripts) that
    /// someone has checked and may be published, by path under `content/`:
    /// `["schemes/j9/j9-sign.svg"]`. Any other such file is an error.
    pub allow_active_files: Vec<String>,
}

/// The "Exit this page" button on sensitive pages.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuickExitConfig {
    /// Where the button goes: a busy, neutral site that says nothing about
    /// the reader and needs no login, so nobody looking over a shoulder
    /// learns anything from it.
    pub url: String,
    /// The page on hiding your visits (`@/cover-your-tracks.md`), linked
    /// beside the button.
    pub advice: Option<String>,
}

impl Default for QuickExitConfig {
    fn default() -> Self {
        QuickExitConfig {
            url: "https://www.bbc.co.uk/weather".to_string(),
            advice: None,
        }
    }
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            stale_after_months: 12,
            skip_external: Vec::new(),
        }
    }
}

/// An error at `key`, looked for after the line that opens `table` (`""`
/// for the top level).
fn setting_error(source: &str, file: &Path, table: &str, key: &str, message: String) -> Diagnostic {
    let from = find_setting(source, 0, table).unwrap_or(0);
    let at = find_setting(source, from, key).unwrap_or(0);
    Diagnostic::error(file, message).at(source, at..at + key.len())
}

/// Where `needle` is first written after `from`, as a word of its own and
/// outside a comment: a
/// config.toml often shows an example setting commented out above the
/// real one (`# colour = "#12355b"`), and the error belongs at the real one.
fn find_setting(source: &str, from: usize, needle: &str) -> Option<usize> {
    let mut start = from;
    while let Some(found) = source[start..].find(needle) {
        let at = start + found;
        let line_start = source[..at].rfind('\n').map_or(0, |n| n + 1);
        let before = source[..at].chars().next_back();
        // `colour` is not the end of `link_colour`.
        let whole = !before.is_some_and(|c| c.is_alphanumeric() || c == '_');
        if whole && !source[line_start..at].contains('#') {
            return Some(at);
        }
        start = at + needle.len();
    }
    None
}

fn default_language() -> String {
    "en-GB".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

fn default_feed_limit() -> usize {
    20
}

/// The name of a site's configuration file: `config.toml`, or Zola's
/// newer name, `zola.toml`, when only that is there.
pub fn file_name(root: &Path) -> &'static str {
    if !root.join("config.toml").exists() && root.join("zola.toml").is_file() {
        "zola.toml"
    } else {
        "config.toml"
    }
}

impl Config {
    /// Reads `config.toml` (or `zola.toml`) in `root`.
    pub fn load(root: &Path) -> Result<Config> {
        let shown_as = Path::new(file_name(root));
        let path = root.join(shown_as);
        let source = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error(shown_as, format!("cannot read config.toml: {e}")).hint(format!(
                "run lamplight in the site folder (the one holding config.toml and content/), \
                 or pass --root; looked in {}",
                root.display()
            ))
        })?;
        Config::parse(&source, shown_as)
    }

    pub fn parse(source: &str, file: &Path) -> Result<Config> {
        crate::publish::check_control_characters(source, file)?;
        let top_level = toml_error::keys_of::<Config>();
        let mut config: Config =
            toml_error::parse(source, 0..source.len(), file, "config.toml", || {
                top_level.clone()
            })?;
        // `current_plan` written below `[extra]` is `extra.current_plan`,
        // which nothing reads: the site would show the wrong year silently.
        let guarded = ["current_plan"];
        // Zola's settings Lamplight does not use are no loss under [extra]:
        // Zola's own sites keep an `[extra.author]` beside `author`.
        let own: Vec<String> = top_level
            .into_iter()
            .filter(|key| {
                !ZOLA_ONLY
                    .iter()
                    .any(|(table, zola, _)| table.is_empty() && zola == key)
            })
            .collect();
        toml_error::check_extra(&config.extra, &own, &guarded, (file, source, 0))?;
        config.validate(source, file)?;
        // Zola's other place for the site's own language's settings.
        if let Some(own) = config.languages.remove(&config.language) {
            if config.description.is_empty() {
                config.description = own.description.unwrap_or_default();
            }
            for (key, word) in own.translations {
                config.translations.entry(key).or_insert(word);
            }
        }
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        Ok(config)
    }

    fn validate(&self, source: &str, file: &Path) -> Result<()> {
        let web_address = |url: &str| ["http://", "https://"].iter().any(|s| url.starts_with(s));
        let fail = |(table, key): (&str, &str), message: String, hint: &str| {
            Err(setting_error(source, file, table, key, message)
                .hint(hint)
                .into())
        };
        if !web_address(&self.base_url) {
            return fail(
                ("", "base_url"),
                format!("base_url `{}` is not a web address", self.base_url),
                "write the full address the site is published at, e.g. base_url = \"https://saferdistrict.example.org/\"",
            );
        }
        for code in self.languages.keys() {
            if !is_language_code(code) {
                let why = "is not a language code";
                return fail(
                    ("[languages", code),
                    format!("[languages.{code}] {why}"),
                    "name each other language by the code its files carry, such as [languages.cy] for Welsh (`page.cy.md`); the site's own language is `language`",
                );
            }
        }
        let all_taxonomies = self.languages.values().flat_map(|l| &l.taxonomies);
        for taxonomy in self.taxonomies.iter().chain(all_taxonomies) {
            let Some(word) = &taxonomy.paginate_path else {
                continue;
            };
            let safe = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
            if word.is_empty() || !word.chars().all(safe) {
                return fail(
                    ("paginate_path", word),
                    format!(
                        "paginate_path `{word}` of the taxonomy `{}` is not one word of an address",
                        taxonomy.name
                    ),
                    "use letters, digits, `-` or `_`, such as paginate_path = \"page\", which puts the later pages at …/page/2/",
                );
            }
        }
        let colours = self.brand.problems().into_iter().map(|problem| {
            setting_error(source, file, "[brand]", problem.key, problem.message).hint(problem.hint)
        });
        Diagnostics::fail_if_any(colours.collect())?;
        if !web_address(&self.quick_exit.url) {
            return fail(
                ("[quick_exit]", "url"),
                format!(
                    "[quick_exit] url `{}` is not a web address",
                    self.quick_exit.url
                ),
                "the Exit this page button needs a full address of a neutral site, e.g. url = \"https://www.bbc.co.uk/weather\"",
            );
        }
        Ok(())
    }

    /// An error about a setting that only later stages can judge, such as
    /// a link to a content file, placed at the setting in `config.toml`.
    pub fn error_at(root: &Path, table: &str, key: &str, message: String) -> Diagnostic {
        let file = Path::new(file_name(root));
        let source = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        setting_error(&source, file, table, key, message)
    }

    /// Replaces `base_url`, as `--base-url` does.
    pub fn set_base_url(&mut self, base_url: &str) {
        self.base_url = base_url.to_string();
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
    }

    /// The path part of `base_url` (`/` or `/csp/`): every root-relative link starts with it,
    /// so a site published in a sub-folder still works.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    /// The language a page in `lang` is in: `lang` itself, or the site's
    /// own language for a page whose file names none.
    pub fn language_code<'a>(&'a self, lang: Option<&'a str>) -> &'a str {
        lang.unwrap_or(&self.language)
    }

    /// The site's own language (`None`), then each of `[languages]`.
    pub fn every_language(&self) -> impl Iterator<Item = Option<&str>> {
        let others = self.languages.keys().map(|code| Some(code.as_str()));
        [None].into_iter().chain(others)
    }

    /// Where the pages in `lang` are published: the base path, then the
    /// language's code for any but the site's own (`/cy/`).
    pub fn language_base(&self, lang: Option<&str>) -> String {
        match lang {
            Some(code) => format!("{}{code}/", self.base_path()),
            None => self.base_path().to_string(),
        }
    }

    /// The settings as a page in `lang` sees them: the language's title
    /// and description in place of the site's.
    pub fn for_language(&self, lang: &str) -> Config {
        let mut config = self.clone();
        if let Some(options) = self.languages.get(lang) {
            config.title = options.title.clone().unwrap_or(config.title);
            config.description = options.description.clone().unwrap_or(config.description);
        }
        config
    }

    /// Turns a site path such as `/priorities/asb/` into an absolute URL.
    pub fn absolute_url(&self, site_path: &str) -> String {
        let origin = &self.base_url[..self.base_url.len() - self.base_path().len()];
        format!("{origin}{site_path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<Config> {
        Config::parse(source, Path::new("config.toml"))
    }

    #[test]
    fn the_site_s_own_language_under_languages_is_read_as_zola_reads_it() {
        let config = parse(
            "title = \"T\"\nbase_url = \"https://e.org\"\ndefault_language = \"en\"\n\
             [languages.en]\ndescription = \"D\"\n[languages.en.translations]\nsearch = \"Find\"\n\
             [languages.cy]\ntitle = \"W\"\n",
        )
        .unwrap();
        assert_eq!(config.languages.keys().collect::<Vec<_>>(), ["cy"]);
        assert_eq!(config.description, "D");
        assert_eq!(config.translations["search"], "Find");
    }

    #[test]
    fn defaults_and_trailing_slash() {
        let config = parse("title = \"T\"\nbase_url = \"https://example.org\"\n").unwrap();
        assert_eq!(config.language, "en-GB");
        assert_eq!(config.theme, "default");
        assert_eq!(config.base_url, "https://example.org/");
        assert_eq!(config.base_path(), "/");
        assert!(config.markdown.highlight_code);
    }

    #[test]
    fn base_path_of_a_sub_folder_site() {
        let config = parse("title = \"T\"\nbase_url = \"https://example.org/csp\"\n").unwrap();
        assert_eq!(config.base_path(), "/csp/");
        assert_eq!(
            config.absolute_url("/csp/about/"),
            "https://example.org/csp/about/"
        );
    }

    #[test]
    fn unknown_key_names_it_and_suggests_the_right_one() {
        let err =
            parse("title = \"T\"\nbase_url = \"https://e.org\"\nlanguge = \"en\"\n").unwrap_err();
        let d = &err.0[0];
        assert_eq!(d.message, "unknown key `languge` in config.toml");
        assert_eq!((d.line, d.column), (3, 1));
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `language`?")
        );
    }

    #[test]
    fn base_url_must_be_a_web_address() {
        let err = parse("title = \"T\"\nbase_url = \"example.org\"\n").unwrap_err();
        assert_eq!(err.0[0].line, 2);
        assert!(err.0[0].message.contains("not a web address"));
    }
}
