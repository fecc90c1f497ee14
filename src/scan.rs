//! The scanner: the fast path's first try, a reader of the input's bytes driven by the plan
//! (src/plan.rs) that hands the generated types what they ask for, without serde_json.
//!
//! It reads only the plain form of an event and declines everything else (the serde_json pass
//! of src/fast.rs then reads the input, and the slow path after it): a property name is
//! matched against the plan's names as written, so a string with an escape declines, as do a
//! control character in a string, a repeated or missing property, `null`, a kept value the
//! plan does not handle, or nesting deeper than [`SKIP_DEPTH`] in a skipped value.
//! Everything it does accept is well-formed JSON (RFC 8259's grammar, checked byte by byte:
//! strings, numbers, literals, nesting, trailing bytes), so it accepts only what the slow
//! path accepts, with the same value (`tests/fast_path.rs` compares it alone with the slow
//! path). Free-form objects are captured as their text, which is checked as it is skipped
//! (every number finite, nesting bounded: what `crate::raw::content_ok` checks) and handed on
//! as checked raw JSON ([`CHECKED_RAW_TOKEN`]).

use std::cell::Cell;
use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::canonical::Canonical;
use crate::fast::Ask;
use crate::numbers;
use crate::plan::{Format, Model, Node, StrNode};
use crate::raw;

/// The most containers a skipped unknown property's value may nest (deeper declines).
const SKIP_DEPTH: usize = 64;

/// serde_json's name for raw JSON text in serde's data model: a one-entry map whose key is
/// this name and whose value is the text.
pub(crate) const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// The key this scanner gives raw text in place of [`RAW_TOKEN`] when it has checked the
/// text's content as `crate::raw::content_ok` does (read by `crate::raw` and `JsonObject`).
pub(crate) const CHECKED_RAW_TOKEN: &str = "$workflow_events::private::CheckedRawValue";

thread_local! {
    /// Set while [`read`] runs: raw text named [`CHECKED_RAW_TOKEN`] comes from the scanner
    /// (no other deserializer is trusted with that name).
    static SCANNING: Cell<bool> = const { Cell::new(false) };
}

/// Whether raw text named [`CHECKED_RAW_TOKEN`] was checked by this scanner.
pub(crate) fn trusted() -> bool {
    SCANNING.get()
}

/// Reads `text` as a `T` if the scanner can decide that it is valid; `None` when it declines.
#[inline]
pub(crate) fn read<'a, T: Deserialize<'a> + Canonical>(node: &Node, text: &'a str) -> Option<T> {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            SCANNING.set(self.0);
        }
    }
    let _restore = Restore(SCANNING.replace(true));
    let mut input = Input {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    let mut value = T::deserialize(Scan {
        input: &mut input,
        node,
    })
    .ok()?;
    input.whitespace();
    (input.at == input.bytes.len() && value.canonicalize()).then_some(value)
}

/// Why the scanner stopped (its reason is never shown: the next path reads the input).
#[derive(Debug)]
pub(crate) struct Decline;

impl fmt::Display for Decline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("declined by the scanner")
    }
}

impl std::error::Error for Decline {}

impl de::Error for Decline {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Decline
    }
}

/// The input and the position read up to.
struct Input<'de> {
    text: &'de str,
    bytes: &'de [u8],
    at: usize,
}

