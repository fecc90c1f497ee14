//! JSON Schema's keywords (draft 2020-12, and the draft-07 spellings still met in the wild)
//! and where each one's subschemas are: the one table every walk over a raw schema document
//! uses (the compatibility checker's model, the Rust backend's copy for typify, the
//! serialization schema). What a reader *does* with a keyword is its own business (the
//! compatibility checker's `compat::keywords::Role`, the IR's lowering).

use serde_json::Value;

use super::pointer::Pointer;

/// A keyword known by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    // core
    /// `$schema`.
    Schema,
    /// `$id`.
    Id,
    /// `$anchor`.
    Anchor,
    /// `$dynamicAnchor`.
    DynamicAnchor,
    /// `$ref`.
    Ref,
    /// `$dynamicRef`.
    DynamicRef,
    /// `$defs`.
    Defs,
    /// `$comment`.
    Comment,
    /// `$vocabulary`.
    Vocabulary,
    // applicators
    /// `allOf`.
    AllOf,
    /// `anyOf`.
    AnyOf,
    /// `oneOf`.
    OneOf,
    /// `not`.
    Not,
    /// `if`.
    If,
    /// `then`.
    Then,
    /// `else`.
    Else,
    /// `dependentSchemas`.
    DependentSchemas,
    /// `prefixItems`.
    PrefixItems,
    /// `items`.
    Items,
    /// `contains`.
    Contains,
    /// `properties`.
    Properties,
    /// `patternProperties`.
    PatternProperties,
    /// `additionalProperties`.
    AdditionalProperties,
    /// `propertyNames`.
    PropertyNames,
    /// `unevaluatedItems`.
    UnevaluatedItems,
    /// `unevaluatedProperties`.
    UnevaluatedProperties,
    // validation
    /// `type`.
    Type,
    /// `enum`.
    Enum,
    /// `const`.
    Const,
    /// `multipleOf`.
    MultipleOf,
    /// `maximum`.
    Maximum,
    /// `exclusiveMaximum`.
    ExclusiveMaximum,
    /// `minimum`.
    Minimum,
    /// `exclusiveMinimum`.
    ExclusiveMinimum,
    /// `maxLength`.
    MaxLength,
    /// `minLength`.
    MinLength,
    /// `pattern`.
    Pattern,
    /// `maxItems`.
    MaxItems,
    /// `minItems`.
    MinItems,
    /// `uniqueItems`.
    UniqueItems,
    /// `maxContains`.
    MaxContains,
    /// `minContains`.
    MinContains,
    /// `maxProperties`.
    MaxProperties,
    /// `minProperties`.
    MinProperties,
    /// `required`.
    Required,
    /// `dependentRequired`.
    DependentRequired,
    /// `format`.
    Format,
    // content
    /// `contentEncoding`.
    ContentEncoding,
    /// `contentMediaType`.
    ContentMediaType,
    /// `contentSchema`.
    ContentSchema,
    // meta-data
    /// `title`.
    Title,
    /// `description`.
    Description,
    /// `default`.
    Default,
    /// `deprecated`.
    Deprecated,
    /// `readOnly`.
    ReadOnly,
    /// `writeOnly`.
    WriteOnly,
    /// `examples`.
    Examples,
    // draft-07 and 2019-09 spellings
    /// `definitions`.
    Definitions,
    /// `additionalItems`.
    AdditionalItems,
    /// `dependencies`.
    Dependencies,
    /// `$recursiveRef`.
    RecursiveRef,
    /// `$recursiveAnchor`.
    RecursiveAnchor,
    // this project's extension (`x-default-factory`: a value generated when absent)
    /// `x-default-factory`.
    DefaultFactory,
}

/// Where a keyword's subschemas are (for walks over the raw document).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subschemas {
    /// The value is data or a scalar (`enum`, `required`, `minimum`).
    None,
    /// The value is one schema (`items`, `not`).
    One,
    /// The value is an array of schemas (`allOf`, `prefixItems`).
    List,
    /// The value is an object whose values are schemas (`properties`, `$defs`).
    Map,
}

