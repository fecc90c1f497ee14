//! Numeric sets for the compatibility checker: exact rationals, the set of numbers a schema
//! allows (integer or number, bounds, `multipleOf`, or a finite set of constants), and inclusion
//! of one such set in a single constraint of another, with a witness when it fails.
//!
//! JSON numbers are decimals, so bounds and `multipleOf` are turned into exact rationals from
//! their decimal text (`0.1` is 1/10, not the nearest binary float). A bound too large for
//! `i128` arithmetic makes the answer "cannot decide", never a guess.

use std::cmp::Ordering;

use serde_json::{Number, Value};

use crate::ir::NumericType;

/// An exact rational `num / den`, `den > 0`, in lowest terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rat {
    num: i128,
    den: i128,
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Rat {
    /// The integer `n`.
    pub fn int(n: i128) -> Rat {
        Rat { num: n, den: 1 }
    }

    fn new(num: i128, den: i128) -> Option<Rat> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        let (num, den) = (num / g, den / g);
        Some(if den < 0 {
            Rat {
                num: num.checked_neg()?,
                den: den.checked_neg()?,
            }
        } else {
            Rat { num, den }
        })
    }

    /// Parses a JSON number's decimal text (`-1.25e3`) exactly; `None` when it does not fit.
    pub fn parse(text: &str) -> Option<Rat> {
        let (mantissa, exp) = match text.find(['e', 'E']) {
            Some(i) => (&text[..i], text[i + 1..].parse::<i32>().ok()?),
            None => (text, 0),
        };
        let negative = mantissa.starts_with('-');
        let mantissa = mantissa.trim_start_matches(['-', '+']);
        let (whole, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = format!("{whole}{frac}");
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut num: i128 = digits.parse().ok()?;
        if negative {
            num = -num;
        }
        let scale = exp - frac.len() as i32;
        let pow = |e: i32| 10i128.checked_pow(e.unsigned_abs());
        if scale >= 0 {
            Rat::new(num.checked_mul(pow(scale)?)?, 1)
        } else {
            Rat::new(num, pow(scale)?)
        }
    }

    /// The value of a JSON number.
    pub fn from_number(n: &Number) -> Option<Rat> {
        Rat::parse(&n.to_string())
    }

    /// `true` for whole numbers.
    pub fn is_integer(self) -> bool {
        self.den == 1
    }

    fn add(self, o: Rat) -> Option<Rat> {
        let den = self.den.checked_mul(o.den)?;
        let num = self
            .num
            .checked_mul(o.den)?
            .checked_add(o.num.checked_mul(self.den)?)?;
        Rat::new(num, den)
    }

    fn sub(self, o: Rat) -> Option<Rat> {
        self.add(Rat {
            num: o.num.checked_neg()?,
            den: o.den,
        })
    }

    fn mul(self, o: Rat) -> Option<Rat> {
        Rat::new(self.num.checked_mul(o.num)?, self.den.checked_mul(o.den)?)
    }

    fn div(self, o: Rat) -> Option<Rat> {
        Rat::new(self.num.checked_mul(o.den)?, self.den.checked_mul(o.num)?)
    }

    fn floor(self) -> i128 {
        self.num.div_euclid(self.den)
    }

    fn ceil(self) -> i128 {
        -(-self.num).div_euclid(self.den)
    }

    /// `true` when `self` is an integer multiple of `m` (`m > 0`).
    fn is_multiple_of(self, m: Rat) -> Option<bool> {
        Some(self.div(m)?.is_integer())
    }

    /// The least common multiple of two positive rationals (`lcm(a/b, c/d) = lcm(a,c)/gcd(b,d)`).
    fn lcm(self, o: Rat) -> Option<Rat> {
        let top = (self.num / gcd(self.num, o.num)).checked_mul(o.num)?;
        Rat::new(top, gcd(self.den, o.den))
    }

    /// The value as a JSON number: an integer when whole, else the nearest float.
    pub fn to_value(self) -> Value {
        if self.is_integer() {
            if let Ok(i) = i64::try_from(self.num) {
                return Value::from(i);
            }
        }
        Number::from_f64(self.num as f64 / self.den as f64)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}

impl PartialOrd for Rat {
    fn partial_cmp(&self, other: &Rat) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rat {
    fn cmp(&self, other: &Rat) -> Ordering {
        // Cross-multiplication may overflow for extreme values; fall back to floats then.
        match (
            self.num.checked_mul(other.den),
            other.num.checked_mul(self.den),
        ) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => (self.num as f64 / self.den as f64)
                .total_cmp(&(other.num as f64 / other.den as f64)),
        }
    }
}

/// A bound: the value and whether it is attained (`minimum`) or not (`exclusiveMinimum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// The bound.
    pub at: Rat,
    /// `true` for `minimum`/`maximum`, `false` for the exclusive ones.
    pub inclusive: bool,
}

