//! The walk over two IR modules side by side: every constraint that differs becomes a
//! [`Change`] with its BACKWARD and FORWARD verdicts and, where it breaks, a local witness that
//! is wrapped into a whole instance.
//!
//! A verdict is always "the whole left set satisfies this one constraint of the right side"
//! (left = the writing side, closed under `W`; right = the reading side), so the conjunction of
//! the changes' verdicts is the exact inclusion (see `mod.rs`).

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::numbers::{self, Bound, NumAnswer, NumConstraint, NumSet, Rat};
use super::shape::{
    describe, describe_string, kind_name, name_text, named, shape, Addl, ArrKind, BoolSet, Kind,
    NumKind, ObjKind, Shape, StrKind, StrOrigin, VALUE_KINDS,
};
use super::strings::{self, FormatCheck, StrAnswer, StrConstraint, StrSet};
use super::{Change, ChangeKind, Witness, Witnesses};
use crate::ir::{DefaultFactory, Field, Format, Module, Type, TypeDef};

/// How deep samples may nest before a recursive type is declared unsampleable.
const SAMPLE_DEPTH: usize = 24;

/// Walks `old` and `new` from their roots.
pub fn walk(old: &Module, new: &Module, strict: bool, formats: &dyn FormatCheck) -> Vec<Change> {
    // The roots are owned here; the walk borrows the modules for everything else.
    let root_old = Type::Ref(old.root.clone());
    let root_new = Type::Ref(new.root.clone());
    let mut w = Walker {
        old,
        new,
        strict,
        formats,
        changes: Vec::new(),
        done: HashSet::new(),
    };
    let loc = Loc {
        old_ptr: String::new(),
        new_ptr: String::new(),
        instance: Vec::new(),
        frames: Vec::new(),
    };
    w.compare_types(&root_old, &root_new, &loc);
    w.changes
}

/// The direction of a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dir {
    /// Old writes, new reads.
    Backward,
    /// New writes, old reads.
    Forward,
}

/// The outcome of one direction of one constraint, before wrapping.
enum Local {
    /// Compatible.
    Ok,
    /// Incompatible: a value at the change's location, valid on the writing side and invalid
    /// on the reading side.
    Value(Value),
    /// Incompatible, but no witness could be built (why).
    NoWitness(String),
    /// Cannot decide (why); counts as incompatible.
    Unknown(String),
}

impl Local {
    fn ok(&self) -> bool {
        matches!(self, Local::Ok)
    }
}

/// One step from the root to the current location: enough to rebuild the enclosing instance
/// on either side.
#[derive(Clone)]
enum Frame<'m> {
    Property {
        name: String,
        old: ObjKind<'m>,
        new: ObjKind<'m>,
    },
    Item {
        old: ArrKind<'m>,
        new: ArrKind<'m>,
    },
}

#[derive(Clone)]
struct Loc<'m> {
    old_ptr: String,
    new_ptr: String,
    instance: Vec<String>,
    frames: Vec<Frame<'m>>,
}

impl<'m> Loc<'m> {
    fn instance_path(&self) -> String {
        self.instance
            .iter()
            .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
            .collect()
    }

    fn property(
        &self,
        name: &str,
        old: ObjKind<'m>,
        new: ObjKind<'m>,
        old_ptr: String,
        new_ptr: String,
    ) -> Loc<'m> {
        let mut loc = self.clone();
        loc.old_ptr = old_ptr;
        loc.new_ptr = new_ptr;
        loc.instance.push(name.to_string());
        loc.frames.push(Frame::Property {
            name: name.to_string(),
            old,
            new,
        });
        loc
    }

    fn item(&self, old: ArrKind<'m>, new: ArrKind<'m>) -> Loc<'m> {
        let mut loc = self.clone();
        loc.old_ptr.push_str("/items");
        loc.new_ptr.push_str("/items");
        loc.instance.push("0".into());
        loc.frames.push(Frame::Item { old, new });
        loc
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

struct Walker<'m> {
    old: &'m Module,
    new: &'m Module,
    strict: bool,
    formats: &'m dyn FormatCheck,
    changes: Vec<Change>,
    /// Pairs of named types already compared (also the recursion guard).
    done: HashSet<(String, String)>,
}

