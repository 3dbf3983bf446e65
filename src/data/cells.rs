//! Fast per-cell mapping of text columns. A file of a million rows repeats a few dozen place,
//! indicator and unit names and a few thousand dates; these helpers call the interpreting
//! function once per distinct text and reuse its result for every other cell, comparing the
//! 16-byte string views polars stores rather than hashing whole strings.

use polars::prelude::*;
use polars_arrow::array::{Array, View};

/// Maps every cell of `ca` to a `T`: null cells to `null`, text through `f`, which is called
/// once per distinct text (at most once per distinct short text; long texts are looked up by
/// content).
pub fn map_distinct<T: Copy>(ca: &StringChunked, null: T, mut f: impl FnMut(&str) -> T) -> Vec<T> {
    let mut out = Vec::with_capacity(ca.len());
    // Short texts live inside their view, so equal views are equal texts and vice versa.
    let mut short: PlHashMap<u128, T> = PlHashMap::default();
    let mut long: PlHashMap<&str, T> = PlHashMap::default();
    for arr in ca.downcast_iter() {
        // The previous row's view, text and result. Views of long texts point into this
        // array's buffers: they compare within it only.
        let mut last: Option<(View, &str, T)> = None;
        let validity = arr.validity().filter(|v| v.unset_bits() > 0);
        for (i, view) in arr.views().iter().enumerate() {
            // SAFETY: `i` indexes the array's views, so it is within the validity bitmap.
            if validity.is_some_and(|v| !unsafe { v.get_bit_unchecked(i) }) {
                out.push(null);
                continue;
            }
            // Sorted files repeat the previous row's text: equal views are the same text
            // (short ones hold it, long ones point at the same bytes); long texts of the
            // same length and first bytes are compared whole.
            if let Some((v, text, t)) = last {
                let same = view.as_u128() == v.as_u128()
                    || (view.length > View::MAX_INLINE_SIZE
                        && view.length == v.length
                        && view.prefix == v.prefix
                        // SAFETY: `i` is within the array.
                        && unsafe { arr.value_unchecked(i) } == text);
                if same {
                    out.push(t);
                    continue;
                }
            }
            // SAFETY: `i` is within the array.
            let text = unsafe { arr.value_unchecked(i) };
            let t = if view.length <= View::MAX_INLINE_SIZE {
                *short.entry(view.as_u128()).or_insert_with(|| f(text))
            } else {
                *long.entry(text).or_insert_with(|| f(text))
            };
            last = Some((*view, text, t));
            out.push(t);
        }
    }
    out
}

/// Maps every cell of a categorical column: null cells to `null`, categories through `f`,
/// once per category used.
pub fn map_categories<T: Copy>(
    cat: &Categorical32Chunked,
    null: T,
    mut f: impl FnMut(&str) -> T,
) -> Vec<T> {
    let mapping = cat.get_mapping().clone();
    let mut table: Vec<Option<T>> = vec![None; mapping.num_cats_upper_bound()];
    let mut out = Vec::with_capacity(cat.len());
    for arr in cat.physical().downcast_iter() {
        let validity = arr.validity().filter(|v| v.unset_bits() > 0);
        for (i, &c) in arr.values().iter().enumerate() {
            // SAFETY: `i` indexes the array's values, so it is within the validity bitmap.
            if validity.is_some_and(|v| !unsafe { v.get_bit_unchecked(i) }) {
                out.push(null);
                continue;
            }
            let slot = &mut table[c as usize];
            let t = *slot.get_or_insert_with(|| f(mapping.cat_to_str(c).unwrap_or("")));
            out.push(t);
        }
    }
    out
}

/// Calls `f` with each value of a numeric column, `None` for its nulls, read from the
/// arrays' value slices (no iterator of options).
pub fn each_value<T: PolarsNumericType>(
    ca: &ChunkedArray<T>,
    mut f: impl FnMut(Option<T::Native>),
) {
    for arr in ca.downcast_iter() {
        match arr.validity().filter(|v| v.unset_bits() > 0) {
            None => arr.values().iter().for_each(|&v| f(Some(v))),
            Some(valid) => arr
                .values()
                .iter()
                .zip(valid.iter())
                .for_each(|(&v, ok)| f(ok.then_some(v))),
        }
    }
}

/// `f` of each value of a numeric column, `null` for its nulls (`f` is not called on them),
/// read from the arrays' value slices.
pub fn map_values<T: PolarsNumericType, U: Copy>(
    ca: &ChunkedArray<T>,
    null: U,
    mut f: impl FnMut(T::Native) -> U,
) -> Vec<U> {
    let mut out = Vec::with_capacity(ca.len());
    for arr in ca.downcast_iter() {
        match arr.validity().filter(|v| v.unset_bits() > 0) {
            None => out.extend(arr.values().iter().map(|&v| f(v))),
            Some(valid) => out.extend(
                arr.values()
                    .iter()
                    .zip(valid.iter())
                    .map(|(&v, ok)| if ok { f(v) } else { null }),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_distinct_text_is_interpreted_once_and_nulls_kept() {
        let long = "a name well over twelve bytes";
        let mut first = StringChunked::new(
            "c".into(),
            &[
                Some("Almaty"),
                Some("Almaty"),
                None,
                Some(long),
                Some("Baku"),
            ],
        );
        // A second chunk repeats the texts: their views differ (other buffers) but the
        // results must not.
        first
            .append(&StringChunked::new(
                "c".into(),
                &[Some(long), Some("Almaty"), None],
            ))
            .unwrap();
        assert_eq!(first.chunks().len(), 2);
        let mut calls = Vec::new();
        let out = map_distinct(&first, 0usize, |s| {
            calls.push(s.to_string());
            s.len()
        });
        assert_eq!(out, vec![6, 6, 0, long.len(), 4, long.len(), 6, 0]);
        assert_eq!(calls, vec!["Almaty", long, "Baku"]);
    }

    #[test]
    fn long_texts_that_share_a_prefix_stay_apart() {
        let texts = [
            "2023-01-01T00:00:00.000Z",
            "2023-01-01T01:00:00.000Z",
            "2023-01-02T00:00:00.000Z",
            "2023-01-01T01:00:00.000Z",
        ];
        let ca = StringChunked::new("t".into(), &texts);
        let out = map_distinct(&ca, "", |s| texts.iter().find(|t| **t == s).unwrap());
        assert_eq!(out, texts);
        // In one array per text, every long view reads "buffer 0, offset 0".
        let mut chunked = StringChunked::new("t".into(), &texts[..1]);
        for t in &texts[1..] {
            chunked
                .append(&StringChunked::new("t".into(), &[*t]))
                .unwrap();
        }
        let out = map_distinct(&chunked, "", |s| texts.iter().find(|t| **t == s).unwrap());
        assert_eq!(out, texts);
    }

    #[test]
    fn categories_are_interpreted_once_each() {
        let texts = StringChunked::new("c".into(), &[Some("x"), None, Some("yy"), Some("x")]);
        let cat = texts
            .into_series()
            .cast(&DataType::from_categories(Categories::global()))
            .unwrap();
        let mut calls = 0;
        let out = map_categories(cat.cat32().unwrap(), 9usize, |s| {
            calls += 1;
            s.len()
        });
        assert_eq!(out, vec![1, 9, 2, 1]);
        assert_eq!(calls, 2);
    }
}