/// The numbers a schema allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumSet {
    /// `integer` or `number` with constraints.
    Range(Range),
    /// Exactly these values (`const`).
    Finite(Vec<Rat>),
}

/// `integer`/`number` with its bounds and `multipleOf`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Range {
    /// `type: integer`.
    pub integer: bool,
    /// The tightest lower bound (`minimum` and `exclusiveMinimum` combined).
    pub lower: Option<Bound>,
    /// The tightest upper bound.
    pub upper: Option<Bound>,
    /// `multipleOf`.
    pub multiple_of: Option<Rat>,
}

/// One constraint of a numeric set (what a single keyword group of the other schema demands).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumConstraint {
    /// Only integers.
    Integer,
    /// `minimum` / `exclusiveMinimum`.
    Lower(Bound),
    /// `maximum` / `exclusiveMaximum`.
    Upper(Bound),
    /// `multipleOf`.
    MultipleOf(Rat),
    /// Exactly these values.
    Finite(Vec<Rat>),
}

/// The answer to "is every number of A allowed by C?".
#[derive(Debug, Clone, PartialEq)]
pub enum NumAnswer {
    /// Yes.
    Yes,
    /// No: this number is in A and not in C.
    No(Rat),
    /// The arithmetic does not fit (bounds beyond `i128`).
    Unknown(String),
}

fn too_big() -> String {
    "numeric bounds too large to compare exactly".into()
}

impl Range {
    /// The set of an IR `integer`/`number`; `None` when a bound cannot be read exactly.
    pub fn from_ir(n: &NumericType, integer: bool) -> Option<Range> {
        let rat = |b: &Option<Number>| -> Option<Option<Rat>> {
            match b {
                None => Some(None),
                Some(n) => Rat::from_number(n).map(Some),
            }
        };
        let tighter_lower = |a: Option<Bound>, b: Option<Bound>| match (a, b) {
            (None, x) | (x, None) => x,
            (Some(a), Some(b)) => Some(match a.at.cmp(&b.at) {
                Ordering::Greater => a,
                Ordering::Less => b,
                Ordering::Equal => Bound {
                    at: a.at,
                    inclusive: a.inclusive && b.inclusive,
                },
            }),
        };
        let tighter_upper = |a: Option<Bound>, b: Option<Bound>| match (a, b) {
            (None, x) | (x, None) => x,
            (Some(a), Some(b)) => Some(match a.at.cmp(&b.at) {
                Ordering::Less => a,
                Ordering::Greater => b,
                Ordering::Equal => Bound {
                    at: a.at,
                    inclusive: a.inclusive && b.inclusive,
                },
            }),
        };
        let incl = |r: Option<Rat>, inclusive| r.map(|at| Bound { at, inclusive });
        let mut range = Range {
            integer,
            lower: tighter_lower(
                incl(rat(&n.minimum)?, true),
                incl(rat(&n.exclusive_minimum)?, false),
            ),
            upper: tighter_upper(
                incl(rat(&n.maximum)?, true),
                incl(rat(&n.exclusive_maximum)?, false),
            ),
            multiple_of: rat(&n.multiple_of)?,
        };
        range.normalize()?;
        Some(range)
    }

