//! Inline SVG charts. Each has a `<title>` and a `<desc>` that says in words
//! what it shows, and templates put the same figures in a table beside it.
//! Colours come from the theme's CSS through classes, and bars carry their
//! figures as text, so colour is never the only cue.

use std::fmt::Write;

use super::Status;
use super::progress::{QuarterCounts, describe};
use crate::markdown::highlight::escape;

const LABEL_WIDTH: usize = 48;
const ROW_HEIGHT: usize = 36;
const BAR_HEIGHT: usize = 26;

/// The two widths each chart is drawn at, in the SVG's own units, where
/// text is 15 units high. The wide one is shown where it is at least 512
/// pixels wide, so its text is at least 12 pixels; a phone gets the
/// narrow one, whose text stays at 13.5 pixels or more on a 320-pixel
/// screen, where the wide one's would shrink to under 7 (the theme's CSS
/// shows one or the other).
#[derive(Clone, Copy)]
enum Width {
    Wide,
    Narrow,
}

impl Width {
    fn units(self) -> usize {
        match self {
            Width::Wide => 640,
            Width::Narrow => 320,
        }
    }

    /// Its class, and what its ids end with, so the two differ.
    fn name(self) -> &'static str {
        match self {
            Width::Wide => "wide",
            Width::Narrow => "narrow",
        }
    }

    /// How many legend entries fit in a row.
    fn legend_columns(self) -> usize {
        match self {
            Width::Wide => Status::ALL.len(),
            Width::Narrow => 2,
        }
    }
}

/// A chart drawn at both widths.
fn both(draw: impl Fn(Width) -> String) -> String {
    draw(Width::Wide) + &draw(Width::Narrow)
}

/// A stacked bar per quarter, as inline SVG with a `<title>` and `<desc>`.
/// Colours come from the theme's CSS through `status-*` classes, and every
/// segment wide enough carries its count as text, so colour is never the only cue.
/// `id` must be unique on the page.
pub fn status_chart(id: &str, title: &str, rows: &[QuarterCounts]) -> String {
    both(|width| status_svg(id, title, rows, width))
}

fn status_svg(id: &str, title: &str, rows: &[QuarterCounts], width: Width) -> String {
    let bar_width = width.units() - LABEL_WIDTH - 8;
    let legend_y = rows.len() * ROW_HEIGHT + 12;
    let columns = width.legend_columns();
    let legend_rows = Status::ALL.len().div_ceil(columns);
    let height = legend_y + 28 * legend_rows;
    let mut svg = open_svg(id, title, &describe(rows), (width, height));
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
            let width = n as f64 * bar_width as f64 / total as f64;
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
    let column_width = width.units() / columns;
    for (i, status) in Status::ALL.iter().enumerate() {
        let x = (i % columns) * column_width;
        let y = legend_y + (i / columns) * 28;
        let _ = write!(
            svg,
            "<rect class=\"status-{}\" x=\"{x}\" y=\"{y}\" width=\"14\" height=\"14\"/>\
             <text class=\"chart-legend\" x=\"{}\" y=\"{}\">{}</text>",
            status.as_str(),
            x + 20,
            y + 12,
            status.label()
        );
    }
    svg.push_str("</svg>");
    svg
}

/// The `<svg>` start tag with the title and description it is labelled by.
fn open_svg(id: &str, title: &str, description: &str, (width, height): (Width, usize)) -> String {
    let (units, name) = (width.units(), width.name());
    format!(
        "<svg class=\"chart chart-{name}\" viewBox=\"0 0 {units} {height}\" role=\"img\" \
         aria-labelledby=\"{id}-{name}-title {id}-{name}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-{name}-title\">{}</title><desc id=\"{id}-{name}-desc\">{}</desc>",
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
    both(|width| amount_svg(id, (title, description), items, width))
}

fn amount_svg(
    id: &str,
    (title, description): (&str, &str),
    items: &[(String, u64, String)],
    width: Width,
) -> String {
    let max = items.iter().map(|(_, v, _)| *v).max().unwrap_or(0).max(1);
    let label_width = 72;
    let value_width = 96;
    let bar_space = (width.units() - label_width - value_width) as f64;
    let height = items.len() * ROW_HEIGHT;
    let mut svg = open_svg(id, title, description, (width, height));
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
        assert!(svg.contains("<title id=\"asb-wide-title\">Progress &amp; plans</title>"));
        assert!(svg.contains("aria-labelledby=\"asb-wide-title asb-wide-desc\""));
        assert!(svg.contains("<desc id=\"asb-narrow-desc\">Q1, 2 actions"));
        // Drawn twice, wide and narrow, each with its counts.
        assert_eq!(svg.matches("class=\"chart-count").count(), 4);
        assert!(svg.contains("class=\"chart chart-narrow\" viewBox=\"0 0 320 "));
        // The wide legend is one row of five; the narrow one, rows of two.
        let legend_rows = |svg: &str| {
            let mut ys: Vec<&str> = svg
                .split("width=\"14\" height=\"14\"")
                .filter_map(|before| before.rsplit("y=\"").next()?.split('"').next())
                .take(5)
                .collect();
            ys.dedup();
            ys.len()
        };
        let (wide, narrow) = svg.split_at(svg.find("chart-narrow").unwrap());
        assert_eq!((legend_rows(wide), legend_rows(narrow)), (1, 3));
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
        assert_eq!(svg.matches("<rect").count(), 4);
    }
}
