//! [`Envelope`]: where an event's key, headers and version are in its JSON, as codegen found
//! them in the schema (`codegen::ir::Envelope`). Each version module has its own
//! (`workflow_events::v1_1::ENVELOPE`), written by codegen; the Kafka record layout and
//! [`parse_any`](crate::parse_any) read events through it, so no property name is written by
//! hand here.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

/// The wire names from the root of an event to each value the record layout reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Envelope {
    /// The record key (`workflow_run_id`).
    pub key: &'static [&'static str],
    /// `event_type` (or `payload.event_type` for a typed payload).
    pub event_type: &'static [&'static str],
    /// `source`.
    pub source: &'static [&'static str],
    /// `metadata.version`: the version a reader reads the event with.
    pub version: &'static [&'static str],
    /// `event_id`.
    pub event_id: &'static [&'static str],
    /// `timestamp`.
    pub timestamp: &'static [&'static str],
    /// Root properties mirrored as headers of the same name (`traceparent`), in schema order.
    pub mirrored: &'static [&'static str],
}

impl Envelope {
    /// The string at each of `paths` in the JSON object text `json`, in one pass: `None` where
    /// a value is absent or not a string. `None` for the whole when the text is not a JSON
    /// object or a name on one of the paths repeats (a reader decides those inputs).
    pub(crate) fn strings_at(json: &str, paths: &[&[&str]]) -> Option<Vec<Option<String>>> {
        let mut found = vec![None; paths.len()];
        let wanted: Vec<(usize, &[&str])> = paths.iter().copied().enumerate().collect();
        let mut de = serde_json::Deserializer::from_str(json);
        Walk {
            wanted: &wanted,
            found: &mut found,
        }
        .deserialize(&mut de)
        .ok()?;
        Some(found)
    }
}

/// A borrowed string when the text has no escapes.
#[derive(Deserialize)]
struct Str<'a>(#[serde(borrow)] Cow<'a, str>);

/// One level of the walk: the paths (with their index) that continue below this value.
struct Walk<'w> {
    wanted: &'w [(usize, &'w [&'w str])],
    found: &'w mut Vec<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen: Vec<Cow<'de, str>> = Vec::new();
        while let Some(Str(name)) = map.next_key::<Str<'de>>()? {
            let here: Vec<(usize, &[&str])> = self
                .wanted
                .iter()
                .filter(|(_, path)| path.first() == Some(&name.as_ref()))
                .map(|(i, path)| (*i, &path[1..]))
                .collect();
            if here.is_empty() {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            if seen.contains(&name) {
                return Err(serde::de::Error::custom("a name on a path repeats"));
            }
            seen.push(name);
            let (ends, deeper): (Vec<_>, Vec<_>) =
                here.into_iter().partition(|(_, rest)| rest.is_empty());
            if !ends.is_empty() {
                // A value some path ends at (no path both ends here and goes deeper).
                let text = match map.next_value::<serde_json::Value>()? {
                    serde_json::Value::String(s) => Some(s),
                    _ => None,
                };
                for (i, _) in ends {
                    self.found[i] = text.clone();
                }
            } else {
                map.next_value_seed(Optional(Walk {
                    wanted: &deeper,
                    found: &mut *self.found,
                }))?;
            }
        }
        Ok(())
    }
}

/// A nested walk that leaves values other than objects alone (their paths stay `None`).
struct Optional<'w>(Walk<'w>);

impl<'de> DeserializeSeed<'de> for Optional<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Optional<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.0.visit_map(map)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Envelope;

    #[test]
    fn finds_strings_on_paths_in_one_pass() {
        let json = r#"{"a":"x","n":{"b":"y","c":1},"big":1e999,"list":[{"a":"no"}],"d":{"e":{"f":"deep"}}}"#;
        let found = Envelope::strings_at(
            json,
            &[
                &["a"],
                &["n", "b"],
                &["n", "c"],
                &["zz"],
                &["d", "e", "f"],
                &["list", "a"],
            ],
        )
        .unwrap();
        let found: Vec<Option<&str>> = found.iter().map(|f| f.as_deref()).collect();
        assert_eq!(
            found,
            [Some("x"), Some("y"), None, None, Some("deep"), None]
        );
        assert!(Envelope::strings_at(r#"{"a":"1","a":"2"}"#, &[&["a"]]).is_none());
        assert!(Envelope::strings_at(r#"{"a":"1","b":"2","b":"3"}"#, &[&["a"]]).is_some());
        assert!(Envelope::strings_at("[1]", &[&["a"]]).is_none());
        assert!(Envelope::strings_at(r#"{"a":"unterminated}"#, &[&["a"]]).is_none());
    }
}