    /// Integer bounds become inclusive integers (`exclusiveMinimum: 0` → `minimum: 1`), so
    /// equivalent spellings compare equal.
    fn normalize(&mut self) -> Option<()> {
        if let Some(grid) = self.grid() {
            if let Some(b) = self.lower {
                let k = self.first_index_at_or_above(b, grid)?;
                self.lower = Some(Bound {
                    at: Rat::int(k).mul(grid)?,
                    inclusive: true,
                });
            }
            if let Some(b) = self.upper {
                let k = self.last_index_at_or_below(b, grid)?;
                self.upper = Some(Bound {
                    at: Rat::int(k).mul(grid)?,
                    inclusive: true,
                });
            }
            if self.integer
                && self
                    .multiple_of
                    .is_some_and(|m| m.is_integer() && m.num == 1)
            {
                self.multiple_of = None;
            }
        }
        Some(())
    }

    /// The spacing of the allowed values: 1 for integers, `multipleOf`, or their lcm; `None`
    /// for unrestricted reals.
    fn grid(&self) -> Option<Rat> {
        match (self.integer, self.multiple_of) {
            (false, None) => None,
            (true, None) => Some(Rat::int(1)),
            (false, Some(m)) => Some(m),
            (true, Some(m)) => m.lcm(Rat::int(1)),
        }
    }

    fn first_index_at_or_above(&self, b: Bound, grid: Rat) -> Option<i128> {
        let q = b.at.div(grid)?;
        let k = q.ceil();
        Some(if !b.inclusive && q.is_integer() {
            k + 1
        } else {
            k
        })
    }

    fn last_index_at_or_below(&self, b: Bound, grid: Rat) -> Option<i128> {
        let q = b.at.div(grid)?;
        let k = q.floor();
        Some(if !b.inclusive && q.is_integer() {
            k - 1
        } else {
            k
        })
    }

    /// The set within further bounds (normalised); `None` on arithmetic overflow.
    pub fn within(&self, lower: Option<Bound>, upper: Option<Bound>) -> Option<Range> {
        let pick = |a: Option<Bound>, b: Option<Bound>, lower: bool| match (a, b) {
            (None, x) | (x, None) => x,
            (Some(a), Some(b)) => Some(match a.at.cmp(&b.at) {
                Ordering::Equal => Bound {
                    at: a.at,
                    inclusive: a.inclusive && b.inclusive,
                },
                Ordering::Greater if lower => a,
                Ordering::Less if !lower => a,
                _ => b,
            }),
        };
        let mut r = Range {
            lower: pick(self.lower, lower, true),
            upper: pick(self.upper, upper, false),
            ..self.clone()
        };
        r.normalize()?;
        Some(r)
    }

    /// Whether the set has no member (`None` on arithmetic overflow).
    pub fn is_empty(&self) -> Option<bool> {
        is_empty(self)
    }

    /// Whether every member is an integer.
    pub fn integers_only(&self) -> bool {
        self.grid().is_some_and(Rat::is_integer)
    }

    /// Whether `x` is in the set.
    pub fn contains(&self, x: Rat) -> bool {
        if self.integer && !x.is_integer() {
            return false;
        }
        if let Some(m) = self.multiple_of {
            if x.is_multiple_of(m) != Some(true) {
                return false;
            }
        }
        if let Some(b) = self.lower {
            if x < b.at || (x == b.at && !b.inclusive) {
                return false;
            }
        }
        if let Some(b) = self.upper {
            if x > b.at || (x == b.at && !b.inclusive) {
                return false;
            }
        }
        true
    }

