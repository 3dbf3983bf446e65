//! Wide tables without a time column that give each measure's year in a column of its own
//! (`recycling_rate` beside `recycling_rate_year`, `Доля переработки` beside `Доля
//! переработки, год`), as city-level surveys do: each measure's values take their year from
//! it.

use polars::prelude::*;

use crate::data::catalog::match_key;
use crate::data::layout::IndicatorColumn;

/// Words that say a column holds the year of the measure it is named after.
const YEAR_WORDS: &[&str] = &["year", "yr", "год", "жыл", "жылы"];

/// Whether a column's cells are years: most of its non-empty cells are whole numbers from
/// 1900 to 2100 (the others are reported per row when read as times).
fn holds_years(c: &Column) -> bool {
    let Ok(f) = c.cast(&DataType::Float64) else {
        return false;
    };
    let Ok(f) = f.f64() else {
        return false;
    };
    let years = f
        .iter()
        .flatten()
        .filter(|v| v.fract() == 0.0 && (1900.0..=2100.0).contains(v))
        .count();
    // Cells that are not numbers at all (text) make the cast give nulls: count them too.
    let filled = c.len() - c.null_count();
    years > 0 && years * 2 > filled
}

/// The measure a column gives the year of, as its name's match key: `recycling_rate_year` →
/// `recyclingrate`, `Год X` → `x`.
fn year_of_key(key: &str) -> Option<&str> {
    YEAR_WORDS.iter().find_map(|w| {
        key.strip_suffix(w)
            .or_else(|| key.strip_prefix(w))
            .filter(|rest| !rest.is_empty())
    })
}

/// What the year columns of a wide table are for.
pub(super) struct MeasureYears {
    /// (measure column, its year column), by column index.
    pub(super) pairs: Vec<(usize, usize)>,
    /// Year columns of measures the table does not have.
    pub(super) orphans: Vec<usize>,
}

/// Finds the columns of a wide table that hold the year of a measure (named after it, holding
/// years) and takes them out of `indicators`: they are no indicators of their own.
pub(super) fn pair_measure_years(
    frame: &DataFrame,
    names: &[String],
    indicators: &mut Vec<IndicatorColumn>,
) -> MeasureYears {
    let keys: Vec<String> = names.iter().map(|n| match_key(n)).collect();
    let mut pairs = Vec::new();
    let mut orphans = Vec::new();
    for ic in indicators.iter() {
        let Some(base) = year_of_key(&keys[ic.index]) else {
            continue;
        };
        if !holds_years(&frame.columns()[ic.index]) {
            continue;
        }
        let measure = indicators
            .iter()
            .find(|m| m.index != ic.index && keys[m.index] == base);
        match measure {
            Some(m) => pairs.push((m.index, ic.index)),
            None => orphans.push(ic.index),
        }
    }
    indicators
        .retain(|ic| !pairs.iter().any(|&(_, y)| y == ic.index) && !orphans.contains(&ic.index));
    MeasureYears { pairs, orphans }
}
