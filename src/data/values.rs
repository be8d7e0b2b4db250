//! Every data value templates can reach, assembled once per build from the
//! views in `view.rs`, at the addresses in `urls.rs`.

use std::collections::HashMap;

use tera::Value;

use super::chart;
use super::progress::{self, QuarterCounts};
use super::urls::Urls;
use super::view::*;
use super::{
    Action, Claims, Data, Objective, Partner, Plan, PlanYear, Priority, Quarter, Scheme, Status,
    format_pounds, plan_priorities,
};

/// Every data value templates can reach, made once per build.
#[derive(PartialEq)]
pub struct DataValues {
    /// The global `partnership`: lists of everything, for menus and shortcodes.
    pub partnership: Value,
    pub priorities: HashMap<String, Value>,
    pub schemes: HashMap<String, Value>,
    pub partners: HashMap<String, Value>,
    /// By plan year as written, `2017/18`.
    pub plans: HashMap<String, Value>,
    /// By plan year and priority id.
    pub priority_plans: HashMap<(PlanYear, String), Value>,
    /// By page index, for pages with `progress` in their front matter.
    pub progress: HashMap<usize, Value>,
}

impl Default for DataValues {
    /// No data: what templates get while the data has mistakes to fix.
    fn default() -> DataValues {
        DataValues {
            partnership: Value::from(tera::Map::new()),
            priorities: HashMap::default(),
            schemes: HashMap::default(),
            partners: HashMap::default(),
            plans: HashMap::default(),
            priority_plans: HashMap::default(),
            progress: HashMap::default(),
        }
    }
}

pub fn values(data: &Data, urls: &Urls, claims: &Claims, today: jiff::civil::Date) -> DataValues {
    let views = Views { data, urls, today };
    let mut values = DataValues {
        partnership: Value::none(),
        priorities: HashMap::new(),
        schemes: HashMap::new(),
        partners: HashMap::new(),
        plans: HashMap::new(),
        priority_plans: HashMap::new(),
        progress: HashMap::new(),
    };

    for scheme in &data.schemes {
        values.schemes.insert(
            scheme.id.get_ref().clone(),
            Value::from_serializable(&views.scheme(scheme)),
        );
    }
    for partner in &data.partners {
        values
            .partners
            .insert(partner.id.get_ref().clone(), views.partner_page(partner));
    }
    add_plans(data, &views, &mut values);
    // After the plans, so a priority page shares its current plan's value.
    for priority in &data.priorities {
        let id = priority.id.get_ref();
        let current = data
            .current()
            .and_then(|plan| values.priority_plans.get(&(plan.year, id.clone())))
            .cloned();
        values
            .priorities
            .insert(id.clone(), views.priority(priority, current));
    }
    for (&page, &(year, quarter)) in &claims.progress {
        let plan = data.plan(year).expect("claims checked the year");
        values.progress.insert(
            page,
            Value::from_serializable(&views.progress(plan, quarter)),
        );
    }
    values.partnership = partnership(data, urls, &views, &values);
    values
}

/// Each plan's value, and each of its priorities' values for that year.
fn add_plans(data: &Data, views: &Views, values: &mut DataValues) {
    for plan in &data.plans {
        let priorities: Vec<Value> = plan_priorities(plan, data)
            .into_iter()
            .map(|priority| {
                let value = Value::from_serializable(&views.priority_plan(plan, priority));
                values
                    .priority_plans
                    .insert((plan.year, priority.id.get_ref().clone()), value.clone());
                value
            })
            .collect();
        let dashboard = views.dashboard(
            &format!("dashboard-{}", plan.year.slug()),
            &format!("Progress on all actions, {}", plan.year),
            plan,
            plan.objectives.iter().flat_map(|o| &o.actions),
        );
        let value = crate::ser::with_fields(
            Value::from_serializable(&views.plan_summary(plan)),
            [
                ("priorities", Value::from(priorities)),
                ("dashboard", Value::from_serializable(&dashboard)),
            ],
        );
        values.plans.insert(plan.year.to_string(), value);
    }
}

