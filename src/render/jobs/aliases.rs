//! Planning the redirect page at each old address a page lists in
//! `aliases`. Each alias was checked when it claimed its address at load
//! ([`crate::content::claim_aliases`]): here it only gets its page.

use super::*;

impl<'a> Planner<'a> {
    /// A redirect page at each old address listed in `aliases`.
    pub fn aliases(&self) -> Vec<Job> {
        let mut out = Vec::new();
        for item in self.site.library.items() {
            let (file, url) = (item.file(), item.url());
            for alias in item.aliases() {
                let Some((_, path)) = self.site.addresses.alias(alias.get_ref()) else {
                    continue;
                };
                let mut context = Context::new();
                context.insert("url", url);
                context.insert("permalink", &self.site.config.absolute_url(url));
                out.push(Job::new(path, REDIRECT_TEMPLATE, context, &file.shown));
            }
        }
        out
    }
}
