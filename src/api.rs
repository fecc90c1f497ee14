//! The hand-written API of every version module: `version_api!()` (invoked by the generated
//! `versions.rs` inside each `vX_Y` module) plus the version-independent code it calls.
//!
//! Reading bytes first tries the fast path (src/fast.rs: one checked serde pass into the
//! typify types), which accepts only what the slow path accepts, with the same value. When it
//! declines, the slow path decides: bytes → `serde_json::Value` (`json_invalid` on failure) →
//! schema validation with every error → canonical numbers → serde into the typify types.
//! Writing is: serde → canonical numbers → compact JSON.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::canonical::Canonical;
use crate::errors::{LocItem, ValidationErrors};
use crate::fast;
pub(crate) use crate::fast::Passes;
use crate::numbers;
use crate::plan::Node;
use crate::validate::{CheckSite, CompiledSchema, UnionSite};

/// One version's schema, compiled for the envelope.
pub(crate) struct Schemas {
    pub(crate) event: CompiledSchema,
    /// The fast path's plan of the event.
    pub(crate) event_plan: Node,
}

impl Schemas {
    /// Compiles a version's schema. build.rs compiled the same file with the same validator
    /// before generating this crate (`check_compiles`), and `tests/schema.rs` compiles every
    /// version, so a failure here is a bug in this crate, never caused by input or by a schema
    /// edit: it panics, naming the file.
    pub(crate) fn load(
        file: &str,
        text: &str,
        event_plan: Node,
        unions: &'static [UnionSite],
        checks: &'static [CheckSite],
    ) -> Self {
        let compile = || -> Result<Self, String> {
            let document: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            Ok(Self {
                event: CompiledSchema::new(document, unions, checks)?,
                event_plan,
            })
        };
        compile().unwrap_or_else(|e| panic!("{file}: the schema does not compile: {e}"))
    }
}

/// The schema of one object of a version's schema (a generated struct), for its constructor.
pub(crate) struct PartSchema(CompiledSchema);

impl PartSchema {
    /// Compiles the object at `pointer` of the schema file (see [`Schemas::load`] on failure).
    pub(crate) fn load(
        file: &str,
        text: &str,
        pointer: &str,
        unions: &'static [UnionSite],
        checks: &'static [CheckSite],
    ) -> Self {
        let compile = || -> Result<Self, String> {
            let document: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            CompiledSchema::for_pointer(&document, pointer, unions, checks).map(Self)
        };
        compile().unwrap_or_else(|e| panic!("{file}#{pointer}: the schema does not compile: {e}"))
    }
}

/// The arguments of a generated constructor, collected as JSON and then checked against the
/// object's schema: the same errors (type, loc) as reading the object.
pub(crate) struct Parts<'s> {
    schema: &'s PartSchema,
    map: serde_json::Map<String, Value>,
}

impl<'s> Parts<'s> {
    pub(crate) fn new(schema: &'s PartSchema) -> Self {
        Self {
            schema,
            map: serde_json::Map::new(),
        }
    }

    /// The properties of `object` (a valid value of this schema), to change one of them.
    pub(crate) fn of<T: Serialize>(
        schema: &'s PartSchema,
        object: &T,
    ) -> Result<Self, ValidationErrors> {
        let mut parts = Self::new(schema);
        match serde_json::to_value(object) {
            Ok(Value::Object(map)) => parts.map = map,
            other => {
                return Err(ValidationErrors::single(
                    schema.0.title(),
                    "value_error",
                    Vec::new(),
                    format!("Value error, the object does not write as a JSON object: {other:?}"),
                ))
            }
        }
        Ok(parts)
    }

    /// Adds (or replaces) the property `name`.
    pub(crate) fn put<T: Serialize>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), ValidationErrors> {
        let value = serde_json::to_value(value).map_err(|e| {
            ValidationErrors::single(
                self.schema.0.title(),
                "value_error",
                vec![LocItem::from(name)],
                format!("Value error, {e}"),
            )
        })?;
        self.map.insert(name.to_owned(), value);
        Ok(())
    }

    /// The object, defaults filled, or every error.
    pub(crate) fn finish<T: DeserializeOwned>(self) -> Result<T, ValidationErrors> {
        read_value(&self.schema.0, Value::Object(self.map))
    }
}

/// Parses and validates JSON text into `T`: the fast path, else the slow path.
pub(crate) fn read_slice<T: DeserializeOwned + Canonical>(
    schema: &CompiledSchema,
    plan: &Node,
    bytes: &[u8],
) -> Result<T, ValidationErrors> {
    match fast::read(plan, bytes, fast::Passes::Both) {
        Some(value) => Ok(value),
        None => read_slice_slow(schema, bytes),
    }
}

