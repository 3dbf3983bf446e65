//! Tables and views of a PostgreSQL server (and of engines that speak its protocol: Citus,
//! TimescaleDB, YugabyteDB, Greenplum) as data sources, through the `postgres` client.
//!
//! An address is a PostgreSQL connection URI with citydash's own parameters added:
//! `postgresql://user@host:5432/db?table=measurements&row_cap=100000&statement_timeout=60`.
//! The password comes from `PGPASSWORD` or the password file, as libpq finds it (see
//! [`password`]; never from a file citydash writes). The session is
//! read-only and every statement is ended after `statement_timeout` seconds.
//!
//! What is pushed down: the places, indicators and years a command needs become one
//! parameterised `WHERE` (values are always parameters; the table and column names, which
//! cannot be, are quoted identifiers), so only those rows leave the server, at most `row_cap`
//! of them. The rows then go through the same loader as a file's (role detection, gazetteer,
//! units, conflicts), so a table and a file with the same rows give the same dataset.
//! When the commands' charts need only means per year or month (`LoadOptions::aggregate`),
//! the server computes them (`GROUP BY` per place, station, source and period, with the
//! readings, days and months behind each mean): see [`aggregate`].

mod aggregate;
pub mod password;
pub mod tls;

use std::time::Duration;

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, Config, NoTls};

use super::catalog::Catalog;
use super::options::{LoadOptions, Role, RowFilter};
use super::query::indicator_key;
use super::{LoadError, Loaded, load_bytes_as, sniff::FileFormat};

/// Rows fetched at most, unless the address says otherwise.
pub const DEFAULT_ROW_CAP: usize = 100_000;

/// Seconds a statement may run, unless the address says otherwise.
pub const DEFAULT_TIMEOUT_S: u64 = 60;

/// How long a connection attempt may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Rows read to decide the columns' roles, as the loader decides a file's from its first rows.
const SAMPLE_ROWS: i64 = 500;

/// Database failures, each naming the address (without its password).
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{address}: not a database address: {message}")]
    Address { address: String, message: String },
    #[error("{address}: name the table or view to read: add ?table=NAME to the address")]
    NoTable { address: String },
    #[error("{address}: could not connect: {message}")]
    Connect { address: String, message: String },
    #[error("{address}: no table or view named {table}")]
    NoSuchTable { address: String, table: String },
    #[error(
        "{address}: the query ran longer than the statement timeout ({seconds} s) and was ended; \
         narrow the cities, indicators or years, or raise statement_timeout in the address"
    )]
    Timeout { address: String, seconds: u64 },
    #[error(
        "{address}: the server asks for a password: set PGPASSWORD, or add a line for this \
         server to the password file (~/.pgpass or PGPASSFILE, readable by you only)"
    )]
    PasswordNeeded { address: String },
    #[error("{address}: the server refused the password (password authentication failed)")]
    PasswordRefused { address: String },
    #[error("{address}: cancelled; the server stopped the query")]
    Cancelled { address: String },
    #[error("{address}: the query failed: {message}")]
    Query { address: String, message: String },
    #[error(transparent)]
    Load(#[from] LoadError),
}

/// A table or view on a PostgreSQL server, with the limits of the queries run on it.
#[derive(Debug, Clone)]
pub struct DbSource {
    /// The address as shown: the URI without a password.
    pub address: String,
    config: Config,
    /// The schema, when the table name gives one (`schema.table`).
    pub schema: Option<String>,
    pub table: String,
    pub row_cap: usize,
    pub timeout_s: u64,
    /// TLS: libpq's `sslmode` (default `prefer`) and the PEM file of `sslrootcert`.
    pub ssl: tls::SslMode,
    pub root_cert: Option<std::path::PathBuf>,
    /// Seconds a query's result is reused from the dataset cache (`cache_ttl`; 0: never).
    pub cache_ttl: u64,
}

/// Seconds a query's result is reused, unless the address says otherwise.
pub const DEFAULT_CACHE_TTL_S: u64 = 3600;

/// True for text that is a PostgreSQL connection URI.
pub fn is_db_address(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("postgresql://") || t.starts_with("postgres://")
}

