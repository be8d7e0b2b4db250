//! A page's value: its fields ([`PageField`]), which of them the value
//! lists share leaves out ([`OwnOnly`]), and the value made field by field.

use serde::Serialize;
use tera::Value;

use super::{Link, Shared, Translation, asset_urls, toml_table, translations};
use crate::config::Config;
use crate::content::{Library, Page, Taxonomies};
use crate::markdown::{Heading, Rendered};

/// Defines [`PageField`] and its names together, in the order a page's
/// value has them.
macro_rules! page_fields {
    ($($field:ident = $name:literal),* $(,)?) => {
        /// A field of a page's value.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum PageField {
            $($field),*
        }

        impl PageField {
            /// Every field, in the order of a page's value.
            pub const ALL: &[PageField] = &[$(PageField::$field),*];

            pub fn name(self) -> &'static str {
                match self {
                    $(PageField::$field => $name),*
                }
            }
        }
    };
}

page_fields![
    Title = "title",
    Description = "description",
    Date = "date",
    Updated = "updated",
    Url = "url",
    Permalink = "permalink",
    Slug = "slug",
    RelativePath = "relative_path",
    Summary = "summary",
    Toc = "toc",
    WordCount = "word_count",
    ReadingTime = "reading_time",
    Draft = "draft",
    Weight = "weight",
    Authors = "authors",
    Sensitive = "sensitive",
    Findable = "findable",
    Archived = "archived",
    Scheme = "scheme",
    Event = "event",
    Taxonomies = "taxonomies",
    Assets = "assets",
    Lang = "lang",
    Translations = "translations",
    Ancestors = "ancestors",
    Previous = "previous",
    Next = "next",
    Content = "content",
    Extra = "extra",
];

/// The fields a page's value in lists leaves out, given only to the
/// page's own template: those no template can read from another page, as
/// `crate::templates` finds by reading them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OwnOnly(u32);

impl PageField {
    /// What the site-wide lists (the sitemap, the A–Z of the search page,
    /// the lists of terms) are made from, which `serve` compares between
    /// a page's last value and its new one to know whether to plan them
    /// again: never left out of a value a later render compares with
    /// ([`OwnOnly::compared`]), whatever the templates read.
    pub const LISTED: [PageField; 9] = [
        PageField::Title,
        PageField::Description,
        PageField::Url,
        PageField::Permalink,
        PageField::Date,
        PageField::Updated,
        PageField::Taxonomies,
        PageField::Sensitive,
        PageField::Findable,
    ];
}

impl OwnOnly {
    /// Nothing left out: the whole value.
    pub const NONE: OwnOnly = OwnOnly(0);

    /// `fields` left out.
    pub fn of(fields: impl IntoIterator<Item = PageField>) -> OwnOnly {
        OwnOnly(fields.into_iter().fold(0, |bits, f| bits | 1 << f as u32))
    }

    /// What a render may leave out of values that a later render compares
    /// with its own (`serve`'s, `check`'s): all but [`PageField::LISTED`].
    /// A build's values are never compared, and leave out every field no
    /// template reads from another page.
    pub fn compared(self) -> OwnOnly {
        OwnOnly::of(
            PageField::ALL
                .iter()
                .copied()
                .filter(|f| self.leaves_out(*f) && !PageField::LISTED.contains(f)),
        )
    }

    pub fn leaves_out(self, field: PageField) -> bool {
        self.0 & 1 << field as u32 != 0
    }

    pub fn any(self) -> bool {
        self.0 != 0
    }

    /// Whether a page's shared value equal to the last says its own is
    /// too: only when nothing is left out of it (its HTML, made from the
    /// text, least of all).
    pub fn value_follows_text(self) -> bool {
        !self.any()
    }
}

