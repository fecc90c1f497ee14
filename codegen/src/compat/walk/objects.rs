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
use crate::compat::strings::{self, FormatCheck, StrAnswer, StrConstraint};
use crate::compat::text::{describe_set as describe, show_u64};

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
            names: _,
            min_props: _,
            max_props: _,
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
            self.names_and_counts(&sides, dir, &dctx);
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
            o.prop(name)
                .filter(|p| !p.node.is_nothing() && o.may_have(name))
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
        let decl = own
            .prop(name)
            .filter(|p| !p.node.is_nothing() && own.may_have(name));
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
            if !ctx.dirs.has(dir) || matches!(w.undeclared(), Undeclared::Forbid) {
                continue;
            }
            locals[slot] = if matches!(r.undeclared(), Undeclared::Forbid) {
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
                if !holds
                    && w.conds
                        .iter()
                        .any(|d| d.same_test(c) && d.else_req.contains(req))
                {
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
        for (holds, node) in [(true, &c.then_node), (false, &c.else_node)] {
            let Some(t) = node else { continue };
            let key = if holds { "then" } else { "else" };
            let same = w.conds.iter().any(|d| {
                d.same_test(c)
                    && d.canonical.get(key) == c.canonical.get(key)
                    && if holds {
                        d.then_node.is_some()
                    } else {
                        d.else_node.is_some()
                    }
            });
            if same {
                continue;
            }
            let local = self.conditional_schema(w, c, t, holds);
            if local.ok() {
                continue;
            }
            let when = if holds {
                "when the condition holds"
            } else {
                "when the condition does not hold"
            };
            let kind = Family::ConditionalSchema
                .failure(dir == Dir::Backward, dir == Dir::Forward)
                .unwrap_or(ChangeKind::Undecidable);
            let detail = format!("objects must match the schema at #{} {when}", t.ptr);
            let at = match dir {
                Dir::Backward => c.ptr.clone(),
                Dir::Forward => s.y.ptr.clone(),
            };
            self.emit_dir(ctx, dir, at, kind, detail, local);
        }
    }

    /// Whether the objects of `w` for which `c` holds (`holds`) or fails match `t`; the
    /// counterexample otherwise.
    fn conditional_schema(&self, w: &Obj, c: &Cond, t: &Node, holds: bool) -> Local {
        let undecided = || {
            Local::Unknown(format!(
                "cannot decide whether the objects {} the condition at #{} match its schema",
                if holds { "meeting" } else { "failing" },
                c.ptr
            ))
        };
        let whole = |o: &Obj| {
            let mut n = Node::nothing(&o.ptr);
            n.objects.push(o.clone());
            n
        };
        let candidates = if holds {
            if cannot_hold(w, c, self.formats) {
                return Local::Ok;
            }
            // The objects of `w` restricted to the condition.
            let Some(wc) = restricted(w, c, self.formats) else {
                return undecided();
            };
            vec![wc]
        } else {
            let always =
                c.when_props.is_empty() && c.when_required.iter().all(|n| w.required.contains(n));
            if always {
                return Local::Ok;
            }
            let mut cands = vec![w.clone()];
            cands.extend(failing(w, c, self.formats));
            cands
        };
        for (i, cand) in candidates.iter().enumerate() {
            match self.within(&whole(cand), t, false) {
                // Every object of `w` (or of `w` meeting the condition) matches `t`.
                Local::Ok if i == 0 => return Local::Ok,
                Local::Ok => continue,
                Local::Whole(v) | Local::Value(v) => {
                    let ok = matches!(&v, Value::Object(m)
                        if cond_holds(c, m, self.formats) == holds)
                        && accepts(&whole(w), &v, self.formats)
                        && !accepts(t, &v, self.formats);
                    if ok {
                        return Local::Value(v);
                    }
                }
                Local::NoWitness(_) | Local::Unknown(_) => {}
            }
        }
        undecided()
    }

    /// `propertyNames`, `minProperties` and `maxProperties` of the reading side against the
    /// writing side's objects, one direction.
    fn names_and_counts(&mut self, s: &Sides, dir: Dir, ctx: &Ctx) {
        let (w, r) = match dir {
            Dir::Backward => (s.xw, s.y),
            Dir::Forward => (s.yw, s.x),
        };
        if let Some(names) = &r.names {
            let local = self.names_local(w, names);
            if !local.ok() {
                let kind = Family::Names
                    .failure(dir == Dir::Backward, dir == Dir::Forward)
                    .unwrap_or(ChangeKind::Undecidable);
                let strings = Node {
                    strings: names.strings.clone(),
                    ..Node::nothing(&names.ptr)
                };
                let what = if names.any {
                    "any string".to_string()
                } else {
                    describe(&strings, self.names)
                };
                let detail = format!("property names must be {what}");
                let path = format!("{}/propertyNames", s.y.ptr);
                self.emit_dir(ctx, dir, path, kind, detail, local);
            }
        }
        if r.min_props > w.min_props {
            let local = self.fewest(w, r.min_props);
            if !local.ok() {
                let kind = Family::bound(dir != Dir::Backward, dir != Dir::Forward);
                let detail = format!("minProperties: {} → {}", s.x.min_props, s.y.min_props);
                let path = format!("{}/minProperties", s.y.ptr);
                self.emit_dir(ctx, dir, path, kind, detail, local);
            }
        }
        if let Some(hi) = r.max_props {
            let local = self.most(w, hi);
            if !local.ok() {
                let kind = Family::bound(dir != Dir::Backward, dir != Dir::Forward);
                let detail = format!(
                    "maxProperties: {} → {}",
                    show_u64(s.x.max_props),
                    show_u64(s.y.max_props)
                );
                let path = format!("{}/maxProperties", s.y.ptr);
                self.emit_dir(ctx, dir, path, kind, detail, local);
            }
        }
    }

    /// Whether every name an object of `w` may carry is in `names`.
    fn names_local(&self, w: &Obj, names: &Node) -> Local {
        let node_of = |o: &Obj| {
            let mut n = Node::nothing(&o.ptr);
            n.objects.push(o.clone());
            n
        };
        let with = |name: &str| -> Local {
            let mut v = Node::any("");
            for a in w.applicable(name) {
                match intersect(&v, a, self.formats) {
                    Some(x) => v = x,
                    None => return Local::Unknown("overlapping property schemas".into()),
                }
            }
            let value = match self.sampler.sample(&v, 0) {
                Ok(x) => x,
                Err(why) => return Local::NoWitness(why),
            };
            match self
                .sampler
                .object(w, &[(name.to_string(), value)], None, 0)
            {
                Ok(o) if accepts(&node_of(w), &o, self.formats) => Local::Value(o),
                Ok(_) => {
                    Local::Unknown(format!("cannot build an object with the property `{name}`"))
                }
                Err(why) => Local::NoWitness(why),
            }
        };
        let allowed = |name: &str| accepts(names, &Value::String(name.into()), self.formats);
        for p in &w.props {
            if w.may_have(&p.name) && !allowed(&p.name) {
                return with(&p.name);
            }
        }
        if w.additional.is_nothing() && w.patterns.iter().all(|(_, s)| s.is_nothing()) {
            return Local::Ok;
        }
        if let Some(own) = &w.names {
            if self.within(own, names, true).ok() {
                return Local::Ok;
            }
        }
        if !w.patterns.is_empty() || w.additional.is_nothing() {
            return Local::Unknown(
                "`propertyNames` against `patternProperties` is not decided".into(),
            );
        }
        // Undeclared names: any string the writer's own `propertyNames` allows.
        let declared: Vec<String> = w.props.iter().map(|p| p.name.clone()).collect();
        let plain = [crate::compat::model::Str::plain()];
        let own: &[crate::compat::model::Str] = match &w.names {
            Some(n) if n.any => &plain,
            Some(n) => &n.strings,
            None => &plain,
        };
        let readers: &[crate::compat::model::Str] = if names.any { &plain } else { &names.strings };
        for o in own {
            let mut avoid = declared.clone();
            avoid.extend(o.excluded.iter().cloned());
            // A name outside every string set of the reader.
            let found = match readers {
                [] => strings::sample_avoiding(&o.set(), &avoid, self.formats)
                    .map_err(|e| e.to_string()),
                [r] => {
                    let mut hit = None;
                    let mut cs: Vec<StrConstraint> = match &r.finite {
                        Some(v) => vec![StrConstraint::Finite(v.clone())],
                        None => strings::constraints_of(&r.st),
                    };
                    if !r.excluded.is_empty() {
                        // A value the reader takes out, if the writer allows it.
                        hit = r
                            .excluded
                            .iter()
                            .find(|e| o.contains(e, self.formats) && !declared.contains(e))
                            .cloned();
                    }
                    let mut err = None;
                    for c in cs.drain(..) {
                        if hit.is_some() {
                            break;
                        }
                        match strings::subset_avoiding(&o.set(), &c, &avoid, self.formats) {
                            StrAnswer::Yes => {}
                            StrAnswer::No(s) => hit = Some(s),
                            StrAnswer::Unknown(why) => err = Some(why),
                        }
                    }
                    match (hit, err) {
                        (Some(h), _) => Ok(Some(h)),
                        (None, Some(why)) => Err(why),
                        (None, None) => Ok(None),
                    }
                }
                _ => Err("names against a union of string sets are not decided".into()),
            };
            match found {
                Ok(None) => {}
                Ok(Some(name)) => return with(&name),
                Err(why) => return Local::Unknown(why),
            }
        }
        Local::Ok
    }

    /// Whether every object of `w` has at least `lo` properties.
    fn fewest(&self, w: &Obj, lo: u64) -> Local {
        if w.min_props >= lo || w.required.len() as u64 >= lo {
            return Local::Ok;
        }
        let mut n = Node::nothing(&w.ptr);
        n.objects.push(w.clone());
        match self.sampler.object(w, &[], None, 0) {
            Ok(v)
                if v.as_object().is_some_and(|m| (m.len() as u64) < lo)
                    && accepts(&n, &v, self.formats) =>
            {
                Local::Value(v)
            }
            _ => Local::Unknown(format!(
                "cannot decide whether every object has {lo} properties"
            )),
        }
    }

    /// Whether every object of `w` has at most `hi` properties.
    fn most(&self, w: &Obj, hi: u64) -> Local {
        if w.max_props.is_some_and(|m| m <= hi) {
            return Local::Ok;
        }
        let closed = w.additional.is_nothing() && w.patterns.iter().all(|(_, s)| s.is_nothing());
        if closed && w.props.iter().filter(|p| w.may_have(&p.name)).count() as u64 <= hi {
            return Local::Ok;
        }
        let mut n = Node::nothing(&w.ptr);
        n.objects.push(w.clone());
        let crowded = Obj {
            min_props: hi + 1,
            ..w.clone()
        };
        match self.sampler.object(&crowded, &[], None, 0) {
            Ok(v)
                if v.as_object().is_some_and(|m| (m.len() as u64) > hi)
                    && accepts(&n, &v, self.formats) =>
            {
                Local::Value(v)
            }
            _ => Local::Unknown(format!(
                "cannot decide whether every object has at most {hi} properties"
            )),
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
    let free = |k: &str| a.prop(k).is_none() && b.prop(k).is_none();
    let allowed = |k: &str| free(k) && a.name_allowed(k) && b.name_allowed(k);
    // A name both sides' `propertyNames` allow, where one is easy to find.
    let short = [
        "extra_property",
        "extra",
        "x",
        "a",
        "b",
        "k",
        "z",
        "1",
        "aa",
        "ab",
        "ba",
        "bb",
    ];
    if let Some(k) = short.iter().find(|k| allowed(k)) {
        return k.to_string();
    }
    let mut key = "extra_property".to_string();
    while !free(&key) {
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

/// The objects of `w` for which `c` holds: its names required, its values in place.
fn restricted(w: &Obj, c: &Cond, formats: &dyn FormatCheck) -> Option<Obj> {
    let mut o = w.clone();
    o.required.extend(c.when_required.iter().cloned());
    for (n, s) in &c.when_props {
        match o.props.iter_mut().find(|p| &p.name == n) {
            Some(p) => p.node = intersect(&p.node, s, formats)?,
            None => {
                let mut t = s.clone();
                for a in w.applicable(n) {
                    t = intersect(&t, a, formats)?;
                }
                o.props.push(crate::compat::model::Prop {
                    name: n.clone(),
                    ptr: s.ptr.clone(),
                    node: t,
                });
            }
        }
    }
    Some(o)
}

/// Objects of `w` for which `c` fails, one way each: a name it needs left out, a value it
/// tests taken outside what it needs.
fn failing(w: &Obj, c: &Cond, formats: &dyn FormatCheck) -> Vec<Obj> {
    let mut out = Vec::new();
    for n in &c.when_required {
        if !w.required.contains(n) {
            let mut o = w.clone();
            let gone = Node::nothing(&o.ptr);
            match o.props.iter_mut().find(|p| &p.name == n) {
                Some(p) => p.node = gone,
                None => o.props.push(crate::compat::model::Prop {
                    name: n.clone(),
                    ptr: o.ptr.clone(),
                    node: gone,
                }),
            }
            out.push(o);
        }
    }
    for (n, s) in &c.when_props {
        let Some(p) = w.prop(n) else { continue };
        if let Some(rest) = crate::compat::sets::subtract(&p.node, s, formats) {
            if !rest.is_nothing() {
                let mut o = w.clone();
                o.required.insert(n.clone());
                if let Some(q) = o.props.iter_mut().find(|q| &q.name == n) {
                    q.node = rest;
                }
                out.push(o);
            }
        }
    }
    out
}