impl<'de> Input<'de> {
    #[inline]
    fn whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after whitespace (not consumed).
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        self.whitespace();
        self.bytes.get(self.at).copied()
    }

    #[inline]
    fn eat(&mut self, byte: u8) -> Result<(), Decline> {
        match self.peek() {
            Some(b) if b == byte => {
                self.at += 1;
                Ok(())
            }
            _ => Err(Decline),
        }
    }

    /// A string without escapes or control characters, after its opening quote: its text.
    #[inline]
    fn plain_str(&mut self) -> Result<&'de str, Decline> {
        let start = self.at;
        let end = start + closing_quote(&self.bytes[start..]).ok_or(Decline)?;
        self.at = end + 1;
        // Quotes are ASCII, so both ends are character boundaries.
        self.text.get(start..end).ok_or(Decline)
    }

    /// The string after the opening quote when the plan tells where it ends, without looking
    /// for the closing quote: one of the allowed values as written, or the 36 bytes of a UUID
    /// (then checked by `node.accepts`, which refuses any `"`, `\` or control character among
    /// them). `None` (nothing read) otherwise.
    #[inline]
    fn known_str(&mut self, node: &StrNode) -> Option<&'de str> {
        let rest = &self.bytes[self.at..];
        let len = match (&node.allowed, &node.format) {
            (Some(allowed), _) if node.allowed_plain => allowed
                .iter()
                .find(|a| rest.get(a.len()) == Some(&b'"') && rest.starts_with(a.as_bytes()))?
                .len(),
            (None, Some(Format::Uuid)) if rest.get(36) == Some(&b'"') => 36,
            _ => return None,
        };
        let text = self.text.get(self.at..self.at + len)?;
        self.at += len + 1;
        Some(text)
    }

    /// `literal` (`true`, `false`, `null`) at the position.
    #[inline]
    fn literal(&mut self, literal: &[u8]) -> Result<(), Decline> {
        if self.bytes[self.at..].starts_with(literal) {
            self.at += literal.len();
            Ok(())
        } else {
            Err(Decline)
        }
    }

    #[inline]
    fn digits(&mut self) -> usize {
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        self.at - start
    }

    /// A number (RFC 8259's grammar) at the position; `Err` also for one without a canonical
    /// form (a float beyond the double range, as `numbers::is_finite_literal` decides).
    #[inline]
    fn number(&mut self) -> Result<(), Decline> {
        let start = self.at;
        if self.bytes[self.at] == b'-' {
            self.at += 1;
        }
        match self.bytes.get(self.at) {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(Decline),
        }
        let mut fraction = false;
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(Decline);
            }
            fraction = true;
        }
        let mut exponent = false;
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(Decline);
            }
            exponent = true;
        }
        // The cases `is_finite_literal` answers without parsing are answered here the same way.
        let long_float = fraction && self.at - start >= 300;
        if (exponent || long_float) && !numbers::is_finite_literal(&self.text[start..self.at]) {
            return Err(Decline);
        }
        Ok(())
    }

    /// Skips one JSON value, checking its syntax and, with `content`, what
    /// `crate::raw::content_ok` checks (every number with a canonical form); containers may
    /// nest `max_depth` deep (the value itself counts as one).
    fn skip(&mut self, max_depth: usize) -> Result<(), Decline> {
        // Bit `d` of `objects`: the container at depth `d + 1` is an object.
        let max_depth = max_depth.min(128);
        let mut objects: u128 = 0;
        let mut depth = 0usize;
        'value: loop {
            match self.peek().ok_or(Decline)? {
                open @ (b'{' | b'[') => {
                    depth += 1;
                    if depth > max_depth {
                        return Err(Decline);
                    }
                    self.at += 1;
                    let object = open == b'{';
                    let bit = 1u128 << (depth - 1);
                    if object {
                        objects |= bit;
                    } else {
                        objects &= !bit;
                    }
                    let close = if object { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.at += 1;
                        depth -= 1;
                    } else {
                        if object {
                            self.member_name()?;
                        }
                        continue 'value;
                    }
                }
                b'"' => {
                    self.at += 1;
                    self.at += closing_quote(&self.bytes[self.at..]).ok_or(Decline)? + 1;
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return Err(Decline),
            }
            // After a value: the next one in its container, or the container's end.
            loop {
                if depth == 0 {
                    return Ok(());
                }
                let object = objects & (1u128 << (depth - 1)) != 0;
                match self.peek() {
                    Some(b',') => {
                        self.at += 1;
                        if object {
                            self.member_name()?;
                        }
                        continue 'value;
                    }
                    Some(b'}') if object => {
                        self.at += 1;
                        depth -= 1;
                    }
                    Some(b']') if !object => {
                        self.at += 1;
                        depth -= 1;
                    }
                    _ => return Err(Decline),
                }
            }
        }
    }

    /// `"name":` of an object member.
    #[inline]
    fn member_name(&mut self) -> Result<(), Decline> {
        self.eat(b'"')?;
        self.at += closing_quote(&self.bytes[self.at..]).ok_or(Decline)? + 1;
        self.eat(b':')
    }
}

/// The index of the first `"` of `bytes` if no `\` and no control character comes before it.
#[inline]
fn closing_quote(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    // Eight bytes at a time: a byte's high bit is set in `found` for a `"`, a `\` or a byte
    // below 0x20 (the lowest one flagged is exact; borrows only flag bytes above it).
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().ok()?);
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let found = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word);
        let found = found & HIGH;
        if found != 0 {
            let at = i + (found.trailing_zeros() / 8) as usize;
            return (bytes[at] == b'"').then_some(at);
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    let at = i + rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    (bytes[at] == b'"').then_some(at)
}

/// The input read at one place, as a value the plan's `node` describes.
struct Scan<'a, 'de, 'p> {
    input: &'a mut Input<'de>,
    node: &'p Node,
}

