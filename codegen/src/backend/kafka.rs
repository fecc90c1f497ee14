//! The Kafka record layout of the workflow-event envelope, derived from the IR: what the Python
//! helper (`kafka.py`) and the TypeScript one (`src/kafka.ts`) write and the AsyncAPI document
//! describes. The Rust helper (`src/kafka/`) writes the same layout; `tests/kafka.rs`,
//! `tests/kafka/` and `tests/typescript/kafka_broker.test.ts` check that the languages agree
//! byte for byte.
//!
//! Mirrored headers, the one rule: a root property whose wire name is a W3C Trace Context
//! header name ([`TRACE_CONTEXT_HEADERS`]) and whose type is a string is also written as a
//! Kafka header of the same name (value: the property's text as UTF-8) whenever the event has
//! it, because that is where OpenTelemetry's Kafka instrumentations read the trace context. A
//! schema version without such a property mirrors nothing (v1.0); v1.1 mirrors `traceparent`.

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::{environment, render_template};
use crate::error::Result;
use crate::ir;

pub use crate::ir::TRACE_CONTEXT_HEADERS;

/// The envelope of `module`, or an error for the backend `backend` (lowering found it for
/// every envelope; a module that is none has no Kafka helper).
fn envelope<'m>(module: &'m ir::Module, backend: &'static str) -> Result<&'m ir::Envelope> {
    module
        .envelope
        .as_ref()
        .ok_or_else(|| crate::error::Error::Backend {
            file: module.schema_path.clone(),
            backend,
            message:
                "the Kafka helper needs an envelope (a schema version, or a root with `metadata`)"
                    .into(),
        })
}

/// The root fields mirrored as headers, in schema order (the envelope's `mirrored` roles).
pub fn mirrored_fields(module: &ir::Module) -> Vec<&ir::Field> {
    let (Some(envelope), ir::TypeKind::Object(root)) = (&module.envelope, &module.root_type().kind)
    else {
        return Vec::new();
    };
    root.fields
        .iter()
        .filter(|f| {
            envelope
                .mirrored
                .iter()
                .any(|r| r.path == [f.wire_name.as_str()])
        })
        .collect()
}

/// Where an event's `event_type` is, as keys from the root (`["event_type"]`, or
/// `["payload", "event_type"]` for a typed-payload envelope). `None`: no envelope.
pub fn event_type_path(module: &ir::Module) -> Option<Vec<String>> {
    module.envelope.as_ref().map(|e| e.event_type.path.clone())
}

/// The schema version the Kafka helper reads: the version directory's, else (a schema in no
/// version directory, such as a fixture) the string default of `metadata.version`.
pub fn helper_version(module: &ir::Module) -> Option<String> {
    module
        .version
        .clone()
        .or_else(|| module.envelope.as_ref()?.version.default.clone())
}

const PYTHON_TEMPLATE: (&str, &str) = (
    "kafka.py.j2",
    include_str!("../../templates/python/kafka.py.j2"),
);

#[derive(Serialize)]
struct PythonContext {
    header: String,
    /// Every W3C Trace Context header name, as a Python tuple literal.
    trace_context: String,
    /// How `kafka.py` imports the version modules and `_versions`.
    imports: String,
    /// `MIRRORED_HEADERS = (...)`: the newest version's mirrored header names.
    mirrored: String,
    /// The `_LAYOUTS = {...}` statement: each version's model → where its event type is and
    /// which properties it mirrors as headers.
    layouts: String,
}

fn python_tuple<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items
        .into_iter()
        .map(|s| serde_json::Value::from(s).to_string())
        .collect();
    match items.len() {
        0 => "()".to_string(),
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(", ")),
    }
}

/// One version of a Python package, as `kafka.py` imports it.
pub struct PythonVersion<'a> {
    /// Its IR.
    pub module: &'a ir::Module,
    /// The module of the package holding its models: `models` (a one-schema package) or its
    /// subpackage, `v1_0`.
    pub import: String,
    /// Its root model's class name.
    pub class: String,
}

