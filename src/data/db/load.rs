//! Reading a table: the rows a command needs (a pushed-down `WHERE`), or the server's means
//! ([`super::aggregate`]), cancellable while the server works, and cached per query.

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, NoTls};

use super::{DbError, DbSource, SAMPLE_ROWS, aggregate, ident, tls};
use crate::data::catalog::Catalog;
use crate::data::options::{LoadOptions, Role, RowFilter};
use crate::data::query::indicator_key;
use crate::data::{Loaded, load_bytes_as, sniff::FileFormat};
use std::time::Duration;

/// Loads the rows of a table the options keep (all, without a filter) like a file — or,
/// when the options ask for means per period and the table allows, the server's means.
/// Returns the load and, when the row cap cut the result, a notice saying so.
pub fn load(src: &DbSource, options: &LoadOptions) -> Result<(Loaded, Option<String>), DbError> {
    load_until(src, options, &mut || false)
}

/// [`load`], asking `stop` every [`POLL`] while the server works: when it says stop, the
/// running statement is cancelled on the server (`pg_cancel_backend`'s protocol message,
/// through the client's cancel token) and the load ends with [`DbError::Cancelled`].
pub fn load_until(
    src: &DbSource,
    options: &LoadOptions,
    stop: &mut dyn FnMut() -> bool,
) -> Result<(Loaded, Option<String>), DbError> {
    let mut client = src.connect()?;
    let token = client.cancel_token();
    let stopped = std::sync::atomic::AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        let work = scope.spawn(|| load_with(src, &mut client, options));
        while !work.is_finished() {
            std::thread::sleep(POLL);
            if !stopped.load(std::sync::atomic::Ordering::Relaxed) && stop() {
                stopped.store(true, std::sync::atomic::Ordering::Relaxed);
                // A failed cancel (the statement just ended) leaves the result as it is.
                let _ = match src.ssl {
                    tls::SslMode::Disable => token.cancel_query(NoTls),
                    _ => src.tls().map(|t| token.cancel_query(t)).unwrap_or(Ok(())),
                };
            }
        }
        work.join().unwrap_or_else(|_| {
            Err(DbError::Query {
                address: src.address.clone(),
                message: "the database worker panicked".into(),
            })
        })
    });
    match stopped.into_inner() {
        true => Err(DbError::Cancelled {
            address: src.address.clone(),
        }),
        // The rows came as text from the server, not in the user's encoding or delimiter.
        false => result.map(|(mut loaded, notice)| {
            let r = &mut loaded.report;
            (r.encoding, r.delimiter, r.decimal_comma) = (None, None, false);
            (loaded, notice)
        }),
    }
}

/// [`load_until`], reusing the result of the same query (same address, table and load
/// options) from the dataset cache while it is younger than the address's `cache_ttl`, as BI
/// tools do; `refresh` queries the server whatever the cache holds. The load report and the
/// notice say when a result came from the cache, and how old it is.
pub fn load_cached(
    src: &DbSource,
    options: &LoadOptions,
    refresh: bool,
    stop: &mut dyn FnMut() -> bool,
) -> Result<(Loaded, Option<String>), DbError> {
    let not_before = if refresh { u64::MAX } else { 0 };
    load_cached_since(src, options, not_before, stop)
}

/// [`load_cached`], reusing a cached result only when it was stored at `not_before` (seconds
/// since 1970) or later: a view of a table asks for results no older than the table's own
/// listing, so that a Refresh of the table refreshes its views.
pub fn load_cached_since(
    src: &DbSource,
    options: &LoadOptions,
    not_before: u64,
    stop: &mut dyn FnMut() -> bool,
) -> Result<(Loaded, Option<String>), DbError> {
    let cache = match src.cache_ttl {
        0 => None,
        _ => crate::data::dataset_cache::DatasetCache::default_location(),
    };
    let key = cache_key(src, options);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    if let Some(cache) = &cache
        && not_before < u64::MAX
        && let Some(mut hit) = cache.get(&key)
        && hit.report.stored > 0
        && hit.report.stored >= not_before
        && now.saturating_sub(hit.report.stored) <= src.cache_ttl
    {
        let age = now.saturating_sub(hit.report.stored);
        let notice = format!(
            "{}: the result of the same query from {age} s ago, kept in citydash's cache \
             (--no-cache or the window's Refresh queries the server again; cache_ttl=SECONDS \
             in the address sets how long results are kept, 0 never)",
            src.address
        );
        hit.report.cached = true;
        hit.report.notes.push(notice.clone());
        return Ok((hit, Some(notice)));
    }
    let (loaded, notice) = load_until(src, options, stop)?;
    if let Some(cache) = &cache {
        // A cache that cannot be written only costs the next query its speed.
        let _ = cache.put(&key, &loaded);
    }
    Ok((loaded, notice))
}

/// The cache key of a query's result: citydash's version, the address (without password),
/// the table and the load options (places, indicators, years, means asked for).
fn cache_key(src: &DbSource, options: &LoadOptions) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    src.address.hash(&mut h);
    src.table_sql().hash(&mut h);
    serde_json::to_string(options)
        .unwrap_or_default()
        .hash(&mut h);
    format!("db-{:016x}", h.finish())
}

