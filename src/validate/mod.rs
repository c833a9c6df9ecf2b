//! Definition validation: what CreateStateMachine rejects, worded as AWS words it (asl-reference §15; field
//! placement §1.3, paths §2, Choice §6.1, Wait §7, Retry/Catch §9, Map/Parallel §10, limits §13, Express §14).
//!
//! The checker walks the raw JSON value, keeps going after every problem, and never panics: recursion is
//! bounded by [`MAX_DEPTH`]. Where AWS was measured (the corpus; floci-io/floci #2735, #2786, #2968) messages
//! and locations follow the measurement; where the wording is ours the code says so.

use crate::diagnostic::code::*;
use crate::diagnostic::{Diagnostic, Severity};
use crate::intrinsics::{Call, looks_like_call};
use crate::path::{Path, Root};
use crate::timestamp;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// An EXPRESS machine: no `.sync`, `.waitForTaskToken`, activities or Distributed Map (§14).
    pub express: bool,
}

/// Reads definition text: JSON, or YAML (as SAM/CDK users write it). Text that opens like JSON is read as
/// JSON only, so a JSON typo is reported as one instead of being reinterpreted as YAML.
pub fn parse_text(text: &str) -> Result<Value, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let json_err = match serde_json::from_str(text) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let head = text.trim_start();
    if head.is_empty() || head.starts_with(['{', '[', '"']) {
        return Err(invalid_json(format!("Invalid JSON: {json_err}")));
    }
    match serde_yaml::from_str::<Value>(text) {
        Ok(v @ (Value::Object(_) | Value::Array(_))) => Ok(v),
        // A lone word parses as a YAML string; report it the way AWS's JSON parser does.
        Ok(_) => {
            let token: String = head.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            Err(invalid_json(format!(
                "Unrecognized token '{token}': was expecting (JSON String, Number, Array, Object or token 'null', \
                 'true' or 'false') ({json_err})"
            )))
        }
        Err(e) => Err(invalid_json(format!("Invalid JSON or YAML: {e}"))),
    }
}

fn invalid_json(message: String) -> Diagnostic {
    Diagnostic::error(INVALID_JSON_DESCRIPTION, message, "")
}

/// Every problem found, in the order met; empty means valid.
pub fn validate(definition: &Value, options: &Options) -> Vec<Diagnostic> {
    let mut checker = Checker { express: options.express, ..Checker::default() };
    checker.machine(definition);
    checker.diags
}

/// AWS's InvalidDefinition cause: `Invalid State Machine Definition: 'CODE: msg at loc, CODE: msg at loc'`.
pub fn invalid_definition_message(diags: &[Diagnostic]) -> String {
    let items: Vec<String> =
        diags.iter().filter(|d| d.severity == Severity::Error).map(ToString::to_string).collect();
    format!("Invalid State Machine Definition: '{}'", items.join(", "))
}

mod expression;
mod fields;
#[cfg(test)]
mod tests;
mod variables;

use expression::Reads;
use fields::*;
use variables::Scope;

/// The rule for a Choice comparison operator's operand, or `None` for a name that is no operator (§6.1).
fn operator(op: &str) -> Option<Rule> {
    use crate::choice::{Family, Op};
    let (op, is_path) = crate::choice::operator(op)?;
    Some(match op {
        _ if is_path => Ref,
        Op::StringMatches | Op::Compare(Family::String, ..) => Text,
        Op::Compare(Family::Numeric, ..) => NumX(f64::MIN, f64::MAX),
        Op::Compare(Family::Timestamp, ..) => TimeX,
        _ => Bool,
    })
}

/// An object whose fields were checked; `get` hands out only the ones legal here.
struct Obj<'v> {
    map: &'v Map<String, Value>,
    loc: String,
    ok: Vec<&'v str>,
}

impl<'v> Obj<'v> {
    fn get(&self, name: &str) -> Option<&'v Value> {
        self.ok.contains(&name).then(|| self.map.get(name)).flatten()
    }
    fn has(&self, name: &str) -> bool {
        self.map.contains_key(name)
    }
    fn at(&self, name: &str) -> String {
        format!("{}/{name}", self.loc)
    }
}

/// What the graph check needs from one state: where it can go (target, location) and whether it ends.
#[derive(Default)]
struct Node {
    edges: Vec<(String, String)>,
    terminal: bool,
}

