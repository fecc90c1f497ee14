//! JSON pointers (RFC 6901) into a schema document: built a token at a time, escaped in one
//! place (`~` → `~0`, `/` → `~1`), shown as `/properties/a~1b` (errors add the `#`).

use std::fmt;

/// A JSON pointer; the empty pointer is the document's root.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The document's root (`""`).
    pub fn root() -> Pointer {
        Pointer(String::new())
    }

    /// A pointer from its text (`/$defs/EventType`), as written in a `$ref` after the `#`.
    pub fn parse(text: &str) -> Option<Pointer> {
        (text.is_empty() || text.starts_with('/')).then(|| Pointer(text.to_string()))
    }

    /// This pointer followed by `token` (a property name or an index), escaped.
    pub fn push(&self, token: &str) -> Pointer {
        Pointer(format!("{}/{}", self.0, escape(token)))
    }

    /// The tokens, unescaped.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0.split('/').skip(1).map(unescape)
    }

    /// The pointer's text (`""` for the root).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One token escaped for a pointer.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// One token of a pointer unescaped.
pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// A URI fragment percent-decoded (`#/$defs/a%25b` → `/$defs/a%b`), as `$ref`s write pointers.
pub fn fragment_decode(fragment: &str) -> String {
    percent_encoding::percent_decode_str(fragment)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn tokens_are_escaped_once_and_read_back() {
        let p = Pointer::root().push("properties").push("a/b~c");
        assert_eq!(p.as_str(), "/properties/a~1b~0c");
        assert_eq!(p.tokens().collect::<Vec<_>>(), ["properties", "a/b~c"]);
        assert_eq!(Pointer::parse("/$defs/X").unwrap().tokens().count(), 2);
        assert!(Pointer::parse("$defs").is_none());
    }
}