    /// Some members of the set, smallest first where there is a least one: used for
    /// witnesses and samples. Empty when the set is empty.
    pub fn members(&self, around: &[Rat]) -> Vec<Rat> {
        let mut out = Vec::new();
        let mut push = |x: Option<Rat>| {
            if let Some(x) = x {
                if self.contains(x) && !out.contains(&x) {
                    out.push(x);
                }
            }
        };
        let half = Rat::new(1, 2).expect("1/2");
        match self.grid() {
            Some(g) => {
                let base = match (self.lower, self.upper) {
                    (Some(b), _) => self.first_index_at_or_above(b, g),
                    (None, Some(b)) => self.last_index_at_or_below(b, g),
                    (None, None) => Some(0),
                };
                if let Some(k) = base {
                    for step in [0, 1, -1, 2, -2, 3, 4, 5, 6, 7, 8, 9, 10, 11] {
                        push(Rat::int(k + step).mul(g));
                    }
                }
                for &a in around {
                    if let Some(q) = a.div(g) {
                        for k in [q.floor() - 1, q.floor(), q.ceil(), q.ceil() + 1] {
                            push(Rat::int(k).mul(g));
                        }
                    }
                }
            }
            None => {
                let lo = self.lower.map(|b| b.at);
                let hi = self.upper.map(|b| b.at);
                push(lo);
                push(hi);
                match (lo, hi) {
                    (Some(l), Some(h)) => {
                        push(l.add(h).and_then(|s| s.mul(half)));
                        push(h.sub(l).and_then(|d| d.mul(Rat::new(1, 4)?)?.add(l)));
                    }
                    (Some(l), None) => {
                        push(l.add(Rat::int(1)));
                        push(l.add(half));
                    }
                    (None, Some(h)) => {
                        push(h.sub(Rat::int(1)));
                        push(h.sub(half));
                    }
                    (None, None) => {
                        push(Some(Rat::int(0)));
                        push(Some(half));
                    }
                }
                for &a in around {
                    for d in [
                        Rat::int(0),
                        half,
                        Rat::int(1),
                        Rat::new(1, 1000).expect("1/1000"),
                    ] {
                        push(a.sub(d));
                        push(a.add(d));
                    }
                    if let Some(l) = lo {
                        push(l.add(a).and_then(|s| s.mul(half)));
                    }
                    if let Some(h) = hi {
                        push(h.add(a).and_then(|s| s.mul(half)));
                    }
                }
            }
        }
        out
    }
}

impl NumSet {
    /// Whether `x` is in the set.
    pub fn contains(&self, x: Rat) -> bool {
        match self {
            NumSet::Range(r) => r.contains(x),
            NumSet::Finite(values) => values.contains(&x),
        }
    }

    /// A member of the set, if it has one (for samples).
    pub fn sample(&self) -> Option<Rat> {
        match self {
            NumSet::Finite(values) => values.first().copied(),
            NumSet::Range(r) => {
                // Prefer 0 or the bound nearest to it, for readable witnesses.
                let mut members = r.members(&[Rat::int(0), Rat::int(1)]);
                members.sort_by_key(|m| (m.num.abs(), m.den, m.num < 0));
                members.into_iter().next()
            }
        }
    }
}

impl NumConstraint {
    fn contains(&self, x: Rat) -> bool {
        match self {
            NumConstraint::Integer => x.is_integer(),
            NumConstraint::Lower(b) => x > b.at || (x == b.at && b.inclusive),
            NumConstraint::Upper(b) => x < b.at || (x == b.at && b.inclusive),
            NumConstraint::MultipleOf(m) => x.is_multiple_of(*m) == Some(true),
            NumConstraint::Finite(values) => values.contains(&x),
        }
    }

    /// Points near which a counterexample is likely (bounds, multiples).
    fn hints(&self) -> Vec<Rat> {
        match self {
            NumConstraint::Integer => vec![Rat::int(0)],
            NumConstraint::Lower(b) | NumConstraint::Upper(b) => vec![b.at],
            NumConstraint::MultipleOf(m) => vec![*m],
            NumConstraint::Finite(values) => values.clone(),
        }
    }
}

/// Is every number of `a` allowed by `c`? Exact for the IR's numeric keywords.
pub fn subset(a: &NumSet, c: &NumConstraint) -> NumAnswer {
    let range = match a {
        NumSet::Finite(values) => {
            return match values.iter().find(|v| !c.contains(**v)) {
                Some(v) => NumAnswer::No(*v),
                None => NumAnswer::Yes,
            }
        }
        NumSet::Range(r) => r,
    };
    let hints = c.hints();
    let witness = || range.members(&hints).into_iter().find(|x| !c.contains(*x));
    let decided = match decide(range, c) {
        Some(d) => d,
        None => return NumAnswer::Unknown(too_big()),
    };
    match (decided, witness()) {
        (true, None) => NumAnswer::Yes,
        (_, Some(w)) => NumAnswer::No(w),
        (false, None) => NumAnswer::Unknown(
            "the numeric sets differ but no counterexample was found among the candidates".into(),
        ),
    }
}

