//! Inline SVG charts. Each has a `<title>` and a `<desc>` that says in words
//! what it shows, and templates put the same figures in a table beside it.
//! Colours come from the theme's CSS through classes, and bars carry their
//! figures as text, so colour is never the only cue.

use std::fmt::Write;

use super::Status;
use super::progress::{QuarterCounts, describe};
use crate::markdown::highlight::escape;

const WIDTH: usize = 640;
const LABEL_WIDTH: usize = 48;
const BAR_WIDTH: usize = WIDTH - LABEL_WIDTH - 8;
const ROW_HEIGHT: usize = 36;
const BAR_HEIGHT: usize = 26;

/// A stacked bar per quarter, as inline SVG with a `<title>` and `<desc>`.
/// Colours come from the theme's CSS through `status-*` classes, and every
/// segment wide enough carries its count as text, so colour is never the only cue.
/// `id` must be unique on the page.
pub fn status_chart(id: &str, title: &str, rows: &[QuarterCounts]) -> String {
    let legend_y = rows.len() * ROW_HEIGHT + 12;
    let height = legend_y + 28;
    let mut svg = open_svg(id, title, &describe(rows), height);
    for (i, row) in rows.iter().enumerate() {
        let y = i * ROW_HEIGHT;
        let _ = write!(
            svg,
            "<text class=\"chart-axis\" x=\"0\" y=\"{}\">{}</text>",
            y + BAR_HEIGHT / 2 + 5,
            row.quarter.as_str()
        );
        let total = row.total().max(1);
        let mut x = LABEL_WIDTH as f64;
        for (status, &n) in Status::ALL.iter().zip(&row.counts) {
            if n == 0 {
                continue;
            }
            let width = n as f64 * BAR_WIDTH as f64 / total as f64;
            let _ = write!(
                svg,
                "<rect class=\"status-{}\" x=\"{x:.1}\" y=\"{y}\" width=\"{width:.1}\" height=\"{BAR_HEIGHT}\"/>",
                status.as_str()
            );
            if width >= 22.0 {
                let _ = write!(
                    svg,
                    "<text class=\"chart-count status-{}-text\" x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{n}</text>",
                    status.as_str(),
                    x + width / 2.0,
                    y + BAR_HEIGHT / 2 + 5
                );
            }
            x += width;
        }
    }
    let mut x = 0;
    for status in Status::ALL {
        let _ = write!(
            svg,
            "<rect class=\"status-{}\" x=\"{x}\" y=\"{legend_y}\" width=\"14\" height=\"14\"/>\
             <text class=\"chart-legend\" x=\"{}\" y=\"{}\">{}</text>",
            status.as_str(),
            x + 20,
            legend_y + 12,
            status.label()
        );
        x += 128;
    }
    svg.push_str("</svg>");
    svg
}

/// The `<svg>` start tag with the title and description it is labelled by.
fn open_svg(id: &str, title: &str, description: &str, height: usize) -> String {
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(description)
    )
}

/// One horizontal bar per item, labelled with `label` and `shown` (the value as text).
pub fn amount_chart(
    id: &str,
    title: &str,
    description: &str,
    items: &[(String, u64, String)],
) -> String {
    let max = items.iter().map(|(_, v, _)| *v).max().unwrap_or(0).max(1);
    let label_width = 72;
    let value_width = 96;
    let bar_space = (WIDTH - label_width - value_width) as f64;
    let height = items.len() * ROW_HEIGHT;
    let mut svg = open_svg(id, title, description, height);
    for (i, (label, value, shown)) in items.iter().enumerate() {
        let y = i * ROW_HEIGHT;
        let width = (*value as f64 * bar_space / max as f64).max(1.0);
        let _ = write!(
            svg,
            "<text class=\"chart-axis\" x=\"0\" y=\"{text_y}\">{label}</text>\
             <rect class=\"chart-bar\" x=\"{label_width}\" y=\"{y}\" width=\"{width:.1}\" height=\"{BAR_HEIGHT}\"/>\
             <text class=\"chart-value\" x=\"{value_x:.1}\" y=\"{text_y}\">{shown}</text>",
            text_y = y + BAR_HEIGHT / 2 + 5,
            label = escape(label),
            value_x = label_width as f64 + width + 6.0,
            shown = escape(shown),
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::progress::count;
    use crate::data::{Action, Quarter};

    fn action(update: Option<&str>) -> Action {
        let update = update.map_or(String::new(), |status| {
            format!("[[update]]\nquarter = \"Q1\"\nstatus = \"{status}\"\ntext = \"x\"\n")
        });
        toml::from_str(&format!("id = \"a\"\ntitle = \"A\"\n{update}")).unwrap()
    }

    #[test]
    fn chart_has_a_title_a_description_and_a_count_on_each_segment() {
        let actions = [action(Some("on-track")), action(None)];
        let rows = count(actions.iter(), &[Quarter::Q1]);
        let svg = status_chart("asb", "Progress & plans", &rows);
        assert!(svg.contains("<title id=\"asb-title\">Progress &amp; plans</title>"));
        assert!(svg.contains("aria-labelledby=\"asb-title asb-desc\""));
        assert!(svg.contains("<desc id=\"asb-desc\">Q1, 2 actions"));
        assert_eq!(svg.matches("class=\"chart-count").count(), 2);
        assert!(!svg.contains("style="));
    }

    #[test]
    fn amount_chart_labels_every_bar_with_its_value() {
        let items = vec![
            ("2016/17".to_string(), 14019, "£14,019".to_string()),
            ("2017/18".to_string(), 12337, "£12,337".to_string()),
        ];
        let svg = amount_chart("funding", "Funding", "Two years", &items);
        assert!(svg.contains(">£14,019</text>"));
        assert!(svg.contains(">2017/18</text>"));
        assert_eq!(svg.matches("<rect").count(), 2);
    }
}
