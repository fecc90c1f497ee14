//! The TypeScript view-model: an [`ir::Module`](crate::ir::Module) with every name, type
//! expression, codec expression and doc comment already final, so the templates only loop and
//! print.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Serialize;
use serde_json::Value;

use super::names::{self, Namespace};
use crate::ir::{
    Additional, Check, DefaultFactory, Field, Format, Module, Name, NumericType, StringType, Type,
    TypeDef, TypeKind,
};

/// The one package name; the schema version is the package version.
pub const PACKAGE_NAME: &str = "workflow-events";

/// The range of Ajv a package with run-time checks depends on (`check.ts` is written against
/// Ajv 8's draft 2020-12 class); the tests pin 8.20.0 (`tests/typescript/package-lock.json`,
/// `codegen/runtime/typescript/package-lock.json`).
pub const AJV_RANGE: &str = "^8.20.0";

/// The TypeScript compiler codegen builds each package's `dist/` with (`build.rs`), pinned by
/// `codegen/runtime/typescript/package-lock.json` (and by `tests/typescript`'s for the tests).
pub const TYPESCRIPT_VERSION: &str = "7.0.2";

/// Everything the templates print.
#[derive(Debug, Serialize)]
pub struct Package {
    /// The schema file, as named in headers.
    pub schema_path: String,
    /// `"1.0"`, or `None` for a schema outside a version directory.
    pub version: Option<String>,
    /// `package.json` `name`.
    pub package_name: &'static str,
    /// `package.json` `version` (`1.0` → `1.0.0`; `0.0.0` when unversioned).
    pub package_version: String,
    /// What the module docs call the schema (`schema version 1.0`).
    pub subject: String,
    /// The root type's name.
    pub root: String,
    /// The root's create, parse and serialize functions.
    pub root_create_fn: String,
    pub root_parse_fn: String,
    pub root_serialize_fn: String,
    /// The root's JSON Schema function (`workflowEventJsonSchema`).
    pub json_schema_fn: String,
    /// Type-only imports of `models.ts` from `runtime.ts`, sorted.
    pub type_imports: Vec<&'static str>,
    /// The named types in IR order (root first).
    pub types: Vec<TypeView>,
    /// The validation schema as the body of a template literal.
    pub validation_schema: String,
    /// The serialization schema as the body of a template literal.
    pub serialization_schema: String,
    /// `src/union.ts` is emitted and imported (some type is a union).
    pub unions: bool,
    /// `src/check.ts` is emitted and imported, and the package depends on Ajv: some type has a
    /// run-time check (`ir::Check`) or keeps undeclared properties (`ir::Additional::Keep`).
    pub checks: bool,
    /// `package.json`'s range of `ajv`, when `checks`.
    pub ajv_range: &'static str,
    /// The regular expressions of the schema whose ECMAScript spelling differs from the
    /// schema's, as the body of an object literal (`"a\\-b": "a-b"`), for the checks' Ajv.
    pub check_patterns: String,
    /// `src/kafka.ts` (the Kafka helper), for a workflow-event envelope; see [`KafkaView`].
    pub kafka: Option<KafkaView>,
    /// How the version's modules import the runtime: `./runtime.js`, or `../runtime.js` from a
    /// version directory of an all-versions package.
    pub runtime_import: String,
    /// How they import the union codecs (`./union.js`, `../union.js`).
    pub union_import: String,
    /// How they import the checks (`./check.js`, `../check.js`).
    pub check_import: String,
    /// The subpaths of an all-versions package, one per version (empty for a one-schema
    /// package): `package.json`'s `exports`.
    pub subpaths: Vec<Subpath>,
}

/// One version of an all-versions package, as a subpath export.
#[derive(Debug, Clone, Serialize)]
pub struct Subpath {
    /// `./v1.0`: what users import (`workflow-events/v1.0`).
    pub key: String,
    /// `v1_0`: its directory under `src/` and `dist/*/`.
    pub dir: String,
    /// `typesVersions` key: `v1.0`.
    pub name: String,
}

/// What `kafka.ts` prints: the record layout of `crate::backend::kafka`, as TypeScript literals.
#[derive(Debug, Clone, Serialize)]
pub struct KafkaView {
    /// The schema version the helper reads, as a string literal.
    pub version: String,
    /// The W3C Trace Context header names, as an array literal.
    pub trace_context: String,
    /// The root properties mirrored as headers, as an array literal.
    pub mirrored: String,
    /// Where the event type is in the event's JSON, as an array literal of keys.
    pub event_type: String,
}

