//! The data as files others can reuse: CSV (one row per action per reported
//! quarter) and JSON (nested as the plan is), at stable addresses under
//! `/data/`. The columns are documented in the officers' guide and on the
//! generated `/data/` page; changing them breaks other people's spreadsheets.

use serde::{Deserialize, Serialize};

use super::plan_priorities;
use super::{Action, Data, Plan, Priority};

/// One row of a plan or priority CSV file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRow {
    pub plan_year: String,
    pub priority_id: String,
    pub priority: String,
    pub objective_id: String,
    pub objective: String,
    pub action_id: String,
    pub action: String,
    /// Outcomes and measures, separated by `; `.
    pub outcomes: String,
    /// Partner ids, separated by `; `.
    pub lead_partner_ids: String,
    pub lead_partners: String,
    pub lead_detail: String,
    pub timescale: String,
    /// `Q1` to `Q4`; empty for an action with no updates yet.
    pub quarter: String,
    /// `not-started`, `on-track`, `at-risk`, `complete`, `no-update`, or empty.
    pub status: String,
    /// YYYY-MM-DD, or empty.
    pub update_date: String,
    pub update: String,
}

/// The CSV columns, in order, with what each holds.
pub const COLUMNS: &[(&str, &str)] = &[
    ("plan_year", "The plan year, such as 2017/18"),
    ("priority_id", "The priority's id, as in its web address"),
    ("priority", "The priority's title"),
    ("objective_id", "The strategic objective's id"),
    ("objective", "The strategic objective"),
    ("action_id", "The action's id, unique within the plan year"),
    ("action", "What the partnership committed to do"),
    ("outcomes", "Outcomes and measures, separated by \"; \""),
    (
        "lead_partner_ids",
        "Ids of the lead partners, separated by \"; \"",
    ),
    (
        "lead_partners",
        "Names of the lead partners, separated by \"; \"",
    ),
    (
        "lead_detail",
        "The team or officer leading, as the plan names them",
    ),
    ("timescale", "When the action is due, as the plan gives it"),
    (
        "quarter",
        "Q1 to Q4 (April to June is Q1); empty if no update yet",
    ),
    (
        "status",
        "not-started, on-track, at-risk, complete or no-update; empty if no update yet",
    ),
    (
        "update_date",
        "The date of the update, YYYY-MM-DD, when given",
    ),
    ("update", "What was reported for that quarter"),
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateRecord {
    pub quarter: String,
    pub status: String,
    pub date: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartnerRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRecord {
    pub id: String,
    pub title: String,
    pub outcomes: Vec<String>,
    pub leads: Vec<PartnerRef>,
    pub lead_detail: Option<String>,
    pub timescale: Option<String>,
    pub resources: Option<String>,
    pub updates: Vec<UpdateRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ObjectiveRecord {
    pub id: String,
    pub title: String,
    pub actions: Vec<ActionRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorityYearRecord {
    pub plan_year: String,
    pub priority_id: String,
    pub priority: String,
    pub objectives: Vec<ObjectiveRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRecord {
    pub plan_year: String,
    pub title: String,
    pub priorities: Vec<PriorityYearRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorityRecord {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub themes: Vec<String>,
    pub years: Vec<PriorityYearRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AllocationRecord {
    pub year: String,
    pub source: String,
    /// Pounds.
    pub amount: f64,
    pub purpose: String,
}

/// Output-relative path → contents, for every open-data file.
pub fn files(data: &Data) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for plan in &data.plans {
        let slug = plan.year.slug();
        out.push((
            format!("data/plans/{slug}.csv"),
            csv(&plan_rows(data, plan)),
        ));
        out.push((
            format!("data/plans/{slug}.json"),
            json(&plan_record(data, plan)),
        ));
    }
    for priority in &data.priorities {
        let id = priority.id.get_ref();
        let rows: Vec<ActionRow> = data
            .plans
            .iter()
            .flat_map(|plan| priority_rows(data, plan, priority))
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push((format!("data/priorities/{id}.csv"), csv(&rows)));
        out.push((
            format!("data/priorities/{id}.json"),
            json(&priority_record(data, priority)),
        ));
    }
    if !data.funding.is_empty() {
        let mut funding: Vec<AllocationRecord> = data
            .funding
            .iter()
            .map(|a| AllocationRecord {
                year: a.year.to_string(),
                source: a.source.clone(),
                amount: a.pence as f64 / 100.0,
                purpose: a.purpose.clone(),
            })
            .collect();
        funding.sort_by(|a, b| a.year.cmp(&b.year));
        out.push(("data/funding.csv".to_string(), csv(&funding)));
        out.push(("data/funding.json".to_string(), json(&funding)));
    }
    out
}

/// `rows` as CSV with a header row; the header comes from `T`'s fields, and
/// is written even when there are no rows. Every cell goes through
/// [`neutralise`].
fn csv<T: Serialize + HeaderNames>(rows: &[T]) -> String {
    let mut serialised = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for row in rows {
        serialised
            .serialize(row)
            .expect("rows are plain strings and numbers");
    }
    let serialised = serialised
        .into_inner()
        .expect("writing to memory cannot fail");
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    writer
        .write_record(T::header())
        .expect("writing to memory cannot fail");
    let mut cells = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(serialised.as_slice());
    for record in cells.records() {
        let record = record.expect("just written");
        writer
            .write_record(record.iter().map(|cell| neutralise(cell).into_owned()))
            .expect("writing to memory cannot fail");
    }
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("the rows are UTF-8")
}

/// A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+`, `-`,
/// `@`, or a tab or carriage return first) gets a `'` in front, as OWASP
/// advises for CSV files, so whoever opens the download in Excel sees the
/// text instead of running it. Amounts and dates never start so.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The names of a CSV file's columns, written as its first row.
trait HeaderNames {
    fn header() -> Vec<&'static str>;
}

impl HeaderNames for ActionRow {
    fn header() -> Vec<&'static str> {
        COLUMNS.iter().map(|(name, _)| *name).collect()
    }
}

impl HeaderNames for AllocationRecord {
    fn header() -> Vec<&'static str> {
        vec!["year", "source", "amount", "purpose"]
    }
}

fn json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("records serialise");
    text.push('\n');
    text
}

fn partner_names(data: &Data, action: &Action) -> Vec<PartnerRef> {
    action
        .leads
        .iter()
        .map(|id| PartnerRef {
            id: id.get_ref().clone(),
            name: data
                .partner(id.get_ref())
                .map_or_else(String::new, |p| p.name.clone()),
        })
        .collect()
}

fn priority_rows(data: &Data, plan: &Plan, priority: &Priority) -> Vec<ActionRow> {
    let mut rows = Vec::new();
    for objective in plan.objectives_for(priority.id.get_ref()) {
        for action in &objective.actions {
            let leads = partner_names(data, action);
            let row = |update: Option<&super::Update>| ActionRow {
                plan_year: plan.year.to_string(),
                priority_id: priority.id.get_ref().clone(),
                priority: priority.title.clone(),
                objective_id: objective.id.get_ref().clone(),
                objective: objective.title.clone(),
                action_id: action.id.get_ref().clone(),
                action: action.title.clone(),
                outcomes: action.outcomes.join("; "),
                lead_partner_ids: leads
                    .iter()
                    .map(|l| l.id.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                lead_partners: leads
                    .iter()
                    .map(|l| l.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                lead_detail: action.lead_detail.clone().unwrap_or_default(),
                timescale: action.timescale.clone().unwrap_or_default(),
                quarter: update.map_or(String::new(), |u| u.quarter.get_ref().as_str().to_string()),
                status: update.map_or(String::new(), |u| u.status.as_str().to_string()),
                update_date: update
                    .and_then(|u| u.date)
                    .map_or(String::new(), |d| d.datetime.date().to_string()),
                update: update.map_or(String::new(), |u| u.text.clone()),
            };
            let updates = action.updates_in_order();
            if updates.is_empty() {
                rows.push(row(None));
            }
            rows.extend(updates.into_iter().map(|u| row(Some(u))));
        }
    }
    rows
}

fn plan_rows(data: &Data, plan: &Plan) -> Vec<ActionRow> {
    plan_priorities(plan, data)
        .into_iter()
        .flat_map(|priority| priority_rows(data, plan, priority))
        .collect()
}

fn priority_year(data: &Data, plan: &Plan, priority: &Priority) -> PriorityYearRecord {
    PriorityYearRecord {
        plan_year: plan.year.to_string(),
        priority_id: priority.id.get_ref().clone(),
        priority: priority.title.clone(),
        objectives: plan
            .objectives_for(priority.id.get_ref())
            .map(|o| ObjectiveRecord {
                id: o.id.get_ref().clone(),
                title: o.title.clone(),
                actions: o
                    .actions
                    .iter()
                    .map(|a| ActionRecord {
                        id: a.id.get_ref().clone(),
                        title: a.title.clone(),
                        outcomes: a.outcomes.clone(),
                        leads: partner_names(data, a),
                        lead_detail: a.lead_detail.clone(),
                        timescale: a.timescale.clone(),
                        resources: a.resources.clone(),
                        updates: a
                            .updates_in_order()
                            .into_iter()
                            .map(|u| UpdateRecord {
                                quarter: u.quarter.get_ref().as_str().to_string(),
                                status: u.status.as_str().to_string(),
                                date: u.date.map(|d| d.datetime.date().to_string()),
                                text: u.text.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn plan_record(data: &Data, plan: &Plan) -> PlanRecord {
    PlanRecord {
        plan_year: plan.year.to_string(),
        title: plan.title.clone(),
        priorities: plan_priorities(plan, data)
            .into_iter()
            .map(|priority| priority_year(data, plan, priority))
            .collect(),
    }
}

fn priority_record(data: &Data, priority: &Priority) -> PriorityRecord {
    PriorityRecord {
        id: priority.id.get_ref().clone(),
        title: priority.title.clone(),
        summary: priority.summary.clone(),
        themes: priority.themes.clone(),
        years: data
            .plans
            .iter()
            .filter(|plan| plan.has_priority(priority.id.get_ref()))
            .map(|plan| priority_year(data, plan, priority))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_columns_are_the_csv_header() {
        let row = ActionRow {
            plan_year: String::new(),
            priority_id: String::new(),
            priority: String::new(),
            objective_id: String::new(),
            objective: String::new(),
            action_id: String::new(),
            action: String::new(),
            outcomes: String::new(),
            lead_partner_ids: String::new(),
            lead_partners: String::new(),
            lead_detail: String::new(),
            timescale: String::new(),
            quarter: String::new(),
            status: String::new(),
            update_date: String::new(),
            update: String::new(),
        };
        let documented: Vec<&str> = COLUMNS.iter().map(|(name, _)| *name).collect();
        assert_eq!(ActionRow::header(), documented);
        // The header row must name the fields in the order serde writes them.
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(&row).unwrap();
        let serde_header = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(serde_header.lines().next().unwrap(), documented.join(","));
        assert_eq!(csv::<ActionRow>(&[]), format!("{}\n", documented.join(",")));
    }
}
