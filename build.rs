//! Build script: generates the Rust types of every schema version with typify.
//!
//! Wiring only. For each `schema/v<major>.<minor>/` directory (module `v<major>_<minor>`):
//! read its `*.schema.json`, check what typify cannot express, give typify a copy without our
//! `x-` annotations, post-process the syn AST (schema field order, `x-default-factory` fields
//! become plain fields filled by a runtime factory), pretty-print to `$OUT_DIR/<module>.rs`.
//! `$OUT_DIR/versions.rs` declares one module per version; `src/lib.rs` includes it.
//! `$OUT_DIR/versioned.rs` invokes `versioned!` with every version (`src/versioned.rs` includes
//! it), so `parse_any` dispatches to each version without a hand-written list.
//! Any schema this cannot handle fails the build naming the schema file and JSON pointer.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

use schemars08::schema::{InstanceType, ObjectValidation, RootSchema, Schema, SchemaObject};
use serde_json::Value;
use syn::punctuated::Punctuated;

#[path = "build/constructors.rs"]
mod constructors;
#[path = "build/fast_path.rs"]
mod fast_path;
#[path = "build/plan.rs"]
mod plan;
#[path = "build/unions.rs"]
mod unions;

const SCHEMA_DIR: &str = "schema";

/// A runtime default factory a property may name with `x-default-factory`.
struct Factory {
    /// The name used in the schema.
    name: &'static str,
    /// The `format` the property must have (the factory's return type is fixed).
    format: &'static str,
    /// The function serde calls when the property is absent (defined in `src/factory.rs`).
    function: &'static str,
}

const FACTORIES: &[Factory] = &[
    Factory {
        name: "uuid4",
        format: "uuid",
        function: "crate::factory::uuid4",
    },
    Factory {
        name: "now",
        format: "date-time",
        function: "crate::factory::now",
    },
];

/// Formats with a defined meaning in every language (schema/CONTRACT.md).
const FORMATS: &[&str] = &["uuid", "date-time"];

/// Keywords allowed next to `format: date-time` (typify's conversion to `crate::Timestamp`
/// only matches `{type: string, format: date-time}` plus annotations).
const DATE_TIME_KEYS: &[&str] = &[
    "type",
    "format",
    "description",
    "title",
    "default",
    "examples",
    "$comment",
    "deprecated",
];

fn main() {
    println!("cargo:rerun-if-changed={SCHEMA_DIR}");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build");
    if let Err(message) = run() {
        eprintln!("error: {message}");
        std::process::exit(1);
    }
}

/// One `schema/v*/` directory.
struct Version {
    /// `1.0`
    version: String,
    /// `v1_0`
    module: String,
    /// `(1, 0)`, for ordering.
    key: (u64, u64),
    /// `schema/v1.0/workflow_event.schema.json`, relative to the package root.
    schema_file: String,
}

fn run() -> Result<(), String> {
    let out_dir = PathBuf::from(env::var("OUT_DIR").map_err(|e| format!("OUT_DIR: {e}"))?);
    let versions = discover_versions(Path::new(SCHEMA_DIR))?;
    let mut roots = Vec::new();
    for version in &versions {
        let (source, root) = generate_version(version)?;
        write_if_changed(&out_dir.join(format!("{}.rs", version.module)), &source)?;
        roots.push(root);
    }
    write_if_changed(
        &out_dir.join("versions.rs"),
        &versions_rs(&versions, &roots),
    )?;
    write_if_changed(&out_dir.join("versioned.rs"), &versioned_rs(&versions))?;
    if env::var_os("CARGO_FEATURE_FIXTURES").is_some() {
        println!("cargo:rerun-if-changed={FIXTURE_DIR}");
        write_if_changed(&out_dir.join("fixtures.rs"), &fixtures_rs(&out_dir)?)?;
    }
    Ok(())
}

/// The fixture schemas the `fixtures` feature builds (tests/unions.rs reads them).
const FIXTURE_DIR: &str = "tests/fixtures/schemas";

/// Union fixtures the Rust types cannot take yet, with the reason (tests/unions.rs checks that
/// every other `union_*` fixture is built).
const FIXTURES_NOT_YET: &[(&str, &str)] = &[];

