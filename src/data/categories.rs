//! Fast scans of categorical columns by their ids. A dataset of ten million rows holds a few
//! hundred places and a handful of indicators and units: counting pairs or listing the
//! categories in use row by row on the ids (small tables indexed by id, no hashing, no
//! strings) takes tens of milliseconds where polars' generic group-by took most of a second.

use polars::prelude::*;

/// The ids of a categorical column, chunk by chunk, `None` for nulls.
fn each_id(cat: &Categorical32Chunked, f: impl FnMut(Option<u32>)) {
    super::cells::each_value(cat.physical(), f);
}

/// Numbers ids densely (0, 1, … in order of first appearance); the null gets its own number.
struct Dense {
    table: Vec<u32>,
    null: Option<u32>,
    ids: Vec<Option<u32>>,
}

impl Dense {
    fn new(cat: &Categorical32Chunked) -> Dense {
        Dense {
            table: vec![u32::MAX; cat.get_mapping().num_cats_upper_bound()],
            null: None,
            ids: Vec::new(),
        }
    }

    fn index(&mut self, id: Option<u32>) -> usize {
        let slot = match id {
            Some(id) => match self.table.get_mut(id as usize) {
                Some(slot) => slot,
                // An id beyond the mapping's bound (not expected): treated as null.
                None => return self.index(None),
            },
            None => self.null.get_or_insert(u32::MAX),
        };
        if *slot == u32::MAX {
            *slot = self.ids.len() as u32;
            self.ids.push(id);
        }
        *slot as usize
    }
}

/// The label of an id (`None` for a null).
fn label(cat: &Categorical32Chunked, id: Option<u32>) -> Option<String> {
    id.and_then(|id| cat.get_mapping().cat_to_str(id).map(str::to_string))
}

/// Every run of rows with the same ids in two categorical columns of the same length, as the
/// ids (`None` for nulls) and the run's length: sorted data comes in long runs, so the caller
/// works per run, not per row. Chunk by chunk when the columns' chunks line up (no copy),
/// else through `a`'s ids collected first.
fn each_run(
    a: &Categorical32Chunked,
    b: &Categorical32Chunked,
    mut f: impl FnMut(Option<u32>, Option<u32>, u64),
) -> PolarsResult<()> {
    polars_ensure!(a.len() == b.len(), ShapeMismatch: "columns of different lengths");
    let mut run: Option<(Option<u32>, Option<u32>, u64)> = None;
    let mut row = |i: Option<u32>, j: Option<u32>| match &mut run {
        Some((ri, rj, n)) if *ri == i && *rj == j => *n += 1,
        _ => {
            if let Some((ri, rj, n)) = run.replace((i, j, 1)) {
                f(ri, rj, n);
            }
        }
    };
    let (pa, pb) = (a.physical(), b.physical());
    if !pa.chunk_lengths().eq(pb.chunk_lengths()) {
        let mut ids = Vec::with_capacity(a.len());
        each_id(a, |id| ids.push(id));
        let mut k = 0;
        each_id(b, |id| {
            row(ids[k], id);
            k += 1;
        });
    } else {
        for (x, y) in pa.downcast_iter().zip(pb.downcast_iter()) {
            let vx = x.validity().filter(|v| v.unset_bits() > 0);
            let vy = y.validity().filter(|v| v.unset_bits() > 0);
            let pairs = x.values().iter().zip(y.values().iter());
            if vx.is_none() && vy.is_none() {
                pairs.for_each(|(&i, &j)| row(Some(i), Some(j)));
                continue;
            }
            let valid =
                |v: Option<&polars_arrow::bitmap::Bitmap>, k| v.is_none_or(|v| v.get_bit(k));
            for (k, (&i, &j)) in pairs.enumerate() {
                row(valid(vx, k).then_some(i), valid(vy, k).then_some(j));
            }
        }
    }
    if let Some((i, j, n)) = run {
        f(i, j, n);
    }
    Ok(())
}

/// A pair of labels (`None` for a null) and its number of rows.
pub type PairCount = (Option<String>, Option<String>, u64);

