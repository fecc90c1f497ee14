//! The compatibility checker's table of JSON Schema keywords: for each draft 2020-12 keyword
//! (and the draft-07 spellings still met in the wild), what the checker does with it and where
//! its subschemas are. Teaching the checker a keyword starts here: move it from
//! [`Role::Opaque`] to [`Role::Constraint`], then read it in [`super::model`], intersect it in
//! [`super::sets`], compare it in [`super::walk`] and sample it in [`super::sample`] (the
//! compiler points at each of them once the model's structs gain a field).

/// A keyword the checker knows by name.
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

/// What the checker does with a keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Changes no instance set (`title`, `$comment`, `default`, …). Annotations the reports
    /// name (`title`, `description`, `examples`, `default`, `x-default-factory`) are read
    /// into [`super::model::Notes`]; the others are ignored.
    Annotation,
    /// Shapes how the schema is read rather than what it allows by itself: references,
    /// definitions and combinators ([`super::model`] follows them).
    Structure,
    /// A constraint the model holds and the walk compares.
    Constraint,
    /// A constraint the checker does not model: its schema is only known equal to an
    /// identical one (references inlined, annotations removed); anything else about it is
    /// "cannot decide", counted as breaking.
    Opaque,
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
    /// The keyword spelled `name`, if the checker knows it. Any other name is an annotation
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

    /// What the checker does with the keyword.
    pub fn role(self) -> Role {
        use Keyword as K;
        match self {
            K::Schema
            | K::Id
            | K::Comment
            | K::Vocabulary
            | K::ContentEncoding
            | K::ContentMediaType
            | K::ContentSchema
            | K::Title
            | K::Description
            | K::Default
            | K::Deprecated
            | K::ReadOnly
            | K::WriteOnly
            | K::Examples
            | K::DefaultFactory
            | K::DynamicAnchor
            | K::RecursiveAnchor => Role::Annotation,
            K::Ref
            | K::Anchor
            | K::Defs
            | K::Definitions
            | K::AllOf
            | K::AnyOf
            | K::OneOf
            | K::If
            | K::Then
            | K::Else
            | K::DependentRequired => Role::Structure,
            K::Properties
            | K::PatternProperties
            | K::AdditionalProperties
            | K::Items
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
            | K::Required
            | K::Format => Role::Constraint,
            // Issue 23 moves these to `Constraint` one by one.
            K::Not
            | K::DependentSchemas
            | K::PrefixItems
            | K::Contains
            | K::PropertyNames
            | K::UnevaluatedItems
            | K::UnevaluatedProperties
            | K::MaxContains
            | K::MinContains
            | K::MaxProperties
            | K::MinProperties
            | K::AdditionalItems
            | K::Dependencies
            | K::DynamicRef
            | K::RecursiveRef => Role::Opaque,
        }
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

/// The role of a keyword spelled `name` (an unknown name is an annotation).
pub fn role_of(name: &str) -> Role {
    Keyword::parse(name).map_or(Role::Annotation, Keyword::role)
}

/// Where the subschemas of a keyword spelled `name` are (an unknown name holds none).
pub fn subschemas_of(name: &str) -> Subschemas {
    Keyword::parse(name).map_or(Subschemas::None, Keyword::subschemas)
}