/// With the `fixtures` feature: one module per `tests/fixtures/schemas/union_*.json`, generated
/// exactly as a version is (`$OUT_DIR/fixture_<stem>.rs`), with the same API; `fixtures.rs`
/// declares them (`src/lib.rs` includes it as `workflow_events::fixtures`).
fn fixtures_rs(out_dir: &Path) -> Result<String, String> {
    let dir = Path::new(FIXTURE_DIR);
    let mut stems = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if let Some(stem) = name.as_deref().and_then(|n| n.strip_suffix(".json")) {
            if stem.starts_with("union_") && !FIXTURES_NOT_YET.iter().any(|(s, _)| *s == stem) {
                stems.push(stem.to_string());
            }
        }
    }
    stems.sort();
    let mut out = String::from(
        "// @generated by build.rs (feature `fixtures`): tests/fixtures/schemas/union_*.json. Do not edit.\n",
    );
    for stem in &stems {
        let file = format!("{FIXTURE_DIR}/{stem}.json");
        let (source, root, has_unions) = generate(&file)?;
        let unions = if has_unions { "__UNIONS" } else { "&[]" };
        let module = format!("fixture_{stem}");
        write_if_changed(&out_dir.join(format!("{module}.rs")), &source)?;
        let _ = write!(
            out,
            r#"
pub mod {stem} {{
    //! Fixture `{file}`: types generated by typify, API from `crate::api`.
    include!(concat!(env!("OUT_DIR"), "/{module}.rs"));

    /// The schema file this module was generated from.
    pub const SCHEMA_FILE: &str = "{file}";
    /// The text of the schema file.
    pub const SCHEMA_JSON: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/{file}"));
    /// The Rust source build.rs generated for this fixture.
    pub const GENERATED_SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/{module}.rs"));

    crate::api::version_api!({root}, {root}Ref, {unions});
}}
"#
        );
    }
    let names: Vec<String> = stems.iter().map(|s| format!("{s:?}")).collect();
    let _ = write!(
        out,
        "\n/// The fixture modules, by schema file stem.\npub const FIXTURES: &[&str] = &[{}];\n",
        names.join(", ")
    );
    let not_yet: Vec<String> = FIXTURES_NOT_YET
        .iter()
        .map(|(stem, why)| format!("({stem:?}, {why:?})"))
        .collect();
    let _ = write!(
        out,
        "\n/// Union fixtures not built, with the reason.\npub const NOT_YET: &[(&str, &str)] = &[{}];\n",
        not_yet.join(", ")
    );
    Ok(out)
}

/// Every `v<major>.<minor>` directory under `dir`, oldest first.
fn discover_versions(dir: &Path) -> Result<Vec<Version>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut versions = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.path().is_dir() || !name.starts_with('v') {
            continue;
        }
        let key = parse_version(&name[1..]).ok_or_else(|| {
            format!(
                "{}: a version directory must be named v<major>.<minor>",
                entry.path().display()
            )
        })?;
        let schema_file = schema_file_in(&entry.path())?;
        versions.push(Version {
            version: name[1..].to_string(),
            module: format!("v{}_{}", key.0, key.1),
            key,
            schema_file,
        });
    }
    versions.sort_by_key(|v| v.key);
    if versions.is_empty() {
        return Err(format!("{}: no v<major>.<minor> directory", dir.display()));
    }
    Ok(versions)
}

fn parse_version(text: &str) -> Option<(u64, u64)> {
    let (major, minor) = text.split_once('.')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(major) || !digits(minor) {
        return None;
    }
    let key = (major.parse().ok()?, minor.parse().ok()?);
    // One spelling per version (no `v01.0` next to `v1.0`: both would be module `v1_0`).
    (format!("{}.{}", key.0, key.1) == text).then_some(key)
}

/// The one `*.schema.json` file of a version directory, as a `/`-separated relative path.
fn schema_file_in(dir: &Path) -> Result<String, String> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_file() && path.to_string_lossy().ends_with(".schema.json") {
            found.push(path);
        }
    }
    match found.as_slice() {
        [one] => Ok(one.to_string_lossy().replace('\\', "/")),
        _ => Err(format!(
            "{}: expected exactly one *.schema.json file, found {}",
            dir.display(),
            found.len()
        )),
    }
}

/// The generated Rust source of one version, and the name of its root struct.
fn generate_version(version: &Version) -> Result<(String, (String, bool)), String> {
    let (source, root, has_unions) = generate(&version.schema_file)?;
    if env::var_os("CARGO_FEATURE_KAFKA").is_some() {
        let file = &version.schema_file;
        let loaded =
            codegen::schema::load(Path::new(file), Path::new(".")).map_err(|e| e.to_string())?;
        let module = codegen::ir::lower(&loaded).map_err(|e| e.to_string())?;
        kafka_layout(&module).map_err(|e| format!("{file}{e}"))?;
    }
    Ok((source, (root, has_unions)))
}

