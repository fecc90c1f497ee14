//! The Python view-model: the IR turned into final names, laid-out statements and import
//! lists, so that the templates only loop and print.
//!
//! Decisions made here (what the generated package does with each IR shape) are listed on
//! [`super::Python`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use serde_json::Value;

use super::layout::{self, atom, Arg, Expr};
use super::names;
use crate::error::{Error, Result};
use crate::ir::Namespace;
use crate::ir::{self, DefaultFactory, Format, Name, Type, TypeKind};

/// `models.py`, ready to print.
#[derive(Debug, Serialize)]
pub struct Models {
    /// `from __future__ import annotations` is needed (some annotation names a type defined
    /// later: recursion).
    pub future: bool,
    /// Import statements, grouped into isort sections (standard library, third party, local).
    pub import_sections: Vec<Vec<String>>,
    /// Enums, models and aliases in definition order.
    pub items: Vec<Item>,
    /// Models to rebuild once every name exists (those with forward references).
    pub rebuild: Vec<String>,
    /// Private helper functions printed after the imports (unions by JSON type).
    pub helpers: Vec<String>,
}

/// One top-level definition of `models.py`.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    /// `class Name(str, Enum)`.
    Enum {
        /// Class name.
        name: String,
        /// Class docstring, indented.
        doc: Option<String>,
        /// `MEMBER = "value"` lines, indented.
        members: Vec<String>,
    },
    /// `class Name(_runtime.Model)`.
    Model {
        /// Class name.
        name: String,
        /// Base class expression.
        base: String,
        /// Class docstring, indented.
        doc: Option<String>,
        /// The `model_config = ConfigDict(...)` statement, indented.
        config: String,
        /// The fields.
        fields: Vec<FieldView>,
        /// `_keep_given_null = _runtime.keep_given_null(...)`, indented, when the model has
        /// optional properties that allow `null` and have no default (written when given,
        /// `null` included, omitted when absent).
        serializer: Option<String>,
        /// `__pydantic_extra__: dict[str, _runtime.Json] = Field(init=False)`, indented, when
        /// undeclared properties are kept (`ir::Additional::Keep`).
        extra: Option<String>,
        /// `_check = _runtime.model_check("<pointer>")`, indented, when the object has a
        /// run-time check (`ir::Check`).
        check: Option<String>,
    },
    /// `Name = <type>` at module level.
    Alias {
        /// The assignment statement.
        statement: String,
        /// Attribute docstring.
        doc: Option<String>,
    },
}

/// One model field: its statement and attribute docstring.
#[derive(Debug, Serialize)]
pub struct FieldView {
    /// `name: annotation [= value]`, indented, possibly several lines.
    pub statement: String,
    /// Attribute docstring, indented.
    pub doc: Option<String>,
    /// Optional, allows `null`, no default: omitted on write only when it was not given.
    #[serde(skip)]
    pub keeps_given_null: bool,
}

/// Everything the Python templates need besides `models.py`'s items.
#[derive(Debug, Serialize)]
pub struct PackageView {
    /// The header comment line (`# @generated …`).
    pub header: String,
    /// Import package (`workflow_events`).
    pub package: String,
    /// Distribution name (`workflow-events`).
    pub distribution: String,
    /// Package version (the schema version, `0.0.0` when there is none).
    pub version: String,
    /// Schema version as a Python literal, if the schema has one.
    pub schema_version: Option<String>,
    /// The schema file as named in headers.
    pub schema_path: String,
    /// `PACKAGE = "…"` (schema_utils.py).
    pub package_statement: String,
    /// `SCHEMA_FILE = "…"`: the packaged copy of the schema (schema_utils.py).
    pub schema_file_statement: String,
    /// The schema file name inside the package.
    pub schema_file: String,
    /// `SERIALIZATION_FILE = "…"`: the packaged serialization schema (schema_utils.py).
    pub serialization_file_statement: String,
    /// The serialization schema's file name inside the package.
    pub serialization_file: String,
    /// The root class name.
    pub root: String,
    /// Some type has a run-time check (`ir::Check`): the package depends on jsonschema.
    pub checks: bool,
    /// Whether the package carries the Kafka helper (`kafka.py` and the `kafka` extra): only
    /// for the workflow-event envelope of a schema version, whose root model and
    /// `SCHEMA_VERSION` `kafka.py` imports.
    pub kafka: bool,
    /// The version the Kafka helper reads (the schema version, else the default of
    /// `metadata.version`).
    pub kafka_version: Option<String>,
    /// `description = "…"` for pyproject.toml, as a TOML string.
    pub description_toml: String,
    /// Module docstring of `models.py`.
    pub models_doc: String,
    /// Module docstring of `__init__.py`.
    pub init_doc: String,
    /// The `from .models import …` statement of `__init__.py`.
    pub init_import: String,
    /// The `__all__ = [...]` statement of `__init__.py`.
    pub all_statement: String,
    /// `SCHEMA_VERSION = "…"`, if the schema has a version.
    pub version_statement: Option<String>,
    /// The names `__init__.py` exports from `models.py`, sorted as isort sorts them.
    pub exported: Vec<String>,
    /// The package has a README (`readme` in pyproject.toml): the all-versions package.
    pub readme: bool,
    /// `models.py`.
    pub models: Models,
}