impl<'m> Walker<'m> {
    fn module(&self, dir: Dir) -> &'m Module {
        match dir {
            Dir::Backward => self.old,
            Dir::Forward => self.new,
        }
    }

    /// Records a change at `loc` (`path` is the JSON pointer shown).
    fn emit(
        &mut self,
        loc: &Loc<'m>,
        path: String,
        kind: ChangeKind,
        detail: String,
        backward: Local,
        forward: Local,
    ) {
        let mut undecidable = Vec::new();
        let mut witness = Witnesses::default();
        let mut finish = |local: Local, dir: Dir, this: &Walker<'m>| -> bool {
            match local {
                Local::Ok => true,
                Local::Value(v) => {
                    let w = match this.wrap(loc, dir, v) {
                        Ok(instance) => Witness {
                            instance,
                            error: None,
                        },
                        Err(why) => Witness {
                            instance: Value::Null,
                            error: Some(format!("could not build a whole instance: {why}")),
                        },
                    };
                    match dir {
                        Dir::Backward => witness.backward = Some(w),
                        Dir::Forward => witness.forward = Some(w),
                    }
                    false
                }
                Local::NoWitness(why) => {
                    let w = Witness {
                        instance: Value::Null,
                        error: Some(format!("no witness: {why}")),
                    };
                    match dir {
                        Dir::Backward => witness.backward = Some(w),
                        Dir::Forward => witness.forward = Some(w),
                    }
                    false
                }
                Local::Unknown(why) => {
                    undecidable.push(why);
                    false
                }
            }
        };
        let backward = finish(backward, Dir::Backward, self);
        let forward = finish(forward, Dir::Forward, self);
        undecidable.dedup();
        self.changes.push(Change {
            path,
            kind,
            backward,
            forward,
            instance_path: loc.instance_path(),
            detail,
            witness,
            undecidable: (!undecidable.is_empty()).then(|| undecidable.join("; ")),
        });
    }

    /// Shows the last change at `loc`'s instance path (its witness was built one level up).
    fn set_last_instance_path(&mut self, loc: &Loc<'m>) {
        if let Some(c) = self.changes.last_mut() {
            c.instance_path = loc.instance_path();
        }
    }

    /// An annotation-only change: compatible both ways.
    fn note(&mut self, loc: &Loc<'m>, path: String, kind: ChangeKind, detail: String) {
        self.emit(loc, path, kind, detail, Local::Ok, Local::Ok);
    }

    // ----- types -------------------------------------------------------------------------

    fn compare_types(&mut self, a: &'m Type, b: &'m Type, loc: &Loc<'m>) {
        // Identical types without references have identical sets (this also ends the walk
        // of `{}`, whose objects and arrays hold `{}` again).
        if a == b && ref_free(a) {
            return;
        }
        let mut loc = loc.clone();
        let (da, db) = (named(a, self.old), named(b, self.new));
        if let Some(d) = da {
            loc.old_ptr = d.pointer.clone();
        }
        if let Some(d) = db {
            loc.new_ptr = d.pointer.clone();
        }
        if let (Some(da), Some(db)) = (da, db) {
            let key = (da.name.upper_camel(), db.name.upper_camel());
            if !self.done.insert(key) {
                return;
            }
            self.compare_defs(da, db, &loc);
        }
        let sa = shape(a, self.old);
        let sb = shape(b, self.new);
        self.compare_shapes(&sa, &sb, &loc);
    }

    fn compare_defs(&mut self, da: &'m TypeDef, db: &'m TypeDef, loc: &Loc<'m>) {
        let (na, nb) = (name_text(&da.name), name_text(&db.name));
        if na != nb {
            self.note(
                loc,
                db.pointer.clone(),
                ChangeKind::TypeRenamed,
                format!("the type `{na}` is now called `{nb}` (code that names it must change)"),
            );
        }
        let place = |p: &str| {
            if p.starts_with("/$defs/") {
                "$defs"
            } else {
                "inline"
            }
        };
        if place(&da.pointer) != place(&db.pointer) && !da.pointer.is_empty() {
            self.note(
                loc,
                db.pointer.clone(),
                ChangeKind::RefRestructured,
                format!(
                    "`{nb}` moved from `#{}` to `#{}` (same values)",
                    da.pointer, db.pointer
                ),
            );
        }
        self.compare_annotations(
            loc,
            &db.pointer,
            &nb,
            (&da.title, &db.title),
            (&da.description, &db.description),
            (&da.examples, &db.examples),
        );
    }

    fn compare_annotations(
        &mut self,
        loc: &Loc<'m>,
        pointer: &str,
        what: &str,
        title: (&Option<String>, &Option<String>),
        description: (&Option<String>, &Option<String>),
        examples: (&Vec<Value>, &Vec<Value>),
    ) {
        if title.0 != title.1 {
            self.note(
                loc,
                format!("{pointer}/title"),
                ChangeKind::TitleChanged,
                format!(
                    "title of {what}: {} → {}",
                    show_opt(title.0),
                    show_opt(title.1)
                ),
            );
        }
        if description.0 != description.1 {
            self.note(
                loc,
                format!("{pointer}/description"),
                ChangeKind::DescriptionChanged,
                format!(
                    "description of {what}: {} → {}",
                    show_opt(description.0),
                    show_opt(description.1)
                ),
            );
        }
        if examples.0 != examples.1 {
            self.note(
                loc,
                format!("{pointer}/examples"),
                ChangeKind::ExamplesChanged,
                format!("examples of {what} changed"),
            );
        }
    }

    fn compare_shapes(&mut self, sa: &Shape<'m>, sb: &Shape<'m>, loc: &Loc<'m>) {
        match (sa.null, sb.null) {
            (true, false) => self.emit(
                loc,
                format!("{}/type", loc.new_ptr),
                ChangeKind::NullableRemoved,
                format!(
                    "null is no longer allowed ({} → {})",
                    sa.kinds_text(),
                    sb.kinds_text()
                ),
                Local::Value(Value::Null),
                Local::Ok,
            ),
            (false, true) => self.emit(
                loc,
                format!("{}/type", loc.new_ptr),
                ChangeKind::NullableAdded,
                format!(
                    "null is now allowed ({} → {})",
                    sa.kinds_text(),
                    sb.kinds_text()
                ),
                Local::Ok,
                Local::Value(Value::Null),
            ),
            _ => {}
        }
        let removed: Vec<Kind> = VALUE_KINDS
            .into_iter()
            .filter(|k| sa.has(*k) && !sb.has(*k))
            .collect();
        let added: Vec<Kind> = VALUE_KINDS
            .into_iter()
            .filter(|k| !sa.has(*k) && sb.has(*k))
            .collect();
        if !removed.is_empty() || !added.is_empty() {
            let kind = match (removed.is_empty(), added.is_empty()) {
                (false, true) => ChangeKind::TypeNarrowed,
                (true, false) => ChangeKind::TypeWidened,
                _ => ChangeKind::TypeChanged,
            };
            let backward = match removed.first() {
                Some(k) => self.local_sample_kind(sa, *k, self.old),
                None => Local::Ok,
            };
            let forward = match added.first() {
                Some(k) => self.local_sample_kind(sb, *k, self.new),
                None => Local::Ok,
            };
            self.emit(
                loc,
                format!("{}/type", loc.new_ptr),
                kind,
                format!("type {} → {}", sa.kinds_text(), sb.kinds_text()),
                backward,
                forward,
            );
        }
        if let (Some(a), Some(b)) = (sa.boolean, sb.boolean) {
            self.compare_booleans(a, b, loc);
        }
        if let (Some(a), Some(b)) = (&sa.number, &sb.number) {
            self.compare_numbers(a, b, loc);
        }
        if let (Some(a), Some(b)) = (&sa.string, &sb.string) {
            self.compare_strings(a, b, loc);
        }
        if let (Some(a), Some(b)) = (sa.array, sb.array) {
            self.compare_arrays(a, b, loc);
        }
        if let (Some(a), Some(b)) = (sa.object, sb.object) {
            self.compare_objects(a, b, loc);
        }
    }

    fn local_sample_kind(&self, s: &Shape<'m>, k: Kind, m: &'m Module) -> Local {
        match self.sample_kind(s, k, m, 0) {
            Ok(v) => Local::Value(v),
            Err(why) => Local::NoWitness(why),
        }
    }

    // ----- booleans ----------------------------------------------------------------------

    fn compare_booleans(&mut self, a: BoolSet, b: BoolSet, loc: &Loc<'m>) {
        if a == b {
            return;
        }
        let missing = |x: BoolSet, y: BoolSet| {
            if x.t && !y.t {
                Local::Value(Value::Bool(true))
            } else if x.f && !y.f {
                Local::Value(Value::Bool(false))
            } else {
                Local::Ok
            }
        };
        let (backward, forward) = (missing(a, b), missing(b, a));
        let kind = match (backward.ok(), forward.ok()) {
            (false, true) => ChangeKind::ConstAdded,
            (true, false) => ChangeKind::ConstRemoved,
            _ => ChangeKind::ConstChanged,
        };
        let text = |s: BoolSet| match (s.t, s.f) {
            (true, true) => "boolean",
            (true, false) => "true",
            _ => "false",
        };
        self.emit(
            loc,
            format!("{}/const", loc.new_ptr),
            kind,
            format!("{} → {}", text(a), text(b)),
            backward,
            forward,
        );
    }

    // ----- numbers -----------------------------------------------------------------------

    fn compare_numbers(&mut self, a: &NumKind<'m>, b: &NumKind<'m>, loc: &Loc<'m>) {
        let (sa, sb) = match (&a.set, &b.set) {
            (Ok(sa), Ok(sb)) => (sa, sb),
            (Err(why), _) | (_, Err(why)) => {
                let same = match (a.source, b.source) {
                    (Some(x), Some(y)) => x == y,
                    _ => false,
                };
                if !same {
                    self.emit(
                        loc,
                        loc.new_ptr.clone(),
                        ChangeKind::Undecidable,
                        "numeric constraints changed".into(),
                        Local::Unknown(why.clone()),
                        Local::Unknown(why.clone()),
                    );
                }
                return;
            }
        };
        match (sa, sb) {
            (NumSet::Range(ra), NumSet::Range(rb)) => {
                if ra.integer != rb.integer {
                    let backward = if rb.integer {
                        self.num_local(sa, &NumConstraint::Integer)
                    } else {
                        Local::Ok
                    };
                    let forward = if ra.integer {
                        self.num_local(sb, &NumConstraint::Integer)
                    } else {
                        Local::Ok
                    };
                    let name = |i: bool| if i { "integer" } else { "number" };
                    let kind = if rb.integer {
                        ChangeKind::TypeNarrowed
                    } else {
                        ChangeKind::TypeWidened
                    };
                    self.emit(
                        loc,
                        format!("{}/type", loc.new_ptr),
                        kind,
                        format!("type {} → {}", name(ra.integer), name(rb.integer)),
                        backward,
                        forward,
                    );
                }
                let mut any = false;
                type Pick = fn(&numbers::Range) -> Option<NumConstraint>;
                let groups: [(&str, Pick); 3] = [
                    ("minimum", |r| r.lower.map(NumConstraint::Lower)),
                    ("maximum", |r| r.upper.map(NumConstraint::Upper)),
                    ("multipleOf", |r| {
                        r.multiple_of.map(NumConstraint::MultipleOf)
                    }),
                ];
                for (keyword, pick) in groups {
                    let (ca, cb) = (pick(ra), pick(rb));
                    if ca == cb {
                        continue;
                    }
                    any = true;
                    let backward = match &cb {
                        Some(c) => self.num_local(sa, c),
                        None => Local::Ok,
                    };
                    let forward = match &ca {
                        Some(c) => self.num_local(sb, c),
                        None => Local::Ok,
                    };
                    let kind = bound_kind(&backward, &forward);
                    self.emit(
                        loc,
                        format!("{}/{keyword}", loc.new_ptr),
                        kind,
                        format!("{keyword}: {} → {}", show_num(&ca), show_num(&cb)),
                        backward,
                        forward,
                    );
                }
                let rewritten = match (a.source, b.source) {
                    (Some((x, _)), Some((y, _))) => x != y,
                    _ => false,
                };
                if !any && rewritten {
                    self.note(
                        loc,
                        loc.new_ptr.clone(),
                        ChangeKind::BoundRewritten,
                        "numeric bounds spelled differently, same values".into(),
                    );
                }
            }
            _ => {
                if sa == sb {
                    return;
                }
                let backward = self.num_all(sa, sb);
                let forward = self.num_all(sb, sa);
                let kind = match (sa, sb) {
                    (NumSet::Finite(_), NumSet::Finite(_)) => ChangeKind::ConstChanged,
                    (NumSet::Range(_), NumSet::Finite(_)) => ChangeKind::ConstAdded,
                    _ => ChangeKind::ConstRemoved,
                };
                self.emit(
                    loc,
                    format!("{}/const", loc.new_ptr),
                    kind,
                    format!("{} → {}", show_numset(sa), show_numset(sb)),
                    backward,
                    forward,
                );
            }
        }
    }

    fn num_local(&self, a: &NumSet, c: &NumConstraint) -> Local {
        match numbers::subset(a, c) {
            NumAnswer::Yes => Local::Ok,
            NumAnswer::No(w) => Local::Value(w.to_value()),
            NumAnswer::Unknown(why) => Local::Unknown(why),
        }
    }

    /// `a ⊆ b` for whole numeric sets.
    fn num_all(&self, a: &NumSet, b: &NumSet) -> Local {
        let constraints = match b {
            NumSet::Finite(values) => vec![NumConstraint::Finite(values.clone())],
            NumSet::Range(r) => {
                let mut cs = Vec::new();
                if r.integer {
                    cs.push(NumConstraint::Integer);
                }
                cs.extend(r.lower.map(NumConstraint::Lower));
                cs.extend(r.upper.map(NumConstraint::Upper));
                cs.extend(r.multiple_of.map(NumConstraint::MultipleOf));
                cs
            }
        };
        for c in &constraints {
            let local = self.num_local(a, c);
            if !local.ok() {
                return local;
            }
        }
        Local::Ok
    }

    // ----- strings -----------------------------------------------------------------------

    fn str_local(&self, a: &StrSet, c: &StrConstraint) -> Local {
        match strings::subset(a, c, self.formats) {
            StrAnswer::Yes => Local::Ok,
            StrAnswer::No(s) => Local::Value(Value::String(s)),
            StrAnswer::Unknown(why) => Local::Unknown(why),
        }
    }

    /// `a ⊆ b` for whole string sets.
    fn str_all(&self, a: &StrSet, b: &StrSet) -> Local {
        let constraints = match b {
            StrSet::Finite(values) => vec![StrConstraint::Finite(values.clone())],
            StrSet::Constrained(st) => strings::constraints_of(st),
        };
        for c in &constraints {
            let local = self.str_local(a, c);
            if !local.ok() {
                return local;
            }
        }
        Local::Ok
    }

    fn compare_strings(&mut self, a: &StrKind<'m>, b: &StrKind<'m>, loc: &Loc<'m>) {
        match (&a.set, &b.set) {
            (StrSet::Finite(va), StrSet::Finite(vb)) => {
                if a.origin == StrOrigin::Const && b.origin == StrOrigin::Const {
                    if va != vb {
                        self.emit(
                            loc,
                            format!("{}/const", loc.new_ptr),
                            ChangeKind::ConstChanged,
                            format!("constant {} → {}", show_str(&va[0]), show_str(&vb[0])),
                            Local::Value(Value::String(va[0].clone())),
                            Local::Value(Value::String(vb[0].clone())),
                        );
                    }
                    return;
                }
                let keyword = |o: StrOrigin| {
                    if o == StrOrigin::Const {
                        "const"
                    } else {
                        "enum"
                    }
                };
                for v in va.iter().filter(|v| !vb.contains(v)) {
                    self.emit(
                        loc,
                        format!("{}/{}", loc.old_ptr, keyword(a.origin)),
                        ChangeKind::EnumValueRemoved,
                        format!("value {} removed", show_str(v)),
                        Local::Value(Value::String(v.clone())),
                        Local::Ok,
                    );
                }
                for v in vb.iter().filter(|v| !va.contains(v)) {
                    self.emit(
                        loc,
                        format!("{}/{}", loc.new_ptr, keyword(b.origin)),
                        ChangeKind::EnumValueAdded,
                        format!("value {} added", show_str(v)),
                        Local::Ok,
                        Local::Value(Value::String(v.clone())),
                    );
                }
            }
            (StrSet::Constrained(sa), StrSet::Constrained(sb)) => {
                let set_a = &a.set;
                let set_b = &b.set;
                // format
                if sa.format != sb.format {
                    let (ea, eb) = (
                        sa.format.filter(|f| strings::is_asserted(*f)),
                        sb.format.filter(|f| strings::is_asserted(*f)),
                    );
                    let detail = format!(
                        "format {} → {}",
                        show_format(sa.format),
                        show_format(sb.format)
                    );
                    let path = format!("{}/format", loc.new_ptr);
                    if ea == eb {
                        self.note(loc, path, ChangeKind::FormatAnnotationChanged, detail);
                    } else {
                        let kind = match (ea, eb) {
                            (None, Some(_)) => ChangeKind::FormatAdded,
                            (Some(_), None) => ChangeKind::FormatRemoved,
                            _ => ChangeKind::FormatChanged,
                        };
                        let backward = match eb {
                            Some(f) => self.str_local(set_a, &StrConstraint::Format(f)),
                            None => Local::Ok,
                        };
                        let forward = match ea {
                            Some(f) => self.str_local(set_b, &StrConstraint::Format(f)),
                            None => Local::Ok,
                        };
                        self.emit(loc, path, kind, detail, backward, forward);
                    }
                }
                // lengths
                let lengths: [LengthRow; 2] = [
                    (
                        "minLength",
                        sa.min_length.filter(|n| *n > 0),
                        sb.min_length.filter(|n| *n > 0),
                        StrConstraint::MinLength,
                    ),
                    (
                        "maxLength",
                        sa.max_length,
                        sb.max_length,
                        StrConstraint::MaxLength,
                    ),
                ];
                for (keyword, la, lb, make) in lengths {
                    if la == lb {
                        continue;
                    }
                    let backward = lb.map_or(Local::Ok, |n| self.str_local(set_a, &make(n)));
                    let forward = la.map_or(Local::Ok, |n| self.str_local(set_b, &make(n)));
                    let kind = bound_kind(&backward, &forward);
                    self.emit(
                        loc,
                        format!("{}/{keyword}", loc.new_ptr),
                        kind,
                        format!("{keyword}: {} → {}", show_u64(la), show_u64(lb)),
                        backward,
                        forward,
                    );
                }
                // pattern
                if sa.pattern != sb.pattern {
                    let kind = match (&sa.pattern, &sb.pattern) {
                        (None, Some(_)) => ChangeKind::PatternAdded,
                        (Some(_), None) => ChangeKind::PatternRemoved,
                        _ => ChangeKind::PatternChanged,
                    };
                    let backward = sb.pattern.as_ref().map_or(Local::Ok, |p| {
                        self.str_local(set_a, &StrConstraint::Pattern(p.clone()))
                    });
                    let forward = sa.pattern.as_ref().map_or(Local::Ok, |p| {
                        self.str_local(set_b, &StrConstraint::Pattern(p.clone()))
                    });
                    let how = match (backward.ok(), forward.ok()) {
                        (true, true) => " (same language)",
                        (true, false) => " (accepts more)",
                        (false, true) => " (accepts less)",
                        (false, false) => "",
                    };
                    self.emit(
                        loc,
                        format!("{}/pattern", loc.new_ptr),
                        kind,
                        format!(
                            "pattern {} → {}{how}",
                            show_opt(&sa.pattern),
                            show_opt(&sb.pattern)
                        ),
                        backward,
                        forward,
                    );
                }
            }
            (StrSet::Finite(va), StrSet::Constrained(_)) => {
                let backward = self.str_all(&a.set, &b.set);
                let forward = self.str_all(&b.set, &a.set);
                let (kind, keyword) = if a.origin == StrOrigin::Const {
                    (ChangeKind::ConstRemoved, "const")
                } else {
                    (ChangeKind::EnumRemoved, "enum")
                };
                self.emit(
                    loc,
                    format!("{}/{keyword}", loc.old_ptr),
                    kind,
                    format!("{keyword} {} → {}", show_values(va), describe_str(&b.set)),
                    backward,
                    forward,
                );
            }
            (StrSet::Constrained(_), StrSet::Finite(vb)) => {
                let backward = self.str_all(&a.set, &b.set);
                let forward = self.str_all(&b.set, &a.set);
                let (kind, keyword) = if b.origin == StrOrigin::Const {
                    (ChangeKind::ConstAdded, "const")
                } else {
                    (ChangeKind::EnumAdded, "enum")
                };
                self.emit(
                    loc,
                    format!("{}/{keyword}", loc.new_ptr),
                    kind,
                    format!("{} → {keyword} {}", describe_str(&a.set), show_values(vb)),
                    backward,
                    forward,
                );
            }
        }
    }

    // ----- arrays ------------------------------------------------------------------------

    fn compare_arrays(&mut self, a: ArrKind<'m>, b: ArrKind<'m>, loc: &Loc<'m>) {
        let item_loc = loc.item(a, b);
        self.compare_types(a.items, b.items, &item_loc);
        if a.min != b.min {
            let backward = self.len_local(a, self.old, |len| len >= b.min, Some(a.min));
            let forward = self.len_local(b, self.new, |len| len >= a.min, Some(b.min));
            let kind = bound_kind(&backward, &forward);
            self.emit(
                loc,
                format!("{}/minItems", loc.new_ptr),
                kind,
                format!("minItems: {} → {}", a.min, b.min),
                backward,
                forward,
            );
        }
        if a.max != b.max {
            let over = |x: &ArrKind, y: Option<u64>| match (x.max, y) {
                (_, None) => None,
                (Some(mx), Some(my)) if mx <= my => None,
                (_, Some(my)) => Some((my + 1).max(x.min)),
            };
            let backward = match over(&a, b.max) {
                None => Local::Ok,
                Some(len) => self.len_local(a, self.old, |_| false, Some(len)),
            };
            let forward = match over(&b, a.max) {
                None => Local::Ok,
                Some(len) => self.len_local(b, self.new, |_| false, Some(len)),
            };
            let kind = bound_kind(&backward, &forward);
            self.emit(
                loc,
                format!("{}/maxItems", loc.new_ptr),
                kind,
                format!("maxItems: {} → {}", show_u64(a.max), show_u64(b.max)),
                backward,
                forward,
            );
        }
        if a.unique != b.unique {
            let dup = |x: &ArrKind<'m>, m: &'m Module| {
                if x.max.is_some_and(|mx| mx < 2) {
                    return Local::Ok;
                }
                match self.sample(x.items, m, 0) {
                    Ok(item) => Local::Value(Value::Array(vec![item; x.min.max(2) as usize])),
                    Err(why) => Local::NoWitness(why),
                }
            };
            let (kind, backward, forward) = if b.unique {
                (ChangeKind::UniqueItemsAdded, dup(&a, self.old), Local::Ok)
            } else {
                (ChangeKind::UniqueItemsRemoved, Local::Ok, dup(&b, self.new))
            };
            self.emit(
                loc,
                format!("{}/uniqueItems", loc.new_ptr),
                kind,
                format!("uniqueItems: {} → {}", a.unique, b.unique),
                backward,
                forward,
            );
        }
    }

    /// A witness array of length `len` (when `ok(len)` is false), or compatible.
    fn len_local(
        &self,
        x: ArrKind<'m>,
        m: &'m Module,
        ok: impl Fn(u64) -> bool,
        len: Option<u64>,
    ) -> Local {
        let Some(len) = len else { return Local::Ok };
        if ok(len) {
            return Local::Ok;
        }
        match self.sample_array(x, m, len, 0) {
            Ok(v) => Local::Value(v),
            Err(why) => Local::NoWitness(why),
        }
    }

    // ----- objects -----------------------------------------------------------------------

    fn compare_objects(&mut self, a: ObjKind<'m>, b: ObjKind<'m>, loc: &Loc<'m>) {
        let mut names: Vec<&'m str> = b.fields.iter().map(|f| f.wire_name.as_str()).collect();
        names.extend(
            a.fields
                .iter()
                .map(|f| f.wire_name.as_str())
                .filter(|n| b.field(n).is_none()),
        );
        for name in names {
            let (fa, fb) = (a.field(name), b.field(name));
            let old_ptr = fa.map_or_else(
                || format!("{}/properties/{}", loc.old_ptr, escape(name)),
                |f| f.pointer.clone(),
            );
            let new_ptr = fb.map_or_else(
                || format!("{}/properties/{}", loc.new_ptr, escape(name)),
                |f| f.pointer.clone(),
            );
            let ploc = loc.property(name, a, b, old_ptr.clone(), new_ptr.clone());
            match (fa, fb) {
                (Some(fa), Some(fb)) => {
                    self.compare_field_annotations(fa, fb, &ploc);
                    if fb.required && !fa.required {
                        let backward = self.object_local(a, self.old, Some(name), None);
                        self.emit(
                            loc,
                            new_ptr.clone(),
                            ChangeKind::RequiredAdded,
                            format!("`{name}` is now required"),
                            backward,
                            Local::Ok,
                        );
                    } else if fa.required && !fb.required {
                        let forward = self.object_local(b, self.new, Some(name), None);
                        self.emit(
                            loc,
                            new_ptr.clone(),
                            ChangeKind::RequiredRemoved,
                            format!("`{name}` is now optional"),
                            Local::Ok,
                            forward,
                        );
                    }
                    self.compare_types(&fa.ty, &fb.ty, &ploc);
                }
                (Some(fa), None) => {
                    // What old writers may put under `name` versus what new readers accept.
                    let backward = match b.additional {
                        Addl::Forbid => self.object_with(a, self.old, name, &fa.ty),
                        Addl::Ignore | Addl::Values(_) => Local::Ok,
                    };
                    let mut forward = match b.additional {
                        Addl::Ignore if self.strict => {
                            self.any_in(b, self.new, name, &fa.ty, self.old)
                        }
                        _ => Local::Ok,
                    };
                    if fa.required && forward.ok() {
                        forward = self.object_local(b, self.new, None, None);
                    }
                    let covered = match b.additional {
                        Addl::Forbid => " (undeclared properties are now rejected)",
                        Addl::Ignore => " (now ignored as an unknown property)",
                        Addl::Values(_) => " (now covered by additionalProperties)",
                    };
                    self.emit(
                        loc,
                        old_ptr.clone(),
                        ChangeKind::PropertyRemoved,
                        format!(
                            "{} property `{name}` ({}) removed{covered}",
                            if fa.required { "required" } else { "optional" },
                            describe(&fa.ty, self.old)
                        ),
                        backward,
                        forward,
                    );
                    self.set_last_instance_path(&ploc);
                    if let Addl::Values(v) = b.additional {
                        self.compare_types(&fa.ty, v, &ploc);
                    }
                }
                (None, Some(fb)) => {
                    let mut backward = match a.additional {
                        Addl::Ignore if self.strict => {
                            self.any_in(a, self.old, name, &fb.ty, self.new)
                        }
                        _ => Local::Ok,
                    };
                    if fb.required && backward.ok() {
                        backward = self.object_local(a, self.old, None, None);
                    }
                    let forward = match a.additional {
                        Addl::Forbid => self.object_with(b, self.new, name, &fb.ty),
                        Addl::Ignore | Addl::Values(_) => Local::Ok,
                    };
                    self.emit(
                        loc,
                        new_ptr.clone(),
                        ChangeKind::PropertyAdded,
                        format!(
                            "{} property `{name}` ({}) added",
                            if fb.required { "required" } else { "optional" },
                            describe(&fb.ty, self.new)
                        ),
                        backward,
                        forward,
                    );
                    self.set_last_instance_path(&ploc);
                    if let Addl::Values(v) = a.additional {
                        self.compare_types(v, &fb.ty, &ploc);
                    }
                }
                (None, None) => unreachable!("names come from the fields"),
            }
        }
        self.compare_additional(a, b, loc);
        let order = |o: &ObjKind<'m>, other: &ObjKind<'m>| -> Vec<&'m str> {
            o.fields
                .iter()
                .map(|f| f.wire_name.as_str())
                .filter(|n| other.field(n).is_some())
                .collect()
        };
        let (oa, ob) = (order(&a, &b), order(&b, &a));
        if oa != ob {
            self.note(
                loc,
                format!("{}/properties", loc.new_ptr),
                ChangeKind::PropertyOrderChanged,
                format!(
                    "property order {} → {} (changes the bytes writers emit, not what readers accept)",
                    oa.join(", "),
                    ob.join(", ")
                ),
            );
        }
    }

    fn compare_field_annotations(&mut self, fa: &'m Field, fb: &'m Field, ploc: &Loc<'m>) {
        let what = format!("`{}`", fb.wire_name);
        // An inline object or enum is lifted into a named type that shares the property's
        // annotations; those are compared with the type, so moving it to `$defs` is no change.
        let own = |f: &'m Field, m: &'m Module| -> (Option<String>, Option<String>, Vec<Value>) {
            match named(&f.ty, m) {
                Some(def) if def.pointer == f.pointer => (
                    f.title.clone().filter(|t| Some(t) != def.title.as_ref()),
                    f.description
                        .clone()
                        .filter(|d| Some(d) != def.description.as_ref()),
                    if f.examples == def.examples {
                        Vec::new()
                    } else {
                        f.examples.clone()
                    },
                ),
                _ => (f.title.clone(), f.description.clone(), f.examples.clone()),
            }
        };
        let (ta, da, ea) = own(fa, self.old);
        let (tb, db, eb) = own(fb, self.new);
        self.compare_annotations(ploc, &fb.pointer, &what, (&ta, &tb), (&da, &db), (&ea, &eb));
        let path = format!("{}/default", fb.pointer);
        match (&fa.default, &fb.default) {
            (None, Some(d)) => self.note(
                ploc,
                path,
                ChangeKind::DefaultAdded,
                format!("default of {what}: {d}"),
            ),
            (Some(d), None) => self.note(
                ploc,
                path,
                ChangeKind::DefaultRemoved,
                format!("default of {what} ({d}) removed"),
            ),
            (Some(x), Some(y)) if x != y => self.note(
                ploc,
                path,
                ChangeKind::DefaultChanged,
                format!("default of {what}: {x} → {y}"),
            ),
            _ => {}
        }
        if fa.default_factory != fb.default_factory {
            let show = |f: Option<DefaultFactory>| match f {
                None => "none",
                Some(DefaultFactory::Uuid4) => "uuid4",
                Some(DefaultFactory::Now) => "now",
            };
            self.note(
                ploc,
                format!("{}/x-default-factory", fb.pointer),
                ChangeKind::DefaultFactoryChanged,
                format!(
                    "x-default-factory of {what}: {} → {}",
                    show(fa.default_factory),
                    show(fb.default_factory)
                ),
            );
        }
    }

    fn compare_additional(&mut self, a: ObjKind<'m>, b: ObjKind<'m>, loc: &Loc<'m>) {
        let key = extra_key(&a, &b);
        let path = format!("{}/additionalProperties", loc.new_ptr);
        let text = |x: Addl<'m>, m: &'m Module| match x {
            Addl::Forbid => "false".to_string(),
            Addl::Ignore => "ignored".to_string(),
            Addl::Values(v) => describe(v, m),
        };
        let detail = format!(
            "undeclared properties: {} → {}",
            text(a.additional, self.old),
            text(b.additional, self.new)
        );
        let (kind, backward, forward) = match (a.additional, b.additional) {
            (Addl::Forbid, Addl::Forbid) | (Addl::Ignore, Addl::Ignore) => return,
            (Addl::Values(va), Addl::Values(vb)) => {
                let ploc = loc.property(
                    &key,
                    a,
                    b,
                    format!("{}/additionalProperties", loc.old_ptr),
                    path.clone(),
                );
                self.compare_types(va, vb, &ploc);
                return;
            }
            (Addl::Ignore, Addl::Forbid) => {
                let backward = if self.strict {
                    self.object_with_value(a, self.old, &key, Value::String("x".into()))
                } else {
                    Local::Ok
                };
                (ChangeKind::AdditionalPropertiesClosed, backward, Local::Ok)
            }
            (Addl::Forbid, Addl::Ignore) => {
                let forward = if self.strict {
                    self.object_with_value(b, self.new, &key, Value::String("x".into()))
                } else {
                    Local::Ok
                };
                (ChangeKind::AdditionalPropertiesOpened, Local::Ok, forward)
            }
            (Addl::Values(va), Addl::Forbid) => (
                ChangeKind::AdditionalPropertiesClosed,
                self.object_with(a, self.old, &key, va),
                Local::Ok,
            ),
            (Addl::Forbid, Addl::Values(vb)) => (
                ChangeKind::AdditionalPropertiesOpened,
                Local::Ok,
                self.object_with(b, self.new, &key, vb),
            ),
            (Addl::Values(va), Addl::Ignore) => {
                let forward = if self.strict {
                    self.any_in(b, self.new, &key, va, self.old)
                } else {
                    Local::Ok
                };
                (ChangeKind::AdditionalPropertiesOpened, Local::Ok, forward)
            }
            (Addl::Ignore, Addl::Values(vb)) => {
                let backward = if self.strict {
                    self.any_in(a, self.old, &key, vb, self.new)
                } else {
                    Local::Ok
                };
                (ChangeKind::AdditionalPropertiesClosed, backward, Local::Ok)
            }
        };
        self.emit(loc, path, kind, detail, backward, forward);
    }

    /// A minimal `obj` (of module `m`) without `omit`: for "required" witnesses.
    fn object_local(
        &self,
        obj: ObjKind<'m>,
        m: &'m Module,
        omit: Option<&str>,
        set: Option<(&str, Value)>,
    ) -> Local {
        match self.minimal_object(obj, m, omit, set, 0) {
            Ok(v) => Local::Value(v),
            Err(why) => Local::NoWitness(why),
        }
    }

    /// A minimal `obj` with `name` set to a sample of `ty`.
    fn object_with(&self, obj: ObjKind<'m>, m: &'m Module, name: &str, ty: &'m Type) -> Local {
        match self.sample(ty, m, 0) {
            Ok(v) => self.object_local(obj, m, None, Some((name, v))),
            Err(why) => Local::NoWitness(why),
        }
    }

    fn object_with_value(&self, obj: ObjKind<'m>, m: &'m Module, name: &str, v: Value) -> Local {
        self.object_local(obj, m, None, Some((name, v)))
    }

    /// Strict content model: an open object may carry `name` with any value; is every value
    /// allowed by `ty` (of module `ty_module`)? If not, `obj` with `name` set to one that is not.
    fn any_in(
        &self,
        obj: ObjKind<'m>,
        m: &'m Module,
        name: &str,
        ty: &'m Type,
        ty_module: &'m Module,
    ) -> Local {
        let s = shape(ty, ty_module);
        if s.is_any(ty, ty_module) {
            return Local::Ok;
        }
        let candidates = [
            (Kind::Null, Value::Null),
            (Kind::Boolean, Value::Bool(true)),
            (Kind::Number, Value::from(0)),
            (Kind::String, Value::String(String::new())),
            (Kind::Array, Value::Array(Vec::new())),
            (Kind::Object, Value::Object(Map::new())),
        ];
        match candidates.into_iter().find(|(k, _)| !s.has(*k)) {
            Some((_, v)) => self.object_with_value(obj, m, name, v),
            None => Local::NoWitness("every kind is allowed, but constrained".into()),
        }
    }

    // ----- samples and witnesses ---------------------------------------------------------

    /// Wraps a value at `loc` into a whole instance of the writing side.
    fn wrap(&self, loc: &Loc<'m>, dir: Dir, local: Value) -> Result<Value, String> {
        let m = self.module(dir);
        let mut v = local;
        for frame in loc.frames.iter().rev() {
            v = match frame {
                Frame::Property { name, old, new } => {
                    let obj = if dir == Dir::Backward { *old } else { *new };
                    self.minimal_object(obj, m, None, Some((name, v)), 0)?
                }
                Frame::Item { old, new } => {
                    let arr = if dir == Dir::Backward { *old } else { *new };
                    let len = arr.min.max(1) as usize;
                    let mut items = vec![v];
                    let mut n = 0;
                    while items.len() < len {
                        let next = if arr.unique {
                            self.sample_nth(arr.items, m, n)?
                        } else {
                            self.sample(arr.items, m, 0)?
                        };
                        n += 1;
                        if !arr.unique || !items.contains(&next) {
                            items.push(next);
                        }
                        if n > len + 64 {
                            return Err("cannot find enough distinct items".into());
                        }
                    }
                    Value::Array(items)
                }
            };
        }
        Ok(v)
    }

    /// An instance of `obj` with its required properties and those with defaults, without
    /// `omit`, and with `set` (declared or not) set to its value.
    fn minimal_object(
        &self,
        obj: ObjKind<'m>,
        m: &'m Module,
        omit: Option<&str>,
        set: Option<(&str, Value)>,
        depth: usize,
    ) -> Result<Value, String> {
        if depth > SAMPLE_DEPTH {
            return Err("the type is recursive without a finite instance".into());
        }
        let mut out = Map::new();
        let mut set = set;
        for f in obj.fields {
            if Some(f.wire_name.as_str()) == omit {
                continue;
            }
            if set.as_ref().is_some_and(|(n, _)| *n == f.wire_name) {
                let (_, v) = set.take().expect("checked");
                out.insert(f.wire_name.clone(), v);
                continue;
            }
            if !(f.required || f.default.is_some() || f.default_factory.is_some()) {
                continue;
            }
            let v = match (&f.default, f.default_factory) {
                (Some(d), _) => d.clone(),
                (None, Some(DefaultFactory::Uuid4)) => {
                    Value::String("3f2504e0-4f89-41d3-9a0c-0305e82c3301".into())
                }
                (None, Some(DefaultFactory::Now)) => Value::String("2025-01-27T10:00:00Z".into()),
                (None, None) => self.sample(&f.ty, m, depth + 1)?,
            };
            out.insert(f.wire_name.clone(), v);
        }
        if let Some((n, v)) = set {
            out.insert(n.to_string(), v);
        }
        Ok(Value::Object(out))
    }

    /// A value of `ty` (valid under the writing side's closed schema).
    fn sample(&self, ty: &'m Type, m: &'m Module, depth: usize) -> Result<Value, String> {
        self.sample_shape(&shape(ty, m), m, depth)
    }

    fn sample_shape(&self, s: &Shape<'m>, m: &'m Module, depth: usize) -> Result<Value, String> {
        let mut last = "the type allows no value".to_string();
        for k in VALUE_KINDS {
            if s.has(k) {
                match self.sample_kind(s, k, m, depth) {
                    Ok(v) => return Ok(v),
                    Err(why) => last = why,
                }
            }
        }
        if s.null {
            return Ok(Value::Null);
        }
        Err(last)
    }

    /// The `n`-th distinct sample of `ty` (for arrays and `uniqueItems`).
    fn sample_nth(&self, ty: &'m Type, m: &'m Module, n: usize) -> Result<Value, String> {
        if n == 0 {
            return self.sample(ty, m, 0);
        }
        let s = shape(ty, m);
        let mut found = Vec::new();
        if let Some(k) = &s.string {
            match &k.set {
                StrSet::Finite(values) => found.extend(values.iter().cloned().map(Value::String)),
                StrSet::Constrained(_) => {
                    if let Ok(Some(base)) = strings::sample(&k.set, self.formats) {
                        for i in 0..=n {
                            let cand = format!("{base}{i}");
                            if strings::set_contains(&k.set, &cand, self.formats) == Ok(true) {
                                found.push(Value::String(cand));
                            }
                        }
                        found.insert(0, Value::String(base));
                    }
                }
            }
        }
        if let Some(NumKind { set: Ok(set), .. }) = &s.number {
            match set {
                NumSet::Finite(values) => found.extend(values.iter().map(|r| r.to_value())),
                NumSet::Range(r) => {
                    found.extend(r.members(&[Rat::int(0)]).iter().map(|x| x.to_value()))
                }
            }
        }
        if let Some(b) = s.boolean {
            if b.t {
                found.push(Value::Bool(true));
            }
            if b.f {
                found.push(Value::Bool(false));
            }
        }
        if s.null {
            found.push(Value::Null);
        }
        let mut distinct: Vec<Value> = Vec::new();
        for v in found {
            if !distinct.contains(&v) {
                distinct.push(v);
            }
        }
        distinct
            .into_iter()
            .nth(n)
            .ok_or_else(|| format!("cannot find {} distinct values of the item type", n + 1))
    }

    fn sample_kind(
        &self,
        s: &Shape<'m>,
        k: Kind,
        m: &'m Module,
        depth: usize,
    ) -> Result<Value, String> {
        if depth > SAMPLE_DEPTH {
            return Err("the type is recursive without a finite instance".into());
        }
        let none = || format!("no {} value", kind_name(k));
        match k {
            Kind::Null => Ok(Value::Null),
            Kind::Boolean => match s.boolean {
                Some(b) => Ok(Value::Bool(b.t)),
                None => Err(none()),
            },
            Kind::Number => match &s.number {
                Some(NumKind { set: Ok(set), .. }) => set
                    .sample()
                    .map(|r| r.to_value())
                    .ok_or_else(|| "the numeric bounds allow no value".to_string()),
                Some(NumKind { set: Err(why), .. }) => Err(why.clone()),
                None => Err(none()),
            },
            Kind::String => match &s.string {
                Some(st) => match strings::sample(&st.set, self.formats)? {
                    Some(text) => Ok(Value::String(text)),
                    None => Err("the string constraints allow no value".into()),
                },
                None => Err(none()),
            },
            Kind::Array => match s.array {
                Some(a) => self.sample_array(a, m, a.min, depth),
                None => Err(none()),
            },
            Kind::Object => match s.object {
                Some(o) => self.minimal_object(o, m, None, None, depth + 1),
                None => Err(none()),
            },
        }
    }

    fn sample_array(
        &self,
        a: ArrKind<'m>,
        m: &'m Module,
        len: u64,
        depth: usize,
    ) -> Result<Value, String> {
        if len > 10_000 {
            return Err(format!("an array of {len} items is too long for a witness"));
        }
        let mut items = Vec::new();
        for i in 0..len as usize {
            let v = if a.unique {
                self.sample_nth(a.items, m, i)?
            } else {
                self.sample(a.items, m, depth + 1)?
            };
            items.push(v);
        }
        Ok(Value::Array(items))
    }
}

