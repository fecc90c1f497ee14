//! The AsyncAPI backend: one AsyncAPI 3.0 document per schema version, `asyncapi.json`
//! (output directory `asyncapi/`), describing the topic as the Kafka helpers of every language
//! use it (`codegen/src/backend/kafka.rs`, `src/kafka/`).
//!
//! - one channel, `workflowEvents` (address and Kafka topic `workflow-events`, the topic the
//!   README uses; deployments may name theirs differently), a `send` and a `receive` operation;
//! - two messages of the same payload: `WorkflowEvent` (the value is the canonical JSON) and
//!   `WorkflowEventConfluent` (the opt-in Confluent Schema Registry framing: Kafka message
//!   binding `schemaIdLocation: payload`, `schemaIdPayloadEncoding: confluent`);
//! - the message key (`workflow_run_id`) in the Kafka message binding; the headers as one
//!   object schema (`WorkflowEventHeaders`): the four written on every record, the mirrored
//!   W3C Trace Context properties of this version, the opt-in CloudEvents `ce_*` headers;
//!   `correlationId` when the version has a `correlation_id`;
//! - the payload: a copy of the version's JSON Schema in the AsyncAPI Schema format (a
//!   superset of draft-07), with `$defs` moved to `components/schemas`, every `$ref`
//!   rewritten to point there, and `$schema` / `$id` dropped (the `$id` is named in
//!   `info.description`), as are the `x-` extension keywords, which Ajv's strict mode refuses
//!   (`schema::published_schema`; `tests/typescript/ajv.test.ts` loads the copy). The IR already refused every keyword whose meaning differs between
//!   2020-12 and draft-07 (`prefixItems`, `unevaluated*`, `dependent*`, `$dynamicRef`, …), and
//!   `$ref` siblings are annotations only, so the copy validates exactly what the schema does.
//!
//! Pure: the document is built from the IR and the loaded schema, in a fixed key order.

use serde_json::{json, Map, Value};

use super::{header_text, kafka, Backend, Files};
use crate::error::{Error, Result};
use crate::ir;
use crate::schema::Loaded;

/// The output directory name under `generated/<version>/`.
pub const NAME: &str = "asyncapi";

/// The Kafka bindings version the document uses.
const KAFKA_BINDING: &str = "0.5.0";

/// The topic (channel address) described.
pub const TOPIC: &str = "workflow-events";

/// The AsyncAPI 3.0 backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct AsyncApi;

impl Backend for AsyncApi {
    fn name(&self) -> &'static str {
        NAME
    }

    fn render(&self, module: &ir::Module, source: &Loaded) -> Result<Files> {
        let document = document(module, source)?;
        let mut text = serde_json::to_string_pretty(&document).map_err(|e| fail(module, e))?;
        text.push('\n');
        let mut files = Files::default();
        files.insert("asyncapi.json", text);
        Ok(files)
    }
}

fn fail(module: &ir::Module, message: impl std::fmt::Display) -> Error {
    Error::Backend {
        file: module.schema_path.clone(),
        backend: NAME,
        message: message.to_string(),
    }
}

