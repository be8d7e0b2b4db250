//! Planning the redirect page at each old address a page lists in
//! `aliases`. Each alias was checked when it claimed its address at load
//! ([`crate::content::claim_aliases`]): here it only gets its page.

use super::*;
use crate::addresses::Made;

impl<'a> Planner<'a> {
    /// A redirect page at each old address listed in `aliases`.
    pub fn aliases(&self) -> Vec<Job> {
        let mut out = Vec::new();
        for section in &self.site.library.sections {
            let Some(url) = crate::content::first_pager_alias(section) else {
                continue;
            };
            let owner = self.site.addresses.owner(&url);
            if matches!(owner, Some(Made::Alias { file }) if *file == section.file.shown) {
                let permalink = self.site.config.absolute_url(&section.url);
                let to = (section.url.as_str(), permalink.as_str());
                out.push(self.redirect_at(self.output_path(&url), to, &section.file.shown));
            }
        }
        for item in self.site.library.items().filter(|item| item.rendered()) {
            let (file, url) = (item.file(), item.url());
            for alias in item.aliases() {
                let Some((_, path)) = self.site.addresses.alias(alias.get_ref()) else {
                    continue;
                };
                let permalink = self.site.config.absolute_url(url);
                out.push(self.redirect_at(path, (url, &permalink), &file.shown));
            }
        }
        out
    }

    /// A redirect page at `url` to `target`: a section's `redirect_to`.
    pub(super) fn redirect(&self, url: &str, target: &str, origin: &Path) -> Job {
        self.redirect_at(self.output_path(url), (target, target), origin)
    }

    /// A redirect page at `path` to `to`, as a link (root-relative on this
    /// site) and as the canonical, absolute address.
    fn redirect_at(&self, path: String, (to, permalink): (&str, &str), origin: &Path) -> Job {
        let mut context = Context::new();
        context.insert("url", to);
        context.insert("permalink", permalink);
        Job::new(path, REDIRECT_TEMPLATE, context, origin)
    }
}
