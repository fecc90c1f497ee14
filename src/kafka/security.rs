//! Connecting to a secured cluster: which settings are secret (kept out of `Debug` output and
//! error messages), and [`ConnectionError`], the cause librdkafka reported when the client could
//! not connect (SASL authentication, TLS handshake, a plaintext client at a TLS listener).

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use rdkafka::client::{ClientContext, DefaultClientContext};
use rdkafka::config::{ClientConfig, RDKafkaLogLevel};
use rdkafka::consumer::ConsumerContext;
use rdkafka::error::KafkaError;
use rdkafka::types::{RDKafkaConfRes, RDKafkaErrorCode};
use tokio::sync::Notify;

/// Shown instead of a secret setting's value.
pub const REDACTED: &str = "[redacted]";

/// Whether the librdkafka property `key` holds a secret (a password, a private key, a token or
/// client secret): its value never appears in this module's `Debug` output or error messages.
/// librdkafka's own sensitive properties (`sasl.password`, `ssl.key.password`, `ssl.key.pem`,
/// `ssl.keystore.password`, `sasl.oauthbearer.client.secret`, ...) and, because a misspelt key
/// still carries the secret, any key that mentions a password, secret, token, private key or
/// credential, and `sasl.oauthbearer.config` (whose extensions may carry one).
pub fn is_secret(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "pass",
        "pasw",
        "pwd",
        "secret",
        "token",
        "private",
        "credential",
        "key.pem",
        "ssl_key",
    ]
    .iter()
    .any(|word| key.contains(word))
        || key == "sasl.oauthbearer.config"
}

/// The settings of `config` with every secret value replaced by [`REDACTED`], for `Debug`.
pub(super) fn redacted(config: &ClientConfig) -> BTreeMap<String, String> {
    // config_map() already hides rdkafka's own list; the values are read with get().
    config
        .config_map()
        .into_keys()
        .map(|key| {
            let value = if is_secret(key) {
                REDACTED.to_owned()
            } else {
                config.get(key).unwrap_or_default().to_owned()
            };
            (key.to_owned(), value)
        })
        .collect()
}

/// `error` with every secret value of `config` replaced by [`REDACTED`]: librdkafka's
/// configuration errors repeat the rejected value (a misspelt `sasl.pasword` would print the
/// password). The value of an unknown key is always dropped: the key is what needs fixing.
pub(super) fn scrubbed(error: KafkaError, config: &ClientConfig) -> KafkaError {
    let secrets: Vec<String> = config
        .config_map()
        .into_keys()
        .filter(|key| is_secret(key))
        .filter_map(|key| config.get(key))
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
        .collect();
    let scrub = |text: String| {
        secrets
            .iter()
            .fold(text, |text, secret| text.replace(secret.as_str(), REDACTED))
    };
    match error {
        KafkaError::ClientConfig(res, desc, key, value) => {
            let value = if is_secret(&key) || res == RDKafkaConfRes::RD_KAFKA_CONF_UNKNOWN {
                REDACTED.to_owned()
            } else {
                scrub(value)
            };
            KafkaError::ClientConfig(res, scrub(desc), key, value)
        }
        KafkaError::ClientCreation(message) => KafkaError::ClientCreation(scrub(message)),
        other => other,
    }
}

/// What kept a client from talking to the cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionErrorKind {
    /// SASL authentication was refused (wrong user or password, a mechanism the broker does
    /// not offer).
    Authentication,
    /// The TLS handshake failed (a broker certificate not signed by a trusted CA, a host name
    /// it does not name, a listener that does not speak TLS).
    Tls,
    /// A plaintext client (`security.protocol` `PLAINTEXT` or `SASL_PLAINTEXT`) whose first
    /// request was answered by closing the connection: most likely a TLS listener.
    PlaintextToTls,
    /// No broker answered in time; the reason is the last connection failure librdkafka
    /// reported, if any.
    Timeout,
}

/// Why a client could not connect, with librdkafka's own reason (which never contains a
/// setting's value). Returned by `EventProducer::check`, `EventConsumer::check`, and by
/// `EventConsumer::run` when authentication or TLS fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionError {
    /// The kind of failure.
    pub kind: ConnectionErrorKind,
    /// librdkafka's reason, e.g. `SASL authentication error: ... unknown-user`.
    pub reason: String,
}

impl fmt::Display for ConnectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ConnectionErrorKind::Authentication => {
                write!(f, "SASL authentication failed (check sasl.mechanism, sasl.username and sasl.password): {}", self.reason)
            }
            ConnectionErrorKind::Tls => write!(
                f,
                "TLS handshake failed (check ssl.ca.location: the CA that signed the broker's certificate): {}",
                self.reason
            ),
            ConnectionErrorKind::PlaintextToTls => write!(
                f,
                "the broker closed the connection at the first request: is it a TLS listener? \
                 (security.protocol is plaintext; use SSL or SASL_SSL): {}",
                self.reason
            ),
            ConnectionErrorKind::Timeout if self.reason.is_empty() => {
                write!(f, "no broker answered in time")
            }
            ConnectionErrorKind::Timeout => {
                write!(f, "no broker answered in time; last failure: {}", self.reason)
            }
        }
    }
}

