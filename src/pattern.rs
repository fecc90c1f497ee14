//! `pattern` checks with the slow path's regex engine (the `jsonschema` crate's), compiled
//! once: used by the fast path's plan and, in place of typify's own `regress` regexes, by the
//! generated string types (build.rs points their `PATTERN` statics here), so that every read
//! path answers as the schema validator does.

use std::cell::RefCell;

use serde_json::Value;

/// A compiled `pattern`.
pub(crate) struct Pattern(jsonschema::Validator);

thread_local! {
    /// The string a pattern is checked on: the validator takes a JSON value, and a per-thread
    /// string value is reused so that a check allocates nothing once warm.
    static INPUT: RefCell<Value> = const { RefCell::new(Value::String(String::new())) };
}

impl Pattern {
    /// Compiles `source`; `None` if the engine refuses it.
    pub(crate) fn compile(source: &str) -> Option<Self> {
        jsonschema::options()
            .build(&serde_json::json!({ "pattern": source }))
            .ok()
            .map(Self)
    }

    /// For the generated types: their schema compiled (build time and `tests/schema.rs`), so
    /// a refusal is a bug, and panics naming the pattern.
    pub(crate) fn new(source: &str) -> Self {
        Self::compile(source).unwrap_or_else(|| panic!("the pattern {source:?} does not compile"))
    }

    /// Whether `text` matches (somewhere, as JSON Schema's `pattern` means).
    pub(crate) fn is_match(&self, text: &str) -> bool {
        INPUT.with(|input| match input.try_borrow_mut() {
            Ok(mut input) => {
                if let Value::String(buffer) = &mut *input {
                    buffer.clear();
                    buffer.push_str(text);
                }
                self.0.is_valid(&input)
            }
            Err(_) => self.0.is_valid(&Value::String(text.to_owned())),
        })
    }

    /// `Some(())` on a match: the shape of `regress::Regex::find` that the code typify
    /// generates calls (`PATTERN.find(value).is_none()`).
    pub(crate) fn find(&self, text: &str) -> Option<()> {
        self.is_match(text).then_some(())
    }
}