impl DbSource {
    /// Reads an address: a connection URI with `table` (required), `row_cap` and
    /// `statement_timeout` (seconds) among its parameters.
    pub fn parse(uri: &str) -> Result<DbSource, DbError> {
        let uri = uri.trim();
        let (base, query) = uri.split_once('?').unwrap_or((uri, ""));
        let mut kept = Vec::new();
        let (mut table, mut row_cap, mut timeout_s) = (None, DEFAULT_ROW_CAP, DEFAULT_TIMEOUT_S);
        let (mut ssl, mut root_cert) = (tls::SslMode::default(), None);
        let mut passfile = None;
        let mut cache_ttl = DEFAULT_CACHE_TTL_S;
        let shown = hide_password(uri);
        let bad = |message: String| DbError::Address {
            address: shown.clone(),
            message,
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = &percent_decoded(v);
            match k {
                "table" => table = Some(v.clone()),
                "row_cap" => {
                    row_cap = v
                        .parse()
                        .map_err(|_| bad(format!("row_cap={v}: expected a number of rows")))?
                }
                "statement_timeout" => {
                    timeout_s = v
                        .parse()
                        .map_err(|_| bad(format!("statement_timeout={v}: expected seconds")))?
                }
                "sslmode" => {
                    ssl = tls::SslMode::parse(v).ok_or_else(|| {
                        bad(format!(
                            "sslmode={v}: expected disable, prefer, require, verify-ca or \
                             verify-full"
                        ))
                    })?
                }
                "sslrootcert" => root_cert = Some(tls::root_cert_path(v)),
                "passfile" => passfile = Some(tls::root_cert_path(v)),
                "cache_ttl" => {
                    cache_ttl = v
                        .parse()
                        .map_err(|_| bad(format!("cache_ttl={v}: expected seconds")))?
                }
                _ => kept.push(pair),
            }
        }
        let conn = match kept.is_empty() {
            true => base.to_string(),
            false => format!("{base}?{}", kept.join("&")),
        };
        let mut config: Config = conn.parse().map_err(|e| bad(format!("{e}")))?;
        if config.get_password().is_none()
            && let Some(p) = password::find(&target_of(&config), passfile.as_deref())
        {
            config.password(p);
        }
        config
            .application_name("citydash")
            .connect_timeout(CONNECT_TIMEOUT)
            .ssl_mode(ssl.wire());
        let table = table.ok_or_else(|| DbError::NoTable {
            address: shown.clone(),
        })?;
        let (schema, table) = match table.split_once('.') {
            Some((s, t)) => (Some(s.to_string()), t.to_string()),
            None => (None, table),
        };
        Ok(DbSource {
            address: shown,
            config,
            schema,
            table,
            row_cap,
            timeout_s,
            ssl,
            root_cert,
            cache_ttl,
        })
    }

    /// The TLS connector of the address's `sslmode` and `sslrootcert`.
    fn tls(&self) -> Result<tokio_postgres_rustls::MakeRustlsConnect, DbError> {
        tls::connector(self.ssl, self.root_cert.as_deref()).map_err(|message| DbError::Connect {
            address: self.address.clone(),
            message,
        })
    }

    /// Connects, read-only, with the statement timeout set.
    pub fn connect(&self) -> Result<Client, DbError> {
        let connected = match self.ssl {
            tls::SslMode::Disable => self.config.connect(NoTls),
            _ => self.config.connect(self.tls()?),
        };
        let mut client = connected.map_err(|e| {
            let address = self.address.clone();
            if e.code() == Some(&SqlState::INVALID_PASSWORD) {
                return DbError::PasswordRefused { address };
            }
            let message = connect_message(&e, self.ssl);
            // The client's word when the server asks for a password it was not given.
            if message.contains("password missing") {
                return DbError::PasswordNeeded { address };
            }
            DbError::Connect { address, message }
        })?;
        let setup = format!(
            "SET default_transaction_read_only = on; SET TimeZone = 'UTC'; \
             SET statement_timeout = {}",
            self.timeout_s.saturating_mul(1000)
        );
        client.batch_execute(&setup).map_err(|e| self.error(e))?;
        Ok(client)
    }

    /// A query's failure, the statement timeout told apart.
    fn error(&self, e: postgres::Error) -> DbError {
        if e.code() == Some(&SqlState::QUERY_CANCELED) {
            return DbError::Timeout {
                address: self.address.clone(),
                seconds: self.timeout_s,
            };
        }
        let message = match e.as_db_error() {
            Some(db) => db.message().to_string(),
            None => e.to_string(),
        };
        DbError::Query {
            address: self.address.clone(),
            message,
        }
    }

    /// The table's name as SQL: quoted identifiers.
    fn table_sql(&self) -> String {
        match &self.schema {
            Some(s) => format!("{}.{}", ident(s), ident(&self.table)),
            None => ident(&self.table),
        }
    }

