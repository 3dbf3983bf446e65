//! Where a database password comes from, as libpq looks for it: the address (discouraged:
//! addresses get saved and shown), `PGPASSWORD`, a password given for this session (the command
//! line's prompt, when the server asked), then the password file — the address's `passfile`,
//! else `PGPASSFILE`, else `~/.pgpass` — whose lines are `host:port:database:user:password`,
//! `*` matching anything and `\` escaping `:` and `\`. As libpq does, a password file that others
//! may read (any group or other permission) is not used.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A password given for this session, for any address.
static GIVEN: Mutex<Option<String>> = Mutex::new(None);

/// Gives the password the next connections use when neither the address nor `PGPASSWORD`
/// has one (the command line's answer to the server's request).
pub fn give(password: String) {
    if let Ok(mut slot) = GIVEN.lock() {
        *slot = Some(password);
    }
}

/// What a password is looked up for.
#[derive(Debug, Clone)]
pub struct Target<'a> {
    pub host: &'a str,
    pub port: u16,
    pub database: &'a str,
    pub user: &'a str,
}

/// The password for `target` from `PGPASSWORD`, the session or the password file (`passfile`
/// from the address, when given); `None` when none has one.
pub fn find(target: &Target<'_>, passfile: Option<&Path>) -> Option<String> {
    if let Ok(p) = std::env::var("PGPASSWORD") {
        return Some(p);
    }
    if let Some(p) = GIVEN.lock().ok().and_then(|g| g.clone()) {
        return Some(p);
    }
    let path = passfile.map(Path::to_path_buf).or_else(default_file)?;
    if !private(&path) {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    from_file(&text, target)
}

/// Why the password file gave no password, when that is worth saying: the file others may
/// read (not used, as libpq does), or the file the address names missing.
pub fn file_problem(passfile: Option<&Path>) -> Option<String> {
    let path = passfile.map(Path::to_path_buf).or_else(default_file)?;
    match path.exists() {
        false if passfile.is_some() => Some(format!(
            "the password file {} does not exist",
            path.display()
        )),
        true if !private(&path) => Some(format!(
            "the password file {} was not used: others may read it (chmod 600 it)",
            path.display()
        )),
        _ => None,
    }
}

/// `PGPASSFILE`, else `~/.pgpass`.
fn default_file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PGPASSFILE") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".pgpass"))
}

/// True when only its owner may read the file (always, where permissions differ).
fn private(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 == 0)
    }
    #[cfg(not(unix))]
    {
        path.exists()
    }
}

/// The password of the first line of a password file that matches `target`.
pub fn from_file(text: &str, target: &Target<'_>) -> Option<String> {
    let port = target.port.to_string();
    let wanted = [target.host, port.as_str(), target.database, target.user];
    text.lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .map(fields)
        .find(|f| {
            f.len() == 5
                && f.iter()
                    .zip(wanted)
                    .all(|(field, want)| field == "*" || field == want)
        })
        .map(|mut f| f.swap_remove(4))
}

/// A line's fields: split at `:` not escaped by `\`.
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.last_mut().expect("never empty").extend(chars.next()),
            ':' if out.len() < 5 => out.push(String::new()),
            c => out.last_mut().expect("never empty").push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TARGET: Target<'static> = Target {
        host: "db.example",
        port: 5432,
        database: "stats",
        user: "ana",
    };

    #[test]
    fn the_first_matching_line_gives_the_password() {
        let text = "# comment\n\
                    other.host:5432:stats:ana:wrong\n\
                    db.example:5433:*:ana:wrong port\n\
                    db.example:*:stats:ana:s3cr\\:et\\\\1\n\
                    *:*:*:*:fallback\n";
        assert_eq!(from_file(text, &TARGET).as_deref(), Some("s3cr:et\\1"));
        let bob = Target {
            user: "bob",
            ..TARGET
        };
        assert_eq!(from_file(text, &bob).as_deref(), Some("fallback"));
        assert_eq!(from_file("db.example:5432:stats:ana\n", &TARGET), None);
    }

    #[test]
    fn a_password_may_hold_colons_after_the_fourth_field() {
        let text = "*:*:*:ana:a:b:c\n";
        assert_eq!(from_file(text, &TARGET).as_deref(), Some("a:b:c"));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_may_read_is_not_used() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(&path, "*:*:*:*:secret\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(!private(&path));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(private(&path));
    }
}