/// The fast path alone (or some of its passes): `None` when it declines.
pub(crate) fn read_slice_fast<'a, T: Deserialize<'a> + Canonical>(
    plan: &Node,
    bytes: &'a [u8],
    passes: fast::Passes,
) -> Option<T> {
    fast::read(plan, bytes, passes)
}

/// The slow path alone: parse, validate with every error, convert.
pub(crate) fn read_slice_slow<T: DeserializeOwned>(
    schema: &CompiledSchema,
    bytes: &[u8],
) -> Result<T, ValidationErrors> {
    match crate::json_text::parse(bytes) {
        Ok(value) => read_value(schema, value),
        Err(e) => Err(ValidationErrors::single(
            schema.title(),
            "json_invalid",
            Vec::new(),
            format!("Invalid JSON: {e}"),
        )),
    }
}

/// Validates a JSON value into `T`.
pub(crate) fn read_value<T: DeserializeOwned>(
    schema: &CompiledSchema,
    mut value: Value,
) -> Result<T, ValidationErrors> {
    let errors = schema.check(&value);
    if !errors.is_empty() {
        return Err(ValidationErrors::new(schema.title(), errors));
    }
    numbers::canonicalize(&mut value);
    schema.integers(&mut value);
    // The schema accepted the value, so the generated types must too; if they do not, that is
    // a bug, reported as an error rather than a panic.
    serde_json::from_value(value).map_err(|e| {
        let msg = format!("the schema accepted the input but the Rust types did not: {e}");
        ValidationErrors::single(schema.title(), "value_error", Vec::<LocItem>::new(), msg)
    })
}

/// `value` as JSON, numbers canonical.
pub(crate) fn to_value<T: Serialize>(item: &T) -> Value {
    // The generated types hold strings, enums, UUIDs, timestamps and JSON maps: they always
    // serialize.
    let mut value =
        serde_json::to_value(item).unwrap_or_else(|e| panic!("generated types serialize: {e}"));
    numbers::canonicalize(&mut value);
    value
}

/// Compact JSON text, properties in schema order, numbers canonical: `to_value(item)` as
/// text, written straight from the typed value.
pub(crate) fn to_json<T: Serialize>(item: &T) -> String {
    let mut out = Vec::with_capacity(512);
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, numbers::CanonicalFormatter);
    crate::json_object::write_raw(|| item.serialize(&mut serializer))
        .unwrap_or_else(|e| panic!("generated types serialize: {e}"));
    // serde_json writes UTF-8 only.
    String::from_utf8(out).unwrap_or_else(|e| panic!("serde_json wrote invalid UTF-8: {e}"))
}

