//! What templates see of the data: borrowed views, turned into Tera values once
//! per build (`values.rs` assembles them; `urls.rs` gives the addresses).

use serde::Serialize;

use super::{Action, PartnerKind, Update};
use crate::date::{self, PeriodState, PlanYear};

/// A plan's year as its pages state it, and where the build's day falls
/// in it: "Plan for April 2017 to March 2018 … ended on 31 March 2018" is
/// worked out at build time, never written by hand.
#[derive(Serialize)]
pub(super) struct PeriodView {
    /// `2017-04-01` and `2018-03-31`, for `<time datetime>`.
    pub(super) starts: String,
    pub(super) ends: String,
    /// `April 2017 to March 2018`, and its two ends.
    pub(super) text: String,
    pub(super) first_month: String,
    pub(super) last_month: String,
    /// `1 April 2017` and `31 March 2018`.
    pub(super) first_day: String,
    pub(super) last_day: String,
    /// `not-started`, `running` or `ended`.
    pub(super) state: PeriodState,
}

impl PeriodView {
    pub(super) fn new(year: PlanYear, today: jiff::civil::Date) -> PeriodView {
        let (first, last) = (year.first_day(), year.last_day());
        let (first_month, last_month) = (date::month_year(first), date::month_year(last));
        PeriodView {
            starts: first.to_string(),
            ends: last.to_string(),
            text: format!("{first_month} to {last_month}"),
            first_month,
            last_month,
            first_day: date::long_day(first),
            last_day: date::long_day(last),
            state: year.state_on(today),
        }
    }
}

#[derive(Serialize)]
pub struct PartnerLink<'a> {
    pub(super) id: &'a str,
    pub(super) name: &'a str,
    pub(super) short_name: Option<&'a str>,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct PriorityLink<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct SchemeLink<'a> {
    pub(super) id: &'a str,
    pub(super) name: &'a str,
    pub(super) url: String,
    pub(super) sensitive: bool,
    pub(super) status: Option<StatusView>,
}

/// A scheme's `status`, for a tag in lists and a line on its page.
#[derive(Serialize)]
pub(super) struct StatusView {
    /// `planned`, `running` or `ended`.
    pub(super) status: &'static str,
    pub(super) label: &'static str,
    /// `September 2017`: when it was last known.
    pub(super) as_of: Option<String>,
}

impl StatusView {
    pub(super) fn new(scheme: &super::Scheme) -> Option<StatusView> {
        scheme.status.map(|status| StatusView {
            status: status.as_str(),
            label: status.label(),
            as_of: scheme
                .status_as_of
                .map(|d| date::month_year(d.datetime.date())),
        })
    }
}

#[derive(Serialize)]
pub(super) struct PartnerView<'a> {
    pub(super) id: &'a str,
    pub(super) name: &'a str,
    pub(super) short_name: Option<&'a str>,
    pub(super) kind: PartnerKind,
    pub(super) kind_label: &'static str,
    pub(super) website: Option<&'a str>,
    pub(super) description: &'a str,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct SchemeView<'a> {
    pub(super) id: &'a str,
    pub(super) name: &'a str,
    pub(super) what_it_is: &'a str,
    pub(super) who_it_is_for: &'a str,
    pub(super) how_to_get_help: &'a str,
    pub(super) phone: Option<&'a str>,
    pub(super) web: Option<&'a str>,
    pub(super) venues: &'a [String],
    pub(super) sensitive: bool,
    pub(super) status: Option<StatusView>,
    pub(super) url: String,
    pub(super) leads: Vec<PartnerLink<'a>>,
    pub(super) priorities: Vec<PriorityLink<'a>>,
}

#[derive(Serialize)]
pub(super) struct YearLink {
    pub(super) year: String,
    pub(super) slug: String,
    pub(super) url: String,
}

#[derive(Serialize)]
pub(super) struct PriorityView<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) themes: &'a [String],
    pub(super) url: Option<String>,
    /// In the current plan.
    pub(super) current: bool,
    /// Every plan year it was a priority in, such as `2017/18`.
    pub(super) all_years: Vec<String>,
    /// The years with actions for it, linked to their archived pages.
    pub(super) years: Vec<YearLink>,
    pub(super) csv: String,
    pub(super) json: String,
    pub(super) schemes: Vec<SchemeLink<'a>>,
}

#[derive(Serialize)]
pub(super) struct UpdateView<'a> {
    pub(super) quarter: &'static str,
    pub(super) months: &'static str,
    pub(super) status: &'static str,
    pub(super) status_label: &'static str,
    pub(super) text: &'a str,
    pub(super) date: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ActionView<'a> {
    pub(super) id: &'a str,
    pub(super) anchor: String,
    pub(super) title: &'a str,
    pub(super) outcomes: &'a [String],
    pub(super) leads: Vec<PartnerLink<'a>>,
    pub(super) lead_detail: Option<&'a str>,
    pub(super) timescale: Option<&'a str>,
    pub(super) resources: Option<&'a str>,
    pub(super) updates: Vec<UpdateView<'a>>,
    pub(super) latest: Option<UpdateView<'a>>,
}

