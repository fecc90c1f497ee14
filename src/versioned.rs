//! Reading an event of any schema version: [`parse_any`] looks at `metadata.version` and parses
//! the event with that version's types, returning an [`AnyWorkflowEvent`].
//!
//! How the version is chosen (a version is `<major>.<minor>`):
//! - a version this build has (`"1.0"`, `"1.1"`): exactly its types;
//! - an unknown minor of a known major: the oldest known minor above it, else the newest of
//!   that major (within a major every version reads every earlier one, see
//!   `schema/compat-policy.json`; reading a *newer* minor is best effort and may fail
//!   validation, e.g. on an event type this build does not know);
//! - no `metadata.version` at all: the newest version of major 1 (the seed's default is
//!   `"1.0"`, and the newest 1.x reads every 1.x event);
//! - an unknown major, or a version that is not `<major>.<minor>` (decimal numbers without
//!   leading zeros, so not `"1"`, `"01.0"` or `"1.0.0"`): [`UnknownVersion`];
//! - not JSON, not an object, or `metadata.version` not a string: the newest version's
//!   validation errors (the same `json_invalid` / `model_type` / `string_type` every language
//!   reports).

use std::fmt;

use serde_json::Value;

use crate::ValidationErrors;

/// Declares [`AnyWorkflowEvent`] over the version modules. build.rs invokes it with every
/// `schema/v*/` directory (`$OUT_DIR/versioned.rs`: `versioned!(v1_0 => V1_0, v1_1 => V1_1);`),
/// so a new version directory is dispatched to without editing this file.
macro_rules! versioned {
    ($($module:ident => $variant:ident),+ $(,)?) => {
        /// An event of any known schema version, parsed with that version's types.
        ///
        /// A variant is added for every new schema version, so a `match` outside this crate
        /// needs a wildcard arm; [`version`](Self::version), [`to_json`](Self::to_json) and
        /// [`into_latest`](Self::into_latest) work on every variant.
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum AnyWorkflowEvent {
            $(
                #[doc = concat!("An event read with `", stringify!($module), "`'s types.")]
                $variant(crate::$module::Event),
            )+
        }

        /// The versions [`parse_any`] dispatches to, oldest first.
        const DISPATCH: &[&str] = &[$(crate::$module::VERSION),+];

        fn read_slice_as(version: &str, bytes: &[u8]) -> Option<Result<AnyWorkflowEvent, ValidationErrors>> {
            $(
                if version == crate::$module::VERSION {
                    return Some(crate::$module::Event::from_slice(bytes).map(AnyWorkflowEvent::$variant));
                }
            )+
            None
        }

        fn read_as(version: &str, value: Value) -> Option<Result<AnyWorkflowEvent, ValidationErrors>> {
            $(
                if version == crate::$module::VERSION {
                    return Some(crate::$module::Event::from_value(value).map(AnyWorkflowEvent::$variant));
                }
            )+
            None
        }

        impl AnyWorkflowEvent {
            /// The schema version whose types hold the event (`"1.1"`).
            pub fn version(&self) -> &'static str {
                match self {
                    $(AnyWorkflowEvent::$variant(_) => crate::$module::VERSION,)+
                }
            }

            /// Compact JSON in the event's own version (as its `to_json()` writes it).
            pub fn to_json(&self) -> String {
                match self {
                    $(AnyWorkflowEvent::$variant(e) => e.to_json(),)+
                }
            }

            /// The event as a JSON value.
            pub fn to_value(&self) -> Value {
                match self {
                    $(AnyWorkflowEvent::$variant(e) => e.to_value(),)+
                }
            }
        }

        $(
            impl From<crate::$module::Event> for AnyWorkflowEvent {
                fn from(event: crate::$module::Event) -> AnyWorkflowEvent {
                    AnyWorkflowEvent::$variant(event)
                }
            }
        )+

        // What the Kafka producer can send: every version's event, and any of them.
        #[cfg(feature = "kafka")]
        const _: () = {
            $(
                impl crate::kafka::sealed::Sealed for crate::$module::Event {}
                impl crate::kafka::KafkaEvent for crate::$module::Event {
                    fn to_json(&self) -> String {
                        crate::$module::Event::to_json(self)
                    }
                    fn envelope(&self) -> &'static crate::Envelope {
                        &crate::$module::ENVELOPE
                    }
                }
            )+
            impl crate::kafka::sealed::Sealed for AnyWorkflowEvent {}
            impl crate::kafka::KafkaEvent for AnyWorkflowEvent {
                fn to_json(&self) -> String {
                    AnyWorkflowEvent::to_json(self)
                }
                fn envelope(&self) -> &'static crate::Envelope {
                    match self {
                        $(AnyWorkflowEvent::$variant(_) => &crate::$module::ENVELOPE,)+
                    }
                }
            }
        };
    };
}

