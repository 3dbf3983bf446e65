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
mod load;
pub mod password;
pub mod tls;

pub(crate) use load::stored_place;
pub use load::{POLL, load, load_cached, load_cached_since, load_until};

use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};

use super::LoadError;

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
         server to the password file (~/.pgpass or PGPASSFILE, readable by you only){why}"
    )]
    PasswordNeeded { address: String, why: String },
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
    /// The password file the address names (`passfile`).
    pub passfile: Option<std::path::PathBuf>,
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
                "sslrootcert" => root_cert = Some(tls::home_path(v)),
                "passfile" => passfile = Some(tls::home_path(v)),
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
        let table = table
            .filter(|t| !t.trim().is_empty())
            .ok_or_else(|| DbError::NoTable {
                address: shown.clone(),
            })?;
        if row_cap == 0 || row_cap > i64::MAX as usize / 2 {
            return Err(bad(format!(
                "row_cap={row_cap}: expected a number of rows from 1 to {}",
                i64::MAX / 2
            )));
        }
        if timeout_s > i32::MAX as u64 / 1000 {
            return Err(bad(format!(
                "statement_timeout={timeout_s}: at most {} seconds",
                i32::MAX / 1000
            )));
        }
        let (schema, table) =
            split_table(&table).map_err(|why| bad(format!("table={table}: {why}")))?;
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
            passfile,
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
                let why = password::file_problem(self.passfile.as_deref())
                    .map_or(String::new(), |p| format!("; {p}"));
                return DbError::PasswordNeeded { address, why };
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
        // The catalog, as the server resolves the name (the search path; tables, views,
        // materialized views, foreign and partitioned tables), whatever the privileges: a
        // table the user may not read then says so when read.
        let rows = client
            .query(
                "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) \
                 FROM pg_attribute a WHERE a.attrelid = to_regclass($1) \
                 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                &[&self.table_sql()],
            )
            .map_err(|e| self.error(e))?;
        if rows.is_empty() {
            return Err(DbError::NoSuchTable {
                address: self.address.clone(),
                table: match &self.schema {
                    Some(schema) => format!("{schema}.{}", self.table),
                    None => self.table.clone(),
                },
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
/// An address with its password left out (`postgresql://ana@host/db?table=t`), as saved
/// chart specs record it: the password comes from `PGPASSWORD` or the password file.
pub fn without_password(uri: &str) -> String {
    masked(uri, None)
}

/// An address as messages show it: its password, in the user part or as a `password=`
/// parameter, written `***`.
fn hide_password(uri: &str) -> String {
    masked(uri, Some("***"))
}

/// `uri` with its password replaced by `shown`, or left out with `None`. The user part is
/// the authority's (up to the first `/`) text before its last `@`.
fn masked(uri: &str, shown: Option<&str>) -> String {
    let (base, query) = match uri.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (uri, None),
    };
    let base = match base.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let authority = match authority.rsplit_once('@') {
                Some((userinfo, host)) => match (userinfo.split_once(':'), shown) {
                    (Some((user, _)), Some(s)) => format!("{user}:{s}@{host}"),
                    (Some((user, _)), None) => format!("{user}@{host}"),
                    (None, _) => authority.to_string(),
                },
                None => authority.to_string(),
            };
            format!("{scheme}://{authority}{path}")
        }
        None => base.to_string(),
    };
    let Some(query) = query else {
        return base;
    };
    let pairs: Vec<String> = query
        .split('&')
        .filter_map(|pair| {
            let key = pair.split_once('=').map_or(pair, |(k, _)| k);
            match (key.eq_ignore_ascii_case("password"), shown) {
                (false, _) => Some(pair.to_string()),
                (true, Some(s)) => Some(format!("{key}={s}")),
                (true, None) => None,
            }
        })
        .collect();
    format!("{base}?{}", pairs.join("&"))
}

/// A table name as SQL writes it: `TABLE` or `SCHEMA.TABLE`, each part bare or in double
/// quotes (`"my.table"`, `air."pm 2.5"`, a quote doubled inside quotes), so that a name
/// holding a dot can be given. Bare parts are taken as written (not folded to lower case).
fn split_table(name: &str) -> Result<(Option<String>, String), String> {
    let mut parts = vec![String::new()];
    let mut chars = name.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        let part = parts.last_mut().expect("a part");
        match (c, quoted) {
            ('"', false) if part.is_empty() => quoted = true,
            ('"', false) => return Err("a double quote may only open a name".into()),
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                part.push('"');
            }
            ('"', true) => {
                quoted = false;
                if chars.peek().is_some_and(|c| *c != '.') {
                    return Err("expected a dot after a quoted name".into());
                }
            }
            ('.', false) => parts.push(String::new()),
            _ => part.push(c),
        }
    }
    if quoted {
        return Err("a quoted name is not closed".into());
    }
    let expected =
        "expected TABLE or SCHEMA.TABLE (a name with a dot in double quotes: \"my.table\")";
    match <[String; 2]>::try_from(parts) {
        Ok([schema, table]) if !schema.is_empty() && !table.is_empty() => Ok((Some(schema), table)),
        Ok(_) => Err(expected.into()),
        Err(parts) => match parts.as_slice() {
            [table] if !table.is_empty() => Ok((None, table.clone())),
            _ => Err(expected.into()),
        },
    }
}