/// The global `partnership`: lists of everything, for menus and shortcodes.
fn partnership(data: &Data, urls: &Urls, views: &Views, values: &DataValues) -> Value {
    let partners: Vec<PartnerView> = data.partners.iter().map(|p| views.partner(p)).collect();
    let priorities: Vec<Value> = data
        .priorities
        .iter()
        .map(|p| values.priorities[p.id.get_ref()].clone())
        .collect();
    let schemes: Vec<Value> = data
        .schemes
        .iter()
        .filter(|s| urls.scheme_listed(s))
        .map(|s| values.schemes[s.id.get_ref()].clone())
        .collect();
    let plans: Vec<PlanSummary> = data
        .plans
        .iter()
        .rev()
        .map(|p| views.plan_summary(p))
        .collect();
    let mut partnership = tera::Map::new();
    partnership.insert("partners".into(), Value::from_serializable(&partners));
    partnership.insert("priorities".into(), Value::from(priorities));
    partnership.insert("schemes".into(), Value::from(schemes));
    partnership.insert("plans".into(), Value::from_serializable(&plans));
    partnership.insert(
        "current_plan".into(),
        Value::from(data.current().map(|p| p.year.to_string())),
    );
    partnership.insert("funding".into(), Value::from_serializable(&views.funding()));
    partnership.insert("plans_url".into(), Value::from(urls.plans()));
    partnership.insert("open_data_url".into(), Value::from(urls.open_data()));
    let columns: Vec<Value> = super::open_data::COLUMNS
        .iter()
        .map(|(name, meaning)| Value::from(vec![Value::from(*name), Value::from(*meaning)]))
        .collect();
    partnership.insert("csv_columns".into(), Value::from(columns));
    Value::from(partnership)
}

struct Views<'a> {
    data: &'a Data,
    urls: &'a Urls<'a>,
    /// The build's day, which plans' periods are stated against.
    today: jiff::civil::Date,
}

