//! Checks that hold across data files: ids are unique and usable in web
//! addresses, every reference names something that exists, years and amounts
//! are well formed. Each problem points at the value in its file.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use super::{Allocation, Data, DataFile, Plan, PlanYear, Priority, Quarter, Scheme};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Result, did_you_mean};

const ID_HINT: &str = "ids appear in web addresses: use lower-case letters, digits and hyphens, \
                       such as `anti-social-behaviour`";
const YEAR_HINT: &str = "write plan years as the financial year from April, such as \"2017/18\"";

pub(super) fn validate(data: &mut Data, root: &Path, config: &Config) -> Result<()> {
    let mut errors = Vec::new();

    let partner_ids = unique_ids(
        &data.partners_file,
        data.partners.iter().map(|p| &p.id),
        "partner",
        &mut errors,
    );
    let priority_ids = unique_ids(
        &data.priorities_file,
        data.priorities.iter().map(|p| &p.id),
        "priority",
        &mut errors,
    );
    unique_ids(
        &data.schemes_file,
        data.schemes.iter().map(|s| &s.id),
        "scheme",
        &mut errors,
    );
    for partner in &data.partners {
        web_address(
            &data.partners_file,
            "website",
            &partner.website,
            &mut errors,
        );
    }
    let ids = Ids {
        partners: &partner_ids,
        priorities: &priority_ids,
    };
    check_schemes(&data.schemes, &data.schemes_file, &ids, &mut errors);
    check_funding(&mut data.funding, &data.funding_file, &mut errors);
    let mut declared_years = declared_years(&data.priorities, &data.priorities_file, &mut errors);
    check_plan_years(&mut data.plans, &mut errors);
    for plan in &data.plans {
        check_plan(plan, &ids, &mut declared_years, &mut errors);
    }
    Diagnostics::fail_if_any(errors)?;

    data.plans.sort_by_key(|p| p.year);
    for priority in &mut data.priorities {
        let mut years = declared_years
            .remove(priority.id.get_ref())
            .unwrap_or_default();
        years.sort();
        years.dedup();
        priority.plan_years = years;
    }
    data.current_plan = current_plan(data, root, config)?;
    Ok(())
}

/// The ids records may refer to, once each is known to be unique.
struct Ids<'a> {
    partners: &'a HashSet<&'a str>,
    priorities: &'a HashSet<&'a str>,
}

/// A scheme's website, its leads (partners) and its priorities.
fn check_schemes(schemes: &[Scheme], file: &DataFile, ids: &Ids, errors: &mut Vec<Diagnostic>) {
    for scheme in schemes {
        web_address(file, "web", &scheme.web, errors);
        for lead in &scheme.leads {
            reference(file, lead, ids.partners, "partner", errors);
        }
        for priority in &scheme.priorities {
            reference(file, priority, ids.priorities, "priority", errors);
        }
    }
}

/// Each allocation's year and amount, read into `year` and `pence`.
fn check_funding(funding: &mut [Allocation], file: &DataFile, errors: &mut Vec<Diagnostic>) {
    for allocation in funding {
        if let Some(year) = plan_year(file, &allocation.year_text, errors) {
            allocation.year = year;
        }
        match pence(allocation.amount_value.get_ref()) {
            Ok(pence) => allocation.pence = pence,
            Err(problem) => errors.push(
                error(
                    file,
                    allocation.amount_value.span(),
                    format!("`amount` {problem}"),
                )
                .hint("write the amount in pounds as a plain number, without £ or commas: `amount = 14019` or `amount = 12337.50`"),
            ),
        }
    }
}

/// The plan years each priority names in `years`, by priority id.
fn declared_years(
    priorities: &[Priority],
    file: &DataFile,
    errors: &mut Vec<Diagnostic>,
) -> HashMap<String, Vec<PlanYear>> {
    let mut declared: HashMap<String, Vec<PlanYear>> = HashMap::new();
    for priority in priorities {
        for year in &priority.years {
            if let Some(year) = plan_year(file, year, errors) {
                declared
                    .entry(priority.id.get_ref().clone())
                    .or_default()
                    .push(year);
            }
        }
    }
    declared
}

/// Each plan's `year`, read into `year`: well formed, matching its file's
/// name, and no year twice.
fn check_plan_years(plans: &mut [Plan], errors: &mut Vec<Diagnostic>) {
    let mut seen_years: HashMap<PlanYear, &Path> = HashMap::new();
    for plan in plans {
        let Some(year) = plan_year(&plan.file, &plan.year_text, errors) else {
            continue;
        };
        plan.year = year;
        let stem = plan.file.shown.file_stem().and_then(|s| s.to_str());
        if stem != Some(year.slug().as_str()) {
            errors.push(
                error(
                    &plan.file,
                    plan.year_text.span(),
                    format!("the plan for {year} is in a file named for another year"),
                )
                .hint(format!(
                    "rename the file to data/plans/{}.toml, or correct `year`",
                    year.slug()
                )),
            );
        }
        if let Some(other) = seen_years.insert(year, &plan.file.shown) {
            errors.push(
                error(
                    &plan.file,
                    plan.year_text.span(),
                    format!("there are two plans for {year}"),
                )
                .hint(format!("the other is {}; keep one", other.display())),
            );
        }
    }
}