/// Where a version's modules sit: at the package root (a one-schema package) or in a version
/// subpackage of an all-versions package (`workflow_events.v1_0`), whose `_runtime` is the
/// parent's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `<package>/models.py`.
    Root,
    /// `<package>/v1_0/models.py`.
    Subpackage,
}

/// Builds the view-model of a module; `package` is the dotted import name of the package (or
/// subpackage) it is rendered into.
pub fn build(
    module: &ir::Module,
    package: &str,
    header: &str,
    placement: Placement,
) -> Result<PackageView> {
    let mut cx = Cx::new(module)?;
    cx.package = package.to_string();
    cx.runtime_from = match placement {
        Placement::Root => ".",
        Placement::Subpackage => "..",
    };
    let order = cx.definition_order();

    let mut items = Vec::new();
    let mut rebuild = Vec::new();
    for (index, name) in order.iter().enumerate() {
        let def = module.get(name).expect("ordered names exist");
        cx.defined_before = order[..index].iter().map(|n| (*n).clone()).collect();
        cx.forward = false;
        let item = match &def.kind {
            TypeKind::Enum(e) => cx.enum_item(def, e),
            TypeKind::Object(o) => cx.model_item(def, o)?,
            TypeKind::Alias(ty) => cx.alias_item(def, ty)?,
        };
        if cx.forward {
            if let TypeKind::Object(_) = def.kind {
                rebuild.push(cx.class(name));
            }
        }
        items.push(item);
    }

    let class_names: Vec<String> = order.iter().map(|n| cx.class(n)).collect();
    let mut exported = class_names.clone();
    layout::sort_imported_names(&mut exported);

    let root = cx.class(&module.root);
    let schema_file = module
        .schema_path
        .rsplit('/')
        .next()
        .unwrap_or("schema.json")
        .to_string();
    let version_label = module
        .version
        .as_ref()
        .map(|v| format!(", schema version {v}"))
        .unwrap_or_default();
    let models_doc = layout::docstring(0, &format!("Pydantic models of {root}{version_label}."))
        .expect("not blank");
    let mut init_text = format!("Pydantic models of {root}{version_label}.");
    if let Some(description) = &module.root_type().description {
        init_text.push_str("\n\n");
        init_text.push_str(description);
    }
    let init_doc = layout::docstring(0, &init_text).expect("not blank");
    let mut all: Vec<Expr> = Vec::new();
    if module.version.is_some() {
        all.push(atom(layout::string_literal("SCHEMA_VERSION")));
    }
    all.extend(exported.iter().map(|n| atom(layout::string_literal(n))));

    Ok(PackageView {
        header: format!("# {header}"),
        package: package.to_string(),
        distribution: package.replace('_', "-"),
        version: module.version.clone().unwrap_or_else(|| "0.0.0".into()),
        schema_version: module.version.as_deref().map(layout::string_literal),
        schema_path: module.schema_path.clone(),
        package_statement: layout::assignment(0, "PACKAGE", &atom(layout::string_literal(package))),
        schema_file_statement: layout::assignment(
            0,
            "SCHEMA_FILE",
            &atom(layout::string_literal(&schema_file)),
        ),
        serialization_file_statement: layout::assignment(
            0,
            "SERIALIZATION_FILE",
            &atom(layout::string_literal(
                &crate::schema::serialization_file_name(&schema_file),
            )),
        ),
        serialization_file: crate::schema::serialization_file_name(&schema_file),
        schema_file,
        checks: has_check(module),
        kafka: module.envelope.is_some() && super::super::kafka::helper_version(module).is_some(),
        kafka_version: super::super::kafka::helper_version(module),
        root: root.clone(),
        description_toml: toml_string(&format!(
            "Pydantic models for {root}, generated from {}",
            module.schema_path
        )),
        models_doc,
        init_doc,
        init_import: layout::from_import(".models", &exported),
        exported: exported.clone(),
        readme: false,
        all_statement: layout::assignment(0, "__all__", &Expr::List(all)),
        version_statement: module
            .version
            .as_ref()
            .map(|v| layout::assignment(0, "SCHEMA_VERSION", &atom(layout::string_literal(v)))),
        models: Models {
            future: cx.any_forward,
            import_sections: cx.import_sections(),
            items,
            rebuild,
            helpers: if cx.json_type_helper {
                vec![JSON_TYPE_HELPER.to_string()]
            } else {
                Vec::new()
            },
        },
    })
}

