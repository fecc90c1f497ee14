//! Reading a Kafka message value into a typed event, dispatching on its declared schema version.

use std::fmt;

use rdkafka::message::{BorrowedMessage, Message, OwnedMessage};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{ValidationErrors, WorkflowEvent};

/// Why a message could not be read; written as the `error_type` header of a dead-lettered message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecodeErrorKind {
    /// The value is not well-formed JSON (or the message has no value).
    JsonInvalid,
    /// Well-formed JSON that the schema rejects (missing field, unknown `event_type`, ...).
    ValidationFailed,
    /// `metadata.version` names a major version this reader does not know.
    UnknownVersion,
}

impl DecodeErrorKind {
    /// The wire name: `json_invalid`, `validation_failed` or `unknown_version`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecodeErrorKind::JsonInvalid => "json_invalid",
            DecodeErrorKind::ValidationFailed => "validation_failed",
            DecodeErrorKind::UnknownVersion => "unknown_version",
        }
    }
}

impl fmt::Display for DecodeErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a message, in the cross-language `{type, loc, msg}` form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorEntry {
    /// The pydantic-core error type, e.g. `missing` or `enum`, or `unknown_version`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Property names and array indices from the root of the event.
    pub loc: Vec<Value>,
    /// A human-readable message.
    pub msg: String,
}

/// A message that is not a readable event: the kind and every error found.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeError {
    /// Why the message could not be read.
    pub kind: DecodeErrorKind,
    /// Every error, in the contract's order.
    pub errors: Vec<ErrorEntry>,
}

impl DecodeError {
    /// The errors as a compact JSON array (the `errors` header of a dead-lettered message).
    pub fn errors_json(&self) -> String {
        serde_json::to_string(&self.errors).expect("error entries always serialize")
    }

    fn from_validation(errors: &ValidationErrors) -> Self {
        let errors: Vec<ErrorEntry> = errors
            .errors()
            .iter()
            .map(|e| {
                serde_json::to_value(e)
                    .and_then(serde_json::from_value)
                    .expect("a validation error serializes to {type, loc, msg}")
            })
            .collect();
        let kind = if !errors.is_empty() && errors.iter().all(|e| e.kind == "json_invalid") {
            DecodeErrorKind::JsonInvalid
        } else {
            DecodeErrorKind::ValidationFailed
        };
        DecodeError { kind, errors }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.errors_json())
    }
}

impl std::error::Error for DecodeError {}

/// The major versions this reader understands; a version is `MAJOR` or `MAJOR.MINOR...`.
const KNOWN_MAJORS: &[&str] = &["1"];

/// What [`decode`] reads: a Kafka message (its value; none reads as empty) or the value bytes.
pub trait MessageValue {
    /// The bytes to decode.
    fn message_value(&self) -> &[u8];
}

impl MessageValue for [u8] {
    fn message_value(&self) -> &[u8] {
        self
    }
}

impl<const N: usize> MessageValue for [u8; N] {
    fn message_value(&self) -> &[u8] {
        self
    }
}

impl MessageValue for Vec<u8> {
    fn message_value(&self) -> &[u8] {
        self
    }
}

impl MessageValue for str {
    fn message_value(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl MessageValue for String {
    fn message_value(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl MessageValue for BorrowedMessage<'_> {
    fn message_value(&self) -> &[u8] {
        self.payload().unwrap_or_default()
    }
}

impl MessageValue for OwnedMessage {
    fn message_value(&self) -> &[u8] {
        self.payload().unwrap_or_default()
    }
}

/// Reads a message (or its value bytes) into an event: `decode(&message)`.
///
/// The reader is chosen by the major part of `metadata.version` (the text before the first
/// `.`; an absent version is the schema default `1.0`): `1` reads with the v1.0 reader, which
/// accepts every 1.x event because minor versions are backward compatible. Any other version
/// string is [`DecodeErrorKind::UnknownVersion`]. When the version cannot be found (malformed
/// JSON, `metadata` or `version` of the wrong type) the v1.0 reader runs and reports what is
/// wrong; a message without a value is [`DecodeErrorKind::JsonInvalid`].
pub fn decode<M: MessageValue + ?Sized>(message: &M) -> Result<WorkflowEvent, DecodeError> {
    let value = message.message_value();
    if let Some(version) = declared_version(value) {
        let major = version.split('.').next().unwrap_or_default();
        if !KNOWN_MAJORS.contains(&major) {
            return Err(DecodeError {
                kind: DecodeErrorKind::UnknownVersion,
                errors: vec![ErrorEntry {
                    kind: "unknown_version".to_owned(),
                    loc: vec![Value::from("metadata"), Value::from("version")],
                    msg: format!(
                        "no reader for schema version {version:?} (known major versions: {})",
                        KNOWN_MAJORS.join(", ")
                    ),
                }],
            });
        }
    }
    // Every known major is 1 for now; the versions work adds a match on `major` here.
    WorkflowEvent::from_slice(value).map_err(|e| DecodeError::from_validation(&e))
}

/// `metadata.version` when the value is a JSON object whose `metadata` is an object whose
/// `version` is a string or absent (then the default `1.0`); `None` when it cannot be told.
fn declared_version(value: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Envelope {
        metadata: Option<Value>,
    }
    let envelope: Envelope = serde_json::from_slice(value).ok()?;
    match envelope.metadata? {
        Value::Object(metadata) => match metadata.get("version") {
            None => Some("1.0".to_owned()),
            Some(Value::String(version)) => Some(version.clone()),
            Some(_) => None,
        },
        _ => None,
    }
}
