use super::*;
use serde_json::json;

use crate::ir::{Additional, DefaultFactory, MapType, StringType};

/// Lowers a schema that is no envelope (no version directory; `ir::envelope` has its own
/// tests through the real versions).
fn lower_value(value: Value) -> Result<Module> {
    lower(&Loaded {
        path: "test.json".into(),
        display: "test.json".into(),
        version: None,
        text: value.to_string(),
        value,
    })
}

fn object(props: Value) -> Value {
    json!({"title": "Root", "type": "object", "properties": props})
}

fn field_type(props: Value) -> Type {
    let module = lower_value(object(props)).unwrap();
    let TypeKind::Object(o) = &module.root_type().kind else {
        panic!("root is an object")
    };
    o.fields[0].ty.clone()
}

fn error(value: Value) -> String {
    lower_value(value).unwrap_err().to_string()
}

#[test]
fn lowers_the_envelope_shapes() {
    let module = lower_value(json!({
        "$schema": DRAFT_2020_12,
        "title": "WorkflowEvent",
        "type": "object",
        "required": ["kind"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "x-default-factory": "uuid4"},
            "kind": {"$ref": "#/$defs/Kind", "description": "what"},
            "data": {"type": "object", "additionalProperties": true},
            "meta": {"$ref": "#/$defs/Meta"}
        },
        "$defs": {
            "Kind": {"type": "string", "enum": ["a.b", "c"]},
            "Meta": {"type": "object", "properties": {"v": {"type": "string", "default": "1.0"}}},
            "Unused": {"type": "string", "minLength": 1}
        }
    }))
    .unwrap();
    let names: Vec<String> = module.types.iter().map(|t| t.name.upper_camel()).collect();
    assert_eq!(names, ["WorkflowEvent", "Kind", "Meta", "Unused"]);
    let TypeKind::Object(root) = &module.root_type().kind else {
        panic!()
    };
    assert_eq!(root.fields[0].default_factory, Some(DefaultFactory::Uuid4));
    assert!(!root.fields[0].required);
    assert!(root.fields[1].required);
    assert_eq!(root.fields[1].description.as_deref(), Some("what"));
    assert_eq!(root.fields[1].ty, Type::Ref(Name::split("Kind")));
    assert_eq!(
        root.fields[2].ty,
        Type::Map(MapType {
            values: Box::new(Type::Any)
        })
    );
    assert_eq!(root.additional, Additional::Ignore);
}

#[test]
fn nullable_forms() {
    let string = Type::String(StringType::default());
    let nullable = Type::Nullable(Box::new(string));
    assert_eq!(
        field_type(json!({"a": {"type": ["string", "null"]}})),
        nullable
    );
    assert_eq!(
        field_type(json!({"a": {"type": ["null", "string"]}})),
        nullable
    );
    assert_eq!(
        field_type(json!({"a": {"anyOf": [{"type": "string"}, {"type": "null"}]}})),
        nullable
    );
}

#[test]
fn inline_objects_and_enums_are_lifted() {
    let module = lower_value(object(json!({
        "inner": {"type": "object", "properties": {"x": {"type": "integer"}}},
        "mode": {"enum": ["a", "b", null]},
        "tags": {"type": "array", "items": {"type": "object", "title": "Tag", "properties": {}}}
    })))
    .unwrap();
    let names: Vec<String> = module.types.iter().map(|t| t.name.upper_camel()).collect();
    assert_eq!(names, ["Root", "RootInner", "RootMode", "Tag"]);
    let TypeKind::Object(o) = &module.root_type().kind else {
        panic!()
    };
    assert_eq!(
        o.fields[1].ty,
        Type::Nullable(Box::new(Type::Ref(Name::split("RootMode"))))
    );
}

#[test]
fn recursion_through_refs() {
    let module = lower_value(json!({
        "title": "Tree", "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#"}}}
    }))
    .unwrap();
    assert_eq!(module.types.len(), 1);
}

