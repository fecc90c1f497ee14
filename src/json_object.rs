//! [`JsonObject`]: a free-form JSON object (`payload.data`) held as JSON text, checked when it
//! is read and made canonical when first written or compared, with a `serde_json::Map` view
//! parsed on first use.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::ops::Deref;
use std::sync::OnceLock;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::{canonical_text, numbers, raw};

/// The nesting limit of a full parse (src/json_text.rs): the most an owned read allows.
const PARSE_DEPTH: usize = 200;

/// serde_json's name for raw JSON text in its data model (how `serde_json::value::RawValue`
/// passes through serde); an object read from serde_json arrives as this raw text (from the
/// fast path's scanner, as checked raw text: `scan::CHECKED_RAW_TOKEN`).
use crate::scan::{self, CHECKED_RAW_TOKEN, RAW_TOKEN};

/// A JSON object whose content the schema leaves free (`payload.data`).
///
/// Reading an event checks this object completely (it is accepted exactly when the whole
/// event is) and keeps its text as read, without building a tree nobody may look at. Its
/// canonical text (compact, keys in the order read, numbers as pydantic writes them, a
/// repeated key's last value in its first place; schema/CONTRACT.md) is made the first time
/// the object is written or compared, and kept. It dereferences to a `serde_json::Map`,
/// parsed on first use and kept:
///
/// ```
/// # use workflow_events::JsonObject;
/// let data: JsonObject = r#"{"status": "success", "count": 1.50}"#.parse().unwrap();
/// assert_eq!(data["status"], "success");
/// assert_eq!(data.as_str(), r#"{"status":"success","count":1.5}"#);
/// ```
///
/// Equality compares the canonical texts (so key order matters, as it does in the bytes an
/// event is written as). To change the content, edit a map and convert it back:
/// `JsonObject::from(map)`.
#[derive(Clone)]
pub struct JsonObject {
    /// JSON text of an object, checked to have a canonical form (every number finite, every
    /// escape valid, nesting bounded); canonical itself only if `canonical` says so.
    text: String,
    /// The canonical text once made: `None` when `text` already is.
    canonical: OnceLock<Option<String>>,
    map: OnceLock<Map<String, Value>>,
}

impl JsonObject {
    /// The empty object `{}`.
    pub fn new() -> Self {
        Self::from_canonical_text("{}".to_owned(), OnceLock::new())
    }

    /// From text known to be canonical.
    fn from_canonical_text(text: String, map: OnceLock<Map<String, Value>>) -> Self {
        Self {
            text,
            canonical: OnceLock::from(None),
            map,
        }
    }

    /// From the text of a JSON value (syntax already checked): an object whose content has a
    /// canonical form, with containers nested at most `max_depth` deep inside it.
    fn checked(raw: &str, max_depth: usize) -> Option<Self> {
        (raw.starts_with('{') && raw::content_ok(raw, max_depth)).then(|| Self {
            text: raw.to_owned(),
            canonical: OnceLock::new(),
            map: OnceLock::new(),
        })
    }

    /// The canonical JSON text of the object (made on the first call, then kept).
    pub fn as_str(&self) -> &str {
        self.canonical
            .get_or_init(
                || match canonical_text::canonical(&self.text, PARSE_DEPTH) {
                    Some(Cow::Borrowed(_)) => None,
                    Some(Cow::Owned(canonical)) => Some(canonical),
                    // A repeated key: written from the map, which keeps its first place and
                    // last value (as a Python dict does).
                    None => Some(
                        serde_json::to_string(self.as_map())
                            .unwrap_or_else(|e| panic!("a JSON map serializes: {e}")),
                    ),
                },
            )
            .as_deref()
            .unwrap_or(&self.text)
    }

    /// The object as a map (parsed on the first call, then kept).
    pub fn as_map(&self) -> &Map<String, Value> {
        self.map.get_or_init(|| parse_map(&self.text))
    }

    /// The object as a map, owned.
    pub fn into_map(self) -> Map<String, Value> {
        match self.map.into_inner() {
            Some(map) => map,
            None => parse_map(&self.text),
        }
    }
}

/// Checked text as a map, its numbers canonical; nesting is bounded by the check, so
/// serde_json's own limit (128) is off.
fn parse_map(text: &str) -> Map<String, Value> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.disable_recursion_limit();
    let mut value = Value::Object(
        Map::deserialize(&mut deserializer)
            .unwrap_or_else(|e| panic!("a JsonObject holds checked JSON: {e}")),
    );
    numbers::canonicalize(&mut value);
    match value {
        Value::Object(map) => map,
        _ => unreachable!("an object stays an object"),
    }
}