/// The Kafka view of `module`: only for a root `WorkflowEvent` with a schema version and an
/// event type, as the Python package's `kafka.py`. Such a root without a property the record
/// layout reads (`source`, `workflow_run_id`, …) is an error naming it, not a helper that
/// would write `undefined`.
fn kafka_view(module: &Module, root: &str) -> Result<Option<KafkaView>, String> {
    use crate::backend::kafka;
    if root != "WorkflowEvent" {
        return Ok(None);
    }
    let (Some(version), Some(event_type)) = (
        kafka::helper_version(module),
        kafka::event_type_path(module),
    ) else {
        return Ok(None);
    };
    kafka::check_record_fields(module)?;
    let mirrored: Vec<&str> = kafka::mirrored_fields(module)
        .into_iter()
        .map(|f| f.wire_name.as_str())
        .collect();
    let array = |items: &[&str]| {
        let items: Vec<String> = items.iter().map(|s| Value::from(*s).to_string()).collect();
        format!("[{}]", items.join(", "))
    };
    let event_type: Vec<&str> = event_type.iter().map(String::as_str).collect();
    Ok(Some(KafkaView {
        version: Value::from(version).to_string(),
        trace_context: array(kafka::TRACE_CONTEXT_HEADERS),
        mirrored: array(&mirrored),
        event_type: array(&event_type),
    }))
}

/// One named type.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeView {
    /// An interface with its codec and functions.
    Object(ObjectView),
    /// A frozen object of constants plus the union of their values.
    Enum(EnumView),
    /// A type alias.
    Alias(AliasView),
}

/// An object type.
#[derive(Debug, Serialize)]
pub struct ObjectView {
    pub name: String,
    pub init_name: String,
    pub doc: String,
    pub codec: String,
    pub create_fn: String,
    pub parse_fn: String,
    pub parse_or_throw_fn: String,
    pub serialize_fn: String,
    /// `, { forbidExtra: true }`, `, { keepExtra: true, check: … }` or empty.
    pub options: String,
    pub fields: Vec<FieldView>,
    /// Undeclared properties are kept (`ir::Additional::Keep`): the interface has an index
    /// signature for them.
    pub keeps_extra: bool,
}

/// One property of an object type.
#[derive(Debug, Serialize)]
pub struct FieldView {
    /// The key as written in an interface (`event_id`, `"first-name"`).
    pub key: String,
    /// The doc block, indented by two spaces, or empty.
    pub doc: String,
    /// `?` in the interface (absent stays absent).
    pub optional: bool,
    /// `?` in the init interface (absent is allowed on construction).
    pub init_optional: bool,
    pub ty: String,
    pub init_ty: String,
    /// The `rt.required(…)` / `rt.defaulted(…)` / … expression.
    pub spec: String,
}

/// An enum type.
#[derive(Debug, Serialize)]
pub struct EnumView {
    pub name: String,
    pub doc: String,
    pub members: Vec<MemberView>,
    /// The codec's name, when some codec uses it.
    pub codec: Option<String>,
}

/// One enum member.
#[derive(Debug, Serialize)]
pub struct MemberView {
    pub name: String,
    pub literal: String,
}

/// A type alias.
#[derive(Debug, Serialize)]
pub struct AliasView {
    pub name: String,
    pub doc: String,
    pub ty: String,
    /// The input type's name and expression, when it differs from `ty`.
    pub init_name: Option<String>,
    pub init_ty: String,
    /// The codec's name and expression, when some codec uses it.
    pub codec: Option<String>,
    pub codec_expr: String,
}

/// Names given to one named type.
struct Names {
    ty: String,
    init: Option<String>,
    codec: String,
}

struct Builder<'m> {
    module: &'m Module,
    names: BTreeMap<Name, Names>,
    imports: BTreeSet<&'static str>,
    /// Some codec is a union (`models.ts` imports `./union.js`).
    unions: bool,
    /// Some codec has a run-time check (`models.ts` imports `./check.js`).
    checks: bool,
}

/// The name `models.ts` gives the checks' schema document (`check.Document`); upper case, so
/// no type, codec or function name takes it.
const CHECK_DOCUMENT: &str = "CHECKS";