/// With the `kafka` feature: the record layout (README "Kafka", `src/kafka/producer.rs`) reads
/// `workflow_run_id` (the key), `source`, `event_type` (at the root, or the tag of a `payload`
/// union discriminated by it) and `metadata.version` from every event's JSON, so each must be a
/// string the event always has (required, or filled by a default); a version without one fails
/// here, naming the pointer, instead of the producer failing when it sends.
fn kafka_layout(module: &codegen::ir::Module) -> Result<(), String> {
    use codegen::ir::{Field, Object, Type, TypeKind};
    fn object<'m>(module: &'m codegen::ir::Module, ty: &Type) -> Option<&'m Object> {
        match ty {
            Type::Ref(name) => match &module.get(name)?.kind {
                TypeKind::Object(o) => Some(o),
                TypeKind::Alias(inner) => object(module, inner),
                TypeKind::Enum(_) => None,
            },
            _ => None,
        }
    }
    fn is_string(module: &codegen::ir::Module, ty: &Type) -> bool {
        match ty {
            Type::String(_) | Type::Const(Value::String(_)) => true,
            Type::Ref(name) => match module.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(_)) => true,
                Some(TypeKind::Alias(inner)) => is_string(module, inner),
                _ => false,
            },
            _ => false,
        }
    }
    fn always<'o>(object: &'o Object, name: &str) -> Option<&'o Field> {
        object.fields.iter().find(|f| {
            f.wire_name == name
                && (f.required || f.default.is_some() || f.default_factory.is_some())
        })
    }
    let need = |pointer: &str, what: &str| {
        format!("#{pointer}: the Kafka record layout (feature `kafka`) needs {what}")
    };
    let TypeKind::Object(root) = &module.root_type().kind else {
        return Err(need("", "an object root"));
    };
    for name in ["workflow_run_id", "source"] {
        if !always(root, name).is_some_and(|f| is_string(module, &f.ty)) {
            return Err(need(
                &format!("/properties/{name}"),
                &format!("a required string property `{name}`"),
            ));
        }
    }
    let version = always(root, "metadata")
        .and_then(|f| object(module, &f.ty))
        .and_then(|m| always(m, "version"))
        .is_some_and(|f| is_string(module, &f.ty));
    if !version {
        return Err(need(
            "/properties/metadata",
            "a required object `metadata` whose `version` is a string that is always present",
        ));
    }
    let at_root = always(root, "event_type").is_some_and(|f| is_string(module, &f.ty));
    let in_payload = always(root, "payload").is_some_and(|f| match &f.ty {
        Type::Union(u) => u.discriminator.as_deref() == Some("event_type"),
        _ => false,
    });
    if !at_root && !in_payload {
        return Err(need(
            "/properties/event_type",
            "a required string `event_type` (or a `payload` union discriminated by `event_type`)",
        ));
    }
    Ok(())
}

