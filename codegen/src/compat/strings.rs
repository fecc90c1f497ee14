//! String sets for the compatibility checker: inclusion of one schema's strings in a single
//! constraint of another (a `pattern`, a length bound, a `format`, a finite set of values),
//! decided on automata, with the shortest counterexample as the witness.
//!
//! Every regular constraint becomes a DFA over UTF-8 bytes (`regex-automata`; JSON Schema
//! patterns are unanchored, so the DFA searches: a string is in the language when a match is
//! found anywhere). Lengths are counted in code points by a saturating counter, and a small
//! UTF-8 automaton keeps every explored string valid UTF-8. Inclusion `A ⊆ C` is decided by a
//! breadth-first search of the product for a string accepted by every part of `A` and rejected
//! by `C`: none reachable means included, the first one found is the shortest witness.
//!
//! `format: uuid` is regular and exact. `date` and `date-time` are not (leap years): they are
//! over-approximated by a regular expression, and every candidate string is then checked with
//! the real format (the `jsonschema` crate's). `email` and `uri` are annotations in the IR
//! (generated readers do not validate them), so they constrain nothing here.
//!
//! When a question is too big for the search budget, or a DFA cannot be built, the answer is
//! "cannot decide", never a guess.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};

use crate::ir::{Format, StringType};

/// States explored before a search gives up with "cannot decide".
const STATE_BUDGET: usize = 400_000;
/// Candidates rejected by a non-regular format check before a search gives up.
const CANDIDATE_BUDGET: usize = 200;
/// The largest length bound the counter tracks.
const LENGTH_CAP: u64 = 100_000;

/// `format: uuid` exactly as the readers (and `jsonschema`) accept it.
pub const UUID_RE: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
/// A regular superset of `format: date`.
const DATE_RE: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
/// A regular superset of `format: date-time` (RFC 3339, offset optional as readers allow).
const DATE_TIME_RE: &str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)([.][0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$";

/// A compiled pattern: a searching DFA over UTF-8 bytes.
#[derive(Clone)]
pub struct Dfa {
    dfa: Arc<dense::DFA<Vec<u32>>>,
    start: StateID,
}

impl std::fmt::Debug for Dfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Dfa")
    }
}

impl Dfa {
    /// Compiles `pattern` (JSON Schema semantics: unanchored search).
    pub fn new(pattern: &str) -> Result<Dfa, String> {
        let dfa = dense::Builder::new()
            .configure(
                dense::DFA::config()
                    .match_kind(MatchKind::All)
                    .start_kind(StartKind::Unanchored)
                    .dfa_size_limit(Some(32 << 20))
                    .determinize_size_limit(Some(32 << 20)),
            )
            .build(pattern)
            .map_err(|e| format!("cannot compile pattern `{pattern}` into an automaton: {e}"))?;
        let start = dfa
            .start_state(&start::Config::new().anchored(Anchored::No))
            .map_err(|e| format!("pattern `{pattern}`: {e}"))?;
        Ok(Dfa {
            dfa: Arc::new(dfa),
            start,
        })
    }

    /// A DFA matching exactly the given strings.
    pub fn literals(values: &[String]) -> Result<Dfa, String> {
        let alternatives: Vec<String> = values.iter().map(|v| regex_syntax::escape(v)).collect();
        Dfa::new(&format!("^(?:{})$", alternatives.join("|")))
    }

    /// Whether `s` matches.
    pub fn is_match(&self, s: &str) -> bool {
        let mut state = self.start;
        let mut seen = false;
        for &b in s.as_bytes() {
            state = self.dfa.next_state(state, b);
            seen |= self.dfa.is_match_state(state);
        }
        seen || self.dfa.is_match_state(self.dfa.next_eoi_state(state))
    }
}

/// A real (not approximated) format check, provided by the caller (the `jsonschema` crate).
pub trait FormatCheck {
    /// Whether `s` is a valid `format`.
    fn is_valid(&self, format: Format, s: &str) -> bool;
}

