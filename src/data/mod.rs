//! The partnership as data: partners, priorities, schemes, funding and the
//! action plan of each year, read from TOML files under `data/`.
//!
//! A plan is a table in the seed documents (priority → objective → action →
//! outcomes → lead → quarterly update), and residents, parish councils and the
//! review committee each want a different cut of it. Keeping it as typed data
//! lets one source feed the priority pages, the dashboards and the open data.
//!
//! The structs are what serde reads; fields that errors must point at are
//! [`Spanned`]. [`load`] reads and [`validate`] checks references, so that
//! everything past this module can trust ids and years.

pub mod chart;
mod claims;
mod load;
pub mod open_data;
pub mod pages;
pub mod progress;
pub mod sensitive;
pub mod urls;
mod validate;
pub mod values;
pub mod view;

pub use sensitive::mark_sensitive;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::date::Date;

pub use crate::date::{PlanYear, Quarter};
pub use crate::toml_file::DataFile;
pub use claims::{Claims, claims};
pub use load::{load, read_all};
pub use validate::is_web_address;

#[derive(Debug, Clone, Default)]
pub struct Data {
    pub partners: Vec<Partner>,
    pub priorities: Vec<Priority>,
    pub schemes: Vec<Scheme>,
    pub funding: Vec<Allocation>,
    /// Oldest first.
    pub plans: Vec<Plan>,
    /// Index into `plans` of the plan priority pages show: `current_plan` in
    /// `config.toml`, or else the newest.
    pub current_plan: Option<usize>,
    pub partners_file: DataFile,
    pub priorities_file: DataFile,
    pub schemes_file: DataFile,
    pub funding_file: DataFile,
}

impl Data {
    pub fn partner(&self, id: &str) -> Option<&Partner> {
        self.partners.iter().find(|p| *p.id.get_ref() == id)
    }

    pub fn priority(&self, id: &str) -> Option<&Priority> {
        self.priorities.iter().find(|p| *p.id.get_ref() == id)
    }

    pub fn scheme(&self, id: &str) -> Option<&Scheme> {
        self.schemes.iter().find(|s| *s.id.get_ref() == id)
    }

    pub fn plan(&self, year: PlanYear) -> Option<&Plan> {
        self.plans.iter().find(|p| p.year == year)
    }