/// Builds the view-model; `schema` is the schema document itself (embedded for
/// `…JsonSchema()`).
pub fn build(module: &Module, schema: &Value) -> Result<Package, String> {
    let mut ns = Namespace::module_scope();
    let mut type_names = Vec::new();
    for def in &module.types {
        type_names.push(ns.claim(&names::upper_camel(&def.name, "Model")));
    }
    let mut b = Builder {
        module,
        names: BTreeMap::new(),
        imports: BTreeSet::new(),
        unions: false,
        checks: false,
    };
    let needs_init = init_needs(module);
    for (def, ty) in module.types.iter().zip(&type_names) {
        let init = match &def.kind {
            TypeKind::Object(_) => Some(ns.claim(&format!("{ty}Init"))),
            TypeKind::Alias(_) if needs_init.contains(&def.name) => {
                Some(ns.claim(&format!("{ty}Init")))
            }
            _ => None,
        };
        let codec = ns.claim(&format!("{}Codec", names::lower_first(ty)));
        b.names.insert(
            def.name.clone(),
            Names {
                ty: ty.clone(),
                init,
                codec,
            },
        );
    }
    let used_codecs = reachable_codecs(module);

    let mut types = Vec::new();
    let (mut root_create_fn, mut root_parse_fn, mut root_serialize_fn) = Default::default();
    for def in &module.types {
        let view = match &def.kind {
            TypeKind::Object(object) => {
                let n = &b.names[&def.name];
                let (name, init_name, codec) = (
                    n.ty.clone(),
                    n.init.clone().unwrap_or_default(),
                    n.codec.clone(),
                );
                let mut fields = Vec::new();
                for field in &object.fields {
                    fields.push(b.field(field)?);
                }
                b.imports.insert("ParseResult");
                let mut options = Vec::new();
                match object.additional {
                    Additional::Ignore => {}
                    Additional::Forbid => options.push("forbidExtra: true".to_string()),
                    Additional::Keep => {
                        b.checks = true;
                        options.push("keepExtra: true".to_string());
                    }
                }
                if let Some(check) = &object.check {
                    options.push(format!("check: {}", b.check_expr(check)));
                }
                let view = ObjectView {
                    create_fn: ns.claim(&format!("create{name}")),
                    parse_fn: ns.claim(&format!("parse{name}")),
                    parse_or_throw_fn: ns.claim(&format!("parse{name}OrThrow")),
                    serialize_fn: ns.claim(&format!("serialize{name}")),
                    options: if options.is_empty() {
                        String::new()
                    } else {
                        format!(", {{ {} }}", options.join(", "))
                    },
                    keeps_extra: object.additional == Additional::Keep,
                    doc: doc_block(type_doc(def), ""),
                    name,
                    init_name,
                    codec,
                    fields,
                };
                if def.name == module.root {
                    root_create_fn = view.create_fn.clone();
                    root_parse_fn = view.parse_fn.clone();
                    root_serialize_fn = view.serialize_fn.clone();
                }
                TypeView::Object(view)
            }
            TypeKind::Enum(e) => {
                let mut members_ns = Namespace::default();
                let members = e
                    .values
                    .iter()
                    .map(|v| MemberView {
                        name: members_ns.claim_snake(&names::screaming_snake(&v.name, "EMPTY")),
                        literal: names::string_literal(&v.value),
                    })
                    .collect();
                let n = &b.names[&def.name];
                TypeView::Enum(EnumView {
                    name: n.ty.clone(),
                    doc: doc_block(type_doc(def), ""),
                    members,
                    codec: used_codecs.contains(&def.name).then(|| n.codec.clone()),
                })
            }
            TypeKind::Alias(ty) => {
                let ts = b.ts_type(ty, false);
                let init_ty = b.ts_type(ty, true);
                let codec_expr = b.codec(ty)?;
                let codec_expr = if contains_ref(ty) {
                    format!("rt.lazy(() => {codec_expr})")
                } else {
                    codec_expr
                };
                let n = &b.names[&def.name];
                TypeView::Alias(AliasView {
                    name: n.ty.clone(),
                    doc: doc_block(type_doc(def), ""),
                    ty: ts,
                    init_name: n.init.clone(),
                    init_ty,
                    codec: used_codecs.contains(&def.name).then(|| n.codec.clone()),
                    codec_expr,
                })
            }
        };
        types.push(view);
    }
    let root = b.names[&module.root].ty.clone();
    let json_schema_fn = ns.claim(&format!("{}JsonSchema", names::lower_first(&root)));
    let (validation, serialization) = json_schemas(schema);
    let kafka = kafka_view(module, &root)?;
    let check_patterns = if b.checks {
        check_patterns(schema)
    } else {
        String::new()
    };
    Ok(Package {
        runtime_import: "./runtime.js".into(),
        union_import: "./union.js".into(),
        check_import: "./check.js".into(),
        checks: b.checks,
        ajv_range: AJV_RANGE,
        check_patterns,
        subpaths: Vec::new(),
        schema_path: module.schema_path.clone(),
        version: module.version.clone(),
        package_name: PACKAGE_NAME,
        package_version: match &module.version {
            Some(v) => format!("{v}.0"),
            None => "0.0.0".into(),
        },
        subject: match &module.version {
            Some(v) => format!("schema version {v}"),
            None => format!("the schema {}", module.schema_path),
        },
        root,
        root_create_fn,
        root_parse_fn,
        root_serialize_fn,
        json_schema_fn,
        unions: b.unions,
        kafka,
        type_imports: b.imports.into_iter().collect(),
        types,
        validation_schema: template_literal_body(&validation),
        serialization_schema: template_literal_body(&serialization),
    })
}