struct Cx<'a> {
    module: &'a ir::Module,
    classes: HashMap<Name, String>,
    /// module → imported names.
    imports: BTreeMap<&'static str, BTreeSet<String>>,
    runtime: bool,
    /// Where `_runtime` is imported from (`.` or `..`).
    runtime_from: &'static str,
    defined_before: BTreeSet<Name>,
    forward: bool,
    any_forward: bool,
    /// `models.py` needs [`JSON_TYPE_HELPER`].
    json_type_helper: bool,
    /// The Python package of `models.py` (`workflow_events.v1_1`): run-time checks read the
    /// schema shipped beside it.
    package: String,
}

impl<'a> Cx<'a> {
    fn new(module: &'a ir::Module) -> Result<Cx<'a>> {
        // A module with unions also imports these names.
        let union_names: &[&str] = if has_union(module) {
            &[
                "Tag",
                "Discriminator",
                "Callable",
                "UUID",
                "date",
                "_json_type",
            ]
        } else {
            &[]
        };
        let mut namespace =
            Namespace::with_reserved("_", names::MODULE_LEVEL.iter().chain(union_names).copied());
        let mut classes = HashMap::new();
        for def in &module.types {
            let candidate = names::class_name(&def.name);
            classes.insert(def.name.clone(), namespace.claim(&candidate));
        }
        Ok(Cx {
            module,
            classes,
            imports: BTreeMap::new(),
            runtime: false,
            runtime_from: ".",
            defined_before: BTreeSet::new(),
            forward: false,
            any_forward: false,
            json_type_helper: false,
            package: String::new(),
        })
    }

    fn class(&self, name: &Name) -> String {
        self.classes[name].clone()
    }

    fn import(&mut self, module: &'static str, name: &str) -> String {
        self.imports
            .entry(module)
            .or_default()
            .insert(name.to_string());
        name.to_string()
    }

    fn runtime(&mut self, name: &str) -> String {
        self.runtime = true;
        format!("_runtime.{name}")
    }

    fn err(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::Backend {
            file: format!("{}#{pointer}", self.module.schema_path),
            backend: "python",
            message: message.into(),
        }
    }

    /// Leaves first: a type is defined after the types it refers to, except along a cycle;
    /// ties keep the IR order (root first in the IR, so the root usually comes last here).
    fn definition_order(&self) -> Vec<&'a Name> {
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
        fn visit<'m>(
            module: &'m ir::Module,
            def: &'m ir::TypeDef,
            state: &mut HashMap<&'m Name, bool>,
            out: &mut Vec<&'m Name>,
        ) {
            if state.contains_key(&def.name) {
                return;
            }
            state.insert(&def.name, false);
            let mut deps = Vec::new();
            match &def.kind {
                TypeKind::Object(o) => o.fields.iter().for_each(|f| refs(&f.ty, &mut deps)),
                TypeKind::Alias(ty) => refs(ty, &mut deps),
                TypeKind::Enum(_) => {}
            }
            for dep in deps {
                if let Some(target) = module.types.iter().find(|t| t.name == dep) {
                    visit(module, target, state, out);
                }
            }
            state.insert(&def.name, true);
            out.push(&def.name);
        }
        let mut state = HashMap::new();
        let mut out = Vec::new();
        for def in &self.module.types {
            visit(self.module, def, &mut state, &mut out);
        }
        out
    }

    fn import_sections(&self) -> Vec<Vec<String>> {
        let mut stdlib = Vec::new();
        let mut third = Vec::new();
        for (module, names) in &self.imports {
            let mut names: Vec<String> = names.iter().cloned().collect();
            layout::sort_imported_names(&mut names);
            let line = layout::from_import(module, &names);
            if matches!(*module, "pydantic" | "typing_extensions") {
                third.push(line);
            } else {
                stdlib.push(line);
            }
        }
        let mut sections = Vec::new();
        for section in [stdlib, third] {
            if !section.is_empty() {
                sections.push(section);
            }
        }
        if self.runtime {
            sections.push(vec![format!("from {} import _runtime", self.runtime_from)]);
        }
        sections
    }

    fn enum_item(&mut self, def: &ir::TypeDef, e: &ir::Enum) -> Item {
        self.import("enum", "Enum");
        let mut members = Namespace::new("_");
        let lines = e
            .values
            .iter()
            .map(|v| {
                let name = members.claim(&names::member_name(&v.name));
                layout::assignment(4, &name, &atom(layout::string_literal(&v.value)))
            })
            .collect();
        Item::Enum {
            name: self.class(&def.name),
            doc: def
                .description
                .as_deref()
                .and_then(|d| layout::docstring(4, d)),
            members: lines,
        }
    }

    fn alias_item(&mut self, def: &ir::TypeDef, ty: &Type) -> Result<Item> {
        let expr = self.type_expr(ty, true)?;
        let name = self.class(&def.name);
        // An alias that names a type defined later (itself, through a cycle) must be a
        // `TypeAliasType`: pydantic recurses forever on a plain `X = list["X"]`.
        // The value is given as one string, the form mypy resolves.
        let expr = if self.forward {
            let lazy = self.type_expr(ty, false)?.flat();
            let alias_type = self.import("typing_extensions", "TypeAliasType");
            Expr::Call(
                alias_type,
                vec![
                    Arg::pos(atom(layout::string_literal(&name))),
                    Arg::pos(atom(layout::string_literal(&lazy))),
                ],
            )
        } else {
            expr
        };
        Ok(Item::Alias {
            statement: layout::assignment(0, &name, &expr),
            doc: def
                .description
                .as_deref()
                .and_then(|d| layout::docstring(0, d)),
        })
    }

    fn model_item(&mut self, def: &ir::TypeDef, object: &ir::Object) -> Result<Item> {
        let attrs = attribute_names(object);

        let any_alias = object
            .fields
            .iter()
            .zip(&attrs)
            .any(|(f, a)| &f.wire_name != a);
        let protected = attrs.iter().any(|a| a.starts_with("model_"));

        let mut fields = Vec::new();
        for (field, attr) in object.fields.iter().zip(&attrs) {
            let alias = (&field.wire_name != attr).then_some(field.wire_name.as_str());
            fields.push(self.field(field, attr, alias)?);
        }

        let mut config_args = vec![Arg::kw(
            "extra",
            atom(layout::string_literal(match object.additional {
                ir::Additional::Ignore => "ignore",
                ir::Additional::Forbid => "forbid",
                ir::Additional::Keep => "allow",
            })),
        )];
        if any_alias {
            config_args.push(Arg::kw("serialize_by_alias", atom("True")));
        }
        if protected {
            config_args.push(Arg::kw("protected_namespaces", atom("()")));
        }
        let config_call = Expr::Call(self.import("pydantic", "ConfigDict"), config_args);
        let base = self.runtime(if any_alias { "WireModel" } else { "Model" });
        let keep: Vec<Arg> = fields
            .iter()
            .zip(&attrs)
            .filter(|(f, _)| f.keeps_given_null)
            .map(|(_, a)| Arg::pos(atom(layout::string_literal(a))))
            .collect();
        let serializer = (!keep.is_empty()).then(|| {
            let call = Expr::Call(self.runtime("keep_given_null"), keep);
            layout::assignment(4, "_keep_given_null", &call)
        });
        // Kept undeclared properties are any JSON values, every number finite; what they must
        // be beyond that is the object's check.
        let extra = (object.additional == ir::Additional::Keep).then(|| {
            let json = self.runtime("Json");
            let annotation = Expr::Subscript("dict".into(), vec![atom("str"), atom(json)]);
            let value = Expr::Call(
                self.import("pydantic", "Field"),
                vec![Arg::kw("init", atom("False"))],
            );
            layout::annotated(4, "__pydantic_extra__", &annotation, Some(&value))
        });
        let check = object.check.as_ref().map(|check| {
            let call = Expr::Call(
                self.runtime("model_check"),
                vec![
                    Arg::pos(atom(layout::string_literal(&self.package))),
                    Arg::pos(atom(layout::string_literal(&check.pointer))),
                ],
            );
            layout::assignment(4, "_check", &call)
        });
        Ok(Item::Model {
            name: self.class(&def.name),
            base,
            doc: def
                .description
                .as_deref()
                .and_then(|d| layout::docstring(4, d)),
            config: layout::assignment(4, "model_config", &config_call),
            fields,
            serializer,
            extra,
            check,
        })
    }

    fn field(&mut self, field: &ir::Field, attr: &str, alias: Option<&str>) -> Result<FieldView> {
        let mut annotation = self.type_expr(&field.ty, false)?;
        let mut args: Vec<Arg> = Vec::new();
        let mut plain_default: Option<Expr> = None;
        let mut keeps_given_null = false;
        if let Some(factory) = field.default_factory {
            let factory = match factory {
                DefaultFactory::Uuid4 => self.import("uuid", "uuid4"),
                DefaultFactory::Now => self.runtime("utc_now"),
            };
            args.push(Arg::kw("default_factory", atom(factory)));
        } else if let Some(default) = &field.default {
            let value = self.default_expr(&field.ty, default);
            if self.is_plain(&field.ty) {
                plain_default = Some(value);
            } else {
                args.push(Arg::kw("default", value));
                args.push(Arg::kw("validate_default", atom("True")));
            }
        } else if !field.required {
            if !self.accepts_null(&field.ty) {
                // Absent is allowed, `null` is not: the attribute is `None` when absent, but
                // validation uses the non-null type.
                let not_null = self.runtime("NotNull");
                annotation = Expr::Subscript(
                    self.import("typing", "Annotated"),
                    vec![Expr::Union(vec![annotation, atom("None")]), atom(not_null)],
                );
            }
            plain_default = Some(atom("None"));
            if self.accepts_null(&field.ty) {
                // `None` is absent or `null`: the model's serializer omits it only when absent.
                keeps_given_null = true;
            } else {
                let is_none = self.runtime("is_none");
                args.push(Arg::kw("exclude_if", atom(is_none)));
            }
        }
        if let Some(alias) = alias {
            args.push(Arg::kw("alias", atom(layout::string_literal(alias))));
        }
        let value = if args.is_empty() {
            plain_default
        } else {
            if let Some(default) = plain_default {
                args.insert(0, Arg::kw("default", default));
            }
            Some(Expr::Call(self.import("pydantic", "Field"), args))
        };
        Ok(FieldView {
            statement: layout::annotated(4, attr, &annotation, value.as_ref()),
            doc: field
                .description
                .as_deref()
                .and_then(|d| layout::docstring(4, d)),
            keeps_given_null,
        })
    }

    /// A default that pydantic can keep without validating it (it never validates defaults):
    /// JSON scalars and enum members. Anything else is validated on construction.
    fn is_plain(&self, ty: &Type) -> bool {
        match ty {
            Type::String(s) => matches!(s.format, None | Some(Format::Email | Format::Uri)),
            Type::Integer(_) | Type::Number(_) | Type::Boolean | Type::Null | Type::Const(_) => {
                true
            }
            Type::Nullable(inner) => self.is_plain(inner),
            Type::Ref(name) => match &self.module.get(name).expect("resolved").kind {
                TypeKind::Enum(_) => true,
                TypeKind::Alias(inner) => self.is_plain(inner),
                TypeKind::Object(_) => false,
            },
            Type::Any | Type::Array(_) | Type::Map(_) | Type::Union(_) | Type::Checked(_) => false,
        }
    }

    fn accepts_null(&self, ty: &Type) -> bool {
        match ty {
            Type::Ref(name) => match &self.module.get(name).expect("resolved").kind {
                TypeKind::Alias(inner) => self.accepts_null(inner),
                _ => false,
            },
            other => other.accepts_null(),
        }
    }

    fn enum_member(&self, name: &Name, value: &str) -> Option<String> {
        let def = self.module.get(name)?;
        let TypeKind::Enum(e) = &def.kind else {
            return None;
        };
        let mut members = Namespace::new("_");
        for v in &e.values {
            let member = members.claim(&names::member_name(&v.name));
            if v.value == value {
                return Some(format!("{}.{member}", self.class(name)));
            }
        }
        None
    }

    fn default_expr(&self, ty: &Type, value: &Value) -> Expr {
        match (ty, value) {
            (Type::Nullable(inner), v) if !v.is_null() => self.default_expr(inner, v),
            (Type::Ref(name), Value::String(s)) => match self.enum_member(name, s) {
                Some(member) => atom(member),
                None => match &self.module.get(name).map(|d| &d.kind) {
                    Some(TypeKind::Alias(inner)) => self.default_expr(inner, value),
                    _ => py_literal(value),
                },
            },
            _ => py_literal(value),
        }
    }

    /// The annotation for a type. `eager` is true for module-level aliases, whose right-hand
    /// side is evaluated at import: names defined later must be quoted there.
    fn type_expr(&mut self, ty: &Type, eager: bool) -> Result<Expr> {
        Ok(match ty {
            Type::String(s) => {
                let mut args = Vec::new();
                if let Some(n) = s.min_length {
                    args.push(Arg::kw("min_length", atom(n.to_string())));
                }
                if let Some(n) = s.max_length {
                    args.push(Arg::kw("max_length", atom(n.to_string())));
                }
                if let Some(p) = &s.pattern {
                    args.push(Arg::kw("pattern", atom(layout::string_literal(p))));
                }
                // `ir::targets` refused length and pattern next to these formats.
                let base = match s.format {
                    None | Some(Format::Email) | Some(Format::Uri) => "str".to_string(),
                    Some(format) => self.runtime(match format {
                        Format::Uuid => "Uuid",
                        Format::DateTime => "Timestamp",
                        _ => "Date",
                    }),
                };
                self.constrained(base, args)
            }
            Type::Integer(n) | Type::Number(n) => {
                let mut args = Vec::new();
                let bounds = [
                    ("gt", &n.exclusive_minimum),
                    ("ge", &n.minimum),
                    ("lt", &n.exclusive_maximum),
                    ("le", &n.maximum),
                ];
                for (keyword, bound) in bounds {
                    if let Some(b) = bound {
                        args.push(Arg::kw(keyword, atom(py_number(b))));
                    }
                }
                let base = if matches!(ty, Type::Integer(_)) {
                    self.runtime("Int")
                } else {
                    self.runtime("Float")
                };
                match &n.multiple_of {
                    // pydantic's `multiple_of` divides floats (`19.99` would be no multiple of
                    // `0.01`); the runtime's check is exact on decimals (schema/CONTRACT.md).
                    Some(step) => {
                        let check = self.runtime("multiple_of");
                        let mut items = vec![atom(base)];
                        if !args.is_empty() {
                            items.push(Expr::Call(self.import("pydantic", "Field"), args));
                        }
                        items.push(Expr::Call(
                            self.import("pydantic", "AfterValidator"),
                            vec![Arg::pos(Expr::Call(
                                check,
                                vec![Arg::pos(atom(py_number(step)))],
                            ))],
                        ));
                        Expr::Subscript(self.import("typing", "Annotated"), items)
                    }
                    None => self.constrained(base, args),
                }
            }
            Type::Boolean => atom(self.import("pydantic", "StrictBool")),
            Type::Null => atom("None"),
            Type::Any => atom(self.runtime("Json")),
            Type::Nullable(inner) => Expr::Union(vec![self.type_expr(inner, eager)?, atom("None")]),
            Type::Array(a) => {
                let list = Expr::Subscript("list".into(), vec![self.type_expr(&a.items, eager)?]);
                let mut metadata = Vec::new();
                let mut args = Vec::new();
                if let Some(n) = a.min_items {
                    args.push(Arg::kw("min_length", atom(n.to_string())));
                }
                if let Some(n) = a.max_items {
                    args.push(Arg::kw("max_length", atom(n.to_string())));
                }
                if !args.is_empty() {
                    metadata.push(Expr::Call(self.import("pydantic", "Field"), args));
                }
                if a.unique_items {
                    let check = self.runtime("unique_items");
                    metadata.push(Expr::Call(
                        self.import("pydantic", "AfterValidator"),
                        vec![Arg::pos(atom(check))],
                    ));
                }
                if metadata.is_empty() {
                    list
                } else {
                    let mut items = vec![list];
                    items.extend(metadata);
                    Expr::Subscript(self.import("typing", "Annotated"), items)
                }
            }
            // A free-form object is checked as a whole once read, not value by value: a value
            // that a repeated key replaced is not kept, so its numbers are not checked.
            Type::Map(m) if matches!(*m.values, Type::Any) => atom(self.runtime("JsonObject")),
            Type::Map(m) => Expr::Subscript(
                "dict".into(),
                vec![atom("str"), self.type_expr(&m.values, eager)?],
            ),
            Type::Const(value) => match value {
                Value::Null => atom("None"),
                Value::String(_) => {
                    Expr::Subscript(self.import("typing", "Literal"), vec![py_literal(value)])
                }
                _ => {
                    // `Literal[1]` alone would accept `true` (and `Literal[True]` would accept 1).
                    let literal =
                        Expr::Subscript(self.import("typing", "Literal"), vec![py_literal(value)]);
                    let exactly = self.runtime("exactly");
                    Expr::Subscript(
                        self.import("typing", "Annotated"),
                        vec![
                            literal,
                            Expr::Call(
                                self.import("pydantic", "BeforeValidator"),
                                vec![Arg::pos(Expr::Call(
                                    exactly,
                                    vec![Arg::pos(py_literal(value))],
                                ))],
                            ),
                        ],
                    )
                }
            },
            Type::Union(u) => {
                let mut members = Vec::new();
                for v in &u.variants {
                    let ty = self.type_expr(&v.ty, eager)?;
                    members.push(match &u.discriminator {
                        Some(_) => ty,
                        None => {
                            let tag = Expr::Call(
                                self.import("pydantic", "Tag"),
                                vec![Arg::pos(atom(layout::string_literal(&v.tag)))],
                            );
                            Expr::Subscript(self.import("typing", "Annotated"), vec![ty, tag])
                        }
                    });
                }
                let selector = match &u.discriminator {
                    Some(property) => {
                        let attr = self.discriminator_attr(u, property)?;
                        Expr::Call(
                            self.import("pydantic", "Field"),
                            vec![Arg::kw(
                                "discriminator",
                                atom(layout::string_literal(&attr)),
                            )],
                        )
                    }
                    None => {
                        self.json_type_helper = true;
                        self.import("collections.abc", "Callable");
                        self.import("datetime", "date");
                        self.import("uuid", "UUID");
                        let number = if u.variants.iter().any(|v| v.tag == "integer") {
                            "integer"
                        } else {
                            "number"
                        };
                        Expr::Call(
                            self.import("pydantic", "Discriminator"),
                            vec![Arg::pos(Expr::Call(
                                "_json_type".into(),
                                vec![Arg::pos(atom(layout::string_literal(number)))],
                            ))],
                        )
                    }
                };
                Expr::Subscript(
                    self.import("typing", "Annotated"),
                    vec![Expr::Union(members), selector],
                )
            }
            Type::Checked(c) => {
                let inner = self.type_expr(&c.ty, eager)?;
                let check = Expr::Call(
                    self.runtime("Check"),
                    vec![
                        Arg::pos(atom(layout::string_literal(&self.package))),
                        Arg::pos(atom(layout::string_literal(&c.check.pointer))),
                    ],
                );
                Expr::Subscript(self.import("typing", "Annotated"), vec![inner, check])
            }
            Type::Ref(name) => {
                let class = self.class(name);
                let defined = self.defined_before.contains(name);
                if !defined {
                    self.forward = true;
                    self.any_forward = true;
                    if eager {
                        return Ok(atom(layout::string_literal(&class)));
                    }
                }
                atom(class)
            }
        })
    }

    /// The Python attribute of a discriminated union's tag property: the same in every variant
    /// (pydantic's `Field(discriminator=…)` names an attribute; it reads the wire name).
    fn discriminator_attr(&self, u: &ir::UnionType, property: &str) -> Result<String> {
        let mut found: Option<String> = None;
        for v in &u.variants {
            let Type::Ref(name) = &v.ty else {
                return Err(self.err(&v.pointer, "a discriminated variant is not an object"));
            };
            let Some(TypeKind::Object(o)) = self.module.get(name).map(|d| &d.kind) else {
                return Err(self.err(&v.pointer, "a discriminated variant is not an object"));
            };
            let attrs = attribute_names(o);
            let attr = o
                .fields
                .iter()
                .zip(attrs)
                .find(|(f, _)| f.wire_name == property)
                .map(|(_, a)| a)
                .expect("the IR checked the discriminator in every variant");
            match &found {
                Some(other) if other != &attr => {
                    return Err(self.err(
                        &u.pointer,
                        format!("the discriminator `{property}` has different Python names in the variants (`{other}`, `{attr}`); rename the colliding properties"),
                    ))
                }
                _ => found = Some(attr),
            }
        }
        Ok(found.expect("a union has variants"))
    }

    fn constrained(&mut self, base: String, args: Vec<Arg>) -> Expr {
        if args.is_empty() {
            atom(base)
        } else {
            let field = Expr::Call(self.import("pydantic", "Field"), args);
            Expr::Subscript(self.import("typing", "Annotated"), vec![atom(base), field])
        }
    }
}

