//! The named kinds of change and the one policy table: what each kind promises about the
//! BACKWARD and FORWARD verdicts, and which kind names a failure of one constraint in each
//! direction (json-schema-diff's `ChangeKind::is_breaking`, here per direction).
//!
//! Verdicts are decided by set inclusion ([`super::walk`]), not by the name: a `pattern_changed`
//! may be compatible or not. The table says what a name cannot be (an `enum_value_added` never
//! breaks BACKWARD), picks the name of a failure from its [`Family`] and the directions that
//! fail, and [`super::check`] holds every change of a report to it.

use serde::Serialize;

/// The named kinds of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A property was declared.
    PropertyAdded,
    /// A property is no longer declared.
    PropertyRemoved,
    /// An existing property became required.
    RequiredAdded,
    /// An existing property became optional.
    RequiredRemoved,
    /// A value was added to an enum.
    EnumValueAdded,
    /// A value was removed from an enum.
    EnumValueRemoved,
    /// A plain string became an enum.
    EnumAdded,
    /// An enum became a plain string.
    EnumRemoved,
    /// A constant replaced a wider set.
    ConstAdded,
    /// A constant was replaced by a wider set.
    ConstRemoved,
    /// A constant changed value.
    ConstChanged,
    /// More JSON kinds are allowed (`integer` → `number`, `string` → `string | integer`).
    TypeWidened,
    /// Fewer JSON kinds are allowed.
    TypeNarrowed,
    /// Kinds were both added and removed (`string` → `integer`).
    TypeChanged,
    /// `null` is now allowed.
    NullableAdded,
    /// `null` is no longer allowed.
    NullableRemoved,
    /// A bound (`minimum`, `maxLength`, `minItems`, `multipleOf`…) allows fewer values.
    BoundTightened,
    /// A bound allows more values.
    BoundRelaxed,
    /// A bound allows some values fewer and some more.
    BoundChanged,
    /// A bound was spelled differently with the same meaning.
    BoundRewritten,
    /// A `pattern` was added.
    PatternAdded,
    /// A `pattern` was removed.
    PatternRemoved,
    /// A `pattern` changed (the verdicts say whether its language grew, shrank or both).
    PatternChanged,
    /// An asserted `format` (uuid, date, date-time) was added.
    FormatAdded,
    /// An asserted `format` was removed.
    FormatRemoved,
    /// An asserted `format` changed.
    FormatChanged,
    /// A `format` that readers do not validate (email, uri) changed.
    FormatAnnotationChanged,
    /// `uniqueItems: true` was added.
    UniqueItemsAdded,
    /// `uniqueItems: true` was removed.
    UniqueItemsRemoved,
    /// Undeclared properties are accepted now (or accepted with a wider schema).
    AdditionalPropertiesOpened,
    /// Undeclared properties are rejected now (or accepted with a narrower schema).
    AdditionalPropertiesClosed,
    /// A `default` was added.
    DefaultAdded,
    /// A `default` was removed.
    DefaultRemoved,
    /// A `default` changed.
    DefaultChanged,
    /// An `x-default-factory` was added, removed or changed.
    DefaultFactoryChanged,
    /// A `description` changed.
    DescriptionChanged,
    /// A `title` changed.
    TitleChanged,
    /// `examples` changed.
    ExamplesChanged,
    /// Declared properties changed order (the wire order of written events).
    PropertyOrderChanged,
    /// A named type got another name (generated code that names it must change).
    TypeRenamed,
    /// A type moved between `$defs` and inline (no effect on data).
    RefRestructured,
    /// A branch was added to a union (`oneOf`/`anyOf`): no old branch shares a value with it
    /// (a discriminated union's new tag value). The pointer is the union's; the detail names
    /// the tag and the branch's schema.
    UnionBranchAdded,
    /// A branch of a union was removed: no new branch shares a value with it.
    UnionBranchRemoved,
    /// A union's branches changed order only (the order generated types list them in).
    UnionBranchesReordered,
    /// A property is now required when a condition holds (`dependentRequired`, `if`/`then`).
    ConditionalRequiredAdded,
    /// A conditional requirement was dropped or weakened.
    ConditionalRequiredRemoved,
    /// A schema the object must match when a condition holds (or does not) was added or
    /// narrowed (`dependentSchemas`, `then`/`else` beyond `required`).
    ConditionalSchemaAdded,
    /// A conditional schema was dropped or widened.
    ConditionalSchemaRemoved,
    /// `contains` (or `minContains`) asks for items old arrays may lack, or `maxContains`
    /// forbids what they may hold.
    ContainsTightened,
    /// `contains` asks for less.
    ContainsRelaxed,
    /// `contains` asks for something else.
    ContainsChanged,
    /// `propertyNames` allows fewer names.
    PropertyNamesTightened,
    /// `propertyNames` allows more names.
    PropertyNamesRelaxed,
    /// `propertyNames` allows other names.
    PropertyNamesChanged,
    /// Values the writers emit meet two branches of the reading side's `oneOf`, which then
    /// refuses them (a branch widened into another).
    OneOfBranchesOverlap,
    /// A `not` takes values out of a set.
    ExcludedValueAdded,
    /// A `not` no longer takes values out of a set.
    ExcludedValueRemoved,
    /// The schemas are spelled differently (combinators, references, conditions) with the
    /// same instance sets.
    SpellingChanged,
    /// A schema the code generators reject (named with file, pointer and keyword); the
    /// checker judges it as written.
    NotGenerated,
    /// The checker cannot decide (counted as breaking).
    Undecidable,
}