/// The generated Rust source of one schema file, and the name of its root struct.
fn generate(file: &str) -> Result<(String, String, bool), String> {
    let text = fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let schema: Value =
        serde_json::from_str(&text).map_err(|e| format!("{file}: invalid JSON: {e}"))?;

    // The gate: the codegen IR lowering that the Python and TypeScript backends read. A
    // schema it cannot represent fails here, naming the file, the JSON pointer and the keyword.
    let loaded =
        codegen::schema::load(Path::new(file), Path::new(".")).map_err(|e| e.to_string())?;
    let module = codegen::ir::lower(&loaded).map_err(|e| e.to_string())?;
    let sites = unions::sites(&module);
    unions::check(&module, &sites).map_err(|e| format!("{file}{e}"))?;
    check_compiles(&schema).map_err(|e| format!("{file}: {e}"))?;

    check_and_collect(&schema, "", false, &mut Vec::new()).map_err(|e| format!("{file}{e}"))?;

    // typify reads `allOf` as a struct per part; it is given the object the IR merged instead
    // (so the struct is the merged object, matched by `find_object` like any other).
    let mut typify_copy = schema.clone();
    merge_all_of_for_typify(file, &mut typify_copy)?;
    let mut objects = Vec::new();
    check_and_collect(&typify_copy, "", false, &mut objects).map_err(|e| format!("{file}{e}"))?;
    strip_extensions(&mut typify_copy);
    let placeholders = unions::rewrite_for_typify(&mut typify_copy, &module, &sites)
        .map_err(|e| format!("{file}{e}"))?;
    let root: RootSchema = serde_json::from_value(typify_copy)
        .map_err(|e| format!("{file}: not a schema typify can read: {e}"))?;

    let mut settings = typify::TypeSpaceSettings::default();
    settings
        .with_map_type("::indexmap::IndexMap".to_string())
        .with_derive("PartialEq".to_string())
        .with_conversion(
            SchemaObject {
                instance_type: Some(InstanceType::String.into()),
                format: Some("date-time".to_string()),
                ..Default::default()
            },
            "crate::Timestamp",
            [
                typify::TypeSpaceImpl::Display,
                typify::TypeSpaceImpl::FromStr,
            ]
            .into_iter(),
        );
    // Free-form objects (`{type: object}`, with or without `additionalProperties: true`) are
    // `crate::JsonObject`: canonical text, made in one pass when read (src/json_object.rs).
    for open in [None, Some(Box::new(Schema::Bool(true)))] {
        settings.with_conversion(
            SchemaObject {
                instance_type: Some(InstanceType::Object.into()),
                object: open.map(|additional| {
                    Box::new(ObjectValidation {
                        additional_properties: Some(additional),
                        ..Default::default()
                    })
                }),
                ..Default::default()
            },
            "crate::JsonObject",
            [typify::TypeSpaceImpl::Default].into_iter(),
        );
    }
    for name in &placeholders {
        settings.with_replacement(name, name, std::iter::empty());
    }
    let mut space = typify::TypeSpace::new(&settings);
    space
        .add_root_schema(root)
        .map_err(|e| format!("{file}: typify: {e}"))?;
    if space.uses_chrono() {
        return Err(format!(
            "{file}: typify used a chrono type; only plain date-time strings are supported"
        ));
    }

    let mut ast: syn::File = syn::parse2(space.to_stream())
        .map_err(|e| format!("{file}: typify output does not parse: {e}"))?;
    let matched = postprocess(&mut ast, &objects, &module).map_err(|e| format!("{file}{e}"))?;
    let names = constructors::TypeNames::of(&ast);
    let structs = struct_schemas(&ast, &objects, &matched, &module)?;
    let root = structs
        .iter()
        .find(|s| s.pointer.is_empty())
        .map(|s| s.item.ident.to_string())
        .ok_or_else(|| format!("{file}: typify generated no struct for the root schema"))?;
    let impls = constructors::items(&structs, &names).map_err(|e| format!("{file}{e}"))?;
    ast.items.extend(impls);
    if !sites.is_empty() {
        ast.items.extend(
            unions::items(&module, &sites, &schema, &ast).map_err(|e| format!("{file}{e}"))?,
        );
    }
    ast.items.push(plan::plan_fn(&module));
    fast_path::add_items(&mut ast).map_err(|e| format!("{file}: {e}"))?;
    let mut patterns = CratePatterns::default();
    syn::visit_mut::VisitMut::visit_file_mut(&mut patterns, &mut ast);
    if let Some(error) = patterns.error {
        return Err(format!("{file}: {error}"));
    }

    let source = format!(
        "// @generated by build.rs from {file} with typify. Do not edit.\n\n{}",
        prettyplease::unparse(&ast)
    );
    Ok((source, root, !sites.is_empty()))
}

/// Replaces every `allOf` node of `copy` by the schema the codegen IR merges it into
/// (`codegen::ir::merged_all_of`), innermost first, so an `allOf` inside a part is merged before
/// the part is.
fn merge_all_of_for_typify(file: &str, copy: &mut Value) -> Result<(), String> {
    fn find(node: &Value, pointer: String, out: &mut Vec<String>) {
        if node.get("allOf").is_some() {
            out.push(pointer.clone());
        }
        for_each_subschema(node, &pointer, |child, child_pointer, _| {
            find(child, child_pointer, out)
        });
    }
    let mut pointers = Vec::new();
    find(copy, String::new(), &mut pointers);
    pointers.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    for pointer in pointers {
        let merged = codegen::ir::merged_all_of(file, copy, &pointer).map_err(|e| e.to_string())?;
        let slot = copy
            .pointer_mut(&pointer)
            .ok_or_else(|| format!("{file}#{pointer}: allOf not found"))?;
        *slot = Value::Object(merged);
    }
    Ok(())
}

/// Points typify's `static PATTERN: LazyLock<::regress::Regex>` (in the `FromStr` of every
/// string type with a `pattern`) at `crate::pattern::Pattern`: the slow path's regex engine,
/// compiled once, so that the generated types agree with the validator (and do not check each
/// string a second, slower way).
#[derive(Default)]
struct CratePatterns {
    error: Option<String>,
}

impl syn::visit_mut::VisitMut for CratePatterns {
    fn visit_item_static_mut(&mut self, item: &mut syn::ItemStatic) {
        let ty = &item.ty;
        if !quote::quote!(#ty).to_string().contains("regress") {
            return;
        }
        let mut source = None;
        let mut find = FindRegexSource(&mut source);
        syn::visit_mut::VisitMut::visit_expr_mut(&mut find, &mut item.expr.clone());
        let Some(source) = source else {
            self.error = Some(format!(
                "typify wrote a regex static {} whose pattern was not found",
                item.ident
            ));
            return;
        };
        *item.ty = syn::parse_quote!(::std::sync::LazyLock<crate::pattern::Pattern>);
        *item.expr =
            syn::parse_quote!(::std::sync::LazyLock::new(|| crate::pattern::Pattern::new(#source)));
    }
}

/// The string literal inside typify's `::regress::Regex::new("…")`.
struct FindRegexSource<'a>(&'a mut Option<syn::LitStr>);

impl syn::visit_mut::VisitMut for FindRegexSource<'_> {
    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        self.0.get_or_insert_with(|| lit.clone());
    }
}

