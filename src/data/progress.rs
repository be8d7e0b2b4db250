//! Counts of actions by status for each quarter, for the dashboards.
//!
//! A quarter counts once any action in the plan has an update for it. In such
//! a quarter an action with no update is counted as "no update"; quarters no
//! one has reported on yet are left out rather than shown as all "no update".

use super::{Action, Plan, Quarter, Status};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarterCounts {
    pub quarter: Quarter,
    /// In the order of [`Status::ALL`].
    pub counts: [usize; Status::ALL.len()],
}

impl QuarterCounts {
    pub fn count(&self, status: Status) -> usize {
        let index = Status::ALL
            .iter()
            .position(|s| *s == status)
            .expect("in ALL");
        self.counts[index]
    }

    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// The quarters of `plan` that have at least one update.
pub fn reported_quarters(plan: &Plan) -> Vec<Quarter> {
    Quarter::ALL
        .into_iter()
        .filter(|&q| {
            plan.objectives
                .iter()
                .flat_map(|o| &o.actions)
                .any(|a| a.update(q).is_some())
        })
        .collect()
}

/// Counts `actions` by status in each of `quarters`.
pub fn count<'a>(
    actions: impl Iterator<Item = &'a Action> + Clone,
    quarters: &[Quarter],
) -> Vec<QuarterCounts> {
    quarters
        .iter()
        .map(|&quarter| {
            let mut counts = [0; Status::ALL.len()];
            for action in actions.clone() {
                let status = action
                    .update(quarter)
                    .map_or(Status::NoUpdate, |u| u.status);
                let index = Status::ALL
                    .iter()
                    .position(|s| *s == status)
                    .expect("in ALL");
                counts[index] += 1;
            }
            QuarterCounts { quarter, counts }
        })
        .collect()
}

/// One sentence per quarter, for the chart's description and screen readers.
pub fn describe(rows: &[QuarterCounts]) -> String {
    if rows.is_empty() {
        return "No quarterly updates have been reported yet.".to_string();
    }
    rows.iter()
        .map(|row| {
            let parts: Vec<String> = Status::ALL
                .iter()
                .zip(row.counts)
                .filter(|(_, n)| *n > 0)
                .map(|(status, n)| format!("{n} {}", status.label().to_lowercase()))
                .collect();
            format!(
                "{}, {} actions: {}.",
                row.quarter.as_str(),
                row.total(),
                parts.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action(updates: &[(Quarter, Status)]) -> Action {
        let text = format!(
            "id = \"a\"\ntitle = \"A\"\n{}",
            updates
                .iter()
                .map(|(q, s)| format!(
                    "[[update]]\nquarter = \"{}\"\nstatus = \"{}\"\ntext = \"x\"\n",
                    q.as_str(),
                    s.as_str()
                ))
                .collect::<String>()
        );
        toml::from_str(&text).unwrap()
    }

    #[test]
    fn missing_updates_count_as_no_update_in_reported_quarters() {
        let actions = [
            action(&[
                (Quarter::Q1, Status::OnTrack),
                (Quarter::Q2, Status::Complete),
            ]),
            action(&[(Quarter::Q1, Status::AtRisk)]),
            action(&[]),
        ];
        let rows = count(actions.iter(), &[Quarter::Q1, Quarter::Q2]);
        assert_eq!(rows[0].count(Status::OnTrack), 1);
        assert_eq!(rows[0].count(Status::AtRisk), 1);
        assert_eq!(rows[0].count(Status::NoUpdate), 1);
        assert_eq!(rows[1].count(Status::Complete), 1);
        assert_eq!(rows[1].count(Status::NoUpdate), 2);
        assert!(rows.iter().all(|r| r.total() == 3));
        assert_eq!(
            describe(&rows[..1]),
            "Q1, 3 actions: 1 on track, 1 at risk, 1 no update."
        );
    }
}
