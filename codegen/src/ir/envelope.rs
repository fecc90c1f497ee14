//! The envelope: where the Kafka record layout finds what it writes besides the value (the key,
//! the headers, the version a consumer reads the event with), found once per schema with one
//! rule and handed to every backend ([`super::Module::envelope`]).
//!
//! Every schema version under `schema/` is an envelope, and so is any schema whose root has a
//! `metadata` property (a fixture that opts in). Its roles, all read from the event's JSON:
//!
//! | role | where | why |
//! |---|---|---|
//! | key | `workflow_run_id` | every event of a run on one partition, in order |
//! | `event_type` header | `event_type`, or the tag of a root union discriminated by `event_type` | routing without parsing the value |
//! | `source` header | `source` | |
//! | `schema_version` header | `metadata.version` | the version a consumer reads the event with |
//! | `ce_id`, `ce_time` (opt-in CloudEvents) | `event_id`, `timestamp` | |
//! | mirrored headers | a root string property named as a W3C Trace Context header | where OpenTelemetry's Kafka instrumentations read the trace context |
//! | correlation (AsyncAPI) | `correlation_id`, if any | |
//!
//! The one rule: a role other than the mirrored headers and the correlation is a string the
//! event always has (required, or filled by a default or a factory). A schema that breaks it is
//! refused by lowering, naming the pointer, in every language.

use serde::Serialize;

use super::{Field, Module, Object, Type, TypeKind};
use crate::error::{Error, Result};

/// The W3C Trace Context header names (<https://www.w3.org/TR/trace-context/>): the only
/// property names the mirroring rule looks for.
pub const TRACE_CONTEXT_HEADERS: &[&str] = &["traceparent", "tracestate"];

/// Where each part of the Kafka record comes from in the event's JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Envelope {
    /// The record key: `workflow_run_id`.
    pub key: Role,
    /// `event_type` (or `payload.event_type`, the tag of a union).
    pub event_type: Role,
    /// `source`.
    pub source: Role,
    /// `metadata.version`.
    pub version: Role,
    /// `event_id`.
    pub event_id: Role,
    /// `timestamp`.
    pub timestamp: Role,
    /// The root properties mirrored as headers, in schema order (may be none).
    pub mirrored: Vec<Role>,
    /// `correlation_id`, if the schema has it.
    pub correlation: Option<Role>,
}

/// One part of the record, found in the schema.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Role {
    /// The wire names from the root to the value (`["metadata", "version"]`).
    pub path: Vec<String>,
    /// JSON pointer of the property's schema.
    pub pointer: String,
    /// The property's type (for the event type of a typed-payload envelope: the union).
    pub ty: Type,
    /// The property's static `default`, if it is a string (`metadata.version`'s gives the version
    /// of a schema in no version directory).
    pub default: Option<String>,
}

impl Envelope {
    /// Whether `module` must be an envelope: a schema version, or a root with `metadata`.
    pub fn applies(module: &Module) -> bool {
        module.version.is_some() || root(module).is_some_and(|r| field(r, "metadata").is_some())
    }

    /// The envelope of `module`, or an error naming the first role it lacks.
    pub fn of(module: &Module) -> Result<Envelope> {
        let need = |pointer: &str, path: &str| {
            Error::Schema {
            file: module.schema_path.clone(),
            pointer: pointer.to_string(),
            keyword: "properties".into(),
            message: format!(
                "the Kafka record layout reads `{path}` from every event: it must be a string property the event always has (required, or with a default)"
            ),
        }
        };
        let root_object = root(module).ok_or_else(|| need("", "workflow_run_id"))?;
        let string_role = |object: &Object, owner: &str, path: &[&str]| -> Result<Role> {
            let name = path.last().copied().unwrap_or_default();
            let found = field(object, name)
                .filter(|f| always(f) && is_string(module, &f.ty))
                .ok_or_else(|| need(&format!("{owner}/properties/{name}"), &path.join(".")))?;
            Ok(role(path, found))
        };
        let key = string_role(root_object, "", &["workflow_run_id"])?;
        let source = string_role(root_object, "", &["source"])?;
        let event_id = string_role(root_object, "", &["event_id"])?;
        let timestamp = string_role(root_object, "", &["timestamp"])?;
        let event_type = match string_role(root_object, "", &["event_type"]) {
            Ok(role) => role,
            Err(err) => tagged_event_type(module, root_object).ok_or(err)?,
        };
        let metadata = field(root_object, "metadata")
            .filter(|f| always(f))
            .and_then(|f| named_object(module, &f.ty))
            .ok_or_else(|| need("/properties/metadata", "metadata.version"))?;
        let version = string_role(metadata.1, &metadata.0, &["metadata", "version"])?;
        let mirrored = root_object
            .fields
            .iter()
            .filter(|f| {
                TRACE_CONTEXT_HEADERS.contains(&f.wire_name.as_str())
                    && matches!(f.ty, Type::String(_))
            })
            .map(|f| role(&[f.wire_name.as_str()], f))
            .collect();
        let correlation =
            field(root_object, "correlation_id").map(|f| role(&["correlation_id"], f));
        Ok(Envelope {
            key,
            event_type,
            source,
            version,
            event_id,
            timestamp,
            mirrored,
            correlation,
        })
    }
}