#[derive(Serialize)]
pub(super) struct ObjectiveView<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) actions: Vec<ActionView<'a>>,
}

#[derive(Serialize)]
pub(super) struct StatusCount {
    pub(super) status: &'static str,
    pub(super) label: &'static str,
    pub(super) count: usize,
}

#[derive(Serialize)]
pub(super) struct QuarterView {
    pub(super) quarter: &'static str,
    pub(super) months: &'static str,
    pub(super) total: usize,
    pub(super) counts: Vec<StatusCount>,
}

#[derive(Serialize)]
pub(super) struct StatusLabel {
    pub(super) status: &'static str,
    pub(super) label: &'static str,
}

#[derive(Serialize)]
pub(super) struct DashboardView {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) actions: usize,
    pub(super) statuses: Vec<StatusLabel>,
    pub(super) quarters: Vec<QuarterView>,
    pub(super) svg: String,
}

#[derive(Serialize)]
pub(super) struct PriorityPlanView<'a> {
    pub(super) year: String,
    pub(super) slug: String,
    pub(super) url: String,
    pub(super) plan_url: String,
    pub(super) plan_title: &'a str,
    /// Whether this is the plan priority pages show (`current_plan`).
    pub(super) current: bool,
    pub(super) period: PeriodView,
    pub(super) priority: PriorityLink<'a>,
    pub(super) objectives: Vec<ObjectiveView<'a>>,
    pub(super) action_count: usize,
    pub(super) dashboard: DashboardView,
}

#[derive(Serialize)]
pub(super) struct PlanSummary<'a> {
    pub(super) year: String,
    pub(super) slug: String,
    pub(super) title: &'a str,
    pub(super) summary: &'a str,
    pub(super) source: &'a str,
    pub(super) published: Option<String>,
    pub(super) url: String,
    pub(super) current: bool,
    pub(super) period: PeriodView,
    pub(super) action_count: usize,
    pub(super) csv: String,
    pub(super) json: String,
}

#[derive(Serialize)]
pub(super) struct FundingRow<'a> {
    pub(super) year: String,
    pub(super) source: &'a str,
    pub(super) purpose: &'a str,
    pub(super) amount: String,
    pub(super) pounds: f64,
}

#[derive(Serialize)]
pub(super) struct FundingYear {
    pub(super) year: String,
    pub(super) total: String,
    pub(super) pounds: f64,
}

#[derive(Serialize)]
pub(super) struct FundingView<'a> {
    pub(super) rows: Vec<FundingRow<'a>>,
    pub(super) years: Vec<FundingYear>,
    pub(super) svg: String,
    pub(super) csv: String,
    pub(super) json: String,
}

#[derive(Serialize)]
pub(super) struct LedAction<'a> {
    pub(super) id: &'a str,
    pub(super) title: &'a str,
    pub(super) url: String,
    pub(super) objective: &'a str,
    pub(super) priority: PriorityLink<'a>,
    pub(super) latest: Option<UpdateView<'a>>,
}

#[derive(Serialize)]
pub(super) struct LedYear<'a> {
    pub(super) year: String,
    pub(super) url: String,
    pub(super) period: PeriodView,
    pub(super) actions: Vec<LedAction<'a>>,
}

#[derive(Serialize)]
pub(super) struct ReportedUpdate<'a> {
    pub(super) action: &'a str,
    pub(super) action_id: &'a str,
    pub(super) url: String,
    pub(super) objective: &'a str,
    pub(super) priority: PriorityLink<'a>,
    pub(super) leads: Vec<PartnerLink<'a>>,
    pub(super) update: UpdateView<'a>,
}

#[derive(Serialize)]
pub(super) struct ProgressView<'a> {
    pub(super) year: String,
    pub(super) quarter: &'static str,
    /// `April to June 2017`.
    pub(super) months: String,
    pub(super) plan_url: String,
    pub(super) plan_title: &'a str,
    pub(super) current: bool,
    pub(super) period: PeriodView,
    pub(super) dashboard: DashboardView,
    pub(super) updates: Vec<ReportedUpdate<'a>>,
}

pub(super) fn kind_label(kind: PartnerKind) -> &'static str {
    match kind {
        PartnerKind::Statutory => "Statutory partner",
        PartnerKind::Public => "Public body",
        PartnerKind::Housing => "Housing association",
        PartnerKind::Community => "Community partner",
        PartnerKind::Voluntary => "Voluntary sector partner",
        PartnerKind::Business => "Business partner",
    }
}

pub(super) fn update_view(update: &Update) -> UpdateView<'_> {
    let quarter = *update.quarter.get_ref();
    UpdateView {
        quarter: quarter.as_str(),
        months: quarter.months(),
        status: update.status.as_str(),
        status_label: update.status.label(),
        text: &update.text,
        date: update.date.map(|d| d.to_string()),
    }
}

pub(super) fn latest(action: &Action) -> Option<&Update> {
    action.updates.iter().max_by_key(|u| *u.quarter.get_ref())
}
