//! A deterministic partnership site of any size: the same pages, words and
//! links for the same size on every machine, so figures can be compared.
//!
//! Two shapes. [`Shape::Partnership`], the one Lamplight was tuned on: pages
//! in a section per year, tagged by priority, area and partner, with
//! headings, a list, a table and `@/` links to earlier pages, about 3 KB of
//! Markdown each. [`Shape::Varied`], one it was not: pages from under 1 KB
//! to about 12 KB, a table on every other page and a code block on every
//! third, sections two deep (a year, then its quarters), and a fourth
//! taxonomy, `topics`, of 300 terms, three to a page. The content is laid
//! out as Zola's and is valid TOML front matter for Hugo, so all three can
//! build it.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::random::Random;

pub const PRIORITIES: &[(&str, &str)] = &[
    ("anti-social-behaviour", "Anti-social behaviour"),
    ("acquisitive-crime", "Acquisitive crime"),
    (
        "safeguarding-vulnerable-people",
        "Safeguarding vulnerable people",
    ),
    ("domestic-abuse", "Domestic abuse"),
    ("road-safety", "Road safety"),
];

pub const AREAS: &[&str] = &[
    "Rayleigh",
    "Rochford",
    "Hockley",
    "Hullbridge",
    "Canvey Island",
    "Benfleet",
    "Hadleigh",
    "Thundersley",
    "Great Wakering",
    "Foulness",
];

pub const PARTNERS: &[(&str, &str)] = &[
    ("essex-police", "Essex Police"),
    ("rochford-district-council", "Rochford District Council"),
    (
        "castle-point-borough-council",
        "Castle Point Borough Council",
    ),
    ("essex-fire", "Essex County Fire and Rescue Service"),
    ("probation", "Probation Service"),
    ("nhs", "NHS Castle Point and Rochford"),
    (
        "rravs",
        "Rochford and Rayleigh Association of Voluntary Services",
    ),
    ("cavs", "Castle Point Association of Voluntary Services"),
];

const WORDS: &[&str] = &[
    "partners",
    "residents",
    "patrols",
    "council",
    "police",
    "reduce",
    "reported",
    "crime",
    "safety",
    "community",
    "young",
    "people",
    "victims",
    "support",
    "scheme",
    "action",
    "plan",
    "quarter",
    "update",
    "officers",
    "district",
    "town",
    "centre",
    "night",
    "economy",
    "advice",
    "homes",
    "security",
    "visits",
    "referrals",
    "meeting",
    "outcome",
    "measure",
    "funding",
    "training",
    "volunteers",
    "schools",
    "awareness",
    "campaign",
    "events",
    "figures",
    "rose",
    "fell",
    "steady",
    "target",
    "review",
    "agreed",
    "delivered",
    "planned",
    "ongoing",
];

impl Random {
    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }

    fn sentence(&mut self) -> String {
        let length = 8 + self.below(10);
        let words: Vec<&str> = (0..length).map(|_| self.word()).collect();
        let text = words.join(" ");
        format!("{}{}.", text[..1].to_uppercase(), &text[1..])
    }
}

/// Years the pages are spread over, one section each.
pub const YEARS: std::ops::RangeInclusive<u32> = 2007..=2026;

/// How many terms the varied shape's `topics` taxonomy has.
const TOPICS: usize = 300;

/// What kind of site to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Partnership,
    Varied,
}

impl Shape {
    pub fn parse(name: &str) -> Shape {
        match name {
            "partnership" => Shape::Partnership,
            "varied" => Shape::Varied,
            _ => panic!("--shapes takes partnership and varied, not {name}"),
        }
    }

    /// How the figures name it, after the number of pages.
    pub fn label(self) -> &'static str {
        match self {
            Shape::Partnership => "",
            Shape::Varied => " varied",
        }
    }

    /// The taxonomies beyond priorities, areas and partners.
    pub fn extra_taxonomies(self) -> &'static [&'static str] {
        match self {
            Shape::Partnership => &[],
            Shape::Varied => &["topics"],
        }
    }

    /// Sections made: the home page, one per year and, when varied, one
    /// per quarter of each year.
    pub fn sections(self) -> usize {
        let per_year = if self == Shape::Varied { 5 } else { 1 };
        1 + YEARS.count() * per_year
    }
}