/// A schema object with `properties`: what post-processing needs to know about it.
struct ObjectNode {
    pointer: String,
    /// Property names in schema order.
    order: Vec<String>,
    /// Property name → (factory, pointer of the property).
    factories: BTreeMap<String, (&'static Factory, String)>,
}

/// Keywords whose value is a map of subschemas.
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// Keywords whose value is one subschema (or, for `items`, possibly an array of them).
const SCHEMA_ONE: &[&str] = &[
    "items",
    "additionalItems",
    "additionalProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
];
/// Keywords whose value is an array of subschemas.
const SCHEMA_ARRAYS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

/// Calls `f(child, pointer)` for every direct subschema of `node`; `is_property` tells whether
/// the child is a value of `properties`.
fn for_each_subschema(node: &Value, pointer: &str, mut f: impl FnMut(&Value, String, bool)) {
    let Value::Object(map) = node else { return };
    for (keyword, value) in map {
        let here = format!("{pointer}/{}", escape_pointer(keyword));
        if SCHEMA_MAPS.contains(&keyword.as_str()) {
            if let Value::Object(children) = value {
                for (name, child) in children {
                    f(
                        child,
                        format!("{here}/{}", escape_pointer(name)),
                        keyword == "properties",
                    );
                }
            }
        } else if SCHEMA_ARRAYS.contains(&keyword.as_str())
            || (keyword == "items" && value.is_array())
        {
            if let Value::Array(children) = value {
                for (i, child) in children.iter().enumerate() {
                    f(child, format!("{here}/{i}"), false);
                }
            }
        } else if SCHEMA_ONE.contains(&keyword.as_str()) {
            f(value, here, false);
        }
    }
}

fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Walks the schema: rejects what the generated code cannot honour and collects every object
/// with `properties` (and its `x-default-factory` properties).
fn check_and_collect(
    node: &Value,
    pointer: &str,
    is_property: bool,
    out: &mut Vec<ObjectNode>,
) -> Result<(), String> {
    if let Some(format) = node.get("format") {
        let known = format.as_str().is_some_and(|f| FORMATS.contains(&f));
        if !known {
            return Err(format!(
                "#{pointer}/format: unsupported format {format} (supported: {FORMATS:?})"
            ));
        }
        if format == "date-time" {
            if let Some(key) = node
                .as_object()
                .into_iter()
                .flat_map(|m| m.keys())
                .find(|k| !DATE_TIME_KEYS.contains(&k.as_str()) && !k.starts_with("x-"))
            {
                return Err(format!("#{pointer}/{key}: a date-time property may only carry annotations besides type and format"));
            }
        }
    }
    if node.get("x-default-factory").is_some() && !is_property {
        return Err(format!(
            "#{pointer}: x-default-factory is only allowed on a property"
        ));
    }
    if let Some(Value::Object(properties)) = node.get("properties") {
        let required: Vec<&str> = node
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut object = ObjectNode {
            pointer: format!("#{pointer}"),
            order: Vec::new(),
            factories: BTreeMap::new(),
        };
        for (name, property) in properties {
            object.order.push(name.clone());
            let property_pointer = format!("#{pointer}/properties/{}", escape_pointer(name));
            if let Some(value) = property.get("x-default-factory") {
                let factory = check_factory(value, property, &property_pointer)?;
                if required.contains(&name.as_str()) {
                    return Err(format!(
                        "{property_pointer}: a required property cannot have x-default-factory"
                    ));
                }
                object
                    .factories
                    .insert(name.clone(), (factory, property_pointer));
            }
        }
        out.push(object);
    }
    let mut result = Ok(());
    for_each_subschema(node, pointer, |child, child_pointer, child_is_property| {
        if result.is_ok() {
            result = check_and_collect(child, &child_pointer, child_is_property, out);
        }
    });
    result
}

fn check_factory(
    value: &Value,
    property: &Value,
    pointer: &str,
) -> Result<&'static Factory, String> {
    let names: Vec<&str> = FACTORIES.iter().map(|f| f.name).collect();
    let factory = value
        .as_str()
        .and_then(|name| FACTORIES.iter().find(|f| f.name == name))
        .ok_or_else(|| {
            format!("{pointer}/x-default-factory: unknown factory {value} (known: {names:?})")
        })?;
    let is_string = property.get("type").and_then(Value::as_str) == Some("string");
    if !is_string || property.get("format").and_then(Value::as_str) != Some(factory.format) {
        return Err(format!(
            "{pointer}: x-default-factory \"{}\" needs {{\"type\": \"string\", \"format\": \"{}\"}}",
            factory.name, factory.format
        ));
    }
    Ok(factory)
}