impl Default for JsonObject {
    fn default() -> Self {
        Self::new()
    }
}

impl Deref for JsonObject {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        self.as_map()
    }
}

impl PartialEq for JsonObject {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for JsonObject {}

impl fmt::Debug for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("JsonObject").field(&self.as_str()).finish()
    }
}

impl fmt::Display for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Map<String, Value>> for JsonObject {
    /// The object of `map`, numbers made canonical (a number without a canonical form, only
    /// possible in a map built from text like `1e400`, becomes `null`, as pydantic writes it).
    fn from(map: Map<String, Value>) -> Self {
        let mut value = Value::Object(map);
        numbers::canonicalize(&mut value);
        let text = value.to_string();
        let Value::Object(map) = value else {
            unreachable!("an object stays an object")
        };
        Self::from_canonical_text(text, OnceLock::from(map))
    }
}

impl TryFrom<Value> for JsonObject {
    /// The value given, when it is not an object.
    type Error = Value;

    fn try_from(value: Value) -> Result<Self, Value> {
        match value {
            Value::Object(map) => Ok(map.into()),
            other => Err(other),
        }
    }
}

impl From<JsonObject> for Map<String, Value> {
    fn from(object: JsonObject) -> Self {
        object.into_map()
    }
}

impl From<JsonObject> for Value {
    fn from(object: JsonObject) -> Self {
        Value::Object(object.into_map())
    }
}

impl std::str::FromStr for JsonObject {
    type Err = serde_json::Error;

    /// Parses JSON text holding an object, as an event's `payload.data` is read (a repeated
    /// key keeps its first place and last value; a float beyond the double range is an error);
    /// the result is its canonical form.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        fn error(message: impl fmt::Display) -> serde_json::Error {
            de::Error::custom(message)
        }
        let mut value = crate::json_text::parse(text.as_bytes()).map_err(error)?;
        if !numbers::canonicalize_checked(&mut value) {
            return Err(error("a number beyond the double range"));
        }
        Self::try_from(value).map_err(|_| error("not a JSON object"))
    }
}

thread_local! {
    /// Set while [`write_raw`] runs: serde_json's serializer is writing, so the text can be
    /// handed to it as raw JSON.
    static WRITING_RAW: Cell<bool> = const { Cell::new(false) };
}

/// Runs `write` (a serde_json serialization) with every `JsonObject` written as its text.
pub(crate) fn write_raw<R>(write: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            WRITING_RAW.set(self.0);
        }
    }
    let _restore = Restore(WRITING_RAW.replace(true));
    write()
}

impl Serialize for JsonObject {
    /// Inside this crate's `to_json`, the canonical text as serde_json raw JSON; anywhere else
    /// (any serializer), the map.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if WRITING_RAW.get() {
            let mut raw = serializer.serialize_struct(RAW_TOKEN, 1)?;
            raw.serialize_field(RAW_TOKEN, self.as_str())?;
            raw.end()
        } else {
            self.as_map().serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for JsonObject {
    /// From serde_json (text or `Value`), through its raw text, checked and copied. From other
    /// formats, through a map.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_TOKEN, ObjectVisitor)
    }
}

struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = JsonObject;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, de: D) -> Result<JsonObject, D::Error> {
        de.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<JsonObject, A::Error> {
        let first = match access.next_key_seed(FirstKeySeed)? {
            None => return Ok(JsonObject::new()),
            Some(FirstKey::Raw) => return access.next_value_seed(RawSeed { checked: false }),
            Some(FirstKey::Checked) => return access.next_value_seed(RawSeed { checked: true }),
            Some(FirstKey::Key(key)) => key,
        };
        // Not serde_json: a map, entry by entry.
        let mut map = Map::new();
        map.insert(first, access.next_value()?);
        while let Some((key, value)) = access.next_entry()? {
            map.insert(key, value);
        }
        Ok(map.into())
    }
}

/// The first key of a map: serde_json's raw-value marker or the scanner's (compared, not
/// allocated), or a key.
enum FirstKey {
    Raw,
    Checked,
    Key(String),
}

struct FirstKeySeed;