// `versioned!(v1_0 => V1_0, v1_1 => V1_1);`, one entry per schema/v*/ directory (build.rs).
include!(concat!(env!("OUT_DIR"), "/versioned.rs"));

impl AnyWorkflowEvent {
    /// The event as the newest version's type: read again with the newest types (every
    /// property kept, `metadata.version` unchanged). Within a major version this always
    /// succeeds (BACKWARD_TRANSITIVE policy); across majors it may fail.
    pub fn into_latest(self) -> Result<crate::latest::Event, ValidationErrors> {
        crate::latest::Event::from_value(self.to_value())
    }
}

/// `metadata.version` names no version this build can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVersion {
    /// The version the event claims, as written.
    pub version: String,
    /// The versions this build can read.
    pub known: &'static [&'static str],
}

impl fmt::Display for UnknownVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown schema version {:?} in metadata.version (this build reads {})",
            self.version,
            self.known.join(", ")
        )
    }
}

impl std::error::Error for UnknownVersion {}

/// Why [`parse_any`] failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// The event is not valid under the version it was read with.
    Invalid {
        /// The version whose types were used.
        version: &'static str,
        /// Every problem, as every language reports them.
        errors: ValidationErrors,
    },
    /// The event's version is not one this build can read.
    UnknownVersion(UnknownVersion),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Invalid { version, errors } => {
                write!(f, "invalid event (schema v{version}): {errors}")
            }
            ReadError::UnknownVersion(u) => u.fmt(f),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Invalid { errors, .. } => Some(errors),
            ReadError::UnknownVersion(u) => Some(u),
        }
    }
}

impl From<UnknownVersion> for ReadError {
    fn from(u: UnknownVersion) -> ReadError {
        ReadError::UnknownVersion(u)
    }
}

fn key(version: &str) -> Option<(u64, u64)> {
    let (major, minor) = version.split_once('.')?;
    // A decimal number without leading zeros: `0`, `1`, `10`; not `01`, `+1` or ``.
    let digits = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
    };
    if !(digits(major) && digits(minor)) {
        return None;
    }
    Some((major.parse().ok()?, minor.parse().ok()?))
}

/// The version whose types read an event claiming `claimed`.
fn choose(claimed: &str) -> Result<&'static str, UnknownVersion> {
    let unknown = || UnknownVersion {
        version: claimed.to_string(),
        known: DISPATCH,
    };
    let want = key(claimed).ok_or_else(unknown)?;
    let same_major: Vec<(&'static str, (u64, u64))> = DISPATCH
        .iter()
        .filter_map(|v| key(v).map(|k| (*v, k)))
        .filter(|(_, k)| k.0 == want.0)
        .collect();
    same_major
        .iter()
        .find(|(_, k)| *k >= want)
        .or(same_major.last())
        .map(|(v, _)| *v)
        .ok_or_else(unknown)
}

/// The newest version of `major` this build has.
fn newest_of_major(major: u64) -> Option<&'static str> {
    DISPATCH
        .iter()
        .rev()
        .find(|v| key(v).is_some_and(|k| k.0 == major))
        .copied()
}

/// Parses JSON bytes as an event of whichever version its `metadata.version` names.
pub fn parse_any(bytes: &[u8]) -> Result<AnyWorkflowEvent, ReadError> {
    // The common case: one syntax pass finds the version, then that version's reader (with
    // its fast path) reads the bytes. Anything else (no plain version string, a repeated
    // name, an invalid event) takes the complete path below, which decides every case.
    // (A repeated name on the version's path also leaves the input to the complete path.)
    let probe = std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| crate::Envelope::strings_at(text, &[VERSION_PATH]))
        .and_then(|found| found.into_iter().next().flatten());
    if let Some(claimed) = probe {
        if let Ok(version) = choose(&claimed) {
            if let Some(Ok(event)) = read_slice_as(version, bytes) {
                return Ok(event);
            }
        }
    }
    parse_any_completely(bytes)
}

/// Where every version keeps its version (`metadata.version`): the newest version's envelope
/// says, and a version that moved it could not be told apart by it anyway.
const VERSION_PATH: &[&str] = crate::latest::ENVELOPE.version;

/// The value at `path` of a JSON value, if every step is an object that has it.
fn value_at<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, name| v.get(name))
}