    pub fn current(&self) -> Option<&Plan> {
        self.current_plan.map(|i| &self.plans[i])
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartnerKind {
    /// A responsible authority under the Crime and Disorder Act 1998.
    Statutory,
    /// A public body that is not a responsible authority: the Police and
    /// Crime Commissioner's office, which funds the partnership.
    Public,
    Community,
    Voluntary,
    /// A housing association.
    Housing,
    Business,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub id: Spanned<String>,
    #[serde(deserialize_with = "crate::toml_error::non_empty")]
    pub name: String,
    /// Initials the plans use, such as `RDC`.
    pub short_name: Option<String>,
    pub kind: PartnerKind,
    /// Checked like a Markdown link's address: never `javascript:`.
    pub website: Option<Spanned<String>>,
    #[serde(default)]
    pub description: String,
    /// A domestic abuse service, say: its page, and every page tagged with
    /// it or reporting on the actions it leads, gets the quick exit
    /// (`sensitive.rs`). They stay listed.
    #[serde(default)]
    pub sensitive: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Priority {
    pub id: Spanned<String>,
    #[serde(deserialize_with = "crate::toml_error::non_empty")]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Sub-themes, e.g. domestic abuse and hidden harm under safeguarding.
    #[serde(default)]
    pub themes: Vec<String>,
    /// Plan years it is a priority in, besides those whose plan has actions for it.
    #[serde(default)]
    pub years: Vec<Spanned<String>>,
    /// Filled in by validation: `years` and every plan that uses it, oldest first.
    #[serde(skip)]
    pub plan_years: Vec<PlanYear>,
    /// Domestic abuse, say: its pages, and every page tagged with it or
    /// reporting on its actions (plans, quarterly updates), get the quick
    /// exit (`sensitive.rs`). They stay listed: residents look for them.
    #[serde(default)]
    pub sensitive: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    pub id: Spanned<String>,
    #[serde(deserialize_with = "crate::toml_error::non_empty")]
    pub name: String,
    #[serde(deserialize_with = "crate::toml_error::non_empty")]
    pub what_it_is: String,
    #[serde(deserialize_with = "crate::toml_error::non_empty")]
    pub who_it_is_for: String,
    #[serde(deserialize_with = "crate::toml_error::non_empty")]
    pub how_to_get_help: String,
    pub phone: Option<String>,
    /// Checked like a Markdown link's address: never `javascript:`.
    pub web: Option<Spanned<String>>,
    #[serde(default)]
    pub venues: Vec<String>,
    #[serde(default)]
    pub leads: Vec<Spanned<String>>,
    #[serde(default)]
    pub priorities: Vec<Spanned<String>>,
    /// Deals with domestic abuse or other matters a reader may need to hide
    /// from someone: its pages carry the quick-exit reminder.
    #[serde(default)]
    pub sensitive: bool,
    /// Whether it is running, as far as the partnership last knew: the
    /// theme shows it, and `check` warns when a planned scheme's words
    /// send residents to look for it.
    pub status: Option<SchemeStatus>,
    /// The day that status was last known, e.g. that of the update that
    /// reported it; shown beside it.
    pub status_as_of: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SchemeStatus {
    /// Agreed in a plan, not known to have started.
    Planned,
    Running,
    Ended,
}

impl SchemeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SchemeStatus::Planned => "planned",
            SchemeStatus::Running => "running",
            SchemeStatus::Ended => "ended",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SchemeStatus::Planned => "Planned",
            SchemeStatus::Running => "Running",
            SchemeStatus::Ended => "Ended",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allocation {
    #[serde(rename = "year")]
    pub year_text: Spanned<String>,
    #[serde(deserialize_with = "crate::toml_error::non_empty")]
    pub source: String,
    /// Pounds, as a number: `14019` or `12337.50`. Checked by validation.
    #[serde(rename = "amount")]
    pub amount_value: Spanned<toml::Value>,
    #[serde(default)]
    pub purpose: String,
    #[serde(skip)]
    pub year: PlanYear,
    #[serde(skip)]
    pub pence: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    #[serde(rename = "year")]
    pub year_text: Spanned<String>,
    #[serde(deserialize_with = "crate::toml_error::non_empty")]
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// Where the plan came from, e.g. the committee report it was appended to.
    #[serde(default)]
    pub source: String,
    pub published: Option<Date>,
    #[serde(default, rename = "objective")]
    pub objectives: Vec<Objective>,
    #[serde(skip)]
    pub year: PlanYear,
    #[serde(skip)]
    pub file: DataFile,
}

impl Plan {
    /// The plan's objectives under `priority`, in plan order.
    pub fn objectives_for<'a>(
        &'a self,
        priority: &'a str,
    ) -> impl Iterator<Item = &'a Objective> + 'a {
        self.objectives
            .iter()
            .filter(move |o| o.priority.get_ref() == priority)
    }

    /// Whether the plan has any objective under `priority`.
    pub fn has_priority(&self, priority: &str) -> bool {
        self.objectives_for(priority).next().is_some()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: Spanned<String>,
    pub priority: Spanned<String>,
    pub title: String,
    #[serde(default, rename = "action")]
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub outcomes: Vec<String>,
    #[serde(default)]
    pub leads: Vec<Spanned<String>>,
    /// The team or officer inside the lead partners, as the plan names them.
    pub lead_detail: Option<String>,
    pub timescale: Option<String>,
    /// Money or staff time set aside, as the older plans record it.
    pub resources: Option<String>,
    #[serde(default, rename = "update")]
    pub updates: Vec<Update>,
}

impl Action {
    /// Its updates from Q1 to Q4, whatever order the file has them in.
    pub fn updates_in_order(&self) -> Vec<&Update> {
        let mut updates: Vec<&Update> = self.updates.iter().collect();
        updates.sort_by_key(|u| *u.quarter.get_ref());
        updates
    }

    pub fn update(&self, quarter: Quarter) -> Option<&Update> {
        self.updates
            .iter()
            .find(|u| *u.quarter.get_ref() == quarter)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Update {
    pub quarter: Spanned<Quarter>,
    pub status: Status,
    pub text: String,
    pub date: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    NotStarted,
    OnTrack,
    AtRisk,
    Complete,
    NoUpdate,
}

impl Status {
    /// In the order dashboards list them.
    pub const ALL: [Status; 5] = [
        Status::Complete,
        Status::OnTrack,
        Status::AtRisk,
        Status::NotStarted,
        Status::NoUpdate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::NotStarted => "not-started",
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::Complete => "complete",
            Status::NoUpdate => "no-update",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not started",
            Status::OnTrack => "On track",
            Status::AtRisk => "At risk",
            Status::Complete => "Complete",
            Status::NoUpdate => "No update",
        }
    }
}

/// The priorities a plan has objectives for, in the order of `priorities.toml`.
pub fn plan_priorities<'a>(plan: &Plan, data: &'a Data) -> Vec<&'a Priority> {
    data.priorities
        .iter()
        .filter(|p| plan.has_priority(p.id.get_ref()))
        .collect()
}

/// `1403` pence → `£14.03`; whole pounds drop the pence: `£14,019`.
pub fn format_pounds(pence: u64) -> String {
    let pounds = (pence / 100).to_string();
    let mut grouped = String::new();
    for (i, digit) in pounds.chars().enumerate() {
        if i > 0 && (pounds.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    match pence % 100 {
        0 => format!("£{grouped}"),
        p => format!("£{grouped}.{p:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_years_are_consecutive_financial_years() {
        assert_eq!(PlanYear::parse("2017/18"), Some(PlanYear { start: 2017 }));
        assert_eq!(PlanYear::parse("1999/00"), Some(PlanYear { start: 1999 }));
        assert_eq!(PlanYear::parse("2017/19"), None);
        assert_eq!(PlanYear::parse("2017-18"), None);
        assert_eq!(PlanYear::parse("17/18"), None);
        assert_eq!(PlanYear::parse("2017/1a"), None);
        let year = PlanYear { start: 2009 };
        assert_eq!(year.to_string(), "2009/10");
        assert_eq!(year.slug(), "2009-10");
    }

    #[test]
    fn pounds_are_grouped_in_thousands() {
        assert_eq!(format_pounds(1_401_900), "£14,019");
        assert_eq!(format_pounds(7_000_000), "£70,000");
        assert_eq!(format_pounds(31_000_000_000), "£310,000,000");
        assert_eq!(format_pounds(1_233_750), "£12,337.50");
        assert_eq!(format_pounds(50), "£0.50");
    }
}
