//! The intermediate representation (IR) of one schema: what every backend reads.
//!
//! A schema file is lowered once ([`lower`]) into a [`Module`]; the Python and TypeScript
//! backends (and a compatibility checker) read only this. The IR speaks JSON: wire names, JSON
//! types, JSON Schema constraints and names as words ([`Name`]). It holds no identifier of any
//! target language and no backend decision.
//!
//! Everything the IR cannot represent is rejected by [`lower`] with the file, the JSON pointer
//! and the keyword (see `lower.rs` for the accepted subset); nothing is silently dropped.
//!
//! Numbers kept from the schema (bounds, defaults, constants, examples) are normalised on
//! lowering: integers stay integers (`i64`/`u64`), everything else is an `f64`, so the IR is the
//! same whatever features `serde_json` was built with.

pub mod ecma;
mod envelope;
mod lower;
mod name;
pub mod targets;

pub use envelope::{Envelope, Role, TRACE_CONTEXT_HEADERS};
pub use lower::{lower, merged_all_of};
pub use name::{Name, Namespace};

use serde::Serialize;
use serde_json::{Number, Value};

/// One lowered schema file: its named types, root first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Module {
    /// The schema version from the version directory name (`schema/v1.0/…` → `"1.0"`), or
    /// `None` when the file is not inside a `v<major>.<minor>` directory (test fixtures).
    pub version: Option<String>,
    /// The schema file as it should be named in generated headers and messages: relative to
    /// the project root, `/`-separated (`schema/v1.0/workflow_event.schema.json`).
    pub schema_path: String,
    /// The schema's `$id`, if any.
    pub id: Option<String>,
    /// The root type (always an [`TypeKind::Object`]), named after the schema's `title`
    /// (falling back to the file name without `.schema.json` / `.json`).
    pub root: Name,
    /// Every named type, each once, in a deterministic order: the root first, then types in
    /// the order they are first reached from the root (properties in schema order, a `$ref`
    /// or inline object reached for the first time is appended), then `$defs` that nothing
    /// references, in document order. Names are unique by [`Name::upper_camel`].
    pub types: Vec<TypeDef>,
    /// Where the Kafka record layout finds its key, headers and version: `Some` for every
    /// schema version and any root with `metadata` ([`Envelope::applies`]), found by lowering.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub envelope: Option<Envelope>,
}

impl Module {
    /// The named type called `name`, if any.
    pub fn get(&self, name: &Name) -> Option<&TypeDef> {
        self.types.iter().find(|t| &t.name == name)
    }

    /// The root type definition.
    pub fn root_type(&self) -> &TypeDef {
        self.get(&self.root)
            .expect("lowering always defines the root type")
    }
}

/// A named type: a `$defs` entry, the root, or an inline object or enum lifted out of a
/// property (named after its `title`, or its parent's name followed by the property name;
/// array items add `item`, map values add `value`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// The type's name as words.
    pub name: Name,
    /// JSON pointer of the schema this type was lowered from (`""` for the root,
    /// `/$defs/EventType`, `/properties/payload`).
    pub pointer: String,
    /// The schema's `title`, verbatim.
    pub title: Option<String>,
    /// The schema's `description`, verbatim (may contain any text: backends escape it).
    pub description: Option<String>,
    /// The schema's `examples`, numbers normalised.
    pub examples: Vec<Value>,
    /// What the type is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    /// An object with declared properties (a model / record / interface).
    Object(Object),
    /// A closed set of strings (`enum` whose values are all strings).
    Enum(Enum),
    /// Any other named schema (a `$defs` entry that is a string with constraints, an array, a
    /// map, a reference to another named type, …).
    Alias(Type),
}

/// An object with declared properties.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Object {
    /// The properties, in schema (`properties`) order: this is also the wire order.
    pub fields: Vec<Field>,
    /// What happens to properties that are not declared.
    pub additional: Additional,
    /// What the fields cannot say about the object (`dependentRequired`, `if`/`then`, …),
    /// checked at run time once the fields hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<Check>,
}

/// What an object does with properties it does not declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Additional {
    /// `additionalProperties` absent, `true` or `{}`: accepted on read, dropped (open content
    /// model; the envelope's choice).
    Ignore,
    /// `additionalProperties: false`: an undeclared property is an error (`extra_forbidden`).
    Forbid,
    /// Undeclared properties are described (`patternProperties`, a schema in
    /// `additionalProperties`, `unevaluatedProperties`): accepted when the object's [`Check`]
    /// holds, kept as JSON values and written back after the declared ones, in input order.
    Keep,
}