/// [`parse_any`] deciding every case: parsed once into a value, dispatched on it.
fn parse_any_completely(bytes: &[u8]) -> Result<AnyWorkflowEvent, ReadError> {
    let newest = *DISPATCH.last().expect("at least one version");
    let invalid = |version, errors| ReadError::Invalid { version, errors };
    let Ok(value) = crate::json_text::parse(bytes) else {
        // Let the newest version report `json_invalid` exactly as its reader does.
        return match crate::latest::Event::from_slice(bytes) {
            Err(errors) => Err(invalid(newest, errors)),
            Ok(e) => read_as(crate::latest::VERSION, e.to_value())
                .expect("the latest version dispatches")
                .map_err(|errors| invalid(newest, errors)),
        };
    };
    let (parent, name) = VERSION_PATH.split_at(VERSION_PATH.len() - 1);
    let claimed = match value_at(&value, parent).map(|m| m.get(name[0])) {
        Some(Some(Value::String(v))) => Some(v.clone()),
        Some(Some(_)) | None => {
            // Not an object, no metadata, or a version that is not a string: the newest
            // version's reader reports it.
            return read_as(newest, value)
                .expect("dispatches")
                .map_err(|errors| invalid(newest, errors));
        }
        Some(None) => None,
    };
    let version = match claimed.as_deref() {
        Some(v) => choose(v)?,
        None => newest_of_major(1).ok_or_else(|| UnknownVersion {
            version: String::new(),
            known: DISPATCH,
        })?,
    };
    read_as(version, value)
        .expect("chosen from DISPATCH")
        .map_err(|errors| invalid(version, errors))
}