/// Each distinct (a, b) pair of two categorical columns of the same length with its number
/// of rows, in order of first appearance.
pub fn pair_counts(a: &Column, b: &Column) -> PolarsResult<Vec<PairCount>> {
    let (a, b) = (a.cat32()?, b.cat32()?);
    let (mut dense_a, mut dense_b) = (Dense::new(a), Dense::new(b));
    // counts[a][b]; pairs in order of first appearance.
    let mut counts: Vec<Vec<u64>> = Vec::new();
    let mut order: Vec<(usize, usize)> = Vec::new();
    each_run(a, b, |i, j, n| {
        let (x, y) = (dense_a.index(i), dense_b.index(j));
        if counts.len() <= x {
            counts.resize(x + 1, Vec::new());
        }
        let row = &mut counts[x];
        if row.len() <= y {
            row.resize(y + 1, 0);
        }
        if row[y] == 0 {
            order.push((x, y));
        }
        row[y] += n;
    })?;
    Ok(order
        .into_iter()
        .map(|(x, y)| {
            let n = counts[x][y];
            (label(a, dense_a.ids[x]), label(b, dense_b.ids[y]), n)
        })
        .collect())
}

/// For each category of `a` in use (nulls aside), the first non-null label of `b` on its rows
/// (`None` when all are null), in order of first appearance.
pub fn first_of(a: &Column, b: &Column) -> PolarsResult<Vec<(String, Option<String>)>> {
    let (a, b) = (a.cat32()?, b.cat32()?);
    let mut dense_a = Dense::new(a);
    let mut first: Vec<Option<u32>> = Vec::new();
    each_run(a, b, |i, j, _| {
        let x = dense_a.index(i);
        if first.len() <= x {
            first.resize(x + 1, None);
        }
        if first[x].is_none() {
            first[x] = j;
        }
    })?;
    Ok(dense_a
        .ids
        .iter()
        .zip(first)
        .filter_map(|(&id, b_id)| Some((label(a, id)?, label(b, b_id))))
        .collect())
}

/// Marks in `used` (indexed by category id) the ids of a categorical column's non-null
/// values; ids beyond `used` are not marked.
pub fn mark_used(cat: &Categorical32Chunked, used: &mut [bool]) {
    each_id(cat, |id| {
        if let Some(u) = id.and_then(|id| used.get_mut(id as usize)) {
            *u = true;
        }
    });
}

/// The labels of a categorical column in use, sorted.
pub fn in_use(cat: &Categorical32Chunked) -> Vec<String> {
    let mut used = vec![false; cat.get_mapping().num_cats_upper_bound()];
    mark_used(cat, &mut used);
    let mapping = cat.get_mapping();
    let mut out: Vec<String> = (0..used.len())
        .filter(|&i| used[i])
        .filter_map(|i| mapping.cat_to_str(i as u32).map(str::to_string))
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(name: &str, values: &[Option<&str>]) -> Column {
        Column::new(name.into(), values)
            .cast(&DataType::from_categories(Categories::global()))
            .unwrap()
    }

    #[test]
    fn pairs_are_counted_and_first_labels_found_with_nulls_and_chunks() {
        let mut a = cat("a", &[Some("x"), Some("y"), Some("x"), None]);
        let mut b = cat("b", &[None, Some("u"), Some("v"), Some("v")]);
        // A second chunk in each column.
        a.append(&cat("a", &[Some("y"), Some("x")])).unwrap();
        b.append(&cat("b", &[Some("u"), Some("w")])).unwrap();
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            pair_counts(&a, &b).unwrap(),
            vec![
                (s("x"), None, 1),
                (s("y"), s("u"), 2),
                (s("x"), s("v"), 1),
                (None, s("v"), 1),
                (s("x"), s("w"), 1),
            ]
        );
        assert_eq!(
            first_of(&a, &b).unwrap(),
            vec![("x".to_string(), s("v")), ("y".to_string(), s("u"))]
        );
        assert_eq!(in_use(a.cat32().unwrap()), vec!["x", "y"]);
        let nothing = cat("c", &[None, None]);
        assert!(in_use(nothing.cat32().unwrap()).is_empty());
    }
}
