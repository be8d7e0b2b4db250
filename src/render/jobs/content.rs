//! Planning the outputs of content pages, sections and pages made from data.

use super::*;
use crate::addresses::Made;

impl<'a> Planner<'a> {
    pub fn page(&self, index: usize, page: &Page, value: &Value) -> Result<Vec<Job>> {
        if !page.meta.render {
            return Ok(Vec::new());
        }
        let sections = &self.site.library.sections;
        // The page's own `template`, or the nearest section above that
        // names a `page_template`, as in Zola: a missing template is
        // blamed on the file that names it.
        let inherited = page.ancestors.iter().rev().find_map(|&i| {
            let template = sections[i].meta.page_template.as_ref()?;
            Some((&sections[i].file, template))
        });
        let (named_in, chosen) = match (page.meta.template.as_deref(), inherited) {
            (Some(own), _) => (&page.file, Some(own)),
            (None, Some((file, template))) => (file, Some(template)),
            (None, None) => (&page.file, None),
        };
        let mut context = self.context(&page.url, page.sensitive);
        // A page at a `path` of its own is in its file's language wherever it is.
        self.insert_language(&mut context, page.file.lang.as_deref());
        self.insert_translations(&mut context, crate::content::ItemRef::Page(page));
        // The page's own template reads the fields lists leave out.
        let own = match self.left_out.any() {
            true => {
                let (site, rendered) = (self.site, &self.site.texts.pages[index]);
                let (config, library) = (site.config, site.library);
                ser::page_value(
                    config,
                    library,
                    self.shared,
                    page,
                    rendered,
                    ser::OwnOnly::NONE,
                )
            }
            false => value.clone(),
        };
        context.insert_value("page", own);
        let mut default = "page.html";
        let meta = &page.meta;
        let claimed = [
            (
                "priority",
                "priority.html",
                meta.priority.as_ref(),
                &self.site.lookup.data.priorities,
            ),
            (
                "scheme",
                "scheme.html",
                meta.scheme.as_ref(),
                &self.site.lookup.data.schemes,
            ),
            (
                "partner",
                "partner.html",
                meta.partner.as_ref(),
                &self.site.lookup.data.partners,
            ),
        ];
        for (key, template, id, values) in claimed {
            if let Some(value) = id.and_then(|id| values.get(id.get_ref())) {
                context.insert_value(key, value.clone());
                default = template;
            }
        }
        if let Some(progress) = self.site.lookup.data.progress.get(&index) {
            context.insert_value("progress", progress.clone());
            default = "progress.html";
        }
        if !self.site.templates.contains(default) {
            default = "page.html";
        }
        let template = self.template(named_in, chosen, default)?;
        let path = self.output_path(&page.url);
        Ok(vec![Job::new(path, &template, context, &page.file.shown)])
    }

    /// A section's list, one job per pager. A paginated section's pagers
    /// get the section without its pages, as Zola's do, the pages being in
    /// `paginator.pages`: so an edit to one page re-renders the one pager
    /// that lists it, not all of them.
    pub fn section(&self, section: &Section, value: &Value, metadata: &Value) -> Result<Vec<Job>> {
        let mut out = self.section_feed(section);
        if !section.meta.render {
            return Ok(out);
        }
        if let Some(target) = &section.meta.redirect_to {
            out.push(self.redirect(
                &section.url,
                &self.redirect_target(target.get_ref()),
                &section.file.shown,
            ));
            return Ok(out);
        }
        let default = if section.parent.is_none() {
            "index.html"
        } else {
            "section.html"
        };
        let template = self.template(&section.file, section.meta.template.as_ref(), default)?;
        let size = section.paginated().unwrap_or(0);
        let pagers = pagers(section.pages.len(), size);
        let mut all = value
            .as_map()
            .and_then(|m| m.get(&tera::value::Key::from("pages")))
            .and_then(Value::as_array)
            .unwrap_or_default()
            .to_vec();
        if section.meta.paginate_reversed {
            all.reverse();
        }
        for pager in &pagers {
            let url = pager.url(&section.url, section.paginate_path());
            let mut context = self.context(&url, section.sensitive);
            self.insert_translations(&mut context, crate::content::ItemRef::Section(section));
            let shown = if size > 0 { metadata } else { value };
            context.insert_value("section", shown.clone());
            if size > 0 {
                let shown = Value::from(&all[pager.range.clone()]);
                let list = (section.url.as_str(), section.paginate_path());
                let paginator = paginator(pager, list, shown, all.len(), pagers.len(), size);
                context.insert_value("paginator", paginator);
            }
            let path = self.output_path(&url);
            out.push(Job::new(path, &template, context, &section.file.shown));
        }
        Ok(out)
    }

    /// `generate_feeds = true`: the feed of a section's pages, beside its page.
    fn section_feed(&self, section: &Section) -> Vec<Job> {
        if !section.meta.generate_feeds {
            return Vec::new();
        }
        // The home page's feed is the site's own.
        if section.parent.is_none() {
            return Vec::new();
        }
        vec![self.feed(
            &section.url,
            Some(&section.meta.title),
            &section.pages,
            self.page_values,
        )]
    }

    /// Where a section's `redirect_to` sends readers: a full web address as
    /// it is, `@/` a content file's address, any other a path on this site.
    fn redirect_target(&self, target: &str) -> String {
        if target.contains("://") {
            return target.to_string();
        }
        if let Some(relative) = target.strip_prefix("@/") {
            let relative = relative.split('#').next().unwrap_or(relative);
            if let Some(url) = self.site.library.url_of(relative) {
                return self.site.config.absolute_url(url);
            }
        }
        let path = target.trim_start_matches('/');
        self.site
            .config
            .absolute_url(&format!("{}{path}", self.base_path))
    }

    pub fn generated(&self, page: &GeneratedPage) -> Result<Vec<Job>> {
        let ancestors = self.ancestors(&page.url);
        let value = ser::generated_page_value(
            &page.title,
            page.description.as_deref(),
            &page.url,
            &self.site.config.absolute_url(&page.url),
            &ancestors,
            page.sensitive,
            &self.site.config.language,
        );
        let mut context = self.context(&page.url, page.sensitive);
        context.insert_value("page", value);
        for (key, value) in &page.context {
            context.insert_value(*key, value.clone());
        }
        let here = PathBuf::from(format!("(generated) {}", page.url));
        if !self.site.templates.contains(page.template) {
            return Err(Diagnostic::error(
                format!(
                    "themes/{}/templates/{}",
                    self.site.config.theme, page.template
                ),
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
        let path = self.output_path(&page.url);
        Ok(vec![Job::new(path, page.template, context, &here)])
    }

    /// The pages and sections at each shorter address, for a generated page's breadcrumbs.
    pub(super) fn ancestors(&self, url: &str) -> Vec<ser::Link<'a>> {
        let path = url.strip_prefix(self.base_path).unwrap_or(url);
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let mut out = Vec::new();
        for depth in 0..parts.len() {
            let prefix: String = parts[..depth].iter().map(|p| format!("{p}/")).collect();
            let wanted = format!("{}{prefix}", self.base_path);
            let Some((url, made)) = self.site.addresses.owned(&wanted) else {
                continue;
            };
            let title = match made {
                Made::Content(content) => self.site.library.item(*content).title(),
                Made::Data { title, .. } => title.as_str(),
                _ => continue,
            };
            out.push(ser::Link {
                title,
                url,
                published: true,
            });
        }
        out
    }
}
