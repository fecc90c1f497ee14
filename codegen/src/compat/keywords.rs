//! The compatibility checker's table of JSON Schema keywords: for each draft 2020-12 keyword
//! (and the draft-07 spellings still met in the wild), what the checker does with it and where
//! its subschemas are (the table itself, shared, is `crate::schema::keywords`). Teaching the checker a keyword starts here: move it from
//! [`Role::Opaque`] to [`Role::Constraint`], then read it in [`super::model`], intersect it in
//! [`super::sets`], compare it in [`super::walk`] and sample it in [`super::sample`] (the
//! compiler points at each of them once the model's structs gain a field).

pub use crate::schema::keywords::{subschemas_of, Keyword, Subschemas};

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

impl Keyword {
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
            | K::Not
            | K::DependentRequired
            | K::DependentSchemas => Role::Structure,
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
            | K::Format
            | K::PrefixItems
            | K::Contains
            | K::MaxContains
            | K::MinContains
            | K::PropertyNames
            | K::MaxProperties
            | K::MinProperties => Role::Constraint,
            // `unevaluated*` next to an applicator depend on what it evaluated (alone they
            // are read as `additionalProperties` / `items`); draft-07 and dynamic references
            // are not read.
            K::UnevaluatedItems
            | K::UnevaluatedProperties
            | K::AdditionalItems
            | K::Dependencies
            | K::DynamicRef
            | K::RecursiveRef => Role::Opaque,
        }
    }
}

/// The role of a keyword spelled `name` (an unknown name is an annotation).
pub fn role_of(name: &str) -> Role {
    Keyword::parse(name).map_or(Role::Annotation, Keyword::role)
}