/// A length keyword: its name, the old and new bounds, and the constraint it makes.
type LengthRow = (
    &'static str,
    Option<u64>,
    Option<u64>,
    fn(u64) -> StrConstraint,
);

/// Whether a type mentions no named type (so it means the same in both modules).
fn ref_free(t: &Type) -> bool {
    match t {
        Type::Ref(_) => false,
        Type::Nullable(inner) => ref_free(inner),
        Type::Array(a) => ref_free(&a.items),
        Type::Map(m) => ref_free(&m.values),
        _ => true,
    }
}

/// A property name declared on neither side, for "additional property" witnesses.
fn extra_key(a: &ObjKind, b: &ObjKind) -> String {
    let mut key = "extra_property".to_string();
    while a.field(&key).is_some() || b.field(&key).is_some() {
        key.push('_');
    }
    key
}

/// Names a bound change after its verdicts.
fn bound_kind(backward: &Local, forward: &Local) -> ChangeKind {
    match (backward.ok(), forward.ok()) {
        (true, true) => ChangeKind::BoundRewritten,
        (true, false) => ChangeKind::BoundRelaxed,
        (false, true) => ChangeKind::BoundTightened,
        (false, false) => ChangeKind::BoundChanged,
    }
}

fn show_opt(s: &Option<String>) -> String {
    match s {
        Some(s) => show_str(s),
        None => "none".into(),
    }
}

