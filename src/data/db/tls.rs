//! TLS for database connections, through rustls (the TLS stack the rest of citydash uses) and
//! `tokio-postgres-rustls`, with `sslmode` meaning what it means to libpq (PostgreSQL's own
//! client, "SSL Support" in its documentation):
//!
//! | `sslmode` | encrypted | server certificate checked |
//! |---|---|---|
//! | `disable` | no | — |
//! | `prefer` (default) | when the server offers it | only against `sslrootcert`, when given |
//! | `require` | yes | only against `sslrootcert`, when given |
//! | `verify-ca` | yes | chain to a trusted root |
//! | `verify-full` | yes | chain to a trusted root, and the host name |
//!
//! Trusted roots are the system's (`rustls-native-certs`) and the PEM file `sslrootcert`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};
use rustls::{Error, SignatureScheme};
use tokio_postgres_rustls::MakeRustlsConnect;

/// libpq's `sslmode` values citydash accepts (`allow` is read as `prefer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SslMode {
    Disable,
    #[default]
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    /// Reads a `sslmode` value; `None` for an unknown one.
    pub fn parse(text: &str) -> Option<SslMode> {
        Some(match text {
            "disable" => SslMode::Disable,
            "allow" | "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }

    /// The client crate's mode: it knows whether to ask for TLS, not how to check it.
    pub fn wire(self) -> postgres::config::SslMode {
        match self {
            SslMode::Disable => postgres::config::SslMode::Disable,
            SslMode::Prefer => postgres::config::SslMode::Prefer,
            _ => postgres::config::SslMode::Require,
        }
    }
}

/// What is checked of the server's certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Nothing but the handshake's signatures: encryption without authentication.
    Nothing,
    /// The chain to a trusted root.
    Chain,
    /// The chain and the host name.
    ChainAndName,
}

/// A certificate verifier for [`Check`], the chain checks delegated to webpki.
#[derive(Debug)]
struct Verifier {
    check: Check,
    webpki: Option<Arc<WebPkiServerVerifier>>,
    /// The certificates of `sslrootcert`: a server presenting one of them is trusted as
    /// libpq trusts it (a self-signed server certificate given as its own root, as
    /// PostgreSQL's documentation makes one), its name still checked for `verify-full`.
    pinned: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let Some(webpki) = self
            .webpki
            .as_ref()
            .filter(|_| self.check != Check::Nothing)
        else {
            return Ok(ServerCertVerified::assertion());
        };
        if self.pinned.iter().any(|p| p == end_entity) {
            if self.check == Check::ChainAndName {
                let cert = webpki::EndEntityCert::try_from(end_entity)
                    .map_err(|e| Error::General(format!("the server's certificate: {e}")))?;
                cert.verify_is_valid_for_subject_name(server_name)
                    .map_err(|_| {
                        Error::General(format!(
                            "certificate not valid for name {:?} (the certificate of \
                             sslrootcert the server presented)",
                            server_name.to_str()
                        ))
                    })?;
            }
            return Ok(ServerCertVerified::assertion());
        }
        match webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if self.check == Check::Chain => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        rustls::crypto::verify_tls12_signature(message, cert, dss, algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        rustls::crypto::verify_tls13_signature(message, cert, dss, algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// The connector for `mode`, trusting the system's roots and the certificates of the PEM file
/// `root_cert`. Errors say what could not be read or trusted.
pub fn connector(mode: SslMode, root_cert: Option<&Path>) -> Result<MakeRustlsConnect, String> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let check = match (mode, root_cert) {
        (SslMode::VerifyFull, _) => Check::ChainAndName,
        (SslMode::VerifyCa, _) | (SslMode::Prefer | SslMode::Require, Some(_)) => Check::Chain,
        _ => Check::Nothing,
    };
    let (webpki, pinned) = match check {
        Check::Nothing => (None, Vec::new()),
        _ => {
            let pinned = match root_cert {
                Some(path) => read_pem(path)?,
                None => Vec::new(),
            };
            (Some(chain_verifier(&pinned, &provider)?), pinned)
        }
    };
    let verifier = Verifier {
        check,
        webpki,
        pinned,
        provider: provider.clone(),
    };
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// The certificates of a PEM file.
fn read_pem(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let unreadable = |e: &dyn std::fmt::Display| {
        format!(
            "sslrootcert={}: not a PEM certificate file: {e}",
            path.display()
        )
    };
    CertificateDer::pem_file_iter(path)
        .map_err(|e| unreadable(&e))?
        .map(|c| c.map_err(|e| unreadable(&e)))
        .collect()
}

/// Webpki's verifier over the system's roots and `extra` ones.
fn chain_verifier(
    extra: &[CertificateDer<'static>],
    provider: &Arc<CryptoProvider>,
) -> Result<Arc<WebPkiServerVerifier>, String> {
    let mut roots = RootCertStore::empty();
    for cert in rustls_native_certs::load_native_certs().certs {
        // A system certificate webpki cannot use is no reason to refuse the others.
        let _ = roots.add(cert);
    }
    // Certificates webpki cannot take as roots may still be pinned server certificates.
    roots.add_parsable_certificates(extra.iter().cloned());
    WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| {
            format!(
                "no trusted root certificates to check the server's with ({e}): give the \
                 server's CA certificate with sslrootcert=PATH"
            )
        })
}

/// A file an address names (`sslrootcert`, `passfile`), with `~` for the home folder, as
/// libpq reads it.
pub fn home_path(value: &str) -> PathBuf {
    match value.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(rest))
            .unwrap_or_else(|| PathBuf::from(value)),
        None => PathBuf::from(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libpq_modes_read_and_map_to_the_wire() {
        assert_eq!(SslMode::parse("verify-full"), Some(SslMode::VerifyFull));
        assert_eq!(SslMode::parse("allow"), Some(SslMode::Prefer));
        assert_eq!(SslMode::parse("on"), None);
        assert_eq!(SslMode::VerifyCa.wire(), postgres::config::SslMode::Require);
        assert_eq!(SslMode::Disable.wire(), postgres::config::SslMode::Disable);
    }

    #[test]
    fn an_unreadable_root_certificate_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(
            &path,
            "-----BEGIN CERTIFICATE-----\n!!not base64!!\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        let err = connector(SslMode::VerifyFull, Some(&path))
            .err()
            .expect("an error");
        assert!(err.contains("ca.pem: not a PEM certificate file"), "{err}");
        // Without a check of the chain, the file is not needed and not read.
        assert!(connector(SslMode::Require, None).is_ok());
    }
}