/// Removes our `x-` annotations from every subschema (typify's `with_conversion` matching
/// treats them as keywords); property names and values of `enum`/`default` are left alone.
fn strip_extensions(node: &mut Value) {
    let Value::Object(map) = node else { return };
    map.retain(|key, _| !key.starts_with("x-"));
    for (keyword, value) in map.iter_mut() {
        if SCHEMA_MAPS.contains(&keyword.as_str()) {
            if let Value::Object(children) = value {
                children.values_mut().for_each(strip_extensions);
            }
        } else if SCHEMA_ARRAYS.contains(&keyword.as_str())
            || (keyword == "items" && value.is_array())
        {
            if let Value::Array(children) = value {
                children.iter_mut().for_each(strip_extensions);
            }
        } else if SCHEMA_ONE.contains(&keyword.as_str()) {
            strip_extensions(value);
        }
    }
}

/// Fixes what typify 0.8 gets wrong for us, struct by struct: it sorts fields alphabetically
/// (we need schema order on the wire), it makes every optional property an `Option`
/// (an `x-default-factory` property is filled when absent, so it is a plain field), and it reads
/// an explicit `null` of an optional nullable property as "absent" (it must be kept: such a
/// field becomes `Option<Option<T>>`, `Some(None)` being the `null` that was given).
/// Returns the index of the schema object of every struct, by struct name.
fn postprocess(
    file: &mut syn::File,
    objects: &[ObjectNode],
    module: &codegen::ir::Module,
) -> Result<BTreeMap<String, usize>, String> {
    let mut matched = BTreeMap::new();
    for item in &mut file.items {
        let syn::Item::Struct(item) = item else {
            continue;
        };
        let syn::Fields::Named(fields) = &mut item.fields else {
            continue;
        };
        let names = fields
            .named
            .iter()
            .map(json_name)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!(": {e}"))?;
        let index = find_object(&item.ident, &names, objects)?;
        matched.insert(item.ident.to_string(), index);
        let object = &objects[index];
        reorder_fields(fields, &object.order).map_err(|e| format!("{}: {e}", object.pointer))?;
        let ir = ir_object(module, &object.pointer);
        for field in fields.named.iter_mut() {
            let name = json_name(field).map_err(|e| format!("{}: {e}", object.pointer))?;
            if let Some((factory, pointer)) = object.factories.get(&name) {
                apply_factory(field, factory).map_err(|e| format!("{pointer}: {e}"))?;
            }
            let ir_field = ir.and_then(|o| o.fields.iter().find(|f| f.wire_name == name));
            if let Some(ir_field) = ir_field.filter(|f| keeps_explicit_null(module, f)) {
                apply_explicit_null(field).map_err(|e| format!("#{}: {e}", ir_field.pointer))?;
            }
        }
    }
    let found: Vec<usize> = matched.values().copied().collect();
    match objects
        .iter()
        .enumerate()
        .find(|(i, o)| !found.contains(i) && !o.factories.is_empty())
    {
        Some((_, object)) => Err(format!(
            "{}: typify generated no struct for this object",
            object.pointer
        )),
        None => Ok(matched),
    }
}

/// The IR object lowered from the schema object at `pointer` (`#/$defs/X`).
fn ir_object<'m>(
    module: &'m codegen::ir::Module,
    pointer: &str,
) -> Option<&'m codegen::ir::Object> {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    module.types.iter().find_map(|t| match &t.kind {
        codegen::ir::TypeKind::Object(o) if t.pointer == pointer => Some(o),
        _ => None,
    })
}

/// An optional property without a default whose schema allows `null`: absent and `null` are
/// two different values (schema/CONTRACT.md, "Writing").
fn keeps_explicit_null(module: &codegen::ir::Module, field: &codegen::ir::Field) -> bool {
    fn nullable(module: &codegen::ir::Module, ty: &codegen::ir::Type, depth: usize) -> bool {
        match ty {
            codegen::ir::Type::Ref(name) if depth < 32 => match module.get(name).map(|t| &t.kind) {
                Some(codegen::ir::TypeKind::Alias(inner)) => nullable(module, inner, depth + 1),
                _ => false,
            },
            other => other.accepts_null(),
        }
    }
    !field.required
        && field.default.is_none()
        && field.default_factory.is_none()
        && nullable(module, &field.ty, 0)
}