/// Whether a format constrains the set of strings (readers validate it).
pub fn is_asserted(format: Format) -> bool {
    matches!(format, Format::Uuid | Format::Date | Format::DateTime)
}

fn format_dfa(format: Format) -> Option<Result<Dfa, String>> {
    match format {
        Format::Uuid => Some(Dfa::new(UUID_RE)),
        Format::Date => Some(Dfa::new(DATE_RE)),
        Format::DateTime => Some(Dfa::new(DATE_TIME_RE)),
        Format::Email | Format::Uri => None,
    }
}

/// A set of strings: finite, or described by constraints.
#[derive(Debug, Clone)]
pub enum StrSet<'a> {
    /// Exactly these values (`enum`, `const`).
    Finite(Vec<String>),
    /// A `type: string` with its keywords.
    Constrained(&'a StringType),
}

/// One constraint a string must satisfy (a single keyword of the other schema).
#[derive(Debug, Clone, PartialEq)]
pub enum StrConstraint {
    /// `format` (only asserted formats).
    Format(Format),
    /// `minLength`.
    MinLength(u64),
    /// `maxLength`.
    MaxLength(u64),
    /// `pattern`.
    Pattern(String),
    /// One of these values.
    Finite(Vec<String>),
}

/// The answer to "is every string of A allowed by C?".
#[derive(Debug, Clone, PartialEq)]
pub enum StrAnswer {
    /// Yes.
    Yes,
    /// No: this string is in A and not in C.
    No(String),
    /// The question could not be settled (and why).
    Unknown(String),
}

/// The constraints of a `type: string` (asserted ones only).
pub fn constraints_of(s: &StringType) -> Vec<StrConstraint> {
    let StringType {
        format,
        min_length,
        max_length,
        pattern,
    } = s;
    let mut out = Vec::new();
    if let Some(f) = format.filter(|f| is_asserted(*f)) {
        out.push(StrConstraint::Format(f));
    }
    if let Some(n) = min_length.filter(|n| *n > 0) {
        out.push(StrConstraint::MinLength(n));
    }
    if let Some(n) = max_length {
        out.push(StrConstraint::MaxLength(*n));
    }
    if let Some(p) = pattern {
        out.push(StrConstraint::Pattern(p.clone()));
    }
    out
}

fn code_points(s: &str) -> u64 {
    s.chars().count() as u64
}

impl StrConstraint {
    /// Whether `s` satisfies the constraint (with the real format check).
    pub fn accepts(&self, s: &str, formats: &dyn FormatCheck) -> Result<bool, String> {
        Ok(match self {
            StrConstraint::Format(f) => formats.is_valid(*f, s),
            StrConstraint::MinLength(n) => code_points(s) >= *n,
            StrConstraint::MaxLength(n) => code_points(s) <= *n,
            StrConstraint::Pattern(p) => Dfa::new(p)?.is_match(s),
            StrConstraint::Finite(values) => values.iter().any(|v| v == s),
        })
    }
}