impl Builder<'_> {
    fn def(&self, name: &Name) -> &TypeDef {
        self.module
            .get(name)
            .expect("the IR only refers to types it defines")
    }

    fn field(&mut self, field: &Field) -> Result<FieldView, String> {
        let codec = self.codec(&field.ty)?;
        let wire = names::string_literal(&field.wire_name);
        let (spec, optional) = if field.required {
            (format!("rt.required({wire}, {codec})"), false)
        } else if let Some(factory) = field.default_factory {
            let make = match factory {
                DefaultFactory::Uuid4 => "rt.uuid4",
                DefaultFactory::Now => "rt.now",
            };
            (format!("rt.generated({wire}, {codec}, {make})"), false)
        } else if let Some(default) = &field.default {
            (
                format!("rt.defaulted({wire}, {codec}, {})", value_expr(default)),
                false,
            )
        } else {
            (format!("rt.optional({wire}, {codec})"), true)
        };
        Ok(FieldView {
            key: names::property_key(&field.wire_name),
            doc: doc_block(
                field.description.as_deref().or(field.title.as_deref()),
                "  ",
            ),
            optional,
            init_optional: !field.required,
            ty: self.ts_type(&field.ty, false),
            init_ty: self.ts_type(&field.ty, true),
            spec,
        })
    }

    /// The TypeScript type of `ty`; `init` gives the type accepted on construction.
    fn ts_type(&mut self, ty: &Type, init: bool) -> String {
        match ty {
            Type::String(s) if init && s.format == Some(Format::DateTime) => "string | Date".into(),
            Type::String(_) => "string".into(),
            Type::Integer(n) if !is_safe_integer_range(n) => "number | bigint".into(),
            Type::Integer(_) | Type::Number(_) => "number".into(),
            Type::Boolean => "boolean".into(),
            Type::Null => "null".into(),
            Type::Nullable(inner) => format!("{} | null", self.ts_type(inner, init)),
            Type::Array(a) => {
                let item = self.ts_type(&a.items, init);
                if item.contains(' ') {
                    format!("({item})[]")
                } else {
                    format!("{item}[]")
                }
            }
            Type::Map(m) if matches!(*m.values, Type::Any) => {
                self.imports.insert("JsonObject");
                "JsonObject".into()
            }
            Type::Map(m) => format!("Record<string, {}>", self.ts_type(&m.values, init)),
            Type::Any => {
                self.imports.insert("JsonValue");
                "JsonValue".into()
            }
            Type::Const(value) => const_literal(value),
            Type::Checked(c) => self.ts_type(&c.ty, init),
            Type::Union(u) => {
                let members: Vec<String> = u
                    .variants
                    .iter()
                    .map(|v| self.ts_type(&v.ty, init))
                    .collect();
                members.join(" | ")
            }
            Type::Ref(name) => {
                let n = &self.names[name];
                match (&n.init, init) {
                    (Some(init_name), true) => init_name.clone(),
                    _ => n.ty.clone(),
                }
            }
        }
    }

    /// The codec expression of `ty`.
    fn codec(&mut self, ty: &Type) -> Result<String, String> {
        Ok(match ty {
            Type::String(s) => string_codec(s)?,
            Type::Integer(n) if is_safe_integer_range(n) => {
                format!("rt.integer({})", numeric_options(n))
            }
            Type::Integer(n) => format!("rt.bigInteger({})", numeric_options(n)),
            Type::Number(n) => format!("rt.number({})", numeric_options(n)),
            Type::Boolean => "rt.boolean()".into(),
            Type::Null => "rt.nullValue()".into(),
            Type::Nullable(inner) => format!("rt.nullable({})", self.codec(inner)?),
            Type::Array(a) => {
                let mut options = Vec::new();
                if let Some(n) = a.min_items {
                    options.push(format!("minItems: {n}"));
                }
                if let Some(n) = a.max_items {
                    options.push(format!("maxItems: {n}"));
                }
                if a.unique_items {
                    options.push("uniqueItems: true".into());
                }
                let items = self.codec(&a.items)?;
                if options.is_empty() {
                    format!("rt.array({items})")
                } else {
                    format!("rt.array({items}, {{ {} }})", options.join(", "))
                }
            }
            Type::Map(m) if matches!(*m.values, Type::Any) => "rt.jsonObject()".into(),
            Type::Map(m) => format!("rt.map({})", self.codec(&m.values)?),
            Type::Any => "rt.jsonValue()".into(),
            Type::Const(value) => format!("rt.literal({})", const_literal(value)),
            Type::Checked(c) => {
                let inner = self.codec(&c.ty)?;
                format!("check.checked({inner}, {})", self.check_expr(&c.check))
            }
            Type::Union(u) => {
                self.unions = true;
                let mut entries = Vec::new();
                for v in &u.variants {
                    entries.push(format!(
                        "[{}, {}]",
                        names::string_literal(&v.tag),
                        self.codec(&v.ty)?
                    ));
                }
                let entries = entries.join(", ");
                let ts = self.ts_type(ty, false);
                match &u.discriminator {
                    Some(property) => format!(
                        "union.tagged<{ts}>({}, () => [{entries}])",
                        names::string_literal(property)
                    ),
                    None => format!("union.byJsonType<{ts}>(() => [{entries}])"),
                }
            }
            Type::Ref(name) => {
                let _ = self.def(name);
                self.names[name].codec.clone()
            }
        })
    }
}

