//! Headers over several rows: title rows above are preamble; a group label merged over
//! sub-columns (`Среднегодовая концентрация, мкг/м³` over `PM2,5 | PM10 | NO2`) or a units row
//! under the names is combined into one name per column, the unit from whichever row has it.

use crate::data::catalog::normalize_unit;
use crate::data::numbers::{DecimalMark, NumberCell, parse_number};

type Row = Vec<Option<String>>;

fn is_number(cell: &str) -> bool {
    matches!(
        parse_number(cell, DecimalMark::Point),
        NumberCell::Value(_) | NumberCell::Censored
    ) || matches!(parse_number(cell, DecimalMark::Comma), NumberCell::Value(_))
}

/// A unit as written alone in a cell or after a label's last comma: `мкг/м³`, `%`, `kWh`.
pub fn as_unit(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > 24 {
        return None;
    }
    let normal = normalize_unit(t);
    let known = normal != t || crate::data::units::is_unit(t);
    known.then_some(normal)
}

/// A group label's unit: after its last comma (`…, мкг/м³`) or in trailing parentheses.
fn label_unit(label: &str) -> Option<(String, String)> {
    if let Some(u) = crate::data::catalog::unit_from_header(label) {
        let name = crate::data::catalog::strip_parenthesised(label).to_string();
        return Some((name, u));
    }
    let (name, tail) = label.rsplit_once(',')?;
    Some((name.trim().to_string(), as_unit(tail)?))
}

/// The non-empty cells of a row, with their column.
fn filled(row: &Row) -> Vec<(usize, &str)> {
    row.iter()
        .enumerate()
        .filter_map(|(j, c)| c.as_deref().map(|c| (j, c)))
        .collect()
}

/// How many rows below `header` continue the header: rows with text (never numbers, never a
/// missing-value marker such as `..` or `н/д`, which make the row data) only in columns whose
/// cells below are mostly numbers. At most two.
pub fn continuation_rows(rows: &[Row], header: usize) -> usize {
    let mut k = 0;
    while k < 2 {
        let Some(row) = rows.get(header + 1 + k) else {
            break;
        };
        let below = &rows[(header + 2 + k).min(rows.len())..];
        let filled = filled(row);
        let data_like = |c: &str| is_number(c) || crate::data::text::is_missing(c);
        let years = k == 0 && group_over_years(&rows[header], row);
        if below.is_empty()
            || filled.is_empty()
            || (!years && filled.iter().any(|(_, c)| data_like(c)))
        {
            break;
        }
        let numeric_below = |j: usize| {
            let cells: Vec<&str> = below
                .iter()
                .take(50)
                .filter_map(|r| r.get(j).and_then(|c| c.as_deref()))
                .collect();
            !cells.is_empty() && cells.iter().filter(|c| is_number(c)).count() * 2 > cells.len()
        };
        if !filled.iter().all(|&(j, _)| numeric_below(j)) {
            break;
        }
        k += 1;
    }
    k
}

/// True when `row` (under the header row `top`) holds only years, at least two, distinct and in
/// order, under one group label: the label over the first year and nothing over the others
/// (`PM2,5, мкг/м3;;` over `;2018;2019;2020`), the cells left of the years empty and a name
/// (the place's) above them.
pub fn group_over_years(top: &Row, row: &Row) -> bool {
    let filled = filled(row);
    let is_year = |c: &str| crate::data::layout::year_header(c).is_some() && is_number(c);
    let Some(&(first, _)) = filled.first() else {
        return false;
    };
    let over = |j: usize| top.get(j).and_then(|c| c.as_deref());
    let years: Vec<i32> = filled
        .iter()
        .filter_map(|&(_, c)| is_year(c).then(|| crate::data::layout::year_header(c))?)
        .collect();
    // Years of a header run one way (a row of values that happen to lie in 1900–2100 rarely
    // does), and the place's name is above them, left of the group.
    let monotonic = years.windows(2).all(|w| w[0] < w[1]) || years.windows(2).all(|w| w[0] > w[1]);
    filled.len() >= 2
        && first > 0
        && years.len() == filled.len()
        && monotonic
        && top[..first.min(top.len())].iter().any(Option::is_some)
        && over(first).is_some()
        && filled[1..].iter().all(|&(j, _)| over(j).is_none())
}

/// Words that name the time, not what is measured: a group label of only these (`Годы` over
/// the year columns) names no indicator.
const PERIOD_WORDS: [&str; 9] = [
    "год",
    "годы",
    "year",
    "years",
    "период",
    "period",
    "жыл",
    "жылдар",
    "по годам",
];