/// A plan's objectives and actions: unique ids, known priorities and
/// partners, one update a quarter. Each priority it has objectives for is
/// a priority in its year.
fn check_plan(
    plan: &Plan,
    ids: &Ids,
    declared_years: &mut HashMap<String, Vec<PlanYear>>,
    errors: &mut Vec<Diagnostic>,
) {
    let file = &plan.file;
    unique_ids(
        file,
        plan.objectives.iter().map(|o| &o.id),
        "objective",
        errors,
    );
    unique_ids(
        file,
        plan.objectives
            .iter()
            .flat_map(|o| o.actions.iter().map(|a| &a.id)),
        "action",
        errors,
    );
    for objective in &plan.objectives {
        if reference(
            file,
            &objective.priority,
            ids.priorities,
            "priority",
            errors,
        ) {
            declared_years
                .entry(objective.priority.get_ref().clone())
                .or_default()
                .push(plan.year);
        }
        for action in &objective.actions {
            for lead in &action.leads {
                reference(file, lead, ids.partners, "partner", errors);
            }
            let mut quarters: HashSet<Quarter> = HashSet::new();
            for update in &action.updates {
                let quarter = *update.quarter.get_ref();
                if !quarters.insert(quarter) {
                    errors.push(
                        error(
                            file,
                            update.quarter.span(),
                            format!(
                                "action `{}` has two updates for {}",
                                action.id.get_ref(),
                                quarter.as_str()
                            ),
                        )
                        .hint("merge the two updates into one, or correct the `quarter` of one of them"),
                    );
                }
            }
        }
    }
}

fn current_plan(data: &Data, root: &Path, config: &Config) -> Result<Option<usize>> {
    let Some(wanted) = &config.current_plan else {
        return Ok(data.plans.len().checked_sub(1));
    };
    let found =
        PlanYear::parse(wanted).and_then(|year| data.plans.iter().position(|p| p.year == year));
    if found.is_some() {
        return Ok(found);
    }
    let years: Vec<String> = data
        .plans
        .iter()
        .map(|p| format!("\"{}\"", p.year))
        .collect();
    let file = crate::config::file_name(root);
    let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    let mut diagnostic = Diagnostic::error(
        file,
        format!("`current_plan` is \"{wanted}\", but there is no plan for that year"),
    )
    .hint(if years.is_empty() {
        "add data/plans/<year>.toml, or remove `current_plan`".to_string()
    } else {
        format!(
            "use one of {}, or add data/plans/<year>.toml",
            years.join(", ")
        )
    });
    if let Some(at) = text.find("current_plan") {
        diagnostic = diagnostic.at(&text, at..at + "current_plan".len());
    }
    Err(diagnostic.into())
}

fn error(file: &DataFile, span: Range<usize>, message: String) -> Diagnostic {
    Diagnostic::error(&file.shown, message).at(&file.text, span)
}

/// A record's website, which the theme publishes as a link: held to the
/// rule for a Markdown link's address, so `javascript:` and other addresses
/// that could run code are refused rather than linked.
fn web_address(
    file: &DataFile,
    key: &str,
    value: &Option<Spanned<String>>,
    errors: &mut Vec<Diagnostic>,
) {
    let Some(value) = value else { return };
    let address = value.get_ref();
    if !is_web_address(address) {
        errors.push(
            error(
                file,
                value.span(),
                format!("`{key}` must be a web address starting with https://, not `{address}`"),
            )
            .hint(format!(
                "write the full address, such as {key} = \"https://www.example.org/\""
            )),
        );
    }
}

/// Whether `address` is a plain web address: `http://` or `https://` as
/// written, with no control characters a browser would strip to find
/// another scheme behind them.
pub fn is_web_address(address: &str) -> bool {
    (address.starts_with("https://") || address.starts_with("http://"))
        && crate::markdown::is_safe_url(address)
        && !address.chars().any(char::is_control)
}

/// Checks ids are well formed and unique, and returns them.
fn unique_ids<'a>(
    file: &DataFile,
    ids: impl Iterator<Item = &'a Spanned<String>>,
    kind: &str,
    errors: &mut Vec<Diagnostic>,
) -> HashSet<&'a str> {
    let mut seen: HashMap<&str, Range<usize>> = HashMap::new();
    for id in ids {
        if !is_valid_id(id.get_ref()) {
            errors.push(
                error(
                    file,
                    id.span(),
                    format!("`{}` cannot be used as a {kind} id", id.get_ref()),
                )
                .hint(ID_HINT),
            );
        }
        if let Some(first) = seen.get(id.get_ref().as_str()) {
            let (line, _) = crate::diagnostic::line_and_column(&file.text, first.start);
            errors.push(
                error(
                    file,
                    id.span(),
                    format!("there are two of {kind} `{}`", id.get_ref()),
                )
                .hint(format!(
                    "the first is on line {line}; give this one a different id"
                )),
            );
        } else {
            seen.insert(id.get_ref(), id.span());
        }
    }
    seen.into_keys().collect()
}