/// [`parse_any`] for text.
pub fn parse_any_str(json: &str) -> Result<AnyWorkflowEvent, ReadError> {
    parse_any(json.as_bytes())
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;

    fn examples(version: &str) -> Vec<(String, Vec<u8>)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schema")
            .join(format!("v{version}"))
            .join("examples");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn every_schema_version_is_dispatched() {
        assert_eq!(
            DISPATCH,
            crate::VERSIONS,
            "build.rs's $OUT_DIR/versioned.rs must name every schema version"
        );
    }

    #[test]
    fn every_example_is_read_with_the_version_it_names() {
        for version in crate::VERSIONS {
            for (name, bytes) in examples(version) {
                let raw: Value = serde_json::from_slice(&bytes).unwrap();
                let claimed = raw["metadata"]["version"].as_str();
                let event = parse_any(&bytes).unwrap_or_else(|e| panic!("v{version}/{name}: {e}"));
                let expected = match claimed {
                    Some(c) => choose(c).unwrap(),
                    None => newest_of_major(1).unwrap(),
                };
                assert_eq!(event.version(), expected, "v{version}/{name}");
                if let Some(claimed) = claimed {
                    assert_eq!(event.version(), claimed, "v{version}/{name}");
                    assert_eq!(event.to_value()["metadata"]["version"], claimed);
                }
                // The same bytes as that version's own reader and writer.
                let canonical = std::fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join(format!("schema/v{version}/examples/canonical"))
                        .join(&name),
                )
                .unwrap();
                if claimed == Some(version) {
                    assert_eq!(event.to_json(), canonical.trim_end_matches('\n'), "{name}");
                }
                let latest = event.into_latest().unwrap();
                assert_eq!(latest.to_value()["workflow_id"], raw["workflow_id"]);
            }
        }
    }

    #[test]
    fn the_version_picks_the_types() {
        let event = |version: Value, event_type: &str| {
            serde_json::json!({
                "event_type": event_type, "source": "airflow", "workflow_id": "w",
                "workflow_run_id": "r", "payload": {"data": {}},
                "metadata": {"environment": "dev", "version": version},
            })
            .to_string()
        };
        let v10 = parse_any_str(&event("1.0".into(), "workflow.failed")).unwrap();
        assert!(matches!(v10, AnyWorkflowEvent::V1_0(_)));
        let v11 = parse_any_str(&event("1.1".into(), "workflow.cancelled")).unwrap();
        assert!(matches!(v11, AnyWorkflowEvent::V1_1(_)));
        // `workflow.cancelled` is not a 1.0 event type: a 1.0 event using it is invalid.
        match parse_any_str(&event("1.0".into(), "workflow.cancelled")) {
            Err(ReadError::Invalid { version, errors }) => {
                assert_eq!(version, "1.0");
                assert_eq!(errors.errors()[0].error_type, "enum");
            }
            other => panic!("{other:?}"),
        }
        // No version at all: the newest 1.x (the newest version while there is no 2.x).
        let newest = crate::latest::VERSION;
        let mut no_version: Value =
            serde_json::from_str(&event("1.0".into(), "workflow.failed")).unwrap();
        no_version["metadata"]
            .as_object_mut()
            .unwrap()
            .remove("version");
        let read = parse_any_str(&no_version.to_string()).unwrap();
        assert_eq!(read.version(), newest);
        assert_eq!(read.to_value()["metadata"]["version"], newest);
        // A newer minor is read with the newest types of its major.
        assert_eq!(
            parse_any_str(&event("1.999".into(), "workflow.completed"))
                .unwrap()
                .version(),
            newest
        );
        // An unknown major is its own error.
        match parse_any_str(&event("2.0".into(), "workflow.completed")) {
            Err(ReadError::UnknownVersion(u)) => {
                assert_eq!(u.version, "2.0");
                assert_eq!(u.known, crate::VERSIONS);
                assert!(u.to_string().contains("unknown schema version \"2.0\""));
            }
            other => panic!("{other:?}"),
        }
        for not_a_version in [
            "v1",
            "1",
            "01.0",
            "1.00",
            "1.0.0",
            "1.",
            ".1",
            "+1.0",
            " 1.0",
            "1.99999999999999999999",
        ] {
            assert!(
                matches!(
                    parse_any_str(&event(not_a_version.into(), "workflow.completed")),
                    Err(ReadError::UnknownVersion(_))
                ),
                "{not_a_version:?}"
            );
        }
        assert_eq!(
            parse_any_str(&event("1.1000".into(), "workflow.completed"))
                .unwrap()
                .version(),
            newest
        );
    }

    #[test]
    fn the_quick_dispatch_answers_as_the_complete_one() {
        let mut inputs: Vec<Vec<u8>> = DISPATCH
            .iter()
            .flat_map(|version| examples(version))
            .map(|(_, bytes)| bytes)
            .collect();
        let event = |metadata: &str| {
            format!(
                r#"{{"event_type":"workflow.failed","source":"airflow","workflow_id":"w",
                "workflow_run_id":"r","payload":{{"data":{{"k":1.50}}}},{metadata}}}"#
            )
            .into_bytes()
        };
        for metadata in [
            r#""metadata":{"environment":"dev","version":"1.0"}"#,
            r#""metadata":{"environment":"dev","version":"1.1"}"#,
            r#""metadata":{"environment":"dev","version":"1.7"}"#,
            r#""metadata":{"environment":"dev","version":"2.0"}"#,
            r#""metadata":{"environment":"qa","version":"1.0"}"#,
            r#""metadata":{"environment":"dev","version":"1.0","version":"1.1"}"#,
            r#""metadata":{"environment":"dev","version":"1.0"},"metadata":{"environment":"dev","version":"1.1"}"#,
            r#""metadata":{"environment":"dev","versi\u006fn":"1.0"}"#,
            r#""metadata":{"environment":"dev"}"#,
            r#""metadata":{"environment":"dev","version":"1.0"},"x":"\ud800""#,
        ] {
            inputs.push(event(metadata));
        }
        // The answer, generated values (absent `event_id`, `timestamp`) left out.
        let answer = |result: Result<AnyWorkflowEvent, ReadError>| match result {
            Ok(event) => {
                let mut value = event.to_value();
                for generated in ["event_id", "timestamp"] {
                    value.as_object_mut().unwrap().remove(generated);
                }
                format!("{} {value}", event.version())
            }
            Err(error) => format!("{error:?}"),
        };
        for input in inputs {
            assert_eq!(
                answer(parse_any(&input)),
                answer(parse_any_completely(&input)),
                "{}",
                String::from_utf8_lossy(&input)
            );
        }
    }

    #[test]
    fn unreadable_input_gets_the_usual_errors() {
        let first = |input: &str| match parse_any_str(input) {
            Err(ReadError::Invalid { errors, .. }) => (
                errors.errors()[0].error_type.clone(),
                errors.errors()[0]
                    .loc
                    .iter()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>(),
            ),
            other => panic!("{other:?}"),
        };
        assert_eq!(first("{").0, "json_invalid");
        assert_eq!(first("[]").0, "model_type");
        let numeric = r#"{"event_type":"workflow.failed","source":"airflow","workflow_id":"w",
            "workflow_run_id":"r","payload":{"data":{}},"metadata":{"environment":"dev","version":1.0}}"#;
        assert_eq!(
            first(numeric),
            (
                "string_type".to_string(),
                vec!["metadata".to_string(), "version".to_string()]
            )
        );
    }
}