/// Keywords of one schema node that no type of the IR expresses (`not`, `if`/`then`/`else`,
/// `contains`, `propertyNames`, `dependentRequired`, …), checked at run time on the value
/// the node applies to, once its type holds: every language evaluates the whole node at
/// `pointer` as JSON Schema does (so keywords that read each other, like
/// `unevaluatedProperties`, keep their meaning), with the project's formats and `multipleOf`,
/// reporting errors in the shared vocabulary of `schema/CONTRACT.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// JSON pointer of the schema node.
    pub pointer: String,
    /// The keywords the types leave to this check, in document order.
    pub keywords: Vec<String>,
}

/// One declared property of an [`Object`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The property name on the wire, verbatim (any string, possibly not an identifier).
    pub wire_name: String,
    /// The property name as words, for backends that need an identifier.
    pub name: Name,
    /// JSON pointer of the property's schema (`/properties/event_id`).
    pub pointer: String,
    /// The property's `title`.
    pub title: Option<String>,
    /// The property's `description` (for a `$ref` property, the sibling `description`).
    pub description: Option<String>,
    /// The property's `examples`, numbers normalised.
    pub examples: Vec<Value>,
    /// Listed in the object's `required`. A required field has neither `default` nor
    /// `default_factory`.
    pub required: bool,
    /// The static `default`, checked against the field's type; filled when absent on read.
    pub default: Option<Value>,
    /// `x-default-factory`: a value generated when the property is absent (on construction
    /// and on read). Never together with `default`, never on a required field.
    pub default_factory: Option<DefaultFactory>,
    /// The field's type.
    pub ty: Type,
}

/// A generated default (`x-default-factory`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultFactory {
    /// `"uuid4"`: a random UUID v4; only on `format: uuid` strings.
    Uuid4,
    /// `"now"`: the current UTC time; only on `format: date-time` strings.
    Now,
}

/// A closed set of string values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Enum {
    /// The values in schema order; no duplicates.
    pub values: Vec<EnumValue>,
}

/// One value of an [`Enum`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumValue {
    /// The value on the wire, verbatim (may be `""` or any text).
    pub value: String,
    /// The value as words (`"workflow.completed"` → `workflow completed`), for member names.
    /// Two values may share words (`"Dev"`, `"dev"`): backends settle that.
    pub name: Name,
}

/// The type of a field, an array item, a map value or an alias.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Type {
    /// `type: string`.
    String(StringType),
    /// `type: integer`.
    Integer(NumericType),
    /// `type: number`.
    Number(NumericType),
    /// `type: boolean`.
    Boolean,
    /// `type: "null"` on its own: only `null` is valid.
    Null,
    /// `type: [T, "null"]` or `anyOf: [T, {type: "null"}]`: `T` or `null`. Never wraps
    /// `Nullable`, `Null` or `Any`.
    Nullable(Box<Type>),
    /// `type: array`.
    Array(ArrayType),
    /// `type: object` without `properties`: a map from string keys to `values`
    /// (`additionalProperties: true` or absent → values [`Type::Any`], a free-form object).
    Map(MapType),
    /// `{}` / `true` / a schema with only annotations: any JSON value.
    Any,
    /// `const`: exactly this value (a string, an integer, a boolean or `null`).
    Const(Value),
    /// A named type (`$ref`, or an inline object/enum lifted out and named).
    Ref(Name),
    /// `oneOf` / `anyOf` of provably disjoint branches, or `type: [A, B, …]`: exactly one
    /// variant accepts any valid value. Never holds `null` (a `null` branch makes the union
    /// [`Type::Nullable`]) nor a variant accepting any value.
    Union(UnionType),
    /// A value of the inner type on which a [`Check`] must also hold (`{"type": "integer",
    /// "not": {…}}`, an `enum` of numbers, `contains`, …). Never wraps another `Checked`.
    Checked(CheckedType),
}

/// A type with a run-time [`Check`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckedType {
    /// What the value is, as far as a type can say.
    pub ty: Box<Type>,
    /// The rest.
    pub check: Check,
}