#[derive(Default)]
struct Checker {
    diags: Vec<Diagnostic>,
    /// Also switched on for the children of an EXPRESS Distributed Map.
    express: bool,
    /// Nested states inherit the machine's language, not their Map's or Parallel's (floci #2968).
    machine_lang: Lang,
    /// The language of the state being checked.
    lang: Lang,
    /// Set inside a state that wrongly declares JSONPath: AWS then reports only that (floci #2968).
    lax_lang: bool,
    depth: usize,
    names: HashSet<String>,
    labels: HashSet<String>,
    /// What `$states` offers the `Output` and `Assign` of the object being checked (§3.2).
    outcome: Reads,
    /// The variables assigned in each enclosing `States` block, outermost first (§3.4).
    scopes: Vec<Scope>,
}

impl Checker {
    fn err(&mut self, code: &str, message: impl Into<String>, loc: &str) {
        self.diags.push(Diagnostic::error(code, message, if loc.is_empty() { "/" } else { loc }));
    }

    fn schema(&mut self, message: impl Into<String>, loc: &str) {
        self.err(SCHEMA_VALIDATION_FAILED, message, loc);
    }

    /// Runs `f` one level deeper, or reports TOO_DEEPLY_NESTED instead.
    fn deeper<T: Default>(&mut self, loc: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        if self.depth >= MAX_DEPTH {
            self.err(TOO_DEEPLY_NESTED, "The definition is nested too deeply to be checked", loc);
            return T::default();
        }
        self.depth += 1;
        let out = f(self);
        self.depth -= 1;
        out
    }

    fn typed(&mut self, ok: bool, name: &str, loc: &str) -> bool {
        if !ok {
            self.schema(format!("Expected value of type [{name}]"), loc);
        }
        ok
    }