impl std::error::Error for ConnectionError {}

#[derive(Default)]
struct Seen {
    /// An authentication, TLS or plaintext-to-TLS failure since the last successful request.
    failure: Option<ConnectionError>,
    /// The last connection failure of any kind librdkafka logged.
    last: Option<String>,
}

/// The client context of the producer, the consumer and the dead-letter producer: records the
/// connection failures librdkafka reports, forwards its warnings and errors to the `log` crate
/// (as rdkafka's default context does).
#[derive(Clone)]
pub struct ConnectionWatch {
    seen: Arc<Mutex<Seen>>,
    changed: Arc<Notify>,
    plaintext: bool,
}

impl ConnectionWatch {
    /// A watch for a client configured with `config` (its `security.protocol` decides whether
    /// a closed first request means "TLS listener").
    pub(super) fn new(config: &ClientConfig) -> Self {
        let protocol = config
            .get("security.protocol")
            .unwrap_or("plaintext")
            .to_ascii_lowercase();
        ConnectionWatch {
            seen: Arc::default(),
            changed: Arc::default(),
            plaintext: protocol == "plaintext" || protocol == "sasl_plaintext",
        }
    }

    fn record(&self, failure: Option<ConnectionError>, reason: &str) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.last = Some(reason.to_owned());
        if failure.is_some() {
            seen.failure = failure;
        }
        drop(seen);
        self.changed.notify_waiters();
    }

    /// The authentication, TLS or plaintext-to-TLS failure seen since the last success.
    pub(super) fn failure(&self) -> Option<ConnectionError> {
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .failure
            .clone()
    }

    /// The last connection failure librdkafka reported, as a [`ConnectionErrorKind::Timeout`].
    pub(super) fn timeout(&self) -> ConnectionError {
        let last = self
            .seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .last
            .clone();
        ConnectionError {
            kind: ConnectionErrorKind::Timeout,
            reason: last.unwrap_or_default(),
        }
    }

    /// A request succeeded: earlier failures are over.
    pub(super) fn succeeded(&self) {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).failure = None;
    }

    /// Resolves with the next authentication or TLS failure (at once if one was seen).
    pub(super) async fn fatal(&self) -> ConnectionError {
        loop {
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if let Some(failure) = self.failure() {
                if failure.kind != ConnectionErrorKind::PlaintextToTls {
                    return failure;
                }
            }
            changed.await;
        }
    }
}

impl ClientContext for ConnectionWatch {
    fn log(&self, level: RDKafkaLogLevel, fac: &str, log_message: &str) {
        if fac == "FAIL" {
            // "Disconnected: connection reset by peer (after 1ms in state APIVERSION_QUERY)":
            // the listener dropped the first request, as a TLS listener does with plaintext.
            let first_request =
                log_message.contains("APIVERSION_QUERY") || log_message.contains("ApiVersion");
            let failure = (self.plaintext && first_request).then(|| ConnectionError {
                kind: ConnectionErrorKind::PlaintextToTls,
                reason: log_message.to_owned(),
            });
            self.record(failure, log_message);
        }
        // The client logs at Info so that the FAIL lines above reach this watch; only warnings
        // and errors go on, as with the builders' log level before.
        if (level as i32) <= (RDKafkaLogLevel::Warning as i32) {
            DefaultClientContext.log(level, fac, log_message);
        }
    }

    fn error(&self, error: KafkaError, reason: &str) {
        let kind = match error.rdkafka_error_code() {
            Some(RDKafkaErrorCode::Authentication) => Some(ConnectionErrorKind::Authentication),
            Some(RDKafkaErrorCode::SSL) => Some(ConnectionErrorKind::Tls),
            _ => None,
        };
        let failure = kind.map(|kind| ConnectionError {
            kind,
            reason: reason.to_owned(),
        });
        self.record(failure, reason);
        DefaultClientContext.error(error, reason);
    }
}

impl ConsumerContext for ConnectionWatch {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_recognised() {
        for key in [
            "sasl.password",
            "ssl.key.password",
            "ssl.keystore.password",
            "ssl.key.pem",
            "sasl.oauthbearer.client.secret",
            "sasl.oauthbearer.config",
            "sasl.pasword",
            "SASL.PASSWORD",
        ] {
            assert!(is_secret(key), "{key}");
        }
        for key in [
            "sasl.username",
            "sasl.mechanism",
            "security.protocol",
            "ssl.ca.location",
            "bootstrap.servers",
        ] {
            assert!(!is_secret(key), "{key}");
        }
    }

    #[test]
    fn configuration_errors_do_not_repeat_secrets() {
        let mut config = ClientConfig::new();
        config
            .set("sasl.password", "hunter2-secret")
            .set("sasl.pasword", "hunter2-secret");
        let error = config
            .create_native_config()
            .map(|_| ())
            .expect_err("sasl.pasword is not a librdkafka property");
        let text = format!(
            "{} {:?}",
            scrubbed(error.clone(), &config),
            scrubbed(error, &config)
        );
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("sasl.pasword"), "the key is named: {text}");
        let shown = format!("{:?}", redacted(&config));
        assert!(!shown.contains("hunter2"), "{shown}");
    }
}
