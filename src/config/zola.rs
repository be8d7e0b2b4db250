//! Zola's settings: the ones a Zola site's config.toml may set that
//! Lamplight accepts (so the site reads) and has no use for, each with what
//! a site moving from Zola does instead. The structs in `config` hold a
//! field for each, never read; this list is what `check` and `import zola`
//! tell officers.

/// Zola's settings Lamplight accepts and does not use, by table (`""` for
/// the top level), each with what a site moving from Zola does instead.
pub const ZOLA_ONLY: &[(&str, &str, &str)] = &[
    (
        "",
        "generate_feeds",
        "the site always has a feed, at atom.xml, of its dated pages",
    ),
    (
        "",
        "generate_feed",
        "the site always has a feed, at atom.xml, of its dated pages",
    ),
    (
        "",
        "author",
        "feeds name no author; a contact for readers can go in [extra]",
    ),
    (
        "",
        "compile_sass",
        "Lamplight does not compile Sass: compile it once and put the CSS in static/",
    ),
    (
        "",
        "minify_html",
        "pages are written as the templates make them",
    ),
    (
        "",
        "build_search_index",
        "Lamplight always makes its own search index, split so a phone downloads little; Zola's elasticlunr index is not made",
    ),
    ("", "hard_link_static", "static files are copied"),
    (
        "",
        "taxonomy_root",
        "taxonomies' pages are at the site's root, such as /tags/",
    ),
    (
        "",
        "ignored_static",
        "everything in static/ is published: move out what should not be",
    ),
    (
        "",
        "output_dir",
        "the output folder is given to `lamplight build --output-dir`",
    ),
    (
        "",
        "preserve_dotfiles_in_output",
        "the output folder is made new on every build",
    ),
    ("", "mode", "not a setting in Lamplight"),
    ("", "generate_sitemap", "sitemap.xml is always made"),
    ("", "generate_robots_txt", "robots.txt is always made"),
    (
        "",
        "exclude_paginated_pages_in_sitemap",
        "the sitemap lists each list once, at its first page",
    ),
    ("", "feed_filenames", "the feed is always atom.xml"),
    (
        "",
        "link_checker",
        "`lamplight check --external` asks other sites; [check] skip_external lists addresses it should not ask",
    ),
    (
        "",
        "slugify",
        "addresses are made as Zola's default (`paths = \"on\"`) makes them",
    ),
    (
        "search",
        "include_title",
        "titles, headings, descriptions and text are always indexed",
    ),
    (
        "search",
        "include_description",
        "titles, headings, descriptions and text are always indexed",
    ),
    (
        "search",
        "include_date",
        "titles, headings, descriptions and text are always indexed",
    ),
    (
        "search",
        "include_path",
        "titles, headings, descriptions and text are always indexed",
    ),
    (
        "search",
        "include_content",
        "titles, headings, descriptions and text are always indexed",
    ),
    (
        "search",
        "truncate_content_length",
        "results show each page's description",
    ),
    (
        "search",
        "index_format",
        "Lamplight always makes its own search index, split so a phone downloads little",
    ),
    (
        "taxonomies",
        "lang",
        "a language's taxonomies go under `[languages.<code>]`, as `taxonomies = [{ name = \"tags\" }]`",
    ),
    (
        "markdown",
        "highlight_theme",
        "code is highlighted with CSS classes; the theme's css/syntax.css sets the colours",
    ),
    (
        "markdown",
        "highlight_themes_css",
        "the theme's css/syntax.css sets the colours of code",
    ),
    (
        "markdown",
        "highlighting",
        "the theme's css/syntax.css sets the colours of code",
    ),
    (
        "markdown",
        "extra_syntaxes_and_themes",
        "code is highlighted with the languages Lamplight knows",
    ),
    (
        "markdown",
        "render_emoji",
        "write emoji as the characters themselves",
    ),
    (
        "markdown",
        "external_links_class",
        "links to other sites are not marked",
    ),
    (
        "markdown",
        "external_links_target_blank",
        "links open where readers choose: a new tab unasked confuses screen-reader users (WCAG 3.2.5)",
    ),
    (
        "markdown",
        "external_links_no_follow",
        "links to other sites are not marked",
    ),
    (
        "markdown",
        "external_links_no_referrer",
        "every page already says `Referrer-Policy: no-referrer` in _headers and its own meta tag",
    ),
    (
        "markdown",
        "external_links_external",
        "links to other sites are not marked",
    ),
    (
        "markdown",
        "bottom_footnotes",
        "footnotes are listed where they are written",
    ),
    (
        "markdown",
        "lazy_async_image",
        "images load as the browser decides",
    ),
];

/// The settings of [`ZOLA_ONLY`] that `source` (a config.toml) sets, as
/// (table, key, what to do instead).
pub fn zola_only_set(source: &str) -> Vec<(&'static str, &'static str, &'static str)> {
    let Ok(table) = source.parse::<toml::Table>() else {
        return Vec::new();
    };
    let has = |table_name: &str, key: &str| match table_name {
        "" => table.contains_key(key),
        "taxonomies" => table
            .get("taxonomies")
            .and_then(toml::Value::as_array)
            .is_some_and(|all| all.iter().any(|t| t.get(key).is_some())),
        name => table.get(name).and_then(|t| t.get(key)).is_some(),
    };
    let set = ZOLA_ONLY.iter().filter(|(table, key, _)| has(table, key));
    set.copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse(source: &str) -> crate::diagnostic::Result<super::super::Config> {
        super::super::Config::parse(source, Path::new("config.toml"))
    }

    /// Each of Zola's settings in the list is accepted where Zola puts it,
    /// and found again for `check` to name.
    #[test]
    fn every_zola_only_setting_is_accepted_and_found() {
        for (table, key, _) in ZOLA_ONLY {
            let line = format!("{key} = true\n");
            let source = match *table {
                "" => format!("title = \"T\"\nbase_url = \"https://e.org\"\n{line}"),
                "taxonomies" => format!(
                    "title = \"T\"\nbase_url = \"https://e.org\"\n[[taxonomies]]\nname = \"tags\"\n{line}"
                ),
                _ => format!("title = \"T\"\nbase_url = \"https://e.org\"\n[{table}]\n{line}"),
            };
            parse(&source).unwrap_or_else(|e| panic!("{table}.{key}: {e:?}"));
            let found = zola_only_set(&source);
            assert!(
                found.iter().any(|(t, k, _)| t == table && k == key),
                "{table}.{key}: {found:?}"
            );
        }
        // Zola's whole [search] table, as its documentation shows it, beside
        // Lamplight's own setting there.
        let zola_search = "title = \"T\"\nbase_url = \"https://e.org\"\n[search]\n\
            include_title = true\ninclude_description = false\ninclude_date = false\n\
            include_path = false\ninclude_content = true\ntruncate_content_length = 100\n\
            index_format = \"fuse_json\"\nsynonyms = [[\"asb\", \"anti-social behaviour\"]]\n";
        let config = parse(zola_search).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(config.search.synonyms.len(), 1);
        assert_eq!(zola_only_set(zola_search).len(), 7);
        // A word that is neither Zola's nor Lamplight's is still an error.
        assert!(
            parse("title = \"T\"\nbase_url = \"https://e.org\"\ncompile_sas = true\n").is_err()
        );
    }
}
