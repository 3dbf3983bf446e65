//! Times as people write them, beyond ISO: day-first dates without zero padding
//! (`1.12.2023`), slashed dates in either order (decided per column), month names in English
//! and Russian (`Jan 2019`, `январь 2019`), quarters (`2019Q1`, `I кв. 2019`), fiscal years
//! (`2019/20` → 2019) and years with footnote marks (`2019*`, `2019 [YR2019]`, `2019 г.`).

use super::time::{TimeCell, TimeResolution, date_ms, year_ms};

/// The order of day and month in a column's slashed dates (`03/04/2019`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DayMonth {
    /// `31/12/2019`: how most of the world writes dates.
    #[default]
    DayFirst,
    /// `12/31/2019`: the United States' order.
    MonthFirst,
}

/// What a spelling needed beyond a plain date, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Plain,
    /// `2019/20`: a fiscal year, read as the year it starts in.
    FiscalYear,
    /// `2019Q1`: a quarter, read as its first month.
    Quarter,
}

/// Month names and their abbreviations (English, Russian in the nominative and genitive,
/// Kazakh), as lower-case prefixes long enough to tell them apart.
const MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("may", 5),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("янв", 1),
    ("фев", 2),
    ("мар", 3),
    ("апр", 4),
    ("май", 5),
    ("мая", 5),
    ("июн", 6),
    ("июл", 7),
    ("авг", 8),
    ("сен", 9),
    ("окт", 10),
    ("ноя", 11),
    ("дек", 12),
    ("қаң", 1),
    ("ақп", 2),
    ("нау", 3),
    ("сәу", 4),
    ("мам", 5),
    ("мау", 6),
    ("шіл", 7),
    ("там", 8),
    ("қыр", 9),
    ("қаз", 10),
    ("қар", 11),
    ("жел", 12),
];

fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.chars().count() < 3 || !w.chars().all(char::is_alphabetic) {
        return None;
    }
    MONTHS
        .iter()
        .find(|(p, _)| w.starts_with(p))
        .map(|&(_, m)| m)
}

fn year_of(word: &str) -> Option<i32> {
    let w = word.trim();
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|y| (1000..=9999).contains(y))
}

fn month(y: i32, m: u32) -> TimeCell {
    date_ms(y, m, 1).map_or(TimeCell::Invalid, |ms| {
        TimeCell::Value(ms, TimeResolution::Month)
    })
}

/// A quarter number from `Q1`, `1`, `I`, `IV`, `1-й`, `I кв.` parts.
fn quarter_of(word: &str) -> Option<u32> {
    let w = word
        .trim()
        .trim_start_matches(['Q', 'q', 'К', 'к'])
        .trim_end_matches("-й")
        .trim_end_matches('.');
    match w {
        "1" | "I" => Some(1),
        "2" | "II" => Some(2),
        "3" | "III" => Some(3),
        "4" | "IV" => Some(4),
        _ => None,
    }
}

/// Reads the spellings of the module doc; `None` when the text is none of them. Called only
/// after the ISO forms failed, once per distinct text.
pub fn parse_human(text: &str, order: DayMonth) -> Option<(TimeCell, Reading)> {
    let t = text.trim();
    let plain = |c: TimeCell| Some((c, Reading::Plain));
    // Dates with dots or slashes and one- or two-digit days and months.
    for sep in ['.', '/', '-'] {
        let parts: Vec<&str> = t.split(sep).collect();
        if parts.len() == 3
            && parts[..2]
                .iter()
                .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
            && let Some(y) = year_of(parts[2])
        {
            let (a, b): (u32, u32) = (parts[0].parse().ok()?, parts[1].parse().ok()?);
            let (d, m) = match (sep, order) {
                ('/', DayMonth::MonthFirst) => (b, a),
                _ => (a, b),
            };
            return plain(date_ms(y, m, d).map_or(TimeCell::Invalid, |ms| {
                TimeCell::Value(ms, TimeResolution::Date)
            }));
        }
    }
    // Fiscal years: 2019/20, 2019/2020, 2019-20.
    if let Some((a, b)) = t.split_once(['/', '-', '–'])
        && let Some(y) = year_of(a)
        && b.bytes().all(|c| c.is_ascii_digit())
        && ((b.len() == 2 && b.parse::<i32>().ok() == Some((y + 1) % 100))
            || (b.len() == 4 && b.parse::<i32>().ok() == Some(y + 1)))
    {
        return Some((
            TimeCell::Value(year_ms(y), TimeResolution::Year),
            Reading::FiscalYear,
        ));
    }
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    // Month names: Jan 2019, January 2019, январь 2019 г., 2019 Jan.
    if let [a, b, rest @ ..] = words.as_slice()
        && rest.iter().all(|w| is_year_word(w))
    {
        if let (Some(m), Some(y)) = (month_of(a), year_of(b)) {
            return plain(month(y, m));
        }
        if let (Some(y), Some(m)) = (year_of(a), month_of(b)) {
            return plain(month(y, m));
        }
    }
    // Quarters: 2019Q1, 2019-Q1, 2019 Q1, Q1 2019, I кв. 2019, 1 квартал 2019.
    let quarter = |y: i32, q: u32| {
        Some((
            date_ms(y, (q - 1) * 3 + 1, 1).map_or(TimeCell::Invalid, |ms| {
                TimeCell::Value(ms, TimeResolution::Month)
            }),
            Reading::Quarter,
        ))
    };
    if t.len() >= 6
        && let Some(y) = t.get(..4).and_then(year_of)
        && let Some(q) = t
            .get(4..)
            .map(|r| r.trim_start_matches(['-', ' ']))
            .and_then(quarter_of)
        && t[4..].contains(['Q', 'q'])
    {
        return quarter(y, q);
    }
    let says_quarter = t.contains(['Q', 'q']) || t.to_lowercase().contains("кв");
    let parts: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !(w.to_lowercase().starts_with("кв") || is_year_word(w)))
        .collect();
    if says_quarter
        && let [a, b] = parts.as_slice()
        && let (Some(q), Some(y)) = (quarter_of(a), year_of(b))
    {
        return quarter(y, q);
    }
    // Years with footnote marks or words: 2019*, 2019 [YR2019], 2019 г., 2019 год, 2019e.
    let head: String = t.chars().take_while(char::is_ascii_digit).collect();
    if let Some(y) = year_of(&head) {
        let rest = t[head.len()..].trim();
        let mark = rest.is_empty()
            || rest.chars().all(|c| "*†‡¹²³#".contains(c))
            || (rest.starts_with('[') && rest.ends_with(']'))
            || rest.starts_with('(') && rest.ends_with(')')
            || is_year_word(rest)
            || rest == "e"
            || rest == "p";
        if mark {
            return plain(TimeCell::Value(year_ms(y), TimeResolution::Year));
        }
    }
    None
}