/// A page's value before it is one: what each field shows, in the order
/// of [`PageField::ALL`]. Fields in `left_out` are not in the value, and
/// [`page_value`] does not work them out.
struct PageView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    date: Option<String>,
    updated: Option<String>,
    url: &'a str,
    permalink: &'a str,
    slug: &'a str,
    relative_path: &'a str,
    summary: Option<&'a str>,
    toc: &'a [Heading],
    word_count: usize,
    /// Minutes, at 200 words a minute, never less than one.
    reading_time: usize,
    draft: bool,
    weight: Option<i64>,
    authors: &'a [String],
    sensitive: bool,
    findable: bool,
    /// In an `archive` section, or below one: a record of its time, which
    /// the theme says is not kept up to date.
    archived: bool,
    /// The id of the scheme it is about (`scheme = "…"`), for lists to
    /// look up its status with `get_scheme`.
    scheme: Option<&'a str>,
    event: Option<EventView<'a>>,
    /// Made once for each set of terms and shared ([`Shared`]).
    taxonomies: Value,
    assets: Vec<String>,
    /// Its language's code, as Zola's `page.lang`.
    lang: &'a str,
    /// Its versions in the site's languages, itself among them, as Zola's
    /// `page.translations`; empty when it has none.
    translations: Vec<Translation<'a>>,
    ancestors: Value,
    previous: Value,
    next: Value,
    /// Its HTML.
    content: Value,
    extra: Value,
    left_out: OwnOnly,
}

/// By hand rather than derived, to leave out the fields in `left_out`: the
/// value is made in one go, each key hashed once (Tera's maps hash with
/// SipHash, and making a map and then a value of it hashed every key
/// twice).
impl Serialize for PageView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let kept = PageField::ALL
            .iter()
            .filter(|f| !self.left_out.leaves_out(**f));
        let mut out = serializer.serialize_struct("page", kept.count())?;
        macro_rules! fields {
            ($($field:ident: $value:expr),* $(,)?) => {$(
                if !self.left_out.leaves_out(PageField::$field) {
                    out.serialize_field(PageField::$field.name(), &$value)?;
                }
            )*};
        }
        fields![
            Title: self.title,
            Description: self.description,
            Date: self.date,
            Updated: self.updated,
            Url: self.url,
            Permalink: self.permalink,
            Slug: self.slug,
            RelativePath: self.relative_path,
            Summary: self.summary,
            Toc: self.toc,
            WordCount: self.word_count,
            ReadingTime: self.reading_time,
            Draft: self.draft,
            Weight: self.weight,
            Authors: self.authors,
            Sensitive: self.sensitive,
            Findable: self.findable,
            Archived: self.archived,
            Scheme: self.scheme,
            Event: self.event,
            Taxonomies: self.taxonomies,
            Assets: self.assets,
            Lang: self.lang,
            Translations: self.translations,
            Ancestors: self.ancestors,
            Previous: self.previous,
            Next: self.next,
            Content: self.content,
            Extra: self.extra,
        ];
        out.end()
    }
}

/// When and where an event page's event is.
#[derive(Serialize)]
struct EventView<'a> {
    start: String,
    /// The last day, or the end time.
    end: String,
    all_day: bool,
    /// Whether it ends on another day from the one it starts.
    several_days: bool,
    /// Only the span it fell in is known, not the day.
    day_unknown: bool,
    location: Option<&'a str>,
}