impl<'a> Views<'a> {
    /// Links to the schemes `wanted` picks, in data order, leaving out a
    /// sensitive scheme whose page is not findable: every list of schemes
    /// on another page goes through here.
    fn scheme_links(&self, wanted: impl Fn(&Scheme) -> bool) -> Vec<SchemeLink<'a>> {
        self.data
            .schemes
            .iter()
            .filter(|s| wanted(s) && self.urls.scheme_listed(s))
            .map(|s| self.scheme_link(s))
            .collect()
    }

    fn partner_link(&self, id: &'a str) -> PartnerLink<'a> {
        let partner = self.data.partner(id).expect("validated reference");
        PartnerLink {
            id,
            name: &partner.name,
            short_name: partner.short_name.as_deref(),
            url: self.urls.partner(id),
        }
    }

    fn priority_link(&self, id: &'a str) -> PriorityLink<'a> {
        let priority = self.data.priority(id).expect("validated reference");
        PriorityLink {
            id,
            title: &priority.title,
            url: self.urls.priority(priority),
        }
    }

    fn scheme_link(&self, scheme: &'a Scheme) -> SchemeLink<'a> {
        SchemeLink {
            id: scheme.id.get_ref(),
            name: &scheme.name,
            url: self.urls.scheme(scheme.id.get_ref()),
            sensitive: scheme.sensitive,
            status: StatusView::new(scheme),
        }
    }

    fn partner(&self, partner: &'a Partner) -> PartnerView<'a> {
        PartnerView {
            id: partner.id.get_ref(),
            name: &partner.name,
            short_name: partner.short_name.as_deref(),
            kind: partner.kind,
            kind_label: kind_label(partner.kind),
            website: partner.website.as_ref().map(|w| w.get_ref().as_str()),
            description: &partner.description,
            url: self.urls.partner(partner.id.get_ref()),
        }
    }

    fn scheme(&self, scheme: &'a Scheme) -> SchemeView<'a> {
        SchemeView {
            id: scheme.id.get_ref(),
            name: &scheme.name,
            what_it_is: &scheme.what_it_is,
            who_it_is_for: &scheme.who_it_is_for,
            how_to_get_help: &scheme.how_to_get_help,
            phone: scheme.phone.as_deref(),
            web: scheme.web.as_ref().map(|w| w.get_ref().as_str()),
            venues: &scheme.venues,
            sensitive: scheme.sensitive,
            status: StatusView::new(scheme),
            url: self.urls.scheme(scheme.id.get_ref()),
            leads: scheme
                .leads
                .iter()
                .map(|l| self.partner_link(l.get_ref()))
                .collect(),
            priorities: scheme
                .priorities
                .iter()
                .map(|p| self.priority_link(p.get_ref()))
                .collect(),
        }
    }

    /// A priority with `plan`, its part of the current plan (none when it is
    /// not a priority this year).
    fn priority(&self, priority: &'a Priority, plan: Option<Value>) -> Value {
        let id = priority.id.get_ref();
        let view = PriorityView {
            id,
            title: &priority.title,
            summary: &priority.summary,
            themes: &priority.themes,
            url: self.urls.priority(priority),
            current: self.urls.is_current(priority),
            all_years: priority.plan_years.iter().map(|y| y.to_string()).collect(),
            years: priority
                .plan_years
                .iter()
                .filter(|y| {
                    self.data
                        .plan(**y)
                        .is_some_and(|plan| plan.has_priority(id))
                })
                .rev()
                .map(|&year| YearLink {
                    year: year.to_string(),
                    slug: year.slug(),
                    url: self.urls.plan_priority(year, id),
                })
                .collect(),
            csv: self.urls.priority_file(id, "csv"),
            json: self.urls.priority_file(id, "json"),
            schemes: self.scheme_links(|s| s.priorities.iter().any(|p| p.get_ref() == id)),
        };
        crate::ser::with_fields(
            Value::from_serializable(&view),
            [("plan", Value::from(plan))],
        )
    }

    fn action(&self, action: &'a Action) -> ActionView<'a> {
        ActionView {
            id: action.id.get_ref(),
            anchor: format!("action-{}", action.id.get_ref()),
            title: &action.title,
            outcomes: &action.outcomes,
            leads: action
                .leads
                .iter()
                .map(|l| self.partner_link(l.get_ref()))
                .collect(),
            lead_detail: action.lead_detail.as_deref(),
            timescale: action.timescale.as_deref(),
            resources: action.resources.as_deref(),
            updates: action
                .updates_in_order()
                .into_iter()
                .map(update_view)
                .collect(),
            latest: latest(action).map(update_view),
        }
    }

    fn objective(&self, objective: &'a Objective) -> ObjectiveView<'a> {
        ObjectiveView {
            id: objective.id.get_ref(),
            title: &objective.title,
            actions: objective.actions.iter().map(|a| self.action(a)).collect(),
        }
    }

    fn dashboard<'b>(
        &self,
        id: &str,
        title: &str,
        plan: &Plan,
        actions: impl Iterator<Item = &'b Action> + Clone,
    ) -> DashboardView {
        let quarters = progress::reported_quarters(plan);
        let rows = progress::count(actions.clone(), &quarters);
        dashboard_view(id, title, actions.count(), &rows)
    }

    fn priority_plan(&self, plan: &'a Plan, priority: &'a Priority) -> PriorityPlanView<'a> {
        let id = priority.id.get_ref();
        let objectives: Vec<&Objective> = plan.objectives_for(id).collect();
        let actions = objectives.iter().flat_map(|o| &o.actions);
        PriorityPlanView {
            year: plan.year.to_string(),
            slug: plan.year.slug(),
            url: self.urls.plan_priority(plan.year, id),
            plan_url: self.urls.plan(plan.year),
            plan_title: &plan.title,
            current: self.is_current(plan),
            period: PeriodView::new(plan.year, self.today),
            priority: self.priority_link(id),
            action_count: actions.clone().count(),
            dashboard: self.dashboard(
                &format!("dashboard-{}-{id}", plan.year.slug()),
                &format!(
                    "Progress on {}, {}",
                    priority.title.to_lowercase(),
                    plan.year
                ),
                plan,
                actions,
            ),
            objectives: objectives.into_iter().map(|o| self.objective(o)).collect(),
        }
    }

    fn is_current(&self, plan: &Plan) -> bool {
        self.data.current().is_some_and(|c| c.year == plan.year)
    }

    fn plan_summary(&self, plan: &'a Plan) -> PlanSummary<'a> {
        PlanSummary {
            year: plan.year.to_string(),
            slug: plan.year.slug(),
            title: &plan.title,
            summary: &plan.summary,
            source: &plan.source,
            published: plan.published.map(|d| d.to_string()),
            url: self.urls.plan(plan.year),
            current: self.is_current(plan),
            period: PeriodView::new(plan.year, self.today),
            action_count: plan.objectives.iter().map(|o| o.actions.len()).sum(),
            csv: self.urls.plan_file(plan.year, "csv"),
            json: self.urls.plan_file(plan.year, "json"),
        }
    }

    fn partner_page(&self, partner: &'a Partner) -> Value {
        let id = partner.id.get_ref();
        let led: Vec<LedYear> = self
            .data
            .plans
            .iter()
            .rev()
            .map(|plan| LedYear {
                year: plan.year.to_string(),
                url: self.urls.plan(plan.year),
                period: PeriodView::new(plan.year, self.today),
                actions: plan
                    .objectives
                    .iter()
                    .flat_map(|o| o.actions.iter().map(move |a| (o, a)))
                    .filter(|(_, a)| a.leads.iter().any(|l| l.get_ref() == id))
                    .map(|(o, a)| LedAction {
                        id: a.id.get_ref(),
                        title: &a.title,
                        url: self
                            .urls
                            .action(plan.year, o.priority.get_ref(), a.id.get_ref()),
                        objective: &o.title,
                        priority: self.priority_link(o.priority.get_ref()),
                        latest: latest(a).map(update_view),
                    })
                    .collect(),
            })
            .filter(|y| !y.actions.is_empty())
            .collect();
        let schemes = self.scheme_links(|s| s.leads.iter().any(|l| l.get_ref() == id));
        crate::ser::with_fields(
            Value::from_serializable(&self.partner(partner)),
            [
                ("led", Value::from_serializable(&led)),
                ("schemes", Value::from_serializable(&schemes)),
            ],
        )
    }

    fn funding(&self) -> FundingView<'a> {
        let mut funding: Vec<_> = self.data.funding.iter().collect();
        funding.sort_by_key(|a| a.year);
        let mut years: Vec<(PlanYear, u64)> = Vec::new();
        for allocation in &funding {
            match years.last_mut() {
                Some((year, total)) if *year == allocation.year => *total += allocation.pence,
                _ => years.push((allocation.year, allocation.pence)),
            }
        }
        let items: Vec<(String, u64, String)> = years
            .iter()
            .map(|(year, pence)| (year.to_string(), *pence, format_pounds(*pence)))
            .collect();
        let description = items
            .iter()
            .map(|(year, _, shown)| format!("{year}: {shown}."))
            .collect::<Vec<_>>()
            .join(" ");
        FundingView {
            rows: funding
                .iter()
                .map(|a| FundingRow {
                    year: a.year.to_string(),
                    source: &a.source,
                    purpose: &a.purpose,
                    amount: format_pounds(a.pence),
                    pounds: a.pence as f64 / 100.0,
                })
                .collect(),
            years: years
                .iter()
                .map(|(year, pence)| FundingYear {
                    year: year.to_string(),
                    total: format_pounds(*pence),
                    pounds: *pence as f64 / 100.0,
                })
                .collect(),
            svg: chart::amount_chart(
                "funding-chart",
                "Funding recorded for each plan year",
                &description,
                &items,
            ),
            csv: self.urls.funding_file("csv"),
            json: self.urls.funding_file("json"),
        }
    }

    fn progress(&self, plan: &'a Plan, quarter: Quarter) -> ProgressView<'a> {
        let actions = plan.objectives.iter().flat_map(|o| &o.actions);
        let rows = progress::count(actions.clone(), &[quarter]);
        let dashboard = dashboard_view(
            &format!(
                "progress-{}-{}",
                plan.year.slug(),
                quarter.as_str().to_lowercase()
            ),
            &format!(
                "Progress on all actions, {} {}",
                plan.year,
                quarter.as_str()
            ),
            actions.count(),
            &rows,
        );
        let updates = plan
            .objectives
            .iter()
            .flat_map(|o| o.actions.iter().map(move |a| (o, a)))
            .filter_map(|(o, a)| Some((o, a, a.update(quarter)?)))
            .map(|(o, a, u)| ReportedUpdate {
                action: &a.title,
                action_id: a.id.get_ref(),
                url: self
                    .urls
                    .action(plan.year, o.priority.get_ref(), a.id.get_ref()),
                objective: &o.title,
                priority: self.priority_link(o.priority.get_ref()),
                leads: a
                    .leads
                    .iter()
                    .map(|l| self.partner_link(l.get_ref()))
                    .collect(),
                update: update_view(u),
            })
            .collect();
        ProgressView {
            year: plan.year.to_string(),
            quarter: quarter.as_str(),
            months: quarter.months_in(plan.year),
            plan_url: self.urls.plan(plan.year),
            plan_title: &plan.title,
            current: self.is_current(plan),
            period: PeriodView::new(plan.year, self.today),
            dashboard,
            updates,
        }
    }
}

fn dashboard_view(id: &str, title: &str, actions: usize, rows: &[QuarterCounts]) -> DashboardView {
    DashboardView {
        id: id.to_string(),
        title: title.to_string(),
        description: progress::describe(rows),
        actions,
        statuses: Status::ALL
            .iter()
            .map(|s| StatusLabel {
                status: s.as_str(),
                label: s.label(),
            })
            .collect(),
        quarters: rows
            .iter()
            .map(|row| QuarterView {
                quarter: row.quarter.as_str(),
                months: row.quarter.months(),
                total: row.total(),
                counts: Status::ALL
                    .iter()
                    .zip(row.counts)
                    .map(|(s, count)| StatusCount {
                        status: s.as_str(),
                        label: s.label(),
                        count,
                    })
                    .collect(),
            })
            .collect(),
        svg: chart::status_chart(id, title, rows),
    }
}
