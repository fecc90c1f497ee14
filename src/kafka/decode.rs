//! Reading a Kafka message value into a typed event, dispatching on its declared schema version.

use std::fmt;

use rdkafka::message::{BorrowedMessage, Message, OwnedMessage};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{AnyWorkflowEvent, ReadError, UnknownVersion, ValidationErrors};

/// Why a message could not be read; written as the `error_type` header of a dead-lettered message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecodeErrorKind {
    /// The value is not well-formed JSON (or the message has no value).
    JsonInvalid,
    /// Well-formed JSON that the schema rejects (missing field, unknown `event_type`, ...).
    ValidationFailed,
    /// `metadata.version` names a major version this build has no reader for, or is not a
    /// `<major>.<minor>` version.
    UnknownVersion,
    /// The value starts with the Confluent magic byte `0` but is shorter than the 5-byte frame
    /// (magic byte + 4-byte schema id). JSON never starts with byte `0`.
    FrameInvalid,
}

impl DecodeErrorKind {
    /// The wire name: `json_invalid`, `validation_failed`, `unknown_version` or `frame_invalid`.
    pub fn as_str(self) -> &'static str {
        match self {
            DecodeErrorKind::JsonInvalid => "json_invalid",
            DecodeErrorKind::ValidationFailed => "validation_failed",
            DecodeErrorKind::UnknownVersion => "unknown_version",
            DecodeErrorKind::FrameInvalid => "frame_invalid",
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

    fn from_unknown_version(unknown: &UnknownVersion) -> Self {
        DecodeError {
            kind: DecodeErrorKind::UnknownVersion,
            errors: vec![ErrorEntry {
                kind: DecodeErrorKind::UnknownVersion.as_str().to_owned(),
                loc: crate::latest::ENVELOPE
                    .version
                    .iter()
                    .map(|name| Value::from(*name))
                    .collect(),
                msg: unknown.to_string(),
            }],
        }
    }
}

/// The first byte of a value in the Confluent Schema Registry wire format.
pub(crate) const CONFLUENT_MAGIC: u8 = 0;

/// Splits a message value into its Confluent schema id and the JSON after it: `(Some(id),
/// json)` for a framed value (magic byte `0`, 4-byte big-endian id), `(None, value)` for a
/// plain one. A value that starts with `0` but has fewer than 5 bytes is
/// [`DecodeErrorKind::FrameInvalid`] (one error at `[]`).
pub fn unframe(value: &[u8]) -> Result<(Option<u32>, &[u8]), DecodeError> {
    match value {
        [CONFLUENT_MAGIC, a, b, c, d, json @ ..] => {
            Ok((Some(u32::from_be_bytes([*a, *b, *c, *d])), json))
        }
        [CONFLUENT_MAGIC, ..] => Err(DecodeError {
            kind: DecodeErrorKind::FrameInvalid,
            errors: vec![ErrorEntry {
                kind: DecodeErrorKind::FrameInvalid.as_str().to_owned(),
                loc: Vec::new(),
                msg: format!(
                    "value starts with the Confluent magic byte 0 but has {} bytes; the frame \
                     is 5 (magic byte and a 4-byte schema id) followed by the JSON event",
                    value.len()
                ),
            }],
        }),
        _ => Ok((None, value)),
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.errors_json())
    }
}

impl std::error::Error for DecodeError {}

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

/// Reads a message (or its value bytes) into an event of its own schema version:
/// `decode(&message)`.
///
/// This is [`parse_any`](crate::parse_any) with Kafka's error kinds: `metadata.version` picks
/// the types (`"1.0"` → [`AnyWorkflowEvent::V1_0`], `"1.1"` → [`AnyWorkflowEvent::V1_1`], a
/// newer minor of a known major → the newest types of that major, no version → the newest
/// 1.x), so an event is validated by the schema it claims: a `"1.0"` event with
/// `workflow.cancelled` (a 1.1 event type) is [`DecodeErrorKind::ValidationFailed`]. A major
/// version this build has no types for, or a version that is not `<major>.<minor>`, is
/// [`DecodeErrorKind::UnknownVersion`] (one error at `["metadata", "version"]`). When the
/// version cannot be found (malformed JSON, `metadata` or `version` of the wrong type) the
/// newest reader reports what is wrong; a message without a value is
/// [`DecodeErrorKind::JsonInvalid`].
///
/// A value in the Confluent Schema Registry wire format (magic byte `0`, 4-byte schema id) is
/// read from the JSON after the frame ([`unframe`]); a frame cut short is
/// [`DecodeErrorKind::FrameInvalid`].
///
/// Every version converts to the newest types with
/// [`into_latest`](AnyWorkflowEvent::into_latest), and re-encodes to the bytes it was read from
/// with [`to_json`](AnyWorkflowEvent::to_json).
pub fn decode<M: MessageValue + ?Sized>(message: &M) -> Result<AnyWorkflowEvent, DecodeError> {
    let (_schema_id, json) = unframe(message.message_value())?;
    crate::parse_any(json).map_err(|error| match error {
        ReadError::Invalid { errors, .. } => DecodeError::from_validation(&errors),
        ReadError::UnknownVersion(unknown) => DecodeError::from_unknown_version(&unknown),
    })
}