/// `rendered` is the page's Markdown, from [`crate::content::Texts`].
/// Every list, feed and lookup shares the value made without the fields in
/// `left_out`; the page's own template gets the value with nothing left
/// out, made as its page is planned and let go once it is rendered, so a
/// build holds one page's HTML and contents as values at a time, not
/// every page's.
pub fn page_value(
    config: &Config,
    library: &Library,
    shared: &Shared,
    page: &Page,
    rendered: &Rendered,
    left_out: OwnOnly,
) -> Value {
    // What takes work to make is made only for a field in the value.
    let kept = |field| !left_out.leaves_out(field);
    let neighbour = |field, i: Option<usize>| match kept(field) {
        true => Value::from(i.map(|i| shared.page(library, i))),
        false => Value::none(),
    };
    let view = PageView {
        title: &page.meta.title,
        description: page.meta.description.as_deref(),
        date: page
            .date
            .filter(|_| kept(PageField::Date))
            .map(|d| d.to_string()),
        updated: page
            .meta
            .updated
            .filter(|_| kept(PageField::Updated))
            .map(|d| d.to_string()),
        url: &page.url,
        permalink: &page.permalink,
        slug: &page.slug,
        relative_path: &page.file.relative,
        summary: rendered.summary.as_deref(),
        toc: &rendered.toc,
        word_count: rendered.word_count,
        reading_time: rendered.word_count.div_ceil(200).max(1),
        draft: page.meta.draft,
        weight: page.meta.weight,
        authors: &page.meta.authors,
        sensitive: page.sensitive,
        findable: page.findable,
        archived: library.in_archive(page),
        scheme: page.meta.scheme.as_ref().map(|s| s.get_ref().as_str()),
        event: page
            .meta
            .event
            .as_ref()
            .filter(|_| kept(PageField::Event))
            .map(|event| {
                let start = *event.start.get_ref();
                let end = event.end.as_ref().map_or(start, |e| *e.get_ref());
                EventView {
                    start: start.to_string(),
                    end: end.to_string(),
                    all_day: !start.has_time,
                    several_days: end.datetime.date() != start.datetime.date(),
                    day_unknown: event.day_unknown,
                    location: event.location.as_deref(),
                }
            }),
        taxonomies: match kept(PageField::Taxonomies) {
            true => shared.terms(&page.meta.taxonomies),
            false => Value::none(),
        },
        assets: match kept(PageField::Assets) {
            true => asset_urls(config, &page.assets),
            false => Vec::new(),
        },
        lang: config.language_code(page.file.lang.as_deref()),
        translations: match kept(PageField::Translations) {
            true => translations(config, library, crate::content::ItemRef::Page(page)),
            false => Vec::new(),
        },
        ancestors: shared.breadcrumbs[page.section].clone(),
        previous: neighbour(PageField::Previous, page.previous),
        next: neighbour(PageField::Next, page.next),
        // Unpacking a packed page's HTML is work: only for its own value.
        content: match kept(PageField::Content) {
            true => rendered.html.value(),
            false => Value::none(),
        },
        extra: match (kept(PageField::Extra), page.meta.extra.is_empty()) {
            (false, _) => Value::none(),
            (true, true) => shared.empty_map.clone(),
            (true, false) => toml_table(&page.meta.extra),
        },
        left_out,
    };
    Value::from_serializable(&view)
}

/// A page made from data, shaped like a content page so shared templates
/// work; it is in the site's own language, `lang`.
pub fn generated_page_value(
    title: &str,
    description: Option<&str>,
    url: &str,
    permalink: &str,
    ancestors: &[Link],
    sensitive: bool,
    lang: &str,
) -> Value {
    let view = PageView {
        title,
        description,
        date: None,
        updated: None,
        url,
        permalink,
        slug: url
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default(),
        relative_path: "",
        summary: None,
        toc: &[],
        word_count: 0,
        reading_time: 1,
        draft: false,
        weight: None,
        authors: &[],
        sensitive,
        findable: false,
        // A plan's pages say its period and whether it has ended instead.
        archived: false,
        scheme: None,
        event: None,
        taxonomies: Value::from_serializable(&Taxonomies::EMPTY),
        assets: Vec::new(),
        lang,
        translations: Vec::new(),
        ancestors: Value::from_serializable(ancestors),
        previous: Value::none(),
        next: Value::none(),
        content: Value::from(""),
        extra: Value::from(tera::Map::new()),
        left_out: OwnOnly::NONE,
    };
    Value::from_serializable(&view)
}