/// Whether `s` is in the set.
pub fn set_contains(set: &StrSet, s: &str, formats: &dyn FormatCheck) -> Result<bool, String> {
    match set {
        StrSet::Finite(values) => Ok(values.iter().any(|v| v == s)),
        StrSet::Constrained(st) => {
            for c in constraints_of(st) {
                if !c.accepts(s, formats)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
    }
}

/// Is every string of `a` allowed by `c`?
pub fn subset(a: &StrSet, c: &StrConstraint, formats: &dyn FormatCheck) -> StrAnswer {
    subset_avoiding(a, c, &[], formats)
}

/// Is every string of `a` but those of `avoid` allowed by `c`?
pub fn subset_avoiding(
    a: &StrSet,
    c: &StrConstraint,
    avoid: &[String],
    formats: &dyn FormatCheck,
) -> StrAnswer {
    match subset_inner(a, c, avoid, formats) {
        Ok(answer) => answer,
        Err(why) => StrAnswer::Unknown(why),
    }
}

fn subset_inner(
    a: &StrSet,
    c: &StrConstraint,
    avoid: &[String],
    formats: &dyn FormatCheck,
) -> Result<StrAnswer, String> {
    let kept = |s: &str| !avoid.iter().any(|v| v == s);
    let st = match a {
        StrSet::Finite(values) => {
            for v in values.iter().filter(|v| kept(v)) {
                if !c.accepts(v, formats)? {
                    return Ok(StrAnswer::No(v.clone()));
                }
            }
            return Ok(StrAnswer::Yes);
        }
        StrSet::Constrained(st) => *st,
    };
    let own = constraints_of(st);
    if own.contains(c) {
        return Ok(StrAnswer::Yes);
    }
    let search = Search::new(&own, formats)?;
    match c {
        StrConstraint::Format(f) if !matches!(f, Format::Uuid) => {
            // Not regular: look for a string outside the over-approximation first (sound),
            // then among the strings of A for one the real check rejects.
            let approx = format_dfa(*f).expect("asserted format")?;
            match search.run(Some(Negated::Dfa(&approx)), &kept)? {
                Found::Yes(s) => Ok(StrAnswer::No(s)),
                Found::Budget => Ok(StrAnswer::Unknown(budget_message())),
                Found::None => match search.run(None, &|s| kept(s) && !formats.is_valid(*f, s))? {
                    Found::Yes(s) => Ok(StrAnswer::No(s)),
                    Found::None => Ok(StrAnswer::Yes),
                    Found::Budget => Ok(StrAnswer::Unknown(format!(
                        "cannot prove that every string allowed here is a valid `{}`",
                        format_name(*f)
                    ))),
                },
            }
        }
        _ => {
            let dfa;
            let negated = match c {
                StrConstraint::Format(f) => {
                    dfa = format_dfa(*f).expect("uuid")?;
                    Negated::Dfa(&dfa)
                }
                StrConstraint::Pattern(p) => {
                    dfa = Dfa::new(p)?;
                    Negated::Dfa(&dfa)
                }
                StrConstraint::Finite(values) => {
                    dfa = Dfa::literals(values)?;
                    Negated::Dfa(&dfa)
                }
                StrConstraint::MinLength(n) => Negated::Length(*n, None),
                StrConstraint::MaxLength(n) => Negated::Length(0, Some(*n)),
            };
            match search.run(Some(negated), &kept)? {
                Found::Yes(s) => Ok(StrAnswer::No(s)),
                Found::None => Ok(StrAnswer::Yes),
                Found::Budget => Ok(StrAnswer::Unknown(budget_message())),
            }
        }
    }
}

/// A member of the set (the shortest, with readable characters preferred), if any.
pub fn sample(a: &StrSet, formats: &dyn FormatCheck) -> Result<Option<String>, String> {
    sample_avoiding(a, &[], formats)
}

/// A member of the set that is none of `avoid`.
pub fn sample_avoiding(
    a: &StrSet,
    avoid: &[String],
    formats: &dyn FormatCheck,
) -> Result<Option<String>, String> {
    let kept = |s: &str| !avoid.iter().any(|v| v == s);
    match a {
        StrSet::Finite(values) => Ok(values.iter().find(|v| kept(v)).cloned()),
        StrSet::Constrained(st) => {
            // Readable fixed samples for plain formats.
            if st.pattern.is_none() {
                let fixed = match st.format {
                    Some(Format::Uuid) => Some("3f2504e0-4f89-41d3-9a0c-0305e82c3301"),
                    Some(Format::DateTime) => Some("2025-01-27T10:00:00Z"),
                    Some(Format::Date) => Some("2025-01-27"),
                    Some(Format::Email) => Some("user@example.com"),
                    Some(Format::Uri) => Some("https://example.com/"),
                    None => Some("text"),
                };
                if let Some(s) = fixed {
                    if kept(s) && set_contains(a, s, formats)? {
                        return Ok(Some(s.to_string()));
                    }
                }
            }
            let own = constraints_of(st);
            let search = Search::new(&own, formats)?;
            match search.run(None, &kept)? {
                Found::Yes(s) => Ok(Some(s)),
                Found::None => Ok(None),
                Found::Budget => Err(budget_message()),
            }
        }
    }
}

/// The shortest string that every pattern of `all` matches, none of `none` matches, and that
/// is not in `exclude` (JSON Schema semantics: patterns search). For property names: the
/// names a `patternProperties` region (or the `additionalProperties` one) holds.
pub fn find_matching(
    all: &[String],
    none: &[String],
    exclude: &[String],
    formats: &dyn FormatCheck,
) -> Result<Option<String>, String> {
    let own: Vec<StrConstraint> = all.iter().cloned().map(StrConstraint::Pattern).collect();
    let search = Search::new(&own, formats)?;
    let mut alternatives: Vec<String> = none.iter().map(|p| format!("(?:{p})")).collect();
    if !exclude.is_empty() {
        let lits: Vec<String> = exclude.iter().map(|v| regex_syntax::escape(v)).collect();
        alternatives.push(format!("^(?:{})$", lits.join("|")));
    }
    let dfa;
    let negated = if alternatives.is_empty() {
        None
    } else {
        dfa = Dfa::new(&alternatives.join("|"))?;
        Some(Negated::Dfa(&dfa))
    };
    match search.run(negated, &|_| true)? {
        Found::Yes(s) => Ok(Some(s)),
        Found::None => Ok(None),
        Found::Budget => Err(budget_message()),
    }
}

fn budget_message() -> String {
    format!("the automaton search exceeded {STATE_BUDGET} states")
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Uuid => "uuid",
        Format::DateTime => "date-time",
        Format::Date => "date",
        Format::Email => "email",
        Format::Uri => "uri",
    }
}

/// The constraint a witness must violate.
enum Negated<'d> {
    Dfa(&'d Dfa),
    /// Length within `[min, max]` is what must NOT hold.
    Length(u64, Option<u64>),
}

enum Found {
    Yes(String),
    None,
    Budget,
}

/// The positive side of a search: the DFAs, length bounds and real format checks of set A.
struct Search<'f> {
    dfas: Vec<Dfa>,
    min_len: u64,
    max_len: Option<u64>,
    real_formats: Vec<Format>,
    formats: &'f dyn FormatCheck,
}