/// Is every number of `a` in one of `bs` (a union)? Exact where each set of `bs` holds every
/// member of `a` between its bounds (or holds points); the witness is a number of `a` in none.
pub fn covered(a: &Range, bs: &[NumSet]) -> NumAnswer {
    let mut hints: Vec<Rat> = Vec::new();
    for b in bs {
        match b {
            NumSet::Finite(v) => hints.extend(v.iter().copied()),
            NumSet::Range(r) => hints.extend(r.lower.iter().chain(&r.upper).map(|b| b.at)),
        }
    }
    let witness = a
        .members(&hints)
        .into_iter()
        .find(|x| !bs.iter().any(|b| b.contains(*x)));
    if let Some(w) = witness {
        return NumAnswer::No(w);
    }
    match sweep(a, bs) {
        Some(true) => NumAnswer::Yes,
        Some(false) => NumAnswer::Unknown(
            "a number range against a union of ranges: no counterexample found".into(),
        ),
        None => NumAnswer::Unknown(
            "inclusion of a number range in a union of these ranges is not decided".into(),
        ),
    }
}

/// A position on the number line: just below, at, or just above a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pos {
    Below,
    At(Rat, i8),
    Above,
}

/// The sweep behind [`covered`]: `Some(true)` when `bs` cover `a`, `Some(false)` when they
/// leave a gap, `None` when a set of `bs` is not an interval over `a` (or on overflow).
fn sweep(a: &Range, bs: &[NumSet]) -> Option<bool> {
    let start = |b: Option<Bound>| match b {
        None => Pos::Below,
        Some(b) => Pos::At(b.at, if b.inclusive { 0 } else { 1 }),
    };
    let end = |b: Option<Bound>| match b {
        None => Pos::Above,
        Some(b) => Pos::At(b.at, if b.inclusive { 0 } else { -1 }),
    };
    let mut spans: Vec<(Pos, Pos)> = Vec::new();
    for b in bs {
        match b {
            NumSet::Finite(v) => spans.extend(v.iter().map(|x| (Pos::At(*x, 0), Pos::At(*x, 0)))),
            NumSet::Range(r) => {
                let integers = !r.integer || a.integers_only();
                let multiples = match (r.multiple_of, a.grid()) {
                    (None, _) => true,
                    (Some(m), Some(g)) => g.is_multiple_of(m)?,
                    (Some(_), None) => false,
                };
                if !integers || !multiples {
                    return None;
                }
                spans.push((start(r.lower), end(r.upper)));
            }
        }
    }
    spans.sort();
    // On a grid, the next position after a member is the next member.
    let grid = a.grid();
    let next = |p: Pos| -> Option<Pos> {
        Some(match (p, grid) {
            (Pos::At(x, d), Some(g)) => {
                let q = x.div(g)?;
                let k = if d < 0 && q.is_integer() {
                    q.floor() - 1
                } else {
                    q.floor()
                };
                Pos::At(Rat::int(k + 1).mul(g)?, 0)
            }
            (Pos::At(x, 0), None) => Pos::At(x, 1),
            (Pos::At(x, _), None) => Pos::At(x, 0),
            (other, _) => other,
        })
    };
    // Positions on a grid are its members: snap a position up to the first member at or
    // after it.
    let snap = |p: Pos| -> Option<Pos> {
        Some(match (p, grid) {
            (Pos::At(x, d), Some(g)) => {
                let q = x.div(g)?;
                let k = if d > 0 && q.is_integer() {
                    q.ceil() + 1
                } else {
                    q.ceil()
                };
                Pos::At(Rat::int(k).mul(g)?, 0)
            }
            (other, _) => other,
        })
    };
    let last = end(a.upper);
    let mut cur = snap(start(a.lower))?;
    loop {
        if cur > last {
            return Some(true);
        }
        let reach = spans
            .iter()
            .filter(|(s, e)| *s <= cur && cur <= *e)
            .map(|(_, e)| *e)
            .max();
        match reach {
            None => return Some(false),
            Some(Pos::Above) => return Some(true),
            Some(e) => cur = snap(next(e)?)?,
        }
    }
}