/// How often [`load_until`] asks whether to stop.
pub const POLL: Duration = Duration::from_millis(50);

fn load_with(
    src: &DbSource,
    client: &mut Client,
    options: &LoadOptions,
) -> Result<(Loaded, Option<String>), DbError> {
    let client = &mut *client;
    let columns = src.columns(client)?;
    let select = columns
        .iter()
        .map(|(name, _)| format!("{}::text", ident(name)))
        .collect::<Vec<_>>()
        .join(", ");
    let table = src.table_sql();
    // The roles, decided by the loader from the first rows, as for a file.
    let (sample, _) = fetch(
        src,
        client,
        &format!("SELECT {select} FROM {table} LIMIT {SAMPLE_ROWS}"),
        &[],
        &columns,
    )?;
    // Without the row filter: the first rows need not hold the places asked for.
    let unfiltered = LoadOptions {
        keep: None,
        ..options.clone()
    };
    let probe = load_bytes_as(&sample, &src.address, Some(FileFormat::Csv), &unfiltered);
    let (sql, params) = match (&probe, &options.keep) {
        (Ok(probe), Some(keep)) => {
            where_clause(src, client, &columns, &probe.report, keep, &table)?
        }
        _ => (String::new(), Vec::new()),
    };
    let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref()).collect();
    let mut fallback = None;
    if let (Ok(probe), Some(per)) = (&probe, options.aggregate)
        && let Some(plan) = crate::data::means::Plan::of(&columns, probe, per)
    {
        let filter = aggregate::Filter {
            sql: &sql,
            params: &refs,
        };
        match aggregate::load(src, client, &plan, filter, options)? {
            Ok(done) => return Ok(done),
            Err(why) => fallback = Some(why),
        }
    }
    let limit = src.row_cap.saturating_add(1);
    let query = format!("SELECT {select} FROM {table}{sql} LIMIT {limit}");
    let (csv, rows) = fetch(src, client, &query, &refs, &columns)?;
    let mut loaded = load_bytes_as(&csv, &src.address, Some(FileFormat::Csv), options)?;
    let notice = mark_cut(src, &mut loaded, rows);
    let what = match (options.keep.is_some(), notice.is_some()) {
        (true, _) => "the rows asked for, filtered on the server",
        (false, false) => "the whole table",
        (false, true) => "its first rows: not the whole table",
    };
    loaded.report.notes.extend(fallback);
    loaded.report.notes.push(format!(
        "read {} rows from the database table {} ({what})",
        rows.min(src.row_cap),
        src.table
    ));
    Ok((loaded, notice))
}

/// When a query gave more than the row cap (`rows` counts one over at most), notes the cut
/// in the report and on the dataset, and returns the notice.
pub(super) fn mark_cut(src: &DbSource, loaded: &mut Loaded, rows: usize) -> Option<String> {
    if rows <= src.row_cap {
        return None;
    }
    // Means computed by the server are one row a place, indicator and period: say so.
    let means = loaded.dataset.aggregated;
    let what = means.map_or("rows", |p| p.means_label());
    let notice = format!(
        "{}: more than {} {what} match; only the first {} were read (raise row_cap in the \
         address, or narrow the cities, indicators or years)",
        src.address, src.row_cap, src.row_cap
    );
    loaded.report.notes.push(notice.clone());
    loaded.dataset.cuts.push(crate::data::RowCut {
        source: format!("{} ({})", src.address, src.table_sql()),
        rows: src.row_cap,
        means,
    });
    Some(notice)
}

/// The distinct values of a column, as text. With a B-tree index led by the column, one
/// index probe per value (a loose index scan, as a recursive query: PostgreSQL before 18 has
/// no skip scan), which reads a few hundred index pages where `SELECT DISTINCT` reads the
/// whole table; without one, `SELECT DISTINCT`.
fn distinct_values(
    src: &DbSource,
    client: &mut Client,
    column: &str,
    table: &str,
) -> Result<Vec<postgres::Row>, DbError> {
    let indexed: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a \
             ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] \
             JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am m ON m.oid = c.relam \
             WHERE i.indrelid = $1::text::regclass AND a.attname = $2 AND m.amname = 'btree')",
            &[&table, &column],
        )
        .map_err(|e| src.error(e))?
        .get(0);
    let col = ident(column);
    if indexed {
        let loose = format!(
            "WITH RECURSIVE d(v) AS ( \
               (SELECT {col} FROM {table} WHERE {col} IS NOT NULL ORDER BY 1 LIMIT 1) \
               UNION ALL \
               SELECT (SELECT {col} FROM {table} WHERE {col} > d.v ORDER BY 1 LIMIT 1) \
               FROM d WHERE d.v IS NOT NULL) \
             SELECT v::text FROM d WHERE v IS NOT NULL"
        );
        // Engines without recursive queries on their tables (Citus's distributed tables)
        // refuse it: SELECT DISTINCT then. A timeout is the user's limit, not a refusal.
        match client.query(&loose, &[]) {
            Ok(rows) => return Ok(rows),
            Err(e) if e.code() == Some(&SqlState::QUERY_CANCELED) => return Err(src.error(e)),
            Err(_) => {}
        }
    }
    let sql = format!("SELECT DISTINCT {col}::text FROM {table}");
    client.query(&sql, &[]).map_err(|e| src.error(e))
}

