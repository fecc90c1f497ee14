//! Objects: declared properties (`property_added` / `property_removed`, `required`), the
//! undeclared ones (`additionalProperties`, `patternProperties` regions), conditional
//! requirements and property order. The content model enters here: a writer's object that
//! declares properties holds no undeclared one under writers-closed.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Ctx, Dir, Dirs, Family, Local, Walk};
use crate::compat::kinds::ChangeKind;
use crate::compat::model::{token, Cond, Node, Obj, Undeclared};
use crate::compat::sets::{accepts, cond_holds, intersect};
use crate::compat::strings::{self, FormatCheck};
use crate::compat::text::describe_set as describe;

impl Walk<'_> {
    // ----- objects -----------------------------------------------------------------------

    pub(super) fn objects(&mut self, x: &Obj, y: &Obj, ctx: &Ctx) {
        // Every field is compared below; a keyword the model learns must be too.
        let Obj {
            ptr: _,
            props: _,
            patterns: _,
            additional: _,
            writers_close: _,
            required: _,
            conds: _,
        } = x;
        let xw = x.for_writers(self.closed);
        let yw = y.for_writers(self.closed);
        let sides = Sides {
            x,
            y,
            xw: &xw,
            yw: &yw,
        };
        let mut names: Vec<&str> = y.props.iter().map(|p| p.name.as_str()).collect();
        names.extend(
            x.props
                .iter()
                .map(|p| p.name.as_str())
                .filter(|n| y.prop(n).is_none()),
        );
        for name in &names {
            self.property(name, &sides, ctx);
        }
        let required: BTreeSet<&String> = x
            .required
            .iter()
            .chain(&y.required)
            .filter(|r| x.prop(r).is_none() && y.prop(r).is_none())
            .collect();
        for r in required {
            self.requirement(r, &sides, ctx, &format!("{}/required", y.ptr));
        }
        if x.patterns.is_empty() && y.patterns.is_empty() {
            self.undeclared(&sides, ctx);
        } else {
            for dir in [Dir::Backward, Dir::Forward] {
                if ctx.dirs.has(dir) {
                    self.regions(&sides, dir, &names, ctx);
                }
            }
        }
        for (dir, conds) in [(Dir::Backward, &y.conds), (Dir::Forward, &x.conds)] {
            if !ctx.dirs.has(dir) {
                continue;
            }
            let dctx = ctx.dirs(Dirs::only(dir));
            for c in conds {
                self.condition(&sides, dir, c, &dctx);
            }
        }
        let order = |a: &Obj, b: &Obj| -> Vec<String> {
            a.props
                .iter()
                .filter(|p| b.prop(&p.name).is_some())
                .map(|p| p.name.clone())
                .collect()
        };
        let (oa, ob) = (order(x, y), order(y, x));
        if oa != ob {
            self.note(
                ctx,
                format!("{}/properties", y.ptr),
                ChangeKind::PropertyOrderChanged,
                format!(
                    "property order {} → {} (changes the bytes writers emit, not what readers accept)",
                    oa.join(", "),
                    ob.join(", ")
                ),
            );
        }
    }

    /// `required` changes for a name: RequiredAdded (old writers may leave it out) or
    /// RequiredRemoved (new writers may).
    fn requirement(&mut self, name: &str, s: &Sides, ctx: &Ctx, path: &str) {
        let (rx, ry) = (s.x.required.contains(name), s.y.required.contains(name));
        if ry && !rx {
            let backward = self.without(s.xw, name);
            self.emit(
                ctx,
                path.to_string(),
                ChangeKind::RequiredAdded,
                format!("`{name}` is now required"),
                backward,
                Local::Ok,
            );
        } else if rx && !ry {
            let forward = self.without(s.yw, name);
            self.emit(
                ctx,
                path.to_string(),
                ChangeKind::RequiredRemoved,
                format!("`{name}` is now optional"),
                Local::Ok,
                forward,
            );
        }
    }

    /// An instance of `w` without `name` (at the object's location), if `w` allows one.
    fn without(&self, w: &Obj, name: &str) -> Local {
        match self.sampler.object(w, &[], Some(name), 0) {
            Ok(Value::Object(m)) if !m.contains_key(name) => Local::Value(Value::Object(m)),
            Ok(_) => Local::Unknown(format!(
                "`{name}` may be implied by a condition of the other side"
            )),
            Err(why) => Local::NoWitness(why),
        }
    }

    /// One property name of two objects.
    fn property(&mut self, name: &str, s: &Sides, ctx: &Ctx) {
        let (x, y) = (s.x, s.y);
        fn declared<'o>(o: &'o Obj, name: &str) -> Option<&'o crate::compat::model::Prop> {
            o.prop(name).filter(|p| !p.node.is_nothing())
        }
        let (dx, dy) = (declared(x, name), declared(y, name));
        let pctx = ctx.prop(name, x, y);
        match (dx, dy) {
            (Some(px), Some(py)) => {
                self.requirement(name, s, ctx, &py.ptr);
                self.compare(&px.node, &py.node, &pctx);
                // Patterns that also apply to the name, one direction at a time.
                if !x.patterns.is_empty() || !y.patterns.is_empty() {
                    let b = pctx.dirs(Dirs::only(Dir::Backward));
                    for r in y.applicable(name).into_iter().skip(1) {
                        self.compare(&px.node, r, &b);
                    }
                    let f = pctx.dirs(Dirs::only(Dir::Forward));
                    for r in x.applicable(name).into_iter().skip(1) {
                        self.compare(r, &py.node, &f);
                    }
                }
            }
            _ if !x.may_have(name) && !y.may_have(name) => {}
            (_, None) if x.may_have(name) => self.declared_on_one_side(name, s, ctx, &pctx, true),
            _ => self.declared_on_one_side(name, s, ctx, &pctx, false),
        }
    }

    /// A name one side declares (or allows and the other declares `false`) and the other does
    /// not: `property_removed` when the old side is that one, else `property_added`. Where
    /// the other side covers the name with a real schema (a map's values, a pattern), that
    /// schema is compared with the declaration on its own.
    fn declared_on_one_side(
        &mut self,
        name: &str,
        s: &Sides,
        ctx: &Ctx,
        pctx: &Ctx,
        removed: bool,
    ) {
        // `own` declares the name and writes in `own_dir`; `other` writes in the other one.
        let (own, own_w, other, other_w, own_dir, other_dir) = if removed {
            (s.x, s.xw, s.y, s.yw, Dir::Backward, Dir::Forward)
        } else {
            (s.y, s.yw, s.x, s.xw, Dir::Forward, Dir::Backward)
        };
        let decl = own.prop(name).filter(|p| !p.node.is_nothing());
        let values = decl.map_or_else(|| own.applicable(name)[0].clone(), |p| p.node.clone());
        // The declaring side's writers against what the other side's readers accept: only a
        // name they forbid breaks (an open remainder takes any value, a real schema is
        // compared below).
        let own_local = if pctx.dirs.has(own_dir) && own_w.may_have(name) && !other.may_have(name) {
            Local::sampled(self.sampler.sample(&values, 0))
        } else {
            Local::Ok
        };
        // The other side's writers (the name undeclared) against the declaration, then its
        // requirement.
        let mut other_local = if pctx.dirs.has(other_dir) && other_w.may_have(name) {
            self.uncovered(other_w, name, &values, other_dir, pctx)
        } else {
            Local::Ok
        };
        if other_local.ok() && pctx.dirs.has(other_dir) && own.required.contains(name) {
            other_local = match self.without(other_w, name) {
                Local::Value(v) => self.whole(ctx, other_dir, v),
                other => other,
            };
        }
        if let (Some(d), true) = (
            decl.and_then(|p| p.node.notes.default.as_ref()),
            pctx.dirs.both(),
        ) {
            let (kind, detail) = if removed {
                (
                    ChangeKind::DefaultRemoved,
                    format!("default of `{name}` ({}) removed", d.value),
                )
            } else {
                (
                    ChangeKind::DefaultAdded,
                    format!("default of `{name}`: {}", d.value),
                )
            };
            self.note(pctx, d.ptr.clone(), kind, detail);
        }
        let required = if own.required.contains(name) {
            "required"
        } else {
            "optional"
        };
        let what = describe(&values, self.names);
        let (kind, path, detail) = if removed {
            let how = if other.prop(name).is_some() {
                " (now declared `false`: it may never appear)"
            } else if !other.may_have(name) {
                " (undeclared properties are now rejected)"
            } else if !std::ptr::eq(other.applicable(name)[0], &*other.additional) {
                " (now covered by patternProperties)"
            } else if let Undeclared::Ignore = other.undeclared() {
                " (now ignored as an unknown property)"
            } else {
                " (now covered by additionalProperties)"
            };
            (
                ChangeKind::PropertyRemoved,
                decl.or(other.prop(name))
                    .map_or(String::new(), |p| p.ptr.clone()),
                format!("{required} property `{name}` ({what}) removed{how}"),
            )
        } else {
            (
                ChangeKind::PropertyAdded,
                decl.map_or_else(
                    || format!("{}/properties/{}", own.ptr, token(name)),
                    |p| p.ptr.clone(),
                ),
                format!("{required} property `{name}` ({what}) added"),
            )
        };
        let (backward, forward) = if removed {
            (own_local, other_local)
        } else {
            (other_local, own_local)
        };
        self.emit(pctx, path, kind, detail, backward, forward);
        if decl.is_some() {
            for r in other.applicable(name) {
                if real(other, r) {
                    match removed {
                        true => self.compare(&values, r, pctx),
                        false => self.compare(r, &values, pctx),
                    }
                }
            }
        }
    }

    /// The writing side's undeclared values for `name` against a declaration of the reading
    /// side (`values`): an object that declares properties may carry any other name in the
    /// literal reading, and that is folded into the property's change; a map's values or a
    /// pattern's are compared on their own.
    fn uncovered(
        &mut self,
        writer: &Obj,
        name: &str,
        values: &Node,
        dir: Dir,
        pctx: &Ctx,
    ) -> Local {
        let apps = writer.applicable(name);
        if apps.iter().any(|a| real(writer, a)) {
            return Local::Ok;
        }
        let Some(open) = apps.first() else {
            return Local::Ok;
        };
        let dctx = pctx.dirs(Dirs::only(dir));
        let found = self.scratch(|w| match dir {
            Dir::Backward => w.compare(open, values, &dctx),
            Dir::Forward => w.compare(values, open, &dctx),
        });
        Walk::first_failure(&found, dir)
    }

    /// A whole instance for a value built at `ctx`.
    fn whole(&self, ctx: &Ctx, dir: Dir, v: Value) -> Local {
        match self.wrap(ctx, dir, v) {
            Ok(w) => Local::Whole(w),
            Err(why) => Local::NoWitness(format!("could not build a whole instance: {why}")),
        }
    }

    /// Undeclared properties of objects without `patternProperties`.
    fn undeclared(&mut self, s: &Sides, ctx: &Ctx) {
        let (x, y) = (s.x, s.y);
        let key = extra_key(x, y);
        let kctx = ctx.prop(&key, x, y);
        let (cx, cy) = (x.undeclared(), y.undeclared());
        let kind = match (cx, cy) {
            (Undeclared::Values(a), Undeclared::Values(b)) => {
                return self.compare(a, b, &kctx);
            }
            (Undeclared::Forbid, Undeclared::Forbid) | (Undeclared::Ignore, Undeclared::Ignore) => {
                return
            }
            (_, Undeclared::Forbid) | (Undeclared::Ignore, Undeclared::Values(_)) => {
                ChangeKind::AdditionalPropertiesClosed
            }
            (Undeclared::Forbid, _) | (Undeclared::Values(_), Undeclared::Ignore) => {
                ChangeKind::AdditionalPropertiesOpened
            }
        };
        let mut locals = [Local::Ok, Local::Ok];
        for (slot, dir, w, r) in [(0, Dir::Backward, s.xw, y), (1, Dir::Forward, s.yw, x)] {
            if !ctx.dirs.has(dir) || w.additional.is_nothing() {
                continue;
            }
            locals[slot] = if r.additional.is_nothing() {
                match self.sampler.sample(&w.additional, 0) {
                    Ok(v) => self.whole(&kctx, dir, v),
                    Err(why) => Local::NoWitness(why),
                }
            } else {
                let dctx = kctx.dirs(Dirs::only(dir));
                let found = self.scratch(|walk| match dir {
                    Dir::Backward => walk.compare(&w.additional, &r.additional, &dctx),
                    Dir::Forward => walk.compare(&r.additional, &w.additional, &dctx),
                });
                Walk::first_failure(&found, dir)
            };
        }
        let [backward, forward] = locals;
        let text = |u: Undeclared| match u {
            Undeclared::Forbid => "false".to_string(),
            Undeclared::Ignore => "ignored".to_string(),
            Undeclared::Values(v) => describe(v, self.names),
        };
        let detail = format!("undeclared properties: {} → {}", text(cx), text(cy));
        self.emit(
            ctx,
            format!("{}/additionalProperties", y.ptr),
            kind,
            detail,
            backward,
            forward,
        );
    }

    /// Undeclared names region by region (`patternProperties` languages and the
    /// `additionalProperties` remainder), one direction.
    fn regions(&mut self, s: &Sides, dir: Dir, declared: &[&str], ctx: &Ctx) {
        let (w, r) = match dir {
            Dir::Backward => (s.xw, s.y),
            Dir::Forward => (s.yw, s.x),
        };
        let dctx = ctx.dirs(Dirs::only(dir));
        let declared: Vec<String> = declared.iter().map(|d| d.to_string()).collect();
        let regions = |o: &Obj| -> Vec<(Vec<String>, Vec<String>, Node, &'static str)> {
            let mut out: Vec<_> = o
                .patterns
                .iter()
                .map(|(p, s)| (vec![p.clone()], Vec::new(), s.clone(), "patternProperties"))
                .collect();
            let all = o.patterns.iter().map(|(p, _)| p.clone()).collect();
            out.push((
                Vec::new(),
                all,
                (*o.additional).clone(),
                "additionalProperties",
            ));
            out
        };
        for (wpos, wneg, wnode, _) in regions(w) {
            if wnode.is_nothing() {
                continue;
            }
            for (rpos, rneg, rnode, rkw) in regions(r) {
                if rnode.any {
                    continue;
                }
                let pos: Vec<String> = wpos.iter().chain(&rpos).cloned().collect();
                let neg: Vec<String> = wneg.iter().chain(&rneg).cloned().collect();
                let name = match strings::find_matching(&pos, &neg, &declared, self.formats) {
                    Ok(Some(n)) => n,
                    Ok(None) => continue,
                    Err(why) => {
                        let path = format!("{}/patternProperties", s.y.ptr);
                        self.emit_dir(
                            &dctx,
                            dir,
                            path,
                            ChangeKind::Undecidable,
                            "property names".into(),
                            Local::Unknown(why),
                        );
                        continue;
                    }
                };
                let nctx = dctx.prop(&name, s.x, s.y);
                if rnode.is_nothing() {
                    let local = Local::sampled(self.sampler.sample(&wnode, 0));
                    let kind = Family::Additional
                        .failure(dir == Dir::Backward, dir == Dir::Forward)
                        .unwrap_or(ChangeKind::Undecidable);
                    let detail = format!("undeclared properties such as `{name}`");
                    let path = format!("{}/{rkw}", s.y.ptr);
                    self.emit_dir(&nctx, dir, path, kind, detail, local);
                } else {
                    match dir {
                        Dir::Backward => self.compare(&wnode, &rnode, &nctx),
                        Dir::Forward => self.compare(&rnode, &wnode, &nctx),
                    }
                }
            }
        }
    }

    /// A one-direction change.
    fn emit_dir(
        &mut self,
        ctx: &Ctx,
        dir: Dir,
        path: String,
        kind: ChangeKind,
        detail: String,
        local: Local,
    ) {
        let (b, f) = match dir {
            Dir::Backward => (local, Local::Ok),
            Dir::Forward => (Local::Ok, local),
        };
        self.emit(ctx, path, kind, detail, b, f);
    }

    /// A conditional requirement of the reading side against the writing side's objects.
    fn condition(&mut self, s: &Sides, dir: Dir, c: &Cond, ctx: &Ctx) {
        let w = match dir {
            Dir::Backward => s.xw,
            Dir::Forward => s.yw,
        };
        let path = match dir {
            Dir::Backward => c.ptr.clone(),
            Dir::Forward => format!("{}/required", s.y.ptr),
        };
        for (holds, need) in [(true, &c.then_req), (false, &c.else_req)] {
            for req in need.iter().filter(|q| !w.required.contains(*q)) {
                if holds && implied(w, c, req) {
                    continue;
                }
                let mut found = None;
                for cand in self.sampler.condition_candidates(w, c, holds, req) {
                    if let Value::Object(m) = &cand {
                        let mut wn = Node::nothing("");
                        wn.objects.push(w.clone());
                        if !m.contains_key(req)
                            && cond_holds(c, m, self.formats) == holds
                            && accepts(&wn, &cand, self.formats)
                        {
                            found = Some(cand);
                            break;
                        }
                    }
                }
                let local = match found {
                    Some(v) => Local::Value(v),
                    None if !holds || !cannot_hold(w, c, self.formats) => Local::Unknown(format!(
                        "cannot decide whether the condition of `{}` can leave out `{req}`",
                        c.ptr
                    )),
                    None => continue,
                };
                let when = if holds {
                    "when the condition holds"
                } else {
                    "when the condition does not hold"
                };
                let kind = Family::Conditional
                    .failure(dir == Dir::Backward, dir == Dir::Forward)
                    .unwrap_or(ChangeKind::Undecidable);
                let detail = format!("an object without `{req}` {when}");
                self.emit_dir(ctx, dir, path.clone(), kind, detail, local);
            }
        }
    }
}

