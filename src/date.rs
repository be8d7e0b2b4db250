//! Dates in front matter: a TOML date (`date = 2017-07-01`), a TOML date-time,
//! or the same written as a string. Kept as a civil date-time in UTC.

use std::fmt;

use jiff::civil::{Date as CivilDate, DateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The variable reproducible builds set to the time a build is to be "at"
/// (reproducible-builds.org): whole seconds since 1970, in UTC.
pub const SOURCE_DATE_EPOCH: &str = "SOURCE_DATE_EPOCH";

/// When the build is: the clock's time, or `SOURCE_DATE_EPOCH`'s when it
/// is set, so that a build can be repeated byte for byte and a test can
/// build and check a site "in" 2017 or 2026. Set but not a number of
/// seconds, it is an error rather than quietly the clock's time.
pub fn build_time() -> Result<jiff::Timestamp, String> {
    let Some(text) = std::env::var_os(SOURCE_DATE_EPOCH).filter(|t| !t.is_empty()) else {
        return Ok(jiff::Timestamp::now());
    };
    let text = text.to_string_lossy();
    text.trim()
        .parse::<i64>()
        .ok()
        .and_then(|seconds| jiff::Timestamp::from_second(seconds).ok())
        .ok_or_else(|| {
            format!("{SOURCE_DATE_EPOCH} is `{text}`, which is not a number of seconds since 1970")
        })
}

/// The day of [`build_time`] in UTC: dates in front matter are days, and
/// an hour either side of midnight does not change which review is due.
pub fn build_day() -> Result<CivilDate, String> {
    build_time().map(|time| jiff::tz::TimeZone::UTC.to_datetime(time).date())
}

/// [`build_day`], or the clock's day when `SOURCE_DATE_EPOCH` is not a
/// time: for callers below `main`, which has already refused that.
pub fn build_day_or_clock() -> CivilDate {
    build_day().unwrap_or_else(|_| {
        jiff::tz::TimeZone::UTC
            .to_datetime(jiff::Timestamp::now())
            .date()
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub datetime: DateTime,
    /// Whether a time of day was given; a bare date prints as a date.
    pub has_time: bool,
}

impl Date {
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        // jiff reads a date out of a longer date-time too, so only try a bare
        // date when that is all there is.
        let parsed = if text.len() == "2017-07-01".len() {
            text.parse::<CivilDate>().ok().map(|date| Date {
                datetime: date.to_datetime(jiff::civil::Time::midnight()),
                has_time: false,
            })
        } else if let Ok(timestamp) = text.parse::<jiff::Timestamp>() {
            Some(Date {
                datetime: jiff::tz::TimeZone::UTC.to_datetime(timestamp),
                has_time: true,
            })
        } else {
            text.parse::<DateTime>().ok().map(|datetime| Date {
                datetime,
                has_time: true,
            })
        };
        parsed.ok_or_else(|| {
            format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2017-07-01")
        })
    }

    /// RFC 3339 in UTC, as Atom and sitemaps want.
    pub fn rfc3339(&self) -> String {
        format!("{}Z", self.datetime.strftime("%Y-%m-%dT%H:%M:%S"))
    }

    /// `strftime`-style formatting, for the `date` template filter.
    pub fn format(&self, format: &str) -> Result<String, String> {
        let mut out = String::new();
        jiff::fmt::strtime::BrokenDownTime::from(self.datetime)
            .format(format, &mut out)
            .map_err(|e| format!("bad date format `{format}`: {e}"))?;
        Ok(out)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.has_time {
            write!(f, "{}", self.datetime.strftime("%Y-%m-%dT%H:%M:%S"))
        } else {
            write!(f, "{}", self.datetime.date())
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Toml(toml::value::Datetime),
            Text(String),
        }
        let text = match Written::deserialize(deserializer)
            .map_err(|_| serde::de::Error::custom("a date must look like 2017-07-01"))?
        {
            Written::Toml(datetime) => datetime.to_string(),
            Written::Text(text) => text,
        };
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A quarter of a plan year, which starts in April.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize, serde::Serialize,
)]
pub enum Quarter {
    Q1,
    Q2,
    Q3,
    Q4,
}

impl Quarter {
    pub const ALL: [Quarter; 4] = [Quarter::Q1, Quarter::Q2, Quarter::Q3, Quarter::Q4];

    pub fn as_str(self) -> &'static str {
        match self {
            Quarter::Q1 => "Q1",
            Quarter::Q2 => "Q2",
            Quarter::Q3 => "Q3",
            Quarter::Q4 => "Q4",
        }
    }

    /// The months it covers in a plan year that starts in April.
    pub fn months(self) -> &'static str {
        match self {
            Quarter::Q1 => "April to June",
            Quarter::Q2 => "July to September",
            Quarter::Q3 => "October to December",
            Quarter::Q4 => "January to March",
        }
    }

    /// `April to June 2017`, `January to March 2018`: the months with the
    /// calendar year they fall in, which for Q4 is the plan's second.
    pub fn months_in(self, year: PlanYear) -> String {
        let calendar = if self == Quarter::Q4 {
            year.start + 1
        } else {
            year.start
        };
        format!("{} {calendar}", self.months())
    }
}