/// Writes a site of `pages` pages into `root/content` and `root/data`,
/// returning the content-relative path of one page to edit in `serve`.
pub fn write(root: &Path, pages: usize, shape: Shape) -> String {
    let content = root.join("content");
    let years: Vec<u32> = YEARS.collect();
    fs::create_dir_all(&content).unwrap();
    fs::write(
        content.join("_index.md"),
        "+++\ntitle = \"Castle Point and Rochford Community Safety Partnership\"\n\
         description = \"A generated site for benchmarks.\"\nsort_by = \"weight\"\n+++\n\nWelcome.\n",
    )
    .unwrap();
    for (i, year) in years.iter().enumerate() {
        let dir = content.join(year.to_string());
        section(&dir, &format!("Updates from {year}"), i + 1);
        if shape == Shape::Varied {
            for quarter in 1..=4 {
                let title = format!("Quarter {quarter} of {year}");
                section(&dir.join(format!("q{quarter}")), &title, quarter);
            }
        }
    }
    let mut random = Random(0x5EED_1A4D_u64 ^ pages as u64);
    let mut paths: Vec<String> = Vec::with_capacity(pages);
    for n in 0..pages {
        let year = years[n % years.len()];
        let day = 1 + (n / years.len()) % 28;
        let month = 1 + (n / years.len() / 28) % 12;
        let slug = format!("update-{n:06}");
        let relative = match shape {
            Shape::Partnership => format!("{year}/{slug}.md"),
            Shape::Varied => format!("{year}/q{}/{slug}.md", 1 + (month - 1) / 3),
        };
        let page = page_text(&mut random, n, (year, month, day), &paths, shape);
        fs::write(content.join(&relative), page).unwrap();
        paths.push(relative);
    }
    write_data(root);
    paths[paths.len() / 2].clone()
}

/// A section's `_index.md` in `dir`, its pages by date, 20 to a list page.
fn section(dir: &Path, title: &str, weight: usize) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join("_index.md"),
        format!(
            "+++\ntitle = \"{title}\"\ndescription = \"What the partners did: {title}.\"\n\
             sort_by = \"date\"\nweight = {weight}\npaginate_by = 20\n+++\n\nThe partnership's work.\n"
        ),
    )
    .unwrap();
}

fn page_text(
    random: &mut Random,
    n: usize,
    (year, month, day): (u32, usize, usize),
    earlier: &[String],
    shape: Shape,
) -> String {
    let priority = PRIORITIES[n % PRIORITIES.len()].0;
    let second = PRIORITIES[(n / 7) % PRIORITIES.len()].0;
    let area = AREAS[n % AREAS.len()];
    let other_area = AREAS[(n / 3) % AREAS.len()];
    let partner = PARTNERS[n % PARTNERS.len()].0;
    let mut out = String::with_capacity(3400);
    let _ = write!(
        out,
        "+++\ntitle = \"{area}: {} {} update {n}\"\ndescription = \"{}\"\ndate = {year}-{month:02}-{day:02}\n\
         [taxonomies]\npriorities = [\"{priority}\", \"{second}\"]\nareas = [\"{area}\", \"{other_area}\"]\npartners = [\"{partner}\"]\n",
        random.word(),
        random.word(),
        random.sentence()
    );
    let varied = shape == Shape::Varied;
    if varied {
        let topics: Vec<String> = (0..3)
            .map(|_| format!("\"topic-{}\"", random.below(TOPICS)))
            .collect();
        let _ = writeln!(out, "topics = [{}]", topics.join(", "));
    }
    out.push_str("+++\n\n");
    let headings = ["What happened", "What the partners did", "What comes next"];
    for heading in headings {
        let _ = writeln!(out, "## {heading}\n");
        // Varied: 0 to 6 paragraphs a heading, so pages run from a few
        // lines to about 12 KB.
        let paragraphs = if varied { random.below(7) } else { 2 };
        for _ in 0..paragraphs {
            let sentences: Vec<String> = (0..4).map(|_| random.sentence()).collect();
            let _ = writeln!(out, "{}\n", sentences.join(" "));
        }
    }
    out.push_str("Actions this quarter:\n\n");
    for _ in 0..4 {
        let _ = writeln!(out, "- {}", random.sentence());
    }
    if !varied || n.is_multiple_of(2) {
        table(random, &mut out);
    }
    if varied && n.is_multiple_of(3) {
        out.push_str("\n```toml\n");
        for k in 0..10 {
            let _ = writeln!(out, "{} = {}", random.word(), k * random.below(100));
        }
        out.push_str("```\n");
    }
    out.push('\n');
    if !earlier.is_empty() {
        let a = &earlier[random.below(earlier.len())];
        let b = &earlier[random.below(earlier.len())];
        let _ = writeln!(
            out,
            "See also [an earlier update](@/{a}) and [another](@/{b}).\n"
        );
    }
    out
}

fn table(random: &mut Random, out: &mut String) {
    out.push_str("\n| Measure | Before | After |\n|:--|--:|--:|\n");
    for _ in 0..4 {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            random.word(),
            random.below(900),
            random.below(900)
        );
    }
}

/// Priorities and partners as Lamplight's data, so tags are checked and
/// their pages list what is tagged with them, and a plan per year.
fn write_data(root: &Path) {
    let data = root.join("data");
    fs::create_dir_all(data.join("plans")).unwrap();
    let mut priorities = String::new();
    for (id, title) in PRIORITIES {
        let _ = writeln!(
            priorities,
            "[[priority]]\nid = \"{id}\"\ntitle = \"{title}\"\nsummary = \"{title} in the district.\"\n"
        );
    }
    fs::write(data.join("priorities.toml"), priorities).unwrap();
    let mut partners = String::new();
    for (id, name) in PARTNERS {
        let _ = writeln!(
            partners,
            "[[partner]]\nid = \"{id}\"\nname = \"{name}\"\nkind = \"statutory\"\ndescription = \"{name} in the partnership.\"\n"
        );
    }
    fs::write(data.join("partners.toml"), partners).unwrap();
}