fn role(path: &[&str], field: &Field) -> Role {
    Role {
        path: path.iter().map(|s| s.to_string()).collect(),
        pointer: field.pointer.clone(),
        ty: field.ty.clone(),
        default: field
            .default
            .as_ref()
            .and_then(|d| d.as_str())
            .map(str::to_string),
    }
}

/// The event type of a typed-payload envelope: a required root property whose type is a union
/// discriminated by `event_type` (`payload.event_type`).
fn tagged_event_type(module: &Module, root: &Object) -> Option<Role> {
    root.fields.iter().find_map(|f| {
        let union = match &f.ty {
            Type::Union(u) => u,
            Type::Ref(name) => match module.get(name).map(|t| &t.kind) {
                Some(TypeKind::Alias(Type::Union(u))) => u,
                _ => return None,
            },
            _ => return None,
        };
        (f.required && union.discriminator.as_deref() == Some("event_type")).then(|| Role {
            path: vec![f.wire_name.clone(), "event_type".to_string()],
            pointer: union.pointer.clone(),
            ty: Type::Union(union.clone()),
            default: None,
        })
    })
}

fn root(module: &Module) -> Option<&Object> {
    match &module.root_type().kind {
        TypeKind::Object(o) => Some(o),
        _ => None,
    }
}

fn field<'o>(object: &'o Object, wire: &str) -> Option<&'o Field> {
    object.fields.iter().find(|f| f.wire_name == wire)
}

/// Always in the event: required, or filled when absent.
fn always(field: &Field) -> bool {
    field.required || field.default.is_some() || field.default_factory.is_some()
}

/// The object a property refers to, with the pointer of its schema.
fn named_object<'m>(module: &'m Module, ty: &Type) -> Option<(String, &'m Object)> {
    match ty {
        Type::Ref(name) => match &module.get(name)?.kind {
            TypeKind::Object(o) => Some((module.get(name)?.pointer.clone(), o)),
            TypeKind::Alias(inner) => named_object(module, inner),
            TypeKind::Enum(_) => None,
        },
        _ => None,
    }
}

/// A string, a string constant, or a string enum (through aliases).
fn is_string(module: &Module, ty: &Type) -> bool {
    match ty {
        Type::String(_) | Type::Const(serde_json::Value::String(_)) => true,
        Type::Ref(name) => match module.get(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Alias(inner)) => is_string(module, inner),
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::Value;

    use crate::schema::{load, Loaded};

    fn repo() -> &'static Path {
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
    }

    fn v1_1() -> Loaded {
        let root = repo();
        load(&root.join("schema/v1.1/workflow_event.schema.json"), root).unwrap()
    }

    fn paths(roles: &[&super::Role]) -> Vec<String> {
        roles.iter().map(|r| r.path.join(".")).collect()
    }

    #[test]
    fn the_roles_of_a_version() {
        let module = crate::ir::lower(&v1_1()).unwrap();
        let e = module.envelope.expect("a version is an envelope");
        assert_eq!(
            paths(&[
                &e.key,
                &e.event_type,
                &e.source,
                &e.version,
                &e.event_id,
                &e.timestamp
            ]),
            [
                "workflow_run_id",
                "event_type",
                "source",
                "metadata.version",
                "event_id",
                "timestamp"
            ]
        );
        assert_eq!(
            paths(&e.mirrored.iter().collect::<Vec<_>>()),
            ["traceparent"]
        );
        assert_eq!(
            e.correlation.map(|r| r.path),
            Some(vec!["correlation_id".to_string()])
        );
        assert_eq!(
            e.version.pointer,
            "/$defs/WorkflowEventMetadata/properties/version"
        );
    }

    #[test]
    fn a_typed_payload_carries_the_event_type_as_its_tag() {
        let root = repo();
        let loaded = load(
            &root.join("tests/fixtures/schemas/union_envelope.json"),
            root,
        )
        .unwrap();
        let e = crate::ir::lower(&loaded).unwrap().envelope.unwrap();
        assert_eq!(e.event_type.path, ["payload", "event_type"]);
        assert_eq!(e.version.default.as_deref(), Some("2.0"));
    }

    #[test]
    fn a_version_without_a_role_is_refused_naming_where() {
        for (remove, pointer) in [
            ("source", "/properties/source"),
            ("workflow_run_id", "/properties/workflow_run_id"),
            ("event_type", "/properties/event_type"),
        ] {
            let mut loaded = v1_1();
            let Value::Object(root) = &mut loaded.value else {
                panic!()
            };
            root["properties"]
                .as_object_mut()
                .unwrap()
                .shift_remove(remove);
            let required = root["required"].as_array_mut().unwrap();
            required.retain(|r| r != remove);
            let err = crate::ir::lower(&loaded).unwrap_err().to_string();
            assert!(
                err.starts_with(&format!(
                    "schema/v1.1/workflow_event.schema.json#{pointer}: "
                )),
                "{err}"
            );
            assert!(
                err.contains(&format!("reads `{remove}` from every event")),
                "{err}"
            );
        }
        // Optional is not enough: the key must be in every event.
        let mut loaded = v1_1();
        let required = loaded.value["required"].as_array_mut().unwrap();
        required.retain(|r| r != "source");
        let err = crate::ir::lower(&loaded).unwrap_err().to_string();
        assert!(err.contains("#/properties/source"), "{err}");
    }
}
