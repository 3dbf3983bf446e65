//! Time values at the resolution the file gives them: a year, a month, a date or a timestamp.
//! Internally every time is milliseconds since 1970-01-01 UTC plus the resolution it came with.

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

/// The resolution of a time value, coarsest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeResolution {
    Year,
    Month,
    Date,
    Timestamp,
}

impl TimeResolution {
    pub fn label(self) -> &'static str {
        match self {
            TimeResolution::Year => "year",
            TimeResolution::Month => "month",
            TimeResolution::Date => "day",
            TimeResolution::Timestamp => "timestamp",
        }
    }
}

/// The outcome of reading one time cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TimeCell {
    Missing,
    Value(i64, TimeResolution),
    Invalid,
}

const MS_PER_DAY: i64 = 86_400_000;

/// The number of days of a year: 365, or 366 in a leap year.
pub fn days_in_year(year: i32) -> u32 {
    if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
        366
    } else {
        365
    }
}

/// The number of days of a month (0 for a month that does not exist).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Milliseconds since the epoch of midnight UTC on the given date (`None` when the date does
/// not exist). Pure arithmetic (Howard Hinnant's days-from-civil): this runs once per row.
pub fn date_ms(year: i32, month: u32, day: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * MS_PER_DAY)
}

/// The ms value of 1 January of `year`.
pub fn year_ms(year: i32) -> i64 {
    date_ms(year, 1, 1).unwrap_or(i64::MIN)
}

/// The calendar year of a ms value.
pub fn year_of(ms: i64) -> i32 {
    to_datetime(ms).year()
}

/// The (year, month) of a ms value.
pub fn year_month_of(ms: i64) -> (i32, u32) {
    let d = to_datetime(ms);
    (d.year(), d.month())
}

fn to_datetime(ms: i64) -> NaiveDateTime {
    DateTime::from_timestamp_millis(ms)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

/// Formats a time at its resolution: `2019`, `2019-03`, `2019-03-01`, `2019-03-01T12:00:00Z`.
pub fn format_time(ms: i64, res: TimeResolution) -> String {
    let d = to_datetime(ms);
    match res {
        TimeResolution::Year => format!("{}", d.year()),
        TimeResolution::Month => format!("{}-{:02}", d.year(), d.month()),
        // chrono's `%Y` writes years outside 0–9999 with a sign: those keep its format.
        // Formatting the fields directly is several times faster than a format string (10M
        // rows to Parquet: chrono's formatting was a fifth of the time).
        _ if !(0..=9999).contains(&d.year()) => match res {
            TimeResolution::Date => d.format("%Y-%m-%d").to_string(),
            _ => d.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        },
        TimeResolution::Date => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        TimeResolution::Timestamp => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            d.year(),
            d.month(),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        ),
    }
}

/// Reads a year given as a number (`2019`, `2019.0`).
pub fn time_from_number(v: f64) -> TimeCell {
    if v.fract() == 0.0 && (1000.0..=9999.0).contains(&v) {
        TimeCell::Value(year_ms(v as i32), TimeResolution::Year)
    } else {
        TimeCell::Invalid
    }
}

/// Parses the time spellings found in statistics files: `2019`, `2019-03`, `2019M03`,
/// `2019-03-01`, `2019/03/01`, `01.03.2019`, RFC 3339 timestamps with offsets or `Z`
/// (converted to UTC), and `2019-03-01 12:00[:00]`.
pub fn parse_time(s: &str) -> TimeCell {
    parse_time_ordered(s, super::time_text::DayMonth::DayFirst)
}

/// [`parse_time`], with slashed dates (`03/04/2019`) read in the column's `order`; the
/// spellings of [`super::time_text`] are tried last.
pub fn parse_time_ordered(s: &str, order: super::time_text::DayMonth) -> TimeCell {
    parse_time_reading(s, order).0
}

/// [`parse_time_ordered`], with what the spelling needed (a fiscal year, a quarter).
pub fn parse_time_reading(
    s: &str,
    order: super::time_text::DayMonth,
) -> (TimeCell, super::time_text::Reading) {
    match parse_iso(s) {
        TimeCell::Invalid => super::time_text::parse_human(s, order)
            .unwrap_or((TimeCell::Invalid, super::time_text::Reading::Plain)),
        c => (c, super::time_text::Reading::Plain),
    }
}

