//! The framework integrations of the Python package (`<package>/integrations/`): an emitter
//! shared by all (`_core.py`) and one module per framework (`fastapi.py`, `langgraph.py`,
//! `airflow.py`) that publishes the triggered / completed / failed events of a run.
//!
//! Schema-first: the integrations build events from a mapping keyed by the wire names this
//! module finds in the IR (`event_type`, `source`, `workflow_id`, `workflow_run_id`,
//! `payload.data`, `metadata.environment`, and the root's property whose default is the
//! current time, if any) and the enum values of the event types and sources, validated by the
//! generated root model. A version without the three event types (`workflow.triggered`,
//! `workflow.completed`, `workflow.failed`) or one of those properties gets no
//! `integrations/` package ([`view`] returns `None`); a framework whose name is not a value of
//! the `source` enum gets no module and no extra.

use serde::Serialize;

use super::layout;
use crate::ir;

/// The frameworks, each the `source` value its events carry and its module's name.
pub const FRAMEWORKS: &[&str] = &["fastapi", "langgraph", "airflow"];

/// The event types of a run, in the order of the view's fields.
const EVENT_TYPES: [&str; 3] = [
    "workflow.triggered",
    "workflow.completed",
    "workflow.failed",
];

/// What the integration templates print: Python string literals.
#[derive(Debug, Serialize)]
pub struct View {
    /// The root model's class name.
    pub root: String,
    /// Wire names of the properties an integration sets.
    pub keys: Keys,
    /// The event type values.
    pub triggered: String,
    /// `workflow.completed`.
    pub completed: String,
    /// `workflow.failed`.
    pub failed: String,
    /// The frameworks of this version (those named in the `source` enum), in [`FRAMEWORKS`]
    /// order.
    pub frameworks: Vec<Framework>,
}

/// One framework integration.
#[derive(Debug, Serialize)]
pub struct Framework {
    /// Module and extra name (`fastapi`).
    pub name: String,
    /// Its `source` value as a Python literal.
    pub source: String,
}

/// Wire names (as Python literals) of the properties the integrations fill.
#[derive(Debug, Serialize)]
pub struct Keys {
    /// `event_type`.
    pub event_type: String,
    /// `source`.
    pub source: String,
    /// `workflow_id`.
    pub workflow_id: String,
    /// `workflow_run_id`.
    pub workflow_run_id: String,
    /// `payload`.
    pub payload: String,
    /// `payload.data`.
    pub data: String,
    /// `metadata`.
    pub metadata: String,
    /// `metadata.environment`.
    pub environment: String,
    /// The root's property generated as the current time (`x-default-factory: now`), if
    /// any: the integrations set it when the host hands an event over, since the event is
    /// built later, on the publisher's thread.
    pub created: Option<String>,
}

fn object(ty: &ir::TypeDef) -> Option<&ir::Object> {
    match &ty.kind {
        ir::TypeKind::Object(o) => Some(o),
        _ => None,
    }
}

fn field<'m>(object: &'m ir::Object, wire: &str) -> Option<&'m ir::Field> {
    object.fields.iter().find(|f| f.wire_name == wire)
}

fn referenced<'m>(module: &'m ir::Module, field: &ir::Field) -> Option<&'m ir::TypeDef> {
    match &field.ty {
        ir::Type::Ref(name) => module.get(name),
        _ => None,
    }
}

fn enum_values<'m>(module: &'m ir::Module, field: &ir::Field) -> Option<Vec<&'m str>> {
    match &referenced(module, field)?.kind {
        ir::TypeKind::Enum(e) => Some(e.values.iter().map(|v| v.value.as_str()).collect()),
        _ => None,
    }
}

fn nested<'m>(module: &'m ir::Module, parent: &ir::Field, wire: &str) -> Option<&'m ir::Field> {
    field(object(referenced(module, parent)?)?, wire)
}

/// The integrations of `module`, or `None` when the version lacks what a run's events need.
pub fn view(module: &ir::Module, root: &str) -> Option<View> {
    let root_def = module.root_type();
    let root_object = object(root_def)?;
    let lit = |s: &str| layout::string_literal(s);
    let event_type = field(root_object, "event_type")?;
    let types = enum_values(module, event_type)?;
    if !EVENT_TYPES.iter().all(|t| types.contains(t)) {
        return None;
    }
    let source = field(root_object, "source")?;
    let sources = enum_values(module, source)?;
    for wire in ["workflow_id", "workflow_run_id"] {
        if !matches!(field(root_object, wire)?.ty, ir::Type::String(_)) {
            return None;
        }
    }
    let payload = field(root_object, "payload")?;
    let data = nested(module, payload, "data")?;
    let metadata = field(root_object, "metadata")?;
    let environment = nested(module, metadata, "environment")?;
    Some(View {
        root: root.to_string(),
        keys: Keys {
            event_type: lit(&event_type.wire_name),
            source: lit(&source.wire_name),
            workflow_id: lit("workflow_id"),
            workflow_run_id: lit("workflow_run_id"),
            payload: lit(&payload.wire_name),
            data: lit(&data.wire_name),
            metadata: lit(&metadata.wire_name),
            environment: lit(&environment.wire_name),
            created: root_object
                .fields
                .iter()
                .find(|f| f.default_factory == Some(ir::DefaultFactory::Now))
                .map(|f| lit(&f.wire_name)),
        },
        triggered: lit(EVENT_TYPES[0]),
        completed: lit(EVENT_TYPES[1]),
        failed: lit(EVENT_TYPES[2]),
        frameworks: FRAMEWORKS
            .iter()
            .filter(|name| sources.contains(name))
            .map(|name| Framework {
                name: name.to_string(),
                source: lit(name),
            })
            .collect(),
    })
}