/// What a kind of change may do to one direction's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Never breaks it: the kind's name promises so (an added enum value never breaks
    /// BACKWARD).
    Keeps,
    /// May break it: decided by the sets (values, content model, open or closed objects).
    Decided,
}

/// Kinds that name the same constraint: a failure of one direction gets the family's name
/// for that direction, and a family with a name for both joins the two into one change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// `null` allowed or not.
    Null,
    /// JSON kinds (and integer versus number).
    Type,
    /// A constant (a boolean, a `const`).
    Const,
    /// Values of a finite set.
    Values,
    /// A finite set versus a constrained one.
    Enum,
    /// Length, count and numeric bounds.
    Bound,
    /// `pattern`.
    Pattern,
    /// Asserted `format`s.
    Format,
    /// `uniqueItems`.
    Unique,
    /// A declared property.
    Property,
    /// `required`.
    Required,
    /// Undeclared properties.
    Additional,
    /// Conditional requirements.
    Conditional,
    /// Conditional schemas.
    ConditionalSchema,
    /// `contains`.
    Contains,
    /// `propertyNames`.
    Names,
    /// Values a `not` excludes.
    Excluded,
    /// Overlapping `oneOf` branches.
    Overlap,
    /// Union branches.
    Branch,
    /// Changes to no instance set (annotations, names, order, spelling).
    Note,
    /// Cannot decide.
    Undecidable,
}

/// One row of the policy table.
struct Row {
    family: Family,
    backward: Effect,
    forward: Effect,
}

const fn row(family: Family, backward: Effect, forward: Effect) -> Row {
    Row {
        family,
        backward,
        forward,
    }
}

impl ChangeKind {
    /// The kind as printed (`enum_value_added`).
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// The policy table: the kind's family and what it does to each direction.
    fn row(self) -> Row {
        use ChangeKind as K;
        use Effect::{Decided, Keeps};
        use Family as F;
        match self {
            K::PropertyAdded | K::PropertyRemoved => row(F::Property, Decided, Decided),
            K::RequiredAdded => row(F::Required, Decided, Keeps),
            K::RequiredRemoved => row(F::Required, Keeps, Decided),
            K::EnumValueAdded => row(F::Values, Keeps, Decided),
            K::EnumValueRemoved => row(F::Values, Decided, Keeps),
            K::EnumAdded | K::EnumRemoved => row(F::Enum, Decided, Decided),
            K::ConstAdded | K::ConstRemoved => row(F::Const, Decided, Decided),
            K::ConstChanged => row(F::Const, Decided, Decided),
            K::TypeWidened => row(F::Type, Keeps, Decided),
            K::TypeNarrowed => row(F::Type, Decided, Keeps),
            K::TypeChanged => row(F::Type, Decided, Decided),
            K::NullableAdded => row(F::Null, Keeps, Decided),
            K::NullableRemoved => row(F::Null, Decided, Keeps),
            K::BoundTightened => row(F::Bound, Decided, Keeps),
            K::BoundRelaxed => row(F::Bound, Keeps, Decided),
            K::BoundChanged => row(F::Bound, Decided, Decided),
            K::BoundRewritten => row(F::Bound, Keeps, Keeps),
            K::PatternAdded => row(F::Pattern, Decided, Keeps),
            K::PatternRemoved => row(F::Pattern, Keeps, Decided),
            K::PatternChanged => row(F::Pattern, Decided, Decided),
            K::FormatAdded => row(F::Format, Decided, Keeps),
            K::FormatRemoved => row(F::Format, Keeps, Decided),
            K::FormatChanged => row(F::Format, Decided, Decided),
            K::UniqueItemsAdded => row(F::Unique, Decided, Keeps),
            K::UniqueItemsRemoved => row(F::Unique, Keeps, Decided),
            K::AdditionalPropertiesOpened => row(F::Additional, Keeps, Decided),
            K::AdditionalPropertiesClosed => row(F::Additional, Decided, Keeps),
            K::ConditionalRequiredAdded => row(F::Conditional, Decided, Keeps),
            K::ConditionalRequiredRemoved => row(F::Conditional, Keeps, Decided),
            K::ConditionalSchemaAdded => row(F::ConditionalSchema, Decided, Keeps),
            K::ConditionalSchemaRemoved => row(F::ConditionalSchema, Keeps, Decided),
            K::ContainsTightened => row(F::Contains, Decided, Keeps),
            K::ContainsRelaxed => row(F::Contains, Keeps, Decided),
            K::ContainsChanged => row(F::Contains, Decided, Decided),
            K::PropertyNamesTightened => row(F::Names, Decided, Keeps),
            K::PropertyNamesRelaxed => row(F::Names, Keeps, Decided),
            K::PropertyNamesChanged => row(F::Names, Decided, Decided),
            K::OneOfBranchesOverlap => row(F::Overlap, Decided, Decided),
            K::ExcludedValueAdded => row(F::Excluded, Decided, Keeps),
            K::ExcludedValueRemoved => row(F::Excluded, Keeps, Decided),
            K::UnionBranchAdded => row(F::Branch, Keeps, Decided),
            K::UnionBranchRemoved => row(F::Branch, Decided, Keeps),
            K::FormatAnnotationChanged
            | K::DefaultAdded
            | K::DefaultRemoved
            | K::DefaultChanged
            | K::DefaultFactoryChanged
            | K::DescriptionChanged
            | K::TitleChanged
            | K::ExamplesChanged
            | K::PropertyOrderChanged
            | K::TypeRenamed
            | K::RefRestructured
            | K::UnionBranchesReordered
            | K::SpellingChanged
            | K::NotGenerated => row(F::Note, Keeps, Keeps),
            K::Undecidable => row(F::Undecidable, Decided, Decided),
        }
    }