#[test]
fn rejects_unsupported_keywords_with_pointer() {
    assert!(error(object(json!({"a": {"type": "string", "allOf": []}})))
        .starts_with("test.json#/properties/a: `allOf`: must be a non-empty array"));
    assert!(
        error(object(json!({"a": {"type": "integer", "minLength": 1}})))
            .starts_with("test.json#/properties/a: `minLength`: does not apply")
    );
    assert!(
        error(object(json!({"a": {"type": "string", "minLenght": 1}})))
            .contains("`minLenght`: is not a keyword")
    );
    assert!(error(object(
        json!({"a/b": {"type": "object", "patternProperties": {"\\p{L}": {}}}})
    ))
    .starts_with("test.json#/properties/a~1b: `patternProperties`: Unicode classes"));
    assert!(error(object(json!({"a": {"$ref": "other.json#/x"}}))).contains("`$ref`"));
    assert!(error(object(json!({"a": {"$ref": "#/$defs/Missing"}}))).contains("does not resolve"));
    assert!(error(object(
        json!({"a": {"anyOf": [{"type": "string"}, {"type": "integer"}], "dependencies": {}}})
    ))
    .contains("`dependencies`: is not supported"));
    // Under a checked keyword, every keyword must mean the same to every language's evaluator.
    assert!(error(object(json!({"a": {"not": {"format": "ipv4"}}})))
        .starts_with("test.json#/properties/a/not: `format`: `ipv4` is not supported"));
    assert!(error(object(json!({"a": {"if": {"$ref": "http://x/y"}}})))
        .contains("only references inside this schema"));
}

fn check_of(ty: &Type) -> (&Type, &str, Vec<&str>) {
    let Type::Checked(c) = ty else {
        panic!("not checked: {ty:?}")
    };
    (
        c.ty.as_ref(),
        c.check.pointer.as_str(),
        c.check.keywords.iter().map(String::as_str).collect(),
    )
}