impl<'de> Scan<'_, 'de, '_> {
    fn route<V: Visitor<'de>>(self, ask: Ask, visitor: V) -> Result<V::Value, Decline> {
        match self.node {
            Node::Str(node) => {
                self.input.eat(b'"')?;
                let text = match self.input.known_str(node) {
                    Some(text) => text,
                    None => self.input.plain_str()?,
                };
                if !node.accepts(text) {
                    return Err(Decline);
                }
                ask.of(BorrowedStrDeserializer::new(text), visitor)
            }
            Node::Model(model) => {
                if model.properties.len() > 64 {
                    return Err(Decline);
                }
                self.input.eat(b'{')?;
                let mut map = ScanMap {
                    input: self.input,
                    model,
                    seen: 0,
                    first: true,
                    finished: false,
                    next: None,
                    expected: 0,
                };
                let value = visitor.visit_map(&mut map)?;
                if map.finished {
                    Ok(value)
                } else {
                    Err(Decline)
                }
            }
            Node::Bool => match self.input.peek() {
                Some(b't') => {
                    self.input.literal(b"true")?;
                    visitor.visit_bool(true)
                }
                Some(b'f') => {
                    self.input.literal(b"false")?;
                    visitor.visit_bool(false)
                }
                _ => Err(Decline),
            },
            // Free-form JSON as raw text (`JsonObject`, `&RawValue`), nothing else.
            Node::FreeObject | Node::FreeArray => match ask {
                Ask::NewtypeStruct(RAW_TOKEN) => {
                    let open = match self.node {
                        Node::FreeObject => b'{',
                        _ => b'[',
                    };
                    if self.input.peek() != Some(open) {
                        return Err(Decline);
                    }
                    let start = self.input.at;
                    self.input.skip(raw::MAX_DEPTH)?;
                    let text = &self.input.text[start..self.input.at];
                    visitor.visit_map(CheckedRaw { text: Some(text) })
                }
                _ => Err(Decline),
            },
            Node::Any | Node::Unsupported => Err(Decline),
        }
    }
}

macro_rules! asks {
    ($($method:ident => $ask:expr;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
                self.route($ask, visitor)
            }
        )*
    };
}

impl<'de> Deserializer<'de> for Scan<'_, 'de, '_> {
    type Error = Decline;

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

    /// `null` is never a value the scanner accepts; anything else is the value.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self.input.peek() {
            Some(b'n') | None => Err(Decline),
            Some(_) => visitor.visit_some(self),
        }
    }

    /// An unknown property's value: skipped, its syntax checked.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self.node {
            Node::Any => {
                self.input.skip(SKIP_DEPTH)?;
                visitor.visit_unit()
            }
            _ => self.route(Ask::Any, visitor),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Decline> {
        self.route(Ask::UnitStruct(name), visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Decline> {
        self.route(Ask::NewtypeStruct(name), visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Decline> {
        self.route(Ask::Tuple(len), visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Decline> {
        self.route(Ask::TupleStruct(name, len), visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Decline> {
        self.route(Ask::Struct(name, fields), visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Decline> {
        self.route(Ask::Enum(name, variants), visitor)
    }
}

/// The members of a model object: each name picks the node its value is read as.
struct ScanMap<'a, 'de, 'p> {
    input: &'a mut Input<'de>,
    model: &'p Model,
    /// Bit `i`: declared property `i` was seen.
    seen: u64,
    first: bool,
    /// The closing brace was read.
    finished: bool,
    next: Option<&'p Node>,
    /// Where the next name is looked for first among the declared properties.
    expected: usize,
}

impl<'de, 'p> MapAccess<'de> for ScanMap<'_, 'de, 'p> {
    type Error = Decline;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Decline> {
        if self.finished {
            return Err(Decline);
        }
        let more = match self.input.peek() {
            Some(b'}') => false,
            Some(b',') if !self.first => {
                self.input.at += 1;
                true
            }
            Some(_) if self.first => true,
            _ => return Err(Decline),
        };
        self.first = false;
        if !more {
            self.input.at += 1;
            self.finished = true;
            let missing = self
                .model
                .properties
                .iter()
                .enumerate()
                .any(|(i, p)| p.2 && self.seen & (1 << i) == 0);
            return if missing { Err(Decline) } else { Ok(None) };
        }
        self.input.eat(b'"')?;
        let name = self.input.plain_str()?;
        self.input.eat(b':')?;
        // Names usually come in schema order: looked for from the one after the last found.
        let properties = &self.model.properties;
        let mut declared = None;
        let mut i = self.expected;
        for _ in 0..properties.len() {
            if i >= properties.len() {
                i = 0;
            }
            if properties[i].0 == name {
                declared = Some(i);
                self.expected = i + 1;
                break;
            }
            i += 1;
        }
        self.next = match declared {
            Some(i) => {
                if self.seen & (1 << i) != 0 {
                    return Err(Decline);
                }
                self.seen |= 1 << i;
                Some(&self.model.properties[i].1)
            }
            None if self.model.closed => return Err(Decline),
            None => Some(&Node::Any),
        };
        seed.deserialize(BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Decline> {
        let node = self.next.take().ok_or(Decline)?;
        seed.deserialize(Scan {
            input: self.input,
            node,
        })
    }
}

/// Checked raw JSON text, as serde's data model carries raw text: one entry, named
/// [`CHECKED_RAW_TOKEN`], whose value is the text.
pub(crate) struct CheckedRaw<'de> {
    pub(crate) text: Option<&'de str>,
}

impl<'de> MapAccess<'de> for CheckedRaw<'de> {
    type Error = Decline;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Decline> {
        match self.text {
            Some(_) => seed
                .deserialize(BorrowedStrDeserializer::new(CHECKED_RAW_TOKEN))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Decline> {
        let text = self.text.take().ok_or(Decline)?;
        seed.deserialize(BorrowedStrDeserializer::new(text))
    }
}