impl Builder<'_> {
    /// The `Check` of `check`: its node of the schema document, evaluated by `check.ts`.
    fn check_expr(&mut self, check: &Check) -> String {
        self.checks = true;
        format!(
            "check.check({CHECK_DOCUMENT}, {})",
            names::string_literal(&check.pointer)
        )
    }
}

/// Every regular expression of `schema` (`pattern` values and `patternProperties` keys) whose
/// ECMAScript spelling (`ecma::ecma_source`) differs, as `"source": "ecma"` lines of an object
/// literal in document order, each once. Expressions it cannot spell are left out: lowering
/// refused them wherever a check would read them.
fn check_patterns(schema: &Value) -> String {
    fn walk(node: &Value, out: &mut Vec<(String, String)>) {
        match node {
            Value::Object(map) => {
                let mut found: Vec<&str> = Vec::new();
                if let Some(Value::String(p)) = map.get("pattern") {
                    found.push(p);
                }
                if let Some(Value::Object(patterns)) = map.get("patternProperties") {
                    found.extend(patterns.keys().map(String::as_str));
                }
                for p in found {
                    if let Ok(ecma) = crate::ir::ecma::ecma_source(p) {
                        if ecma != p && !out.iter().any(|(s, _)| s == p) {
                            out.push((p.to_string(), ecma));
                        }
                    }
                }
                map.values().for_each(|v| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(schema, &mut out);
    out.iter()
        .map(|(source, ecma)| {
            format!(
                "  {}: {},\n",
                names::string_literal(source),
                names::string_literal(ecma)
            )
        })
        .collect()
}

fn type_doc(def: &TypeDef) -> Option<&str> {
    def.description.as_deref().or(def.title.as_deref())
}

fn string_codec(s: &StringType) -> Result<String, String> {
    let base = match s.format {
        Some(Format::Uuid) => "rt.uuid",
        Some(Format::DateTime) => "rt.dateTime",
        Some(Format::Date) => "rt.date",
        Some(Format::Email) | Some(Format::Uri) | None => "rt.string",
    };
    let mut options = Vec::new();
    if let Some(n) = s.min_length {
        options.push(format!("minLength: {n}"));
    }
    if let Some(n) = s.max_length {
        options.push(format!("maxLength: {n}"));
    }
    if let Some(p) = &s.pattern {
        let ecma = crate::ir::ecma::ecma_source(p)?;
        if &ecma == p {
            options.push(format!("pattern: rt.pattern({})", names::string_literal(p)));
        } else {
            options.push(format!(
                "pattern: rt.pattern({}, {})",
                names::string_literal(p),
                names::string_literal(&ecma)
            ));
        }
    }
    Ok(if options.is_empty() {
        format!("{base}()")
    } else {
        format!("{base}({{ {} }})", options.join(", "))
    })
}

/// `true` when an integer's bounds keep it within ±(2^53 − 1), so that a JavaScript `number`
/// holds every valid value exactly.
fn is_safe_integer_range(n: &NumericType) -> bool {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    let bound = |b: &Option<serde_json::Number>| b.as_ref().and_then(serde_json::Number::as_f64);
    let low = bound(&n.minimum).or(bound(&n.exclusive_minimum));
    let high = bound(&n.maximum).or(bound(&n.exclusive_maximum));
    matches!((low, high), (Some(l), Some(h)) if l >= -MAX_SAFE && h <= MAX_SAFE)
}

fn numeric_options(n: &NumericType) -> String {
    let bounds = [
        ("minimum", &n.minimum),
        ("exclusiveMinimum", &n.exclusive_minimum),
        ("maximum", &n.maximum),
        ("exclusiveMaximum", &n.exclusive_maximum),
        ("multipleOf", &n.multiple_of),
    ];
    const MAX_SAFE: u64 = 9_007_199_254_740_991;
    let parts: Vec<String> = bounds
        .iter()
        .filter_map(|(key, value)| {
            value.as_ref().map(|v| {
                // A `multipleOf` integer that a double cannot hold stays exact as a `bigint`.
                let big = v.as_u64().is_some_and(|n| n > MAX_SAFE)
                    || v.as_i64().is_some_and(|n| n.unsigned_abs() > MAX_SAFE);
                if *key == "multipleOf" && big {
                    format!("{key}: {v}n")
                } else {
                    format!("{key}: {v}")
                }
            })
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{{ {} }}", parts.join(", "))
    }
}

/// A `const` as a TypeScript literal type and value (`"v1"`, `3`, `true`, `null`).
fn const_literal(value: &Value) -> String {
    match value {
        Value::String(s) => names::string_literal(s),
        other => other.to_string(),
    }
}

/// A `default` as a JavaScript expression. Strings, booleans, `null` and integers are written
/// as literals; floats, arrays and objects go through `rt.jsonLiteral`, which keeps `3.0` a
/// float and `__proto__` an ordinary key.
fn value_expr(value: &Value) -> String {
    match value {
        Value::String(s) => names::string_literal(s),
        Value::Bool(_) | Value::Null => value.to_string(),
        Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
        _ => format!(
            "rt.jsonLiteral({})",
            names::string_literal(&value.to_string())
        ),
    }
}

fn contains_ref(ty: &Type) -> bool {
    match ty {
        Type::Ref(_) => true,
        Type::Checked(c) => contains_ref(&c.ty),
        Type::Nullable(inner) => contains_ref(inner),
        Type::Array(a) => contains_ref(&a.items),
        Type::Map(m) => contains_ref(&m.values),
        Type::Union(u) => u.variants.iter().any(|v| contains_ref(&v.ty)),
        _ => false,
    }
}

fn refs(ty: &Type, out: &mut Vec<Name>) {
    match ty {
        Type::Ref(name) => out.push(name.clone()),
        Type::Nullable(inner) => refs(inner, out),
        Type::Array(a) => refs(&a.items, out),
        Type::Map(m) => refs(&m.values, out),
        Type::Union(u) => u.variants.iter().for_each(|v| refs(&v.ty, out)),
        Type::Checked(c) => refs(&c.ty, out),
        _ => {}
    }
}

/// The types whose codec some emitted codec uses: every object's codec is used by its
/// functions; an enum's or alias's only when reached from an object.
fn reachable_codecs(module: &Module) -> BTreeSet<Name> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<Name> = module
        .types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::Object(_)))
        .map(|t| t.name.clone())
        .collect();
    while let Some(name) = queue.pop_front() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(def) = module.get(&name) else {
            continue;
        };
        let mut found = Vec::new();
        match &def.kind {
            TypeKind::Object(o) => o.fields.iter().for_each(|f| refs(&f.ty, &mut found)),
            TypeKind::Alias(ty) => refs(ty, &mut found),
            TypeKind::Enum(_) => {}
        }
        queue.extend(found);
    }
    seen
}

/// The aliases whose input type differs from their type (they reach an object or a date-time).
fn init_needs(module: &Module) -> BTreeSet<Name> {
    fn needs(module: &Module, ty: &Type, depth: usize) -> bool {
        match ty {
            Type::String(s) => s.format == Some(Format::DateTime),
            Type::Nullable(inner) => needs(module, inner, depth),
            Type::Array(a) => needs(module, &a.items, depth),
            Type::Map(m) => needs(module, &m.values, depth),
            Type::Union(u) => u.variants.iter().any(|v| needs(module, &v.ty, depth)),
            Type::Checked(c) => needs(module, &c.ty, depth),
            Type::Ref(name) => match module.get(name).map(|d| &d.kind) {
                Some(TypeKind::Object(_)) => true,
                // The IR rejects alias cycles; the depth bound only guards against a bug there.
                Some(TypeKind::Alias(inner)) if depth < 64 => needs(module, inner, depth + 1),
                _ => false,
            },
            _ => false,
        }
    }
    module
        .types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(ty) if needs(module, ty, 0) => Some(t.name.clone()),
            _ => None,
        })
        .collect()
}