    fn string<'v>(&mut self, v: &'v Value, loc: &str) -> Option<&'v str> {
        self.typed(v.is_string(), "STRING", loc).then(|| v.as_str()).flatten()
    }

    fn object<'v>(&mut self, v: &'v Value, loc: &str) -> Option<&'v Map<String, Value>> {
        self.typed(v.is_object(), "OBJECT", loc).then(|| v.as_object()).flatten()
    }

    fn array<'v>(&mut self, v: &'v Value, loc: &str, non_empty: bool) -> Option<&'v Vec<Value>> {
        let items = self.typed(v.is_array(), "ARRAY", loc).then(|| v.as_array()).flatten()?;
        if non_empty && items.is_empty() {
            self.schema("Value cannot be empty", loc);
        }
        Some(items)
    }

    fn range(&mut self, n: f64, loc: &str, min: f64, max: f64) {
        if n < min {
            self.schema(format!("Minimum value is {min}"), loc);
        } else if n > max {
            self.schema(format!("Maximum value is {max}"), loc);
        }
    }

    fn required(&mut self, obj: &Obj, names: &[&str]) {
        let missing: Vec<&str> = names.iter().copied().filter(|n| !obj.has(n)).collect();
        match missing.as_slice() {
            [] => {}
            [one] => self.schema(format!("The field '{one}' is required but was missing"), &obj.loc),
            many => self.schema(format!("These fields are required: [{}]", many.join(", ")), &obj.loc),
        }
    }

    /// Checks an object's fields against `table`: unknown or misplaced fields, the other language's fields
    /// (reported at the object for states, at the field inside them), exclusive pairs, then every value rule.
    fn fields<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        loc: &str,
        table: Fields,
        lang_at_field: bool,
    ) -> Obj<'v> {
        let mut keys: Vec<&'v String> = map.keys().collect();
        keys.sort_by_key(|k| table.iter().position(|f| f.0 == k.as_str()).unwrap_or(usize::MAX));
        let wrong = if self.lang == Lang::JsonPath { A } else { P };
        let mut ok = Vec::new();
        for key in keys {
            match table.iter().find(|f| f.0 == key.as_str()).map(|f| f.1) {
                None | Some(Never) => self.schema(format!("Field '{key}' is not supported"), loc),
                Some(only) if only == wrong && !self.lax_lang => {
                    let (this, other) =
                        if wrong == A { ("JSONPath", "JSONata") } else { ("JSONata", "JSONPath") };
                    let message = format!(
                        "The QueryLanguage is set to '{this}', but field '{key}' is only supported for the \
                         '{other}' QueryLanguage"
                    );
                    self.schema(
                        message,
                        &if lang_at_field { format!("{loc}/{key}") } else { loc.to_string() },
                    );
                }
                Some(_) => ok.push(key.as_str()),
            }
        }
        let obj = Obj { map, loc: loc.to_string(), ok };
        for (a, b) in EXCLUSIVE {
            if obj.get(a).is_some() && obj.get(b).is_some() {
                // Wording ours: AWS's text for these pairs was not recorded.
                self.schema(format!("The fields '{a}' and '{b}' are mutually exclusive"), &obj.at(a));
            }
        }
        for &(name, _, rule) in table {
            if let Some(v) = obj.get(name) {
                self.value(rule, v, &obj.at(name), name);
            }
        }
        obj
    }

    fn value(&mut self, rule: Rule, v: &Value, loc: &str, field: &str) {
        let expression = self.lang == Lang::Jsonata && v.as_str().is_some_and(|s| s.starts_with("{%"));
        let reads = if matches!(field, "Output" | "Assign") { self.outcome } else { Reads::Input };
        match rule {
            Custom | Any => {}
            Text => {
                self.string(v, loc);
            }
            Str => {
                if let Some(s) = self.string(v, loc).filter(|_| self.lang == Lang::Jsonata) {
                    self.jsonata(s, loc, reads);
                }
            }
            IntX(..) | NumX(..) | TimeX | ItemsX | CondX if expression => {
                self.jsonata(v.as_str().unwrap_or(""), loc, reads)
            }
            Bool | CondX => {
                self.typed(v.is_boolean(), "BOOLEAN", loc);
            }
            Path if v.is_null() => {}
            Path | Ref => self.path(v, loc, field, matches!(rule, Ref)),
            ResultPath => self.result_path(v, loc),
            Int(min, max) | IntX(min, max) => {
                if self.typed(v.is_i64() || v.is_u64(), "INTEGER", loc) {
                    // A u64 beyond i64 can only be too big.
                    self.range(v.as_i64().map_or(f64::MAX, |n| n as f64), loc, min as f64, max as f64);
                }
            }
            NumX(min, max) => {
                if self.typed(v.is_number(), "NUMBER", loc) {
                    self.range(v.as_f64().unwrap_or(0.0), loc, min, max);
                }
            }
            TimeX => {
                if self.string(v, loc).is_some_and(|s| timestamp::parse(s).is_none()) {
                    self.schema("String does not match RFC3339 timestamp", loc);
                }
            }
            ItemsX => {
                if self.typed(v.is_array(), "ARRAY", loc) {
                    self.scan(v, loc, reads);
                }
            }
            Enum(values) => {
                if self.string(v, loc).is_some_and(|s| !values.contains(&s)) {
                    self.schema(
                        format!("Value should be one of the following: [{}]", values.join(", ")),
                        loc,
                    );
                }
            }
            Strings => {
                for (i, s) in self.array(v, loc, false).into_iter().flatten().enumerate() {
                    self.string(s, &format!("{loc}[{i}]"));
                }
            }
            Template => self.template(v, loc),
            Scan => self.scan(v, loc, reads),
            Payload if self.lang == Lang::JsonPath => self.template(v, loc),
            Payload => self.scan(v, loc, reads),
            Assign => self.assign(v, loc),
            ErrPath => {
                let Some(s) = self.string(v, loc) else { return };
                let ok = if looks_like_call(s) {
                    Call::parse(s).is_ok_and(|c| c.returns_string())
                } else {
                    Path::parse_reference(s).is_ok()
                };
                if !ok {
                    self.schema(dynamic_message(field), loc);
                }
            }
            Label => self.label(v, loc),
        }
    }

    /// A JSONPath, or a reference path for the `…Path` fields, `ItemsPath` and `Variable` (§2.1).
    fn path(&mut self, v: &Value, loc: &str, field: &str, reference: bool) {
        let Some(s) = self.string(v, loc) else { return };
        let parsed = if reference { Path::parse_reference(s) } else { Path::parse(s) };
        if parsed.is_err() {
            let kind = if reference { "ReferencePath" } else { "JSONPath" };
            self.schema(format!("The value for the field '{field}' must be a valid {kind}"), loc);
        }
    }

    /// A reference path into the input or null: not `$$`, not a variable (§2.4).
    fn result_path(&mut self, v: &Value, loc: &str) {
        if v.is_null() {
            return;
        }
        let Some(s) = self.string(v, loc) else { return };
        if !Path::parse_reference(s).is_ok_and(|p| *p.root() == Root::Input) {
            self.schema("The value for the field 'ResultPath' must be a valid ReferencePath", loc);
        }
    }

    /// A JSONPath payload template (§2.3): every `.$` value a path or an intrinsic call, no key twice once the
    /// suffix is stripped. Problems are located at the template field itself, as AWS reports them.
    fn template(&mut self, v: &Value, root: &str) {
        match v {
            Value::Object(map) => {
                let mut seen = HashSet::new();
                for (key, value) in map {
                    let name = key.strip_suffix(".$");
                    if !seen.insert(name.unwrap_or(key)) {
                        let name = name.unwrap_or(key);
                        self.schema(format!("The field '{name}' is defined more than once"), root);
                    }
                    if name.is_none() {
                        self.deeper(root, |c| c.template(value, root));
                    } else if !value.as_str().is_some_and(dynamic_value_ok) {
                        self.schema(dynamic_message(key), root);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|x| self.deeper(root, |c| c.template(x, root))),
            _ => {}
        }
    }

    fn machine(&mut self, def: &Value) {
        let Some(map) = def.as_object() else {
            return self.schema("Definition must be a valid JSON object", "/");
        };
        self.machine_lang = Lang::of(map.get("QueryLanguage"), Lang::JsonPath);
        let top = self.fields(map, "", TOP_FIELDS, true);
        self.block(&top, true);
    }

    /// A `StartAt` + `States` scope (machine, Parallel branch, Map processor): its states, then its graph.
    fn block(&mut self, obj: &Obj, top: bool) {
        self.required(obj, &["States", "StartAt"]);
        let start = obj.get("StartAt").and_then(|v| self.string(v, &obj.at("StartAt")));
        let Some(states) = obj.get("States").and_then(|v| self.object(v, &obj.at("States"))) else { return };
        let scope = self.scope(states);
        self.scopes.push(scope);
        let mut nodes = Vec::with_capacity(states.len());
        for (name, state) in states {
            let loc = format!("{}/States/{name}", obj.loc);
            if name.is_empty() || name.chars().count() > 80 {
                // Wording ours.
                self.err(
                    INVALID_STATE_NAME,
                    format!("State name '{name}' must be 1 to 80 characters long"),
                    &loc,
                );
            }
            if !self.names.insert(name.clone()) {
                self.err(DUPLICATE_STATE_NAME, format!("Duplicate State name: {name}"), &loc);
            }
            if let Some(scope) = self.scopes.last_mut() {
                scope.current.clone_from(name);
            }
            nodes.push((name.as_str(), self.deeper(&loc, |c| c.state(state, &loc))));
        }
        self.scopes.pop();
        let dangling = start.filter(|s| !states.contains_key(*s)).map(|s| (s, obj.at("StartAt")));
        let edges = nodes.iter().flat_map(|(_, n)| &n.edges).map(|(t, at)| (t.as_str(), at.clone()));
        for (target, loc) in dangling.into_iter().chain(edges).filter(|(t, _)| !states.contains_key(*t)) {
            self.err(MISSING_TRANSITION_TARGET, format!("Missing 'Next' target: {target}"), &loc);
        }
        // Only the machine's own block must be able to end; AWS then skips the reachability walk (floci #2786).
        if top && !nodes.iter().any(|(_, n)| n.terminal) {
            self.diags.push(Diagnostic::error(MISSING_END_STATE, "Workflow has no terminal state", ""));
            return;
        }
        let Some(start) = start else { return };
        let index: HashMap<&str, usize> = nodes.iter().enumerate().map(|(i, (n, _))| (*n, i)).collect();
        let mut seen = vec![false; nodes.len()];
        let mut stack: Vec<usize> = index.get(start).copied().into_iter().collect();
        while let Some(i) = stack.pop() {
            if !std::mem::replace(&mut seen[i], true) {
                stack.extend(nodes[i].1.edges.iter().filter_map(|(t, _)| index.get(t.as_str()).copied()));
            }
        }
        for ((name, _), _) in nodes.iter().zip(&seen).filter(|(_, seen)| !**seen) {
            let loc = format!("{}/States/{name}", obj.loc);
            self.err(MISSING_TRANSITION_TARGET, format!("State \"{name}\" is not reachable."), &loc);
        }
    }

    fn state(&mut self, v: &Value, loc: &str) -> Node {
        let mut node = Node::default();
        let Some(map) = self.object(v, loc) else { return node };
        let kind =
            map.get("Type").and_then(Value::as_str).and_then(|t| STATE_TYPES.iter().find(|s| s.0 == t));
        let Some(&(_, kind)) = kind else {
            if map.contains_key("Type") {
                let types: Vec<&str> = STATE_TYPES.iter().map(|t| t.0).collect();
                let message =
                    format!("The field 'Type' should have one of these values: [{}]", types.join(", "));
                self.schema(message, &format!("{loc}/Type"));
            } else {
                self.schema("The field 'Type' is required but was missing", loc);
            }
            // Still follow the plain transition so one bad Type does not cascade into graph errors.
            if let Some(Value::String(next)) = map.get("Next") {
                node.edges.push((next.clone(), format!("{loc}/Next")));
            }
            node.terminal = map.get("End") == Some(&Value::Bool(true));
            return node;
        };
        let lang = Lang::of(map.get("QueryLanguage"), self.machine_lang);
        let downgrade =
            map.contains_key("QueryLanguage") && lang == Lang::JsonPath && self.machine_lang == Lang::Jsonata;
        if downgrade {
            self.schema(
                "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
                loc,
            );
        }
        let outer = (self.lang, self.lax_lang);
        (self.lang, self.lax_lang) = (lang, downgrade);
        let table: Vec<(&str, Only, Rule)> = STATE_FIELDS
            .iter()
            .map(|&(n, types, only, rule)| (n, if types & kind != 0 { only } else { Never }, rule))
            .collect();
        let outcome = if kind & WORK != 0 { Reads::Result } else { Reads::Input };
        let outer_outcome = std::mem::replace(&mut self.outcome, outcome);
        let st = self.fields(map, loc, &table, false);
        self.outcome = outer_outcome;
        if let Some(v) = st.get("Retry") {
            self.retriers(v, &st.at("Retry"));
        }
        if let Some(v) = st.get("Catch") {
            self.catchers(v, &st.at("Catch"), &mut node);
        }
        if kind & FLOW != 0 {
            self.transition(&st, &mut node);
        }
        match kind {
            TASK => self.task(&st),
            PARALLEL => self.parallel(&st),
            MAP => self.map(&st),
            WAIT => self.wait(&st),
            CHOICE => self.choice(&st, &mut node),
            _ => {}
        }
        node.terminal |= kind & (SUCCEED | FAIL) != 0;
        (self.lang, self.lax_lang) = outer;
        node
    }

    /// `Next` or `End: true`, exactly one (wording ours).
    fn transition(&mut self, st: &Obj, node: &mut Node) {
        if let Some(end) = st.get("End") {
            node.terminal =
                self.typed(end.is_boolean(), "BOOLEAN", &st.at("End")) && end == &Value::Bool(true);
        }
        let next = st.get("Next").and_then(|n| self.string(n, &st.at("Next")));
        match (next, node.terminal) {
            (Some(_), true) => {
                self.schema("The fields 'Next' and 'End' are mutually exclusive", &st.at("Next"))
            }
            (None, false) if !st.has("Next") => {
                self.schema("One of the fields [Next, End] is required", &st.loc)
            }
            _ => {}
        }
        if let Some(next) = next {
            node.edges.push((next.to_string(), st.at("Next")));
        }
    }

    /// `ErrorEquals` non-empty; `States.ALL` alone and only in the last entry (§9.3; wording ours).
    fn error_equals(&mut self, obj: &Obj, last: bool, owner: &str) {
        let loc = obj.at("ErrorEquals");
        let Some(names) = obj.get("ErrorEquals").and_then(|v| self.array(v, &loc, true)) else { return };
        for (i, name) in names.iter().enumerate() {
            self.string(name, &format!("{loc}[{i}]"));
        }
        if names.iter().any(|n| n == crate::error::ALL) {
            if names.len() > 1 {
                self.schema("'States.ALL' must be the only element of ErrorEquals", &loc);
            }
            if !last {
                self.schema(format!("'States.ALL' may only appear in the last {owner}"), &loc);
            }
        }
    }

    fn retriers(&mut self, v: &Value, loc: &str) {
        let Some(items) = self.array(v, loc, false) else { return };
        for (i, r) in items.iter().enumerate() {
            let at = format!("{loc}[{i}]");
            let Some(map) = self.object(r, &at) else { continue };
            let retrier = self.fields(map, &at, RETRIER_FIELDS, true);
            self.required(&retrier, &["ErrorEquals"]);
            self.error_equals(&retrier, i + 1 == items.len(), "retrier");
        }
    }

    fn catchers(&mut self, v: &Value, loc: &str, node: &mut Node) {
        let Some(items) = self.array(v, loc, false) else { return };
        for (i, c) in items.iter().enumerate() {
            let at = format!("{loc}[{i}]");
            let Some(map) = self.object(c, &at) else { continue };
            let outer = std::mem::replace(&mut self.outcome, Reads::ErrorOutput);
            let catcher = self.fields(map, &at, CATCHER_FIELDS, true);
            self.outcome = outer;
            self.required(&catcher, &["ErrorEquals", "Next"]);
            self.error_equals(&catcher, i + 1 == items.len(), "catcher");
            if let Some(next) = catcher.get("Next").and_then(|n| self.string(n, &catcher.at("Next"))) {
                node.edges.push((next.to_string(), catcher.at("Next")));
            }
        }
    }

    fn task(&mut self, st: &Obj) {
        self.required(st, &["Resource"]);
        if let Some(r) = st.get("Resource") {
            self.resource(r, &st.at("Resource"));
        }
        let seconds = |f| st.get(f).and_then(Value::as_i64);
        if seconds("HeartbeatSeconds").zip(seconds("TimeoutSeconds")).is_some_and(|(h, t)| h >= t) {
            let message = "HeartbeatSeconds must be smaller than TimeoutSeconds"; // wording ours
            self.schema(message, &st.at("HeartbeatSeconds"));
        }
        let loc = st.at("Credentials");
        let Some(v) = st.get("Credentials") else { return };
        let Some(map) = self.object(v, &loc) else { return };
        let creds = self.fields(map, &loc, CREDENTIALS_FIELDS, true);
        if !creds.has("RoleArn") && !creds.has("RoleArn.$") {
            self.schema("The field 'RoleArn' is required but was missing", &loc);
        }
        if creds.get("RoleArn.$").is_some() {
            self.template(v, &loc);
        }
    }

    /// A Task resource: Lambda function, activity, or `arn:<partition>:states:::<integration>` (§8.1).
    fn resource(&mut self, v: &Value, loc: &str) {
        let Some(arn) = self.string(v, loc) else { return };
        let parts: Vec<&str> = arn.splitn(6, ':').collect();
        let ok = match parts.as_slice() {
            ["arn", partition, "lambda", region, account, rest] => {
                ![partition, region, account].iter().any(|p| p.is_empty()) && rest.starts_with("function:")
            }
            ["arn", partition, "states", region, account, rest]
                if !region.is_empty() && !account.is_empty() =>
            {
                let activity = !partition.is_empty() && rest.starts_with("activity:");
                if activity && self.express {
                    self.schema("Express state machine does not support Activity ARN", loc);
                }
                activity
            }
            ["arn", partition, "states", "", "", rest] => {
                !partition.is_empty() && self.integration(rest, loc)
            }
            _ => false,
        };
        if !ok {
            self.schema(format!("The resource provided {arn} {NOT_RECOGNIZED}"), loc);
        }
    }

    fn integration(&mut self, rest: &str, loc: &str) -> bool {
        let (api, pattern) = rest.find('.').map_or((rest, ""), |i| rest.split_at(i));
        if !["", ".sync", ".sync:2", ".waitForTaskToken"].contains(&pattern) {
            return false;
        }
        if self.express && pattern.starts_with(".sync") {
            self.schema("Express state machine does not support '.sync' service integration", loc);
        }
        if self.express && pattern == ".waitForTaskToken" {
            // AWS's text ends with a space here, hence its double space before " at".
            self.schema(
                "Express state machine does not support '.waitForTaskToken' service integration ",
                loc,
            );
        }
        let words: Vec<&str> = api.split(':').collect();
        match words.as_slice() {
            ["aws-sdk", service, action] => {
                !service.is_empty() && !action.is_empty() && !pattern.starts_with(".sync")
            }
            [service, name] => match INTEGRATIONS.iter().find(|(s, _)| s == service) {
                Some((_, apis)) => apis.contains(&format!("{name}{pattern}").as_str()),
                None => !service.is_empty() && !name.is_empty(),
            },
            _ => false,
        }
    }

    fn parallel(&mut self, st: &Obj) {
        self.required(st, &["Branches"]);
        let Some(branches) = st.get("Branches").and_then(|v| self.array(v, &st.at("Branches"), true)) else {
            return;
        };
        for (i, b) in branches.iter().enumerate() {
            let loc = format!("{}/Branches[{i}]", st.loc);
            if let Some(map) = self.object(b, &loc) {
                let branch = self.fields(map, &loc, BRANCH_FIELDS, true);
                self.deeper(&loc, |c| c.block(&branch, false));
            }
        }
    }

    fn map(&mut self, st: &Obj) {
        if !st.has("ItemProcessor") && !st.has("Iterator") {
            self.schema("The field 'ItemProcessor' is required but was missing", &st.loc);
        }
        for field in ["ItemProcessor", "Iterator"] {
            self.processor(st, field);
        }
        let loc = st.at("ItemReader");
        if let Some(map) = st.get("ItemReader").and_then(|v| self.object(v, &loc)) {
            let reader = self.fields(map, &loc, READER_FIELDS, true);
            self.required(&reader, &["Resource"]);
            if let Some(r) = reader.get("Resource") {
                self.s3_resource(r, &reader.at("Resource"), &["getObject", "listObjectsV2"]);
            }
            if let Some(c) =
                reader.get("ReaderConfig").and_then(|c| self.object(c, &reader.at("ReaderConfig")))
            {
                self.fields(c, &reader.at("ReaderConfig"), READER_CONFIG_FIELDS, true);
            }
        }
        if let Some(map) = st.get("ItemBatcher").and_then(|v| self.object(v, &st.at("ItemBatcher"))) {
            let batcher = self.fields(map, &st.at("ItemBatcher"), BATCHER_FIELDS, true);
            let limits: Vec<&str> = BATCHER_FIELDS[..4].iter().map(|f| f.0).collect();
            if !limits.iter().any(|f| batcher.has(f)) {
                let message = format!("At least one of the fields [{}] is required", limits.join(", "));
                self.schema(message, &batcher.loc);
            }
        }
        if let Some(v) = st.get("ResultWriter") {
            self.result_writer(v, &st.at("ResultWriter"));
        }
    }

    /// A Map's `ItemProcessor` (or legacy `Iterator`) and the states in it.
    fn processor(&mut self, st: &Obj, field: &str) {
        let loc = st.at(field);
        let Some(map) = st.get(field).and_then(|v| self.object(v, &loc)) else { return };
        let processor = self.fields(map, &loc, PROCESSOR_FIELDS, true);
        let config = processor.get("ProcessorConfig");
        let express_children =
            config.is_some_and(|pc| self.processor_config(pc, &processor.at("ProcessorConfig")));
        // Distributed children cannot see the parent's variables (§3.4), so we let them reuse its names;
        // AWS's behaviour here was not measured.
        let distributed = config.and_then(|pc| pc.get("Mode")) == Some(&Value::from("DISTRIBUTED"));
        let hidden = distributed.then(|| std::mem::take(&mut self.scopes));
        let outer = self.express;
        self.express |= express_children;
        self.deeper(&loc, |c| c.block(&processor, false));
        self.express = outer;
        if let Some(scopes) = hidden {
            self.scopes = scopes;
        }
    }

    /// Mode and ExecutionType (§10.2); true when the children run as EXPRESS workflows.
    fn processor_config(&mut self, v: &Value, loc: &str) -> bool {
        let Some(map) = self.object(v, loc) else { return false };
        let pc = self.fields(map, loc, PROCESSOR_CONFIG_FIELDS, true);
        if pc.get("Mode").and_then(Value::as_str) != Some("DISTRIBUTED") {
            return false;
        }
        self.required(&pc, &["ExecutionType"]);
        if self.express {
            // Wording ours: AWS refuses it (§14) but its text was not recorded.
            self.schema("Express state machine does not support Distributed Map", &pc.at("Mode"));
        }
        pc.get("ExecutionType").and_then(Value::as_str) == Some("EXPRESS")
    }

    /// Map Run label rules (§10.5); wording from LocalStack, AWS's text was not recorded.
    fn label(&mut self, v: &Value, loc: &str) {
        let Some(label) = self.string(v, loc) else { return };
        let bad = label.chars().find(|c| c.is_whitespace() || c.is_control() || LABEL_FORBIDDEN.contains(*c));
        if label.is_empty() {
            self.err(INVALID_LABEL_NAME, "Label cannot be empty", loc);
        } else if label.chars().count() > 40 {
            self.err(INVALID_LABEL_NAME, "Label cannot exceed 40 characters", loc);
        } else if let Some(c) = bad {
            self.err(INVALID_LABEL_NAME, format!("Label contains invalid character: '{c}'"), loc);
        } else if !self.labels.insert(label.to_string()) {
            self.err(DUPLICATE_LABEL_NAME, format!("Duplicate Label name: {label}"), loc);
        }
    }

    /// The S3 resource of an ItemReader or ResultWriter: `arn:<partition>:states:::s3:<api>` (§10.4).
    fn s3_resource(&mut self, v: &Value, loc: &str, apis: &[&str]) {
        let Some(arn) = self.string(v, loc) else { return };
        let api = arn.strip_prefix("arn:").and_then(|r| r.split_once(":states:::s3:"));
        if !api.is_some_and(|(partition, api)| {
            !partition.is_empty() && !partition.contains(':') && apis.contains(&api)
        }) {
            self.schema(format!("The resource provided {arn} {NOT_RECOGNIZED}"), loc);
        }
    }

    /// Locations measured on AWS (floci #2786); the wording is ours.
    fn result_writer(&mut self, v: &Value, loc: &str) {
        let Some(map) = self.object(v, loc) else { return };
        let writer = self.fields(map, loc, WRITER_FIELDS, true);
        if !writer.has("Resource") && !writer.has("WriterConfig") {
            self.schema("At least one of the fields [Resource, WriterConfig] is required", loc);
        }
        if let Some(r) = writer.get("Resource") {
            self.s3_resource(r, &writer.at("Resource"), &["putObject"]);
            self.required(&writer, &[if self.lang == Lang::JsonPath { "Parameters" } else { "Arguments" }]);
        }
        for f in ["Bucket", "Prefix"] {
            if let Some(v) = writer.get("Parameters").and_then(|p| p.get(f)) {
                self.string(v, &format!("{loc}/Parameters/{f}"));
            }
        }
        let loc = writer.at("WriterConfig");
        if let Some(map) = writer.get("WriterConfig").and_then(|c| self.object(c, &loc)) {
            let config = self.fields(map, &loc, WRITER_CONFIG_FIELDS, true);
            self.required(&config, &["Transformation", "OutputType"]);
        }
    }

    fn wait(&mut self, st: &Obj) {
        const WAYS: [&str; 4] = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"];
        // Wording ours.
        match WAYS.iter().filter(|f| st.has(f)).collect::<Vec<_>>().as_slice() {
            [] => self.schema(format!("One of the fields [{}] is required", WAYS.join(", ")), &st.loc),
            [_] => {}
            [first, ..] => {
                self.schema(format!("Only one of the fields [{}] may be set", WAYS.join(", ")), &st.at(first))
            }
        }
    }

    fn choice(&mut self, st: &Obj, node: &mut Node) {
        self.required(st, &["Choices"]);
        if let Some(rules) = st.get("Choices").and_then(|v| self.array(v, &st.at("Choices"), true)) {
            for (i, rule) in rules.iter().enumerate() {
                let loc = format!("{}/Choices[{i}]", st.loc);
                self.deeper(&loc, |c| c.rule(rule, &loc, Some(node)));
            }
        }
        if let Some(d) = st.get("Default").and_then(|v| self.string(v, &st.at("Default"))) {
            node.edges.push((d.to_string(), st.at("Default")));
        }
    }

    /// One Choice rule (§6.1, §6.2). `node` is the state for a top-level rule, which needs `Next`; it is `None`
    /// inside `And`/`Or`/`Not`. The operator-count and Variable messages are our wording.
    fn rule(&mut self, v: &Value, loc: &str, node: Option<&mut Node>) {
        let Some(map) = self.object(v, loc) else { return };
        let top = node.is_some();
        let table: Vec<(&str, Only, Rule)> = map
            .keys()
            .map(|k| match k.as_str() {
                "Comment" => (k.as_str(), B, Text),
                "Next" if top => (k.as_str(), B, Custom),
                "Assign" if top => (k.as_str(), B, Assign),
                "Output" if top => (k.as_str(), A, Scan),
                "Condition" => (k.as_str(), A, CondX),
                "Variable" => (k.as_str(), P, Ref),
                "And" | "Or" | "Not" => (k.as_str(), P, Custom),
                op => (op, operator(op).map_or(Never, |_| P), operator(op).unwrap_or(Custom)),
            })
            .collect();
        let rule = self.fields(map, loc, &table, true);
        if let Some(node) = node {
            self.required(&rule, &["Next"]);
            if let Some(next) = rule.get("Next").and_then(|n| self.string(n, &rule.at("Next"))) {
                node.edges.push((next.to_string(), rule.at("Next")));
            }
        }
        if self.lang == Lang::Jsonata {
            return self.required(&rule, &["Condition"]);
        }
        let combinators = ["And", "Or", "Not"].into_iter().filter(|k| rule.has(k)).count();
        let operators = rule.ok.iter().filter(|k| operator(k).is_some()).count();
        if combinators + operators != 1 {
            self.schema(
                "A Choice Rule must contain exactly one of And, Or, Not or a comparison operator",
                loc,
            );
        }
        match (operators > 0, rule.has("Variable")) {
            (true, false) => self.schema("The field 'Variable' is required but was missing", loc),
            (false, true) if combinators > 0 => self.schema("Field 'Variable' is not supported", loc),
            _ => {}
        }
        for f in ["And", "Or"] {
            for (i, r) in
                rule.get(f).and_then(|v| self.array(v, &rule.at(f), true)).into_iter().flatten().enumerate()
            {
                let at = format!("{loc}/{f}[{i}]");
                self.deeper(&at, |c| c.rule(r, &at, None));
            }
        }
        if let Some(r) = rule.get("Not") {
            self.deeper(loc, |c| c.rule(r, &rule.at("Not"), None));
        }
    }
}

fn dynamic_message(field: &str) -> String {
    format!("The value for the field '{field}' must be a valid JSONPath or a valid intrinsic function call")
}

/// A `.$` value: a path when it starts with `$`, else an intrinsic call.
fn dynamic_value_ok(s: &str) -> bool {
    if looks_like_call(s) { Call::parse(s).is_ok() } else { Path::parse(s).is_ok() }
}
