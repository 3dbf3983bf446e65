//! Observations that share a key (place, station, indicator, source, time): found, reported
//! and resolved by the conflict policy. Values of one place and time from different sources
//! are not conflicts: they stay apart, and the chart that blends them says so (its
//! "averaged from several sources" and disagreement notes).

use std::collections::HashMap;

use polars::prelude::*;

use super::*;

/// Whether the rows hold each series (place, station, indicator, source) in one run of
/// strictly increasing times: then no two rows share a key, which files sorted by series and
/// time (most exports) show with a comparison a row. Hashing every key instead took 4–7 ms on
/// 1M rows whose series codes do not increase (indicators are numbered by the catalog).
/// Checked part by part as the loader builds the observations, while a part's rows are still
/// in the cache: one pass at the end over 10M rows took 25–30 ms, reading memory.
#[derive(Debug, Default)]
pub(super) struct SeriesRuns {
    seen: PlHashSet<Series>,
    /// The rows checked so far.
    checked: usize,
    /// Whether a series was found in two runs, or its times not increasing.
    broken: bool,
}

/// A series: place, station, indicator and source codes.
type Series = (u32, u32, u32, u32);

/// The series of observation `i` (a missing station or source is [`NULL_CODE`]).
fn series_of(obs: &ObservationColumns, i: usize) -> Series {
    let station = obs.station.get(i).copied().unwrap_or(NULL_CODE);
    let source = obs.source.get(i).copied().unwrap_or(NULL_CODE);
    (obs.place[i], station, obs.indicator[i], source)
}

impl SeriesRuns {
    /// Checks the observations added since the last call (only ever added to).
    pub(super) fn extend(&mut self, obs: &ObservationColumns) {
        self.check(obs.len(), |i| series_of(obs, i), |i| obs.time[i]);
    }

    /// Checks rows from the last row checked up to `n`.
    fn check(&mut self, n: usize, series: impl Fn(usize) -> Series, time: impl Fn(usize) -> i64) {
        if n < self.checked {
            self.broken = true;
        }
        if self.broken {
            return;
        }
        for i in self.checked..n {
            let s = series(i);
            let same_run = i > 0 && series(i - 1) == s;
            let ok = match same_run {
                true => time(i - 1) < time(i),
                false => self.seen.insert(s),
            };
            if !ok {
                self.broken = true;
                return;
            }
        }
        self.checked = n;
    }

    /// Whether every row checked is in one run of strictly increasing times of its series.
    fn distinct(&self) -> bool {
        !self.broken
    }
}

/// Finds observations sharing place, station, indicator, source and time; reports each group
/// and keeps one value per the policy. A group whose values are all the same is a repeated
/// row, reported as such and kept once. Readings of different stations or sources are never
/// conflicts.
pub(super) fn resolve_conflicts(
    obs: &mut ObservationColumns,
    options: &LoadOptions,
    report: &mut LoadReport,
    resolution: TimeResolution,
    mut runs: SeriesRuns,
) {
    report.conflict_policy = options.conflict_policy;
    let n = obs.len();
    runs.extend(obs);
    if runs.distinct() {
        return;
    }
    let key = |i: usize| {
        let (p, s, ind, src) = series_of(obs, i);
        (p, s, ind, src, obs.time[i])
    };
    let mut first: PlHashMap<(u32, u32, u32, u32, i64), u32> = PlHashMap::with_capacity(n);
    let mut groups: HashMap<u32, Vec<u32>> = HashMap::new();
    for i in 0..n {
        let k = key(i);
        match first.get(&k) {
            Some(&head) => groups.entry(head).or_default().push(i as u32),
            None => {
                first.insert(k, i as u32);
            }
        }
    }
    if groups.is_empty() {
        return;
    }
    let mut keep = vec![true; n];
    let mut heads: Vec<u32> = groups.keys().copied().collect();
    heads.sort_unstable();
    for head in heads {
        let members = &groups[&head];
        let idx: Vec<usize> = std::iter::once(head as usize)
            .chain(members.iter().map(|&m| m as usize))
            .collect();
        let values: Vec<f64> = idx.iter().map(|&i| obs.value[i]).collect();
        for &m in members {
            keep[m as usize] = false;
        }
        let repeat = values.iter().all(|v| v.to_bits() == values[0].to_bits());
        let kept = options.conflict_policy.resolve(&values);
        let station = match series_of(obs, head as usize).1 {
            NULL_CODE => None,
            s => Some(obs.stations.name(s).to_string()),
        };
        let group = Conflict {
            place: obs.places.name(obs.place[head as usize]).to_string(),
            station,
            indicator: obs
                .indicators
                .name(obs.indicator[head as usize])
                .to_string(),
            time: if obs.time[head as usize] == NULL_TIME {
                "(no time)".into()
            } else {
                time::format_time(obs.time[head as usize], resolution)
            },
            rows: idx.iter().map(|&i| obs.row[i] as usize).collect(),
            values,
            kept,
        };
        // The same value again: a repeated row, not a conflict.
        match repeat {
            true => report.duplicate(group),
            false => report.conflict(group),
        }
        obs.value[head as usize] = kept;
    }
    obs.retain(&keep);
}

#[cfg(test)]
mod tests {
    use super::SeriesRuns;

    /// Whether rows given as (series, time) pass the one-comparison-a-row check, checked in
    /// pieces of `piece` rows.
    fn runs_in_pieces(rows: &[(u32, i64)], piece: usize) -> bool {
        let mut runs = SeriesRuns::default();
        let mut end = 0;
        while end < rows.len() {
            end = (end + piece).min(rows.len());
            runs.check(end, |i| (rows[i].0, 0, 0, 0), |i| rows[i].1);
        }
        runs.distinct()
    }

    /// The same, checked whole and in pieces of every size (they must agree).
    fn runs(rows: &[(u32, i64)]) -> bool {
        let whole = runs_in_pieces(rows, rows.len().max(1));
        for piece in 1..=rows.len() {
            assert_eq!(
                runs_in_pieces(rows, piece),
                whole,
                "{rows:?} in pieces of {piece}"
            );
        }
        whole
    }

    #[test]
    fn only_runs_of_increasing_times_pass_the_fast_check() {
        // Series in any order, each in one run of increasing times: no key twice.
        assert!(runs(&[(5, 1), (5, 2), (5, 3), (2, 1), (2, 2), (9, 0)]));
        assert!(runs(&[]));
        // A time repeated or going back within a run, or a series in two runs: the keys must
        // be hashed (the second run may repeat a time of the first).
        assert!(!runs(&[(5, 1), (5, 1)]));
        assert!(!runs(&[(5, 2), (5, 1)]));
        assert!(!runs(&[(5, 1), (2, 1), (5, 1)]));
        assert!(!runs(&[(5, 1), (2, 1), (5, 2)]));
    }
}