impl<'f> Search<'f> {
    fn new(own: &[StrConstraint], formats: &'f dyn FormatCheck) -> Result<Search<'f>, String> {
        let mut s = Search {
            dfas: Vec::new(),
            min_len: 0,
            max_len: None,
            real_formats: Vec::new(),
            formats,
        };
        for c in own {
            match c {
                StrConstraint::Format(f) => {
                    s.dfas.push(format_dfa(*f).expect("asserted")?);
                    if !matches!(f, Format::Uuid) {
                        s.real_formats.push(*f);
                    }
                }
                StrConstraint::MinLength(n) => s.min_len = s.min_len.max(*n),
                StrConstraint::MaxLength(n) => {
                    s.max_len = Some(s.max_len.map_or(*n, |m| m.min(*n)));
                }
                StrConstraint::Pattern(p) => s.dfas.push(Dfa::new(p)?),
                StrConstraint::Finite(values) => s.dfas.push(Dfa::literals(values)?),
            }
        }
        Ok(s)
    }

    /// Breadth-first search for a valid UTF-8 string accepted by every DFA of A, within A's
    /// length bounds, passing A's real format checks and `extra`, and violating `negated`.
    fn run(&self, negated: Option<Negated>, extra: &dyn Fn(&str) -> bool) -> Result<Found, String> {
        let mut dfas: Vec<&Dfa> = self.dfas.iter().collect();
        let negated_dfa = match &negated {
            Some(Negated::Dfa(d)) => {
                dfas.push(d);
                true
            }
            _ => false,
        };
        let (neg_min, neg_max) = match &negated {
            Some(Negated::Length(min, max)) => (*min, *max),
            _ => (0, None),
        };
        let bounds = [
            Some(self.min_len),
            self.max_len,
            negated.as_ref().and(Some(neg_min)),
            neg_max,
        ];
        let cap = bounds.iter().flatten().copied().max().unwrap_or(0) + 1;
        if cap > LENGTH_CAP {
            return Err(format!("length bounds above {LENGTH_CAP} are not compared"));
        }
        let n = dfas.len();
        let positive = if negated_dfa { n - 1 } else { n };

        // Byte classes shared by every DFA and the UTF-8 automaton; one readable byte each.
        let mut classes: HashMap<Vec<u16>, u8> = HashMap::new();
        for b in preference_order() {
            let mut sig: Vec<u16> = dfas
                .iter()
                .map(|d| u16::from(d.dfa.byte_classes().get(b)))
                .collect();
            sig.extend((0..UTF8_STATES).map(|s| u16::from(utf8_next(s, b).unwrap_or(255))));
            classes.entry(sig).or_insert(b);
        }
        let mut alphabet: Vec<u8> = classes.into_values().collect();
        alphabet.sort_by_key(|b| preference_rank(*b));

        #[derive(Clone, PartialEq, Eq, Hash)]
        struct Key {
            states: Vec<StateID>,
            seen: u64,
            count: u64,
            utf8: u8,
        }
        let start = Key {
            states: dfas.iter().map(|d| d.start).collect(),
            seen: 0,
            count: 0,
            utf8: 0,
        };
        let mut parents: HashMap<Key, Option<(Key, u8)>> = HashMap::new();
        parents.insert(start.clone(), None);
        let mut queue = VecDeque::from([start]);
        let mut rejected = 0usize;
        let in_len =
            |count: u64, min: u64, max: Option<u64>| count >= min && max.is_none_or(|m| count <= m);
        while let Some(key) = queue.pop_front() {
            // Accept here?
            if key.utf8 == 0 {
                let accepted = |i: usize| {
                    key.seen & (1 << i) != 0
                        || dfas[i]
                            .dfa
                            .is_match_state(dfas[i].dfa.next_eoi_state(key.states[i]))
                };
                let a_ok =
                    (0..positive).all(accepted) && in_len(key.count, self.min_len, self.max_len);
                let violated = match &negated {
                    None => true,
                    Some(Negated::Dfa(_)) => !accepted(n - 1),
                    Some(Negated::Length(min, max)) => !in_len(key.count, *min, *max),
                };
                if a_ok && violated {
                    let s = rebuild(&parents, &key);
                    let real = self
                        .real_formats
                        .iter()
                        .all(|f| self.formats.is_valid(*f, &s));
                    if real && extra(&s) {
                        return Ok(Found::Yes(s));
                    }
                    rejected += 1;
                    if rejected > CANDIDATE_BUDGET {
                        return Ok(Found::Budget);
                    }
                }
            }
            if parents.len() > STATE_BUDGET {
                return Ok(Found::Budget);
            }
            for &b in &alphabet {
                let Some(utf8) = utf8_next(key.utf8, b) else {
                    continue;
                };
                let starts_char = (b & 0xC0) != 0x80;
                let count = if starts_char {
                    (key.count + 1).min(cap)
                } else {
                    key.count
                };
                if self.max_len.is_some_and(|m| count > m) {
                    continue;
                }
                let mut states = Vec::with_capacity(n);
                let mut seen = key.seen;
                let mut dead = false;
                for (i, d) in dfas.iter().enumerate() {
                    let next = d.dfa.next_state(key.states[i], b);
                    if d.dfa.is_match_state(next) {
                        seen |= 1 << i;
                    }
                    let matched = seen & (1 << i) != 0;
                    if d.dfa.is_dead_state(next) && !matched && i < positive {
                        dead = true;
                    }
                    if d.dfa.is_quit_state(next) {
                        return Err(
                            "the pattern needs a feature the automaton cannot decide".into()
                        );
                    }
                    states.push(next);
                }
                // Once the negated pattern has matched, no extension can violate it.
                if dead || (negated_dfa && seen & (1 << (n - 1)) != 0) {
                    continue;
                }
                let next = Key {
                    states,
                    seen,
                    count,
                    utf8,
                };
                if !parents.contains_key(&next) {
                    parents.insert(next.clone(), Some((key.clone(), b)));
                    queue.push_back(next);
                }
            }
        }
        Ok(Found::None)
    }
}

fn rebuild<K: std::hash::Hash + Eq + Clone>(
    parents: &HashMap<K, Option<(K, u8)>>,
    key: &K,
) -> String {
    let mut bytes = Vec::new();
    let mut cur = key.clone();
    while let Some(Some((parent, b))) = parents.get(&cur) {
        bytes.push(*b);
        cur = parent.clone();
    }
    bytes.reverse();
    String::from_utf8(bytes).expect("the UTF-8 automaton only accepts valid UTF-8")
}

/// Bytes in the order a witness should prefer them: readable ASCII first.
fn preference_order() -> Vec<u8> {
    let mut all: Vec<u8> = (0..=255).collect();
    all.sort_by_key(|b| preference_rank(*b));
    all
}

fn preference_rank(b: u8) -> (u8, u8) {
    let group = match b {
        b'a'..=b'z' => 0,
        b'0'..=b'9' => 1,
        b'A'..=b'Z' => 2,
        b'-' | b'_' | b'.' | b':' => 3,
        0x20..=0x7E => 4,
        0x80..=0xFF => 5,
        _ => 6,
    };
    (group, b)
}

const UTF8_STATES: u8 = 8;

/// The UTF-8 validity automaton (Unicode Table 3-7). State 0 is "between characters".
fn utf8_next(state: u8, b: u8) -> Option<u8> {
    match (state, b) {
        (0, 0x00..=0x7F) => Some(0),
        (0, 0xC2..=0xDF) => Some(1),
        (0, 0xE0) => Some(2),
        (0, 0xE1..=0xEC | 0xEE..=0xEF) => Some(3),
        (0, 0xED) => Some(4),
        (0, 0xF0) => Some(5),
        (0, 0xF1..=0xF3) => Some(6),
        (0, 0xF4) => Some(7),
        (1, 0x80..=0xBF) => Some(0),
        (2, 0xA0..=0xBF) => Some(1),
        (3, 0x80..=0xBF) => Some(1),
        (4, 0x80..=0x9F) => Some(1),
        (5, 0x90..=0xBF) => Some(3),
        (6, 0x80..=0xBF) => Some(3),
        (7, 0x80..=0x8F) => Some(3),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Format checks good enough for these tests (uuid by regex, dates by shape and month).
    struct Approx;
    impl FormatCheck for Approx {
        fn is_valid(&self, format: Format, s: &str) -> bool {
            match format {
                Format::Uuid => Dfa::new(UUID_RE).unwrap().is_match(s),
                Format::Date => Dfa::new(DATE_RE).unwrap().is_match(s) && !s.ends_with("-31"),
                Format::DateTime => Dfa::new(DATE_TIME_RE).unwrap().is_match(s),
                _ => true,
            }
        }
    }

    fn st(
        pattern: Option<&str>,
        min: Option<u64>,
        max: Option<u64>,
        format: Option<Format>,
    ) -> StringType {
        StringType {
            format,
            min_length: min,
            max_length: max,
            pattern: pattern.map(str::to_string),
        }
    }

    fn pat(p: &str) -> StrConstraint {
        StrConstraint::Pattern(p.to_string())
    }

    #[test]
    fn unanchored_patterns_search() {
        let d = Dfa::new("ab").unwrap();
        assert!(d.is_match("xxabyy"));
        assert!(!d.is_match("a b"));
        let anchored = Dfa::new("^(dev|staging|prod)$").unwrap();
        assert!(anchored.is_match("dev"));
        assert!(!anchored.is_match("devx"));
    }

    #[test]
    fn pattern_inclusion_is_language_inclusion() {
        let a = st(Some("^[a-c]+$"), None, None, None);
        let set = StrSet::Constrained(&a);
        assert_eq!(subset(&set, &pat("^[a-z]+$"), &Approx), StrAnswer::Yes);
        assert_eq!(subset(&set, &pat("[abc]"), &Approx), StrAnswer::Yes);
        assert_eq!(
            subset(&set, &pat("^a+$"), &Approx),
            StrAnswer::No("b".into())
        );
        // Same language, different spelling.
        let b = st(Some("^(dev|staging|prod)$"), None, None, None);
        assert_eq!(
            subset(
                &StrSet::Constrained(&b),
                &pat("^(?:prod|dev|staging)$"),
                &Approx
            ),
            StrAnswer::Yes
        );
        assert_eq!(
            subset(
                &StrSet::Constrained(&b),
                &StrConstraint::Finite(vec!["dev".into(), "prod".into(), "staging".into()]),
                &Approx
            ),
            StrAnswer::Yes
        );
    }

    #[test]
    fn lengths_interact_with_patterns() {
        let three = st(Some("^[a-z]{3}$"), None, None, None);
        let set = StrSet::Constrained(&three);
        assert_eq!(
            subset(&set, &StrConstraint::MaxLength(3), &Approx),
            StrAnswer::Yes
        );
        assert_eq!(
            subset(&set, &StrConstraint::MinLength(3), &Approx),
            StrAnswer::Yes
        );
        assert_eq!(
            subset(&set, &StrConstraint::MaxLength(2), &Approx),
            StrAnswer::No("aaa".into())
        );
        let any = st(None, Some(2), Some(5), None);
        assert_eq!(
            subset(
                &StrSet::Constrained(&any),
                &StrConstraint::MaxLength(4),
                &Approx
            ),
            StrAnswer::No("aaaaa".into())
        );
        // Code points, not bytes.
        let one = st(Some("^é$"), None, None, None);
        assert_eq!(
            subset(
                &StrSet::Constrained(&one),
                &StrConstraint::MaxLength(1),
                &Approx
            ),
            StrAnswer::Yes
        );
    }

    #[test]
    fn formats() {
        let uuid = st(None, None, None, Some(Format::Uuid));
        let set = StrSet::Constrained(&uuid);
        assert_eq!(
            subset(&set, &StrConstraint::MaxLength(36), &Approx),
            StrAnswer::Yes
        );
        assert!(
            matches!(subset(&set, &pat("^[0-9a-f-]+$"), &Approx), StrAnswer::No(s) if s.chars().any(|c| c.is_ascii_uppercase()))
        );
        let plain = st(None, None, None, None);
        assert_eq!(
            subset(
                &StrSet::Constrained(&plain),
                &StrConstraint::Format(Format::Date),
                &Approx
            ),
            StrAnswer::No("".into())
        );
        let digits = st(Some("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), None, None, None);
        match subset(
            &StrSet::Constrained(&digits),
            &StrConstraint::Format(Format::Date),
            &Approx,
        ) {
            StrAnswer::No(s) => assert!(!Approx.is_valid(Format::Date, &s), "{s}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn samples_are_members() {
        let tp = st(
            Some("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"),
            None,
            None,
            None,
        );
        let s = sample(&StrSet::Constrained(&tp), &Approx).unwrap().unwrap();
        assert_eq!(s.len(), 55);
        assert!(Dfa::new(tp.pattern.as_deref().unwrap())
            .unwrap()
            .is_match(&s));
        let empty = st(Some("^a$"), Some(2), None, None);
        assert_eq!(sample(&StrSet::Constrained(&empty), &Approx).unwrap(), None);
    }
}