/// The two objects compared and their writers' views.
struct Sides<'s> {
    x: &'s Obj,
    y: &'s Obj,
    xw: &'s Obj,
    yw: &'s Obj,
}

/// Whether `s`, a schema that applies to a name of `o`, is a real schema (a pattern's, or
/// the `additionalProperties` of a map or a partly open object) rather than the open
/// remainder of an object that declares properties.
fn real(o: &Obj, s: &Node) -> bool {
    if s.is_nothing() {
        return false;
    }
    let remainder = std::ptr::eq(s, &*o.additional);
    !(remainder && matches!(o.undeclared(), Undeclared::Ignore))
}

/// A property name declared on neither side, for "undeclared property" witnesses.
fn extra_key(a: &Obj, b: &Obj) -> String {
    let mut key = "extra_property".to_string();
    while a.prop(&key).is_some() || b.prop(&key).is_some() {
        key.push('_');
    }
    key
}

/// Whether `x` itself requires `r` whenever `c` holds (a condition of its own with a weaker
/// or equal trigger).
fn implied(x: &Obj, c: &Cond, r: &str) -> bool {
    x.conds.iter().any(|d| {
        d.then_req.contains(r)
            && d.when_required.is_subset(&c.when_required)
            && d.when_props.iter().all(|(n, s)| {
                c.when_props.iter().any(|(m, t)| {
                    m == n
                        && format!("{s:?}").replace(&s.ptr, "")
                            == format!("{t:?}").replace(&t.ptr, "")
                })
            })
    })
}

/// Whether `c` never holds for instances of `x`.
fn cannot_hold(x: &Obj, c: &Cond, formats: &dyn FormatCheck) -> bool {
    c.when_required.iter().any(|n| !x.may_have(n))
        || c.when_props.iter().any(|(n, s)| {
            (x.required.contains(n) || c.when_required.contains(n))
                && x.applicable(n)
                    .iter()
                    .any(|a| intersect(a, s, formats).is_some_and(|i| i.is_nothing()))
        })
}