/// The indicator named by a group label over year columns (see [`group_over_years`]), with
/// its unit in parentheses as the loader reads it (`PM2,5 (мкг/м3)`); `None` for other headers.
pub fn year_group_indicator(rows: &[Row], header: usize, extra: usize) -> Option<String> {
    let (top, row) = (rows.get(header)?, rows.get(header + 1)?);
    if extra == 0 || !group_over_years(top, row) {
        return None;
    }
    let first = row.iter().position(Option::is_some)?;
    let label = top.get(first)?.clone()?;
    let word = label.trim().trim_end_matches([':', ',']).to_lowercase();
    if PERIOD_WORDS.contains(&word.as_str()) {
        return None;
    }
    Some(match label_unit(&label) {
        Some((name, unit)) => format!("{name} ({unit})"),
        None => label,
    })
}

/// A sub-label that looks like a unit the catalog does not know: short, or abbreviated.
fn unit_like(text: &str) -> bool {
    text.chars().count() <= 6 || text.contains(['.', '/', '%', '³', '²'])
}

/// One name per column from the header row and its `extra` continuation rows. A group label
/// is carried right over the empty cells next to it that have a sub-label, and a sub-label
/// names its column within the group; a column's own name (a top label that is no group) is
/// kept, with a sub-label that is no unit after it. A unit in any row (alone, after the group
/// label's comma or in parentheses) is written after the name in parentheses, where the
/// loader reads units from.
pub fn combine(rows: &[Row], header: usize, extra: usize) -> Vec<Option<String>> {
    let width = rows[header..=header + extra]
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    let cell = |r: usize, j: usize| rows[r].get(j).and_then(|c| c.clone());
    let mut out = Vec::with_capacity(width);
    let mut group: Option<String> = None;
    // A top label is a group when the empty top cell right of it has a sub-label.
    let spans = |j: usize| {
        cell(header, j + 1).is_none()
            && j + 1 < width
            && (1..=extra).any(|k| cell(header + k, j + 1).is_some())
    };
    let years = extra > 0 && group_over_years(&rows[header], &rows[header + 1]);
    for j in 0..width {
        let subs: Vec<String> = (1..=extra).filter_map(|k| cell(header + k, j)).collect();
        // Years under a group label are the columns' names: the label is the indicator.
        if years && let Some(year) = cell(header + 1, j) {
            out.push(Some(year));
            continue;
        }
        let own_name = cell(header, j).is_some() && !spans(j);
        let top = match cell(header, j) {
            Some(t) => {
                group = Some(t.clone());
                Some(t)
            }
            None if !subs.is_empty() => group.clone(),
            None => {
                group = None;
                None
            }
        };
        let mut unit = None;
        let mut parts = Vec::new();
        if let Some(t) = top {
            match label_unit(&t) {
                Some((name, u)) => {
                    unit = Some(u);
                    parts.push(name);
                }
                None => parts.push(t),
            }
        }
        for s in subs {
            match as_unit(&s) {
                Some(u) => unit = Some(u),
                None => parts.push(s),
            }
        }
        // Within a group a sub-label names the column; a column's own name stays, the
        // sub-label (no unit) after it.
        let name = match parts.len() {
            0 => None,
            1 => Some(parts.remove(0)),
            // A short or abbreviated sub-label (`тыс. т`, `1000 t`) reads as its unit.
            _ if own_name && unit.is_none() && parts[1..].iter().all(|p| unit_like(p)) => {
                let top = parts.remove(0);
                Some(format!("{top} ({})", parts.join(", ")))
            }
            _ if own_name => Some(parts.join(" ")),
            _ => parts.pop(),
        };
        out.push(name.map(|n| match &unit {
            Some(u) => format!("{n} ({u})"),
            None => n,
        }));
    }
    out
}

/// Sheet names that hold notes about the data rather than the data.
const NOTE_SHEETS: &[&str] = &[
    "readme",
    "read me",
    "notes",
    "note",
    "about",
    "info",
    "information",
    "metadata",
    "meta",
    "codebook",
    "definitions",
    "sources",
    "source",
    "contents",
    "cover",
    "пояснения",
    "примечания",
    "описание",
    "методика",
    "метаданные",
    "содержание",
    "источники",
];