/// A financial year from April, written `2017/18`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PlanYear {
    pub start: u16,
}

impl PlanYear {
    /// Reads `2017/18`. The second part must be the year after the first.
    pub fn parse(text: &str) -> Option<PlanYear> {
        let (first, second) = text.split_once('/')?;
        if first.len() != 4 || second.len() != 2 {
            return None;
        }
        if !first
            .bytes()
            .chain(second.bytes())
            .all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let start: u16 = first.parse().ok()?;
        let end: u16 = second.parse().ok()?;
        ((start + 1) % 100 == end).then_some(PlanYear { start })
    }

    /// `2017-18`: the form used in URLs and file names.
    pub fn slug(self) -> String {
        format!("{}-{:02}", self.start, (self.start + 1) % 100)
    }

    /// 1 April of the first year: the day the plan begins.
    pub fn first_day(self) -> CivilDate {
        jiff::civil::date(self.start as i16, 4, 1)
    }

    /// 31 March of the second year: the last day the plan covers.
    pub fn last_day(self) -> CivilDate {
        jiff::civil::date(self.start as i16 + 1, 3, 31)
    }

    /// Where `today` falls against the plan's year.
    pub fn state_on(self, today: CivilDate) -> PeriodState {
        if today < self.first_day() {
            PeriodState::NotStarted
        } else if today > self.last_day() {
            PeriodState::Ended
        } else {
            PeriodState::Running
        }
    }
}

/// Whether a plan's year is still to come, under way or over, on the
/// build's day: what its pages say of it is worked out, not written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodState {
    NotStarted,
    Running,
    Ended,
}

/// `1 April 2017`: a day as residents write it.
pub fn long_day(day: CivilDate) -> String {
    day.strftime("%-d %B %Y").to_string()
}

/// `March 2018`: the month a day falls in.
pub fn month_year(day: CivilDate) -> String {
    day.strftime("%B %Y").to_string()
}

impl std::fmt::Display for PlanYear {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{:02}", self.start, (self.start + 1) % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Holder {
        date: Date,
    }

    #[test]
    fn reads_toml_dates_strings_and_datetimes() {
        let bare: Holder = toml::from_str("date = 2017-07-01").unwrap();
        assert_eq!(bare.date.to_string(), "2017-07-01");
        assert_eq!(bare.date.rfc3339(), "2017-07-01T00:00:00Z");
        let quoted: Holder = toml::from_str("date = \"2016-09-06\"").unwrap();
        assert_eq!(quoted.date.to_string(), "2016-09-06");
        let offset: Holder = toml::from_str("date = 2017-07-01T10:00:00+01:00").unwrap();
        assert_eq!(offset.date.rfc3339(), "2017-07-01T09:00:00Z");
        let local: Holder = toml::from_str("date = 2017-07-01T10:30:00").unwrap();
        assert_eq!(local.date.to_string(), "2017-07-01T10:30:00");
    }

    #[test]
    fn a_bad_date_is_an_error_at_the_value() {
        let err = toml::from_str::<Holder>("date = \"1st July\"").unwrap_err();
        assert!(err.message().contains("not a date"), "{}", err.message());
        assert_eq!(err.span(), Some(7..17));
        let err = toml::from_str::<Holder>("date = 2017-13-01").unwrap_err();
        assert!(err.span().is_some());
    }

    #[test]
    fn a_plan_year_runs_from_april_to_march() {
        let year = PlanYear::parse("2017/18").unwrap();
        assert_eq!(long_day(year.first_day()), "1 April 2017");
        assert_eq!(long_day(year.last_day()), "31 March 2018");
        assert_eq!(month_year(year.last_day()), "March 2018");
        let state = |y, m, d| year.state_on(jiff::civil::date(y, m, d));
        assert_eq!(state(2017, 3, 31), PeriodState::NotStarted);
        assert_eq!(state(2017, 4, 1), PeriodState::Running);
        assert_eq!(state(2018, 3, 31), PeriodState::Running);
        assert_eq!(state(2018, 4, 1), PeriodState::Ended);
        assert_eq!(Quarter::Q1.months_in(year), "April to June 2017");
        assert_eq!(Quarter::Q4.months_in(year), "January to March 2018");
        let last = PlanYear::parse("1999/00").unwrap();
        assert_eq!(long_day(last.last_day()), "31 March 2000");
    }

    #[test]
    fn formats_for_residents() {
        let date = Date::parse("2017-07-01").unwrap();
        assert_eq!(date.format("%-d %B %Y").unwrap(), "1 July 2017");
    }
}
