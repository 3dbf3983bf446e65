//! Means per year or month computed by the server, so that only the aggregated series leave
//! it: one `GROUP BY` per place, country, indicator, unit, source, station and period (the
//! table's own columns for those roles, as the loader decided them from the first rows),
//! with the readings, distinct days and distinct months behind each mean. The groups go
//! through the file loader (gazetteer, catalog, units) as one row each, with their weights
//! attached after, and the dataset says it holds means ([`Dataset::aggregated`]): queries
//! then weigh each mean by its readings, which gives the readings' own mean, and count days
//! and months for coverage as they would from the readings.
//!
//! [`Dataset::aggregated`]: crate::data::Dataset::aggregated

use postgres::Client;
use postgres::types::ToSql;

use super::load::mark_cut;
use super::{DbError, DbSource, ident};
use crate::data::Loaded;
use crate::data::means::{Group, Plan, from_groups, readings_of};
use crate::data::options::LoadOptions;
use crate::data::query::Period;

/// The pushed-down row filter: a `WHERE` clause (or nothing) and its parameters.
pub(super) struct Filter<'a> {
    pub sql: &'a str,
    pub params: &'a [&'a (dyn ToSql + Sync)],
}

impl Plan {
    /// The filter's `WHERE` with the rows without a value left out.
    fn valued(&self, filter: &str) -> String {
        let v = ident(&self.value);
        match filter.is_empty() {
            true => format!(" WHERE {v} IS NOT NULL"),
            false => format!("{filter} AND {v} IS NOT NULL"),
        }
    }

    /// The statement: group keys as text, the period's first day, the mean, the readings,
    /// days and months, the smallest and largest reading, the distinct times; at most `limit`
    /// groups.
    fn sql(&self, table: &str, filter: &str, limit: usize) -> String {
        let keys: Vec<String> = self
            .keys
            .iter()
            .map(|(_, c)| format!("{}::text", ident(c)))
            .collect();
        let (t, v) = (ident(&self.time), ident(&self.value));
        let unit = match self.per {
            Period::Year => "year",
            Period::Month | Period::Day => "month",
        };
        let valued = self.valued(filter);
        // Ordered, so that a result cut at the row cap is the same groups every time.
        let groups: Vec<String> = (1..=keys.len() + 1).map(|i| i.to_string()).collect();
        format!(
            "SELECT {keys}{comma}date_trunc('{unit}', {t})::date::text, avg({v})::float8, \
             count({v}), count(DISTINCT {t}::date), count(DISTINCT date_trunc('month', {t})), \
             min({v})::float8, max({v})::float8, count(DISTINCT {t}) \
             FROM {table}{valued} GROUP BY {groups} ORDER BY {groups} LIMIT {limit}",
            keys = keys.join(", "),
            comma = if keys.is_empty() { "" } else { ", " },
            groups = groups.join(", "),
        )
    }
}

/// Loads the server's means per period. The outer error is the server's; the inner one
/// says why the means could not stand for the rows (see [`from_groups`]), and the caller then
/// reads the rows.
pub(super) fn load(
    src: &DbSource,
    client: &mut Client,
    plan: &Plan,
    filter: Filter<'_>,
    options: &LoadOptions,
) -> Result<Result<(Loaded, Option<String>), String>, DbError> {
    let limit = src.row_cap.saturating_add(1);
    let query = plan.sql(&src.table_sql(), filter.sql, limit);
    let rows = client
        .query(&query, filter.params)
        .map_err(|e| src.error(e))?;
    let k = plan.keys.len();
    let groups: Vec<Group> = rows[..rows.len().min(src.row_cap)]
        .iter()
        .map(|r| Group {
            keys: (0..k).map(|i| r.get(i)).collect(),
            period: r.get(k),
            mean: r.get(k + 1),
            readings: r.get(k + 2),
            days: r.get(k + 3),
            months: r.get(k + 4),
            min: r.get(k + 5),
            max: r.get(k + 6),
            times: r.get(k + 7),
        })
        .collect();
    let mut loaded = match from_groups(plan, &groups, &src.address, options)? {
        Ok(loaded) => loaded,
        Err(why) => return Ok(Err(why)),
    };
    let notice = mark_cut(src, &mut loaded, rows.len());
    loaded.report.notes.push(format!(
        "read {} {} of {} rows, computed by the server from the database table {}",
        groups.len(),
        plan.per.means_label(),
        readings_of(&loaded.dataset),
        src.table
    ));
    Ok(Ok((loaded, notice)))
}