fn document(module: &ir::Module, source: &Loaded) -> Result<Value> {
    let version = module.version.clone().ok_or_else(|| {
        fail(
            module,
            "needs a schema version (a `v<major>.<minor>` directory)",
        )
    })?;
    let root_name = module.root.upper_camel();
    let mut schemas = Map::new();
    schemas.insert(
        "WorkflowEventHeaders".into(),
        kafka::headers_schema(module).map_err(|m| fail(module, m))?,
    );
    // Ajv's strict mode refuses the `x-` extension keywords (see `schema::published_schema`).
    let portable = crate::schema::published_schema(&source.value);
    let mut root = portable
        .as_object()
        .cloned()
        .ok_or_else(|| fail(module, "the schema is not an object"))?;
    let defs = root.remove("$defs");
    root.remove("$schema");
    root.remove("$id");
    let mut copy = Map::new();
    copy.insert(root_name.clone(), Value::Object(root));
    if let Some(defs) = defs {
        let Value::Object(defs) = defs else {
            return Err(fail(module, "`$defs` is not an object"));
        };
        for (name, schema) in defs {
            copy.insert(name, schema);
        }
    }
    for (name, mut schema) in copy {
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if !valid {
            return Err(fail(
                module,
                format!(
                    "`$defs/{name}`: AsyncAPI component names are letters, digits, `.`, `-`, `_`"
                ),
            ));
        }
        rewrite_refs(&mut schema, &root_name).map_err(|m| fail(module, m))?;
        if schemas.insert(name.clone(), schema).is_some() {
            return Err(fail(
                module,
                format!("`{name}` is both a `$defs` entry and a generated component"),
            ));
        }
    }

    let payload = json!({ "$ref": format!("#/components/schemas/{root_name}") });
    let headers = json!({ "$ref": "#/components/schemas/WorkflowEventHeaders" });
    let key = json!({
        "type": "string",
        "description": "The event's workflow_run_id (UTF-8): every event of a run lands in one partition, in order."
    });
    let correlation = kafka::correlation_field(module).map(|wire| {
        json!({
            "description": "The event's correlation_id, shared by every event of one business transaction.",
            "location": format!("$message.payload#/{}", crate::schema::pointer::escape(wire))
        })
    });
    let message = |name: &str, title: &str, summary: &str, binding: Value| {
        let mut m = Map::new();
        m.insert("name".into(), json!(name));
        m.insert("title".into(), json!(title));
        m.insert("summary".into(), json!(summary));
        m.insert("contentType".into(), json!("application/json"));
        m.insert("headers".into(), headers.clone());
        m.insert("payload".into(), payload.clone());
        if let Some(c) = &correlation {
            m.insert("correlationId".into(), c.clone());
        }
        m.insert("bindings".into(), json!({ "kafka": binding }));
        Value::Object(m)
    };
    let plain = message(
        "WorkflowEvent",
        "Workflow event",
        "The value is the event's canonical JSON (compact, schema order, UTF-8).",
        json!({ "key": key, "bindingVersion": KAFKA_BINDING }),
    );
    let framed = message(
        "WorkflowEventConfluent",
        "Workflow event, Confluent Schema Registry framing",
        "Opt-in: the value is magic byte 0, the schema id (4 bytes, big-endian), then the canonical JSON. The decoders of every language read both messages.",
        json!({
            "key": key,
            "schemaIdLocation": "payload",
            "schemaIdPayloadEncoding": "confluent",
            "bindingVersion": KAFKA_BINDING
        }),
    );
    let description = format!(
        "{} Generated from {} (`$id` {}). Record layout: key workflow_run_id, value the canonical JSON, headers content-type, event_type, source, schema_version, then the event's W3C Trace Context properties; CloudEvents binary-mode headers (ce_*) and Confluent framing are opt-in.",
        module.root_type().description.clone().unwrap_or_default(),
        module.schema_path,
        module.id.clone().unwrap_or_else(|| "none".into()),
    );
    let channel_messages = json!({
        "workflowEvent": { "$ref": "#/components/messages/WorkflowEvent" },
        "workflowEventConfluent": { "$ref": "#/components/messages/WorkflowEventConfluent" }
    });
    let operation_messages = json!([
        { "$ref": "#/channels/workflowEvents/messages/workflowEvent" },
        { "$ref": "#/channels/workflowEvents/messages/workflowEventConfluent" }
    ]);
    Ok(json!({
        "asyncapi": "3.0.0",
        "x-generated": header_text(module),
        "info": {
            "title": "workflow-events",
            "version": version,
            "description": description.trim_start()
        },
        "defaultContentType": "application/json",
        "channels": {
            "workflowEvents": {
                "address": TOPIC,
                "title": "Workflow events",
                "description": "Every workflow event (triggered, completed, failed, ...) of every source.",
                "messages": channel_messages,
                "bindings": { "kafka": { "topic": TOPIC, "bindingVersion": KAFKA_BINDING } }
            }
        },
        "operations": {
            "publishWorkflowEvent": {
                "action": "send",
                "summary": "Publish an event (Rust EventProducer, Python workflow_events.kafka.publish).",
                "channel": { "$ref": "#/channels/workflowEvents" },
                "messages": operation_messages.clone()
            },
            "consumeWorkflowEvent": {
                "action": "receive",
                "summary": "Read events at least once (Rust EventConsumer, Python workflow_events.kafka.decode); unreadable ones go to <topic>.dlq.",
                "channel": { "$ref": "#/channels/workflowEvents" },
                "messages": operation_messages
            }
        },
        "components": {
            "schemas": schemas,
            "messages": { "WorkflowEvent": plain, "WorkflowEventConfluent": framed }
        }
    }))
}

/// Points every `$ref` (`#`, `#/$defs/<name>`) of a schema at `#/components/schemas/...`;
/// anything else was refused by the IR and is refused here too.
fn rewrite_refs(schema: &mut Value, root_name: &str) -> std::result::Result<(), String> {
    let Value::Object(map) = schema else {
        return Ok(()); // `true` / `false`
    };
    if let Some(target) = map.get_mut("$ref") {
        let text = target.as_str().unwrap_or_default().to_owned();
        let component = if text == "#" {
            root_name.to_owned()
        } else if let Some(name) = text.strip_prefix("#/$defs/") {
            crate::schema::pointer::unescape(name)
        } else {
            return Err(format!(
                "`$ref` `{text}` cannot be pointed at components/schemas"
            ));
        };
        *target = Value::from(format!("#/components/schemas/{component}"));
    }
    if map.contains_key("$defs") {
        return Err("nested `$defs` are not supported".into());
    }
    for (keyword, value) in map.iter_mut() {
        match (keyword.as_str(), value) {
            ("properties" | "patternProperties", Value::Object(children)) => children
                .values_mut()
                .try_for_each(|child| rewrite_refs(child, root_name))?,
            ("items" | "additionalProperties" | "not", child) => rewrite_refs(child, root_name)?,
            ("anyOf" | "allOf" | "oneOf", Value::Array(children)) => children
                .iter_mut()
                .try_for_each(|child| rewrite_refs(child, root_name))?,
            _ => {}
        }
    }
    Ok(())
}
