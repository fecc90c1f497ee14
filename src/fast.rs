//! The fast read path: one serde pass over the input into the generated types, checked
//! against the schema's [`Node`]s as it goes. It answers "valid, here is the value" or
//! "decline"; on decline the caller runs the slow path, which decides and lists every error.
//!
//! The generated types' own derived `Deserialize` builds the value, exactly as the slow path's
//! `from_value` does; [`Checked`] sits between them and serde_json and refuses anything the
//! schema does not allow (a non-string where an enum is, a UUID without hyphens, a pattern
//! mismatch, a missing required or repeated property, a kept number beyond the double range,
//! an unknown property of a closed object, any subschema the plan does not handle). After the
//! pass, numbers are made canonical exactly as the slow path does ([`Canonical`]).

use serde::de::value::{BorrowedStrDeserializer, StrDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::canonical::Canonical;
use crate::json_text::MAX_INTEGER_PART;
use crate::plan::{Model, Node, StrNode};

/// Which passes of the fast path run (all of them but for the differential tests and the
/// benchmarks, which also time and check each alone).
#[derive(Clone, Copy)]
pub(crate) enum Passes {
    /// The scanner (src/scan.rs), then, where it declines, the serde_json pass.
    Both,
    ScannerOnly,
    SerdeOnly,
}

/// Reads `bytes` as a `T` if the fast path can decide that the input is valid; `None` when it
/// declines (the input may still be valid: the slow path decides).
#[inline]
pub(crate) fn read<'a, T: Deserialize<'a> + Canonical>(
    node: &Node,
    bytes: &'a [u8],
    passes: Passes,
) -> Option<T> {
    // A number pydantic refuses for the length of its integer part is read by serde_json:
    // declined (the slow path's parse refuses it), as is anything that might be one.
    if may_have_long_integer_part(bytes) {
        return None;
    }
    // One UTF-8 check up front: the scanner and serde_json then need not check strings they
    // skip or borrow.
    let text = simdutf8::basic::from_utf8(bytes).ok()?;
    match passes {
        Passes::Both => crate::scan::read(node, text).or_else(|| serde_pass(node, text)),
        Passes::ScannerOnly => crate::scan::read(node, text),
        Passes::SerdeOnly => serde_pass(node, text),
    }
}

/// One serde_json pass through [`Checked`].
fn serde_pass<'a, T: Deserialize<'a> + Canonical>(node: &Node, text: &'a str) -> Option<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut value = T::deserialize(Checked { de: &mut de, node }).ok()?;
    de.end().ok()?;
    value.canonicalize().then_some(value)
}

/// Whether `bytes` have more than [`MAX_INTEGER_PART`] `-` and digits in a row: true for every
/// input with a number whose integer part is that long (and for some others, such as long
/// digit strings inside JSON strings, which the slow path then reads). Short inputs, nearly
/// all, are answered without a look.
fn may_have_long_integer_part(bytes: &[u8]) -> bool {
    if bytes.len() <= MAX_INTEGER_PART {
        return false;
    }
    let mut run = 0usize;
    bytes.iter().any(|&b| {
        run = if b == b'-' || b.is_ascii_digit() {
            run + 1
        } else {
            0
        };
        run > MAX_INTEGER_PART
    })
}

/// The error that makes the fast path decline (its text is never shown).
fn decline<E: de::Error>() -> E {
    E::custom("declined by the fast path")
}

/// Unknown properties of an open object: any JSON, dropped.
static DROPPED: Node = Node::Any;

/// What the generated type asked the deserializer for, so it can be asked again of another
/// deserializer (the inner one, or one over an already checked string).
#[derive(Clone, Copy)]
pub(crate) enum Ask {
    Any,
    Bool,
    I8,
    I16,
    I32,
    I64,
    I128,
    U8,
    U16,
    U32,
    U64,
    U128,
    F32,
    F64,
    Char,
    Str,
    String,
    Bytes,
    ByteBuf,
    Unit,
    UnitStruct(&'static str),
    NewtypeStruct(&'static str),
    Seq,
    Tuple(usize),
    TupleStruct(&'static str, usize),
    Map,
    Struct(&'static str, &'static [&'static str]),
    Enum(&'static str, &'static [&'static str]),
    Identifier,
}

impl Ask {
    pub(crate) fn of<'de, D: Deserializer<'de>, V: Visitor<'de>>(
        self,
        de: D,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        match self {
            Ask::Any => de.deserialize_any(visitor),
            Ask::Bool => de.deserialize_bool(visitor),
            Ask::I8 => de.deserialize_i8(visitor),
            Ask::I16 => de.deserialize_i16(visitor),
            Ask::I32 => de.deserialize_i32(visitor),
            Ask::I64 => de.deserialize_i64(visitor),
            Ask::I128 => de.deserialize_i128(visitor),
            Ask::U8 => de.deserialize_u8(visitor),
            Ask::U16 => de.deserialize_u16(visitor),
            Ask::U32 => de.deserialize_u32(visitor),
            Ask::U64 => de.deserialize_u64(visitor),
            Ask::U128 => de.deserialize_u128(visitor),
            Ask::F32 => de.deserialize_f32(visitor),
            Ask::F64 => de.deserialize_f64(visitor),
            Ask::Char => de.deserialize_char(visitor),
            Ask::Str => de.deserialize_str(visitor),
            Ask::String => de.deserialize_string(visitor),
            Ask::Bytes => de.deserialize_bytes(visitor),
            Ask::ByteBuf => de.deserialize_byte_buf(visitor),
            Ask::Unit => de.deserialize_unit(visitor),
            Ask::UnitStruct(name) => de.deserialize_unit_struct(name, visitor),
            Ask::NewtypeStruct(name) => de.deserialize_newtype_struct(name, visitor),
            Ask::Seq => de.deserialize_seq(visitor),
            Ask::Tuple(len) => de.deserialize_tuple(len, visitor),
            Ask::TupleStruct(name, len) => de.deserialize_tuple_struct(name, len, visitor),
            Ask::Map => de.deserialize_map(visitor),
            Ask::Struct(name, fields) => de.deserialize_struct(name, fields, visitor),
            Ask::Enum(name, variants) => de.deserialize_enum(name, variants, visitor),
            Ask::Identifier => de.deserialize_identifier(visitor),
        }
    }
}

/// serde_json's deserializer, checked against `node`.
struct Checked<'p, D> {
    de: D,
    node: &'p Node,
}

impl<'de, D: Deserializer<'de>> Checked<'_, D> {
    fn route<V: Visitor<'de>>(self, ask: Ask, visitor: V) -> Result<V::Value, D::Error> {
        match self.node {
            Node::Any => ask.of(self.de, visitor),
            // A borrowed raw value (`&RawValue`) asks for itself by name; its content is
            // checked by the type that asked (see `crate::canonical`).
            Node::FreeObject | Node::FreeArray if matches!(ask, Ask::NewtypeStruct(_)) => {
                ask.of(self.de, visitor)
            }
            // Asked of serde_json as a map / a seq whatever the type asked for, so that no
            // other JSON type can get through (serde_json presents a number to
            // `deserialize_any` as a map when `arbitrary_precision` is on).
            Node::FreeObject => self.de.deserialize_map(Only::Map(visitor)),
            Node::FreeArray => self.de.deserialize_seq(Only::Seq(visitor)),
            Node::Bool => self.de.deserialize_bool(Only::Bool(visitor)),
            Node::Str(node) => self.de.deserialize_str(StrGate { node, ask, visitor }),
            Node::Model(model) => self.de.deserialize_map(ModelGate { model, visitor }),
            Node::Unsupported => Err(decline()),
        }
    }
}

macro_rules! asks {
    ($($method:ident => $ask:expr;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.route($ask, visitor)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Checked<'_, D> {
    type Error = D::Error;

    asks! {
        deserialize_any => Ask::Any;
        deserialize_bool => Ask::Bool;
        deserialize_i8 => Ask::I8;
        deserialize_i16 => Ask::I16;
        deserialize_i32 => Ask::I32;
        deserialize_i64 => Ask::I64;
        deserialize_i128 => Ask::I128;
        deserialize_u8 => Ask::U8;
        deserialize_u16 => Ask::U16;
        deserialize_u32 => Ask::U32;
        deserialize_u64 => Ask::U64;
        deserialize_u128 => Ask::U128;
        deserialize_f32 => Ask::F32;
        deserialize_f64 => Ask::F64;
        deserialize_char => Ask::Char;
        deserialize_str => Ask::Str;
        deserialize_string => Ask::String;
        deserialize_bytes => Ask::Bytes;
        deserialize_byte_buf => Ask::ByteBuf;
        deserialize_unit => Ask::Unit;
        deserialize_seq => Ask::Seq;
        deserialize_map => Ask::Map;
        deserialize_identifier => Ask::Identifier;
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.de.deserialize_option(OptionGate {
            node: self.node,
            visitor,
        })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        match self.node {
            // Skipped, but still read as a value: serde_json's own skipping checks neither
            // escapes nor nesting depth the way reading a value does.
            Node::Any => {
                self.de.deserialize_any(Skip)?;
                visitor.visit_unit()
            }
            _ => self.route(Ask::Any, visitor),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.route(Ask::UnitStruct(name), visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.route(Ask::NewtypeStruct(name), visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.route(Ask::Tuple(len), visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.route(Ask::TupleStruct(name, len), visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.route(Ask::Struct(name, fields), visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.route(Ask::Enum(name, variants), visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// Passes one kind of JSON value through to the visitor and refuses the others.
enum Only<V> {
    Map(V),
    Seq(V),
    Bool(V),
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Only<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a value of the schema's type")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        match self {
            Only::Map(visitor) => visitor.visit_map(map),
            _ => Err(decline()),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        match self {
            Only::Seq(visitor) => visitor.visit_seq(seq),
            _ => Err(decline()),
        }
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<V::Value, E> {
        match self {
            Only::Bool(visitor) => visitor.visit_bool(value),
            _ => Err(decline()),
        }
    }
}

/// `null` is never a value of a node the plan handles, except where anything goes.
struct OptionGate<'p, V> {
    node: &'p Node,
    visitor: V,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionGate<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an optional value")
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        match self.node {
            Node::Any => self.visitor.visit_none(),
            _ => Err(decline()),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(Checked {
            de,
            node: self.node,
        })
    }
}

/// A string node: the string is checked, then handed to the generated type as it asked.
struct StrGate<'p, V> {
    node: &'p StrNode,
    ask: Ask,
    visitor: V,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for StrGate<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<V::Value, E> {
        if !self.node.accepts(text) {
            return Err(decline());
        }
        self.ask
            .of(BorrowedStrDeserializer::<E>::new(text), self.visitor)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<V::Value, E> {
        if !self.node.accepts(text) {
            return Err(decline());
        }
        self.ask.of(StrDeserializer::<E>::new(text), self.visitor)
    }
}

/// An object with declared properties.
struct ModelGate<'p, V> {
    model: &'p Model,
    visitor: V,
}

impl<'de, 'p, V: Visitor<'de>> Visitor<'de> for ModelGate<'p, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<V::Value, A::Error> {
        if self.model.properties.len() > 64 {
            return Err(decline());
        }
        self.visitor.visit_map(CheckedMap {
            access,
            model: self.model,
            seen: 0,
            next: None,
        })
    }
}

/// The entries of a model object: each key picks the node its value is checked against.
struct CheckedMap<'p, A> {
    access: A,
    model: &'p Model,
    /// Bit `i`: declared property `i` was seen.
    seen: u64,
    next: Option<&'p Node>,
}

impl<'de, 'p, A: MapAccess<'de>> MapAccess<'de> for CheckedMap<'p, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let mut declared = None;
        let key = self.access.next_key_seed(KeySeed {
            seed,
            model: self.model,
            declared: &mut declared,
        })?;
        if key.is_none() {
            let missing = self
                .model
                .properties
                .iter()
                .enumerate()
                .any(|(i, p)| p.2 && self.seen & (1 << i) == 0);
            return if missing { Err(decline()) } else { Ok(None) };
        }
        self.next = match declared {
            Some(i) => {
                // A repeated property: the slow path keeps the last one; not decided here.
                if self.seen & (1 << i) != 0 {
                    return Err(decline());
                }
                self.seen |= 1 << i;
                Some(&self.model.properties[i].1)
            }
            None if self.model.closed => return Err(decline()),
            None => Some(&DROPPED),
        };
        Ok(key)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let node = self.next.take().ok_or_else(decline)?;
        self.access.next_value_seed(CheckedSeed { seed, node })
    }

    fn size_hint(&self) -> Option<usize> {
        self.access.size_hint()
    }
}

/// Reads a key, notes which declared property it names, hands it on to the generated type.
struct KeySeed<'a, 'p, K> {
    seed: K,
    model: &'p Model,
    declared: &'a mut Option<usize>,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, '_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<K::Value, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de, K: DeserializeSeed<'de>> Visitor<'de> for KeySeed<'_, '_, K> {
    type Value = K::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<K::Value, E> {
        *self.declared = self.model.properties.iter().position(|p| p.0 == key);
        self.seed.deserialize(BorrowedStrDeserializer::new(key))
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<K::Value, E> {
        *self.declared = self.model.properties.iter().position(|p| p.0 == key);
        self.seed.deserialize(StrDeserializer::new(key))
    }
}

/// A value checked against `node`.
struct CheckedSeed<'p, S> {
    seed: S,
    node: &'p Node,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for CheckedSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Checked {
            de,
            node: self.node,
        })
    }
}

/// Reads any JSON value and keeps nothing.
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(Skip)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(Skip)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Skip)?.is_some() {
            map.next_value_seed(Skip)?;
        }
        Ok(())
    }
}