/// A TSDoc block for `text`, each line prefixed by `indent`, ending with a newline; empty when
/// there is no text. `*/` cannot end the comment early and `@` cannot start a tag.
pub fn doc_block(text: Option<&str>, indent: &str) -> String {
    let Some(text) = text else {
        return String::new();
    };
    let normalised = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}'], "\n");
    let lines: Vec<String> = normalised
        .split('\n')
        .map(|line| line.trim_end().replace("*/", "*\\/").replace('@', "\\@"))
        .collect();
    let start = lines.iter().position(|l| !l.is_empty());
    let end = lines.iter().rposition(|l| !l.is_empty());
    let (Some(start), Some(end)) = (start, end) else {
        return String::new();
    };
    let mut out = format!("{indent}/**\n");
    for line in &lines[start..=end] {
        if line.is_empty() {
            out.push_str(&format!("{indent} *\n"));
        } else {
            out.push_str(&format!("{indent} * {line}\n"));
        }
    }
    out.push_str(&format!("{indent} */\n"));
    out
}

/// `text` as the body of a template literal: `\`, `` ` `` and `${` are escaped.
fn template_literal_body(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('`', "\\`")
        .replace("${", "\\${")
}

/// The validation and serialization schemas as every package publishes them
/// (`crate::schema::published_text`, `serialization_text`), without the trailing newline.
pub fn json_schemas(schema: &Value) -> (String, String) {
    let trim = |text: String| text.trim_end_matches('\n').to_string();
    (
        trim(crate::schema::published_text(schema)),
        trim(crate::schema::serialization_text(schema)),
    )
}

#[cfg(test)]
mod tests {
    use super::doc_block;

    #[test]
    fn doc_blocks_are_safe() {
        assert_eq!(doc_block(None, ""), "");
        assert_eq!(doc_block(Some("  \n "), ""), "");
        assert_eq!(
            doc_block(Some("One line"), "  "),
            "  /**\n   * One line\n   */\n"
        );
        assert_eq!(
            doc_block(Some("ends */ here\r\n\r\n@param x `${y}`"), ""),
            "/**\n * ends *\\/ here\n *\n * \\@param x `${y}`\n */\n"
        );
        assert_eq!(doc_block(Some("a\u{2028}b"), ""), "/**\n * a\n * b\n */\n");
    }
}