impl Keyword {
    /// The keyword spelled `name`, if it is one. Any other name is an annotation
    /// (draft 2020-12 ignores unknown keywords).
    pub fn parse(name: &str) -> Option<Keyword> {
        use Keyword as K;
        Some(match name {
            "$schema" => K::Schema,
            "$id" => K::Id,
            "$anchor" => K::Anchor,
            "$dynamicAnchor" => K::DynamicAnchor,
            "$ref" => K::Ref,
            "$dynamicRef" => K::DynamicRef,
            "$defs" => K::Defs,
            "$comment" => K::Comment,
            "$vocabulary" => K::Vocabulary,
            "allOf" => K::AllOf,
            "anyOf" => K::AnyOf,
            "oneOf" => K::OneOf,
            "not" => K::Not,
            "if" => K::If,
            "then" => K::Then,
            "else" => K::Else,
            "dependentSchemas" => K::DependentSchemas,
            "prefixItems" => K::PrefixItems,
            "items" => K::Items,
            "contains" => K::Contains,
            "properties" => K::Properties,
            "patternProperties" => K::PatternProperties,
            "additionalProperties" => K::AdditionalProperties,
            "propertyNames" => K::PropertyNames,
            "unevaluatedItems" => K::UnevaluatedItems,
            "unevaluatedProperties" => K::UnevaluatedProperties,
            "type" => K::Type,
            "enum" => K::Enum,
            "const" => K::Const,
            "multipleOf" => K::MultipleOf,
            "maximum" => K::Maximum,
            "exclusiveMaximum" => K::ExclusiveMaximum,
            "minimum" => K::Minimum,
            "exclusiveMinimum" => K::ExclusiveMinimum,
            "maxLength" => K::MaxLength,
            "minLength" => K::MinLength,
            "pattern" => K::Pattern,
            "maxItems" => K::MaxItems,
            "minItems" => K::MinItems,
            "uniqueItems" => K::UniqueItems,
            "maxContains" => K::MaxContains,
            "minContains" => K::MinContains,
            "maxProperties" => K::MaxProperties,
            "minProperties" => K::MinProperties,
            "required" => K::Required,
            "dependentRequired" => K::DependentRequired,
            "format" => K::Format,
            "contentEncoding" => K::ContentEncoding,
            "contentMediaType" => K::ContentMediaType,
            "contentSchema" => K::ContentSchema,
            "title" => K::Title,
            "description" => K::Description,
            "default" => K::Default,
            "deprecated" => K::Deprecated,
            "readOnly" => K::ReadOnly,
            "writeOnly" => K::WriteOnly,
            "examples" => K::Examples,
            "definitions" => K::Definitions,
            "additionalItems" => K::AdditionalItems,
            "dependencies" => K::Dependencies,
            "$recursiveRef" => K::RecursiveRef,
            "$recursiveAnchor" => K::RecursiveAnchor,
            "x-default-factory" => K::DefaultFactory,
            _ => return None,
        })
    }

    /// Where the keyword's subschemas are.
    pub fn subschemas(self) -> Subschemas {
        use Keyword as K;
        match self {
            K::Items
            | K::AdditionalProperties
            | K::Not
            | K::If
            | K::Then
            | K::Else
            | K::Contains
            | K::PropertyNames
            | K::UnevaluatedItems
            | K::UnevaluatedProperties
            | K::AdditionalItems
            | K::ContentSchema => Subschemas::One,
            K::AllOf | K::AnyOf | K::OneOf | K::PrefixItems => Subschemas::List,
            K::Properties
            | K::PatternProperties
            | K::Defs
            | K::Definitions
            | K::DependentSchemas
            | K::Dependencies => Subschemas::Map,
            K::Schema
            | K::Id
            | K::Anchor
            | K::DynamicAnchor
            | K::Ref
            | K::DynamicRef
            | K::Comment
            | K::Vocabulary
            | K::Type
            | K::Enum
            | K::Const
            | K::MultipleOf
            | K::Maximum
            | K::ExclusiveMaximum
            | K::Minimum
            | K::ExclusiveMinimum
            | K::MaxLength
            | K::MinLength
            | K::Pattern
            | K::MaxItems
            | K::MinItems
            | K::UniqueItems
            | K::MaxContains
            | K::MinContains
            | K::MaxProperties
            | K::MinProperties
            | K::Required
            | K::DependentRequired
            | K::Format
            | K::ContentEncoding
            | K::ContentMediaType
            | K::Title
            | K::Description
            | K::Default
            | K::Deprecated
            | K::ReadOnly
            | K::WriteOnly
            | K::Examples
            | K::RecursiveRef
            | K::RecursiveAnchor
            | K::DefaultFactory => Subschemas::None,
        }
    }
}

/// Where the subschemas of a keyword spelled `name` are (an unknown name holds none).
pub fn subschemas_of(name: &str) -> Subschemas {
    Keyword::parse(name).map_or(Subschemas::None, Keyword::subschemas)
}

/// Calls `f` with the pointer and value of every direct subschema of `node` at `pointer`.
pub fn for_each_subschema<'v>(
    node: &'v Value,
    pointer: &Pointer,
    mut f: impl FnMut(Pointer, &'v Value),
) {
    let Value::Object(map) = node else { return };
    for (keyword, value) in map {
        let here = pointer.push(keyword);
        match (subschemas_of(keyword), value) {
            (Subschemas::One, child) => f(here, child),
            (Subschemas::List, Value::Array(children)) => {
                for (i, child) in children.iter().enumerate() {
                    f(here.push(&i.to_string()), child);
                }
            }
            (Subschemas::Map, Value::Object(children)) => {
                for (name, child) in children {
                    f(here.push(name), child);
                }
            }
            _ => {}
        }
    }
}

/// Calls `f` on every direct subschema of `node`, mutably.
pub fn for_each_subschema_mut(node: &mut Value, mut f: impl FnMut(&mut Value)) {
    let Value::Object(map) = node else { return };
    for (keyword, value) in map.iter_mut() {
        match (subschemas_of(keyword), value) {
            (Subschemas::One, child) => f(child),
            (Subschemas::List, Value::Array(children)) => children.iter_mut().for_each(&mut f),
            (Subschemas::Map, Value::Object(children)) => children.values_mut().for_each(&mut f),
            _ => {}
        }
    }
}