/// The exact decision, separate from finding a witness; `None` on arithmetic overflow.
fn decide(a: &Range, c: &NumConstraint) -> Option<bool> {
    // An empty set is included in everything.
    if a.members(&[]).is_empty() && is_empty(a)? {
        return Some(true);
    }
    let grid = a.grid();
    Some(match c {
        NumConstraint::Integer => match grid {
            Some(g) => g.is_integer() || single_point(a)?.is_some_and(Rat::is_integer),
            None => single_point(a)?.is_some_and(Rat::is_integer),
        },
        NumConstraint::Lower(cb) => match a.lower {
            None => false,
            Some(ab) => ab.at > cb.at || (ab.at == cb.at && (cb.inclusive || !ab.inclusive)),
        },
        NumConstraint::Upper(cb) => match a.upper {
            None => false,
            Some(ab) => ab.at < cb.at || (ab.at == cb.at && (cb.inclusive || !ab.inclusive)),
        },
        NumConstraint::MultipleOf(m) => match grid {
            Some(g) if g.is_multiple_of(*m)? => true,
            _ => {
                if let Some(p) = single_point(a)? {
                    p.is_multiple_of(*m)?
                } else if let (Some(g), Some(lo), Some(hi)) = (grid, a.lower, a.upper) {
                    // A bounded grid: check every point when there are few.
                    let first = lo.at.div(g)?.ceil();
                    let last = hi.at.div(g)?.floor();
                    if last - first > 100_000 {
                        return None;
                    }
                    (first..=last).all(|k| {
                        Rat::int(k)
                            .mul(g)
                            .and_then(|x| x.is_multiple_of(*m))
                            .unwrap_or(false)
                    })
                } else {
                    false
                }
            }
        },
        NumConstraint::Finite(values) => match single_point(a)? {
            Some(p) => values.contains(&p),
            None => false,
        },
    })
}

/// The only member when the set has exactly one (bounds equal, attained).
fn single_point(a: &Range) -> Option<Option<Rat>> {
    match (a.lower, a.upper) {
        (Some(l), Some(u)) if l.at == u.at && l.inclusive && u.inclusive => {
            Some(a.contains(l.at).then_some(l.at))
        }
        _ => Some(None),
    }
}