/// Reports a reference to an unknown id; true when it is known.
fn reference(
    file: &DataFile,
    id: &Spanned<String>,
    known: &HashSet<&str>,
    kind: &str,
    errors: &mut Vec<Diagnostic>,
) -> bool {
    if known.contains(id.get_ref().as_str()) {
        return true;
    }
    let mut sorted: Vec<&str> = known.iter().copied().collect();
    sorted.sort_unstable();
    let plural = if kind == "priority" {
        "priorities"
    } else {
        "partners"
    };
    let hint = match did_you_mean(id.get_ref(), sorted.iter().copied()) {
        Some(near) => format!("did you mean `{near}`?"),
        None if sorted.is_empty() => {
            format!("there are no {plural} yet: add them to data/{plural}.toml")
        }
        None => format!(
            "add it to data/{plural}.toml, or use one of: {}",
            sorted.join(", ")
        ),
    };
    errors.push(
        error(
            file,
            id.span(),
            format!("there is no {kind} `{}`", id.get_ref()),
        )
        .hint(hint),
    );
    false
}

fn plan_year(
    file: &DataFile,
    text: &Spanned<String>,
    errors: &mut Vec<Diagnostic>,
) -> Option<PlanYear> {
    let year = PlanYear::parse(text.get_ref());
    if year.is_none() {
        errors.push(
            error(
                file,
                text.span(),
                format!(
                    "`{}` is not a plan year in the form YYYY/YY",
                    text.get_ref()
                ),
            )
            .hint(YEAR_HINT),
        );
    }
    year
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An amount in pounds as whole pence.
/// The largest amount taken, in pounds: beyond any partnership's budget,
/// and small enough that no total of them overflows.
const MOST_POUNDS: u64 = 1_000_000_000_000;

/// An amount in pounds as exact pence. The number is read as the decimal
/// it was written as (a float's shortest form is that decimal), never
/// multiplied as a float: `amount = 9007199254740993` once came out a
/// penny short, and huge amounts gave wrong totals.
fn pence(value: &toml::Value) -> std::result::Result<u64, String> {
    let written = match value {
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) if f.is_finite() => format!("{f}"),
        toml::Value::Float(f) => return Err(format!("must be a number of pounds, not {f}")),
        toml::Value::String(s) => return Err(format!("must be a number, not the text \"{s}\"")),
        other => return Err(format!("must be a number, not {}", other.type_str())),
    };
    if written.starts_with('-') {
        return Err(format!("cannot be negative ({written})"));
    }
    let (whole, fraction) = written.split_once('.').unwrap_or((&written, ""));
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > 2 {
        return Err(format!("has more than two decimal places ({written})"));
    }
    let pounds: u64 = whole
        .parse()
        .ok()
        .filter(|&p| p <= MOST_POUNDS)
        .ok_or_else(|| {
            format!("is more than £1,000,000,000,000 ({written}); is a digit too many?")
        })?;
    let pence: u64 = format!("{fraction:0<2}").parse().unwrap_or(0);
    Ok(pounds * 100 + pence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_pence() {
        let pence = |v: toml::Value| super::pence(&v);
        assert_eq!(pence(toml::Value::Integer(14019)), Ok(1_401_900));
        assert_eq!(pence(toml::Value::Float(12337.5)), Ok(1_233_750));
        assert_eq!(pence(toml::Value::Float(0.07)), Ok(7));
        assert_eq!(
            pence(toml::Value::Float(1e-7)).map_err(|e| e.contains("decimal")),
            Err(true)
        );
        assert_eq!(
            pence(toml::Value::Integer(1_000_000_000_000)),
            Ok(100_000_000_000_000)
        );
        for too_big in [
            toml::Value::Integer(9_007_199_254_740_993),
            toml::Value::Float(1e30),
        ] {
            assert!(pence(too_big).unwrap_err().contains("digit too many"));
        }
        assert!(
            pence(toml::Value::Integer(-5))
                .unwrap_err()
                .contains("negative")
        );
        assert!(pence(toml::Value::Float(f64::NAN)).is_err());
    }

    #[test]
    fn amounts_are_non_negative_pounds_and_pence() {
        assert_eq!(pence(&toml::Value::Integer(14019)), Ok(1_401_900));
        assert_eq!(pence(&toml::Value::Float(12337.5)), Ok(1_233_750));
        assert!(
            pence(&toml::Value::Integer(-5))
                .unwrap_err()
                .contains("negative")
        );
        assert!(
            pence(&toml::Value::String("£14,019".into()))
                .unwrap_err()
                .contains("not the text")
        );
        assert!(
            pence(&toml::Value::Float(1.234))
                .unwrap_err()
                .contains("decimal")
        );
    }

    #[test]
    fn ids_are_url_safe() {
        assert!(is_valid_id("anti-social-behaviour"));
        assert!(is_valid_id("j9"));
        assert!(!is_valid_id("Anti Social"));
        assert!(!is_valid_id("-x"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("a/b"));
    }
}