/// The reading and writing API of one schema version, written once for all versions:
/// `version_api!(Root, RootRef)` with the generated root struct and its borrowed form (build.rs
/// names them from the schema's root), and the constants `SCHEMA_FILE` / `SCHEMA_JSON` in scope.
/// Constructors and setters are generated from the schema by build.rs (`build/constructors.rs`).
macro_rules! version_api {
    ($event:ident, $event_ref:ident, $unions:expr, $checks:expr) => {
        /// The unions of this schema, for the validator.
        const __UNION_TABLE: &[$crate::validate::UnionSite] = $unions;
        /// The run-time checks of this schema, for the validator.
        const __CHECK_TABLE: &[$crate::validate::CheckSite] = $checks;

        static SCHEMAS: ::std::sync::LazyLock<$crate::api::Schemas> =
            ::std::sync::LazyLock::new(|| {
                $crate::api::Schemas::load(
                    SCHEMA_FILE,
                    SCHEMA_JSON,
                    __fast_path_plan(),
                    __UNION_TABLE,
                    __CHECK_TABLE,
                )
            });

        impl $event {
            /// Compact JSON, properties in schema order (pydantic's `model_dump_json()`).
            pub fn to_json(&self) -> ::std::string::String {
                $crate::api::to_json(self)
            }

            /// The event as a JSON value (pydantic's `model_dump(mode="json")`).
            pub fn to_value(&self) -> ::serde_json::Value {
                $crate::api::to_value(self)
            }

            /// Parses and validates JSON text, reporting every problem.
            pub fn from_json(json: &str) -> ::std::result::Result<Self, $crate::ValidationErrors> {
                Self::from_slice(json.as_bytes())
            }

            /// Parses and validates JSON bytes, reporting every problem.
            pub fn from_slice(
                bytes: &[u8],
            ) -> ::std::result::Result<Self, $crate::ValidationErrors> {
                $crate::api::read_slice(&SCHEMAS.event, &SCHEMAS.event_plan, bytes)
            }

            /// `from_slice`'s fast path alone (`None` where it declines); for the differential
            /// tests and benchmarks, not part of the API.
            #[doc(hidden)]
            pub fn __fast_path_from_slice(bytes: &[u8]) -> ::std::option::Option<Self> {
                $crate::api::read_slice_fast(&SCHEMAS.event_plan, bytes, $crate::api::Passes::Both)
            }

            /// The fast path's scanner alone (src/scan.rs; `None` where it declines); for the
            /// differential tests and benchmarks, not part of the API.
            #[doc(hidden)]
            pub fn __scanner_from_slice(bytes: &[u8]) -> ::std::option::Option<Self> {
                $crate::api::read_slice_fast(
                    &SCHEMAS.event_plan,
                    bytes,
                    $crate::api::Passes::ScannerOnly,
                )
            }

            /// The fast path's serde_json pass alone (src/fast.rs; `None` where it declines);
            /// for the differential tests and benchmarks, not part of the API.
            #[doc(hidden)]
            pub fn __serde_pass_from_slice(bytes: &[u8]) -> ::std::option::Option<Self> {
                $crate::api::read_slice_fast(
                    &SCHEMAS.event_plan,
                    bytes,
                    $crate::api::Passes::SerdeOnly,
                )
            }

            /// `from_slice`'s slow path alone (parse, validate, convert); for the differential
            /// tests and benchmarks, not part of the API.
            #[doc(hidden)]
            pub fn __slow_path_from_slice(
                bytes: &[u8],
            ) -> ::std::result::Result<Self, $crate::ValidationErrors> {
                $crate::api::read_slice_slow(&SCHEMAS.event, bytes)
            }

            /// Validates a JSON value, reporting every problem.
            pub fn from_value(
                value: ::serde_json::Value,
            ) -> ::std::result::Result<Self, $crate::ValidationErrors> {
                $crate::api::read_value(&SCHEMAS.event, value)
            }
        }

        impl<'a> $event_ref<'a> {
            /// Reads and validates JSON bytes without copying them: strings without escapes
            /// are borrowed, free-form JSON (`payload.data`) is kept as the input's raw text
            /// (numbers as written). It accepts exactly what the owned type's `from_slice`
            /// accepts, with the same errors; in the rare valid inputs the fast path leaves to
            /// the slow one (a repeated property name, nesting deeper than 100 levels) the
            /// result owns its values and free-form JSON is canonical text.
            pub fn from_slice(
                bytes: &'a [u8],
            ) -> ::std::result::Result<Self, $crate::ValidationErrors> {
                match $crate::api::read_slice_fast(
                    &SCHEMAS.event_plan,
                    bytes,
                    $crate::api::Passes::Both,
                ) {
                    ::std::option::Option::Some(event) => ::std::result::Result::Ok(event),
                    ::std::option::Option::None => {
                        $crate::api::read_slice_slow(&SCHEMAS.event, bytes).map(Self::from_owned)
                    }
                }
            }

            /// [`Self::from_slice`] of the text's bytes.
            pub fn from_json(
                json: &'a str,
            ) -> ::std::result::Result<Self, $crate::ValidationErrors> {
                Self::from_slice(json.as_bytes())
            }

            /// `from_slice`'s fast path alone (`None` where it declines); for the differential
            /// tests and benchmarks, not part of the API.
            #[doc(hidden)]
            pub fn __fast_path_from_slice(bytes: &'a [u8]) -> ::std::option::Option<Self> {
                $crate::api::read_slice_fast(&SCHEMAS.event_plan, bytes, $crate::api::Passes::Both)
            }

            /// The fast path's scanner alone; for the differential tests and benchmarks.
            #[doc(hidden)]
            pub fn __scanner_from_slice(bytes: &'a [u8]) -> ::std::option::Option<Self> {
                $crate::api::read_slice_fast(
                    &SCHEMAS.event_plan,
                    bytes,
                    $crate::api::Passes::ScannerOnly,
                )
            }

            /// The fast path's serde_json pass alone; for the differential tests and benchmarks.
            #[doc(hidden)]
            pub fn __serde_pass_from_slice(bytes: &'a [u8]) -> ::std::option::Option<Self> {
                $crate::api::read_slice_fast(
                    &SCHEMAS.event_plan,
                    bytes,
                    $crate::api::Passes::SerdeOnly,
                )
            }
        }

        impl ::std::str::FromStr for $event {
            type Err = $crate::ValidationErrors;

            fn from_str(json: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::from_json(json)
            }
        }

        /// This version's JSON Schema as readers see it (`Validation`) or as writers emit it
        /// (`Serialization`).
        pub fn json_schema(mode: $crate::schema_utils::SchemaMode) -> ::serde_json::Value {
            // Written by codegen (`codegen::schema::published_schema`, `serialization_schema`),
            // as every package ships them.
            let text = match mode {
                $crate::schema_utils::SchemaMode::Validation => PUBLISHED_SCHEMA_JSON,
                $crate::schema_utils::SchemaMode::Serialization => SERIALIZATION_SCHEMA_JSON,
            };
            ::serde_json::from_str(text).expect("codegen writes the published schemas as JSON")
        }
    };
}

pub(crate) use version_api;