/// The common spellings [`parse_time`] reads first, without allocating: `YYYY`,
/// `YYYY-MM-DD` (or with `/`), `DD.MM.YYYY` and `YYYY-MM` (or `YYYYMmm`, `YYYY/MM`). `None` for
/// any other spelling; an impossible date of those shapes is `Invalid`.
pub(crate) fn parse_iso_fast(t: &str) -> Option<TimeCell> {
    let b = t.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r)?.iter().try_fold(0u32, |acc, &d| {
            d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0'))
        })
    };
    let date = |y: u32, m: u32, d: u32, r: TimeResolution| {
        date_ms(y as i32, m, d).map_or(TimeCell::Invalid, |ms| TimeCell::Value(ms, r))
    };
    if b.len() == 4
        && let Some(y) = num(0..4)
    {
        return Some(TimeCell::Value(year_ms(y as i32), TimeResolution::Year));
    }
    if b.len() == 10
        && (b[4] == b'-' || b[4] == b'/')
        && b[7] == b[4]
        && let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10))
    {
        return Some(date(y, m, d, TimeResolution::Date));
    }
    if b.len() == 10
        && b[2] == b'.'
        && b[5] == b'.'
        && let (Some(d), Some(m), Some(y)) = (num(0..2), num(3..5), num(6..10))
    {
        return Some(date(y, m, d, TimeResolution::Date));
    }
    if b.len() == 7
        && (b[4] == b'-' || b[4] == b'M' || b[4] == b'/')
        && let (Some(y), Some(m)) = (num(0..4), num(5..7))
        && (1..=12).contains(&m)
    {
        return Some(date(y, m, 1, TimeResolution::Month));
    }
    None
}

/// The ISO-like spellings and plain years of [`parse_time`].
fn parse_iso(s: &str) -> TimeCell {
    let t = s.trim();
    if let Some(cell) = parse_iso_fast(t) {
        return cell;
    }
    if super::text::is_missing(t) {
        return TimeCell::Missing;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return TimeCell::Value(dt.timestamp_millis(), TimeResolution::Timestamp);
    }
    // Offsets of hours only or without a colon (`+05`, `+0530`), as PostgreSQL writes
    // `timestamptz` and ISO 8601 allows.
    for fmt in ["%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.f%#z"] {
        if let Ok(dt) = DateTime::parse_from_str(t, fmt) {
            return TimeCell::Value(dt.timestamp_millis(), TimeResolution::Timestamp);
        }
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, fmt) {
            return TimeCell::Value(dt.and_utc().timestamp_millis(), TimeResolution::Timestamp);
        }
    }
    if let Ok(v) = t.parse::<f64>() {
        return time_from_number(v);
    }
    TimeCell::Invalid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_formatted_as_chrono_formats_them() {
        use TimeResolution::*;
        for ms in [
            0,
            -1,
            year_ms(1900) + 86_399_999,
            year_ms(2024) + 59 * 86_400_000 + 3_723_000,
            year_ms(9999) + 1,
            year_ms(10_000) + 5,
            year_ms(-1) + 7,
        ] {
            let d = to_datetime(ms);
            assert_eq!(format_time(ms, Date), d.format("%Y-%m-%d").to_string());
            let stamp = d.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            assert_eq!(format_time(ms, Timestamp), stamp);
        }
    }

    #[test]
    fn spellings_and_resolutions() {
        use TimeResolution::*;
        let v = |s: &str| match parse_time(s) {
            TimeCell::Value(ms, r) => (format_time(ms, r), r),
            other => panic!("{s}: {other:?}"),
        };
        assert_eq!(v("2019"), ("2019".into(), Year));
        assert_eq!(v("2019-03"), ("2019-03".into(), Month));
        assert_eq!(v("2019M03"), ("2019-03".into(), Month));
        assert_eq!(v("2019-03-01"), ("2019-03-01".into(), Date));
        assert_eq!(v("01.03.2019"), ("2019-03-01".into(), Date));
        assert_eq!(
            v("2018-01-01T00:00:00+00:00"),
            ("2018-01-01T00:00:00Z".into(), Timestamp)
        );
        assert_eq!(
            v("2018-06-01T01:00:00+01:00"),
            ("2018-06-01T00:00:00Z".into(), Timestamp)
        );
        assert_eq!(
            v("2018-01-01T00:00:00.000Z"),
            ("2018-01-01T00:00:00Z".into(), Timestamp)
        );
        // PostgreSQL's timestamptz text: an offset of hours only, or without a colon.
        assert_eq!(
            v("2022-01-01 06:00:00+00"),
            ("2022-01-01T06:00:00Z".into(), Timestamp)
        );
        assert_eq!(
            v("2022-01-01 06:00:00.5+05"),
            ("2022-01-01T01:00:00Z".into(), Timestamp)
        );
        assert_eq!(
            v("2022-01-01T06:00:00+0530"),
            ("2022-01-01T00:30:00Z".into(), Timestamp)
        );
        assert_eq!(v("2019.0"), ("2019".into(), Year));
        assert_eq!(parse_time(""), TimeCell::Missing);
        assert_eq!(parse_time("2019-02-30"), TimeCell::Invalid);
        assert_eq!(parse_time("last year"), TimeCell::Invalid);
        assert_eq!(year_of(year_ms(1999)), 1999);
        assert_eq!(year_month_of(date_ms(2020, 7, 9).unwrap()), (2020, 7));
        // The arithmetic agrees with chrono over a wide span of days.
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for days in (-30_000i64..60_000).step_by(7) {
            let d = epoch + chrono::Duration::days(days);
            assert_eq!(
                date_ms(d.year(), d.month(), d.day()),
                Some(days * MS_PER_DAY),
                "{d}"
            );
        }
        assert_eq!(date_ms(2023, 2, 29), None);
        assert!(date_ms(2024, 2, 29).is_some());
    }
}
