//! Planning the redirect page at each old address a page lists in
//! `aliases`, refusing any that leaves the site or is taken.

use super::*;

impl<'a> Planner<'a> {
    /// A redirect page at each old address listed in `aliases`.
    pub fn aliases(&self) -> Result<Vec<Job>> {
        let library = self.site.library;
        if library.items().all(|item| item.aliases().is_empty()) {
            return Ok(Vec::new());
        }
        let taken: HashMap<String, &Path> = library
            .items()
            .map(|item| (self.output_path(item.url()), item.file().shown.as_path()))
            .chain(self.site.generated.iter().map(|g| {
                (
                    self.output_path(&g.url),
                    Path::new("a page made from data/"),
                )
            }))
            .collect();
        let mut seen: HashMap<String, &Path> = HashMap::new();
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for item in library.items() {
            let (file, url) = (item.file(), item.url());
            for alias in item.aliases() {
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
                context.insert("url", url);
                context.insert("permalink", &self.site.config.absolute_url(url));
                out.push(Job::new(path, REDIRECT_TEMPLATE, context, &file.shown));
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
}