    /// The table's columns and their SQL types, in order.
    pub fn columns(&self, client: &mut Client) -> Result<Vec<(String, String)>, DbError> {
        let rows = client
            .query(
                "SELECT column_name::text, data_type::text FROM information_schema.columns \
                 WHERE table_schema = coalesce($1, current_schema()) AND table_name = $2 \
                 ORDER BY ordinal_position",
                &[&self.schema, &self.table],
            )
            .map_err(|e| self.error(e))?;
        if rows.is_empty() {
            return Err(DbError::NoSuchTable {
                address: self.address.clone(),
                table: self.table.clone(),
            });
        }
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
}

/// Why a connection failed, with the cause the client's message leaves out ("connection
/// refused", the certificate's fault) and what to do about a certificate not trusted.
fn connect_message(e: &postgres::Error, ssl: tls::SslMode) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    let checked = matches!(ssl, tls::SslMode::VerifyCa | tls::SslMode::VerifyFull);
    if checked && message.contains("not valid for name") {
        message.push_str(
            " (connect by a name the server's certificate holds, or use sslmode=verify-ca to \
             check its chain only)",
        );
    } else if checked && message.contains("certificate") {
        message.push_str(
            " (give the server's CA certificate with sslrootcert=PATH in the address, or \
             sslmode=require to encrypt without checking the certificate)",
        );
    }
    message
}

/// What a password is looked up for: the first host (a socket is `localhost`, as libpq
/// says), port (5432 unless given), database (the user's name unless given) and user.
fn target_of(config: &Config) -> password::Target<'_> {
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.as_str(),
        _ => "localhost",
    };
    let user = config.get_user().unwrap_or("");
    password::Target {
        host,
        port: config.get_ports().first().copied().unwrap_or(5432),
        database: config.get_dbname().unwrap_or(user),
        user,
    }
}

/// The source of a table's rows when it has no source column, as a file's name is for a
/// file: `table T, database D` (`None` when `address` is no database address).
pub fn source_name(address: &str) -> Option<String> {
    if !is_db_address(address) {
        return None;
    }
    let (base, query) = address.split_once('?').unwrap_or((address, ""));
    let table = query
        .split('&')
        .find_map(|p| p.strip_prefix("table="))
        .unwrap_or("?");
    let database = base.rsplit_once('/').map_or("", |(_, d)| d);
    Some(format!("table {table}, database {database}"))
}

/// A URI parameter's value with its `%XX` escapes decoded (left as written when they do not
/// make UTF-8).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// A quoted SQL identifier (double quotes doubled inside).
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The address with any password replaced by `***`.
fn hide_password(uri: &str) -> String {
    let Some((scheme, rest)) = uri.split_once("://") else {
        return uri.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return uri.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => uri.to_string(),
    }
}

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
        false => result,
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
    let cache = match src.cache_ttl {
        0 => None,
        _ => super::dataset_cache::DatasetCache::default_location(),
    };
    let key = cache_key(src, options);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    if let (Some(cache), false) = (&cache, refresh)
        && let Some(mut hit) = cache.get(&key)
        && hit.report.stored > 0
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
        && let Some(plan) = aggregate::Plan::of(&columns, probe, per)
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
    let what = match options.keep.is_some() {
        true => "the rows asked for, filtered on the server",
        false => "the whole table",
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
fn mark_cut(src: &DbSource, loaded: &mut Loaded, rows: usize) -> Option<String> {
    if rows <= src.row_cap {
        return None;
    }
    let notice = format!(
        "{}: more than {} rows match; only the first {} were read (raise row_cap in the \
         address, or narrow the cities, indicators or years)",
        src.address, src.row_cap, src.row_cap
    );
    loaded.report.notes.push(notice.clone());
    loaded.dataset.cuts.push(super::RowCut {
        source: format!("{} ({})", src.address, src.table_sql()),
        rows: src.row_cap,
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
fn stored_place(catalog: &Catalog, raw: &str) -> Option<String> {
    let cleaned = super::text::clean_label(raw);
    if super::places::is_aggregate(&cleaned) {
        return None;
    }
    Some(match catalog.find_place(&cleaned) {
        Some(p) => catalog.place_name(p).to_string(),
        None => super::places::loaded_name(&cleaned).to_string(),
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
    report: &super::LoadReport,
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
        let year = match kind {
            Some("smallint" | "integer" | "bigint") => Some(format!("{}::bigint", ident(c))),
            Some(t) if t.starts_with("date") || t.starts_with("timestamp") => {
                Some(format!("extract(year from {})::bigint", ident(c)))
            }
            _ => None,
        };
        let col = ident(c);
        if let Some(year) = year {
            for (bound, op) in [(keep.from_year, ">="), (keep.to_year, "<=")] {
                if let Some(y) = bound {
                    params.push(Box::new(i64::from(y)));
                    conditions.push(format!("({col} IS NULL OR {year} {op} ${})", params.len()));
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
