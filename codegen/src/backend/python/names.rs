//! Python identifiers: inflecting IR words into class, attribute and enum member names that
//! are valid, ASCII, and cannot shadow anything the generated module relies on; collisions are
//! settled by [`crate::ir::Namespace`], as in every backend.
//!
//! The lists below are copied from CPython 3.11 (`keyword.kwlist`, `keyword.softkwlist`,
//! `dir(builtins)`) and pydantic 2.13 (`dir(pydantic.BaseModel)`), so that no generated name
//! is a keyword, overrides a `BaseModel` attribute (`model_config`, `copy`, `json`), or
//! shadows a name the class body itself uses: builtin types that can appear in annotations
//! (`str`, `list`, `type`, …) and names imported by `models.py` (`uuid4`). Other builtins
//! (`id`, `max`, `next`) only shadow inside the class namespace, which the generated code
//! never reads them from, so they stay as they are (`event.id`, not `event.id_`). Class
//! names avoid every builtin, since they live in the module namespace.

use crate::ir::Name;

/// `keyword.kwlist` and `keyword.softkwlist` of CPython 3.11.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield", "_", "case", "match",
];

/// Public names of `dir(builtins)` in CPython 3.11.
const BUILTINS: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "False",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "None",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "True",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "copyright",
    "credits",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "exit",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "license",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "quit",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
];

/// The builtins of [`BUILTINS`] that are types a generated annotation could name.
const BUILTIN_TYPES: &[&str] = &[
    "bool",
    "bytearray",
    "bytes",
    "complex",
    "dict",
    "float",
    "frozenset",
    "int",
    "list",
    "memoryview",
    "object",
    "set",
    "str",
    "tuple",
    "type",
];

/// Public names of `dir(pydantic.BaseModel)` in pydantic 2.13, plus `self` (the first
/// parameter of every method; legal as a field name but confusing).
const BASE_MODEL: &[&str] = &[
    "construct",
    "copy",
    "dict",
    "from_orm",
    "json",
    "model_computed_fields",
    "model_config",
    "model_construct",
    "model_copy",
    "model_dump",
    "model_dump_json",
    "model_extra",
    "model_fields",
    "model_fields_set",
    "model_json_schema",
    "model_parametrized_name",
    "model_post_init",
    "model_rebuild",
    "model_validate",
    "model_validate_json",
    "model_validate_strings",
    "parse_file",
    "parse_obj",
    "parse_raw",
    "schema",
    "schema_json",
    "update_forward_refs",
    "validate",
    "self",
];

/// Names the generated `models.py` imports or defines at module level (besides the types).
pub const MODULE_LEVEL: &[&str] = &[
    "annotations",
    "TypeAliasType",
    "Annotated",
    "Any",
    "Literal",
    "Enum",
    "uuid4",
    "AfterValidator",
    "BaseModel",
    "BeforeValidator",
    "ConfigDict",
    "Field",
    "StrictBool",
    "StrictFloat",
];

fn is_reserved_attribute(candidate: &str) -> bool {
    KEYWORDS.contains(&candidate)
        || BUILTIN_TYPES.contains(&candidate)
        || BASE_MODEL.contains(&candidate)
        || MODULE_LEVEL.contains(&candidate)
}

fn is_reserved_class(candidate: &str) -> bool {
    KEYWORDS.contains(&candidate)
        || BUILTINS.contains(&candidate)
        || MODULE_LEVEL.contains(&candidate)
}

/// A class name: `UpperCamel`; a leading digit gets `Type` in front; reserved names get `_`.
pub fn class_name(name: &Name) -> String {
    let words = name.ascii_words();
    let mut out: String = Name::from_words(&words).upper_camel();
    if out.is_empty() {
        out = "Type".into();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out = format!("Type{out}");
    }
    if is_reserved_class(&out) {
        out.push('_');
    }
    out
}

/// An attribute name: `snake_case`; a leading digit gets `field_` in front; keywords,
/// builtin types, `BaseModel` attributes and module-level names get `_` appended.
pub fn attribute_name(name: &Name) -> String {
    let words = name.ascii_words();
    let mut out = words.join("_");
    if out.is_empty() {
        out = "field".into();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out = format!("field_{out}");
    }
    if is_reserved_attribute(&out) {
        out.push('_');
    }
    out
}

/// An enum member name: `SCREAMING_SNAKE`; `""` (no words) is `EMPTY`; a leading digit gets
/// `VALUE_` in front.
pub fn member_name(name: &Name) -> String {
    let words = name.ascii_words();
    let mut out = words.join("_").to_uppercase();
    if out.is_empty() {
        out = "EMPTY".into();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out = format!("VALUE_{out}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(text: &str) -> String {
        attribute_name(&Name::split(text))
    }

    #[test]
    fn attributes_avoid_keywords_builtins_and_pydantic() {
        assert_eq!(attr("class"), "class_");
        assert_eq!(attr("from"), "from_");
        assert_eq!(attr("import"), "import_");
        assert_eq!(attr("None"), "none");
        assert_eq!(attr("type"), "type_");
        assert_eq!(attr("model_config"), "model_config_");
        assert_eq!(attr("self"), "self_");
        assert_eq!(attr("user-id"), "user_id");
        assert_eq!(attr("first name"), "first_name");
        assert_eq!(attr("1st"), "field_1st");
        assert_eq!(attr("fooBar"), "foo_bar");
        assert_eq!(attr("_private"), "private");
        assert_eq!(attr("-"), "field");
        assert_eq!(attr("métriques"), "mtriques");
        assert_eq!(attr("id"), "id");
        assert_eq!(attr("str"), "str_");
        assert_eq!(attr("uuid4"), "uuid4_");
    }

    #[test]
    fn members_and_classes() {
        assert_eq!(
            member_name(&Name::split("workflow.completed")),
            "WORKFLOW_COMPLETED"
        );
        assert_eq!(member_name(&Name::split("")), "EMPTY");
        assert_eq!(member_name(&Name::split("1st")), "VALUE_1ST");
        assert_eq!(member_name(&Name::split("a-b")), "A_B");
        assert_eq!(member_name(&Name::split("None")), "NONE");
        assert_eq!(class_name(&Name::split("event_type")), "EventType");
        assert_eq!(class_name(&Name::split("field")), "Field_");
        assert_eq!(class_name(&Name::split("none")), "None_");
        assert_eq!(class_name(&Name::split("1st place")), "Type1stPlace");
    }
}