/// `Option<T>` (absent → `None`) becomes `Option<Option<T>>` read by
/// `crate::explicit_null::deserialize`, so that a given `null` is `Some(None)` and is written
/// back; `Option<serde_json::Value>` keeps its type (`Some(Value::Null)` is the given `null`).
fn apply_explicit_null(field: &mut syn::Field) -> Result<(), String> {
    let inner = option_inner(&field.ty).ok_or_else(|| {
        let ty = &field.ty;
        format!(
            "typify generated `{}` for an optional nullable property, expected an Option",
            quote::quote!(#ty)
        )
    })?;
    let inner_is_value = fast_path_last_ident(&inner).is_some_and(|i| i == "Value");
    if option_inner(&inner).is_none() && !inner_is_value {
        let outer = field.ty.clone();
        field.ty = syn::parse_quote!(::std::option::Option<#outer>);
    }
    let mut metas: Vec<syn::Meta> = serde_metas(field)?
        .into_iter()
        .filter(|m| !m.path().is_ident("deserialize_with"))
        .collect();
    metas.push(syn::parse_quote!(
        deserialize_with = "crate::explicit_null::deserialize"
    ));
    if !metas.iter().any(|m| m.path().is_ident("default")) {
        metas.push(syn::parse_quote!(default));
    }
    field.attrs.retain(|a| !a.path().is_ident("serde"));
    field.attrs.push(syn::parse_quote!(#[serde(#(#metas),*)]));
    Ok(())
}

fn fast_path_last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            p.path.segments.last().map(|s| s.ident.to_string())
        }
        _ => None,
    }
}

/// What the constructors need of every struct: its schema pointer and IR properties.
fn struct_schemas<'a>(
    file: &'a syn::File,
    objects: &[ObjectNode],
    matched: &BTreeMap<String, usize>,
    module: &'a codegen::ir::Module,
) -> Result<Vec<constructors::StructSchema<'a>>, String> {
    let mut out = Vec::new();
    for item in &file.items {
        let syn::Item::Struct(item) = item else {
            continue;
        };
        let Some(&index) = matched.get(&item.ident.to_string()) else {
            continue;
        };
        let pointer = objects[index].pointer.trim_start_matches('#').to_string();
        let object = ir_object(module, &pointer).ok_or_else(|| {
            format!(
                "#{pointer}: struct {} has no object in the codegen IR",
                item.ident
            )
        })?;
        out.push(constructors::StructSchema {
            item,
            pointer,
            fields: object.fields.iter().collect(),
        });
    }
    Ok(out)
}

/// Every schema version is compiled by the same validator the crate reads with (the
/// `jsonschema` crate, as `src/validate.rs` configures it), so that a schema build.rs accepts
/// never fails to compile at run time.
fn check_compiles(schema: &Value) -> Result<(), String> {
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .map(|_| ())
        .map_err(|e| format!("the schema validator cannot compile this schema: {e}"))
}

/// The schema object a struct was generated from: the one with the same property names.
/// Several objects with the same names are fine only if they agree on order and factories.
fn find_object(
    ident: &syn::Ident,
    names: &[String],
    objects: &[ObjectNode],
) -> Result<usize, String> {
    let mut wanted = names.to_vec();
    wanted.sort();
    let candidates: Vec<usize> = (0..objects.len())
        .filter(|&i| {
            let mut have = objects[i].order.clone();
            have.sort();
            have == wanted
        })
        .collect();
    let first = *candidates.first().ok_or_else(|| {
        format!(": struct {ident} (fields {names:?}) matches no schema object with properties")
    })?;
    let same = |i: &usize| {
        let (a, b) = (&objects[first], &objects[*i]);
        a.order == b.order
            && a.factories.len() == b.factories.len()
            && a.factories
                .iter()
                .zip(&b.factories)
                .all(|((n1, f1), (n2, f2))| n1 == n2 && f1.0.name == f2.0.name)
    };
    if let Some(other) = candidates.iter().find(|i| !same(i)) {
        return Err(format!(
            "{}, {}: objects with the same property names but a different order or factories (struct {ident})",
            objects[first].pointer, objects[*other].pointer
        ));
    }
    Ok(first)
}

/// The JSON name of a field: its `#[serde(rename = "...")]`, else its identifier.
fn json_name(field: &syn::Field) -> Result<String, String> {
    for meta in serde_metas(field)? {
        if let syn::Meta::NameValue(nv) = &meta {
            if nv.path.is_ident("rename") {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
                {
                    return Ok(s.value());
                }
            }
        }
    }
    let ident = field.ident.as_ref().ok_or("a named field without a name")?;
    Ok(ident.to_string().trim_start_matches("r#").to_string())
}

/// The items of every `#[serde(...)]` attribute of a field.
fn serde_metas(field: &syn::Field) -> Result<Vec<syn::Meta>, String> {
    let mut metas = Vec::new();
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let list = attr
            .parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
            .map_err(|e| format!("cannot read a serde attribute typify wrote: {e}"))?;
        metas.extend(list);
    }
    Ok(metas)
}