/// The attribute names of a model's fields: a wire name that is already the Python name keeps
/// it; the others are inflected, then numbered on collision, in schema order.
fn attribute_names(object: &ir::Object) -> Vec<String> {
    let items: Vec<(String, &str)> = object
        .fields
        .iter()
        .map(|f| (names::attribute_name(&f.name), f.wire_name.as_str()))
        .collect();
    Namespace::new("_").claim_all(&items)
}

/// Whether any type of the module has a run-time check (`ir::Check`).
fn has_check(module: &ir::Module) -> bool {
    fn walk(ty: &Type) -> bool {
        match ty {
            Type::Checked(_) => true,
            Type::Nullable(inner) => walk(inner),
            Type::Array(a) => walk(&a.items),
            Type::Map(m) => walk(&m.values),
            Type::Union(u) => u.variants.iter().any(|v| walk(&v.ty)),
            _ => false,
        }
    }
    module.types.iter().any(|def| match &def.kind {
        TypeKind::Object(o) => o.check.is_some() || o.fields.iter().any(|f| walk(&f.ty)),
        TypeKind::Alias(ty) => walk(ty),
        TypeKind::Enum(_) => false,
    })
}

/// Whether any type of the module is a union.
fn has_union(module: &ir::Module) -> bool {
    fn walk(ty: &Type) -> bool {
        match ty {
            Type::Union(_) => true,
            Type::Nullable(inner) => walk(inner),
            Type::Checked(c) => walk(&c.ty),
            Type::Array(a) => walk(&a.items),
            Type::Map(m) => walk(&m.values),
            _ => false,
        }
    }
    module.types.iter().any(|def| match &def.kind {
        TypeKind::Object(o) => o.fields.iter().any(|f| walk(&f.ty)),
        TypeKind::Alias(ty) => walk(ty),
        TypeKind::Enum(_) => false,
    })
}