/// What no type expresses is checked at run time on the node, with the node's type around it.
#[test]
fn keywords_no_type_expresses_are_checked() {
    let ty = field_type(json!({"a": {"type": "integer", "not": {"const": 3}}}));
    let (inner, pointer, keywords) = check_of(&ty);
    assert!(matches!(inner, Type::Integer(_)));
    assert_eq!((pointer, keywords), ("/properties/a", vec!["not"]));
    // A non-string enum keeps the node's type, checked by value.
    let ty = field_type(json!({"a": {"enum": [1, "x", null]}}));
    let (inner, _, keywords) = check_of(&ty);
    assert_eq!((inner, keywords), (&Type::Any, vec!["enum"]));
    // `items` after `prefixItems` applies past the prefix only: both are checked.
    let ty = field_type(
        json!({"a": {"type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "integer"}}}),
    );
    let (inner, _, keywords) = check_of(&ty);
    assert!(matches!(inner, Type::Array(a) if *a.items == Type::Any));
    assert_eq!(keywords, vec!["prefixItems", "items"]);
    // Keywords next to a `$ref` or a union apply to the same value.
    let module = lower_value(json!({"title": "Root", "type": "object",
        "properties": {"a": {"$ref": "#/$defs/A", "maxLength": 3}},
        "$defs": {"A": {"type": "string"}}}))
    .unwrap();
    let TypeKind::Object(o) = &module.root_type().kind else {
        panic!()
    };
    let (inner, _, keywords) = check_of(&o.fields[0].ty);
    assert_eq!(
        (inner, keywords),
        (&Type::Ref(Name::split("A")), vec!["maxLength"])
    );
    // An object's own check, and undeclared properties kept where a schema describes them.
    let module = lower_value(json!({"title": "Root", "type": "object",
        "properties": {"a": {"type": "string"}},
        "patternProperties": {"^x-": {"type": "integer"}},
        "dependentRequired": {"a": ["b"]},
        "required": ["c"]}))
    .unwrap();
    let TypeKind::Object(o) = &module.root_type().kind else {
        panic!()
    };
    assert_eq!(o.additional, Additional::Keep);
    let check = o.check.as_ref().expect("the object is checked");
    assert_eq!(check.keywords, ["patternProperties", "dependentRequired"]);
    // A required name `properties` does not declare is a field of any value.
    assert_eq!(
        (
            o.fields[1].wire_name.as_str(),
            o.fields[1].required,
            &o.fields[1].ty
        ),
        ("c", true, &Type::Any)
    );
    // `allOf` parts' checked keywords are checked on the whole `allOf` node.
    let ty = field_type(json!({"a": {"allOf": [
        {"type": "object", "properties": {"x": {"type": "integer"}}},
        {"not": {"required": ["x"]}}
    ]}}));
    let (_, pointer, keywords) = check_of(&ty);
    assert_eq!((pointer, keywords), ("/properties/a", vec!["not"]));
    // A default cannot be checked against a run-time check at codegen time.
    assert!(error(object(
        json!({"a": {"type": "integer", "not": {"const": 1}, "default": 2}})
    ))
    .contains("`default`: the default does not match"));
}

fn tags(ty: &Type) -> (Option<String>, Vec<String>) {
    let Type::Union(u) = ty else {
        panic!("not a union: {ty:?}")
    };
    (
        u.discriminator.clone(),
        u.variants.iter().map(|v| v.tag.clone()).collect(),
    )
}

#[test]
fn unions_by_json_type() {
    let ty = field_type(json!({"a": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}));
    assert_eq!(tags(&ty), (None, vec!["string".into(), "integer".into()]));
    let ty = field_type(json!({"a": {"type": ["array", "boolean", "null"], "maxItems": 1}}));
    let Type::Nullable(inner) = &ty else {
        panic!("{ty:?}")
    };
    assert_eq!(tags(inner), (None, vec!["array".into(), "boolean".into()]));
    let Type::Union(u) = inner.as_ref() else {
        panic!()
    };
    assert!(matches!(&u.variants[0].ty, Type::Array(a) if a.max_items == Some(1)));
    // A `null` branch makes the union nullable; one branch left is no union at all.
    assert_eq!(
        field_type(json!({"a": {"oneOf": [{"type": "null"}, {"type": "string"}]}})),
        Type::Nullable(Box::new(Type::String(StringType::default())))
    );
    // Nested unions by JSON type are flattened.
    let ty = field_type(json!({"a": {"anyOf": [
        {"type": "string"},
        {"oneOf": [{"type": "boolean"}, {"type": "number"}]}
    ]}}));
    assert_eq!(
        tags(&ty),
        (
            None,
            vec!["string".into(), "boolean".into(), "number".into()]
        )
    );
    assert!(error(object(
        json!({"a": {"type": ["string", "integer"], "items": {}}})
    ))
    .contains("`items`: does not apply to any of the types string, integer"));
}

/// Branches no type tells apart (overlapping, accepting any value, boolean schemas, objects
/// without a discriminator): any JSON value with the union checked at run time, and the inline
/// branch types dropped (the evaluator reads the branches from the schema).
#[test]
fn overlapping_unions_are_checked() {
    for (schema, keyword) in [
        (
            json!({"oneOf": [{"type": "string"}, {"type": "string", "maxLength": 2}]}),
            "oneOf",
        ),
        (json!({"type": ["integer", "number"]}), "type"),
        (json!({"oneOf": [{"type": "string"}, {}]}), "oneOf"),
        (json!({"anyOf": [true, {"type": "string"}]}), "anyOf"),
        (
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "anyOf": [{"type": "string"}, {"minimum": 2}]}),
            "anyOf",
        ),
    ] {
        let ty = field_type(json!({ "a": schema }));
        let (inner, pointer, keywords) = check_of(&ty);
        assert!(keywords.contains(&keyword), "{schema}: {keywords:?}");
        assert_eq!(pointer, "/properties/a");
        if keyword != "anyOf" || schema.get("oneOf").is_none() {
            assert_eq!(inner, &Type::Any, "{schema}");
        }
    }
    let branch = |p: &str| json!({"type": "object", "properties": {p: {"type": "string"}}});
    let module = lower_value(object(json!({"a": {"oneOf": [branch("x"), branch("y")]}}))).unwrap();
    let names: Vec<String> = module.types.iter().map(|t| t.name.upper_camel()).collect();
    assert_eq!(names, ["Root"]);
    // A subschema of a checked union must still mean the same to every evaluator.
    assert!(
        error(object(json!({"a": {"anyOf": [true, {"format": "ipv4"}]}})))
            .starts_with("test.json#/properties/a/anyOf/1: `format`: `ipv4` is not supported")
    );
}

#[test]
fn discriminated_unions() {
    let branch = |tag: &str| json!({"type": "object", "required": ["k"], "properties": {"x": {"type": "string"}, "k": {"const": tag}}});
    let module = lower_value(object(json!({"a": {"oneOf": [branch("p"), branch("q")]}}))).unwrap();
    let TypeKind::Object(o) = &module.root_type().kind else {
        panic!()
    };
    assert_eq!(
        tags(&o.fields[0].ty),
        (Some("k".into()), vec!["p".into(), "q".into()])
    );
    let names: Vec<String> = module.types.iter().map(|t| t.name.upper_camel()).collect();
    assert_eq!(names, ["Root", "RootAP", "RootAQ"]);
    // Equal tags, a tag that is not required, or no tag at all: not told apart, so checked.
    for branches in [
        json!([branch("p"), branch("p")]),
        json!([branch("p"), {"type": "object", "properties": {"k": {"const": "q"}}}]),
        json!([{"type": "object", "properties": {}}, {"type": "object", "properties": {}}]),
    ] {
        let ty = field_type(json!({"a": {"anyOf": branches}}));
        assert_eq!(check_of(&ty).2, vec!["anyOf"]);
    }
}

#[test]
fn merged_all_of_gives_the_merged_schema() {
    let doc = json!({
        "type": "object",
        "properties": {"a": {"description": "d", "allOf": [
            {"$ref": "#/$defs/Base"},
            {"type": "object", "required": ["y"], "properties": {"y": {"type": "integer"}, "x": {"maxLength": 4}}}
        ]}},
        "$defs": {"Base": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string", "maxLength": 9}}}}
    });
    let merged = merged_all_of("t.json", &doc, "/properties/a").unwrap();
    assert_eq!(
        Value::Object(merged),
        json!({"description": "d", "type": "object", "required": ["x", "y"], "properties": {
            "x": {"type": "string", "maxLength": 4}, "y": {"type": "integer"}}})
    );
    let err = merged_all_of("t.json", &doc, "/properties")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("t.json#/properties: `allOf`"), "{err}");
}

#[test]
fn all_of_is_merged() {
    let module = lower_value(json!({
        "title": "Root", "type": "object",
        "properties": {"a": {"allOf": [
            {"$ref": "#/$defs/Base"},
            {"type": "object", "required": ["y"], "properties": {"y": {"type": "integer", "maximum": 3}, "x": {"maxLength": 4}}}
        ]}},
        "$defs": {"Base": {"type": "object", "required": ["x"], "properties": {"x": {"type": "string", "maxLength": 9, "minLength": 1}}}}
    }))
    .unwrap();
    let def = module
        .get(&Name::split("Root a"))
        .expect("the merged object is lifted");
    let TypeKind::Object(o) = &def.kind else {
        panic!()
    };
    let fields: Vec<(&str, bool)> = o
        .fields
        .iter()
        .map(|f| (f.wire_name.as_str(), f.required))
        .collect();
    assert_eq!(fields, [("x", true), ("y", true)]);
    assert!(
        matches!(&o.fields[0].ty, Type::String(s) if s.max_length == Some(4) && s.min_length == Some(1))
    );
    let err = error(object(json!({"a": {"allOf": [
        {"type": "integer", "minimum": 5}, {"maximum": 4}
    ]}})));
    assert!(err.contains("no value is valid"), "{err}");
    let err = error(object(json!({"a": {"allOf": [
        {"type": "string", "pattern": "^a"}, {"pattern": "^b"}
    ]}})));
    assert!(
        err.starts_with("test.json#/properties/a/allOf/1: `pattern`: the `allOf` parts disagree"),
        "{err}"
    );
}

#[test]
fn ignores_extensions_but_checks_default_factory() {
    assert!(lower_value(object(json!({"a": {"type": "string", "x-note": 1}}))).is_ok());
    assert!(error(object(
        json!({"a": {"type": "string", "format": "uuid", "x-default-factory": "uuid7"}})
    ))
    .contains("`x-default-factory`: unknown factory"));
    assert!(error(object(
        json!({"a": {"type": "string", "x-default-factory": "now"}})
    ))
    .contains("needs `\"type\": \"string\", \"format\": \"date-time\"`"));
}

#[test]
fn checks_defaults() {
    assert!(
        error(object(json!({"a": {"type": "integer", "default": "x"}})))
            .contains("`default`: the default does not match")
    );
    assert!(error(object(
        json!({"a": {"type": "integer", "minimum": 3, "default": 1}})
    ))
    .contains("`default`"));
    assert!(lower_value(object(json!({"a": {"type": "integer", "default": 1}}))).is_ok());
}

#[test]
fn rejects_colliding_type_names() {
    let err = error(json!({
        "title": "Root", "type": "object", "properties": {},
        "$defs": {"foo_bar": {"type": "string"}, "FooBar": {"type": "string"}}
    }));
    assert!(err.contains("type name `FooBar` is already taken"), "{err}");
}

#[test]
fn rejects_alias_cycles() {
    let err = error(json!({
        "title": "Root", "type": "object", "properties": {"a": {"$ref": "#/$defs/A"}},
        "$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}}
    }));
    assert!(err.contains("cycle"), "{err}");
}

#[test]
fn portable_patterns() {
    assert!(check_pattern("^(dev|staging|prod)$").is_ok());
    assert!(check_pattern("^[A-Z][a-z0-9_-]{2,}$").is_ok());
    assert!(check_pattern(r"^\d+$").is_err());
    assert!(check_pattern(r"^[\w]+$").is_err());
    assert!(check_pattern("(?i)abc").is_err());
    assert!(check_pattern("a(?=b)").is_err());
    assert!(check_pattern(r"(a)\1").is_err());
    assert!(check_pattern("(").is_err());
}

#[test]
fn numbers_are_normalised() {
    let ty = field_type(json!({"a": {"type": "number", "minimum": 1.5, "maximum": 10}}));
    let Type::Number(n) = ty else { panic!() };
    assert_eq!(n.minimum, Number::from_f64(1.5));
    assert_eq!(n.maximum, Some(Number::from(10)));
}

/// The root's `$schema`, `$id` and `$defs` are the file's, not part of an `allOf` merge; a
/// nested one is refused as nested, not as "does not apply".
#[test]
fn root_keywords_next_to_all_of() {
    let module = lower_value(json!({
        "$schema": DRAFT_2020_12, "$id": "urn:example:root", "title": "Root", "type": "object",
        "properties": {"a": {"$ref": "#/$defs/A"}},
        "allOf": [{"required": ["a"]}],
        "$defs": {"A": {"type": "string"}}
    }))
    .unwrap();
    let TypeKind::Object(o) = &module.root_type().kind else {
        panic!()
    };
    assert!(o.fields[0].required);
    let err = error(object(json!({"a": {"type": "object", "properties": {},
        "allOf": [{"$schema": DRAFT_2020_12}]}})));
    assert!(
        err.starts_with("test.json#/properties/a: `$schema`: only allowed at the root"),
        "{err}"
    );
}