fn show_str(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

fn show_u64(n: Option<u64>) -> String {
    n.map_or("none".into(), |n| n.to_string())
}

fn show_values(values: &[String]) -> String {
    let shown: Vec<String> = values.iter().map(|v| show_str(v)).collect();
    format!("[{}]", shown.join(", "))
}

fn show_format(f: Option<Format>) -> String {
    match f {
        None => "none".into(),
        Some(f) => serde_json::to_value(f)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
    }
}

fn describe_str(s: &StrSet) -> String {
    match s {
        StrSet::Finite(values) => show_values(values),
        StrSet::Constrained(st) => describe_string(st),
    }
}

fn show_num(c: &Option<NumConstraint>) -> String {
    match c {
        None => "none".into(),
        Some(NumConstraint::Lower(Bound { at, inclusive })) => {
            format!("{} {}", if *inclusive { "≥" } else { ">" }, at.to_value())
        }
        Some(NumConstraint::Upper(Bound { at, inclusive })) => {
            format!("{} {}", if *inclusive { "≤" } else { "<" }, at.to_value())
        }
        Some(NumConstraint::MultipleOf(m)) => m.to_value().to_string(),
        Some(NumConstraint::Integer) => "integer".into(),
        Some(NumConstraint::Finite(values)) => show_rats(values),
    }
}

fn show_rats(values: &[Rat]) -> String {
    let shown: Vec<String> = values.iter().map(|r| r.to_value().to_string()).collect();
    shown.join(", ")
}

fn show_numset(s: &NumSet) -> String {
    match s {
        NumSet::Finite(values) => format!("constant {}", show_rats(values)),
        NumSet::Range(r) => if r.integer { "integer" } else { "number" }.into(),
    }
}