impl<'de> DeserializeSeed<'de> for FirstKeySeed {
    type Value = FirstKey;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<FirstKey, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for FirstKeySeed {
    type Value = FirstKey;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<FirstKey, E> {
        Ok(if key == RAW_TOKEN {
            FirstKey::Raw
        } else if key == CHECKED_RAW_TOKEN && scan::trusted() {
            FirstKey::Checked
        } else {
            FirstKey::Key(key.to_owned())
        })
    }
}

/// The raw text of the object, checked (unless the scanner has: `checked`) and kept.
struct RawSeed {
    checked: bool,
}

impl<'de> DeserializeSeed<'de> for RawSeed {
    type Value = JsonObject;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<JsonObject, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for RawSeed {
    type Value = JsonObject;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("raw JSON text")
    }

    /// Text borrowed from the input being read: the fast read path (serde_json over a `&str`).
    /// Nesting deeper than the fast path decides is refused: the slow path decides.
    fn visit_borrowed_str<E: de::Error>(self, raw: &'de str) -> Result<JsonObject, E> {
        let object = match self.checked {
            true => raw.starts_with('{').then(|| JsonObject {
                text: raw.to_owned(),
                canonical: OnceLock::new(),
                map: OnceLock::new(),
            }),
            false => JsonObject::checked(raw, raw::MAX_DEPTH),
        };
        object.ok_or_else(|| E::invalid_value(de::Unexpected::Other("JSON"), &self))
    }

    /// Owned text: from a `serde_json::Value` (the slow path, which has checked the nesting
    /// of the whole event) or a reader.
    fn visit_str<E: de::Error>(self, raw: &str) -> Result<JsonObject, E> {
        if self.checked {
            return Err(E::invalid_value(de::Unexpected::Other("JSON"), &self));
        }
        JsonObject::checked(raw, PARSE_DEPTH)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Other("JSON"), &self))
    }
}

impl crate::canonical::Canonical for JsonObject {
    fn canonicalize(&mut self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_canonical_text() {
        let object: JsonObject = r#" {"b": 1.50, "a": [1e3, "\u00e9"], "b2": {"x": -0}} "#
            .parse()
            .unwrap();
        assert_eq!(
            object.as_str(),
            r#"{"b":1.5,"a":[1000.0,"é"],"b2":{"x":0}}"#
        );
        assert_eq!(object["b"], serde_json::json!(1.5));
        assert_eq!(serde_json::to_string(&object).unwrap(), object.as_str());
        assert_eq!(
            write_raw(|| serde_json::to_string(&object).unwrap()),
            object.as_str()
        );
        let value = serde_json::to_value(&object).unwrap();
        assert_eq!(JsonObject::try_from(value).unwrap(), object);
    }

    #[test]
    fn repeated_keys_read_like_a_dict() {
        let object: JsonObject = r#"{"a":1,"b":2,"a":3}"#.parse().unwrap();
        assert_eq!(object.as_str(), r#"{"a":3,"b":2}"#);
    }

    #[test]
    fn text_read_is_made_canonical_when_first_written() {
        let read: JsonObject = serde_json::from_str(r#"{"a": 1, "b": 2.50, "a": [3]}"#).unwrap();
        let built = JsonObject::from(
            serde_json::json!({"a": [3], "b": 2.5})
                .as_object()
                .unwrap()
                .clone(),
        );
        assert_eq!(read.as_str(), r#"{"a":[3],"b":2.5}"#);
        assert_eq!(read, built);
        assert_eq!(read.as_map(), built.as_map());
        let plain: JsonObject = serde_json::from_str(r#"{"k":"v"}"#).unwrap();
        assert_eq!(plain.as_str(), r#"{"k":"v"}"#);
        assert_eq!(format!("{plain:?}"), r#"JsonObject("{\"k\":\"v\"}")"#);
    }

    #[test]
    fn refuses_what_is_not_an_object() {
        for text in ["[]", "1", "\"{}\"", "null", r#"{"a":1e400}"#] {
            assert!(text.parse::<JsonObject>().is_err(), "{text}");
        }
    }

    #[test]
    fn from_a_map_is_canonical() {
        let map: Map<String, Value> = serde_json::from_str(r#"{"x":2.0e0,"y":1e400}"#).unwrap();
        let object = JsonObject::from(map);
        assert_eq!(object.as_str(), r#"{"x":2.0,"y":null}"#);
        assert_eq!(object.as_map()["y"], Value::Null);
    }
}