/// The private helper of `models.py` that tells a union's variants apart by JSON type.
const JSON_TYPE_HELPER: &str = r#"def _json_type(number: str) -> Callable[[object], str]:
    """The tag of a value in a union by JSON type; numbers are tagged ``number``."""

    def tag(value: object) -> str:
        if value is None:
            return "null"
        if isinstance(value, bool):
            return "boolean"
        if isinstance(value, (int, float)):
            return number
        if isinstance(value, (str, UUID, date)):
            return "string"
        if isinstance(value, (list, tuple)):
            return "array"
        return "object"

    return tag"#;

/// A JSON value as a Python literal.
pub fn py_literal(value: &Value) -> Expr {
    match value {
        Value::Null => atom("None"),
        Value::Bool(true) => atom("True"),
        Value::Bool(false) => atom("False"),
        Value::Number(n) => atom(py_number(n)),
        Value::String(s) => atom(layout::string_literal(s)),
        Value::Array(items) => Expr::List(items.iter().map(py_literal).collect()),
        Value::Object(map) => Expr::Dict(
            map.iter()
                .map(|(k, v)| (atom(layout::string_literal(k)), py_literal(v)))
                .collect(),
        ),
    }
}

/// A JSON number as a Python literal: integers as they are, other numbers as floats
/// (`1.0`, `1e16`, `1e-07` is written `1e-7`).
pub fn py_number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else {
        let f = n.as_f64().unwrap_or(0.0);
        let text = format!("{f:?}");
        if text.contains(['.', 'e', 'E']) {
            text
        } else {
            format!("{text}.0")
        }
    }
}

/// A TOML basic string.
pub(super) fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