/// A union whose variants are told apart without trying them: by a tag property
/// (`discriminator`) or by the JSON type of the value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionType {
    /// JSON pointer of the schema holding `oneOf` / `anyOf` / `type`.
    pub pointer: String,
    /// `Some(wire name)`: a discriminated union of objects; every variant is a
    /// [`Type::Ref`] to an [`Object`] in which this property is required and is a string
    /// `const`, the variant's `tag` (all distinct). `None`: a union by JSON type; every variant
    /// has a different JSON type, which is its `tag` (`string`, `integer` or `number`,
    /// `boolean`, `array`, `object`; never both `integer` and `number`).
    pub discriminator: Option<String>,
    /// The variants in schema order.
    pub variants: Vec<Variant>,
}

/// One variant of a [`UnionType`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    /// The discriminator's value, or the JSON type name: what selects this variant, and what
    /// pydantic puts into an error's `loc` for an error inside it.
    pub tag: String,
    /// JSON pointer of the branch's schema.
    pub pointer: String,
    /// The variant's type (for a union by JSON type, an object variant is a [`Type::Ref`] to an
    /// object, a [`Type::Map`], or a discriminated [`Type::Union`]).
    pub ty: Type,
}

/// Constraints of a string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StringType {
    /// `format`, when it is one the IR knows; other formats are rejected.
    pub format: Option<Format>,
    /// `minLength` (in Unicode code points).
    pub min_length: Option<u64>,
    /// `maxLength` (in Unicode code points).
    pub max_length: Option<u64>,
    /// `pattern`, verbatim: an unanchored regular expression in the subset that ECMA-262,
    /// the Rust `regex` crate (pydantic-core) and Python `re` read alike (checked on lowering:
    /// no look-around, no backreferences).
    pub pattern: Option<String>,
}

/// A string `format` the IR accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `uuid`: hyphenated 8-4-4-4-12 hex, either case (validated).
    Uuid,
    /// `date-time`: RFC 3339 with the relaxations of `schema/CONTRACT.md` (validated).
    DateTime,
    /// `date`: `YYYY-MM-DD`, a real date (validated).
    Date,
    /// `email`: an annotation; backends may document it but do not validate it.
    Email,
    /// `uri`: an annotation; backends may document it but do not validate it.
    Uri,
}

/// Bounds of an integer or a number. Each bound is an integer or a finite float.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NumericType {
    /// `minimum` (value ≥ bound).
    pub minimum: Option<Number>,
    /// `exclusiveMinimum` (value > bound).
    pub exclusive_minimum: Option<Number>,
    /// `maximum` (value ≤ bound).
    pub maximum: Option<Number>,
    /// `exclusiveMaximum` (value < bound).
    pub exclusive_maximum: Option<Number>,
    /// `multipleOf` (> 0).
    pub multiple_of: Option<Number>,
}

/// An array.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArrayType {
    /// `items` (absent → [`Type::Any`]).
    pub items: Box<Type>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems: true` (JSON equality: `1` and `1.0` are equal, `1` and `true` are not).
    pub unique_items: bool,
}

/// A map with string keys (a free-form object when `values` is [`Type::Any`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapType {
    /// The type of every value (`additionalProperties`).
    pub values: Box<Type>,
}

impl Type {
    /// The types directly inside this one, without following references: what every walk over
    /// a type descends into (the one exhaustive match of that; a new variant is handled here).
    pub fn inner(&self) -> Vec<&Type> {
        match self {
            Type::Nullable(inner) => vec![inner.as_ref()],
            Type::Array(array) => vec![array.items.as_ref()],
            Type::Map(map) => vec![map.values.as_ref()],
            Type::Union(union) => union.variants.iter().map(|v| &v.ty).collect(),
            Type::Checked(checked) => vec![checked.ty.as_ref()],
            Type::String(_)
            | Type::Integer(_)
            | Type::Number(_)
            | Type::Boolean
            | Type::Null
            | Type::Any
            | Type::Const(_)
            | Type::Ref(_) => Vec::new(),
        }
    }

    /// `true` if `null` is a valid value of this type (without following references).
    pub fn accepts_null(&self) -> bool {
        match self {
            Type::Null | Type::Nullable(_) | Type::Any | Type::Const(Value::Null) => true,
            Type::Checked(c) => c.ty.accepts_null(),
            _ => false,
        }
    }
}
