//! The Connect to database window: a PostgreSQL server's host, port, database, user, table
//! and TLS mode as fields, made into the address the loader opens. The password is never
//! asked for or kept here: it comes from `PGPASSWORD` or the password file (`~/.pgpass`).

use crate::data::db::tls::SslMode;

/// `sslmode` values offered, in order, with libpq's names.
const SSL_MODES: [(SslMode, &str); 5] = [
    (SslMode::Prefer, "prefer"),
    (SslMode::Require, "require"),
    (SslMode::VerifyCa, "verify-ca"),
    (SslMode::VerifyFull, "verify-full"),
    (SslMode::Disable, "disable"),
];

/// The window's fields.
pub struct DbPanel {
    pub open: bool,
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    /// The table or view, optionally `schema.table`.
    pub table: String,
    /// An index into [`SSL_MODES`].
    pub ssl: usize,
    /// A PEM file of trusted certificates (`sslrootcert`), or empty.
    pub root_cert: String,
}

impl Default for DbPanel {
    fn default() -> Self {
        DbPanel {
            open: false,
            host: "localhost".into(),
            port: 5432,
            database: String::new(),
            user: std::env::var("USER").unwrap_or_default(),
            table: String::new(),
            ssl: 0,
            root_cert: String::new(),
        }
    }
}

/// Percent-encodes what a URI part may not hold as is (RFC 3986's unreserved characters
/// stay).
fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.trim().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl DbPanel {
    /// True when every field an address needs is filled.
    pub fn ready(&self) -> bool {
        [&self.host, &self.database, &self.user, &self.table]
            .iter()
            .all(|f| !f.trim().is_empty())
    }

    /// The address of the fields: `postgresql://USER@HOST:PORT/DB?table=T&sslmode=M`.
    pub fn address(&self) -> String {
        let host = match self.host.trim() {
            h if h.contains(':') && !h.starts_with('[') => format!("[{h}]"),
            h => h.to_string(),
        };
        let mut address = format!(
            "postgresql://{}@{host}:{}/{}?table={}&sslmode={}",
            encode(&self.user),
            self.port,
            encode(&self.database),
            encode(&self.table),
            SSL_MODES[self.ssl.min(SSL_MODES.len() - 1)].1
        );
        if !self.root_cert.trim().is_empty() {
            address.push_str(&format!("&sslrootcert={}", encode(&self.root_cert)));
        }
        address
    }

    /// Draws the window; returns the address when Connect is clicked.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<String> {
        if !self.open {
            return None;
        }
        let lang = crate::chart::draw::lang_of(ctx);
        let mut connect = None;
        let mut open = self.open;
        egui::Window::new(crate::tr!(lang, "db-title"))
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("db_fields").num_columns(2).show(ui, |ui| {
                    let label = ui.label(crate::tr!(lang, "db-host"));
                    ui.add(egui::TextEdit::singleline(&mut self.host).desired_width(220.0))
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(crate::tr!(lang, "db-port"));
                    ui.add(egui::DragValue::new(&mut self.port).range(1..=65535))
                        .labelled_by(label.id);
                    ui.end_row();
                    let text_fields = [
                        (crate::tr!(lang, "db-database"), &mut self.database),
                        (crate::tr!(lang, "db-user"), &mut self.user),
                        (crate::tr!(lang, "db-table"), &mut self.table),
                    ];
                    for (name, value) in text_fields {
                        let label = ui.label(name);
                        ui.add(egui::TextEdit::singleline(value).desired_width(220.0))
                            .labelled_by(label.id);
                        ui.end_row();
                    }
                    let label = ui.label(crate::tr!(lang, "db-sslmode"));
                    egui::ComboBox::from_id_salt("db_sslmode")
                        .selected_text(SSL_MODES[self.ssl.min(SSL_MODES.len() - 1)].1)
                        .show_ui(ui, |ui| {
                            for (i, (_, name)) in SSL_MODES.iter().enumerate() {
                                ui.selectable_value(&mut self.ssl, i, *name);
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.end_row();
                    let label = ui.label(crate::tr!(lang, "db-rootcert"));
                    ui.add(
                        egui::TextEdit::singleline(&mut self.root_cert)
                            .hint_text(crate::tr!(lang, "db-rootcert-hint"))
                            .desired_width(220.0),
                    )
                    .labelled_by(label.id);
                    ui.end_row();
                });
                ui.label(egui::RichText::new(crate::tr!(lang, "db-password-note")).weak());
                ui.separator();
                let button = egui::Button::new(crate::tr!(lang, "db-connect"));
                if ui.add_enabled(self.ready(), button).clicked() {
                    connect = Some(self.address());
                }
            });
        self.open = open && connect.is_none();
        connect
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::db::DbSource;

    #[test]
    fn the_fields_make_an_address_the_loader_reads_back() {
        let panel = DbPanel {
            host: "warehouse.example".into(),
            port: 6432,
            database: "stats & co".into(),
            user: "ana".into(),
            table: "air.measurements".into(),
            ssl: 3,
            root_cert: "/etc/ssl/our ca.pem".into(),
            ..Default::default()
        };
        assert!(panel.ready());
        let address = panel.address();
        assert_eq!(
            address,
            "postgresql://ana@warehouse.example:6432/stats%20%26%20co?table=air.measurements\
             &sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Four%20ca.pem"
        );
        let source = DbSource::parse(&address).expect("an address");
        assert_eq!(source.schema.as_deref(), Some("air"));
        assert_eq!(source.table, "measurements");
        assert_eq!(source.ssl, SslMode::VerifyFull);
        assert_eq!(
            source.root_cert.as_deref(),
            Some(std::path::Path::new("/etc/ssl/our ca.pem"))
        );
        assert!(!DbPanel::default().ready(), "no database or table yet");
    }
}