/// How likely a sheet's table is the data: data rows × numeric columns, doubled for a
/// recognisable place column and again for a time column or year columns; a notes sheet's
/// name divides it by ten. With the one-line reason a sheet that loses is not the data.
pub fn sheet_score(name: &str, frame: &polars::prelude::DataFrame) -> (f64, String) {
    use crate::data::layout::{detect_roles, year_header};
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let numeric = frame
        .columns()
        .iter()
        .filter(|c| crate::data::layout::is_numeric_column(c, DecimalMark::Point))
        .count();
    let rows = frame.height().min(100_000) as f64;
    let roles = detect_roles(&names, &Default::default()).unwrap_or_default();
    let years = names.iter().filter(|n| year_header(n).is_some()).count();
    let mut score = rows * numeric as f64;
    if roles.place.is_some() {
        score *= 2.0;
    }
    if roles.time.is_some() || years > 1 {
        score *= 2.0;
    }
    let key = name.trim().to_lowercase();
    let notes = NOTE_SHEETS
        .iter()
        .any(|n| key == *n || key.starts_with(&format!("{n} ")));
    if notes {
        score /= 10.0;
    }
    let why = match (numeric, notes) {
        (0, _) => "no numeric columns".to_string(),
        (_, true) => "named as notes, not data".to_string(),
        _ => format!(
            "a smaller table ({} rows, {numeric} numeric columns)",
            frame.height()
        ),
    };
    (score, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Row {
        cells
            .iter()
            .map(|c| (!c.is_empty()).then(|| c.to_string()))
            .collect()
    }

    #[test]
    fn group_label_with_unit_over_sub_columns() {
        let rows = vec![
            row(&["Город", "Год", "Среднегодовая концентрация, мкг/м³", "", ""]),
            row(&["", "", "PM2,5", "PM10", "NO2"]),
            row(&["Алматы", "2019", "35.7", "71.2", "42"]),
            row(&["Астана", "2019", "22.4", "48", "28.1"]),
        ];
        assert_eq!(continuation_rows(&rows, 0), 1);
        let names: Vec<String> = combine(&rows, 0, 1).into_iter().flatten().collect();
        assert_eq!(
            names,
            [
                "Город",
                "Год",
                "PM2,5 (µg/m³)",
                "PM10 (µg/m³)",
                "NO2 (µg/m³)"
            ]
        );
    }

    #[test]
    fn units_row_under_the_names_and_a_data_row_is_no_header() {
        let rows = vec![
            row(&["city", "year", "PM2.5", "Recycling"]),
            row(&["", "", "µg/m³", "%"]),
            row(&["Almaty", "2019", "35.7", "12"]),
        ];
        assert_eq!(continuation_rows(&rows, 0), 1);
        let names: Vec<String> = combine(&rows, 0, 1).into_iter().flatten().collect();
        assert_eq!(names, ["city", "year", "PM2.5 (µg/m³)", "Recycling (%)"]);
        let plain = vec![
            row(&["city", "year", "pm25"]),
            row(&["Almaty", "2019", "35.7"]),
            row(&["Baku", "2019", "24"]),
        ];
        assert_eq!(continuation_rows(&plain, 0), 0);
    }

    #[test]
    fn years_under_a_group_label_name_the_columns_and_the_label_the_indicator() {
        let rows = vec![
            row(&["Город", "PM2,5, мкг/м3", "", ""]),
            row(&["", "2018", "2019", "2020"]),
            row(&["Алматы", "30,1", "28,4", "27,0"]),
        ];
        assert_eq!(continuation_rows(&rows, 0), 1);
        let names: Vec<String> = combine(&rows, 0, 1).into_iter().flatten().collect();
        assert_eq!(names, ["Город", "2018", "2019", "2020"]);
        assert_eq!(
            year_group_indicator(&rows, 0, 1).as_deref(),
            Some("PM2,5 (µg/m³)")
        );
        // Labels over every year (not one group), or a place in the row: a data row.
        let labelled = vec![
            row(&["Город", "pm25", "pm10"]),
            row(&["", "2018", "2019"]),
            row(&["Алматы", "30,1", "28,4"]),
        ];
        assert_eq!(continuation_rows(&labelled, 0), 0);
        let placed = vec![
            row(&["Город", "PM2,5", ""]),
            row(&["Алматы", "2018", "2019"]),
            row(&["Астана", "30,1", "28,4"]),
        ];
        assert_eq!(continuation_rows(&placed, 0), 0);
        assert_eq!(year_group_indicator(&placed, 0, 0), None);
        // Values that happen to lie in 1900–2100 out of order, a title with no name left of
        // it: data rows. A label of only "Годы" names the columns, not the indicator.
        let unordered = vec![
            row(&["Город", "Выбросы, т", "", ""]),
            row(&["", "1987", "2003", "1999"]),
            row(&["Алматы", "1200", "1100", "1300"]),
        ];
        assert_eq!(continuation_rows(&unordered, 0), 0);
        let title = vec![
            row(&["", "Таблица 2. Выбросы по городам", "", ""]),
            row(&["", "2018", "2019", "2020"]),
            row(&["Алматы", "1", "2", "3"]),
        ];
        assert_eq!(continuation_rows(&title, 0), 0);
        let period = vec![
            row(&["Регион", "Годы", "", ""]),
            row(&["", "2018", "2019", "2020"]),
            row(&["Алматы", "1", "2", "3"]),
        ];
        assert_eq!(continuation_rows(&period, 0), 1);
        let names: Vec<String> = combine(&period, 0, 1).into_iter().flatten().collect();
        assert_eq!(names, ["Регион", "2018", "2019", "2020"]);
        assert_eq!(year_group_indicator(&period, 0, 1), None);
    }
}