/// Words after a year that say "year": `г.`, `г`, `год`, `года`, `ж.`, `жыл`.
fn is_year_word(w: &str) -> bool {
    matches!(
        w.trim().to_lowercase().as_str(),
        "г." | "г" | "год" | "года" | "гг." | "ж." | "ж" | "жыл" | "жылы"
    )
}

/// Decides the order of day and month in a column's slashed dates from its cells: month-first
/// only when some cell's second number is over 12 and no cell's first number is. The flag says
/// whether any cell decided it (otherwise every slashed date could be read either way).
pub fn slash_order<'a>(cells: impl IntoIterator<Item = &'a str>) -> (DayMonth, bool) {
    let (mut first_big, mut second_big) = (false, false);
    for c in cells {
        let parts: Vec<&str> = c.trim().split('/').collect();
        if parts.len() != 3 || parts[2].trim().len() != 4 {
            continue;
        }
        let a: u32 = parts[0].parse().unwrap_or(0);
        let b: u32 = parts[1].parse().unwrap_or(0);
        first_big |= a > 12;
        second_big |= b > 12;
    }
    match (first_big, second_big) {
        (false, true) => (DayMonth::MonthFirst, true),
        (true, _) => (DayMonth::DayFirst, true),
        (false, false) => (DayMonth::DayFirst, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::time::format_time;

    fn read(s: &str, order: DayMonth) -> (String, Reading) {
        match parse_human(s, order) {
            Some((TimeCell::Value(ms, r), how)) => (format_time(ms, r), how),
            other => panic!("{s}: {other:?}"),
        }
    }

    #[test]
    fn human_spellings() {
        let d = DayMonth::DayFirst;
        let p = Reading::Plain;
        assert_eq!(read("1.12.2023", d), ("2023-12-01".into(), p));
        assert_eq!(read("31/12/2023", d), ("2023-12-31".into(), p));
        assert_eq!(
            read("12/31/2023", DayMonth::MonthFirst),
            ("2023-12-31".into(), p)
        );
        assert_eq!(read("Jan 2019", d), ("2019-01".into(), p));
        assert_eq!(read("January 2019", d), ("2019-01".into(), p));
        assert_eq!(read("январь 2019", d), ("2019-01".into(), p));
        assert_eq!(read("Март 2020 г.", d), ("2020-03".into(), p));
        assert_eq!(read("2019 Jan", d), ("2019-01".into(), p));
        let q = Reading::Quarter;
        assert_eq!(read("2019Q1", d), ("2019-01".into(), q));
        assert_eq!(read("2019-Q3", d), ("2019-07".into(), q));
        assert_eq!(read("Q2 2019", d), ("2019-04".into(), q));
        assert_eq!(read("I кв. 2019", d), ("2019-01".into(), q));
        assert_eq!(read("IV кв. 2019 г.", d), ("2019-10".into(), q));
        assert_eq!(read("2019/20", d), ("2019".into(), Reading::FiscalYear));
        assert_eq!(read("2019-2020", d), ("2019".into(), Reading::FiscalYear));
        assert_eq!(read("2019*", d), ("2019".into(), p));
        assert_eq!(read("2019 [YR2019]", d), ("2019".into(), p));
        assert_eq!(read("2019 г.", d), ("2019".into(), p));
        assert_eq!(
            parse_human("31.02.2023", d).map(|x| x.0),
            Some(TimeCell::Invalid)
        );
        assert_eq!(parse_human("last year", d), None);
        assert_eq!(parse_human("2019/21", d), None);
        assert_eq!(
            slash_order(["03/04/2019", "12/31/2019"]),
            (DayMonth::MonthFirst, true)
        );
        assert_eq!(slash_order(["31/12/2019"]), (DayMonth::DayFirst, true));
        assert_eq!(slash_order(["03/04/2019"]), (DayMonth::DayFirst, false));
    }
}