fn reorder_fields(fields: &mut syn::FieldsNamed, order: &[String]) -> Result<(), String> {
    let mut keyed = Vec::new();
    for field in std::mem::take(&mut fields.named) {
        let name = json_name(&field)?;
        keyed.push((order.iter().position(|n| *n == name), field));
    }
    keyed.sort_by_key(|(position, _)| *position);
    fields.named = keyed.into_iter().map(|(_, field)| field).collect();
    Ok(())
}

/// `Option<T>` with `skip_serializing_if` becomes `T` with `#[serde(default = "<factory>")]`.
fn apply_factory(field: &mut syn::Field, factory: &Factory) -> Result<(), String> {
    let inner = option_inner(&field.ty).ok_or_else(|| {
        let ty = &field.ty;
        format!(
            "typify generated `{}`, expected an Option for an optional property",
            quote::quote!(#ty)
        )
    })?;
    field.ty = inner;
    let mut metas: Vec<syn::Meta> = serde_metas(field)?
        .into_iter()
        .filter(|m| !m.path().is_ident("default") && !m.path().is_ident("skip_serializing_if"))
        .collect();
    let function = factory.function;
    metas.push(syn::parse_quote!(default = #function));
    field.attrs.retain(|a| !a.path().is_ident("serde"));
    field.attrs.push(syn::parse_quote!(#[serde(#(#metas),*)]));
    Ok(())
}

/// `T` if `ty` is `Option<T>` (any path ending in `Option`).
fn option_inner(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner.clone()),
        _ => None,
    }
}

/// `versions.rs`: one module per version, the newest re-exported as `latest`.
fn versions_rs(versions: &[Version], roots: &[(String, bool)]) -> String {
    let mut out = String::from(
        "// @generated by build.rs: one module per schema/v*/ directory. Do not edit.\n",
    );
    for (v, (root, has_unions)) in versions.iter().zip(roots) {
        let _ = write!(
            out,
            r#"
pub mod {module} {{
    //! Schema version {version} (`{file}`): types generated by typify, API from `crate::api`.
    include!(concat!(env!("OUT_DIR"), "/{module}.rs"));

    /// This module's schema version.
    pub const VERSION: &str = "{version}";
    /// The schema file this module was generated from.
    pub const SCHEMA_FILE: &str = "{file}";
    /// The text of the schema file.
    pub const SCHEMA_JSON: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/{file}"));
    /// The Rust source build.rs generated for this version.
    pub const GENERATED_SOURCE: &str = include_str!(concat!(env!("OUT_DIR"), "/{module}.rs"));

    crate::api::version_api!({root}, {root}Ref, {unions});
}}
"#,
            version = v.version,
            module = v.module,
            file = v.schema_file,
            unions = if *has_unions { "__UNIONS" } else { "&[]" },
        );
    }
    let list: Vec<String> = versions
        .iter()
        .map(|v| format!("{:?}", v.version))
        .collect();
    let modules: Vec<String> = versions
        .iter()
        .map(|v| format!("$m!({});", v.module))
        .collect();
    let _ = write!(
        out,
        "\n/// `for_each_version!(m)` invokes `m!(v1_0); m!(v1_1); …` for every schema version, oldest\n/// first: tests and benchmarks that run once per version need no hand-written list.\n#[doc(hidden)]\n#[macro_export]\nmacro_rules! for_each_version {{\n    ($m:ident) => {{ {} }};\n}}\n",
        modules.join(" ")
    );
    let latest = &versions[versions.len() - 1].module;
    let _ = write!(
        out,
        "\n/// Every schema version, oldest first.\npub const VERSIONS: &[&str] = &[{}];\n\n/// The newest schema version.\npub use {latest} as latest;\n",
        list.join(", ")
    );
    out
}

/// `versioned.rs`: the `versioned!` invocation over every version, oldest first
/// (`v1_0 => V1_0, v1_1 => V1_1`); expanded inside `src/versioned.rs`.
fn versioned_rs(versions: &[Version]) -> String {
    let arms: Vec<String> = versions
        .iter()
        .map(|v| format!("{} => {}", v.module, v.module.to_uppercase()))
        .collect();
    format!(
        "// @generated by build.rs: every schema/v*/ directory, for src/versioned.rs. Do not edit.\nversioned!({});\n",
        arms.join(", ")
    )
}

/// Writes atomically (temp file + rename), and only when the bytes change.
fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if fs::read(path).ok().as_deref() == Some(contents.as_bytes()) {
        return Ok(());
    }
    let tmp = path.with_extension("rs.tmp");
    fs::write(&tmp, contents).map_err(|e| format!("{}: {e}", tmp.display()))?;
    fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))
}