/// The place a raw name is stored as by the loader (the gazetteer's name, else the name as
/// written, cleaned), `None` for a total (`Итого`, `Total`) the loader leaves out.
pub(crate) fn stored_place(catalog: &Catalog, raw: &str) -> Option<String> {
    let cleaned = crate::data::text::clean_label(raw);
    if crate::data::places::is_aggregate(&cleaned) {
        return None;
    }
    Some(match catalog.find_place(&cleaned) {
        Some(p) => catalog.place_name(p).to_string(),
        None => crate::data::places::loaded_name(&cleaned).to_string(),
    })
}

/// A parameter of a pushed-down query.
type Param = Box<dyn ToSql + Sync>;

/// The `WHERE` of the rows a filter keeps: the raw names of the places and indicators that
/// resolve to those asked for (and every name the catalog does not know, which the loader
/// then decides), and the years (rows without a time kept).
fn where_clause(
    src: &DbSource,
    client: &mut Client,
    columns: &[(String, String)],
    report: &crate::data::LoadReport,
    keep: &RowFilter,
    table: &str,
) -> Result<(String, Vec<Param>), DbError> {
    let catalog = Catalog::bundled();
    let mut conditions = Vec::new();
    let mut params: Vec<Param> = Vec::new();
    let lists = [
        (Role::Place, &keep.places, true),
        (Role::Indicator, &keep.indicators, false),
    ];
    for (role, wanted, is_place) in lists {
        let Some(column) = report.column(role).filter(|_| !wanted.is_empty()) else {
            continue;
        };
        if !columns.iter().any(|(c, _)| c == column) {
            continue;
        }
        let col = ident(column);
        let distinct = distinct_values(src, client, column, table)?;
        let raw: Vec<String> = distinct
            .iter()
            .filter_map(|r| r.get::<_, Option<String>>(0))
            .filter(|name| match is_place {
                true => stored_place(catalog, name).is_some_and(|p| wanted.contains(&p)),
                // An indicator the catalog does not know may still be one asked for by the
                // loader's rules (its unit, its code): kept, the loader decides.
                false => {
                    catalog.find_indicator(name).is_none()
                        || wanted.contains(&indicator_key(catalog, name))
                }
            })
            .collect();
        params.push(Box::new(raw));
        conditions.push(format!("{col}::text = ANY(${})", params.len()));
    }
    if let Some(c) = report.column(Role::Time) {
        let kind = columns
            .iter()
            .find(|(n, _)| n == c)
            .map(|(_, t)| t.as_str());
        let col = ident(c);
        // Rows without a time, and dates at ±infinity (which the loader skips and reports),
        // are kept whatever the years.
        let (year, open) = match kind {
            Some("smallint" | "integer" | "bigint") => {
                (Some(format!("{col}::bigint")), format!("{col} IS NULL"))
            }
            Some(t) if t.starts_with("date") || t.starts_with("timestamp") => (
                Some(format!("extract(year from {col})::bigint")),
                format!("{col} IS NULL OR NOT isfinite({col})"),
            ),
            _ => (None, String::new()),
        };
        if let Some(year) = year {
            for (bound, op) in [(keep.from_year, ">="), (keep.to_year, "<=")] {
                if let Some(y) = bound {
                    params.push(Box::new(i64::from(y)));
                    conditions.push(format!("({open} OR {year} {op} ${})", params.len()));
                }
            }
        }
    }
    let sql = match conditions.is_empty() {
        true => String::new(),
        false => format!(" WHERE {}", conditions.join(" AND ")),
    };
    Ok((sql, params))
}

/// Runs a query of text columns and writes its rows (at most the row cap) as CSV with the
/// columns' names; returns the CSV and the number of rows the query gave.
fn fetch(
    src: &DbSource,
    client: &mut Client,
    query: &str,
    params: &[&(dyn ToSql + Sync)],
    columns: &[(String, String)],
) -> Result<(Vec<u8>, usize), DbError> {
    let rows = client.query(query, params).map_err(|e| src.error(e))?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let failed = |message: String| DbError::Query {
        address: src.address.clone(),
        message,
    };
    out.write_record(columns.iter().map(|(n, _)| n.as_str()))
        .map_err(|e| failed(e.to_string()))?;
    for row in rows.iter().take(src.row_cap) {
        let cells: Vec<String> = (0..columns.len())
            .map(|i| row.get::<_, Option<String>>(i).unwrap_or_default())
            .collect();
        out.write_record(&cells)
            .map_err(|e| failed(e.to_string()))?;
    }
    let bytes = out.into_inner().map_err(|e| failed(e.to_string()))?;
    Ok((bytes, rows.len()))
}