/// `kafka.py` of a Python package holding `versions` (each a workflow-event envelope), read
/// by `_versions.parse_any`.
pub fn python_helper(versions: &[PythonVersion<'_>], header: &str) -> Result<String> {
    let module_of = |v: &PythonVersion<'_>| v.import.clone();
    let mut entries = Vec::new();
    let mut newest_mirrored = "()".to_string();
    for version in versions {
        let envelope = envelope(version.module, "python")?;
        if helper_version(version.module).is_none() {
            return Err(crate::error::Error::Backend {
                file: version.module.schema_path.clone(),
                backend: "python",
                message: "the Kafka helper needs a schema version".into(),
            });
        }
        let class = &version.class;
        let event_type = python_tuple(envelope.event_type.path.iter().map(String::as_str));
        newest_mirrored = python_tuple(envelope.mirrored.iter().map(|r| r.path[0].as_str()));
        entries.push(format!(
            "    {}.{class}: _Layout({event_type}, {newest_mirrored}),",
            module_of(version)
        ));
    }
    let mut modules: Vec<String> = versions.iter().map(module_of).collect();
    modules.sort();
    let env = environment(&[PYTHON_TEMPLATE])?;
    let context = PythonContext {
        header: header.to_string(),
        trace_context: python_tuple(TRACE_CONTEXT_HEADERS.iter().copied()),
        imports: format!(
            "from . import {}\nfrom ._versions import SCHEMA_VERSIONS, AnyWorkflowEvent, parse_any",
            modules.join(", ")
        ),
        mirrored: newest_mirrored,
        layouts: format!(
            "_LAYOUTS: dict[type[AnyWorkflowEvent], _Layout] = {{\n{}\n}}",
            entries.join("\n")
        ),
    };
    render_template(&env, PYTHON_TEMPLATE.0, &context)
}

/// Whether the module is an envelope (lowering refused an envelope lacking a role, naming it).
pub fn check_record_fields(module: &ir::Module) -> std::result::Result<(), String> {
    module
        .envelope
        .as_ref()
        .map(|_| ())
        .ok_or_else(|| "the Kafka record layout needs an envelope".to_string())
}

/// The wire name of the field every event of one business transaction shares, if the
/// version has one (`correlation_id`, v1.1+).
pub fn correlation_field(module: &ir::Module) -> Option<&str> {
    module
        .envelope
        .as_ref()?
        .correlation
        .as_ref()
        .map(|r| r.path[0].as_str())
}

/// A JSON Schema of the string header copied from `role`: its enum values (or union tags) when
/// it is an enum, its pattern and format when it has them.
fn header_from_role(
    module: &ir::Module,
    role: &ir::Role,
    description: &str,
) -> std::result::Result<Value, String> {
    let wire = role.path.join(".");
    let mut schema = Map::new();
    schema.insert("type".into(), json!("string"));
    schema.insert("description".into(), json!(description));
    match &role.ty {
        ir::Type::Union(union) => {
            let tags: Vec<&str> = union.variants.iter().map(|v| v.tag.as_str()).collect();
            schema.insert("enum".into(), json!(tags));
        }
        ir::Type::String(string) => {
            if let Some(pattern) = &string.pattern {
                schema.insert("pattern".into(), json!(pattern));
            }
            if let Some(format) = string.format {
                schema.insert(
                    "format".into(),
                    serde_json::to_value(format).unwrap_or_default(),
                );
            }
        }
        ir::Type::Ref(name) => match module.get(name).map(|t| &t.kind) {
            Some(ir::TypeKind::Enum(e)) => {
                let values: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                schema.insert("enum".into(), json!(values));
            }
            _ => {
                return Err(format!(
                    "root property `{wire}` is not a string or a string enum"
                ))
            }
        },
        _ => {
            return Err(format!(
                "root property `{wire}` is not a string or a string enum"
            ))
        }
    }
    Ok(Value::Object(schema))
}

/// The headers of a record as one JSON Schema object (for the AsyncAPI message `headers`):
/// required `content-type`, `event_type`, `source`, `schema_version`; the mirrored trace
/// context headers of this version and the opt-in CloudEvents `ce_*` headers optional.
pub fn headers_schema(module: &ir::Module) -> std::result::Result<Value, String> {
    let envelope = module
        .envelope
        .as_ref()
        .ok_or("the Kafka record layout needs an envelope")?;
    let mut properties = Map::new();
    properties.insert(
        "content-type".into(),
        json!({ "type": "string", "const": "application/json", "description": "The value's media type (also the CloudEvents datacontenttype)." }),
    );
    properties.insert(
        "event_type".into(),
        header_from_role(module, &envelope.event_type, "The event's event_type.")?,
    );
    properties.insert(
        "source".into(),
        header_from_role(module, &envelope.source, "The event's source.")?,
    );
    properties.insert(
        "schema_version".into(),
        json!({
            "type": "string",
            "pattern": "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)$",
            "description": "The event's metadata.version: the schema version it is read with."
        }),
    );
    for role in &envelope.mirrored {
        let name = &role.path[0];
        let description = format!(
            "The event's {name} (W3C Trace Context), written when the event has one; where OpenTelemetry's Kafka instrumentation reads it."
        );
        properties.insert(name.clone(), header_from_role(module, role, &description)?);
    }
    let ce = [
        (
            "ce_specversion",
            json!({ "type": "string", "const": "1.0", "description": "Opt-in CloudEvents binary mode: the CloudEvents version." }),
        ),
        (
            "ce_id",
            header_from_role(
                module,
                &envelope.event_id,
                "Opt-in CloudEvents: the event's event_id.",
            )?,
        ),
        (
            "ce_source",
            header_from_role(
                module,
                &envelope.source,
                "Opt-in CloudEvents: the event's source (a URI-reference).",
            )?,
        ),
        (
            "ce_type",
            header_from_role(
                module,
                &envelope.event_type,
                "Opt-in CloudEvents: the event's event_type.",
            )?,
        ),
        (
            "ce_time",
            header_from_role(
                module,
                &envelope.timestamp,
                "Opt-in CloudEvents: the event's timestamp, as written in the value.",
            )?,
        ),
    ];
    for (name, schema) in ce {
        properties.insert(name.into(), schema);
    }
    Ok(json!({
        "type": "object",
        "description": "Kafka record headers (UTF-8 values), in the order listed.",
        "required": ["content-type", "event_type", "source", "schema_version"],
        "properties": properties
    }))
}