fn is_empty(a: &Range) -> Option<bool> {
    let (Some(l), Some(u)) = (a.lower, a.upper) else {
        return Some(false);
    };
    if l.at > u.at || (l.at == u.at && !(l.inclusive && u.inclusive)) {
        return Some(true);
    }
    match a.grid() {
        None => Some(false),
        Some(g) => {
            let first = l.at.div(g)?.ceil();
            let last = u.at.div(g)?.floor();
            Some(first > last)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Rat {
        Rat::parse(s).unwrap()
    }

    fn range(json: &str, integer: bool) -> NumSet {
        let n: NumericType = {
            let v: Value = serde_json::from_str(json).unwrap();
            let get = |k: &str| v.get(k).and_then(Value::as_number).cloned();
            NumericType {
                minimum: get("minimum"),
                exclusive_minimum: get("exclusiveMinimum"),
                maximum: get("maximum"),
                exclusive_maximum: get("exclusiveMaximum"),
                multiple_of: get("multipleOf"),
            }
        };
        NumSet::Range(Range::from_ir(&n, integer).unwrap())
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(r("0.1"), Rat::new(1, 10).unwrap());
        assert_eq!(r("1e3"), Rat::int(1000));
        assert_eq!(r("-2.50"), Rat::new(-5, 2).unwrap());
        assert_eq!(r("1.5e-2"), Rat::new(3, 200).unwrap());
        assert!(r("0.3").is_multiple_of(r("0.1")).unwrap());
    }

    #[test]
    fn integer_exclusive_bounds_normalize() {
        assert_eq!(
            range(r#"{"minimum": 1}"#, true),
            range(r#"{"exclusiveMinimum": 0}"#, true)
        );
        assert_ne!(
            range(r#"{"minimum": 1}"#, false),
            range(r#"{"exclusiveMinimum": 0}"#, false)
        );
    }

    #[test]
    fn bounds() {
        let a = range(r#"{"minimum": 0, "maximum": 10}"#, true);
        let lower = |s: &str, inclusive| {
            NumConstraint::Lower(Bound {
                at: r(s),
                inclusive,
            })
        };
        assert_eq!(subset(&a, &lower("0", true)), NumAnswer::Yes);
        assert_eq!(subset(&a, &lower("-1", false)), NumAnswer::Yes);
        assert_eq!(subset(&a, &lower("0", false)), NumAnswer::No(Rat::int(0)));
        assert_eq!(subset(&a, &lower("5", true)), NumAnswer::No(Rat::int(0)));
        let reals = range(r#"{"exclusiveMinimum": 0}"#, false);
        assert_eq!(subset(&reals, &lower("0", true)), NumAnswer::Yes);
        match subset(&reals, &lower("1", true)) {
            NumAnswer::No(w) => assert!(w > Rat::int(0) && w < Rat::int(1)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn ranges_covered_by_unions() {
        let of = |s: &str, integer| match range(s, integer) {
            NumSet::Range(r) => r,
            NumSet::Finite(_) => unreachable!(),
        };
        let ints = of(r#"{"minimum": 0, "maximum": 100}"#, true);
        let halves = [
            range(r#"{"minimum": 0, "maximum": 49}"#, true),
            range(r#"{"minimum": 50, "maximum": 100}"#, true),
        ];
        assert_eq!(covered(&ints, &halves), NumAnswer::Yes);
        let gap = [
            range(r#"{"minimum": 0, "maximum": 49}"#, true),
            range(r#"{"minimum": 51, "maximum": 100}"#, true),
        ];
        assert_eq!(covered(&ints, &gap), NumAnswer::No(Rat::int(50)));
        // Reals: an exclusive bound meeting an inclusive one covers the point; two exclusive
        // ones leave it out, unless a listed value fills it.
        let reals = of(r#"{"minimum": 0, "maximum": 10}"#, false);
        let below = range(r#"{"minimum": 0, "exclusiveMaximum": 5}"#, false);
        let from = range(r#"{"minimum": 5, "maximum": 10}"#, false);
        let above = range(r#"{"exclusiveMinimum": 5, "maximum": 10}"#, false);
        assert_eq!(covered(&reals, &[below.clone(), from]), NumAnswer::Yes);
        assert_eq!(
            covered(&reals, &[below.clone(), above.clone()]),
            NumAnswer::No(Rat::int(5))
        );
        let five = NumSet::Finite(vec![Rat::int(5)]);
        assert_eq!(covered(&reals, &[below, five, above]), NumAnswer::Yes);
        // Integers do not cover the reals between them.
        let ints_only = [range(r#"{"minimum": 0, "maximum": 10}"#, true)];
        assert!(matches!(covered(&reals, &ints_only), NumAnswer::No(_)));
    }

    #[test]
    fn integers_and_multiples() {
        let evens = range(r#"{"multipleOf": 2}"#, true);
        assert_eq!(subset(&evens, &NumConstraint::Integer), NumAnswer::Yes);
        assert_eq!(
            subset(&evens, &NumConstraint::MultipleOf(r("1"))),
            NumAnswer::Yes
        );
        assert!(matches!(
            subset(&evens, &NumConstraint::MultipleOf(r("4"))),
            NumAnswer::No(w) if !w.is_multiple_of(r("4")).unwrap()
        ));
        let halves = range(r#"{"multipleOf": 0.5}"#, false);
        assert!(matches!(
            subset(&halves, &NumConstraint::Integer),
            NumAnswer::No(w) if !w.is_integer()
        ));
        let number = range("{}", false);
        assert!(matches!(
            subset(&number, &NumConstraint::Integer),
            NumAnswer::No(_)
        ));
        let integer = range("{}", true);
        assert_eq!(
            subset(&integer, &NumConstraint::MultipleOf(r("0.5"))),
            NumAnswer::Yes
        );
        let tiny = range(r#"{"minimum": 4, "maximum": 4}"#, true);
        assert_eq!(
            subset(&tiny, &NumConstraint::MultipleOf(r("2"))),
            NumAnswer::Yes
        );
        assert_eq!(
            subset(&tiny, &NumConstraint::Finite(vec![Rat::int(4)])),
            NumAnswer::Yes
        );
    }
}
