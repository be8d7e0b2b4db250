//! Filling in the starter site's files (`src/scaffold/starter/`, built in):
//! each `{{key}}` in a file's path or text becomes the new site's value.
//!
//! Why files rather than strings in code: an officer-facing page or a
//! workflow reads best, and is reviewed best, as the file it will be.

use jiff::Span;

use crate::date::PlanYear;

use super::NewSite;

/// The values a starter file may name, as `(key, value)`.
pub struct Fill {
    values: Vec<(&'static str, String)>,
}

impl Fill {
    pub fn new(site: &NewSite) -> Fill {
        let today = site.today;
        let start = if today.month() >= 4 {
            today.year()
        } else {
            today.year() - 1
        };
        let plan = PlanYear {
            start: u16::try_from(start).unwrap_or_default(),
        };
        let review = today.checked_add(Span::new().years(1)).unwrap_or(today);
        let name = toml::Value::String(site.name.to_string()).to_string();
        Fill {
            values: vec![
                ("name_toml", name),
                ("name", site.name.to_string()),
                ("today", today.to_string()),
                ("review_by", review.to_string()),
                ("plan_year", plan.to_string()),
                ("plan_slug", plan.slug()),
                ("version", env!("CARGO_PKG_VERSION").to_string()),
                ("repository", repository()),
            ],
        }
    }

    /// `text` with each `{{key}}` replaced by its value.
    pub fn apply(&self, text: &str) -> String {
        let mut out = text.to_string();
        for (key, value) in &self.values {
            out = out.replace(&format!("{{{{{key}}}}}"), value);
        }
        out
    }
}

/// `owner/name` of the repository the release binaries are published from,
/// from Cargo.toml's `repository`.
fn repository() -> String {
    let url = env!("CARGO_PKG_REPOSITORY");
    url.trim_start_matches("https://github.com/")
        .trim_end_matches('/')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil;

    #[test]
    fn keys_are_filled_in_paths_and_text() {
        let site = NewSite {
            name: "Castle Point \"and\" Rochford",
            today: civil::date(2027, 2, 3),
        };
        let fill = Fill::new(&site);
        assert_eq!(
            fill.apply("data/plans/{{plan_slug}}.toml"),
            "data/plans/2026-27.toml"
        );
        assert_eq!(
            fill.apply(
                "title = {{name_toml}}\nyear = \"{{plan_year}}\"\nreview_by = {{review_by}}"
            ),
            "title = 'Castle Point \"and\" Rochford'\nyear = \"2026/27\"\nreview_by = 2028-02-03"
        );
        let april = Fill::new(&NewSite {
            today: civil::date(2027, 4, 1),
            ..site
        });
        assert_eq!(april.apply("{{plan_year}} {{today}}"), "2027/28 2027-04-01");
        // A shortcode's braces are not a key.
        assert_eq!(fill.apply("{{ dashboard() }}"), "{{ dashboard() }}");
        assert!(!repository().is_empty() && !repository().contains("://"));
    }
}