    /// The kind's family.
    pub fn family(self) -> Family {
        self.row().family
    }

    /// What the kind does to the BACKWARD and the FORWARD verdict.
    pub fn effects(self) -> (Effect, Effect) {
        let r = self.row();
        (r.backward, r.forward)
    }

    /// Whether verdicts `(backward, forward)` are ones this kind can have.
    pub fn allows(self, backward: bool, forward: bool) -> bool {
        let fits = |e: Effect, ok: bool| match e {
            Effect::Keeps => ok,
            Effect::Decided => true,
        };
        let (b, f) = self.effects();
        fits(b, backward) && fits(f, forward)
    }
}

impl Family {
    /// The name of a failure of this family that breaks `backward` and/or `forward` (both
    /// `true` only for the families with one name for both, else `None`).
    pub fn failure(self, backward: bool, forward: bool) -> Option<ChangeKind> {
        use ChangeKind as K;
        let (b_only, f_only, both) = match self {
            Family::Null => (K::NullableRemoved, K::NullableAdded, None),
            Family::Type => (K::TypeNarrowed, K::TypeWidened, Some(K::TypeChanged)),
            Family::Const => (K::ConstAdded, K::ConstRemoved, Some(K::ConstChanged)),
            Family::Values => (K::EnumValueRemoved, K::EnumValueAdded, None),
            Family::Enum => (K::EnumAdded, K::EnumRemoved, None),
            Family::Bound => (K::BoundTightened, K::BoundRelaxed, Some(K::BoundChanged)),
            Family::Pattern => (
                K::PatternChanged,
                K::PatternChanged,
                Some(K::PatternChanged),
            ),
            Family::Format => (K::FormatChanged, K::FormatChanged, Some(K::FormatChanged)),
            Family::Unique => (K::UniqueItemsAdded, K::UniqueItemsRemoved, None),
            Family::Property => (K::PropertyRemoved, K::PropertyAdded, None),
            Family::Required => (K::RequiredAdded, K::RequiredRemoved, None),
            Family::Additional => (
                K::AdditionalPropertiesClosed,
                K::AdditionalPropertiesOpened,
                None,
            ),
            Family::Conditional => (
                K::ConditionalRequiredAdded,
                K::ConditionalRequiredRemoved,
                None,
            ),
            Family::ConditionalSchema => {
                (K::ConditionalSchemaAdded, K::ConditionalSchemaRemoved, None)
            }
            Family::Contains => (
                K::ContainsTightened,
                K::ContainsRelaxed,
                Some(K::ContainsChanged),
            ),
            Family::Names => (
                K::PropertyNamesTightened,
                K::PropertyNamesRelaxed,
                Some(K::PropertyNamesChanged),
            ),
            Family::Excluded => (K::ExcludedValueAdded, K::ExcludedValueRemoved, None),
            Family::Overlap => (
                K::OneOfBranchesOverlap,
                K::OneOfBranchesOverlap,
                Some(K::OneOfBranchesOverlap),
            ),
            Family::Branch => (K::UnionBranchRemoved, K::UnionBranchAdded, None),
            Family::Undecidable => (K::Undecidable, K::Undecidable, Some(K::Undecidable)),
            Family::Note => return None,
        };
        match (backward, forward) {
            (true, true) => both,
            (true, false) => Some(b_only),
            (false, true) => Some(f_only),
            (false, false) => None,
        }
    }

    /// The bound kind for verdicts that may both hold (`bound_rewritten`).
    pub fn bound(backward_ok: bool, forward_ok: bool) -> ChangeKind {
        Family::Bound
            .failure(!backward_ok, !forward_ok)
            .unwrap_or(ChangeKind::BoundRewritten)
    }
}
