//! Columns whose names do not say what they hold, recognised by their cells: a time column
//! of dates, a unit column of units (`мг/м3`, `µg/m³`, `%`).

use polars::prelude::*;

use crate::data::layout::Roles;
use crate::data::report::LoadReport;
use crate::data::time::{self, TimeCell};

/// Gives the time and the unit, when no column is named as either, to a column whose cells
/// are dates or units, with a note saying so.
pub(super) fn roles_by_content(
    frame: &DataFrame,
    roles: &mut Roles,
    names: &[String],
    report: &mut LoadReport,
) {
    if roles.time.is_none()
        && let Some(i) = time_by_content(frame, roles)
    {
        roles.time = Some(i);
        report.notes.push(format!(
            "column \"{}\" read as the time: its name does not say so, its cells are dates",
            names[i]
        ));
    }
    if roles.unit.is_none()
        && let Some(i) = unit_by_content(frame, roles)
    {
        roles.unit = Some(i);
        report.notes.push(format!(
            "column \"{}\" read as the unit: its name does not say so, its cells are units",
            names[i]
        ));
    }
}

/// A text column whose cells are nearly all dates or months written with separators or month
/// names (never bare numbers, which may be values), when no column is named as the time.
fn time_by_content(frame: &DataFrame, roles: &Roles) -> Option<usize> {
    mostly(frame, roles, false, |cell| {
        cell.contains(|ch: char| !ch.is_ascii_digit())
            && matches!(time::parse_time(cell), TimeCell::Value(..))
    })
}

/// A text column whose cells are nearly all units this loader knows (`мг/м3`, `ppb`, `kWh`),
/// when no column is named as the unit: left unused, its units would not convert and the
/// values would be read in the catalog's unit (`0,035 мг/м3` as 0.035 µg/m³).
fn unit_by_content(frame: &DataFrame, roles: &Roles) -> Option<usize> {
    // A bare number is a value, whatever a unit parser makes of it.
    mostly(frame, roles, true, |cell| {
        cell.contains(|ch: char| ch.is_alphabetic() || ch == '%')
            && crate::data::units::is_unit(cell)
    })
}

/// The first text column no role has taken whose first 200 cells (trimmed and without the
/// blank ones, with `skip_blank`) are at least nine in ten `like`.
fn mostly(
    frame: &DataFrame,
    roles: &Roles,
    skip_blank: bool,
    like: impl Fn(&str) -> bool,
) -> Option<usize> {
    let used = roles.used();
    frame.columns().iter().enumerate().position(|(i, c)| {
        if used.contains(&i) || c.dtype() != &DataType::String {
            return false;
        }
        let Ok(ca) = c.str() else {
            return false;
        };
        let cells = ca
            .iter()
            .flatten()
            .map(|c| if skip_blank { c.trim() } else { c })
            .filter(|c| !skip_blank || !c.is_empty())
            .take(200);
        let (mut hits, mut count) = (0usize, 0usize);
        for cell in cells {
            count += 1;
            hits += usize::from(like(cell));
        }
        count > 0 && hits * 10 >= count * 9
    })
}
