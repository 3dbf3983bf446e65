//! Wide tables without a time column that give each measure's year in a column of its own
//! (`recycling_rate` beside `recycling_rate_year`, `Доля переработки` beside `Доля
//! переработки, год`), as city-level surveys do: each measure's values take their year from
//! it.

use polars::prelude::*;

use crate::data::catalog::match_key;
use crate::data::layout::IndicatorColumn;

/// Words that say a column holds the year of the measure it is named after.
const YEAR_WORDS: &[&str] = &["year", "yr", "год", "жыл", "жылы"];

/// Whether a column's cells are years: nearly all of its non-empty cells are whole numbers
/// from 1900 to 2100.
fn holds_years(c: &Column) -> bool {
    let Ok(f) = c.cast(&DataType::Float64) else {
        return false;
    };
    let Ok(f) = f.f64() else {
        return false;
    };
    let (mut years, mut cells) = (0usize, 0usize);
    for v in f.iter().flatten() {
        cells += 1;
        years += usize::from(v.fract() == 0.0 && (1900.0..=2100.0).contains(&v));
    }
    // Cells that are not numbers at all (text) make the cast give nulls: count them too.
    let texts = c.len() - c.null_count();
    cells > 0 && years * 10 >= texts.max(cells) * 9
}

/// The (measure column, its year column) pairs of a wide table, by column index; the year
/// columns are taken out of `indicators`.
pub(super) fn pair_measure_years(
    frame: &DataFrame,
    names: &[String],
    indicators: &mut Vec<IndicatorColumn>,
) -> Vec<(usize, usize)> {
    let keys: Vec<String> = names.iter().map(|n| match_key(n)).collect();
    let mut pairs = Vec::new();
    for ic in indicators.iter() {
        let key = &keys[ic.index];
        let found = keys.iter().enumerate().position(|(j, k)| {
            j != ic.index
                && YEAR_WORDS.iter().any(|w| {
                    k.strip_prefix(key.as_str()) == Some(w)
                        || k.strip_suffix(key.as_str()) == Some(w)
                })
                && holds_years(&frame.columns()[j])
        });
        if let Some(j) = found {
            pairs.push((ic.index, j));
        }
    }
    indicators.retain(|ic| !pairs.iter().any(|&(_, y)| y == ic.index));
    pairs
}
