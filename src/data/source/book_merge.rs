//! Workbooks with one sheet per year or per indicator, each of the same shape, read as one
//! table with the sheet name as a year or indicator column.

use polars::prelude::*;

use crate::data::catalog::Catalog;
use crate::data::layout::detect_roles;

/// What a group of same-shape sheets stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SheetKey {
    Year,
    Indicator,
}

/// A sheet's table ready to merge: its name, frame and the file row of its first data row.
pub(super) struct SheetTable<'a> {
    pub(super) name: &'a str,
    pub(super) frame: &'a DataFrame,
    pub(super) first_row: usize,
}

/// The merged table of same-shape sheets.
pub(super) struct Merged {
    pub(super) frame: DataFrame,
    /// Each row's row number within its own sheet.
    pub(super) row_lines: Vec<u32>,
    pub(super) sheets: Vec<String>,
    pub(super) note: String,
}

/// The year a sheet name gives (`2019`, `Year 2019`, `2019 год`, `2019г.`): its only
/// four-digit number from 1900 to 2100.
fn sheet_year(name: &str) -> Option<i32> {
    let runs: Vec<&str> = name
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    match runs.as_slice() {
        [one] if one.len() == 4 => one.parse().ok().filter(|y| (1900..=2100).contains(y)),
        _ => None,
    }
}

/// Merges `best` with the other sheets of exactly its columns when there are at least two
/// and every name is a year (and the table has no time of its own) or every name is an
/// indicator the catalog knows (and the table has no indicator column). `None` otherwise.
pub(super) fn merge_same_shape(tables: &[SheetTable<'_>], best: usize) -> Option<Merged> {
    let shape = tables[best].frame.get_column_names();
    let group: Vec<&SheetTable<'_>> = tables
        .iter()
        .filter(|t| t.frame.get_column_names() == shape && t.frame.height() > 0)
        .collect();
    if group.len() < 2 {
        return None;
    }
    let names: Vec<String> = shape.iter().map(|n| n.to_string()).collect();
    let roles = detect_roles(&names, &Default::default()).unwrap_or_default();
    let years_as_columns = names
        .iter()
        .filter(|n| crate::data::layout::year_header(n).is_some())
        .count()
        > 1;
    let catalog = Catalog::bundled();
    let key = if roles.time.is_none()
        && !years_as_columns
        && group.iter().all(|t| sheet_year(t.name).is_some())
    {
        SheetKey::Year
    } else if roles.indicator.is_none()
        && roles.indicator_code.is_none()
        && group
            .iter()
            .all(|t| catalog.find_indicator(t.name.trim()).is_some())
    {
        SheetKey::Indicator
    } else {
        return None;
    };
    let column = super::sheets::unique_name(
        &names,
        match key {
            SheetKey::Year => "Year",
            SheetKey::Indicator => "Indicator",
        }
        .to_string(),
    );
    let mut frame: Option<DataFrame> = None;
    let mut row_lines = Vec::new();
    for t in &group {
        let label = match key {
            SheetKey::Year => sheet_year(t.name).map_or_else(String::new, |y| y.to_string()),
            SheetKey::Indicator => t.name.trim().to_string(),
        };
        let mut f = t.frame.clone();
        let n = f.height();
        f.with_column(Column::new(column.as_str().into(), vec![label; n]))
            .ok()?;
        row_lines.extend((0..n).map(|i| (t.first_row + i) as u32));
        frame = Some(match frame {
            None => f,
            Some(acc) => acc.vstack(&f).ok()?,
        });
    }
    let sheets: Vec<String> = group.iter().map(|t| t.name.to_string()).collect();
    let what = match key {
        SheetKey::Year => "year",
        SheetKey::Indicator => "indicator",
    };
    let note = format!(
        "{} sheets of the same columns read as one table, the sheet name giving the {what} \
         (column {column:?}): {}; rows are numbered within each sheet",
        sheets.len(),
        sheets
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Some(Merged {
        frame: frame?,
        row_lines,
        sheets,
        note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_give_years_only_when_unambiguous() {
        assert_eq!(sheet_year("2019"), Some(2019));
        assert_eq!(sheet_year("Year 2021"), Some(2021));
        assert_eq!(sheet_year("2020 год"), Some(2020));
        assert_eq!(sheet_year("2019-2020"), None);
        assert_eq!(sheet_year("Sheet1"), None);
        assert_eq!(sheet_year("1850"), None);
    }
}
